using System.Text.Json;

namespace AssociativeKernels.Tests;

/// <summary><c>akern simulate</c> in-process: seeded, reproducible, a mean with its standard error, formulas beside it.</summary>
public class SimulateCliTests
{
    private static (int Code, string Out, string Err) Akern(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = Cli.Akern.Run(args, stdout, stderr, new StringReader(""));
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static JsonElement Json(params string[] args)
    {
        var (code, output, error) = Akern(args);
        Assert.Equal(0, code);
        Assert.Equal("", error); // no progress bar with --json or captured output
        return JsonDocument.Parse(output.Trim()).RootElement;
    }

    [Fact]
    public void Expbeta_capacity_agrees_with_an_independent_simulation()
    {
        var json = Json("simulate", "expbeta-capacity", "--N", "20", "--sigma2", "0.1", "--sims", "1000", "--seed", "1", "--json");
        Assert.Equal("expbeta-capacity", json.GetProperty("id").GetString());
        Assert.Equal(1, json.GetProperty("seed").GetInt32());
        Assert.Equal(1000, json.GetProperty("samples").GetInt32());
        var mean = json.GetProperty("mean").GetDouble();
        var sem = json.GetProperty("sem").GetDouble();
        Assert.True(sem > 0);
        // Independent reference: 186.72 ± 0.70 over 20000 runs of a separate implementation; allow 3 sem of both.
        var combined = Math.Sqrt(sem * sem + 0.70 * 0.70);
        Assert.True(Math.Abs(mean - 186.72) <= 3 * combined, $"mean {mean} ± {sem}");
        var formulas = json.GetProperty("formulas");
        foreach (var id in new[] { "expbeta-gaussian.exact", "expbeta-gaussian.lower", "expbeta-gaussian.tight", "expbeta-gaussian.birthday" })
        {
            Assert.Equal(CapacityBounds.Evaluate(id, new Dictionary<string, double> { ["N"] = 20, ["sigma2"] = 0.1 }).Value, formulas.GetProperty(id).GetDouble());
        }
    }

    [Fact]
    public void Dam_stability_at_n_2_agrees_with_the_Gaussian_tail_formula()
    {
        var json = Json("simulate", "dam-stability", "--n", "2", "--N", "100", "--K", "10", "--trials", "2000", "--seed", "3", "--json");
        var mean = json.GetProperty("mean").GetDouble();
        var sem = json.GetProperty("sem").GetDouble();
        var gaussian = json.GetProperty("formulas").GetProperty("dam-error-probability.gaussian").GetDouble();
        Assert.True(json.GetProperty("formulas").TryGetProperty("dam-error-probability", out _));
        // The Gaussian tail's own error here: the exact law is a binomial tail, P(Bin(891, ½) ≤ 395) = 3.992e-4
        // (derived and checked in the core tests), against the formula's 4.834e-4.
        var asymptoticError = Math.Abs(gaussian - 3.992e-4);
        Assert.True(Math.Abs(mean - gaussian) <= 4 * sem + asymptoticError, $"{mean} ± {sem} vs {gaussian}");
    }

    [Fact]
    public void Dam_stability_sampled_at_n_2_agrees_with_the_exact_binomial_tail()
    {
        // Every bit of 5 of the 10 stored patterns per trial: the same probability as the full count above.
        var json = Json("simulate", "dam-stability-sampled", "--n", "2", "--N", "100", "--K", "10", "--P", "5", "--trials", "4000", "--seed", "3", "--json");
        Assert.Equal(5, json.GetProperty("params").GetProperty("P").GetInt32());
        Assert.Equal(4000, json.GetProperty("samples").GetInt32());
        var mean = json.GetProperty("mean").GetDouble();
        var sem = json.GetProperty("sem").GetDouble();
        Assert.True(sem > 0);
        // P(Bin(891, ½) ≤ 395) = 3.992e-4, the exact law of one bit's cross-talk at n = 2, N = 100, K = 10 (see above).
        Assert.True(Math.Abs(mean - 3.992e-4) <= 4 * sem, $"{mean} ± {sem}");
        Assert.True(json.GetProperty("formulas").TryGetProperty("dam-error-probability.gaussian", out _));
    }

    [Fact]
    public void Hopfield_retrieval_is_perfect_at_low_load_and_fails_above_capacity()
    {
        var low = Json("simulate", "hopfield-retrieval", "--N", "200", "--alpha", "0.05", "--flip", "0.1", "--trials", "20", "--seed", "1", "--json");
        var high = Json("simulate", "hopfield-retrieval", "--N", "200", "--alpha", "0.3", "--flip", "0.1", "--trials", "20", "--seed", "1", "--json");
        Assert.True(low.GetProperty("mean").GetDouble() >= 0.99);
        Assert.True(high.GetProperty("mean").GetDouble() < 0.8);
        Assert.True(high.GetProperty("sem").GetDouble() > 0);
        Assert.Equal(CapacityBounds.HopfieldClassical(200).Value, low.GetProperty("formulas").GetProperty("hopfield-classical").GetDouble());
    }

    [Fact]
    public void Lm_sphere_dominance_matches_the_annealed_finite_N_threshold_and_reports_alpha1()
    {
        // Annealed finite-N REM condition P · E[e^{λNω}] = e^{λN} at λ = 1, N = 12: α_N = 0.616061 (mpmath, Bessel I of
        // order N/2 − 1; issue 15); the N → ∞ threshold α₁ = 0.622572.
        var json = Json("simulate", "lm-sphere-dominance", "--N", "12", "--lambda", "1", "--runs", "40", "--seed", "2", "--json");
        var mean = json.GetProperty("mean").GetDouble();
        var sem = json.GetProperty("sem").GetDouble();
        Assert.True(sem > 0);
        Assert.True(Math.Abs(mean - 0.616061) <= 4 * sem + 0.003, $"{mean} ± {sem}");
        Assert.Equal(CapacityBounds.LmSphereAlpha1(12, 1).Value, json.GetProperty("formulas").GetProperty("lm-sphere.alpha1").GetDouble());
        var fixedPoint = Json("simulate", "lm-sphere-retrieval", "--N", "8", "--lambda", "1", "--rho", "1", "--eps", "0.1", "--runs", "6", "--seed", "2", "--json");
        Assert.True(fixedPoint.GetProperty("mean").GetDouble() > 0);
        Assert.True(fixedPoint.GetProperty("formulas").TryGetProperty("lm-sphere.basin", out _));
    }

    [Fact]
    public void The_same_seed_gives_the_same_JSON()
    {
        string[] args = ["simulate", "dam-stability", "--n", "3", "--N", "30", "--K", "40", "--trials", "50", "--seed", "9", "--json"];
        Assert.Equal(Akern(args).Out, Akern(args).Out);
        Assert.NotEqual(Akern(args).Out, Akern([.. args[..^2], "10", "--json"]).Out);
    }

    [Theory]
    [InlineData("simulate", "dam-stability", "--n", "2", "--N", "100", "--K", "10", "--seed", "1")]
    [InlineData("simulate", "dam-stability", "--n", "2", "--N", "100", "--K", "10", "--trials", "5")]
    [InlineData("simulate", "dam-stability-sampled", "--n", "2", "--N", "100", "--K", "10", "--P", "11", "--trials", "5", "--seed", "1")]
    [InlineData("simulate", "dam-stability-sampled", "--n", "2", "--N", "100", "--K", "10", "--trials", "5", "--seed", "1")]
    [InlineData("simulate", "hopfield-retrieval", "--N", "100", "--alpha", "0.1", "--flip", "1.5", "--trials", "5", "--seed", "1")]
    [InlineData("simulate", "hopfield-retrieval", "--N", "10", "--alpha", "0.01", "--flip", "0.2", "--trials", "4", "--seed", "1")] // K = round(αN) = 0
    [InlineData("simulate", "expbeta-capacity", "--N", "20", "--sigma2", "0.1", "--sims", "10", "--seed", "1", "--M", "3")]
    [InlineData("simulate", "expbeta-capacity", "--N", "2000", "--sigma2", "0.1", "--sims", "10", "--seed", "1")]
    [InlineData("simulate", "lm-sphere-dominance", "--N", "64", "--lambda", "100", "--runs", "2", "--seed", "1")]
    [InlineData("simulate", "lm-sphere-dominance", "--N", "65", "--lambda", "1", "--runs", "2", "--seed", "1")]
    [InlineData("simulate", "lm-sphere-retrieval", "--N", "10", "--lambda", "1", "--rho", "1", "--eps", "1", "--runs", "2", "--seed", "1")]
    [InlineData("simulate", "no-such-thing", "--seed", "1")]
    public void Bad_flags_exit_2_with_one_line(params string[] args)
    {
        var (code, output, error) = Akern(args);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
