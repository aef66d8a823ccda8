using AssociativeKernels.Interop;
using Microsoft.FSharp.Core;
using Core = AssociativeKernels.Core;

namespace AssociativeKernels;

/// <summary>A closed range [<paramref name="Lo"/>, <paramref name="Hi"/>] of a theorem parameter.</summary>
/// <param name="Lo">The lower end.</param>
/// <param name="Hi">The upper end, at least <paramref name="Lo"/>.</param>
public readonly record struct TheoremRange(double Lo, double Hi);

/// <summary>A parameter of a theorem, with its ranges.</summary>
/// <param name="Name">The paper's symbol, as the CLI flag and JSON key (e.g. <c>beta</c>, <c>N</c>).</param>
/// <param name="Meaning">What it is, in words.</param>
/// <param name="IsInteger">Whether it takes whole values only.</param>
/// <param name="IsSize">Whether it only sets the count or length of the drawn vectors (a counterexample shows the vectors instead).</param>
/// <param name="Default">What a check draws from unless given a range.</param>
/// <param name="Hypothesis">Where the theorem asserts its claim; a range reaching outside it is allowed and reported.</param>
/// <param name="HypothesisText">The hypothesis in words, with its source.</param>
/// <param name="Domain">Where the claim can be evaluated at all; a range reaching outside it is refused.</param>
/// <param name="DomainText">The domain in words.</param>
public sealed record TheoremParameterInfo(
    string Name, string Meaning, bool IsInteger, bool IsSize, TheoremRange Default, TheoremRange Hypothesis, string HypothesisText, TheoremRange Domain, string DomainText);

/// <summary>A theorem of the catalogue (SPEC T1–T12) or a check of a user's object.</summary>
/// <param name="Id">Its id, e.g. <c>T3</c> or <c>user-kernel.psd</c>.</param>
/// <param name="Title">A short title.</param>
/// <param name="Statement">The statement in words.</param>
/// <param name="Source">The paper and equation (or property) it comes from.</param>
/// <param name="Parameters">Its parameters with their ranges.</param>
/// <param name="Points">What the vectors of a case are.</param>
/// <param name="DefaultTrials">The number of cases a check draws unless told otherwise.</param>
public sealed record TheoremInfo(string Id, string Title, string Statement, string Source, IReadOnlyList<TheoremParameterInfo> Parameters, string Points, int DefaultTrials);

/// <summary>A case on which a claim failed.</summary>
/// <param name="Reason">What was measured against what, e.g. the smallest eigenvalue and the rounding floor.</param>
/// <param name="Values">The values of the theorem's non-size parameters, in its order.</param>
/// <param name="Points">The case's vectors (see <see cref="TheoremInfo.Points"/>).</param>
/// <param name="Seed">The seed of the randomness inside the claim (random addresses, a start direction, a sweep order).</param>
public sealed record TheoremCounterexample(string Reason, IReadOnlyList<KeyValuePair<string, double>> Values, double[][] Points, int Seed);

/// <summary>The result of a theorem check.</summary>
/// <param name="Id">The theorem's id.</param>
/// <param name="Holds">Whether every case passed.</param>
/// <param name="Passed">The number of cases that passed (all <paramref name="Trials"/> when it holds; those before the failure when not).</param>
/// <param name="Discarded">Cases drawn that missed the claim's preconditions (they count neither way).</param>
/// <param name="Trials">The number of cases asked for.</param>
/// <param name="Seed">The seed; the same seed gives the same cases and the same counterexample on any machine.</param>
/// <param name="Ranges">Every parameter's range as used, in the theorem's order.</param>
/// <param name="OutsideHypothesis">The parameters whose range reaches outside the theorem's hypothesis, each with the hypothesis in words.</param>
/// <param name="Counterexample">The shrunk counterexample when it does not hold, else null.</param>
/// <param name="Original">The counterexample as first found, before shrinking, else null.</param>
/// <param name="ShrinkSteps">The simplifications shrinking accepted (each still fails).</param>
/// <param name="FailedAtTrial">The 1-based draw at which the first failure was found, discarded draws included (0 when it holds).</param>
public sealed record TheoremResult(
    string Id, bool Holds, int Passed, int Discarded, int Trials, int Seed,
    IReadOnlyList<KeyValuePair<string, TheoremRange>> Ranges, IReadOnlyList<KeyValuePair<string, string>> OutsideHypothesis,
    TheoremCounterexample? Counterexample, TheoremCounterexample? Original, int ShrinkSteps, int FailedAtTrial);

