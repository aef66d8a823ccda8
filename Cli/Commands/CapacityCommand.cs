using AssociativeKernels.Interop;
namespace AssociativeKernels.Cli;

/// <summary>
/// <c>akern capacity [--N 100] [--json]</c>: every model family's capacity at dimension N by each formula
/// that applies to it, with the equation it comes from and whether N and the other parameters lie in
/// the regime the formula was derived for. This is the table the README leads with.
/// </summary>
internal sealed class CapacityCommand : ICommand
{
    private const double DefaultDimension = 100;

    /// <summary>One row: a model family, a bound id and its parameters as functions of N.</summary>
    private sealed record Row(string Model, string Id, params (string Symbol, Func<double, double> Of)[] Parameters);

    private static (string, Func<double, double>) Dim => ("N", n => n);

    private static (string, Func<double, double>) Fixed(string symbol, double value) => (symbol, _ => value);

    /// <summary>The rows, grouped by model family (a blank line between families).</summary>
    private static readonly Row[][] Families =
    [
        [new("Classical Hopfield", "hopfield-classical", Dim)],
        [
            new("Dense assoc. memory", "dam-no-error", Fixed("n", 2), Dim),
            new("Dense assoc. memory", "dam-no-error", Fixed("n", 3), Dim),
            new("Dense assoc. memory", "dam-no-error", Fixed("n", 4), Dim),
            new("Dense assoc. memory", "dam-max-patterns", Fixed("n", 2), Dim, Fixed("perror", 0.005)),
            new("Dense assoc. memory", "dam-max-patterns", Fixed("n", 3), Dim, Fixed("perror", 0.005)),
            new("Dense assoc. memory", "dam-max-patterns", Fixed("n", 4), Dim, Fixed("perror", 0.005)),
        ],
        [
            new("Model A, Nf = N", "model-a", Fixed("n", 2), ("Nf", n => n), ("Nh", n => n)),
            new("Model A, Nf = N", "model-a", Fixed("n", 3), ("Nf", n => n), ("Nh", n => n)),
            new("Model A, Nf = N", "model-a", Fixed("n", 3), ("Nf", n => n), ("Nh", n => n * n)),
        ],
        [
            new("Kernel memory (VC)", "vc-linear", Dim),
            new("Kernel memory (VC)", "vc-polynomial", Dim, Fixed("p", 2)),
            new("Kernel memory (VC)", "vc-polynomial", Dim, Fixed("p", 3)),
            new("Kernel memory (VC)", "vc-exponential", Dim),
            new("One-shot rules (SV)", "sv-proliferation", Dim),
        ],
        [
            new("Exp-β, Gaussian", "expbeta-gaussian.exact", Dim, Fixed("sigma2", 0.1)),
            new("Exp-β, Gaussian", "expbeta-gaussian.lower", Dim, Fixed("sigma2", 0.1)),
            new("Exp-β, Gaussian", "expbeta-gaussian.tight", Dim, Fixed("sigma2", 0.1)),
            new("Exp-β, Gaussian", "expbeta-gaussian.exact", Dim, Fixed("sigma2", 0.25)),
            new("Exp-β, Gaussian", "expbeta-gaussian.lower", Dim, Fixed("sigma2", 0.25)),
            new("Exp-β, Gaussian", "expbeta-gaussian.tight", Dim, Fixed("sigma2", 0.25)),
        ],
        [
            new("Exp-β, sphere", "expbeta-sphere.exact", Dim, Fixed("r", 0.5)),
            new("Exp-β, sphere", "expbeta-sphere.lower", Dim, Fixed("r", 0.5)),
            new("Exp-β, sphere", "expbeta-sphere.tight", Dim, Fixed("r", 0.5)),
        ],
        [
            new("Exp-β, ±1 patterns", "expbeta-bipolar.exact", Dim, Fixed("f", 0.5), Fixed("rho", 0.05)),
            new("Exp-β, ±1 patterns", "expbeta-bipolar.lower", Dim, Fixed("f", 0.5), Fixed("rho", 0.05)),
            new("Exp-β, ±1 patterns", "expbeta-bipolar.tight", Dim, Fixed("f", 0.5), Fixed("rho", 0.05)),
        ],
        [
            new("Modern Hopfield (LSE)", "ramsauer-storage", ("d", n => n), Fixed("beta", 1), Fixed("K", 1), Fixed("pfail", 0.001)),
            new("Modern Hopfield (LSE)", "lm-sphere.alpha1", Dim, Fixed("lambda", 1)),
            new("Modern Hopfield (LSE)", "lm-sphere.basin", Dim, Fixed("lambda", 1), Fixed("rho", 0.9)),
            new("Modern Hopfield (LSE)", "lm-gaussian.alpha1", Dim, Fixed("lambda", 1)),
            new("Modern Hopfield (LSE)", "lm-gaussian.alphac", Dim, Fixed("lambda", 1)),
            new("Modern Hopfield (LSE)", "lm-bipolar.alpha1", Dim, Fixed("lambda", 1)),
        ],
    ];

