/// SPEC M3, the modern continuous Hopfield network (Ramsauer et al. 2020) in the form of LAM §3.2
/// (model B with the hidden layer integrated out, Eqs. 13–16) and UHN Eqs. 6–7 and 11.
///
/// Orientation: patterns are rows here. LAM writes ξ_{μi} (μ = memory, i = feature), which is our
/// `patterns.[μ].[i]`; Ramsauer writes the memory matrix X with patterns as columns (so its update
/// ξ ← X softmax(β Xᵀ ξ) is v ← Mᵀ softmax(β M v) with M our row matrix); UHN writes M with patterns as
/// rows and projects with "M σ(M q)", which with rows is Mᵀ σ(M q). All mean
///   v ← Σ_μ ξ^μ softmax_μ(β ξ^ν·v).
namespace AssociativeKernels.Core

open System

/// A modern continuous Hopfield network: stored patterns (rows), an optional hetero-associative
/// projection (one output row per stored pattern; the auto-associative network projects onto the
/// patterns themselves) and the inverse temperature β > 0. Immutable; safe to query from many threads.
[<Sealed>]
type ModernHopfield internal (memories: float[][], projection: float[][], beta: float, isAuto: bool) =
    inherit StoredPatterns(memories, projection, isAuto)
    /// The inverse temperature β.
    member _.Beta = beta

