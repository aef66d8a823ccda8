using AssociativeKernels.Interop;
using Core = AssociativeKernels.Core;

namespace AssociativeKernels;

/// <summary>
/// The closed-form capacity bounds C1–C11 of the associative-memory papers, one method per bound id of
/// the core's registry, plus evaluation by id. Every result carries its value (or <see langword="null"/>
/// when it overflows a double; exact where the formula gives it directly, e.g. 2N), its natural log, the paper
/// and equation, and whether the parameters are in range (inside the regime the formula was derived for).
/// Each argument is checked before the core is called, against the range the core states beside the
/// formula: an invalid one throws an <see cref="ArgumentOutOfRangeException"/> whose ParamName is the C#
/// parameter and whose message names it, its value and the valid range.
/// </summary>
/// <remarks>
/// Papers: Hopfield (1982) and Amit–Gutfreund–Sompolinsky for the classical network; DAM — Krotov and
/// Hopfield, "Dense associative memory for pattern recognition" (2016), and "Large associative memory
/// problem in neurobiology and machine learning" (2021) for model A (LAM); KMN — Iatropoulos, Brea and
/// Gerstner, "Kernel memory networks" (2022) for the VC, support-vector and exp-β bounds. "Dimension" is
/// N, the number of neurons (the length of a pattern); patterns are rows.
/// </remarks>
public static class CapacityBounds
{
    // ---- C1 classical Hopfield -----------------------------------------------------------------

    /// <summary>
    /// C1, the classical Hopfield network's capacity 0.138 N (DAM §2, from Amit, Gutfreund and
    /// Sompolinsky 1985; id <c>hopfield-classical</c>). In range (inside the regime of its derivation) for N ≥ 100.
    /// </summary>
    /// <param name="dimension">The number of neurons N ≥ 1.</param>
    /// <returns>The capacity in patterns.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dimension"/> is out of range.</exception>
    public static BoundResult HopfieldClassical(int dimension) =>
        Bound(Core.Hopfield.ClassicalFormula, () => Core.Hopfield.Classical(dimension),
            ("N", dimension, nameof(dimension)));

    // ---- C2 dense associative memory -----------------------------------------------------------

    /// <summary>
    /// C2, DAM's capacity without retrieval errors, K_max = N^(n−1) / (2 (2n − 3)!! ln N) (DAM Eq. 6;
    /// id <c>dam-no-error</c>).
    /// </summary>
    /// <param name="degree">The degree n ≥ 2 of the rectified polynomial energy.</param>
    /// <param name="dimension">The number of neurons N ≥ 2.</param>
    /// <returns>The capacity in patterns.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range.</exception>
    public static BoundResult DamNoError(int degree, int dimension) =>
        Bound(Core.Dam.NoErrorCapacityFormula, () => Core.Dam.NoErrorCapacity(degree, dimension),
            ("n", degree, nameof(degree)), ("N", dimension, nameof(dimension)));

    /// <summary>
    /// C2, the asymptotic probability that one bit of a stored pattern flips, the right-hand side of DAM's
    /// P_error equation (id <c>dam-error-probability</c>); capped at ½, the largest value of the Gaussian tail
    /// it expands, where the expansion fails (then not in range).
    /// </summary>
    /// <param name="degree">The degree n ≥ 2.</param>
    /// <param name="dimension">The number of neurons N ≥ 2.</param>
    /// <param name="patternCount">The number of stored patterns K ≥ 2 (a real number: the formula is asymptotic in K).</param>
    /// <returns>The error probability.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range.</exception>
    public static BoundResult DamErrorProbability(int degree, int dimension, double patternCount) =>
        Bound(Core.Dam.ErrorProbabilityFormula, () => Core.Dam.ErrorProbability(degree, dimension, patternCount),
            ("n", degree, nameof(degree)), ("N", dimension, nameof(dimension)), ("K", patternCount, nameof(patternCount)));

    /// <summary>
    /// C2, the Gaussian tail integral of DAM's error probability, from the mean energy gap ⟨ΔE⟩ and its
    /// variance Σ² (id <c>dam-error-probability.gaussian</c>).
    /// </summary>
    /// <param name="degree">The degree n ≥ 2.</param>
    /// <param name="dimension">The number of neurons N ≥ 2.</param>
    /// <param name="patternCount">The number of stored patterns K ≥ 2 (a real number: the formula is asymptotic in K).</param>
    /// <returns>The error probability.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range.</exception>
    public static BoundResult DamErrorProbabilityGaussian(int degree, int dimension, double patternCount) =>
        Bound(Core.Dam.ErrorProbabilityGaussianFormula, () => Core.Dam.ErrorProbabilityGaussian(degree, dimension, patternCount),
            ("n", degree, nameof(degree)), ("N", dimension, nameof(dimension)), ("K", patternCount, nameof(patternCount)));

