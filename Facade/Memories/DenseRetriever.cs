using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Numerics;
using AssociativeKernels.Fast;
using AssociativeKernels.Interop;

namespace AssociativeKernels;

/// <summary>The reference (F# core) retrieval of a network, which checks its query in the caller's names (<c>query</c>) first.</summary>
internal interface IReferenceRetrieval
{
    /// <summary>One query, through the core.</summary>
    double[] ReferenceRetrieve(double[] query);
    /// <summary>Queries (rows), through the core.</summary>
    double[][] ReferenceRetrieveBatch(double[][] queries);
}

/// <summary>
/// The retrieval entry points shared by <see cref="ModernHopfieldNetwork"/> and <see cref="UniversalHopfieldNetwork"/>.
/// Input the fast path can take (whole finite queries, right lengths, magnitudes inside the engine's range,
/// <see cref="DenseRetrieval{T}.Fits"/>) runs on a double-precision <see cref="DenseRetrieval{T}"/> over the
/// core's own stored rows (no copy), or a single-precision one over the rows rounded to float (built on the
/// first float call). Anything else goes to the reference, which scales where magnitudes demand it; a bad query
/// is refused there by the network's edge check (<see cref="MemoryRows"/>), in the caller's names, whichever path
/// the well-formed input would have taken. Rules the fast path does not cover
/// (normalizations, other similarities and separations) run on the reference in double precision.
/// <para>
/// Float calls: on the float engine when it fits; otherwise in double (the double engine when it fits, else
/// the reference; float input is exact in double) with the output rounded to float — and when an output is
/// beyond float's range (±3.4e38, e.g. a stored row of 1e300 that takes the weight) the call throws an
/// <see cref="ArgumentException"/> naming its query parameter rather than return ∞. An empty batch gives an
/// empty result.
/// </para>
/// <para>
/// Over a <see cref="PatternStore"/> (auto-associative, keys = values = the store's rows, not copied) there is one engine:
/// double for a Float64 store (float queries are widened, exactly, and the output rounded to float), float for a
/// Float32 or BFloat16 store (double queries are rounded to float and the output widened). There is no reference over a
/// store: a bad query is refused as above, and a well-formed query the engine cannot take (<see cref="DenseRetrieval{T}.Fits"/>
/// false) throws an <see cref="ArgumentException"/> naming it and the magnitudes. Every call holds the store
/// (<see cref="PatternStore.Acquire"/>), so disposing it meanwhile waits for the call, and a call after throws.
/// </para>
/// </summary>
internal sealed class DenseRetriever
{
    private readonly IReferenceRetrieval? _reference;
    private readonly double[][]? _keys;
    private readonly double[][]? _values;
    private readonly PatternStore? _store;
    private readonly int _count;
    private readonly DenseRule? _rule;
    private readonly DenseRetrieval<double>? _double;
    private readonly bool _sign;
    private readonly bool _auto;
    private readonly double _maxKey;
    private readonly double _maxValue;
    private DenseRetrieval<float>? _single;

    /// <summary>Entry points over <paramref name="reference"/>; <paramref name="rule"/> null (or unsupported) means reference only.</summary>
    internal DenseRetriever(IReferenceRetrieval reference, double[][] keys, double[][] values, DenseRule? rule, bool signOutput, bool auto)
    {
        _reference = reference;
        _keys = keys;
        _values = values;
        _count = keys.Length;
        Dimension = keys[0].Length;
        OutputDimension = values[0].Length;
        _sign = signOutput;
        _auto = auto;
        if (rule is not null && DenseRetrieval<double>.Supports(rule))
        {
            _rule = rule;
            _double = new DenseRetrieval<double>(keys, values, rule);
            _maxKey = MaxAbs(keys);
            _maxValue = ReferenceEquals(keys, values) ? _maxKey : MaxAbs(values);
        }
    }

    /// <summary>Auto-associative entry points over the rows of <paramref name="store"/> (not copied), for a rule the fast path supports.</summary>
    internal DenseRetriever(PatternStore store, DenseRule rule)
    {
        _store = store;
        _rule = rule;
        _count = store.Count;
        Dimension = OutputDimension = store.Dimension;
        _auto = true;
        switch (store.Precision)
        {
            case PatternPrecision.Float64:
                _double = new DenseRetrieval<double>(store.Float64Rows, store.Float64Rows, rule);
                break;
            case PatternPrecision.Float32:
                _single = new DenseRetrieval<float>(store.Float32Rows, store.Float32Rows, rule);
                break;
            default:
                _single = new DenseRetrieval<float>(store.BFloat16Rows, rule);
                break;
        }
    }

