/// Kernels of an infinitely large sparse distributed memory (SPEC K5, K6; KMN §3.3, App. B).
/// K(x_i, x_j) = lim_{N_φ→∞} φ(x_i)·φ(x_j)/N_φ (KMN Eq. 15): the fraction of random addresses that
/// lie within reach of both x_i and x_j. Values are returned in log space: at N in the thousands they
/// are far below the smallest double.
[<RequireQualifiedAccess>]
module AssociativeKernels.Core.SdmKernel

open System
open AssociativeKernels.Core.LogSpace
open AssociativeKernels.Core.SpecialFunctions

let private ln2 = Math.Log 2.0

/// ln Σ_{k=lo}^{hi} e^{f(k)} for a log-concave sequence (f(k+1) − f(k) non-increasing, f finite on
/// [lo, hi]), in O(log(hi − lo)) evaluations of f plus one pass over the terms that matter.
/// `f` evaluates a term from scratch; `walk` sums the terms of [from, to] in a direction of the caller's
/// choosing (where it can update them stably) and returns ln of their sum. The mode is found by bisection
/// on the sign of f(k+1) − f(k); past it the ratios ρ fall, so everything beyond a term t is below
/// t ρ/(1 − ρ), and the range is cut where that bound (including t) is under e^{−45} of the largest term.
let private logSumLogConcave (f: int -> float) (walk: int -> int -> float) (lo: int) (hi: int) : float =
    let mutable a = lo
    let mutable b = hi
    while a < b do
        let mid = a + (b - a) / 2
        if f (mid + 1) <= f mid then b <- mid else a <- mid + 1
    let mode = a
    let cut = f mode - 45.0
    // true when the terms from k onward (in direction dir) add less than e^{cut}
    let negligibleFrom (k: int) (dir: int) =
        let fk = f k
        let next = if k + dir < lo || k + dir > hi then Double.NegativeInfinity else f (k + dir)
        let lnRho = next - fk
        lnRho < 0.0 && fk - log1mExp lnRho < cut
    // first k from the mode outward (in direction dir) where the rest is negligible, by bisection
    let edge (dir: int) (last: int) =
        if not (negligibleFrom last dir) then last
        else
            let mutable inside = mode
            let mutable outside = last
            while abs (outside - inside) > 1 do
                let mid = inside + (outside - inside) / 2
                if negligibleFrom mid dir then outside <- mid else inside <- mid
            inside
    let left = if mode = lo then lo else edge -1 lo
    let right = if mode = hi then hi else edge 1 hi
    walk left right

let private hypercubeInfo : FormulaInfo =
    { Id = "sdm-hypercube"; Equation = "KMN Eq. 16"; Kind = "kernel value"
      Summary = "infinite SDM on the hypercube, Hamming radius r, Hamming distance delta"
      Parameters =
        [ Formula.whole "N" 1
          Formula.parameter "r" "whole number in [1, N]" (fun name a x -> Validate.wholeBetween name 1.0 a.["N"] x)
          Formula.parameter "delta" "whole number in [0, N]" (fun name a x -> Validate.wholeBetween name 0.0 a.["N"] x) ]
      Regime = KernelResult.exact }

