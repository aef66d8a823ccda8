namespace AssociativeKernels.Tests;

/// <summary>
/// Finite data near the edges of the doubles (entries around 1e155–1e308), where products, squares or sums overflow on
/// their own although the answer is representable: every entry point gives the right finite number or refuses with a
/// documented exception, never NaN or ±∞ (cases from an adversarial review; expected values derived by hand below).
/// </summary>
public class ExtremeMagnitudeTests
{
    private const double A = 1e155; // A² = 1e310 overflows; A itself and ½A² − A² + ½A² on scaled data do not.

    private static readonly double[,] Diagonal = { { A, 0 }, { 0, A } };

    [Fact]
    public void Ramsauer_and_Fenchel_Young_energies_combine_their_overflowing_terms_before_scaling_back()
    {
        var q = new[] { A, 0.0 };
        // Ramsauer: E + ln K/β + ½M² = ½A² − A² + ½A² + (ln 2 − ln(1 + e^{−A²})) = ln 2 (the plain form was ∞ − ∞).
        var modern = ModernHopfieldNetwork.Create(Diagonal, 1.0);
        Assert.True(Math.Abs(modern.RamsauerEnergy(q) - Math.Log(2)) < 1e-15, $"{modern.RamsauerEnergy(q):R}");
        // E itself is −½A² = −5e309: beyond the doubles, refused.
        Assert.Throws<OverflowException>(() => modern.Energy(q));
        // Sparsemax: −β⁻¹Ω*(βXq) + ½‖q‖² − β⁻¹Ω(u) + ½M² = −A² + ½A² + ¼ + ½A² = ¼ (Ω(p) = ½(‖p‖² − 1), u = (½, ½)).
        var sparse = SparseModernHopfieldNetwork.Create(Diagonal, 1.0, SimplexMap.Sparsemax);
        Assert.True(Math.Abs(sparse.Energy(q) - 0.25) < 1e-15, $"{sparse.Energy(q):R}");
        // The same networks at ordinary magnitudes are unchanged: A = 1 gives ln 2 − ln(1 + e⁻¹) and ¼.
        var unit = new double[,] { { 1, 0 }, { 0, 1 } };
        Assert.True(Math.Abs(ModernHopfieldNetwork.Create(unit, 1.0).RamsauerEnergy(new[] { 1.0, 0 }) - (Math.Log(2) - Math.Log(1 + Math.Exp(-1)))) < 1e-15);
        Assert.True(Math.Abs(SparseModernHopfieldNetwork.Create(unit, 1.0, SimplexMap.Sparsemax).Energy(new[] { 1.0, 0 }) - 0.25) < 1e-15);
        // UHN's general L_h is evaluated on the similarities themselves: A² overflows, so the energy is refused.
        Assert.Throws<OverflowException>(() => UniversalHopfieldNetwork.Create(Diagonal).Energy(q));
    }

    [Fact]
    public void Two_layer_updates_beyond_the_doubles_refuse_naming_the_query()
    {
        var x = new double[,] { { 1e200, 1 }, { 1, 1e200 } };
        var net = TwoLayerNetwork.ModelB(x, 1);
        Assert.Equal("query", Assert.ThrowsAny<ArgumentException>(() => net.Retrieve(new[] { 1e200, 1 })).ParamName);
        Assert.Equal("query", Assert.ThrowsAny<ArgumentException>(() => net.Iterate(new[] { 1e200, 1 })).ParamName);
        Assert.Equal("queries", Assert.ThrowsAny<ArgumentException>(() => net.RetrieveBatch(new double[,] { { 1e200, 1 } })).ParamName);
        // At ordinary magnitudes the same update is the modern Hopfield one.
        var small = new double[,] { { 2, 1 }, { 1, 2 } };
        var z = TwoLayerNetwork.ModelB(small, 1).Retrieve(new[] { 2.0, 1 });
        var reference = ModernHopfieldNetwork.Create(small, 1).Retrieve(new[] { 2.0, 1 });
        for (var i = 0; i < 2; i++) Assert.True(Math.Abs(z[i] - reference[i]) < 1e-15 * 2);
    }

    [Fact]
    public void Exp_beta_networks_over_huge_patterns_retrieve_them()
    {
        // ‖ξ¹ − ξ²‖ = √2·1e200 (its square overflowed and the distance was refused as a parameter "d"): K = I, so each
        // stored pattern retrieves itself.
        var x = new double[,] { { 1e200, 0 }, { 0, 1e200 } };
        Assert.Equal(new[] { 1e200, 0 }, ExpBetaNetwork.Create(x, 2, 1).Retrieve(new[] { 1e200, 0 }));
        Assert.Equal(new[] { 1e200, 0 }, ExpBetaNetwork.CreateZeroTemperature(x, 1).Retrieve(new[] { 1e200, 0.5 }));
    }

