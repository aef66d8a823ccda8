/// Kernels of an infinitely large sparse distributed memory (SPEC K5, K6; KMN §3.3, App. B).
/// K(x_i, x_j) = lim_{N_φ→∞} φ(x_i)·φ(x_j)/N_φ (KMN Eq. 15): the fraction of random addresses that
/// lie within reach of both x_i and x_j. Values are returned in log space: at N in the thousands they
/// are far below the smallest double.
[<RequireQualifiedAccess>]
module Kernels.Core.SdmKernel

open System
open Kernels.Core.LogSpace
open Kernels.Core.SpecialFunctions

let private ln2 = Math.Log 2.0

/// K5, the SDM kernel on the hypercube {±1}^N (KMN Property 3.1, Eq. 16), as a function of the
/// Hamming radius r (1 ≤ r ≤ N) and the Hamming distance Δ between x_i and x_j (0 ≤ Δ ≤ N):
///   K = 2^{−N} Σ_{i=N−r−⌊Δ/2⌋}^{N−Δ} Σ_{j=[N−r−i]₊}^{Δ−(N−r−i)} C(N−Δ, i) C(Δ, j).
/// Here i counts the N−Δ positions where x_i and x_j agree on which the address agrees too, and j the
/// Δ positions where they differ on which the address sides with x_i; then d(z, x_i) = N − i − j ≤ r
/// and d(z, x_j) = N − Δ − i + j ≤ r give the limits. (The transcription's lower limit "|Δ/α|" is
/// ⌊Δ/2⌋, re-derived from the second constraint.) The inner sum runs over a window symmetric about
/// Δ/2, so it is accumulated outward from the middle: every step adds positive terms (no cancellation).
[<CompiledName("Hypercube")>]
let hypercube (n: int) (r: int) (delta: int) : LogValue =
    Validate.atLeast "N" 1 n
    Validate.between "r" 1 n r
    Validate.between "delta" 0 n delta
    let lnC (m: int) (k: int) = logBinomial (float m) (float k)
    // central.[c] = ln Σ_{j=c}^{Δ−c} C(Δ, j) for 0 ≤ c ≤ ⌊Δ/2⌋
    let half = delta / 2
    let central = Array.zeroCreate (half + 1)
    central.[half] <-
        if delta % 2 = 0 then lnC delta half
        else logAddExp (lnC delta half) (lnC delta (half + 1))
    for c in half - 1 .. -1 .. 0 do
        central.[c] <- logAddExp central.[c + 1] (logAddExp (lnC delta c) (lnC delta (delta - c)))
    let iLo = max 0 (n - r - half)
    let iHi = n - delta
    if iLo > iHi then LogValue.zero
    else
        let terms =
            [| for i in iLo .. iHi ->
                 let c = n - r - i
                 lnC (n - delta) i + (if c <= 0 then float delta * ln2 else central.[c]) |]
        LogValue.ofLn (logSumExp terms - float n * ln2)

/// ln P(u·v ≥ t) for u uniform on the unit sphere S^{m−1} and a fixed unit v, with a = (m−1)/2:
/// ½ I_{1−t²}(a, ½) for 0 ≤ t < 1 and 1 − ½ I_{1−t²}(a, ½) = ½(1 + I_{t²}(½, a)) for t < 0 (u·v has
/// density ∝ (1−s²)^{a−1}). The caller passes y = 1 − t² computed without cancellation; the pair
/// I_{t²}(½, a), I_y(a, ½) is evaluated together so that whichever is tiny keeps full relative
/// accuracy (near t = 0, I_y(a, ½) has a square-root singularity that a rounded y would spoil; for
/// large a, I_{t²}(½, a) is 1 − 10^{-300} and its complement must not come from it).
let private lnUpperFraction (a: float) (t: float) (y: float) : float =
    if t >= 1.0 then Double.NegativeInfinity
    elif t <= -1.0 then 0.0
    else
        let y = Math.Min(1.0, Math.Max(0.0, y))
        let struct (lnIt2, lnIy) = logBetaRegularizedPair 0.5 a (Math.Min(1.0, t * t)) y
        if t >= 0.0 then -ln2 + lnIy else -ln2 + log1p (Math.Exp lnIt2)

