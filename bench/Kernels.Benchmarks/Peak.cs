using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace AssociativeKernels.Benchmarks;

/// <summary>
/// <c>peak</c>: the machine's arithmetic peak that RESULTS.md states fractions of (issue 14, point 2): a register-only
/// loop of 512-bit float FMAs (12 independent accumulators, no loads, so nothing but the FMA ports limits it) on one
/// core and on every core at once, in GFLOP/s (one FMA = 2 flops per lane), and the same for 512-bit ternary-logic
/// operations (vpternlogq, the packed bipolar kernels' workhorse) in G operations/s. Each figure is the best of five
/// runs of about 0.3 s; run it on a quiet machine, next to the numbers it is compared with.
/// </summary>
internal static class Peak
{
    private const long Iterations = 100_000_000;

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Fma(long iterations)
    {
        var a = Vector512.Create(1.0000001f);
        var b = Vector512.Create(-0.0000001f);
        Vector512<float> c0 = Vector512.Create(1f), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0, c8 = c0, c9 = c0, c10 = c0, c11 = c0;
        for (long i = 0; i < iterations; i++)
        {
            c0 = Vector512.FusedMultiplyAdd(c0, a, b);
            c1 = Vector512.FusedMultiplyAdd(c1, a, b);
            c2 = Vector512.FusedMultiplyAdd(c2, a, b);
            c3 = Vector512.FusedMultiplyAdd(c3, a, b);
            c4 = Vector512.FusedMultiplyAdd(c4, a, b);
            c5 = Vector512.FusedMultiplyAdd(c5, a, b);
            c6 = Vector512.FusedMultiplyAdd(c6, a, b);
            c7 = Vector512.FusedMultiplyAdd(c7, a, b);
            c8 = Vector512.FusedMultiplyAdd(c8, a, b);
            c9 = Vector512.FusedMultiplyAdd(c9, a, b);
            c10 = Vector512.FusedMultiplyAdd(c10, a, b);
            c11 = Vector512.FusedMultiplyAdd(c11, a, b);
        }
        return (c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11).ToScalar();
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static ulong Ternary(long iterations)
    {
        var a = Vector512.Create(0x0123456789ABCDEFUL);
        var b = Vector512.Create(0xFEDCBA9876543210UL);
        Vector512<ulong> c0 = Vector512.Create(1UL), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0;
        for (long i = 0; i < iterations; i++)
        {
            c0 = System.Runtime.Intrinsics.X86.Avx512F.TernaryLogic(c0, a, b, 0x96);
            c1 = System.Runtime.Intrinsics.X86.Avx512F.TernaryLogic(c1, a, b, 0x96);
            c2 = System.Runtime.Intrinsics.X86.Avx512F.TernaryLogic(c2, a, b, 0x96);
            c3 = System.Runtime.Intrinsics.X86.Avx512F.TernaryLogic(c3, a, b, 0x96);
            c4 = System.Runtime.Intrinsics.X86.Avx512F.TernaryLogic(c4, a, b, 0x96);
            c5 = System.Runtime.Intrinsics.X86.Avx512F.TernaryLogic(c5, a, b, 0x96);
            c6 = System.Runtime.Intrinsics.X86.Avx512F.TernaryLogic(c6, a, b, 0x96);
            c7 = System.Runtime.Intrinsics.X86.Avx512F.TernaryLogic(c7, a, b, 0x96);
        }
        return (c0 ^ c1 ^ c2 ^ c3 ^ c4 ^ c5 ^ c6 ^ c7).ToScalar();
    }

    /// <summary>Operations per second of <paramref name="loop"/> on <paramref name="threads"/> threads at once (their sum), best of five.</summary>
    private static double Rate(Action<long> loop, double perIteration, int threads)
    {
        loop(Iterations / 10);
        var best = 0.0;
        for (var run = 0; run < 5; run++)
        {
            var seconds = new double[threads];
            var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
            {
                var start = Stopwatch.GetTimestamp();
                loop(Iterations);
                seconds[t] = Stopwatch.GetElapsedTime(start).TotalSeconds;
            })).ToList();
            workers.ForEach(w => w.Start());
            workers.ForEach(w => w.Join());
            best = Math.Max(best, seconds.Sum(s => Iterations * perIteration / s));
        }
        return best;
    }

    internal static int Run()
    {
        if (!Vector512.IsHardwareAccelerated || !System.Runtime.Intrinsics.X86.Avx512F.IsSupported)
        {
            Console.Error.WriteLine("peak: this processor (or runtime) has no accelerated 512-bit vectors");
            return 1;
        }
        var cores = Environment.ProcessorCount;
        var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
        Console.WriteLine($"load average {load} (1 min) at the start");
        Console.WriteLine($"FMA f32 512-bit, 1 core:      {Rate(n => Fma(n), 12 * 32, 1) / 1e9:F0} GFLOP/s");
        Console.WriteLine($"FMA f32 512-bit, {cores} cores:     {Rate(n => Fma(n), 12 * 32, cores) / 1e9:F0} GFLOP/s");
        Console.WriteLine($"vpternlogq 512-bit, 1 core:   {Rate(n => Ternary(n), 8, 1) / 1e9:F2} G ops/s");
        Console.WriteLine($"vpternlogq 512-bit, {cores} cores:  {Rate(n => Ternary(n), 8, cores) / 1e9:F2} G ops/s");
        return 0;
    }
}
