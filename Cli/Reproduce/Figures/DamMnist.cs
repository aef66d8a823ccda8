using System.Diagnostics;
using System.Globalization;

namespace AssociativeKernels.Cli.Reproduce;

/// <summary>
/// SPEC E6, <c>dam-mnist</c>: the one-step classifier of DAM §4 (Krotov &amp; Hopfield 2016, Eq. 9) on MNIST,
/// trained with the recipe of the paper's appendix (<see cref="DenseClassifier"/>) for n = 2 and n = 3: test
/// error against epoch (DAM Fig. 2) and the two feature-to-prototype histograms of DAM Fig. 3 — how many
/// classes each memory votes for, and how many memories contribute more than 0.9 of the largest contribution
/// to the decision on each test image. The full run trains on the 60 000 training images and tests on the
/// 10 000 test images; the quick run trains on the first 5000 training images and tests on the first 500 test
/// images (exactly what the test fixture holds, so it gives the same numbers on the fixture and on the full set).
/// </summary>
internal sealed class DamMnist : IFigure
{
    /// <inheritdoc/>
    public string Id => "dam-mnist";

    /// <inheritdoc/>
    public string Spec => "E6";

    /// <inheritdoc/>
    public string Title => "DAM §4 and Figs. 2–3 on MNIST: the one-step classifier for n = 2, 3, test error against epoch, feature-to-prototype histograms";

    /// <summary>The powers n of the rectified polynomial (DAM Fig. 2).</summary>
    internal static readonly int[] Powers = [2, 3];

    /// <summary>The paper's epochs (appendix: "Training was done for 3000 epochs").</summary>
    internal const int PaperEpochs = 3000;

    /// <summary>The cutoff above which a label weight counts as "on" (DAM Fig. 3, left; the paper calls its cutoff arbitrary).</summary>
    internal const double VoteCutoff = 0.5;

    /// <summary>The fraction of the largest contribution that counts as comparable (DAM Fig. 3, right: 0.9).</summary>
    internal const double ContributionFraction = 0.9;

    /// <summary>The sizes of a run.</summary>
    /// <param name="Epochs">Training epochs per n.</param>
    /// <param name="TrainCount">The first this many training images train (null: all of them).</param>
    /// <param name="TestCount">The first this many test images test (null: all of them).</param>
    /// <param name="Options">The recipe for a given n.</param>
    internal sealed record Plan(int Epochs, int? TrainCount, int? TestCount, Func<int, DenseClassifierOptions> Options);

    /// <summary>
    /// The full run: K = 2000, minibatches of 100 per class, the paper's constants and 200-epoch temperature
    /// ramp, stopped after 300 epochs per n (a tenth of the paper's 3000; 5.2 s an epoch, training plus a
    /// test-set evaluation, on a shared 2-core machine: 52 minutes in all). A shorter ramp lets T fall before the memories have
    /// learned to stay silent on most inputs: β·gap then reaches hundreds, tanh saturates and the gradient
    /// vanishes (n = 3 with a 10-epoch ramp collapsed to the constant output in a trial run).
    /// The quick run: 5000 training images (the fixture's), K = 400, minibatches of 10 per class (50 updates an
    /// epoch), a 30-epoch ramp, 40 epochs; the paper's ε₀, momentum, loss power and temperatures. About 3 s per n.
    /// </summary>
    internal static Plan PlanFor(bool quick) => quick
        ? new(40, 5000, 500, n => DenseClassifierOptions.ForPower(n) with { PatternCount = 400, ExamplesPerClass = 10, TemperatureEpochs = 30 })
        : new(300, null, null, DenseClassifierOptions.ForPower);

    /// <summary>The test error a short training run must get below (the issue's CI check; quick and full runs alike).</summary>
    internal const double ShortRunBar = 0.10;

    private sealed record PowerRun(int Power, DenseClassifierOptions Options, DenseClassifierEpoch[] Epochs, double[] TestError,
        int[] Votes, int[] Contributions, double SecondsPerEpoch);

    /// <inheritdoc/>
    public FigureOutput Run(FigureContext context) => Run(context, PlanFor(context.Quick));

    /// <summary>Runs the experiment with the given sizes.</summary>
    internal FigureOutput Run(FigureContext context, Plan plan)
    {
        var clock = Stopwatch.StartNew();
        var directory = context.RequireMnist(Id);
        var (trainX, trainY) = FirstImages(directory, MnistPart.Training, plan.TrainCount);
        var (testX, testY) = FirstImages(directory, MnistPart.Test, plan.TestCount);

        context.Progress.Start("dam-mnist: epochs", (long)plan.Epochs * Powers.Length);
        var runs = Powers.Select(n => Train(n, plan, context, trainX, trainY, testX, testY)).ToArray();
        clock.Stop();

        var tables = new List<DataTable> { ErrorTable(runs), VotesTable(runs), ContributionsTable(runs) };
        var charts = new List<Chart> { ErrorChart(runs), VotesChart(runs), ContributionsChart(runs) };
        return new FigureOutput(tables, charts, BuildReport(runs, plan, context, trainX.GetLength(0), testX.GetLength(0), clock.Elapsed));
    }

