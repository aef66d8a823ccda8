using AssociativeKernels.Interop;
using Core = AssociativeKernels.Core;

namespace AssociativeKernels;

/// <summary>
/// The kernels K1–K8 of the associative-memory papers (KMN: kernel memory networks; DAM: dense
/// associative memory; UHN: universal Hopfield networks), as a C# program calls them. Each method checks
/// its arguments (a finite number in every component, matching lengths), then evaluates the F# core's
/// formula, which is the single home of each kernel. Invalid parameters throw an
/// <see cref="ArgumentOutOfRangeException"/> whose <see cref="ArgumentException.ParamName"/> is the C#
/// parameter's name and whose message states the value and the valid range.
/// </summary>
public static class Kernels
{
    // ---- K1 linear ---------------------------------------------------------------------------

    /// <summary>K1, the linear kernel x·y (classical Hopfield network).</summary>
    /// <param name="x">The first vector.</param>
    /// <param name="y">The second vector, of the same length.</param>
    /// <returns>The dot product x·y (formed without intermediate overflow: 1e200·1e200 − 1e200·1e200 is 0, not NaN).</returns>
    /// <exception cref="ArgumentException">The lengths differ, or a component is not finite.</exception>
    /// <exception cref="OverflowException">|x·y| exceeds the largest double (about 1.8e308).</exception>
    public static double Linear(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        var (a, b) = Pair(x, y);
        return Representable(Core.Kernel.Linear(a, b), "x·y");
    }

    /// <inheritdoc cref="Linear(ReadOnlySpan{double}, ReadOnlySpan{double})"/>
    public static double Linear(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        var (a, b) = Pair(x, y);
        return Representable(Core.Kernel.Linear(a, b), "x·y");
    }

    /// <inheritdoc cref="Linear(ReadOnlySpan{double}, ReadOnlySpan{double})"/>
    public static double Linear(double[] x, double[] y) => Linear(NotNull(x, nameof(x)), NotNull(y, nameof(y)));

    // ---- K2 polynomial -----------------------------------------------------------------------

    /// <summary>K2, the polynomial kernel (x·y + c)^p; c = 0 gives the homogeneous kernel (x·y)^p.</summary>
    /// <param name="x">The first vector.</param>
    /// <param name="y">The second vector, of the same length.</param>
    /// <param name="degree">The degree p, at least 1.</param>
    /// <param name="offset">The constant c added to the dot product, at least 0.</param>
    /// <returns>(x·y + c)^p.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="degree"/> or <paramref name="offset"/> is out of range.</exception>
    /// <exception cref="ArgumentException">The lengths differ, or a component is not finite.</exception>
    /// <exception cref="OverflowException">|(x·y + c)^p| exceeds the largest double (about 1.8e308).</exception>
    public static double Polynomial(ReadOnlySpan<double> x, ReadOnlySpan<double> y, int degree, double offset)
    {
        var (a, b) = Pair(x, y);
        CheckPolynomial(degree, offset);
        return Representable(Core.Kernel.Polynomial(degree, offset, a, b), "(x·y + c)^p");
    }

    /// <inheritdoc cref="Polynomial(ReadOnlySpan{double}, ReadOnlySpan{double}, int, double)"/>
    public static double Polynomial(ReadOnlySpan<float> x, ReadOnlySpan<float> y, int degree, double offset)
    {
        var (a, b) = Pair(x, y);
        CheckPolynomial(degree, offset);
        return Representable(Core.Kernel.Polynomial(degree, offset, a, b), "(x·y + c)^p");
    }

    /// <inheritdoc cref="Polynomial(ReadOnlySpan{double}, ReadOnlySpan{double}, int, double)"/>
    public static double Polynomial(double[] x, double[] y, int degree, double offset) =>
        Polynomial(NotNull(x, nameof(x)), NotNull(y, nameof(y)), degree, offset);

