using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace AssociativeKernels.Fast;

/// <summary>
/// Packs ±1 vectors into bits: 64 components per <see cref="ulong"/>, component i in bit i % 64 of word
/// i / 64, +1 ↔ bit 1, −1 ↔ bit 0, and the unused tail bits of the last word zero (so two packed vectors
/// of the same length agree there and the tail never counts as a disagreement). The caller has already
/// checked every entry is +1 or −1 (the core's <c>Patterns.checkBipolar</c>).
/// </summary>
internal static class PackedBipolarRows
{
    /// <summary>Words per packed vector of <paramref name="dimension"/> components: ⌈N / 64⌉.</summary>
    internal static int Words(int dimension) => (dimension + 63) >> 6;

    /// <summary>Packs one checked ±1 vector into <paramref name="destination"/> (exactly <see cref="Words"/> long).</summary>
    internal static void Pack(ReadOnlySpan<double> vector, Span<ulong> destination)
    {
        destination.Clear();
        for (var i = 0; i < vector.Length; i++)
        {
            if (vector[i] > 0.0) destination[i >> 6] |= 1UL << (i & 63);
        }
    }

    /// <summary>Packs checked ±1 rows into one row-major block of M · ⌈N / 64⌉ words.</summary>
    internal static ulong[] Pack(double[][] rows, int dimension)
    {
        var words = Words(dimension);
        var packed = new ulong[rows.Length * words];
        for (var m = 0; m < rows.Length; m++) Pack(rows[m], packed.AsSpan(m * words, words));
        return packed;
    }
}

/// <summary>
/// Overlaps ξ^μ·q = N − 2·popcount(ξ^μ xor q) of one packed query with M packed ±1 patterns, and the
/// nearest pattern (largest overlap, lowest index on ties — the rule of the core's <c>Kernel.argmax</c>).
/// Integer arithmetic throughout, so the results equal the float reference exactly (every overlap is an
/// integer of magnitude ≤ N, exact in a double).
/// <para>
/// Both cores are used only when one call does at least <see cref="ParallelWordOps"/> word operations
/// (M · words per query): at that size one sequential pass takes roughly 0.1–1 ms (≈ 0.2 ns per word
/// with the AVX-512BW nibble-table count, ≈ 1 ns per word scalar), so the few-microsecond cost of starting
/// <see cref="Parallel.For(int, int, Action{int})"/> stays below a few percent; below it the sequential
/// loop is faster.
/// </para>
/// </summary>
internal static class PackedOverlap
{
    /// <summary>The word-operation count from which a call splits its work over the cores.</summary>
    internal const long ParallelWordOps = 1_000_000;

    /// <summary>
    /// Whether this processor runs the AVX-512 kernel (AVX-512BW). Every entry point takes an
    /// <c>avx512</c> flag, true only when this is; tests pass false to exercise the scalar path.
    /// </summary>
    internal static bool Avx512Supported => Avx512BW.IsSupported;

    // The bit count of every nibble 0…15, once per 128-bit lane (vpshufb looks up within lanes).
    private static readonly Vector512<byte> NibbleCounts = Vector512.Create(
        (byte)0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4, 0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4,
        0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4, 0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4);

    /// <summary>
    /// The bit count of each 64-bit lane of <paramref name="x"/>. .NET 10 exposes no VPOPCNTDQ
    /// intrinsic (there is no <c>Avx512Vpopcntdq</c> class), so this is the nibble-table method:
    /// vpshufb looks up the count of each low and high nibble, vpsadbw sums the eight bytes of each lane.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ulong> PopCount(Vector512<ulong> x)
    {
        var bytes = x.AsByte();
        var low = bytes & Vector512.Create((byte)0x0F);
        var high = Vector512.ShiftRightLogical(x, 4).AsByte() & Vector512.Create((byte)0x0F);
        var counts = Avx512BW.Shuffle(NibbleCounts, low) + Avx512BW.Shuffle(NibbleCounts, high);
        return Avx512BW.SumAbsoluteDifferences(counts, Vector512<byte>.Zero).AsUInt64();
    }

