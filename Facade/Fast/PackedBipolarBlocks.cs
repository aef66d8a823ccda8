using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace AssociativeKernels.Fast;

/// <summary>
/// M packed ±1 patterns of length N in the "vertical" layout: patterns are taken in groups of
/// <see cref="Lanes"/> = 8, and word w of a group holds word w (components 64w … 64w + 63, bit i % 64 ↔
/// component i, +1 ↔ 1) of each of its 8 patterns side by side, so one <see cref="Vector512{T}"/> load
/// brings the same word of 8 patterns. XOR with a broadcast query word and a per-lane bit count then
/// give the 8 Hamming distances d_μ = popcount(ξ^μ xor q) with no horizontal reduction; the overlap is
/// ξ^μ·q = N − 2 d_μ. The padding lanes of the last group are zero and are never reported. Unused tail
/// bits of the last word are zero in patterns and queries alike, so they never count.
/// <para>
/// Everything is integer arithmetic (a distance is at most N &lt; 2³¹), so every result equals the float
/// reference exactly. The nearest pattern is the one with the smallest key d_μ · 2³² + μ: the smallest
/// distance (largest overlap), then the lowest index — the tie rule of the core's <c>Kernel.argmax</c> —
/// whatever order the groups are visited in.
/// </para>
/// <para>
/// Immutable; queries run on a <see cref="PackedScan"/> taken from a one-slot cache per instance (a new
/// one only when another thread holds the cached one), so steady-state calls allocate nothing.
/// </para>
/// </summary>
internal sealed class PackedBipolarBlocks
{
    /// <summary>Patterns per group: the 64-bit lanes of a 512-bit vector.</summary>
    internal const int Lanes = 8;

    private readonly ulong[] _bits;
    private PackedScan? _cachedScan;

    /// <summary>Packs checked ±1 rows (all of length <paramref name="dimension"/>).</summary>
    internal PackedBipolarBlocks(double[][] rows, int dimension)
        : this(rows.Length, dimension, (m, i) => rows[m][i] > 0.0)
    {
    }

    /// <summary>Packs M patterns given by <paramref name="positive"/>(μ, i) = whether component i of pattern μ is +1.</summary>
    internal PackedBipolarBlocks(int count, int dimension, Func<int, int, bool> positive)
    {
        Count = count;
        Dimension = dimension;
        Words = PackedBipolarRows.Words(dimension);
        Groups = (count + Lanes - 1) / Lanes;
        _bits = new ulong[(long)Groups * Words * Lanes];
        for (var m = 0; m < count; m++)
        {
            for (var i = 0; i < dimension; i++)
            {
                if (positive(m, i)) _bits[Index(m, i >> 6)] |= 1UL << (i & 63);
            }
        }
    }

    /// <summary>The number M of patterns.</summary>
    internal int Count { get; }

    /// <summary>The pattern length N.</summary>
    internal int Dimension { get; }

    /// <summary>Words per pattern (and per packed query): ⌈N / 64⌉.</summary>
    internal int Words { get; }

    /// <summary>The number of groups of <see cref="Lanes"/> patterns, ⌈M / 8⌉.</summary>
    internal int Groups { get; }

    /// <summary>The bytes the packed patterns occupy: ⌈M / 8⌉ · 8 · ⌈N / 64⌉ · 8.</summary>
    internal long Bytes => (long)_bits.Length * sizeof(ulong);

    /// <summary>
    /// Whether this processor runs the AVX-512 kernel (AVX-512F, BW and VBMI: vpternlogq, vpsadbw, vpermb);
    /// every entry point takes an <c>avx512</c> flag, used only when this is true, so tests can force the
    /// portable kernel (<see cref="BitOperations.PopCount(ulong)"/> per word) in-process.
    /// </summary>
    internal static bool Avx512Supported => Avx512BW.IsSupported && Avx512Vbmi.IsSupported;

    private long Index(int pattern, int word) => ((long)(pattern / Lanes) * Words + word) * Lanes + pattern % Lanes;

    /// <summary>Takes this instance's cached scan (or a new one when another thread holds it); give it back with <see cref="Return"/>.</summary>
    internal PackedScan Rent() => Interlocked.Exchange(ref _cachedScan, null) ?? new PackedScan();

    /// <summary>Puts a scan back in the cache.</summary>
    internal void Return(PackedScan scan) => Volatile.Write(ref _cachedScan, scan);

    /// <summary>Whether component <paramref name="component"/> of pattern <paramref name="pattern"/> is +1 (else −1).</summary>
    internal bool IsPositive(int pattern, int component) => ((_bits[Index(pattern, component >> 6)] >> (component & 63)) & 1) != 0;

