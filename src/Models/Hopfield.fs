/// SPEC M1, the classical Hopfield network (DAM Eq. 1; KMN Eq. 52; UHN §2 and App. B for
/// hetero-association). Patterns are rows: K keys ξ^μ of dimension I (the query side) and K values
/// p^μ of dimension O (the output side; the keys themselves for auto-association). The weight matrix
/// W is O×I, so the local fields of a state s are h = W s and a synchronous step is s ← sgn(W s).
namespace AssociativeKernels.Core

open System
open MathNet.Numerics.LinearAlgebra

/// How the weights of a classical Hopfield network are learned from its patterns.
[<RequireQualifiedAccess>]
type HopfieldRule =
    /// The Hebbian outer-product rule T = Σ_μ ξ^μ ξ^μᵀ (DAM Eq. 1), hetero W = Σ_μ p^μ ξ^μᵀ = Pᵀ X
    /// in row form (UHN's W = P Mᵀ with patterns as columns).
    | Hebbian
    /// The Hebbian rule with T_ii = 0 (auto-association only): the standard condition under which an
    /// asynchronous update never raises the energy −½ sᵀTs (Hopfield 1982).
    | HebbianZeroDiagonal
    /// The (generalised) pseudoinverse rule T = X X^† of KMN Eq. 52 with patterns as columns; with
    /// patterns as rows X_r (K×I) this is W = Pᵀ (X_r^†)ᵀ, and for auto-association T = X_r^† X_r =
    /// X_rᵀ (X_r X_rᵀ)^† X_r, the orthogonal projector onto the span of the patterns. The pseudoinverse
    /// is taken through an SVD that drops singular values below max(K, I)·σ_max·2⁻⁵², so it is defined
    /// at rank deficiency (duplicate or dependent patterns) too.
    | Pseudoinverse

/// A classical Hopfield network: immutable weights W (O×I, row i holds the weights into output neuron
/// i) learned from K key rows (dimension I) and K value rows (dimension O). Auto-associative when the
/// values are the keys. Safe to query from many threads.
[<Sealed>]
type HopfieldNetwork internal (weights: float[,], keys: float[][], values: float[][], rule: HopfieldRule, auto: bool) =
    member internal _.W = weights
    /// A copy of the weight matrix W (O×I).
    member _.Weights = Array2D.copy weights
    /// Copies of the key patterns (rows, dimension I).
    member _.Keys = keys |> Array.map Array.copy
    /// Copies of the value patterns (rows, dimension O); the keys for an auto-associative network.
    member _.Values = values |> Array.map Array.copy
    /// The learning rule.
    member _.Rule = rule
    /// Whether the network is auto-associative (values = keys, W square and symmetric).
    member _.IsAutoAssociative = auto
    /// The query dimension I.
    member _.InputDimension = weights.GetLength 1
    /// The output dimension O.
    member _.OutputDimension = weights.GetLength 0
    /// The number of stored patterns K.
    member _.PatternCount = keys.Length

