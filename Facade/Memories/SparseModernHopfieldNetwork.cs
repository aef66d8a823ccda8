using AssociativeKernels.Interop;
using Core = AssociativeKernels.Core;

namespace AssociativeKernels;

/// <summary>
/// The modern Hopfield network with a sparse separation, q ← Xᵀ ŷ(β X q) with ŷ a <see cref="SimplexMap"/> (sparsemax,
/// α-entmax, γ-normmax; softmax gives <see cref="ModernHopfieldNetwork"/>'s update): the Hopfield–Fenchel–Young networks of
/// Santos, Niculae, McNamee &amp; Martins (ICML 2024), the sparsemax one being Hu et al.'s sparse modern Hopfield model
/// (NeurIPS 2023). Patterns are rows. Only the patterns with positive weight enter the output, and a pattern is retrieved
/// exactly in one step when its score leads by the map's margin over β (<see cref="RetrievesExactly"/>).
/// Immutable: safe to query from many threads.
/// </summary>
/// <remarks>
/// A single query runs on the F# reference. A batch runs the partial-selection projection in parallel over the queries: only
/// the scores within the map's reach of the best (sparsemax: βΔ &lt; 1) are sorted or bisected over instead of all K, with the
/// core's outputs bit for bit. The scores themselves are plain (scalar) dot products: no vectorised engine yet.
/// </remarks>
public sealed class SparseModernHopfieldNetwork : OneStepMemory
{
    private readonly Core.SparseModernHopfield _net;

    private SparseModernHopfieldNetwork(Core.SparseModernHopfield net, SimplexMap map)
        : base(net.M, net.P, null, false, net.IsAutoAssociative)
    {
        _net = net;
        Map = map;
    }

    /// <summary>An auto-associative network storing the rows of <paramref name="patterns"/>.</summary>
    /// <param name="patterns">The K×N stored patterns (rows, finite).</param>
    /// <param name="beta">The inverse temperature β &gt; 0.</param>
    /// <param name="map">The separation, e.g. <see cref="SimplexMap.Sparsemax"/> or <c>SimplexMap.Entmax(1.5)</c>.</param>
    /// <returns>The network.</returns>
    /// <exception cref="ArgumentException">Empty memory, a non-finite entry, or β ≤ 0.</exception>
    public static SparseModernHopfieldNetwork Create(double[,] patterns, double beta, SimplexMap map) =>
        Build(MemoryRows.Patterns(patterns, nameof(patterns)), null, beta, map);

    /// <inheritdoc cref="Create(double[,], double, SimplexMap)"/>
    public static SparseModernHopfieldNetwork Create(float[,] patterns, double beta, SimplexMap map) =>
        Build(MemoryRows.Patterns(patterns, nameof(patterns)), null, beta, map);

    /// <summary>An auto-associative network from a row-major span of patterns of length <paramref name="dimension"/>.</summary>
    /// <param name="patterns">The stored patterns, row after row.</param>
    /// <param name="dimension">The length N of a pattern.</param>
    /// <param name="beta">The inverse temperature β &gt; 0.</param>
    /// <param name="map">The separation.</param>
    /// <returns>The network.</returns>
    /// <exception cref="ArgumentException">The span is not a whole number of rows, a non-finite entry, or β ≤ 0.</exception>
    public static SparseModernHopfieldNetwork Create(ReadOnlySpan<double> patterns, int dimension, double beta, SimplexMap map) =>
        Build(MemoryRows.Patterns(patterns, dimension, nameof(patterns)), null, beta, map);

    /// <summary>The hetero-associative network (sparse attention): keys <paramref name="keys"/>, values <paramref name="values"/>.</summary>
    /// <param name="keys">The K×N keys (rows).</param>
    /// <param name="values">The K×O values, one row per key.</param>
    /// <param name="beta">The inverse temperature β &gt; 0.</param>
    /// <param name="map">The separation.</param>
    /// <returns>The network.</returns>
    /// <exception cref="ArgumentException">The values do not have one row per key, a non-finite entry, or β ≤ 0.</exception>
    public static SparseModernHopfieldNetwork CreateHetero(double[,] keys, double[,] values, double beta, SimplexMap map)
    {
        var m = MemoryRows.Patterns(keys, nameof(keys));
        var p = MemoryRows.Patterns(values, nameof(values));
        MemoryRows.SameRowCount(m, nameof(keys), p, nameof(values));
        return Build(m, p, beta, map);
    }

    /// <summary>The network over the facade's own copies of the caller's rows (MemoryRows.Patterns), which the core keeps without copying them again.</summary>
    private static SparseModernHopfieldNetwork Build(double[][] keys, double[][]? values, double beta, SimplexMap map)
    {
        Core.Validate.positive(nameof(beta), beta);
        var core = map.CoreMap;
        var net = values is null
            ? Core.SparseModernHopfieldModule.CreateOwned(core, beta, keys)
            : Core.SparseModernHopfieldModule.HeteroOwned(core, beta, keys, values);
        return new(net, map);
    }

