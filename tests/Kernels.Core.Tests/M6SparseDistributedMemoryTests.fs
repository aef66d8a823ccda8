/// SPEC M6: the finite sparse distributed memory (KMN Eq. 13) against its kernel form (Eqs. 14–15):
/// the read field divided by N_φ converges to X_out K(X_in, s) within Monte-Carlo error — the T2 idea
/// (T2SdmConvergenceTests) applied to a whole memory; and writing is immutable and order-free.
module Kernels.Core.Tests.M6SparseDistributedMemoryTests

open System
open FsCheck
open FsCheck.FSharp
open FsCheck.Xunit
open global.Xunit
open AssociativeKernels.Core
open Kernels.Core.Tests.Generators

let private slots = 20000

/// Every component of field/N_φ against the kernel field. Each term φ(ξ^μ)·φ(s)/N_φ is a binomial
/// fraction of N_φ independent addresses with mean K_μ, so the standard deviation of
/// Σ_μ y_i^μ φ(ξ^μ)·φ(s)/N_φ is at most Σ_μ |y_i^μ| √(K_μ(1 − K_μ)/N_φ) (the triangle inequality for
/// standard deviations); allow monteCarloSigmas of it plus one address per term (the discreteness
/// slack of T2).
let private agrees (space: SdmSpace) (inputs: float[][]) (outputs: float[][]) (mem: SparseDistributedMemory) (s: float[]) =
    let field = SparseDistributedMemory.readField mem s |> Array.map (fun h -> h / float slots)
    let k = inputs |> Array.map (fun x -> SparseDistributedMemory.kernel space x s)
    let limit = SparseDistributedMemory.kernelField space inputs outputs s
    Array.init field.Length (fun i ->
        let band =
            Array.fold2 (fun acc (y: float[]) km ->
                acc + abs y.[i] * (Tolerances.monteCarloSigmas * Math.Sqrt(km * (1.0 - km) / float slots) + 1.0 / float slots)) 0.0 outputs k
        (abs (field.[i] - limit.[i]) <= band) |@ sprintf "component %d: finite %g, kernel form %g, band ±%g" i field.[i] limit.[i] band)
    |> Array.fold (fun a p -> a .&. p) (true |@ "start")

[<Property(MaxTest = 100)>]
let ``M6: a finite SDM on the hypercube reads the kernel form's field (K5) as N_φ grows`` () =
    let g = gen {
        let! n = Gen.choose (2, 12)
        let! r = Gen.choose (n / 3, n - 1) |> Gen.map (max 1)
        let! count = Gen.choose (1, 3)
        let! inputs = Gen.arrayOfLength count (bipolarVector n)
        let! outputs = Gen.arrayOfLength count (bipolarVector 3)
        let! q = bipolarVector n
        let! useStored = Gen.elements [ true; false ]
        let! s = seed
        return n, r, inputs, outputs, (if useStored then inputs.[0] else q), s }
    Prop.forAll (arb g) (fun (n, r, inputs, outputs, q, s) ->
        let space = Hypercube r
        let mem = SparseDistributedMemory.writeMany (SparseDistributedMemory.create space s slots n 3) inputs outputs
        agrees space inputs outputs mem q)

[<Property(MaxTest = 100)>]
[<Trait("Category", "Slow")>]
let ``M6: a finite SDM on the hypersphere reads the kernel form's field (K6) as N_φ grows`` () =
    let unit n = gen {
        let! v = Gen.arrayOfLength n (floatIn -1.0 1.0)
        let norm = Math.Sqrt(v |> Array.sumBy (fun x -> x * x))
        return if norm < 1e-3 then Array.init n (fun i -> if i = 0 then 1.0 else 0.0) else v |> Array.map (fun x -> x / norm) }
    let g = gen {
        let! n = Gen.choose (3, 8)
        let! b = floatIn -0.5 0.5
        let! count = Gen.choose (1, 3)
        let! inputs = Gen.arrayOfLength count (unit n)
        let! outputs = Gen.arrayOfLength count (Gen.arrayOfLength 2 (floatIn -1.0 1.0))
        let! q = unit n
        let! s = seed
        return n, b, inputs, outputs, q, s }
    Prop.forAll (arb g) (fun (n, b, inputs, outputs, q, s) ->
        let space = Hypersphere b
        let mem = SparseDistributedMemory.writeMany (SparseDistributedMemory.create space s slots n 2) inputs outputs
        agrees space inputs outputs mem q)

[<Property(MaxTest = 100)>]
let ``M6: writing returns a new memory and the order of writes does not matter`` () =
    let g = gen {
        let! n = Gen.choose (1, 10)
        let! count = Gen.choose (1, 5)
        let! inputs = Gen.arrayOfLength count (bipolarVector n)
        let! outputs = Gen.arrayOfLength count (Gen.arrayOfLength 2 (Gen.choose (-3, 3) |> Gen.map float))
        let! r = Gen.choose (1, n)
        let! s = seed
        return n, r, inputs, outputs, s }
    Prop.forAll (arb g) (fun (n, r, inputs, outputs, s) ->
        let empty = SparseDistributedMemory.create (Hypercube r) s 200 n 2
        let all = SparseDistributedMemory.writeMany empty inputs outputs
        let oneByOne = Array.fold2 SparseDistributedMemory.write empty (Array.rev inputs) (Array.rev outputs)
        // whole-number outputs: the counters are exact integers in any order
        ((all.Counters = oneByOne.Counters) |@ "writeMany = writes in reverse order")
        .&. ((empty.Counters |> Array.forall (Array.forall ((=) 0.0))) |@ "the empty memory is unchanged")
        .&. ((all.Written = inputs.Length) |@ "written count"))

[<Fact>]
let ``M6: the SDM read field counts the addresses shared with each written input (KMN Eq. 13)`` () =
    // N = 3, r = 1 (b = 1): three hand-picked addresses.
    let z = [| [| 1.0; 1.0; 1.0 |]; [| 1.0; 1.0; -1.0 |]; [| -1.0; -1.0; -1.0 |] |]
    let mem = SparseDistributedMemory.withAddresses (Hypercube 1) z 1
    // writing x = (1,1,1) activates addresses 0 and 1 (distances 0 and 1); address 2 is 3 bits away
    let mem = SparseDistributedMemory.write mem [| 1.0; 1.0; 1.0 |] [| 5.0 |]
    Assert.Equal<float[]>([| 1.0; 1.0; 0.0 |], SparseDistributedMemory.activation mem [| 1.0; 1.0; 1.0 |])
    // query (1,1,−1) activates addresses 0 and 1 too: field 5 + 5 = 10, read +1
    Assert.Equal<float[]>([| 10.0 |], SparseDistributedMemory.readField mem [| 1.0; 1.0; -1.0 |])
    Assert.Equal<float[]>([| 1.0 |], SparseDistributedMemory.read mem [| 1.0; 1.0; -1.0 |])
    // query (−1,−1,−1) activates only address 2, which holds nothing: a zero field reads 0 (undecided)
    Assert.Equal<float[]>([| 0.0 |], SparseDistributedMemory.read mem [| -1.0; -1.0; -1.0 |])
