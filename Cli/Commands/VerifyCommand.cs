using System.Globalization;
using System.Text.Json;
using AssociativeKernels.Interop;

namespace AssociativeKernels.Cli;

/// <summary>
/// <c>akern verify list [--json]</c> and <c>akern verify ID [--trials n] [--seed s] [--PARAM lo..hi …] [--json]</c>: the theorems
/// T1–T12 run as properties through <see cref="Theorems"/> (DESIGN.md). Exit 0 when the theorem holds on every case, 1 with the
/// shrunk counterexample when it does not, 2 on bad arguments, 130 when interrupted (Ctrl-C stops the check between cases).
/// JSON: <c>{"id","holds","passed","discarded","trials","seed","ranges":{name:[lo,hi]},"outsideHypothesis":{name:hypothesis},
/// "counterexample":{"reason","values","points","seed"} or null,"original":… or null,"shrinkSteps","failedAtTrial"}</c>.
/// </summary>
internal sealed class VerifyCommand : ICommand
{
    /// <summary>Exit code of a theorem that does not hold (a counterexample was printed).</summary>
    internal const int CounterexampleFound = 1;

    /// <summary>Exit code when Ctrl-C stopped the check (128 + SIGINT, the shell convention).</summary>
    internal const int Interrupted = 130;

    private const string SeedRange = "a whole number in [0, 2147483647] (default 1)";

    private static readonly string TrialsRange = $"a whole number in [1, {Theorems.MaxTrials}] (default: the theorem's own, see akern verify ID --help)";

    private const string JsonHelp = "  --json      one JSON object: {\"id\", \"holds\", \"passed\", \"discarded\", \"trials\", \"seed\", \"ranges\", \"outsideHypothesis\", \"counterexample\", \"original\", \"shrinkSteps\", \"failedAtTrial\"}";

    public string Name => "verify";

    public IReadOnlyList<(string Form, string What)> Usage =>
    [
        ("verify list [--json]", "the theorems T1–T12: statement, paper and equation, parameters"),
        ("verify ID [--trials n] [--seed s] [--PARAM lo..hi ...] [--json]", "run one as a property, e.g. akern verify T3 --beta 0.5..2 (exit 0 holds, 1 counterexample)"),
    ];

    private static string Ids() => string.Join(", ", Theorems.List().Select(t => t.Id));

    private static TheoremInfo Find(string id) =>
        Theorems.List().FirstOrDefault(t => string.Equals(t.Id, id, StringComparison.Ordinal))
        ?? throw new UsageException($"unknown theorem '{id}'; the ids are {Ids()} (akern verify list).");

    private static string Show(double x) => Numbers.Exact(x);

    private static string Show(TheoremRange r) => r.Lo == r.Hi ? Show(r.Lo) : $"{Show(r.Lo)}..{Show(r.Hi)}";

    public void Help(string? sub, TextWriter stdout)
    {
        if (sub is null)
        {
            Akern.WriteHelp(stdout, Usage,
            [
                "`akern verify ID --help` shows one theorem's statement and its parameters with their default range, the range of its",
                "hypothesis and the domain a range must stay in. A range is lo..hi (or one value); one reaching outside the hypothesis is",
                "allowed — that is how to probe past a theorem — and the output says so.",
                $"  --trials n  {TrialsRange}",
                $"  --seed s    {SeedRange}; the same seed gives the same cases and counterexample on any machine",
                JsonHelp,
                "Exit code 0 when the theorem holds on every case, 1 with the shrunk counterexample when it does not, 2 on bad",
                "arguments, 130 when Ctrl-C stopped it.",
            ]);
            return;
        }
        if (sub == "list")
        {
            Akern.WriteHelp(stdout, [Usage[0]],
                ["  --json    one JSON object per theorem: {\"id\", \"title\", \"statement\", \"source\", \"params\": {name: {\"default\", \"hypothesis\", \"domain\"}}, \"trials\"}"]);
            return;
        }
        var t = Find(sub);
        var width = Math.Max(6, t.Parameters.Max(p => p.Name.Length));
        Akern.WriteHelp(stdout,
            [($"verify {t.Id} [--trials n] [--seed s] {string.Join(" ", t.Parameters.Select(p => $"[--{p.Name} lo..hi]"))} [--json]", $"{t.Id}: {t.Title}")],
            [
                $"statement: {t.Statement}",
                $"source:    {t.Source}",
                $"cases:     {t.Points}; {t.DefaultTrials} by default",
                "",
                "Flags:",
                .. t.Parameters.Select(p =>
                    $"  --{p.Name.PadRight(width)}  {p.Meaning}{(p.IsInteger ? " (whole)" : "")}; default {Show(p.Default)}; hypothesis {p.HypothesisText}; domain {p.DomainText}"),
                $"  --{"trials".PadRight(width)}  {TrialsRange}",
                $"  --{"seed".PadRight(width)}  {SeedRange}",
                JsonHelp,
            ]);
    }

