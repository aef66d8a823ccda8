using System.Numerics;
using System.Runtime.Intrinsics;

namespace AssociativeKernels.Fast;

/// <summary>
/// The fast path of <see cref="DenseClassifier"/>: the one-step classifier of DAM Eq. 9 (Krotov &amp; Hopfield
/// 2016, §4) and its training step (appendix, Eqs. 12–14), generic over float and double (double for the
/// finite-difference tests). Memories ξ^μ are rows of length N + N_c (visible part, then label part).
/// <para>
/// <b>Forward.</b> With the label neurons off (x = −1) and the visible ones clamped to v, write
/// s_μ = Σ_i ξ_i^μ v_i − Σ_γ ξ_γ^μ. Flipping label α on changes only its own term, so Eq. 9 is
/// c_α = tanh(β gap_α), gap_α = Σ_μ [F(s_μ + 2ξ_α^μ) − F(s_μ)], F(x) = max(x, 0)ⁿ (Eq. 3). The visible
/// overlaps of a minibatch are one matrix product, memories × inputs (<see cref="Gemm.Scores{TVec, TOps, T}"/>),
/// and the rest is vectorised over the examples of the minibatch.
/// </para>
/// <para>
/// <b>Backward.</b> For the minibatch-mean loss C = (1/B) Σ_b Σ_α (c_α − t_α)^{2m} (Eq. 14, t = ±1) let
/// g_α = ∂C/∂gap_α = (1/B)·2m (c_α − t_α)^{2m−1}·β(1 − c_α²) and, per memory and example,
/// D_μ = Σ_α g_α [F′(s_μ + 2ξ_α^μ) − F′(s_μ)]. Then ∂C/∂ξ_i^μ = Σ_b D_μ v_i (a second matrix product,
/// <see cref="Gemm.Project{TVec, TOps, T}"/>) and ∂C/∂ξ_γ^μ = Σ_b [2 g_γ F′(s_μ + 2ξ_γ^μ) − D_μ], since
/// s_μ + 2ξ_α^μ has slope 2δ_αγ − 1 in ξ_γ^μ and s_μ slope −1.
/// </para>
/// <para>
/// <b>Update</b> (Eq. 13): V^μ ← pV^μ − ∂C/∂ξ^μ, ξ^μ ← ξ^μ + ε V^μ / max_J |V_J^μ| (the largest change of each
/// memory is ε), then every weight is clipped to [−1, 1]. A memory whose velocity is all zero is left as is.
/// </para>
/// Work is cut into ranges of memories run through <see cref="Cores.Run"/>; the per-range partial gaps are
/// summed in range order, so a run is deterministic on a given machine. All buffers are allocated once.
/// Inputs are trusted: <see cref="DenseClassifier"/> validates.
/// <para>
/// <b>Threads.</b> An engine's buffers serve one call at a time. Readers that may run concurrently each take an
/// engine of their own from <see cref="ForReading"/>: it shares the memories (read only) and has its own forward
/// buffers and none of the backward ones.
/// </para>
/// </summary>
internal sealed class DenseClassifierEngine<T> : VectorWork<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private enum Phase { Forward, Backward }

    private readonly int _k, _n, _c, _d, _ld, _parts;
    private readonly T[] _queries, _packed, _s, _gaps, _g, _dt, _gradVisible, _gradLabel, _labelSums;
    private readonly T[][] _partialGaps, _tiles, _panels;
    private T[][] _batchRows = [];
    private int _count, _panelCount, _stride;
    private Phase _phase;
    private int _power;
    private T _momentum, _step;

    /// <summary>An engine for K memories over N visible and N_c label neurons and minibatches of at most <paramref name="maxBatch"/> examples.</summary>
    internal DenseClassifierEngine(T[][] memories, T[][] velocity, int visible, int classes, int maxBatch, Width width)
        : this(memories, velocity, visible, classes, maxBatch, width, training: true) { }

    /// <summary>A forward-only engine over the same memories (no velocity, gradient or backward buffers) for one reader at a time.</summary>
    internal DenseClassifierEngine<T> ForReading() => new(Memories, Velocity, _n, _c, _ld - NrMax, Width, training: false);

    /// <summary>The bytes of the buffers an engine allocates (training adds the backward ones), for the memory estimate.</summary>
    internal static double BufferBytes(int memories, int visible, int classes, int maxBatch, bool training)
    {
        double ld = maxBatch + NrMax, k = memories;
        var forward = maxBatch * (double)visible + ld * visible + k * ld + (1 + Math.Clamp(memories / 24, 1, 4 * Cores.Count)) * classes * ld + k;
        var backward = training ? ld * k + k * visible + k * classes : 0;
        return (forward + backward) * System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
    }

    /// <summary>NR is at most <see cref="Gemm.MaxTileColumns{T}"/>; a block of B queries spans at most B + NR columns.</summary>
    private static int NrMax => Gemm.MaxTileColumns<T>();

    private DenseClassifierEngine(T[][] memories, T[][] velocity, int visible, int classes, int maxBatch, Width width, bool training)
    {
        Memories = memories;
        Velocity = velocity;
        _k = memories.Length;
        _n = visible;
        _c = classes;
        _d = visible + classes;
        Width = width;
        var nrMax = NrMax;
        _ld = maxBatch + nrMax;
        _parts = Math.Clamp(_k / 24, 1, 4 * Cores.Count);
        _queries = new T[maxBatch * _n];
        _packed = new T[_ld * _n];
        _s = new T[_k * _ld];
        _gaps = new T[_c * _ld];
        _g = training ? new T[_c * _ld] : [];
        _dt = training ? new T[_ld * _k] : [];
        _gradVisible = training ? new T[_k * _n] : [];
        _gradLabel = training ? new T[_k * _c] : [];
        _labelSums = new T[_k];
        _partialGaps = new T[_parts][];
        _tiles = new T[_parts][];
        _panels = new T[_parts][];
        for (var p = 0; p < _parts; p++)
        {
            _partialGaps[p] = new T[_c * _ld];
            _tiles[p] = new T[Gemm.TileRows * nrMax];
            _panels[p] = new T[Gemm.ProjectScratchLength<T>((_k + _parts - 1) / _parts, _n)];
        }
    }

    /// <summary>The memories ξ^μ (K rows of N + N_c), updated in place by <see cref="Train"/>.</summary>
    internal T[][] Memories { get; }

    /// <summary>The momentum V^μ of Eq. 13 (K rows of N + N_c).</summary>
    internal T[][] Velocity { get; }

    /// <summary>∂C/∂ξ_i^μ of the last <see cref="Gradient"/> or <see cref="Train"/>, μ·N + i.</summary>
    internal ReadOnlySpan<T> GradientVisible => _gradVisible;

    /// <summary>∂C/∂ξ_α^μ of the last <see cref="Gradient"/> or <see cref="Train"/>, μ·N_c + α.</summary>
    internal ReadOnlySpan<T> GradientLabel => _gradLabel;

    /// <summary>
    /// Computes c_α (Eq. 9) for the rows <paramref name="inputs"/> (at most the engine's minibatch size) into
    /// <paramref name="outputs"/> (example-major, N_c each); returns nothing else. The overlaps s_μ stay in
    /// the engine for <see cref="LargeContributionCount"/>.
    /// </summary>
    internal void Forward(T[][] inputs, int power, T beta, Span<T> outputs)
    {
        RunForward(inputs, power);
        for (var j = 0; j < _count; j++)
        {
            for (var a = 0; a < _c; a++) outputs[j * _c + a] = T.Tanh(beta * _gaps[a * _ld + j]);
        }
    }

    /// <summary>The gap Σ_μ [F(s_μ + 2ξ_α^μ) − F(s_μ)] of example j and class α after <see cref="Forward"/>.</summary>
    internal T Gap(int j, int alpha) => _gaps[alpha * _ld + j];

    /// <summary>
    /// DAM Fig. 3, right histogram: after <see cref="Forward"/>, the number of memories whose contribution
    /// F(s_μ + 2ξ_α^μ) − F(s_μ) to the gap of class <paramref name="alpha"/> (the decision) for example j exceeds
    /// <paramref name="fraction"/> of the largest contribution (the largest itself included; 0 when no
    /// memory contributes positively).
    /// </summary>
    internal int LargeContributionCount(int j, int alpha, T fraction)
    {
        var largest = T.Zero;
        for (var mu = 0; mu < _k; mu++) largest = T.Max(largest, Contribution(mu, j, alpha));
        if (largest <= T.Zero) return 0;
        var count = 0;
        for (var mu = 0; mu < _k; mu++)
        {
            if (Contribution(mu, j, alpha) > fraction * largest) count++;
        }
        return count;
    }

    private T Contribution(int mu, int j, int alpha)
    {
        var s = _s[mu * _stride + j] - _labelSums[mu];
        return Rectified(s + Two * Memories[mu][_n + alpha], _power) - Rectified(s, _power);
    }

    /// <summary>
    /// The minibatch-mean loss of Eq. 14 and its gradient (into <see cref="GradientVisible"/>,
    /// <see cref="GradientLabel"/>) for targets t_α = +1 on the label and −1 elsewhere; also counts the
    /// examples whose largest output is not their label. Does not change the memories.
    /// </summary>
    internal (T Loss, int Errors) Gradient(T[][] inputs, int[] labels, int power, T beta, int lossPower)
    {
        RunForward(inputs, power);
        var result = OutputGradient(labels, beta, lossPower);
        _phase = Phase.Backward;
        _step = T.Zero;
        Cores.Run(this, _parts);
        return result;
    }

    /// <summary>One training step (Eq. 13) on a minibatch: gradient, momentum p, normalized step ε, clipping.</summary>
    internal (T Loss, int Errors) Train(T[][] inputs, int[] labels, int power, T beta, int lossPower, T momentum, T step)
    {
        RunForward(inputs, power);
        var result = OutputGradient(labels, beta, lossPower);
        _phase = Phase.Backward;
        _momentum = momentum;
        _step = step;
        Cores.Run(this, _parts);
        return result;
    }

    private static readonly T Two = T.CreateTruncating(2);
    private static readonly T Four = T.CreateTruncating(4);

    /// <summary>
    /// tanh′(x) = 1 − tanh²(x), computed as 4e/(1 + e)² with e = e^{−2|x|} so that it stays positive where tanh
    /// has rounded to ±1 (|x| ≳ 9 in float): with Eq. 13's normalization even a tiny gradient moves the memories.
    /// </summary>
    internal static T SechSquared(T x)
    {
        var e = T.Exp(-Two * T.Abs(x));
        return Four * e / ((T.One + e) * (T.One + e));
    }

    /// <summary>F(x) = max(x, 0)ⁿ, DAM Eq. 3.</summary>
    internal static T Rectified(T x, int n)
    {
        var r = T.Max(x, T.Zero);
        var f = r;
        for (var i = 1; i < n; i++) f *= r;
        return f;
    }

    private void RunForward(T[][] inputs, int power)
    {
        _count = inputs.Length;
        _power = power;
        if (_batchRows.Length != _count) _batchRows = new T[_count][];
        for (var j = 0; j < _count; j++)
        {
            _batchRows[j] = inputs[j];
            inputs[j].AsSpan(0, _n).CopyTo(_queries.AsSpan(j * _n));
        }
        switch (Width)
        {
            case Width.Wide: Pack<Vector512<T>, Wide<T>>(); break;
            case Width.Medium: Pack<Vector256<T>, Medium<T>>(); break;
            default: Pack<Vector128<T>, Narrow<T>>(); break;
        }
        _phase = Phase.Forward;
        Cores.Run(this, _parts);
        _gaps.AsSpan().Clear();
        foreach (var partial in _partialGaps)
        {
            for (var i = 0; i < _gaps.Length; i++) _gaps[i] += partial[i];
        }
    }

    private void Pack<TVec, TOps>() where TVec : struct where TOps : struct, IVectorOps<TVec, T>
    {
        _panelCount = Gemm.Panels<TVec, TOps, T>(_count);
        _stride = _panelCount * Gemm.TileColumns<TVec, TOps, T>();
        Gemm.PackQueries<TVec, TOps, T>(_queries, _n, _count, _packed);
    }

    /// <summary>g_α = ∂C/∂gap_α per example (zero in the padding columns), the loss and the error count.</summary>
    private (T Loss, int Errors) OutputGradient(int[] labels, T beta, int lossPower)
    {
        _g.AsSpan().Clear();
        var loss = T.Zero;
        var errors = 0;
        var scale = T.CreateTruncating(2 * lossPower) / T.CreateTruncating(_count);
        for (var j = 0; j < _count; j++)
        {
            var best = 0;
            for (var a = 0; a < _c; a++)
            {
                var gap = _gaps[a * _ld + j];
                if (gap > _gaps[best * _ld + j]) best = a;
                var c = T.Tanh(beta * gap);
                var e = c - (a == labels[j] ? T.One : -T.One);
                var odd = T.One; // (c − t)^{2m−1}
                for (var i = 1; i < 2 * lossPower; i++) odd *= e;
                loss += odd * e;
                _g[a * _ld + j] = scale * odd * beta * SechSquared(beta * gap);
            }
            if (best != labels[j]) errors++;
        }
        return (loss / T.CreateTruncating(_count), errors);
    }

    /// <inheritdoc/>
    private protected override void RunPart<TVec, TOps>(int part)
    {
        var (from, to) = Cores.Range(part, _parts, _k);
        if (from == to)
        {
            _partialGaps[part].AsSpan().Clear();
            return;
        }
        if (_phase == Phase.Forward) ForwardPart<TVec, TOps>(part, from, to);
        else BackwardPart<TVec, TOps>(part, from, to);
    }

    /// <summary>s for memories [from, to) by one matrix product, then their share of every gap.</summary>
    private void ForwardPart<TVec, TOps>(int part, int from, int to) where TVec : struct where TOps : struct, IVectorOps<TVec, T>
    {
        var ld = _stride;
        Gemm.Scores<TVec, TOps, T>(Memories, from, to, _packed, _n, _panelCount, _s.AsSpan(from * _stride), _tiles[part]);
        var gaps = _partialGaps[part];
        gaps.AsSpan().Clear();
        var w = (nuint)TOps.Count;
        var zero = TOps.Splat(T.Zero);
        for (var mu = from; mu < to; mu++)
        {
            var xi = Memories[mu];
            var labelSum = T.Zero;
            for (var a = 0; a < _c; a++) labelSum += xi[_n + a];
            _labelSums[mu] = labelSum;
            var shift = TOps.Splat(labelSum);
            ref var row = ref _s[mu * _stride];
            for (nuint j = 0; j < (nuint)ld; j += w)
            {
                var s = TOps.Subtract(TOps.Load(in row, j), shift);
                var f0 = Power<TVec, TOps>(TOps.Max(s, zero), _power);
                for (var a = 0; a < _c; a++)
                {
                    var on = TOps.Add(s, TOps.Splat(Two * xi[_n + a]));
                    ref var gap = ref gaps[a * _ld];
                    var sum = TOps.Add(TOps.Load(in gap, j), TOps.Subtract(Power<TVec, TOps>(TOps.Max(on, zero), _power), f0));
                    TOps.Store(sum, ref gap, j);
                }
            }
        }
    }

    /// <summary>D, the label gradient, the visible gradient (one matrix product) and, when training, Eq. 13 for memories [from, to).</summary>
    private void BackwardPart<TVec, TOps>(int part, int from, int to) where TVec : struct where TOps : struct, IVectorOps<TVec, T>
    {
        var ld = _stride;
        var w = (nuint)TOps.Count;
        var zero = TOps.Splat(T.Zero);
        var degree = T.CreateTruncating(_power);
        Span<T> lanes = stackalloc T[TOps.Count];
        for (var mu = from; mu < to; mu++)
        {
            var xi = Memories[mu];
            var shift = TOps.Splat(_labelSums[mu]);
            ref var row = ref _s[mu * _stride];
            var gradLabel = _gradLabel.AsSpan(mu * _c, _c);
            gradLabel.Clear();
            var dSum = T.Zero;
            for (nuint j = 0; j < (nuint)ld; j += w)
            {
                var s = TOps.Subtract(TOps.Load(in row, j), shift);
                var d0 = Power<TVec, TOps>(TOps.Max(s, zero), _power - 1);
                var d = zero;
                for (var a = 0; a < _c; a++)
                {
                    var on = TOps.Add(s, TOps.Splat(Two * xi[_n + a]));
                    var dOn = Power<TVec, TOps>(TOps.Max(on, zero), _power - 1);
                    var g = TOps.Load(in _g[a * _ld], j);
                    d = TOps.MultiplyAdd(g, TOps.Subtract(dOn, d0), d);
                    gradLabel[a] += TOps.Sum(TOps.Multiply(g, dOn));
                }
                // F′(x) = n·max(x, 0)^{n−1}: the factor n is applied once, here and to the label sums below.
                d = TOps.Multiply(d, TOps.Splat(degree));
                dSum += TOps.Sum(d);
                TOps.Store(d, ref lanes[0], 0);
                var j0 = (int)j;
                for (var t = 0; t < TOps.Count && j0 + t < _count; t++) _dt[(j0 + t) * _k + mu] = lanes[t];
            }
            for (var a = 0; a < _c; a++) gradLabel[a] = Two * degree * gradLabel[a] - dSum;
        }
        Gemm.Project<TVec, TOps, T>(_dt.AsSpan(from), _k, to - from, _batchRows, _gradVisible.AsSpan(from * _n, (to - from) * _n), _panels[part], _tiles[part]);
        if (_step == T.Zero) return;
        for (var mu = from; mu < to; mu++) Update(mu);
    }

    /// <summary>Eq. 13 for memory μ, then clipping to [−1, 1].</summary>
    private void Update(int mu)
    {
        var v = Velocity[mu];
        var xi = Memories[mu];
        var gv = _gradVisible.AsSpan(mu * _n, _n);
        var gl = _gradLabel.AsSpan(mu * _c, _c);
        var largest = T.Zero;
        for (var i = 0; i < _d; i++)
        {
            v[i] = _momentum * v[i] - (i < _n ? gv[i] : gl[i - _n]);
            largest = T.Max(largest, T.Abs(v[i]));
        }
        if (largest == T.Zero) return;
        var scale = _step / largest;
        for (var i = 0; i < _d; i++) xi[i] = T.Clamp(xi[i] + scale * v[i], -T.One, T.One);
    }

    private static TVec Power<TVec, TOps>(TVec r, int n) where TVec : struct where TOps : struct, IVectorOps<TVec, T>
    {
        if (n == 0) return TOps.Splat(T.One);
        var f = r;
        for (var i = 1; i < n; i++) f = TOps.Multiply(f, r);
        return f;
    }
}
