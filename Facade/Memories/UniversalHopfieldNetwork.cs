using AssociativeKernels.Interop;
using Core = AssociativeKernels.Core;

namespace AssociativeKernels;

/// <summary>The similarity functions of the universal Hopfield network (UHN App. D, Table 2; Hamming for SDM-style codes).</summary>
public enum SimilarityFunction
{
    /// <summary>The dot product ξ·q.</summary>
    Dot,
    /// <summary>UHN Eq. 13: norm(norm(ξ)·norm(q)) with norm(x) = x/Σx; needs positive sums (non-negative data). Scores sum to 1.</summary>
    NormalizedDot,
    /// <summary>The squared Euclidean distance Σ(ξ − q)² (UHN Table 2).</summary>
    Euclidean,
    /// <summary>The Manhattan distance Σ|ξ − q|.</summary>
    Manhattan,
    /// <summary>D_KL(q ‖ ξ) on the vectors normalized to sum to 1; entries must be ≥ 0 with a positive sum.</summary>
    KullbackLeibler,
    /// <summary>D_KL(ξ ‖ q) on the normalized vectors; entries must be ≥ 0 with a positive sum.</summary>
    ReverseKullbackLeibler,
    /// <summary>The Jensen–Shannon divergence (symmetric, in [0, ln 2]) on the normalized vectors; entries ≥ 0.</summary>
    JensenShannon,
    /// <summary>The number of agreeing positions, N − Hamming distance (for ±1 or 0/1 codes).</summary>
    Hamming,
}

/// <summary>The separation functions of the universal Hopfield network (UHN App. D, Table 3; threshold and top-k for SDM).</summary>
public enum SeparationFunction
{
    /// <summary>sep(h) = h (classical Hopfield network).</summary>
    Identity,
    /// <summary>sep(h) = h².</summary>
    Square,
    /// <summary>sep(h) = hⁿ with n = <see cref="UniversalHopfieldOptions.Degree"/>.</summary>
    Polynomial,
    /// <summary>sep(h) = ln h (scores must be positive).</summary>
    Log,
    /// <summary>softmax(β h) with β = <see cref="UniversalHopfieldOptions.Beta"/> (modern Hopfield network).</summary>
    Softmax,
    /// <summary>One-hot at the largest score; ties go to the lowest index.</summary>
    Max,
    /// <summary>1 where the score is at least θ = <see cref="UniversalHopfieldOptions.Threshold"/>, else 0 (SDM).</summary>
    Threshold,
    /// <summary>1 for the k = <see cref="UniversalHopfieldOptions.TopK"/> largest scores (ties to the lower index), else 0.</summary>
    TopK,
    /// <summary>sparsemax(β h), the Euclidean projection of βh onto the simplex (Martins &amp; Astudillo 2016): exact zeros, one-hot once the top score leads by 1/β.</summary>
    Sparsemax,
    /// <summary>α-entmax(β h) with α = <see cref="UniversalHopfieldOptions.Alpha"/> &gt; 1 (Peters et al. 2019; see <see cref="SimplexMap.Entmax"/>): one-hot once the top score leads by 1/(β(α − 1)).</summary>
    Entmax,
    /// <summary>γ-normmax(β h) with γ = <see cref="UniversalHopfieldOptions.Gamma"/> &gt; 1 (Santos et al. 2024): one-hot once the top score leads by 1/β.</summary>
    Normmax,
}

