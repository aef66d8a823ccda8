using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Core = AssociativeKernels.Core;

namespace AssociativeKernels.Fast;

/// <summary>
/// DAM §2's stability experiment on bit-packed ±1 patterns: for a stored pattern ξ^μ (the probe, the network
/// in state σ = ξ^μ), which of its N bits one Eq. 4 update flips. It is the same decision as the core's
/// reference (<c>DamStability.trial</c>, <c>DenseMemory.updateNeuron</c>), bit for bit, at O(K · N / 8) per
/// probe pattern for all N of its bits instead of O(K · N) per bit.
/// <para>
/// Derivation. With the network at σ, Eq. 4 compares Σ_ν F(ξ^ν_i + rest_ν) with Σ_ν F(−ξ^ν_i + rest_ν),
/// rest_ν = m_ν − ξ^ν_i σ_i, m_ν = ξ^ν·σ. One of the two arguments is m_ν itself (σ_i kept), the other
/// m_ν − 2 t_ν (σ_i flipped), t_ν = ξ^ν_i σ_i; bit i is unstable exactly when
/// D_i = Σ_ν [F(m_ν) − F(m_ν − 2 t_ν)] &lt; 0 (D_i = 0 is a tie and keeps the bit, the core's <c>Dynamics.sign</c>).
/// Group the K patterns by overlap v = m_ν (N + 1 values, v ≡ N mod 2; the probe itself has v = N): with
/// c_v patterns at overlap v, a_v(i) of which agree with σ at bit i (t_ν = +1),
/// D_i = Σ_v c_v [F(v) − F(v + 2)] + Σ_v a_v(i) [F(v + 2) − F(v − 2)].
/// The overlaps come from popcounts (m_ν = N − 2 popcount(ξ^ν xor σ)), and the counts a_v(i) from adding the
/// agreement bits of each pattern (not (ξ^ν xor σ)) to byte-wide counters of its bucket, flushed into exact
/// counts every 255 patterns: a 64-bit word is expanded to 64 bytes of 0 / 1 in two 256-bit vectors (AVX2; 8
/// table look-ups in the portable kernel), so a probe costs K · ⌈N/64⌉ · (a popcount and a few
/// vector operations) plus (N + 1) · N for the D_i — all N bits of the probe for about the price of its overlaps.
/// </para>
/// <para>
/// Exactness. F is tabulated on −N − 2 … N + 2 with the core's own F (<c>DenseEnergy.value</c>, one home for
/// F); the construction requires every tabulated value to be an integer of magnitude ≤ 2⁵³ (so it is the
/// reference's value exactly) and 4 K max|F| ≤ 2⁶² (so every partial sum above fits a <see cref="long"/>), and
/// throws otherwise. Then D_i is computed exactly — for F = xⁿ at N = 100, n = 5 that is K up to 10⁸. The
/// reference sums the same integers in double precision, exact while K · 2 max|F| ≤ 2⁵³ (K ≤ 4.5 · 10⁵ there);
/// where it is exact the two decisions are identical.
/// </para>
/// </summary>
internal sealed class PackedDamStability
{
    /// <summary>Spread[b] has byte k equal to bit k of b: adding it adds the 8 bits of b to 8 byte-wide counters.</summary>
    private static readonly ulong[] Spread = BuildSpread();

    private readonly int _dimension;
    private readonly int _words;
    private readonly ulong[] _rows;
    private readonly ulong _tailMask;
    private readonly long[] _stay;
    private readonly long[] _cross;

