using AssociativeKernels.Fast;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace AssociativeKernels.Tests;

/// <summary>One generated fast-path case: shapes, rule, precision, vector width and a data seed.</summary>
public sealed record DenseCase(int M, int N, int O, int Q, bool Hetero, SimilarityFunction Similarity, SeparationFunction Separation,
    double Beta, int Degree, int K, bool Single, int WidthCode, int Seed, double Scale, double Offset = 0)
{
    /// <summary>The vector width (Width is internal to the facade).</summary>
    internal Width Width => (Width)WidthCode;

    public override string ToString() =>
        $"M={M} N={N} O={O} Q={Q} hetero={Hetero} {Similarity}/{Separation} beta={Beta} n={Degree} k={K} {(Single ? "f32" : "f64")} {Width} seed={Seed} scale={Scale} offset={Offset}";
}

/// <summary>
/// Generators of <see cref="DenseCase"/>: awkward sizes (N not a multiple of 16 or 64, M = 1, Q = 1, Q around the
/// batch threshold); β from 1e-300 to 1e300; data offset + scale·g (g standard normal) with offsets up to ±1e8
/// and scales from 1e-150 to 1e150 in double, 1e-20 to 1e15 in float (issue 11: wrong rows at an offset, NaN at
/// huge and tiny magnitudes and β outside float's range).
/// </summary>
public static class DenseCases
{
    private static readonly double[] Betas = [1e-300, 0.01, 1.0, 7.5, 1e3, 1e6, 1e39, 1e300];
    private static readonly double[] Offsets = [0, 0, 0, 0, 1e2, -1e4, 1e6, 1e8];
    private static readonly double[] DoubleScales = [1e-150, 0.1, 1.0, 1.0, 3.0, 1e150];
    private static readonly double[] FloatScales = [1e-20, 0.1, 1.0, 1.0, 3.0, 1e15];

    private static readonly int[] Dimensions = [1, 2, 7, 15, 16, 17, 31, 33, 63, 64, 65, 100, 129];
    private static readonly int[] Counts = [1, 2, 5, 6, 7, 13, 64, 100, 301];
    private static readonly int[] Queries = [1, 2, 3, 31, 32, 33, 70];

    private static Gen<DenseCase> Cases(SeparationFunction[] separations) =>
        from m in Gen.Elements(Counts)
        from n in Gen.Elements(Dimensions)
        from hetero in Gen.Elements(false, true)
        from o in hetero ? Gen.Elements(1, 3, 17, 40) : Gen.Constant(n)
        from q in Gen.Elements(Queries)
        from sim in Gen.Elements(SimilarityFunction.Dot, SimilarityFunction.Euclidean, SimilarityFunction.Manhattan)
        from sep in Gen.Elements(separations)
        from beta in Gen.Elements(Betas)
        from degree in Gen.Elements(1, 2, 3, 5)
        from k in Gen.Choose(1, Math.Min(m, 8))
        from single in Gen.Elements(false, true)
        from width in Gen.Elements((int)Width.Wide, (int)Width.Medium, (int)Width.Narrow)
        from seed in Gen.Choose(0, int.MaxValue)
        from scale in Gen.Elements(single ? FloatScales : DoubleScales)
        from offset in Gen.Elements(Offsets)
        select new DenseCase(m, n, o, q, hetero, sim, sep, beta, degree, k, single, width, seed, scale, offset * Math.Max(1, scale));

    /// <summary>Memories large enough (M·N·Q ≥ 2²¹ multiply–adds) that both schedules split the work over the cores and merge it.</summary>
    public static Arbitrary<DenseCase> Large() =>
        (from c in Cases([SeparationFunction.Softmax, SeparationFunction.Identity, SeparationFunction.Polynomial, SeparationFunction.Max, SeparationFunction.TopK])
         from streaming in Gen.Elements(false, true)
         from n in Gen.Elements(64, 129)
         // Streaming splits rows at M·N·Q ≥ 2²¹ with Q < 32; batches split queries at the same size with Q ≥ 32.
         let m = streaming ? 20_011 : 1_201
         let q = streaming ? 2 : 40
         select c with { M = m, N = n, O = c.Hetero ? c.O : n, Q = q, K = Math.Min(c.K, 8) }).ToArbitrary();

