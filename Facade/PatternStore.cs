using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;
using AssociativeKernels.Fast;
using AssociativeKernels.Interop;

namespace AssociativeKernels;

/// <summary>How a <see cref="PatternStore"/> keeps its entries.</summary>
public enum PatternPrecision
{
    /// <summary>IEEE double (8 bytes an entry); retrieval in double precision.</summary>
    Float64,
    /// <summary>IEEE float (4 bytes an entry); retrieval in single precision.</summary>
    Float32,
    /// <summary>
    /// bfloat16 (2 bytes an entry): the upper 16 bits of a float, rounded to nearest-even from the source value
    /// (relative rounding at most 2⁻⁸ per entry); widened to float for single-precision retrieval. Half the bytes of
    /// <see cref="Float32"/> to read per query; see <see cref="ModernHopfieldNetwork.Create(PatternStore, double)"/> for
    /// the error this adds.
    /// </summary>
    BFloat16,
}

/// <summary>
/// M patterns of dimension N (rows) in one contiguous row-major block outside the .NET heap — native memory, or a
/// <c>.npy</c> file mapped read-only into memory — for memories larger than a heap one wants to commit, and for
/// half-size bfloat16 patterns. A network built over a store (<see cref="ModernHopfieldNetwork.Create(PatternStore, double)"/>)
/// reads its rows in place: nothing is copied.
/// </summary>
/// <remarks>
/// <para>A store is immutable and safe to read from many threads. <see cref="Dispose"/> frees the memory (or unmaps the
/// file); any later retrieval through a network over the store throws <see cref="ObjectDisposedException"/>. A
/// retrieval already running when another thread disposes the store holds the memory until it finishes (a
/// reference count), so disposal never pulls the memory from under a running retrieval.</para>
/// <para><see cref="MapNpy(string)"/> takes O(1) time and memory beyond the mapping: it reads the header only. The
/// entries are checked (finite) and their largest magnitude found — which the fast path needs to know its
/// arithmetic stays in range — lazily, once, by the first retrieval (thread-safe); a non-finite entry then makes that
/// and every later retrieval throw <see cref="InvalidDataException"/> naming the file, the row and the column. Stores
/// made by <see cref="Create(double[,], PatternPrecision)"/> are checked when made.</para>
/// </remarks>
public sealed class PatternStore : IDisposable
{
    private readonly Memory _memory;
    private readonly string? _path;
    private readonly object _scanLock = new();
    private volatile bool _scanned;
    private double _maxAbs;
    private string? _scanError;

    private PatternStore(Memory memory, int count, int dimension, PatternPrecision precision, string? path)
    {
        _memory = memory;
        Count = count;
        Dimension = dimension;
        Precision = precision;
        _path = path;
    }

    /// <summary>The number M of patterns (rows).</summary>
    public int Count { get; }

    /// <summary>The length N of a pattern.</summary>
    public int Dimension { get; }

    /// <summary>How the entries are kept.</summary>
    public PatternPrecision Precision { get; }

    /// <summary>A store holding the rows of <paramref name="patterns"/> at <paramref name="precision"/>, in native memory.</summary>
    /// <param name="patterns">The M×N patterns (rows, finite, M ≥ 1, N ≥ 1).</param>
    /// <param name="precision">How to keep the entries: rounded once, to nearest-even, from the double values.</param>
    /// <returns>The store (dispose it when done).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="patterns"/> is null.</exception>
    /// <exception cref="ArgumentException">No rows or no columns, a non-finite entry, or an entry beyond the chosen precision's range (float32 ±3.4e38, bfloat16 ±3.39e38).</exception>
    public static PatternStore Create(double[,] patterns, PatternPrecision precision)
    {
        Check(patterns, precision);
        return Fill(patterns.GetLength(0), patterns.GetLength(1), precision, (m, i) => patterns[m, i]);
    }

