using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace AssociativeKernels.Fast;

/// <summary>
/// The vector operations the dense kernels are written against, so each kernel is written once and runs at
/// three widths: <see cref="Wide{T}"/> (<see cref="Vector512{T}"/>, AVX-512), <see cref="Medium{T}"/>
/// (<see cref="Vector256{T}"/>, AVX2) and <see cref="Narrow{T}"/> (<see cref="Vector128{T}"/>, the portable
/// fallback: SSE2 or Arm NEON, and software elsewhere). The implementations are empty structs, so the JIT
/// compiles one specialised copy of each kernel per width and inlines these calls.
/// </summary>
/// <typeparam name="TVec">The vector type.</typeparam>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
internal interface IVectorOps<TVec, T>
    where TVec : struct
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>Lanes per vector.</summary>
    static abstract int Count { get; }
    /// <summary>Loads <see cref="Count"/> elements from <paramref name="source"/> + <paramref name="offset"/>.</summary>
    static abstract TVec Load(ref readonly T source, nuint offset);
    /// <summary>Stores <see cref="Count"/> elements at <paramref name="destination"/> + <paramref name="offset"/>.</summary>
    static abstract void Store(TVec value, ref T destination, nuint offset);
    /// <summary>
    /// Loads <see cref="Count"/> bfloat16 values from <paramref name="source"/> + <paramref name="offset"/> widened to
    /// float in the register (each shifted left by 16 bits: exact). T = float only.
    /// </summary>
    static abstract TVec LoadWidened(ref readonly ushort source, nuint offset);
    /// <summary>Every lane <paramref name="value"/>.</summary>
    static abstract TVec Splat(T value);
    /// <summary>a·b + c with one rounding (fused multiply–add).</summary>
    static abstract TVec MultiplyAdd(TVec a, TVec b, TVec c);
    /// <summary>Lane-wise a + b.</summary>
    static abstract TVec Add(TVec a, TVec b);
    /// <summary>Lane-wise a − b.</summary>
    static abstract TVec Subtract(TVec a, TVec b);
    /// <summary>Lane-wise a · b.</summary>
    static abstract TVec Multiply(TVec a, TVec b);
    /// <summary>Lane-wise max (the inputs are never NaN here).</summary>
    static abstract TVec Max(TVec a, TVec b);
    /// <summary>Lane-wise |a|.</summary>
    static abstract TVec Abs(TVec a);
    /// <summary>Lane-wise e^a (the runtime's vectorised exp; its accuracy is measured by a test).</summary>
    static abstract TVec Exp(TVec a);
    /// <summary>The sum of the lanes.</summary>
    static abstract T Sum(TVec a);
}

