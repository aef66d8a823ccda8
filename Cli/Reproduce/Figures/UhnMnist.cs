using System.Diagnostics;
using System.Globalization;

namespace AssociativeKernels.Cli.Reproduce;

/// <summary>
/// SPEC E5, <c>uhn-mnist</c>: the image-retrieval experiments of the universal Hopfield network (Millidge et
/// al. 2022, §4 and App. E; Figs. 2–4, App. B Fig. 6, App. H Fig. 14) on real MNIST. Setup as §4 and App. E
/// describe it: pixels in [0, 1]; stored images are queried after a perturbation (masked pixels set to 0, top
/// rows first; Gaussian noise clipped back to [0, 1]); scores normalized to sum to 1 with distances as
/// normalized reciprocals, separated scores normalized to sum to 1 (<see cref="UniversalHopfieldOptions.AppendixE"/>);
/// a retrieval is correct when the sum of squared pixel errors is below 50 (<see cref="RetrievalCriterion"/>).
/// Each point is the fraction of correct retrievals, mean ± standard deviation over independent memory sets
/// (10 in the full run, as in the paper). Every query of a point is the same perturbed image for every curve
/// of a panel, so curves are compared on identical queries.
/// </summary>
internal sealed class UhnMnist : IFigure
{
    /// <inheritdoc/>
    public string Id => "uhn-mnist";

    /// <inheritdoc/>
    public string Spec => "E5";

    /// <inheritdoc/>
    public string Title => "UHN Figs. 2–4 and App. H on MNIST: retrieval against stored images, noise and masking, per similarity and separation";

    /// <summary>The number of stored images of the noise and masking panels (UHN Fig. 4: "a memory of 100 images").</summary>
    internal const int FixedCount = 100;

    /// <summary>The softmax β of UHN Fig. 2's caption.</summary>
    internal const double PaperBeta = 100;

    /// <summary>The noise variance of the auto/hetero comparison (UHN App. B, Fig. 6: "Gaussian noise of variance 0.5").</summary>
    internal const double HeteroNoise = 0.5;

    /// <summary>The number of stored images of App. H's masked-fraction panels (the authors' code, run_additional_perturbation_experiments: N = 300).</summary>
    internal const int AppendixHCount = 300;

    /// <summary>The masked fraction of App. H's capacity-style panels (fraction correct against stored images).</summary>
    internal const double AppendixHFraction = 0.5;

    /// <summary>The softmax β the authors' code passes to its separation experiment (plotting.py, sep_param = 1000), applied to the normalized scores.</summary>
    internal const double AuthorsSeparationBeta = 1000;

    /// <summary>The sizes of a run.</summary>
    /// <param name="Part">Which part of MNIST the memory sets are drawn from.</param>
    /// <param name="Sets">Independent memory sets per point.</param>
    /// <param name="Counts">Numbers of stored images of the capacity panels.</param>
    /// <param name="Variances">Noise variances σ².</param>
    /// <param name="Fractions">Masked fractions.</param>
    /// <param name="MaxQueries">Queries per memory set and point: the first stored images of the (random) set, at most this many.</param>
    /// <param name="AppendixHFractions">Masked fractions of App. H's panels (the authors' code: 0.1 to 0.7).</param>
    internal sealed record Plan(MnistPart Part, int Sets, int[] Counts, double[] Variances, double[] Fractions, int MaxQueries, double[] AppendixHFractions);

    /// <summary>The full run (the paper's 10 memory sets) and the CI-sized one (which the fixture's 500 test images can feed).</summary>
    internal static Plan PlanFor(bool quick) => quick
        ? new(MnistPart.Test, 3, [10, 50, 100, 200], [0.1, 0.5, 1.0], [0.25, 0.5, 0.75], 50, [0.3, 0.5, 0.7])
        : new(MnistPart.Training, 10, [10, 20, 50, 100, 200, 500, 1000], [0, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1.0],
              [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9], 200, [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7]);

    /// <summary>How a curve associates: auto, or hetero with the bottom half as the output and either the whole image (UHN App. B Fig. 6 and the authors' code) or its top half (Fig. 5) as the key.</summary>
    internal enum Association
    {
        /// <summary>P = M: the whole image is stored, queried and retrieved.</summary>
        Auto,
        /// <summary>Keys are the whole images, the projection their bottom halves; the query is the whole perturbed image (Fig. 6: "given a corrupted image, ... retrieve only the bottom half").</summary>
        HeteroWholeToBottom,
        /// <summary>Keys are the top halves, the projection the bottom halves; the query is the perturbed image's top half (Fig. 5's setting).</summary>
        HeteroTopToBottom,
    }

