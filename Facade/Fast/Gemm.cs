using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace AssociativeKernels.Fast;

/// <summary>
/// The register-tiled matrix products of batched retrieval, for float and double at any vector width.
/// Everything goes through one micro-kernel, <see cref="Tile{TVec, TOps, T}"/>: a 6 × NR block of C
/// (NR = 4 vectors with 512-bit vectors, 64 floats, in 24 registers; 2 vectors in 12 registers at the narrower
/// widths) accumulates Σ_k a_r[k] b[k, 0…NR) in registers, b read from a packed panel (NR contiguous values
/// per k) and a_r broadcast from six row pointers with a common stride. Measured from L1, one core: on this
/// project's Zen 5 machine the 6 × 2 shape ran at ≈ 195 GFLOP/s in float, the machine's FMA peak (6 × 4 no
/// faster); on the Xeon of issue 14 (two 512-bit FMA ports) 6 × 2 reached ≈ 70 % of a register-only FMA loop and
/// 6 × 4 ≈ 80 %.
/// <para>
/// <see cref="Scores{TVec, TOps, T}"/> forms Sᵀ = X Qᵀ (stored patterns by queries) with X's rows as
/// the a operand (no copy of the patterns) and the queries packed once per block, blocked so that both operands of a
/// tile come from L1 (<see cref="ScorePanelBytes"/>); <see cref="Project{TVec, TOps, T}"/>
/// forms Z = W V with the weights Wᵀ (patterns by queries, the layout Scores writes) packed six queries at a time
/// and broadcast, and V's rows packed panel by panel, in depth steps of at most <see cref="DepthBlock"/> so a packed
/// panel stays in the L1 cache (<see cref="ProjectPanelBytes"/>). Partial tiles (fewer than 6 rows, fewer than NR columns) go through a small scratch
/// tile, so the kernel never reads or writes outside the buffers; every size is checked on entry.
/// </para>
/// </summary>
internal static class Gemm
{
    /// <summary>Rows of a tile (the a operand's broadcasts).</summary>
    internal const int TileRows = 6;

    /// <summary>The depth of one block of the contraction.</summary>
    internal const int DepthBlock = 256;

    /// <summary>
    /// The bytes of a packed panel slice and the rows of one cache block of <see cref="Scores{TVec, TOps, T}"/>: with
    /// 512-bit vectors a slice is 64 deep (64 · 64 floats · 4 B = 16 KB) and the rows' slices 48 · 64 · 4 B = 12 KB
    /// (24 KB in double), together inside a 48 KB L1 (measured on the Xeon of issue 14, one core: 10–20 % faster than
    /// a 256-deep slice streamed from L2 per tile). <see cref="Project{TVec, TOps, T}"/>'s panel of V takes up to
    /// <see cref="ProjectPanelBytes"/>: it is reused by every tile of the block's queries from L1.
    /// </summary>
    private const int ScorePanelBytes = 16 * 1024, ScoreRowBlock = 8 * TileRows, ProjectPanelBytes = 32 * 1024;

    /// <summary>The most bytes of V's panels packed at once by <see cref="Project{TVec, TOps, T}"/> (a depth block's rows, in L2).</summary>
    private const int ProjectPanelsBytes = 1 << 18;

    /// <summary>
    /// Columns of a tile: four vectors with 512-bit vectors (24 accumulators of the 32 registers AVX-512 has; on the
    /// Xeon of issue 14 a 6 × 4 tile ran ≈ 15 % faster from L1 than 6 × 2, with 10 loads per 24 multiply–adds instead
    /// of 8 per 12), two otherwise (12 accumulators: AVX2 and SSE have 16 registers).
    /// </summary>
    internal static int TileColumns<TVec, TOps, T>()
        where TVec : struct
        where TOps : struct, IVectorOps<TVec, T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => (Unsafe.SizeOf<TVec>() == 64 ? 4 : 2) * TOps.Count;

