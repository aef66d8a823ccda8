/// SPEC E3 (KMN App. C, Fig. C.1): the pure parts of the margin-against-load experiment. The one-shot
/// margin (Eqs. 49–50) computed in feature form equals the kernel form; the budgeted feature-form Adatron
/// reaches the kernel-form Adatron's maximal margin on separable data and gives a negative margin, without
/// failing, beyond capacity; the zero crossing of a hand-made curve and Gardner's optimum against quadrature.
module Kernels.Core.Tests.E3MarginLoadTests

open System
open FsCheck
open FsCheck.FSharp
open FsCheck.Xunit
open AssociativeKernels.Core
open Kernels.Core.Tests.Generators
open global.Xunit

/// ±1 inputs (N ∈ [3, 10]) with ±1 labels, M up to about N_φ/2 (well inside capacity 2 N_φ).
let private smallProblem =
    gen {
        let! n = Gen.choose (3, 10)
        let! m = Gen.choose (1, n * (n - 1) / 4 + 1)
        let! x = Gen.arrayOfLength m (bipolarVector n)
        let! y = Gen.arrayOfLength m (Gen.elements [ -1.0; 1.0 ])
        let! sd = seed
        return x, y, sd }

let private kernelGram (x: float[][]) = Array2D.init x.Length x.Length (fun a b -> FeatureMap.pairsKernel x.[a] x.[b])

/// A feature-form one-shot margin against the kernel form. Both sum O(M N_φ) integers exactly (±1 products);
/// only the final division and √ round. Where the one-shot weights vanish (w = 0: e.g. x and −x, or x twice,
/// with opposite labels, since φ_pairs(x) = φ_pairs(−x)) the margin 0/0 is undefined: the kernel form says −∞,
/// the feature form NaN or ±∞.
let private sameOneShotMargin (feature: float) (kernel: float) =
    (if Double.IsNegativeInfinity kernel then Double.IsNaN feature || Double.IsInfinity feature
     else abs (feature - kernel) <= 1e-12 * max 1.0 (abs kernel))
    |@ sprintf "feature form %.17g, kernel form %.17g" feature kernel

[<Property(MaxTest = 100)>]
let ``E3: the one-shot margin in feature form (Eq. 49 → Eq. 50) equals the kernel form with pairsKernel`` () =
    Prop.forAll (arb smallProblem) (fun (x, y, _) ->
        sameOneShotMargin (IterativeLearning.oneShot FeatureMap.pairs x y).Margin (T7SvmNetworkTests.oneShotMargin (kernelGram x) y))

[<Property(MaxTest = 30)>]
let ``E3: a trial's one-shot margin is the kernel-form margin of the patterns drawn from its seed`` () =
    let g = gen {
        let! n = Gen.choose (3, 12)
        let! m = Gen.choose (1, 60)
        let! sd = seed
        return n, m, sd }
    Prop.forAll (arb g) (fun (n, m, sd) ->
        let t = MarginLoad.trial sd n m 50 1e-3
        // the trial's documented draw: M inputs, then M labels, from System.Random(seed)
        let rng = Random(sd)
        let x = Array.init m (fun _ -> Sampling.bipolarVector rng n 0.5)
        let y = Sampling.bipolarVector rng m 0.5
        (t.Patterns = m |@ "M") .&. sameOneShotMargin t.OneShot (T7SvmNetworkTests.oneShotMargin (kernelGram x) y))

[<Property(MaxTest = 60)>]
let ``E3: on separable data the budgeted feature-form Adatron converges to the kernel-form Adatron's maximal margin`` () =
    Prop.forAll (arb smallProblem) (fun (x, y, sd) ->
        let ours = MarginLoad.adatron 100_000 1e-9 sd FeatureMap.pairs x y
        try
            let reference = IterativeLearning.adatron { IterativeLearning.defaultOptions with Seed = sd } FeatureMap.pairs x y
            // both meet the KKT conditions within 1e-9, so both margins are the maximal one to ~1e-9 relative
            (ours.KktViolation <= 1e-9 |@ sprintf "KKT violation %g after %d sweeps" ours.KktViolation ours.Sweeps)
            .&. (ours.Margin > 0.0 |@ sprintf "margin %g" ours.Margin)
            .&. (abs (ours.Margin - reference.Margin) <= 1e-6 * reference.Margin |@ sprintf "ours %.15g, kernel form %.15g" ours.Margin reference.Margin)
        with :? ArgumentException ->
            // not separable through the origin (e.g. x and −x with opposite labels: φ_pairs(x) = φ_pairs(−x))
            (not (ours.KktViolation <= 1e-9) || not (ours.Margin > 0.0)) |@ sprintf "kernel form gave up, ours converged with margin %g" ours.Margin)

[<Fact>]
let ``E3: a hand-made separable instance reaches a positive margin at least the one-shot rule's`` () =
    // N = 6 (N_φ = 15), M = 8 random patterns: far inside capacity.
    let rng = Random(7)
    let x = Array.init 8 (fun _ -> Sampling.bipolarVector rng 6 0.5)
    let y = Sampling.bipolarVector rng 8 0.5
    let ada = MarginLoad.adatron 10_000 1e-6 1 FeatureMap.pairs x y
    let one = IterativeLearning.oneShot FeatureMap.pairs x y
    Assert.True(ada.KktViolation <= 1e-6, sprintf "KKT violation %g" ada.KktViolation)
    Assert.True(ada.Margin > 0.0, sprintf "margin %g" ada.Margin)
    Assert.True(ada.Margin >= one.Margin, sprintf "Adatron %g < one-shot %g" ada.Margin one.Margin)
    Assert.Equal(ada.Margin, IterativeLearning.margin FeatureMap.pairs ada.Weights x y)

