using AssociativeKernels.Fast;
using Microsoft.FSharp.Core;
using Core = AssociativeKernels.Core;

namespace AssociativeKernels;

/// <summary>
/// A memory that answers a query in one step, z = Σ_μ w_μ(q) p^μ: the retrieval entry points shared by
/// <see cref="ModernHopfieldNetwork"/> and <see cref="UniversalHopfieldNetwork"/> (double and float, one query
/// or a batch, into new arrays or into the caller's spans). Immutable: safe to query from many threads.
/// </summary>
public abstract class OneStepMemory : IReferenceRetrieval, IAssociativeMemory
{
    /// <summary>Builds the entry points over the stored keys and values (the core's own rows, not copied).</summary>
    private protected OneStepMemory(double[][] keys, double[][] values, DenseRule? rule, bool signOutput, bool auto) =>
        Retriever = new DenseRetriever(this, keys, values, rule, signOutput, auto);

    /// <summary>Builds the entry points over the rows of <paramref name="store"/> (auto-associative, not copied).</summary>
    private protected OneStepMemory(PatternStore store, DenseRule rule) =>
        Retriever = new DenseRetriever(store, rule);

    /// <summary>Throws when <paramref name="member"/> needs the reference's rows and this memory has none (a network over a <see cref="PatternStore"/>).</summary>
    private protected virtual void RequireReference(string member)
    {
    }

    /// <summary>The retrieval entry points (fast path and reference), for tests.</summary>
    internal DenseRetriever Retriever { get; }

    /// <summary>The number K of stored patterns.</summary>
    public abstract int PatternCount { get; }
    /// <summary>The length N of a pattern and of a query.</summary>
    public abstract int Dimension { get; }
    /// <summary>The length of an output (N when auto-associative).</summary>
    public abstract int OutputDimension { get; }
    /// <summary>Whether the network is auto-associative (the outputs are the stored patterns themselves).</summary>
    public abstract bool IsAutoAssociative { get; }

    /// <summary>The reference (F# core) retrieval of one query, checked first in the caller's names.</summary>
    private protected abstract double[] ReferenceRetrieve(double[] query);

    /// <summary>The reference (F# core) retrieval of a batch whose rows were checked (<see cref="MemoryRows.Queries"/>).</summary>
    private protected abstract double[][] ReferenceRetrieveBatch(double[][] queries);

    double[] IReferenceRetrieval.ReferenceRetrieve(double[] query) => ReferenceRetrieve(query);

    double[][] IReferenceRetrieval.ReferenceRetrieveBatch(double[][] queries) => ReferenceRetrieveBatch(queries);

    /// <summary>One-step retrieval z = Σ_μ w_μ(q) p^μ, in double precision.</summary>
    /// <remarks>
    /// Runs on the vectorised fast path where the memory's rule allows (see the class): one query, or fewer
    /// than 32, streams the patterns once (softmax folded in online: running maximum and sum), every core for
    /// large memories; larger batches run two register-tiled matrix products with the separation between
    /// them. It agrees with the F# reference to within rounding (the bound is derived and tested in the
    /// facade's tests); softmax rows whose normalized weight is below u/K (u the unit roundoff) are skipped
    /// in the projection, which moves the output by at most 2u·max|p|. The weighted rows are summed in two levels,
    /// the second compensated, so the sum's rounding stays a few hundred u of Σ|w p| however many patterns there are
    /// (not M·u: it matters for float over millions of patterns). Any finite data and any β &gt; 0 give
    /// finite, right outputs: data whose scores or powers would leave the type's range run in double or on the
    /// rescaling reference; an output that is itself beyond the range (float: ±3.4e38, double: ±1.8e308) throws.
    /// An empty batch gives an empty result.
    /// </remarks>
    /// <param name="query">The query, of length <see cref="Dimension"/>.</param>
    /// <returns>The output, of length <see cref="OutputDimension"/>.</returns>
    /// <exception cref="ArgumentException">Wrong length, a non-finite entry, or an output beyond the range of the result's type.</exception>
    public double[] Retrieve(ReadOnlySpan<double> query)
    {
        var z = new double[OutputDimension];
        Retriever.Retrieve(query, z);
        return z;
    }

    /// <summary>One-step retrieval in single precision: float arithmetic on the patterns rounded to float (rounded once, on the first float call).</summary>
    /// <param name="query">The query, of length <see cref="Dimension"/>.</param>
    /// <returns>The output, of length <see cref="OutputDimension"/>.</returns>
    /// <exception cref="ArgumentException">Wrong length, a non-finite entry, or an output beyond the range of the result's type.</exception>
    public float[] Retrieve(ReadOnlySpan<float> query)
    {
        var z = new float[OutputDimension];
        Retriever.Retrieve(query, z);
        return z;
    }

    /// <inheritdoc cref="Retrieve(ReadOnlySpan{double})"/>
    public double[] Retrieve(double[] query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return Retrieve(new ReadOnlySpan<double>(query));
    }

