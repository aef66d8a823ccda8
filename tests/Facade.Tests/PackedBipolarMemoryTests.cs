using AssociativeKernels.Fast;

namespace AssociativeKernels.Tests;

/// <summary>
/// The bit-packed ±1 memory against the F# reference (<see cref="Kernels.Linear(double[], double[])"/> for
/// overlaps, <see cref="Kernels.Argmax(double[,], ReadOnlySpan{double})"/> for the nearest pattern).
/// Tolerance: exact. Both sides compute integers (an overlap of ±1 vectors is a sum of N terms ±1, exact in
/// a double for any N below 2^53; the packed side counts bits in integers), so the results must be equal.
/// </summary>
public class PackedBipolarMemoryTests
{
    private static double[,] RandomBipolar(Random random, int rows, int dimension)
    {
        var m = new double[rows, dimension];
        for (var r = 0; r < rows; r++)
        {
            for (var i = 0; i < dimension; i++) m[r, i] = random.Next(2) == 0 ? -1.0 : 1.0;
        }
        return m;
    }

    private static double[] Row(double[,] m, int r) => Enumerable.Range(0, m.GetLength(1)).Select(i => m[r, i]).ToArray();

    private static int[] ReferenceOverlaps(double[,] patterns, double[] query) =>
        Enumerable.Range(0, patterns.GetLength(0)).Select(mu => checked((int)Kernels.Linear(Row(patterns, mu), query))).ToArray();

    [Fact]
    public void Overlaps_and_nearest_equal_the_reference_at_every_length_from_1_to_300()
    {
        var random = new Random(5);
        for (var n = 1; n <= 300; n++)
        {
            // M = 1, a few, and more than N for short patterns (ties are then common: N = 1 ties everywhere).
            foreach (var count in new[] { 1, 2 + n % 7, 40 })
            {
                var patterns = RandomBipolar(random, count, n);
                var memory = PackedBipolarMemory.Create(patterns);
                var queries = RandomBipolar(random, 1 + n % 3, n);
                var expected = new int[queries.GetLength(0)];
                for (var q = 0; q < queries.GetLength(0); q++)
                {
                    var query = Row(queries, q);
                    Assert.Equal(ReferenceOverlaps(patterns, query), memory.Overlaps(query));
                    expected[q] = Kernels.Argmax(patterns, query);
                    Assert.Equal(expected[q], memory.Nearest(query));
                }
                Assert.Equal(expected, memory.NearestBatch(queries));
            }
        }
    }

    [Fact]
    public void This_machine_runs_the_AVX512_kernel_when_it_has_AVX512BW_and_VBMI()
    {
        Assert.Equal(System.Runtime.Intrinsics.X86.Avx512BW.IsSupported && System.Runtime.Intrinsics.X86.Avx512Vbmi.IsSupported,
            PackedBipolarBlocks.Avx512Supported);
    }