    /// <summary>The query length N.</summary>
    internal int Dimension { get; }
    /// <summary>The output length O.</summary>
    internal int OutputDimension { get; }
    /// <summary>Whether the fast path serves this network (for data inside its range).</summary>
    internal bool IsFast => _double is not null || _store is not null;

    /// <summary>The double-precision engine (null when reference only), for tests that pick the vector width.</summary>
    internal DenseRetrieval<double>? Double => _double;

    /// <summary>The single-precision engine over the rows rounded to float (null when reference only).</summary>
    internal DenseRetrieval<float>? Single
    {
        get
        {
            if (_rule is null) return null;
            var single = Volatile.Read(ref _single);
            if (single is not null || _keys is null || _values is null) return single;
            var keys = Round(_keys);
            var values = ReferenceEquals(_keys, _values) ? keys : Round(_values);
            Interlocked.CompareExchange(ref _single, new DenseRetrieval<float>(keys, values, _rule), null);
            return _single!;
        }
    }

    /// <summary>Whether the double engine takes queries of largest magnitude <paramref name="maxQuery"/>.</summary>
    internal bool DoubleFits(double maxQuery) =>
        _rule is not null && _double is not null && DenseRetrieval<double>.Fits(_rule, _count, Dimension, MaxKey, maxQuery, MaxValue);

    /// <summary>Whether the float engine takes queries of largest magnitude <paramref name="maxQuery"/>.</summary>
    internal bool SingleFits(double maxQuery) =>
        _rule is not null && (_store is null || _single is not null) && DenseRetrieval<float>.Fits(_rule, _count, Dimension, MaxKey, maxQuery, MaxValue);

    /// <summary>max |x| over the keys (a store's is found on its first retrieval).</summary>
    private double MaxKey => _store?.MaxAbs ?? _maxKey;

    /// <summary>max |v| over the values (a store's are its keys).</summary>
    private double MaxValue => _store?.MaxAbs ?? _maxValue;

    /// <summary>Holds the store for one call (nothing for arrays).</summary>
    private PatternStore.Lease Hold() => _store is null ? default : _store.Acquire();

    /// <summary>One query into <paramref name="destination"/> (length O).</summary>
    internal void Retrieve(ReadOnlySpan<double> query, Span<double> destination)
    {
        CheckDestination(destination.Length, OutputDimension, "the output");
        using var hold = Hold();
        if (_store is not null && _double is null)
        {
            // A float store: the query rounded to float, the output widened.
            var fits = query.Length == Dimension && Valid(query, Dimension, out var max) && SingleFits(max);
            if (!fits) throw Refusal(query, "query");
            OnFloatStore(query, 1, destination);
            return;
        }
        if (query.Length != Dimension || !Valid(query, Dimension, out var maxQuery) || !DoubleFits(maxQuery))
        {
            Reference(query).CopyTo(destination);
            return;
        }
        _double!.Retrieve(query, 1, destination, Simd.Best);
        if (_sign) ApplySign(query, destination);
    }

    /// <inheritdoc cref="Retrieve(ReadOnlySpan{double}, Span{double})"/>
    internal void Retrieve(ReadOnlySpan<float> query, Span<float> destination)
    {
        CheckDestination(destination.Length, OutputDimension, "the output");
        using var hold = Hold();
        if (query.Length == Dimension && Valid(query, Dimension, out var maxQuery) && SingleFits(maxQuery))
        {
            Single!.Retrieve(query, 1, destination, Simd.Best);
            if (_sign) ApplySign(query, destination);
            return;
        }
        if (_store is not null)
        {
            // A Float64 store: the query widened (exactly), the output rounded to float.
            if (_double is null || query.Length != Dimension || !Valid(query, Dimension, out var max) || !DoubleFits(max)) throw Refusal(query, "query");
            OnDoubleStore(query, 1, destination, "query", batch: false);
            return;
        }
        var wide = Spans.Vector(query, "query");
        var z = new double[OutputDimension];
        Retrieve(wide, z);
        MemoryRows.Narrow(z, destination, "query");
    }

