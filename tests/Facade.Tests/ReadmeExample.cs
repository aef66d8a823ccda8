using AssociativeKernels;

/// <summary>
/// The README's C# example (the block under "From C#"), verbatim, in the global namespace as a user's
/// <c>Program.cs</c> is (a copy inside a namespace of ours once hid a name clash users met).
/// <see cref="AssociativeKernels.Tests.ReadmeExampleTests"/> checks that this text and the README's are the same
/// and runs it.
/// </summary>
internal static class ReadmeExample
{
    internal static void Run()
    {
        // ---- README ----
        // Exp-β network capacity for Gaussian patterns, N = 10^6, σ² = 0.3 (KMN Eq. 87): far beyond a double.
        BoundResult lower = CapacityBounds.ExpBetaGaussianLower(dimension: 1_000_000, sigma2: 0.3);
        Console.WriteLine($"{lower.Equation}: ln M_max ≥ {lower.Ln:F1} (value {(lower.Value?.ToString() ?? "overflows a double")})");

        // The same through the registry, by id, as the CLI does it.
        var dense = CapacityBounds.Evaluate("dam-no-error", new Dictionary<string, double> { ["n"] = 3, ["N"] = 100 });
        Console.WriteLine($"dense memory n = 3, N = 100: {dense.Value:F1} patterns ({dense.Equation})");

        // Kernels take spans or arrays.
        double[] x = { 1, -1, 1, 1 }, y = { 1, 1, -1, 1 };
        double k = Kernels.Linear(x, y);                                                    // K1
        KernelValue sdm = Kernels.SdmHypercube(dimension: 100, radius: 40, distance: 10);   // K5, KMN Eq. 16
        Console.WriteLine($"linear {k}, SDM hypercube ln K = {sdm.Ln:F3}");

        // Memories: patterns are rows of a double[,] (or float[,], or a row-major span).
        double[,] patterns =
        {
            { 1, 1, 1, -1, -1, 1 }, { -1, 1, -1, 1, -1, 1 }, { 1, -1, -1, -1, 1, 1 }, { -1, -1, 1, 1, 1, -1 },
        };
        double[] query = { 1, 1, 1, -1, -1, -1 };                          // pattern 0 with its last bit flipped
        double[,] queries = { { 1, 1, 1, -1, -1, -1 }, { -1, 1, -1, 1, 1, 1 } };

        var hopfield = HopfieldNetwork.Create(patterns);                    // M1, Hebbian
        MemoryIteration run = hopfield.Iterate(query, maxSteps: 100, seed: 1);
        Console.WriteLine($"Hopfield: {run.Ending} after {run.Steps} steps");

        var uhn = UniversalHopfieldNetwork.Create(patterns, new UniversalHopfieldOptions // M5
            { Similarity = SimilarityFunction.Manhattan, Separation = SeparationFunction.Softmax, Beta = 1000 });
        double[,] answers = uhn.RetrieveBatch(queries);
        Console.WriteLine($"UHN, first answer: {string.Join(" ", Enumerable.Range(0, 6).Select(i => answers[0, i].ToString("F0")))}");

        var svm = KernelMemoryNetwork.Create(patterns, MemoryKernel.Polynomial(degree: 3, offset: 1)); // M7
        Console.WriteLine($"kernel memory network stores {svm.PatternCount} patterns");

        // Sharded retrieval: each shard (a row range here; a thread, a process or a machine in practice, with its firstRow)
        // returns a mergeable one-pass state; merged in any order they complete to the whole memory's answer.
        var modern = ModernHopfieldNetwork.Create(patterns, beta: 4);
        PartialRetrieval[] shards = [modern.RetrievePartial(query, 0, 1), modern.RetrievePartial(query, 1, 4)];
        double[] sharded = PartialRetrieval.Merge(shards[1], shards[0]).Complete();
        Console.WriteLine($"sharded {string.Join(" ", sharded.Select(v => v.ToString("F3")))} = whole {string.Join(" ", modern.Retrieve(query).Select(v => v.ToString("F3")))}");

        // Sparse separations: sparsemax gives far patterns weight exactly 0 and retrieves exactly once the best score
        // leads by 1/β (here 4 against −2: weights 1 0 0 0, exact).
        var sparse = SparseModernHopfieldNetwork.Create(patterns, beta: 1, SimplexMap.Sparsemax);
        Console.WriteLine($"sparsemax weights {string.Join(" ", sparse.Weights(query).Select(v => v.ToString("F2")))}, exact: {sparse.RetrievesExactly(0, query)}");

        // Every memory implements IAssociativeMemory, so the same code runs on any model.
        IAssociativeMemory[] memories = [hopfield, uhn, svm, DenseAssociativeMemory.Create(patterns, degree: 3)];
        foreach (var memory in memories)
            Console.WriteLine($"{memory.GetType().Name}: {string.Join(" ", memory.Retrieve(query).Select(v => v.ToString("F0")))}");

        Npy.Write("answers.npy", answers);                                  // read back in numpy with np.load
        // ---- end ----
    }
}
