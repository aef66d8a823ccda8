using AssociativeKernels.Fast;
using AssociativeKernels.Interop;
using Core = AssociativeKernels.Core;

namespace AssociativeKernels;

/// <summary>How a <see cref="HopfieldNetwork"/> learns its weights from the stored patterns.</summary>
public enum HopfieldLearningRule
{
    /// <summary>Hebbian outer products T = Σ ξξᵀ (DAM Eq. 1); hetero W = Σ p ξᵀ (UHN §2, W = P Mᵀ).</summary>
    Hebbian,
    /// <summary>Hebbian with the diagonal set to zero (auto-association only), the classical choice under which asynchronous updates never raise the energy.</summary>
    HebbianZeroDiagonal,
    /// <summary>The pseudoinverse rule T = X X^† (KMN Eq. 52), through an SVD that is well defined for duplicate or dependent patterns: every stored pattern is a fixed point.</summary>
    Pseudoinverse,
}

/// <summary>
/// The classical Hopfield network (SPEC M1; DAM Eq. 1, KMN Eq. 52, UHN §2): ±1 patterns are rows, the
/// weights are learned once, and the network is immutable, so any number of threads may query it.
/// </summary>
/// <example>
/// <code>
/// var net = HopfieldNetwork.Create(patterns, HopfieldLearningRule.HebbianZeroDiagonal);
/// var result = net.Iterate(noisyQuery);
/// if (result.Ending == IterationEnding.Converged) Use(result.State);
/// </code>
/// </example>
public sealed class HopfieldNetwork : IAssociativeMemory
{
    private readonly Core.HopfieldNetwork core;

    // The packed dynamics (see PackedField), built on first use; null inside when they do not apply.
    private readonly Lazy<PackedBipolarPatterns?> _packed;

    private HopfieldNetwork(Core.HopfieldNetwork core)
    {
        this.core = core;
        _packed = new(() => core.IsAutoAssociative && core.PatternCount <= core.InputDimension
            && (core.Rule.IsHebbian || core.Rule.IsHebbianZeroDiagonal) ? new PackedBipolarPatterns(core.Keys) : null);
    }

    /// <summary>Stores the rows of <paramref name="patterns"/> (each a ±1 pattern) for auto-association.</summary>
    /// <param name="patterns">K×N, one ±1 pattern per row; at least one row.</param>
    /// <param name="rule">The learning rule.</param>
    /// <returns>The network.</returns>
    /// <exception cref="ArgumentException">The matrix is empty or has an entry other than ±1 (the message names the entry).</exception>
    public static HopfieldNetwork Create(double[,] patterns, HopfieldLearningRule rule = HopfieldLearningRule.Hebbian) =>
        Build(MemoryRows.Patterns(patterns, nameof(patterns), bipolar: true), rule);

    /// <summary>Stores the rows of a single-precision matrix (each a ±1 pattern) for auto-association.</summary>
    /// <param name="patterns">K×N, one ±1 pattern per row.</param>
    /// <param name="rule">The learning rule.</param>
    /// <returns>The network.</returns>
    /// <exception cref="ArgumentException">The matrix is empty or has an entry other than ±1.</exception>
    public static HopfieldNetwork Create(float[,] patterns, HopfieldLearningRule rule = HopfieldLearningRule.Hebbian) =>
        Build(MemoryRows.Patterns(patterns, nameof(patterns), bipolar: true), rule);

    /// <summary>Stores the patterns of a row-major span (K rows of length <paramref name="dimension"/>).</summary>
    /// <param name="patterns">K·N entries, row-major, ±1.</param>
    /// <param name="dimension">The pattern length N ≥ 1.</param>
    /// <param name="rule">The learning rule.</param>
    /// <returns>The network.</returns>
    /// <exception cref="ArgumentException">The length is not a multiple of N, the span is empty, or an entry is not ±1.</exception>
    public static HopfieldNetwork Create(ReadOnlySpan<double> patterns, int dimension, HopfieldLearningRule rule = HopfieldLearningRule.Hebbian) =>
        Build(MemoryRows.Patterns(patterns, dimension, nameof(patterns), bipolar: true), rule);

