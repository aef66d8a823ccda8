using AssociativeKernels.Interop;
using Microsoft.FSharp.Core;
using Core = AssociativeKernels.Core;

namespace AssociativeKernels;

/// <summary>The mean of a Monte-Carlo experiment with its standard error and the number of samples.</summary>
/// <param name="Mean">The sample mean.</param>
/// <param name="StandardError">The standard error of the mean (sample standard deviation / √samples).</param>
/// <param name="Samples">The number of independent samples (runs or trials).</param>
public readonly record struct SimulationSummary(double Mean, double StandardError, int Samples);

/// <summary>
/// The seeded Monte-Carlo experiments behind <c>akern simulate</c>. A seed gives the same numbers on any
/// machine (System.Random with an explicit seed; as System.Random seeds them, s and −s give the same numbers, and so do 0
/// and 2147483647 — <c>akern simulate</c> takes seeds in [0, 2147483647]). <c>progress</c>, when given, is called with the number
/// of samples done after each one. A request whose arrays would not fit in memory is refused before anything is
/// allocated (<see cref="ArgumentOutOfRangeException"/> saying how much it needs and how much there is, naming the size that sets
/// it: the dimension, the number of patterns, or the trials/runs, whose samples take a double each).
/// </summary>
public static class Simulations
{
    /// <summary>
    /// KMN Fig. E.1: standard Gaussian patterns of dimension N drawn one by one until two lie within 2r,
    /// r² = σ²N; a run's capacity is the number stored before that. Returns the mean capacity.
    /// </summary>
    /// <param name="dimension">N ≥ 1.</param>
    /// <param name="sigma2">The noise variance σ² &gt; 0.</param>
    /// <param name="runs">The number of runs, ≥ 2.</param>
    /// <param name="seed">The seed.</param>
    /// <param name="maxPatterns">A run that stores this many patterns without a collision fails (InvalidOperationException).</param>
    /// <param name="progress">Called with the number of runs done.</param>
    /// <returns>The mean capacity and its standard error.</returns>
    public static SimulationSummary ExpBetaCapacity(int dimension, double sigma2, int runs, int seed, int maxPatterns = 1_000_000, Action<int>? progress = null)
    {
        Core.Validate.atLeast(nameof(dimension), 1, dimension);
        Core.Validate.positive(nameof(sigma2), sigma2);
        var r = Math.Sqrt(sigma2 * dimension);
        if (!double.IsFinite(r))
        {
            throw new ArgumentOutOfRangeException(nameof(sigma2), sigma2,
                $"sigma2 = {CoreCall.Show(sigma2)} at dimension = {dimension} gives r² = σ²N beyond double's range; σ²N must be finite.");
        }
        Core.Validate.atLeast(nameof(runs), 2, runs);
        Core.Validate.atLeast(nameof(maxPatterns), 1, maxPatterns);
        RequireSamples(runs, nameof(runs));
        ExpBetaCapacityFootprint(dimension, 2).Require(nameof(dimension), dimension); // a collision needs two patterns
        // A run keeps every pattern it stores: cap it at what fits in memory, and say so if a run reaches that cap.
        var fit = (int)Math.Clamp(MemoryBudget.Available / ExpBetaCapacityFootprint(dimension, 1).Bytes, 1, int.MaxValue);
        var limit = Math.Min(maxPatterns, fit);
        var rng = new Random(seed);
        var samples = new double[runs];
        for (var t = 0; t < runs; t++)
        {
            try
            {
                samples[t] = Core.CollisionProcess.Run(Core.CollisionProcess.Family.Gaussian, rng, dimension, r, limit);
            }
            catch (InvalidOperationException) when (limit < maxPatterns && limit > 0)
            {
                ExpBetaCapacityFootprint(dimension, maxPatterns).Require(nameof(maxPatterns), maxPatterns);
                throw;
            }
            progress?.Invoke(t + 1);
        }
        return Summary(samples);
    }

    /// <summary>The memory of one <see cref="ExpBetaCapacity"/> run that stores <paramref name="patterns"/> Gaussian patterns of dimension N.</summary>
    internal static Footprint ExpBetaCapacityFootprint(int dimension, double patterns) =>
        new(MemoryBudget.Rows(patterns, dimension) + 8 * patterns, Math.Max(patterns, dimension), $"a collision run storing {patterns:0} patterns of dimension N = {dimension}");