    /// <summary>
    /// C2, the largest number of patterns K_max whose bit-error probability stays below a target
    /// (DAM Eq. 5, inverting the Gaussian P_error; id <c>dam-max-patterns</c>).
    /// </summary>
    /// <param name="degree">The degree n ≥ 2.</param>
    /// <param name="dimension">The number of neurons N ≥ 2.</param>
    /// <param name="errorProbability">The acceptable bit-error probability, 0 &lt; p &lt; 1/2.</param>
    /// <returns>The capacity in patterns.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range.</exception>
    public static BoundResult DamMaxPatterns(int degree, int dimension, double errorProbability) =>
        Bound(Core.Dam.MaxPatternsFormula, () => Core.Dam.MaxPatterns(degree, dimension, errorProbability),
            ("n", degree, nameof(degree)), ("N", dimension, nameof(dimension)), ("perror", errorProbability, nameof(errorProbability)));

    // ---- C3 model A ----------------------------------------------------------------------------

    /// <summary>
    /// C3, the capacity of Krotov and Hopfield's model A with a hidden layer, min(N_f^(n−1), N_h)
    /// (LAM Eq. 9; id <c>model-a</c>).
    /// </summary>
    /// <param name="degree">The degree n ≥ 2 of the interaction.</param>
    /// <param name="featureNeurons">The number of feature neurons N_f ≥ 1.</param>
    /// <param name="hiddenNeurons">The number of hidden (memory) neurons N_h, a whole number ≥ 1 (a double, so layers beyond 2³¹ fit).</param>
    /// <returns>The capacity in patterns.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range.</exception>
    public static BoundResult ModelA(int degree, int featureNeurons, double hiddenNeurons) =>
        Bound(Core.ModelA.CapacityFormula, () => Core.ModelA.Capacity(degree, featureNeurons, hiddenNeurons),
            ("n", degree, nameof(degree)), ("Nf", featureNeurons, nameof(featureNeurons)), ("Nh", hiddenNeurons, nameof(hiddenNeurons)));

    // ---- C4 VC dimension and C5 support vectors ------------------------------------------------

    /// <summary>
    /// C4, the capacity of the linear kernel from its VC dimension D = N: M_max ≈ 2N random patterns
    /// (Cover's counting; KMN §3.2; id <c>vc-linear</c>).
    /// </summary>
    /// <param name="dimension">The dimension N ≥ 1.</param>
    /// <returns>The capacity in patterns.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dimension"/> is out of range.</exception>
    public static BoundResult VcLinear(int dimension) =>
        Bound(Core.VcDimension.LinearFormula, () => Core.VcDimension.Linear(dimension),
            ("N", dimension, nameof(dimension)));

    /// <summary>
    /// C4, the capacity of the homogeneous degree-p polynomial kernel (x·y)^p on ±1 patterns:
    /// M_max ≈ 2 D_p, D_p the number of monomials x_S with |S| ≤ p and |S| ≡ p (mod 2), O(N^p)
    /// (KMN §3.2, App. A.1; id <c>vc-polynomial</c>).
    /// </summary>
    /// <param name="dimension">The dimension N ≥ 1.</param>
    /// <param name="degree">The degree p ≥ 1.</param>
    /// <returns>The capacity in patterns.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range.</exception>
    public static BoundResult VcPolynomial(int dimension, int degree) =>
        Bound(Core.VcDimension.PolynomialFormula, () => Core.VcDimension.Polynomial(dimension, degree),
            ("N", dimension, nameof(dimension)), ("p", degree, nameof(degree)));

    /// <summary>
    /// C4, the capacity of the exponential kernel exp(x·y): its features span all 2^N monomials, so all
    /// 2^N distinct ±1 patterns can be stored, M_max = 2^N (KMN Eq. 27; id <c>vc-exponential</c>).
    /// </summary>
    /// <param name="dimension">The dimension N ≥ 1.</param>
    /// <returns>The capacity 2^N (<see cref="BoundResult.Value"/> is <see langword="null"/> beyond N = 1023, where it overflows a double).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dimension"/> is out of range.</exception>
    public static BoundResult VcExponential(int dimension) =>
        Bound(Core.VcDimension.ExponentialFormula, () => Core.VcDimension.Exponential(dimension),
            ("N", dimension, nameof(dimension)));

    /// <summary>
    /// C5, the support-vector proliferation threshold N / (2 W₀(N/2)), W₀ the principal Lambert W
    /// function (KMN Eq. 29; id <c>sv-proliferation</c>).
    /// </summary>
    /// <param name="dimension">The dimension N ≥ 1.</param>
    /// <returns>The capacity in patterns.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dimension"/> is out of range.</exception>
    public static BoundResult SvProliferation(int dimension) =>
        Bound(Core.VcDimension.SupportVectorProliferationFormula, () => Core.VcDimension.SupportVectorProliferation(dimension),
            ("N", dimension, nameof(dimension)));

