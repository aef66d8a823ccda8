using AssociativeKernels.Fast;
using AssociativeKernels.Interop;

namespace AssociativeKernels;

/// <summary>What a <see cref="PartialRetrieval"/> keeps: the separation of the one-step memory that made it.</summary>
public enum PartialRetrievalKind
{
    /// <summary>softmax(β s): running maximum, sum of exponentials and weighted sum (<see cref="PartialRetrieval.Beta"/>).</summary>
    Softmax,
    /// <summary>sⁿ (identity n = 1, square n = 2, polynomial n): the weighted sum (<see cref="PartialRetrieval.Degree"/>).</summary>
    Power,
    /// <summary>1 at the k largest scores (max: k = 1): the k best rows with their values (<see cref="PartialRetrieval.K"/>).</summary>
    TopK,
}

/// <summary>
/// The one-pass state of a one-step retrieval z = Σ_μ w_μ(s(x_μ, q)) v_μ over a subset R of the stored rows (a shard of
/// a memory, a row range of one memory, or a merge of such): a value that patterns split across threads, processes or
/// machines merge into the whole memory's state (<see cref="Merge"/>), whose <see cref="Complete()"/> is the whole
/// memory's answer. Made by <see cref="OneStepMemory.RetrievePartial(ReadOnlySpan{double}, long)"/>, rebuilt from
/// numbers received over a network by <see cref="FromSoftmaxState"/>, <see cref="FromPowerState"/> and
/// <see cref="FromTopKState"/> (which validate them). Immutable.
/// <para>
/// <b>The states</b> (s_μ the score of row μ, v_μ its value row of length O; the same formulas as the streaming
/// schedule that merges the cores' parts):
/// softmax: m = max_{μ∈R} s_μ, ℓ = Σ_{μ∈R} e^{β(s_μ − m)} ≥ 1, a = Σ_{μ∈R} e^{β(s_μ − m)} v_μ (relative to m), output a/ℓ;
/// merge (M, e^{β(m − M)}ℓ + e^{β(m′ − M)}ℓ′, e^{β(m − M)}a + e^{β(m′ − M)}a′) with M = max(m, m′).
/// Power n: a = Σ_{μ∈R} s_μⁿ v_μ, output a, merge a + a′.
/// Top-k: the min(k, |R|) best (score, global row index, value row) in the order "larger score, then lower index"
/// (the reference's tie rule), output Σ v_μ over them in increasing index order; merge keeps the k first of both
/// lists. The value rows travel with the entries because which k rows win changes under merge.
/// </para>
/// <para>
/// <b>Algebra.</b> The empty partial (<see cref="EmptySoftmax"/>, …; m = −∞, ℓ = 0, a = 0) is the identity exactly:
/// Merge returns the other operand. Merge is commutative bit for bit (the larger side's factor is exactly 1 and each
/// component is f·a_i + f′·a′_i, two products and one sum in either order; a + a′ likewise; top-k is a selection under
/// a total order). Top-k is also exactly associative. Softmax and power merges are associative up to rounding:
/// </para>
/// <para>
/// <b>Tolerance against the unsplit retrieval</b> (u = 2⁻⁵³; the scores of a row are the same bits however the rows
/// are split, so only the weights' exponentials, their rescalings and the sums differ). Softmax: a row's weight enters
/// both a and ℓ as e^{β(s − m_r)} times the rescaling factors e^{β(m_r − m_r′)}… met on its way to the final m, at most
/// F = B + L of them (B: the blocks of the stream in which the running maximum grew, at most the row count M; L: the
/// depth of the merge tree). Each exponential is within c·u (c = 4, the vector exponential) and each product rounds
/// once; the arguments telescope to β(s − m), so their roundings add at most 2uβR (R = max s − min s). The log-weight
/// is thus perturbed by at most Λ = ((c + 1)(F + 1) + 2βR)u, every normalized weight by a factor in [e^{−2Λ}, e^{2Λ}];
/// the sums a and ℓ add γ_{M+F} each and the division u, and each shard's skipped negligible rows (class comment of
/// the streaming engine) at most 2u·max|v| per shard memory. Against the unsplit answer, which is bounded the same
/// way: |z_split,i − z_i| ≤ 2(e^{2Λ} − 1 + 2γ_{M+F} + u + 2uS)·max_μ|v_μi| with S the number of shard memories — a few
/// ulps per merge level on top of what a single pass already carries. Power n: the weights are the same bits, only
/// the summation order differs: |z_split,i − z_i| ≤ 2γ_{M+L}·Σ_μ|s_μⁿ||v_μi|. Top-k: equal bit for bit.
/// </para>
/// </summary>
public sealed class PartialRetrieval
{
    private readonly double[] _weightedSum;
    private readonly double[] _topScores;
    private readonly long[] _topIndices;
    private readonly double[] _topValues;
    private readonly PartialOrigin? _origin;

