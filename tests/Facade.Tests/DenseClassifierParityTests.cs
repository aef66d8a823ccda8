using AssociativeKernels.Fast;
using Core = global::AssociativeKernels.Core;

namespace AssociativeKernels.Tests;

/// <summary>
/// The classifier engine of <see cref="DenseClassifier"/> (<see cref="DenseClassifierEngine{T}"/>, double precision,
/// the same generic code as the float engine) against the core's reference <c>DenseTraining</c> (DAM §4, Eqs. 9,
/// 12–14), on every backend this processor runs: the forward outputs (Eq. 9), the minibatch loss (Eq. 14), its
/// gradient, and the memories and velocities after each training step (Eq. 13) of three epochs of two minibatches
/// with the paper's schedules (Eq. 12, the temperature ramp, from the core) — visible lengths 1, 3, 17 and 300
/// (every vector tail kind), n = 2…4, m = 2…4, K = 7 memories (a partial 6-row tile), minibatches of 5.
/// <para>
/// <b>Tolerances, derived</b> (u = 2⁻⁵³, γ_k = ku/(1 − ku)). Both sides sum the same terms in different orders. With
/// a = max over examples and memories of Σ_i|ξ_i v_i| + Σ_γ|ξ_γ| + 2 max_α|ξ_α| (a bound on every argument of F and
/// on the sums that form it) the arguments differ by δ_s ≤ γ_{N+N_c+2}·a; F = xⁿ, F′ = n xⁿ⁻¹ and F″ are bounded on
/// [−a, a] by Fm = aⁿ, F′m = n aⁿ⁻¹, F″m = n(n−1)aⁿ⁻²; each F by F′m δ_s + γ_{n+1}Fm, each F′ by F″m δ_s + γ_n F′m;
/// a gap (2K terms) by δ_gap = 2K(F′m δ_s + γ_{n+1}Fm) + γ_{2K}·2K·Fm; an output c = tanh(βgap) by βδ_gap + 4u.
/// A loss term (c − t)^{2m} (|c − t| ≤ 2) by 2m·2^{2m−1}δ_c + γ_{2m}4^m, the loss by the sum over its N_c terms
/// per example. g_α = 2m(c − t)^{2m−1}β sech²(βgap) is at most gm = 2m·2^{2m−1}β, with |dg/dgap| ≤ 2m·4^m(m + 1)β², so
/// δ_g = 2m·4^m(m + 1)β²δ_gap + γ_{2m+8}gm. D = Σ_α g_α(F′on − F′off) is at most Dm = 2N_c·gm·F′m, off by δ_D =
/// N_c(2δ_g F′m + 2gm δ_F′) + γ_{2N_c}Dm, and the gradient entries (D v_i, 2g F′on − D, averaged over B) by
/// δ_∇ = δ_D + 2(δ_g F′m + gm δ_F′) + γ_{B+3}(2gm F′m + Dm). The step starts both sides from the same memories and
/// velocity (the engine continues from the reference's state, so each step is compared on its own): V = pV − ∇
/// differs by δ_V = δ_∇ + γ_2|V|, and each weight ξ + εV/max|V| by ε·2δ_V/max|V| + 2u (clipping is 1-Lipschitz).
/// </para>
/// </summary>
[Trait("Category", "FastPathParity")]
public sealed class DenseClassifierParityTests
{
    private const double U = 1.1102230246251565e-16;
    private const int K = 7, Classes = 3, Batch = 5;

    private static double Gamma(double k) => k * U / (1 - k * U);

    public static TheoryData<string, int, int, int> Cases()
    {
        var data = new TheoryData<string, int, int, int>();
        foreach (var backend in Backends.Supported)
        {
            foreach (var n in new[] { 1, 3, 17, 300 })
            {
                foreach (var (power, lossPower) in new[] { (2, 2), (3, 3), (4, 4), (2, 4), (4, 2) })
                {
                    data.Add(backend.ToString(), n, power, lossPower);
                }
            }
        }
        return data;
    }

    private sealed record Bounds(double Output, double Loss, double Gradient);

