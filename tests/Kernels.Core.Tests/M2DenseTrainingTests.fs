/// SPEC M2's training reference (src/Models/DenseTraining.fs, DAM §4 and appendix, Eqs. 9, 12–14): the gradient
/// of the minibatch loss against central differences of the loss computed from `DenseMemory.classify`, the
/// momentum update of Eq. 13 against its closed form, and the schedules of Eq. 12 and the temperature ramp.
module Kernels.Core.Tests.M2DenseTrainingTests

open System
open FsCheck
open FsCheck.FSharp
open FsCheck.Xunit
open global.Xunit
open AssociativeKernels.Core
open Kernels.Core.Tests.Generators

/// A small classifier: K ∈ [1, 5] memories of N ∈ [1, 7] visible and N_c ∈ [1, 4] label weights in (−1, 1), a
/// minibatch of B ∈ [1, 4] inputs in (−1, 1) with labels, the power n ∈ [2, 4] and the loss power m ∈ [1, 4].
/// β = 2 / (K (N + N_c + 2)ⁿ) keeps |β gap| ≤ 2 (|s_μ + 2ξ_α| ≤ N + N_c + 2): c stays off ±1 and every term O(1).
let private instance =
    gen {
        let! k = Gen.choose (1, 5)
        let! n = Gen.choose (1, 7)
        let! c = Gen.choose (1, 4)
        let! b = Gen.choose (1, 4)
        let! power = Gen.choose (2, 4)
        let! m = Gen.choose (1, 4)
        let! memories = Gen.arrayOfLength k (Gen.arrayOfLength (n + c) (floatOpen -1.0 1.0))
        let! inputs = Gen.arrayOfLength b (Gen.arrayOfLength n (floatOpen -1.0 1.0))
        let! labels = Gen.arrayOfLength b (Gen.choose (0, c - 1))
        let beta = 2.0 / (float k * Math.Pow(float (n + c + 2), float power))
        return memories, inputs, labels, c, power, m, beta }

/// The arguments of F in Eq. 9 (s_μ and s_μ + 2ξ_α^μ, labels off at −1) over the minibatch: their distance to F's kink at 0.
let private closestToKink (memories: float[][]) (inputs: float[][]) (classes: int) =
    let visible = memories.[0].Length - classes
    seq {
        for v in inputs do
            for xi in memories do
                let s = Seq.sum (seq { for i in 0 .. visible - 1 -> xi.[i] * v.[i] }) - Seq.sum xi.[visible..]
                yield abs s
                for a in 0 .. classes - 1 -> abs (s + 2.0 * xi.[visible + a]) }
    |> Seq.min

/// ∂C/∂ξ_I^μ against the central difference D(h) = (C(ξ + h) − C(ξ − h))/2h of the loss computed from
/// `DenseMemory.classify` (Eq. 9) — an independent route to the same number. Where every argument of F stays more
/// than 2h from F's kink at 0 (a weight moved by h moves an argument by at most 2h: |v_i| < 1, the label weight
/// enters with factor 1 or 2), C is a polynomial-in-tanh on the segment and D(h) − C′ = a h² + O(h⁴); Richardson's
/// estimate of that error is |D(h) − D(2h)|/3. The rounding of D is at most 2δ/2h with δ the rounding of C: C
/// sums B·N_c terms (c − t)^{2m} ≤ 4^m, each c = tanh(β gap) carries ≲ (N + N_c + K + 4)·u of |β gap| ≤ 2, and
/// (c − t)^{2m} amplifies by 2m·2^{2m−1}, so δ ≤ N_c·2m·4^m·2·(N + N_c + K + 4)·u. Allowed: 3·(estimate) + δ/h.
/// A wrong factor or sign is O(|C′|), far above both at h = 1e-4.
[<Property(MaxTest = 120)>]
let ``The gradient of the Eq. 14 loss is the derivative of the loss of Eq. 9's outputs`` () =
    Prop.forAll (arb instance) (fun (memories, inputs, labels, classes, power, m, beta) ->
        let h = 1e-4
        (closestToKink memories inputs classes > 4.0 * h) ==> lazy (
            let lg = DenseTraining.lossAndGradient power beta m classes memories inputs labels
            let loss (xi: float[][]) = DenseTraining.loss power beta m classes xi inputs labels
            let k, d = memories.Length, memories.[0].Length
            let delta = float classes * 2.0 * float m * Math.Pow(4.0, float m) * 2.0 * float (d + k + 4) * Tolerances.eps
            let failures =
                [ for mu in 0 .. k - 1 do
                    for i in 0 .. d - 1 do
                        let central step =
                            let at x = memories |> Array.mapi (fun nu row -> if nu <> mu then row else Array.mapi (fun j y -> if j = i then x else y) row)
                            (loss (at (memories.[mu].[i] + step)) - loss (at (memories.[mu].[i] - step))) / (2.0 * step)
                        let d1, d2 = central h, central (2.0 * h)
                        let allowed = abs (d1 - d2) + delta / h
                        let analytic = lg.Gradient.[mu].[i]
                        if abs (analytic - d1) > allowed then yield sprintf "μ = %d, I = %d: analytic %g, central %g (allowed %g)" mu i analytic d1 allowed ]
            (failures.IsEmpty |@ String.Join("; ", failures))
            .&. (abs (lg.Loss - loss memories) <= delta |@ sprintf "loss %g against %g from classify" lg.Loss (loss memories))))