    /// <summary>Queries stored row after row into <paramref name="destination"/> (row after row).</summary>
    internal void RetrieveBatch(ReadOnlySpan<double> queries, Span<double> destination)
    {
        if (queries.IsEmpty)
        {
            CheckDestination(destination.Length, 0, "the outputs");
            return;
        }
        using var hold = Hold();
        if (_store is not null && _double is null)
        {
            // A float store: the queries rounded to float, the outputs widened.
            if (!Valid(queries, Dimension, out var max) || !SingleFits(max)) throw Refusal(queries, "queries");
            var count = queries.Length / Dimension;
            CheckDestination(destination.Length, count * OutputDimension, "the outputs");
            OnFloatStore(queries, count, destination);
            return;
        }
        if (!Valid(queries, Dimension, out var maxQuery) || !DoubleFits(maxQuery))
        {
            if (_reference is null) throw Refusal(queries, "queries");
            var rows = _reference.ReferenceRetrieveBatch(MemoryRows.Rows(queries, Dimension, "queries"));
            CheckDestination(destination.Length, rows.Length * OutputDimension, "the outputs");
            for (var j = 0; j < rows.Length; j++) rows[j].CopyTo(destination.Slice(j * OutputDimension));
            return;
        }
        CheckDestination(destination.Length, queries.Length / Dimension * OutputDimension, "the outputs");
        _double!.Retrieve(queries, queries.Length / Dimension, destination, Simd.Best);
        if (_sign) ApplySign(queries, destination);
    }

    /// <inheritdoc cref="RetrieveBatch(ReadOnlySpan{double}, Span{double})"/>
    internal void RetrieveBatch(ReadOnlySpan<float> queries, Span<float> destination)
    {
        if (queries.IsEmpty)
        {
            CheckDestination(destination.Length, 0, "the outputs");
            return;
        }
        using var hold = Hold();
        if (Valid(queries, Dimension, out var maxQuery) && SingleFits(maxQuery))
        {
            CheckDestination(destination.Length, queries.Length / Dimension * OutputDimension, "the outputs");
            Single!.Retrieve(queries, queries.Length / Dimension, destination, Simd.Best);
            if (_sign) ApplySign(queries, destination);
            return;
        }
        if (_store is not null)
        {
            // A Float64 store: the queries widened (exactly), the outputs rounded to float.
            if (_double is null || !Valid(queries, Dimension, out var max) || !DoubleFits(max)) throw Refusal(queries, "queries");
            var count = queries.Length / Dimension;
            CheckDestination(destination.Length, count * OutputDimension, "the outputs");
            OnDoubleStore(queries, count, destination, "queries", batch: true);
            return;
        }
        var wide = Spans.Rows(queries, Dimension, "queries", "query");
        var flat = new double[wide.Length * Dimension];
        for (var j = 0; j < wide.Length; j++) wide[j].CopyTo(flat, j * Dimension);
        CheckDestination(destination.Length, wide.Length * OutputDimension, "the outputs");
        var z = new double[wide.Length * OutputDimension];
        RetrieveBatch(flat, z);
        for (var j = 0; j < wide.Length; j++)
        {
            MemoryRows.Narrow(z.AsSpan(j * OutputDimension, OutputDimension), destination.Slice(j * OutputDimension, OutputDimension), "queries", j);
        }
    }

