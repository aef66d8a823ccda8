namespace AssociativeKernels.Cli;

/// <summary>
/// <c>akern simulate ID --PARAM VALUE … --seed S [--json]</c>: seeded Monte-Carlo experiments (DESIGN.md).
/// JSON: <c>{"id","params","seed","mean","sem","samples","formulas":{bound id: value}}</c>. A progress bar
/// goes to stderr on a terminal only: not with --json, not when stdout is redirected.
/// </summary>
internal sealed class SimulateCommand : ICommand
{
    /// <summary>
    /// One simulation: its flags (papers' symbols) with valid ranges, how to run it, and the estimate of the memory it
    /// needs with the flag to lower (the library's own estimate, checked here to name the flag before anything runs).
    /// </summary>
    private sealed record Case(string Id, string What, (string Flag, string Range, Func<double, bool> Ok)[] Flags,
        Func<Dictionary<string, double>, int, Action<int>?, SimulationSummary> Run,
        Func<Dictionary<string, double>, IEnumerable<(string Id, Dictionary<string, double> Params)>> Formulas,
        Func<Dictionary<string, double>, int> Total,
        Func<Dictionary<string, double>, (Interop.Footprint Memory, string Flag)> Memory);

    private static bool Whole(double x, double lo, double hi) => x >= lo && x <= hi && Math.Floor(x) == x;

    /// <summary>DAM's P_error (asymptotic and Gaussian-integral forms) at the simulation's n, N, K; none for n = 1.</summary>
    /// <summary>The memory of <c>dam-stability</c> (every bit) or <c>dam-stability-sampled</c> (P probes) on the path the facade takes, with the flag that sets it.</summary>
    private static (Interop.Footprint Memory, string Flag) DamFootprint(Dictionary<string, double> p, int? probes)
    {
        var (memory, paramName) = Simulations.DamStabilityFootprint((int)p["n"], (int)p["N"], (int)p["K"], probes);
        return (memory, paramName == "dimension" ? "--N" : "--K");
    }

    private static IEnumerable<(string Id, Dictionary<string, double> Params)> DamErrorFormulas(Dictionary<string, double> p) =>
        p["n"] >= 2
            ? new[] { "dam-error-probability", "dam-error-probability.gaussian" }.Select(id =>
                (id, new Dictionary<string, double> { ["n"] = p["n"], ["N"] = p["N"], ["K"] = p["K"] }))
            : [];

