using System.Numerics;
using AssociativeKernels.Fast;
using AssociativeKernels.Interop;
using Core = AssociativeKernels.Core;

namespace AssociativeKernels;

/// <summary>
/// Kanerva's sparse distributed memory as KMN §3.3 writes it (Eq. 13; SPEC M6): N_φ slots with random
/// addresses on the hypercube {±1}^N (Hamming radius r, bias b = N − 2r) or the unit sphere (bias b), each
/// holding a counter vector. Writing adds the output to every slot whose address is active for the input;
/// reading (<see cref="Retrieve(ReadOnlySpan{double})"/>) sums the active slots' counters and takes the sign.
/// Immutable: <see cref="Write(ReadOnlySpan{double}, ReadOnlySpan{double})"/> returns a new memory, so a memory is
/// safe to read from many threads.
/// </summary>
/// <remarks>
/// As an <see cref="IAssociativeMemory"/>: <see cref="PatternCount"/> is the number of pairs written, and the memory
/// is auto-associative when it lies on the hypercube, its output dimension is N and every pair written so far
/// stored a pattern at itself (<c>WriteMany(patterns, patterns)</c>); then <see cref="Iterate"/> is Kanerva's
/// iterated reading.
/// </remarks>
public sealed class SparseDistributedMemory : IAssociativeMemory
{
    private readonly Core.SparseDistributedMemory _mem;
    private readonly bool _selfWritten;

    // The packed read (hypercube only; see PackedField): the addresses packed once and shared by every memory
    // written from this one (writing changes the counters, never the addresses), the counters copied row-major.
    private PackedBipolarBlocks? _addresses;
    private double[]? _counters;

    private SparseDistributedMemory(Core.SparseDistributedMemory mem, bool selfWritten, PackedBipolarBlocks? addresses = null)
    {
        _mem = mem;
        _selfWritten = selfWritten;
        _addresses = addresses;
    }

    /// <summary>An empty memory on the hypercube {±1}^N with random addresses (seeded, reproducible).</summary>
    /// <param name="slotCount">The number of slots N_φ ≥ 1.</param>
    /// <param name="dimension">The input dimension N ≥ 1.</param>
    /// <param name="outputDimension">The output dimension ≥ 1.</param>
    /// <param name="radius">The Hamming radius r, 1 ≤ r ≤ N (bias N − 2r).</param>
    /// <param name="seed">The seed of the address generator.</param>
    /// <returns>The memory.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A count, dimension or radius out of range, or more slots than fit in memory.</exception>
    public static SparseDistributedMemory CreateHypercube(int slotCount, int dimension, int outputDimension, int radius, int seed)
    {
        CheckSizes(slotCount, dimension, outputDimension);
        if (radius < 1 || radius > dimension)
        {
            throw new ArgumentOutOfRangeException(nameof(radius), radius, $"radius = {radius} is outside its valid range [1, {dimension}].");
        }
        return new(Core.SparseDistributedMemoryModule.Create(Core.SdmSpace.NewHypercube(radius), seed, slotCount, dimension, outputDimension), true);
    }

    /// <summary>An empty memory on the unit sphere S^{N−1} with random addresses (seeded, reproducible).</summary>
    /// <param name="slotCount">The number of slots N_φ ≥ 1.</param>
    /// <param name="dimension">The input dimension N ≥ 1 (the kernel form needs N ≥ 3).</param>
    /// <param name="outputDimension">The output dimension ≥ 1.</param>
    /// <param name="bias">The bias b in (−1, 1), the cosine of the cap angle.</param>
    /// <param name="seed">The seed of the address generator.</param>
    /// <returns>The memory.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A count, dimension or bias out of range, or more slots than fit in memory.</exception>
    public static SparseDistributedMemory CreateHypersphere(int slotCount, int dimension, int outputDimension, double bias, int seed)
    {
        CheckSizes(slotCount, dimension, outputDimension);
        if (!(bias > -1 && bias < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(bias), bias, $"bias = {CoreCall.Show(bias)} is outside its valid range (-1, 1).");
        }
        return new(Core.SparseDistributedMemoryModule.Create(Core.SdmSpace.NewHypersphere(bias), seed, slotCount, dimension, outputDimension), true);
    }

