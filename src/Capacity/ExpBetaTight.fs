/// SPEC C8 (beyond the papers): tight estimates of the mean Exp-β capacity at β → ∞, i.e. of the
/// mean number of patterns stored before two of them come closer than 2r (the process of KMN
/// Fig. E.1). Two changes to the paper's derivation (Eqs. 79–83):
///  1. the pair-collision probability p = P(Δ² ≤ 4r²) comes from the exact distance law instead of
///     its normal approximation (χ² for Gaussian patterns, the Eq. 90 law for the sphere, the
///     binomial for ±1 patterns), computed in log space;
///  2. the mean capacity is a mean rather than the median-like M(M−1)/2 = 1/p. With independent pairs,
///     P(C ≥ m) = (1 − p)^{m(m−1)/2} ≈ e^{−p m²/2}, so E[C] = Σ_{m≥1} P(C ≥ m) ≈ √(π / (2p)) (the
///     birthday mean, ids `*.birthday`). For Gaussian and ±1 patterns the pairs are dependent through
///     each pattern's norm or count of +1 entries, and the birthday mean runs 5–29% low; the `.tight`
///     ids there use the latent mean-field estimate of CollisionMeanField instead. On the sphere and
///     for f = ½ (where the count of +1 entries does not change the distance law of a pair, by the
///     symmetry ξ → −ξ on each coordinate) there is no such latent and `.tight` is the birthday mean.
[<RequireQualifiedAccess>]
module AssociativeKernels.Core.ExpBetaTight

open System
open AssociativeKernels.Core.LogSpace
open AssociativeKernels.Core.SpecialFunctions

let private regime = "pair collisions nearly independent (exact on the sphere and for f = ½ to O(p)); in range when p ≤ 0.01 (M ≳ 12)"

let private meanFieldRegime =
    "latent mean field (CollisionMeanField): within 3% of the simulated Fig. E.1 process at N ≤ 1000 and capacities 7–500; in range when p ≤ 0.05"

/// Latent nodes of the mean-field estimate: at every simulated point the estimate is the same to
/// < 0.02% with 48, 64, 96 and 192 Gaussian nodes and with 128 and 256 ±1 nodes, and the cost grows
/// like nodes² (kernel and each fixed-point step).
let private gaussianNodes = 64

let private bipolarNodes = 128

/// ln of the birthday mean √(π/(2p)) from ln p, −1.8e308 < ln p ≤ 0 (ln p = 0 where p rounds to 1:
/// the mean is then √(π/2), and the formula is out of its regime).
[<CompiledName("LogBirthdayMean")>]
let logBirthdayMean (lnP: float) : float =
    if not (lnP <= 0.0 && Double.IsFinite lnP) then
        raise (ArgumentOutOfRangeException("lnP", lnP, sprintf "ln p = %s is outside its valid range (-1.8e308, 0]." (Validate.show lnP)))
    0.5 * (Math.Log Math.PI - Math.Log 2.0 - lnP)

/// ln p computed from valid parameters is finite and ≤ 0; anything else is an internal numerical failure
/// (ArithmeticException), not the caller's error.
let private checkLogP (id: string) (lnP: float) =
    if not (Double.IsFinite lnP && lnP <= 0.0) then
        raise (ArithmeticException(sprintf "%s: the pair probability's log came out as %s" id (Validate.show lnP)))

let private make (info: FormulaInfo) (lnP: float) =
    checkLogP info.Id lnP
    Bound.make info (lnP <= Math.Log 0.01) (Magnitude.Ln(logBirthdayMean lnP))

/// The kinds of the C8 ids: estimates of the mean of the simulated process (KMN Fig. E.1), which E1
/// compares them with.
let private meanFieldKind = "mean capacity (C8: exact pair law, mean field)"
let private birthdayKind = "mean capacity (C8: exact pair law, independent pairs)"

let private info kind id equation summary parameters regime : FormulaInfo =
    { Id = id; Equation = equation; Kind = kind; Summary = summary; Parameters = parameters; Regime = regime }

let private gaussianParameters = [ ExpBeta.nP; ExpBeta.sigma2P ]
let private sphereParameters = [ ExpBeta.n2P; ExpBeta.sphereRP ]
let private bipolarParameters = [ ExpBeta.nP; ExpBeta.fP; ExpBeta.rhoParameter ]