    /// <summary>The Hamming distance of pattern <paramref name="pattern"/> to a packed query (portable kernel).</summary>
    internal int Distance(int pattern, ReadOnlySpan<ulong> query)
    {
        var d = 0;
        for (var w = 0; w < Words; w++) d += BitOperations.PopCount(_bits[Index(pattern, w)] ^ query[w]);
        return d;
    }

    // Byte bit-count tables for vpermb, which looks up the low 6 bits of each index byte in 64 entries:
    // Low6 counts bits 0–5 of a byte; High2 counts bits 6–7 once the word is shifted right by 2 (they then sit
    // at bits 4–5 of the byte; the two bits shifted in from the next byte land in bits 6–7, which vpermb ignores).
    private static readonly Vector512<byte> Low6x1 = CountTable(1, i => i);
    private static readonly Vector512<byte> High2x1 = CountTable(1, i => i >> 4);
    private static readonly Vector512<byte> Low6x2 = CountTable(2, i => i);
    private static readonly Vector512<byte> High2x2 = CountTable(2, i => i >> 4);
    private static readonly Vector512<byte> Low6x4 = CountTable(4, i => i);
    private static readonly Vector512<byte> High2x4 = CountTable(4, i => i >> 4);

    private static Vector512<byte> CountTable(int weight, Func<int, int> bits)
    {
        Span<byte> t = stackalloc byte[64];
        for (var i = 0; i < 64; i++) t[i] = (byte)(weight * BitOperations.PopCount((uint)bits(i)));
        return Vector512.Create((ReadOnlySpan<byte>)t);
    }

    /// <summary>The bit count of every byte of <paramref name="x"/> times the tables' weight (two vpermb lookups).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<byte> ByteCounts(Vector512<ulong> x, Vector512<byte> low6, Vector512<byte> high2) =>
        Avx512Vbmi.PermuteVar64x8(low6, x.AsByte()) + Avx512Vbmi.PermuteVar64x8(high2, Vector512.ShiftRightLogical(x, 2).AsByte());

    /// <summary>
    /// A carry-save adder on 512 bit columns: <paramref name="low"/> ← a xor b xor c, returns majority(a, b, c),
    /// so a + b + c = low + 2 · carry bit by bit. Two vpternlogq and no register copy: the sum s = a xor b xor c
    /// overwrites <paramref name="low"/>, and the majority is recomputed from (b, c, s) as
    /// (b ∧ c) ∨ ((b xor c) ∧ ¬s) (if b = c it is b; otherwise the third input decides, and it equals ¬s then),
    /// truth table 0xD4 with b, c, s as the first, second and third operand.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ulong> CarrySave(ref Vector512<ulong> low, Vector512<ulong> b, Vector512<ulong> c)
    {
        low = Avx512F.TernaryLogic(low, b, c, 0x96);
        return Avx512F.TernaryLogic(b, c, low, 0xD4);
    }

    /// <summary>
    /// Per-lane bit counts of a stream of 512-bit words (Harley–Seal): words are added four at a time into
    /// bit-sliced counters (ones, twos, fours) by carry-save adders, so only every fourth word's worth of bits
    /// (the fours) is counted by table lookup, weighted by 4. Every byte counter holds exactly the number of
    /// set bits counted so far in its byte position, at most 8 per word; the caller sums them into the 64-bit
    /// lanes (<see cref="Flush"/>, vpsadbw) every 16 words, so a byte never exceeds 8 · (16 + 3) + 8 + 16 = 176
    /// &lt; 256 (the words since the last flush, up to three tail words, and what the ones and twos held back
    /// at the last flush).
    /// </summary>
    private struct BitCounter
    {
        private Vector512<ulong> _ones, _twos, _sums;
        private Vector512<byte> _bytes;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal void Add4(Vector512<ulong> a, Vector512<ulong> b, Vector512<ulong> c, Vector512<ulong> d)
        {
            var twosA = CarrySave(ref _ones, a, b);
            var twosB = CarrySave(ref _ones, c, d);
            var fours = CarrySave(ref _twos, twosA, twosB);
            _bytes += ByteCounts(fours, Low6x4, High2x4);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal void Add1(Vector512<ulong> a) => _bytes += ByteCounts(a, Low6x1, High2x1);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal void Flush()
        {
            _sums += Avx512BW.SumAbsoluteDifferences(_bytes, Vector512<byte>.Zero).AsUInt64();
            _bytes = Vector512<byte>.Zero;
        }

        /// <summary>The bit count of each 64-bit lane over every word added.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal Vector512<ulong> Total()
        {
            _bytes += ByteCounts(_ones, Low6x1, High2x1) + ByteCounts(_twos, Low6x2, High2x2);
            Flush();
            return _sums;
        }
    }

