using System.Globalization;

namespace AssociativeKernels.Interop;

/// <summary>
/// Calls into the F# core and translates what comes back: the core names parameters by the papers'
/// symbols (<c>N</c>, <c>r</c>, <c>sigma2</c>), the facade by spelled-out C# names (<c>dimension</c>,
/// <c>radius</c>, <c>sigma2</c>). <see cref="CapacityBounds"/> and <see cref="Kernels"/> no longer use
/// <see cref="Run{T}"/>: they check each argument under its C# name before calling the core
/// (<see cref="Registry.Check{T}"/>, <c>Core.Validate</c>). <see cref="Run{T}"/> still renames
/// <see cref="ArgumentException.ParamName"/> for the memories, feature maps and simulations, and goes when
/// they validate at their edge too.
/// </summary>
internal static class CoreCall
{
    /// <summary>Runs <paramref name="call"/>, renaming the parameter of any argument exception by <paramref name="names"/>.</summary>
    internal static T Run<T>(Func<T> call, params ReadOnlySpan<(string Symbol, string Name)> names)
    {
        try
        {
            return call();
        }
        catch (ArgumentException e)
        {
            var renamed = Rename(e, names);
            if (renamed is null) throw;
            throw renamed;
        }
    }

    /// <summary>
    /// The same exception with its parameter renamed, or <see langword="null"/> when the parameter has no
    /// C# counterpart (then the original is rethrown unchanged).
    /// </summary>
    private static ArgumentException? Rename(ArgumentException e, ReadOnlySpan<(string Symbol, string Name)> names)
    {
        if (e.ParamName is not { } symbol) return null;
        string? name = null;
        foreach (var (s, n) in names)
        {
            if (string.Equals(s, symbol, StringComparison.Ordinal)) { name = n; break; }
        }
        if (name is null || name == symbol) return null;
        var message = PlainMessage(e);
        return e switch
        {
            ArgumentOutOfRangeException o => new ArgumentOutOfRangeException(name, o.ActualValue, message),
            ArgumentNullException => new ArgumentNullException(name, message),
            _ when e.GetType() == typeof(ArgumentException) => new ArgumentException(message, name),
            _ => null,
        };
    }

    /// <summary>
    /// The message the thrower wrote, without the " (Parameter 'x')" and "Actual value was …" that
    /// <see cref="ArgumentException.Message"/> appends, on one line.
    /// </summary>
    internal static string PlainMessage(Exception e)
    {
        var message = e.Message;
        if (e is ArgumentOutOfRangeException { ActualValue: not null })
        {
            var cut = message.LastIndexOf(Environment.NewLine + "Actual value was", StringComparison.Ordinal);
            if (cut >= 0) message = message[..cut];
        }
        if (e is ArgumentException { ParamName: { Length: > 0 } p })
        {
            var suffix = $" (Parameter '{p}')";
            if (message.EndsWith(suffix, StringComparison.Ordinal)) message = message[..^suffix.Length];
        }
        return message.ReplaceLineEndings(" ").Trim();
    }

    /// <summary>Formats a number for an error message: round-trip precision, invariant culture.</summary>
    internal static string Show(double x) => x.ToString("R", CultureInfo.InvariantCulture);
}
