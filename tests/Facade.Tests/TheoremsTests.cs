using System.Globalization;
using System.Text.RegularExpressions;

namespace AssociativeKernels.Tests;

/// <summary>
/// Issue 15, part 3, from C#: <see cref="Theorems"/> runs T1–T12 and the user checks. Every counterexample asserted here
/// is confirmed by an independent route: the kernel written out again and a Cholesky factorisation (a non-positive pivot
/// proves a matrix is not positive definite), or a retrieval worked out by hand.
/// </summary>
public class TheoremsTests
{
    /// <summary>The pivots of a Cholesky factorisation G = L Lᵀ, computed here; one ≤ 0 proves G is not positive definite.</summary>
    private static double[] CholeskyPivots(double[,] g)
    {
        var n = g.GetLength(0);
        var l = new double[n, n];
        var pivots = new double[n];
        for (var k = 0; k < n; k++)
        {
            var d = g[k, k];
            for (var j = 0; j < k; j++) d -= l[k, j] * l[k, j];
            pivots[k] = d;
            if (d <= 0) return pivots[..(k + 1)];
            l[k, k] = Math.Sqrt(d);
            for (var i = k + 1; i < n; i++)
            {
                var s = g[i, k];
                for (var j = 0; j < k; j++) s -= l[i, j] * l[k, j];
                l[i, k] = s / l[k, k];
            }
        }
        return pivots;
    }

    private static double[,] Gram(Func<double[], double[], double> k, double[][] points)
    {
        var g = new double[points.Length, points.Length];
        for (var i = 0; i < points.Length; i++)
        {
            for (var j = 0; j < points.Length; j++) g[i, j] = k(points[i], points[j]);
        }
        return g;
    }

    private static double Distance(double[] x, double[] y) => Math.Sqrt(x.Zip(y, (a, b) => (a - b) * (a - b)).Sum());

    /// <summary>KMN Eq. 21 written out here: exp(−(‖x − y‖/r)^β).</summary>
    private static Func<double[], double[], double> ExpBeta(double beta, double r) =>
        (x, y) => Math.Exp(-Math.Pow(Distance(x, y) / r, beta));

    [Fact]
    public void List_names_T1_to_T12_with_statements_sources_and_parameters()
    {
        var list = Theorems.List();
        Assert.Equal(Enumerable.Range(1, 12).Select(k => $"T{k}"), list.Select(t => t.Id));
        Assert.All(list, t => Assert.False(string.IsNullOrWhiteSpace(t.Statement)));
        var t3 = Theorems.Describe("T3");
        var beta = t3.Parameters.Single(p => p.Name == "beta");
        Assert.Equal(new TheoremRange(1e-6, 2), beta.Hypothesis);
        Assert.Contains("Micchelli", beta.HypothesisText);
    }

    [Fact]
    public void T3_holds_for_beta_in_half_to_two()
    {
        var result = Theorems.Verify("T3", new Dictionary<string, TheoremRange> { ["beta"] = new(0.5, 2) });
        Assert.True(result.Holds);
        Assert.Equal(200, result.Passed);
        Assert.Empty(result.OutsideHypothesis);
        Assert.Null(result.Counterexample);
    }

    [Fact]
    public void T3_for_beta_in_5_to_20_gives_a_Gram_matrix_of_distinct_points_that_is_not_positive_definite()
    {
        var result = Theorems.Verify("T3", new Dictionary<string, TheoremRange> { ["beta"] = new(5, 20) }, seed: 3);
        Assert.False(result.Holds);
        Assert.Equal("beta", Assert.Single(result.OutsideHypothesis).Key);
        foreach (var c in new[] { result.Counterexample!, result.Original! })
        {
            var beta = c.Values.Single(v => v.Key == "beta").Value;
            var r = c.Values.Single(v => v.Key == "r").Value;
            Assert.InRange(beta, 5, 20);
            for (var i = 0; i < c.Points.Length; i++)
            {
                for (var j = i + 1; j < c.Points.Length; j++) Assert.True(Distance(c.Points[i], c.Points[j]) >= 0.5); // distinct, as generated
            }
            var pivots = CholeskyPivots(Gram(ExpBeta(beta, r), c.Points));
            Assert.True(pivots[^1] <= 0, $"Cholesky pivots {string.Join(", ", pivots)}");
        }
        Assert.True(result.Counterexample!.Points.Length <= result.Original!.Points.Length);
        Assert.True(result.ShrinkSteps > 0);
        // the same seed, the same counterexample
        var again = Theorems.Verify("T3", new Dictionary<string, TheoremRange> { ["beta"] = new(5, 20) }, seed: 3);
        Assert.Equal(result.Counterexample.Points, again.Counterexample!.Points);
        Assert.Equal(result.Counterexample.Values, again.Counterexample.Values);
    }

