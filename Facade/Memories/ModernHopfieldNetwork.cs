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
    /// <exception cref="ArgumentException">Empty memory, a non-finite entry, or β ≤ 0.</exception>
    public ModernHopfieldNetwork(double[,] patterns, double beta)
        : this(Create(Spans.Rows(patterns, nameof(patterns)), beta)) { }

    /// <inheritdoc cref="ModernHopfieldNetwork(double[,], double)"/>
    public ModernHopfieldNetwork(float[,] patterns, double beta)
        : this(Create(MemoryRows.Rows(patterns, nameof(patterns)), beta)) { }

    /// <summary>An auto-associative network from a row-major span of patterns of length <paramref name="dimension"/>.</summary>
    /// <param name="patterns">The stored patterns, row after row.</param>
    /// <param name="dimension">The length N of a pattern.</param>
    /// <param name="beta">The inverse temperature β &gt; 0.</param>
    /// <returns>The network.</returns>
    /// <exception cref="ArgumentException">The span is not a whole number of rows, a non-finite entry, or β ≤ 0.</exception>
    public static ModernHopfieldNetwork FromRows(ReadOnlySpan<double> patterns, int dimension, double beta) =>
        new(Create(MemoryRows.Rows(patterns, dimension, nameof(patterns)), beta));

    /// <summary>The hetero-associative network (attention, UHN Eq. 11): keys <paramref name="memories"/>, values <paramref name="projection"/>.</summary>
    /// <param name="memories">The K×N keys (rows).</param>
    /// <param name="projection">The K×O values, one row per key.</param>
    /// <param name="beta">The inverse temperature β &gt; 0.</param>
    /// <returns>The network.</returns>
    /// <exception cref="ArgumentException">The projection does not have one row per key, a non-finite entry, or β ≤ 0.</exception>
    public static ModernHopfieldNetwork Hetero(double[,] memories, double[,] projection, double beta)
    {
        var m = Spans.Rows(memories, nameof(memories));
        var p = Spans.Rows(projection, nameof(projection));
        return new(CoreCall.Run(() => Core.ModernHopfieldModule.Hetero(beta, m, p), Names));
    }

    private static Core.ModernHopfield Create(double[][] rows, double beta) =>
        CoreCall.Run(() => Core.ModernHopfieldModule.Create(beta, rows), Names);

    /// <summary>The inverse temperature β.</summary>
    public double Beta => _net.Beta;
    /// <inheritdoc/>
    public override int Count => _net.Count;
    /// <inheritdoc/>
    public override int Dimension => _net.Dimension;
    /// <inheritdoc/>
    public override int OutputDimension => _net.OutputDimension;
    /// <inheritdoc/>
    public override bool IsAutoAssociative => _net.IsAutoAssociative;

    private protected override double[] ReferenceRetrieve(double[] query) =>
        CoreCall.Run(() => Core.ModernHopfieldModule.Retrieve(_net, query), Names);

    private protected override double[][] ReferenceRetrieveBatch(double[][] queries) =>
        CoreCall.Run(() => Core.ModernHopfieldModule.RetrieveBatch(_net, queries), Names);

    /// <summary>The attention weights softmax_μ(β ξ^μ·q).</summary>
    /// <param name="query">The query.</param>
    /// <returns>K weights summing to 1.</returns>
    /// <exception cref="ArgumentException">A bad query.</exception>
    public double[] Weights(ReadOnlySpan<double> query)
    {
        var q = Spans.Vector(query, nameof(query));
        return CoreCall.Run(() => Core.ModernHopfieldModule.Weights(_net, q), Names);
    }

    /// <summary>Iterates the update to a fixed point (auto-associative only).</summary>
    /// <param name="query">The starting state.</param>
    /// <param name="tolerance">The largest component change that counts as converged (≥ 0).</param>
    /// <param name="maxSteps">The step limit (≥ 1).</param>
    /// <returns>The final state and how the iteration ended.</returns>
    /// <exception cref="ArgumentException">A bad query or limit, or a hetero-associative network.</exception>
    public MemoryIteration Iterate(ReadOnlySpan<double> query, double tolerance = 1e-12, int maxSteps = 100)
    {
        var q = Spans.Vector(query, nameof(query));
        return MemoryIteration.From(CoreCall.Run(() => Core.ModernHopfieldModule.Iterate(_net, tolerance, maxSteps, q), Names));
    }

    /// <summary>The energy E(v) = −(1/β) ln Σ_μ exp(β ξ^μ·v) + ½vᵀv (LAM Eq. 13 with β; no additive constants). Auto-associative only.</summary>
    /// <param name="state">The state v.</param>
    /// <returns>The energy.</returns>
    /// <exception cref="ArgumentException">A bad state, or a hetero-associative network.</exception>
    public double Energy(ReadOnlySpan<double> state)
    {
        var v = Spans.Vector(state, nameof(state));
        return CoreCall.Run(() => Core.ModernHopfieldModule.Energy(_net, v), Names);
    }

    /// <summary>Ramsauer et al.'s energy: <see cref="Energy"/> + (1/β) ln K + ½ max‖ξ‖², never negative.</summary>
    /// <param name="state">The state v.</param>
    /// <returns>The energy.</returns>
    /// <exception cref="ArgumentException">A bad state, or a hetero-associative network.</exception>
    public double RamsauerEnergy(ReadOnlySpan<double> state)
    {
        var v = Spans.Vector(state, nameof(state));
        return CoreCall.Run(() => Core.ModernHopfieldModule.RamsauerEnergy(_net, v), Names);
    }

    /// <summary>One Euler step v + η(Σ_μ ξ^μ softmax_μ(β ξ·v) − v) of LAM Eq. 15; the energy never increases for 0 &lt; η ≤ 2.</summary>
    /// <param name="state">The state v.</param>
    /// <param name="stepSize">η = dt/τ in (0, 2].</param>
    /// <returns>The next state.</returns>
    /// <exception cref="ArgumentException">A bad state or step size, or a hetero-associative network.</exception>
    public double[] EulerStep(ReadOnlySpan<double> state, double stepSize = 1)
    {
        var v = Spans.Vector(state, nameof(state));
        return CoreCall.Run(() => Core.ModernHopfieldModule.EulerStep(_net, stepSize, v), Names);
    }

    private static readonly (string, string)[] Names = [("beta", "beta")];
}