/// <summary>
/// How a <see cref="UniversalHopfieldNetwork"/> scores, separates and outputs. The defaults give the
/// modern Hopfield network at β = 1 (dot product, softmax, no normalization, linear output).
/// </summary>
public sealed record UniversalHopfieldOptions
{
    /// <summary>The similarity function (default <see cref="SimilarityFunction.Dot"/>).</summary>
    public SimilarityFunction Similarity { get; init; } = SimilarityFunction.Dot;
    /// <summary>The separation function (default <see cref="SeparationFunction.Softmax"/>).</summary>
    public SeparationFunction Separation { get; init; } = SeparationFunction.Softmax;
    /// <summary>The inverse temperature β &gt; 0 of <see cref="SeparationFunction.Softmax"/>, <see cref="SeparationFunction.Sparsemax"/>, <see cref="SeparationFunction.Entmax"/> and <see cref="SeparationFunction.Normmax"/> (default 1).</summary>
    public double Beta { get; init; } = 1;
    /// <summary>The α &gt; 1 of <see cref="SeparationFunction.Entmax"/> (default 1.5).</summary>
    public double Alpha { get; init; } = 1.5;
    /// <summary>The γ &gt; 1 of <see cref="SeparationFunction.Normmax"/> (default 2).</summary>
    public double Gamma { get; init; } = 2;
    /// <summary>The degree n ≥ 1 of <see cref="SeparationFunction.Polynomial"/> (default 2).</summary>
    public int Degree { get; init; } = 2;
    /// <summary>The threshold θ of <see cref="SeparationFunction.Threshold"/> (default 0).</summary>
    public double Threshold { get; init; }
    /// <summary>The k of <see cref="SeparationFunction.TopK"/>, 1 ≤ k ≤ the number of patterns (default 1).</summary>
    public int TopK { get; init; } = 1;
    /// <summary>UHN App. E: scale the scores to sum to 1, distances as normalized reciprocals (default off).</summary>
    public bool NormalizeScores { get; init; }
    /// <summary>UHN App. E: scale the separated scores to sum to 1 (default off).</summary>
    public bool NormalizeSeparated { get; init; }
    /// <summary>Binarize the output with the sign (a zero field keeps the query's value; 0 when hetero-associative).</summary>
    public bool SignOutput { get; init; }
    /// <summary>
    /// Log smoothing ε ≥ 0 of the KL-type similarities (KL, reverse KL, Jensen–Shannon; the others ignore it; default 0,
    /// the exact divergences). On the vectors normalized to sum to 1, each directed divergence is
    /// D_ε(p ‖ r) = Σ_{i: p_i &gt; 0} p_i [ln(p_i + ε) − ln(r_i + ε)], clamped at 0, so a zero pixel (a masked query)
    /// costs p_i ln(p_i/ε) instead of +∞. UHN's text does not say how zeros are treated; the authors' published code uses
    /// ε = <see cref="AuthorsDivergenceSmoothing"/>.
    /// </summary>
    public double DivergenceSmoothing { get; init; }

    /// <summary>The ε = 1e-4 the authors' code (BerenMillidge/Theory_Associative_Memory, functions.py) adds inside the logarithms of its KL-type similarities.</summary>
    public const double AuthorsDivergenceSmoothing = Core.UniversalHopfieldModule.AuthorsDivergenceSmoothing;

    /// <summary>UHN App. E's setting: the given similarity and separation with both normalizations on.</summary>
    /// <param name="similarity">The similarity function.</param>
    /// <param name="separation">The separation function.</param>
    /// <returns>The options.</returns>
    public static UniversalHopfieldOptions AppendixE(SimilarityFunction similarity, SeparationFunction separation) =>
        new() { Similarity = similarity, Separation = separation, NormalizeScores = true, NormalizeSeparated = true };

    internal Core.Similarity CoreSimilarity => Similarity switch
    {
        SimilarityFunction.Dot => Core.Similarity.Dot,
        SimilarityFunction.NormalizedDot => Core.Similarity.NormalizedDot,
        SimilarityFunction.Euclidean => Core.Similarity.Euclidean,
        SimilarityFunction.Manhattan => Core.Similarity.Manhattan,
        SimilarityFunction.KullbackLeibler => Core.Similarity.KullbackLeibler,
        SimilarityFunction.ReverseKullbackLeibler => Core.Similarity.ReverseKullbackLeibler,
        SimilarityFunction.JensenShannon => Core.Similarity.JensenShannon,
        SimilarityFunction.Hamming => Core.Similarity.Hamming,
        _ => throw new ArgumentOutOfRangeException(nameof(Similarity), Similarity, $"Similarity = {Similarity} is not a SimilarityFunction."),
    };