    /// <summary>
    /// K2 in DAM's form, the rectified polynomial ReP_n(x) = xⁿ for x ≥ 0 and 0 otherwise (DAM Eq. 3),
    /// applied to an overlap x.
    /// </summary>
    /// <param name="degree">The degree n, at least 1.</param>
    /// <param name="overlap">The overlap x (a finite number).</param>
    /// <returns>ReP_n(x).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="degree"/> or <paramref name="overlap"/> is out of range.</exception>
    public static double RectifiedPolynomial(int degree, double overlap)
    {
        Core.Validate.atLeast(nameof(degree), 1, degree);
        Core.Validate.finite(nameof(overlap), overlap);
        return Core.Kernel.RectifiedPolynomial(degree, overlap);
    }

    // ---- K3 exponential ----------------------------------------------------------------------

    /// <summary>K3, the exponential kernel exp(β x·y) (modern Hopfield network).</summary>
    /// <param name="x">The first vector.</param>
    /// <param name="y">The second vector, of the same length.</param>
    /// <param name="beta">The inverse temperature β &gt; 0.</param>
    /// <returns>exp(β x·y), finite (+∞ is never returned).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="beta"/> is out of range.</exception>
    /// <exception cref="ArgumentException">The lengths differ, or a component is not finite.</exception>
    /// <exception cref="OverflowException">β x·y exceeds ln(double.MaxValue) ≈ 709.78, so exp(β x·y) exceeds the largest double.</exception>
    public static double Exponential(ReadOnlySpan<double> x, ReadOnlySpan<double> y, double beta)
    {
        var (a, b) = Pair(x, y);
        Core.Validate.positive(nameof(beta), beta);
        return Representable(Core.Kernel.Exponential(beta, a, b), "exp(β x·y)");
    }

    /// <inheritdoc cref="Exponential(ReadOnlySpan{double}, ReadOnlySpan{double}, double)"/>
    public static double Exponential(ReadOnlySpan<float> x, ReadOnlySpan<float> y, double beta)
    {
        var (a, b) = Pair(x, y);
        Core.Validate.positive(nameof(beta), beta);
        return Representable(Core.Kernel.Exponential(beta, a, b), "exp(β x·y)");
    }

    /// <inheritdoc cref="Exponential(ReadOnlySpan{double}, ReadOnlySpan{double}, double)"/>
    public static double Exponential(double[] x, double[] y, double beta) =>
        Exponential(NotNull(x, nameof(x)), NotNull(y, nameof(y)), beta);

    // ---- K4 exp-β ----------------------------------------------------------------------------

    /// <summary>K4, the exp-β kernel exp(−(‖x − y‖/r)^β) (KMN), with its natural log −(‖x − y‖/r)^β.</summary>
    /// <param name="x">The first vector.</param>
    /// <param name="y">The second vector, of the same length.</param>
    /// <param name="beta">The exponent β &gt; 0.</param>
    /// <param name="radius">The radius r &gt; 0.</param>
    /// <returns>The kernel's value and its natural log (the value underflows to 0 long before the log does).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="beta"/> or <paramref name="radius"/> is out of range.</exception>
    /// <exception cref="ArgumentException">The lengths differ, or a component is not finite.</exception>
    public static KernelValue ExpBeta(ReadOnlySpan<double> x, ReadOnlySpan<double> y, double beta, double radius)
    {
        var (a, b) = Pair(x, y);
        Registry.Check(Core.Kernel.ExpBetaFormula, ("beta", beta, nameof(beta)), ("r", radius, nameof(radius)));
        return ToKernelValue(Core.Kernel.ExpBeta(beta, radius, a, b));
    }

    /// <inheritdoc cref="ExpBeta(ReadOnlySpan{double}, ReadOnlySpan{double}, double, double)"/>
    public static KernelValue ExpBeta(ReadOnlySpan<float> x, ReadOnlySpan<float> y, double beta, double radius)
    {
        var (a, b) = Pair(x, y);
        Registry.Check(Core.Kernel.ExpBetaFormula, ("beta", beta, nameof(beta)), ("r", radius, nameof(radius)));
        return ToKernelValue(Core.Kernel.ExpBeta(beta, radius, a, b));
    }

