using ScottPlot;

namespace AssociativeKernels.Cli.Reproduce;

/// <summary>
/// Draws a <see cref="Chart"/> with ScottPlot 5 and saves it as PNG and SVG. Series whose labels share the
/// text before the first ':' (e.g. <c>σ² = 0.2: simulation</c> and <c>σ² = 0.2: KMN Eq. 87</c>) share a
/// colour, so a simulation and its formula read as one group. A logarithmic axis is drawn by plotting
/// log₁₀ of the values with 10^k tick labels (ScottPlot's way); values ≤ 0 cannot be shown there and are left out.
/// </summary>
internal static class Plotting
{
    /// <summary>The size of the saved images in pixels.</summary>
    internal const int Width = 1200, Height = 650;

    /// <summary>Saves <paramref name="chart"/> as <c>NAME.png</c> and <c>NAME.svg</c> in <paramref name="folder"/>.</summary>
    internal static void Save(Chart chart, string folder)
    {
        var plot = Draw(chart);
        plot.SavePng(Path.Combine(folder, chart.Name + ".png"), Width, Height);
        plot.SaveSvg(Path.Combine(folder, chart.Name + ".svg"), Width, Height);
    }

    /// <summary>Builds the ScottPlot figure of a chart.</summary>
    internal static Plot Draw(Chart chart)
    {
        var plot = new Plot();
        plot.Title(chart.Title);
        plot.XLabel(chart.XLabel);
        plot.YLabel(chart.YLabel);
        var colors = new Dictionary<string, Color>(StringComparer.Ordinal);
        // One colour per group (the label before ':'); Category10 repeats after ten groups, so larger charts take Category20.
        var groups = chart.Series.Select(s => s.Label.Split(':')[0]).Distinct(StringComparer.Ordinal).Count();
        IPalette palette = groups <= 10 ? new ScottPlot.Palettes.Category10() : new ScottPlot.Palettes.Category20();
        foreach (var series in chart.Series)
        {
            var group = series.Label.Split(':')[0];
            if (!colors.TryGetValue(group, out var color))
            {
                color = palette.GetColor(colors.Count);
                colors[group] = color;
            }
            Add(plot, series, chart.LogX, chart.LogY, color);
        }
        if (chart.LogX) LogTicks(plot.Axes.Bottom);
        if (chart.LogY) LogTicks(plot.Axes.Left);
        if (chart.Series.Count <= 3) plot.ShowLegend(Alignment.UpperRight); // a short legend fits in a corner
        else plot.ShowLegend(Edge.Right); // a long one goes beside the data, never over it
        return plot;
    }

    private static void Add(Plot plot, Series series, bool logX, bool logY, Color color)
    {
        var keep = Enumerable.Range(0, series.X.Length)
            .Where(i => double.IsFinite(series.X[i]) && double.IsFinite(series.Y[i]) && (!logX || series.X[i] > 0) && (!logY || series.Y[i] > 0))
            .ToArray();
        var xs = keep.Select(i => logX ? Math.Log10(series.X[i]) : series.X[i]).ToArray();
        var ys = keep.Select(i => logY ? Math.Log10(series.Y[i]) : series.Y[i]).ToArray();
        if (series.Style == SeriesStyle.Bars)
        {
            var bars = plot.Add.Bars(xs, ys);
            bars.LegendText = series.Label;
            bars.Color = color;
            return;
        }
        var scatter = plot.Add.Scatter(xs, ys, color);
        scatter.LegendText = series.Label;
        scatter.LineWidth = series.Style is SeriesStyle.Markers ? 0 : 2;
        scatter.MarkerSize = series.Style is SeriesStyle.Line ? 0 : 7;
        if (series.YError is { } error)
        {
            // Asymmetric on a log axis: log₁₀(y ± e) around log₁₀ y (the lower end clipped at y/1000).
            var up = keep.Select(i => logY ? Math.Log10(series.Y[i] + error[i]) - Math.Log10(series.Y[i]) : error[i]).ToArray();
            var down = keep.Select(i => logY ? Math.Log10(series.Y[i]) - Math.Log10(Math.Max(series.Y[i] - error[i], series.Y[i] / 1000)) : error[i]).ToArray();
            var bars = new ScottPlot.Plottables.ErrorBar(xs, ys, null, null, up, down) { Color = color };
            plot.Add.Plottable(bars);
        }
    }

    private static void LogTicks(IAxis axis)
    {
        axis.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
            IntegerTicksOnly = true,
            LabelFormatter = v => Math.Abs(v) <= 3
                ? Math.Pow(10, v).ToString("G3", System.Globalization.CultureInfo.InvariantCulture)
                : "1e" + v.ToString("0", System.Globalization.CultureInfo.InvariantCulture),
        };
    }
}
