using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace AssociativeKernels;

/// <summary>
/// Reads and writes pattern matrices (patterns are rows) and vectors as NumPy <c>.npy</c> files, so a
/// numpy user can hand their data over (<c>np.save("patterns.npy", X)</c>) and read results back
/// (<c>np.load</c>).
/// </summary>
/// <remarks>
/// <para>Format (NumPy's NEP 1, <c>numpy.lib.format</c>): the magic bytes <c>\x93NUMPY</c>, a major and a
/// minor version byte, the header length (little-endian <c>uint16</c> for version 1.0, <c>uint32</c> for
/// 2.0 and 3.0), the header — a Python dict literal such as
/// <c>{'descr': '&lt;f8', 'fortran_order': False, 'shape': (2, 3), }</c>, padded with spaces and ended by
/// <c>'\n'</c> so that the data starts at a multiple of 64 bytes — then the raw little-endian data.</para>
/// <para>Reading accepts versions 1.0, 2.0 and 3.0 (3.0 has a UTF-8 header), the dtypes float64
/// (<c>'&lt;f8'</c>), float32 (<c>'&lt;f4'</c>) and int8 (<c>'|i1'</c>), and both C and Fortran order: a
/// Fortran-order file is read column by column, so the result is the same matrix numpy shows (no
/// transpose happens from the caller's point of view). Writing always produces version 1.0 in C order
/// (version 2.0 only if the header would exceed 65 535 bytes), byte for byte as <c>np.save</c> does.</para>
/// <para>Bad files throw <see cref="InvalidDataException"/> (wrong magic, malformed header, truncated data,
/// a shape that does not match the data or the requested rank). The size a header declares is checked against the
/// stream's length before anything of that size is allocated (a stream without a length is read in growing
/// pieces, so a false header costs at most twice the bytes that arrive) or <see cref="NotSupportedException"/>
/// (another version, dtype or byte order), each message saying what was expected and what was found.
/// A failed write leaves no partial file: the data goes to a temporary file in the same folder, which is
/// moved over the target only when complete.</para>
/// </remarks>
public static class Npy
{
    private static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>The data alignment NumPy pads the header to (<c>ARRAY_ALIGN</c>).</summary>
    private const int Alignment = 64;

    // ---- reading ---------------------------------------------------------------------------------

    /// <summary>Reads a 2-D array (float64, float32 or int8) as a matrix of doubles; patterns are rows.</summary>
    /// <param name="path">The <c>.npy</c> file.</param>
    /// <returns>The matrix, with numpy's shape (rows, columns).</returns>
    /// <exception cref="InvalidDataException">The file is not a valid <c>.npy</c> file, is truncated, has extra bytes after the data, or is not 2-D.</exception>
    /// <exception cref="NotSupportedException">The version, dtype or byte order is not one this reader handles.</exception>
    public static double[,] ReadMatrix(string path) => ReadFile(path, ReadMatrix);

    /// <summary>Reads a 2-D array (float64, float32 or int8) from a stream positioned at its magic bytes; the stream is left just after the data.</summary>
    /// <param name="stream">The stream to read.</param>
    /// <returns>The matrix, with numpy's shape (rows, columns).</returns>
    /// <exception cref="InvalidDataException">The data is not a valid <c>.npy</c> array, is truncated, or is not 2-D.</exception>
    /// <exception cref="NotSupportedException">The version, dtype or byte order is not one this reader handles.</exception>
    public static double[,] ReadMatrix(Stream stream)
    {
        var (header, values) = ReadArray(stream, 2);
        return ToMatrix(header, values, static x => x);
    }

    /// <summary>Reads a 2-D array as a matrix of floats (float64 data is rounded to the nearest float).</summary>
    /// <param name="path">The <c>.npy</c> file.</param>
    /// <returns>The matrix, with numpy's shape (rows, columns).</returns>
    /// <exception cref="InvalidDataException">The file is not a valid <c>.npy</c> file, is truncated, has extra bytes after the data, is not 2-D, or holds a finite float64 beyond float32's range.</exception>
    /// <exception cref="NotSupportedException">The version, dtype or byte order is not one this reader handles.</exception>
    public static float[,] ReadMatrixSingle(string path) => ReadFile(path, ReadMatrixSingle);

