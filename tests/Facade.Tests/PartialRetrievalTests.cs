using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace AssociativeKernels.Tests;

/// <summary>One generated sharding: a memory, a query, cut points (shards, some empty) and a merge tree over them.</summary>
public sealed record ShardCase(int M, int N, int O, SimilarityFunction Similarity, SeparationFunction Separation, double Beta, int Degree, int K,
    int[] Cuts, int TreeSeed, bool SeparateMemories, bool Integer, int Seed)
{
    public override string ToString() =>
        $"M={M} N={N} O={O} {Similarity}/{Separation} beta={Beta} n={Degree} k={K} cuts=[{string.Join(",", Cuts)}] tree={TreeSeed} separate={SeparateMemories} integer={Integer} seed={Seed}";
}

/// <summary>
/// Issue 14, point 5: the public one-pass state <see cref="PartialRetrieval"/>. Any split of the rows into shards (random
/// cut points, empty shards included; row ranges of one memory or separate memories with their global firstRow),
/// merged in any order and any tree shape, equals the unsplit <see cref="OneStepMemory.Retrieve(ReadOnlySpan{double})"/>
/// within the tolerance derived in <see cref="PartialRetrieval"/>'s class comment (top-k: exactly, ties included); the
/// empty partial is the identity exactly; Merge is commutative bit for bit; partials of different rules or output
/// lengths are refused; shards retrieved on several threads merge into the same answer.
/// </summary>
public sealed class PartialRetrievalTests
{
    private const double U = 1.1102230246251565e-16;
    private const double ExpUlps = 4;

    private static double Gamma(long n) => n * U / (1 - n * U);

    private static Gen<ShardCase> Cases(SeparationFunction[] separations, bool integer) =>
        from m in Gen.Elements(1, 2, 5, 13, 64, 100, 301)
        from n in Gen.Elements(1, 7, 16, 33)
        from hetero in Gen.Elements(false, true)
        from o in hetero ? Gen.Elements(1, 3, 17) : Gen.Constant(n)
        from sim in Gen.Elements(SimilarityFunction.Dot, SimilarityFunction.Euclidean, SimilarityFunction.Manhattan)
        from sep in Gen.Elements(separations)
        from beta in Gen.Elements(0.01, 1.0, 7.5, 1e3)
        from degree in Gen.Elements(1, 2, 3)
        from k in Gen.Choose(1, Math.Min(m, 8))
        from shards in Gen.Choose(1, 8)
        from cuts in Gen.ArrayOf(Gen.Choose(0, m), shards - 1)
        from tree in Gen.Choose(0, int.MaxValue)
        from separate in Gen.Elements(false, true)
        from seed in Gen.Choose(0, int.MaxValue)
        select new ShardCase(m, n, hetero ? o : n, sim, sep, beta, degree, k, cuts.OrderBy(c => c).ToArray(), tree, separate, integer, seed);