    /// <summary>
    /// The memory of a memory with N_φ slots: the addresses (N_φ rows of N doubles) and counters (N_φ rows of the
    /// output dimension), the counters again row-major and the addresses bit-packed for the fast read, and one
    /// more set of counters for a write (which makes a new memory).
    /// </summary>
    /// <summary>Refuses sizes below 1 and sizes whose memory would not fit.</summary>
    private static void CheckSizes(int slotCount, int dimension, int outputDimension)
    {
        foreach (var (value, name) in new[] { (slotCount, nameof(slotCount)), (dimension, nameof(dimension)), (outputDimension, nameof(outputDimension)) })
        {
            if (value < 1) throw new ArgumentOutOfRangeException(name, value, $"{name} = {value} is outside its valid range [1, ∞).");
        }
        Footprint(slotCount, dimension, outputDimension).Require(nameof(slotCount), slotCount);
    }

    internal static Footprint Footprint(int slotCount, int dimension, int outputDimension) =>
        new(MemoryBudget.Rows(slotCount, dimension) + 2 * MemoryBudget.Rows(slotCount, outputDimension) + 8.0 * slotCount * outputDimension
            + slotCount * Math.Ceiling(dimension / 64.0) * 8,
            Math.Max((double)slotCount * outputDimension, slotCount * Math.Ceiling(dimension / 64.0)),
            $"a sparse distributed memory of {slotCount} slots, N = {dimension}, output dimension {outputDimension}");

    /// <summary>The number of slots N_φ.</summary>
    public int SlotCount => _mem.SlotCount;
    /// <summary>The input dimension N.</summary>
    public int Dimension => _mem.Dimension;
    /// <summary>The output dimension.</summary>
    public int OutputDimension => _mem.OutputDimension;
    /// <summary>The activation bias b.</summary>
    public double Bias => _mem.Bias;
    /// <summary>The number of pairs written so far.</summary>
    public int PatternCount => _mem.Written;
    /// <summary>
    /// Whether the memory is auto-associative: on the hypercube, output dimension N, and every pair written so far
    /// stored a pattern at itself (true for an empty memory of output dimension N on the hypercube).
    /// </summary>
    public bool IsAutoAssociative => _selfWritten && _mem.Space is Core.SdmSpace.Hypercube && _mem.Dimension == _mem.OutputDimension;
    /// <summary>The addresses (rows; a copy).</summary>
    public double[,] Addresses => Spans.ToMatrix(_mem.Addresses);

    /// <summary>A new memory with <paramref name="output"/> written at <paramref name="input"/>.</summary>
    /// <param name="input">The input (±1 entries on the hypercube, a unit vector on the sphere).</param>
    /// <param name="output">The output (finite, of length <see cref="OutputDimension"/>).</param>
    /// <returns>The new memory; this one is unchanged.</returns>
    /// <exception cref="ArgumentException">A wrong length, a non-finite entry, or an input outside the space; or an output that would
    /// take a counter beyond a double's range (±1.8e308), which is refused since a counter at ±∞ would fix the sign of every later read.</exception>
    public SparseDistributedMemory Write(ReadOnlySpan<double> input, ReadOnlySpan<double> output)
    {
        var x = MemoryRows.Vector(input, nameof(input), Dimension);
        Core.SparseDistributedMemoryModule.checkInput(_mem.Space, nameof(input), x);
        var y = MemoryRows.Vector(output, nameof(output), OutputDimension);
        return new(Core.SparseDistributedMemoryModule.WriteOutput(_mem, x, y), _selfWritten && x.AsSpan().SequenceEqual(y), _addresses);
    }

