using Microsoft.FSharp.Collections;
using Microsoft.FSharp.Core;
using Core = AssociativeKernels.Core;

namespace AssociativeKernels.Interop;

/// <summary>
/// The core's bound and kernel registries seen from C#: descriptors converted once, evaluation by id
/// with a dictionary of parameters keyed by the papers' symbols. No F# type leaves this class.
/// </summary>
internal static class Registry
{
    private static readonly Lazy<IReadOnlyList<BoundInfo>> BoundList = new(() =>
        Core.BoundRegistry.All
            .Select(s => new BoundInfo(s.Id, Parameters(s.Parameters), s.Equation, s.Summary))
            .ToArray());

    private static readonly Lazy<IReadOnlyList<KernelInfo>> KernelList = new(() =>
        Core.KernelRegistry.All
            .Select(s => new KernelInfo(s.Id, Parameters(s.Parameters), s.Equation, s.Summary))
            .ToArray());

    internal static IReadOnlyList<BoundInfo> Bounds => BoundList.Value;

    internal static IReadOnlyList<KernelInfo> Kernels => KernelList.Value;

    internal static bool TryGetBound(string id, out BoundInfo? info)
    {
        ArgumentNullException.ThrowIfNull(id);
        info = Bounds.FirstOrDefault(b => string.Equals(b.Id, id, StringComparison.Ordinal));
        return info is not null;
    }

    internal static bool TryGetKernel(string id, out KernelInfo? info)
    {
        ArgumentNullException.ThrowIfNull(id);
        info = Kernels.FirstOrDefault(k => string.Equals(k.Id, id, StringComparison.Ordinal));
        return info is not null;
    }

    internal static BoundResult EvaluateBound(string id, IReadOnlyDictionary<string, double> parameters)
    {
        ArgumentNullException.ThrowIfNull(id);
        var map = ToMap(parameters);
        return ToBoundResult(Core.BoundRegistry.Evaluate(id, map));
    }

    internal static KernelResult EvaluateKernel(string id, IReadOnlyDictionary<string, double> parameters)
    {
        ArgumentNullException.ThrowIfNull(id);
        var map = ToMap(parameters);
        var bound = Core.KernelRegistry.Evaluate(id, map);
        // A kernel's value never overflows a double (it is at most 1), so Value is always Some.
        return new KernelResult(bound.Id, Math.Exp(bound.Ln), bound.Ln, bound.Equation, bound.Regime, bound.InRegime);
    }

    internal static BoundResult ToBoundResult(Core.Bound bound)
    {
        FSharpOption<double>? value = bound.Value;
        return new BoundResult(
            bound.Id,
            value is null ? null : value.Value,
            bound.Ln,
            bound.Equation,
            bound.Regime,
            bound.InRegime);
    }

    private static FSharpMap<string, double> ToMap(IReadOnlyDictionary<string, double> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return MapModule.OfSeq(parameters.Select(p => Tuple.Create(p.Key, p.Value)));
    }

    private static ParameterInfo[] Parameters(IEnumerable<Core.BoundRegistry.Parameter> parameters) =>
        parameters.Select(p => new ParameterInfo(p.Name, p.Range)).ToArray();

    /// <summary>
    /// Runs an evaluation whose ArgumentException is an expected outcome: the result, or the error's
    /// one-line text (the TryEvaluate pattern of <see cref="CapacityBounds"/> and <see cref="Kernels"/>).
    /// A numerical failure inside the core (an <see cref="ArithmeticException"/>, which would be a bug)
    /// is reported the same way, never thrown.
    /// </summary>
    internal static bool TryEvaluate<T>(Func<T> evaluate, out T result, out string? error) where T : struct
    {
        try
        {
            result = evaluate();
            error = null;
            return true;
        }
        catch (ArgumentException e)
        {
            result = default;
            error = CoreCall.PlainMessage(e);
            return false;
        }
        catch (ArithmeticException e)
        {
            result = default;
            error = "numerical failure in the core: " + CoreCall.PlainMessage(e);
            return false;
        }
    }
}
