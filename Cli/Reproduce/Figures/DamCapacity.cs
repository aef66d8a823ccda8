using System.Diagnostics;
using System.Globalization;
using static AssociativeKernels.Cli.Reproduce.FigureMath;

namespace AssociativeKernels.Cli.Reproduce;

/// <summary>
/// SPEC E2, DAM §2: the fraction of stored bits that one Eq. 4 update flips for F(x) = xⁿ, n = 2…5, all at N = 100,
/// against the paper's P_error — the Gaussian tail integral (<c>dam-error-probability.gaussian</c>) and its
/// asymptotic form (<c>dam-error-probability</c>) — over loads K/N^(n−1) from about half to three times the
/// no-error capacity (Eq. 6), and the fraction at the load nearest that capacity against its 1/N, all through
/// <see cref="Simulations.DamStability"/> (which picks the exact count: the packed one wherever it applies). n = 2
/// and n = 3 check every bit of every stored pattern (200 trials: n = 3's lowest loads flip a handful of bits per
/// trial); n = 4, 5, with K up to 22 000 and 320 000, all bits of a sample of 100 to 4000 stored patterns per trial
/// over 20 trials (2 · 10⁵ to 8 · 10⁶ bits per point). And classical Hopfield retrieval (<see cref="Simulations.HopfieldRetrieval"/>),
/// the final overlap against α = K/N, with the transition near α ≈ 0.138 (C1, <c>hopfield-classical</c>).
/// </summary>
internal sealed class DamCapacity : IFigure
{
    /// <inheritdoc/>
    public string Id => "dam-capacity";

    /// <inheritdoc/>
    public string Spec => "E2";

    /// <inheritdoc/>
    public string Title => "DAM §2: unstable-bit fraction against P_error for n = 2…5, and the classical Hopfield transition";

    /// <summary>
    /// One DAM configuration, all at N = 100. Without <paramref name="Probes"/>, every bit of every stored pattern is
    /// checked (n = 2, 3); with it, the first Probes[j] patterns of each trial at load K[j] (a sample for n = 4, 5,
    /// whose loads around capacity need K in the thousands and the hundreds of thousands).
    /// </summary>
    private sealed record Config(int Degree, int N, int[] K, int Trials, int[]? Probes = null)
    {
        /// <summary>The patterns whose bits are checked per trial at load K[j]: all K without a sample.</summary>
        public int ProbesAt(int j) => Probes?[j] ?? K[j];

        /// <summary>The <c>method</c> of its rows.</summary>
        public string Method => DamCapacity.Method(Probes is null);
    }

    private static Config[] Configs(bool quick) => quick
        ?
        [
            new(2, 100, [10, 20, 30, 40], 30),
            new(3, 100, [300], 120),
            new(4, 100, [15_000], 4, [25]),
            new(5, 100, [220_000], 4, [10]),
        ]
        :
        [
            new(2, 100, [5, 10, 15, 20, 25, 30, 40, 50], 200),
            new(3, 100, [150, 200, 300, 450, 600], 200),
            // Probes per trial chosen for a few hundred unstable bits at the lowest loads (where the formula puts
            // P_error near 1e-5 … 1e-4) and at least 100 × 100 × 20 = 2 · 10⁵ bits per point elsewhere.
            new(4, 100, [4_000, 5_000, 7_000, 10_000, 15_000, 22_000], 20, [4_000, 800, 200, 100, 100, 100]),
            new(5, 100, [55_000, 70_000, 100_000, 150_000, 220_000, 320_000], 20, [1_000, 800, 200, 100, 100, 100]),
        ];

    /// <summary>The Hopfield sweep: N, the loads α and trials per load, flip probability of the start state.</summary>
    private static (int N, double[] Alpha, int Trials) Hopfield(bool quick) => quick
        ? (400, [0.05, 0.10, 0.14, 0.20, 0.30], 10)
        : (1000, [.. Enumerable.Range(1, 15).Select(i => Math.Round(0.02 * i, 2))], 40);

    /// <summary>The start state's bit-flip probability in the Hopfield sweep.</summary>
    internal const double Flip = 0.1;

    /// <summary>The relative error allowed for the Gaussian formula at N = 100 besides 3 standard errors (see the notes).</summary>
    internal const double ModelError = 0.2;

