/// SPEC T4, KMN Property 5.1: the Exp-β kernel tends to Θ(r − d) with Θ(0) = e^{−1} as β → ∞
/// (Eqs. 69–70), and its Gram matrix to the identity for patterns more than r apart (Eqs. 71–72).
module Kernels.Core.Tests.T4ZeroTemperatureTests

open System
open FsCheck
open FsCheck.FSharp
open FsCheck.Xunit
open AssociativeKernels.Core
open Kernels.Core.Tests.Generators

[<Property(MaxTest = 200)>]
let ``Property 5.1: Exp-β tends to Θ(r − d) monotonically as β grows`` () =
    let g = gen {
        let! r = floatIn 0.1 10.0
        // d/r away from 1 by at least 1%, on both sides
        let! ratio = Gen.oneof [ floatIn 0.0 0.99; floatIn 1.01 5.0 ]
        return r, ratio * r }
    Prop.forAll (arb g) (fun (r, d) -> Claims.zeroTemperatureLimit r d |> verdict)

[<Property(MaxTest = 100)>]
let ``Property 5.1: Θ(0) = e^−1 — at d = r the kernel is e^−1 for every β`` () =
    Prop.forAll (arb (Gen.zip (floatIn 0.1 10.0) (floatIn 0.01 1e4))) (fun (r, beta) -> Claims.zeroTemperatureAtRadius r beta |> verdict)

[<Property(MaxTest = 100)>]
let ``Property 5.1: the Exp-β Gram matrix tends to the identity for patterns more than r apart`` () =
    let g = gen {
        let! ps = realPatterns
        let! r = floatIn 0.05 2.0
        return ps, r }
    // cases with a pair within 1.01·r are discarded by the claim
    Prop.forAll (arb g) (fun (ps, r) -> Claims.zeroTemperatureGram r ps |> verdict)
