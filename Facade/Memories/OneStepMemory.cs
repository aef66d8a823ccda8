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
    /// in the projection, which moves the output by at most 2u·max|p|. Any finite data and any β &gt; 0 give
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
