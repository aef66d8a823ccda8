using System.Globalization;
using System.Text.Json;
using AssociativeKernels.Cli;

namespace AssociativeKernels.Tests;

/// <summary>
/// The <c>akern</c> command-line contract (DESIGN.md), exercised in-process through <c>Akern.Run</c> with
/// captured writers: JSON keys are the papers' symbols, batch mode answers line by line, and bad
/// arguments give one line on stderr naming the parameter, with exit code 2.
/// </summary>
public class CliTests
{
    private sealed record Outcome(int Code, string Out, string Err)
    {
        public string[] OutLines => Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        public string[] ErrLines => Err.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    private static Outcome Akern(params string[] args) => AkernWithInput("", args);

    private static Outcome AkernWithInput(string stdin, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = Cli.Akern.Run(args, stdout, stderr, new StringReader(stdin));
        return new Outcome(code, stdout.ToString(), stderr.ToString());
    }

    private static string BatchFile(IEnumerable<string> lines)
    {
        var path = Path.Combine(Path.GetTempPath(), $"akern-batch-{Guid.NewGuid():N}.jsonl");
        File.WriteAllLines(path, lines);
        return path;
    }

    private static string Line(string id, IReadOnlyDictionary<string, double> parameters) =>
        JsonSerializer.Serialize(new Dictionary<string, object> { ["id"] = id, ["params"] = parameters });

    [Fact]
    public void One_bound_as_JSON_carries_a_finite_log_when_the_value_overflows()
    {
        var result = Akern("bound", "expbeta-gaussian.lower", "--N", "1000000", "--sigma2", "0.3", "--json");

        Assert.Equal(0, result.Code);
        Assert.Equal("", result.Err);
        var line = Assert.Single(result.OutLines);
        var json = JsonDocument.Parse(line).RootElement;
        Assert.Equal("expbeta-gaussian.lower", json.GetProperty("id").GetString());
        Assert.Equal(1_000_000, json.GetProperty("params").GetProperty("N").GetDouble());
        Assert.Equal(0.3, json.GetProperty("params").GetProperty("sigma2").GetDouble());
        var ln = json.GetProperty("ln").GetDouble();
        Assert.True(double.IsFinite(ln));
        Assert.Equal(CapacityBounds.ExpBetaGaussianLower(dimension: 1_000_000, sigma2: 0.3).Ln, ln); // round-trip digits
        Assert.Equal(JsonValueKind.Null, json.GetProperty("value").ValueKind); // e^ln overflows a double
        Assert.False(string.IsNullOrWhiteSpace(json.GetProperty("equation").GetString()));
        Assert.True(json.GetProperty("inRange").GetBoolean());
    }

    [Fact]
    public void One_bound_as_a_table_names_value_log_equation_and_range()
    {
        var result = Akern("bound", "hopfield-classical", "--N", "1000");
        Assert.Equal(0, result.Code);
        Assert.Contains(result.OutLines, l => l.StartsWith("value") && l.EndsWith("138"));
        Assert.Contains(result.OutLines, l => l.StartsWith("equation"));
        Assert.Contains(result.OutLines, l => l.StartsWith("in range") && l.EndsWith("yes"));
        Assert.Contains(result.OutLines, l => l.StartsWith("what it is") && l.EndsWith("capacity (replica theory, thermodynamic limit)"));
    }

    [Fact]
    public void DAM_takes_both_the_degree_n_and_the_dimension_N()
    {
        var result = Akern("bound", "dam-no-error", "--n", "3", "--N", "1000", "--json");
        Assert.Equal(0, result.Code);
        var json = JsonDocument.Parse(result.OutLines.Single()).RootElement;
        Assert.Equal(3, json.GetProperty("params").GetProperty("n").GetDouble());
        Assert.Equal(1000, json.GetProperty("params").GetProperty("N").GetDouble());
        Assert.Equal(CapacityBounds.DamNoError(degree: 3, dimension: 1000).Value, json.GetProperty("value").GetDouble());
    }