    public string Name => "capacity";

    public IReadOnlyList<(string Form, string What)> Usage =>
    [
        ("capacity [--N 100] [--json]", "every model's capacity at dimension N, by each formula"),
    ];

    /// <summary>The valid range of --N.</summary>
    private const string DimensionRange = "a whole number in [1, 2147483647]";

    public void Help(string? sub, TextWriter stdout)
    {
        if (sub is not null) throw new UsageException($"unexpected argument '{sub}'; capacity takes only --N and --json.");
        Akern.WriteHelp(stdout, Usage,
        [
            "Flags:",
            $"  --N N     the dimension: {DimensionRange} (default {Numbers.Exact(DefaultDimension)})",
            "  --json    one JSON object per row: model, id, params, value, ln, equation, inRange",
        ]);
    }

    public int Run(string[] args, Streams io)
    {
        var stdout = io.Out;
        const string range = "valid range: " + DimensionRange;
        var flags = Flags.Parse(args, ["--json"], name => name == "N" ? range + "." : "the only flags are --N and --json (case-sensitive).");
        var dimension = DefaultDimension;
        if (flags.Values.Count(v => v.Key == "N") > 1) throw new UsageException("--N is given twice.");
        foreach (var (name, value) in flags.Values)
        {
            if (name != "N") throw new UsageException($"unknown flag --{name}; the only flags are --N and --json (case-sensitive).");
            if (value < 1 || value > int.MaxValue || Math.Floor(value) != value)
            {
                throw new UsageException($"--N {Numbers.Exact(value)} is outside its {range}.");
            }
            dimension = value;
        }

        var results = Families.Select(family => family.Select(row => Evaluate(row, dimension)).ToArray()).ToArray();
        if (flags.Has("--json")) WriteJson(results, stdout);
        else WriteTable(results, dimension, stdout);
        return Akern.Ok;
    }

    private sealed record Outcome(Row Row, Dictionary<string, double> Parameters, BoundResult? Result, string? Error);

    private static Outcome Evaluate(Row row, double dimension)
    {
        var parameters = row.Parameters.ToDictionary(p => p.Symbol, p => p.Of(dimension), StringComparer.Ordinal);
        // A formula not defined at this N (e.g. a DAM bound at N = 1) is a row of the table, not a failure.
        return CapacityBounds.TryEvaluate(row.Id, parameters, out var result, out var error)
            ? new(row, parameters, result, null)
            : new(row, parameters, null, error);
    }

