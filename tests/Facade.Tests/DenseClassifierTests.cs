using System.Runtime.Intrinsics;
using AssociativeKernels.Fast;
using Core = global::AssociativeKernels.Core;

namespace AssociativeKernels.Tests;

/// <summary>
/// The DAM §4 classifier (<see cref="DenseClassifier"/>, its engine <see cref="DenseClassifierEngine{T}"/>): the
/// forward pass against the core's Eq. 9 (<c>DenseMemory.classify</c>), the normalized update and clipping of Eq. 13,
/// the schedules, determinism under a seed and bad input (the engine's loss, gradient and training steps against the
/// core's reference <c>DenseTraining</c> on every backend are in <see cref="DenseClassifierParityTests"/>; the short
/// training run on the MNIST fixture is <see cref="DamMnistFigureTests"/>).
/// </summary>
public class DenseClassifierTests
{
    /// <summary>Every vector width this processor runs, by name (<see cref="Width"/> is internal).</summary>
    public static TheoryData<string> Widths()
    {
        var widths = new TheoryData<string> { nameof(Width.Narrow) };
        if (Vector256.IsHardwareAccelerated) widths.Add(nameof(Width.Medium));
        if (Vector512.IsHardwareAccelerated) widths.Add(nameof(Width.Wide));
        return widths;
    }

    // ------------------------------------------------------------------ the core's reference

    /// <summary>DAM Eq. 9 from the core (<c>DenseMemory.classify</c>, F the rectified polynomial of Eq. 3, labels starting off at −1).</summary>
    internal static double[] CoreOutputs(double[][] memories, int classes, int n, double beta, double[] v) =>
        Core.DenseMemoryModule.Classify(Core.DenseMemoryModule.Create(Core.DenseEnergy.NewRectifiedPolynomial(n), memories), classes, beta, -1.0, v);

    private sealed record Instance(double[][] Memories, double[][] Inputs, int[] Labels, int Visible, int Classes);

    private static Instance RandomInstance(int k, int visible, int classes, int batch, int seed, double spread = 0.8)
    {
        var rng = new Random(seed);
        double U(double a) => a * (2 * rng.NextDouble() - 1);
        var memories = Enumerable.Range(0, k).Select(_ => Enumerable.Range(0, visible + classes).Select(_ => U(spread)).ToArray()).ToArray();
        var inputs = Enumerable.Range(0, batch).Select(_ => Enumerable.Range(0, visible).Select(_ => U(1)).ToArray()).ToArray();
        var labels = Enumerable.Range(0, batch).Select(b => b % classes).ToArray();
        return new(memories, inputs, labels, visible, classes);
    }

    private static DenseClassifierEngine<double> Engine(Instance x, string width) => Engine(x, Enum.Parse<Width>(width));

    private static DenseClassifierEngine<double> Engine(Instance x, Width width) =>
        new(x.Memories, x.Memories.Select(m => new double[m.Length]).ToArray(), x.Visible, x.Classes, x.Inputs.Length, width);

    // ------------------------------------------------------------------ forward

    [Theory]
    [MemberData(nameof(Widths))]
    public void Forward_pass_matches_the_core_Eq_9(string width)
    {
        // Sizes that leave partial tiles everywhere: 37 memories (6-row tiles), 45 examples (vector panels), 50 visible.
        foreach (var n in new[] { 2, 3 })
        {
            var x = RandomInstance(37, 50, 10, 45, seed: 7 + n);
            const double beta = 0.02;
            var engine = Engine(x, width);
            var outputs = new double[x.Inputs.Length * x.Classes];
            engine.Forward(x.Inputs, n, beta, outputs);
            for (var b = 0; b < x.Inputs.Length; b++)
            {
                var expected = CoreOutputs(x.Memories, x.Classes, n, beta, x.Inputs[b]);
                for (var a = 0; a < x.Classes; a++) Assert.Equal(expected[a], outputs[b * x.Classes + a], 1e-12);
            }
        }
    }

