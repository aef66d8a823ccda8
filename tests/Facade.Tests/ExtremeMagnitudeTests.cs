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
