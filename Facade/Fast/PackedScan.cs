namespace AssociativeKernels.Fast;

/// <summary>
/// One pass of packed queries over a <see cref="PackedBipolarBlocks"/>: the nearest pattern to each query,
/// or the overlaps of one query with every pattern. Holds its own scratch (the packed queries and the
/// per-part best keys), grown on demand and reused, so a call allocates nothing once the buffers are big
/// enough; one instance serves one call at a time (see <see cref="PackedBipolarBlocks.Rent"/>).
/// <para>
/// The patterns are cut into consecutive runs of groups, one per part, when a call does at least
/// <see cref="MinimumPerPart"/> vector word operations per part (Q · ⌈M / 8⌉ · ⌈N / 64⌉ in all; one
/// operation costs about 0.5 ns of one core here (Zen 5, four queries per pattern load), so a part is at least ≈ 70 µs, above the tens of microseconds
/// the helper cores need to wake); below that one core does everything. Each part keeps the best keys of
/// its own run, and the runs are merged by the minimum key, which is the same whatever the split.
/// </para>
/// </summary>
internal sealed class PackedScan : CoreWork
{
    /// <summary>The vector word operations (one 512-bit word of 8 patterns against one query) each part must have.</summary>
    internal const long MinimumPerPart = 131_072;

    private ulong[] _queries = [];
    private int[] _indices = [];
    private ulong[] _keys = [];
    private PackedBipolarBlocks? _blocks;
    private int _queryCount;
    private int _parts;
    private bool _avx512;
    private int[]? _overlaps;

    /// <summary>Room for <paramref name="count"/> packed queries of <paramref name="words"/> words each, cleared; pack the queries into it.</summary>
    internal Span<ulong> Queries(int count, int words)
    {
        var length = count * words;
        if (_queries.Length < length) _queries = new ulong[length];
        var span = _queries.AsSpan(0, length);
        span.Clear();
        return span;
    }

    /// <summary>Room for <paramref name="count"/> indices (e.g. the patterns within a radius), not cleared.</summary>
    internal Span<int> Indices(int count)
    {
        if (_indices.Length < count) _indices = new int[count];
        return _indices.AsSpan(0, count);
    }

    /// <summary>The nearest pattern (largest overlap, lowest index on ties) to each of the first <paramref name="queryCount"/> packed queries, into <paramref name="nearest"/>.</summary>
    internal void Nearest(PackedBipolarBlocks blocks, int queryCount, Span<int> nearest, bool avx512)
    {
        var parts = Cores.Parts((long)queryCount * blocks.Groups * blocks.Words, MinimumPerPart);
        parts = Math.Min(parts, blocks.Groups);
        var stride = queryCount * PackedBipolarBlocks.Lanes;
        if (_keys.Length < parts * stride) _keys = new ulong[parts * stride];
        Start(blocks, queryCount, parts, avx512, null);
        for (var q = 0; q < queryCount; q++)
        {
            var best = ulong.MaxValue;
            for (var p = 0; p < parts; p++)
            {
                foreach (var key in _keys.AsSpan(p * stride + q * PackedBipolarBlocks.Lanes, PackedBipolarBlocks.Lanes)) best = Math.Min(best, key);
            }
            nearest[q] = (int)(uint)best;
        }
    }

    /// <summary>The overlaps of the first packed query with every pattern, into <paramref name="overlaps"/> (length M).</summary>
    internal void Overlaps(PackedBipolarBlocks blocks, int[] overlaps, bool avx512)
    {
        var parts = Math.Min(Cores.Parts((long)blocks.Groups * blocks.Words, MinimumPerPart), blocks.Groups);
        Start(blocks, 1, parts, avx512, overlaps);
    }

    private void Start(PackedBipolarBlocks blocks, int queryCount, int parts, bool avx512, int[]? overlaps)
    {
        (_blocks, _queryCount, _parts, _avx512, _overlaps) = (blocks, queryCount, parts, avx512, overlaps);
        try
        {
            Cores.Run(this, parts);
        }
        finally
        {
            (_blocks, _overlaps) = (null, null);
        }
    }

    internal override void Run(int part)
    {
        var blocks = _blocks!;
        var (from, to) = Cores.Range(part, _parts, blocks.Groups);
        var queries = _queries.AsSpan(0, _queryCount * blocks.Words);
        if (_overlaps is { } overlaps)
        {
            blocks.Overlaps(from, to, queries, overlaps, _avx512);
            return;
        }
        var stride = _queryCount * PackedBipolarBlocks.Lanes;
        var keys = _keys.AsSpan(part * stride, stride);
        keys.Fill(ulong.MaxValue);
        blocks.NearestKeys(from, to, queries, _queryCount, keys, _avx512);
    }
}