    /// <summary>The first <paramref name="count"/> images of a part (all when null) as classifier inputs, with their labels.</summary>
    private static (float[,] Inputs, int[] Labels) FirstImages(string directory, MnistPart part, int? count)
    {
        var images = MnistData.Load(directory, part);
        var n = count ?? images.Count;
        if (images.Count < n)
            throw new InvalidDataException(
                $"dam-mnist uses the first {n} MNIST {(part == MnistPart.Training ? "training" : "test")} images, but {directory} holds only {images.Count}. " +
                "The test fixture (tests/fixtures/mnist) holds 5000 training and 500 test images; scripts/fetch-mnist.sh fetches the full set.");
        return (DenseClassifier.Inputs(images, n), images.Labels[..n]);
    }

    private static PowerRun Train(int n, Plan plan, FigureContext context, float[,] trainX, int[] trainY, float[,] testX, int[] testY)
    {
        var options = plan.Options(n) with { Seed = context.Seed + n };
        var classifier = new DenseClassifier(trainX.GetLength(1), 10, options);
        var epochs = new DenseClassifierEpoch[plan.Epochs];
        var testError = new double[plan.Epochs];
        var clock = Stopwatch.StartNew();
        for (var e = 0; e < plan.Epochs; e++)
        {
            epochs[e] = classifier.TrainEpoch(trainX, trainY, context.Cancel);
            testError[e] = classifier.ErrorRate(testX, testY);
            context.Progress.Advance();
        }
        clock.Stop();
        return new PowerRun(n, options, epochs, testError, classifier.ClassesVotedFor(VoteCutoff),
            classifier.LargeContributionCounts(testX, ContributionFraction), clock.Elapsed.TotalSeconds / plan.Epochs);
    }

    private static DataTable ErrorTable(PowerRun[] runs) => new("test-error",
        ["n", "epoch", "test_error", "training_error", "loss", "temperature", "learning_rate"],
        runs.SelectMany(r => r.Epochs.Select((e, i) => (IReadOnlyList<object>)
            [r.Power, e.Epoch + 1, r.TestError[i], e.TrainingError, e.Loss, e.Temperature, e.LearningRate])).ToList());

    private static Chart ErrorChart(PowerRun[] runs)
    {
        var series = runs.Select(r => new Series($"n = {r.Power} (K = {r.Options.PatternCount})",
            Enumerable.Range(1, r.Epochs.Length).Select(e => (double)e).ToArray(), r.TestError.Select(x => 100 * x).ToArray(), SeriesStyle.Line)).ToList();
        var last = (double)runs[0].Epochs.Length;
        series.Add(new Series("paper, n = 2 after 3000 epochs (≈ 1.6%)", [1, last], [1.6, 1.6], SeriesStyle.Line));
        series.Add(new Series("2% (paper: n = 2 crosses it at epochs 179–312)", [1, last], [2, 2], SeriesStyle.Line));
        return new Chart("test-error", "DAM Fig. 2 (MNIST): test error against epoch, one-step classifier (Eq. 9)", "epoch", "test error (%)", series, LogY: true);
    }

    private static int[] Histogram(int[] values, int top)
    {
        var counts = new int[top + 1];
        foreach (var v in values) counts[Math.Min(v, top)]++;
        return counts;
    }

    private static DataTable VotesTable(PowerRun[] runs) => new("votes-histogram",
        ["n", "classes_voted_for", "memories", "fraction_of_memories"],
        runs.SelectMany(r => Histogram(r.Votes, 10).Select((c, v) => (IReadOnlyList<object>)[r.Power, v, c, (double)c / r.Votes.Length])).ToList());

    private static Chart VotesChart(PowerRun[] runs) => new("votes-histogram",
        $"DAM Fig. 3 left (MNIST): classes each memory votes for (label weights ξ_α > {VoteCutoff})",
        "number of classes voted for", "fraction of memories",
        runs.Select(r => new Series($"n = {r.Power}", Enumerable.Range(0, 11).Select(v => (double)v).ToArray(),
            Histogram(r.Votes, 10).Select(c => (double)c / r.Votes.Length).ToArray(), SeriesStyle.LineWithMarkers)).ToList());

    /// <summary>The last bin of the contribution histogram collects every count from this one up.</summary>
    private const int ContributionTop = 30;

