/// SPEC C8 (beyond the papers): the mean capacity of the KMN Fig. E.1 process — draw random patterns
/// until one lies within 2r of an earlier one — when pair collisions are dependent through a latent
/// variable of each pattern.
///
/// Why the birthday mean √(π/2p) runs low. It treats the m(m−1)/2 pair events as independent. For
/// Gaussian patterns they are not: a pattern with a short norm (a = ‖ξ‖² ~ χ²_N small) is close to
/// many others at once, and the same holds for a ±1 pattern with few +1 entries (k ~ Bin(N, f)).
/// Given the latents, the pair events are independent, with probability K(a, b):
///  - Gaussian: with ω the cosine between the patterns, Δ² = a + b − 2√(ab) ω ≤ 4r² iff ω ≥ t,
///    t = (a + b − 4r²)/(2√(ab)), and ω is distributed as one coordinate of a uniform point on
///    S^{N−1}, so K is the cap fraction of SdmKernel.capFraction at b = t (1 for t ≤ −1, 0 for t ≥ 1);
///  - ±1: if the patterns have k and l entries +1 and T of them coincide, the Hamming distance is
///    k + l − 2T with T ~ Hypergeometric(N, k, l), so K = P(T ≥ ⌈(k + l − D)/2⌉), D the largest
///    allowed Hamming distance.
///
/// Mean-field sequential estimate. P_m = P(the first m patterns are collision-free), E[C] = Σ_{m≥1} P_m,
/// P_1 = 1 and P_{m+1} = P_m L_m with L_m the chance that pattern m+1 misses all m survivors. Given
/// survival the m latents are tilted away from the dangerous values; replacing their joint law by m
/// independent draws from one tilted law ν_m (the mean-field step) makes the misses independent given
/// the new pattern's latent a, each with probability 1 − g_m(a), g_m = K ν_m, so
///     L_m = Σ_a w(a) (1 − g_m(a))^m,    ν_m(a) ∝ w(a) (1 − g_m(a))^{m−1},
/// the second being the survivor's latent law when each survivor has met m − 1 others drawn from ν_m
/// (solved self-consistently by fixed-point iteration, warm-started from m − 1). With one latent value
/// this is exactly Σ_m (1 − p)^{m(m−1)/2}, the independent-pair mean.
///
/// Continuous form, for large capacities. With Λ(x) = ∫_{1/2}^{x−1/2} ln L(y) dy (the midpoint rule of
/// Σ_{j<x} ln L_j) and E[C] ≈ ∫_{1/2}^∞ e^{Λ(x)} dx, the natural scale is c0 = √(π/2p) (p the pair
/// probability): −ln L(y) ≈ y p is tiny and only its integral over ~c0 steps is O(1). With x = c0 u,
/// y = c0 v the integrand φ(v) = c0 (−ln L(c0 v)) is O(1) and is formed from its logarithm
/// ln c0 + ln(−ln L), every ingredient (ln g, ln(−ln(1 − g)), ln(1 − e^{−y h})) being carried as a
/// logarithm, so p = 10^{-10^5} still gives a finite ln E[C]. φ is interpolated at Chebyshev points on
/// [0, U], integrated term by term to Φ, and ln E[C] = ln c0 + Φ(u₀) + ln ∫₀^{U−u₀} e^{−Φ(v)} dv,
/// u₀ = 1/(2c0) (Simpson; U grows until Φ(U) > 60). The two forms differ by the midpoint rule's
/// O(p) and agree to < 1e-4 where both run (measured 1e-6–6e-5 at capacities 22–253, 8e-4 at 7).
///
/// Nodes (gaussianLatent, bipolarLatent): the latent law is cut where its weight falls e^{−72} below the
/// mode (12 s.d. for a normal law), widened to the latents that take part in the dominant colliding
/// pairs; 64 Gaussian / 128 ±1 nodes reproduce the exact p to 1e-7–1e-12 (Gaussian) and ≤ 4e-6 (±1)
/// and change E[C] by < 0.02% against 2–4× as many at every simulated point. Accuracy against the
/// simulated process: within 3% (+ 2 s.e.) at all 21 Gaussian and sparse ±1 points of N = 10–1000,
/// capacities 7–500 (typically ±1%), where the birthday mean is 2–29% low. Runtime per estimate: 2–50 ms
/// (Gaussian), up to ~100 ms for ±1 at large N and ~300 ms in very sparse corners (f ≈ 0.02).
[<RequireQualifiedAccess>]
module AssociativeKernels.Core.CollisionMeanField

