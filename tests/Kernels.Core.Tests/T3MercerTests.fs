/// SPEC T3: kernels are symmetric; Mercer kernels give positive semi-definite Gram matrices; the Exp-β
/// Gram matrix of distinct patterns is invertible for 0 < β ≤ 2 (KMN §4.2 cites Micchelli 1986).
module Kernels.Core.Tests.T3MercerTests

open System
open FsCheck
open FsCheck.FSharp
open FsCheck.Xunit
open global.Xunit
open MathNet.Numerics.LinearAlgebra
open AssociativeKernels.Core
open Kernels.Core.Tests.Generators

let private eigenvalues (g: float[,]) =
    let m = Matrix<float>.Build.DenseOfArray g
    m.Evd(Symmetricity.Symmetric).EigenValues |> Seq.map (fun c -> c.Real) |> Array.ofSeq

let private psd (name: string) (entryError: float) (g: float[] -> float[] -> float) (points: float[][]) =
    Claims.gramPositiveSemiDefinite entryError g points |> verdict |@ name

[<Property(MaxTest = 200)>]
let ``T3: every kernel is symmetric`` () =
    let g = gen {
        let! x, y = realPair
        let! beta = floatOpen 0.0 4.0
        let! r = floatOpen 0.0 5.0
        return x, y, beta, r }
    Prop.forAll (arb g) (fun (x, y, beta, r) ->
        let symmetric name k = Claims.kernelSymmetric 0.0 k x y |> verdict |@ name
        symmetric "linear" Kernel.linear
        .&. symmetric "polynomial" (Kernel.polynomial 3 1.0)
        .&. symmetric "exponential" (Kernel.exponential 0.1)
        .&. symmetric "Exp-β" (fun a b -> (Kernel.expBeta beta r a b).Ln)
        .&. symmetric "Exp-β limit" (Kernel.expBetaLimit r)
        .&. symmetric "pairs" FeatureMap.pairsKernel)

[<Fact>]
let ``T3: the softmax kernel of K7 is not symmetric`` () =
    // Two patterns of different norms: softmax weights of ξ¹ given ξ² differ from those of ξ² given ξ¹.
    let patterns = [| [| 1.0; 0.0 |]; [| 2.0; 2.0 |] |]
    let k (i: int) (j: int) = (Kernel.softmax 1.0 patterns patterns.[j]).[i]
    Assert.NotEqual(k 0 1, k 1 0)

[<Property(MaxTest = 100)>]
let ``T3: Mercer kernels give positive semi-definite Gram matrices`` () =
    let g = gen {
        let! ps = realPatterns
        let! beta = floatIn 0.05 2.0
        let! r = floatIn 0.5 4.0
        let! c = floatIn 0.0 2.0
        let! p = Gen.choose (1, 4)
        return ps, beta, r, c, p }
    Prop.forAll (arb g) (fun (ps, beta, r, c, p) ->
        psd "linear" Tolerances.directKernelEntry Kernel.linear ps
        .&. psd (sprintf "polynomial p=%d c=%g" p c) Tolerances.directKernelEntry (Kernel.polynomial p c) ps
        .&. psd "exponential β=0.2" Tolerances.directKernelEntry (Kernel.exponential 0.2) ps
        .&. psd (sprintf "Exp-β β=%g" beta) Tolerances.directKernelEntry (fun x y -> (Kernel.expBeta beta r x y).Value) ps)

[<Property(MaxTest = 100)>]
let ``T3: SDM kernels give positive semi-definite Gram matrices`` () =
    let g = gen {
        let! n = Gen.choose (3, 12)
        let! m = Gen.choose (1, 6)
        let! cube = Gen.arrayOfLength m (bipolarVector n)
        let! r = Gen.choose (1, n)
        let! b = floatIn -0.5 0.8
        return n, cube, r, b }
    Prop.forAll (arb g) (fun (n, cube, r, b) ->
        let hamming (x: float[]) (y: float[]) = Array.fold2 (fun s u v -> if u <> v then s + 1 else s) 0 x y
        let kCube x y = (SdmKernel.hypercube n r (hamming x y)).Value
        let sphere = cube |> Array.map (fun x -> x |> Array.map (fun v -> v / Math.Sqrt(float n)))
        let kSphere (x: float[]) (y: float[]) =
            let c = Math.Max(-1.0, Math.Min(1.0, Array.fold2 (fun s u v -> s + u * v) 0.0 x y))
            (SdmKernel.hypersphereExact n b c).Value
        psd "SDM hypercube" Tolerances.sdmHypercubeEntry kCube cube .&. psd "SDM hypersphere" Tolerances.sdmHypersphereEntry kSphere sphere)

/// Distinct patterns at least `minDistance` apart (rejection sampling).
let private separatedPatterns (minDistance: float) =
    gen {
        let! n = Gen.choose (1, 5)
        let! m = Gen.choose (2, 7)
        let! candidates = Gen.arrayOfLength (4 * m) (realVector n)
        let kept = ResizeArray<float[]>()
        for c in candidates do
            if kept.Count < m && kept |> Seq.forall (fun k -> Kernel.distance k c >= minDistance) then kept.Add c
        return kept.ToArray()
    }

[<Property(MaxTest = 200)>]
let ``T3: the Exp-β Gram matrix of distinct patterns is invertible for 0 < β ≤ 2`` () =
    let g = gen {
        let! ps = separatedPatterns 0.5
        let! beta = floatIn 0.1 2.0
        let! r = floatIn 0.5 3.0
        return ps, beta, r }
    Prop.forAll (arb g) (fun (ps, beta, r) -> Claims.expBetaGram beta r ps |> verdict |@ sprintf "β = %g, r = %g, M = %d" beta r ps.Length)

[<Fact>]
let ``T3 beyond Micchelli: for β > 2 the Exp-β Gram matrix can be singular`` () =
    // Three equally spaced points on a line, spacing d, at β = 10: the Gram matrix is
    // [[1, a, c], [a, 1, a], [c, a, 1]] with a = e^{−(d/r)^β}, c = e^{−(2d/r)^β}. At d = 1.5 r,
    // a ≈ e^{−57.7} and the matrix is the identity to 1e-25; at d = 0.85 r, a ≈ 0.821 > 1/√2 and
    // c ≈ e^{−202}, so λ_min ≈ 1 − a√2 ≈ −0.16. The smallest eigenvalue is continuous in d, hence zero
    // somewhere between: a singular Gram matrix of distinct patterns, impossible for β ≤ 2.
    let beta, r = 10.0, 1.0
    let lmin (d: float) =
        let ps = [| [| 0.0 |]; [| d |]; [| 2.0 * d |] |]
        eigenvalues (Kernel.gram (fun x y -> (Kernel.expBeta beta r x y).Value) ps) |> Array.min
    Assert.True(lmin 1.5 > 0.99)
    Assert.True(lmin 0.85 < -0.1)
    let mutable neg, pos = 0.85, 1.5
    for _ in 1 .. 60 do
        let mid = 0.5 * (neg + pos)
        if lmin mid > 0.0 then pos <- mid else neg <- mid
    Assert.True(abs (lmin pos) < 1e-12, sprintf "λ_min = %g at d = %.15g" (lmin pos) pos)
