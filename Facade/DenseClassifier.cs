using AssociativeKernels.Fast;

namespace AssociativeKernels;

/// <summary>
/// The training recipe of the dense-memory classifier (Krotov &amp; Hopfield 2016, appendix "Details of
/// experiments with MNIST"). The defaults are the paper's fixed constants and, where it gives a range,
/// a value inside it; <see cref="ForPower"/> gives the settings this project uses for n = 2 and n = 3.
/// </summary>
public sealed record DenseClassifierOptions
{
    /// <summary>K, the number of memories (hidden units): 2000 in DAM Fig. 2.</summary>
    public int Memories { get; init; } = 2000;

    /// <summary>n, the power of the rectified polynomial F(x) = max(x, 0)ⁿ of DAM Eq. 3 (at least 2).</summary>
    public int Power { get; init; } = 2;

    /// <summary>m, the power of the loss Σ (c − t)^{2m} (DAM Eq. 14; "for small n, we used m = 2, 3, 4").</summary>
    public int LossPower { get; init; } = 3;

    /// <summary>ε₀ of the learning rate ε(t) = ε₀ fᵗ (DAM Eq. 12; typical values 0.01 ≤ ε₀ ≤ 0.04).</summary>
    public double LearningRate { get; init; } = 0.04;

    /// <summary>f of DAM Eq. 12 (0.998), applied once per epoch.</summary>
    public double LearningRateDecay { get; init; } = 0.998;

    /// <summary>p, the momentum of DAM Eq. 13 (0.6 ≤ p ≤ 0.95).</summary>
    public double Momentum { get; init; } = 0.9;

    /// <summary>T_i, the temperature at epoch 0 (β = 1/Tⁿ; 250 ≤ T_i ≤ 400 for small n).</summary>
    public double InitialTemperature { get; init; } = 300;

    /// <summary>T_f, the temperature reached after <see cref="TemperatureEpochs"/> (30 ≤ T_f ≤ 100 for small n).</summary>
    public double FinalTemperature { get; init; } = 60;

    /// <summary>The epochs of the linear temperature ramp from T_i to T_f (200 in the paper); T stays at T_f after.</summary>
    public int TemperatureEpochs { get; init; } = 200;

    /// <summary>Examples of each class in a minibatch (100, i.e. 1000 digits per minibatch).</summary>
    public int ExamplesPerClass { get; init; } = 100;

    /// <summary>The mean of the Gaussian initial weights (DAM: N(−0.3, 0.3)).</summary>
    public double InitialMean { get; init; } = -0.3;

    /// <summary>The standard deviation of the Gaussian initial weights (0.3).</summary>
    public double InitialDeviation { get; init; } = 0.3;

    /// <summary>The seed of the initial weights and the minibatch draws.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>
    /// The settings used here for n = 2 and n = 3: the defaults (ε₀ = 0.04, p = 0.9, m = 3, T_i = 300, T_f = 60),
    /// all inside the paper's windows; the paper does not give the values of its individual runs.
    /// </summary>
    /// <param name="power">n ≥ 2.</param>
    /// <returns>The options.</returns>
    public static DenseClassifierOptions ForPower(int power) => new() { Power = power };
}

/// <summary>The outcome of one training epoch.</summary>
/// <param name="Epoch">The epoch just finished (0-based).</param>
/// <param name="Loss">The mean over its minibatches of the minibatch-mean loss Σ_α (c_α − t_α)^{2m} (DAM Eq. 14).</param>
/// <param name="TrainingError">The fraction of the epoch's examples misclassified before the step on their minibatch.</param>
/// <param name="Temperature">The temperature T of the epoch.</param>
/// <param name="LearningRate">The learning rate ε of the epoch.</param>
public readonly record struct DenseClassifierEpoch(int Epoch, double Loss, double TrainingError, double Temperature, double LearningRate);

