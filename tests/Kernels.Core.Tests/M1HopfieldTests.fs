/// SPEC M1 (classical Hopfield: Hebbian, pseudoinverse and hetero-association), the bad-input contract
/// of M1/M2, and the seeded simulations behind `akern simulate dam-stability` / `hopfield-retrieval`
/// checked against the models they shortcut and against an exact binomial tail.
module Kernels.Core.Tests.M1HopfieldTests

open System
open FsCheck
open FsCheck.FSharp
open FsCheck.Xunit
open global.Xunit
open AssociativeKernels.Core
open Kernels.Core.Tests.Generators

/// K ∈ [1, 10] ±1 patterns of dimension N ∈ [1, 12], with duplicated and negated patterns mixed in so
/// that the pattern matrix is often rank deficient (and K > N happens).
let private rankDeficient =
    gen {
        let! n = Gen.choose (1, 12)
        let! k = Gen.choose (1, 10)
        let! ps = Gen.arrayOfLength k (bipolarVector n)
        let! copies = Gen.arrayOfLength k (Gen.elements [ 0; 0; 1; 2 ])
        let ps =
            ps |> Array.mapi (fun mu p ->
                match copies.[mu] with
                | 1 when mu > 0 -> Array.copy ps.[0]
                | 2 when mu > 0 -> Array.map (fun x -> -x) ps.[0]
                | _ -> p)
        return ps }

let private rank (ps: float[][]) =
    MathNet.Numerics.LinearAlgebra.Matrix<float>.Build.DenseOfRowArrays(ps).Rank()

[<Property(MaxTest = 200)>]
let ``KMN App. D: under the pseudoinverse rule every stored pattern is a fixed point, at rank deficiency too`` () =
    Prop.forAll (arb rankDeficient) (fun ps ->
        let net = HopfieldNetwork.create HopfieldRule.Pseudoinverse ps
        // T is the projector onto span{ξ^μ}: Tξ = ξ, so sgn(Tξ) = ξ both synchronously and neuron by neuron.
        let fixedSync = ps |> Array.forall (fun p -> HopfieldNetwork.updateSynchronous net p = p)
        let fixedAsync = ps |> Array.forall (fun p -> HopfieldNetwork.sweep net (Array.init p.Length id) p = p)
        // T = Tᵀ = T², trace T = rank (a check that the SVD tolerance kept the right singular values)
        let w = net.Weights
        let n = ps.[0].Length
        let t2 = Array2D.init n n (fun i j -> Seq.sum (seq { for l in 0 .. n - 1 -> w.[i, l] * w.[l, j] }))
        let tol = 1e-12 * float n
        let projector = Seq.forall id (seq { for i in 0 .. n - 1 do for j in 0 .. n - 1 -> abs (t2.[i, j] - w.[i, j]) <= tol && w.[i, j] = w.[j, i] })
        let trace = Seq.sum (seq { for i in 0 .. n - 1 -> w.[i, i] })
        (fixedSync |@ "a stored pattern moved under the synchronous update")
        .&. (fixedAsync |@ "a stored pattern moved under an asynchronous sweep")
        .&. (projector |@ "T is not a symmetric projector")
        .&. (abs (trace - float (rank ps)) <= tol |@ sprintf "trace %g vs rank %d" trace (rank ps)))

[<Property(MaxTest = 100)>]
let ``Hetero pseudoinverse: every key maps to its value when the keys are linearly independent`` () =
    let g = gen {
        let! ni = Gen.choose (4, 12)
        let! no = Gen.choose (1, 10)
        let! k = Gen.choose (1, 4)
        let! keys = Gen.arrayOfLength k (bipolarVector ni)
        let! values = Gen.arrayOfLength k (bipolarVector no)
        return keys, values }
    Prop.forAll (arb g) (fun (keys, values) ->
        rank keys = keys.Length ==> lazy (
            let net = HopfieldNetwork.createHetero HopfieldRule.Pseudoinverse keys values
            Array.forall2 (fun k v -> HopfieldNetwork.associate net k = v) keys values))