/// Building, updating and reading a classical Hopfield network (SPEC M1).
[<RequireQualifiedAccess>]
module HopfieldNetwork =

    /// The row-form pseudoinverse transpose (X_r^†)ᵀ = U Σ⁻¹ Vᵀ (K×I) over the kept singular values.
    let private pinvTransposeParts (x: float[][]) =
        let a = Matrix<float>.Build.DenseOfRowArrays x
        let svd = a.Svd(true)
        let s = svd.S.ToArray()
        let sMax = if s.Length = 0 then 0.0 else Array.max s
        let tol = float (max a.RowCount a.ColumnCount) * sMax * Math.Pow(2.0, -52.0)
        let rank = s |> Array.filter (fun v -> v > tol) |> Array.length
        let u = svd.U.SubMatrix(0, a.RowCount, 0, rank)
        let vt = svd.VT.SubMatrix(0, rank, 0, a.ColumnCount)
        u, s.[0 .. rank - 1], vt

    let private build (rule: HopfieldRule) (keys: float[][]) (values: float[][]) (auto: bool) =
        let k = keys.Length
        let nI = keys.[0].Length
        let nO = values.[0].Length
        let w =
            match rule with
            | HopfieldRule.Hebbian
            | HopfieldRule.HebbianZeroDiagonal ->
                let w = Array2D.zeroCreate nO nI
                for mu in 0 .. k - 1 do
                    let p = values.[mu]
                    let x = keys.[mu]
                    for i in 0 .. nO - 1 do
                        for j in 0 .. nI - 1 do
                            w.[i, j] <- w.[i, j] + p.[i] * x.[j]
                if rule = HopfieldRule.HebbianZeroDiagonal then
                    for i in 0 .. nI - 1 do w.[i, i] <- 0.0
                w
            | HopfieldRule.Pseudoinverse ->
                let u, s, vt = pinvTransposeParts keys
                if auto then
                    // T = V_r V_rᵀ: exactly symmetric, the projector onto the patterns' span.
                    let v = vt
                    Array2D.init nI nI (fun i j ->
                        let mutable t = 0.0
                        for r in 0 .. s.Length - 1 do t <- t + v.[r, i] * v.[r, j]
                        t)
                else
                    // W = Pᵀ U Σ⁻¹ Vᵀ.
                    let pt = (Matrix<float>.Build.DenseOfRowArrays values).Transpose()
                    let sInv = Matrix<float>.Build.DiagonalOfDiagonalArray(s |> Array.map (fun v -> 1.0 / v))
                    (pt * u * sInv * vt).ToArray()
        HopfieldNetwork(w, keys |> Array.map Array.copy, values |> Array.map Array.copy, rule, auto)

    /// An auto-associative network storing the ±1 pattern rows `patterns` (K×N) by `rule`
    /// (DAM Eq. 1; KMN Eq. 52). Throws if `patterns` is empty, ragged, non-finite or not ±1.
    [<CompiledName("Create")>]
    let create (rule: HopfieldRule) (patterns: float[][]) : HopfieldNetwork =
        Patterns.checkBipolar "patterns" patterns |> ignore
        build rule patterns patterns true

    /// A hetero-associative network mapping each ±1 key row ξ^μ (dimension I) to the ±1 value row p^μ
    /// (dimension O): W = Pᵀ X for the Hebbian rule (UHN §2, "for the HN set W = P Mᵀ"), W = Pᵀ (X^†)ᵀ
    /// for the pseudoinverse rule (KMN Eq. 52 with Y = P). `values` must have as many rows as `keys`;
    /// the zero-diagonal rule is for auto-association only.
    [<CompiledName("CreateHetero")>]
    let createHetero (rule: HopfieldRule) (keys: float[][]) (values: float[][]) : HopfieldNetwork =
        Patterns.checkBipolar "keys" keys |> ignore
        Patterns.checkBipolar "values" values |> ignore
        Patterns.checkPairedRows "values" values "keys" keys
        if rule = HopfieldRule.HebbianZeroDiagonal then
            raise (ArgumentException("rule = HebbianZeroDiagonal applies to auto-association only (W has no diagonal in general); use Hebbian.", "rule"))
        build rule keys values false

    let private fieldUnchecked (net: HopfieldNetwork) (s: float[]) =
        let w = net.W
        Array.init (w.GetLength 0) (fun i ->
            let mutable h = 0.0
            for j in 0 .. s.Length - 1 do h <- h + w.[i, j] * s.[j]
            h)

    let private checkAuto (net: HopfieldNetwork) (what: string) =
        if not net.IsAutoAssociative then
            raise (ArgumentException(sprintf "%s needs an auto-associative network (the state is both input and output); use HopfieldNetwork.associate for hetero-association." what, "network"))

    /// The local fields h = W s of a query s of dimension I (finite entries; not necessarily ±1).
    [<CompiledName("Field")>]
    let field (network: HopfieldNetwork) (s: float[]) : float[] =
        Patterns.checkState "s" network.InputDimension s
        fieldUnchecked network s

    /// One synchronous update of every neuron, s ← sgn(W s) (UHN §2, "z = sign(W·q)"), a tie h_i = 0
    /// keeping s_i (Dynamics.sign). Auto-associative networks; s must be ±1.
    [<CompiledName("UpdateSynchronous")>]
    let updateSynchronous (network: HopfieldNetwork) (s: float[]) : float[] =
        checkAuto network "updateSynchronous"
        Patterns.checkState "s" network.InputDimension s
        Patterns.checkBipolarVector "s" s
        let h = fieldUnchecked network s
        Array.init s.Length (fun i -> Dynamics.sign s.[i] h.[i])

    let private updateNeuronUnchecked (w: float[,]) (s: float[]) (i: int) =
        let mutable h = 0.0
        for j in 0 .. s.Length - 1 do h <- h + w.[i, j] * s.[j]
        s.[i] <- Dynamics.sign s.[i] h

    /// The state after updating neuron i alone, s_i ← sgn(Σ_j T_ij s_j) (DAM §2, asynchronous
    /// updates). Auto-associative networks; s must be ±1; 0 ≤ i < N.
    [<CompiledName("UpdateNeuron")>]
    let updateNeuron (network: HopfieldNetwork) (s: float[]) (i: int) : float[] =
        checkAuto network "updateNeuron"
        Patterns.checkState "s" network.InputDimension s
        Patterns.checkBipolarVector "s" s
        Validate.between "i" 0 (s.Length - 1) i
        let next = Array.copy s
        updateNeuronUnchecked network.W next i
        next

    /// One asynchronous sweep: neurons updated one at a time in the order `order` (a permutation of
    /// 0 … N − 1), each seeing the updates before it.
    [<CompiledName("Sweep")>]
    let sweep (network: HopfieldNetwork) (order: int[]) (s: float[]) : float[] =
        checkAuto network "sweep"
        Patterns.checkState "s" network.InputDimension s
        Patterns.checkBipolarVector "s" s
        let next = Array.copy s
        for i in order do
            Validate.between "order" 0 (s.Length - 1) i
            updateNeuronUnchecked network.W next i
        next

    /// The energy E = −½ sᵀ T s (DAM Eq. 1) of a state of dimension N (auto-association).
    [<CompiledName("Energy")>]
    let energy (network: HopfieldNetwork) (s: float[]) : float =
        checkAuto network "energy"
        Patterns.checkState "s" network.InputDimension s
        let h = fieldUnchecked network s
        -0.5 * LinearAlgebra.dot s h

    /// Hetero- (or auto-) association in one step: z = sgn(W q) (UHN §2 and App. B) for a query q of
    /// dimension I. The output neurons have no previous state, so a tie h_i = 0 gives z_i = 0
    /// ("undecided"), the sign function's own value at 0.
    [<CompiledName("Associate")>]
    let associate (network: HopfieldNetwork) (q: float[]) : float[] =
        Patterns.checkState "q" network.InputDimension q
        fieldUnchecked network q |> Array.map (fun h -> float (Math.Sign h))

    /// Synchronous iteration s ← sgn(W s) from s0 until a fixed point, a cycle (period 2 is typical of
    /// synchronous Hopfield dynamics) or `maxSteps` steps (Dynamics.toFixedPoint).
    [<CompiledName("IterateSynchronous")>]
    let iterateSynchronous (network: HopfieldNetwork) (maxSteps: int) (s0: float[]) : Iteration =
        updateSynchronous network s0 |> ignore // validates
        Dynamics.toFixedPoint (updateSynchronous network) 0.0 maxSteps s0

    /// Asynchronous iteration from s0: one step is one sweep over all neurons in the order given by
    /// `order` (Dynamics.sweeps), until a sweep changes nothing, a cycle, or `maxSweeps` sweeps. With
    /// the zero-diagonal Hebbian rule (or any symmetric T with T_ii ≥ 0) every flip lowers the energy,
    /// so the iteration always converges.
    [<CompiledName("IterateAsynchronous")>]
    let iterateAsynchronous (network: HopfieldNetwork) (order: UpdateOrder) (maxSweeps: int) (s0: float[]) : Iteration =
        checkAuto network "iterateAsynchronous"
        Patterns.checkState "s0" network.InputDimension s0
        Patterns.checkBipolarVector "s0" s0
        let orders = (Dynamics.sweeps order s0.Length).GetEnumerator()
        let step s =
            orders.MoveNext() |> ignore
            let next = Array.copy s
            for i in orders.Current do updateNeuronUnchecked network.W next i
            next
        Dynamics.toFixedPoint step 0.0 maxSweeps s0
