using System.Diagnostics;
using System.Globalization;
using Xunit.Abstractions;

namespace AssociativeKernels.Tests;

/// <summary>
/// A property suite generated from the registries' own parameter ranges (<c>akern bound list</c>,
/// <c>akern kernel list</c>): for every bound id and every kernel id, each parameter is probed at both
/// sides of every end of its stated range (the end itself, the next double inside and outside, ±1 for
/// whole numbers), at the extremes of a double (subnormals, 1e-300, 1e300, the largest double, ±∞,
/// NaN), at 2^30 and 2^31 − 1, and at interior values. The range text is parsed, so a range the code
/// does not honour fails here. Every request
/// <list type="bullet">
/// <item>inside every stated range gets an answer: ln is finite, or −∞ only where the value is a
/// probability or a kernel (an exact 0 or a log below −1.8e308), and the value is e^ln (null only when
/// it overflows), or an exact value (2N, 0.138 N) whose log is ln;</item>
/// <item>outside a stated range gets an <see cref="ArgumentException"/> whose ParamName is one of the
/// id's own out-of-range parameters (that one when only one is out), named in the message;</item>
/// <item>probabilities (<see cref="Probabilities"/>) and kernel values lie in [0, 1];</item>
/// <item><c>TryEvaluate</c> never throws and agrees with <c>Evaluate</c>;</item>
/// <item>ids the theory makes monotone in N (<see cref="MonotoneInN"/>) are monotone on a ladder of N up
/// to 2^31 − 1 at interior values of the other parameters.</item>
/// </list>
/// The sample (every parameter's probes with the others at a typical value, plus 12 seeded random
/// requests of the whole grid per id) runs with the normal test command; the whole grid (every pair of
/// parameters through the product of their probes) is marked <c>Category=Slow</c>: the README's test command runs it,
/// the quick loop (<c>--filter "Category!=Slow"</c>) leaves it out.
/// </summary>
public class RegistryPropertyTests(ITestOutputHelper output)
{
    /// <summary>Ids whose value is a probability (or a fraction of one): at most 1, and −∞ allowed for ln.</summary>
    private static readonly HashSet<string> Probabilities =
        ["dam-error-probability", "dam-error-probability.gaussian", "expbeta-noise.bipolar"];

    /// <summary>
    /// Ids monotone in N (or N_f) at fixed other parameters, by the theory: +1 nondecreasing, −1
    /// nonincreasing. Why: 0.138N, 2N, 2·(monomial count), 2^N, N/(2W₀(N/2)) grow with N; DAM Eq. 6
    /// N^{n−1}/(2(2n−3)!! ln N) grows from N = 3 on (the ladder starts there) and Eq. 5's K_max − 1 ∝
    /// ⟨ΔE⟩²/N^{n−1} grows; both P_error forms fall as ⟨ΔE⟩/Σ ∝ N^{(n−1)/2} grows; σ²_max = r²/N and
    /// ρ_max = min(1, r²/4N) fall; the Exp-β erfc arguments √N(1 − 2σ²)/2, (N − 2r²)/(2√N), √N(1 − 2r²)/√2,
    /// √N(f̃ − 4ρ)/√(2f̃(1−f̃)) grow; the exact pair laws P(χ²_N ≤ 2σ²N) and the cap fraction at fixed t > 0
    /// fall, so their birthday means grow. Not listed: the ±1 .birthday/.tight (⌊4ρN⌋ jumps), the Gaussian
    /// .tight (a mean-field estimate, no theorem), and the kernels (no monotonicity claimed in N).
    /// </summary>
    private static readonly Dictionary<string, int> MonotoneInN = new()
    {
        ["hopfield-classical"] = 1, ["vc-linear"] = 1, ["vc-polynomial"] = 1, ["vc-exponential"] = 1,
        ["sv-proliferation"] = 1, ["dam-no-error"] = 1, ["dam-max-patterns"] = 1,
        ["dam-error-probability"] = -1, ["dam-error-probability.gaussian"] = -1, ["model-a"] = 1,
        ["expbeta-noise"] = -1, ["expbeta-noise.bipolar"] = -1,
        ["expbeta-gaussian.exact"] = 1, ["expbeta-gaussian.lower"] = 1, ["expbeta-gaussian-radius.exact"] = 1,
        ["expbeta-sphere.exact"] = 1, ["expbeta-sphere.lower"] = 1, ["expbeta-sphere.tight"] = 1,
        ["expbeta-sphere.birthday"] = 1, ["expbeta-bipolar.exact"] = 1, ["expbeta-bipolar.lower"] = 1,
        ["expbeta-gaussian.birthday"] = 1,
    };