    /// <summary>One curve: a network configuration and how it associates.</summary>
    private sealed record Curve(string Label, UniversalHopfieldOptions Options, Association Association = Association.Auto);

    /// <summary>One panel: the x values, how many images are stored at each, how a query is perturbed, and the curves.</summary>
    private sealed record Panel(string Name, string Title, string XLabel, double[] X, Func<double, int> CountAt,
        Func<double[], double, Random, double[]> Perturb, IReadOnlyList<Curve> Curves, bool LogX = false);

    /// <summary>A panel's result: per curve and x, the fraction correct of each memory set.</summary>
    private sealed record PanelResult(Panel Panel, double[][][] Fractions, int Unscorable)
    {
        internal (double Mean, double Sd) At(string label, double x)
        {
            var c = Panel.Curves.Select((curve, i) => (curve, i)).First(p => p.curve.Label == label).i;
            return MeanSd(Fractions[c][Array.IndexOf(Panel.X, x)]);
        }
    }

    private static readonly (string Name, SimilarityFunction Function)[] Similarities =
    [
        ("dot", SimilarityFunction.Dot), ("normalized dot", SimilarityFunction.NormalizedDot),
        ("Euclidean", SimilarityFunction.Euclidean), ("Manhattan", SimilarityFunction.Manhattan),
        ("KL", SimilarityFunction.KullbackLeibler), ("reverse KL", SimilarityFunction.ReverseKullbackLeibler),
        ("JS", SimilarityFunction.JensenShannon),
    ];

    /// <summary>App. E's options with the authors' log smoothing ε = 1e-4 of the KL-type similarities (the others ignore it), so a zero pixel costs a finite amount as in their code.</summary>
    private static UniversalHopfieldOptions AppendixE(SimilarityFunction s, SeparationFunction f) =>
        UniversalHopfieldOptions.AppendixE(s, f) with { DivergenceSmoothing = UniversalHopfieldOptions.AuthorsDivergenceSmoothing };

    private static UniversalHopfieldOptions Max(SimilarityFunction s) => AppendixE(s, SeparationFunction.Max);

    private static UniversalHopfieldOptions Softmax(SimilarityFunction s, double beta) => AppendixE(s, SeparationFunction.Softmax) with { Beta = beta };

    /// <summary>App. H inpainting as the authors' code does it: a frame ⌊28·f/2⌋ pixels wide masked on every side.</summary>
    private static double[] Inpaint(double[] image, double fraction) => ImagePerturbations.MaskEdges(image, 28, 28, ImagePerturbations.EdgeWidth(28, fraction));

    private static double[] MaskTopHalf(double[] image, double _, Random __) => ImagePerturbations.MaskTop(image, 0.5);