[<Fact>]
let ``Hetero Hebbian: W = Pᵀ X, so a query of the keys' dimension gives a vector of the values' dimension`` () =
    let keys = [| [| 1.0; -1.0; 1.0; -1.0 |]; [| 1.0; 1.0; -1.0; -1.0 |] |] // orthogonal keys
    let values = [| [| 1.0; 1.0 |]; [| -1.0; 1.0 |] |]
    let net = HopfieldNetwork.createHetero HopfieldRule.Hebbian keys values
    Assert.Equal(4, net.InputDimension)
    Assert.Equal(2, net.OutputDimension)
    // W = Σ p ξᵀ; W ξ¹ = p¹·4 + p²·(ξ²·ξ¹) = 4 p¹
    Assert.Equal<float[]>([| 4.0; 4.0 |], HopfieldNetwork.field net keys.[0])
    Assert.Equal<float[]>(values.[0], HopfieldNetwork.associate net keys.[0])
    Assert.Equal<float[]>(values.[1], HopfieldNetwork.associate net keys.[1])

[<Fact>]
let ``Hebbian weights are Σ ξξᵀ (DAM Eq. 1), with the diagonal zeroed on request`` () =
    let ps = [| [| 1.0; -1.0; 1.0 |]; [| 1.0; 1.0; -1.0 |] |]
    let t = (HopfieldNetwork.create HopfieldRule.Hebbian ps).Weights
    Assert.Equal(2.0, t.[0, 0]); Assert.Equal(0.0, t.[0, 1]); Assert.Equal(-2.0, t.[1, 2])
    let t0 = (HopfieldNetwork.create HopfieldRule.HebbianZeroDiagonal ps).Weights
    Assert.Equal(0.0, t0.[0, 0]); Assert.Equal(-2.0, t0.[1, 2])
    // E = −½ sᵀTs = −½ Σ_μ (ξ^μ·s)² at s = ξ¹: −½ (3² + 1²) = −5
    Assert.Equal(-5.0, HopfieldNetwork.energy (HopfieldNetwork.create HopfieldRule.Hebbian ps) ps.[0])

[<Fact>]
let ``Synchronous iteration reports a period-2 cycle where one exists`` () =
    // T = [[0, 1], [1, 0]] from ξ = (1, 1) with zero diagonal: (1, −1) → (−1, 1) → (1, −1).
    let net = HopfieldNetwork.create HopfieldRule.HebbianZeroDiagonal [| [| 1.0; 1.0 |] |]
    let r = HopfieldNetwork.iterateSynchronous net 10 [| 1.0; -1.0 |]
    Assert.Equal(Cycle 2, r.Ending)
    let a = HopfieldNetwork.iterateAsynchronous net Sequential 10 [| 1.0; -1.0 |]
    Assert.Equal(Converged, a.Ending)
    Assert.Equal<float[]>([| -1.0; -1.0 |], a.State)

// ---- bad input --------------------------------------------------------------------------------------

