namespace AssociativeKernels.Tests;

/// <summary>M7–M10 from C#: a C# caller trains and queries kernel memory networks without touching F# types.</summary>
public class KernelMemoryNetworkTests
{
    private static readonly double[,] Patterns =
    {
        { 1, 1, 1, -1, -1, 1 },
        { -1, 1, -1, 1, -1, 1 },
        { 1, -1, -1, -1, 1, 1 },
        { -1, -1, 1, 1, 1, -1 },
    };

    private static double[] Row(double[,] m, int r) => Enumerable.Range(0, m.GetLength(1)).Select(c => m[r, c]).ToArray();

    [Fact]
    public void A_CSharp_caller_can_train_a_kernel_memory_network_and_retrieve_every_stored_pattern()
    {
        var network = KernelMemoryNetwork.Create(Patterns, MemoryKernel.Polynomial(degree: 3, offset: 1));

        for (var mu = 0; mu < 4; mu++)
        {
            Assert.Equal(Row(Patterns, mu), network.Retrieve(Row(Patterns, mu)));
        }
        Assert.Equal(6, network.OutputDimension);
        Assert.Equal(new[] { 6, 4 }, new[] { network.Coefficients.GetLength(0), network.Coefficients.GetLength(1) });
        Assert.Equal(6, network.Thresholds.Length);
        Assert.All(network.Margins, m => Assert.True(m > 0));
        Assert.All(network.KktResiduals, r => Assert.True(r <= 1e-6));
        Assert.All(network.SupportVectors, sv => Assert.NotEmpty(sv));
    }

    [Fact]
    public void Single_precision_patterns_train_the_same_networks_as_double_precision()
    {
        var single = new float[Patterns.GetLength(0), Patterns.GetLength(1)];
        for (var m = 0; m < single.GetLength(0); m++)
        {
            for (var i = 0; i < single.GetLength(1); i++) single[m, i] = (float)Patterns[m, i];
        }
        var kernel = MemoryKernel.Polynomial(degree: 3, offset: 1);
        Assert.Equal(KernelMemoryNetwork.Create(Patterns, kernel).Coefficients,
                     KernelMemoryNetwork.Create(single, kernel).Coefficients);
        var query = Row(Patterns, 2);
        Assert.Equal(PseudoinverseNetwork.Create(Patterns, kernel).Retrieve(query), PseudoinverseNetwork.Create(single, kernel).Retrieve(query));
        Assert.Equal(ExpBetaNetwork.Create(Patterns, beta: 2, radius: 1).Retrieve(query), ExpBetaNetwork.Create(single, beta: 2, radius: 1).Retrieve(query));
    }

    [Fact]
    public void A_network_without_self_connections_keeps_its_patterns_and_a_batch_is_retrieved_row_by_row()
    {
        var network = KernelMemoryNetwork.Create(Patterns, MemoryKernel.Exponential(beta: 0.5), selfConnections: false);
        var retrieved = network.RetrieveBatch(Patterns);
        Assert.Equal(Patterns, retrieved);
    }

    [Fact]
    public void A_hetero_associative_network_maps_each_input_to_its_output()
    {
        var outputs = new double[,] { { 1, -1 }, { -1, -1 }, { 1, 1 }, { -1, 1 } };
        var network = KernelMemoryNetwork.CreateHetero(Patterns, outputs, MemoryKernel.Linear());
        Assert.False(network.IsAutoAssociative);
        for (var mu = 0; mu < 4; mu++) Assert.Equal(Row(outputs, mu), network.Retrieve(Row(Patterns, mu)));
    }