    private static IReadOnlyList<Panel> Panels(Plan plan)
    {
        var counts = plan.Counts.Select(k => (double)k).ToArray();
        int Count(double x) => (int)x;
        int Fixed(double _) => FixedCount;
        int FixedH(double _) => AppendixHCount;
        var bySimilarity = Similarities.Select(s => new Curve(s.Name, Max(s.Function))).ToArray();
        var main = Similarities.Where(s => s.Function is SimilarityFunction.Dot or SimilarityFunction.NormalizedDot
            or SimilarityFunction.Euclidean or SimilarityFunction.Manhattan).ToArray();
        var normalizedDot = SimilarityFunction.NormalizedDot;
        Curve Sep(string label, SeparationFunction f, double beta = 1, int degree = 2) =>
            new(label, AppendixE(normalizedDot, f) with { Beta = beta, Degree = degree });
        var appendixH = main.Select(s => new Curve(s.Name, Max(s.Function))).ToArray();
        return
        [
            new("fig2-capacity-similarity", "UHN Fig. 2 (MNIST): top half masked, App. E scores, max separation",
                "stored images", counts, Count, MaskTopHalf, bySimilarity, LogX: true),
            new("fig2-capacity-similarity-softmax100", $"UHN Fig. 2 (MNIST): top half masked, App. E scores, softmax β = {PaperBeta}",
                "stored images", counts, Count, MaskTopHalf,
                Similarities.Select(s => new Curve(s.Name, Softmax(s.Function, PaperBeta))).ToArray(), LogX: true),
            new("fig3-capacity-separation", "UHN Fig. 3 (MNIST): normalized dot similarity, top half masked, per separation",
                "stored images", counts, Count, MaskTopHalf,
                [Sep("identity", SeparationFunction.Identity), Sep("square", SeparationFunction.Square),
                 Sep("polynomial n = 3", SeparationFunction.Polynomial, degree: 3), Sep("polynomial n = 10", SeparationFunction.Polynomial, degree: 10),
                 Sep("softmax β = 1", SeparationFunction.Softmax, beta: 1),
                 Sep($"softmax β = {AuthorsSeparationBeta} (authors' code)", SeparationFunction.Softmax, beta: AuthorsSeparationBeta),
                 Sep("max", SeparationFunction.Max)], LogX: true),
            new("fig4-noise", $"UHN Fig. 4 top (MNIST): Gaussian noise, {FixedCount} stored images, max separation",
                "noise variance σ²", plan.Variances, Fixed, (x, v, rng) => ImagePerturbations.AddGaussianNoise(x, v, rng), bySimilarity),
            new("fig4-mask-top", $"UHN Fig. 4 bottom (MNIST): top fraction masked, {FixedCount} stored images, max separation",
                "fraction masked (top rows first)", plan.Fractions, Fixed, (x, f, _) => ImagePerturbations.MaskTop(x, f), bySimilarity),
            new("figH-mask-random", $"UHN App. H Fig. 14 (MNIST): random masking, {AppendixHCount} stored images, max separation",
                "fraction masked (random pixels)", plan.AppendixHFractions, FixedH, (x, f, rng) => ImagePerturbations.MaskRandom(x, f, rng), appendixH),
            new("figH-inpainting", $"UHN App. H Fig. 14 (MNIST): inpainting (frame of ⌊28f/2⌋ px masked), {AppendixHCount} stored images, max separation",
                "fraction f (frame width ⌊28f/2⌋ px, as the authors' code)", plan.AppendixHFractions, FixedH, (x, f, _) => Inpaint(x, f), appendixH),
            new("figH-mask-random-capacity", $"UHN App. H (MNIST): random masking {AppendixHFraction}, against stored images, max separation",
                "stored images", counts, Count, (x, _, rng) => ImagePerturbations.MaskRandom(x, AppendixHFraction, rng), appendixH, LogX: true),
            new("figH-inpainting-capacity", $"UHN App. H (MNIST): inpainting f = {AppendixHFraction} (frame of {ImagePerturbations.EdgeWidth(28, AppendixHFraction)} px), against stored images, max separation",
                "stored images", counts, Count, (x, _, _) => Inpaint(x, AppendixHFraction), appendixH, LogX: true),
            new("figB-auto-hetero", $"UHN App. B Fig. 6 (MNIST): auto vs hetero (→ bottom half), noise σ² = {HeteroNoise}, max separation",
                "stored images", counts, Count, (x, _, rng) => ImagePerturbations.AddGaussianNoise(x, HeteroNoise, rng),
                main.SelectMany(s => new[]
                {
                    new Curve($"{s.Name} auto", Max(s.Function)),
                    new Curve($"{s.Name} hetero whole → bottom", Max(s.Function), Association.HeteroWholeToBottom),
                    new Curve($"{s.Name} hetero top → bottom", Max(s.Function), Association.HeteroTopToBottom),
                }).ToArray(),
                LogX: true),
        ];
    }

    /// <inheritdoc/>
    public FigureOutput Run(FigureContext context) => Run(context, PlanFor(context.Quick));

    /// <summary>Runs the experiment with the given sizes (the full and quick plans come from <see cref="PlanFor"/>).</summary>
    internal FigureOutput Run(FigureContext context, Plan plan)
    {
        var clock = Stopwatch.StartNew();
        var directory = context.RequireMnist(Id);
        var pool = MnistData.Load(directory, plan.Part);
        if (pool.Rows != 28 || pool.Columns != 28)
            throw new InvalidDataException($"uhn-mnist expects 28 × 28 MNIST images in {directory}, found {pool.Rows} × {pool.Columns}.");
        var largest = new[] { plan.Counts.Max(), FixedCount, AppendixHCount }.Max();
        if (pool.Count < largest)
            throw new InvalidDataException(
                $"uhn-mnist{(context.Quick ? " --quick" : "")} draws memory sets of up to {largest} images from the MNIST {plan.Part.ToString().ToLowerInvariant()} images in {directory}, but it holds only {pool.Count}.");

        var sets = DrawMemorySets(pool, plan.Sets, largest, context.Seed);
        var panels = Panels(plan);
        long units = panels.Sum(p => (long)p.X.Length * p.Curves.Count) * plan.Sets;
        context.Progress.Start("uhn-mnist: retrievals", units);
        var results = panels.Select((p, i) => RunPanel(p, i, sets, plan, context)).ToArray();
        var chance = sets.Select(s => MeanImagePasses(s, FixedCount)).ToArray();
        clock.Stop();

        var tables = results.Select(ToTable).ToList();
        var charts = results.Select(ToChart).ToList();
        return new FigureOutput(tables, charts, BuildReport(results, plan, context, pool.Count, chance, clock.Elapsed));
    }

