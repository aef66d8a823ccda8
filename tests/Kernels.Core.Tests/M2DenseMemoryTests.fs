/// SPEC T8 (energy descent of the classical and dense asynchronous updates), T10 (XOR, DAM §3) and
/// T12 (the DAM duality of §5) for the models of src/Models/Hopfield.fs and DenseMemory.fs.
module Kernels.Core.Tests.M2DenseMemoryTests

open System
open FsCheck
open FsCheck.FSharp
open FsCheck.Xunit
open global.Xunit
open AssociativeKernels.Core
open Kernels.Core.Tests.Generators

/// K ∈ [1, 8] ±1 patterns of dimension N ∈ [1, 16], a ±1 start state and a seed for the sweep order.
let private bipolarCase =
    gen {
        let! n = Gen.frequency [ 2, Gen.choose (1, 3); 5, Gen.choose (4, 16) ]
        let! k = Gen.choose (1, 8)
        let! ps = Gen.arrayOfLength k (bipolarVector n)
        // duplicated patterns on purpose, now and then
        let! dup = Gen.elements [ false; false; true ]
        let ps = if dup && k >= 2 then Array.append ps.[0 .. k - 2] [| ps.[0] |] else ps
        let! s = bipolarVector n
        let! seed = seed
        return ps, s, seed }

// ---- T8 -------------------------------------------------------------------------------------------

/// The claim and its derivation are Claims.hopfieldEnergyDescent (symmetric T, T_ii ≥ 0; exact on ±1 data).
[<Property(MaxTest = 150)>]
let ``T8: asynchronous updates never raise the classical Hopfield energy −½ sᵀTs (symmetric T, T_ii ≥ 0)`` () =
    Prop.forAll (arb (Gen.zip bipolarCase (Gen.elements [ HopfieldRule.HebbianZeroDiagonal; HopfieldRule.Hebbian ]))) (fun ((ps, s0, seed), rule) ->
        Claims.hopfieldEnergyDescent rule seed ps s0 |> verdict)

let private denseFunctions =
    Gen.oneof [
        Gen.choose (1, 8) |> Gen.map DenseEnergy.Polynomial
        Gen.choose (1, 8) |> Gen.map DenseEnergy.RectifiedPolynomial
        Gen.constant DenseEnergy.Exponential ]

/// The Eq. 4 update sets σ_i to the value of lower energy with the others fixed (its argument is
/// E(σ_i = −1) − E(σ_i = +1)), a tie keeping σ_i, so no update raises E. Checked at every single-neuron
/// update of full runs to a fixed point, for F = xⁿ and ReP_n with n = 1…8 and F = eˣ, up to the
/// rounding bound of Tolerances.denseEnergyComparison.
[<Property(MaxTest = 200)>]
let ``T8: asynchronous updates never raise the dense-memory energy (every F, every n)`` () =
    Prop.forAll (arb (Gen.zip bipolarCase denseFunctions)) (fun ((ps, s0, seed), f) ->
        Claims.denseEnergyDescent f seed ps s0 |> verdict |@ sprintf "%A" f)

[<Property(MaxTest = 100)>]
let ``T8: a dense-memory run to a fixed point reports convergence and ends at a state no update changes`` () =
    Prop.forAll (arb (Gen.zip bipolarCase denseFunctions)) (fun ((ps, s0, seed), f) ->
        let mem = DenseMemory.create f ps
        let result = DenseMemory.iterate mem (Shuffled seed) 500 s0
        (result.Ending = Converged |@ sprintf "ending %A" result.Ending)
        .&. (Array.init s0.Length id |> Array.forall (fun i -> DenseMemory.updateNeuron mem result.State i = result.State)
             |@ "final state is not a fixed point"))

// ---- T10 ------------------------------------------------------------------------------------------

/// The four XOR triplets (x, y, z = XOR) of DAM Table 1 in ±1, z = +1 exactly when x ≠ y, i.e. z = −xy.
let private xorMemories = [| [| -1.0; -1.0; -1.0 |]; [| -1.0; 1.0; 1.0 |]; [| 1.0; -1.0; 1.0 |]; [| 1.0; 1.0; -1.0 |] |]
let private inputs = [ -1.0, -1.0; -1.0, 1.0; 1.0, -1.0; 1.0, 1.0 ]

/// "Solved" (DAM §3), as Claims.solvesXor defines it: one Eq. 4 update of the output neuron gives XOR(x, y) from
/// both starts z0 = ±1, for all four inputs.
let private solves (f: DenseEnergy) = Claims.solvesXor f

[<Fact>]
let ``T10: XOR is solved by F = xⁿ for odd n ≥ 3 and not for n = 1, 2 (nor any even n)`` () =
    for n in 1 .. 15 do
        let expected = n >= 3 && n % 2 = 1
        Assert.True((solves (DenseEnergy.Polynomial n) = expected), sprintf "F = x^%d: solved should be %b" n expected)