    private static DataTable ContributionsTable(PowerRun[] runs) => new("contributions-histogram",
        ["n", "memories_above_0.9_of_largest", "test_images"],
        runs.SelectMany(r => Histogram(r.Contributions, ContributionTop).Select((c, v) => (IReadOnlyList<object>)
            [r.Power, v == ContributionTop ? $"{v}+" : v.ToString(CultureInfo.InvariantCulture), c])).ToList());

    private static Chart ContributionsChart(PowerRun[] runs) => new("contributions-histogram",
        $"DAM Fig. 3 right (MNIST): memories contributing > {ContributionFraction} of the largest contribution to the decision",
        $"number of memories (last point: {ContributionTop} or more)", "test images",
        runs.Select(r => new Series($"n = {r.Power}", Enumerable.Range(0, ContributionTop + 1).Select(v => (double)v).ToArray(),
            Histogram(r.Contributions, ContributionTop).Select(c => (double)c).ToArray(), SeriesStyle.LineWithMarkers)).ToList());

    private static string P(double x) => (100 * x).ToString("0.00", CultureInfo.InvariantCulture) + "%";

    /// <summary>The first epoch (1-based) whose test error is below <paramref name="level"/>, or null.</summary>
    private static int? FirstBelow(PowerRun r, double level)
    {
        var i = Array.FindIndex(r.TestError, e => e < level);
        return i < 0 ? null : i + 1;
    }

    private static string Crossing(PowerRun r, double level) =>
        FirstBelow(r, level) is { } e ? $"epoch {e}" : $"not within {r.Epochs.Length} epochs (best {P(r.TestError.Min())})";