    [Fact]
    public void Public_float_outputs_match_the_reference_within_float_rounding()
    {
        var options = new DenseClassifierOptions { PatternCount = 30, Power = 3, ExamplesPerClass = 4, InitialTemperature = 20, Seed = 5 };
        var classifier = new DenseClassifier(40, 5, options);
        var x = RandomInstance(1, 40, 5, 23, seed: 3);
        var inputs = new float[x.Inputs.Length, 40];
        var doubles = new double[x.Inputs.Length, 40];
        for (var b = 0; b < x.Inputs.Length; b++)
        {
            for (var i = 0; i < 40; i++) doubles[b, i] = inputs[b, i] = (float)x.Inputs[b][i];
        }
        var patterns = classifier.Patterns();
        var memories = Enumerable.Range(0, 30).Select(mu => Enumerable.Range(0, 45).Select(i => (double)patterns[mu, i]).ToArray()).ToArray();
        var outputs = classifier.Outputs(inputs);
        var fromDoubles = classifier.Outputs(doubles);
        for (var b = 0; b < x.Inputs.Length; b++)
        {
            var expected = CoreOutputs(memories, 5, 3, classifier.Beta, Enumerable.Range(0, 40).Select(i => (double)inputs[b, i]).ToArray());
            // tanh is 1-Lipschitz: |Δc| ≤ β |Δgap|, and the float gap carries a relative error of a few 1e-7 of
            // Σ_μ |F| ≲ 30 · 50³ here, i.e. β |Δgap| ≲ 20⁻³ · 1e-6 · 4e6 ≈ 5e-4 at worst.
            for (var a = 0; a < 5; a++)
            {
                Assert.Equal(expected[a], outputs[b, a], 5e-4);
                // Double inputs that are floats already give the very same float outputs.
                Assert.Equal(outputs[b, a], fromDoubles[b, a]);
            }
        }
        var argmax = Enumerable.Range(0, x.Inputs.Length).Select(b => Enumerable.Range(0, 5).MaxBy(a => (outputs[b, a], -a))).ToArray();
        Assert.Equal(argmax, classifier.Predict(inputs));
        Assert.Equal(argmax, classifier.Predict(doubles));
    }

    // ------------------------------------------------------------------ update

    [Fact]
    public void Update_moves_each_memory_by_at_most_epsilon_along_its_normalized_velocity_and_clips_to_the_unit_box()
    {
        // Wide memories (spread 1.3) so that clipping happens; p = 0.5.
        var x = RandomInstance(8, 12, 4, 6, seed: 21, spread: 1.3);
        foreach (var row in x.Memories)
        {
            for (var i = 0; i < row.Length; i++) row[i] = Math.Clamp(row[i], -1, 1);
        }
        const double beta = 0.2, p = 0.5, eps = 0.3;
        var engine = Engine(x, Simd.Best);
        var before = x.Memories.Select(r => (double[])r.Clone()).ToArray();
        engine.Gradient(x.Inputs, x.Labels, 2, beta, 2);
        var g1 = Gradient(engine, x);
        engine.Train(x.Inputs, x.Labels, 2, beta, 2, p, eps);
        var clipped = 0;
        for (var mu = 0; mu < before.Length; mu++)
        {
            var largest = g1[mu].Max(Math.Abs);
            for (var i = 0; i < g1[mu].Length; i++)
            {
                Assert.Equal(-g1[mu][i], engine.Velocity[mu][i], 1e-15); // V = p·0 − ∂C
                var free = before[mu][i] - eps * g1[mu][i] / largest;
                Assert.Equal(Math.Clamp(free, -1, 1), x.Memories[mu][i], 1e-15);
                Assert.InRange(x.Memories[mu][i], -1, 1);
                Assert.True(Math.Abs(x.Memories[mu][i] - before[mu][i]) <= eps * (1 + 1e-12));
                if (Math.Abs(free) > 1) clipped++;
            }
        }
        Assert.True(clipped > 0, "the instance should exercise the clipping");

        // Second step: V ← p V − ∂C at the new memories.
        var v1 = engine.Velocity.Select(r => (double[])r.Clone()).ToArray();
        engine.Gradient(x.Inputs, x.Labels, 2, beta, 2);
        var g2 = Gradient(engine, x);
        engine.Train(x.Inputs, x.Labels, 2, beta, 2, p, eps);
        for (var mu = 0; mu < before.Length; mu++)
        {
            for (var i = 0; i < g2[mu].Length; i++) Assert.Equal(p * v1[mu][i] - g2[mu][i], engine.Velocity[mu][i], 1e-14);
        }
    }

