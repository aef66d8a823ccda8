namespace AssociativeKernels.Tests;

/// <summary>The capacity bounds C1–C8 as a C# caller uses them, and the registry behind <c>akern bound</c>.</summary>
public class CapacityBoundsTests
{
    [Fact]
    public void Classical_Hopfield_stores_0_138_N_and_is_in_range_from_N_100()
    {
        var bound = CapacityBounds.HopfieldClassical(dimension: 1000);
        Assert.Equal("hopfield-classical", bound.Id);
        Assert.NotNull(bound.Value);
        Assert.True(Tolerances.Relative(bound.Value!.Value, 138) < Tolerances.FewOperations);
        Assert.True(Tolerances.Relative(bound.Ln, Math.Log(138)) < Tolerances.FewOperations);
        Assert.False(string.IsNullOrWhiteSpace(bound.Equation));
        Assert.True(bound.InRange);
        Assert.False(CapacityBounds.HopfieldClassical(dimension: 10).InRange);
    }

    [Fact]
    public void VC_capacities_are_twice_the_feature_count()
    {
        // Linear: 2N. Homogeneous p = 2 on ±1 inputs: monomials of degree 0 and 2, 1 + C(N, 2); at N = 10, 2 × 46 = 92.
        Assert.True(Tolerances.Relative(CapacityBounds.VcLinear(dimension: 10).Value!.Value, 20) < Tolerances.FewOperations);
        Assert.True(Tolerances.Relative(CapacityBounds.VcPolynomial(dimension: 10, degree: 2).Value!.Value, 92) < Tolerances.SpecialFunction);
        // Exponential: 2^N, which overflows a double beyond N = 1023 but keeps its log.
        Assert.True(Tolerances.Relative(CapacityBounds.VcExponential(dimension: 10).Value!.Value, 1024) < Tolerances.FewOperations);
        var huge = CapacityBounds.VcExponential(dimension: 2000);
        Assert.Null(huge.Value);
        Assert.True(Tolerances.Relative(huge.Ln, 2000 * Math.Log(2)) < Tolerances.FewOperations);
    }

    [Fact]
    public void Dense_associative_memory_without_errors_is_N_to_the_n_minus_1_over_2_double_factorial_ln_N()
    {
        // DAM Eq. 6: K = N^(n−1) / (2 (2n−3)!! ln N). n = 2: (2·2−3)!! = 1; n = 3: 3!! = 3.
        var n2 = CapacityBounds.DamNoError(degree: 2, dimension: 1000).Value!.Value;
        var n3 = CapacityBounds.DamNoError(degree: 3, dimension: 1000).Value!.Value;
        Assert.True(Tolerances.Relative(n2, 1000 / (2 * Math.Log(1000))) < Tolerances.FewOperations);
        Assert.True(Tolerances.Relative(n3, 1000.0 * 1000 / (2 * 3 * Math.Log(1000))) < Tolerances.FewOperations);
    }

    [Fact]
    public void Model_A_is_limited_by_the_smaller_of_the_feature_power_and_the_hidden_layer()
    {
        Assert.Equal(50, CapacityBounds.ModelA(degree: 3, featureNeurons: 10, hiddenNeurons: 50).Value!.Value, 10);
        Assert.Equal(100, CapacityBounds.ModelA(degree: 3, featureNeurons: 10, hiddenNeurons: 5000).Value!.Value, 10);
    }

    [Fact]
    public void Support_vector_proliferation_at_known_values_of_Lambert_W()
    {
        // N = 2: W₀(1) = Ω = 0.56714329040978387 (the omega constant), so N/(2 W₀(N/2)) = 1/Ω.
        const double omega = 0.56714329040978387;
        Assert.True(Tolerances.Relative(CapacityBounds.SvProliferation(dimension: 2).Value!.Value, 1 / omega) < Tolerances.SpecialFunction);
        // N/2 = e gives W₀(e) = 1 and the capacity e, but N is whole: the capacity grows with N, and
        // 5 < 2e < 6, so e lies between the values at N = 5 and N = 6.
        Assert.InRange(Math.E, CapacityBounds.SvProliferation(dimension: 5).Value!.Value, CapacityBounds.SvProliferation(dimension: 6).Value!.Value);
    }