    [Fact]
    public void Sparse_distributed_memory_refuses_writes_that_overflow_a_counter_and_reads_huge_fields_with_their_sign()
    {
        // Radius N: all 50 slots are active for every input.
        var empty = SparseDistributedMemory.CreateHypercube(50, 8, 1, radius: 8, seed: 1);
        var x = new[] { 1.0, 1, 1, 1, 1, 1, 1, 1 };
        var once = empty.Write(x, new[] { 1e308 });
        var e = Assert.ThrowsAny<ArgumentException>(() => once.Write(x, new[] { 1e308 }));
        Assert.Equal("output", e.ParamName);
        Assert.Equal("outputs", Assert.ThrowsAny<ArgumentException>(() => once.WriteMany(new double[,] { { 1, 1, 1, 1, 1, 1, 1, 1 } }, new double[,] { { 1e308 } })).ParamName);
        // The field 50 · 1e308 is beyond the doubles (+∞, sign +1); after −1.5e308 the counters are −5e307 and the
        // field −2.5e309: −∞ and sign −1 (the plain sum of +1e308 counters overflowed before).
        Assert.Equal(double.PositiveInfinity, once.ReadField(x)[0]);
        Assert.Equal(1.0, once.Retrieve(x)[0]);
        var down = once.Write(x, new[] { -1.5e308 });
        Assert.Equal(double.NegativeInfinity, down.ReadField(x)[0]);
        Assert.Equal(-1.0, down.Retrieve(x)[0]);
        // A field of 50 · 1e306 = 5e307 stays finite, exact to rounding.
        var modest = empty.Write(x, new[] { 1e306 });
        Assert.True(Math.Abs(modest.ReadField(x)[0] - 5e307) <= 5e307 * 1e-15);
    }
}

/// <summary>
/// Sizes and values at the edges of the other entry points (cases from an adversarial review): requests that would not fit
/// are refused before anything is allocated, naming the size that sets them; summaries and crossings of finite values
/// near ±1.8e308 stay finite; feature vectors beyond the doubles refuse.
/// </summary>
public class EdgeSizeTests
{
    [Fact]
    public void Summaries_refuse_non_finite_samples_and_stay_finite_and_exact_at_the_edges()
    {
        Assert.Equal("samples", Assert.ThrowsAny<ArgumentException>(() => MarginLoad.Summarize([double.NaN, 1])).ParamName);
        Assert.Equal("samples", Assert.ThrowsAny<ArgumentException>(() => MarginLoad.Summarize([double.PositiveInfinity, 1])).ParamName);
        // Mean 1e308 (the sum overflowed), and mean 0 with s = √2·1e308, s/√2 = 1e308 (the squares overflowed).
        Assert.Equal(1e308, MarginLoad.Summarize([1e308, 1e308]).Mean);
        var spread = MarginLoad.Summarize([1e308, -1e308]);
        Assert.Equal(0, spread.Mean);
        Assert.True(Math.Abs(spread.StandardError - 1e308) <= 1e308 * 1e-15, $"{spread.StandardError:R}");
        // 1e16 + 2, + 4, + 6: mean 1e16 + 4 exactly, standard error 2/√3 (the plain average was 1e16 + 6).
        var close = MarginLoad.Summarize([1e16 + 2, 1e16 + 4, 1e16 + 6]);
        Assert.Equal(1e16 + 4, close.Mean);
        Assert.True(Math.Abs(close.StandardError - 2 / Math.Sqrt(3)) < 1e-15 * 2, $"{close.StandardError:R}");
    }

    [Fact]
    public void A_crossing_between_huge_loads_and_means_is_finite()
    {
        // The line from (−1e308, 1e308) to (1e308, −1e308) crosses 0 at load 0 (it gave NaN).
        var c = MarginLoad.Crossing([-1e308, 1e308], [1e308, -1e308], [1e308, 1e308]);
        Assert.NotNull(c);
        Assert.Equal(0, c!.Value.Load);
        // x* = x₁ + (x₂ − x₁) m₁/(m₁ − m₂): ∂x*/∂m₁ = −(x₂ − x₁)m₂/(m₁ − m₂)² = 0.5, ∂x*/∂m₂ = 0.5, error = √(2·(0.5e308)²) = e308/√2.
        Assert.True(Math.Abs(c.Value.StandardError - 1e308 / Math.Sqrt(2)) <= 1e308 * 1e-15, $"{c.Value.StandardError:R}");
        // Tiny means with huge errors: the load is 1 + 1e-300/4e-300 = 1.25 exactly, the error (~1e400) beyond the doubles.
        var tiny = MarginLoad.Crossing([1.0, 2], [1e-300, -3e-300], [1e100, 1e100]);
        Assert.Equal(1.25, tiny!.Value.Load);
        Assert.Equal(double.PositiveInfinity, tiny.Value.StandardError);
        Assert.Equal(1.25, MarginLoad.Crossing([1.0, 2], [1e-10, -3e-10], [1e300, 1e300])!.Value.Load);
    }