    /// <inheritdoc cref="Create(double[,], PatternPrecision)"/>
    public static PatternStore Create(float[,] patterns, PatternPrecision precision)
    {
        Check(patterns, precision);
        return Fill(patterns.GetLength(0), patterns.GetLength(1), precision, (m, i) => patterns[m, i]);
    }

    /// <summary>
    /// Maps a C-order, little-endian float64 (<c>'&lt;f8'</c>, a <see cref="PatternPrecision.Float64"/> store) or
    /// float32 (<c>'&lt;f4'</c>, <see cref="PatternPrecision.Float32"/>) 2-D <c>.npy</c> file read-only into memory,
    /// without reading or copying its data (see the class remarks for when the entries are checked).
    /// </summary>
    /// <param name="path">The <c>.npy</c> file (numpy: <c>np.save(path, X)</c>, X of shape (M, N)). It must not change while mapped:
    /// rewritten entries are read as they are then, and a file truncated by another process makes the next read of a
    /// page past its new end a bus error, which the runtime reports as a fatal AccessViolationException: the process
    /// ends (checked: a 20 000 × 64 store truncated to 4 KiB, exit code 134); no exception can be caught for it.</param>
    /// <returns>The store (dispose it to unmap the file).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="InvalidDataException">Not a valid <c>.npy</c> file, not 2-D, no rows or no columns, or a size that does not match the header (truncated or extra bytes).</exception>
    /// <exception cref="NotSupportedException">Another dtype (e.g. <c>'&lt;i4'</c>), big-endian data, or Fortran order.</exception>
    public static PatternStore MapNpy(string path) => Map(path, null);

    /// <summary>
    /// Maps a C-order, little-endian 2-D <c>.npy</c> file whose dtype is the one <paramref name="precision"/> keeps:
    /// <c>'&lt;f8'</c> for <see cref="PatternPrecision.Float64"/>, <c>'&lt;f4'</c> for <see cref="PatternPrecision.Float32"/>,
    /// and <c>'&lt;u2'</c> for <see cref="PatternPrecision.BFloat16"/> — the bfloat16 bit patterns as unsigned 16-bit
    /// integers (numpy with ml_dtypes: <c>np.save(path, X.astype(ml_dtypes.bfloat16).view('&lt;u2'))</c>). Nothing is
    /// read or copied; the entries are checked lazily (see the class remarks).
    /// </summary>
    /// <param name="path">The <c>.npy</c> file. It must not change while mapped (see <see cref="MapNpy(string)"/>: a truncation ends the process).</param>
    /// <param name="precision">The precision the file's dtype holds (no conversion happens).</param>
    /// <returns>The store (dispose it to unmap the file).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="precision"/> is not a defined value.</exception>
    /// <exception cref="InvalidDataException">Not a valid <c>.npy</c> file, not 2-D, no rows or no columns, or a size that does not match the header.</exception>
    /// <exception cref="NotSupportedException">A dtype other than the one <paramref name="precision"/> keeps, big-endian data, or Fortran order.</exception>
    public static PatternStore MapNpy(string path, PatternPrecision precision)
    {
        CheckPrecision(precision);
        return Map(path, precision);
    }

    /// <summary>Frees the memory or unmaps the file (once every running retrieval over it has finished); later retrievals throw <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose() => _memory.Dispose();

    // ---- reading, for the networks -----------------------------------------------------------------

    /// <summary>The rows as float64 (a <see cref="PatternPrecision.Float64"/> store).</summary>
    internal unsafe Rows<double> Float64Rows => new((double*)_memory.First, Count, Dimension, Dimension, _memory);

    /// <summary>The rows as float32 (a <see cref="PatternPrecision.Float32"/> store).</summary>
    internal unsafe Rows<float> Float32Rows => new((float*)_memory.First, Count, Dimension, Dimension, _memory);

    /// <summary>The rows as bfloat16 bits (a <see cref="PatternPrecision.BFloat16"/> store).</summary>
    internal unsafe Rows<ushort> BFloat16Rows => new((ushort*)_memory.First, Count, Dimension, Dimension, _memory);

