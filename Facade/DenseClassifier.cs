using AssociativeKernels.Fast;
using AssociativeKernels.Interop;

namespace AssociativeKernels;

/// <summary>
/// The training recipe of the dense-memory classifier (Krotov &amp; Hopfield 2016, appendix "Details of
/// experiments with MNIST"). The defaults are the paper's fixed constants and, where it gives a range,
/// a value inside it; <see cref="ForPower"/> gives the settings this project uses for n = 2 and n = 3.
/// </summary>
public sealed record DenseClassifierOptions
{
    /// <summary>K ≥ 1, the number of memories (stored patterns, the hidden units of the dual network): 2000 in DAM Fig. 2 (refused when the memories and the engine's buffers would not fit in memory).</summary>
    public int PatternCount { get; init; } = 2000;

    /// <summary>
    /// n, the power of the rectified polynomial F(x) = max(x, 0)ⁿ of DAM Eq. 3: 2 ≤ n ≤ n_max, the largest n for which
    /// single precision cannot overflow. With X = N + N_c + 2 (|s_μ| ≤ N + N_c since weights and inputs lie in
    /// [−1, 1]): every gap is a sum of K terms below Xⁿ, so K·Xⁿ ≤ float.MaxValue; and every gradient entry is below
    /// N_c·n·X^{n−1}·2m·4^m/2 (|c − t| ≤ 2, β ≤ 1), which the momentum (p ≤ 0.99) multiplies by at most 100, so
    /// that bound times 128 ≤ float.MaxValue too. On MNIST with K = 2000 and m = 3, n_max = 12.
    /// </summary>
    public int Power { get; init; } = 2;

    /// <summary>m, the power of the loss Σ (c − t)^{2m} (DAM Eq. 14; "for small n, we used m = 2, 3, 4"), 1 ≤ m ≤ 10.</summary>
    public int LossPower { get; init; } = 3;

    /// <summary>ε₀ of the learning rate ε(t) = ε₀ fᵗ (DAM Eq. 12; typical values 0.01 ≤ ε₀ ≤ 0.04), in (0, 1]: ε is the largest change of a weight per step, and the weights live in [−1, 1].</summary>
    public double LearningRate { get; init; } = 0.04;

    /// <summary>f of DAM Eq. 12 (0.998), applied once per epoch, in (0, 1].</summary>
    public double LearningRateDecay { get; init; } = 0.998;

    /// <summary>p, the momentum of DAM Eq. 13 (0.6 ≤ p ≤ 0.95), in [0, 0.99] (the velocity stays below 1/(1 − p) ≤ 100 gradients).</summary>
    public double Momentum { get; init; } = 0.9;

    /// <summary>
    /// T_i, the temperature at epoch 0 (β = 1/Tⁿ; 250 ≤ T_i ≤ 400 for small n), in [1, 10^{37/n}]: β then lies in
    /// [10⁻³⁷, 1], a normal single-precision number (T &lt; 1 would make β·(c − t)^{2m−1} overflow in training).
    /// </summary>
    public double InitialTemperature { get; init; } = 300;

    /// <summary>T_f, the temperature reached after <see cref="TemperatureEpochs"/> (30 ≤ T_f ≤ 100 for small n), in [1, 10^{37/n}] as T_i.</summary>
    public double FinalTemperature { get; init; } = 60;

    /// <summary>The epochs of the linear temperature ramp from T_i to T_f (200 in the paper), ≥ 0; T stays at T_f after.</summary>
    public int TemperatureEpochs { get; init; } = 200;

    /// <summary>Examples of each class in a minibatch (100, i.e. 1000 digits per minibatch), ≥ 1.</summary>
    public int ExamplesPerClass { get; init; } = 100;

    /// <summary>The mean of the Gaussian initial weights (DAM: N(−0.3, 0.3)), in [−1, 1] (the weights are clipped to [−1, 1]).</summary>
    public double InitialMean { get; init; } = -0.3;

