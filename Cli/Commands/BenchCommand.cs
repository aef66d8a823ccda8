using System.Diagnostics;
using System.Globalization;
using static AssociativeKernels.Cli.BenchInputs;

namespace AssociativeKernels.Cli;

/// <summary>
/// <c>akern bench CASE --PARAM VALUE … [--time T] [--json | --paced]</c>: times one hot path in-process (DESIGN.md). Inputs
/// are seeded random data (System.Random(1)) built before timing; untimed warm-up calls (at least two, and for
/// min(0.5 s, T), so tiered compilation settles); then calls
/// are repeated until their total reaches T seconds (default 1) or 1000 calls, and the median is reported.
/// JSON: <c>{"case","params","seconds": median seconds per call,"gflops": flops / seconds / 1e9}</c>, the
/// flop count of each case stated in its usage line (multiply and add count as two; exp, abs, compare as one
/// per element where said). The cases call the public facade, so they time what users get (the fast paths).
/// </summary>
internal sealed class BenchCommand : ICommand
{
    private static bool Whole(double x, double lo, double hi) => x >= lo && x <= hi && Math.Floor(x) == x;

    private sealed record Flag(string Name, double Default, double Lo, double Hi)
    {
        internal string Range => $"a whole number in [{Lo}, {Hi}]";
        internal bool Ok(double x) => Name == "beta" ? x > 0 && x <= Hi : Whole(x, Lo, Hi);
    }

    /// <summary>
    /// A case: its flags with defaults, the element types its <c>--dtype</c> takes (the first is the default; none:
    /// no --dtype), its flop count, a builder returning the timed call for a dtype, and the estimate of the memory
    /// its inputs and the memory under test take (in bytes, the largest single array in elements, and the flag to
    /// lower), checked before anything is built.
    /// </summary>
    private sealed record Case(string Id, string What, Flag[] Flags, string[] Dtypes,
        Func<Dictionary<string, double>, double> Flops,
        Func<Dictionary<string, double>, string?, Action> Build,
        Func<Dictionary<string, double>, string?, (double Bytes, double Largest, string Flag)> Memory);

    /// <summary>
    /// The common estimate: an M×N matrix of inputs (doubles, plus a float copy for f32 and bf16, and the bf16
    /// store's 2 bytes per entry) held by the caller and once more by the memory (its rows), Q×N queries and a
    /// Q×M score matrix, and the memory's own <paramref name="extra"/>.
    /// </summary>
    private static (double, double, string) Dense(Dictionary<string, double> p, string? dtype, double extra = 0)
    {
        double m = p["M"], n = p["N"], q = p.GetValueOrDefault("Q", 1);
        var element = dtype switch { "f32" => 12, "bf16" => 14, _ => 8 };
        return (m * n * (8 + element) + q * n * 2 * element + 2 * 8 * q * m + extra, Math.Max(m * n, q * m), "--M");
    }

    /// <summary>
    /// The element types of the dense cases: f32 and f64 (the network's float and double paths), and bf16 (patterns
    /// stored as bfloat16 in a <see cref="PatternStore"/>, queries and arithmetic in float).
    /// </summary>
    private static readonly string[] Floats = ["f32", "f64", "bf16"];

    /// <summary>
    /// A network over a bfloat16 pattern store of the Gaussian patterns (rounded to float, then to bfloat16 by the
    /// store). The store lives as long as the process (a bench runs one case and exits).
    /// </summary>
    private static ModernHopfieldNetwork Bf16Network(Random rng, int m, int n, double beta) =>
        ModernHopfieldNetwork.Create(PatternStore.Create(GaussianF(rng, m, n, 1 / Math.Sqrt(n)), PatternPrecision.BFloat16), beta);

    private static Flag Size(string name, double def, double hi = 1_000_000) => new(name, def, 1, hi);
    private static readonly Flag Beta = new("beta", 1, 0, 1000);

