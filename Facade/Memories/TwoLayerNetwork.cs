using AssociativeKernels.Interop;
using Microsoft.FSharp.Core;
using Core = AssociativeKernels.Core;

namespace AssociativeKernels;

/// <summary>
/// The Lagrangian of one layer of a <see cref="TwoLayerNetwork"/> (Krotov &amp; Hopfield 2021, "LAM", Eq. 3):
/// its value L(x) and its gradient ∂L/∂x, which is the layer's output. The network's energy decreases
/// along its dynamics when both Lagrangians are convex (LAM Eq. 4). Use the built-in choices of LAM's
/// models A, B and C, or <see cref="Custom"/> for your own. Immutable and thread-safe (a custom
/// Lagrangian is as thread-safe as the delegates it is given).
/// </summary>
public sealed class Lagrangian
{
    internal Core.Lagrangian Inner { get; }

    private Lagrangian(Core.Lagrangian inner) => Inner = inner;

    /// <summary>A short description of the Lagrangian, e.g. <c>x^3</c> or <c>‖x‖</c>.</summary>
    public string Name => Inner.Name;

    /// <summary>L = Σ|x_i|, outputs sign(x_i): the feature Lagrangian of LAM's model A (Eq. 7).</summary>
    public static Lagrangian Absolute { get; } = new(Core.LagrangianModule.Absolute);

    /// <summary>L = ½ Σ x_i², outputs x_i: the feature Lagrangian of model B (LAM Eq. 11).</summary>
    public static Lagrangian Quadratic { get; } = new(Core.LagrangianModule.Quadratic);

    /// <summary>L = ‖x‖, outputs x/‖x‖ (divisive normalization): the feature Lagrangian of model C (LAM Eq. 17).</summary>
    public static Lagrangian Spherical { get; } = new(Core.LagrangianModule.Spherical);

    /// <summary>L = Σ ln cosh(βx_i)/β, outputs tanh(βx_i): a smooth version of <see cref="Absolute"/> (equal as β → ∞).</summary>
    /// <param name="sharpness">β &gt; 0.</param>
    /// <returns>The Lagrangian.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="sharpness"/> is not positive.</exception>
    public static Lagrangian LogCosh(double sharpness) =>
        new(Positive(sharpness, nameof(sharpness), Core.LagrangianModule.LogCosh));

    /// <summary>L = Σ x_i^n, outputs n x_i^(n−1): the power interaction of model A (convex for even n).</summary>
    /// <param name="degree">n ≥ 1.</param>
    /// <returns>The Lagrangian.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="degree"/> is below 1.</exception>
    public static Lagrangian Power(int degree) =>
        new(Core.LagrangianModule.Power(Degree(degree)));

    /// <summary>L = Σ max(x_i, 0)^n, outputs n max(x_i, 0)^(n−1): the rectified polynomial of dense associative memory (convex for every n).</summary>
    /// <param name="degree">n ≥ 1.</param>
    /// <returns>The Lagrangian.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="degree"/> is below 1.</exception>
    public static Lagrangian RectifiedPower(int degree) =>
        new(Core.LagrangianModule.RectifiedPower(Degree(degree)));

    /// <summary>L = Σ e^(βx_i)/β, outputs e^(βx_i): the exponential interaction (Demircigil et al.).</summary>
    /// <param name="beta">β &gt; 0.</param>
    /// <returns>The Lagrangian.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="beta"/> is not positive.</exception>
    public static Lagrangian Exponential(double beta) =>
        new(Positive(beta, nameof(beta), Core.LagrangianModule.Exponential));

    /// <summary>L = (1/β) log Σ e^(βx_μ), outputs softmax(βx): the hidden Lagrangian of model B (LAM Eq. 11).</summary>
    /// <param name="beta">The inverse temperature β &gt; 0.</param>
    /// <returns>The Lagrangian.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="beta"/> is not positive.</exception>
    public static Lagrangian LogSumExp(double beta) =>
        new(Positive(beta, nameof(beta), Core.LagrangianModule.LogSumExp));

    private static Core.Lagrangian Positive(double x, string name, Func<double, Core.Lagrangian> make)
    {
        Core.Validate.positive(name, x);
        return make(x);
    }

    private static int Degree(int degree)
    {
        Core.Validate.atLeast(nameof(degree), 1, degree);
        return degree;
    }

