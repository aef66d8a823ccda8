using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace AssociativeKernels.Benchmarks;

/// <summary>
/// <c>read</c>: the read ceiling the single-query goals are measured against (issue 14, "bytes moved / measured
/// bandwidth"). The patterns of mchn-single (M = 100 000, N = 784) take 156.8 MB as bfloat16, 313.6 MB as float and
/// 627.2 MB as double; for each size a contiguous, 64-byte-aligned native buffer (every page written first) is summed
/// by every core at once, each core its contiguous share, as 512-bit integer lanes into four accumulators — loads and
/// adds only, so nothing but memory limits it. The three sizes are timed in turn, 30 rounds; printed: the median and
/// best seconds of each and the bytes per second they give. Run it next to the numbers it is compared with: on the
/// shared VM the memory's speed drifts by up to 30 % between minutes.
/// </summary>
internal static unsafe class ReadCeiling
{
    private const long Entries = 100_000L * 784;

    public static int Run()
    {
        var sizes = new (string Name, long Bytes)[] { ("bf16", Entries * 2), ("f32", Entries * 4), ("f64", Entries * 8) };
        var buffers = new nint[sizes.Length];
        for (var b = 0; b < sizes.Length; b++) buffers[b] = (nint)NativeMemory.AlignedAlloc((nuint)sizes[b].Bytes, 64);
        try
        {
            for (var b = 0; b < buffers.Length; b++) new Span<byte>((byte*)buffers[b], checked((int)sizes[b].Bytes)).Fill(1);
            var cores = Environment.ProcessorCount;
            var seconds = sizes.Select(_ => new List<double>()).ToArray();
            for (var round = 0; round < 33; round++)
            {
                for (var b = 0; b < buffers.Length; b++)
                {
                    var t = Time((byte*)buffers[b], sizes[b].Bytes, cores);
                    if (round >= 3) seconds[b].Add(t); // three rounds of warm-up
                }
            }
            Console.WriteLine($"# read ceiling, {cores} cores at once, 30 rounds; {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
            for (var b = 0; b < sizes.Length; b++)
            {
                var s = seconds[b].Order().ToArray();
                var median = s[s.Length / 2];
                Console.WriteLine($"{sizes[b].Name,-5} {sizes[b].Bytes / 1e6,7:F1} MB  median {median * 1e3,7:F2} ms = {sizes[b].Bytes / median / 1e9,5:F1} GB/s   best {s[0] * 1e3,7:F2} ms = {sizes[b].Bytes / s[0] / 1e9,5:F1} GB/s");
            }
            return 0;
        }
        finally
        {
            foreach (var p in buffers) NativeMemory.AlignedFree((void*)p);
        }
    }

    /// <summary>Seconds for every core to sum its contiguous share of the buffer.</summary>
    private static double Time(byte* buffer, long bytes, int cores)
    {
        var sums = new uint[cores];
        var start = Stopwatch.GetTimestamp();
        var helpers = new Thread[cores - 1];
        for (var p = 1; p < cores; p++)
        {
            var part = p;
            helpers[p - 1] = new Thread(() => sums[part] = Sum(buffer, bytes, part, cores));
            helpers[p - 1].Start();
        }
        sums[0] = Sum(buffer, bytes, 0, cores);
        foreach (var h in helpers) h.Join();
        var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
        GC.KeepAlive(sums);
        return elapsed;
    }

    private static uint Sum(byte* buffer, long bytes, int part, int parts)
    {
        // Shares in whole 256-byte steps; the last share takes the remainder (none at these sizes: all are multiples of 256).
        var steps = bytes / 256;
        long from = steps * part / parts * 256, to = part == parts - 1 ? bytes / 256 * 256 : steps * (part + 1) / parts * 256;
        Vector512<uint> a0 = default, a1 = default, a2 = default, a3 = default;
        for (var i = from; i < to; i += 256)
        {
            a0 += Vector512.Load((uint*)(buffer + i));
            a1 += Vector512.Load((uint*)(buffer + i + 64));
            a2 += Vector512.Load((uint*)(buffer + i + 128));
            a3 += Vector512.Load((uint*)(buffer + i + 192));
        }
        return Vector512.Sum(a0 + a1 + a2 + a3);
    }
}
