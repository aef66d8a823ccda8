namespace AssociativeKernels.Cli;

/// <summary>
/// Command-line flags after a command: <c>--NAME VALUE</c> pairs whose names are the papers' symbols
/// (case-sensitive: <c>--N</c> and <c>--n</c> differ) with invariant-culture numbers, and bare switches
/// such as <c>--json</c>.
/// </summary>
internal sealed class Flags
{
    private readonly HashSet<string> switches = new(StringComparer.Ordinal);

    /// <summary>The <c>--NAME VALUE</c> pairs in the order given (NAME without the dashes).</summary>
    internal List<KeyValuePair<string, double>> Values { get; } = [];

    /// <summary>Whether the switch (e.g. <c>--json</c>) was given.</summary>
    internal bool Has(string name) => switches.Contains(name);

    /// <summary>
    /// Parses <paramref name="args"/>. <paramref name="explain"/> gives, for a flag name, the end of an error
    /// message (its valid range, or which flags are accepted); when it is null no value flags are accepted.
    /// </summary>
    internal static Flags Parse(string[] args, IReadOnlyCollection<string> switches, Func<string, string>? explain)
    {
        var flags = new Flags();
        for (var i = 0; i < args.Length; i++)
        {
            var token = args[i];
            if (switches.Contains(token))
            {
                if (!flags.switches.Add(token)) throw new UsageException($"{token} is given twice.");
                continue;
            }
            if (!token.StartsWith("--", StringComparison.Ordinal) || token.Length == 2)
            {
                throw new UsageException($"unexpected argument '{token}'; {Accepted(switches, explain)}");
            }
            if (explain is null)
            {
                throw new UsageException($"unknown flag {token}; {Accepted(switches, explain)}");
            }
            var name = token[2..];
            if (i + 1 >= args.Length || (args[i + 1].StartsWith("--", StringComparison.Ordinal) && Numbers.TryParse(args[i + 1]) is null))
            {
                throw new UsageException($"{token} needs a value; {explain(name)}");
            }
            var text = args[++i];
            if (Numbers.TryParse(text) is not { } value)
            {
                throw new UsageException($"{token} '{text}' is not a finite number (write it like 0.25 or 1e6); {explain(name)}");
            }
            flags.Values.Add(new(name, value));
        }
        return flags;
    }

    private static string Accepted(IReadOnlyCollection<string> switches, Func<string, string>? explain) =>
        explain is not null
            ? explain("")
            : switches.Count == 0 ? "no flags are accepted here." : $"the only flags accepted here are {string.Join(", ", switches)}.";
}
