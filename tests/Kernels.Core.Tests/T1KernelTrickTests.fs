/// SPEC T1: the kernel trick, φ(x)·φ(y) = K(x, y), for the explicit feature maps of KMN.
module Kernels.Core.Tests.T1KernelTrickTests

open System
open FsCheck
open FsCheck.FSharp
open FsCheck.Xunit
open AssociativeKernels.Core
open Kernels.Core.Tests.Generators


[<Property(MaxTest = 200)>]
let ``T1: the degree-2 feature map of KMN Eq. 107 reproduces (x·y + 1)²`` () =
    Prop.forAll (arb realPair) (fun (x, y) ->
        let fx = FeatureMap.polynomial2 x
        let fy = FeatureMap.polynomial2 y
        let lhs = dot fx fy
        let rhs = Kernel.polynomial 2 1.0 x y
        // both sides are sums of products; bound each by γ_m of its absolute sum
        let absSum = Array.fold2 (fun s u v -> s + abs (u * v)) 0.0 fx fy
        let rhsScale = (Array.fold2 (fun s u v -> s + abs (u * v)) 0.0 x y + 1.0) ** 2.0
        let tol = Tolerances.gamma (fx.Length + 4) * absSum + Tolerances.gamma (x.Length + 4) * 3.0 * rhsScale
        (abs (lhs - rhs) <= tol) |@ sprintf "φ·φ = %g, (x·y+1)² = %g, tol %g" lhs rhs tol
        .&. ((fx.Length = 1 + 2 * x.Length + x.Length * (x.Length - 1) / 2) |@ "feature length 1 + 2N + N(N−1)/2"))

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
    Prop.forAll (arb realPair) (fun (x, y) ->
        let fx = FeatureMap.pairs x
        let fy = FeatureMap.pairs y
        let lhs = dot fx fy
        let rhs = FeatureMap.pairsKernel x y
        let scale = (Array.fold2 (fun s u v -> s + abs (u * v)) 0.0 x y) ** 2.0
        let tol = Tolerances.gamma (fx.Length + x.Length + 4) * 2.0 * scale + Tolerances.eps
        (abs (lhs - rhs) <= tol) |@ sprintf "%g vs %g (tol %g)" lhs rhs tol)
