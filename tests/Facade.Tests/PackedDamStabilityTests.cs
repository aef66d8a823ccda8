using AssociativeKernels.Fast;
using Core = global::AssociativeKernels.Core;

namespace AssociativeKernels.Tests;

/// <summary>
/// The packed DAM §2 stability count (<see cref="PackedDamStability"/>, behind
/// <see cref="Simulations.DamStability"/>) against the F# reference. Given the patterns, the number of
/// unstable bits is a deterministic count computed in exact integers on both sides (the reference's doubles are
/// exact integers at these sizes), so agreement is exact: the whole-trial count against
/// <c>DamStability.trial</c> on the very patterns it draws, and bit by bit against <c>DenseMemory.updateNeuron</c>.
/// Sizes cover word tails (N = 1, 63, 64, 65, 127), buckets holding more than 255 patterns (the byte counters'
/// flush: small N, large K) and ties (n = 2, small N).
/// </summary>
public class PackedDamStabilityTests
{
    /// <summary>The reference's patterns for a trial seeded with <paramref name="seed"/>: K rows drawn as <c>DamStability.trial</c> draws them.</summary>
    private static double[][] ReferencePatterns(int seed, int n, int k)
    {
        var rng = new Random(seed);
        return [.. Enumerable.Range(0, k).Select(_ => Core.Sampling.BipolarVector(rng, n, 0.5))];
    }

    /// <summary>The kernels this processor runs: the portable one always, AVX2 where supported.</summary>
    private static int[] Widths() => [.. new[] { 64, 256 }.Where(w => w <= PackedDamStability.BestWidth)];

    private static PackedDamStability Packed(int degree, double[][] rows)
    {
        var packed = new PackedDamStability(Core.DenseEnergy.NewPolynomial(degree), rows.Length, rows[0].Length);
        for (var m = 0; m < rows.Length; m++) packed.Set(m, rows[m]);
        return packed;
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(2, 1, 5)]
    [InlineData(2, 8, 40)]
    [InlineData(2, 63, 12)]
    [InlineData(2, 64, 30)]
    [InlineData(2, 100, 25)]
    [InlineData(3, 65, 60)]
    [InlineData(3, 100, 400)]
    [InlineData(4, 127, 90)]
    [InlineData(4, 30, 200)]
    [InlineData(5, 25, 300)]
    [InlineData(5, 100, 120)]
    [InlineData(3, 5, 1500)]
    [InlineData(2, 3, 2000)]
    [Trait("Category", "Slow")]
    public void The_count_over_every_bit_equals_the_reference_trial_on_the_same_patterns(int degree, int n, int k)
    {
        for (var seed = 1; seed <= 3; seed++)
        {
            var fraction = Core.DamStability.Trial(new Random(seed), degree, n, k);
            var expected = (long)Math.Round(fraction * n * k);
            var packed = Packed(degree, ReferencePatterns(seed, n, k));
            var work = new PackedDamStabilityWork(packed, 2);
            Assert.Equal(expected, work.Unstable(k));
            var scratch = new PackedDamStability.Scratch(packed);
            foreach (var width in Widths())
            {
                Assert.Equal(expected, Enumerable.Range(0, k).Sum(mu => (long)packed.Unstable(mu, scratch, width: width)));
            }
        }
    }