    internal Core.Separation CoreSeparation => Separation switch
    {
        SeparationFunction.Identity => Core.Separation.Identity,
        SeparationFunction.Square => Core.Separation.Square,
        SeparationFunction.Polynomial => Core.Separation.NewPolynomial(Degree),
        SeparationFunction.Log => Core.Separation.Log,
        SeparationFunction.Softmax => Core.Separation.NewSoftmax(Beta),
        SeparationFunction.Max => Core.Separation.Max,
        SeparationFunction.Threshold => Core.Separation.NewThreshold(Threshold),
        SeparationFunction.TopK => Core.Separation.NewTopK(TopK),
        SeparationFunction.Sparsemax => Core.Separation.NewSparsemax(Beta),
        SeparationFunction.Entmax => Core.Separation.NewEntmax(Beta, Alpha),
        SeparationFunction.Normmax => Core.Separation.NewNormmax(Beta, Gamma),
        _ => throw new ArgumentOutOfRangeException(nameof(Separation), Separation, $"Separation = {Separation} is not a SeparationFunction."),
    };

    /// <summary>The fast path's rule for these options, or null when they run on the reference only.</summary>
    internal Fast.DenseRule? FastRule
    {
        get
        {
            if (NormalizeScores || NormalizeSeparated) return null;
            Fast.DenseScore? score = Similarity switch
            {
                SimilarityFunction.Dot => Fast.DenseScore.Dot,
                SimilarityFunction.Euclidean => Fast.DenseScore.Euclidean,
                SimilarityFunction.Manhattan => Fast.DenseScore.Manhattan,
                _ => null,
            };
            Fast.DenseWeighting? weighting = Separation switch
            {
                SeparationFunction.Identity => Fast.DenseWeighting.Identity,
                SeparationFunction.Square => Fast.DenseWeighting.Square,
                SeparationFunction.Polynomial => Fast.DenseWeighting.Polynomial,
                SeparationFunction.Softmax => Fast.DenseWeighting.Softmax,
                SeparationFunction.Max or SeparationFunction.TopK => Fast.DenseWeighting.TopK,
                _ => null,
            };
            if (score is null || weighting is null) return null;
            return new Fast.DenseRule(score.Value, weighting.Value, Beta, Degree, Separation == SeparationFunction.Max ? 1 : TopK);
        }
    }

    /// <summary>
    /// Checks the options for a network of <paramref name="patternCount"/> patterns, each refusal naming the option
    /// (β &gt; 0, n ≥ 1, θ finite, 1 ≤ k ≤ K, α &gt; 1, γ &gt; 1, ε ≥ 0).
    /// </summary>
    internal void Check(int patternCount)
    {
        if (!(DivergenceSmoothing >= 0 && double.IsFinite(DivergenceSmoothing)))
        {
            throw new ArgumentOutOfRangeException(nameof(DivergenceSmoothing), DivergenceSmoothing, $"DivergenceSmoothing = {Interop.CoreCall.Show(DivergenceSmoothing)} is outside its valid range [0, ∞).");
        }
        switch (Separation)
        {
            case SeparationFunction.Softmax or SeparationFunction.Sparsemax: Core.Validate.positive(nameof(Beta), Beta); break;
            case SeparationFunction.Entmax:
                Core.Validate.positive(nameof(Beta), Beta);
                if (!(Alpha > 1 && double.IsFinite(Alpha))) throw new ArgumentOutOfRangeException(nameof(Alpha), Alpha, $"Alpha = {Interop.CoreCall.Show(Alpha)} is outside its valid range (1, ∞) (α = 1 is softmax: use SeparationFunction.Softmax).");
                break;
            case SeparationFunction.Normmax:
                Core.Validate.positive(nameof(Beta), Beta);
                if (!(Gamma > 1 && double.IsFinite(Gamma))) throw new ArgumentOutOfRangeException(nameof(Gamma), Gamma, $"Gamma = {Interop.CoreCall.Show(Gamma)} is outside its valid range (1, ∞).");
                break;
            case SeparationFunction.Polynomial when Degree < 1:
                throw new ArgumentOutOfRangeException(nameof(Degree), Degree, $"Degree = {Degree} is outside its valid range [1, ∞).");
            case SeparationFunction.Threshold when !double.IsFinite(Threshold):
                throw new ArgumentOutOfRangeException(nameof(Threshold), Threshold, $"Threshold = {Interop.CoreCall.Show(Threshold)} must be a finite number.");
            case SeparationFunction.TopK when TopK < 1 || TopK > patternCount:
                throw new ArgumentOutOfRangeException(nameof(TopK), TopK, $"TopK = {TopK} is outside its valid range [1, {patternCount}] (the number of stored patterns).");
        }
    }