    /// <summary>Reads a 2-D array from a stream as a matrix of floats (float64 data is rounded to the nearest float).</summary>
    /// <param name="stream">The stream to read, positioned at the magic bytes.</param>
    /// <returns>The matrix, with numpy's shape (rows, columns).</returns>
    /// <exception cref="InvalidDataException">The data is not a valid <c>.npy</c> array, is truncated, is not 2-D, or holds a finite float64 beyond float32's range.</exception>
    /// <exception cref="NotSupportedException">The version, dtype or byte order is not one this reader handles.</exception>
    public static float[,] ReadMatrixSingle(Stream stream)
    {
        var (header, values) = ReadArray(stream, 2);
        for (var i = 0; i < values.Length; i++)
        {
            if (double.IsFinite(values[i]) && float.IsInfinity((float)values[i]))
            {
                int rows = header.Shape[0], columns = header.Shape[1];
                var (r, c) = header.FortranOrder ? (i % rows, i / rows) : (i / columns, i % columns);
                throw new InvalidDataException(
                    $"The .npy entry ({r}, {c}) = {values[i].ToString("R", CultureInfo.InvariantCulture)} lies beyond float32's range (±{float.MaxValue.ToString("R", CultureInfo.InvariantCulture)}); read the file with ReadMatrix as float64.");
            }
        }
        return ToMatrix(header, values, static x => (float)x);
    }

    /// <summary>Reads a 1-D array (float64, float32 or int8) as a vector of doubles.</summary>
    /// <param name="path">The <c>.npy</c> file.</param>
    /// <returns>The vector.</returns>
    /// <exception cref="InvalidDataException">The file is not a valid <c>.npy</c> file, is truncated, has extra bytes after the data, or is not 1-D.</exception>
    /// <exception cref="NotSupportedException">The version, dtype or byte order is not one this reader handles.</exception>
    public static double[] ReadVector(string path) => ReadFile(path, ReadVector);

    /// <summary>Reads a 1-D array (float64, float32 or int8) from a stream as a vector of doubles.</summary>
    /// <param name="stream">The stream to read, positioned at the magic bytes.</param>
    /// <returns>The vector.</returns>
    /// <exception cref="InvalidDataException">The data is not a valid <c>.npy</c> array, is truncated, or is not 1-D.</exception>
    /// <exception cref="NotSupportedException">The version, dtype or byte order is not one this reader handles.</exception>
    public static double[] ReadVector(Stream stream) => ReadArray(NotNull(stream, nameof(stream)), 1).Values;

    // ---- writing ---------------------------------------------------------------------------------

    /// <summary>Writes a matrix as a float64 (<c>'&lt;f8'</c>) <c>.npy</c> file, replacing any existing file.</summary>
    /// <param name="path">The file to write.</param>
    /// <param name="matrix">The matrix (patterns are rows).</param>
    public static void Write(string path, double[,] matrix) =>
        WriteFile(path, s => Write(s, matrix));

    /// <summary>Writes a matrix as a float32 (<c>'&lt;f4'</c>) <c>.npy</c> file, replacing any existing file.</summary>
    /// <param name="path">The file to write.</param>
    /// <param name="matrix">The matrix (patterns are rows).</param>
    public static void Write(string path, float[,] matrix) =>
        WriteFile(path, s => Write(s, matrix));

    /// <summary>Writes a matrix as an int8 (<c>'|i1'</c>) <c>.npy</c> file (e.g. ±1 patterns), replacing any existing file.</summary>
    /// <param name="path">The file to write.</param>
    /// <param name="matrix">The matrix (patterns are rows).</param>
    public static void Write(string path, sbyte[,] matrix) =>
        WriteFile(path, s => Write(s, matrix));

