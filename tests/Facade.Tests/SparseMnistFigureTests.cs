using AssociativeKernels.Cli.Reproduce;
using Xunit.Abstractions;

namespace AssociativeKernels.Tests;

/// <summary>The CI-sized run of <c>akern reproduce sparse-mnist --quick</c> (issue 15, E5 setting) on the fixture's 500 test images.</summary>
public class SparseMnistFigureTests(ITestOutputHelper output)
{
    [Fact]
    [Trait("Category", "Slow")]
    public void Quick_run_on_the_fixture_gives_sparse_supports_exact_retrieval_and_no_margin_mispredictions()
    {
        var figure = new SparseMnist();
        var result = ReproduceFigureTests.Quick(figure, MnistTests.Fixture);
        ReproduceFigureTests.Log(output, result.Report);

        Assert.Equal(("sparse-mnist", "E5"), (figure.Id, figure.Spec));
        Assert.Equal(4, result.Charts.Count);
        Assert.Equal(2, result.Tables.Count);
        Assert.All(result.Charts.Where(c => c.Name.EndsWith("-exact", StringComparison.Ordinal)).SelectMany(c => c.Series),
            s => Assert.All(s.Y, y => Assert.InRange(y, 0, 1)));
        // softmax weights every stored image and is never exact; the margin condition predicts every observed exactness
        Assert.All(result.Report.Comparisons, c => Assert.True(c.Agrees, $"{c.Quantity}: {c.Ours}"));
    }

    [Fact]
    public void Without_an_MNIST_folder_the_figure_says_how_to_fetch_one()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => ReproduceFigureTests.Quick(new SparseMnist()));
        Assert.Contains("fetch-mnist.sh", ex.Message);
    }
}