    [Fact]
    public void Kernel_entry_points_reject_short_spans_before_reading()
    {
        var blocks = new PackedBipolarBlocks(9, 130, (m, i) => (m + i) % 3 == 0);   // 2 groups, 3 words
        foreach (var avx512 in new[] { false, PackedBipolarBlocks.Avx512Supported })
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => blocks.Overlaps(0, 2, new ulong[2], new int[9], avx512));
            Assert.Throws<ArgumentOutOfRangeException>(() => blocks.Overlaps(0, 2, new ulong[3], new int[8], avx512));
            Assert.Throws<ArgumentOutOfRangeException>(() => blocks.Overlaps(0, 3, new ulong[3], new int[9], avx512));
            Assert.Throws<ArgumentOutOfRangeException>(() => blocks.Within(new ulong[2], 5, new int[9], avx512));
            Assert.Throws<ArgumentOutOfRangeException>(() => blocks.NearestKeys(0, 2, new ulong[11], 4, new ulong[32], avx512));
            Assert.Throws<ArgumentOutOfRangeException>(() => blocks.NearestKeys(0, 2, new ulong[12], 4, new ulong[31], avx512));
            var keys = Enumerable.Repeat(ulong.MaxValue, 32).ToArray();
            blocks.NearestKeys(0, 2, new ulong[12], 4, keys, avx512);   // right lengths: no exception
        }
    }

    [Fact]
    public void Ties_go_to_the_lowest_index_as_in_the_reference()
    {
        // Patterns 1 and 3 are equal and both nearest to the query; pattern 0 is its negation.
        var patterns = new double[,] { { -1, -1, -1 }, { 1, 1, -1 }, { -1, 1, 1 }, { 1, 1, -1 } };
        var memory = PackedBipolarMemory.Create(patterns);
        double[] query = [1, 1, 1];
        Assert.Equal(new[] { -3, 1, 1, 1 }, memory.Overlaps(query));
        Assert.Equal(1, memory.Nearest(query));
        Assert.Equal(Kernels.Argmax(patterns, query), memory.Nearest(query));
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void Large_batches_split_over_the_cores_and_give_the_reference_answer()
    {
        // 2 500 groups of 8 patterns × 16 words × 8 queries = 320 000 vector word operations ≥ 2 parts of
        // PackedScan.MinimumPerPart, so the patterns are cut into runs merged by minimum key. Queries 0 and 1
        // are stored patterns 123 and 19 999 (the very last), so a wrong merge or a lost tail would show.
        const int count = 20_000, n = 1000, q = 8;
        Assert.True(Fast.Cores.Count == 1 || (long)q * (count / 8) * 16 >= 2 * PackedScan.MinimumPerPart);
        var random = new Random(11);
        var patterns = RandomBipolar(random, count, n);
        var queries = RandomBipolar(random, q, n);
        for (var i = 0; i < n; i++) { queries[0, i] = patterns[123, i]; queries[1, i] = patterns[count - 1, i]; }
        var memory = PackedBipolarMemory.Create(patterns);
        var expected = Enumerable.Range(0, q).Select(k => Kernels.Argmax(patterns, Row(queries, k))).ToArray();
        Assert.Equal(123, expected[0]);
        Assert.Equal(count - 1, expected[1]);
        foreach (var avx512 in new[] { false, PackedBipolarBlocks.Avx512Supported })
        {
            Assert.Equal(expected, memory.NearestBatch(queries, avx512));
            Assert.Equal(expected[1], memory.Nearest(Row(queries, 1), avx512));
            Assert.Equal(ReferenceOverlaps(patterns, Row(queries, 2)), memory.Overlaps(Row(queries, 2), avx512));
        }
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void Single_query_scans_of_large_memories_split_over_the_cores_and_give_the_sequential_answer()
    {
        // 17 500 groups × 16 words = 280 000 ≥ 2 × PackedScan.MinimumPerPart: Overlaps and a one-query Nearest run
        // in parts. Built from a hash (no 140 000 × 1000 doubles); the expectation is the portable kernel's
        // per-pattern distance (checked against the reference by the properties) over the whole range.
        const int count = 140_000, n = 1000;
        var blocks = new PackedBipolarBlocks(count, n, (m, i) => (unchecked((uint)m * 2654435761u) ^ (uint)(i * 40503u)) % 7 < 3);
        Assert.True(Fast.Cores.Count == 1 || (long)blocks.Groups * blocks.Words >= 2 * PackedScan.MinimumPerPart);
        var scan = blocks.Rent();
        var query = scan.Queries(1, blocks.Words);
        for (var i = 0; i < n; i++) if ((unchecked(77_777u * 2654435761u) ^ (uint)(i * 40503u)) % 7 < 3) query[i >> 6] |= 1UL << (i & 63);
        var expected = new int[count];
        for (var m = 0; m < count; m++) expected[m] = n - 2 * blocks.Distance(m, query);
        var nearest = Array.IndexOf(expected, expected.Max());
        Assert.Equal(77_777, nearest);
        foreach (var avx512 in new[] { false, PackedBipolarBlocks.Avx512Supported })
        {
            var overlaps = new int[count];
            scan.Overlaps(blocks, overlaps, avx512);
            Assert.Equal(expected, overlaps);
            var index = new int[1];
            scan.Nearest(blocks, 1, index, avx512);
            Assert.Equal(nearest, index[0]);
        }
    }

    [Fact]
    public void Float_and_sbyte_patterns_build_the_same_memory()
    {
        var patterns = RandomBipolar(new Random(3), 5, 70);
        var floats = new float[5, 70];
        var bytes = new sbyte[5, 70];
        for (var m = 0; m < 5; m++)
        {
            for (var i = 0; i < 70; i++) { floats[m, i] = (float)patterns[m, i]; bytes[m, i] = (sbyte)patterns[m, i]; }
        }
        var query = Row(patterns, 2);
        var expected = PackedBipolarMemory.Create(patterns).Overlaps(query);
        Assert.Equal(expected, PackedBipolarMemory.Create(floats).Overlaps(query));
        Assert.Equal(expected, PackedBipolarMemory.Create(bytes).Overlaps(query));
        Assert.Equal(70, expected[2]);
    }

    [Fact]
    public void The_footprint_is_one_bit_per_component_rounded_up_to_whole_words_and_groups_of_8()
    {
        var memory = PackedBipolarMemory.Create(RandomBipolar(new Random(1), 3, 65));
        Assert.Equal(3, memory.PatternCount);
        Assert.Equal(65, memory.Dimension);
        Assert.Equal(8 * 2 * 8, memory.MemoryBytes);   // one group of 8 patterns, ⌈65 / 64⌉ = 2 words of 8 bytes each
    }

    [Fact]
    public void Entries_other_than_plus_or_minus_one_are_rejected_naming_the_parameter_and_the_entry()
    {
        var patterns = new double[,] { { 1, -1 }, { 1, 0.5 } };
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => PackedBipolarMemory.Create(patterns));
        Assert.Equal("patterns", e.ParamName);
        Assert.StartsWith("patterns[1, 1] = 0.5: every entry must be +1 or -1.", e.Message);
        Assert.Equal("patterns", Assert.Throws<ArgumentOutOfRangeException>(() => PackedBipolarMemory.Create(new sbyte[,] { { 1, 2 } })).ParamName);
        Assert.Equal("patterns", Assert.Throws<ArgumentOutOfRangeException>(() => PackedBipolarMemory.Create(new float[,] { { 1, float.NaN } })).ParamName);

        var memory = PackedBipolarMemory.Create(new double[,] { { 1, -1 } });
        var q = Assert.Throws<ArgumentOutOfRangeException>(() => memory.Nearest(new double[] { 1, 0 }));
        Assert.Equal("query", q.ParamName);
        Assert.StartsWith("query[1] = 0: every entry must be +1 or -1.", q.Message);
        Assert.Equal("query", Assert.Throws<ArgumentOutOfRangeException>(() => memory.Overlaps(new double[] { -1, 3 })).ParamName);
        Assert.Equal("queries", Assert.Throws<ArgumentOutOfRangeException>(() => memory.NearestBatch(new double[,] { { 1, 1 }, { 1, -2 } })).ParamName);
    }

    [Fact]
    public void Wrong_lengths_and_empty_inputs_are_rejected_naming_the_parameter()
    {
        var memory = PackedBipolarMemory.Create(new double[,] { { 1, -1, 1 } });
        var e = Assert.Throws<ArgumentException>(() => memory.Nearest(new double[] { 1, -1 }));
        Assert.Equal("query", e.ParamName);
        Assert.Contains("length 2", e.Message);
        Assert.Contains("length 3", e.Message);
        Assert.Equal("query", Assert.Throws<ArgumentException>(() => memory.Overlaps(new double[] { 1, -1, 1, 1 })).ParamName);
        Assert.Equal("queries", Assert.Throws<ArgumentException>(() => memory.NearestBatch(new double[,] { { 1, -1 } })).ParamName);
        Assert.Empty(memory.NearestBatch(new double[0, 3])); // an empty batch has an empty answer (BatchValidationTests)

        var empty = Assert.Throws<ArgumentException>(() => PackedBipolarMemory.Create(new double[0, 4]));
        Assert.Equal("patterns", empty.ParamName);
        Assert.Contains("empty", empty.Message);
        Assert.Equal("patterns", Assert.Throws<ArgumentException>(() => PackedBipolarMemory.Create(new double[2, 0])).ParamName);
        Assert.Equal("patterns", Assert.Throws<ArgumentNullException>(() => PackedBipolarMemory.Create((double[,])null!)).ParamName);
        Assert.Equal("patterns", Assert.Throws<ArgumentNullException>(() => PackedBipolarMemory.Create((sbyte[,])null!)).ParamName);
    }
}