    /// <summary>The standard deviation of the Gaussian initial weights (0.3), in [0, 1] (a wider spread only piles the clipped weights at ±1).</summary>
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
/// recipe of its appendix (the core's reference is <c>AssociativeKernels.Core.DenseTraining</c>, which the fast path
/// is tested against). The state has N visible neurons, clamped to an input v with entries in [−1, 1]
/// (pixels p ∈ [0, 1] map to 2p − 1, DAM Fig. 1), and N_c classification neurons that start off (−1) and are
/// updated once (Eq. 9): c_α = tanh[β Σ_μ (F(s_μ + 2ξ_α^μ) − F(s_μ))], s_μ = Σ_i ξ_i^μ v_i − Σ_γ ξ_γ^μ,
/// F the rectified polynomial of Eq. 3 and β = 1/Tⁿ. The class is the neuron with the largest output.
/// <para>
/// Training (appendix): memories start from N(−0.3, 0.3) (clipped to [−1, 1]); each epoch draws class-balanced
/// minibatches (<see cref="DenseClassifierOptions.ExamplesPerClass"/> of each class, as many minibatches as
/// the training set holds); after each the momentum and the per-memory normalized step of Eq. 13 are applied
/// with ε = ε₀ fᵗ (Eq. 12) on the loss Σ (c − t)^{2m} of Eq. 14 (targets +1 for the label and −1 otherwise), and
/// weights are clipped to [−1, 1]; T falls linearly from T_i to T_f over the first epochs. The matrix
/// products run on the register-tiled kernels of the library's fast path, on every core.
/// </para>
/// <para>
/// <b>Inputs.</b> A batch of inputs is a 2-D array, one row of N entries in [−1, 1] per input, in single or double
/// precision (the memories and the arithmetic are single precision; double inputs are rounded to float).
/// </para>
/// <para>
/// <b>Threads.</b> The reading calls (<c>Outputs</c>, <c>Predict</c>, <c>ErrorRate</c>,
/// <c>LargeContributionCounts</c>, <see cref="ClassesVotedFor"/>, <see cref="Patterns"/>) are safe from any
/// number of threads at once: each call takes scratch buffers of its own. Training (<c>TrainEpoch</c>)
/// changes the memories in place and must be exclusive: no other call on the same classifier may run meanwhile.
/// </para>
/// </summary>
public sealed class DenseClassifier
{
    private readonly DenseClassifierEngine<float> _engine;
    // Forward-only engines over the same memories, one per concurrent reader (see the class remarks).
    private readonly System.Collections.Concurrent.ConcurrentBag<DenseClassifierEngine<float>> _readers = [];
    private readonly int[][] _byClass;
    private readonly Random _random;
    private int[][] _order = [];
    private int[]? _labelsSeen;
    private int[] _cursor = [];
    private float[][] _batch = [];
    private int[] _batchLabels = [];

    /// <summary>A classifier with random initial memories (seeded by <see cref="DenseClassifierOptions.Seed"/>).</summary>
    /// <param name="dimension">N, the input length (784 for MNIST).</param>
    /// <param name="classCount">N_c, the number of classes (10 for MNIST), at least 2.</param>
    /// <param name="options">The recipe.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size or option is outside the range stated on <see cref="DenseClassifierOptions"/> (the
    /// parameter is <c>options</c>, the message names the option and its range), or the classifier would not fit in memory
    /// (the message says how much it needs and how much there is).</exception>
    public DenseClassifier(int dimension, int classCount, DenseClassifierOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 2);
        CheckOptions(dimension, classCount, options);
        Options = options;
        Dimension = dimension;
        ClassCount = classCount;
        _random = new Random(options.Seed);
        var d = dimension + classCount;
        var memories = new float[options.PatternCount][];
        var velocity = new float[options.PatternCount][];
        for (var mu = 0; mu < memories.Length; mu++)
        {
            memories[mu] = new float[d];
            velocity[mu] = new float[d];
            for (var i = 0; i < d; i++) memories[mu][i] = (float)Math.Clamp(options.InitialMean + options.InitialDeviation * Gaussian(_random), -1, 1);
        }
        _engine = new DenseClassifierEngine<float>(memories, velocity, dimension, classCount, options.ExamplesPerClass * classCount, Simd.Best);
        _byClass = new int[classCount][];
    }