    /// <summary>
    /// DAM §2's stability experiment: each trial stores K random ±1 patterns of length N under F(x) = xⁿ and counts the
    /// stored bits that one Eq. 4 update (the network at the stored pattern) flips; the result is the mean unstable
    /// fraction over trials with its standard error. One <see cref="System.Random"/>(<paramref name="seed"/>) draws
    /// the patterns trial after trial.
    /// <para>
    /// <b>Every bit</b> (<paramref name="probes"/> null): all N bits of all K patterns, the patterns drawn as the core's
    /// reference draws them (<c>DamStability.trial</c>: row by row, one uniform double per component). The count is
    /// exact integer arithmetic: the packed count (<c>Fast.PackedDamStability</c>, O(K² N / 8) per trial) wherever F is
    /// exact in integers on −N − 2 … N + 2, 4 K max|F| ≤ 2⁶² and its buffers fit in memory; the core's reference
    /// (O(K² N), K × K overlaps) otherwise. Both decide every bit identically where the reference's double sums are exact
    /// (K · 2 max|F| ≤ 2⁵³), so the choice never changes a number there.
    /// </para>
    /// <para>
    /// <b>A sample</b> (<paramref name="probes"/> = P): for loads far beyond what the full count affords, all N bits of
    /// the first P of the K patterns of each trial — a uniform sample, the patterns being independent and identically
    /// distributed — by the packed count at O(P K N / 8) per trial, the patterns drawn 8 components per random byte. A
    /// trial's sample is its unstable fraction (unstable bits / (P · N)), so the mean estimates the same probability as
    /// every bit and its standard error over trials covers both the sampling of the probes and that of the pattern sets.
    /// It needs the packed count's exactness (above) and refuses otherwise.
    /// </para>
    /// </summary>
    /// <param name="degree">n ≥ 1.</param>
    /// <param name="dimension">N ≥ 1.</param>
    /// <param name="patternCount">K ≥ 1.</param>
    /// <param name="trials">≥ 2.</param>
    /// <param name="seed">The seed.</param>
    /// <param name="probes">Null for every bit, or the patterns checked per trial, 1 ≤ P ≤ K (4 K (N + 2)ⁿ ≤ 2⁶², (N + 2)ⁿ ≤ 2⁵³).</param>
    /// <param name="progress">Called with the number of trials done.</param>
    /// <returns>The mean unstable fraction over trials and its standard error; <see cref="SimulationSummary.Samples"/> is the number of trials.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument outside its range (named), or a request that would not fit in memory.</exception>
    public static SimulationSummary DamStability(int degree, int dimension, int patternCount, int trials, int seed, int? probes = null, Action<int>? progress = null)
    {
        if (degree < 1) throw new ArgumentOutOfRangeException(nameof(degree), degree, $"degree = {degree} is outside its valid range [1, ∞).");
        if (dimension < 1) throw new ArgumentOutOfRangeException(nameof(dimension), dimension, $"dimension = {dimension} is outside its valid range [1, ∞).");
        if (patternCount < 1) throw new ArgumentOutOfRangeException(nameof(patternCount), patternCount, $"patternCount = {patternCount} is outside its valid range [1, ∞).");
        if (probes is { } p && (p < 1 || p > patternCount))
        {
            throw new ArgumentOutOfRangeException(nameof(probes), p, $"probes = {p} is outside its valid range [1, patternCount = {patternCount}].");
        }
        if (trials < 2) throw new ArgumentOutOfRangeException(nameof(trials), trials, $"trials = {trials} is outside its valid range [2, ∞).");
        RequireSamples(trials, nameof(trials));
        var (footprint, paramName) = DamStabilityFootprint(degree, dimension, patternCount, probes);
        footprint.Require(paramName, paramName == nameof(dimension) ? dimension : patternCount);
        var f = Core.DenseEnergy.NewPolynomial(degree);
        var rng = new Random(seed);
        var samples = new double[trials];
        if (probes is null && !PackedStabilityApplies(f, dimension, patternCount))
        {
            samples = Core.DamStability.Run(seed, degree, dimension, patternCount, trials, Callback(progress));
            return Summary(samples);
        }
        // The packed count: refuses (naming dimension or patternCount) where it is not exact, which only a sample reaches.
        var patterns = new Fast.PackedDamStability(f, patternCount, dimension);
        var work = new Fast.PackedDamStabilityWork(patterns, Fast.Cores.Count);
        for (var t = 0; t < trials; t++)
        {
            if (probes is null)
            {
                for (var mu = 0; mu < patternCount; mu++) patterns.Set(mu, Core.Sampling.BipolarVector(rng, dimension, 0.5));
            }
            else
            {
                patterns.Fill(rng);
            }
            var checkedPatterns = probes ?? patternCount;
            samples[t] = (double)work.Unstable(checkedPatterns) / ((double)checkedPatterns * dimension);
            progress?.Invoke(t + 1);
        }
        return Summary(samples);
    }

