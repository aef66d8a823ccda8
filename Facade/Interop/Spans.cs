namespace AssociativeKernels.Interop;

/// <summary>
/// Checks vectors handed to the facade as spans and copies them into the arrays the core takes.
/// The checks mirror the core's (a finite number in every component, matching lengths), so a span
/// is rejected with the same kind of exception and the C# parameter's name before any copy reaches the core.
/// </summary>
internal static class Spans
{
    /// <summary>A copy of <paramref name="vector"/> after checking every component is finite.</summary>
    internal static double[] Vector(ReadOnlySpan<double> vector, string name)
    {
        for (var i = 0; i < vector.Length; i++)
        {
            if (!double.IsFinite(vector[i])) throw NotFinite(name, i, vector[i]);
        }
        return vector.ToArray();
    }

    /// <summary>A widened copy of <paramref name="vector"/> after checking every component is finite.</summary>
    internal static double[] Vector(ReadOnlySpan<float> vector, string name)
    {
        var result = new double[vector.Length];
        for (var i = 0; i < vector.Length; i++)
        {
            if (!float.IsFinite(vector[i])) throw NotFinite(name, i, vector[i]);
            result[i] = vector[i];
        }
        return result;
    }

    /// <summary>Throws unless the two vectors have the same length.</summary>
    internal static void SameLength(int lengthX, string nameX, int lengthY, string nameY)
    {
        if (lengthX != lengthY)
        {
            throw new ArgumentException(
                $"{nameX} has length {lengthX} but {nameY} has length {lengthY}; they must have the same length.", nameY);
        }
    }

    /// <summary>
    /// Splits a row-major M×N matrix (patterns are rows) into its rows after checking every entry is
    /// finite and the length is a whole number of rows of <paramref name="dimension"/>, the length of the
    /// vector named <paramref name="vectorName"/> that the rows meet.
    /// </summary>
    internal static double[][] Rows(ReadOnlySpan<double> matrix, int dimension, string name, string vectorName)
    {
        CheckShape(matrix.Length, dimension, name, vectorName);
        var rows = new double[matrix.Length / dimension][];
        for (var m = 0; m < rows.Length; m++)
        {
            var row = matrix.Slice(m * dimension, dimension);
            for (var i = 0; i < dimension; i++)
            {
                if (!double.IsFinite(row[i])) throw NotFinite(name, m * dimension + i, row[i]);
            }
            rows[m] = row.ToArray();
        }
        return rows;
    }

    /// <summary>As <see cref="Rows(ReadOnlySpan{double}, int, string, string)"/>, widening single precision.</summary>
    internal static double[][] Rows(ReadOnlySpan<float> matrix, int dimension, string name, string vectorName)
    {
        CheckShape(matrix.Length, dimension, name, vectorName);
        var rows = new double[matrix.Length / dimension][];
        for (var m = 0; m < rows.Length; m++)
        {
            rows[m] = Vector(matrix.Slice(m * dimension, dimension), name);
        }
        return rows;
    }

    /// <summary>
    /// The rows of a rectangular array of doubles or floats (patterns are rows), checked to be finite, in double
    /// precision (every float is exact in a double); one copy, whatever the element type.
    /// </summary>
    internal static double[][] Rows<T>(T[,] matrix, string name) where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(matrix, name);
        var count = matrix.GetLength(0);
        var dimension = matrix.GetLength(1);
        var rows = new double[count][];
        for (var m = 0; m < count; m++)
        {
            var row = new double[dimension];
            for (var i = 0; i < dimension; i++)
            {
                var v = double.CreateTruncating(matrix[m, i]);
                if (!double.IsFinite(v))
                {
                    throw new ArgumentOutOfRangeException(
                        name, v, $"{name}[{m}, {i}] = {CoreCall.Show(v)}: every entry must be a finite number.");
                }
                row[i] = v;
            }
            rows[m] = row;
        }
        return rows;
    }

    /// <summary>A rectangular array (patterns are rows) from the core's rows.</summary>
    internal static double[,] ToMatrix(double[][] rows)
    {
        var dimension = rows.Length == 0 ? 0 : rows[0].Length;
        var matrix = new double[rows.Length, dimension];
        for (var m = 0; m < rows.Length; m++)
        {
            for (var i = 0; i < dimension; i++) matrix[m, i] = rows[m][i];
        }
        return matrix;
    }

    private static void CheckShape(int length, int dimension, string name, string vectorName)
    {
        if (dimension <= 0)
        {
            throw new ArgumentException($"{vectorName} is empty; its length is the dimension of the rows of {name} and must be at least 1.", vectorName);
        }
        if (length % dimension != 0)
        {
            throw new ArgumentException(
                $"{name} has {length} entries, not a whole number of rows of dimension {dimension} (patterns are rows, row-major).", name);
        }
    }

    private static ArgumentOutOfRangeException NotFinite(string name, int index, double value) =>
        new(name, value, $"{name}[{index}] = {CoreCall.Show(value)}: every component must be a finite number.");
}