/// <summary>An estimate of a memory's one-step convergence radius.</summary>
/// <param name="Radius">The largest radius on the grid at which every start, at it and at every smaller grid radius, came back to its
/// pattern in one step: bits flipped for ±1 patterns, else Euclidean distance; −1 when a stored pattern itself is not a fixed point.</param>
/// <param name="GridStep">The grid step (1 bit, or a fiftieth of half the smallest distance between patterns).</param>
/// <param name="IsHamming">Whether the radius counts flipped bits (±1 patterns).</param>
/// <param name="TrialsPerRadius">Starts checked at each radius.</param>
/// <param name="Seed">The seed of the first radius (radius k uses seed + k).</param>
/// <param name="FirstFailure">The check of the first radius that failed, with its shrunk counterexample; null when every radius passed.</param>
public sealed record ConvergenceRadiusResult(double Radius, double GridStep, bool IsHamming, int TrialsPerRadius, int Seed, TheoremResult? FirstFailure);

/// <summary>
/// The theorems of the associative-memory papers as checks a program can run (SPEC T1–T12), and the same checks
/// applied to the caller's own kernel or memory. A check draws seeded random cases from each parameter's range,
/// evaluates the theorem's claim on each, and at the first failure shrinks the case to a simpler one that still
/// fails. The F# core's <c>Claims</c> module is the one home of every claim.
/// </summary>
/// <example>
/// <code>
/// var holds = Theorems.Verify("T3", new Dictionary&lt;string, TheoremRange&gt; { ["beta"] = new(0.5, 2) });
/// var fails = Theorems.Verify("T3", new Dictionary&lt;string, TheoremRange&gt; { ["beta"] = new(5, 20) });
/// // fails.Holds is false; fails.Counterexample.Points are distinct points whose Exp-β Gram matrix is not positive definite
/// var kernelChecks = Theorems.VerifyKernel((x, y) => Math.Exp(-Math.Abs(x[0] - y[0])), dimension: 1);
/// </code>
/// </example>
public static class Theorems
{
    /// <summary>The most cases one check may draw (1 000 000).</summary>
    public const int MaxTrials = 1_000_000;

    /// <summary>Every theorem of the catalogue, T1–T12.</summary>
    public static IReadOnlyList<TheoremInfo> List() => Core.Theorems.all.Select(Info).ToArray();

    /// <summary>One theorem of the catalogue.</summary>
    /// <param name="id">Its id, <c>T1</c> … <c>T12</c> (case-sensitive).</param>
    /// <returns>Its statement, source and parameters.</returns>
    /// <exception cref="ArgumentException">An unknown id (ParamName <c>id</c>, the ids in the message).</exception>
    public static TheoremInfo Describe(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return Info(Core.Theorems.find(id));
    }

    /// <summary>Runs a theorem of the catalogue as a property.</summary>
    /// <param name="id">Its id, <c>T1</c> … <c>T12</c> (case-sensitive).</param>
    /// <param name="ranges">Ranges for some of its parameters by name (the defaults for the rest); a range may reach outside the
    /// theorem's hypothesis (the result says so) but not outside the parameter's domain.</param>
    /// <param name="trials">The number of cases, in [1, <see cref="MaxTrials"/>]; null for the theorem's default.</param>
    /// <param name="seed">The seed, in [0, 2147483647].</param>
    /// <param name="cancellationToken">Stops a long check (throws <see cref="OperationCanceledException"/>).</param>
    /// <returns>Whether it held on every case, or the shrunk counterexample.</returns>
    /// <exception cref="ArgumentException">An unknown id (<c>id</c>); an unknown parameter, an empty, non-finite or non-whole range, or one outside
    /// the domain, or ranges no case meets the preconditions in (<c>ranges</c>); <paramref name="trials"/> or <paramref name="seed"/> out of range.</exception>
    public static TheoremResult Verify(string id, IReadOnlyDictionary<string, TheoremRange>? ranges = null, int? trials = null, int seed = 1, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        var theorem = Core.Theorems.find(id);
        var n = trials ?? theorem.DefaultTrials;
        CheckTrialsAndSeed(n, seed, nameof(trials));
        var given = (ranges ?? new Dictionary<string, TheoremRange>())
            .Select(kv => Tuple.Create(kv.Key ?? throw new ArgumentNullException(nameof(ranges)), new Core.ParameterRange(kv.Value.Lo, kv.Value.Hi)))
            .ToArray();
        return Result(Core.TheoremModule.check(theorem, given, n, seed, cancellationToken));
    }

