namespace AssociativeKernels.Tests;

/// <summary>M3, M5, M6 called as a C# program calls them.</summary>
public class UniversalMemoriesTests
{
    // Two orthogonal ±1 patterns of length 4.
    private static readonly double[,] Patterns = { { 1, 1, -1, -1 }, { 1, -1, 1, -1 } };

    [Fact]
    public void Modern_hopfield_retrieves_a_stored_pattern_from_a_corrupted_query()
    {
        var net = ModernHopfieldNetwork.Create(Patterns, beta: 8);
        var z = net.Retrieve(new double[] { 1, 1, -1, 1 });
        // ξ¹·q = 2, ξ²·q = −2: weights e^{16}/(e^{16} + e^{−16}), so z = ξ¹ to within 2e^{−32}.
        for (var i = 0; i < 4; i++) Assert.True(Math.Abs(z[i] - Patterns[0, i]) < 3 * Math.Exp(-32));
        var weights = net.Weights(new double[] { 1, 1, -1, 1 });
        Assert.True(Tolerances.Relative(weights.Sum(), 1) < Tolerances.FewOperations);
        Assert.Equal(IterationEnding.Converged, net.Iterate(new double[] { 1, 1, -1, 1 }).Ending);
    }

    [Fact]
    public void Modern_hopfield_energy_has_the_log_sum_exp_form()
    {
        var net = ModernHopfieldNetwork.Create(Patterns, beta: 1);
        // v = 0: E = −ln(e⁰ + e⁰) + 0 = −ln 2; Ramsauer adds ln 2 + ½·4 = 2 + ln 2 − ln 2 = 2.
        Assert.True(Math.Abs(net.Energy(new double[4]) + Math.Log(2)) < Tolerances.FewOperations);
        Assert.True(Math.Abs(net.RamsauerEnergy(new double[4]) - 2) < Tolerances.FewOperations);
        var next = net.EulerStep(new double[] { 1, 1, -1, 1 }, stepSize: 0.5);
        Assert.True(net.Energy(next) <= net.Energy(new double[] { 1, 1, -1, 1 }));
    }

    [Fact]
    public void Attention_is_the_hetero_associative_modern_hopfield_network()
    {
        var values = new double[,] { { 10 }, { 20 } };
        var net = ModernHopfieldNetwork.CreateHetero(Patterns, values, beta: 0.5);
        Assert.False(net.IsAutoAssociative);
        Assert.Equal(1, net.OutputDimension);
        // q = ξ¹: logits 0.5·4 = 2 and 0: z = (10 e² + 20)/(e² + 1).
        var expected = (10 * Math.Exp(2) + 20) / (Math.Exp(2) + 1);
        Assert.True(Tolerances.Relative(net.Retrieve(new double[] { 1, 1, -1, -1 })[0], expected) < Tolerances.FewOperations);
        var batch = net.RetrieveBatch(Patterns);
        Assert.Equal(2, batch.GetLength(0));
        Assert.True(Tolerances.Relative(batch[0, 0], expected) < Tolerances.FewOperations);
    }

    [Fact]
    public void Universal_network_with_dot_and_softmax_is_the_modern_hopfield_network()
    {
        var uhn = UniversalHopfieldNetwork.Create(Patterns, new UniversalHopfieldOptions { Separation = SeparationFunction.Softmax, Beta = 2 });
        var mhn = ModernHopfieldNetwork.Create(Patterns, beta: 2);
        double[] q = [0.5, 1, -1, 0.2];
        var a = uhn.Retrieve(q);
        var b = mhn.Retrieve(q);
        for (var i = 0; i < 4; i++) Assert.True(Math.Abs(a[i] - b[i]) < Tolerances.FewOperations);
        Assert.True(Math.Abs(uhn.Energy(q) - mhn.Energy(q)) < Tolerances.FewOperations);
    }

