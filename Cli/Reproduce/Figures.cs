namespace AssociativeKernels.Cli.Reproduce;

/// <summary>Every figure <c>akern reproduce</c> knows, in the order of SPEC E1–E6, then issue 15's E7 (one line per figure).</summary>
internal static class Figures
{
    /// <summary>The registered figures.</summary>
    internal static readonly IReadOnlyList<IFigure> All =
    [
        new KmnFigE1(),
        new DamCapacity(),
        new KmnFigC1(),
        new KmnFigB1(),
        new UhnMnist(),
        new DamMnist(),
        new SparseMnist(),
        new LmCapacity(),
    ];
}
