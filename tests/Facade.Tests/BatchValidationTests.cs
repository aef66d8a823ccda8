namespace AssociativeKernels.Tests;

/// <summary>
/// One rule for every memory's batch call (DESIGN.md, "bad input"): checked on the caller's thread before any work
/// (never an <see cref="AggregateException"/>), the caller's parameter named together with the row, and an empty
/// batch (no rows) answered with an empty result. Also the classifier's inputs, options and cutoffs.
/// </summary>
public class BatchValidationTests
{
    private const int N = 12;

    private static double[,] Bipolar(int seed, int rows, int cols)
    {
        var rng = new Random(seed);
        var x = new double[rows, cols];
        for (var i = 0; i < rows; i++) for (var j = 0; j < cols; j++) x[i, j] = rng.Next(2) == 0 ? -1 : 1;
        return x;
    }

    private static float[,] Single(double[,] x)
    {
        if (x is null) return null!;
        var f = new float[x.GetLength(0), x.GetLength(1)];
        for (var i = 0; i < x.GetLength(0); i++) for (var j = 0; j < x.GetLength(1); j++) f[i, j] = (float)x[i, j];
        return f;
    }

    /// <summary>Every row scaled to unit length (a NaN stays NaN), for the hypersphere's queries.</summary>
    private static double[,] Unit(double[,] x)
    {
        if (x is null) return null!;
        var u = (double[,])x.Clone();
        for (var i = 0; i < u.GetLength(0); i++)
        {
            var norm = Math.Sqrt(Enumerable.Range(0, u.GetLength(1)).Where(j => !double.IsNaN(u[i, j])).Sum(j => u[i, j] * u[i, j]));
            for (var j = 0; j < u.GetLength(1); j++) u[i, j] = double.IsNaN(u[i, j]) ? u[i, j] : u[i, j] / norm;
        }
        return u;
    }

    /// <summary>A batch call: its name, the call, whether rows must be ±1, and the columns of its answer (−1: a vector answer).</summary>
    public sealed record Batch(string Name, Func<double[,], Array> Call, bool BipolarRows, int OutputColumns)
    {
        public override string ToString() => Name;
    }

    private static readonly double[,] Patterns = Bipolar(1, 4, N);

    private static IEnumerable<Batch> All()
    {
        var hopfield = HopfieldNetwork.Create(Patterns, HopfieldLearningRule.HebbianZeroDiagonal);
        var hetero = HopfieldNetwork.CreateHetero(Patterns, Bipolar(2, 4, 5));
        var dam = DenseAssociativeMemory.Create(Patterns, DenseEnergyFunction.Polynomial, 3);
        var modern = ModernHopfieldNetwork.Create(Patterns, 2);
        var universal = UniversalHopfieldNetwork.Create(Patterns, new UniversalHopfieldOptions { Similarity = SimilarityFunction.Manhattan, Beta = 2 });
        var normalized = UniversalHopfieldNetwork.Create(Patterns, UniversalHopfieldOptions.AppendixE(SimilarityFunction.Euclidean, SeparationFunction.Max));
        var packed = PackedBipolarMemory.Create(Patterns);
        var cube = SparseDistributedMemory.CreateHypercube(50, N, 3, 4, 1);
        var sphere = SparseDistributedMemory.CreateHypersphere(50, N, 3, 0.2, 1);
        var kmn = KernelMemoryNetwork.Create(Patterns, MemoryKernel.Polynomial(3, 1));
        var pinv = PseudoinverseNetwork.Create(Patterns, MemoryKernel.Exponential(1));
        var expBeta = ExpBetaNetwork.Create(Patterns, 2, 3);
        yield return new("Hopfield.RetrieveBatch", q => hopfield.RetrieveBatch(q), true, N);
        yield return new("Hopfield.IterateBatch", q => hopfield.IterateBatch(q), true, N);
        yield return new("Hopfield(hetero).RetrieveBatch", q => hetero.RetrieveBatch(q), false, 5);
        yield return new("Dense.RetrieveBatch", q => dam.RetrieveBatch(q), true, N);
        yield return new("Dense.IterateBatch", q => dam.IterateBatch(q), true, N);
        yield return new("Modern.RetrieveBatch(double)", q => modern.RetrieveBatch(q), false, N);
        yield return new("Modern.RetrieveBatch(float)", q => modern.RetrieveBatch(Single(q)), false, N);
        yield return new("Universal.RetrieveBatch", q => universal.RetrieveBatch(q), false, N);
        yield return new("Universal(reference rule).RetrieveBatch", q => normalized.RetrieveBatch(q), false, N);
        yield return new("PackedBipolar.NearestBatch", q => packed.NearestBatch(q), true, -1);
        yield return new("Sdm(hypercube).RetrieveBatch", q => cube.RetrieveBatch(q), true, 3);
        yield return new("Sdm(hypersphere).RetrieveBatch", q => sphere.RetrieveBatch(Unit(q)), false, 3);
        yield return new("KernelMemory.RetrieveBatch", q => kmn.RetrieveBatch(q), true, N);
        yield return new("Pseudoinverse.RetrieveBatch", q => pinv.RetrieveBatch(q), false, N);
        yield return new("ExpBeta.RetrieveBatch", q => expBeta.RetrieveBatch(q), false, N);
    }

