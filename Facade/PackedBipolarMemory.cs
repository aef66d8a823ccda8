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
/// As an <see cref="IAssociativeMemory"/> it retrieves at zero temperature: <see cref="Retrieve(ReadOnlySpan{double})"/>
/// is the nearest stored pattern itself (the β → ∞ limit of the modern Hopfield update), so <see cref="Iterate"/>
/// converges after one more step. Immutable: safe to query from many threads.
/// </summary>
/// <example>
/// <code>
/// var memory = PackedBipolarMemory.Create(new double[,] { { 1, -1, 1 }, { -1, -1, 1 } });
/// int best = memory.Nearest(new double[] { 1, -1, -1 });   // 0: overlaps are 1 and −1
/// </code>
/// </example>
public sealed class PackedBipolarMemory : IAssociativeMemory
{

    private readonly PackedBipolarBlocks _blocks;

    /// <summary>Packs checked ±1 rows (<see cref="MemoryRows.Patterns(double[,], string, bool)"/>).</summary>
    private PackedBipolarMemory(double[][] rows)
    {
        Dimension = rows[0].Length;
        PatternCount = rows.Length;
        _blocks = new PackedBipolarBlocks(rows, Dimension);
    }

    /// <summary>Packs ±1 patterns (rows).</summary>
    /// <param name="patterns">The M×N patterns, every entry +1 or −1, M ≥ 1, N ≥ 1.</param>
    /// <returns>The packed memory.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="patterns"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An entry is not +1 or −1 (the message gives its row, column and value).</exception>
    /// <exception cref="ArgumentException">There are no patterns, or they have no components.</exception>
    public static PackedBipolarMemory Create(double[,] patterns) => new(MemoryRows.Patterns(patterns, nameof(patterns), bipolar: true));

    /// <inheritdoc cref="Create(double[,])"/>
    public static PackedBipolarMemory Create(float[,] patterns) => new(MemoryRows.Patterns(patterns, nameof(patterns), bipolar: true));

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
        return Create(Spans.ToMatrix(rows));
    }

    /// <summary>The number M of stored patterns.</summary>
    public int PatternCount { get; }

    /// <summary>The pattern length N.</summary>
    public int Dimension { get; }

    /// <summary>The output length: N (an output is a stored pattern).</summary>
    public int OutputDimension => Dimension;

    /// <summary>Always true: the output is a stored pattern, again a query.</summary>
    public bool IsAutoAssociative => true;

    /// <summary>The nearest stored pattern to a ±1 query (the lowest index on ties): zero-temperature retrieval.</summary>
    /// <param name="query">The ±1 query, of length <see cref="Dimension"/>.</param>
    /// <returns>A copy of the nearest stored pattern.</returns>
    /// <exception cref="ArgumentException">A wrong length or an entry other than ±1 (ParamName <c>query</c>).</exception>
    public double[] Retrieve(ReadOnlySpan<double> query) => Pattern(Nearest(query));

    /// <inheritdoc cref="Retrieve(ReadOnlySpan{double})"/>
    public float[] Retrieve(ReadOnlySpan<float> query) => MemoryRows.Narrow(Retrieve(MemoryRows.Query(query, Dimension, bipolar: true)), nameof(query));

    /// <summary>The nearest stored pattern to every row of <paramref name="queries"/>, as rows.</summary>
    /// <param name="queries">The Q×N ±1 queries (rows); Q = 0 gives an empty result.</param>
    /// <returns>Q×N: row q is the stored pattern nearest to query q.</returns>
    /// <exception cref="ArgumentException">A bad row (ParamName <c>queries</c>, the row in the message).</exception>
    public double[,] RetrieveBatch(double[,] queries)
    {
        var nearest = NearestBatch(queries);
        var z = new double[nearest.Length, Dimension];
        for (var q = 0; q < nearest.Length; q++)
        {
            for (var i = 0; i < Dimension; i++) z[q, i] = _blocks.IsPositive(nearest[q], i) ? 1 : -1;
        }
        return z;
    }

    /// <inheritdoc cref="RetrieveBatch(double[,])"/>
    public float[,] RetrieveBatch(float[,] queries) => MemoryRows.Batch(queries, RetrieveBatch);

    /// <summary>Zero-temperature retrieval repeated to a fixed point: the nearest pattern, then (being its own nearest) the same again.</summary>
    /// <param name="query">The ±1 start state.</param>
    /// <param name="maxSteps">The most steps, ≥ 1.</param>
    /// <returns>The final state (a stored pattern), the number of steps and how it ended.</returns>
    /// <exception cref="ArgumentException">A bad query (ParamName <c>query</c>) or maxSteps &lt; 1.</exception>
    public MemoryIteration Iterate(ReadOnlySpan<double> query, int maxSteps = 100)
    {
        var q = MemoryRows.Query(query, Dimension, bipolar: true);
        MemoryRows.CheckSteps(maxSteps);
        return MemoryIteration.From(PackedDynamics.Steps(maxSteps, q, s => Retrieve(s)));
    }

    /// <summary>Stored pattern <paramref name="index"/> unpacked.</summary>
    private double[] Pattern(int index)
    {
        var p = new double[Dimension];
        for (var i = 0; i < p.Length; i++) p[i] = _blocks.IsPositive(index, i) ? 1 : -1;
        return p;
    }

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
        var overlaps = new int[PatternCount];
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

    /// <summary>Packs a ±1 query into the scan, or throws the refusal naming <c>query</c>.</summary>
    private void PackQuery(PackedScan scan, ReadOnlySpan<double> query)
    {
        if (query.Length != Dimension || !PackedBipolarRows.TryPack(query, scan.Queries(1, _blocks.Words))) ThrowBadQuery(query);
    }

    /// <summary>Runs the checks on a query the packing check refused, which throw the refusal naming <c>query</c>.</summary>
    private void ThrowBadQuery(ReadOnlySpan<double> query)
    {
        MemoryRows.Query(query, Dimension, bipolar: true);
        throw new InvalidOperationException("unreachable: the query passed the checks but not the packing check.");
    }
}