    /// <summary>
    /// Checks a vector against the similarity's domain (UHN App. E): the KL-type similarities need entries ≥ 0 with a
    /// positive sum, the normalized dot product a positive sum. A refusal names <paramref name="name"/>; the message
    /// names the vector (<paramref name="row"/>, e.g. "patterns row 2", or null for a lone vector) and the entry.
    /// </summary>
    internal void CheckDomain(double[] x, string name, int? row)
    {
        var what = row is { } r ? $"{name} row {r}" : name;
        var kl = Similarity is SimilarityFunction.KullbackLeibler or SimilarityFunction.ReverseKullbackLeibler or SimilarityFunction.JensenShannon;
        if (!kl && Similarity != SimilarityFunction.NormalizedDot) return;
        for (var i = 0; kl && i < x.Length; i++)
        {
            if (x[i] < 0)
            {
                throw new ArgumentOutOfRangeException(name, x[i],
                    $"{what}: entry {i} = {Interop.CoreCall.Show(x[i])}; the KL-type similarities need entries ≥ 0 (each vector is normalized to a probability distribution, UHN App. E).");
            }
        }
        if (!(x.Sum() > 0))
        {
            throw new ArgumentException(
                $"{what} sums to {Interop.CoreCall.Show(x.Sum())}; the {Similarity} similarity needs a positive sum (each vector is normalized to sum to 1, UHN Eq. 13 and App. E).", name);
        }
    }

    internal Core.UniversalOptions CoreOptions =>
        new(NormalizeScores, NormalizeSeparated, DivergenceSmoothing, SignOutput ? Core.UniversalOutput.Sign : Core.UniversalOutput.Linear);
}

/// <summary>
/// A universal Hopfield network z = P sep(sim(M, q)) (Millidge et al. 2022, Eq. 1; SPEC M5). Patterns are
/// rows. Auto-associative (P = M) or hetero-associative (one output row per stored pattern).
/// Immutable: safe to query from many threads.
/// </summary>
/// <remarks>
/// Retrieval (<see cref="OneStepMemory"/>) runs on the vectorised fast path without normalizations, for the
/// similarities dot, Euclidean and Manhattan with the separations identity, square, polynomial, softmax, max
/// and top-k (k ≤ 64); max and top-k pick the reference's rows whenever the k-th and (k+1)-th scores are
/// further apart than the rounding of a score. Every other setting runs on the F# reference.
/// </remarks>
public sealed class UniversalHopfieldNetwork : OneStepMemory
{
    private readonly Core.UniversalHopfield _net;

    private UniversalHopfieldNetwork(Core.UniversalHopfield net, UniversalHopfieldOptions options)
        : base(net.M, net.P, options.FastRule, options.SignOutput, net.IsAutoAssociative)
    {
        _net = net;
        Options = options;
    }

    /// <summary>An auto-associative network storing the rows of <paramref name="patterns"/>.</summary>
    /// <param name="patterns">The K×N stored patterns (rows; every entry finite and inside the similarity's domain).</param>
    /// <param name="options">Similarity, separation and normalization (defaults when <see langword="null"/>).</param>
    /// <returns>The network.</returns>
    /// <exception cref="ArgumentException">Empty memory, a non-finite entry, an entry outside the similarity's domain, or a bad separation parameter.</exception>
    public static UniversalHopfieldNetwork Create(double[,] patterns, UniversalHopfieldOptions? options = null) =>
        Build(MemoryRows.Patterns(patterns, nameof(patterns)), null, options ?? new());

    /// <inheritdoc cref="Create(double[,], UniversalHopfieldOptions?)"/>
    public static UniversalHopfieldNetwork Create(float[,] patterns, UniversalHopfieldOptions? options = null) =>
        Build(MemoryRows.Patterns(patterns, nameof(patterns)), null, options ?? new());

