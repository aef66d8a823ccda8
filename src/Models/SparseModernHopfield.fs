/// Issue 15: the modern Hopfield network with a sparse separation — Hopfield–Fenchel–Young networks (Santos,
/// Niculae, McNamee & Martins, "Sparse and Structured Hopfield Networks", ICML 2024, §3; the sparsemax case is the
/// sparse modern Hopfield model of Hu et al., NeurIPS 2023): the update q ← Xᵀ ŷ(β X q) with ŷ a SimplexMap
/// (sparsemax, α-entmax, γ-normmax; softmax gives SPEC M3 back), its Fenchel–Young energy, and the margin condition
/// for exact one-step retrieval.
///
/// Orientation: patterns are rows (X ∈ R^{K×d}, rows x_μ), as in Santos et al. and as in ModernHopfield.
/// Equation numbers of Santos et al. were not re-checked against the paper's text; the energy below is the one their
/// published code (deep-spin/HFYN) computes, and the margin statement is re-derived in iff form (see
/// SparseModernHopfield.retrievesExactly).
namespace AssociativeKernels.Core

open System

/// A Hopfield–Fenchel–Young network: stored patterns (rows), an optional hetero-associative projection (one output
/// row per stored pattern), the inverse temperature β > 0 and the simplex map ŷ. Immutable; safe to query from many
/// threads.
[<Sealed>]
type SparseModernHopfield internal (memories: float[][], projection: float[][], beta: float, map: SimplexMap, isAuto: bool) =
    inherit StoredPatterns(memories, projection, isAuto)
    /// The inverse temperature β.
    member _.Beta = beta
    /// The simplex map ŷ (the separation).
    member _.Map = map

