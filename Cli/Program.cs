// akern: the command-line tool. All the logic lives in Akern.Run so tests can call it with captured writers.
return AssociativeKernels.Cli.Akern.Run(args, Console.Out, Console.Error);
