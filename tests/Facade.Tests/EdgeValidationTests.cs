namespace AssociativeKernels.Tests;

/// <summary>
/// Issue 12, point 3, for the experiments' helpers: every public method of <see cref="ImagePerturbations"/>,
/// <see cref="RetrievalCriterion"/>, <see cref="FeatureMaps"/>, <see cref="MarginLoad"/> and <see cref="Simulations"/>
/// refuses an out-of-range argument with an <see cref="ArgumentException"/> whose ParamName is the parameter the
/// caller passed, and whose message names the value and its valid range (written out here by hand).
/// </summary>
public class EdgeValidationTests
{
    private static readonly double[] Image = [0.25, 0.5, 0.75, 1];

    private static readonly ModernHopfieldNetwork Shard = ModernHopfieldNetwork.Create(new double[,] { { 1, 0 }, { 0, 1 } }, 1);

    private sealed record Case(Action Call, Type Kind, string Parameter, string Message);

    private static Case Refuses<TException>(Action call, string parameter, string message) where TException : ArgumentException =>
        new(call, typeof(TException), parameter, message);

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["ImagePerturbations.MaskTop fraction"] = Refuses<ArgumentOutOfRangeException>(
            () => ImagePerturbations.MaskTop(Image, 1.5), "fraction", "fraction = 1.5 is outside its valid range [0, 1]."),
        ["ImagePerturbations.MaskTop empty image"] = Refuses<ArgumentException>(
            () => ImagePerturbations.MaskTop([], 0.5), "image", "image is empty"),
        ["ImagePerturbations.MaskTop NaN pixel"] = Refuses<ArgumentOutOfRangeException>(
            () => ImagePerturbations.MaskTop([0.5, double.NaN], 0.5), "image", "image[1] = NaN: every component must be a finite number."),
        ["ImagePerturbations.MaskRandom fraction"] = Refuses<ArgumentOutOfRangeException>(
            () => ImagePerturbations.MaskRandom(Image, -0.25, new Random(1)), "fraction", "fraction = -0.25 is outside its valid range [0, 1]."),
        ["ImagePerturbations.MaskRandom random"] = Refuses<ArgumentNullException>(
            () => ImagePerturbations.MaskRandom(Image, 0.5, null!), "random", "random"),
        ["ImagePerturbations.MaskEdges rows"] = Refuses<ArgumentOutOfRangeException>(
            () => ImagePerturbations.MaskEdges(Image, 0, 2, 1), "rows", "rows = 0 is outside its valid range [1, ∞)."),
        ["ImagePerturbations.MaskEdges columns"] = Refuses<ArgumentOutOfRangeException>(
            () => ImagePerturbations.MaskEdges(Image, 2, -2, 1), "columns", "columns = -2 is outside its valid range [1, ∞)."),
        ["ImagePerturbations.MaskEdges width"] = Refuses<ArgumentOutOfRangeException>(
            () => ImagePerturbations.MaskEdges(Image, 2, 2, -1), "width", "width = -1 is outside its valid range [0, ∞)."),
        ["ImagePerturbations.MaskEdges shape"] = Refuses<ArgumentException>(
            () => ImagePerturbations.MaskEdges(Image, 3, 2, 1), "image", "image has length 4 but rows × columns = 3 × 2 = 6; they must match."),
        ["ImagePerturbations.EdgeWidth rows"] = Refuses<ArgumentOutOfRangeException>(
            () => ImagePerturbations.EdgeWidth(0, 0.5), "rows", "rows = 0 is outside its valid range [1, ∞)."),
        ["ImagePerturbations.EdgeWidth fraction"] = Refuses<ArgumentOutOfRangeException>(
            () => ImagePerturbations.EdgeWidth(28, double.NaN), "fraction", "fraction = NaN must be a finite number."),
        ["ImagePerturbations.AddGaussianNoise variance"] = Refuses<ArgumentOutOfRangeException>(
            () => ImagePerturbations.AddGaussianNoise(Image, -1, new Random(1)), "variance", "variance = -1 is outside its valid range [0, ∞)."),
        ["ImagePerturbations.AddGaussianNoise random"] = Refuses<ArgumentNullException>(
            () => ImagePerturbations.AddGaussianNoise(Image, 1, null!), "random", "random"),