    /// <summary>
    /// Your own Lagrangian. <paramref name="gradient"/> must be the gradient of <paramref name="value"/> and
    /// return one component per neuron; <paramref name="value"/> should be convex for the energy to
    /// decrease. Both receive a fresh copy of the currents each call.
    /// </summary>
    /// <param name="name">A short description, for messages.</param>
    /// <param name="value">x ↦ L(x).</param>
    /// <param name="gradient">x ↦ ∂L/∂x, the layer's outputs.</param>
    /// <returns>The Lagrangian.</returns>
    /// <exception cref="ArgumentNullException">A delegate is null.</exception>
    public static Lagrangian Custom(string name, Func<double[], double> value, Func<double[], double[]> gradient)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(gradient);
        return new(Core.LagrangianModule.Create(
            name ?? "custom",
            FuncConvert.FromFunc<double[], double>(x => value((double[])x.Clone())),
            FuncConvert.FromFunc<double[], double[]>(x => gradient((double[])x.Clone()))));
    }

    /// <summary>L(x).</summary>
    /// <param name="currents">The layer's currents x.</param>
    /// <returns>The Lagrangian's value.</returns>
    public double Value(ReadOnlySpan<double> currents) => Inner.Value.Invoke(Spans.Vector(currents, nameof(currents)));

    /// <summary>∂L/∂x, the layer's outputs.</summary>
    /// <param name="currents">The layer's currents x.</param>
    /// <returns>The outputs, one per neuron.</returns>
    public double[] Gradient(ReadOnlySpan<double> currents) => Inner.Gradient.Invoke(Spans.Vector(currents, nameof(currents)));

    /// <inheritdoc/>
    public override string ToString() => Name;
}

/// <summary>How an integration of a <see cref="TwoLayerNetwork"/> ended.</summary>
public enum IntegrationEnding
{
    /// <summary>The end time was reached.</summary>
    ReachedEndTime,
    /// <summary>Every rate of change fell to at most the stationary tolerance: the state is at a fixed point.</summary>
    Stationary,
    /// <summary>The step limit (accepted plus rejected steps) was reached first.</summary>
    StepLimit,
    /// <summary>The step size needed to meet the tolerances fell below the resolution of the time (a singularity or discontinuity).</summary>
    StepSizeUnderflow,
}

/// <summary>
/// Options of an adaptive integration with the Dormand–Prince 5(4) pair: the end time, the tolerances of
/// the local error test (a step is accepted when the RMS over the components of
/// error / (<see cref="AbsoluteTolerance"/> + <see cref="RelativeTolerance"/> · |state|) is at most 1), the
/// step limit, and an optional stationarity test.
/// </summary>
public sealed record IntegrationOptions
{
    /// <summary>Integrate from time 0 up to this time (&gt; 0). Default 10.</summary>
    public double EndTime { get; init; } = 10.0;

    /// <summary>Relative tolerance of the local error test, in [0, 1). Default 1e-6.</summary>
    public double RelativeTolerance { get; init; } = 1e-6;

    /// <summary>Absolute tolerance of the local error test, &gt; 0. Default 1e-9.</summary>
    public double AbsoluteTolerance { get; init; } = 1e-9;

    /// <summary>Maximum number of attempted steps (accepted + rejected), ≥ 1. Default 100 000.</summary>
    public int MaxSteps { get; init; } = 100_000;

    /// <summary>Stop early when every rate of change is at most this value; 0 (the default) never stops early.</summary>
    public double StationaryTolerance { get; init; }

    internal Core.OdeOptions ToCore() => new(EndTime, RelativeTolerance, AbsoluteTolerance, MaxSteps, StationaryTolerance);
}

/// <summary>
/// An integrated trajectory of a <see cref="TwoLayerNetwork"/>: at each accepted step (the start first),
/// the time, the feature and hidden currents and the energy (LAM Eq. 2); the step counts and how the
/// integration ended. Immutable.
/// </summary>
public sealed class TwoLayerTrajectory
{
    private readonly Core.TwoLayerTrajectory inner;

    internal TwoLayerTrajectory(Core.TwoLayerTrajectory inner)
    {
        this.inner = inner;
        Ending = inner.Ending switch
        {
            var e when e.Equals(Core.OdeEnding.ReachedEndTime) => IntegrationEnding.ReachedEndTime,
            var e when e.Equals(Core.OdeEnding.Stationary) => IntegrationEnding.Stationary,
            var e when e.Equals(Core.OdeEnding.StepLimit) => IntegrationEnding.StepLimit,
            _ => IntegrationEnding.StepSizeUnderflow,
        };
    }

