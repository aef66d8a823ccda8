using AssociativeKernels.Interop;
using Core = AssociativeKernels.Core;

namespace AssociativeKernels;

/// <summary>
/// The Exp-β network (KMN §4.2; SPEC M9) for continuous patterns (rows): at finite β the interpolation
/// network s ← X K⁻¹ K(X, s) with K(x, y) = exp(−(‖x − y‖/r)^β) (Eqs. 20–21); at β → ∞ the rule
/// s ← Σ_μ ξ^μ Θ(r − ‖ξ^μ − s‖) with Θ(0) = e⁻¹ (Eq. 22), which ends at a stored pattern or at the
/// agnostic state. <see cref="Retrieve(ReadOnlySpan{double})"/> is one update; <see cref="Iterate"/> repeats it
/// to a fixed point. Immutable and thread-safe.
/// </summary>
public sealed class ExpBetaNetwork : IAssociativeMemory
{
    private readonly Core.InterpolationNetwork? finite;
    private readonly Core.ExpBetaLimitNetwork? limit;

    private ExpBetaNetwork(Core.InterpolationNetwork? finite, Core.ExpBetaLimitNetwork? limit, double beta, double radius)
    {
        this.finite = finite;
        this.limit = limit;
        Beta = beta;
        Radius = radius;
    }

    /// <summary>The Exp-β network at finite β (Eq. 20 with Eq. 21's kernel). It needs K⁻¹: duplicated patterns make K singular and are rejected (use <see cref="PseudoinverseNetwork"/>).</summary>
    /// <param name="patterns">The M × N patterns (finite, distinct), one per row.</param>
    /// <param name="beta">β &gt; 0.</param>
    /// <param name="radius">r &gt; 0.</param>
    /// <returns>The network.</returns>
    /// <exception cref="ArgumentException">Empty or non-finite patterns, β or r not positive, or a singular K (the message says so and points to the pseudoinverse network).</exception>
    public static ExpBetaNetwork Create(double[,] patterns, double beta, double radius)
    {
        var rows = MemoryRows.Patterns(patterns, nameof(patterns));
        Core.Validate.positive(nameof(beta), beta);
        Core.Validate.positive(nameof(radius), radius);
        MemoryRows.KernelMatrices(rows, "an Exp-β network").Require(nameof(patterns), rows.Length);
        return new ExpBetaNetwork(Core.ExpBetaNetwork.Create(beta, radius, rows), null, beta, radius);
    }

    /// <summary>The Exp-β network at finite β from single-precision patterns (rows); see the double-precision overload.</summary>
    /// <param name="patterns">The M × N patterns (finite, distinct), one per row.</param>
    /// <param name="beta">β &gt; 0.</param>
    /// <param name="radius">r &gt; 0.</param>
    /// <returns>The network.</returns>
    /// <exception cref="ArgumentException">As for the double-precision overload.</exception>
    public static ExpBetaNetwork Create(float[,] patterns, double beta, double radius) =>
        Create(MemoryRows.Widen(patterns, nameof(patterns)), beta, radius);

    /// <summary>The β → ∞ network (Eq. 22). Needs every pairwise distance above r (Property 5.1).</summary>
    /// <param name="patterns">The M × N patterns (finite), one per row.</param>
    /// <param name="radius">r &gt; 0.</param>
    /// <returns>The network.</returns>
    /// <exception cref="ArgumentException">Empty or non-finite patterns, r not positive, or two patterns within r of each other (named).</exception>
    public static ExpBetaNetwork CreateZeroTemperature(double[,] patterns, double radius)
    {
        var rows = MemoryRows.Patterns(patterns, nameof(patterns));
        Core.Validate.positive(nameof(radius), radius);
        return new ExpBetaNetwork(null, Core.ExpBetaNetwork.ZeroTemperature(radius, rows), double.PositiveInfinity, radius);
    }

    /// <summary>The β → ∞ network (Eq. 22) from single-precision patterns (rows); see the double-precision overload.</summary>
    /// <param name="patterns">The M × N patterns (finite), one per row.</param>
    /// <param name="radius">r &gt; 0.</param>
    /// <returns>The network.</returns>
    /// <exception cref="ArgumentException">As for the double-precision overload.</exception>
    public static ExpBetaNetwork CreateZeroTemperature(float[,] patterns, double radius) =>
        CreateZeroTemperature(MemoryRows.Widen(patterns, nameof(patterns)), radius);

    /// <summary>β (+∞ for the zero-temperature network).</summary>
    public double Beta { get; }

    /// <summary>The radius r.</summary>
    public double Radius { get; }

    /// <summary>The number M of stored patterns.</summary>
    public int PatternCount => Stored.Length;

    /// <summary>The pattern length N.</summary>
    public int Dimension => Stored[0].Length;

    /// <summary>The output length: N (the network is auto-associative).</summary>
    public int OutputDimension => Dimension;

