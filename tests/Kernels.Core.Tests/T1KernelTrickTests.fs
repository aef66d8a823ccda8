/// SPEC T1: the kernel trick, φ(x)·φ(y) = K(x, y), for the explicit feature maps of KMN.
module Kernels.Core.Tests.T1KernelTrickTests

open System
open FsCheck
open FsCheck.FSharp
open FsCheck.Xunit
open AssociativeKernels.Core
open Kernels.Core.Tests.Generators


/// The claim is Claims.polynomialFeatureMap (its tolerance derived there); this runs it on FsCheck's pairs.
[<Property(MaxTest = 200)>]
let ``T1: the degree-2 feature map of KMN Eq. 107 reproduces (x·y + 1)²`` () =
    Prop.forAll (arb realPair) (fun (x, y) -> Claims.polynomialFeatureMap x y |> verdict)

[<Property(MaxTest = 200)>]
let ``T1: φ_pairs on ±1 patterns gives ((x·y)² − N)/2 exactly`` () =
    let g =
        gen {
            let! n = dimension
            let! x = bipolarVector n
            let! y = bipolarVector n
            return x, y
        }
    Prop.forAll (arb g) (fun (x, y) ->
        let lhs = dot (FeatureMap.pairs x) (FeatureMap.pairs y)
        let xy = dot x y
        let expected = (xy * xy - float x.Length) / 2.0
        (lhs = expected) |@ sprintf "φ_pairs·φ_pairs = %g, ((x·y)² − N)/2 = %g" lhs expected
        .&. (FeatureMap.pairsKernel x y = expected |@ "pairsKernel"))

[<Property(MaxTest = 200)>]
let ``T1: φ_pairs on real vectors gives ((x·y)² − Σ x_i²y_i²)/2`` () =
    Prop.forAll (arb realPair) (fun (x, y) -> Claims.pairsFeatureMap x y |> verdict)
