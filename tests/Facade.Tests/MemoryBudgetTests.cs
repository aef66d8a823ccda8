using AssociativeKernels.Interop;

namespace AssociativeKernels.Tests;

/// <summary>
/// Requests sized by the caller are estimated before anything is allocated and refused — an
/// <see cref="ArgumentOutOfRangeException"/> naming the caller's parameter in the library, one line and exit 2 in
/// the CLI — saying how much memory they need and how much there is, instead of aborting the process (exit 134).
/// The needs below are hand-derived lower bounds (the payload alone, without headers), far above any machine.
/// </summary>
public class MemoryBudgetTests
{
    private static string Available => MemoryBudget.Bytes(MemoryBudget.Available);

    /// <summary>The refusal names <paramref name="param"/>, says what is available, and needs at least <paramref name="atLeast"/> bytes.</summary>
    private static void AssertRefused(Action call, string param, double atLeast)
    {
        var e = Record.Exception(call);
        var refusal = Assert.IsType<ArgumentOutOfRangeException>(e);
        Assert.Equal(param, refusal.ParamName);
        Assert.Contains($"but {Available} is available", refusal.Message);
        var needs = refusal.Message[(refusal.Message.IndexOf("needs about ", StringComparison.Ordinal) + 12)..];
        Assert.True(ParseBytes(needs[..needs.IndexOf(" of memory", StringComparison.Ordinal)]) >= atLeast * 0.99, refusal.Message);
    }

    private static double ParseBytes(string text)
    {
        string[] units = ["bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
        var parts = text.Split(' ');
        return double.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture) * Math.Pow(1024, Array.IndexOf(units, parts[1]));
    }

    [Fact]
    public void Bytes_are_written_in_binary_units() =>
        Assert.Equal(["512 bytes", "1 KiB", "1.5 MiB", "74.5 GiB"], new[] { 512, 1024, 1.5 * 1024 * 1024, 8e10 }.Select(MemoryBudget.Bytes));

    [Fact]
    public void A_sparse_distributed_memory_with_more_slots_than_fit_is_refused()
    {
        // 2³¹ − 1 addresses of 2²⁰ doubles: 2³¹ · 2²⁰ · 8 bytes = 16 PiB.
        AssertRefused(() => SparseDistributedMemory.CreateHypercube(int.MaxValue, 1 << 20, 1, 1, 1), "slotCount", Math.Pow(2, 54));
        AssertRefused(() => SparseDistributedMemory.CreateHypersphere(int.MaxValue, 1 << 20, 1, 0.5, 1), "slotCount", Math.Pow(2, 54));
        // Counters of 2³¹ − 1 slots × 2 outputs, flattened into one array of 4.3e9 elements > Array.MaxLength.
        var e = Assert.IsType<ArgumentOutOfRangeException>(Record.Exception(() => SparseDistributedMemory.CreateHypercube(int.MaxValue, 1, 2, 1, 1)));
        Assert.Equal("slotCount", e.ParamName);
    }

    [Fact]
    public void Simulations_too_large_for_memory_are_refused_naming_their_parameter()
    {
        // K = 10⁵ patterns of N = 10⁵ doubles: 8·10¹⁰ bytes, plus the K×K overlaps (8·10¹⁰ more).
        AssertRefused(() => Simulations.DamStability(3, 100_000, 100_000, 2, 1), "patternCount", 1.6e11);
        // K = αN = 10⁶ patterns of 10⁵ doubles, held as rows and as columns: 1.6·10¹² bytes.
        AssertRefused(() => Simulations.HopfieldRetrieval(100_000, 10, 0.1, 2, 1), "alpha", 1.6e12);
        // K = αN overflows an int: still an estimate, not an overflow.
        // K = round(αN) beyond an int: refused as a count, naming alpha, before any memory estimate.
        Assert.Equal("alpha", Assert.IsType<ArgumentOutOfRangeException>(Record.Exception(() => Simulations.HopfieldRetrieval(100_000, 1e300, 0.1, 2, 1))).ParamName);
        // N = 10⁵: per core, (N + 1)·⌈N/64⌉·64 byte counters and as many int counters = 5·10¹⁰ bytes.
        AssertRefused(() => Simulations.DamStability(2, 100_000, 10, 2, 1, probes: 1), "dimension", 5e10);
    }