open System
open AssociativeKernels.Core.LogSpace
open AssociativeKernels.Core.SpecialFunctions

/// A latent variable discretised on nodes: the pair-collision probability between patterns is K
/// given the two latents, and the latents are independent draws from the weights.
type Latent =
    { /// ln of the node weights, a probability distribution over the nodes (log-sum-exp 0).
      LnWeights: float[]
      /// ln K between nodes i and j at index i·n + j (symmetric; −∞ where the pair cannot collide).
      LnKernel: float[]
      /// Whether the nodes resolve the latent law: spacing at most half its standard deviation over
      /// the whole kept range. False in large-deviation regimes (N ≳ 10^5 with p ≲ 1e-100), where the
      /// colliding pairs sit tens of standard deviations from the bulk of the law.
      Resolved: bool }

// ---- log-space helpers -----------------------------------------------------------------------

/// ln(−ln(1 − e^{lx})) for lx ≤ 0: the hazard h = −ln(1 − g) from ln g (+∞ at g = 1).
let private lnHazard (lx: float) =
    if lx < -30.0 then lx + 0.5 * Math.Exp lx // −ln(1 − x) = x(1 + x/2 + O(x²))
    elif lx >= 0.0 then Double.PositiveInfinity
    else Math.Log(-(log1mExp lx))

/// ln(1 − e^{−e^{lx}}): the chance of at least one event of a Poisson-like count with log-mean lx.
let private lnHit (lx: float) =
    if lx < -30.0 then lx - 0.5 * Math.Exp lx
    else log1mExp (-(Math.Exp lx))

let private logSumExpInto (xs: float[]) (len: int) =
    let mutable m = Double.NegativeInfinity
    for i in 0 .. len - 1 do
        if xs.[i] > m then m <- xs.[i]
    if Double.IsNegativeInfinity m then m
    else
        let mutable s = 0.0
        for i in 0 .. len - 1 do
            s <- s + Math.Exp(xs.[i] - m)
        m + Math.Log s

let private checkLatent (latent: Latent) =
    let n = latent.LnWeights.Length
    Validate.atLeast "latent.LnWeights.Length" 1 n
    if latent.LnKernel.Length <> n * n then
        raise (ArgumentOutOfRangeException("latent", latent.LnKernel.Length, sprintf "LnKernel has %d entries, %d × %d = %d expected." latent.LnKernel.Length n n (n * n)))

/// ln p̄ = ln Σ_{ij} w_i w_j K_ij, the pair-collision probability of the discretised latent.
[<CompiledName("LogPairProbability")>]
let logPairProbability (latent: Latent) : float =
    checkLatent latent
    let n = latent.LnWeights.Length
    let terms = Array.init (n * n) (fun ij -> latent.LnWeights.[ij / n] + latent.LnWeights.[ij % n] + latent.LnKernel.[ij])
    logSumExp terms

// ---- the self-consistent survivor law --------------------------------------------------------

