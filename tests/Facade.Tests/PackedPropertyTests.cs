using AssociativeKernels.Fast;
using FsCheck.Xunit;
using Core = global::AssociativeKernels.Core;

namespace AssociativeKernels.Tests;

/// <summary>
/// FsCheck properties: every packed ±1 path equals the F# reference EXACTLY, on both kernels (AVX-512 when
/// this processor has it, and the portable one, forced in-process by the internal <c>avx512</c> flag). Exact
/// is the right tolerance because the packed side and the reference compute the same integers (overlaps,
/// Hamming distances, integer fields), or the same double operations in the same order (SDM counter sums,
/// DAM energy differences outside the integer range); see the doc comments of PackedBipolarBlocks,
/// PackedDenseEnergy, HopfieldNetwork.Field and SparseDistributedMemory.PackedField. Doubles are compared
/// bit for bit. Sizes are drawn from awkward sets (N = 1, 63, 64, 65, 127, 1000: word tails and the
/// four-word carry-save steps; M or K = 1 and not a multiple of 8: padding lanes; Q = 1 and odd: the
/// two-query kernel's odd query) with random contents; small N makes ties frequent.
/// </summary>
[Trait("Category", "FastPathParity")]
public class PackedPropertyTests
{
    private static readonly int[] Dimensions = [1, 2, 63, 64, 65, 127, 200, 1000];
    private static readonly int[] Counts = [1, 2, 7, 8, 9, 33];

    private static bool[] Kernels_() => PackedBipolarBlocks.Avx512Supported ? [false, true] : [false];

    private static double[][] Bipolar(Random random, int rows, int n) =>
        Enumerable.Range(0, rows).Select(_ => Enumerable.Range(0, n).Select(_ => random.Next(2) == 0 ? -1.0 : 1.0).ToArray()).ToArray();

    private static double[,] Matrix(double[][] rows)
    {
        var m = new double[rows.Length, rows[0].Length];
        for (var r = 0; r < rows.Length; r++) for (var i = 0; i < rows[r].Length; i++) m[r, i] = rows[r][i];
        return m;
    }