[<Fact>]
let ``T10: for n = 1, 2 (and every even n) the XOR energy does not depend on z, so the update keeps the start value`` () =
    for n in [ 1; 2; 4; 6; 8 ] do
        let mem = DenseMemory.create (DenseEnergy.Polynomial n) xorMemories
        for (x, y) in inputs do
            Assert.Equal(0.0, DenseMemory.energyDifference mem [| x; y; 1.0 |] 2)
            for z0 in [ -1.0; 1.0 ] do Assert.Equal(z0, (DenseMemory.updateNeuron mem [| x; y; z0 |] 2).[2])

/// DAM Eqs. 7–8 re-derived on the cube: E_n(x, y, z) = −(−x−y−z)ⁿ − (−x+y+z)ⁿ − (x−y+z)ⁿ − (x+y−z)ⁿ.
/// At (1, 1, 1) the four overlaps are −3, 1, 1, 1, so C_n = E_n(1, 1, 1) = −(−3)ⁿ − 3: for odd n,
/// E = (3ⁿ − 3)xyz; for even n, E = −(3ⁿ + 3) everywhere; n = 1 gives 0.
[<Fact>]
let ``T10: the XOR energy is C_n·xyz for odd n and constant for even n (DAM Eq. 8)`` () =
    for n in 1 .. 12 do
        let mem = DenseMemory.create (DenseEnergy.Polynomial n) xorMemories
        let c = if n % 2 = 1 then Math.Pow(3.0, float n) - 3.0 else -(Math.Pow(3.0, float n) + 3.0)
        for (x, y) in inputs do
            for z in [ -1.0; 1.0 ] do
                let expected = if n % 2 = 1 then c * x * y * z else c
                Assert.Equal(expected, DenseMemory.energy mem [| x; y; z |])

[<Fact>]
let ``T10: XOR is solved by rectified polynomials ReP_n for every n ≥ 2 (n = 1 ties)`` () =
    // n = 1 is not a claim of the paper: at (−1, −1) the ReLU energies of z = ±1 are both −3 (overlaps
    // 3, −1, −1, −1 against 1, 1, 1, −3), so the update keeps z0 and cannot solve XOR.
    Assert.False(solves (DenseEnergy.RectifiedPolynomial 1))
    for n in 2 .. 15 do
        Assert.True(solves (DenseEnergy.RectifiedPolynomial n), sprintf "ReP_%d should solve XOR" n)

[<Fact>]
let ``T10: K = 4 memories in N = 3 neurons (K > N) and exponential F solves XOR too`` () =
    Assert.True(solves DenseEnergy.Exponential)

// ---- T12 ------------------------------------------------------------------------------------------

let private dualityCase =
    gen {
        let! nv = Gen.choose (1, 8)
        let! nc = Gen.choose (1, 4)
        let! k = Gen.choose (1, 8)
        let! mems = Gen.arrayOfLength k (Gen.arrayOfLength (nv + nc) (floatIn -1.0 1.0))
        let! v = Gen.arrayOfLength nv (floatIn -1.0 1.0)
        let! f = Gen.oneof [
                    Gen.choose (1, 5) |> Gen.map DenseEnergy.Polynomial
                    Gen.choose (2, 5) |> Gen.map DenseEnergy.RectifiedPolynomial
                    Gen.constant DenseEnergy.Exponential ]
        return mems, nc, v, f }

/// DAM §5 at ε = 10⁻⁶: the claim and its first-order bound are Claims.damDuality's (derived there).
[<Property(MaxTest = 200)>]
let ``T12: the one-step update with labels at −ε → 0 equals the one-hidden-layer network with f = F′ (DAM Eqs. 10–11)`` () =
    Prop.forAll (arb dualityCase) (fun (mems, nc, v, f) -> Claims.damDuality f 1e-6 nc mems v |> verdict)

[<Fact>]
let ``T12: Eq. 9 with labels at −ε against its closed form, and the gap to the dual network is first order in ε`` () =
    // F = x³, one memory: visible part (0.1, 0.1), labels (0.5, 0.5); v = (1, 1), so h = 0.2, ξ_α = 0.5 and
    // S = 0.5. The two Eq. 9 arguments are h − εS ± εξ_α = 0.2 and 0.2 − ε, so the pre-activation is
    // (0.2³ − (0.2 − ε)³)/(2ε) = 0.06 − 0.3ε + 0.5ε², while the dual's is ξ_α F′(h) = 0.5·3·0.04 = 0.06.
    let mem = DenseMemory.create (DenseEnergy.Polynomial 3) [| [| 0.1; 0.1; 0.5; 0.5 |] |]
    let d = DenseMemory.dual mem 2 [| 1.0; 1.0 |]
    Assert.Equal(Math.Tanh 0.06, d.[0], 15)
    for epsilon in [ 1e-1; 1e-2; 1e-3; 1e-4 ] do
        let c = DenseMemory.classify mem 2 (1.0 / (2.0 * epsilon)) -epsilon [| 1.0; 1.0 |]
        let expected = Math.Tanh(0.06 - 0.3 * epsilon + 0.5 * epsilon * epsilon)
        // rounding: β·(a few ulps of 0.008) ≤ 1e-13 at ε = 1e-4
        Assert.True(abs (c.[0] - expected) <= 1e-12, sprintf "ε = %g: %.17g vs %.17g" epsilon c.[0] expected)
        Assert.True(c.[1] = c.[0])