    // ---- C6, C7 exp-β networks -----------------------------------------------------------------

    /// <summary>
    /// C6, the largest Gaussian noise variance σ²_max = r²/N an exp-β network of radius r tolerates
    /// (KMN Property 6, Eqs. 23 and 78; id <c>expbeta-noise</c>).
    /// </summary>
    /// <param name="dimension">The dimension N ≥ 1.</param>
    /// <param name="radius">The radius r &gt; 0.</param>
    /// <returns>σ²_max.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range.</exception>
    public static BoundResult ExpBetaNoise(int dimension, double radius) =>
        Bound(Core.ExpBeta.NoiseFormula, () => Core.ExpBeta.Noise(dimension, radius),
            ("N", dimension, nameof(dimension)), ("r", radius, nameof(radius)));

    /// <summary>
    /// C6, the largest bit-flip probability ρ_max = min(1, r²/(4N)) an exp-β network of radius r tolerates on
    /// ±1 patterns (KMN Property 9.1, Eq. 96; id <c>expbeta-noise.bipolar</c>); 1 from r = 2√N on, the
    /// diameter of {±1}^N.
    /// </summary>
    /// <param name="dimension">The dimension N ≥ 1.</param>
    /// <param name="radius">The radius r &gt; 0.</param>
    /// <returns>ρ_max.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range.</exception>
    public static BoundResult ExpBetaNoiseBipolar(int dimension, double radius) =>
        Bound(Core.ExpBeta.NoiseBipolarFormula, () => Core.ExpBeta.NoiseBipolar(dimension, radius),
            ("N", dimension, nameof(dimension)), ("r", radius, nameof(radius)));

    /// <summary>
    /// C6, the exp-β network's capacity for standard Gaussian patterns and query noise of variance σ², M_max = 2 erfc(√N (1 − 2σ²)/2)^(−1/2)
    /// (KMN Eq. 84; id <c>expbeta-gaussian.exact</c>).
    /// </summary>
    /// <param name="dimension">The dimension N ≥ 1.</param>
    /// <param name="sigma2">The query-noise variance σ² the network must tolerate (radius r² = σ²N; standard Gaussian patterns), 0 &lt; σ² &lt; 1/2.</param>
    /// <returns>The capacity in patterns (exponential in N: often only its log fits a double).</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range.</exception>
    public static BoundResult ExpBetaGaussianExact(int dimension, double sigma2) =>
        Bound(Core.ExpBeta.GaussianExactFormula, () => Core.ExpBeta.GaussianExact(dimension, sigma2),
            ("N", dimension, nameof(dimension)), ("sigma2", sigma2, nameof(sigma2)));

    /// <summary>
    /// C6, a lower bound on the exp-β capacity for Gaussian patterns (KMN Eq. 87;
    /// id <c>expbeta-gaussian.lower</c>).
    /// </summary>
    /// <param name="dimension">The dimension N ≥ 1.</param>
    /// <param name="sigma2">The query-noise variance σ² the network must tolerate (radius r² = σ²N; standard Gaussian patterns), 0 &lt; σ² &lt; 1/2.</param>
    /// <returns>The capacity in patterns.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range.</exception>
    public static BoundResult ExpBetaGaussianLower(int dimension, double sigma2) =>
        Bound(Core.ExpBeta.GaussianLowerFormula, () => Core.ExpBeta.GaussianLower(dimension, sigma2),
            ("N", dimension, nameof(dimension)), ("sigma2", sigma2, nameof(sigma2)));

    /// <summary>
    /// C8, a tight estimate of the mean exp-β capacity for Gaussian patterns: the exact χ² law of the pair
    /// distance, with the birthday-problem mean √(π/(2p)) corrected for the dependence of pair collisions
    /// through the pattern norms (a latent mean-field sum; within 3% of simulation where tested;
    /// beyond the papers; id <c>expbeta-gaussian.tight</c>).
    /// </summary>
    /// <param name="dimension">The dimension N ≥ 1.</param>
    /// <param name="sigma2">The query-noise variance σ² the network must tolerate (radius r² = σ²N; standard Gaussian patterns), 0 &lt; σ² &lt; 1/2.</param>
    /// <returns>The capacity in patterns.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range.</exception>
    public static BoundResult ExpBetaGaussianTight(int dimension, double sigma2) =>
        Bound(Core.ExpBetaTight.GaussianFormula, () => Core.ExpBetaTight.Gaussian(dimension, sigma2),
            ("N", dimension, nameof(dimension)), ("sigma2", sigma2, nameof(sigma2)));

