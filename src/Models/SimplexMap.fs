/// Issue 15 (SPEC M5 extended): the regularized argmax maps onto the probability simplex that sparse Hopfield
/// networks use as separation functions — softmax, sparsemax, α-entmax and γ-normmax — with their negentropies Ω,
/// convex conjugates Ω* and margins.
///
/// Every map here is the prediction map of a Fenchel–Young loss (Blondel, Martins & Niculae, JMLR 2020):
///     ŷ_Ω(θ) = argmax_{p ∈ △} θᵀp − Ω(p),   Ω*(θ) = max_{p ∈ △} θᵀp − Ω(p) = θᵀŷ − Ω(ŷ),   ∇Ω* = ŷ,
/// with △ = {p ≥ 0, Σp = 1} and Ω a convex negentropy (Ω(e_i) = 0, Ω ≤ 0 on △). The members:
///   softmax   Ω(p) = Σ p ln p (Shannon);
///   α-entmax  Ω_α(p) = (Σ p^α − 1)/(α(α − 1)), α > 1 (Tsallis; Peters, Niculae & Martins, ACL 2019); α = 2 is
///             sparsemax, the Euclidean projection onto △ (Martins & Astudillo, ICML 2016); α → 1 tends to softmax;
///   γ-normmax Ω(p) = ‖p‖_γ − 1, γ > 1 (Santos, Niculae, McNamee & Martins, ICML 2024).
/// All are invariant under θ ↦ θ + c1 (Ω*(θ + c1) = Ω*(θ) + c), so every computation here runs on the shifted
/// scores z = θ − max θ ≤ 0 and adds max θ back where a value needs it.
///
/// Orientation: a score vector has one entry per stored pattern; patterns are rows elsewhere in the library.
namespace AssociativeKernels.Core

open System

/// A regularized argmax onto the probability simplex, ŷ_Ω(θ) = argmax_{p ∈ △} θᵀp − Ω(p) (the module SimplexMap
/// has the maps, negentropies, conjugates and margins).
[<RequireQualifiedAccess>]
type SimplexMap =
    /// softmax_i(θ) = e^{θ_i}/Σ_j e^{θ_j}: Shannon negentropy Ω(p) = Σ p ln p (the α = 1 member of the Tsallis
    /// family). Every weight is positive: no finite margin.
    | Softmax
    /// α-entmax, α > 1 (Peters, Niculae & Martins 2019): p_i = [(α − 1)θ_i − τ]_+^{1/(α−1)} with τ the unique value
    /// making Σp = 1; Tsallis negentropy Ω_α(p) = (Σ p^α − 1)/(α(α − 1)). α = 2 is sparsemax. Margin 1/(α − 1).
    /// For α − 1 < SimplexMap.SoftmaxSwitch the map and its negentropy are computed as softmax (see there).
    | Entmax of alpha: float
    /// γ-normmax, γ > 1 (Santos et al. 2024): Ω(p) = ‖p‖_γ − 1; p ∝ [θ − τ]_+^{1/(γ−1)} with τ chosen so that the
    /// vector r = [θ − τ]_+^{1/(γ−1)} has ‖r‖_γ = 1 (derived from the KKT conditions: p_i = ‖p‖_γ r_i). Margin 1.
    | Normmax of gamma: float

