/// SPEC T5 (KMN Properties 5.2 and 5.3, Eq. 22): at β → ∞, with every pairwise distance above 2r, a start
/// within r of ξ^μ reaches ξ^μ in one step, and the only attractors are the patterns and the agnostic
/// state (0, or the pattern within r of the origin when there is one).
module Kernels.Core.Tests.T5ExpBetaTests

open System
open FsCheck
open FsCheck.FSharp
open FsCheck.Xunit
open AssociativeKernels.Core
open Kernels.Core.Tests.Generators
open global.Xunit

/// Gaussian patterns (M ∈ [1, 12], N ∈ [1, 8]) and r = u · (min pairwise distance)/2 with u ∈ [0.3, 0.95],
/// so min distance > 2r. Half of the cases are translated so that a pattern sits within r of the origin
/// (translation keeps the distances), exercising both forms of the agnostic state.
let private separatedPatterns =
    gen {
        let! n = Gen.choose (1, 8)
        let! m = Gen.choose (1, 12)
        let! sd = seed
        let! u = floatIn 0.3 0.95
        let! nearOrigin = Gen.elements [ false; true ]
        let! v = floatIn 0.0 0.9
        let rng = Random(sd)
        let x = Array.init m (fun _ -> Sampling.gaussianVector rng n)
        let minDist =
            if m = 1 then 2.0
            else Seq.min (seq { for a in 0 .. m - 1 do for b in a + 1 .. m - 1 -> Kernel.distance x.[a] x.[b] })
        let r = u * minDist / 2.0
        let x =
            if nearOrigin then
                // move pattern 0 to a point at distance v·r from the origin
                let dir = Sampling.spherePoint rng n
                let target = dir |> Array.map (fun d -> v * r * d)
                x |> Array.map (fun p -> Array.map3 (fun a b c -> a - b + c) p x.[0] target)
            else x
        return x, r, sd, u
    }

[<Property(MaxTest = 200)>]
let ``T5 (Property 5.2): a start within r of ξ^μ converges to ξ^μ in one step`` () =
    // The claim (Claims.oneStepConvergence) recomputes r = u·(min distance)/2, which translation keeps.
    Prop.forAll (arb (Gen.zip separatedPatterns (floatIn 0.0 0.999))) (fun ((x, _, sd, u), frac) ->
        Claims.oneStepConvergence u frac (sd + 1) x |> verdict)

[<Property(MaxTest = 200)>]
let ``T5 (Property 5.3): from any start the dynamics ends at a stored pattern or at the agnostic state, and all of these are fixed points`` () =
    Prop.forAll (arb (Gen.zip separatedPatterns (floatIn 0.0 3.0))) (fun ((x, _, sd, u), spread) ->
        Claims.noSpuriousAttractors u spread (sd + 2) x |> verdict)

[<Fact>]
let ``Property 5.1 / Eq. 22: Θ(0) = e^−1 — a start exactly r from a lone pattern is pulled to e^−1 ξ`` () =
    let net = ExpBetaNetwork.zeroTemperature 1.0 [| [| 3.0; 4.0 |] |]
    let s = ExpBetaNetwork.limitStep net [| 3.0; 5.0 |]
    Assert.Equal(3.0 * Math.Exp -1.0, s.[0], 15)
    Assert.Equal(4.0 * Math.Exp -1.0, s.[1], 15)

[<Fact>]
let ``M9: at finite β the Exp-β network keeps every pattern fixed and at large β acts like Eq. 22 near a pattern`` () =
    let x = [| [| 0.0; 0.0 |]; [| 3.0; 0.0 |]; [| 0.0; 3.0 |] |]
    let net = ExpBetaNetwork.create 40.0 1.0 x
    for p in x do
        let s = InterpolationNetwork.step net p
        Assert.True(Array.forall2 (fun a b -> abs (a - b) < 1e-12) s p)
    // 0.5 from ξ² : (d/r)^β = 0.5^40 ≈ 1e-12, so one step lands within 1e-11 of ξ².
    let s = InterpolationNetwork.step net [| 3.5; 0.0 |]
    Assert.True(abs (s.[0] - 3.0) < 1e-11 && abs s.[1] < 1e-11, sprintf "%A" s)

[<Fact>]
let ``Eq. 22 needs every pairwise distance above r: closer patterns are rejected with the pair named`` () =
    let e = Assert.ThrowsAny<ArgumentException>(fun () -> ExpBetaNetwork.zeroTemperature 1.0 [| [| 0.0 |]; [| 5.0 |]; [| 0.5 |] |] |> ignore)
    Assert.Equal("patterns", e.ParamName)
    Assert.Contains("patterns[0] − patterns[2]", e.Message)