    [Fact]
    public void Counts_beyond_an_int_are_refused_not_cut()
    {
        Assert.Equal("load", Assert.ThrowsAny<ArgumentOutOfRangeException>(() => MarginLoad.PatternCount(10, 1e300)).ParamName);
        Assert.Equal("load", Assert.ThrowsAny<ArgumentOutOfRangeException>(() => MarginLoad.PatternCount(100_000, 1)).ParamName);
        Assert.Equal(2_147_450_880, MarginLoad.PairsFeatureCount(65_536)); // 65536 · 65535 / 2
        Assert.Equal("dimension", Assert.ThrowsAny<ArgumentOutOfRangeException>(() => MarginLoad.PairsFeatureCount(65_537)).ParamName);
        Assert.Equal("dimension", Assert.ThrowsAny<ArgumentOutOfRangeException>(() => MarginLoad.PairsFeatureCount(70_000)).ParamName);
    }

    [Fact]
    public void Feature_maps_refuse_sizes_beyond_an_array_and_entries_beyond_the_doubles()
    {
        Assert.Equal("x", Assert.ThrowsAny<ArgumentOutOfRangeException>(() => FeatureMaps.Pairs(new double[70_000])).ParamName);
        Assert.Equal("x", Assert.ThrowsAny<ArgumentOutOfRangeException>(() => FeatureMaps.Polynomial2(new double[70_000])).ParamName);
        Assert.Equal("count", Assert.ThrowsAny<ArgumentOutOfRangeException>(() => FeatureMaps.RandomHypercubeAddresses(100_000, 100_000, 1)).ParamName);
        Assert.Equal("count", Assert.ThrowsAny<ArgumentOutOfRangeException>(() => FeatureMaps.RandomHypersphereAddresses(int.MaxValue, int.MaxValue, 1)).ParamName);
        Assert.Throws<OverflowException>(() => FeatureMaps.Polynomial2([1e200]));
        Assert.Throws<OverflowException>(() => FeatureMaps.Pairs([1e200, 1e200]));
        // The same maps at ordinary sizes: 1 + 2N + N(N − 1)/2 = 1 + 6 + 3 and N(N − 1)/2 = 3 entries.
        Assert.Equal(10, FeatureMaps.Polynomial2([1.0, 2, 3]).Length);
        Assert.Equal([2.0, 3, 6], FeatureMaps.Pairs([1.0, 2, 3]));
    }

    [Fact]
    public void Simulations_refuse_sizes_that_would_not_fit_naming_the_size_that_sets_them()
    {
        string Named(Action call) => Assert.ThrowsAny<ArgumentOutOfRangeException>(call).ParamName!;
        Assert.Equal("runs", Named(() => Simulations.ExpBetaCapacity(2, 0.1, int.MaxValue, 1)));
        Assert.Equal("trials", Named(() => Simulations.DamStability(2, 10, 3, int.MaxValue, 1)));
        Assert.Equal("trials", Named(() => Simulations.HopfieldRetrieval(10, 0.1, 0.1, int.MaxValue, 1)));
        Assert.Equal("runs", Named(() => Simulations.LmSphereDominance(2, 1, int.MaxValue, 1)));
        Assert.Equal("runs", Named(() => Simulations.LmSphereRetrieval(2, 1, 1, 0.1, int.MaxValue, 1)));
        Assert.Equal("dimension", Named(() => Simulations.ExpBetaCapacity(int.MaxValue, 0.1, 2, 1)));
        Assert.Equal("dimension", Named(() => Simulations.LmSphereDominance(int.MaxValue, 1, 2, 1)));
        Assert.Equal("dimension", Named(() => Simulations.LmSphereRetrieval(int.MaxValue, 1, 1, 0.1, 2, 1)));
        Assert.Equal("dimension", Named(() => Simulations.DamStability(2, int.MaxValue, 2, 2, 1)));
        Assert.Equal("dimension", Named(() => new DenseClassifier(int.MaxValue, 4, new DenseClassifierOptions())));
    }
}