    /// <summary>
    /// Checks the caller's kernel for symmetry (<c>user-kernel.symmetry</c>), positive semi-definite Gram matrices of 1–8 points
    /// (<c>user-kernel.psd</c>) and invertible Gram matrices of 2–8 points at least <paramref name="scale"/>/10 apart
    /// (<c>user-kernel.invertible</c>), on points with coordinates uniform in [−scale, scale]. Entries are assumed accurate to
    /// 1e-12 relative (the core's TheoremTolerance.userKernelEntry, where this is derived).
    /// </summary>
    /// <param name="kernel">The kernel k(x, y); it receives arrays of length <paramref name="dimension"/>.</param>
    /// <param name="dimension">The length of the points, in [1, 10000].</param>
    /// <param name="scale">The coordinate range, in (0, 1e150).</param>
    /// <param name="trials">Cases per check, in [1, <see cref="MaxTrials"/>].</param>
    /// <param name="seed">The seed, in [0, 2147483647].</param>
    /// <param name="cancellationToken">Stops the checks (throws <see cref="OperationCanceledException"/>).</param>
    /// <returns>The three results, in the order above.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="kernel"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A number out of its range.</exception>
    public static IReadOnlyList<TheoremResult> VerifyKernel(Func<double[], double[], double> kernel, int dimension, double scale = 1, int trials = 200, int seed = 1, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        if (dimension < 1 || dimension > 10_000) throw new ArgumentOutOfRangeException(nameof(dimension), dimension, $"dimension = {dimension} is outside its valid range [1, 10000].");
        if (!(scale > 0 && scale < 1e150)) throw new ArgumentOutOfRangeException(nameof(scale), scale, $"scale = {CoreCall.Show(scale)} is outside its valid range (0, 1e150).");
        CheckTrialsAndSeed(trials, seed, nameof(trials));
        var k = FuncConvert.FromFunc<double[], double[], double>(kernel);
        return Core.UserTheorems.checkKernel(k, dimension, scale, trials, seed, cancellationToken).Select(Result).ToArray();
    }

    /// <summary>
    /// Checks the caller's memory through <see cref="IAssociativeMemory"/>: its stored patterns are fixed points of one step
    /// (<c>user-memory.fixed-points</c>), <paramref name="energy"/> (when given) never rises along 10 steps from starts near the
    /// patterns (<c>user-memory.energy</c>), and one step returns the pattern from starts up to N/10 bits away (±1 patterns) or
    /// 0.1 away (<c>user-memory.radius</c>). One step is <see cref="IAssociativeMemory.Retrieve(ReadOnlySpan{double})"/>.
    /// </summary>
    /// <param name="memory">An auto-associative memory.</param>
    /// <param name="patterns">The patterns it stored (rows), <see cref="IAssociativeMemory.PatternCount"/> × <see cref="IAssociativeMemory.Dimension"/>.</param>
    /// <param name="energy">Its energy of a state, or null to skip the energy check.</param>
    /// <param name="trials">Cases per check, in [1, <see cref="MaxTrials"/>].</param>
    /// <param name="seed">The seed, in [0, 2147483647].</param>
    /// <param name="cancellationToken">Stops the checks (throws <see cref="OperationCanceledException"/>).</param>
    /// <returns>The results, in the order above (two when <paramref name="energy"/> is null).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="memory"/> or <paramref name="patterns"/> is null.</exception>
    /// <exception cref="ArgumentException">A hetero-associative memory (<c>memory</c>); patterns whose shape differs from the memory's or
    /// with a non-finite entry (<c>patterns</c>); a number out of its range.</exception>
    public static IReadOnlyList<TheoremResult> VerifyMemory(IAssociativeMemory memory, double[,] patterns, Func<double[], double>? energy = null, int trials = 200, int seed = 1, CancellationToken cancellationToken = default)
    {
        var user = UserMemory(memory, patterns, energy);
        CheckTrialsAndSeed(trials, seed, nameof(trials));
        return Core.UserTheorems.checkMemory(user, trials, seed, cancellationToken).Select(Result).ToArray();
    }