/// <summary><see cref="IVectorOps{TVec, T}"/> on <see cref="Vector512{T}"/>.</summary>
internal readonly struct Wide<T> : IVectorOps<Vector512<T>, T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public static int Count => Vector512<T>.Count;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Load(ref readonly T source, nuint offset) => Vector512.LoadUnsafe(in source, offset);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<T> value, ref T destination, nuint offset) => value.StoreUnsafe(ref destination, offset);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> LoadWidened(ref readonly ushort source, nuint offset) =>
        Vector512.ShiftLeft(Vector512.WidenLower(Vector256.LoadUnsafe(in source, offset).ToVector512Unsafe()), 16).As<uint, T>();
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Splat(T value) => Vector512.Create(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> MultiplyAdd(Vector512<T> a, Vector512<T> b, Vector512<T> c) =>
        typeof(T) == typeof(float)
            ? Vector512.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>()
            : Vector512.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Add(Vector512<T> a, Vector512<T> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Subtract(Vector512<T> a, Vector512<T> b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Multiply(Vector512<T> a, Vector512<T> b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Max(Vector512<T> a, Vector512<T> b) => Vector512.Max(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Abs(Vector512<T> a) => Vector512.Abs(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Exp(Vector512<T> a) =>
        typeof(T) == typeof(float) ? Vector512.Exp(a.AsSingle()).As<float, T>() : Vector512.Exp(a.AsDouble()).As<double, T>();
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(Vector512<T> a) => Vector512.Sum(a);
}

/// <summary><see cref="IVectorOps{TVec, T}"/> on <see cref="Vector256{T}"/>.</summary>
internal readonly struct Medium<T> : IVectorOps<Vector256<T>, T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public static int Count => Vector256<T>.Count;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Load(ref readonly T source, nuint offset) => Vector256.LoadUnsafe(in source, offset);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<T> value, ref T destination, nuint offset) => value.StoreUnsafe(ref destination, offset);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> LoadWidened(ref readonly ushort source, nuint offset) =>
        Vector256.ShiftLeft(Vector256.WidenLower(Vector128.LoadUnsafe(in source, offset).ToVector256Unsafe()), 16).As<uint, T>();
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Splat(T value) => Vector256.Create(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> MultiplyAdd(Vector256<T> a, Vector256<T> b, Vector256<T> c) =>
        typeof(T) == typeof(float)
            ? Vector256.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>()
            : Vector256.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Add(Vector256<T> a, Vector256<T> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Subtract(Vector256<T> a, Vector256<T> b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Multiply(Vector256<T> a, Vector256<T> b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Max(Vector256<T> a, Vector256<T> b) => Vector256.Max(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Abs(Vector256<T> a) => Vector256.Abs(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Exp(Vector256<T> a) =>
        typeof(T) == typeof(float) ? Vector256.Exp(a.AsSingle()).As<float, T>() : Vector256.Exp(a.AsDouble()).As<double, T>();
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(Vector256<T> a) => Vector256.Sum(a);
}

/// <summary><see cref="IVectorOps{TVec, T}"/> on <see cref="Vector128{T}"/>: the portable fallback.</summary>
internal readonly struct Narrow<T> : IVectorOps<Vector128<T>, T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public static int Count => Vector128<T>.Count;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Load(ref readonly T source, nuint offset) => Vector128.LoadUnsafe(in source, offset);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector128<T> value, ref T destination, nuint offset) => value.StoreUnsafe(ref destination, offset);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> LoadWidened(ref readonly ushort source, nuint offset) =>
        Vector128.ShiftLeft(Vector128.WidenLower(Vector64.LoadUnsafe(in source, offset).ToVector128Unsafe()), 16).As<uint, T>();
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Splat(T value) => Vector128.Create(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> MultiplyAdd(Vector128<T> a, Vector128<T> b, Vector128<T> c) =>
        typeof(T) == typeof(float)
            ? Vector128.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>()
            : Vector128.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Add(Vector128<T> a, Vector128<T> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Subtract(Vector128<T> a, Vector128<T> b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Multiply(Vector128<T> a, Vector128<T> b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Max(Vector128<T> a, Vector128<T> b) => Vector128.Max(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Abs(Vector128<T> a) => Vector128.Abs(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Exp(Vector128<T> a) =>
        typeof(T) == typeof(float) ? Vector128.Exp(a.AsSingle()).As<float, T>() : Vector128.Exp(a.AsDouble()).As<double, T>();
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(Vector128<T> a) => Vector128.Sum(a);
}

/// <summary>The vector width a fast path runs at. Tests pick each one in-process; users get <see cref="Simd.Best"/>.</summary>
internal enum Width
{
    /// <summary>512-bit vectors (<see cref="Wide{T}"/>).</summary>
    Wide,
    /// <summary>256-bit vectors (<see cref="Medium{T}"/>).</summary>
    Medium,
    /// <summary>128-bit vectors (<see cref="Narrow{T}"/>): the portable fallback.</summary>
    Narrow,
}

/// <summary>
/// A <see cref="CoreWork"/> whose parts run kernels specialised for one vector width: <see cref="Run"/> picks the
/// width once per part and calls <see cref="RunPart{TVec, TOps}"/> with the matching <see cref="IVectorOps{TVec, T}"/>.
/// </summary>
internal abstract class VectorWork<T> : CoreWork where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>The width the parts run at.</summary>
    private protected Width Width { get; set; }

    internal sealed override void Run(int part)
    {
        switch (Width)
        {
            case Width.Wide: RunPart<Vector512<T>, Wide<T>>(part); break;
            case Width.Medium: RunPart<Vector256<T>, Medium<T>>(part); break;
            default: RunPart<Vector128<T>, Narrow<T>>(part); break;
        }
    }

    /// <summary>Runs part <paramref name="part"/> at the width <typeparamref name="TOps"/> implements.</summary>
    private protected abstract void RunPart<TVec, TOps>(int part) where TVec : struct where TOps : struct, IVectorOps<TVec, T>;
}

internal static class Simd
{
    /// <summary>The widest vectors this processor accelerates (honours DOTNET_EnableAVX512=0 and DOTNET_EnableAVX2=0; on .NET 10 DOTNET_EnableAVX512F=0 no longer turns Vector512 off).</summary>
    internal static Width Best =>
        Vector512.IsHardwareAccelerated ? Width.Wide : Vector256.IsHardwareAccelerated ? Width.Medium : Width.Narrow;
}

/// <summary>How <see cref="RowKernels.Reduce{TVec, TOps, T, TPair, TElem, TLoad}"/> folds one lane of a row x against a query q into an accumulator.</summary>
internal interface IPairReduction<TVec, T>
    where TVec : struct
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>The vector step: acc + f(x, q).</summary>
    static abstract TVec Step<TOps>(TVec acc, TVec x, TVec q) where TOps : struct, IVectorOps<TVec, T>;
    /// <summary>The scalar step for the tail, the same f.</summary>
    static abstract T Step(T acc, T x, T q);
}

/// <summary>Σ x_i q_i (the dot product), fused multiply–adds.</summary>
internal readonly struct DotReduction<TVec, T> : IPairReduction<TVec, T>
    where TVec : struct
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Step<TOps>(TVec acc, TVec x, TVec q) where TOps : struct, IVectorOps<TVec, T> => TOps.MultiplyAdd(x, q, acc);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Step(T acc, T x, T q) => T.FusedMultiplyAdd(x, q, acc);
}

/// <summary>Σ |x_i − q_i| (the Manhattan distance).</summary>
internal readonly struct ManhattanReduction<TVec, T> : IPairReduction<TVec, T>
    where TVec : struct
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Step<TOps>(TVec acc, TVec x, TVec q) where TOps : struct, IVectorOps<TVec, T> => TOps.Add(acc, TOps.Abs(TOps.Subtract(x, q)));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Step(T acc, T x, T q) => acc + T.Abs(x - q);
}

/// <summary>Σ (x_i − q_i)² (the squared Euclidean distance, formed from the differences: no cancellation).</summary>
internal readonly struct SquaredDistanceReduction<TVec, T> : IPairReduction<TVec, T>
    where TVec : struct
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Step<TOps>(TVec acc, TVec x, TVec q) where TOps : struct, IVectorOps<TVec, T>
    {
        var d = TOps.Subtract(x, q);
        return TOps.MultiplyAdd(d, d, acc);
    }
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Step(T acc, T x, T q)
    {
        var d = x - q;
        return T.FusedMultiplyAdd(d, d, acc);
    }
}

/// <summary>
/// How a row kernel reads a stored row whose elements are <typeparamref name="TElem"/> as vectors and scalars of
/// <typeparamref name="T"/>: <see cref="SameLoad{TVec, T}"/> for rows of T itself, <see cref="BFloat16Load{TVec, T}"/>
/// for bfloat16 rows widened to float in the register. Each kernel is written once over this policy.
/// </summary>
internal interface IRowLoad<TVec, T, TElem>
    where TVec : struct
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
    where TElem : unmanaged
{
    /// <summary>Count (of <typeparamref name="TOps"/>) elements from <paramref name="source"/> + <paramref name="offset"/> as a vector of T.</summary>
    static abstract TVec Load<TOps>(ref readonly TElem source, nuint offset) where TOps : struct, IVectorOps<TVec, T>;
    /// <summary>One element as T.</summary>
    static abstract T Scalar(TElem x);
}

/// <summary>Rows of T read as they are.</summary>
internal readonly struct SameLoad<TVec, T> : IRowLoad<TVec, T, T>
    where TVec : struct
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Load<TOps>(ref readonly T source, nuint offset) where TOps : struct, IVectorOps<TVec, T> => TOps.Load(in source, offset);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Scalar(T x) => x;
}

/// <summary>bfloat16 rows (T = float) widened in the register: a 16-bit shift, exact (<see cref="IVectorOps{TVec, T}.LoadWidened"/>).</summary>
internal readonly struct BFloat16Load<TVec, T> : IRowLoad<TVec, T, ushort>
    where TVec : struct
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Load<TOps>(ref readonly ushort source, nuint offset) where TOps : struct, IVectorOps<TVec, T> => TOps.LoadWidened(in source, offset);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Scalar(ushort x) => T.CreateTruncating(BFloat16.ToSingle(x));
}

/// <summary>A compile-time switch of a row kernel (<see cref="RowKernels"/>): a type argument, so the JIT drops the branch.</summary>
internal interface IRowFlag
{
    /// <summary>Whether the switch is on.</summary>
    static abstract bool On { get; }
}

/// <summary>The row kernel only scores its row.</summary>
internal readonly struct ScoreOnly : IRowFlag
{
    public static bool On => false;
}

/// <summary>The row kernel also adds w·(previous row) into the accumulator.</summary>
internal readonly struct WithAdd : IRowFlag
{
    public static bool On => true;
}

/// <summary>
/// Row-at-a-time kernels, vectorised along the row, written once over the row's element type
/// (<see cref="IRowLoad{TVec, T, TElem}"/>) and the pair reduction (<see cref="IPairReduction{TVec, T}"/>).
/// <para>
/// <b>Each kernel is its own JIT compilation</b> (<see cref="MethodImplOptions.NoInlining"/>). (Reduce and ReduceAndAccumulate are inlined
/// checks in front of one such kernel, ReduceRow.) The vector
/// operations inside (<see cref="IVectorOps{TVec, T}"/>, <see cref="IPairReduction{TVec, T}"/>) are only fast
/// when inlined, and the JIT inlines within a budget that grows with the size of the method being compiled (the
/// root) and that binds AggressiveInlining callees too (seen below). Under the default runtime settings
/// DenseRetrieval's per-part dispatch Job.RunPart (42 bytes of IL) is recompiled at tier 1 with a dynamic-PGO profile that marks
/// its one call site hot, so the streaming loop, the block scorer and the row kernel were all inlined into it, the tiny
/// root's budget ran out and the kernel's fused multiply–adds stayed calls passing 64-byte vectors through the stack
/// (issue 14: mchn-single 0.025–0.048 s against 0.014–0.016 s with DOTNET_TieredCompilation=0 or
/// DOTNET_TieredPGO=0, under which RunPart inlines nothing). As roots, the kernels have budgets of their own, so
/// every vector operation in them is inlined whoever calls them; the call costs nanoseconds against the
/// microseconds of a row. bench/tiering-check.sh --jit checks the JIT's final code for vector operations left
/// as calls. Not AggressiveOptimization: called once per row, the kernels reach tier 1 early in the first
/// call, and they keep what tier 1 adds (PGO, initialised statics).
/// </para>
/// </summary>
internal static class RowKernels
{
    /// <summary>
    /// Σ_i f(x[i], q[i]) over q's length, one row x against q, while asking for the same bytes of row
    /// <paramref name="ahead"/> (the row the caller reads some rows later; empty for none) to be brought into L1.
    /// Every row is reduced by exactly the same sequence of operations — four vector accumulators over
    /// consecutive vector steps, then ((a0 + a1) + (a2 + a3)), the lanes' sum, and the scalar tail in order — so equal
    /// rows give equal results (the lowest-index tie rule of max and top-k relies on this).
    /// <para>
    /// One row at a time, not four interleaved: a streaming pass over rows far larger than the caches is bound by
    /// how fast memory delivers them, and a single sequential stream with the rows ahead prefetched at the rate they
    /// are consumed moved the rows at the measured read bandwidth where four interleaved rows reached 55–75 % of it
    /// (issue 14: mchn-single, M = 100 000, N = 784, score pass alone: bf16 7.1–9.2 ms against 8.9–13.3 ms, 2 cores).
    /// The query's vectors come from L1 either way.
    /// </para>
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static T Reduce<TVec, TOps, T, TPair, TElem, TLoad>(ReadOnlySpan<TElem> x, ReadOnlySpan<T> q, ReadOnlySpan<TElem> ahead)
        where TVec : struct
        where TOps : struct, IVectorOps<TVec, T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TPair : struct, IPairReduction<TVec, T>
        where TElem : unmanaged
        where TLoad : struct, IRowLoad<TVec, T, TElem> =>
        ReduceRow<TVec, TOps, T, TPair, TElem, TLoad, ScoreOnly>(x, q, ahead, T.Zero, default, default);

    /// <summary>
    /// <see cref="Reduce{TVec, TOps, T, TPair, TElem, TLoad}"/> of row <paramref name="x"/> against q (the same
    /// operations in the same order, so the same result to the bit), while adding w·<paramref name="previous"/> into
    /// <paramref name="acc"/> over acc's length: the single-query stream's weighted sum of the row scored before,
    /// done in the loop that reads the next row from memory, so the reads never wait for it.
    /// <para>
    /// Measured on mchn-single (M = 100 000, N = 784, f64, 2 cores, interleaved in one process): over a Float64 store
    /// the score pass alone took 26.1–27.5 ms (numpy's dgemv bandwidth), scoring blocks of rows and then adding them
    /// from L2 30.0–32.1 ms (memory waited during the adds), and this fused loop 26.1–29.8 ms (bench/README.md,
    /// "Single query at memory bandwidth"; issue 14).
    /// </para>
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static T ReduceAndAccumulate<TVec, TOps, T, TPair, TElem, TLoad>(ReadOnlySpan<TElem> x, ReadOnlySpan<T> q, ReadOnlySpan<TElem> ahead,
        T w, ReadOnlySpan<TElem> previous, Span<T> acc)
        where TVec : struct
        where TOps : struct, IVectorOps<TVec, T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TPair : struct, IPairReduction<TVec, T>
        where TElem : unmanaged
        where TLoad : struct, IRowLoad<TVec, T, TElem>
    {
        if (previous.Length < q.Length || acc.Length != q.Length) throw new ArgumentException("previous row shorter than the query, or accumulator of another length");
        return ReduceRow<TVec, TOps, T, TPair, TElem, TLoad, WithAdd>(x, q, ahead, w, previous, acc);
    }

    /// <summary>
    /// The one loop behind <see cref="Reduce{TVec, TOps, T, TPair, TElem, TLoad}"/> (<typeparamref name="TAdd"/> =
    /// <see cref="ScoreOnly"/>: <paramref name="previous"/> and <paramref name="acc"/> unused) and
    /// <see cref="ReduceAndAccumulate{TVec, TOps, T, TPair, TElem, TLoad}"/> (<see cref="WithAdd"/>; the caller has
    /// checked their lengths). The flag is a type, so each instantiation is compiled without the other's work.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static unsafe T ReduceRow<TVec, TOps, T, TPair, TElem, TLoad, TAdd>(ReadOnlySpan<TElem> x, ReadOnlySpan<T> q, ReadOnlySpan<TElem> ahead,
        T w, ReadOnlySpan<TElem> previous, Span<T> acc)
        where TVec : struct
        where TOps : struct, IVectorOps<TVec, T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TPair : struct, IPairReduction<TVec, T>
        where TElem : unmanaged
        where TLoad : struct, IRowLoad<TVec, T, TElem>
        where TAdd : struct, IRowFlag
    {
        var n = q.Length;
        if (x.Length < n) throw new ArgumentException("row shorter than the query");
        if (n == 0) return T.Zero;
        ref readonly var px = ref x[0];
        ref readonly var pq = ref q[0];
        ref readonly var pp = ref TAdd.On ? ref previous[0] : ref px;
        ref var pa = ref TAdd.On ? ref acc[0] : ref Unsafe.NullRef<T>();
        var prefetch = System.Runtime.Intrinsics.X86.Sse.IsSupported && ahead.Length >= n;
        var next = prefetch ? (byte*)Unsafe.AsPointer(ref Unsafe.AsRef(in ahead[0])) : null;
        var c = TOps.Count;
        var step = (nuint)(4 * c);
        var stepBytes = 4 * c * sizeof(TElem);
        var sw = TOps.Splat(w);
        TVec a0 = default, a1 = default, a2 = default, a3 = default;
        nuint i = 0;
        for (; (int)i <= n - 4 * c; i += step)
        {
            if (prefetch)
            {
                var line = next + (long)i * sizeof(TElem);
                for (var o = 0; o < stepBytes; o += 64) System.Runtime.Intrinsics.X86.Sse.Prefetch0(line + o);
            }
            a0 = TPair.Step<TOps>(a0, TLoad.Load<TOps>(in px, i), TOps.Load(in pq, i));
            if (TAdd.On) TOps.Store(TOps.MultiplyAdd(sw, TLoad.Load<TOps>(in pp, i), TOps.Load(in pa, i)), ref pa, i);
            a1 = TPair.Step<TOps>(a1, TLoad.Load<TOps>(in px, i + (nuint)c), TOps.Load(in pq, i + (nuint)c));
            if (TAdd.On) TOps.Store(TOps.MultiplyAdd(sw, TLoad.Load<TOps>(in pp, i + (nuint)c), TOps.Load(in pa, i + (nuint)c)), ref pa, i + (nuint)c);
            a2 = TPair.Step<TOps>(a2, TLoad.Load<TOps>(in px, i + (nuint)(2 * c)), TOps.Load(in pq, i + (nuint)(2 * c)));
            if (TAdd.On) TOps.Store(TOps.MultiplyAdd(sw, TLoad.Load<TOps>(in pp, i + (nuint)(2 * c)), TOps.Load(in pa, i + (nuint)(2 * c))), ref pa, i + (nuint)(2 * c));
            a3 = TPair.Step<TOps>(a3, TLoad.Load<TOps>(in px, i + (nuint)(3 * c)), TOps.Load(in pq, i + (nuint)(3 * c)));
            if (TAdd.On) TOps.Store(TOps.MultiplyAdd(sw, TLoad.Load<TOps>(in pp, i + (nuint)(3 * c)), TOps.Load(in pa, i + (nuint)(3 * c))), ref pa, i + (nuint)(3 * c));
        }
        for (; (int)i <= n - c; i += (nuint)c)
        {
            a0 = TPair.Step<TOps>(a0, TLoad.Load<TOps>(in px, i), TOps.Load(in pq, i));
            if (TAdd.On) TOps.Store(TOps.MultiplyAdd(sw, TLoad.Load<TOps>(in pp, i), TOps.Load(in pa, i)), ref pa, i);
        }
        var r = TOps.Sum(TOps.Add(TOps.Add(a0, a1), TOps.Add(a2, a3)));
        for (var j = (int)i; j < n; j++)
        {
            r = TPair.Step(r, TLoad.Scalar(x[j]), q[j]);
            if (TAdd.On) acc[j] = T.FusedMultiplyAdd(w, TLoad.Scalar(previous[j]), acc[j]);
        }
        return r;
    }

    /// <summary>
    /// acc += w_0 x_0 + w_1 x_1 + w_2 x_2 + w_3 x_3 over acc's length (a weighted sum of four rows; a missing
    /// row takes weight 0 and may repeat another, adding exactly nothing).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static void Accumulate4<TVec, TOps, T, TElem, TLoad>(T w0, ReadOnlySpan<TElem> x0, T w1, ReadOnlySpan<TElem> x1, T w2, ReadOnlySpan<TElem> x2,
        T w3, ReadOnlySpan<TElem> x3, Span<T> acc)
        where TVec : struct
        where TOps : struct, IVectorOps<TVec, T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TElem : unmanaged
        where TLoad : struct, IRowLoad<TVec, T, TElem>
    {
        var n = acc.Length;
        if (x0.Length < n || x1.Length < n || x2.Length < n || x3.Length < n) throw new ArgumentException("row shorter than the accumulator");
        if (n == 0) return;
        ref readonly var p0 = ref x0[0];
        ref readonly var p1 = ref x1[0];
        ref readonly var p2 = ref x2[0];
        ref readonly var p3 = ref x3[0];
        ref var pa = ref acc[0];
        var c = TOps.Count;
        TVec s0 = TOps.Splat(w0), s1 = TOps.Splat(w1), s2 = TOps.Splat(w2), s3 = TOps.Splat(w3);
        nuint i = 0;
        for (; (int)i <= n - c; i += (nuint)c)
        {
            var a = TOps.Load(in pa, i);
            a = TOps.MultiplyAdd(s0, TLoad.Load<TOps>(in p0, i), a);
            a = TOps.MultiplyAdd(s1, TLoad.Load<TOps>(in p1, i), a);
            a = TOps.MultiplyAdd(s2, TLoad.Load<TOps>(in p2, i), a);
            a = TOps.MultiplyAdd(s3, TLoad.Load<TOps>(in p3, i), a);
            TOps.Store(a, ref pa, i);
        }
        for (var j = (int)i; j < n; j++)
        {
            acc[j] = T.FusedMultiplyAdd(w3, TLoad.Scalar(x3[j]), T.FusedMultiplyAdd(w2, TLoad.Scalar(x2[j]),
                T.FusedMultiplyAdd(w1, TLoad.Scalar(x1[j]), T.FusedMultiplyAdd(w0, TLoad.Scalar(x0[j]), acc[j]))));
        }
    }

    /// <summary>x ·= s over x's length.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static void Scale<TVec, TOps, T>(Span<T> x, T s)
        where TVec : struct
        where TOps : struct, IVectorOps<TVec, T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (x.IsEmpty) return;
        ref var p = ref x[0];
        var c = TOps.Count;
        var v = TOps.Splat(s);
        nuint i = 0;
        for (; (int)i <= x.Length - c; i += (nuint)c) TOps.Store(TOps.Multiply(TOps.Load(in p, i), v), ref p, i);
        for (var j = (int)i; j < x.Length; j++) x[j] *= s;
    }

    /// <summary>
    /// total += part, compensated (Kahan): with y = part − carry, t = total + y, the rounding of that addition,
    /// (t − total) − y, is kept in <paramref name="carry"/> and taken off the next part; <paramref name="part"/> is
    /// then cleared. Every span has total's length. A running sum of K parts so folded is off by about 2u of the sum
    /// of their magnitudes (plus each part's own error), not K·u (Higham, Accuracy and Stability of Numerical
    /// Algorithms, §4.3).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static void FoldCompensated<TVec, TOps, T>(Span<T> total, Span<T> part, Span<T> carry)
        where TVec : struct
        where TOps : struct, IVectorOps<TVec, T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var n = total.Length;
        if (part.Length != n || carry.Length != n) throw new ArgumentException("FoldCompensated: spans of different lengths");
        if (n == 0) return;
        ref var pt = ref total[0];
        ref var pp = ref part[0];
        ref var pc = ref carry[0];
        var c = TOps.Count;
        nuint i = 0;
        for (; (int)i <= n - c; i += (nuint)c)
        {
            var t0 = TOps.Load(in pt, i);
            var y = TOps.Subtract(TOps.Load(in pp, i), TOps.Load(in pc, i));
            var t = TOps.Add(t0, y);
            TOps.Store(TOps.Subtract(TOps.Subtract(t, t0), y), ref pc, i);
            TOps.Store(t, ref pt, i);
        }
        for (var j = (int)i; j < n; j++) AddCompensated(ref total[j], part[j], ref carry[j]);
        part.Clear();
    }

    /// <summary>One step of <see cref="FoldCompensated{TVec, TOps, T}"/> on scalars: total += x, its rounding kept in <paramref name="carry"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void AddCompensated<T>(ref T total, T x, ref T carry) where T : IBinaryFloatingPointIeee754<T>
    {
        var y = x - carry;
        var t = total + y;
        carry = (t - total) - y;
        total = t;
    }

    /// <summary>x_i ← e^{β (x_i − shift)} over x's length; returns Σ x_i after the update.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static T ExpShifted<TVec, TOps, T>(Span<T> x, T beta, T shift)
        where TVec : struct
        where TOps : struct, IVectorOps<TVec, T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (x.IsEmpty) return T.Zero;
        ref var p = ref x[0];
        var c = TOps.Count;
        var b = TOps.Splat(beta);
        var s = TOps.Splat(shift);
        var sum = default(TVec);
        nuint i = 0;
        for (; (int)i <= x.Length - c; i += (nuint)c)
        {
            var e = TOps.Exp(TOps.Multiply(b, TOps.Subtract(TOps.Load(in p, i), s)));
            TOps.Store(e, ref p, i);
            sum = TOps.Add(sum, e);
        }
        var total = TOps.Sum(sum);
        for (var j = (int)i; j < x.Length; j++)
        {
            x[j] = T.Exp(beta * (x[j] - shift));
            total += x[j];
        }
        return total;
    }
}
