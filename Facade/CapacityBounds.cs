using AssociativeKernels.Interop;
using Core = Kernels.Core;

namespace AssociativeKernels;

/// <summary>
/// The closed-form capacity bounds C1–C8 of the associative-memory papers, one method per bound id of
/// the core's registry, plus evaluation by id. Every result carries its value (or <see langword="null"/>
/// when it overflows a double), its natural log, the paper and equation, and whether the parameters lie
/// inside the regime the formula was derived for. Invalid parameters throw an
/// <see cref="ArgumentOutOfRangeException"/> naming the C# parameter, the value and the valid range.
/// </summary>
/// <remarks>
/// Papers: Hopfield (1982) and Amit–Gutfreund–Sompolinsky for the classical network; DAM — Krotov and
/// Hopfield, "Dense associative memory for pattern recognition" (2016), and "Large associative memory
/// problem in neurobiology and machine learning" (2021) for model A; KMN — Iatropoulos, Brea and
/// Gerstner, "Kernel memory networks" (2022) for the VC, support-vector and exp-β bounds.
/// </remarks>
public static class CapacityBounds
{
    // ---- C1 classical Hopfield -----------------------------------------------------------------

    /// <summary>C1, the classical Hopfield network's capacity 0.138 N (id <c>hopfield-classical</c>).</summary>
    /// <param name="dimension">The number of neurons N ≥ 1.</param>
    /// <returns>The capacity in patterns.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dimension"/> is out of range.</exception>
    public static BoundResult HopfieldClassical(int dimension) =>
        Bound(() => Core.Hopfield.Classical(dimension), Dimension);

    // ---- C2 dense associative memory -----------------------------------------------------------

    /// <summary>
    /// C2, DAM's capacity without retrieval errors, K_max = N^(n−1) / (2 (2n − 3)!! ln N) (DAM Eq. 6;
    /// id <c>dam-no-error</c>).
    /// </summary>
    /// <param name="degree">The degree n ≥ 2 of the rectified polynomial energy.</param>
    /// <param name="dimension">The number of neurons N ≥ 2.</param>
    /// <returns>The capacity in patterns.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range.</exception>
    public static BoundResult DamNoError(int degree, int dimension) =>
        Bound(() => Core.Dam.NoErrorCapacity(degree, dimension), Dam);

    /// <summary>
    /// C2, the asymptotic probability that one bit of a stored pattern flips, the right-hand side of DAM's
    /// P_error equation (id <c>dam-error-probability</c>).
    /// </summary>
    /// <param name="degree">The degree n ≥ 2.</param>
    /// <param name="dimension">The number of neurons N ≥ 2.</param>
    /// <param name="patternCount">The number of stored patterns K ≥ 1.</param>
    /// <returns>The error probability.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range.</exception>
    public static BoundResult DamErrorProbability(int degree, int dimension, int patternCount) =>
        Bound(() => Core.Dam.ErrorProbability(degree, dimension, patternCount), Dam);

    /// <summary>
    /// C2, the Gaussian tail integral of DAM's error probability, from the mean energy gap ⟨ΔE⟩ and its
    /// variance Σ² (id <c>dam-error-probability.gaussian</c>).
    /// </summary>
    /// <param name="degree">The degree n ≥ 2.</param>
    /// <param name="dimension">The number of neurons N ≥ 2.</param>
    /// <param name="patternCount">The number of stored patterns K ≥ 1.</param>
    /// <returns>The error probability.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range.</exception>
    public static BoundResult DamErrorProbabilityGaussian(int degree, int dimension, int patternCount) =>
        Bound(() => Core.Dam.ErrorProbabilityGaussian(degree, dimension, patternCount), Dam);

    /// <summary>
    /// C2, the largest number of patterns K_max whose bit-error probability stays below a target
    /// (DAM, inverting the P_error equation; id <c>dam-max-patterns</c>).
    /// </summary>
    /// <param name="degree">The degree n ≥ 2.</param>
    /// <param name="dimension">The number of neurons N ≥ 2.</param>
    /// <param name="errorProbability">The acceptable bit-error probability, 0 &lt; p &lt; 1/2.</param>
    /// <returns>The capacity in patterns.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range.</exception>
    public static BoundResult DamMaxPatterns(int degree, int dimension, double errorProbability) =>
        Bound(() => Core.Dam.MaxPatterns(degree, dimension, errorProbability), Dam);

