/// SPEC C4 and C5: capacity scaling of kernel memory networks from the dimension of the feature
/// space (KMN §3.2, App. A). A linear classifier in D dimensions stores M_max ≈ 2D random patterns
/// (Cover 1965; KMN §3.2), so each bound here is 2 × (number of independent features on ±1 inputs),
/// capped by the 2^N distinct ±1 patterns that exist.
[<RequireQualifiedAccess>]
module AssociativeKernels.Core.VcDimension

open System
open AssociativeKernels.Core.SpecialFunctions

let private regime = "M_max ≈ 2 D_VC (Cover's counting, N ≫ 1); flagged for N ≥ 20"

/// Linear kernel: D_VC = N, so M_max ≈ 2N (KMN §3.2). N ≥ 1.
[<CompiledName("Linear")>]
let linear (n: int) : Bound =
    Validate.atLeast "N" 1 n
    Bound.make "vc-linear" "KMN §3.2 (M_max ≈ 2 D_VC, D_VC = N)" regime (n >= 20) (Math.Log 2.0 + Math.Log(float n))

/// ln of the number of distinct monomials of the homogeneous degree-p polynomial kernel on ±1
/// inputs: since x_i² = 1 (KMN Eq. 25), (x·y)^p spans the monomials x_S with |S| ≤ p and
/// |S| ≡ p (mod 2), so D_p = Σ_{k ≤ min(p, N), k ≡ p (mod 2)} C(N, k) (KMN App. A.1 counts the
/// top degree, C(N, p) ~ N^p; this is the exact count). Pascal's rule C(N, k) = C(N−1, k) + C(N−1, k−1)
/// turns the every-other-k sum into the full partial row sum D_p = Σ_{j ≤ p} C(N−1, j) (2^{N−1} once
/// p ≥ N − 1), evaluated in O(min(p, √N)) steps to a few ulps (SpecialFunctions.logBinomialPrefixSum).
[<CompiledName("LogPolynomialFeatureCount")>]
let logPolynomialFeatureCount (n: int) (p: int) : float =
    Validate.atLeast "N" 1 n
    Validate.atLeast "p" 1 p
    logBinomialPrefixSum (n - 1) p

/// Homogeneous polynomial kernel (x·y)^p: M_max ≈ 2 D_p with D_p the exact monomial count above
/// (KMN §3.2, App. A.1, Eqs. 25–26; O(N^p)). N ≥ 1, p ≥ 1.
[<CompiledName("Polynomial")>]
let polynomial (n: int) (p: int) : Bound =
    let lnD = logPolynomialFeatureCount n p
    Bound.make "vc-polynomial" "KMN §3.2, App. A.1 (M_max ≈ 2 D_p, Eqs. 25–26)" regime (n >= 20)
        (Math.Log 2.0 + lnD)

/// Exponential kernel exp(x·y): all 2^N monomials (KMN Eq. 27), so every one of the 2^N distinct ±1
/// patterns can be stored: M_max = 2^N (the 2D rule saturates at the number of patterns). N ≥ 1.
[<CompiledName("Exponential")>]
let exponential (n: int) : Bound =
    Validate.atLeast "N" 1 n
    Bound.make "vc-exponential" "KMN §3.2, App. A.1 (Eq. 27: D = 2^N)" regime (n >= 20) (float n * Math.Log 2.0)

/// Support-vector proliferation (SPEC C5): one-shot rules work while every pattern is a support
/// vector, N ≳ 2M log M, i.e. M_max ≈ N / (2 W₀(N/2)) (KMN Eqs. 28–29, Lambert W₀). N ≥ 1;
/// asymptotic, flagged for N ≥ 100.
[<CompiledName("SupportVectorProliferation")>]
let supportVectorProliferation (n: int) : Bound =
    Validate.atLeast "N" 1 n
    Bound.make "sv-proliferation" "KMN Eq. 29" "N ≫ 1 (asymptotic regime of Ardeshir et al.); flagged for N ≥ 100"
        (n >= 100) (Math.Log(float n) - Math.Log 2.0 - Math.Log(lambertW0 (float n / 2.0)))
