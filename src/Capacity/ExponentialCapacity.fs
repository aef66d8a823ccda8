/// SPEC C10–C11 (issue 15): the exponential capacity of dense associative memories with the
/// log-sum-exp energy, P = e^{αN} random patterns — Lucibello & Mézard, "The exponential capacity of
/// dense associative memories" (PRL 2024, arXiv 2304.14964; "LM") for spherical and Gaussian patterns,
/// and Achilli, Ambrogioni, Lucibello, Mézard & Ventura (2025, arXiv 2503.09518) for ±1 patterns.
///
/// Neither text is reachable from this project, so every threshold here is OUR derivation in the
/// papers' setting (their random-energy-model argument), checked against an independent numerical
/// maximisation of the REM exponent (mpmath, no closed form used), asymptotic expansions and, on the
/// sphere, the simulation of `akern simulate lm-sphere-retrieval` (E7). The setting:
///  * energy E(x) = −(1/λ) ln Σ_μ exp(λ ξ^μ·x) (plus ½‖x‖² for Gaussian patterns, Ramsauer et al.'s
///    form, so that its stationary points are the fixed points of x ← Σ_μ softmax_μ(λ ξ·x) ξ^μ), with
///    ‖ξ‖² ≈ N, so that the overlaps m_μ = ξ^μ·x/N enter as exp(Nλ m_μ) and λ is an O(1) inverse
///    temperature;
///  * a random pattern's overlap m with a fixed state has density e^{−N I(m)}: I(m) = −½ ln(1 − m²) on
///    the sphere of radius √N, m²/2 for N(0, I_N) patterns, ((1+m)/2) ln(1+m) + ((1−m)/2) ln(1−m) for ±1;
///  * with x = ξ¹ the signal is e^{Nλ}, the other e^{αN} patterns contribute e^{Nφ(α)},
///    φ(α) = max_m [α − I(m) + λm] over the m with I(m) ≤ α (the bulk; where the unconstrained maximiser
///    m* has I(m*) > α the sum condenses on the largest overlap m_max, I(m_max) = α, φ = λ m_max);
///  * a typical pattern is retrieved (the update leaves x within e^{−cN} of ξ¹) iff λ > φ(α): α₁ is the
///    root of φ(α₁) = λ;
///  * α_c, every pattern retrieved, is a union bound: e^{αN} patterns each failing with probability
///    e^{−N r(α)} all succeed when α < r(α).
[<RequireQualifiedAccess>]
module AssociativeKernels.Core.ExponentialCapacity

open System
open AssociativeKernels.Core.LogSpace
open AssociativeKernels.Core.SpecialFunctions

let private lambdaP = Formula.positive "lambda"
let private nP = Formula.whole "N" 1

/// Below this N the thresholds, which hold as N → ∞, are not in range. E7 (`akern reproduce
/// lm-capacity`) measures the finite-N threshold of the spherical memory within 3% of α₁ from N = 12 on.
let private asymptoticFrom = 12

let private regime =
    "N → ∞ (REM large deviations; corrections O(ln N / N)); in range for N ≥ 12, where E7's simulated sphere threshold is within 3% of α₁ (Gaussian and ±1 α₁: a Monte Carlo at N = 20–24 only; Gaussian α_c: not simulated)"

// ---- patterns on the sphere of radius √N ------------------------------------------------------

/// ln(λ/m*) and λ(1 − m*) for the bulk maximiser m* = (√(1 + 4λ²) − 1)/(2λ) of λm − I(m) on the sphere (the
/// root of λ = m/(1 − m²)), written without cancellation or overflow: with h = √(¼ + λ²), λ/m* = h + ½ and
/// 1 − m* = (1 + ½/(h + λ)) / (2(h + ½)); for λ ≥ 1 through r = h/λ = √(1 + (½/λ)²), so that λ up to the
/// largest double keeps λ(1 − m*) → ½ and ln(λ/m*) = ln λ + ln(r + ½/λ).
let private sphereMaximiser (lambda: float) =
    if lambda < 1.0 then
        let h = Math.Sqrt(0.25 + lambda * lambda)
        log1p (lambda * lambda / (h + 0.5)), lambda * (1.0 + 0.5 / (h + lambda)) / (2.0 * (h + 0.5))
    else
        let q = 0.5 / lambda
        let r = Math.Sqrt(1.0 + q * q)
        Math.Log lambda + Math.Log(r + q), (1.0 + q / (r + 1.0)) / (2.0 * (r + q))