    /// <summary>
    /// C6, the exp-β capacity for Gaussian patterns parameterised by the radius r,
    /// M_max = 2 erfc((N − 2r²)/(2√N))^(−1/2) (KMN Eq. 83; id <c>expbeta-gaussian-radius.exact</c>).
    /// </summary>
    /// <param name="dimension">The dimension N ≥ 1.</param>
    /// <param name="radius">The radius r, 0 &lt; r &lt; √(N/2).</param>
    /// <returns>The capacity in patterns.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range.</exception>
    public static BoundResult ExpBetaGaussianRadiusExact(int dimension, double radius) =>
        Bound(Core.ExpBeta.GaussianRadiusExactFormula, () => Core.ExpBeta.GaussianRadiusExact(dimension, radius),
            ("N", dimension, nameof(dimension)), ("r", radius, nameof(radius)));

    /// <summary>
    /// C6, the exp-β capacity for patterns uniform on the unit sphere S^(N−1),
    /// M_max = 2 erfc(√N (1 − 2r²)/√2)^(−1/2) (KMN Eq. 94; id <c>expbeta-sphere.exact</c>).
    /// </summary>
    /// <param name="dimension">The dimension N ≥ 2.</param>
    /// <param name="radius">The radius r, 0 &lt; r &lt; 1/√2.</param>
    /// <returns>The capacity in patterns.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range.</exception>
    public static BoundResult ExpBetaSphereExact(int dimension, double radius) =>
        Bound(Core.ExpBeta.SphereExactFormula, () => Core.ExpBeta.SphereExact(dimension, radius),
            ("N", dimension, nameof(dimension)), ("r", radius, nameof(radius)));

    /// <summary>
    /// C6, a lower bound on the exp-β capacity for patterns uniform on the unit sphere (KMN Eq. 95;
    /// id <c>expbeta-sphere.lower</c>).
    /// </summary>
    /// <param name="dimension">The dimension N ≥ 2.</param>
    /// <param name="radius">The radius r, 0 &lt; r &lt; 1/√2.</param>
    /// <returns>The capacity in patterns.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range.</exception>
    public static BoundResult ExpBetaSphereLower(int dimension, double radius) =>
        Bound(Core.ExpBeta.SphereLowerFormula, () => Core.ExpBeta.SphereLower(dimension, radius),
            ("N", dimension, nameof(dimension)), ("r", radius, nameof(radius)));

    /// <summary>
    /// C8, a tight estimate of the mean exp-β capacity for patterns on the sphere: the exact pair-distance
    /// law (KMN Eq. 90) and the birthday-problem mean (beyond the papers; id <c>expbeta-sphere.tight</c>).
    /// </summary>
    /// <param name="dimension">The dimension N ≥ 2.</param>
    /// <param name="radius">The radius r, 0 &lt; r &lt; 1/√2.</param>
    /// <returns>The capacity in patterns.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range.</exception>
    public static BoundResult ExpBetaSphereTight(int dimension, double radius) =>
        Bound(Core.ExpBetaTight.SphereFormula, () => Core.ExpBetaTight.Sphere(dimension, radius),
            ("N", dimension, nameof(dimension)), ("r", radius, nameof(radius)));

    /// <summary>
    /// C6, the exp-β capacity for ±1 patterns of sparseness f with queries corrupted by bit flips,
    /// M_max = 2 erfc(√N (f̃ − 4ρ)/√(2f̃(1 − f̃)))^(−1/2) (KMN Eq. 105; id <c>expbeta-bipolar.exact</c>).
    /// </summary>
    /// <param name="dimension">The dimension N ≥ 1.</param>
    /// <param name="sparseness">The pattern sparseness f, 0 &lt; f &lt; 1 (the probability of a +1 component).</param>
    /// <param name="flipProbability">The probability ρ that a query bit is flipped, 0 ≤ ρ &lt; f̃/4 with f̃ = 2f(1 − f).</param>
    /// <returns>The capacity in patterns.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range.</exception>
    public static BoundResult ExpBetaBipolarExact(int dimension, double sparseness, double flipProbability) =>
        Bound(Core.ExpBeta.BipolarExactFormula, () => Core.ExpBeta.BipolarExact(dimension, sparseness, flipProbability),
            ("N", dimension, nameof(dimension)), ("f", sparseness, nameof(sparseness)), ("rho", flipProbability, nameof(flipProbability)));

    /// <summary>
    /// C6, a lower bound on the exp-β capacity for ±1 patterns (KMN Eq. 106; id <c>expbeta-bipolar.lower</c>).
    /// </summary>
    /// <param name="dimension">The dimension N ≥ 1.</param>
    /// <param name="sparseness">The pattern sparseness f, 0 &lt; f &lt; 1 (the probability of a +1 component).</param>
    /// <param name="flipProbability">The probability ρ that a query bit is flipped, 0 ≤ ρ &lt; f̃/4 with f̃ = 2f(1 − f).</param>
    /// <returns>The capacity in patterns.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range.</exception>
    public static BoundResult ExpBetaBipolarLower(int dimension, double sparseness, double flipProbability) =>
        Bound(Core.ExpBeta.BipolarLowerFormula, () => Core.ExpBeta.BipolarLower(dimension, sparseness, flipProbability),
            ("N", dimension, nameof(dimension)), ("f", sparseness, nameof(sparseness)), ("rho", flipProbability, nameof(flipProbability)));

