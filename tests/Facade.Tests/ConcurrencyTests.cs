using System.Globalization;

namespace AssociativeKernels.Tests;

/// <summary>
/// Every public memory and classifier is safe for concurrent reads (DESIGN.md): 8 threads, released together by a
/// <see cref="Barrier"/>, query one fresh instance many times each (so lazily built caches are raced too), and every
/// answer must equal the answer a second instance, built the same way, gives on one thread.
/// </summary>
public class ConcurrencyTests
{
    private const int Threads = 8;

    /// <summary>An answer as text (round-trip numbers), so that arrays of any shape compare by value.</summary>
    private static string Key(object answer) => answer switch
    {
        double[] v => string.Join(",", v.Select(x => x.ToString("R", CultureInfo.InvariantCulture))),
        float[] v => string.Join(",", v.Select(x => x.ToString("R", CultureInfo.InvariantCulture))),
        int[] v => string.Join(",", v),
        double[,] m => Key(m.Cast<double>().ToArray()) + $"/{m.GetLength(0)}",
        float[,] m => Key(m.Cast<float>().ToArray()) + $"/{m.GetLength(0)}",
        float[][] rows => string.Join(";", rows.Select(Key)),
        _ => Convert.ToString(answer, CultureInfo.InvariantCulture)!,
    };

    /// <summary>
    /// Builds two instances; answers every call on the first from one thread; then 8 threads each make
    /// <paramref name="rounds"/> passes over all calls (in rotated orders) on the second, comparing every answer.
    /// </summary>
    private static void Hammer<TMemory>(Func<TMemory> build, IReadOnlyList<Func<TMemory, object>> calls, int rounds = 20)
    {
        var reference = build();
        var expected = calls.Select(c => Key(c(reference))).ToArray();
        var shared = build();
        var wrong = 0;
        var failures = new System.Collections.Concurrent.ConcurrentQueue<Exception>();
        using var barrier = new Barrier(Threads);
        var threads = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            barrier.SignalAndWait();
            try
            {
                for (var r = 0; r < rounds; r++)
                {
                    for (var k = 0; k < calls.Count; k++)
                    {
                        var i = (k + t * 7 + r) % calls.Count;
                        if (Key(calls[i](shared)) != expected[i]) Interlocked.Increment(ref wrong);
                    }
                }
            }
            catch (Exception e)
            {
                failures.Enqueue(e);
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        Assert.True(failures.IsEmpty, $"{failures.Count} threads threw: {failures.FirstOrDefault()}");
        Assert.Equal(0, wrong);
    }

    private static double[,] Bipolar(int seed, int rows, int cols)
    {
        var rng = new Random(seed);
        var x = new double[rows, cols];
        for (var i = 0; i < rows; i++) for (var j = 0; j < cols; j++) x[i, j] = rng.Next(2) == 0 ? -1 : 1;
        return x;
    }

    private static double[,] Gaussian(int seed, int rows, int cols)
    {
        var rng = new Random(seed);
        var x = new double[rows, cols];
        for (var i = 0; i < rows; i++) for (var j = 0; j < cols; j++) x[i, j] = rng.NextDouble() * 2 - 1;
        return x;
    }

    private static double[] Row(double[,] x, int i) => Enumerable.Range(0, x.GetLength(1)).Select(j => x[i, j]).ToArray();

    /// <summary>Each query row flipped in a few places (so retrieval has work to do).</summary>
    private static double[][] Noisy(double[,] patterns, int count, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, count).Select(q =>
        {
            var r = Row(patterns, q % patterns.GetLength(0));
            for (var f = 0; f < r.Length / 8; f++) r[rng.Next(r.Length)] *= -1;
            return r;
        }).ToArray();
    }

    private static List<Func<TMemory, object>> Each<TMemory>(IEnumerable<double[]> queries, Func<TMemory, double[], object> call) =>
        queries.Select(q => (Func<TMemory, object>)(m => call(m, q))).ToList();

    [Fact]
    public void DenseClassifier_Predict_Outputs_and_LargeContributionCounts_are_safe_from_8_threads()
    {
        var rng = new Random(5);
        var inputs = new float[37, 30];
        for (var i = 0; i < 37; i++)
        {
            for (var j = 0; j < 30; j++) inputs[i, j] = (float)(rng.NextDouble() * 2 - 1);
        }
        var labels = Enumerable.Range(0, 37).Select(i => i % 3).ToArray();
        var options = new DenseClassifierOptions { PatternCount = 50, ExamplesPerClass = 4, Power = 3, InitialTemperature = 5, FinalTemperature = 5 };
        DenseClassifier Build()
        {
            var c = new DenseClassifier(30, 3, options);
            c.TrainEpoch(inputs, labels);
            return c;
        }
        // Batches of several sizes, smaller and larger than the minibatch (12).
        var batches = new[] { 1, 5, 12, 13, 37 }.Select(n =>
        {
            var b = new float[n, 30];
            Array.Copy(inputs, b, n * 30);
            return b;
        }).ToArray();
        var calls = new List<Func<DenseClassifier, object>>();
        foreach (var b in batches)
        {
            calls.Add(c => c.Predict(b));
            calls.Add(c => c.Outputs(b));
            calls.Add(c => c.LargeContributionCounts(b));
        }
        Hammer(Build, calls);
    }

