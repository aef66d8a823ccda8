using System.Globalization;
using System.Text;

namespace AssociativeKernels.Cli.Reproduce;

/// <summary>
/// Writes a figure's output into a folder: <c>NAME.csv</c> per table, <c>NAME.png</c> and <c>NAME.svg</c>
/// per chart, and <c>report.md</c>. Everything goes into a hidden sibling folder first (see
/// <see cref="OutputFolder"/>), which is moved into place only when the whole run succeeded.
/// </summary>
internal static class FigureWriter
{
    /// <summary>What the report records about the run besides the figure's own output.</summary>
    /// <param name="Figure">The figure that ran.</param>
    /// <param name="Seed">The seed.</param>
    /// <param name="CommandLine">The command line that reproduces the run.</param>
    /// <param name="Elapsed">How long the figure took.</param>
    internal sealed record RunInfo(IFigure Figure, int Seed, string CommandLine, TimeSpan Elapsed);

    /// <summary>Writes every file of <paramref name="output"/> into <paramref name="folder"/> (which exists).</summary>
    internal static void Write(FigureOutput output, RunInfo run, string folder)
    {
        foreach (var table in output.Tables)
        {
            File.WriteAllText(Path.Combine(folder, table.Name + ".csv"), Csv(table), Utf8);
        }
        foreach (var chart in output.Charts)
        {
            Plotting.Save(chart, folder);
        }
        File.WriteAllText(Path.Combine(folder, "report.md"), ReportMarkdown(output, run), Utf8);
    }

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>A table as CSV: a header row, invariant-culture numbers (round-trip precision), \n line ends.</summary>
    internal static string Csv(DataTable table)
    {
        var w = new StringBuilder();
        w.Append(string.Join(",", table.Columns.Select(Cell))).Append('\n');
        foreach (var row in table.Rows)
        {
            w.Append(string.Join(",", row.Select(Cell))).Append('\n');
        }
        return w.ToString();
    }

    private static string Cell(object value) => value switch
    {
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        string s => Quote(s),
        _ => Quote(Convert.ToString(value, CultureInfo.InvariantCulture) ?? ""),
    };

    private static string Quote(string s) =>
        s.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;

    /// <summary>The Markdown report: title and SPEC id, summary, the comparison table, notes, seed, command line, plots.</summary>
    internal static string ReportMarkdown(FigureOutput output, RunInfo run)
    {
        var w = new StringBuilder();
        var report = output.Report;
        w.Append(CultureInfo.InvariantCulture, $"# {run.Figure.Title} (SPEC {run.Figure.Spec})\n\n");
        w.Append(report.Summary).Append("\n\n");
        if (report.Comparisons.Count > 0)
        {
            w.Append("| Quantity | Paper | Ours | Agrees |\n|---|---|---|---|\n");
            foreach (var c in report.Comparisons)
            {
                w.Append(CultureInfo.InvariantCulture, $"| {Md(c.Quantity)} | {Md(c.Paper)} | {Md(c.Ours)} | {(c.Agrees ? "yes" : "**no**")} |\n");
            }
            w.Append('\n');
        }
        if (report.Notes.Count > 0)
        {
            w.Append("## Notes\n\n");
            foreach (var note in report.Notes) w.Append("- ").Append(note).Append('\n');
            w.Append('\n');
        }
        w.Append("## Run\n\n");
        w.Append(CultureInfo.InvariantCulture, $"- Seed: {run.Seed}\n");
        w.Append(CultureInfo.InvariantCulture, $"- Command: `{run.CommandLine}`\n");
        w.Append(CultureInfo.InvariantCulture, $"- Time: {run.Elapsed.TotalSeconds:0.0} s\n");
        if (output.Tables.Count > 0)
        {
            w.Append("- Data: ").Append(string.Join(", ", output.Tables.Select(t => $"[{t.Name}.csv]({t.Name}.csv)"))).Append('\n');
        }
        if (output.Charts.Count > 0)
        {
            w.Append("\n## Plots\n\n");
            foreach (var chart in output.Charts)
            {
                w.Append(CultureInfo.InvariantCulture, $"![{chart.Title}]({chart.Name}.png) ([SVG]({chart.Name}.svg))\n\n");
            }
        }
        return w.ToString();
    }

    private static string Md(string s) => s.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");
}

/// <summary>
/// The output folder of one run, written all at once: <see cref="Create"/> makes a hidden sibling
/// <c>.NAME.partial-…</c> (creating missing parent folders, which are removed again on failure);
/// <see cref="Commit"/> moves it into place, replacing an earlier run's folder; <see cref="Dispose"/>
/// without a commit deletes everything it made. An unwritable location throws <see cref="UsageException"/>.
/// </summary>
internal sealed class OutputFolder : IDisposable
{
    private readonly string target;
    private readonly string? createdAncestor;
    private bool committed;

    /// <summary>The temporary folder to write into.</summary>
    internal string Staging { get; }

    private OutputFolder(string target, string staging, string? createdAncestor)
    {
        this.target = target;
        Staging = staging;
        this.createdAncestor = createdAncestor;
    }

    /// <summary>Prepares the staging folder for <paramref name="target"/>.</summary>
    internal static OutputFolder Create(string target)
    {
        var full = Path.GetFullPath(target).TrimEnd(Path.DirectorySeparatorChar);
        if (File.Exists(full)) throw new UsageException($"--out '{target}' is a file; give a folder (it is created if missing).");
        var parent = Path.GetDirectoryName(full) ?? throw new UsageException($"--out '{target}' cannot be the root folder.");
        string? created = null;
        try
        {
            // The topmost missing ancestor, to remove on failure.
            for (var p = parent; p is not null && !Directory.Exists(p) && !File.Exists(p); p = Path.GetDirectoryName(p)) created = p;
            Directory.CreateDirectory(parent);
            var staging = Path.Combine(parent, $".{Path.GetFileName(full)}.partial-{Environment.ProcessId}-{Guid.NewGuid():N}");
            Directory.CreateDirectory(staging);
            return new OutputFolder(full, staging, created);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            if (created is not null) TryDelete(created);
            throw new UsageException($"cannot write to --out '{target}': {e.Message}");
        }
    }

    /// <summary>Moves the staging folder into place, replacing an earlier folder of the same name.</summary>
    internal void Commit()
    {
        string? old = null;
        if (Directory.Exists(target))
        {
            old = Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.old-{Guid.NewGuid():N}");
            Directory.Move(target, old);
        }
        try
        {
            Directory.Move(Staging, target);
        }
        catch
        {
            if (old is not null) Directory.Move(old, target);
            throw;
        }
        committed = true;
        if (old is not null) TryDelete(old);
    }

    /// <summary>Deletes the staging folder (and the parents it created) unless committed.</summary>
    public void Dispose()
    {
        if (committed) return;
        TryDelete(Staging);
        if (createdAncestor is not null) TryDelete(createdAncestor);
    }

    private static void TryDelete(string folder)
    {
        try
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: nothing more can be done about a folder that cannot be removed.
        }
    }
}
