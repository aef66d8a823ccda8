using System.Runtime.Intrinsics;
using AssociativeKernels.Fast;
using Core = global::AssociativeKernels.Core;

namespace AssociativeKernels.Tests;

/// <summary>
/// The fast-path parity suite (Category FastPathParity): every fast path of <c>Facade/Fast</c> against its reference at
/// every length N = 1 … 300, one theory case per backend this processor runs (<see cref="Backend"/>: AVX-512, AVX2,
/// portable; the reference is the other side of every comparison). .ci/run reruns the category with AVX-512 and
/// then AVX2 switched off in the runtime, where the supported backends shrink accordingly. The suite's members:
/// <list type="bullet">
/// <item>here: packed ±1 overlaps, nearest pattern and radius search (<see cref="PackedBipolarBlocks"/>,
/// <see cref="PackedScan"/>; behind PackedBipolarMemory, the Hopfield and dense memories' dynamics and the SDM
/// read), the packed dynamics (<see cref="PackedBipolarPatterns"/> overlaps, flips and Hebbian fields,
/// <see cref="PackedDenseEnergy"/>'s Eq. 4 update), the packed DAM stability count (<see cref="PackedDamStability"/>),
/// the Simd row kernels (<see cref="RowKernels"/>) and the classifier engine (<see cref="DenseClassifierEngine{T}"/>:
/// forward pass and gradient; its training steps on several shapes are <see cref="DenseClassifierParityTests"/>);</item>
/// <item>dense retrieval (dot, Euclidean, Manhattan scores under every separation, streaming and batched through
/// <see cref="Gemm"/>, float and double): <see cref="DenseRetrievalParityTests.Every_length_from_1_to_300_agrees_with_the_reference"/>
/// with its derived tolerances, and its random-shape properties;</item>
/// <item>random-shape properties of the packed memories through the facade (<see cref="PackedPropertyTests"/>, on the
/// AVX-512 and portable packed kernels) and of the stability count (<see cref="PackedDamStabilityTests"/>).</item>
/// </list>
/// Integer paths (everything packed) must agree exactly; floating-point ones within the bounds derived where they are checked.
/// </summary>
[Trait("Category", "FastPathParity")]
public sealed class FastPathParityTests
{
    internal const int MaxLength = 300;
    private const double U = 1.1102230246251565e-16;

    private static double Gamma(double k) => k * U / (1 - k * U);

    /// <summary>The backends this processor runs, by name (<see cref="Backend"/> is internal).</summary>
    public static TheoryData<string> SupportedBackends()
    {
        var data = new TheoryData<string>();
        foreach (var b in Backends.Supported) data.Add(b.ToString());
        return data;
    }

    private static double[][] Bipolar(Random rng, int k, int n) =>
        [.. Enumerable.Range(0, k).Select(_ => Enumerable.Range(0, n).Select(_ => rng.Next(2) == 0 ? -1.0 : 1.0).ToArray())];

    private static int Dot(double[] x, double[] y)
    {
        var s = 0;
        for (var i = 0; i < x.Length; i++) s += (int)(x[i] * y[i]);
        return s;
    }

    [Theory]
    [MemberData(nameof(SupportedBackends))]
    public void Packed_overlaps_nearest_and_radius_search_equal_the_reference_at_every_length(string backend)
    {
        var avx512 = Enum.Parse<Backend>(backend).PackedAvx512();
        var scan = new PackedScan();
        for (var n = 1; n <= MaxLength; n++)
        {
            var rng = new Random(n);
            var k = 1 + n % 19; // one to three groups of 8, partial last groups
            var rows = Bipolar(rng, k, n);
            // Queries: noisy copies of stored rows (near ties in the overlap) and a stored row itself.
            var queries = Bipolar(rng, 1 + n % 5, n);
            queries[0] = (double[])rows[n % k].Clone();
            var blocks = new PackedBipolarBlocks(rows, n);

            var packed = scan.Queries(queries.Length, blocks.Words);
            for (var q = 0; q < queries.Length; q++) Assert.True(PackedBipolarRows.TryPack(queries[q], packed.Slice(q * blocks.Words, blocks.Words)));
            var nearest = new int[queries.Length];
            scan.Nearest(blocks, queries.Length, nearest, avx512);
            for (var q = 0; q < queries.Length; q++) Assert.Equal(Core.Kernel.Argmax(rows, queries[q]), nearest[q]);

            var query = scan.Queries(1, blocks.Words);
            PackedBipolarRows.TryPack(queries[^1], query);
            var overlaps = new int[k];
            scan.Overlaps(blocks, overlaps, avx512);
            Assert.Equal(rows.Select(r => (int)Core.Kernel.Linear(r, queries[^1])), overlaps);
            var direct = new int[k];
            blocks.Overlaps(0, blocks.Groups, query, direct, avx512);
            Assert.Equal(overlaps, direct);

            // Radius search (the SDM's activation): the rows within Hamming distance r, (N − ξ·q)/2 ≤ r.
            foreach (var radius in new[] { 0, n / 3, n / 2, n })
            {
                var within = new int[k];
                var count = blocks.Within(query, radius, within, avx512);
                var expected = Enumerable.Range(0, k).Where(m => (n - Dot(rows[m], queries[^1])) / 2 <= radius).ToArray();
                Assert.Equal(expected, within[..count]);
            }
        }
    }

