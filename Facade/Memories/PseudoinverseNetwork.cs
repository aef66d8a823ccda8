using AssociativeKernels.Interop;
using Core = AssociativeKernels.Core;

namespace AssociativeKernels;

/// <summary>
/// The generalized pseudoinverse network (KMN App. D, Eqs. 52–55; SPEC M8): s ← X K^† K(X, s) for
/// continuous states (Property 4, Eq. 20) and s ← sgn(X K^† K(X, s)) for ±1 states. K^† is the
/// Moore–Penrose pseudoinverse from an SVD, so duplicated or linearly dependent patterns are fine and
/// every stored pattern stays a fixed point. Patterns are rows. Immutable and thread-safe.
/// </summary>
public sealed class PseudoinverseNetwork
{
    private readonly Core.InterpolationNetwork net;

    internal PseudoinverseNetwork(Core.InterpolationNetwork net) => this.net = net;

    /// <summary>Builds the network from patterns (rows) and a kernel.</summary>
    /// <param name="patterns">The M × N patterns (finite), one per row.</param>
    /// <param name="kernel">The kernel.</param>
    /// <returns>The network.</returns>
    /// <exception cref="ArgumentException">Empty patterns, a non-finite entry or kernel value.</exception>
    public static PseudoinverseNetwork Create(double[,] patterns, MemoryKernel kernel)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        var rows = Spans.Rows(patterns, nameof(patterns));
        MemoryRows.KernelMatrices(rows, "a pseudoinverse network").Require(nameof(patterns), rows.Length);
        return new PseudoinverseNetwork(MemoryCall.Run(() => Core.InterpolationNetworkModule.Create(kernel.ToCore(), rows), Names));
    }

    /// <summary>Builds the network from single-precision patterns (rows) and a kernel; see the double-precision overload.</summary>
    /// <param name="patterns">The M × N patterns (finite), one per row.</param>
    /// <param name="kernel">The kernel.</param>
    /// <returns>The network.</returns>
    /// <exception cref="ArgumentException">As for the double-precision overload.</exception>
    public static PseudoinverseNetwork Create(float[,] patterns, MemoryKernel kernel) =>
        Create(MemoryRows.Widen(patterns, nameof(patterns)), kernel);

    /// <summary>The numerical rank of K = K(X, X).</summary>
    public int Rank => net.Rank;

    /// <summary>Number of stored patterns M.</summary>
    public int PatternCount => net.Patterns.Length;

    /// <summary>The pattern length N.</summary>
    public int Dimension => net.Patterns[0].Length;

    /// <summary>The weights X K^† (N × M): row i holds neuron i's weights on K(X, s).</summary>
    public double[,] Weights => Spans.ToMatrix(net.Projection);

    /// <summary>One continuous step s ← X K^† K(X, s) (KMN Eq. 20).</summary>
    /// <param name="state">The state (length N, finite).</param>
    /// <returns>The next state.</returns>
    /// <exception cref="ArgumentException">Wrong length or non-finite entries.</exception>
    public double[] Step(ReadOnlySpan<double> state)
    {
        var s = Spans.Vector(state, nameof(state));
        return MemoryCall.Run(() => Core.InterpolationNetworkModule.Step(net, s), Names);
    }

    /// <summary>One sign step s ← sgn(X K^† K(X, s)) (KMN Eq. 54); a zero field keeps the current value.</summary>
    /// <param name="state">The ±1 state (length N).</param>
    /// <returns>The next state.</returns>
    /// <exception cref="ArgumentException">Wrong length or entries other than ±1.</exception>
    public double[] SignStep(ReadOnlySpan<double> state)
    {
        var s = Spans.Vector(state, nameof(state));
        return MemoryCall.Run(() => Core.InterpolationNetworkModule.SignStep(net, s), Names);
    }

    /// <summary>Iterates the continuous rule from the query until no component moves by more than <paramref name="tolerance"/>, a cycle, or <paramref name="maxSteps"/> steps.</summary>
    /// <param name="query">The query (length N, finite).</param>
    /// <param name="tolerance">The convergence tolerance ≥ 0.</param>
    /// <param name="maxSteps">The most steps, ≥ 1.</param>
    /// <returns>The final state.</returns>
    /// <exception cref="ArgumentException">Wrong length, non-finite entries, negative tolerance or maxSteps &lt; 1.</exception>
    public double[] Retrieve(ReadOnlySpan<double> query, double tolerance = 1e-12, int maxSteps = 100)
    {
        var s = Spans.Vector(query, nameof(query));
        return MemoryCall.Run(() => Core.InterpolationNetworkModule.Retrieve(net, tolerance, maxSteps, s), Names).State;
    }

    /// <summary>Iterates the sign rule from a ±1 query to a fixed point, a cycle, or <paramref name="maxSteps"/> steps.</summary>
    /// <param name="query">The ±1 query (length N).</param>
    /// <param name="maxSteps">The most steps, ≥ 1.</param>
    /// <returns>The final state.</returns>
    /// <exception cref="ArgumentException">Wrong length, entries other than ±1, or maxSteps &lt; 1.</exception>
    public double[] RetrieveSign(ReadOnlySpan<double> query, int maxSteps = 100)
    {
        var s = Spans.Vector(query, nameof(query));
        return MemoryCall.Run(() => Core.InterpolationNetworkModule.RetrieveSign(net, maxSteps, s), Names).State;
    }

    /// <summary>Retrieves every row of <paramref name="queries"/> with the continuous rule.</summary>
    /// <param name="queries">The queries, one per row.</param>
    /// <param name="tolerance">The convergence tolerance ≥ 0.</param>
    /// <param name="maxSteps">The most steps per query, ≥ 1.</param>
    /// <returns>The final states, one per row.</returns>
    /// <exception cref="ArgumentException">As for one query, checked for the whole batch before any work (the message names the row). An empty batch gives an empty result.</exception>
    public double[,] RetrieveBatch(double[,] queries, double tolerance = 1e-12, int maxSteps = 100)
    {
        MemoryRows.CheckLimits(tolerance, maxSteps);
        return MemoryRows.Each(MemoryRows.Queries(queries, nameof(queries), Dimension), nameof(queries), Dimension, r => Retrieve(r, tolerance, maxSteps));
    }

    internal static readonly (string, string)[] Names =
    [
        ("s", "state"), ("s0", "query"), ("beta", "beta"), ("r", "radius"),
    ];
}