    /// <summary>
    /// The one-pass state of rows [<paramref name="from"/>, <paramref name="to"/>) for a query already checked by the
    /// network's edge (<see cref="OneStepMemory.RetrievePartial(ReadOnlySpan{double}, int, int, long)"/>), row μ
    /// named <paramref name="firstRow"/> + μ. On the double engine only: a partial is merged with partials made
    /// elsewhere, so its numbers must be the unscaled ones (see the refusals there).
    /// </summary>
    internal PartialRetrieval RetrievePartial(double[] query, int from, int to, long firstRow, string network)
    {
        if (_rule is null || _sign)
        {
            throw new InvalidOperationException(
                $"{network}: RetrievePartial needs a one-pass rule — the dot, Euclidean or Manhattan similarity without normalizations, " +
                "the separation softmax, identity, square, polynomial, max or top-k (k ≤ " + DenseRule.MaxFastK + "), and a linear output (no SignOutput); " +
                "this network's options run on the reference, which has no mergeable state.");
        }
        if (_double is null)
        {
            throw new InvalidOperationException(
                $"{network}: RetrievePartial runs on the double engine, and this network is over a {_store!.Precision} pattern store " +
                "(float engine); build shards as Float64 stores or from arrays.");
        }
        var kind = PartialRetrieval.KindOf(_rule, out var beta, out var degree, out var k);
        var o = OutputDimension;
        using var hold = Hold(); // a disposed store refuses even an empty range
        if (from == to)
        {
            return kind switch
            {
                PartialRetrievalKind.Softmax => PartialRetrieval.EmptySoftmax(beta, o),
                PartialRetrievalKind.Power => PartialRetrieval.EmptyPower(degree, o),
                _ => PartialRetrieval.EmptyTopK(k, o),
            };
        }
        var maxQuery = 0.0;
        foreach (var x in query) maxQuery = Math.Max(maxQuery, Math.Abs(x));
        if (!DoubleFits(maxQuery))
        {
            throw new ArgumentException(
                $"query: with max|q_i| = {CoreCall.Show(maxQuery)} and this memory's max|x| = {CoreCall.Show(MaxKey)}, max|v| = {CoreCall.Show(MaxValue)}, " +
                "the scores or weighted sums leave the window [2^-900, 2^1000] in which a partial holds them unscaled in double " +
                "(partials made elsewhere could not be merged with rescaled numbers); Retrieve answers this query (it rescales).", "query");
        }
        var sum = new double[o];
        var count = kind == PartialRetrievalKind.TopK ? Math.Min(k, to - from) : 0;
        var scores = new double[count];
        var local = new int[count];
        _double.RetrievePartial(query, from, to, Simd.Best, out var m, out var l, sum, scores, local, out var found);
        var origin = new PartialOrigin(_rule.Score switch
        {
            DenseScore.Dot => "dot product",
            DenseScore.Euclidean => "Euclidean distance",
            _ => "Manhattan distance",
        }, query.ToArray());
        switch (kind)
        {
            case PartialRetrievalKind.Softmax:
                return PartialRetrieval.Softmax(beta, to - from, m, l, sum, origin);
            case PartialRetrievalKind.Power:
                return PartialRetrieval.Power(degree, to - from, sum, origin);
            default:
            {
                if (found != count) throw new InvalidOperationException($"DenseRetrieval kept {found} of {count} top-k entries.");
                var indices = new long[count];
                var values = new double[count * o];
                for (var t = 0; t < count; t++)
                {
                    indices[t] = firstRow + local[t];
                    _double.ValueRow(local[t]).CopyTo(values.AsSpan(t * o, o));
                }
                return PartialRetrieval.TopK(k, o, to - from, scores, indices, values, origin);
            }
        }
    }

    /// <summary>Every row of a rectangular array of queries.</summary>
    internal double[,] RetrieveBatch(double[,] queries)
    {
        ArgumentNullException.ThrowIfNull(queries);
        if (queries.GetLength(0) == 0)
        {
            using (Hold()) return new double[0, OutputDimension]; // a disposed store refuses even no queries
        }
        if (_store is not null)
        {
            if (queries.GetLength(1) != Dimension || !Valid<double>(Elements(queries), Dimension, out _)) MemoryRows.Queries(queries, "queries", Dimension);
            var result = new double[queries.GetLength(0), OutputDimension];
            RetrieveBatch(Elements(queries), Elements(result));
            return result;
        }
        if (queries.GetLength(1) != Dimension || !Valid<double>(Elements(queries), Dimension, out var maxQuery) || !DoubleFits(maxQuery))
        {
            var checkedRows = MemoryRows.Queries(queries, "queries", Dimension);
            return checkedRows.Length == 0 ? new double[0, OutputDimension] : Spans.ToMatrix(_reference!.ReferenceRetrieveBatch(checkedRows));
        }
        var z = new double[queries.GetLength(0), OutputDimension];
        RetrieveBatch(Elements(queries), Elements(z));
        return z;
    }

