/// SPEC C6: noise tolerance and capacity of the Exp-β network at β → ∞ (KMN §4.2, App. E).
/// Every capacity here follows one path (KMN Eqs. 81–83): a pair of random patterns collides
/// (Δ² ≤ 4r²) with probability p = ½ erfc(x) under a normal approximation of the distance law, the
/// M(M−1)/2 ≈ M²/2 pairs are treated as independent draws, and M_max(M_max − 1)/2 = 1/p gives
/// M_max = 2 erfc(x)^{−1/2}; the lower bounds replace erfc(x)^{−1} by Eq. 86. The families differ only
/// in x.
[<RequireQualifiedAccess>]
module AssociativeKernels.Core.ExpBeta

open System
open AssociativeKernels.Core.SpecialFunctions

let private regime = "N ≫ 1 (normal approximation of the distance law) and M_max ≫ 1 (M(M−1) ≈ M²); in range for N ≥ 30 and M_max ≥ 10"

/// ln M_max = ln 2 − ½ ln erfc(x)  (KMN Eq. 83 and its analogues 94, 104).
let private lnExact (x: float) = Math.Log 2.0 - 0.5 * logErfc x

/// ln of the Eq. 86 lower bound of 2 erfc(x)^{−1/2}: ln 2 + ½ ln(√π x e^{x²}).
let private lnLower (x: float) = Math.Log 2.0 + 0.5 * Erfc.logInverseLowerBound x

let private make (info: FormulaInfo) (n: int) (lnEstimate: float) (ln: float) =
    Bound.make info (n >= 30 && lnEstimate >= Math.Log 10.0) (Magnitude.Ln ln)

let internal nP = Formula.whole "N" 1
let internal n2P = Formula.whole "N" 2
let private radiusP = Formula.positive "r"
let internal sigma2P = Formula.openInterval "sigma2" "(0, 0.5)" 0.0 0.5
let internal sphereRP = Formula.openInterval "r" "(0, 1/√2)" 0.0 (Math.Sqrt 0.5)
let internal fP = Formula.openInterval "f" "(0, 1)" 0.0 1.0

/// The kind of the paper's M_max forms (Eqs. 83, 84, 94, 104, 105; ids `*.exact`): not a bound and not the
/// mean of the simulated process, but KMN's estimate of it under the normal approximation of the pair
/// distance and M(M−1)/2 ≈ M²/2 = 1/p. "exact" in the ids only means "without Eq. 86's bound".
let private estimateKind = "KMN estimate: normal approx. of the pair law, M²/2 = 1/p"

/// The kind of Eqs. 87, 95, 106: Eq. 86 applied to the estimate.
let private lowerKind = "lower bound on the KMN estimate (Eq. 86)"

let private capacityInfo id equation kind summary parameters : FormulaInfo =
    { Id = id; Equation = equation; Kind = kind; Summary = summary; Parameters = parameters; Regime = regime }

let private noiseInfo : FormulaInfo =
    { Id = "expbeta-noise"; Equation = "KMN Eq. 23 (σ²_max = r²/N)"; Kind = "tolerated noise (recovery in half of the trials)"
      Summary = "Exp-β network, tolerated noise variance σ²_max = r²/N"; Parameters = [ nP; radiusP ]
      Regime = "N ≫ 1 (normal approximation of χ²(N)); in range for N ≥ 30" }

let private noiseBipolarInfo : FormulaInfo =
    { Id = "expbeta-noise.bipolar"; Equation = "KMN Eq. 96 (ρ_max = min(1, r²/4N))"
      Kind = "tolerated bit-flip probability (recovery in half of the trials)"
      Summary = "Exp-β network, tolerated bit-flip probability ρ_max = min(1, r²/4N)"; Parameters = [ nP; radiusP ]
      Regime = "N ≫ 1 (normal approximation of the binomial); in range for N ≥ 30; r ≥ 2√N gives ρ_max = 1 (every flip)" }

/// Largest white-noise variance tolerated in at least half of the trials, σ²_max = r²/N
/// (KMN Property 6, Eqs. 23 and 78). N ≥ 1, r > 0; uses the normal approximation of χ²(N).
[<CompiledName("Noise")>]
let noise (n: int) (r: float) : Bound =
    Validate.atLeast "N" 1 n
    Validate.positive "r" r
    Bound.make noiseInfo (n >= 30) (Bound.exactOr (r * r / float n) (2.0 * Math.Log r - Math.Log(float n)))

