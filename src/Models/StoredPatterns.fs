/// The stored rows shared by the one-step networks z = Pᵀ w(X q): the modern Hopfield network (SPEC M3), its
/// sparse (Hopfield–Fenchel–Young) variants (issue 15) and the universal Hopfield network (SPEC M5). Each of them
/// keeps keys X (the stored patterns, rows) and values P (one output row per key; X itself when
/// auto-associative); this file is where they are validated, copied and described, once.
namespace AssociativeKernels.Core

/// The keys and values of a one-step network: the stored patterns (rows) and the output rows they project onto,
/// one per stored pattern (the patterns themselves when auto-associative). Immutable.
[<AbstractClass>]
type StoredPatterns internal (memories: float[][], projection: float[][], isAuto: bool) =
    /// The stored patterns (rows; a copy).
    member _.Memories = memories |> Array.map Array.copy
    /// The output patterns, one row per stored pattern (a copy; the patterns themselves when auto-associative).
    member _.Projection = projection |> Array.map Array.copy
    /// Whether the network is auto-associative (projection = memories).
    member _.IsAutoAssociative = isAuto
    /// The number K of stored patterns.
    member _.Count = memories.Length
    /// The length N of a stored pattern (and of a query).
    member _.Dimension = memories.[0].Length
    /// The length of an output (N when auto-associative).
    member _.OutputDimension = projection.[0].Length
    member internal _.M = memories
    member internal _.P = projection
    /// max |x_μi| and max |p_μi|: the scales ScaledScores needs.
    member val internal MaxM = ScaledScores.maxAbsRows memories
    member val internal MaxP = ScaledScores.maxAbsRows projection

/// Validated copies of the rows a StoredPatterns keeps.
[<RequireQualifiedAccess>]
module internal StoredRows =

    /// `patterns` itself, checked (non-empty, one common length, finite; errors name `name`): for rows the caller
    /// made for this network alone and gives up (the facade's own copies of its arguments), kept without a copy.
    let owned (name: string) (patterns: float[][]) : float[][] =
        Patterns.check name patterns |> ignore
        patterns

    /// A copy of `patterns`, checked as `owned` checks it.
    let auto (name: string) (patterns: float[][]) : float[][] =
        owned name patterns |> Array.map Array.copy

    /// `memories` (already checked by the caller, who may check more than Patterns.check does) and `projection`
    /// (checked here: non-empty, one common length, finite, one row per row of memories) themselves, for rows the
    /// caller gives up (see `owned`).
    let ownedHetero (memories: float[][]) (projection: float[][]) : float[][] * float[][] =
        Patterns.check "projection" projection |> ignore
        Patterns.checkPairedRows "projection" projection "memories" memories
        memories, projection

    /// Copies of `memories` and `projection`, checked as `ownedHetero` checks them.
    let hetero (memories: float[][]) (projection: float[][]) : float[][] * float[][] =
        let m, p = ownedHetero memories projection
        m |> Array.map Array.copy, p |> Array.map Array.copy

    /// One-step retrieval of every query (rows) of a batch: `check name q` validates query i under the name
    /// "queries[i]", `retrieve what q` retrieves it ("output of queries[i]" names the row in a refusal). An empty
    /// batch gives an empty result.
    let retrieveEach (check: string -> float[] -> unit) (retrieve: string -> float[] -> float[]) (queries: float[][]) : float[][] =
        if isNull (box queries) then raise (System.ArgumentNullException("queries"))
        queries |> Array.mapi (fun i q ->
            let name = sprintf "queries[%d]" i
            if isNull (box q) then raise (System.ArgumentNullException(name))
            check name q
            retrieve (sprintf "output of %s" name) q)
