/// SPEC C2: capacity of the dense associative memory with F(x) = x^n (DAM §2, Eqs. 4–6).
/// The stability of bit i of a stored pattern under the Eq. 4 update is decided by the energy
/// difference ΔE; its mean (the signal from the pattern itself) is ⟨ΔE⟩ = N^n − (N−2)^n and its
/// variance (cross-talk of the other K − 1 random patterns, large N) Σ² = Ω_n (K−1) N^{n−1} with
/// Ω_n = 4n²(2n−3)!!.
[<RequireQualifiedAccess>]
module AssociativeKernels.Core.Dam

open System
open AssociativeKernels.Core.LogSpace
open AssociativeKernels.Core.SpecialFunctions

let private check (n: int) (nN: int) =
    Validate.atLeast "n" 2 n
    Validate.atLeast "N" 2 nN

/// ln (2n−3)!! = (n−1) ln 2 + ln Γ(n − ½) − ½ ln π for n ≥ 2 ((2m−1)!! = 2^m Γ(m + ½)/√π, m = n − 1),
/// formed in floating point: 2n − 3 overflows an int for n > 2^30.
let private logDoubleFactorialOfDegree (n: int) =
    float (n - 1) * Math.Log 2.0 + MathNet.Numerics.SpecialFunctions.GammaLn(float n - 0.5) - 0.5 * Math.Log Math.PI

/// ln ⟨ΔE⟩ = ln(N^n − (N−2)^n) = n ln N + ln(1 − (1 − 2/N)^n), n ≥ 2, N ≥ 2 (DAM §2).
[<CompiledName("LogEnergyGap")>]
let logEnergyGap (n: int) (nN: int) : float =
    check n nN
    float n * Math.Log(float nN) + log1mExp (float n * log1p (-2.0 / float nN))

/// ln Ω_n = ln(4n²(2n−3)!!) (DAM §2).
[<CompiledName("LogOmega")>]
let logOmega (n: int) : float =
    Validate.atLeast "n" 2 n
    Math.Log(4.0 * float n * float n) + logDoubleFactorialOfDegree n

/// ln Σ² = ln(Ω_n (K−1) N^{n−1}), K ≥ 2 patterns (DAM §2).
[<CompiledName("LogVariance")>]
let logVariance (n: int) (nN: int) (k: float) : float =
    check n nN
    Validate.atLeastReal "K" 2.0 k
    logOmega n + Math.Log(k - 1.0) + float (n - 1) * Math.Log(float nN)

let private noiseRegime = "N ≫ 1 and K ≫ 1 (Gaussian cross-talk); in range for N ≥ 100 and K ≥ 10"
let private noiseInRange (nN: int) (k: float) = nN >= 100 && k >= 10.0

let private degreeP = Formula.whole "n" 2
let private dimensionP = Formula.whole "N" 2
let private patternsP =
    Formula.parameter "K" "[2, ∞), patterns (a real number)" (fun name _ x -> Validate.atLeastReal name 2.0 x)

let private info id equation kind summary parameters regime : FormulaInfo =
    { Id = id; Equation = equation; Kind = kind; Summary = summary; Parameters = parameters; Regime = regime }

let private gaussianErrorInfo =
    info "dam-error-probability.gaussian" "DAM §2 (P_error = ∫_{⟨ΔE⟩}^∞ N(0, Σ²))" "probability (Gaussian tail)"
        "dense memory, P_error as the Gaussian tail ½ erfc(⟨ΔE⟩/√(2Σ²))" [ degreeP; dimensionP; patternsP ] noiseRegime

let private errorInfo =
    info "dam-error-probability" "DAM §2 (asymptotic P_error; prefactor re-derived)" "probability (asymptotic tail expansion)"
        "dense memory, asymptotic P_error (capped at ½ where the tail expansion fails)" [ degreeP; dimensionP; patternsP ]
        (noiseRegime + ", and N^{n−1}/(K(2n−3)!!) ≥ 4 (tail expansion; where it fails the value is capped at ½)")

let private maxPatternsInfo =
    info "dam-max-patterns" "DAM Eq. 5 (K_max = α_n N^{n−1}, root of the Gaussian P_error)" "capacity at a bit-error threshold"
        "dense memory, K_max at a bit-error threshold"
        [ degreeP; dimensionP; Formula.openInterval "perror" "(0, 0.5)" 0.0 0.5 ] noiseRegime

let private noErrorInfo =
    info "dam-no-error" "DAM Eq. 6" "capacity without errors (asymptotic)"
        "dense memory, no-error capacity N^{n−1}/(2(2n−3)!! ln N)" [ degreeP; dimensionP ] "N ≫ 1; in range for N ≥ 100"

/// P_error as the Gaussian tail itself (DAM §2): ∫_{⟨ΔE⟩}^∞ N(0, Σ²) = ½ erfc(⟨ΔE⟩ / √(2Σ²)), the
/// probability that one bit of a stored pattern is unstable. n ≥ 2, N ≥ 2, K ≥ 2. Where x = ⟨ΔE⟩/√(2Σ²)
/// itself overflows (e.g. n = 1000, N = 10^4) ln P_error ≈ −x² is below −1.8e308: the result is
/// ln = −∞ (P_error = 0 to every representable digit).
[<CompiledName("ErrorProbabilityGaussian")>]
let errorProbabilityGaussian (n: int) (nN: int) (k: float) : Bound =
    let x = Math.Exp(logEnergyGap n nN - 0.5 * (Math.Log 2.0 + logVariance n nN k))
    Bound.make gaussianErrorInfo (noiseInRange nN k)
        (Magnitude.Ln(if Double.IsFinite x then -Math.Log 2.0 + logErfc x else Double.NegativeInfinity))