    /// <summary>The largest <see cref="TileColumns{TVec, TOps, T}"/> of any width: four 512-bit vectors of T.</summary>
    internal static int MaxTileColumns<T>() where T : unmanaged => 4 * 64 / Unsafe.SizeOf<T>();

    /// <summary>
    /// The depth of a block whose packed panel slice (depth × NR values) takes <paramref name="bytes"/>, at most
    /// <see cref="DepthBlock"/>.
    /// </summary>
    private static int Depth<TVec, TOps, T>(int bytes)
        where TVec : struct
        where TOps : struct, IVectorOps<TVec, T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => Math.Min(DepthBlock, bytes / (TileColumns<TVec, TOps, T>() * Unsafe.SizeOf<T>()));

    /// <summary>The length of a packed query block: <paramref name="count"/> queries rounded up to whole panels of NR, times n.</summary>
    internal static int PackedQueriesLength<TVec, TOps, T>(int count, int n)
        where TVec : struct
        where TOps : struct, IVectorOps<TVec, T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => Panels<TVec, TOps, T>(count) * TileColumns<TVec, TOps, T>() * n;

    /// <summary>⌈count / NR⌉.</summary>
    internal static int Panels<TVec, TOps, T>(int count)
        where TVec : struct
        where TOps : struct, IVectorOps<TVec, T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var nr = TileColumns<TVec, TOps, T>();
        return (count + nr - 1) / nr;
    }

    /// <summary>
    /// Packs <paramref name="count"/> queries (row-major, rows of length <paramref name="n"/>) into panels:
    /// panel p holds, for k = 0 … n − 1, the NR values q_{p·NR + t}[k], zero past the last query.
    /// </summary>
    internal static void PackQueries<TVec, TOps, T>(ReadOnlySpan<T> queries, int n, int count, Span<T> packed)
        where TVec : struct
        where TOps : struct, IVectorOps<TVec, T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var nr = TileColumns<TVec, TOps, T>();
        var panels = Panels<TVec, TOps, T>(count);
        if (queries.Length < count * n || packed.Length < panels * nr * n) throw new ArgumentException("PackQueries: buffer too short");
        packed[..(panels * nr * n)].Clear();
        for (var j = 0; j < count; j++)
        {
            var q = queries.Slice(j * n, n);
            var panel = packed.Slice(j / nr * nr * n);
            var t = j % nr;
            for (var k = 0; k < n; k++) panel[k * nr + t] = q[k];
        }
    }

    /// <summary>
    /// s[(μ − from)·ldS + j] = x_μ · q_j for μ in [from, to) and every packed query column j &lt; ldS, where
    /// ldS = panels · NR and <paramref name="packed"/> comes from <see cref="PackQueries{TVec, TOps, T}"/>.
    /// <paramref name="tile"/> is scratch of at least 6 · NR.
    /// </summary>
    internal static void Scores<TVec, TOps, T>(Rows<T> rows, int from, int to, ReadOnlySpan<T> packed, int n, int panels, Span<T> s, Span<T> tile)
        where TVec : struct
        where TOps : struct, IVectorOps<TVec, T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var nr = TileColumns<TVec, TOps, T>();
        var ldS = panels * nr;
        if (packed.Length < panels * nr * n || s.Length < (to - from) * ldS || tile.Length < TileRows * nr || from < 0 || to > rows.Count)
        {
            throw new ArgumentException("Scores: buffer too short");
        }
        for (var mu = from; mu < to; mu++)
        {
            if (rows[mu].Length < n) throw new ArgumentException("Scores: row too short");
        }
        ref readonly var b0 = ref packed[0];
        var full = from + (to - from) / TileRows * TileRows;
        var depth = Depth<TVec, TOps, T>(ScorePanelBytes);
        // Blocked for the caches: a block of ScoreRowBlock rows is finished (every depth block, every panel) before
        // the next, so its scores stay in L2 from one depth block to the next; within a depth block a panel slice
        // (depth × NR) and the block's row slices (ScoreRowBlock × depth) are both L1-resident and every tile of the
        // block reuses that slice.
        for (var m0 = from; m0 < full; m0 += ScoreRowBlock)
        {
            var m1 = Math.Min(full, m0 + ScoreRowBlock);
            for (var k0 = 0; k0 < n; k0 += depth)
            {
                var kc = Math.Min(depth, n - k0);
                for (var p = 0; p < panels; p++)
                {
                    for (var mu = m0; mu < m1; mu += TileRows)
                    {
                        Tile<TVec, TOps, T>(kc, in rows[mu][k0], in rows[mu + 1][k0], in rows[mu + 2][k0], in rows[mu + 3][k0], in rows[mu + 4][k0], in rows[mu + 5][k0],
                            1, in Unsafe.Add(ref Unsafe.AsRef(in b0), (p * n + k0) * nr), ref s[(mu - from) * ldS + p * nr], ldS, k0 > 0);
                    }
                }
            }
        }
        if (full == to) return;
        // The last rows (fewer than 6): the whole depth at once into the scratch tile, repeating the last row.
        var last = to - 1;
        for (var p = 0; p < panels; p++)
        {
            Tile<TVec, TOps, T>(n, in rows[full][0], in rows[Math.Min(full + 1, last)][0], in rows[Math.Min(full + 2, last)][0],
                in rows[Math.Min(full + 3, last)][0], in rows[Math.Min(full + 4, last)][0], in rows[Math.Min(full + 5, last)][0],
                1, in Unsafe.Add(ref Unsafe.AsRef(in b0), p * n * nr), ref tile[0], nr, false);
            for (var r = 0; r < to - full; r++) tile.Slice(r * nr, nr).CopyTo(s.Slice((full + r - from) * ldS + p * nr, nr));
        }
    }

    /// <summary>
    /// z[j·o + i] = Σ_μ w[μ·ldW + j] · v_μ[i] for j &lt; count, i &lt; o, μ over all rows of <paramref name="values"/>
    /// (o = their length): the projection of the weights (patterns by queries, as <see cref="Scores{TVec, TOps, T}"/>
    /// lays them out) onto the output rows. <paramref name="panel"/> is scratch of at least
    /// <see cref="ProjectScratchLength{T}"/>(count), <paramref name="tile"/> of at least 6 · NR. z is overwritten, or
    /// added to with <paramref name="add"/>.
    /// <para>
    /// Both operands are packed once per depth block: V's rows, all panels of a group at once (each row's columns read
    /// in one sequential run), and the weights tile by tile, six queries' weights of each row side by side (the last
    /// tile repeating its last query), so the kernel broadcasts them from consecutive addresses rather than one new
    /// cache line of the weights (ldW apart, from L2) per step. Measured on the Xeon of issue 14, M = 16 384, o = 1 024,
    /// 256 queries, float: one core, twelve interleaved rounds, the packed projection ran at 1.09× the unpacked one
    /// (median), and mchn-batch f32 end to end (Q = 512, 2 cores) took less time in 6 of 8 interleaved pairs (median
    /// 5 %). Within the batched retrieval's row-block schedule, which packs V's rows from L2 right after the scores
    /// read them, the two products ran within 10 % of each other (bench/README.md).
    /// </para>
    /// </summary>
    internal static void Project<TVec, TOps, T>(ReadOnlySpan<T> w, int ldW, int count, Rows<T> values, Span<T> z, Span<T> panel, Span<T> tile, bool add = false)
        where TVec : struct
        where TOps : struct, IVectorOps<TVec, T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var nr = TileColumns<TVec, TOps, T>();
        var m = values.Count;
        var o = values.Dimension;
        var tiles = (count + TileRows - 1) / TileRows;
        if (count < 1 || count > ldW || w.Length < (m - 1) * ldW + count || z.Length < count * o
            || panel.Length < ProjectScratchLength<T>(count, o) || tile.Length < TileRows * nr)
        {
            throw new ArgumentException("Project: buffer too short");
        }
        for (var mu = 0; mu < m; mu++)
        {
            if (values[mu].Length != o) throw new ArgumentException("Project: ragged values");
        }
        var depth = Depth<TVec, TOps, T>(ProjectPanelBytes);
        var panelsLength = PanelsLength<T>(o);
        var weights = panel.Slice(panelsLength, DepthBlock * tiles * TileRows);
        // V's panels are packed a group at a time, each row's group of columns read in one sequential run.
        var groupColumns = Math.Max(1, panelsLength / (depth * nr)) * nr;
        for (var mu0 = 0; mu0 < m; mu0 += depth)
        {
            var kc = Math.Min(depth, m - mu0);
            PackWeights(w[(mu0 * ldW)..], ldW, count, kc, weights);
            for (var g0 = 0; g0 < o; g0 += groupColumns)
            {
                var g1 = Math.Min(o, g0 + groupColumns);
                PackPanels(values, mu0, kc, g0, g1, nr, panel);
                for (var i0 = g0; i0 < g1; i0 += nr)
                {
                    var width = Math.Min(nr, o - i0);
                    ref readonly var b = ref panel[(i0 - g0) / nr * kc * nr];
                    for (var t = 0; t < tiles; t++)
                    {
                        var j0 = t * TileRows;
                        var rowsHere = Math.Min(TileRows, count - j0);
                        ref readonly var a = ref weights[t * kc * TileRows];
                        var accumulate = add || mu0 > 0;
                        var full = rowsHere == TileRows && width == nr;
                        if (!full)
                        {
                            // A partial tile: through the scratch tile.
                            tile.Clear();
                            for (var r = 0; r < rowsHere && accumulate; r++) z.Slice((j0 + r) * o + i0, width).CopyTo(tile.Slice(r * nr, width));
                        }
                        Tile<TVec, TOps, T>(kc, in a, in Unsafe.Add(ref Unsafe.AsRef(in a), 1), in Unsafe.Add(ref Unsafe.AsRef(in a), 2),
                            in Unsafe.Add(ref Unsafe.AsRef(in a), 3), in Unsafe.Add(ref Unsafe.AsRef(in a), 4), in Unsafe.Add(ref Unsafe.AsRef(in a), 5),
                            TileRows, in b, ref full ? ref z[j0 * o + i0] : ref tile[0], full ? o : nr, accumulate);
                        if (full) continue;
                        for (var r = 0; r < rowsHere; r++) tile.Slice(r * nr, width).CopyTo(z.Slice((j0 + r) * o + i0, width));
                    }
                }
            }
        }
    }

    /// <summary>
    /// The weights of <paramref name="kc"/> rows (row k at w[k·ldW], <paramref name="count"/> queries each) tile by
    /// tile: packed[(t·kc + k)·6 + r] = w[k·ldW + 6t + min(r, last)], the last tile repeating its last query.
    /// </summary>
    private static void PackWeights<T>(ReadOnlySpan<T> w, int ldW, int count, int kc, Span<T> packed)
    {
        for (var t = 0; t < (count + TileRows - 1) / TileRows; t++)
        {
            var lastRow = Math.Min(TileRows, count - t * TileRows) - 1;
            for (var k = 0; k < kc; k++)
            {
                var from = w.Slice(k * ldW + t * TileRows, lastRow + 1);
                var to = packed.Slice((t * kc + k) * TileRows, TileRows);
                if (lastRow == TileRows - 1)
                {
                    from.CopyTo(to);
                    continue;
                }
                for (var r = 0; r < TileRows; r++) to[r] = from[Math.Min(r, lastRow)];
            }
        }
    }

    /// <summary>
    /// Columns [g0, g1) of the rows [mu0, mu0 + kc) of V as panels of <paramref name="nr"/> columns:
    /// panel[((i0 − g0)/nr · kc + k)·nr + c] = v_{mu0+k}[i0 + c], zero beyond V's width. Written panel by panel, each
    /// panel in one sequential run, a full row slice moved as 32-byte vectors (NR values of T are a whole number of
    /// them at every width); in the batched retrieval's row-block schedule the rows were just read by the scores and
    /// come from L2. Measured on the Xeon of issue 14, 128 rows × 1 024 floats from L2: 3.0 ms per 64 MB, against
    /// 5.0 ms row by row with span copies.
    /// </summary>
    private static void PackPanels<T>(Rows<T> values, int mu0, int kc, int g0, int g1, int nr, Span<T> panel) where T : unmanaged
    {
        var bytes = nr * Unsafe.SizeOf<T>();
        for (var i0 = g0; i0 < g1; i0 += nr)
        {
            var width = Math.Min(nr, values.Dimension - i0);
            var target = panel.Slice((i0 - g0) / nr * kc * nr, kc * nr);
            if (width < nr || bytes % 32 != 0)
            {
                for (var k = 0; k < kc; k++)
                {
                    values[mu0 + k].Slice(i0, width).CopyTo(target.Slice(k * nr, width));
                    target.Slice(k * nr + width, nr - width).Clear();
                }
                continue;
            }
            ref var to = ref Unsafe.As<T, byte>(ref target[0]);
            for (var k = 0; k < kc; k++)
            {
                ref var from = ref Unsafe.As<T, byte>(ref Unsafe.AsRef(in values[mu0 + k][i0]));
                ref var into = ref Unsafe.Add(ref to, k * bytes);
                for (var b = 0; b < bytes; b += 32) Vector256.StoreUnsafe(Vector256.LoadUnsafe(ref from, (nuint)b), ref into, (nuint)b);
            }
        }
    }

    /// <summary>
    /// The packed panels of V in <see cref="Project{TVec, TOps, T}"/>'s scratch: every panel of a depth block
    /// (DepthBlock rows of o values rounded up to the widest NR), capped at <see cref="ProjectPanelsBytes"/>, and at
    /// least one panel.
    /// </summary>
    private static int PanelsLength<T>(int o) where T : unmanaged
    {
        var widest = MaxTileColumns<T>();
        var all = (long)DepthBlock * ((o + widest - 1) / widest * widest);
        return (int)Math.Max(DepthBlock * widest, Math.Min(all, ProjectPanelsBytes / Unsafe.SizeOf<T>()));
    }

    /// <summary>
    /// The scratch <see cref="Project{TVec, TOps, T}"/> needs for <paramref name="count"/> queries and outputs of
    /// length <paramref name="o"/> at any vector width: V's packed panels (<see cref="PanelsLength{T}"/>) and the
    /// packed weights of one depth block (DepthBlock rows of ⌈count/6⌉·6).
    /// </summary>
    internal static int ProjectScratchLength<T>(int count, int o) where T : unmanaged =>
        PanelsLength<T>(o) + DepthBlock * ((count + TileRows - 1) / TileRows * TileRows);

    /// <summary>
    /// The micro-kernel: c[r·ldc + t] (+)= Σ_{k &lt; kc} a_r[k·aStep] · b[k·NR + t] for r &lt; 6, t &lt; NR (two vectors;
    /// 512-bit vectors go to <see cref="Tile4{TVec, TOps, T}"/>, four);
    /// with <paramref name="accumulate"/> false the block starts from zero. The caller guarantees every
    /// address is inside its buffer.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile<TVec, TOps, T>(int kc, ref readonly T a0, ref readonly T a1, ref readonly T a2, ref readonly T a3, ref readonly T a4, ref readonly T a5,
        nint aStep, ref readonly T b, ref T c, nint ldc, bool accumulate)
        where TVec : struct
        where TOps : struct, IVectorOps<TVec, T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (Unsafe.SizeOf<TVec>() == 64)
        {
            Tile4<TVec, TOps, T>(kc, in a0, in a1, in a2, in a3, in a4, in a5, aStep, in b, ref c, ldc, accumulate);
            return;
        }
        var w = (nuint)TOps.Count;
        TVec c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
        if (accumulate)
        {
            ref var r0 = ref Unsafe.Add(ref c, 0 * ldc);
            c00 = TOps.Load(in r0, 0 * w);
            c01 = TOps.Load(in r0, 1 * w);
            ref var r1 = ref Unsafe.Add(ref c, 1 * ldc);
            c10 = TOps.Load(in r1, 0 * w);
            c11 = TOps.Load(in r1, 1 * w);
            ref var r2 = ref Unsafe.Add(ref c, 2 * ldc);
            c20 = TOps.Load(in r2, 0 * w);
            c21 = TOps.Load(in r2, 1 * w);
            ref var r3 = ref Unsafe.Add(ref c, 3 * ldc);
            c30 = TOps.Load(in r3, 0 * w);
            c31 = TOps.Load(in r3, 1 * w);
            ref var r4 = ref Unsafe.Add(ref c, 4 * ldc);
            c40 = TOps.Load(in r4, 0 * w);
            c41 = TOps.Load(in r4, 1 * w);
            ref var r5 = ref Unsafe.Add(ref c, 5 * ldc);
            c50 = TOps.Load(in r5, 0 * w);
            c51 = TOps.Load(in r5, 1 * w);
        }
        else
        {
            c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = c40 = c41 = c50 = c51 = default;
        }
        nint offset = 0;
        nuint bOffset = 0;
        var stride = (nuint)(2 * TOps.Count);
        for (var k = 0; k < kc; k++)
        {
            var b0 = TOps.Load(in b, bOffset + 0 * w);
            var b1 = TOps.Load(in b, bOffset + 1 * w);
            var s0 = TOps.Splat(Unsafe.Add(ref Unsafe.AsRef(in a0), offset));
            c00 = TOps.MultiplyAdd(s0, b0, c00);
            c01 = TOps.MultiplyAdd(s0, b1, c01);
            var s1 = TOps.Splat(Unsafe.Add(ref Unsafe.AsRef(in a1), offset));
            c10 = TOps.MultiplyAdd(s1, b0, c10);
            c11 = TOps.MultiplyAdd(s1, b1, c11);
            var s2 = TOps.Splat(Unsafe.Add(ref Unsafe.AsRef(in a2), offset));
            c20 = TOps.MultiplyAdd(s2, b0, c20);
            c21 = TOps.MultiplyAdd(s2, b1, c21);
            var s3 = TOps.Splat(Unsafe.Add(ref Unsafe.AsRef(in a3), offset));
            c30 = TOps.MultiplyAdd(s3, b0, c30);
            c31 = TOps.MultiplyAdd(s3, b1, c31);
            var s4 = TOps.Splat(Unsafe.Add(ref Unsafe.AsRef(in a4), offset));
            c40 = TOps.MultiplyAdd(s4, b0, c40);
            c41 = TOps.MultiplyAdd(s4, b1, c41);
            var s5 = TOps.Splat(Unsafe.Add(ref Unsafe.AsRef(in a5), offset));
            c50 = TOps.MultiplyAdd(s5, b0, c50);
            c51 = TOps.MultiplyAdd(s5, b1, c51);
            offset += aStep;
            bOffset += stride;
        }
        ref var o0 = ref Unsafe.Add(ref c, 0 * ldc);
        TOps.Store(c00, ref o0, 0 * w);
        TOps.Store(c01, ref o0, 1 * w);
        ref var o1 = ref Unsafe.Add(ref c, 1 * ldc);
        TOps.Store(c10, ref o1, 0 * w);
        TOps.Store(c11, ref o1, 1 * w);
        ref var o2 = ref Unsafe.Add(ref c, 2 * ldc);
        TOps.Store(c20, ref o2, 0 * w);
        TOps.Store(c21, ref o2, 1 * w);
        ref var o3 = ref Unsafe.Add(ref c, 3 * ldc);
        TOps.Store(c30, ref o3, 0 * w);
        TOps.Store(c31, ref o3, 1 * w);
        ref var o4 = ref Unsafe.Add(ref c, 4 * ldc);
        TOps.Store(c40, ref o4, 0 * w);
        TOps.Store(c41, ref o4, 1 * w);
        ref var o5 = ref Unsafe.Add(ref c, 5 * ldc);
        TOps.Store(c50, ref o5, 0 * w);
        TOps.Store(c51, ref o5, 1 * w);
    }

    /// <summary>
    /// <see cref="Tile{TVec, TOps, T}"/> with NR = 4 vectors (512-bit vectors: 24 accumulators, 4 loads of b and 6
    /// broadcasts per 24 multiply–adds).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile4<TVec, TOps, T>(int kc, ref readonly T a0, ref readonly T a1, ref readonly T a2, ref readonly T a3, ref readonly T a4, ref readonly T a5,
        nint aStep, ref readonly T b, ref T c, nint ldc, bool accumulate)
        where TVec : struct
        where TOps : struct, IVectorOps<TVec, T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var w = (nuint)TOps.Count;
        TVec c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33, c40, c41, c42, c43, c50, c51, c52, c53;
        if (accumulate)
        {
            ref var r0 = ref Unsafe.Add(ref c, 0 * ldc);
            c00 = TOps.Load(in r0, 0 * w);
            c01 = TOps.Load(in r0, 1 * w);
            c02 = TOps.Load(in r0, 2 * w);
            c03 = TOps.Load(in r0, 3 * w);
            ref var r1 = ref Unsafe.Add(ref c, 1 * ldc);
            c10 = TOps.Load(in r1, 0 * w);
            c11 = TOps.Load(in r1, 1 * w);
            c12 = TOps.Load(in r1, 2 * w);
            c13 = TOps.Load(in r1, 3 * w);
            ref var r2 = ref Unsafe.Add(ref c, 2 * ldc);
            c20 = TOps.Load(in r2, 0 * w);
            c21 = TOps.Load(in r2, 1 * w);
            c22 = TOps.Load(in r2, 2 * w);
            c23 = TOps.Load(in r2, 3 * w);
            ref var r3 = ref Unsafe.Add(ref c, 3 * ldc);
            c30 = TOps.Load(in r3, 0 * w);
            c31 = TOps.Load(in r3, 1 * w);
            c32 = TOps.Load(in r3, 2 * w);
            c33 = TOps.Load(in r3, 3 * w);
            ref var r4 = ref Unsafe.Add(ref c, 4 * ldc);
            c40 = TOps.Load(in r4, 0 * w);
            c41 = TOps.Load(in r4, 1 * w);
            c42 = TOps.Load(in r4, 2 * w);
            c43 = TOps.Load(in r4, 3 * w);
            ref var r5 = ref Unsafe.Add(ref c, 5 * ldc);
            c50 = TOps.Load(in r5, 0 * w);
            c51 = TOps.Load(in r5, 1 * w);
            c52 = TOps.Load(in r5, 2 * w);
            c53 = TOps.Load(in r5, 3 * w);
        }
        else
        {
            c00 = c01 = c02 = c03 = c10 = c11 = c12 = c13 = c20 = c21 = c22 = c23 = c30 = c31 = c32 = c33 = c40 = c41 = c42 = c43 = c50 = c51 = c52 = c53 = default;
        }
        nint offset = 0;
        nuint bOffset = 0;
        var stride = (nuint)(4 * TOps.Count);
        for (var k = 0; k < kc; k++)
        {
            var b0 = TOps.Load(in b, bOffset + 0 * w);
            var b1 = TOps.Load(in b, bOffset + 1 * w);
            var b2 = TOps.Load(in b, bOffset + 2 * w);
            var b3 = TOps.Load(in b, bOffset + 3 * w);
            var s0 = TOps.Splat(Unsafe.Add(ref Unsafe.AsRef(in a0), offset));
            c00 = TOps.MultiplyAdd(s0, b0, c00);
            c01 = TOps.MultiplyAdd(s0, b1, c01);
            c02 = TOps.MultiplyAdd(s0, b2, c02);
            c03 = TOps.MultiplyAdd(s0, b3, c03);
            var s1 = TOps.Splat(Unsafe.Add(ref Unsafe.AsRef(in a1), offset));
            c10 = TOps.MultiplyAdd(s1, b0, c10);
            c11 = TOps.MultiplyAdd(s1, b1, c11);
            c12 = TOps.MultiplyAdd(s1, b2, c12);
            c13 = TOps.MultiplyAdd(s1, b3, c13);
            var s2 = TOps.Splat(Unsafe.Add(ref Unsafe.AsRef(in a2), offset));
            c20 = TOps.MultiplyAdd(s2, b0, c20);
            c21 = TOps.MultiplyAdd(s2, b1, c21);
            c22 = TOps.MultiplyAdd(s2, b2, c22);
            c23 = TOps.MultiplyAdd(s2, b3, c23);
            var s3 = TOps.Splat(Unsafe.Add(ref Unsafe.AsRef(in a3), offset));
            c30 = TOps.MultiplyAdd(s3, b0, c30);
            c31 = TOps.MultiplyAdd(s3, b1, c31);
            c32 = TOps.MultiplyAdd(s3, b2, c32);
            c33 = TOps.MultiplyAdd(s3, b3, c33);
            var s4 = TOps.Splat(Unsafe.Add(ref Unsafe.AsRef(in a4), offset));
            c40 = TOps.MultiplyAdd(s4, b0, c40);
            c41 = TOps.MultiplyAdd(s4, b1, c41);
            c42 = TOps.MultiplyAdd(s4, b2, c42);
            c43 = TOps.MultiplyAdd(s4, b3, c43);
            var s5 = TOps.Splat(Unsafe.Add(ref Unsafe.AsRef(in a5), offset));
            c50 = TOps.MultiplyAdd(s5, b0, c50);
            c51 = TOps.MultiplyAdd(s5, b1, c51);
            c52 = TOps.MultiplyAdd(s5, b2, c52);
            c53 = TOps.MultiplyAdd(s5, b3, c53);
            offset += aStep;
            bOffset += stride;
        }
        ref var o0 = ref Unsafe.Add(ref c, 0 * ldc);
        TOps.Store(c00, ref o0, 0 * w);
        TOps.Store(c01, ref o0, 1 * w);
        TOps.Store(c02, ref o0, 2 * w);
        TOps.Store(c03, ref o0, 3 * w);
        ref var o1 = ref Unsafe.Add(ref c, 1 * ldc);
        TOps.Store(c10, ref o1, 0 * w);
        TOps.Store(c11, ref o1, 1 * w);
        TOps.Store(c12, ref o1, 2 * w);
        TOps.Store(c13, ref o1, 3 * w);
        ref var o2 = ref Unsafe.Add(ref c, 2 * ldc);
        TOps.Store(c20, ref o2, 0 * w);
        TOps.Store(c21, ref o2, 1 * w);
        TOps.Store(c22, ref o2, 2 * w);
        TOps.Store(c23, ref o2, 3 * w);
        ref var o3 = ref Unsafe.Add(ref c, 3 * ldc);
        TOps.Store(c30, ref o3, 0 * w);
        TOps.Store(c31, ref o3, 1 * w);
        TOps.Store(c32, ref o3, 2 * w);
        TOps.Store(c33, ref o3, 3 * w);
        ref var o4 = ref Unsafe.Add(ref c, 4 * ldc);
        TOps.Store(c40, ref o4, 0 * w);
        TOps.Store(c41, ref o4, 1 * w);
        TOps.Store(c42, ref o4, 2 * w);
        TOps.Store(c43, ref o4, 3 * w);
        ref var o5 = ref Unsafe.Add(ref c, 5 * ldc);
        TOps.Store(c50, ref o5, 0 * w);
        TOps.Store(c51, ref o5, 1 * w);
        TOps.Store(c52, ref o5, 2 * w);
        TOps.Store(c53, ref o5, 3 * w);
    }
}