/// C6, σ²_max, in the registry.
[<CompiledName("NoiseFormula")>]
let noiseFormula = Formula.make noiseInfo (fun a -> noise (Formula.intArg a "N") a.["r"])

/// Largest bit-flip probability tolerated in at least half of the trials, ρ_max = min(1, r²/(4N))
/// (KMN Property 9.1, Eqs. 96 and 99). A probability: for r ≥ 2√N (the diameter of {±1}^N, Δ² ≤ 4N
/// always) every query lies within r of its pattern and ρ_max = 1 exactly. N ≥ 1, r > 0.
[<CompiledName("NoiseBipolar")>]
let noiseBipolar (n: int) (r: float) : Bound =
    Validate.atLeast "N" 1 n
    Validate.positive "r" r
    let ln = Math.Min(0.0, 2.0 * Math.Log r - Math.Log(4.0 * float n))
    Bound.make noiseBipolarInfo (n >= 30) (Bound.exactOr (Math.Min(1.0, r * r / (4.0 * float n))) ln)

/// C6, ρ_max, in the registry.
[<CompiledName("NoiseBipolarFormula")>]
let noiseBipolarFormula = Formula.make noiseBipolarInfo (fun a -> noiseBipolar (Formula.intArg a "N") a.["r"])

/// 1 − 2r² by one rounding, so that it stays positive for r just below 1/√2.
let internal oneMinusTwoSquared (r: float) = Math.FusedMultiplyAdd(-2.0 * r, r, 1.0)

// ---- Gaussian patterns, ξ ~ N(0, I_N) -------------------------------------------------------

let private checkGaussian (n: int) (sigma2: float) =
    Validate.atLeast "N" 1 n
    Validate.openInterval "sigma2" 0.0 0.5 sigma2

/// The erfc argument of Eq. 84: √N (1 − 2σ²) / 2.
let private gaussianArgument (n: int) (sigma2: float) = Math.Sqrt(float n) * (1.0 - 2.0 * sigma2) / 2.0

/// The erfc argument of Eq. 83: (N − 2r²)/(2√N), N − 2r² by one rounding (r close to √(N/2)).
let private gaussianRadiusArgument (n: int) (r: float) = Math.FusedMultiplyAdd(-2.0 * r, r, float n) / (2.0 * Math.Sqrt(float n))

/// ln P(Δ² ≤ 4r²) for two Gaussian patterns under the normal approximation Δ² ~ N(2N, 8N)
/// (KMN Eq. 81): ½ erfc((N − 2r²)/(2√N)). N ≥ 1, 0 < r < √(N/2).
[<CompiledName("LogPairProbabilityGaussian")>]
let logPairProbabilityGaussian (n: int) (r: float) : float =
    Validate.atLeast "N" 1 n
    Validate.openInterval "r" 0.0 (Math.Sqrt(float n / 2.0)) r
    -Math.Log 2.0 + logErfc (gaussianRadiusArgument n r)

let private gaussianRadiusInfo =
    capacityInfo "expbeta-gaussian-radius.exact" "KMN Eq. 83" estimateKind "Exp-β capacity, Gaussian patterns, by radius"
        [ nP; Formula.parameter "r" "(0, √(N/2))" (fun name a x -> Validate.openInterval name 0.0 (Math.Sqrt(a.["N"] / 2.0)) x) ]

/// M_max = 2 erfc((N − 2r²)/(2√N))^{−1/2} for Gaussian patterns at radius r (KMN Eq. 83).
/// N ≥ 1, 0 < r < √(N/2) (equivalently σ²_max = r²/N < ½).
[<CompiledName("GaussianRadiusExact")>]
let gaussianRadiusExact (n: int) (r: float) : Bound =
    Validate.atLeast "N" 1 n
    Validate.openInterval "r" 0.0 (Math.Sqrt(float n / 2.0)) r
    let ln = lnExact (gaussianRadiusArgument n r)
    make gaussianRadiusInfo n ln ln

/// C6, Eq. 83, in the registry.
[<CompiledName("GaussianRadiusExactFormula")>]
let gaussianRadiusExactFormula = Formula.make gaussianRadiusInfo (fun a -> gaussianRadiusExact (Formula.intArg a "N") a.["r"])

let private gaussianExactInfo =
    capacityInfo "expbeta-gaussian.exact" "KMN Eq. 84" estimateKind "Exp-β capacity, Gaussian patterns" [ nP; sigma2P ]

