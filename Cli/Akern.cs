using System.Reflection;

namespace AssociativeKernels.Cli;

/// <summary>
/// The entry point of <c>akern</c>: dispatches the first argument to a command. Every command writes its
/// results to <c>stdout</c> and at most one line per error to <c>stderr</c>, and returns the exit code
/// (0 success, 2 bad arguments or a failed batch line; DESIGN.md, "The command-line contract").
/// </summary>
internal static class Akern
{
    internal const int Ok = 0;
    internal const int BadArguments = 2;
    internal const int InternalError = 1;

    /// <summary>The commands, in the order the usage lists them.</summary>
    private static readonly ICommand[] Commands =
    [
        new CapacityCommand(),
        new RegistryCommand(Catalog.Bounds),
        new RegistryCommand(Catalog.Kernels),
        new SimulateCommand(),
        new ReproduceCommand(),
        new BenchCommand(),
        new VerifyCommand(),
    ];

    /// <summary>
    /// Runs <c>akern</c> with <paramref name="args"/>, writing to the given writers (and reading
    /// <c>--batch -</c> from <paramref name="stdin"/>, the console's by default), and returns the exit code.
    /// </summary>
    internal static int Run(string[] args, TextWriter stdout, TextWriter stderr, TextReader? stdin = null)
    {
        if (args.Length == 0 || args[0] is "--help" or "-h")
        {
            stdout.Write(Usage());
            return Ok;
        }
        if (args[0] == "--version")
        {
            stdout.WriteLine(Version());
            return Ok;
        }
        // `akern help COMMAND …` is `akern COMMAND … --help`.
        if (args[0] == "help")
        {
            if (args.Length == 1)
            {
                stdout.Write(Usage());
                return Ok;
            }
            args = [.. args[1..], "--help"];
        }
        var command = Commands.FirstOrDefault(c => string.Equals(c.Name, args[0], StringComparison.Ordinal));
        if (command is null)
        {
            stderr.WriteLine($"akern: unknown {(args[0].StartsWith('-') ? "option" : "command")} '{args[0]}'; the commands are {string.Join(", ", Commands.Select(c => c.Name))}, and --help, --version (akern --help).");
            return BadArguments;
        }
        try
        {
            var rest = Flags.SplitEquals(args[1..]);
            if (rest.Any(a => a is "--help" or "-h"))
            {
                // Help wins over everything else on the line; a subcommand (an id, `list`) narrows it.
                command.Help(rest.Length > 0 && !rest[0].StartsWith('-') ? rest[0] : null, stdout);
                return Ok;
            }
            return command.Run(rest, new Streams(stdout, stderr, stdin ?? Console.In));
        }
        catch (UsageException e)
        {
            stderr.WriteLine($"akern {command.Name}: {e.Message}");
            return BadArguments;
        }
    }

    /// <summary>
    /// The package version <c>akern --version</c> prints: the assembly's informational version (the
    /// <c>Version</c> of Directory.Build.props) without the <c>+commit</c> suffix the SDK appends from git.
    /// </summary>
    internal static string Version()
    {
        var informational = typeof(Akern).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? typeof(Akern).Assembly.GetName().Version?.ToString(3) ?? "unknown";
        var plus = informational.IndexOf('+');
        return plus < 0 ? informational : informational[..plus];
    }

    /// <summary>
    /// Writes a command's help: "Usage:", each of <paramref name="forms"/> with what it does, the <paramref name="details"/>
    /// (flags and their valid ranges), then the note on flags every help text ends with.
    /// </summary>
    internal static void WriteHelp(TextWriter stdout, IEnumerable<(string Form, string What)> forms, IEnumerable<string> details)
    {
        stdout.WriteLine("Usage:");
        foreach (var (form, what) in forms)
        {
            stdout.WriteLine($"  akern {form}");
            stdout.WriteLine($"      {what}");
        }
        var lines = details.ToList();
        if (lines.Count > 0)
        {
            stdout.WriteLine();
            foreach (var line in lines) stdout.WriteLine(line);
        }
        stdout.WriteLine();
        stdout.WriteLine("Flags are case-sensitive (--N is the dimension, --n the DAM degree) and take a value as --N 100 or --N=100;");
        stdout.WriteLine("numbers use '.' as the decimal point. --help or -h prints this text. Exit code 0 on success, 2 on bad");
        stdout.WriteLine("arguments (one line on stderr), 1 on an internal (numerical) failure (for verify: the theorem does not hold).");
    }

    /// <summary>The text <c>akern --help</c> prints.</summary>
    internal static string Usage()
    {
        var w = new StringWriter { NewLine = "\n" };
        w.WriteLine("akern — kernels and capacity bounds of associative memories");
        w.WriteLine();
        w.WriteLine("Usage:");
        foreach (var command in Commands)
        {
            foreach (var (form, what) in command.Usage)
            {
                w.WriteLine($"  akern {form,-42} {what}");
            }
        }
        w.WriteLine($"  akern {"COMMAND [SUBCOMMAND] --help",-42} the usage of one command or subcommand (also -h, akern help COMMAND)");
        w.WriteLine($"  akern {"--help",-42} this text");
        w.WriteLine($"  akern {"--version",-42} the version");
        w.WriteLine();
        w.WriteLine("Flags are the papers' symbols and case-sensitive: --N is the dimension, --n the DAM degree.");
        w.WriteLine("A flag takes its value as --N 100 or --N=100. JSON keys are the same symbols. Numbers use '.'");
        w.WriteLine("as the decimal point. Exit code 0 on success, 2 on bad arguments (with one line on stderr) or a");
        w.WriteLine("failed batch line, 1 on an internal (numerical) failure or, for verify, a counterexample.");
        return w.ToString();
    }
}

/// <summary>One subcommand of <c>akern</c>.</summary>
internal interface ICommand
{
    /// <summary>The word that selects it (<c>bound</c>, <c>kernel</c>, <c>capacity</c>…).</summary>
    string Name { get; }

    /// <summary>Its forms and what each does, for the usage text.</summary>
    IReadOnlyList<(string Form, string What)> Usage { get; }

    /// <summary>
    /// Writes its usage to <paramref name="stdout"/> (<c>akern NAME --help</c>), or that of one subcommand — an id,
    /// <c>list</c> — when <paramref name="sub"/> is given; throws <see cref="UsageException"/> for an unknown one.
    /// </summary>
    void Help(string? sub, TextWriter stdout);

    /// <summary>
    /// Runs it on the arguments after its name (<c>--flag=value</c> already split into <c>--flag value</c>,
    /// no <c>--help</c> among them); throws <see cref="UsageException"/> for bad arguments.
    /// </summary>
    int Run(string[] args, Streams io);
}

/// <summary>Where a command reads and writes: standard output, standard error, standard input.</summary>
internal sealed record Streams(TextWriter Out, TextWriter Error, TextReader In);

/// <summary>Bad command-line arguments: the message is the one line printed on stderr (exit code 2).</summary>
internal sealed class UsageException(string message) : Exception(message);