    /// <inheritdoc/>
    public FigureOutput Run(FigureContext context)
    {
        var configs = Configs(context.Quick);
        var hop = Hopfield(context.Quick);
        // Progress in units of about a microsecond: ≈ 15 P·K per DAM trial (the packed count checks P patterns against K at
        // N = 100; every bit is P = K), N·K per Hopfield trial (sweep counts vary little).
        static long DamCost(Config c, int j) => Math.Max(1, 15L * c.ProbesAt(j) * c.K[j] / 1000);
        static long HopCost(int n, double alpha) => Math.Max(1, (long)(alpha * n * n / 1000));
        var total = configs.Sum(c => c.K.Select((_, j) => c.Trials * DamCost(c, j)).Sum()) + hop.Alpha.Sum(a => hop.Trials * HopCost(hop.N, a));
        context.Progress.Start("E2: DAM stability and Hopfield retrieval", total);

        var seed = context.Seed;
        var dam = new List<DamRow>();
        var seconds = new List<(string What, double Seconds)>();
        foreach (var c in configs)
        {
            var clock = Stopwatch.StartNew();
            for (var j = 0; j < c.K.Length; j++)
            {
                var k = c.K[j];
                var tick = Tick(context, DamCost(c, j));
                var sim = Simulations.DamStability(c.Degree, c.N, k, c.Trials, seed, probes: c.Probes?[j], progress: tick);
                BoundResult F(string id) => Bound(id, ("n", c.Degree), ("N", c.N), ("K", k));
                dam.Add(new DamRow(c.Degree, c.N, k, c.Trials, Sampled: c.Probes is not null, c.ProbesAt(j), seed, sim, F("dam-error-probability.gaussian"), F("dam-error-probability")));
                seed = unchecked(seed + 1);
            }
            seconds.Add(($"n = {c.Degree} ({c.Method})", clock.Elapsed.TotalSeconds));
        }
        var hopClock = Stopwatch.StartNew();
        var hopfield = new List<HopRow>();
        foreach (var alpha in hop.Alpha)
        {
            var sim = Simulations.HopfieldRetrieval(hop.N, alpha, Flip, hop.Trials, seed, progress: Tick(context, HopCost(hop.N, alpha)));
            hopfield.Add(new HopRow(hop.N, alpha, hop.Trials, seed, sim));
            seed = unchecked(seed + 1);
        }
        seconds.Add(("Hopfield", hopClock.Elapsed.TotalSeconds));
        var alphaC = (CapacityBounds.HopfieldClassical(hop.N).Value ?? double.NaN) / hop.N;
        return new FigureOutput([DamTable(dam), HopTable(hopfield)], [DamChart(dam, configs), HopChart(hopfield, alphaC)],
            Report(dam, hopfield, alphaC, seconds, context));
    }

    /// <summary>How a point was counted: every bit of every stored pattern, or every bit of a sample of them.</summary>
    private static string Method(bool everyBit) => everyBit ? "every bit" : "sampled";

    /// <summary>One DAM point: <paramref name="Probes"/> patterns of each trial checked, all of them unless <paramref name="Sampled"/>.</summary>
    private sealed record DamRow(int Degree, int N, int K, int Trials, bool Sampled, int Probes, int Seed, SimulationSummary Sim, BoundResult Gaussian, BoundResult Asymptotic)
    {
        /// <summary>The <c>method</c> column.</summary>
        public string Method => DamCapacity.Method(!Sampled);

        /// <summary>The bits checked in all: N per probed pattern, over every trial.</summary>
        public long Bits => (long)N * Probes * Trials;

        /// <summary>The load K/N^(n−1) of DAM Eq. 5.</summary>
        public double Load => K / Math.Pow(N, Degree - 1);

        /// <summary>Whether the Gaussian formula's derivation applies here (N, K large: the registry's regime flag).</summary>
        public bool Applies => Gaussian.InRange;

        /// <summary>Whether the simulation agrees with the Gaussian formula (<see cref="DamCapacity.Agrees"/>).</summary>
        public bool Agrees => DamCapacity.Agrees(Sim.Mean, Sim.StandardError, Gaussian.Value ?? 0, Bits);
    }

    /// <summary>
    /// Whether a simulated unstable fraction (mean ± s.e. over trials, <paramref name="bits"/> bits checked in
    /// all) agrees with the formula's <paramref name="p"/>: within 3 standard errors — the larger of the
    /// measured one and √(p/bits), the one the formula itself implies, which matters when so few bits flip
    /// that the measured s.e. is 0 — or within the formula's own error <see cref="ModelError"/> (relative).
    /// </summary>
    internal static bool Agrees(double mean, double sem, double p, long bits)
    {
        var d = Math.Abs(mean - p);
        return d <= 3 * Math.Max(sem, Math.Sqrt(p / bits)) || d <= ModelError * p;
    }