    private PartialRetrieval(PartialRetrievalKind kind, double beta, int degree, int k, int outputDimension, long rowCount,
        double max, double sum, double[] weightedSum, double[] topScores, long[] topIndices, double[] topValues, PartialOrigin? origin = null)
    {
        (Kind, Beta, Degree, K, OutputDimension, RowCount, Max, SumOfExponentials) = (kind, beta, degree, k, outputDimension, rowCount, max, sum);
        (_weightedSum, _topScores, _topIndices, _topValues, _origin) = (weightedSum, topScores, topIndices, topValues, origin);
    }

    /// <summary>The separation this state belongs to; only partials of the same kind, parameter and output length merge.</summary>
    public PartialRetrievalKind Kind { get; }
    /// <summary>β of <see cref="PartialRetrievalKind.Softmax"/> (0 for the other kinds).</summary>
    public double Beta { get; }
    /// <summary>n of <see cref="PartialRetrievalKind.Power"/> (0 for the other kinds).</summary>
    public int Degree { get; }
    /// <summary>k of <see cref="PartialRetrievalKind.TopK"/> (0 for the other kinds).</summary>
    public int K { get; }
    /// <summary>The length O of the output (and of every value row).</summary>
    public int OutputDimension { get; }
    /// <summary>The number of stored rows this state covers (0: the empty partial, the identity of <see cref="Merge"/>).</summary>
    public long RowCount { get; }
    /// <summary>Whether this state covers no row.</summary>
    public bool IsEmpty => RowCount == 0;
    /// <summary>Softmax: m, the largest score over the rows (−∞ when empty, and for the other kinds).</summary>
    public double Max { get; }
    /// <summary>Softmax: ℓ = Σ e^{β(s_μ − m)} (≥ 1 unless empty; 0 when empty, and for the other kinds).</summary>
    public double SumOfExponentials { get; }
    /// <summary>Softmax: a = Σ e^{β(s_μ − m)} v_μ; power: a = Σ s_μⁿ v_μ (length <see cref="OutputDimension"/>; empty for top-k).</summary>
    public ReadOnlySpan<double> WeightedSum => _weightedSum;
    /// <summary>Top-k: the number of entries, min(k, <see cref="RowCount"/>) (0 for the other kinds).</summary>
    public int TopCount => _topScores.Length;
    /// <summary>Top-k: the entries' scores, best first (larger score, then lower index).</summary>
    public ReadOnlySpan<double> TopScores => _topScores;
    /// <summary>Top-k: the entries' global row indices, in the order of <see cref="TopScores"/>.</summary>
    public ReadOnlySpan<long> TopIndices => _topIndices;
    /// <summary>Top-k: the entries' value rows, row after row (<see cref="TopCount"/> × <see cref="OutputDimension"/>), in the order of <see cref="TopScores"/>.</summary>
    public ReadOnlySpan<double> TopValues => _topValues;

    /// <summary>The empty softmax partial (m = −∞, ℓ = 0, a = 0): the identity of <see cref="Merge"/>.</summary>
    /// <param name="beta">β &gt; 0.</param>
    /// <param name="outputDimension">O ≥ 1.</param>
    /// <returns>The empty partial.</returns>
    /// <exception cref="ArgumentException">β not finite and positive, or O &lt; 1.</exception>
    public static PartialRetrieval EmptySoftmax(double beta, int outputDimension)
    {
        Core.Validate.positive(nameof(beta), beta);
        Core.Validate.atLeast(nameof(outputDimension), 1, outputDimension);
        return Softmax(beta, 0, double.NegativeInfinity, 0, new double[outputDimension]);
    }