    /// <summary>
    /// C6, ln of the probability that two standard Gaussian patterns lie within 2r of each other, under the normal
    /// approximation ‖ξ − ξ′‖² ~ N(2N, 8N) (KMN Eq. 81): ln ½ erfc((N − 2r²)/(2√N)). The log is exact where the
    /// probability underflows.
    /// </summary>
    /// <param name="dimension">The dimension N ≥ 1.</param>
    /// <param name="radius">The radius r, 0 &lt; r &lt; √(N/2).</param>
    /// <returns>ln P(‖ξ − ξ′‖² ≤ 4r²).</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range.</exception>
    public static double LogPairProbabilityGaussian(int dimension, double radius) =>
        Named(() => Core.ExpBeta.LogPairProbabilityGaussian(dimension, radius), ("N", nameof(dimension)), ("r", nameof(radius)));

    /// <summary>
    /// C6, ln of the probability that two patterns uniform on the unit sphere S^(N−1) lie within 2r of each other, under the
    /// normal approximation of their overlap ω ~ N(0, 1/N) (KMN Eq. 93): ln ½ erfc(√N (1 − 2r²)/√2).
    /// </summary>
    /// <param name="dimension">The dimension N ≥ 2.</param>
    /// <param name="radius">The radius r, 0 &lt; r &lt; 1/√2.</param>
    /// <returns>ln P(‖ξ − ξ′‖² ≤ 4r²).</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range.</exception>
    public static double LogPairProbabilitySphere(int dimension, double radius) =>
        Named(() => Core.ExpBeta.LogPairProbabilitySphere(dimension, radius), ("N", nameof(dimension)), ("r", nameof(radius)));

    /// <summary>
    /// C6, ln of the probability that two ±1 patterns of sparseness f lie within 2r of each other, r² = 4ρN, under the normal
    /// approximation of the Binomial(N, f̃) number of differing bits, f̃ = 2f(1 − f) (KMN Eq. 103):
    /// ln ½ erfc(√N (f̃ − 4ρ)/√(2f̃(1 − f̃))).
    /// </summary>
    /// <param name="dimension">The dimension N ≥ 1.</param>
    /// <param name="sparseness">The probability f of a +1, 0 &lt; f &lt; 1.</param>
    /// <param name="flipProbability">The bit-flip probability ρ of the query noise, 0 ≤ ρ &lt; f̃/4.</param>
    /// <returns>ln P(‖ξ − ξ′‖² ≤ 4r²).</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range.</exception>
    public static double LogPairProbabilityBipolar(int dimension, double sparseness, double flipProbability) =>
        Named(() => Core.ExpBeta.LogPairProbabilityBipolar(dimension, sparseness, flipProbability),
            ("N", nameof(dimension)), ("f", nameof(sparseness)), ("rho", nameof(flipProbability)));

    /// <summary>
    /// C7, ln of KMN Eq. 85 truncated after <paramref name="terms"/> terms: erfc(x) ≈ e^(−x²)/(√π x) Σ_{n&lt;terms} (−1)ⁿ (2n − 1)!!/(2x²)ⁿ.
    /// The series diverges; its terms shrink only while n ≲ x².
    /// </summary>
    /// <param name="x">x &gt; 0.</param>
    /// <param name="terms">The number of terms, 1 ≤ terms ≤ ⌊x²⌋ + 1 (and the truncated sum must be positive).</param>
    /// <returns>ln of the truncated expansion.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range.</exception>
    public static double LogErfcAsymptotic(double x, int terms) =>
        Named(() => Core.Erfc.LogAsymptotic(x, terms), ("x", nameof(x)), ("terms", nameof(terms)));

    /// <summary>
    /// C7, ln of the right-hand side of KMN Eq. 86, erfc(x)⁻¹ ≥ √π x e^(x²) (the inverse of the expansion's first term),
    /// which holds for every x &gt; 0: ½ ln π + ln x + x².
    /// </summary>
    /// <param name="x">x &gt; 0.</param>
    /// <returns>ln(√π x e^(x²)).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="x"/> is not a positive finite number.</exception>
    public static double LogInverseErfcLowerBound(double x) => Named(() => Core.Erfc.LogInverseLowerBound(x), ("x", nameof(x)));

    /// <summary>C7, ln(1/erfc(x)), the quantity KMN Eq. 86 bounds from below (exact where erfc(x) underflows).</summary>
    /// <param name="x">A finite x.</param>
    /// <returns>−ln erfc(x).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="x"/> is not finite.</exception>
    public static double LogInverseErfc(double x) => Named(() => Core.Erfc.LogInverse(x), ("x", nameof(x)));