        ["RetrievalCriterion.SquaredError lengths"] = Refuses<ArgumentException>(
            () => RetrievalCriterion.SquaredError([1, 2], [1]), "target", "retrieved has length 2 but target has length 1; they must have the same length."),
        ["RetrievalCriterion.SquaredError NaN"] = Refuses<ArgumentOutOfRangeException>(
            () => RetrievalCriterion.SquaredError([1, double.NaN], [1, 1]), "retrieved", "retrieved[1] = NaN: every component must be a finite number."),
        ["RetrievalCriterion.IsCorrect threshold"] = Refuses<ArgumentOutOfRangeException>(
            () => RetrievalCriterion.IsCorrect([1], [1], threshold: 0), "threshold", "threshold = 0 is outside its valid range (0, ∞)."),
        ["RetrievalCriterion.IsCorrect lengths"] = Refuses<ArgumentException>(
            () => RetrievalCriterion.IsCorrect([1], [1, 2]), "target", "retrieved has length 1 but target has length 2; they must have the same length."),

        ["FeatureMaps.Polynomial2 NaN"] = Refuses<ArgumentOutOfRangeException>(
            () => FeatureMaps.Polynomial2([1.0, double.NaN]), "x", "x[1] = NaN: every component must be a finite number."),
        ["FeatureMaps.Polynomial2 float NaN"] = Refuses<ArgumentOutOfRangeException>(
            () => FeatureMaps.Polynomial2([float.NaN]), "x", "x[0] = NaN: every component must be a finite number."),
        ["FeatureMaps.Polynomial2 null"] = Refuses<ArgumentNullException>(() => FeatureMaps.Polynomial2((double[])null!), "x", "x"),
        ["FeatureMaps.Pairs NaN"] = Refuses<ArgumentOutOfRangeException>(
            () => FeatureMaps.Pairs([double.NaN, 1.0]), "x", "x[0] = NaN: every component must be a finite number."),
        ["FeatureMaps.Pairs float NaN"] = Refuses<ArgumentOutOfRangeException>(
            () => FeatureMaps.Pairs([1f, 2f, float.NaN]), "x", "x[2] = NaN: every component must be a finite number."),
        ["FeatureMaps.Pairs null"] = Refuses<ArgumentNullException>(() => FeatureMaps.Pairs((double[])null!), "x", "x"),
        ["FeatureMaps.Sdm span shape"] = Refuses<ArgumentException>(
            () => FeatureMaps.Sdm(new double[] { 1, 1, 1 }, 0, new double[] { 1, 1 }), "addresses",
            "addresses has 3 entries, not a whole number of rows of dimension 2"),
        ["FeatureMaps.Sdm span empty"] = Refuses<ArgumentException>(
            () => FeatureMaps.Sdm(ReadOnlySpan<double>.Empty, 0, new double[] { 1, 1 }), "addresses", "addresses is empty"),
        ["FeatureMaps.Sdm span bias"] = Refuses<ArgumentOutOfRangeException>(
            () => FeatureMaps.Sdm(new double[] { 1, 1 }, double.NaN, new double[] { 1, 1 }), "bias", "bias = NaN must be a finite number."),
        ["FeatureMaps.Sdm matrix bias"] = Refuses<ArgumentOutOfRangeException>(
            () => FeatureMaps.Sdm(new double[,] { { 1, -1 } }, double.NaN, new double[] { 1, 1 }), "bias", "bias = NaN must be a finite number."),
        ["FeatureMaps.Sdm matrix shape"] = Refuses<ArgumentException>(
            () => FeatureMaps.Sdm(new double[,] { { 1, -1, 1 } }, 0, new double[] { 1, 1 }), "x",
            "addresses' dimension has length 3 but x has length 2; they must have the same length."),
        ["FeatureMaps.Sdm matrix empty"] = Refuses<ArgumentException>(
            () => FeatureMaps.Sdm(new double[0, 2], 0, new double[] { 1, 1 }), "addresses", "addresses is empty"),
        ["FeatureMaps.RandomHypercubeAddresses count"] = Refuses<ArgumentOutOfRangeException>(
            () => FeatureMaps.RandomHypercubeAddresses(count: 0, dimension: 4, seed: 1), "count", "count = 0 is outside its valid range [1, ∞)."),
        ["FeatureMaps.RandomHypercubeAddresses dimension"] = Refuses<ArgumentOutOfRangeException>(
            () => FeatureMaps.RandomHypercubeAddresses(count: 2, dimension: 0, seed: 1), "dimension", "dimension = 0 is outside its valid range [1, ∞)."),
        ["FeatureMaps.RandomHypersphereAddresses count"] = Refuses<ArgumentOutOfRangeException>(
            () => FeatureMaps.RandomHypersphereAddresses(count: -1, dimension: 4, seed: 1), "count", "count = -1 is outside its valid range [1, ∞)."),
        ["FeatureMaps.RandomHypersphereAddresses dimension"] = Refuses<ArgumentOutOfRangeException>(
            () => FeatureMaps.RandomHypersphereAddresses(count: 2, dimension: -3, seed: 1), "dimension", "dimension = -3 is outside its valid range [1, ∞)."),