[<Fact>]
let ``E3: beyond capacity the budgeted Adatron stops at its budget with a negative margin instead of failing`` () =
    // N = 4: only 8 distinct φ_pairs vectors (φ(x) = φ(−x)) carry 60 random labels, so no w separates them.
    let rng = Random(3)
    let x = Array.init 60 (fun _ -> Sampling.bipolarVector rng 4 0.5)
    let y = Sampling.bipolarVector rng 60 0.5
    let ada = MarginLoad.adatron 25 1e-3 1 FeatureMap.pairs x y
    Assert.Equal(25, ada.Sweeps)
    Assert.True(ada.KktViolation > 1e-3)
    Assert.True(ada.Margin < 0.0, sprintf "margin %g" ada.Margin)

[<Fact>]
let ``E3: the zero crossing of a hand-made curve and its propagated standard error`` () =
    // (0.2, 1) → (0.3, −1): x* = 0.2 + 0.1 · 1/2 = 0.25; ∂x*/∂m₁ = −0.1·(−1)/4 = 0.025, ∂x*/∂m₂ = 0.1·1/4 = 0.025,
    // so s.e. = √((0.025·0.2)² + (0.025·0.2)²) = 0.005 √2.
    let c = MarginLoad.crossing [| 0.1; 0.2; 0.3; 0.4 |] [| 3.0; 1.0; -1.0; -2.0 |] [| 0.1; 0.2; 0.2; 0.1 |]
    let c = Option.get c
    Assert.Equal(0.25, c.Load, 12)
    Assert.Equal(0.005 * sqrt 2.0, c.StandardError, 12)
    // the first crossing counts; a curve that never crosses, or starts at or below 0, has none
    Assert.Equal(0.15, (Option.get (MarginLoad.crossing [| 0.1; 0.2; 0.3 |] [| 1.0; -1.0; 1.0 |] [| 0.0; 0.0; 0.0 |])).Load, 12)
    Assert.True(Option.isNone (MarginLoad.crossing [| 0.1; 0.2 |] [| 2.0; 1.0 |] [| 0.1; 0.1 |]))
    Assert.True(Option.isNone (MarginLoad.crossing [| 0.1; 0.2 |] [| -1.0; -2.0 |] [| 0.1; 0.1 |]))
    Expect.throwsNaming "loads" (fun () -> MarginLoad.crossing [| 0.2; 0.1 |] [| 1.0; -1.0 |] [| 0.0; 0.0 |])
    Expect.throwsNaming "errors" (fun () -> MarginLoad.crossing [| 0.1; 0.2 |] [| 1.0; -1.0 |] [| -0.1; 0.0 |])

[<Property(MaxTest = 100)>]
let ``E3: on a straight line the crossing is exact and the error-free crossing has zero error`` () =
    let g = gen {
        let! a = floatIn 0.1 5.0
        let! b = floatIn 0.1 5.0
        let! steps = Gen.choose (2, 30)
        return a, b, steps }
    Prop.forAll (arb g) (fun (a, b, steps) ->
        // m(x) = a − b x crosses at a/b; sample it on a grid from below to past a/b that never hits a/b itself
        let loads = Array.init steps (fun i -> 2.0 * a / b * (float i + 0.5) / float steps)
        let c = MarginLoad.crossing loads (loads |> Array.map (fun x -> a - b * x)) (Array.zeroCreate steps)
        match c with
        | Some c -> (abs (c.Load - a / b) <= 1e-9 * (a / b) && c.StandardError = 0.0) |@ sprintf "%A vs %g" c (a / b)
        | None -> false |@ "no crossing")

[<Fact>]
let ``E3: Gardner's optimum solves 1/α = ∫_{−κ}^∞ Dt (t + κ)² by quadrature, is 0 at α = 2 and falls with α`` () =
    let integral (k: float) =
        MathNet.Numerics.Integrate.OnClosedInterval((fun t -> Math.Exp(-0.5 * t * t) / Math.Sqrt(2.0 * Math.PI) * (t + k) ** 2.0), -k, 40.0, 1e-12)
    let loads = [| 0.05; 0.1; 0.3; 0.5; 1.0; 1.5; 1.9; 2.0 |]
    let kappas = loads |> Array.map MarginLoad.gardnerMargin
    Expect.allWithin "1/α against quadrature" (Array.map2 (fun a k -> Expect.row (sprintf "α = %g" a) (1.0 / a) (integral k) (1e-8 / a)) loads kappas)
    Assert.Equal(0.0, kappas.[kappas.Length - 1], 9)
    Assert.True(Array.pairwise kappas |> Array.forall (fun (k1, k2) -> k1 > k2), sprintf "%A" kappas)
    Expect.throwsNaming "loadPerFeature" (fun () -> MarginLoad.gardnerMargin 2.5)
    Expect.throwsNaming "loadPerFeature" (fun () -> MarginLoad.gardnerMargin 0.0)

[<Fact>]
let ``E3: the feature count is read off φ_pairs and the load is M/N²`` () =
    Assert.Equal(4950, MarginLoad.pairsFeatureCount 100)
    Assert.Equal(1, MarginLoad.pairsFeatureCount 2)
    Assert.Equal(700, MarginLoad.patternCount 100 0.07)
    Assert.Equal(1, MarginLoad.patternCount 10 0.001)
    Expect.throwsNaming "N" (fun () -> MarginLoad.pairsFeatureCount 1)
    Expect.throwsNaming "load" (fun () -> MarginLoad.patternCount 10 0.0)
