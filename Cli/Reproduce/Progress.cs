using Spectre.Console;

namespace AssociativeKernels.Cli.Reproduce;

/// <summary>Progress that goes nowhere: redirected output, tests.</summary>
internal sealed class NoProgress : IFigureProgress
{
    /// <summary>The one instance.</summary>
    internal static readonly NoProgress Instance = new();

    /// <inheritdoc/>
    public void Start(string phase, long totalUnits) { }

    /// <inheritdoc/>
    public void Advance(long units = 1) { }
}

/// <summary>
/// A Spectre.Console progress bar on stderr (description, bar, percentage, time left), one task per phase.
/// Use <see cref="Run{T}"/>: the bar lives while the figure runs and is removed when it ends.
/// </summary>
internal sealed class SpectreProgress : IFigureProgress
{
    private readonly ProgressContext context;
    private ProgressTask? task;

    private SpectreProgress(ProgressContext context) => this.context = context;

    /// <summary>Runs <paramref name="work"/> with a progress bar drawn on standard error.</summary>
    internal static T Run<T>(Func<IFigureProgress, T> work)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(context => work(new SpectreProgress(context)));
    }

    /// <inheritdoc/>
    public void Start(string phase, long totalUnits)
    {
        if (task is not null) task.Value = task.MaxValue;
        task = context.AddTask(Markup.Escape(phase), maxValue: Math.Max(1, totalUnits));
    }

    /// <inheritdoc/>
    public void Advance(long units = 1) => task?.Increment(units);
}
