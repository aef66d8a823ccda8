/// SPEC T2: a finite SDM with N_φ random addresses converges to its kernel,
/// φ(x)·φ(y)/N_φ → K_SDM (KMN Eq. 15), within Monte-Carlo error.
module Kernels.Core.Tests.T2SdmConvergenceTests

open System
open FsCheck
open FsCheck.FSharp
open FsCheck.Xunit
open AssociativeKernels.Core
open Kernels.Core.Tests.Generators

let private addressCount = 20000

/// The fraction of addresses active for both x and y, and the 5σ binomial band around kernel k (the band of
/// Claims.sdmHypercubeConverges, for the hypersphere, whose kernel the catalogue does not draw).
let private agrees (fx: float[]) (fy: float[]) (k: float) =
    let both = Array.fold2 (fun s a b -> s + a * b) 0.0 fx fy
    let estimate = both / float addressCount
    let band = Tolerances.monteCarloSigmas * Math.Sqrt(k * (1.0 - k) / float addressCount) + 1.0 / float addressCount
    (abs (estimate - k) <= band) |@ sprintf "finite SDM %g, kernel %g, band ±%g" estimate k band

[<Property(MaxTest = 100)>]
let ``T2: a finite SDM on the hypercube converges to the Eq. 16 kernel`` () =
    let g =
        gen {
            let! n = Gen.choose (2, 14)
            let! r = Gen.choose (n / 3, n - 1) |> Gen.map (max 1)
            let! delta = Gen.choose (0, n)
            let! x = bipolarVector n
            let! s = seed
            return r, delta, x, s
        }
    Prop.forAll (arb g) (fun (r, delta, x, s) -> Claims.sdmHypercubeConverges r delta addressCount s x |> verdict)

[<Property(MaxTest = 100)>]
let ``T2: a finite SDM on the hypersphere converges to the Eq. 17 kernel`` () =
    let g =
        gen {
            let! n = Gen.choose (3, 10)
            let! b = floatIn -0.6 0.6
            let! c = floatIn -1.0 1.0
            let! s = seed
            return n, b, c, s
        }
    Prop.forAll (arb g) (fun (n, b, c, s) ->
        // two unit vectors with x·y = c
        let x = Array.init n (fun i -> if i = 0 then 1.0 else 0.0)
        let y = Array.init n (fun i -> if i = 0 then c elif i = 1 then Math.Sqrt(1.0 - c * c) else 0.0)
        let z = FeatureMap.randomHypersphereAddresses s addressCount n
        let k = (SdmKernel.hypersphereExact n b c).Value
        agrees (FeatureMap.sdm z b x) (FeatureMap.sdm z b y) k)
