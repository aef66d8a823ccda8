using System.Numerics;
using System.Runtime.Intrinsics;

namespace AssociativeKernels.Fast;

/// <summary>The similarity score of a stored row x with a query q on the fast path (larger is more similar).</summary>
internal enum DenseScore
{
    /// <summary>x·q.</summary>
    Dot,
    /// <summary>−‖x − q‖² (UHN Table 2's squared Euclidean distance, negated).</summary>
    Euclidean,
    /// <summary>−Σ|x_i − q_i|.</summary>
    Manhattan,
}

/// <summary>The separation turning the scores s_μ of one query into the weights w_μ of the rows of V.</summary>
internal enum DenseWeighting
{
    /// <summary>w = softmax(β s).</summary>
    Softmax,
    /// <summary>w = s.</summary>
    Identity,
    /// <summary>w = s² (as s·s).</summary>
    Square,
    /// <summary>w = sⁿ.</summary>
    Polynomial,
    /// <summary>w = 1 at the k largest scores (ties to the lower index), 0 elsewhere; k = 1 is max.</summary>
    TopK,
}

/// <summary>What a <see cref="DenseRetrieval{T}"/> computes: z = Σ_μ w_μ(s(X, q)) v_μ.</summary>
/// <param name="Score">The similarity.</param>
/// <param name="Weighting">The separation.</param>
/// <param name="Beta">β of softmax.</param>
/// <param name="Degree">n of the polynomial.</param>
/// <param name="K">k of top-k (1 for max).</param>
internal sealed record DenseRule(DenseScore Score, DenseWeighting Weighting, double Beta = 1, int Degree = 2, int K = 1)
{
    /// <summary>The largest k the fast top-k keeps per core (a sorted list); larger k goes to the reference.</summary>
    internal const int MaxFastK = 64;
}