/// K5, the SDM kernel on the hypercube {±1}^N (KMN Property 3.1, Eq. 16), as a function of the
/// Hamming radius r (1 ≤ r ≤ N) and the Hamming distance Δ between x_i and x_j (0 ≤ Δ ≤ N):
///   K = 2^{−N} Σ_{i=N−r−⌊Δ/2⌋}^{N−Δ} Σ_{j=[N−r−i]₊}^{Δ−(N−r−i)} C(N−Δ, i) C(Δ, j).
/// Here i counts the N−Δ positions where x_i and x_j agree on which the address agrees too, and j the
/// Δ positions where they differ on which the address sides with x_i; then d(z, x_i) = N − i − j ≤ r
/// and d(z, x_j) = N − Δ − i + j ≤ r give the limits. (The transcription's lower limit "|Δ/α|" is
/// ⌊Δ/2⌋, re-derived from the second constraint.)
/// Evaluated as a probability: with U ~ Bin(N−Δ, ½) (u = N − Δ − i, the agreeing positions where the
/// address differs from both) and V ~ Bin(Δ, ½) independent, K = P(U + max(V, Δ−V) ≤ r) = Σ_u P(U = u) w(r − u),
/// w(s) = P(Δ − s ≤ V ≤ s). Both factors are log-concave in u, so only the O(√N) terms around the mode
/// are summed; binomial probabilities come from Loader's saddle-point form (no term of size N ln 2 is
/// ever subtracted), w grows by one pmf term per step in the direction it increases, and whichever of
/// K and 1 − K = Σ_u P(U = u)(1 − w(r − u)) is below ½ is summed, the other taken as its complement —
/// so ln K ≤ 0 always, K = 1 exactly at r = N, K = 0 exactly when r < ⌈Δ/2⌉, and ln K has a relative
/// error of a few hundred ulps at any N up to 2³¹ − 1 (milliseconds: O(√N) work, no array over N).
[<CompiledName("Hypercube")>]
let hypercube (n: int) (r: int) (delta: int) : LogValue =
    Validate.atLeast "N" 1 n
    Validate.between "r" 1 n r
    Validate.between "delta" 0 n delta
    let a = n - delta
    let sc = delta / 2 + delta % 2 // ⌈Δ/2⌉, the smallest s with a non-empty window [Δ − s, s]
    let lnPu (u: int) = logHalfBinomialPmf a u
    // (ln w(s), ln(1 − w(s))) from scratch, the smaller one summed directly
    let window (s: int) : struct (float * float) =
        if s >= delta then struct (0.0, Double.NegativeInfinity)
        elif s < sc then struct (Double.NegativeInfinity, 0.0)
        elif float (2L * int64 s - int64 delta + 1L) <= 0.675 * Math.Sqrt(float delta) then
            // within ~0.67 standard deviations of Δ/2, w ≲ ½: Σ_{v=sc}^{s} P(V = v) relative to P(V = sc)
            let mutable t = 1.0
            let mutable sum = 1.0
            for v in sc .. s - 1 do
                t <- t * float (delta - v) / float (v + 1)
                sum <- sum + t
            let lnW = Math.Min(0.0, logHalfBinomialPmf delta sc + Math.Log(2.0 * sum - (if delta % 2 = 0 then 1.0 else 0.0)))
            struct (lnW, log1mExp lnW)
        else
            // 1 − w = P(V < Δ − s) + P(V > s) = 2 P(V ≤ Δ − s − 1), a tail below ½
            let lnT = Math.Min(0.0, ln2 + logHalfBinomialCdf delta (delta - s - 1))
            struct (log1mExp lnT, lnT)
    let lnW s = let struct (w, _) = window s in w
    let lnT s = let struct (_, t) = window s in t
    // Σ_u P(U = u) G(r − u) over the u from `first` to `last` (step ±1), G = w (K) or 1 − w (1 − K), walked
    // in the direction in which G grows, so that G only ever gains positive mass:
    //   K:      u falls, s = r − u rises, w(s) = w(s − 1) + gain(s), and w = 1 from s = Δ on;
    //   1 − K:  u rises, s falls, (1 − w)(s) = (1 − w)(s + 1) + gain(s + 1), and 1 − w = 1 below ⌈Δ/2⌉.
    // P(U = u) and P(V = s) advance by their exact term ratios in a scaled linear form (re-anchored on the
    // saddle-point values every 64 steps, so the ratio products drift by at most ~128 ulps); G and P(V = s)
    // share one scale, renormalized when it grows past 1e200. Returns ln of the sum.
    let walk (first: int) (last: int) (startG: float) =
        let dir = if last >= first then 1 else -1
        let capped (s: int) = if dir < 0 then s >= delta else s < sc
        let mutable u = first
        let mutable s = r - first
        let mutable uBase = lnPu u
        let mutable uy = 1.0
        // G = exp(gBase) gy; pv = P(V = next gain index) / exp(gBase)
        let mutable gBase = startG
        let mutable gy = 1.0
        let gainIndex () = if dir < 0 then s + 1 else s
        let mutable pv = if capped s then 0.0 else Math.Exp(logHalfBinomialPmf delta (gainIndex ()) - gBase)
        let accBase = uBase + gBase
        let mutable factor = 1.0
        let mutable acc = 1.0
        let mutable comp = 0.0
        let mutable step = 0
        while u <> last do
            // P(U = u ± 1) / P(U = u)
            uy <- uy * (if dir < 0 then float u / (float a - float u + 1.0) else (float a - float u) / (float u + 1.0))
            let g = gainIndex ()
            u <- u + dir
            s <- s - dir
            step <- step + 1
            if capped s then
                gBase <- 0.0
                gy <- 1.0
                pv <- 0.0
            else
                gy <- gy + (if 2L * int64 g = int64 delta then pv else 2.0 * pv)
                // P(V = g ± 1) / P(V = g): the next gain index moves with s
                let gNext = gainIndex ()
                pv <- pv * (if gNext > g then (float delta - float g) / (float g + 1.0) else float g / (float delta - float g + 1.0))
            if step % 64 = 0 || gy > 1e200 || uy > 1e200 || uy < 1e-200 then
                uBase <- lnPu u
                uy <- 1.0
                if not (capped s) then
                    gBase <- gBase + Math.Log gy
                    gy <- 1.0
                    pv <- Math.Exp(logHalfBinomialPmf delta (gainIndex ()) - gBase)
                factor <- Math.Exp(uBase + gBase - accBase)
            elif capped s then factor <- Math.Exp(uBase + gBase - accBase)
            // Neumaier's compensated sum: ~10⁵ terms would otherwise drift by ~1e-13
            let term = factor * uy * Math.Min(gy, Math.Exp(-gBase)) // G ≤ 1
            let next = acc + term
            comp <- comp + (if acc >= term then (acc - next) + term else (term - next) + acc)
            acc <- next
        accBase + Math.Log(acc + comp)
    let sumK (uL: int) (uR: int) = walk uR uL (lnW (r - uR))
    let sumComplement (uL: int) (uR: int) = walk uL uR (lnT (r - uL))
    let kHi = Math.Min(a, r - sc)
    let cLo = Math.Max(0, r - delta + 1) // 1 − w(r − u) > 0 from here on
    let lnK () = logSumLogConcave (fun u -> lnPu u + lnW (r - u)) sumK 0 kHi
    let lnComplement () = logSumLogConcave (fun u -> lnPu u + lnT (r - u)) sumComplement cLo a
    if kHi < 0 then LogValue.zero
    elif cLo > a then LogValue.ofLn 0.0
    // E[U + max(V, Δ − V)] ≈ N/2 + √(Δ/2π): above it K is likely > ½, so try 1 − K first
    elif float r >= 0.5 * float n + Math.Sqrt(float delta / (2.0 * Math.PI)) then
        let lnC = lnComplement ()
        if lnC < -ln2 then LogValue.ofLn (log1mExp lnC) else LogValue.ofLn (Math.Min(0.0, lnK ()))
    else
        let lnK = lnK ()
        if lnK < -ln2 then LogValue.ofLn lnK else LogValue.ofLn (log1mExp (Math.Min(0.0, lnComplement ())))