/// C2, the Gaussian-tail P_error, in the registry.
[<CompiledName("ErrorProbabilityGaussianFormula")>]
let errorProbabilityGaussianFormula =
    Formula.make gaussianErrorInfo (fun a -> errorProbabilityGaussian (Formula.intArg a "n") (Formula.intArg a "N") a.["K"])

/// P_error, the asymptotic right-hand side of DAM §2's equation, re-derived because the
/// transcription drops the extent of the square root: with ⟨ΔE⟩ ≈ 2nN^{n−1} and erfc(x) ≈
/// e^{−x²}/(√π x),  P_error ≈ √((2n−3)!!/(2π) · K/N^{n−1}) · exp(−N^{n−1} / (2K(2n−3)!!)).
/// n ≥ 2, N ≥ 2, K ≥ 2; the tail expansion also needs N^{n−1} ≫ K(2n−3)!!. Where it does not hold
/// the expression can exceed ½, the largest value of the Gaussian tail it expands (6.9 at n = 3,
/// N = 100, K = 10^6): the result is then capped at ½ and not in range.
[<CompiledName("ErrorProbability")>]
let errorProbability (n: int) (nN: int) (k: float) : Bound =
    check n nN
    Validate.atLeastReal "K" 2.0 k
    let lnDf = logDoubleFactorialOfDegree n
    let lnRatio = float (n - 1) * Math.Log(float nN) - Math.Log k // ln(N^{n−1}/K)
    // The exponent N^{n−1}/(2K(2n−3)!!) is formed directly where it is representable: through exp of
    // its log, a rounding of the log (size (n−1) ln N) would become a relative error of the exponent.
    // (2n−3)!! overflows a double from n = 151 on, N^{n−1} at (n−1) ln N > 709.
    let exponent =
        let direct =
            if n > 151 then Double.PositiveInfinity
            else
                let mutable df = 1.0
                for m in 3 .. 2 .. 2 * n - 3 do df <- df * float m
                Math.Pow(float nN, float (n - 1)) / (2.0 * k * df)
        if Double.IsFinite direct && direct > 0.0 then direct else Math.Exp(lnRatio - Math.Log 2.0 - lnDf)
    let ln = 0.5 * (lnDf - Math.Log(2.0 * Math.PI) - lnRatio) - exponent
    Bound.make errorInfo (noiseInRange nN k && lnRatio - lnDf >= Math.Log 4.0) (Magnitude.Ln(Math.Min(ln, -Math.Log 2.0)))

/// C2, the asymptotic P_error, in the registry.
[<CompiledName("ErrorProbabilityFormula")>]
let errorProbabilityFormula = Formula.make errorInfo (fun a -> errorProbability (Formula.intArg a "n") (Formula.intArg a "N") a.["K"])

/// K_max for an error threshold (DAM Eq. 5): the number of patterns at which the Gaussian-tail
/// P_error reaches `perror`. ½ erfc(x) = perror is solved for x (a root of ln erfc, valid far below
/// 1e-308), then Σ² = ⟨ΔE⟩²/(2x²) gives K = 1 + ⟨ΔE⟩² / (2x² Ω_n N^{n−1}). n ≥ 2, N ≥ 2,
/// 0 < perror < ½. For n = 2 and perror = 0.005 this gives ≈ 0.15 N (the paper quotes 0.14 N, the
/// replica result; the Gaussian estimate is the one the paper derives here).
[<CompiledName("MaxPatterns")>]
let maxPatterns (n: int) (nN: int) (perror: float) : Bound =
    check n nN
    Validate.openInterval "perror" 0.0 0.5 perror
    let x = inverseLogErfc (Math.Log(2.0 * perror))
    let lnKm1 = 2.0 * logEnergyGap n nN - Math.Log 2.0 - 2.0 * Math.Log x - logOmega n - float (n - 1) * Math.Log(float nN)
    let lnK = logAddExp 0.0 lnKm1
    Bound.make maxPatternsInfo (noiseInRange nN (Math.Exp lnK)) (Magnitude.Ln lnK)

/// C2, DAM Eq. 5, in the registry.
[<CompiledName("MaxPatternsFormula")>]
let maxPatternsFormula = Formula.make maxPatternsInfo (fun a -> maxPatterns (Formula.intArg a "n") (Formula.intArg a "N") a.["perror"])

/// The no-error capacity (DAM Eq. 6): K ≈ N^{n−1} / (2 (2n−3)!! ln N), from P_error < 1/N.
/// n ≥ 2, N ≥ 2 (ln N > 0); asymptotic in N, in range for N ≥ 100.
[<CompiledName("NoErrorCapacity")>]
let noErrorCapacity (n: int) (nN: int) : Bound =
    check n nN
    let lnN = Math.Log(float nN)
    Bound.make noErrorInfo (nN >= 100) (Magnitude.Ln(float (n - 1) * lnN - Math.Log 2.0 - logDoubleFactorialOfDegree n - Math.Log lnN))

/// C2, DAM Eq. 6, in the registry.
[<CompiledName("NoErrorCapacityFormula")>]
let noErrorCapacityFormula = Formula.make noErrorInfo (fun a -> noErrorCapacity (Formula.intArg a "n") (Formula.intArg a "N"))