/// The fixed part of g = K ν: with Q_ij = ln K_ij + ln w_j and ν_j = w_j e^{τ_j}/Z, ln g_i is
/// ln Σ_j e^{Q_ij + τ_j} − ln Z. Rows are scaled once by their maximum M_i so that the common case is a
/// dot product in double (Qs_ij = e^{Q_ij − M_i} ≤ 1); a row whose scaled sum falls below 1e-250 is
/// redone exactly in log space.
type private Solver(latent: Latent) =
    let n = latent.LnWeights.Length
    let lnW = latent.LnWeights
    let q = Array.init (n * n) (fun ij -> latent.LnKernel.[ij] + lnW.[ij % n])
    let rowMax = Array.init n (fun i -> Seq.max (seq { for j in 0 .. n - 1 -> q.[i * n + j] }))
    let qs =
        Array.init n (fun i ->
            let m = rowMax.[i]
            Array.init n (fun j -> if Double.IsNegativeInfinity m then 0.0 else Math.Exp(q.[i * n + j] - m)))
    let e = Array.zeroCreate<float> n
    let scratch = Array.zeroCreate<float> n
    let active = Array.zeroCreate<bool> n
    let gx = Array.zeroCreate<float> n
    // Anderson acceleration of depth 5 on the active hazards (Settle)
    let mixing = AndersonMixing(n, 5)

    member _.Count = n
    member _.LnWeights = lnW

    /// ln g for the tilt τ (τ_j ≤ 0, possibly −∞), written into lnG.
    member _.LogG(tau: float[], lnG: float[]) =
        for j in 0 .. n - 1 do
            scratch.[j] <- lnW.[j] + tau.[j]
        let lnZ = logSumExpInto scratch n
        let mutable tMax = Double.NegativeInfinity
        for j in 0 .. n - 1 do
            if tau.[j] > tMax then tMax <- tau.[j]
        for j in 0 .. n - 1 do
            e.[j] <- Math.Exp(tau.[j] - tMax)
        for i in 0 .. n - 1 do
            let s = LinearAlgebra.dot qs.[i] e
            if s > 1e-250 then lnG.[i] <- Math.Min(0.0, rowMax.[i] + tMax + Math.Log s - lnZ)
            else
                for j in 0 .. n - 1 do
                    scratch.[j] <- q.[i * n + j] + tau.[j]
                lnG.[i] <- Math.Min(0.0, logSumExpInto scratch n - lnZ)

    /// Solves ν ∝ w (1 − Kν)^{y−1} by fixed-point iteration from the hazards lnH (updated in place);
    /// lnYm1 = ln(y − 1), −∞ for y ≤ 1. Converged when no log-tilt τ_j = −(y − 1) h_j moves by more
    /// than tol (1 + |τ_j|) plus the rounding noise of its hazard (a large τ moves by ~ε|τ|, and h by
    /// ε/((1 − g)h) relatively as g → 1). Not compared: tilts below −700,
    /// whose weights e^τ underflow, and values with 1 − g < 1e-10, whose hazard −ln(1 − g) ≥ 23 is set
    /// by the rounding of g (a weight e^{−23(y−1)} or less). Returns the number of iterations.
    member this.Settle(lnYm1: float, lnH: float[], tau: float[], lnG: float[], maxIter: int, tol: float) =
        let tilt (lh: float) = if Double.IsNegativeInfinity lnYm1 then 0.0 else -(Math.Exp(lnYm1 + lh))
        let mutable iter = 0
        let mutable change = Double.PositiveInfinity
        mixing.Reset()
        while iter < maxIter && change > tol do
            for j in 0 .. n - 1 do
                tau.[j] <- tilt lnH.[j]
            this.LogG(tau, lnG)
            change <- 0.0
            for i in 0 .. n - 1 do
                let h = lnHazard lnG.[i]
                let t = tilt h
                let passive = Double.IsInfinity h || Double.IsInfinity lnH.[i] || (t < -700.0 && tau.[i] < -700.0) || lnG.[i] > -1e-10
                // rounding of g (relative ε) moves h = −ln(1 − g) by ε g/((1 − g) h) relatively
                let noise = if passive then 0.0 else 8e-16 / (-(expm1 lnG.[i]) * Math.Exp h)
                let d = if passive || t = tau.[i] then 0.0 else abs (t - tau.[i]) / (1.0 + abs tau.[i]) - noise
                if d > change then change <- d
                active.[i] <- not passive
                gx.[i] <- h
            // Anderson mixing on the active hazards (AndersonMixing, depth 5): plain iteration converges at a
            // rate that tends to 1 as y grows; the mixing restores a few steps per solve.
            mixing.Next(lnH, gx, active) |> ignore
            iter <- iter + 1
        iter

    /// ln(−ln L(y)) with L(y) = Σ_i w_i (1 − g_i)^y = 1 − Σ_i w_i (1 − e^{−y h_i}); lnY = ln y.
    member _.LogMinusLogL(lnY: float, lnH: float[]) =
        for i in 0 .. n - 1 do
            scratch.[i] <- lnW.[i] + lnHit (lnY + lnH.[i])
        lnHazard (Math.Min(0.0, logSumExpInto scratch n))

let private settleIterations = 200
let private settleTolerance = 1e-9

let private initialHazards (solver: Solver) =
    let n = solver.Count
    let lnH = Array.zeroCreate<float> n
    let tau = Array.zeroCreate<float> n
    let lnG = Array.zeroCreate<float> n
    solver.LogG(tau, lnG)
    for i in 0 .. n - 1 do
        lnH.[i] <- lnHazard lnG.[i]
    lnH, tau, lnG

