using AssociativeKernels.Fast;
using AssociativeKernels.Interop;
using Core = AssociativeKernels.Core;

namespace AssociativeKernels;

/// <summary>
/// The modern continuous Hopfield network v ← Σ_μ ξ^μ softmax_μ(β ξ^ν·v) (Ramsauer et al. 2020; LAM Eqs. 13–16;
/// UHN Eqs. 6–7, 11; SPEC M3). Patterns are rows. The hetero-associative form P softmax(β M q) is
/// attention with keys M and values P. Immutable: safe to query from many threads.
/// <para>
/// A network over a <see cref="PatternStore"/> (<see cref="Create(PatternStore, double)"/>) reads the store's rows in
/// place and answers <c>Retrieve</c> and <c>RetrieveBatch</c> only; the members that run on the F# reference's own
/// rows (<see cref="Weights"/>, <see cref="Energy"/>, <see cref="RamsauerEnergy"/>, <see cref="EulerStep"/>,
/// <c>Iterate</c>, <c>IterateBatch</c>) throw <see cref="InvalidOperationException"/> there rather than copy the store.
/// </para>
/// </summary>
public sealed class ModernHopfieldNetwork : OneStepMemory
{
    private readonly Core.ModernHopfield? _net;
    private readonly PatternStore? _store;
    private readonly double _beta;

    private ModernHopfieldNetwork(Core.ModernHopfield net)
        : base(net.M, net.P, new DenseRule(DenseScore.Dot, DenseWeighting.Softmax, net.Beta), false, net.IsAutoAssociative)
    {
        _net = net;
        _beta = net.Beta;
    }

    private ModernHopfieldNetwork(PatternStore store, double beta)
        : base(store, new DenseRule(DenseScore.Dot, DenseWeighting.Softmax, beta))
    {
        _store = store;
        _beta = beta;
    }

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
    public static ModernHopfieldNetwork CreateHetero(double[,] keys, double[,] values, double beta) =>
        BuildHetero(MemoryRows.Patterns(keys, nameof(keys)), MemoryRows.Patterns(values, nameof(values)), beta);

    /// <inheritdoc cref="CreateHetero(double[,], double[,], double)"/>
    public static ModernHopfieldNetwork CreateHetero(float[,] keys, float[,] values, double beta) =>
        BuildHetero(MemoryRows.Patterns(keys, nameof(keys)), MemoryRows.Patterns(values, nameof(values)), beta);

    /// <summary>The hetero-associative network over the facade's own copies of the keys and values, which the core keeps without copying them again.</summary>
    private static ModernHopfieldNetwork BuildHetero(double[][] keys, double[][] values, double beta)
    {
        MemoryRows.SameRowCount(keys, nameof(keys), values, nameof(values));
        Core.Validate.positive(nameof(beta), beta);
        return new(Core.ModernHopfieldModule.HeteroOwned(beta, keys, values));
    }

