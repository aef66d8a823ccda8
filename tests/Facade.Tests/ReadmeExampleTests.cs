namespace AssociativeKernels.Tests;

/// <summary>Tests that change the process's current directory run alone.</summary>
[CollectionDefinition(nameof(CurrentDirectory), DisableParallelization = true)]
public class CurrentDirectory;

/// <summary>The README's C# example, run as written (with the files it reads made first).</summary>
[Collection(nameof(CurrentDirectory))]
public class ReadmeExampleTests
{
    [Fact]
    public void The_readme_csharp_example_runs_as_written()
    {
        var folder = Directory.CreateTempSubdirectory("akern-readme").FullName;
        var previous = Directory.GetCurrentDirectory();
        try
        {
            Directory.SetCurrentDirectory(folder);
            var stored = new double[,] { { 1, 1, 1, -1, -1, 1 }, { -1, 1, -1, 1, -1, 1 }, { 1, -1, -1, -1, 1, 1 }, { -1, -1, 1, 1, 1, -1 } };
            Npy.Write("patterns.npy", stored);
            double[] query = { 1, 1, 1, -1, -1, -1 };
            double[,] queries = { { 1, 1, 1, -1, -1, -1 }, { -1, 1, -1, 1, 1, 1 } };

            // ---- the README example, verbatim ----
            BoundResult lower = CapacityBounds.ExpBetaGaussianLower(dimension: 1_000_000, sigma2: 0.3);
            Console.WriteLine($"{lower.Equation}: ln M_max ≥ {lower.Ln:F1} (value {(lower.Value?.ToString() ?? "overflows a double")})");
            var dense = CapacityBounds.Evaluate("dam-no-error", new Dictionary<string, double> { ["n"] = 3, ["N"] = 100 });
            double[] x = { 1, -1, 1, 1 }, y = { 1, 1, -1, 1 };
            double k = Kernels.Linear(x, y);
            KernelValue sdm = Kernels.SdmHypercube(dimension: 100, radius: 40, distance: 10);
            double[,] patterns = Npy.ReadMatrix("patterns.npy");
            var hopfield = HopfieldNetwork.Create(patterns);
            MemoryIteration run = hopfield.RetrieveToConvergence(query, maxSweeps: 100, seed: 1);
            var uhn = new UniversalHopfieldNetwork(patterns, new UniversalHopfieldOptions
            { Similarity = SimilarityFunction.Manhattan, Separation = SeparationFunction.Softmax, Beta = 1000 });
            double[,] answers = uhn.RetrieveBatch(queries);
            var svm = KernelMemoryNetwork.TrainAutoAssociative(patterns, MemoryKernel.Polynomial(degree: 3, offset: 1));
            Npy.Write("answers.npy", answers);
            // ---- end of the example ----

            Assert.Null(lower.Value);
            Assert.True(lower.Ln > 20000);
            Assert.Equal(361.9, dense.Value!.Value, 1);
            Assert.Equal(0, k);
            Assert.True(sdm.Value > 0);
            Assert.Equal(stored, patterns);
            Assert.Equal(IterationEnding.Converged, run.Ending);
            // the query is pattern 0 with its last bit flipped: Manhattan + sharp softmax retrieves pattern 0
            Assert.Equal(new double[] { 1, 1, 1, -1, -1, 1 }, Enumerable.Range(0, 6).Select(i => Math.Round(answers[0, i], 6)).ToArray());
            Assert.Equal(answers, Npy.ReadMatrix("answers.npy"));
            Assert.Equal(4, svm.PatternCount);
        }
        finally
        {
            Directory.SetCurrentDirectory(previous);
            Directory.Delete(folder, recursive: true);
        }
    }
}