    private static Report BuildReport(PowerRun[] runs, Plan plan, FigureContext context, int trainCount, int testCount, TimeSpan elapsed)
    {
        PowerRun R(int n) => runs.First(r => r.Power == n);
        var (two, three) = (R(2), R(3));
        var bar = ShortRunBar;
        string Final(PowerRun r) => $"n = {r.Power}: {P(r.TestError[^1])} after {r.Epochs.Length} epochs (best {P(r.TestError.Min())})";
        double ShareOf(PowerRun r, Func<int, bool> inBin) => (double)r.Votes.Count(inBin) / r.Votes.Length;
        double Single(PowerRun r) => (double)r.Contributions.Count(c => c == 1) / r.Contributions.Length;

        var comparisons = new List<Comparison>
        {
            new($"Test error after training ({plan.Epochs} epochs here)",
                $"about 1.6% for n = 2 and below 1.6% for n = 3 after {PaperEpochs} epochs (§4, Fig. 2)",
                $"{Final(two)}; {Final(three)}", !context.Quick && two.TestError[^1] < 0.02 && three.TestError[^1] < 0.02),
            new("First epoch with test error below 2%",
                "n = 2: epochs 179–312; n = 3: earlier on average, epochs 158–262 (§4)",
                $"n = 2: {Crossing(two, 0.02)}; n = 3: {Crossing(three, 0.02)}",
                FirstBelow(two, 0.02) is not null && FirstBelow(three, 0.02) is not null),
            new("n = 3 against n = 2 (best test error over the run)",
                "on average n = 3 achieves better results on the test set than n = 2 (§4)",
                $"n = 3 {P(three.TestError.Min())}, n = 2 {P(two.TestError.Min())}", three.TestError.Min() <= two.TestError.Min()),
            new($"A short training run drops the test error below {P(bar)} and keeps it there (the issue's CI check)",
                "the classifier learns MNIST (§4)",
                $"first below: n = 2: {Crossing(two, bar)}, n = 3: {Crossing(three, bar)}; final: n = 2 {P(two.TestError[^1])}, n = 3 {P(three.TestError[^1])}",
                two.TestError[^1] < bar && three.TestError[^1] < bar),
            new($"Classes each memory votes for (label weights above {VoteCutoff}, Fig. 3 left)",
                "at small n most memories vote for three to five classes (features); one class only is the prototype regime of large n",
                string.Join("; ", runs.Select(r => $"n = {r.Power}: 3–5 classes {P(ShareOf(r, v => v is >= 3 and <= 5))}, one class {P(ShareOf(r, v => v == 1))}")),
                runs.All(r => ShareOf(r, v => v is >= 3 and <= 5) > ShareOf(r, v => v == 1))),
            new($"Test images decided by a single memory (no other within {ContributionFraction} of the largest contribution, Fig. 3 right)",
                "at small n many memories contribute comparably (a long tail); only at n = 30 do more than 80% of images have a single dominant memory",
                string.Join("; ", runs.Select(r => $"n = {r.Power}: {P(Single(r))} of images, median {Median(r.Contributions)} {(Median(r.Contributions) == 1 ? "memory" : "memories")}")),
                runs.All(r => Single(r) < 0.8)),
        };

        var o = two.Options;
        var summary =
            $"The one-step dense-memory classifier (DAM Eq. 9) trained with the appendix's recipe on {trainCount} MNIST " +
            $"training images, tested on {(plan.TestCount is null ? "the" : "the first")} {testCount} test images " +
            $"({(context.Quick ? "quick run" : "full run")}, seed {context.Seed}, {elapsed.TotalMinutes:0.0} min). K = {o.PatternCount} memories of 784 + 10 " +
            $"weights, initialised from N({o.InitialMean}, {o.InitialDeviation}) and clipped to [−1, 1]; rectified polynomial F of degree n = 2 and 3; " +
            $"loss Σ(c − t)^{{2m}} with m = {o.LossPower}; minibatches of {o.ExamplesPerClass} per class; momentum p = {o.Momentum}; " +
            $"ε = {o.LearningRate}·{o.LearningRateDecay}^t; T from {o.InitialTemperature} to {o.FinalTemperature} over the first {o.TemperatureEpochs} epochs " +
            $"(β = 1/Tⁿ); {plan.Epochs} epochs per n. Time per epoch (training plus a test-set evaluation): " +
            string.Join(", ", runs.Select(r => $"n = {r.Power} {r.SecondsPerEpoch:0.0} s")) + ".";

        var notes = new List<string>
        {
            $"Scaled down: {plan.Epochs} epochs per n instead of the paper's {PaperEpochs}" +
            (context.Quick ? "" : $" (at the measured time per epoch the paper's run would take {PaperEpochs * two.SecondsPerEpoch / 3600:0.0} h per n here)") +
            "; one network per n instead of the paper's cluster of hyperparameter samples; " +
            (plan.Epochs >= o.TemperatureEpochs
                ? $"the temperature ramp takes {o.TemperatureEpochs} epochs{(o.TemperatureEpochs == 200 ? ", as in the paper." : " (the paper: 200).")}"
                : $"the paper's 200-epoch temperature ramp is cut short, so T ends at {two.Epochs[^1].Temperature:0} instead of T_f = {o.FinalTemperature} " +
                  "(a trial with the ramp compressed to 10 epochs collapsed for n = 3: T fell before the memories learned to stay silent on most inputs, tanh saturated and the gradient vanished)."),
            "Hyperparameters: the paper gives windows, not the values of its runs (ε₀ 0.01–0.04, p 0.6–0.95, m 2–4 for small n, T_i 250–400, T_f 30–100); " +
            $"we use ε₀ = {o.LearningRate}, p = {o.Momentum}, m = {o.LossPower}, T_i = {o.InitialTemperature}, T_f = {o.FinalTemperature} for both n, with no validation search " +
            "(the paper selected its window on a 50 000 / 10 000 split and then trained on all 60 000).",
            $"Minibatches are balanced as the appendix says ({o.ExamplesPerClass} digits of each class{(o.ExamplesPerClass == 100 ? ", as in the paper" : "; the paper: 100")}); each class is drawn from its own shuffled order, " +
            $"reshuffled when used up, and an epoch has as many minibatches as the training set holds ({trainCount / (10 * o.ExamplesPerClass)} of {10 * o.ExamplesPerClass}).",
            "tanh′ is computed as 4e^{−2|x|}/(1 + e^{−2|x|})² rather than 1 − tanh², so it stays positive where tanh has rounded to ±1 in single precision; " +
            "with Eq. 13's normalization even a tiny gradient then moves a memory. Training runs in single precision on the library's register-tiled matrix products.",
            $"Fig. 3 left counts label weights above {VoteCutoff} (the paper's cutoff is unstated and called arbitrary); Fig. 3 right counts, for the class the network decides, " +
            $"the memories whose contribution F(s + 2ξ_α) − F(s) exceeds {ContributionFraction} of the largest, the largest included (so 1 means a single dominant memory).",
        };
        notes.Add("Start: with N(−0.3, 0.3) memories and mostly dark pixels (−1), every memory overlaps every image strongly (s_μ ≈ 0.3 · 580 ≈ 175: the mean pixel is 0.13, so Σ_i v_i ≈ −580), so all outputs " +
                  "start saturated near −1 and the test error sits at chance until the normalized steps have moved the memories; the test error first fell below 50% at " +
                  string.Join(", ", runs.Select(r => $"n = {r.Power}: {Crossing(r, 0.5)}")) + ".");
        if (context.Quick)
        {
            notes.Add($"Quick run: the first {trainCount} training and {testCount} test images (what the test fixture holds), K = {o.PatternCount}, " +
                      $"{o.ExamplesPerClass} examples per class per minibatch ({trainCount / (10 * o.ExamplesPerClass)} updates an epoch), a {o.TemperatureEpochs}-epoch ramp, " +
                      $"{plan.Epochs} epochs; with {testCount} test images one image is 0.2% of the error.");
        }
        return new Report(summary, comparisons, notes);
    }

    private static int Median(int[] values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }
}