    /// <summary>Writes a vector as a 1-D float64 <c>.npy</c> file, replacing any existing file.</summary>
    /// <param name="path">The file to write.</param>
    /// <param name="vector">The vector.</param>
    public static void Write(string path, double[] vector) =>
        WriteFile(path, s => Write(s, vector));

    /// <summary>Writes a vector as a 1-D float32 <c>.npy</c> file, replacing any existing file.</summary>
    /// <param name="path">The file to write.</param>
    /// <param name="vector">The vector.</param>
    public static void Write(string path, float[] vector) =>
        WriteFile(path, s => Write(s, vector));

    /// <summary>Writes a vector as a 1-D int8 <c>.npy</c> file, replacing any existing file.</summary>
    /// <param name="path">The file to write.</param>
    /// <param name="vector">The vector.</param>
    public static void Write(string path, sbyte[] vector) =>
        WriteFile(path, s => Write(s, vector));

    /// <summary>Writes a matrix as float64 <c>.npy</c> data to a stream.</summary>
    /// <param name="stream">The stream to write to.</param>
    /// <param name="matrix">The matrix (patterns are rows).</param>
    public static void Write(Stream stream, double[,] matrix)
    {
        NotNull(matrix, nameof(matrix));
        WriteArray(stream, "<f8", [matrix.GetLength(0), matrix.GetLength(1)], 8, matrix.Length,
            (span, i) => BinaryPrimitives.WriteDoubleLittleEndian(span, matrix[i / matrix.GetLength(1), i % matrix.GetLength(1)]));
    }

    /// <summary>Writes a matrix as float32 <c>.npy</c> data to a stream.</summary>
    /// <param name="stream">The stream to write to.</param>
    /// <param name="matrix">The matrix (patterns are rows).</param>
    public static void Write(Stream stream, float[,] matrix)
    {
        NotNull(matrix, nameof(matrix));
        WriteArray(stream, "<f4", [matrix.GetLength(0), matrix.GetLength(1)], 4, matrix.Length,
            (span, i) => BinaryPrimitives.WriteSingleLittleEndian(span, matrix[i / matrix.GetLength(1), i % matrix.GetLength(1)]));
    }

    /// <summary>Writes a matrix as int8 <c>.npy</c> data to a stream.</summary>
    /// <param name="stream">The stream to write to.</param>
    /// <param name="matrix">The matrix (patterns are rows).</param>
    public static void Write(Stream stream, sbyte[,] matrix)
    {
        NotNull(matrix, nameof(matrix));
        WriteArray(stream, "|i1", [matrix.GetLength(0), matrix.GetLength(1)], 1, matrix.Length,
            (span, i) => span[0] = unchecked((byte)matrix[i / matrix.GetLength(1), i % matrix.GetLength(1)]));
    }

    /// <summary>Writes a vector as 1-D float64 <c>.npy</c> data to a stream.</summary>
    /// <param name="stream">The stream to write to.</param>
    /// <param name="vector">The vector.</param>
    public static void Write(Stream stream, double[] vector)
    {
        NotNull(vector, nameof(vector));
        WriteArray(stream, "<f8", [vector.Length], 8, vector.Length, (span, i) => BinaryPrimitives.WriteDoubleLittleEndian(span, vector[i]));
    }

    /// <summary>Writes a vector as 1-D float32 <c>.npy</c> data to a stream.</summary>
    /// <param name="stream">The stream to write to.</param>
    /// <param name="vector">The vector.</param>
    public static void Write(Stream stream, float[] vector)
    {
        NotNull(vector, nameof(vector));
        WriteArray(stream, "<f4", [vector.Length], 4, vector.Length, (span, i) => BinaryPrimitives.WriteSingleLittleEndian(span, vector[i]));
    }

    /// <summary>Writes a vector as 1-D int8 <c>.npy</c> data to a stream.</summary>
    /// <param name="stream">The stream to write to.</param>
    /// <param name="vector">The vector.</param>
    public static void Write(Stream stream, sbyte[] vector)
    {
        NotNull(vector, nameof(vector));
        WriteArray(stream, "|i1", [vector.Length], 1, vector.Length, (span, i) => span[0] = unchecked((byte)vector[i]));
    }

