namespace AssociativeKernels.Fast;

/// <summary>
/// K stored ±1 patterns ξ^μ of length N arranged for the recurrent dynamics of the classical Hopfield
/// network and the dense associative memory, which update one neuron i at a time and need, for that
/// neuron, the overlaps m_μ = ξ^μ·s of the current state with every pattern and the column ξ^·_i:
/// the patterns bit-packed (<see cref="PackedBipolarBlocks"/>) for the overlaps of a start state by popcount,
/// m_μ = N − 2·popcount(ξ^μ xor s), and the columns as signed bytes, neuron-major (K bytes per neuron), for
/// the O(K) work per neuron. Flipping s_i to v changes every overlap by ξ^μ_i (v − (−v)) = 2 v ξ^μ_i, so
/// the overlaps are kept up to date incrementally instead of recomputed (O(K) per flip, not O(K · N)).
/// All integers: |m_μ| ≤ N.
/// </summary>
internal sealed class PackedBipolarPatterns
{
    private readonly sbyte[] _columns;

    /// <summary>Arranges checked ±1 rows (K rows of length N).</summary>
    internal PackedBipolarPatterns(double[][] rows)
    {
        Count = rows.Length;
        Dimension = rows[0].Length;
        Blocks = new PackedBipolarBlocks(rows, Dimension);
        _columns = new sbyte[(long)Count * Dimension];
        for (var m = 0; m < Count; m++)
        {
            for (var i = 0; i < Dimension; i++) _columns[(long)i * Count + m] = rows[m][i] > 0 ? (sbyte)1 : (sbyte)-1;
        }
    }

    /// <summary>Whether every entry of every row is exactly +1 or −1 (then the packed dynamics apply).</summary>
    internal static bool AreBipolar(double[][] rows)
    {
        foreach (var row in rows)
        {
            foreach (var x in row)
            {
                if (x is not (1.0 or -1.0)) return false;
            }
        }
        return true;
    }

    /// <summary>The number K of patterns.</summary>
    internal int Count { get; }

    /// <summary>The pattern length N.</summary>
    internal int Dimension { get; }

    /// <summary>The patterns bit-packed.</summary>
    internal PackedBipolarBlocks Blocks { get; }

    /// <summary>ξ^μ_i for μ = 0 … K − 1.</summary>
    internal ReadOnlySpan<sbyte> Column(int i) => _columns.AsSpan(i * Count, Count);

    /// <summary>
    /// The overlaps m_μ = ξ^μ·s of a ±1 state (already checked) with every pattern, into the scan's index
    /// scratch (returned, length K).
    /// </summary>
    internal Span<int> Overlaps(PackedScan scan, ReadOnlySpan<double> state, bool avx512)
    {
        var query = scan.Queries(1, Blocks.Words);
        PackedBipolarRows.TryPack(state, query);
        var overlaps = scan.Indices(Count);
        Blocks.Overlaps(0, Blocks.Groups, query, overlaps, avx512);
        return overlaps;
    }

    /// <summary>The overlaps after neuron i of the state flips to <paramref name="value"/> (±1): m_μ += 2 v ξ^μ_i.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)] // see DenseAssociativeMemory.PackedSweep
    internal void Flip(Span<int> overlaps, int i, int value)
    {
        var column = Column(i);
        for (var m = 0; m < overlaps.Length; m++) overlaps[m] += 2 * value * column[m];
    }

    /// <summary>Σ_μ ξ^μ_i m_μ, the Hebbian local field of neuron i with its self-coupling (|·| ≤ K · N, in a long).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)] // see DenseAssociativeMemory.PackedSweep
    internal long Field(ReadOnlySpan<int> overlaps, int i)
    {
        var column = Column(i);
        long h = 0;
        for (var m = 0; m < overlaps.Length; m++) h += column[m] * overlaps[m];
        return h;
    }
}