    /// <summary>Whether the packed stability count is exact for F at N and K (<c>Fast.PackedDamStability</c>) and its buffers fit in memory.</summary>
    private static bool PackedStabilityApplies(Core.DenseEnergy f, int dimension, int patternCount)
    {
        if (!Fast.PackedDamStability.IsExact(f, dimension, patternCount)) return false;
        var packed = PackedStabilityFootprint(dimension, patternCount);
        return packed.Bytes <= MemoryBudget.Available && packed.LargestArray <= Array.MaxLength;
    }

    /// <summary>
    /// The memory of <see cref="DamStability"/> on the path it takes, and the parameter a refusal names: the reference's
    /// K patterns of N doubles and K × K overlaps (<c>dimension</c> when N &gt; K and the K × K array fits in one .NET array,
    /// else <c>patternCount</c>), or the packed count's K packed patterns and per-core
    /// probe scratch (<c>dimension</c> for a sample, whose scratch grows with N²; <c>patternCount</c> for every bit).
    /// </summary>
    internal static (Footprint Memory, string ParamName) DamStabilityFootprint(int degree, int dimension, int patternCount, int? probes = null)
    {
        if (probes is not null) return (PackedStabilityFootprint(dimension, patternCount), nameof(dimension));
        var f = Core.DenseEnergy.NewPolynomial(Math.Max(1, degree));
        if (PackedStabilityApplies(f, dimension, patternCount)) return (PackedStabilityFootprint(dimension, patternCount), nameof(patternCount));
        // Named after the larger of the two sizes (K rows of N doubles, and the K × K overlaps).
        return (new(MemoryBudget.Rows(patternCount, dimension) + 8.0 * patternCount * patternCount + 16.0 * patternCount,
            Math.Max((double)patternCount * patternCount, dimension), $"dam-stability with N = {dimension}, K = {patternCount}"),
            dimension > patternCount && (double)patternCount * patternCount <= Array.MaxLength ? nameof(dimension) : nameof(patternCount));
    }

    /// <summary>
    /// The memory of the packed count: the K packed patterns (⌈N/64⌉ words each) and, per core, the probe scratch of
    /// <c>Fast.PackedDamStability.Scratch</c>: (N + 1) buckets of ⌈N/64⌉·64 byte and int counters.
    /// </summary>
    private static Footprint PackedStabilityFootprint(int dimension, int patternCount)
    {
        var stride = Math.Ceiling(dimension / 64.0) * 64;
        var scratch = (dimension + 1.0) * stride * (1 + 4) + 24.0 * (dimension + 1);
        return new((double)patternCount * stride / 8 + Fast.Cores.Count * scratch, Math.Max((dimension + 1.0) * stride, patternCount * stride / 64),
            $"dam-stability (packed count) with N = {dimension}, K = {patternCount}");
    }