    /// <summary>Refuses options outside the ranges stated on <see cref="DenseClassifierOptions"/>, and sizes that would not fit in memory.</summary>
    private static void CheckOptions(int visibleCount, int classCount, DenseClassifierOptions o)
    {
        void Range(bool ok, string name, object value, string range)
        {
            if (!ok) throw new ArgumentOutOfRangeException("options", value, $"options.{name} = {CoreCall.Show(value)} is outside its valid range {range}.");
        }
        Range(o.PatternCount >= 1, nameof(o.PatternCount), o.PatternCount, "[1, ∞)");
        Range(o.ExamplesPerClass >= 1, nameof(o.ExamplesPerClass), o.ExamplesPerClass, "[1, ∞)");
        Range(o.LossPower is >= 1 and <= 10, nameof(o.LossPower), o.LossPower, "[1, 10]");
        var maxPower = MaxPower(visibleCount, classCount, o.PatternCount, o.LossPower);
        Range(o.Power >= 2 && o.Power <= maxPower, nameof(o.Power), o.Power,
            $"[2, {maxPower}] (the gaps K·Xⁿ and the gradients N_c·n·X^(n-1)·2m·4^m/2·128, X = N + N_c + 2, must stay below float.MaxValue; K = {o.PatternCount}, N = {visibleCount}, N_c = {classCount}, m = {o.LossPower})");
        Range(o.LearningRate is > 0 and <= 1, nameof(o.LearningRate), o.LearningRate, "(0, 1]");
        Range(o.LearningRateDecay is > 0 and <= 1, nameof(o.LearningRateDecay), o.LearningRateDecay, "(0, 1]");
        Range(o.Momentum is >= 0 and <= 0.99, nameof(o.Momentum), o.Momentum, "[0, 0.99]");
        var hottest = Math.Pow(10, 37.0 / o.Power);
        var temperatures = $"[1, 10^(37/n)] = [1, {CoreCall.Show(hottest)}] for n = {o.Power} (β = 1/Tⁿ must lie in [1e-37, 1])";
        Range(o.InitialTemperature >= 1 && o.InitialTemperature <= hottest, nameof(o.InitialTemperature), o.InitialTemperature, temperatures);
        Range(o.FinalTemperature >= 1 && o.FinalTemperature <= hottest, nameof(o.FinalTemperature), o.FinalTemperature, temperatures);
        Range(o.TemperatureEpochs >= 0, nameof(o.TemperatureEpochs), o.TemperatureEpochs, "[0, ∞)");
        Range(o.InitialMean is >= -1 and <= 1, nameof(o.InitialMean), o.InitialMean, "[-1, 1]");
        Range(o.InitialDeviation is >= 0 and <= 1, nameof(o.InitialDeviation), o.InitialDeviation, "[0, 1]");
        // The memories and their velocities (K rows of N + N_c floats each), the training engine and one reader.
        var batch = (double)o.ExamplesPerClass * classCount;
        var bytes = 2.0 * o.PatternCount * ((visibleCount + classCount) * 4.0 + 32)
            + DenseClassifierEngine<float>.BufferBytes(o.PatternCount, visibleCount, classCount, (int)Math.Min(batch, int.MaxValue), training: true)
            + DenseClassifierEngine<float>.BufferBytes(o.PatternCount, visibleCount, classCount, (int)Math.Min(batch, int.MaxValue), training: false);
        var largest = Math.Max((batch + 32) * Math.Max(visibleCount, o.PatternCount), (double)o.PatternCount * visibleCount);
        // Named after the largest of the sizes that set it: the dimension N, the classes N_c, the memories K or the examples per class.
        var what = $"a classifier with K = {o.PatternCount} memories, N = {visibleCount}, N_c = {classCount} and {o.ExamplesPerClass} examples per class";
        var largestSize = Math.Max(Math.Max(visibleCount, classCount), Math.Max(o.PatternCount, o.ExamplesPerClass));
        if (largestSize == visibleCount) MemoryBudget.Require(bytes, largest, what, "dimension", visibleCount);
        else if (largestSize == classCount) MemoryBudget.Require(bytes, largest, what, "classCount", classCount);
        else if (largestSize == o.PatternCount) MemoryBudget.Require(bytes, largest, what, "options", o.PatternCount, "options.PatternCount");
        else MemoryBudget.Require(bytes, largest, what, "options", o.ExamplesPerClass, "options.ExamplesPerClass");
    }