    private static readonly Case[] Cases =
    [
        new("mchn-batch", "Z = Xᵀ softmax(β X Q), Q queries (ModernHopfieldNetwork.RetrieveBatch, float[,] for --dtype f32 and bf16, double[,] for f64); flops 4·M·N·Q; defaults M=16384 N=1024 Q=512 (the issue's shape)",
            [Size("M", 16384), Size("N", 1024, 100_000), Size("Q", 512, 100_000), Beta], Floats,
            p => 4 * p["M"] * p["N"] * p["Q"],
            (p, dtype) =>
            {
                var rng = new Random(1);
                var (m, n, q) = ((int)p["M"], (int)p["N"], (int)p["Q"]);
                if (dtype == "bf16")
                {
                    var net16 = Bf16Network(rng, m, n, p["beta"]);
                    var queries16 = GaussianF(rng, q, n, 1 / Math.Sqrt(n));
                    return () => net16.RetrieveBatch(queries16);
                }
                var net = ModernHopfieldNetwork.Create(Gaussian(rng, m, n, 1 / Math.Sqrt(n)), p["beta"]);
                if (dtype == "f64")
                {
                    var queries = Gaussian(rng, q, n, 1 / Math.Sqrt(n));
                    return () => net.RetrieveBatch(queries);
                }
                var queries32 = GaussianF(rng, q, n, 1 / Math.Sqrt(n));
                return () => net.RetrieveBatch(queries32);
            },
            (p, dtype) => Dense(p, dtype)),
        new("mchn-single", "z = Xᵀ softmax(β X q), one query (ModernHopfieldNetwork.Retrieve: double[] for --dtype f64, a float span into a float buffer for f32 and bf16); flops 4·M·N; defaults M=100000 N=784 (the issue's shape)",
            [Size("M", 100_000), Size("N", 784, 100_000), Beta], ["f64", .. Floats.Where(d => d != "f64")],
            p => 4 * p["M"] * p["N"],
            (p, dtype) =>
            {
                var rng = new Random(1);
                var (m, n) = ((int)p["M"], (int)p["N"]);
                if (dtype == "bf16")
                {
                    var net16 = Bf16Network(rng, m, n, p["beta"]);
                    var query16 = Row32(GaussianF(rng, 1, n, 1 / Math.Sqrt(n)));
                    var into16 = new float[n];
                    return () => net16.Retrieve(query16, into16);
                }
                var net = ModernHopfieldNetwork.Create(Gaussian(rng, m, n, 1 / Math.Sqrt(n)), p["beta"]);
                if (dtype == "f64")
                {
                    var query = Row(Gaussian(rng, 1, n, 1 / Math.Sqrt(n)));
                    return () => net.Retrieve(query);
                }
                var query32 = Row32(GaussianF(rng, 1, n, 1 / Math.Sqrt(n)));
                var into = new float[n];
                return () => net.Retrieve(query32, into);
            },
            (p, dtype) => Dense(p, dtype)),
        new("bipolar-nearest", "argmax_μ ξ^μ·q for Q ±1 queries (PackedBipolarMemory.NearestBatch); flops 2·M·N·Q (the float work it replaces); defaults M=100000 N=1024 Q=256 (the issue's shape)",
            [Size("M", 100_000), Size("N", 1024, 100_000), Size("Q", 256, 100_000)], [],
            p => 2 * p["M"] * p["N"] * p["Q"],
            (p, _) =>
            {
                var rng = new Random(1);
                var (m, n, q) = ((int)p["M"], (int)p["N"], (int)p["Q"]);
                var memory = PackedBipolarMemory.Create(Bipolar(rng, m, n));
                var queries = Bipolar(rng, q, n);
                return () => memory.NearestBatch(queries);
            },
            (p, _) => Dense(p, null, p["M"] * p["N"] / 8)),
        new("manhattan-batch", "Z = Xᵀ softmax(β·(−Σ|ξ − q|)), Q queries (UniversalHopfieldNetwork Manhattan + softmax, RetrieveBatch); flops 5·M·N·Q; defaults M=1024 N=128 Q=32",
            [Size("M", 1024), Size("N", 128, 100_000), Size("Q", 32, 100_000), Beta], [],
            p => 5 * p["M"] * p["N"] * p["Q"],
            (p, _) =>
            {
                var rng = new Random(1);
                var (m, n, q) = ((int)p["M"], (int)p["N"], (int)p["Q"]);
                var net = UniversalHopfieldNetwork.Create(Gaussian(rng, m, n, 1 / Math.Sqrt(n)),
                    new UniversalHopfieldOptions { Similarity = SimilarityFunction.Manhattan, Separation = SeparationFunction.Softmax, Beta = p["beta"] });
                var queries = Gaussian(rng, q, n, 1 / Math.Sqrt(n));
                return () => net.RetrieveBatch(queries);
            },
            (p, _) => Dense(p, null)),
        new("sdm-read", "one hypercube SDM read sgn(Σ active counters), Nphi slots, radius r, M patterns written (SparseDistributedMemory.Retrieve); flops 2·Nphi·N; defaults Nphi=10000 N=256 r=112 M=100",
            [Size("Nphi", 10_000), Size("N", 256, 100_000), Size("r", 112, 100_000), Size("M", 100, 100_000)], [],
            p => 2 * p["Nphi"] * p["N"],
            (p, _) =>
            {
                var (slots, n, r, m) = ((int)p["Nphi"], (int)p["N"], (int)p["r"], (int)p["M"]);
                if (r > n) throw new UsageException($"--r {r} is outside its valid range: a whole number in [1, N = {n}].");
                var rng = new Random(1);
                var patterns = Bipolar(rng, m, n);
                var memory = SparseDistributedMemory.CreateHypercube(slots, n, n, r, 1).WriteMany(patterns, patterns);
                var query = Row(Bipolar(rng, 1, n));
                return () => memory.Retrieve(query);
            },
            (p, _) =>
            {
                var sdm = SparseDistributedMemory.Footprint((int)p["Nphi"], (int)p["N"], (int)p["N"]);
                return (sdm.Bytes + 3 * 8 * p["M"] * p["N"], Math.Max(sdm.LargestArray, p["M"] * p["N"]), "--Nphi");
            }),
        new("dam-async-sweep", "one asynchronous sweep of DAM Eq. 4 over all N neurons, F = x³, K ±1 patterns (DenseAssociativeMemory.Retrieve); flops 2·K·N² (each update recomputes the K overlaps, as Eq. 4 is written); defaults K=100 N=256",
            [Size("K", 100, 100_000), Size("N", 256, 100_000)], [],
            p => 2 * p["K"] * p["N"] * p["N"],
            (p, _) =>
            {
                var rng = new Random(1);
                var (k, n) = ((int)p["K"], (int)p["N"]);
                var memory = DenseAssociativeMemory.Create(Bipolar(rng, k, n), DenseEnergyFunction.Polynomial, 3);
                var query = Row(Bipolar(rng, 1, n));
                return () => memory.Retrieve(query);
            },
            (p, _) => (3 * 8 * p["K"] * p["N"], p["K"] * p["N"], "--K")),
    ];

