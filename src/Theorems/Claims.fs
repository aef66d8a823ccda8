/// The claims of SPEC T1–T12 and of the user checks, each coded once: a predicate on one case that returns Pass,
/// Fail (with what was measured against what) or Discard (the case misses the claim's preconditions). The
/// catalogue (Theorems) draws cases for them; the test project's FsCheck properties call the same predicates on
/// their own generators. Every tolerance comes from TheoremTolerance, where it is derived.
[<RequireQualifiedAccess>]
module AssociativeKernels.Core.Claims

open System
open MathNet.Numerics.LinearAlgebra

let private show (x: float) = Validate.show x

let private dot = LinearAlgebra.dot

let private absDot (a: float[]) (b: float[]) = Array.fold2 (fun s u v -> s + abs (u * v)) 0.0 a b

/// The first verdict that is not Pass (a Fail or a Discard), else Pass; the later claims are not evaluated.
let allOf (claims: (unit -> Verdict) list) : Verdict =
    claims |> List.fold (fun acc c -> match acc with Pass -> c () | other -> other) Pass

/// Pass when `ok`, else Fail with the message.
let private require (ok: bool) (message: unit -> string) = if ok then Pass else Fail(message ())

// ---- T1: the kernel trick ---------------------------------------------------------------------------------

/// T1 (KMN Eq. 107): the degree-2 feature map reproduces (x·y + 1)², and has 1 + 2N + N(N−1)/2 features. Both
/// sides are sums of products; each is bounded by γ_m of its absolute sum.
let polynomialFeatureMap (x: float[]) (y: float[]) : Verdict =
    let fx, fy = FeatureMap.polynomial2 x, FeatureMap.polynomial2 y
    let lhs = dot fx fy
    let rhs = Kernel.polynomial 2 1.0 x y
    let rhsScale = (absDot x y + 1.0) ** 2.0
    let tol = TheoremTolerance.gamma (fx.Length + 4) * absDot fx fy + TheoremTolerance.gamma (x.Length + 4) * 3.0 * rhsScale
    allOf
        [ fun () -> require (abs (lhs - rhs) <= tol) (fun () -> sprintf "φ(x)·φ(y) = %s but (x·y + 1)² = %s (tolerance %s)" (show lhs) (show rhs) (show tol))
          fun () -> require (fx.Length = 1 + 2 * x.Length + x.Length * (x.Length - 1) / 2) (fun () -> sprintf "the feature vector has %d entries, not 1 + 2N + N(N−1)/2" fx.Length) ]

/// T1 (KMN App. C): φ_pairs(x)·φ_pairs(y) = ((x·y)² − Σ x_i²y_i²)/2, which on ±1 vectors is ((x·y)² − N)/2.
let pairsFeatureMap (x: float[]) (y: float[]) : Verdict =
    let lhs = dot (FeatureMap.pairs x) (FeatureMap.pairs y)
    let rhs = FeatureMap.pairsKernel x y
    let scale = absDot x y ** 2.0
    let tol = TheoremTolerance.gamma (x.Length * (x.Length - 1) / 2 + x.Length + 4) * 2.0 * scale + TheoremTolerance.eps
    require (abs (lhs - rhs) <= tol) (fun () -> sprintf "φ_pairs(x)·φ_pairs(y) = %s but ((x·y)² − Σx²y²)/2 = %s (tolerance %s)" (show lhs) (show rhs) (show tol))

// ---- T2: a finite SDM converges to its kernel ---------------------------------------------------------------

/// The T2 band: `both` addresses of `addresses` active for x and y estimate kernel value k within
/// monteCarloSigmas binomial standard errors √(k(1 − k)/N_φ), plus one count for k at 0 or 1.
let private withinMonteCarloBand (kernelName: string) (addresses: int) (seed: int) (both: float) (k: float) : Verdict =
    let estimate = both / float addresses
    let band = TheoremTolerance.monteCarloSigmas * Math.Sqrt(k * (1.0 - k) / float addresses) + 1.0 / float addresses
    require (abs (estimate - k) <= band) (fun () ->
        sprintf "finite SDM (N_φ = %d, seed %d) gives %s, kernel %s gives %s, band ±%s" addresses seed (show estimate) kernelName (show k) (show band))

/// T2 (KMN Eqs. 15–16): with N_φ random hypercube addresses (seeded), the fraction φ(x)·φ(y)/N_φ of addresses
/// active for both x and y = x with its first Δ bits flipped lies within 5 binomial standard errors (plus one
/// count) of K_SDM(N, r, Δ). Discards r ∉ [1, N − 1] and Δ > N.
let sdmHypercubeConverges (r: int) (delta: int) (addresses: int) (seed: int) (x: float[]) : Verdict =
    let n = x.Length
    if r < 1 || r > n - 1 then Discard(sprintf "r = %d needs 1 ≤ r ≤ N − 1 = %d" r (n - 1))
    elif delta > n then Discard(sprintf "Δ = %d exceeds N = %d" delta n)
    else
        let y = Array.mapi (fun i v -> if i < delta then -v else v) x
        let z = FeatureMap.randomHypercubeAddresses seed addresses n
        let b = float (n - 2 * r)
        let k = (SdmKernel.hypercube n r delta).Value
        withinMonteCarloBand "Eq. 16" addresses seed (dot (FeatureMap.sdm z b x) (FeatureMap.sdm z b y)) k

/// T2 (KMN Eqs. 15, 17): with N_φ random addresses on the unit sphere S^{N−1} (seeded) and threshold b, the fraction
/// of addresses active for both x = e₁ and y = c·e₁ + √(1 − c²)·e₂ (unit vectors with x·y = c) lies within 5 binomial
/// standard errors (plus one count) of the hypersphere kernel K_SDM(N, b, c). Discards N < 3 (the kernel needs it).
let sdmHypersphereConverges (b: float) (c: float) (addresses: int) (seed: int) (n: int) : Verdict =
    if n < 3 then Discard(sprintf "the hypersphere kernel needs N ≥ 3, not %d" n)
    else
        let x = Array.init n (fun i -> if i = 0 then 1.0 else 0.0)
        let y = Array.init n (fun i -> if i = 0 then c elif i = 1 then Math.Sqrt(1.0 - c * c) else 0.0)
        let z = FeatureMap.randomHypersphereAddresses seed addresses n
        let k = (SdmKernel.hypersphereExact n b c).Value
        withinMonteCarloBand "Eq. 17" addresses seed (dot (FeatureMap.sdm z b x) (FeatureMap.sdm z b y)) k

// ---- T3: symmetry, Mercer, invertibility --------------------------------------------------------------------

