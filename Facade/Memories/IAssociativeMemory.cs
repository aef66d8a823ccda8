namespace AssociativeKernels;

/// <summary>
/// What every associative memory of the facade answers, so code written against it works with any model:
/// its shape, one-step retrieval of a query or a batch (rows) in double or single precision, and iteration of
/// the one-step update to a fixed point. Single precision in gives single precision out (models without a float
/// path compute in double and round at the end; an output beyond float's range is refused).
/// </summary>
/// <example>
/// <code>
/// IAssociativeMemory memory = HopfieldNetwork.Create(patterns);
/// double[] once = memory.Retrieve(query);
/// MemoryIteration run = memory.Iterate(query, maxSteps: 100);
/// </code>
/// </example>
public interface IAssociativeMemory
{
    /// <summary>The number K of stored patterns.</summary>
    int PatternCount { get; }

    /// <summary>The length N of a query.</summary>
    int Dimension { get; }

    /// <summary>The length of an output (<see cref="Dimension"/> when auto-associative).</summary>
    int OutputDimension { get; }

    /// <summary>Whether the outputs are the stored patterns themselves (then an output is again a query and <see cref="Iterate"/> applies).</summary>
    bool IsAutoAssociative { get; }

    /// <summary>One-step retrieval of a query.</summary>
    /// <param name="query">The query, of length <see cref="Dimension"/>.</param>
    /// <returns>The output, of length <see cref="OutputDimension"/>.</returns>
    /// <exception cref="ArgumentException">A bad query (ParamName <c>query</c>).</exception>
    double[] Retrieve(ReadOnlySpan<double> query);

    /// <summary>One-step retrieval of a single-precision query.</summary>
    /// <param name="query">The query, of length <see cref="Dimension"/>.</param>
    /// <returns>The output, of length <see cref="OutputDimension"/>.</returns>
    /// <exception cref="ArgumentException">A bad query, or an output beyond float's range (ParamName <c>query</c>).</exception>
    float[] Retrieve(ReadOnlySpan<float> query);

    /// <summary>One-step retrieval of every row of <paramref name="queries"/>.</summary>
    /// <param name="queries">Q × <see cref="Dimension"/>, one query per row; Q = 0 gives an empty result.</param>
    /// <returns>Q × <see cref="OutputDimension"/>.</returns>
    /// <exception cref="ArgumentException">A bad row (ParamName <c>queries</c>, the row in the message), checked before any work.</exception>
    double[,] RetrieveBatch(double[,] queries);

    /// <summary>One-step retrieval of every row of a single-precision batch.</summary>
    /// <param name="queries">Q × <see cref="Dimension"/>, one query per row.</param>
    /// <returns>Q × <see cref="OutputDimension"/>.</returns>
    /// <exception cref="ArgumentException">A bad row, or an output beyond float's range (ParamName <c>queries</c>).</exception>
    float[,] RetrieveBatch(float[,] queries);

    /// <summary>Applies the one-step update from <paramref name="query"/> until a fixed point, a cycle or <paramref name="maxSteps"/> updates.</summary>
    /// <param name="query">The start state, of length <see cref="Dimension"/>.</param>
    /// <param name="maxSteps">The most updates (sweeps, for asynchronous models), ≥ 1.</param>
    /// <returns>The final state, the number of updates and how it ended.</returns>
    /// <exception cref="ArgumentException">A bad query (ParamName <c>query</c>) or <paramref name="maxSteps"/> &lt; 1.</exception>
    /// <exception cref="InvalidOperationException">The memory is hetero-associative.</exception>
    MemoryIteration Iterate(ReadOnlySpan<double> query, int maxSteps);
}
