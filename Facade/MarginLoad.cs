using AssociativeKernels.Interop;
using Core = AssociativeKernels.Core;

namespace AssociativeKernels;

/// <summary>One pattern set of KMN Fig. C.1 stored both ways on φ_pairs.</summary>
/// <param name="Patterns">M, the number of stored patterns.</param>
/// <param name="OneShotMargin">γ (KMN Eq. 50) of the one-shot rule w = Σ ξ_out φ(ξ_in) (Eq. 49).</param>
/// <param name="IterativeMargin">γ of the budgeted Adatron (negative when it separates not every pattern).</param>
/// <param name="Sweeps">Adatron sweeps used.</param>
/// <param name="Converged">Whether the Adatron met the KKT conditions within its tolerance (else its budget ran out).</param>
public readonly record struct MarginTrial(int Patterns, double OneShotMargin, double IterativeMargin, int Sweeps, bool Converged);

/// <summary>The load where a margin curve crosses 0, and its standard error.</summary>
/// <param name="Load">The interpolated load.</param>
/// <param name="StandardError">Its standard error, propagated from the two bracketing points.</param>
public readonly record struct LoadCrossing(double Load, double StandardError);

/// <summary>
/// KMN App. C, Fig. C.1 (SPEC E3, M10): the margin γ (Eq. 50) of one neuron on φ_pairs against the load
/// M/N², for the one-shot rule (Eq. 49) and an iterative rule (the Adatron, with a budget of sweeps), and the
/// load where each margin curve crosses 0 (the rule's capacity). Seeded: a seed gives the same numbers anywhere.
/// </summary>
public static class MarginLoad
{
    /// <summary>N_φ, the length of φ_pairs for <paramref name="dimension"/> inputs: N(N − 1)/2.</summary>
    /// <param name="dimension">N ≥ 2.</param>
    /// <returns>The number of pair features.</returns>
    /// <exception cref="ArgumentOutOfRangeException">N is below 2, or above 65536 (N(N − 1)/2 would exceed 2³¹ − 1).</exception>
    public static int PairsFeatureCount(int dimension)
    {
        CheckDimension(dimension);
        if (dimension > 65536)
        {
            throw new ArgumentOutOfRangeException(nameof(dimension), dimension, $"dimension = {dimension} gives N(N − 1)/2 = {dimension * (dimension - 1L) / 2} pair features, more than 2147483647; N must be at most 65536.");
        }
        return Core.MarginLoad.PairsFeatureCount(dimension);
    }

    /// <summary>The number of patterns M = round(load · N²), at least 1 (KMN App. C parameterises the load as M/N²).</summary>
    /// <param name="dimension">N ≥ 2.</param>
    /// <param name="load">M/N² &gt; 0.</param>
    /// <returns>M.</returns>
    /// <exception cref="ArgumentOutOfRangeException">N below 2, a load that is not positive, or an M above 2³¹ − 1.</exception>
    public static int PatternCount(int dimension, double load)
    {
        CheckDimension(dimension);
        Core.Validate.positive(nameof(load), load);
        return Core.MarginLoad.PatternCount(dimension, load);
    }

    /// <summary>
    /// One trial: M random ±1 inputs of dimension N and M random ±1 labels drawn from <c>new Random(seed)</c>,
    /// stored by the one-shot rule and by the Adatron (at most <paramref name="maxSweeps"/> sweeps, KKT
    /// tolerance <paramref name="tolerance"/>), with the margin of each.
    /// </summary>
    /// <param name="dimension">N ≥ 2.</param>
    /// <param name="patterns">M ≥ 1.</param>
    /// <param name="seed">The seed of the patterns and of the Adatron's visiting order.</param>
    /// <param name="maxSweeps">The Adatron's budget, ≥ 1.</param>
    /// <param name="tolerance">The Adatron's KKT tolerance, &gt; 0.</param>
    /// <returns>Both margins, the sweeps used and whether the Adatron converged.</returns>
    public static MarginTrial Trial(int dimension, int patterns, int seed, int maxSweeps = 500, double tolerance = 1e-3) =>
        Trial(dimension, patterns, seed, maxSweeps, tolerance, CancellationToken.None);

