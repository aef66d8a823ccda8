using System.Numerics;

namespace AssociativeKernels.Tests;

/// <summary>
/// Issue 11, items 2 and 3: one-step retrieval on data far from the origin, on huge and tiny magnitudes and
/// with β anywhere in (0, 1.8e308) either gives the right finite answer or refuses with an ArgumentException
/// naming the caller's parameter — through every entry point (one query, a batch, double and float).
/// Every expected value here is derived independently of the library (exact integers, a brute-force
/// nearest row, a closed form).
/// </summary>
[Trait("Category", "FastPathParity")]
public sealed class RetrievalNumericsTests
{
    private const int N = 64;
    private const int M = 40;

    /// <summary>K rows of offset + spread·u, u uniform in [−1, 1) (rounded to float first when <paramref name="single"/>).</summary>
    private static double[,] Offset(int seed, int rows, double offset, double spread, bool single)
    {
        var rng = new Random(seed);
        var x = new double[rows, N];
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < N; j++)
            {
                var v = offset + spread * (2 * rng.NextDouble() - 1);
                x[i, j] = single ? (float)v : v;
            }
        }
        return x;
    }

    private static float[,] ToFloat(double[,] x)
    {
        var f = new float[x.GetLength(0), x.GetLength(1)];
        for (var i = 0; i < x.GetLength(0); i++) for (var j = 0; j < x.GetLength(1); j++) f[i, j] = (float)x[i, j];
        return f;
    }

    private static double[] Row(double[,] x, int i) => Enumerable.Range(0, x.GetLength(1)).Select(j => x[i, j]).ToArray();
    private static float[] Row(float[,] x, int i) => Enumerable.Range(0, x.GetLength(1)).Select(j => x[i, j]).ToArray();

    private static double[,] Signs(int seed, int rows, double magnitude)
    {
        var rng = new Random(seed);
        var x = new double[rows, N];
        for (var i = 0; i < rows; i++) for (var j = 0; j < N; j++) x[i, j] = rng.Next(2) == 0 ? -magnitude : magnitude;
        return x;
    }

    // ---------------------------------------------------------------- item 2: batches on offset data

    /// <summary>
    /// Every schedule over millions of float rows — the single-query stream (1 query), the block stream (3), the batched
    /// products (40) — adds rows into pending sums that are folded into the totals with a compensated addition, so the
    /// error stays at the bound of one fold's worth of rows whatever M is: equal rows give the row back, uniform rows
    /// agree with a double-precision softmax over the same stored floats, and the identity separation's sum
    /// Σ (x·q) x over equal rows is M (x·q) x. Added straight into the totals, 4 000 000 rows of 0.1 gave 0.10096 (one
    /// query), 0.099 (3) and 0.0961 (64), the identity sum was off by 5 % in a batch.
    /// </summary>
    [Theory]
    [InlineData(PatternPrecision.Float32, 1)]
    [InlineData(PatternPrecision.Float32, 3)]
    [InlineData(PatternPrecision.Float32, 40)]
    [InlineData(PatternPrecision.BFloat16, 1)]
    [InlineData(PatternPrecision.BFloat16, 3)]
    [InlineData(PatternPrecision.BFloat16, 40)]
    public void Retrieval_over_millions_of_float_rows_stays_at_float_rounding(PatternPrecision precision, int queries)
    {
        const int m = 2_000_000, n = 4;
        var u = Math.ScaleB(1.0, -24);
        // The bound of the two-level sum, relative: one fold's worth of rows summed plainly (the single-query stream
        // folds every 128 rows; the block stream after the block of up to 256 rows that reaches 128; the batch after
        // the row block of up to 252 rows that reaches 2048), the folds compensated (about 2 more roundings), the
        // division and the merge of the cores' parts: a few more.
        var rowsPerFold = queries == 1 ? 128 : queries < 32 ? 128 + 256 : 2048 + 252;
        var bound = (rowsPerFold + 8) * u;
        var equal = new float[m, n];
        for (var i = 0; i < m; i++) for (var k = 0; k < n; k++) equal[i, k] = 0.1f;
        var rng = new Random(5);
        var q = new float[queries, n];
        for (var j = 0; j < queries; j++) for (var k = 0; k < n; k++) q[j, k] = (float)rng.NextDouble();
        // Every row is the stored value v (0.1 rounded to the store's precision): the softmax average is v itself.
        var v = precision == PatternPrecision.Float32 ? 0.1f : BitConverter.UInt32BitsToSingle(BitConverter.SingleToUInt32Bits(0.1f) + 0x8000 & 0xFFFF0000);
        using (var store = PatternStore.Create(equal, precision))
        {
            var z = new float[queries * n];
            ModernHopfieldNetwork.Create(store, 1).RetrieveBatch(new float[queries * n], z);
            foreach (var value in z) Assert.True(Math.Abs(value - v) <= bound * v, $"{value:R} against {v:R}");
        }
        if (precision == PatternPrecision.Float32)
        {
            var identity = UniversalHopfieldNetwork.Create(equal, new UniversalHopfieldOptions { Separation = SeparationFunction.Identity });
            var z = identity.RetrieveBatch(q);
            for (var j = 0; j < queries; j++)
            {
                double score = 0;
                for (var k = 0; k < n; k++) score += (double)v * q[j, k];
                // The float score x·q is within 4u of the exact one (n = 4 products and sums).
                var expected = m * score * v;
                for (var k = 0; k < n; k++) Assert.True(Math.Abs(z[j, k] - expected) <= (bound + 4 * u) * expected, $"identity, query {j}: {z[j, k]:R} against {expected:R}");
            }
        }
        var uniform = new float[m, n];
        for (var i = 0; i < m; i++) for (var k = 0; k < n; k++) uniform[i, k] = precision == PatternPrecision.Float32 ? (float)rng.NextDouble() : (float)(rng.Next(256) / 256.0);
        using (var store = PatternStore.Create(uniform, precision))
        {
            var z = new float[queries * n];
            var flat = new float[queries * n];
            Buffer.BlockCopy(q, 0, flat, 0, flat.Length * sizeof(float));
            ModernHopfieldNetwork.Create(store, 0.5).RetrieveBatch(flat, z);
            // The reference: the same stored values (multiples of 1/256 are exact in bfloat16), in double.
            var scores = new double[m];
            for (var j = 0; j < queries; j++)
            {
                var max = double.NegativeInfinity;
                for (var i = 0; i < m; i++)
                {
                    double d = 0;
                    for (var k = 0; k < n; k++) d += (double)uniform[i, k] * q[j, k];
                    scores[i] = 0.5 * d;
                    max = Math.Max(max, scores[i]);
                }
                double total = 0;
                var weighted = new double[n];
                for (var i = 0; i < m; i++)
                {
                    var w = Math.Exp(scores[i] - max);
                    total += w;
                    for (var k = 0; k < n; k++) weighted[k] += w * uniform[i, k];
                }
                for (var k = 0; k < n; k++)
                {
                    // Entries in [0, 1) and positive weights: Σ|w v| = Σ w v, so the bound is relative to the answer;
                    // plus the float scores' rounding: ≤ γ₄·Σ|x_k q_k| ≤ 16u, times β = 0.5 in each exponent, so each
                    // weight is off by at most 8u relative and the weighted average by at most 16u.
                    var expected = weighted[k] / total;
                    Assert.True(Math.Abs(z[j * n + k] - expected) <= (bound + 16 * u) * expected, $"query {j}, component {k}: {z[j * n + k]:R} against {expected:R}");
                }
            }
        }
    }

    /// <summary>
    /// Issue 11 item 2, as reported: Euclidean similarity, max separation, N = 64, M = 40, patterns
    /// offset + 0.05·u, each pattern queried with itself. The own row is at distance exactly 0 and every other
    /// row at a positive distance (the rows differ), so the answer is the query's own row — in the batch (40
    /// queries, the matrix-product schedule) as in the single call. Float data are float values, so the float
    /// path sees the same numbers.
    /// </summary>
    [Theory]
    [InlineData(0.0, false)]
    [InlineData(100.0, false)]
    [InlineData(1000.0, false)]
    [InlineData(1e7, false)]
    [InlineData(1e8, false)]
    [InlineData(-3e8, false)]
    [InlineData(0.0, true)]
    [InlineData(100.0, true)]
    [InlineData(1000.0, true)]
    [InlineData(-1e4, true)]
    public void Euclidean_max_batch_returns_each_querys_own_row_at_an_offset(double offset, bool single)
    {
        var patterns = Offset(7, M, offset, 0.05, single);
        var options = new UniversalHopfieldOptions { Similarity = SimilarityFunction.Euclidean, Separation = SeparationFunction.Max };
        var net = UniversalHopfieldNetwork.Create(patterns, options);
        var wrong = new List<int>();
        if (single)
        {
            var queries = ToFloat(patterns);
            var batch = net.RetrieveBatch(queries);
            for (var j = 0; j < M; j++)
            {
                var one = net.Retrieve(Row(queries, j));
                if (Enumerable.Range(0, N).Any(i => batch[j, i] != queries[j, i] || one[i] != queries[j, i])) wrong.Add(j);
            }
        }
        else
        {
            var batch = net.RetrieveBatch(patterns);
            for (var j = 0; j < M; j++)
            {
                var one = net.Retrieve(Row(patterns, j));
                if (Enumerable.Range(0, N).Any(i => batch[j, i] != patterns[j, i] || one[i] != patterns[j, i])) wrong.Add(j);
            }
        }
        Assert.True(wrong.Count == 0, $"offset {offset}: wrong row for queries {string.Join(", ", wrong)}");
    }

    // ---------------------------------------------------------------- item 3: β outside float's range

    /// <summary>
    /// β = 1e39 (beyond float's 3.4e38) and 1e300 on ±1 patterns: the scores are even integers, so the
    /// largest is ahead of the next by ≥ 2 and every other weight is below e^{−2e39} = 0: the output is the
    /// row with the largest ξ·q (brute force, unique by construction: the query is a stored row). β = 1e-300:
    /// β·s ≤ 64e-300, so every weight is 1/K to within 1e-297 and the output is the mean of the rows.
    /// </summary>
    [Theory]
    [InlineData(1e39)]
    [InlineData(1e300)]
    [InlineData(double.MaxValue)]
    [InlineData(1e-300)]
    [InlineData(double.Epsilon)]
    public void Extreme_beta_gives_the_argmax_row_or_the_mean_in_float_and_double(double beta)
    {
        var patterns = Signs(3, M, 1);
        var net = ModernHopfieldNetwork.Create(patterns, beta);
        var queries = ToFloat(patterns);
        var mean = Enumerable.Range(0, N).Select(i => Enumerable.Range(0, M).Average(mu => patterns[mu, i])).ToArray();
        double[] Expected(int j) => beta >= 1 ? Row(patterns, j) : mean;
        var batch32 = net.RetrieveBatch(queries);
        var batch64 = net.RetrieveBatch(patterns);
        for (var j = 0; j < M; j++)
        {
            var expected = Expected(j);
            var f = net.Retrieve(Row(queries, j));
            var d = net.Retrieve(Row(patterns, j));
            for (var i = 0; i < N; i++)
            {
                // float: the mean of ±1 rounded (2⁻²⁴ relative) plus K float additions; double: K additions.
                Assert.True(Math.Abs(f[i] - expected[i]) <= 64 * 6e-8, $"f32 β={beta} query {j}[{i}]: {f[i]} vs {expected[i]}");
                Assert.True(Math.Abs(batch32[j, i] - expected[i]) <= 64 * 6e-8, $"f32 batch β={beta} query {j}[{i}]: {batch32[j, i]} vs {expected[i]}");
                Assert.True(Math.Abs(d[i] - expected[i]) <= 64 * 1.2e-16, $"f64 β={beta} query {j}[{i}]: {d[i]} vs {expected[i]}");
                Assert.True(Math.Abs(batch64[j, i] - expected[i]) <= 64 * 1.2e-16, $"f64 batch β={beta} query {j}[{i}]: {batch64[j, i]} vs {expected[i]}");
            }
        }
    }

    // ---------------------------------------------------------------- item 3: magnitudes outside float's range

    /// <summary>
    /// Double patterns with a row of magnitude 1e300 queried in float. A query pointing away from that row
    /// gives it the score −6.4e301, weight 0, and the answer is the softmax over the ±1 rows, computed here
    /// by hand in double (representable in float). A query along it puts all the weight on it: the answer,
    /// ±1e300, is not a float, so the float call refuses and names its own parameter.
    /// </summary>
    [Fact]
    public void Double_patterns_beyond_float_range_answer_in_float_or_refuse_naming_the_query()
    {
        var patterns = Signs(11, 8, 1);
        for (var i = 0; i < N; i++) patterns[0, i] *= 1e300;
        var net = ModernHopfieldNetwork.Create(patterns, 0.25);
        var away = Enumerable.Range(0, N).Select(i => patterns[0, i] > 0 ? -1f : 1f).ToArray();
        var logits = Enumerable.Range(1, 7).Select(mu => 0.25 * Enumerable.Range(0, N).Sum(i => patterns[mu, i] * away[i])).ToArray();
        var top = logits.Max();
        var w = logits.Select(l => Math.Exp(l - top)).ToArray();
        var expected = Enumerable.Range(0, N).Select(i => Enumerable.Range(1, 7).Sum(mu => w[mu - 1] * patterns[mu, i]) / w.Sum()).ToArray();
        var z = net.Retrieve(away);
        var queries = new float[40, N];
        for (var j = 0; j < 40; j++) for (var i = 0; i < N; i++) queries[j, i] = away[i];
        var batch = net.RetrieveBatch(queries);
        for (var i = 0; i < N; i++)
        {
            Assert.True(Math.Abs(z[i] - expected[i]) <= 1e-6, $"[{i}] {z[i]} vs {expected[i]}");
            Assert.True(Math.Abs(batch[7, i] - expected[i]) <= 1e-6, $"batch [{i}] {batch[7, i]} vs {expected[i]}");
        }
        var along = away.Select(x => -x).ToArray();
        var e = Assert.ThrowsAny<ArgumentException>(() => net.Retrieve(along));
        Assert.Equal("query", e.ParamName);
        for (var i = 0; i < N; i++) queries[3, i] = along[i];
        var eb = Assert.ThrowsAny<ArgumentException>(() => net.RetrieveBatch(queries));
        Assert.Equal("queries", eb.ParamName);
        // In double the same query is answered: the row itself.
        Assert.Equal(Row(patterns, 0), net.Retrieve(along.Select(x => (double)x).ToArray()));
    }

    /// <summary>
    /// Patterns of magnitude m (1e200, 1e300: ξ·q, ‖ξ − q‖² and Σ|ξ − q| overflow a double; 1e-200: they
    /// underflow) queried with a stored row: for m ≥ 1e200 the row's score is ahead of every other by at least
    /// 2m² (dot), 4m² (Euclidean) or 2m (Manhattan), far beyond 1/β, so softmax and max both return the row
    /// itself, exactly; for m = 1e-200 the scores are within 1e-398 of one another and β·Δs underflows, so
    /// softmax gives each row weight 1/K and the output is the mean. One query and a batch of 40.
    /// </summary>
    [Theory]
    [InlineData(SimilarityFunction.Dot, 1e200)]
    [InlineData(SimilarityFunction.Dot, 1e300)]
    [InlineData(SimilarityFunction.Euclidean, 1e200)]
    [InlineData(SimilarityFunction.Euclidean, 1e300)]
    [InlineData(SimilarityFunction.Manhattan, 1e300)]
    [InlineData(SimilarityFunction.Dot, 1e-200)]
    public void Huge_and_tiny_patterns_give_the_stored_row_or_the_mean(SimilarityFunction similarity, double magnitude)
    {
        var patterns = Signs(5, M, magnitude);
        var nets = new OneStepMemory[]
        {
            UniversalHopfieldNetwork.Create(patterns, new UniversalHopfieldOptions { Similarity = similarity, Separation = SeparationFunction.Softmax }),
            UniversalHopfieldNetwork.Create(patterns, new UniversalHopfieldOptions { Similarity = similarity, Separation = SeparationFunction.Max }),
            ModernHopfieldNetwork.Create(patterns, 1),
        };
        var mean = Enumerable.Range(0, N).Select(i => Enumerable.Range(0, M).Sum(mu => patterns[mu, i]) / M).ToArray();
        foreach (var net in nets)
        {
            if (net is ModernHopfieldNetwork && similarity != SimilarityFunction.Dot) continue;
            var meanExpected = magnitude < 1 && !(net is UniversalHopfieldNetwork { Options.Separation: SeparationFunction.Max });
            var batch = net.RetrieveBatch(patterns);
            for (var j = 0; j < M; j++)
            {
                var expected = meanExpected ? mean : Row(patterns, j);
                var one = net.Retrieve(Row(patterns, j));
                for (var i = 0; i < N; i++)
                {
                    var tolerance = meanExpected ? 64 * 1.2e-16 * magnitude : 0;
                    Assert.True(Math.Abs(one[i] - expected[i]) <= tolerance, $"{net.GetType().Name} {similarity} {magnitude}: query {j}[{i}] {one[i]} vs {expected[i]}");
                    Assert.True(Math.Abs(batch[j, i] - expected[i]) <= tolerance, $"{net.GetType().Name} {similarity} {magnitude} batch: query {j}[{i}] {batch[j, i]} vs {expected[i]}");
                }
            }
        }
    }

    // ---------------------------------------------------------------- item 3: polynomial separations that overflow

    /// <summary>
    /// The exact z_i = Σ_μ (a·k_μ)ⁿ p_μi for integer k_μ = ξ^μ·q / a and dyadic p_μi = ±2^e: with a = 2^α,
    /// z_i = 2^{nα + e}·Σ_μ k_μⁿ sign(p_μi), the sum an exact BigInteger.
    /// </summary>
    private static double ExactPolynomial(int[] k, int n, int alpha, double[,] projection, int e, int i)
    {
        var sum = BigInteger.Zero;
        for (var mu = 0; mu < k.Length; mu++) sum += BigInteger.Pow(k[mu], n) * Math.Sign(projection[mu, i]);
        return Math.ScaleB((double)sum, n * alpha + e);
    }

    /// <summary>
    /// Issue 11 item 3: UHN dot/polynomial of degree 10 where hⁿ overflows its type but z = P hⁿ does not:
    /// double with ξ = ±2¹⁰⁰ (h up to 2¹⁰⁶, h¹⁰ up to 2¹⁰⁶⁰) and values ±2⁻⁹⁰⁰; float with ξ = ±2¹⁰ (h¹⁰ up to
    /// 2¹⁶⁰, above 2¹²⁸ from |k| ≥ 7) and values ±2⁻⁴⁰. The output must equal the exact integer sum to within the rounding of M terms.
    /// A network whose output itself overflows (auto-associative, ξ = ±2¹⁰⁰) refuses, naming the query.
    /// </summary>
    [Theory]
    [InlineData(false, 100, -900)]
    [InlineData(true, 10, -40)]
    public void Polynomial_of_degree_ten_is_right_where_its_powers_overflow(bool single, int alpha, int e)
    {
        const int n = 10;
        const int k = 8;
        var memories = Signs(21, k, Math.ScaleB(1, alpha));
        var projection = Signs(22, k, Math.ScaleB(1, e));
        var options = new UniversalHopfieldOptions { Similarity = SimilarityFunction.Dot, Separation = SeparationFunction.Polynomial, Degree = n };
        var net = UniversalHopfieldNetwork.CreateHetero(memories, projection, options);
        var queries = Signs(23, 40, 1);
        var batch = single ? null : net.RetrieveBatch(queries);
        var batch32 = single ? net.RetrieveBatch(ToFloat(queries)) : null;
        var u = single ? 6e-8 : 1.2e-16;
        for (var j = 0; j < 40; j += single ? 1 : 3)
        {
            var q = Row(queries, j);
            var kk = Enumerable.Range(0, k).Select(mu => (int)Enumerable.Range(0, N).Sum(i => Math.Sign(memories[mu, i]) * q[i])).ToArray();
            var scale = Enumerable.Range(0, N).Select(i => ExactPolynomial(kk, n, alpha, projection, e, i)).ToArray();
            var magnitude = Enumerable.Range(0, k).Sum(mu => Math.ScaleB(Math.Pow(Math.Abs(kk[mu]), n), n * alpha + e));
            var tolerance = (2 * k + 2 * n) * u * magnitude;
            double[] actual = single ? net.Retrieve(q.Select(x => (float)x).ToArray()).Select(x => (double)x).ToArray() : net.Retrieve(q);
            for (var i = 0; i < N; i++)
            {
                Assert.True(Math.Abs(actual[i] - scale[i]) <= tolerance, $"query {j}[{i}]: {actual[i]:R} vs {scale[i]:R}");
                var b = single ? batch32![j, i] : batch![j, i];
                Assert.True(Math.Abs(b - scale[i]) <= tolerance, $"batch query {j}[{i}]: {b:R} vs {scale[i]:R}");
            }
        }
        if (!single)
        {
            var auto = UniversalHopfieldNetwork.Create(memories, options);
            var ex = Assert.ThrowsAny<ArgumentException>(() => auto.Retrieve(Row(queries, 0)));
            Assert.Equal("query", ex.ParamName);
            var exb = Assert.ThrowsAny<ArgumentException>(() => auto.RetrieveBatch(queries));
            Assert.Equal("queries", exb.ParamName);
            Assert.Equal("query", Assert.ThrowsAny<ArgumentException>(() => auto.Weights(Row(queries, 0))).ParamName);
        }
    }

    /// <summary>
    /// Polynomial separation of degree beyond 1000, where the largest weight's scaled power (s/2^k)ⁿ with s/2^k ∈ [½, 1)
    /// underflowed from n = 1075 on and every weight came out 0 (found by an adversarial review): scores 1 and 0.999 at
    /// n = 1075 give weights 1 and 0.999¹⁰⁷⁵ = 0.341114234725843811613426 (mpmath), normalised 0.745648636116687 and
    /// 0.254351363883313; scores 1 and 0 give [1, 0] at n = 1075 and 10⁶; outputs beyond a double still refuse.
    /// </summary>
    [Fact]
    public void Polynomial_of_degree_beyond_a_thousand_keeps_its_largest_weight()
    {
        var identity = new double[,] { { 1, 0 }, { 0, 1 } };
        foreach (var normalize in new[] { false, true })
        {
            var net = UniversalHopfieldNetwork.Create(identity, new UniversalHopfieldOptions { Separation = SeparationFunction.Polynomial, Degree = 1075, NormalizeSeparated = normalize });
            var z = net.Retrieve(new[] { 1.0, 0.999 });
            var expected = normalize ? new[] { 0.7456486361166870978, 0.2543513638833129022 } : new[] { 1.0, 0.3411142347258438116 };
            for (var i = 0; i < 2; i++) Assert.True(Math.Abs(z[i] - expected[i]) <= 1e-12 * expected[i], $"normalize {normalize}, z[{i}] = {z[i]:R}, expected {expected[i]:R}");
            Assert.Equal(z, net.RetrieveBatch(new double[,] { { 1, 0.999 } }).Cast<double>().ToArray());
        }
        foreach (var degree in new[] { 1075, 1_000_000 })
        {
            var net = UniversalHopfieldNetwork.Create(new double[,] { { 1, 0 }, { 0, 0.5 } }, new UniversalHopfieldOptions { Separation = SeparationFunction.Polynomial, Degree = degree });
            Assert.Equal(new[] { 1.0, 0.0 }, net.Retrieve(new[] { 1.0, 0.0 }));
            Assert.Equal(new[] { 1.0, 0.0 }, net.Weights(new[] { 1.0, 0.0 }));
        }
        var huge = UniversalHopfieldNetwork.Create(new double[,] { { 1e10, 1e10 }, { 1, 1 } }, new UniversalHopfieldOptions { Separation = SeparationFunction.Polynomial, Degree = 2000 });
        Assert.Equal("query", Assert.ThrowsAny<ArgumentException>(() => huge.Retrieve(new[] { 1e10, 1e10 })).ParamName);
    }

    /// <summary>An empty batch gives an empty result (no rows), in double and float, through arrays and spans.</summary>
    [Fact]
    public void Empty_batch_returns_an_empty_result()
    {
        var net = ModernHopfieldNetwork.Create(Signs(1, 3, 1), 1);
        Assert.Equal(0, net.RetrieveBatch(new double[0, N]).GetLength(0));
        Assert.Equal(0, net.RetrieveBatch(new float[0, N]).GetLength(0));
        net.RetrieveBatch(ReadOnlySpan<double>.Empty, Span<double>.Empty);
        net.RetrieveBatch(ReadOnlySpan<float>.Empty, Span<float>.Empty);
    }
}