    [Fact]
    public void Universal_network_with_manhattan_and_max_returns_the_nearest_pattern()
    {
        var images = new float[,] { { 0, 0, 1, 1 }, { 1, 1, 0, 0 }, { 1, 0, 1, 0 } };
        var net = UniversalHopfieldNetwork.Create(images, new UniversalHopfieldOptions
        {
            Similarity = SimilarityFunction.Manhattan,
            Separation = SeparationFunction.Max,
        });
        Assert.Equal(new float[] { 1, 1, 0, 0 }, net.Retrieve(new float[] { 0.9f, 0.8f, 0.1f, 0.3f }));
        var batch = net.RetrieveBatch(new double[,] { { 0, 0.2, 0.9, 1 }, { 1, 0.1, 0.8, 0 } });
        Assert.Equal(new double[] { 0, 0, 1, 1 }, Enumerable.Range(0, 4).Select(i => batch[0, i]));
        Assert.Equal(new double[] { 1, 0, 1, 0 }, Enumerable.Range(0, 4).Select(i => batch[1, i]));
    }

    [Fact]
    public void Appendix_E_normalization_makes_scores_sum_to_one()
    {
        var images = new double[,] { { 0, 0, 1, 1 }, { 1, 1, 0, 0 } };
        var net = UniversalHopfieldNetwork.Create(images, UniversalHopfieldOptions.AppendixE(SimilarityFunction.Euclidean, SeparationFunction.Softmax));
        // squared distances from (0, 0, 1, 0.5): 0.25 and 3.25; reciprocals normalized: (1/0.25)/(1/0.25 + 1/3.25).
        var scores = net.Scores(new double[] { 0, 0, 1, 0.5 });
        Assert.True(Tolerances.Relative(scores[0], 4 / (4 + 1 / 3.25)) < Tolerances.FewOperations);
        Assert.True(Tolerances.Relative(scores.Sum(), 1) < Tolerances.FewOperations);
    }

    [Fact]
    public void Divergence_smoothing_gives_finite_KL_scores_where_the_exact_divergences_are_infinite()
    {
        // Memories (3, 0, 1) and (1, 1, 2), query (0, 1, 1), reverse KL D(ξ ‖ q) with ε = 1e-4 on the normalized vectors:
        // D = 6.518856907841905 and 1.7828746725840834, App. E weights (1/d)/Σ(1/d) = 0.2147593734285249, 0.7852406265714751
        // (computed independently in Python with math.log).
        var memories = new double[,] { { 3, 0, 1 }, { 1, 1, 2 } };
        double[] query = [0, 1, 1];
        var options = UniversalHopfieldOptions.AppendixE(SimilarityFunction.ReverseKullbackLeibler, SeparationFunction.Identity)
            with { DivergenceSmoothing = UniversalHopfieldOptions.AuthorsDivergenceSmoothing };
        Assert.Equal(1e-4, UniversalHopfieldOptions.AuthorsDivergenceSmoothing);
        var scores = UniversalHopfieldNetwork.Create(memories, options).Scores(query);
        Assert.True(Tolerances.Relative(scores[0], 0.2147593734285249) < 1e-14, $"{scores[0]:R}");
        Assert.True(Tolerances.Relative(scores[1], 0.7852406265714751) < 1e-14, $"{scores[1]:R}");
        // Exact divergences (the default ε = 0) are +∞ for both memories: App. E's limit of equal distances.
        var exact = UniversalHopfieldNetwork.Create(memories, options with { DivergenceSmoothing = 0 }).Scores(query);
        Assert.Equal([0.5, 0.5], exact);
    }