    [Fact]
    public void HopfieldNetwork_is_safe_from_8_threads()
    {
        var patterns = Bipolar(1, 6, 70);
        var queries = Noisy(patterns, 12, 2);
        var calls = Each<HopfieldNetwork>(queries, (m, q) => m.Retrieve(q));
        calls.AddRange(Each<HopfieldNetwork>(queries, (m, q) => m.Iterate(q).State));
        calls.AddRange(Each<HopfieldNetwork>(queries, (m, q) => m.IterateSynchronously(q).State));
        calls.Add(m => m.RetrieveBatch(Bipolar(3, 9, 70)));
        Hammer(() => HopfieldNetwork.Create(patterns, HopfieldLearningRule.HebbianZeroDiagonal), calls);
    }

    [Fact]
    public void DenseAssociativeMemory_is_safe_from_8_threads()
    {
        var patterns = Bipolar(4, 9, 50);
        var queries = Noisy(patterns, 12, 5);
        var calls = Each<DenseAssociativeMemory>(queries, (m, q) => m.Retrieve(q));
        calls.AddRange(Each<DenseAssociativeMemory>(queries, (m, q) => m.Iterate(q).State));
        calls.Add(m => m.IterateBatch(Bipolar(6, 7, 50)));
        Hammer(() => DenseAssociativeMemory.Create(patterns, DenseEnergyFunction.Polynomial, 3), calls);
    }

    [Fact]
    public void ModernHopfieldNetwork_is_safe_from_8_threads_in_both_precisions()
    {
        var patterns = Gaussian(7, 40, 33);
        var queries = Enumerable.Range(0, 10).Select(i => Row(patterns, i)).ToArray();
        var calls = Each<ModernHopfieldNetwork>(queries, (m, q) => m.Retrieve(q));
        calls.AddRange(Each<ModernHopfieldNetwork>(queries, (m, q) => m.Retrieve(Array.ConvertAll(q, x => (float)x))));
        calls.Add(m => m.RetrieveBatch(Gaussian(8, 40, 33)));
        calls.Add(m => m.RetrieveBatch(BenchFloat(Gaussian(9, 3, 33))));
        Hammer(() => ModernHopfieldNetwork.Create(patterns, 4.0), calls);
    }

    private static float[,] BenchFloat(double[,] x)
    {
        var f = new float[x.GetLength(0), x.GetLength(1)];
        for (var i = 0; i < x.GetLength(0); i++) for (var j = 0; j < x.GetLength(1); j++) f[i, j] = (float)x[i, j];
        return f;
    }

    [Theory]
    [InlineData(SimilarityFunction.Manhattan, SeparationFunction.Softmax)]
    [InlineData(SimilarityFunction.Euclidean, SeparationFunction.Max)]
    public void UniversalHopfieldNetwork_is_safe_from_8_threads(SimilarityFunction similarity, SeparationFunction separation)
    {
        var patterns = Gaussian(10, 30, 21);
        var queries = Enumerable.Range(0, 10).Select(i => Row(patterns, i)).ToArray();
        var calls = Each<UniversalHopfieldNetwork>(queries, (m, q) => m.Retrieve(q));
        calls.Add(m => m.RetrieveBatch(Gaussian(11, 35, 21)));
        Hammer(() => UniversalHopfieldNetwork.Create(patterns, new UniversalHopfieldOptions { Similarity = similarity, Separation = separation, Beta = 3 }), calls);
    }

    [Fact]
    public void PackedBipolarMemory_is_safe_from_8_threads()
    {
        var patterns = Bipolar(12, 70, 130);
        var queries = Noisy(patterns, 12, 13);
        var calls = Each<PackedBipolarMemory>(queries, (m, q) => m.Overlaps(q));
        calls.AddRange(Each<PackedBipolarMemory>(queries, (m, q) => m.Nearest(q)));
        calls.Add(m => m.NearestBatch(Bipolar(14, 20, 130)));
        Hammer(() => PackedBipolarMemory.Create(patterns), calls);
    }