/// M_max = 2 erfc(√N (1 − 2σ²)/2)^{−1/2} for Gaussian patterns (KMN Eq. 84, Eq. 83 with r² = σ²N).
/// "exact" in the id means Eq. 84 without Eq. 86's lower bound — not the true capacity: the normal
/// approximation of the χ²(N) pair distance overstates its lower tail, so this runs far below the
/// simulated mean at small σ² (16 107 against ≈ 2.9e9 at N = 100, σ² = 0.1; see ExpBetaTight).
/// N ≥ 1, 0 < σ² < ½.
[<CompiledName("GaussianExact")>]
let gaussianExact (n: int) (sigma2: float) : Bound =
    checkGaussian n sigma2
    let ln = lnExact (gaussianArgument n sigma2)
    make gaussianExactInfo n ln ln

/// C6, Eq. 84, in the registry.
[<CompiledName("GaussianExactFormula")>]
let gaussianExactFormula = Formula.make gaussianExactInfo (fun a -> gaussianExact (Formula.intArg a "N") a.["sigma2"])

let private gaussianLowerInfo =
    capacityInfo "expbeta-gaussian.lower" "KMN Eq. 87 (= Eq. 24)" lowerKind "Exp-β capacity lower bound, Gaussian patterns" [ nP; sigma2P ]

/// M_max ≥ √(2√(πN)(1 − 2σ²)) · exp(N(1 − 2σ²)²/8) for Gaussian patterns (KMN Eq. 87 = Eq. 24,
/// Property 7). N ≥ 1, 0 < σ² < ½.
[<CompiledName("GaussianLower")>]
let gaussianLower (n: int) (sigma2: float) : Bound =
    checkGaussian n sigma2
    let x = gaussianArgument n sigma2
    make gaussianLowerInfo n (lnExact x) (lnLower x)

/// C6, Eq. 87, in the registry.
[<CompiledName("GaussianLowerFormula")>]
let gaussianLowerFormula = Formula.make gaussianLowerInfo (fun a -> gaussianLower (Formula.intArg a "N") a.["sigma2"])

// ---- Patterns on the hypersphere S^{N−1} ------------------------------------------------------

let private checkSphere (n: int) (r: float) =
    Validate.atLeast "N" 2 n
    Validate.openInterval "r" 0.0 (Math.Sqrt 0.5) r

/// The erfc argument of Eq. 94: √N (1 − 2r²)/√2.
let private sphereArgument (n: int) (r: float) = Math.Sqrt(float n) * oneMinusTwoSquared r / Math.Sqrt 2.0

/// ln P(Δ² ≤ 4r²) on the sphere under the normal approximation ω ~ N(0, 1/N) (KMN Eq. 93).
/// N ≥ 2, 0 < r < 1/√2.
[<CompiledName("LogPairProbabilitySphere")>]
let logPairProbabilitySphere (n: int) (r: float) : float =
    checkSphere n r
    -Math.Log 2.0 + logErfc (sphereArgument n r)

let private sphereExactInfo =
    capacityInfo "expbeta-sphere.exact" "KMN Eq. 94" estimateKind "Exp-β capacity, patterns on the sphere" [ n2P; sphereRP ]

/// M_max = 2 erfc(√N (1 − 2r²)/√2)^{−1/2} for patterns on S^{N−1} (KMN Eq. 94). N ≥ 2, 0 < r < 1/√2.
[<CompiledName("SphereExact")>]
let sphereExact (n: int) (r: float) : Bound =
    checkSphere n r
    let ln = lnExact (sphereArgument n r)
    make sphereExactInfo n ln ln

/// C6, Eq. 94, in the registry.
[<CompiledName("SphereExactFormula")>]
let sphereExactFormula = Formula.make sphereExactInfo (fun a -> sphereExact (Formula.intArg a "N") a.["r"])

let private sphereLowerInfo =
    capacityInfo "expbeta-sphere.lower" "KMN Eq. 95 (= Eq. 88)" lowerKind "Exp-β capacity lower bound, patterns on the sphere" [ n2P; sphereRP ]

/// M_max ≥ √(√(8πN)(1 − 2r²)) · exp(N(1 − 2r²)²/4) for patterns on S^{N−1} (KMN Eq. 95 = Eq. 88,
/// Property 8). N ≥ 2, 0 < r < 1/√2.
[<CompiledName("SphereLower")>]
let sphereLower (n: int) (r: float) : Bound =
    checkSphere n r
    let x = sphereArgument n r
    make sphereLowerInfo n (lnExact x) (lnLower x)