    /// <summary>
    /// Classical Hopfield retrieval: K = round(αN) random ±1 patterns (zero-diagonal Hebbian weights), a
    /// start at the first pattern with each bit flipped with probability <paramref name="flipProbability"/>,
    /// asynchronous updates in random order to convergence; the mean final overlap (1/N)ξ·s.
    /// </summary>
    /// <param name="dimension">N ≥ 1.</param>
    /// <param name="alpha">The load α = K/N &gt; 0, with K = round(αN) at least 1 (α ≥ 1/(2N)).</param>
    /// <param name="flipProbability">In [0, 1].</param>
    /// <param name="trials">≥ 2.</param>
    /// <param name="seed">The seed.</param>
    /// <param name="maxSweeps">The most sweeps per trial.</param>
    /// <param name="progress">Called with the number of trials done.</param>
    /// <returns>The mean final overlap and its standard error.</returns>
    public static SimulationSummary HopfieldRetrieval(int dimension, double alpha, double flipProbability, int trials, int seed, int maxSweeps = 1000, Action<int>? progress = null)
    {
        Core.Validate.atLeast(nameof(dimension), 1, dimension);
        Core.Validate.positive(nameof(alpha), alpha);
        Core.Validate.closed(nameof(flipProbability), 0, 1, flipProbability);
        Core.Validate.atLeast(nameof(trials), 2, trials);
        Core.Validate.atLeast(nameof(maxSweeps), 1, maxSweeps);
        RequireSamples(trials, nameof(trials));
        HopfieldRetrievalFootprint(dimension, alpha).Require(nameof(alpha), alpha);
        return Summary(Core.HopfieldRetrieval.Run(seed, dimension, alpha, flipProbability, trials, maxSweeps, Callback(progress)));
    }

    /// <summary>The memory of one <see cref="HopfieldRetrieval"/> trial: K = round(αN) patterns of N doubles, stored twice (rows and columns).</summary>
    internal static Footprint HopfieldRetrievalFootprint(int dimension, double alpha)
    {
        double k = Core.HopfieldRetrieval.PatternCount(dimension, alpha);
        return new(MemoryBudget.Rows(k, dimension) + MemoryBudget.Rows(dimension, k) + 8 * k, Math.Max(k, dimension),
            $"hopfield-retrieval with N = {dimension}, K = round(αN) = {k:0}");
    }

    /// <summary>
    /// C10 at finite N, LM's REM condition (issue 15, E7): patterns uniform on the sphere of radius √N; a run draws
    /// ξ¹, ξ², … one by one and stops when the other patterns' softmax weight at x = ξ¹, Σ_ν exp(λ(ξ^ν·ξ¹ − N)), reaches
    /// that of ξ¹; its threshold is ln P*/N, P* the largest pattern count at which ξ¹ still holds more than half of the
    /// weight of the modern Hopfield update. Streams the patterns (none stored). Compare with
    /// <see cref="CapacityBounds.LmSphereAlpha1"/>.
    /// </summary>
    /// <param name="dimension">N ≥ 2.</param>
    /// <param name="lambda">The inverse temperature λ &gt; 0.</param>
    /// <param name="runs">≥ 2.</param>
    /// <param name="seed">The seed.</param>
    /// <param name="maxPatterns">A run that draws this many patterns without reaching the threshold fails (InvalidOperationException); ≥ 2.</param>
    /// <param name="progress">Called with the number of runs done.</param>
    /// <returns>The mean threshold α* = ln P*/N over runs and its standard error.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument outside its range (named).</exception>
    public static SimulationSummary LmSphereDominance(int dimension, double lambda, int runs, int seed, int maxPatterns = 100_000_000, Action<int>? progress = null)
    {
        Core.Validate.atLeast(nameof(dimension), 2, dimension);
        Core.Validate.positive(nameof(lambda), lambda);
        Core.Validate.atLeast(nameof(runs), 2, runs);
        Core.Validate.atLeast(nameof(maxPatterns), 2, maxPatterns);
        RequireSamples(runs, nameof(runs));
        LmSphereRetrievalFootprint(dimension, 2).Require(nameof(dimension), dimension); // a run stores at least two patterns
        return Summary(Core.ExponentialRetrieval.Run(seed, dimension, lambda, FSharpOption<Tuple<double, double>>.None, runs, maxPatterns, Callback(progress)));
    }

