using AssociativeKernels.Interop;
using Core = AssociativeKernels.Core;

namespace AssociativeKernels;

/// <summary>
/// The generalized pseudoinverse network (KMN App. D, Eqs. 52–55; SPEC M8): s ← X K^† K(X, s) for
/// continuous states (Property 4, Eq. 20) and s ← sgn(X K^† K(X, s)) for ±1 states. K^† is the
/// Moore–Penrose pseudoinverse from an SVD, so duplicated or linearly dependent patterns are fine and
/// every stored pattern stays a fixed point. Patterns are rows. <see cref="Retrieve(ReadOnlySpan{double})"/> is
/// one continuous update, <see cref="Iterate"/> repeats it to a fixed point; <see cref="SignStep"/> and
/// <see cref="IterateSign"/> are the sign rule's. Immutable and thread-safe.
/// </summary>
public sealed class PseudoinverseNetwork : IAssociativeMemory
{
    private readonly Core.InterpolationNetwork net;

    private PseudoinverseNetwork(Core.InterpolationNetwork net) => this.net = net;

    /// <summary>Builds the network from patterns (rows) and a kernel.</summary>
    /// <param name="patterns">The M × N patterns (finite), one per row.</param>
    /// <param name="kernel">The kernel.</param>
    /// <returns>The network.</returns>
    /// <exception cref="ArgumentException">Empty patterns, a non-finite entry or kernel value.</exception>
    public static PseudoinverseNetwork Create(double[,] patterns, MemoryKernel kernel)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        var rows = MemoryRows.Patterns(patterns, nameof(patterns));
        MemoryRows.KernelMatrices(rows, "a pseudoinverse network").Require(nameof(patterns), rows.Length);
        return new PseudoinverseNetwork(Core.InterpolationNetworkModule.Create(kernel.ToCore(), rows));
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

    /// <summary>The output length: N (the network is auto-associative).</summary>
    public int OutputDimension => Dimension;

    /// <summary>Always true: the update maps the pattern space to itself.</summary>
    public bool IsAutoAssociative => true;

    /// <summary>The weights X K^† (N × M): row i holds neuron i's weights on K(X, s).</summary>
    public double[,] Weights => Spans.ToMatrix(net.Projection);

    /// <summary>One continuous step s ← X K^† K(X, s) (KMN Eq. 20).</summary>
    /// <param name="query">The state (length N, finite).</param>
    /// <returns>The next state.</returns>
    /// <exception cref="ArgumentException">Wrong length or non-finite entries (ParamName <c>query</c>).</exception>
    public double[] Retrieve(ReadOnlySpan<double> query) => Core.InterpolationNetworkModule.Step(net, MemoryRows.Query(query, Dimension));

    /// <summary>One continuous step from a single-precision query, computed in double and rounded.</summary>
    /// <param name="query">The state (length N, finite).</param>
    /// <returns>The next state.</returns>
    /// <exception cref="ArgumentException">Wrong length, non-finite entries, or an output beyond float's range (ParamName <c>query</c>).</exception>
    public float[] Retrieve(ReadOnlySpan<float> query) =>
        MemoryRows.Narrow(Core.InterpolationNetworkModule.Step(net, MemoryRows.Query(query, Dimension)), nameof(query));

    /// <summary>One sign step s ← sgn(X K^† K(X, s)) (KMN Eq. 54); a zero field keeps the current value.</summary>
    /// <param name="state">The ±1 state (length N).</param>
    /// <returns>The next state.</returns>
    /// <exception cref="ArgumentException">Wrong length or entries other than ±1 (ParamName <c>state</c>).</exception>
    public double[] SignStep(ReadOnlySpan<double> state) =>
        Core.InterpolationNetworkModule.SignStep(net, MemoryRows.Vector(state, nameof(state), Dimension, bipolar: true));

    /// <summary>Iterates the continuous rule from the query until no component moves by more than <paramref name="tolerance"/>, a cycle, or <paramref name="maxSteps"/> steps.</summary>
    /// <param name="query">The query (length N, finite).</param>
    /// <param name="maxSteps">The most steps, ≥ 1.</param>
    /// <param name="tolerance">The convergence tolerance ≥ 0.</param>
    /// <returns>The final state, the number of steps and how it ended.</returns>
    /// <exception cref="ArgumentException">Wrong length or non-finite entries (ParamName <c>query</c>), a negative tolerance or maxSteps &lt; 1.</exception>
    public MemoryIteration Iterate(ReadOnlySpan<double> query, int maxSteps = 100, double tolerance = 1e-12)
    {
        var s = MemoryRows.Query(query, Dimension);
        MemoryRows.CheckLimits(tolerance, maxSteps);
        return MemoryIteration.From(Core.InterpolationNetworkModule.Retrieve(net, tolerance, maxSteps, s));
    }

    MemoryIteration IAssociativeMemory.Iterate(ReadOnlySpan<double> query, int maxSteps) => Iterate(query, maxSteps);

    /// <summary>Iterates the sign rule from a ±1 query to a fixed point, a cycle, or <paramref name="maxSteps"/> steps.</summary>
    /// <param name="query">The ±1 query (length N).</param>
    /// <param name="maxSteps">The most steps, ≥ 1.</param>
    /// <returns>The final state, the number of steps and how it ended.</returns>
    /// <exception cref="ArgumentException">Wrong length or entries other than ±1 (ParamName <c>query</c>), or maxSteps &lt; 1.</exception>
    public MemoryIteration IterateSign(ReadOnlySpan<double> query, int maxSteps = 100)
    {
        var s = MemoryRows.Query(query, Dimension, bipolar: true);
        MemoryRows.CheckSteps(maxSteps);
        return MemoryIteration.From(Core.InterpolationNetworkModule.RetrieveSign(net, maxSteps, s));
    }

    /// <summary>One continuous step of every row of <paramref name="queries"/>.</summary>
    /// <param name="queries">The queries, one per row; an empty batch gives an empty result.</param>
    /// <returns>The next states, one per row.</returns>
    /// <exception cref="ArgumentException">A bad row (ParamName <c>queries</c>, the row in the message), checked before any work.</exception>
    public double[,] RetrieveBatch(double[,] queries) =>
        MemoryRows.Batch(queries, nameof(queries), Dimension, false, Dimension, q => Core.InterpolationNetworkModule.Step(net, q));

    /// <summary>One continuous step of every row of a single-precision batch, computed in double and rounded.</summary>
    /// <param name="queries">The queries, one per row.</param>
    /// <returns>The next states, one per row.</returns>
    /// <exception cref="ArgumentException">A bad row, or an output beyond float's range (ParamName <c>queries</c>).</exception>
    public float[,] RetrieveBatch(float[,] queries) => MemoryRows.Batch(queries, RetrieveBatch);

    /// <summary><see cref="Iterate"/> from every row of <paramref name="queries"/>, in parallel; the final states as rows.</summary>
    /// <param name="queries">The start states, one per row.</param>
    /// <param name="maxSteps">The most steps per query, ≥ 1.</param>
    /// <param name="tolerance">The convergence tolerance ≥ 0.</param>
    /// <returns>The final states, one per row.</returns>
    /// <exception cref="ArgumentException">A bad row (ParamName <c>queries</c>) or limit, checked before any work.</exception>
    public double[,] IterateBatch(double[,] queries, int maxSteps = 100, double tolerance = 1e-12)
    {
        MemoryRows.CheckLimits(tolerance, maxSteps);
        return MemoryRows.Batch(queries, nameof(queries), Dimension, false, Dimension, r => Iterate(r, maxSteps, tolerance).State);
    }
}
