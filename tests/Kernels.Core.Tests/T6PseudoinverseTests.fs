/// SPEC T6 (KMN Property 4, Eq. 20; App. D, Eqs. 52–55): the stored patterns are fixed points of the
/// continuous interpolation network s ← X K^† K(X, s) and of the generalized pseudoinverse rule
/// s ← sgn(X K^† K(X, s)) — also when K is rank deficient (duplicated patterns, more patterns than the
/// feature dimension), because K^† comes from an SVD.
module Kernels.Core.Tests.T6PseudoinverseTests

open System
open FsCheck
open FsCheck.FSharp
open FsCheck.Xunit
open MathNet.Numerics.LinearAlgebra
open AssociativeKernels.Core
open Kernels.Core.Tests.Generators
open global.Xunit

/// Kernels whose feature map contains x itself (linear, inhomogeneous polynomial, exponential) or that
/// are strictly positive definite (Exp-β): for these the null space of K = Φᵀ Φ is killed by X, which is
/// what Property 4 needs when K is singular (X K^† K = X).
/// Each with c, the norm of the linear read-out x = Wᵀφ(x): the feature map of (x·y + 1)^p holds √p x,
/// that of exp(βx·y) holds √β x, so c = 1/√p, 1/√β (1 for linear); 0 for Exp-β (strictly positive
/// definite, nothing is truncated unless patterns coincide exactly).
let private kernels : (string * (float[] -> float[] -> float) * float) list =
    [ "linear", Kernel.linear, 1.0
      "polynomial(2, 1)", Kernel.polynomial 2 1.0, 1.0 / sqrt 2.0
      "polynomial(3, 1)", Kernel.polynomial 3 1.0, 1.0 / sqrt 3.0
      "exponential(0.2)", Kernel.exponential 0.2, 1.0 / sqrt 0.2
      "Exp-β(1.5, 3)", (fun x y -> (Kernel.expBeta 1.5 3.0 x y).Value), 0.0 ]

/// Patterns with duplicates on purpose: M ∈ [1, 9] rows of dimension N ∈ [1, 6], each row either fresh
/// or a copy of an earlier one, so M > N (rank deficient for the linear kernel) and repeated rows are common.
let private patternsWithDuplicates (entry: Gen<float[]>) =
    gen {
        let! m = Gen.choose (1, 9)
        let! fresh = Gen.arrayOfLength m entry
        let! picks = Gen.arrayOfLength m (Gen.frequency [ 3, Gen.constant -1; 1, Gen.choose (0, m - 1) ])
        return fresh |> Array.mapi (fun mu row -> let p = picks.[mu] in if p >= 0 && p < mu then fresh.[p] else row)
    }

[<Property(MaxTest = 150)>]
let ``T6 (Property 4): every stored pattern is a fixed point of s ← X K^† K(X, s), rank-deficient K included`` () =
    let g = gen {
        let! n = Gen.choose (1, 6)
        let! x = patternsWithDuplicates (floatIn -1.5 1.5 |> Gen.arrayOfLength n)
        let! ki = Gen.choose (0, kernels.Length - 1)
        return x, ki }
    Prop.forAll (arb g) (fun (x, ki) ->
        let name, k, readout = kernels.[ki]
        Claims.interpolationFixedPoints k readout x |> verdict |@ name)

[<Property(MaxTest = 150)>]
let ``T6 (Eqs. 52, 54): every stored ±1 pattern is a fixed point of the generalized pseudoinverse rule sgn(X K^† K(X, s))`` () =
    let g = gen {
        let! n = Gen.choose (2, 10)
        let! x = patternsWithDuplicates (bipolarVector n)
        let! ki = Gen.choose (0, kernels.Length - 1)
        return x, ki }
    Prop.forAll (arb g) (fun (x, ki) ->
        let name, k, _ = kernels.[ki]
        Claims.signRuleFixedPoints k x |> verdict |@ name)

[<Fact>]
let ``T6 (App. D): with the linear kernel and independent patterns the rule is the classical pseudoinverse X X^†`` () =
    // Two orthogonal patterns in R³: X X^† is the projector onto their span, so (1, 1, 1) maps to (1, 1, 0).
    let x = [| [| 1.0; 1.0; 0.0 |]; [| 1.0; -1.0; 0.0 |] |]
    let net = InterpolationNetwork.create Kernel.linear x
    let s = InterpolationNetwork.step net [| 1.0; 1.0; 1.0 |]
    Assert.Equal(1.0, s.[0], 14)
    Assert.Equal(1.0, s.[1], 14)
    Assert.Equal(0.0, s.[2], 14)
    Assert.Equal(2, net.Rank)

[<Fact>]
let ``Singular K where an inverse is needed: the Exp-β network rejects duplicated patterns and points to the pseudoinverse`` () =
    let x = [| [| 0.5; 1.0 |]; [| -1.0; 2.0 |]; [| 0.5; 1.0 |] |]
    let e = Assert.ThrowsAny<ArgumentException>(fun () -> ExpBetaNetwork.create 2.0 1.0 x |> ignore)
    Assert.Equal("patterns", e.ParamName)
    Assert.Contains("singular", e.Message)
    Assert.Contains("pseudoinverse", e.Message)
    Assert.Contains("patterns[0] and patterns[2]", e.Message)
    // The pseudoinverse network takes the same patterns and keeps them fixed.
    let net = InterpolationNetwork.create (fun a b -> (Kernel.expBeta 2.0 1.0 a b).Value) x
    Assert.Equal(2, net.Rank)
    let s = InterpolationNetwork.step net x.[0]
    Assert.True(abs (s.[0] - 0.5) < 1e-12 && abs (s.[1] - 1.0) < 1e-12)

[<Fact>]
let ``Bad input: empty memory, ragged rows, NaN, wrong query dimension, non-±1 state for the sign rule`` () =
    Expect.throwsNaming "patterns" (fun () -> InterpolationNetwork.create Kernel.linear [||])
    Expect.throwsNaming "patterns" (fun () -> InterpolationNetwork.create Kernel.linear [| [| 1.0; 2.0 |]; [| 1.0 |] |])
    Expect.throwsNaming "patterns[1]" (fun () -> InterpolationNetwork.create Kernel.linear [| [| 1.0 |]; [| nan |] |])
    let net = InterpolationNetwork.create Kernel.linear [| [| 1.0; -1.0 |] |]
    Expect.throwsNaming "s" (fun () -> InterpolationNetwork.step net [| 1.0 |])
    Expect.throwsNaming "s" (fun () -> InterpolationNetwork.signStep net [| 1.0; 0.3 |])
    Expect.throwsNaming "beta" (fun () -> ExpBetaNetwork.create 0.0 1.0 [| [| 1.0 |] |])
    Expect.throwsNaming "r" (fun () -> ExpBetaNetwork.zeroTemperature -1.0 [| [| 1.0 |] |])
