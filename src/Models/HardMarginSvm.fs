/// The hard-margin support vector machine of one neuron in kernel form (KMN Eqs. 3–4, SPEC M7):
/// min ‖w‖ s.t. y_μ (w·φ(x_μ) − θ) ≥ 1 for every μ, solved in its dual
/// max Σ α − ½ Σ α_μ α_ν y_μ y_ν K_μν  s.t.  α ≥ 0, Σ α_μ y_μ = 0,
/// so that f(x) = Σ_μ α_μ y_μ K(x_μ, x) − θ. Only the Gram matrix K_μν = K(x_μ, x_ν) is needed.
namespace AssociativeKernels.Core

open System

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
/// γ = min_μ y_μ f(x_μ)/‖w‖ (KMN Eq. 50, here with the threshold), the KKT residuals and the number of
/// active-set steps. When every label is the same the constant rule f = y (α = 0, θ = −y) is optimal: ‖w‖ = 0, γ = +∞.
type SvmSolution =
    { Alpha: float[]
      Threshold: float
      SupportVectors: int[]
      WeightNorm: float
      Margin: float
      Kkt: KktResiduals
      Iterations: int }

/// Options of the trainer.
type SvmOptions =
    { /// The active-set method stops when no pattern violates y_μ f(x_μ) ≥ 1 by more than this.
      Tolerance: float
      /// A hard cap on active-set steps (each adds or removes one support vector).
      MaxIterations: int
      /// Data whose best margin is below γ_min = MinMarginRatio · max_μ √K_μμ is treated as not separable:
      /// the trainer stops as soon as it holds points of the two classes' convex hulls in feature space
      /// closer than 2γ_min, which proves the best margin is below γ_min (see trainWith).
      MinMarginRatio: float
      /// The trainer checks its own result: every KKT residual must be at most this, or it throws. The
      /// residuals reach about ε Σα max K_μμ = ε (R/γ)² (α itself is a rounded double): 1e-6 is met down to
      /// the default cut-off γ = 1e-5 R, with the margin to spare that rounding leaves in practice.
      KktTolerance: float }

/// A double-double number hi + lo (|lo| ≤ ulp(hi)/2), about 32 significant digits (Dekker 1971).
[<Struct>]
type internal DD = { Hi: float; Lo: float }

/// Double-double arithmetic (Dekker 1971; sums by Knuth's TwoSum, products by FMA).
module internal DoubleDouble =
    let ofFloat (x: float) = { Hi = x; Lo = 0.0 }
    let private norm (s: float) (e: float) = let h = s + e in { Hi = h; Lo = e - (h - s) }
    let add (x: DD) (y: DD) =
        let s = x.Hi + y.Hi
        let z = s - x.Hi
        norm s ((x.Hi - (s - z)) + (y.Hi - z) + x.Lo + y.Lo)
    let sub (x: DD) (y: DD) = add x { Hi = -y.Hi; Lo = -y.Lo }
    let mul (x: DD) (y: DD) =
        let p = x.Hi * y.Hi
        norm p (Math.FusedMultiplyAdd(x.Hi, y.Hi, -p) + x.Hi * y.Lo + x.Lo * y.Hi)
    let div (x: DD) (y: DD) =
        let q = x.Hi / y.Hi
        let r = sub x (mul (ofFloat q) y)
        norm q (r.Hi / y.Hi)
    let sqrt (x: DD) =
        let a = Math.Sqrt x.Hi
        norm a ((sub x (mul (ofFloat a) (ofFloat a))).Hi / (2.0 * a))

/// How the trainer's refusals name what they refuse, so a caller that trains on data of its own (a network's
/// output neuron) gets its parameter and its context in the message without rewriting it.
type internal SvmNames =
    { /// ParamName of a refusal of the labels, and the name of label μ in its message ("labels" → "labels[μ]").
      Labels: string
      /// ParamName of a refusal of the Gram matrix.
      Gram: string
      /// The Gram matrix as a message names it ("gram"), and the prefix of entry [a, b] ("gram" → "gram[a, b]").
      GramText: string
      GramEntry: string
      /// Appended to every message of a refusal (e.g. " (output neuron 3)"), or "".
      Context: string }

