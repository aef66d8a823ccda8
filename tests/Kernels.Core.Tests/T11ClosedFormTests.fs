/// SPEC T11: consistency of the closed forms — every "exact" form is at least its lower bound over its
/// whole valid range, Eq. 86 holds for all x > 0, the log forms agree with the paper's printed
/// formulas evaluated directly wherever those are finite, and K6 exact at cos θ = 1 is the cap fraction.
module Kernels.Core.Tests.T11ClosedFormTests

open System
open FsCheck
open FsCheck.FSharp
open FsCheck.Xunit
open AssociativeKernels.Core
open Kernels.Core.Tests.Generators

[<Property(MaxTest = 300)>]
let ``T11: every Exp-β exact capacity is at least its lower bound`` () =
    let g = gen {
        let! n = logUniformInt 2 1_000_000
        let! sigma2 = floatOpen 0.0 0.5
        let! rs = floatOpen 0.0 (Math.Sqrt 0.5)
        let! f = floatOpen 0.0 1.0
        let! rhoFraction = floatIn 0.0 0.999999
        return n, sigma2, rs, f, rhoFraction }
    Prop.forAll (arb g) (fun (n, sigma2, rs, f, rhoFraction) -> Claims.capacityExactAtLeastLower n sigma2 rs f rhoFraction |> verdict)

[<Property(MaxTest = 300)>]
let ``T11: KMN Eq. 86, erfc(x)^−1 ≥ √π x e^{x²}, holds for every x > 0`` () =
    let g = Gen.oneof [ floatOpen 0.0 1.0; floatIn 1.0 30.0; floatIn 30.0 1e4 ]
    Prop.forAll (arb g) (fun x -> Claims.erfcInverseBound x |> verdict)

let private relClose (tol: float) (name: string) (fromLn: float) (direct: float) =
    ((Double.IsFinite direct && direct > 0.0) ==> lazy (
        (abs (fromLn / direct - 1.0) <= tol) |@ sprintf "%s: e^ln = %.17g, direct = %.17g" name fromLn direct))

[<Property(MaxTest = 300)>]
let ``T11: log forms agree with the paper's formulas evaluated directly where finite`` () =
    let g = gen {
        let! n = logUniformInt 2 2000
        let! sigma2 = floatOpen 0.0 0.5
        let! rs = floatOpen 0.0 (Math.Sqrt 0.5)
        return n, sigma2, rs }
    Prop.forAll (arb g) (fun (n, sigma2, rs) ->
        let nf = float n
        let erfc (x: float) = MathNet.Numerics.SpecialFunctions.Erfc x
        let q = 1.0 - 2.0 * sigma2
        let s = 1.0 - 2.0 * rs * rs
        // the printed formulas, term by term in double (Eqs. 84, 87, 94, 95)
        let normalErfc (x: float) = if x < 26.5 then erfc x else nan
        let eq84 = 2.0 * normalErfc (Math.Sqrt nf * q / 2.0) ** -0.5
        let eq87 = Math.Sqrt(2.0 * Math.Sqrt(Math.PI * nf) * q) * Math.Exp(nf * q * q / 8.0)
        let eq94 = 2.0 * normalErfc (Math.Sqrt nf * s / Math.Sqrt 2.0) ** -0.5
        let eq95 = Math.Sqrt(Math.Sqrt(8.0 * Math.PI * nf) * s) * Math.Exp(nf * s * s / 4.0)
        // erfc in double is compared only where it is a normal number (argument < 26.5; past that MathNet's
        // value is subnormal and loses digits); there it carries ~1e-14 relative error, the exponentials
        // ~|exponent|·ε ≤ 1e-12
        let tol = 1e-11
        relClose tol "Eq. 84" (ExpBeta.gaussianExact n sigma2).Value.Value eq84
        .&. relClose tol "Eq. 87" (ExpBeta.gaussianLower n sigma2).Value.Value eq87
        .&. relClose tol "Eq. 94" (ExpBeta.sphereExact n rs).Value.Value eq94
        .&. relClose tol "Eq. 95" (ExpBeta.sphereLower n rs).Value.Value eq95)

[<Property(MaxTest = 200)>]
let ``T11: K6 exact at cos θ = 1 equals the cap fraction ½ I_{1−b²}((N−1)/2, ½)`` () =
    let g = Gen.zip (Gen.frequency [ 3, Gen.choose (3, 20); 1, Gen.choose (21, 3000) ]) (floatOpen -1.0 1.0)
    Prop.forAll (arb g) (fun (n, b) ->
        let exact = SdmKernel.hypersphereExact n b 1.0
        let cap = SdmKernel.capFraction n b
        (abs (exact.Ln - cap.Ln) <= Tolerances.quadratureRelative) |@ sprintf "N = %d, b = %g: ln K6 = %.15g, ln cap = %.15g" n b exact.Ln cap.Ln)

[<Property(MaxTest = 100)>]
let ``T11: the DAM Gaussian tail and its asymptotic form agree as N^{n−1}/K grows`` () =
    // With x² = N^{n−1}/(2K(2n−3)!!) the asymptotic form's argument, the exact tail has
    // ⟨ΔE⟩ = 2nN^{n−1}(1 − (n−1)/N + …) and Σ² ∝ K − 1, so its argument is x²(1 − 2(n−1)/N + 1/K + …),
    // and erfc(x) = e^{−x²}/(√π x)(1 − 1/(2x²) + …). The relative gap is therefore
    // ln(asym/exact) = 1/(2x²) + x²(2(n−1)/N + 1/(K−1)) to first order in each small quantity; the
    // bound allows 50% for the higher orders.
    let g = Gen.zip3 (Gen.choose (2, 4)) (logUniformInt 1000 100000) (floatIn 0.001 0.02)
    Prop.forAll (arb g) (fun (n, nN, load) ->
        let df = Math.Exp(SpecialFunctions.logDoubleFactorial (2 * n - 3))
        let k = Math.Max(10.0, load * Math.Pow(float nN, float (n - 1)) / df)
        let exact = Dam.errorProbabilityGaussian n nN k
        let asym = Dam.errorProbability n nN k
        let x2 = Math.Pow(float nN, float (n - 1)) / (2.0 * k * df)
        let bound = 1.5 * (1.0 / (2.0 * x2) + x2 * (2.0 * float (n - 1) / float nN + 1.0 / (k - 1.0)))
        (abs (asym.Ln - exact.Ln) <= bound) |@ sprintf "n=%d N=%d K=%g: ln exact %g, ln asym %g, bound %g" n nN k exact.Ln asym.Ln bound)