/// The maps, negentropies, conjugates and margins of SimplexMap (issue 15; see the file's header for the papers).
[<RequireQualifiedAccess>]
[<CompilationRepresentation(CompilationRepresentationFlags.ModuleSuffix)>]
module SimplexMap =

    /// α-entmax with α − 1 below this (1e-4) is computed as softmax, its α → 1 limit. Reason: the bisection raises
    /// numbers near 1 to the power 1/(α − 1), which multiplies their rounding (≈ 1e-16) by 1/(α − 1), while the
    /// entmax–softmax gap is O(α − 1) for bounded scores (the Tsallis negentropy is the Shannon one plus O(α − 1)):
    /// at α − 1 = 1e-4 both are ≈ 1e-12 to 1e-4 times the spread of the scores. The reference implementation of
    /// Peters et al. (deep-spin/entmax) likewise notes that its bisection is not meant for α = 1.
    [<Literal>]
    let SoftmaxSwitch = 1e-4

    /// The map actually computed: Entmax α with α − 1 < SoftmaxSwitch is Softmax.
    let internal effective (map: SimplexMap) =
        match map with
        | SimplexMap.Entmax alpha when alpha - 1.0 < SoftmaxSwitch -> SimplexMap.Softmax
        | m -> m

    /// Checks the map's own parameter: α, γ finite and > 1.
    let internal checkParameter (map: SimplexMap) =
        let above1 (name: string) (what: string) (x: float) =
            Validate.finite name x
            if not (x > 1.0) then
                raise (ArgumentOutOfRangeException(name, x, sprintf "%s = %s is outside its valid range (1, ∞): %s needs %s > 1 (%s = 1 is softmax: use SimplexMap.Softmax)." name (Validate.show x) what name name))
        match map with
        | SimplexMap.Softmax -> ()
        | SimplexMap.Entmax alpha -> above1 "alpha" "α-entmax" alpha
        | SimplexMap.Normmax gamma -> above1 "gamma" "γ-normmax" gamma

    /// Checks a score vector: non-empty, no NaN, no +∞ (−∞ is allowed: that entry gets weight 0).
    let internal checkScores (name: string) (scores: float[]) =
        Validate.nonEmpty name scores
        scores |> Array.iteri (fun i x ->
            if Double.IsNaN x || Double.IsPositiveInfinity x then
                raise (ArgumentOutOfRangeException(name, x, sprintf "%s[%d] = %s: scores must be finite or −∞." name i (Validate.show x))))

    /// z = θ − max θ (≤ 0, 0 at the maximum; an entry far below may become −∞, which is its weight's limit),
    /// or None when every score is −∞.
    let internal shift (theta: float[]) : float[] option =
        let m = Array.max theta
        if Double.IsNegativeInfinity m then None else Some(theta |> Array.map (fun x -> x - m))

    let private normalized (p: float[]) =
        let s = Array.sum p
        p |> Array.map (fun x -> x / s)

    /// Exact sparsemax of shifted scores z (max 0) by sorting (Martins & Astudillo 2016, their sorting algorithm; numbering not re-checked): with
    /// z₍₁₎ ≥ z₍₂₎ ≥ …, the support size is k* = max{k : 1 + k z₍k₎ > Σ_{j≤k} z₍j₎} (the condition holds exactly
    /// for k = 1..k*), τ = (Σ_{j≤k*} z₍j₎ − 1)/k* and p = [z − τ]_+. O(K log K).
    let internal sparsemaxShifted (z: float[]) : float[] =
        let sorted = Array.sortDescending z
        let mutable cum = 0.0
        let mutable kStar = 0
        let mutable sumStar = 0.0
        let mutable k = 1
        let mutable go = true
        while go && k <= sorted.Length do
            let v = sorted.[k - 1]
            if Double.IsNegativeInfinity v then go <- false
            else
                cum <- cum + v
                if 1.0 + float k * v > cum then
                    kStar <- k
                    sumStar <- cum
                    k <- k + 1
                else go <- false
        let tau = (sumStar - 1.0) / float kStar
        z |> Array.map (fun x -> max 0.0 (x - tau)) |> normalized

    /// Exact 1.5-entmax of shifted scores z (max 0) by sorting (Peters et al. 2019, their exact sorting algorithm; re-derived): with
    /// y = z/2 = (α − 1)z sorted y₍₁₎ ≥ y₍₂₎ ≥ …, on a support of size k the threshold solves Σ_{j≤k}(y₍j₎ − τ)² = 1,
    /// τ_k = μ_k − sqrt((1 − S_k)/k) (μ_k the mean of the top k, S_k = Σ_{j≤k}(y₍j₎ − μ_k)²: the smaller root), and
    /// k* is the first k with y₍k+1₎ ≤ τ_k (for k < k*, τ_k < τ* < y₍k+1₎). Since (0 − τ*)² ≤ 1, τ* ≥ −1: only
    /// entries y > −1 can be in the support. p = [y − τ]_+².
    let internal entmax15Shifted (z: float[]) : float[] =
        let y = z |> Array.map (fun x -> 0.5 * x)
        let sorted = Array.sortDescending y
        let candidates = sorted |> Array.takeWhile (fun v -> v > -1.0)
        let mutable s1 = 0.0
        let mutable s2 = 0.0
        let mutable tau = -1.0
        let mutable found = false
        let mutable k = 1
        while not found && k <= candidates.Length do
            let v = candidates.[k - 1]
            s1 <- s1 + v
            s2 <- s2 + v * v
            let kf = float k
            let mu = s1 / kf
            let spread = max 0.0 (s2 - s1 * s1 / kf)
            if spread > 1.0 then found <- true // cannot happen before k* in exact arithmetic; keep the last τ
            else
                tau <- mu - Math.Sqrt((1.0 - spread) / kf)
                let next = if k < sorted.Length then sorted.[k] else Double.NegativeInfinity
                if next <= tau then found <- true
                k <- k + 1
        y |> Array.map (fun v -> let d = v - tau in if d > 0.0 then d * d else 0.0) |> normalized

    /// Bisection on the threshold (Peters et al. 2019, their bisection algorithm): the τ with Σ_i [X_i − τ]_+^{power/r} = 1 for X ≤ 0
    /// with max 0, then p_i ∝ [X_i − τ]_+^{1/r}. The total is continuous and non-increasing in τ, and the bracket
    /// [−1, −(1/K)^r] holds the root: at −1 the top entry alone contributes 1; at −(1/K)^r every [X_i − τ]^{1/r} is
    /// at most 1/K, so every term is at most K^−power ≤ 1/K. Halves until the midpoint equals an end (≤ ~60 steps)
    /// and uses the lower end, whose support contains the root's; p is divided by its sum.
    let private bisect (x: float[]) (r: float) (power: float) : float[] =
        let k = float x.Length
        let term (tau: float) (xi: float) = if xi > tau then Math.Exp(power * Math.Log(xi - tau) / r) else 0.0
        let total tau = x |> Array.sumBy (term tau)
        let mutable lo = -1.0
        let mutable hi = -Math.Exp(r * Math.Log(1.0 / k))
        let mutable go = hi > lo
        let mutable steps = 0
        while go && steps < 200 do
            let mid = 0.5 * (lo + hi)
            if mid <= lo || mid >= hi then go <- false
            else
                if total mid >= 1.0 then lo <- mid else hi <- mid
                steps <- steps + 1
        x |> Array.map (fun xi -> if xi > lo then Math.Exp(Math.Log(xi - lo) / r) else 0.0) |> normalized

    /// α-entmax of shifted scores by bisection, any α > 1: X = (α − 1)z, p_i = [X_i − τ]_+^{1/(α−1)}.
    let internal entmaxBisectShifted (alpha: float) (z: float[]) : float[] =
        let r = alpha - 1.0
        bisect (z |> Array.map (fun x -> r * x)) r 1.0

    /// γ-normmax of shifted scores by bisection: r_i = [z_i − τ]_+^{1/(γ−1)} with Σ r_i^γ = 1 (‖r‖_γ = 1), p = r/Σr.
    let internal normmaxShifted (gamma: float) (z: float[]) : float[] =
        bisect z (gamma - 1.0) gamma

    /// The map applied to shifted scores z (max 0, −∞ allowed), dispatched to the exact sorting algorithms for
    /// α = 2 and 1.5 and to the bisection for other α; `effective` maps α near 1 to softmax.
    let internal applyShiftedUnchecked (map: SimplexMap) (z: float[]) : float[] =
        match effective map with
        | SimplexMap.Softmax -> LogSpace.softmax z
        | SimplexMap.Entmax alpha when alpha = 2.0 -> sparsemaxShifted z
        | SimplexMap.Entmax alpha when alpha = 1.5 -> entmax15Shifted z
        | SimplexMap.Entmax alpha -> entmaxBisectShifted alpha z
        | SimplexMap.Normmax gamma -> normmaxShifted gamma z

    /// The map on unshifted scores (every score −∞: uniform, the limit of equal scores).
    let internal applyUnchecked (map: SimplexMap) (theta: float[]) : float[] =
        match shift theta with
        | None -> Array.create theta.Length (1.0 / float theta.Length)
        | Some z -> applyShiftedUnchecked map z

    /// ŷ_Ω(θ): the map applied to the scores θ (non-empty, finite or −∞; −∞ entries get weight 0). The result is a
    /// probability vector (entries ≥ 0 summing to 1 up to rounding: it is divided by its computed sum).
    /// Sparsemax and 1.5-entmax are exact (sorting); other α and normmax bisect the threshold to the last bit.
    [<CompiledName("Apply")>]
    let apply (map: SimplexMap) (scores: float[]) : float[] =
        checkParameter map
        checkScores "scores" scores
        applyUnchecked map scores

    /// sparsemax(θ) = argmin_{p ∈ △} ‖p − θ‖², the Euclidean projection onto the simplex (Martins & Astudillo 2016,
    /// exact by sorting) = α-entmax at α = 2.
    [<CompiledName("Sparsemax")>]
    let sparsemax (scores: float[]) : float[] = apply (SimplexMap.Entmax 2.0) scores

    /// α-entmax(θ), α > 1 (Peters, Niculae & Martins 2019; closed form p = [(α−1)θ − τ]_+^{1/(α−1)}, re-derived from the KKT conditions):
    /// exact by sorting at α = 2 and 1.5, by bisection on τ otherwise, softmax for α − 1 < SoftmaxSwitch.
    [<CompiledName("Entmax")>]
    let entmax (alpha: float) (scores: float[]) : float[] = apply (SimplexMap.Entmax alpha) scores

    /// α-entmax(θ) by bisection on τ for every α > 1 (Peters et al. 2019's bisection), with no sorting shortcut and no
    /// softmax switch: the independent algorithm the exact ones are checked against. Its rounding grows like
    /// 1e-16/(α − 1) as α → 1.
    [<CompiledName("EntmaxBisection")>]
    let entmaxBisection (alpha: float) (scores: float[]) : float[] =
        checkParameter (SimplexMap.Entmax alpha)
        checkScores "scores" scores
        match shift scores with
        | None -> Array.create scores.Length (1.0 / float scores.Length)
        | Some z -> entmaxBisectShifted alpha z

    /// γ-normmax(θ), γ > 1 (Santos et al. 2024; bisection on τ with ‖[θ − τ]_+^{1/(γ−1)}‖_γ = 1, derived).
    [<CompiledName("Normmax")>]
    let normmax (gamma: float) (scores: float[]) : float[] = apply (SimplexMap.Normmax gamma) scores

    /// The negentropy of p ≥ 0 (the formulas are those on △; they are evaluated as written for any p ≥ 0):
    /// Shannon Σ_{p>0} p ln p; Tsallis (Σ p^α − 1)/(α(α−1)), evaluated as [Σ p·expm1((α−1) ln p) + (Σp − 1)]/(α(α−1))
    /// so that it stays accurate as α → 1 (and equals Shannon for α − 1 < SoftmaxSwitch, as the map does);
    /// norm ‖p‖_γ − 1.
    let internal negentropyUnchecked (map: SimplexMap) (p: float[]) : float =
        match effective map with
        | SimplexMap.Softmax -> p |> Array.sumBy (fun x -> if x > 0.0 then x * Math.Log x else 0.0)
        | SimplexMap.Entmax alpha ->
            let r = alpha - 1.0
            let s = p |> Array.sumBy (fun x -> if x > 0.0 then x * LogSpace.expm1 (r * Math.Log x) else 0.0)
            (s + (Array.sum p - 1.0)) / (alpha * r)
        | SimplexMap.Normmax gamma ->
            let m = Array.max p
            if m = 0.0 then -1.0
            else m * Math.Pow(p |> Array.sumBy (fun x -> Math.Pow(x / m, gamma)), 1.0 / gamma) - 1.0

    /// Ω(p) of the map (SimplexMap.Softmax: Shannon Σ p ln p; Entmax α: Tsallis (Σ p^α − 1)/(α(α−1)); Normmax γ:
    /// ‖p‖_γ − 1). `p` must be non-empty with finite entries ≥ 0 (Ω is meant on the simplex; it is not renormalized).
    [<CompiledName("Negentropy")>]
    let negentropy (map: SimplexMap) (p: float[]) : float =
        checkParameter map
        Validate.nonEmpty "p" p
        Validate.vector "p" p
        p |> Array.iteri (fun i x ->
            if x < 0.0 then raise (ArgumentOutOfRangeException("p", x, sprintf "p[%d] = %s: a negentropy is defined on non-negative vectors (the simplex)." i (Validate.show x))))
        negentropyUnchecked map p

    /// Ω(u) at the uniform vector u = 1/K, in closed form: Shannon −ln K; Tsallis (K^{1−α} − 1)/(α(α−1)) (as
    /// expm1((1−α) ln K)/(α(α−1))); norm K^{1/γ−1} − 1. The minimum of Ω on △ (Ω is convex and symmetric).
    let internal uniformNegentropy (map: SimplexMap) (k: int) : float =
        let lnK = Math.Log(float k)
        match effective map with
        | SimplexMap.Softmax -> -lnK
        | SimplexMap.Entmax alpha -> LogSpace.expm1 ((1.0 - alpha) * lnK) / (alpha * (alpha - 1.0))
        | SimplexMap.Normmax gamma -> LogSpace.expm1 ((1.0 / gamma - 1.0) * lnK)

    /// Ω*(z) − max z for shifted scores z (max 0): Σ_{p_i>0} p_i z_i − Ω(p) with p = ŷ(z) (log-sum-exp for
    /// softmax), and p itself.
    let internal conjugateShifted (map: SimplexMap) (z: float[]) : float * float[] =
        let p = applyShiftedUnchecked map z
        match effective map with
        | SimplexMap.Softmax -> LogSpace.logSumExp z, p
        | _ ->
            let mutable s = 0.0
            for i in 0 .. z.Length - 1 do
                if p.[i] > 0.0 then s <- s + p.[i] * z.[i]
            s - negentropyUnchecked map p, p

    /// The convex conjugate Ω*(θ) = max_{p ∈ △} θᵀp − Ω(p) = θᵀŷ − Ω(ŷ) (∇Ω* = ŷ: Blondel et al. 2020;
    /// numbering not re-checked), formed as max θ + Ω*(θ − max θ); softmax: ln Σ e^{θ_i}. Scores non-empty and finite.
    /// Bounds: max θ ≤ Ω*(θ) ≤ max θ − Ω(u).
    [<CompiledName("Conjugate")>]
    let conjugate (map: SimplexMap) (scores: float[]) : float =
        checkParameter map
        Validate.nonEmpty "scores" scores
        Validate.vector "scores" scores
        let m = Array.max scores
        m + fst (conjugateShifted map (scores |> Array.map (fun x -> x - m)))

    /// The margin m of the map's Fenchel–Young loss (Blondel, Martins & Niculae 2020; section not re-checked): ŷ(θ) = e_i exactly iff
    /// θ_i − max_{j≠i} θ_j ≥ m (the iff is derived: p = e_i needs (α−1)θ_i − τ = 1 and (α−1)θ_j ≤ τ).
    /// α-entmax 1/(α − 1) (sparsemax 1, 1.5-entmax 2), γ-normmax 1, softmax +∞ (every weight is positive).
    [<CompiledName("Margin")>]
    let margin (map: SimplexMap) : float =
        checkParameter map
        match map with
        | SimplexMap.Softmax -> Double.PositiveInfinity
        | SimplexMap.Entmax alpha -> 1.0 / (alpha - 1.0)
        | SimplexMap.Normmax _ -> 1.0