/// <summary>
/// One-step dense retrieval z_j = Σ_μ w_μ(s(x_μ, q_j)) v_μ for a batch of queries, in float or double, on
/// every core, with the vector width chosen by the caller (<see cref="Simd.Best"/> for users).
/// <para>
/// Two schedules. <b>Streaming</b> (fewer than <see cref="BatchFrom"/> queries): the rows of X are cut into
/// ranges, one per part; a part walks its range block by block (a block fits the L2 cache), scores the block
/// against each query and folds it into that query's running state at once — the online softmax (running
/// maximum m, running sum ℓ, accumulator rescaled by e^{β(m_old − m_new)} when the maximum grows), the
/// running sums of the polynomial separations, or the running top-k list — so X is read from memory once
/// for all the queries and no score vector is ever stored. One query under softmax over auto-associative rows
/// (the common retrieval) goes a row at a time instead, each row's weighted add done in the loop that scores the
/// next row (<see cref="StreamSoftmax"/>), so memory is never kept waiting. Parts merge at the end by <see cref="OnePassMerge"/>
/// (softmax: ℓ = Σ_p e^{β(m_p − m)} ℓ_p, acc = Σ_p e^{β(m_p − m)} acc_p, z = acc/ℓ), the formulas that also merge
/// <see cref="PartialRetrieval"/> shards. <b>Batched</b> (more queries): queries are cut
/// into blocks, one per part, and a part walks the rows in row blocks (<see cref="RowBlock"/>, about
/// <see cref="RowBlockBytes"/> of rows). For the dot product a row block is first staged — copied (or widened from
/// bfloat16) into aligned scratch by one sequential read (<see cref="PartScratch.Stage"/>) — and its scores
/// (rows × queries) come from the register-tiled product (<see cref="Gemm"/>) over that copy; they come from the
/// four-row difference kernels of the streaming schedule for the Euclidean and Manhattan distances (see
/// <b>Distances</b>). The separation is applied to them in place (softmax: against each query's running maximum, the
/// online softmax of the streaming schedule, with the outputs so far rescaled when a maximum grows), and the second
/// tiled product adds the block's projection onto its value rows to the outputs (through the pending sums of
/// <b>Accumulation</b>) while those rows are still in L2 — so the rows are read from memory once for both
/// products and only one row block's scores are ever stored (RowBlock × 256 elements of scratch, whatever M).
/// Softmax divides by the running sums at the end.
/// </para>
/// <para>
/// <b>Accumulation.</b> Weighted rows are never added straight into a running total over all M rows (in float that
/// drifted by M·u: 4 000 000 equal rows of 0.1 came back as 0.0961 from a batch). Both schedules add them into pending
/// sums — the stream's for <see cref="FoldRows"/> rows (the single-query stream) or the first block that reaches them
/// (several queries), the batch's for <see cref="BatchFoldRows"/> rows — and fold those into the totals with a
/// compensated addition (<see cref="PartScratch.FoldPending"/>); the softmax's running sums of weights are
/// compensated too. A total is then within about (rows per fold + 4)·u·Σ_μ|w_μ v_μi| of the exact sum whatever M is.
/// </para>
/// <para>
/// <b>Skipped rows.</b> Softmax skips, in the projection only, every row whose unnormalized weight
/// e^{β(s − m)} relative to the running (hence at most the final) maximum is below ε = u / M (u the unit
/// roundoff of T, M the number of rows). Each skipped row's normalized weight is then below ε, so the
/// skipped weight totals W &lt; M ε = u and the output moves by at most W·(|v_μi| + |z_i|) ≤ 2u·max_μ|v_μi|
/// per component — the size of one rounding of the sum itself. Top-k projects only its k rows. In batches
/// a row block takes the sparse projection when fewer than one weight in 16 is above ε (large β), otherwise the
/// dense product, which includes every weight and skips nothing.
/// </para>
/// <para>
/// <b>Distances.</b> Both schedules form Σ(x_i − q_i)² and Σ|x_i − q_i| from the differences, with the same
/// row kernel, so a batch's distances are the single query's to the last bit and each is within
/// γ_{N+1}·‖x − q‖² (resp. γ_N·Σ|x_i − q_i|) of the exact one — a relative error, whatever the offset of the
/// data. The expansion ‖x‖² + ‖q‖² − 2x·q, which the batches once used to ride on the matrix product, has an
/// error of γ_{N+2}(‖x‖² + ‖q‖² + 2|x|·|q|) instead: for data at offset c with spread σ that is ~N c² u against
/// distances of ~N σ², and it picked the wrong row for 38 of 40 queries at c = 1000, σ = 0.05 in float (issue 11
/// item 2). Centring the data would leave an error ~u(‖x − x̄‖ + ‖q − x̄‖)², still not relative for a query and
/// row close to each other but far from the mean, so the difference form is used.
/// </para>
/// <para>
/// <b>Range.</b> Inputs are trusted: the facade validates (finite entries, lengths) and sends here only data for
/// which <see cref="Fits"/> holds — scores, weights and outputs inside T's range — and everything else to the
/// reference, which scales (AssociativeKernels.Core ScaledScores).
/// </para>
/// <para>
/// <b>bfloat16 rows.</b> Over bfloat16 rows (T = float, auto-associative, dot product, not top-k) the streaming
/// schedule's row kernels widen each vector of a row in the register (a 16-bit shift, exact:
/// <see cref="BFloat16Load{TVec, T}"/>), the float kernels' operations on the same values, so memory is read at
/// 2 bytes an entry and nothing is copied; the batched schedule widens each row block once
/// (<see cref="PartScratch.Stage"/>, bounded scratch) for both of its products and always takes the dense
/// projection. Accumulation is in float. The
/// error the rounding to bfloat16 adds is derived in ModernHopfieldNetwork.Create(PatternStore, double).
/// </para>
/// </summary>
internal sealed class DenseRetrieval<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>The query count from which the batched (matrix-product) schedule is used.</summary>
    internal const int BatchFrom = 32;

    /// <summary>
    /// How far ahead, in bytes of rows, the streaming scorer asks for rows to be brought into L1
    /// (<see cref="PrefetchRows"/>; 16 KiB is a third of the 48 KiB L1 of both machines measured). On the AMD Zen 5,
    /// 2026-12-03 (mchn-single, M = 100 000, N = 784, 2 cores, 30 alternating rounds of 3 calls in one process,
    /// medians), 16 KiB into L1 against 32 KiB into L2 (the Xeon's choice before): f64 18.4 against 19.4 ms and 18.4
    /// against 19.1 ms (faster in 25 and 22 of 30 rounds), f32 7.9 against 8.3 ms (27 of 30), bf16 3.8 against 4.1 ms
    /// (24 of 30); 2–31 queries no slower (4 and 16 queries, f64 and f32); 4 and 8 KiB into L1 no better. An A/A run
    /// of that harness differs by up to ±5 %, in 10–19 of 30 rounds (bench/README.md, "Prefetch distance"). On the
    /// Xeon, into L2, 0 / 16 / 32 / 64 KiB ahead: bf16 11.2–11.6 / 8.9–9.8 / 9.1–9.3 / 9.6–10.2 ms, f32 15.6–18.1 /
    /// 15.6–17.6 / 14.7–15.2 / 15.7–16.3 ms, f64 33.4–37.3 / 32.9–35.5 / 32.5–34.9 / 36.2–38.8 ms.
    /// </summary>
    private const int PrefetchBytes = 1 << 14;

    /// <summary>Rows the streaming schedule adds into its pending sums before folding them into the accumulators (compensated, <see cref="PartScratch.FoldPending"/>).</summary>
    private const int FoldRows = 128;

    /// <summary>
    /// The rows the batched schedule adds into its pending sums between two compensated folds into the outputs (each
    /// fold reads and writes three query-block-sized arrays, so it is done less often than the stream's).
    /// </summary>
    private const int BatchFoldRows = 2048;

    /// <summary>The most queries in one batched block (a row block's scores take <see cref="RowBlock"/> × this many elements of scratch).</summary>
    private const int MaxBlock = 256;

    /// <summary>
    /// The bytes of stored rows in one row block of the batched schedule (<see cref="RowBlock"/>): small enough that the
    /// block's rows are still in L2 when the projection reads them after the scores did.
    /// </summary>
    private const int RowBlockBytes = 1 << 19;

    /// <summary>Work below this many multiply–adds runs on the calling thread (waking a core costs ~10–50 µs).</summary>
    private const long ParallelFrom = 1L << 21;

    private readonly Rows<T> _keys;
    private readonly Rows<T> _values;
    /// <summary>bfloat16 rows (keys = values), widened to float in registers (streaming) or block by block (batches); Count 0 unless this is such an engine.</summary>
    private readonly Rows<ushort> _bf16;
    private readonly int _count, _dimension, _outputDimension;
    private readonly DenseRule _rule;
    private readonly T _beta;
    private readonly T _negligible;
    private Job? _idle;

    /// <summary>Retrieval from keys X (rows) onto values V (rows; the same rows when auto-associative).</summary>
    internal DenseRetrieval(Rows<T> keys, Rows<T> values, DenseRule rule)
        : this(keys.Count, keys.Dimension, values.Dimension, rule)
    {
        _keys = keys;
        _values = values;
    }

    /// <summary>
    /// Auto-associative retrieval (keys = values) over bfloat16 rows (T = float only): the streaming schedule widens
    /// them in registers, the batched one row block at a time into scratch (see the class comment). The rule must use
    /// the dot product and not top-k.
    /// </summary>
    internal DenseRetrieval(Rows<ushort> patterns, DenseRule rule)
        : this(patterns.Count, patterns.Dimension, patterns.Dimension, rule)
    {
        if (typeof(T) != typeof(float) || rule.Score != DenseScore.Dot || rule.Weighting == DenseWeighting.TopK)
        {
            throw new ArgumentException($"DenseRetrieval: bfloat16 rows need T = float, the dot product and no top-k; got {typeof(T).Name}, {rule}.");
        }
        _bf16 = patterns;
    }

    private DenseRetrieval(int count, int dimension, int outputDimension, DenseRule rule)
    {
        _count = count;
        _dimension = dimension;
        _outputDimension = outputDimension;
        _rule = rule;
        _beta = T.CreateTruncating(rule.Beta);
        // ε = u / M: the unit roundoff of T over the number of rows (see the class comment).
        var u = typeof(T) == typeof(float) ? Math.ScaleB(1.0, -24) : Math.ScaleB(1.0, -53);
        _negligible = T.CreateTruncating(u / count);
    }

    /// <summary>The number M of stored rows.</summary>
    internal int Count => _count;
    /// <summary>The query length N.</summary>
    internal int Dimension => _dimension;
    /// <summary>The output length O.</summary>
    internal int OutputDimension => _outputDimension;
    /// <summary>Value row μ (the stored row itself; a bfloat16 store's rows are not readable this way).</summary>
    internal ReadOnlySpan<T> ValueRow(int mu) => _values[mu];
    /// <summary>Whether the rows are bfloat16 (widened in registers when streaming, block by block in batches).</summary>
    private bool Widens => _bf16.Count > 0;

    /// <summary>Whether this rule runs here (top-k with k ≤ <see cref="DenseRule.MaxFastK"/>; everything else always).</summary>
    internal static bool Supports(DenseRule rule) => rule.Weighting != DenseWeighting.TopK || rule.K <= DenseRule.MaxFastK;

    /// <summary>
    /// Whether this engine computes <paramref name="rule"/> over <paramref name="count"/> rows of length
    /// <paramref name="dimension"/> with max|x| = <paramref name="maxKey"/>, max|v| = <paramref name="maxValue"/>
    /// for queries with max|q| = <paramref name="maxQuery"/> with every intermediate inside T's range.
    /// <para>
    /// The score bound S = N·max|x|·max|q| (dot), N(max|x| + max|q|)² (Euclidean) or N(max|x| + max|q|)
    /// (Manhattan) must lie in [2^lo, 2^hi] (or be 0): hi = 1000 (double), 100 (float) leaves 2^23 of headroom
    /// below the overflow threshold for sums and rescalings; lo = −900 (double), −100 (float) keeps the largest
    /// products out of the subnormal range — the same window as the core's ScaledScores, so inside it engine and
    /// reference compute the same unscaled quantities. Softmax needs β itself in T (float: 2⁻¹²⁶ ≤ β ≤ 2¹²⁷; its
    /// products β(s − m) ≤ 0 may overflow to −∞, giving weight 0, which is right) and log₂(M·max|v|) ≤ hi: the
    /// running weighted sum Σ_μ e^{β(s_μ − m)} v_μ, each weight at most 1, reaches M·max|v| before it is divided by
    /// the sum of the weights (without this bound, four float rows of 3e38 gave ±∞ where the answer is the row
    /// itself); the powers sⁿ (identity n = 1,
    /// square n = 2) need n·log₂S ≤ hi and n·log₂S + log₂(M·max|v|) ≤ hi, and top-k log₂(k·max|v|) ≤ hi. Float also needs every key,
    /// value and query component to be a finite float (max ≤ 3.4e38): a double query on a float store is rounded
    /// to float, and one beyond float's range would become ±∞.
    /// </para>
    /// </summary>
    internal static bool Fits(DenseRule rule, int count, int dimension, double maxKey, double maxQuery, double maxValue) =>
        OutOfRange(rule, count, dimension, maxKey, maxQuery, maxValue) is null;

    /// <summary>Why <see cref="Fits"/> is false (the first condition that fails, in words with its bound), or null when it is true.</summary>
    internal static string? OutOfRange(DenseRule rule, int count, int dimension, double maxKey, double maxQuery, double maxValue)
    {
        var single = typeof(T) == typeof(float);
        var (low, high) = single ? (-100.0, 100.0) : (-900.0, 1000.0);
        var engine = single ? "float" : "double";
        if (single && !(maxKey <= float.MaxValue && maxValue <= float.MaxValue))
        {
            return $"max|x| = {Show(Math.Max(maxKey, maxValue))} is beyond float's range (3.4e38), and this engine computes in float";
        }
        if (single && !(maxQuery <= float.MaxValue)) return $"max|q| = {Show(maxQuery)} is beyond float's range (3.4e38), and this engine computes in float";
        var score = Math.Log2(dimension) + rule.Score switch
        {
            DenseScore.Dot => Math.Log2(maxKey) + Math.Log2(maxQuery),
            DenseScore.Euclidean => 2 * Math.Log2(maxKey + maxQuery),
            _ => Math.Log2(maxKey + maxQuery),
        };
        if (score > high || (score < low && !double.IsNegativeInfinity(score)))
        {
            return $"with max|q| = {Show(maxQuery)} the scores (N = {dimension}, max|x| = {Show(maxKey)}) leave the {engine} engine's range "
                + $"(their bound S must be 0 or lie in [2^{low}, 2^{high}]; S = N·max|x|·max|q| for the dot product)";
        }
        var sumOfRows = Math.Log2(count) + Math.Log2(maxValue) <= high
            ? null
            : $"the weighted sum of its M = {count} rows of max|x| = {Show(maxValue)} can leave the {engine} engine's range (M·max|x| must be at most 2^{high})";
        return rule.Weighting switch
        {
            DenseWeighting.Softmax when single && !(rule.Beta >= Math.ScaleB(1.0, -126) && rule.Beta <= Math.ScaleB(1.0, 127)) =>
                $"β = {Show(rule.Beta)} is outside float's range [2^-126, 2^127]",
            DenseWeighting.Softmax => sumOfRows,
            DenseWeighting.TopK => Math.Log2(rule.K) + Math.Log2(maxValue) <= high
                ? null
                : $"the sum of k = {rule.K} value rows of max|x| = {Show(maxValue)} can leave the {engine} engine's range (k·max|x| must be at most 2^{high})",
            _ => !(Degree(rule) * score <= high && Degree(rule) * score + Math.Log2(count) + Math.Log2(maxValue) <= high)
                ? $"the scores' power n = {Degree(rule)} summed over M = {count} rows of max|x| = {Show(maxValue)} can leave the {engine} engine's range "
                  + $"(Sⁿ·M·max|x| must be at most 2^{high})"
                : null,
        };
    }

    private static string Show(double x) => AssociativeKernels.Interop.CoreCall.Show(x);

    /// <summary>The n of the power separations (identity 1, square 2, polynomial n).</summary>
    private static int Degree(DenseRule rule) => rule.Weighting switch
    {
        DenseWeighting.Identity => 1,
        DenseWeighting.Square => 2,
        _ => rule.Degree,
    };

    /// <summary>
    /// z_j for the <paramref name="count"/> queries stored row after row in <paramref name="queries"/>, into
    /// <paramref name="destination"/> (row after row, O each).
    /// </summary>
    internal unsafe void Retrieve(ReadOnlySpan<T> queries, int count, Span<T> destination, Width width)
    {
        var n = Dimension;
        if (count < 1 || queries.Length < count * n || destination.Length < count * OutputDimension)
        {
            throw new ArgumentException("DenseRetrieval: buffer too short");
        }
        var job = Interlocked.Exchange(ref _idle, null) ?? new Job(this);
        fixed (T* q = queries)
        fixed (T* z = destination)
        {
            job.Start(q, z, count, width, 0, Count, partial: false);
            try
            {
                Dispatch(job, width);
            }
            finally
            {
                job.Finish();
                _idle = job;
            }
        }
    }

    /// <summary>
    /// The one-pass state of rows [<paramref name="from"/>, <paramref name="to"/>) (non-empty) for one query: the
    /// streaming schedule folded over its parts (<see cref="OnePassMerge"/>) but not completed. Softmax gives
    /// (<paramref name="max"/>, <paramref name="sum"/>, <paramref name="weightedSum"/>), the power separations
    /// <paramref name="weightedSum"/>, top-k the <paramref name="topCount"/> = min(k, to − from) best pairs (row indices
    /// of this memory) in <see cref="OnePassMerge.Before{T, TIndex}"/> order.
    /// </summary>
    internal unsafe void RetrievePartial(ReadOnlySpan<T> query, int from, int to, Width width,
        out T max, out T sum, Span<T> weightedSum, Span<T> topScores, Span<int> topIndices, out int topCount)
    {
        if (query.Length != Dimension || from < 0 || to > Count || from >= to || weightedSum.Length != OutputDimension)
        {
            throw new ArgumentException("DenseRetrieval: bad partial range or buffer");
        }
        var job = Interlocked.Exchange(ref _idle, null) ?? new Job(this);
        fixed (T* q = query)
        {
            job.Start(q, null, 1, width, from, to, partial: true);
            try
            {
                Dispatch(job, width);
                var s = job.Scratch(0);
                (max, sum, topCount) = (s.Max[0], s.Sum[0], 0);
                s.Accumulator(0).CopyTo(weightedSum);
                if (_rule.Weighting == DenseWeighting.TopK)
                {
                    topCount = s.TopCount(0);
                    s.TopScores(0).CopyTo(topScores);
                    s.TopIndices(0).CopyTo(topIndices);
                }
            }
            finally
            {
                job.Finish();
                _idle = job;
            }
        }
    }

    private void Dispatch(Job job, Width width)
    {
        switch (width)
        {
            case Width.Wide: Run<Vector512<T>, Wide<T>>(job); break;
            case Width.Medium: Run<Vector256<T>, Medium<T>>(job); break;
            default: Run<Vector128<T>, Narrow<T>>(job); break;
        }
    }

    private void Run<TVec, TOps>(Job job) where TVec : struct where TOps : struct, IVectorOps<TVec, T>
    {
        var rows = job.RowTo - job.RowFrom;
        var work = (long)rows * Dimension * job.QueryCount;
        if (job.QueryCount < BatchFrom || job.Partial)
        {
            var parts = work < ParallelFrom ? 1 : Math.Min(Cores.Parts(rows, 64), 2 * Cores.Count);
            job.Plan(parts, batched: false);
            Cores.Run(job, parts);
            FoldParts(job, parts);
            if (!job.Partial) CompleteStreams(job);
        }
        else
        {
            var cores = work < ParallelFrom ? 1 : Cores.Count;
            var block = Math.Min(MaxBlock, (job.QueryCount + cores - 1) / cores);
            var parts = (job.QueryCount + block - 1) / block;
            job.Plan(parts, batched: true, block);
            Cores.Run(job, parts);
        }
    }

    // ---------------------------------------------------------------- streaming schedule

    /// <summary>One part of the streaming schedule: rows [from, to) against every query, into the part's state.</summary>
    private void Stream<TVec, TOps>(Job job, int part, int parts) where TVec : struct where TOps : struct, IVectorOps<TVec, T>
    {
        var (from, to) = job.Rows(part, parts);
        var s = job.Scratch(part);
        var count = job.QueryCount;
        var n = Dimension;
        var o = OutputDimension;
        s.Reset(count, o, _rule);
        if (count == 1 && _rule.Weighting == DenseWeighting.Softmax && (Widens || _keys.IsSameAs(_values)))
        {
            StreamSoftmax<TVec, TOps>(s, from, to, job.Query(0));
            return;
        }
        // A block of rows is scored, then added with its weights while still in L2: 256 KiB of stored rows.
        var block = Math.Clamp((1 << 18) / (n * RowElementBytes) / 4 * 4, 4, 256);
        var scores = s.Scores(block);
        var sums = _rule.Weighting != DenseWeighting.TopK;
        var sinceFold = 0;
        for (var b0 = from; b0 < to; b0 += block)
        {
            var b1 = Math.Min(to, b0 + block);
            for (var j = 0; j < count; j++)
            {
                var q = job.Query(j);
                var sc = scores[..(b1 - b0)];
                ScoreRows<TVec, TOps>(b0, b1, q, sc);
                Fold<TVec, TOps>(s, j, b0, sc);
            }
            sinceFold += b1 - b0;
            if (!sums || sinceFold < FoldRows) continue;
            for (var j = 0; j < count; j++) s.FoldPending<TVec, TOps>(s.Accumulator(j), j);
            sinceFold = 0;
        }
        if (!sums) return;
        for (var j = 0; j < count; j++) s.CompletePending<TVec, TOps>(s.Accumulator(j), j);
    }

    /// <summary>sc[μ − b0] = s(x_μ, q) for μ in [b0, b1): the score's row kernel, chosen once per block.</summary>
    private void ScoreRows<TVec, TOps>(int b0, int b1, ReadOnlySpan<T> q, Span<T> sc) where TVec : struct where TOps : struct, IVectorOps<TVec, T>
    {
        if (Widens)
        {
            ScoreRowsWith<TVec, TOps, DotReduction<TVec, T>, ushort, BFloat16Load<TVec, T>>(_bf16, b0, b1, q, sc, negate: false);
            return;
        }
        switch (_rule.Score)
        {
            case DenseScore.Dot: ScoreRowsWith<TVec, TOps, DotReduction<TVec, T>, T, SameLoad<TVec, T>>(_keys, b0, b1, q, sc, negate: false); break;
            case DenseScore.Euclidean: ScoreRowsWith<TVec, TOps, SquaredDistanceReduction<TVec, T>, T, SameLoad<TVec, T>>(_keys, b0, b1, q, sc, negate: true); break;
            default: ScoreRowsWith<TVec, TOps, ManhattanReduction<TVec, T>, T, SameLoad<TVec, T>>(_keys, b0, b1, q, sc, negate: true); break;
        }
    }

    /// <summary>
    /// sc[μ − b0] = ±Σ_i f(x_μi, q_i) for the rows μ in [b0, b1) of <paramref name="rows"/> (negated for the distances),
    /// one row at a time, each call asking for the row <see cref="PrefetchRows"/> further on to be brought into L1.
    /// </summary>
    private void ScoreRowsWith<TVec, TOps, TPair, TElem, TLoad>(Rows<TElem> rows, int b0, int b1, ReadOnlySpan<T> q, Span<T> sc, bool negate)
        where TVec : struct where TOps : struct, IVectorOps<TVec, T> where TPair : struct, IPairReduction<TVec, T>
        where TElem : unmanaged where TLoad : struct, IRowLoad<TVec, T, TElem>
    {
        var ahead = PrefetchRows;
        for (var mu = b0; mu < b1; mu++)
        {
            var next = Ahead(rows, mu, ahead);
            var r = RowKernels.Reduce<TVec, TOps, T, TPair, TElem, TLoad>(rows[mu], q, next);
            sc[mu - b0] = negate ? -r : r;
        }
    }

    /// <summary>
    /// One query's softmax over rows [from, to), auto-associative: row μ is scored while row μ − 1, scored before,
    /// is added with its weight in the same loop (<see cref="RowKernels.ReduceAndAccumulate{TVec, TOps, T, TPair, TElem, TLoad}"/>),
    /// so the pass reads memory without pauses; the online softmax advances a row at a time (the block schedule's
    /// state, skip rule and scores to the bit; the additions differ in order, and the weighted sum and the sum of the
    /// weights are compensated: rows are added into a pending sum that is folded into the accumulator every
    /// <see cref="FoldRows"/> rows (<see cref="PartScratch.FoldPending"/>), so the rounding error
    /// stays about (FoldRows + 4)·u of the result whatever the number of rows).
    /// </summary>
    private void StreamSoftmax<TVec, TOps>(PartScratch s, int from, int to, ReadOnlySpan<T> q) where TVec : struct where TOps : struct, IVectorOps<TVec, T>
    {
        if (Widens)
        {
            StreamSoftmaxWith<TVec, TOps, DotReduction<TVec, T>, ushort, BFloat16Load<TVec, T>>(_bf16, s, from, to, q, negate: false);
            return;
        }
        switch (_rule.Score)
        {
            case DenseScore.Dot: StreamSoftmaxWith<TVec, TOps, DotReduction<TVec, T>, T, SameLoad<TVec, T>>(_keys, s, from, to, q, negate: false); break;
            case DenseScore.Euclidean: StreamSoftmaxWith<TVec, TOps, SquaredDistanceReduction<TVec, T>, T, SameLoad<TVec, T>>(_keys, s, from, to, q, negate: true); break;
            default: StreamSoftmaxWith<TVec, TOps, ManhattanReduction<TVec, T>, T, SameLoad<TVec, T>>(_keys, s, from, to, q, negate: true); break;
        }
    }

    /// <summary><see cref="StreamSoftmax"/> over the rows of <paramref name="rows"/> with the score's pair reduction.</summary>
    private void StreamSoftmaxWith<TVec, TOps, TPair, TElem, TLoad>(Rows<TElem> rows, PartScratch s, int from, int to, ReadOnlySpan<T> q, bool negate)
        where TVec : struct where TOps : struct, IVectorOps<TVec, T> where TPair : struct, IPairReduction<TVec, T>
        where TElem : unmanaged where TLoad : struct, IRowLoad<TVec, T, TElem>
    {
        // Two levels: the rows are added into `part` (the scratch's pending sum), which is folded into acc every FoldRows
        // rows with a compensated addition (PartScratch.FoldPending), and the weights' sum is compensated too. Added straight
        // into acc, a float accumulator over millions of rows drifted: 4 000 000 equal rows of 0.1 gave 0.10096, and
        // uniform [0, 1) rows (N = 8, β = 0.5) a relative error of 6.7e-5; now 0.1000001 and 1.3e-7.
        var acc = s.Accumulator(0);
        var part = s.Pending(0);
        ref var m = ref s.Max[0];
        ref var sum = ref s.Sum[0];
        ref var sumCarry = ref s.SumCarry[0];
        var ahead = PrefetchRows;
        var pending = -1;
        var weight = T.Zero;
        for (var mu = from; mu < to; mu++)
        {
            var next = Ahead(rows, mu, ahead);
            var r = pending < 0
                ? RowKernels.Reduce<TVec, TOps, T, TPair, TElem, TLoad>(rows[mu], q, next)
                : RowKernels.ReduceAndAccumulate<TVec, TOps, T, TPair, TElem, TLoad>(rows[mu], q, next, weight, rows[pending], part);
            var score = negate ? -r : r;
            RaiseMax<TVec, TOps>(s, 0, acc, score);
            weight = T.Exp(_beta * (score - m));
            RowKernels.AddCompensated(ref sum, weight, ref sumCarry);
            pending = weight > _negligible ? mu : -1;
            if ((mu - from) % FoldRows == FoldRows - 1) s.FoldPending<TVec, TOps>(acc, 0);
        }
        if (pending >= 0)
        {
            var last = rows[pending];
            RowKernels.Accumulate4<TVec, TOps, T, TElem, TLoad>(weight, last, T.Zero, last, T.Zero, last, T.Zero, last, part);
        }
        s.CompletePending<TVec, TOps>(acc, 0);
    }

    /// <summary>
    /// The online softmax's new maximum for query <paramref name="j"/>: when <paramref name="candidate"/> exceeds its
    /// running maximum m, everything that holds a sum of weights taken against m — <paramref name="total"/>, the
    /// pending rows and carries of the two-level accumulation, the running sum and its carry — is rescaled by
    /// e^{β(m − candidate)} (nothing to rescale while m is −∞), and m becomes the candidate.
    /// </summary>
    private void RaiseMax<TVec, TOps>(PartScratch s, int j, Span<T> total, T candidate) where TVec : struct where TOps : struct, IVectorOps<TVec, T>
    {
        ref var m = ref s.Max[j];
        if (!(candidate > m)) return;
        if (T.IsFinite(m))
        {
            var rescale = T.Exp(_beta * (m - candidate));
            RowKernels.Scale<TVec, TOps, T>(total, rescale);
            RowKernels.Scale<TVec, TOps, T>(s.Pending(j), rescale);
            RowKernels.Scale<TVec, TOps, T>(s.Carry(j), rescale);
            s.Sum[j] *= rescale;
            s.SumCarry[j] *= rescale;
        }
        m = candidate;
    }

    /// <summary>The row <paramref name="ahead"/> rows after <paramref name="mu"/>, for the scorers to prefetch (empty when none is).</summary>
    private ReadOnlySpan<TElem> Ahead<TElem>(Rows<TElem> rows, int mu, int ahead) where TElem : unmanaged =>
        ahead > 0 && mu + ahead < _count ? rows[mu + ahead] : default;

    /// <summary>Bytes per stored element: 2 for bfloat16 rows, else the size of T.</summary>
    private int RowElementBytes => Widens ? sizeof(ushort) : System.Runtime.CompilerServices.Unsafe.SizeOf<T>();

    /// <summary>
    /// How many rows ahead the scorer prefetches (<see cref="RowKernels.Reduce{TVec, TOps, T, TPair, TElem, TLoad}"/>):
    /// <see cref="PrefetchBytes"/> of rows, at least one; none for rows over 256 KiB, whose length the hardware
    /// prefetchers follow on their own.
    /// </summary>
    private int PrefetchRows
    {
        get
        {
            var rowBytes = (long)Dimension * RowElementBytes;
            return rowBytes > (1 << 18) ? 0 : (int)Math.Max(1, (PrefetchBytes + rowBytes - 1) / rowBytes);
        }
    }

    /// <summary>
    /// Folds the scores of rows [b0, b0 + sc.Length) into query j's running state: the weighted rows into its pending
    /// sum (folded into its accumulator by the caller, <see cref="PartScratch.FoldPending"/>), the softmax's weights
    /// into its compensated running sum.
    /// </summary>
    private void Fold<TVec, TOps>(PartScratch s, int j, int b0, Span<T> sc) where TVec : struct where TOps : struct, IVectorOps<TVec, T>
    {
        switch (_rule.Weighting)
        {
            case DenseWeighting.Softmax:
            {
                var blockMax = sc[0];
                foreach (var x in sc) blockMax = T.Max(blockMax, x);
                RaiseMax<TVec, TOps>(s, j, s.Accumulator(j), blockMax);
                RowKernels.AddCompensated(ref s.Sum[j], RowKernels.ExpShifted<TVec, TOps, T>(sc, _beta, s.Max[j]), ref s.SumCarry[j]);
                AccumulateRows<TVec, TOps>(b0, sc, s.Pending(j), _negligible);
                break;
            }
            case DenseWeighting.TopK:
                for (var i = 0; i < sc.Length; i++) s.Offer(j, sc[i], b0 + i);
                break;
            default:
                ApplyPolynomial(sc);
                AccumulateRows<TVec, TOps>(b0, sc, s.Pending(j), T.Zero);
                break;
        }
    }

    /// <summary>w ← sep(w) in place for the polynomial separations (identity, square, n-th power).</summary>
    private void ApplyPolynomial(Span<T> w)
    {
        switch (_rule.Weighting)
        {
            case DenseWeighting.Square:
                for (var i = 0; i < w.Length; i++) w[i] *= w[i];
                break;
            case DenseWeighting.Polynomial:
                for (var i = 0; i < w.Length; i++) w[i] = T.CreateTruncating(Math.Pow(double.CreateTruncating(w[i]), _rule.Degree));
                break;
        }
    }

    /// <summary>acc += Σ w_i v_{b0+i} over the rows whose weight's magnitude is above <paramref name="skipBelow"/> (rows at or below it add nothing).</summary>
    private void AccumulateRows<TVec, TOps>(int b0, ReadOnlySpan<T> w, Span<T> acc, T skipBelow) where TVec : struct where TOps : struct, IVectorOps<TVec, T>
    {
        if (Widens) AccumulateRowsOf<TVec, TOps, ushort, BFloat16Load<TVec, T>>(_bf16, b0, w, acc, skipBelow);
        else AccumulateRowsOf<TVec, TOps, T, SameLoad<TVec, T>>(_values, b0, w, acc, skipBelow);
    }

    /// <summary><see cref="AccumulateRows"/> over the rows of <paramref name="rows"/>, four at a time.</summary>
    private static void AccumulateRowsOf<TVec, TOps, TElem, TLoad>(Rows<TElem> rows, int b0, ReadOnlySpan<T> w, Span<T> acc, T skipBelow)
        where TVec : struct where TOps : struct, IVectorOps<TVec, T> where TElem : unmanaged where TLoad : struct, IRowLoad<TVec, T, TElem>
    {
        Span<int> kept = stackalloc int[4];
        var k = 0;
        for (var i = 0; i < w.Length; i++)
        {
            if (!(T.Abs(w[i]) > skipBelow)) continue;
            kept[k++] = i;
            if (k < 4) continue;
            RowKernels.Accumulate4<TVec, TOps, T, TElem, TLoad>(w[kept[0]], rows[b0 + kept[0]], w[kept[1]], rows[b0 + kept[1]],
                w[kept[2]], rows[b0 + kept[2]], w[kept[3]], rows[b0 + kept[3]], acc);
            k = 0;
        }
        if (k == 0) return;
        // The last one to three rows; the missing slots repeat the first row with weight 0 (adding exactly 0).
        var first = rows[b0 + kept[0]];
        RowKernels.Accumulate4<TVec, TOps, T, TElem, TLoad>(w[kept[0]], first, k > 1 ? w[kept[1]] : T.Zero, k > 1 ? rows[b0 + kept[1]] : first,
            k > 2 ? w[kept[2]] : T.Zero, k > 2 ? rows[b0 + kept[2]] : first, T.Zero, first, acc);
    }

    /// <summary>Folds every part's state into part 0's by <see cref="OnePassMerge"/> (the formulas <see cref="PartialRetrieval.Merge"/> uses).</summary>
    private void FoldParts(Job job, int parts)
    {
        var s0 = job.Scratch(0);
        for (var j = 0; j < job.QueryCount; j++)
        {
            for (var p = 1; p < parts; p++)
            {
                var s = job.Scratch(p);
                switch (_rule.Weighting)
                {
                    case DenseWeighting.Softmax:
                        OnePassMerge.Softmax(_beta, ref s0.Max[j], ref s0.Sum[j], s0.Accumulator(j), s.Max[j], s.Sum[j], s.Accumulator(j));
                        break;
                    case DenseWeighting.TopK:
                        MergeTop(s0, s, j);
                        break;
                    default:
                        OnePassMerge.Power<T>(s0.Accumulator(j), s.Accumulator(j));
                        break;
                }
            }
        }
    }

    /// <summary>Query j's top-k list of <paramref name="into"/> ← the k best of its own and <paramref name="other"/>'s.</summary>
    private void MergeTop(PartScratch into, PartScratch other, int j)
    {
        var k = _rule.K;
        Span<T> scores = stackalloc T[k];
        Span<int> indices = stackalloc int[k];
        Span<int> source = stackalloc int[k];
        var count = OnePassMerge.TopK<T, int>(k, into.TopScores(j), into.TopIndices(j), other.TopScores(j), other.TopIndices(j), scores, indices, source);
        into.SetTop(j, scores[..count], indices[..count]);
    }

    /// <summary>The outputs from part 0's folded state: softmax a/ℓ, the power sums as they are, top-k Σ v_μ over its rows.</summary>
    private void CompleteStreams(Job job)
    {
        var s0 = job.Scratch(0);
        for (var j = 0; j < job.QueryCount; j++)
        {
            var z = job.Output(j);
            switch (_rule.Weighting)
            {
                case DenseWeighting.Softmax:
                    OnePassMerge.CompleteSoftmax<T>(s0.Sum[j], s0.Accumulator(j), z);
                    break;
                case DenseWeighting.TopK:
                    SumTop(s0.TopIndices(j), z);
                    break;
                default:
                    s0.Accumulator(j).CopyTo(z);
                    break;
            }
        }
    }

    /// <summary>z = Σ v_μ over the rows <paramref name="top"/>, summed in increasing μ as the reference does.</summary>
    private void SumTop(ReadOnlySpan<int> top, Span<T> z)
    {
        Span<int> chosen = stackalloc int[top.Length];
        top.CopyTo(chosen);
        chosen.Sort();
        z.Clear();
        foreach (var mu in chosen)
        {
            var v = _values[mu];
            for (var i = 0; i < z.Length; i++) z[i] += v[i];
        }
    }

    // ---------------------------------------------------------------- batched schedule

    /// <summary>
    /// One block of queries of the batched schedule, written straight to its rows of the destination. The rows go by
    /// in blocks of <see cref="RowBlock"/>: a block's scores (rows × queries, <see cref="BlockScores"/>) become its
    /// weights in place and are projected onto the block's value rows at once, added to the outputs, so the block's
    /// rows are read from memory once for both products (they are still in L2 for the second) and the scores of
    /// only one block are ever stored. Softmax keeps each query's running maximum and sum, as the streaming
    /// schedule does (<see cref="RaiseMax"/>), and divides by the sum at the end; top-k offers every score to the
    /// query's running list.
    /// </summary>
    private void Batch<TVec, TOps>(Job job, int part) where TVec : struct where TOps : struct, IVectorOps<TVec, T>
    {
        var j0 = part * job.Block;
        var count = Math.Min(job.Block, job.QueryCount - j0);
        var n = Dimension;
        var o = OutputDimension;
        var s = job.Scratch(part);
        var panels = Gemm.Panels<TVec, TOps, T>(count);
        var ld = panels * Gemm.TileColumns<TVec, TOps, T>();
        var tile = s.Tile(Gemm.TileRows * Gemm.TileColumns<TVec, TOps, T>());
        var queries = job.Queries(j0, count);
        var packed = Span<T>.Empty;
        if (_rule.Score == DenseScore.Dot)
        {
            packed = s.Packed(Gemm.PackedQueriesLength<TVec, TOps, T>(count, n));
            Gemm.PackQueries<TVec, TOps, T>(queries, n, count, packed);
        }
        var z = job.Outputs(j0, count);
        var block = RowBlock;
        var st = s.Matrix(block * ld);
        var sums = _rule.Weighting != DenseWeighting.TopK;
        var panel = sums ? s.Panel(Gemm.ProjectScratchLength<T>(count, o)) : default;
        s.Reset(count, o, _rule, accumulators: false);
        // Two-level accumulation (PartScratch.FoldPending): the row blocks' projections are added into the pending sums,
        // which are folded into the outputs z every BatchFoldRows rows.
        var pending = sums ? s.Pending(0, count) : default;
        if (sums) z.Clear();
        var sinceFold = 0;
        // The dot product's row blocks are staged: copied into aligned scratch (one sequential read of memory, as
        // bfloat16 blocks are widened) before the tiled products read them from L2. Measured on mchn-batch f32
        // (M = 16 384, N = 1 024, Q = 512, two cores, one process, alternating): 111.9 against 120.8 ms (medians),
        // faster in 8 of 8 pairs, the same bits; f64 neutral (faster in 6 of 10, medians 278 against 280 ms).
        var stage = _rule.Score == DenseScore.Dot;
        var auto = _keys.IsSameAs(_values);
        for (var b0 = 0; b0 < Count; b0 += block)
        {
            var b1 = Math.Min(Count, b0 + block);
            var w = st[..((b1 - b0) * ld)];
            var keys = Widens ? s.Stage(_bf16, b0, b1) : stage ? s.Stage(_keys, b0, b1) : _keys.Slice(b0, b1 - b0);
            var values = Widens || (stage && auto) ? keys : _values.Slice(b0, b1 - b0);
            BlockScores<TVec, TOps>(keys, b0, queries, count, packed, panels, w, tile);
            var add = sinceFold > 0;
            switch (_rule.Weighting)
            {
                case DenseWeighting.Softmax:
                    if (SoftmaxBlock<TVec, TOps>(s, w, ld, count, z) * 16 < (long)(b1 - b0) * count && !Widens)
                    {
                        ProjectSparse<TVec, TOps>(w, ld, count, b0, pending, add, _negligible);
                    }
                    else
                    {
                        Gemm.Project<TVec, TOps, T>(w, ld, count, values, pending, panel, tile, add);
                    }
                    break;
                case DenseWeighting.TopK:
                    for (var r = 0; r < b1 - b0; r++)
                    {
                        for (var j = 0; j < count; j++) s.Offer(j, w[r * ld + j], b0 + r);
                    }
                    break;
                default:
                    ApplyPolynomial(w);
                    Gemm.Project<TVec, TOps, T>(w, ld, count, values, pending, panel, tile, add);
                    break;
            }
            sinceFold += b1 - b0;
            if (!sums || sinceFold < BatchFoldRows) continue;
            s.FoldPending<TVec, TOps>(z, 0, count);
            sinceFold = 0;
        }
        if (sums) s.CompletePending<TVec, TOps>(z, 0, count);
        switch (_rule.Weighting)
        {
            case DenseWeighting.Softmax:
                for (var j = 0; j < count; j++) RowKernels.Scale<TVec, TOps, T>(z.Slice(j * o, o), T.One / s.Sum[j]);
                break;
            case DenseWeighting.TopK:
                for (var j = 0; j < count; j++)
                {
                    var chosen = s.TopIndices(j);
                    chosen.Sort();
                    var zj = z.Slice(j * o, o);
                    zj.Clear();
                    foreach (var mu in chosen)
                    {
                        var v = _values[mu];
                        for (var i = 0; i < o; i++) zj[i] += v[i];
                    }
                }
                break;
        }
    }

    /// <summary>
    /// The rows of one block of the batched schedule: about <see cref="RowBlockBytes"/> of rows (as T, widened for
    /// bfloat16), a multiple of Gemm's six-row tiles, between 6 and 252.
    /// </summary>
    private int RowBlock => Math.Clamp(RowBlockBytes / (Dimension * System.Runtime.CompilerServices.Unsafe.SizeOf<T>()) / Gemm.TileRows * Gemm.TileRows, Gemm.TileRows, 252);

    /// <summary>
    /// The block's scores w[(μ − b0)·ld + j] = s(x_μ, q_j) for the block's rows <paramref name="keys"/> (rows b0 … of
    /// X): the tiled product (<see cref="Gemm.Scores{TVec, TOps, T}"/>) for the dot product, the streaming schedule's
    /// four-row difference kernel (<see cref="ScoreRows"/>) for the distances.
    /// </summary>
    private void BlockScores<TVec, TOps>(Rows<T> keys, int b0, ReadOnlySpan<T> queries, int count, ReadOnlySpan<T> packed, int panels, Span<T> w, Span<T> tile)
        where TVec : struct where TOps : struct, IVectorOps<TVec, T>
    {
        var ld = panels * Gemm.TileColumns<TVec, TOps, T>();
        if (_rule.Score == DenseScore.Dot)
        {
            Gemm.Scores<TVec, TOps, T>(keys, 0, keys.Count, packed, Dimension, panels, w, tile);
            return;
        }
        var n = Dimension;
        Span<T> sc = stackalloc T[4];
        for (var r0 = 0; r0 < keys.Count; r0 += 4)
        {
            var r1 = Math.Min(keys.Count, r0 + 4);
            for (var j = 0; j < count; j++)
            {
                ScoreRows<TVec, TOps>(b0 + r0, b0 + r1, queries.Slice(j * n, n), sc);
                for (var r = 0; r < r1 - r0; r++) w[(r0 + r) * ld + j] = sc[r];
            }
            // The padding columns [count, ld) hold whatever an earlier call left in this scratch: zero them, as the
            // dot-product path's zero-padded queries do, so that no answer depends on the calls before it.
            for (var r = r0; r < r1; r++) w.Slice(r * ld + count, ld - count).Clear();
        }
    }

    /// <summary>
    /// One block's softmax numerators in place, against each query's running maximum: the maximum is raised to the
    /// block's (<see cref="RaiseMax"/>, rescaling query j's running sum, its output row so far in
    /// <paramref name="z"/> and its pending rows), then w[r·ld + j] ← e^{β(s − m_j)} and the running sums grow by the
    /// block's (compensated). Returns how many of the block's weights exceed ε (the sparse projection's criterion),
    /// counted only up to rows·count / 16, which already decides for the dense projection.
    /// </summary>
    private long SoftmaxBlock<TVec, TOps>(PartScratch s, Span<T> w, int ld, int count, Span<T> z) where TVec : struct where TOps : struct, IVectorOps<TVec, T>
    {
        var c = TOps.Count;
        var rows = w.Length / ld;
        var o = OutputDimension;
        var columns = s.Columns(2 * ld);
        var max = columns[..ld];
        var sum = columns.Slice(ld, ld);
        w[..ld].CopyTo(max);
        for (var r = 1; r < rows; r++)
        {
            var row = w.Slice(r * ld, ld);
            for (var j = 0; j < ld; j += c) TOps.Store(TOps.Max(TOps.Load(in max[j], 0), TOps.Load(in row[j], 0)), ref max[j], 0);
        }
        for (var j = 0; j < count; j++)
        {
            RaiseMax<TVec, TOps>(s, j, z.Slice(j * o, o), max[j]);
            max[j] = s.Max[j];
        }
        sum.Clear();
        var beta = TOps.Splat(_beta);
        for (var r = 0; r < rows; r++)
        {
            var row = w.Slice(r * ld, ld);
            for (var j = 0; j < ld; j += c)
            {
                var e = TOps.Exp(TOps.Multiply(beta, TOps.Subtract(TOps.Load(in row[j], 0), TOps.Load(in max[j], 0))));
                TOps.Store(e, ref row[j], 0);
                TOps.Store(TOps.Add(TOps.Load(in sum[j], 0), e), ref sum[j], 0);
            }
        }
        for (var j = 0; j < count; j++) RowKernels.AddCompensated(ref s.Sum[j], sum[j], ref s.SumCarry[j]);
        long above = 0;
        var enough = ((long)rows * count + 15) / 16;
        for (var r = 0; r < rows && above < enough; r++)
        {
            foreach (var x in w.Slice(r * ld, count)) if (x > _negligible) above++;
        }
        return above;
    }

    /// <summary>
    /// z_j (+)= Σ_r w[r·ld + j] v_{b0+r} over the block's weights above <paramref name="skipBelow"/>, row by row (the
    /// sparse projection); z is overwritten unless <paramref name="add"/>.
    /// </summary>
    private void ProjectSparse<TVec, TOps>(ReadOnlySpan<T> w, int ld, int count, int b0, Span<T> z, bool add, T skipBelow) where TVec : struct where TOps : struct, IVectorOps<TVec, T>
    {
        var o = OutputDimension;
        var rows = w.Length / ld;
        Span<T> wj = stackalloc T[64];
        for (var j = 0; j < count; j++)
        {
            var zj = z.Slice(j * o, o);
            if (!add) zj.Clear();
            for (var r0 = 0; r0 < rows; r0 += 64)
            {
                var len = Math.Min(64, rows - r0);
                for (var i = 0; i < len; i++) wj[i] = w[(r0 + i) * ld + j];
                AccumulateRows<TVec, TOps>(b0 + r0, wj[..len], zj, skipBelow);
            }
        }
    }

    // ---------------------------------------------------------------- plumbing

    /// <summary>The reusable state of one call: pinned inputs and outputs, the schedule, and per-part scratch.</summary>
    private sealed unsafe class Job(DenseRetrieval<T> owner) : VectorWork<T>
    {
        private T* _queries;
        private T* _outputs;
        private PartScratch[] _scratch = [];
        private int _parts;
        private bool _batched;

        internal int QueryCount { get; private set; }
        internal int Block { get; private set; }

        /// <summary>The rows [RowFrom, RowTo) this call covers (all of them unless a partial asks for a range).</summary>
        internal int RowFrom { get; private set; }
        internal int RowTo { get; private set; }
        /// <summary>Whether the call stops at the folded state (<see cref="RetrievePartial"/>) instead of writing outputs.</summary>
        internal bool Partial { get; private set; }

        internal void Start(T* queries, T* outputs, int count, Width width, int rowFrom, int rowTo, bool partial)
        {
            _queries = queries;
            _outputs = outputs;
            QueryCount = count;
            Width = width;
            (RowFrom, RowTo, Partial) = (rowFrom, rowTo, partial);
        }

        /// <summary>Part <paramref name="part"/>'s rows of [RowFrom, RowTo).</summary>
        internal (int From, int To) Rows(int part, int parts)
        {
            var (from, to) = Cores.Range(part, parts, RowTo - RowFrom);
            return (RowFrom + from, RowFrom + to);
        }

        internal void Finish()
        {
            _queries = null;
            _outputs = null;
        }

        internal void Plan(int parts, bool batched, int block = 0)
        {
            _parts = parts;
            _batched = batched;
            Block = block;
            if (_scratch.Length < parts)
            {
                var grown = new PartScratch[parts];
                _scratch.CopyTo(grown, 0);
                for (var p = _scratch.Length; p < parts; p++) grown[p] = new PartScratch();
                _scratch = grown;
            }
        }

        internal PartScratch Scratch(int part) => _scratch[part];

        internal ReadOnlySpan<T> Query(int j) => new(_queries + (long)j * owner.Dimension, owner.Dimension);

        internal ReadOnlySpan<T> Queries(int j0, int count) => new(_queries + (long)j0 * owner.Dimension, count * owner.Dimension);

        internal Span<T> Output(int j) => new(_outputs + (long)j * owner.OutputDimension, owner.OutputDimension);

        internal Span<T> Outputs(int j0, int count) => new(_outputs + (long)j0 * owner.OutputDimension, count * owner.OutputDimension);

        private protected override void RunPart<TVec, TOps>(int part)
        {
            if (_batched) owner.Batch<TVec, TOps>(this, part);
            else owner.Stream<TVec, TOps>(this, part, _parts);
        }
    }

    /// <summary>
    /// Scratch of one part, grown on demand and kept between calls (steady state allocates nothing). The buffers are
    /// pinned and every span starts on a 64-byte boundary, so the tiled products' 512-bit loads and stores of packed
    /// operands and score tiles never straddle two cache lines. Measured on mchn-batch f32 (M = 16 384, N = 1 024,
    /// Q = 512, 2 cores), five runs of 20 alternating calls: faster in 72 of 100 pairs, medians 0.5–7 % lower.
    /// </summary>
    private sealed class PartScratch
    {
        private T[] _matrix = [], _packed = [], _tile = [], _panel = [], _columns = [], _scores = [], _acc = [], _pending = [], _carry = [];
        private T[] _topScores = [];
        private int[] _topIndices = [], _topCounts = [];
        private int _o, _k;

        internal T[] Max = [];
        internal T[] Sum = [];

        /// <summary>The first <paramref name="length"/> elements of <paramref name="buffer"/> from its first 64-byte boundary, growing it (pinned) when short.</summary>
        private static Span<T> Grow(ref T[] buffer, int length)
        {
            var slack = 64 / System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
            if (buffer.Length < length + slack) buffer = GC.AllocateUninitializedArray<T>(length + slack, pinned: true);
            return buffer.AsSpan(Aligned(buffer), length);
        }

        /// <summary>The index of a pinned buffer's first element on a 64-byte boundary (0 for an empty one).</summary>
        private static unsafe int Aligned(T[] buffer)
        {
            if (buffer.Length == 0) return 0;
            var address = (nuint)System.Runtime.CompilerServices.Unsafe.AsPointer(ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(buffer));
            return (int)((64 - address % 64) % 64 / (nuint)sizeof(T));
        }

        internal Span<T> Matrix(int length) => Grow(ref _matrix, length);
        internal Span<T> Packed(int length) => Grow(ref _packed, length);
        internal Span<T> Tile(int length) => Grow(ref _tile, length);
        internal Span<T> Panel(int length) => Grow(ref _panel, length);
        internal Span<T> Columns(int length) => Grow(ref _columns, length);
        internal Span<T> Scores(int length) => Grow(ref _scores, length);

        private T[] _staged = [];

        /// <summary>
        /// Rows [b0, b1) of <paramref name="source"/> as T in pinned, 64-byte-aligned scratch, as rows 0 … b1 − b0 − 1
        /// (stride = their length): bfloat16 rows (T = float) widened (<see cref="BFloat16.Widen"/>), rows of T copied.
        /// </summary>
        internal unsafe Rows<T> Stage<TElem>(Rows<TElem> source, int b0, int b1) where TElem : unmanaged
        {
            var n = source.Dimension;
            var block = Grow(ref _staged, (b1 - b0) * n);
            for (var mu = b0; mu < b1; mu++)
            {
                var into = block.Slice((mu - b0) * n, n);
                if (typeof(TElem) == typeof(ushort)) BFloat16.Widen(System.Runtime.InteropServices.MemoryMarshal.Cast<TElem, ushort>(source[mu]), System.Runtime.InteropServices.MemoryMarshal.Cast<T, float>(into));
                else System.Runtime.InteropServices.MemoryMarshal.Cast<TElem, T>(source[mu]).CopyTo(into);
            }
            return new Rows<T>((T*)System.Runtime.CompilerServices.Unsafe.AsPointer(ref block[0]), b1 - b0, n, n, _staged);
        }

        /// <summary>
        /// Clears the running state of <paramref name="queries"/> queries with outputs of length <paramref name="o"/>
        /// (the accumulators only when <paramref name="accumulators"/>: the batched schedule's totals are its outputs).
        /// </summary>
        internal void Reset(int queries, int o, DenseRule rule, bool accumulators = true)
        {
            _o = o;
            _k = rule.K;
            if (accumulators) Grow(ref _acc, queries * o).Clear();
            if (Max.Length < queries) Max = new T[queries];
            if (Sum.Length < queries) Sum = new T[queries];
            if (SumCarry.Length < queries) SumCarry = new T[queries];
            Max.AsSpan(0, queries).Fill(T.NegativeInfinity);
            Sum.AsSpan(0, queries).Clear();
            SumCarry.AsSpan(0, queries).Clear();
            if (rule.Weighting != DenseWeighting.TopK)
            {
                Grow(ref _pending, queries * o).Clear();
                Grow(ref _carry, queries * o).Clear();
                return;
            }
            if (_topCounts.Length < queries) _topCounts = new int[queries];
            _topCounts.AsSpan(0, queries).Clear();
            if (_topScores.Length < queries * _k)
            {
                _topScores = new T[queries * _k];
                _topIndices = new int[queries * _k];
            }
        }

        internal Span<T> Accumulator(int j) => _acc.AsSpan(Aligned(_acc) + j * _o, _o);

        /// <summary>
        /// Queries [j0, j0 + count)'s rows added since the last fold (<see cref="FoldPending"/>), laid out as their
        /// outputs (query j at (j − j0)·o).
        /// </summary>
        internal Span<T> Pending(int j0, int count = 1) => _pending.AsSpan(Aligned(_pending) + j0 * _o, count * _o);

        /// <summary>The carries of the compensated folds of queries [j0, j0 + count), laid out as <see cref="Pending"/>.</summary>
        internal Span<T> Carry(int j0, int count = 1) => _carry.AsSpan(Aligned(_carry) + j0 * _o, count * _o);

        /// <summary>The rounding of the compensated running sums <see cref="Sum"/>, to be taken off at the end.</summary>
        internal T[] SumCarry = [];

        /// <summary>
        /// Two-level accumulation, the second level compensated: total ← total + pending (queries [j0, j0 + count),
        /// total laid out as <see cref="Pending"/>), its rounding kept in <see cref="Carry"/>; pending is cleared. Rows
        /// added into a pending sum of at most a fold's worth of rows, and the pending sums folded so, leave the total
        /// within about (rows per fold + 2)·u of Σ|w v| whatever the number of rows, where adding every row straight into
        /// the total leaves it within M·u (a float batch over 4 000 000 equal rows of 0.1 gave 0.0961).
        /// </summary>
        internal void FoldPending<TVec, TOps>(Span<T> total, int j0, int count = 1) where TVec : struct where TOps : struct, IVectorOps<TVec, T> =>
            RowKernels.FoldCompensated<TVec, TOps, T>(total, Pending(j0, count), Carry(j0, count));

        /// <summary>
        /// The end of a two-level accumulation: the last pending rows folded in, then the carries taken off the totals
        /// (a fold of the cleared pending sums) and off the running sums of the weights.
        /// </summary>
        internal void CompletePending<TVec, TOps>(Span<T> total, int j0, int count = 1) where TVec : struct where TOps : struct, IVectorOps<TVec, T>
        {
            FoldPending<TVec, TOps>(total, j0, count);
            FoldPending<TVec, TOps>(total, j0, count);
            for (var j = j0; j < j0 + count; j++)
            {
                Sum[j] -= SumCarry[j];
                SumCarry[j] = T.Zero;
            }
        }

        /// <summary>Offers (score, index) to query j's top-k list, sorted by score descending then index ascending; indices arrive in increasing order.</summary>
        internal void Offer(int j, T score, int index)
        {
            var scores = _topScores.AsSpan(j * _k, _k);
            var indices = _topIndices.AsSpan(j * _k, _k);
            ref var count = ref _topCounts[j];
            // A later index loses ties, so it enters only with a strictly larger score than the last kept.
            if (count == _k && !(score > scores[_k - 1])) return;
            var at = count == _k ? _k - 1 : count;
            while (at > 0 && score > scores[at - 1])
            {
                scores[at] = scores[at - 1];
                indices[at] = indices[at - 1];
                at--;
            }
            scores[at] = score;
            indices[at] = index;
            if (count < _k) count++;
        }

        internal int TopCount(int j) => _topCounts[j];
        internal Span<T> TopScores(int j) => _topScores.AsSpan(j * _k, _topCounts[j]);
        internal Span<int> TopIndices(int j) => _topIndices.AsSpan(j * _k, _topCounts[j]);

        /// <summary>Replaces query j's top-k list (at most k pairs, in <see cref="OnePassMerge.Before{T, TIndex}"/> order).</summary>
        internal void SetTop(int j, ReadOnlySpan<T> scores, ReadOnlySpan<int> indices)
        {
            scores.CopyTo(_topScores.AsSpan(j * _k, _k));
            indices.CopyTo(_topIndices.AsSpan(j * _k, _k));
            _topCounts[j] = scores.Length;
        }
    }
}
