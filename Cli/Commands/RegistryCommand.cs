using AssociativeKernels.Interop;
using System.Text.Json;

namespace AssociativeKernels.Cli;

/// <summary>
/// <c>akern bound …</c> and <c>akern kernel …</c>: the three forms of the command-line contract over one
/// registry — <c>list</c>, one id with <c>--PARAM VALUE</c> flags, and <c>--batch FILE</c> of JSON lines.
/// </summary>
internal sealed class RegistryCommand(Catalog catalog) : ICommand
{
    public string Name => catalog.Noun;

    public IReadOnlyList<(string Form, string What)> Usage =>
    [
        ($"{Name} list [--json]", $"every {Name}: id, parameters, valid range, equation"),
        ($"{Name} ID --PARAM VALUE ... [--json]", $"one {Name}, e.g. akern {Name} {catalog.Example}"),
        ($"{Name} --batch FILE", "JSON lines {\"id\": ID, \"params\": {...}} in, one result line out each"),
    ];

    public int Run(string[] args, Streams io)
    {
        var stdout = io.Out;
        if (args.Length == 0)
        {
            throw new UsageException($"missing {Name} id; `akern {Name} list` shows them, e.g. akern {Name} {catalog.Example}.");
        }
        switch (args[0])
        {
            case "list":
                return List(Flags.Parse(args[1..], ["--json"], explain: null).Has("--json"), stdout);
            case "--batch":
                if (args.Length != 2) throw new UsageException("--batch takes exactly one FILE (a path, or - for standard input) and no other flags.");
                return Batch(args[1], io);
            default:
                return One(args[0], args[1..], io);
        }
    }

    public void Help(string? sub, TextWriter stdout)
    {
        const string json = "  --json  one JSON object per line: {\"id\", \"params\", \"value\" (null when it overflows a double), \"ln\", \"equation\", \"inRange\"}";
        if (sub is null)
        {
            Akern.WriteHelp(stdout, Usage,
            [
                $"`akern {Name} list` shows every id with its flags and valid ranges; `akern {Name} ID --help` one id's.",
                json,
                "  --batch FILE  FILE is a path, or - for standard input; a bad line gets {\"id\", \"params\", \"error\"} and",
                "                the rest go on; the exit code is 2 if any line failed.",
            ]);
            return;
        }
        if (sub == "list")
        {
            Akern.WriteHelp(stdout, [Usage[0]],
                [$"  --json   one JSON object per {Name}: {{\"id\", \"params\": {{symbol: valid range}}, \"equation\", \"summary\"}}"]);
            return;
        }
        var formula = FindOrThrow(sub);
        var width = Math.Max(4, formula.Parameters.Max(p => p.Name.Length));
        Akern.WriteHelp(stdout,
            [($"{Name} {formula.Id} {string.Join(" ", formula.Parameters.Select(p => $"--{p.Name} X"))} [--json]", formula.Summary)],
            [
                "Flags:",
                .. formula.Parameters.Select(p => $"  --{p.Name.PadRight(width)}  {p.Range}"),
                json,
                "",
                $"equation:    {formula.Equation}",
                $"what it is:  {formula.Kind}",
            ]);
    }

    // ---- list ------------------------------------------------------------------------------------

    private int List(bool json, TextWriter stdout)
    {
        var formulas = catalog.List();
        if (json)
        {
            foreach (var f in formulas)
            {
                JsonLine.Write(stdout, w =>
                {
                    w.WriteString("id", f.Id);
                    w.WriteStartObject("params");
                    foreach (var p in f.Parameters) w.WriteString(p.Name, p.Range);
                    w.WriteEndObject();
                    w.WriteString("equation", f.Equation);
                    w.WriteString("summary", f.Summary);
                });
            }
            return Akern.Ok;
        }
        var table = new Table("id", "flags and valid ranges", "equation", "summary");
        foreach (var f in formulas)
        {
            table.Add(f.Id, string.Join("; ", f.Parameters.Select(p => $"--{p.Name} {p.Range}")), f.Equation, f.Summary);
        }
        table.Write(stdout);
        return Akern.Ok;
    }

    // ---- one id ----------------------------------------------------------------------------------

    private int One(string id, string[] rest, Streams io)
    {
        var stdout = io.Out;
        var formula = FindOrThrow(id);
        var flags = Flags.Parse(rest, ["--json"], name => Range(formula, name));
        var parameters = Check(formula, flags.Values, prefix: "--");
        Evaluation result;
        try
        {
            result = catalog.Evaluate(formula, parameters);
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"{formula.Id}: {CoreCall.PlainMessage(e)}");
        }
        catch (ArithmeticException e)
        {
            // The core refuses to return a NaN or +∞ log: an internal error, not the user's (exit code 1).
            io.Error.WriteLine($"akern {Name}: {formula.Id}: numerical failure in the core: {CoreCall.PlainMessage(e)}");
            return Akern.InternalError;
        }