/// K5 in the registry.
[<CompiledName("HypercubeFormula")>]
let hypercubeFormula =
    Formula.make hypercubeInfo (fun a ->
        KernelResult.make hypercubeInfo true (hypercube (Formula.intArg a "N") (Formula.intArg a "r") (Formula.intArg a "delta")))

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
/// The quadrature of K6 (see hypersphereExactWithErrorEstimate), unchecked.
let private hypersphereQuadrature (n: int) (b: float) (cosTheta: float) : struct (LogValue * float) =
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

/// K6 exact (derivation and quadrature above) with the quadrature's own relative error estimate.
/// For b < 0 it is evaluated through 1 − K(b) = 2 cap(−b) − K(−b) whenever 1 − K ≤ ½, so ln K ≤ 0 always and
/// K near 1 keeps its relative accuracy; at cos θ = 1 it is the cap fraction exactly.
/// N ≥ 3, −1 < b < 1, −1 ≤ cos θ ≤ 1.
[<CompiledName("HypersphereExactWithErrorEstimate")>]
let hypersphereExactWithErrorEstimate (n: int) (b: float) (cosTheta: float) : struct (LogValue * float) =
    Validate.atLeast "N" 3 n
    Validate.openInterval "b" -1.0 1.0 b
    Validate.closed "cos" -1.0 1.0 cosTheta
    let a = float (n - 1) / 2.0
    // ln cap(b'), the fraction of the sphere with z·x ≥ b'
    let lnCap (b': float) = lnUpperFraction a b' ((1.0 - b') * (1.0 + b'))
    if cosTheta = 1.0 then struct (LogValue.ofLn (lnCap b), 0.0)
    elif b >= 0.0 then
        // the overlap never exceeds either cap
        let struct (k, err) = hypersphereQuadrature n b cosTheta
        struct (LogValue.ofLn (Math.Min(k.Ln, lnCap b)), err)
    else
        // Inclusion–exclusion on the complements {z·x < b} = cap_{−b}(−x):
        //   1 − K(b) = 2 cap(−b) − K(−b) = cap(−b) (2 − K(−b)/cap(−b)),
        // a sum of non-negative parts, so when 1 − K ≤ ½ ln K = ln(1 − (1 − K)) keeps full relative accuracy
        // (K within 1e-5000 of 1 at N = 10⁵ is 1, never 1 + 7e-12), and K(−b) (b' > 0) needs no b < 0 pieces.
        let lnC = lnCap (-b)
        let struct (kMinus, err) = hypersphereQuadrature n (-b) cosTheta
        let ratio = if kMinus.IsZero then 0.0 else Math.Min(1.0, Math.Exp(kMinus.Ln - lnC))
        let lnOneMinusK = lnC + Math.Log(2.0 - ratio)
        if lnOneMinusK < -ln2 then struct (LogValue.ofLn (log1mExp lnOneMinusK), err)
        else
            let struct (k, errDirect) = hypersphereQuadrature n b cosTheta
            struct (LogValue.ofLn (Math.Min(0.0, k.Ln)), errDirect)

/// K6 exact (see hypersphereExactWithErrorEstimate for the derivation and accuracy).
/// N ≥ 3, −1 < b < 1, −1 ≤ cos θ ≤ 1.
[<CompiledName("HypersphereExact")>]
let hypersphereExact (n: int) (b: float) (cosTheta: float) : LogValue =
    let struct (v, _) = hypersphereExactWithErrorEstimate n b cosTheta
    v

let private sphereParameters (nMin: int) =
    [ Formula.whole "N" nMin; Formula.openInterval "b" "(-1, 1)" -1.0 1.0
      Formula.parameter "cos" "[-1, 1]" (fun name _ x -> Validate.closed name -1.0 1.0 x) ]

let private hypersphereExactInfo : FormulaInfo =
    { Id = "sdm-hypersphere.exact"; Equation = "KMN Eqs. 17, 43"; Kind = "kernel value"
      Summary = "infinite SDM on the hypersphere, exact integral (bias b, cosine between the patterns)"
      Parameters = sphereParameters 3; Regime = KernelResult.exact }

/// K6 exact in the registry.
[<CompiledName("HypersphereExactFormula")>]
let hypersphereExactFormula =
    Formula.make hypersphereExactInfo (fun a ->
        KernelResult.make hypersphereExactInfo true (hypersphereExact (Formula.intArg a "N") a.["b"] a.["cos"]))

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
    // The incomplete beta's argument is y = 1 − (Δ/b̂)² with Δ² = (1 − cos θ)/2, so y b̂² = (1 − b²) − (1 − cos θ)/2
    // and (1 − y) b̂² = (1 − cos θ)/2. Near the edge of the support (cos θ → 2b² − 1) and as b → 1 the first
    // difference cancels; it is formed from exact pieces (Knuth's TwoSum, an FMA for b²: 1 − b² = s + se − pe and
    // (1 − cos θ)/2 = h + he exactly), so y and 1 − y are each good to a few ulps and are passed to the incomplete
    // beta as a pair. (y written as ((1 + cos θ)/2 − b²)/(1 − b²) lost up to 1e-4 relative of K near b → 1.)
    let twoSum (u: float) (v: float) =
        let sum = u + v
        let vv = sum - u
        struct (sum, (u - (sum - vv)) + (v - vv))
    let p = b * b
    let pe = Math.FusedMultiplyAdd(b, b, -p)
    let struct (s, se) = twoSum 1.0 -p
    let struct (twiceH, twiceHe) = twoSum 1.0 -cosTheta
    let h, he = twiceH / 2.0, twiceHe / 2.0
    let bHat2 = s + (se - pe)
    let yTimesBHat2 = (s - h) + ((se - pe) - he)
    if yTimesBHat2 <= 0.0 then LogValue.zero
    else
        let a = float n / 2.0
        let struct (lnI, _) = logBetaRegularizedPair a 0.5 (yTimesBHat2 / bHat2) ((h + he) / bHat2)
        LogValue.ofLn (float (n - 1) / 2.0 * Math.Log bHat2 - Math.Log(2.0 * Math.PI) + lnI + logBeta a 0.5)

let private hypersphereApproxInfo : FormulaInfo =
    { Id = "sdm-hypersphere.approx"; Equation = "KMN Eqs. 18, 48"; Kind = "kernel value (sparse approximation)"
      Summary = "infinite SDM on the hypersphere, sparse closed-form approximation"
      Parameters = sphereParameters 2; Regime = "sparse code: 0.9 ≤ b < 1 (KMN §3.3)" }

/// K6 approximate in the registry; in range for a sparse code, b ≥ 0.9.
[<CompiledName("HypersphereApproxFormula")>]
let hypersphereApproxFormula =
    Formula.make hypersphereApproxInfo (fun a ->
        KernelResult.make hypersphereApproxInfo (a.["b"] >= 0.9) (hypersphereApprox (Formula.intArg a "N") a.["b"] a.["cos"]))
