namespace AssociativeKernels.Tests;

/// <summary>
/// One piece of generic code, written against <see cref="IAssociativeMemory"/> only, run over an instance of every
/// memory of the facade: store four orthogonal ±1 patterns, retrieve pattern 0 with one bit flipped (one step, a
/// batch in double and in float, and iteration to a fixed point), and check that pattern 0 comes back. Then the
/// refusals every memory shares: the caller's parameter names (<c>query</c>, <c>queries</c> with the row,
/// <c>patterns</c>, <c>keys</c>, <c>values</c>), never an <see cref="AggregateException"/>, and
/// <see cref="InvalidOperationException"/> for <c>Iterate</c> on a hetero-associative memory.
/// </summary>
public class AssociativeMemoryInterfaceTests
{
    private const int N = 16;

    /// <summary>Rows 1–4 of the Sylvester–Hadamard matrix H₁₆ (H_ij = (−1)^popcount(i ∧ j)): ±1 and pairwise orthogonal.</summary>
    private static readonly double[,] Patterns = Hadamard(1, 4);

    private static double[,] Hadamard(int first, int count)
    {
        var h = new double[count, N];
        for (var m = 0; m < count; m++)
        {
            for (var i = 0; i < N; i++) h[m, i] = int.PopCount((first + m) & i) % 2 == 0 ? 1 : -1;
        }
        return h;
    }

    private static double[] Row(double[,] x, int m) => Enumerable.Range(0, x.GetLength(1)).Select(i => x[m, i]).ToArray();

    /// <summary>Pattern <paramref name="m"/> with its last component flipped: overlap N − 2 = 14 with it, ±2 with the others.</summary>
    private static double[] Flipped(int m)
    {
        var q = Row(Patterns, m);
        q[^1] = -q[^1];
        return q;
    }

    /// <summary>A memory's name, how to build it from a pattern matrix, and the name of the factory's parameter that takes it.</summary>
    public sealed record Model(string Name, Func<double[,], IAssociativeMemory> Create, string PatternsParameter = "patterns")
    {
        public override string ToString() => Name;
    }

    private static IEnumerable<Model> All() =>
    [
        new("HopfieldNetwork", p => HopfieldNetwork.Create(p)),
        new("HopfieldNetwork(pseudoinverse)", p => HopfieldNetwork.Create(p, HopfieldLearningRule.Pseudoinverse)),
        new("DenseAssociativeMemory", p => DenseAssociativeMemory.Create(p, degree: 3)),
        new("ModernHopfieldNetwork", p => ModernHopfieldNetwork.Create(p, beta: 1)),
        new("SparseModernHopfieldNetwork(sparsemax)", p => SparseModernHopfieldNetwork.Create(p, beta: 1, SimplexMap.Sparsemax)),
        new("UniversalHopfieldNetwork", p => UniversalHopfieldNetwork.Create(p)),
        new("UniversalHopfieldNetwork(Manhattan, App. E)", p => UniversalHopfieldNetwork.Create(p,
            UniversalHopfieldOptions.AppendixE(SimilarityFunction.Manhattan, SeparationFunction.Max))),
        new("ExpBetaNetwork", p => ExpBetaNetwork.Create(p, beta: 10, radius: 4)),
        new("ExpBetaNetwork(β → ∞)", p => ExpBetaNetwork.CreateZeroTemperature(p, radius: 3)),
        new("PseudoinverseNetwork", p => PseudoinverseNetwork.Create(p, MemoryKernel.ExpBeta(10, 4))),
        new("KernelMemoryNetwork", p => KernelMemoryNetwork.Create(p, MemoryKernel.Polynomial(degree: 3, offset: 1))),
        new("KernelMemoryNetwork(no self-connections)", p => KernelMemoryNetwork.Create(p, MemoryKernel.Polynomial(degree: 3, offset: 1), selfConnections: false)),
        new("SparseDistributedMemory", p => SparseDistributedMemory.CreateHypercube(10_000, p.GetLength(1), p.GetLength(1), 4, seed: 1).WriteMany(p, p), "inputs"),
        new("TwoLayerNetwork(model A)", p => TwoLayerNetwork.ModelA(p, Lagrangian.Power(3))),
        new("TwoLayerNetwork(model B)", p => TwoLayerNetwork.ModelB(p, beta: 1)),
        new("PackedBipolarMemory", p => PackedBipolarMemory.Create(p)),
    ];