/// The discrete mean-field recursion: ln E[C] = ln Σ_{m≥1} P_m with P_1 = 1 and ln P_{m+1} = ln P_m
/// + ln L_m, stopped once P_m < 1e-17 E[C]. Cost grows like the capacity (≈ 8 √(π/2p) steps), so it is
/// refused beyond 10^6 steps (use logMeanContinuous or logMean).
[<CompiledName("LogMeanDiscrete")>]
let logMeanDiscrete (latent: Latent) : float =
    checkLatent latent
    let solver = Solver(latent)
    let lnH, tau, lnG = initialHazards solver
    let mutable lnE = Double.NegativeInfinity
    let mutable lnP = 0.0
    let mutable m = 1
    let mutable fin = false
    while not fin do
        lnE <- logAddExp lnE lnP
        solver.Settle((if m = 1 then Double.NegativeInfinity else Math.Log(float (m - 1))), lnH, tau, lnG, settleIterations, settleTolerance) |> ignore
        lnP <- lnP - Math.Exp(solver.LogMinusLogL(Math.Log(float m), lnH))
        if lnP < lnE - 40.0 || Double.IsNegativeInfinity lnP then fin <- true
        elif m >= 1_000_000 then
            raise (ArgumentOutOfRangeException("latent", "the discrete recursion needs more than 10^6 steps; use the continuous form"))
        m <- m + 1
    lnE

let private chebyshevPoints = 64
let private simpsonIntervals = 2048

/// The continuous form of the recursion in the scaled variable u = x/c0 (module doc): valid where the
/// capacity is large (c0 = √(π/2p̄) ≳ 20), finite for any p̄ > 0, cost independent of the capacity.
[<CompiledName("LogMeanContinuous")>]
let logMeanContinuous (latent: Latent) : float =
    checkLatent latent
    let lnPbar = logPairProbability latent
    if not (lnPbar < 0.0) then
        raise (ArgumentOutOfRangeException("latent", lnPbar, "the pair probability must lie in (0, 1) for the continuous form"))
    let lnC0 = 0.5 * (Math.Log Math.PI - Math.Log 2.0 - lnPbar)
    let solver = Solver(latent)
    let u0 = 0.5 * Math.Exp(-lnC0)
    let rec attempt (uMax: float) =
        let lnH, tau, lnG = initialHazards solver
        let m = chebyshevPoints
        let phi = Array.zeroCreate<float> (m + 1)
        // ascending u: k = M … 0 (x_k = cos(kπ/M) runs from −1 up to 1), warm-starting the survivor law
        for k in m .. -1 .. 0 do
            let u = 0.5 * uMax * (1.0 + Math.Cos(Math.PI * float k / float m))
            if u <= 0.0 then phi.[k] <- 0.0
            else
                let lnY = lnC0 + Math.Log u
                let lnYm1 = if lnY > 0.0 then lnY + log1mExp (-lnY) else Double.NegativeInfinity
                solver.Settle(lnYm1, lnH, tau, lnG, settleIterations, settleTolerance) |> ignore
                phi.[k] <- Math.Exp(lnC0 + solver.LogMinusLogL(lnY, lnH))
        let big = Chebyshev.antiderivative (Chebyshev.coefficients phi)
        let at0 = Chebyshev.evaluate big -1.0
        // Φ(u) = ∫₀^u φ
        let capPhi (u: float) = 0.5 * uMax * (Chebyshev.evaluate big (2.0 * u / uMax - 1.0) - at0)
        if capPhi uMax < 60.0 && uMax < 1e6 then attempt (2.0 * uMax)
        else
            let tail = Quadrature.simpson (fun u -> Math.Exp(-(capPhi u))) 0.0 (uMax - u0) simpsonIntervals
            lnC0 + capPhi u0 + Math.Log tail
    attempt 12.0

/// Capacities √(π/2p̄) up to this use the discrete recursion, above it the continuous form.
let private discreteLimit = 24.0

/// ln E[C] by the discrete recursion where the capacity is small (√(π/2p̄) ≤ 24, where the midpoint
/// rule behind the continuous form is off by O(p̄) ≳ 1e-4) and by the continuous form above.
[<CompiledName("LogMean")>]
let logMean (latent: Latent) : float =
    let lnPbar = logPairProbability latent
    if 0.5 * (Math.Log Math.PI - Math.Log 2.0 - lnPbar) <= Math.Log discreteLimit then logMeanDiscrete latent
    else logMeanContinuous latent

// ---- latents -----------------------------------------------------------------------------------

/// Log-weight drop (relative to the mode) beyond which a latent value is left out: e^{−72} ≈ 5e-32,
/// the mass 12 standard deviations out in a normal law.
let private weightDrop = 72.0

