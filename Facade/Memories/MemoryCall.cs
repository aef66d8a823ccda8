using AssociativeKernels.Interop;

namespace AssociativeKernels;

/// <summary>
/// CoreCall for the memory classes: the core names an entry of a pattern set "patterns[3]" or
/// "outputs[0]"; a C# caller passed one matrix, so the parameter is renamed to the part before the
/// bracket (the message keeps the index).
/// </summary>
internal static class MemoryCall
{
    internal static T Run<T>(Func<T> call, params ReadOnlySpan<(string Symbol, string Name)> names)
    {
        try
        {
            return CoreCall.Run(call, names);
        }
        catch (ArgumentException e) when (e.ParamName is { } p && p.IndexOf('[') > 0)
        {
            var name = p[..p.IndexOf('[')];
            var message = CoreCall.PlainMessage(e);
            throw e switch
            {
                ArgumentOutOfRangeException o => new ArgumentOutOfRangeException(name, o.ActualValue, message),
                ArgumentNullException => new ArgumentNullException(name, message),
                _ => new ArgumentException(message, name),
            };
        }
    }
}
