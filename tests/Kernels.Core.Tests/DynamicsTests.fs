/// The shared model vocabulary: iteration to a fixed point reports how it ended, sweeps visit every
/// neuron once, and pattern validation names what is wrong.
module Kernels.Core.Tests.DynamicsTests

open System
open FsCheck
open FsCheck.FSharp
open FsCheck.Xunit
open global.Xunit
open AssociativeKernels.Core
open Kernels.Core.Tests.Generators

[<Fact>]
let ``iteration reports convergence, a cycle with its period, or the step limit`` () =
    // halving converges to 0 within the tolerance
    let halve = Dynamics.toFixedPoint (Array.map (fun x -> x / 2.0)) 1e-9 1000 [| 1.0 |]
    Assert.Equal(Converged, halve.Ending)
    Assert.True(abs halve.State.[0] <= 1e-9)
    // negation of a ±1 state cycles with period 2
    let flip = Dynamics.toFixedPoint (Array.map (fun x -> -x)) 0.0 100 [| 1.0; -1.0 |]
    Assert.Equal(Cycle 2, flip.Ending)
    Assert.Equal(2, flip.Steps)
    // a rotation of three states cycles with period 3
    let rotate = Dynamics.toFixedPoint (fun (s: float[]) -> [| s.[2]; s.[0]; s.[1] |]) 0.0 100 [| 1.0; 2.0; 3.0 |]
    Assert.Equal(Cycle 3, rotate.Ending)
    // counting up never repeats: the step limit
    let count = Dynamics.toFixedPoint (Array.map (fun x -> x + 1.0)) 0.0 7 [| 0.0 |]
    Assert.Equal(StepLimit, count.Ending)
    Assert.Equal(7, count.Steps)
    Assert.Equal(7.0, count.State.[0])

[<Property(MaxTest = 100)>]
let ``every sweep visits each neuron exactly once, and a seed gives the same sweeps`` () =
    Prop.forAll (arb (Gen.zip (Gen.choose (1, 40)) seed)) (fun (n, s) ->
        let take order = Dynamics.sweeps order n |> Seq.take 3 |> Array.ofSeq
        let isPermutation (p: int[]) = Array.sort (Array.copy p) = Array.init n id
        let shuffled = take (Shuffled s)
        (Array.forall isPermutation shuffled |@ "shuffled sweeps are permutations")
        .&. ((take (Shuffled s) = shuffled) |@ "same seed, same sweeps")
        .&. ((take Sequential |> Array.forall (fun p -> p = Array.init n id)) |@ "sequential order"))

[<Fact>]
let ``the sign update keeps the current value on a tie`` () =
    Assert.Equal(1.0, Dynamics.sign -1.0 0.5)
    Assert.Equal(-1.0, Dynamics.sign 1.0 -0.5)
    Assert.Equal(-1.0, Dynamics.sign -1.0 0.0)
    Assert.Equal(1.0, Dynamics.sign 1.0 0.0)

[<Fact>]
let ``pattern validation names the offending pattern and parameter`` () =
    let ragged = Assert.Throws<ArgumentException>(fun () -> Patterns.check "patterns" [| [| 1.0; 2.0 |]; [| 1.0 |] |] |> ignore)
    Assert.Contains("patterns[1]", ragged.Message)
    Assert.Throws<ArgumentException>(fun () -> Patterns.check "patterns" [||] |> ignore) |> ignore
    let nan = Assert.Throws<ArgumentOutOfRangeException>(fun () -> Patterns.check "patterns" [| [| 1.0; nan |] |] |> ignore)
    Assert.Contains("patterns[0][1]", nan.Message)
    let notBipolar = Assert.Throws<ArgumentOutOfRangeException>(fun () -> Patterns.checkBipolar "patterns" [| [| 1.0; 0.5 |] |] |> ignore)
    Assert.Contains("+1 or -1", notBipolar.Message)
    let wrongLength = Assert.Throws<ArgumentException>(fun () -> Patterns.checkState "query" 3 [| 1.0; 1.0 |])
    Assert.Equal("query", wrongLength.ParamName)
    Assert.Throws<ArgumentException>(fun () -> Dynamics.sweeps (Fixed [| 0; 0 |]) 2 |> Seq.head |> ignore) |> ignore