        ["MarginLoad.PairsFeatureCount dimension"] = Refuses<ArgumentOutOfRangeException>(
            () => MarginLoad.PairsFeatureCount(1), "dimension", "dimension = 1 is outside its valid range [2, ∞)."),
        ["MarginLoad.PatternCount dimension"] = Refuses<ArgumentOutOfRangeException>(
            () => MarginLoad.PatternCount(0, 0.1), "dimension", "dimension = 0 is outside its valid range [2, ∞)."),
        ["MarginLoad.PatternCount load"] = Refuses<ArgumentOutOfRangeException>(
            () => MarginLoad.PatternCount(10, 0), "load", "load = 0 is outside its valid range (0, ∞)."),
        ["MarginLoad.Trial dimension"] = Refuses<ArgumentOutOfRangeException>(
            () => MarginLoad.Trial(1, 10, 1), "dimension", "dimension = 1 is outside its valid range [2, ∞)."),
        ["MarginLoad.Trial patterns"] = Refuses<ArgumentOutOfRangeException>(
            () => MarginLoad.Trial(10, 0, 1), "patterns", "patterns = 0 is outside its valid range [1, ∞)."),
        ["MarginLoad.Trial maxSweeps"] = Refuses<ArgumentOutOfRangeException>(
            () => MarginLoad.Trial(10, 5, 1, maxSweeps: 0), "maxSweeps", "maxSweeps = 0 is outside its valid range [1, ∞)."),
        ["MarginLoad.Trial tolerance"] = Refuses<ArgumentOutOfRangeException>(
            () => MarginLoad.Trial(10, 5, 1, tolerance: -0.5), "tolerance", "tolerance = -0.5 is outside its valid range (0, ∞)."),
        ["MarginLoad.Crossing one load"] = Refuses<ArgumentOutOfRangeException>(
            () => MarginLoad.Crossing([0.1], [1], [0.1]), "loads", "loads has length 1; a crossing needs at least 2 loads."),
        ["MarginLoad.Crossing decreasing loads"] = Refuses<ArgumentException>(
            () => MarginLoad.Crossing([0.2, 0.1], [1, -1], [0, 0]), "loads", "loads[1] = 0.1 is not above loads[0] = 0.2; the loads must increase strictly."),
        ["MarginLoad.Crossing NaN load"] = Refuses<ArgumentOutOfRangeException>(
            () => MarginLoad.Crossing([0.1, double.NaN], [1, -1], [0, 0]), "loads", "loads[1] = NaN: every component must be a finite number."),
        ["MarginLoad.Crossing means length"] = Refuses<ArgumentException>(
            () => MarginLoad.Crossing([0.1, 0.2], [1], [0.1, 0.1]), "means", "loads has length 2 but means has length 1; they must have the same length."),
        ["MarginLoad.Crossing standardErrors length"] = Refuses<ArgumentException>(
            () => MarginLoad.Crossing([0.1, 0.2], [1, -1], [0.1]), "standardErrors",
            "loads has length 2 but standardErrors has length 1; they must have the same length."),
        ["MarginLoad.Crossing negative standard error"] = Refuses<ArgumentOutOfRangeException>(
            () => MarginLoad.Crossing([0.1, 0.2], [1, -1], [0.1, -0.5]), "standardErrors", "standardErrors[1] = -0.5 is outside its valid range [0, ∞)."),
        ["MarginLoad.Crossing null"] = Refuses<ArgumentNullException>(() => MarginLoad.Crossing(null!, [1, -1], [0, 0]), "loads", "loads"),
        ["MarginLoad.GardnerMargin zero"] = Refuses<ArgumentOutOfRangeException>(
            () => MarginLoad.GardnerMargin(0), "loadPerFeature", "loadPerFeature = 0 is outside its valid range (0, 2]."),
        ["MarginLoad.GardnerMargin above 2"] = Refuses<ArgumentOutOfRangeException>(
            () => MarginLoad.GardnerMargin(2.5), "loadPerFeature", "loadPerFeature = 2.5 is outside its valid range (0, 2]."),
        ["MarginLoad.Summarize one sample"] = Refuses<ArgumentOutOfRangeException>(
            () => MarginLoad.Summarize([1]), "samples", "samples has length 1; a mean and its standard error need at least 2 samples."),

