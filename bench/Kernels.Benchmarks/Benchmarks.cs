using BenchmarkDotNet.Attributes;
using static AssociativeKernels.Cli.BenchInputs;

namespace AssociativeKernels.Benchmarks;

// The six `akern bench` cases at the akern defaults, inputs built in [GlobalSetup] as akern bench builds them
// (CaseInputs). [MemoryDiagnoser]'s "Allocated" is the managed memory one call allocates: the target is the
// result array alone for the array overloads and 0 B for the span overloads (bench/README.md).

/// <summary>
/// Batched dense retrieval Z (Q×N) for Q queries in the dtype (the network holds double patterns, as in akern
/// bench): the array overload (<c>float[,]</c> or <c>double[,]</c> in and out) and the span overload writing the
/// row-major result into a preallocated buffer.
/// </summary>
public abstract class DenseBatch
{
    /// <summary>f32 or f64.</summary>
    [Params("f32", "f64")]
    public string Dtype { get; set; } = "f64";

    private bool F32 => Dtype == "f32";
    private IDenseBatch? _net;
    private double[,] _queries = new double[0, 0];
    private float[,] _queriesF = new float[0, 0];
    private double[] _flat = [], _destination = [];
    private float[] _flatF = [], _destinationF = [];

    /// <summary>M, N, Q of the case (the akern defaults).</summary>
    protected abstract (int M, int N, int Q) Shape { get; }

    /// <summary>The network storing the patterns.</summary>
    private protected abstract IDenseBatch Create(double[,] patterns);

    /// <summary>Seeded inputs at <see cref="Shape"/>.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var (m, n, q) = Shape;
        var (patterns, queries) = CaseInputs.Dense(m, n, q, F32);
        _net = Create(patterns);
        _queries = queries;
        _queriesF = Single(queries);
        _flat = CaseInputs.Flat(queries);
        _flatF = CaseInputs.Flat(_queriesF);
        _destination = new double[q * n];
        _destinationF = new float[q * n];
    }

    /// <summary>Z as a new array (the call akern bench times).</summary>
    [Benchmark]
    public Array RetrieveBatch() => F32 ? _net!.RetrieveBatch(_queriesF) : _net!.RetrieveBatch(_queries);

    /// <summary>Z written into a preallocated row-major buffer.</summary>
    [Benchmark]
    public void RetrieveBatchIntoSpan()
    {
        if (F32) _net!.RetrieveBatch(_flatF, _destinationF);
        else _net!.RetrieveBatch(_flat, _destination);
    }
}

/// <summary>mchn-batch: Z = Xᵀ softmax(β X Q), M=16384 N=1024 Q=512 β=1 (the shape).</summary>
[MemoryDiagnoser]
public class MchnBatch : DenseBatch
{
    /// <inheritdoc/>
    protected override (int M, int N, int Q) Shape => (16384, 1024, 512);
    private protected override IDenseBatch Create(double[,] patterns) => new ModernBatch(CaseInputs.Modern(patterns, 1));
}

/// <summary>manhattan-batch: Z = Xᵀ softmax(β·(−Σ|ξ − q|)), M=1024 N=128 Q=32 β=1 (akern bench: f64).</summary>
[MemoryDiagnoser]
public class ManhattanBatch : DenseBatch
{
    /// <inheritdoc/>
    protected override (int M, int N, int Q) Shape => (1024, 128, 32);
    private protected override IDenseBatch Create(double[,] patterns) => new UniversalBatch(CaseInputs.Manhattan(patterns, 1));
}

/// <summary>mchn-single: z = Xᵀ softmax(β X q), M=100000 N=784 β=1 (akern bench: f64; f32 passes a float query).</summary>
[MemoryDiagnoser]
public class MchnSingle
{
    /// <summary>f32 or f64.</summary>
    [Params("f32", "f64")]
    public string Dtype { get; set; } = "f64";

    private bool F32 => Dtype == "f32";
    private ModernHopfieldNetwork? _net;
    private double[] _query = [];
    private float[] _queryF = [];
    private double[] _destination = [];
    private float[] _destinationF = [];

    /// <summary>Seeded inputs at M=100000 N=784.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var (patterns, queries) = CaseInputs.Dense(100_000, 784, 1, F32);
        _net = CaseInputs.Modern(patterns, 1);
        _query = Row(queries);
        _queryF = Array.ConvertAll(_query, x => (float)x);
        _destination = new double[_query.Length];
        _destinationF = new float[_query.Length];
    }

    /// <summary>z as a new array in the dtype (f64: the call akern bench times).</summary>
    [Benchmark]
    public Array Retrieve() => F32 ? _net!.Retrieve(_queryF) : _net!.Retrieve(_query);

    /// <summary>z written into a preallocated buffer, in the dtype.</summary>
    [Benchmark]
    public void RetrieveIntoSpan()
    {
        if (F32) _net!.Retrieve(_queryF, _destinationF);
        else _net!.Retrieve(_query, _destination);
    }
}

/// <summary>bipolar-nearest: the stored ±1 pattern with the largest overlap per ±1 query, M=100000 N=1024 Q=256.</summary>
[MemoryDiagnoser]
public class BipolarNearest
{
    private PackedBipolarMemory? _memory;
    private double[,] _queries = new double[0, 0];

