using System.Globalization;
using AssociativeKernels.Cli.Reproduce;
using Xunit.Abstractions;

namespace AssociativeKernels.Tests;

/// <summary>
/// A <c>--quick</c> run of each figure (seconds) asserts the qualitative result the paper reports, read from
/// the figure's own data tables.
/// </summary>
public class ReproduceFigureTests
{
    /// <summary>The figure's <c>--quick</c> run with seed 1 (the MNIST figures read the fixture's folder).</summary>
    internal static FigureOutput Quick(IFigure figure, string? mnistDirectory = null) =>
        figure.Run(new FigureContext(Quick: true, Seed: 1, CancellationToken.None, NoProgress.Instance, mnistDirectory));

    /// <summary>Writes the report's summary, comparisons and notes to the test's output.</summary>
    internal static void Log(ITestOutputHelper output, Report report)
    {
        output.WriteLine(report.Summary);
        foreach (var c in report.Comparisons) output.WriteLine($"[{(c.Agrees ? "agrees" : "differs")}] {c.Quantity}: {c.Ours}");
        foreach (var n in report.Notes) output.WriteLine("note: " + n);
    }

    internal static DataTable Table(FigureOutput output, string name) => Assert.Single(output.Tables, t => t.Name == name);

    internal static double[] Column(DataTable table, string column)
    {
        var i = table.Columns.ToList().IndexOf(column);
        Assert.True(i >= 0, $"{table.Name} has no column {column}");
        return [.. table.Rows.Select(r => Convert.ToDouble(r[i], CultureInfo.InvariantCulture))];
    }

