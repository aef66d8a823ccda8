using System.Runtime.InteropServices;
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

/// <summary>
/// The checks every memory applies at its edge, in the caller's parameter names, before it calls the core
/// (which then never refuses what passed here), and the conversions between the caller's arrays and the core's rows.
/// </summary>
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
    internal static double[][] Rows(float[,] matrix, string name) => Spans.Rows(matrix, name);

    /// <summary>The rows of a double-precision rectangular array (patterns are rows), checked finite.</summary>
    internal static double[][] Rows(double[,] matrix, string name) => Spans.Rows(matrix, name);

    /// <summary>
    /// Stored patterns (rows) as the core's rows: not null, at least one row of at least one component, every
    /// entry finite and, when <paramref name="bipolar"/>, +1 or −1; a refusal names <paramref name="name"/> and the entry.
    /// </summary>
    internal static double[][] Patterns(double[,] patterns, string name, bool bipolar = false) => Patterns<double>(patterns, name, bipolar);

    /// <inheritdoc cref="Patterns(double[,], string, bool)"/>
    internal static double[][] Patterns(float[,] patterns, string name, bool bipolar = false) => Patterns<float>(patterns, name, bipolar);

    /// <summary>Stored patterns from doubles or floats (widened exactly, one copy); see <see cref="Patterns(double[,], string, bool)"/>.</summary>
    private static double[][] Patterns<T>(T[,] patterns, string name, bool bipolar) where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(patterns, name);
        if (patterns.GetLength(0) == 0) throw new ArgumentException($"{name} is empty; a memory needs at least one pattern (patterns are rows).", name);
        if (patterns.GetLength(1) == 0) throw new ArgumentException($"{name} has rows of length 0; patterns need at least one component.", name);
        var rows = Spans.Rows(patterns, name);
        if (bipolar) CheckBipolar(rows, name);
        return rows;
    }

    /// <summary>Stored patterns from a row-major span of rows of length <paramref name="dimension"/>; see <see cref="Patterns(double[,], string, bool)"/>.</summary>
    internal static double[][] Patterns(ReadOnlySpan<double> patterns, int dimension, string name, bool bipolar = false)
    {
        var rows = Rows(patterns, dimension, name);
        if (rows.Length == 0) throw new ArgumentException($"{name} is empty; a memory needs at least one pattern.", name);
        if (bipolar) CheckBipolar(rows, name);
        return rows;
    }

    /// <summary>Hetero-associative pairs: one value row per key row.</summary>
    internal static void SameRowCount(double[][] keys, string keysName, double[][] values, string valuesName)
    {
        if (keys.Length != values.Length)
        {
            throw new ArgumentException(
                $"{valuesName} has {values.Length} rows but {keysName} has {keys.Length}; each row of {keysName} needs one row of {valuesName}.", valuesName);
        }
    }

    private static void CheckBipolar(double[][] rows, string name)
    {
        for (var m = 0; m < rows.Length; m++)
        {
            for (var i = 0; i < rows[m].Length; i++)
            {
                var v = rows[m][i];
                if (v != 1 && v != -1) throw new ArgumentOutOfRangeException(name, v, $"{name}[{m}, {i}] = {CoreCall.Show(v)}: every entry must be +1 or -1.");
            }
        }
    }

    /// <summary>
    /// One vector (a query, a state) as a copy for the core: length <paramref name="dimension"/>, every entry finite
    /// and, when <paramref name="bipolar"/>, +1 or −1; a refusal names <paramref name="name"/> (the caller's parameter).
    /// </summary>
    internal static double[] Vector(ReadOnlySpan<double> vector, string name, int dimension, bool bipolar = false)
    {
        if (vector.Length != dimension)
        {
            throw new ArgumentException($"{name} has length {vector.Length} but the memory takes vectors of length {dimension}.", name);
        }
        var v = Spans.Vector(vector, name);
        for (var i = 0; bipolar && i < v.Length; i++)
        {
            if (v[i] != 1 && v[i] != -1) throw new ArgumentOutOfRangeException(name, v[i], $"{name}[{i}] = {CoreCall.Show(v[i])}: every entry must be +1 or -1.");
        }
        return v;
    }

    /// <summary>A query (parameter <c>query</c>); see <see cref="Vector(ReadOnlySpan{double}, string, int, bool)"/>.</summary>
    internal static double[] Query(ReadOnlySpan<double> query, int dimension, bool bipolar = false) => Vector(query, "query", dimension, bipolar);

    /// <summary>A single-precision query (parameter <c>query</c>), widened (exactly).</summary>
    internal static double[] Query(ReadOnlySpan<float> query, int dimension, bool bipolar = false) =>
        Vector(Spans.Vector(query, "query"), "query", dimension, bipolar);

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
        if (bipolar) CheckBipolar(rows, name);
        return rows;
    }

    /// <summary>
    /// Applies <paramref name="map"/> to every row of <paramref name="queries"/> in parallel (the memories are
    /// immutable), after checking the whole batch by <see cref="Queries"/> on the caller's thread. A row the map
    /// refuses surfaces as the batch's refusal (<see cref="RowError"/>), never as an <see cref="AggregateException"/>.
    /// </summary>
    internal static double[,] Batch(double[,] queries, string name, int dimension, bool bipolar, int outputDimension, Func<double[], double[]> map)
    {
        var rows = Queries(queries, name, dimension, bipolar);
        var results = new double[rows.Length][];
        var failures = new Exception?[rows.Length];
        Parallel.For(0, rows.Length, m =>
        {
            try
            {
                results[m] = map(rows[m]);
            }
            catch (Exception e)
            {
                failures[m] = e;
            }
        });
        for (var m = 0; m < rows.Length; m++)
        {
            if (failures[m] is ArgumentException a) throw RowError(a, name, m);
            if (failures[m] is { } e) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e);
        }
        return ToMatrix(results, outputDimension);
    }

    /// <summary>
    /// Applies <paramref name="map"/> to every row of <paramref name="rows"/> (checked by <see cref="Queries"/>), in
    /// order on the caller's thread, into a matrix of <paramref name="outputDimension"/> columns; a row the map
    /// refuses is named as <see cref="RowError"/> names it.
    /// </summary>
    internal static double[,] Each(double[][] rows, string name, int outputDimension, Func<double[], double[]> map)
    {
        var results = new double[rows.Length][];
        for (var m = 0; m < rows.Length; m++)
        {
            try
            {
                results[m] = map(rows[m]);
            }
            catch (ArgumentException e)
            {
                throw RowError(e, name, m);
            }
        }
        return ToMatrix(results, outputDimension);
    }

    private static double[,] ToMatrix(double[][] rows, int outputDimension)
    {
        var matrix = new double[rows.Length, outputDimension];
        for (var m = 0; m < rows.Length; m++)
        {
            for (var i = 0; i < outputDimension; i++) matrix[m, i] = rows[m][i];
        }
        return matrix;
    }

    /// <summary>
    /// A single-precision batch through the memory's double-precision one: the rows widened (exactly), the outputs
    /// rounded to float; an output beyond float's range is refused naming <c>queries</c> and its row.
    /// </summary>
    internal static float[,] Batch(float[,] queries, Func<double[,], double[,]> batch)
    {
        ArgumentNullException.ThrowIfNull(queries);
        return Narrow(batch(Widen(queries, nameof(queries))), nameof(queries));
    }

    /// <summary>
    /// destination ← source rounded to float. An output beyond float's range (±3.4e38) is refused naming
    /// <paramref name="name"/> (and <paramref name="row"/> of a batch, when ≥ 0) instead of becoming ∞.
    /// </summary>
    internal static void Narrow(ReadOnlySpan<double> source, Span<float> destination, string name, int row = -1)
    {
        for (var i = 0; i < source.Length; i++)
        {
            var x = (float)source[i];
            if (float.IsInfinity(x) && double.IsFinite(source[i]))
            {
                var where = row < 0 ? name : $"{name} row {row}";
                throw new ArgumentException(
                    $"{where}: output component {i} is {CoreCall.Show(source[i])}, beyond float's range (±3.4e38); retrieve in double precision instead.", name);
            }
            destination[i] = x;
        }
    }

    /// <summary>A double-precision output rounded to float (see <see cref="Narrow(ReadOnlySpan{double}, Span{float}, string, int)"/>).</summary>
    internal static float[] Narrow(double[] z, string name)
    {
        var f = new float[z.Length];
        Narrow(z, f, name);
        return f;
    }

    /// <summary>Double-precision outputs (rows) rounded to float; a refusal names <paramref name="name"/> and the row.</summary>
    internal static float[,] Narrow(double[,] z, string name)
    {
        int rows = z.GetLength(0), width = z.GetLength(1);
        var f = new float[rows, width];
        if (width == 0) return f;
        for (var m = 0; m < rows; m++)
        {
            Narrow(MemoryMarshal.CreateReadOnlySpan(ref z[m, 0], width), MemoryMarshal.CreateSpan(ref f[m, 0], width), name, m);
        }
        return f;
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

    /// <summary>Checks iteration limits: <paramref name="tolerance"/> ≥ 0 (finite), <paramref name="maxSteps"/> ≥ 1.</summary>
    internal static void CheckLimits(double tolerance, int maxSteps)
    {
        if (!(tolerance >= 0 && double.IsFinite(tolerance)))
        {
            throw new ArgumentOutOfRangeException(nameof(tolerance), tolerance, $"tolerance = {CoreCall.Show(tolerance)} is outside its valid range [0, ∞).");
        }
        CheckSteps(maxSteps);
    }

    /// <summary>Checks <paramref name="maxSteps"/> ≥ 1.</summary>
    internal static void CheckSteps(int maxSteps)
    {
        Core.Validate.atLeast(nameof(maxSteps), 1, maxSteps);
    }

    /// <summary>The refusal of <c>Iterate</c> on a memory that maps keys to values (its output is not a query).</summary>
    internal static InvalidOperationException NotAutoAssociative(string what) =>
        new($"{what} is hetero-associative (made by CreateHetero): its output is not a query, so it cannot be iterated to a fixed point; use Retrieve.");

    /// <summary>A refusal of row <paramref name="m"/> restated for the batch: the same kind, the batch's parameter, the row in the message.</summary>
    internal static ArgumentException RowError(ArgumentException e, string name, int m)
    {
        var message = $"{name} row {m}: {CoreCall.PlainMessage(e)}";
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