        ["Simulations.ExpBetaCapacity dimension"] = Refuses<ArgumentOutOfRangeException>(
            () => Simulations.ExpBetaCapacity(0, 1, 2, 1), "dimension", "dimension = 0 is outside its valid range [1, ∞)."),
        ["Simulations.ExpBetaCapacity sigma2"] = Refuses<ArgumentOutOfRangeException>(
            () => Simulations.ExpBetaCapacity(10, 0, 2, 1), "sigma2", "sigma2 = 0 is outside its valid range (0, ∞)."),
        ["Simulations.ExpBetaCapacity sigma2 overflow"] = Refuses<ArgumentOutOfRangeException>(
            () => Simulations.ExpBetaCapacity(10, 1e308, 2, 1), "sigma2", "sigma2 = 1E+308 at dimension = 10 gives r² = σ²N beyond double's range"),
        ["Simulations.ExpBetaCapacity runs"] = Refuses<ArgumentOutOfRangeException>(
            () => Simulations.ExpBetaCapacity(10, 1, 1, 1), "runs", "runs = 1 is outside its valid range [2, ∞)."),
        ["Simulations.ExpBetaCapacity maxPatterns"] = Refuses<ArgumentOutOfRangeException>(
            () => Simulations.ExpBetaCapacity(10, 1, 2, 1, maxPatterns: 0), "maxPatterns", "maxPatterns = 0 is outside its valid range [1, ∞)."),
        ["Simulations.DamStability degree"] = Refuses<ArgumentOutOfRangeException>(
            () => Simulations.DamStability(0, 10, 10, 2, 1), "degree", "degree = 0 is outside its valid range [1, ∞)."),
        ["Simulations.DamStability trials"] = Refuses<ArgumentOutOfRangeException>(
            () => Simulations.DamStability(2, 10, 10, 1, 1), "trials", "trials = 1 is outside its valid range [2, ∞)."),
        ["Simulations.LmSphereDominance dimension"] = Refuses<ArgumentOutOfRangeException>(
            () => Simulations.LmSphereDominance(1, 1, 2, 1), "dimension", "dimension = 1 is outside its valid range [2, ∞)."),
        ["Simulations.LmSphereDominance lambda"] = Refuses<ArgumentOutOfRangeException>(
            () => Simulations.LmSphereDominance(10, 0, 2, 1), "lambda", "lambda = 0 is outside its valid range (0, ∞)."),
        ["Simulations.LmSphereDominance runs"] = Refuses<ArgumentOutOfRangeException>(
            () => Simulations.LmSphereDominance(10, 1, 1, 1), "runs", "runs = 1 is outside its valid range [2, ∞)."),
        ["Simulations.LmSphereDominance maxPatterns"] = Refuses<ArgumentOutOfRangeException>(
            () => Simulations.LmSphereDominance(10, 1, 2, 1, maxPatterns: 1), "maxPatterns", "maxPatterns = 1 is outside its valid range [2, ∞)."),
        ["Simulations.LmSphereRetrieval overlap"] = Refuses<ArgumentOutOfRangeException>(
            () => Simulations.LmSphereRetrieval(10, 1, 0, 0.1, 2, 1), "overlap", "overlap = 0 is outside its valid range (0, 1]."),
        ["Simulations.LmSphereRetrieval tolerance"] = Refuses<ArgumentOutOfRangeException>(
            () => Simulations.LmSphereRetrieval(10, 1, 1, 1, 2, 1), "tolerance", "tolerance = 1 is outside its valid range (0, 1)."),
        ["Simulations.LmSphereRetrieval lambda"] = Refuses<ArgumentOutOfRangeException>(
            () => Simulations.LmSphereRetrieval(10, double.NaN, 1, 0.1, 2, 1), "lambda", "lambda = NaN must be a finite number."),
        ["Simulations.HopfieldRetrieval dimension"] = Refuses<ArgumentOutOfRangeException>(
            () => Simulations.HopfieldRetrieval(0, 0.1, 0.1, 2, 1), "dimension", "dimension = 0 is outside its valid range [1, ∞)."),
        ["Simulations.HopfieldRetrieval alpha"] = Refuses<ArgumentOutOfRangeException>(
            () => Simulations.HopfieldRetrieval(100, 0, 0.1, 2, 1), "alpha", "alpha = 0 is outside its valid range (0, ∞)."),
        ["Simulations.HopfieldRetrieval flipProbability"] = Refuses<ArgumentOutOfRangeException>(
            () => Simulations.HopfieldRetrieval(100, 0.1, 1.5, 2, 1), "flipProbability", "flipProbability = 1.5 is outside its valid range [0, 1]."),
        ["Simulations.HopfieldRetrieval trials"] = Refuses<ArgumentOutOfRangeException>(
            () => Simulations.HopfieldRetrieval(100, 0.1, 0.1, 1, 1), "trials", "trials = 1 is outside its valid range [2, ∞)."),
        ["Simulations.HopfieldRetrieval maxSweeps"] = Refuses<ArgumentOutOfRangeException>(
            () => Simulations.HopfieldRetrieval(100, 0.1, 0.1, 2, 1, maxSweeps: 0), "maxSweeps", "maxSweeps = 0 is outside its valid range [1, ∞)."),