    public static Arbitrary<DenseCase> Any() => Cases(
        [SeparationFunction.Softmax, SeparationFunction.Identity, SeparationFunction.Square, SeparationFunction.Polynomial,
         SeparationFunction.Max, SeparationFunction.TopK]).ToArbitrary();
}

/// <summary>
/// Item 4 of issue 5: every dense fast path (float and double; 512-, 256- and 128-bit vectors; one query, the
/// streaming schedule, and batches, the matrix-product schedule) agrees with the F# reference run on the very
/// same numbers (float cases round the data to float first, so the reference sees what the fast path sees).
/// <para>
/// <b>The tolerance, derived.</b> u = 2⁻²⁴ (float) or 2⁻⁵³ (double) is the fast path's unit roundoff, u₆₄ = 2⁻⁵³
/// the reference's, γ_n(u) = nu/(1 − nu). A score computed by any summation order differs from the exact one
/// by at most γ_{N+2}·a_μ, with a_μ = Σ|x_μi q_i| for the dot product, ‖x‖² + ‖q‖² + 2Σ|x_i q_i| for the
/// squared distance (either formed from differences or as ‖x‖² + ‖q‖² − 2x·q, clamped at 0), and
/// Σ|x_i| + Σ|q_i| for the Manhattan distance; so fast and reference scores differ by δ_μ ≤ (γ_{N+2}(u) +
/// γ_{N+2}(u₆₄))·a_μ. <i>Softmax:</i> each unnormalized weight is e^{β(s − m)} up to the exponential's relative
/// error c·u (c = 4, checked by <see cref="VectorExp_is_within_four_units_of_roundoff"/>) and the rounding of its
/// argument (relative 2u, i.e. absolute 2u·β·R with R the spread of the scores); rescaling the running sums by
/// a rounded factor perturbs numerator and denominator alike and is covered by the same term. All of it is a
/// perturbation of the log-weights by at most Λ = βδ + 2(c + 2βR′)u + (c + 2βR′)u₆₄ (R′ = R + 2δ), which changes
/// every normalized weight by a factor in [e^{−2Λ}, e^{2Λ}], hence ‖ŵ − w‖₁ ≤ e^{2Λ} − 1. The output component i
/// then differs by at most (e^{2Λ} − 1 + γ_{3M+3}(u) + 3u + γ_{M+1}(u₆₄) + 2u)·max_μ|v_μi| — the terms being the
/// weights, the fast path's sums, rescalings and final division, the reference's sum, and the skipped rows
/// (class comment of DenseRetrieval). <i>Identity, square, power n:</i> |Δw_μ| ≤ n(|s_μ| + δ_μ)^{n−1}δ_μ +
/// (n + 1)(u + u₆₄)(|s_μ| + δ_μ)ⁿ, and the output differs by Σ_μ|Δw_μ||v_μi| + γ_{M+1}(u + u₆₄)·Σ_μ(|s_μ| + δ_μ)ⁿ|v_μi|.
/// <i>Max, top-k:</i> when the k-th and (k+1)-th reference scores are more than 2 max δ apart the fast path must
/// pick the same rows; the output is then the same sum of k rows, equal exactly in double (same order) and
/// within γ_k(u)·Σ|v_μi| in float. Closer calls are not asserted here; exact ties are, by
/// <see cref="TopK_with_integer_data_breaks_ties_like_the_reference"/>.
/// </para>
/// </summary>
[Trait("Category", "FastPathParity")]
public sealed class DenseRetrievalParityTests
{
    private const double U64 = 1.1102230246251565e-16;
    private const double U32 = 5.9604644775390625e-8;
    private const double ExpUlps = 4;

    private static double Gamma(long n, double u) => n * u / (1 - n * u);

