using Microsoft.FSharp.Collections;
using Microsoft.FSharp.Core;
using Core = AssociativeKernels.Core;

namespace AssociativeKernels.Interop;

/// <summary>
/// The core's bound and kernel registries seen from C#: descriptors converted once from each formula's own
/// description (<c>Core.FormulaInfo</c>, written beside the formula), evaluation by id with a dictionary of
/// parameters keyed by the papers' symbols, and the check of a typed facade method's arguments under the
/// caller's names. No F# type leaves this class.
/// </summary>
internal static class Registry
{
    private static readonly Lazy<IReadOnlyList<BoundInfo>> BoundList = new(() =>
        Core.BoundRegistry.All
            .Select(f => f.Info)
            .Select(i => new BoundInfo(i.Id, Parameters(i.Parameters), i.Equation, i.Summary, i.Kind, i.Regime))
            .ToArray());

    private static readonly Lazy<IReadOnlyList<KernelInfo>> KernelList = new(() =>
        Core.KernelRegistry.All
            .Select(f => f.Info)
            .Select(i => new KernelInfo(i.Id, Parameters(i.Parameters), i.Equation, i.Summary, i.Kind, i.Regime))
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
        return ToBoundResult(Core.BoundRegistry.Evaluate(id, ToMap(parameters)));
    }

    internal static KernelResult EvaluateKernel(string id, IReadOnlyDictionary<string, double> parameters)
    {
        ArgumentNullException.ThrowIfNull(id);
        return ToKernelResult(Core.KernelRegistry.Evaluate(id, ToMap(parameters)));
    }

    /// <summary>
    /// Checks a typed facade method's arguments against the ranges of <paramref name="formula"/>'s
    /// parameters, each under the name the caller passed it (ParamName and message), then lets the
    /// method call the core. The ranges live once, in the core, beside the formula.
    /// </summary>
    /// <param name="formula">The registry entry whose parameters the arguments are.</param>
    /// <param name="arguments">(symbol, value, C# parameter name) for each argument, in the formula's order.</param>
    internal static void Check<T>(Core.Formula<T> formula, params ReadOnlySpan<(string Symbol, double Value, string Name)> arguments)
    {
        var list = new List<Tuple<string, double, string>>(arguments.Length);
        foreach (var (symbol, value, name) in arguments) list.Add(Tuple.Create(symbol, value, name));
        Core.Formula.CheckArguments(formula.Info, ListModule.OfSeq(list));
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
            bound.InRange);
    }

    private static KernelResult ToKernelResult(Core.KernelResult kernel) =>
        new(kernel.Id, kernel.Value, kernel.Ln, kernel.Equation, kernel.Regime, kernel.InRange);

    private static FSharpMap<string, double> ToMap(IReadOnlyDictionary<string, double> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return MapModule.OfSeq(parameters.Select(p => Tuple.Create(p.Key, p.Value)));
    }

    private static ParameterInfo[] Parameters(IEnumerable<Core.Parameter> parameters) =>
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