    private static double[,] Data(Random rng, int rows, int cols, bool integer)
    {
        var x = new double[rows, cols];
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < cols; j++)
            {
                x[i, j] = integer ? rng.Next(-2, 3) : Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
            }
        }
        return x;
    }

    private static double[,] Slice(double[,] x, int from, int to)
    {
        var s = new double[to - from, x.GetLength(1)];
        for (var i = from; i < to; i++) for (var j = 0; j < x.GetLength(1); j++) s[i - from, j] = x[i, j];
        return s;
    }

    private static double[] Row(double[,] x, int i) => Enumerable.Range(0, x.GetLength(1)).Select(j => x[i, j]).ToArray();

    private static UniversalHopfieldOptions Options(ShardCase c) => new()
    {
        Similarity = c.Similarity, Separation = c.Separation, Beta = c.Beta, Degree = c.Degree, TopK = c.K,
    };

    private static UniversalHopfieldNetwork Network(ShardCase c, double[,] keys, double[,] values, bool hetero) =>
        hetero ? UniversalHopfieldNetwork.CreateHetero(keys, values, Options(c)) : UniversalHopfieldNetwork.Create(keys, Options(c));

    /// <summary>Everything one case computes: the unsplit answer, the merged partial, the tree depth and the number of shard memories.</summary>
    private sealed record Outcome(double[] Whole, PartialRetrieval Merged, int Depth, int ShardMemories, double[,] Keys, double[,] Values, double[] Query, UniversalHopfieldNetwork Network);

    private static Outcome Run(ShardCase c)
    {
        var rng = new Random(c.Seed);
        var keys = Data(rng, c.M, c.N, c.Integer);
        var hetero = c.O != c.N || c.Seed % 2 == 1;
        var values = hetero ? Data(rng, c.M, c.O, c.Integer) : keys;
        var query = Row(Data(rng, 1, c.N, c.Integer), 0);
        var net = Network(c, keys, values, hetero);
        var bounds = new[] { 0 }.Concat(c.Cuts).Append(c.M).ToArray();
        var partials = new List<PartialRetrieval>();
        var memories = 0;
        for (var p = 0; p + 1 < bounds.Length; p++)
        {
            var (from, to) = (bounds[p], bounds[p + 1]);
            if (!c.SeparateMemories)
            {
                partials.Add(net.RetrievePartial(query, from, to));
            }
            else if (from == to)
            {
                partials.Add(Empty(net.RetrievePartial(query, 0, 0)));
            }
            else
            {
                var shard = Network(c with { K = Math.Min(c.K, to - from) }, Slice(keys, from, to), Slice(values, from, to), hetero);
                var partial = shard.RetrievePartial(query, firstRow: from);
                // A shard smaller than k keeps all its rows; the merge needs one rule: rebuild it under the whole memory's k.
                var k = c.Separation == SeparationFunction.Max ? 1 : c.K;
                if (partial.Kind == PartialRetrievalKind.TopK && partial.K != k)
                {
                    partial = PartialRetrieval.FromTopKState(k, partial.OutputDimension, partial.RowCount, partial.TopScores, partial.TopIndices, partial.TopValues);
                }
                partials.Add(partial);
                memories++;
            }
        }
        var merged = MergeTree(partials, new Random(c.TreeSeed), out var depth);
        return new Outcome(net.Retrieve(query), merged, depth, Math.Max(memories, 1), keys, values, query, net);
    }

    /// <summary>The empty partial of the same rule as <paramref name="like"/>.</summary>
    private static PartialRetrieval Empty(PartialRetrieval like) => like.Kind switch
    {
        PartialRetrievalKind.Softmax => PartialRetrieval.EmptySoftmax(like.Beta, like.OutputDimension),
        PartialRetrievalKind.Power => PartialRetrieval.EmptyPower(like.Degree, like.OutputDimension),
        _ => PartialRetrieval.EmptyTopK(like.K, like.OutputDimension),
    };

    /// <summary>Shuffles the partials, then merges them by a random binary tree (each node splits its list at a random point, operands in a random order).</summary>
    private static PartialRetrieval MergeTree(List<PartialRetrieval> partials, Random rng, out int depth)
    {
        var shuffled = partials.OrderBy(_ => rng.Next()).ToList();
        return Build(shuffled, rng, out depth);

        static PartialRetrieval Build(List<PartialRetrieval> list, Random rng, out int depth)
        {
            if (list.Count == 1)
            {
                depth = 0;
                return list[0];
            }
            var cut = rng.Next(1, list.Count);
            var left = Build(list[..cut], rng, out var dl);
            var right = Build(list[cut..], rng, out var dr);
            depth = Math.Max(dl, dr) + 1;
            return rng.Next(2) == 0 ? PartialRetrieval.Merge(left, right) : PartialRetrieval.Merge(right, left);
        }
    }

    /// <summary>
    /// The softmax tolerance of the class comment: 2(e^{2Λ} − 1 + 2γ_{M+F} + u + 2uS)·max_μ|v_μi| with F = M + L,
    /// Λ = ((c + 1)(F + 1) + 2βR)u; R from the reference scores, widened by 1% for their own rounding.
    /// </summary>
    private static double SoftmaxTolerance(ShardCase c, Outcome r, int i)
    {
        var scores = r.Network.Scores(r.Query);
        var spread = 1.01 * (scores.Max() - scores.Min());
        long f = c.M + r.Depth;
        var lambda = ((ExpUlps + 1) * (f + 1) + 2 * c.Beta * spread) * U;
        var maxV = Enumerable.Range(0, c.M).Max(mu => Math.Abs(r.Values[mu, i]));
        return 2 * (Math.Exp(2 * lambda) - 1 + 2 * Gamma(c.M + f) + U + 2 * U * r.ShardMemories) * maxV;
    }

    /// <summary>
    /// The power tolerance: 2γ_{M+L}·Σ_μ W_μ|v_μi| with W_μ ≥ |ŵ_μ| the computed weight's magnitude bounded from the data:
    /// (a_μ(1 + γ_{N+2}))ⁿ(1 + γ_n), a_μ = Σ|x_i q_i| (dot), Σ(|x_i| + |q_i|)² (Euclidean), Σ(|x_i| + |q_i|) (Manhattan).
    /// </summary>
    private static double PowerTolerance(ShardCase c, Outcome r, int i)
    {
        var n = c.Separation switch { SeparationFunction.Identity => 1, SeparationFunction.Square => 2, _ => c.Degree };
        var sum = 0.0;
        for (var mu = 0; mu < c.M; mu++)
        {
            var a = 0.0;
            for (var t = 0; t < c.N; t++)
            {
                double x = Math.Abs(r.Keys[mu, t]), q = Math.Abs(r.Query[t]);
                a += c.Similarity switch { SimilarityFunction.Dot => x * q, SimilarityFunction.Euclidean => (x + q) * (x + q), _ => x + q };
            }
            sum += Math.Pow(a * (1 + Gamma(c.N + 2)), n) * (1 + Gamma(n)) * Math.Abs(r.Values[mu, i]);
        }
        return 2 * Gamma(c.M + r.Depth) * sum * (1 + 1e-9);
    }

    private static readonly SeparationFunction[] Summed = [SeparationFunction.Softmax, SeparationFunction.Identity, SeparationFunction.Square, SeparationFunction.Polynomial];

    [Property(MaxTest = 150)]
    public Property Any_split_merged_in_any_order_and_tree_equals_the_unsplit_retrieval_within_the_derived_tolerance() =>
        Prop.ForAll(Cases(Summed, integer: false).ToArbitrary(), c =>
        {
            var r = Run(c);
            var z = r.Merged.Complete();
            var failures = new List<string>();
            for (var i = 0; i < c.O; i++)
            {
                var tolerance = c.Separation == SeparationFunction.Softmax ? SoftmaxTolerance(c, r, i) : PowerTolerance(c, r, i);
                if (!(Math.Abs(z[i] - r.Whole[i]) <= tolerance)) failures.Add($"[{i}] merged {z[i]:R} whole {r.Whole[i]:R} ± {tolerance:E2}");
            }
            var rows = r.Merged.RowCount == c.M;
            return (failures.Count == 0 && rows).Label($"{c}: rows {r.Merged.RowCount}; {string.Join("; ", failures.Take(3))}");
        });

    [Property(MaxTest = 150)]
    public Property Top_k_of_any_split_merged_in_any_order_equals_the_unsplit_top_k_exactly_ties_included() =>
        Prop.ForAll(Cases([SeparationFunction.TopK, SeparationFunction.Max], integer: true).ToArbitrary(), c =>
        {
            var r = Run(c);
            var z = r.Merged.Complete();
            // The reference's chosen rows (weight 1), ties to the lower index.
            var chosen = r.Network.Weights(r.Query).Select((w, mu) => (w, mu)).Where(p => p.w == 1).Select(p => (long)p.mu).ToArray();
            var indices = r.Merged.TopIndices.ToArray().Order().ToArray();
            return (z.SequenceEqual(r.Whole) && indices.SequenceEqual(chosen))
                .Label($"{c}: merged [{string.Join(" ", z)}] whole [{string.Join(" ", r.Whole)}]; rows [{string.Join(" ", indices)}] reference [{string.Join(" ", chosen)}]");
        });

    [Property(MaxTest = 100)]
    public Property The_empty_partial_is_the_identity_exactly() =>
        Prop.ForAll(Cases([.. Summed, SeparationFunction.TopK], integer: false).ToArbitrary(), c =>
        {
            var p = Run(c).Merged;
            var e = Empty(p);
            return Same(PartialRetrieval.Merge(p, e), p) && Same(PartialRetrieval.Merge(e, p), p) && PartialRetrieval.Merge(e, e).IsEmpty;
        });

    [Property(MaxTest = 100)]
    public Property Merge_is_commutative_bit_for_bit() =>
        Prop.ForAll(Cases([.. Summed, SeparationFunction.TopK], integer: false).ToArbitrary(), c =>
        {
            var rng = new Random(c.Seed);
            var keys = Data(rng, c.M, c.N, false);
            var query = Row(Data(rng, 1, c.N, false), 0);
            var net = Network(c, keys, keys, hetero: false);
            var cut = c.Cuts.FirstOrDefault(c.M / 2);
            var a = net.RetrievePartial(query, 0, cut);
            var b = net.RetrievePartial(query, cut, c.M);
            return Same(PartialRetrieval.Merge(a, b), PartialRetrieval.Merge(b, a)).Label(c.ToString());
        });

    /// <summary>Every public number of two partials, compared bit for bit.</summary>
    private static bool Same(PartialRetrieval x, PartialRetrieval y)
    {
        static bool Bits(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
        {
            if (a.Length != b.Length) return false;
            for (var i = 0; i < a.Length; i++) if (BitConverter.DoubleToInt64Bits(a[i]) != BitConverter.DoubleToInt64Bits(b[i])) return false;
            return true;
        }
        return x.Kind == y.Kind && x.RowCount == y.RowCount && x.OutputDimension == y.OutputDimension
            && Bits([x.Max, x.SumOfExponentials, x.Beta], [y.Max, y.SumOfExponentials, y.Beta]) && x.Degree == y.Degree && x.K == y.K
            && Bits(x.WeightedSum, y.WeightedSum) && Bits(x.TopScores, y.TopScores) && x.TopIndices.SequenceEqual(y.TopIndices) && Bits(x.TopValues, y.TopValues);
    }

    [Property(MaxTest = 60)]
    public Property A_state_rebuilt_from_its_numbers_is_the_same_partial() =>
        Prop.ForAll(Cases([.. Summed, SeparationFunction.TopK], integer: true).ToArbitrary(), c =>
        {
            var p = Run(c).Merged;
            var rebuilt = p.Kind switch
            {
                PartialRetrievalKind.Softmax => PartialRetrieval.FromSoftmaxState(p.Beta, p.RowCount, p.Max, p.SumOfExponentials, p.WeightedSum),
                PartialRetrievalKind.Power => PartialRetrieval.FromPowerState(p.Degree, p.RowCount, p.WeightedSum),
                // The entries in reverse order: the factory puts them best first again.
                _ => PartialRetrieval.FromTopKState(p.K, p.OutputDimension, p.RowCount, p.TopScores.ToArray().Reverse().ToArray(), p.TopIndices.ToArray().Reverse().ToArray(),
                    Enumerable.Range(0, p.TopCount).Reverse().SelectMany(t => p.TopValues.Slice(t * p.OutputDimension, p.OutputDimension).ToArray()).ToArray()),
            };
            return Same(rebuilt, p).Label(c.ToString());
        });

    /// <summary>Every query length N = 1 … 300 (every vector tail of the kernels): three shards, one empty, merged, against the unsplit answer.</summary>
    [Theory]
    [InlineData(SeparationFunction.Softmax)]
    [InlineData(SeparationFunction.Polynomial)]
    [InlineData(SeparationFunction.TopK)]
    public void Partials_complete_to_the_unsplit_answer_at_every_length_from_1_to_300(SeparationFunction separation)
    {
        var failures = new List<string>();
        for (var n = 1; n <= 300; n++)
        {
            var c = new ShardCase(7, n, n, SimilarityFunction.Dot, separation, 1.5, 3, 3, [3, 3], n, n % 2 == 0, separation == SeparationFunction.TopK, n);
            var r = Run(c);
            var z = r.Merged.Complete();
            for (var i = 0; i < n; i++)
            {
                var tolerance = separation switch
                {
                    SeparationFunction.Softmax => SoftmaxTolerance(c, r, i),
                    SeparationFunction.Polynomial => PowerTolerance(c, r, i),
                    _ => 0,
                };
                if (!(Math.Abs(z[i] - r.Whole[i]) <= tolerance)) failures.Add($"N={n} [{i}]: merged {z[i]:R} whole {r.Whole[i]:R} ± {tolerance:E2}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("; ", failures.Take(5)));
    }

    /// <summary>
    /// Two shards of a hetero-associative network, worked by hand: keys (0) and (1), values (1, 0) and (0, 1), β = 1,
    /// query (1): scores 0 and 1. Shard states (m, ℓ, a) = (0, 1, (1, 0)) and (1, 1, (0, 1)); merged
    /// (1, 1 + e⁻¹, (e⁻¹, 1)); output (e⁻¹, 1)/(1 + e⁻¹) = (1/(1 + e), e/(1 + e)).
    /// </summary>
    [Fact]
    public void Two_softmax_shards_merge_into_the_hand_computed_state()
    {
        var first = ModernHopfieldNetwork.CreateHetero(new double[,] { { 0 } }, new double[,] { { 1, 0 } }, 1).RetrievePartial([1.0]);
        var second = ModernHopfieldNetwork.CreateHetero(new double[,] { { 1 } }, new double[,] { { 0, 1 } }, 1).RetrievePartial([1.0], firstRow: 1);
        Assert.Equal((0.0, 1.0, 1L), (first.Max, first.SumOfExponentials, first.RowCount));
        Assert.Equal(new[] { 1.0, 0.0 }, first.WeightedSum.ToArray());
        var merged = PartialRetrieval.Merge(first, second);
        Assert.Equal(1.0, merged.Max);
        Assert.Equal(2L, merged.RowCount);
        Assert.True(Tolerances.Relative(merged.SumOfExponentials, 1 + 1 / Math.E) <= Tolerances.FewOperations);
        Assert.True(Tolerances.Relative(merged.WeightedSum[0], 1 / Math.E) <= Tolerances.FewOperations);
        Assert.Equal(1.0, merged.WeightedSum[1]);
        var z = merged.Complete();
        Assert.True(Tolerances.Relative(z[0], 1 / (1 + Math.E)) <= Tolerances.FewOperations);
        Assert.True(Tolerances.Relative(z[1], Math.E / (1 + Math.E)) <= Tolerances.FewOperations);
    }

    /// <summary>Top-k across shards keeps the global indices and the winners' value rows: k = 2 over scores 3, 5 | 5, 1 (a tie at 5 goes to row 1).</summary>
    [Fact]
    public void Top_k_shards_carry_global_indices_and_value_rows()
    {
        var options = new UniversalHopfieldOptions { Separation = SeparationFunction.TopK, TopK = 2 };
        var left = UniversalHopfieldNetwork.CreateHetero(new double[,] { { 3 }, { 5 } }, new double[,] { { 10 }, { 20 } }, options).RetrievePartial([1.0]);
        var right = UniversalHopfieldNetwork.CreateHetero(new double[,] { { 5 }, { 1 } }, new double[,] { { 30 }, { 40 } }, options).RetrievePartial([1.0], firstRow: 2);
        var merged = PartialRetrieval.Merge(right, left);
        Assert.Equal(new[] { 1L, 2L }, merged.TopIndices.ToArray());
        Assert.Equal(new[] { 5.0, 5.0 }, merged.TopScores.ToArray());
        Assert.Equal(new[] { 20.0, 30.0 }, merged.TopValues.ToArray());
        Assert.Equal(new[] { 50.0 }, merged.Complete());
    }

    [Fact]
    public void Partials_of_different_rules_or_output_lengths_are_refused()
    {
        PartialRetrieval[] partials =
        [
            PartialRetrieval.EmptySoftmax(1, 3), PartialRetrieval.EmptySoftmax(2, 3), PartialRetrieval.EmptySoftmax(1, 4),
            PartialRetrieval.EmptyPower(1, 3), PartialRetrieval.EmptyPower(2, 3), PartialRetrieval.EmptyTopK(1, 3), PartialRetrieval.EmptyTopK(2, 3),
            PartialRetrieval.FromPowerState(1, 1, [1.0, 2.0]),
        ];
        for (var i = 0; i < partials.Length; i++)
        {
            for (var j = 0; j < partials.Length; j++)
            {
                if (i == j) continue;
                var e = Assert.Throws<ArgumentException>(() => PartialRetrieval.Merge(partials[i], partials[j]));
                Assert.Equal("b", e.ParamName);
                Assert.Contains("only partials of the same rule and output length merge", e.Message);
            }
        }
    }

    /// <summary>
    /// Partials made here remember how they were retrieved: shards scored with another similarity, for another query
    /// or for a query of another length, and a partial merged with itself (its rows counted twice), are refused; a
    /// partial rebuilt from numbers carries no origin and merges with either.
    /// </summary>
    [Fact]
    public void Partials_of_other_similarities_or_queries_and_a_partial_merged_with_itself_are_refused()
    {
        var x = new double[,] { { 1, 0, 2 }, { 0, 1, 1 }, { 1, 1, 0 } };
        UniversalHopfieldNetwork Net(SimilarityFunction similarity) => UniversalHopfieldNetwork.Create(x, new UniversalHopfieldOptions { Similarity = similarity });
        var dot = Net(SimilarityFunction.Dot).RetrievePartial([1.0, 0, 0], 0, 2);
        void Refused(PartialRetrieval a, PartialRetrieval b, string message)
        {
            var e = Assert.Throws<ArgumentException>(() => PartialRetrieval.Merge(a, b));
            Assert.Equal("b", e.ParamName);
            Assert.Contains(message, e.Message);
        }
        Refused(dot, Net(SimilarityFunction.Euclidean).RetrievePartial([1.0, 0, 0], 2, 3), "b was retrieved with the Euclidean distance for a query of length 3 but a with the dot product");
        Refused(dot, Net(SimilarityFunction.Dot).RetrievePartial([0.0, 1, 0], 2, 3), "b was retrieved for another query than a (both with the dot product, for queries of length 3)");
        Refused(dot, dot, "same partial");
        var wide = UniversalHopfieldNetwork.CreateHetero(new double[,] { { 1, 0, 2 } }, new double[,] { { 5 } }).RetrievePartial([1.0, 0, 0]);
        var narrow = UniversalHopfieldNetwork.CreateHetero(new double[,] { { 1, 0 } }, new double[,] { { 7 } }).RetrievePartial([1.0, 0]);
        Refused(wide, narrow, "for a query of length 2 but a with the dot product for a query of length 3");

        // The same query and similarity on disjoint rows merge into the whole memory's answer; a rebuilt partial merges with it.
        var rest = Net(SimilarityFunction.Dot).RetrievePartial([1.0, 0, 0], 2, 3);
        var whole = Net(SimilarityFunction.Dot).Retrieve([1.0, 0, 0]);
        var merged = PartialRetrieval.Merge(dot, rest).Complete();
        for (var i = 0; i < 3; i++) Assert.True(Math.Abs(whole[i] - merged[i]) <= 1e-15, $"component {i}: {merged[i]:R} against {whole[i]:R}");
        var rebuilt = PartialRetrieval.FromSoftmaxState(1, rest.RowCount, rest.Max, rest.SumOfExponentials, rest.WeightedSum);
        Assert.Equal(PartialRetrieval.Merge(dot, rest).Complete(), PartialRetrieval.Merge(dot, rebuilt).Complete());
    }

    [Fact]
    public void Top_k_partials_that_share_a_row_are_refused()
    {
        var net = UniversalHopfieldNetwork.Create(new double[,] { { 1, 0 }, { 0, 1 }, { 1, 1 } }, new UniversalHopfieldOptions { Separation = SeparationFunction.TopK, TopK = 2 });
        var a = net.RetrievePartial([1.0, 0.0], 0, 2);
        var b = net.RetrievePartial([1.0, 0.0], 1, 3);
        var e = Assert.Throws<ArgumentException>(() => PartialRetrieval.Merge(a, b));
        Assert.Equal("b", e.ParamName);
        Assert.Contains("is in both partials", e.Message);
    }

    [Fact]
    public void Rules_without_a_mergeable_one_pass_state_are_refused()
    {
        double[,] patterns = { { 0.5, 0.25 }, { 0.25, 0.5 } };
        UniversalHopfieldOptions[] refused =
        [
            UniversalHopfieldOptions.AppendixE(SimilarityFunction.Dot, SeparationFunction.Softmax),
            new() { Similarity = SimilarityFunction.KullbackLeibler },
            new() { Separation = SeparationFunction.Log },
            new() { Separation = SeparationFunction.Threshold },
            new() { SignOutput = true },
        ];
        foreach (var options in refused)
        {
            var e = Assert.Throws<InvalidOperationException>(() => UniversalHopfieldNetwork.Create(patterns, options).RetrievePartial([0.5, 0.5]));
            Assert.Contains("RetrievePartial needs a one-pass rule", e.Message);
        }
        var many = new double[70, 1];
        var e65 = Assert.Throws<InvalidOperationException>(() =>
            UniversalHopfieldNetwork.Create(many, new UniversalHopfieldOptions { Separation = SeparationFunction.TopK, TopK = 65 }).RetrievePartial([1.0]));
        Assert.Contains("k ≤ 64", e65.Message);
    }

    /// <summary>Scores below 2⁻⁹⁰⁰ (a query of 1e-300 against unit keys) leave the unscaled window: refused, while Retrieve answers.</summary>
    [Fact]
    public void Data_outside_the_unscaled_double_window_is_refused_and_retrieve_answers_it()
    {
        var net = ModernHopfieldNetwork.Create(new double[,] { { 1, 0 }, { 0, 1 } }, 1);
        var e = Assert.Throws<ArgumentException>(() => net.RetrievePartial([1e-300, 0]));
        Assert.Equal("query", e.ParamName);
        Assert.Contains("Retrieve answers this query", e.Message);
        Assert.Equal(new[] { 0.5, 0.5 }, net.Retrieve([1e-300, 0]).Select(x => Math.Round(x, 12)));
    }

    /// <summary>
    /// Eight shards of a memory large enough that its unsplit pass is split over the cores, retrieved on eight
    /// threads at once (row ranges of one shared memory, and separate shard memories), merged: the unsplit answer
    /// within the derived tolerance (top-k: exactly).
    /// </summary>
    [Theory]
    [InlineData(SeparationFunction.Softmax)]
    [InlineData(SeparationFunction.Square)]
    [InlineData(SeparationFunction.TopK)]
    public void Shards_retrieved_on_several_threads_merge_into_the_unsplit_answer(SeparationFunction separation)
    {
        const int m = 40_000, n = 64, shards = 8;
        var c = new ShardCase(m, n, n, SimilarityFunction.Dot, separation, 0.5, 2, 5,
            Enumerable.Range(1, shards - 1).Select(p => p * m / shards).ToArray(), 1, false, separation == SeparationFunction.TopK, 7);
        var rng = new Random(c.Seed);
        var keys = Data(rng, m, n, c.Integer);
        var query = Row(Data(rng, 1, n, c.Integer), 0);
        var net = Network(c, keys, keys, hetero: false);
        var bounds = new[] { 0 }.Concat(c.Cuts).Append(m).ToArray();
        var shardNets = Enumerable.Range(0, shards).Select(p => Network(c, Slice(keys, bounds[p], bounds[p + 1]), Slice(keys, bounds[p], bounds[p + 1]), false)).ToArray();
        var ranges = new PartialRetrieval[shards];
        var separate = new PartialRetrieval[shards];
        using var start = new Barrier(shards);
        var threads = Enumerable.Range(0, shards).Select(p => new Thread(() =>
        {
            start.SignalAndWait();
            ranges[p] = net.RetrievePartial(query, bounds[p], bounds[p + 1]);
            separate[p] = shardNets[p].RetrievePartial(query, firstRow: bounds[p]);
        })).ToArray();
        foreach (var t in threads) t.Start();
        foreach (var t in threads) t.Join();
        var whole = net.Retrieve(query);
        foreach (var (parts, memories) in new[] { (ranges, 1), (separate, shards) })
        {
            var merged = parts.Aggregate(PartialRetrieval.Merge);
            var z = merged.Complete();
            Assert.Equal(m, merged.RowCount);
            if (separation == SeparationFunction.TopK)
            {
                Assert.Equal(whole, z);
                continue;
            }
            var r = new Outcome(whole, merged, shards - 1, memories, keys, keys, query, net);
            for (var i = 0; i < n; i++)
            {
                var tolerance = separation == SeparationFunction.Softmax ? SoftmaxTolerance(c, r, i) : PowerTolerance(c, r, i);
                Assert.True(Math.Abs(z[i] - whole[i]) <= tolerance, $"[{i}] merged {z[i]:R} whole {whole[i]:R} ± {tolerance:E2}");
            }
        }
    }
}
