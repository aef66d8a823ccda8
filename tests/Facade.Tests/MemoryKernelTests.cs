using Core = global::AssociativeKernels.Core;

namespace AssociativeKernels.Tests;

/// <summary>
/// <see cref="MemoryKernel"/> evaluates the core's kernels (SPEC K1–K6), and its inner-product form k(t) of K1–K3 (the
/// network without self-connections, KMN Eq. 12) is the same kernel at x·y = t: checked against closed forms.
/// </summary>
public class MemoryKernelTests
{
    private static readonly double[] X = [0.5, -1.5, 2.0];
    private static readonly double[] Y = [1.0, 0.25, -0.5];

    [Fact]
    public void Linear_polynomial_and_exponential_are_their_closed_forms_and_functions_of_the_inner_product()
    {
        const double dot = 0.5 - 0.375 - 1.0; // x·y = −0.875
        var cases = new (MemoryKernel Kernel, Func<double, double> Closed)[]
        {
            (MemoryKernel.Linear(), t => t),
            (MemoryKernel.Polynomial(3, 1.5), t => (t + 1.5) * (t + 1.5) * (t + 1.5)),
            (MemoryKernel.Exponential(0.7), t => Math.Exp(0.7 * t)),
        };
        foreach (var (kernel, closed) in cases)
        {
            Assert.True(kernel.IsInnerProduct);
            Assert.Equal(closed(dot), kernel.Evaluate(X, Y), 1e-15);
            var k = kernel.InnerProductToCore("kernel");
            foreach (var t in new[] { -2.0, 0.0, dot, 3.25 }) Assert.Equal(closed(t), k.Invoke(t), 1e-14 * Math.Max(1, Math.Abs(closed(t))));
        }
    }

    [Fact]
    public void The_SDM_kernels_are_the_core_kernels_of_the_Hamming_distance_and_the_cosine()
    {
        double[] a = [1, -1, 1, 1, -1], b = [1, 1, 1, -1, -1];
        Assert.Equal(Core.SdmKernel.Hypercube(5, 2, 2).Value, MemoryKernel.SdmHypercube(2).Evaluate(a, b));
        double[] u = [0.6, 0.8, 0], v = [0, 1, 0];
        Assert.Equal(Core.SdmKernel.HypersphereExact(3, 0.3, 0.8).Value, MemoryKernel.SdmHypersphere(0.3).Evaluate(u, v), 1e-15);
        Assert.False(MemoryKernel.SdmHypercube(2).IsInnerProduct);
        // Outside the kernel's space: an entry other than ±1 on the hypercube, a non-unit vector on the sphere.
        Assert.Throws<ArgumentOutOfRangeException>(() => MemoryKernel.SdmHypercube(2).Evaluate([1, 0.5, 1, 1, -1], b));
        Assert.Throws<ArgumentOutOfRangeException>(() => MemoryKernel.SdmHypersphere(0.3).Evaluate([1, 1, 0], v));
    }
}
