using System.Buffers.Binary;
using System.Text;
using AssociativeKernels.Fast;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace AssociativeKernels.Tests;

/// <summary>
/// Issue 14, points 3 and 4: pattern stores (native float64/float32/bfloat16, memory-mapped .npy) behind
/// <see cref="ModernHopfieldNetwork.Create(PatternStore, double)"/> — parity with the array-built network, the
/// bfloat16 error bound against the f64 network, the .npy mapping and its refusals, disposal and threads.
/// </summary>
public sealed class PatternStoreTests : IDisposable
{
    private const double U32 = 5.9604644775390625e-8;
    private const double U64 = 1.1102230246251565e-16;
    private const double UBf16 = 1.0 / 256;

    private readonly string _folder = Directory.CreateTempSubdirectory("akern-store-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string PathOf(string name) => Path.Combine(_folder, name);

    private static double[,] Gaussian(int rows, int cols, int seed, double scale = 1)
    {
        var rng = new Random(seed);
        var x = new double[rows, cols];
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < cols; j++)
            {
                x[i, j] = scale * Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
            }
        }
        return x;
    }

    private static float[,] Single(double[,] x)
    {
        var f = new float[x.GetLength(0), x.GetLength(1)];
        for (var i = 0; i < x.GetLength(0); i++) for (var j = 0; j < x.GetLength(1); j++) f[i, j] = (float)x[i, j];
        return f;
    }

    private static double[] Row(double[,] x, int i) => Enumerable.Range(0, x.GetLength(1)).Select(j => x[i, j]).ToArray();

    // ---- bfloat16 rounding -----------------------------------------------------------------------

    [Fact]
    public void BFloat16_rounds_the_double_once_to_nearest_even()
    {
        // Values on bfloat16's grid near 1 are 1 + k·2⁻⁷.
        ushort Bits(double x) => BFloat16.TryRound(x, out var b) ? b : throw new Xunit.Sdk.XunitException($"{x} refused");
        double Value(double x) => BFloat16.ToSingle(Bits(x));
        Assert.Equal(1.0, Value(1 + Math.ScaleB(1, -8)));                      // a tie: to the even neighbour 1
        Assert.Equal(1 + Math.ScaleB(1, -6), Value(1 + 3 * Math.ScaleB(1, -8))); // a tie: to the even 1 + 2·2⁻⁷
        // Just above a tie: rounding the double once goes up; through float it would first land on the tie and go to 1.
        var above = 1 + Math.ScaleB(1, -8) + Math.ScaleB(1, -40);
        Assert.Equal(1.0f, (float)above - Math.ScaleB(1, -8));
        Assert.Equal(1 + Math.ScaleB(1, -7), Value(above));
        Assert.Equal(-3.0, Value(-3.0));
        Assert.Equal(0x3F80, Bits(1.0));
        Assert.Equal(0xC040, Bits(-3.0));
        // The largest finite bfloat16 and the overflow past it; the smallest subnormal 2⁻¹³³ and the tie below it.
        Assert.Equal(BFloat16.MaxValue, Value(BFloat16.MaxValue));
        Assert.Equal(BFloat16.MaxValue, Math.ScaleB(255, 120));
        Assert.False(BFloat16.TryRound(Math.ScaleB(511, 119), out _));
        Assert.False(BFloat16.TryRound(double.NaN, out _));
        Assert.False(BFloat16.TryRound(double.PositiveInfinity, out _));
        Assert.Equal(Math.ScaleB(1, -133), Value(Math.ScaleB(0.75, -133)));
        Assert.Equal(0.0, Value(Math.ScaleB(0.5, -133)));
        Assert.Equal(Math.ScaleB(2, -133), Value(Math.ScaleB(2.5, -133)));
    }

    [Property(MaxTest = 300)]
    public bool BFloat16_rounding_is_within_half_a_unit_and_a_neighbour_is_not_closer(NormalFloat value)
    {
        var x = value.Get;
        if (Math.Abs(x) > 1e38 || Math.Abs(x) < 1e-37) return true;
        Assert.True(BFloat16.TryRound(x, out var bits));
        var r = (double)BFloat16.ToSingle(bits);
        var up = (double)BFloat16.ToSingle((ushort)(bits + 1));
        var down = (double)BFloat16.ToSingle((ushort)(bits - 1));
        return Math.Abs(r - x) <= UBf16 * Math.Abs(x) && Math.Abs(r - x) <= Math.Abs(up - x) && Math.Abs(r - x) <= Math.Abs(down - x);
    }

    [Fact]
    public void Widening_shifts_every_length_from_1_to_300()
    {
        var rng = new Random(5);
        for (var n = 1; n <= 300; n++)
        {
            var bits = Enumerable.Range(0, n).Select(_ => (ushort)rng.Next(0, 0x10000)).ToArray();
            var wide = new float[n + 1];
            wide[n] = 42;
            BFloat16.Widen(bits, wide);
            for (var i = 0; i < n; i++) Assert.Equal(BitConverter.SingleToUInt32Bits(wide[i]), (uint)bits[i] << 16);
            Assert.Equal(42, wide[n]);
        }
    }

    // ---- parity -----------------------------------------------------------------------------------

    public static TheoryData<int, int, int> Shapes => new() { { 1, 1, 1 }, { 7, 33, 3 }, { 301, 65, 1 }, { 301, 65, 40 }, { 20_011, 129, 1 }, { 1_201, 129, 70 } };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Float64_and_Float32_stores_retrieve_as_the_array_built_network(int m, int n, int q)
    {
        var x = Gaussian(m, n, m + n, 0.3);
        var queries = Gaussian(q, n, 7, 0.3);
        var queries32 = Single(queries);
        var net = ModernHopfieldNetwork.Create(x, 1.5);
        using var f64 = PatternStore.Create(x, PatternPrecision.Float64);
        using var f32 = PatternStore.Create(x, PatternPrecision.Float32);
        var on64 = ModernHopfieldNetwork.Create(f64, 1.5);
        var on32 = ModernHopfieldNetwork.Create(f32, 1.5);
        Assert.Equal((m, n, n, true), (on64.PatternCount, on64.Dimension, on64.OutputDimension, on64.IsAutoAssociative));
        // The same engine, the same rows in another layout: the same numbers to the last bit.
        Assert.Equal(net.RetrieveBatch(queries), on64.RetrieveBatch(queries));
        Assert.Equal(net.RetrieveBatch(queries32), on32.RetrieveBatch(queries32));
        Assert.Equal(net.Retrieve(Row(queries, 0)), on64.Retrieve(Row(queries, 0)));
        // Float queries on a Float64 store widen (exactly), double engine, output rounded to float.
        var widened = on64.Retrieve(Array.ConvertAll(Row(queries, 0), v => (double)(float)v));
        Assert.Equal(Enumerable.Range(0, n).Select(i => (float)widened[i]), on64.Retrieve(Enumerable.Range(0, n).Select(i => queries32[0, i]).ToArray()));
        // Double queries on a Float32 store round to float, float engine, output widened.
        var rounded = on32.Retrieve(Enumerable.Range(0, n).Select(i => queries32[0, i]).ToArray());
        Assert.Equal(rounded.Select(v => (double)v), on32.Retrieve(Row(queries, 0)));
    }

    [Fact]
    public void A_Float64_store_gives_the_array_built_networks_partials_and_float_stores_refuse_them()
    {
        var x = Gaussian(301, 65, 11, 0.3);
        var query = Row(Gaussian(1, 65, 12, 0.3), 0);
        var net = ModernHopfieldNetwork.Create(x, 1.5);
        using var f64 = PatternStore.Create(x, PatternPrecision.Float64);
        var on64 = ModernHopfieldNetwork.Create(f64, 1.5);
        var a = net.RetrievePartial(query, 40, 290, firstRow: 7);
        var b = on64.RetrievePartial(query, 40, 290, firstRow: 7);
        // The same engine over the same rows in another layout: the same state to the last bit.
        Assert.Equal((a.Max, a.SumOfExponentials, a.RowCount), (b.Max, b.SumOfExponentials, b.RowCount));
        Assert.Equal(a.WeightedSum.ToArray(), b.WeightedSum.ToArray());
        foreach (var precision in new[] { PatternPrecision.Float32, PatternPrecision.BFloat16 })
        {
            using var store = PatternStore.Create(x, precision);
            var e = Assert.Throws<InvalidOperationException>(() => ModernHopfieldNetwork.Create(store, 1.5).RetrievePartial(query));
            Assert.Contains($"{precision} pattern store", e.Message);
        }
    }

    /// <summary>
    /// The bound of <see cref="ModernHopfieldNetwork.Create(PatternStore, double)"/>, plus the float engine's own rounding
    /// (DenseRetrievalParityTests' derivation with u = 2⁻²⁴): score moves D = max_μ(2⁻⁸ a_μ + γ_{N+2}(u₃₂)(1 + 2⁻⁸)a_μ +
    /// γ_{N+2}(u₆₄)a_μ), a_μ = Σ|x_μi q_i|; weights by e^{2Λ} − 1 with Λ = βD + (4 + 2βR)(2u₃₂ + u₆₄) (R the score spread
    /// plus 2D); output component i by (min(e^{2Λ} − 1, 2) + γ_{3M+3}(u₃₂) + 5u₃₂ + γ_{M+1}(u₆₄))·max_μ|x̃_μi| + 2⁻⁸ max_μ|x_μi|.
    /// </summary>
    [Property(MaxTest = 60)]
    public Property BFloat16_store_is_within_the_derived_bound_of_the_f64_network()
    {
        var cases =
            from m in Gen.Elements(1, 2, 5, 64, 301, 2_000, 20_011)
            from n in Gen.Elements(1, 7, 16, 33, 100, 300)
            from q in Gen.Elements(1, 3, 40)
            from beta in Gen.Elements(0.01, 0.5, 1.0, 4.0, 50.0)
            from scale in Gen.Elements(1e-3, 0.1, 1.0, 10.0)
            from seed in Gen.Choose(0, int.MaxValue)
            select (m, n, q, beta, scale, seed);
        return Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var (m, n, qCount, beta, scale, seed) = c;
            var x = Gaussian(m, n, seed, scale);
            var queries = Single(Gaussian(qCount, n, seed + 1, scale));
            var wide = new double[qCount, n];
            for (var j = 0; j < qCount; j++) for (var i = 0; i < n; i++) wide[j, i] = queries[j, i];
            var reference = ModernHopfieldNetwork.Create(x, beta).RetrieveBatch(wide);
            using var store = PatternStore.Create(x, PatternPrecision.BFloat16);
            var got = ModernHopfieldNetwork.Create(store, beta).RetrieveBatch(queries);
            var stored = new double[m, n];
            for (var mu = 0; mu < m; mu++) for (var i = 0; i < n; i++) { BFloat16.TryRound(x[mu, i], out var b); stored[mu, i] = BFloat16.ToSingle(b); }
            var failures = new List<string>();
            for (var j = 0; j < qCount; j++)
            {
                var a = new double[m];
                var s = new double[m];
                for (var mu = 0; mu < m; mu++) for (var i = 0; i < n; i++) { a[mu] += Math.Abs(x[mu, i] * wide[j, i]); s[mu] += x[mu, i] * wide[j, i]; }
                var d = a.Max() * (UBf16 + Gamma(n + 2, U32) * (1 + UBf16) + Gamma(n + 2, U64));
                var spread = s.Max() - s.Min() + 2 * d;
                var lambda = beta * d + (4 + 2 * beta * spread) * (2 * U32 + U64);
                var factor = Math.Min(Math.Exp(2 * lambda) - 1, 2) + Gamma(3L * m + 3, U32) + 5 * U32 + Gamma(m + 1, U64);
                for (var i = 0; i < n; i++)
                {
                    double maxStored = 0, maxExact = 0;
                    for (var mu = 0; mu < m; mu++) { maxStored = Math.Max(maxStored, Math.Abs(stored[mu, i])); maxExact = Math.Max(maxExact, Math.Abs(x[mu, i])); }
                    var tolerance = factor * maxStored + UBf16 * maxExact;
                    if (!(Math.Abs(got[j, i] - reference[j, i]) <= tolerance)) failures.Add($"query {j} component {i}: bf16 {got[j, i]:R} f64 {reference[j, i]:R} ± {tolerance:E2}");
                }
            }
            return (failures.Count == 0).Label($"{c}: {string.Join("; ", failures.Take(3))}");
        });
    }

    private static double Gamma(long k, double u) => k * u / (1 - k * u);

    /// <summary>
    /// The widening itself, apart from the rounding: over rows that are already bfloat16 values, a bfloat16 store's
    /// streaming retrieval (fewer than 32 queries; one part and both cores) is the float engine's over the same values
    /// held as float, up to float rounding — the same sums in other blocks (the bfloat16 engine widens L1-sized blocks).
    /// Each is within (e^{2Λ} − 1 + γ_{3M+3}(u) + 5u)·max_μ|x_μi| of the exact answer on these rows (DenseRetrievalParityTests'
    /// derivation, u = 2⁻²⁴, Λ = βγ_{N+2}(u)·max_μ Σ|x_μi q_i| + 2(4 + 2βR)u, R the score spread), so they differ by at most twice that.
    /// </summary>
    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(301, 65, 3)]
    [InlineData(20_011, 129, 1)]
    [InlineData(20_011, 129, 31)]
    public void BFloat16_streaming_agrees_with_the_float_engine_on_the_rounded_rows(int m, int n, int q)
    {
        const double beta = 3.0;
        var x = Gaussian(m, n, m * n, 0.3);
        var rounded = new float[m, n];
        for (var mu = 0; mu < m; mu++) for (var i = 0; i < n; i++) { BFloat16.TryRound(x[mu, i], out var b); rounded[mu, i] = BFloat16.ToSingle(b); }
        using var store = PatternStore.Create(x, PatternPrecision.BFloat16);
        var queries = Single(Gaussian(q, n, 5, 0.3));
        var expected = ModernHopfieldNetwork.Create(rounded, beta).RetrieveBatch(queries);
        var got = ModernHopfieldNetwork.Create(store, beta).RetrieveBatch(queries);
        var maxAbs = Enumerable.Range(0, n).Select(i => Enumerable.Range(0, m).Max(mu => Math.Abs((double)rounded[mu, i]))).ToArray();
        for (var j = 0; j < q; j++)
        {
            var a = new double[m];
            var s = new double[m];
            for (var mu = 0; mu < m; mu++) for (var i = 0; i < n; i++) { a[mu] += Math.Abs(rounded[mu, i] * (double)queries[j, i]); s[mu] += rounded[mu, i] * (double)queries[j, i]; }
            var d = Gamma(n + 2, U32) * a.Max();
            var lambda = beta * d + 2 * (4 + 2 * beta * (s.Max() - s.Min() + 2 * d)) * U32;
            var factor = 2 * (Math.Exp(2 * lambda) - 1 + Gamma(3L * m + 3, U32) + 5 * U32);
            for (var i = 0; i < n; i++) Assert.True(Math.Abs(got[j, i] - expected[j, i]) <= factor * maxAbs[i], $"query {j} component {i}: {got[j, i]:R} vs {expected[j, i]:R}");
        }
    }

    [Theory]
    [InlineData(1_000, 77)]
    [InlineData(40, 50_000)]
    public void BFloat16_batches_agree_with_single_queries(int m, int n)
    {
        // The batched schedule widens row blocks (240 rows, fewer for long rows) for its two products; the streaming
        // one widens per cache block. Both sum the same products in float, in different orders: γ_{N+M}(2⁻²⁴)-sized gaps.
        var x = Gaussian(m, n, 3, 1 / Math.Sqrt(n));
        using var store = PatternStore.Create(x, PatternPrecision.BFloat16);
        var net = ModernHopfieldNetwork.Create(store, 2.0);
        var queries = Single(Gaussian(40, n, 4, 1 / Math.Sqrt(n)));
        var batch = net.RetrieveBatch(queries);
        for (var j = 0; j < 40; j++)
        {
            var one = net.Retrieve(Enumerable.Range(0, n).Select(i => queries[j, i]).ToArray());
            for (var i = 0; i < n; i++) Assert.True(Math.Abs(one[i] - batch[j, i]) <= 1e-5, $"query {j} component {i}: {one[i]} vs {batch[j, i]}");
        }
    }

    // ---- .npy mapping -----------------------------------------------------------------------------

    [Fact]
    public void Mapped_npy_files_retrieve_as_the_array_built_network()
    {
        var x = Gaussian(301, 65, 11, 0.3);
        var queries = Gaussian(35, 65, 12, 0.3);
        var net = ModernHopfieldNetwork.Create(x, 1.0);
        Npy.Write(PathOf("x64.npy"), x);
        Npy.Write(PathOf("x32.npy"), Single(x));
        using (var mapped = PatternStore.MapNpy(PathOf("x64.npy")))
        {
            Assert.Equal((301, 65, PatternPrecision.Float64), (mapped.Count, mapped.Dimension, mapped.Precision));
            Assert.Equal(net.RetrieveBatch(queries), ModernHopfieldNetwork.Create(mapped, 1.0).RetrieveBatch(queries));
        }
        using (var mapped = PatternStore.MapNpy(PathOf("x32.npy"), PatternPrecision.Float32))
        {
            Assert.Equal(PatternPrecision.Float32, mapped.Precision);
            Assert.Equal(net.RetrieveBatch(Single(queries)), ModernHopfieldNetwork.Create(mapped, 1.0).RetrieveBatch(Single(queries)));
        }
        // bfloat16 bits as '<u2': the same numbers as a store made from the doubles.
        var bits = new byte[301 * 65 * 2];
        for (var mu = 0; mu < 301; mu++)
        {
            for (var i = 0; i < 65; i++)
            {
                BFloat16.TryRound(x[mu, i], out var b);
                BinaryPrimitives.WriteUInt16LittleEndian(bits.AsSpan((mu * 65 + i) * 2), b);
            }
        }
        WriteRaw(PathOf("bf16.npy"), "<u2", false, "(301, 65)", bits);
        using var made = PatternStore.Create(x, PatternPrecision.BFloat16);
        using var bf16 = PatternStore.MapNpy(PathOf("bf16.npy"), PatternPrecision.BFloat16);
        Assert.Equal(ModernHopfieldNetwork.Create(made, 1.0).RetrieveBatch(Single(queries)), ModernHopfieldNetwork.Create(bf16, 1.0).RetrieveBatch(Single(queries)));
    }

    /// <summary>A .npy file with the given header fields and raw data (version 1.0, padded as numpy pads).</summary>
    private static void WriteRaw(string path, string descr, bool fortran, string shape, byte[] data) =>
        WriteDict(path, $"{{'descr': '{descr}', 'fortran_order': {(fortran ? "True" : "False")}, 'shape': {shape}, }}", data);

    /// <summary>A version 1.0 .npy file with <paramref name="dict"/> as its header, padded, then <paramref name="data"/>.</summary>
    private static void WriteDict(string path, string dict, byte[] data)
    {
        var padding = (64 - (10 + dict.Length + 1) % 64) % 64;
        var header = Encoding.ASCII.GetBytes(dict + new string(' ', padding) + "\n");
        using var file = File.Create(path);
        file.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0]);
        file.Write(BitConverter.GetBytes((ushort)header.Length));
        file.Write(header);
        file.Write(data);
    }

    [Fact]
    public void Mapping_refuses_what_it_cannot_read_in_place_naming_the_file()
    {
        var eight = new byte[6 * 8];
        var cases = new (string Name, Action Write, Type Error, string[] Says)[]
        {
            ("big.npy", () => WriteRaw(PathOf("big.npy"), ">f8", false, "(2, 3)", eight), typeof(NotSupportedException), [">f8", "big-endian", "'<f8'"]),
            ("fortran.npy", () => WriteRaw(PathOf("fortran.npy"), "<f8", true, "(2, 3)", eight), typeof(NotSupportedException), ["Fortran", "C order"]),
            ("int.npy", () => WriteRaw(PathOf("int.npy"), "<i4", false, "(2, 3)", new byte[24]), typeof(NotSupportedException), ["'<i4'", "'<f8'", "'<f4'"]),
            ("short.npy", () => WriteRaw(PathOf("short.npy"), "<f8", false, "(2, 3)", new byte[40]), typeof(InvalidDataException), ["truncated", "48", "40"]),
            ("long.npy", () => WriteRaw(PathOf("long.npy"), "<f8", false, "(2, 3)", new byte[56]), typeof(InvalidDataException), ["8 bytes after"]),
            ("vector.npy", () => WriteRaw(PathOf("vector.npy"), "<f8", false, "(6,)", eight), typeof(InvalidDataException), ["2-D", "(6,)"]),
            ("empty.npy", () => WriteRaw(PathOf("empty.npy"), "<f8", false, "(0, 3)", []), typeof(InvalidDataException), ["empty", "(0, 3)"]),
            ("nothing.npy", () => File.WriteAllBytes(PathOf("nothing.npy"), []), typeof(InvalidDataException), ["truncated"]),
            // 1 073 807 362 · 2 147 352 580 · 8 bytes is 2⁶⁴ + 64: a 64-bit product wraps to this file's 64 bytes.
            ("wraps.npy", () => WriteRaw(PathOf("wraps.npy"), "<f8", false, "(1073807362, 2147352580)", new byte[64]), typeof(InvalidDataException),
                ["truncated", "18446744073709551680", "found 64"]),
            ("huge.npy", () => WriteRaw(PathOf("huge.npy"), "<f8", false, "(2147483647, 2147483647)", new byte[64]), typeof(InvalidDataException),
                ["truncated", "36893488113059364872"]),
            ("bits.npy", () => WriteRaw(PathOf("bits.npy"), "<u2", false, "(2, 3)", new byte[12]), typeof(NotSupportedException), ["'<u2'", "BFloat16"]),
            ("fields.npy", () => WriteDict(PathOf("fields.npy"), "{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (2, 3), }", eight), typeof(NotSupportedException),
                ["structured dtype"]),
            ("wide.npy", () => WriteRaw(PathOf("wide.npy"), "<f8", false, "(3000000000, 1)", new byte[8]), typeof(InvalidDataException), ["'3000000000'", "above 2147483647"]),
            // A key given twice (numpy's own reader would take the last value, an earlier version of this one the first).
            ("twice.npy", () => WriteDict(PathOf("twice.npy"), "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), 'descr': '<f8', }", eight), typeof(InvalidDataException),
                ["'descr' 2 times"]),
            // A structured dtype whose field name looks like a key is still refused as a structured dtype.
            ("keylike.npy", () => WriteDict(PathOf("keylike.npy"), "{'descr': [(\"a'shape':b\", '<f8')], 'fortran_order': False, 'shape': (2, 3), }", eight), typeof(NotSupportedException),
                ["structured dtype"]),
        };
        foreach (var (name, write, error, says) in cases)
        {
            write();
            var e = Assert.Throws(error, () => PatternStore.MapNpy(PathOf(name)));
            Assert.Contains(PathOf(name), e.Message);
            foreach (var s in says) Assert.Contains(s, e.Message);
        }
        // A precision that is not the file's dtype.
        Npy.Write(PathOf("x.npy"), new double[,] { { 1, 2 } });
        var wrong = Assert.Throws<NotSupportedException>(() => PatternStore.MapNpy(PathOf("x.npy"), PatternPrecision.Float32));
        Assert.Contains("'<f8'", wrong.Message);
        Assert.Contains("'<f4'", wrong.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => PatternStore.MapNpy(PathOf("x.npy"), (PatternPrecision)7));
        Assert.Throws<ArgumentNullException>(() => PatternStore.MapNpy(null!));
        Assert.Throws<FileNotFoundException>(() => PatternStore.MapNpy(PathOf("absent.npy")));
    }

    [Fact]
    public void A_non_finite_entry_of_a_mapped_file_is_refused_on_first_retrieval_naming_file_and_row()
    {
        var x = Gaussian(50, 8, 1);
        x[37, 5] = double.NaN;
        Npy.Write(PathOf("nan.npy"), x);
        using var store = PatternStore.MapNpy(PathOf("nan.npy"));
        var net = ModernHopfieldNetwork.Create(store, 1.0);
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var e = Assert.Throws<InvalidDataException>(() => net.Retrieve(new double[8]));
            Assert.Contains(PathOf("nan.npy"), e.Message);
            Assert.Contains("row 37, column 5", e.Message);
        }
    }

    [Fact]
    public void Mapping_reads_the_header_only_its_allocation_does_not_grow_with_the_file()
    {
        Npy.Write(PathOf("small.npy"), new float[10, 100]);
        Npy.Write(PathOf("large.npy"), new float[100_000, 100]); // 40 MB
        long Allocation(string name)
        {
            var fewest = long.MaxValue;
            for (var i = 0; i < 5; i++)
            {
                var before = GC.GetAllocatedBytesForCurrentThread();
                PatternStore.MapNpy(PathOf(name)).Dispose();
                fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
            }
            return fewest;
        }
        var small = Allocation("small.npy");
        var large = Allocation("large.npy");
        Assert.True(large < 64 * 1024, $"mapping 40 MB allocated {large} bytes");
        Assert.True(Math.Abs(large - small) < 1024, $"small file {small} bytes, large {large}");
    }

    // ---- making a store ---------------------------------------------------------------------------

    [Fact]
    public void Create_refuses_bad_patterns_naming_the_entry()
    {
        Assert.Throws<ArgumentNullException>("patterns", () => PatternStore.Create((double[,])null!, PatternPrecision.Float64));
        Assert.Throws<ArgumentException>("patterns", () => PatternStore.Create(new double[0, 3], PatternPrecision.Float64));
        Assert.Throws<ArgumentException>("patterns", () => PatternStore.Create(new float[2, 0], PatternPrecision.Float32));
        Assert.Throws<ArgumentOutOfRangeException>("precision", () => PatternStore.Create(new double[1, 1], (PatternPrecision)3));
        var nan = Assert.Throws<ArgumentOutOfRangeException>("patterns", () => PatternStore.Create(new double[,] { { 1, 2 }, { 3, double.NaN } }, PatternPrecision.BFloat16));
        Assert.Contains("patterns[1, 1] = NaN", nan.Message);
        var huge = Assert.Throws<ArgumentOutOfRangeException>("patterns", () => PatternStore.Create(new double[,] { { 1e300 } }, PatternPrecision.Float32));
        Assert.Contains("Float32", huge.Message);
        // Past the midpoint (255.5·2¹²⁰ ≈ 3.3961e38) between the largest bfloat16 and 2¹²⁸ it rounds to ∞; below, to the largest.
        Assert.Throws<ArgumentOutOfRangeException>("patterns", () => PatternStore.Create(new double[,] { { 3.3962e38 } }, PatternPrecision.BFloat16));
        using (var below = PatternStore.Create(new double[,] { { 3.3960e38 } }, PatternPrecision.BFloat16)) Assert.Equal(1, below.Count);
        Assert.Throws<ArgumentOutOfRangeException>("patterns", () => PatternStore.Create(new float[,] { { float.PositiveInfinity } }, PatternPrecision.Float64));
        using var ok = PatternStore.Create(new double[,] { { 3.38e38 } }, PatternPrecision.BFloat16);
        Assert.Equal(PatternPrecision.BFloat16, ok.Precision);
    }

    // ---- the network over a store -----------------------------------------------------------------

    [Fact]
    public void Members_that_need_the_reference_refuse_and_retrieval_refuses_as_arrays_do()
    {
        var x = Gaussian(20, 6, 2);
        using var store = PatternStore.Create(x, PatternPrecision.Float32);
        var net = ModernHopfieldNetwork.Create(store, 1.0);
        var arrays = ModernHopfieldNetwork.Create(x, 1.0);
        var q = new double[6];
        foreach (var call in new Action[]
        {
            () => net.Weights(q), () => net.Energy(q), () => net.RamsauerEnergy(q), () => net.EulerStep(q),
            () => net.Iterate(q), () => net.IterateBatch(new double[2, 6]),
        })
        {
            Assert.Contains("PatternStore", Assert.Throws<InvalidOperationException>(call).Message);
        }
        // A bad query: the array-built network's refusal, word for word.
        foreach (var bad in new[] { new double[5], new[] { 1, 2, double.NaN, 4, 5, 6 } })
        {
            var expected = Assert.ThrowsAny<ArgumentException>(() => arrays.Retrieve(bad));
            var actual = Assert.ThrowsAny<ArgumentException>(() => net.Retrieve(bad));
            Assert.Equal((expected.GetType(), expected.ParamName, expected.Message), (actual.GetType(), actual.ParamName, actual.Message));
        }
        var nanRow = new double[2, 6];
        nanRow[1, 4] = double.NaN;
        foreach (var call in new Func<ModernHopfieldNetwork, object>[] { n => n.RetrieveBatch(nanRow), n => n.RetrieveBatch(new float[2, 5]), n => { n.RetrieveBatch(new double[7], new double[6]); return 0; } })
        {
            var expected = Assert.ThrowsAny<ArgumentException>(() => call(arrays));
            var actual = Assert.ThrowsAny<ArgumentException>(() => call(net));
            Assert.Equal((expected.GetType(), expected.ParamName, expected.Message), (actual.GetType(), actual.ParamName, actual.Message));
        }
        // Out of the float engine's range: no rescaling reference over a store.
        var far = Assert.Throws<ArgumentException>("query", () => net.Retrieve(Enumerable.Repeat(1e35, 6).ToArray()));
        Assert.Contains("range", far.Message);
        Assert.Throws<ArgumentException>("queries", () => net.RetrieveBatch(new double[,] { { 1e35, 0, 0, 0, 0, 0 } }));
        Assert.Throws<ArgumentOutOfRangeException>("beta", () => ModernHopfieldNetwork.Create(store, 1e300));
        Assert.Throws<ArgumentOutOfRangeException>("beta", () => ModernHopfieldNetwork.Create(store, -1));
        Assert.Throws<ArgumentNullException>("patterns", () => ModernHopfieldNetwork.Create((PatternStore)null!, 1));
        Assert.Equal(new double[0, 6], net.RetrieveBatch(new double[0, 6]));
    }

    [Theory]
    [InlineData(PatternPrecision.Float32)]
    [InlineData(PatternPrecision.BFloat16)]
    public void A_float_store_refuses_a_query_beyond_float_and_a_weighted_sum_beyond_its_engine(PatternPrecision precision)
    {
        // A double query component above float's largest value would round to ±∞ (the outputs were NaN).
        using (var small = PatternStore.Create(new double[,] { { 1e-35, 2e-35 }, { -1e-35, 3e-35 } }, precision))
        {
            var net = ModernHopfieldNetwork.Create(small, 1);
            var beyond = Assert.Throws<ArgumentException>("query", () => net.Retrieve(new[] { 1e39, 0 }));
            Assert.Contains("beyond float's range", beyond.Message);
            Assert.Throws<ArgumentException>("queries", () => net.RetrieveBatch(new double[,] { { -5e38, 5e38 } }));
            Assert.Throws<ArgumentException>("query", () => net.Retrieve(new[] { 3.4028236e38, 0 }));
        }
        // Four rows of 3e38: the unnormalised weighted sum reaches 4 · 3e38, beyond float (the outputs were ±∞, the answer is the row).
        var rows = new double[4, 2];
        for (var mu = 0; mu < 4; mu++) (rows[mu, 0], rows[mu, 1]) = (3e38, -1.5e38);
        using (var big = PatternStore.Create(rows, precision))
        {
            var net = ModernHopfieldNetwork.Create(big, 1);
            var sum = Assert.Throws<ArgumentException>("query", () => net.Retrieve(new double[2]));
            Assert.Contains("M = 4 rows", sum.Message);
            Assert.Contains("2^100", sum.Message);
            Assert.Throws<ArgumentException>("query", () => net.Retrieve(new float[2], new float[2]));
            Assert.Throws<ArgumentException>("queries", () => net.RetrieveBatch(new float[1, 2]));
        }
    }

    [Fact]
    public void A_network_from_arrays_answers_where_the_float_engines_weighted_sum_would_overflow()
    {
        // The float entry points fall back to the double reference: the softmax of four equal rows is the row itself.
        var rows = new double[4, 2];
        for (var mu = 0; mu < 4; mu++) (rows[mu, 0], rows[mu, 1]) = (3e38, -1.5e38);
        var net = ModernHopfieldNetwork.Create(rows, 1);
        var z = new float[2];
        net.Retrieve(new float[2], z);
        Assert.Equal(3e38f, z[0], 3e38f * 1e-6f);
        Assert.Equal(-1.5e38f, z[1], 1.5e38f * 1e-6f);
        var batch = net.RetrieveBatch(new float[3, 2]);
        for (var j = 0; j < 3; j++) Assert.Equal((3e38f, -1.5e38f), (batch[j, 0], batch[j, 1]));
    }

    [Fact]
    public void Retrieval_after_Dispose_throws_ObjectDisposedException()
    {
        var store = PatternStore.Create(Gaussian(10, 4, 1), PatternPrecision.BFloat16);
        var net = ModernHopfieldNetwork.Create(store, 1.0);
        net.Retrieve(new double[4]);
        store.Dispose();
        store.Dispose();
        Assert.Throws<ObjectDisposedException>(() => net.Retrieve(new double[4]));
        Assert.Throws<ObjectDisposedException>(() => net.Retrieve(new float[4], new float[4]));
        Assert.Throws<ObjectDisposedException>(() => net.RetrieveBatch(new float[3, 4]));
        Assert.Throws<ObjectDisposedException>(() => ModernHopfieldNetwork.Create(store, 1.0));
        // Even calls with nothing to compute (they returned empty results after Dispose).
        Assert.Throws<ObjectDisposedException>(() => net.RetrieveBatch(new double[0, 4]));
        Assert.Throws<ObjectDisposedException>(() => net.RetrieveBatch(new float[0, 4]));
        var float64 = PatternStore.Create(Gaussian(10, 4, 1), PatternPrecision.Float64);
        var shard = ModernHopfieldNetwork.Create(float64, 1.0);
        Assert.Equal(0, shard.RetrievePartial(new double[4], 0, 0).RowCount);
        float64.Dispose();
        Assert.Throws<ObjectDisposedException>(() => shard.RetrievePartial(new double[4], 0, 0));
        Assert.Throws<ObjectDisposedException>(() => shard.RetrievePartial(new double[4], 0, 3));
    }

    [Theory]
    [InlineData(PatternPrecision.Float64)]
    [InlineData(PatternPrecision.Float32)]
    [InlineData(PatternPrecision.BFloat16)]
    public void Many_threads_retrieve_at_once_and_Dispose_meanwhile_does_not_pull_the_memory(PatternPrecision precision)
    {
        var x = Gaussian(30_000, 64, 9, 0.2);
        var path = PathOf($"many-{precision}.npy");
        Npy.Write(path, x);
        var store = precision == PatternPrecision.Float64 ? PatternStore.MapNpy(path) : PatternStore.Create(x, precision);
        var net = ModernHopfieldNetwork.Create(store, 4.0);
        var queries = Enumerable.Range(0, 8).Select(j => Row(Gaussian(1, 64, 100 + j, 0.2), 0)).ToArray();
        var expected = queries.Select(q => net.Retrieve(q)).ToArray();
        var answered = 0;
        var refused = 0;
        var wrong = new System.Collections.Concurrent.ConcurrentBag<string>();
        using var start = new Barrier(9);
        var threads = Enumerable.Range(0, 8).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            for (var k = 0; k < 200; k++)
            {
                try
                {
                    var z = net.Retrieve(queries[t]);
                    if (!z.SequenceEqual(expected[t])) wrong.Add($"thread {t} call {k}");
                    Interlocked.Increment(ref answered);
                }
                catch (ObjectDisposedException)
                {
                    Interlocked.Increment(ref refused);
                    return;
                }
                catch (Exception e)
                {
                    wrong.Add($"thread {t}: {e.GetType().Name}: {e.Message}");
                    return;
                }
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        start.SignalAndWait();
        Thread.Sleep(20);
        store.Dispose();
        threads.ForEach(t => t.Join());
        Assert.Empty(wrong);
        Assert.True(answered > 0);
        // Every thread either finished its 200 calls or stopped at its first refusal after the disposal.
        Assert.True(answered + refused <= 8 * 200 && answered >= 8 * 200 - refused * 200, $"answered {answered}, refused {refused}");
        Assert.Throws<ObjectDisposedException>(() => net.Retrieve(queries[0]));
    }
}