    /// <summary>The empty power partial (a = 0): the identity of <see cref="Merge"/>.</summary>
    /// <param name="degree">n ≥ 1 (1: identity, 2: square).</param>
    /// <param name="outputDimension">O ≥ 1.</param>
    /// <returns>The empty partial.</returns>
    /// <exception cref="ArgumentException">n &lt; 1 or O &lt; 1.</exception>
    public static PartialRetrieval EmptyPower(int degree, int outputDimension)
    {
        Core.Validate.atLeast(nameof(degree), 1, degree);
        Core.Validate.atLeast(nameof(outputDimension), 1, outputDimension);
        return Power(degree, 0, new double[outputDimension]);
    }

    /// <summary>The empty top-k partial (no entries): the identity of <see cref="Merge"/>.</summary>
    /// <param name="k">k ≥ 1.</param>
    /// <param name="outputDimension">O ≥ 1.</param>
    /// <returns>The empty partial.</returns>
    /// <exception cref="ArgumentException">k &lt; 1 or O &lt; 1.</exception>
    public static PartialRetrieval EmptyTopK(int k, int outputDimension)
    {
        Core.Validate.atLeast(nameof(k), 1, k);
        Core.Validate.atLeast(nameof(outputDimension), 1, outputDimension);
        return TopK(k, outputDimension, 0, [], [], []);
    }

    /// <summary>
    /// A softmax partial from its numbers (e.g. received over a network), checked: β finite and positive, rowCount ≥ 0,
    /// a of length ≥ 1 with finite entries; empty (rowCount = 0): m = −∞, ℓ = 0, a = 0; otherwise m finite and
    /// 1 ≤ ℓ ≤ 2·rowCount (ℓ is a sum of rowCount terms in (0, 1], one of them e⁰ = 1; the factor 2 leaves room for rounding).
    /// </summary>
    /// <param name="beta">β &gt; 0.</param>
    /// <param name="rowCount">The number of rows covered.</param>
    /// <param name="max">m.</param>
    /// <param name="sumOfExponentials">ℓ.</param>
    /// <param name="weightedSum">a (copied).</param>
    /// <returns>The partial.</returns>
    /// <exception cref="ArgumentException">A number outside the range above, naming its parameter.</exception>
    public static PartialRetrieval FromSoftmaxState(double beta, long rowCount, double max, double sumOfExponentials, ReadOnlySpan<double> weightedSum)
    {
        Core.Validate.positive(nameof(beta), beta);
        CheckRowCount(rowCount);
        var a = Output(weightedSum);
        if (rowCount == 0)
        {
            if (!double.IsNegativeInfinity(max)) throw new ArgumentOutOfRangeException(nameof(max), max, $"max = {CoreCall.Show(max)} but an empty partial (rowCount = 0) has max = -∞.");
            if (sumOfExponentials != 0) throw new ArgumentOutOfRangeException(nameof(sumOfExponentials), sumOfExponentials, $"sumOfExponentials = {CoreCall.Show(sumOfExponentials)} but an empty partial (rowCount = 0) has 0.");
            CheckZero(a, nameof(weightedSum));
        }
        else
        {
            Core.Validate.finite(nameof(max), max);
            if (!(sumOfExponentials >= 1 && sumOfExponentials <= 2.0 * rowCount))
            {
                throw new ArgumentOutOfRangeException(nameof(sumOfExponentials), sumOfExponentials,
                    $"sumOfExponentials = {CoreCall.Show(sumOfExponentials)} is outside its valid range [1, {CoreCall.Show(2.0 * rowCount)}] (1 ≤ ℓ ≤ 2·rowCount: rowCount = {rowCount} terms in (0, 1], one of them e⁰ = 1).");
            }
        }
        return Softmax(beta, rowCount, max, sumOfExponentials, a);
    }

