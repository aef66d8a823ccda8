using AssociativeKernels.Fast;
using AssociativeKernels.Interop;
using Core = Kernels.Core;

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

    private readonly ulong[] _bits;

    private PackedBipolarMemory(double[][] rows)
    {
        Dimension = MemoryCall.Run(() => Core.Patterns.CheckBipolar("patterns", rows), Names);
        Count = rows.Length;
        _bits = PackedBipolarRows.Pack(rows, Dimension);
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

    /// <summary>The bytes the packed patterns occupy: M · ⌈N / 64⌉ · 8.</summary>
    public long MemoryBytes => (long)_bits.Length * sizeof(ulong);

    /// <summary>The overlaps ξ^μ·q of a ±1 query with every stored pattern.</summary>
    /// <param name="query">The ±1 query, of length <see cref="Dimension"/>.</param>
    /// <returns>The M overlaps, each an integer in [−N, N].</returns>
    /// <exception cref="ArgumentException">The query's length is not <see cref="Dimension"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An entry of the query is not +1 or −1.</exception>
    public int[] Overlaps(ReadOnlySpan<double> query) =>
        PackedOverlap.Overlaps(_bits, Count, Dimension, PackQuery(query, nameof(query)), PackedOverlap.Avx512Supported);

    /// <summary>The index of the stored pattern with the largest overlap with a ±1 query (the lowest index on ties).</summary>
    /// <param name="query">The ±1 query, of length <see cref="Dimension"/>.</param>
    /// <returns>The index μ of the nearest pattern (in Hamming distance).</returns>
    /// <exception cref="ArgumentException">The query's length is not <see cref="Dimension"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An entry of the query is not +1 or −1.</exception>
    public int Nearest(ReadOnlySpan<double> query) =>
        PackedOverlap.Nearest(_bits, Count, Dimension, PackQuery(query, nameof(query)), PackedOverlap.Avx512Supported);

    /// <summary>The nearest stored pattern to each row of <paramref name="queries"/> (lowest index on ties).</summary>
    /// <param name="queries">The Q×N ±1 queries (rows), Q ≥ 1.</param>
    /// <returns>The Q indices.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="queries"/> is null.</exception>
    /// <exception cref="ArgumentException">There are no queries, or their length is not <see cref="Dimension"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An entry is not +1 or −1.</exception>
    public int[] NearestBatch(double[,] queries)
    {
        var rows = MemoryRows.Rows(queries, nameof(queries));
        var n = MemoryCall.Run(() => Core.Patterns.CheckBipolar("queries", rows), Names);
        if (n != Dimension)
        {
            throw new ArgumentException($"queries has rows of length {n} but the memory's patterns have length {Dimension}.", nameof(queries));
        }
        var packed = PackedBipolarRows.Pack(rows, Dimension);
        return PackedOverlap.NearestBatch(_bits, Count, Dimension, packed, rows.Length, PackedOverlap.Avx512Supported);
    }

    private ulong[] PackQuery(ReadOnlySpan<double> query, string name)
    {
        var q = query.ToArray();
        var dimension = Dimension;
        MemoryCall.Run(() =>
        {
            Core.Patterns.CheckState(name, dimension, q);
            Core.Patterns.CheckBipolarVector(name, q);
            return 0;
        }, Names);
        var packed = new ulong[PackedBipolarRows.Words(dimension)];
        PackedBipolarRows.Pack(q, packed);
        return packed;
    }
}
