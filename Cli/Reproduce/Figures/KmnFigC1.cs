using System.Diagnostics;
using System.Globalization;

namespace AssociativeKernels.Cli.Reproduce;

/// <summary>
/// SPEC E3, KMN Fig. C.1 (App. C): the margin γ = min_μ ξ_out^μ w·φ(ξ_in^μ)/‖w‖ (Eq. 50) of one neuron on
/// φ_pairs against the load M/N², for the one-shot rule w = Σ_μ ξ_out^μ φ(ξ_in^μ) (Eq. 49) and an iterative
/// rule (the Adatron with a budget of sweeps, where KMN use the stochastic batch perceptron), mean ± standard
/// error over independent pattern sets, with the load where each curve crosses 0 (the rule's capacity) beside
/// KMN's ~0.05 N² and ~0.7 N², Cover's 2 D_VC (KMN §3.2) and Eq. 29 read in feature space.
/// </summary>
internal sealed class KmnFigC1 : IFigure
{
    /// <summary>A run's size: N, pattern sets per load, the Adatron's budget and the loads M/N².</summary>
    internal sealed record Plan(int Dimension, int Runs, int MaxSweeps, double[] Loads);

    /// <summary>The full run: N = 100 as KMN (17.6 min on 2 cores), 10 pattern sets per load (KMN: 20).</summary>
    internal static readonly Plan Full = new(100, 10, 500,
        [0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.07, 0.08, 0.10, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 1.0]);

    /// <summary>The CI-sized run (seconds).</summary>
    internal static readonly Plan Quick = new(20, 8, 200,
        [0.02, 0.04, 0.06, 0.08, 0.1, 0.15, 0.2, 0.3, 0.45, 0.6, 0.75, 0.9, 1.05]);

    /// <summary>The Adatron's KKT tolerance: at convergence γ is within about this fraction of the maximal margin.</summary>
    internal const double Tolerance = 1e-3;

    /// <summary>KMN App. C: "the capacity of the online rule can be estimated to ∼0.7N²" and the MHN's "∼0.05N²" (N = 100).</summary>
    internal const double PaperIterative = 0.7, PaperOneShot = 0.05;

    public string Id => "kmn-fig-c1";

    public string Spec => "E3";

    public string Title => "KMN Fig. C.1: margin against load on φ_pairs, one-shot rule (Eq. 49) against an iterative rule";

    /// <summary>Mean ± standard error of both rules at one load, and the Adatron's effort there.</summary>
    internal sealed record LoadPoint(double Load, int Patterns, SimulationSummary OneShot, SimulationSummary Iterative, double MeanSweeps, double ConvergedFraction);

    public FigureOutput Run(FigureContext context)
    {
        var plan = context.Quick ? Quick : Full;
        var clock = Stopwatch.StartNew();
        var trials = Simulate(plan, context);
        var points = plan.Loads.Select((load, l) => Summarize(load, trials[l])).ToArray();
        var seconds = clock.Elapsed.TotalSeconds;
        var oneShot = MarginLoad.Crossing(plan.Loads, [.. points.Select(p => p.OneShot.Mean)], [.. points.Select(p => p.OneShot.StandardError)]);
        var iterative = MarginLoad.Crossing(plan.Loads, [.. points.Select(p => p.Iterative.Mean)], [.. points.Select(p => p.Iterative.StandardError)]);
        return new FigureOutput(
            [MarginTable(plan, points), CrossingTable(plan, oneShot, iterative), TrialTable(plan, trials)],
            [MarginChart(plan, points)],
            MakeReport(plan, context, points, oneShot, iterative, seconds));
    }