    [Fact]
    public void SparseDistributedMemory_is_safe_from_8_threads()
    {
        var inputs = Bipolar(15, 5, 40);
        var queries = Noisy(inputs, 12, 16);
        var calls = Each<SparseDistributedMemory>(queries, (m, q) => m.Retrieve(q));
        calls.AddRange(Each<SparseDistributedMemory>(queries, (m, q) => m.ReadField(q)));
        calls.Add(m => m.RetrieveBatch(Bipolar(17, 6, 40)));
        Hammer(() => SparseDistributedMemory.CreateHypercube(300, 40, 40, 16, 3).WriteMany(inputs, inputs), calls);
    }

    [Fact]
    public void KernelMemoryNetwork_is_safe_from_8_threads()
    {
        var patterns = Bipolar(18, 4, 16);
        var queries = Noisy(patterns, 8, 19);
        var calls = Each<KernelMemoryNetwork>(queries, (m, q) => m.Retrieve(q));
        calls.Add(m => m.RetrieveBatch(Bipolar(20, 3, 16)));
        Hammer(() => KernelMemoryNetwork.Create(patterns, MemoryKernel.Polynomial(3, 1)), calls, rounds: 5);
    }

    [Fact]
    public void PseudoinverseNetwork_and_ExpBetaNetwork_are_safe_from_8_threads()
    {
        var patterns = Gaussian(21, 6, 12);
        var queries = Enumerable.Range(0, 8).Select(i => Row(Gaussian(22, 8, 12), i)).ToArray();
        var pinv = Each<PseudoinverseNetwork>(queries, (m, q) => m.Retrieve(q));
        pinv.Add(m => m.RetrieveBatch(Gaussian(23, 3, 12)));
        Hammer(() => PseudoinverseNetwork.Create(patterns, MemoryKernel.Exponential(1.5)), pinv, rounds: 5);
        var expBeta = Each<ExpBetaNetwork>(queries, (m, q) => m.Retrieve(q));
        expBeta.Add(m => m.RetrieveBatch(Gaussian(24, 3, 12)));
        Hammer(() => ExpBetaNetwork.Create(patterns, 2, 1.5), expBeta, rounds: 5);
        Hammer(() => ExpBetaNetwork.CreateZeroTemperature(patterns, 0.5), Each<ExpBetaNetwork>(queries, (m, q) => m.Retrieve(q)), rounds: 5);
    }

    [Fact]
    public void TwoLayerNetwork_is_safe_from_8_threads()
    {
        var patterns = Gaussian(25, 7, 9);
        var queries = Enumerable.Range(0, 7).Select(i => Row(patterns, i)).ToArray();
        var calls = Each<TwoLayerNetwork>(queries, (m, q) => m.Retrieve(q));
        calls.AddRange(Each<TwoLayerNetwork>(queries, (m, q) => m.Energy(q)));
        calls.Add(m => m.Integrate(Row(patterns, 0), new IntegrationOptions { EndTime = 1 }).FinalFeatures);
        Hammer(() => TwoLayerNetwork.ModelB(patterns, 2), calls, rounds: 5);
    }

    /// <summary>
    /// The hammer's wrong answers under load had a single-threaded cause: the Manhattan batch left the padding columns of
    /// its reused scratch stale, and the sparse-or-dense projection choice read them. One instance, calls alternating,
    /// must answer as fresh instances do.
    /// </summary>
    [Theory]
    [InlineData(SimilarityFunction.Manhattan, SeparationFunction.Softmax)]
    [InlineData(SimilarityFunction.Euclidean, SeparationFunction.Max)]
    [InlineData(SimilarityFunction.Dot, SeparationFunction.Softmax)]
    public void UniversalHopfieldNetwork_answers_do_not_depend_on_earlier_calls(SimilarityFunction similarity, SeparationFunction separation)
    {
        var rng = new Random(10);
        var patterns = new double[30, 21];
        for (var i = 0; i < 30; i++) for (var j = 0; j < 21; j++) patterns[i, j] = rng.NextDouble() * 2 - 1;
        var batch = new double[35, 21];
        for (var i = 0; i < 35; i++) for (var j = 0; j < 21; j++) batch[i, j] = rng.NextDouble() * 2 - 1;
        var options = new UniversalHopfieldOptions { Similarity = similarity, Separation = separation, Beta = 3 };
        var q = Enumerable.Range(0, 21).Select(j => patterns[0, j]).ToArray();
        var freshSingle = UniversalHopfieldNetwork.Create(patterns, options).Retrieve(q);
        var freshBatch = UniversalHopfieldNetwork.Create(patterns, options).RetrieveBatch(batch);
        var net = UniversalHopfieldNetwork.Create(patterns, options);
        for (var r = 0; r < 3; r++)
        {
            Assert.Equal(freshBatch, net.RetrieveBatch(batch));
            Assert.Equal(freshSingle, net.Retrieve(q));
        }
    }
}