    /// <summary>popcount(a xor b) over two packed vectors of the same number of words.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int Disagreements(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, bool avx512)
    {
        var count = 0;
        var w = 0;
        if (avx512 && Avx512BW.IsSupported && a.Length >= Vector512<ulong>.Count)
        {
            ref var ra = ref MemoryMarshal.GetReference(a);
            ref var rb = ref MemoryMarshal.GetReference(b);
            var sum = Vector512<ulong>.Zero;
            for (; w <= a.Length - Vector512<ulong>.Count; w += Vector512<ulong>.Count)
            {
                var x = Vector512.LoadUnsafe(ref ra, (nuint)w) ^ Vector512.LoadUnsafe(ref rb, (nuint)w);
                sum += PopCount(x);
            }
            count = (int)Vector512.Sum(sum);
        }
        for (; w < a.Length; w++) count += BitOperations.PopCount(a[w] ^ b[w]);
        return count;
    }

    /// <summary>The M overlaps of <paramref name="query"/> (packed) with the packed patterns, into <paramref name="overlaps"/>.</summary>
    internal static void Overlaps(ReadOnlySpan<ulong> patterns, int dimension, ReadOnlySpan<ulong> query, Span<int> overlaps, bool avx512)
    {
        var words = query.Length;
        for (var m = 0; m < overlaps.Length; m++)
        {
            overlaps[m] = dimension - 2 * Disagreements(patterns.Slice(m * words, words), query, avx512);
        }
    }

    /// <summary>The overlaps of one packed query with every packed pattern (split over the cores for large M · words).</summary>
    internal static int[] Overlaps(ulong[] patterns, int count, int dimension, ulong[] query, bool avx512)
    {
        var result = new int[count];
        var words = query.Length;
        if ((long)count * words < ParallelWordOps)
        {
            Overlaps(patterns, dimension, query, result, avx512);
            return result;
        }
        var chunks = Chunks(count);
        Parallel.For(0, chunks, c =>
        {
            var (from, to) = Chunk(c, chunks, count);
            Overlaps(patterns.AsSpan(from * words, (to - from) * words), dimension, query, result.AsSpan(from, to - from), avx512);
        });
        return result;
    }

    /// <summary>The index of the largest overlap among patterns [from, to) (lowest index on ties), and that overlap.</summary>
    internal static (int Index, int Overlap) Nearest(ReadOnlySpan<ulong> patterns, int from, int to, int dimension, ReadOnlySpan<ulong> query, bool avx512)
    {
        var words = query.Length;
        var best = from;
        var fewest = int.MaxValue;
        for (var m = from; m < to; m++)
        {
            var d = Disagreements(patterns.Slice(m * words, words), query, avx512);
            if (d < fewest) { fewest = d; best = m; }
        }
        return (best, dimension - 2 * fewest);
    }

    /// <summary>The nearest packed pattern to one packed query (split over the cores for large M · words).</summary>
    internal static int Nearest(ulong[] patterns, int count, int dimension, ulong[] query, bool avx512)
    {
        var words = query.Length;
        if ((long)count * words < ParallelWordOps) return Nearest(patterns, 0, count, dimension, query, avx512).Index;
        var chunks = Chunks(count);
        var partial = new (int Index, int Overlap)[chunks];
        Parallel.For(0, chunks, c =>
        {
            var (from, to) = Chunk(c, chunks, count);
            partial[c] = Nearest(patterns, from, to, dimension, query, avx512);
        });
        // Chunks are in index order, so a strict > keeps the lowest index on ties across chunks too.
        var best = partial[0];
        for (var c = 1; c < chunks; c++)
        {
            if (partial[c].Overlap > best.Overlap) best = partial[c];
        }
        return best.Index;
    }

    /// <summary>The nearest packed pattern to each of Q packed queries (row-major Q · words), split over the queries when Q · M · words is large.</summary>
    internal static int[] NearestBatch(ulong[] patterns, int count, int dimension, ulong[] queries, int queryCount, bool avx512)
    {
        var words = PackedBipolarRows.Words(dimension);
        var result = new int[queryCount];
        if ((long)queryCount * count * words < ParallelWordOps || queryCount == 1)
        {
            for (var q = 0; q < queryCount; q++)
            {
                result[q] = queryCount == 1
                    ? Nearest(patterns, count, dimension, queries, avx512)
                    : Nearest(patterns, 0, count, dimension, queries.AsSpan(q * words, words), avx512).Index;
            }
            return result;
        }
        Parallel.For(0, queryCount, q =>
            result[q] = Nearest(patterns, 0, count, dimension, queries.AsSpan(q * words, words), avx512).Index);
        return result;
    }

    private static int Chunks(int count) => Math.Min(count, Environment.ProcessorCount * 4);

    private static (int From, int To) Chunk(int c, int chunks, int count) =>
        ((int)((long)count * c / chunks), (int)((long)count * (c + 1) / chunks));
}
