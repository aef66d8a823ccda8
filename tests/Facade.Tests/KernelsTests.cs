namespace AssociativeKernels.Tests;

/// <summary>K1–K7 called as a C# program calls them, against values derived by hand.</summary>
public class KernelsTests
{
    [Fact]
    public void Linear_is_the_dot_product()
    {
        Assert.Equal(11.0, Kernels.Linear(new double[] { 1, 2 }, new double[] { 3, 4 }));
        Assert.Equal(11.0, Kernels.Linear(new float[] { 1, 2 }, new float[] { 3, 4 }));
        Assert.Equal(11.0, Kernels.Linear(new[] { 1.0, 2.0 }.AsSpan(), new[] { 3.0, 4.0 }.AsSpan()));
    }

    [Fact]
    public void Polynomial_is_the_shifted_dot_product_to_the_power()
    {
        // (1·3 + 2·4 + 1)² = 12² = 144; homogeneous (c = 0): 11³ = 1331.
        Assert.Equal(144.0, Kernels.Polynomial(new double[] { 1, 2 }, new double[] { 3, 4 }, degree: 2, offset: 1));
        Assert.Equal(1331.0, Kernels.Polynomial(new float[] { 1, 2 }, new float[] { 3, 4 }, degree: 3, offset: 0));
    }

    [Fact]
    public void Dot_product_kernels_form_products_beyond_the_doubles_without_NaN_and_refuse_values_beyond_them()
    {
        // 1e200·1e200 − 1e200·1e200 = 0 exactly (the plain sum is ∞ − ∞ = NaN); then (0 + 1)² = 1 and exp(0) = 1.
        double[] x = { 1e200, 1e200 }, y = { 1e200, -1e200 };
        Assert.Equal(0.0, Kernels.Linear(x, y));
        Assert.Equal(1.0, Kernels.Polynomial(x, y, degree: 2, offset: 1));
        Assert.Equal(1.0, Kernels.Exponential(x, y, beta: 1));
        // 1e200·1e200 − 1e200·1e200 + 3·4 = 12: the small product survives the rescaled sum when the large ones cancel.
        Assert.Equal(12.0, Kernels.Linear(new[] { 1e200, 1e200, 3 }, new[] { 1e200, -1e200, 4 }));
        // Values beyond the doubles: refused, not ±∞.
        Assert.Throws<OverflowException>(() => Kernels.Linear(new[] { 1e200 }, new[] { 1e200 }));
        Assert.Throws<OverflowException>(() => Kernels.Linear(new[] { 1e200 }, new[] { -1e200 }));
        Assert.Throws<OverflowException>(() => Kernels.Polynomial(new[] { 1e100 }, new[] { 1e100 }, degree: 2, offset: 0));
        Assert.Throws<OverflowException>(() => Kernels.Exponential(new double[] { 1 }, new double[] { 1000 }, beta: 1));
        // Just below the edge: exp(709) is finite.
        Assert.Equal(Math.Exp(709), Kernels.Exponential(new double[] { 1 }, new double[] { 709 }, beta: 1));
        // x·y = ±1e309 is beyond the doubles but β x·y = ±10 is not: e^{±10} (β multiplies before scaling back).
        Assert.True(Math.Abs(Kernels.Exponential(new[] { 1e300 }, new[] { 1e9 }, beta: 1e-308) / Math.Exp(10) - 1) < 1e-14);
        Assert.True(Math.Abs(Kernels.Exponential(new[] { 1e300 }, new[] { -1e9 }, beta: 1e-308) / Math.Exp(-10) - 1) < 1e-14);
    }

    [Fact]
    public void Rectified_polynomial_cuts_negative_overlaps()
    {
        Assert.Equal(8.0, Kernels.RectifiedPolynomial(degree: 3, overlap: 2));
        Assert.Equal(0.0, Kernels.RectifiedPolynomial(degree: 3, overlap: -2));
    }

