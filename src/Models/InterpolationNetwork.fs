/// Interpolation networks (SPEC M8, M9): the continuous interpolation network s ← X K^† K(X, s)
/// (KMN Property 4, Eq. 20), the generalized pseudoinverse rule s ← sgn(X K^† K(X, s)) (App. D,
/// Eqs. 52–55), the Exp-β network (Eq. 20 with the kernel of Eq. 21) and its β → ∞ rule (Eq. 22).
/// KMN writes X = (ξ¹ … ξ^M) with patterns as COLUMNS; here patterns are ROWS, so
/// s′_i = Σ_μ (X K^†)_{iμ} K(ξ^μ, s) with (X K^†)_{iμ} = Σ_ν ξ^ν_i (K^†)_{νμ}.
namespace AssociativeKernels.Core

open System
open MathNet.Numerics.LinearAlgebra

/// An interpolation network: the stored patterns (rows, M × N), the kernel, the Moore–Penrose
/// pseudoinverse of the Gram matrix K = K(X, X) (M × M), its numerical rank, and the projection
/// P = X K^† as an N × M array (row i: the weights of neuron i on K(X, s)).
type InterpolationNetwork =
    { Patterns: float[][]
      Kernel: float[] -> float[] -> float
      GramPseudoinverse: float[][]
      Rank: int
      Projection: float[][] }

/// The Exp-β network at β → ∞ (KMN Eq. 22): s ← Σ_μ ξ^μ Θ(r − ‖ξ^μ − s‖) with Θ(0) = e^{−1}, valid as
/// the limit of Eq. 20 when every pairwise distance exceeds r (Property 5.1).
type ExpBetaLimitNetwork = { Patterns: float[][]; Radius: float }

/// Building and running interpolation networks.
[<RequireQualifiedAccess>]
module InterpolationNetwork =

    /// Singular values of K below RankCutoff · σ_max are treated as zero in K^† (1e-10; see create).
    [<Literal>]
    let RankCutoff = 1e-10

    let private build (kernel: float[] -> float[] -> float) (patterns: float[][]) (requireInverse: bool) =
        if isNull (box kernel) then raise (ArgumentNullException "kernel")
        let n = Patterns.check "patterns" patterns
        let m = patterns.Length
        let gram = Kernel.gram kernel patterns
        gram |> Array2D.iteri (fun a b v ->
            if not (Double.IsFinite v) then
                raise (ArgumentOutOfRangeException("kernel", v, sprintf "kernel: K(patterns[%d], patterns[%d]) = %s; kernel values must be finite." a b (Validate.show v))))
        let k = Matrix<float>.Build.DenseOfArray gram
        let svd = k.Svd(true)
        let s = svd.S
        let smax = s.[0]
        // Singular values below 1e-10 σ_max count as zero. A Gram matrix computed in double carries entry
        // errors of a few N·ε relative to its largest entry, so by Weyl's inequality the zero singular values
        // of a rank-deficient K come out at most ≈ M·N·ε·σ_max ≤ 1e-11 σ_max for M, N ≤ 200; the cutoff sits
        // above that noise and below the smallest singular values of the kernels used here.
        let cutoff = RankCutoff * smax
        let rank = s |> Seq.filter (fun v -> v > cutoff) |> Seq.length
        if requireInverse && rank < m then
            let dup =
                seq { for a in 0 .. m - 1 do
                        for b in a + 1 .. m - 1 do
                            if patterns.[a] = patterns.[b] then yield sprintf " (patterns[%d] and patterns[%d] coincide)" a b }
                |> Seq.tryHead |> Option.defaultValue ""
            raise (ArgumentException(sprintf "patterns: the kernel matrix K = K(X, X) is singular (numerical rank %d < M = %d, smallest singular value %s)%s; this model needs K⁻¹. Use the pseudoinverse network (InterpolationNetwork.create), which uses K^† and keeps every stored pattern a fixed point." rank m (Validate.show s.[m - 1]) dup, "patterns"))
        let sInv = Vector<float>.Build.Dense(m, fun i -> if s.[i] > cutoff then 1.0 / s.[i] else 0.0)
        // K^† = V Σ^† Uᵀ
        let pinv = svd.VT.Transpose() * Matrix<float>.Build.DiagonalOfDiagonalVector(sInv) * svd.U.Transpose()
        let x = Matrix<float>.Build.DenseOfRowArrays(patterns) // M × N
        let proj = x.Transpose() * pinv // N × M
        { Patterns = Array.map Array.copy patterns
          Kernel = kernel
          GramPseudoinverse = pinv.ToRowArrays()
          Rank = rank
          Projection = Array.init n (fun i -> proj.Row(i).ToArray()) }

    /// The generalized pseudoinverse / continuous interpolation network (Property 4, Eq. 20; App. D):
    /// K^† from MathNet's SVD, singular values below RankCutoff·σ_max treated as zero, so rank-deficient K —
    /// duplicated or linearly dependent feature vectors — is fine. Patterns are any finite rows.
    [<CompiledName("Create")>]
    let create (kernel: float[] -> float[] -> float) (patterns: float[][]) : InterpolationNetwork = build kernel patterns false

    /// As create, but the model needs K⁻¹: a singular K (numerical rank < M) raises an ArgumentException
    /// that says so and points to the pseudoinverse network.
    [<CompiledName("CreateRequiringInverse")>]
    let createRequiringInverse (kernel: float[] -> float[] -> float) (patterns: float[][]) : InterpolationNetwork = build kernel patterns true

    let private stepUnchecked (net: InterpolationNetwork) (s: float[]) =
        let ks = net.Patterns |> Array.map (fun p -> net.Kernel p s)
        net.Projection |> Array.map (fun row -> LinearAlgebra.dot row ks)

    /// One step of the continuous interpolation network s ← X K^† K(X, s) (Eq. 20).
    [<CompiledName("Step")>]
    let step (net: InterpolationNetwork) (s: float[]) : float[] =
        Patterns.checkState "s" net.Patterns.[0].Length s
        stepUnchecked net s

    /// One step of the generalized pseudoinverse rule s ← sgn(X K^† K(X, s)) (Eqs. 52, 54) on a ±1 state;
    /// a zero field keeps s_i (Dynamics.sign).
    [<CompiledName("SignStep")>]
    let signStep (net: InterpolationNetwork) (s: float[]) : float[] =
        Patterns.checkState "s" net.Patterns.[0].Length s
        Patterns.checkBipolarVector "s" s
        Array.map2 Dynamics.sign s (stepUnchecked net s)

    /// Iterates Eq. 20 from s0 until every component moves by at most `tolerance`, a cycle, or maxSteps.
    [<CompiledName("Retrieve")>]
    let retrieve (net: InterpolationNetwork) (tolerance: float) (maxSteps: int) (s0: float[]) : Iteration =
        Patterns.checkState "s0" net.Patterns.[0].Length s0
        Dynamics.toFixedPoint (stepUnchecked net) tolerance maxSteps s0

    /// Iterates the sign rule (Eq. 54) from a ±1 state to a fixed point, a cycle, or maxSteps.
    [<CompiledName("RetrieveSign")>]
    let retrieveSign (net: InterpolationNetwork) (maxSteps: int) (s0: float[]) : Iteration =
        Patterns.checkState "s0" net.Patterns.[0].Length s0
        Patterns.checkBipolarVector "s0" s0
        Dynamics.toFixedPoint (fun s -> Array.map2 Dynamics.sign s (stepUnchecked net s)) 0.0 maxSteps s0