    /// <summary>One Hopfield point.</summary>
    private sealed record HopRow(int N, double Alpha, int Trials, int Seed, SimulationSummary Sim);

    private static DataTable DamTable(List<DamRow> rows) => new("dam-stability",
        ["n", "N", "K", "load_K_over_N^(n-1)", "method", "trials", "patterns_checked_per_trial", "bits_checked", "seed", "unstable_mean", "unstable_sem", "p_error_gaussian", "p_error_asymptotic", "gaussian_in_derivation_range"],
        [.. rows.Select(r => (IReadOnlyList<object>)[r.Degree, r.N, r.K, r.Load, r.Method, r.Trials, r.Probes, r.Bits, r.Seed, r.Sim.Mean, r.Sim.StandardError,
            r.Gaussian.Value ?? double.NaN, r.Asymptotic.Value ?? double.NaN, r.Applies ? "yes" : "no"])]);

    private static DataTable HopTable(List<HopRow> rows) => new("hopfield-retrieval",
        ["N", "alpha", "K", "flip", "trials", "seed", "overlap_mean", "overlap_sem"],
        [.. rows.Select(r => (IReadOnlyList<object>)[r.N, r.Alpha, (int)Math.Max(1, Math.Round(r.Alpha * r.N, MidpointRounding.AwayFromZero)), Flip,
            r.Trials, r.Seed, r.Sim.Mean, r.Sim.StandardError])]);

    private static Chart DamChart(List<DamRow> rows, Config[] configs)
    {
        var series = new List<Series>();
        foreach (var c in configs)
        {
            var g = rows.Where(r => r.Degree == c.Degree).ToArray();
            var label = $"n = {c.Degree}, N = {c.N}";
            var how = c.Probes is null ? $"{c.Trials} trials, every bit" : $"{c.Trials} trials, {c.Probes!.Min()}–{c.Probes!.Max()} patterns sampled per trial";
            series.Add(new($"{label}: simulation (mean ± s.e., {how})", [.. g.Select(r => r.Load)], [.. g.Select(r => r.Sim.Mean)],
                SeriesStyle.Markers, [.. g.Select(r => r.Sim.StandardError)]));
            // The formulas on a fine grid of K between the simulated ends.
            var ks = Enumerable.Range(0, 40).Select(i => c.K[0] * Math.Pow((double)c.K[^1] / c.K[0], i / 39.0)).ToArray();
            var x = ks.Select(k => k / Math.Pow(c.N, c.Degree - 1)).ToArray();
            series.Add(new($"{label}: DAM P_error, Gaussian integral", x,
                [.. ks.Select(k => Bound("dam-error-probability.gaussian", ("n", c.Degree), ("N", c.N), ("K", k)).Value ?? double.NaN)], SeriesStyle.Line));
        }
        return new Chart("dam-capacity", "DAM §2: fraction of unstable bits after one Eq. 4 update, F(x) = xⁿ",
            "load K / N^(n−1)", "unstable-bit fraction", series, LogX: true, LogY: true);
    }

    private static Chart HopChart(List<HopRow> rows, double alphaC) => new("hopfield-transition",
        $"Classical Hopfield retrieval, N = {rows[0].N}: final overlap after asynchronous convergence",
        "load α = K/N", "overlap m = ξ·s / N",
        [
            new($"simulation: mean ± s.e., {rows[0].Trials} trials, start with {Flip:P0} of bits flipped",
                [.. rows.Select(r => r.Alpha)], [.. rows.Select(r => r.Sim.Mean)], SeriesStyle.LineWithMarkers, [.. rows.Select(r => r.Sim.StandardError)]),
            new($"C1: α_c = {G(alphaC)} (hopfield-classical / N)", [alphaC, alphaC], [0, 1], SeriesStyle.Line),
        ]);

