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
    Prop.forAll (arb (Gen.zip (floatIn 0.1 10.0) (floatIn 0.01 1e4))) (fun (r, beta) ->
        ((Kernel.expBetaOfDistance beta r r).Ln = -1.0 |@ "ln K(r) = −1")
        .&. (Kernel.expBetaLimitOfDistance r r = Math.Exp -1.0 |@ "Θ(0) = e^−1"))

[<Property(MaxTest = 100)>]
let ``Property 5.1: the Exp-β Gram matrix tends to the identity for patterns more than r apart`` () =
    let g = gen {
        let! ps = realPatterns
        let! r = floatIn 0.05 2.0
        return ps, r }
    Prop.forAll (arb g) (fun (ps, r) ->
        let distinct =
            [ for i in 0 .. ps.Length - 1 do
                for j in i + 1 .. ps.Length - 1 -> Kernel.distance ps.[i] ps.[j] ]
            |> List.forall (fun d -> d > 1.01 * r)
        distinct ==> lazy (
            let limit = Kernel.gram (Kernel.expBetaLimit r) ps
            let atLargeBeta = Kernel.gram (fun x y -> (Kernel.expBeta 1e4 r x y).Value) ps
            let identity i j = if i = j then 1.0 else 0.0
            let exact = limit |> Array2D.mapi (fun i j v -> v = identity i j) |> Seq.cast<bool> |> Seq.forall id
            // off-diagonal e^{−(d/r)^1e4} with d/r > 1.01 underflows to 0; the diagonal is e^0 = 1
            let close = atLargeBeta |> Array2D.mapi (fun i j v -> v = identity i j) |> Seq.cast<bool> |> Seq.forall id
            (exact |@ "Θ Gram = I") .&. (close |@ "Gram at β = 1e4 = I")))
