using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace AssociativeKernels.Tests;

/// <summary>
/// The conventions every <c>akern</c> command follows (DESIGN.md, "The command-line contract"; issue 13):
/// <c>--version</c>; <c>--help</c> and <c>-h</c> on every command and subcommand (exit 0, usage on stdout,
/// nothing on stderr); <c>--flag=value</c> the same as <c>--flag value</c>; unknown input one line on stderr and
/// exit 2. Run in-process through <c>Akern.Run</c>, as <see cref="CliTests"/>.
/// </summary>
public class CliConventionsTests
{
    private sealed record Outcome(int Code, string Out, string Err)
    {
        public string[] ErrLines => Err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    private static Outcome Akern(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = Cli.Akern.Run(args, stdout, stderr, new StringReader(""));
        return new Outcome(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>The command words <c>akern --help</c> lists: the first word after <c>akern</c> on each usage line.</summary>
    private static string[] Commands() =>
        Akern("--help").Out.Split('\n')
            .Select(l => Regex.Match(l, @"^  akern ([a-z][a-z-]*)\b"))
            .Where(m => m.Success)
            .Select(m => m.Groups[1].Value)
            .Distinct()
            .ToArray();

    /// <summary>
    /// The subcommands of <paramref name="command"/> its own help lists (lowercase words after the command, such as
    /// <c>list</c> or a simulation id; placeholders like ID are upper case), and for bound, kernel and verify every id of <c>list --json</c>.
    /// </summary>
    private static string[] Subcommands(string command)
    {
        var listed = Akern(command, "--help").Out.Split('\n')
            .Select(l => Regex.Match(l, $@"^  akern {Regex.Escape(command)} ([a-z][a-z0-9.-]*)\b"))
            .Where(m => m.Success)
            .Select(m => m.Groups[1].Value);
        var ids = command is "bound" or "kernel" or "verify"
            ? Akern(command, "list", "--json").Out.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetString()!)
            : [];
        return listed.Concat(ids).Distinct().ToArray();
    }

    [Fact]
    public void Version_prints_the_package_version_of_Directory_Build_props_and_exits_0()
    {
        var result = Akern("--version");

        Assert.Equal(0, result.Code);
        Assert.Equal("", result.Err);
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "AssociativeKernels.sln"))) root = root.Parent!;
        var version = XDocument.Load(Path.Combine(root.FullName, "Directory.Build.props")).Descendants("Version").Single().Value;
        Assert.Equal(version + "\n", result.Out.ReplaceLineEndings("\n")); // the version alone, without a +commit suffix
    }

    [Fact]
    public void The_usage_lists_every_command_and_the_help_and_version_forms()
    {
        var commands = Commands();
        Assert.Equal(["capacity", "bound", "kernel", "simulate", "reproduce", "bench", "verify"], commands);
        var usage = Akern("-h");
        Assert.Equal(0, usage.Code);
        Assert.Equal(Akern("--help").Out, usage.Out);
        Assert.Equal(Akern("help").Out, usage.Out);
        Assert.Contains("akern --version", usage.Out);
        Assert.Contains("--N=100", usage.Out);
    }

    [Fact]
    public void Every_command_answers_help_and_h_with_its_usage_on_stdout_and_exit_0()
    {
        foreach (var command in Commands())
        {
            var help = Akern(command, "--help");
            Assert.True(help.Code == 0, $"akern {command} --help: exit {help.Code}, {help.Err}");
            Assert.Equal("", help.Err);
            Assert.StartsWith("Usage:", help.Out);
            Assert.Contains($"  akern {command}", help.Out);
            Assert.Equal(help.Out, Akern(command, "-h").Out);
            Assert.Equal(help.Out, Akern("help", command).Out);
        }
    }

    [Fact]
    public void Every_subcommand_answers_help_and_h_with_its_own_usage()
    {
        var checkedAny = new List<string>();
        foreach (var command in Commands())
        {
            foreach (var sub in Subcommands(command))
            {
                foreach (var flag in new[] { "--help", "-h" })
                {
                    var help = Akern(command, sub, flag);
                    Assert.True(help.Code == 0, $"akern {command} {sub} {flag}: exit {help.Code}, {help.Err}");
                    Assert.Equal("", help.Err);
                    Assert.StartsWith("Usage:", help.Out);
                    Assert.Contains($"  akern {command} {sub}", help.Out);
                }
                checkedAny.Add($"{command} {sub}");
            }
        }
        // the forms the issue names, among others
        Assert.Contains("bound list", checkedAny);
        Assert.Contains("kernel sdm-hypercube", checkedAny);
        Assert.Contains("simulate dam-stability", checkedAny);
        Assert.Contains("reproduce kmn-fig-e1", checkedAny);
        Assert.Contains("bench mchn-batch", checkedAny);
        Assert.Contains("verify list", checkedAny);
        Assert.Contains("verify T3", checkedAny);
    }

    [Fact]
    public void Help_on_one_id_states_each_flag_with_its_valid_range()
    {
        var bound = Akern("bound", "expbeta-gaussian.lower", "--help").Out;
        Assert.Contains("akern bound expbeta-gaussian.lower --N X --sigma2 X [--json]", bound);
        Assert.Matches(@"\n  --sigma2\s+\(0, 0\.5\)", bound.ReplaceLineEndings("\n"));

        var simulate = Akern("simulate", "dam-stability", "--help").Out;
        Assert.Matches(@"\n  --n\s+a whole number in \[1, 30\]", simulate.ReplaceLineEndings("\n"));
        Assert.Contains("--seed", simulate);

        var bench = Akern("bench", "mchn-batch", "--help").Out;
        Assert.Matches(@"\n  --M\s+a whole number in \[1, 1000000\] \(default 16384\)", bench.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Help_wins_over_the_rest_of_the_line_and_runs_nothing()
    {
        // a simulation that would take long, and a flag that would be refused: help is printed instead
        var result = Akern("simulate", "dam-stability", "--n", "3", "--N", "100000", "--K", "100000", "--trials", "10000000", "--seed", "1", "--help");
        Assert.Equal(0, result.Code);
        Assert.StartsWith("Usage:", result.Out);
        Assert.Equal(0, Akern("capacity", "--M", "3", "-h").Code);
    }

    [Theory]
    [InlineData("capacity", "--N", "1000", "--json")]
    [InlineData("bound", "expbeta-gaussian.lower", "--N", "1000000", "--sigma2", "0.3", "--json")]
    [InlineData("bound", "dam-no-error", "--n", "3", "--N", "1000")]
    [InlineData("kernel", "sdm-hypersphere.exact", "--N", "50", "--b", "0.9", "--cos", "0.95", "--json")]
    [InlineData("simulate", "dam-stability", "--n", "3", "--N", "50", "--K", "200", "--trials", "5", "--seed", "2", "--json")]
    [InlineData("bound", "hopfield-classical", "--N", "abc")]        // the refusal too
    [InlineData("bound", "hopfield-classical", "--N", "-3")]
    [InlineData("capacity", "--M", "3")]
    [InlineData("reproduce", "kmn-fig-e1", "--seed", "x")]
    [InlineData("bench", "mchn-batch", "--dtype", "bf8")]
    [InlineData("verify", "T3", "--beta", "5..20", "--trials", "50", "--seed", "2", "--json")]
    [InlineData("verify", "T3", "--beta", "2..1")]
    public void Flag_equals_value_gives_exactly_what_flag_space_value_gives(params string[] args)
    {
        var spaced = Akern(args);
        var joined = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var takesValue = args[i].StartsWith("--") && args[i] != "--json" && i + 1 < args.Length;
            joined.Add(takesValue ? $"{args[i]}={args[++i]}" : args[i]);
        }
        Assert.Contains(joined, a => a.Contains('='));

        var equals = Akern([.. joined]);

        Assert.Equal(spaced.Code, equals.Code);
        Assert.Equal(spaced.Out, equals.Out);
        Assert.Equal(spaced.Err, equals.Err);
    }

    [Fact]
    public void Batch_takes_its_file_as_batch_equals_dash_too()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = Cli.Akern.Run(["bound", "--batch=-"], stdout, stderr, new StringReader("{\"id\": \"vc-linear\", \"params\": {\"N\": 100}}\n"));
        Assert.Equal(0, code);
        Assert.Equal(200, JsonDocument.Parse(stdout.ToString()).RootElement.GetProperty("value").GetDouble());
    }

    /// <summary>Bad input: nothing on stdout, one line on stderr that names what is wrong, exit code 2.</summary>
    [Theory]
    [InlineData("frobnicate", "frobnicate")]                                    // unknown command
    [InlineData("--frobnicate", "--frobnicate")]                                // unknown option
    [InlineData("--M", "capacity", "--M", "3")]                                 // unknown flag
    [InlineData("--M", "bound", "hopfield-classical", "--N", "10", "--M", "3")]
    [InlineData("--M", "simulate", "dam-stability", "--M=3")]
    [InlineData("--X", "bench", "mchn-batch", "--X", "1")]
    [InlineData("--X", "reproduce", "kmn-fig-e1", "--X")]
    [InlineData("--N", "capacity", "--N")]                                      // missing value
    [InlineData("--N", "capacity", "--N=")]
    [InlineData("--N", "bound", "hopfield-classical", "--N", "--json")]
    [InlineData("abc", "capacity", "--N=abc")]                                  // bad number
    [InlineData("0,5", "bound", "expbeta-gaussian.lower", "--N", "100", "--sigma2=0,5")]
    [InlineData("--json", "capacity", "--json=yes")]                            // a switch given a value
    [InlineData("--quick", "reproduce", "kmn-fig-e1", "--quick=1")]
    [InlineData("nosuch", "bound", "nosuch", "--help")]                         // help on an unknown id
    [InlineData("nosuch", "simulate", "nosuch", "-h")]
    [InlineData("nosuch", "reproduce", "nosuch", "--help")]
    [InlineData("nosuch", "bench", "nosuch", "--help")]
    [InlineData("nosuch", "verify", "nosuch", "--help")]
    [InlineData("--X", "verify", "T1", "--X", "1")]
    [InlineData("nosuch", "help", "nosuch")]
    [InlineData("foo", "capacity", "foo", "--help")]
    public void Unknown_input_gives_one_line_on_stderr_naming_it_and_exit_2(string named, params string[] args)
    {
        var result = Akern(args);

        Assert.Equal(2, result.Code);
        Assert.Equal("", result.Out);
        Assert.Contains(named, Assert.Single(result.ErrLines));
    }
}