    /// <summary>An auto-associative network from a row-major span of patterns of length <paramref name="dimension"/>.</summary>
    /// <param name="patterns">The stored patterns, row after row.</param>
    /// <param name="dimension">The length N of a pattern.</param>
    /// <param name="options">Similarity, separation and normalization (defaults when <see langword="null"/>).</param>
    /// <returns>The network.</returns>
    /// <exception cref="ArgumentException">The span is not a whole number of rows, or see <see cref="Create(double[,], UniversalHopfieldOptions?)"/>.</exception>
    public static UniversalHopfieldNetwork Create(ReadOnlySpan<double> patterns, int dimension, UniversalHopfieldOptions? options = null) =>
        Build(MemoryRows.Patterns(patterns, dimension, nameof(patterns)), null, options ?? new());

    /// <summary>A hetero-associative network (UHN App. B): queries are compared with the <paramref name="keys"/> and the output combines the rows of <paramref name="values"/>.</summary>
    /// <param name="keys">The K×N stored patterns (rows), M in UHN.</param>
    /// <param name="values">The K×O output patterns, one row per key, P in UHN.</param>
    /// <param name="options">Similarity, separation and normalization (defaults when <see langword="null"/>).</param>
    /// <returns>The network.</returns>
    /// <exception cref="ArgumentException">The values do not have one row per key, or see <see cref="Create(double[,], UniversalHopfieldOptions?)"/>.</exception>
    public static UniversalHopfieldNetwork CreateHetero(double[,] keys, double[,] values, UniversalHopfieldOptions? options = null) =>
        BuildHetero(MemoryRows.Patterns(keys, nameof(keys)), MemoryRows.Patterns(values, nameof(values)), options);

    /// <inheritdoc cref="CreateHetero(double[,], double[,], UniversalHopfieldOptions?)"/>
    public static UniversalHopfieldNetwork CreateHetero(float[,] keys, float[,] values, UniversalHopfieldOptions? options = null) =>
        BuildHetero(MemoryRows.Patterns(keys, nameof(keys)), MemoryRows.Patterns(values, nameof(values)), options);

    /// <summary>The hetero-associative network over the facade's own copies of the keys and values (one row of values per key).</summary>
    private static UniversalHopfieldNetwork BuildHetero(double[][] keys, double[][] values, UniversalHopfieldOptions? options)
    {
        MemoryRows.SameRowCount(keys, nameof(keys), values, nameof(values));
        return Build(keys, values, options ?? new());
    }

    /// <summary>The network over the facade's own copies of the caller's rows (MemoryRows.Patterns), which the core keeps without copying them again.</summary>
    private static UniversalHopfieldNetwork Build(double[][] keys, double[][]? values, UniversalHopfieldOptions options)
    {
        var sim = options.CoreSimilarity;
        var sep = options.CoreSeparation;
        options.Check(keys.Length);
        for (var m = 0; m < keys.Length; m++) options.CheckDomain(keys[m], values is null ? "patterns" : "keys", m);
        var o = options.CoreOptions;
        var net = values is null
            ? Core.UniversalHopfieldModule.CreateOwned(o, sim, sep, keys)
            : Core.UniversalHopfieldModule.HeteroOwned(o, sim, sep, keys, values);
        return new(net, options);
    }

    /// <summary>The options this network was built with.</summary>
    public UniversalHopfieldOptions Options { get; }
    /// <inheritdoc/>
    public override int PatternCount => _net.Count;
    /// <inheritdoc/>
    public override int Dimension => _net.Dimension;
    /// <inheritdoc/>
    public override int OutputDimension => _net.OutputDimension;
    /// <inheritdoc/>
    public override bool IsAutoAssociative => _net.IsAutoAssociative;

    private protected override double[] ReferenceRetrieve(double[] query) => Core.UniversalHopfieldModule.Retrieve(_net, Query(query));

    private protected override double[][] ReferenceRetrieveBatch(double[][] queries)
    {
        for (var m = 0; m < queries.Length; m++) Options.CheckDomain(queries[m], nameof(queries), m);
        return Core.UniversalHopfieldModule.RetrieveBatch(_net, queries);
    }

