/// The vocabulary every memory model shares (SPEC M1–M10): stored patterns as validated rows, how an
/// asynchronous sweep visits the neurons, and iteration of an update to a fixed point with a report of
/// how it ended. Models are immutable values; these functions never mutate their inputs.
namespace AssociativeKernels.Core

open System

/// How iterating an update ended.
type Ending =
    /// The state stopped changing (exactly, or within the given tolerance for continuous states).
    | Converged
    /// The state returned to one seen `period` steps earlier without being a fixed point.
    | Cycle of period: int
    /// The step limit was reached first.
    | StepLimit

/// The result of iterating an update: the final state, the number of updates applied, and how it ended.
type Iteration = { State: float[]; Steps: int; Ending: Ending }

/// The order in which an asynchronous sweep updates the neurons.
type UpdateOrder =
    /// 0, 1, …, N − 1 in every sweep.
    | Sequential
    /// A fresh uniformly random permutation each sweep, from System.Random(seed) (reproducible).
    | Shuffled of seed: int
    /// The given permutation of 0 … N − 1 in every sweep.
    | Fixed of order: int[]

/// Validation of stored patterns (rows, DESIGN.md) and states.
[<RequireQualifiedAccess>]
module Patterns =
    /// Checks a non-empty set of finite rows of one common, positive length and returns that length.
    [<CompiledName("Check")>]
    let check (name: string) (rows: float[][]) : int =
        if isNull (box rows) then raise (ArgumentNullException(name))
        if rows.Length = 0 then
            raise (ArgumentException(sprintf "%s is empty; a memory needs at least one pattern." name, name))
        let n = (if isNull (box rows.[0]) then raise (ArgumentNullException(sprintf "%s[0]" name)) else rows.[0].Length)
        if n = 0 then raise (ArgumentException(sprintf "%s[0] has length 0; patterns need at least one component." name, name))
        rows |> Array.iteri (fun mu row ->
            if isNull (box row) then raise (ArgumentNullException(sprintf "%s[%d]" name mu))
            if row.Length <> n then
                raise (ArgumentException(sprintf "%s[%d] has length %d but %s[0] has length %d; all patterns must have the same length." name mu row.Length name n, name))
            Validate.vector (sprintf "%s[%d]" name mu) row)
        n

    /// Checks that every entry of a vector is +1 or −1.
    [<CompiledName("CheckBipolarVector")>]
    let checkBipolarVector (name: string) (v: float[]) =
        Validate.vector name v
        v |> Array.iteri (fun i x ->
            if x <> 1.0 && x <> -1.0 then
                raise (ArgumentOutOfRangeException(name, x, sprintf "%s[%d] = %s: entries must be +1 or -1." name i (Validate.show x))))

    /// Checks a set of ±1 patterns (rows) and returns their length.
    [<CompiledName("CheckBipolar")>]
    let checkBipolar (name: string) (rows: float[][]) : int =
        let n = check name rows
        rows |> Array.iteri (fun mu row -> checkBipolarVector (sprintf "%s[%d]" name mu) row)
        n

    /// Checks that `rows` has one row per row of `others` (a hetero-associative pairing: values per key,
    /// outputs per input, projection rows per stored pattern).
    [<CompiledName("CheckPairedRows")>]
    let checkPairedRows (name: string) (rows: 'a[]) (otherName: string) (others: 'b[]) =
        if rows.Length <> others.Length then
            raise (ArgumentException(sprintf "%s has %d rows but %s has %d; each row of %s needs one row of %s." name rows.Length otherName others.Length otherName name, name))

    /// Checks that a query or state has the memory's dimension (and finite entries).
    [<CompiledName("CheckState")>]
    let checkState (name: string) (n: int) (s: float[]) =
        Validate.vector name s
        if s.Length <> n then
            raise (ArgumentException(sprintf "%s has length %d but the memory's patterns have length %d." name s.Length n, name))

/// Asynchronous sweeps and iteration to a fixed point.
[<RequireQualifiedAccess>]
module Dynamics =
    /// The sign update of a ±1 neuron with local field h: +1 for h > 0, −1 for h < 0, and the current
    /// value for h = 0 (a tie leaves the neuron alone, so an update never raises the energy; DAM Eq. 4,
    /// KMN Eq. 7). Every sign-threshold model uses this one convention.
    [<CompiledName("Sign")>]
    let sign (current: float) (h: float) : float =
        if h > 0.0 then 1.0 elif h < 0.0 then -1.0 else current

    /// The neuron orders of successive sweeps over N neurons (one array per sweep).
    [<CompiledName("Sweeps")>]
    let sweeps (order: UpdateOrder) (n: int) : seq<int[]> =
        match order with
        | Sequential -> Seq.initInfinite (fun _ -> Array.init n id)
        | Fixed perm ->
            if perm.Length <> n || (Array.sort (Array.copy perm)) <> Array.init n id then
                raise (ArgumentException(sprintf "order must be a permutation of 0 … %d." (n - 1), "order"))
            Seq.initInfinite (fun _ -> Array.copy perm)
        | Shuffled seed ->
            seq {
                let rng = Random(seed)
                while true do
                    let p = Array.init n id
                    Sampling.shuffleInPlace rng p
                    yield p
            }

    /// Iterates `step` from `s0` until the state stops changing (every component within `tolerance` of
    /// the previous state's; 0 demands equality), returns to an earlier state (a cycle, found by keeping
    /// the states seen), or `maxSteps` updates have been applied.
    [<CompiledName("ToFixedPoint")>]
    let toFixedPoint (step: float[] -> float[]) (tolerance: float) (maxSteps: int) (s0: float[]) : Iteration =
        Validate.nonNegative "tolerance" tolerance
        Validate.atLeast "maxSteps" 1 maxSteps
        let close (a: float[]) (b: float[]) =
            let mutable ok = a.Length = b.Length
            let mutable i = 0
            while ok && i < a.Length do
                ok <- abs (a.[i] - b.[i]) <= tolerance
                i <- i + 1
            ok
        let seen = ResizeArray<float[]>([ Array.copy s0 ])
        let mutable state = Array.copy s0
        let mutable result = None
        let mutable steps = 0
        while result.IsNone do
            let next = step state
            steps <- steps + 1
            if close next state then result <- Some { State = next; Steps = steps; Ending = Converged }
            else
                let earlier = seen.FindLastIndex(fun s -> close s next)
                if earlier >= 0 then result <- Some { State = next; Steps = steps; Ending = Cycle(seen.Count - earlier) }
                elif steps >= maxSteps then result <- Some { State = next; Steps = steps; Ending = StepLimit }
                else
                    seen.Add next
                    state <- next
        result.Value