        if (flags.Has("--json"))
        {
            WriteResult(stdout, formula.Id, parameters, result);
            return Akern.Ok;
        }
        var lines = new List<(string, string)>();
        foreach (var p in formula.Parameters) lines.Add((p.Name, Numbers.Exact(parameters[p.Name])));
        lines.Add(("value", Numbers.Human(result.Value, result.Ln)));
        lines.Add(("ln", Numbers.Short(result.Ln)));
        lines.Add(("equation", result.Equation));
        lines.Add(("what it is", formula.Kind));
        if (result.Regime is { } regime) lines.Add(("regime", regime));
        lines.Add(("in range", result.InRange ? "yes" : "no: outside the regime the formula was derived for"));
        KeyValues.Write(stdout, $"{formula.Id}: {formula.Summary}", lines);
        return Akern.Ok;
    }

    // ---- batch -----------------------------------------------------------------------------------

    private int Batch(string path, Streams io)
    {
        var stdout = io.Out;
        TextReader reader;
        try
        {
            reader = path == "-" ? StandardInput.Open(io, "--batch -") : new StreamReader(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new UsageException($"--batch: cannot read '{path}': {CoreCall.PlainMessage(e)}");
        }

        var failed = false;
        using (ReferenceEquals(reader, io.In) ? null : reader)
        {
            foreach (var line in StandardInput.JsonLines(reader))
            {
                // Every line gets one answer, so that output line k answers input line k.
                failed |= !BatchLine(line, stdout);
            }
        }
        return failed ? Akern.BadArguments : Akern.Ok;
    }

    /// <summary>Answers one batch line; false when it yielded an error line.</summary>
    private bool BatchLine(string line, TextWriter stdout)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            WriteError(stdout, null, null, "empty line; each line must be a JSON object {\"id\": ID, \"params\": {...}}.");
            return false;
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException e)
        {
            WriteError(stdout, null, null, $"not valid JSON ({e.Message.ReplaceLineEndings(" ")})");
            return false;
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                WriteError(stdout, null, null, "each line must be a JSON object {\"id\": ID, \"params\": {...}}.");
                return false;
            }
            JsonElement? id = root.TryGetProperty("id", out var i) ? i : null;
            JsonElement? raw = root.TryGetProperty("params", out var p) ? p : null;
            try
            {
                if (id is not { ValueKind: JsonValueKind.String } idElement)
                {
                    throw new UsageException("\"id\" is missing or not a string.");
                }
                var formula = FindOrThrow(idElement.GetString()!);
                if (raw is not { ValueKind: JsonValueKind.Object } paramsElement)
                {
                    throw new UsageException($"\"params\" is missing or not an object; {formula.Id} takes {Describe(formula, "")}.");
                }
                var values = new List<KeyValuePair<string, double>>();
                foreach (var property in paramsElement.EnumerateObject())
                {
                    if (property.Value.ValueKind != JsonValueKind.Number || !property.Value.TryGetDouble(out var x) || !double.IsFinite(x))
                    {
                        throw new UsageException($"\"{property.Name}\" must be a finite number; {Range(formula, property.Name)}");
                    }
                    values.Add(new(property.Name, x));
                }
                var parameters = Check(formula, values, prefix: "");
                var result = catalog.Evaluate(formula, parameters);
                WriteResult(stdout, formula.Id, parameters, result);
                return true;
            }
            catch (Exception e) when (e is UsageException or ArgumentException)
            {
                WriteError(stdout, id, raw, CoreCall.PlainMessage(e));
                return false;
            }
            catch (ArithmeticException e)
            {
                WriteError(stdout, id, raw, "numerical failure in the core: " + CoreCall.PlainMessage(e));
                return false;
            }
        }
    }

    // ---- shared ----------------------------------------------------------------------------------

    private Formula FindOrThrow(string id) =>
        catalog.Find(id)
        ?? throw new UsageException($"unknown {Name} id '{id}'; `akern {Name} list` shows the ids ({string.Join(", ", catalog.List().Select(f => f.Id))}).");

    /// <summary>
    /// Checks that the given parameters are exactly the formula's (no unknown, none missing, none twice)
    /// and returns them in the formula's order. Parameter names are case-sensitive.
    /// </summary>
    private static Dictionary<string, double> Check(Formula formula, IReadOnlyList<KeyValuePair<string, double>> given, string prefix)
    {
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (name, value) in given)
        {
            if (!formula.Parameters.Any(p => string.Equals(p.Name, name, StringComparison.Ordinal)))
            {
                throw new UsageException($"{prefix}{name} is not a parameter of {formula.Id}, which takes {Describe(formula, prefix)} (names are case-sensitive).");
            }
            if (!result.TryAdd(name, value))
            {
                throw new UsageException($"{prefix}{name} is given twice; {Range(formula, name)}");
            }
        }
        foreach (var p in formula.Parameters)
        {
            if (!result.ContainsKey(p.Name))
            {
                throw new UsageException($"missing {prefix}{p.Name} for {formula.Id}; valid range: {p.Range}.");
            }
        }
        return formula.Parameters.ToDictionary(p => p.Name, p => result[p.Name], StringComparer.Ordinal);
    }

    internal static string Describe(Formula formula, string prefix) =>
        string.Join(", ", formula.Parameters.Select(p => $"{prefix}{p.Name} {p.Range}"));

    private static string Range(Formula formula, string name) =>
        formula.Parameters.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.Ordinal)) is { } p
            ? $"valid range: {p.Range}."
            : $"{formula.Id} takes {Describe(formula, "")}.";

    private static void WriteResult(TextWriter stdout, string id, IReadOnlyDictionary<string, double> parameters, Evaluation result) =>
        JsonLine.Write(stdout, w =>
        {
            w.WriteString("id", id);
            JsonLine.Params(w, parameters);
            JsonLine.Number(w, "value", result.Value);
            JsonLine.Number(w, "ln", result.Ln);
            w.WriteString("equation", result.Equation);
            w.WriteBoolean("inRange", result.InRange);
        });

    private static void WriteError(TextWriter stdout, JsonElement? id, JsonElement? parameters, string error) =>
        JsonLine.Write(stdout, w =>
        {
            w.WritePropertyName("id");
            if (id is { } i) i.WriteTo(w); else w.WriteNullValue();
            w.WritePropertyName("params");
            if (parameters is { } p) p.WriteTo(w); else w.WriteNullValue();
            w.WriteString("error", error);
        });
}
