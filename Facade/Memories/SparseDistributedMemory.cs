using System.Numerics;
using AssociativeKernels.Fast;
using AssociativeKernels.Interop;
using Core = AssociativeKernels.Core;

namespace AssociativeKernels;

/// <summary>
/// Kanerva's sparse distributed memory as KMN §3.3 writes it (Eq. 13; SPEC M6): N_φ slots with random
/// addresses on the hypercube {±1}^N (Hamming radius r, bias b = N − 2r) or the unit sphere (bias b), each
/// holding a counter vector. Writing adds the output to every slot whose address is active for the input;
/// reading sums the active slots' counters and takes the sign. Immutable: <see cref="Write(ReadOnlySpan{double}, ReadOnlySpan{double})"/>
/// returns a new memory, so a memory is safe to read from many threads.
/// </summary>
public sealed class SparseDistributedMemory
{
    private readonly Core.SparseDistributedMemory _mem;

    // The packed read (hypercube only; see PackedField): the addresses packed once and shared by every memory
    // written from this one (writing changes the counters, never the addresses), the counters copied row-major.
    private PackedBipolarBlocks? _addresses;
    private double[]? _counters;

    private SparseDistributedMemory(Core.SparseDistributedMemory mem, PackedBipolarBlocks? addresses = null)
    {
        _mem = mem;
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
        CheckFits(slotCount, dimension, outputDimension);
        return new(CoreCall.Run(() => Core.SparseDistributedMemoryModule.Create(Core.SdmSpace.NewHypercube(radius), seed, slotCount, dimension, outputDimension), Names));
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
        CheckFits(slotCount, dimension, outputDimension);
        return new(CoreCall.Run(() => Core.SparseDistributedMemoryModule.Create(Core.SdmSpace.NewHypersphere(bias), seed, slotCount, dimension, outputDimension), Names));
    }