    /// <inheritdoc cref="RetrieveBatch(double[,])"/>
    internal float[,] RetrieveBatch(float[,] queries)
    {
        ArgumentNullException.ThrowIfNull(queries);
        if (queries.GetLength(0) == 0)
        {
            using (Hold()) return new float[0, OutputDimension]; // a disposed store refuses even no queries
        }
        if (_store is not null)
        {
            if (queries.GetLength(1) != Dimension || !Valid<float>(Elements(queries), Dimension, out _))
            {
                MemoryRows.Queries(MemoryRows.Widen(queries, "queries"), "queries", Dimension);
            }
            var result = new float[queries.GetLength(0), OutputDimension];
            RetrieveBatch(Elements(queries), Elements(result));
            return result;
        }
        if (queries.GetLength(1) != Dimension || !Valid<float>(Elements(queries), Dimension, out _))
        {
            var checkedRows = MemoryRows.Queries(MemoryRows.Widen(queries, "queries"), "queries", Dimension);
            var rows = checkedRows.Length == 0 ? [] : _reference!.ReferenceRetrieveBatch(checkedRows);
            var narrowed = new float[rows.Length, OutputDimension];
            for (var j = 0; j < rows.Length; j++) MemoryRows.Narrow(rows[j], Elements(narrowed).Slice(j * OutputDimension, OutputDimension), "queries", j);
            return narrowed;
        }
        var z = new float[queries.GetLength(0), OutputDimension];
        RetrieveBatch(Elements(queries), Elements(z));
        return z;
    }

