/// Single-neuron learning in feature form (SPEC M10, KMN App. C): the one-shot (modern Hopfield) rule
/// w = Σ_μ ξ_out^μ φ(ξ_in^μ) (Eq. 49) against an iterative rule, with the margin
/// γ = min_μ ξ_out^μ (w·φ(ξ_in^μ)) / ‖w‖ (Eq. 50; no threshold, as in App. C). Inputs are rows.
/// The iterative rule is the Adatron (Anlauf & Biehl 1989; kernel form Frieß et al. 1998, KMN refs 3, 19)
/// rather than the stochastic batch perceptron of Fig. C.1: both converge to the maximal-margin w, and
/// the Adatron's stopping rule is a KKT test, so its result can be checked.
namespace AssociativeKernels.Core

open System

/// A trained single neuron: weights w in feature space, its margin γ (Eq. 50), and for the Adatron its
/// coefficients α (w = Σ α_μ ξ_out^μ φ(ξ_in^μ); the one-shot rule is α = 1), sweeps used and final KKT
/// violation max_μ {max(0, 1 − y_μ h_μ); |y_μ h_μ − 1| where α_μ > 0} with h_μ = w·φ(ξ_in^μ).
type SingleNeuron = { Weights: float[]; Alpha: float[]; Margin: float; Sweeps: int; KktViolation: float }

/// Options of the Adatron: stop when the KKT violation is ≤ Tolerance; fail after MaxSweeps sweeps;
/// patterns are visited in a fresh random order each sweep from System.Random(Seed).
type AdatronOptions = { Tolerance: float; MaxSweeps: int; Seed: int }

