using AssociativeKernels.Cli.Reproduce;

namespace AssociativeKernels.Tests;

/// <summary>
/// <c>akern reproduce kmn-fig-c1</c> (SPEC E3, KMN Fig. C.1) in quick mode, called directly: the result KMN App. C
/// reports — both margins fall with the load, and the iterative rule keeps a positive margin to a higher load
/// than the one-shot rule (Eq. 49) — and the facade's MarginLoad entry points.
/// </summary>
public class KmnFigC1FigureTests
{
    private static FigureOutput RunQuick() => ReproduceFigureTests.Quick(new KmnFigC1());

    private static readonly Lazy<FigureOutput> Quick = new(RunQuick);

    private static double[] Column(DataTable table, string name) => ReproduceFigureTests.Column(table, name);

    /// <summary>The index of the first load whose mean margin is ≤ 0, or −1.</summary>
    private static int FirstNonPositive(double[] means) => Array.FindIndex(means, m => m <= 0);

    [Fact]
    public void Quick_run_shows_both_margins_falling_and_the_iterative_rule_positive_to_a_higher_load()
    {
        var table = Quick.Value.Tables.Single(t => t.Name == "margin-vs-load");
        var loads = Column(table, "load_M_over_N2");
        var oneShot = Column(table, "one_shot_mean");
        var iterative = Column(table, "iterative_mean");
        var oneShotEnd = FirstNonPositive(oneShot);
        var iterativeEnd = FirstNonPositive(iterative);
        Assert.True(oneShotEnd > 0, $"the one-shot margin should start positive and cross 0: {string.Join(", ", oneShot)}");
        Assert.True(iterativeEnd > oneShotEnd, $"the iterative margin should stay positive to a higher load: one-shot {string.Join(", ", oneShot)}; iterative {string.Join(", ", iterative)}");
        // Both fall with the load: no rise larger than twice the combined standard error between neighbouring loads
        // (the minimum over patterns is a noisy statistic), and a clear fall over the positive range.
        foreach (var (means, errors, end, name) in new[]
                 {
                     (oneShot, Column(table, "one_shot_sem"), oneShotEnd, "one-shot"),
                     (iterative, Column(table, "iterative_sem"), iterativeEnd, "iterative"),
                 })
        {
            for (var i = 1; i < means.Length; i++)
            {
                var allowed = 2 * Math.Sqrt(errors[i] * errors[i] + errors[i - 1] * errors[i - 1]);
                Assert.True(means[i] < means[i - 1] + allowed, $"{name} margin rises from load {loads[i - 1]} to {loads[i]}: {means[i - 1]} → {means[i]}");
            }
            Assert.True(means[0] > means[end - 1] + 2 * (errors[0] + errors[end - 1]) && means[end] <= 0, $"{name}: {string.Join(", ", means)}");
        }

        var crossings = Quick.Value.Tables.Single(t => t.Name == "capacity-crossings");
        var crossing = Column(crossings, "crossing_load_M_over_N2");
        Assert.True(crossing[0] > loads[oneShotEnd - 1] && crossing[0] <= loads[oneShotEnd], $"one-shot crossing {crossing[0]}");
        Assert.True(crossing[1] > loads[iterativeEnd - 1] && crossing[1] <= loads[iterativeEnd], $"iterative crossing {crossing[1]}");
        Assert.True(crossing[1] > 5 * crossing[0], $"iterative crossing {crossing[1]} vs one-shot {crossing[0]}");
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void Quick_run_returns_a_chart_with_error_bars_and_the_zero_line_and_a_report_beside_the_paper()
    {
        var output = Quick.Value;
        var chart = Assert.Single(output.Charts);
        Assert.Equal(4, chart.Series.Count);
        Assert.All(chart.Series.Take(2), s => Assert.Equal(s.X.Length, s.YError?.Length));
        var zero = chart.Series.Single(s => s.Label == "γ = 0");
        Assert.All(zero.Y, y => Assert.Equal(0.0, y));
        Assert.Contains("seed 1", output.Report.Summary);
        Assert.Contains(output.Report.Comparisons, c => c.Paper.Contains("0.7", StringComparison.Ordinal));
        Assert.Contains(output.Report.Comparisons, c => c.Paper.Contains("0.05", StringComparison.Ordinal));
        Assert.Equal(6, output.Report.Comparisons.Count);
        Assert.NotEmpty(output.Report.Notes);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void The_same_seed_gives_the_same_trials()
    {
        var again = RunQuick().Tables.Single(t => t.Name == "trials");
        var first = Quick.Value.Tables.Single(t => t.Name == "trials");
        Assert.Equal(first.Rows.Count, again.Rows.Count);
        for (var i = 0; i < first.Rows.Count; i++) Assert.Equal(first.Rows[i], again.Rows[i]);
    }

    [Fact]
    public void MarginLoad_names_the_CSharp_parameter_on_bad_input()
    {
        Assert.Equal("dimension", Assert.ThrowsAny<ArgumentException>(() => MarginLoad.Trial(1, 10, 1)).ParamName);
        Assert.Equal("patterns", Assert.ThrowsAny<ArgumentException>(() => MarginLoad.Trial(10, 0, 1)).ParamName);
        Assert.Equal("standardErrors", Assert.ThrowsAny<ArgumentException>(() => MarginLoad.Crossing([0.1, 0.2], [1.0, -1.0], [0.1])).ParamName);
        Assert.Null(MarginLoad.Crossing([0.1, 0.2], [2.0, 1.0], [0.1, 0.1]));
        Assert.Equal(0.0, MarginLoad.GardnerMargin(2.0));
    }
}
