using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace AssociativeKernels.Cli;

/// <summary>Number formatting and parsing, always in the invariant culture.</summary>
internal static class Numbers
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Parses a finite number written with '.' as the decimal point; null when it is not one.</summary>
    internal static double? TryParse(string text) =>
        double.TryParse(text, NumberStyles.Float, Invariant, out var x) && double.IsFinite(x) ? x : null;

    /// <summary>A parameter as typed: round-trip precision, e.g. <c>1000000</c>, <c>0.3</c>.</summary>
    internal static string Exact(double x) => x.ToString("R", Invariant);

    /// <summary>
    /// A result for a human: six significant digits, plain notation between 10⁻⁴ and 10⁹, otherwise
    /// scientific; a value that overflows a double is shown through its log as <c>e^ln</c>.
    /// </summary>
    internal static string Human(double? value, double ln)
    {
        if (value is not { } v || double.IsInfinity(v) || (v == 0 && double.IsFinite(ln))) return FromLn(ln);
        return Short(v);
    }

    /// <summary>
    /// A number too large or too small for a double, written from its natural log in scientific
    /// notation: m·10^e with log₁₀ = ln / ln 10 (six significant digits of m are exact while |ln| &lt; 10⁹).
    /// </summary>
    internal static string FromLn(double ln)
    {
        if (!double.IsFinite(ln)) return Short(Math.Exp(ln));
        var log10 = ln / Math.Log(10);
        var exponent = Math.Floor(log10);
        var mantissa = Math.Round(Math.Pow(10, log10 - exponent), 5);
        if (mantissa >= 10) { mantissa /= 10; exponent += 1; }
        return mantissa.ToString("0.#####", Invariant) + "e" + (exponent < 0 ? "-" : "+") + Math.Abs(exponent).ToString("0", Invariant);
    }

    /// <summary>Six significant digits, scientific outside [10⁻⁴, 10⁶).</summary>
    internal static string Short(double x)
    {
        if (double.IsNegativeInfinity(x)) return "-∞";
        if (double.IsPositiveInfinity(x)) return "∞";
        var a = Math.Abs(x);
        // G6 writes plain digits for exponents −5…5, which covers [1e-4, 1e6).
        if (x == 0 || (a >= 1e-4 && a < 1e6))
        {
            var plain = x.ToString("G6", Invariant);
            if (!plain.Contains('E')) return plain; // 999999.9 rounds up to 1E+06: write that as below
        }
        return x.ToString("0.#####e+0", Invariant);
    }
}

/// <summary>JSON lines: one object per line, UTF-8, symbols such as σ² written as they are.</summary>
internal static class JsonLine
{
    private static readonly JsonWriterOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    /// <summary>Builds one JSON object with <paramref name="build"/> and writes it as one line.</summary>
    internal static void Write(TextWriter output, Action<Utf8JsonWriter> build)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            writer.WriteStartObject();
            build(writer);
            writer.WriteEndObject();
        }
        output.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
    }

    /// <summary>Writes a number, or null when it is not finite (JSON has no ∞ or NaN).</summary>
    internal static void Number(Utf8JsonWriter writer, string key, double? x)
    {
        if (x is { } v && double.IsFinite(v)) writer.WriteNumber(key, v);
        else writer.WriteNull(key);
    }

    /// <summary>Writes <c>"params": {…}</c> in the given order.</summary>
    internal static void Params(Utf8JsonWriter writer, IEnumerable<KeyValuePair<string, double>> parameters)
    {
        writer.WriteStartObject("params");
        foreach (var (key, value) in parameters) writer.WriteNumber(key, value);
        writer.WriteEndObject();
    }
}

/// <summary>Key–value lines for one result, the keys padded to one column.</summary>
internal static class KeyValues
{
    internal static void Write(TextWriter output, string title, IReadOnlyList<(string Key, string Value)> lines)
    {
        output.WriteLine(title);
        var width = lines.Max(l => l.Key.Length);
        foreach (var (key, value) in lines) output.WriteLine($"  {key.PadRight(width)}  {value}");
    }
}

/// <summary>A plain text table with columns aligned by padding; the first row is the header.</summary>
internal sealed class Table(params string[] header)
{
    private readonly List<string[]> rows = [header];
    private readonly HashSet<int> separators = [];

    /// <summary>Adds a row (missing cells are blank).</summary>
    internal void Add(params string[] cells) => rows.Add(cells);

    /// <summary>Draws a blank line before the next row added, to group rows.</summary>
    internal void Break() => separators.Add(rows.Count);

    /// <summary>Writes the table, two spaces between columns, a rule under the header.</summary>
    internal void Write(TextWriter output, string indent = "")
    {
        var columns = rows.Max(r => r.Length);
        var widths = new int[columns];
        foreach (var row in rows)
        {
            for (var c = 0; c < row.Length; c++) widths[c] = Math.Max(widths[c], row[c].Length);
        }
        for (var i = 0; i < rows.Count; i++)
        {
            if (separators.Contains(i)) output.WriteLine();
            var line = new StringBuilder(indent);
            for (var c = 0; c < columns; c++)
            {
                var cell = c < rows[i].Length ? rows[i][c] : "";
                line.Append(c == columns - 1 ? cell : cell.PadRight(widths[c] + 2));
            }
            output.WriteLine(line.ToString().TrimEnd());
            if (i == 0)
            {
                output.WriteLine(indent + string.Join("  ", widths.Select(w => new string('-', w))));
            }
        }
    }
}
