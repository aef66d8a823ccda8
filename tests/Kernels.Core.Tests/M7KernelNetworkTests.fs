/// SPEC M7: the kernel-form network record — its field against the formulas written out by hand, the
/// feature form (Eq. 5) against the kernel form (Eq. 6), Eq. 12 against the modern Hopfield update
/// (Eq. 19), and bad input.
module Kernels.Core.Tests.M7KernelNetworkTests

open System
open FsCheck
open FsCheck.FSharp
open FsCheck.Xunit
open AssociativeKernels.Core
open Kernels.Core.Tests.Generators
open global.Xunit

[<Property(MaxTest = 100)>]
let ``Eq. 5 = Eq. 6: the feature-form network with φ_pairs has the field of the kernel-form network with pairsKernel`` () =
    let g = gen {
        let! n = Gen.choose (2, 8)
        let! m = Gen.choose (1, 6)
        let! x = Gen.arrayOfLength m (bipolarVector n)
        let! a = Gen.arrayOfLength n (Gen.arrayOfLength m (floatIn 0.0 2.0))
        let! th = Gen.arrayOfLength n (floatIn -1.0 1.0)
        let! s = bipolarVector n
        return x, a, th, s }
    Prop.forAll (arb g) (fun (x, a, th, s) ->
        let feature = KernelNetwork.create x x a th (KernelNetwork.featureKernel FeatureMap.pairs)
        let kernel = KernelNetwork.create x x a th (Full FeatureMap.pairsKernel)
        let hf = KernelNetwork.field feature s
        let hk = KernelNetwork.field kernel s
        // entries are sums of ≤ 6 products of integers ≤ 28 and coefficients ≤ 2: exact up to a few ulps
        Array.forall2 (fun p q -> abs (p - q) <= 1e-12 * (1.0 + abs p)) hf hk |@ sprintf "%A vs %A" hf hk)

[<Property(MaxTest = 100)>]
let ``Eq. 12 with A = 1, θ = 0, k = F′ is the modern Hopfield update of Eq. 19, neuron by neuron`` () =
    let g = gen {
        let! n = Gen.choose (2, 10)
        let! m = Gen.choose (1, 8)
        let! x = Gen.arrayOfLength m (bipolarVector n)
        let! s = bipolarVector n
        let! deg = Gen.choose (1, 4)
        return x, s, deg }
    Prop.forAll (arb g) (fun (x, s, deg) ->
        let fPrime t = float deg * Math.Pow(t, float (deg - 1))
        let net = KernelNetwork.oneShot x x (WithoutSelf fPrime)
        let n = s.Length
        Seq.forall (fun i ->
            // Eq. 19 written out: sgn Σ_μ ξ_i^μ F′(Σ_{j≠i} ξ_j^μ s_j), a zero sum keeping s_i
            let h = x |> Array.sumBy (fun p -> p.[i] * fPrime (Seq.sum (seq { for j in 0 .. n - 1 do if j <> i then yield p.[j] * s.[j] })))
            KernelNetwork.updateNeuron net i s = Dynamics.sign s.[i] h) (seq { 0 .. n - 1 }))

