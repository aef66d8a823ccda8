using Microsoft.FSharp.Core;
using Core = AssociativeKernels.Core;

namespace AssociativeKernels;

/// <summary>
/// The kernel a kernel memory network compares patterns with (KMN §3.2–4.2): linear, polynomial,
/// exponential, Exp-β and the two infinite-SDM kernels. Immutable; create one with the static factories.
/// Every formula is the core's (<c>Core.Kernel</c>, <c>Core.SdmKernel</c>, SPEC K1–K6): this class only picks the
/// function and its parameters. The inner-product form k(t) of K1–K3 (a function of t = x·y, for the network
/// without self-connections, KMN Eq. 12) is the core kernel on the one-component pair (t), (1), whose inner product is t.
/// </summary>
public sealed class MemoryKernel
{
    private readonly Func<double[], double[], double> kernel;
    private readonly Func<double, double>? innerProduct;

    private MemoryKernel(string description, Func<double[], double[], double> kernel, Func<double, double>? innerProduct)
    {
        Description = description;
        this.kernel = kernel;
        this.innerProduct = innerProduct;
    }

    /// <summary>A short description such as "polynomial(p = 3, c = 1)".</summary>
    public string Description { get; }

    /// <summary>Whether the kernel is an inner-product kernel k(x·y), which the no-self-connection network (KMN Eq. 12) needs.</summary>
    public bool IsInnerProduct => innerProduct is not null;

    /// <summary>The kernel's value K(x, y) for two vectors of the same length.</summary>
    /// <param name="x">The first vector.</param>
    /// <param name="y">The second vector.</param>
    /// <returns>K(x, y).</returns>
    public double Evaluate(double[] x, double[] y) => kernel(x, y);

    /// <inheritdoc/>
    public override string ToString() => Description;

    /// <summary>The one-component vector (1): K(x, y) at (t), (1) is k(t) for an inner-product kernel.</summary>
    private static readonly double[] One = [1.0];

    /// <summary>k(t) of an inner-product kernel K(x, y) = k(x·y): the core's K on the pair (t), (1).</summary>
    private static Func<double, double> OfInnerProduct(Func<double[], double[], double> kernel) => t => kernel([t], One);

    /// <summary>K1, the linear kernel x·y: the classical Hopfield / pseudoinverse case.</summary>
    /// <returns>The kernel.</returns>
    public static MemoryKernel Linear()
    {
        Func<double[], double[], double> k = Core.Kernel.Linear;
        return new("linear", k, OfInnerProduct(k));
    }

    /// <summary>K2, the polynomial kernel (x·y + c)^p, p ≥ 1 whole, c ≥ 0.</summary>
    /// <param name="degree">The degree p ≥ 1.</param>
    /// <param name="offset">The offset c ≥ 0 (0 for the homogeneous kernel).</param>
    /// <returns>The kernel.</returns>
    /// <exception cref="ArgumentOutOfRangeException">degree &lt; 1 or offset negative or not finite.</exception>
    public static MemoryKernel Polynomial(int degree, double offset)
    {
        if (degree < 1) throw new ArgumentOutOfRangeException(nameof(degree), degree, $"degree = {degree} is outside its valid range [1, ∞).");
        if (!(double.IsFinite(offset) && offset >= 0)) throw new ArgumentOutOfRangeException(nameof(offset), offset, $"offset = {offset} is outside its valid range [0, ∞).");
        Func<double[], double[], double> k = (x, y) => Core.Kernel.Polynomial(degree, offset, x, y);
        return new($"polynomial(p = {degree}, c = {offset})", k, OfInnerProduct(k));
    }

    /// <summary>K3, the exponential kernel exp(β x·y), β &gt; 0.</summary>
    /// <param name="beta">The inverse temperature β &gt; 0.</param>
    /// <returns>The kernel.</returns>
    /// <exception cref="ArgumentOutOfRangeException">beta not positive and finite.</exception>
    public static MemoryKernel Exponential(double beta)
    {
        if (!(double.IsFinite(beta) && beta > 0)) throw new ArgumentOutOfRangeException(nameof(beta), beta, $"beta = {beta} is outside its valid range (0, ∞).");
        Func<double[], double[], double> k = (x, y) => Core.Kernel.Exponential(beta, x, y);
        return new($"exponential(β = {beta})", k, OfInnerProduct(k));
    }

