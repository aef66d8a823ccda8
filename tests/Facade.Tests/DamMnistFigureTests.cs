using AssociativeKernels.Cli.Reproduce;
using Xunit.Abstractions;

namespace AssociativeKernels.Tests;

/// <summary>
/// The CI-sized run of <c>akern reproduce dam-mnist --quick</c> (SPEC E6) on the fixture (first 5000 training and 500
/// test images), called directly: the "a short training run drops the test error below 10%".
/// </summary>
public class DamMnistFigureTests(ITestOutputHelper output)
{
    [Fact]
    [Trait("Category", "Slow")]
    public void Quick_run_on_the_fixture_drops_the_test_error_below_10_percent_for_n_2_and_3()
    {
        var figure = new DamMnist();
        var result = ReproduceFigureTests.Quick(figure, MnistTests.Fixture);
        ReproduceFigureTests.Log(output, result.Report);

        Assert.Equal(("dam-mnist", "E6"), (figure.Id, figure.Spec));
        Assert.Equal(["test-error", "votes-histogram", "contributions-histogram"], result.Charts.Select(c => c.Name));
        Assert.Equal(result.Charts.Select(c => c.Name), result.Tables.Select(t => t.Name));
        var errors = result.Charts[0].Series.Take(2).ToArray();
        Assert.All(errors, s => Assert.Equal(40, s.Y.Length));
        Assert.All(errors.SelectMany(s => s.Y), y => Assert.InRange(y, 0, 100));
        // The bar, read off the plotted curves (percent): both start near chance and end below 10%.
        Assert.All(errors, s => Assert.True(s.Y[0] > 20 && s.Y[^1] < 10, $"{s.Label}: {s.Y[0]}% after one epoch, {s.Y[^1]}% at the end"));
        var claim = result.Report.Comparisons.Single(c => c.Quantity.StartsWith("A short training run", StringComparison.Ordinal));
        Assert.True(claim.Agrees, claim.Ours);
    }

    [Fact]
    public void Without_an_MNIST_folder_the_figure_says_how_to_fetch_one()
    {
        var ex = Assert.Throws<InvalidOperationException>(() =>
            ReproduceFigureTests.Quick(new DamMnist()));
        Assert.Contains("fetch-mnist.sh", ex.Message);
    }
}
