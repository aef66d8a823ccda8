/// SPEC E3 (KMN App. C, Fig. C.1): the noise tolerance of one neuron on φ_pairs against the storage load.
/// M random ±1 inputs ξ_in^μ of dimension N with independent random ±1 labels ξ_out^μ (KMN §2, f = ½) are
/// stored by the one-shot rule w = Σ_μ ξ_out^μ φ(ξ_in^μ) (Eq. 49) and by an iterative rule; each gets the
/// margin γ = min_μ ξ_out^μ w·φ(ξ_in^μ)/‖w‖ (Eq. 50, IterativeLearning.margin). KMN parameterises the load
/// as M/N² and reads each rule's capacity off the load where its γ curve crosses 0.
///
/// The iterative rule is the Adatron (KMN refs 3, 19; the rule of IterativeLearning.adatron) run in feature
/// form with a budget of sweeps, where KMN's Fig. C.1 uses the stochastic batch perceptron with a budget of
/// 20M iterations: both approach the maximal margin, and both stop short of it near capacity, where a finite
/// budget leaves the margin below the optimum (and negative beyond capacity, where no w separates the data).
[<RequireQualifiedAccess>]
module AssociativeKernels.Core.MarginLoad

open System

/// N_φ, the length of φ_pairs for N inputs, read off FeatureMap.pairs itself (it is N(N − 1)/2). N ≥ 2.
[<CompiledName("PairsFeatureCount")>]
let pairsFeatureCount (n: int) : int =
    Validate.atLeast "N" 2 n
    let count = int64 n * int64 (n - 1) / 2L
    if count > int64 Int32.MaxValue then
        raise (ArgumentOutOfRangeException("N", n, sprintf "N = %d gives N(N − 1)/2 = %d pair features, more than 2147483647; N must be at most 65536." n count))
    int count

/// The number of stored patterns M = round(load · N²), at least 1 (KMN App. C: the load is M/N²). N ≥ 2, load > 0,
/// and M at most 2³¹ − 1 (a larger load is refused, naming "load", not cut to 2³¹ − 1).
[<CompiledName("PatternCount")>]
let patternCount (n: int) (load: float) : int =
    Validate.atLeast "N" 2 n
    Validate.positive "load" load
    let m = Math.Round(load * float n * float n, MidpointRounding.AwayFromZero)
    if m > float Int32.MaxValue then
        raise (ArgumentOutOfRangeException("load", load, sprintf "load = %s with N = %d gives M = round(load · N²) = %s patterns, more than 2147483647." (Validate.show load) n (Validate.show m)))
    max 1 (int m)

let private dot = LinearAlgebra.dot

/// y ← y + c x (equal lengths are the caller's duty).
let private addScaled (c: float) (x: float[]) (y: float[]) =
    for k in 0 .. x.Length - 1 do
        y.[k] <- y.[k] + c * x.[k]

/// The Adatron in feature form with a budget: α_μ ← max(0, α_μ + (1 − ξ_out^μ h_μ)/‖φ(ξ_in^μ)‖²) with
/// h_μ = w·φ(ξ_in^μ) and w = Σ_μ α_μ ξ_out^μ φ(ξ_in^μ) kept up to date, the patterns visited in a fresh
/// random order (System.Random(seed)) each sweep. It stops after the first sweep in which every visited
/// pattern met the KKT conditions within `tolerance` (IterativeLearning.adatron's test, measured when the
/// pattern is visited) and they still hold when recomputed from the final w, or after `maxSweeps` sweeps.
/// It never fails on data that no w through the origin separates (KMN's regime beyond capacity): it returns
/// the weights it reached, whose margin (Eq. 50) is then negative. The returned
/// KktViolation is recomputed exactly from the final w. On separable data and with enough sweeps it reaches
/// the maximal margin, as IterativeLearning.adatron does in kernel form. maxSweeps ≥ 1, tolerance > 0.
/// `cancel` is checked before every sweep (OperationCanceledException), so a long run stops within one sweep.
let internal adatronCancellable (cancel: System.Threading.CancellationToken) (maxSweeps: int) (tolerance: float) (seed: int) (phi: float[] -> float[]) (inputs: float[][]) (outputs: float[]) : SingleNeuron =
    Validate.atLeast "maxSweeps" 1 maxSweeps
    Validate.positive "tolerance" tolerance
    let f = IterativeLearning.features phi inputs outputs
    let y = outputs
    let m = f.Length
    let d = f.[0].Length
    let kmm = f |> Array.map (fun v -> dot v v)
    kmm |> Array.iteri (fun mu k ->
        if not (k > 0.0) then
            raise (ArgumentException(sprintf "inputs[%d]: φ(inputs[%d]) = 0, so no weight vector through the origin can give it a label." mu mu, "inputs")))
    let w = Array.zeroCreate<float> d
    let alpha = Array.zeroCreate<float> m
    let rng = Random(seed)
    let order = Array.init m id
    // max_μ {max(0, 1 − ξ_out^μ h_μ); |ξ_out^μ h_μ − 1| where α_μ > 0}, as in IterativeLearning.adatron
    let violationOf (mu: int) (g: float) = if alpha.[mu] > 0.0 then max (max 0.0 (1.0 - g)) (abs (g - 1.0)) else max 0.0 (1.0 - g)
    let exactViolation () = Seq.max (seq { for mu in 0 .. m - 1 -> violationOf mu (y.[mu] * dot w f.[mu]) })
    let mutable sweeps = 0
    let mutable converged = false
    while not converged && sweeps < maxSweeps do
        cancel.ThrowIfCancellationRequested()
        Sampling.shuffleInPlace rng order
        let mutable worst = 0.0
        for mu in order do
            let v = f.[mu]
            let g = y.[mu] * dot w v
            worst <- max worst (violationOf mu g)
            let updated = max 0.0 (alpha.[mu] + (1.0 - g) / kmm.[mu])
            let step = updated - alpha.[mu]
            if step <> 0.0 then
                alpha.[mu] <- updated
                addScaled (step * y.[mu]) v w
        sweeps <- sweeps + 1
        if worst <= tolerance then converged <- exactViolation () <= tolerance
    let violation = exactViolation ()
    { Weights = w; Alpha = alpha; Margin = IterativeLearning.margin phi w inputs outputs; Sweeps = sweeps; KktViolation = violation }

