/// Theorems as runnable checks (SPEC T1–T12 and user-supplied kernels and memories): the types of a theorem,
/// its parameters with their ranges, and the seeded generator, shrinker and check loop that run it. Deliberately
/// small and free of any test framework: parameters are numeric ranges, cases are a few vectors, and for a given
/// seed every draw and every shrink step is the same on any machine.
namespace AssociativeKernels.Core

open System
open System.Threading

/// A closed range [Lo, Hi] of a theorem parameter.
type ParameterRange =
    { Lo: float
      Hi: float }

/// One parameter of a theorem, named by the paper's symbol (the CLI flag and JSON key).
type TheoremParameter =
    {
      /// The paper's symbol as a flag name, e.g. "beta", "N".
      Name: string
      /// What it is, in words.
      Meaning: string
      /// Whether it takes whole values only.
      IsInteger: bool
      /// Whether it only sets the shape of the drawn vectors (their count M or length N): the vectors then carry
      /// it, and the shrinker shrinks them (fewer points, fewer coordinates) rather than the number.
      IsSize: bool
      /// Whether values are drawn log-uniformly (for ranges spanning decades, such as N up to 10⁶).
      LogScale: bool
      /// Where the claim can be evaluated at all (closed); a range reaching outside it is refused.
      Domain: ParameterRange
      /// The domain in words, e.g. "(0, ∞)".
      DomainText: string
      /// What a check draws from unless the caller gives a range.
      Default: ParameterRange
      /// Where the theorem asserts its claim (closed); a range reaching outside it is allowed — that is how a
      /// user probes past a theorem's hypothesis — and the report says so.
      Hypothesis: ParameterRange
      /// The hypothesis in words, with where it comes from, e.g. "0 < β ≤ 2 (Micchelli 1986, KMN §4.2)".
      HypothesisText: string }

/// The verdict of a claim on one case.
type Verdict =
    /// The claim holds on this case.
    | Pass
    /// The claim fails on this case; the text says what was measured against what.
    | Fail of string
    /// The case does not meet the claim's preconditions (e.g. two points closer than the separation it needs); it
    /// counts neither way.
    | Discard of string

/// One case of a theorem: the values of its non-size parameters (in the theorem's order), the drawn vectors, and a
/// seed for any randomness inside the claim (random addresses, a start direction, a sweep order).
type TheoremCase =
    { Values: (string * float)[]
      Points: float[][]
      Seed: int }

/// How a theorem's vectors simplify when a counterexample is shrunk.
type PointShrink =
    /// They are not shrunk (a fixed structure such as memories plus a query of another length).
    | KeepPoints
    /// Real coordinates: each moves toward 0 (to 0, or truncated to 0–3 decimals); points and, when the
    /// dimension is free, coordinates are removed.
    | RealPoints
    /// ±1 coordinates: −1 becomes +1; points and, when the dimension is free, coordinates are removed.
    | BipolarPoints

/// A theorem as a runnable check.
type Theorem =
    {
      /// The SPEC id, e.g. "T3", or "user-kernel.symmetry" for a user check.
      Id: string
      /// A short title.
      Title: string
      /// The statement in words.
      Statement: string
      /// The paper and equation (or property) it comes from.
      Source: string
      /// Its parameters with their ranges.
      Parameters: TheoremParameter list
      /// What the vectors of a case are, in words.
      PointsMeaning: string
      /// How the vectors shrink.
      Shrink: PointShrink
      /// The fewest vectors a case may have after shrinking.
      MinPoints: int
      /// Whether a coordinate may be removed from every vector at once when shrinking.
      FreeDimension: bool
      /// The number of cases a check draws unless told otherwise.
      DefaultTrials: int
      /// Draws the vectors of one case from the random source and the drawn parameter values (by name).
      Draw: Random -> (string -> float) -> float[][]
      /// The claim on one case.
      Claim: TheoremCase -> Verdict }

/// A case on which a claim fails, and what failed.
type Counterexample =
    { Case: TheoremCase
      Reason: string }

/// A failed check: the counterexample found at draw `Trial` (1-based, discarded draws included) after `Passed` cases
/// passed and `Discarded` were discarded, and the simpler one shrinking reached after `ShrinkSteps` accepted
/// simplifications (every one of which still fails the claim).
type TheoremFailure =
    { Shrunk: Counterexample
      Original: Counterexample
      ShrinkSteps: int
      Trial: int
      Passed: int
      Discarded: int }

/// How a check ended.
type TheoremOutcome =
    /// Every one of `passed` cases passed (`discarded` more did not meet the claim's preconditions).
    | Holds of passed: int * discarded: int
    /// A case failed.
    | Fails of TheoremFailure

