using AssociativeKernels.Fast;
using AssociativeKernels.Interop;
using Core = AssociativeKernels.Core;

namespace AssociativeKernels;

/// <summary>The function F of a dense associative memory's energy E = −Σ_μ F(ξ^μ·σ) (DAM Eqs. 2–3).</summary>
public enum DenseEnergyFunction
{
    /// <summary>F(x) = xⁿ.</summary>
    Polynomial,
    /// <summary>F(x) = xⁿ for x ≥ 0 and 0 below (ReP_n, DAM Eq. 3).</summary>
    RectifiedPolynomial,
    /// <summary>F(x) = eˣ (the degree is ignored).</summary>
    Exponential,
}

/// <summary>
/// The dense associative memory of Krotov and Hopfield (SPEC M2; DAM §2, §4, §5): energy
/// E = −Σ_μ F(ξ^μ·σ), the asynchronous energy-difference update of DAM Eq. 4, the one-step classifier of
/// Eq. 9 and its dual one-hidden-layer network (Eqs. 10–11). Patterns are rows; states of the recurrent
/// dynamics are ±1. Immutable and safe to query from many threads.
/// </summary>
/// <example>
/// <code>
/// var memory = DenseAssociativeMemory.Create(patterns, degree: 3);   // F(x) = x³
/// var result = memory.Iterate(noisyQuery);
/// </code>
/// </example>
public sealed class DenseAssociativeMemory : IAssociativeMemory
{
    private readonly Core.DenseMemory core;

    // The packed dynamics (see PackedSweep), built on first use; null inside when a pattern is not ±1.
    private readonly Lazy<(PackedBipolarPatterns Patterns, PackedDenseEnergy Energy)?> _packed;

    private DenseAssociativeMemory(Core.DenseMemory core, DenseEnergyFunction function, int degree)
    {
        this.core = core;
        _packed = new(() =>
        {
            var rows = core.Xi; // the core's own rows, read only (Patterns would copy them all)
            if (!PackedBipolarPatterns.AreBipolar(rows)) return null;
            return (new PackedBipolarPatterns(rows), new PackedDenseEnergy(core.Function, rows.Length, rows[0].Length));
        });
        Function = function;
        Degree = degree;
    }

    /// <summary>Stores the rows of <paramref name="patterns"/> (finite numbers; ±1 in DAM §2).</summary>
    /// <param name="patterns">K×N, one pattern per row; at least one row.</param>
    /// <param name="function">The energy function F (default the polynomial F(x) = xⁿ of DAM Eq. 3).</param>
    /// <param name="degree">The degree n ≥ 1 of a (rectified) polynomial F.</param>
    /// <returns>The memory.</returns>
    /// <exception cref="ArgumentException">The matrix is empty or has a non-finite entry, or the degree is below 1.</exception>
    public static DenseAssociativeMemory Create(double[,] patterns, DenseEnergyFunction function = DenseEnergyFunction.Polynomial, int degree = 3) =>
        Build(MemoryRows.Patterns(patterns, nameof(patterns)), function, degree);

    /// <summary>Stores the rows of a single-precision matrix.</summary>
    /// <param name="patterns">K×N, one pattern per row.</param>
    /// <param name="function">The energy function F (default the polynomial F(x) = xⁿ of DAM Eq. 3).</param>
    /// <param name="degree">The degree n ≥ 1 of a (rectified) polynomial F.</param>
    /// <returns>The memory.</returns>
    public static DenseAssociativeMemory Create(float[,] patterns, DenseEnergyFunction function = DenseEnergyFunction.Polynomial, int degree = 3) =>
        Build(MemoryRows.Patterns(patterns, nameof(patterns)), function, degree);

    /// <summary>Stores the patterns of a row-major span (K rows of length <paramref name="dimension"/>).</summary>
    /// <param name="patterns">K·N entries, row-major.</param>
    /// <param name="dimension">The pattern length N ≥ 1.</param>
    /// <param name="function">The energy function F (default the polynomial F(x) = xⁿ of DAM Eq. 3).</param>
    /// <param name="degree">The degree n ≥ 1 of a (rectified) polynomial F.</param>
    /// <returns>The memory.</returns>
    public static DenseAssociativeMemory Create(ReadOnlySpan<double> patterns, int dimension, DenseEnergyFunction function = DenseEnergyFunction.Polynomial, int degree = 3) =>
        Build(MemoryRows.Patterns(patterns, dimension, nameof(patterns)), function, degree);