    /// <inheritdoc cref="ExpBeta(ReadOnlySpan{double}, ReadOnlySpan{double}, double, double)"/>
    public static KernelValue ExpBeta(double[] x, double[] y, double beta, double radius) =>
        ExpBeta(NotNull(x, nameof(x)), NotNull(y, nameof(y)), beta, radius);

    /// <summary>K4 as a function of the distance d = ‖x − y‖: exp(−(d/r)^β).</summary>
    /// <param name="distance">The distance d ≥ 0.</param>
    /// <param name="beta">The exponent β &gt; 0.</param>
    /// <param name="radius">The radius r &gt; 0.</param>
    /// <returns>The kernel's value and its natural log.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range.</exception>
    public static KernelValue ExpBeta(double distance, double beta, double radius)
    {
        Registry.Check(Core.Kernel.ExpBetaFormula, ("beta", beta, nameof(beta)), ("r", radius, nameof(radius)), ("d", distance, nameof(distance)));
        return ToKernelValue(Core.Kernel.ExpBetaOfDistance(beta, radius, distance));
    }

    /// <summary>
    /// K4's limit β → ∞ (KMN Property 5.1): the step Θ(r − ‖x − y‖), which is 1 inside the radius,
    /// 0 outside, and e⁻¹ on the boundary (the limit of exp(−1^β)).
    /// </summary>
    /// <param name="x">The first vector.</param>
    /// <param name="y">The second vector, of the same length.</param>
    /// <param name="radius">The radius r &gt; 0.</param>
    /// <returns>1, e⁻¹ or 0.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="radius"/> is out of range.</exception>
    /// <exception cref="ArgumentException">The lengths differ, or a component is not finite.</exception>
    public static double ExpBetaLimit(ReadOnlySpan<double> x, ReadOnlySpan<double> y, double radius)
    {
        var (a, b) = Pair(x, y);
        Registry.Check(Core.Kernel.ExpBetaLimitFormula, ("r", radius, nameof(radius)));
        return Core.Kernel.ExpBetaLimit(radius, a, b);
    }

    /// <inheritdoc cref="ExpBetaLimit(ReadOnlySpan{double}, ReadOnlySpan{double}, double)"/>
    public static double ExpBetaLimit(ReadOnlySpan<float> x, ReadOnlySpan<float> y, double radius)
    {
        var (a, b) = Pair(x, y);
        Registry.Check(Core.Kernel.ExpBetaLimitFormula, ("r", radius, nameof(radius)));
        return Core.Kernel.ExpBetaLimit(radius, a, b);
    }

    /// <inheritdoc cref="ExpBetaLimit(ReadOnlySpan{double}, ReadOnlySpan{double}, double)"/>
    public static double ExpBetaLimit(double[] x, double[] y, double radius) =>
        ExpBetaLimit(NotNull(x, nameof(x)), NotNull(y, nameof(y)), radius);

    /// <summary>K4's limit β → ∞ as a function of the distance d: Θ(r − d), with Θ(0) = e⁻¹.</summary>
    /// <param name="distance">The distance d ≥ 0.</param>
    /// <param name="radius">The radius r &gt; 0.</param>
    /// <returns>1, e⁻¹ or 0.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range.</exception>
    public static double ExpBetaLimit(double distance, double radius)
    {
        Registry.Check(Core.Kernel.ExpBetaLimitFormula, ("r", radius, nameof(radius)), ("d", distance, nameof(distance)));
        return Core.Kernel.ExpBetaLimitOfDistance(radius, distance);
    }

    // ---- K5, K6 sparse distributed memory ----------------------------------------------------

