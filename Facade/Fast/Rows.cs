namespace AssociativeKernels.Fast;

/// <summary>
/// The rows of a stored matrix (patterns are rows), as the fast paths read them: either a jagged array (the
/// core's own rows, no copy) or contiguous row-major memory — a base pointer and a row stride — that an owner
/// object keeps alive and in place (native memory, a pinned array, a memory-mapped file's view). Row μ is
/// <c>rows[μ]</c> either way. A copy of the struct is a view of the same memory; it never copies rows.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
internal readonly unsafe struct Rows<T> where T : unmanaged
{
    private readonly T[][]? _jagged;
    private readonly int _first;
    private readonly T* _base;
    private readonly long _stride;
    private readonly object? _owner;

    /// <summary>The rows of a jagged array (not copied).</summary>
    internal Rows(T[][] rows)
    {
        _jagged = rows;
        Count = rows.Length;
        Dimension = rows.Length == 0 ? 0 : rows[0].Length;
    }

    private Rows(T[][] rows, int first, int count, int dimension)
    {
        _jagged = rows;
        _first = first;
        Count = count;
        Dimension = dimension;
    }

    /// <summary>
    /// <paramref name="count"/> rows of <paramref name="dimension"/> elements, row μ starting at
    /// <paramref name="first"/> + μ·<paramref name="stride"/>; <paramref name="owner"/> keeps that memory alive
    /// and in place for as long as this view is reachable.
    /// </summary>
    internal Rows(T* first, int count, int dimension, long stride, object? owner)
    {
        _base = first;
        _stride = stride;
        _owner = owner;
        Count = count;
        Dimension = dimension;
    }

    /// <summary>The number of rows M.</summary>
    internal int Count { get; }

    /// <summary>The length of a row (the first row's, for a jagged array).</summary>
    internal int Dimension { get; }

    /// <summary>The memory's owner (null for a jagged array).</summary>
    internal object? Owner => _owner;

    /// <summary>Row <paramref name="mu"/> (0 ≤ μ &lt; <see cref="Count"/>: a slice never reaches the rows around it).</summary>
    internal ReadOnlySpan<T> this[int mu]
    {
        get
        {
            if ((uint)mu >= (uint)Count) OutOfRange(mu);
            return _jagged is { } rows ? rows[_first + mu] : new ReadOnlySpan<T>(_base + mu * _stride, Dimension);
        }
    }

    private void OutOfRange(int mu) => throw new ArgumentOutOfRangeException(nameof(mu), $"Rows: row {mu} is outside [0, {Count}).");

    /// <summary>The view of rows [<paramref name="from"/>, <paramref name="from"/> + <paramref name="count"/>) as rows 0 … count − 1 (nothing is copied).</summary>
    internal Rows<T> Slice(int from, int count)
    {
        if (from < 0 || count < 0 || from > Count - count) throw new ArgumentOutOfRangeException(nameof(from), $"Rows.Slice: [{from}, {from} + {count}) is outside the {Count} rows.");
        return _jagged is { } rows ? new Rows<T>(rows, _first + from, count, Dimension) : new Rows<T>(_base + from * _stride, count, Dimension, _stride, _owner);
    }

    /// <summary>Whether <paramref name="other"/> is a view of the same rows (the same array, or the same memory and shape).</summary>
    internal bool IsSameAs(Rows<T> other) =>
        ReferenceEquals(_jagged, other._jagged) && _first == other._first && _base == other._base && _stride == other._stride && Count == other.Count && Dimension == other.Dimension;

    /// <summary>A jagged array's rows.</summary>
    public static implicit operator Rows<T>(T[][] rows) => new(rows);
}