    public static TheoryData<Batch> Batches() => [.. All()];

    /// <summary>Records the exception, failing the test if it is an AggregateException (a check that ran on a worker thread).</summary>
    private static T Refusal<T>(Action call) where T : ArgumentException
    {
        var e = Record.Exception(call);
        Assert.NotNull(e);
        Assert.IsNotType<AggregateException>(e);
        return Assert.IsAssignableFrom<T>(e);
    }

    [Theory]
    [MemberData(nameof(Batches))]
    public void An_empty_batch_gives_an_empty_result(Batch batch)
    {
        var result = batch.Call(new double[0, N]);
        Assert.Equal(0, result.GetLength(0));
        if (batch.OutputColumns >= 0) Assert.Equal(batch.OutputColumns, result.GetLength(1));
    }

    [Theory]
    [MemberData(nameof(Batches))]
    public void A_wrong_width_is_refused_on_the_callers_thread_naming_queries(Batch batch)
    {
        var e = Refusal<ArgumentException>(() => batch.Call(Bipolar(3, 3, N + 1)));
        Assert.Equal("queries", e.ParamName);
        Assert.Contains($"length {N + 1}", e.Message);
        Assert.Contains($"{N}", e.Message);
    }

    [Theory]
    [MemberData(nameof(Batches))]
    public void A_non_finite_entry_is_refused_naming_queries_and_its_row(Batch batch)
    {
        var q = Bipolar(4, 5, N);
        q[3, 7] = double.NaN;
        var e = Refusal<ArgumentOutOfRangeException>(() => batch.Call(q));
        Assert.Equal("queries", e.ParamName);
        Assert.Contains("queries[3, 7]", e.Message);
    }

    [Theory]
    [MemberData(nameof(Batches))]
    public void A_null_batch_is_refused_naming_queries(Batch batch) =>
        Assert.Equal("queries", Refusal<ArgumentNullException>(() => batch.Call(null!)).ParamName);

    [Theory]
    [MemberData(nameof(Batches))]
    public void A_row_that_is_not_bipolar_is_refused_naming_queries_and_its_row(Batch batch)
    {
        var q = Bipolar(5, 5, N);
        q[2, 4] = 0.5;
        if (!batch.BipolarRows)
        {
            Assert.Equal(5, batch.Call(q).GetLength(0)); // continuous memories take any finite rows
            return;
        }
        var e = Refusal<ArgumentOutOfRangeException>(() => batch.Call(q));
        Assert.Equal("queries", e.ParamName);
        Assert.Contains("queries[2, 4] = 0.5", e.Message);
        Assert.Equal(0.5, e.ActualValue);
    }

    [Fact]
    public void A_hypersphere_row_off_the_sphere_is_refused_naming_queries_and_its_row()
    {
        var sphere = SparseDistributedMemory.CreateHypersphere(50, 3, 2, 0.2, 1);
        var q = new double[,] { { 1, 0, 0 }, { 0, 2, 0 } };
        var e = Refusal<ArgumentOutOfRangeException>(() => sphere.RetrieveBatch(q));
        Assert.Equal("queries", e.ParamName);
        Assert.StartsWith("queries row 1:", e.Message);
    }

    [Fact]
    public void Batch_limits_are_checked_before_any_row_runs()
    {
        var hopfield = HopfieldNetwork.Create(Patterns);
        Assert.Equal("maxSteps", Refusal<ArgumentOutOfRangeException>(() => hopfield.IterateBatch(Patterns, 0)).ParamName);
        var dam = DenseAssociativeMemory.Create(Patterns, DenseEnergyFunction.Polynomial, 3);
        Assert.Equal("maxSteps", Refusal<ArgumentOutOfRangeException>(() => dam.IterateBatch(Patterns, 0)).ParamName);
        var pinv = PseudoinverseNetwork.Create(Patterns, MemoryKernel.Exponential(1));
        Assert.Equal("tolerance", Refusal<ArgumentOutOfRangeException>(() => pinv.IterateBatch(Patterns, 100, double.NaN)).ParamName);
        Assert.Equal("maxSteps", Refusal<ArgumentOutOfRangeException>(() => pinv.IterateBatch(Patterns, 0, 1e-9)).ParamName);
    }