    [Fact]
    public void Exponential_is_exp_of_beta_times_the_dot_product()
    {
        var value = Kernels.Exponential(new double[] { 1, 0 }, new double[] { 1, 0 }, beta: 2);
        Assert.True(Tolerances.Relative(value, Math.Exp(2)) < Tolerances.FewOperations);
    }

    [Fact]
    public void ExpBeta_carries_its_log_when_the_value_underflows()
    {
        // ‖(0,0) − (3,4)‖ = 5: with r = 5, β = 2 the log is −1; with r = 0.01 it is −(500)² = −250000.
        var near = Kernels.ExpBeta(new double[] { 0, 0 }, new double[] { 3, 4 }, beta: 2, radius: 5);
        Assert.True(Tolerances.Relative(near.Ln, -1) < Tolerances.FewOperations);
        Assert.True(Tolerances.Relative(near.Value, Math.Exp(-1)) < Tolerances.FewOperations);

        var far = Kernels.ExpBeta(distance: 5, beta: 2, radius: 0.01);
        Assert.True(Tolerances.Relative(far.Ln, -250000) < Tolerances.FewOperations);
        Assert.Equal(0.0, far.Value);
    }

    [Fact]
    public void ExpBeta_of_vectors_forms_tiny_and_huge_distances_as_the_distance_overloads_do()
    {
        // d = 1e-200, r = 1e-200: e^{-1} (the squared distance 1e-400 underflowed to 0 and gave 1).
        var tiny = Kernels.ExpBeta(new[] { 1e-200 }, new[] { 0.0 }, beta: 1, radius: 1e-200);
        Assert.True(Math.Abs(tiny.Ln + 1) < 1e-15, $"ln K = {tiny.Ln}");
        // d = 2e200, r = 1e200: e^{-2} (the squared distance overflowed to ∞ and was refused as a parameter "d").
        var huge = Kernels.ExpBeta(new[] { 1e200 }, new[] { -1e200 }, beta: 1, radius: 1e200);
        Assert.True(Math.Abs(huge.Ln + 2) < 1e-15, $"ln K = {huge.Ln}");
        // d = 3e308, beyond the doubles, r = 1e308: (d/r)^β = 3^2 = 9 (to rounding of the entries).
        var beyond = Kernels.ExpBeta(new[] { 1.5e308 }, new[] { -1.5e308 }, beta: 2, radius: 1e308);
        Assert.True(Math.Abs(beyond.Ln + 9) < 1e-14, $"ln K = {beyond.Ln}");
        // The zero-temperature limit: d = 3e-200 > r = 2e-200 gives 0, d = r = 1e-200 gives e^{-1}, and
        // d = 2e160 < r = 1e161 gives 1 (the squared distance 4e320 overflowed).
        Assert.Equal(0.0, Kernels.ExpBetaLimit(new[] { 3e-200 }, new[] { 0.0 }, radius: 2e-200));
        Assert.Equal(Math.Exp(-1), Kernels.ExpBetaLimit(new[] { 1e-200 }, new[] { 0.0 }, radius: 1e-200));
        Assert.Equal(1.0, Kernels.ExpBetaLimit(new[] { 1e160 }, new[] { -1e160 }, radius: 1e161));
        Assert.Equal(0.0, Kernels.ExpBetaLimit(new[] { 1.5e308 }, new[] { -1.5e308 }, radius: double.MaxValue));
    }

    [Fact]
    public void ExpBetaLimit_is_a_step_with_e_to_the_minus_one_on_the_boundary()
    {
        Assert.Equal(1.0, Kernels.ExpBetaLimit(new double[] { 0, 0 }, new double[] { 3, 4 }, radius: 6));
        Assert.Equal(0.0, Kernels.ExpBetaLimit(new double[] { 0, 0 }, new double[] { 3, 4 }, radius: 4));
        Assert.True(Tolerances.Relative(Kernels.ExpBetaLimit(distance: 5, radius: 5), Math.Exp(-1)) < Tolerances.FewOperations);
    }