    [Theory]
    [InlineData(1, 7, 9)]
    [InlineData(2, 6, 30)]
    [InlineData(2, 65, 20)]
    [InlineData(3, 10, 300)]
    [InlineData(4, 20, 400)]
    [InlineData(4, 65, 6000)]
    [InlineData(5, 16, 600)]
    public void Each_bit_is_unstable_exactly_when_the_reference_Eq_4_update_flips_it(int degree, int n, int k)
    {
        var rows = ReferencePatterns(degree * 1000 + n, n, k);
        var packed = Packed(degree, rows);
        var memory = Core.DenseMemoryModule.Create(Core.DenseEnergy.NewPolynomial(degree), rows);
        var scratch = new PackedDamStability.Scratch(packed);
        var unstable = new bool[n];
        var flips = 0;
        var probes = Enumerable.Range(0, 16).Select(j => j * k / 16).Append(k - 1).Distinct().ToArray();
        foreach (var mu in probes)
        {
            var count = packed.Unstable(mu, scratch, unstable);
            foreach (var width in Widths()) Assert.Equal(count, packed.Unstable(mu, scratch, width: width));
            Assert.Equal(unstable.Count(u => u), count);
            for (var i = 0; i < n; i++)
            {
                var next = Core.DenseMemoryModule.UpdateNeuron(memory, rows[mu], i);
                Assert.True((next[i] != rows[mu][i]) == unstable[i], $"pattern {mu}, bit {i}");
            }
            flips += count;
        }
        // The sizes are chosen so that some bits are unstable and some stable (both branches are compared).
        Assert.InRange(flips, 1, (probes.Length * n) - 1);
    }

    [Theory]
    [InlineData(65)]
    [InlineData(100)]
    [InlineData(128)]
    public void Filled_patterns_are_fair_and_counted_as_the_reference_counts_them(int n)
    {
        // Fill draws whole random bytes, so the bits past N in the last word must be cleared: otherwise the
        // overlaps (and the unstable bits) would differ from the reference's on the same ±1 rows.
        const int k = 3000;
        var packed = new PackedDamStability(Core.DenseEnergy.NewPolynomial(3), k, n);
        packed.Fill(new Random(5));
        var rows = Enumerable.Range(0, k).Select(packed.Row).ToArray();
        var plus = rows.Sum(r => r.Count(x => x > 0));
        Assert.InRange(plus, (0.5 * k * n) - (5 * Math.Sqrt(0.25 * k * n)), (0.5 * k * n) + (5 * Math.Sqrt(0.25 * k * n)));
        var memory = Core.DenseMemoryModule.Create(Core.DenseEnergy.NewPolynomial(3), rows);
        var scratch = new PackedDamStability.Scratch(packed);
        var unstable = new bool[n];
        var flips = 0;
        for (var mu = 0; mu < 12; mu++)
        {
            flips += packed.Unstable(mu, scratch, unstable);
            for (var i = 0; i < n; i++)
            {
                var next = Core.DenseMemoryModule.UpdateNeuron(memory, rows[mu], i);
                Assert.True((next[i] != rows[mu][i]) == unstable[i], $"pattern {mu}, bit {i}");
            }
        }
        // K = 3000 is well past n = 3's no-error capacity at these N (≈ 170–570): some bits flip, most do not.
        Assert.InRange(flips, 1, (12 * n) - 1);
    }

    /// <summary>
    /// Every bit through the one entry point gives the core reference's numbers for the same seed, whichever count it
    /// picks: the packed one (n = 2…5 at N ≤ 100, exact) or the reference where the packed count is not exact
    /// (F = x⁹ at N = 100: 102⁹ > 2⁵³). The patterns are drawn as the reference draws them, and the counts agree bit
    /// for bit where the reference's double sums are exact (K · 2 max|F| ≤ 2⁵³, true for every case here).
    /// </summary>
    [Theory]
    [InlineData(2, 100, 50, 5)]
    [InlineData(3, 65, 200, 3)]
    [InlineData(5, 30, 120, 2)]
    [InlineData(9, 100, 12, 2)]
    [InlineData(1, 7, 9, 3)]
    public void Every_bit_gives_the_core_reference_numbers_for_the_same_seed(int degree, int n, int k, int trials)
    {
        var expected = Core.Statistics.Summarize(Core.DamStability.Run(17, degree, n, k, trials, Microsoft.FSharp.Core.FuncConvert.FromAction<int>(_ => { })));
        var done = 0;
        var actual = Simulations.DamStability(degree, n, k, trials, 17, progress: t => done = t);
        Assert.Equal((expected.Mean, expected.Sem, expected.Samples), (actual.Mean, actual.StandardError, actual.Samples));
        Assert.Equal(trials, done);
        Assert.Equal(degree != 9, PackedDamStability.IsExact(Core.DenseEnergy.NewPolynomial(degree), n, k));
    }