/// The budgeted Adatron of adatronCancellable, with nothing to cancel it.
[<CompiledName("Adatron")>]
let adatron (maxSweeps: int) (tolerance: float) (seed: int) (phi: float[] -> float[]) (inputs: float[][]) (outputs: float[]) : SingleNeuron =
    adatronCancellable System.Threading.CancellationToken.None maxSweeps tolerance seed phi inputs outputs

/// One pattern set stored both ways: its size M, the one-shot margin (Eq. 49 → Eq. 50), the budgeted
/// Adatron's margin, the sweeps it used and whether it met the KKT conditions (exactly recomputed) within
/// its tolerance.
type MarginTrial = { Patterns: int; OneShot: float; Iterative: float; Sweeps: int; Converged: bool }

/// One trial: draws M inputs ξ_in ∈ {±1}^N, then M labels ξ_out ∈ {±1}, all independent with P(+1) = ½
/// (Sampling.bipolarVector), from System.Random(seed), and stores them on φ_pairs with the one-shot rule
/// (IterativeLearning.oneShot) and the budgeted Adatron (adatron maxSweeps tolerance, its order seeded
/// from the same generator). N ≥ 2, M ≥ 1, maxSweeps ≥ 1, tolerance > 0.
/// `cancel` is checked before every Adatron sweep (adatronCancellable).
let internal trialCancellable (cancel: System.Threading.CancellationToken) (seed: int) (n: int) (m: int) (maxSweeps: int) (tolerance: float) : MarginTrial =
    Validate.atLeast "N" 2 n
    Validate.atLeast "M" 1 m
    Validate.atLeast "maxSweeps" 1 maxSweeps
    Validate.positive "tolerance" tolerance
    let rng = Random(seed)
    let inputs = Array.init m (fun _ -> Sampling.bipolarVector rng n 0.5)
    let outputs = Sampling.bipolarVector rng m 0.5
    let one = IterativeLearning.oneShot FeatureMap.pairs inputs outputs
    let ada = adatronCancellable cancel maxSweeps tolerance (rng.Next()) FeatureMap.pairs inputs outputs
    { Patterns = m; OneShot = one.Margin; Iterative = ada.Margin; Sweeps = ada.Sweeps; Converged = ada.KktViolation <= tolerance }

/// One trial of trialCancellable, with nothing to cancel it.
[<CompiledName("Trial")>]
let trial (seed: int) (n: int) (m: int) (maxSweeps: int) (tolerance: float) : MarginTrial =
    trialCancellable System.Threading.CancellationToken.None seed n m maxSweeps tolerance

/// Where a margin curve crosses 0, with its standard error.
type Crossing = { Load: float; StandardError: float }