    [Fact]
    public void Softmax_weights_follow_the_overlaps()
    {
        // Overlaps 1 and 0; with β = ln 3 the weights are 3/(3+1) and 1/(3+1).
        double[] patterns = [1, 0, 0, 1];
        var weights = Kernels.Softmax(patterns, new double[] { 1, 0 }, beta: Math.Log(3));
        Assert.Equal(2, weights.Length);
        Assert.True(Tolerances.Relative(weights[0], 0.75) < Tolerances.FewOperations);
        Assert.True(Tolerances.Relative(weights[1], 0.25) < Tolerances.FewOperations);

        var rectangular = Kernels.Softmax(new double[,] { { 1, 0 }, { 0, 1 } }, new double[] { 1, 0 }, beta: Math.Log(3));
        Assert.Equal(weights, rectangular);
    }

    [Fact]
    public void Softmax_stays_finite_at_huge_beta_and_tends_to_argmax()
    {
        double[] patterns = [1, 0, 0, 1, 0.5, 0.5];
        var weights = Kernels.Softmax(patterns, new double[] { 0.2, 0.9 }, beta: 1e6);
        Assert.All(weights, w => Assert.True(double.IsFinite(w)));
        Assert.Equal(1.0, weights[1]);
        Assert.Equal(1, Kernels.Argmax(patterns, new double[] { 0.2, 0.9 }));
    }

    [Fact]
    public void Argmax_picks_the_lowest_index_on_ties()
    {
        Assert.Equal(0, Kernels.Argmax(new double[,] { { 1, 0 }, { 1, 0 } }, new double[] { 1, 1 }));
        Assert.Equal(1, Kernels.Argmax(new float[] { 0, 1, 1, 0, 1, 0 }, new float[] { 3, 1 }));
    }

    [Fact]
    public void SdmHypercube_counts_addresses_near_both_patterns()
    {
        // N = 3, r = 1: the ball around x holds 1 + 3 = 4 of the 8 corners. Two patterns at Hamming
        // distance 2 share exactly the 2 corners that differ from x in one of the two disputed bits.
        Assert.True(Tolerances.Relative(Kernels.SdmHypercube(dimension: 3, radius: 1, distance: 0).Value, 0.5) < Tolerances.SpecialFunction);
        Assert.True(Tolerances.Relative(Kernels.SdmHypercube(dimension: 3, radius: 1, distance: 2).Value, 0.25) < Tolerances.SpecialFunction);
        // Distance 3 > 2r: the balls are disjoint, the kernel is exactly 0 and its log −∞.
        var disjoint = Kernels.SdmHypercube(dimension: 3, radius: 1, distance: 3);
        Assert.Equal(0.0, disjoint.Value);
        Assert.Equal(double.NegativeInfinity, disjoint.Ln);
    }

    [Fact]
    public void SdmHypersphere_at_equal_patterns_is_the_cap_fraction()
    {
        // On S² a cap {z·x ≥ b} has area fraction (1 − b)/2 (Archimedes): 0.25 at b = 0.5.
        Assert.True(Tolerances.Relative(Kernels.CapFraction(dimension: 3, bias: 0.5).Value, 0.25) < Tolerances.SpecialFunction);
        Assert.True(Tolerances.Relative(Kernels.SdmHypersphereExact(dimension: 3, bias: 0.5, cosine: 1).Value, 0.25) < Tolerances.SpecialFunction);
    }

    [Fact]
    public void SdmHypersphere_approximation_is_defined_where_the_exact_kernel_is()
    {
        var exact = Kernels.SdmHypersphereExact(dimension: 100, bias: 0.1, cosine: 0.9);
        var approx = Kernels.SdmHypersphereApprox(dimension: 100, bias: 0.1, cosine: 0.9);
        Assert.True(exact.Value > 0 && exact.Value < 1);
        Assert.True(approx.Ln <= 0);
    }