    /// <summary>
    /// C8, a tight estimate of the mean exp-β capacity for ±1 patterns: the exact binomial law of the pair
    /// distance, with the birthday-problem mean corrected for the dependence of pair collisions through
    /// each pattern's count of +1 entries (beyond the papers; id <c>expbeta-bipolar.tight</c>).
    /// </summary>
    /// <param name="dimension">The dimension N ≥ 1.</param>
    /// <param name="sparseness">The pattern sparseness f, 0 &lt; f &lt; 1 (the probability of a +1 component).</param>
    /// <param name="flipProbability">The probability ρ that a query bit is flipped, 0 ≤ ρ &lt; f̃/4 with f̃ = 2f(1 − f).</param>
    /// <returns>The capacity in patterns.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range.</exception>
    public static BoundResult ExpBetaBipolarTight(int dimension, double sparseness, double flipProbability) =>
        Bound(Core.ExpBetaTight.BipolarFormula, () => Core.ExpBetaTight.Bipolar(dimension, sparseness, flipProbability),
            ("N", dimension, nameof(dimension)), ("f", sparseness, nameof(sparseness)), ("rho", flipProbability, nameof(flipProbability)));

    /// <summary>
    /// C8's plain form for Gaussian patterns: the birthday-problem mean √(π/(2p)) with p from the exact χ²
    /// law, treating pair collisions as independent (runs 5–14% low; id <c>expbeta-gaussian.birthday</c>).
    /// </summary>
    /// <param name="dimension">The dimension N ≥ 1.</param>
    /// <param name="sigma2">The query-noise variance σ², 0 &lt; σ² &lt; 1/2.</param>
    /// <returns>The capacity in patterns.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range.</exception>
    public static BoundResult ExpBetaGaussianBirthday(int dimension, double sigma2) =>
        Bound(Core.ExpBetaTight.GaussianBirthdayFormula, () => Core.ExpBetaTight.GaussianBirthday(dimension, sigma2),
            ("N", dimension, nameof(dimension)), ("sigma2", sigma2, nameof(sigma2)));

    /// <summary>
    /// C8's plain form on the sphere: the birthday-problem mean with p from the exact Eq. 90 law
    /// (id <c>expbeta-sphere.birthday</c>; the same value as <see cref="ExpBetaSphereTight"/>).
    /// </summary>
    /// <param name="dimension">The dimension N ≥ 2.</param>
    /// <param name="radius">The radius r, 0 &lt; r &lt; 1/√2.</param>
    /// <returns>The capacity in patterns.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range.</exception>
    public static BoundResult ExpBetaSphereBirthday(int dimension, double radius) =>
        Bound(Core.ExpBetaTight.SphereBirthdayFormula, () => Core.ExpBetaTight.SphereBirthday(dimension, radius),
            ("N", dimension, nameof(dimension)), ("r", radius, nameof(radius)));

    /// <summary>
    /// C8's plain form for ±1 patterns: the birthday-problem mean with p from the exact binomial law,
    /// treating pair collisions as independent (runs 11–29% low for sparse patterns; id <c>expbeta-bipolar.birthday</c>).
    /// </summary>
    /// <param name="dimension">The dimension N ≥ 1.</param>
    /// <param name="sparseness">The pattern sparseness f, 0 &lt; f &lt; 1.</param>
    /// <param name="flipProbability">The bit-flip probability ρ, 0 ≤ ρ &lt; f̃/4 with f̃ = 2f(1 − f).</param>
    /// <returns>The capacity in patterns.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range.</exception>
    public static BoundResult ExpBetaBipolarBirthday(int dimension, double sparseness, double flipProbability) =>
        Bound(Core.ExpBetaTight.BipolarBirthdayFormula, () => Core.ExpBetaTight.BipolarBirthday(dimension, sparseness, flipProbability),
            ("N", dimension, nameof(dimension)), ("f", sparseness, nameof(sparseness)), ("rho", flipProbability, nameof(flipProbability)));

    // ---- C9 Ramsauer et al., C10–C11 exponential capacity (issue 15) ----------------------------