        ["PartialRetrieval.Merge rules"] = Refuses<ArgumentException>(
            () => PartialRetrieval.Merge(PartialRetrieval.EmptySoftmax(1, 2), PartialRetrieval.EmptyPower(1, 2)), "b",
            "b is a power n = 1 partial of output length 2 but a is a softmax β = 1 partial of output length 2; only partials of the same rule and output length merge."),
        ["PartialRetrieval.Merge null"] = Refuses<ArgumentNullException>(() => PartialRetrieval.Merge(null!, PartialRetrieval.EmptyPower(1, 2)), "a", "a"),
        ["PartialRetrieval.EmptySoftmax beta"] = Refuses<ArgumentOutOfRangeException>(
            () => PartialRetrieval.EmptySoftmax(0, 2), "beta", "beta = 0 is outside its valid range (0, ∞)."),
        ["PartialRetrieval.EmptySoftmax outputDimension"] = Refuses<ArgumentOutOfRangeException>(
            () => PartialRetrieval.EmptySoftmax(1, 0), "outputDimension", "outputDimension = 0 is outside its valid range [1, ∞)."),
        ["PartialRetrieval.EmptyPower degree"] = Refuses<ArgumentOutOfRangeException>(
            () => PartialRetrieval.EmptyPower(0, 2), "degree", "degree = 0 is outside its valid range [1, ∞)."),
        ["PartialRetrieval.EmptyTopK k"] = Refuses<ArgumentOutOfRangeException>(
            () => PartialRetrieval.EmptyTopK(0, 2), "k", "k = 0 is outside its valid range [1, ∞)."),
        ["PartialRetrieval.FromSoftmaxState sumOfExponentials"] = Refuses<ArgumentOutOfRangeException>(
            () => PartialRetrieval.FromSoftmaxState(1, 3, 0, 0.5, new double[] { 1 }), "sumOfExponentials",
            "sumOfExponentials = 0.5 is outside its valid range [1, 6] (1 ≤ ℓ ≤ 2·rowCount"),
        ["PartialRetrieval.FromSoftmaxState max"] = Refuses<ArgumentOutOfRangeException>(
            () => PartialRetrieval.FromSoftmaxState(1, 3, double.NaN, 1, new double[] { 1 }), "max", "max = NaN must be a finite number."),
        ["PartialRetrieval.FromSoftmaxState empty max"] = Refuses<ArgumentOutOfRangeException>(
            () => PartialRetrieval.FromSoftmaxState(1, 0, 0, 0, new double[] { 0 }), "max", "max = 0 but an empty partial (rowCount = 0) has max = -∞."),
        ["PartialRetrieval.FromSoftmaxState weightedSum"] = Refuses<ArgumentOutOfRangeException>(
            () => PartialRetrieval.FromSoftmaxState(1, 3, 0, 1, new[] { double.NaN }), "weightedSum", "weightedSum[0] = NaN: every component must be a finite number."),
        ["PartialRetrieval.FromSoftmaxState rowCount"] = Refuses<ArgumentOutOfRangeException>(
            () => PartialRetrieval.FromSoftmaxState(1, -1, 0, 1, new double[] { 1 }), "rowCount", "rowCount = -1 is outside its valid range [0, ∞)."),
        ["PartialRetrieval.FromPowerState empty weightedSum"] = Refuses<ArgumentException>(
            () => PartialRetrieval.FromPowerState(1, 1, ReadOnlySpan<double>.Empty), "weightedSum", "weightedSum is empty; an output has at least one component."),
        ["PartialRetrieval.FromPowerState nonzero empty partial"] = Refuses<ArgumentOutOfRangeException>(
            () => PartialRetrieval.FromPowerState(1, 0, new double[] { 1 }), "weightedSum", "weightedSum[0] = 1 but an empty partial (rowCount = 0) has a weighted sum of 0."),
        ["PartialRetrieval.FromTopKState scores length"] = Refuses<ArgumentException>(
            () => PartialRetrieval.FromTopKState(2, 1, 5, new double[] { 1 }, new long[] { 0 }, new double[] { 1 }), "scores",
            "scores has length 1 but a top-k partial over rowCount = 5 rows keeps min(k, rowCount) = 2 entries."),
        ["PartialRetrieval.FromTopKState duplicate index"] = Refuses<ArgumentException>(
            () => PartialRetrieval.FromTopKState(2, 1, 5, new double[] { 1, 2 }, new long[] { 3, 3 }, new double[] { 1, 1 }), "indices",
            "indices holds row 3 twice; the entries must be distinct rows."),
        ["PartialRetrieval.FromTopKState duplicate index between others"] = Refuses<ArgumentException>(
            () => PartialRetrieval.FromTopKState(3, 1, 5, new double[] { 1, 2, 3 }, new long[] { 3, 4, 3 }, new double[] { 10, 20, 30 }), "indices",
            "indices holds row 3 twice; the entries must be distinct rows."),
        ["PartialRetrieval.FromTopKState negative index"] = Refuses<ArgumentOutOfRangeException>(
            () => PartialRetrieval.FromTopKState(1, 1, 5, new double[] { 1 }, new long[] { -2 }, new double[] { 1 }), "indices", "indices[0] = -2 is outside its valid range [0, ∞)."),
        ["PartialRetrieval.FromTopKState values length"] = Refuses<ArgumentException>(
            () => PartialRetrieval.FromTopKState(1, 2, 5, new double[] { 1 }, new long[] { 0 }, new double[] { 1 }), "values",
            "values has length 1 but 1 entries × outputDimension = 2 need 2."),
        ["PartialRetrieval.FromTopKState values range"] = Refuses<ArgumentOutOfRangeException>(
            () => PartialRetrieval.FromTopKState(2, 1, 2, new double[] { 1, 2 }, new long[] { 0, 1 }, new double[] { 1e308, 1 }), "values",
            "values[0] = 1E+308 is outside its valid range"),
        ["PartialRetrieval.CompleteInto destination"] = Refuses<ArgumentException>(
            () => PartialRetrieval.EmptyPower(1, 2).CompleteInto(new double[3]), "destination", "destination has length 3 but the output has length 2; they must match."),
        ["OneStepMemory.RetrievePartial query"] = Refuses<ArgumentException>(
            () => Shard.RetrievePartial(new double[] { 1 }), "query", "query has length 1 but the memory takes vectors of length 2."),
        ["OneStepMemory.RetrievePartial query NaN"] = Refuses<ArgumentOutOfRangeException>(
            () => Shard.RetrievePartial(new[] { 1, double.NaN }, 0, 1), "query", "query[1] = NaN: every component must be a finite number."),
        ["OneStepMemory.RetrievePartial from"] = Refuses<ArgumentOutOfRangeException>(
            () => Shard.RetrievePartial(new double[] { 1, 0 }, -1, 1), "from", "from = -1 is outside its valid range [0, 2] (0 to PatternCount)."),
        ["OneStepMemory.RetrievePartial to"] = Refuses<ArgumentOutOfRangeException>(
            () => Shard.RetrievePartial(new double[] { 1, 0 }, 1, 0), "to", "to = 0 is outside its valid range [1, 2] (from to PatternCount)."),
        ["OneStepMemory.RetrievePartial firstRow"] = Refuses<ArgumentOutOfRangeException>(
            () => Shard.RetrievePartial(new double[] { 1, 0 }, firstRow: -5), "firstRow", "firstRow = -5 is outside its valid range [0, 9223372036854775805]"),

