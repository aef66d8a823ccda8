using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using AssociativeKernels.Cli.Reproduce;

namespace AssociativeKernels.Cli;

/// <summary>
/// <c>akern reproduce FIGURE [--out DIR] [--quick] [--seed S] [--mnist DIR]</c>: reruns a paper's figure (SPEC E1–E6) and
/// writes its CSV data, PNG and SVG plots and <c>report.md</c> into DIR (default <c>reproductions/FIGURE</c>),
/// all at once: a failed or cancelled run (Ctrl-C, SIGTERM or SIGHUP: exit 130) leaves nothing behind. Into an
/// existing DIR it adds its files beside what is there and replaces only files it wrote there itself and nobody
/// changed since (see <see cref="OutputFolder"/>); it never removes anything it did not write. Exit 2 for bad
/// arguments, including MNIST files that are not where --mnist (or the default) says. A progress bar with the
/// time left goes to stderr on a terminal only. The MNIST figures read the four IDX files from --mnist DIR,
/// else from <see cref="MnistData.DefaultDirectory"/> (AKERN_MNIST, else the cache that scripts/fetch-mnist.sh fills).
/// </summary>
internal sealed class ReproduceCommand : ICommand
{
    /// <summary>The exit code of a run cancelled with Ctrl-C (128 + SIGINT, as shells report it).</summary>
    internal const int Cancelled = 130;

    private readonly IReadOnlyList<IFigure> figures;

    /// <summary>A command over the registered figures (<see cref="Figures.All"/>) or, for tests, others.</summary>
    internal ReproduceCommand(IReadOnlyList<IFigure>? figures = null) => this.figures = figures ?? Reproduce.Figures.All;

    public string Name => "reproduce";

    public IReadOnlyList<(string Form, string What)> Usage =>
        [("reproduce FIGURE [--out DIR] [--quick] [--seed S] [--mnist DIR]", "rerun a paper's figure: CSV, PNG + SVG plots, report.md in DIR; MNIST from --mnist, AKERN_MNIST or the cache of scripts/fetch-mnist.sh"),
         .. figures.Select(f => ($"reproduce {f.Id}", $"{f.Spec}: {f.Title}"))];

    private string Ids => string.Join(", ", figures.Select(f => f.Id));

    private IFigure Find(string id) =>
        figures.FirstOrDefault(f => f.Id == id) ?? throw new UsageException($"unknown figure '{id}'; the figures are {Ids}.");

    /// <summary>The flags, for the help text.</summary>
    private static readonly string[] FlagHelp =
    [
        "Flags:",
        "  --out DIR     where to write (default reproductions/FIGURE); an existing folder keeps its other files",
        "  --quick       a CI-sized run (minutes at most) instead of the full one",
        "  --seed S      a whole number in [0, 2147483647] (default 1)",
        "  --mnist DIR   the folder of the four MNIST IDX files (else AKERN_MNIST, else the cache of scripts/fetch-mnist.sh)",
        "Output appears only when the whole run succeeded; Ctrl-C leaves nothing behind (exit 130; a second Ctrl-C ends it at once).",
        "Exit codes: 0 done, 1 the figure failed, 2 bad arguments (also: MNIST files not found), 130 cancelled.",
    ];

    public void Help(string? sub, TextWriter stdout)
    {
        if (sub is null)
        {
            Akern.WriteHelp(stdout, Usage, FlagHelp);
            return;
        }
        var figure = Find(sub);
        Akern.WriteHelp(stdout, [($"reproduce {figure.Id} [--out DIR] [--quick] [--seed S] [--mnist DIR]", $"{figure.Spec}: {figure.Title}")], FlagHelp);
    }

