using AssociativeKernels.Interop;
using Core = Kernels.Core;

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

    /// <summary>Applies <paramref name="map"/> to every row of <paramref name="queries"/> (in parallel; the memories are immutable).</summary>
    internal static double[,] Batch(double[,] queries, string name, int outputDimension, Func<double[], double[]> map)
    {
        var rows = Spans.Rows(queries, name);
        var results = new double[rows.Length][];
        Parallel.For(0, rows.Length, m => results[m] = map(rows[m]));
        var matrix = new double[rows.Length, outputDimension];
        for (var m = 0; m < rows.Length; m++)
        {
            for (var i = 0; i < outputDimension; i++) matrix[m, i] = results[m][i];
        }
        return matrix;
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
