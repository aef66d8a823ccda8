using System.Globalization;

namespace AssociativeKernels.Interop;

/// <summary>
/// Exception text for one-line reports (the CLI's error lines, <c>TryEvaluate</c>'s error, a batch row's refusal) and
/// numbers in messages. Every public method checks its arguments at its edge under the caller's parameter names
/// before it calls the core, so nothing here renames a parameter or rewrites a message.
/// </summary>
internal static class CoreCall
{
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

    /// <summary>Formats a parameter's value for an error message: doubles as <see cref="Show(double)"/>, the rest invariant.</summary>
    internal static string Show(object value) => value is double d ? Show(d) : Convert.ToString(value, CultureInfo.InvariantCulture)!;
}