    /// <summary>A new memory with every row of <paramref name="outputs"/> written at the same row of <paramref name="inputs"/>.</summary>
    /// <param name="inputs">The inputs (rows).</param>
    /// <param name="outputs">The outputs (rows), one per input.</param>
    /// <returns>The new memory; this one is unchanged.</returns>
    /// <exception cref="ArgumentException">Mismatched counts or lengths, a non-finite entry, or an input outside the space (the row is named);
    /// or outputs that would take a counter beyond a double's range (±1.8e308; ParamName <c>outputs</c>, the row named), refused as in
    /// <see cref="Write(ReadOnlySpan{double}, ReadOnlySpan{double})"/>.</exception>
    public SparseDistributedMemory WriteMany(double[,] inputs, double[,] outputs)
    {
        var x = MemoryRows.Patterns(inputs, nameof(inputs));
        var y = MemoryRows.Patterns(outputs, nameof(outputs));
        MemoryRows.SameRowCount(x, nameof(inputs), y, nameof(outputs));
        if (x[0].Length != Dimension) throw new ArgumentException($"inputs has rows of length {x[0].Length} but the memory's dimension is {Dimension}.", nameof(inputs));
        if (y[0].Length != OutputDimension) throw new ArgumentException($"outputs has rows of length {y[0].Length} but the memory's output dimension is {OutputDimension}.", nameof(outputs));
        var self = _selfWritten;
        for (var m = 0; m < x.Length; m++)
        {
            InSpace(x[m], nameof(inputs), m);
            self = self && x[m].AsSpan().SequenceEqual(y[m]);
        }
        return new(Core.SparseDistributedMemoryModule.WriteMany(_mem, x, y), self, _addresses);
    }

    /// <summary>Checks that row <paramref name="m"/> of <paramref name="name"/> lies in the memory's space, naming the batch and the row.</summary>
    private void InSpace(double[] row, string name, int m)
    {
        try
        {
            Core.SparseDistributedMemoryModule.checkInput(_mem.Space, "row", row);
        }
        catch (ArgumentException e)
        {
            throw MemoryRows.RowError(e, name, m);
        }
    }