    /// <summary>The class comment's bounds for one minibatch at slope β.</summary>
    private static Bounds Derive(double[][] memories, double[][] inputs, int power, int m, double beta)
    {
        var visible = inputs[0].Length;
        var a = 0.0;
        foreach (var v in inputs)
        {
            foreach (var xi in memories)
            {
                double s = 0, labels = 0, largest = 0;
                for (var i = 0; i < visible; i++) s += Math.Abs(xi[i] * v[i]);
                for (var g = 0; g < Classes; g++)
                {
                    labels += Math.Abs(xi[visible + g]);
                    largest = Math.Max(largest, Math.Abs(xi[visible + g]));
                }
                a = Math.Max(a, s + labels + 2 * largest);
            }
        }
        var n = power;
        double fm = Math.Pow(a, n), dfm = n * Math.Pow(a, n - 1), ddfm = n * (n - 1) * Math.Pow(a, Math.Max(n - 2, 0));
        var ds = Gamma(visible + Classes + 2) * a;
        var dF = dfm * ds + Gamma(n + 1) * fm;
        var dDF = ddfm * ds + Gamma(n) * dfm;
        var dGap = 2 * K * dF + Gamma(2 * K) * 2 * K * fm;
        var dC = beta * dGap + 4 * U;
        var fourM = Math.Pow(4, m);
        var dTerm = 2 * m * Math.Pow(2, 2 * m - 1) * dC + Gamma(2 * m) * fourM;
        var gm = 2 * m * Math.Pow(2, 2 * m - 1) * beta;
        var dG = 2 * m * fourM * (m + 1) * beta * beta * dGap + Gamma(2 * m + 8) * gm;
        var dm = 2 * Classes * gm * dfm;
        var dD = Classes * (2 * dG * dfm + 2 * gm * dDF) + Gamma(2 * Classes) * dm;
        var dGrad = dD + 2 * (dG * dfm + gm * dDF) + Gamma(Batch + 3) * (2 * gm * dfm + dm);
        return new Bounds(dC, Classes * dTerm + Gamma(Classes * Batch) * Classes * fourM, dGrad);
    }

    private static (double[][] Memories, double[][][] Batches, int[] Labels) Instance(int visible, int seed)
    {
        var rng = new Random(seed);
        double Gaussian() => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        // DAM's initial weights N(−0.3, 0.3), clipped to [−1, 1]; inputs uniform in [−1, 1]; two minibatches.
        var memories = Enumerable.Range(0, K).Select(_ => Enumerable.Range(0, visible + Classes).Select(_ => Math.Clamp(-0.3 + 0.3 * Gaussian(), -1, 1)).ToArray()).ToArray();
        var batches = Enumerable.Range(0, 2).Select(_ => Enumerable.Range(0, Batch).Select(_ => Enumerable.Range(0, visible).Select(_ => 2 * rng.NextDouble() - 1).ToArray()).ToArray()).ToArray();
        return (memories, batches, Enumerable.Range(0, Batch).Select(b => (b + seed) % Classes).ToArray());
    }

    private static double[][] Copy(double[][] x) => x.Select(r => (double[])r.Clone()).ToArray();

    private static void Load(double[][] destination, double[][] source)
    {
        for (var mu = 0; mu < source.Length; mu++) source[mu].CopyTo(destination[mu], 0);
    }

    /// <summary>The forward outputs, loss and gradient of one minibatch of a fresh instance, engine at <paramref name="width"/> against the core.</summary>
    internal static void CheckForwardAndGradient(Width width, int visible, int power, int lossPower, int seed)
    {
        var (memories, batches, labels) = Instance(visible, seed);
        var beta = 1 / (K * Math.Pow(1 + Math.Sqrt(visible + Classes), power)) * Math.Pow(2, power);
        var engine = new DenseClassifierEngine<double>(Copy(memories), memories.Select(r => new double[r.Length]).ToArray(), visible, Classes, Batch, width);
        CheckForwardAndGradient(engine, memories, batches[0], labels, power, lossPower, beta, $"{width} N = {visible}, n = {power}, m = {lossPower}");
    }

