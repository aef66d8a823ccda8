using AssociativeKernels.Interop;
using Core = AssociativeKernels.Core;

namespace AssociativeKernels;

/// <summary>
/// The query perturbations of the universal Hopfield network's image experiments (Millidge et al. 2022,
/// §4 and App. H): masking the top of the image, random masking, inpainting (masking the edges) and
/// Gaussian noise clipped to [0, 1]. Images are flattened row-major (pixel (r, c) is entry
/// <c>columns·r + c</c>) with pixels in [0, 1]; each call returns a new array. The random ones draw from the
/// <see cref="Random"/> passed in, so a seeded generator gives the same queries on every platform.
/// </summary>
public static class ImagePerturbations
{
    /// <summary>UHN §4 masking: the first round(f·N) pixels in row-major order (the top rows) are set to 0; f = 0.5 masks the top half.</summary>
    /// <param name="image">The image.</param>
    /// <param name="fraction">The masked fraction f in [0, 1].</param>
    /// <returns>The masked image.</returns>
    /// <exception cref="ArgumentException">An empty image, a non-finite pixel, or f outside [0, 1].</exception>
    public static double[] MaskTop(ReadOnlySpan<double> image, double fraction)
    {
        var x = Image(image);
        Core.Validate.closed(nameof(fraction), 0, 1, fraction);
        return Core.ImagePerturbation.MaskTop(fraction, x);
    }

    /// <summary>UHN App. H random masking: each pixel is set to 0 independently with probability f.</summary>
    /// <param name="image">The image.</param>
    /// <param name="fraction">The masking probability f in [0, 1].</param>
    /// <param name="random">The source of the draws (one per pixel).</param>
    /// <returns>The masked image.</returns>
    /// <exception cref="ArgumentException">An empty image, a non-finite pixel, or f outside [0, 1].</exception>
    public static double[] MaskRandom(ReadOnlySpan<double> image, double fraction, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var x = Image(image);
        Core.Validate.closed(nameof(fraction), 0, 1, fraction);
        return Core.ImagePerturbation.MaskRandom(random, fraction, x);
    }

    /// <summary>UHN App. H inpainting as the authors' code does it: a frame <paramref name="width"/> pixels wide on all four sides is set to 0.</summary>
    /// <param name="image">The image, rows × columns pixels.</param>
    /// <param name="rows">The image height.</param>
    /// <param name="columns">The image width.</param>
    /// <param name="width">The frame width w ≥ 0 (the authors' code uses w = ⌊rows·f/2⌋ for its fraction f, <see cref="EdgeWidth"/>).</param>
    /// <returns>The masked image.</returns>
    /// <exception cref="ArgumentException">A bad image or shape, or a negative width.</exception>
    public static double[] MaskEdges(ReadOnlySpan<double> image, int rows, int columns, int width)
    {
        var x = Image(image);
        Core.Validate.atLeast(nameof(rows), 1, rows);
        Core.Validate.atLeast(nameof(columns), 1, columns);
        Core.Validate.atLeast(nameof(width), 0, width);
        if (x.Length != (long)rows * columns)
        {
            throw new ArgumentException(
                $"image has length {x.Length} but rows × columns = {rows} × {columns} = {(long)rows * columns}; they must match.", nameof(image));
        }
        return Core.ImagePerturbation.MaskEdges(rows, columns, width, x);
    }

    /// <summary>The frame width ⌊rows·f/2⌋ the authors' code gives its inpainting fraction f (f = 0.5 on 28 rows: 7 pixels, 75% of the image masked).</summary>
    /// <param name="rows">The image height (≥ 1).</param>
    /// <param name="fraction">The authors' fraction f in [0, 1].</param>
    /// <returns>The frame width.</returns>
    /// <exception cref="ArgumentException">rows &lt; 1 or f outside [0, 1].</exception>
    public static int EdgeWidth(int rows, double fraction)
    {
        Core.Validate.atLeast(nameof(rows), 1, rows);
        Core.Validate.closed(nameof(fraction), 0, 1, fraction);
        return Core.ImagePerturbation.EdgeWidth(rows, fraction);
    }

    /// <summary>UHN §4 noise: zero-mean Gaussian noise of variance σ² added to every pixel, then clipped back to [0, 1].</summary>
    /// <param name="image">The image.</param>
    /// <param name="variance">σ² ≥ 0.</param>
    /// <param name="random">The source of the draws (one normal draw per pixel).</param>
    /// <returns>The noisy image.</returns>
    /// <exception cref="ArgumentException">An empty image, a non-finite pixel, or a negative variance.</exception>
    public static double[] AddGaussianNoise(ReadOnlySpan<double> image, double variance, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var x = Image(image);
        Core.Validate.nonNegative(nameof(variance), variance);
        return Core.ImagePerturbation.AddGaussianNoise(random, variance, x);
    }

    /// <summary>The image (parameter <c>image</c>) as a copy for the core: at least one pixel, every pixel finite.</summary>
    private static double[] Image(ReadOnlySpan<double> image)
    {
        if (image.IsEmpty) throw new ArgumentException("image is empty; it must hold at least one pixel.", nameof(image));
        return Spans.Vector(image, nameof(image));
    }
}

/// <summary>
/// UHN App. E's retrieval criterion: a reconstruction counts as correct when the sum of squared pixel errors
/// against the true image is below a threshold (50 in the paper).
/// </summary>
public static class RetrievalCriterion
{
    /// <summary>The paper's threshold, 50 (UHN App. E and G, Figs. 2–3).</summary>
    public static double UhnThreshold => Core.RetrievalCriterion.UhnThreshold;

    /// <summary>The sum of squared pixel errors Σ(z − z*)².</summary>
    /// <param name="retrieved">The reconstruction z.</param>
    /// <param name="target">The true image z* (same length).</param>
    /// <returns>The squared error; +∞ when it exceeds the largest double (entries more than about 1e154 apart), which no
    /// threshold accepts (<see cref="IsCorrect(ReadOnlySpan{double}, ReadOnlySpan{double}, double)"/> is then false).</returns>
    /// <exception cref="ArgumentException">Different lengths or a non-finite entry.</exception>
    public static double SquaredError(ReadOnlySpan<double> retrieved, ReadOnlySpan<double> target)
    {
        var z = Spans.Vector(retrieved, nameof(retrieved));
        var t = Spans.Vector(target, nameof(target));
        Spans.SameLength(z.Length, nameof(retrieved), t.Length, nameof(target));
        return Core.RetrievalCriterion.SquaredError(z, t);
    }

    /// <summary>Whether the retrieval is correct: squared error strictly below the threshold.</summary>
    /// <param name="retrieved">The reconstruction z.</param>
    /// <param name="target">The true image z*.</param>
    /// <param name="threshold">The threshold T &gt; 0 (default the paper's 50).</param>
    /// <returns>Whether Σ(z − z*)² &lt; T.</returns>
    /// <exception cref="ArgumentException">Different lengths, a non-finite entry, or T ≤ 0.</exception>
    public static bool IsCorrect(ReadOnlySpan<double> retrieved, ReadOnlySpan<double> target, double threshold = 50)
    {
        var z = Spans.Vector(retrieved, nameof(retrieved));
        var t = Spans.Vector(target, nameof(target));
        Spans.SameLength(z.Length, nameof(retrieved), t.Length, nameof(target));
        Core.Validate.positive(nameof(threshold), threshold);
        return Core.RetrievalCriterion.IsCorrect(threshold, z, t);
    }
}