    [Fact]
    public void Universal_network_explains_what_is_wrong_with_bad_input()
    {
        Assert.Equal("DivergenceSmoothing", Assert.ThrowsAny<ArgumentException>(() => UniversalHopfieldNetwork.Create(Patterns,
            new UniversalHopfieldOptions { Similarity = SimilarityFunction.KullbackLeibler, DivergenceSmoothing = -1e-4 })).ParamName);
        Assert.Throws<ArgumentException>("patterns", () => UniversalHopfieldNetwork.Create(new double[0, 3]));
        var net = UniversalHopfieldNetwork.Create(Patterns);
        Assert.Contains("query", Assert.ThrowsAny<ArgumentException>(() => net.Retrieve(new double[] { 1, 2, 3 })).Message);
        Assert.ThrowsAny<ArgumentException>(() => UniversalHopfieldNetwork.CreateHetero(Patterns, new double[,] { { 1 } }));
        var kl = UniversalHopfieldNetwork.Create(new double[,] { { 0.5, 0.5 } }, new UniversalHopfieldOptions { Similarity = SimilarityFunction.KullbackLeibler });
        Assert.Contains("≥ 0", Assert.ThrowsAny<ArgumentException>(() => kl.Retrieve(new double[] { -1, 2 })).Message);
        Assert.Equal("Beta", Assert.ThrowsAny<ArgumentException>(() => UniversalHopfieldNetwork.Create(Patterns, new UniversalHopfieldOptions { Beta = -1 })).ParamName);
        Assert.ThrowsAny<ArgumentException>(() => ModernHopfieldNetwork.Create(Patterns, beta: 0));
        Assert.ThrowsAny<ArgumentException>(() => ModernHopfieldNetwork.Create(new double[,] { { double.NaN } }, beta: 1));
    }

    [Fact]
    public void Sparse_distributed_memory_writes_and_reads_back()
    {
        var empty = SparseDistributedMemory.CreateHypercube(slotCount: 2000, dimension: 16, outputDimension: 3, radius: 5, seed: 42);
        double[] address = [1, -1, 1, 1, -1, -1, 1, -1, 1, 1, 1, -1, -1, 1, -1, 1];
        double[] data = [1, -1, 1];
        var memory = empty.Write(address, data);
        Assert.Equal(0, empty.PatternCount);
        Assert.Equal(1, memory.PatternCount);
        Assert.Equal(data, memory.Retrieve(address));
        // one bit off the written address still reads the data back
        var noisy = (double[])address.Clone();
        noisy[0] = -1;
        Assert.Equal(data, memory.Retrieve(noisy));
        Assert.Equal(new double[3], empty.Retrieve(address));
    }

    [Fact]
    public void Sparse_distributed_memory_field_approaches_its_kernel_form()
    {
        const int slots = 20000;
        var inputs = new double[,] { { 1, 1, 1, 1, -1, -1, -1, -1 } };
        var outputs = new double[,] { { 1 } };
        var memory = SparseDistributedMemory.CreateHypercube(slots, dimension: 8, outputDimension: 1, radius: 3, seed: 7).WriteMany(inputs, outputs);
        double[] query = [1, 1, 1, -1, -1, -1, -1, -1];
        var finite = memory.ReadField(query)[0] / slots;
        var kernel = SparseDistributedMemory.HypercubeKernelField(inputs, outputs, query, radius: 3)[0];
        // a binomial fraction of 20000 addresses: within 5 standard errors plus one address
        Assert.True(Math.Abs(finite - kernel) <= 5 * Math.Sqrt(kernel * (1 - kernel) / slots) + 1.0 / slots, $"{finite} vs {kernel}");
        Assert.ThrowsAny<ArgumentException>(() => memory.Retrieve(new double[] { 1, 0.5, 1, 1, 1, 1, 1, 1 }));
        Assert.ThrowsAny<ArgumentException>(() => SparseDistributedMemory.CreateHypersphere(10, 3, 1, bias: 1.5, seed: 1));
    }

    [Fact]
    public void Memories_answer_queries_from_many_threads()
    {
        var net = UniversalHopfieldNetwork.Create(Patterns, new UniversalHopfieldOptions { Beta = 4 });
        var expected = net.Retrieve(new double[] { 1, 1, -1, 1 });
        Parallel.For(0, 64, _ => Assert.Equal(expected, net.Retrieve(new double[] { 1, 1, -1, 1 })));
    }
}