/// ln P(u·v ≥ t) for u uniform on S^{N−1} (N ≥ 2) and a fixed unit v, for any real t (0 for t ≤ −1,
/// −∞ for t ≥ 1), with y = 1 − t² supplied by the caller without cancellation. Unchecked: the shared
/// inner form of capFraction for callers that validate their own arguments (C8's latent kernel).
let internal logCapFractionUnchecked (n: int) (t: float) (y: float) : float =
    lnUpperFraction (float (n - 1) / 2.0) t y

/// Fraction of the unit sphere S^{N−1} within the cap {z : z·x ≥ b}: ½ I_{1−b²}((N−1)/2, ½) for
/// b ≥ 0 and its complement for b < 0 (cap area over sphere area, KMN Eqs. 33 and 41 with α_v = 0).
/// N ≥ 2, −1 < b < 1. This is K6 at x_i = x_j, and the sparseness ‖φ‖₀/N_φ of the SDM code.
[<CompiledName("CapFraction")>]
let capFraction (n: int) (b: float) : LogValue =
    Validate.atLeast "N" 2 n
    Validate.openInterval "b" -1.0 1.0 b
    LogValue.ofLn (lnUpperFraction (float (n - 1) / 2.0) b ((1.0 - b) * (1.0 + b)))

/// K6 exact, the SDM kernel on the hypersphere S^{N−1} (KMN Property 3.2, Eqs. 17 and 43):
///   K = (N−2)/(2π) ∫_{α_x}^{α_b} sin(φ)^{N−2} B[1 − tan²α_x / tan²φ; (N−2)/2, ½] dφ,
/// α_x = ½ arccos(cos θ), α_b = arccos b, B the incomplete beta function. Re-derived here (App. B
/// geometry): the overlap of the two caps is twice the part of x_i's cap on x_j's side of the
/// bisecting hyperplane; at polar angle φ from x_i that side is the fraction F(t) of the slice
/// S^{N−2} with u·v ≥ t, t = tan α_x / tan φ. F(t) = ½ I_{1−t²}((N−2)/2, ½) for 0 ≤ t < 1, which is
/// Eq. 17's integrand; for φ > π/2 the paper's tan² loses the sign of t, and the correct fraction is
/// 1 − ½ I_{1−t²} for −1 < t < 0 and 1 for t ≤ −1. So Eq. 17 as printed holds for b ≥ 0 (α_b ≤ π/2),
/// and this function also covers b < 0. With (N−2) B((N−2)/2, ½)/(2π) = 1/B((N−1)/2, ½):
///   K = 2/B((N−1)/2, ½) · ∫_{α_x}^{α_b} sin(φ)^{N−2} F(t(φ)) dφ,
/// integrated in log space by tanh-sinh quadrature on the pieces split at π/2 and π − α_x, where
/// the integrand's form changes (relative accuracy 1e-10 or better away from the cap edge
/// α_x → α_b, where the value tends to 0). N ≥ 3, −1 < b < 1, −1 ≤ cos θ ≤ 1.
/// Also returns the quadrature's own estimate of its relative error (the change between the last two
/// tanh-sinh levels, summed over the pieces).
[<CompiledName("HypersphereExactWithErrorEstimate")>]
let hypersphereExactWithErrorEstimate (n: int) (b: float) (cosTheta: float) : struct (LogValue * float) =
    Validate.atLeast "N" 3 n
    Validate.openInterval "b" -1.0 1.0 b
    Validate.closed "cos" -1.0 1.0 cosTheta
    let alphaX = 0.5 * Math.Acos cosTheta
    let alphaB = Math.Acos b
    if alphaX >= alphaB then struct (LogValue.zero, 0.0)
    else
        let a = float (n - 2) / 2.0
        let sinA = Math.Sqrt((1.0 - cosTheta) / 2.0)
        let cosA = Math.Sqrt((1.0 + cosTheta) / 2.0) // half-angle forms: exact near θ = 0 and θ = π
        let halfPi = 0.5 * Math.PI
        let farEnd = Math.PI - alphaX                  // beyond it t ≤ −1 and F = 1
        // t = tan α_x / tan φ, and 1 − t² = sin(φ − α_x) sin(π − α_x − φ) / (sin²φ cos²α_x); the two
        // sine arguments are passed in exactly where a piece ends at α_x or at π − α_x.
        let logIntegrand (phi: float) (fromAlpha: float) (toFar: float) =
            let s = Math.Sin phi
            let lnSin = float (n - 2) * Math.Log s
            if toFar <= 0.0 then lnSin
            else
                let t = sinA * Math.Cos phi / (cosA * s)
                let y = Math.Sin fromAlpha * Math.Sin toFar / (s * s * cosA * cosA)
                lnSin + lnUpperFraction a t y
        let piece (lo: float) (hi: float) =
            if hi <= lo then struct (Double.NegativeInfinity, 0.0)
            else
                let f (phi: float) (da: float) (db: float) =
                    let fromAlpha = if lo = alphaX then da else phi - alphaX
                    let toFar = if hi = farEnd then db else farEnd - phi
                    logIntegrand phi fromAlpha toFar
                let ln, err = Quadrature.logTanhSinh f lo hi 1e-12
                struct (ln, err)
        let pieces =
            [| piece alphaX (min alphaB halfPi)
               piece (max alphaX halfPi) (min alphaB farEnd)
               piece (max alphaX farEnd) alphaB |]
        let lnIntegral = pieces |> Array.map (fun struct (ln, _) -> ln) |> logSumExp
        let err = pieces |> Array.sumBy (fun struct (_, e) -> e)
        struct (LogValue.ofLn (ln2 - logBeta (float (n - 1) / 2.0) 0.5 + lnIntegral), err)