    /// <summary>The Hamming distances of the 8 patterns of group <paramref name="group"/> to the packed query at <paramref name="query"/> (AVX-512).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vector512<ulong> Distances(int group, ref ulong query)
    {
        var words = Words;
        ref var p = ref _bits[(long)group * words * Lanes];
        var counter = default(BitCounter);
        var w = 0;
        for (; w + 4 <= words; w += 4)
        {
            counter.Add4(
                Vector512.LoadUnsafe(ref p) ^ Vector512.Create(Unsafe.Add(ref query, w)),
                Vector512.LoadUnsafe(ref p, Lanes) ^ Vector512.Create(Unsafe.Add(ref query, w + 1)),
                Vector512.LoadUnsafe(ref p, 2 * Lanes) ^ Vector512.Create(Unsafe.Add(ref query, w + 2)),
                Vector512.LoadUnsafe(ref p, 3 * Lanes) ^ Vector512.Create(Unsafe.Add(ref query, w + 3)));
            p = ref Unsafe.Add(ref p, 4 * Lanes);
            if ((w & 15) == 12) counter.Flush();
        }
        for (; w < words; w++)
        {
            counter.Add1(Vector512.LoadUnsafe(ref p) ^ Vector512.Create(Unsafe.Add(ref query, w)));
            p = ref Unsafe.Add(ref p, Lanes);
        }
        return counter.Total();
    }

    /// <summary>As <see cref="Distances(int, ref ulong)"/> for four consecutive queries at once: each pattern word is loaded once for all four, and the four independent counter chains keep more of the core's vector units busy.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Distances(int group, ref ulong queries, out Vector512<ulong> d0, out Vector512<ulong> d1, out Vector512<ulong> d2, out Vector512<ulong> d3)
    {
        var words = Words;
        ref var p = ref _bits[(long)group * words * Lanes];
        ref var q0 = ref queries;
        ref var q1 = ref Unsafe.Add(ref queries, words);
        ref var q2 = ref Unsafe.Add(ref queries, 2 * words);
        ref var q3 = ref Unsafe.Add(ref queries, 3 * words);
        var c0 = default(BitCounter);
        var c1 = default(BitCounter);
        var c2 = default(BitCounter);
        var c3 = default(BitCounter);
        var w = 0;
        for (; w + 4 <= words; w += 4)
        {
            var a = Vector512.LoadUnsafe(ref p);
            var b = Vector512.LoadUnsafe(ref p, Lanes);
            var c = Vector512.LoadUnsafe(ref p, 2 * Lanes);
            var d = Vector512.LoadUnsafe(ref p, 3 * Lanes);
            p = ref Unsafe.Add(ref p, 4 * Lanes);
            c0.Add4(a ^ Vector512.Create(Unsafe.Add(ref q0, w)), b ^ Vector512.Create(Unsafe.Add(ref q0, w + 1)),
                    c ^ Vector512.Create(Unsafe.Add(ref q0, w + 2)), d ^ Vector512.Create(Unsafe.Add(ref q0, w + 3)));
            c1.Add4(a ^ Vector512.Create(Unsafe.Add(ref q1, w)), b ^ Vector512.Create(Unsafe.Add(ref q1, w + 1)),
                    c ^ Vector512.Create(Unsafe.Add(ref q1, w + 2)), d ^ Vector512.Create(Unsafe.Add(ref q1, w + 3)));
            c2.Add4(a ^ Vector512.Create(Unsafe.Add(ref q2, w)), b ^ Vector512.Create(Unsafe.Add(ref q2, w + 1)),
                    c ^ Vector512.Create(Unsafe.Add(ref q2, w + 2)), d ^ Vector512.Create(Unsafe.Add(ref q2, w + 3)));
            c3.Add4(a ^ Vector512.Create(Unsafe.Add(ref q3, w)), b ^ Vector512.Create(Unsafe.Add(ref q3, w + 1)),
                    c ^ Vector512.Create(Unsafe.Add(ref q3, w + 2)), d ^ Vector512.Create(Unsafe.Add(ref q3, w + 3)));
            if ((w & 15) == 12)
            {
                c0.Flush();
                c1.Flush();
                c2.Flush();
                c3.Flush();
            }
        }
        for (; w < words; w++)
        {
            var a = Vector512.LoadUnsafe(ref p);
            c0.Add1(a ^ Vector512.Create(Unsafe.Add(ref q0, w)));
            c1.Add1(a ^ Vector512.Create(Unsafe.Add(ref q1, w)));
            c2.Add1(a ^ Vector512.Create(Unsafe.Add(ref q2, w)));
            c3.Add1(a ^ Vector512.Create(Unsafe.Add(ref q3, w)));
            p = ref Unsafe.Add(ref p, Lanes);
        }
        d0 = c0.Total();
        d1 = c1.Total();
        d2 = c2.Total();
        d3 = c3.Total();
    }

