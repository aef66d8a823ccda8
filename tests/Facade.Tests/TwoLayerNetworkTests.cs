namespace AssociativeKernels.Tests;

/// <summary>The LAM two-layer network as a C# user builds, integrates and queries it.</summary>
public class TwoLayerNetworkTests
{
    private static readonly double[,] Patterns =
    {
        { 1, -1, 1, -1, 1, -1 },
        { 1, 1, -1, -1, 1, 1 },
        { -1, 1, 1, 1, -1, -1 },
    };

    private static double[] Row(double[,] m, int r) => Enumerable.Range(0, m.GetLength(1)).Select(c => m[r, c]).ToArray();

    [Fact]
    public void Model_B_retrieves_a_stored_pattern_from_a_noisy_cue_and_lowers_its_energy()
    {
        var network = TwoLayerNetwork.ModelB(Patterns, beta: 4.0);
        double[] cue = [0.8, -0.6, 0.9, -1.2, 0.3, -0.9];   // pattern 0, distorted

        var trajectory = network.Integrate(cue, new IntegrationOptions { EndTime = 50, StationaryTolerance = 1e-8 });

        Assert.Equal(IntegrationEnding.Stationary, trajectory.Ending);
        var final = trajectory.FinalFeatures;
        var pattern = Row(Patterns, 0);
        // at β = 4 the other patterns' softmax weights are ≤ e^(−4·4) each (overlap gap ≥ 4), so the
        // fixed point is within 2·e^(−16)·‖ξ^ν − ξ^0‖ ≈ 1e-6 of the pattern
        for (var i = 0; i < pattern.Length; i++) Assert.Equal(pattern[i], final[i], 1e-5);
        Assert.True(trajectory.FinalEnergy < trajectory.Energies[0]);
        for (var k = 1; k < trajectory.Count; k++) Assert.True(trajectory.Energies[k] <= trajectory.Energies[k - 1] + 1e-9);
        Assert.Equal(trajectory.AcceptedSteps + 1, trajectory.Count);
    }

    [Fact]
    public void Model_B_one_adiabatic_step_is_the_modern_Hopfield_update()
    {
        var network = TwoLayerNetwork.ModelB(Patterns, beta: 0.5);
        double[] query = [0.2, -0.4, 1.0, 0.0, -0.3, 0.7];

        var updated = network.Retrieve(query);

        // ξᵀ softmax(β ξ q), computed here from the facade's softmax kernel
        var weights = Kernels.Softmax(Patterns, query, 0.5);
        for (var i = 0; i < query.Length; i++)
        {
            var expected = Enumerable.Range(0, 3).Sum(mu => weights[mu] * Patterns[mu, i]);
            Assert.Equal(expected, updated[i], 1e-14);
        }
        // Eq. 15 with Δt = τ_f = 1 is the same step
        Assert.Equal(updated, network.EffectiveStep(query, 1.0), new ToleranceComparer(1e-14));
    }

    [Fact]
    public void Model_A_with_a_cubic_interaction_and_model_C_integrate_with_decreasing_energy()
    {
        var modelA = TwoLayerNetwork.ModelA(Patterns, Lagrangian.RectifiedPower(3), Lagrangian.LogCosh(3.0));
        var modelC = TwoLayerNetwork.ModelC(Patterns, Lagrangian.Power(2), featureDecay: 0.5);
        double[] start = [0.5, -0.2, 0.4, -0.6, 0.1, -0.3];
        var options = new IntegrationOptions { EndTime = 20, RelativeTolerance = 1e-8, AbsoluteTolerance = 1e-10 };

        foreach (var network in new[] { modelA, modelC })
        {
            var trajectory = network.Integrate(start, options);
            Assert.Equal(IntegrationEnding.ReachedEndTime, trajectory.Ending);
            Assert.Equal(20, trajectory.FinalTime);
            for (var k = 1; k < trajectory.Count; k++) Assert.True(trajectory.Energies[k] <= trajectory.Energies[k - 1] + 1e-9);
            Assert.Equal(network.Energy(trajectory.FinalFeatures, trajectory.FinalHidden), trajectory.FinalEnergy);
        }
    }

