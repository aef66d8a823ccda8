namespace AssociativeKernels.Tests;

/// <summary>
/// The ids DESIGN.md promises ("The command-line contract"), each with a valid set of parameters keyed
/// by the papers' symbols and, for bounds, the facade method a C# caller would use for the same id.
/// </summary>
public static class Contract
{
    internal sealed record BoundCase(string Id, Dictionary<string, double> Parameters, Func<BoundResult> Call)
    {
        public override string ToString() => Id;
    }

    internal sealed record KernelCase(string Id, Dictionary<string, double> Parameters)
    {
        public override string ToString() => Id;
    }

    private static Dictionary<string, double> P(params (string Key, double Value)[] pairs) =>
        pairs.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

    internal static readonly BoundCase[] Bounds =
    [
        new("hopfield-classical", P(("N", 1000)), () => CapacityBounds.HopfieldClassical(dimension: 1000)),
        new("dam-no-error", P(("n", 3), ("N", 1000)), () => CapacityBounds.DamNoError(degree: 3, dimension: 1000)),
        new("dam-error-probability", P(("n", 3), ("N", 1000), ("K", 5000)), () => CapacityBounds.DamErrorProbability(degree: 3, dimension: 1000, patternCount: 5000)),
        new("dam-error-probability.gaussian", P(("n", 3), ("N", 1000), ("K", 5000)), () => CapacityBounds.DamErrorProbabilityGaussian(degree: 3, dimension: 1000, patternCount: 5000)),
        new("dam-max-patterns", P(("n", 3), ("N", 1000), ("perror", 0.005)), () => CapacityBounds.DamMaxPatterns(degree: 3, dimension: 1000, errorProbability: 0.005)),
        new("model-a", P(("n", 3), ("Nf", 100), ("Nh", 5000)), () => CapacityBounds.ModelA(degree: 3, featureNeurons: 100, hiddenNeurons: 5000)),
        new("vc-linear", P(("N", 100)), () => CapacityBounds.VcLinear(dimension: 100)),
        new("vc-polynomial", P(("N", 100), ("p", 3)), () => CapacityBounds.VcPolynomial(dimension: 100, degree: 3)),
        new("vc-exponential", P(("N", 100)), () => CapacityBounds.VcExponential(dimension: 100)),
        new("sv-proliferation", P(("N", 1000)), () => CapacityBounds.SvProliferation(dimension: 1000)),
        new("expbeta-noise", P(("N", 100), ("r", 2)), () => CapacityBounds.ExpBetaNoise(dimension: 100, radius: 2)),
        new("expbeta-noise.bipolar", P(("N", 100), ("r", 2)), () => CapacityBounds.ExpBetaNoiseBipolar(dimension: 100, radius: 2)),
        new("expbeta-gaussian.exact", P(("N", 100), ("sigma2", 0.1)), () => CapacityBounds.ExpBetaGaussianExact(dimension: 100, sigma2: 0.1)),
        new("expbeta-gaussian.lower", P(("N", 100), ("sigma2", 0.1)), () => CapacityBounds.ExpBetaGaussianLower(dimension: 100, sigma2: 0.1)),
        new("expbeta-gaussian.tight", P(("N", 100), ("sigma2", 0.1)), () => CapacityBounds.ExpBetaGaussianTight(dimension: 100, sigma2: 0.1)),
        new("expbeta-gaussian-radius.exact", P(("N", 100), ("r", 2)), () => CapacityBounds.ExpBetaGaussianRadiusExact(dimension: 100, radius: 2)),
        new("expbeta-sphere.exact", P(("N", 100), ("r", 0.5)), () => CapacityBounds.ExpBetaSphereExact(dimension: 100, radius: 0.5)),
        new("expbeta-sphere.lower", P(("N", 100), ("r", 0.5)), () => CapacityBounds.ExpBetaSphereLower(dimension: 100, radius: 0.5)),
        new("expbeta-sphere.tight", P(("N", 100), ("r", 0.5)), () => CapacityBounds.ExpBetaSphereTight(dimension: 100, radius: 0.5)),
        new("expbeta-bipolar.exact", P(("N", 100), ("f", 0.5), ("rho", 0.05)), () => CapacityBounds.ExpBetaBipolarExact(dimension: 100, sparseness: 0.5, flipProbability: 0.05)),
        new("expbeta-bipolar.lower", P(("N", 100), ("f", 0.5), ("rho", 0.05)), () => CapacityBounds.ExpBetaBipolarLower(dimension: 100, sparseness: 0.5, flipProbability: 0.05)),
        new("expbeta-bipolar.tight", P(("N", 100), ("f", 0.5), ("rho", 0.05)), () => CapacityBounds.ExpBetaBipolarTight(dimension: 100, sparseness: 0.5, flipProbability: 0.05)),
        new("expbeta-gaussian.birthday", P(("N", 40), ("sigma2", 0.2)), () => CapacityBounds.ExpBetaGaussianBirthday(dimension: 40, sigma2: 0.2)),
        new("expbeta-sphere.birthday", P(("N", 100), ("r", 0.5)), () => CapacityBounds.ExpBetaSphereBirthday(dimension: 100, radius: 0.5)),
        new("expbeta-bipolar.birthday", P(("N", 100), ("f", 0.2), ("rho", 0.04)), () => CapacityBounds.ExpBetaBipolarBirthday(dimension: 100, sparseness: 0.2, flipProbability: 0.04)),
        new("ramsauer-storage", P(("d", 20), ("beta", 1), ("K", 3), ("pfail", 0.001)), () => CapacityBounds.RamsauerStorage(dimension: 20, beta: 1, radiusScale: 3, failureProbability: 0.001)),
        new("lm-sphere.alpha1", P(("N", 100), ("lambda", 1)), () => CapacityBounds.LmSphereAlpha1(dimension: 100, lambda: 1)),
        new("lm-sphere.basin", P(("N", 100), ("lambda", 1), ("rho", 0.9)), () => CapacityBounds.LmSphereBasin(dimension: 100, lambda: 1, overlap: 0.9)),
        new("lm-gaussian.alpha1", P(("N", 100), ("lambda", 0.5)), () => CapacityBounds.LmGaussianAlpha1(dimension: 100, lambda: 0.5)),
        new("lm-gaussian.alphac", P(("N", 100), ("lambda", 0.5)), () => CapacityBounds.LmGaussianAlphaC(dimension: 100, lambda: 0.5)),
        new("lm-bipolar.alpha1", P(("N", 100), ("lambda", 1)), () => CapacityBounds.LmBipolarAlpha1(dimension: 100, lambda: 1)),
    ];

    internal static readonly KernelCase[] Kernels =
    [
        new("sdm-hypercube", P(("N", 100), ("r", 40), ("delta", 10))),
        new("sdm-hypersphere.exact", P(("N", 100), ("b", 0.1), ("cos", 0.9))),
        new("sdm-hypersphere.approx", P(("N", 100), ("b", 0.1), ("cos", 0.9))),
        new("exp-beta", P(("beta", 2), ("r", 5), ("d", 5))),
        new("exp-beta.limit", P(("r", 5), ("d", 3))),
    ];

    public static IEnumerable<object[]> BoundData => Bounds.Select(b => new object[] { b.Id });

    public static IEnumerable<object[]> KernelData => Kernels.Select(k => new object[] { k.Id });
}