    [Theory]
    [MemberData(nameof(SupportedBackends))]
    public void Packed_dynamics_overlaps_fields_and_Eq_4_updates_equal_the_reference_at_every_length(string backend)
    {
        var avx512 = Enum.Parse<Backend>(backend).PackedAvx512();
        var scan = new PackedScan();
        Core.DenseEnergy[] energies = [Core.DenseEnergy.NewPolynomial(2), Core.DenseEnergy.NewPolynomial(3), Core.DenseEnergy.NewRectifiedPolynomial(4), Core.DenseEnergy.Exponential];
        for (var n = 1; n <= MaxLength; n++)
        {
            var rng = new Random(1000 + n);
            var k = 1 + n % 11;
            var rows = Bipolar(rng, k, n);
            var state = Bipolar(rng, 1, n)[0];
            var patterns = new PackedBipolarPatterns(rows);
            var overlaps = patterns.Overlaps(scan, state, avx512).ToArray();
            Assert.Equal(rows.Select(r => Dot(r, state)), overlaps);

            // Hebbian field with self-coupling, Σ_μ ξ_i^μ (ξ^μ·s), for a few neurons; then a flip keeps the overlaps.
            var f = energies[n % energies.Length];
            var memory = Core.DenseMemoryModule.Create(f, rows);
            var energy = new PackedDenseEnergy(f, k, n);
            for (var i = 0; i < n; i += Math.Max(1, n / 7))
            {
                Assert.Equal(rows.Sum(r => (long)r[i] * Dot(r, state)), patterns.Field(overlaps, i));
                var fast = energy.Update(overlaps, patterns.Column(i), state[i]);
                var reference = Core.DenseMemoryModule.UpdateNeuron(memory, state, i)[i];
                if (!double.IsNaN(fast)) Assert.Equal(reference, fast);
            }
            var flip = n / 2;
            state[flip] = -state[flip];
            patterns.Flip(overlaps, flip, (int)state[flip]);
            Assert.Equal(rows.Select(r => Dot(r, state)), overlaps);
        }
    }

    [Theory]
    [MemberData(nameof(SupportedBackends))]
    public void Packed_DAM_stability_count_equals_the_reference_trial_at_every_length(string backend)
    {
        var width = Enum.Parse<Backend>(backend).PackedStabilityWidth();
        for (var n = 1; n <= MaxLength; n++)
        {
            var degree = 1 + n % 5;
            var k = 2 + n % 13;
            var expected = (long)Math.Round(Core.DamStability.Trial(new Random(n), degree, n, k) * n * k);
            var rng = new Random(n);
            var packed = new PackedDamStability(Core.DenseEnergy.NewPolynomial(degree), k, n);
            for (var mu = 0; mu < k; mu++) packed.Set(mu, Core.Sampling.BipolarVector(rng, n, 0.5));
            var scratch = new PackedDamStability.Scratch(packed);
            Assert.Equal(expected, Enumerable.Range(0, k).Sum(mu => (long)packed.Unstable(mu, scratch, width: width)));
        }
    }