    /// <summary>
    /// K5, the SDM kernel on the hypercube {−1, 1}^N (KMN Eq. 16): the fraction of the 2^N addresses
    /// within Hamming radius r of both of two patterns at Hamming distance δ.
    /// </summary>
    /// <param name="dimension">The dimension N ≥ 1.</param>
    /// <param name="radius">The Hamming radius r, 1 ≤ r ≤ N.</param>
    /// <param name="distance">The Hamming distance δ between the two patterns, 0 ≤ δ ≤ N.</param>
    /// <returns>The kernel's value and its natural log (−∞ when the two balls do not intersect).</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range.</exception>
    public static KernelValue SdmHypercube(int dimension, int radius, int distance)
    {
        Registry.Check(Core.SdmKernel.HypercubeFormula,
            ("N", dimension, nameof(dimension)), ("r", radius, nameof(radius)), ("delta", distance, nameof(distance)));
        return ToKernelValue(Core.SdmKernel.Hypercube(dimension, radius, distance));
    }

    /// <summary>
    /// K6, the SDM kernel on the hypersphere S^{N−1}, exact (KMN Eqs. 17 and 43): the fraction of the
    /// sphere's surface whose cosine with both of two patterns is at least the bias b.
    /// </summary>
    /// <param name="dimension">The dimension N ≥ 3.</param>
    /// <param name="bias">The bias b, −1 &lt; b &lt; 1.</param>
    /// <param name="cosine">The cosine of the angle between the two patterns, −1 ≤ cos θ ≤ 1.</param>
    /// <returns>The kernel's value and its natural log.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range.</exception>
    public static KernelValue SdmHypersphereExact(int dimension, double bias, double cosine)
    {
        Registry.Check(Core.SdmKernel.HypersphereExactFormula,
            ("N", dimension, nameof(dimension)), ("b", bias, nameof(bias)), ("cos", cosine, nameof(cosine)));
        return ToKernelValue(Core.SdmKernel.HypersphereExact(dimension, bias, cosine));
    }

    /// <summary>K6, the SDM kernel on the hypersphere, the large-N approximation (KMN Eqs. 18 and 48).</summary>
    /// <param name="dimension">The dimension N ≥ 2.</param>
    /// <param name="bias">The bias b, −1 &lt; b &lt; 1.</param>
    /// <param name="cosine">The cosine of the angle between the two patterns, −1 ≤ cos θ ≤ 1.</param>
    /// <returns>The kernel's value and its natural log.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range.</exception>
    public static KernelValue SdmHypersphereApprox(int dimension, double bias, double cosine)
    {
        Registry.Check(Core.SdmKernel.HypersphereApproxFormula,
            ("N", dimension, nameof(dimension)), ("b", bias, nameof(bias)), ("cos", cosine, nameof(cosine)));
        return ToKernelValue(Core.SdmKernel.HypersphereApprox(dimension, bias, cosine));
    }

    /// <summary>
    /// The fraction of the sphere S^{N−1} in a cap {z : z·x ≥ b}, ½ I_{1−b²}((N−1)/2, ½) for b ≥ 0 and
    /// its complement for b &lt; 0 (the normalization of K6).
    /// </summary>
    /// <param name="dimension">The dimension N ≥ 2.</param>
    /// <param name="bias">The bias b, −1 &lt; b &lt; 1.</param>
    /// <returns>The fraction and its natural log.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range.</exception>
    public static KernelValue CapFraction(int dimension, double bias)
    {
        // The cap is K6's normalization: its parameters are K6's N (here ≥ 2) and b.
        Registry.Check(Core.SdmKernel.HypersphereApproxFormula, ("N", dimension, nameof(dimension)), ("b", bias, nameof(bias)));
        return ToKernelValue(Core.SdmKernel.CapFraction(dimension, bias));
    }

    // ---- K7 softmax --------------------------------------------------------------------------

