/// SPEC C4 and C5: capacity scaling of kernel memory networks from the dimension of the feature
/// space (KMN §3.2, App. A). A linear classifier in D dimensions stores M_max ≈ 2D random patterns
/// (Cover 1965; KMN §3.2), so each bound here is 2 × (number of independent features on ±1 inputs),
/// capped by the 2^N distinct ±1 patterns that exist.
[<RequireQualifiedAccess>]
module AssociativeKernels.Core.VcDimension

open System
open System.Numerics
open AssociativeKernels.Core.SpecialFunctions

let private regime = "M_max ≈ 2 D_VC (Cover's counting, N ≫ 1); in range for N ≥ 20"

let private nP = Formula.whole "N" 1

let private info id equation summary parameters : FormulaInfo =
    { Id = id; Equation = equation; Kind = "capacity (2 × feature-space dimension)"; Summary = summary
      Parameters = parameters; Regime = regime }

let private linearInfo = info "vc-linear" "KMN §3.2 (M_max ≈ 2 D_VC, D_VC = N)" "linear kernel, 2N" [ nP ]

/// Linear kernel: D_VC = N, so M_max ≈ 2N (KMN §3.2). N ≥ 1.
[<CompiledName("Linear")>]
let linear (n: int) : Bound =
    Validate.atLeast "N" 1 n
    Bound.make linearInfo (n >= 20) (Magnitude.Exactly(2.0 * float n))

/// C4, linear kernel, in the registry.
[<CompiledName("LinearFormula")>]
let linearFormula = Formula.make linearInfo (fun a -> linear (Formula.intArg a "N"))

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

let private polynomialInfo =
    info "vc-polynomial" "KMN §3.2, App. A.1 (M_max ≈ 2 D_p, Eqs. 25–26)"
        "homogeneous polynomial kernel of degree p, 2 × monomial count" [ nP; Formula.whole "p" 1 ]

/// 2 D_p = 2 Σ_{j ≤ min(p, N−1)} C(N−1, j) as an exact integer (the partial row sum of the doc above), for
/// callers that have checked it is below e^700: then its terms are below 2^1010, so p < 1010 or N < 1026,
/// and the sum has at most ~1025 terms. Each C(m, j+1) = C(m, j)(m − j)/(j + 1) is exact.
let private polynomialFeatureCountTimesTwo (n: int) (p: int) : BigInteger =
    let m = n - 1
    let mutable c = BigInteger.One
    let mutable sum = BigInteger.One
    for j in 0 .. min p m - 1 do
        c <- c * BigInteger(m - j) / BigInteger(j + 1)
        sum <- sum + c
    BigInteger.Multiply(sum, BigInteger 2)

/// Homogeneous polynomial kernel (x·y)^p: M_max ≈ 2 D_p with D_p the exact monomial count above
/// (KMN §3.2, App. A.1, Eqs. 25–26; O(N^p)). N ≥ 1, p ≥ 1. The value is the integer 2 D_p (summed exactly,
/// then rounded once to the nearest double: exact below 2^53) wherever it is below e^700; beyond, e^{ln}.
/// For N = 10, p = 2: 2 (C(9,0) + C(9,1) + C(9,2)) = 2 (1 + 9 + 36) = 92.
[<CompiledName("Polynomial")>]
let polynomial (n: int) (p: int) : Bound =
    let lnD = logPolynomialFeatureCount n p
    let ln = Math.Log 2.0 + lnD
    let magnitude =
        if ln < 700.0 then
            let exact = polynomialFeatureCountTimesTwo n p
            Magnitude.Exactly(Double.Parse(exact.ToString(), Globalization.CultureInfo.InvariantCulture))
        else Magnitude.Ln ln
    Bound.make polynomialInfo (n >= 20) magnitude

/// C4, polynomial kernel, in the registry.
[<CompiledName("PolynomialFormula")>]
let polynomialFormula = Formula.make polynomialInfo (fun a -> polynomial (Formula.intArg a "N") (Formula.intArg a "p"))

let private exponentialInfo = info "vc-exponential" "KMN §3.2, App. A.1 (Eq. 27: D = 2^N)" "exponential kernel, 2^N" [ nP ]

/// Exponential kernel exp(x·y): all 2^N monomials (KMN Eq. 27), so every one of the 2^N distinct ±1
/// patterns can be stored: M_max = 2^N (the 2D rule saturates at the number of patterns). N ≥ 1. Exact
/// (a power of two) up to N = 1023; beyond, only its log fits a double.
[<CompiledName("Exponential")>]
let exponential (n: int) : Bound =
    Validate.atLeast "N" 1 n
    let bound = Bound.make exponentialInfo (n >= 20) (Bound.exactOr (Math.ScaleB(1.0, n)) (float n * Math.Log 2.0))
    // 2^N is beyond a double from N = 1024 on, though e^{N ln 2} from the rounded log still comes out finite
    // (1.7976931348622732e308) at N = 1024.
    if n >= 1024 then { bound with Value = None } else bound

/// C4, exponential kernel, in the registry.
[<CompiledName("ExponentialFormula")>]
let exponentialFormula = Formula.make exponentialInfo (fun a -> exponential (Formula.intArg a "N"))

let private supportVectorInfo : FormulaInfo =
    { Id = "sv-proliferation"; Equation = "KMN Eq. 29"
      Kind = "capacity of one-shot rules (asymptotic)"; Summary = "one-shot rules: N / (2 W₀(N/2))"; Parameters = [ nP ]
      Regime = "N ≫ 1 (asymptotic regime of Ardeshir et al.); in range for N ≥ 100" }

/// Support-vector proliferation (SPEC C5): one-shot rules work while every pattern is a support
/// vector, N ≳ 2M log M, i.e. M_max ≈ N / (2 W₀(N/2)) (KMN Eqs. 28–29, Lambert W₀). N ≥ 1;
/// asymptotic, in range for N ≥ 100.
[<CompiledName("SupportVectorProliferation")>]
let supportVectorProliferation (n: int) : Bound =
    Validate.atLeast "N" 1 n
    Bound.make supportVectorInfo (n >= 100) (Magnitude.Ln(Math.Log(float n) - Math.Log 2.0 - Math.Log(lambertW0 (float n / 2.0))))

/// C5 in the registry.
[<CompiledName("SupportVectorProliferationFormula")>]
let supportVectorProliferationFormula = Formula.make supportVectorInfo (fun a -> supportVectorProliferation (Formula.intArg a "N"))