    /// <summary>How the integration ended.</summary>
    public IntegrationEnding Ending { get; }

    /// <summary>The number of samples: accepted steps plus the start.</summary>
    public int Count => inner.Times.Length;

    /// <summary>The number of accepted steps.</summary>
    public int AcceptedSteps => inner.Accepted;

    /// <summary>The number of rejected steps (retried with a smaller step size).</summary>
    public int RejectedSteps => inner.Rejected;

    /// <summary>The number of evaluations of the dynamics (LAM Eq. 1).</summary>
    public int Evaluations => inner.Evaluations;

    /// <summary>The time of each sample.</summary>
    public IReadOnlyList<double> Times => inner.Times;

    /// <summary>The energy (LAM Eq. 2) at each sample.</summary>
    public IReadOnlyList<double> Energies => inner.Energies;

    /// <summary>The feature currents v at sample <paramref name="index"/> (a copy).</summary>
    /// <param name="index">0 … <see cref="Count"/> − 1.</param>
    /// <returns>The feature currents.</returns>
    public double[] FeaturesAt(int index) => (double[])inner.Features[index].Clone();

    /// <summary>The hidden currents h at sample <paramref name="index"/> (a copy).</summary>
    /// <param name="index">0 … <see cref="Count"/> − 1.</param>
    /// <returns>The hidden currents.</returns>
    public double[] HiddenAt(int index) => (double[])inner.Hidden[index].Clone();

    /// <summary>The feature currents at the end (a copy).</summary>
    public double[] FinalFeatures => FeaturesAt(Count - 1);

    /// <summary>The hidden currents at the end (a copy).</summary>
    public double[] FinalHidden => HiddenAt(Count - 1);

    /// <summary>The energy at the end.</summary>
    public double FinalEnergy => inner.Energies[^1];

    /// <summary>The time at the end.</summary>
    public double FinalTime => inner.Times[^1];
}

/// <summary>
/// The general two-layer associative memory of Krotov &amp; Hopfield (ICLR 2021, "LAM", SPEC M4): feature
/// neurons v and hidden (memory) neurons h coupled by the stored patterns ξ (rows: one hidden neuron per
/// pattern), each layer with a <see cref="Lagrangian"/> whose gradient is its output, time constants τ_f,
/// τ_h, input currents I and a feature decay α:
/// τ_f dv/dt = ξᵀ f(h) − α v + I, τ_h dh/dt = ξ g(v) − h (LAM Eq. 1), with the energy of LAM Eq. 2.
/// Models A, B and C are choices of the Lagrangians (<see cref="ModelA(double[,], Lagrangian, Lagrangian?)"/>,
/// <see cref="ModelB(double[,], double)"/>, <see cref="ModelC(double[,], Lagrangian, double)"/>), and
/// <see cref="Create(double[,], Lagrangian, Lagrangian, double, double, double[], double)"/> takes any pair.
/// Immutable and thread-safe to query.
/// </summary>
/// <remarks>
/// As an <see cref="IAssociativeMemory"/> the state is the feature currents v (<see cref="Dimension"/> = N_f, one
/// pattern per hidden neuron, <see cref="PatternCount"/> = N_h): <see cref="Retrieve(ReadOnlySpan{double})"/> is one
/// adiabatic update with the hidden neurons integrated out, v ← ξᵀ f(ξ g(v)) + I (LAM Eq. 16), and
/// <see cref="Iterate"/> repeats it to a fixed point v* = ξᵀ f(ξ g(v*)) + I, which for the feature decay α = 1
/// (LAM Eq. 1 as written) is a stationary point of the effective dynamics (LAM Eq. 15: dv/dt = 0). The full
/// two-layer trajectory in time is <see cref="Integrate(ReadOnlySpan{double}, IntegrationOptions?)"/>.
/// </remarks>
public sealed class TwoLayerNetwork : IAssociativeMemory
{

    private readonly Core.TwoLayerNetwork inner;

    private TwoLayerNetwork(Core.TwoLayerNetwork inner, Lagrangian feature, Lagrangian hidden)
    {
        this.inner = inner;
        FeatureLagrangian = feature;
        HiddenLagrangian = hidden;
    }