    /// <summary>Generous: the slowest closed forms answer in ~0.3 s; ten times that is a hang, not a cost.</summary>
    private static readonly TimeSpan PerCallBudget = TimeSpan.FromSeconds(5);

    /// <summary>How long the grid waits for one call before it calls it a hang and moves to the next id.</summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    // ---- the formulas, as the registries describe them ------------------------------------------

    internal sealed record Formula(string Id, bool IsKernel, IReadOnlyList<ParameterInfo> Parameters)
    {
        public override string ToString() => Id;
    }

    private static IEnumerable<Formula> Formulas() =>
        CapacityBounds.List().Select(b => new Formula(b.Id, false, b.Parameters))
            .Concat(Kernels.List().Select(k => new Formula(k.Id, true, k.Parameters)));

    public static TheoryData<string> Ids()
    {
        var data = new TheoryData<string>();
        foreach (var f in Formulas()) data.Add(f.Id);
        return data;
    }

    private static Formula Find(string id) => Formulas().Single(f => f.Id == id);

    // ---- ranges parsed from their text ---------------------------------------------------------

    /// <summary>A parsed range: ends as functions of the parameters before it (N, f), open or closed, whole or real.</summary>
    internal sealed record Domain(
        Func<IReadOnlyDictionary<string, double>, double> Lo, bool LoClosed,
        Func<IReadOnlyDictionary<string, double>, double> Hi, bool HiClosed, bool Whole);

    /// <summary>
    /// "(lo, hi]"-style intervals, optionally after "whole number in"; "whole number ≥ a" (the kernels'
    /// wording) is [a, 2^31 − 1], the cap every whole-number parameter of the registries has. Anything
    /// after the interval is a comment. Ends: numbers, ∞, N, √(N/2), 1/√2, f̃/4 (f̃ = 2f(1 − f)).
    /// </summary>
    internal static Domain Parse(string range)
    {
        var text = range.Trim();
        var whole = text.StartsWith("whole number", StringComparison.Ordinal);
        if (whole)
        {
            text = text["whole number".Length..].Trim();
            if (text.StartsWith('≥'))
            {
                var lo = End(text[1..].Trim().Split(' ', ',')[0]);
                return new Domain(lo, true, _ => int.MaxValue, true, true);
            }
            if (!text.StartsWith("in ", StringComparison.Ordinal)) throw new FormatException($"range '{range}'");
            text = text[3..].Trim();
        }
        if (text[0] is not ('(' or '[')) throw new FormatException($"range '{range}' is not an interval");
        var comma = text.IndexOf(", ", StringComparison.Ordinal);
        var depth = 0;
        var close = -1;
        for (var i = comma + 2; i < text.Length && close < 0; i++)
        {
            if (text[i] == '(') depth++;
            else if (text[i] == ')' && depth > 0) depth--;
            else if (text[i] is ')' or ']') close = i;
        }
        if (comma < 0 || close < 0) throw new FormatException($"range '{range}' is not an interval");
        return new Domain(End(text[1..comma]), text[0] == '[', End(text[(comma + 2)..close]), text[close] == ']', whole);
    }

    private static Func<IReadOnlyDictionary<string, double>, double> End(string end) => end.Trim() switch
    {
        "∞" => _ => double.PositiveInfinity,
        "-∞" or "−∞" => _ => double.NegativeInfinity,
        "N" => a => a["N"],
        "√(N/2)" => a => Math.Sqrt(a["N"] / 2),
        "1/√2" => _ => Math.Sqrt(0.5),
        "f̃/4" => a => 2 * a["f"] * (1 - a["f"]) / 4,
        var number => double.TryParse(number.Replace('−', '-'), NumberStyles.Float, CultureInfo.InvariantCulture, out var x)
            ? _ => x
            : throw new FormatException($"unknown range end '{number}'"),
    };

