namespace AssociativeKernels.Tests;

/// <summary>Issue 15: the sparse separation maps and the sparse modern Hopfield network, called as a C# program calls them.</summary>
public class SparseModernHopfieldNetworkTests
{
    // The patterns of the hand-computed example: e₁, e₂, (0.6, 0.8, 0), e₃.
    private static readonly double[,] Patterns = { { 1, 0, 0 }, { 0, 1, 0 }, { 0.6, 0.8, 0 }, { 0, 0, 1 } };

    [Fact]
    public void Sparsemax_is_the_projection_onto_the_simplex_with_exact_zeros()
    {
        // θ = (1, 0.5, −1): τ = 0.25, support 2 (worked by hand).
        var p = SimplexMap.Sparsemax.Apply([1, 0.5, -1]);
        Assert.Equal(new[] { 0.75, 0.25, 0.0 }, p);
        Assert.Equal(1.0, SimplexMap.Sparsemax.Margin);
        Assert.Equal(2.0, SimplexMap.Entmax(1.5).Margin);
        Assert.Equal(double.PositiveInfinity, SimplexMap.Softmax.Margin);
        Assert.Equal(SimplexMap.Softmax, default(SimplexMap));
        Assert.Equal("sparsemax", SimplexMap.Entmax(2).ToString());
        // a point already on the simplex is its own projection
        var inside = SimplexMap.Sparsemax.Apply([0.1, 0.2, 0.3, 0.4]);
        for (var i = 0; i < 4; i++) Assert.True(Math.Abs(inside[i] - 0.1 * (i + 1)) < Tolerances.FewOperations);
    }

    [Fact]
    public void Entmax_sort_and_bisection_agree_and_normmax_matches_its_closed_form()
    {
        double[] theta = [1, 0.5, -1];
        var exact = SimplexMap.Entmax(1.5).Apply(theta);
        var bisected = SimplexMap.EntmaxBisection(theta, 1.5);
        for (var i = 0; i < 3; i++) Assert.True(Math.Abs(exact[i] - bisected[i]) < Tolerances.FewOperations);
        Assert.True(Math.Abs(exact[0] - 0.6739926363) < 1e-10);
        // 2-normmax on (z, 0): p₁ = ½ + z/(2√(2 − z²)) for z < 1
        var n = SimplexMap.Normmax(2).Apply([0.5, 0]);
        Assert.True(Math.Abs(n[0] - (0.5 + 0.5 / (2 * Math.Sqrt(2 - 0.25)))) < Tolerances.FewOperations);
        // Ω*(θ) = θᵀp − Ω(p), and Ω(e_i) = 0
        var map = SimplexMap.Entmax(1.5);
        Assert.True(Math.Abs(map.Conjugate(theta) - (theta.Zip(exact, (a, b) => a * b).Sum() - map.Negentropy(exact))) < Tolerances.FewOperations);
        Assert.Equal(0.0, map.Negentropy([0, 1, 0]));
    }

    [Fact]
    public void Bad_maps_and_scores_are_refused_naming_the_parameter()
    {
        Assert.Equal("alpha", Assert.Throws<ArgumentOutOfRangeException>(() => SimplexMap.Entmax(1)).ParamName);
        Assert.Equal("gamma", Assert.Throws<ArgumentOutOfRangeException>(() => SimplexMap.Normmax(double.NaN)).ParamName);
        Assert.Equal("scores", Assert.ThrowsAny<ArgumentException>(() => SimplexMap.Sparsemax.Apply([double.NaN])).ParamName);
        Assert.Equal("scores", Assert.ThrowsAny<ArgumentException>(() => SimplexMap.Sparsemax.Apply([])).ParamName);
        Assert.Equal("beta", Assert.ThrowsAny<ArgumentException>(() => SparseModernHopfieldNetwork.Create(Patterns, 0, SimplexMap.Sparsemax)).ParamName);
        Assert.Equal("Alpha", Assert.ThrowsAny<ArgumentException>(() =>
            UniversalHopfieldNetwork.Create(Patterns, new UniversalHopfieldOptions { Separation = SeparationFunction.Entmax, Alpha = 0.5 })).ParamName);
        Assert.Equal("Gamma", Assert.ThrowsAny<ArgumentException>(() =>
            UniversalHopfieldNetwork.Create(Patterns, new UniversalHopfieldOptions { Separation = SeparationFunction.Normmax, Gamma = 1 })).ParamName);
        var net = SparseModernHopfieldNetwork.Create(Patterns, 2, SimplexMap.Sparsemax);
        Assert.Equal("query", Assert.ThrowsAny<ArgumentException>(() => net.Retrieve(new double[] { 1, 2 })).ParamName);
        Assert.Equal("index", Assert.ThrowsAny<ArgumentException>(() => net.ScoreGap(4, new double[] { 1, 0, 0 })).ParamName);
    }

