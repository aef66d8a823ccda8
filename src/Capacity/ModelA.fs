/// SPEC C3: capacity of LAM's model A (dense associative memory with N_h hidden neurons).
[<RequireQualifiedAccess>]
module AssociativeKernels.Core.ModelA

open System

/// Model A with F(x) = x^n stores N_mem ≈ min(N_f^{n−1}, N_h) memories (LAM Eq. 9: the dense
/// memory's N_f^{n−1} scaling, capped by the number of hidden neurons). n ≥ 2, N_f ≥ 1, and N_h a
/// whole number ≥ 1 (a double, since hidden layers larger than 2³¹ are meaningful here).
/// A scaling law without constant; flagged in regime for N_f ≥ 100.
[<CompiledName("Capacity")>]
let capacity (n: int) (nf: int) (nh: float) : Bound =
    Validate.atLeast "n" 2 n
    Validate.atLeast "Nf" 1 nf
    Validate.wholeBetween "Nh" 1.0 Double.MaxValue nh
    Bound.make "model-a" "LAM Eq. 9 (N_mem ~ min(N_f^{n−1}, N_h))" "N_f ≫ 1 (scaling law); flagged for N_f ≥ 100"
        (nf >= 100) (Math.Min(float (n - 1) * Math.Log(float nf), Math.Log nh))