    // ---- internals -------------------------------------------------------------------------------

    /// <summary>A parsed header: the dtype string, the order and the shape.</summary>
    internal readonly record struct Header(string Descr, bool FortranOrder, int[] Shape);

    private static T NotNull<T>(T value, string name) where T : class =>
        value ?? throw new ArgumentNullException(name);

    private static T ReadFile<T>(string path, Func<Stream, T> read)
    {
        NotNull(path, nameof(path));
        using var stream = File.OpenRead(path);
        var result = read(stream);
        if (stream.Position != stream.Length)
        {
            throw new InvalidDataException(
                $"{path} has {stream.Length - stream.Position} bytes after the data its header describes; the header's shape does not match the file's size.");
        }
        return result;
    }

    private static void WriteFile(string path, Action<Stream> write)
    {
        NotNull(path, nameof(path));
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full) ?? ".";
        var temporary = Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, full, overwrite: true);
        }
        catch
        {
            try { File.Delete(temporary); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            throw;
        }
    }

    private static void ReadExactly(Stream stream, Span<byte> buffer, string what)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var n = stream.Read(buffer[total..]);
            if (n == 0)
            {
                throw new InvalidDataException(
                    $"The .npy data is truncated: expected {buffer.Length} bytes of {what}, found {total}.");
            }
            total += n;
        }
    }

    /// <summary>
    /// Reads the magic bytes, the version and the header of a <c>.npy</c> file, leaving the stream at the first data byte;
    /// refuses (as the readers do) a wrong magic, another version and a malformed header.
    /// </summary>
    internal static Header ReadHeader(Stream stream)
    {
        NotNull(stream, nameof(stream));
        Span<byte> prefix = stackalloc byte[8];
        ReadExactly(stream, prefix, "magic and version");
        if (!prefix[..6].SequenceEqual(Magic))
        {
            throw new InvalidDataException(
                $"Not a .npy file: expected the magic bytes \\x93NUMPY, found {Convert.ToHexString(prefix[..6])} (hex).");
        }
        int major = prefix[6], minor = prefix[7];
        if (minor != 0 || major is < 1 or > 3)
        {
            throw new NotSupportedException($".npy format version {major}.{minor} is not supported; expected 1.0, 2.0 or 3.0.");
        }
        Span<byte> lengthBytes = stackalloc byte[major == 1 ? 2 : 4];
        ReadExactly(stream, lengthBytes, "header length");
        long headerLength = major == 1 ? BinaryPrimitives.ReadUInt16LittleEndian(lengthBytes) : BinaryPrimitives.ReadUInt32LittleEndian(lengthBytes);
        if (headerLength > 1 << 24)
        {
            throw new InvalidDataException($"The .npy header length {headerLength} is implausibly large (over 16 MiB).");
        }
        var headerBytes = new byte[headerLength];
        ReadExactly(stream, headerBytes, "header");
        var text = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(headerBytes);
        return ParseHeader(text);
    }

    private static (Header Header, double[] Values) ReadArray(Stream stream, int rank)
    {
        var header = ReadHeader(stream);
        if (header.Shape.Length != rank)
        {
            throw new InvalidDataException(
                $"Expected a {rank}-D array ({(rank == 1 ? "a vector" : "a matrix, patterns as rows")}), found shape ({string.Join(", ", header.Shape)}{(header.Shape.Length == 1 ? "," : "")}).");
        }
        var (size, read) = Element(header.Descr);
        var shapeText = $"({string.Join(", ", header.Shape)})";
        var count = Product(header.Shape);
        var bytes = count > long.MaxValue / size ? long.MaxValue : count * size;
        // The declared size is checked against what the stream holds before anything of that size is allocated.
        if (stream.CanSeek && stream.Length - stream.Position < bytes)
        {
            throw new InvalidDataException(
                $"The .npy data is truncated: expected {(bytes == long.MaxValue ? "more than 2^63" : bytes.ToString(CultureInfo.InvariantCulture))} bytes of data for shape {shapeText} and dtype '{header.Descr}', found {stream.Length - stream.Position}.");
        }
        if (bytes > Array.MaxLength)
        {
            throw new NotSupportedException($"The array of shape {shapeText} is too large to read into one .NET array.");
        }
        var data = ReadData(stream, (int)bytes, $"data for shape {shapeText} and dtype '{header.Descr}'");
        var values = new double[count];
        for (var i = 0; i < count; i++) values[i] = read(data.AsSpan(i * size, size));
        return (header, values);
    }

    /// <summary>Π <paramref name="shape"/>, saturating at <see cref="long.MaxValue"/>.</summary>
    internal static long Product(int[] shape)
    {
        if (shape.Contains(0)) return 0;
        long count = 1;
        foreach (var d in shape) count = count > long.MaxValue / d ? long.MaxValue : count * d;
        return count;
    }

    /// <summary>
    /// Reads exactly <paramref name="length"/> bytes. A stream that cannot say its length (a pipe, a network stream)
    /// is read in growing pieces, so a header that claims more than the stream holds costs at most twice the bytes
    /// that actually arrive.
    /// </summary>
    private static byte[] ReadData(Stream stream, int length, string what)
    {
        if (stream.CanSeek)
        {
            var all = new byte[length];
            ReadExactly(stream, all, what);
            return all;
        }
        var data = new byte[Math.Min(length, 1 << 20)];
        var total = 0;
        while (total < length)
        {
            if (total == data.Length) Array.Resize(ref data, (int)Math.Min(length, 2L * data.Length));
            var n = stream.Read(data, total, data.Length - total);
            if (n == 0)
            {
                throw new InvalidDataException($"The .npy data is truncated: expected {length} bytes of {what}, found {total}.");
            }
            total += n;
        }
        return data;
    }

    private static (int Size, ReadElement Read) Element(string descr) => descr switch
    {
        "<f8" => (8, static b => BinaryPrimitives.ReadDoubleLittleEndian(b)),
        "<f4" => (4, static b => BinaryPrimitives.ReadSingleLittleEndian(b)),
        "|i1" or "<i1" or "i1" => (1, static b => unchecked((sbyte)b[0])),
        _ when descr.Length > 0 && descr[0] == '>' =>
            throw new NotSupportedException($"The .npy dtype '{descr}' is big-endian; expected little-endian '<f8', '<f4' or '|i1' (in numpy: X.astype('<f8'))."),
        _ => throw new NotSupportedException($"The .npy dtype '{descr}' is not supported; expected '<f8' (float64), '<f4' (float32) or '|i1' (int8)."),
    };

    private delegate double ReadElement(ReadOnlySpan<byte> bytes);

    private static readonly Regex DescrPattern = new(@"['""]descr['""]\s*:\s*['""]([^'""]*)['""]", RegexOptions.CultureInvariant);
    private static readonly Regex FortranPattern = new(@"['""]fortran_order['""]\s*:\s*(True|False)", RegexOptions.CultureInvariant);
    private static readonly Regex StructuredDescrPattern = new(@"['""]descr['""]\s*:\s*\[", RegexOptions.CultureInvariant);
    private static readonly Regex KeyPattern = new(@"['""](descr|fortran_order|shape)['""]\s*:", RegexOptions.CultureInvariant);
    private static readonly Regex ShapePattern = new(@"['""]shape['""]\s*:\s*\(([^)]*)\)", RegexOptions.CultureInvariant);

    private static Header ParseHeader(string text)
    {
        var trimmed = text.TrimEnd('\n', ' ', '\0');
        if (!trimmed.StartsWith('{') || !trimmed.EndsWith('}'))
        {
            throw new InvalidDataException($"The .npy header is not a Python dict literal: \"{Shorten(trimmed)}\".");
        }
        var descr = DescrPattern.Match(trimmed);
        var fortran = FortranPattern.Match(trimmed);
        var shape = ShapePattern.Match(trimmed);
        if (!descr.Success && StructuredDescrPattern.IsMatch(trimmed))
        {
            throw new NotSupportedException($"The .npy array has a structured dtype (a list of fields); only plain little-endian float and integer dtypes are read, found \"{Shorten(trimmed)}\".");
        }
        // After the structured-dtype check: a field name of a structured dtype may itself look like a key.
        var twice = KeyPattern.Matches(trimmed).GroupBy(m => m.Groups[1].Value).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null)
        {
            throw new InvalidDataException($"The .npy header gives '{twice.Key}' {twice.Count()} times; a header names each key once, found \"{Shorten(trimmed)}\".");
        }
        if (!descr.Success || !fortran.Success || !shape.Success)
        {
            var missing = string.Join(", ", new[] { (descr, "'descr'"), (fortran, "'fortran_order'"), (shape, "'shape'") }.Where(p => !p.Item1.Success).Select(p => p.Item2));
            throw new InvalidDataException($"The .npy header lacks {missing}; expected a dict with 'descr', 'fortran_order' and 'shape', found \"{Shorten(trimmed)}\".");
        }
        var parts = shape.Groups[1].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var dims = new int[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            var p = parts[i].TrimEnd('L');
            if (!int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out dims[i]))
            {
                throw new InvalidDataException(p.Length > 0 && p.All(char.IsAsciiDigit)
                    ? $"The .npy shape ({shape.Groups[1].Value}) has an entry '{parts[i]}' above {int.MaxValue}, the largest dimension this reader takes."
                    : $"The .npy shape ({shape.Groups[1].Value}) has an entry '{parts[i]}' that is not a non-negative whole number.");
            }
        }
        return new Header(descr.Groups[1].Value, fortran.Groups[1].Value == "True", dims);
    }

    private static string Shorten(string s) => s.Length <= 120 ? s : s[..120] + "…";

    private static T[,] ToMatrix<T>(Header header, double[] values, Func<double, T> convert)
    {
        int rows = header.Shape[0], columns = header.Shape[1];
        var result = new T[rows, columns];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                // C order stores row by row; Fortran order column by column.
                result[r, c] = convert(values[header.FortranOrder ? c * rows + r : r * columns + c]);
            }
        }
        return result;
    }

    /// <summary>The header numpy writes: the dict literal, space padding and '\n' so that the data starts at a multiple of 64 bytes.</summary>
    internal static byte[] HeaderBytes(string descr, int[] shape, out int major)
    {
        var shapeText = shape.Length == 1 ? $"({shape[0]},)" : $"({string.Join(", ", shape)})";
        var dict = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shapeText}, }}";
        major = 1;
        var prefix = Magic.Length + 2 + 2;
        if (prefix + dict.Length + 1 > ushort.MaxValue) { major = 2; prefix = Magic.Length + 2 + 4; }
        var padding = (Alignment - (prefix + dict.Length + 1) % Alignment) % Alignment;
        return Encoding.ASCII.GetBytes(dict + new string(' ', padding) + "\n");
    }

    private static void WriteArray(Stream stream, string descr, int[] shape, int size, int count, SpanAction writeElement)
    {
        NotNull(stream, nameof(stream));
        var header = HeaderBytes(descr, shape, out var major);
        var prefix = new byte[Magic.Length + 2 + (major == 1 ? 2 : 4)];
        Magic.CopyTo(prefix);
        prefix[6] = (byte)major;
        prefix[7] = 0;
        if (major == 1) BinaryPrimitives.WriteUInt16LittleEndian(prefix.AsSpan(8), (ushort)header.Length);
        else BinaryPrimitives.WriteUInt32LittleEndian(prefix.AsSpan(8), (uint)header.Length);
        stream.Write(prefix);
        stream.Write(header);
        var buffer = new byte[Math.Min(count, 8192) * size];
        var filled = 0;
        for (var i = 0; i < count; i++)
        {
            writeElement(buffer.AsSpan(filled, size), i);
            filled += size;
            if (filled == buffer.Length)
            {
                stream.Write(buffer, 0, filled);
                filled = 0;
            }
        }
        if (filled > 0) stream.Write(buffer, 0, filled);
    }

    private delegate void SpanAction(Span<byte> destination, int index);
}
