/// SPEC M5, the universal Hopfield network (UHN, Millidge et al. 2022): z = P sep(sim(M, q)) (UHN Eq. 1),
/// its similarity and separation suites (App. D), the score normalization of App. E, auto- and
/// hetero-association (§3.5, App. B), and the energy and neural dynamics of §4 (Eqs. 2–9, App. A).
///
/// Orientation: patterns are rows. UHN's M is N×I with the memories as rows (as here), but its
/// projection P is O×N with the output patterns as columns; here the projection is given by its rows,
/// one output row per stored pattern, so z = Σ_μ w_μ p^μ with w = sep(sim(M, q)) (i.e. z = Pᵀ w).
/// Scores always mean "larger is more similar" (App. E's direction rule; see Similarity.scores).
namespace AssociativeKernels.Core

open System

/// A similarity function of UHN App. D (Table 2), plus Hamming for SDM-style ±1/binary codes.
/// Dot, NormalizedDot and Hamming are similarities (larger = closer); the others are distances or
/// divergences (smaller = closer) and are turned into scores by Similarity.scores.
type Similarity =
    /// ξ·q (UHN Table 2; the classical and modern Hopfield networks).
    | Dot
    /// UHN App. E Eq. 13: norm(norm(ξ^μ)·norm(q)) with norm(x) = x/Σ_i x_i applied to each stored row, to
    /// the query, and then to the vector of the K dot products (so the scores sum to 1). Needs every
    /// row sum, the query sum and the sum of the dot products to be positive (non-negative data such as
    /// images in [0, 1], as in the paper).
    | NormalizedDot
    /// The squared Euclidean distance Σ_i (ξ_i − q_i)² — UHN Table 2 defines "Euclidean distance" as this
    /// sum of squares (no square root); it orders patterns exactly as ‖ξ − q‖ does.
    | Euclidean
    /// The Manhattan (ℓ1) distance Σ_i |ξ_i − q_i| (UHN Table 2).
    | Manhattan
    /// D_KL(q ‖ ξ) = Σ_i q_i ln(q_i/ξ_i) with q and ξ each normalized to sum to 1 (App. E). UHN Table 2
    /// writes the similarity Σ q ln(ξ/q) = −D_KL(q ‖ ξ), which is exactly the raw score used here.
    /// Domain: entries ≥ 0 with a positive sum; 0 ln(0/x) = 0, and the divergence is +∞ where q_i > 0 = ξ_i.
    | KullbackLeibler
    /// D_KL(ξ ‖ q) = Σ_i ξ_i ln(ξ_i/q_i) (UHN Table 2 "Reverse KL", printed as this divergence itself,
    /// i.e. with the opposite direction to its KL row; here it is a divergence like the others, so its
    /// score is −D). Same domain as KullbackLeibler; +∞ where ξ_i > 0 = q_i. (The authors' published code names
    /// the directions the other way round: its "KL divergence" is this D(ξ ‖ q).) See UniversalOptions.DivergenceSmoothing
    /// for the log smoothing that keeps zero entries finite.
    | ReverseKullbackLeibler
    /// The Jensen–Shannon divergence ½ D_KL(ξ ‖ a) + ½ D_KL(q ‖ a), a = (ξ + q)/2, on normalized inputs:
    /// symmetric, finite and in [0, ln 2]. (UHN Table 2 prints ½KL[M‖q] + ½KL[q‖M], the symmetrised KL,
    /// which is neither bounded nor what "Jensen–Shannon" names; the named divergence is implemented.)
    /// Same domain as KullbackLeibler.
    | JensenShannon
    /// The number of positions where ξ and q agree, N − d_H(ξ, q) with d_H the Hamming distance (the
    /// number of differing positions): on ±1 vectors (N + ξ·q)/2. Meant for ±1 or 0/1 codes (SDM, UHN §3.2).
    | Hamming

/// A separation function of UHN App. D (Table 3), plus threshold and top-k for SDM (UHN §3.2).
/// Applied to the vector h of scores of the K stored patterns.
type Separation =
    /// sep(h) = h (the classical Hopfield network, UHN §3.1).
    | Identity
    /// sep(h) = h², elementwise.
    | Square
    /// sep(h) = hⁿ, elementwise, whole n ≥ 1 (dense associative memory).
    | Polynomial of n: int
    /// sep(h) = ln h, elementwise; every score must be positive.
    | Log
    /// sep(h)_μ = exp(β h_μ)/Σ_ν exp(β h_ν), β > 0, by log-sum-exp (UHN Table 3 writes e^{−βx} for scores
    /// where smaller is closer; scores here are larger-is-closer, so the sign is absorbed in the score).
    | Softmax of beta: float
    /// One-hot at the largest score (UHN Table 3 "max"); ties go to the lowest index.
    | Max
    /// sep(h)_μ = 1 if h_μ ≥ θ, else 0 (Θ(0) = 1, as FeatureMap.sdm): SDM's activation of every address
    /// within the Hamming radius (UHN §3.2).
    | Threshold of theta: float
    /// sep(h)_μ = 1 for the k largest scores and 0 otherwise (ties go to the lower index), whole k ≥ 1
    /// and at most the number of stored patterns; TopK 1 = Max.
    | TopK of k: int
    /// sep(h) = sparsemax(β h), β > 0 (Martins & Astudillo 2016): the Euclidean projection of βh onto the
    /// probability simplex, exact by sorting; the same map as Entmax(β, 2) (SimplexMap.sparsemax). Sparse
    /// weights, exactly one-hot once the top score leads the next by 1/β (issue 15).
    | Sparsemax of beta: float
    /// sep(h) = α-entmax(β h), β > 0, α > 1 (Peters, Niculae & Martins 2019; SimplexMap.entmax: exact by sorting
    /// at α = 2 and 1.5, bisection otherwise, softmax for α − 1 < 1e-4). Exactly one-hot once the top score leads
    /// the next by 1/(β(α − 1)) (issue 15).
    | Entmax of beta: float * alpha: float
    /// sep(h) = γ-normmax(β h), β > 0, γ > 1 (Santos et al. 2024; SimplexMap.normmax). Exactly one-hot once the
    /// top score leads the next by 1/β (issue 15).
    | Normmax of beta: float * gamma: float

