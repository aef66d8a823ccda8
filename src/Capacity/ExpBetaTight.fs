/// SPEC C8 (beyond the papers): tight estimates of the mean Exp-β capacity at β → ∞, i.e. of the
/// mean number of patterns stored before two of them come closer than 2r (the process of KMN
/// Fig. E.1). Two changes to the paper's derivation (Eqs. 79–83):
///  1. the pair-collision probability p = P(Δ² ≤ 4r²) comes from the exact distance law instead of
///     its normal approximation (χ² for Gaussian patterns, the Eq. 90 law for the sphere, the
///     binomial for ±1 patterns), computed in log space;
///  2. the mean capacity is the birthday-problem mean rather than the median-like M(M−1)/2 = 1/p:
///     with independent pairs, P(C ≥ m) = (1 − p)^{m(m−1)/2} ≈ e^{−p m²/2}, so
///     E[C] = Σ_{m≥1} P(C ≥ m) ≈ √(π / (2p)).
[<RequireQualifiedAccess>]
module Kernels.Core.ExpBetaTight

open System
open Kernels.Core.SpecialFunctions

let private regime = "pair collisions nearly independent (exact on the sphere and for f = ½ to O(p)); flagged when p ≤ 0.01 (M ≳ 12)"

/// ln of the birthday mean √(π/(2p)) from ln p.
[<CompiledName("LogBirthdayMean")>]
let logBirthdayMean (lnP: float) : float =
    if not (lnP < 0.0) then invalidArg "lnP" (sprintf "ln p = %g: a probability below 1 is needed" lnP)
    0.5 * (Math.Log Math.PI - Math.Log 2.0 - lnP)

let private make id equation (lnP: float) =
    Bound.make id equation regime (lnP <= Math.Log 0.01) (logBirthdayMean lnP)

/// ln p for Gaussian patterns: ½‖ξ^i − ξ^j‖² ~ χ²(N) exactly (KMN Eq. 79), so with r² = σ²N
/// p = P(χ²_N ≤ 2r²) = P(N/2, σ²N), the regularized lower incomplete gamma function.
/// N ≥ 1, 0 < σ² < ½.
[<CompiledName("LogPairProbabilityGaussian")>]
let logPairProbabilityGaussian (n: int) (sigma2: float) : float =
    Validate.atLeast "N" 1 n
    Validate.openInterval "sigma2" 0.0 0.5 sigma2
    logGammaLowerRegularized (float n / 2.0) (sigma2 * float n)

/// ln p on the sphere S^{N−1}: Δ² = 2(1 − ω) (Eq. 89) with ω distributed as in Eq. 90, so
/// p = P(ω ≥ 1 − 2r²), the cap fraction ½ I_{1−t²}((N−1)/2, ½) at t = 1 − 2r². N ≥ 2, 0 < r < 1/√2.
[<CompiledName("LogPairProbabilitySphere")>]
let logPairProbabilitySphere (n: int) (r: float) : float =
    Validate.atLeast "N" 2 n
    Validate.openInterval "r" 0.0 (Math.Sqrt 0.5) r
    (SdmKernel.capFraction n (1.0 - 2.0 * r * r)).Ln

/// ln p for ±1 patterns with sparseness f: ¼‖ξ^μ − ξ^ν‖² ~ Binomial(N, f̃) exactly (KMN Eq. 101), and
/// Δ² ≤ 4r² with r² = 4ρN means at most ⌊4ρN⌋ differing entries: p = P(Bin(N, f̃) ≤ ⌊4ρN⌋).
/// N ≥ 1, 0 < f < 1, 0 ≤ ρ < f̃/4.
[<CompiledName("LogPairProbabilityBipolar")>]
let logPairProbabilityBipolar (n: int) (f: float) (rho: float) : float =
    Validate.atLeast "N" 1 n
    let ft = ExpBeta.differenceProbability f
    Validate.closedOpen "rho" 0.0 (ft / 4.0) rho
    logBinomialCdf n ft (int (Math.Floor(4.0 * rho * float n)))

/// C8 for Gaussian patterns: E[C] ≈ √(π/(2p)) with p = P(N/2, σ²N). N ≥ 1, 0 < σ² < ½.
[<CompiledName("Gaussian")>]
let gaussian (n: int) (sigma2: float) : Bound =
    make "expbeta-gaussian.tight" "C8: birthday mean √(π/2p), p from χ²(N) (KMN Eq. 79)" (logPairProbabilityGaussian n sigma2)

/// C8 on the sphere: E[C] ≈ √(π/(2p)) with p the cap fraction at 1 − 2r². N ≥ 2, 0 < r < 1/√2.
[<CompiledName("Sphere")>]
let sphere (n: int) (r: float) : Bound =
    make "expbeta-sphere.tight" "C8: birthday mean √(π/2p), p from the Eq. 90 law" (logPairProbabilitySphere n r)

/// C8 for ±1 patterns: E[C] ≈ √(π/(2p)) with p the binomial CDF. N ≥ 1, 0 < f < 1, 0 ≤ ρ < f̃/4.
[<CompiledName("Bipolar")>]
let bipolar (n: int) (f: float) (rho: float) : Bound =
    make "expbeta-bipolar.tight" "C8: birthday mean √(π/2p), p from Binomial(N, f̃) (KMN Eq. 101)" (logPairProbabilityBipolar n f rho)