    private static DenseAssociativeMemory Build(double[][] rows, DenseEnergyFunction function, int degree)
    {
        if (function != DenseEnergyFunction.Exponential && degree < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(degree), degree, $"degree = {degree} is outside its valid range [1, ∞).");
        }
        var f = function switch
        {
            DenseEnergyFunction.Polynomial => Core.DenseEnergy.NewPolynomial(degree),
            DenseEnergyFunction.RectifiedPolynomial => Core.DenseEnergy.NewRectifiedPolynomial(degree),
            DenseEnergyFunction.Exponential => Core.DenseEnergy.Exponential,
            _ => throw new ArgumentOutOfRangeException(nameof(function), function, "function must be Polynomial, RectifiedPolynomial or Exponential."),
        };
        return new(Core.DenseMemoryModule.CreateOwned(f, rows), function, degree);
    }

    /// <summary>The energy function F.</summary>
    public DenseEnergyFunction Function { get; }

    /// <summary>The degree n of a (rectified) polynomial F.</summary>
    public int Degree { get; }

    /// <summary>The dimension N.</summary>
    public int Dimension => core.Dimension;

    /// <summary>The number of stored patterns K.</summary>
    public int PatternCount => core.PatternCount;

    /// <summary>The output dimension: N (the memory is auto-associative).</summary>
    public int OutputDimension => core.Dimension;

    /// <summary>Always true: the states of the dynamics are the patterns' space.</summary>
    public bool IsAutoAssociative => true;

    /// <summary>The energy E = −Σ_μ F(ξ^μ·σ) (DAM Eq. 2).</summary>
    /// <param name="state">A vector of length N.</param>
    /// <returns>The energy.</returns>
    /// <exception cref="OverflowException">The energy does not fit a double (e.g. F = eˣ with overlaps above ≈ 709).</exception>
    public double Energy(ReadOnlySpan<double> state)
    {
        return Core.DenseMemoryModule.Energy(core, MemoryRows.Vector(state, nameof(state), Dimension));
    }

    /// <summary>The DAM Eq. 4 argument for one neuron: E(σ_i = −1) − E(σ_i = +1), positive when +1 has the lower energy.</summary>
    /// <param name="state">A ±1 vector of length N.</param>
    /// <param name="neuron">The neuron index i, 0 ≤ i &lt; N.</param>
    /// <returns>The energy difference.</returns>
    public double EnergyDifference(ReadOnlySpan<double> state, int neuron)
    {
        var s = MemoryRows.Vector(state, nameof(state), Dimension, bipolar: true);
        CheckNeuron(neuron);
        return Core.DenseMemoryModule.EnergyDifference(core, s, neuron);
    }

    /// <summary>The state after the DAM Eq. 4 update of one neuron (a tie keeps its value).</summary>
    /// <param name="state">A ±1 vector of length N.</param>
    /// <param name="neuron">The neuron index i, 0 ≤ i &lt; N.</param>
    /// <returns>The new state.</returns>
    public double[] UpdateNeuron(ReadOnlySpan<double> state, int neuron)
    {
        var s = MemoryRows.Vector(state, nameof(state), Dimension, bipolar: true);
        CheckNeuron(neuron);
        return Core.DenseMemoryModule.UpdateNeuron(core, s, neuron);
    }

    /// <summary>One step: one asynchronous sweep of Eq. 4 updates over the neurons 0, 1, …, N − 1.</summary>
    /// <param name="query">A ±1 vector of length N.</param>
    /// <returns>The new state.</returns>
    public double[] Retrieve(ReadOnlySpan<double> query) => Retrieve(query, PackedBipolarBlocks.Avx512Supported);

    internal double[] Retrieve(ReadOnlySpan<double> query, bool avx512)
    {
        if (_packed.Value is { } packed && PackedDynamics.IsBipolar(query, Dimension))
        {
            var state = query.ToArray();
            PackedSweep(packed, state, null, avx512);
            return state;
        }
        return ReferenceSweep(query);
    }

    /// <summary>One sweep on the reference (its own method, so the packed path allocates no closure).</summary>
    private double[] ReferenceSweep(ReadOnlySpan<double> query)
    {
        var q = MemoryRows.Query(query, Dimension, bipolar: true);
        return Core.DenseMemoryModule.Sweep(core, Enumerable.Range(0, q.Length).ToArray(), q);
    }

    /// <summary>One sweep from a single-precision query; the new state (±1) in single precision.</summary>
    /// <param name="query">A ±1 vector of length N.</param>
    /// <returns>The new state.</returns>
    /// <exception cref="ArgumentException">A wrong length or an entry other than ±1 (ParamName <c>query</c>).</exception>
    public float[] Retrieve(ReadOnlySpan<float> query) => MemoryRows.Narrow(Retrieve(MemoryRows.Query(query, Dimension, bipolar: true)), nameof(query));

    private void CheckNeuron(int neuron)
    {
        if (neuron < 0 || neuron >= Dimension)
        {
            throw new ArgumentOutOfRangeException(nameof(neuron), neuron, $"neuron = {neuron} is outside its valid range [0, {Dimension - 1}].");
        }
    }

    /// <summary>Asynchronous Eq. 4 sweeps until one changes nothing (always converges: no update raises the energy); one step is one sweep.</summary>
    /// <param name="query">The ±1 start state.</param>
    /// <param name="maxSteps">The most sweeps to apply, ≥ 1.</param>
    /// <param name="seed">Null for the order 0, 1, …, N − 1 in every sweep; otherwise a fresh random order each sweep from this seed.</param>
    /// <returns>The final state, the number of sweeps and how it ended.</returns>
    /// <exception cref="ArgumentException">A wrong length or an entry other than ±1 (ParamName <c>query</c>), or <paramref name="maxSteps"/> &lt; 1.</exception>
    public MemoryIteration Iterate(ReadOnlySpan<double> query, int maxSteps = 1000, int? seed = null) =>
        Iterate(query, maxSteps, seed, PackedBipolarBlocks.Avx512Supported);

    MemoryIteration IAssociativeMemory.Iterate(ReadOnlySpan<double> query, int maxSteps) => Iterate(query, maxSteps);

    internal MemoryIteration Iterate(ReadOnlySpan<double> query, int maxSteps, int? seed, bool avx512)
    {
        var q = MemoryRows.Query(query, Dimension, bipolar: true);
        MemoryRows.CheckSteps(maxSteps);
        if (_packed.Value is { } packed)
        {
            return MemoryIteration.From(PackedDynamics.Sweeps(MemoryRows.Order(seed), maxSteps, q, (state, order) => PackedSweep(packed, state, order, avx512)));
        }
        return MemoryIteration.From(Core.DenseMemoryModule.Iterate(core, MemoryRows.Order(seed), maxSteps, q));
    }

    /// <summary>
    /// One asynchronous sweep of DAM Eq. 4 on a ±1 state, in place, in <paramref name="order"/> (null: 0 … N − 1),
    /// equal to the core's sweep (see <see cref="PackedDenseEnergy"/>): the overlaps of the start state by
    /// popcount, then O(K) per neuron and per flip. A neuron whose energy difference overflows a double is
    /// updated by the core, which rescales.
    /// <para>
    /// The sweep, <see cref="PackedDenseEnergy.Update"/>, <see cref="PackedBipolarPatterns.Flip"/> and the start state's
    /// overlaps (<see cref="PackedBipolarBlocks.Overlaps"/>, whose vector operations are calls at tier 0) are compiled
    /// fully optimised on first use (AggressiveOptimization): a sweep takes tens of microseconds, and under tiered
    /// compilation these loops (each of them a few hundred iterations per call, too few for on-stack replacement)
    /// stayed at tier 0, about 7× slower, for the first ~250 ms of a process (the call-counting delay, then
    /// instrumented tier 0, then tier 1) — thousands of sweeps, longer than a typical Iterate. Dynamic PGO has nothing
    /// to learn in them (no virtual calls; their branches follow the data), so nothing is lost (issue 14).
    /// </para>
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private void PackedSweep((PackedBipolarPatterns Patterns, PackedDenseEnergy Energy) packed, double[] state, int[]? order, bool avx512)
    {
        var (patterns, energy) = packed;
        var scan = patterns.Blocks.Rent();
        var overlaps = patterns.Overlaps(scan, state, avx512);
        for (var k = 0; k < state.Length; k++)
        {
            var i = order is null ? k : order[k];
            var value = energy.Update(overlaps, patterns.Column(i), state[i]);
            if (double.IsNaN(value)) value = Core.DenseMemoryModule.UpdateNeuron(core, state, i)[i];
            if (value != state[i])
            {
                state[i] = value;
                patterns.Flip(overlaps, i, (int)value);
            }
        }
        patterns.Blocks.Return(scan);
    }

    /// <summary>One sweep (<see cref="Retrieve(ReadOnlySpan{double})"/>) for every row of <paramref name="queries"/>, in parallel.</summary>
    /// <param name="queries">Q×N, one ±1 query per row; Q = 0 gives a 0×N result.</param>
    /// <returns>Q×N new states.</returns>
    /// <exception cref="ArgumentException">A row of the wrong length or an entry other than ±1 (checked before any work; the message names the row and column).</exception>
    public double[,] RetrieveBatch(double[,] queries) =>
        MemoryRows.Batch(queries, nameof(queries), Dimension, true, Dimension, q => Retrieve(q));

    /// <summary>One sweep for every row of a single-precision batch.</summary>
    /// <param name="queries">Q×N, one ±1 query per row.</param>
    /// <returns>Q×N new states.</returns>
    /// <exception cref="ArgumentException">A bad row (ParamName <c>queries</c>, the row in the message).</exception>
    public float[,] RetrieveBatch(float[,] queries) => MemoryRows.Batch(queries, RetrieveBatch);

    /// <summary><see cref="Iterate(ReadOnlySpan{double}, int, int?)"/> (sequential order) from every row of <paramref name="queries"/>, in parallel.</summary>
    /// <param name="queries">Q×N, one ±1 start state per row; Q = 0 gives a 0×N result.</param>
    /// <param name="maxSteps">The most sweeps per query, ≥ 1.</param>
    /// <returns>Q×N final states.</returns>
    /// <exception cref="ArgumentException">A bad row (named) or <paramref name="maxSteps"/> &lt; 1, checked before any work.</exception>
    public double[,] IterateBatch(double[,] queries, int maxSteps = 1000)
    {
        MemoryRows.CheckSteps(maxSteps);
        return MemoryRows.Batch(queries, nameof(queries), Dimension, true, Dimension, q => Iterate(q, maxSteps).State);
    }

    /// <summary>
    /// The one-step classifier of DAM Eq. 9: each stored row is a visible part followed by
    /// <paramref name="labelCount"/> label components; the visible neurons are clamped to
    /// <paramref name="visible"/>, every label neuron starts at <paramref name="labelStart"/> (−1 in DAM §4),
    /// and each is updated once with tanh of slope <paramref name="beta"/> in place of the sign.
    /// </summary>
    /// <param name="visible">The visible values (length N − labelCount; any finite numbers, e.g. pixel intensities in [−1, 1]).</param>
    /// <param name="labelCount">The number of label neurons N_c, 1 ≤ N_c &lt; N.</param>
    /// <param name="beta">The slope β &gt; 0 (β = 1/Tⁿ in DAM's appendix).</param>
    /// <param name="labelStart">The start value of the label neurons.</param>
    /// <returns>The outputs c_α ∈ (−1, 1); the predicted class is the largest.</returns>
    public double[] Classify(ReadOnlySpan<double> visible, int labelCount, double beta, double labelStart = -1.0)
    {
        var v = Visible(visible, labelCount);
        Core.Validate.positive(nameof(beta), beta);
        if (!double.IsFinite(labelStart)) throw new ArgumentOutOfRangeException(nameof(labelStart), labelStart, $"labelStart = {CoreCall.Show(labelStart)} must be a finite number.");
        return Core.DenseMemoryModule.Classify(core, labelCount, beta, labelStart, v);
    }

    /// <summary>
    /// The dual feed-forward network of DAM §5 (Eqs. 10–11): c_α = tanh[Σ_μ ξ_α^μ f(Σ_i ξ_i^μ v_i)] with
    /// f = F′, the limit of <see cref="Classify"/> with labels at −ε and β = 1/(2ε) as ε → 0.
    /// </summary>
    /// <param name="visible">The visible values (length N − labelCount).</param>
    /// <param name="labelCount">The number of label neurons N_c, 1 ≤ N_c &lt; N.</param>
    /// <returns>The outputs c_α.</returns>
    public double[] Dual(ReadOnlySpan<double> visible, int labelCount)
    {
        return Core.DenseMemoryModule.Dual(core, labelCount, Visible(visible, labelCount));
    }

    /// <summary>The visible part of a classifier's input, checked in the caller's names (labelCount in [1, N − 1], N − labelCount finite entries).</summary>
    private double[] Visible(ReadOnlySpan<double> visible, int labelCount)
    {
        if (labelCount < 1 || labelCount > Dimension - 1)
        {
            throw new ArgumentOutOfRangeException(nameof(labelCount), labelCount, $"labelCount = {labelCount} is outside its valid range [1, {Dimension - 1}].");
        }
        return MemoryRows.Vector(visible, nameof(visible), Dimension - labelCount);
    }
}