    /// <summary>As the public Trial, checking <paramref name="cancel"/> before every Adatron sweep (OperationCanceledException): <c>akern reproduce</c>'s Ctrl-C.</summary>
    internal static MarginTrial Trial(int dimension, int patterns, int seed, int maxSweeps, double tolerance, CancellationToken cancel)
    {
        CheckDimension(dimension);
        Core.Validate.atLeast(nameof(patterns), 1, patterns);
        Core.Validate.atLeast(nameof(maxSweeps), 1, maxSweeps);
        Core.Validate.positive(nameof(tolerance), tolerance);
        var t = Core.MarginLoad.trialCancellable(cancel, seed, dimension, patterns, maxSweeps, tolerance);
        return new(t.Patterns, t.OneShot, t.Iterative, t.Sweeps, t.Converged);
    }

    /// <summary>
    /// Where a curve of mean margins first goes from &gt; 0 to ≤ 0, interpolated linearly between the two
    /// loads that bracket it, with the standard errors of those two points propagated to first order.
    /// </summary>
    /// <param name="loads">Strictly increasing loads (at least two).</param>
    /// <param name="means">The mean margin at each load.</param>
    /// <param name="standardErrors">The standard error of each mean (≥ 0).</param>
    /// <returns>The crossing, or <see langword="null"/> when the curve does not cross 0 from above.</returns>
    public static LoadCrossing? Crossing(double[] loads, double[] means, double[] standardErrors)
    {
        ArgumentNullException.ThrowIfNull(loads);
        ArgumentNullException.ThrowIfNull(means);
        ArgumentNullException.ThrowIfNull(standardErrors);
        var c = Core.MarginLoad.crossingNamed(nameof(loads), nameof(means), nameof(standardErrors), loads, means, standardErrors);
        return c is null ? null : new LoadCrossing(c.Value.Load, c.Value.StandardError);
    }

    /// <summary>
    /// Gardner's optimal margin κ for M = α_φ N_φ random patterns with ±1 features and no threshold
    /// (1/α_φ = ∫_{−κ}^∞ Dt (t + κ)²), the optimum KMN App. C compares the iterative rule with.
    /// </summary>
    /// <param name="loadPerFeature">α_φ = M/N_φ in (0, 2].</param>
    /// <returns>κ ≥ 0, in the units of Eq. 50.</returns>
    public static double GardnerMargin(double loadPerFeature)
    {
        if (!(loadPerFeature > 0 && loadPerFeature <= 2))
        {
            throw new ArgumentOutOfRangeException(
                nameof(loadPerFeature), loadPerFeature, $"loadPerFeature = {CoreCall.Show(loadPerFeature)} is outside its valid range (0, 2].");
        }
        return Core.MarginLoad.GardnerMargin(loadPerFeature);
    }

    /// <summary>
    /// Mean and standard error (sample standard deviation / √count) of at least two finite samples, formed on the samples
    /// scaled by a power of two (no overflow for samples near ±1.8e308) with one correction pass of the mean.
    /// </summary>
    /// <param name="samples">The samples, every one finite.</param>
    /// <returns>The summary.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than two samples, or a sample that is NaN or ±∞ (the index named).</exception>
    public static SimulationSummary Summarize(double[] samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.Length < 2)
        {
            throw new ArgumentOutOfRangeException(
                nameof(samples), samples.Length, $"samples has length {samples.Length}; a mean and its standard error need at least 2 samples.");
        }
        var s = Core.Statistics.Summarize(samples);
        return new(s.Mean, s.Sem, s.Samples);
    }

    private static void CheckDimension(int dimension) => Core.Validate.atLeast(nameof(dimension), 2, dimension);
}