    private static bool Inside(Domain d, IReadOnlyDictionary<string, double> earlier, double x)
    {
        if (!double.IsFinite(x)) return false;
        var lo = d.Lo(earlier);
        var hi = d.Hi(earlier);
        if (double.IsNaN(lo) || double.IsNaN(hi)) return false;
        return (d.LoClosed ? x >= lo : x > lo) && (d.HiClosed ? x <= hi : x < hi) && (!d.Whole || Math.Floor(x) == x);
    }

    /// <summary>Probes of one parameter given the earlier ones: every end from both sides, extremes, interior values.</summary>
    internal static double[] Probes(Domain d, IReadOnlyDictionary<string, double> earlier)
    {
        var lo = d.Lo(earlier);
        var hi = d.Hi(earlier);
        var xs = new List<double> { double.NaN, double.PositiveInfinity, double.NegativeInfinity, double.MaxValue, -double.MaxValue, 0, 1 };
        if (d.Whole)
        {
            xs.AddRange([lo - 1, lo, lo + 1, lo + 0.5, 2, 3, 10, 100, 1e4, 1e6, 1 << 30, (1 << 30) + 1, int.MaxValue, int.MaxValue + 1.0, 1e300]);
            if (double.IsFinite(hi)) xs.AddRange([hi - 1, hi, hi + 1, Math.Floor((lo + hi) / 2)]);
        }
        else
        {
            xs.AddRange([double.Epsilon, -double.Epsilon, 1e-300, 1e-20, 1e-10, 1e-3, 0.1, 0.5, 10, 1e10, 1e300]);
            foreach (var end in new[] { lo, hi })
            {
                if (double.IsFinite(end)) xs.AddRange([end, Math.BitDecrement(end), Math.BitIncrement(end)]);
            }
            if (double.IsFinite(lo) && double.IsFinite(hi))
            {
                xs.AddRange([lo + (hi - lo) * 1e-12, (lo + hi) / 2, hi - (hi - lo) * 1e-12]);
            }
        }
        return xs.Distinct().ToArray();
    }

    /// <summary>A value well inside the range, for the parameters not being probed.</summary>
    private static double Typical(Domain d, IReadOnlyDictionary<string, double> earlier)
    {
        var lo = d.Lo(earlier);
        var hi = d.Hi(earlier);
        if (d.Whole) return Math.Min(hi, Math.Max(lo, 100)) is var w && Math.Floor(w) == w ? w : Math.Floor(w);
        if (double.IsPositiveInfinity(hi)) return Math.Max(lo, 0) + 1;
        return lo + (hi - lo) * 0.3;
    }

    // ---- one request and what it must give -----------------------------------------------------

    private sealed record Request(Dictionary<string, double> Args, List<string> Outside)
    {
        public override string ToString() =>
            "{" + string.Join(", ", Args.Select(a => $"{a.Key} = {a.Value.ToString("R", CultureInfo.InvariantCulture)}")) + "}";
    }

    /// <summary>
    /// Builds a request from chosen values (null: typical) and notes which parameters lie outside their
    /// ranges (a range that depends on an earlier parameter is read at that parameter's value, so after
    /// an invalid N a later r may count as outside too: a refusal may name either).
    /// </summary>
    private static Request Make(Formula f, IReadOnlyList<double?> chosen)
    {
        var args = new Dictionary<string, double>(StringComparer.Ordinal);
        var outside = new List<string>();
        for (var i = 0; i < f.Parameters.Count; i++)
        {
            var p = f.Parameters[i];
            var d = Parse(p.Range);
            var x = chosen[i] ?? Typical(d, args);
            if (!double.IsFinite(x) && chosen[i] is null) x = 1; // typical of a range whose ends are undefined
            if (!Inside(d, args, x)) outside.Add(p.Name);
            args[p.Name] = x;
        }
        return new Request(args, outside);
    }