        ["Theorems.Describe id"] = Refuses<ArgumentException>(
            () => Theorems.Describe("T13"), "id", "unknown theorem 'T13'; the ids are T1, T2, T3"),
        ["Theorems.Describe null"] = Refuses<ArgumentNullException>(() => Theorems.Describe(null!), "id", "id"),
        ["Theorems.Verify id"] = Refuses<ArgumentException>(
            () => Theorems.Verify("t3"), "id", "unknown theorem 't3'"),
        ["Theorems.Verify unknown parameter"] = Refuses<ArgumentException>(
            () => Theorems.Verify("T3", new Dictionary<string, TheoremRange> { ["gamma"] = new(1, 2) }), "ranges",
            "T3 has no parameter 'gamma'; its parameters are beta, r, N, M (case-sensitive)."),
        ["Theorems.Verify empty range"] = Refuses<ArgumentException>(
            () => Theorems.Verify("T3", new Dictionary<string, TheoremRange> { ["beta"] = new(2, 1) }), "ranges",
            "beta = 2..1 is empty: write the smaller end first (lo..hi)."),
        ["Theorems.Verify NaN range"] = Refuses<ArgumentException>(
            () => Theorems.Verify("T3", new Dictionary<string, TheoremRange> { ["beta"] = new(double.NaN, 1) }), "ranges",
            "beta = NaN..1: both ends must be finite numbers."),
        ["Theorems.Verify outside the domain"] = Refuses<ArgumentException>(
            () => Theorems.Verify("T3", new Dictionary<string, TheoremRange> { ["beta"] = new(0, 2) }), "ranges",
            "beta = 0..2 is outside its domain [1e-6, 1e6] (the exponent β)."),
        ["Theorems.Verify trials"] = Refuses<ArgumentOutOfRangeException>(
            () => Theorems.Verify("T3", trials: 0), "trials", "trials = 0 is outside its valid range [1, 1000000]."),
        ["Theorems.Verify seed"] = Refuses<ArgumentOutOfRangeException>(
            () => Theorems.Verify("T3", seed: -1), "seed", "seed = -1 is outside its valid range [0, 2147483647]."),
        ["Theorems.VerifyKernel null"] = Refuses<ArgumentNullException>(() => Theorems.VerifyKernel(null!, 2), "kernel", "kernel"),
        ["Theorems.VerifyKernel dimension"] = Refuses<ArgumentOutOfRangeException>(
            () => Theorems.VerifyKernel((x, y) => 1, 0), "dimension", "dimension = 0 is outside its valid range [1, 10000]."),
        ["Theorems.VerifyKernel scale"] = Refuses<ArgumentOutOfRangeException>(
            () => Theorems.VerifyKernel((x, y) => 1, 2, scale: double.NaN), "scale", "scale = NaN is outside its valid range (0, 1e150)."),
        ["Theorems.VerifyKernel trials"] = Refuses<ArgumentOutOfRangeException>(
            () => Theorems.VerifyKernel((x, y) => 1, 2, trials: 1_000_001), "trials", "trials = 1000001 is outside its valid range [1, 1000000]."),
        ["Theorems.VerifyMemory null"] = Refuses<ArgumentNullException>(
            () => Theorems.VerifyMemory(null!, new double[,] { { 1, -1 } }), "memory", "memory"),
        ["Theorems.VerifyMemory shape"] = Refuses<ArgumentException>(
            () => Theorems.VerifyMemory(HopfieldNetwork.Create(new double[,] { { 1, -1 } }), new double[,] { { 1, -1, 1 } }), "patterns",
            "patterns is 1 × 3 but the memory stores 1 patterns of dimension 2; pass the patterns it stored."),
        ["Theorems.VerifyMemory hetero"] = Refuses<ArgumentException>(
            () => Theorems.VerifyMemory(HopfieldNetwork.CreateHetero(new double[,] { { 1, -1 } }, new double[,] { { 1 } }), new double[,] { { 1, -1 } }), "memory",
            "memory is hetero-associative"),
        ["Theorems.VerifyMemory NaN pattern"] = Refuses<ArgumentOutOfRangeException>(
            () => Theorems.VerifyMemory(HopfieldNetwork.Create(new double[,] { { 1, -1 } }), new double[,] { { 1, double.NaN } }), "patterns",
            "patterns[0, 1] = NaN: every entry must be a finite number."),
        ["Theorems.EstimateConvergenceRadius trialsPerRadius"] = Refuses<ArgumentOutOfRangeException>(
            () => Theorems.EstimateConvergenceRadius(HopfieldNetwork.Create(new double[,] { { 1, -1 } }), new double[,] { { 1, -1 } }, trialsPerRadius: 0),
            "trialsPerRadius", "trialsPerRadius = 0 is outside its valid range [1, 1000000]."),
        ["Theorems.EstimateConvergenceRadius patterns"] = Refuses<ArgumentNullException>(
            () => Theorems.EstimateConvergenceRadius(HopfieldNetwork.Create(new double[,] { { 1, -1 } }), null!), "patterns", "patterns"),
    };

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void An_out_of_range_argument_is_refused_under_the_callers_parameter_name(string name)
    {
        var c = Cases[name];
        var e = Record.Exception(c.Call);
        Assert.NotNull(e);
        Assert.IsType(c.Kind, e);
        var argument = (ArgumentException)e;
        Assert.Equal(c.Parameter, argument.ParamName);
        Assert.Contains(c.Message, argument.Message);
    }

    [Fact]
    public void Every_public_method_of_the_experiment_helpers_has_a_refusal_case()
    {
        Type[] types = [typeof(ImagePerturbations), typeof(RetrievalCriterion), typeof(FeatureMaps), typeof(MarginLoad), typeof(Simulations)];
        var methods = types
            .SelectMany(t => t.GetMethods(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.DeclaredOnly)
                .Where(m => !m.IsSpecialName && m.GetParameters().Length > 0)
                .Select(m => $"{t.Name}.{m.Name}"))
            .Distinct();
        Assert.All(methods, m => Assert.Contains(Cases.Keys, k => k.StartsWith(m + " ", StringComparison.Ordinal)));
    }

    /// <summary>Issue 15, part 3: the same for the theorem checks.</summary>
    [Fact]
    public void Every_public_method_of_the_theorem_checks_has_a_refusal_case()
    {
        var methods = typeof(Theorems)
            .GetMethods(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.DeclaredOnly)
            .Where(m => !m.IsSpecialName && m.GetParameters().Length > 0)
            .Select(m => $"Theorems.{m.Name}")
            .Distinct();
        Assert.All(methods, m => Assert.Contains(Cases.Keys, k => k.StartsWith(m + " ", StringComparison.Ordinal)));
    }

    /// <summary>Issue 14, point 5: the same for the mergeable partial retrieval, its static factories, its instance methods and the memories' RetrievePartial.</summary>
    [Fact]
    public void Every_public_method_of_the_partial_retrieval_has_a_refusal_case()
    {
        var methods = typeof(PartialRetrieval)
            .GetMethods(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.DeclaredOnly)
            .Where(m => !m.IsSpecialName && m.GetParameters().Length > 0)
            .Select(m => $"PartialRetrieval.{m.Name}")
            .Append("OneStepMemory.RetrievePartial")
            .Distinct();
        Assert.All(methods, m => Assert.Contains(Cases.Keys, k => k.StartsWith(m + " ", StringComparison.Ordinal)));
    }
}
