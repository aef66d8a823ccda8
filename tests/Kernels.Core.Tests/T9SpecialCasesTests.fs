/// SPEC T9: the papers' special cases coincide, state by state — the same retrieval computed through
/// different models' code gives the same state. (UHN(dot, softmax) = modern Hopfield is in
/// M5UniversalHopfieldTests.fs, next to the UHN's other properties.)
module Kernels.Core.Tests.T9SpecialCasesTests

open System
open FsCheck
open FsCheck.FSharp
open FsCheck.Xunit
open AssociativeKernels.Core
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
    Prop.forAll (arb bipolarMemory) (fun (patterns, q) -> Claims.uhnIsClassicalHopfield patterns q |> verdict)

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
    Prop.forAll (arb g) (fun (m, q, beta) -> Claims.uhnSoftmaxIsModelB beta m q |> verdict)

[<Property(MaxTest = 200)>]
let ``T9: the dense memory with F = x² is the kernel memory network with A = 1, θ = 0, k = F′ and the zero-diagonal Hopfield network, sweep by sweep`` () =
    // The derivation (DAM Eq. 4 with F = x² against KMN Eq. 12 and the zero-diagonal Hopfield field) is
    // Claims.denseIsKernelNetworkAndHopfield's: integer arithmetic on ±1 data, so the trajectories must be identical.
    let g = gen {
        let! patterns, s0 = bipolarMemory
        let! seed = seed
        return patterns, s0, seed }
    Prop.forAll (arb g) (fun (patterns, s0, seed) -> Claims.denseIsKernelNetworkAndHopfield seed patterns s0 |> verdict)

[<Property(MaxTest = 100)>]
let ``T9: the sparse distributed memory is the feature-form network with A = 1 and θ = 0`` () =
    // KMN Eq. 13 vs Eq. 5: s_out = sgn[X_out Θ(Z X_in − b)ᵀ Θ(Z s_in − b)] is Eq. 5 with φ_SDM = Θ(Z x − b),
    // A = 1, θ = 0. Both fields are sums of counts times ±1 (exact), so they must agree exactly; the two
    // models' readouts differ only in how they report a zero field, which is compared separately.
    let g = gen {
        let! n = Gen.choose (2, 16)
        let! r = Gen.choose (1, n - 1)
        let! m = Gen.choose (1, 6)
        let! nOut = Gen.choose (1, 5)
        let! inputs = Gen.arrayOfLength m (bipolarVector n)
        let! outputs = Gen.arrayOfLength m (bipolarVector nOut)
        let! q = bipolarVector n
        let! s = seed
        return n, r, inputs, outputs, q, s }
    Prop.forAll (arb g) (fun (_, r, inputs, outputs, q, s) -> Claims.sdmIsFeatureNetwork r s inputs outputs q |> verdict)
