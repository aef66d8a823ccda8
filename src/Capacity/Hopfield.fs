/// SPEC C1: capacity of the classical Hopfield network.
[<RequireQualifiedAccess>]
module AssociativeKernels.Core.Hopfield

open System

/// The classical Hopfield network stores about 0.138 N random patterns (DAM §2, "K_max ≈ 0.14 N",
/// from the replica analysis of Amit, Gutfreund & Sompolinsky 1985; SPEC C1). N ≥ 1; the constant is
/// a thermodynamic-limit result, flagged in regime for N ≥ 100.
[<CompiledName("Classical")>]
let classical (n: int) : Bound =
    Validate.atLeast "N" 1 n
    Bound.make "hopfield-classical" "DAM §2 (K_max ≈ 0.138 N; Amit et al. 1985)"
        "N ≫ 1 (thermodynamic limit); flagged for N ≥ 100" (n >= 100) (Math.Log 0.138 + Math.Log(float n))
