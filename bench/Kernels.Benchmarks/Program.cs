using BenchmarkDotNet.Running;

namespace AssociativeKernels.Benchmarks;

/// <summary>
/// <c>verify DIR</c>: writes small seeded inputs and our outputs of every case as .npy into DIR (see <see cref="Verify"/>).
/// <c>peak</c>: the register-only FMA and ternary-logic peaks of one core and of every core (see <see cref="Peak"/>).
/// <c>read</c>: the read bandwidth of every core at once over buffers of mchn-single's sizes (see <see cref="ReadCeiling"/>).
/// Anything else goes to BenchmarkDotNet, e.g. <c>--filter '*'</c>, <c>--filter '*MchnBatch*' --job short</c>, <c>--list flat</c>.
/// </summary>
public static class Program
{
    /// <summary>The entry point.</summary>
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "verify")
        {
            if (args.Length != 2)
            {
                Console.Error.WriteLine("usage: verify DIR");
                return 2;
            }
            Verify.Write(args[1]);
            return 0;
        }
        if (args.Length == 1 && args[0] == "peak") return Peak.Run();
        if (args.Length == 1 && args[0] == "read") return ReadCeiling.Run();
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
