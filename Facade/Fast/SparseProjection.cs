using System.Buffers;
using Core = AssociativeKernels.Core;

namespace AssociativeKernels.Fast;

/// <summary>
/// The batched sparse projection (issue 15): the simplex maps sparsemax, α-entmax and γ-normmax of a row of shifted logits
/// z (max 0) by partial selection instead of the core's full sort of all K entries. On the scale where the top entry is 0,
/// every one of these maps has its threshold τ ≥ −1 (the top entry alone gets (0 − τ)^{…} ≤ 1), so only the entries above
/// −1 on that scale — sparsemax z &gt; −1, 1.5-entmax z/2 &gt; −1, α-entmax (α − 1)z &gt; −1, normmax z &gt; −1 — can be in the
/// support. One linear pass selects them; only they are sorted (sparsemax, 1.5-entmax) or summed over in the bisection (other
/// α, normmax). Every sum runs over the same entries in the same order as the core's (SimplexMap.fs), the others adding
/// exact zeros there, so the weights are the core's bit for bit (parity-tested).
/// </summary>
internal static class SparseProjection
{
    /// <summary>The map of shifted logits <paramref name="z"/> (max 0, −∞ allowed) into <paramref name="weights"/>.</summary>
    internal static void Apply(Core.SimplexMap map, ReadOnlySpan<double> z, Span<double> weights)
    {
        switch (Core.SimplexMapModule.effective(map))
        {
            case Core.SimplexMap.Entmax { alpha: 2 }:
                Sparsemax(z, weights);
                break;
            case Core.SimplexMap.Entmax { alpha: 1.5 }:
                Entmax15(z, weights);
                break;
            case Core.SimplexMap.Entmax e:
                Bisect(z, e.alpha - 1, e.alpha - 1, 1, weights);
                break;
            case Core.SimplexMap.Normmax n:
                Bisect(z, 1, n.gamma - 1, n.gamma, weights);
                break;
            default:
                Core.LogSpace.Softmax(z.ToArray()).CopyTo(weights);
                break;
        }
    }

    /// <summary>Divides by the sum taken in index order over all K entries (the core's Array.sum).</summary>
    private static void Normalize(Span<double> p)
    {
        var s = 0.0;
        foreach (var x in p) s += x;
        for (var i = 0; i < p.Length; i++) p[i] /= s;
    }

    /// <summary>Sparsemax: the candidates z &gt; −1 sorted, the support size k* = max{k : 1 + k z₍k₎ &gt; Σ_{j≤k} z₍j₎}, τ = (Σ − 1)/k*.</summary>
    private static void Sparsemax(ReadOnlySpan<double> z, Span<double> p)
    {
        var buffer = ArrayPool<double>.Shared.Rent(z.Length);
        try
        {
            var c = 0;
            foreach (var x in z) if (x > -1) buffer[c++] = x;
            var sorted = buffer.AsSpan(0, c);
            sorted.Sort();
            double cum = 0, sumStar = 0;
            var kStar = 0;
            for (var k = 1; k <= c; k++)
            {
                var v = sorted[c - k];
                cum += v;
                if (1 + k * v > cum)
                {
                    kStar = k;
                    sumStar = cum;
                }
                else break;
            }
            var tau = (sumStar - 1) / kStar;
            for (var i = 0; i < z.Length; i++) p[i] = Math.Max(0, z[i] - tau);
            Normalize(p);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(buffer);
        }
    }