/// Eq. 13 by its closed form: V ← pV − ∂C, ξ ← clip(ξ + ε V / max|V|) row by row; a zero velocity leaves a row alone.
[<Property(MaxTest = 100)>]
let ``Eq. 13 moves each memory by at most epsilon along its normalized velocity and clips to [-1, 1]`` () =
    let case =
        gen {
            let! k = Gen.choose (1, 4)
            let! d = Gen.choose (2, 6)
            let row = Gen.arrayOfLength d (floatIn -1.0 1.0)
            let! xi = Gen.arrayOfLength k row
            let! v = Gen.arrayOfLength k row
            let! g = Gen.arrayOfLength k (Gen.arrayOfLength d (floatIn -2.0 2.0))
            let! p = floatIn 0.0 0.95
            let! eps = floatIn 0.01 0.5
            return xi, v, g, p, eps }
    Prop.forAll (arb case) (fun (xi, v, g, p, eps) ->
        let xi', v' = DenseTraining.update p eps xi v g
        let ok =
            [ for mu in 0 .. xi.Length - 1 do
                let vel = Array.init xi.[mu].Length (fun i -> p * v.[mu].[i] - g.[mu].[i])
                let largest = vel |> Array.map abs |> Array.max
                for i in 0 .. vel.Length - 1 do
                    yield v'.[mu].[i] = vel.[i]
                    let expected = if largest = 0.0 then xi.[mu].[i] else Math.Clamp(xi.[mu].[i] + eps * vel.[i] / largest, -1.0, 1.0)
                    yield abs (xi'.[mu].[i] - expected) <= 2.0 * Tolerances.eps
                    // |x + δ − x| ≤ |δ| + ½ulp(1): the sum rounds at the scale of the weights, not of ε.
                    yield abs (xi'.[mu].[i] - xi.[mu].[i]) <= eps + Tolerances.eps
                    yield xi'.[mu].[i] >= -1.0 && xi'.[mu].[i] <= 1.0 ]
        List.forall id ok)

[<Fact>]
let ``A zero velocity leaves the memory unchanged`` () =
    let xi, v = DenseTraining.update 0.5 0.1 [| [| 0.3; -0.2 |] |] [| [| 0.0; 0.0 |] |] [| [| 0.0; 0.0 |] |]
    Assert.Equal<float[]>([| 0.3; -0.2 |], xi.[0])
    Assert.Equal<float[]>([| 0.0; 0.0 |], v.[0])

/// A hand-worked case: K = 1, N = 1, N_c = 1, ξ = (a, b) = (0.5, 0.25), v = 1, n = 2, m = 1, label 0 (t = +1), β = 1.
/// s = a v − b = 0.25; gap = F(s + 2b) − F(s) = 0.75² − 0.25² = 0.5; c = tanh 0.5; C = (c − 1)².
/// g = 2 (c − 1) (1 − c²); F′(x) = 2x: D = g (F′(0.75) − F′(0.25)) = g; ∂C/∂a = D v = g, ∂C/∂b = 2 g F′(0.75) − D = 2g.
[<Fact>]
let ``A one-weight case by hand`` () =
    let c = Math.Tanh 0.5
    let g = 2.0 * (c - 1.0) * (1.0 - c * c)
    let lg = DenseTraining.lossAndGradient 2 1.0 1 1 [| [| 0.5; 0.25 |] |] [| [| 1.0 |] |] [| 0 |]
    // A few roundings of O(1) numbers apart (Math.Pow against products): 8 ulps of 1.
    let tol = 8.0 * Tolerances.eps
    Assert.Equal((c - 1.0) ** 2.0, lg.Loss, tol)
    Assert.Equal(g, lg.Gradient.[0].[0], tol)
    Assert.Equal(2.0 * g, lg.Gradient.[0].[1], tol)

[<Fact>]
let ``Schedules: epsilon0 f^t (Eq. 12), the linear temperature ramp, beta = 1 over T^n`` () =
    Assert.Equal(0.04, DenseTraining.learningRate 0.04 0.998 0)
    Assert.Equal(0.04 * 0.998 * 0.998 * 0.998, DenseTraining.learningRate 0.04 0.998 3, 0.04 * 4.0 * Tolerances.eps)
    Assert.Equal(300.0, DenseTraining.temperature 300.0 60.0 200 0)
    Assert.Equal(180.0, DenseTraining.temperature 300.0 60.0 200 100)
    Assert.Equal(60.0, DenseTraining.temperature 300.0 60.0 200 200)
    Assert.Equal(60.0, DenseTraining.temperature 300.0 60.0 200 5000)
    Assert.Equal(60.0, DenseTraining.temperature 300.0 60.0 0 0)
    Assert.Equal(1.0 / 27e6, DenseTraining.beta 3 300.0, 2.0 * Tolerances.eps / 27e6)

[<Fact>]
let ``One step is the loss and gradient followed by Eq. 13`` () =
    let memories = [| [| 0.1; -0.4; 0.7; 0.2; -0.3 |]; [| -0.6; 0.5; 0.1; -0.2; 0.9 |]; [| 0.3; 0.3; -0.8; 0.6; 0.0 |] |]
    let velocity = memories |> Array.map (Array.map (fun x -> 0.1 * x))
    let inputs = [| [| 0.5; -1.0; 0.25 |]; [| -0.75; 0.5; 1.0 |] |]
    let labels = [| 1; 0 |]
    let settings : DenseTraining.TrainingStep = { Power = 3; LossPower = 2; Beta = 0.05; Momentum = 0.9; LearningRate = 0.04 }
    let r = DenseTraining.step settings 2 memories velocity inputs labels
    let lg = DenseTraining.lossAndGradient 3 0.05 2 2 memories inputs labels
    let xi, v = DenseTraining.update 0.9 0.04 memories velocity lg.Gradient
    Assert.Equal(lg.Loss, r.Loss)
    Assert.Equal<float[][]>(xi, r.Memories)
    Assert.Equal<float[][]>(v, r.Velocity)