    /// <summary>Evaluates one request through Evaluate and TryEvaluate; returns a problem description or null.</summary>
    private static string? Check(Formula f, Request r, out TimeSpan elapsed)
    {
        var clock = Stopwatch.StartNew();
        double ln;
        double? value;
        Exception? thrown = null;
        (ln, value) = (double.NaN, null);
        try
        {
            if (f.IsKernel)
            {
                var k = Kernels.Evaluate(f.Id, r.Args);
                (ln, value) = (k.Ln, k.Value);
            }
            else
            {
                var b = CapacityBounds.Evaluate(f.Id, r.Args);
                (ln, value) = (b.Ln, b.Value);
            }
        }
        catch (Exception e)
        {
            thrown = e;
        }
        elapsed = clock.Elapsed;
        if (elapsed > PerCallBudget) return $"took {elapsed.TotalSeconds:F1} s";

        bool tried;
        string? tryError;
        double tryLn;
        try
        {
            if (f.IsKernel) { tried = Kernels.TryEvaluate(f.Id, r.Args, out var k, out tryError); tryLn = k.Ln; }
            else { tried = CapacityBounds.TryEvaluate(f.Id, r.Args, out var b, out tryError); tryLn = b.Ln; }
        }
        catch (Exception e)
        {
            return $"TryEvaluate threw {e.GetType().Name}: {e.Message}";
        }

        if (r.Outside.Count == 0)
        {
            if (thrown is not null) return $"inside every range, but threw {thrown.GetType().Name}: {thrown.Message}";
            if (!tried) return $"TryEvaluate returned false: {tryError}";
            if (!tryLn.Equals(ln)) return $"TryEvaluate ln {tryLn} differs from Evaluate ln {ln}";
            var zeroAllowed = f.IsKernel || Probabilities.Contains(f.Id);
            if (double.IsNaN(ln) || double.IsPositiveInfinity(ln) || (double.IsNegativeInfinity(ln) && !zeroAllowed)) return $"ln = {ln}";
            if (zeroAllowed && ln > 0) return $"a probability or kernel value above 1: ln = {ln:R}";
            // The value is either e^ln, or exact (a count such as 2N, 0.138 N rounded once) with ln its log:
            // then e^ln differs from it by the rounding of ln, a relative (|ln| + 1)·2^-52 at most (4× margin).
            var expected = Math.Exp(ln);
            var tolerance = 4 * (Math.Abs(ln) + 1) * Math.ScaleB(1.0, -52);
            if (double.IsFinite(expected)
                    ? value is not { } v || (v != expected && Math.Abs(v - expected) > tolerance * expected)
                    : value is not null)
            {
                return $"value {value} is not e^ln = {expected}";
            }
            if (value is { } exact && exact > 0 && double.IsFinite(exact) && value != expected && ln != Math.Log(exact))
            {
                return $"value {exact:R} is exact but ln {ln:R} is not its log {Math.Log(exact):R}";
            }
            return null;
        }
        if (thrown is not ArgumentException a) return $"{string.Join(", ", r.Outside)} outside its range, but {(thrown is null ? $"answered ln = {ln}" : $"threw {thrown.GetType().Name}: {thrown.Message}")}";
        if (a.ParamName is not { } name || !r.Outside.Contains(name)) return $"{string.Join(", ", r.Outside)} outside its range, but the refusal names '{a.ParamName}': {a.Message}";
        if (!a.Message.Contains(name, StringComparison.Ordinal)) return $"the refusal's message does not name {name}: {a.Message}";
        if (tried) return "TryEvaluate returned true where Evaluate refused";
        return null;
    }

    // ---- the grids -----------------------------------------------------------------------------

    /// <summary>One parameter at a time through all its probes, the others typical.</summary>
    private static IEnumerable<Request> EdgeSample(Formula f)
    {
        for (var i = 0; i < f.Parameters.Count; i++)
        {
            var typical = Make(f, new double?[f.Parameters.Count]).Args;
            var earlier = f.Parameters.Take(i).ToDictionary(p => p.Name, p => typical[p.Name], StringComparer.Ordinal);
            foreach (var x in Probes(Parse(f.Parameters[i].Range), earlier))
            {
                var chosen = new double?[f.Parameters.Count];
                chosen[i] = x;
                yield return Make(f, chosen);
            }
        }
    }