    [Fact]
    public void A_size_outside_its_range_is_named_for_its_range_not_for_memory()
    {
        var k = Assert.IsType<ArgumentOutOfRangeException>(Record.Exception(() => Simulations.DamStability(3, 10, -100_000, 2, 1)));
        Assert.Equal("patternCount", k.ParamName);
        Assert.DoesNotContain("needs about", k.Message);
        Assert.Equal("dimension", Assert.IsType<ArgumentOutOfRangeException>(Record.Exception(() => SparseDistributedMemory.CreateHypercube(int.MaxValue, 0, 1, 1, 1))).ParamName);
    }

    [Fact]
    public void Quadratic_memories_too_large_for_memory_are_refused()
    {
        // The Hopfield weights are N×N doubles: N = 2¹⁷ gives 2³⁴ · 8 bytes = 128 GiB (one pattern of length N given as a span).
        var pattern = Enumerable.Repeat(1.0, 1 << 17).ToArray();
        AssertRefused(() => HopfieldNetwork.Create(pattern, 1 << 17), "patterns", Math.Pow(2, 37));
    }

    [Fact]
    public void Pair_features_too_large_for_memory_are_refused()
    {
        // One input of N = 2¹⁷ components has N(N − 1)/2 ≈ 8.6·10⁹ pair features: 6.9·10¹⁰ bytes, and an array beyond Array.MaxLength.
        var input = new double[1, 1 << 17];
        AssertRefused(() => IterativeLearning.OneShot(input, [1]), "inputs", 6.8e10);
        AssertRefused(() => IterativeLearning.Adatron(input, [1]), "inputs", 6.8e10);
    }

    [Fact]
    public void The_classifier_refuses_more_memories_than_fit()
    {
        // K = 10⁹ memories of N + N_c = 794 floats (and as many velocities): 6.4·10¹² bytes.
        var e = Assert.IsType<ArgumentOutOfRangeException>(Record.Exception(() => new DenseClassifier(784, 10, new DenseClassifierOptions { PatternCount = 1_000_000_000, Power = 2 })));
        Assert.Equal("options", e.ParamName);
        Assert.Contains($"but {Available} is available", e.Message);
        Assert.Contains("lower options.PatternCount (now 1000000000)", e.Message);
        // Sizes whose products overflow an int: refused, never an overflow or an out-of-memory abort, naming the largest size.
        foreach (var (n, c, options, param) in new[]
        {
            (int.MaxValue, 2, new DenseClassifierOptions(), "dimension"),
            (784, int.MaxValue, new DenseClassifierOptions(), "classCount"),
            (784, 10, new DenseClassifierOptions { ExamplesPerClass = int.MaxValue }, "options"),
            (1 << 20, 10, new DenseClassifierOptions { PatternCount = 1 << 12, ExamplesPerClass = 1 << 10 }, "dimension"),
        })
        {
            Assert.Equal(param, Assert.IsType<ArgumentOutOfRangeException>(Record.Exception(() => new DenseClassifier(n, c, options))).ParamName);
        }
    }

    [Theory]
    [InlineData("--M", "bench", "mchn-single", "--M", "100000", "--N", "100000")]
    [InlineData("--M", "bench", "mchn-batch", "--M", "1000000", "--N", "100000", "--Q", "100000", "--dtype", "f64")]
    [InlineData("--M", "bench", "bipolar-nearest", "--M", "1000000", "--N", "100000")]
    [InlineData("--Nphi", "bench", "sdm-read", "--Nphi", "1000000", "--N", "100000", "--r", "2")]
    [InlineData("--K", "simulate", "dam-stability", "--n", "3", "--N", "100000", "--K", "100000", "--trials", "2", "--seed", "1")]
    [InlineData("--alpha", "simulate", "hopfield-retrieval", "--N", "100000", "--alpha", "10", "--flip", "0.1", "--trials", "2", "--seed", "1")]
    [InlineData("--N", "simulate", "dam-stability-sampled", "--n", "2", "--N", "100000", "--K", "10", "--P", "1", "--trials", "2", "--seed", "1")]
    public void The_CLI_refuses_in_one_line_with_exit_2(string flag, params string[] args)
    {
        var (code, output, error) = BenchCliTests.Akern(args);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Single(error.TrimEnd('\n', '\r').Split('\n'));
        Assert.Contains("needs about", error);
        Assert.Contains($"but {Available} is available", error);
        Assert.Contains($"lower {flag} ", error);
    }
}