[<Fact>]
let ``Bad input: ragged or empty patterns, non-±1 outputs, mismatched A and θ, wrong query length, NaN`` () =
    let x = [| [| 1.0; -1.0 |]; [| -1.0; -1.0 |] |]
    let lin = Full Kernel.linear
    Expect.throwsNaming "inputs" (fun () -> KernelNetwork.oneShot [||] [||] lin)
    Expect.throwsNaming "inputs" (fun () -> KernelNetwork.oneShot [| [| 1.0; 1.0 |]; [| 1.0 |] |] x lin)
    Expect.throwsNaming "outputs" (fun () -> KernelNetwork.oneShot x [| [| 1.0 |]; [| 0.5 |] |] lin)
    Expect.throwsNaming "outputs" (fun () -> KernelNetwork.oneShot x [| [| 1.0 |] |] lin)
    Expect.throwsNaming "coefficients" (fun () -> KernelNetwork.create x x [| [| 1.0; 1.0 |] |] [| 0.0; 0.0 |] lin)
    Expect.throwsNaming "thresholds" (fun () -> KernelNetwork.create x x [| [| 1.0; 1.0 |]; [| 1.0; 1.0 |] |] [| 0.0 |] lin)
    Expect.throwsNaming "kernel" (fun () -> KernelNetwork.oneShot x [| [| 1.0 |]; [| 1.0 |] |] (WithoutSelf id))
    let net = KernelNetwork.oneShot x x lin
    Expect.throwsNaming "s" (fun () -> KernelNetwork.step net [| 1.0 |])
    Expect.throwsNaming "s" (fun () -> KernelNetwork.step net [| 1.0; nan |])
    Expect.throwsNaming "s" (fun () -> KernelNetwork.step net [| 1.0; 0.5 |])
    Expect.throwsNaming "patterns" (fun () -> KernelNetwork.trainAuto Kernel.linear [| [| 1.0; 2.0 |] |])
    Expect.throwsNaming "kernel" (fun () -> KernelNetwork.trainAuto (fun _ _ -> nan) x)
    let hetero = KernelNetwork.oneShot x [| [| 1.0 |]; [| -1.0 |] |] lin
    Expect.throwsNaming "net" (fun () -> KernelNetwork.step hetero [| 1.0; 1.0 |])

[<Fact>]
let ``Non-separable hetero data names the output, the pattern and the neuron`` () =
    // identical inputs, opposite outputs for neuron 1
    let x = [| [| 1.0; -1.0 |]; [| 1.0; -1.0 |] |]
    let y = [| [| 1.0; 1.0 |]; [| 1.0; -1.0 |] |]
    let e = Assert.ThrowsAny<ArgumentException>(fun () -> KernelNetwork.trainHetero (Kernel.polynomial 2 1.0) x y |> ignore)
    Assert.Equal("outputs", e.ParamName)
    Assert.Contains("outputs[", e.Message)
    Assert.Contains("output neuron 1", e.Message)
    // the refusal is raised with these words, not rewritten from the SVM's: the pattern and the neuron, once each
    Assert.StartsWith("outputs[1]: pattern 1 cannot be fit — ", e.Message)
    Assert.EndsWith(" (output neuron 1) (Parameter 'outputs')", e.Message)

[<Fact>]
let ``A kernel whose Gram matrix is not positive semi-definite is refused naming the kernel, the entry and the neuron`` () =
    let x = [| [| 1.0; 1.0 |]; [| -1.0; 1.0 |] |]
    // K(x, x) = −2: a negative diagonal entry (a squared feature norm) at neuron 0, the first neuron trained
    let negative = Assert.IsType<ArgumentOutOfRangeException>(Record.Exception(fun () -> KernelNetwork.trainAuto (fun a b -> -(Kernel.linear a b)) x |> ignore))
    Assert.Equal("kernel", negative.ParamName)
    Assert.StartsWith("kernel: Gram matrix entry [0, 0] = -2: a kernel (Gram) matrix is positive semi-definite, so its diagonal is ≥ 0. (output neuron 0)", negative.Message)
    // K = [[1, 2], [2, 1]]: K_00 + K_11 − 2K_01 = −2 < 0 between the two patterns, whose labels differ at neuron 0
    let indefinite = Assert.IsType<ArgumentException>(Record.Exception(fun () -> KernelNetwork.trainAuto (fun a b -> if a = b then 1.0 else 2.0) x |> ignore))
    Assert.Equal("kernel", indefinite.ParamName)
    Assert.StartsWith("kernel: the Gram matrix is not positive semi-definite (K_ii + K_jj − 2K_ij = -2 < 0 for i = 0, j = 1)", indefinite.Message)
    Assert.Contains("(output neuron 0)", indefinite.Message)
    // the SVM alone keeps its own names
    let plain = Assert.IsType<ArgumentException>(Record.Exception(fun () -> HardMarginSvm.train (array2D [ [ 1.0; 2.0 ]; [ 2.0; 1.0 ] ]) [| 1.0; -1.0 |] |> ignore))
    Assert.Equal("gram", plain.ParamName)
    Assert.StartsWith("gram is not positive semi-definite (", plain.Message)
    Assert.DoesNotContain("output neuron", plain.Message)
