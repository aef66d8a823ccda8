using static AssociativeKernels.Cli.BenchInputs;

namespace AssociativeKernels.Benchmarks;

/// <summary>
/// The inputs and memories of the <c>akern bench</c> cases at any shape, drawn from <c>System.Random(1)</c> in the
/// order Cli/Commands/BenchCommand.cs draws them, so that at the akern defaults they are the same numbers.
/// </summary>
internal static class CaseInputs
{
    /// <summary>
    /// Dense cases (mchn-batch, mchn-single, manhattan-batch): M×N patterns, then Q×N queries, entries N(0, 1/N);
    /// with <paramref name="f32"/> the queries are rounded to float (the values of the float[,] queries
    /// mchn-batch --dtype f32 passes; the patterns stay double, as there).
    /// </summary>
    internal static (double[,] Patterns, double[,] Queries) Dense(int m, int n, int q, bool f32)
    {
        var rng = new Random(1);
        var patterns = Gaussian(rng, m, n, 1 / Math.Sqrt(n));
        var queries = Gaussian(rng, q, n, 1 / Math.Sqrt(n));
        if (f32) Round32(queries);
        return (patterns, queries);
    }

    /// <summary>±1 cases (bipolar-nearest, sdm-read, dam-async-sweep): M×N patterns, then Q×N queries.</summary>
    internal static (double[,] Patterns, double[,] Queries) Bipolars(int m, int n, int q)
    {
        var rng = new Random(1);
        var patterns = Bipolar(rng, m, n);
        return (patterns, Bipolar(rng, q, n));
    }

    /// <summary>mchn-batch/mchn-single's network (the dtype is the queries').</summary>
    internal static ModernHopfieldNetwork Modern(double[,] patterns, double beta) => ModernHopfieldNetwork.Create(patterns, beta);

    /// <summary>manhattan-batch's network: Manhattan similarity, softmax separation at β.</summary>
    internal static UniversalHopfieldNetwork Manhattan(double[,] patterns, double beta) =>
        UniversalHopfieldNetwork.Create(patterns, new UniversalHopfieldOptions { Similarity = SimilarityFunction.Manhattan, Separation = SeparationFunction.Softmax, Beta = beta });

    /// <summary>sdm-read's memory: Nphi hypercube slots of radius r (address seed 1), the patterns written auto-associatively.</summary>
    internal static SparseDistributedMemory Sdm(double[,] patterns, int slots, int radius)
    {
        var n = patterns.GetLength(1);
        return SparseDistributedMemory.CreateHypercube(slots, n, n, radius, 1).WriteMany(patterns, patterns);
    }

    /// <summary>dam-async-sweep's memory: F(x) = x³.</summary>
    internal static DenseAssociativeMemory Dam(double[,] patterns) =>
        DenseAssociativeMemory.Create(patterns, DenseEnergyFunction.Polynomial, 3);

    /// <summary>The matrix row after row (row-major), for the span overloads.</summary>
    internal static T[] Flat<T>(T[,] x) where T : unmanaged
    {
        var flat = new T[x.Length];
        Buffer.BlockCopy(x, 0, flat, 0, Buffer.ByteLength(x));
        return flat;
    }
}

/// <summary>
/// The batched dense retrieval the benchmarks and verify call, over <see cref="ModernHopfieldNetwork"/> (mchn-batch) and
/// <see cref="UniversalHopfieldNetwork"/> (manhattan-batch) alike: Z (Q×N), one retrieved row per query row.
/// </summary>
internal interface IDenseBatch
{
    double[,] RetrieveBatch(double[,] queries);
    float[,] RetrieveBatch(float[,] queries);
    /// <summary>Queries and Z row-major.</summary>
    void RetrieveBatch(ReadOnlySpan<double> queries, Span<double> destination);
    /// <summary>Queries and Z row-major.</summary>
    void RetrieveBatch(ReadOnlySpan<float> queries, Span<float> destination);
}

internal sealed class ModernBatch(ModernHopfieldNetwork net) : IDenseBatch
{
    public double[,] RetrieveBatch(double[,] queries) => net.RetrieveBatch(queries);
    public float[,] RetrieveBatch(float[,] queries) => net.RetrieveBatch(queries);
    public void RetrieveBatch(ReadOnlySpan<double> queries, Span<double> destination) => net.RetrieveBatch(queries, destination);
    public void RetrieveBatch(ReadOnlySpan<float> queries, Span<float> destination) => net.RetrieveBatch(queries, destination);
}

internal sealed class UniversalBatch(UniversalHopfieldNetwork net) : IDenseBatch
{
    public double[,] RetrieveBatch(double[,] queries) => net.RetrieveBatch(queries);
    public float[,] RetrieveBatch(float[,] queries) => net.RetrieveBatch(queries);
    public void RetrieveBatch(ReadOnlySpan<double> queries, Span<double> destination) => net.RetrieveBatch(queries, destination);
    public void RetrieveBatch(ReadOnlySpan<float> queries, Span<float> destination) => net.RetrieveBatch(queries, destination);
}
