namespace AssociativeKernels.Cli.Reproduce;

/// <summary>Every figure of <c>akern reproduce</c>, one line each.</summary>
internal static class Figures
{
    internal static readonly IReadOnlyList<IFigure> All = [new KmnFigC1()];
}