    /// <summary>
    /// The kernels below read the patterns and queries through unchecked references, so every entry point first
    /// checks the group range and the span lengths (the facade always passes right ones; this keeps a wrong
    /// span from ever reading or writing out of bounds).
    /// </summary>
    private void CheckRange(int from, int to)
    {
        if (from < 0 || to > Groups || from > to) throw new ArgumentOutOfRangeException(nameof(to), $"groups [{from}, {to}) are not within [0, {Groups}).");
    }

    /// <summary>Bytes of patterns a tile holds while every query passes over it (about a third of a 48 KB L1 data cache).</summary>
    private const int TileBytes = 16 * 1024;

    /// <summary>
    /// Lowers <paramref name="keys"/>[8q + l] to the smallest key d_μ · 2³² + μ over the patterns μ of groups
    /// [<paramref name="from"/>, <paramref name="to"/>) in lane l, for each of the <paramref name="queryCount"/>
    /// packed queries. The groups are taken in tiles of <see cref="TileBytes"/> that every query passes over
    /// before the next tile, so each pattern is read from memory once per call, not once per query.
    /// </summary>
    internal void NearestKeys(int from, int to, ReadOnlySpan<ulong> queries, int queryCount, Span<ulong> keys, bool avx512)
    {
        CheckRange(from, to);
        ArgumentOutOfRangeException.ThrowIfLessThan(queries.Length, queryCount * Words, nameof(queries));
        ArgumentOutOfRangeException.ThrowIfLessThan(keys.Length, queryCount * Lanes, nameof(keys));
        var tile = Math.Max(1, TileBytes / (Words * Lanes * sizeof(ulong)));
        for (var t = from; t < to; t += tile)
        {
            var end = Math.Min(to, t + tile);
            var q = 0;
            if (avx512 && Avx512Supported)
            {
                for (; q + 4 <= queryCount; q += 4)
                {
                    NearestKeys4(t, end, ref MemoryMarshal.GetReference(queries[(q * Words)..]), ref MemoryMarshal.GetReference(keys[(q * Lanes)..]));
                }
            }
            for (; q < queryCount; q++)
            {
                var query = queries.Slice(q * Words, Words);
                var best = keys.Slice(q * Lanes, Lanes);
                if (avx512 && Avx512Supported)
                {
                    NearestKeys(t, end, ref MemoryMarshal.GetReference(query), ref MemoryMarshal.GetReference(best));
                }
                else
                {
                    for (var m = t * Lanes; m < Math.Min(Count, end * Lanes); m++)
                    {
                        best[m % Lanes] = Math.Min(best[m % Lanes], ((ulong)Distance(m, query) << 32) | (uint)m);
                    }
                }
            }
        }
    }

    /// <summary>
    /// The AVX-512 step of <see cref="NearestKeys(int, int, ReadOnlySpan{ulong}, int, Span{ulong}, bool)"/> for
    /// one query and one tile (a method of its own, called once per query and tile, so the JIT's tiering
    /// reaches its fully optimised code quickly rather than an on-stack-replacement variant of a long loop).
    /// </summary>
    private void NearestKeys(int from, int to, ref ulong query, ref ulong keys)
    {
        var best = Vector512.LoadUnsafe(ref keys);
        var indices = Vector512.Create((ulong)from * Lanes) + Vector512<ulong>.Indices;
        var full = Math.Min(to, Count / Lanes);
        for (var g = from; g < full; g++)
        {
            best = Vector512.Min(best, Vector512.ShiftLeft(Distances(g, ref query), 32) | indices);
            indices += Vector512.Create((ulong)Lanes);
        }
        if (full < to)
        {
            // The last group is partly padding: its padding lanes get the all-ones key, never the minimum.
            var padding = Vector512.GreaterThanOrEqual(indices, Vector512.Create((ulong)Count));
            best = Vector512.Min(best, Vector512.ShiftLeft(Distances(full, ref query), 32) | indices | padding);
        }
        best.StoreUnsafe(ref keys);
    }