    /// <summary>One-step retrieval into <paramref name="destination"/>; allocates nothing.</summary>
    /// <param name="query">The query, of length <see cref="Dimension"/>.</param>
    /// <param name="destination">Receives the output; its length must be <see cref="OutputDimension"/>.</param>
    /// <exception cref="ArgumentException">Wrong lengths, a non-finite entry, or an output beyond the range of the result's type.</exception>
    public void Retrieve(ReadOnlySpan<double> query, Span<double> destination) => Retriever.Retrieve(query, destination);

    /// <summary>One-step retrieval in single precision into <paramref name="destination"/>; allocates nothing after the first float call.</summary>
    /// <param name="query">The query, of length <see cref="Dimension"/>.</param>
    /// <param name="destination">Receives the output; its length must be <see cref="OutputDimension"/>.</param>
    /// <exception cref="ArgumentException">Wrong lengths, a non-finite entry, or an output beyond the range of the result's type.</exception>
    public void Retrieve(ReadOnlySpan<float> query, Span<float> destination) => Retriever.Retrieve(query, destination);

    /// <summary>One-step retrieval of every row of <paramref name="queries"/>.</summary>
    /// <param name="queries">The queries (rows).</param>
    /// <returns>The outputs (rows).</returns>
    /// <exception cref="ArgumentException">A bad query.</exception>
    public double[,] RetrieveBatch(double[,] queries) => Retriever.RetrieveBatch(queries);

    /// <summary>One-step retrieval of every row of <paramref name="queries"/> in single precision.</summary>
    /// <param name="queries">The queries (rows).</param>
    /// <returns>The outputs (rows).</returns>
    /// <exception cref="ArgumentException">A bad query.</exception>
    public float[,] RetrieveBatch(float[,] queries) => Retriever.RetrieveBatch(queries);

    /// <summary>One-step retrieval of the queries stored row after row in <paramref name="queries"/>, into <paramref name="destination"/> (row after row); allocates nothing.</summary>
    /// <param name="queries">The queries, a whole number of rows of length <see cref="Dimension"/>.</param>
    /// <param name="destination">Receives the outputs; its length must be (number of queries) × <see cref="OutputDimension"/>.</param>
    /// <exception cref="ArgumentException">Not a whole number of queries, a non-finite entry, or a destination of the wrong length.</exception>
    public void RetrieveBatch(ReadOnlySpan<double> queries, Span<double> destination) => Retriever.RetrieveBatch(queries, destination);

    /// <inheritdoc cref="RetrieveBatch(ReadOnlySpan{double}, Span{double})"/>
    public void RetrieveBatch(ReadOnlySpan<float> queries, Span<float> destination) => Retriever.RetrieveBatch(queries, destination);

    /// <summary>
    /// The one-pass state of the retrieval of <paramref name="query"/> over all of this memory's patterns, as a
    /// <see cref="PartialRetrieval"/> that merges with the partials of the other shards of a larger memory
    /// (<see cref="PartialRetrieval.Merge"/>) into the whole memory's answer (<see cref="PartialRetrieval.Complete()"/>).
    /// </summary>
    /// <remarks>
    /// Runs on the double-precision fast path, every core for large memories. Refused, rather than computed on the
    /// reference, where the fast path does not run: a universal network with normalizations, a similarity other
    /// than dot, Euclidean or Manhattan, a separation other than softmax, identity, square, polynomial, max and top-k
    /// (k ≤ 64), or SignOutput (the reference has no mergeable one-pass state, and a sign is not a sum); and data whose
    /// scores or weighted sums leave the unscaled double window [2⁻⁹⁰⁰, 2¹⁰⁰⁰] (the reference would rescale them,
    /// and rescaled numbers do not merge with other shards' — <see cref="Retrieve(ReadOnlySpan{double})"/> answers such a query).
    /// A top-k network needs at least k patterns (its options are checked against its own pattern count), so a shard
    /// of fewer rows is served as a range of a larger memory (<see cref="RetrievePartial(ReadOnlySpan{double}, int, int, long)"/>),
    /// or its state rebuilt with <see cref="PartialRetrieval.FromTopKState"/>; its partial keeps min(k, rows) entries either way.
    /// </remarks>
    /// <param name="query">The query, of length <see cref="Dimension"/>, finite.</param>
    /// <param name="firstRow">The global index of this memory's pattern 0 in the whole memory (top-k partials report global indices; ≥ 0).</param>
    /// <returns>The partial over <see cref="PatternCount"/> rows.</returns>
    /// <exception cref="ArgumentException">A bad query, firstRow &lt; 0, or data outside the window above.</exception>
    /// <exception cref="InvalidOperationException">A rule the fast path does not run (see the remarks).</exception>
    public PartialRetrieval RetrievePartial(ReadOnlySpan<double> query, long firstRow = 0) => RetrievePartial(query, 0, PatternCount, firstRow);

