namespace AssociativeKernels.Tests;

/// <summary>Tests that change the process's current directory run alone.</summary>
[CollectionDefinition(nameof(CurrentDirectory), DisableParallelization = true)]
public class CurrentDirectory;

/// <summary>
/// The README's C# example: <see cref="ReadmeExample"/> holds it verbatim in the global namespace (where a user's
/// top-level program lives); this checks the copy against the README's text and runs it. (A fresh
/// <c>dotnet new console</c> against the packed package is the stronger check; see the README.)
/// </summary>
[Collection(nameof(CurrentDirectory))]
public class ReadmeExampleTests
{
    /// <summary>The repository root: the nearest folder above the test assembly that holds AssociativeKernels.sln.</summary>
    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AssociativeKernels.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("AssociativeKernels.sln not found above " + AppContext.BaseDirectory);
    }

    private static string[] Between(string[] lines, string start, string end)
    {
        var from = Array.FindIndex(lines, l => l.Trim() == start) + 1;
        var to = Array.FindIndex(lines, from, l => l.Trim() == end);
        Assert.True(from > 0 && to > from, $"markers {start} … {end} not found");
        return lines[from..to];
    }

    [Fact]
    public void The_readme_csharp_example_is_the_code_that_the_test_runs()
    {
        var root = RepositoryRoot();
        var readme = File.ReadAllLines(Path.Combine(root, "README.md"));
        var fromCsharp = Array.FindIndex(readme, l => l == "## From C#");
        var block = Between(readme[fromCsharp..], "```csharp", "```");
        Assert.Equal("using AssociativeKernels;", block[0]);
        var copy = Between(File.ReadAllLines(Path.Combine(root, "tests", "Facade.Tests", "ReadmeExample.cs")), "// ---- README ----", "// ---- end ----")
            .Select(l => l.Length >= 8 ? l[8..] : l.Trim()).ToArray();
        Assert.Equal(block[2..], copy);
    }

    [Fact]
    public void The_readme_csharp_example_runs_and_retrieves_what_it_says()
    {
        var folder = Directory.CreateTempSubdirectory("akern-readme").FullName;
        var previous = Directory.GetCurrentDirectory();
        try
        {
            Directory.SetCurrentDirectory(folder);
            ReadmeExample.Run();
            // The query is pattern 0 with its last bit flipped: Manhattan with a sharp softmax gives pattern 0 back.
            var answers = Npy.ReadMatrix("answers.npy");
            Assert.Equal(new double[] { 1, 1, 1, -1, -1, 1 }, Enumerable.Range(0, 6).Select(i => Math.Round(answers[0, i], 6)).ToArray());
            Assert.Equal(2, answers.GetLength(0));
        }
        finally
        {
            Directory.SetCurrentDirectory(previous);
            Directory.Delete(folder, recursive: true);
        }
    }
}
