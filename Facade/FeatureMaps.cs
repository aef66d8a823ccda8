using AssociativeKernels.Interop;
using Core = AssociativeKernels.Core;

namespace AssociativeKernels;

/// <summary>
/// Explicit feature maps φ whose dot products give the kernels (K8, KMN Sec. 6 and App. C), and the
/// random addresses of sparse distributed memory. Patterns and addresses are rows.
/// </summary>
public static class FeatureMaps
{
    /// <summary>
    /// The degree-2 polynomial feature map of KMN Eq. 107, with φ(x)·φ(y) = (x·y + 1)² — the polynomial
    /// kernel K2 with p = 2 and c = 1.
    /// </summary>
    /// <param name="x">The input vector (every component finite).</param>
    /// <returns>φ(x).</returns>
    /// <exception cref="ArgumentException">A component is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException">φ(x) (1 + 2N + N(N − 1)/2 entries) would not fit in memory or in one .NET array.</exception>
    /// <exception cref="OverflowException">An entry (a product x_i x_j) is beyond a double's range.</exception>
    public static double[] Polynomial2(ReadOnlySpan<double> x)
    {
        FeatureFootprint("φ(x) of Eq. 107", 1 + 2.0 * x.Length + PairCount(x.Length), x.Length);
        return Core.FeatureMap.Polynomial2(Spans.Vector(x, nameof(x)));
    }

    /// <inheritdoc cref="Polynomial2(ReadOnlySpan{double})"/>
    public static double[] Polynomial2(ReadOnlySpan<float> x)
    {
        FeatureFootprint("φ(x) of Eq. 107", 1 + 2.0 * x.Length + PairCount(x.Length), x.Length);
        return Core.FeatureMap.Polynomial2(Spans.Vector(x, nameof(x)));
    }

    /// <inheritdoc cref="Polynomial2(ReadOnlySpan{double})"/>
    public static double[] Polynomial2(double[] x)
    {
        ArgumentNullException.ThrowIfNull(x);
        return Polynomial2(new ReadOnlySpan<double>(x));
    }

    /// <summary>The pair products (x_i x_j) for i &lt; j, in row order (KMN App. C).</summary>
    /// <param name="x">The input vector of length N (every component finite).</param>
    /// <returns>The N(N − 1)/2 products.</returns>
    /// <exception cref="ArgumentException">A component is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The N(N − 1)/2 products would not fit in memory or in one .NET array.</exception>
    /// <exception cref="OverflowException">A product x_i x_j is beyond a double's range.</exception>
    public static double[] Pairs(ReadOnlySpan<double> x)
    {
        FeatureFootprint("φ_pairs(x)", PairCount(x.Length), x.Length);
        return Core.FeatureMap.Pairs(Spans.Vector(x, nameof(x)));
    }

    /// <inheritdoc cref="Pairs(ReadOnlySpan{double})"/>
    public static double[] Pairs(ReadOnlySpan<float> x)
    {
        FeatureFootprint("φ_pairs(x)", PairCount(x.Length), x.Length);
        return Core.FeatureMap.Pairs(Spans.Vector(x, nameof(x)));
    }

    /// <inheritdoc cref="Pairs(ReadOnlySpan{double})"/>
    public static double[] Pairs(double[] x)
    {
        ArgumentNullException.ThrowIfNull(x);
        return Pairs(new ReadOnlySpan<double>(x));
    }

    /// <summary>
    /// The sparse-distributed-memory feature map φ(x) = Θ(Z x − b) ∈ {0, 1}^K, with Θ(0) = 1: which of the
    /// K addresses (the rows of Z) have an overlap with x of at least the bias b. Its dot product
    /// φ(x)·φ(y)/K estimates the SDM kernels K5 and K6.
    /// </summary>
    /// <param name="addresses">The K×N addresses, row-major (addresses are rows; N is the length of <paramref name="x"/>).</param>
    /// <param name="bias">The bias (activation threshold) b.</param>
    /// <param name="x">The input vector of length N.</param>
    /// <returns>K components, each 0 or 1.</returns>
    /// <exception cref="ArgumentException">The shapes do not match, or an entry is not finite.</exception>
    public static double[] Sdm(ReadOnlySpan<double> addresses, double bias, ReadOnlySpan<double> x)
    {
        var v = Spans.Vector(x, nameof(x));
        var rows = Spans.Rows(addresses, v.Length, nameof(addresses), nameof(x));
        CheckSdm(rows, bias);
        return Core.FeatureMap.Sdm(rows, bias, v);
    }

