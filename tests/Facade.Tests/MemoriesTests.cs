namespace AssociativeKernels.Tests;

/// <summary>The classical Hopfield network and the dense associative memory as a C# caller uses them.</summary>
public class MemoriesTests
{
    // Three orthogonal ±1 patterns of length 16 (Walsh rows).
    private static readonly double[,] Patterns =
    {
        { 1, -1, 1, -1, 1, -1, 1, -1, 1, -1, 1, -1, 1, -1, 1, -1 },
        { 1, 1, -1, -1, 1, 1, -1, -1, 1, 1, -1, -1, 1, 1, -1, -1 },
        { 1, 1, 1, 1, -1, -1, -1, -1, 1, 1, 1, 1, -1, -1, -1, -1 },
    };

    private static double[] Row(double[,] m, int r) => Enumerable.Range(0, m.GetLength(1)).Select(i => m[r, i]).ToArray();

    /// <summary>
    /// The modern, sparse modern and universal networks built from matrices keep one copy of their rows: the
    /// facade's copy of the caller's matrix (floats widened straight into it) goes to the core as it is. (The core
    /// used to copy it once more, and floats were first widened into a double matrix, so a network of 100 000 × 784
    /// held an extra 627 MB or more while it was built.) One copy of K rows of N doubles is K·(8N + 24) bytes of
    /// arrays and 8K bytes of row references; everything else construction allocates is small against that. No copy
    /// aliases the caller's arrays: changing them afterwards changes no retrieval.
    /// </summary>
    [Fact]
    public void Networks_built_from_matrices_keep_one_copy_of_their_rows()
    {
        const int k = 2000, n = 512;
        var rng = new Random(3);
        double[,] Matrix()
        {
            var m = new double[k, n];
            for (var i = 0; i < k; i++) for (var j = 0; j < n; j++) m[i, j] = rng.NextDouble() - 0.5;
            return m;
        }
        var x = Matrix();
        var y = Matrix();
        var (xf, yf) = (new float[k, n], new float[k, n]);
        for (var i = 0; i < k; i++) for (var j = 0; j < n; j++) (xf[i, j], yf[i, j]) = ((float)x[i, j], (float)y[i, j]);
        var oneCopy = k * (8.0 * n + 24) + 8.0 * k;
        var builds = new (string Name, int Copies, Func<Func<double[], double[]>> Build)[]
        {
            ("modern", 1, () => ModernHopfieldNetwork.Create(x, 1.0).Retrieve),
            ("modern from floats", 1, () => ModernHopfieldNetwork.Create(xf, 1.0).Retrieve),
            ("modern hetero", 2, () => ModernHopfieldNetwork.CreateHetero(x, y, 1.0).Retrieve),
            ("modern hetero from floats", 2, () => ModernHopfieldNetwork.CreateHetero(xf, yf, 1.0).Retrieve),
            ("sparse modern", 1, () => SparseModernHopfieldNetwork.Create(x, 1.0, SimplexMap.Sparsemax).Retrieve),
            ("sparse modern hetero", 2, () => SparseModernHopfieldNetwork.CreateHetero(x, y, 1.0, SimplexMap.Sparsemax).Retrieve),
            ("universal", 1, () => UniversalHopfieldNetwork.Create(x).Retrieve),
            ("universal hetero", 2, () => UniversalHopfieldNetwork.CreateHetero(x, y).Retrieve),
            ("universal hetero from floats", 2, () => UniversalHopfieldNetwork.CreateHetero(xf, yf).Retrieve),
            ("dense associative", 1, () =>
            {
                var dam = DenseAssociativeMemory.Create(x, DenseEnergyFunction.RectifiedPolynomial, 3);
                return q => dam.Retrieve(q.Select(v => v >= 0 ? 1.0 : -1.0).ToArray());
            }),
        };
        var q = Enumerable.Range(0, n).Select(j => x[0, j]).ToArray();
        var retrievers = new List<(string, Func<double[], double[]>, double[])>();
        foreach (var (name, copies, build) in builds)
        {
            build();
            var before = GC.GetAllocatedBytesForCurrentThread();
            var retrieve = build();
            var bytes = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.True(bytes >= copies * oneCopy && bytes <= 1.25 * copies * oneCopy,
                $"{name}: construction allocated {bytes} bytes; {copies} copies of the rows are {copies * oneCopy}");
            retrievers.Add((name, retrieve, retrieve(q)));
        }
        for (var i = 0; i < k; i++) for (var j = 0; j < n; j++) (x[i, j], y[i, j], xf[i, j], yf[i, j]) = (0, 0, 0, 0);
        foreach (var (name, retrieve, z) in retrievers) Assert.True(z.SequenceEqual(retrieve(q)), $"{name}: the retrieval changed with the caller's matrix");
    }