    private static void CheckForwardAndGradient(DenseClassifierEngine<double> engine, double[][] memories, double[][] inputs, int[] labels, int power, int lossPower, double beta, string at)
    {
        var visible = inputs[0].Length;
        var bounds = Derive(memories, inputs, power, lossPower, beta);
        var outputs = new double[Batch * Classes];
        engine.Forward(inputs, power, beta, outputs);
        for (var b = 0; b < Batch; b++)
        {
            var expected = Core.DenseTraining.Outputs(power, beta, Classes, memories, inputs[b]);
            for (var a = 0; a < Classes; a++) AssertClose(expected[a], outputs[b * Classes + a], bounds.Output, $"{at}: c[{b}][{a}]");
        }
        var reference = Core.DenseTraining.LossAndGradient(power, beta, lossPower, Classes, memories, inputs, labels);
        var (loss, _) = engine.Gradient(inputs, labels, power, beta, lossPower);
        AssertClose(reference.Loss, loss, bounds.Loss, $"{at}: loss");
        var gv = engine.GradientVisible;
        var gl = engine.GradientLabel;
        for (var mu = 0; mu < K; mu++)
        {
            for (var i = 0; i < visible + Classes; i++)
            {
                var fast = i < visible ? gv[mu * visible + i] : gl[mu * Classes + i - visible];
                AssertClose(reference.Gradient[mu][i], fast, bounds.Gradient, $"{at}: ∂C/∂ξ[{mu}][{i}]");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Engine_forward_loss_gradient_and_training_steps_agree_with_the_core_reference(string backend, int visible, int power, int lossPower)
    {
        var width = Enum.Parse<Backend>(backend).Width();
        var (memories, batches, labels) = Instance(visible, seed: 100 * visible + 10 * power + lossPower);
        // T₀ puts |β·gap| in the range where tanh is neither linear nor saturated for these weights: β₀ = 1/(K (1 + √(N + N_c))ⁿ).
        var t0 = K * Math.Pow(1 + Math.Sqrt(visible + Classes), power);
        t0 = Math.Pow(t0, 1.0 / power) / 2;
        var velocity = memories.Select(r => new double[r.Length]).ToArray();
        var engineMemories = Copy(memories);
        var engineVelocity = Copy(velocity);
        var engine = new DenseClassifierEngine<double>(engineMemories, engineVelocity, visible, Classes, Batch, width);
        for (var epoch = 0; epoch < 3; epoch++)
        {
            var temperature = Core.DenseTraining.Temperature(1.5 * t0, t0, 2, epoch);
            var beta = Core.DenseTraining.Beta(power, temperature);
            var rate = Core.DenseTraining.LearningRate(0.04, 0.998, epoch);
            foreach (var inputs in batches)
            {
                var at = $"{backend} N = {visible}, n = {power}, m = {lossPower}, epoch {epoch}";
                CheckForwardAndGradient(engine, memories, inputs, labels, power, lossPower, beta, at);
                var bounds = Derive(memories, inputs, power, lossPower, beta);

                var settings = new Core.DenseTraining.TrainingStep(power, lossPower, beta, 0.9, rate);
                var step = Core.DenseTraining.Step(settings, Classes, memories, velocity, inputs, labels);
                engine.Train(inputs, labels, power, beta, lossPower, 0.9, rate);
                for (var mu = 0; mu < K; mu++)
                {
                    var largest = step.Velocity[mu].Max(Math.Abs);
                    var dV = bounds.Gradient + Gamma(2) * largest;
                    for (var i = 0; i < visible + Classes; i++)
                    {
                        AssertClose(step.Velocity[mu][i], engineVelocity[mu][i], dV, $"{at}: V[{mu}][{i}]");
                        AssertClose(step.Memories[mu][i], engineMemories[mu][i], rate * 2 * dV / largest + 2 * U, $"{at}: ξ[{mu}][{i}]");
                    }
                }
                Assert.True(step.Memories.Zip(memories).Any(p => !p.First.SequenceEqual(p.Second)), $"{at}: the step should move the memories");
                // Continue both from the reference's state.
                memories = step.Memories;
                velocity = step.Velocity;
                Load(engineMemories, memories);
                Load(engineVelocity, velocity);
            }
        }
    }

    private static void AssertClose(double expected, double actual, double tolerance, string what) =>
        Assert.True(Math.Abs(expected - actual) <= tolerance, $"{what}: reference {expected:R}, engine {actual:R}, allowed {tolerance:R}");
}
