using AssociativeKernels.Cli.Reproduce;
using Xunit.Abstractions;

namespace AssociativeKernels.Tests;

/// <summary>The CI-sized run of <c>akern reproduce uhn-mnist --quick</c> (SPEC E5) on the fixture's 500 test images, called directly.</summary>
public class UhnMnistFigureTests(ITestOutputHelper output)
{
    [Fact]
    [Trait("Category", "Slow")]
    public void Quick_run_on_the_fixture_shows_Manhattan_at_least_as_good_as_Euclidean_and_dot_with_100_images_and_the_top_half_masked()
    {
        var figure = new UhnMnist();
        var result = ReproduceFigureTests.Quick(figure, MnistTests.Fixture);
        ReproduceFigureTests.Log(output, result.Report);

        Assert.Equal(("uhn-mnist", "E5"), (figure.Id, figure.Spec));
        Assert.Equal(10, result.Charts.Count);
        Assert.Equal(result.Charts.Select(c => c.Name), result.Tables.Select(t => t.Name));
        Assert.All(result.Charts.SelectMany(c => c.Series), s =>
        {
            Assert.Equal(s.X.Length, s.Y.Length);
            Assert.All(s.Y, y => Assert.InRange(y, 0, 1));
            Assert.All(s.YError!, e => Assert.InRange(e, 0, 1));
        });
        // The qualitative claim (UHN Fig. 2, §5.1), first comparison of the report.
        var claim = result.Report.Comparisons[0];
        Assert.Contains("100 stored images, top half masked", claim.Quantity);
        Assert.True(claim.Agrees, claim.Ours);
    }

    [Fact]
    public void Without_an_MNIST_folder_the_figure_says_how_to_fetch_one()
    {
        var ex = Assert.Throws<InvalidOperationException>(() =>
            ReproduceFigureTests.Quick(new UhnMnist()));
        Assert.Contains("fetch-mnist.sh", ex.Message);
    }
}