    /// <summary>A power partial from its numbers, checked: n ≥ 1, rowCount ≥ 0, a of length ≥ 1 with finite entries (all 0 when rowCount = 0).</summary>
    /// <param name="degree">n ≥ 1.</param>
    /// <param name="rowCount">The number of rows covered.</param>
    /// <param name="weightedSum">a = Σ s_μⁿ v_μ (copied).</param>
    /// <returns>The partial.</returns>
    /// <exception cref="ArgumentException">A number outside the range above, naming its parameter.</exception>
    public static PartialRetrieval FromPowerState(int degree, long rowCount, ReadOnlySpan<double> weightedSum)
    {
        Core.Validate.atLeast(nameof(degree), 1, degree);
        CheckRowCount(rowCount);
        var a = Output(weightedSum);
        if (rowCount == 0) CheckZero(a, nameof(weightedSum));
        return Power(degree, rowCount, a);
    }

    /// <summary>
    /// A top-k partial from its numbers, checked: k ≥ 1, O ≥ 1, rowCount ≥ 0; exactly min(k, rowCount) entries with
    /// finite scores, distinct indices ≥ 0 and finite value rows (values: entries × O, row after row) no larger than
    /// 1.8e308/k in magnitude (so the sum of any k of them is finite). The entries may come in any order; they are
    /// kept best first.
    /// </summary>
    /// <param name="k">k ≥ 1.</param>
    /// <param name="outputDimension">O ≥ 1.</param>
    /// <param name="rowCount">The number of rows covered.</param>
    /// <param name="scores">The entries' scores.</param>
    /// <param name="indices">The entries' global row indices.</param>
    /// <param name="values">The entries' value rows, row after row.</param>
    /// <returns>The partial.</returns>
    /// <exception cref="ArgumentException">A number or length outside the range above, naming its parameter.</exception>
    public static PartialRetrieval FromTopKState(int k, int outputDimension, long rowCount, ReadOnlySpan<double> scores, ReadOnlySpan<long> indices, ReadOnlySpan<double> values)
    {
        Core.Validate.atLeast(nameof(k), 1, k);
        Core.Validate.atLeast(nameof(outputDimension), 1, outputDimension);
        CheckRowCount(rowCount);
        var count = (int)Math.Min(k, rowCount);
        if (scores.Length != count)
        {
            throw new ArgumentException($"scores has length {scores.Length} but a top-k partial over rowCount = {rowCount} rows keeps min(k, rowCount) = {count} entries.", nameof(scores));
        }
        if (indices.Length != count) throw new ArgumentException($"indices has length {indices.Length} but scores has length {count}; they must match.", nameof(indices));
        if (values.Length != (long)count * outputDimension)
        {
            throw new ArgumentException($"values has length {values.Length} but {count} entries × outputDimension = {outputDimension} need {(long)count * outputDimension}.", nameof(values));
        }
        var s = Finite(scores, nameof(scores));
        var v = Finite(values, nameof(values));
        var limit = double.MaxValue / k;
        for (var i = 0; i < v.Length; i++)
        {
            if (Math.Abs(v[i]) > limit)
            {
                throw new ArgumentOutOfRangeException(nameof(values), v[i],
                    $"values[{i}] = {CoreCall.Show(v[i])} is outside its valid range [-{CoreCall.Show(limit)}, {CoreCall.Show(limit)}] (1.8e308/k, so that a sum of k value rows is finite).");
            }
        }
        var ix = indices.ToArray();
        for (var t = 0; t < count; t++)
        {
            if (ix[t] < 0) throw new ArgumentOutOfRangeException(nameof(indices), ix[t], $"indices[{t}] = {ix[t]} is outside its valid range [0, ∞).");
        }
        // Best first: sort the entry positions by (score descending, index ascending).
        var order = Enumerable.Range(0, count).ToArray();
        Array.Sort(order, (x, y) => OnePassMerge.Before(s[x], ix[x], s[y], ix[y]) ? -1 : OnePassMerge.Before(s[y], ix[y], s[x], ix[x]) ? 1 : 0);
        // Distinct rows: checked on the indices sorted by themselves (a row repeated with two different scores is not
        // adjacent in the best-first order; accepted, it crashed Complete()).
        var byRow = (long[])ix.Clone();
        Array.Sort(byRow);
        for (var t = 1; t < count; t++)
        {
            if (byRow[t] == byRow[t - 1]) throw new ArgumentException($"indices holds row {byRow[t]} twice; the entries must be distinct rows.", nameof(indices));
        }
        var sortedScores = new double[count];
        var sortedIndices = new long[count];
        var sortedValues = new double[v.Length];
        for (var t = 0; t < count; t++)
        {
            sortedScores[t] = s[order[t]];
            sortedIndices[t] = ix[order[t]];
            Array.Copy(v, (long)order[t] * outputDimension, sortedValues, (long)t * outputDimension, outputDimension);
        }
        return TopK(k, outputDimension, rowCount, sortedScores, sortedIndices, sortedValues);
    }

