/// SPEC T7 (KMN Properties 1, 2.1, 2.2; App. C): networks whose neurons are hard-margin SVMs store every
/// pattern as a fixed point, and each neuron's margin is at least the one-shot rule's (A = 1, θ = 0,
/// Eq. 49) in the same feature space. When the trainer reports non-separable data, the one-shot rule
/// cannot separate that data with margin γ_min either.
module Kernels.Core.Tests.T7SvmNetworkTests

open System
open FsCheck
open FsCheck.FSharp
open FsCheck.Xunit
open AssociativeKernels.Core
open Kernels.Core.Tests.Generators
open global.Xunit

let private innerKernels : (string * (float -> float)) list =
    [ "linear", id
      "(t + 1)²", (fun t -> (t + 1.0) ** 2.0)
      "(t + 1)³", (fun t -> (t + 1.0) ** 3.0)
      "exp(0.3 t)", (fun t -> Math.Exp(0.3 * t)) ]

/// ±1 patterns: N ∈ [2, 10], M ∈ [1, 12], duplicates allowed; an inner-product kernel.
let bipolarProblem =
    gen {
        let! n = Gen.choose (2, 10)
        let! m = Gen.choose (1, 12)
        let! x = Gen.arrayOfLength m (bipolarVector n)
        let! ki = Gen.choose (0, innerKernels.Length - 1)
        return x, ki
    }

/// The one-shot margin (θ = 0, α = 1) of a neuron with Gram matrix g and labels y (Claims.oneShotMargin).
let oneShotMargin (g: float[,]) (y: float[]) = Claims.oneShotMargin g y

[<Property(MaxTest = 100)>]
let ``T7 (Property 2.1): every stored pattern is a fixed point of the synchronous SVM network, and each neuron's margin ≥ the one-shot margin`` () =
    Prop.forAll (arb bipolarProblem) (fun (x, ki) ->
        let name, k = innerKernels.[ki]
        Claims.svmFixedPoints k x |> verdict |@ name)

[<Property(MaxTest = 100)>]
let ``T7 (Property 2.2): without self-connections every stored pattern is a fixed point of asynchronous sweeps in any order, margin ≥ one-shot`` () =
    Prop.forAll (arb (Gen.zip bipolarProblem seed)) (fun ((x, ki), sd) ->
        let name, k = innerKernels.[ki]
        Claims.svmFixedPointsWithoutSelf k sd x |> verdict |@ name)

[<Property(MaxTest = 100)>]
let ``T7 (Property 1): the hetero-associative SVM network recalls every stored output from its input, margin ≥ one-shot`` () =
    let g = gen {
        let! (x, ki) = bipolarProblem
        let! nOut = Gen.choose (1, 6)
        let! outs = Gen.arrayOfLength x.Length (bipolarVector nOut)
        return x, outs, ki }
    Prop.forAll (arb g) (fun (x, outs, ki) ->
        let name, k = innerKernels.[ki]
        Claims.svmHeteroRecall k x outs |> verdict |@ name)

[<Property(MaxTest = 100)>]
let ``T7 / M10: on φ_pairs the Adatron's margin ≥ the one-shot rule's (Eq. 49), KKT within its tolerance`` () =
    let g = gen {
        let! n = Gen.choose (3, 8)
        let! m = Gen.choose (1, n * (n - 1) / 4 + 1)
        let! x = Gen.arrayOfLength m (bipolarVector n)
        let! y = Gen.arrayOfLength m (Gen.elements [ -1.0; 1.0 ])
        let! sd = seed
        return x, y, sd }
    Prop.forAll (arb g) (fun (x, y, sd) ->
        let one = IterativeLearning.oneShot FeatureMap.pairs x y
        try
            let options = { IterativeLearning.defaultOptions with Seed = sd }
            let ada = IterativeLearning.adatron options FeatureMap.pairs x y
            let eps = options.Tolerance
            (ada.KktViolation <= eps |@ sprintf "KKT violation %g" ada.KktViolation)
            .&. (ada.Margin >= one.Margin * Tolerances.marginFactor eps eps - Tolerances.marginRounding x.Length * abs one.Margin |@ sprintf "Adatron margin %.15g < one-shot %.15g" ada.Margin one.Margin)
            .&. (abs (ada.Margin - IterativeLearning.margin FeatureMap.pairs ada.Weights x y) <= 1e-12 * abs ada.Margin |@ "margin matches Eq. 50 recomputed")
        with :? ArgumentException ->
            // Not separable through the origin in feature space (or φ = 0, e.g. N ≥ 3 never gives φ_pairs = 0):
            // then the one-shot rule cannot separate it either.
            not (one.Margin > 0.0) |@ sprintf "Adatron gave up but the one-shot margin is %g" one.Margin)

[<Fact>]
let ``M10: one-shot weights are Σ ξ_out φ(ξ_in) (Eq. 49) — a hand-computed case`` () =
    // φ_pairs of (1, 1, −1) = (1, −1, −1), of (1, −1, 1) = (−1, 1, −1); labels +1, −1 → w = (2, −2, 0).
    let one = IterativeLearning.oneShot FeatureMap.pairs [| [| 1.0; 1.0; -1.0 |]; [| 1.0; -1.0; 1.0 |] |] [| 1.0; -1.0 |]
    Assert.Equal<float[]>([| 2.0; -2.0; 0.0 |], one.Weights)
    // y h = 4 for both, ‖w‖ = √8 → γ = 4/√8 = √2.
    Assert.Equal(Math.Sqrt 2.0, one.Margin, 12)