    internal static string[] Text(DataTable table, string column)
    {
        var i = table.Columns.ToList().IndexOf(column);
        return [.. table.Rows.Select(r => (string)r[i])];
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void E1_the_simulated_mean_capacity_lies_above_Eq_87_at_every_point()
    {
        var output = Quick(new KmnFigE1());
        var table = Table(output, "kmn-fig-e1");
        var mean = Column(table, "mean");
        var lower = Column(table, "eq87_lower");
        Assert.True(mean.Length >= 10);
        for (var i = 0; i < mean.Length; i++) Assert.True(mean[i] > lower[i], $"point {i}: mean {mean[i]} vs Eq. 87 {lower[i]}");
        Assert.All(Column(table, "runs"), r => Assert.Equal(KmnFigE1.Runs(quick: true), r));
        Assert.True(output.Report.Comparisons[0].Agrees);
        Assert.Equal(2, output.Charts.Count);
        Assert.All(output.Charts, c => Assert.True(c.LogY));
    }

    [Fact]
    public void E7_the_dominance_threshold_approaches_LM_alpha1_and_Ramsauer_lies_below()
    {
        var output = Quick(new LmCapacity());
        var table = Table(output, "lm-capacity");
        var criterion = Text(table, "criterion");
        var n = Column(table, "N");
        var mean = Column(table, "mean_alpha");
        var alpha1 = Column(table, "lm_alpha1");
        var ramsauer = Column(table, "ramsauer_alpha");
        for (var i = 0; i < mean.Length; i++)
        {
            Assert.True(mean[i] > ramsauer[i], $"row {i}");
            // LM's α₁ = 0.622572 at λ = 1 (mpmath REM numerics); the dominance threshold is within 3% of it from N = 12 on.
            if (criterion[i] == "dominance" && n[i] >= 12) Assert.True(Math.Abs(mean[i] / alpha1[i] - 1) <= 0.03, $"N = {n[i]}: {mean[i]}");
        }
        Assert.Equal(0.622571923779907, alpha1[0], 12);
        Assert.Contains("fixed-point", criterion);
        Assert.True(output.Report.Comparisons[0].Agrees);
        var lambda = Table(output, "lm-capacity-lambda");
        Assert.All(Column(lambda, "bipolar_alpha1"), a => Assert.True(a <= Math.Log(2)));
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void E2_the_unstable_fraction_matches_P_error_where_it_applies_and_the_Hopfield_overlap_drops_past_0_138()
    {
        var output = Quick(new DamCapacity());
        var dam = Table(output, "dam-stability");
        var mean = Column(dam, "unstable_mean");
        var sem = Column(dam, "unstable_sem");
        var gaussian = Column(dam, "p_error_gaussian");
        var applies = Text(dam, "gaussian_in_derivation_range");
        var checkedPoints = 0;
        for (var i = 0; i < mean.Length; i++)
        {
            if (applies[i] != "yes") continue;
            checkedPoints++;
            // 3 standard errors, or the Gaussian formula's own finite-N error (see DamCapacity.ModelError).
            Assert.True(Math.Abs(mean[i] - gaussian[i]) <= Math.Max(3 * sem[i], DamCapacity.ModelError * gaussian[i]), $"row {i}: {mean[i]} ± {sem[i]} vs {gaussian[i]}");
        }
        Assert.True(checkedPoints >= 4);
        Assert.Equal([2.0, 3.0, 4.0, 5.0], Column(dam, "n").Distinct());
        // Every degree at N = 100 (n = 4, 5 through the sampled count), each bit count as the table states it.
        Assert.All(Column(dam, "N"), n => Assert.Equal(100, n));
        var checkedPerTrial = Column(dam, "patterns_checked_per_trial");
        for (var i = 0; i < mean.Length; i++)
        {
            Assert.Equal(Column(dam, "N")[i] * checkedPerTrial[i] * Column(dam, "trials")[i], Column(dam, "bits_checked")[i]);
            var method = Text(dam, "method")[i];
            Assert.Contains(method, new[] { "every bit", "sampled" });
            if (method.EndsWith("every bit", StringComparison.Ordinal)) Assert.Equal(Column(dam, "K")[i], checkedPerTrial[i]);
            else Assert.True(checkedPerTrial[i] < Column(dam, "K")[i]);
        }

        var hopfield = Table(output, "hopfield-retrieval");
        var alpha = Column(hopfield, "alpha");
        var overlap = Column(hopfield, "overlap_mean");
        double At(double a) => overlap[Array.IndexOf(alpha, a)];
        Assert.True(At(0.10) >= 0.9, $"overlap {At(0.10)} at α = 0.10");
        Assert.True(At(0.20) <= 0.8, $"overlap {At(0.20)} at α = 0.20");
        Assert.True(At(0.10) - At(0.20) >= 0.2);
    }

    [Fact]
    public void E4_exact_and_approximate_kernels_agree_within_the_derivations_bracket_where_KMN_says_it_holds()
    {
        var output = Quick(new KmnFigB1());
        var table = Table(output, "kmn-fig-b1-angle");
        var b = Column(table, "b");
        var theta = Column(table, "theta_deg");
        var lnExact = Column(table, "ln_exact");
        var lnApprox = Column(table, "ln_approx");
        var lnUpper = Column(table, "ln_upper_bracket");
        var valid = 0;
        for (var i = 0; i < b.Length; i++)
        {
            // Eq. 48 is a lower bound everywhere (the projected lens lies inside the exact one).
            Assert.True(lnApprox[i] <= lnExact[i] + 1e-9, $"b = {b[i]}, θ = {theta[i]}");
            if (theta[i] == 0) Assert.InRange(Math.Exp(lnApprox[i] - lnExact[i]), b[i] - 1e-9, 1 + 1e-9);
            if (b[i] < KmnFigB1.ValidFrom) continue;
            valid++;
            Assert.True(lnExact[i] <= lnUpper[i] + 1e-9, $"upper bracket at b = {b[i]}, θ = {theta[i]}");
            if (theta[i] * Math.PI / 180 <= Math.Acos(b[i]))
            {
                Assert.True(Math.Abs(lnApprox[i] - lnExact[i]) <= KmnFigB1.LogTolerance * Math.Abs(lnExact[i]), $"b = {b[i]}, θ = {theta[i]}");
            }
        }
        Assert.True(valid >= 30);
        Assert.All(output.Report.Comparisons, c => Assert.True(c.Agrees, c.Quantity));
    }
}