/// T3: k(x, y) = k(y, x) up to `relative`·max(|k(x, y)|, |k(y, x)|) (0: exactly).
let kernelSymmetric (relative: float) (k: float[] -> float[] -> float) (x: float[]) (y: float[]) : Verdict =
    let a, b = k x y, k y x
    if not (Double.IsFinite a && Double.IsFinite b) then Fail(sprintf "k(x, y) = %s, k(y, x) = %s: not finite" (show a) (show b))
    else require (abs (a - b) <= relative * max (abs a) (abs b)) (fun () -> sprintf "k(x, y) = %s but k(y, x) = %s" (show a) (show b))

/// The smallest eigenvalue of a symmetric matrix (MathNet's symmetric eigensolver) and max |entry|.
let smallestEigenvalue (g: float[,]) =
    let m = Matrix<float>.Build.DenseOfArray g
    let lmin = m.Evd(Symmetricity.Symmetric).EigenValues |> Seq.map (fun c -> c.Real) |> Seq.min
    lmin, (g |> Seq.cast<float> |> Seq.map abs |> Seq.max)

/// The Gram matrix of the points under k, or a Fail naming the first non-finite entry.
let private gramOf (k: float[] -> float[] -> float) (points: float[][]) =
    let g = Kernel.gram k points
    let bad = seq { for i in 0 .. points.Length - 1 do for j in 0 .. points.Length - 1 do if not (Double.IsFinite g.[i, j]) then yield i, j } |> Seq.tryHead
    match bad with
    | Some(i, j) -> Error(Fail(sprintf "the Gram entry k(x%d, x%d) = %s is not finite" i j (show g.[i, j])))
    | None -> Ok g

/// T3 (Mercer): the Gram matrix of the points is positive semi-definite: λ_min ≥ −floor, with the rounding floor
/// of TheoremTolerance.eigenvalueFloor for entries of relative error `entryError`.
let gramPositiveSemiDefinite (entryError: float) (k: float[] -> float[] -> float) (points: float[][]) : Verdict =
    if points.Length = 0 then Pass
    else
        match gramOf k points with
        | Error v -> v
        | Ok g ->
            let lmin, maxAbs = smallestEigenvalue g
            let floor = TheoremTolerance.eigenvalueFloor points.Length maxAbs entryError
            require (lmin >= -floor) (fun () -> sprintf "the %d×%d Gram matrix has λ_min = %s below −%s (the rounding floor)" points.Length points.Length (show lmin) (show floor))

/// T3 (Micchelli 1986, cited in KMN §4.2): the Gram matrix of distinct points is positive definite, hence
/// invertible: λ_min above the rounding floor. Discards cases with two points closer than `minDistance`.
let gramPositiveDefinite (entryError: float) (minDistance: float) (k: float[] -> float[] -> float) (points: float[][]) : Verdict =
    let close =
        seq { for i in 0 .. points.Length - 1 do for j in i + 1 .. points.Length - 1 do if Kernel.distance points.[i] points.[j] < minDistance then yield i, j }
        |> Seq.tryHead
    match close with
    | Some(i, j) -> Discard(sprintf "points %d and %d are closer than %s" i j (show minDistance))
    | None when points.Length = 0 -> Pass
    | None ->
        match gramOf k points with
        | Error v -> v
        | Ok g ->
            let lmin, maxAbs = smallestEigenvalue g
            let floor = TheoremTolerance.eigenvalueFloor points.Length maxAbs entryError
            require (lmin > floor) (fun () ->
                sprintf "the %d×%d Gram matrix of distinct points has λ_min = %s, not above the rounding floor %s: not positive definite" points.Length points.Length (show lmin) (show floor))

/// T3 for the Exp-β kernel exp(−(‖x − y‖/r)^β) (KMN Eq. 21): symmetric on every pair, and its Gram matrix of
/// points at least 0.5 apart is positive definite (Micchelli: for 0 < β ≤ 2).
let expBetaGram (beta: float) (r: float) (points: float[][]) : Verdict =
    let k x y = (Kernel.expBeta beta r x y).Value
    allOf
        [ fun () ->
            seq { for i in 0 .. points.Length - 1 do for j in i + 1 .. points.Length - 1 -> kernelSymmetric 0.0 k points.[i] points.[j] }
            |> Seq.tryFind (fun v -> v <> Pass) |> Option.defaultValue Pass
          fun () -> gramPositiveDefinite TheoremTolerance.directKernelEntry 0.5 k points ]

// ---- T4: the zero-temperature limit -------------------------------------------------------------------------

/// T4, KMN Property 5.1 (Eqs. 69–70): |Exp-β(d) − Θ(r − d)| does not increase along β = 1, 2, 5, …, 10⁴, and at
/// β = 10⁴ it is below 1e-40 when d/r is at least 1% away from 1 (there (d/r)^β ≤ 0.99^10⁴ < 1e-43 below r and
/// e^{−1.01^10⁴} = 0 above); Θ(0) = e^{−1}.
let zeroTemperatureLimit (r: float) (d: float) : Verdict =
    let theta = Kernel.expBetaLimitOfDistance r d
    let gap beta = abs ((Kernel.expBetaOfDistance beta r d).Value - theta)
    let betas = [| 1.0; 2.0; 5.0; 10.0; 50.0; 100.0; 500.0; 2000.0; 1e4 |]
    let gaps = betas |> Array.map gap
    allOf
        [ fun () ->
            match Array.pairwise (Array.zip betas gaps) |> Array.tryFind (fun ((_, a), (_, b)) -> b > a) with
            | Some((b1, a), (b2, b)) -> Fail(sprintf "the gap to Θ grew from %s at β = %s to %s at β = %s" (show a) (show b1) (show b) (show b2))
            | None -> Pass
          fun () ->
            require (abs (d / r - 1.0) < 0.01 || gaps.[gaps.Length - 1] <= 1e-40) (fun () -> sprintf "the gap at β = 10⁴ is %s" (show gaps.[gaps.Length - 1])) ]

/// T4, KMN Property 5.1: Θ(0) = e^{−1} — at d = r, ln Exp-β = −(r/r)^β = −1 exactly for every β (r/r rounds to 1
/// exactly), and the limit kernel is e^{−1}.
let zeroTemperatureAtRadius (r: float) (beta: float) : Verdict =
    let ln = (Kernel.expBetaOfDistance beta r r).Ln
    let limit = Kernel.expBetaLimitOfDistance r r
    allOf
        [ fun () -> require (ln = -1.0) (fun () -> sprintf "at d = r, β = %s: ln Exp-β = %s, not −1" (show beta) (show ln))
          fun () -> require (limit = Math.Exp -1.0) (fun () -> sprintf "Θ(0) = %s, not e^{−1}" (show limit)) ]