/// The grid supplies only the dependence correction E_grid / √(π/2p̄), p̄ the grid's own pair
/// probability, which multiplies the exact birthday mean √(π/2p): where p̄ = p (to ~1e-12 at every
/// simulated point) this is E_grid itself, and where the grid resolves p less well (N ≤ 3, whose kernel
/// jumps at |‖ξ‖ − ‖η‖| = 2r) the exact p still sets the scale. Where the nodes cannot resolve the
/// latent law at all (large deviations: N ≳ 10^5 with p ≲ 1e-100, the colliding pairs tens of standard
/// deviations out in the tails) no correction is applied — the birthday mean is returned, not in range
/// — because a spurious one could be far larger than the true one (which the resolved cases
/// show shrinking to 0 there).
/// The grid must also reproduce the exact p: where the pair kernel is narrower than the node spacing
/// (Gaussian patterns with 2r far below the spread of ‖ξ‖, e.g. σ² ≲ 1e-3 at N = 100) p̄ misses p by
/// more than 10% (measured: e^{0.5} at N = 100, σ² = 1e-3; e^{6} at σ² = 1e-8), and then neither is the
/// correction trusted.
/// `latent` is None where it is not built at all (see bipolarLatentLimit): the birthday mean, not in range.
let private makeMeanField (info: FormulaInfo) (lnP: float) (latent: CollisionMeanField.Latent option) =
    checkLogP info.Id lnP
    match latent with
    | Some latent when latent.Resolved && abs (CollisionMeanField.logPairProbability latent - lnP) <= 0.1 ->
        let lnRatio = CollisionMeanField.logMean latent - logBirthdayMean (CollisionMeanField.logPairProbability latent)
        Bound.make info (lnP <= Math.Log 0.05) (Magnitude.Ln(logBirthdayMean lnP + lnRatio))
    | _ -> Bound.make info false (Magnitude.Ln(logBirthdayMean lnP))

/// Above this N the ±1 latent is not built: each of its 8 256 node pairs needs a hypergeometric tail of
/// ~17 standard deviations, √(N f²(1−f)²) each, which near p = ½ (ρ → f̃/4) takes seconds from N ≈ 10^8
/// (measured 0.6 s at N = 10^7, 2.3 s at 10^8, 7.8 s at 2^30); the birthday mean is returned, not in range.
let private bipolarLatentLimit = 10_000_000

/// Below this, 1 + O(y) is 1 in double precision and a series keeps only its leading term.
let private leadingTermOnly = 1e-17

/// ln p for Gaussian patterns: ½‖ξ^i − ξ^j‖² ~ χ²(N) exactly (KMN Eq. 79), so with r² = σ²N
/// p = P(χ²_N ≤ 2r²) = P(N/2, σ²N), the regularized lower incomplete gamma function (in log space, so
/// tiny σ² down to 5e-324 keeps a finite ln p ≈ (N/2) ln(σ²N) − ln Γ(N/2 + 1)). N ≥ 1, 0 < σ² < ½.
[<CompiledName("LogPairProbabilityGaussian")>]
let logPairProbabilityGaussian (n: int) (sigma2: float) : float =
    Validate.atLeast "N" 1 n
    Validate.openInterval "sigma2" 0.0 0.5 sigma2
    logGammaLowerRegularized (float n / 2.0) (sigma2 * float n)

/// ln p on the sphere S^{N−1}: Δ² = 2(1 − ω) (Eq. 89) with ω distributed as in Eq. 90, so
/// p = P(ω ≥ 1 − 2r²), the cap fraction ½ I_{1−t²}((N−1)/2, ½) at t = 1 − 2r², with 1 − t² = 4r²(1 − r²)
/// formed directly (t rounds to 1 for r ≲ 1e-8), and in log space where it is below 1e-17 (leading term
/// of the incomplete beta series). N ≥ 2, 0 < r < 1/√2.
[<CompiledName("LogPairProbabilitySphere")>]
let logPairProbabilitySphere (n: int) (r: float) : float =
    Validate.atLeast "N" 2 n
    Validate.openInterval "r" 0.0 (Math.Sqrt 0.5) r
    let a = float (n - 1) / 2.0
    let lnY = Math.Log 4.0 + 2.0 * Math.Log r + log1p (-(r * r)) // y = 1 − t² = 4r²(1 − r²)
    if lnY < Math.Log leadingTermOnly then
        // ½ I_y(a, ½) = ½ y^a (1 − y)^{1/2} / (a B(a, ½)) · (1 + O(y)), its leading term for tiny y (y itself
        // underflows for r ≲ 1e-154)
        -Math.Log 2.0 + a * lnY - Math.Log a - logBeta a 0.5
    else
        // The cap fraction reads t only for its side (t > 0 here) and for x = t² ≈ 1 − y; y carries the value.
        SdmKernel.logCapFractionUnchecked n (ExpBeta.oneMinusTwoSquared r) (Math.Exp lnY)