    private static void WriteJson(Outcome[][] results, TextWriter stdout)
    {
        foreach (var o in results.SelectMany(f => f))
        {
            JsonLine.Write(stdout, w =>
            {
                w.WriteString("model", o.Row.Model);
                w.WriteString("id", o.Row.Id);
                JsonLine.Params(w, o.Parameters);
                if (o.Result is { } r)
                {
                    JsonLine.Number(w, "value", r.Value);
                    JsonLine.Number(w, "ln", r.Ln);
                    w.WriteString("equation", r.Equation);
                    w.WriteBoolean("inRange", r.InRange);
                }
                else
                {
                    w.WriteString("error", o.Error);
                }
            });
        }
    }

    private static void WriteTable(Outcome[][] results, double dimension, TextWriter stdout)
    {
        stdout.WriteLine($"Capacity at N = {Numbers.Exact(dimension)}: how many patterns each model stores and retrieves, by each formula.");
        stdout.WriteLine();
        var table = new Table("model", "formula", "parameters", "capacity", "ln", "source", "what the number is", "in range");
        var first = true;
        foreach (var family in results)
        {
            if (!first) table.Break();
            first = false;
            string? previous = null;
            foreach (var o in family)
            {
                // The model's name once per group; the source as paper and equation number (the JSON output
                // and `akern bound ID` carry the full equation), and the formula's kind from the registry.
                var model = o.Row.Model == previous ? "" : o.Row.Model;
                previous = o.Row.Model;
                var others = string.Join(", ", o.Parameters.Where(p => p.Key != "N").Select(p => $"{p.Key}={Numbers.Exact(p.Value)}"));
                var (source, kind) = CapacityBounds.TryGetInfo(o.Row.Id, out var info) ? (Source(info.Equation), info.Kind) : ("", "");
                if (o.Result is { } r)
                {
                    table.Add(model, o.Row.Id, others, Numbers.Human(r.Value, r.Ln), Numbers.Short(r.Ln), source, kind,
                        r.InRange ? "yes" : "no");
                }
                else
                {
                    table.Add(model, o.Row.Id, others, "—", "—", source, kind, "n/a: " + o.Error);
                }
            }
        }
        table.Write(stdout);
        stdout.WriteLine();
        foreach (var line in Footer) stdout.WriteLine(line);
    }

    /// <summary>The paper and equation number of a registry equation: the text before its first " (" or ": ".</summary>
    private static string Source(string equation)
    {
        var cut = equation.Length;
        foreach (var mark in new[] { " (", ": " })
        {
            var i = equation.IndexOf(mark, StringComparison.Ordinal);
            if (i >= 0 && i < cut) cut = i;
        }
        return equation[..cut];
    }

    /// <summary>What the columns mean, and which number to trust for what.</summary>
    internal static readonly string[] Footer =
    [
        "capacity: patterns stored and retrieved; ln: its natural log. in range: whether N and the parameters lie in the",
        "regime the formula was derived for; where not, the number is an extrapolation.",
        "Which Exp-β number to trust: the C8 rows (.tight) estimate the mean capacity of the process the papers simulate",
        "(KMN Fig. E.1: patterns drawn until two lie within 2r), from the exact pair-distance law; within 3% of simulation",
        "where tested (N ≤ 1000, capacities 7–500). The .exact rows are KMN Eqs. 84, 94, 105 as printed (\"exact\" only in that Eq. 86 is not applied):",
        "an estimate from a normal approximation of the pair distance, whose tail is far too heavy at small σ² or r, so it",
        "can lie orders of magnitude below the mean (16107 against 2.9e9 at N = 100, σ² = 0.1). The .lower rows",
        "(Eqs. 87, 95, 106) are lower bounds on the .exact estimate, not on the true capacity.",
        "Modern Hopfield rows: ramsauer-storage is Ramsauer et al.'s Theorem 3 lower bound (probability 1 − p); the lm-* rows",
        "are P = e^{αN} from the REM thresholds of Lucibello–Mézard (α₁: a typical pattern; alphac: every pattern, union",
        "bound; basin: from overlap rho), derived here in the papers' setting; α = ln / N.",
        "Regime and full reference of any row: akern bound ID --PARAM VALUE ...",
    ];
}