/// Danger drop: a latent value is also kept if some pair (it, b) carries a share w w K of the pair
/// probability within e^{−40} of the largest, so that far-tail latents that dominate p (large
/// deviations at large N and small p) stay on the grid.
let private dangerDrop = 40.0

/// Kept range [lo, hi] of a coarse scan: indices whose best pair term is within dangerDrop of the top.
let private dangerRange (lnw: float[]) (lnK: int -> int -> float) =
    let g = lnw.Length
    let best = Array.create g Double.NegativeInfinity
    for i in 0 .. g - 1 do
        for j in i .. g - 1 do
            let v = lnw.[i] + lnw.[j] + lnK i j
            if v > best.[i] then best.[i] <- v
            if v > best.[j] then best.[j] <- v
    let top = Array.max best
    let kept = [| for i in 0 .. g - 1 do if best.[i] >= top - dangerDrop then yield i |]
    kept.[0], kept.[kept.Length - 1]

/// A Latent from unnormalized log node weights and a symmetric pair kernel given by node indices
/// (evaluated once per unordered pair).
let private discretised (lnWeights: float[]) (lnPair: int -> int -> float) (resolved: bool) : Latent =
    let m = lnWeights.Length
    let z = logSumExp lnWeights
    let lnK = Array.zeroCreate<float> (m * m)
    for i in 0 .. m - 1 do
        for j in i .. m - 1 do
            let v = lnPair i j
            lnK.[i * m + j] <- v
            lnK.[j * m + i] <- v
    { LnWeights = Array.map (fun x -> x - z) lnWeights; LnKernel = lnK; Resolved = resolved }

/// ln K for two Gaussian patterns with norms sa, sb (unchecked): P(ω ≥ t), t = (a + b − 4r²)/(2√(ab)),
/// 4r² = R², with 1 − t² = (R² − (sa − sb)²)((sa + sb)² − R²)/(4 sa² sb²) formed without cancellation.
let private lnGaussianKernel (n: int) (bigR: float) (sa: float) (sb: float) =
    let d = abs (sa - sb)
    let s = sa + sb
    if d >= bigR then Double.NegativeInfinity
    elif s <= bigR then 0.0
    elif n = 1 then -Math.Log 2.0 // S^0: ω = ±1 with probability ½ each
    else
        let t = (sa * sa + sb * sb - bigR * bigR) / (2.0 * sa * sb)
        let y = (bigR - d) * (bigR + d) * (s - bigR) * (s + bigR) / (4.0 * sa * sa * sb * sb)
        SdmKernel.logCapFractionUnchecked n t y

/// Gaussian latent: the norm s = ‖ξ‖ (density ∝ s^{N−1} e^{−s²/2}, never singular, unlike that of
/// a = s² at N = 1), on `nodes` cell-centred nodes of a uniform grid. The grid spans the s where the
/// density is within e^{−72} of its mode, widened to every s that takes part in a dominant colliding
/// pair (a 64-point coarse scan of w w K), and the weights are the density at the nodes, normalized.
/// N ≥ 1, 0 < σ² < ½ (r² = σ²N), nodes ≥ 8.
[<CompiledName("GaussianLatent")>]
let gaussianLatent (n: int) (sigma2: float) (nodes: int) : Latent =
    Validate.atLeast "N" 1 n
    Validate.openInterval "sigma2" 0.0 0.5 sigma2
    Validate.atLeast "nodes" 8 nodes
    let bigR = 2.0 * Math.Sqrt(sigma2 * float n)
    let psi (s: float) = (if n = 1 then 0.0 else float (n - 1) * Math.Log s) - 0.5 * s * s
    let sMode = Math.Sqrt(float (n - 1))
    let psiMax = if n = 1 then 0.0 else psi sMode
    let hiBulk = RootFinding.bisect (fun s -> psi s - (psiMax - weightDrop)) sMode (sMode + 20.0) 0.0
    let loBulk = if n = 1 then 0.0 else RootFinding.bisect (fun s -> psi s - (psiMax - weightDrop)) 0.0 sMode 0.0
    // danger scan over [0, hiBulk], refined (64 points a level) until its step is below ½ sd of s
    let sdS = if n = 1 then 1.0 else Math.Sqrt 0.5
    let rec scan (a0: float) (b0: float) (level: int) =
        let g = 64
        let step = (b0 - a0) / float g
        let sc = Array.init g (fun i -> a0 + (float i + 0.5) * step)
        let a, b = dangerRange (Array.map psi sc) (fun i j -> lnGaussianKernel n bigR sc.[i] sc.[j])
        let lo, hi = Math.Max(0.0, sc.[a] - step), sc.[b] + step
        if step <= 0.5 * sdS || level >= 4 then lo, hi else scan lo hi (level + 1)
    let lo, hi =
        let a, b = scan 0.0 hiBulk 0
        Math.Min(loBulk, a), Math.Max(hiBulk, b)
    let ds = (hi - lo) / float nodes
    let s = Array.init nodes (fun i -> lo + (float i + 0.5) * ds)
    discretised (Array.map psi s) (fun i j -> lnGaussianKernel n bigR s.[i] s.[j]) (ds <= 0.5 * sdS)