    // ---- C3 model A ----------------------------------------------------------------------------

    /// <summary>
    /// C3, the capacity of Krotov and Hopfield's model A with a hidden layer, min(N_f^(n−1), N_h)
    /// (id <c>model-a</c>).
    /// </summary>
    /// <param name="degree">The degree n ≥ 2 of the interaction.</param>
    /// <param name="featureNeurons">The number of feature neurons N_f ≥ 1.</param>
    /// <param name="hiddenNeurons">The number of hidden (memory) neurons N_h ≥ 1.</param>
    /// <returns>The capacity in patterns.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range.</exception>
    public static BoundResult ModelA(int degree, int featureNeurons, int hiddenNeurons) =>
        Bound(() => Core.ModelA.Capacity(degree, featureNeurons, hiddenNeurons), ModelANames);

    // ---- C4 VC dimension and C5 support vectors ------------------------------------------------

    /// <summary>C4, the VC-dimension capacity of the linear kernel, N + 1 (KMN; id <c>vc-linear</c>).</summary>
    /// <param name="dimension">The dimension N ≥ 1.</param>
    /// <returns>The capacity in patterns.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dimension"/> is out of range.</exception>
    public static BoundResult VcLinear(int dimension) =>
        Bound(() => Core.Vc.Linear(dimension), Dimension);

    /// <summary>
    /// C4, the VC-dimension capacity of the degree-p polynomial kernel, C(N + p, p) (KMN;
    /// id <c>vc-polynomial</c>).
    /// </summary>
    /// <param name="dimension">The dimension N ≥ 1.</param>
    /// <param name="degree">The degree p ≥ 1.</param>
    /// <returns>The capacity in patterns.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range.</exception>
    public static BoundResult VcPolynomial(int dimension, int degree) =>
        Bound(() => Core.Vc.Polynomial(dimension, degree), [.. Dimension, ("p", nameof(degree))]);

    /// <summary>
    /// C4, the capacity of the exponential kernel, whose feature space is infinite-dimensional, so any
    /// number of distinct patterns is separable (KMN; id <c>vc-exponential</c>).
    /// </summary>
    /// <param name="dimension">The dimension N ≥ 1.</param>
    /// <returns>The capacity (not finite: <see cref="BoundResult.Value"/> is <see langword="null"/> or as the core defines it).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dimension"/> is out of range.</exception>
    public static BoundResult VcExponential(int dimension) =>
        Bound(() => Core.Vc.Exponential(dimension), Dimension);

    /// <summary>
    /// C5, the support-vector proliferation threshold N / (2 W₀(N/2)), W₀ the principal Lambert W
    /// function (KMN; id <c>sv-proliferation</c>).
    /// </summary>
    /// <param name="dimension">The dimension N ≥ 1.</param>
    /// <returns>The capacity in patterns.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dimension"/> is out of range.</exception>
    public static BoundResult SvProliferation(int dimension) =>
        Bound(() => Core.SupportVectors.Proliferation(dimension), Dimension);

    // ---- C6, C7 exp-β networks -----------------------------------------------------------------

    /// <summary>
    /// C6, the largest Gaussian noise variance σ²_max = r²/N an exp-β network of radius r tolerates
    /// (KMN; id <c>expbeta-noise</c>).
    /// </summary>
    /// <param name="dimension">The dimension N ≥ 1.</param>
    /// <param name="radius">The radius r &gt; 0.</param>
    /// <returns>σ²_max.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range.</exception>
    public static BoundResult ExpBetaNoise(int dimension, double radius) =>
        Bound(() => Core.ExpBeta.Noise(dimension, radius), Radius);

    /// <summary>
    /// C7, the exp-β network's capacity for Gaussian patterns of variance σ², exact pair-probability form
    /// (KMN; id <c>expbeta-gaussian.exact</c>).
    /// </summary>
    /// <param name="dimension">The dimension N ≥ 1.</param>
    /// <param name="sigma2">The pattern variance σ², 0 &lt; σ² &lt; 1/2.</param>
    /// <returns>The capacity in patterns (exponential in N: often only its log fits a double).</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range.</exception>
    public static BoundResult ExpBetaGaussianExact(int dimension, double sigma2) =>
        Bound(() => Core.ExpBeta.GaussianExact(dimension, sigma2), Dimension);