/// <summary>
/// The one-step dense-associative-memory classifier of Krotov &amp; Hopfield (2016) §4, trained with the
/// recipe of its appendix. The state has N visible neurons, clamped to an input v with entries in [−1, 1]
/// (pixels p ∈ [0, 1] map to 2p − 1, DAM Fig. 1), and N_c classification neurons that start off (−1) and are
/// updated once (Eq. 9): c_α = tanh[β Σ_μ (F(s_μ + 2ξ_α^μ) − F(s_μ))], s_μ = Σ_i ξ_i^μ v_i − Σ_γ ξ_γ^μ,
/// F the rectified polynomial of Eq. 3 and β = 1/Tⁿ. The class is the neuron with the largest output.
/// <para>
/// Training (appendix): memories start from N(−0.3, 0.3) (clipped to [−1, 1]); each epoch draws class-balanced
/// minibatches (<see cref="DenseClassifierOptions.ExamplesPerClass"/> of each class, as many minibatches as
/// the training set holds); after each the momentum and the per-memory normalised step of Eq. 13 are applied
/// with ε = ε₀ fᵗ (Eq. 12) on the loss Σ (c − t)^{2m} of Eq. 14 (targets +1 for the label and −1 otherwise), and
/// weights are clipped to [−1, 1]; T falls linearly from T_i to T_f over the first epochs. The matrix
/// products run on the register-tiled kernels of the library's fast path, on every core.
/// </para>
/// </summary>
public sealed class DenseClassifier
{
    private readonly DenseClassifierEngine<float> _engine;
    private readonly int[][] _byClass;
    private readonly Random _random;
    private int[][] _order = [];
    private int[]? _labelsSeen;
    private int[] _cursor = [];
    private float[][] _batch = [];
    private int[] _batchLabels = [];