    private static readonly Case[] Cases =
    [
        new("expbeta-capacity", "KMN Fig. E.1: Gaussian patterns until two lie within 2r, r² = σ²N",
            [("N", "a whole number in [1, 100000]", x => Whole(x, 1, 100_000)),
             ("sigma2", "(0, 1/2)", x => x > 0 && x < 0.5),
             ("sims", "a whole number in [2, 10000000]", x => Whole(x, 2, 10_000_000))],
            (p, seed, progress) =>
            {
                var exact = CapacityBounds.ExpBetaGaussianExact((int)p["N"], p["sigma2"]);
                if (exact.Ln > Math.Log(1e5))
                {
                    throw new UsageException($"the capacity at N = {Numbers.Exact(p["N"])}, sigma2 = {Numbers.Exact(p["sigma2"])} is about {Numbers.Human(exact.Value, exact.Ln)} patterns (KMN Eq. 84), too many to simulate; lower N or raise sigma2.");
                }
                return Simulations.ExpBetaCapacity((int)p["N"], p["sigma2"], (int)p["sims"], seed, progress: progress);
            },
            p => new[] { "expbeta-gaussian.exact", "expbeta-gaussian.lower", "expbeta-gaussian.tight", "expbeta-gaussian.birthday" }
                .Select(id => (id, new Dictionary<string, double> { ["N"] = p["N"], ["sigma2"] = p["sigma2"] })),
            p => (int)p["sims"],
            // A run keeps the patterns it stores: about the mean capacity (KMN Eq. 84; above 1e5 the run refuses), rarely 4 times it.
            p => (Simulations.ExpBetaCapacityFootprint((int)p["N"], 4 * Math.Min(1e5, Math.Exp(CapacityBounds.ExpBetaGaussianExact((int)p["N"], p["sigma2"]).Ln))), "--N")),
        new("dam-stability", "DAM §2: fraction of stored bits one Eq. 4 update flips, F = x^n",
            [("n", "a whole number in [1, 30]", x => Whole(x, 1, 30)),
             ("N", "a whole number in [2, 100000]", x => Whole(x, 2, 100_000)),
             ("K", "a whole number in [2, 100000]", x => Whole(x, 2, 100_000)),
             ("trials", "a whole number in [2, 10000000]", x => Whole(x, 2, 10_000_000))],
            (p, seed, progress) => Simulations.DamStability((int)p["n"], (int)p["N"], (int)p["K"], (int)p["trials"], seed, progress: progress),
            DamErrorFormulas,
            p => (int)p["trials"],
            p => DamFootprint(p, null)),
        new("dam-stability-sampled", "DAM §2 as dam-stability, checking every bit of the first P patterns of each trial (exact packed count, for large K)",
            [("n", "a whole number in [1, 30]", x => Whole(x, 1, 30)),
             ("N", "a whole number in [2, 100000]", x => Whole(x, 2, 100_000)),
             ("K", "a whole number in [2, 10000000]", x => Whole(x, 2, 10_000_000)),
             ("P", "a whole number in [1, K]", x => Whole(x, 1, 10_000_000)),
             ("trials", "a whole number in [2, 10000000]", x => Whole(x, 2, 10_000_000))],
            (p, seed, progress) => p["P"] > p["K"]
                ? throw new UsageException($"--P {Numbers.Exact(p["P"])} is outside its valid range: a whole number in [1, K] (K = {Numbers.Exact(p["K"])}).")
                : Simulations.DamStability((int)p["n"], (int)p["N"], (int)p["K"], (int)p["trials"], seed, probes: (int)p["P"], progress: progress),
            DamErrorFormulas,
            p => (int)p["trials"],
            p => DamFootprint(p, (int)p["P"])),
        new("lm-sphere-dominance", "C10 at finite N: the largest α = ln P / N at which ξ¹ keeps half the softmax weight at x = ξ¹ (sphere, radius √N); the formulas give P = e^(α₁N)",
            [("N", "a whole number in [2, 64]", x => Whole(x, 2, 64)),
             ("lambda", "(0, 100]", x => x > 0 && x <= 100),
             ("runs", "a whole number in [2, 1000000]", x => Whole(x, 2, 1_000_000))],
            (p, seed, progress) =>
            {
                RefuseTooMany(p);
                return Simulations.LmSphereDominance((int)p["N"], p["lambda"], (int)p["runs"], seed, progress: progress);
            },
            p => [("lm-sphere.alpha1", new Dictionary<string, double> { ["N"] = p["N"], ["lambda"] = p["lambda"] })],
            p => (int)p["runs"],
            // Streams its patterns: two vectors of N doubles.
            p => (new Interop.Footprint(16 * p["N"] + 64, p["N"], $"lm-sphere-dominance with N = {Numbers.Exact(p["N"])}"), "--N")),
        new("lm-sphere-retrieval", "C10 at finite N: the largest α = ln P / N at which the update from overlap rho ends within overlap 1 − eps of ξ¹; the formulas give P = e^(αN)",
            [("N", "a whole number in [2, 64]", x => Whole(x, 2, 64)),
             ("lambda", "(0, 100]", x => x > 0 && x <= 100),
             ("rho", "(0, 1]", x => x > 0 && x <= 1),
             ("eps", "(0, 1)", x => x > 0 && x < 1),
             ("runs", "a whole number in [2, 1000000]", x => Whole(x, 2, 1_000_000))],
            (p, seed, progress) =>
            {
                RefuseTooMany(p);
                return Simulations.LmSphereRetrieval((int)p["N"], p["lambda"], p["rho"], p["eps"], (int)p["runs"], seed, maxPatterns: RetrievalCap, progress: progress);
            },
            p => [("lm-sphere.alpha1", new Dictionary<string, double> { ["N"] = p["N"], ["lambda"] = p["lambda"] }),
                  ("lm-sphere.basin", new Dictionary<string, double> { ["N"] = p["N"], ["lambda"] = p["lambda"], ["rho"] = p["rho"] })],
            p => (int)p["runs"],
            // A run stores up to about twice its threshold's patterns; the cap bounds it.
            p => (Simulations.LmSphereRetrievalFootprint((int)p["N"], Math.Min(RetrievalCap, 2 * Math.Exp(1.25 * CapacityBounds.LmSphereAlpha1((int)p["N"], p["lambda"]).Ln))), "--N")),
        new("hopfield-retrieval", "classical Hopfield, K = round(αN), start with bits flipped, async to convergence",
            [("N", "a whole number in [1, 100000]", x => Whole(x, 1, 100_000)),
             ("alpha", "(0, 10]", x => x > 0 && x <= 10),
             ("flip", "[0, 1]", x => x >= 0 && x <= 1),
             ("trials", "a whole number in [2, 10000000]", x => Whole(x, 2, 10_000_000))],
            (p, seed, progress) => Simulations.HopfieldRetrieval((int)p["N"], p["alpha"], p["flip"], (int)p["trials"], seed, progress: progress),
            p => [("hopfield-classical", new Dictionary<string, double> { ["N"] = p["N"] })],
            p => (int)p["trials"],
            p => (Simulations.HopfieldRetrievalFootprint((int)p["N"], p["alpha"]), "--alpha")),
    ];