/// T4, KMN Property 5.1 (Eqs. 71–72): for patterns pairwise more than 1.01·r apart the Θ Gram matrix is exactly the
/// identity, and so is the Exp-β Gram matrix at β = 10⁴ (off the diagonal e^{−(d/r)^10⁴} ≤ e^{−1.01^10⁴} underflows
/// to 0; on it e^0 = 1). Discards cases with a pair within 1.01·r.
let zeroTemperatureGram (r: float) (points: float[][]) : Verdict =
    let close =
        seq { for i in 0 .. points.Length - 1 do for j in i + 1 .. points.Length - 1 do if not (Kernel.distance points.[i] points.[j] > 1.01 * r) then yield i, j }
        |> Seq.tryHead
    match close with
    | Some(i, j) -> Discard(sprintf "points %d and %d are within 1.01·r" i j)
    | None ->
        let isIdentity (g: float[,]) =
            seq { for i in 0 .. points.Length - 1 do for j in 0 .. points.Length - 1 do if g.[i, j] <> (if i = j then 1.0 else 0.0) then yield i, j } |> Seq.tryHead
        let check (name: string) (g: float[,]) () =
            match isIdentity g with
            | Some(i, j) -> Fail(sprintf "%s: entry (%d, %d) is %s, not the identity's" name i j (show g.[i, j]))
            | None -> Pass
        allOf
            [ check "the Θ Gram matrix" (Kernel.gram (Kernel.expBetaLimit r) points)
              check "the Exp-β Gram matrix at β = 10⁴" (Kernel.gram (fun x y -> (Kernel.expBeta 1e4 r x y).Value) points) ]

// ---- T5: one-step convergence of the β → ∞ Exp-β network -----------------------------------------------------

/// The smallest pairwise distance of the points (2 for a single point, so r = u for one pattern).
let private minDistance (x: float[][]) =
    if x.Length < 2 then 2.0 else Seq.min (seq { for a in 0 .. x.Length - 1 do for b in a + 1 .. x.Length - 1 -> Kernel.distance x.[a] x.[b] })

/// T5's setting (KMN Eq. 22): r = u·(smallest pairwise distance)/2 and the zero-temperature network of radius r over
/// x, passed to `claim`; a case the network cannot be built for (no patterns, a pair within r) is discarded.
let private withZeroTemperatureNetwork (u: float) (x: float[][]) (claim: float -> ExpBetaLimitNetwork -> Verdict) : Verdict =
    if x.Length = 0 then Discard "no patterns"
    else
        let r = u * minDistance x / 2.0
        if not (r > 0.0) then Discard "two patterns coincide"
        else
            match (try Ok(ExpBetaNetwork.zeroTemperature r x) with :? ArgumentException as e -> Error e.Message) with
            | Error why -> Discard why
            | Ok net -> claim r net

/// T5, KMN Property 5.2 (Eq. 22): with r = u·(smallest pairwise distance)/2 — every pair more than 2r apart when
/// u < 1 — a start at distance frac·r < r from a pattern ξ^μ (μ and the direction drawn from `seed`) reaches ξ^μ in
/// one step of the zero-temperature rule. Discards cases Eq. 22 cannot be built for (a pair within r).
let oneStepConvergence (u: float) (frac: float) (seed: int) (x: float[][]) : Verdict =
    withZeroTemperatureNetwork u x (fun r net ->
        let rng = Random(seed)
        let mu = rng.Next(x.Length)
        let dir = Sampling.spherePoint rng x.[0].Length
        let s0 = Array.map2 (fun p d -> p + frac * r * d) x.[mu] dir
        let s1 = ExpBetaNetwork.limitStep net s0
        require (s1 = x.[mu]) (fun () ->
            sprintf "r = %s: one step from distance %s·r of pattern %d gave (%s), not the pattern" (show r) (show frac) mu (s1 |> Array.map show |> String.concat ", ")))

/// T5, KMN Property 5.3 (Eq. 22): with r = u·(smallest pairwise distance)/2, from a start drawn from `seed` — near a
/// pattern (spread·r·Gaussian away), far from all (3·spread·Gaussian) or at the origin — the zero-temperature dynamics
/// converges within 3 steps (at most two moves and one confirming step) to a stored pattern or to the agnostic state
/// (0, or the pattern within r of the origin when there is one), and all of these are fixed points. Discards cases
/// Eq. 22 cannot be built for.
let noSpuriousAttractors (u: float) (spread: float) (seed: int) (x: float[][]) : Verdict =
    withZeroTemperatureNetwork u x (fun r net ->
        let rng = Random(seed)
        let n = x.[0].Length
        let s0 =
            match rng.Next 3 with
            | 0 -> Array.map2 (fun p g -> p + spread * r * g) x.[rng.Next x.Length] (Sampling.gaussianVector rng n)
            | 1 -> Sampling.gaussianVector rng n |> Array.map (fun g -> 3.0 * spread * g)
            | _ -> Array.zeroCreate n
        let agnostic = ExpBetaNetwork.agnosticState net
        let expectedAgnostic =
            match x |> Array.tryFind (fun p -> Kernel.distance p (Array.zeroCreate n) < r) with
            | Some p -> p
            | None -> Array.zeroCreate n
        let it = ExpBetaNetwork.retrieveLimit net 10 s0
        let vector (v: float[]) = "(" + (v |> Array.map show |> String.concat ", ") + ")"
        allOf
            [ fun () -> require (agnostic = expectedAgnostic) (fun () -> sprintf "the agnostic state is %s, expected %s" (vector agnostic) (vector expectedAgnostic))
              fun () ->
                require (it.Ending = Converged && (Array.contains it.State x || it.State = agnostic)) (fun () ->
                    sprintf "from %s the dynamics ended at %s (%A after %d steps), neither a pattern nor the agnostic state" (vector s0) (vector it.State) it.Ending it.Steps)
              fun () -> require (it.Steps <= 3) (fun () -> sprintf "from %s it took %d steps (at most two moves and one confirming step)" (vector s0) it.Steps)
              fun () ->
                match Array.append x [| agnostic |] |> Array.tryFind (fun p -> ExpBetaNetwork.limitStep net p <> p) with
                | Some p -> Fail(sprintf "%s (a pattern or the agnostic state) is not a fixed point" (vector p))
                | None -> Pass ])

// ---- T6: Property 4 and the pseudoinverse rule --------------------------------------------------------------