    [Fact]
    public void Model_A_effective_energy_is_the_dense_associative_memory_energy()
    {
        var network = TwoLayerNetwork.ModelA(Patterns, Lagrangian.Power(2));
        double[] sigma = [1, -1, 1, -1, 1, 1];
        // −Σ_μ (ξ^μ·σ)² (LAM Eq. 8 with F(x) = x², no input)
        var expected = -Enumerable.Range(0, 3).Sum(mu => Math.Pow(Enumerable.Range(0, 6).Sum(i => Patterns[mu, i] * sigma[i]), 2));
        Assert.Equal(expected, network.Energy(sigma));
        Assert.Equal(expected, network.Energy(sigma, network.EquilibriumHidden(sigma)));
    }

    [Fact]
    public void A_custom_Lagrangian_pair_from_delegates()
    {
        // L_v = Σ v²/2 (identity outputs), L_h = Σ softplus(h) (logistic outputs)
        var quadratic = Lagrangian.Custom("v²/2", v => v.Sum(x => x * x / 2), v => v.ToArray());
        var softplus = Lagrangian.Custom("softplus", h => h.Sum(x => Math.Log(1 + Math.Exp(x))), h => h.Select(x => 1 / (1 + Math.Exp(-x))).ToArray());
        var network = TwoLayerNetwork.Create(Patterns, quadratic, softplus, featureTimeConstant: 0.5, hiddenTimeConstant: 0.1,
            inputCurrents: [0.1, 0, 0, 0, 0, -0.1]);

        var trajectory = network.Integrate([1, 0, 0, 0, 0, 0], new double[3], new IntegrationOptions { EndTime = 5 });

        Assert.Equal("softplus", network.HiddenLagrangian.Name);
        Assert.Equal(0.5, network.FeatureTimeConstant);
        Assert.True(trajectory.FinalEnergy <= trajectory.Energies[0]);
        var (dv, dh) = network.Velocity(trajectory.FinalFeatures, trajectory.FinalHidden);
        Assert.Equal(6, dv.Length);
        Assert.Equal(3, dh.Length);
    }

    [Fact]
    public void Single_precision_patterns_are_accepted()
    {
        var network = TwoLayerNetwork.Create(new float[,] { { 1f, 0f }, { 0f, 1f } }, Lagrangian.Quadratic, Lagrangian.LogSumExp(1));
        Assert.Equal(2, network.FeatureCount);
        Assert.Equal(2, network.HiddenCount);
        Assert.Equal(new double[,] { { 1, 0 }, { 0, 1 } }, network.Patterns);
    }

    [Fact]
    public void Bad_input_names_the_CSharp_parameter()
    {
        var network = TwoLayerNetwork.ModelB(Patterns);
        Assert.Equal("featureTimeConstant", Assert.Throws<ArgumentOutOfRangeException>(
            () => TwoLayerNetwork.Create(Patterns, Lagrangian.Quadratic, Lagrangian.LogSumExp(1), featureTimeConstant: 0)).ParamName);
        Assert.Equal("inputCurrents", Assert.Throws<ArgumentException>(
            () => TwoLayerNetwork.Create(Patterns, Lagrangian.Quadratic, Lagrangian.LogSumExp(1), inputCurrents: [1.0])).ParamName);
        Assert.Equal("features", Assert.Throws<ArgumentException>(() => network.Energy([1.0, 2.0], new double[3])).ParamName);
        Assert.Equal("initialFeatures", Assert.Throws<ArgumentException>(() => network.Integrate([1.0])).ParamName);
        Assert.Equal("patterns", Assert.Throws<ArgumentOutOfRangeException>(() => TwoLayerNetwork.ModelB(new double[,] { { double.NaN } })).ParamName);
        Assert.Equal("degree", Assert.Throws<ArgumentOutOfRangeException>(() => Lagrangian.Power(0)).ParamName);
        Assert.Equal("AbsoluteTolerance", Assert.Throws<ArgumentOutOfRangeException>(
            () => network.Integrate(Row(Patterns, 0), new IntegrationOptions { AbsoluteTolerance = 0 })).ParamName);
        Assert.Throws<ArgumentException>(() => TwoLayerNetwork.ModelB(new double[0, 3]));
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;
        public int GetHashCode(double obj) => 0;
    }
}