    /// <summary>
    /// The one-pass state over this memory's patterns [<paramref name="from"/>, <paramref name="to"/>) only — to split
    /// one memory over threads, or to serve a slice of it; see <see cref="RetrievePartial(ReadOnlySpan{double}, long)"/>.
    /// </summary>
    /// <param name="query">The query, of length <see cref="Dimension"/>, finite.</param>
    /// <param name="from">The first pattern, 0 ≤ from ≤ <see cref="PatternCount"/>.</param>
    /// <param name="to">One past the last pattern, from ≤ to ≤ <see cref="PatternCount"/> (to = from: the empty partial).</param>
    /// <param name="firstRow">The global index of this memory's pattern 0 (pattern μ is row firstRow + μ; ≥ 0).</param>
    /// <returns>The partial over to − from rows.</returns>
    /// <exception cref="ArgumentException">A bad query, range or firstRow, or data outside the window (see the overload).</exception>
    /// <exception cref="InvalidOperationException">A rule the fast path does not run (see the overload).</exception>
    public PartialRetrieval RetrievePartial(ReadOnlySpan<double> query, int from, int to, long firstRow = 0)
    {
        var q = MemoryRows.Query(query, Dimension);
        if (from < 0 || from > PatternCount)
        {
            throw new ArgumentOutOfRangeException(nameof(from), from, $"from = {from} is outside its valid range [0, {PatternCount}] (0 to PatternCount).");
        }
        if (to < from || to > PatternCount)
        {
            throw new ArgumentOutOfRangeException(nameof(to), to, $"to = {to} is outside its valid range [{from}, {PatternCount}] (from to PatternCount).");
        }
        if (firstRow < 0 || firstRow > long.MaxValue - PatternCount)
        {
            throw new ArgumentOutOfRangeException(nameof(firstRow), firstRow, $"firstRow = {firstRow} is outside its valid range [0, {long.MaxValue - PatternCount}] (global row indices must fit a long).");
        }
        return Retriever.RetrievePartial(q, from, to, firstRow, GetType().Name);
    }

    /// <summary>Feeds the output back as the query until no component moves by more than <paramref name="tolerance"/>, a cycle, or <paramref name="maxSteps"/> updates (auto-associative only).</summary>
    /// <param name="query">The start state, of length <see cref="Dimension"/>.</param>
    /// <param name="maxSteps">The step limit (≥ 1).</param>
    /// <param name="tolerance">The largest component change that counts as converged (≥ 0).</param>
    /// <returns>The final state and how the iteration ended.</returns>
    /// <exception cref="ArgumentException">A bad query (ParamName <c>query</c>) or limit.</exception>
    /// <exception cref="InvalidOperationException">A hetero-associative network, or one over a <see cref="PatternStore"/> (iteration runs on the F# reference, which has no rows of a store).</exception>
    public MemoryIteration Iterate(ReadOnlySpan<double> query, int maxSteps = 100, double tolerance = 1e-12)
    {
        if (!IsAutoAssociative) throw MemoryRows.NotAutoAssociative(GetType().Name);
        RequireReference(nameof(Iterate));
        var q = MemoryRows.Query(query, Dimension);
        MemoryRows.CheckLimits(tolerance, maxSteps);
        return MemoryIteration.From(Core.Dynamics.ToFixedPoint(FSharpFunc<double[], double[]>.FromConverter(ReferenceRetrieve), tolerance, maxSteps, q));
    }

    MemoryIteration IAssociativeMemory.Iterate(ReadOnlySpan<double> query, int maxSteps) => Iterate(query, maxSteps);

    /// <summary><see cref="Iterate"/> from every row of <paramref name="queries"/>, in parallel; the final states as rows.</summary>
    /// <param name="queries">Q × <see cref="Dimension"/>, one start state per row; Q = 0 gives an empty result.</param>
    /// <param name="maxSteps">The step limit per query (≥ 1).</param>
    /// <param name="tolerance">The largest component change that counts as converged (≥ 0).</param>
    /// <returns>Q × <see cref="Dimension"/> final states.</returns>
    /// <exception cref="ArgumentException">A bad row (ParamName <c>queries</c>, the row in the message) or limit, checked before any work.</exception>
    /// <exception cref="InvalidOperationException">A hetero-associative network, or one over a <see cref="PatternStore"/> (iteration runs on the F# reference, which has no rows of a store).</exception>
    public double[,] IterateBatch(double[,] queries, int maxSteps = 100, double tolerance = 1e-12)
    {
        if (!IsAutoAssociative) throw MemoryRows.NotAutoAssociative(GetType().Name);
        RequireReference(nameof(IterateBatch));
        MemoryRows.CheckLimits(tolerance, maxSteps);
        return MemoryRows.Batch(queries, nameof(queries), Dimension, false, Dimension, q => Iterate(q, maxSteps, tolerance).State);
    }
}