    /// <summary>
    /// The memory of a memory with N_φ slots: the addresses (N_φ rows of N doubles) and counters (N_φ rows of the
    /// output dimension), the counters again row-major and the addresses bit-packed for the fast read, and one
    /// more set of counters for a write (which makes a new memory).
    /// </summary>
    /// <summary>Refuses sizes (each already at least 1; the core names any that is not) whose memory would not fit.</summary>
    private static void CheckFits(int slotCount, int dimension, int outputDimension)
    {
        if (slotCount >= 1 && dimension >= 1 && outputDimension >= 1) Footprint(slotCount, dimension, outputDimension).Require(nameof(slotCount), slotCount);
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
    /// <summary>The number of patterns written so far.</summary>
    public int Written => _mem.Written;
    /// <summary>The addresses (rows; a copy).</summary>
    public double[,] Addresses => Spans.ToMatrix(_mem.Addresses);

    /// <summary>A new memory with <paramref name="output"/> written at <paramref name="input"/>.</summary>
    /// <param name="input">The input (±1 entries on the hypercube, a unit vector on the sphere).</param>
    /// <param name="output">The output (finite, of length <see cref="OutputDimension"/>).</param>
    /// <returns>The new memory; this one is unchanged.</returns>
    /// <exception cref="ArgumentException">A wrong length, a non-finite entry, or an input outside the space.</exception>
    public SparseDistributedMemory Write(ReadOnlySpan<double> input, ReadOnlySpan<double> output)
    {
        var x = Spans.Vector(input, nameof(input));
        var y = Spans.Vector(output, nameof(output));
        return new(CoreCall.Run(() => Core.SparseDistributedMemoryModule.WriteMany(_mem, [x], [y]), Names), _addresses);
    }

    /// <summary>A new memory with every row of <paramref name="outputs"/> written at the same row of <paramref name="inputs"/>.</summary>
    /// <param name="inputs">The inputs (rows).</param>
    /// <param name="outputs">The outputs (rows), one per input.</param>
    /// <returns>The new memory; this one is unchanged.</returns>
    /// <exception cref="ArgumentException">Mismatched counts or lengths, a non-finite entry, or an input outside the space.</exception>
    public SparseDistributedMemory WriteMany(double[,] inputs, double[,] outputs)
    {
        var x = Spans.Rows(inputs, nameof(inputs));
        var y = Spans.Rows(outputs, nameof(outputs));
        return new(CoreCall.Run(() => Core.SparseDistributedMemoryModule.WriteMany(_mem, x, y), Names), _addresses);
    }

    /// <summary>The read s = sgn[X_out φ(X_in)ᵀ φ(q)] (KMN Eq. 13); a zero field reads 0 (undecided).</summary>
    /// <param name="query">The query (in the space).</param>
    /// <returns>The output, entries −1, 0 or +1.</returns>
    /// <exception cref="ArgumentException">A wrong length, a non-finite entry, or a query outside the space.</exception>
    public double[] Read(ReadOnlySpan<double> query) => Read(query, PackedBipolarBlocks.Avx512Supported);

    internal double[] Read(ReadOnlySpan<double> query, bool avx512)
    {
        if (PackedField(query, avx512) is { } h)
        {
            for (var i = 0; i < h.Length; i++) h[i] = Core.Dynamics.Sign(0.0, h[i]);
            return h;
        }
        return Reference(query, Core.SparseDistributedMemoryModule.Read);
    }

    /// <summary>The read field X_out φ(X_in)ᵀ φ(q) before the sign: the sum of the active slots' counters.</summary>
    /// <param name="query">The query (in the space).</param>
    /// <returns>The field.</returns>
    /// <exception cref="ArgumentException">A bad query.</exception>
    public double[] ReadField(ReadOnlySpan<double> query) => ReadField(query, PackedBipolarBlocks.Avx512Supported);

    internal double[] ReadField(ReadOnlySpan<double> query, bool avx512)
    {
        return PackedField(query, avx512) ?? Reference(query, Core.SparseDistributedMemoryModule.ReadField);
    }

    /// <summary>A read on the reference (its own method, so the packed path allocates no closure).</summary>
    private double[] Reference(ReadOnlySpan<double> query, Func<Core.SparseDistributedMemory, double[], double[]> read)
    {
        var q = Spans.Vector(query, nameof(query));
        return CoreCall.Run(() => read(_mem, q), Names);
    }

    /// <summary>The read of every row of <paramref name="queries"/>.</summary>
    /// <param name="queries">The queries (rows).</param>
    /// <returns>The outputs (rows).</returns>
    /// <exception cref="ArgumentException">A bad query (a wrong length, a non-finite entry, or a row outside the space), the message names the row. An empty batch gives an empty result.</exception>
    public double[,] ReadBatch(double[,] queries)
    {
        var rows = MemoryRows.Queries(queries, nameof(queries), Dimension, bipolar: _mem.Space is Core.SdmSpace.Hypercube);
        return MemoryRows.Each(rows, nameof(queries), OutputDimension, r => Read(r));
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
        var x = Spans.Rows(inputs, nameof(inputs));
        var y = Spans.Rows(outputs, nameof(outputs));
        var q = Spans.Vector(query, nameof(query));
        return CoreCall.Run(() => Core.SparseDistributedMemoryModule.KernelField(Core.SdmSpace.NewHypercube(radius), x, y, q), Names);
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
        var x = Spans.Rows(inputs, nameof(inputs));
        var y = Spans.Rows(outputs, nameof(outputs));
        var q = Spans.Vector(query, nameof(query));
        return CoreCall.Run(() => Core.SparseDistributedMemoryModule.KernelField(Core.SdmSpace.NewHypersphere(bias), x, y, q), Names);
    }

    private static readonly (string, string)[] Names = [("N", "dimension"), ("inputs[0]", "input"), ("outputs[0]", "output")];
}