    /// <summary>Keeps the memory alive until the lease is disposed; throws <see cref="ObjectDisposedException"/> once the store is disposed.</summary>
    internal Lease Acquire()
    {
        var added = false;
        try
        {
            _memory.DangerousAddRef(ref added);
        }
        catch (ObjectDisposedException)
        {
            throw new ObjectDisposedException(nameof(PatternStore), $"The PatternStore{(_path is null ? "" : $" over {_path}")} has been disposed; a network over it can no longer retrieve.");
        }
        return new Lease(_memory);
    }

    /// <summary>A hold on the store's memory (see <see cref="Acquire"/>).</summary>
    internal readonly ref struct Lease(SafeHandle? memory)
    {
        /// <summary>Releases the hold.</summary>
        public void Dispose() => memory?.DangerousRelease();
    }

    /// <summary>
    /// max |x| over every entry, found once (thread-safe) by a scan that also checks every entry is finite; a mapped file
    /// with a non-finite entry throws <see cref="InvalidDataException"/> naming the file, the row and the column, now and at
    /// every later call. The caller holds a <see cref="Lease"/>.
    /// </summary>
    internal double MaxAbs
    {
        get
        {
            if (!_scanned)
            {
                lock (_scanLock)
                {
                    if (!_scanned)
                    {
                        _scanError = Scan(out _maxAbs);
                        _scanned = true;
                    }
                }
            }
            if (_scanError is not null) throw new InvalidDataException(_scanError);
            return _maxAbs;
        }
    }

    /// <summary>max |x| and the first non-finite entry (as an error message, null when there is none).</summary>
    private string? Scan(out double maxAbs)
    {
        maxAbs = 0;
        for (var m = 0; m < Count; m++)
        {
            var max = 0.0;
            var bad = -1;
            switch (Precision)
            {
                case PatternPrecision.Float64:
                    bad = MaxAbsRow(Float64Rows[m], ref max);
                    break;
                case PatternPrecision.Float32:
                    bad = MaxAbsRow(Float32Rows[m], ref max);
                    break;
                default:
                    var row = BFloat16Rows[m];
                    for (var i = 0; i < row.Length && bad < 0; i++)
                    {
                        if (!BFloat16.IsFinite(row[i])) bad = i;
                        else max = Math.Max(max, Math.Abs(BFloat16.ToSingle(row[i])));
                    }
                    break;
            }
            if (bad >= 0)
            {
                var value = Precision switch
                {
                    PatternPrecision.Float64 => Float64Rows[m][bad],
                    PatternPrecision.Float32 => Float32Rows[m][bad],
                    _ => BFloat16.ToSingle(BFloat16Rows[m][bad]),
                };
                return $"{_path ?? "The pattern store"}: row {m}, column {bad} is {CoreCall.Show(value)}; every stored entry must be a finite number.";
            }
            maxAbs = Math.Max(maxAbs, max);
        }
        return null;
    }

    /// <summary>Raises <paramref name="max"/> to max |x_i| over <paramref name="row"/>; the index of the first non-finite entry, or −1.</summary>
    private static int MaxAbsRow<T>(ReadOnlySpan<T> row, ref double max) where T : System.Numerics.IFloatingPointIeee754<T>
    {
        var top = T.Zero;
        for (var i = 0; i < row.Length; i++)
        {
            var a = T.Abs(row[i]);
            if (!T.IsFinite(a)) return i;
            if (a > top) top = a;
        }
        max = Math.Max(max, double.CreateTruncating(top));
        return -1;
    }

    // ---- making ------------------------------------------------------------------------------------

    private static void CheckPrecision(PatternPrecision precision)
    {
        if (!Enum.IsDefined(precision))
        {
            throw new ArgumentOutOfRangeException(nameof(precision), precision, $"precision = {(int)precision} is not a PatternPrecision (Float64, Float32 or BFloat16).");
        }
    }