    /// <summary>
    /// C7, a lower bound on the exp-β capacity for Gaussian patterns (KMN Eq. 87;
    /// id <c>expbeta-gaussian.lower</c>).
    /// </summary>
    /// <param name="dimension">The dimension N ≥ 1.</param>
    /// <param name="sigma2">The pattern variance σ², 0 &lt; σ² &lt; 1/2.</param>
    /// <returns>The capacity in patterns.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range.</exception>
    public static BoundResult ExpBetaGaussianLower(int dimension, double sigma2) =>
        Bound(() => Core.ExpBeta.GaussianLower(dimension, sigma2), Dimension);

    /// <summary>
    /// C8, the tight asymptotic exp-β capacity for Gaussian patterns (KMN; id <c>expbeta-gaussian.tight</c>).
    /// </summary>
    /// <param name="dimension">The dimension N ≥ 1.</param>
    /// <param name="sigma2">The pattern variance σ², 0 &lt; σ² &lt; 1/2.</param>
    /// <returns>The capacity in patterns.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range.</exception>
    public static BoundResult ExpBetaGaussianTight(int dimension, double sigma2) =>
        Bound(() => Core.ExpBetaTight.Gaussian(dimension, sigma2), Dimension);

    /// <summary>
    /// C7, the exact exp-β capacity for Gaussian patterns parameterised by the radius r (KMN;
    /// id <c>expbeta-gaussian-radius.exact</c>).
    /// </summary>
    /// <param name="dimension">The dimension N ≥ 1.</param>
    /// <param name="radius">The radius r &gt; 0.</param>
    /// <returns>The capacity in patterns.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range.</exception>
    public static BoundResult ExpBetaGaussianRadiusExact(int dimension, double radius) =>
        Bound(() => Core.ExpBeta.GaussianRadiusExact(dimension, radius), Radius);

    /// <summary>
    /// C7, the exact exp-β capacity for patterns uniform on the unit sphere (KMN; id <c>expbeta-sphere.exact</c>).
    /// </summary>
    /// <param name="dimension">The dimension N.</param>
    /// <param name="radius">The radius r.</param>
    /// <returns>The capacity in patterns.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range.</exception>
    public static BoundResult ExpBetaSphereExact(int dimension, double radius) =>
        Bound(() => Core.ExpBeta.SphereExact(dimension, radius), Radius);

    /// <summary>
    /// C7, a lower bound on the exp-β capacity for patterns uniform on the unit sphere (KMN;
    /// id <c>expbeta-sphere.lower</c>).
    /// </summary>
    /// <param name="dimension">The dimension N.</param>
    /// <param name="radius">The radius r.</param>
    /// <returns>The capacity in patterns.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range.</exception>
    public static BoundResult ExpBetaSphereLower(int dimension, double radius) =>
        Bound(() => Core.ExpBeta.SphereLower(dimension, radius), Radius);

    /// <summary>
    /// C8, the tight asymptotic exp-β capacity for patterns uniform on the unit sphere (KMN;
    /// id <c>expbeta-sphere.tight</c>).
    /// </summary>
    /// <param name="dimension">The dimension N.</param>
    /// <param name="radius">The radius r.</param>
    /// <returns>The capacity in patterns.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range.</exception>
    public static BoundResult ExpBetaSphereTight(int dimension, double radius) =>
        Bound(() => Core.ExpBetaTight.Sphere(dimension, radius), Radius);

    /// <summary>
    /// C7, the exact exp-β capacity for sparse bipolar patterns with queries corrupted by bit flips (KMN;
    /// id <c>expbeta-bipolar.exact</c>).
    /// </summary>
    /// <param name="dimension">The dimension N.</param>
    /// <param name="sparseness">The pattern sparseness f (the probability of a +1 component).</param>
    /// <param name="flipProbability">The probability ρ that a query bit is flipped.</param>
    /// <returns>The capacity in patterns.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range.</exception>
    public static BoundResult ExpBetaBipolarExact(int dimension, double sparseness, double flipProbability) =>
        Bound(() => Core.ExpBeta.BipolarExact(dimension, sparseness, flipProbability), Bipolar);