    /// <summary>
    /// Estimates the memory's one-step convergence radius: the largest radius (bits flipped for ±1 patterns, else Euclidean
    /// distance on a grid of 50 steps up to half the smallest distance between patterns) from which one step of
    /// <see cref="IAssociativeMemory.Retrieve(ReadOnlySpan{double})"/> returned the pattern in every one of
    /// <paramref name="trialsPerRadius"/> random starts, at that radius and every smaller one.
    /// </summary>
    /// <param name="memory">An auto-associative memory.</param>
    /// <param name="patterns">The patterns it stored (rows), <see cref="IAssociativeMemory.PatternCount"/> × <see cref="IAssociativeMemory.Dimension"/>.</param>
    /// <param name="trialsPerRadius">Starts per radius, in [1, <see cref="MaxTrials"/>].</param>
    /// <param name="seed">The seed, in [0, 2147483647].</param>
    /// <param name="cancellationToken">Stops the scan (throws <see cref="OperationCanceledException"/>).</param>
    /// <returns>The radius, the grid and the first failing radius's counterexample.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="memory"/> or <paramref name="patterns"/> is null.</exception>
    /// <exception cref="ArgumentException">As <see cref="VerifyMemory"/>.</exception>
    public static ConvergenceRadiusResult EstimateConvergenceRadius(IAssociativeMemory memory, double[,] patterns, int trialsPerRadius = 100, int seed = 1, CancellationToken cancellationToken = default)
    {
        var user = UserMemory(memory, patterns, null);
        CheckTrialsAndSeed(trialsPerRadius, seed, nameof(trialsPerRadius));
        var r = Core.UserTheorems.convergenceRadius(user, trialsPerRadius, seed, cancellationToken);
        return new ConvergenceRadiusResult(r.Radius, r.GridStep, r.IsHamming, r.TrialsPerRadius, r.Seed,
            r.FirstFailure is { } failure ? Result(failure.Value) : null);
    }

    private static void CheckTrialsAndSeed(int trials, int seed, string trialsName)
    {
        if (trials < 1 || trials > MaxTrials) throw new ArgumentOutOfRangeException(trialsName, trials, $"{trialsName} = {trials} is outside its valid range [1, {MaxTrials}].");
        if (seed < 0) throw new ArgumentOutOfRangeException(nameof(seed), seed, $"seed = {seed} is outside its valid range [0, 2147483647].");
    }

    private static Core.UserMemory UserMemory(IAssociativeMemory memory, double[,] patterns, Func<double[], double>? energy)
    {
        ArgumentNullException.ThrowIfNull(memory);
        var rows = MemoryRows.Patterns(patterns, nameof(patterns));
        if (!memory.IsAutoAssociative) throw new ArgumentException("memory is hetero-associative; the fixed-point, energy and radius checks need an auto-associative memory (an output is again a query).", nameof(memory));
        if (rows.Length != memory.PatternCount || rows[0].Length != memory.Dimension)
        {
            throw new ArgumentException($"patterns is {rows.Length} × {rows[0].Length} but the memory stores {memory.PatternCount} patterns of dimension {memory.Dimension}; pass the patterns it stored.", nameof(patterns));
        }
        var step = FuncConvert.FromFunc<double[], double[]>(s => memory.Retrieve(s));
        var e = energy is null ? FSharpOption<FSharpFunc<double[], double>>.None : FSharpOption<FSharpFunc<double[], double>>.Some(FuncConvert.FromFunc(energy));
        return new Core.UserMemory(rows, step, e);
    }

    private static TheoremRange Range(Core.ParameterRange r) => new(r.Lo, r.Hi);

    private static TheoremInfo Info(Core.Theorem t) => new(
        t.Id, t.Title, t.Statement, t.Source,
        t.Parameters.Select(p => new TheoremParameterInfo(p.Name, p.Meaning, p.IsInteger, p.IsSize, Range(p.Default), Range(p.Hypothesis), p.HypothesisText, Range(p.Domain), p.DomainText)).ToArray(),
        t.PointsMeaning, t.DefaultTrials);

    private static TheoremCounterexample Counterexample(Core.Counterexample c) => new(
        c.Reason,
        c.Case.Values.Select(v => new KeyValuePair<string, double>(v.Item1, v.Item2)).ToArray(),
        c.Case.Points.Select(p => (double[])p.Clone()).ToArray(),
        c.Case.Seed);

    private static TheoremResult Result(Core.TheoremReport r)
    {
        var ranges = r.Ranges.Select(x => new KeyValuePair<string, TheoremRange>(x.Item1, Range(x.Item2))).ToArray();
        var outside = r.OutsideHypothesis.Select(x => new KeyValuePair<string, string>(x.Item1, x.Item2)).ToArray();
        return r.Outcome switch
        {
            Core.TheoremOutcome.Holds h => new TheoremResult(r.TheoremId, true, h.passed, h.discarded, r.Trials, r.Seed, ranges, outside, null, null, 0, 0),
            Core.TheoremOutcome.Fails f => new TheoremResult(r.TheoremId, false, f.Item.Passed, f.Item.Discarded, r.Trials, r.Seed, ranges, outside,
                Counterexample(f.Item.Shrunk), Counterexample(f.Item.Original), f.Item.ShrinkSteps, f.Item.Trial),
            _ => throw new InvalidOperationException("unknown theorem outcome"),
        };
    }
}