    /// <summary>The read s = sgn[X_out φ(X_in)ᵀ φ(q)] (KMN Eq. 13); a zero field reads 0 (undecided).</summary>
    /// <param name="query">The query (in the space).</param>
    /// <returns>The output, entries −1, 0 or +1.</returns>
    /// <exception cref="ArgumentException">A wrong length, a non-finite entry, or a query outside the space (ParamName <c>query</c>).</exception>
    public double[] Retrieve(ReadOnlySpan<double> query) => Retrieve(query, PackedBipolarBlocks.Avx512Supported);

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)] // see DenseAssociativeMemory.PackedSweep
    internal double[] Retrieve(ReadOnlySpan<double> query, bool avx512)
    {
        var h = ReadField(query, avx512);
        for (var i = 0; i < h.Length; i++) h[i] = Core.Dynamics.Sign(0.0, h[i]);
        return h;
    }

    /// <summary>The read (see <see cref="Retrieve(ReadOnlySpan{double})"/>) of a single-precision query; the output (−1, 0, +1) in single precision.</summary>
    /// <param name="query">The query (in the space).</param>
    /// <returns>The output.</returns>
    /// <exception cref="ArgumentException">As for the double-precision overload.</exception>
    public float[] Retrieve(ReadOnlySpan<float> query) => MemoryRows.Narrow(Retrieve(MemoryRows.Query(query, Dimension)), nameof(query));

    /// <summary>The read field X_out φ(X_in)ᵀ φ(q) before the sign: the sum of the active slots' counters.</summary>
    /// <param name="query">The query (in the space).</param>
    /// <returns>The field.</returns>
    /// <exception cref="ArgumentException">A bad query (ParamName <c>query</c>).</exception>
    public double[] ReadField(ReadOnlySpan<double> query) => ReadField(query, PackedBipolarBlocks.Avx512Supported);

    internal double[] ReadField(ReadOnlySpan<double> query, bool avx512) => PackedField(query, avx512) ?? ReferenceField(query);

    /// <summary>A read field on the reference, the query checked in the caller's name (its own method, so the packed path allocates no closure).</summary>
    private double[] ReferenceField(ReadOnlySpan<double> query)
    {
        var q = MemoryRows.Query(query, Dimension);
        Core.SparseDistributedMemoryModule.checkInput(_mem.Space, nameof(query), q);
        return Core.SparseDistributedMemoryModule.ReadField(_mem, q);
    }

    /// <summary>The read of every row of <paramref name="queries"/>, in parallel.</summary>
    /// <param name="queries">The queries (rows).</param>
    /// <returns>The outputs (rows).</returns>
    /// <exception cref="ArgumentException">A bad query (a wrong length, a non-finite entry, or a row outside the space); ParamName <c>queries</c>, the message names the row. An empty batch gives an empty result.</exception>
    public double[,] RetrieveBatch(double[,] queries) =>
        MemoryRows.Batch(queries, nameof(queries), Dimension, _mem.Space is Core.SdmSpace.Hypercube, OutputDimension, r => Retrieve(r));

    /// <summary>The read of every row of a single-precision batch; the outputs (−1, 0, +1) in single precision.</summary>
    /// <param name="queries">The queries (rows).</param>
    /// <returns>The outputs (rows).</returns>
    /// <exception cref="ArgumentException">A bad row (ParamName <c>queries</c>).</exception>
    public float[,] RetrieveBatch(float[,] queries) => MemoryRows.Batch(queries, RetrieveBatch);

    /// <summary>
    /// Kanerva's iterated reading (auto-associative memories, see the class): s ← sgn(field(s)), a zero field keeping
    /// s_i (so the state stays on the hypercube), until a fixed point, a cycle or <paramref name="maxSteps"/> reads.
    /// </summary>
    /// <param name="query">The ±1 start state.</param>
    /// <param name="maxSteps">The most reads, ≥ 1.</param>
    /// <returns>The final state, the number of reads and how it ended.</returns>
    /// <exception cref="ArgumentException">A wrong length or an entry other than ±1 (ParamName <c>query</c>), or maxSteps &lt; 1.</exception>
    /// <exception cref="InvalidOperationException">The memory is not auto-associative.</exception>
    public MemoryIteration Iterate(ReadOnlySpan<double> query, int maxSteps = 100)
    {
        if (!IsAutoAssociative)
        {
            throw new InvalidOperationException(
                "This SparseDistributedMemory is not auto-associative (on the hypercube, output dimension N, every pair written as a pattern at itself): its read is not a query, so it cannot be iterated to a fixed point; use Retrieve.");
        }
        var q = MemoryRows.Query(query, Dimension, bipolar: true);
        MemoryRows.CheckSteps(maxSteps);
        return MemoryIteration.From(PackedDynamics.Steps(maxSteps, q, s =>
        {
            var h = ReadField(s);
            for (var i = 0; i < h.Length; i++) h[i] = Core.Dynamics.Sign(s[i], h[i]);
            return h;
        }));
    }

    /// <summary>
    /// The hypercube read field on packed addresses, or null (nothing decided) when the memory is on the
    /// sphere or the query is not a ±1 vector of length N — the caller then runs the reference, which reads
    /// or throws the reference's exception. A slot is active when z·q ≥ b = N − 2r, and z·q = N − 2·d(z, q)
    /// for ±1 vectors, so exactly when the Hamming distance d(z, q) ≤ r: an integer comparison (popcount),
    /// equal to the reference's (its dot product of ±1 entries is an exact integer in a double). The field
    /// then adds the active slots' counter rows in ascending slot order, component by component, exactly
    /// as the reference does (the same double additions in the same order, merely several components per
    /// instruction), so it is bit-for-bit the reference's field.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private double[]? PackedField(ReadOnlySpan<double> query, bool avx512)
    {
        if (_mem.Space is not Core.SdmSpace.Hypercube cube || query.Length != _mem.Dimension) return null;
        var addresses = _addresses ??= new PackedBipolarBlocks(_mem.Addresses, _mem.Dimension);
        var counters = _counters ??= Flatten(_mem.Counters);
        var scan = addresses.Rent();
        var packed = scan.Queries(1, addresses.Words);
        if (!PackedBipolarRows.TryPack(query, packed))
        {
            addresses.Return(scan);
            return null;
        }
        var active = scan.Indices(addresses.Count);
        active = active[..addresses.Within(packed, cube.radius, active, avx512)];
        var h = new double[_mem.OutputDimension];
        foreach (var a in active) Accumulate(h, counters.AsSpan(a * h.Length, h.Length));
        addresses.Return(scan);
        // A field whose partial sums left the doubles: the core's reference sums it again rescaled (its sign right).
        foreach (var v in h) if (!double.IsFinite(v)) return ReferenceField(query);
        return h;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static void Accumulate(Span<double> sum, ReadOnlySpan<double> row)
    {
        var i = 0;
        for (; i + Vector<double>.Count <= sum.Length; i += Vector<double>.Count)
        {
            (new Vector<double>(sum[i..]) + new Vector<double>(row[i..])).CopyTo(sum[i..]);
        }
        for (; i < sum.Length; i++) sum[i] += row[i];
    }

    private static double[] Flatten(double[][] rows)
    {
        var flat = new double[rows.Length * rows[0].Length];
        for (var a = 0; a < rows.Length; a++) rows[a].CopyTo(flat, a * rows[0].Length);
        return flat;
    }

    /// <summary>
    /// The kernel form's field X_out K5(X_in, q) of an infinite SDM on the hypercube (KMN Eq. 14): the limit of
    /// <see cref="ReadField(ReadOnlySpan{double})"/>/N_φ as N_φ → ∞ for the same written pairs.
    /// </summary>
    /// <param name="inputs">The written inputs (±1 rows).</param>
    /// <param name="outputs">The written outputs (rows), one per input.</param>
    /// <param name="query">The ±1 query.</param>
    /// <param name="radius">The Hamming radius r, 1 ≤ r ≤ N.</param>
    /// <returns>The field.</returns>
    /// <exception cref="ArgumentException">Mismatched shapes, or entries outside the space.</exception>
    public static double[] HypercubeKernelField(double[,] inputs, double[,] outputs, ReadOnlySpan<double> query, int radius)
    {
        var (x, y, q) = KernelFieldArguments(inputs, outputs, query);
        if (radius < 1 || radius > q.Length) throw new ArgumentOutOfRangeException(nameof(radius), radius, $"radius = {radius} is outside its valid range [1, {q.Length}].");
        var space = Core.SdmSpace.NewHypercube(radius);
        CheckKernelFieldSpace(space, x, q);
        return Core.SparseDistributedMemoryModule.KernelField(space, x, y, q);
    }

    /// <summary>
    /// The kernel form's field X_out K6(X_in, q) of an infinite SDM on the sphere (KMN Eq. 14, exact K6).
    /// </summary>
    /// <param name="inputs">The written inputs (unit rows, N ≥ 3).</param>
    /// <param name="outputs">The written outputs (rows), one per input.</param>
    /// <param name="query">The unit query.</param>
    /// <param name="bias">The bias b in (−1, 1).</param>
    /// <returns>The field.</returns>
    /// <exception cref="ArgumentException">Mismatched shapes, or entries outside the space.</exception>
    public static double[] HypersphereKernelField(double[,] inputs, double[,] outputs, ReadOnlySpan<double> query, double bias)
    {
        var (x, y, q) = KernelFieldArguments(inputs, outputs, query);
        if (!(bias > -1 && bias < 1)) throw new ArgumentOutOfRangeException(nameof(bias), bias, $"bias = {CoreCall.Show(bias)} is outside its valid range (-1, 1).");
        if (q.Length < 3) throw new ArgumentException($"inputs has rows of length {q.Length}; the hypersphere kernel K6 needs N ≥ 3.", nameof(inputs));
        var space = Core.SdmSpace.NewHypersphere(bias);
        CheckKernelFieldSpace(space, x, q);
        return Core.SparseDistributedMemoryModule.KernelField(space, x, y, q);
    }

    /// <summary>The written pairs and the query of a kernel field, checked in the caller's names.</summary>
    private static (double[][] X, double[][] Y, double[] Q) KernelFieldArguments(double[,] inputs, double[,] outputs, ReadOnlySpan<double> query)
    {
        var x = MemoryRows.Patterns(inputs, nameof(inputs));
        var y = MemoryRows.Patterns(outputs, nameof(outputs));
        MemoryRows.SameRowCount(x, nameof(inputs), y, nameof(outputs));
        return (x, y, MemoryRows.Vector(query, nameof(query), x[0].Length));
    }

    private static void CheckKernelFieldSpace(Core.SdmSpace space, double[][] inputs, double[] query)
    {
        for (var m = 0; m < inputs.Length; m++)
        {
            try
            {
                Core.SparseDistributedMemoryModule.checkInput(space, "row", inputs[m]);
            }
            catch (ArgumentException e)
            {
                throw MemoryRows.RowError(e, nameof(inputs), m);
            }
        }
        Core.SparseDistributedMemoryModule.checkInput(space, nameof(query), query);
    }
}