    /// <summary>
    /// A hetero-associative network mapping each key row to the value row with the same index
    /// (UHN App. B): a query of the keys' dimension retrieves a vector of the values' dimension.
    /// </summary>
    /// <param name="keys">K×I, ±1.</param>
    /// <param name="values">K×O, ±1; exactly as many rows as <paramref name="keys"/>.</param>
    /// <param name="rule"><see cref="HopfieldLearningRule.Hebbian"/> or <see cref="HopfieldLearningRule.Pseudoinverse"/>.</param>
    /// <returns>The network.</returns>
    /// <exception cref="ArgumentException">Row counts differ, an entry is not ±1, or the zero-diagonal rule was asked for.</exception>
    public static HopfieldNetwork CreateHetero(double[,] keys, double[,] values, HopfieldLearningRule rule = HopfieldLearningRule.Hebbian)
    {
        var k = MemoryRows.Patterns(keys, nameof(keys), bipolar: true);
        var v = MemoryRows.Patterns(values, nameof(values), bipolar: true);
        MemoryRows.SameRowCount(k, nameof(keys), v, nameof(values));
        var coreRule = ToCore(rule);
        if (rule == HopfieldLearningRule.HebbianZeroDiagonal)
        {
            throw new ArgumentException("rule = HebbianZeroDiagonal applies to auto-association only (W has no diagonal in general); use Hebbian.", nameof(rule));
        }
        Footprint(k[0].Length, v[0].Length, rule).Require(nameof(keys), k[0].Length);
        return new(Core.HopfieldNetworkModule.CreateHetero(coreRule, k, v));
    }

    /// <inheritdoc cref="CreateHetero(double[,], double[,], HopfieldLearningRule)"/>
    public static HopfieldNetwork CreateHetero(float[,] keys, float[,] values, HopfieldLearningRule rule = HopfieldLearningRule.Hebbian) =>
        CreateHetero(MemoryRows.Widen(keys, nameof(keys)), MemoryRows.Widen(values, nameof(values)), rule);

    private static HopfieldNetwork Build(double[][] rows, HopfieldLearningRule rule)
    {
        var coreRule = ToCore(rule);
        var n = rows[0].Length;
        Footprint(n, n, rule).Require("patterns", n);
        return new(Core.HopfieldNetworkModule.Create(coreRule, rows));
    }

    /// <summary>
    /// The memory of the O×I weights (a rectangular array, held once by the network and once more while it is
    /// built or copied out; the pseudoinverse rule's SVD needs about four such matrices).
    /// </summary>
    private static Footprint Footprint(int inputs, int outputs, HopfieldLearningRule rule) =>
        new((rule == HopfieldLearningRule.Pseudoinverse ? 4 : 2) * 8.0 * inputs * outputs, (double)inputs * outputs,
            $"a Hopfield network with {inputs} inputs and {outputs} outputs (weights of {inputs}×{outputs})");

    private static Core.HopfieldRule ToCore(HopfieldLearningRule rule) => rule switch
    {
        HopfieldLearningRule.Hebbian => Core.HopfieldRule.Hebbian,
        HopfieldLearningRule.HebbianZeroDiagonal => Core.HopfieldRule.HebbianZeroDiagonal,
        HopfieldLearningRule.Pseudoinverse => Core.HopfieldRule.Pseudoinverse,
        _ => throw new ArgumentOutOfRangeException(nameof(rule), rule, "rule must be Hebbian, HebbianZeroDiagonal or Pseudoinverse."),
    };

    /// <summary>The query dimension I (N for auto-association).</summary>
    public int Dimension => core.InputDimension;

    /// <summary>The output dimension O (N for auto-association).</summary>
    public int OutputDimension => core.OutputDimension;