/// The largest Hamming distance D = ⌊4ρN⌋ that counts as a collision of ±1 patterns (Δ² = 4 d_H ≤
/// 4r², r² = 4ρN), unchecked.
let private hammingRadius (n: int) (rho: float) = int (Math.Floor(4.0 * rho * float n))

/// ln p for ±1 patterns with sparseness f: ¼‖ξ^μ − ξ^ν‖² ~ Binomial(N, f̃) exactly (KMN Eq. 101), and
/// Δ² ≤ 4r² with r² = 4ρN means at most D = ⌊4ρN⌋ differing entries: p = P(Bin(N, f̃) ≤ D) =
/// I_{1−f̃}(N − D, D + 1), evaluated with f̃ itself as the complement argument so that p close to 1
/// (f̃ ≲ 1e-17, where 1 − f̃ rounds to 1) keeps its ln p ≈ −N f̃. N ≥ 1, 0 < f < 1, 0 ≤ ρ < f̃/4.
[<CompiledName("LogPairProbabilityBipolar")>]
let logPairProbabilityBipolar (n: int) (f: float) (rho: float) : float =
    Validate.atLeast "N" 1 n
    let ft = ExpBeta.differenceProbability f
    Validate.closedOpen "rho" 0.0 (ft / 4.0) rho
    let d = hammingRadius n rho
    let struct (lnP, _) = logBetaRegularizedPair (float (n - d)) (float d + 1.0) (1.0 - ft) ft
    lnP

let private gaussianBirthdayInfo =
    info birthdayKind "expbeta-gaussian.birthday" "C8: birthday mean √(π/2p), p from χ²(N) (KMN Eq. 79)"
        "Exp-β mean capacity, Gaussian patterns, exact χ² law + birthday mean √(π/2p) (5–14% low)" gaussianParameters regime

/// C8 birthday mean for Gaussian patterns: E[C] ≈ √(π/(2p)) with p = P(N/2, σ²N). N ≥ 1, 0 < σ² < ½.
/// Runs 5–14% below the simulated process (pairs share each pattern's norm); see `gaussian`.
[<CompiledName("GaussianBirthday")>]
let gaussianBirthday (n: int) (sigma2: float) : Bound =
    make gaussianBirthdayInfo (logPairProbabilityGaussian n sigma2)

/// GaussianBirthday in the registry.
[<CompiledName("GaussianBirthdayFormula")>]
let gaussianBirthdayFormula = Formula.make gaussianBirthdayInfo (fun a -> gaussianBirthday (Formula.intArg a "N") a.["sigma2"])

let private sphereBirthdayInfo =
    info birthdayKind "expbeta-sphere.birthday" "C8: birthday mean √(π/2p), p from the Eq. 90 law"
        "Exp-β mean capacity, sphere, exact Eq. 90 law + birthday mean √(π/2p)" sphereParameters regime

/// C8 birthday mean on the sphere: E[C] ≈ √(π/(2p)) with p the cap fraction at 1 − 2r².
/// N ≥ 2, 0 < r < 1/√2.
[<CompiledName("SphereBirthday")>]
let sphereBirthday (n: int) (r: float) : Bound =
    make sphereBirthdayInfo (logPairProbabilitySphere n r)

/// SphereBirthday in the registry.
[<CompiledName("SphereBirthdayFormula")>]
let sphereBirthdayFormula = Formula.make sphereBirthdayInfo (fun a -> sphereBirthday (Formula.intArg a "N") a.["r"])

let private bipolarBirthdayInfo =
    info birthdayKind "expbeta-bipolar.birthday" "C8: birthday mean √(π/2p), p from Binomial(N, f̃) (KMN Eq. 101)"
        "Exp-β mean capacity, ±1 patterns, exact binomial law + birthday mean √(π/2p) (up to 29% low, f ≠ ½)" bipolarParameters regime

/// C8 birthday mean for ±1 patterns: E[C] ≈ √(π/(2p)) with p the binomial CDF.
/// N ≥ 1, 0 < f < 1, 0 ≤ ρ < f̃/4. Runs 11–29% low for sparse patterns (f ≠ ½); see `bipolar`.
[<CompiledName("BipolarBirthday")>]
let bipolarBirthday (n: int) (f: float) (rho: float) : Bound =
    make bipolarBirthdayInfo (logPairProbabilityBipolar n f rho)