    [Fact]
    public void Modern_span_batches_accept_an_empty_batch()
    {
        var modern = ModernHopfieldNetwork.Create(Patterns, 2);
        modern.RetrieveBatch(ReadOnlySpan<double>.Empty, Span<double>.Empty);
        modern.RetrieveBatch(ReadOnlySpan<float>.Empty, Span<float>.Empty);
        Assert.Equal("destination", Refusal<ArgumentException>(() => modern.RetrieveBatch(ReadOnlySpan<double>.Empty, new double[3])).ParamName);
    }

    // ------------------------------------------------------------------ the classifier

    private static readonly DenseClassifierOptions Small = new() { PatternCount = 8, ExamplesPerClass = 2 };

    private static float[,] Inputs(int count, int n = 6)
    {
        var inputs = new float[count, n];
        for (var i = 0; i < count; i++)
        {
            for (var j = 0; j < n; j++) inputs[i, j] = (float)Math.Sin(i + 3 * j);
        }
        return inputs;
    }

    public static TheoryData<float> BadPixels() => [float.NaN, float.PositiveInfinity, float.NegativeInfinity, 1.5f, -1.0001f];

    [Theory]
    [MemberData(nameof(BadPixels))]
    public void DenseClassifier_refuses_an_input_outside_minus_one_to_one_naming_the_row(float pixel)
    {
        var classifier = new DenseClassifier(6, 2, Small);
        var inputs = Inputs(5);
        inputs[3, 2] = pixel;
        var labels = new[] { 0, 1, 0, 1, 0 };
        var doubles = ToDouble(inputs);
        foreach (var call in new Action[]
        {
            () => classifier.TrainEpoch(inputs, labels), () => classifier.Predict(inputs), () => classifier.Outputs(inputs),
            () => classifier.ErrorRate(inputs, labels), () => classifier.LargeContributionCounts(inputs),
            () => classifier.TrainEpoch(doubles, labels), () => classifier.Predict(doubles), () => classifier.Outputs(doubles),
            () => classifier.ErrorRate(doubles, labels), () => classifier.LargeContributionCounts(doubles),
        })
        {
            var e = Refusal<ArgumentOutOfRangeException>(call);
            Assert.Equal("inputs", e.ParamName);
            Assert.Contains("inputs[3, 2]", e.Message);
        }
        Assert.All(classifier.Patterns().Cast<float>(), w => Assert.True(float.IsFinite(w)));
    }

    private static double[,] ToDouble(float[,] x)
    {
        var d = new double[x.GetLength(0), x.GetLength(1)];
        for (var i = 0; i < x.GetLength(0); i++)
        {
            for (var j = 0; j < x.GetLength(1); j++) d[i, j] = x[i, j];
        }
        return d;
    }

    [Fact]
    public void DenseClassifier_names_the_parameter_and_the_row_of_a_bad_batch()
    {
        var classifier = new DenseClassifier(6, 2, Small);
        var inputs = Inputs(4);
        var wrongWidth = Refusal<ArgumentException>(() => classifier.Predict(new float[3, 5]));
        Assert.Equal("inputs", wrongWidth.ParamName);
        Assert.Contains("N = 6", wrongWidth.Message);
        var count = Refusal<ArgumentException>(() => classifier.TrainEpoch(inputs, [0, 1, 0]));
        Assert.Equal("labels", count.ParamName);
        Assert.Contains("4 rows", count.Message);
        var label = Refusal<ArgumentException>(() => classifier.ErrorRate(ToDouble(inputs), [0, 1, 2, 0]));
        Assert.Equal("labels", label.ParamName);
        Assert.Contains("labels[2] = 2", label.Message);
        var missing = Refusal<ArgumentException>(() => classifier.TrainEpoch(inputs, [0, 0, 0, 0]));
        Assert.Equal("labels", missing.ParamName);
        Assert.Contains("class 1 has no training example", missing.Message);
        Assert.Equal("inputs", Refusal<ArgumentNullException>(() => classifier.Predict((float[,])null!)).ParamName);
        Assert.Equal("labels", Refusal<ArgumentNullException>(() => classifier.TrainEpoch(inputs, null!)).ParamName);
    }