    /// <summary>n_max of <see cref="DenseClassifierOptions.Power"/>: the largest n whose gaps and gradients cannot overflow a float (in logs).</summary>
    private static int MaxPower(int visibleCount, int classCount, int memories, int lossPower)
    {
        var lnX = Math.Log(visibleCount + (double)classCount + 2);
        var lnMax = Math.Log(float.MaxValue);
        bool Fits(int n) => Math.Log(Math.Max(memories, 1)) + n * lnX <= lnMax
            && Math.Log(classCount * (double)n * lossPower * 128) + lossPower * Math.Log(4) + (n - 1) * lnX <= lnMax;
        var power = 1;
        while (power < 1000 && Fits(power + 1)) power++;
        return power;
    }


    /// <summary>The recipe.</summary>
    public DenseClassifierOptions Options { get; }

    /// <summary>N, the input length (the visible neurons).</summary>
    public int Dimension { get; }

    /// <summary>N_c, the number of classes.</summary>
    public int ClassCount { get; }

    /// <summary>The number of epochs trained so far.</summary>
    public int Epoch { get; private set; }

    /// <summary>The temperature T of the next epoch: T_i + (T_f − T_i)·min(t, R)/R for epoch t and ramp length R (<c>Core.DenseTraining.Temperature</c>).</summary>
    public double Temperature => Core.DenseTraining.Temperature(Options.InitialTemperature, Options.FinalTemperature, Options.TemperatureEpochs, Epoch);

    /// <summary>β = 1/Tⁿ of the next epoch (DAM appendix; <c>Core.DenseTraining.Beta</c>).</summary>
    public double Beta => Core.DenseTraining.Beta(Options.Power, Temperature);

    /// <summary>The learning rate ε = ε₀ fᵗ of the next epoch (DAM Eq. 12; <c>Core.DenseTraining.LearningRate</c>).</summary>
    public double LearningRate => Core.DenseTraining.LearningRate(Options.LearningRate, Options.LearningRateDecay, Epoch);

    /// <summary>A copy of the memories ξ^μ: K rows of N + N_c, the N visible weights followed by the N_c label weights.</summary>
    /// <returns>The K × (N + N_c) weights.</returns>
    public float[,] Patterns()
    {
        var memories = _engine.Memories;
        var result = new float[memories.Length, Dimension + ClassCount];
        for (var mu = 0; mu < memories.Length; mu++)
        {
            for (var i = 0; i < memories[mu].Length; i++) result[mu, i] = memories[mu][i];
        }
        return result;
    }