    /// <summary>The number of stored patterns K.</summary>
    public int PatternCount => core.PatternCount;

    /// <summary>Whether the network is auto-associative (created by <c>Create</c>).</summary>
    public bool IsAutoAssociative => core.IsAutoAssociative;

    /// <summary>A copy of the weight matrix W (O×I; row i holds the weights into neuron i).</summary>
    /// <returns>The weights.</returns>
    public double[,] Weights() => core.Weights;

    /// <summary>
    /// One step: for an auto-associative network, a synchronous update s ← sgn(W s) of the ±1 query (a
    /// neuron whose field is 0 keeps its value); for a hetero-associative one, z = sgn(W q) with 0 where
    /// the field is 0.
    /// </summary>
    /// <param name="query">A vector of length <see cref="Dimension"/> (±1 for auto-association).</param>
    /// <returns>The new state (length <see cref="OutputDimension"/>).</returns>
    /// <exception cref="ArgumentException">Wrong length, a non-finite entry, or (auto) an entry other than ±1.</exception>
    public double[] Retrieve(ReadOnlySpan<double> query) => Retrieve(query, PackedBipolarBlocks.Avx512Supported);

    internal double[] Retrieve(ReadOnlySpan<double> query, bool avx512)
    {
        if (_packed.Value is { } packed && PackedDynamics.IsBipolar(query, Dimension))
        {
            return PackedStep(packed, query, avx512);
        }
        return ReferenceStep(query);
    }

    /// <summary>One step on the reference (its own method, so the packed path allocates no closure).</summary>
    private double[] ReferenceStep(ReadOnlySpan<double> query)
    {
        var q = MemoryRows.Query(query, Dimension, bipolar: IsAutoAssociative);
        return core.IsAutoAssociative ? Core.HopfieldNetworkModule.UpdateSynchronous(core, q) : Core.HopfieldNetworkModule.Associate(core, q);
    }

    /// <summary>One step (see <see cref="Retrieve(ReadOnlySpan{double})"/>) from a single-precision query; the output (entries ±1, or 0) in single precision.</summary>
    /// <param name="query">A vector of length <see cref="Dimension"/>.</param>
    /// <returns>The new state.</returns>
    /// <exception cref="ArgumentException">As for the double-precision overload.</exception>
    public float[] Retrieve(ReadOnlySpan<float> query) => MemoryRows.Narrow(Retrieve(MemoryRows.Query(query, Dimension)), nameof(query));

    /// <summary>
    /// Asynchronous updates, one neuron at a time, until a full sweep changes nothing (auto-association): one step
    /// is one sweep. With <see cref="HopfieldLearningRule.HebbianZeroDiagonal"/> every flip lowers the energy, so this converges.
    /// </summary>
    /// <param name="query">The ±1 start state.</param>
    /// <param name="maxSteps">The most sweeps to apply, ≥ 1.</param>
    /// <param name="seed">Null for the order 0, 1, …, N − 1 in every sweep; otherwise a fresh random order each sweep from this seed (reproducible).</param>
    /// <returns>The final state, the number of sweeps and how it ended.</returns>
    /// <exception cref="ArgumentException">A wrong length or an entry other than ±1 (ParamName <c>query</c>), or <paramref name="maxSteps"/> &lt; 1.</exception>
    /// <exception cref="InvalidOperationException">A hetero-associative network.</exception>
    public MemoryIteration Iterate(ReadOnlySpan<double> query, int maxSteps = 1000, int? seed = null) =>
        Iterate(query, maxSteps, seed, PackedBipolarBlocks.Avx512Supported);

    MemoryIteration IAssociativeMemory.Iterate(ReadOnlySpan<double> query, int maxSteps) => Iterate(query, maxSteps);

