using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using AssociativeKernels.Fast;
using AssociativeKernels.Interop;
using Core = AssociativeKernels.Core;

namespace AssociativeKernels;

/// <summary>
/// M stored ±1 patterns of length N, bit-packed (64 components per 64-bit word, 32× less memory than
/// single precision), with the overlaps ξ^μ·q = N − 2·popcount(ξ^μ xor q) and the nearest pattern
/// (K7's β → ∞ limit, <see cref="Kernels.Argmax(double[,], ReadOnlySpan{double})"/>) computed on the bits.
/// Results equal the F# core's <c>Kernel.linear</c> and <c>Kernel.argmax</c> exactly (integer arithmetic).
/// Immutable: safe to query from many threads.
/// </summary>
/// <example>
/// <code>
/// var memory = PackedBipolarMemory.Create(new double[,] { { 1, -1, 1 }, { -1, -1, 1 } });
/// int best = memory.Nearest(new double[] { 1, -1, -1 });   // 0: overlaps are 1 and −1
/// </code>
/// </example>
public sealed class PackedBipolarMemory
{
    private static readonly (string, string)[] Names = [("patterns", "patterns"), ("query", "query"), ("queries", "queries")];

    private readonly PackedBipolarBlocks _blocks;

    private PackedBipolarMemory(double[][] rows)
    {
        Dimension = MemoryCall.Run(() => Core.Patterns.CheckBipolar("patterns", rows), Names);
        Count = rows.Length;
        _blocks = new PackedBipolarBlocks(rows, Dimension);
    }

    /// <summary>Packs ±1 patterns (rows).</summary>
    /// <param name="patterns">The M×N patterns, every entry +1 or −1, M ≥ 1, N ≥ 1.</param>
    /// <returns>The packed memory.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="patterns"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An entry is not +1 or −1 (the message gives its row, column and value).</exception>
    /// <exception cref="ArgumentException">There are no patterns, or they have no components.</exception>
    public static PackedBipolarMemory Create(double[,] patterns) => new(MemoryRows.Rows(patterns, nameof(patterns)));

    /// <inheritdoc cref="Create(double[,])"/>
    public static PackedBipolarMemory Create(float[,] patterns) => new(MemoryRows.Rows(patterns, nameof(patterns)));