/// Sphere, retrieval from a state at overlap ρ with the pattern (the basin): the largest α at which a
/// state x with ξ¹·x/N = ρ (and otherwise independent of the patterns) is pulled to ξ¹, i.e. λρ > φ(α).
/// Derivation: the bulk maximiser m* solves λ = m/(1 − m²), so I(m*) = ½ ln(λ/m*) and
/// φ(α) = α + λm* − ½ ln(λ/m*) while I(m*) ≤ α; solving φ(α) = λρ gives
///   α(λ, ρ) = λ(ρ − m*) + ½ ln(λ/m*)        for ρ ≥ m* (then I(m*) ≤ α holds),
///   α(λ, ρ) = I(ρ) = −½ ln(1 − ρ²)          for ρ < m* (condensed: the nearest pattern wins,
///                                            φ = λ m_max = λρ at I(ρ) = α).
/// At ρ = 1 this is α₁ (sphereAlpha1). λ > 0, 0 < ρ ≤ 1 (λ(ρ − m*) formed as λ(1 − m*) − λ(1 − ρ), so ρ = 1
/// gives α₁ exactly).
[<CompiledName("SphereBasinAlpha")>]
let sphereBasinAlpha (lambda: float) (rho: float) : float =
    Validate.positive "lambda" lambda
    Validate.openClosed "rho" 0.0 1.0 rho
    let lnLambdaOverM, lambdaOneMinusM = sphereMaximiser lambda
    // ρ ≥ m* ⇔ λ(1 − ρ) ≤ λ(1 − m*); at ρ = 1 the bulk value is exactly λ(1 − m*) + ½ ln(λ/m*).
    let lambdaOneMinusRho = lambda * (1.0 - rho)
    if lambdaOneMinusRho <= lambdaOneMinusM then lambdaOneMinusM - lambdaOneMinusRho + 0.5 * lnLambdaOverM
    else -0.5 * log1p (-(rho * rho))

/// Sphere, typical pattern: α₁(λ) = λ(1 − m*) + ½ ln(λ/m*), m* = (√(1 + 4λ²) − 1)/(2λ) (our REM
/// derivation in LM's setting, see the module comment; the bulk phase always holds at α₁). λ = 1 gives
/// m* = (√5 − 1)/2 and α₁ = 0.62257…; large λ: α₁ = ½(1 + ln λ) + 1/(8λ) + O(λ⁻²); small λ:
/// α₁ = λ − λ²/2 + O(λ³). LM's REM argument gives the same threshold for every pattern on the sphere
/// (no single other pattern can reach overlap 1, and upward deviations of the bulk sum are
/// doubly-exponentially rare), so there is no separate α_c here; see sphereBasinAlpha for the basin. λ > 0.
[<CompiledName("SphereAlpha1")>]
let sphereAlpha1 (lambda: float) : float = sphereBasinAlpha lambda 1.0

// ---- ±1 patterns -------------------------------------------------------------------------------

/// ±1 patterns, typical pattern (Achilli et al. 2025's setting, our derivation): with
/// I(m) = ((1+m)/2) ln(1+m) + ((1−m)/2) ln(1−m), the bulk maximiser is m* = tanh λ and
/// max_m [λm − I(m)] = ln cosh λ, so φ(α) = α + ln cosh λ and α₁ = λ − ln cosh λ
/// (the bulk holds there: I(tanh λ) = λ tanh λ − ln cosh λ ≤ α₁). It rises to ln 2 (P = 2^N, every
/// configuration) as λ → ∞; λ = 1 gives 0.56622. Computed as λ − log1p(2 sinh²(λ/2)) for λ < 1 and
/// ln 2 − log1p(e^{−2λ}) above (no cancellation at either end). λ > 0.
[<CompiledName("BipolarAlpha1")>]
let bipolarAlpha1 (lambda: float) : float =
    Validate.positive "lambda" lambda
    if lambda < 1.0 then
        let s = Math.Sinh(lambda / 2.0)
        lambda - log1p (2.0 * s * s)
    else Math.Log 2.0 - log1p (Math.Exp(-2.0 * lambda))

// ---- Gaussian patterns N(0, I_N) -----------------------------------------------------------------

/// Gaussian patterns, typical pattern: α₁ = λ − λ²/2 for λ ≤ 1 (bulk) and ½ for λ ≥ 1 (condensed).
/// Derivation (ours): let s = ‖ξ¹‖²/N. At x = ξ¹ the signal is e^{Nλs}; the overlap ξ^ν·ξ¹/N of another
/// Gaussian pattern is exactly N(0, s/N) whatever ξ^ν's norm, so I(m) = m²/(2s). Bulk: m* = λs,
/// φ = α + λ²s/2 while λ²s/2 ≤ α; condensed: φ = λ√(2αs). For a typical pattern s = 1 + O(N^{−1/2}),
/// which does not move the exponent: λ > α + λ²/2 (bulk, consistent at the threshold iff λ ≤ 1) or
/// λ > λ√(2α) (condensed, λ > 1), i.e. α₁ = λ − λ²/2 or ½. The norm matters for α_c (gaussianAlphaC).
/// λ > 0.
[<CompiledName("GaussianAlpha1")>]
let gaussianAlpha1 (lambda: float) : float =
    Validate.positive "lambda" lambda
    if lambda <= 1.0 then lambda * (1.0 - lambda / 2.0) else 0.5

