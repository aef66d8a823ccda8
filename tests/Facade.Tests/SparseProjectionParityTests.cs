using AssociativeKernels.Fast;
using Core = global::AssociativeKernels.Core;

namespace AssociativeKernels.Tests;

/// <summary>
/// Issue 15: the batched sparse projection by partial selection (<see cref="SparseProjection"/>) against the core's full-sort
/// maps (SimplexMap.fs) at every length K = 1 … 300 and through the network's batch retrieval. Both run the same sums in
/// the same order (the skipped entries add exact zeros in the core), so they must agree bit for bit.
/// </summary>
[Trait("Category", "FastPathParity")]
public sealed class SparseProjectionParityTests
{
    private static readonly Core.SimplexMap[] Maps =
    [
        Core.SimplexMap.NewEntmax(2), Core.SimplexMap.NewEntmax(1.5), Core.SimplexMap.NewEntmax(1.25), Core.SimplexMap.NewEntmax(3),
        Core.SimplexMap.NewNormmax(2), Core.SimplexMap.NewNormmax(1.5), Core.SimplexMap.Softmax, Core.SimplexMap.NewEntmax(1 + 1e-5),
    ];

    /// <summary>Shifted logits (max 0) of length k: a spread that leaves a few to all entries in the support, ties and −∞ included.</summary>
    private static double[] Logits(Random random, int k, double spread)
    {
        var z = new double[k];
        for (var i = 0; i < k; i++) z[i] = -(random.Next(4) == 0 ? Math.Round(random.NextDouble() * spread * 4) / 4 : random.NextDouble() * spread);
        if (k > 2 && random.Next(5) == 0) z[k - 1] = double.NegativeInfinity;
        var top = z.Max();
        for (var i = 0; i < k; i++) z[i] -= top;
        return z;
    }

    [Fact]
    public void Every_length_from_1_to_300_agrees_with_the_core_bit_for_bit()
    {
        var random = new Random(15);
        var failures = new List<string>();
        for (var k = 1; k <= FastPathParityTests.MaxLength; k++)
        {
            foreach (var spread in new[] { 0.5, 3.0, 40.0 })
            {
                var z = Logits(random, k, spread);
                foreach (var map in Maps)
                {
                    var expected = Core.SimplexMapModule.Apply(map, z);
                    var got = new double[k];
                    SparseProjection.Apply(map, z, got);
                    if (!expected.SequenceEqual(got)) failures.Add($"K = {k}, spread {spread}, {map}");
                }
            }
        }
        Assert.True(failures.Count == 0, $"{failures.Count} mismatches: {string.Join("; ", failures.Take(10))}");
    }

    [Fact]
    public void The_network_batch_is_the_core_retrieval_row_by_row()
    {
        var random = new Random(150);
        foreach (var (k, n) in new[] { (1, 3), (7, 5), (100, 16), (300, 33) })
        {
            var patterns = new double[k, n];
            for (var i = 0; i < k; i++) for (var j = 0; j < n; j++) patterns[i, j] = random.NextDouble() * 2 - 1;
            var queries = new double[9, n];
            for (var i = 0; i < 9; i++) for (var j = 0; j < n; j++) queries[i, j] = random.NextDouble() * 2 - 1;
            foreach (var map in new[] { SimplexMap.Sparsemax, SimplexMap.Entmax(1.5), SimplexMap.Entmax(2.5), SimplexMap.Normmax(2), SimplexMap.Softmax })
            {
                foreach (var beta in new[] { 0.5, 4.0, 100.0 })
                {
                    var net = SparseModernHopfieldNetwork.Create(patterns, beta, map);
                    var batch = net.RetrieveBatch(queries);
                    var rows = new double[k][];
                    for (var i = 0; i < k; i++) rows[i] = Enumerable.Range(0, n).Select(j => patterns[i, j]).ToArray();
                    var core = Core.SparseModernHopfieldModule.Create(map.CoreMap, beta, rows);
                    for (var r = 0; r < 9; r++)
                    {
                        var q = Enumerable.Range(0, n).Select(j => queries[r, j]).ToArray();
                        var expected = Core.SparseModernHopfieldModule.Retrieve(core, q);
                        Assert.Equal(expected, Enumerable.Range(0, n).Select(j => batch[r, j]).ToArray());
                        Assert.Equal(expected, net.Retrieve(q));
                    }
                }
            }
        }
    }
}