/// T6, KMN Property 4 (Eq. 20): every stored pattern is a fixed point of s ← X K^† K(X, s), rank-deficient K
/// included, for a kernel whose feature map contains x with read-out norm `readout` (0 for strictly positive
/// definite kernels); tolerance pseudoinverseFixedPoint + pseudoinverseTruncation.
let interpolationFixedPoints (k: float[] -> float[] -> float) (readout: float) (x: float[][]) : Verdict =
    let net = InterpolationNetwork.create k x
    let s = (Matrix<float>.Build.DenseOfArray(Kernel.gram net.Kernel net.Patterns)).Svd(false).S |> Seq.toArray
    let kept = s |> Array.filter (fun v -> v > InterpolationNetwork.RankCutoff * s.[0])
    let sigmaMax = s.[0]
    let kappa = if kept.Length = 0 then 1.0 else kept.[0] / kept.[kept.Length - 1]
    let maxAbs = x |> Array.collect id |> Array.map abs |> Array.max
    let tol = TheoremTolerance.pseudoinverseFixedPoint x.Length kappa maxAbs + TheoremTolerance.pseudoinverseTruncation readout InterpolationNetwork.RankCutoff sigmaMax
    x
    |> Array.mapi (fun mu p -> mu, Array.map2 (fun a b -> abs (a - b)) (InterpolationNetwork.step net p) p |> Array.max)
    |> Array.tryFind (fun (_, err) -> not (err <= tol))
    |> function
        | Some(mu, err) -> Fail(sprintf "pattern %d moved by %s (tolerance %s, κ = %s, rank %d of %d)" mu (show err) (show tol) (show kappa) net.Rank x.Length)
        | None -> Pass

/// T6 (KMN App. D, Eqs. 52, 54): every stored ±1 pattern is a fixed point of sgn(X K^† K(X, s)).
let signRuleFixedPoints (k: float[] -> float[] -> float) (x: float[][]) : Verdict =
    let net = InterpolationNetwork.create k x
    match x |> Array.tryFindIndex (fun p -> InterpolationNetwork.signStep net p <> p) with
    | Some mu -> Fail(sprintf "stored pattern %d moved under the sign rule (rank %d of %d)" mu net.Rank x.Length)
    | None -> Pass

// ---- T7: SVM-trained networks --------------------------------------------------------------------------------

/// The one-shot margin (θ = 0, α = 1; KMN Eq. 49) of a neuron with Gram matrix g and labels y: min y h/‖w‖
/// (−∞ when ‖w‖ = 0).
let oneShotMargin (g: float[,]) (y: float[]) =
    let m = y.Length
    let h = Array.init m (fun mu -> Seq.sum (seq { for nu in 0 .. m - 1 -> y.[nu] * g.[nu, mu] }))
    let w2 = Seq.sum (seq { for a in 0 .. m - 1 do for b in 0 .. m - 1 -> y.[a] * y.[b] * g.[a, b] })
    if w2 <= 0.0 then Double.NegativeInfinity else (Array.map2 (*) y h |> Array.min) / sqrt w2

/// Each trained neuron's KKT residuals are within svmKkt and its margin is at least the one-shot margin, up to
/// marginFactor and marginRounding.
let svmNeurons (grams: int -> float[,]) (labels: int -> float[]) (net: SvmNetwork) : Verdict =
    net.Neurons
    |> Array.mapi (fun i s -> i, s)
    |> Array.tryPick (fun (i, s) ->
        let g = grams i
        let y = labels i
        let g1 = oneShotMargin g y
        let total = Array.sum s.Alpha
        let epsNorm = if total > 0.0 then (float y.Length * s.Kkt.Complementarity + abs s.Threshold * s.Kkt.Equality) * max 1.0 total / total else 0.0
        let factor = TheoremTolerance.marginFactor s.Kkt.PrimalViolation epsNorm
        if not (s.Kkt.Max <= TheoremTolerance.svmKkt) then Some(Fail(sprintf "neuron %d: KKT residual %s above %s" i (show s.Kkt.Max) (show TheoremTolerance.svmKkt)))
        elif not (s.Margin >= g1 * factor - TheoremTolerance.marginRounding y.Length * abs g1) then
            Some(Fail(sprintf "neuron %d: SVM margin %s < one-shot margin %s" i (show s.Margin) (show g1)))
        else None)
    |> Option.defaultValue Pass

/// When the trainer reports non-separable data, some neuron's one-shot margin is below γ_min too.
let svmNonSeparableIsConsistent (grams: int -> float[,]) (labels: int -> float[]) (n: int) (e: exn) : Verdict =
    let anyBelow =
        Seq.exists (fun i ->
            let g = grams i
            let gammaMin = HardMarginSvm.defaultOptions.MinMarginRatio * sqrt (Seq.max (seq { for t in 0 .. Array2D.length1 g - 1 -> g.[t, t] }))
            oneShotMargin g (labels i) < gammaMin) (seq { 0 .. n - 1 })
    require anyBelow (fun () -> sprintf "the trainer said non-separable (%s) but every one-shot neuron separates its data" e.Message)

/// T7, KMN Property 2.1: with the inner-product kernel k(ξ·s) every stored ±1 pattern is a fixed point of the
/// synchronous SVM network, and each neuron's margin is at least the one-shot rule's (Eq. 49); when training
/// reports non-separable data the one-shot rule cannot separate it either.
let svmFixedPoints (k: float -> float) (x: float[][]) : Verdict =
    let kernel (a: float[]) (b: float[]) = k (dot a b)
    let gram = Kernel.gram kernel x
    let labels i = x |> Array.map (fun p -> p.[i])
    try
        let net = KernelNetwork.trainAuto kernel x
        allOf
            [ fun () ->
                match x |> Array.tryFindIndex (fun p -> KernelNetwork.step net.Network p <> p) with
                | Some mu -> Fail(sprintf "stored pattern %d moved" mu)
                | None -> Pass
              fun () -> svmNeurons (fun _ -> gram) labels net ]
    with :? ArgumentException as e -> svmNonSeparableIsConsistent (fun _ -> gram) labels x.[0].Length e