/// −W₀(−c/e)/c, the root u ∈ (0, 1] of ln u − c u = −1 (u e^{−cu} = e^{−1}) on the branch below 1/c,
/// for 0 ≤ c ≤ 1 (u = 1/e at c = 0, u = 1 at c = 1).
let private rootLogLinear (c: float) =
    if c < 1e-8 then Math.Exp(-1.0) * (1.0 + c * Math.Exp(-1.0)) // u = e^{−1}(1 + c/e + O(c²))
    else -(lambertW0 (-c * Math.Exp(-1.0))) / c

/// Gaussian patterns, every pattern retrieved: the union-bound threshold α_c(λ) (our derivation in LM's
/// setting; LM state a lower bound of this kind, which we could not compare). A pattern with squared
/// norm sN (rate J(s) = (s − 1 − ln s)/2) fails
///  (i) typically, when s ≤ s_A = α/α₁(λ) (the bulk or condensed noise of gaussianAlpha1 beats the
///      signal λs: α ≥ s(λ − λ²/2) for λ ≤ 1, s ≤ 2α for λ ≥ 1; both are s ≤ α/α₁), at cost J(s_A);
///  (ii) through one other pattern with ξ^ν·ξ¹ ≥ ‖ξ¹‖² (overlap m ≥ s, rate s/2 − α among e^{αN}), at
///      cost min_{s ≥ s_A} [J(s) + s/2 − α] = min_{s ≥ s_A} [s − ½ − ½ ln s − α], minimised at s = ½
///      (value ½ ln 2 − α: P(ξ^ν·ξ¹ ≥ ‖ξ¹‖²) = E e^{−‖ξ¹‖²/2} = 2^{−N/2}) or at s_A if s_A > ½.
/// α_c is the smaller of the roots of α = cost: with u = α/α₁ and c = 1 − 2α₁,
///  (i) 2α₁u = u − 1 − ln u ⇒ u = −W₀(−c/e)/c;
///  (ii) α = ¼ ln 2 if α₁ ≥ ½ ln 2; else, for ¼ < α₁ < ½ ln 2, 2α₁u = u − ½ − ½ ln u ⇒
///       u = −W₀(−2c/e)/(2c); for α₁ ≤ ¼ (ii) does not bind below α₁.
/// For λ ≥ 1 this is ¼ ln 2 = 0.17329 (the pair term; (i) gives 1/(2e) = 0.18394); λ = 0.5 gives
/// 0.152850 from (i). λ > 0.
[<CompiledName("GaussianAlphaC")>]
let gaussianAlphaC (lambda: float) : float =
    let a1 = gaussianAlpha1 lambda
    let c = 1.0 - 2.0 * a1
    let typical = a1 * rootLogLinear c
    let pair =
        if a1 >= 0.5 * Math.Log 2.0 then 0.25 * Math.Log 2.0
        elif a1 > 0.25 then a1 * rootLogLinear (2.0 * c)
        else Double.PositiveInfinity
    Math.Min(typical, pair)

// ---- registry: P = e^{αN} at dimension N -------------------------------------------------------

let private info id equation kind summary parameters : FormulaInfo =
    { Id = id; Equation = equation; Kind = kind; Summary = summary; Parameters = parameters; Regime = regime }

let private typicalKind = "retrieval threshold for a typical pattern, P = e^{α₁N} (asymptotic)"

/// P = e^{Nα} as a Bound of `info`: N ≥ 1 is checked first, then `alpha` (which checks its own parameters) is
/// evaluated; in range for N ≥ asymptoticFrom.
let private make (info: FormulaInfo) (n: int) (alpha: unit -> float) =
    Validate.atLeast "N" 1 n
    Bound.make info (n >= asymptoticFrom) (Magnitude.Ln(float n * alpha ()))

let private sphereAlpha1Info =
    info "lm-sphere.alpha1" "LM 2024, α₁ on the sphere (our REM derivation: α₁ = λ(1 − m*) + ½ ln(λ/m*))" typicalKind
        "dense memory, spherical patterns: P = e^{α₁(λ)N} patterns, a typical one retrieved" [ nP; lambdaP ]

/// C10: P = e^{N α₁(λ)} spherical patterns (sphereAlpha1), a typical one a retrieved fixed point, in
/// log space (Ln = N α₁). N ≥ 1, λ > 0; in range for N ≥ 12.
[<CompiledName("SphereAlpha1Bound")>]
let sphereAlpha1Bound (n: int) (lambda: float) : Bound =
    make sphereAlpha1Info n (fun () -> sphereAlpha1 lambda)