/// What UHN applies to the output: nothing, or a binarizing sign (the classical network, §3.1).
type UniversalOutput =
    /// z = P sep(sim(M, q)).
    | Linear
    /// z_i = sgn(…) with Dynamics.sign: a zero field keeps the query's component when the network is
    /// auto-associative, and gives 0 (undecided) when it is hetero-associative (no current value).
    | Sign

/// Options of a universal Hopfield network: App. E's normalizations and the output function.
type UniversalOptions =
    { /// App. E: scale the similarity scores to sum to 1; distances/divergences become normalized
      /// reciprocals (1/d_μ)/Σ_ν(1/d_ν) (see Similarity.scores for d = 0 and d = ∞).
      NormalizeScores: bool
      /// App. E: scale the output of the separation function to sum to 1.
      NormalizeSeparated: bool
      /// ε ≥ 0 added inside the logarithms of the KL-type similarities (KullbackLeibler,
      /// ReverseKullbackLeibler, JensenShannon; the others ignore it). On the vectors normalized to sum
      /// to 1 (App. E), each directed divergence becomes
      ///     D_ε(p ‖ r) = Σ_{i: p_i > 0} p_i [ln(p_i + ε) − ln(r_i + ε)],
      /// clamped at 0 (for nearly equal p and r the smoothed sum can dip a few ε below 0). ε = 0 is the
      /// exact divergence, +∞ wherever p_i > 0 = r_i — which is what a masked query (pixels set to 0)
      /// meets. UHN's text does not say how zeros are treated; the authors' published code
      /// (github.com/BerenMillidge/Theory_Associative_Memory, functions.py: EPSILON = 1e-4 inside both
      /// logarithms, weights unsmoothed, each vector first divided by its sum) uses ε = 1e-4
      /// (UniversalHopfield.AuthorsDivergenceSmoothing). Must be finite and ≥ 0.
      DivergenceSmoothing: float
      /// The output function.
      Output: UniversalOutput }

/// A universal Hopfield network z = P sep(sim(M, q)) (UHN Eq. 1). Immutable; safe to query from many threads.
[<Sealed>]
type UniversalHopfield internal (memories: float[][], projection: float[][], similarity: Similarity,
                                 separation: Separation, options: UniversalOptions, isAuto: bool) =
    inherit StoredPatterns(memories, projection, isAuto)
    /// The similarity function.
    member _.Similarity = similarity
    /// The separation function.
    member _.Separation = separation
    /// The normalization and output options.
    member _.Options = options