    /// <summary>The inverse temperature β.</summary>
    public double Beta => _net.Beta;
    /// <summary>The separation ŷ.</summary>
    public SimplexMap Map { get; }
    /// <inheritdoc/>
    public override int PatternCount => _net.Count;
    /// <inheritdoc/>
    public override int Dimension => _net.Dimension;
    /// <inheritdoc/>
    public override int OutputDimension => _net.OutputDimension;
    /// <inheritdoc/>
    public override bool IsAutoAssociative => _net.IsAutoAssociative;

    private protected override double[] ReferenceRetrieve(double[] query) =>
        Core.SparseModernHopfieldModule.Retrieve(_net, MemoryRows.Query(query, Dimension));

    // Batches run the partial-selection projection (Fast/SparseProjection.cs), in parallel over the queries; it gives the
    // core's outputs bit for bit.
    private protected override double[][] ReferenceRetrieveBatch(double[][] queries) =>
        Fast.SparseProjection.RetrieveBatch(_net, queries);

    /// <summary>The weights ŷ(β ξ^μ·q) of the stored patterns: a probability vector, with exact zeros for the sparse maps.</summary>
    /// <param name="query">The query.</param>
    /// <returns>K weights summing to 1.</returns>
    /// <exception cref="ArgumentException">A bad query.</exception>
    public double[] Weights(ReadOnlySpan<double> query) =>
        Core.SparseModernHopfieldModule.Weights(_net, MemoryRows.Query(query, Dimension));

    /// <summary>
    /// The Hopfield–Fenchel–Young energy E(q) = −β⁻¹Ω*(βXq) + ½‖q‖² − β⁻¹Ω(u) + ½M² (Santos et al. 2024, §3; u uniform,
    /// M the largest pattern norm): never negative, never increasing along the update (by at least ½‖Δq‖²), and equal to
    /// <see cref="ModernHopfieldNetwork.RamsauerEnergy"/> for softmax. Auto-associative only.
    /// </summary>
    /// <param name="state">The state q.</param>
    /// <returns>The energy.</returns>
    /// <exception cref="ArgumentException">A bad state.</exception>
    /// <exception cref="InvalidOperationException">A hetero-associative network.</exception>
    /// <exception cref="OverflowException">The energy is beyond a double's range (±1.8e308). Terms that overflow on their own but cancel, as ½‖v‖² against ξ·v for entries near 1e155, are combined on scaled data first.</exception>
    public double Energy(ReadOnlySpan<double> state)
    {
        if (!IsAutoAssociative) throw MemoryRows.NotAutoAssociative(nameof(SparseModernHopfieldNetwork));
        return Core.SparseModernHopfieldModule.Energy(_net, MemoryRows.Vector(state, nameof(state), Dimension));
    }

    /// <summary>The score lead m/β a pattern needs to be retrieved exactly (m = <see cref="SimplexMap.Margin"/>; +∞ for softmax).</summary>
    public double RequiredGap => Core.SparseModernHopfieldModule.RequiredGap(_net);

    /// <summary>The lead ξ^i·q − max_{j≠i} ξ^j·q of pattern <paramref name="index"/>'s score over the others' (+∞ for one pattern).</summary>
    /// <param name="index">The pattern, 0 ≤ index &lt; <see cref="OneStepMemory.PatternCount"/>.</param>
    /// <param name="query">The query.</param>
    /// <returns>The score gap.</returns>
    /// <exception cref="ArgumentException">A bad index or query.</exception>
    public double ScoreGap(int index, ReadOnlySpan<double> query) =>
        Core.SparseModernHopfieldModule.ScoreGap(_net, index, MemoryRows.Query(query, Dimension));

    /// <summary>
    /// Whether one step gives pattern <paramref name="index"/> exactly (weight 1 on it, 0 elsewhere): if and only if
    /// <see cref="ScoreGap"/> ≥ <see cref="RequiredGap"/> (Santos et al. 2024 §3 state the "if"; the "only if" is derived
    /// from the margin of the map). Never for softmax.
    /// </summary>
    /// <param name="index">The pattern.</param>
    /// <param name="query">The query.</param>
    /// <returns>True when the margin condition holds.</returns>
    /// <exception cref="ArgumentException">A bad index or query.</exception>
    public bool RetrievesExactly(int index, ReadOnlySpan<double> query) =>
        Core.SparseModernHopfieldModule.RetrievesExactly(_net, index, MemoryRows.Query(query, Dimension));
}
