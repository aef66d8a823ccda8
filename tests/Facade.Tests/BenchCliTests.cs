using System.Text.Json;

namespace AssociativeKernels.Tests;

/// <summary><c>akern bench</c> in-process at tiny sizes: the DESIGN.md JSON shape for every case, bad flags exit 2.</summary>
public class BenchCliTests
{
    /// <summary>Runs akern in-process (also used by <see cref="MemoryBudgetTests"/>).</summary>
    internal static (int Code, string Out, string Err) Akern(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = Cli.Akern.Run(args, stdout, stderr, new StringReader(""));
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Theory]
    [InlineData("mchn-batch", new[] { "--M", "7", "--N", "5", "--Q", "3", "--beta", "2", "--dtype", "f64" })]
    [InlineData("mchn-batch", new[] { "--M", "7", "--N", "5", "--Q", "1", "--dtype", "f32" })]
    [InlineData("mchn-single", new[] { "--M", "9", "--N", "4", "--beta", "0.5" })]
    [InlineData("mchn-single", new[] { "--M", "9", "--N", "4", "--dtype", "f32" })]
    [InlineData("mchn-single", new[] { "--M", "40", "--N", "3", "--beta", "2", "--dtype", "f64" })]
    [InlineData("bipolar-nearest", new[] { "--M", "5", "--N", "70", "--Q", "2" })]
    [InlineData("manhattan-batch", new[] { "--M", "6", "--N", "3", "--Q", "2" })]
    [InlineData("sdm-read", new[] { "--Nphi", "50", "--N", "16", "--r", "6", "--M", "3" })]
    [InlineData("dam-async-sweep", new[] { "--K", "4", "--N", "12" })]
    public void Every_case_prints_one_json_line_with_its_params_seconds_and_gflops(string benchCase, string[] flags)
    {
        var (code, output, error) = Akern(["bench", benchCase, .. flags, "--time", "0.02", "--json"]);
        Assert.Equal(0, code);
        Assert.Equal("", error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        var json = JsonDocument.Parse(lines[0]).RootElement;
        Assert.Equal(benchCase, json.GetProperty("case").GetString());
        var parameters = json.GetProperty("params");
        for (var i = 0; i < flags.Length; i += 2)
        {
            var value = parameters.GetProperty(flags[i][2..]);
            if (flags[i] == "--dtype") Assert.Equal(flags[i + 1], value.GetString());
            else Assert.Equal(double.Parse(flags[i + 1], System.Globalization.CultureInfo.InvariantCulture), value.GetDouble());
        }
        var seconds = json.GetProperty("seconds").GetDouble();
        var gflops = json.GetProperty("gflops").GetDouble();
        Assert.True(seconds > 0 && double.IsFinite(seconds), $"seconds {seconds}");
        Assert.True(gflops > 0 && double.IsFinite(gflops), $"gflops {gflops}");
    }

    [Fact]
    public void Without_json_it_prints_a_readable_summary()
    {
        var (code, output, _) = Akern("bench", "dam-async-sweep", "--K", "3", "--N", "8", "--time", "0.01");
        Assert.Equal(0, code);
        Assert.Contains("seconds", output);
        Assert.Contains("gflops", output);
    }

    /// <summary>Runs akern in-process with <paramref name="input"/> as its standard input.</summary>
    private static (int Code, string Out, string Err) AkernWithInput(string input, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = Cli.Akern.Run(args, stdout, stderr, new StringReader(input));
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData("go\n", 1)]
    [InlineData("go\ngo\n  go \ngo", 4)]
    public void Paced_prints_ready_then_one_positive_time_per_go_until_the_input_ends(string input, int calls)
    {
        var (code, output, error) = AkernWithInput(input, "bench", "mchn-single", "--M", "9", "--N", "4", "--dtype", "f32", "--time", "0.01", "--paced");
        Assert.Equal(0, code);
        Assert.Equal("", error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(1 + calls, lines.Length);
        Assert.Equal("ready", lines[0]);
        foreach (var line in lines.Skip(1))
        {
            var seconds = double.Parse(line, System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(seconds > 0 && seconds < 10, $"seconds {line}");
        }
    }

    [Fact]
    public void Paced_refuses_a_line_other_than_go_after_the_calls_before_it()
    {
        var (code, output, error) = AkernWithInput("go\nstop\ngo\n", "bench", "dam-async-sweep", "--K", "3", "--N", "8", "--time", "0.01", "--paced");
        Assert.Equal(2, code);
        Assert.Equal(2, output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length); // ready and the first call
        Assert.Contains("--paced reads one `go` per line; got 'stop'", error);
    }

    /// <summary>
    /// Started with standard input closed (<c>&lt;&amp;-</c>), the runtime gives descriptor 0 to a pipe of its own that
    /// never delivers a line: <c>--paced</c> waited for ever there. It now refuses at once, while a real pipe (the
    /// driver's) still works. The installed program's own process, as a user's shell starts it.
    /// </summary>
    [Theory]
    [InlineData("<&-", 2, "standard input is closed")]
    [InlineData("< <(printf 'go\\ngo\\n')", 0, "")]
    public async Task Paced_refuses_a_closed_standard_input_instead_of_waiting_for_ever(string redirect, int expected, string message)
    {
        var akern = Path.Combine(AppContext.BaseDirectory, "akern");
        using var run = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("bash",
            ["-c", $"exec '{akern}' bench mchn-single --M 9 --N 4 --time 0.01 --paced {redirect}"])
        {
            UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true,
        })!;
        var output = run.StandardOutput.ReadToEndAsync();
        var error = run.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await run.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            run.Kill();
            Assert.Fail("akern bench --paced still waiting after 60 s");
        }
        Assert.Equal(expected, run.ExitCode);
        Assert.Contains(message, await error);
        Assert.Equal(expected == 0 ? 3 : 0, (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length); // ready and two calls
    }

    [Theory]
    [InlineData(new[] { "bench" }, "which case")]
    [InlineData(new[] { "bench", "mchn-triple" }, "unknown case")]
    [InlineData(new[] { "bench", "mchn-batch", "--M", "0" }, "--M 0 is outside its valid range: a whole number in [1, 1000000]")]
    [InlineData(new[] { "bench", "mchn-batch", "--N", "2.5" }, "--N 2.5 is outside its valid range")]
    [InlineData(new[] { "bench", "mchn-single", "--beta", "-1" }, "--beta -1 is outside its valid range: (0, 1000]")]
    [InlineData(new[] { "bench", "mchn-batch", "--dtype", "f16" }, "--dtype 'f16' is not valid; valid values: f32, f64, bf16")]
    [InlineData(new[] { "bench", "mchn-single", "--dtype", "f16" }, "--dtype 'f16' is not valid; valid values: f64, f32, bf16")]
    [InlineData(new[] { "bench", "bipolar-nearest", "--dtype", "bf16" }, "unknown flag --dtype")]
    [InlineData(new[] { "bench", "mchn-batch", "--dtype", "f32", "--dtype", "f64" }, "--dtype is given twice")]
    [InlineData(new[] { "bench", "bipolar-nearest", "--dtype", "f32" }, "unknown flag --dtype")]
    [InlineData(new[] { "bench", "bipolar-nearest", "--n", "3" }, "unknown flag --n")]
    [InlineData(new[] { "bench", "sdm-read", "--N", "8", "--r", "9" }, "--r 9 is outside its valid range: a whole number in [1, N = 8]")]
    [InlineData(new[] { "bench", "dam-async-sweep", "--time", "0" }, "--time 0 is outside its valid range: seconds in (0, 60]")]
    [InlineData(new[] { "bench", "dam-async-sweep", "--K", "3", "--K", "4" }, "--K is given twice")]
    [InlineData(new[] { "bench", "dam-async-sweep", "--K", "3", "--json", "--paced" }, "--json and --paced do not go together")]
    public void Bad_flags_exit_2_with_one_line_naming_the_parameter(string[] args, string expected)
    {
        var (code, output, error) = Akern(args);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(expected, error);
    }
}