/// The similarity functions (UHN App. D, App. E).
[<RequireQualifiedAccess>]
[<CompilationRepresentation(CompilationRepresentationFlags.ModuleSuffix)>]
module Similarity =

    /// Whether the measure is a distance or divergence (smaller = closer) rather than a similarity.
    [<CompiledName("IsDistance")>]
    let isDistance (similarity: Similarity) =
        match similarity with
        | Dot | NormalizedDot | Hamming -> false
        | Euclidean | Manhattan | KullbackLeibler | ReverseKullbackLeibler | JensenShannon -> true

    let private sum (x: float[]) = Array.sum x

    /// Checks a vector handed to a KL-type measure: entries ≥ 0 and a positive sum.
    let internal checkDistribution (name: string) (x: float[]) =
        x |> Array.iteri (fun i v ->
            if v < 0.0 then
                raise (ArgumentOutOfRangeException(name, v, sprintf "%s[%d] = %s: the KL-type similarities need entries ≥ 0 (each vector is normalized to a probability distribution, UHN App. E)." name i (Validate.show v))))
        if not (sum x > 0.0) then
            raise (ArgumentException(sprintf "%s sums to 0; the KL-type similarities need a positive sum (each vector is normalized to a probability distribution, UHN App. E)." name, name))

    /// Checks a vector handed to the normalized dot product: a positive sum (norm(x) = x/Σx, UHN Eq. 13).
    let internal checkPositiveSum (name: string) (x: float[]) =
        let s = sum x
        if not (s > 0.0) then
            raise (ArgumentOutOfRangeException(name, s, sprintf "%s sums to %s; the normalized dot product (UHN Eq. 13) divides by the sum, which must be positive (non-negative data)." name (Validate.show s)))

    /// x/Σx, formed as x′/Σx′ with x′ = x·2^−k, 2^k ≤ max|x| (exact scaling), so the sum cannot overflow
    /// for entries up to 1.8e308 nor lose itself in the subnormal range.
    let private normalized (x: float[]) =
        let m = ScaledScores.maxAbs x
        let x' = if m > 0.0 then x |> Array.map (fun v -> Math.ScaleB(v, -Math.ILogB m)) else x
        let s = sum x'
        x' |> Array.map (fun v -> v / s)

    /// Σ_i |x_i − y_i| (UHN Table 2's Manhattan distance).
    let private manhattanUnchecked (x: float[]) (y: float[]) =
        let mutable s = 0.0
        for i in 0 .. x.Length - 1 do s <- s + abs (x.[i] - y.[i])
        s

    /// The directed divergence on distributions p, q with log smoothing ε ≥ 0 (UniversalOptions.DivergenceSmoothing):
    /// D_ε(p ‖ q) = Σ_{i: p_i > 0} p_i [ln(p_i + ε) − ln(q_i + ε)], clamped at 0. ε = 0 is Σ p_i ln(p_i/q_i)
    /// with 0 ln 0 = 0 and +∞ where p_i > 0 = q_i.
    let internal klUnchecked (epsilon: float) (p: float[]) (q: float[]) =
        let mutable s = 0.0
        for i in 0 .. p.Length - 1 do
            if p.[i] > 0.0 then
                s <-
                    if epsilon > 0.0 then s + p.[i] * (Math.Log(p.[i] + epsilon) - Math.Log(q.[i] + epsilon))
                    elif q.[i] > 0.0 then s + p.[i] * Math.Log(p.[i] / q.[i])
                    else Double.PositiveInfinity
        // rounding (and, with ε > 0, the smoothing) can leave a near-equal pair a little below 0; D ≥ 0 (Gibbs)
        max 0.0 s

    let internal jsUnchecked (epsilon: float) (p: float[]) (q: float[]) =
        let a = Array.map2 (fun x y -> 0.5 * (x + y)) p q
        0.5 * klUnchecked epsilon p a + 0.5 * klUnchecked epsilon q a

    /// The raw measure of one stored row ξ against the query q: the similarity (Dot, Hamming), the
    /// distance or divergence (the rest), and for NormalizedDot the inner dot norm(ξ)·norm(q) (the
    /// outer normalization of Eq. 13 acts across the K rows, in `scores`). `epsilon` is the KL-type
    /// similarities' log smoothing (UniversalOptions.DivergenceSmoothing). Unchecked: the caller validates.
    let internal measureUnchecked (epsilon: float) (similarity: Similarity) (xi: float[]) (q: float[]) : float =
        match similarity with
        | Dot -> LinearAlgebra.dot xi q
        | NormalizedDot -> LinearAlgebra.dot (normalized xi) (normalized q)
        | Euclidean -> Kernel.squaredDistanceUnchecked xi q
        | Manhattan -> manhattanUnchecked xi q
        | KullbackLeibler -> klUnchecked epsilon (normalized q) (normalized xi)
        | ReverseKullbackLeibler -> klUnchecked epsilon (normalized xi) (normalized q)
        | JensenShannon -> jsUnchecked epsilon (normalized xi) (normalized q)
        | Hamming ->
            let mutable agree = 0
            for i in 0 .. xi.Length - 1 do if xi.[i] = q.[i] then agree <- agree + 1
            float agree

    /// Checks the query against the measure's domain (rows are checked when the memory is built).
    let internal checkDomain (similarity: Similarity) (name: string) (x: float[]) =
        match similarity with
        | KullbackLeibler | ReverseKullbackLeibler | JensenShannon -> checkDistribution name x
        | NormalizedDot -> checkPositiveSum name x
        | _ -> ()

    /// `measure` with the KL-type similarities' log smoothing ε ≥ 0 (UniversalOptions.DivergenceSmoothing:
    /// D_ε(p ‖ r) = Σ_{p_i > 0} p_i [ln(p_i + ε) − ln(r_i + ε)] on the normalized vectors, clamped at 0);
    /// the other similarities ignore ε.
    [<CompiledName("MeasureSmoothed")>]
    let measureSmoothed (epsilon: float) (similarity: Similarity) (xi: float[]) (query: float[]) : float =
        Validate.nonNegative "divergenceSmoothing" epsilon
        Validate.vector "xi" xi
        Validate.vector "query" query
        Validate.sameLength "xi" xi "query" query
        checkDomain similarity "xi" xi
        checkDomain similarity "query" query
        measureUnchecked epsilon similarity xi query

    /// The raw measure sim(ξ, q) of two vectors of equal length (see the cases of Similarity for each
    /// definition and domain; for NormalizedDot this is norm(ξ)·norm(q), before the outer normalization).
    /// Exact divergences (ε = 0; see measureSmoothed).
    [<CompiledName("Measure")>]
    let measure (similarity: Similarity) (xi: float[]) (query: float[]) : float = measureSmoothed 0.0 similarity xi query

    /// App. E's reciprocal normalization of distances d ≥ 0: w_μ = (1/d_μ)/Σ_ν(1/d_ν). Where some d_μ = 0
    /// this is its limit, uniform over the exact matches (1/m each for m zero distances, 0 elsewhere);
    /// 1/∞ = 0, and if every distance is +∞ the limit of equal distances, uniform over all K.
    let internal reciprocalNormalized (d: float[]) : float[] =
        let zeros = d |> Array.filter (fun x -> x = 0.0) |> Array.length
        if zeros > 0 then d |> Array.map (fun x -> if x = 0.0 then 1.0 / float zeros else 0.0)
        elif d |> Array.forall Double.IsPositiveInfinity then Array.create d.Length (1.0 / float d.Length)
        else
            // divide by the smallest distance first so 1/d cannot overflow for tiny distances
            let dmin = Array.min d
            let r = d |> Array.map (fun x -> dmin / x)
            let s = sum r
            r |> Array.map (fun x -> x / s)

    /// Scales non-negative scores to sum to 1 (App. E); `name` names what they came from in errors.
    let internal sumToOne (name: string) (what: string) (s: float[]) : float[] =
        s |> Array.iteri (fun mu v ->
            if v < 0.0 then
                raise (ArgumentException(sprintf "%s: %s[%d] = %s is negative; normalizing to sum 1 (UHN App. E) needs non-negative values (use non-negative data or turn the normalization off)." name what mu (Validate.show v), name)))
        let total = sum s
        if not (total > 0.0) then
            raise (ArgumentException(sprintf "%s: the %s sum to 0, so they cannot be normalized to sum to 1 (UHN App. E)." name what, name))
        s |> Array.map (fun v -> v / total)

    /// The scores as ScaledScores (dot, Euclidean and Manhattan scaled where they could overflow or
    /// underflow; App. E's normalizations are scale-invariant, so they act on the scaled values and give E = 0).
    /// `maxRow` = max |M_μi|.
    let internal scoresScaled (normalize: bool) (epsilon: float) (similarity: Similarity) (memories: float[][]) (maxRow: float) (q: float[]) : ScaledScores =
        let raw =
            match similarity with
            | Dot -> ScaledScores.dot memories maxRow q
            | Euclidean -> ScaledScores.distance 2 Kernel.squaredDistanceUnchecked memories maxRow q
            | Manhattan -> ScaledScores.distance 1 manhattanUnchecked memories maxRow q
            | _ -> { Values = memories |> Array.map (fun xi -> measureUnchecked epsilon similarity xi q); Exponent = 0 }
        let unscaled values = { Values = values; Exponent = 0 }
        match similarity, normalize with
        | NormalizedDot, _ -> unscaled (sumToOne "query" "dot products of the normalized query with the normalized patterns" raw.Values)
        | s, false when isDistance s -> { raw with Values = raw.Values |> Array.map (fun d -> -d) }
        | _, false -> raw
        | s, true when isDistance s -> unscaled (reciprocalNormalized raw.Values)
        | _, true -> unscaled (sumToOne "query" "similarity scores" raw.Values)

    let internal scoresUnchecked (normalize: bool) (epsilon: float) (similarity: Similarity) (memories: float[][]) (q: float[]) =
        scoresScaled normalize epsilon similarity memories (ScaledScores.maxAbsRows memories) q |> ScaledScores.values "query" "scores"

    /// The score vector h = sim(M, q), one entry per stored row, larger meaning more similar (App. E's
    /// direction rule). Without normalization: the similarity itself (Dot, Hamming), or the negated
    /// distance −d_μ (so softmax(β h) is UHN Table 3's e^{−βd}/Σe^{−βd}). With `normalize` (App. E):
    /// similarities scaled to sum to 1 (they must be ≥ 0), distances as normalized reciprocals
    /// (1/d_μ)/Σ(1/d_ν) (uniform over the exact matches where some d_μ = 0). NormalizedDot always sums
    /// to 1 (Eq. 13). `memories` are rows of the query's length.
    [<CompiledName("Scores")>]
    let scores (normalize: bool) (similarity: Similarity) (memories: float[][]) (query: float[]) : float[] =
        let n = Patterns.check "memories" memories
        memories |> Array.iteri (fun mu xi -> checkDomain similarity (sprintf "memories[%d]" mu) xi)
        Patterns.checkState "query" n query
        checkDomain similarity "query" query
        scoresUnchecked normalize 0.0 similarity memories query

