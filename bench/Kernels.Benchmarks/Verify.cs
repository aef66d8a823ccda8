using System.Text.Json;
using static AssociativeKernels.Cli.BenchInputs;

namespace AssociativeKernels.Benchmarks;

/// <summary>
/// Writes, for every akern bench case, small seeded inputs (built as the benchmarks build them, at awkward sizes:
/// N not a multiple of 16 or 64) and the facade's outputs into DIR/CASE/: the inputs as .npy files named after the
/// arguments of the peer's <c>compute</c> (bench/peers/*.py), the scalars and the peer's module name in
/// params.json, and each of our outputs as ours*.npy. bench/peers/verify.py DIR recomputes and compares.
/// </summary>
internal static class Verify
{
    internal static void Write(string dir)
    {
        foreach (var f32 in new[] { true, false })
        {
            var (x, q) = CaseInputs.Dense(300, 70, 9, f32);
            var net = CaseInputs.Modern(x, 1, f32);
            var outputs = new Dictionary<string, Array> { ["ours"] = net.RetrieveBatch(q) };
            Save(dir, f32 ? "mchn-batch-f32" : "mchn-batch-f64", "mchn_batch", new() { ["beta"] = 1.0 },
                new() { ["X"] = Dtype(x, f32), ["Q"] = Dtype(q, f32) }, outputs);
        }
        {
            const double beta = 8; // peaked weights
            var (x, q) = CaseInputs.Dense(500, 77, 1, false);
            var net = CaseInputs.Modern(x, beta, false);
            Save(dir, "mchn-single", "mchn_single", new() { ["beta"] = beta },
                new() { ["X"] = x, ["q"] = Row(q) }, new() { ["ours"] = net.Retrieve(Row(q)) });
        }
        {
            // M ≫ 2^(N/2)-ish: exact ties of the largest overlap occur, so "lowest index on ties" is checked.
            var (x, q) = CaseInputs.Bipolars(1000, 100, 17);
            var nearest = PackedBipolarMemory.Create(x).NearestBatch(q);
            Save(dir, "bipolar-nearest", "bipolar_nearest", [],
                new() { ["X"] = Single(x), ["Q"] = Single(q) }, new() { ["ours"] = Array.ConvertAll(nearest, i => (double)i) });
        }
        {
            var (x, q) = CaseInputs.Dense(200, 45, 7, false);
            var net = CaseInputs.Manhattan(x, 1, false);
            Save(dir, "manhattan-batch", "manhattan_batch", new() { ["beta"] = 1.0 },
                new() { ["X"] = x, ["Q"] = q }, new() { ["ours"] = net.RetrieveBatch(q) });
        }
        {
            // N=70, r=28: b = N − 2r = 14, about 5 % of the slots active.
            const int radius = 28;
            var (p, q) = CaseInputs.Bipolars(20, 70, 1);
            var memory = CaseInputs.Sdm(p, 2000, radius);
            Save(dir, "sdm-read", "sdm_read", new() { ["r"] = radius },
                new() { ["Z"] = memory.Addresses, ["P"] = p, ["q"] = Row(q) }, new() { ["ours"] = memory.Read(Row(q)) });
        }
        {
            var (x, q) = CaseInputs.Bipolars(20, 50, 1);
            Save(dir, "dam-async-sweep", "dam_async_sweep", [],
                new() { ["X"] = x, ["s0"] = Row(q) }, new() { ["ours"] = CaseInputs.Dam(x).Retrieve(Row(q)) });
        }
        Console.WriteLine($"wrote the inputs and our outputs of 7 cases into {Path.GetFullPath(dir)}");
    }

    private static Array Dtype(double[,] x, bool f32) => f32 ? Single(x) : x;

    /// <summary>Writes DIR/NAME/params.json and one .npy per input and output.</summary>
    private static void Save(string dir, string name, string peer, Dictionary<string, double> scalars,
        Dictionary<string, Array> inputs, Dictionary<string, Array> outputs)
    {
        var folder = Directory.CreateDirectory(Path.Combine(dir, name)).FullName;
        File.WriteAllText(Path.Combine(folder, "params.json"), JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["case"] = name, ["peer"] = peer, ["scalars"] = scalars,
        }));
        foreach (var (key, value) in inputs.Concat(outputs))
        {
            var path = Path.Combine(folder, key + ".npy");
            switch (value)
            {
                case double[,] m: Npy.Write(path, m); break;
                case float[,] m: Npy.Write(path, m); break;
                case double[] v: Npy.Write(path, v); break;
                case float[] v: Npy.Write(path, v); break;
                default: throw new ArgumentException($"{key}: cannot write a {value.GetType()} as .npy");
            }
        }
    }
}