    /// <summary>
    /// Room for K patterns of length N (all −1 until filled) under F (F = xⁿ in DAM §2). Throws an
    /// <see cref="ArgumentOutOfRangeException"/> when the energy differences cannot be summed exactly (see above).
    /// </summary>
    internal PackedDamStability(Core.DenseEnergy f, int patternCount, int dimension)
    {
        Core.DenseEnergyModule.Check(f);
        ArgumentOutOfRangeException.ThrowIfLessThan(patternCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        if (Inexact(f, dimension, patternCount) is { } refusal) throw refusal;
        var values = Table(f, dimension);
        Count = patternCount;
        _dimension = dimension;
        _words = PackedBipolarRows.Words(dimension);
        _tailMask = (dimension & 63) == 0 ? ulong.MaxValue : (1UL << (dimension & 63)) - 1;
        _rows = new ulong[(long)patternCount * _words];
        // Per bucket b = (v + N) / 2 = N − Hamming distance: F(v) − F(v + 2) and F(v + 2) − F(v − 2).
        _stay = new long[dimension + 1];
        _cross = new long[dimension + 1];
        for (var b = 0; b <= dimension; b++)
        {
            var at = 2 * b - dimension + dimension + 2; // index of v = 2b − N
            _stay[b] = values[at] - values[at + 2];
            _cross[b] = values[at + 2] - values[at - 2];
        }
    }

    /// <summary>F(v) for v = −N − 2 … N + 2 (index v + N + 2), as the core computes it (<c>DenseEnergy.value</c>).</summary>
    private static double[] Values(Core.DenseEnergy f, int dimension)
    {
        var values = new double[2 * dimension + 5];
        for (var v = -dimension - 2; v <= dimension + 2; v++) values[v + dimension + 2] = Core.DenseEnergyModule.Value(f, v);
        return values;
    }

    private static long[] Table(Core.DenseEnergy f, int dimension) => Array.ConvertAll(Values(f, dimension), x => (long)x);

    /// <summary>
    /// Why the count cannot be exact for F, N and K (an exception naming <c>dimension</c> or <c>patternCount</c>), or
    /// null when every tabulated F is an integer of magnitude ≤ 2⁵³ and 4 K max|F| ≤ 2⁶² (see the class remarks).
    /// </summary>
    private static ArgumentOutOfRangeException? Inexact(Core.DenseEnergy f, int dimension, int patternCount)
    {
        var values = Values(f, dimension);
        var largest = 0.0;
        for (var j = 0; j < values.Length; j++)
        {
            var x = values[j];
            if (!double.IsFinite(x) || Math.Floor(x) != x || Math.Abs(x) > 9007199254740992.0)
            {
                return new ArgumentOutOfRangeException(nameof(dimension), dimension,
                    $"F({j - dimension - 2}) = {x} is not an integer of magnitude ≤ 2^53: the packed stability count needs F exact in integers on −N − 2 … N + 2.");
            }
            largest = Math.Max(largest, Math.Abs(x));
        }
        return 4.0 * patternCount * largest > 4.6e18
            ? new ArgumentOutOfRangeException(nameof(patternCount), patternCount,
                $"K = {patternCount} with max |F| = {largest} on −N − 2 … N + 2 overflows the exact 64-bit sum (4 K max |F| must be ≤ 2^62).")
            : null;
    }

    /// <summary>Whether the count is exact for F, N ≥ 1 and K ≥ 1 (the constructor accepts them).</summary>
    internal static bool IsExact(Core.DenseEnergy f, int dimension, int patternCount) => Inexact(f, dimension, patternCount) is null;

    /// <summary>The number K of patterns.</summary>
    internal int Count { get; }

    /// <summary>The pattern length N.</summary>
    internal int Dimension => _dimension;

    /// <summary>Fills every pattern with independent fair ±1 components drawn from <paramref name="rng"/> (its bytes, 8 components each).</summary>
    internal void Fill(Random rng)
    {
        rng.NextBytes(MemoryMarshal.AsBytes(_rows.AsSpan()));
        for (var m = 0; m < Count; m++) _rows[((long)m * _words) + _words - 1] &= _tailMask;
    }

    /// <summary>Pattern μ as a ±1 row of length N.</summary>
    internal double[] Row(int mu)
    {
        var row = new double[_dimension];
        for (var i = 0; i < _dimension; i++) row[i] = ((_rows[(mu * _words) + (i >> 6)] >> (i & 63)) & 1) != 0 ? 1.0 : -1.0;
        return row;
    }

    /// <summary>Sets pattern μ to a checked ±1 row of length N (+1 ↔ bit 1).</summary>
    internal void Set(int mu, ReadOnlySpan<double> row)
    {
        var dst = _rows.AsSpan(mu * _words, _words);
        dst.Clear();
        for (var i = 0; i < _dimension; i++)
        {
            if (row[i] > 0) dst[i >> 6] |= 1UL << (i & 63);
        }
    }

    /// <summary>
    /// Scratch for one probe at a time: per bucket, a byte-wide counter for each of the ⌈N/64⌉ · 64 bit positions
    /// (flushed every 255 patterns), its flush count, its size c_v and its exact counts a_v(i); the D_i.
    /// </summary>
    internal sealed class Scratch
    {
        internal Scratch(PackedDamStability owner)
        {
            var stride = owner._words * 64;
            Accumulators = new byte[(owner._dimension + 1) * stride];
            Pending = new int[owner._dimension + 1];
            Sizes = new int[owner._dimension + 1];
            Agreements = new int[(owner._dimension + 1) * stride];
            Differences = new long[owner._dimension];
        }

        internal byte[] Accumulators { get; }

        internal int[] Pending { get; }

        internal int[] Sizes { get; }

        internal int[] Agreements { get; }

        internal long[] Differences { get; }
    }

    /// <summary>
    /// The kernel this processor runs: 256 (AVX2) or 64 (portable SWAR). An AVX-512 kernel (one vpshufb per word)
    /// was measured slower than the AVX2 one on the development machine (≈ 10 against 8–12 ns per pattern and probe
    /// at N = 100, where the popcounts and bucket bookkeeping dominate), so there is none.
    /// </summary>
    internal static int BestWidth => Avx2.IsSupported ? 256 : 64;

    /// <summary>
    /// The number of unstable bits of stored pattern <paramref name="probe"/> (0 ≤ probe &lt; K) under one Eq. 4
    /// update with the network at that pattern; when <paramref name="unstable"/> is not empty (length N) it
    /// receives whether each bit is unstable. <paramref name="width"/> picks the kernel that adds the agreement
    /// bits to the byte counters (256 where AVX2 is supported, or 64; <see cref="BestWidth"/> by default); both give
    /// the same counts.
    /// </summary>
    internal int Unstable(int probe, Scratch scratch, Span<bool> unstable = default, int width = 0)
    {
        if (width == 0) width = BestWidth;
        var n = _dimension;
        var words = _words;
        var stride = words * 64;
        var acc = scratch.Accumulators;
        var pending = scratch.Pending;
        var sizes = scratch.Sizes;
        var agree = scratch.Agreements;
        Array.Clear(sizes);
        Array.Clear(agree);
        Span<ulong> sigma = stackalloc ulong[words];
        _rows.AsSpan(probe * words, words).CopyTo(sigma);
        Span<ulong> same = stackalloc ulong[words];
        ref var row = ref MemoryMarshal.GetArrayDataReference(_rows);
        ref var counters = ref MemoryMarshal.GetArrayDataReference(acc);
        for (var m = 0; m < Count; m++, row = ref Unsafe.Add(ref row, words))
        {
            var distance = 0;
            for (var w = 0; w < words; w++)
            {
                var x = Unsafe.Add(ref row, w) ^ sigma[w];
                distance += BitOperations.PopCount(x);
                same[w] = ~x;
            }
            same[words - 1] &= _tailMask;
            var b = n - distance;
            sizes[b]++;
            var offset = (nuint)(b * stride);
            if (width == 256) Add256(same, ref counters, offset);
            else Add64(same, MemoryMarshal.Cast<byte, ulong>(acc.AsSpan(b * stride, stride)));
            if (++pending[b] == 255) Flush(b, acc, pending, agree);
        }
        for (var b = 0; b <= n; b++)
        {
            if (pending[b] > 0) Flush(b, acc, pending, agree);
        }

        // D_i = Σ_v c_v [F(v) − F(v + 2)] + Σ_v a_v(i) [F(v + 2) − F(v − 2)], exactly (see the class comment).
        var d = scratch.Differences.AsSpan(0, n);
        long common = 0;
        d.Clear();
        for (var b = 0; b <= n; b++)
        {
            if (sizes[b] == 0) continue;
            common += sizes[b] * _stay[b];
            var cross = _cross[b];
            var counts = agree.AsSpan(b * stride, n);
            for (var i = 0; i < n; i++) d[i] += counts[i] * cross;
        }
        var count = 0;
        for (var i = 0; i < n; i++)
        {
            var flips = common + d[i] < 0;
            if (flips) count++;
            if (!unstable.IsEmpty) unstable[i] = flips;
        }
        return count;
    }

    /// <summary>
    /// For byte j of a 256-bit vector holding the low (bits 0–31) half of a word broadcast to both 128-bit lanes,
    /// the byte of the word that holds its bit: j / 8 (vpshufb picks within a lane, and each lane holds all 8).
    /// </summary>
    private static readonly Vector256<byte> PickLow256 = Vector256.Create([.. Enumerable.Range(0, 32).Select(j => (byte)(j / 8))]);

    /// <summary>As <see cref="PickLow256"/> for the high half (bits 32–63): 4 + j / 8.</summary>
    private static readonly Vector256<byte> PickHigh256 = Vector256.Create([.. Enumerable.Range(0, 32).Select(j => (byte)(4 + (j / 8)))]);

    /// <summary>The bit of its source byte that byte j tests: 1 &lt;&lt; (j % 8).</summary>
    private static readonly Vector256<byte> Bits256 = Vector256.Create([.. Enumerable.Range(0, 32).Select(j => (byte)(1 << (j % 8)))]);

    /// <summary>
    /// Adds the bits of <paramref name="words"/> to the byte counters at <paramref name="offset"/>: each half word
    /// expanded to 32 bytes of 0 / −1 (shuffle, and, compare), subtracted.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Add256(ReadOnlySpan<ulong> words, ref byte counters, nuint offset)
    {
        for (var w = 0; w < words.Length; w++)
        {
            var word = Vector256.Create(words[w]).AsByte();
            var at = offset + (nuint)(64 * w);
            var low = Avx2.Shuffle(word, PickLow256) & Bits256;
            var c = Vector256.LoadUnsafe(ref counters, at);
            (c - Vector256.Equals(low, Bits256)).StoreUnsafe(ref counters, at);
            var high = Avx2.Shuffle(word, PickHigh256) & Bits256;
            c = Vector256.LoadUnsafe(ref counters, at + 32);
            (c - Vector256.Equals(high, Bits256)).StoreUnsafe(ref counters, at + 32);
        }
    }

    /// <summary>The portable kernel: each byte of a word adds <see cref="Spread"/>[byte] to the 8 counters of its 8 bits (SWAR, 8 counters per <see cref="ulong"/>).</summary>
    private static void Add64(ReadOnlySpan<ulong> words, Span<ulong> counters)
    {
        for (var w = 0; w < words.Length; w++)
        {
            var x = words[w];
            for (var k = 0; k < 8; k++) counters[(8 * w) + k] += Spread[(int)((x >> (8 * k)) & 0xFF)];
        }
    }

    /// <summary>Adds bucket <paramref name="b"/>'s byte counters into its exact counts and clears them.</summary>
    private void Flush(int b, byte[] acc, int[] pending, int[] agree)
    {
        var stride = _words * 64;
        var counters = acc.AsSpan(b * stride, _dimension);
        var counts = agree.AsSpan(b * stride, _dimension);
        for (var i = 0; i < counters.Length; i++) counts[i] += counters[i];
        acc.AsSpan(b * stride, stride).Clear();
        pending[b] = 0;
    }

    private static ulong[] BuildSpread()
    {
        var spread = new ulong[256];
        for (var b = 0; b < 256; b++)
        {
            for (var k = 0; k < 8; k++)
            {
                if ((b >> k & 1) != 0) spread[b] |= 1UL << (8 * k);
            }
        }
        return spread;
    }
}

/// <summary>
/// The unstable bits of probes 0 … P − 1 of a <see cref="PackedDamStability"/>, split over the cores: part p takes
/// probes p, p + parts, …, each part with its own scratch and its own total (so the sum is the same whatever the
/// split).
/// </summary>
internal sealed class PackedDamStabilityWork : CoreWork
{
    private readonly PackedDamStability _patterns;
    private readonly PackedDamStability.Scratch[] _scratch;
    private readonly long[] _totals;
    private int _probes;

    /// <summary>Work over <paramref name="patterns"/> in <paramref name="parts"/> parts.</summary>
    internal PackedDamStabilityWork(PackedDamStability patterns, int parts)
    {
        _patterns = patterns;
        _scratch = new PackedDamStability.Scratch[parts];
        for (var p = 0; p < parts; p++) _scratch[p] = new PackedDamStability.Scratch(patterns);
        _totals = new long[parts];
    }

    /// <summary>The number of unstable bits among the N bits of each of the first <paramref name="probes"/> patterns.</summary>
    internal long Unstable(int probes)
    {
        _probes = probes;
        Array.Clear(_totals);
        Cores.Run(this, Math.Min(_totals.Length, probes));
        long total = 0;
        foreach (var t in _totals) total += t;
        return total;
    }

    /// <inheritdoc/>
    internal override void Run(int part)
    {
        var parts = Math.Min(_totals.Length, _probes);
        long total = 0;
        for (var probe = part; probe < _probes; probe += parts) total += _patterns.Unstable(probe, _scratch[part]);
        _totals[part] = total;
    }
}