    public string Name => "bench";

    public IReadOnlyList<(string Form, string What)> Usage =>
        Cases.Select(c => ($"bench {c.Id} {string.Join(" ", c.Flags.Select(f => $"[--{f.Name} X]"))}{(c.Dtypes.Length > 0 ? $" [--dtype {string.Join("|", c.Dtypes)}]" : "")} [--time T] [--json | --paced]", c.What))
            .Append(("bench …", "seeded random inputs; warm-up calls (≥ 2, for min(0.5 s, T)); repeats until T seconds (default 1, (0, 60]) or 1000 calls; median"))
            .ToList();

    private static Case Find(string id) =>
        Cases.FirstOrDefault(c => c.Id == id)
        ?? throw new UsageException($"unknown case '{id}'; the cases are {string.Join(", ", Cases.Select(c => c.Id))}.");

    private static readonly string[] SharedHelp =
    [
        "  --time T        seconds in (0, 60] (default 1): calls repeat until T seconds or 1000 calls",
        "  --json          one JSON object: {\"case\", \"params\", \"seconds\": median seconds per call, \"gflops\"}",
        "  --paced         for a driver that alternates with another program (bench/peers, --paired): after 0.5 s of warm-up",
        "                  print `ready`, then time one call per `go` line read from standard input and print its seconds;",
        "                  stops at the end of the input",
    ];

    public void Help(string? sub, TextWriter stdout)
    {
        if (sub is null)
        {
            Akern.WriteHelp(stdout, Usage, ["`akern bench CASE --help` shows one case's flags, defaults and valid ranges.", .. SharedHelp]);
            return;
        }
        var bench = Find(sub);
        Akern.WriteHelp(stdout, [Usage[Array.IndexOf(Cases, bench)]],
        [
            "Flags:",
            .. bench.Flags.Select(f => $"  --{f.Name.PadRight(13)} {(f.Name == "beta" ? "(0, 1000]" : f.Range)} (default {Numbers.Exact(f.Default)})"),
            .. bench.Dtypes.Length > 0 ? new[] { $"  --dtype {string.Join("|", bench.Dtypes)} the element type of the memory and queries (default {bench.Dtypes[0]})" } : [],
            .. SharedHelp,
        ]);
    }

