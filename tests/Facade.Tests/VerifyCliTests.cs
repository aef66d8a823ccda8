using System.Globalization;
using System.Text.Json;

namespace AssociativeKernels.Tests;

/// <summary>
/// Issue 15, part 3: <c>akern verify list | ID [--trials n] [--seed s] [--PARAM lo..hi …] [--json]</c> (DESIGN.md). Exit 0 when
/// the theorem holds, 1 with the shrunk counterexample when it does not, 2 with one line on stderr for bad arguments. Run
/// in-process through <c>Akern.Run</c>, as <see cref="CliTests"/>.
/// </summary>
public class VerifyCliTests
{
    private sealed record Outcome(int Code, string Out, string Err)
    {
        public string[] OutLines => Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        public string[] ErrLines => Err.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    private static Outcome Akern(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = Cli.Akern.Run(args, stdout, stderr, new StringReader(""));
        return new Outcome(code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void List_names_T1_to_T12_as_a_table_and_as_JSON_lines()
    {
        var table = Akern("verify", "list");
        Assert.Equal(0, table.Code);
        Assert.Equal("", table.Err);
        var ids = table.OutLines.Skip(2).Select(l => l.Split(' ')[0]).ToArray();
        Assert.Equal(Enumerable.Range(1, 12).Select(k => $"T{k}"), ids);
        Assert.Contains("--beta 0.1..2", table.Out);

        var json = Akern("verify", "list", "--json");
        Assert.Equal(0, json.Code);
        var rows = json.OutLines.Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal(ids, rows.Select(r => r.GetProperty("id").GetString()));
        var beta = rows[2].GetProperty("params").GetProperty("beta");
        Assert.Equal(2, beta.GetProperty("hypothesis")[1].GetDouble());
        Assert.Equal(200, rows[2].GetProperty("trials").GetInt32());
    }

    [Fact]
    public void T3_with_beta_in_half_to_two_holds_and_exits_0()
    {
        var result = Akern("verify", "T3", "--beta", "0.5..2");
        Assert.Equal(0, result.Code);
        Assert.Equal("", result.Err);
        Assert.StartsWith("T3 holds: 200 of 200 cases passed (seed 1)", result.Out);
        Assert.DoesNotContain("outside the theorem's hypothesis", result.Out);
    }

    [Fact]
    public void T3_with_beta_in_5_to_20_prints_the_shrunk_counterexample_says_it_is_outside_the_hypothesis_and_exits_1()
    {
        var result = Akern("verify", "T3", "--beta", "5..20");
        Assert.Equal(1, result.Code);
        Assert.Equal("", result.Err);
        Assert.StartsWith("T3 does not hold: counterexample at draw 1 (after 0 of 200 cases passed; seed 1), shrunk in ", result.Out);
        Assert.Contains("--beta 5..20 reaches outside the theorem's hypothesis: 0 < β ≤ 2", result.Out);
        Assert.Contains("points     (2) (1) (0)", result.Out);
        Assert.Contains("values     beta=5, r=1.5", result.Out);

        // JSON: the eigenvalue the reason reports is negative, and the points' Gram matrix, rebuilt here, has a negative
        // determinant (a 3×3 positive definite matrix has a positive one)
        var json = Akern("verify", "T3", "--beta=5..20", "--json");
        Assert.Equal(1, json.Code);
        var root = JsonDocument.Parse(Assert.Single(json.OutLines)).RootElement;
        Assert.False(root.GetProperty("holds").GetBoolean());
        Assert.Equal("0 < β ≤ 2 (Micchelli 1986, cited in KMN §4.2)", root.GetProperty("outsideHypothesis").GetProperty("beta").GetString());
        var c = root.GetProperty("counterexample");
        var beta = c.GetProperty("values").GetProperty("beta").GetDouble();
        var r = c.GetProperty("values").GetProperty("r").GetDouble();
        var x = c.GetProperty("points").EnumerateArray().Select(p => p[0].GetDouble()).ToArray();
        Assert.Equal(3, x.Length);
        double K(double a, double b) => Math.Exp(-Math.Pow(Math.Abs(a - b) / r, beta));
        var g = new double[3, 3];
        for (var i = 0; i < 3; i++) for (var j = 0; j < 3; j++) g[i, j] = K(x[i], x[j]);
        var det = g[0, 0] * (g[1, 1] * g[2, 2] - g[1, 2] * g[2, 1]) - g[0, 1] * (g[1, 0] * g[2, 2] - g[1, 2] * g[2, 0]) + g[0, 2] * (g[1, 0] * g[2, 1] - g[1, 1] * g[2, 0]);
        Assert.True(det < 0, $"det = {det}");
        Assert.Contains("λ_min = -0.2323494272570", c.GetProperty("reason").GetString());
        Assert.True(root.GetProperty("original").GetProperty("points").GetArrayLength() >= 3);
        Assert.True(root.GetProperty("shrinkSteps").GetInt32() > 0);
    }

    [Fact]
    public void Seed_and_trials_are_reported_and_the_same_seed_repeats_the_output()
    {
        var a = Akern("verify", "T5", "--frac", "1..2", "--seed", "9", "--trials", "40", "--json");
        var b = Akern("verify", "T5", "--frac", "1..2", "--seed=9", "--trials=40", "--json");
        Assert.Equal(1, a.Code);
        Assert.Equal(a.Out, b.Out);
        var root = JsonDocument.Parse(a.Out).RootElement;
        Assert.Equal(9, root.GetProperty("seed").GetInt32());
        Assert.Equal(40, root.GetProperty("trials").GetInt32());
        var holds = Akern("verify", "T10", "--trials", "7", "--json");
        Assert.Equal(0, holds.Code);
        var h = JsonDocument.Parse(holds.Out).RootElement;
        Assert.Equal(7, h.GetProperty("passed").GetInt32());
        Assert.Equal(JsonValueKind.Null, h.GetProperty("counterexample").ValueKind);
    }

    /// <summary>Bad arguments: nothing on stdout, one line on stderr naming what is wrong, exit 2.</summary>
    [Theory]
    [InlineData("--beta 2..1 is empty", "verify", "T3", "--beta", "2..1")]
    [InlineData("'NaN' is not a range of finite numbers", "verify", "T3", "--beta", "NaN")]
    [InlineData("'1..x' is not a range", "verify", "T3", "--beta", "1..x")]
    [InlineData("unknown flag --gamma", "verify", "T3", "--gamma", "1..2")]
    [InlineData("unknown flag --Beta", "verify", "T3", "--Beta", "1..2")]
    [InlineData("--trials 0 is outside its valid range: a whole number in [1, 1000000]", "verify", "T3", "--trials", "0")]
    [InlineData("--trials 2147483647 is outside its valid range", "verify", "T3", "--trials", "2147483647")]
    [InlineData("--trials 1.5 is outside", "verify", "T3", "--trials", "1.5")]
    [InlineData("--seed -1 is outside its valid range", "verify", "T3", "--seed", "-1")]
    [InlineData("--beta 0..2 is outside its domain [1e-6, 1e6]", "verify", "T3", "--beta", "0..2")]
    [InlineData("--N 1.5..3: N takes whole numbers only", "verify", "T3", "--N", "1.5..3")]
    [InlineData("--beta needs a value", "verify", "T3", "--beta")]
    [InlineData("--beta is given twice", "verify", "T3", "--beta", "1..2", "--beta", "1..2")]
    [InlineData("unknown theorem 'T13'", "verify", "T13")]
    [InlineData("which theorem?", "verify")]
    [InlineData("unexpected argument 'extra'", "verify", "T3", "extra")]
    [InlineData("none of 200 cases drawn from these ranges meets the claim's preconditions", "verify", "T2", "--N", "2..5", "--r", "13", "--trials", "10")]
    public void Bad_arguments_give_one_line_on_stderr_and_exit_2(string message, params string[] args)
    {
        var result = Akern(args);
        Assert.Equal(2, result.Code);
        Assert.Equal("", result.Out);
        Assert.Contains(message, Assert.Single(result.ErrLines));
    }

    [Fact]
    public void Help_on_one_theorem_gives_its_statement_and_each_parameter_with_default_hypothesis_and_domain()
    {
        var help = Akern("verify", "T3", "--help");
        Assert.Equal(0, help.Code);
        Assert.StartsWith("Usage:", help.Out);
        Assert.Contains("akern verify T3 [--trials n] [--seed s] [--beta lo..hi] [--r lo..hi] [--N lo..hi] [--M lo..hi] [--json]", help.Out);
        Assert.Matches(@"\n  --beta\s+the exponent β; default 0\.1\.\.2; hypothesis 0 < β ≤ 2 \(Micchelli 1986, cited in KMN §4\.2\); domain \[1e-6, 1e6\]", help.Out.ReplaceLineEndings("\n"));
        Assert.Equal(help.Out, Akern("help", "verify", "T3").Out);
        Assert.Contains("130 when Ctrl-C stopped it", Akern("verify", "--help").Out);
    }
}