    /// <summary>
    /// Every (load, run) pattern set, seeded in grid order from <c>new Random(context.Seed)</c> (so the numbers do
    /// not depend on how the work is spread over the cores), run heaviest first on all cores; Ctrl-C stops it within one
    /// Adatron sweep (the trials check the token before every sweep; Parallel.ForEach throws <see cref="OperationCanceledException"/>).
    /// </summary>
    private static (int Seed, MarginTrial Trial)[][] Simulate(Plan plan, FigureContext context)
    {
        var rng = new Random(context.Seed);
        var seeds = plan.Loads.Select(_ => Enumerable.Range(0, plan.Runs).Select(_ => rng.Next()).ToArray()).ToArray();
        var patterns = plan.Loads.Select(load => MarginLoad.PatternCount(plan.Dimension, load)).ToArray();
        var results = plan.Loads.Select(_ => new (int, MarginTrial)[plan.Runs]).ToArray();
        var work = (from l in Enumerable.Range(0, plan.Loads.Length)
                    from r in Enumerable.Range(0, plan.Runs)
                    orderby patterns[l] descending
                    select (l, r)).ToArray();
        context.Progress.Start($"pattern sets (N = {plan.Dimension}; units: patterns stored)", work.Sum(u => (long)patterns[u.l]));
        var gate = new object();
        var options = new ParallelOptions { CancellationToken = context.Cancel, MaxDegreeOfParallelism = Environment.ProcessorCount };
        Parallel.ForEach(work, options, u =>
        {
            var seed = seeds[u.l][u.r];
            results[u.l][u.r] = (seed, MarginLoad.Trial(plan.Dimension, patterns[u.l], seed, plan.MaxSweeps, Tolerance, context.Cancel));
            lock (gate) context.Progress.Advance(patterns[u.l]);
        });
        return results;
    }

    private static LoadPoint Summarize(double load, (int Seed, MarginTrial Trial)[] runs) =>
        new(load, runs[0].Trial.Patterns,
            MarginLoad.Summarize([.. runs.Select(t => t.Trial.OneShotMargin)]),
            MarginLoad.Summarize([.. runs.Select(t => t.Trial.IterativeMargin)]),
            runs.Average(t => t.Trial.Sweeps),
            runs.Count(t => t.Trial.Converged) / (double)runs.Length);

    /// <summary>Gardner's optimum at M patterns, or NaN where M/N_φ &gt; 2 (no positive margin exists there).</summary>
    private static double Gardner(Plan plan, int patterns)
    {
        var perFeature = patterns / (double)MarginLoad.PairsFeatureCount(plan.Dimension);
        return perFeature <= 2 ? MarginLoad.GardnerMargin(perFeature) : double.NaN;
    }

    /// <summary>Cover's M_max ≈ 2 D_VC for (x·y)², CapacityBounds.VcPolynomial (KMN §3.2, App. A.1), as a load M/N².</summary>
    private static double CoverLoad(Plan plan) => Math.Exp(CapacityBounds.VcPolynomial(plan.Dimension, 2).Ln) / Square(plan.Dimension);

    /// <summary>KMN Eq. 29 (support-vector proliferation, CapacityBounds.SvProliferation) with N_φ features in place of N, as a load M/N².</summary>
    private static double ProliferationLoad(Plan plan) =>
        Math.Exp(CapacityBounds.SvProliferation(MarginLoad.PairsFeatureCount(plan.Dimension)).Ln) / Square(plan.Dimension);

    private static double Square(int n) => (double)n * n;

    private static DataTable MarginTable(Plan plan, LoadPoint[] points) => new("margin-vs-load",
        ["load_M_over_N2", "M", "runs", "one_shot_mean", "one_shot_sem", "iterative_mean", "iterative_sem", "iterative_mean_sweeps", "iterative_converged_fraction", "gardner_optimum"],
        [.. points.Select(p => (IReadOnlyList<object>)[p.Load, p.Patterns, p.OneShot.Samples, p.OneShot.Mean, p.OneShot.StandardError,
            p.Iterative.Mean, p.Iterative.StandardError, p.MeanSweeps, p.ConvergedFraction, Gardner(plan, p.Patterns)])]);

    private static DataTable CrossingTable(Plan plan, LoadCrossing? oneShot, LoadCrossing? iterative) => new("capacity-crossings",
        ["rule", "crossing_load_M_over_N2", "crossing_sem", "paper_load", "theory_load", "theory"],
        [
            ["one-shot (Eq. 49)", oneShot?.Load ?? double.NaN, oneShot?.StandardError ?? double.NaN, PaperOneShot, ProliferationLoad(plan), "KMN Eq. 29 with N_phi for N"],
            ["Adatron", iterative?.Load ?? double.NaN, iterative?.StandardError ?? double.NaN, PaperIterative, CoverLoad(plan), "2 D_VC (KMN 3.2, App. A.1)"],
        ]);