    /// <inheritdoc cref="Create(double[,])"/>
    public static PackedBipolarMemory Create(sbyte[,] patterns)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        new Footprint(MemoryBudget.Rows(patterns.GetLength(0), patterns.GetLength(1)), patterns.GetLength(1),
            $"packing {patterns.GetLength(0)} patterns of length {patterns.GetLength(1)} (widened to double rows first)").Require(nameof(patterns), patterns.GetLength(0));
        var rows = new double[patterns.GetLength(0)][];
        for (var m = 0; m < rows.Length; m++)
        {
            rows[m] = new double[patterns.GetLength(1)];
            for (var i = 0; i < rows[m].Length; i++) rows[m][i] = patterns[m, i];
        }
        return new(rows);
    }

    /// <summary>The number M of stored patterns.</summary>
    public int Count { get; }

    /// <summary>The pattern length N.</summary>
    public int Dimension { get; }

    /// <summary>The bytes the packed patterns occupy: ⌈M / 8⌉ · 8 · ⌈N / 64⌉ · 8 (patterns are stored in groups of 8, one bit per component).</summary>
    public long MemoryBytes => _blocks.Bytes;

    /// <summary>The overlaps ξ^μ·q of a ±1 query with every stored pattern.</summary>
    /// <param name="query">The ±1 query, of length <see cref="Dimension"/>.</param>
    /// <returns>The M overlaps, each an integer in [−N, N].</returns>
    /// <exception cref="ArgumentException">The query's length is not <see cref="Dimension"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An entry of the query is not +1 or −1.</exception>
    public int[] Overlaps(ReadOnlySpan<double> query) => Overlaps(query, PackedBipolarBlocks.Avx512Supported);

    internal int[] Overlaps(ReadOnlySpan<double> query, bool avx512)
    {
        var scan = _blocks.Rent();
        PackQuery(scan, query);
        var overlaps = new int[Count];
        scan.Overlaps(_blocks, overlaps, avx512);
        _blocks.Return(scan);
        return overlaps;
    }

    /// <summary>The index of the stored pattern with the largest overlap with a ±1 query (the lowest index on ties).</summary>
    /// <param name="query">The ±1 query, of length <see cref="Dimension"/>.</param>
    /// <returns>The index μ of the nearest pattern (in Hamming distance).</returns>
    /// <exception cref="ArgumentException">The query's length is not <see cref="Dimension"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An entry of the query is not +1 or −1.</exception>
    public int Nearest(ReadOnlySpan<double> query) => Nearest(query, PackedBipolarBlocks.Avx512Supported);

    internal int Nearest(ReadOnlySpan<double> query, bool avx512)
    {
        var scan = _blocks.Rent();
        PackQuery(scan, query);
        Span<int> nearest = stackalloc int[1];
        scan.Nearest(_blocks, 1, nearest, avx512);
        _blocks.Return(scan);
        return nearest[0];
    }

    /// <summary>The nearest stored pattern to each row of <paramref name="queries"/> (lowest index on ties).</summary>
    /// <param name="queries">The Q×N ±1 queries (rows); Q = 0 gives an empty result.</param>
    /// <returns>The Q indices.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="queries"/> is null.</exception>
    /// <exception cref="ArgumentException">The rows' length is not <see cref="Dimension"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An entry is not +1 or −1.</exception>
    public int[] NearestBatch(double[,] queries) => NearestBatch(queries, PackedBipolarBlocks.Avx512Supported);

    internal int[] NearestBatch(double[,] queries, bool avx512)
    {
        ArgumentNullException.ThrowIfNull(queries);
        if (queries.GetLength(0) == 0) return [];
        var scan = _blocks.Rent();
        if (!TryPack(scan, queries))
        {
            // Something is wrong with the queries: the batch rule's checks say what.
            _blocks.Return(scan);
            MemoryRows.Queries(queries, nameof(queries), Dimension, bipolar: true);
            throw new InvalidOperationException("unreachable: the queries passed the batch checks but not the packing check.");
        }
        var nearest = new int[queries.GetLength(0)];
        scan.Nearest(_blocks, nearest.Length, nearest, avx512);
        _blocks.Return(scan);
        return nearest;
    }

    /// <summary>Packs Q ≥ 1 rows of ±1 entries of length N into the scan; false (nothing decided) when anything is off.</summary>
    private bool TryPack(PackedScan scan, double[,] queries)
    {
        if (queries.GetLength(0) == 0 || queries.GetLength(1) != Dimension) return false;
        var words = _blocks.Words;
        var packed = scan.Queries(queries.GetLength(0), words);
        var all = MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<byte, double>(ref MemoryMarshal.GetArrayDataReference(queries)), queries.Length);
        for (var q = 0; q < queries.GetLength(0); q++)
        {
            if (!PackedBipolarRows.TryPack(all.Slice(q * Dimension, Dimension), packed.Slice(q * words, words))) return false;
        }
        return true;
    }

    /// <summary>Packs a ±1 query into the scan, or throws the reference's exception (same type, message and parameter name).</summary>
    private void PackQuery(PackedScan scan, ReadOnlySpan<double> query)
    {
        if (query.Length != Dimension || !PackedBipolarRows.TryPack(query, scan.Queries(1, _blocks.Words))) ThrowBadQuery(query);
    }

    /// <summary>Runs the reference's checks on a query the packing check refused, which throw the reference's exception.</summary>
    private void ThrowBadQuery(ReadOnlySpan<double> query)
    {
        var q = query.ToArray();
        var dimension = Dimension;
        MemoryCall.Run(() =>
        {
            Core.Patterns.CheckState("query", dimension, q);
            Core.Patterns.CheckBipolarVector("query", q);
            return 0;
        }, Names);
        throw new InvalidOperationException("unreachable: the query passed the reference's checks but not the packing check.");
    }
}
