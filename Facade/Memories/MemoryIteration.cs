using AssociativeKernels.Interop;
using Core = AssociativeKernels.Core;

namespace AssociativeKernels;

/// <summary>How iterating a memory's update ended.</summary>
public enum IterationEnding
{
    /// <summary>The state stopped changing (within the tolerance).</summary>
    Converged,
    /// <summary>The state returned to one seen earlier without being a fixed point (see <see cref="MemoryIteration.CyclePeriod"/>).</summary>
    Cycle,
    /// <summary>The step limit was reached first.</summary>
    StepLimit,
}

/// <summary>The result of iterating a memory's update: the final state, the number of updates and how it ended.</summary>
/// <param name="State">The final state.</param>
/// <param name="Steps">The number of updates applied.</param>
/// <param name="Ending">How the iteration ended.</param>
/// <param name="CyclePeriod">The cycle's period when <paramref name="Ending"/> is <see cref="IterationEnding.Cycle"/>, otherwise 0.</param>
public sealed record MemoryIteration(double[] State, int Steps, IterationEnding Ending, int CyclePeriod)
{
    internal static MemoryIteration From(Core.Iteration iteration)
    {
        var ending = iteration.Ending;
        return ending.Tag switch
        {
            Core.Ending.Tags.Converged => new MemoryIteration(iteration.State, iteration.Steps, IterationEnding.Converged, 0),
            Core.Ending.Tags.Cycle => new MemoryIteration(iteration.State, iteration.Steps, IterationEnding.Cycle, ((Core.Ending.Cycle)ending).period),
            _ => new MemoryIteration(iteration.State, iteration.Steps, IterationEnding.StepLimit, 0),
        };
    }
}

/// <summary>Pattern matrices handed to the memory classes, as the core's rows.</summary>
internal static class MemoryRows
{
    /// <summary>A single-precision rectangular array widened to double precision (every float is exact in a double).</summary>
    internal static double[,] Widen(float[,] matrix, string name)
    {
        ArgumentNullException.ThrowIfNull(matrix, name);
        var copy = new double[matrix.GetLength(0), matrix.GetLength(1)];
        for (var m = 0; m < copy.GetLength(0); m++)
        {
            for (var i = 0; i < copy.GetLength(1); i++) copy[m, i] = matrix[m, i];
        }
        return copy;
    }

    /// <summary>The rows of a single-precision rectangular array (patterns are rows), widened and checked finite.</summary>
    internal static double[][] Rows(float[,] matrix, string name) => Spans.Rows(Widen(matrix, name), name);

    /// <summary>The rows of a double-precision rectangular array (patterns are rows), checked finite.</summary>
    internal static double[][] Rows(double[,] matrix, string name) => Spans.Rows(matrix, name);

    /// <summary>
    /// The one rule for a batch of queries (rows), applied by every memory before any work starts, on the caller's
    /// thread: <paramref name="queries"/> must not be null; an empty batch (no rows) is fine and gives an empty
    /// result; otherwise every row must have length <paramref name="dimension"/>, every entry must be finite and,
    /// when <paramref name="bipolar"/>, +1 or −1.
    /// A refusal names the caller's parameter and the row (and the entry), e.g. "queries[3, 7] = 0.5".
    /// </summary>
    /// <returns>The rows (copies).</returns>
    internal static double[][] Queries(double[,] queries, string name, int dimension, bool bipolar = false)
    {
        ArgumentNullException.ThrowIfNull(queries, name);
        if (queries.GetLength(0) == 0) return [];
        if (queries.GetLength(1) != dimension)
        {
            throw new ArgumentException(
                $"{name} has rows of length {queries.GetLength(1)} but the memory takes queries of length {dimension} (queries are rows).", name);
        }
        var rows = Spans.Rows(queries, name);
        for (var m = 0; m < rows.Length; m++)
        {
            for (var i = 0; bipolar && i < dimension; i++)
            {
                var v = rows[m][i];
                if (v != 1 && v != -1) throw new ArgumentOutOfRangeException(name, v, $"{name}[{m}, {i}] = {CoreCall.Show(v)}: every entry must be +1 or -1.");
            }
        }
        return rows;
    }