    /// <summary>The most patterns an lm-sphere-retrieval run may store (its doubling buffer then holds up to 4·10⁷ rows of N doubles).</summary>
    private const int RetrievalCap = 20_000_000;

    /// <summary>
    /// Refuses an lm-sphere run whose thresholds lie beyond what a run can draw: P = e^{1.25 α₁ N} above 10⁸ (the α₁ of
    /// <c>lm-sphere.alpha1</c>; measured thresholds lie within 10% of it).
    /// </summary>
    private static void RefuseTooMany(Dictionary<string, double> p)
    {
        var alpha1 = CapacityBounds.LmSphereAlpha1((int)p["N"], p["lambda"]);
        if (1.25 * alpha1.Ln > Math.Log(1e8))
        {
            throw new UsageException($"at N = {Numbers.Exact(p["N"])}, lambda = {Numbers.Exact(p["lambda"])} the threshold is near P = e^(α₁N) = {Numbers.Human(alpha1.Value, alpha1.Ln)} patterns (lm-sphere.alpha1), too many to simulate; lower N or lambda.");
        }
    }

    public string Name => "simulate";

    public IReadOnlyList<(string Form, string What)> Usage =>
        Cases.Select(c => ($"simulate {c.Id} {string.Join(" ", c.Flags.Select(f => $"--{f.Flag} X"))} --seed S [--json]", c.What)).ToList();

    private const string SeedRange = "a whole number in [0, 2147483647]";

    private const string JsonHelp = "  --json    one JSON object: {\"id\", \"params\", \"seed\", \"mean\", \"sem\", \"samples\", \"formulas\": {bound id: value}}; no progress bar";

    private static Case Find(string id) =>
        Cases.FirstOrDefault(c => c.Id == id)
        ?? throw new UsageException($"unknown simulation '{id}'; the ids are {string.Join(", ", Cases.Select(c => c.Id))}.");

    public void Help(string? sub, TextWriter stdout)
    {
        if (sub is null)
        {
            Akern.WriteHelp(stdout, Usage,
            [
                "`akern simulate ID --help` shows one simulation's flags and valid ranges.",
                $"  --seed S  {SeedRange}; the same seed gives the same numbers on any machine",
                JsonHelp,
            ]);
            return;
        }
        var sim = Find(sub);
        var width = sim.Flags.Max(f => f.Flag.Length);
        Akern.WriteHelp(stdout, [Usage[Array.IndexOf(Cases, sim)]],
        [
            "Flags:",
            .. sim.Flags.Select(f => $"  --{f.Flag.PadRight(Math.Max(width, 6))}  {f.Range}"),
            $"  --{"seed".PadRight(Math.Max(width, 6))}  {SeedRange}; the same seed gives the same numbers on any machine",
            JsonHelp,
        ]);
    }

