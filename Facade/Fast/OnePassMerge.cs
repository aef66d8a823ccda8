using System.Numerics;

namespace AssociativeKernels.Fast;

/// <summary>
/// The merge of one-pass retrieval states, the one home of these formulas: the streaming schedule of
/// <see cref="DenseRetrieval{T}"/> folds its parts with them, and <see cref="PartialRetrieval.Merge"/> folds shards
/// computed anywhere (threads, processes, machines).
/// <para>
/// <b>Softmax.</b> A state over a set of rows R is (m, ℓ, a) with m = max_{μ∈R} s_μ, ℓ = Σ_{μ∈R} e^{β(s_μ − m)} and
/// a = Σ_{μ∈R} e^{β(s_μ − m)} v_μ; the output is z = a/ℓ. For disjoint R, R′ the state of R ∪ R′ is
/// (M, f ℓ + f′ ℓ′, f a + f′ a′) with M = max(m, m′), f = e^{β(m − M)}, f′ = e^{β(m′ − M)} — one of f, f′ is exactly 1.
/// The empty set's state (−∞, 0, 0) is the identity; it is taken as such before any arithmetic, so −∞ − (−∞) never forms.
/// </para>
/// <para><b>Power separations</b> (w = sⁿ, n = 1 for identity): the state is a = Σ w_μ v_μ and merges by a + a′.</para>
/// <para>
/// <b>Top-k.</b> The state is the list of the k best (score, row index) pairs in the order "larger score first, then
/// lower index" (<see cref="Before{T, TIndex}"/>), a total order on distinct rows; the k best of R ∪ R′ are the k
/// first of the merged lists. No arithmetic: exact, associative and commutative.
/// </para>
/// </summary>
internal static class OnePassMerge
{
    /// <summary>
    /// (<paramref name="max"/>, <paramref name="sum"/>, <paramref name="weightedSum"/>) ← itself ⊕ (<paramref name="otherMax"/>,
    /// <paramref name="otherSum"/>, <paramref name="otherWeightedSum"/>), the softmax merge of the class comment. Each
    /// component is formed as f·a_i + f′·a′_i (two products, one sum, no fused multiply–add), so swapping the two states
    /// gives the same bits.
    /// </summary>
    internal static void Softmax<T>(T beta, ref T max, ref T sum, Span<T> weightedSum, T otherMax, T otherSum, ReadOnlySpan<T> otherWeightedSum)
        where T : IFloatingPointIeee754<T>
    {
        if (T.IsNegativeInfinity(otherMax)) return;
        if (T.IsNegativeInfinity(max))
        {
            max = otherMax;
            sum = otherSum;
            otherWeightedSum.CopyTo(weightedSum);
            return;
        }
        var m = T.Max(max, otherMax);
        var f = T.Exp(beta * (max - m));
        var g = T.Exp(beta * (otherMax - m));
        for (var i = 0; i < weightedSum.Length; i++) weightedSum[i] = f * weightedSum[i] + g * otherWeightedSum[i];
        sum = f * sum + g * otherSum;
        max = m;
    }

    /// <summary>The softmax output z_i = a_i / ℓ (ℓ ≥ 1 for a state over at least one row: its maximal row adds e⁰ = 1).</summary>
    internal static void CompleteSoftmax<T>(T sum, ReadOnlySpan<T> weightedSum, Span<T> destination) where T : IFloatingPointIeee754<T>
    {
        for (var i = 0; i < destination.Length; i++) destination[i] = weightedSum[i] / sum;
    }

    /// <summary>a ← a + a′, the merge of the power separations' states.</summary>
    internal static void Power<T>(Span<T> weightedSum, ReadOnlySpan<T> otherWeightedSum) where T : IFloatingPointIeee754<T>
    {
        for (var i = 0; i < weightedSum.Length; i++) weightedSum[i] += otherWeightedSum[i];
    }

    /// <summary>Whether (score a, index a) ranks before (score b, index b): a larger score, or an equal one at a lower index.</summary>
    internal static bool Before<T, TIndex>(T scoreA, TIndex indexA, T scoreB, TIndex indexB)
        where T : IFloatingPointIeee754<T> where TIndex : IBinaryInteger<TIndex> =>
        scoreA > scoreB || (scoreA == scoreB && indexA < indexB);

    /// <summary>
    /// The first min(k, |a| + |b|) pairs of the union of two lists each in <see cref="Before{T, TIndex}"/> order, into
    /// <paramref name="scores"/> and <paramref name="indices"/>; <paramref name="source"/>[t] is the position in a of
    /// pair t, or ~position in b (so that a caller can carry data that travels with the pairs). Returns the count.
    /// </summary>
    internal static int TopK<T, TIndex>(int k, ReadOnlySpan<T> scoresA, ReadOnlySpan<TIndex> indicesA, ReadOnlySpan<T> scoresB, ReadOnlySpan<TIndex> indicesB,
        Span<T> scores, Span<TIndex> indices, Span<int> source)
        where T : IFloatingPointIeee754<T> where TIndex : IBinaryInteger<TIndex>
    {
        var count = Math.Min(k, scoresA.Length + scoresB.Length);
        int ia = 0, ib = 0;
        for (var t = 0; t < count; t++)
        {
            var fromA = ib >= scoresB.Length || (ia < scoresA.Length && !Before(scoresB[ib], indicesB[ib], scoresA[ia], indicesA[ia]));
            if (fromA)
            {
                scores[t] = scoresA[ia];
                indices[t] = indicesA[ia];
                source[t] = ia++;
            }
            else
            {
                scores[t] = scoresB[ib];
                indices[t] = indicesB[ib];
                source[t] = ~ib++;
            }
        }
        return count;
    }
}