/// Construction, retrieval, dynamics, energy and the exact-retrieval margin of Hopfield–Fenchel–Young networks
/// (issue 15).
[<RequireQualifiedAccess>]
[<CompilationRepresentation(CompilationRepresentationFlags.ModuleSuffix)>]
module SparseModernHopfield =

    /// The auto-associative network over the rows `keep` returns for `patterns` (a checked copy, or the checked rows).
    let private build (keep: string -> float[][] -> float[][]) (map: SimplexMap) (beta: float) (patterns: float[][]) =
        SimplexMap.checkParameter map
        Validate.positive "beta" beta
        let m = keep "patterns" patterns
        SparseModernHopfield(m, m, beta, map, true)

    /// The hetero-associative network over the rows `keep` returns for `memories` and `projection`.
    let private buildHetero (keep: float[][] -> float[][] -> float[][] * float[][]) (map: SimplexMap) (beta: float) (memories: float[][]) (projection: float[][]) =
        SimplexMap.checkParameter map
        Validate.positive "beta" beta
        Patterns.check "memories" memories |> ignore
        let m, p = keep memories projection
        SparseModernHopfield(m, p, beta, map, false)

    /// The auto-associative network storing `patterns` (rows, non-empty, one common length, finite) with the simplex
    /// map `map` (α > 1, γ > 1) at inverse temperature β > 0.
    [<CompiledName("Create")>]
    let create (map: SimplexMap) (beta: float) (patterns: float[][]) : SparseModernHopfield = build StoredRows.auto map beta patterns

    /// `create` over rows the caller made for this network and gives up (the facade's copies): not copied again.
    [<CompiledName("CreateOwned")>]
    let internal createOwned (map: SimplexMap) (beta: float) (patterns: float[][]) : SparseModernHopfield = build StoredRows.owned map beta patterns

    /// The hetero-associative network (sparse attention): keys `memories` and values `projection` (rows), one value
    /// row per key row.
    [<CompiledName("Hetero")>]
    let hetero (map: SimplexMap) (beta: float) (memories: float[][]) (projection: float[][]) : SparseModernHopfield =
        buildHetero StoredRows.hetero map beta memories projection

    /// `hetero` over rows the caller gives up (see `createOwned`): not copied.
    [<CompiledName("HeteroOwned")>]
    let internal heteroOwned (map: SimplexMap) (beta: float) (memories: float[][]) (projection: float[][]) : SparseModernHopfield =
        buildHetero StoredRows.ownedHetero map beta memories projection

    /// ŷ(β X q) for any finite data and β > 0 (scores scaled where they could overflow; ScaledScores.simplexMap).
    let private weightsUnchecked (net: SparseModernHopfield) (q: float[]) =
        ScaledScores.simplexMap net.Map net.Beta (ScaledScores.dot net.M net.MaxM q)

    let private retrieveUnchecked (net: SparseModernHopfield) (name: string) (what: string) (q: float[]) =
        let w = { Values = weightsUnchecked net q; Exponent = 0 }
        ScaledScores.values name what (ScaledScores.project net.P net.MaxP w)

    /// The weights ŷ(β X q) of the stored patterns: a probability vector, sparse for entmax/normmax.
    [<CompiledName("Weights")>]
    let weights (net: SparseModernHopfield) (query: float[]) : float[] =
        Patterns.checkState "query" net.Dimension query
        weightsUnchecked net query

    /// One-step retrieval z = Pᵀ ŷ(β X q) (Santos et al. 2024's update rule; P = X when auto-associative). Rows
    /// with weight 0 are skipped.
    [<CompiledName("Retrieve")>]
    let retrieve (net: SparseModernHopfield) (query: float[]) : float[] =
        Patterns.checkState "query" net.Dimension query
        retrieveUnchecked net "query" "output" query

    /// One-step retrieval of every query (rows); an empty batch gives an empty result.
    [<CompiledName("RetrieveBatch")>]
    let retrieveBatch (net: SparseModernHopfield) (queries: float[][]) : float[][] =
        StoredRows.retrieveEach (fun name q -> Patterns.checkState name net.Dimension q) (retrieveUnchecked net "queries") queries

    let private requireAuto (net: SparseModernHopfield) (what: string) =
        if not net.IsAutoAssociative then
            raise (ArgumentException(sprintf "%s is defined for an auto-associative network only (its state lives in the pattern space); this network is hetero-associative." what, "net"))

    /// Iterates q ← Xᵀ ŷ(β X q) from `query` until no component moves by more than `tolerance`, a cycle, or
    /// `maxSteps` updates (Dynamics.toFixedPoint). The energy never increases along it. Auto-associative only.
    [<CompiledName("Iterate")>]
    let iterate (net: SparseModernHopfield) (tolerance: float) (maxSteps: int) (query: float[]) : Iteration =
        requireAuto net "iterate"
        Patterns.checkState "query" net.Dimension query
        Dynamics.toFixedPoint (retrieve net) tolerance maxSteps query

    /// The Hopfield–Fenchel–Young energy (Santos et al. 2024, §3; as computed by the authors' code):
    ///     E(q) = −β⁻¹ L_Ω(βXq; u) + ½‖q − μ_X‖² + ½(M² − ‖μ_X‖²) = −β⁻¹ Ω*(βXq) + ½‖q‖² − β⁻¹ Ω(u) + ½M²
    /// (the two forms agree: derived by expanding the Fenchel–Young loss L_Ω(θ; u) = Ω(u) + Ω*(θ) − θᵀu), with
    /// μ_X = Xᵀu the pattern mean, u = 1/K, M = max_μ ‖x_μ‖. Ω* is formed as max s + β⁻¹Ω*(β(s − max s)), s = Xq
    /// (SimplexMap.conjugate). For SimplexMap.Softmax this is Ramsauer et al.'s energy (ModernHopfield.ramsauerEnergy).
    /// Bounds (derived from max θ ≤ Ω*(θ) ≤ max θ − Ω(u)): 0 ≤ ½(‖q‖ − M)² ≤ E(q) ≤ ½‖q‖² − max_μ x_μ·q − β⁻¹Ω(u) + ½M².
    /// The update q ← Xᵀŷ(βXq) is the concave–convex procedure on E = ½‖q‖² + const − β⁻¹Ω*(βXq), so
    /// E(q_{t+1}) ≤ E(q_t) − ½‖q_{t+1} − q_t‖² (derived: concavity of −Ω* plus the 1-strong convexity of ½‖q‖²).
    /// Auto-associative only.
    [<CompiledName("Energy")>]
    let energy (net: SparseModernHopfield) (state: float[]) : float =
        requireAuto net "energy"
        Patterns.checkState "state" net.Dimension state
        let beta = net.Beta
        // ½‖q‖² − max s + ½M² on scaled data first (ScaledScores.quadraticPart: no ∞ − ∞ for patterns near 1e155).
        let quadratic, s = ScaledScores.quadraticPart net.M net.MaxM state true
        let conj = fst (SimplexMap.conjugateShifted net.Map (ScaledScores.shiftedLogits beta s))
        ScaledScores.finiteEnergy "E(q)" (quadratic - conj / beta - SimplexMap.uniformNegentropy net.Map net.Count / beta)

    /// The score gap the map needs for exact retrieval, m/β with m = SimplexMap.margin (entmax 1/(α−1), sparsemax 1,
    /// normmax 1; softmax +∞).
    [<CompiledName("RequiredGap")>]
    let requiredGap (net: SparseModernHopfield) : float = SimplexMap.margin net.Map / net.Beta

    /// The score gap x_i·q − max_{j≠i} x_j·q of stored pattern i over the others (+∞ when K = 1).
    [<CompiledName("ScoreGap")>]
    let scoreGap (net: SparseModernHopfield) (index: int) (query: float[]) : float =
        Validate.between "index" 0 (net.Count - 1) index
        Patterns.checkState "query" net.Dimension query
        let s = net.M |> Array.map (fun xi -> LinearAlgebra.dot xi query)
        let mutable other = Double.NegativeInfinity
        for j in 0 .. s.Length - 1 do
            if j <> index then other <- max other s.[j]
        s.[index] - other

    /// Whether one step retrieves stored pattern i exactly with weight 1 (ŷ(βXq) = e_i, so the output is p_i):
    ///     x_i·q − max_{j≠i} x_j·q ≥ m/β
    /// (Santos et al. 2024, §3, state the sufficient direction with the margin m of the Fenchel–Young loss; Hu et
    /// al. 2023 the sparsemax case m = 1; the iff is derived by applying the margin property ŷ(θ) = e_i ⇔
    /// θ_i − max_{j≠i} θ_j ≥ m to θ = βXq). Never true for softmax. The gap is evaluated in floating point: at
    /// exactly m/β the computed weights agree only when the scores are exact (e.g. binary fractions).
    [<CompiledName("RetrievesExactly")>]
    let retrievesExactly (net: SparseModernHopfield) (index: int) (query: float[]) : bool =
        scoreGap net index query >= requiredGap net
