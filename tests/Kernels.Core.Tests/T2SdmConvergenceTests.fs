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
    Prop.forAll (arb g) (fun (n, b, c, s) -> Claims.sdmHypersphereConverges b c addressCount s n |> verdict)