    /// <summary>A classifier with random initial memories (seeded by <see cref="DenseClassifierOptions.Seed"/>).</summary>
    /// <param name="visibleCount">N, the input length (784 for MNIST).</param>
    /// <param name="classCount">N_c, the number of classes (10 for MNIST), at least 2.</param>
    /// <param name="options">The recipe.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size or constant is out of range.</exception>
    public DenseClassifier(int visibleCount, int classCount, DenseClassifierOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(visibleCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Memories, 1, nameof(options.Memories));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Power, 2, nameof(options.Power));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.LossPower, 1, nameof(options.LossPower));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ExamplesPerClass, 1, nameof(options.ExamplesPerClass));
        ArgumentOutOfRangeException.ThrowIfNegative(options.TemperatureEpochs, nameof(options.TemperatureEpochs));
        if (!(options.LearningRate > 0) || !(options.LearningRateDecay > 0) || !(options.Momentum >= 0 && options.Momentum < 1)
            || !(options.InitialTemperature > 0) || !(options.FinalTemperature > 0) || !(options.InitialDeviation >= 0) || !double.IsFinite(options.InitialMean))
        {
            throw new ArgumentOutOfRangeException(nameof(options), "need ε₀ > 0, f > 0, 0 ≤ p < 1, T_i > 0, T_f > 0, a finite initial mean and a deviation ≥ 0.");
        }
        Options = options;
        VisibleCount = visibleCount;
        ClassCount = classCount;
        _random = new Random(options.Seed);
        var d = visibleCount + classCount;
        var memories = new float[options.Memories][];
        var velocity = new float[options.Memories][];
        for (var mu = 0; mu < memories.Length; mu++)
        {
            memories[mu] = new float[d];
            velocity[mu] = new float[d];
            for (var i = 0; i < d; i++) memories[mu][i] = (float)Math.Clamp(options.InitialMean + options.InitialDeviation * Gaussian(_random), -1, 1);
        }
        _engine = new DenseClassifierEngine<float>(memories, velocity, visibleCount, classCount, options.ExamplesPerClass * classCount, Simd.Best);
        _byClass = new int[classCount][];
    }

    /// <summary>The recipe.</summary>
    public DenseClassifierOptions Options { get; }

    /// <summary>N, the input length.</summary>
    public int VisibleCount { get; }

    /// <summary>N_c, the number of classes.</summary>
    public int ClassCount { get; }

    /// <summary>The number of epochs trained so far.</summary>
    public int Epoch { get; private set; }

    /// <summary>The temperature T of the next epoch: T_i + (T_f − T_i)·min(t, R)/R for epoch t and ramp length R.</summary>
    public double Temperature => TemperatureAt(Epoch);

    /// <summary>β = 1/Tⁿ of the next epoch (DAM appendix).</summary>
    public double Beta => Math.Pow(Temperature, -Options.Power);

    /// <summary>The learning rate ε = ε₀ fᵗ of the next epoch (DAM Eq. 12).</summary>
    public double LearningRate => Options.LearningRate * Math.Pow(Options.LearningRateDecay, Epoch);

    /// <summary>A copy of the memories ξ^μ: K rows, the N visible weights followed by the N_c label weights.</summary>
    public float[][] Memories() => _engine.Memories.Select(m => (float[])m.Clone()).ToArray();

    /// <summary>Maps pixels in [0, 1] to clamped visible states 2p − 1 in [−1, 1] (DAM Fig. 1), one row per image.</summary>
    /// <param name="images">MNIST images.</param>
    /// <returns>The inputs.</returns>
    public static float[][] Inputs(MnistImages images)
    {
        ArgumentNullException.ThrowIfNull(images);
        var rows = new float[images.Count][];
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = new float[images.PixelCount];
            for (var j = 0; j < images.PixelCount; j++) rows[i][j] = 2 * images.Images[i, j] - 1;
        }
        return rows;
    }

    /// <summary>Trains one epoch on class-balanced minibatches drawn from the training set (see the class remarks).</summary>
    /// <param name="inputs">The training inputs, N entries each, in [−1, 1].</param>
    /// <param name="labels">Their classes, 0 ≤ label &lt; N_c; every class must occur.</param>
    /// <param name="cancel">Checked between minibatches.</param>
    /// <returns>The epoch's loss, training error, temperature and learning rate.</returns>
    /// <exception cref="ArgumentException">Lengths differ, a label is out of range or a class is missing.</exception>
    public DenseClassifierEpoch TrainEpoch(float[][] inputs, int[] labels, CancellationToken cancel = default)
    {
        CheckInputs(inputs, labels);
        PrepareSampler(labels);
        var temperature = Temperature;
        var beta = (float)Beta;
        var rate = LearningRate;
        var step = (float)rate;
        var perBatch = Options.ExamplesPerClass * ClassCount;
        var batches = Math.Max(1, inputs.Length / perBatch);
        double loss = 0;
        long errors = 0;
        for (var b = 0; b < batches; b++)
        {
            cancel.ThrowIfCancellationRequested();
            DrawBatch(inputs);
            var (l, e) = _engine.Train(_batch, _batchLabels, Options.Power, beta, Options.LossPower, (float)Options.Momentum, step);
            loss += l;
            errors += e;
        }
        var result = new DenseClassifierEpoch(Epoch, loss / batches, (double)errors / (batches * perBatch), temperature, rate);
        Epoch++;
        return result;
    }

    /// <summary>The outputs c_α of Eq. 9 at the current temperature, one row of N_c per input.</summary>
    /// <param name="inputs">Inputs of N entries in [−1, 1].</param>
    /// <returns>The outputs in [−1, 1].</returns>
    public float[][] Outputs(float[][] inputs)
    {
        CheckInputs(inputs, null);
        var result = new float[inputs.Length][];
        var beta = (float)Beta;
        var block = new float[Math.Min(inputs.Length, BlockSize) * ClassCount];
        ForEachBlock(inputs, (start, count) =>
        {
            _engine.Forward(inputs[start..(start + count)], Options.Power, beta, block);
            for (var j = 0; j < count; j++) result[start + j] = block.AsSpan(j * ClassCount, ClassCount).ToArray();
        });
        return result;
    }

    /// <summary>The predicted class of each input: the classification neuron with the largest output (ties: the lowest).</summary>
    /// <param name="inputs">Inputs of N entries in [−1, 1].</param>
    /// <returns>The classes.</returns>
    public int[] Predict(float[][] inputs)
    {
        CheckInputs(inputs, null);
        var result = new int[inputs.Length];
        ForEachBlock(inputs, (start, count) =>
        {
            _engine.Forward(inputs[start..(start + count)], Options.Power, 1f, new float[count * ClassCount]);
            for (var j = 0; j < count; j++) result[start + j] = Decision(j);
        });
        return result;
    }

    /// <summary>The fraction of inputs whose prediction differs from the label.</summary>
    /// <param name="inputs">Inputs of N entries in [−1, 1].</param>
    /// <param name="labels">Their classes.</param>
    /// <returns>The error rate in [0, 1].</returns>
    public double ErrorRate(float[][] inputs, int[] labels)
    {
        CheckInputs(inputs, labels);
        var predicted = Predict(inputs);
        return (double)predicted.Where((p, i) => p != labels[i]).Count() / inputs.Length;
    }

    /// <summary>
    /// DAM Fig. 3, left histogram: for each memory, the number of label weights ξ_α^μ above
    /// <paramref name="cutoff"/> — the number of classes the memory "votes for" (the paper's cutoff is arbitrary
    /// because trained label weights sit near ±1).
    /// </summary>
    /// <param name="cutoff">The "on" threshold in (−1, 1).</param>
    /// <returns>One count in 0…N_c per memory.</returns>
    public int[] ClassesVotedFor(double cutoff = 0.5) =>
        _engine.Memories.Select(m => m.AsSpan(VisibleCount).ToArray().Count(x => x > cutoff)).ToArray();

    /// <summary>
    /// DAM Fig. 3, right histogram: for each input, the number of memories whose contribution
    /// F(s_μ + 2ξ_α^μ) − F(s_μ) to the gap of the predicted class α exceeds <paramref name="fraction"/> of the largest
    /// contribution (the largest itself counted; 0 if no memory contributes positively).
    /// </summary>
    /// <param name="inputs">Inputs of N entries in [−1, 1].</param>
    /// <param name="fraction">The paper's 0.9.</param>
    /// <returns>One count per input.</returns>
    public int[] LargeContributionCounts(float[][] inputs, double fraction = 0.9)
    {
        CheckInputs(inputs, null);
        var result = new int[inputs.Length];
        ForEachBlock(inputs, (start, count) =>
        {
            _engine.Forward(inputs[start..(start + count)], Options.Power, 1f, new float[count * ClassCount]);
            for (var j = 0; j < count; j++) result[start + j] = _engine.LargeContributionCount(j, Decision(j), (float)fraction);
        });
        return result;
    }

    private int BlockSize => Options.ExamplesPerClass * ClassCount;

    private void ForEachBlock(float[][] inputs, Action<int, int> block)
    {
        for (var start = 0; start < inputs.Length; start += BlockSize) block(start, Math.Min(BlockSize, inputs.Length - start));
    }

    private int Decision(int j)
    {
        var best = 0;
        for (var a = 1; a < ClassCount; a++)
        {
            if (_engine.Gap(j, a) > _engine.Gap(j, best)) best = a;
        }
        return best;
    }

    private double TemperatureAt(int epoch)
    {
        var ramp = Options.TemperatureEpochs;
        var progress = ramp == 0 ? 1 : Math.Min(epoch, ramp) / (double)ramp;
        return Options.InitialTemperature + (Options.FinalTemperature - Options.InitialTemperature) * progress;
    }

    private void CheckInputs(float[][] inputs, int[]? labels)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Length == 0) throw new ArgumentException("no inputs.", nameof(inputs));
        foreach (var row in inputs)
        {
            if (row is null || row.Length != VisibleCount) throw new ArgumentException($"every input needs {VisibleCount} entries.", nameof(inputs));
        }
        if (labels is null) return;
        if (labels.Length != inputs.Length) throw new ArgumentException($"{labels.Length} labels for {inputs.Length} inputs.", nameof(labels));
        foreach (var label in labels)
        {
            if (label < 0 || label >= ClassCount) throw new ArgumentException($"label {label} is outside 0…{ClassCount - 1}.", nameof(labels));
        }
    }

    /// <summary>Groups the training set by class (once per training set) for the balanced minibatches.</summary>
    private void PrepareSampler(int[] labels)
    {
        if (ReferenceEquals(labels, _labelsSeen)) return;
        for (var a = 0; a < ClassCount; a++)
        {
            _byClass[a] = Enumerable.Range(0, labels.Length).Where(i => labels[i] == a).ToArray();
            if (_byClass[a].Length == 0) throw new ArgumentException($"class {a} has no training example.", nameof(labels));
        }
        _labelsSeen = labels;
        _order = _byClass.Select(c => (int[])c.Clone()).ToArray();
        _cursor = new int[ClassCount];
        foreach (var order in _order) _random.Shuffle(order);
        _batch = new float[BlockSize][];
        _batchLabels = new int[BlockSize];
    }

    /// <summary>The next <see cref="DenseClassifierOptions.ExamplesPerClass"/> examples of each class, each class's order reshuffled when used up.</summary>
    private void DrawBatch(float[][] inputs)
    {
        var j = 0;
        for (var a = 0; a < ClassCount; a++)
        {
            var order = _order[a];
            for (var t = 0; t < Options.ExamplesPerClass; t++)
            {
                if (_cursor[a] == order.Length)
                {
                    _random.Shuffle(order);
                    _cursor[a] = 0;
                }
                _batch[j] = inputs[order[_cursor[a]++]];
                _batchLabels[j++] = a;
            }
        }
    }

    /// <summary>A standard normal draw (Box–Muller).</summary>
    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
