using System.Buffers.Binary;
using System.Text;

namespace AssociativeKernels.Tests;

/// <summary>Pattern matrices to and from numpy's .npy format, the way a user hands data over.</summary>
public sealed class NpyTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("akern-npy-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string PathOf(string name) => Path.Combine(folder, name);

    /// <summary>The bytes numpy writes for np.save(f, np.arange(6.0).reshape(2, 3) / 4), built by hand from the format rules.</summary>
    private static byte[] NumpyBytes(string descr, string shape, bool fortran, byte[] data, byte major = 1)
    {
        var dict = $"{{'descr': '{descr}', 'fortran_order': {(fortran ? "True" : "False")}, 'shape': {shape}, }}";
        var prefix = major == 1 ? 10 : 12;
        var padding = (64 - (prefix + dict.Length + 1) % 64) % 64;
        var header = Encoding.ASCII.GetBytes(dict + new string(' ', padding) + "\n");
        var bytes = new List<byte> { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', major, 0 };
        if (major == 1) bytes.AddRange(BitConverter.GetBytes((ushort)header.Length));
        else bytes.AddRange(BitConverter.GetBytes((uint)header.Length));
        bytes.AddRange(header);
        bytes.AddRange(data);
        return [.. bytes];
    }

    private static byte[] Doubles(params double[] values)
    {
        var data = new byte[values.Length * 8];
        for (var i = 0; i < values.Length; i++) BinaryPrimitives.WriteDoubleLittleEndian(data.AsSpan(i * 8), values[i]);
        return data;
    }

    [Fact]
    public void Reads_a_file_laid_out_exactly_as_numpy_writes_it()
    {
        // magic, version 1.0, header length 118 (little-endian), the dict padded with spaces to a
        // 64-byte boundary and ended by '\n', then six little-endian float64 in C order.
        var bytes = NumpyBytes("<f8", "(2, 3)", fortran: false, Doubles(0, 0.25, 0.5, 0.75, 1, 1.25));
        Assert.Equal(118, bytes[8] | bytes[9] << 8);
        Assert.Equal(128 + 48, bytes.Length);
        Assert.Equal((byte)'\n', bytes[127]);
        File.WriteAllBytes(PathOf("numpy.npy"), bytes);

        var matrix = Npy.ReadMatrix(PathOf("numpy.npy"));

        Assert.Equal(new double[,] { { 0, 0.25, 0.5 }, { 0.75, 1, 1.25 } }, matrix);
    }

    [Fact]
    public void Writes_the_same_bytes_numpy_does()
    {
        var expected = NumpyBytes("<f8", "(2, 3)", fortran: false, Doubles(0, 0.25, 0.5, 0.75, 1, 1.25));
        Npy.Write(PathOf("ours.npy"), new double[,] { { 0, 0.25, 0.5 }, { 0.75, 1, 1.25 } });
        Assert.Equal(expected, File.ReadAllBytes(PathOf("ours.npy")));

        // a 1-D shape is written "(n,)", int8 as '|i1'
        var vector = NumpyBytes("|i1", "(3,)", fortran: false, [0xFF, 0x01, 0xFF]);
        Npy.Write(PathOf("v.npy"), new sbyte[] { -1, 1, -1 });
        Assert.Equal(vector, File.ReadAllBytes(PathOf("v.npy")));
    }

    [Fact]
    public void Reads_Fortran_order_as_the_same_matrix_numpy_shows()
    {
        // np.asfortranarray([[1, 2, 3], [4, 5, 6]]) stores the columns one after another
        var bytes = NumpyBytes("<f8", "(2, 3)", fortran: true, Doubles(1, 4, 2, 5, 3, 6));
        using var stream = new MemoryStream(bytes);
        Assert.Equal(new double[,] { { 1, 2, 3 }, { 4, 5, 6 } }, Npy.ReadMatrix(stream));
    }

    [Fact]
    public void Reads_version_2_and_3_headers()
    {
        foreach (var major in new byte[] { 2, 3 })
        {
            using var stream = new MemoryStream(NumpyBytes("<f8", "(1, 2)", fortran: false, Doubles(7, -8), major));
            Assert.Equal(new double[,] { { 7, -8 } }, Npy.ReadMatrix(stream));
        }
    }

    public static TheoryData<int, int> Shapes => new() { { 0, 3 }, { 3, 0 }, { 0, 0 }, { 1, 1 }, { 3, 5 }, { 7, 1 }, { 1, 13 }, { 17, 9 } };

    private static T[,] Fill<T>(int rows, int columns, Func<int, int, T> value)
    {
        var m = new T[rows, columns];
        for (var r = 0; r < rows; r++) for (var c = 0; c < columns; c++) m[r, c] = value(r, c);
        return m;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Float64_round_trips_exactly(int rows, int columns)
    {
        var patterns = Fill(rows, columns, (r, c) => Math.Sin(r * 31 + c) * Math.Pow(10, c - 3));
        Npy.Write(PathOf("x.npy"), patterns);
        Assert.Equal(patterns, Npy.ReadMatrix(PathOf("x.npy")));
        // the data starts on a 64-byte boundary
        Assert.Equal(0, (new FileInfo(PathOf("x.npy")).Length - rows * columns * 8) % 64);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Float32_round_trips_exactly(int rows, int columns)
    {
        var patterns = Fill(rows, columns, (r, c) => (float)Math.Cos(r * 7 + c * 3));
        Npy.Write(PathOf("x.npy"), patterns);
        Assert.Equal(patterns, Npy.ReadMatrixSingle(PathOf("x.npy")));
        // widening float32 to double is exact
        Assert.Equal(Fill(rows, columns, (r, c) => (double)patterns[r, c]), Npy.ReadMatrix(PathOf("x.npy")));
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Int8_round_trips_exactly(int rows, int columns)
    {
        var patterns = Fill(rows, columns, (r, c) => (sbyte)((r * 5 + c * 11) % 3 == 0 ? -1 : (r + c) % 256 - 128));
        Npy.Write(PathOf("x.npy"), patterns);
        Assert.Equal(Fill(rows, columns, (r, c) => (double)patterns[r, c]), Npy.ReadMatrix(PathOf("x.npy")));
    }

    [Fact]
    public void Vectors_round_trip_in_every_dtype()
    {
        double[] d = [1.5, -2.25, double.MaxValue, double.Epsilon];
        Npy.Write(PathOf("d.npy"), d);
        Assert.Equal(d, Npy.ReadVector(PathOf("d.npy")));
        float[] f = [1.5f, -3f];
        Npy.Write(PathOf("f.npy"), f);
        Assert.Equal([1.5, -3.0], Npy.ReadVector(PathOf("f.npy")));
        Npy.Write(PathOf("e.npy"), Array.Empty<double>());
        Assert.Empty(Npy.ReadVector(PathOf("e.npy")));
    }

    [Fact]
    public void Streams_hold_several_arrays_one_after_another()
    {
        using var stream = new MemoryStream();
        Npy.Write(stream, new double[,] { { 1, 2 } });
        Npy.Write(stream, new float[] { 3, 4, 5 });
        stream.Position = 0;
        Assert.Equal(new double[,] { { 1, 2 } }, Npy.ReadMatrix(stream));
        Assert.Equal([3.0, 4.0, 5.0], Npy.ReadVector(stream));
        Assert.Equal(stream.Length, stream.Position);
    }

    [Fact]
    public void Bad_files_are_rejected_saying_what_was_expected()
    {
        var good = NumpyBytes("<f8", "(2, 3)", fortran: false, Doubles(1, 2, 3, 4, 5, 6));

        var magic = (byte[])good.Clone();
        magic[1] = (byte)'X';
        Assert.Contains("magic", Assert.Throws<InvalidDataException>(() => Npy.ReadMatrix(new MemoryStream(magic))).Message);

        var truncated = good[..^5];
        var t = Assert.Throws<InvalidDataException>(() => Npy.ReadMatrix(new MemoryStream(truncated)));
        Assert.Contains("truncated", t.Message);
        Assert.Contains("48", t.Message);

        var headerCut = good[..40];
        Assert.Contains("truncated", Assert.Throws<InvalidDataException>(() => Npy.ReadMatrix(new MemoryStream(headerCut))).Message);

        var dtype = NumpyBytes("<i8", "(2, 3)", fortran: false, new byte[48]);
        Assert.Contains("'<i8'", Assert.Throws<NotSupportedException>(() => Npy.ReadMatrix(new MemoryStream(dtype))).Message);

        var bigEndian = NumpyBytes(">f8", "(2, 3)", fortran: false, new byte[48]);
        Assert.Contains("big-endian", Assert.Throws<NotSupportedException>(() => Npy.ReadMatrix(new MemoryStream(bigEndian))).Message);

        var version = (byte[])good.Clone();
        version[6] = 4;
        Assert.Contains("4.0", Assert.Throws<NotSupportedException>(() => Npy.ReadMatrix(new MemoryStream(version))).Message);

        var rank = NumpyBytes("<f8", "(6,)", fortran: false, Doubles(1, 2, 3, 4, 5, 6));
        Assert.Contains("2-D", Assert.Throws<InvalidDataException>(() => Npy.ReadMatrix(new MemoryStream(rank))).Message);
        Assert.Contains("1-D", Assert.Throws<InvalidDataException>(() => Npy.ReadVector(new MemoryStream(good))).Message);

        // the header promises 2×2 = 4 values but the file holds 6: the shape does not match the data
        File.WriteAllBytes(PathOf("mismatch.npy"), NumpyBytes("<f8", "(2, 2)", fortran: false, Doubles(1, 2, 3, 4, 5, 6)));
        Assert.Contains("shape", Assert.Throws<InvalidDataException>(() => Npy.ReadMatrix(PathOf("mismatch.npy"))).Message);

        var noShape = Encoding.ASCII.GetBytes("{'descr': '<f8', 'fortran_order': False, }".PadRight(117) + "\n");
        var bytes = new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0, 118, 0 }.Concat(noShape).ToArray();
        Assert.Contains("'shape'", Assert.Throws<InvalidDataException>(() => Npy.ReadMatrix(new MemoryStream(bytes))).Message);
    }

    /// <summary>A stream that cannot say its length, as a pipe or a socket.</summary>
    private sealed class PipeLike(byte[] bytes) : Stream
    {
        private readonly MemoryStream inner = new(bytes);
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    private static (T Exception, long Allocated) ThrowsAllocating<T>(Action read) where T : Exception
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<T>(read);
        return (e, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void A_header_that_claims_more_than_the_file_holds_is_refused_before_allocating()
    {
        // About 100 bytes whose header claims 268 435 440 float64 values (2.1 GB).
        File.WriteAllBytes(PathOf("liar.npy"), NumpyBytes("<f8", "(268435440, 1)", fortran: false, Doubles(1, 2, 3, 4)));
        var (e, allocated) = ThrowsAllocating<InvalidDataException>(() => Npy.ReadMatrix(PathOf("liar.npy")));
        Assert.Contains("truncated: expected 2147483520 bytes of data for shape (268435440, 1) and dtype '<f8', found 32", e.Message);
        Assert.True(allocated < 1 << 20, $"allocated {allocated} bytes");

        var (pipe, pipeAllocated) = ThrowsAllocating<InvalidDataException>(
            () => Npy.ReadMatrix(new PipeLike(NumpyBytes("<f8", "(268435440, 1)", fortran: false, Doubles(1, 2, 3, 4)))));
        Assert.Contains("truncated", pipe.Message);
        Assert.True(pipeAllocated < 4 << 20, $"allocated {pipeAllocated} bytes");
        Assert.Equal(new double[,] { { 1, 2 }, { 3, 4 } }, Npy.ReadMatrix(new PipeLike(NumpyBytes("<f8", "(2, 2)", fortran: false, Doubles(1, 2, 3, 4)))));
    }

    [Fact]
    public void A_shape_whose_byte_count_overflows_is_invalid_data_not_an_overflow()
    {
        var huge = NumpyBytes("<f8", "(2147483647, 2147483647)", fortran: false, Doubles(1, 2));
        Assert.Contains("truncated", Assert.Throws<InvalidDataException>(() => Npy.ReadMatrix(new MemoryStream(huge))).Message);
        var vector = NumpyBytes("<f8", "(2147483647,)", fortran: false, Doubles(1, 2));
        Assert.Contains("found 16", Assert.Throws<InvalidDataException>(() => Npy.ReadVector(new MemoryStream(vector))).Message);
        Assert.Contains("too large", Assert.Throws<NotSupportedException>(() => Npy.ReadMatrix(new PipeLike(huge))).Message);
    }

    [Fact]
    public void Float64_values_beyond_float32_are_refused_when_read_as_float32()
    {
        var bytes = NumpyBytes("<f8", "(1, 3)", fortran: false, Doubles(1, -1e300, double.NaN));
        var e = Assert.Throws<InvalidDataException>(() => Npy.ReadMatrixSingle(new MemoryStream(bytes)));
        Assert.Contains("(0, 1)", e.Message);
        Assert.Contains("float32", e.Message);
        var nan = Npy.ReadMatrixSingle(new MemoryStream(NumpyBytes("<f8", "(1, 2)", fortran: false, Doubles(3.4e38, double.NegativeInfinity))));
        Assert.Equal(3.4e38f, nan[0, 0]);
        Assert.Equal(float.NegativeInfinity, nan[0, 1]); // a stored infinity stays one
    }

    private sealed class FailingStream(int failAfter) : MemoryStream
    {
        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (Length + buffer.Length > failAfter) throw new IOException("disk full");
            base.Write(buffer);
        }
    }

    [Fact]
    public void A_failed_write_leaves_the_old_file_and_no_partial_file()
    {
        var target = PathOf("keep.npy");
        Npy.Write(target, new double[,] { { 1 } });
        var before = File.ReadAllBytes(target);
        // the final move fails (the target is a folder): the temporary file must not be left behind
        var directoryTarget = PathOf("a-folder.npy");
        Directory.CreateDirectory(directoryTarget);
        Assert.ThrowsAny<IOException>(() => Npy.Write(directoryTarget, new double[,] { { 1, 2 } }));
        Assert.Equal(before, File.ReadAllBytes(target));
        Assert.Equal(["a-folder.npy", "keep.npy"], Directory.GetFileSystemEntries(folder).Select(Path.GetFileName).Order());

        // and a stream write that fails surfaces the stream's exception
        Assert.Throws<IOException>(() => Npy.Write(new FailingStream(100), new double[5, 5]));
    }
}