    private static double[][] Gradient(DenseClassifierEngine<double> engine, Instance x)
    {
        var visible = engine.GradientVisible;
        var label = engine.GradientLabel;
        var rows = new double[x.Memories.Length][];
        for (var mu = 0; mu < rows.Length; mu++)
        {
            rows[mu] = [.. visible.Slice(mu * x.Visible, x.Visible), .. label.Slice(mu * x.Classes, x.Classes)];
        }
        return rows;
    }

    // ------------------------------------------------------------------ recipe, determinism, bad input

    [Fact]
    public void Schedules_follow_Eq_12_and_the_linear_temperature_ramp()
    {
        var classifier = new DenseClassifier(4, 2, new DenseClassifierOptions { PatternCount = 3, Power = 3, ExamplesPerClass = 1, TemperatureEpochs = 2, InitialTemperature = 300, FinalTemperature = 100 });
        float[,] inputs = { { 1, -1, 1, -1 }, { -1, 1, -1, 1 } };
        int[] labels = [0, 1];
        Assert.Equal((300.0, 0.04, Math.Pow(300, -3)), (classifier.Temperature, classifier.LearningRate, classifier.Beta));
        Assert.Equal(300, classifier.TrainEpoch(inputs, labels).Temperature);
        Assert.Equal(200, classifier.TrainEpoch(inputs, labels).Temperature);
        var third = classifier.TrainEpoch(inputs, labels);
        Assert.Equal((2, 100.0), (third.Epoch, third.Temperature));
        Assert.Equal(0.04 * Math.Pow(0.998, 2), third.LearningRate, 1e-9);
        Assert.Equal(100, classifier.Temperature);
        Assert.All(classifier.Patterns().Cast<float>(), w => Assert.InRange(w, -1, 1));
    }

    [Fact]
    public void Training_is_deterministic_under_a_seed()
    {
        var (inputs, labels) = Fixture(200);
        float[,] Train(int seed)
        {
            var c = new DenseClassifier(784, 10, new DenseClassifierOptions { PatternCount = 50, ExamplesPerClass = 2, Seed = seed });
            for (var e = 0; e < 2; e++) c.TrainEpoch(inputs, labels);
            return c.Patterns();
        }
        var a = Train(3);
        Assert.Equal(a, Train(3));
        Assert.NotEqual(a, Train(4));
    }

    [Fact]
    public void Bad_input_is_rejected_with_the_parameter_named()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new DenseClassifier(4, 2, new DenseClassifierOptions { Power = 1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DenseClassifier(4, 2, new DenseClassifierOptions { Momentum = 1 }));
        var c = new DenseClassifier(4, 2, new DenseClassifierOptions { PatternCount = 3, ExamplesPerClass = 1 });
        Assert.Equal("inputs", Assert.Throws<ArgumentException>(() => c.TrainEpoch(new float[,] { { 1, 1, 1 } }, [0])).ParamName);
        Assert.Equal("labels", Assert.Throws<ArgumentException>(() => c.TrainEpoch(new float[,] { { 1, 1, 1, 1 } }, [2])).ParamName);
        var missing = Assert.Throws<ArgumentException>(() => c.TrainEpoch(new double[,] { { 1, 1, 1, 1 } }, [0]));
        Assert.Contains("class 1 has no training example", missing.Message);
    }

    // ------------------------------------------------------------------ a short run on the fixture

    /// <summary>The first <paramref name="count"/> fixture images as inputs in [−1, 1] with their labels.</summary>
    internal static (float[,] Inputs, int[] Labels) Fixture(int count)
    {
        var images = MnistData.Load(MnistTests.Fixture, MnistPart.Test);
        return (DenseClassifier.Inputs(images, count), images.Labels[..count]);
    }
}
