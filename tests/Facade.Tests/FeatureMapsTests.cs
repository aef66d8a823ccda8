namespace AssociativeKernels.Tests;

/// <summary>K8: explicit feature maps whose dot products are the kernels.</summary>
public class FeatureMapsTests
{
    private static double Dot(double[] a, double[] b) => Kernels.Linear(a, b);

    [Fact]
    public void Polynomial2_features_reproduce_the_degree_two_kernel()
    {
        double[] x = [1, 2, 3];
        double[] y = [-1, 0.5, 2];
        // x·y = −1 + 1 + 6 = 6, so (x·y + 1)² = 49.
        var features = Dot(FeatureMaps.Polynomial2(x), FeatureMaps.Polynomial2(y));
        Assert.True(Tolerances.Relative(features, 49) < Tolerances.FewOperations);
        Assert.Equal(1 + 2 * 3 + 3, FeatureMaps.Polynomial2(x).Length);
        Assert.True(Tolerances.Relative(features, Kernels.Polynomial(x, y, degree: 2, offset: 1)) < Tolerances.FewOperations);
    }

    [Fact]
    public void Pairs_are_the_products_above_the_diagonal()
    {
        Assert.Equal(new double[] { 2, 3, 6 }, FeatureMaps.Pairs(new double[] { 1, 2, 3 }));
        Assert.Equal(new double[] { 2, 3, 6 }, FeatureMaps.Pairs(new float[] { 1, 2, 3 }));
    }

    [Fact]
    public void Sdm_activates_the_addresses_within_the_radius()
    {
        // Hypercube, N = 3, r = 1: bias b = N − 2r = 1, so an address is active when z·x ≥ 1.
        var addresses = new double[,] { { 1, 1, -1 }, { 1, -1, -1 }, { 1, 1, 1 } };
        Assert.Equal(new double[] { 1, 0, 1 }, FeatureMaps.Sdm(addresses, bias: 1, new double[] { 1, 1, 1 }));
        Assert.Equal(new double[] { 1, 0, 1 }, FeatureMaps.Sdm(new double[] { 1, 1, -1, 1, -1, -1, 1, 1, 1 }, bias: 1, new double[] { 1, 1, 1 }));
    }

    [Fact]
    public void Random_addresses_are_reproducible_and_of_the_right_shape()
    {
        var a = FeatureMaps.RandomHypercubeAddresses(count: 5, dimension: 4, seed: 7);
        var b = FeatureMaps.RandomHypercubeAddresses(count: 5, dimension: 4, seed: 7);
        Assert.Equal(5, a.GetLength(0));
        Assert.Equal(4, a.GetLength(1));
        Assert.Equal(a, b);
        Assert.All(a.Cast<double>(), v => Assert.True(v is 1 or -1));

        var sphere = FeatureMaps.RandomHypersphereAddresses(count: 3, dimension: 5, seed: 1);
        for (var m = 0; m < 3; m++)
        {
            var norm2 = Enumerable.Range(0, 5).Sum(i => sphere[m, i] * sphere[m, i]);
            Assert.True(Math.Abs(norm2 - 1) < Tolerances.FewOperations);
        }
    }

    [Fact]
    public void Sdm_features_estimate_the_hypercube_kernel()
    {
        // K5 is the fraction of random addresses active for both patterns (KMN Eq. 15). With K addresses
        // the estimate has standard error √(K5(1 − K5)/K); allow 5 of them.
        const int count = 20000, dimension = 10, radius = 3;
        var addresses = FeatureMaps.RandomHypercubeAddresses(count, dimension, seed: 12345);
        double[] x = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1];
        double[] y = [-1, -1, 1, 1, 1, 1, 1, 1, 1, 1]; // Hamming distance 2
        var bias = dimension - 2 * radius;
        var estimate = Dot(FeatureMaps.Sdm(addresses, bias, x), FeatureMaps.Sdm(addresses, bias, y)) / count;
        var kernel = Kernels.SdmHypercube(dimension, radius, distance: 2).Value;
        var standardError = Math.Sqrt(kernel * (1 - kernel) / count);
        Assert.InRange(estimate, kernel - 5 * standardError, kernel + 5 * standardError);
    }

    [Fact]
    public void Bad_input_names_the_parameter()
    {
        var count = Assert.Throws<ArgumentOutOfRangeException>(() => FeatureMaps.RandomHypercubeAddresses(count: 0, dimension: 4, seed: 1));
        Assert.Equal("count", count.ParamName);
        var dimension = Assert.Throws<ArgumentOutOfRangeException>(() => FeatureMaps.RandomHypersphereAddresses(count: 2, dimension: 0, seed: 1));
        Assert.Equal("dimension", dimension.ParamName);
        var bias = Assert.Throws<ArgumentOutOfRangeException>(() => FeatureMaps.Sdm(new double[,] { { 1 } }, double.NaN, new double[] { 1 }));
        Assert.Equal("bias", bias.ParamName);
    }
}