    /// <summary>
    /// A float store's engine on double queries: the <paramref name="count"/> queries rounded to float in a pooled
    /// buffer (so the call allocates nothing), the outputs widened (exactly) into <paramref name="destination"/>.
    /// </summary>
    private void OnFloatStore(ReadOnlySpan<double> queries, int count, Span<double> destination)
    {
        var buffer = ArrayPool<float>.Shared.Rent(queries.Length + destination.Length);
        try
        {
            var q = buffer.AsSpan(0, queries.Length);
            var z = buffer.AsSpan(queries.Length, destination.Length);
            for (var i = 0; i < q.Length; i++) q[i] = (float)queries[i];
            _single!.Retrieve(q, count, z, Simd.Best);
            for (var i = 0; i < z.Length; i++) destination[i] = z[i];
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// A Float64 store's engine on float queries: the <paramref name="count"/> queries widened (exactly) in a pooled
    /// buffer, the outputs rounded to float, an output beyond float's range refused naming <paramref name="name"/>
    /// (and the row, for a <paramref name="batch"/>).
    /// </summary>
    private void OnDoubleStore(ReadOnlySpan<float> queries, int count, Span<float> destination, string name, bool batch)
    {
        var buffer = ArrayPool<double>.Shared.Rent(queries.Length + destination.Length);
        try
        {
            var q = buffer.AsSpan(0, queries.Length);
            var z = buffer.AsSpan(queries.Length, destination.Length);
            for (var i = 0; i < q.Length; i++) q[i] = queries[i];
            _double!.Retrieve(q, count, z, Simd.Best);
            var o = OutputDimension;
            for (var j = 0; j < count; j++) MemoryRows.Narrow(z.Slice(j * o, o), destination.Slice(j * o, o), name, batch ? j : -1);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(buffer);
        }
    }

    private void ApplySign<T>(ReadOnlySpan<T> queries, Span<T> outputs) where T : IFloatingPointIeee754<T>
    {
        // The core's Sign output: a zero field keeps the query's value (auto-associative) or gives 0.
        for (var i = 0; i < outputs.Length; i++)
        {
            var h = outputs[i];
            outputs[i] = h > T.Zero ? T.One : h < T.Zero ? -T.One : _auto ? queries[i] : T.Zero;
        }
    }

    /// <summary>
    /// True when <paramref name="queries"/> holds one or more whole queries of length <paramref name="n"/>, every
    /// entry finite; <paramref name="maxAbs"/> is then the largest |q_i|.
    /// </summary>
    private static bool Valid<T>(ReadOnlySpan<T> queries, int n, out double maxAbs) where T : IFloatingPointIeee754<T>
    {
        maxAbs = 0;
        if (queries.IsEmpty || queries.Length % n != 0) return false;
        var max = T.Zero;
        foreach (var x in queries)
        {
            if (!T.IsFinite(x)) return false;
            max = T.Max(max, T.Abs(x));
        }
        maxAbs = double.CreateTruncating(max);
        return true;
    }

    /// <summary>The reference's answer for a query the engine does not take (it refuses a bad query in the caller's names).</summary>
    private double[] Reference(ReadOnlySpan<double> query) =>
        _reference is null ? throw Refusal(query, "query") : _reference.ReferenceRetrieve(Spans.Vector(query, "query"));

    /// <summary>
    /// Over a store (no reference): the refusal of queries the engine does not take — the edge check's for a bad query
    /// (wrong length, non-finite entry), otherwise an <see cref="ArgumentException"/> saying the magnitudes leave the engine's range.
    /// </summary>
    private ArgumentException Refusal(ReadOnlySpan<double> queries, string name)
    {
        if (name == "query") MemoryRows.Query(queries, Dimension);
        else MemoryRows.Rows(queries, Dimension, name);
        Valid(queries, Dimension, out var maxQuery);
        return OutOfRange(maxQuery, name);
    }

    /// <inheritdoc cref="Refusal(ReadOnlySpan{double}, string)"/>
    private ArgumentException Refusal(ReadOnlySpan<float> queries, string name)
    {
        if (name == "query") MemoryRows.Query(queries, Dimension);
        else Spans.Rows(queries, Dimension, name, "query");
        Valid(queries, Dimension, out var maxQuery);
        return OutOfRange(maxQuery, name);
    }

    /// <summary>
    /// Queries of largest magnitude <paramref name="maxQuery"/> that leave the engine's range, with the engine's
    /// reason (<see cref="DenseRetrieval{T}.OutOfRange"/>: a query beyond float, a weighted sum of the rows beyond the
    /// engine, or scores outside its window).
    /// </summary>
    private ArgumentException OutOfRange(double maxQuery, string name)
    {
        var why = (_double is not null
            ? DenseRetrieval<double>.OutOfRange(_rule!, _count, Dimension, MaxKey, maxQuery, MaxValue)
            : DenseRetrieval<float>.OutOfRange(_rule!, _count, Dimension, MaxKey, maxQuery, MaxValue)) ?? "the engine's range is left";
        return new ArgumentException($"{name}: over this PatternStore {why}; a network over a store has no rescaling reference: scale the data or the queries, "
            + "or build the network from arrays.", name);
    }

    private static double MaxAbs(double[][] rows)
    {
        var max = 0.0;
        foreach (var row in rows) foreach (var x in row) max = Math.Max(max, Math.Abs(x));
        return max;
    }

    /// <summary>
    /// The rows rounded to float, contiguous in one pinned array with every row starting on a 64-byte boundary (the
    /// stride a multiple of 16 floats), so no 512-bit load of a row straddles two cache lines. Rows of their own arrays
    /// start 16 bytes into the array object, so every such load of theirs did: L2-resident single-query retrieval took
    /// ~25 % longer over them (issue 14). A matrix too large for one array keeps one array per row.
    /// </summary>
    private static unsafe Rows<float> Round(double[][] rows)
    {
        var n = rows[0].Length;
        var stride = (n + 15) & ~15;
        var length = (long)rows.Length * stride + 15;
        if (length > Array.MaxLength) return Array.ConvertAll(rows, row => Array.ConvertAll(row, x => (float)x));
        var buffer = GC.AllocateUninitializedArray<float>((int)length, pinned: true);
        var first = (float*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(buffer));
        first += (16 - (int)(((nuint)first >> 2) & 15)) & 15;
        for (var mu = 0; mu < rows.Length; mu++)
        {
            var row = new Span<float>(first + (long)mu * stride, stride);
            for (var i = 0; i < n; i++) row[i] = (float)rows[mu][i];
            row[n..].Clear();
        }
        return new Rows<float>(first, rows.Length, n, stride, buffer);
    }

    /// <summary>The elements of a rectangular array, row after row, as a span (no copy).</summary>
    private static Span<T> Elements<T>(T[,] matrix) where T : unmanaged =>
        MemoryMarshal.CreateSpan(ref Unsafe.As<byte, T>(ref MemoryMarshal.GetArrayDataReference(matrix)), matrix.Length);

    /// <summary>Throws unless <paramref name="destination"/> has room for exactly <paramref name="length"/> outputs.</summary>
    private static void CheckDestination(int destination, int length, string what)
    {
        if (destination != length)
        {
            throw new ArgumentException($"destination has length {destination} but {what} has length {length}; they must match.", "destination");
        }
    }
}