    /// <summary>
    /// Every pair of parameters through the product of their probes, the others typical (pairwise
    /// coverage: for ids with one or two parameters the whole product). The probes of the later parameter
    /// of a pair are taken at the earlier one's value, so a dependent end (r &lt; √(N/2), ρ &lt; f̃/4) is probed
    /// at every N and f.
    /// </summary>
    private static IEnumerable<Request> WholeGrid(Formula f)
    {
        var k = f.Parameters.Count;
        if (k == 1)
        {
            foreach (var r in EdgeSample(f)) yield return r;
            yield break;
        }
        Dictionary<string, double> Before(double?[] chosen, int index) =>
            Make(f, chosen).Args.Where(a => f.Parameters.Take(index).Any(p => p.Name == a.Key))
                .ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal);
        for (var i = 0; i < k; i++)
        {
            for (var j = i + 1; j < k; j++)
            {
                var chosen = new double?[k];
                foreach (var x in Probes(Parse(f.Parameters[i].Range), Before(chosen, i)))
                {
                    chosen[i] = x;
                    chosen[j] = null;
                    foreach (var y in Probes(Parse(f.Parameters[j].Range), Before(chosen, j)))
                    {
                        chosen[j] = y;
                        yield return Make(f, chosen);
                    }
                }
            }
        }
    }

    /// <summary>
    /// Checks every request, each on a thread of its own: a call over the per-call budget is a failure, and
    /// one that has not answered after the hang guard ends that id's grid (it cannot be stopped; the next
    /// ones would likely hang too).
    /// </summary>
    private void Run(Formula f, IEnumerable<Request> requests)
    {
        var problems = new List<string>();
        var count = 0;
        var slowest = TimeSpan.Zero;
        foreach (var r in requests)
        {
            count++;
            var elapsed = TimeSpan.Zero;
            // a thread of its own (not the pool, which a busy test run can starve); the call's own clock
            // decides the budget, the wait only guards against a hang
            var call = Task.Factory.StartNew(() => Check(f, r, out elapsed), TaskCreationOptions.LongRunning);
            if (!call.Wait(HangGuard))
            {
                problems.Add($"  {f.Id} {r}: no answer within {HangGuard.TotalSeconds} s; the rest of the grid is skipped");
                break;
            }
            if (elapsed > slowest) slowest = elapsed;
            if (call.Result is { } problem) problems.Add($"  {f.Id} {r}: {problem}");
        }
        output.WriteLine($"{f.Id}: {count} requests, slowest {slowest.TotalMilliseconds:F0} ms");
        Assert.True(problems.Count == 0, $"{problems.Count} of {count} requests to {f.Id} failed:\n{string.Join("\n", problems.Take(40))}");
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Every_request_gets_an_answer_or_a_refusal_naming_its_own_parameter_sample(string id)
    {
        var f = Find(id);
        var random = new Random(11);
        var grid = WholeGrid(f).ToArray();
        Run(f, EdgeSample(f).Concat(Enumerable.Range(0, 12).Select(_ => grid[random.Next(grid.Length)])));
    }

    [Theory]
    [MemberData(nameof(Ids))]
    [Trait("Category", "Slow")]
    public void Every_request_gets_an_answer_or_a_refusal_naming_its_own_parameter_whole_grid(string id)
    {
        var f = Find(id);
        Run(f, WholeGrid(f));
    }

    [Fact]
    public void Every_stated_range_parses()
    {
        foreach (var f in Formulas())
        {
            foreach (var p in f.Parameters)
            {
                var ex = Record.Exception(() => Parse(p.Range));
                Assert.True(ex is null, $"{f.Id} {p.Name}: {ex?.Message}");
            }
        }
        Assert.Equal(int.MaxValue, Parse("whole number in [1, 2147483647]").Hi(new Dictionary<string, double>()));
        Assert.False(Parse("(0, √(N/2))").HiClosed);
        Assert.Equal(5.0, Parse("(0, √(N/2))").Hi(new Dictionary<string, double> { ["N"] = 50 }));
    }

    [Theory]
    [MemberData(nameof(MonotoneIds))]
    public void Monotone_in_N_where_the_theory_says_so(string id)
    {
        var f = Find(id);
        var direction = MonotoneInN[id];
        var nName = f.Parameters.Any(p => p.Name == "N") ? "N" : "Nf";
        var ladder = new double[] { 1, 2, 3, 4, 5, 7, 10, 20, 30, 50, 100, 300, 1000, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 2e9, int.MaxValue - 1, int.MaxValue };
        // other parameters at interior values that are valid at every N of the ladder (r of the Gaussian
        // radius form must stay below √(N/2) at the smallest N)
        var others = f.Parameters.Where(p => p.Name != nName).Select(p => p.Name).ToArray();
        var choices = others.Select(name => name switch
        {
            "sigma2" => new[] { 1e-6, 0.1, 0.3, 0.49 },
            "r" when id == "expbeta-gaussian-radius.exact" => [0.05, 0.5],
            "r" when id.StartsWith("expbeta-sphere", StringComparison.Ordinal) => [1e-4, 0.3, 0.7],
            "r" => [0.5, 10, 1e4],
            "n" => [2, 3, 10],
            "K" => [2, 1e3, 1e12],
            "perror" => [1e-10, 0.005, 0.4],
            "p" => [1, 2, 5],
            "f" => [0.1, 0.5],
            "rho" => [0, 0.01],
            "Nh" => [10, 1e15],
            _ => throw new InvalidOperationException($"no interior values for {name}"),
        }).ToArray();
        var problems = new List<string>();
        foreach (var combo in Cartesian(choices))
        {
            double previous = double.NaN;
            double previousN = double.NaN;
            foreach (var n in ladder)
            {
                if (id == "dam-no-error" && n < 3) continue; // N^{n−1}/ln N falls below N = e^{1/(n−1)}
                var args = new Dictionary<string, double>(StringComparer.Ordinal) { [nName] = n };
                for (var i = 0; i < others.Length; i++) args[others[i]] = combo[i];
                if (!CapacityBounds.TryEvaluate(id, args, out var result, out var error))
                {
                    if (n >= 3) problems.Add($"  {string.Join(", ", args.Select(a => $"{a.Key} = {a.Value}"))}: refused: {error}");
                    continue; // below the range's smallest N (every range starts at N ≤ 2)
                }
                var ln = result.Ln;
                if (!double.IsNaN(previous))
                {
                    var slack = 1e-12 * Math.Max(1, Math.Max(Math.Abs(ln), Math.Abs(previous)));
                    if (direction * (ln - previous) < -slack || double.IsNaN(ln))
                    {
                        problems.Add($"  {string.Join(", ", args.Where(a => a.Key != nName).Select(a => $"{a.Key} = {a.Value}"))}: ln {previous:R} at {nName} = {previousN} but {ln:R} at {n}");
                    }
                }
                previous = ln;
                previousN = n;
            }
        }
        Assert.True(problems.Count == 0, $"{id} is not {(direction > 0 ? "nondecreasing" : "nonincreasing")} in {nName}:\n{string.Join("\n", problems)}");
    }

    public static TheoryData<string> MonotoneIds()
    {
        var data = new TheoryData<string>();
        foreach (var id in MonotoneInN.Keys) data.Add(id);
        return data;
    }

    [Fact]
    public void Every_monotone_id_is_registered()
    {
        var ids = CapacityBounds.List().Select(b => b.Id).ToHashSet();
        Assert.All(MonotoneInN.Keys, id => Assert.Contains(id, ids));
        Assert.All(Probabilities, id => Assert.Contains(id, ids));
    }

    private static IEnumerable<double[]> Cartesian(double[][] choices)
    {
        IEnumerable<double[]> result = [[]];
        foreach (var c in choices)
        {
            result = result.SelectMany(prefix => c.Select(x => prefix.Append(x).ToArray()));
        }
        return result;
    }
}
