using AssociativeKernels.Fast;
using AssociativeKernels.Interop;
using Core = AssociativeKernels.Core;

namespace AssociativeKernels;

/// <summary>
/// The modern continuous Hopfield network v ← Σ_μ ξ^μ softmax_μ(β ξ^ν·v) (Ramsauer et al. 2020; LAM Eqs. 13–16;
/// UHN Eqs. 6–7, 11; SPEC M3). Patterns are rows. The hetero-associative form P softmax(β M q) is
/// attention with keys M and values P. Immutable: safe to query from many threads.
/// </summary>
public sealed class ModernHopfieldNetwork : OneStepMemory
{
    private readonly Core.ModernHopfield _net;

    private ModernHopfieldNetwork(Core.ModernHopfield net)
        : base(net.M, net.P, new DenseRule(DenseScore.Dot, DenseWeighting.Softmax, net.Beta), false, net.IsAutoAssociative) => _net = net;

    /// <summary>An auto-associative network storing the rows of <paramref name="patterns"/>.</summary>
    /// <param name="patterns">The K×N stored patterns (rows, finite).</param>
    /// <param name="beta">The inverse temperature β &gt; 0.</param>
    /// <returns>The network.</returns>
    /// <exception cref="ArgumentException">Empty memory, a non-finite entry, or β ≤ 0.</exception>
    public static ModernHopfieldNetwork Create(double[,] patterns, double beta) => Build(MemoryRows.Patterns(patterns, nameof(patterns)), beta);

    /// <inheritdoc cref="Create(double[,], double)"/>
    public static ModernHopfieldNetwork Create(float[,] patterns, double beta) => Build(MemoryRows.Patterns(patterns, nameof(patterns)), beta);

    /// <summary>An auto-associative network from a row-major span of patterns of length <paramref name="dimension"/>.</summary>
    /// <param name="patterns">The stored patterns, row after row.</param>
    /// <param name="dimension">The length N of a pattern.</param>
    /// <param name="beta">The inverse temperature β &gt; 0.</param>
    /// <returns>The network.</returns>
    /// <exception cref="ArgumentException">The span is not a whole number of rows, a non-finite entry, or β ≤ 0.</exception>
    public static ModernHopfieldNetwork Create(ReadOnlySpan<double> patterns, int dimension, double beta) =>
        Build(MemoryRows.Patterns(patterns, dimension, nameof(patterns)), beta);

    /// <summary>The hetero-associative network (attention, UHN Eq. 11): keys <paramref name="keys"/>, values <paramref name="values"/>.</summary>
    /// <param name="keys">The K×N keys (rows).</param>
    /// <param name="values">The K×O values, one row per key.</param>
    /// <param name="beta">The inverse temperature β &gt; 0.</param>
    /// <returns>The network.</returns>
    /// <exception cref="ArgumentException">The values do not have one row per key, a non-finite entry, or β ≤ 0.</exception>
    public static ModernHopfieldNetwork CreateHetero(double[,] keys, double[,] values, double beta)
    {
        var m = MemoryRows.Patterns(keys, nameof(keys));
        var p = MemoryRows.Patterns(values, nameof(values));
        MemoryRows.SameRowCount(m, nameof(keys), p, nameof(values));
        Core.Validate.positive(nameof(beta), beta);
        return new(Core.ModernHopfieldModule.Hetero(beta, m, p));
    }

    /// <inheritdoc cref="CreateHetero(double[,], double[,], double)"/>
    public static ModernHopfieldNetwork CreateHetero(float[,] keys, float[,] values, double beta) =>
        CreateHetero(MemoryRows.Widen(keys, nameof(keys)), MemoryRows.Widen(values, nameof(values)), beta);

    private static ModernHopfieldNetwork Build(double[][] rows, double beta)
    {
        Core.Validate.positive(nameof(beta), beta);
        return new(Core.ModernHopfieldModule.Create(beta, rows));
    }

    /// <summary>The inverse temperature β.</summary>
    public double Beta => _net.Beta;
    /// <inheritdoc/>
    public override int PatternCount => _net.Count;
    /// <inheritdoc/>
    public override int Dimension => _net.Dimension;
    /// <inheritdoc/>
    public override int OutputDimension => _net.OutputDimension;
    /// <inheritdoc/>
    public override bool IsAutoAssociative => _net.IsAutoAssociative;

    private protected override double[] ReferenceRetrieve(double[] query) =>
        Core.ModernHopfieldModule.Retrieve(_net, MemoryRows.Query(query, Dimension));

    private protected override double[][] ReferenceRetrieveBatch(double[][] queries) =>
        Core.ModernHopfieldModule.RetrieveBatch(_net, queries);

    /// <summary>The attention weights softmax_μ(β ξ^μ·q).</summary>
    /// <param name="query">The query.</param>
    /// <returns>K weights summing to 1.</returns>
    /// <exception cref="ArgumentException">A bad query.</exception>
    public double[] Weights(ReadOnlySpan<double> query)
    {
        return Core.ModernHopfieldModule.Weights(_net, MemoryRows.Query(query, Dimension));
    }

    /// <summary>The energy E(v) = −(1/β) ln Σ_μ exp(β ξ^μ·v) + ½vᵀv (LAM Eq. 13 with β; no additive constants). Auto-associative only.</summary>
    /// <param name="state">The state v.</param>
    /// <returns>The energy.</returns>
    /// <exception cref="ArgumentException">A bad state.</exception>
    /// <exception cref="InvalidOperationException">A hetero-associative network.</exception>
    public double Energy(ReadOnlySpan<double> state)
    {
        var v = State(state);
        return Core.ModernHopfieldModule.Energy(_net, v);
    }

    /// <summary>Ramsauer et al.'s energy: <see cref="Energy"/> + (1/β) ln K + ½ max‖ξ‖², never negative.</summary>
    /// <param name="state">The state v.</param>
    /// <returns>The energy.</returns>
    /// <exception cref="ArgumentException">A bad state.</exception>
    /// <exception cref="InvalidOperationException">A hetero-associative network.</exception>
    public double RamsauerEnergy(ReadOnlySpan<double> state)
    {
        var v = State(state);
        return Core.ModernHopfieldModule.RamsauerEnergy(_net, v);
    }

    /// <summary>One Euler step v + η(Σ_μ ξ^μ softmax_μ(β ξ·v) − v) of LAM Eq. 15; the energy never increases for 0 &lt; η ≤ 2.</summary>
    /// <param name="state">The state v.</param>
    /// <param name="stepSize">η = dt/τ in (0, 2].</param>
    /// <returns>The next state.</returns>
    /// <exception cref="ArgumentException">A bad state or step size.</exception>
    /// <exception cref="InvalidOperationException">A hetero-associative network.</exception>
    public double[] EulerStep(ReadOnlySpan<double> state, double stepSize = 1)
    {
        var v = State(state);
        if (!(stepSize > 0 && stepSize <= 2)) throw new ArgumentOutOfRangeException(nameof(stepSize), stepSize, $"stepSize = {CoreCall.Show(stepSize)} is outside its valid range (0, 2] (dt/τ of an Euler step whose energy never increases).");
        return Core.ModernHopfieldModule.EulerStep(_net, stepSize, v);
    }

    /// <summary>A state of the auto-associative dynamics, checked in the caller's name <c>state</c>.</summary>
    private double[] State(ReadOnlySpan<double> state)
    {
        if (!IsAutoAssociative) throw MemoryRows.NotAutoAssociative(nameof(ModernHopfieldNetwork));
        return MemoryRows.Vector(state, nameof(state), Dimension);
    }
}