    [Fact]
    public void A_Hopfield_network_cleans_up_a_flipped_bit()
    {
        var net = HopfieldNetwork.Create(Patterns, HopfieldLearningRule.HebbianZeroDiagonal);
        var noisy = Row(Patterns, 0);
        noisy[3] = -noisy[3];

        var result = net.Iterate(noisy);

        Assert.Equal(IterationEnding.Converged, result.Ending);
        Assert.Equal(Row(Patterns, 0), result.State);
        Assert.True(net.Energy(result.State) < net.Energy(noisy));
        Assert.Equal(Row(Patterns, 0), net.Retrieve(noisy));
    }

    [Fact]
    public void Float_matrices_and_row_major_spans_build_the_same_network()
    {
        var floats = new float[3, 16];
        var flat = new double[48];
        for (var m = 0; m < 3; m++)
        {
            for (var i = 0; i < 16; i++) { floats[m, i] = (float)Patterns[m, i]; flat[m * 16 + i] = Patterns[m, i]; }
        }
        var a = HopfieldNetwork.Create(Patterns, HopfieldLearningRule.Pseudoinverse).Weights();
        var b = HopfieldNetwork.Create(floats, HopfieldLearningRule.Pseudoinverse).Weights();
        var c = HopfieldNetwork.Create(flat, 16, HopfieldLearningRule.Pseudoinverse).Weights();
        Assert.Equal(a, b);
        Assert.Equal(a, c);
    }

    [Fact]
    public void Batch_retrieval_answers_row_by_row()
    {
        var net = HopfieldNetwork.Create(Patterns, HopfieldLearningRule.Pseudoinverse);
        var answers = net.RetrieveBatch(Patterns);
        Assert.Equal(Patterns, answers);
        Assert.Equal(Patterns, net.IterateBatch(Patterns));
    }

    [Fact]
    public void Hetero_association_maps_a_key_to_its_value()
    {
        var values = new double[,] { { 1, 1 }, { -1, 1 }, { 1, -1 } };
        var net = HopfieldNetwork.CreateHetero(Patterns, values, HopfieldLearningRule.Pseudoinverse);
        Assert.Equal(2, net.OutputDimension);
        Assert.Equal(new double[] { -1, 1 }, net.Retrieve(Row(Patterns, 1)));
    }

    [Fact]
    public void Bad_input_names_the_parameter()
    {
        var half = new double[,] { { 1, 0.5 } };
        Assert.Contains("patterns", Assert.ThrowsAny<ArgumentException>(() => HopfieldNetwork.Create(half)).Message);
        Assert.Contains("patterns", Assert.ThrowsAny<ArgumentException>(() => HopfieldNetwork.Create(new double[0, 3])).Message);
        Assert.Contains("patterns", Assert.ThrowsAny<ArgumentException>(() => HopfieldNetwork.Create(new double[,] { { 1, double.NaN } })).Message);
        var net = HopfieldNetwork.Create(Patterns);
        Assert.Equal("query", Assert.ThrowsAny<ArgumentException>(() => net.Iterate(new double[] { 1, 1 })).ParamName);
        Assert.Equal("state", Assert.ThrowsAny<ArgumentException>(() => net.Energy(new double[] { 1, 1, 1 })).ParamName);
        Assert.Equal("values", Assert.ThrowsAny<ArgumentException>(() => HopfieldNetwork.CreateHetero(Patterns, new double[,] { { 1 } })).ParamName);
        var dense = DenseAssociativeMemory.Create(Patterns, DenseEnergyFunction.Polynomial, degree: 3);
        Assert.Equal("neuron", Assert.ThrowsAny<ArgumentException>(() => dense.UpdateNeuron(Row(Patterns, 0), 16)).ParamName);
        Assert.Equal("degree", Assert.ThrowsAny<ArgumentException>(() => DenseAssociativeMemory.Create(Patterns, DenseEnergyFunction.Polynomial, degree: 0)).ParamName);
    }