    public int Run(string[] args, Streams io)
    {
        if (args.Length == 0 || args[0].StartsWith("--", StringComparison.Ordinal))
        {
            throw new UsageException($"which theorem? The ids are {Ids()}; akern verify list shows them.");
        }
        if (args[0] == "list")
        {
            return List(Flags.Parse(args[1..], ["--json"], explain: null).Has("--json"), io.Out);
        }
        var theorem = Find(args[0]);
        var (ranges, trials, seed, json) = Parse(theorem, args[1..]);

        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        TheoremResult result;
        try
        {
            result = Theorems.Verify(theorem.Id, ranges, trials, seed, cancel.Token);
        }
        catch (OperationCanceledException)
        {
            io.Error.WriteLine($"akern verify: {theorem.Id} interrupted (Ctrl-C) before it finished; no result.");
            return Interrupted;
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"{theorem.Id}: {CoreCall.PlainMessage(e)}");
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
        if (json) WriteJson(io.Out, result);
        else WriteText(io.Out, theorem, result);
        return result.Holds ? Akern.Ok : CounterexampleFound;
    }

    /// <summary>The flags of one theorem: --trials, --seed, --json and a range for each parameter.</summary>
    private static (Dictionary<string, TheoremRange> Ranges, int? Trials, int Seed, bool Json) Parse(TheoremInfo theorem, string[] args)
    {
        var ranges = new Dictionary<string, TheoremRange>(StringComparer.Ordinal);
        int? trials = null;
        int? seed = null;
        var json = false;
        string Accepted() => $"the flags of {theorem.Id} are {string.Join(", ", theorem.Parameters.Select(p => "--" + p.Name))}, --trials, --seed and --json (case-sensitive).";
        for (var i = 0; i < args.Length; i++)
        {
            var token = args[i];
            if (token == "--json")
            {
                if (json) throw new UsageException("--json is given twice.");
                json = true;
                continue;
            }
            if (!token.StartsWith("--", StringComparison.Ordinal) || token.Length == 2)
            {
                throw new UsageException($"unexpected argument '{token}'; {Accepted()}");
            }
            var name = token[2..];
            var parameter = theorem.Parameters.FirstOrDefault(p => p.Name == name);
            if (name is not ("trials" or "seed") && parameter is null) throw new UsageException($"unknown flag {token}; {Accepted()}");
            if (i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                throw new UsageException($"{token} needs a value; {(parameter is null ? (name == "seed" ? SeedRange : TrialsRange) : "a range lo..hi or one value")}.");
            }
            var text = args[++i];
            switch (name)
            {
                case "trials":
                    if (trials is not null) throw new UsageException("--trials is given twice.");
                    trials = Whole(text, 1, Theorems.MaxTrials, "--trials", TrialsRange);
                    break;
                case "seed":
                    if (seed is not null) throw new UsageException("--seed is given twice.");
                    seed = Whole(text, 0, int.MaxValue, "--seed", SeedRange);
                    break;
                default:
                    if (ranges.ContainsKey(name)) throw new UsageException($"{token} is given twice.");
                    ranges[name] = ParseRange(token, text, parameter!);
                    break;
            }
        }
        return (ranges, trials, seed ?? 1, json);
    }

    private static int Whole(string text, int lo, int hi, string flag, string range)
    {
        if (Numbers.TryParse(text) is not { } x) throw new UsageException($"{flag} '{text}' is not a finite number; {range}.");
        if (x < lo || x > hi || Math.Floor(x) != x) throw new UsageException($"{flag} {Show(x)} is outside its valid range: {range}.");
        return (int)x;
    }

    /// <summary>Parses <c>lo..hi</c> or one value <c>v</c> (= v..v); checks finiteness, order and the domain here so the message names the flag.</summary>
    private static TheoremRange ParseRange(string flag, string text, TheoremParameterInfo p)
    {
        var cut = text.IndexOf("..", StringComparison.Ordinal);
        var loText = cut < 0 ? text : text[..cut];
        var hiText = cut < 0 ? text : text[(cut + 2)..];
        var example = $"write a range as lo..hi, e.g. {flag} {Show(p.Default)}";
        if (Numbers.TryParse(loText) is not { } lo || Numbers.TryParse(hiText) is not { } hi)
        {
            throw new UsageException($"{flag} '{text}' is not a range of finite numbers; {example}.");
        }
        if (lo > hi) throw new UsageException($"{flag} {text} is empty: the smaller end comes first; {example}.");
        if (p.IsInteger && (Math.Floor(lo) != lo || Math.Floor(hi) != hi)) throw new UsageException($"{flag} {text}: {p.Name} takes whole numbers only.");
        if (lo < p.Domain.Lo || hi > p.Domain.Hi) throw new UsageException($"{flag} {text} is outside its domain {p.DomainText} ({p.Meaning}).");
        return new TheoremRange(lo, hi);
    }

    // ---- list --------------------------------------------------------------------------------------