    /// <summary>Always true: the update maps the pattern space to itself.</summary>
    public bool IsAutoAssociative => true;

    private double[][] Stored => limit is { } l ? l.Patterns : finite!.Patterns;

    /// <summary>
    /// The agnostic state of the zero-temperature network (Property 5.3 remark): 0, or the pattern within r
    /// of the origin when there is one. For finite β, the state one step from the origin.
    /// </summary>
    public double[] AgnosticState =>
        limit is { } l ? Core.ExpBetaNetwork.AgnosticState(l) : Core.InterpolationNetworkModule.Step(finite!, new double[Dimension]);

    /// <summary>One update (Eq. 20 at finite β, Eq. 22 at β → ∞).</summary>
    /// <param name="query">The state (length N, finite).</param>
    /// <returns>The next state.</returns>
    /// <exception cref="ArgumentException">Wrong length or non-finite entries (ParamName <c>query</c>).</exception>
    public double[] Retrieve(ReadOnlySpan<double> query) => Step(MemoryRows.Query(query, Dimension));

    /// <summary>One update from a single-precision query, computed in double and rounded.</summary>
    /// <param name="query">The state (length N, finite).</param>
    /// <returns>The next state.</returns>
    /// <exception cref="ArgumentException">Wrong length, non-finite entries, or an output beyond float's range (ParamName <c>query</c>).</exception>
    public float[] Retrieve(ReadOnlySpan<float> query) => MemoryRows.Narrow(Step(MemoryRows.Query(query, Dimension)), nameof(query));

    private double[] Step(double[] s) =>
        limit is { } l ? Core.ExpBetaNetwork.LimitStep(l, s) : Core.InterpolationNetworkModule.Step(finite!, s);

    /// <summary>Iterates the update from the query to a fixed point (within <paramref name="tolerance"/> at finite β, exactly at β → ∞), a cycle, or <paramref name="maxSteps"/> steps.</summary>
    /// <param name="query">The query (length N, finite).</param>
    /// <param name="maxSteps">The most steps, ≥ 1.</param>
    /// <param name="tolerance">The convergence tolerance ≥ 0 (finite β only).</param>
    /// <returns>The final state, the number of steps and how it ended.</returns>
    /// <exception cref="ArgumentException">Wrong length or non-finite entries (ParamName <c>query</c>), a negative tolerance or maxSteps &lt; 1.</exception>
    public MemoryIteration Iterate(ReadOnlySpan<double> query, int maxSteps = 100, double tolerance = 1e-12)
    {
        var s = MemoryRows.Query(query, Dimension);
        MemoryRows.CheckLimits(tolerance, maxSteps);
        return MemoryIteration.From(limit is { } l
            ? Core.ExpBetaNetwork.RetrieveLimit(l, maxSteps, s)
            : Core.InterpolationNetworkModule.Retrieve(finite!, tolerance, maxSteps, s));
    }

    MemoryIteration IAssociativeMemory.Iterate(ReadOnlySpan<double> query, int maxSteps) => Iterate(query, maxSteps);

    /// <summary>One update of every row of <paramref name="queries"/>.</summary>
    /// <param name="queries">The queries, one per row; an empty batch gives an empty result.</param>
    /// <returns>The next states, one per row.</returns>
    /// <exception cref="ArgumentException">A bad row (ParamName <c>queries</c>, the row in the message), checked before any work.</exception>
    public double[,] RetrieveBatch(double[,] queries) =>
        MemoryRows.Batch(queries, nameof(queries), Dimension, false, Dimension, Step);

    /// <summary>One update of every row of a single-precision batch, computed in double and rounded.</summary>
    /// <param name="queries">The queries, one per row.</param>
    /// <returns>The next states, one per row.</returns>
    /// <exception cref="ArgumentException">A bad row, or an output beyond float's range (ParamName <c>queries</c>).</exception>
    public float[,] RetrieveBatch(float[,] queries) => MemoryRows.Batch(queries, RetrieveBatch);

    /// <summary><see cref="Iterate"/> from every row of <paramref name="queries"/>, in parallel; the final states as rows.</summary>
    /// <param name="queries">The start states, one per row.</param>
    /// <param name="maxSteps">The most steps per query, ≥ 1.</param>
    /// <param name="tolerance">The convergence tolerance ≥ 0 (finite β only).</param>
    /// <returns>The final states, one per row.</returns>
    /// <exception cref="ArgumentException">A bad row (ParamName <c>queries</c>) or limit, checked before any work.</exception>
    public double[,] IterateBatch(double[,] queries, int maxSteps = 100, double tolerance = 1e-12)
    {
        MemoryRows.CheckLimits(tolerance, maxSteps);
        return MemoryRows.Batch(queries, nameof(queries), Dimension, false, Dimension, r => Iterate(r, maxSteps, tolerance).State);
    }
}