/// The separation functions (UHN App. D Table 3, §3.2).
[<RequireQualifiedAccess>]
[<CompilationRepresentation(CompilationRepresentationFlags.ModuleSuffix)>]
module Separation =

    /// Checks a separation's own parameter (n ≥ 1, β > 0, θ finite, k ≥ 1).
    let internal checkParameter (separation: Separation) =
        match separation with
        | Polynomial n -> Validate.atLeast "n" 1 n
        | Softmax beta -> Validate.positive "beta" beta
        | Threshold theta -> Validate.finite "theta" theta
        | TopK k -> Validate.atLeast "k" 1 k
        | Sparsemax beta -> Validate.positive "beta" beta
        | Entmax(beta, alpha) ->
            Validate.positive "beta" beta
            SimplexMap.checkParameter (SimplexMap.Entmax alpha)
        | Normmax(beta, gamma) ->
            Validate.positive "beta" beta
            SimplexMap.checkParameter (SimplexMap.Normmax gamma)
        | Identity | Square | Log | Max -> ()

    /// β and the simplex map of the sparse separations (issue 15), None for the others.
    let internal simplexMap (separation: Separation) : (float * SimplexMap) option =
        match separation with
        | Sparsemax beta -> Some(beta, SimplexMap.Entmax 2.0)
        | Entmax(beta, alpha) -> Some(beta, SimplexMap.Entmax alpha)
        | Normmax(beta, gamma) -> Some(beta, SimplexMap.Normmax gamma)
        | _ -> None

    /// Indices of the k largest scores, ties to the lower index (a stable sort on −h).
    let private topIndices (k: int) (h: float[]) =
        Array.init h.Length id |> Array.sortWith (fun a b -> match compare h.[b] h.[a] with 0 -> compare a b | c -> c) |> Array.truncate k

    let private applyTop (k: int) (h: float[]) =
        let w = Array.zeroCreate h.Length
        for mu in topIndices k h do w.[mu] <- 1.0
        w

    /// sep(s) on scaled scores s = s′·2^E, as scaled weights (powers: ScaledScores.power, weights ≤ 1 times
    /// 2^W; softmax: ScaledScores.softmax, any β; threshold compares s′·2^E with θ; max and top-k compare s′,
    /// which orders as s; log: ln s′ + E ln 2). `name` is the caller's parameter for a refusal.
    let internal applyScaled (name: string) (separation: Separation) (s: ScaledScores) : ScaledScores =
        let h = s.Values
        let unscaled values = { Values = values; Exponent = 0 }
        match separation with
        | Identity -> ScaledScores.power name 1 id s
        | Square -> ScaledScores.power name 2 (fun x -> x * x) s
        | Polynomial n -> ScaledScores.power name n (fun x -> Math.Pow(x, float n)) s
        | Log ->
            h |> Array.mapi (fun mu x ->
                if not (x > 0.0) then
                    raise (ArgumentOutOfRangeException("scores", x, sprintf "scores[%d] = %s: the Log separation needs every score > 0." mu (Validate.show x)))
                Math.Log x + float s.Exponent * Math.Log 2.0) |> unscaled
        | Softmax beta -> unscaled (ScaledScores.softmax beta s)
        | Max -> unscaled (applyTop 1 h)
        | Threshold theta -> h |> Array.map (fun x -> if Math.ScaleB(x, s.Exponent) >= theta then 1.0 else 0.0) |> unscaled
        | TopK k -> unscaled (applyTop k h)
        | Sparsemax beta -> unscaled (ScaledScores.simplexMap (SimplexMap.Entmax 2.0) beta s)
        | Entmax(beta, alpha) -> unscaled (ScaledScores.simplexMap (SimplexMap.Entmax alpha) beta s)
        | Normmax(beta, gamma) -> unscaled (ScaledScores.simplexMap (SimplexMap.Normmax gamma) beta s)

    let internal applyUnchecked (separation: Separation) (h: float[]) : float[] =
        applyScaled "scores" separation { Values = h; Exponent = 0 } |> ScaledScores.values "scores" "separated scores"

    /// sep(h) for a score vector h (non-empty, no NaN; −∞ scores are allowed, as from an infinite
    /// divergence). TopK k needs k ≤ the number of scores.
    [<CompiledName("Apply")>]
    let apply (separation: Separation) (scores: float[]) : float[] =
        checkParameter separation
        Validate.nonEmpty "scores" scores
        scores |> Array.iteri (fun mu x ->
            if Double.IsNaN x || Double.IsPositiveInfinity x then
                raise (ArgumentOutOfRangeException("scores", x, sprintf "scores[%d] = %s: scores must be finite or −∞." mu (Validate.show x))))
        match separation with
        | TopK k when k > scores.Length ->
            raise (ArgumentOutOfRangeException("k", k, sprintf "k = %d is outside its valid range [1, %d] (the number of scores)." k scores.Length))
        | _ -> ()
        applyUnchecked separation scores

    /// The Lagrangian L_h of the memory neurons with ∂L_h/∂h = sep(h) (UHN §4: L_h = ∫ sep, the integral
    /// taken from 0 for elementwise separations): Identity ½Σh², Square Σh³/3, Polynomial n
    /// Σh^{n+1}/(n+1), Log Σ(h ln h − h) (h > 0), Softmax (1/β) ln Σ e^{βh} (LAM Eq. 11 with β), Max max_μ h_μ,
    /// Threshold Σ max(0, h_μ − θ), TopK the sum of the k largest h_μ. For the last three sep is a
    /// (sub)gradient of L_h (they are not differentiable where scores tie or touch θ). Sparsemax, Entmax and
    /// Normmax: (1/β) Ω*(βh), the conjugate of the map's negentropy (SimplexMap.conjugate; ∇Ω* is the map,
    /// Blondel et al. 2020), so that −L_h is the concave part of the Fenchel–Young energy of Santos et al. 2024.
    /// L_h is convex — which is what makes the energy a Lyapunov function (App. A) — for Identity, odd n,
    /// Softmax, Max, Threshold, TopK, Sparsemax, Entmax and Normmax everywhere, and for Square, even n and Log on h ≥ 0.
    [<CompiledName("Lagrangian")>]
    let lagrangian (separation: Separation) (scores: float[]) : float =
        checkParameter separation
        Validate.nonEmpty "scores" scores
        Validate.vector "scores" scores
        let h = scores
        match separation with
        | Identity -> h |> Array.sumBy (fun x -> 0.5 * x * x)
        | Square -> h |> Array.sumBy (fun x -> x * x * x / 3.0)
        | Polynomial n -> h |> Array.sumBy (fun x -> Math.Pow(x, float (n + 1)) / float (n + 1))
        | Log ->
            h |> Array.mapi (fun mu x ->
                if not (x > 0.0) then
                    raise (ArgumentOutOfRangeException("scores", x, sprintf "scores[%d] = %s: the Log separation's Lagrangian h ln h − h needs every score > 0." mu (Validate.show x)))
                x * Math.Log x - x) |> Array.sum
        | Softmax beta -> LogSpace.logSumExp (h |> Array.map (fun x -> beta * x)) / beta
        | Max -> Array.max h
        | Threshold theta -> h |> Array.sumBy (fun x -> max 0.0 (x - theta))
        | TopK k ->
            if k > h.Length then
                raise (ArgumentOutOfRangeException("k", k, sprintf "k = %d is outside its valid range [1, %d] (the number of scores)." k h.Length))
            Array.sortDescending h |> Array.truncate k |> Array.sum
        | Sparsemax _ | Entmax _ | Normmax _ ->
            let beta, map = (simplexMap separation).Value
            let m = Array.max h
            m + fst (SimplexMap.conjugateShifted map (h |> Array.map (fun x -> beta * (x - m)))) / beta

