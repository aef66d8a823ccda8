/// SPEC T9: the papers' special cases coincide, state by state — the same retrieval computed through
/// different models' code gives the same state. (UHN(dot, softmax) = modern Hopfield is in
/// UniversalHopfieldProperties.fs, next to the UHN's other properties.)
module Kernels.Core.Tests.T9SpecialCasesProperties

open System
open FsCheck
open FsCheck.FSharp
open FsCheck.Xunit
open Kernels.Core
open Kernels.Core.Tests.Generators

/// ±1 patterns (rows) and a ±1 query of the same length.
let private bipolarMemory =
    gen {
        let! n = Gen.choose (1, 40)
        let! k = Gen.choose (1, 12)
        let! patterns = Gen.arrayOfLength k (bipolarVector n)
        let! q = bipolarVector n
        return patterns, q
    }

[<Property(MaxTest = 200)>]
let ``T9: UHN with dot similarity, identity separation and sign output is the classical Hopfield network`` () =
    // UHN Eq. 1 with sim = dot, sep = id: z = sgn(Σ_μ ξ^μ (ξ^μ·q)) = sgn(T q), T = Σ_μ ξ^μ ξ^μᵀ (DAM Eq. 1,
    // UHN §3.1). On ±1 data every sum is an exact integer, so the states must agree exactly, ties included
    // (both keep the query's component where the field is 0).
    Prop.forAll (arb bipolarMemory) (fun (patterns, q) ->
        let uhn = UniversalHopfield.create { UniversalHopfield.defaultOptions with Output = Sign } Dot Identity patterns
        let hopfield = HopfieldNetwork.create HopfieldRule.Hebbian patterns
        let a = UniversalHopfield.retrieve uhn q
        let b = HopfieldNetwork.updateSynchronous hopfield q
        (a = b) |@ sprintf "UHN %A vs Hopfield %A" a b)

[<Property(MaxTest = 200)>]
let ``T9: UHN with dot similarity and softmax is LAM model B after one step`` () =
    // LAM model B with τ_h → 0 (Eq. 16): v ← ξᵀ softmax(β ξ v), computed by the two-layer network's
    // equilibrium hidden layer and its backward projection; UHN: z = Mᵀ softmax(β M q) (patterns as rows).
    let g = gen {
        let! n = Gen.choose (1, 12)
        let! k = Gen.choose (1, 8)
        let! m = Gen.arrayOfLength k (Gen.arrayOfLength n (floatIn -2.0 2.0))
        let! q = Gen.arrayOfLength n (floatIn -2.0 2.0)
        let! beta = Gen.oneof [ floatIn 0.01 5.0; floatIn 5.0 200.0 ]
        return m, q, beta }
    Prop.forAll (arb g) (fun (m, q, beta) ->
        let uhn = UniversalHopfield.create UniversalHopfield.defaultOptions Dot (Softmax beta) m
        let lam = TwoLayerNetwork.modelB beta m
        let a = UniversalHopfield.retrieve uhn q
        let b = TwoLayerNetwork.adiabaticUpdate lam q
        let w = Kernel.softmax beta m q
        let maxA = m |> Array.map (fun xi -> Array.fold2 (fun s x y -> s + abs (x * y)) 0.0 xi q) |> Array.max
        let ok =
            Array.init a.Length (fun i ->
                let weighted = Array.fold2 (fun s wm (p: float[]) -> s + wm * abs p.[i]) 0.0 w m
                abs (a.[i] - b.[i]) <= Tolerances.softmaxRetrieval a.Length m.Length beta maxA weighted)
            |> Array.forall id
        ok |@ sprintf "UHN %A vs LAM model B %A" a b)