    /// <summary>Seeded ±1 patterns and queries.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var (patterns, queries) = CaseInputs.Bipolars(100_000, 1024, 256);
        _memory = PackedBipolarMemory.Create(patterns);
        _queries = queries;
    }

    /// <summary>The Q indices as a new int[].</summary>
    [Benchmark]
    public int[] NearestBatch() => _memory!.NearestBatch(_queries);
}

/// <summary>sdm-read: one hypercube SDM read, Nphi=10000 N=256 r=112, M=100 patterns written.</summary>
[MemoryDiagnoser]
public class SdmRead
{
    private SparseDistributedMemory? _memory;
    private double[] _query = [];

    /// <summary>Seeded ±1 patterns written into the memory, and one ±1 query.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var (patterns, queries) = CaseInputs.Bipolars(100, 256, 1);
        _memory = CaseInputs.Sdm(patterns, 10_000, 112);
        _query = Row(queries);
    }

    /// <summary>The read, a new double[] of −1, 0, +1.</summary>
    [Benchmark]
    public double[] Read() => _memory!.Retrieve(_query);
}

/// <summary>dam-async-sweep: one asynchronous sweep of DAM Eq. 4 over the N neurons, F = x³, K=100 N=256.</summary>
[MemoryDiagnoser]
public class DamAsyncSweep
{
    private DenseAssociativeMemory? _memory;
    private double[] _query = [];

    /// <summary>Seeded ±1 patterns and one ±1 start state.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var (patterns, queries) = CaseInputs.Bipolars(100, 256, 1);
        _memory = CaseInputs.Dam(patterns);
        _query = Row(queries);
    }

    /// <summary>The state after the sweep, a new double[].</summary>
    [Benchmark]
    public double[] Retrieve() => _memory!.Retrieve(_query);
}

/// <summary>
/// The ceiling of the single-query cases: one read of the mchn-single patterns (M=100000 rows of N=784, as
/// separate row arrays like the network's) by every core, each summing its contiguous share of the rows with four
/// independent vector accumulators — no arithmetic worth the name, so it runs at the machine's read bandwidth.
/// GB/s = M·N·(8 for f64, 4 for f32) / seconds (627.2 MB or 313.6 MB); compare MchnSingle.RetrieveIntoSpan,
/// which reads the same bytes once (bench/README.md, "Single query at memory bandwidth").
/// </summary>
[MemoryDiagnoser]
public class MemoryBandwidth
{
    /// <summary>f32 or f64.</summary>
    [Params("f32", "f64")]
    public string Dtype { get; set; } = "f64";

    private double[][] _rows = [];
    private float[][] _rowsF = [];
    private readonly double[] _partial = new double[Environment.ProcessorCount];

    /// <summary>The rows, every entry written (so every page is mapped before timing).</summary>
    [GlobalSetup]
    public void Setup()
    {
        const int m = 100_000, n = 784;
        if (Dtype == "f32") _rowsF = Enumerable.Range(0, m).Select(i => Enumerable.Repeat(1e-3f * (i % 7), n).ToArray()).ToArray();
        else _rows = Enumerable.Range(0, m).Select(i => Enumerable.Repeat(1e-3 * (i % 7), n).ToArray()).ToArray();
    }

    /// <summary>Σ of every entry, one contiguous share of the rows per core (a thread of its own for each share but the caller's: Parallel.For may run both shares on one thread when no pool thread is ready).</summary>
    [Benchmark]
    public double ReadAllRows()
    {
        var parts = _partial.Length;
        void Share(int p) => _partial[p] = Dtype == "f32" ? Sum(_rowsF, p, parts) : Sum(_rows, p, parts);
        var helpers = new Thread[parts - 1];
        for (var p = 1; p < parts; p++)
        {
            var part = p;
            helpers[p - 1] = new Thread(() => Share(part));
            helpers[p - 1].Start();
        }
        Share(0);
        foreach (var t in helpers) t.Join();
        return _partial.Sum();
    }

    private static double Sum<T>(T[][] rows, int part, int parts) where T : unmanaged, System.Numerics.INumber<T>
    {
        var (from, to) = ((int)((long)rows.Length * part / parts), (int)((long)rows.Length * (part + 1) / parts));
        System.Numerics.Vector<T> a0 = default, a1 = default, a2 = default, a3 = default;
        var c = System.Numerics.Vector<T>.Count;
        var total = T.Zero;
        for (var r = from; r < to; r++)
        {
            var row = rows[r].AsSpan();
            var i = 0;
            for (; i <= row.Length - 4 * c; i += 4 * c)
            {
                a0 += new System.Numerics.Vector<T>(row[i..]);
                a1 += new System.Numerics.Vector<T>(row[(i + c)..]);
                a2 += new System.Numerics.Vector<T>(row[(i + 2 * c)..]);
                a3 += new System.Numerics.Vector<T>(row[(i + 3 * c)..]);
            }
            for (; i < row.Length; i++) total += row[i];
        }
        return double.CreateTruncating(total + System.Numerics.Vector.Sum(a0 + a1 + a2 + a3));
    }
}