    /// <summary>
    /// An auto-associative network over the rows of <paramref name="patterns"/>, read in place (not copied): retrieval
    /// runs on the vectorised engine in the store's precision — double for <see cref="PatternPrecision.Float64"/>,
    /// float for <see cref="PatternPrecision.Float32"/> and <see cref="PatternPrecision.BFloat16"/> (bfloat16 rows are
    /// widened to float block by block, in cache; accumulation in float). Double queries on a float store are rounded
    /// to float and the outputs widened; float queries on a Float64 store are widened (exactly) and the outputs rounded.
    /// The network does not own the store: keep the store undisposed while the network is used (a retrieval after
    /// <see cref="PatternStore.Dispose"/> throws <see cref="ObjectDisposedException"/>).
    /// </summary>
    /// <remarks>
    /// <para><b>Range.</b> There is no rescaling reference over a store: a query whose scores would leave the engine's
    /// range — N·max|x|·max|q| outside [2⁻¹⁰⁰, 2¹⁰⁰] for float, [2⁻⁹⁰⁰, 2¹⁰⁰⁰] for double (0 is fine) — throws an
    /// <see cref="ArgumentException"/> naming the query and the magnitudes; for float, β must also lie in [2⁻¹²⁶, 2¹²⁷].
    /// A mapped store's entries are checked on the first retrieval (see <see cref="PatternStore"/>).</para>
    /// <para><b>bfloat16 error.</b> Each stored entry is x̃ = x(1 + δ), |δ| ≤ u = 2⁻⁸ (bfloat16's unit roundoff: 8
    /// significant bits, to nearest; entries below 2⁻¹²⁶ are off by at most 2⁻¹³⁴ instead). Against the exact retrieval
    /// on the double patterns: (i) a score s_μ = x_μ·q moves by |Δs_μ| = |Σ_i δ_μi x_μi q_i| ≤ u·Σ_i |x_μi q_i|;
    /// (ii) with D = max_μ |Δs_μ| every numerator e^{βs_μ} and the denominator Σ_ν e^{βs_ν} change by a factor in
    /// [e^{−βD}, e^{βD}], so every weight changes by a factor in [e^{−2βD}, e^{2βD}]: |w̃_μ − w_μ| ≤ (e^{2βD} − 1)·w_μ;
    /// (iii) the output z̃ = Σ w̃_μ x̃_μ differs from z = Σ w_μ x_μ by z̃ − z = Σ (w̃_μ − w_μ) x̃_μ + Σ w_μ (x̃_μ − x_μ), so
    /// |Δz_i| ≤ (e^{2βD} − 1)·max_μ |x̃_μi| + u·max_μ |x_μi| — the weights' change plus the rows' own rounding. The float
    /// arithmetic adds the float engine's own rounding (as for a Float32 store), u₃₂ = 2⁻²⁴ per operation. For unit-scale
    /// data (|x_i|, |q_i| ≤ 1, N = 784, β = 1) D ≤ 784/256 ≈ 3 in the worst case but typically ≈ √N·u ≈ 0.1.</para>
    /// </remarks>
    /// <param name="patterns">The stored patterns (rows); not copied, not owned.</param>
    /// <param name="beta">The inverse temperature β &gt; 0.</param>
    /// <returns>The network.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="patterns"/> is null.</exception>
    /// <exception cref="ArgumentException">β ≤ 0 (or, for a float store, β outside [2⁻¹²⁶, 2¹²⁷]).</exception>
    /// <exception cref="ObjectDisposedException">The store has been disposed.</exception>
    public static ModernHopfieldNetwork Create(PatternStore patterns, double beta)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        Core.Validate.positive(nameof(beta), beta);
        if (patterns.Precision != PatternPrecision.Float64 && !(beta >= Math.ScaleB(1.0, -126) && beta <= Math.ScaleB(1.0, 127)))
        {
            throw new ArgumentOutOfRangeException(nameof(beta), beta,
                $"beta = {CoreCall.Show(beta)} is outside [2^-126, 2^127], the range a {patterns.Precision} store's float engine takes; use a Float64 store.");
        }
        using (patterns.Acquire())
        {
            return new(patterns, beta);
        }
    }

    /// <summary>The network over <paramref name="rows"/>, the facade's own copy of the caller's patterns (MemoryRows.Patterns), which the core keeps without copying it again.</summary>
    private static ModernHopfieldNetwork Build(double[][] rows, double beta)
    {
        Core.Validate.positive(nameof(beta), beta);
        return new(Core.ModernHopfieldModule.CreateOwned(beta, rows));
    }

    /// <summary>The inverse temperature β.</summary>
    public double Beta => _beta;
    /// <inheritdoc/>
    public override int PatternCount => _net?.Count ?? _store!.Count;
    /// <inheritdoc/>
    public override int Dimension => _net?.Dimension ?? _store!.Dimension;
    /// <inheritdoc/>
    public override int OutputDimension => _net?.OutputDimension ?? _store!.Dimension;
    /// <inheritdoc/>
    public override bool IsAutoAssociative => _net?.IsAutoAssociative ?? true;

    private protected override double[] ReferenceRetrieve(double[] query) =>
        Core.ModernHopfieldModule.Retrieve(Reference("the reference retrieval"), MemoryRows.Query(query, Dimension));

    private protected override double[][] ReferenceRetrieveBatch(double[][] queries) =>
        Core.ModernHopfieldModule.RetrieveBatch(Reference("the reference retrieval"), queries);

    private protected override void RequireReference(string member) => Reference(member);

    /// <summary>The core's network, or, over a store, an <see cref="InvalidOperationException"/> saying <paramref name="member"/> needs it.</summary>
    private Core.ModernHopfield Reference(string member) => _net ?? throw new InvalidOperationException(
        $"{member} runs on the F# reference's own rows, and this ModernHopfieldNetwork reads a PatternStore, which it does not copy; "
        + "Retrieve and RetrieveBatch run on the store. For this member build the network from an array (e.g. ModernHopfieldNetwork.Create(Npy.ReadMatrix(path), beta)).");

    /// <summary>The attention weights softmax_μ(β ξ^μ·q).</summary>
    /// <param name="query">The query.</param>
    /// <returns>K weights summing to 1.</returns>
    /// <exception cref="ArgumentException">A bad query.</exception>
    /// <exception cref="InvalidOperationException">A network over a <see cref="PatternStore"/> (the weights come from the F# reference).</exception>
    public double[] Weights(ReadOnlySpan<double> query)
    {
        return Core.ModernHopfieldModule.Weights(Reference(nameof(Weights)), MemoryRows.Query(query, Dimension));
    }

    /// <summary>The energy E(v) = −(1/β) ln Σ_μ exp(β ξ^μ·v) + ½vᵀv (LAM Eq. 13 with β; no additive constants). Auto-associative only.</summary>
    /// <param name="state">The state v.</param>
    /// <returns>The energy.</returns>
    /// <exception cref="ArgumentException">A bad state.</exception>
    /// <exception cref="InvalidOperationException">A hetero-associative network, or one over a <see cref="PatternStore"/>.</exception>
    /// <exception cref="OverflowException">The energy is beyond a double's range (±1.8e308). Terms that overflow on their own but cancel, as ½‖v‖² against ξ·v for entries near 1e155, are combined on scaled data first.</exception>
    public double Energy(ReadOnlySpan<double> state)
    {
        var v = State(state, nameof(Energy));
        return Core.ModernHopfieldModule.Energy(_net!, v);
    }

    /// <summary>Ramsauer et al.'s energy: <see cref="Energy"/> + (1/β) ln K + ½ max‖ξ‖², never negative.</summary>
    /// <param name="state">The state v.</param>
    /// <returns>The energy.</returns>
    /// <exception cref="ArgumentException">A bad state.</exception>
    /// <exception cref="InvalidOperationException">A hetero-associative network, or one over a <see cref="PatternStore"/>.</exception>
    /// <exception cref="OverflowException">The energy is beyond a double's range (±1.8e308). Terms that overflow on their own but cancel, as ½‖v‖² against ξ·v for entries near 1e155, are combined on scaled data first.</exception>
    public double RamsauerEnergy(ReadOnlySpan<double> state)
    {
        var v = State(state, nameof(RamsauerEnergy));
        return Core.ModernHopfieldModule.RamsauerEnergy(_net!, v);
    }

    /// <summary>One Euler step v + η(Σ_μ ξ^μ softmax_μ(β ξ·v) − v) of LAM Eq. 15; the energy never increases for 0 &lt; η ≤ 2.</summary>
    /// <param name="state">The state v.</param>
    /// <param name="stepSize">η = dt/τ in (0, 2].</param>
    /// <returns>The next state.</returns>
    /// <exception cref="ArgumentException">A bad state or step size.</exception>
    /// <exception cref="InvalidOperationException">A hetero-associative network, or one over a <see cref="PatternStore"/>.</exception>
    public double[] EulerStep(ReadOnlySpan<double> state, double stepSize = 1)
    {
        var v = State(state, nameof(EulerStep));
        if (!(stepSize > 0 && stepSize <= 2)) throw new ArgumentOutOfRangeException(nameof(stepSize), stepSize, $"stepSize = {CoreCall.Show(stepSize)} is outside its valid range (0, 2] (dt/τ of an Euler step whose energy never increases).");
        return Core.ModernHopfieldModule.EulerStep(_net!, stepSize, v);
    }

    /// <summary>A state of the auto-associative dynamics of the reference (<paramref name="member"/>), checked in the caller's name <c>state</c>.</summary>
    private double[] State(ReadOnlySpan<double> state, string member)
    {
        if (!IsAutoAssociative) throw MemoryRows.NotAutoAssociative(nameof(ModernHopfieldNetwork));
        Reference(member);
        return MemoryRows.Vector(state, nameof(state), Dimension);
    }
}