    /// <summary>
    /// A network with your choice of Lagrangians.
    /// </summary>
    /// <param name="patterns">The synapses ξ: one stored pattern per row (N_h rows of length N_f), finite.</param>
    /// <param name="feature">The feature Lagrangian L_v.</param>
    /// <param name="hidden">The hidden Lagrangian L_h.</param>
    /// <param name="featureTimeConstant">τ_f &gt; 0.</param>
    /// <param name="hiddenTimeConstant">τ_h &gt; 0.</param>
    /// <param name="inputCurrents">The input currents I (length N_f), or null for none.</param>
    /// <param name="featureDecay">α ≥ 0, the coefficient of −v in the feature equation (1 in LAM Eq. 1; see <see cref="ModelC(double[,], Lagrangian, double)"/>).</param>
    /// <returns>The network.</returns>
    /// <exception cref="ArgumentException">The patterns are empty, not finite, or a parameter is out of range.</exception>
    public static TwoLayerNetwork Create(double[,] patterns, Lagrangian feature, Lagrangian hidden,
        double featureTimeConstant = 1.0, double hiddenTimeConstant = 1.0, double[]? inputCurrents = null, double featureDecay = 1.0)
    {
        ArgumentNullException.ThrowIfNull(feature);
        ArgumentNullException.ThrowIfNull(hidden);
        var rows = MemoryRows.Patterns(patterns, nameof(patterns));
        Core.Validate.positive(nameof(featureTimeConstant), featureTimeConstant);
        Core.Validate.positive(nameof(hiddenTimeConstant), hiddenTimeConstant);
        var input = inputCurrents is null ? null : MemoryRows.Vector(inputCurrents, nameof(inputCurrents), rows[0].Length);
        if (!(featureDecay >= 0 && double.IsFinite(featureDecay)))
        {
            throw new ArgumentOutOfRangeException(nameof(featureDecay), featureDecay, $"featureDecay = {CoreCall.Show(featureDecay)} is outside its valid range [0, ∞).");
        }
        var network = Core.TwoLayerNetworkModule.Create(feature.Inner, hidden.Inner, rows);
        network = Core.TwoLayerNetworkModule.WithTimeConstants(featureTimeConstant, hiddenTimeConstant, network);
        if (input is not null) network = Core.TwoLayerNetworkModule.WithInput(input, network);
        network = Core.TwoLayerNetworkModule.WithFeatureDecay(featureDecay, network);
        return new TwoLayerNetwork(network, feature, hidden);
    }

    /// <inheritdoc cref="Create(double[,], Lagrangian, Lagrangian, double, double, double[], double)"/>
    public static TwoLayerNetwork Create(float[,] patterns, Lagrangian feature, Lagrangian hidden,
        double featureTimeConstant = 1.0, double hiddenTimeConstant = 1.0, double[]? inputCurrents = null, double featureDecay = 1.0) =>
        Create(MemoryRows.Widen(patterns, nameof(patterns)), feature, hidden, featureTimeConstant, hiddenTimeConstant, inputCurrents, featureDecay);

    /// <summary>
    /// Model A (LAM §3.1): additive Lagrangians, L_h = Σ F(h_μ) and L_v = Σ G(v_i). In the limit τ_h → 0 it is
    /// the dense associative memory with energy −Σ_μ F(ξ^μ·σ) (LAM Eq. 8).
    /// </summary>
    /// <param name="patterns">The stored patterns, one per row.</param>
    /// <param name="interaction">F, e.g. <see cref="Lagrangian.Power(int)"/>, <see cref="Lagrangian.RectifiedPower(int)"/> or <see cref="Lagrangian.Exponential(double)"/>.</param>
    /// <param name="feature">G; null means LAM's choice <see cref="Lagrangian.Absolute"/> (<see cref="Lagrangian.LogCosh(double)"/> is its smooth version).</param>
    /// <returns>The network, with τ_f = τ_h = 1, no input and α = 1.</returns>
    public static TwoLayerNetwork ModelA(double[,] patterns, Lagrangian interaction, Lagrangian? feature = null) =>
        Create(patterns, feature ?? Lagrangian.Absolute, interaction);

