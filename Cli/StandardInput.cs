using System.Text;

namespace AssociativeKernels.Cli;

/// <summary>How <c>akern</c> reads standard input and JSON-lines input (<c>bound --batch</c>, <c>bench --paced</c>).</summary>
internal static class StandardInput
{
    /// <summary>
    /// Whether this process started with standard input closed (<c>&lt;&amp;-</c>). The runtime then hands descriptor 0
    /// to the read end of a pipe of its own, which never delivers a line, so a read would wait for ever. On Linux that
    /// shows as this process holding the write end of descriptor 0's pipe (/proc/self/fdinfo: O_WRONLY); a driver's
    /// pipe has its write end in the driver (the runtime's duplicate of descriptor 0 for Console.In is a read end).
    /// Elsewhere, or when /proc cannot be read, false.
    /// </summary>
    internal static bool Closed()
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            var input = new FileInfo("/proc/self/fd/0").LinkTarget;
            if (input is null || !input.StartsWith("pipe:", StringComparison.Ordinal)) return false;
            bool WriteEnd(string fd) => File.ReadLines($"/proc/self/fdinfo/{fd}")
                .Any(line => line.StartsWith("flags:", StringComparison.Ordinal) && (Convert.ToInt32(line[6..].Trim(), 8) & 3) == 1);
            return Directory.EnumerateFileSystemEntries("/proc/self/fd")
                .Select(Path.GetFileName)
                .Any(fd => fd is not null && new FileInfo($"/proc/self/fd/{fd}").LinkTarget == input && WriteEnd(fd));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return false;
        }
    }

    /// <summary>
    /// The reader for <c>-</c>: the console's standard input decoded as UTF-8 (a byte-order mark skipped, as a file's
    /// is), or the reader a caller injected (tests). A closed standard input is refused (<see cref="UsageException"/>
    /// naming <paramref name="flag"/>) rather than waited on for ever.
    /// </summary>
    internal static TextReader Open(Streams io, string flag)
    {
        if (!ReferenceEquals(io.In, Console.In)) return io.In;
        if (Closed()) throw new UsageException($"{flag} reads standard input, and standard input is closed.");
        return new StreamReader(Console.OpenStandardInput(), new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true);
    }

    /// <summary>
    /// The lines of JSON-lines input: split at '\n' only, a CRLF ending's '\r' dropped (a lone '\r' is JSON whitespace
    /// inside a line, not a line break, so output line k still answers input line k), and a leading U+FEFF (a
    /// byte-order mark a reader passed through) dropped. Streams: each line is yielded as soon as its '\n' arrives.
    /// </summary>
    internal static IEnumerable<string> JsonLines(TextReader reader)
    {
        var buffer = new char[8192];
        var line = new StringBuilder();
        var first = true;
        int read;
        while ((read = reader.Read(buffer, 0, buffer.Length)) > 0)
        {
            var start = 0;
            if (first)
            {
                first = false;
                if (buffer[0] == '\uFEFF') start = 1;
            }
            for (var i = start; i < read; i++)
            {
                if (buffer[i] != '\n') continue;
                line.Append(buffer, start, i - start);
                yield return WithoutCarriageReturn(line);
                line.Clear();
                start = i + 1;
            }
            line.Append(buffer, start, read - start);
        }
        if (line.Length > 0) yield return WithoutCarriageReturn(line);
    }

    private static string WithoutCarriageReturn(StringBuilder line) =>
        line.Length > 0 && line[^1] == '\r' ? line.ToString(0, line.Length - 1) : line.ToString();
}