    private static void Check(Array patterns, PatternPrecision precision)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        CheckPrecision(precision);
        if (patterns.GetLength(0) == 0) throw new ArgumentException("patterns is empty; a store needs at least one pattern (patterns are rows).", nameof(patterns));
        if (patterns.GetLength(1) == 0) throw new ArgumentException("patterns has rows of length 0; patterns need at least one component.", nameof(patterns));
    }

    private static unsafe PatternStore Fill(int count, int dimension, PatternPrecision precision, Func<int, int, double> entry)
    {
        var size = precision switch { PatternPrecision.Float64 => 8, PatternPrecision.Float32 => 4, _ => 2 };
        var memory = new Memory((nuint)count * (nuint)dimension * (nuint)size);
        var store = new PatternStore(memory, count, dimension, precision, null);
        try
        {
            var max = 0.0;
            for (var m = 0; m < count; m++)
            {
                for (var i = 0; i < dimension; i++)
                {
                    var x = entry(m, i);
                    var at = (long)m * dimension + i;
                    var stored = double.NaN;
                    switch (precision)
                    {
                        case PatternPrecision.Float64:
                            if (double.IsFinite(x)) ((double*)memory.First)[at] = stored = x;
                            break;
                        case PatternPrecision.Float32:
                            var f = (float)x;
                            if (float.IsFinite(f)) ((float*)memory.First)[at] = f;
                            stored = f;
                            break;
                        default:
                            if (BFloat16.TryRound(x, out var bits))
                            {
                                ((ushort*)memory.First)[at] = bits;
                                stored = BFloat16.ToSingle(bits);
                            }
                            break;
                    }
                    if (!double.IsFinite(stored)) throw Unstorable(m, i, x, precision);
                    max = Math.Max(max, Math.Abs(stored));
                }
            }
            store._maxAbs = max;
            store._scanned = true;
            return store;
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    private static ArgumentException Unstorable(int m, int i, double x, PatternPrecision precision) =>
        new ArgumentOutOfRangeException("patterns", x, double.IsFinite(x)
            ? $"patterns[{m}, {i}] = {CoreCall.Show(x)} lies beyond {precision}'s range (±{CoreCall.Show(precision == PatternPrecision.Float32 ? float.MaxValue : BFloat16.MaxValue)}); choose PatternPrecision.Float64."
            : $"patterns[{m}, {i}] = {CoreCall.Show(x)}: every entry must be a finite number.");

    private static unsafe PatternStore Map(string path, PatternPrecision? precision)
    {
        ArgumentNullException.ThrowIfNull(path);
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        try
        {
            Npy.Header header;
            try
            {
                header = Npy.ReadHeader(stream);
            }
            catch (InvalidDataException e)
            {
                throw new InvalidDataException($"{path}: {e.Message}", e);
            }
            catch (NotSupportedException e)
            {
                throw new NotSupportedException($"{path}: {e.Message}", e);
            }
            var found = FromDescr(path, header.Descr, precision);
            if (header.FortranOrder)
            {
                throw new NotSupportedException(
                    $"{path}: the array is in Fortran (column-major) order; a mapped store needs C order, patterns as contiguous rows (numpy: np.save(path, np.ascontiguousarray(X))), or read it with Npy.ReadMatrix.");
            }
            if (header.Shape.Length != 2)
            {
                throw new InvalidDataException(
                    $"{path}: expected a 2-D array (patterns as rows), found shape ({string.Join(", ", header.Shape)}{(header.Shape.Length == 1 ? "," : "")}).");
            }
            int count = header.Shape[0], dimension = header.Shape[1];
            if (count == 0 || dimension == 0)
            {
                throw new InvalidDataException($"{path}: the array of shape ({count}, {dimension}) is empty; a store needs at least one pattern of at least one component.");
            }
            var size = found switch { PatternPrecision.Float64 => 8, PatternPrecision.Float32 => 4, _ => 2 };
            // In 128 bits: two int dimensions times 8 bytes can exceed 2⁶³, and a wrapped product could match a
            // short file's size and map far fewer bytes than the header's rows.
            var bytes = (Int128)count * dimension * size;
            var offset = stream.Position;
            var available = stream.Length - offset;
            if (available != bytes)
            {
                throw new InvalidDataException(available < bytes
                    ? $"{path}: the .npy data is truncated: expected {bytes} bytes for shape ({count}, {dimension}) and dtype '{header.Descr}', found {available}."
                    : $"{path} has {available - bytes} bytes after the data its header describes; the header's shape does not match the file's size.");
            }
            var file = MemoryMappedFile.CreateFromFile(stream, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
            stream = null;
            return new PatternStore(new Memory(file, offset), count, dimension, found, path);
        }
        finally
        {
            stream?.Dispose();
        }
    }

    /// <summary>The precision a dtype holds, refusing one that does not match <paramref name="wanted"/> (when given).</summary>
    private static PatternPrecision FromDescr(string path, string descr, PatternPrecision? wanted)
    {
        PatternPrecision? found = descr switch
        {
            "<f8" => PatternPrecision.Float64,
            "<f4" => PatternPrecision.Float32,
            "<u2" when wanted == PatternPrecision.BFloat16 => PatternPrecision.BFloat16,
            _ => null,
        };
        var expected = wanted switch
        {
            null => "'<f8' (float64) or '<f4' (float32)",
            PatternPrecision.Float64 => "'<f8' (float64)",
            PatternPrecision.Float32 => "'<f4' (float32)",
            _ => "'<u2' (bfloat16 bits)",
        };
        if (found is { } precision && (wanted is null || wanted == precision)) return precision;
        var why = descr.Length > 0 && descr[0] == '>'
            ? $"its dtype '{descr}' is big-endian; a mapped store reads little-endian data in place (numpy: np.save(path, X.astype('<{descr[1..]}')))"
            : $"its dtype is '{descr}'";
        throw new NotSupportedException($"{path}: {why}; expected {expected}{(wanted is null ? " (bfloat16 bits '<u2': MapNpy(path, PatternPrecision.BFloat16))" : "")}.");
    }

    /// <summary>
    /// The store's memory: native (aligned to 64 bytes) or a read-only view of a mapped file. A <see cref="SafeHandle"/>, so that
    /// retrievals hold it by reference count and disposal frees it only after the last one (<see cref="Acquire"/>).
    /// </summary>
    private sealed unsafe class Memory : SafeHandle
    {
        private readonly MemoryMappedFile? _file;
        private readonly MemoryMappedViewAccessor? _view;
        private readonly long _pressure;

        /// <summary><paramref name="bytes"/> of native memory.</summary>
        internal Memory(nuint bytes) : base(IntPtr.Zero, ownsHandle: true)
        {
            SetHandle((IntPtr)NativeMemory.AlignedAlloc(Math.Max(bytes, 1), 64));
            _pressure = (long)bytes;
            GC.AddMemoryPressure(_pressure);
            First = (byte*)handle;
        }

        /// <summary>A read-only view of <paramref name="file"/>, the data starting <paramref name="offset"/> bytes in.</summary>
        internal Memory(MemoryMappedFile file, long offset) : base(IntPtr.Zero, ownsHandle: true)
        {
            _file = file;
            try
            {
                _view = file.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
                byte* pointer = null;
                _view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
                SetHandle((IntPtr)pointer);
                First = pointer + _view.PointerOffset + offset;
            }
            catch
            {
                _view?.Dispose();
                file.Dispose();
                throw;
            }
        }

        /// <summary>The first data byte.</summary>
        internal byte* First { get; }

        public override bool IsInvalid => handle == IntPtr.Zero;

        protected override bool ReleaseHandle()
        {
            if (_view is null)
            {
                NativeMemory.AlignedFree((void*)handle);
                GC.RemoveMemoryPressure(_pressure);
                return true;
            }
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
            _view.Dispose();
            _file!.Dispose();
            return true;
        }
    }
}
