using System.Globalization;
using System.Text;

namespace AssociativeKernels.Cli.Reproduce;

/// <summary>
/// Writes a figure's output into a folder: <c>NAME.csv</c> per table, <c>NAME.png</c> and <c>NAME.svg</c>
/// per chart, and <c>report.md</c>. Everything goes into a hidden staging folder first (see
/// <see cref="OutputFolder"/>), whose files are put in place only when the whole run succeeded.
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
/// The output folder of one run. It never removes or overwrites anything it did not write itself:
/// <list type="bullet">
/// <item>A folder that does not exist yet: the files go into a hidden sibling <c>.NAME.partial-PID-GUID</c>, renamed
/// into place only when the whole run succeeded (missing parent folders are created, and removed again on failure
/// if they are still empty).</item>
/// <item>A folder that exists (<c>--out .</c> included): the files go into a hidden <c>.akern-partial-PID-GUID</c>
/// inside it and are moved in beside what is there when the run succeeded. A file of the same name is replaced only
/// when this command wrote it there before and nobody changed it since (the folder's <see cref="ManifestName"/> lists
/// what it wrote with each file's SHA-256); any other clash, or a <see cref="ManifestName"/> this command did not
/// write, makes the run refuse (exit 2) with nothing written. Nothing else in the folder is touched.</item>
/// </list>
/// A staging folder left behind by a run that was killed (its process is gone) is removed by the next run into the
/// same place. <see cref="Dispose"/> without <see cref="Commit"/> removes the staging folder.
/// </summary>
internal sealed class OutputFolder : IDisposable
{
    /// <summary>
    /// The file, in an output folder, listing the files <c>akern reproduce</c> wrote there: <see cref="ManifestHeader"/>, then one
    /// line <c>sha256:HEX NAME</c> per file (<c>sha256:OLD,NEW NAME</c> while a commit moves files in; a bare <c>NAME</c> in the
    /// manifests of earlier versions, which is replaced by name).
    /// </summary>
    internal const string ManifestName = ".akern-reproduce";

    /// <summary>The first line of every manifest: a file of that name without it is the user's, never read or replaced.</summary>
    private const string ManifestHeader = "# Files written here by `akern reproduce`; a later run replaces only these.";

    /// <summary>The name prefix of a staging folder inside an existing output folder.</summary>
    internal const string InsidePrefix = ".akern-partial-";

    /// <summary>The file every figure writes, checked for a clash before the run starts.</summary>
    private const string ReportName = "report.md";

    private readonly string target;
    private readonly string shown;
    private readonly List<string> createdFolders;
    private bool committed;

    /// <summary>The temporary folder to write into.</summary>
    internal string Staging { get; }

    private OutputFolder(string target, string shown, string staging, List<string> createdFolders)
    {
        this.target = target;
        this.shown = shown;
        Staging = staging;
        this.createdFolders = createdFolders;
    }

    /// <summary>The name prefix of the staging sibling of a new output folder named <paramref name="name"/>.</summary>
    internal static string SiblingPrefix(string name) => $".{name}.partial-";