/// BipolarBirthday in the registry.
[<CompiledName("BipolarBirthdayFormula")>]
let bipolarBirthdayFormula = Formula.make bipolarBirthdayInfo (fun a -> bipolarBirthday (Formula.intArg a "N") a.["f"] a.["rho"])

let private gaussianInfo =
    info meanFieldKind "expbeta-gaussian.tight" "C8: latent mean field over ‖ξ‖, exact χ²(N) pair law"
        "Exp-β mean capacity, Gaussian patterns, latent mean field over ‖ξ‖ (within 3% of simulation)" gaussianParameters meanFieldRegime

/// C8 for Gaussian patterns, the tight estimate: the latent mean-field mean capacity of
/// CollisionMeanField over the norm ‖ξ‖ (64 nodes), with the pair kernel the cap fraction of
/// SdmKernel.capFraction. Within 3% (+ 2 s.e.) of the simulated process over N = 10–1000 and
/// capacities 7–500, where the birthday mean is 2–14% low. N ≥ 1, 0 < σ² < ½.
[<CompiledName("Gaussian")>]
let gaussian (n: int) (sigma2: float) : Bound =
    let lnP = logPairProbabilityGaussian n sigma2
    makeMeanField gaussianInfo lnP (Some(CollisionMeanField.gaussianLatent n sigma2 gaussianNodes))

/// C8 for Gaussian patterns in the registry.
[<CompiledName("GaussianFormula")>]
let gaussianFormula = Formula.make gaussianInfo (fun a -> gaussian (Formula.intArg a "N") a.["sigma2"])

let private sphereInfo =
    info birthdayKind "expbeta-sphere.tight" "C8: birthday mean √(π/2p), p from the Eq. 90 law"
        "Exp-β mean capacity, sphere, exact Eq. 90 law + birthday mean (no latent: pairs nearly independent)" sphereParameters regime

/// C8 on the sphere, the tight estimate: the birthday mean √(π/(2p)), p the cap fraction at 1 − 2r².
/// All patterns have the same norm, and by rotation invariance the pair events (ξ¹, ξ²), (ξ¹, ξ³) are
/// independent; the m(m−1)/2 pairs are then nearly independent and Σ_m (1 − p)^{m(m−1)/2} = √(π/2p)
/// (1 + O(p)) is within ~2% of the simulated process. N ≥ 2, 0 < r < 1/√2.
[<CompiledName("Sphere")>]
let sphere (n: int) (r: float) : Bound =
    make sphereInfo (logPairProbabilitySphere n r)

/// Sphere in the registry.
[<CompiledName("SphereFormula")>]
let sphereFormula = Formula.make sphereInfo (fun a -> sphere (Formula.intArg a "N") a.["r"])

let private bipolarInfo =
    info meanFieldKind "expbeta-bipolar.tight" "C8: latent mean field over the count of +1 entries, exact Binomial(N, f̃) pair law"
        "Exp-β mean capacity, ±1 patterns, latent mean field over the count of +1 entries" bipolarParameters meanFieldRegime

/// C8 for ±1 patterns, the tight estimate: the latent mean-field mean capacity of CollisionMeanField
/// over the count of +1 entries (128 nodes), with the hypergeometric pair kernel and D = ⌊4ρN⌋. Within
/// 3% (+ 2 s.e.) of the simulated process for f = 0.1–0.5, N = 50–1000, capacities 25–380, where the
/// birthday mean is up to 29% low for sparse patterns. Above N = 10^7 the birthday mean, not in range
/// (bipolarLatentLimit). N ≥ 1, 0 < f < 1, 0 ≤ ρ < f̃/4.
[<CompiledName("Bipolar")>]
let bipolar (n: int) (f: float) (rho: float) : Bound =
    let lnP = logPairProbabilityBipolar n f rho
    makeMeanField bipolarInfo lnP
        (if n > bipolarLatentLimit then None else Some(CollisionMeanField.bipolarLatent n f (hammingRadius n rho) bipolarNodes))

/// C8 for ±1 patterns in the registry.
[<CompiledName("BipolarFormula")>]
let bipolarFormula = Formula.make bipolarInfo (fun a -> bipolar (Formula.intArg a "N") a.["f"] a.["rho"])