/// Construction, retrieval, energy and dynamics of the universal Hopfield network (SPEC M5).
[<RequireQualifiedAccess>]
[<CompilationRepresentation(CompilationRepresentationFlags.ModuleSuffix)>]
module UniversalHopfield =

    /// No normalization, linear output: z = P sep(sim(M, q)) exactly as UHN Eq. 1.
    [<CompiledName("DefaultOptions")>]
    let defaultOptions = { NormalizeScores = false; NormalizeSeparated = false; DivergenceSmoothing = 0.0; Output = Linear }

    /// UHN App. E: scores and separated scores each normalized to sum to 1, linear output.
    [<CompiledName("AppendixEOptions")>]
    let appendixE = { NormalizeScores = true; NormalizeSeparated = true; DivergenceSmoothing = 0.0; Output = Linear }

    /// The log smoothing ε = 1e-4 of the KL-type similarities in the authors' published code
    /// (BerenMillidge/Theory_Associative_Memory, functions.py, EPSILON); see UniversalOptions.DivergenceSmoothing.
    [<Literal>]
    let AuthorsDivergenceSmoothing = 1e-4

    let private checkConfig (options: UniversalOptions) (similarity: Similarity) (separation: Separation) (memories: float[][]) =
        Validate.nonNegative "divergenceSmoothing" options.DivergenceSmoothing
        Separation.checkParameter separation
        let n = Patterns.check "memories" memories
        memories |> Array.iteri (fun mu xi -> Similarity.checkDomain similarity (sprintf "memories[%d]" mu) xi)
        match separation with
        | TopK k when k > memories.Length ->
            raise (ArgumentOutOfRangeException("k", k, sprintf "k = %d is outside its valid range [1, %d] (the number of stored patterns)." k memories.Length))
        | _ -> ()
        n

    /// The auto-associative network over `keep memories` (a copy, or the rows themselves), after the checks.
    let private build (keep: float[][] -> float[][]) (options: UniversalOptions) (similarity: Similarity) (separation: Separation) (memories: float[][]) =
        checkConfig options similarity separation memories |> ignore
        let m = keep memories
        UniversalHopfield(m, m, similarity, separation, options, true)

    /// The hetero-associative network over the rows `keep` returns for `memories` and `projection`, after the checks.
    let private buildHetero (keep: float[][] -> float[][] -> float[][] * float[][]) (options: UniversalOptions) (similarity: Similarity) (separation: Separation) (memories: float[][]) (projection: float[][]) =
        checkConfig options similarity separation memories |> ignore
        let m, p = keep memories projection
        UniversalHopfield(m, p, similarity, separation, options, false)

    /// The auto-associative network (P = M, UHN §3.5) over the stored `memories` (rows, non-empty, one
    /// common length, finite, and inside the similarity's domain).
    [<CompiledName("Create")>]
    let create (options: UniversalOptions) (similarity: Similarity) (separation: Separation) (memories: float[][]) : UniversalHopfield =
        build (Array.map Array.copy) options similarity separation memories

    /// `create` over rows the caller made for this network and gives up (the facade's copies): not copied again.
    [<CompiledName("CreateOwned")>]
    let internal createOwned (options: UniversalOptions) (similarity: Similarity) (separation: Separation) (memories: float[][]) : UniversalHopfield =
        build id options similarity separation memories

    /// The hetero-associative network (P ≠ M, UHN §3.5 and App. B Eq. 11): `projection` holds one output
    /// row per stored row of `memories` (its length, the output dimension, may differ).
    [<CompiledName("Hetero")>]
    let hetero (options: UniversalOptions) (similarity: Similarity) (separation: Separation) (memories: float[][]) (projection: float[][]) : UniversalHopfield =
        buildHetero StoredRows.hetero options similarity separation memories projection

    /// `hetero` over rows the caller gives up (see `createOwned`): not copied.
    [<CompiledName("HeteroOwned")>]
    let internal heteroOwned (options: UniversalOptions) (similarity: Similarity) (separation: Separation) (memories: float[][]) (projection: float[][]) : UniversalHopfield =
        buildHetero StoredRows.ownedHetero options similarity separation memories projection

    let private checkQuery (net: UniversalHopfield) (name: string) (q: float[]) =
        Patterns.checkState name net.Dimension q
        Similarity.checkDomain net.Similarity name q

    /// The score vector sim(M, q) of the network (Similarity.scores with the network's normalization).
    [<CompiledName("ScoresOf")>]
    let scores (net: UniversalHopfield) (query: float[]) : float[] =
        checkQuery net "query" query
        Similarity.scoresScaled net.Options.NormalizeScores net.Options.DivergenceSmoothing net.Similarity net.M net.MaxM query
        |> ScaledScores.values "query" "scores"

    /// The weights as ScaledScores (App. E's normalization of the separated scores is scale-invariant: E = 0).
    let private weightsScaled (net: UniversalHopfield) (name: string) (q: float[]) =
        let h = Similarity.scoresScaled net.Options.NormalizeScores net.Options.DivergenceSmoothing net.Similarity net.M net.MaxM q
        let w = Separation.applyScaled name net.Separation h
        if net.Options.NormalizeSeparated then { Values = Similarity.sumToOne name "separated scores" w.Values; Exponent = 0 } else w

    /// The separated scores sep(sim(M, q)) (normalized to sum to 1 when the options say so): the weights
    /// of the stored rows in the output.
    [<CompiledName("Weights")>]
    let weights (net: UniversalHopfield) (query: float[]) : float[] =
        checkQuery net "query" query
        weightsScaled net "query" query |> ScaledScores.values "query" "weights"

    /// z = Σ_μ w_μ p^μ: the projection of weights w onto the output rows (z = Pᵀ w with rows).
    [<CompiledName("Project")>]
    let project (projection: float[][]) (weights: float[]) : float[] =
        Patterns.check "projection" projection |> ignore
        Validate.vector "weights" weights
        if weights.Length <> projection.Length then
            raise (ArgumentException(sprintf "weights has length %d but projection has %d rows; they must match." weights.Length projection.Length, "weights"))
        ModernHopfield.projectUnchecked projection weights

    /// z = P sep(sim(M, q)), the projection kept scaled until the end: the sign output needs only the signs
    /// (2^E > 0), the linear output is unscaled or refused (naming `name`, with `what` for the row) when it is
    /// beyond a double's range.
    let private retrieveUnchecked (net: UniversalHopfield) (name: string) (what: string) (q: float[]) =
        let z = ScaledScores.project net.P net.MaxP (weightsScaled net name q)
        match net.Options.Output with
        | Linear -> ScaledScores.values name what z
        | Sign ->
            if net.IsAutoAssociative then Array.map2 Dynamics.sign q z.Values
            else z.Values |> Array.map (Dynamics.sign 0.0)

    /// One-step retrieval z = P sep(sim(M, q)) (UHN Eq. 1), with the options' normalizations and output.
    [<CompiledName("Retrieve")>]
    let retrieve (net: UniversalHopfield) (query: float[]) : float[] =
        checkQuery net "query" query
        retrieveUnchecked net "query" "output" query

    /// One-step retrieval of every query (rows); an empty batch gives an empty result.
    [<CompiledName("RetrieveBatch")>]
    let retrieveBatch (net: UniversalHopfield) (queries: float[][]) : float[][] =
        StoredRows.retrieveEach (checkQuery net) (retrieveUnchecked net "queries") queries

    let private requireAuto (net: UniversalHopfield) (what: string) =
        if not net.IsAutoAssociative then
            raise (ArgumentException(sprintf "%s needs an auto-associative network (its output is fed back as the next query); this network is hetero-associative." what, "net"))

    /// Feeds the output back as the query (UHN §3.1, "this process can be repeated") until no component
    /// moves by more than `tolerance`, a cycle, or `maxSteps` (Dynamics.toFixedPoint). Auto only.
    [<CompiledName("Iterate")>]
    let iterate (net: UniversalHopfield) (tolerance: float) (maxSteps: int) (query: float[]) : Iteration =
        requireAuto net "iterate"
        checkQuery net "query" query
        Dynamics.toFixedPoint (fun v -> checkQuery net "state" v; retrieveUnchecked net "query" "state" v) tolerance maxSteps query

    // ---- Energy and neural dynamics (UHN §4, App. A) ----

    let private requireEnergyForm (net: UniversalHopfield) =
        requireAuto net "The UHN energy"
        if net.Similarity <> Dot || net.Options.NormalizeScores || net.Options.NormalizeSeparated || net.Options.Output <> Linear then
            raise (ArgumentException("The UHN energy and dynamics are implemented for the dot-product similarity with no App. E normalization and a linear output (then h = M v and L_h(M v) has a closed form; UHN Eqs. 4–9).", "net"))

    /// The energy of UHN Eq. 4 (hidden neurons at equilibrium, τ_h → 0; L_v = ½Σv², inputs I = 0):
    /// E(v) = ½ vᵀv − L_h(M v), L_h = Separation.lagrangian. For Softmax β this is
    /// ½vᵀv − (1/β) ln Σ_μ exp(β ξ^μ·v) (UHN Eq. 5, LAM Eq. 13), for Identity ½vᵀv − ½‖Mv‖² (Eq. 8).
    /// Dot similarity, no normalization, linear output, auto-associative. An OverflowException where a similarity
    /// ξ^μ·v or the energy is beyond a double's range (the general L_h is evaluated on the similarities as they are).
    [<CompiledName("Energy")>]
    let energy (net: UniversalHopfield) (state: float[]) : float =
        requireEnergyForm net
        Patterns.checkState "state" net.Dimension state
        let h = net.M |> Array.map (fun xi -> LinearAlgebra.dot xi state)
        if h |> Array.exists (fun x -> not (Double.IsFinite x)) then
            raise (OverflowException("the similarities ξ^μ·v of this state are beyond a double's range (±1.8e308), so its energy ½vᵀv − L_h(Mv) cannot be computed in double precision."))
        ScaledScores.finiteEnergy "½vᵀv − L_h(Mv)" (0.5 * LinearAlgebra.dot state state - Separation.lagrangian net.Separation h)

    /// The two-layer energy of UHN Eq. 3 (Krotov–Hopfield form, inputs I = 0, L_v = ½Σv², g = v,
    /// f = sep = ∂L_h/∂h): E(v, h) = ½vᵀv + [f(h)·h − L_h(h)] − f(h)·(M v). At h = M v it equals `energy`
    /// (Eq. 4), and for convex L_h it is never below it (Fenchel–Young: f·h − L_h(h) = L_h*(f) ≥ f·Mv − L_h(Mv)),
    /// so Eq. 4 is the two-layer energy minimised over the fast hidden neurons.
    [<CompiledName("TwoLayerEnergy")>]
    let twoLayerEnergy (net: UniversalHopfield) (state: float[]) (hidden: float[]) : float =
        requireEnergyForm net
        Patterns.checkState "state" net.Dimension state
        Validate.vector "hidden" hidden
        if hidden.Length <> net.Count then
            raise (ArgumentException(sprintf "hidden has length %d but the network stores %d patterns (one memory neuron each)." hidden.Length net.Count, "hidden"))
        let f = Separation.applyUnchecked net.Separation hidden
        let mv = net.M |> Array.map (fun xi -> LinearAlgebra.dot xi state)
        0.5 * LinearAlgebra.dot state state + LinearAlgebra.dot f hidden - Separation.lagrangian net.Separation hidden
        - LinearAlgebra.dot f mv

    /// One Euler step of the value-neuron dynamics with the hidden neurons at equilibrium (UHN Eq. 2 with
    /// τ_h → 0; LAM Eq. 15): v ← v + η (Mᵀ sep(M v) − v), η = Δt/τ_v ∈ (0, 2]. η = 1 is UHN Eqs. 6 and 9
    /// (the one-step update, = `retrieve` of this network). The energy (Eq. 4) never increases: with
    /// d = Mᵀ sep(Mv) − v = −∇E and L(v) = L_h(Mv) convex with (sub)gradient Mᵀ sep(Mv),
    /// E(v + ηd) − E(v) ≤ ½‖v + ηd‖² − ½‖v‖² − (Mᵀsep)·ηd = η‖d‖²(η/2 − 1) ≤ 0 for 0 < η ≤ 2
    /// (App. A's continuous-time statement, made exact for the discrete step). Needs L_h convex on the
    /// scores visited (see Separation.lagrangian). Same network requirements as `energy`.
    [<CompiledName("EulerStep")>]
    let eulerStep (net: UniversalHopfield) (stepSize: float) (state: float[]) : float[] =
        requireEnergyForm net
        ModernHopfield.checkStepSize stepSize
        Patterns.checkState "state" net.Dimension state
        let target = retrieveUnchecked net "state" "next state" state
        Array.init state.Length (fun i -> state.[i] + stepSize * (target.[i] - state.[i]))

    /// Iterates `eulerStep` with step size η from `state` to a fixed point within `tolerance`, a cycle,
    /// or `maxSteps` steps (Dynamics.toFixedPoint). Its energy sequence never increases.
    [<CompiledName("Flow")>]
    let flow (net: UniversalHopfield) (stepSize: float) (tolerance: float) (maxSteps: int) (state: float[]) : Iteration =
        requireEnergyForm net
        ModernHopfield.checkStepSize stepSize
        Patterns.checkState "state" net.Dimension state
        Dynamics.toFixedPoint (eulerStep net stepSize) tolerance maxSteps state