    /// <summary>The memory sets: for each set, <paramref name="size"/> distinct images drawn uniformly without replacement (partial Fisher–Yates); a set of K images is the first K of them.</summary>
    private static double[][][] DrawMemorySets(MnistImages pool, int count, int size, int seed)
    {
        var sets = new double[count][][];
        for (var s = 0; s < count; s++)
        {
            var rng = new Random(Stream(seed, 0, s, 0));
            var order = Enumerable.Range(0, pool.Count).ToArray();
            for (var i = 0; i < size; i++)
            {
                var j = rng.Next(i, order.Length);
                (order[i], order[j]) = (order[j], order[i]);
            }
            sets[s] = order.Take(size).Select(pool.Image).ToArray();
        }
        return sets;
    }

    /// <summary>A seed for one stream of draws (memory sets, or one panel's queries at one set and x), mixed from the run's seed so streams do not overlap.</summary>
    private static int Stream(int seed, int panel, int set, int point) =>
        unchecked((((seed * 1_000_003) + panel) * 1_009 + set) * 1_013 + point);

    private PanelResult RunPanel(Panel panel, int index, double[][][] sets, Plan plan, FigureContext context)
    {
        var fractions = panel.Curves.Select(_ => panel.X.Select(_ => new double[sets.Length]).ToArray()).ToArray();
        var unscorable = 0;
        for (var s = 0; s < sets.Length; s++)
        {
            for (var p = 0; p < panel.X.Length; p++)
            {
                var k = panel.CountAt(panel.X[p]);
                var stored = sets[s].AsSpan(0, k).ToArray();
                var queryCount = Math.Min(k, plan.MaxQueries);
                // The perturbed queries are drawn once, in order, and shared by every curve of the panel.
                var rng = new Random(Stream(context.Seed, index + 1, s, p));
                var queries = new double[queryCount][];
                for (var q = 0; q < queryCount; q++) queries[q] = panel.Perturb(stored[q], panel.X[p], rng);
                for (var c = 0; c < panel.Curves.Count; c++)
                {
                    context.Cancel.ThrowIfCancellationRequested();
                    (fractions[c][p][s], var missed) = FractionCorrect(panel.Curves[c], stored, queries, context.Cancel);
                    unscorable += missed;
                    context.Progress.Advance();
                }
            }
        }
        return new PanelResult(panel, fractions, unscorable);
    }

    /// <summary>
    /// The fraction of queries whose retrieval is correct (UHN App. E: Σ(z − z*)² &lt; 50), and how many queries the
    /// similarity could not score. Query q is a perturbed copy of stored image q; hetero curves project onto the
    /// bottom halves and are scored on the bottom half alone, their keys being the whole images (queried with the
    /// whole perturbed image) or the top halves (queried with its top half). A query that App. E's
    /// normalization cannot score — for dot, normalized dot and the KL family a query whose scores sum to 0, as
    /// when masking leaves no ink that overlaps a stored image's — retrieves nothing and counts as incorrect.
    /// </summary>
    private static (double Fraction, int Unscorable) FractionCorrect(Curve curve, double[][] stored, double[][] queries, CancellationToken cancel)
    {
        var n = stored[0].Length;
        var half = n / 2;
        UniversalHopfieldNetwork net = curve.Association switch
        {
            Association.HeteroWholeToBottom => UniversalHopfieldNetwork.CreateHetero(Matrix(stored, 0, n), Matrix(stored, half, n - half), curve.Options),
            Association.HeteroTopToBottom => UniversalHopfieldNetwork.CreateHetero(Matrix(stored, 0, half), Matrix(stored, half, n - half), curve.Options),
            _ => UniversalHopfieldNetwork.Create(Matrix(stored, 0, n), curve.Options),
        };
        var topKey = curve.Association == Association.HeteroTopToBottom;
        var hetero = curve.Association != Association.Auto;
        var distance = curve.Options.Similarity is SimilarityFunction.Euclidean or SimilarityFunction.Manhattan;
        int correct = 0, unscorable = 0;
        Parallel.For(0, queries.Length, new ParallelOptions { CancellationToken = cancel }, q =>
        {
            double[] retrieved;
            try
            {
                retrieved = topKey ? net.Retrieve(queries[q].AsSpan(0, half)) : net.Retrieve(queries[q]);
            }
            catch (ArgumentException) when (!distance)
            {
                Interlocked.Increment(ref unscorable);
                return;
            }
            var target = hetero ? stored[q].AsSpan(half) : stored[q];
            if (RetrievalCriterion.IsCorrect(retrieved, target)) Interlocked.Increment(ref correct);
        });
        return ((double)correct / queries.Length, unscorable);
    }