/// crossing with the caller's names for the three curves in its refusals (the C# facade calls the errors
/// standardErrors): each refusal's ParamName is the curve's name and its message names the entry.
let internal crossingNamed (loadsName: string) (meansName: string) (errorsName: string) (loads: float[]) (means: float[]) (errors: float[]) : Crossing option =
    Validate.vector loadsName loads
    Validate.vector meansName means
    Validate.vector errorsName errors
    if loads.Length < 2 then
        raise (ArgumentOutOfRangeException(loadsName, loads.Length, sprintf "%s has length %d; a crossing needs at least 2 loads." loadsName loads.Length))
    Validate.sameLength loadsName loads meansName means
    Validate.sameLength loadsName loads errorsName errors
    errors |> Array.iteri (fun i e ->
        if e < 0.0 then
            raise (ArgumentOutOfRangeException(errorsName, e, sprintf "%s[%d] = %s is outside its valid range [0, ∞)." errorsName i (Validate.show e))))
    for i in 1 .. loads.Length - 1 do
        if not (loads.[i] > loads.[i - 1]) then
            raise (ArgumentException(sprintf "%s[%d] = %s is not above %s[%d] = %s; the loads must increase strictly." loadsName i (Validate.show loads.[i]) loadsName (i - 1) (Validate.show loads.[i - 1]), loadsName))
    if not (means.[0] > 0.0) then None
    else
        Seq.tryFind (fun i -> means.[i] <= 0.0) (seq { 1 .. loads.Length - 1 })
        |> Option.map (fun i ->
            // The two points scaled by powers of two, loads by 2^−a, means by 2^−b and errors by 2^−c, so that no
            // difference, product or square overflows or underflows (loads and means near ±1.8e308 gave NaN): x* = 2^a x*′,
            // ∂x*/∂m = 2^{a−b} ∂x*′/∂m′, so the error is 2^{a−b+c} times the scaled one (±∞ only when it is itself beyond
            // the doubles). Up to the last bits (the division and Hypot round differently) this is the unscaled formula.
            let exponentOf (m: float) = if m = 0.0 then 0 else Math.ILogB m
            let a = exponentOf (max (abs loads.[i - 1]) (abs loads.[i]))
            let b = exponentOf (max (abs means.[i - 1]) (abs means.[i]))
            let c = exponentOf (max errors.[i - 1] errors.[i])
            let x1, x2 = Math.ScaleB(loads.[i - 1], -a), Math.ScaleB(loads.[i], -a)
            let m1, m2 = Math.ScaleB(means.[i - 1], -b), Math.ScaleB(means.[i], -b)
            let e1, e2 = Math.ScaleB(errors.[i - 1], -c), Math.ScaleB(errors.[i], -c)
            let span = x2 - x1
            let gap = m1 - m2
            let d1 = -span * m2 / gap / gap
            let d2 = span * m1 / gap / gap
            { Load = Math.ScaleB(x1 + span * m1 / gap, a)
              StandardError = Math.ScaleB(Double.Hypot(d1 * e1, d2 * e2), a - b + c) })

/// The load where a curve of means (with standard errors) first goes from > 0 to ≤ 0, by linear
/// interpolation between the two loads that bracket it: x* = x₁ + (x₂ − x₁) m₁/(m₁ − m₂). Its standard
/// error propagates the two points' standard errors to first order (independent points):
/// ∂x*/∂m₁ = −(x₂ − x₁) m₂/(m₁ − m₂)², ∂x*/∂m₂ = (x₂ − x₁) m₁/(m₁ − m₂)². None when the curve never
/// crosses (or starts at or below 0). Loads strictly increasing, at least two points, equal lengths,
/// finite means, non-negative finite errors.
[<CompiledName("Crossing")>]
let crossing (loads: float[]) (means: float[]) (errors: float[]) : Crossing option =
    crossingNamed "loads" "means" "errors" loads means errors

/// Gardner's optimal margin (Gardner 1988, KMN ref. 22, the optimum KMN App. C compares with): for random
/// patterns with ±1 entries in D dimensions and no threshold, the largest κ with which M = α_φ D patterns
/// can be stored solves 1/α_φ = ∫_{−κ}^∞ Dt (t + κ)² = (1 + κ²) Φ(κ) + κ φ(κ) (Φ, φ the standard normal
/// distribution and density). κ is in the units of Eq. 50 when the features have ±1 entries, as φ_pairs
/// on ±1 inputs does. Returned for 0 < α_φ ≤ 2 (κ ≥ 0, where the replica-symmetric result is exact; κ = 0
/// at α_φ = 2, Cover's 2D), found by bisection to 1e-12.
[<CompiledName("GardnerMargin")>]
let gardnerMargin (loadPerFeature: float) : float =
    if not (loadPerFeature > 0.0 && loadPerFeature <= 2.0) then
        raise (ArgumentOutOfRangeException("loadPerFeature", loadPerFeature, sprintf "loadPerFeature = %s is outside its valid range (0, 2]." (Validate.show loadPerFeature)))
    let inverseLoad (k: float) =
        let cdf = 0.5 * MathNet.Numerics.SpecialFunctions.Erfc(-k / Math.Sqrt 2.0)
        let pdf = Math.Exp(-0.5 * k * k) / Math.Sqrt(2.0 * Math.PI)
        (1.0 + k * k) * cdf + k * pdf
    let target = 1.0 / loadPerFeature
    if inverseLoad 0.0 >= target then 0.0
    else
        let mutable hi = 1.0
        while inverseLoad hi < target do hi <- 2.0 * hi
        RootFinding.bisect (fun k -> inverseLoad k - target) 0.0 hi (1e-12 * hi)
