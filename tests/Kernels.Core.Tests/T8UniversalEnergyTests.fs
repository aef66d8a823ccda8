/// SPEC T8 for the universal Hopfield network and the modern Hopfield network: the energy of UHN Eq. 4
/// (LAM Eq. 13 for softmax) never increases along the Euler-discretised dynamics (UHN Eq. 2 with the
/// hidden neurons at equilibrium; LAM Eq. 15) for step sizes 0 < η ≤ 2, whenever L_h is convex
/// (UHN App. A: monotone activations); and the two-layer energy (Eq. 3) is minimised over the hidden
/// neurons at h = M v, where it equals Eq. 4.
module Kernels.Core.Tests.T8UniversalEnergyTests

open System
open FsCheck
open FsCheck.FSharp
open FsCheck.Xunit
open AssociativeKernels.Core
open Kernels.Core.Tests.Generators

/// The separations whose Lagrangian is convex on all of ℝ^K (UHN App. A's condition).
let private convexSeparation (k: int) : Gen<Separation> =
    Gen.oneof
        [ Gen.constant Identity
          Gen.elements [ 1; 3; 5 ] |> Gen.map Polynomial
          floatIn 0.05 20.0 |> Gen.map Softmax
          Gen.constant Max
          floatIn -2.0 2.0 |> Gen.map Threshold
          Gen.choose (1, k) |> Gen.map TopK
          floatIn 0.05 20.0 |> Gen.map Sparsemax
          Gen.map2 (fun b a -> Entmax(b, a)) (floatIn 0.05 20.0) (Gen.elements [ 1.2; 1.5; 2.0; 3.0 ])
          Gen.map2 (fun b g -> Normmax(b, g)) (floatIn 0.05 20.0) (Gen.elements [ 1.5; 2.0; 4.0 ]) ]


/// The magnitude scale of an energy evaluation (Claims.energyScale, see Tolerances.energyDifference).
let private energyScale (m: float[][]) (sep: Separation) (v: float[]) = Claims.energyScale m sep v

let private case =
    gen {
        let! n = Gen.choose (1, 12)
        let! k = Gen.choose (1, 8)
        let! m = Gen.arrayOfLength k (Gen.arrayOfLength n (floatIn -1.0 1.0))
        let! v = Gen.arrayOfLength n (floatIn -1.0 1.0)
        let! sep = convexSeparation k
        let! eta = Gen.oneof [ floatOpen 0.0 2.0; Gen.elements [ 1.0; 2.0 ] ]
        return m, v, sep, eta
    }

[<Property(MaxTest = 300)>]
let ``T8: the UHN energy (Eq. 4) never increases along Euler steps of its dynamics, 0 < η ≤ 2`` () =
    // the claim (Claims.uhnEnergyDescent) walks six Euler steps, stopping early if odd polynomials carry the state
    // past 1e6 in size
    Prop.forAll (arb case) (fun (m, v0, sep, eta) -> Claims.uhnEnergyDescent sep eta m v0 |> verdict)

[<Property(MaxTest = 100)>]
let ``T8: the modern Hopfield energy (LAM Eq. 13) never increases under the update of Eq. 16`` () =
    let g =
        gen {
            let! n = Gen.choose (1, 12)
            let! k = Gen.choose (1, 8)
            let! m = Gen.arrayOfLength k (Gen.arrayOfLength n (floatIn -1.0 1.0))
            let! v = Gen.arrayOfLength n (floatIn -3.0 3.0)
            let! beta = floatIn 0.05 50.0
            return m, v, beta
        }
    Prop.forAll (arb g) (fun (m, v0, beta) -> Claims.modernEnergyDescent beta m v0 |> verdict)

[<Property(MaxTest = 100)>]
let ``Ramsauer's energy with its constants is never negative`` () =
    let g =
        gen {
            let! n = Gen.choose (1, 12)
            let! k = Gen.choose (1, 8)
            let! m = Gen.arrayOfLength k (Gen.arrayOfLength n (floatIn -2.0 2.0))
            let! v = Gen.arrayOfLength n (floatIn -3.0 3.0)
            let! beta = floatIn 0.05 50.0
            return m, v, beta
        }
    Prop.forAll (arb g) (fun (m, v, beta) ->
        let net = ModernHopfield.create beta m
        let e = ModernHopfield.ramsauerEnergy net v
        let tol = Tolerances.energyDifference v.Length m.Length (energyScale m (Softmax beta) v) 0.0
        (e >= -tol) |@ sprintf "E = %g" e)

[<Property(MaxTest = 200)>]
let ``UHN Eq. 3: the two-layer energy is never below Eq. 4 and equals it at h = M v`` () =
    let g =
        gen {
            let! (m, v, sep, _) = case
            let! h = Gen.arrayOfLength m.Length (floatIn -3.0 3.0)
            return m, v, sep, h
        }
    Prop.forAll (arb g) (fun (m, v, sep, h) ->
        let net = UniversalHopfield.create UniversalHopfield.defaultOptions Dot sep m
        let reduced = UniversalHopfield.energy net v
        let mv = m |> Array.map (dot v)
        let atEquilibrium = UniversalHopfield.twoLayerEnergy net v mv
        let elsewhere = UniversalHopfield.twoLayerEnergy net v h
        let scaleH =
            let f = Separation.apply sep h
            Array.fold2 (fun s a b -> s + abs (a * b)) 0.0 f h + abs (Separation.lagrangian sep h)
        let tol = Tolerances.energyDifference v.Length m.Length (energyScale m sep v) (energyScale m sep v + scaleH)
        ((abs (atEquilibrium - reduced) <= tol) |@ sprintf "%A: E(v, Mv) = %.17g, E(v) = %.17g" sep atEquilibrium reduced)
        .&. ((elsewhere >= reduced - tol) |@ sprintf "%A: E(v, h) = %.17g < E(v) = %.17g" sep elsewhere reduced))