    /// <summary>Columns [start, start + length) of the rows, as a matrix (patterns are rows).</summary>
    private static double[,] Matrix(double[][] rows, int start, int length)
    {
        var m = new double[rows.Length, length];
        for (var i = 0; i < rows.Length; i++)
        {
            for (var j = 0; j < length; j++) m[i, j] = rows[i][start + j];
        }
        return m;
    }

    /// <summary>The fraction of the first <paramref name="k"/> images of a set that the criterion accepts when the retrieval is just their mean image — the level a retrieval that blends all memories reaches.</summary>
    private static double MeanImagePasses(double[][] set, int k)
    {
        var mean = new double[set[0].Length];
        for (var i = 0; i < k; i++)
        {
            for (var j = 0; j < mean.Length; j++) mean[j] += set[i][j] / k;
        }
        return (double)set.Take(k).Count(x => RetrievalCriterion.IsCorrect(mean, x)) / k;
    }

    /// <summary>Mean and sample standard deviation (n − 1; 0 for one value).</summary>
    internal static (double Mean, double Sd) MeanSd(IReadOnlyList<double> values)
    {
        var mean = values.Average();
        var ss = values.Sum(v => (v - mean) * (v - mean));
        return (mean, values.Count > 1 ? Math.Sqrt(ss / (values.Count - 1)) : 0);
    }

    private static DataTable ToTable(PanelResult r)
    {
        var rows = new List<IReadOnlyList<object>>();
        for (var c = 0; c < r.Panel.Curves.Count; c++)
        {
            for (var p = 0; p < r.Panel.X.Length; p++)
            {
                var (mean, sd) = MeanSd(r.Fractions[c][p]);
                rows.Add([r.Panel.Curves[c].Label, r.Panel.X[p], r.Panel.CountAt(r.Panel.X[p]), mean, sd, r.Fractions[c][p].Length]);
            }
        }
        return new DataTable(r.Panel.Name, ["curve", "x", "stored_images", "fraction_correct_mean", "fraction_correct_sd", "memory_sets"], rows);
    }

    private static Chart ToChart(PanelResult r)
    {
        var series = r.Panel.Curves.Select((curve, c) =>
        {
            var stats = r.Fractions[c].Select(MeanSd).ToArray();
            return new Series($"{curve.Label} (mean ± s.d.)", r.Panel.X, stats.Select(t => t.Mean).ToArray(), SeriesStyle.LineWithMarkers,
                stats.Select(t => t.Sd).ToArray());
        }).ToList();
        return new Chart(r.Panel.Name, r.Panel.Title, r.Panel.XLabel, "fraction correct", series, LogX: r.Panel.LogX);
    }

    private static string F(double x) => x.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Ms((double Mean, double Sd) t) => $"{F(t.Mean)} ± {F(t.Sd)}";