    [Fact]
    public void Non_separable_data_and_bad_queries_give_clear_errors()
    {
        var xor = new double[,] { { 1, 1 }, { 1, -1 }, { -1, 1 }, { -1, -1 } };
        var labels = new double[,] { { 1 }, { -1 }, { -1 }, { 1 } };
        var e = Assert.ThrowsAny<ArgumentException>(() => KernelMemoryNetwork.CreateHetero(xor, labels, MemoryKernel.Linear()));
        Assert.Equal("values", e.ParamName);
        Assert.Contains("cannot be fit", e.Message);
        Assert.StartsWith("values[", e.Message);

        var network = KernelMemoryNetwork.Create(Patterns, MemoryKernel.Linear());
        Assert.Equal("query", Assert.ThrowsAny<ArgumentException>(() => network.Retrieve(new double[] { 1, 1 })).ParamName);
        Assert.Equal("query", Assert.ThrowsAny<ArgumentException>(() => network.Retrieve(new double[] { 1, 1, 1, 1, 1, 0.5 })).ParamName);
        Assert.Equal("patterns", Assert.ThrowsAny<ArgumentException>(() => KernelMemoryNetwork.Create(new double[,] { { 1, 2 } }, MemoryKernel.Linear())).ParamName);
        Assert.Equal("kernel", Assert.ThrowsAny<ArgumentException>(() => KernelMemoryNetwork.Create(Patterns, MemoryKernel.ExpBeta(2, 1), selfConnections: false)).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => MemoryKernel.Polynomial(0, 1));
    }

    [Fact]
    public void The_pseudoinverse_network_keeps_duplicated_patterns_fixed()
    {
        var withDuplicate = new double[,] { { 0.5, -1, 2 }, { 1, 1, 0 }, { 0.5, -1, 2 }, { -2, 0, 1 }, { 1, 0, 0 } };
        var network = PseudoinverseNetwork.Create(withDuplicate, MemoryKernel.Linear());
        Assert.Equal(3, network.Rank);
        for (var mu = 0; mu < 5; mu++)
        {
            var next = network.Retrieve(Row(withDuplicate, mu));
            for (var i = 0; i < 3; i++) Assert.True(Math.Abs(next[i] - withDuplicate[mu, i]) < 1e-12);
        }
        Assert.Equal(Row(Patterns, 2), PseudoinverseNetwork.Create(Patterns, MemoryKernel.Polynomial(2, 1)).IterateSign(Row(Patterns, 2)).State);
    }

    [Fact]
    public void The_Exp_beta_network_recalls_a_noisy_pattern_and_otherwise_answers_with_the_agnostic_state()
    {
        var patterns = new double[,] { { 0, 4 }, { 4, 0 }, { -4, -4 } };
        var network = ExpBetaNetwork.CreateZeroTemperature(patterns, radius: 1);
        Assert.Equal(new double[] { 4, 0 }, network.Iterate(new[] { 4.5, 0.3 }).State);
        Assert.Equal(new double[] { 0, 0 }, network.Iterate(new[] { 2.0, 2.0 }).State);
        Assert.Equal(new double[] { 0, 0 }, network.AgnosticState);

        var finite = ExpBetaNetwork.Create(patterns, beta: 50, radius: 1);
        var s = finite.Iterate(new[] { 4.5, 0.3 }).State;
        Assert.True(Math.Abs(s[0] - 4) < 1e-9 && Math.Abs(s[1]) < 1e-9);

        var e = Assert.ThrowsAny<ArgumentException>(() => ExpBetaNetwork.Create(new double[,] { { 1, 1 }, { 1, 1 } }, 2, 1));
        Assert.Contains("pseudoinverse", e.Message);
    }

    [Fact]
    public void The_Adatron_beats_the_one_shot_rule_on_pair_features()
    {
        var labels = new double[] { 1, -1, -1, 1 };
        var oneShot = IterativeLearning.OneShot(Patterns, labels);
        var adatron = IterativeLearning.Adatron(Patterns, labels, seed: 3);
        Assert.Equal(15, adatron.Weights.Length);
        Assert.True(adatron.KktViolation <= 1e-9);
        Assert.True(adatron.Margin >= oneShot.Margin * (1 - 1e-8), $"{adatron.Margin} < {oneShot.Margin}");
    }
}