    public static TheoryData<Model> Models() => [.. All()];

    private static void AssertSignIs(double[] expected, IReadOnlyList<double> actual, string what)
    {
        Assert.Equal(expected.Length, actual.Count);
        for (var i = 0; i < expected.Length; i++) Assert.True(Math.Sign(actual[i]) == Math.Sign(expected[i]), $"{what}: component {i} is {actual[i]:R}, pattern has {expected[i]}");
    }

    /// <summary>The generic code: nothing in it knows which model it runs.</summary>
    private static void StoreAndRetrieve(IAssociativeMemory memory)
    {
        Assert.Equal(4, memory.PatternCount);
        Assert.Equal(N, memory.Dimension);
        Assert.Equal(N, memory.OutputDimension);
        Assert.True(memory.IsAutoAssociative);

        var p0 = Row(Patterns, 0);
        var one = memory.Retrieve(Flipped(0));
        AssertSignIs(p0, one, "Retrieve(double)");
        AssertSignIs(p0, memory.Retrieve(Flipped(0).Select(x => (float)x).ToArray()).Select(x => (double)x).ToArray(), "Retrieve(float)");

        var queries = new double[3, N];
        for (var m = 0; m < 3; m++) for (var i = 0; i < N; i++) queries[m, i] = Flipped(m)[i];
        var batch = memory.RetrieveBatch(queries);
        var single = new float[3, N];
        for (var m = 0; m < 3; m++) for (var i = 0; i < N; i++) single[m, i] = (float)queries[m, i];
        var batch32 = memory.RetrieveBatch(single);
        Assert.Equal((3, N), (batch.GetLength(0), batch.GetLength(1)));
        Assert.Equal((3, N), (batch32.GetLength(0), batch32.GetLength(1)));
        for (var m = 0; m < 3; m++)
        {
            var row = Row(batch, m);
            AssertSignIs(Row(Patterns, m), row, $"RetrieveBatch(double) row {m}");
            var alone = memory.Retrieve(Flipped(m));
            for (var i = 0; i < N; i++)
            {
                // A batch row is the one query's answer (to rounding; the dense fast path tiles a batch differently).
                Assert.True(Math.Abs(row[i] - alone[i]) <= 1e-12 * Math.Max(1, Math.Abs(alone[i])), $"batch row {m}[{i}] = {row[i]:R}, alone {alone[i]:R}");
                // Float in, float out: the double answer to float's precision (a few roundings of a sum of 4 terms).
                Assert.True(Math.Abs(batch32[m, i] - alone[i]) <= 1e-5 * Math.Max(1, Math.Abs(alone[i])), $"float batch row {m}[{i}] = {batch32[m, i]:R}, double {alone[i]:R}");
            }
        }

        var run = memory.Iterate(Flipped(0), maxSteps: 100);
        Assert.Equal(IterationEnding.Converged, run.Ending);
        Assert.InRange(run.Steps, 1, 100);
        AssertSignIs(p0, run.State, "Iterate");
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void The_same_generic_code_stores_four_patterns_and_retrieves_a_flipped_one_from_every_memory(Model model) =>
        StoreAndRetrieve(model.Create(Patterns));

    /// <summary>Records a refusal, failing if it is an <see cref="AggregateException"/> (a check that ran on a worker thread).</summary>
    private static T Refusal<T>(Action call) where T : Exception
    {
        var e = Record.Exception(call);
        Assert.NotNull(e);
        Assert.IsNotType<AggregateException>(e);
        return Assert.IsAssignableFrom<T>(e);
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void A_query_of_the_wrong_length_is_refused_naming_query(Model model)
    {
        var memory = model.Create(Patterns);
        Assert.Equal("query", Refusal<ArgumentException>(() => memory.Retrieve(new double[N - 1])).ParamName);
        Assert.Equal("query", Refusal<ArgumentException>(() => memory.Retrieve(new float[N + 1])).ParamName);
        Assert.Equal("query", Refusal<ArgumentException>(() => memory.Iterate(new double[N - 1], 10)).ParamName);
        var nan = Flipped(0);
        nan[3] = double.NaN;
        Assert.Equal("query", Refusal<ArgumentException>(() => memory.Retrieve(nan)).ParamName);
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void A_bad_row_of_a_batch_is_refused_naming_queries_and_the_row(Model model)
    {
        var memory = model.Create(Patterns);
        var queries = new double[5, N];
        for (var m = 0; m < 5; m++) for (var i = 0; i < N; i++) queries[m, i] = Patterns[m % 4, i];
        queries[3, 5] = double.NaN;
        var e = Refusal<ArgumentException>(() => memory.RetrieveBatch(queries));
        Assert.Equal("queries", e.ParamName);
        Assert.Matches(@"queries(\[3, 5\]| row 3)", e.Message);
        var single = new float[5, N];
        for (var m = 0; m < 5; m++) for (var i = 0; i < N; i++) single[m, i] = (float)queries[m, i];
        var f = Refusal<ArgumentException>(() => memory.RetrieveBatch(single));
        Assert.Equal("queries", f.ParamName);
        Assert.Matches(@"queries(\[3, 5\]| row 3)", f.Message);
        Assert.Equal("queries", Refusal<ArgumentException>(() => memory.RetrieveBatch(new double[2, N + 1])).ParamName);
        Assert.Equal("queries", Refusal<ArgumentNullException>(() => memory.RetrieveBatch((double[,])null!)).ParamName);
        Assert.Equal("queries", Refusal<ArgumentNullException>(() => memory.RetrieveBatch((float[,])null!)).ParamName);
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void A_non_finite_pattern_entry_is_refused_naming_the_patterns_parameter(Model model)
    {
        var patterns = (double[,])Patterns.Clone();
        patterns[2, 7] = double.NaN;
        var e = Refusal<ArgumentException>(() => model.Create(patterns));
        Assert.Equal(model.PatternsParameter, e.ParamName);
        Assert.Contains($"{model.PatternsParameter}[2, 7]", e.Message);
    }

    /// <summary>The hetero-associative memories: keys (here the patterns) to values (4 rows of length 5).</summary>
    public static TheoryData<string> HeteroModels() =>
        ["HopfieldNetwork", "ModernHopfieldNetwork", "UniversalHopfieldNetwork", "KernelMemoryNetwork"];

    private static IAssociativeMemory Hetero(string name, double[,] keys, double[,] values) => name switch
    {
        "HopfieldNetwork" => HopfieldNetwork.CreateHetero(keys, values),
        "ModernHopfieldNetwork" => ModernHopfieldNetwork.CreateHetero(keys, values, beta: 1),
        "UniversalHopfieldNetwork" => UniversalHopfieldNetwork.CreateHetero(keys, values),
        "KernelMemoryNetwork" => KernelMemoryNetwork.CreateHetero(keys, values, MemoryKernel.Polynomial(degree: 3, offset: 1)),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    private static double[,] Values()
    {
        var v = new double[4, 5];
        for (var m = 0; m < 4; m++) for (var i = 0; i < 5; i++) v[m, i] = (m + i) % 3 == 0 ? 1 : -1;
        return v;
    }

    [Theory]
    [MemberData(nameof(HeteroModels))]
    public void A_hetero_associative_memory_maps_a_noisy_key_to_its_value_and_refuses_to_iterate(string name)
    {
        var values = Values();
        var memory = Hetero(name, Patterns, values);
        Assert.False(memory.IsAutoAssociative);
        Assert.Equal((4, N, 5), (memory.PatternCount, memory.Dimension, memory.OutputDimension));
        AssertSignIs(Row(values, 0), memory.Retrieve(Flipped(0)), "hetero Retrieve");
        var e = Assert.Throws<InvalidOperationException>(() => memory.Iterate(Flipped(0), 10));
        Assert.Contains("hetero-associative", e.Message);
    }

    [Theory]
    [MemberData(nameof(HeteroModels))]
    public void CreateHetero_names_keys_and_values(string name)
    {
        var keys = (double[,])Patterns.Clone();
        keys[1, 2] = double.NaN;
        Assert.Equal("keys", Refusal<ArgumentException>(() => Hetero(name, keys, Values())).ParamName);
        var values = Values();
        values[0, 0] = double.PositiveInfinity;
        Assert.Equal("values", Refusal<ArgumentException>(() => Hetero(name, Patterns, values)).ParamName);
        Assert.Equal("values", Refusal<ArgumentException>(() => Hetero(name, Patterns, new double[3, 5])).ParamName);
    }

    [Fact]
    public void A_sparse_distributed_memory_iterates_only_while_every_pair_written_stored_a_pattern_at_itself()
    {
        var auto = SparseDistributedMemory.CreateHypercube(1000, N, N, 4, seed: 1).WriteMany(Patterns, Patterns);
        Assert.True(auto.IsAutoAssociative);
        var hetero = auto.Write(Row(Patterns, 0), Row(Patterns, 1));
        Assert.False(hetero.IsAutoAssociative);
        Assert.Contains("not auto-associative", Assert.Throws<InvalidOperationException>(() => hetero.Iterate(Flipped(0))).Message);
        Assert.False(SparseDistributedMemory.CreateHypercube(1000, N, 3, 4, seed: 1).IsAutoAssociative);
        Assert.False(SparseDistributedMemory.CreateHypersphere(1000, N, N, 0.2, seed: 1).IsAutoAssociative);
    }

    [Fact]
    public void Model_parameters_are_named_as_the_caller_passed_them()
    {
        Assert.Equal("beta", Refusal<ArgumentOutOfRangeException>(() => ModernHopfieldNetwork.Create(Patterns, beta: 0)).ParamName);
        Assert.Equal("beta", Refusal<ArgumentOutOfRangeException>(() => ExpBetaNetwork.Create(Patterns, beta: -1, radius: 1)).ParamName);
        Assert.Equal("radius", Refusal<ArgumentOutOfRangeException>(() => ExpBetaNetwork.Create(Patterns, beta: 1, radius: double.NaN)).ParamName);
        Assert.Equal("degree", Refusal<ArgumentOutOfRangeException>(() => DenseAssociativeMemory.Create(Patterns, degree: 0)).ParamName);
        Assert.Equal("radius", Refusal<ArgumentOutOfRangeException>(() => SparseDistributedMemory.CreateHypercube(10, N, N, N + 1, 1)).ParamName);
        Assert.Equal("featureTimeConstant", Refusal<ArgumentOutOfRangeException>(() =>
            TwoLayerNetwork.Create(Patterns, Lagrangian.Quadratic, Lagrangian.LogSumExp(1), featureTimeConstant: 0)).ParamName);
        Assert.Equal("maxSteps", Refusal<ArgumentOutOfRangeException>(() => HopfieldNetwork.Create(Patterns).Iterate(Flipped(0), maxSteps: 0)).ParamName);
        Assert.Equal("tolerance", Refusal<ArgumentOutOfRangeException>(() => ModernHopfieldNetwork.Create(Patterns, 1).Iterate(Flipped(0), 10, -1)).ParamName);
        Assert.Equal("state", Refusal<ArgumentException>(() => DenseAssociativeMemory.Create(Patterns).Energy(new double[3])).ParamName);
        Assert.Equal("neuron", Refusal<ArgumentOutOfRangeException>(() => DenseAssociativeMemory.Create(Patterns).UpdateNeuron(Flipped(0), N)).ParamName);
    }

    [Fact]
    public void A_float_output_beyond_floats_range_is_refused_naming_queries_and_the_row()
    {
        // Model A with F = x³ (f = 3x²) and a stored row of 1e100: from v = (1, 1) the update is ξᵀ 3(ξ·sgn v)² =
        // (1e100 · 3e200, 3) = (3e300, 3), finite in double, beyond float; from (0, 1) it is (0, 3).
        var memory = TwoLayerNetwork.ModelA(new double[,] { { 1e100, 0 }, { 0, 1 } }, Lagrangian.Power(3));
        Assert.Equal([0.0, 3.0], memory.Retrieve(new double[] { 0, 1 }));
        Assert.Equal(3e300, memory.Retrieve(new double[] { 1, 1 })[0], 1e286);
        var e = Assert.Throws<ArgumentException>(() => memory.RetrieveBatch(new float[,] { { 0, 1 }, { 1, 1 } }));
        Assert.Equal("queries", e.ParamName);
        Assert.Contains("queries row 1", e.Message);
        Assert.Equal("query", Assert.Throws<ArgumentException>(() => memory.Retrieve(new float[] { 1, 1 })).ParamName);
    }

    [Fact]
    public void DenseAssociativeMemory_defaults_to_the_papers_polynomial_energy()
    {
        // F(x) = xⁿ (DAM Eq. 3): E(σ) = −Σ_μ (ξ^μ·σ)³ at a stored pattern is −(16³ + 3 · 0³).
        var memory = DenseAssociativeMemory.Create(Patterns, degree: 3);
        Assert.Equal(DenseEnergyFunction.Polynomial, memory.Function);
        Assert.Equal(-4096.0, memory.Energy(Row(Patterns, 0)));
    }
}
