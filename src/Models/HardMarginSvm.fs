/// The hard-margin support vector machine of one neuron in kernel form (KMN Eqs. 3–4, SPEC M7):
/// min ‖w‖ s.t. y_μ (w·φ(x_μ) − θ) ≥ 1 for every μ, solved in its dual
/// max Σ α − ½ Σ α_μ α_ν y_μ y_ν K_μν  s.t.  α ≥ 0, Σ α_μ y_μ = 0,
/// so that f(x) = Σ_μ α_μ y_μ K(x_μ, x) − θ. Only the Gram matrix K_μν = K(x_μ, x_ν) is needed.
namespace Kernels.Core

open System
open MathNet.Numerics.LinearAlgebra

/// How far a solution is from the KKT conditions of the hard-margin dual (each ≥ 0; 0 is exact).
type KktResiduals =
    { /// max(0, −min_μ α_μ): dual feasibility α ≥ 0.
      NegativeAlpha: float
      /// max_μ max(0, 1 − y_μ f(x_μ)): primal feasibility.
      PrimalViolation: float
      /// max_μ α_μ |y_μ f(x_μ) − 1| / max(1, Σα): complementary slackness, relative to the scale of the
      /// dual (at the optimum Σα = ‖w‖² = 1/γ², so α grows like 1/γ² and an absolute test would demand
      /// |y f − 1| below rounding for small margins).
      Complementarity: float
      /// |Σ_μ α_μ y_μ| / max(1, Σα): stationarity in θ (θ is free), on the same scale.
      Equality: float }
    /// The largest of the four residuals.
    member this.Max = List.max [ this.NegativeAlpha; this.PrimalViolation; this.Complementarity; this.Equality ]

/// A trained hard-margin SVM: the Lagrange coefficients α (one per pattern), the threshold θ, the
/// support vectors (indices with α > 0), ‖w‖ with ‖w‖² = Σ α α′ y y′ K, the geometric margin
/// γ = min_μ y_μ f(x_μ)/‖w‖ (KMN Eq. 50, here with the threshold), and the KKT residuals.
/// When every label is the same the constant rule f = y (α = 0, θ = −y) is optimal: ‖w‖ = 0, γ = +∞.
type SvmSolution =
    { Alpha: float[]
      Threshold: float
      SupportVectors: int[]
      WeightNorm: float
      Margin: float
      Kkt: KktResiduals
      Iterations: int }

/// Options of the SMO trainer.
type SvmOptions =
    { /// SMO stops when the maximal KKT violation m(α) − M(α) of the working-set rule is below this.
      Tolerance: float
      /// A hard cap on SMO steps.
      MaxIterations: int
      /// Data whose best margin is below γ_min = MinMarginRatio · max_μ √K_μμ is treated as not separable:
      /// SMO stops as soon as ‖w‖/Σα < γ_min, which proves the best margin is below γ_min (see trainWith).
      MinMarginRatio: float
      /// The trainer checks its own result: every KKT residual must be at most this, or it throws.
      KktTolerance: float }