    private static int List(bool json, TextWriter stdout)
    {
        var theorems = Theorems.List();
        if (json)
        {
            foreach (var t in theorems)
            {
                JsonLine.Write(stdout, w =>
                {
                    w.WriteString("id", t.Id);
                    w.WriteString("title", t.Title);
                    w.WriteString("statement", t.Statement);
                    w.WriteString("source", t.Source);
                    w.WriteStartObject("params");
                    foreach (var p in t.Parameters)
                    {
                        w.WriteStartObject(p.Name);
                        WriteRange(w, "default", p.Default);
                        WriteRange(w, "hypothesis", p.Hypothesis);
                        WriteRange(w, "domain", p.Domain);
                        w.WriteEndObject();
                    }
                    w.WriteEndObject();
                    w.WriteNumber("trials", t.DefaultTrials);
                });
            }
            return Akern.Ok;
        }
        var table = new Table("id", "theorem", "source", "parameters (default range)");
        foreach (var t in theorems)
        {
            table.Add(t.Id, t.Title, t.Source, string.Join(" ", t.Parameters.Select(p => $"--{p.Name} {Show(p.Default)}")));
        }
        table.Write(stdout);
        return Akern.Ok;
    }

    private static void WriteRange(Utf8JsonWriter w, string key, TheoremRange r)
    {
        w.WriteStartArray(key);
        w.WriteNumberValue(r.Lo);
        w.WriteNumberValue(r.Hi);
        w.WriteEndArray();
    }

    // ---- one theorem -------------------------------------------------------------------------------

    private static string Vector(double[] v) => "(" + string.Join(", ", v.Select(x => Numbers.Exact(x))) + ")";

    private static string Values(TheoremCounterexample c) =>
        c.Values.Count == 0 ? "none" : string.Join(", ", c.Values.Select(v => $"{v.Key}={Numbers.Exact(v.Value)}"));

    private static void WriteText(TextWriter stdout, TheoremInfo t, TheoremResult r)
    {
        var ranges = string.Join(", ", r.Ranges.Select(x => $"{x.Key}={Show(x.Value)}"));
        var lines = new List<(string, string)>();
        foreach (var (name, hypothesis) in r.OutsideHypothesis)
        {
            lines.Add(("note", $"--{name} {Show(r.Ranges.First(x => x.Key == name).Value)} reaches outside the theorem's hypothesis: {hypothesis}"));
        }
        lines.Add(("statement", t.Statement));
        lines.Add(("source", t.Source));
        lines.Add(("ranges", ranges));
        if (r.Holds)
        {
            if (r.Discarded > 0) lines.Add(("discarded", $"{r.Discarded} drawn cases missed the claim's preconditions and were redrawn"));
            KeyValues.Write(stdout, $"{t.Id} holds: {r.Passed} of {r.Trials} cases passed (seed {r.Seed})", lines);
            return;
        }
        var c = r.Counterexample!;
        var o = r.Original!;
        lines.Add(("reason", c.Reason));
        lines.Add(("values", Values(c)));
        if (c.Points.Length > 0) lines.Add(("points", string.Join(" ", c.Points.Select(Vector))));
        lines.Add(("case seed", c.Seed.ToString(CultureInfo.InvariantCulture)));
        lines.Add(("original", $"{Values(o)}; {o.Points.Length} points; {o.Reason}"));
        KeyValues.Write(stdout,
            $"{t.Id} does not hold: counterexample at draw {r.FailedAtTrial} (after {r.Passed} of {r.Trials} cases passed; seed {r.Seed}), shrunk in {r.ShrinkSteps} steps", lines);
    }

    private static void WriteCase(Utf8JsonWriter w, string key, TheoremCounterexample? c)
    {
        if (c is null)
        {
            w.WriteNull(key);
            return;
        }
        w.WriteStartObject(key);
        w.WriteString("reason", c.Reason);
        w.WriteStartObject("values");
        foreach (var (name, value) in c.Values) w.WriteNumber(name, value);
        w.WriteEndObject();
        w.WriteStartArray("points");
        foreach (var p in c.Points)
        {
            w.WriteStartArray();
            foreach (var x in p) w.WriteNumberValue(x);
            w.WriteEndArray();
        }
        w.WriteEndArray();
        w.WriteNumber("seed", c.Seed);
        w.WriteEndObject();
    }

    private static void WriteJson(TextWriter stdout, TheoremResult r) =>
        JsonLine.Write(stdout, w =>
        {
            w.WriteString("id", r.Id);
            w.WriteBoolean("holds", r.Holds);
            w.WriteNumber("passed", r.Passed);
            w.WriteNumber("discarded", r.Discarded);
            w.WriteNumber("trials", r.Trials);
            w.WriteNumber("seed", r.Seed);
            w.WriteStartObject("ranges");
            foreach (var (name, range) in r.Ranges)
            {
                w.WriteStartArray(name);
                w.WriteNumberValue(range.Lo);
                w.WriteNumberValue(range.Hi);
                w.WriteEndArray();
            }
            w.WriteEndObject();
            w.WriteStartObject("outsideHypothesis");
            foreach (var (name, hypothesis) in r.OutsideHypothesis) w.WriteString(name, hypothesis);
            w.WriteEndObject();
            WriteCase(w, "counterexample", r.Counterexample);
            WriteCase(w, "original", r.Original);
            w.WriteNumber("shrinkSteps", r.ShrinkSteps);
            w.WriteNumber("failedAtTrial", r.FailedAtTrial);
        });
}