    [Fact]
    public void Sparse_modern_hopfield_update_and_energy_match_the_hand_computed_example()
    {
        // β = 2, q₀ = (0.5, 0.45, 0.3): θ = (1, 0.9, 1.32, 0.6), τ = 0.74, p = (0.26, 0.16, 0.58, 0), q₁ = (0.608, 0.624, 0),
        // E(q₀) = 0.23135, E(q₁) = 0.160556 (issue 15's worked example).
        var net = SparseModernHopfieldNetwork.Create(Patterns, beta: 2, SimplexMap.Sparsemax);
        double[] q0 = [0.5, 0.45, 0.3];
        var w = net.Weights(q0);
        double[] expectedW = [0.26, 0.16, 0.58, 0];
        for (var i = 0; i < 4; i++) Assert.True(Math.Abs(w[i] - expectedW[i]) < Tolerances.FewOperations);
        Assert.Equal(0.0, w[3]);
        var q1 = net.Retrieve(q0);
        Assert.True(Math.Abs(q1[0] - 0.608) < Tolerances.FewOperations && Math.Abs(q1[1] - 0.624) < Tolerances.FewOperations && q1[2] == 0);
        Assert.True(Math.Abs(net.Energy(q0) - 0.23135) < Tolerances.FewOperations);
        Assert.True(Math.Abs(net.Energy(q1) - 0.160556) < Tolerances.FewOperations);
        Assert.Equal(IterationEnding.Converged, net.Iterate(q0).Ending);
    }

    [Fact]
    public void Softmax_map_gives_the_modern_hopfield_network_and_ramsauer_energy()
    {
        var sparse = SparseModernHopfieldNetwork.Create(Patterns, beta: 1.7, SimplexMap.Softmax);
        var modern = ModernHopfieldNetwork.Create(Patterns, beta: 1.7);
        double[] q = [0.3, 0.2, 0.1];
        Assert.True(Math.Abs(sparse.Energy(q) - modern.RamsauerEnergy(q)) < Tolerances.FewOperations);
        Assert.True(Math.Abs(sparse.Energy(q) - 0.3277760494072) < 1e-12);
        var a = sparse.Retrieve(q);
        var b = modern.Retrieve(q);
        for (var i = 0; i < 3; i++) Assert.True(Math.Abs(a[i] - b[i]) < Tolerances.FewOperations);
    }

    [Fact]
    public void A_pattern_is_retrieved_exactly_iff_its_score_leads_by_the_margin_over_beta()
    {
        double[,] x = { { 1, 0 }, { 0, 1 } };
        // β = 0.5: from x₁ the lead is 1 < m/β = 2, not enough: q₁ = (0.75, 0.25)
        var weak = SparseModernHopfieldNetwork.Create(x, 0.5, SimplexMap.Sparsemax);
        Assert.False(weak.RetrievesExactly(0, [1, 0]));
        Assert.Equal(new[] { 0.75, 0.25 }, weak.Retrieve(new double[] { 1, 0 }));
        // β = 1: lead 1 = m/β, the boundary: exactly x₁
        var boundary = SparseModernHopfieldNetwork.Create(x, 1, SimplexMap.Sparsemax);
        Assert.True(boundary.RetrievesExactly(0, [1, 0]));
        Assert.Equal(new[] { 1.0, 0.0 }, boundary.Retrieve(new double[] { 1, 0 }));
        Assert.Equal(1.0, boundary.RequiredGap);
        Assert.Equal(1.0, boundary.ScoreGap(0, [1, 0]));
        // softmax never puts weight exactly 1 on a pattern
        var soft = SparseModernHopfieldNetwork.Create(x, 10, SimplexMap.Softmax);
        Assert.False(soft.RetrievesExactly(0, [1, 0]));
        Assert.True(soft.Weights([1, 0])[1] > 0);
    }

    [Fact]
    public void Universal_network_with_a_sparse_separation_is_the_sparse_modern_hopfield_network()
    {
        double[] q = [0.5, 0.45, 0.3];
        foreach (var (separation, map) in new[]
                 {
                     (SeparationFunction.Sparsemax, SimplexMap.Sparsemax),
                     (SeparationFunction.Entmax, SimplexMap.Entmax(1.5)),
                     (SeparationFunction.Normmax, SimplexMap.Normmax(2)),
                 })
        {
            var uhn = UniversalHopfieldNetwork.Create(Patterns, new UniversalHopfieldOptions { Separation = separation, Beta = 2 });
            var sparse = SparseModernHopfieldNetwork.Create(Patterns, 2, map);
            Assert.Equal(sparse.Retrieve(q), uhn.Retrieve(q));
            Assert.Equal(sparse.Weights(q), uhn.Weights(q));
            // the UHN energy (Eq. 4) is the Fenchel–Young energy without its constants, so the two fall by the same amount
            var q1 = sparse.Retrieve(q);
            var drop = sparse.Energy(q) - sparse.Energy(q1);
            Assert.True(Math.Abs(drop - (uhn.Energy(q) - uhn.Energy(q1))) < Tolerances.FewOperations);
            Assert.True(drop >= 0);
        }
        var batch = SparseModernHopfieldNetwork.Create(Patterns, 2, SimplexMap.Entmax(1.5)).RetrieveBatch(Patterns);
        Assert.Equal(4, batch.GetLength(0));
    }

    [Fact]
    public void Sparse_attention_is_the_hetero_associative_form()
    {
        double[,] keys = { { 1, 0 }, { 0, 1 } };
        double[,] values = { { 10, 20, 30 }, { -1, -2, -3 } };
        var net = SparseModernHopfieldNetwork.CreateHetero(keys, values, 1, SimplexMap.Sparsemax);
        Assert.False(net.IsAutoAssociative);
        Assert.Equal(new[] { 10.0, 20.0, 30.0 }, net.Retrieve(new double[] { 2, 0 }));
        Assert.Throws<InvalidOperationException>(() => net.Energy([1, 0]));
    }
}
