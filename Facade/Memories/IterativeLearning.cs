using AssociativeKernels.Interop;
using Microsoft.FSharp.Core;
using Core = AssociativeKernels.Core;

namespace AssociativeKernels;

/// <summary>A trained single neuron on the pair features φ_pairs: its weights, coefficients α, margin γ (KMN Eq. 50) and, for the Adatron, sweeps and final KKT violation.</summary>
/// <param name="Weights">w in feature space (length N(N − 1)/2).</param>
/// <param name="Coefficients">α with w = Σ α_μ ξ_out^μ φ(ξ_in^μ) (all 1 for the one-shot rule).</param>
/// <param name="Margin">γ = min_μ ξ_out^μ w·φ(ξ_in^μ)/‖w‖; negative when a pattern is misclassified.</param>
/// <param name="Sweeps">Adatron sweeps used (0 for the one-shot rule).</param>
/// <param name="KktViolation">The Adatron's final KKT violation (NaN for the one-shot rule).</param>
public sealed record SingleNeuron(double[] Weights, double[] Coefficients, double Margin, int Sweeps, double KktViolation);

/// <summary>
/// Single-neuron learning on φ_pairs (KMN App. C; SPEC M10): the one-shot (modern Hopfield) rule
/// w = Σ ξ_out φ(ξ_in) (Eq. 49) against the Adatron, which converges to the maximal margin. Inputs are rows.
/// </summary>
public static class IterativeLearning
{
    /// <summary>The one-shot rule w = Σ_μ ξ_out^μ φ_pairs(ξ_in^μ) (Eq. 49).</summary>
    /// <param name="inputs">The M × N inputs, one per row.</param>
    /// <param name="outputs">The M labels, +1 or −1.</param>
    /// <returns>The neuron and its margin.</returns>
    /// <exception cref="ArgumentException">Empty or ragged inputs, non-finite values, labels not ±1, or M mismatch.</exception>
    public static SingleNeuron OneShot(double[,] inputs, double[] outputs)
    {
        var x = Check(inputs, outputs);
        return Wrap(Core.IterativeLearning.OneShot(Pairs, x, outputs));
    }

    /// <summary>
    /// The Adatron (exact coordinate ascent on the bias-free hard-margin dual) on φ_pairs, visiting the
    /// patterns in a seeded random order each sweep until the KKT violation is at most <paramref name="tolerance"/>.
    /// </summary>
    /// <param name="inputs">The M × N inputs, one per row.</param>
    /// <param name="outputs">The M labels, +1 or −1.</param>
    /// <param name="seed">The seed of the visiting order.</param>
    /// <param name="tolerance">The KKT tolerance &gt; 0.</param>
    /// <param name="maxSweeps">The most sweeps, ≥ 1.</param>
    /// <returns>The neuron and its margin.</returns>
    /// <exception cref="ArgumentException">Bad input as for <see cref="OneShot"/>, or data not separable in feature space (a pattern is named).</exception>
    public static SingleNeuron Adatron(double[,] inputs, double[] outputs, int seed = 0, double tolerance = 1e-9, int maxSweeps = 100_000)
    {
        var x = Check(inputs, outputs);
        Core.Validate.positive(nameof(tolerance), tolerance);
        if (maxSweeps < 1) throw new ArgumentOutOfRangeException(nameof(maxSweeps), maxSweeps, $"maxSweeps = {maxSweeps} is outside its valid range [1, ∞).");
        var options = new Core.AdatronOptions(tolerance, maxSweeps, seed);
        return Wrap(Core.IterativeLearning.Adatron(options, Pairs, x, outputs));
    }

    /// <summary>
    /// The memory of learning on φ_pairs: every input's P = N(N − 1)/2 pair features (one array of P doubles each),
    /// the weights (P) and, for the Adatron, the M×M Gram matrix.
    /// </summary>
    private static Footprint Footprint(double[][] inputs)
    {
        double m = inputs.Length, n = inputs.Length == 0 ? 0 : inputs[0].Length, p = n * (n - 1) / 2;
        return new(MemoryBudget.Rows(m + 1, p) + 8 * m * m, Math.Max(p, m * m), $"pair features of {m} inputs of length N = {n} (N(N − 1)/2 = {p} each)");
    }

    private static readonly FSharpFunc<double[], double[]> Pairs = FuncConvert.FromFunc<double[], double[]>(Core.FeatureMap.Pairs);

    private static SingleNeuron Wrap(Core.SingleNeuron n) => new(n.Weights, n.Alpha, n.Margin, n.Sweeps, n.KktViolation);

    /// <summary>The inputs (rows, finite, at least one) and one ±1 label per input, checked in the caller's names.</summary>
    private static double[][] Check(double[,] inputs, double[] outputs)
    {
        var x = MemoryRows.Patterns(inputs, nameof(inputs));
        ArgumentNullException.ThrowIfNull(outputs);
        if (outputs.Length != x.Length)
        {
            throw new ArgumentException($"outputs has length {outputs.Length} but there are {x.Length} inputs; one ±1 label per input.", nameof(outputs));
        }
        MemoryRows.Vector(outputs, nameof(outputs), x.Length, bipolar: true);
        Footprint(x).Require(nameof(inputs), x.Length);
        return x;
    }
}