    public int Run(string[] args, Streams io)
    {
        if (args.Length == 0 || args[0].StartsWith("--", StringComparison.Ordinal))
        {
            throw new UsageException($"which case? The cases are {string.Join(", ", Cases.Select(c => c.Id))}.");
        }
        var bench = Find(args[0]);
        string Accepted() => $"the flags of {bench.Id} are {string.Join(", ", bench.Flags.Select(f => "--" + f.Name))}{(bench.Dtypes.Length > 0 ? ", --dtype" : "")}, --time, --json and --paced (case-sensitive).";
        string Explain(string name)
        {
            if (name == "time") return "valid range: seconds in (0, 60].";
            var f = bench.Flags.FirstOrDefault(f => f.Name == name);
            return f is null ? Accepted() : $"valid range: {(f.Name == "beta" ? "(0, 1000]" : f.Range)}.";
        }

        // --dtype takes a word, not a number: take it out before the numeric flags are parsed.
        var rest = new List<string>();
        string? dtype = null;
        for (var i = 1; i < args.Length; i++)
        {
            if (args[i] != "--dtype") { rest.Add(args[i]); continue; }
            if (bench.Dtypes.Length == 0) throw new UsageException($"unknown flag --dtype; {Accepted()}");
            if (dtype is not null) throw new UsageException("--dtype is given twice.");
            if (i + 1 >= args.Length || !bench.Dtypes.Contains(args[i + 1]))
            {
                throw new UsageException($"--dtype {(i + 1 < args.Length ? $"'{args[i + 1]}' " : "")}is not valid; valid values: {string.Join(", ", bench.Dtypes)}.");
            }
            dtype = args[++i];
        }

        var flags = Flags.Parse([.. rest], ["--json", "--paced"], Explain);
        if (flags.Has("--json") && flags.Has("--paced")) throw new UsageException("--json and --paced do not go together: --paced prints one number per call.");
        var values = bench.Flags.ToDictionary(f => f.Name, f => f.Default, StringComparer.Ordinal);
        var given = new HashSet<string>(StringComparer.Ordinal);
        var budget = 1.0;
        foreach (var (name, value) in flags.Values)
        {
            if (!given.Add(name)) throw new UsageException($"--{name} is given twice.");
            if (name == "time")
            {
                if (!(value > 0 && value <= 60)) throw new UsageException($"--time {Numbers.Exact(value)} is outside its valid range: seconds in (0, 60].");
                budget = value;
                continue;
            }
            var spec = bench.Flags.FirstOrDefault(f => f.Name == name) ?? throw new UsageException($"unknown flag --{name}; {Accepted()}");
            if (!spec.Ok(value)) throw new UsageException($"--{name} {Numbers.Exact(value)} is outside its valid range: {(spec.Name == "beta" ? "(0, 1000]" : spec.Range)}.");
            values[name] = value;
        }
        dtype ??= bench.Dtypes.FirstOrDefault();

        Action call;
        try
        {
            var (bytes, largest, flag) = bench.Memory(values, dtype);
            var shape = string.Join(", ", bench.Flags.Where(f => f.Name != "beta").Select(f => $"{f.Name} = {Numbers.Exact(values[f.Name])}"));
            Interop.MemoryBudget.Require(bytes, largest, $"bench {bench.Id} with {shape}", flag, values[flag.TrimStart('-')]);
            call = bench.Build(values, dtype);
        }
        catch (ArgumentException e)
        {
            throw new UsageException(Interop.CoreCall.PlainMessage(e));
        }
        if (flags.Has("--paced")) return Paced(call, budget, io);
        var seconds = Time(call, budget);
        var gflops = bench.Flops(values) / seconds / 1e9;

        var ordered = bench.Flags.Select(f => new KeyValuePair<string, double>(f.Name, values[f.Name])).ToList();
        if (flags.Has("--json"))
        {
            JsonLine.Write(io.Out, w =>
            {
                w.WriteString("case", bench.Id);
                w.WriteStartObject("params");
                foreach (var (key, value) in ordered) w.WriteNumber(key, value);
                if (dtype is not null) w.WriteString("dtype", dtype);
                w.WriteEndObject();
                JsonLine.Number(w, "seconds", seconds);
                JsonLine.Number(w, "gflops", gflops);
            });
        }
        else
        {
            KeyValues.Write(io.Out, $"{bench.Id}: {bench.What}",
            [
                ("params", string.Join(", ", ordered.Select(p => $"{p.Key}={Numbers.Exact(p.Value)}")) + (dtype is null ? "" : $", dtype={dtype}")),
                ("seconds", Numbers.Short(seconds)),
                ("gflops", Numbers.Short(gflops)),
            ]);
        }
        return Akern.Ok;
    }