    /// <summary>
    /// C10 at finite N, the fixed-point criterion (issue 15, E7): patterns uniform on the sphere of radius √N; the update
    /// x ← √N · normalize(Σ_μ softmax_μ(λ ξ^μ·x) ξ^μ), iterated from a start at overlap ρ with ξ¹ (ρ = 1: ξ¹ itself),
    /// retrieves ξ¹ when it ends at overlap ≥ 1 − ε. A run keeps its patterns nested and finds its threshold
    /// ln P*/N by doubling and bisecting P. Compare with <see cref="CapacityBounds.LmSphereAlpha1"/> and
    /// <see cref="CapacityBounds.LmSphereBasin"/>.
    /// </summary>
    /// <param name="dimension">N ≥ 2.</param>
    /// <param name="lambda">The inverse temperature λ &gt; 0.</param>
    /// <param name="overlap">The start's overlap ρ with ξ¹, 0 &lt; ρ ≤ 1.</param>
    /// <param name="tolerance">ε, 0 &lt; ε &lt; 1: retrieved when the final overlap is ≥ 1 − ε.</param>
    /// <param name="runs">≥ 2.</param>
    /// <param name="seed">The seed.</param>
    /// <param name="maxPatterns">A run that still retrieves ξ¹ with this many patterns fails (InvalidOperationException); ≥ 2.</param>
    /// <param name="progress">Called with the number of runs done.</param>
    /// <returns>The mean threshold α* = ln P*/N over runs and its standard error.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument outside its range (named), or a run that would not fit in memory.</exception>
    public static SimulationSummary LmSphereRetrieval(int dimension, double lambda, double overlap, double tolerance, int runs, int seed, int maxPatterns = 20_000_000, Action<int>? progress = null)
    {
        Core.Validate.atLeast(nameof(dimension), 2, dimension);
        Core.Validate.positive(nameof(lambda), lambda);
        Core.Validate.openClosed(nameof(overlap), 0, 1, overlap);
        Core.Validate.openInterval(nameof(tolerance), 0, 1, tolerance);
        Core.Validate.atLeast(nameof(runs), 2, runs);
        Core.Validate.atLeast(nameof(maxPatterns), 2, maxPatterns);
        RequireSamples(runs, nameof(runs));
        LmSphereRetrievalFootprint(dimension, 2).Require(nameof(dimension), dimension); // a run stores at least two patterns
        // A run keeps its patterns (a buffer that doubles): cap them at what fits, and say so if a run reaches that cap.
        var fit = (int)Math.Clamp(MemoryBudget.Available / LmSphereRetrievalFootprint(dimension, 1).Bytes, 2, Math.Min(int.MaxValue, Array.MaxLength / (2.0 * dimension)));
        var limit = Math.Min(maxPatterns, fit);
        try
        {
            return Summary(Core.ExponentialRetrieval.Run(seed, dimension, lambda, FSharpOption<Tuple<double, double>>.Some(Tuple.Create(overlap, tolerance)), runs, limit, Callback(progress)));
        }
        catch (InvalidOperationException) when (limit < maxPatterns)
        {
            LmSphereRetrievalFootprint(dimension, maxPatterns).Require(nameof(maxPatterns), maxPatterns);
            throw;
        }
    }

    /// <summary>The memory of one <see cref="LmSphereRetrieval"/> run holding <paramref name="patterns"/> patterns: its doubling buffer (up to twice that many rows of N doubles) and the scores.</summary>
    internal static Footprint LmSphereRetrievalFootprint(int dimension, double patterns) =>
        new(2 * patterns * (8.0 * dimension + 8), 2 * patterns * dimension, $"a fixed-point run storing {patterns:0} patterns of dimension N = {dimension}");

    /// <summary>Refuses (naming <paramref name="name"/>) a number of trials or runs whose samples (a double each) would not fit in memory or in one .NET array.</summary>
    private static void RequireSamples(int count, string name) =>
        new Footprint(8.0 * count, count, $"{count} samples (one per trial)").Require(name, count);

    private static FSharpFunc<int, Unit> Callback(Action<int>? progress) =>
        FuncConvert.FromAction<int>(progress ?? (_ => { }));

    private static SimulationSummary Summary(double[] samples)
    {
        var s = Core.Statistics.Summarize(samples);
        return new(s.Mean, s.Sem, s.Samples);
    }
}