/// The SMO trainer and the KKT check.
[<RequireQualifiedAccess>]
module HardMarginSvm =

    /// Tolerance 1e-10, 10⁶ steps, minimum margin ratio 1e-5 (margins below 10⁻⁵ of the data radius in
    /// feature space count as not separable), KKT checked to 1e-6.
    [<CompiledName("DefaultOptions")>]
    let defaultOptions = { Tolerance = 1e-10; MaxIterations = 1_000_000; MinMarginRatio = 1e-5; KktTolerance = 1e-6 }

    /// y_μ f(x_μ) for every μ, with f = Σ_ν α_ν y_ν K_νμ − θ.
    let internal functionalMargins (gram: float[,]) (labels: float[]) (alpha: float[]) (theta: float) =
        let m = labels.Length
        Array.init m (fun mu ->
            let mutable s = 0.0
            for nu in 0 .. m - 1 do
                if alpha.[nu] <> 0.0 then s <- s + alpha.[nu] * labels.[nu] * gram.[nu, mu]
            labels.[mu] * (s - theta))

    /// ‖w‖ = √(Σ α α′ y y′ K) (clamped at 0 against rounding).
    let internal weightNorm (gram: float[,]) (labels: float[]) (alpha: float[]) =
        let m = labels.Length
        let mutable s = 0.0
        for a in 0 .. m - 1 do
            if alpha.[a] <> 0.0 then
                for b in 0 .. m - 1 do
                    if alpha.[b] <> 0.0 then s <- s + alpha.[a] * alpha.[b] * labels.[a] * labels.[b] * gram.[a, b]
        sqrt (max 0.0 s)

    /// The KKT residuals of (α, θ) for the hard-margin dual on this Gram matrix and ±1 labels.
    [<CompiledName("KktResiduals")>]
    let kkt (gram: float[,]) (labels: float[]) (alpha: float[]) (theta: float) : KktResiduals =
        let margins = functionalMargins gram labels alpha theta
        let scale = max 1.0 (Array.sumBy abs alpha)
        { NegativeAlpha = max 0.0 (-(Array.min alpha))
          PrimalViolation = margins |> Array.map (fun g -> max 0.0 (1.0 - g)) |> Array.max
          Complementarity = (Array.map2 (fun a g -> abs a * abs (g - 1.0)) alpha margins |> Array.max) / scale
          Equality = abs (Array.fold2 (fun s a y -> s + a * y) 0.0 alpha labels) / scale }

    let private checkInputs (gram: float[,]) (labels: float[]) =
        if isNull (box gram) then raise (ArgumentNullException "gram")
        if isNull (box labels) then raise (ArgumentNullException "labels")
        let m = labels.Length
        if m = 0 then raise (ArgumentException("labels is empty; an SVM needs at least one pattern.", "labels"))
        if Array2D.length1 gram <> m || Array2D.length2 gram <> m then
            raise (ArgumentException(sprintf "gram is %d×%d but there are %d labels; it must be %d×%d." (Array2D.length1 gram) (Array2D.length2 gram) m m m, "gram"))
        Patterns.checkBipolarVector "labels" labels
        gram |> Array2D.iteri (fun a b v ->
            if not (Double.IsFinite v) then
                raise (ArgumentOutOfRangeException("gram", v, sprintf "gram[%d, %d] = %s: every kernel value must be finite." a b (Validate.show v))))

    /// The equality-constrained system of a support set S (y_μ f(x_μ) = 1 on S, Σ α y = 0), solved by
    /// SVD least squares; None when it is rank deficient.
    let internal solveSupportSet (gram: float[,]) (labels: float[]) (support: int[]) : (float[] * float) option =
        let s = support.Length
        let a = Matrix<float>.Build.Dense(s + 1, s + 1, fun r c ->
                    if r < s && c < s then labels.[support.[r]] * labels.[support.[c]] * gram.[support.[r], support.[c]]
                    elif r < s then -labels.[support.[r]]
                    elif c < s then labels.[support.[c]]
                    else 0.0)
        let b = Vector<float>.Build.Dense(s + 1, fun r -> if r < s then 1.0 else 0.0)
        let svd = a.Svd(true)
        let sv = svd.S
        if sv.[sv.Count - 1] <= sv.[0] * float (s + 1) * 1e-13 then None
        else
            let x = svd.Solve b
            Some(Array.init s (fun k -> x.[k]), x.[s])

    let private notFit (mu: int) (why: string) =
        raise (ArgumentException(sprintf "labels[%d]: pattern %d cannot be fit — %s" mu mu why, "labels"))

    /// Trains the hard-margin SVM (with a free threshold θ) on a Gram matrix and ±1 labels by SMO with
    /// LIBSVM's second-order working-set selection at C = ∞ (Fan, Chen, Lin 2005), then polishes: the
    /// support set found is solved exactly as an equality-constrained linear system and the polished
    /// solution is kept when it satisfies the KKT conditions at least as well. The result is checked: every
    /// KKT residual must be ≤ options.KktTolerance, or InvalidOperationException.
    /// Non-separable data raises an ArgumentException naming a pattern that cannot be fit: two patterns
    /// with identical features and opposite labels (detected exactly: an unbounded SMO step), or — when
    /// ‖w‖/Σα < γ_min = MinMarginRatio · max √K_μμ, which bounds the distance between the classes' convex
    /// hulls in feature space by 2γ_min, so no threshold rule separates them with margin γ_min — the pattern
    /// with the largest Lagrange coefficient (the one the diverging dual pushes hardest).
    [<CompiledName("TrainWith")>]
    let trainWith (options: SvmOptions) (gram: float[,]) (labels: float[]) : SvmSolution =
        checkInputs gram labels
        Validate.positive "Tolerance" options.Tolerance
        Validate.atLeast "MaxIterations" 1 options.MaxIterations
        Validate.positive "MinMarginRatio" options.MinMarginRatio
        Validate.positive "KktTolerance" options.KktTolerance
        let m = labels.Length
        let y = labels
        if Array.forall (fun l -> l = y.[0]) y then
            // One class: Σ α y = 0 forces α = 0; the constant rule f = −θ = y has y f = 1.
            let alpha = Array.zeroCreate m
            { Alpha = alpha; Threshold = -y.[0]; SupportVectors = [||]; WeightNorm = 0.0; Margin = Double.PositiveInfinity
              Kkt = kkt gram y alpha (-y.[0]); Iterations = 0 }
        else
        let scale = [| for mu in 0 .. m - 1 -> gram.[mu, mu] |] |> Array.max |> max 0.0
        let gammaMin = options.MinMarginRatio * (if scale > 0.0 then sqrt scale else 1.0)
        let dualBound = 1.0 / (2.0 * gammaMin * gammaMin)
        let alpha = Array.zeroCreate<float> m
        // G = Qα − e with Q_μν = y_μ y_ν K_μν; −y_t G_t is the KKT score of pattern t.
        let grad = Array.create m -1.0
        let tau = 1e-12 * (if scale > 0.0 then scale else 1.0)
        let mutable iterations = 0
        let mutable fin = false
        let mutable stalled : (int * float) option = None
        while not fin do
            // i: argmax of −y G over I_up = {y = +1} ∪ {y = −1, α > 0}
            let mutable i = -1
            let mutable gmax = Double.NegativeInfinity
            let mutable gmin = Double.PositiveInfinity
            for t in 0 .. m - 1 do
                let score = -y.[t] * grad.[t]
                if (y.[t] > 0.0 || alpha.[t] > 0.0) && score > gmax then
                    gmax <- score
                    i <- t
            // j: second-order choice over I_low = {y = −1} ∪ {y = +1, α > 0} with −y G < m
            let mutable j = -1
            let mutable best = Double.PositiveInfinity
            for t in 0 .. m - 1 do
                if y.[t] < 0.0 || alpha.[t] > 0.0 then
                    let score = -y.[t] * grad.[t]
                    if score < gmin then gmin <- score
                    if i >= 0 && score < gmax then
                        let b = gmax - score
                        let a = gram.[i, i] + gram.[t, t] - 2.0 * gram.[i, t]
                        let v = -(b * b) / (if a > tau then a else tau)
                        if v < best then
                            best <- v
                            j <- t
            if i < 0 || j < 0 || gmax - gmin < options.Tolerance * (1.0 + Array.fold (fun a g -> max a (abs g)) 0.0 grad) then fin <- true
            else
                iterations <- iterations + 1
                let eta = gram.[i, i] + gram.[j, j] - 2.0 * gram.[i, j]
                let b = gmax - (-y.[j] * grad.[j])
                // Direction: α_i += y_i t, α_j −= y_j t (keeps Σ α y); t ≥ 0 clipped by α ≥ 0.
                let limit =
                    min (if y.[i] < 0.0 then alpha.[i] else Double.PositiveInfinity)
                        (if y.[j] > 0.0 then alpha.[j] else Double.PositiveInfinity)
                let t =
                    if eta > tau then min (b / eta) limit
                    elif Double.IsPositiveInfinity limit then
                        // Zero curvature and no bound: φ(x_i) = φ(x_j) with opposite labels.
                        let plus, minus = if y.[i] > 0.0 then i, j else j, i
                        notFit minus (sprintf "its features coincide with those of pattern %d (K_ii + K_jj − 2K_ij = %s) but its label is the opposite; no threshold rule separates them." plus (Validate.show eta))
                    else limit
                let di = y.[i] * t
                let dj = -y.[j] * t
                alpha.[i] <- alpha.[i] + di
                alpha.[j] <- alpha.[j] + dj
                // A clipped step lands exactly on the bound it hit.
                if t = limit then
                    if y.[i] < 0.0 && limit = alpha.[i] - di then alpha.[i] <- 0.0
                    if y.[j] > 0.0 && limit = alpha.[j] - dj then alpha.[j] <- 0.0
                alpha.[i] <- max 0.0 alpha.[i]
                alpha.[j] <- max 0.0 alpha.[j]
                for k in 0 .. m - 1 do
                    grad.[k] <- grad.[k] + y.[k] * (y.[i] * gram.[k, i] * di + y.[j] * gram.[k, j] * dj)
                // Non-separability certificate. With A = Σα and Σ α y = 0, p = Σ_{y=+1} (2α/A) φ and
                // q = Σ_{y=−1} (2α/A) φ lie in the two classes' convex hulls and p − q = 2w/A, so the hull
                // distance — twice the best margin γ* — is at most 2‖w‖/A: ‖w‖/A < γ_min proves γ* < γ_min.
                // ‖w‖² = αᵀQα = Σ α (G + 1).
                let mutable total = 0.0
                let mutable w2 = 0.0
                for k in 0 .. m - 1 do
                    total <- total + alpha.[k]
                    w2 <- w2 + alpha.[k] * (grad.[k] + 1.0)
                let worst () = Array.findIndex (fun a -> a = Array.max alpha) alpha
                if sqrt (max 0.0 w2) < gammaMin * total then
                    let mu = worst ()
                    notFit mu (sprintf "the patterns are not separable with margin %s or more: SMO reached ‖w‖/Σα = %s < %s, which bounds the distance between the two classes' convex hulls in feature space (twice the best margin) by %s; pattern %d carries the largest Lagrange coefficient (%s)." (Validate.show gammaMin) (Validate.show (sqrt (max 0.0 w2) / total)) (Validate.show gammaMin) (Validate.show (2.0 * sqrt (max 0.0 w2) / total)) mu (Validate.show alpha.[mu]))
                if iterations >= options.MaxIterations then
                    // Stop here; the polish below may still solve the support set found exactly.
                    stalled <- Some(worst (), gmax - gmin)
                    fin <- true
        // θ from the support vectors: y_t f(x_t) = G_t + 1 − y_t θ = 1 ⇒ θ = y_t G_t.
        let svIdx = [| for t in 0 .. m - 1 do if alpha.[t] > 0.0 then yield t |]
        let theta =
            if svIdx.Length > 0 then svIdx |> Array.averageBy (fun t -> y.[t] * grad.[t])
            else 0.0 // unreachable with two classes: the first SMO step makes some α positive
        let smoKkt = kkt gram y alpha theta
        // Polish on the support set found.
        let amax = Array.max alpha
        let support = [| for t in 0 .. m - 1 do if alpha.[t] > 1e-9 * amax then yield t |]
        let polishOn (set: int[]) =
            match solveSupportSet gram y set with
            | Some(aS, th) when Array.forall (fun a -> a >= 0.0) aS ->
                let polished = Array.zeroCreate m
                set |> Array.iteri (fun k t -> polished.[t] <- aS.[k])
                Some(polished, th, kkt gram y polished th)
            | _ -> None
        // The support set found; when SMO stalled (slow convergence at tiny margins), also the sets made of
        // its largest coefficients, which drop the not-yet-vanished ones.
        let candidates =
            if stalled.IsNone then [ support ]
            else
                let byAlpha = support |> Array.sortByDescending (fun t -> alpha.[t])
                [ for len in byAlpha.Length .. -1 .. 2 -> Array.sort byAlpha.[.. len - 1] ]
        let alpha, theta, residuals =
            candidates
            |> List.choose polishOn
            |> List.fold (fun (a, th, r: KktResiduals) (a2, th2, r2: KktResiduals) -> if r2.Max < r.Max then (a2, th2, r2) else (a, th, r))
                         (alpha, theta, smoKkt)
        match stalled with
        | Some(mu, gap) when residuals.Max > options.KktTolerance ->
            notFit mu (sprintf "SMO did not reach the KKT conditions within %d steps (maximal violation %s) and the support set it found does not solve them either; the data is probably not separable, and pattern %d carries the largest Lagrange coefficient (%s)." options.MaxIterations (Validate.show gap) mu (Validate.show alpha.[mu]))
        | _ -> ()
        if residuals.Max > options.KktTolerance then
            raise (InvalidOperationException(sprintf "The SVM solution fails its KKT check: %A exceeds %s." residuals (Validate.show options.KktTolerance)))
        let norm = weightNorm gram y alpha
        let margins = functionalMargins gram y alpha theta
        { Alpha = alpha; Threshold = theta
          SupportVectors = [| for t in 0 .. m - 1 do if alpha.[t] > 0.0 then yield t |]
          WeightNorm = norm
          Margin = (Array.min margins) / norm
          Kkt = residuals; Iterations = iterations }

    /// trainWith defaultOptions.
    [<CompiledName("Train")>]
    let train (gram: float[,]) (labels: float[]) : SvmSolution = trainWith defaultOptions gram labels