    [Fact]
    public void A_dense_memory_stores_more_patterns_than_neurons_and_solves_XOR()
    {
        // DAM §3: four XOR triplets (x, y, x XOR y) in three neurons, F = x³.
        var xor = new double[,] { { -1, -1, -1 }, { -1, 1, 1 }, { 1, -1, 1 }, { 1, 1, -1 } };
        var memory = DenseAssociativeMemory.Create(xor, DenseEnergyFunction.Polynomial, degree: 3);
        foreach (var (x, y) in new[] { (-1.0, -1.0), (-1.0, 1.0), (1.0, -1.0), (1.0, 1.0) })
        {
            var output = memory.UpdateNeuron(new[] { x, y, 1.0 }, neuron: 2)[2];
            Assert.Equal(-x * y, output);
        }
        Assert.Equal(4, memory.PatternCount);
    }

    [Fact]
    public void Dense_retrieval_converges_and_lowers_the_energy()
    {
        var memory = DenseAssociativeMemory.Create(Patterns, DenseEnergyFunction.RectifiedPolynomial, degree: 4);
        var noisy = Row(Patterns, 2);
        noisy[0] = -noisy[0];
        noisy[5] = -noisy[5];
        var result = memory.Iterate(noisy, seed: 42);
        Assert.Equal(IterationEnding.Converged, result.Ending);
        Assert.Equal(Row(Patterns, 2), result.State);
        Assert.True(memory.Energy(result.State) < memory.Energy(noisy));
        Assert.Equal(Row(Patterns, 2), Row(memory.IterateBatch(new double[,] { { -1, 1, 1, 1, -1, 1, -1, -1, 1, 1, 1, 1, -1, -1, -1, -1 } }), 0));
    }

    [Fact]
    public void The_one_step_classifier_approaches_its_dual_network_as_epsilon_shrinks()
    {
        // Rows: 6 visible components then 2 labels (DAM §4 layout), real-valued memories.
        var memories = new double[,]
        {
            { 0.2, -0.1, 0.3, 0.0, -0.2, 0.1, 0.9, -0.9 },
            { -0.3, 0.2, -0.1, 0.2, 0.1, -0.2, -0.9, 0.9 },
        };
        var memory = DenseAssociativeMemory.Create(memories, DenseEnergyFunction.RectifiedPolynomial, degree: 3);
        var image = new[] { 0.5, -0.5, 0.5, 0.0, -0.5, 0.5 };
        var dual = memory.Dual(image, labelCount: 2);
        var coarse = memory.Classify(image, 2, beta: 1 / (2 * 1e-2), labelStart: -1e-2);
        var fine = memory.Classify(image, 2, beta: 1 / (2 * 1e-5), labelStart: -1e-5);
        Assert.True(Math.Abs(fine[0] - dual[0]) < Math.Abs(coarse[0] - dual[0]));
        // First-order gap (DAM Eq. 10's expansion): ε·|ξ_α|·F″(h)·(|Σ_γ≠α ξ_γ| + |ξ_α|) = 1e-5·0.9·(6·0.45)·1.8 ≈ 4.4e-5.
        Assert.True(Math.Abs(fine[0] - dual[0]) < 1e-4);
        Assert.True(dual[0] > dual[1]); // the image resembles the first memory
    }

    [Fact]
    public void Many_threads_may_query_one_memory()
    {
        var memory = DenseAssociativeMemory.Create(Patterns, DenseEnergyFunction.Exponential);
        var expected = memory.Retrieve(Row(Patterns, 1));
        Parallel.For(0, 64, _ => Assert.Equal(expected, memory.Retrieve(Row(Patterns, 1))));
    }
}
