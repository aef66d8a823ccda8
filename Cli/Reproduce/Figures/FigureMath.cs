using System.Globalization;

namespace AssociativeKernels.Cli.Reproduce;

/// <summary>Small helpers the figures share: evaluating registry ids, formatting numbers for reports.</summary>
internal static class FigureMath
{
    /// <summary>A registered bound at the given parameters (symbols as in the registry).</summary>
    internal static BoundResult Bound(string id, params (string Symbol, double Value)[] parameters) =>
        CapacityBounds.Evaluate(id, parameters.ToDictionary(p => p.Symbol, p => p.Value, StringComparer.Ordinal));

    /// <summary>A registered kernel at the given parameters (symbols as in the registry).</summary>
    internal static KernelResult Kernel(string id, params (string Symbol, double Value)[] parameters) =>
        Kernels.Evaluate(id, parameters.ToDictionary(p => p.Symbol, p => p.Value, StringComparer.Ordinal));

    /// <summary>Four significant digits, invariant culture.</summary>
    internal static string G(double x) => x.ToString("G4", CultureInfo.InvariantCulture);

    /// <summary>A mean with its standard error, e.g. <c>84.1 ± 1.2</c>.</summary>
    internal static string MeanSe(double mean, double se) => $"{G(mean)} ± {G(se)}";

    /// <summary>Wraps a progress callback that also honours cancellation between units of work.</summary>
    internal static Action<int> Tick(FigureContext context, long unitsPerCall = 1) => _ =>
    {
        context.Cancel.ThrowIfCancellationRequested();
        context.Progress.Advance(unitsPerCall);
    };
}