    /// <summary>As <see cref="NearestKeys(int, int, ref ulong, ref ulong)"/> for four consecutive queries (and their four consecutive rows of keys).</summary>
    private void NearestKeys4(int from, int to, ref ulong queries, ref ulong keys)
    {
        var best0 = Vector512.LoadUnsafe(ref keys);
        var best1 = Vector512.LoadUnsafe(ref keys, Lanes);
        var best2 = Vector512.LoadUnsafe(ref keys, 2 * Lanes);
        var best3 = Vector512.LoadUnsafe(ref keys, 3 * Lanes);
        var indices = Vector512.Create((ulong)from * Lanes) + Vector512<ulong>.Indices;
        var full = Math.Min(to, Count / Lanes);
        for (var g = from; g < full; g++)
        {
            Distances(g, ref queries, out var d0, out var d1, out var d2, out var d3);
            best0 = Vector512.Min(best0, Vector512.ShiftLeft(d0, 32) | indices);
            best1 = Vector512.Min(best1, Vector512.ShiftLeft(d1, 32) | indices);
            best2 = Vector512.Min(best2, Vector512.ShiftLeft(d2, 32) | indices);
            best3 = Vector512.Min(best3, Vector512.ShiftLeft(d3, 32) | indices);
            indices += Vector512.Create((ulong)Lanes);
        }
        best0.StoreUnsafe(ref keys);
        best1.StoreUnsafe(ref keys, Lanes);
        best2.StoreUnsafe(ref keys, 2 * Lanes);
        best3.StoreUnsafe(ref keys, 3 * Lanes);
        for (var k = 0; k < 4 && full < to; k++)
        {
            NearestKeys(full, to, ref Unsafe.Add(ref queries, k * Words), ref Unsafe.Add(ref keys, k * Lanes));
        }
    }

    /// <summary>The overlaps N − 2 d_μ of one packed query with the patterns of groups [<paramref name="from"/>, <paramref name="to"/>), into <paramref name="overlaps"/> (indexed by μ, length M).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // see DenseAssociativeMemory.PackedSweep
    internal void Overlaps(int from, int to, ReadOnlySpan<ulong> query, Span<int> overlaps, bool avx512)
    {
        CheckRange(from, to);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Length, Words, nameof(query));
        ArgumentOutOfRangeException.ThrowIfLessThan(overlaps.Length, Count, nameof(overlaps));
        if (avx512 && Avx512Supported)
        {
            ref var queryWords = ref MemoryMarshal.GetReference(query);
            var n = Vector512.Create((ulong)Dimension);
            for (var g = from; g < to; g++)
            {
                var o = Avx512F.ConvertToVector256Int32(n - Vector512.ShiftLeft(Distances(g, ref queryWords), 1));
                var first = g * Lanes;
                if (first + Lanes <= Count) o.CopyTo(overlaps.Slice(first, Lanes));
                else for (var l = 0; first + l < Count; l++) overlaps[first + l] = o[l];
            }
            return;
        }
        for (var m = from * Lanes; m < Math.Min(Count, to * Lanes); m++) overlaps[m] = Dimension - 2 * Distance(m, query);
    }

    /// <summary>
    /// The indices μ (ascending) of the patterns within Hamming distance <paramref name="radius"/> of a packed
    /// query, into <paramref name="within"/> (length ≥ M); returns how many. Sequential: its users (SDM reads)
    /// spend more time on what they do with the indices than on finding them.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal int Within(ReadOnlySpan<ulong> query, int radius, Span<int> within, bool avx512)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Length, Words, nameof(query));
        ArgumentOutOfRangeException.ThrowIfLessThan(within.Length, Count, nameof(within));
        var count = 0;
        if (avx512 && Avx512Supported)
        {
            ref var queryWords = ref MemoryMarshal.GetReference(query);
            var r = Vector512.Create((ulong)radius);
            for (var g = 0; g < Groups; g++)
            {
                var hits = Vector512.LessThanOrEqual(Distances(g, ref queryWords), r).ExtractMostSignificantBits();
                while (hits != 0)
                {
                    var m = g * Lanes + BitOperations.TrailingZeroCount(hits);
                    if (m < Count) within[count++] = m;
                    hits &= hits - 1;
                }
            }
            return count;
        }
        for (var m = 0; m < Count; m++)
        {
            if (Distance(m, query) <= radius) within[count++] = m;
        }
        return count;
    }
}