    /// <summary>
    /// C7, a lower bound on the exp-β capacity for sparse bipolar patterns (KMN; id <c>expbeta-bipolar.lower</c>).
    /// </summary>
    /// <param name="dimension">The dimension N.</param>
    /// <param name="sparseness">The pattern sparseness f (the probability of a +1 component).</param>
    /// <param name="flipProbability">The probability ρ that a query bit is flipped.</param>
    /// <returns>The capacity in patterns.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range.</exception>
    public static BoundResult ExpBetaBipolarLower(int dimension, double sparseness, double flipProbability) =>
        Bound(() => Core.ExpBeta.BipolarLower(dimension, sparseness, flipProbability), Bipolar);

    /// <summary>
    /// C8, the tight asymptotic exp-β capacity for sparse bipolar patterns (KMN; id <c>expbeta-bipolar.tight</c>).
    /// </summary>
    /// <param name="dimension">The dimension N.</param>
    /// <param name="sparseness">The pattern sparseness f (the probability of a +1 component).</param>
    /// <param name="flipProbability">The probability ρ that a query bit is flipped.</param>
    /// <returns>The capacity in patterns.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range.</exception>
    public static BoundResult ExpBetaBipolarTight(int dimension, double sparseness, double flipProbability) =>
        Bound(() => Core.ExpBetaTight.Bipolar(dimension, sparseness, flipProbability), Bipolar);

    // ---- registry ------------------------------------------------------------------------------

    /// <summary>Every capacity bound in the core's registry (the ids <c>akern bound</c> accepts).</summary>
    /// <returns>The bounds' descriptors, in registry order.</returns>
    public static IReadOnlyList<BoundInfo> List() => Registry.Bounds;

    /// <summary>Looks up a capacity bound by id.</summary>
    /// <param name="id">The bound's id, e.g. <c>hopfield-classical</c>.</param>
    /// <param name="info">The bound's descriptor when found.</param>
    /// <returns>Whether the id is registered.</returns>
    public static bool TryGetInfo(string id, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out BoundInfo? info) =>
        Registry.TryGetBound(id, out info);

    /// <summary>
    /// Evaluates a registered bound by id, with parameters keyed by the papers' symbols
    /// (e.g. <c>{"N": 1000, "sigma2": 0.3}</c> for <c>expbeta-gaussian.lower</c>).
    /// </summary>
    /// <param name="id">The bound's id.</param>
    /// <param name="parameters">Every parameter of the bound, by symbol, and no others.</param>
    /// <returns>The bound's value, log, equation and regime.</returns>
    /// <exception cref="ArgumentException">The id is unknown, a parameter is missing or unknown, or a value is out of range (then an <see cref="ArgumentOutOfRangeException"/> naming the symbol).</exception>
    public static BoundResult Evaluate(string id, IReadOnlyDictionary<string, double> parameters) =>
        Registry.EvaluateBound(id, parameters);

    // ---- helpers -------------------------------------------------------------------------------

    private static readonly (string, string)[] Dimension = [("N", "dimension"), ("nN", "dimension"), ("n", "dimension")];
    private static readonly (string, string)[] Dam =
        [("n", "degree"), ("N", "dimension"), ("nN", "dimension"), ("K", "patternCount"), ("k", "patternCount"), ("perror", "errorProbability")];
    private static readonly (string, string)[] ModelANames =
        [("n", "degree"), ("Nf", "featureNeurons"), ("nf", "featureNeurons"), ("Nh", "hiddenNeurons"), ("nh", "hiddenNeurons")];
    private static readonly (string, string)[] Radius = [.. Dimension, ("r", "radius")];
    private static readonly (string, string)[] Bipolar = [.. Dimension, ("f", "sparseness"), ("rho", "flipProbability")];

    private static BoundResult Bound(Func<Core.Bound> call, params ReadOnlySpan<(string Symbol, string Name)> names) =>
        Registry.ToBoundResult(CoreCall.Run(call, names));
}