/// Construction, retrieval, dynamics and energy of the modern continuous Hopfield network (SPEC M3).
[<RequireQualifiedAccess>]
[<CompilationRepresentation(CompilationRepresentationFlags.ModuleSuffix)>]
module ModernHopfield =

    /// The auto-associative network over the rows `keep` returns for `patterns` (a checked copy, or the checked rows).
    let private build (keep: string -> float[][] -> float[][]) (beta: float) (patterns: float[][]) : ModernHopfield =
        Validate.positive "beta" beta
        let m = keep "patterns" patterns
        ModernHopfield(m, m, beta, true)

    /// The hetero-associative network over the rows `keep` returns for `memories` and `projection`.
    let private buildHetero (keep: float[][] -> float[][] -> float[][] * float[][]) (beta: float) (memories: float[][]) (projection: float[][]) =
        Validate.positive "beta" beta
        Patterns.check "memories" memories |> ignore
        let m, p = keep memories projection
        ModernHopfield(m, p, beta, false)

    /// The auto-associative network storing `patterns` (rows, non-empty, one common length, finite) at
    /// inverse temperature β > 0.
    [<CompiledName("Create")>]
    let create (beta: float) (patterns: float[][]) : ModernHopfield = build StoredRows.auto beta patterns

    /// `create` over rows the caller made for this network and gives up (the facade's copies of its arguments):
    /// checked the same way, kept without a second copy.
    [<CompiledName("CreateOwned")>]
    let internal createOwned (beta: float) (patterns: float[][]) : ModernHopfield = build StoredRows.owned beta patterns

    /// The hetero-associative network (attention; UHN Eq. 11): keys `memories` (rows) and values
    /// `projection` (rows), one value row per key row (the value length may differ from the key length).
    [<CompiledName("Hetero")>]
    let hetero (beta: float) (memories: float[][]) (projection: float[][]) : ModernHopfield =
        buildHetero StoredRows.hetero beta memories projection

    /// `hetero` over rows the caller gives up (see `createOwned`): checked the same way, not copied.
    [<CompiledName("HeteroOwned")>]
    let internal heteroOwned (beta: float) (memories: float[][]) (projection: float[][]) : ModernHopfield =
        buildHetero StoredRows.ownedHetero beta memories projection

    let internal checkQuery (net: ModernHopfield) (name: string) (q: float[]) =
        Patterns.checkState name net.Dimension q

    let internal projectUnchecked (p: float[][]) (w: float[]) = ScaledScores.projectUnchecked p w

    /// softmax_μ(β ξ^μ·q) for any finite data and any β > 0 (ScaledScores.dot and .softmax: the dot products
    /// are scaled when they could overflow, and β·(s − max s) is formed without overflow).
    let private weightsUnchecked (net: ModernHopfield) (q: float[]) =
        ScaledScores.softmax net.Beta (ScaledScores.dot net.M net.MaxM q)

    /// z = Σ_μ p^μ w_μ; `name` (the caller's parameter) and `what` (the row) for the refusal when z itself is
    /// beyond a double's range (only possible for values within a factor K of 1.8e308).
    let private retrieveUnchecked (net: ModernHopfield) (name: string) (what: string) (q: float[]) =
        let w = { Values = weightsUnchecked net q; Exponent = 0 }
        ScaledScores.values name what (ScaledScores.project net.P net.MaxP w)

    /// The attention weights softmax_μ(β ξ^μ·q) over the stored patterns (K7), for any finite data and β > 0.
    [<CompiledName("Weights")>]
    let weights (net: ModernHopfield) (query: float[]) : float[] =
        checkQuery net "query" query
        weightsUnchecked net query

    /// One-step retrieval z = Σ_μ p^μ softmax_μ(β ξ^μ·q): LAM Eq. 16 (auto), UHN Eq. 7 (auto) and
    /// Eq. 11 (hetero, the attention update with keys = memories and values = projection).
    [<CompiledName("Retrieve")>]
    let retrieve (net: ModernHopfield) (query: float[]) : float[] =
        checkQuery net "query" query
        retrieveUnchecked net "query" "output" query

    /// One-step retrieval of every query (rows); an empty batch gives an empty result.
    [<CompiledName("RetrieveBatch")>]
    let retrieveBatch (net: ModernHopfield) (queries: float[][]) : float[][] =
        StoredRows.retrieveEach (checkQuery net) (retrieveUnchecked net "queries") queries

    /// 0 < stepSize ≤ 2: the Euler steps (dt/τ) for which the energy provably never increases.
    let internal checkStepSize (stepSize: float) =
        Validate.finite "stepSize" stepSize
        if not (stepSize > 0.0 && stepSize <= 2.0) then
            raise (ArgumentOutOfRangeException("stepSize", stepSize, sprintf "stepSize = %s is outside its valid range (0, 2] (dt/τ of an Euler step whose energy never increases)." (Validate.show stepSize)))

    let private requireAuto (net: ModernHopfield) (what: string) =
        if not net.IsAutoAssociative then
            raise (ArgumentException(sprintf "%s is defined for an auto-associative network only (its state lives in the pattern space); this network is hetero-associative." what, "net"))

    /// One Euler step of the model-B feature dynamics (LAM Eq. 15):
    /// v ← v + (dt/τ_f)[Σ_μ ξ^μ softmax_μ(β ξ·v) − v], with 0 < dt/τ_f ≤ 2 (`stepSize`). The energy
    /// never increases for such steps (Universal.eulerStep gives the proof); stepSize = 1 is Eq. 16.
    /// Auto-associative networks only.
    [<CompiledName("EulerStep")>]
    let eulerStep (net: ModernHopfield) (stepSize: float) (state: float[]) : float[] =
        requireAuto net "eulerStep"
        checkStepSize stepSize
        let target = retrieve net state
        Array.init state.Length (fun i -> state.[i] + stepSize * (target.[i] - state.[i]))

    /// Iterates the update v ← Σ_μ ξ^μ softmax_μ(β ξ·v) (LAM Eq. 16) from `query` until no component
    /// moves by more than `tolerance`, a cycle, or `maxSteps` updates (Dynamics.toFixedPoint).
    /// Auto-associative networks only.
    [<CompiledName("Iterate")>]
    let iterate (net: ModernHopfield) (tolerance: float) (maxSteps: int) (query: float[]) : Iteration =
        requireAuto net "iterate"
        checkQuery net "query" query
        Dynamics.toFixedPoint (retrieve net) tolerance maxSteps query

    /// The checked state's quadratic part (ScaledScores.quadraticPart, with ½ max‖ξ‖² when `withNorms`) and the spread
    /// ln Σ_μ exp(β(ξ^μ·v − max)) ∈ [0, ln K] of its scores: the two pieces of both energies below.
    let private energyParts (net: ModernHopfield) (state: float[]) (withNorms: bool) =
        requireAuto net "energy"
        checkQuery net "state" state
        let quadratic, s = ScaledScores.quadraticPart net.M net.MaxM state withNorms
        quadratic, LogSpace.logSumExp (ScaledScores.shiftedLogits net.Beta s)

    /// The energy E(v) = −(1/β) ln Σ_μ exp(β ξ^μ·v) + ½ vᵀv: LAM Eq. 13 (there β = 1) with the inverse
    /// temperature restored as in Ramsauer et al., without their additive constants (see
    /// `ramsauerEnergy`). Computed as ½vᵀv − max_μ ξ^μ·v − (1/β) ln Σ_μ exp(β(ξ^μ·v − max)) on scaled data
    /// (ScaledScores.quadraticPart), so any β and any finite data work; an OverflowException where E itself is beyond
    /// a double's range. Auto-associative networks only.
    [<CompiledName("Energy")>]
    let energy (net: ModernHopfield) (state: float[]) : float =
        let quadratic, spread = energyParts net state false
        ScaledScores.finiteEnergy "E(v)" (quadratic - spread / net.Beta)

    /// Ramsauer et al.'s energy with its constants: E(v) + (1/β) ln K + ½ max_μ ‖ξ^μ‖², K the number of
    /// patterns. Bounded below by 0 (lse_β(Xv) ≤ max ξ·v + (1/β) ln K and max ξ·v ≤ M‖v‖ give
    /// E ≥ ½(‖v‖ − M)² ≥ 0, M = max ‖ξ‖). Its large terms ½‖v‖² − max ξ·v + ½M² are added on scaled data before
    /// anything else (ScaledScores.quadraticPart), so patterns near 1e155 give the small energy, not ∞ − ∞; an
    /// OverflowException where the energy itself is beyond a double's range. Auto-associative networks only.
    [<CompiledName("RamsauerEnergy")>]
    let ramsauerEnergy (net: ModernHopfield) (state: float[]) : float =
        let quadratic, spread = energyParts net state true
        ScaledScores.finiteEnergy "E(v) + (1/β) ln K + ½ max‖ξ‖²" (quadratic + (Math.Log(float net.Count) - spread) / net.Beta)
