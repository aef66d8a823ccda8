/// SPEC C7: the erfc approximations behind the Exp-β capacity bounds (KMN App. E.2.3).
[<RequireQualifiedAccess>]
module AssociativeKernels.Core.Erfc

open System
open AssociativeKernels.Core.SpecialFunctions

/// ln of KMN Eq. 85 truncated after `terms` terms: erfc(x) ≈ e^{−x²}/(√π x) Σ_{n<terms} (−1)^n (2n−1)!!/(2x²)^n.
/// The series diverges; its terms shrink only while n ≲ x², so x > 0 and 1 ≤ terms ≤ ⌊x²⌋ + 1.
[<CompiledName("LogAsymptotic")>]
let logAsymptotic (x: float) (terms: int) : float =
    Validate.positive "x" x
    Validate.between "terms" 1 (int (Math.Min(1e6, Math.Floor(x * x))) + 1) terms
    let mutable term = 1.0
    let mutable sum = 1.0
    for n in 1 .. terms - 1 do
        term <- -term * float (2 * n - 1) / (2.0 * x * x)
        sum <- sum + term
    if sum <= 0.0 then
        raise (ArgumentOutOfRangeException("terms", terms, sprintf "terms = %d: the truncated series is not positive at x = %s; use fewer terms." terms (Validate.show x)))
    -(x * x) - 0.5 * Math.Log Math.PI - Math.Log x + Math.Log sum

/// ln of the right-hand side of KMN Eq. 86, erfc(x)^{−1} ≥ √π x e^{x²} (the inverse zeroth-order
/// term of Eq. 85), which holds for every x > 0.
[<CompiledName("LogInverseLowerBound")>]
let logInverseLowerBound (x: float) : float =
    Validate.positive "x" x
    0.5 * Math.Log Math.PI + Math.Log x + x * x

/// ln of 1/erfc(x), the quantity Eq. 86 bounds from below.
[<CompiledName("LogInverse")>]
let logInverse (x: float) : float =
    Validate.finite "x" x
    -(logErfc x)
