/// SPEC C1: capacity of the classical Hopfield network.
[<RequireQualifiedAccess>]
module AssociativeKernels.Core.Hopfield

open System

let private info : FormulaInfo =
    { Id = "hopfield-classical"
      Equation = "DAM §2 (K_max ≈ 0.138 N; Amit et al. 1985)"
      Kind = "capacity (replica theory, thermodynamic limit)"
      Summary = "classical Hopfield capacity ≈ 0.138 N"
      Parameters = [ Formula.whole "N" 1 ]
      Regime = "N ≫ 1 (thermodynamic limit); in range for N ≥ 100" }

/// The classical Hopfield network stores about 0.138 N random patterns (DAM §2, "K_max ≈ 0.14 N",
/// from the replica analysis of Amit, Gutfreund & Sompolinsky 1985; SPEC C1). N ≥ 1; the constant is
/// a thermodynamic-limit result, in range for N ≥ 100. The value is the decimal product 0.138 × N
/// rounded once to a double (13.8 at N = 100; e^{ln 0.138 + ln N} gave 13.800000000000008).
[<CompiledName("Classical")>]
let classical (n: int) : Bound =
    Validate.atLeast "N" 1 n
    Bound.make info (n >= 100) (Magnitude.Exactly(Double.Parse((0.138m * decimal n).ToString(Globalization.CultureInfo.InvariantCulture), Globalization.CultureInfo.InvariantCulture)))

/// C1 in the registry.
[<CompiledName("ClassicalFormula")>]
let classicalFormula = Formula.make info (fun a -> classical (Formula.intArg a "N"))