[<Fact>]
let ``Bad input to the Hopfield and dense memories gives errors naming the parameter`` () =
    let ok = [| [| 1.0; -1.0; 1.0 |]; [| 1.0; 1.0; -1.0 |] |]
    let net = HopfieldNetwork.create HopfieldRule.Hebbian ok
    let mem = DenseMemory.create (DenseEnergy.Polynomial 3) ok
    Expect.throwsNaming "patterns[1]" (fun () -> HopfieldNetwork.create HopfieldRule.Hebbian [| [| 1.0; -1.0 |]; [| 1.0; 0.5 |] |])
    Expect.throwsNaming "patterns[1]" (fun () -> HopfieldNetwork.create HopfieldRule.Hebbian [| [| 1.0; -1.0 |]; [| 1.0 |] |])
    Expect.throwsNaming "patterns" (fun () -> HopfieldNetwork.create HopfieldRule.Pseudoinverse [||])
    Expect.throwsNaming "patterns[0]" (fun () -> DenseMemory.create DenseEnergy.Exponential [| [| nan; 1.0 |] |])
    Expect.throwsNaming "patterns[0]" (fun () -> DenseMemory.create DenseEnergy.Exponential [| [| infinity; 1.0 |] |])
    Expect.throwsNaming "n" (fun () -> DenseMemory.create (DenseEnergy.Polynomial 0) ok)
    Expect.throwsNaming "s" (fun () -> HopfieldNetwork.updateSynchronous net [| 1.0; 1.0 |])
    Expect.throwsNaming "s" (fun () -> HopfieldNetwork.energy net [| 1.0; 1.0; 1.0; 1.0 |])
    Expect.throwsNaming "s" (fun () -> HopfieldNetwork.updateSynchronous net [| 1.0; 0.0; 1.0 |])
    Expect.throwsNaming "q" (fun () -> HopfieldNetwork.associate net [| 1.0; nan; 1.0 |])
    Expect.throwsNaming "sigma" (fun () -> DenseMemory.updateNeuron mem [| 1.0; 1.0 |] 0)
    Expect.throwsNaming "sigma" (fun () -> DenseMemory.updateNeuron mem [| 1.0; 0.3; 1.0 |] 0)
    Expect.throwsNaming "i" (fun () -> DenseMemory.updateNeuron mem [| 1.0; 1.0; 1.0 |] 3)
    Expect.throwsNaming "values" (fun () -> HopfieldNetwork.createHetero HopfieldRule.Hebbian ok [| [| 1.0 |] |])
    Expect.throwsNaming "values" (fun () -> HopfieldNetwork.createHetero HopfieldRule.Pseudoinverse ok [| [| 1.0 |]; [| 1.0 |]; [| -1.0 |] |])
    Expect.throwsNaming "rule" (fun () -> HopfieldNetwork.createHetero HopfieldRule.HebbianZeroDiagonal ok ok)
    Expect.throwsNaming "network" (fun () -> HopfieldNetwork.energy (HopfieldNetwork.createHetero HopfieldRule.Hebbian ok [| [| 1.0 |]; [| -1.0 |] |]) [| 1.0; 1.0; 1.0 |])
    Expect.throwsNaming "v" (fun () -> DenseMemory.classify mem 1 1.0 -1.0 [| 1.0 |])
    Expect.throwsNaming "labelCount" (fun () -> DenseMemory.classify mem 3 1.0 -1.0 [||])
    Expect.throwsNaming "beta" (fun () -> DenseMemory.classify mem 1 0.0 -1.0 [| 1.0; 1.0 |])

// ---- simulations --------------------------------------------------------------------------------------

[<Property(MaxTest = 100)>]
let ``dam-stability's O(K) shortcut equals one DenseMemory Eq. 4 update per bit`` () =
    let g = gen {
        let! n = Gen.choose (1, 6)
        let! nN = Gen.choose (1, 12)
        let! k = Gen.choose (1, 6)
        let! seed = seed
        return n, nN, k, seed }
    Prop.forAll (arb g) (fun (n, nN, k, seed) ->
        let fraction = DamStability.trial (Random seed) n nN k
        // regenerate the same patterns (same draws in the same order) and update bit by bit
        let rng = Random seed
        let xi = Array.init k (fun _ -> Sampling.bipolarVector rng nN 0.5)
        let mem = DenseMemory.create (DenseEnergy.Polynomial n) xi
        let unstable =
            Seq.sum (seq { for p in xi do for i in 0 .. nN - 1 -> if (DenseMemory.updateNeuron mem p i).[i] <> p.[i] then 1 else 0 })
        fraction = float unstable / float (nN * k))