    /// <summary>
    /// Model B (LAM §3.2): L_h = (1/β) log Σ e^(βh_μ) (softmax outputs), L_v = ½‖v‖². In the limit τ_h → 0
    /// its one-step update is the modern Hopfield network's v ← ξᵀ softmax(β ξ v) (LAM Eq. 16; see
    /// <see cref="Retrieve(ReadOnlySpan{double})"/>).
    /// </summary>
    /// <param name="patterns">The stored patterns, one per row.</param>
    /// <param name="beta">The inverse temperature β &gt; 0 (LAM uses 1).</param>
    /// <returns>The network, with τ_f = τ_h = 1, no input and α = 1.</returns>
    public static TwoLayerNetwork ModelB(double[,] patterns, double beta = 1.0)
        => Create(patterns, Lagrangian.Quadratic, Lagrangian.LogSumExp(beta));

    /// <summary>
    /// Model C, spherical memory (LAM §3.3): L_v = ‖v‖ (outputs v/‖v‖), L_h = Σ F(h_μ), any feature decay α ≥ 0
    /// (LAM Eq. 19).
    /// </summary>
    /// <param name="patterns">The stored patterns, one per row.</param>
    /// <param name="interaction">F, e.g. <see cref="Lagrangian.Power(int)"/>.</param>
    /// <param name="featureDecay">α ≥ 0.</param>
    /// <returns>The network, with τ_f = τ_h = 1 and no input.</returns>
    public static TwoLayerNetwork ModelC(double[,] patterns, Lagrangian interaction, double featureDecay = 1.0) =>
        Create(patterns, Lagrangian.Spherical, interaction, featureDecay: featureDecay);

    /// <summary>The number of feature neurons N_f (the pattern length).</summary>
    public int FeatureCount => Core.TwoLayerNetworkModule.FeatureCount(inner);

    /// <summary>The number of hidden neurons N_h (the number of stored patterns).</summary>
    public int HiddenCount => Core.TwoLayerNetworkModule.HiddenCount(inner);

    /// <summary>The number of stored patterns N_h (= <see cref="HiddenCount"/>).</summary>
    public int PatternCount => HiddenCount;

    /// <summary>The length of a query: the feature currents, N_f (= <see cref="FeatureCount"/>).</summary>
    public int Dimension => FeatureCount;

    /// <summary>The length of an output: N_f (the network is auto-associative in its feature currents).</summary>
    public int OutputDimension => FeatureCount;

    /// <summary>Always true: the update maps feature currents to feature currents.</summary>
    public bool IsAutoAssociative => true;

    /// <summary>The feature Lagrangian L_v.</summary>
    public Lagrangian FeatureLagrangian { get; }

    /// <summary>The hidden Lagrangian L_h.</summary>
    public Lagrangian HiddenLagrangian { get; }

    /// <summary>τ_f.</summary>
    public double FeatureTimeConstant => inner.FeatureTime;

    /// <summary>τ_h.</summary>
    public double HiddenTimeConstant => inner.HiddenTime;

    /// <summary>α, the feature decay coefficient.</summary>
    public double FeatureDecay => inner.FeatureDecay;

    /// <summary>The input currents I (a copy).</summary>
    public double[] InputCurrents => (double[])inner.Input.Clone();

    /// <summary>The stored patterns ξ, one per row (a copy).</summary>
    public double[,] Patterns => Spans.ToMatrix(inner.Patterns);

    /// <summary>The rates of change (dv/dt, dh/dt) of LAM Eq. 1 at a state.</summary>
    /// <param name="features">The feature currents v (length N_f).</param>
    /// <param name="hidden">The hidden currents h (length N_h).</param>
    /// <returns>dv/dt and dh/dt.</returns>
    public (double[] Features, double[] Hidden) Velocity(ReadOnlySpan<double> features, ReadOnlySpan<double> hidden)
    {
        var v = MemoryRows.Vector(features, nameof(features), FeatureCount);
        var h = MemoryRows.Vector(hidden, nameof(hidden), HiddenCount);
        var r = Core.TwoLayerNetworkModule.Velocity(inner, v, h);
        return (r.Item1, r.Item2);
    }

    /// <summary>The energy of LAM Eq. 2 at a state.</summary>
    /// <param name="features">The feature currents v (length N_f).</param>
    /// <param name="hidden">The hidden currents h (length N_h).</param>
    /// <returns>E(v, h).</returns>
    public double Energy(ReadOnlySpan<double> features, ReadOnlySpan<double> hidden)
    {
        var v = MemoryRows.Vector(features, nameof(features), FeatureCount);
        var h = MemoryRows.Vector(hidden, nameof(hidden), HiddenCount);
        return Core.TwoLayerNetworkModule.Energy(inner, v, h);
    }

