/// SPEC C3: capacity of LAM's model A (dense associative memory with N_h hidden neurons).
[<RequireQualifiedAccess>]
module AssociativeKernels.Core.ModelA

open System
open System.Numerics

let private info : FormulaInfo =
    { Id = "model-a"
      Equation = "LAM Eq. 9 (N_mem ~ min(N_f^{n−1}, N_h))"
      Kind = "capacity (scaling law, no constant)"
      Summary = "model A capacity min(N_f^{n−1}, N_h)"
      Parameters =
        [ Formula.whole "n" 2
          Formula.whole "Nf" 1
          Formula.parameter "Nh" "whole number in [1, ∞)" (fun name _ x -> Validate.wholeBetween name 1.0 Double.MaxValue x) ]
      Regime = "N_f ≫ 1 (scaling law); in range for N_f ≥ 100" }

/// Model A with F(x) = x^n stores N_mem ≈ min(N_f^{n−1}, N_h) memories (LAM Eq. 9: the dense
/// memory's N_f^{n−1} scaling, capped by the number of hidden neurons). n ≥ 2, N_f ≥ 1, and N_h a
/// whole number ≥ 1 (a double, since hidden layers larger than 2³¹ are meaningful here).
/// A scaling law without constant; in range for N_f ≥ 100. The value is exact (N_f^{n−1} an integer
/// power, rounded once to a double) wherever it is below 2^1024.
[<CompiledName("Capacity")>]
let capacity (n: int) (nf: int) (nh: float) : Bound =
    Validate.atLeast "n" 2 n
    Validate.atLeast "Nf" 1 nf
    Validate.wholeBetween "Nh" 1.0 Double.MaxValue nh
    let lnPower = float (n - 1) * Math.Log(float nf)
    let magnitude =
        if lnPower >= 710.0 then Magnitude.Exactly nh // N_f^{n−1} > e^710 > Double.MaxValue ≥ N_h
        else
            // N_f^{n−1} < e^710 has at most 1025 bits: compared with N_h exactly as integers, and when it is the
            // smaller, parsed to the nearest double (it is then below N_h ≤ Double.MaxValue).
            let power = BigInteger.Pow(BigInteger nf, n - 1)
            if BigInteger nh <= power then Magnitude.Exactly nh
            else Magnitude.Exactly(Double.Parse(power.ToString(), Globalization.CultureInfo.InvariantCulture))
    Bound.make info (nf >= 100) magnitude

/// C3 in the registry.
[<CompiledName("CapacityFormula")>]
let capacityFormula = Formula.make info (fun a -> capacity (Formula.intArg a "n") (Formula.intArg a "Nf") a.["Nh"])