[<Property(MaxTest = 100)>]
let ``hopfield-retrieval's overlap bookkeeping equals HopfieldNetwork's zero-diagonal asynchronous sweeps`` () =
    let g = gen {
        let! nN = Gen.choose (2, 30)
        // α ≥ 1/N, so K = round(αN) ≥ 1 (a smaller α stores no pattern and is refused; see the next property)
        let! alpha = floatIn (1.0 / float nN) 0.5
        let! flip = floatIn 0.0 0.5
        let! seed = seed
        return nN, alpha, flip, seed }
    Prop.forAll (arb g) (fun (nN, alpha, flip, seed) ->
        let overlap = HopfieldRetrieval.trial (Random seed) nN alpha flip 1000
        // the same draws: patterns, start flips, then one Fisher–Yates permutation per sweep
        let rng = Random seed
        let k = HopfieldRetrieval.patternCount nN alpha
        let xi = Array.init k (fun _ -> Sampling.bipolarVector rng nN 0.5)
        let s0 = xi.[0] |> Array.map (fun x -> if rng.NextDouble() < flip then -x else x)
        let net = HopfieldNetwork.create HopfieldRule.HebbianZeroDiagonal xi
        let order = Array.init nN id
        let mutable s = s0
        let mutable changed = true
        while changed do
            for i in nN - 1 .. -1 .. 1 do
                let j = rng.Next(i + 1)
                let t = order.[i]
                order.[i] <- order.[j]
                order.[j] <- t
            let next = HopfieldNetwork.sweep net order s
            changed <- next <> s
            s <- next
        overlap = (Array.fold2 (fun a x y -> a + x * y) 0.0 xi.[0] s) / float nN)


[<Fact>]
let ``hopfield-retrieval refuses a load that stores no pattern rather than raising K to 1`` () =
    // round(0.01 · 10) = 0 and round(0.049 · 10) = 0: refused naming alpha; round(0.05 · 10) = 1 (half away from zero).
    for alpha in [ 0.01; 0.049 ] do
        let e = Assert.ThrowsAny<ArgumentOutOfRangeException>(fun () -> HopfieldRetrieval.patternCount 10 alpha |> ignore)
        Assert.Equal("alpha", e.ParamName)
    Assert.Equal(1, HopfieldRetrieval.patternCount 10 0.05)
    Assert.Equal(3, HopfieldRetrieval.patternCount 10 0.25)
    Assert.ThrowsAny<ArgumentOutOfRangeException>(fun () -> HopfieldRetrieval.patternCount 100000 1e300 |> ignore) |> ignore

[<Fact>]
let ``dam-stability at n = 2 matches the exact binomial tail within Monte-Carlo error`` () =
    // n = 2: ξ_i^μ × (Eq. 4 argument) = 4(N − 1) + 4S with S a sum of (K − 1)(N − 1) independent ±1
    // terms ξ_i^μ ξ_i^ν ξ_j^ν ξ_j^μ (ν ≠ μ, j ≠ i); the bit flips iff S < −(N − 1) (S = −(N − 1) is a tie
    // and keeps it). N = 100, K = 10: S ~ 2·Bin(891, ½) − 891, P = P(Bin(891, ½) ≤ 395) = 3.992e-4, summed
    // exactly in integers below.
    let total = Numerics.BigInteger.Pow(Numerics.BigInteger 2, 891)
    let mutable tail = Numerics.BigInteger.Zero
    let mutable c = Numerics.BigInteger.One // C(891, k), built up exactly
    for k in 0 .. 395 do
        tail <- tail + c
        c <- c * Numerics.BigInteger(891 - k) / Numerics.BigInteger(k + 1)
    let exact = Math.Exp(Numerics.BigInteger.Log tail - Numerics.BigInteger.Log total)
    let s = Statistics.summarize (DamStability.run 7 2 100 10 2000 ignore)
    Assert.True(abs (s.Mean - exact) <= Tolerances.monteCarloSigmas * s.Sem,
                sprintf "simulated %g ± %g, exact %g" s.Mean s.Sem exact)