/// T7, KMN Property 2.2 (Eq. 12): without self-connections (neuron i's kernel k(ξ·s − ξ_i s_i)), every stored ±1
/// pattern is a fixed point of asynchronous sweeps in the order drawn from `seed` (one sweep, converged), and each
/// neuron's margin is at least the one-shot rule's; non-separable data is reported consistently.
let svmFixedPointsWithoutSelf (k: float -> float) (seed: int) (x: float[][]) : Verdict =
    let grams i = Array2D.init x.Length x.Length (fun a b -> k (dot x.[a] x.[b] - x.[a].[i] * x.[b].[i]))
    let labels i = x |> Array.map (fun p -> p.[i])
    try
        let net = KernelNetwork.trainAutoWithoutSelf k x
        allOf
            [ fun () ->
                match x |> Array.tryFindIndex (fun p ->
                        let it = KernelNetwork.retrieveAsynchronous net.Network (Shuffled seed) 5 p
                        not (it.State = p && it.Steps = 1 && it.Ending = Converged)) with
                | Some mu -> Fail(sprintf "stored pattern %d moved under asynchronous sweeps (order seed %d)" mu seed)
                | None -> Pass
              fun () -> svmNeurons grams labels net ]
    with :? ArgumentException as e -> svmNonSeparableIsConsistent grams labels x.[0].Length e

/// T7, KMN Property 1 (Eqs. 5–6): the hetero-associative SVM network recalls every stored output from its input, and
/// each neuron's margin is at least the one-shot rule's; non-separable data is reported consistently.
let svmHeteroRecall (k: float -> float) (inputs: float[][]) (outputs: float[][]) : Verdict =
    let kernel (a: float[]) (b: float[]) = k (dot a b)
    let gram = Kernel.gram kernel inputs
    let labels i = outputs |> Array.map (fun o -> o.[i])
    try
        let net = KernelNetwork.trainHetero kernel inputs outputs
        allOf
            [ fun () ->
                match Array.zip inputs outputs |> Array.tryFindIndex (fun (input, out) -> KernelNetwork.recall net.Network input <> out) with
                | Some mu -> Fail(sprintf "output %d was not recalled from its input" mu)
                | None -> Pass
              fun () -> svmNeurons (fun _ -> gram) labels net ]
    with :? ArgumentException as e -> svmNonSeparableIsConsistent (fun _ -> gram) labels outputs.[0].Length e

// ---- T8: energy descent ----------------------------------------------------------------------------------------

/// Asynchronous sweeps (a fresh random order each, from `seed`) to a fixed point (at most 200 sweeps), applying
/// `update s i` one neuron at a time; every intermediate state, and whether it was still changing at the end.
let asynchronousTrajectory (update: float[] -> int -> float[]) (seed: int) (s0: float[]) =
    let states = ResizeArray [ s0 ]
    let orders = (Dynamics.sweeps (Shuffled seed) s0.Length).GetEnumerator()
    let mutable s = s0
    let mutable changed = true
    let mutable sweeps = 0
    while changed && sweeps < 200 do
        changed <- false
        sweeps <- sweeps + 1
        orders.MoveNext() |> ignore
        for i in orders.Current do
            let next = update s i
            if next <> s then changed <- true
            s <- next
            states.Add s
    states.ToArray(), changed

/// T8, DAM Eq. 4: asynchronous updates of the dense memory E = −Σ_μ F(ξ^μ·σ) never raise E (up to
/// denseEnergyComparison), from ±1 start `s0`, and reach a fixed point within 200 sweeps.
let denseEnergyDescent (f: DenseEnergy) (seed: int) (patterns: float[][]) (s0: float[]) : Verdict =
    let mem = DenseMemory.create f patterns
    let states, unconverged = asynchronousTrajectory (DenseMemory.updateNeuron mem) seed s0
    let sumAbs s = DenseMemory.overlaps mem s |> Array.sumBy (DenseEnergy.value f >> abs)
    let rise =
        states |> Array.pairwise |> Array.tryFindIndex (fun (a, b) ->
            DenseMemory.energy mem b - DenseMemory.energy mem a > TheoremTolerance.denseEnergyComparison patterns.Length (sumAbs a) (sumAbs b))
    match rise with
    | Some t -> Fail(sprintf "update %d raised the energy from %s to %s" (t + 1) (show (DenseMemory.energy mem states.[t])) (show (DenseMemory.energy mem states.[t + 1])))
    | None -> require (not unconverged) (fun () -> "no fixed point within 200 sweeps")

/// T8 (Hopfield 1982; DAM Eq. 1): asynchronous updates never raise the classical energy −½ sᵀTs when T is symmetric
/// with T_ii ≥ 0. Flipping neuron i (Δ = −2s_i) changes E by ΔE = −Δ h_i − ½T_ii Δ² = 2 s_i h_i − 2T_ii with
/// h_i = (Ts)_i; the update flips only when s_i h_i < 0, so ΔE < −2T_ii ≤ 0. Both Hebbian rules meet the condition
/// (T_ii = 0, or T_ii = K). On ±1 data every entry is an integer: exact, no tolerance. Also: a fixed point within 200
/// sweeps.
let hopfieldEnergyDescent (rule: HopfieldRule) (seed: int) (patterns: float[][]) (s0: float[]) : Verdict =
    let net = HopfieldNetwork.create rule patterns
    let states, unconverged = asynchronousTrajectory (HopfieldNetwork.updateNeuron net) seed s0
    let energies = states |> Array.map (HopfieldNetwork.energy net)
    match energies |> Array.pairwise |> Array.tryFindIndex (fun (a, b) -> b > a) with
    | Some t -> Fail(sprintf "%A: update %d raised the energy from %s to %s" rule (t + 1) (show energies.[t]) (show energies.[t + 1]))
    | None -> require (not unconverged) (fun () -> "no fixed point within 200 sweeps")

/// The magnitude scale of evaluating UHN Eq. 4 (LAM Eq. 13 for softmax) at v, for
/// TheoremTolerance.energyDifference: ½vᵀv + Σ_μ |sep(h)_μ| a_μ + the magnitudes of the Lagrangian's terms, with
/// h_μ = ξ^μ·v and a_μ = Σ_i |ξ_i^μ v_i| (patterns m as rows).
let energyScale (m: float[][]) (sep: Separation) (v: float[]) =
    let h = m |> Array.map (dot v)
    let a = m |> Array.map (absDot v)
    let f = Separation.apply sep h
    let terms =
        match sep with
        | Identity | Square | Polynomial _ | Log -> h |> Array.sumBy (fun x -> abs (Separation.lagrangian sep [| x |]))
        | Softmax _ | Max | Threshold _ | TopK _ | Sparsemax _ | Entmax _ | Normmax _ -> abs (Separation.lagrangian sep h) + (h |> Array.sumBy abs)
    0.5 * dot v v + Array.fold2 (fun s fm am -> s + abs fm * am) 0.0 f a + terms