    /// <summary>
    /// Prepares the staging folder for <paramref name="target"/> and removes abandoned staging folders of killed runs.
    /// Throws <see cref="UsageException"/> when the location cannot be written or already holds a <c>report.md</c>
    /// that this command did not write.
    /// </summary>
    internal static OutputFolder Create(string target)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(target));
        if (File.Exists(full)) throw new UsageException($"--out '{target}' is a file; give a folder (it is created if missing).");
        var parent = Path.GetDirectoryName(full);
        var name = Path.GetFileName(full);
        var created = new List<string>();
        var id = $"{Environment.ProcessId}-{Guid.NewGuid():N}";
        try
        {
            if (parent is not null && Directory.Exists(parent)) RemoveAbandoned(parent, SiblingPrefix(name));
            string staging;
            if (Directory.Exists(full))
            {
                RemoveAbandoned(full, InsidePrefix);
                RefuseClashes(full, target, [ReportName]);
                staging = Path.Combine(full, InsidePrefix + id);
            }
            else
            {
                if (parent is null) throw new UsageException($"--out '{target}' cannot be the root folder.");
                // The missing ancestors, outermost first, to remove again on failure.
                for (var p = parent; p is not null && !Directory.Exists(p) && !File.Exists(p); p = Path.GetDirectoryName(p)) created.Insert(0, p);
                Directory.CreateDirectory(parent);
                staging = Path.Combine(parent, SiblingPrefix(name) + id);
            }
            Directory.CreateDirectory(staging);
            return new OutputFolder(full, target, staging, created);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            RemoveIfEmpty(created);
            throw new UsageException($"cannot write to --out '{target}': {e.Message}");
        }
    }

    /// <summary>
    /// Puts the staged files in place: renames the staging folder into a new output folder, or moves its files into
    /// an existing one. Throws <see cref="UsageException"/> (nothing written) when an existing folder holds a file of
    /// the same name that this command did not write, and <see cref="IOException"/> saying how many files were moved
    /// when moving fails part way.
    /// </summary>
    /// <returns>The number of files written (the manifest not counted).</returns>
    internal int Commit()
    {
        var files = Directory.GetFiles(Staging).Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal).ToArray();
        if (!Directory.Exists(target))
        {
            WriteManifest(Staging, files.ToDictionary(f => f, f => (string?)Sha256(Path.Combine(Staging, f)), StringComparer.Ordinal));
            try
            {
                Directory.Move(Staging, target);
                committed = true;
                return files.Length;
            }
            catch (IOException) when (Directory.Exists(target))
            {
                // The folder appeared while the run was going on: move the files in beside what is there.
                File.Delete(Path.Combine(Staging, ManifestName));
            }
        }
        RefuseClashes(target, shown, files);
        // While the files move, the manifest accepts both the old and the new content of each (a commit that fails or is
        // killed part way leaves some files old and some new, and a later run must still own both); afterwards only the new.
        var manifest = ReadManifest(target, shown);
        var written = files.ToDictionary(f => f, f => Sha256(Path.Combine(Staging, f)), StringComparer.Ordinal);
        var during = new Dictionary<string, string?>(manifest, StringComparer.Ordinal);
        foreach (var (file, hash) in written) during[file] = manifest.TryGetValue(file, out var old) ? (old is null ? null : $"{old},{hash}") : hash;
        WriteManifest(target, during);
        var moved = 0;
        try
        {
            foreach (var file in files)
            {
                File.Move(Path.Combine(Staging, file), Path.Combine(target, file), overwrite: true);
                moved++;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"moved {moved} of {files.Length} files into {target} before failing: {e.Message}", e);
        }
        foreach (var (file, hash) in written) manifest[file] = hash;
        WriteManifest(target, manifest);
        committed = true;
        TryDeleteTree(Staging);
        return files.Length;
    }

    /// <summary>Removes the staging folder (and the parent folders it created, if still empty) unless committed.</summary>
    public void Dispose()
    {
        if (committed) return;
        TryDeleteTree(Staging);
        RemoveIfEmpty(createdFolders);
    }

    /// <summary>
    /// The files this command wrote into <paramref name="folder"/> before, by its manifest, each with the SHA-256 it had
    /// then (null for a manifest of an earlier version, which recorded names only); empty when there is none. A
    /// <see cref="ManifestName"/> that this command did not write is refused (<see cref="UsageException"/>).
    /// </summary>
    private static Dictionary<string, string?> ReadManifest(string folder, string shown)
    {
        var path = Path.Combine(folder, ManifestName);
        var owned = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (!File.Exists(path) && !Directory.Exists(path)) return owned;
        var lines = File.Exists(path) ? File.ReadAllLines(path) : [];
        if (lines.Length == 0 || lines[0] != ManifestHeader)
        {
            throw new UsageException(
                $"--out '{shown}' holds {ManifestName}, which akern reproduce did not write (it keeps its list of written files under that name); nothing was written. Choose a new or empty folder, or move it away.");
        }
        foreach (var line in lines.Skip(1))
        {
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            if (line.StartsWith("sha256:", StringComparison.Ordinal) && space > 7) owned[line[(space + 1)..]] = line[7..space];
            else owned[line] = null;
        }
        return owned;
    }

    private static void WriteManifest(string folder, IReadOnlyDictionary<string, string?> files) =>
        File.WriteAllLines(Path.Combine(folder, ManifestName),
            [ManifestHeader, .. files.Where(f => f.Key != ManifestName).OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => f.Value is null ? f.Key : $"sha256:{f.Value} {f.Key}")]);

    private static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(stream));
    }

    /// <summary>Whether <paramref name="file"/> in <paramref name="folder"/> is one this command wrote and nobody changed since.</summary>
    private static bool Unchanged(string folder, string file, Dictionary<string, string?> owned) =>
        owned.TryGetValue(file, out var hashes) && (hashes is null || hashes.Split(',').Contains(Sha256(Path.Combine(folder, file))));

    private static void RefuseClashes(string folder, string shown, IEnumerable<string> files)
    {
        var owned = ReadManifest(folder, shown);
        var clashes = files.Where(f => Directory.Exists(Path.Combine(folder, f))
            || (File.Exists(Path.Combine(folder, f)) && !Unchanged(folder, f, owned))).ToArray();
        if (clashes.Length > 0)
        {
            throw new UsageException(
                $"--out '{shown}' already holds {string.Join(", ", clashes)}, which akern reproduce did not write there (or which changed since it did); nothing was written. Choose a new or empty folder, or move {(clashes.Length == 1 ? "it" : "them")} away.");
        }
    }

    /// <summary>
    /// Removes the staging folders named <paramref name="prefix"/>PID-GUID in <paramref name="folder"/> whose process
    /// is no longer running (a run killed with SIGKILL or a power cut cannot clean up after itself).
    /// </summary>
    internal static void RemoveAbandoned(string folder, string prefix)
    {
        foreach (var path in Directory.EnumerateDirectories(folder, prefix + "*"))
        {
            var rest = Path.GetFileName(path)[prefix.Length..];
            var dash = rest.IndexOf('-', StringComparison.Ordinal);
            if (dash <= 0 || rest.Length - dash - 1 != 32 || !rest[(dash + 1)..].All(char.IsAsciiHexDigitLower)) continue;
            if (!int.TryParse(rest[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) continue;
            if (pid != Environment.ProcessId && !IsRunning(pid)) TryDeleteTree(path);
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    private static void RemoveIfEmpty(List<string> folders)
    {
        for (var i = folders.Count - 1; i >= 0; i--)
        {
            try
            {
                if (Directory.Exists(folders[i]) && !Directory.EnumerateFileSystemEntries(folders[i]).Any()) Directory.Delete(folders[i]);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return; // something else is in it now: keep it and its parents
            }
        }
    }

    private static void TryDeleteTree(string folder)
    {
        try
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: a staging folder that cannot be removed now is removed by the next run.
        }
    }
}
