namespace AssociativeKernels.Cli;

/// <summary>
/// Command-line flags after a command: <c>--NAME VALUE</c> pairs (also written <c>--NAME=VALUE</c>, see
/// <see cref="SplitEquals"/>) whose names are the papers' symbols
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

    /// <summary>
    /// The value of a <c>--seed</c> flag whose text is read by the command itself (<c>reproduce</c>): a number written as
    /// any flag's (Numbers.TryParse: <c>1e3</c>, <c>+5</c>, <c>-0</c> as <c>simulate</c> and <c>verify</c> read them), whole and in
    /// [0, 2147483647]; a <see cref="UsageException"/> otherwise.
    /// </summary>
    internal static int Seed(string text)
    {
        const string range = "a whole number in [0, 2147483647]";
        if (Numbers.TryParse(text) is not { } x) throw new UsageException($"--seed '{text}' is not a finite number; {range}.");
        if (x < 0 || x > int.MaxValue || Math.Floor(x) != x) throw new UsageException($"--seed {Numbers.Exact(x)} is outside its valid range: {range}.");
        return (int)x;
    }

    /// <summary>The flags that take no value: <c>--json=…</c> is refused rather than read as <c>--json …</c>.</summary>
    private static readonly HashSet<string> Switches = new(StringComparer.Ordinal) { "--json", "--quick", "--help" };

    /// <summary>
    /// Rewrites every <c>--NAME=VALUE</c> as the two arguments <c>--NAME VALUE</c> (split at the first '='),
    /// so that every command accepts both spellings; other arguments are kept as they are.
    /// </summary>
    internal static string[] SplitEquals(string[] args)
    {
        var result = new List<string>(args.Length);
        foreach (var token in args)
        {
            var eq = token.IndexOf('=');
            if (!token.StartsWith("--", StringComparison.Ordinal) || eq <= 2)
            {
                result.Add(token);
                continue;
            }
            var name = token[..eq];
            if (Switches.Contains(name)) throw new UsageException($"{name} takes no value (got '{token}').");
            if (eq == token.Length - 1) throw new UsageException($"{name} needs a value after '=' (write {name}=VALUE or {name} VALUE).");
            result.Add(name);
            result.Add(token[(eq + 1)..]);
        }
        return [.. result];
    }

    private static string Accepted(IReadOnlyCollection<string> switches, Func<string, string>? explain) =>
        explain is not null
            ? explain("")
            : switches.Count == 0 ? "no flags are accepted here." : $"the only flags accepted here are {string.Join(", ", switches)}.";
}