    [Fact]
    public void Mismatched_lengths_are_rejected_naming_the_second_vector()
    {
        var e = Assert.Throws<ArgumentException>(() => Kernels.Linear(new double[] { 1, 2 }, new double[] { 3 }));
        Assert.Equal("y", e.ParamName);
    }

    [Fact]
    public void NaN_components_are_rejected_naming_the_vector()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Kernels.Linear(new double[] { 1, double.NaN }, new double[] { 3, 4 }));
        Assert.Equal("x", e.ParamName);
        Assert.Contains("x[1]", e.Message);
        var f = Assert.Throws<ArgumentOutOfRangeException>(() => Kernels.Linear(new float[] { 1, 2 }, new float[] { 3, float.PositiveInfinity }));
        Assert.Equal("y", f.ParamName);
    }

    [Fact]
    public void Out_of_range_parameters_name_the_CSharp_parameter_in_the_exception_and_its_message()
    {
        var radius = Assert.Throws<ArgumentOutOfRangeException>(() => Kernels.ExpBeta(new double[] { 0 }, new double[] { 1 }, beta: 1, radius: -1));
        Assert.Equal("radius", radius.ParamName);
        Assert.Contains("radius = -1", radius.Message);
        Assert.Contains("(0, ∞)", radius.Message);

        var dimension = Assert.Throws<ArgumentOutOfRangeException>(() => Kernels.SdmHypercube(dimension: 0, radius: 1, distance: 0));
        Assert.Equal("dimension", dimension.ParamName);

        var cosine = Assert.Throws<ArgumentOutOfRangeException>(() => Kernels.SdmHypersphereExact(dimension: 10, bias: 0.5, cosine: 1.5));
        Assert.Equal("cosine", cosine.ParamName);

        var beta = Assert.Throws<ArgumentOutOfRangeException>(() => Kernels.Softmax(new double[] { 1, 0 }, new double[] { 1, 0 }, beta: 0));
        Assert.Equal("beta", beta.ParamName);
    }

    [Fact]
    public void Patterns_that_are_not_whole_rows_are_rejected()
    {
        var e = Assert.Throws<ArgumentException>(() => Kernels.Softmax(new double[] { 1, 0, 1 }, new double[] { 1, 0 }, beta: 1));
        Assert.Equal("patterns", e.ParamName);
    }

    /// <summary>
    /// Every parameter of every kernel method (not the vectors) out of range, the others valid:
    /// ArgumentOutOfRangeException with the C# parameter as ParamName, its name and value in the message,
    /// and the valid range.
    /// </summary>
    [Theory]
    [InlineData("beta", "(0, ∞)")]
    [InlineData("radius", "(0, ∞)")]
    public void ExpBeta_of_vectors_names_its_parameters(string bad, string range)
    {
        double[] x = [0], y = [1];
        var e = Assert.Throws<ArgumentOutOfRangeException>(() =>
            Kernels.ExpBeta(x, y, beta: bad == "beta" ? -1 : 1, radius: bad == "radius" ? -1 : 1));
        AssertNamed(e, bad, range);
    }

    public static TheoryData<string, string, Action> EveryScalarParameter() => new()
    {
        { "distance", "[0, ∞)", () => Kernels.ExpBeta(distance: -1, beta: 1, radius: 1) },
        { "beta", "(0, ∞)", () => Kernels.ExpBeta(distance: 1, beta: -1, radius: 1) },
        { "radius", "(0, ∞)", () => Kernels.ExpBeta(distance: 1, beta: 1, radius: -1) },
        { "radius", "(0, ∞)", () => Kernels.ExpBetaLimit(new double[] { 0 }, new double[] { 1 }, radius: -1) },
        { "distance", "[0, ∞)", () => Kernels.ExpBetaLimit(distance: -1, radius: 1) },
        { "radius", "(0, ∞)", () => Kernels.ExpBetaLimit(distance: 1, radius: -1) },
        { "dimension", "[1, 2147483647]", () => Kernels.SdmHypercube(dimension: -1, radius: 1, distance: 0) },
        { "radius", "[1, 10]", () => Kernels.SdmHypercube(dimension: 10, radius: -1, distance: 0) },
        { "radius", "[1, 10]", () => Kernels.SdmHypercube(dimension: 10, radius: 11, distance: 0) },
        { "distance", "[0, 10]", () => Kernels.SdmHypercube(dimension: 10, radius: 3, distance: -1) },
        { "dimension", "[3, 2147483647]", () => Kernels.SdmHypersphereExact(dimension: 2, bias: 0.5, cosine: 0) },
        { "bias", "(-1, 1)", () => Kernels.SdmHypersphereExact(dimension: 10, bias: -1, cosine: 0) },
        { "cosine", "[-1, 1]", () => Kernels.SdmHypersphereExact(dimension: 10, bias: 0.5, cosine: 1.5) },
        { "dimension", "[2, 2147483647]", () => Kernels.SdmHypersphereApprox(dimension: 1, bias: 0.95, cosine: 0) },
        { "bias", "(-1, 1)", () => Kernels.SdmHypersphereApprox(dimension: 10, bias: 1, cosine: 0) },
        { "cosine", "[-1, 1]", () => Kernels.SdmHypersphereApprox(dimension: 10, bias: 0.95, cosine: -2) },
        { "dimension", "[2, 2147483647]", () => Kernels.CapFraction(dimension: 1, bias: 0.5) },
        { "bias", "(-1, 1)", () => Kernels.CapFraction(dimension: 10, bias: 2) },
        { "degree", "[1, ∞)", () => Kernels.Polynomial(new double[] { 1 }, new double[] { 1 }, degree: 0, offset: 0) },
        { "offset", "[0, ∞)", () => Kernels.Polynomial(new double[] { 1 }, new double[] { 1 }, degree: 2, offset: -1) },
        { "degree", "[1, ∞)", () => Kernels.RectifiedPolynomial(degree: 0, overlap: 1) },
        { "beta", "(0, ∞)", () => Kernels.Exponential(new double[] { 1 }, new double[] { 1 }, beta: -1) },
        { "beta", "(0, ∞)", () => Kernels.Softmax(new double[] { 1, 0 }, new double[] { 1, 0 }, beta: -1) },
        { "beta", "(0, ∞)", () => Kernels.Softmax(new double[,] { { 1, 0 } }, new double[] { 1, 0 }, beta: -1) },
    };

    [Theory]
    [MemberData(nameof(EveryScalarParameter))]
    public void Every_scalar_parameter_out_of_range_is_named_by_its_CSharp_name_with_its_range(string name, string range, Action call)
    {
        AssertNamed(Assert.Throws<ArgumentOutOfRangeException>(call), name, range);
    }

    [Fact]
    public void RectifiedPolynomial_names_a_non_finite_overlap()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Kernels.RectifiedPolynomial(degree: 2, overlap: double.NaN));
        Assert.Equal("overlap", e.ParamName);
        Assert.StartsWith("overlap = NaN must be a finite number", e.Message);
    }

    [Fact]
    public void A_softmax_score_that_overflows_names_the_query()
    {
        var e = Assert.Throws<ArgumentException>(() => Kernels.Softmax(new double[] { 1e300, 0 }, new double[] { 1e300, 0 }, beta: 1));
        Assert.Equal("query", e.ParamName);
        Assert.Contains("·query", e.Message);
    }

    private static void AssertNamed(ArgumentOutOfRangeException e, string name, string range)
    {
        Assert.Equal(name, e.ParamName);
        Assert.StartsWith(name + " = ", e.Message);
        Assert.Contains(range, e.Message);
    }
}