    [Fact]
    public void The_sampled_estimator_with_every_pattern_probed_is_reproducible_and_matches_the_reference_statistically()
    {
        // Both estimate P(a stored bit is unstable) for n = 3, N = 100, K = 500 (DAM §2: about 5e-3 by the
        // Gaussian formula); different patterns, so they agree within a few standard errors, not exactly.
        var fast = Simulations.DamStability(3, 100, 500, 10, 11, probes: 500);
        var again = Simulations.DamStability(3, 100, 500, 10, 11, probes: 500);
        Assert.Equal(fast, again);
        var reference = Simulations.DamStability(3, 100, 500, 10, seed: 11);
        Assert.True(fast.Mean > 0 && reference.Mean > 0);
        var se = Math.Sqrt((fast.StandardError * fast.StandardError) + (reference.StandardError * reference.StandardError));
        Assert.True(Math.Abs(fast.Mean - reference.Mean) <= 4 * se, $"fast {fast.Mean} ± {fast.StandardError}, reference {reference.Mean} ± {reference.StandardError}");
        Assert.Equal(10, fast.Samples);
    }

    [Fact]
    public void The_sampled_estimator_agrees_with_the_Gaussian_P_error_at_N_100_beyond_the_reference_reach()
    {
        // n = 4, N = 100, K = 10 000 (load 0.01): DAM §2's Gaussian P_error ≈ 6.4e-3. 400 probes × 100 bits ×
        // 4 trials = 1.6e5 bits, ~1000 unstable: the standard error is ~3%, the formula's own error at N = 100 ≲ 20%.
        var p = CapacityBounds.DamErrorProbabilityGaussian(4, 100, 10_000).Value!.Value;
        var s = Simulations.DamStability(4, 100, 10_000, 4, 3, probes: 400);
        Assert.True(Math.Abs(s.Mean - p) <= Math.Max(3 * s.StandardError, 0.2 * p) + (3 * s.StandardError), $"{s.Mean} ± {s.StandardError} against {p}");
    }

    [Fact]
    public void Arguments_outside_their_ranges_are_rejected_by_name()
    {
        Assert.Equal("degree", Assert.Throws<ArgumentOutOfRangeException>(() => Simulations.DamStability(0, 10, 10, 2, 1, probes: 1)).ParamName);
        Assert.Equal("dimension", Assert.Throws<ArgumentOutOfRangeException>(() => Simulations.DamStability(2, 0, 10, 2, 1, probes: 1)).ParamName);
        Assert.Equal("patternCount", Assert.Throws<ArgumentOutOfRangeException>(() => Simulations.DamStability(2, 10, 0, 2, 1, probes: 1)).ParamName);
        Assert.Equal("probes", Assert.Throws<ArgumentOutOfRangeException>(() => Simulations.DamStability(2, 10, 10, 2, 1, probes: 0)).ParamName);
        Assert.Equal("probes", Assert.Throws<ArgumentOutOfRangeException>(() => Simulations.DamStability(2, 10, 10, 2, 1, probes: 11)).ParamName);
        Assert.Equal("trials", Assert.Throws<ArgumentOutOfRangeException>(() => Simulations.DamStability(2, 10, 10, 1, 1, probes: 1)).ParamName);
        // F = x⁹ at N = 100 is not exact in doubles (102⁹ > 2⁵³); n = 5, N = 1000, K = 10⁵ overflows the 64-bit sum.
        Assert.Equal("dimension", Assert.Throws<ArgumentOutOfRangeException>(() => Simulations.DamStability(9, 100, 10, 2, 1, probes: 1)).ParamName);
        Assert.Equal("patternCount", Assert.Throws<ArgumentOutOfRangeException>(() => Simulations.DamStability(5, 1000, 100_000, 2, 1, probes: 1)).ParamName);
    }
}