    /// <summary>The paper's claims beside ours, and the notes on where the setup differs.</summary>
    private static Report BuildReport(PanelResult[] results, Plan plan, FigureContext context, int poolSize, double[] chance, TimeSpan elapsed)
    {
        PanelResult R(string name) => results.First(r => r.Panel.Name == name);
        var fig2 = R("fig2-capacity-similarity");
        var fig2Soft = R("fig2-capacity-similarity-softmax100");
        var fig3 = R("fig3-capacity-separation");
        var noise = R("fig4-noise");
        var top = R("fig4-mask-top");
        var random = R("figH-mask-random");
        var inpaint = R("figH-inpainting");
        var hetero = R("figB-auto-hetero");
        var randomCapacity = R("figH-mask-random-capacity");
        var inpaintCapacity = R("figH-inpainting-capacity");
        double k = FixedCount, kMax = plan.Counts.Max(), hMax = plan.AppendixHFractions.Max();
        var frame = ImagePerturbations.EdgeWidth(28, AppendixHFraction);
        string[] rivals = ["Euclidean", "dot", "normalized dot"];
        string List(PanelResult r, double x, IEnumerable<string> labels) => string.Join("; ", labels.Select(l => $"{l} {Ms(r.At(l, x))}"));
        bool AtLeast(PanelResult r, double x, string winner, IEnumerable<string> others) =>
            others.All(o => r.At(winner, x).Mean >= r.At(o, x).Mean);

        var comparisons = new List<Comparison>
        {
            new($"{FixedCount} stored images, top half masked (App. E scores, max separation)",
                "Manhattan is the best similarity on MNIST, roughly equal to Euclidean and dot (Fig. 2, §5.1); the issue: at least as good as Euclidean, dot and normalized dot",
                List(fig2, k, ["Manhattan", .. rivals]), AtLeast(fig2, k, "Manhattan", rivals)),
            new($"The same with softmax β = {PaperBeta} on App. E's scores (Fig. 2's caption taken literally)",
                "as above (the caption's β; the authors' code runs this experiment with max, and its softmax also acts on the normalized scores)",
                List(fig2Soft, k, ["Manhattan", .. rivals]), AtLeast(fig2Soft, k, "Manhattan", rivals)),
            new($"KL, reverse KL and JS (log smoothing ε = {UniversalHopfieldOptions.AuthorsDivergenceSmoothing:0e0}, as the authors' code) against Manhattan, Euclidean and dot at {FixedCount} stored images (Fig. 2)",
                "KL, JS and reverse KL perform substantially worse than Euclidean, dot and Manhattan (§5.1)",
                List(fig2, k, ["KL", "reverse KL", "JS"]),
                new[] { "KL", "reverse KL", "JS" }.Max(l => fig2.At(l, k).Mean) < new[] { "Manhattan", "Euclidean", "dot" }.Min(l => fig2.At(l, k).Mean)),
            new($"The same under Gaussian noise σ² = {HeteroNoise} instead of masking ({FixedCount} stored images, Fig. 4 top; the authors' code perturbs Fig. 2's queries with noise)",
                "as above",
                List(noise, HeteroNoise, ["KL", "reverse KL", "JS", "Manhattan", "Euclidean", "normalized dot"]),
                new[] { "KL", "reverse KL", "JS" }.Max(l => noise.At(l, HeteroNoise).Mean) < new[] { "Manhattan", "Euclidean", "normalized dot" }.Min(l => noise.At(l, HeteroNoise).Mean)),
            new($"Separations at {kMax} stored images (normalized dot, Fig. 3)",
                "max, softmax and the 10th-order polynomial keep their capacity; identity and square decline rapidly (§5.2; softmax at β = 1 is weak)",
                List(fig3, kMax, ["max", "polynomial n = 10", "polynomial n = 3", "square", "identity", "softmax β = 1", $"softmax β = {AuthorsSeparationBeta} (authors' code)"]),
                Math.Min(fig3.At("max", kMax).Mean, fig3.At("polynomial n = 10", kMax).Mean) > Math.Max(fig3.At("identity", kMax).Mean, fig3.At("square", kMax).Mean)),
            new($"Gaussian noise σ² = {plan.Variances.Max()} ({FixedCount} stored images, Fig. 4 top)",
                "dot-product similarities stay robust up to very high noise (§5.3)",
                List(noise, plan.Variances.Max(), ["dot", "normalized dot", "Manhattan", "Euclidean"]),
                Math.Max(noise.At("dot", plan.Variances.Max()).Mean, noise.At("normalized dot", plan.Variances.Max()).Mean) >= noise.At("Manhattan", plan.Variances.Max()).Mean),
            new($"Top masking, fraction {plan.Fractions.Where(f => f > 0).Min()} ({FixedCount} stored images, Fig. 4 bottom)",
                "Manhattan performs better under masking, at least for small fractions (§5.3)",
                List(top, plan.Fractions.Where(f => f > 0).Min(), ["Manhattan", .. rivals]), AtLeast(top, plan.Fractions.Where(f => f > 0).Min(), "Manhattan", rivals)),
            new($"Random masking, fraction {hMax} ({AppendixHCount} stored images, App. H Fig. 14)",
                "the dot product is significantly more robust than Manhattan under random masking (App. H)",
                List(random, hMax, ["dot", "normalized dot", "Manhattan", "Euclidean"]),
                Math.Max(random.At("dot", hMax).Mean, random.At("normalized dot", hMax).Mean) >= random.At("Manhattan", hMax).Mean),
            new($"Random masking {AppendixHFraction} at {kMax} stored images (App. H, capacity-style)",
                "the dot product is more robust at high capacity under random masking (App. H)",
                List(randomCapacity, kMax, ["dot", "normalized dot", "Manhattan", "Euclidean"]),
                Math.Max(randomCapacity.At("dot", kMax).Mean, randomCapacity.At("normalized dot", kMax).Mean) >= randomCapacity.At("Manhattan", kMax).Mean),
            new($"Inpainting, f = {AppendixHFraction} (frame of {frame} px, {AppendixHCount} stored images, App. H Fig. 14)",
                "inpainting follows the usual pattern: Manhattan best among the three main similarities (App. H)",
                List(inpaint, AppendixHFraction, ["Manhattan", "Euclidean", "normalized dot", "dot"]), AtLeast(inpaint, AppendixHFraction, "Manhattan", ["Euclidean", "normalized dot"])),
            new($"Inpainting f = {AppendixHFraction} at {kMax} stored images (App. H, capacity-style)",
                "as above",
                List(inpaintCapacity, kMax, ["Manhattan", "Euclidean", "normalized dot", "dot"]), AtLeast(inpaintCapacity, kMax, "Manhattan", ["Euclidean", "normalized dot"])),
        };
        var gaps = Gaps(hetero, "whole → bottom").ToArray();
        var topGaps = Gaps(hetero, "top → bottom").ToArray();
        comparisons.Add(new($"Auto vs hetero (whole noisy image → bottom half, as Fig. 6 and the authors' code), σ² = {HeteroNoise}, largest gap over the stored-image counts",
            "auto- and hetero-associative capacities are nearly identical for a strong separation (App. B, Fig. 6)",
            string.Join("; ", gaps.Select(g => $"{g.Name} {F(g.Gap)} at {g.K} stored")) +
            $" (keys = top halves instead: {string.Join("; ", topGaps.Select(g => $"{g.Name} {F(g.Gap)} at {g.K}"))})",
            gaps.All(g => g.Gap <= 0.1)));

        var c = MeanSd(chance);
        var summary =
            $"Fraction of correct retrievals (Σ(z − z*)² < {RetrievalCriterion.UhnThreshold}) of the universal Hopfield network on MNIST, " +
            $"mean ± standard deviation over {plan.Sets} memory sets drawn from the {poolSize} MNIST {plan.Part.ToString().ToLowerInvariant()} images " +
            $"({(context.Quick ? "quick run" : "full run")}, seed {context.Seed}, {elapsed.TotalSeconds:0} s). Stored images per capacity point: " +
            $"{string.Join(", ", plan.Counts)}; the noise and masking panels of Fig. 4 store {FixedCount}, App. H's masked-fraction panels {AppendixHCount}. " +
            $"Each point queries the first min(K, {plan.MaxQueries}) images of its (random) memory set, perturbed. Pixels in [0, 1]; App. E normalization " +
            "(scores sum to 1, distances as normalized reciprocals, separated scores sum to 1); KL-type divergences with the authors' log smoothing " +
            $"ε = {UniversalHopfieldOptions.AuthorsDivergenceSmoothing:0e0}; separation max (the β → ∞ limit of the softmax, and the default of the authors' code) unless a panel says otherwise.";

        var notes = new List<string>
        {
            $"Criterion floor: the mean of the {FixedCount} stored images already passes the paper's threshold of 50 for {Ms(c)} of them " +
            "(MNIST digits have few bright pixels, so a blurred average is within 50 of many). A fraction correct near that level means the network returns a blend, not a memory.",
            "The authors' published code (github.com/BerenMillidge/Theory_Associative_Memory, functions.py and plotting.py; read, not copied) settles several points the text leaves open, " +
            "and the notes below say where we follow it.",
            $"Separation: the authors' code applies its softmax to the App. E-normalized scores, as we do (the β it multiplies the raw similarity by cancels in the normalization), " +
            $"and its similarity, noise, masking and App. H experiments use the max separation (its default); only the separation experiment passes a softmax β (= {AuthorsSeparationBeta}). " +
            $"Fig. 2's caption says softmax β = {PaperBeta}; on scores that sum to 1 the gaps are O(1/K) and β·gap is O(1) at K = 100, so that softmax is nearly a uniform blend: " +
            $"taken literally (panel fig2-capacity-similarity-softmax100) Manhattan gets {Ms(fig2Soft.At("Manhattan", k))} and dot {Ms(fig2Soft.At("dot", k))} at K = {FixedCount}, near the floor above. " +
            "The main panels therefore use max, as the code does.",
            "Fig. 2's caption says both that the top half was masked and that the queries carried Gaussian noise of variance 0.5; the authors' code's capacity experiment perturbs with noise only " +
            "(0.5 passed as the standard deviation, |x + n| clipped to [0, 1]) and counts Σ(z − z*)² ≤ 60 as correct. We mask the top half (as the issue and the caption's first sentences say), add no noise and keep 50.",
            $"Fig. 3 uses the normalized dot product (App. E.1: the paper's dot-product results are reported with it) and softmax at β = 1 as §5.2 says; the authors' code's separation experiment " +
            $"defaults to Manhattan with softmax β = {AuthorsSeparationBeta}, so that curve is added (normalized dot, β = {AuthorsSeparationBeta}: {Ms(fig3.At($"softmax β = {AuthorsSeparationBeta} (authors' code)", kMax))} at {kMax}). " +
            "The text names a 10th-order polynomial, and n = 3 is added.",
            $"KL family: the text does not say how zeros are treated. The authors' code divides each vector by its sum and adds ε = {UniversalHopfieldOptions.AuthorsDivergenceSmoothing:0e0} inside both logarithms, " +
            "D_ε(p ‖ r) = Σ p_i [ln(p_i + ε) − ln(r_i + ε)]; we do the same (UniversalHopfieldOptions.DivergenceSmoothing), so a masked (zero) pixel costs p_i ln(p_i/ε) instead of +∞. " +
            "With exact divergences (ε = 0) the previous full run got KL 1.00, JS 1.00 and reverse KL 0.03 at 100 images: +∞ on zero pixels decided them.",
            "KL directions: we name them as UHN Table 2 does — \"KL\" is D(q ‖ ξ), \"reverse KL\" is D(ξ ‖ q). The authors' code names them the other way round (its \"KL Divergence\" is Σ ξ ln(ξ/q)), " +
            "so the paper's curve labelled KL corresponds to our reverse KL and vice versa.",
            "JS: ours is the Jensen–Shannon divergence (finite, so ε hardly matters), turned into a normalized reciprocal like the other divergences. The authors' code computes " +
            "1/(½/D(ξ ‖ q) + ½/D(q ‖ ξ)) — the harmonic mean of the two divergences — and uses it directly as the similarity, so it ranks the most divergent memory first; " +
            "that alone makes the paper's JS curve poor, and it is not reproduced here (it is neither Table 2's formula nor a similarity).",
            "Noise: the authors' code draws the noise with standard deviation σ (the axis says variance) and reflects negative pixels, |x + n|, before clipping to [0, 1]; we follow the text " +
            "(variance σ², values clipped to [0, 1]).",
            "Top masking: the authors' mask_continuous_img zeroes the bottom rows (⌊28(1 − f)⌋ onwards) unless asked to reverse; we mask the top, as the text and the issue say.",
            $"App. H follows the authors' code: {AppendixHCount} stored images, fractions 0.1 to 0.7, Euclidean, Manhattan and the (normalized) dot product — plain dot added; inpainting masks a frame " +
            $"⌊28f/2⌋ pixels wide on every side (f = 0.5: 7 px, which masks 75% of the image). The capacity-style panels fix f = {AppendixHFraction} and vary the stored images.",
            $"Hetero: the projection is the bottom halves and the criterion (< {RetrievalCriterion.UhnThreshold}) is applied to the bottom half alone. Fig. 6's caption and the authors' code keep the whole " +
            "image as the key and query with the whole noisy image (\"whole → bottom\", the compared curves); \"top → bottom\" keys on the top halves and queries with the noisy top half (Fig. 5's setting), a harder task.",
            $"Memory sets are drawn from the MNIST {plan.Part.ToString().ToLowerInvariant()} images{(context.Quick ? " (the quick run needs only the test files: the fixture's 500 test images can feed it)" : "")}; the authors' code loads the training set. " +
            "Larger memory sets contain the smaller ones (the first K of one random draw).",
            "All retrievals run on the F# reference path (App. E normalization is not on the fast path), the KL family slowest (both vectors are normalized for every pair); " +
            $"to keep the run short each point queries at most {plan.MaxQueries} stored images (an unbiased estimate of the fraction over the whole set). The run's time is in the summary.",
        };
        var unscored = results.Where(r => r.Unscorable > 0).Select(r => $"{r.Panel.Name}: {r.Unscorable}").ToArray();
        notes.Add(unscored.Length == 0
            ? "Every query could be scored by every similarity."
            : "Queries the App. E normalization cannot score (scores summing to 0: dot, normalized dot or the KL family on a query whose remaining ink " +
              $"overlaps no stored image's, or an all-zero query), counted as incorrect, summed over curves and sets: {string.Join("; ", unscored)}.");
        return new Report(summary, comparisons, notes);

        IEnumerable<(string Name, double Gap, int K)> Gaps(PanelResult r, string variant) =>
            new[] { "dot", "normalized dot", "Euclidean", "Manhattan" }.Select(name =>
            {
                var (gap, at) = r.Panel.X.Select(x => (Math.Abs(r.At($"{name} auto", x).Mean - r.At($"{name} hetero {variant}", x).Mean), x)).MaxBy(t => t.Item1);
                return (name, gap, (int)at);
            });
    }
}
