using AssociativeKernels.Interop;
using Core = AssociativeKernels.Core;

namespace AssociativeKernels;

/// <summary>
/// A kernel memory network whose neurons are hard-margin SVMs (KMN Properties 1, 2.1, 2.2; SPEC M7):
/// s_out = sgn[(A ⊙ X_out) K(X_in, s_in) − θ]. Patterns are the ROWS of the matrices passed in (KMN writes
/// them as columns). Training checks its own result (KKT conditions to 1e-6). Immutable and safe to query
/// from many threads.
/// </summary>
public sealed class KernelMemoryNetwork
{
    private readonly Core.SvmNetwork trained;
    private readonly bool selfConnections;

    private KernelMemoryNetwork(Core.SvmNetwork trained, bool autoAssociative, bool selfConnections)
    {
        this.trained = trained;
        IsAutoAssociative = autoAssociative;
        this.selfConnections = selfConnections;
    }

    /// <summary>
    /// Trains an auto-associative network on ±1 patterns (rows): neuron i is an SVM that outputs ξ_i^μ for
    /// input ξ^μ. With self-connections updates are synchronous (Property 2.1, Eq. 10); without, neuron i
    /// sees k(Σ_{j≠i} ξ_j s_j) and updates are asynchronous (Property 2.2, Eq. 12; inner-product kernels only).
    /// </summary>
    /// <param name="patterns">The M × N patterns, entries +1 or −1, one per row.</param>
    /// <param name="kernel">The kernel.</param>
    /// <param name="selfConnections">Whether a neuron may see its own state (default true).</param>
    /// <returns>The trained network.</returns>
    /// <exception cref="ArgumentException">Empty or non-±1 patterns, a non-finite kernel value, a kernel that is not
    /// an inner product when <paramref name="selfConnections"/> is false, or data that some neuron cannot separate
    /// (the message names the pattern and the neuron).</exception>
    public static KernelMemoryNetwork TrainAutoAssociative(double[,] patterns, MemoryKernel kernel, bool selfConnections = true)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        var rows = Spans.Rows(patterns, nameof(patterns));
        MemoryRows.KernelMatrices(rows, "a kernel memory network").Require(nameof(patterns), rows.Length);
        var net = selfConnections
            ? MemoryCall.Run(() => Core.KernelNetworkModule.TrainAuto(kernel.ToCore(), rows), Names)
            : MemoryCall.Run(() => Core.KernelNetworkModule.TrainAutoWithoutSelf(kernel.InnerProductToCore(nameof(kernel)), rows), Names);
        return new KernelMemoryNetwork(net, autoAssociative: true, selfConnections);
    }

    /// <summary>Trains an auto-associative network on single-precision ±1 patterns (rows); see the double-precision overload.</summary>
    /// <param name="patterns">The M × N patterns, entries +1 or −1, one per row.</param>
    /// <param name="kernel">The kernel.</param>
    /// <param name="selfConnections">Whether a neuron may see its own state (default true).</param>
    /// <returns>The trained network.</returns>
    /// <exception cref="ArgumentException">As for the double-precision overload.</exception>
    public static KernelMemoryNetwork TrainAutoAssociative(float[,] patterns, MemoryKernel kernel, bool selfConnections = true) =>
        TrainAutoAssociative(MemoryRows.Widen(patterns, nameof(patterns)), kernel, selfConnections);

    /// <summary>
    /// Trains a hetero-associative network (Property 1, Eqs. 5–6): output neuron i is an SVM that outputs
    /// outputs[μ, i] for the input row inputs[μ, ·].
    /// </summary>
    /// <param name="inputs">The M × N_in inputs (finite), one per row.</param>
    /// <param name="outputs">The M × N_out outputs, entries +1 or −1, one per row.</param>
    /// <param name="kernel">The kernel.</param>
    /// <returns>The trained network.</returns>
    /// <exception cref="ArgumentException">Shapes that do not match, non-±1 outputs, non-finite values, or data that
    /// some output neuron cannot separate (the message names the pattern and the neuron).</exception>
    public static KernelMemoryNetwork TrainHeteroAssociative(double[,] inputs, double[,] outputs, MemoryKernel kernel)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        var x = Spans.Rows(inputs, nameof(inputs));
        var y = Spans.Rows(outputs, nameof(outputs));
        MemoryRows.KernelMatrices(x, "a kernel memory network").Require(nameof(inputs), x.Length);
        var net = MemoryCall.Run(() => Core.KernelNetworkModule.TrainHetero(kernel.ToCore(), x, y), Names);
        return new KernelMemoryNetwork(net, autoAssociative: false, selfConnections: true);
    }

    /// <summary>Trains a hetero-associative network on single-precision data (rows); see the double-precision overload.</summary>
    /// <param name="inputs">The M × N_in inputs (finite), one per row.</param>
    /// <param name="outputs">The M × N_out outputs, entries +1 or −1, one per row.</param>
    /// <param name="kernel">The kernel.</param>
    /// <returns>The trained network.</returns>
    /// <exception cref="ArgumentException">As for the double-precision overload.</exception>
    public static KernelMemoryNetwork TrainHeteroAssociative(float[,] inputs, float[,] outputs, MemoryKernel kernel) =>
        TrainHeteroAssociative(MemoryRows.Widen(inputs, nameof(inputs)), MemoryRows.Widen(outputs, nameof(outputs)), kernel);

    /// <summary>Whether the network is auto-associative (recurrent) rather than feed-forward.</summary>
    public bool IsAutoAssociative { get; }

    /// <summary>Number of stored patterns M.</summary>
    public int PatternCount => trained.Network.Inputs.Length;

    /// <summary>Length of an input N_in.</summary>
    public int InputDimension => trained.Network.Inputs[0].Length;

    /// <summary>Number of output neurons N_out.</summary>
    public int OutputDimension => trained.Network.Outputs[0].Length;

    /// <summary>The Lagrange coefficients A (N_out × M): A[i, μ] = α_i^μ.</summary>
    public double[,] Coefficients => Spans.ToMatrix(trained.Network.Coefficients);

    /// <summary>The thresholds θ, one per output neuron.</summary>
    public double[] Thresholds => (double[])trained.Network.Thresholds.Clone();

    /// <summary>Each output neuron's geometric margin γ_i = min_μ y_μ f_i(x_μ)/‖w_i‖ (KMN Eq. 50 with the threshold); +∞ when all its labels agree.</summary>
    public double[] Margins => trained.Neurons.Select(n => n.Margin).ToArray();

    /// <summary>Each output neuron's support vectors: the indices μ of the patterns with α_i^μ &gt; 0.</summary>
    public int[][] SupportVectors => trained.Neurons.Select(n => (int[])n.SupportVectors.Clone()).ToArray();

    /// <summary>Each neuron's largest KKT residual (α ≥ 0, y f ≥ 1, complementarity and Σαy = 0, the last two relative to max(1, Σα)); at most 1e-6.</summary>
    public double[] KktResiduals => trained.Neurons.Select(n => n.Kkt.Max).ToArray();

    /// <summary>
    /// One pass of the network on a query: for a hetero-associative network the output sgn(h) (a zero field
    /// gives +1); for an auto-associative one a synchronous update (self-connections) or one sequential
    /// asynchronous sweep (without), a zero field keeping the current value.
    /// </summary>
    /// <param name="query">The input (length N_in; ±1 for auto-association).</param>
    /// <returns>The output state.</returns>
    /// <exception cref="ArgumentException">Wrong length, non-finite or (auto) non-±1 entries.</exception>
    public double[] Update(ReadOnlySpan<double> query)
    {
        var s = Spans.Vector(query, nameof(query));
        if (!IsAutoAssociative) return MemoryCall.Run(() => Core.KernelNetworkModule.Recall(trained.Network, s), Names);
        return selfConnections
            ? MemoryCall.Run(() => Core.KernelNetworkModule.Step(trained.Network, s), Names)
            : MemoryCall.Run(() => Core.KernelNetworkModule.Sweep(trained.Network, Enumerable.Range(0, s.Length).ToArray(), s), Names);
    }

    /// <summary>
    /// Retrieval: for a hetero-associative network the output for the query; for an auto-associative one the
    /// state reached by repeated updates (synchronous, or sequential asynchronous sweeps without
    /// self-connections) from the query until nothing changes, a cycle, or <paramref name="maxSteps"/> updates.
    /// </summary>
    /// <param name="query">The query (length N_in; ±1 for auto-association).</param>
    /// <param name="maxSteps">The most updates (sweeps) to apply, ≥ 1.</param>
    /// <returns>The retrieved state.</returns>
    /// <exception cref="ArgumentException">Wrong length, non-finite or (auto) non-±1 entries, or maxSteps &lt; 1.</exception>
    public double[] Retrieve(ReadOnlySpan<double> query, int maxSteps = 100)
    {
        var s = Spans.Vector(query, nameof(query));
        if (!IsAutoAssociative) return MemoryCall.Run(() => Core.KernelNetworkModule.Recall(trained.Network, s), Names);
        var it = selfConnections
            ? MemoryCall.Run(() => Core.KernelNetworkModule.Retrieve(trained.Network, maxSteps, s), Names)
            : MemoryCall.Run(() => Core.KernelNetworkModule.RetrieveAsynchronous(trained.Network, Core.UpdateOrder.Sequential, maxSteps, s), Names);
        return it.State;
    }

    /// <inheritdoc cref="Retrieve(ReadOnlySpan{double}, int)"/>
    public double[] Retrieve(double[] query, int maxSteps = 100)
    {
        ArgumentNullException.ThrowIfNull(query);
        return Retrieve(new ReadOnlySpan<double>(query), maxSteps);
    }

    /// <summary>Retrieves every row of <paramref name="queries"/> (see <see cref="Retrieve(ReadOnlySpan{double}, int)"/>).</summary>
    /// <param name="queries">The queries, one per row.</param>
    /// <param name="maxSteps">The most updates per query, ≥ 1.</param>
    /// <returns>The retrieved states, one per row.</returns>
    /// <exception cref="ArgumentException">As for one query, checked for the whole batch before any work; the message names the row. An empty batch gives an empty result.</exception>
    public double[,] RetrieveBatch(double[,] queries, int maxSteps = 100)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSteps, 1);
        var rows = MemoryRows.Queries(queries, nameof(queries), InputDimension, IsAutoAssociative);
        return MemoryRows.Each(rows, nameof(queries), OutputDimension, r => Retrieve(r, maxSteps));
    }

    private static readonly (string, string)[] Names =
    [
        ("s", "query"), ("s0", "query"), ("input", "query"), ("maxSteps", "maxSteps"), ("maxSweeps", "maxSteps"),
    ];
}