    /// <summary>
    /// C9, Ramsauer et al. (ICLR 2021) Theorem 3: with probability at least 1 − p, at least √p · c^{(d−1)/4} random
    /// patterns on the sphere of radius K√(d − 1) are stored by the modern Hopfield update ξ ← X softmax(β Xᵀ ξ), with
    /// c = b / W₀(exp(a + ln b)), a = 2/(d − 1)·(1 + ln(2βK²p(d − 1))), b = 2K²β/5 (id <c>ramsauer-storage</c>). In range
    /// when the theorem's hypothesis c ≥ (2/√p)^{4/(d−1)} holds.
    /// </summary>
    /// <param name="dimension">The dimension d ≥ 2.</param>
    /// <param name="beta">The inverse temperature β &gt; 0.</param>
    /// <param name="radiusScale">K &gt; 0: the patterns lie on the sphere of radius K√(d − 1).</param>
    /// <param name="failureProbability">The failure probability p, 0 &lt; p ≤ 1.</param>
    /// <returns>The lower bound on the number of patterns stored.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range.</exception>
    public static BoundResult RamsauerStorage(int dimension, double beta, double radiusScale, double failureProbability) =>
        Bound(Core.Ramsauer.StorageFormula, () => Core.Ramsauer.Storage(dimension, beta, radiusScale, failureProbability),
            ("d", dimension, nameof(dimension)), ("beta", beta, nameof(beta)), ("K", radiusScale, nameof(radiusScale)), ("pfail", failureProbability, nameof(failureProbability)));

    /// <summary>
    /// C10, Lucibello and Mézard (PRL 2024): P = e^{α₁N} patterns uniform on the sphere of radius √N, a typical one a
    /// retrieved fixed point of the log-sum-exp energy at inverse temperature λ; α₁ = λ(1 − m*) + ½ ln(λ/m*),
    /// m* = (√(1 + 4λ²) − 1)/(2λ) (our REM derivation in their setting; id <c>lm-sphere.alpha1</c>). The load is
    /// <see cref="BoundResult.Ln"/> / N. Asymptotic in N; in range for N ≥ 12.
    /// </summary>
    /// <param name="dimension">The dimension N ≥ 1.</param>
    /// <param name="lambda">The inverse temperature λ &gt; 0 (weights exp(λ ξ·x), ‖ξ‖² = N).</param>
    /// <returns>The number of patterns P = e^{α₁N}.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range.</exception>
    public static BoundResult LmSphereAlpha1(int dimension, double lambda) =>
        Bound(Core.ExponentialCapacity.SphereAlpha1Formula, () => Core.ExponentialCapacity.SphereAlpha1Bound(dimension, lambda),
            ("N", dimension, nameof(dimension)), ("lambda", lambda, nameof(lambda)));

    /// <summary>
    /// C10, the basin on the sphere: P = e^{αN} patterns such that a typical one is retrieved from a start at overlap ρ
    /// with it; α = λ(ρ − m*) + ½ ln(λ/m*) for ρ ≥ m*, −½ ln(1 − ρ²) below (our REM derivation in Lucibello and
    /// Mézard's setting; id <c>lm-sphere.basin</c>; ρ = 1 is <see cref="LmSphereAlpha1"/>).
    /// </summary>
    /// <param name="dimension">The dimension N ≥ 1.</param>
    /// <param name="lambda">The inverse temperature λ &gt; 0.</param>
    /// <param name="overlap">The start's overlap ρ with the pattern, 0 &lt; ρ ≤ 1.</param>
    /// <returns>The number of patterns P = e^{αN}.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range.</exception>
    public static BoundResult LmSphereBasin(int dimension, double lambda, double overlap) =>
        Bound(Core.ExponentialCapacity.SphereBasinFormula, () => Core.ExponentialCapacity.SphereBasinBound(dimension, lambda, overlap),
            ("N", dimension, nameof(dimension)), ("lambda", lambda, nameof(lambda)), ("rho", overlap, nameof(overlap)));

    /// <summary>
    /// C10, Gaussian patterns N(0, I_N): P = e^{α₁N}, a typical one retrieved; α₁ = λ − λ²/2 for λ ≤ 1, ½ above (our REM
    /// derivation in Lucibello and Mézard's setting; id <c>lm-gaussian.alpha1</c>).
    /// </summary>
    /// <param name="dimension">The dimension N ≥ 1.</param>
    /// <param name="lambda">The inverse temperature λ &gt; 0.</param>
    /// <returns>The number of patterns P = e^{α₁N}.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range.</exception>
    public static BoundResult LmGaussianAlpha1(int dimension, double lambda) =>
        Bound(Core.ExponentialCapacity.GaussianAlpha1Formula, () => Core.ExponentialCapacity.GaussianAlpha1Bound(dimension, lambda),
            ("N", dimension, nameof(dimension)), ("lambda", lambda, nameof(lambda)));

    /// <summary>
    /// C10, Gaussian patterns: P = e^{α_c N}, every one retrieved, by a union bound over a pattern's small norm and a
    /// second pattern with ξ^ν·ξ¹ ≥ ‖ξ¹‖² (our derivation in Lucibello and Mézard's setting; ¼ ln 2 for λ ≥ 1;
    /// id <c>lm-gaussian.alphac</c>).
    /// </summary>
    /// <param name="dimension">The dimension N ≥ 1.</param>
    /// <param name="lambda">The inverse temperature λ &gt; 0.</param>
    /// <returns>The number of patterns P = e^{α_c N}.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range.</exception>
    public static BoundResult LmGaussianAlphaC(int dimension, double lambda) =>
        Bound(Core.ExponentialCapacity.GaussianAlphaCFormula, () => Core.ExponentialCapacity.GaussianAlphaCBound(dimension, lambda),
            ("N", dimension, nameof(dimension)), ("lambda", lambda, nameof(lambda)));