    /// <summary>
    /// Median seconds per call: untimed warm-up calls (at least 2, and until min(0.5 s, <paramref name="budget"/>) has
    /// passed), then calls until <paramref name="budget"/> seconds or 1000 calls. The warm-up lets the runtime's tiered
    /// compilation finish (methods are recompiled at tier 1 after 30 calls and a 100 ms quiet period): without it a
    /// case of ~20 µs ran its 1000 timed calls in 20 ms, before tier 1, and reported tier-0 code (issue 14: M = 200,
    /// mchn-single f32, 143 µs against 20 µs in steady state).
    /// </summary>
    private static double Time(Action call, double budget)
    {
        WarmUp(call, budget);
        var times = new List<double>();
        var total = 0.0;
        while (total < budget && times.Count < 1000)
        {
            var start = Stopwatch.GetTimestamp();
            call();
            var s = Stopwatch.GetElapsedTime(start).TotalSeconds;
            times.Add(s);
            total += s;
        }
        times.Sort();
        var mid = times.Count / 2;
        var median = times.Count % 2 == 1 ? times[mid] : (times[mid - 1] + times[mid]) / 2;
        return Math.Max(median, 1e-9); // the Stopwatch resolution; never report 0
    }

    /// <summary>Untimed calls: at least 2, and until min(0.5 s, <paramref name="budget"/>) has passed (see <see cref="Time"/>).</summary>
    private static void WarmUp(Action call, double budget)
    {
        var warmUp = Math.Min(0.5, budget);
        var begin = Stopwatch.GetTimestamp();
        for (var calls = 0; calls < 2 || Stopwatch.GetElapsedTime(begin).TotalSeconds < warmUp; calls++) call();
    }

    /// <summary>
    /// <c>--paced</c>: the warm-up (0.5 s at least), then <c>ready</c>, then one timed call per <c>go</c> line of standard input, its
    /// seconds printed on a line of their own (round-trip format) and flushed, until the input ends. A driver that
    /// alternates these calls with its own (bench/peers/common.py, <c>--paired</c>) compares the two programs within
    /// the same fraction of a second, so a machine whose speed drifts between minutes moves both sides of a pair alike
    /// (issue 14: on the shared VM, separate runs of the same build differed by up to 30 %).
    /// </summary>
    private static int Paced(Action call, double budget, Streams io)
    {
        if (ReferenceEquals(io.In, Console.In) && StandardInput.Closed())
        {
            throw new UsageException("--paced reads `go` lines from standard input, and standard input is closed.");
        }
        // The full half second of warm-up whatever T: the driver times single calls, and with a shorter warm-up a
        // small case still ran tier-0 code (M = 2 000, N = 64: 0.6–0.8 ms per call after 0.1 s, 0.04 ms after 0.5 s).
        WarmUp(call, Math.Max(budget, 0.5));
        io.Out.WriteLine("ready");
        io.Out.Flush();
        while (io.In.ReadLine() is { } line)
        {
            if (line.Trim() != "go") throw new UsageException($"--paced reads one `go` per line; got '{line}'.");
            var start = Stopwatch.GetTimestamp();
            call();
            var seconds = Math.Max(Stopwatch.GetElapsedTime(start).TotalSeconds, 1e-9);
            io.Out.WriteLine(seconds.ToString("R", CultureInfo.InvariantCulture));
            io.Out.Flush();
        }
        return Akern.Ok;
    }

}
