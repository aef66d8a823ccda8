using Core = Kernels.Core;

namespace AssociativeKernels;

/// <summary>How iterating a memory's update ended.</summary>
public enum RetrievalEnding
{
    /// <summary>The state stopped changing: a fixed point.</summary>
    Converged,
    /// <summary>The state returned to one seen earlier without being a fixed point (see <see cref="RetrievalResult.CyclePeriod"/>).</summary>
    Cycle,
    /// <summary>The step limit was reached first.</summary>
    StepLimit,
}

/// <summary>The result of retrieving to convergence: the final state, how many steps it took, and how it ended.</summary>
/// <param name="State">The final state (a copy the caller owns).</param>
/// <param name="Steps">The number of steps applied (a step is one sweep over all neurons for asynchronous updates).</param>
/// <param name="Ending">Whether it converged, cycled, or hit the step limit.</param>
/// <param name="CyclePeriod">The period of the cycle when <paramref name="Ending"/> is <see cref="RetrievalEnding.Cycle"/>, otherwise 0.</param>
public sealed record RetrievalResult(double[] State, int Steps, RetrievalEnding Ending, int CyclePeriod)
{
    internal static RetrievalResult From(Core.Iteration it) => it.Ending switch
    {
        Core.Ending.Cycle c => new(it.State, it.Steps, RetrievalEnding.Cycle, c.period),
        var e when e.IsConverged => new(it.State, it.Steps, RetrievalEnding.Converged, 0),
        _ => new(it.State, it.Steps, RetrievalEnding.StepLimit, 0),
    };
}

/// <summary>Row helpers shared by the memory classes: patterns are rows.</summary>
internal static class MemoryRows
{
    internal static double[][] Of(float[,] matrix, string name)
    {
        ArgumentNullException.ThrowIfNull(matrix, name);
        var wide = new double[matrix.GetLength(0), matrix.GetLength(1)];
        for (var m = 0; m < wide.GetLength(0); m++)
        {
            for (var i = 0; i < wide.GetLength(1); i++) wide[m, i] = matrix[m, i];
        }
        return Interop.Spans.Rows(wide, name);
    }

    internal static double[][] Of(double[,] matrix, string name) => Interop.Spans.Rows(matrix, name);

    /// <summary>Applies <paramref name="map"/> to every row of <paramref name="queries"/> (in parallel; the memories are immutable).</summary>
    internal static double[,] Batch(double[,] queries, string name, int outputDimension, Func<double[], double[]> map)
    {
        var rows = Interop.Spans.Rows(queries, name);
        var results = new double[rows.Length][];
        Parallel.For(0, rows.Length, m => results[m] = map(rows[m]));
        var matrix = new double[rows.Length, outputDimension];
        for (var m = 0; m < rows.Length; m++)
        {
            for (var i = 0; i < outputDimension; i++) matrix[m, i] = results[m][i];
        }
        return matrix;
    }

    internal static Core.UpdateOrder Order(int? seed) =>
        seed is { } s ? Core.UpdateOrder.NewShuffled(s) : Core.UpdateOrder.Sequential;
}