    [Fact]
    public void Batch_answers_every_bound_id_of_the_contract_in_order()
    {
        var path = BatchFile(Contract.Bounds.Select(c => Line(c.Id, c.Parameters)));
        try
        {
            var result = Akern("bound", "--batch", path);

            Assert.Equal(0, result.Code);
            Assert.Equal("", result.Err);
            Assert.Equal(Contract.Bounds.Length, result.OutLines.Length);
            for (var i = 0; i < Contract.Bounds.Length; i++)
            {
                var json = JsonDocument.Parse(result.OutLines[i]).RootElement;
                var expected = Contract.Bounds[i].Call();
                Assert.Equal(Contract.Bounds[i].Id, json.GetProperty("id").GetString());
                Assert.False(json.TryGetProperty("error", out _), result.OutLines[i]);
                Assert.Equal(expected.Ln, json.GetProperty("ln").GetDouble());
                Assert.Equal(expected.InRange, json.GetProperty("inRange").GetBoolean());
                foreach (var (symbol, value) in Contract.Bounds[i].Parameters)
                {
                    Assert.Equal(value, json.GetProperty("params").GetProperty(symbol).GetDouble());
                }
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Batch_answers_every_kernel_id_of_the_contract_in_order()
    {
        var path = BatchFile(Contract.Kernels.Select(c => Line(c.Id, c.Parameters)));
        try
        {
            var result = Akern("kernel", "--batch", path);

            Assert.Equal(0, result.Code);
            Assert.Equal(Contract.Kernels.Length, result.OutLines.Length);
            for (var i = 0; i < Contract.Kernels.Length; i++)
            {
                var json = JsonDocument.Parse(result.OutLines[i]).RootElement;
                Assert.Equal(Contract.Kernels[i].Id, json.GetProperty("id").GetString());
                Assert.Equal(Kernels.Evaluate(Contract.Kernels[i].Id, Contract.Kernels[i].Parameters).Ln, json.GetProperty("ln").GetDouble());
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Batch_lines_break_at_newlines_only_and_a_byte_order_mark_is_skipped()
    {
        // A lone CR is JSON whitespace inside a line (not a second line); CRLF endings and a leading BOM are dropped,
        // from standard input as from a file, so output line k answers input line k.
        const string input = "\uFEFF{\"id\": \"vc-linear\",\r\"params\": {\"N\": 100}}\r\n{\"id\": \"vc-linear\", \"params\": {\"N\": 10}}";
        var path = Path.Combine(Path.GetTempPath(), $"akern-batch-{Guid.NewGuid():N}.jsonl");
        File.WriteAllText(path, input, new System.Text.UTF8Encoding(false));
        try
        {
            foreach (var result in new[] { AkernWithInput(input, "bound", "--batch", "-"), Akern("bound", "--batch", path) })
            {
                Assert.Equal(0, result.Code);
                Assert.Equal(2, result.OutLines.Length);
                Assert.Equal(200, JsonDocument.Parse(result.OutLines[0]).RootElement.GetProperty("value").GetDouble());
                Assert.Equal(20, JsonDocument.Parse(result.OutLines[1]).RootElement.GetProperty("value").GetDouble());
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_bad_batch_line_gets_an_error_line_and_the_rest_go_on()
    {
        var path = BatchFile(
        [
            """{"id": "hopfield-classical", "params": {"N": 1000}}""",
            """{"id": "expbeta-gaussian.lower", "params": {"N": 100, "sigma2": 0.7}}""",
            "not json",
            """{"id": "no-such-bound", "params": {"N": 1}}""",
            """{"id": "vc-linear", "params": {"N": 10}}""",
        ]);
        try
        {
            var result = Akern("bound", "--batch", path);

            Assert.Equal(2, result.Code);
            Assert.Equal(5, result.OutLines.Length);
            var lines = result.OutLines.Select(l => JsonDocument.Parse(l).RootElement).ToArray();
            Assert.Equal(138, lines[0].GetProperty("value").GetDouble(), 9);

            Assert.Equal("expbeta-gaussian.lower", lines[1].GetProperty("id").GetString());
            Assert.Equal(0.7, lines[1].GetProperty("params").GetProperty("sigma2").GetDouble());
            Assert.Contains("sigma2", lines[1].GetProperty("error").GetString());

            Assert.Equal(JsonValueKind.Null, lines[2].GetProperty("id").ValueKind);
            Assert.True(lines[2].TryGetProperty("error", out _));
            Assert.Contains("no-such-bound", lines[3].GetProperty("error").GetString());
            Assert.Equal(20, lines[4].GetProperty("value").GetDouble(), 9);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Batch_reads_standard_input_when_the_file_is_a_dash()
    {
        var result = AkernWithInput(
            "{\"id\": \"sdm-hypercube\", \"params\": {\"N\": 3, \"r\": 1, \"delta\": 2}}\n", "kernel", "--batch", "-");
        Assert.Equal(0, result.Code);
        var json = JsonDocument.Parse(Assert.Single(result.OutLines)).RootElement;
        Assert.Equal(0.25, json.GetProperty("value").GetDouble(), 12); // 2 of the 8 corners, as in KernelsTests
    }

    [Theory]
    [InlineData("--n", "bound", "hopfield-classical", "--n", "100")]                              // flags are case-sensitive
    [InlineData("--sigma2", "bound", "expbeta-gaussian.lower", "--N", "100")]                      // missing
    [InlineData("--sigma2", "bound", "expbeta-gaussian.lower", "--N", "100", "--sigma2", "abc")]   // malformed
    [InlineData("--sigma2", "bound", "expbeta-gaussian.lower", "--N", "100", "--sigma2", "0,3")]   // not the invariant culture
    [InlineData("--sigma2", "bound", "expbeta-gaussian.lower", "--N", "100", "--sigma2")]          // no value
    [InlineData("sigma2", "bound", "expbeta-gaussian.lower", "--N", "100", "--sigma2", "0.7")]     // out of range
    [InlineData("N", "bound", "hopfield-classical", "--N", "10.5")]                                // not whole
    [InlineData("n", "bound", "dam-no-error", "--n", "1", "--N", "100")]
    [InlineData("no-such-bound", "bound", "no-such-bound", "--N", "3")]                            // unknown id
    [InlineData("r", "kernel", "sdm-hypercube", "--N", "10", "--r", "20", "--delta", "1")]
    [InlineData("--N", "capacity", "--N", "0")]
    [InlineData("--n", "capacity", "--n", "5")]
    [InlineData("frobnicate", "frobnicate")]                                                       // unknown command
    public void Bad_arguments_give_exit_code_2_and_one_line_naming_the_parameter(string named, params string[] args)
    {
        var result = Akern(args);

        Assert.Equal(2, result.Code);
        Assert.Equal("", result.Out);
        var line = Assert.Single(result.ErrLines);
        Assert.Contains(named, line);
    }

    [Theory]
    [InlineData("(0, 0.5)", "bound", "expbeta-gaussian.lower", "--N", "100", "--sigma2", "0.7")]
    [InlineData("(0, 0.5)", "bound", "expbeta-gaussian.lower", "--N", "100")]
    [InlineData("whole number in [1, 2147483647]", "bound", "hopfield-classical", "--N", "x")]
    public void The_error_line_states_the_valid_range(string range, params string[] args)
    {
        var result = Akern(args);
        Assert.Equal(2, result.Code);
        Assert.Contains(range, Assert.Single(result.ErrLines));
    }

    [Fact]
    public void Numbers_are_written_in_the_invariant_culture_whatever_the_current_one()
    {
        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
        }
        catch (CultureNotFoundException)
        {
            return; // globalization-invariant machine: every culture is the invariant one already
        }
        try
        {
            var result = Akern("bound", "expbeta-gaussian.lower", "--N", "100", "--sigma2", "0.3", "--json");
            Assert.Equal(0, result.Code);
            Assert.Contains("\"sigma2\":0.3", result.Out);
            var table = Akern("bound", "hopfield-classical", "--N", "100");
            Assert.Contains(table.OutLines, l => l.StartsWith("value") && l.EndsWith("13.8"));
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void List_shows_every_id_of_the_contract()
    {
        var bounds = Akern("bound", "list");
        Assert.Equal(0, bounds.Code);
        Assert.All(Contract.Bounds, c => Assert.Contains(bounds.OutLines, l => l.StartsWith(c.Id + " ")));

        var json = Akern("bound", "list", "--json").OutLines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetString()).ToHashSet();
        Assert.All(Contract.Bounds, c => Assert.Contains(c.Id, json));

        var kernels = Akern("kernel", "list");
        Assert.All(Contract.Kernels, c => Assert.Contains(kernels.OutLines, l => l.StartsWith(c.Id + " ")));
    }

    [Fact]
    public void Capacity_has_a_row_for_every_model_family()
    {
        var result = Akern("capacity", "--N", "100");

        Assert.Equal(0, result.Code);
        Assert.Equal("", result.Err);
        string[] ids =
        [
            "hopfield-classical", "dam-no-error", "dam-max-patterns", "model-a", "vc-linear", "vc-polynomial",
            "vc-exponential", "sv-proliferation", "expbeta-gaussian.exact", "expbeta-gaussian.lower",
            "expbeta-gaussian.tight", "expbeta-sphere.exact", "expbeta-sphere.lower", "expbeta-sphere.tight",
            "expbeta-bipolar.exact", "expbeta-bipolar.lower", "expbeta-bipolar.tight",
        ];
        Assert.All(ids, id => Assert.Contains(result.OutLines, l => l.Contains(" " + id + " ") || l.StartsWith(id + " ")));
        Assert.Contains(result.OutLines, l => l.Contains("hopfield-classical") && l.Contains("13.8") && l.EndsWith("yes"));
    }

    [Fact]
    public void Capacity_as_JSON_gives_one_line_per_row_with_the_contract_keys()
    {
        var result = Akern("capacity", "--N", "1000", "--json");

        Assert.Equal(0, result.Code);
        var rows = result.OutLines.Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.True(rows.Length >= 20);
        Assert.All(rows, r =>
        {
            // The dimension's symbol: N, except model A's Nf and Ramsauer et al.'s d (their N counts patterns).
            var dimension = r.GetProperty("id").GetString() switch { "model-a" => "Nf", "ramsauer-storage" => "d", _ => "N" };
            Assert.Equal(1000, r.GetProperty("params").GetProperty(dimension).GetDouble());
            Assert.True(double.IsFinite(r.GetProperty("ln").GetDouble()));
            Assert.Equal(JsonValueKind.String, r.GetProperty("equation").ValueKind);
            Assert.True(r.GetProperty("inRange").ValueKind is JsonValueKind.True or JsonValueKind.False);
        });
        var hopfield = rows.Single(r => r.GetProperty("id").GetString() == "hopfield-classical");
        Assert.Equal(138, hopfield.GetProperty("value").GetDouble(), 9);
    }

    [Fact]
    public void Capacity_at_a_million_evaluates_every_row_in_log_space()
    {
        var result = Akern("capacity", "--N", "1000000", "--json");

        Assert.Equal(0, result.Code);
        foreach (var row in result.OutLines.Select(l => JsonDocument.Parse(l).RootElement))
        {
            Assert.False(row.TryGetProperty("error", out var error), error.ToString());
            Assert.True(double.IsFinite(row.GetProperty("ln").GetDouble()));
        }
    }

    [Fact]
    public void Capacity_shows_formulas_undefined_at_tiny_N_as_rows_not_failures()
    {
        var result = Akern("capacity", "--N", "1");
        Assert.Equal(0, result.Code);
        Assert.Contains(result.OutLines, l => l.Contains("dam-no-error") && l.Contains("n/a"));
    }

    [Fact]
    public void Usage_is_printed_for_no_arguments_and_for_help()
    {
        foreach (var args in new[] { Array.Empty<string>(), ["--help"] })
        {
            var result = Akern(args);
            Assert.Equal(0, result.Code);
            Assert.Contains("akern bound ID --PARAM VALUE", result.Out);
            Assert.Contains("akern capacity", result.Out);
        }
    }

    // ---- issue 11 --------------------------------------------------------------------------------

    [Theory]
    [InlineData("bound", """{"id": "vc-linear", "params": {"N": 10}}""")]
    [InlineData("kernel", """{"id": "exp-beta.limit", "params": {"r": 1, "d": 0.5}}""")]
    public void Batch_answers_a_blank_line_with_an_error_line_so_output_line_k_answers_input_line_k(string noun, string good)
    {
        var result = AkernWithInput($"{good}\n\n   \n{good}\n", noun, "--batch", "-");

        Assert.Equal(2, result.Code);
        var lines = result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal(4, lines.Length);
        Assert.False(lines[0].TryGetProperty("error", out _));
        Assert.Contains("empty line", lines[1].GetProperty("error").GetString());
        Assert.Contains("empty line", lines[2].GetProperty("error").GetString());
        Assert.False(lines[3].TryGetProperty("error", out _));
    }

    [Fact]
    public void Bound_list_states_the_real_range_of_every_whole_number_parameter()
    {
        foreach (var line in Akern("bound", "list", "--json").OutLines)
        {
            var json = JsonDocument.Parse(line).RootElement;
            foreach (var p in json.GetProperty("params").EnumerateObject())
            {
                var range = p.Value.GetString()!;
                Assert.DoesNotContain("≥", range);
                if (p.Name is "N" or "n" or "Nf" or "p")
                {
                    Assert.Matches(@"^whole number in \[[12], 2147483647\]$", range);
                }
            }
        }
        // the refusal above the cap says the same range
        var refused = Akern("bound", "vc-linear", "--N", "2147483648");
        Assert.Equal(2, refused.Code);
        Assert.Contains("[1, 2147483647]", refused.Err);
    }

    [Theory]
    [InlineData("dam-no-error --n 1073741826 --N 2")]
    [InlineData("dam-max-patterns --n 1073741826 --N 2 --perror 0.1")]
    [InlineData("expbeta-bipolar.tight --N 1500000000 --f 0.5 --rho 0.05")]
    [InlineData("dam-error-probability.gaussian --n 1000 --N 10000 --K 2")]
    [InlineData("expbeta-sphere.tight --N 100 --r 1e-10")]
    [InlineData("expbeta-bipolar.birthday --N 100 --f 1e-20 --rho 0")]
    [InlineData("expbeta-gaussian.tight --N 100 --sigma2 1e-20")]
    [InlineData("expbeta-gaussian.birthday --N 50 --sigma2 1e-20")]
    public void A_request_inside_the_documented_ranges_gets_an_answer(string command)
    {
        var result = Akern(["bound", .. command.Split(' '), "--json"]);

        Assert.True(result.Code == 0, $"exit {result.Code}: {result.Err}");
        var json = JsonDocument.Parse(result.OutLines.Single()).RootElement;
        Assert.False(json.TryGetProperty("error", out _));
        // ln is a number, or null only where the value is an exact 0 (a probability below e^-1.8e308)
        Assert.True(json.GetProperty("ln").ValueKind == JsonValueKind.Number || json.GetProperty("value").GetDouble() == 0);
    }

    [Fact]
    public void Capacity_at_the_largest_N_has_no_blank_rows()
    {
        var result = Akern("capacity", "--N", "2147483647", "--json");

        Assert.Equal(0, result.Code);
        foreach (var row in result.OutLines.Select(l => JsonDocument.Parse(l).RootElement))
        {
            Assert.False(row.TryGetProperty("error", out var error), row.GetProperty("id") + ": " + error);
            Assert.True(double.IsFinite(row.GetProperty("ln").GetDouble()));
        }
    }

    [Theory]
    [InlineData("expbeta-noise.bipolar --N 50 --r 100", 1.0)]                // r ≥ 2√N: every flip is tolerated
    [InlineData("expbeta-noise.bipolar --N 50 --r 10", 0.5)]                 // r²/4N = 100/200
    [InlineData("dam-error-probability --n 3 --N 100 --K 1e6", 0.5)]         // expansion outside its regime, capped
    public void A_probability_is_never_above_one(string command, double expected)
    {
        var json = JsonDocument.Parse(Akern(["bound", .. command.Split(' '), "--json"]).OutLines.Single()).RootElement;
        Assert.Equal(expected, json.GetProperty("value").GetDouble(), 12);
        Assert.True(json.GetProperty("ln").GetDouble() <= 0);
    }

    /// <summary>
    /// Integer results print as integers, on the table line and in JSON: 2N = 200; 2 D_2 at N = 10 with
    /// D_2 = C(9,0) + C(9,1) + C(9,2) = 1 + 9 + 36 = 46 (equivalently C(10,0) + C(10,2) = 1 + 45, the even
    /// monomials of degree ≤ 2), so 92; 0.138 × 100 = 13.8; 2^10 = 1024; min(N_f^(n−1), N_h) = min(10², 1000) = 100.
    /// </summary>
    [Theory]
    [InlineData("200", 200.0, "vc-linear", "--N", "100")]
    [InlineData("92", 92.0, "vc-polynomial", "--N", "10", "--p", "2")]
    [InlineData("13.8", 13.8, "hopfield-classical", "--N", "100")]
    [InlineData("1024", 1024.0, "vc-exponential", "--N", "10")]
    [InlineData("100", 100.0, "model-a", "--n", "3", "--Nf", "10", "--Nh", "1000")]
    public void Integer_results_are_exact_on_the_table_and_in_JSON(string printed, double value, params string[] args)
    {
        var table = Akern(["bound", .. args]);
        Assert.Equal(0, table.Code);
        Assert.Contains(table.OutLines, l => System.Text.RegularExpressions.Regex.IsMatch(l, $@"^value\s+{System.Text.RegularExpressions.Regex.Escape(printed)}$"));

        var json = JsonDocument.Parse(Akern(["bound", .. args, "--json"]).OutLines.Single()).RootElement;
        Assert.Equal(printed, json.GetProperty("value").GetRawText()); // the JSON number as written: 200, not 200.0000000000001
        Assert.Equal(value, json.GetProperty("value").GetDouble());
        Assert.Equal(Math.Log(value), json.GetProperty("ln").GetDouble());
    }

    [Fact]
    public void Batch_values_are_exact_too()
    {
        var result = AkernWithInput(
            Line("vc-linear", new Dictionary<string, double> { ["N"] = 100 }) + "\n" +
            Line("vc-polynomial", new Dictionary<string, double> { ["N"] = 10, ["p"] = 2 }) + "\n",
            "bound", "--batch", "-");
        Assert.Equal(0, result.Code);
        Assert.Equal(["200", "92"], result.OutLines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("value").GetRawText()));
    }

    [Fact]
    public void Capacity_names_what_each_number_is_so_that_exact_does_not_read_as_true()
    {
        var result = Akern("capacity", "--N", "100");
        Assert.Equal(0, result.Code);
        Assert.Contains("what the number is", result.OutLines[1]);
        string Row(string id, string other) => result.OutLines.Single(l => (" " + l).Contains(" " + id + " ") && l.Contains(other));
        Assert.Contains("KMN estimate: normal approx.", Row("expbeta-gaussian.exact", "sigma2=0.1"));
        Assert.Contains("lower bound on the KMN estimate", Row("expbeta-gaussian.lower", "sigma2=0.1"));
        Assert.Contains("mean capacity (C8", Row("expbeta-gaussian.tight", "sigma2=0.1"));
        // The kinds come from the registry, one per id.
        Assert.True(CapacityBounds.TryGetInfo("expbeta-gaussian.exact", out var exact));
        Assert.Contains(exact.Kind, Row("expbeta-gaussian.exact", "sigma2=0.1"));
        // The footer says which number to trust and why .exact is not the true capacity.
        Assert.Contains(result.OutLines, l => l.StartsWith("Which Exp-β number to trust: the C8 rows (.tight)"));
        Assert.Contains(result.OutLines, l => l.Contains("\"exact\" only in that Eq. 86 is not applied"));
        Assert.Contains(result.OutLines, l => l.Contains("lower bounds on the .exact estimate, not on the true capacity"));
    }
}
