using AssociativeKernels.Interop;
using Core = AssociativeKernels.Core;

namespace AssociativeKernels;

/// <summary>
/// A kernel memory network whose neurons are hard-margin SVMs (KMN Properties 1, 2.1, 2.2; SPEC M7):
/// s_out = sgn[(A ⊙ X_out) K(X_in, s_in) − θ]. Patterns are the ROWS of the matrices passed in (KMN writes
/// them as columns). <see cref="Create(double[,], MemoryKernel, bool)"/> and <see cref="CreateHetero(double[,], double[,], MemoryKernel)"/>
/// train the network and check their own result (KKT conditions to 1e-6). <see cref="Retrieve(ReadOnlySpan{double})"/>
/// is one pass; <see cref="Iterate"/> repeats it to a fixed point (auto-association). Immutable and safe to
/// query from many threads.
/// </summary>
public sealed class KernelMemoryNetwork : IAssociativeMemory
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
    public static KernelMemoryNetwork Create(double[,] patterns, MemoryKernel kernel, bool selfConnections = true)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        var rows = MemoryRows.Patterns(patterns, nameof(patterns), bipolar: true);
        var innerProduct = selfConnections ? null : kernel.InnerProductToCore(nameof(kernel));
        MemoryRows.KernelMatrices(rows, "a kernel memory network").Require(nameof(patterns), rows.Length);
        var net = innerProduct is null
            ? Core.KernelNetworkModule.TrainAuto(kernel.ToCore(), rows)
            : Core.KernelNetworkModule.TrainAutoWithoutSelf(innerProduct, rows);
        return new KernelMemoryNetwork(net, autoAssociative: true, selfConnections);
    }

    /// <summary>Trains an auto-associative network on single-precision ±1 patterns (rows); see the double-precision overload.</summary>
    /// <param name="patterns">The M × N patterns, entries +1 or −1, one per row.</param>
    /// <param name="kernel">The kernel.</param>
    /// <param name="selfConnections">Whether a neuron may see its own state (default true).</param>
    /// <returns>The trained network.</returns>
    /// <exception cref="ArgumentException">As for the double-precision overload.</exception>
    public static KernelMemoryNetwork Create(float[,] patterns, MemoryKernel kernel, bool selfConnections = true) =>
        Create(MemoryRows.Widen(patterns, nameof(patterns)), kernel, selfConnections);

    /// <summary>
    /// Trains a hetero-associative network (Property 1, Eqs. 5–6): output neuron i is an SVM that outputs
    /// values[μ, i] for the key row keys[μ, ·].
    /// </summary>
    /// <param name="keys">The M × N_in inputs (finite), one per row.</param>
    /// <param name="values">The M × N_out outputs, entries +1 or −1, one per row.</param>
    /// <param name="kernel">The kernel.</param>
    /// <returns>The trained network.</returns>
    /// <exception cref="ArgumentException">Shapes that do not match, non-±1 values, non-finite entries, or data that
    /// some output neuron cannot separate (the message names the pattern and the neuron).</exception>
    public static KernelMemoryNetwork CreateHetero(double[,] keys, double[,] values, MemoryKernel kernel)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        var x = MemoryRows.Patterns(keys, nameof(keys));
        var y = MemoryRows.Patterns(values, nameof(values), bipolar: true);
        MemoryRows.SameRowCount(x, nameof(keys), y, nameof(values));
        MemoryRows.KernelMatrices(x, "a kernel memory network").Require(nameof(keys), x.Length);
        var net = Core.KernelNetworkModule.trainHeteroNamed(nameof(keys), nameof(values), Core.HardMarginSvm.DefaultOptions, kernel.ToCore(), x, y);
        return new KernelMemoryNetwork(net, autoAssociative: false, selfConnections: true);
    }

    /// <summary>Trains a hetero-associative network on single-precision data (rows); see the double-precision overload.</summary>
    /// <param name="keys">The M × N_in inputs (finite), one per row.</param>
    /// <param name="values">The M × N_out outputs, entries +1 or −1, one per row.</param>
    /// <param name="kernel">The kernel.</param>
    /// <returns>The trained network.</returns>
    /// <exception cref="ArgumentException">As for the double-precision overload.</exception>
    public static KernelMemoryNetwork CreateHetero(float[,] keys, float[,] values, MemoryKernel kernel) =>
        CreateHetero(MemoryRows.Widen(keys, nameof(keys)), MemoryRows.Widen(values, nameof(values)), kernel);

    /// <summary>Whether the network is auto-associative (recurrent) rather than feed-forward.</summary>
    public bool IsAutoAssociative { get; }

    /// <summary>Number of stored patterns M.</summary>
    public int PatternCount => trained.Network.Inputs.Length;

    /// <summary>Length of a query N_in.</summary>
    public int Dimension => trained.Network.Inputs[0].Length;

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
    /// <exception cref="ArgumentException">Wrong length, non-finite or (auto) non-±1 entries (ParamName <c>query</c>).</exception>
    public double[] Retrieve(ReadOnlySpan<double> query) => Pass(MemoryRows.Query(query, Dimension, bipolar: IsAutoAssociative));

    /// <summary>One pass (see <see cref="Retrieve(ReadOnlySpan{double})"/>) from a single-precision query; the ±1 output in single precision.</summary>
    /// <param name="query">The input (length N_in; ±1 for auto-association).</param>
    /// <returns>The output state.</returns>
    /// <exception cref="ArgumentException">As for the double-precision overload.</exception>
    public float[] Retrieve(ReadOnlySpan<float> query) => MemoryRows.Narrow(Pass(MemoryRows.Query(query, Dimension, bipolar: IsAutoAssociative)), nameof(query));

    private double[] Pass(double[] s)
    {
        if (!IsAutoAssociative) return Core.KernelNetworkModule.Recall(trained.Network, s);
        return selfConnections
            ? Core.KernelNetworkModule.Step(trained.Network, s)
            : Core.KernelNetworkModule.Sweep(trained.Network, Enumerable.Range(0, s.Length).ToArray(), s);
    }

    /// <summary>
    /// Repeated passes (synchronous updates, or sequential asynchronous sweeps without self-connections) from the
    /// query until nothing changes, a cycle, or <paramref name="maxSteps"/> passes (auto-association).
    /// </summary>
    /// <param name="query">The ±1 query (length N).</param>
    /// <param name="maxSteps">The most passes to apply, ≥ 1.</param>
    /// <returns>The final state, the number of passes and how it ended.</returns>
    /// <exception cref="ArgumentException">Wrong length or non-±1 entries (ParamName <c>query</c>), or maxSteps &lt; 1.</exception>
    /// <exception cref="InvalidOperationException">A hetero-associative network.</exception>
    public MemoryIteration Iterate(ReadOnlySpan<double> query, int maxSteps = 100)
    {
        if (!IsAutoAssociative) throw MemoryRows.NotAutoAssociative(nameof(KernelMemoryNetwork));
        var s = MemoryRows.Query(query, Dimension, bipolar: true);
        MemoryRows.CheckSteps(maxSteps);
        return MemoryIteration.From(selfConnections
            ? Core.KernelNetworkModule.Retrieve(trained.Network, maxSteps, s)
            : Core.KernelNetworkModule.RetrieveAsynchronous(trained.Network, Core.UpdateOrder.Sequential, maxSteps, s));
    }

    /// <summary>One pass on every row of <paramref name="queries"/>, in parallel.</summary>
    /// <param name="queries">The queries, one per row; an empty batch gives an empty result.</param>
    /// <returns>The outputs, one per row.</returns>
    /// <exception cref="ArgumentException">A bad row (ParamName <c>queries</c>, the row in the message), checked before any work.</exception>
    public double[,] RetrieveBatch(double[,] queries) =>
        MemoryRows.Batch(queries, nameof(queries), Dimension, IsAutoAssociative, OutputDimension, Pass);

    /// <summary>One pass on every row of a single-precision batch; the ±1 outputs in single precision.</summary>
    /// <param name="queries">The queries, one per row.</param>
    /// <returns>The outputs, one per row.</returns>
    /// <exception cref="ArgumentException">A bad row (ParamName <c>queries</c>).</exception>
    public float[,] RetrieveBatch(float[,] queries) => MemoryRows.Batch(queries, RetrieveBatch);

    /// <summary><see cref="Iterate"/> from every row of <paramref name="queries"/>, in parallel; the final states as rows.</summary>
    /// <param name="queries">The ±1 start states, one per row.</param>
    /// <param name="maxSteps">The most passes per query, ≥ 1.</param>
    /// <returns>The final states, one per row.</returns>
    /// <exception cref="ArgumentException">A bad row (ParamName <c>queries</c>) or maxSteps &lt; 1, checked before any work.</exception>
    /// <exception cref="InvalidOperationException">A hetero-associative network.</exception>
    public double[,] IterateBatch(double[,] queries, int maxSteps = 100)
    {
        if (!IsAutoAssociative) throw MemoryRows.NotAutoAssociative(nameof(KernelMemoryNetwork));
        MemoryRows.CheckSteps(maxSteps);
        return MemoryRows.Batch(queries, nameof(queries), Dimension, true, Dimension, r => Iterate(r, maxSteps).State);
    }
}