    /// <summary>
    /// C11, ±1 patterns (Achilli, Ambrogioni, Lucibello, Mézard and Ventura 2025): P = e^{α₁N}, a typical one retrieved;
    /// α₁ = λ − ln cosh λ, below ln 2 (our REM derivation in their setting; id <c>lm-bipolar.alpha1</c>).
    /// </summary>
    /// <param name="dimension">The dimension N ≥ 1.</param>
    /// <param name="lambda">The inverse temperature λ &gt; 0.</param>
    /// <returns>The number of patterns P = e^{α₁N}.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range.</exception>
    public static BoundResult LmBipolarAlpha1(int dimension, double lambda) =>
        Bound(Core.ExponentialCapacity.BipolarAlpha1Formula, () => Core.ExponentialCapacity.BipolarAlpha1Bound(dimension, lambda),
            ("N", dimension, nameof(dimension)), ("lambda", lambda, nameof(lambda)));

    // ---- registry ------------------------------------------------------------------------------

    /// <summary>Every capacity bound in the core's registry (the ids <c>akern bound</c> accepts).</summary>
    /// <returns>The bounds' descriptors, in registry order.</returns>
    public static IReadOnlyList<BoundInfo> List() => Registry.Bounds;

    /// <summary>Looks up a capacity bound by id.</summary>
    /// <param name="id">The bound's id, e.g. <c>hopfield-classical</c>.</param>
    /// <param name="info">The bound's descriptor when found.</param>
    /// <returns>Whether the id is registered.</returns>
    public static bool TryGetInfo(string id, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out BoundInfo? info) =>
        Registry.TryGetBound(id, out info);

    /// <summary>
    /// Evaluates a registered bound by id, with parameters keyed by the papers' symbols
    /// (e.g. <c>{"N": 1000, "sigma2": 0.3}</c> for <c>expbeta-gaussian.lower</c>).
    /// </summary>
    /// <param name="id">The bound's id.</param>
    /// <param name="parameters">Every parameter of the bound, by symbol, and no others.</param>
    /// <returns>The bound's value, log, equation and regime.</returns>
    /// <exception cref="ArgumentException">The id is unknown, a parameter is missing or unknown, or a value is out of range (then an <see cref="ArgumentOutOfRangeException"/> naming the symbol).</exception>
    public static BoundResult Evaluate(string id, IReadOnlyDictionary<string, double> parameters) =>
        Registry.EvaluateBound(id, parameters);

    /// <summary>
    /// Evaluates a registered bound by id when its parameters come from outside (a file, a user), where a
    /// bad id or value is an expected outcome rather than a bug.
    /// </summary>
    /// <param name="id">The bound's id.</param>
    /// <param name="parameters">Every parameter of the bound, by symbol, and no others.</param>
    /// <param name="result">The result when the evaluation succeeded.</param>
    /// <param name="error">Why it failed (one line naming the parameter and its valid range), or <see langword="null"/>.</param>
    /// <returns>Whether the evaluation succeeded. Never throws for a bad id or value, nor for a numerical failure inside the core (reported in <paramref name="error"/>).</returns>
    public static bool TryEvaluate(
        string id,
        IReadOnlyDictionary<string, double> parameters,
        out BoundResult result,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(parameters);
        return Registry.TryEvaluate(() => Registry.EvaluateBound(id, parameters), out result, out error);
    }

    // ---- helpers -------------------------------------------------------------------------------

    // Each argument is checked under the caller's name against the range the core states beside the formula
    // (ParamName and message name the C# parameter), then the core evaluates.
    /// <summary>A core value whose refusals name the core's symbols (N, r, f, …), rethrown under the C# parameter names.</summary>
    private static double Named(Func<double> call, params (string Symbol, string Name)[] names)
    {
        try
        {
            return call();
        }
        catch (ArgumentOutOfRangeException e) when (names.Any(n => n.Symbol == e.ParamName))
        {
            throw new ArgumentOutOfRangeException(names.First(n => n.Symbol == e.ParamName).Name, e.ActualValue, CoreCall.PlainMessage(e));
        }
    }

    private static BoundResult Bound(
        Core.Formula<Core.Bound> formula, Func<Core.Bound> call, params ReadOnlySpan<(string Symbol, double Value, string Name)> arguments)
    {
        Registry.Check(formula, arguments);
        return Registry.ToBoundResult(call());
    }
}