    [Fact]
    public void DenseClassifier_answers_an_empty_batch_with_an_empty_result()
    {
        var classifier = new DenseClassifier(6, 2, Small);
        var none = new float[0, 6];
        Assert.Empty(classifier.Predict(none));
        Assert.Equal((0, 2), (classifier.Outputs(none).GetLength(0), classifier.Outputs(none).GetLength(1)));
        Assert.Empty(classifier.Outputs(new double[0, 6]));
        Assert.Empty(classifier.LargeContributionCounts(none));
        Assert.Equal("inputs", Refusal<ArgumentException>(() => classifier.ErrorRate(none, [])).ParamName);
    }

    public static TheoryData<string, DenseClassifierOptions> BadOptions() => new()
    {
        { "LearningRate", Small with { LearningRate = double.PositiveInfinity } },
        { "LearningRate", Small with { LearningRate = 1.5 } },
        { "LearningRate", Small with { LearningRate = double.NaN } },
        { "InitialTemperature", Small with { InitialTemperature = double.PositiveInfinity } },
        { "InitialTemperature", Small with { InitialTemperature = 0.5 } },
        { "FinalTemperature", Small with { FinalTemperature = 1e300 } },
        { "LearningRateDecay", Small with { LearningRateDecay = double.PositiveInfinity } },
        { "LearningRateDecay", Small with { LearningRateDecay = 1.01 } },
        { "InitialDeviation", Small with { InitialDeviation = double.PositiveInfinity } },
        { "InitialMean", Small with { InitialMean = double.NaN } },
        { "Momentum", Small with { Momentum = 0.995 } },
        { "Power", Small with { Power = int.MaxValue } },
        { "Power", Small with { Power = 1 } },
        { "LossPower", Small with { LossPower = int.MaxValue } },
        { "PatternCount", Small with { PatternCount = 0 } },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void DenseClassifier_refuses_options_outside_their_stated_range(string option, DenseClassifierOptions options)
    {
        var e = Refusal<ArgumentOutOfRangeException>(() => new DenseClassifier(6, 2, options));
        Assert.Equal("options", e.ParamName);
        Assert.Contains($"options.{option} = ", e.Message);
        Assert.Contains("valid range", e.Message);
    }

    // K = 10000 memories over N = 6, N_c = 2 with m = 1: X = N + N_c + 2 = 10, so the gaps need K·10ⁿ = 10^(n+4) ≤ 3.4028e38,
    // i.e. n ≤ 34, and the gradients N_c·n·2m·4^m/2·128·10^(n−1) = 1024·n·10^(n−1) ≤ 3.4028e38 hold for n ≤ 34 as well
    // (3.48e37 at n = 34, 3.58e38 at n = 35). β = 1/Tⁿ ∈ [1e-37, 1] bounds T to [1, 10^(37/34)].
    private static readonly DenseClassifierOptions Wide = Small with { PatternCount = 10000, LossPower = 1 };

    [Fact]
    public void DenseClassifier_power_range_is_the_largest_n_whose_gaps_and_gradients_fit_in_a_float()
    {
        _ = new DenseClassifier(6, 2, Wide with { Power = 34, InitialTemperature = 1, FinalTemperature = 1 });
        var e = Refusal<ArgumentOutOfRangeException>(() => new DenseClassifier(6, 2, Wide with { Power = 35, InitialTemperature = 1, FinalTemperature = 1 }));
        Assert.Contains("[2, 34]", e.Message);
    }

    [Fact]
    public void DenseClassifier_training_at_the_extremes_of_the_ranges_stays_finite()
    {
        var inputs = Inputs(8);
        for (var i = 0; i < 8; i++)
        {
            for (var j = 0; j < 6; j++) inputs[i, j] = MathF.Sign(inputs[i, j]) == 0 ? 1f : MathF.Sign(inputs[i, j]);
        }
        var labels = Enumerable.Range(0, 8).Select(i => i % 2).ToArray();
        foreach (var options in new[]
        {
            Wide with { Power = 34, InitialTemperature = 1, FinalTemperature = Math.Pow(10, 37.0 / 34), LearningRate = 1, InitialDeviation = 1, InitialMean = 1, Momentum = 0.99 },
            Wide with { Power = 34, InitialTemperature = 1, FinalTemperature = 1, LearningRate = 1, InitialDeviation = 0, InitialMean = 1, Momentum = 0.99 },
            Small with { Power = 2, InitialTemperature = 1, FinalTemperature = 1, LearningRate = 1, LearningRateDecay = 1, LossPower = 10, InitialMean = -1 },
        })
        {
            var classifier = new DenseClassifier(6, 2, options);
            for (var t = 0; t < 3; t++)
            {
                var epoch = classifier.TrainEpoch(inputs, labels);
                Assert.True(double.IsFinite(epoch.Loss), $"loss {epoch.Loss}");
            }
            Assert.All(classifier.Patterns().Cast<float>(), w => Assert.True(float.IsFinite(w)));
            Assert.All(classifier.Outputs(inputs).Cast<float>(), c => Assert.True(float.IsFinite(c)));
        }
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(1.0)]
    [InlineData(-1.0)]
    public void DenseClassifier_refuses_a_cutoff_outside_minus_one_to_one(double cutoff)
    {
        var classifier = new DenseClassifier(6, 2, Small);
        Assert.Equal("cutoff", Refusal<ArgumentOutOfRangeException>(() => classifier.ClassesVotedFor(cutoff)).ParamName);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    public void DenseClassifier_refuses_a_fraction_outside_zero_to_one(double fraction)
    {
        var classifier = new DenseClassifier(6, 2, Small);
        Assert.Equal("fraction", Refusal<ArgumentOutOfRangeException>(() => classifier.LargeContributionCounts(Inputs(3), fraction)).ParamName);
    }
}

/// <summary>Single-query calls name the parameter the caller passed (<c>query</c>, <c>state</c>), never the core's symbols (<c>s</c>, <c>sigma</c>).</summary>
public class SingleQueryNamingTests
{
    private static readonly double[,] Patterns = new double[,] { { 1, -1, 1, -1 }, { 1, 1, -1, -1 } };

    public static TheoryData<string, string, double[]> Cases()
    {
        var data = new TheoryData<string, string, double[]>();
        foreach (var q in new[] { new double[] { 1, -1, 0.5, 1 }, [1, -1, 1], [1, double.NaN, 1, 1] })
        {
            foreach (var call in new[] { "Hopfield.Retrieve", "Hopfield.Iterate", "Hopfield.IterateSynchronously", "Dense.Retrieve",
                "Dense.Iterate", "Packed.Nearest", "Packed.Overlaps", "Sdm.Retrieve", "Kmn.Retrieve", "Pinv.IterateSign" })
            {
                data.Add(call, "query", q);
            }
            foreach (var call in new[] { "Hopfield.Energy", "Dense.Energy", "Dense.UpdateNeuron", "Pinv.SignStep" }) data.Add(call, "state", q);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_bad_single_query_is_refused_naming_the_callers_parameter(string call, string parameter, double[] q)
    {
        var hopfield = HopfieldNetwork.Create(Patterns);
        var dam = DenseAssociativeMemory.Create(Patterns, DenseEnergyFunction.Polynomial, 2);
        var packed = PackedBipolarMemory.Create(Patterns);
        var sdm = SparseDistributedMemory.CreateHypercube(20, 4, 2, 1, 1);
        var kmn = KernelMemoryNetwork.Create(Patterns, MemoryKernel.Linear());
        var pinv = PseudoinverseNetwork.Create(Patterns, MemoryKernel.Linear());
        Action act = call switch
        {
            "Hopfield.Retrieve" => () => hopfield.Retrieve(q),
            "Hopfield.Iterate" => () => hopfield.Iterate(q),
            "Hopfield.IterateSynchronously" => () => hopfield.IterateSynchronously(q),
            "Hopfield.Energy" => () => hopfield.Energy(q),
            "Dense.Retrieve" => () => dam.Retrieve(q),
            "Dense.Iterate" => () => dam.Iterate(q),
            "Dense.Energy" => () => dam.Energy(q),
            "Dense.UpdateNeuron" => () => dam.UpdateNeuron(q, 0),
            "Packed.Nearest" => () => packed.Nearest(q),
            "Packed.Overlaps" => () => packed.Overlaps(q),
            "Sdm.Retrieve" => () => sdm.Retrieve(q),
            "Kmn.Retrieve" => () => kmn.Retrieve(q),
            "Pinv.IterateSign" => () => pinv.IterateSign(q),
            "Pinv.SignStep" => () => pinv.SignStep(q),
            _ => throw new ArgumentOutOfRangeException(nameof(call)),
        };
        if (call is "Hopfield.Energy" or "Dense.Energy" && q.Length == 4 && q.All(double.IsFinite)) return; // energies take any finite state
        var e = Assert.IsAssignableFrom<ArgumentException>(Record.Exception(act));
        Assert.Equal(parameter, e.ParamName);
    }
}
