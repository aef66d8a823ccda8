namespace AssociativeKernels.Cli;

/// <summary>
/// The seeded random inputs of <c>akern bench</c>, also compiled into bench/Kernels.Benchmarks so that both time
/// the same numbers. Every builder draws from the caller's <see cref="Random"/> in row-major order.
/// </summary>
internal static class BenchInputs
{
    /// <summary>A rows×cols matrix of independent N(0, scale²) entries (the core's Box–Muller sampler, two draws per entry).</summary>
    internal static double[,] Gaussian(Random rng, int rows, int cols, double scale)
    {
        var x = new double[rows, cols];
        for (var i = 0; i < rows; i++)
        {
            // the peers draw from numpy's own generator (same distribution, not the same numbers)
            for (var j = 0; j < cols; j++) x[i, j] = scale * AssociativeKernels.Core.Sampling.Gaussian(rng);
        }
        return x;
    }

    /// <summary><see cref="Gaussian"/> rounded to float.</summary>
    internal static float[,] GaussianF(Random rng, int rows, int cols, double scale) => Single(Gaussian(rng, rows, cols, scale));

    /// <summary>The matrix with every entry rounded to the nearest float.</summary>
    internal static float[,] Single(double[,] x)
    {
        var f = new float[x.GetLength(0), x.GetLength(1)];
        for (var i = 0; i < x.GetLength(0); i++) for (var j = 0; j < x.GetLength(1); j++) f[i, j] = (float)x[i, j];
        return f;
    }

    /// <summary>Rounds every entry to the nearest float, in place (the values stay doubles).</summary>
    internal static void Round32(double[,] x)
    {
        for (var i = 0; i < x.GetLength(0); i++) for (var j = 0; j < x.GetLength(1); j++) x[i, j] = (float)x[i, j];
    }

    /// <summary>A rows×cols matrix of independent ±1 entries, each −1 or +1 with probability ½.</summary>
    internal static double[,] Bipolar(Random rng, int rows, int cols)
    {
        var x = new double[rows, cols];
        for (var i = 0; i < rows; i++) for (var j = 0; j < cols; j++) x[i, j] = rng.Next(2) == 0 ? -1.0 : 1.0;
        return x;
    }

    /// <summary>The first row of <paramref name="x"/>.</summary>
    internal static double[] Row(double[,] x)
    {
        var r = new double[x.GetLength(1)];
        for (var j = 0; j < r.Length; j++) r[j] = x[0, j];
        return r;
    }

    /// <summary>The first row of <paramref name="x"/>.</summary>
    internal static float[] Row32(float[,] x)
    {
        var r = new float[x.GetLength(1)];
        for (var j = 0; j < r.Length; j++) r[j] = x[0, j];
        return r;
    }
}