    /// <summary>
    /// The batched projection z = W V (<c>Gemm.Project</c>) in float against the same sums in double, over shapes
    /// that reach every edge of its packing: a query count that is not a multiple of the six-query tile, more
    /// patterns than one depth block and not a multiple of it, outputs wider than one group of packed panels and
    /// not a multiple of a panel, and adding into z. Bound: each entry is a sum of M products of floats (exact in
    /// double), plus z's own value when adding, so the float result is within γ_{M+1}(u₃₂)·(Σ|w v| + |z₀|) of the
    /// double one.
    /// </summary>
    [Theory]
    [MemberData(nameof(SupportedBackends))]
    public void Batched_projection_equals_the_plain_sums_across_tile_depth_and_panel_edges(string backend)
    {
        var failures = Enum.Parse<Backend>(backend) switch
        {
            Backend.Avx512 => ProjectionFailures<Vector512<float>, Wide<float>>(),
            Backend.Avx2 => ProjectionFailures<Vector256<float>, Medium<float>>(),
            _ => ProjectionFailures<Vector128<float>, Narrow<float>>(),
        };
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(5)));
    }

    /// <summary>
    /// Rows.Slice views rows [from, from + count) as rows 0 … count − 1 without copying, for a jagged array and for
    /// strided memory, slices of slices included, and refuses any range outside the rows and any row outside the slice.
    /// </summary>
    [Fact]
    public void Rows_slice_views_the_named_rows_and_refuses_ranges_outside()
    {
        var jagged = Enumerable.Range(0, 6).Select(r => Enumerable.Range(0, 4).Select(i => (float)(10 * r + i)).ToArray()).ToArray();
        var matrix = new float[6, 4];
        for (var r = 0; r < 6; r++) for (var i = 0; i < 4; i++) matrix[r, i] = jagged[r][i];
        using var store = PatternStore.Create(matrix, PatternPrecision.Float32);
        foreach (var all in new[] { new Rows<float>(jagged), store.Float32Rows })
        {
            var middle = all.Slice(2, 3);
            Assert.Equal(3, middle.Count);
            Assert.Equal(4, middle.Dimension);
            Assert.Equal(new float[] { 30, 31, 32, 33 }, middle[1].ToArray());
            Assert.Equal(new float[] { 40, 41, 42, 43 }, middle.Slice(1, 2)[1].ToArray());
            Assert.True(middle.Slice(0, 3).IsSameAs(middle));
            Assert.False(middle.IsSameAs(all));
            Assert.Equal(0, all.Slice(6, 0).Count);
            foreach (var outside in new[] { -1, 3, int.MaxValue })
            {
                var view = middle;
                Assert.Throws<ArgumentOutOfRangeException>(() => view[outside].Length);
            }
            foreach (var (from, count) in new[] { (-1, 1), (5, 2), (0, 7), (2, -1), (int.MaxValue, 1) })
            {
                var view = all;
                Assert.Throws<ArgumentOutOfRangeException>(() => view.Slice(from, count));
            }
        }
    }

    private static List<string> ProjectionFailures<TVec, TOps>() where TVec : struct where TOps : struct, IVectorOps<TVec, float>
    {
        const double u32 = 5.9604644775390625e-8;
        var failures = new List<string>();
        foreach (var (m, o, count, add) in new[] { (300, 1100, 13, false), (300, 1100, 13, true), (7, 5, 1, false), (257, 64, 12, true), (130, 700, 6, false) })
        {
            var rng = new Random(m * 31 + o + count);
            var ld = count + 3;
            var w = Enumerable.Range(0, m * ld).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
            var v = Enumerable.Range(0, m).Select(_ => Enumerable.Range(0, o).Select(_ => (float)(rng.NextDouble() * 4 - 2)).ToArray()).ToArray();
            var z0 = Enumerable.Range(0, count * o).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray();
            var z = (float[])z0.Clone();
            var panel = new float[Gemm.ProjectScratchLength<float>(count, o)];
            var tile = new float[Gemm.TileRows * Gemm.MaxTileColumns<float>()];
            // The accumulating cases read V through a slice of a larger array (rows 0–2 are not V's), as the batched
            // schedule's row blocks do.
            var rows = add ? new Rows<float>([.. Enumerable.Range(0, 3).Select(_ => new float[o]), .. v]).Slice(3, m) : new Rows<float>(v);
            Gemm.Project<TVec, TOps, float>(w, ld, count, rows, z, panel, tile, add);
            for (var j = 0; j < count; j++)
            {
                for (var i = 0; i < o; i++)
                {
                    double exact = add ? z0[j * o + i] : 0, scale = Math.Abs(exact);
                    for (var mu = 0; mu < m; mu++)
                    {
                        exact += (double)w[mu * ld + j] * v[mu][i];
                        scale += Math.Abs((double)w[mu * ld + j] * v[mu][i]);
                    }
                    var bound = (m + 1) * u32 / (1 - (m + 1) * u32) * scale;
                    if (!(Math.Abs(z[j * o + i] - exact) <= bound))
                    {
                        failures.Add($"M = {m}, o = {o}, count = {count}, add = {add}: z[{j}, {i}] = {z[j * o + i]:R} against {exact:R} (allowed {bound:R})");
                    }
                }
            }
        }
        return failures;
    }

    /// <summary>
    /// The row kernels in double against plain loops. Bounds (u = 2⁻⁵³): a sum of n terms in any order is within
    /// γ_{n+1}·Σ|terms| of the exact one, on both sides; each term of the Manhattan and squared distances carries one
    /// (two) more roundings. ReduceAndAccumulate: its score equal to Reduce's to the bit, and each entry of its weighted add
    /// one fused multiply–add, correctly rounded, so exactly Math.FusedMultiplyAdd's. Accumulate4 adds four products to
    /// each entry: γ_5 of |acc| + Σ|w x| on each side. Scale
    /// is one product per entry on both sides: exact. ExpShifted: the same argument β(x − s) on both sides, the
    /// vector exponential within 4u (<see cref="DenseRetrievalParityTests.VectorExp_is_within_four_units_of_roundoff"/>)
    /// and Math.Exp within u, then the sum: 5u·e per entry and γ_{n+1}Σe for the total.
    /// </summary>
    [Theory]
    [MemberData(nameof(SupportedBackends))]
    public void Simd_row_kernels_agree_with_plain_loops_at_every_length(string backend)
    {
        var failures = Enum.Parse<Backend>(backend) switch
        {
            Backend.Avx512 => RowKernelFailures<Vector512<double>, Wide<double>>(),
            Backend.Avx2 => RowKernelFailures<Vector256<double>, Medium<double>>(),
            _ => RowKernelFailures<Vector128<double>, Narrow<double>>(),
        };
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(5)));
    }

    /// <summary>
    /// The row kernels over bfloat16 rows widened in the register give bit for bit what the same kernels give over
    /// float copies of those rows widened in memory: widening is exact and the operations are the same, in the same order.
    /// </summary>
    [Theory]
    [MemberData(nameof(SupportedBackends))]
    public void Bfloat16_row_kernels_equal_the_float_kernels_on_the_widened_rows(string backend)
    {
        var failures = Enum.Parse<Backend>(backend) switch
        {
            Backend.Avx512 => WidenedKernelFailures<Vector512<float>, Wide<float>>(),
            Backend.Avx2 => WidenedKernelFailures<Vector256<float>, Medium<float>>(),
            _ => WidenedKernelFailures<Vector128<float>, Narrow<float>>(),
        };
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(5)));
    }

    private static List<string> WidenedKernelFailures<TVec, TOps>() where TVec : struct where TOps : struct, IVectorOps<TVec, float>
    {
        var failures = new List<string>();
        for (var n = 1; n <= MaxLength; n++)
        {
            var rng = new Random(n);
            ushort[] Bits() => [.. Enumerable.Range(0, n).Select(_ => BFloat16.TryRound(4 * rng.NextDouble() - 2, out var b) ? b : (ushort)0)];
            var bits = Enumerable.Range(0, 4).Select(_ => Bits()).ToArray();
            var wide = bits.Select(b => b.Select(BFloat16.ToSingle).ToArray()).ToArray();
            float[] q = [.. Enumerable.Range(0, n).Select(_ => (float)(4 * rng.NextDouble() - 2))];
            for (var r = 0; r < 4; r++)
            {
                var fromBits = RowKernels.Reduce<TVec, TOps, float, DotReduction<TVec, float>, ushort, BFloat16Load<TVec, float>>(bits[r], q, default);
                var fromFloats = RowKernels.Reduce<TVec, TOps, float, DotReduction<TVec, float>, float, SameLoad<TVec, float>>(wide[r], q, default);
                if (BitConverter.SingleToInt32Bits(fromBits) != BitConverter.SingleToInt32Bits(fromFloats)) failures.Add($"dot at N = {n}, row {r}: {fromBits:R} against {fromFloats:R}");
            }
            var fused16 = (float[])q.Clone();
            var fused32 = (float[])q.Clone();
            var score16 = RowKernels.ReduceAndAccumulate<TVec, TOps, float, DotReduction<TVec, float>, ushort, BFloat16Load<TVec, float>>(bits[0], q, default, 1.5f, bits[1], fused16);
            var score32 = RowKernels.ReduceAndAccumulate<TVec, TOps, float, DotReduction<TVec, float>, float, SameLoad<TVec, float>>(wide[0], q, default, 1.5f, wide[1], fused32);
            if (BitConverter.SingleToInt32Bits(score16) != BitConverter.SingleToInt32Bits(score32)) failures.Add($"ReduceAndAccumulate dot at N = {n}: {score16:R} against {score32:R}");
            for (var i = 0; i < n; i++)
            {
                if (BitConverter.SingleToInt32Bits(fused16[i]) != BitConverter.SingleToInt32Bits(fused32[i])) failures.Add($"ReduceAndAccumulate add at N = {n}, entry {i}: {fused16[i]:R} against {fused32[i]:R}");
            }
            float[] w = [0.5f, -1.25f, 2f, 0.75f];
            var acc16 = (float[])q.Clone();
            var acc32 = (float[])q.Clone();
            RowKernels.Accumulate4<TVec, TOps, float, ushort, BFloat16Load<TVec, float>>(w[0], bits[0], w[1], bits[1], w[2], bits[2], w[3], bits[3], acc16);
            RowKernels.Accumulate4<TVec, TOps, float, float, SameLoad<TVec, float>>(w[0], wide[0], w[1], wide[1], w[2], wide[2], w[3], wide[3], acc32);
            for (var i = 0; i < n; i++)
            {
                if (BitConverter.SingleToInt32Bits(acc16[i]) != BitConverter.SingleToInt32Bits(acc32[i])) failures.Add($"Accumulate4 at N = {n}, entry {i}: {acc16[i]:R} against {acc32[i]:R}");
            }
        }
        return failures;
    }

    private static List<string> RowKernelFailures<TVec, TOps>() where TVec : struct where TOps : struct, IVectorOps<TVec, double>
    {
        var failures = new List<string>();
        void Check(string what, int n, double expected, double actual, double bound)
        {
            if (!(Math.Abs(expected - actual) <= bound)) failures.Add($"{what} at N = {n}: {expected:R} against {actual:R} (allowed {bound:R})");
        }
        for (var n = 1; n <= MaxLength; n++)
        {
            var rng = new Random(n);
            double[] Row() => [.. Enumerable.Range(0, n).Select(_ => 4 * rng.NextDouble() - 2)];
            var x = Enumerable.Range(0, 4).Select(_ => Row()).ToArray();
            var q = Row();

            // Each row reduced with the next one as the prefetch target (the last with none): a hint, no effect on values.
            double Reduce<TPair>(int r) where TPair : struct, IPairReduction<TVec, double> =>
                RowKernels.Reduce<TVec, TOps, double, TPair, double, SameLoad<TVec, double>>(x[r], q, r < 3 ? x[r + 1] : default);
            var dots = Enumerable.Range(0, 4).Select(Reduce<DotReduction<TVec, double>>).ToArray();
            var manhattan = Enumerable.Range(0, 4).Select(Reduce<ManhattanReduction<TVec, double>>).ToArray();
            var squared = Enumerable.Range(0, 4).Select(Reduce<SquaredDistanceReduction<TVec, double>>).ToArray();
            for (var r = 0; r < 4; r++)
            {
                double dot = 0, abs = 0, man = 0, sq = 0;
                for (var i = 0; i < n; i++)
                {
                    dot += x[r][i] * q[i];
                    abs += Math.Abs(x[r][i] * q[i]);
                    man += Math.Abs(x[r][i] - q[i]);
                    sq += (x[r][i] - q[i]) * (x[r][i] - q[i]);
                }
                Check("dot", n, dot, dots[r], 2 * Gamma(n + 1) * abs);
                Check("Manhattan", n, man, manhattan[r], 2 * Gamma(n + 2) * man);
                Check("squared distance", n, sq, squared[r], 2 * Gamma(n + 3) * sq);
            }

            // The fused kernel: the score to the bit of Reduce's (same operations, same order), and each entry one fused
            // multiply–add w·previous + acc, correctly rounded on both sides, so equal to Math.FusedMultiplyAdd exactly.
            double Fused<TPair>(int r, double[] into) where TPair : struct, IPairReduction<TVec, double> =>
                RowKernels.ReduceAndAccumulate<TVec, TOps, double, TPair, double, SameLoad<TVec, double>>(x[r], q, r < 3 ? x[r + 1] : default, -0.625, x[(r + 3) % 4], into);
            for (var r = 0; r < 4; r++)
            {
                var before = Row();
                foreach (var (name, expectedScore, fused) in new (string, double, Func<double[], double>)[]
                {
                    ("dot", dots[r], a => Fused<DotReduction<TVec, double>>(r, a)),
                    ("Manhattan", manhattan[r], a => Fused<ManhattanReduction<TVec, double>>(r, a)),
                    ("squared distance", squared[r], a => Fused<SquaredDistanceReduction<TVec, double>>(r, a)),
                })
                {
                    var into = (double[])before.Clone();
                    var score = fused(into);
                    if (BitConverter.DoubleToInt64Bits(score) != BitConverter.DoubleToInt64Bits(expectedScore)) failures.Add($"ReduceAndAccumulate {name} at N = {n}, row {r}: {score:R} against Reduce's {expectedScore:R}");
                    for (var i = 0; i < n; i++) Check($"ReduceAndAccumulate {name} add", n, Math.FusedMultiplyAdd(-0.625, x[(r + 3) % 4][i], before[i]), into[i], 0);
                }
            }

            var acc = Row();
            var expected = (double[])acc.Clone();
            double[] w = [0.5, -1.25, 2, 0.75];
            RowKernels.Accumulate4<TVec, TOps, double, double, SameLoad<TVec, double>>(w[0], x[0], w[1], x[1], w[2], x[2], w[3], x[3], acc);
            for (var i = 0; i < n; i++)
            {
                var scale = Math.Abs(expected[i]) + Enumerable.Range(0, 4).Sum(r => Math.Abs(w[r] * x[r][i]));
                for (var r = 0; r < 4; r++) expected[i] += w[r] * x[r][i];
                Check("Accumulate4", n, expected[i], acc[i], 2 * Gamma(5) * scale);
            }

            var scaled = (double[])q.Clone();
            RowKernels.Scale<TVec, TOps, double>(scaled, -1.7);
            for (var i = 0; i < n; i++) Check("Scale", n, q[i] * -1.7, scaled[i], 0);

            var e = (double[])q.Clone();
            var total = RowKernels.ExpShifted<TVec, TOps, double>(e, 3.5, 0.25);
            double sum = 0;
            for (var i = 0; i < n; i++)
            {
                var exact = Math.Exp(3.5 * (q[i] - 0.25));
                sum += exact;
                Check("ExpShifted entry", n, exact, e[i], 5 * U * exact);
            }
            Check("ExpShifted sum", n, sum, total, (5 * U + 2 * Gamma(n + 1)) * sum);
        }
        return failures;
    }

    /// <summary>
    /// The classifier engine's forward pass and gradient against the core's reference <c>DenseTraining</c> at every
    /// visible length (K = 7 memories, N_c = 3 classes, minibatches of 5; n and m rotating through 2…4), within the
    /// bounds derived in <see cref="DenseClassifierParityTests"/>.
    /// </summary>
    [Theory]
    [MemberData(nameof(SupportedBackends))]
    public void Classifier_engine_forward_and_gradient_agree_with_the_core_reference_at_every_length(string backend)
    {
        var width = Enum.Parse<Backend>(backend).Width();
        for (var n = 1; n <= MaxLength; n++)
        {
            var (power, lossPower) = (2 + n % 3, 2 + n / 3 % 3);
            DenseClassifierParityTests.CheckForwardAndGradient(width, n, power, lossPower, seed: n);
        }
    }
}