    public int Run(string[] args, Streams io)
    {
        if (args.Length == 0 || args[0].StartsWith("--", StringComparison.Ordinal))
        {
            throw new UsageException($"which figure? The figures are {Ids}.");
        }
        var figure = Find(args[0]);
        string? outDir = null;
        string? mnist = null;
        int? seed = null;
        var quick = false;
        for (var i = 1; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--quick":
                    if (quick) throw new UsageException("--quick is given twice.");
                    quick = true;
                    break;
                case "--out":
                    if (outDir is not null) throw new UsageException("--out is given twice.");
                    if (i + 1 >= args.Length || args[i + 1].Length == 0) throw new UsageException("--out needs a folder.");
                    outDir = args[++i];
                    break;
                case "--mnist":
                    if (mnist is not null) throw new UsageException("--mnist is given twice.");
                    if (i + 1 >= args.Length || args[i + 1].Length == 0) throw new UsageException("--mnist needs the folder holding the four MNIST IDX files.");
                    mnist = args[++i];
                    break;
                case "--seed":
                    if (seed is not null) throw new UsageException("--seed is given twice.");
                    if (i + 1 >= args.Length) throw new UsageException("--seed needs a whole number in [0, 2147483647].");
                    seed = Flags.Seed(args[++i]);
                    break;
                default:
                    throw new UsageException($"unexpected argument '{args[i]}'; the flags are --out DIR, --quick, --seed S and --mnist DIR.");
            }
        }
        outDir ??= DefaultOut(figure.Id);

        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCtrlC = (_, e) =>
        {
            // The first Ctrl-C lets the run unwind and clean up instead of dying mid-write; a second one, while that is
            // still going on, ends the process at once (its staging folder is then removed by the next run into the same place).
            e.Cancel = !cancel.IsCancellationRequested;
            cancel.Cancel();
        };
        Console.CancelKeyPress += onCtrlC;
        // A closed terminal or a `kill` unwinds the same way, so it too leaves nothing partial behind.
        using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var onHangUp = PosixSignalRegistration.Create(PosixSignal.SIGHUP, Stop);
        void Stop(PosixSignalContext signal)
        {
            signal.Cancel = true;
            cancel.Cancel();
        }
        try
        {
            // A bar on a terminal only, as `simulate` does: not when the output is captured or redirected.
            var terminal = ReferenceEquals(io.Out, Console.Out) && !Console.IsOutputRedirected && !Console.IsErrorRedirected;
            return terminal
                ? SpectreProgress.Run(progress => Execute(figure, quick, seed ?? 1, outDir, io, cancel.Token, progress, mnist))
                : Execute(figure, quick, seed ?? 1, outDir, io, cancel.Token, NoProgress.Instance, mnist);
        }
        finally
        {
            Console.CancelKeyPress -= onCtrlC;
        }
    }

    /// <summary>The output folder when --out is not given: <c>reproductions/FIGURE</c> under the current folder.</summary>
    internal static string DefaultOut(string figureId) => Path.Combine("reproductions", figureId);

    /// <summary>
    /// Runs <paramref name="figure"/> and writes its output into <paramref name="outDir"/> all at once; returns
    /// the exit code (0, 1 when the figure failed, 130 when cancelled). Throws <see cref="UsageException"/>
    /// (exit 2) when the folder cannot be written or holds a file of the same name that this command did not
    /// write; nothing is left behind on any failure.
    /// </summary>
    internal static int Execute(IFigure figure, bool quick, int seed, string outDir, Streams io, CancellationToken cancel, IFigureProgress progress, string? mnist = null)
    {
        using var folder = OutputFolder.Create(outDir);
        var clock = Stopwatch.StartNew();
        FigureOutput output;
        try
        {
            output = figure.Run(new FigureContext(quick, seed, cancel, progress, mnist ?? MnistData.DefaultDirectory()));
            cancel.ThrowIfCancellationRequested();
            var command = $"akern reproduce {figure.Id}{(quick ? " --quick" : "")} --seed {seed}{(mnist is null ? "" : $" --mnist {mnist}")}";
            FigureWriter.Write(output, new FigureWriter.RunInfo(figure, seed, command, clock.Elapsed), folder.Staging);
            cancel.ThrowIfCancellationRequested();
        }
        catch (Exception e) when (e is OperationCanceledException || (e is AggregateException all && all.Flatten().InnerExceptions.All(x => x is OperationCanceledException)))
        {
            io.Error.WriteLine("akern reproduce: cancelled; nothing was written.");
            return Cancelled;
        }
        catch (FileNotFoundException e) when (e.Message.StartsWith("MNIST file", StringComparison.Ordinal))
        {
            // Data the figure needs is not where the flags (or the default) say: a usage error, not a failure of the figure.
            io.Error.WriteLine($"akern reproduce: {figure.Id} needs data that is not there, nothing was written: {Interop.CoreCall.PlainMessage(e)}");
            return Akern.BadArguments;
        }
        catch (Exception e) when (e is not UsageException)
        {
            io.Error.WriteLine($"akern reproduce: {figure.Id} failed, nothing was written: {Interop.CoreCall.PlainMessage(e)}");
            return Akern.InternalError;
        }
        try
        {
            folder.Commit();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Commit says in its message how many files it moved before failing.
            io.Error.WriteLine($"akern reproduce: {figure.Id} ran, but writing its output failed: {e.Message}");
            return Akern.InternalError;
        }
        var agree = output.Report.Comparisons.Count(c => c.Agrees);
        io.Out.WriteLine($"{figure.Id}: wrote {output.Tables.Count} CSV, {output.Charts.Count} plots (PNG + SVG) and report.md to {Path.GetFullPath(outDir)} in {clock.Elapsed.TotalSeconds:0.0} s; {agree} of {output.Report.Comparisons.Count} comparisons agree with the paper.");
        return Akern.Ok;
    }
}