    private static double[,] Data(Random rng, int rows, int cols, double scale, bool single, double offset = 0)
    {
        var x = new double[rows, cols];
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < cols; j++)
            {
                var g = offset + scale * Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
                x[i, j] = single ? (float)g : g;
            }
        }
        return x;
    }

    private static double[] Row(double[,] x, int i) => Enumerable.Range(0, x.GetLength(1)).Select(j => x[i, j]).ToArray();

    private static UniversalHopfieldNetwork Network(DenseCase c, double[,] memories, double[,]? projection)
    {
        var options = new UniversalHopfieldOptions
        {
            Similarity = c.Similarity, Separation = c.Separation, Beta = c.Beta, Degree = c.Degree, TopK = c.K,
        };
        return projection is null ? UniversalHopfieldNetwork.Create(memories, options) : UniversalHopfieldNetwork.CreateHetero(memories, projection, options);
    }

    /// <summary>
    /// The fast output of every query: through the engine at the case's width and precision when the data are
    /// inside its range (<see cref="DenseRetrieval{T}.Fits"/>), else through the public API, which then takes the
    /// double engine or the scaling reference (null when the public API refuses: the output is unrepresentable).
    /// </summary>
    private static double[]? Fast(UniversalHopfieldNetwork net, DenseCase c, double[,] queries)
    {
        var retriever = net.Retriever;
        Assert.True(retriever.IsFast, c.ToString());
        var flat = Enumerable.Range(0, c.Q).SelectMany(j => Row(queries, j)).ToArray();
        var maxQuery = flat.Max(Math.Abs);
        var outputs = c.Q * net.OutputDimension;
        try
        {
            if (!c.Single)
            {
                var z = new double[outputs];
                if (retriever.DoubleFits(maxQuery)) retriever.Double!.Retrieve(flat, c.Q, z, c.Width);
                else net.RetrieveBatch(flat, z);
                return z;
            }
            var z32 = new float[outputs];
            var single = flat.Select(x => (float)x).ToArray();
            if (retriever.SingleFits(maxQuery)) retriever.Single!.Retrieve(single, c.Q, z32, c.Width);
            else net.RetrieveBatch(single, z32);
            return z32.Select(x => (double)x).ToArray();
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>The bound δ_μ on |fast score − reference score| (class comment), with the subnormal term N·η.</summary>
    private static double ScoreError(DenseCase c, double[] x, double[] q, double u)
    {
        double dot = 0, dd = 0, ad = 0;
        for (var i = 0; i < x.Length; i++)
        {
            dot += Math.Abs(x[i] * q[i]);
            dd += (x[i] - q[i]) * (x[i] - q[i]);
            ad += Math.Abs(x[i] - q[i]);
        }
        var a = c.Similarity switch
        {
            SimilarityFunction.Dot => dot,
            SimilarityFunction.Euclidean => dd,
            _ => ad,
        };
        var eta = u == U32 ? Math.ScaleB(1, -149) : Math.ScaleB(1, -1074);
        return (Gamma(c.N + 2, u) + Gamma(c.N + 2, U64)) * a + c.N * (eta + Math.ScaleB(1, -1074));
    }

    [Property(Arbitrary = [typeof(DenseCases)], MaxTest = 100)]
    [Trait("Category", "Slow")]
    public Property Dense_fast_paths_equal_the_reference(DenseCase c) => Agrees(c);

    /// <summary>
    /// Every length N = 1…300 (every vector tail of every width) on one backend of the parity suite
    /// (<see cref="FastPathParityTests"/>) and in both precisions, one query (streaming) and 33 (batched) in turn, with
    /// the data regime, β, similarity and separation rotating with N: offsets up to 1e8, magnitudes 1e-150…1e150
    /// (float 1e-20…1e15), β from 1e-300 to 1e300, small integers (ties).
    /// </summary>
    [Theory]
    [MemberData(nameof(FastPathParityTests.SupportedBackends), MemberType = typeof(FastPathParityTests))]
    public void Every_length_from_1_to_300_agrees_with_the_reference(string backend)
    {
        var width = Enum.Parse<Backend>(backend).Width();
        double[] betas = [1e-300, 1e-3, 1, 30, 1e6, 1e300];
        (double Scale, double Offset)[] regimes = [(1, 0), (0.05, 1e3), (1, 1e8), (1e150, 0), (1e-150, 0), (1e15, 0), (1e-20, 0)];
        SimilarityFunction[] similarities = [SimilarityFunction.Dot, SimilarityFunction.Euclidean, SimilarityFunction.Manhattan];
        SeparationFunction[] separations = [SeparationFunction.Softmax, SeparationFunction.Max, SeparationFunction.Polynomial, SeparationFunction.TopK, SeparationFunction.Identity, SeparationFunction.Square];
        var failures = new List<string>();
        for (var n = 1; n <= FastPathParityTests.MaxLength; n++)
        {
            foreach (var single in new[] { false, true })
            {
                var (scale, offset) = regimes[n % regimes.Length];
                if (single && scale > 1e15) scale = 1e15;
                if (single && scale < 1e-20) scale = 1e-20;
                var c = new DenseCase(M: 1 + n % 9, N: n, O: n, Q: n % 2 == 0 ? 1 : 33, Hetero: false,
                    Similarity: similarities[n % 3], Separation: separations[n / 3 % separations.Length], Beta: betas[n % betas.Length],
                    Degree: 1 + n % 5, K: 1 + n % 3, Single: single, WidthCode: (int)width, Seed: n, Scale: scale, Offset: offset);
                c = c with { K = Math.Min(c.K, c.M) };
                failures.AddRange(Disagreements(c).Take(1).Select(f => $"{c}: {f}"));
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(5)));
    }

    /// <summary>
    /// Issue 11 item 2's property: on data offset + spread·g (offsets 0…1e8 of either sign, spreads 1e-3…1) a
    /// batch (40 queries, the matrix-product schedule) gives exactly what 40 single calls give for max and
    /// top-k with Euclidean and Manhattan scores (both schedules form the distances with the same difference
    /// kernel), and both pick the reference's rows wherever the k-th and (k+1)-th reference scores are further
    /// apart than 2δ (δ the derived score bound, relative to the distances themselves whatever the offset).
    /// Softmax batches and single calls each agree with the reference within the derived bound.
    /// </summary>
    [Property(MaxTest = 60)]
    public Property Batches_equal_single_queries_on_offset_data()
    {
        var cases =
            from offset in Gen.Elements(0.0, 1.0, 1e2, 1e4, 1e6, 1e8)
            from sign in Gen.Elements(-1.0, 1.0)
            from spread in Gen.Elements(1e-3, 0.05, 1.0)
            from single in Gen.Elements(false, true)
            from sim in Gen.Elements(SimilarityFunction.Euclidean, SimilarityFunction.Manhattan)
            from sep in Gen.Elements(SeparationFunction.Max, SeparationFunction.TopK, SeparationFunction.Softmax)
            from beta in Gen.Elements(1e-300, 1.0, 1e3, 1e300)
            from m in Gen.Elements(3, 40, 70)
            from n in Gen.Elements(1, 17, 64, 100)
            from k in Gen.Choose(1, 3)
            from seed in Gen.Choose(0, int.MaxValue)
            select new DenseCase(m, n, n, 40, false, sim, sep, beta, 2, k, single, (int)Simd.Best, seed, spread, sign * offset);
        return Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var rng = new Random(c.Seed);
            var memories = Data(rng, c.M, c.N, c.Scale, c.Single, c.Offset);
            // Queries near stored rows (a tenth of the spread away), where the nearest-row decision is delicate.
            var queries = new double[c.Q, c.N];
            for (var j = 0; j < c.Q; j++)
            {
                for (var i = 0; i < c.N; i++)
                {
                    var v = memories[j % c.M, i] + 0.1 * c.Scale * (2 * rng.NextDouble() - 1);
                    queries[j, i] = c.Single ? (float)v : v;
                }
            }
            var net = Network(c, memories, null);
            double[] Batched(int j, double[,] z) => Enumerable.Range(0, c.N).Select(i => z[j, i]).ToArray();
            double[][] batch, single;
            if (c.Single)
            {
                var f = new float[c.Q, c.N];
                for (var j = 0; j < c.Q; j++) for (var i = 0; i < c.N; i++) f[j, i] = (float)queries[j, i];
                var z = net.RetrieveBatch(f);
                batch = Enumerable.Range(0, c.Q).Select(j => Enumerable.Range(0, c.N).Select(i => (double)z[j, i]).ToArray()).ToArray();
                single = Enumerable.Range(0, c.Q).Select(j => net.Retrieve(Enumerable.Range(0, c.N).Select(i => f[j, i]).ToArray()).Select(x => (double)x).ToArray()).ToArray();
            }
            else
            {
                var z = net.RetrieveBatch(queries);
                batch = Enumerable.Range(0, c.Q).Select(j => Batched(j, z)).ToArray();
                single = Enumerable.Range(0, c.Q).Select(j => net.Retrieve(Row(queries, j))).ToArray();
            }
            var keys = Enumerable.Range(0, c.M).Select(mu => Row(memories, mu)).ToArray();
            var u = c.Single ? U32 : U64;
            var failures = new List<string>();
            for (var j = 0; j < c.Q; j++)
            {
                var q = Row(queries, j);
                var expected = ((IReferenceRetrieval)net).ReferenceRetrieve(q);
                var tolerance = Tolerance(c, net.Scores(q), keys.Select(x => ScoreError(c, x, q, u)).ToArray(), keys, u, out var asserted);
                var exact = c.Separation != SeparationFunction.Softmax;
                for (var i = 0; i < c.N; i++)
                {
                    if (exact && batch[j][i] != single[j][i]) failures.Add($"query {j}[{i}]: batch {batch[j][i]:R} single {single[j][i]:R}");
                    if (!asserted) continue;
                    if (!(Math.Abs(batch[j][i] - expected[i]) <= tolerance[i])) failures.Add($"query {j}[{i}]: batch {batch[j][i]:R} reference {expected[i]:R} ± {tolerance[i]:E2}");
                    if (!(Math.Abs(single[j][i] - expected[i]) <= tolerance[i])) failures.Add($"query {j}[{i}]: single {single[j][i]:R} reference {expected[i]:R} ± {tolerance[i]:E2}");
                }
            }
            return (failures.Count == 0).Label($"{c}: {string.Join("; ", failures.Take(3))}");
        });
    }

    /// <summary>The same on memories large enough to be split over the cores (parts merged: online-softmax states, top-k lists, sums).</summary>
    [Property(MaxTest = 12)]
    public Property Dense_fast_paths_split_over_cores_equal_the_reference() =>
        Prop.ForAll(DenseCases.Large(), Agrees);

    /// <summary>
    /// The batched schedule's online softmax across row blocks (DenseRetrieval.Batch): stored rows whose scores rise
    /// with the row index (row μ carries 4μ/M in its first component, which every query weighs by about 1), so that
    /// every row block raises every query's running maximum and the outputs accumulated so far are rescaled at every
    /// block, and rows whose scores fall, where the first block holds every maximum. M = 1 100 spans at least five row
    /// blocks at every length and precision; β up to 30 makes the early rows' rescaled weights underflow to 0. Both
    /// agree with the reference within the derived bound (class comment).
    /// </summary>
    [Property(MaxTest = 24)]
    public Property Batched_softmax_rescales_across_row_blocks()
    {
        var cases =
            from rising in Gen.Elements(false, true)
            from single in Gen.Elements(false, true)
            from width in Gen.Elements((int)Width.Wide, (int)Width.Medium, (int)Width.Narrow)
            from beta in Gen.Elements(0.1, 1.0, 30.0)
            from n in Gen.Elements(16, 64, 129)
            from seed in Gen.Choose(0, int.MaxValue)
            select (Rising: rising, Case: new DenseCase(1100, n, n, 40, false, SimilarityFunction.Dot, SeparationFunction.Softmax, beta, 1, 1, single, width, seed, 0.3));
        return Prop.ForAll(cases.ToArbitrary(), t =>
        {
            var c = t.Case;
            var memories = Data(new Random(~c.Seed), c.M, c.N, c.Scale, c.Single);
            for (var mu = 0; mu < c.M; mu++)
            {
                var ramp = 4.0 * (t.Rising ? mu : c.M - 1 - mu) / c.M;
                memories[mu, 0] = c.Single ? (float)ramp : ramp;
            }
            var failures = Disagreements(c with { Offset = 1 }, memories);
            return (failures.Count == 0).Label($"{c} rising={t.Rising}: {string.Join("; ", failures.Take(3))}");
        });
    }

    private static Property Agrees(DenseCase c)
    {
        var failures = Disagreements(c);
        return (failures.Count == 0).Label(string.Join("; ", failures.Take(3)));
    }

    /// <summary>Where the fast path and the reference disagree beyond the derived bound (empty: agreement).</summary>
    internal static List<string> Disagreements(DenseCase c) => Disagreements(c, null);

    /// <summary><see cref="Disagreements(DenseCase)"/> over the given memories (generated from the case's seed when null).</summary>
    private static List<string> Disagreements(DenseCase c, double[,]? given)
    {
        var rng = new Random(c.Seed);
        var memories = given ?? Data(rng, c.M, c.N, c.Scale, c.Single, c.Offset);
        var projection = c.Hetero ? Data(rng, c.M, c.O, 1, c.Single) : null;
        var queries = Data(rng, c.Q, c.N, c.Scale, c.Single, c.Offset);
        var net = Network(c, memories, projection);
        var fast = Fast(net, c, queries);
        var reference = (IReferenceRetrieval)net;
        var expecteds = Enumerable.Range(0, c.Q).Select(j => Record(() => reference.ReferenceRetrieve(Row(queries, j)))).ToArray();
        // Only a batch with an output beyond the precision's range (or the reference's refusal) may be refused.
        if (fast is null && !expecteds.Any(e => e is null || (c.Single && e.Any(x => Math.Abs(x) > float.MaxValue))))
        {
            return [$"fast refused although every reference output is representable ({c})"];
        }
        var u = c.Single ? U32 : U64;
        var keys = Enumerable.Range(0, c.M).Select(mu => Row(memories, mu)).ToArray();
        var values = projection is null ? keys : Enumerable.Range(0, c.M).Select(mu => Row(projection, mu)).ToArray();
        var o = values[0].Length;
        var failures = new List<string>();
        for (var j = 0; j < c.Q; j++)
        {
            var q = Row(queries, j);
            var expected = expecteds[j];
            if (expected is null || fast is null)
            {
                if (expected is null && fast is not null) failures.Add($"query {j}: the reference refused, fast answered");
                continue;
            }
            var scores = Record(() => net.Scores(q));
            if (scores is null) continue; // scores beyond a double's range: the reference's answer stands, checked above

            var delta = keys.Select(x => ScoreError(c, x, q, u)).ToArray();
            var tolerance = Tolerance(c, scores, delta, values, u, out var asserted);
            if (!asserted) continue;
            for (var i = 0; i < o; i++)
            {
                var diff = Math.Abs(fast[j * o + i] - expected[i]);
                // A float output is the answer rounded to float: relative 2⁻²⁴, or 2⁻¹⁴⁹ where it underflows.
                if (c.Single) tolerance[i] += U32 * Math.Abs(expected[i]) + Math.ScaleB(1, -149);
                if (!(diff <= tolerance[i]) && !double.IsNaN(tolerance[i])) failures.Add($"query {j} component {i}: fast {fast[j * o + i]:R} reference {expected[i]:R} |diff| {diff:E3} > {tolerance[i]:E3}");
            }
        }
        return failures;
    }

    private static double[]? Record(Func<double[]> call)
    {
        try
        {
            return call();
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>
    /// The Sign output through the public double API: wherever the reference's linear output is further from 0
    /// than the derived bound, the fast path's sign must be the reference's; elsewhere it must be one of the
    /// values the reference could give (±1, or the query's value / 0 on a zero field).
    /// </summary>
    [Property(Arbitrary = [typeof(DenseCases)], MaxTest = 60)]
    [Trait("Category", "Slow")]
    public Property Sign_output_equals_the_reference_away_from_zero(DenseCase generated)
    {
        var c = generated with { Single = false, Scale = Math.Clamp(generated.Scale, 0.1, 3), Offset = 0 };
        var rng = new Random(c.Seed);
        var memories = Data(rng, c.M, c.N, c.Scale, false);
        var projection = c.Hetero ? Data(rng, c.M, c.O, 1, false) : null;
        var queries = Data(rng, c.Q, c.N, c.Scale, false);
        var linear = Network(c, memories, projection);
        var options = linear.Options with { SignOutput = true };
        var signed = projection is null ? UniversalHopfieldNetwork.Create(memories, options) : UniversalHopfieldNetwork.CreateHetero(memories, projection, options);
        var fast = signed.RetrieveBatch(queries);
        var keys = Enumerable.Range(0, c.M).Select(mu => Row(memories, mu)).ToArray();
        var values = projection is null ? keys : Enumerable.Range(0, c.M).Select(mu => Row(projection, mu)).ToArray();
        var failures = new List<string>();
        for (var j = 0; j < c.Q; j++)
        {
            var q = Row(queries, j);
            var z = ((IReferenceRetrieval)linear).ReferenceRetrieve(q);
            var expected = ((IReferenceRetrieval)signed).ReferenceRetrieve(q);
            var delta = keys.Select(x => ScoreError(c, x, q, U64)).ToArray();
            var tolerance = Tolerance(c, linear.Scores(q), delta, values, U64, out var asserted);
            for (var i = 0; i < z.Length; i++)
            {
                var allowed = Math.Abs(z[i]) > tolerance[i] && asserted
                    ? fast[j, i] == expected[i]
                    : fast[j, i] is 1 or -1 || fast[j, i] == (projection is null ? q[i] : 0);
                if (!allowed) failures.Add($"query {j} component {i}: fast {fast[j, i]} reference {expected[i]} (linear {z[i]:R} ± {tolerance[i]:E2})");
            }
        }
        return (failures.Count == 0).Label(string.Join("; ", failures.Take(3)));
    }

    /// <summary>The derived bound per output component (class comment); <paramref name="asserted"/> false for a top-k near-tie.</summary>
    private static double[] Tolerance(DenseCase c, double[] scores, double[] delta, double[][] values, double u, out bool asserted)
    {
        var m = values.Length;
        var o = values[0].Length;
        var dMax = delta.Max();
        var maxAbs = Enumerable.Range(0, o).Select(i => values.Max(v => Math.Abs(v[i]))).ToArray();
        asserted = true;
        switch (c.Separation)
        {
            case SeparationFunction.Softmax:
            {
                var spread = scores.Max() - scores.Min() + 2 * dMax;
                var lambda = c.Beta * dMax + 2 * (ExpUlps + 2 * c.Beta * spread) * u + (ExpUlps + 2 * c.Beta * spread) * U64;
                // Outputs are convex combinations of the rows, so no two differ by more than 2 max|v| (plus rounding):
                // the cap keeps the bound finite where βδ is large (huge β or scores at a large offset).
                var factor = Math.Min(Math.Exp(2 * lambda) - 1, 2) + Gamma(3L * m + 3, u) + 3 * u + Gamma(m + 1, U64) + 2 * u;
                return maxAbs.Select(v => factor * v).ToArray();
            }
            case SeparationFunction.Max or SeparationFunction.TopK:
            {
                var k = c.Separation == SeparationFunction.Max ? 1 : c.K;
                var sorted = scores.OrderByDescending(s => s).ToArray();
                asserted = k == m || sorted[k - 1] - sorted[k] > 2 * dMax;
                var top = Enumerable.Range(0, m).OrderByDescending(mu => scores[mu]).ThenBy(mu => mu).Take(k).ToArray();
                return Enumerable.Range(0, o).Select(i => Gamma(k, c.Single ? u : 0) * top.Sum(mu => Math.Abs(values[mu][i]))).ToArray();
            }
            default:
            {
                var n = c.Separation switch { SeparationFunction.Identity => 1, SeparationFunction.Square => 2, _ => c.Degree };
                var gamma = Gamma(m + 1, u + U64);
                var bound = new double[o];
                for (var mu = 0; mu < m; mu++)
                {
                    var s = Math.Abs(scores[mu]) + delta[mu];
                    var dw = n * Math.Pow(s, n - 1) * delta[mu] + (n + 1) * (u + U64) * Math.Pow(s, n);
                    var weight = dw + gamma * Math.Pow(s, n);
                    var v = values[mu];
                    for (var i = 0; i < o; i++) bound[i] += weight * Math.Abs(v[i]);
                }
                return bound;
            }
        }
    }

    /// <summary>
    /// Exact ties: with small-integer data every score is an integer computed exactly in both precisions
    /// (|s| ≤ 4N ≤ 2²⁴), so max and top-k must pick exactly the reference's rows (ties to the lower index) and
    /// the outputs, sums of integers, must be equal exactly.
    /// </summary>
    [Property(Arbitrary = [typeof(DenseCases)], MaxTest = 80)]
    [Trait("Category", "Slow")]
    public bool TopK_with_integer_data_breaks_ties_like_the_reference(DenseCase generated)
    {
        var c = generated with { Separation = generated.Seed % 2 == 0 ? SeparationFunction.Max : SeparationFunction.TopK };
        var rng = new Random(c.Seed);
        double[,] Integers(int rows, int cols)
        {
            var x = new double[rows, cols];
            for (var i = 0; i < rows; i++) for (var j = 0; j < cols; j++) x[i, j] = rng.Next(-2, 3);
            return x;
        }
        var memories = Integers(c.M, c.N);
        var projection = c.Hetero ? Integers(c.M, c.O) : null;
        var queries = Integers(c.Q, c.N);
        var net = Network(c, memories, projection);
        var fast = Fast(net, c, queries)!;
        var o = net.OutputDimension;
        for (var j = 0; j < c.Q; j++)
        {
            var expected = ((IReferenceRetrieval)net).ReferenceRetrieve(Row(queries, j));
            for (var i = 0; i < o; i++)
            {
                if (fast[j * o + i] != expected[i]) return false;
            }
        }
        return true;
    }

    /// <summary>
    /// The c = 4 of the softmax tolerance: the runtime's vectorised e^x at each width is within 4 units of
    /// roundoff of the correctly rounded value (Math.Exp in double, itself within 1 ulp; float results compared
    /// with the double exp) over the arguments softmax feeds it, x ∈ [−80, 0] (results above float's smallest
    /// normal number).
    /// </summary>
    [Fact]
    public void VectorExp_is_within_four_units_of_roundoff()
    {
        var rng = new Random(5);
        var xs = Enumerable.Range(0, 4096).Select(_ => -80 * rng.NextDouble()).Append(0).Append(-1e-30).ToArray();
        foreach (var width in new[] { Width.Wide, Width.Medium, Width.Narrow })
        {
            var f = xs.Select(x => (float)x).ToArray();
            var d = xs.ToArray();
            ExpInPlace(f, width);
            ExpInPlace(d, width);
            for (var i = 0; i < xs.Length; i++)
            {
                var exact = Math.Exp((float)xs[i]);
                Assert.True(Math.Abs(f[i] - exact) <= ExpUlps * U32 * exact, $"{width} float exp({(float)xs[i]:R}) = {f[i]:R}, expected {exact:R}");
                var exact64 = Math.Exp(xs[i]);
                Assert.True(Math.Abs(d[i] - exact64) <= ExpUlps * U64 * exact64, $"{width} double exp({xs[i]:R}) = {d[i]:R}, expected {exact64:R}");
            }
        }
    }

    private static void ExpInPlace<T>(T[] x, Width width) where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        _ = width switch
        {
            Width.Wide => RowKernels.ExpShifted<System.Runtime.Intrinsics.Vector512<T>, Wide<T>, T>(x, T.One, T.Zero),
            Width.Medium => RowKernels.ExpShifted<System.Runtime.Intrinsics.Vector256<T>, Medium<T>, T>(x, T.One, T.Zero),
            _ => RowKernels.ExpShifted<System.Runtime.Intrinsics.Vector128<T>, Narrow<T>, T>(x, T.One, T.Zero),
        };
    }
}
