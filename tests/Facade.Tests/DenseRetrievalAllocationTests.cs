namespace AssociativeKernels.Tests;

/// <summary>
/// Issue 5's allocation target: after the first calls (which size the scratch and, for float, round the
/// patterns once), retrieval into a caller's span allocates nothing on any thread — one query (streaming
/// schedule, both cores for the larger memory; through RetrieveBatch and through Retrieve) and a batch
/// (matrix-product schedule), double and float.
/// Counted on the calling thread and on the library's helper threads (<see cref="Fast.Cores.HelperAllocatedBytes"/>),
/// so allocations of unrelated threads (the test runner's) do not count.
/// </summary>
public sealed class DenseRetrievalAllocationTests
{
    private static double[,] Gaussian(int rows, int cols, int seed)
    {
        var rng = new Random(seed);
        var x = new double[rows, cols];
        for (var i = 0; i < rows; i++) for (var j = 0; j < cols; j++) x[i, j] = rng.NextDouble() - 0.5;
        return x;
    }

    /// <summary>
    /// The fewest bytes allocated (calling thread and helper threads) over 20 calls, in up to 20 windows of 20
    /// calls: one-time allocations (the first call's scratch) land in some windows; an allocation per call lands
    /// in every window, so the minimum is zero exactly when the steady state allocates nothing.
    /// </summary>
    private static long Allocated(Action call)
    {
        var fewest = long.MaxValue;
        for (var window = 0; window < 20 && fewest > 0; window++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread() + Fast.Cores.HelperAllocatedBytes;
            for (var i = 0; i < 20; i++) call();
            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() + Fast.Cores.HelperAllocatedBytes - before);
        }
        return fewest;
    }

    [Theory]
    [InlineData(50, 1)]
    [InlineData(40_000, 1)]
    [InlineData(3_000, 40)]
    [Trait("Category", "Slow")]
    public void Span_retrieval_allocates_nothing_in_steady_state(int patterns, int queries)
    {
        const int n = 64;
        var modern = ModernHopfieldNetwork.Create(Gaussian(patterns, n, 1), 2.0);
        var universal = UniversalHopfieldNetwork.Create(Gaussian(patterns, n, 2), new UniversalHopfieldOptions
        {
            Similarity = SimilarityFunction.Manhattan, Separation = SeparationFunction.TopK, TopK = 3,
        });
        var q = new double[queries * n];
        var rng = new Random(3);
        for (var i = 0; i < q.Length; i++) q[i] = rng.NextDouble() - 0.5;
        var q32 = Array.ConvertAll(q, x => (float)x);
        var z = new double[queries * n];
        var z32 = new float[queries * n];

        Assert.Equal(0, Allocated(() => modern.RetrieveBatch(q, z)));
        Assert.Equal(0, Allocated(() => modern.RetrieveBatch(q32, z32)));
        Assert.Equal(0, Allocated(() => universal.RetrieveBatch(q, z)));
        Assert.Equal(0, Allocated(() => universal.RetrieveBatch(q32, z32)));
        if (queries != 1) return;
        // The single-query entry points (issue 14, point 6): the same streaming schedule behind Retrieve(span, span).
        Assert.Equal(0, Allocated(() => modern.Retrieve(q, z)));
        Assert.Equal(0, Allocated(() => modern.Retrieve(q32, z32)));
        Assert.Equal(0, Allocated(() => universal.Retrieve(q, z)));
        Assert.Equal(0, Allocated(() => universal.Retrieve(q32, z32)));
    }

    /// <summary>
    /// Issue 14 point 6: the span entry points of a network over a pattern store (every precision, double and float
    /// queries, one query and a batch) allocate nothing in steady state — the store's reference count, the widening of
    /// bfloat16 blocks (part scratch) and the conversion of queries to the store's precision (pooled buffers) included.
    /// </summary>
    [Theory]
    [InlineData(PatternPrecision.Float64, 50, 1)]
    [InlineData(PatternPrecision.Float32, 40_000, 1)]
    [InlineData(PatternPrecision.BFloat16, 40_000, 1)]
    [InlineData(PatternPrecision.BFloat16, 3_000, 40)]
    [InlineData(PatternPrecision.Float64, 3_000, 40)]
    [Trait("Category", "Slow")]
    public void Store_backed_span_retrieval_allocates_nothing_in_steady_state(PatternPrecision precision, int patterns, int queries)
    {
        const int n = 64;
        using var store = PatternStore.Create(Gaussian(patterns, n, 1), precision);
        var net = ModernHopfieldNetwork.Create(store, 2.0);
        var q = new double[queries * n];
        var rng = new Random(3);
        for (var i = 0; i < q.Length; i++) q[i] = rng.NextDouble() - 0.5;
        var q32 = Array.ConvertAll(q, x => (float)x);
        var z = new double[queries * n];
        var z32 = new float[queries * n];

        Assert.Equal(0, Allocated(() => net.RetrieveBatch(q, z)));
        Assert.Equal(0, Allocated(() => net.RetrieveBatch(q32, z32)));
        Assert.Equal(0, Allocated(() => net.Retrieve(q.AsSpan(0, n), z.AsSpan(0, n))));
        Assert.Equal(0, Allocated(() => net.Retrieve(q32.AsSpan(0, n), z32.AsSpan(0, n))));
    }

    /// <summary>
    /// The batched schedule's scratch does not grow with the number of stored rows: it walks the rows in row blocks and
    /// keeps the scores of one block only (DenseRetrieval.Batch). The first batch over 400 000 rows (64 queries, both
    /// cores) allocates well under 4 MB in all, where scores for every row (M × 32 doubles per core, the schedule
    /// before) would take 102 MB per core.
    /// </summary>
    [Fact]
    public void Batched_scratch_does_not_grow_with_the_number_of_rows()
    {
        const int patterns = 400_000, n = 4, queries = 64;
        var net = ModernHopfieldNetwork.Create(Gaussian(patterns, n, 4), 1.0);
        var q = new double[queries * n];
        var rng = new Random(5);
        for (var i = 0; i < q.Length; i++) q[i] = rng.NextDouble() - 0.5;
        var z = new double[queries * n];
        var before = GC.GetAllocatedBytesForCurrentThread() + Fast.Cores.HelperAllocatedBytes;
        net.RetrieveBatch(q, z);
        var first = GC.GetAllocatedBytesForCurrentThread() + Fast.Cores.HelperAllocatedBytes - before;
        Assert.True(first < 4 << 20, $"the first batch allocated {first} bytes");
        Assert.All(z, x => Assert.True(double.IsFinite(x)));
    }
}