    /// <summary>
    /// Applies <paramref name="map"/> to every row of <paramref name="queries"/> in parallel (the memories are
    /// immutable), after checking the whole batch by <see cref="Queries"/> on the caller's thread.
    /// </summary>
    internal static double[,] Batch(double[,] queries, string name, int dimension, bool bipolar, int outputDimension, Func<double[], double[]> map)
    {
        var rows = Queries(queries, name, dimension, bipolar);
        var results = new double[rows.Length][];
        try
        {
            Parallel.For(0, rows.Length, m => results[m] = map(rows[m]));
        }
        catch (AggregateException e)
        {
            // Not expected after the checks above; a failure still surfaces as the single call's exception.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
        }
        var matrix = new double[rows.Length, outputDimension];
        for (var m = 0; m < rows.Length; m++)
        {
            for (var i = 0; i < outputDimension; i++) matrix[m, i] = results[m][i];
        }
        return matrix;
    }

    /// <summary>
    /// Applies <paramref name="map"/> to every row of <paramref name="rows"/> (checked by <see cref="Queries"/>), in
    /// order on the caller's thread, into a matrix of <paramref name="outputDimension"/> columns; a row the map
    /// refuses is named as <see cref="Queries"/> names it.
    /// </summary>
    internal static double[,] Each(double[][] rows, string name, int outputDimension, Func<double[], double[]> map)
    {
        var matrix = new double[rows.Length, outputDimension];
        for (var m = 0; m < rows.Length; m++)
        {
            double[] r;
            try
            {
                r = map(rows[m]);
            }
            catch (ArgumentException e)
            {
                throw RowError(e, name, m);
            }
            for (var i = 0; i < outputDimension; i++) matrix[m, i] = r[i];
        }
        return matrix;
    }

    /// <summary>
    /// The memory of a kernel memory built from M patterns of length N (pseudoinverse, Exp-β, SVM networks): the
    /// M×M Gram matrix and about three more of its size for its decomposition or the solver, and the N×M weights.
    /// </summary>
    internal static Footprint KernelMatrices(double[][] rows, string what)
    {
        double m = rows.Length, n = rows.Length == 0 ? 0 : rows[0].Length;
        return new(4 * 8 * m * m + 8 * n * m, m * m, $"{what} of {m} patterns (a {m}×{m} kernel matrix)");
    }

    /// <summary>Checks the iteration limits of a batch before any row is run: <paramref name="tolerance"/> ≥ 0 (finite), <paramref name="maxSteps"/> ≥ 1.</summary>
    internal static void CheckLimits(double tolerance, int maxSteps)
    {
        if (!(tolerance >= 0 && double.IsFinite(tolerance)))
        {
            throw new ArgumentOutOfRangeException(nameof(tolerance), tolerance, $"tolerance = {CoreCall.Show(tolerance)} is outside its valid range [0, ∞).");
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSteps, 1);
    }

    /// <summary>A refusal of row <paramref name="m"/> restated for the batch: the same kind, the batch's parameter, the row in the message.</summary>
    private static ArgumentException RowError(ArgumentException e, string name, int m)
    {
        var message = $"row {m} of {name}: {CoreCall.PlainMessage(e)}";
        return e is ArgumentOutOfRangeException o ? new ArgumentOutOfRangeException(name, o.ActualValue, message) : new ArgumentException(message, name);
    }

    /// <summary>The asynchronous update order: a seeded shuffle per sweep, or sequential without a seed.</summary>
    internal static Core.UpdateOrder Order(int? seed) =>
        seed is { } s ? Core.UpdateOrder.NewShuffled(s) : Core.UpdateOrder.Sequential;

    /// <summary>The rows of a row-major span of <paramref name="dimension"/>-long rows.</summary>
    internal static double[][] Rows(ReadOnlySpan<double> matrix, int dimension, string name)
    {
        if (dimension < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(dimension), dimension, $"dimension = {dimension} is outside its valid range [1, ∞).");
        }
        if (matrix.Length % dimension != 0)
        {
            throw new ArgumentException($"{name} has {matrix.Length} entries, not a whole number of rows of dimension {dimension} (patterns are rows, row-major).", name);
        }
        var rows = new double[matrix.Length / dimension][];
        for (var m = 0; m < rows.Length; m++) rows[m] = Spans.Vector(matrix.Slice(m * dimension, dimension), name);
        return rows;
    }
}