    [Fact]
    public void A_user_kernel_that_is_not_symmetric_and_one_that_is_not_positive_semi_definite_are_caught()
    {
        Func<double[], double[], double> lopsided = (x, y) => Math.Exp(-(x[0] - 2 * y[0]) * (x[0] - 2 * y[0]));
        var symmetry = Theorems.VerifyKernel(lopsided, dimension: 1)[0];
        Assert.Equal("user-kernel.symmetry", symmetry.Id);
        Assert.False(symmetry.Holds);
        var (x, y) = (symmetry.Counterexample!.Points[0], symmetry.Counterexample.Points[1]);
        Assert.NotEqual(lopsided(x, y), lopsided(y, x));

        // Exp-β with β = 5 (past Micchelli's range) as a user's delegate, points in [−3, 3]
        var results = Theorems.VerifyKernel(ExpBeta(5, 1), dimension: 1, scale: 3);
        Assert.True(results[0].Holds); // symmetric
        var psd = results[1];
        Assert.Equal("user-kernel.psd", psd.Id);
        Assert.False(psd.Holds);
        Assert.True(CholeskyPivots(Gram(ExpBeta(5, 1), psd.Counterexample!.Points))[^1] <= 0);

        var gaussian = Theorems.VerifyKernel((a, b) => Math.Exp(-a.Zip(b, (u, v) => (u - v) * (u - v)).Sum()), dimension: 3, trials: 100);
        Assert.All(gaussian, r => Assert.True(r.Holds, r.Id));
    }

    private static double[,] Hadamard(int count)
    {
        var h = new double[count, 16];
        for (var m = 0; m < count; m++)
        {
            for (var i = 0; i < 16; i++) h[m, i] = int.PopCount((m + 1) & i) % 2 == 0 ? 1 : -1;
        }
        return h;
    }

    [Fact]
    public void A_modern_Hopfield_network_through_the_common_interface_keeps_its_patterns_at_large_beta_and_its_energy_never_rises()
    {
        var patterns = Hadamard(3);
        var net = ModernHopfieldNetwork.Create(patterns, beta: 10);
        var results = Theorems.VerifyMemory(net, patterns, s => net.Energy(s), trials: 100);
        Assert.Equal(["user-memory.fixed-points", "user-memory.energy", "user-memory.radius"], results.Select(r => r.Id));
        Assert.All(results, r => Assert.True(r.Holds, $"{r.Id}: {r.Counterexample?.Reason}"));
    }

    [Fact]
    public void At_small_beta_a_modern_Hopfield_network_does_not_keep_its_patterns_and_the_check_reports_the_hand_computed_distance()
    {
        // Three orthogonal ±1 patterns of length 16, β = 0.1: the weights of one step from ξ^μ are e^{1.6}, 1, 1 (normalised), so
        // component i is w_μ ξ^μ_i + w (ξ^ν_i + ξ^λ_i); where both other patterns disagree with ξ^μ (there is such an i for every
        // μ, since ξ^ν ξ^λ is again a Hadamard row), it misses ξ^μ_i by 1 − w_μ + 2w = 4/(e^{1.6} + 2) ≈ 0.57531.
        var patterns = Hadamard(3);
        var net = ModernHopfieldNetwork.Create(patterns, beta: 0.1);
        var fixedPoints = Theorems.VerifyMemory(net, patterns, trials: 50)[0];
        Assert.False(fixedPoints.Holds);
        var reported = double.Parse(Regex.Match(fixedPoints.Counterexample!.Reason, @"distance ([0-9.Ee+-]+)").Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.Equal(4 / (Math.Exp(1.6) + 2), reported, 12);
        Assert.Equal(-1, Theorems.EstimateConvergenceRadius(net, patterns, trialsPerRadius: 5).Radius);
    }

    [Fact]
    public void The_convergence_radius_of_a_Hebbian_Hopfield_network_is_a_few_bits_and_the_next_radius_has_a_counterexample()
    {
        var patterns = Hadamard(3);
        var net = HopfieldNetwork.Create(patterns);
        var radius = Theorems.EstimateConvergenceRadius(net, patterns, trialsPerRadius: 50, seed: 4);
        Assert.True(radius.IsHamming);
        Assert.InRange(radius.Radius, 1, 8);
        var failure = radius.FirstFailure!;
        Assert.False(failure.Holds);
        Assert.Equal(radius.Radius + 1, failure.Original!.Values.Single(v => v.Key == "radius").Value);
    }

    [Fact]
    public void A_cancelled_verification_throws_OperationCanceledException()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => Theorems.Verify("T1", cancellationToken: cts.Token));
    }
}