/// Steps `next` from v0 up to six times (stopping early once a component passes 1e6 in size: odd polynomial
/// separations grow like hⁿ) and fails at the first step whose energy rises by more than energyDifference.
let private energyNeverRises (name: string) (next: float[] -> float[]) (energy: float[] -> float) (scale: float[] -> float) (k: int) (v0: float[]) =
    let rec walk (v: float[]) (step: int) =
        if step > 6 || v |> Array.exists (fun x -> abs x > 1e6) then Pass
        else
            let v' = next v
            let e, e' = energy v, energy v'
            let tol = TheoremTolerance.energyDifference v.Length k (scale v) (scale v')
            if e' <= e + tol then walk v' (step + 1)
            else Fail(sprintf "%s: step %d raised the energy from %s to %s (tolerance %s)" name step (show e) (show e') (show tol))
    walk v0 1

/// T8, UHN Eq. 4 (App. A): along Euler steps of size η of the UHN dynamics (Eq. 2 with the hidden neurons at
/// equilibrium, dot similarity, separation `sep`), the energy ½vᵀv − L_h(M v) never rises, up to
/// energyDifference, for 0 < η ≤ 2 whenever L_h is convex (a monotone separation).
let uhnEnergyDescent (sep: Separation) (eta: float) (m: float[][]) (v0: float[]) : Verdict =
    let net = UniversalHopfield.create UniversalHopfield.defaultOptions Dot sep m
    energyNeverRises (sprintf "UHN %A, η = %s" sep (show eta)) (UniversalHopfield.eulerStep net eta) (UniversalHopfield.energy net) (energyScale m sep) m.Length v0

/// T8, LAM Eq. 13 under the update of Eq. 16 (the modern Hopfield network, v ← Mᵀ softmax(β M v)): the energy
/// never rises, up to energyDifference, over six updates.
let modernEnergyDescent (beta: float) (m: float[][]) (v0: float[]) : Verdict =
    let net = ModernHopfield.create beta m
    energyNeverRises (sprintf "modern Hopfield, β = %s" (show beta)) (ModernHopfield.retrieve net) (ModernHopfield.energy net) (energyScale m (Softmax beta)) m.Length v0

/// Central-difference gradient of the LAM energy (Eq. 2) in the joint state y = (v, h); only its magnitude enters
/// energyStepAllowance, multiplied by the local error (~1e-8), so its own O(η²) error is immaterial.
let private lamEnergyGradient (net: TwoLayerNetwork) (nf: int) (y: float[]) =
    let e (z: float[]) = TwoLayerNetwork.energy net z.[0 .. nf - 1] z.[nf ..]
    Array.init y.Length (fun i ->
        let eta = 1e-5 * max 1.0 (abs y.[i])
        let plus, minus = Array.copy y, Array.copy y
        plus.[i] <- y.[i] + eta
        minus.[i] <- y.[i] - eta
        (e plus - e minus) / (2.0 * eta))

/// The sum of the magnitudes of the terms of LAM Eq. 2 at (v, h): the rounding scale of one energy evaluation.
let private lamEnergyScale (net: TwoLayerNetwork) (v: float[]) (h: float[]) =
    let g = net.Feature.Gradient v
    let f = net.Hidden.Gradient h
    let interaction = net.Patterns |> Array.mapi (fun mu p -> Array.fold2 (fun s a b -> s + abs (f.[mu] * a * b)) 0.0 p g) |> Array.sum
    absDot v g + absDot net.Input g + abs (net.Feature.Value v) + absDot h f + abs (net.Hidden.Value h) + interaction

/// T8 for the LAM ODE (LAM Eqs. 1–4): integrating the two-layer network from (v0, h0) to t = 8 with Dormand–Prince
/// (relative tolerance 1e-8, absolute 1e-10, stationary below 1e-9), no accepted step raises the energy (Eq. 2) by
/// more than energyStepAllowance, the integration reaches its end time or a stationary state, and the total change
/// E_final − E_0 is at most the summed allowances. Holds whenever both Lagrangians are convex (LAM Eq. 4).
let lamEnergyDescent (net: TwoLayerNetwork) (v0: float[]) (h0: float[]) : Verdict =
    let rtol, atol = 1e-8, 1e-10
    let tr = TwoLayerNetwork.integrate { Ode.defaultOptions with EndTime = 8.0; RelativeTolerance = rtol; AbsoluteTolerance = atol; StationaryTolerance = 1e-9 } net v0 h0
    let nf = net.Patterns.[0].Length
    let d = nf + net.Patterns.Length
    let m = nf * net.Patterns.Length + d
    let allowances =
        Array.init (tr.Energies.Length - 1) (fun n ->
            let yOld = Array.append tr.Features.[n] tr.Hidden.[n]
            let yNew = Array.append tr.Features.[n + 1] tr.Hidden.[n + 1]
            let local = Array.map2 (TheoremTolerance.odeLocalError d atol rtol) yOld yNew
            let scale = max (lamEnergyScale net tr.Features.[n] tr.Hidden.[n]) (lamEnergyScale net tr.Features.[n + 1] tr.Hidden.[n + 1])
            TheoremTolerance.energyStepAllowance (lamEnergyGradient net nf yNew) local m scale)
    let bad = [ for n in 0 .. allowances.Length - 1 do if not (tr.Energies.[n + 1] - tr.Energies.[n] <= allowances.[n]) then yield n ]
    let total = tr.Energies.[tr.Energies.Length - 1] - tr.Energies.[0]
    allOf
        [ fun () ->
            require (List.isEmpty bad) (fun () ->
                let n = bad.Head
                sprintf "%d of %d steps raise the energy; step %d (t = %s): ΔE = %s > allowed %s" bad.Length allowances.Length n (show tr.Times.[n + 1]) (show (tr.Energies.[n + 1] - tr.Energies.[n])) (show allowances.[n]))
          fun () -> require (tr.Ending = OdeEnding.ReachedEndTime || tr.Ending = OdeEnding.Stationary) (fun () -> sprintf "ending %A after %d steps" tr.Ending tr.Accepted)
          fun () -> require (total <= Array.sum allowances) (fun () -> sprintf "E_final − E_0 = %s exceeds the summed allowances %s" (show total) (show (Array.sum allowances))) ]

// ---- T9: special cases coincide --------------------------------------------------------------------------------

/// T9 (UHN Eq. 1, §3.1; DAM Eq. 1): UHN with dot similarity, identity separation and sign output is the classical
/// Hopfield network sgn(T q), T = Σ ξξᵀ. On ±1 data every sum is an exact integer, so the states agree exactly.
let uhnIsClassicalHopfield (patterns: float[][]) (q: float[]) : Verdict =
    let uhn = UniversalHopfield.create { UniversalHopfield.defaultOptions with Output = Sign } Dot Identity patterns
    let hopfield = HopfieldNetwork.create HopfieldRule.Hebbian patterns
    let a = UniversalHopfield.retrieve uhn q
    let b = HopfieldNetwork.updateSynchronous hopfield q
    require (a = b) (fun () -> sprintf "UHN gives (%s), Hopfield (%s)" (a |> Array.map show |> String.concat ", ") (b |> Array.map show |> String.concat ", "))

/// T9 (DAM Eq. 4 with F = x²; KMN Eq. 12, §3.4): F(ξ_i + x) − F(−ξ_i + x) = 4 ξ_i x with x = Σ_{j≠i} ξ_j s_j, so the
/// dense memory's update has the sign of Σ_μ ξ_i^μ F′(x_μ) — the kernel memory network with A = 1, θ = 0, k = F′ — and
/// of the zero-diagonal Hopfield field Σ_{j≠i} T_ij s_j. All three are integer arithmetic on ±1 data with the same tie
/// rule, so four asynchronous sweeps in the same orders (from `seed`) give identical trajectories.
let denseIsKernelNetworkAndHopfield (seed: int) (patterns: float[][]) (s0: float[]) : Verdict =
    let dense = DenseMemory.create (DenseEnergy.Polynomial 2) patterns
    let kernel = KernelNetwork.oneShot patterns patterns (WithoutSelf(fun x -> 2.0 * x))
    let hopfield = HopfieldNetwork.create HopfieldRule.HebbianZeroDiagonal patterns
    let orders = Dynamics.sweeps (Shuffled seed) s0.Length |> Seq.take 4 |> Array.ofSeq
    let run (sweep: int[] -> float[] -> float[]) = orders |> Array.scan (fun s order -> sweep order s) s0
    let a = run (DenseMemory.sweep dense)
    let b = run (KernelNetwork.sweep kernel)
    let c = run (HopfieldNetwork.sweep hopfield)
    let firstDifference (other: float[][]) = Array.zip a other |> Array.tryFindIndex (fun (u, v) -> u <> v)
    allOf
        [ fun () ->
            match firstDifference b with
            | Some t -> Fail(sprintf "after %d sweeps the dense memory and the kernel network differ" t)
            | None -> Pass
          fun () ->
            match firstDifference c with
            | Some t -> Fail(sprintf "after %d sweeps the dense memory and the zero-diagonal Hopfield network differ" t)
            | None -> Pass ]

/// T9 (UHN Eq. 1 with dot similarity and softmax; LAM model B with τ_h → 0, Eq. 16): UHN's z = Mᵀ softmax(β M q)
/// and the two-layer network's equilibrium hidden layer projected back agree component by component up to
/// softmaxRetrieval.
let uhnSoftmaxIsModelB (beta: float) (m: float[][]) (q: float[]) : Verdict =
    let uhn = UniversalHopfield.create UniversalHopfield.defaultOptions Dot (Softmax beta) m
    let lam = TwoLayerNetwork.modelB beta m
    let a = UniversalHopfield.retrieve uhn q
    let b = TwoLayerNetwork.adiabaticUpdate lam q
    let w = Kernel.softmax beta m q
    let maxA = m |> Array.map (absDot q) |> Array.max
    let tol i = TheoremTolerance.softmaxRetrieval a.Length m.Length beta maxA (Array.fold2 (fun s wm (p: float[]) -> s + wm * abs p.[i]) 0.0 w m)
    match Array.init a.Length id |> Array.tryFind (fun i -> not (abs (a.[i] - b.[i]) <= tol i)) with
    | Some i -> Fail(sprintf "β = %s, component %d: UHN gives %s, LAM model B %s (tolerance %s)" (show beta) i (show a.[i]) (show b.[i]) (show (tol i)))
    | None -> Pass

/// T9 (KMN Eq. 13 against Eq. 5): the sparse distributed memory with 400 random hypercube addresses (from `seed`)
/// and radius r, s_out = sgn[X_out Θ(Z X_in − b)ᵀ Θ(Z s_in − b)], is the feature-form network with
/// φ_SDM = Θ(Z x − b), b = N − 2r, A = 1, θ = 0. Both fields are sums of counts times ±1 (exact), so they agree
/// exactly. Discards r ∉ [1, N − 1].
let sdmIsFeatureNetwork (r: int) (seed: int) (inputs: float[][]) (outputs: float[][]) (q: float[]) : Verdict =
    let n = q.Length
    if r < 1 || r > n - 1 then Discard(sprintf "r = %d needs 1 ≤ r ≤ N − 1 = %d" r (n - 1))
    else
        let addresses = FeatureMap.randomHypercubeAddresses seed 400 n
        let sdm = SparseDistributedMemory.writeMany (SparseDistributedMemory.withAddresses (Hypercube r) addresses outputs.[0].Length) inputs outputs
        let network = KernelNetwork.oneShot inputs outputs (KernelNetwork.featureKernel (FeatureMap.sdm addresses (float (n - 2 * r))))
        let a = SparseDistributedMemory.readField sdm q
        let b = KernelNetwork.field network q
        require (a = b) (fun () ->
            sprintf "r = %d, address seed %d: SDM field (%s), feature-form field (%s)" r seed (a |> Array.map show |> String.concat ", ") (b |> Array.map show |> String.concat ", "))

// ---- T10: XOR ------------------------------------------------------------------------------------------------

/// The four XOR triplets (x, y, z = XOR) of DAM Table 1 in ±1: z = +1 exactly when x ≠ y, i.e. z = −xy.
let private xorMemories = [| [| -1.0; -1.0; -1.0 |]; [| -1.0; 1.0; 1.0 |]; [| 1.0; -1.0; 1.0 |]; [| 1.0; 1.0; -1.0 |] |]

/// "Solved" (DAM §3): with the inputs (x, y) clamped and the output neuron started at z0, one Eq. 4 update of
/// the output neuron gives XOR(x, y) = −xy, for all four inputs and both z0 = ±1.
let solvesXor (f: DenseEnergy) : bool =
    let mem = DenseMemory.create f xorMemories
    [ -1.0, -1.0; -1.0, 1.0; 1.0, -1.0; 1.0, 1.0 ]
    |> List.forall (fun (x, y) -> [ -1.0; 1.0 ] |> List.forall (fun z0 -> (DenseMemory.updateNeuron mem [| x; y; z0 |] 2).[2] = -x * y))

/// T10 (DAM §3, Eqs. 7–8): F = xⁿ solves XOR exactly when n is odd and n ≥ 3, and ReP_n does for every n ≥ 2.
let xor (n: int) : Verdict =
    let poly, rep = solvesXor (DenseEnergy.Polynomial n), solvesXor (DenseEnergy.RectifiedPolynomial n)
    allOf
        [ fun () -> require (poly = (n >= 3 && n % 2 = 1)) (fun () -> sprintf "F = x^%d %s XOR" n (if poly then "solves" else "does not solve"))
          fun () -> require (rep = (n >= 2)) (fun () -> sprintf "F = ReP_%d %s XOR" n (if rep then "solves" else "does not solve")) ]

// ---- T11: closed forms ---------------------------------------------------------------------------------------

/// T11: each Exp-β exact capacity is at least its lower bound — Gaussian (KMN Eq. 84 ≥ Eq. 87), sphere
/// (Eq. 94 ≥ Eq. 95), bipolar (Eq. 105 ≥ Eq. 106, ρ = ρFraction·p_f/4) — compared in log space up to lnSum.
/// Discards parameters outside the formulas' ranges.
let capacityExactAtLeastLower (n: int) (sigma2: float) (rs: float) (f: float) (rhoFraction: float) : Verdict =
    let atLeast (name: string) (exact: unit -> Bound) (lower: unit -> Bound) () =
        match (try Ok(exact (), lower ()) with :? ArgumentException as e -> Error e.Message) with
        | Error why -> Discard why
        | Ok(e, l) -> require (e.Ln >= l.Ln - TheoremTolerance.lnSum e.Ln) (fun () -> sprintf "%s: exact ln %s < lower bound ln %s" name (show e.Ln) (show l.Ln))
    let rho = rhoFraction * ExpBeta.differenceProbability f / 4.0
    allOf
        [ atLeast "Gaussian (Eq. 84 ≥ Eq. 87)" (fun () -> ExpBeta.gaussianExact n sigma2) (fun () -> ExpBeta.gaussianLower n sigma2)
          atLeast "sphere (Eq. 94 ≥ Eq. 95)" (fun () -> ExpBeta.sphereExact n rs) (fun () -> ExpBeta.sphereLower n rs)
          atLeast "bipolar (Eq. 105 ≥ Eq. 106)" (fun () -> ExpBeta.bipolarExact n f rho) (fun () -> ExpBeta.bipolarLower n f rho) ]

/// T11, KMN Eq. 86: erfc(x)⁻¹ ≥ √π x e^{x²} for x > 0, compared in log space up to lnSum(x²).
let erfcInverseBound (x: float) : Verdict =
    let lhs, rhs = Erfc.logInverse x, Erfc.logInverseLowerBound x
    require (lhs >= rhs - TheoremTolerance.lnSum (x * x)) (fun () -> sprintf "Eq. 86 at x = %s: ln erfc(x)⁻¹ = %s < %s" (show x) (show lhs) (show rhs))

// ---- T12: DAM duality ------------------------------------------------------------------------------------------

/// max |F′′| and max |F′| of F on [lo, hi]: F′ is Lipschitz there with the first constant. For ReP_2,
/// F′ = 2·max(x, 0) is Lipschitz with constant 2 across 0 although F′′ jumps there.
let private derivativeBounds (f: DenseEnergy) (lo: float) (hi: float) =
    let a = max (abs lo) (abs hi)
    let p = max hi 0.0
    match f with
    | DenseEnergy.Polynomial n -> (if n = 1 then 0.0 else float (n * (n - 1)) * Math.Pow(a, float (n - 2))), float n * Math.Pow(a, float (n - 1))
    | DenseEnergy.RectifiedPolynomial n -> float (n * (n - 1)) * Math.Pow(p, float (n - 2)), float n * Math.Pow(p, float (n - 1))
    | DenseEnergy.Exponential -> Math.Exp hi, Math.Exp hi

/// T12, DAM §5 (Eqs. 9–11): with the labels started at −ε and β = 1/(2ε), the Eq. 9 argument of label α is
/// β Σ_μ [F(c_μ + εξ_α) − F(c_μ − εξ_α)] with c_μ = h_μ − εS_μ, h_μ = Σ_i ξ_i^μ v_i, S_μ = Σ_{γ≠α} ξ_γ^μ. The
/// bracket is 2εξ_α times the mean of F′ over [c_μ − ε|ξ_α|, c_μ + ε|ξ_α|], so the one-step classifier differs
/// from the dual network's tanh(Σ_μ ξ_α F′(h_μ)) by at most Σ_μ |ξ_α| L_μ ε(|S_μ| + |ξ_α|), L_μ the Lipschitz
/// constant of F′ on [h_μ − w, h_μ + w], w = ε(|S_μ| + |ξ_α|) (tanh is 1-Lipschitz), plus rounding: each F value
/// carries a few ulps and each argument one ulp of its size, amplified by β: β Σ_μ 4ε_mach(|F(a)| + |F(b)| +
/// L′(|a| + |b|)), L′ = max |F′| there, plus γ_K of the sum of |ξ_α F′(h)|. Memories are rows of nv + nc
/// entries (visible, then labels).
let damDuality (f: DenseEnergy) (epsilon: float) (labelCount: int) (memories: float[][]) (v: float[]) : Verdict =
    let beta = 1.0 / (2.0 * epsilon)
    let mem = DenseMemory.create f memories
    let c = DenseMemory.classify mem labelCount beta -epsilon v
    let dual = DenseMemory.dual mem labelCount v
    let nv = v.Length
    let bound alpha =
        memories |> Array.sumBy (fun xi ->
            let h = Array.fold2 (fun acc a b -> acc + a * b) 0.0 xi.[0 .. nv - 1] v
            let xa = xi.[nv + alpha]
            let s = Array.sum xi.[nv ..] - xa
            let w = epsilon * (abs s + abs xa)
            let lip, d1 = derivativeBounds f (h - w - epsilon) (h + w + epsilon)
            let a, b = h - epsilon * s + epsilon * xa, h - epsilon * s - epsilon * xa
            abs xa * lip * w
            + beta * 4.0 * TheoremTolerance.eps * (abs (DenseEnergy.value f a) + abs (DenseEnergy.value f b) + d1 * (abs a + abs b))
            + TheoremTolerance.gamma (memories.Length + 1) * abs xa * d1)
    match Array.init labelCount id |> Array.tryFind (fun alpha -> not (abs (c.[alpha] - dual.[alpha]) <= bound alpha)) with
    | Some alpha -> Fail(sprintf "label %d: Eq. 9 gives %s, the dual network %s, more than the bound %s apart" alpha (show c.[alpha]) (show dual.[alpha]) (show (bound alpha)))
    | None -> Pass