/// The report of one check: what ran, on which ranges, with which seed, and how it ended.
type TheoremReport =
    { TheoremId: string
      Seed: int
      Trials: int
      /// Every parameter's range as used, in the theorem's order.
      Ranges: (string * ParameterRange)[]
      /// The parameters whose range reaches outside the theorem's hypothesis, each with the hypothesis in words.
      OutsideHypothesis: (string * string) list
      Outcome: TheoremOutcome }

[<RequireQualifiedAccess>]
module Theorem =

    /// The most cases one check may draw: a million keeps the slowest catalogue claim (T2, 20 000 addresses per
    /// case) under an hour and every int counter far from overflow; a running check also stops at cancellation.
    let MaxTrials = 1_000_000

    /// The most accepted simplifications one shrink may make (each moves a value or coordinate onto a coarser grid
    /// or removes a point or coordinate, so a shrink ends long before this in practice).
    let MaxShrinkSteps = 1000

    /// The most claim evaluations one shrink may spend, so a slow claim cannot make shrinking run away.
    let MaxShrinkEvaluations = 20_000

    /// A draw can be discarded this many times per requested trial before the check gives up on the ranges.
    let private discardFactor = 20

    let private show (x: float) = Validate.show x

    /// A range as the CLI writes it: lo..hi.
    let showRange (r: ParameterRange) = sprintf "%s..%s" (show r.Lo) (show r.Hi)

    /// The value of parameter `name` in a case (it must be one of the theorem's non-size parameters).
    let value (name: string) (c: TheoremCase) =
        match c.Values |> Array.tryFind (fun (n, _) -> n = name) with
        | Some(_, v) -> v
        | None -> invalidArg "name" (sprintf "the case has no parameter '%s'." name)

    /// The parameter named `name` (ordinal), or an error naming the theorem's parameters.
    let parameter (theorem: Theorem) (name: string) =
        match theorem.Parameters |> List.tryFind (fun p -> p.Name = name) with
        | Some p -> p
        | None ->
            let names = theorem.Parameters |> List.map (fun p -> p.Name) |> String.concat ", "
            raise (ArgumentException(sprintf "%s has no parameter '%s'; its parameters are %s (case-sensitive)." theorem.Id name names, "ranges"))

    /// Checks the caller's ranges (name, range) against the theorem and returns every parameter's range in the
    /// theorem's order (the default where none was given). Refused, with ParamName "ranges": an unknown name, a
    /// name given twice, a non-finite end, lo > hi, a non-whole end of an integer parameter, an end outside the
    /// parameter's domain.
    let resolveRanges (theorem: Theorem) (ranges: (string * ParameterRange) seq) : (string * ParameterRange)[] =
        let given = Collections.Generic.Dictionary<string, ParameterRange>(StringComparer.Ordinal)
        for (name, r) in ranges do
            let p = parameter theorem name
            if given.ContainsKey name then
                raise (ArgumentException(sprintf "the range of %s is given twice." name, "ranges"))
            if not (Double.IsFinite r.Lo && Double.IsFinite r.Hi) then
                raise (ArgumentException(sprintf "%s = %s: both ends must be finite numbers." name (showRange r), "ranges"))
            if r.Lo > r.Hi then
                raise (ArgumentException(sprintf "%s = %s is empty: write the smaller end first (lo..hi)." name (showRange r), "ranges"))
            if p.IsInteger && (Math.Floor r.Lo <> r.Lo || Math.Floor r.Hi <> r.Hi) then
                raise (ArgumentException(sprintf "%s = %s: %s takes whole numbers only." name (showRange r) name, "ranges"))
            if r.Lo < p.Domain.Lo || r.Hi > p.Domain.Hi then
                raise (ArgumentException(sprintf "%s = %s is outside its domain %s (%s)." name (showRange r) p.DomainText p.Meaning, "ranges"))
            given.[name] <- r
        theorem.Parameters
        |> List.map (fun p -> p.Name, (match given.TryGetValue p.Name with | true, r -> r | _ -> p.Default))
        |> Array.ofList

    /// Draws one value from a range: 5% of the time each end (the awkward cases on purpose), otherwise uniform
    /// (log-uniform for LogScale parameters); whole for integer parameters.
    let private draw (rng: Random) (p: TheoremParameter) (r: ParameterRange) =
        let u = rng.NextDouble()
        if u < 0.05 then r.Lo
        elif u < 0.10 then r.Hi
        elif p.IsInteger then
            if p.LogScale && r.Lo >= 1.0 then
                let x = Math.Exp(Math.Log r.Lo + rng.NextDouble() * (Math.Log r.Hi - Math.Log r.Lo))
                Math.Min(r.Hi, Math.Max(r.Lo, Math.Round x))
            else r.Lo + float (rng.NextInt64(int64 (r.Hi - r.Lo) + 1L))
        elif p.LogScale && r.Lo > 0.0 then Math.Exp(Math.Log r.Lo + rng.NextDouble() * (Math.Log r.Hi - Math.Log r.Lo))
        else r.Lo + rng.NextDouble() * (r.Hi - r.Lo)

    /// Draws one case: every parameter from its range, then the vectors, then the claim's seed.
    let drawCase (theorem: Theorem) (ranges: (string * ParameterRange)[]) (rng: Random) : TheoremCase =
        let drawn = theorem.Parameters |> List.mapi (fun i p -> p, draw rng p (snd ranges.[i]))
        let lookup name =
            match drawn |> List.tryFind (fun (p, _) -> p.Name = name) with
            | Some(_, v) -> v
            | None -> invalidArg "name" (sprintf "%s draws a parameter '%s' it does not declare." theorem.Id name)
        let points = theorem.Draw rng lookup
        { Values = drawn |> List.filter (fun (p, _) -> not p.IsSize) |> List.map (fun (p, v) -> p.Name, v) |> Array.ofList
          Points = points
          Seed = rng.Next() }

    /// Truncates x toward `target` on a grid of 10^-digits (never past target, never away from it).
    let private truncateToward (target: float) (digits: int) (x: float) =
        let scale = Math.Pow(10.0, float digits)
        target + Math.Truncate((x - target) * scale) / scale

    /// Simpler values for one parameter within its range, simplest first: the end toward which it shrinks (the
    /// lower one), then (integers) halfway to it and one step toward it, or (reals) its distance from that end
    /// truncated to 0, 1, 2 and 3 decimals. Every candidate lies on a finite grid strictly closer to the end, so
    /// repeated shrinking stops.
    let private valueCandidates (p: TheoremParameter) (r: ParameterRange) (x: float) =
        let target = r.Lo
        let raw =
            if p.IsInteger then [ target; Math.Floor((x + target) / 2.0); x - 1.0 ]
            else [ target; truncateToward target 0 x; truncateToward target 1 x; truncateToward target 2 x; truncateToward target 3 x ]
        raw |> List.filter (fun v -> v <> x && v >= r.Lo && v <= r.Hi && abs (v - target) < abs (x - target)) |> List.distinct

    /// Simpler vectors: one point fewer, one coordinate fewer everywhere, then coordinate by coordinate.
    let private pointCandidates (theorem: Theorem) (points: float[][]) : seq<float[][]> =
        seq {
            if theorem.Shrink <> KeepPoints then
                if points.Length > theorem.MinPoints then
                    for j in 0 .. points.Length - 1 -> Array.append points.[.. j - 1] points.[j + 1 ..]
                let dim = if points.Length = 0 then 0 else points.[0].Length
                if theorem.FreeDimension && dim > 1 && points |> Array.forall (fun p -> p.Length = dim) then
                    for d in 0 .. dim - 1 -> points |> Array.map (fun p -> Array.append p.[.. d - 1] p.[d + 1 ..])
                for j in 0 .. points.Length - 1 do
                    for d in 0 .. points.[j].Length - 1 do
                        let x = points.[j].[d]
                        let replacements =
                            match theorem.Shrink with
                            | BipolarPoints -> if x = -1.0 then [ 1.0 ] else []
                            | _ ->
                                [ 0.0; truncateToward 0.0 0 x; truncateToward 0.0 1 x; truncateToward 0.0 2 x; truncateToward 0.0 3 x ]
                                |> List.filter (fun v -> v <> x && abs v < abs x)
                                |> List.distinct
                        for v in replacements ->
                            points |> Array.mapi (fun i p -> if i = j then Array.init p.Length (fun k -> if k = d then v else p.[k]) else p)
        }

    /// Shrinks a failing case greedily: tries the candidates in order (parameter values first, then the vectors) and
    /// accepts the first that still fails the claim, until none does or the step or evaluation budget is spent.
    /// Deterministic: no randomness, the claim's seed is kept.
    let shrink (theorem: Theorem) (ranges: (string * ParameterRange)[]) (cancel: CancellationToken) (start: Counterexample) : Counterexample * int =
        let rangeOf name = ranges |> Array.find (fun (n, _) -> n = name) |> snd
        let candidates (c: TheoremCase) =
            seq {
                for i in 0 .. c.Values.Length - 1 do
                    let name, x = c.Values.[i]
                    let p = parameter theorem name
                    for v in valueCandidates p (rangeOf name) x ->
                        { c with Values = c.Values |> Array.mapi (fun k nv -> if k = i then (name, v) else nv) }
                for pts in pointCandidates theorem c.Points -> { c with Points = pts }
            }
        let mutable current = start
        let mutable steps = 0
        let mutable evaluations = 0
        let mutable progress = true
        while progress && steps < MaxShrinkSteps && evaluations < MaxShrinkEvaluations do
            cancel.ThrowIfCancellationRequested()
            progress <- false
            use e = (candidates current.Case).GetEnumerator()
            while not progress && evaluations < MaxShrinkEvaluations && e.MoveNext() do
                evaluations <- evaluations + 1
                match theorem.Claim e.Current with
                | Fail reason ->
                    current <- { Case = e.Current; Reason = reason }
                    steps <- steps + 1
                    progress <- true
                | Pass | Discard _ -> ()
        current, steps

    /// Runs a theorem: draws `trials` cases from the ranges (the caller's, else the defaults) with a
    /// System.Random seeded by `seed`, evaluates the claim on each, and at the first failure shrinks it. Refuses
    /// trials outside [1, MaxTrials] and bad ranges (see resolveRanges); throws OperationCanceledException when
    /// `cancel` is signalled; throws ArgumentException (ParamName "ranges") when the ranges leave no case that meets
    /// the claim's preconditions (every draw discarded).
    let check (theorem: Theorem) (ranges: (string * ParameterRange) seq) (trials: int) (seed: int) (cancel: CancellationToken) : TheoremReport =
        Validate.between "trials" 1 MaxTrials trials
        Validate.between "seed" 0 Int32.MaxValue seed
        let resolved = resolveRanges theorem ranges
        let outside =
            theorem.Parameters
            |> List.mapi (fun i p -> p, snd resolved.[i])
            |> List.filter (fun (p, r) -> r.Lo < p.Hypothesis.Lo || r.Hi > p.Hypothesis.Hi)
            |> List.map (fun (p, _) -> p.Name, p.HypothesisText)
        let rng = Random(seed)
        let mutable passed = 0
        let mutable discarded = 0
        let mutable attempt = 0
        let mutable failure = None
        let mutable lastDiscard = ""
        let budget = int64 trials * int64 discardFactor
        while failure.IsNone && passed < trials && int64 discarded < budget do
            cancel.ThrowIfCancellationRequested()
            attempt <- attempt + 1
            let c = drawCase theorem resolved rng
            match theorem.Claim c with
            | Pass -> passed <- passed + 1
            | Discard why ->
                discarded <- discarded + 1
                lastDiscard <- why
            | Fail reason ->
                let original = { Case = c; Reason = reason }
                let shrunk, steps = shrink theorem resolved cancel original
                failure <- Some { Shrunk = shrunk; Original = original; ShrinkSteps = steps; Trial = attempt; Passed = passed; Discarded = discarded }
        let outcome =
            match failure with
            | Some f -> Fails f
            | None when passed = 0 ->
                raise (ArgumentException(sprintf "%s: none of %d cases drawn from these ranges meets the claim's preconditions (the last: %s); widen the ranges." theorem.Id discarded lastDiscard, "ranges"))
            | None -> Holds(passed, discarded)
        { TheoremId = theorem.Id
          Seed = seed
          Trials = trials
          Ranges = resolved
          OutsideHypothesis = outside
          Outcome = outcome }

    /// A real parameter.
    let real (name: string) (meaning: string) (domain: float * float) (domainText: string) (deflt: float * float) (hypothesis: float * float) (hypothesisText: string) =
        { Name = name; Meaning = meaning; IsInteger = false; IsSize = false; LogScale = false
          Domain = { Lo = fst domain; Hi = snd domain }; DomainText = domainText
          Default = { Lo = fst deflt; Hi = snd deflt }
          Hypothesis = { Lo = fst hypothesis; Hi = snd hypothesis }; HypothesisText = hypothesisText }

    /// A whole-number parameter.
    let integer (name: string) (meaning: string) (domain: int * int) (deflt: int * int) (hypothesis: int * int) (hypothesisText: string) =
        { Name = name; Meaning = meaning; IsInteger = true; IsSize = false; LogScale = false
          Domain = { Lo = float (fst domain); Hi = float (snd domain) }
          DomainText = sprintf "whole numbers in [%d, %d]" (fst domain) (snd domain)
          Default = { Lo = float (fst deflt); Hi = float (snd deflt) }
          Hypothesis = { Lo = float (fst hypothesis); Hi = float (snd hypothesis) }; HypothesisText = hypothesisText }

    /// A whole-number parameter that only shapes the vectors (their count or length); the theorem holds for all of
    /// its domain.
    let size (name: string) (meaning: string) (domain: int * int) (deflt: int * int) =
        { integer name meaning domain deflt domain "any" with IsSize = true }