    [Fact]
    public void Support_vector_proliferation_inverts_the_Lambert_W_equation()
    {
        // C = N / (2 W₀(N/2)), so W = N/(2C) must satisfy W e^W = N/2 (the definition of W₀).
        const int dimension = 1000;
        var capacity = CapacityBounds.SvProliferation(dimension).Value!.Value;
        var w = dimension / (2 * capacity);
        Assert.True(Tolerances.Relative(w * Math.Exp(w), dimension / 2.0) < Tolerances.SpecialFunction);
    }

    [Fact]
    public void Exp_beta_noise_tolerance_is_r_squared_over_N()
    {
        Assert.True(Tolerances.Relative(CapacityBounds.ExpBetaNoise(dimension: 100, radius: 2).Value!.Value, 0.04) < Tolerances.FewOperations);
    }

    [Fact]
    public void Lower_bounds_lie_below_the_exact_capacities()
    {
        Assert.True(CapacityBounds.ExpBetaGaussianLower(100, sigma2: 0.1).Ln <= CapacityBounds.ExpBetaGaussianExact(100, sigma2: 0.1).Ln);
        Assert.True(CapacityBounds.ExpBetaSphereLower(100, radius: 0.5).Ln <= CapacityBounds.ExpBetaSphereExact(100, radius: 0.5).Ln);
        Assert.True(CapacityBounds.ExpBetaBipolarLower(100, sparseness: 0.5, flipProbability: 0.05).Ln
                    <= CapacityBounds.ExpBetaBipolarExact(100, sparseness: 0.5, flipProbability: 0.05).Ln);
    }

    [Fact]
    public void A_capacity_that_overflows_a_double_keeps_its_log()
    {
        var bound = CapacityBounds.ExpBetaGaussianLower(dimension: 1_000_000, sigma2: 0.3);
        Assert.True(double.IsFinite(bound.Ln));
        if (bound.Value is { } value) Assert.True(Tolerances.Relative(Math.Log(value), bound.Ln) < Tolerances.FewOperations);
        else Assert.True(bound.Ln > Math.Log(double.MaxValue));
    }

    [Fact]
    public void Out_of_range_parameters_throw_naming_the_CSharp_parameter()
    {
        Assert.Equal("dimension", Assert.Throws<ArgumentOutOfRangeException>(() => CapacityBounds.HopfieldClassical(dimension: 0)).ParamName);
        Assert.Equal("sigma2", Assert.Throws<ArgumentOutOfRangeException>(() => CapacityBounds.ExpBetaGaussianLower(dimension: 1000, sigma2: 0.7)).ParamName);
        Assert.Equal("sigma2", Assert.Throws<ArgumentOutOfRangeException>(() => CapacityBounds.ExpBetaGaussianExact(dimension: 1000, sigma2: double.NaN)).ParamName);
        Assert.Equal("errorProbability", Assert.Throws<ArgumentOutOfRangeException>(() => CapacityBounds.DamMaxPatterns(degree: 3, dimension: 1000, errorProbability: 0.7)).ParamName);
        Assert.Equal("radius", Assert.Throws<ArgumentOutOfRangeException>(() => CapacityBounds.ExpBetaNoise(dimension: 100, radius: -1)).ParamName);
        Assert.Equal("flipProbability", Assert.Throws<ArgumentOutOfRangeException>(() => CapacityBounds.ExpBetaBipolarExact(dimension: 100, sparseness: 0.5, flipProbability: 1.5)).ParamName);
    }