/// C6, Eq. 95, in the registry.
[<CompiledName("SphereLowerFormula")>]
let sphereLowerFormula = Formula.make sphereLowerInfo (fun a -> sphereLower (Formula.intArg a "N") a.["r"])

// ---- Bipolar patterns with sparseness f ------------------------------------------------------

/// f̃ = 2f(1 − f), the probability that two random ±1 patterns differ at an entry (KMN Eq. 101).
[<CompiledName("DifferenceProbability")>]
let differenceProbability (f: float) =
    Validate.openInterval "f" 0.0 1.0 f
    2.0 * f * (1.0 - f)

let private checkBipolar (n: int) (f: float) (rho: float) =
    Validate.atLeast "N" 1 n
    let ft = differenceProbability f
    Validate.closedOpen "rho" 0.0 (ft / 4.0) rho

/// The erfc argument of Eq. 105: √N (f̃ − 4ρ)/√(2f̃(1 − f̃)).
let private bipolarArgument (n: int) (f: float) (rho: float) =
    let ft = differenceProbability f
    Math.Sqrt(float n) * (ft - 4.0 * rho) / Math.Sqrt(2.0 * ft * (1.0 - ft))

/// ln P(Δ² ≤ 4r²) for bipolar patterns under the normal approximation of Binomial(N, f̃), with
/// r² = 4ρN (KMN Eq. 103). N ≥ 1, 0 < f < 1, 0 ≤ ρ < f̃/4.
[<CompiledName("LogPairProbabilityBipolar")>]
let logPairProbabilityBipolar (n: int) (f: float) (rho: float) : float =
    checkBipolar n f rho
    -Math.Log 2.0 + logErfc (bipolarArgument n f rho)

/// ρ, the bit-flip probability: 0 ≤ ρ < f̃/4 (the end read from f).
let internal rhoParameter =
    Formula.parameter "rho" "[0, f̃/4), f̃ = 2f(1−f)" (fun name a x -> Validate.closedOpen name 0.0 (differenceProbability a.["f"] / 4.0) x)

let private bipolarExactInfo =
    capacityInfo "expbeta-bipolar.exact" "KMN Eq. 105" estimateKind "Exp-β capacity, ±1 patterns" [ nP; fP; rhoParameter ]

/// M_max = 2 erfc(√N (f̃ − 4ρ)/√(2f̃(1 − f̃)))^{−1/2} for ±1 patterns with sparseness f (KMN Eq. 105).
/// N ≥ 1, 0 < f < 1, 0 ≤ ρ < f̃/4.
[<CompiledName("BipolarExact")>]
let bipolarExact (n: int) (f: float) (rho: float) : Bound =
    checkBipolar n f rho
    let ln = lnExact (bipolarArgument n f rho)
    make bipolarExactInfo n ln ln

/// C6, Eq. 105, in the registry.
[<CompiledName("BipolarExactFormula")>]
let bipolarExactFormula = Formula.make bipolarExactInfo (fun a -> bipolarExact (Formula.intArg a "N") a.["f"] a.["rho"])

let private bipolarLowerInfo =
    capacityInfo "expbeta-bipolar.lower" "KMN Eq. 106 (= Eq. 100)" lowerKind "Exp-β capacity lower bound, ±1 patterns" [ nP; fP; rhoParameter ]

/// M_max ≥ 2 (πN/(2f̃(1 − f̃)))^{1/4} (f̃ − 4ρ)^{1/2} exp(N(f̃ − 4ρ)²/(4f̃(1 − f̃))) (KMN Eq. 106 = Eq. 100,
/// Property 9.2). N ≥ 1, 0 < f < 1, 0 ≤ ρ < f̃/4.
[<CompiledName("BipolarLower")>]
let bipolarLower (n: int) (f: float) (rho: float) : Bound =
    checkBipolar n f rho
    let x = bipolarArgument n f rho
    make bipolarLowerInfo n (lnExact x) (lnLower x)

/// C6, Eq. 106, in the registry.
[<CompiledName("BipolarLowerFormula")>]
let bipolarLowerFormula = Formula.make bipolarLowerInfo (fun a -> bipolarLower (Formula.intArg a "N") a.["f"] a.["rho"])