/// The hard-margin trainer and the KKT check.
[<RequireQualifiedAccess>]
module HardMarginSvm =

    /// Tolerance 1e-10, 10⁶ steps, minimum margin ratio 1e-5 (margins below 10⁻⁵ of the data radius in
    /// feature space count as not separable), KKT checked to 1e-6.
    [<CompiledName("DefaultOptions")>]
    let defaultOptions = { Tolerance = 1e-10; MaxIterations = 1_000_000; MinMarginRatio = 1e-5; KktTolerance = 1e-6 }

    /// Σ_k a(k) b(k) for k in 0 … n − 1 in twice the working precision (Ogita, Rump and Oishi 2005, Dot2:
    /// error-free products by FMA and error-free sums). Near the margin cut-off the functional margins
    /// y f = Σ α y K − θ cancel terms (R/γ)² ≈ 10¹⁰ times larger than themselves, beyond plain summation.
    let inline internal dot2 (n: int) ([<InlineIfLambda>] a: int -> float) ([<InlineIfLambda>] b: int -> float) =
        let mutable s = 0.0
        let mutable c = 0.0
        for k in 0 .. n - 1 do
            let x = a k
            let y = b k
            let p = x * y
            let pe = Math.FusedMultiplyAdd(x, y, -p)
            let t = s + p
            let z = t - s
            c <- c + ((s - (t - z)) + (p - z)) + pe
            s <- t
        s + c

    /// y_μ f(x_μ) for every μ, with f = Σ_ν α_ν y_ν K_νμ − θ (Dot2).
    let internal functionalMargins (gram: float[,]) (labels: float[]) (alpha: float[]) (theta: float) =
        let m = labels.Length
        let sv = [| for nu in 0 .. m - 1 do if alpha.[nu] <> 0.0 then yield nu |]
        Array.init m (fun mu ->
            let f = dot2 (sv.Length + 1) (fun k -> if k < sv.Length then alpha.[sv.[k]] * labels.[sv.[k]] else -theta)
                                         (fun k -> if k < sv.Length then gram.[sv.[k], mu] else 1.0)
            labels.[mu] * f)

    /// ‖w‖ = √(Σ_μ α_μ y_μ h_μ) with h_μ = Σ_ν α_ν y_ν K_νμ (Dot2; clamped at 0 against rounding). Summing
    /// α (α K) rather than α α K keeps the terms representable when α ≈ 1/(γ² K) is huge or tiny.
    let internal weightNorm (gram: float[,]) (labels: float[]) (alpha: float[]) =
        let m = labels.Length
        let sv = [| for nu in 0 .. m - 1 do if alpha.[nu] <> 0.0 then yield nu |]
        let h = sv |> Array.map (fun mu -> dot2 sv.Length (fun i -> alpha.[sv.[i]] * labels.[sv.[i]]) (fun i -> gram.[sv.[i], mu]))
        sqrt (max 0.0 (dot2 sv.Length (fun i -> alpha.[sv.[i]] * labels.[sv.[i]]) (fun i -> h.[i])))

    /// The KKT residuals of (α, θ) for the hard-margin dual on this Gram matrix and ±1 labels.
    [<CompiledName("KktResiduals")>]
    let kkt (gram: float[,]) (labels: float[]) (alpha: float[]) (theta: float) : KktResiduals =
        let margins = functionalMargins gram labels alpha theta
        let scale = max 1.0 (Array.sumBy abs alpha)
        { NegativeAlpha = max 0.0 (-(Array.min alpha))
          PrimalViolation = margins |> Array.map (fun g -> max 0.0 (1.0 - g)) |> Array.max
          Complementarity = (Array.map2 (fun a g -> abs a * abs (g - 1.0)) alpha margins |> Array.max) / scale
          Equality = abs (dot2 alpha.Length (fun k -> alpha.[k]) (fun k -> labels.[k])) / scale }

    /// The trainer's own names: its parameters gram and labels, no context.
    let internal plainNames = { Labels = "labels"; Gram = "gram"; GramText = "gram"; GramEntry = "gram"; Context = "" }

    let private checkInputs (names: SvmNames) (gram: float[,]) (labels: float[]) =
        if isNull (box gram) then raise (ArgumentNullException names.Gram)
        if isNull (box labels) then raise (ArgumentNullException names.Labels)
        let m = labels.Length
        if m = 0 then raise (ArgumentException(sprintf "%s is empty; an SVM needs at least one pattern.%s" names.Labels names.Context, names.Labels))
        if Array2D.length1 gram <> m || Array2D.length2 gram <> m then
            raise (ArgumentException(sprintf "%s is %d×%d but there are %d labels; it must be %d×%d.%s" names.GramText (Array2D.length1 gram) (Array2D.length2 gram) m m m names.Context, names.Gram))
        Patterns.checkBipolarVector names.Labels labels
        gram |> Array2D.iteri (fun a b v ->
            if not (Double.IsFinite v) then
                raise (ArgumentOutOfRangeException(names.Gram, v, sprintf "%s[%d, %d] = %s: every kernel value must be finite.%s" names.GramEntry a b (Validate.show v) names.Context))
            if a = b && v < 0.0 then
                raise (ArgumentOutOfRangeException(names.Gram, v, sprintf "%s[%d, %d] = %s: a kernel (Gram) matrix is positive semi-definite, so its diagonal is ≥ 0.%s" names.GramEntry a a (Validate.show v) names.Context)))

    let private notFit (names: SvmNames) (mu: int) (why: string) =
        raise (ArgumentException(sprintf "%s[%d]: pattern %d cannot be fit — %s%s" names.Labels mu mu why names.Context, names.Labels))

    let private notPsd (names: SvmNames) (detail: string) =
        raise (ArgumentException(sprintf "%s is not positive semi-definite (%s); the hard-margin SVM needs a positive semi-definite kernel.%s" names.GramText detail names.Context, names.Gram))

    /// Trains the hard-margin SVM (with a free threshold θ) on a Gram matrix and ±1 labels. The dual is the
    /// nearest-point problem of the two classes' convex hulls in feature space: with ν ≥ 0 summing to 1 on
    /// each class, p − q = Σ ν_μ y_μ φ(x_μ) and the best margin is γ* = min ‖p − q‖/2, reached at
    /// α = 2ν/‖p − q‖² (then Σ α = ‖w‖² = 1/γ*², KMN Eqs. 3–4). It is solved exactly by an active-set method
    /// in the manner of Wolfe's minimum-norm-point algorithm (1976): the support set S is kept affinely
    /// independent within each class, ν is the minimiser of ‖p − q‖ on the affine hull of S (a Cholesky
    /// solve) cut back to ν ≥ 0 by a line search that drops a point, and the pattern that violates
    /// y f ≥ 1 most joins S — by a degenerate exchange with a point of S when its direction is in the span of
    /// S's to the Gram matrix's rounding (see exchange); ‖p − q‖ falls strictly, so no set recurs and the method ends after finitely many
    /// steps, however small the margin and however many points lie on it. The solves are in double-double and
    /// the sums over patterns in Dot2, so y f = 1 holds on S to about ε Σα max K_μμ — the rounding of α itself —
    /// and the result is checked: every KKT residual (Dot2) must be ≤ options.KktTolerance, or
    /// InvalidOperationException. A step cap that is reached raises ArgumentOutOfRangeException naming
    /// MaxIterations; a Gram matrix met with a negative squared distance, ArgumentException naming gram. Gram entries are divided
    /// by a power of two near max K_μμ inside, so the kernel's magnitude does not matter (as long as α ≈ 1/(γ² K)
    /// is representable).
    /// Non-separable data raises an ArgumentException naming a pattern that cannot be fit: one whose features
    /// coincide with those of a pattern of the other label, or — as soon as ‖p − q‖ < 2γ_min with
    /// γ_min = MinMarginRatio · max √K_μμ, which proves that no threshold rule separates the classes with
    /// margin γ_min — the pattern with the largest weight ν in p or q.
    /// Every refusal of the data names the labels and the Gram matrix as `names` says (gram and labels for
    /// trainWith; a network's outputs and kernel, with the neuron, for KernelNetwork).
    let internal trainNamed (names: SvmNames) (options: SvmOptions) (gram: float[,]) (labels: float[]) : SvmSolution =
        checkInputs names gram labels
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
        // Work with K / scale for the power of two scale ∈ (max K_μμ / 2, max K_μμ] (an exact division): the
        // data radius is about 1 whatever the kernel's magnitude, and γ_min = MinMarginRatio · √(max K_μμ/scale).
        let maxDiag = Seq.max (seq { for mu in 0 .. m - 1 -> gram.[mu, mu] })
        let scale = if maxDiag > 0.0 then Math.ScaleB(1.0, Math.ILogB maxDiag) else 1.0
        let k (a: int) (b: int) = gram.[a, b] / scale
        let rho = options.MinMarginRatio * sqrt (maxDiag / scale)
        let dist2 a b = k a a + k b b - 2.0 * k a b
        // Start from the closest pair of opposite labels; coinciding features are named as such.
        let a0, b0 =
            seq { for a in 0 .. m - 1 do for b in 0 .. m - 1 do if y.[a] > 0.0 && y.[b] < 0.0 then yield a, b }
            |> Seq.minBy (fun (a, b) -> dist2 a b)
        if dist2 a0 b0 < -1e-8 * (k a0 a0 + k b0 b0) then
            notPsd names (sprintf "K_ii + K_jj − 2K_ij = %s < 0 for i = %d, j = %d" (Validate.show (dist2 a0 b0 * scale)) a0 b0)
        if dist2 a0 b0 <= 1e-14 * (k a0 a0 + k b0 b0) then
            let first, second = min a0 b0, max a0 b0
            notFit names second (sprintf "its features coincide with those of pattern %d (K_ii + K_jj − 2K_ij = %s) but its label is the opposite; no threshold rule separates them." first (Validate.show (dist2 a0 b0 * scale)))
        let nu = Array.zeroCreate<float> m
        nu.[a0] <- 1.0
        nu.[b0] <- 1.0
        // S = two anchors (one point of each class) and the other points, which move along
        // d_u = y_u (φ_u − φ_anchor(u)); the minimiser of ‖p − q‖ on the affine hull of S solves
        // (DᵀD) β = −Dᵀ(φ_a − φ_b) with the anchors' weights 1 − Σ β of their class. The Cholesky factor L of
        // DᵀD is kept in double-double and grows by one row per added point (rows after a removed one are
        // recomputed). Double-double matters: a pattern that violates y f ≥ 1 by v lies ~v γ from the affine
        // hull of S, so its pivot is ~v² γ², 10⁻²² of the diagonal for v = 10⁻⁶ at the cut-off γ = 10⁻⁵.
        let mutable anchorP, anchorN = a0, b0
        let others = ResizeArray<int>()
        let rows = ResizeArray<DD[]>()
        let members () = Array.append [| anchorP; anchorN |] (others.ToArray())
        let anchor u = if y.[u] > 0.0 then anchorP else anchorN
        let dd = DoubleDouble.ofFloat
        // (K_ab − K_ac) − (K_db − K_dc), exact for the given entries up to ~ε² of their size.
        let diff4 a b c d = DoubleDouble.sub (DoubleDouble.sub (dd (k a b)) (dd (k a c))) (DoubleDouble.sub (dd (k d b)) (dd (k d c)))
        let gram2 u v = DoubleDouble.mul (dd (y.[u] * y.[v])) (diff4 u v (anchor v) (anchor u))
        /// Row i of L for others.[i] = u (the solve L r = Dᵀ d_u over the first i points, then the pivot
        /// ‖d_u‖² − ‖r‖², the squared distance of d_u from the span of their directions) with the pivot's size
        /// ‖d_u‖². A clearly negative pivot means DᵀD — a Gram matrix of differences — is indefinite.
        let projectRow i =
            let u = others.[i]
            let row = Array.create (i + 1) (dd 0.0)
            for j in 0 .. i - 1 do
                let mutable acc = gram2 u others.[j]
                for t in 0 .. j - 1 do acc <- DoubleDouble.sub acc (DoubleDouble.mul row.[t] rows.[j].[t])
                row.[j] <- DoubleDouble.div acc rows.[j].[j]
            let diag = gram2 u u
            let mutable pivot = diag
            for t in 0 .. i - 1 do pivot <- DoubleDouble.sub pivot (DoubleDouble.mul row.[t] row.[t])
            if pivot.Hi < -1e-8 * diag.Hi then notPsd names (sprintf "the squared distance of pattern %d from the affine hull of other patterns' features came out as %s" u (Validate.show (pivot.Hi * scale)))
            row, pivot, diag
        /// Appends row i of L (for others.[i]); false when its pivot is numerically 0 (φ_u in the affine hull).
        let factorRow i =
            let row, pivot, diag = projectRow i
            if pivot.Hi > 1e-28 * diag.Hi then
                row.[i] <- DoubleDouble.sqrt pivot
                rows.Add row
                true
            else false
        let refactorFrom p =
            rows.RemoveRange(p, rows.Count - p)
            Seq.forall factorRow (seq { p .. others.Count - 1 })
        let remove u =
            if u = anchorP || u = anchorN then
                // the class keeps another point: a class's only point has weight 1 and is never dropped
                let i = others.FindIndex(fun v -> y.[v] = y.[u])
                if y.[u] > 0.0 then anchorP <- others.[i] else anchorN <- others.[i]
                others.RemoveAt i
                refactorFrom 0
            else
                let i = others.IndexOf u
                others.RemoveAt i
                refactorFrom i
        let affineMinimiser () =
            let n = others.Count
            let z = Array.init n (fun i -> DoubleDouble.mul (dd -y.[others.[i]]) (diff4 others.[i] anchorP anchorN (anchor others.[i])))
            for i in 0 .. n - 1 do
                for t in 0 .. i - 1 do z.[i] <- DoubleDouble.sub z.[i] (DoubleDouble.mul rows.[i].[t] z.[t])
                z.[i] <- DoubleDouble.div z.[i] rows.[i].[i]
            for i in n - 1 .. -1 .. 0 do
                for t in i + 1 .. n - 1 do z.[i] <- DoubleDouble.sub z.[i] (DoubleDouble.mul rows.[t].[i] z.[t])
                z.[i] <- DoubleDouble.div z.[i] rows.[i].[i]
            let mu = Array.zeroCreate m
            let mutable restP, restN = dd 1.0, dd 1.0
            for i in 0 .. n - 1 do
                mu.[others.[i]] <- z.[i].Hi
                if y.[others.[i]] > 0.0 then restP <- DoubleDouble.sub restP z.[i] else restN <- DoubleDouble.sub restN z.[i]
            mu.[anchorP] <- restP.Hi
            mu.[anchorN] <- restN.Hi
            mu
        // s_t = (p − q)·φ(x_t) = Σ_{u∈S} ν_u y_u K_ut; ‖p − q‖² = Σ_{u∈S} ν_u y_u s_u (Dot2).
        let s = Array.zeroCreate<float> m
        let refresh () =
            let sv = members ()
            let c = sv |> Array.map (fun u -> nu.[u] * y.[u])
            for t in 0 .. m - 1 do s.[t] <- dot2 sv.Length (fun i -> c.[i]) (fun i -> gram.[sv.[i], t]) / scale
            dot2 sv.Length (fun i -> nu.[sv.[i]] * y.[sv.[i]]) (fun i -> s.[sv.[i]])
        let mutable dist = refresh ()
        let certify () =
            // p, q lie in the hulls, so every rule with ‖w‖ = 1 has margin ≤ w·(p − q)/2 ≤ ‖p − q‖/2.
            if dist < 4.0 * rho * rho then
                let mu = members () |> Array.maxBy (fun t -> nu.[t])
                notFit names mu (sprintf "the patterns are not separable with margin %s or more: points of the two classes' convex hulls in feature space are %s apart, and the best margin is at most half that; pattern %d carries the largest weight (%s) in them." (Validate.show (options.MinMarginRatio * sqrt maxDiag)) (Validate.show (sqrt (max 0.0 dist) * sqrt scale)) mu (Validate.show nu.[mu]))
        certify ()
        // c_+ = p·(p − q) = Σ_{S+} ν s and c_− = q·(p − q) = Σ_{S−} ν s (Dot2).
        let level c =
            let sv = members () |> Array.filter (fun u -> y.[u] = c)
            dot2 sv.Length (fun i -> nu.[sv.[i]]) (fun i -> s.[sv.[i]])
        /// Enters the violator t = others.[last] whose direction d_t lies in the span of S's directions to
        /// the Gram matrix's own rounding (its pivot is not resolvable: a Gram matrix of doubles is positive
        /// semi-definite only to about ε max K_μμ, and a pattern violating y f ≥ 1 by v has a pivot of about
        /// (v γ)² in units of max K_μμ, below that once v ≲ ε^½/γ) by a degenerate exchange, as a simplex step at a degenerate vertex:
        /// with d_t = Σ_i c_i d_i + r (c = (DᵀD)⁻¹ Dᵀ d_t, from t's row of L), moving β_t = τ, β_i −= τ c_i
        /// changes p − q by τ r and ‖p − q‖² by 2τ (p − q)·r + τ² ‖r‖², where (p − q)·r = (p − q)·d_t < 0 is
        /// t's violation (p − q ⊥ d_i on S). τ grows until the first weight of S reaches 0; that point leaves
        /// and t joins (a basis exchange, so the new directions are independent again). False when the new
        /// set cannot be factored.
        let exchange t =
            let n = others.Count - 1
            let row, _, _ = projectRow n
            let c = Array.sub row 0 n
            for i in n - 1 .. -1 .. 0 do
                for j in i + 1 .. n - 1 do c.[i] <- DoubleDouble.sub c.[i] (DoubleDouble.mul rows.[j].[i] c.[j])
                c.[i] <- DoubleDouble.div c.[i] rows.[i].[i]
            // δν: +1 on t, −c_i on others.[i], and on each anchor minus its class's sum (Σ ν = 1 per class).
            let delta = Array.zeroCreate<float> m
            delta.[t] <- 1.0
            for i in 0 .. n - 1 do delta.[others.[i]] <- -c.[i].Hi
            for u in others do
                if y.[u] > 0.0 then delta.[anchorP] <- delta.[anchorP] - delta.[u] else delta.[anchorN] <- delta.[anchorN] - delta.[u]
            let step, out = members () |> Array.filter (fun u -> delta.[u] < 0.0) |> Array.map (fun u -> nu.[u] / -delta.[u], u) |> Array.min
            for u in members () do nu.[u] <- nu.[u] + step * delta.[u]
            nu.[out] <- 0.0
            remove out
        let mutable iterations = 0
        let mutable fin = false
        let visited = Collections.Generic.HashSet<string>()
        while not fin do
            // The pattern violating y f ≥ 1 most: y f_t − 1 = 2 (s_t − c_±)/‖p − q‖².
            let cPlus, cMinus = level 1.0, level -1.0
            let violation t = 2.0 * (if y.[t] > 0.0 then cPlus - s.[t] else s.[t] - cMinus) / dist
            let t = Seq.maxBy violation (seq { 0 .. m - 1 })
            if violation t <= options.Tolerance || nu.[t] > 0.0 || t = anchorP || t = anchorN || others.Contains t then fin <- true
            elif iterations >= options.MaxIterations then
                raise (ArgumentOutOfRangeException("MaxIterations", options.MaxIterations, sprintf "MaxIterations = %d active-set steps were not enough (pattern %d still violates y f ≥ 1 by %s); allow more." options.MaxIterations t (Validate.show (violation t))))
            else
                others.Add t
                if not (factorRow (others.Count - 1) || exchange t) then fin <- true
                else
                    let mutable inner = true
                    while inner do
                        iterations <- iterations + 1
                        let mu = affineMinimiser ()
                        let sv = members ()
                        if sv |> Array.forall (fun u -> mu.[u] > 0.0) then
                            for u in sv do nu.[u] <- mu.[u]
                            inner <- false
                        else
                            // Move from ν towards μ until the first weight reaches 0; drop that point.
                            let step, out = sv |> Array.filter (fun u -> mu.[u] <= 0.0) |> Array.map (fun u -> nu.[u] / (nu.[u] - mu.[u]), u) |> Array.min
                            for u in sv do nu.[u] <- nu.[u] + step * (mu.[u] - nu.[u])
                            nu.[out] <- 0.0
                            if not (remove out) then
                                inner <- false
                                fin <- true
                    dist <- refresh ()
                    certify ()
                    // ‖p − q‖ falls strictly, so a support set never recurs in exact arithmetic; one that does
                    // (the decrease can be far below ε‖p − q‖²) means rounding has the last word: stop.
                    if not (visited.Add(String.Join(",", members () |> Array.sort))) then fin <- true
        // α = 2ν/‖p − q‖², θ = (c_+ + c_−)/‖p − q‖²: then y f = 1 on S, (c_+ − c_−)/‖p − q‖² = 1.
        let theta = (level 1.0 + level -1.0) / dist
        let alpha = nu |> Array.map (fun v -> 2.0 * v / dist / scale)
        if alpha |> Array.exists (fun a -> not (Double.IsFinite a) || (a <> 0.0 && not (Double.IsNormal a))) then
            raise (ArgumentOutOfRangeException(names.Gram, maxDiag, sprintf "%s has max K_μμ = %s: the Lagrange coefficients (about 1/(γ² K_μμ)) are not representable as doubles at this scale; rescale the kernel.%s" names.GramText (Validate.show maxDiag) names.Context))
        let residuals = kkt gram y alpha theta
        if residuals.Max > options.KktTolerance then
            raise (InvalidOperationException(sprintf "The SVM solution fails its KKT check: %A exceeds %s." residuals (Validate.show options.KktTolerance)))
        let norm = weightNorm gram y alpha
        let margins = functionalMargins gram y alpha theta
        { Alpha = alpha; Threshold = theta
          SupportVectors = [| for t in 0 .. m - 1 do if alpha.[t] > 0.0 then yield t |]
          WeightNorm = norm
          Margin = (Array.min margins) / norm
          Kkt = residuals; Iterations = iterations }

    /// Trains the hard-margin SVM on a Gram matrix and ±1 labels: trainNamed with the trainer's own names
    /// (refusals name gram and labels).
    [<CompiledName("TrainWith")>]
    let trainWith (options: SvmOptions) (gram: float[,]) (labels: float[]) : SvmSolution = trainNamed plainNames options gram labels

    /// trainWith defaultOptions.
    [<CompiledName("Train")>]
    let train (gram: float[,]) (labels: float[]) : SvmSolution = trainWith defaultOptions gram labels