/// ln K for ±1 patterns with k and l entries +1: P(k + l − 2T ≤ D) = P(T ≥ ⌈(k + l − D)/2⌉).
let private lnBipolarKernel (n: int) (d: int) (k: int) (l: int) =
    let excess = int64 k + int64 l - int64 d // k + l may exceed 2^31 − 1
    let t0 = if excess <= 0L then excess / 2L else (excess + 1L) / 2L
    logHypergeometricUpperTailUnchecked n k l (int t0)

/// ±1 latent: the number k of +1 entries, k ~ Binomial(N, f). The kept range is where the pmf is
/// within e^{−72} of its mode, widened (64-point coarse scan) to every k in a dominant colliding pair.
/// If it holds at most `nodes` values every k is a node; otherwise nodes come in pairs {k, k+1} at an
/// even stride, because the Hamming distance k + l − 2T has the parity of k + l and a grid of one
/// parity would see only half of the distances. Weights are the pmf at the nodes, normalized.
/// N ≥ 1, 0 < f < 1, 0 ≤ D ≤ N the largest Hamming distance that counts as a collision, nodes ≥ 8.
[<CompiledName("BipolarLatent")>]
let bipolarLatent (n: int) (f: float) (d: int) (nodes: int) : Latent =
    Validate.atLeast "N" 1 n
    Validate.openInterval "f" 0.0 1.0 f
    Validate.between "D" 0 n d
    Validate.atLeast "nodes" 8 nodes
    let lnF, ln1F = Math.Log f, Math.Log(1.0 - f)
    let lnPmf (k: int) = logBinomial (float n) (float k) + float k * lnF + float (n - k) * ln1F
    let mode = Math.Min(n, int (Math.Floor((float n + 1.0) * f)))
    let top = lnPmf mode
    // pmf is unimodal: bisect each side for the last k above top − weightDrop
    let edge (fromK: int) (toK: int) =
        if lnPmf toK >= top - weightDrop then toK
        else
            let mutable inside = fromK
            let mutable outside = toK
            while abs (outside - inside) > 1 do
                let mid = inside + (outside - inside) / 2 // (inside + outside) / 2 overflows for N > 2^30
                if lnPmf mid >= top - weightDrop then inside <- mid else outside <- mid
            inside
    let loBulk = edge mode 0
    let hiBulk = edge mode n
    // danger scan over [0, N], refined (64 points a level) until its step is below ½ sd of k
    let sdK = Math.Sqrt(float n * f * (1.0 - f))
    let rec scan (a0: int) (b0: int) (level: int) =
        let kc = Array.init 64 (fun i -> a0 + int (Math.Round(float i * float (b0 - a0) / 63.0))) |> Array.distinct
        let step = Math.Max(1, (b0 - a0) / 63 + 1)
        let a, b = dangerRange (Array.map lnPmf kc) (fun i j -> lnBipolarKernel n d kc.[i] kc.[j])
        let lo, hi = Math.Max(0, kc.[a] - step), int (Math.Min(int64 n, int64 kc.[b] + int64 step))
        if float step <= Math.Max(1.0, 0.5 * sdK) || level >= 4 then lo, hi else scan lo hi (level + 1)
    let lo, hi =
        let a, b = scan 0 n 0
        Math.Min(loBulk, a), Math.Max(hiBulk, b)
    let count = int64 hi - int64 lo + 1L // up to 2^31: an int64
    let stride = if count <= int64 nodes then 1 else 2 * int (Math.Ceiling(float count / float nodes))
    let ks =
        if stride = 1 then [| lo .. hi |]
        else
            [| for bse in lo .. stride .. hi do
                 yield bse
                 if bse < n then yield bse + 1 |]
    discretised (Array.map lnPmf ks) (fun i j -> lnBipolarKernel n d ks.[i] ks.[j]) (stride = 1 || float stride <= sdK)
