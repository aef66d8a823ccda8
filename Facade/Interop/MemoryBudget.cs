using System.Globalization;

namespace AssociativeKernels.Interop;

/// <summary>
/// Estimate-and-refuse for allocations whose size the caller chooses (pattern counts, dimensions, slot
/// counts, simulation sizes): a request is checked before anything is allocated, and refused with an
/// <see cref="ArgumentOutOfRangeException"/> naming the caller's parameter — saying how much memory it needs
/// and how much there is — instead of letting the runtime abort the process when memory runs out. "There is"
/// means <see cref="GCMemoryInfo.TotalAvailableMemoryBytes"/> (the machine's memory, or the container's or
/// GC heap limit when one is set). Estimates are computed in double precision, so they cannot overflow.
/// </summary>
internal static class MemoryBudget
{
    /// <summary>The memory the process may use, in bytes.</summary>
    internal static long Available => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;

    /// <summary>
    /// Throws unless <paramref name="bytes"/> fit in <see cref="Available"/> and the largest single array,
    /// <paramref name="largestArray"/> elements, fits in <see cref="Array.MaxLength"/>.
    /// </summary>
    /// <param name="bytes">The estimated bytes the request allocates (all arrays together).</param>
    /// <param name="largestArray">The element count of its largest single array (0 when none is large).</param>
    /// <param name="what">What is being built, for the message ("a Hopfield network of dimension 100000").</param>
    /// <param name="paramName">The caller's parameter that sets the size.</param>
    /// <param name="value">That parameter's value.</param>
    /// <param name="lower">What to lower, when it is not the parameter itself (a property of an options object).</param>
    internal static void Require(double bytes, double largestArray, string what, string paramName, object value, string? lower = null)
    {
        var available = Available;
        lower ??= paramName;
        if (bytes > available)
        {
            throw new ArgumentOutOfRangeException(paramName, value,
                $"{what} needs about {Bytes(bytes)} of memory but {Bytes(available)} is available; lower {lower} (now {CoreCall.Show(value)}).");
        }
        if (largestArray > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(paramName, value,
                $"{what} needs an array of {largestArray.ToString("G4", CultureInfo.InvariantCulture)} elements, more than the "
                + $"{Array.MaxLength} one .NET array can hold; lower {lower} (now {CoreCall.Show(value)}).");
        }
    }

    /// <summary>
    /// Bytes for <paramref name="count"/> separate rows of <paramref name="length"/> elements of <paramref name="elementBytes"/>
    /// bytes each (a jagged array: the elements plus each row's object header and the reference to it).
    /// </summary>
    internal static double Rows(double count, double length, double elementBytes = 8) => count * (length * elementBytes + 32);

    /// <summary>A byte count in binary units (e.g. "74.5 GiB").</summary>
    internal static string Bytes(double bytes)
    {
        string[] units = ["bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
        var u = 0;
        while (bytes >= 1024 && u < units.Length - 1) { bytes /= 1024; u++; }
        var number = bytes.ToString(u == 0 ? "0" : bytes < 1e6 ? "0.#" : "G3", CultureInfo.InvariantCulture);
        return $"{number} {units[u]}";
    }

}

/// <summary>
/// The estimated memory of one request: all its arrays together, its largest single array (in elements), and
/// what it is (for the message). One estimate per kind of request, kept next to the code that allocates; the
/// library and the CLI both refuse through <see cref="Require"/>, each naming its own parameter.
/// </summary>
internal readonly record struct Footprint(double Bytes, double LargestArray, string What)
{
    /// <summary>Refuses the request (see <see cref="MemoryBudget.Require"/>) naming <paramref name="paramName"/>.</summary>
    internal void Require(string paramName, object value) => MemoryBudget.Require(Bytes, LargestArray, What, paramName, value);
}