    internal MemoryIteration Iterate(ReadOnlySpan<double> query, int maxSteps, int? seed, bool avx512)
    {
        var q = IterationStart(query, maxSteps);
        if (_packed.Value is { } packed)
        {
            return MemoryIteration.From(PackedDynamics.Sweeps(MemoryRows.Order(seed), maxSteps, q, (state, order) => PackedSweep(packed, state, order, avx512)));
        }
        return MemoryIteration.From(Core.HopfieldNetworkModule.IterateAsynchronous(core, MemoryRows.Order(seed), maxSteps, q));
    }

    /// <summary>Synchronous updates s ← sgn(W s) until a fixed point, a cycle (often of period 2) or <paramref name="maxSteps"/>.</summary>
    /// <param name="query">The ±1 start state.</param>
    /// <param name="maxSteps">The most steps to apply, ≥ 1.</param>
    /// <returns>The final state, the number of steps and how it ended.</returns>
    /// <exception cref="ArgumentException">A wrong length or an entry other than ±1 (ParamName <c>query</c>), or <paramref name="maxSteps"/> &lt; 1.</exception>
    /// <exception cref="InvalidOperationException">A hetero-associative network.</exception>
    public MemoryIteration IterateSynchronously(ReadOnlySpan<double> query, int maxSteps = 1000) =>
        IterateSynchronously(query, maxSteps, PackedBipolarBlocks.Avx512Supported);

    internal MemoryIteration IterateSynchronously(ReadOnlySpan<double> query, int maxSteps, bool avx512)
    {
        var q = IterationStart(query, maxSteps);
        if (_packed.Value is { } packed)
        {
            return MemoryIteration.From(PackedDynamics.Steps(maxSteps, q, s => PackedStep(packed, s, avx512)));
        }
        return MemoryIteration.From(Core.HopfieldNetworkModule.IterateSynchronous(core, maxSteps, q));
    }

    /// <summary>The checked start of an iteration: an auto-associative network, a ±1 query of length N, maxSteps ≥ 1.</summary>
    private double[] IterationStart(ReadOnlySpan<double> query, int maxSteps)
    {
        if (!IsAutoAssociative) throw MemoryRows.NotAutoAssociative(nameof(HopfieldNetwork));
        var q = MemoryRows.Query(query, Dimension, bipolar: true);
        MemoryRows.CheckSteps(maxSteps);
        return q;
    }

    /// <summary>
    /// The local field of neuron i from the overlaps m_μ = ξ^μ·s: h_i = Σ_j W_ij s_j = Σ_μ ξ^μ_i m_μ for the Hebbian
    /// rule (W_ij = Σ_μ ξ^μ_i ξ^μ_j, W_ii = K), minus W_ii s_i = K s_i when the diagonal is zeroed. The reference
    /// computes the same field in double precision from the integer weights; every product and partial sum there
    /// is an integer of magnitude ≤ K · N (far below 2⁵³ for any network that fits in memory: the core already
    /// holds N² + K · N doubles), so its field is this integer exactly, and the sign decisions agree, ties
    /// (h_i = 0 keeps s_i, the core's <c>Dynamics.sign</c>) included. The packed path is used for auto-association
    /// with the Hebbian rules when K ≤ N (it costs O(K) per neuron against the reference's O(N)); the
    /// pseudoinverse weights are not integers, so that rule always runs on the reference.
    /// </summary>
    private double Field(PackedBipolarPatterns packed, ReadOnlySpan<int> overlaps, ReadOnlySpan<double> state, int i) =>
        packed.Field(overlaps, i) - (core.Rule.IsHebbianZeroDiagonal ? packed.Count * (long)state[i] : 0);

    /// <summary>One synchronous step s ← sgn(W s) of a ±1 state (a new array), equal to the core's (see <see cref="Field"/>).</summary>
    private double[] PackedStep(PackedBipolarPatterns packed, ReadOnlySpan<double> state, bool avx512)
    {
        var scan = packed.Blocks.Rent();
        var overlaps = packed.Overlaps(scan, state, avx512);
        var next = new double[state.Length];
        for (var i = 0; i < next.Length; i++) next[i] = Core.Dynamics.Sign(state[i], Field(packed, overlaps, state, i));
        packed.Blocks.Return(scan);
        return next;
    }