    /// <summary>A query checked in the caller's name <c>query</c>: its length, finite entries and the similarity's domain.</summary>
    private double[] Query(ReadOnlySpan<double> query)
    {
        var q = MemoryRows.Query(query, Dimension);
        Options.CheckDomain(q, nameof(query), null);
        return q;
    }

    /// <summary>The separated scores sep(sim(M, q)): the weight of each stored pattern in the output.</summary>
    /// <param name="query">The query.</param>
    /// <returns>K weights.</returns>
    /// <exception cref="ArgumentException">A bad query.</exception>
    public double[] Weights(ReadOnlySpan<double> query)
    {
        return Core.UniversalHopfieldModule.Weights(_net, Query(query));
    }

    /// <summary>The similarity scores sim(M, q), larger meaning more similar (distances are negated, or normalized reciprocals under App. E).</summary>
    /// <param name="query">The query.</param>
    /// <returns>K scores.</returns>
    /// <exception cref="ArgumentException">A bad query.</exception>
    public double[] Scores(ReadOnlySpan<double> query)
    {
        return Core.UniversalHopfieldModule.ScoresOf(_net, Query(query));
    }

    /// <summary>
    /// The energy E(v) = ½vᵀv − L_h(M v) of UHN Eq. 4 (L_h the antiderivative of the separation; for softmax
    /// ½vᵀv − (1/β) ln Σ exp(β ξ·v)). Defined for the dot similarity, no normalization, linear output, auto-association.
    /// </summary>
    /// <param name="state">The state v.</param>
    /// <returns>The energy.</returns>
    /// <exception cref="ArgumentException">A bad state.</exception>
    /// <exception cref="InvalidOperationException">A hetero-associative network, or one outside the energy's form.</exception>
    /// <exception cref="OverflowException">A similarity ξ·v or the energy is beyond a double's range (±1.8e308); L_h is evaluated on the similarities as they are.</exception>
    public double Energy(ReadOnlySpan<double> state)
    {
        return Core.UniversalHopfieldModule.Energy(_net, State(state));
    }

    /// <summary>
    /// One Euler step v + η(Mᵀ sep(M v) − v) of the UHN dynamics with fast hidden neurons (UHN Eq. 2); for
    /// 0 &lt; η ≤ 2 and a monotone separation the energy never increases. η = 1 is the one-step update.
    /// </summary>
    /// <param name="state">The state v.</param>
    /// <param name="stepSize">η = Δt/τ in (0, 2].</param>
    /// <returns>The next state.</returns>
    /// <exception cref="ArgumentException">A bad state or step size.</exception>
    /// <exception cref="InvalidOperationException">A hetero-associative network, or one outside the energy's form.</exception>
    public double[] EulerStep(ReadOnlySpan<double> state, double stepSize = 1)
    {
        var v = State(state);
        if (!(stepSize > 0 && stepSize <= 2)) throw new ArgumentOutOfRangeException(nameof(stepSize), stepSize, $"stepSize = {CoreCall.Show(stepSize)} is outside its valid range (0, 2] (Δt/τ of an Euler step whose energy never increases).");
        return Core.UniversalHopfieldModule.EulerStep(_net, stepSize, v);
    }

    /// <summary>
    /// A state of the energy's dynamics, checked in the caller's name <c>state</c>; the network must be of the
    /// energy's form (dot similarity, no normalization, linear output, auto-associative).
    /// </summary>
    private double[] State(ReadOnlySpan<double> state)
    {
        if (!IsAutoAssociative) throw MemoryRows.NotAutoAssociative(nameof(UniversalHopfieldNetwork));
        if (Options.Similarity != SimilarityFunction.Dot || Options.NormalizeScores || Options.NormalizeSeparated || Options.SignOutput)
        {
            throw new InvalidOperationException(
                "The UHN energy and dynamics are implemented for the dot-product similarity with no App. E normalization and a linear output; this network's options are outside that form.");
        }
        return MemoryRows.Vector(state, nameof(state), Dimension);
    }
}