    /// <summary>The sparse-distributed-memory feature map with the addresses as the rows of a rectangular array.</summary>
    /// <param name="addresses">The K×N addresses (addresses are rows).</param>
    /// <param name="bias">The bias (activation threshold) b.</param>
    /// <param name="x">The input vector of length N.</param>
    /// <returns>K components, each 0 or 1.</returns>
    /// <exception cref="ArgumentException">The shapes do not match, or an entry is not finite.</exception>
    public static double[] Sdm(double[,] addresses, double bias, ReadOnlySpan<double> x)
    {
        var rows = Spans.Rows(addresses, nameof(addresses));
        Spans.SameLength(addresses.GetLength(1), "addresses' dimension", x.Length, nameof(x));
        var v = Spans.Vector(x, nameof(x));
        CheckSdm(rows, bias);
        return Core.FeatureMap.Sdm(rows, bias, v);
    }

    /// <summary>
    /// Random SDM addresses uniform on the hypercube {−1, 1}^N. The same seed gives the same addresses
    /// on any machine.
    /// </summary>
    /// <param name="count">The number of addresses K ≥ 1.</param>
    /// <param name="dimension">The dimension N ≥ 1.</param>
    /// <param name="seed">The seed of the core's generator.</param>
    /// <returns>A K×N array of ±1 (addresses are rows).</returns>
    /// <exception cref="ArgumentOutOfRangeException">A count or dimension is out of range, or the addresses would not fit in memory (ParamName <c>count</c>).</exception>
    public static double[,] RandomHypercubeAddresses(int count, int dimension, int seed)
    {
        CheckAddressShape(count, dimension);
        return Spans.ToMatrix(Core.FeatureMap.RandomHypercubeAddresses(seed, count, dimension));
    }

    /// <summary>
    /// Random SDM addresses uniform on the unit sphere S^{N−1}. The same seed gives the same addresses
    /// on any machine.
    /// </summary>
    /// <param name="count">The number of addresses K ≥ 1.</param>
    /// <param name="dimension">The dimension N ≥ 1.</param>
    /// <param name="seed">The seed of the core's generator.</param>
    /// <returns>A K×N array of unit rows (addresses are rows).</returns>
    /// <exception cref="ArgumentOutOfRangeException">A count or dimension is out of range, or the addresses would not fit in memory (ParamName <c>count</c>).</exception>
    public static double[,] RandomHypersphereAddresses(int count, int dimension, int seed)
    {
        CheckAddressShape(count, dimension);
        return Spans.ToMatrix(Core.FeatureMap.RandomHypersphereAddresses(seed, count, dimension));
    }

    /// <summary>The SDM map's addresses and bias (the shapes are checked by the caller): at least one address, b finite.</summary>
    private static void CheckSdm(double[][] addresses, double bias)
    {
        if (addresses.Length == 0) throw new ArgumentException("addresses is empty; the SDM feature map needs at least one address (addresses are rows).", nameof(addresses));
        Core.Validate.finite(nameof(bias), bias);
    }

    private static void CheckAddressShape(int count, int dimension)
    {
        Core.Validate.atLeast(nameof(count), 1, count);
        Core.Validate.atLeast(nameof(dimension), 1, dimension);
        // The core's rows and the returned K×N array.
        new Footprint(MemoryBudget.Rows(count, dimension) + 8.0 * count * dimension, (double)count * dimension,
            $"{count} random addresses of dimension {dimension}").Require(nameof(count), count);
    }

    /// <summary>N(N − 1)/2, the number of pair products of N entries.</summary>
    private static double PairCount(int n) => n * (n - 1.0) / 2;

    /// <summary>Refuses a feature vector of <paramref name="length"/> doubles that would not fit (in memory, or in one .NET array), naming x.</summary>
    private static void FeatureFootprint(string what, double length, int n) =>
        new Footprint(8 * length, length, $"{what} of {n} inputs ({length:0} features)").Require("x", n);
}