    /// <summary>1.5-entmax: y = z/2, the candidates y &gt; −1 sorted, τ_k = μ_k − √((1 − S_k)/k), the first k with y₍k+1₎ ≤ τ_k.</summary>
    private static void Entmax15(ReadOnlySpan<double> z, Span<double> p)
    {
        var buffer = ArrayPool<double>.Shared.Rent(z.Length);
        try
        {
            var c = 0;
            var firstOut = double.NegativeInfinity; // the largest y ≤ −1: what follows the candidates in the core's full sort
            foreach (var x in z)
            {
                var y = 0.5 * x;
                if (y > -1) buffer[c++] = y;
                else if (y > firstOut) firstOut = y;
            }
            var sorted = buffer.AsSpan(0, c);
            sorted.Sort();
            double s1 = 0, s2 = 0, tau = -1;
            for (var k = 1; k <= c; k++)
            {
                var v = sorted[c - k];
                s1 += v;
                s2 += v * v;
                var mu = s1 / k;
                var spread = Math.Max(0, s2 - s1 * s1 / k);
                if (spread > 1) break;
                tau = mu - Math.Sqrt((1 - spread) / k);
                var next = k < c ? sorted[c - k - 1] : firstOut;
                if (next <= tau) break;
            }
            for (var i = 0; i < z.Length; i++)
            {
                var d = 0.5 * z[i] - tau;
                p[i] = d > 0 ? d * d : 0;
            }
            Normalize(p);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Bisection on τ ∈ [−1, −(1/K)^r] for Σ_i [X_i − τ]₊^{power/r} = 1 with X = scale·z, summing over the candidates X &gt; −1
    /// only (in index order); p_i ∝ [X_i − τ]₊^{1/r} at the lower end.
    /// </summary>
    private static void Bisect(ReadOnlySpan<double> z, double scale, double r, double power, Span<double> p)
    {
        var index = ArrayPool<int>.Shared.Rent(z.Length);
        var x = ArrayPool<double>.Shared.Rent(z.Length);
        try
        {
            var c = 0;
            for (var i = 0; i < z.Length; i++)
            {
                var xi = scale * z[i];
                if (xi > -1)
                {
                    index[c] = i;
                    x[c++] = xi;
                }
            }
            double lo = -1, hi = -Math.Exp(r * Math.Log(1.0 / z.Length));
            var go = hi > lo;
            for (var steps = 0; go && steps < 200; steps++)
            {
                var mid = 0.5 * (lo + hi);
                if (mid <= lo || mid >= hi) break;
                var total = 0.0;
                for (var j = 0; j < c; j++) if (x[j] > mid) total += Math.Exp(power * Math.Log(x[j] - mid) / r);
                if (total >= 1) lo = mid; else hi = mid;
            }
            p.Clear();
            for (var j = 0; j < c; j++) if (x[j] > lo) p[index[j]] = Math.Exp(Math.Log(x[j] - lo) / r);
            Normalize(p);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(index);
            ArrayPool<double>.Shared.Return(x);
        }
    }

    /// <summary>
    /// One-step retrieval Pᵀŷ(βXq) of every query (rows, checked) of <paramref name="net"/>, in parallel over the queries: the
    /// scores and the projection as the core forms them (ScaledScores), the map by partial selection. A query whose scores
    /// the core would rescale runs on the core.
    /// </summary>
    internal static double[][] RetrieveBatch(Core.SparseModernHopfield net, double[][] queries)
    {
        var result = new double[queries.Length][];
        Parallel.For(0, queries.Length, r => result[r] = Retrieve(net, queries[r], r));
        return result;
    }

    private static double[] Retrieve(Core.SparseModernHopfield net, double[] q, int row)
    {
        var s = Core.ScaledScoresModule.dot(net.M, net.MaxM, q);
        if (s.Exponent != 0) return Core.SparseModernHopfieldModule.Retrieve(net, q);
        var h = s.Values;
        var m = double.NegativeInfinity;
        foreach (var v in h) m = Math.Max(m, v);
        var z = new double[h.Length];
        for (var i = 0; i < h.Length; i++) z[i] = Core.ScaledScoresModule.mulPow2(net.Beta, h[i] - m, 0);
        var w = new double[h.Length];
        Apply(net.Map, z, w);
        var projected = Core.ScaledScoresModule.project(net.P, net.MaxP, new Core.ScaledScores(w, 0));
        return Core.ScaledScoresModule.values("queries", $"output of queries[{row}]", projected);
    }
}
