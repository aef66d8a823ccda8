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

    /// <summary>The commands, in the order the usage lists them. Later ones (simulate, reproduce, bench) plug in here.</summary>
    private static readonly ICommand[] Commands =
    [
        new CapacityCommand(),
        new RegistryCommand(Catalog.Bounds),
        new RegistryCommand(Catalog.Kernels),
        new SimulateCommand(),
        new ReproduceCommand(),
        new BenchCommand(),
    ];

    /// <summary>
    /// Runs <c>akern</c> with <paramref name="args"/>, writing to the given writers (and reading
    /// <c>--batch -</c> from <paramref name="stdin"/>, the console's by default), and returns the exit code.
    /// </summary>
    internal static int Run(string[] args, TextWriter stdout, TextWriter stderr, TextReader? stdin = null)
    {
        if (args.Length == 0 || args[0] is "--help" or "-h" or "help")
        {
            stdout.Write(Usage());
            return Ok;
        }
        var command = Commands.FirstOrDefault(c => string.Equals(c.Name, args[0], StringComparison.Ordinal));
        if (command is null)
        {
            stderr.WriteLine($"akern: unknown command '{args[0]}'; the commands are {string.Join(", ", Commands.Select(c => c.Name))} (akern --help).");
            return BadArguments;
        }
        try
        {
            return command.Run(args[1..], new Streams(stdout, stderr, stdin ?? Console.In));
        }
        catch (UsageException e)
        {
            stderr.WriteLine($"akern {command.Name}: {e.Message}");
            return BadArguments;
        }
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
        w.WriteLine($"  akern {"--help",-42} this text");
        w.WriteLine();
        w.WriteLine("Flags are the papers' symbols and case-sensitive: --N is the dimension, --n the DAM degree.");
        w.WriteLine("JSON keys are the same symbols. Numbers use '.' as the decimal point.");
        w.WriteLine("Exit code 0 on success, 2 on bad arguments (with one line on stderr) or a failed batch line,");
        w.WriteLine("1 on an internal (numerical) failure.");
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

    /// <summary>Runs it on the arguments after its name; throws <see cref="UsageException"/> for bad arguments.</summary>
    int Run(string[] args, Streams io);
}

/// <summary>Where a command reads and writes: standard output, standard error, standard input.</summary>
internal sealed record Streams(TextWriter Out, TextWriter Error, TextReader In);

/// <summary>Bad command-line arguments: the message is the one line printed on stderr (exit code 2).</summary>
internal sealed class UsageException(string message) : Exception(message);