/// One-shot and Adatron learning of one neuron on explicit features.
[<RequireQualifiedAccess>]
module IterativeLearning =

    /// Tolerance 1e-9, 100 000 sweeps, seed 0.
    [<CompiledName("DefaultOptions")>]
    let defaultOptions = { Tolerance = 1e-9; MaxSweeps = 100_000; Seed = 0 }

    /// φ of every input after checking φ, the inputs and the ±1 outputs (one home for these checks).
    let internal features (phi: float[] -> float[]) (inputs: float[][]) (outputs: float[]) =
        if isNull (box phi) then raise (ArgumentNullException "phi")
        Patterns.check "inputs" inputs |> ignore
        Patterns.checkBipolarVector "outputs" outputs
        if outputs.Length <> inputs.Length then
            raise (ArgumentException(sprintf "outputs has length %d but there are %d inputs; one ±1 label per input." outputs.Length inputs.Length, "outputs"))
        let f = inputs |> Array.map phi
        f |> Array.iteri (fun mu v ->
            Validate.vector (sprintf "phi(inputs[%d])" mu) v
            Validate.sameLength "phi(inputs[0])" f.[0] (sprintf "phi(inputs[%d])" mu) v)
        f

    let private dot = LinearAlgebra.dot

    let private marginOf (w: float[]) (f: float[][]) (y: float[]) =
        let norm = sqrt (dot w w)
        (Array.map2 (fun fv yv -> yv * dot w fv) f y |> Array.min) / norm

    /// The margin γ of Eq. 50 of weights w on (inputs, outputs) under φ; negative when some pattern is
    /// misclassified, NaN for w = 0.
    [<CompiledName("Margin")>]
    let margin (phi: float[] -> float[]) (w: float[]) (inputs: float[][]) (outputs: float[]) : float =
        let f = features phi inputs outputs
        Validate.vector "w" w
        Validate.sameLength "phi(inputs[0])" f.[0] "w" w
        marginOf w f outputs

    /// The one-shot rule w = Σ_μ ξ_out^μ φ(ξ_in^μ) (Eq. 49; α = 1).
    [<CompiledName("OneShot")>]
    let oneShot (phi: float[] -> float[]) (inputs: float[][]) (outputs: float[]) : SingleNeuron =
        let f = features phi inputs outputs
        let w = Array.zeroCreate f.[0].Length
        f |> Array.iteri (fun mu v -> for k in 0 .. w.Length - 1 do w.[k] <- w.[k] + outputs.[mu] * v.[k])
        { Weights = w; Alpha = Array.create inputs.Length 1.0; Margin = marginOf w f outputs; Sweeps = 0; KktViolation = nan }

    /// The Adatron: exact coordinate ascent on the bias-free hard-margin dual,
    /// α_μ ← max(0, α_μ + (1 − y_μ h_μ)/K_μμ), in a seeded random order each sweep, until the KKT
    /// violation is ≤ options.Tolerance. Its fixed point is the maximal-margin w through the origin.
    /// A pattern with φ = 0 or data not linearly separable in feature space raises an ArgumentException
    /// naming a pattern (the one with φ = 0, or the one with the largest α after MaxSweeps).
    [<CompiledName("Adatron")>]
    let adatron (options: AdatronOptions) (phi: float[] -> float[]) (inputs: float[][]) (outputs: float[]) : SingleNeuron =
        Validate.positive "Tolerance" options.Tolerance
        Validate.atLeast "MaxSweeps" 1 options.MaxSweeps
        let f = features phi inputs outputs
        let y = outputs
        let m = f.Length
        let gram = Array2D.init m m (fun a b -> dot f.[a] f.[b])
        for mu in 0 .. m - 1 do
            if not (gram.[mu, mu] > 0.0) then
                raise (ArgumentException(sprintf "inputs[%d]: φ(inputs[%d]) = 0, so no weight vector through the origin can give it the label %s." mu mu (Validate.show y.[mu]), "inputs"))
        let alpha = Array.zeroCreate<float> m
        let h = Array.zeroCreate<float> m // h_μ = Σ α_ν y_ν K_νμ
        let violation () =
            let mutable v = 0.0
            for mu in 0 .. m - 1 do
                let g = y.[mu] * h.[mu]
                v <- max v (max 0.0 (1.0 - g))
                if alpha.[mu] > 0.0 then v <- max v (abs (g - 1.0))
            v
        let rng = Random(options.Seed)
        let order = Array.init m id
        let mutable sweeps = 0
        let mutable v = violation ()
        while v > options.Tolerance do
            if sweeps >= options.MaxSweeps then
                let worst = Array.findIndex (fun a -> a = Array.max alpha) alpha
                raise (ArgumentException(sprintf "outputs[%d]: the Adatron did not reach the KKT conditions in %d sweeps (violation %s); the data is probably not separable through the origin in feature space, and pattern %d carries the largest coefficient (%s)." worst options.MaxSweeps (Validate.show v) worst (Validate.show alpha.[worst]), "outputs"))
            Sampling.shuffleInPlace rng order
            for mu in order do
                let updated = max 0.0 (alpha.[mu] + (1.0 - y.[mu] * h.[mu]) / gram.[mu, mu])
                let d = updated - alpha.[mu]
                if d <> 0.0 then
                    alpha.[mu] <- updated
                    for nu in 0 .. m - 1 do h.[nu] <- h.[nu] + d * y.[mu] * gram.[mu, nu]
            sweeps <- sweeps + 1
            // Recompute h from α now and then so rounding in the running sums does not accumulate.
            if sweeps % 100 = 0 then
                for nu in 0 .. m - 1 do
                    let mutable s = 0.0
                    for mu in 0 .. m - 1 do s <- s + alpha.[mu] * y.[mu] * gram.[mu, nu]
                    h.[nu] <- s
            v <- violation ()
        let w = Array.zeroCreate f.[0].Length
        f |> Array.iteri (fun mu fv -> if alpha.[mu] <> 0.0 then for k in 0 .. w.Length - 1 do w.[k] <- w.[k] + alpha.[mu] * y.[mu] * fv.[k])
        { Weights = w; Alpha = alpha; Margin = marginOf w f y; Sweeps = sweeps; KktViolation = v }