    /// <summary>The hidden currents at equilibrium, h = ξ g(v) (LAM Eq. 5, the limit τ_h → 0).</summary>
    /// <param name="features">The feature currents v.</param>
    /// <returns>h, one current per stored pattern.</returns>
    public double[] EquilibriumHidden(ReadOnlySpan<double> features)
    {
        return Core.TwoLayerNetworkModule.EquilibriumHidden(inner, MemoryRows.Vector(features, nameof(features), FeatureCount));
    }

    /// <summary>
    /// The energy of the feature neurons with the hidden ones integrated out (τ_h → 0):
    /// Σ (v_i − I_i) g_i − L_v(v) − L_h(ξ g(v)) (LAM Eqs. 8, 13, 21).
    /// </summary>
    /// <param name="state">The feature currents v (length N_f).</param>
    /// <returns>The effective energy.</returns>
    /// <exception cref="ArgumentException">A wrong length or a non-finite entry (ParamName <c>state</c>).</exception>
    public double Energy(ReadOnlySpan<double> state) =>
        Core.TwoLayerNetworkModule.EffectiveEnergy(inner, MemoryRows.Vector(state, nameof(state), FeatureCount));

    /// <summary>
    /// One adiabatic update with the hidden neurons integrated out, v ← ξᵀ f(ξ g(v)) + I (LAM Eq. 16). For
    /// model B this is the modern Hopfield update ξᵀ softmax(β ξ v).
    /// </summary>
    /// <param name="query">The feature currents v (length N_f).</param>
    /// <returns>The updated feature currents.</returns>
    /// <exception cref="ArgumentException">A wrong length or a non-finite entry, or an update beyond a double's range
    /// (a current ξ·g(v) or an output above 1.8e308 in magnitude; ParamName <c>query</c>).</exception>
    public double[] Retrieve(ReadOnlySpan<double> query) => Update(MemoryRows.Query(query, FeatureCount), nameof(query));

    /// <summary>One adiabatic update from single-precision currents, computed in double and rounded.</summary>
    /// <param name="query">The feature currents v (length N_f).</param>
    /// <returns>The updated feature currents.</returns>
    /// <exception cref="ArgumentException">A bad query, or an output beyond float's range (ParamName <c>query</c>).</exception>
    public float[] Retrieve(ReadOnlySpan<float> query) => MemoryRows.Narrow(Update(MemoryRows.Query(query, FeatureCount), nameof(query)), nameof(query));

    /// <summary>
    /// The adiabatic update (LAM Eq. 16) of a checked state, or an ArgumentException naming <paramref name="name"/> where it
    /// leaves the doubles: the general Lagrangians are evaluated on the currents ξ·g(v) as they are, so a current or an
    /// output beyond ±1.8e308 shows up as ∞ or NaN in the result, which is refused rather than returned.
    /// </summary>
    private double[] Update(double[] v, string name)
    {
        var r = Core.TwoLayerNetworkModule.AdiabaticUpdate(inner, v);
        foreach (var x in r)
        {
            if (!double.IsFinite(x))
            {
                throw new ArgumentException($"{name}: the update ξᵀ f(ξ g(v)) + I of this state is beyond a double's range (a current ξ·g(v) or an output exceeds 1.8e308 in magnitude), so it cannot be computed; scale the patterns or the state down.", name);
            }
        }
        return r;
    }

    /// <summary>One adiabatic update of every row of <paramref name="queries"/>, in parallel.</summary>
    /// <param name="queries">The feature currents, one state per row; an empty batch gives an empty result.</param>
    /// <returns>The updated currents, one per row.</returns>
    /// <exception cref="ArgumentException">A bad row (ParamName <c>queries</c>, the row in the message), checked before any work, or a
    /// row whose update is beyond a double's range (as <see cref="Retrieve(ReadOnlySpan{double})"/>).</exception>
    public double[,] RetrieveBatch(double[,] queries) =>
        MemoryRows.Batch(queries, nameof(queries), FeatureCount, false, FeatureCount, q => Update(q, nameof(queries)));

    /// <summary>One adiabatic update of every row of a single-precision batch, computed in double and rounded.</summary>
    /// <param name="queries">The feature currents, one state per row.</param>
    /// <returns>The updated currents, one per row.</returns>
    /// <exception cref="ArgumentException">A bad row, or an output beyond float's range (ParamName <c>queries</c>).</exception>
    public float[,] RetrieveBatch(float[,] queries) => MemoryRows.Batch(queries, RetrieveBatch);