    /// <summary>
    /// K7, the softmax attention weights softmax_μ(β ξ^μ·q) of a query over the stored patterns ξ^μ
    /// (UHN; modern Hopfield network), computed with log-sum-exp so it is exact at any β.
    /// </summary>
    /// <param name="patterns">The M×N patterns, row-major (patterns are rows; N is the query's length).</param>
    /// <param name="query">The query q, of length N ≥ 1.</param>
    /// <param name="beta">The inverse temperature β &gt; 0.</param>
    /// <returns>M weights that sum to 1.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="beta"/> is out of range, or an entry is not finite.</exception>
    /// <exception cref="ArgumentException">The patterns' length is not a whole number of rows, or there are none.</exception>
    public static double[] Softmax(ReadOnlySpan<double> patterns, ReadOnlySpan<double> query, double beta)
    {
        var q = Spans.Vector(query, nameof(query));
        var rows = Spans.Rows(patterns, q.Length, nameof(patterns), nameof(query));
        return Core.Kernel.softmaxNamed(nameof(query), beta, rows, q);
    }

    /// <inheritdoc cref="Softmax(ReadOnlySpan{double}, ReadOnlySpan{double}, double)"/>
    public static double[] Softmax(ReadOnlySpan<float> patterns, ReadOnlySpan<float> query, double beta)
    {
        var q = Spans.Vector(query, nameof(query));
        var rows = Spans.Rows(patterns, q.Length, nameof(patterns), nameof(query));
        return Core.Kernel.softmaxNamed(nameof(query), beta, rows, q);
    }

    /// <summary>K7 with the patterns as the rows of a rectangular array.</summary>
    /// <param name="patterns">The M×N patterns (patterns are rows).</param>
    /// <param name="query">The query q, of length N.</param>
    /// <param name="beta">The inverse temperature β &gt; 0.</param>
    /// <returns>M weights that sum to 1.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="beta"/> is out of range, or an entry is not finite.</exception>
    /// <exception cref="ArgumentException">The query's length differs from the patterns' dimension, or there are no patterns.</exception>
    public static double[] Softmax(double[,] patterns, ReadOnlySpan<double> query, double beta)
    {
        var rows = Spans.Rows(patterns, nameof(patterns));
        Spans.SameLength(patterns.GetLength(1), "patterns' dimension", query.Length, nameof(query));
        var q = Spans.Vector(query, nameof(query));
        return Core.Kernel.softmaxNamed(nameof(query), beta, rows, q);
    }

    /// <summary>
    /// K7's limit β → ∞: the index of the pattern with the largest overlap ξ^μ·q (the lowest index on ties).
    /// </summary>
    /// <param name="patterns">The M×N patterns, row-major (patterns are rows; N is the query's length).</param>
    /// <param name="query">The query q, of length N ≥ 1.</param>
    /// <returns>The index μ of the best-matching pattern.</returns>
    /// <exception cref="ArgumentException">The patterns' length is not a whole number of rows, there are none, or an entry is not finite.</exception>
    public static int Argmax(ReadOnlySpan<double> patterns, ReadOnlySpan<double> query)
    {
        var q = Spans.Vector(query, nameof(query));
        var rows = Spans.Rows(patterns, q.Length, nameof(patterns), nameof(query));
        return Core.Kernel.Argmax(rows, q);
    }

    /// <inheritdoc cref="Argmax(ReadOnlySpan{double}, ReadOnlySpan{double})"/>
    public static int Argmax(ReadOnlySpan<float> patterns, ReadOnlySpan<float> query)
    {
        var q = Spans.Vector(query, nameof(query));
        var rows = Spans.Rows(patterns, q.Length, nameof(patterns), nameof(query));
        return Core.Kernel.Argmax(rows, q);
    }

    /// <summary>K7's limit β → ∞ with the patterns as the rows of a rectangular array.</summary>
    /// <param name="patterns">The M×N patterns (patterns are rows).</param>
    /// <param name="query">The query q, of length N.</param>
    /// <returns>The index μ of the best-matching pattern (the lowest index on ties).</returns>
    /// <exception cref="ArgumentException">The query's length differs from the patterns' dimension, there are no patterns, or an entry is not finite.</exception>
    public static int Argmax(double[,] patterns, ReadOnlySpan<double> query)
    {
        var rows = Spans.Rows(patterns, nameof(patterns));
        Spans.SameLength(patterns.GetLength(1), "patterns' dimension", query.Length, nameof(query));
        var q = Spans.Vector(query, nameof(query));
        return Core.Kernel.Argmax(rows, q);
    }