    private static Report Report(List<DamRow> dam, List<HopRow> hop, double alphaC, List<(string What, double Seconds)> seconds, FigureContext context)
    {
        var comparisons = new List<Comparison>();
        var applies = dam.Where(r => r.Applies).ToList();
        comparisons.Add(new("Unstable-bit fraction against the Gaussian P_error where it applies (N ≥ 100, K ≥ 10)",
            "DAM §2: P_error = ∫_{⟨ΔE⟩}^∞ N(0, Σ²) for large N and K",
            $"agrees at {applies.Count(r => r.Agrees)} of {applies.Count} points", applies.All(r => r.Agrees)));
        foreach (var r in dam)
        {
            var ratio = r.Sim.Mean / (r.Gaussian.Value ?? double.NaN);
            comparisons.Add(new($"n = {r.Degree}, N = {r.N}, K = {r.K}: unstable fraction ({r.Bits.ToString("#,0", CultureInfo.InvariantCulture)} bits{(r.Sampled ? $", {r.Probes} patterns sampled per trial" : "")})",
                $"Gaussian {G(r.Gaussian.Value ?? double.NaN)}, asymptotic {G(r.Asymptotic.Value ?? double.NaN)}{(r.Applies ? "" : " (not in range)")}",
                $"{MeanSe(r.Sim.Mean, r.Sim.StandardError)} ({G(ratio)} × Gaussian)", r.Agrees));
        }
        // DAM Eq. 6 is the load up to which P_error < 1/N (fewer than one unstable bit per pattern): at the
        // simulated load nearest it (within a factor 1.5), the unstable fraction should lie below 1/N (by more than 2 s.e.).
        foreach (var g in dam.GroupBy(r => (r.Degree, r.N)))
        {
            var capacity = Bound("dam-no-error", ("n", g.Key.Degree), ("N", g.Key.N)).Value ?? double.NaN;
            var near = g.OrderBy(r => Math.Abs(Math.Log(r.K / capacity))).First();
            if (!(Math.Abs(Math.Log(near.K / capacity)) <= Math.Log(1.5))) continue;
            comparisons.Add(new($"n = {g.Key.Degree}, N = {g.Key.N}: unstable fraction at the load nearest the no-error capacity",
                $"DAM Eq. 6: K ≈ N^(n−1)/(2(2n−3)!! ln N) = {G(capacity)} keeps P_error below 1/N = {G(1.0 / g.Key.N)}",
                $"K = {near.K}: {MeanSe(near.Sim.Mean, near.Sim.StandardError)}", near.Sim.Mean + (2 * near.Sim.StandardError) < 1.0 / g.Key.N));
        }
        var low = Overlap(hop, 0.10);
        var high = Overlap(hop, 0.20);
        var crossing = Crossing(hop, 0.9);
        comparisons.Add(new("Hopfield: overlap at α = 0.10 against α = 0.20",
            "DAM §2 (C1): retrieval up to K ≈ 0.138 N, lost beyond",
            $"m = {G(low.Mean)} ± {G(low.StandardError)} at 0.10, {G(high.Mean)} ± {G(high.StandardError)} at 0.20", low.Mean >= 0.9 && high.Mean <= 0.8));
        comparisons.Add(new("Hopfield: load where the mean overlap falls below 0.9",
            $"α_c ≈ {G(alphaC)} (hopfield-classical)",
            double.IsNaN(crossing) ? "not reached" : $"α ≈ {G(crossing)} (linear interpolation)", Math.Abs(crossing - alphaC) <= 0.05));

        var misses = dam.Where(r => r.Applies && !r.Agrees).GroupBy(r => r.Degree)
            .Select(g => $"n = {g.Key} at K = {string.Join(", ", g.Select(r => r.K))}").ToArray();
        var outside = dam.Where(r => !r.Applies).Select(r => $"n = {r.Degree}, N = {r.N}, K = {r.K}").ToArray();
        string DegreesBy(string method) => string.Join(", ", dam.Where(r => r.Method == method).Select(r => r.Degree).Distinct());
        var notes = new List<string>
        {
            $"Simulations report mean ± standard error over trials (the `trials` column); each trial stores K fresh random ±1 patterns. The `method` column says how: for n = {DegreesBy("every bit")} every bit of every stored pattern is checked once (N·K bits per trial; 200 trials, which n = 3's lowest loads need: a handful of unstable bits per trial); for n = {DegreesBy("sampled")}, whose loads around capacity need K from thousands to {dam.Where(r => r.Sampled).Select(r => r.K).DefaultIfEmpty().Max()}, all N bits of a sample of the stored patterns are checked (the first P of the K, a uniform sample since the patterns are independent; `patterns_checked_per_trial` and `bits_checked` give P and N·P·trials). `Simulations.DamStability` counts in exact integers either way: by the packed count wherever it applies (here everywhere), whose decision for each bit is the core reference's (the same Eq. 4 energy difference; the tests compare them bit for bit). The mean estimates the same probability either way, and the standard error over trials covers the sampling of the checked patterns as well as of the pattern sets.",
            "Each point has its own seed (the `seed` columns): `akern simulate dam-stability --n n --N N --K K --trials T --seed SEED` (or `Simulations.DamStability(n, N, K, T, SEED)`) reproduces an every-bit row, `akern simulate dam-stability-sampled --n n --N N --K K --P P --trials T --seed SEED` (or `Simulations.DamStability(n, N, K, T, SEED, probes: P)`) a sampled one, and `akern simulate hopfield-retrieval --N N --alpha α --flip 0.1 --trials T --seed SEED` a Hopfield row.",
            $"Agreement with P_error means within 3 standard errors or within {ModelError:P0} of the formula's value: the Gaussian integral is the large-N, large-K limit, and at N = 100 its own error is of that size — for n = 2 the exact law of the cross-talk is a binomial tail (K = 10: 3.99e-4 against the formula's 4.83e-4, 17%), and because ties ΔE = 0 keep the bit, the simulation sits slightly below the formula.",
            "The asymptotic right-hand side of DAM's P_error equation (⟨ΔE⟩ ≈ 2nN^(n−1) and erfc(x) ≈ e^{−x²}/(√π x)) approaches the Gaussian integral only where x = ⟨ΔE⟩/√(2Σ²) is large; at the loads where errors can be measured it is off by tens of percent (column p_error_asymptotic of dam-stability.csv; the plot shows the Gaussian integral).",
            "Why the simulation falls below the formula for n ≥ 3, more so as n grows and as the load falls: the formula's Σ² = Ω_n K N^(n−1) is the large-N leading term. One pattern's cross-talk is (r + 1)ⁿ − (r − 1)ⁿ with r a sum of N − 1 random ±1 (symmetric, so the Gaussian's mean 0 is right), and at N = 100 its exact variance is below Ω_n N^(n−1) by 1.0%, 2.4%, 4.5% and 7.2% for n = 2, 3, 4, 5 (from the moments of r). Deep in the tail that matters: ½ erfc with the exact variance is 0.67–0.92 of the formula for n = 4 at the full run's loads (K = 4000 … 22 000) and 0.52–0.88 for n = 5 (K = 55 000 … 320 000), about what the simulation shows. " +
                (misses.Length > 0 ? $"The criterion's {ModelError:P0} therefore misses {string.Join("; ", misses)}. " : "") +
                "The paper's formula is an N → ∞ statement, and these are its finite-N corrections, not a sampling artefact." +
                (outside.Length > 0 ? $" Outside the registry's regime (N ≥ 100, K ≥ 10) and not counted in the headline row: {string.Join("; ", outside)}." : ""),
            $"Hopfield: N = {hop[0].N}, the start state is a stored pattern with each bit flipped with probability {Flip}; asynchronous updates run to a fixed point. At finite N the transition is smoothed and sits slightly above α_c = 0.138 (the replica result for N → ∞).",
        };
        notes.Add($"Wall-clock time per configuration on {Environment.ProcessorCount} cores (whatever else the machine ran included): " +
            string.Join(", ", seconds.Select(s => $"{s.What} {s.Seconds:0.0} s")) + ".");
        if (context.Quick) notes.Add("Quick run: fewer loads and trials than the full run (`akern reproduce dam-capacity`).");
        var summary = $"Simulated DAM stability for n = {string.Join(", ", dam.Select(r => r.Degree).Distinct())} at N = {string.Join(", ", dam.Select(r => r.N).Distinct())} and {dam.Count} loads and classical Hopfield retrieval at {hop.Count} loads (seed {context.Seed}). " +
            $"Where the Gaussian P_error applies, the simulated unstable fraction agrees at {applies.Count(r => r.Agrees)} of {applies.Count} points; " +
            $"the Hopfield overlap falls from {G(low.Mean)} at α = 0.10 to {G(high.Mean)} at α = 0.20" +
            (double.IsNaN(crossing) ? "." : $", crossing 0.9 near α ≈ {G(crossing)} (C1: {G(alphaC)}).");
        return new Report(summary, comparisons, notes);
    }

    private static SimulationSummary Overlap(List<HopRow> rows, double alpha) =>
        rows.OrderBy(r => Math.Abs(r.Alpha - alpha)).First().Sim;

    /// <summary>The first α where the mean overlap falls below <paramref name="level"/>, interpolated linearly; NaN when it never does.</summary>
    private static double Crossing(List<HopRow> rows, double level)
    {
        for (var i = 1; i < rows.Count; i++)
        {
            double a0 = rows[i - 1].Alpha, a1 = rows[i].Alpha, m0 = rows[i - 1].Sim.Mean, m1 = rows[i].Sim.Mean;
            if (m0 >= level && m1 < level) return a0 + (a1 - a0) * (m0 - level) / (m0 - m1);
        }
        return double.NaN;
    }
}