/// K6 exact (see hypersphereExactWithErrorEstimate for the derivation and accuracy).
/// N ≥ 3, −1 < b < 1, −1 ≤ cos θ ≤ 1.
[<CompiledName("HypersphereExact")>]
let hypersphereExact (n: int) (b: float) (cosTheta: float) : LogValue =
    let struct (v, _) = hypersphereExactWithErrorEstimate n b cosTheta
    v

/// K6 approximate, the sparse closed form of the hypersphere SDM kernel (KMN Eqs. 18 and 48):
///   K ≈ b̂^{N−1}/(2π) · B[1 − (Δ/b̂)²; N/2, ½],  b̂ = sin(arccos b) = √(1 − b²),  Δ = ½‖x_i − x_j‖,
/// the overlap of two (N−1)-balls of radius b̂ whose centres are 2Δ apart, over the sphere's area.
/// (Eq. 47 of the transcription writes Δ/(2b̂); Eqs. 46 and 48 and the ball-overlap formula give
/// Δ/b̂, used here.) Exactly 0 when Δ ≥ b̂. Defined for N ≥ 2, −1 < b < 1, −1 ≤ cos θ ≤ 1; the
/// derivation needs a sparse code, 0.9 ≲ b < 1 (KMN §3.3).
[<CompiledName("HypersphereApprox")>]
let hypersphereApprox (n: int) (b: float) (cosTheta: float) : LogValue =
    Validate.atLeast "N" 2 n
    Validate.openInterval "b" -1.0 1.0 b
    Validate.closed "cos" -1.0 1.0 cosTheta
    let bHat2 = (1.0 - b) * (1.0 + b)
    // 1 − (Δ/b̂)² with Δ² = (1 − cos θ)/2: ((1 + cos θ)/2 − b²) / (1 − b²)
    let y = ((1.0 + cosTheta) / 2.0 - b * b) / bHat2
    if y <= 0.0 then LogValue.zero
    else
        LogValue.ofLn (float (n - 1) / 2.0 * Math.Log bHat2 - Math.Log(2.0 * Math.PI)
                       + logBetaIncomplete (float n / 2.0) 0.5 (Math.Min(1.0, y)))