    [Fact]
    public void The_message_states_the_value_and_the_valid_range()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => CapacityBounds.ExpBetaGaussianLower(dimension: 1000, sigma2: 0.7));
        Assert.Contains("0.7", e.Message);
        Assert.Contains("0.5", e.Message);
    }

    // ---- registry ------------------------------------------------------------------------------

    [Fact]
    public void The_registry_lists_every_bound_DESIGN_md_promises()
    {
        var ids = CapacityBounds.List().Select(b => b.Id).ToHashSet();
        Assert.All(Contract.Bounds, c => Assert.Contains(c.Id, ids));
    }

    [Theory]
    [MemberData(nameof(Contract.BoundData), MemberType = typeof(Contract))]
    public void Evaluating_by_id_equals_calling_the_method(string id)
    {
        var c = Contract.Bounds.Single(b => b.Id == id);
        Assert.True(CapacityBounds.TryGetInfo(id, out var info));
        Assert.Equal(c.Parameters.Keys.Order(), info.Parameters.Select(p => p.Name).Order());
        Assert.All(info.Parameters, p => Assert.False(string.IsNullOrWhiteSpace(p.Range)));

        var byId = CapacityBounds.Evaluate(id, c.Parameters);
        var byMethod = c.Call();
        Assert.Equal(id, byId.Id);
        Assert.Equal(byMethod, byId);
        Assert.True(double.IsFinite(byId.Ln) || byId.Ln == double.NegativeInfinity);
    }

    [Fact]
    public void Descriptors_round_trip_through_the_lookup()
    {
        foreach (var info in CapacityBounds.List())
        {
            Assert.True(CapacityBounds.TryGetInfo(info.Id, out var found));
            Assert.Same(info, found);
            Assert.False(string.IsNullOrWhiteSpace(info.Equation));
        }
        Assert.False(CapacityBounds.TryGetInfo("no-such-bound", out _));
    }

    [Fact]
    public void Evaluate_rejects_unknown_ids_and_missing_or_extra_parameters()
    {
        Assert.ThrowsAny<ArgumentException>(() => CapacityBounds.Evaluate("no-such-bound", new Dictionary<string, double> { ["N"] = 1 }));
        var missing = Assert.ThrowsAny<ArgumentException>(() => CapacityBounds.Evaluate("expbeta-gaussian.lower", new Dictionary<string, double> { ["N"] = 100 }));
        Assert.Contains("sigma2", missing.Message);
        var extra = Assert.ThrowsAny<ArgumentException>(() => CapacityBounds.Evaluate("hopfield-classical", new Dictionary<string, double> { ["N"] = 100, ["n"] = 2 }));
        Assert.Contains("n", extra.Message);
        var range = Assert.Throws<ArgumentOutOfRangeException>(() => CapacityBounds.Evaluate("expbeta-gaussian.lower", new Dictionary<string, double> { ["N"] = 100, ["sigma2"] = 0.7 }));
        Assert.Equal("sigma2", range.ParamName);
    }

    [Fact]
    public void The_kernel_registry_lists_and_evaluates_the_closed_form_kernels()
    {
        var ids = Kernels.List().Select(k => k.Id).ToHashSet();
        Assert.All(Contract.Kernels, c => Assert.Contains(c.Id, ids));

        var byId = Kernels.Evaluate("sdm-hypercube", new Dictionary<string, double> { ["N"] = 3, ["r"] = 1, ["delta"] = 2 });
        Assert.Equal(Kernels.SdmHypercube(dimension: 3, radius: 1, distance: 2), new KernelValue(byId.Value, byId.Ln));
        Assert.Equal("sdm-hypercube", byId.Id);
        Assert.True(byId.InRange);
        var expBeta = Kernels.Evaluate("exp-beta", new Dictionary<string, double> { ["beta"] = 2, ["r"] = 5, ["d"] = 5 });
        Assert.Equal(Kernels.ExpBeta(distance: 5, beta: 2, radius: 5).Ln, expBeta.Ln);
        // The sparse-code approximation of K6 is derived for b ≥ 0.9 only.
        var dense = Kernels.Evaluate("sdm-hypersphere.approx", new Dictionary<string, double> { ["N"] = 100, ["b"] = 0.1, ["cos"] = 0.9 });
        Assert.False(dense.InRange);
        Assert.True(Kernels.TryGetInfo("sdm-hypercube", out var info));
        Assert.Equal(["N", "r", "delta"], info.Parameters.Select(p => p.Name));
    }

    [Theory]
    [InlineData("expbeta-gaussian.tight", "N", 100, "sigma2", 1e-20)]
    [InlineData("expbeta-gaussian.birthday", "N", 50, "sigma2", 1e-20)]
    [InlineData("expbeta-sphere.tight", "N", 100, "r", 1e-200)]
    [InlineData("expbeta-gaussian.tight", "N", 2147483647, "sigma2", 5e-324)]
    public void TryEvaluate_never_throws_and_answers_inside_the_ranges(string id, string a, double x, string b, double y)
    {
        var parameters = new Dictionary<string, double> { [a] = x, [b] = y };
        var ok = CapacityBounds.TryEvaluate(id, parameters, out var result, out var error);
        Assert.True(ok, error);
        Assert.True(double.IsFinite(result.Ln));
        Assert.True(result.Ln > 10, $"ln {result.Ln}"); // p is tiny there, so the mean capacity is huge
    }

    [Fact]
    public void The_exponential_capacity_ids_give_P_equal_e_to_alpha_N()
    {
        // α from a numerical maximisation of the REM exponent (mpmath; issue 15): sphere 0.622571923779907 and ±1
        // 0.566219169516973 at λ = 1, Gaussian λ − λ²/2 = 0.375 at λ = ½, and the Gaussian union bound 0.152742646641213.
        Assert.Equal(0.622571923779907, CapacityBounds.LmSphereAlpha1(1000, 1).Ln / 1000, 12);
        Assert.Equal(0.566219169516973, CapacityBounds.LmBipolarAlpha1(1000, 1).Ln / 1000, 12);
        Assert.Equal(0.375, CapacityBounds.LmGaussianAlpha1(1000, 0.5).Ln / 1000, 14);
        Assert.Equal(0.152742646641213, CapacityBounds.LmGaussianAlphaC(1000, 0.5).Ln / 1000, 12);
        Assert.Equal(CapacityBounds.LmSphereAlpha1(50, 2).Ln, CapacityBounds.LmSphereBasin(50, 2, 1).Ln);
        // Ramsauer's first worked example: N ≥ √0.001 · 3.1546^{19/4} = 7.41.
        Assert.Equal(7.41, Math.Round(CapacityBounds.RamsauerStorage(20, 1, 3, 0.001).Value!.Value, 2));
        Assert.False(CapacityBounds.LmSphereAlpha1(11, 1).InRange);
    }

    // ---- every method's arguments are checked under the C# names ---------------------------------

    /// <summary>Each typed method, its registry id, and its parameters' symbols in order.</summary>
    private static readonly (string Method, string Id, string[] Symbols)[] Methods =
    [
        ("HopfieldClassical", "hopfield-classical", ["N"]),
        ("DamNoError", "dam-no-error", ["n", "N"]),
        ("DamErrorProbability", "dam-error-probability", ["n", "N", "K"]),
        ("DamErrorProbabilityGaussian", "dam-error-probability.gaussian", ["n", "N", "K"]),
        ("DamMaxPatterns", "dam-max-patterns", ["n", "N", "perror"]),
        ("ModelA", "model-a", ["n", "Nf", "Nh"]),
        ("VcLinear", "vc-linear", ["N"]),
        ("VcPolynomial", "vc-polynomial", ["N", "p"]),
        ("VcExponential", "vc-exponential", ["N"]),
        ("SvProliferation", "sv-proliferation", ["N"]),
        ("ExpBetaNoise", "expbeta-noise", ["N", "r"]),
        ("ExpBetaNoiseBipolar", "expbeta-noise.bipolar", ["N", "r"]),
        ("ExpBetaGaussianExact", "expbeta-gaussian.exact", ["N", "sigma2"]),
        ("ExpBetaGaussianLower", "expbeta-gaussian.lower", ["N", "sigma2"]),
        ("ExpBetaGaussianTight", "expbeta-gaussian.tight", ["N", "sigma2"]),
        ("ExpBetaGaussianRadiusExact", "expbeta-gaussian-radius.exact", ["N", "r"]),
        ("ExpBetaSphereExact", "expbeta-sphere.exact", ["N", "r"]),
        ("ExpBetaSphereLower", "expbeta-sphere.lower", ["N", "r"]),
        ("ExpBetaSphereTight", "expbeta-sphere.tight", ["N", "r"]),
        ("ExpBetaBipolarExact", "expbeta-bipolar.exact", ["N", "f", "rho"]),
        ("ExpBetaBipolarLower", "expbeta-bipolar.lower", ["N", "f", "rho"]),
        ("ExpBetaBipolarTight", "expbeta-bipolar.tight", ["N", "f", "rho"]),
        ("ExpBetaGaussianBirthday", "expbeta-gaussian.birthday", ["N", "sigma2"]),
        ("ExpBetaSphereBirthday", "expbeta-sphere.birthday", ["N", "r"]),
        ("ExpBetaBipolarBirthday", "expbeta-bipolar.birthday", ["N", "f", "rho"]),
        ("RamsauerStorage", "ramsauer-storage", ["d", "beta", "K", "pfail"]),
        ("LmSphereAlpha1", "lm-sphere.alpha1", ["N", "lambda"]),
        ("LmSphereBasin", "lm-sphere.basin", ["N", "lambda", "rho"]),
        ("LmGaussianAlpha1", "lm-gaussian.alpha1", ["N", "lambda"]),
        ("LmGaussianAlphaC", "lm-gaussian.alphac", ["N", "lambda"]),
        ("LmBipolarAlpha1", "lm-bipolar.alpha1", ["N", "lambda"]),
    ];

    /// <summary>A valid value of each C# parameter (every method accepts these together).</summary>
    private static readonly Dictionary<string, double> Valid = new()
    {
        ["dimension"] = 100, ["degree"] = 3, ["patternCount"] = 10, ["errorProbability"] = 0.01,
        ["featureNeurons"] = 100, ["hiddenNeurons"] = 1000, ["radius"] = 0.5, ["sigma2"] = 0.1,
        ["sparseness"] = 0.5, ["flipProbability"] = 0.05, ["beta"] = 1, ["radiusScale"] = 1, ["failureProbability"] = 0.5,
        ["lambda"] = 1, ["overlap"] = 0.9,
    };

    public static TheoryData<string, int> EveryArgument()
    {
        var data = new TheoryData<string, int>();
        foreach (var (method, _, symbols) in Methods)
        {
            for (var i = 0; i < symbols.Length; i++) data.Add(method, i);
        }
        return data;
    }

    [Fact]
    public void The_table_of_methods_covers_every_public_bound_method_and_every_registry_id()
    {
        var methods = typeof(CapacityBounds).GetMethods(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Where(m => m.ReturnType == typeof(BoundResult) && m.Name != "Evaluate").Select(m => m.Name).Order();
        Assert.Equal(Methods.Select(m => m.Method).Order(), methods);
        Assert.Equal(CapacityBounds.List().Select(b => b.Id).Order(), Methods.Select(m => m.Id).Order());
    }

    /// <summary>
    /// Every argument of every typed method, set to −1 (outside every parameter's range here) with the
    /// others valid: ArgumentOutOfRangeException whose ParamName is the C# parameter, whose message names it
    /// and its value, and whose range is the one the registry states and checks for the symbol (the message
    /// of <c>Evaluate</c> by symbol at the same values, with the symbol replaced by the C# name).
    /// </summary>
    [Theory]
    [MemberData(nameof(EveryArgument))]
    public void An_out_of_range_argument_is_named_by_its_CSharp_name_with_its_range(string method, int index)
    {
        var (_, id, symbols) = Methods.Single(m => m.Method == method);
        var info = typeof(CapacityBounds).GetMethod(method)!;
        var parameters = info.GetParameters();
        Assert.Equal(symbols.Length, parameters.Length);
        var name = parameters[index].Name!;
        object Arg(int i) => parameters[i].ParameterType == typeof(int)
            ? (object)(i == index ? -1 : (int)Valid[parameters[i].Name!])
            : i == index ? -1.0 : Valid[parameters[i].Name!];

        var thrown = Assert.Throws<System.Reflection.TargetInvocationException>(
            () => info.Invoke(null, parameters.Select((_, i) => Arg(i)).ToArray())).InnerException;
        var e = Assert.IsType<ArgumentOutOfRangeException>(thrown);
        Assert.Equal(name, e.ParamName);
        Assert.StartsWith($"{name} = -1 ", e.Message);

        var bySymbol = symbols.Select((s, i) => (s, i)).ToDictionary(x => x.s, x => Convert.ToDouble(Arg(x.i)));
        var registry = Assert.ThrowsAny<ArgumentException>(() => CapacityBounds.Evaluate(id, bySymbol));
        Assert.Equal(symbols[index], registry.ParamName);
        var expected = registry.Message.Split(" (Parameter")[0];
        Assert.StartsWith($"{symbols[index]} = -1 ", expected);
        Assert.StartsWith(name + expected[symbols[index].Length..], e.Message);
        Assert.Matches(@"(valid range|whole number in) [\[(]", e.Message);
    }
}