/// The Exp-β network (SPEC M9, KMN §4.2).
[<RequireQualifiedAccess>]
module ExpBetaNetwork =

    /// The Exp-β network at finite β: Eq. 20 with K(x, y) = exp(−(‖x − y‖/r)^β) (Eq. 21), β > 0, r > 0.
    /// KMN uses K⁻¹ (invertible for distinct patterns, Micchelli); duplicated patterns make K singular
    /// and raise an ArgumentException pointing to the pseudoinverse network.
    [<CompiledName("Create")>]
    let create (beta: float) (r: float) (patterns: float[][]) : InterpolationNetwork =
        Validate.positive "beta" beta
        Validate.positive "r" r
        InterpolationNetwork.createRequiringInverse (fun x y -> (Kernel.expBeta beta r x y).Value) patterns

    /// The β → ∞ network of Eq. 22. Needs min_{μ≠ν} ‖ξ^μ − ξ^ν‖ > r (Property 5.1, under which Eq. 22 is
    /// the limit of Eq. 20); otherwise an ArgumentException names the closest pair.
    [<CompiledName("ZeroTemperature")>]
    let zeroTemperature (r: float) (patterns: float[][]) : ExpBetaLimitNetwork =
        Validate.positive "r" r
        Patterns.check "patterns" patterns |> ignore
        let m = patterns.Length
        for a in 0 .. m - 1 do
            for b in a + 1 .. m - 1 do
                let d = Kernel.distanceUnchecked patterns.[a] patterns.[b]
                if not (d > r) then
                    raise (ArgumentException(sprintf "patterns: ‖patterns[%d] − patterns[%d]‖ = %s is not greater than r = %s; Eq. 22 is the β → ∞ limit only when every pairwise distance exceeds r (Property 5.1)." a b (Validate.show d) (Validate.show r), "patterns"))
        { Patterns = Array.map Array.copy patterns; Radius = r }

    let private limitStepUnchecked (net: ExpBetaLimitNetwork) (s: float[]) =
        let out = Array.zeroCreate s.Length
        for p in net.Patterns do
            let w = Kernel.expBetaLimitUnchecked net.Radius p s
            if w <> 0.0 then
                for i in 0 .. out.Length - 1 do out.[i] <- out.[i] + w * p.[i]
        out

    /// One step of Eq. 22: s ← Σ_μ ξ^μ Θ(r − ‖ξ^μ − s‖), Θ(0) = e^{−1}.
    [<CompiledName("LimitStep")>]
    let limitStep (net: ExpBetaLimitNetwork) (s: float[]) : float[] =
        Patterns.checkState "s" net.Patterns.[0].Length s
        limitStepUnchecked net s

    /// The agnostic state (Property 5.3 remark): where a start farther than r from every pattern ends after
    /// two steps — the step from 0, which is 0 unless a pattern lies within r of the origin (then that
    /// pattern; with min distance > 2r at most one can).
    [<CompiledName("AgnosticState")>]
    let agnosticState (net: ExpBetaLimitNetwork) : float[] =
        limitStepUnchecked net (Array.zeroCreate net.Patterns.[0].Length)

    /// Iterates Eq. 22 from s0 to a fixed point (exact equality), a cycle, or maxSteps.
    [<CompiledName("RetrieveLimit")>]
    let retrieveLimit (net: ExpBetaLimitNetwork) (maxSteps: int) (s0: float[]) : Iteration =
        Patterns.checkState "s0" net.Patterns.[0].Length s0
        Dynamics.toFixedPoint (limitStepUnchecked net) 0.0 maxSteps s0
