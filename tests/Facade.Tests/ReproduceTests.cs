using AssociativeKernels.Cli;
using AssociativeKernels.Cli.Reproduce;

namespace AssociativeKernels.Tests;

/// <summary><c>akern reproduce</c>: the writer (CSV, report, plots), all-or-nothing output, bad input, cancellation.</summary>
public sealed class ReproduceTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("akern-reproduce-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    /// <summary>A figure that returns a fixed output, or runs <see cref="During"/> first (to throw or cancel).</summary>
    private sealed class FakeFigure(Action<FigureContext>? during = null) : IFigure
    {
        public string Id => "fake";
        public string Spec => "E9";
        public string Title => "A fake figure";
        public Action<FigureContext>? During { get; } = during;

        public FigureOutput Run(FigureContext context)
        {
            context.Progress.Start("fake", 2);
            context.Progress.Advance();
            During?.Invoke(context);
            return Output;
        }
    }

    private static readonly FigureOutput Output = new(
        [new DataTable("data", ["x", "y", "label"], [[1, 0.5, "a, b"], [2, 1e-20, "plain"]])],
        [new Chart("plot", "A plot", "x", "y", [new Series("sim: mean", [1, 2, 3], [1, 10, 100], SeriesStyle.Markers, [0.1, 1, 10]),
            new Series("sim: Eq. 1", [1, 2, 3], [1, 10, 100], SeriesStyle.Line)], LogY: true)],
        new Report("We ran it.", [new Comparison("the thing", "Eq. 1 says 3", "3.1 ± 0.1", true), new Comparison("other | thing", "4", "5", false)],
            ["A note."]));

    private static (int Code, string Out, string Err) Execute(IFigure figure, string outDir, CancellationToken cancel = default)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        int code;
        try
        {
            code = ReproduceCommand.Execute(figure, quick: true, seed: 7, outDir, new Streams(stdout, stderr, new StringReader("")), cancel, NoProgress.Instance);
        }
        catch (UsageException e)
        {
            stderr.WriteLine(e.Message);
            code = Cli.Akern.BadArguments;
        }
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static (int Code, string Out, string Err) Akern(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = Cli.Akern.Run(args, stdout, stderr, new StringReader(""));
        return (code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Everything under the temporary root, relative paths, sorted.</summary>
    private string[] Entries() =>
        [.. Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories).Select(p => Path.GetRelativePath(root, p)).Order(StringComparer.Ordinal)];

    [Fact]
    public void Every_group_of_a_twelve_group_chart_gets_its_own_colour_and_a_group_shares_one()
    {
        // Twelve groups (label before ':'), each a simulation and a formula: Category10 alone would repeat after ten.
        var series = Enumerable.Range(0, 12).SelectMany(g => new[]
        {
            new Series($"g{g}: mean", [1, 2], [g, g + 1], SeriesStyle.LineWithMarkers),
            new Series($"g{g}: Eq. 1", [1, 2], [g, g + 1], SeriesStyle.Line),
        }).ToList();
        var plot = Plotting.Draw(new Chart("many", "Many", "x", "y", series));

        var colours = plot.GetPlottables().OfType<ScottPlot.Plottables.Scatter>().Select(s => s.Color).ToArray();
        Assert.Equal(24, colours.Length);
        Assert.Equal(12, colours.Distinct().Count());
        Assert.All(Enumerable.Range(0, 12), g => Assert.Equal(colours[2 * g], colours[2 * g + 1]));
    }

    [Fact]
    public void Csv_has_a_header_row_invariant_numbers_and_quoted_text()
    {
        Assert.Equal("x,y,label\n1,0.5,\"a, b\"\n2,1E-20,plain\n", FigureWriter.Csv(Output.Tables[0]));
    }

    [Fact]
    public void Writes_csv_png_svg_and_report_into_the_folder()
    {
        var dir = Path.Combine(root, "out");
        var (code, stdout, stderr) = Execute(new FakeFigure(), dir);
        Assert.Equal(0, code);
        Assert.Equal("", stderr);
        Assert.Contains("1 of 2 comparisons agree", stdout);
        Assert.Equal(Under("out", OwnFiles), Entries());
        Assert.Equal(FigureWriter.Csv(Output.Tables[0]), File.ReadAllText(Path.Combine(dir, "data.csv")));
        var png = File.ReadAllBytes(Path.Combine(dir, "plot.png"));
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        Assert.Contains("<svg", File.ReadAllText(Path.Combine(dir, "plot.svg")));

        var report = File.ReadAllText(Path.Combine(dir, "report.md"));
        Assert.StartsWith("# A fake figure (SPEC E9)\n\nWe ran it.\n", report);
        Assert.Contains("| Quantity | Paper | Ours | Agrees |\n|---|---|---|---|\n", report);
        Assert.Contains("| the thing | Eq. 1 says 3 | 3.1 ± 0.1 | yes |", report);
        Assert.Contains("| other \\| thing | 4 | 5 | **no** |", report);
        Assert.Contains("- A note.", report);
        Assert.Contains("- Seed: 7", report);
        Assert.Contains("- Command: `akern reproduce fake --quick --seed 7`", report);
        Assert.Contains("![A plot](plot.png)", report);
    }

    private static readonly string[] OwnFiles = [".akern-reproduce", "data.csv", "plot.png", "plot.svg", "report.md"];

    private static string[] Under(string folder, params string[] names) => [folder, .. names.Select(n => $"{folder}/{n}")];

    [Fact]
    public void A_second_run_replaces_its_own_files_and_keeps_everything_else()
    {
        var dir = Path.Combine(root, "out");
        Assert.Equal(0, Execute(new FakeFigure(), dir).Code);
        File.WriteAllText(Path.Combine(dir, "notes.txt"), "the user's");
        Assert.Equal(0, Execute(new FakeFigure(), dir).Code);
        Assert.Equal(Under("out", [.. OwnFiles.Append("notes.txt").Order(StringComparer.Ordinal)]), Entries());
        Assert.Equal("the user's", File.ReadAllText(Path.Combine(dir, "notes.txt")));
        Assert.Equal(FigureWriter.Csv(Output.Tables[0]), File.ReadAllText(Path.Combine(dir, "data.csv")));
        Assert.StartsWith("# Files written here by `akern reproduce`", File.ReadAllText(Path.Combine(dir, ".akern-reproduce")));
        Assert.Contains("sha256:", File.ReadAllText(Path.Combine(dir, ".akern-reproduce")));
    }

    [Fact]
    public void A_commit_cut_short_leaves_a_manifest_that_owns_the_old_and_the_new_content()
    {
        // While files move in, a file's line lists its old and new hash; either content is then still akern's.
        var dir = Path.Combine(root, "interrupted");
        Assert.Equal(0, Execute(new FakeFigure(), dir).Code);
        var manifest = Path.Combine(dir, ".akern-reproduce");
        var lines = File.ReadAllLines(manifest);
        File.WriteAllLines(manifest, lines.Select(l => l.StartsWith("sha256:", StringComparison.Ordinal) ? "sha256:" + new string('0', 64) + "," + l["sha256:".Length..] : l));
        Assert.Equal(0, Execute(new FakeFigure(), dir).Code);
        Assert.DoesNotContain(",", File.ReadAllText(manifest));
    }

    [Fact]
    public void A_file_it_wrote_but_someone_edited_since_is_refused_and_kept()
    {
        var dir = Path.Combine(root, "edited");
        Assert.Equal(0, Execute(new FakeFigure(), dir).Code);
        File.WriteAllText(Path.Combine(dir, "data.csv"), "edited by hand");
        var (code, _, stderr) = Execute(new FakeFigure(), dir);
        Assert.Equal(2, code);
        Assert.Contains("already holds data.csv, which akern reproduce did not write there (or which changed since it did); nothing was written", stderr);
        Assert.Equal("edited by hand", File.ReadAllText(Path.Combine(dir, "data.csv")));
    }

    [Fact]
    public void A_manifest_akern_did_not_write_is_refused_and_kept()
    {
        var dir = UserFolder("manifest");
        File.WriteAllText(Path.Combine(dir, ".akern-reproduce"), "report.md\nthesis.tex\n");
        var (code, stdout, stderr) = Execute(new FakeFigure(), dir);
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Contains("holds .akern-reproduce, which akern reproduce did not write", stderr);
        Assert.Equal("report.md\nthesis.tex\n", File.ReadAllText(Path.Combine(dir, ".akern-reproduce")));
        AssertUserFilesIntact("manifest");
        Assert.Equal(Under("manifest", ".akern-reproduce", "sub", "sub/data.npy", "thesis.tex"), Entries());
    }

    /// <summary>A folder holding a user's files and sub-folders, none of them akern's.</summary>
    private string UserFolder(string name)
    {
        var dir = Path.Combine(root, name);
        Directory.CreateDirectory(Path.Combine(dir, "sub"));
        File.WriteAllText(Path.Combine(dir, "thesis.tex"), "chapter 1");
        File.WriteAllText(Path.Combine(dir, "sub", "data.npy"), "numbers");
        return dir;
    }

    private void AssertUserFilesIntact(string name)
    {
        Assert.Equal("chapter 1", File.ReadAllText(Path.Combine(root, name, "thesis.tex")));
        Assert.Equal("numbers", File.ReadAllText(Path.Combine(root, name, "sub", "data.npy")));
    }

    [Fact]
    public void An_existing_folder_keeps_every_file_and_folder_it_held()
    {
        var dir = UserFolder("existing");
        var (code, stdout, stderr) = Execute(new FakeFigure(), dir);
        Assert.Equal(0, code);
        Assert.Equal("", stderr);
        Assert.Contains("wrote 1 CSV", stdout);
        AssertUserFilesIntact("existing");
        Assert.Equal(Under("existing", [.. OwnFiles.Concat(["sub", "sub/data.npy", "thesis.tex"]).Order(StringComparer.Ordinal)]), Entries());
    }

    [Fact]
    public void Out_dot_writes_beside_the_current_folders_files_and_says_so()
    {
        UserFolder("cwd");
        var (code, stdout, stderr) = Execute(new FakeFigure(), Path.Combine(root, "cwd", "."));
        Assert.Equal(0, code);
        Assert.Equal("", stderr);
        Assert.DoesNotContain("nothing was written", stdout + stderr);
        Assert.Contains($"to {Path.Combine(root, "cwd")}", stdout);
        AssertUserFilesIntact("cwd");
        Assert.True(File.Exists(Path.Combine(root, "cwd", "report.md")));
    }

    [Fact]
    public void A_report_md_akern_did_not_write_is_refused_before_the_run()
    {
        var dir = UserFolder("mine");
        File.WriteAllText(Path.Combine(dir, "report.md"), "my report");
        var ran = false;
        var (code, stdout, stderr) = Execute(new FakeFigure(_ => ran = true), dir);
        Assert.Equal(2, code);
        Assert.False(ran);
        Assert.Equal("", stdout);
        Assert.Contains("already holds report.md, which akern reproduce did not write there (or which changed since it did); nothing was written", stderr);
        Assert.Equal("my report", File.ReadAllText(Path.Combine(dir, "report.md")));
        AssertUserFilesIntact("mine");
        Assert.Equal(Under("mine", "report.md", "sub", "sub/data.npy", "thesis.tex"), Entries());
    }

    [Fact]
    public void Any_other_clash_found_when_the_files_are_known_is_refused_with_nothing_written()
    {
        var dir = UserFolder("clash");
        File.WriteAllText(Path.Combine(dir, "data.csv"), "my data");
        Directory.CreateDirectory(Path.Combine(dir, "plot.svg"));
        var (code, _, stderr) = Execute(new FakeFigure(), dir);
        Assert.Equal(2, code);
        Assert.Contains("already holds data.csv, plot.svg, which akern reproduce did not write there (or which changed since it did); nothing was written", stderr);
        Assert.Equal("my data", File.ReadAllText(Path.Combine(dir, "data.csv")));
        Assert.Equal(Under("clash", "data.csv", "plot.svg", "sub", "sub/data.npy", "thesis.tex"), Entries());
    }

    [Fact]
    public void A_cancelled_or_failed_run_into_an_existing_folder_adds_and_removes_nothing()
    {
        var dir = UserFolder("kept");
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        Assert.Equal(130, Execute(new FakeFigure(c => c.Cancel.ThrowIfCancellationRequested()), dir, cancel.Token).Code);
        Assert.Equal(1, Execute(new FakeFigure(_ => throw new InvalidOperationException("boom")), dir).Code);
        AssertUserFilesIntact("kept");
        Assert.Equal(Under("kept", "sub", "sub/data.npy", "thesis.tex"), Entries());
    }

    /// <summary>The id of a process that has ended (a staging folder named after it is abandoned).</summary>
    private static int DeadProcessId()
    {
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("true") { UseShellExecute = false })!;
        process.WaitForExit();
        return process.Id;
    }

    [Fact]
    public void Staging_folders_of_dead_runs_are_removed_by_the_next_run_and_live_ones_are_not()
    {
        var dead = DeadProcessId();
        var dir = UserFolder("again");
        string Stage(string folder, string prefix, int pid)
        {
            var path = Path.Combine(folder, $"{prefix}{pid}-{Guid.NewGuid():N}");
            Directory.CreateDirectory(path);
            File.WriteAllText(Path.Combine(path, "report.md"), "half");
            return path;
        }
        var deadInside = Stage(dir, OutputFolder.InsidePrefix, dead);
        var deadSibling = Stage(root, OutputFolder.SiblingPrefix("again"), dead);
        var liveInside = Stage(dir, OutputFolder.InsidePrefix, 1); // init never ends
        var lookalike = Path.Combine(dir, OutputFolder.InsidePrefix + "notes");
        Directory.CreateDirectory(lookalike);

        Assert.Equal(0, Execute(new FakeFigure(), dir).Code);
        Assert.False(Directory.Exists(deadInside));
        Assert.False(Directory.Exists(deadSibling));
        Assert.True(Directory.Exists(liveInside));
        Assert.True(Directory.Exists(lookalike));
        AssertUserFilesIntact("again");
    }

    [Fact]
    public void A_sigkilled_run_leaves_a_staging_folder_that_the_next_run_removes()
    {
        var dir = UserFolder("killed");
        var akern = Path.Combine(AppContext.BaseDirectory, "akern");
        using var run = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(akern, ["reproduce", "kmn-fig-e1", "--out", dir])
        {
            UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true,
        })!;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        string[] Staged() => Directory.GetDirectories(dir, OutputFolder.InsidePrefix + "*");
        while (Staged().Length == 0 && clock.Elapsed < TimeSpan.FromSeconds(60) && !run.HasExited) Thread.Sleep(20);
        Assert.Single(Staged());
        run.Kill(); // SIGKILL: no chance to clean up
        run.WaitForExit();
        Assert.Single(Staged());

        Assert.Equal(0, Execute(new FakeFigure(), dir).Code);
        Assert.Empty(Staged());
        AssertUserFilesIntact("killed");
    }

    [Fact]
    public void A_figure_that_throws_leaves_nothing_behind()
    {
        var (code, stdout, stderr) = Execute(new FakeFigure(_ => throw new InvalidOperationException("no collision among 10 patterns")), Path.Combine(root, "a", "b", "out"));
        Assert.Equal(1, code);
        Assert.Equal("", stdout);
        Assert.Equal("akern reproduce: fake failed, nothing was written: no collision among 10 patterns\n", stderr.ReplaceLineEndings("\n"));
        Assert.Empty(Entries()); // not even the parent folders it created
    }

    [Fact]
    public void A_cancelled_run_exits_130_and_leaves_nothing_behind()
    {
        using var cancel = new CancellationTokenSource();
        var figure = new FakeFigure(context =>
        {
            cancel.Cancel(); // what Ctrl-C does
            context.Cancel.ThrowIfCancellationRequested();
        });
        var (code, _, stderr) = Execute(figure, Path.Combine(root, "out"), cancel.Token);
        Assert.Equal(130, code);
        Assert.Contains("cancelled", stderr);
        Assert.Empty(Entries());
    }

    [Fact]
    public void A_cancelled_run_keeps_an_earlier_output_folder()
    {
        var dir = Path.Combine(root, "out");
        Assert.Equal(0, Execute(new FakeFigure(), dir).Code);
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        Assert.Equal(130, Execute(new FakeFigure(c => c.Cancel.ThrowIfCancellationRequested()), dir, cancel.Token).Code);
        Assert.Equal(Under("out", OwnFiles), Entries());
    }

    [Fact]
    public void An_output_folder_under_a_regular_file_is_exit_2_with_one_line()
    {
        var file = Path.Combine(root, "file.txt");
        File.WriteAllText(file, "x");
        var (code, stdout, stderr) = Akern("reproduce", "kmn-fig-b1", "--quick", "--out", Path.Combine(file, "sub"));
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("akern reproduce: cannot write to --out", line);
        Assert.Equal(["file.txt"], Entries());
    }

    [Fact]
    public void An_output_path_that_is_a_file_is_exit_2()
    {
        var file = Path.Combine(root, "file.txt");
        File.WriteAllText(file, "x");
        var (code, _, stderr) = Akern("reproduce", "kmn-fig-b1", "--quick", "--out", file);
        Assert.Equal(2, code);
        Assert.Contains("is a file", stderr);
        Assert.Equal("x", File.ReadAllText(file));
    }

    [Fact]
    public void An_unknown_figure_is_exit_2_with_one_line_listing_the_figures()
    {
        var (code, stdout, stderr) = Akern("reproduce", "kmn-fig-z9");
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal($"akern reproduce: unknown figure 'kmn-fig-z9'; the figures are {string.Join(", ", Figures.All.Select(f => f.Id))}.", line);
        foreach (var id in new[] { "kmn-fig-e1", "dam-capacity", "kmn-fig-b1" }) Assert.Contains(id, line);
    }

    [Fact]
    public void Seeds_are_read_as_simulate_and_verify_read_them()
    {
        // 1e0, +1 and 1 are the same seed; the report names it.
        foreach (var seed in new[] { "1e0", "+1", "1" })
        {
            var dir = Path.Combine(root, "seed" + seed.Replace("+", "p"));
            var (code, _, stderr) = Akern("reproduce", "kmn-fig-b1", "--quick", "--seed", seed, "--out", dir);
            Assert.True(code == 0, stderr);
            Assert.Contains("--seed 1`", File.ReadAllText(Path.Combine(dir, "report.md")));
        }
    }

    [Fact]
    public void Missing_mnist_files_are_exit_2_with_nothing_written()
    {
        var dir = Path.Combine(root, "nomnist");
        var (code, stdout, stderr) = Akern("reproduce", "uhn-mnist", "--quick", "--mnist", Path.Combine(root, "no-such-folder"), "--out", dir);
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Contains("needs data that is not there, nothing was written", stderr);
        Assert.False(Directory.Exists(dir));
    }

    [Theory]
    [InlineData("--seed", "-1")]
    [InlineData("--seed", "1.5")]
    [InlineData("--seed", "2147483648")]
    [InlineData("--seed", "x")]
    [InlineData("--out")]
    [InlineData("--frobnicate")]
    public void Bad_flags_are_exit_2(params string[] flags)
    {
        var (code, _, stderr) = Akern(["reproduce", "kmn-fig-b1", .. flags]);
        Assert.Equal(2, code);
        Assert.StartsWith("akern reproduce: ", stderr);
    }

    [Fact]
    public void The_usage_lists_the_command_and_every_figure()
    {
        var usage = Cli.Akern.Usage();
        Assert.Contains("reproduce FIGURE [--out DIR] [--quick] [--seed S]", usage);
        foreach (var figure in Figures.All) Assert.Contains($"reproduce {figure.Id}", usage);
    }

    [Fact]
    public void The_default_output_folder_is_reproductions_FIGURE_under_the_current_folder()
    {
        Assert.Equal(Path.Combine("reproductions", "kmn-fig-b1"), ReproduceCommand.DefaultOut("kmn-fig-b1"));
        Assert.False(Path.IsPathRooted(ReproduceCommand.DefaultOut("kmn-fig-b1")));
    }

    [Fact]
    public void A_real_figure_writes_its_files_end_to_end()
    {
        var dir = Path.Combine(root, "b1");
        var (code, stdout, stderr) = Akern("reproduce", "kmn-fig-b1", "--quick", "--seed", "3", "--out", dir);
        Assert.Equal(0, code);
        Assert.Equal("", stderr);
        Assert.Contains("kmn-fig-b1: wrote", stdout);
        foreach (var file in new[] { "report.md", "kmn-fig-b1-angle.csv", "kmn-fig-b1-angle.png", "kmn-fig-b1-angle.svg", "kmn-fig-b1-bias.png" })
        {
            Assert.True(File.Exists(Path.Combine(dir, file)), file);
        }
        Assert.Contains("- Seed: 3", File.ReadAllText(Path.Combine(dir, "report.md")));
        Assert.Equal(["b1"], Directory.GetFileSystemEntries(root).Select(Path.GetFileName)); // no staging folder left
    }
}