    /// <summary>
    /// The state of the union of the two (disjoint) row sets: see the class comment for the formulas, the algebra
    /// (identity, commutativity, associativity) and the tolerance.
    /// </summary>
    /// <param name="a">One partial.</param>
    /// <param name="b">The other, of the same kind, parameter (β, n or k) and output length.</param>
    /// <returns>The merged partial (an operand itself when the other is empty).</returns>
    /// <exception cref="ArgumentException">
    /// Partials of different kinds, parameters or output lengths (ParamName <c>b</c>); two partials made in this process
    /// by <see cref="OneStepMemory.RetrievePartial(ReadOnlySpan{double}, long)"/> with different similarities, input
    /// lengths or queries (partials rebuilt from numbers carry none of these and are not checked); a non-empty partial
    /// merged with itself, or top-k partials that share a row (overlapping shards); a merged weighted sum beyond a
    /// double's range; row counts whose sum overflows.
    /// </exception>
    public static PartialRetrieval Merge(PartialRetrieval a, PartialRetrieval b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Kind != b.Kind || a.Beta != b.Beta || a.Degree != b.Degree || a.K != b.K || a.OutputDimension != b.OutputDimension)
        {
            throw new ArgumentException($"b is a {b.Rule} partial of output length {b.OutputDimension} but a is a {a.Rule} partial of output length {a.OutputDimension}; only partials of the same rule and output length merge.", nameof(b));
        }
        if (b.IsEmpty) return a;
        if (a.IsEmpty) return b;
        if (ReferenceEquals(a, b)) throw new ArgumentException("a and b are the same partial: merged with itself it would count its rows twice.", nameof(b));
        if (a._origin is { } oa && b._origin is { } ob && !oa.Matches(ob))
        {
            throw new ArgumentException($"{oa.Difference(ob)}; the shards of one retrieval share the similarity and the query.", nameof(b));
        }
        if (a.RowCount > long.MaxValue - b.RowCount) throw new ArgumentException($"b covers {b.RowCount} rows and a {a.RowCount}: their sum overflows a long.", nameof(b));
        var rows = a.RowCount + b.RowCount;
        switch (a.Kind)
        {
            case PartialRetrievalKind.Softmax:
            {
                var (m, l, sum) = (a.Max, a.SumOfExponentials, a._weightedSum.ToArray());
                OnePassMerge.Softmax(a.Beta, ref m, ref l, sum, b.Max, b.SumOfExponentials, b._weightedSum);
                return Softmax(a.Beta, rows, m, l, CheckMerged(sum), a._origin ?? b._origin);
            }
            case PartialRetrievalKind.Power:
            {
                var sum = a._weightedSum.ToArray();
                OnePassMerge.Power<double>(sum, b._weightedSum);
                return Power(a.Degree, rows, CheckMerged(sum), a._origin ?? b._origin);
            }
            default:
                return MergeTop(a, b, rows);
        }
    }

    private static PartialRetrieval MergeTop(PartialRetrieval a, PartialRetrieval b, long rows)
    {
        var shared = a._topIndices.Intersect(b._topIndices).Take(1).ToArray();
        if (shared.Length > 0)
        {
            throw new ArgumentException($"row {shared[0]} is in both partials; shards must cover disjoint rows (check firstRow and the ranges).", nameof(b));
        }
        var k = a.K;
        var o = a.OutputDimension;
        var count = (int)Math.Min(k, (long)a.TopCount + b.TopCount);
        var scores = new double[count];
        var indices = new long[count];
        var source = new int[count];
        OnePassMerge.TopK<double, long>(k, a._topScores, a._topIndices, b._topScores, b._topIndices, scores, indices, source);
        var values = new double[count * o];
        for (var t = 0; t < count; t++)
        {
            var (from, at) = source[t] >= 0 ? (a._topValues, source[t]) : (b._topValues, ~source[t]);
            Array.Copy(from, at * o, values, t * o, o);
        }
        return TopK(k, o, rows, scores, indices, values, a._origin ?? b._origin);
    }

    /// <summary>The output z of the rows covered (the whole memory's answer once every shard is merged in).</summary>
    /// <returns>z, of length <see cref="OutputDimension"/>.</returns>
    /// <exception cref="InvalidOperationException">An empty softmax partial (0/0: no row to weigh).</exception>
    public double[] Complete()
    {
        var z = new double[OutputDimension];
        CompleteInto(z);
        return z;
    }

    /// <summary>
    /// The output into <paramref name="destination"/>; allocates nothing. Softmax: z = a/ℓ. Power: z = a. Top-k:
    /// Σ v_μ over the entries, in increasing row index (as the unsplit retrieval sums them); a top-k partial over fewer
    /// than k rows sums all of them, the empty one gives 0.
    /// </summary>
    /// <param name="destination">Receives z; its length must be <see cref="OutputDimension"/>.</param>
    /// <exception cref="ArgumentException">A destination of another length.</exception>
    /// <exception cref="InvalidOperationException">An empty softmax partial (0/0: no row to weigh).</exception>
    public void CompleteInto(Span<double> destination)
    {
        if (destination.Length != OutputDimension)
        {
            throw new ArgumentException($"destination has length {destination.Length} but the output has length {OutputDimension}; they must match.", nameof(destination));
        }
        switch (Kind)
        {
            case PartialRetrievalKind.Softmax:
                if (IsEmpty) throw new InvalidOperationException("An empty softmax partial has no output (a/ℓ = 0/0: no row to weigh); merge at least one non-empty shard first.");
                OnePassMerge.CompleteSoftmax<double>(SumOfExponentials, _weightedSum, destination);
                break;
            case PartialRetrievalKind.Power:
                _weightedSum.CopyTo(destination);
                break;
            default:
                destination.Clear();
                // Increasing row index: repeatedly the smallest index not yet added (k is small).
                var last = -1L;
                for (var t = 0; t < TopCount; t++)
                {
                    var next = -1;
                    for (var e = 0; e < TopCount; e++)
                    {
                        if (_topIndices[e] > last && (next < 0 || _topIndices[e] < _topIndices[next])) next = e;
                    }
                    last = _topIndices[next];
                    var v = _topValues.AsSpan(next * OutputDimension, OutputDimension);
                    for (var i = 0; i < destination.Length; i++) destination[i] += v[i];
                }
                break;
        }
    }

    /// <summary>The rule in words, for messages: "softmax β = 2", "power n = 3", "top-k k = 5".</summary>
    private string Rule => Kind switch
    {
        PartialRetrievalKind.Softmax => $"softmax β = {CoreCall.Show(Beta)}",
        PartialRetrievalKind.Power => $"power n = {Degree}",
        _ => $"top-k k = {K}",
    };

    /// <summary>The partial of a memory's rule (the fast path's), for <see cref="DenseRetriever"/>.</summary>
    internal static PartialRetrievalKind KindOf(DenseRule rule, out double beta, out int degree, out int k)
    {
        (beta, degree, k) = (0, 0, 0);
        switch (rule.Weighting)
        {
            case DenseWeighting.Softmax: beta = rule.Beta; return PartialRetrievalKind.Softmax;
            case DenseWeighting.TopK: k = rule.K; return PartialRetrievalKind.TopK;
            case DenseWeighting.Identity: degree = 1; return PartialRetrievalKind.Power;
            case DenseWeighting.Square: degree = 2; return PartialRetrievalKind.Power;
            default: degree = rule.Degree; return PartialRetrievalKind.Power;
        }
    }

    internal static PartialRetrieval Softmax(double beta, long rowCount, double max, double sum, double[] weightedSum, PartialOrigin? origin = null) =>
        new(PartialRetrievalKind.Softmax, beta, 0, 0, weightedSum.Length, rowCount, max, sum, weightedSum, [], [], [], origin);

    internal static PartialRetrieval Power(int degree, long rowCount, double[] weightedSum, PartialOrigin? origin = null) =>
        new(PartialRetrievalKind.Power, 0, degree, 0, weightedSum.Length, rowCount, double.NegativeInfinity, 0, weightedSum, [], [], [], origin);

    /// <summary>A top-k partial from entries already best first, distinct and checked.</summary>
    internal static PartialRetrieval TopK(int k, int outputDimension, long rowCount, double[] scores, long[] indices, double[] values, PartialOrigin? origin = null) =>
        new(PartialRetrievalKind.TopK, 0, 0, k, outputDimension, rowCount, double.NegativeInfinity, 0, [], scores, indices, values, origin);

    private static void CheckRowCount(long rowCount)
    {
        if (rowCount < 0) throw new ArgumentOutOfRangeException(nameof(rowCount), rowCount, $"rowCount = {rowCount} is outside its valid range [0, ∞).");
    }

    /// <summary>A copy of <paramref name="x"/>, every entry finite; a refusal names <paramref name="name"/> and the entry.</summary>
    private static double[] Finite(ReadOnlySpan<double> x, string name) => Spans.Vector(x, name);

    /// <summary>A weighted sum: at least one component (an output has one), every entry finite.</summary>
    private static double[] Output(ReadOnlySpan<double> weightedSum)
    {
        if (weightedSum.IsEmpty) throw new ArgumentException("weightedSum is empty; an output has at least one component.", nameof(weightedSum));
        return Finite(weightedSum, nameof(weightedSum));
    }

    private static void CheckZero(double[] a, string name)
    {
        for (var i = 0; i < a.Length; i++)
        {
            if (a[i] != 0) throw new ArgumentOutOfRangeException(name, a[i], $"{name}[{i}] = {CoreCall.Show(a[i])} but an empty partial (rowCount = 0) has a weighted sum of 0.");
        }
    }

    /// <summary>A merged weighted sum, refused when a component left a double's range.</summary>
    private static double[] CheckMerged(double[] sum)
    {
        for (var i = 0; i < sum.Length; i++)
        {
            if (!double.IsFinite(sum[i])) throw new ArgumentException($"Merging a and b makes weighted-sum component {i} {CoreCall.Show(sum[i])}, beyond a double's range (±1.8e308).", "b");
        }
        return sum;
    }
}

/// <summary>
/// How a partial made in this process was retrieved: the similarity and the query (hence the input length). Shards of
/// one retrieval share both; <see cref="PartialRetrieval.Merge"/> refuses two partials whose origins differ.
/// </summary>
internal sealed record PartialOrigin(string Similarity, double[] Query)
{
    /// <summary>Same similarity, and the same query component for component.</summary>
    internal bool Matches(PartialOrigin other) => Similarity == other.Similarity && Query.AsSpan().SequenceEqual(other.Query);

    /// <summary>How <paramref name="b"/>'s origin differs from this one (a's), for Merge's refusal.</summary>
    internal string Difference(PartialOrigin b) =>
        Similarity == b.Similarity && Query.Length == b.Query.Length
            ? $"b was retrieved for another query than a (both with the {Similarity}, for queries of length {Query.Length})"
            : $"b was retrieved {b} but a {this}";

    /// <summary>"with the dot product for a query of length 4".</summary>
    public override string ToString() => $"with the {Similarity} for a query of length {Query.Length}";
}