    // ---- registry ----------------------------------------------------------------------------

    /// <summary>Every closed-form kernel in the core's registry (the ids <c>akern kernel</c> accepts).</summary>
    /// <returns>The kernels' descriptors, in registry order.</returns>
    public static IReadOnlyList<KernelInfo> List() => Registry.Kernels;

    /// <summary>Looks up a closed-form kernel by id.</summary>
    /// <param name="id">The kernel's id, e.g. <c>sdm-hypercube</c>.</param>
    /// <param name="info">The kernel's descriptor when found.</param>
    /// <returns>Whether the id is registered.</returns>
    public static bool TryGetInfo(string id, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out KernelInfo? info) =>
        Registry.TryGetKernel(id, out info);

    /// <summary>
    /// Evaluates a registered kernel by id, with parameters keyed by the papers' symbols
    /// (e.g. <c>{"N": 100, "r": 40, "delta": 10}</c> for <c>sdm-hypercube</c>).
    /// </summary>
    /// <param name="id">The kernel's id.</param>
    /// <param name="parameters">Every parameter of the kernel, by symbol, and no others.</param>
    /// <returns>The kernel's value and natural log, its equation, and whether the parameters are in range (inside the regime of its derivation).</returns>
    /// <exception cref="ArgumentException">The id is unknown, a parameter is missing or unknown, or a value is out of range (then an <see cref="ArgumentOutOfRangeException"/> naming the symbol).</exception>
    public static KernelResult Evaluate(string id, IReadOnlyDictionary<string, double> parameters) =>
        Registry.EvaluateKernel(id, parameters);

    /// <summary>
    /// Evaluates a registered kernel by id when its parameters come from outside (a file, a user), where a
    /// bad id or value is an expected outcome rather than a bug.
    /// </summary>
    /// <param name="id">The kernel's id.</param>
    /// <param name="parameters">Every parameter of the kernel, by symbol, and no others.</param>
    /// <param name="result">The result when the evaluation succeeded.</param>
    /// <param name="error">Why it failed (one line naming the parameter and its valid range), or <see langword="null"/>.</param>
    /// <returns>Whether the evaluation succeeded.</returns>
    public static bool TryEvaluate(
        string id,
        IReadOnlyDictionary<string, double> parameters,
        out KernelResult result,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(parameters);
        return Registry.TryEvaluate(() => Registry.EvaluateKernel(id, parameters), out result, out error);
    }

    // ---- helpers -----------------------------------------------------------------------------

    // K1–K3 and K7 are not registry entries: their few ranges are checked here under the caller's names by
    // the core's own checks (Core.Validate, which the core's functions use), then the core evaluates.
    /// <summary>A kernel value the core returned, or an <see cref="OverflowException"/> where it is ±∞ (beyond the doubles; the entries were finite).</summary>
    private static double Representable(double value, string formula) =>
        double.IsFinite(value) ? value
            : throw new OverflowException($"{formula} is {(value > 0 ? "above" : "below")} the range of a double (|value| > {double.MaxValue.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}).");

    private static void CheckPolynomial(int degree, double offset)
    {
        Core.Validate.atLeast(nameof(degree), 1, degree);
        Core.Validate.nonNegative(nameof(offset), offset);
    }

    private static ReadOnlySpan<T> NotNull<T>(T[] array, string name)
    {
        ArgumentNullException.ThrowIfNull(array, name);
        return array;
    }

    private static (double[] X, double[] Y) Pair(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        Spans.SameLength(x.Length, nameof(x), y.Length, nameof(y));
        return (Spans.Vector(x, nameof(x)), Spans.Vector(y, nameof(y)));
    }

    private static (double[] X, double[] Y) Pair(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        Spans.SameLength(x.Length, nameof(x), y.Length, nameof(y));
        return (Spans.Vector(x, nameof(x)), Spans.Vector(y, nameof(y)));
    }

    internal static KernelValue ToKernelValue(Core.LogValue value) => new(value.Value, value.Ln);
}