/// C10, `lm-sphere.alpha1`, in the registry.
[<CompiledName("SphereAlpha1Formula")>]
let sphereAlpha1Formula = Formula.make sphereAlpha1Info (fun a -> sphereAlpha1Bound (Formula.intArg a "N") a.["lambda"])

let private sphereBasinInfo =
    info "lm-sphere.basin" "LM 2024, basin on the sphere (our REM derivation: λρ = φ(α))"
        "retrieval threshold from a start at overlap ρ, P = e^{α(λ,ρ)N} (asymptotic)"
        "dense memory, spherical patterns: P = e^{α(λ,ρ)N} patterns, a typical one retrieved from overlap ρ"
        [ nP; lambdaP; Formula.parameter "rho" "(0, 1]" (fun name _ x -> Validate.openClosed name 0.0 1.0 x) ]

/// C10: P = e^{N α(λ, ρ)} spherical patterns (sphereBasinAlpha) such that a typical one is retrieved from
/// a state at overlap ρ. N ≥ 1, λ > 0, 0 < ρ ≤ 1; in range for N ≥ 12.
[<CompiledName("SphereBasinBound")>]
let sphereBasinBound (n: int) (lambda: float) (rho: float) : Bound =
    make sphereBasinInfo n (fun () -> sphereBasinAlpha lambda rho)

/// C10, `lm-sphere.basin`, in the registry.
[<CompiledName("SphereBasinFormula")>]
let sphereBasinFormula = Formula.make sphereBasinInfo (fun a -> sphereBasinBound (Formula.intArg a "N") a.["lambda"] a.["rho"])

let private gaussianAlpha1Info =
    info "lm-gaussian.alpha1" "LM 2024, α₁ for Gaussian patterns (our REM derivation: λ − λ²/2, ½ for λ ≥ 1)" typicalKind
        "dense memory, Gaussian patterns: P = e^{α₁(λ)N} patterns, a typical one retrieved" [ nP; lambdaP ]

/// C10: P = e^{N α₁(λ)} Gaussian patterns (gaussianAlpha1), a typical one retrieved. N ≥ 1, λ > 0.
[<CompiledName("GaussianAlpha1Bound")>]
let gaussianAlpha1Bound (n: int) (lambda: float) : Bound =
    make gaussianAlpha1Info n (fun () -> gaussianAlpha1 lambda)

/// C10, `lm-gaussian.alpha1`, in the registry.
[<CompiledName("GaussianAlpha1Formula")>]
let gaussianAlpha1Formula = Formula.make gaussianAlpha1Info (fun a -> gaussianAlpha1Bound (Formula.intArg a "N") a.["lambda"])

let private gaussianAlphaCInfo =
    info "lm-gaussian.alphac" "LM 2024, α_c for Gaussian patterns (our union bound over norm and pair failures)"
        "lower bound on the load at which every pattern is retrieved, P = e^{α_c N} (asymptotic)"
        "dense memory, Gaussian patterns: P = e^{α_c(λ)N} patterns, every one retrieved (union bound)" [ nP; lambdaP ]

/// C10: P = e^{N α_c(λ)} Gaussian patterns (gaussianAlphaC), every one retrieved. N ≥ 1, λ > 0.
[<CompiledName("GaussianAlphaCBound")>]
let gaussianAlphaCBound (n: int) (lambda: float) : Bound =
    make gaussianAlphaCInfo n (fun () -> gaussianAlphaC lambda)

/// C10, `lm-gaussian.alphac`, in the registry.
[<CompiledName("GaussianAlphaCFormula")>]
let gaussianAlphaCFormula = Formula.make gaussianAlphaCInfo (fun a -> gaussianAlphaCBound (Formula.intArg a "N") a.["lambda"])

let private bipolarAlpha1Info =
    info "lm-bipolar.alpha1" "Achilli et al. 2025, α₁ for ±1 patterns (our REM derivation: λ − ln cosh λ)" typicalKind
        "dense memory, ±1 patterns: P = e^{α₁(λ)N} patterns, a typical one retrieved" [ nP; lambdaP ]

/// C11: P = e^{N α₁(λ)} ±1 patterns (bipolarAlpha1), a typical one retrieved. N ≥ 1, λ > 0.
[<CompiledName("BipolarAlpha1Bound")>]
let bipolarAlpha1Bound (n: int) (lambda: float) : Bound =
    make bipolarAlpha1Info n (fun () -> bipolarAlpha1 lambda)

/// C11, `lm-bipolar.alpha1`, in the registry.
[<CompiledName("BipolarAlpha1Formula")>]
let bipolarAlpha1Formula = Formula.make bipolarAlpha1Info (fun a -> bipolarAlpha1Bound (Formula.intArg a "N") a.["lambda"])