    public int Run(string[] args, Streams io)
    {
        if (args.Length == 0 || args[0].StartsWith("--", StringComparison.Ordinal))
        {
            throw new UsageException($"which simulation? The ids are {string.Join(", ", Cases.Select(c => c.Id))}.");
        }
        var sim = Find(args[0]);
        string Accepted() => $"the flags of {sim.Id} are {string.Join(", ", sim.Flags.Select(f => "--" + f.Flag))}, --seed and --json (case-sensitive).";
        string Explain(string name)
        {
            if (name == "seed") return "valid range: a whole number in [0, 2147483647].";
            var f = sim.Flags.FirstOrDefault(f => f.Flag == name);
            return f.Flag is null ? Accepted() : $"valid range: {f.Range}.";
        }
        var flags = Flags.Parse(args[1..], ["--json"], Explain);
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        int? seed = null;
        foreach (var (name, value) in flags.Values)
        {
            if (values.ContainsKey(name) || (name == "seed" && seed is not null)) throw new UsageException($"--{name} is given twice.");
            if (name == "seed")
            {
                if (!Whole(value, 0, int.MaxValue)) throw new UsageException($"--seed {Numbers.Exact(value)} is outside its valid range: a whole number in [0, 2147483647].");
                seed = (int)value;
                continue;
            }
            var spec = sim.Flags.FirstOrDefault(f => f.Flag == name);
            if (spec.Flag is null) throw new UsageException($"unknown flag --{name}; {Accepted()}");
            if (!spec.Ok(value)) throw new UsageException($"--{name} {Numbers.Exact(value)} is outside its valid range: {spec.Range}.");
            values[name] = value;
        }
        foreach (var f in sim.Flags)
        {
            if (!values.ContainsKey(f.Flag)) throw new UsageException($"--{f.Flag} is missing; {Accepted()}");
        }
        if (seed is null) throw new UsageException("--seed is missing; every simulation is seeded (a whole number in [0, 2147483647]).");

        var json = flags.Has("--json");
        var total = sim.Total(values);
        // A bar on a terminal only: io.Error is the console's only when stdout is the real, unredirected console.
        var showProgress = !json && ReferenceEquals(io.Out, Console.Out) && !Console.IsOutputRedirected && !Console.IsErrorRedirected;
        var bar = showProgress ? new ProgressBar(io.Error, total) : null;
        SimulationSummary summary;
        try
        {
            var (memory, flag) = sim.Memory(values);
            memory.Require(flag, values[flag[2..]]);
            summary = sim.Run(values, seed.Value, bar is null ? null : bar.Report);
        }
        catch (ArgumentException e)
        {
            throw new UsageException(Interop.CoreCall.PlainMessage(e));
        }
        catch (InvalidOperationException e)
        {
            throw new UsageException(Interop.CoreCall.PlainMessage(e));
        }
        bar?.Done();

        var ordered = sim.Flags.Select(f => new KeyValuePair<string, double>(f.Flag, values[f.Flag])).ToList();
        var formulas = sim.Formulas(values).Select(f => (f.Id, Result: CapacityBounds.TryEvaluate(f.Id, f.Params, out var r, out _) ? r : (BoundResult?)null)).ToList();
        if (json)
        {
            JsonLine.Write(io.Out, w =>
            {
                w.WriteString("id", sim.Id);
                JsonLine.Params(w, ordered);
                w.WriteNumber("seed", seed.Value);
                JsonLine.Number(w, "mean", summary.Mean);
                JsonLine.Number(w, "sem", summary.StandardError);
                w.WriteNumber("samples", summary.Samples);
                w.WriteStartObject("formulas");
                foreach (var (id, result) in formulas) JsonLine.Number(w, id, result?.Value);
                w.WriteEndObject();
            });
        }
        else
        {
            var lines = new List<(string, string)>
            {
                ("params", string.Join(", ", ordered.Select(p => $"{p.Key}={Numbers.Exact(p.Value)}"))),
                ("seed", seed.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                ("mean", Numbers.Short(summary.Mean)),
                ("sem", Numbers.Short(summary.StandardError)),
                ("samples", summary.Samples.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            };
            foreach (var (id, result) in formulas)
            {
                lines.Add((id, result is { } r ? Numbers.Human(r.Value, r.Ln) + (r.InRange ? "" : "  (not in range)") : "n/a"));
            }
            KeyValues.Write(io.Out, $"{sim.Id}: {sim.What}", lines);
        }
        return Akern.Ok;
    }

    /// <summary>A one-line progress bar on stderr, redrawn with a carriage return at most every 1%.</summary>
    private sealed class ProgressBar(TextWriter error, int total)
    {
        private int shown = -1;

        internal void Report(int done)
        {
            var percent = (int)(100L * done / Math.Max(1, total));
            if (percent == shown) return;
            shown = percent;
            var filled = percent * 30 / 100;
            error.Write($"\r[{new string('#', filled)}{new string('.', 30 - filled)}] {percent,3}%  {done}/{total}");
            error.Flush();
        }

        internal void Done() => error.Write("\r" + new string(' ', 60) + "\r");
    }
}