    /// <summary>One asynchronous sweep of a ±1 state in place in <paramref name="order"/>, each neuron seeing the updates before it (overlaps kept up to date on every flip), equal to the core's sweep.</summary>
    private void PackedSweep(PackedBipolarPatterns packed, double[] state, int[] order, bool avx512)
    {
        var scan = packed.Blocks.Rent();
        var overlaps = packed.Overlaps(scan, state, avx512);
        foreach (var i in order)
        {
            var value = Core.Dynamics.Sign(state[i], Field(packed, overlaps, state, i));
            if (value != state[i])
            {
                state[i] = value;
                packed.Flip(overlaps, i, (int)value);
            }
        }
        packed.Blocks.Return(scan);
    }

    /// <summary>One step (<see cref="Retrieve(ReadOnlySpan{double})"/>) for every row of <paramref name="queries"/>, in parallel.</summary>
    /// <param name="queries">Q×I, one query per row (±1 for auto-association); Q = 0 gives a 0×O result.</param>
    /// <returns>Q×O, one result per row.</returns>
    /// <exception cref="ArgumentException">A row of the wrong length or a bad entry (checked before any work; the message names the row and column).</exception>
    public double[,] RetrieveBatch(double[,] queries) =>
        MemoryRows.Batch(queries, nameof(queries), Dimension, IsAutoAssociative, OutputDimension, q => Retrieve(q));

    /// <summary>One step (<see cref="Retrieve(ReadOnlySpan{float})"/>) for every row of a single-precision batch.</summary>
    /// <param name="queries">Q×I, one query per row.</param>
    /// <returns>Q×O, one result per row.</returns>
    /// <exception cref="ArgumentException">A bad row (ParamName <c>queries</c>, the row in the message).</exception>
    public float[,] RetrieveBatch(float[,] queries) => MemoryRows.Batch(queries, RetrieveBatch);

    /// <summary><see cref="Iterate(ReadOnlySpan{double}, int, int?)"/> (sequential order) from every row of <paramref name="queries"/>, in parallel.</summary>
    /// <param name="queries">Q×N, one ±1 start state per row; Q = 0 gives a 0×N result.</param>
    /// <param name="maxSteps">The most sweeps per query, ≥ 1.</param>
    /// <returns>Q×N final states.</returns>
    /// <exception cref="ArgumentException">A bad row (named) or <paramref name="maxSteps"/> &lt; 1, checked before any work.</exception>
    /// <exception cref="InvalidOperationException">The network is hetero-associative.</exception>
    public double[,] IterateBatch(double[,] queries, int maxSteps = 1000)
    {
        if (!IsAutoAssociative) throw MemoryRows.NotAutoAssociative(nameof(HopfieldNetwork));
        MemoryRows.CheckSteps(maxSteps);
        return MemoryRows.Batch(queries, nameof(queries), Dimension, true, OutputDimension, q => Iterate(q, maxSteps).State);
    }

    /// <summary>The energy E = −½ sᵀ T s (DAM Eq. 1) of a state (auto-association).</summary>
    /// <param name="state">A vector of length N.</param>
    /// <returns>The energy.</returns>
    /// <exception cref="ArgumentException">A wrong length or a non-finite entry (ParamName <c>state</c>).</exception>
    /// <exception cref="InvalidOperationException">A hetero-associative network.</exception>
    public double Energy(ReadOnlySpan<double> state)
    {
        if (!IsAutoAssociative) throw MemoryRows.NotAutoAssociative(nameof(HopfieldNetwork));
        return Core.HopfieldNetworkModule.Energy(core, MemoryRows.Vector(state, nameof(state), Dimension));
    }
}