    /// <summary>Maps pixels in [0, 1] to clamped visible states 2p − 1 in [−1, 1] (DAM Fig. 1), one row per image.</summary>
    /// <param name="images">MNIST images.</param>
    /// <param name="count">The first <paramref name="count"/> images only (all when null); 0 ≤ count ≤ the number of images.</param>
    /// <returns>The inputs, one row of <see cref="MnistImages.PixelCount"/> per image.</returns>
    public static float[,] Inputs(MnistImages images, int? count = null)
    {
        ArgumentNullException.ThrowIfNull(images);
        var n = count ?? images.Count;
        if (n < 0 || n > images.Count) throw new ArgumentOutOfRangeException(nameof(count), n, $"count = {n} is outside its valid range [0, {images.Count}] (the images held).");
        var rows = new float[n, images.PixelCount];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < images.PixelCount; j++) rows[i, j] = 2 * images.Images[i, j] - 1;
        }
        return rows;
    }

    /// <summary>
    /// Trains one epoch on class-balanced minibatches drawn from the training set (see the class remarks). Changes the
    /// memories in place: no other call on this classifier may run at the same time (reads are safe only between epochs).
    /// </summary>
    /// <param name="inputs">The training inputs, one row of N entries in [−1, 1] each.</param>
    /// <param name="labels">Their classes, 0 ≤ label &lt; N_c, one per row of <paramref name="inputs"/>; every class must occur.</param>
    /// <param name="cancel">Checked between minibatches.</param>
    /// <returns>The epoch's loss, training error, temperature and learning rate.</returns>
    /// <exception cref="ArgumentException">No inputs, a row of the wrong length, an entry outside [−1, 1] or not finite (ParamName
    /// <c>inputs</c>, the message names the row and the entry), a label count that differs from the rows, a label out of range or a
    /// class missing (ParamName <c>labels</c>, the message names the entry).</exception>
    public DenseClassifierEpoch TrainEpoch(float[,] inputs, int[] labels, CancellationToken cancel = default) =>
        TrainEpoch(new Rows(inputs), labels, cancel);

    /// <inheritdoc cref="TrainEpoch(float[,], int[], CancellationToken)"/>
    public DenseClassifierEpoch TrainEpoch(double[,] inputs, int[] labels, CancellationToken cancel = default) =>
        TrainEpoch(new Rows(inputs), labels, cancel);

    /// <summary>The outputs c_α of Eq. 9 at the current temperature, one row of N_c per input.</summary>
    /// <param name="inputs">Inputs, one row of N entries in [−1, 1] each.</param>
    /// <returns>The outputs in [−1, 1], one row per input; an empty batch gives an empty result.</returns>
    /// <exception cref="ArgumentException">A row of the wrong length, or an entry outside [−1, 1] or not finite (ParamName <c>inputs</c>, the message names the row and the entry).</exception>
    public float[,] Outputs(float[,] inputs)
    {
        var rows = new Rows(inputs);
        var result = new float[rows.Count, ClassCount];
        Outputs(rows, (j, a, c) => result[j, a] = c);
        return result;
    }

    /// <inheritdoc cref="Outputs(float[,])"/>
    public double[,] Outputs(double[,] inputs)
    {
        var rows = new Rows(inputs);
        var result = new double[rows.Count, ClassCount];
        Outputs(rows, (j, a, c) => result[j, a] = c);
        return result;
    }

    /// <summary>The predicted class of each input: the classification neuron with the largest output (ties: the lowest).</summary>
    /// <param name="inputs">Inputs, one row of N entries in [−1, 1] each.</param>
    /// <returns>The classes.</returns>
    /// <exception cref="ArgumentException">A row of the wrong length, or an entry outside [−1, 1] or not finite (ParamName <c>inputs</c>, the message names the row and the entry).</exception>
    public int[] Predict(float[,] inputs) => Predict(new Rows(inputs));

    /// <inheritdoc cref="Predict(float[,])"/>
    public int[] Predict(double[,] inputs) => Predict(new Rows(inputs));

    /// <summary>The fraction of inputs whose prediction differs from the label.</summary>
    /// <param name="inputs">Inputs, one row of N entries in [−1, 1] each; at least one.</param>
    /// <param name="labels">Their classes, one per row.</param>
    /// <returns>The error rate in [0, 1].</returns>
    /// <exception cref="ArgumentException">As <see cref="TrainEpoch(float[,], int[], CancellationToken)"/> (every class need not occur).</exception>
    public double ErrorRate(float[,] inputs, int[] labels) => ErrorRate(new Rows(inputs), labels);

    /// <inheritdoc cref="ErrorRate(float[,], int[])"/>
    public double ErrorRate(double[,] inputs, int[] labels) => ErrorRate(new Rows(inputs), labels);

    /// <summary>
    /// DAM Fig. 3, left histogram: for each memory, the number of label weights ξ_α^μ above
    /// <paramref name="cutoff"/> — the number of classes the memory "votes for" (the paper's cutoff is arbitrary
    /// because trained label weights sit near ±1).
    /// </summary>
    /// <param name="cutoff">The "on" threshold in (−1, 1).</param>
    /// <returns>One count in 0…N_c per memory.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="cutoff"/> is not in (−1, 1).</exception>
    public int[] ClassesVotedFor(double cutoff = 0.5)
    {
        if (!(cutoff > -1 && cutoff < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(cutoff), cutoff, $"cutoff = {CoreCall.Show(cutoff)} is outside its valid range (-1, 1).");
        }
        return _engine.Memories.Select(m => m.AsSpan(Dimension).ToArray().Count(x => x > cutoff)).ToArray();
    }

    /// <summary>
    /// DAM Fig. 3, right histogram: for each input, the number of memories whose contribution
    /// F(s_μ + 2ξ_α^μ) − F(s_μ) to the gap of the predicted class α exceeds <paramref name="fraction"/> of the largest
    /// contribution (the largest itself counted; 0 if no memory contributes positively).
    /// </summary>
    /// <param name="inputs">Inputs, one row of N entries in [−1, 1] each.</param>
    /// <param name="fraction">The paper's 0.9.</param>
    /// <returns>One count per input.</returns>
    /// <exception cref="ArgumentException">A row of the wrong length, or an entry outside [−1, 1] or not finite (ParamName <c>inputs</c>, the message names the row and the entry).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fraction"/> is not in [0, 1].</exception>
    public int[] LargeContributionCounts(float[,] inputs, double fraction = 0.9) => LargeContributionCounts(new Rows(inputs), fraction);

    /// <inheritdoc cref="LargeContributionCounts(float[,], double)"/>
    public int[] LargeContributionCounts(double[,] inputs, double fraction = 0.9) => LargeContributionCounts(new Rows(inputs), fraction);

    /// <summary>A batch of inputs as the caller passed it (float or double, one row per input), read row by row into float buffers.</summary>
    private readonly struct Rows
    {
        private readonly float[,]? _single;
        private readonly double[,]? _double;

        internal Rows(float[,] inputs)
        {
            ArgumentNullException.ThrowIfNull(inputs);
            _single = inputs;
        }

        internal Rows(double[,] inputs)
        {
            ArgumentNullException.ThrowIfNull(inputs);
            _double = inputs;
        }

        internal int Count => _single?.GetLength(0) ?? _double!.GetLength(0);

        internal int Length => _single?.GetLength(1) ?? _double!.GetLength(1);

        internal double this[int m, int i] => _single is { } f ? f[m, i] : _double![m, i];

        internal void CopyTo(int m, float[] destination)
        {
            if (_single is { } f)
            {
                for (var i = 0; i < destination.Length; i++) destination[i] = f[m, i];
            }
            else
            {
                for (var i = 0; i < destination.Length; i++) destination[i] = (float)_double![m, i];
            }
        }
    }

    private DenseClassifierEpoch TrainEpoch(Rows inputs, int[] labels, CancellationToken cancel)
    {
        CheckInputs(inputs, labels, labelled: true);
        PrepareSampler(labels);
        var temperature = Temperature;
        var beta = (float)Beta;
        var rate = LearningRate;
        var step = (float)rate;
        var perBatch = Options.ExamplesPerClass * ClassCount;
        var batches = Math.Max(1, inputs.Count / perBatch);
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

    private void Outputs(Rows inputs, Action<int, int, float> output)
    {
        CheckInputs(inputs, null, labelled: false);
        ForEachBlock(inputs, (engine, start, block) =>
        {
            for (var j = 0; j < block.Length / ClassCount; j++)
            {
                for (var a = 0; a < ClassCount; a++) output(start + j, a, block[j * ClassCount + a]);
            }
        }, (float)Beta);
    }

    private int[] Predict(Rows inputs)
    {
        CheckInputs(inputs, null, labelled: false);
        var result = new int[inputs.Count];
        ForEachBlock(inputs, (engine, start, block) =>
        {
            for (var j = 0; j < block.Length / ClassCount; j++) result[start + j] = Decision(engine, j);
        });
        return result;
    }

    private double ErrorRate(Rows inputs, int[] labels)
    {
        CheckInputs(inputs, labels, labelled: true);
        var predicted = Predict(inputs);
        return (double)predicted.Where((p, i) => p != labels[i]).Count() / inputs.Count;
    }

    private int[] LargeContributionCounts(Rows inputs, double fraction)
    {
        CheckInputs(inputs, null, labelled: false);
        if (!(fraction >= 0 && fraction <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, $"fraction = {CoreCall.Show(fraction)} is outside its valid range [0, 1].");
        }
        var result = new int[inputs.Count];
        ForEachBlock(inputs, (engine, start, block) =>
        {
            for (var j = 0; j < block.Length / ClassCount; j++) result[start + j] = engine.LargeContributionCount(j, Decision(engine, j), (float)fraction);
        });
        return result;
    }

    private int BlockSize => Options.ExamplesPerClass * ClassCount;

    private delegate void BlockAction(DenseClassifierEngine<float> engine, int start, Span<float> outputs);

    /// <summary>
    /// Runs the forward pass (at slope <paramref name="beta"/>) block by block on a reader engine of this call's own
    /// (taken from the pool, or made, and given back after), and hands each block's outputs to <paramref name="block"/>.
    /// </summary>
    private void ForEachBlock(Rows inputs, BlockAction block, float beta = 1f)
    {
        var engine = _readers.TryTake(out var pooled) ? pooled : _engine.ForReading();
        var size = Math.Min(inputs.Count, BlockSize);
        var outputs = new float[size * ClassCount];
        var rows = new float[size][];
        for (var j = 0; j < size; j++) rows[j] = new float[Dimension];
        for (var start = 0; start < inputs.Count; start += BlockSize)
        {
            var count = Math.Min(BlockSize, inputs.Count - start);
            for (var j = 0; j < count; j++) inputs.CopyTo(start + j, rows[j]);
            engine.Forward(count == size ? rows : rows[..count], Options.Power, beta, outputs);
            block(engine, start, outputs.AsSpan(0, count * ClassCount));
        }
        _readers.Add(engine);
    }

    private int Decision(DenseClassifierEngine<float> engine, int j)
    {
        var best = 0;
        for (var a = 1; a < ClassCount; a++)
        {
            if (engine.Gap(j, a) > engine.Gap(j, best)) best = a;
        }
        return best;
    }

    /// <summary>Refuses a batch the classifier cannot read, in the caller's names: <c>inputs</c> (row and entry in the message) and <c>labels</c>.</summary>
    private void CheckInputs(Rows inputs, int[]? labels, bool labelled)
    {
        if (labelled) ArgumentNullException.ThrowIfNull(labels);
        // An empty batch has an empty answer; training and the error rate need at least one example.
        if (inputs.Count == 0)
        {
            if (labels is not null) throw new ArgumentException("inputs has no rows; training and the error rate need at least one example.", nameof(inputs));
            return;
        }
        if (inputs.Length != Dimension)
        {
            throw new ArgumentException($"inputs has rows of {inputs.Length} entries but every input needs N = {Dimension}.", nameof(inputs));
        }
        for (var m = 0; m < inputs.Count; m++)
        {
            for (var i = 0; i < Dimension; i++)
            {
                var x = inputs[m, i];
                if (!(x >= -1 && x <= 1))
                {
                    throw new ArgumentOutOfRangeException(nameof(inputs), x,
                        $"inputs[{m}, {i}] = {CoreCall.Show(x)}: every entry must be a number in [-1, 1] (pixels p in [0, 1] map to 2p - 1).");
                }
            }
        }
        if (labels is null) return;
        if (labels.Length != inputs.Count) throw new ArgumentException($"labels has {labels.Length} entries but inputs has {inputs.Count} rows; each row needs one label.", nameof(labels));
        for (var b = 0; b < labels.Length; b++)
        {
            if (labels[b] < 0 || labels[b] >= ClassCount) throw new ArgumentException($"labels[{b}] = {labels[b]} is outside 0…{ClassCount - 1}.", nameof(labels));
        }
    }

    /// <summary>Groups the training set by class (once per training set) for the balanced minibatches.</summary>
    private void PrepareSampler(int[] labels)
    {
        if (ReferenceEquals(labels, _labelsSeen)) return;
        var byClass = new int[ClassCount][];
        for (var a = 0; a < ClassCount; a++)
        {
            byClass[a] = Enumerable.Range(0, labels.Length).Where(i => labels[i] == a).ToArray();
            if (byClass[a].Length == 0) throw new ArgumentException($"class {a} has no training example in labels.", nameof(labels));
        }
        byClass.CopyTo(_byClass, 0);
        _labelsSeen = labels;
        _order = _byClass.Select(c => (int[])c.Clone()).ToArray();
        _cursor = new int[ClassCount];
        foreach (var order in _order) _random.Shuffle(order);
        if (_batch.Length != BlockSize)
        {
            _batch = new float[BlockSize][];
            for (var j = 0; j < BlockSize; j++) _batch[j] = new float[Dimension];
        }
        _batchLabels = new int[BlockSize];
    }

    /// <summary>The next <see cref="DenseClassifierOptions.ExamplesPerClass"/> examples of each class (copied into the minibatch rows), each class's order reshuffled when used up.</summary>
    private void DrawBatch(Rows inputs)
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
                inputs.CopyTo(order[_cursor[a]++], _batch[j]);
                _batchLabels[j++] = a;
            }
        }
    }

    /// <summary>A standard normal draw (Box–Muller).</summary>
    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
