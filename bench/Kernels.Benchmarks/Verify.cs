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
    /// <summary>Writes the nine case folders (mchn-batch, manhattan-batch, mchn-single in f32 and f64; the three ±1 cases) into <paramref name="dir"/>.</summary>
    internal static void Write(string dir)
    {
        foreach (var f32 in new[] { true, false })
        {
            var dtype = f32 ? "-f32" : "-f64";
            {
                // Q ≥ 32 takes the batched (matrix-product) schedule, Q > 256 two query blocks, M·N·Q ≥ 2^21 both cores.
                var (x, q) = Dense(1000, 70, 300, f32);
                DenseBatch(dir, "mchn-batch" + dtype, "mchn_batch", 1, x, q, f32, new ModernBatch(CaseInputs.Modern(x, 1)));
            }
            {
                var (x, q) = Dense(600, 45, 40, f32);
                DenseBatch(dir, "manhattan-batch" + dtype, "manhattan_batch", 1, x, q, f32, new UniversalBatch(CaseInputs.Manhattan(x, 1)));
            }
            {
                const double beta = 8; // peaked weights
                var (x, q) = Dense(30_000, 77, 1, f32); // M·N ≥ 2^21: both cores
                var net = CaseInputs.Modern(x, beta);
                var query = Row(q);
                var queryF = Array.ConvertAll(query, v => (float)v);
                var outputs = new Dictionary<string, Array> { ["ours"] = f32 ? net.Retrieve(queryF) : net.Retrieve(query) };
                if (f32) net.Retrieve(queryF, Output<float>(outputs, "ours_span", query.Length));
                else net.Retrieve(query, Output<double>(outputs, "ours_span", query.Length));
                Save(dir, "mchn-single" + dtype, "mchn_single", new() { ["beta"] = beta },
                    new() { ["X"] = Dtype(x, f32), ["q"] = f32 ? queryF : query }, outputs);
            }
        }
        {
            // M = 1000 patterns of N = 100: the largest overlap is often shared, so "lowest index on ties" is checked.
            var (x, q) = CaseInputs.Bipolars(1000, 100, 17);
            var nearest = PackedBipolarMemory.Create(x).NearestBatch(q);
            Save(dir, "bipolar-nearest", "bipolar_nearest", [],
                new() { ["X"] = Single(x), ["Q"] = Single(q) }, new() { ["ours"] = Array.ConvertAll(nearest, i => (double)i) });
        }
        {
            // N = 70, r = 28: b = N − 2r = 14, about 5 % of the slots active.
            const int radius = 28;
            var (p, q) = CaseInputs.Bipolars(20, 70, 1);
            var memory = CaseInputs.Sdm(p, 2000, radius);
            Save(dir, "sdm-read", "sdm_read", new() { ["r"] = radius },
                new() { ["Z"] = memory.Addresses, ["P"] = p, ["q"] = Row(q) }, new() { ["ours"] = memory.Retrieve(Row(q)) });
        }
        {
            var (x, q) = CaseInputs.Bipolars(20, 50, 1);
            Save(dir, "dam-async-sweep", "dam_async_sweep", [],
                new() { ["X"] = x, ["s0"] = Row(q) }, new() { ["ours"] = CaseInputs.Dam(x).Retrieve(Row(q)) });
        }
        Console.WriteLine($"wrote the inputs and our outputs of 9 cases into {Path.GetFullPath(dir)}");
    }

    /// <summary>A batched dense case: Z from every batch overload the network has (ours, ours_float, ours_span).</summary>
    private static void DenseBatch(string dir, string name, string peer, double beta, double[,] x, double[,] q, bool f32, IDenseBatch net)
    {
        var outputs = new Dictionary<string, Array> { ["ours"] = net.RetrieveBatch(q) };
        if (f32)
        {
            var qf = Single(q);
            outputs["ours_float"] = net.RetrieveBatch(qf);
            net.RetrieveBatch(CaseInputs.Flat(qf), Output<float>(outputs, "ours_span", q.Length));
        }
        else
        {
            net.RetrieveBatch(CaseInputs.Flat(q), Output<double>(outputs, "ours_span", q.Length));
        }
        Save(dir, name, peer, new() { ["beta"] = beta }, new() { ["X"] = Dtype(x, f32), ["Q"] = Dtype(q, f32) }, outputs);
    }

    /// <summary>A new output buffer of <paramref name="length"/> entries, recorded under <paramref name="name"/>.</summary>
    private static T[] Output<T>(Dictionary<string, Array> outputs, string name, int length)
    {
        var buffer = new T[length];
        outputs[name] = buffer;
        return buffer;
    }

    /// <summary>
    /// <see cref="CaseInputs.Dense"/>, with f32 also rounding the patterns, so that the float32 X.npy the peer reads
    /// holds exactly the values the network stores.
    /// </summary>
    private static (double[,] Patterns, double[,] Queries) Dense(int m, int n, int q, bool f32)
    {
        var (patterns, queries) = CaseInputs.Dense(m, n, q, f32);
        if (f32) Round32(patterns);
        return (patterns, queries);
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
