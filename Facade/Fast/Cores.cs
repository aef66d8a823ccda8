using System.Runtime.ExceptionServices;

namespace AssociativeKernels.Fast;

/// <summary>
/// Work cut into numbered parts that may run on different cores. Subclasses keep their inputs, outputs and
/// per-part scratch in fields, so one instance can be reused from call to call: handing it to
/// <see cref="Cores.Run"/> allocates nothing (unlike <see cref="Parallel.For(int, int, Action{int})"/>,
/// which allocates its loop state and closures on every call).
/// </summary>
internal abstract class CoreWork
{
    /// <summary>Runs part <paramref name="part"/>; parts must write to disjoint outputs.</summary>
    internal abstract void Run(int part);
}

/// <summary>
/// An allocation-free fork–join over the machine's cores: <see cref="Environment.ProcessorCount"/> − 1
/// background helper threads, started on first use, take parts of a <see cref="CoreWork"/> alongside
/// the calling thread (each thread takes the next unclaimed part until none is left). One piece of work
/// runs at a time: a call that finds the helpers busy (another thread is inside <see cref="Run"/>) runs
/// all its parts itself, so concurrent callers never wait on each other and never deadlock. Callers decide
/// whether the work is large enough to split (the helpers wake in tens of microseconds); this class only
/// splits what it is given.
/// </summary>
internal static class Cores
{
    /// <summary>The number of cores the work may use (1 on a single-core machine: no helper threads).</summary>
    internal static readonly int Count = Math.Max(1, Environment.ProcessorCount);

    private static readonly object Gate = new();
    private static int _busy;
    private static bool _started;
    private static long _generation;
    private static CoreWork? _work;
    private static int _parts;
    private static int _next;
    private static int _pending;
    private static ExceptionDispatchInfo? _failure;
    private static readonly long[] HelperBytes = new long[Count];

    /// <summary>
    /// The bytes the helper threads have allocated since they started (each publishes its own count after every
    /// piece of work, before the caller is released): with the caller's own count, what a call allocated on every
    /// thread it used, and nothing from unrelated threads.
    /// </summary>
    internal static long HelperAllocatedBytes
    {
        get
        {
            long total = 0;
            for (var i = 0; i < HelperBytes.Length; i++) total += Volatile.Read(ref HelperBytes[i]);
            return total;
        }
    }

    /// <summary>
    /// Runs parts 0 … <paramref name="parts"/> − 1 of <paramref name="work"/> and returns when all are done.
    /// With one part, one core, or the helpers busy, every part runs on the calling thread, in order.
    /// The first exception a part throws is rethrown here after every thread has stopped.
    /// </summary>
    internal static void Run(CoreWork work, int parts)
    {
        if (parts <= 1 || Count == 1 || Interlocked.CompareExchange(ref _busy, 1, 0) != 0)
        {
            for (var p = 0; p < parts; p++) work.Run(p);
            return;
        }
        try
        {
            lock (Gate)
            {
                if (!_started) StartHelpers();
                _work = work;
                _parts = parts;
                _next = 0;
                _pending = Count - 1;
                _failure = null;
                _generation++;
                Monitor.PulseAll(Gate);
            }
            try
            {
                Take(work, parts);
            }
            finally
            {
                lock (Gate)
                {
                    while (_pending > 0) Monitor.Wait(Gate);
                    _work = null;
                }
            }
            _failure?.Throw();
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
        }
    }

    /// <summary>
    /// The number of parts to cut <paramref name="total"/> units of work into so that each part has at
    /// least <paramref name="minimumPerPart"/> units, with at most four parts per core (so a core that
    /// finishes early can take another): 1 when the work is too small to split.
    /// </summary>
    internal static int Parts(long total, long minimumPerPart) =>
        (int)Math.Clamp(total / Math.Max(1, minimumPerPart), 1, 4L * Count);

    /// <summary>The half-open range [from, to) of part <paramref name="part"/> when <paramref name="count"/> items are cut into <paramref name="parts"/> nearly equal runs.</summary>
    internal static (int From, int To) Range(int part, int parts, int count) =>
        ((int)((long)count * part / parts), (int)((long)count * (part + 1) / parts));

    private static void Take(CoreWork work, int parts)
    {
        int p;
        while ((p = Interlocked.Increment(ref _next) - 1) < parts) work.Run(p);
    }

    private static void StartHelpers()
    {
        for (var i = 1; i < Count; i++)
        {
            var index = i;
            new Thread(() => Helper(index)) { IsBackground = true, Name = $"AssociativeKernels core {i}" }.Start();
        }
        _started = true;
    }

    private static void Helper(int index)
    {
        long seen = 0;
        while (true)
        {
            CoreWork work;
            int parts;
            lock (Gate)
            {
                while (_generation == seen) Monitor.Wait(Gate);
                seen = _generation;
                work = _work!;
                parts = _parts;
            }
            try
            {
                Take(work, parts);
            }
            catch (Exception e)
            {
                lock (Gate) _failure ??= ExceptionDispatchInfo.Capture(e);
            }
            Volatile.Write(ref HelperBytes[index], GC.GetAllocatedBytesForCurrentThread());
            lock (Gate)
            {
                if (--_pending == 0) Monitor.PulseAll(Gate);
            }
        }
    }
}