    private static void AssertBitwise(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            if (BitConverter.DoubleToInt64Bits(expected[i]) != BitConverter.DoubleToInt64Bits(actual[i]))
            {
                Assert.Fail($"component {i}: expected {expected[i]:R}, got {actual[i]:R}");
            }
        }
    }

    /// <summary>Queries: random, a stored pattern, and a stored pattern with a few flips (near ties between close patterns).</summary>
    private static double[][] Queries(Random random, double[][] patterns, int count)
    {
        var n = patterns[0].Length;
        var queries = Bipolar(random, count, n);
        if (count > 1) queries[1] = (double[])patterns[random.Next(patterns.Length)].Clone();
        if (count > 2)
        {
            queries[2] = (double[])patterns[random.Next(patterns.Length)].Clone();
            for (var k = 0; k < 1 + n / 10; k++) queries[2][random.Next(n)] *= -1;
        }
        return queries;
    }

    [Property(MaxTest = 60)]
    public void PackedNearest_and_overlaps_equal_reference(int seed, byte dimension, byte count, byte queryCount)
    {
        var random = new Random(seed);
        var n = Dimensions[dimension % Dimensions.Length];
        var m = count % 3 == 0 ? 8 * (1 + count % 40) + count % 8 : Counts[count % Counts.Length];
        var q = 1 + queryCount % 5;
        var patterns = Bipolar(random, m, n);
        if (m > 3) patterns[m - 1] = (double[])patterns[m / 2].Clone(); // a duplicate: the lower index must win
        var queries = Queries(random, patterns, q);
        var matrix = Matrix(patterns);
        var memory = PackedBipolarMemory.Create(matrix);
        var expected = queries.Select(query => Kernels.Argmax(matrix, query)).ToArray();
        foreach (var avx512 in Kernels_())
        {
            Assert.Equal(expected, memory.NearestBatch(Matrix(queries), avx512));
            Assert.Equal(expected[0], memory.Nearest(queries[0], avx512));
            var overlaps = patterns.Select(p => checked((int)Kernels.Linear(p, queries[^1]))).ToArray();
            Assert.Equal(overlaps, memory.Overlaps(queries[^1], avx512));
        }
    }

    [Property(MaxTest = 40)]
    public void PackedSdmRead_equals_reference(int seed, byte dimension, byte slots, byte outputs, byte written)
    {
        var random = new Random(seed);
        var n = Dimensions[dimension % Dimensions.Length];
        var slotCount = Counts[slots % Counts.Length] * (1 + slots % 4) * 3;
        var outputDimension = new[] { 1, 3, 8, 17 }[outputs % 4];
        // Radii around the typical distance N/2 so that some but not all slots are active.
        var radius = Math.Clamp(n / 2 - (int)(Math.Sqrt(n) * random.NextDouble()), 1, n);
        var inputs = Bipolar(random, 1 + written % 6, n);
        // Non-integer outputs: the counter sums round, so only the same additions in the same order agree bit for bit.
        var outputRows = inputs.Select(_ => Enumerable.Range(0, outputDimension).Select(_ => random.NextDouble() * 2 - 1).ToArray()).ToArray();
        var core = Core.SparseDistributedMemoryModule.WriteMany(
            Core.SparseDistributedMemoryModule.Create(Core.SdmSpace.NewHypercube(radius), seed, slotCount, n, outputDimension), inputs, outputRows);
        var memory = SparseDistributedMemory.CreateHypercube(slotCount, n, outputDimension, radius, seed).WriteMany(Matrix(inputs), Matrix(outputRows));
        foreach (var query in Queries(random, inputs.Length > 1 ? inputs : [inputs[0], inputs[0]], 3))
        {
            foreach (var avx512 in Kernels_())
            {
                AssertBitwise(Core.SparseDistributedMemoryModule.ReadField(core, query), memory.ReadField(query, avx512));
                AssertBitwise(Core.SparseDistributedMemoryModule.Read(core, query), memory.Retrieve(query, avx512));
            }
        }
    }

    private static Core.DenseEnergy Energy(DenseEnergyFunction function, int degree) => function switch
    {
        DenseEnergyFunction.Polynomial => Core.DenseEnergy.NewPolynomial(degree),
        DenseEnergyFunction.RectifiedPolynomial => Core.DenseEnergy.NewRectifiedPolynomial(degree),
        _ => Core.DenseEnergy.Exponential,
    };

    [Property(MaxTest = 40)]
    public void PackedDamSweeps_equal_reference(int seed, byte dimension, byte count, byte function, byte degree)
    {
        var random = new Random(seed);
        var n = Dimensions[dimension % Dimensions.Length];
        var k = Counts[count % Counts.Length];
        if ((long)k * n * n > 40_000_000) k = 2; // keeps the reference's O(K N²) sweeps quick
        var f = (DenseEnergyFunction)(function % 3);
        // Degrees 1–10: up to n = 10 the integer bound 2 K Nⁿ ≤ 2⁵³ fails for the larger N, so both the
        // integer sum and the reference-order double sum are exercised; F = eˣ with N = 1000 overflows and
        // hands those neurons to the reference.
        var n_ = 1 + degree % 10;
        var patterns = Bipolar(random, k, n);
        var core = Core.DenseMemoryModule.Create(Energy(f, n_), patterns);
        var memory = DenseAssociativeMemory.Create(Matrix(patterns), f, n_);
        var order = Enumerable.Range(0, n).ToArray();
        foreach (var query in Queries(random, patterns, 3))
        {
            foreach (var avx512 in Kernels_())
            {
                Assert.Equal(Core.DenseMemoryModule.Sweep(core, order, query), memory.Retrieve(query, avx512));
                var seedOrNull = seed % 2 == 0 ? (int?)null : seed;
                var expected = Core.DenseMemoryModule.Iterate(core, seedOrNull is { } s ? Core.UpdateOrder.NewShuffled(s) : Core.UpdateOrder.Sequential, 20, query);
                AssertSame(expected, memory.Iterate(query, 20, seedOrNull, avx512));
            }
        }
    }

    [Property(MaxTest = 40)]
    public void PackedHopfieldUpdates_equal_reference(int seed, byte dimension, byte count, bool zeroDiagonal)
    {
        var random = new Random(seed);
        var n = Dimensions[dimension % Dimensions.Length];
        var k = Math.Min(n, Counts[count % Counts.Length]); // the packed path applies for K ≤ N
        var patterns = Bipolar(random, k, n);
        var rule = zeroDiagonal ? HopfieldLearningRule.HebbianZeroDiagonal : HopfieldLearningRule.Hebbian;
        var core = Core.HopfieldNetworkModule.Create(zeroDiagonal ? Core.HopfieldRule.HebbianZeroDiagonal : Core.HopfieldRule.Hebbian, patterns);
        var network = HopfieldNetwork.Create(Matrix(patterns), rule);
        foreach (var query in Queries(random, patterns, 3))
        {
            foreach (var avx512 in Kernels_())
            {
                Assert.Equal(Core.HopfieldNetworkModule.UpdateSynchronous(core, query), network.Retrieve(query, avx512));
                AssertSame(Core.HopfieldNetworkModule.IterateSynchronous(core, 20, query), network.IterateSynchronously(query, 20, avx512));
                var seedOrNull = seed % 2 == 0 ? (int?)null : seed;
                var order = seedOrNull is { } s ? Core.UpdateOrder.NewShuffled(s) : Core.UpdateOrder.Sequential;
                AssertSame(Core.HopfieldNetworkModule.IterateAsynchronous(core, order, 20, query), network.Iterate(query, 20, seedOrNull, avx512));
            }
        }
    }

    /// <summary>The same final state (by value), number of steps, ending and cycle period.</summary>
    private static void AssertSame(Core.Iteration expected, MemoryIteration actual)
    {
        var e = MemoryIteration.From(expected);
        Assert.Equal(e.State, actual.State);
        Assert.Equal((e.Steps, e.Ending, e.CyclePeriod), (actual.Steps, actual.Ending, actual.CyclePeriod));
    }
}