    /// <summary>
    /// Repeats the adiabatic update from <paramref name="query"/> until no current moves by more than
    /// <paramref name="tolerance"/> (a fixed point: for α = 1 a stationary point of LAM Eq. 15), a cycle, or
    /// <paramref name="maxSteps"/> updates.
    /// </summary>
    /// <param name="query">The start currents v (length N_f).</param>
    /// <param name="maxSteps">The most updates, ≥ 1.</param>
    /// <param name="tolerance">The largest change that counts as converged, ≥ 0.</param>
    /// <returns>The final currents, the number of updates and how it ended.</returns>
    /// <exception cref="ArgumentException">A bad query (ParamName <c>query</c>) or limit, or an update beyond a double's range
    /// on the way (ParamName <c>query</c>; see <see cref="Retrieve(ReadOnlySpan{double})"/>).</exception>
    public MemoryIteration Iterate(ReadOnlySpan<double> query, int maxSteps = 100, double tolerance = 1e-12)
    {
        var v = MemoryRows.Query(query, FeatureCount);
        MemoryRows.CheckLimits(tolerance, maxSteps);
        return MemoryIteration.From(Core.Dynamics.ToFixedPoint(FSharpFunc<double[], double[]>.FromConverter(state => Update(state, nameof(query))), tolerance, maxSteps, v));
    }

    MemoryIteration IAssociativeMemory.Iterate(ReadOnlySpan<double> query, int maxSteps) => Iterate(query, maxSteps);

    /// <summary>One Euler step of the effective dynamics, v + (Δt/τ_f)(ξᵀ f(ξ g(v)) − α v + I) (LAM Eq. 15).</summary>
    /// <param name="features">The feature currents v.</param>
    /// <param name="timeStep">Δt &gt; 0.</param>
    /// <returns>The updated feature currents.</returns>
    public double[] EffectiveStep(ReadOnlySpan<double> features, double timeStep)
    {
        var v = MemoryRows.Vector(features, nameof(features), FeatureCount);
        Core.Validate.positive(nameof(timeStep), timeStep);
        return Core.TwoLayerNetworkModule.EffectiveStep(inner, timeStep, v);
    }

    /// <summary>
    /// Integrates LAM Eq. 1 from the feature currents <paramref name="initialFeatures"/>, with the hidden
    /// currents starting at equilibrium (h = ξ g(v)), using the Dormand–Prince 5(4) pair with adaptive steps.
    /// </summary>
    /// <param name="initialFeatures">v at time 0 (length N_f).</param>
    /// <param name="options">End time, tolerances, step limit and stationarity test; null for the defaults.</param>
    /// <returns>The trajectory, its energies and how the integration ended.</returns>
    public TwoLayerTrajectory Integrate(ReadOnlySpan<double> initialFeatures, IntegrationOptions? options = null)
    {
        var v = MemoryRows.Vector(initialFeatures, nameof(initialFeatures), FeatureCount);
        var o = (options ?? new IntegrationOptions()).ToCore();
        return new TwoLayerTrajectory(Core.TwoLayerNetworkModule.IntegrateFromEquilibrium(o, inner, v));
    }

    /// <summary>Integrates LAM Eq. 1 from a full initial state (v, h) with the Dormand–Prince 5(4) pair.</summary>
    /// <param name="initialFeatures">v at time 0 (length N_f).</param>
    /// <param name="initialHidden">h at time 0 (length N_h).</param>
    /// <param name="options">End time, tolerances, step limit and stationarity test; null for the defaults.</param>
    /// <returns>The trajectory, its energies and how the integration ended.</returns>
    public TwoLayerTrajectory Integrate(ReadOnlySpan<double> initialFeatures, ReadOnlySpan<double> initialHidden, IntegrationOptions? options = null)
    {
        var v = MemoryRows.Vector(initialFeatures, nameof(initialFeatures), FeatureCount);
        var h = MemoryRows.Vector(initialHidden, nameof(initialHidden), HiddenCount);
        var o = (options ?? new IntegrationOptions()).ToCore();
        return new TwoLayerTrajectory(Core.TwoLayerNetworkModule.Integrate(o, inner, v, h));
    }
}
