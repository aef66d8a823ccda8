using System.Numerics;
using System.Runtime.InteropServices;
using Core = Kernels.Core;

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
/// agreement bits of each pattern, 8 bits at a time, into byte-wide counters kept 8 to a 64-bit word (flushed
/// every 255 patterns), so a probe costs K · (⌈N/64⌉ popcounts + ⌈N/8⌉ additions) plus (N + 1) · N for the D_i.
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
    private readonly int _bytes;
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

        // F(v) for v = −N − 2 … N + 2 (index v + N + 2).
        var values = new long[2 * dimension + 5];
        var largest = 0.0;
        for (var v = -dimension - 2; v <= dimension + 2; v++)
        {
            var x = Core.DenseEnergyModule.Value(f, v);
            if (!double.IsFinite(x) || Math.Floor(x) != x || Math.Abs(x) > 9007199254740992.0)
            {
                throw new ArgumentOutOfRangeException(nameof(dimension), dimension,
                    $"F({v}) = {x} is not an integer of magnitude ≤ 2^53: the packed stability count needs F exact in integers on −N − 2 … N + 2.");
            }
            values[v + dimension + 2] = (long)x;
            largest = Math.Max(largest, Math.Abs(x));
        }
        if (4.0 * patternCount * largest > 4.6e18)
        {
            throw new ArgumentOutOfRangeException(nameof(patternCount), patternCount,
                $"K = {patternCount} with max |F| = {largest} on −N − 2 … N + 2 overflows the exact 64-bit sum (4 K max |F| must be ≤ 2^62).");
        }
        Count = patternCount;
        _dimension = dimension;
        _words = PackedBipolarRows.Words(dimension);
        _bytes = (dimension + 7) >> 3;
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

    /// <summary>Scratch for one probe at a time: the byte-wide counters, their flush counts, the exact counts.</summary>
    internal sealed class Scratch
    {
        internal Scratch(PackedDamStability owner)
        {
            Accumulators = new ulong[(owner._dimension + 1) * owner._bytes];
            Pending = new int[owner._dimension + 1];
            Sizes = new int[owner._dimension + 1];
            Agreements = new int[(owner._dimension + 1) * owner._bytes * 8];
            Differences = new long[owner._bytes * 8];
        }

        internal ulong[] Accumulators { get; }

        internal int[] Pending { get; }

        internal int[] Sizes { get; }

        internal int[] Agreements { get; }

        internal long[] Differences { get; }
    }

    /// <summary>
    /// The number of unstable bits of stored pattern <paramref name="probe"/> (0 ≤ probe &lt; K) under one Eq. 4
    /// update with the network at that pattern; when <paramref name="unstable"/> is not empty (length N) it
    /// receives whether each bit is unstable.
    /// </summary>
    internal int Unstable(int probe, Scratch scratch, Span<bool> unstable = default)
    {
        var n = _dimension;
        var words = _words;
        var bytes = _bytes;
        var acc = scratch.Accumulators;
        var pending = scratch.Pending;
        var sizes = scratch.Sizes;
        var agree = scratch.Agreements;
        Array.Clear(sizes);
        Array.Clear(agree);
        Span<ulong> sigma = stackalloc ulong[words];
        _rows.AsSpan(probe * words, words).CopyTo(sigma);
        Span<ulong> same = stackalloc ulong[words];
        var sameBytes = MemoryMarshal.AsBytes(same);
        var rows = _rows;
        for (var m = 0; m < Count; m++)
        {
            var at = (long)m * words;
            var distance = 0;
            for (var w = 0; w < words; w++)
            {
                var x = rows[at + w] ^ sigma[w];
                distance += BitOperations.PopCount(x);
                same[w] = ~x;
            }
            same[words - 1] &= _tailMask;
            var b = n - distance;
            sizes[b]++;
            var a = acc.AsSpan(b * bytes, bytes);
            for (var k = 0; k < a.Length; k++) a[k] += Spread[sameBytes[k]];
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
            var counts = agree.AsSpan(b * bytes * 8, n);
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

    /// <summary>Adds bucket <paramref name="b"/>'s byte-wide counters into its exact counts and clears them.</summary>
    private void Flush(int b, ulong[] acc, int[] pending, int[] agree)
    {
        var bytes = _bytes;
        for (var k = 0; k < bytes; k++)
        {
            ref var word = ref acc[(b * bytes) + k];
            var at = ((b * bytes) + k) * 8;
            for (var lane = 0; lane < 8; lane++) agree[at + lane] += (int)((word >> (8 * lane)) & 0xFF);
            word = 0;
        }
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