    private static DataTable TrialTable(Plan plan, (int Seed, MarginTrial Trial)[][] trials) => new("trials",
        ["load_M_over_N2", "run", "seed", "M", "one_shot_margin", "iterative_margin", "iterative_sweeps", "iterative_converged"],
        [.. trials.SelectMany((runs, l) => runs.Select((t, r) => (IReadOnlyList<object>)[plan.Loads[l], r, t.Seed, t.Trial.Patterns,
            t.Trial.OneShotMargin, t.Trial.IterativeMargin, t.Trial.Sweeps, t.Trial.Converged ? 1 : 0]))]);

    private static Chart MarginChart(Plan plan, LoadPoint[] points)
    {
        double[] x = [.. points.Select(p => p.Load)];
        var gardner = points.Select(p => (p.Load, Kappa: Gardner(plan, p.Patterns))).Where(g => !double.IsNaN(g.Kappa)).ToArray();
        return new Chart("margin-vs-load",
            $"KMN Fig. C.1: one neuron on φ_pairs, N = {plan.Dimension} (mean ± s.e., {plan.Runs} pattern sets per load)",
            "load M/N²", "margin γ (Eq. 50)",
            [
                new Series("one-shot rule (Eq. 49)", x, [.. points.Select(p => p.OneShot.Mean)], SeriesStyle.LineWithMarkers, [.. points.Select(p => p.OneShot.StandardError)]),
                new Series($"Adatron (≤ {plan.MaxSweeps} sweeps)", x, [.. points.Select(p => p.Iterative.Mean)], SeriesStyle.LineWithMarkers, [.. points.Select(p => p.Iterative.StandardError)]),
                new Series("Gardner's optimum (1/α = ∫ Dt (t + κ)²)", [.. gardner.Select(g => g.Load)], [.. gardner.Select(g => g.Kappa)], SeriesStyle.Line),
                new Series("γ = 0", [x[0], x[^1]], [0.0, 0.0], SeriesStyle.Line),
            ],
            LogX: true);
    }

    private static string Show(double x) => x.ToString("0.###", CultureInfo.InvariantCulture);

    private static string Show(LoadCrossing? c) => c is { } v
        ? $"{v.Load.ToString("0.###", CultureInfo.InvariantCulture)} ± {v.StandardError.ToString("0.###", CultureInfo.InvariantCulture)} N²"
        : "no crossing in the loads run";

