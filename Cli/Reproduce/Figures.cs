namespace AssociativeKernels.Cli.Reproduce;

/// <summary>The figures of <c>akern reproduce</c>, one line each.</summary>
internal static class Figures
{
    /// <summary>Every figure, in the order of SPEC E1–E6.</summary>
    internal static readonly IReadOnlyList<IFigure> All = [new UhnMnist()];
}
