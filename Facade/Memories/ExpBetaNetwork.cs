using AssociativeKernels.Interop;
using Core = AssociativeKernels.Core;

namespace AssociativeKernels;

/// <summary>
/// The Exp-β network (KMN §4.2; SPEC M9) for continuous patterns (rows): at finite β the interpolation
/// network s ← X K⁻¹ K(X, s) with K(x, y) = exp(−(‖x − y‖/r)^β) (Eqs. 20–21); at β → ∞ the rule
/// s ← Σ_μ ξ^μ Θ(r − ‖ξ^μ − s‖) with Θ(0) = e⁻¹ (Eq. 22), which ends at a stored pattern or at the
/// agnostic state. Immutable and thread-safe.
/// </summary>
public sealed class ExpBetaNetwork
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
        var rows = Spans.Rows(patterns, nameof(patterns));
        MemoryRows.KernelMatrices(rows, "an Exp-β network").Require(nameof(patterns), rows.Length);
        return new ExpBetaNetwork(MemoryCall.Run(() => Core.ExpBetaNetwork.Create(beta, radius, rows), Names), null, beta, radius);
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
        var rows = Spans.Rows(patterns, nameof(patterns));
        return new ExpBetaNetwork(null, MemoryCall.Run(() => Core.ExpBetaNetwork.ZeroTemperature(radius, rows), Names), double.PositiveInfinity, radius);
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

    /// <summary>
    /// The agnostic state of the zero-temperature network (Property 5.3 remark): 0, or the pattern within r
    /// of the origin when there is one. For finite β, the state one step from the origin.
    /// </summary>
    public double[] AgnosticState =>
        limit is { } l ? Core.ExpBetaNetwork.AgnosticState(l) : Core.InterpolationNetworkModule.Step(finite!, new double[finite!.Patterns[0].Length]);

    /// <summary>One update (Eq. 20 at finite β, Eq. 22 at β → ∞).</summary>
    /// <param name="state">The state (length N, finite).</param>
    /// <returns>The next state.</returns>
    /// <exception cref="ArgumentException">Wrong length or non-finite entries.</exception>
    public double[] Step(ReadOnlySpan<double> state)
    {
        var s = Spans.Vector(state, nameof(state));
        return limit is { } l
            ? MemoryCall.Run(() => Core.ExpBetaNetwork.LimitStep(l, s), Names)
            : MemoryCall.Run(() => Core.InterpolationNetworkModule.Step(finite!, s), Names);
    }

    /// <summary>Iterates from the query to a fixed point (within <paramref name="tolerance"/> at finite β, exactly at β → ∞), a cycle, or <paramref name="maxSteps"/> steps.</summary>
    /// <param name="query">The query (length N, finite).</param>
    /// <param name="tolerance">The convergence tolerance ≥ 0 (finite β only).</param>
    /// <param name="maxSteps">The most steps, ≥ 1.</param>
    /// <returns>The final state.</returns>
    /// <exception cref="ArgumentException">Wrong length, non-finite entries, negative tolerance or maxSteps &lt; 1.</exception>
    public double[] Retrieve(ReadOnlySpan<double> query, double tolerance = 1e-12, int maxSteps = 100)
    {
        var s = Spans.Vector(query, nameof(query));
        return limit is { } l
            ? MemoryCall.Run(() => Core.ExpBetaNetwork.RetrieveLimit(l, maxSteps, s), Names).State
            : MemoryCall.Run(() => Core.InterpolationNetworkModule.Retrieve(finite!, tolerance, maxSteps, s), Names).State;
    }

    /// <summary>Retrieves every row of <paramref name="queries"/>.</summary>
    /// <param name="queries">The queries, one per row.</param>
    /// <param name="tolerance">The convergence tolerance ≥ 0 (finite β only).</param>
    /// <param name="maxSteps">The most steps per query, ≥ 1.</param>
    /// <returns>The final states, one per row.</returns>
    /// <exception cref="ArgumentException">As for one query, checked for the whole batch before any work (the message names the row). An empty batch gives an empty result.</exception>
    public double[,] RetrieveBatch(double[,] queries, double tolerance = 1e-12, int maxSteps = 100)
    {
        MemoryRows.CheckLimits(tolerance, maxSteps);
        return MemoryRows.Each(MemoryRows.Queries(queries, nameof(queries), Dimension), nameof(queries), Dimension, r => Retrieve(r, tolerance, maxSteps));
    }

    /// <summary>The pattern length N.</summary>
    public int Dimension => limit is { } l ? l.Patterns[0].Length : finite!.Patterns[0].Length;

    private static readonly (string, string)[] Names =
    [
        ("s", "state"), ("s0", "query"), ("beta", "beta"), ("r", "radius"),
    ];
}