    private static Report MakeReport(Plan plan, FigureContext context, LoadPoint[] points, LoadCrossing? oneShot, LoadCrossing? iterative, double seconds)
    {
        var features = MarginLoad.PairsFeatureCount(plan.Dimension);
        var cover = CoverLoad(plan);
        var proliferation = ProliferationLoad(plan);
        var paperProliferation = ProliferationLoad(plan with { Dimension = 100 });
        var ratio = oneShot is { } o && iterative is { } i ? i.Load / o.Load : double.NaN;
        var converged = points.Where(p => p.ConvergedFraction == 1 && p.Patterns <= 2 * features).ToArray();
        var gardnerGap = converged.Length == 0 ? double.NaN
            : converged.Max(p => Math.Abs(p.Iterative.Mean / Gardner(plan, p.Patterns) - 1));
        var summary =
            $"{(context.Quick ? "Quick" : "Full")} run: one neuron with N = {plan.Dimension} inputs and the N_φ = {features} pair features, " +
            $"{plan.Loads.Length} loads M/N² from {Show(plan.Loads[0])} to {Show(plan.Loads[^1])}, {plan.Runs} independent pattern sets per load " +
            $"(random ±1 inputs and labels; the same sets for both rules), seed {context.Seed}, {seconds:0.0} s on {Environment.ProcessorCount} cores. " +
            $"Margins are mean ± standard error over the pattern sets. The iterative rule is the Adatron with at most {plan.MaxSweeps} sweeps " +
            $"(KKT tolerance {Tolerance}). The one-shot margin crosses 0 at {Show(oneShot)}, the Adatron's at {Show(iterative)} " +
            $"(linear interpolation between the bracketing loads; ± its propagated standard error).";
        Comparison[] comparisons =
        [
            new("capacity of the iterative rule (γ = 0 crossing, load M/N²)",
                $"~{Show(PaperIterative)} N² (stochastic batch perceptron, 20M iterations, N = 100; App. C)",
                $"{Show(iterative)} (Adatron, ≤ {plan.MaxSweeps} sweeps, N = {plan.Dimension})",
                iterative is { } it && it.Load >= PaperIterative / 1.5 && it.Load <= PaperIterative * 1.5),
            new("capacity of the one-shot rule (γ = 0 crossing, load M/N²)",
                $"~{Show(PaperOneShot)} N² (modern Hopfield rule, N = 100; App. C)",
                $"{Show(oneShot)} (N = {plan.Dimension})",
                oneShot is { } os && os.Load >= PaperOneShot / 1.5 && os.Load <= PaperOneShot * 1.5),
            new("iterative over one-shot capacity",
                "\"more than an order of magnitude higher\" (App. C)",
                double.IsNaN(ratio) ? "undefined (a curve did not cross 0)" : $"{ratio:0.0}×",
                ratio >= 10),
            new("one-shot capacity against theory",
                $"one-shot rules store O(N/(2 log N)) while every pattern is a support vector (§3.4; App. A.2, Eq. 29); with N_φ = {features} for N: {Show(proliferation)} N²",
                Show(oneShot),
                oneShot is { } os2 && os2.Load >= proliferation / 1.5 && os2.Load <= proliferation * 1.5),
            new("iterative capacity against theory",
                $"a linear classifier stores M_max ≈ 2 D_VC (§3.2, App. A.1; D_VC for (x·y)², which also counts the constant): {Show(cover)} N²",
                Show(iterative),
                iterative is { } it2 && it2.Load - 2 * it2.StandardError <= cover),
            new("iterative margin against Gardner's optimum",
                "the iterative rule \"achieves a margin close to the theoretical optimum derived by Gardner\" (App. C)",
                converged.Length == 0 ? "the Adatron converged at no load"
                    : $"within {100 * gardnerGap:0.0}% of Gardner's κ at the {converged.Length} loads where every run converged (up to M/N² = {Show(converged[^1].Load)})",
                gardnerGap <= 0.1),
        ];
        string[] notes =
        [
            $"Iterative rule: the Adatron (exact coordinate ascent on the bias-free hard-margin dual, KMN refs 3 and 19) in feature form, not the stochastic batch perceptron of Fig. C.1. Both approach the maximal margin; the Adatron's KKT stopping test tells when it got there. With a finite budget neither reaches the optimum near capacity: the fraction of converged runs per load is in margin-vs-load.csv, and the crossing depends on the budget ({plan.MaxSweeps} sweeps here, 20M single-pattern iterations with learning rate 1e-5 in the paper), which is why the Adatron's crossing here and the perceptron's 0.7 N² in the paper both sit below Cover's 2 N_φ.",
            plan.Dimension == 100 ? "N = 100 as in the paper."
                : $"N = {plan.Dimension} instead of the paper's 100: a sweep costs O(M N_φ) and near capacity M ≈ N², so N = 100 would take about {Math.Pow(100.0 / plan.Dimension, 4):0}× this run's time. The loads are M/N² as in the paper, and the theoretical capacities in those units barely depend on N (2 N_φ/N² = (N − 1)/N), but the one-shot capacity falls slowly with N (Eq. 29 in feature space gives {Show(proliferation)} N² at N = {plan.Dimension} and {Show(paperProliferation)} N² at N = 100).",
            $"Runs: {plan.Runs} pattern sets per load (the paper: 20).",
            "Only φ_pairs: Fig. C.1 also shows the one-shot rule on φ_poly2 (the kernel (x·y)²), which is not run here.",
            "Below 0 the margins are plotted too (the paper compares positive margins only): a negative γ means some pattern is not recalled.",
            "The crossing's ± is the first-order propagation of the two bracketing points' standard errors through the linear interpolation; it does not include the error of interpolating linearly between grid points.",
            "Gardner's curve is the replica-symmetric optimum for independent random ±1 patterns in N_φ dimensions; pair features of random inputs are uncorrelated but not independent, and N_φ is finite, so small differences are expected.",
        ];
        return new Report(summary, comparisons, notes);
    }
}