    /// <summary>K4, the Exp-β kernel exp(−(‖x − y‖/r)^β) of KMN Eq. 21, β &gt; 0, r &gt; 0.</summary>
    /// <param name="beta">The exponent β &gt; 0.</param>
    /// <param name="radius">The radius r &gt; 0.</param>
    /// <returns>The kernel.</returns>
    /// <exception cref="ArgumentOutOfRangeException">beta or radius not positive and finite.</exception>
    public static MemoryKernel ExpBeta(double beta, double radius)
    {
        if (!(double.IsFinite(beta) && beta > 0)) throw new ArgumentOutOfRangeException(nameof(beta), beta, $"beta = {beta} is outside its valid range (0, ∞).");
        if (!(double.IsFinite(radius) && radius > 0)) throw new ArgumentOutOfRangeException(nameof(radius), radius, $"radius = {radius} is outside its valid range (0, ∞).");
        return new($"Exp-β(β = {beta}, r = {radius})", (x, y) => Core.Kernel.ExpBeta(beta, radius, x, y).Value, null);
    }

    /// <summary>
    /// K5, the kernel of an infinite SDM on the hypercube (KMN Eq. 16) for ±1 vectors of length N, with
    /// Hamming radius r (1 ≤ r ≤ N): a function of the Hamming distance (the core's <c>SparseDistributedMemory.kernel</c>;
    /// a vector with an entry other than ±1, or r &gt; N, is refused when the kernel is evaluated).
    /// </summary>
    /// <param name="radius">The Hamming radius r ≥ 1 (at most the patterns' length).</param>
    /// <returns>The kernel.</returns>
    /// <exception cref="ArgumentOutOfRangeException">radius &lt; 1.</exception>
    public static MemoryKernel SdmHypercube(int radius)
    {
        if (radius < 1) throw new ArgumentOutOfRangeException(nameof(radius), radius, $"radius = {radius} is outside its valid range [1, ∞).");
        var space = Core.SdmSpace.NewHypercube(radius);
        return new($"SDM hypercube(r = {radius})", (x, y) => Core.SparseDistributedMemoryModule.Kernel(space, x, y), null);
    }

    /// <summary>
    /// K6, the kernel of an infinite SDM on the unit hypersphere (KMN Eq. 17) for unit vectors of length
    /// N ≥ 3, with cap bias b ∈ (−1, 1): a function of the cosine x·y (the core's <c>SparseDistributedMemory.kernel</c>;
    /// a vector whose norm is not 1 is refused when the kernel is evaluated).
    /// </summary>
    /// <param name="bias">The cap bias b ∈ (−1, 1) (cosine of the cap angle).</param>
    /// <returns>The kernel.</returns>
    /// <exception cref="ArgumentOutOfRangeException">bias outside (−1, 1).</exception>
    public static MemoryKernel SdmHypersphere(double bias)
    {
        if (!(double.IsFinite(bias) && bias > -1 && bias < 1)) throw new ArgumentOutOfRangeException(nameof(bias), bias, $"bias = {bias} is outside its valid range (-1, 1).");
        var space = Core.SdmSpace.NewHypersphere(bias);
        return new($"SDM hypersphere(b = {bias})", (x, y) => Core.SparseDistributedMemoryModule.Kernel(space, x, y), null);
    }

    internal FSharpFunc<double[], FSharpFunc<double[], double>> ToCore() =>
        FuncConvert.FromFunc<double[], double[], double>(kernel);

    internal FSharpFunc<double, double> InnerProductToCore(string parameterName) =>
        innerProduct is { } k
            ? FuncConvert.FromFunc(k)
            : throw new ArgumentException($"{parameterName}: {Description} is not an inner-product kernel k(x·y); a network without self-connections (KMN Eq. 12) needs linear, polynomial or exponential.", parameterName);
}
