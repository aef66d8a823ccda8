/// SPEC M4 and T8 for the LAM ODE: the Dormand–Prince integrator against closed-form solutions, the
/// two-layer network's energy (LAM Eq. 2) against the effective energies the paper derives (Eqs. 8, 13,
/// 21), the energy never rising along integrated trajectories of models A, B and C, and stored patterns
/// of model B at large β as (near) fixed points.
module Kernels.Core.Tests.M4TwoLayerNetworkTests

open System
open FsCheck
open FsCheck.FSharp
open FsCheck.Xunit
open AssociativeKernels.Core
open Kernels.Core.Tests.Generators
open global.Xunit

let private options endTime rtol atol =
    { Ode.defaultOptions with EndTime = endTime; RelativeTolerance = rtol; AbsoluteTolerance = atol }

let private norm (a: float[]) = sqrt (dot a a)

// ---- the integrator against closed forms ---------------------------------------------------------

let private tolerances = Gen.elements [ 1e-3, 1e-6; 1e-6, 1e-9; 1e-8, 1e-12; 1e-10, 1e-14; 0.0, 1e-7 ]

[<Property(MaxTest = 100)>]
let ``Dormand–Prince: linear decay dy/dt = −y/τ matches y0·exp(−t/τ) within the summed local tolerances`` () =
    let g = gen {
        let! d = Gen.choose (1, 6)
        let! y0 = realVector d
        let! tau = floatIn 0.1 5.0
        let! endTime = floatIn 0.01 20.0
        let! rtol, atol = tolerances
        return y0, tau, endTime, rtol, atol }
    Prop.forAll (arb g) (fun (y0, tau, endTime, rtol, atol) ->
        let s = Ode.dormandPrince (fun _ y -> y |> Array.map (fun x -> -x / tau)) (options endTime rtol atol) 0.0 y0
        let final = s.States.[s.States.Length - 1]
        let yMax = y0 |> Array.fold (fun m x -> max m (abs x)) 0.0
        let allowed = Tolerances.odeGlobalNonExpansive y0.Length atol rtol s.Accepted yMax
        let worst = Array.map2 (fun (y: float) (x: float) -> abs (y - x * Math.Exp(-endTime / tau))) final y0 |> Array.max
        (s.Ending = OdeEnding.ReachedEndTime |@ sprintf "ending %A" s.Ending)
        .&. (s.Times.[s.Times.Length - 1] = endTime |@ "the last sample is at the end time exactly")
        .&. ((s.Times.Length = s.Accepted + 1 && s.States.Length = s.Accepted + 1) |@ "one sample per accepted step plus the start")
        .&. (worst <= allowed |@ sprintf "error %g > allowed %g after %d steps" worst allowed s.Accepted))

[<Property(MaxTest = 100)>]
let ``Dormand–Prince: a rotation dy/dt = ω(y2, −y1) matches the exact cos/sin solution within the summed local tolerances`` () =
    let g = gen {
        let! y0 = realVector 2
        let! omega = floatIn 0.1 5.0
        let! endTime = floatIn 0.01 10.0
        let! rtol, atol = Gen.elements [ 1e-6, 1e-9; 1e-9, 1e-12; 1e-4, 1e-6 ]
        return y0, omega, endTime, rtol, atol }
    Prop.forAll (arb g) (fun (y0, omega, endTime, rtol, atol) ->
        let s = Ode.dormandPrince (fun _ y -> [| omega * y.[1]; -omega * y.[0] |]) (options endTime rtol atol) 0.0 y0
        let final = s.States.[s.States.Length - 1]
        let c, sn = Math.Cos(omega * endTime), Math.Sin(omega * endTime)
        let exact = [| c * y0.[0] + sn * y0.[1]; -sn * y0.[0] + c * y0.[1] |]
        let allowed = Tolerances.odeGlobalNonExpansive 2 atol rtol s.Accepted (norm y0)
        let err = norm (Array.map2 (-) final exact)
        (s.Ending = OdeEnding.ReachedEndTime |@ sprintf "ending %A" s.Ending)
        .&. (err <= allowed |@ sprintf "error %g > allowed %g after %d steps" err allowed s.Accepted))

[<Fact>]
let ``Dormand–Prince is fifth order: halving rtol^(1/5) roughly halves the step size`` () =
    // With err ∝ h⁵, the accepted steps scale like rtol^(1/5): 32× smaller rtol → ~2× more steps.
    let run rtol = Ode.dormandPrince (fun _ y -> [| y.[1]; -y.[0] |]) (options 20.0 rtol 1e-14) 0.0 [| 1.0; 0.0 |]
    let a, b = run 1e-6, run (1e-6 / 32.0)
    let ratio = float b.Accepted / float a.Accepted
    Assert.InRange(ratio, 1.7, 2.3)

[<Fact>]
let ``Dormand–Prince reports how it ended: stationary, step limit, step-size underflow`` () =
    let decay = fun _ (y: float[]) -> [| -y.[0] |]
    let st = Ode.dormandPrince decay { options 100.0 1e-8 1e-12 with StationaryTolerance = 1e-6 } 0.0 [| 1.0 |]
    Assert.Equal(OdeEnding.Stationary, st.Ending)
    // |dy/dt| = |y| ≤ 1e-6 first near t = ln 1e6 ≈ 13.8
    Assert.True(abs st.States.[st.States.Length - 1].[0] <= 1e-6)
    Assert.InRange(st.Times.[st.Times.Length - 1], 13.0, 15.0)
    let limited = Ode.dormandPrince decay { options 100.0 1e-8 1e-12 with MaxSteps = 3 } 0.0 [| 1.0 |]
    Assert.Equal(OdeEnding.StepLimit, limited.Ending)
    Assert.Equal(3, limited.Accepted + limited.Rejected)
    // y' = y² from y = 1 blows up at t = 1 (y = 1/(1 − t)); the steps shrink to nothing there.
    let blowUp = Ode.dormandPrince (fun _ y -> [| y.[0] * y.[0] |]) (options 2.0 1e-8 1e-10) 0.0 [| 1.0 |]
    Assert.Equal(OdeEnding.StepSizeUnderflow, blowUp.Ending)
    Assert.InRange(blowUp.Times.[blowUp.Times.Length - 1], 0.99, 1.01)

[<Fact>]
let ``Dormand–Prince rejects bad options with the option's name`` () =
    let f = fun _ (y: float[]) -> y
    Expect.throwsNaming "EndTime" (fun () -> Ode.dormandPrince f (options 0.0 1e-6 1e-9) 0.0 [| 1.0 |])
    Expect.throwsNaming "RelativeTolerance" (fun () -> Ode.dormandPrince f (options 1.0 1.5 1e-9) 0.0 [| 1.0 |])
    Expect.throwsNaming "AbsoluteTolerance" (fun () -> Ode.dormandPrince f (options 1.0 1e-6 0.0) 0.0 [| 1.0 |])
    Expect.throwsNaming "MaxSteps" (fun () -> Ode.dormandPrince f { options 1.0 1e-6 1e-9 with MaxSteps = 0 } 0.0 [| 1.0 |])
    Expect.throwsNaming "y0" (fun () -> Ode.dormandPrince f (options 1.0 1e-6 1e-9) 0.0 [| nan |])

// ---- energy: Eq. 2 reduces to the paper's effective energies -------------------------------------

let private patternsGen (nf: int) (nh: int) = Gen.arrayOfLength nh (Gen.arrayOfLength nf (floatIn -1.0 1.0))

let private sizes = Gen.zip (Gen.choose (1, 6)) (Gen.choose (1, 8))

[<Property(MaxTest = 100)>]
let ``LAM Eq. 13: model B's energy at h = ξv is ½‖v‖² − (1/β) log Σ exp(β ξ^μ·v)`` () =
    let g = gen {
        let! nf, nh = sizes
        let! xi = patternsGen nf nh
        let! v = realVector nf
        let! beta = floatIn 0.1 10.0
        return xi, v, beta }
    Prop.forAll (arb g) (fun (xi, v, beta) ->
        let net = TwoLayerNetwork.modelB beta xi
        let logits = xi |> Array.map (fun p -> beta * dot p v)
        let m = Array.max logits
        let expected = 0.5 * dot v v - (m + log (logits |> Array.sumBy (fun l -> exp (l - m)))) / beta
        let viaEq2 = TwoLayerNetwork.energy net v (TwoLayerNetwork.equilibriumHidden net v)
        let effective = TwoLayerNetwork.effectiveEnergy net v
        let scale = 1.0 + dot v v + abs expected + (xi |> Array.sumBy (fun p -> Array.fold2 (fun s a b -> s + abs (a * b)) 0.0 p v))
        let tol = 4.0 * Tolerances.gamma (v.Length * xi.Length + 16) * scale
        (abs (viaEq2 - expected) <= tol |@ sprintf "Eq. 2 at h = ξv: %g vs %g" viaEq2 expected)
        .&. (abs (effective - expected) <= tol |@ sprintf "effective: %g vs %g" effective expected))

[<Property(MaxTest = 100)>]
let ``LAM Eq. 8: model A with G = |x| at v = σ, h = ξσ has energy −Σ I_i σ_i − Σ_μ F(ξ^μ·σ)`` () =
    let g = gen {
        let! nf, nh = sizes
        let! xi = Gen.arrayOfLength nh (bipolarVector nf)
        let! sigma = bipolarVector nf
        let! input = realVector nf
        let! n = Gen.choose (2, 5)
        return xi, sigma, input, n }
    Prop.forAll (arb g) (fun (xi, sigma, input, n) ->
        let net = TwoLayerNetwork.modelA (Lagrangian.rectifiedPower n) Lagrangian.absolute xi |> TwoLayerNetwork.withInput input
        let expected = -(dot input sigma) - (xi |> Array.sumBy (fun p -> Kernel.rectifiedPolynomial n (dot p sigma)))
        let got = TwoLayerNetwork.energy net sigma (TwoLayerNetwork.equilibriumHidden net sigma)
        // integer-valued overlaps: F(ξ·σ) exact up to N^n ≤ 6^5; I·σ rounds like a dot product
        let tol = 4.0 * Tolerances.gamma (sigma.Length * xi.Length + 16) * (1.0 + abs expected + (input |> Array.sumBy abs) + float xi.Length * Math.Pow(float sigma.Length, float n))
        abs (got - expected) <= tol |@ sprintf "%g vs %g" got expected)

[<Property(MaxTest = 100)>]
let ``LAM Eq. 21: model C's energy at h = ξ v/‖v‖ is −Σ_μ F(ξ^μ·v/‖v‖)`` () =
    let g = gen {
        let! nf, nh = sizes
        let! xi = patternsGen nf nh
        let! v = realVector nf
        let! alpha = floatIn 0.0 2.0
        return xi, v, alpha }
    Prop.forAll (arb g) (fun (xi, v, alpha) ->
        norm v > 1e-3 ==> lazy (
            let net = TwoLayerNetwork.modelC (Lagrangian.power 2) alpha xi
            let u = v |> Array.map (fun x -> x / norm v)
            let expected = -(xi |> Array.sumBy (fun p -> let o = dot p u in o * o))
            let got = TwoLayerNetwork.energy net v (TwoLayerNetwork.equilibriumHidden net v)
            let scale = 1.0 + norm v + abs expected + float xi.Length * float v.Length
            abs (got - expected) <= 4.0 * Tolerances.gamma (v.Length * xi.Length + 16) * scale |@ sprintf "%g vs %g" got expected))

[<Property(MaxTest = 100)>]
let ``LAM Eq. 16: model B's adiabatic update is the modern Hopfield update ξᵀ softmax(β ξ v)`` () =
    let g = gen {
        let! nf, nh = sizes
        let! xi = patternsGen nf nh
        let! v = realVector nf
        let! beta = floatIn 0.1 20.0
        return xi, v, beta }
    Prop.forAll (arb g) (fun (xi, v, beta) ->
        let net = TwoLayerNetwork.modelB beta xi
        let p = Kernel.softmax beta xi v
        let expected = Array.init v.Length (fun i -> Array.fold2 (fun s (pm: float) (row: float[]) -> s + pm * row.[i]) 0.0 p xi)
        let got = TwoLayerNetwork.adiabaticUpdate net v
        // a convex combination of entries ≤ 1 from softmax weights with a few ulps each (exp of a
        // log-sum-exp difference ≤ β·6·3 in magnitude adds ulps proportional to it)
        let tol = Tolerances.gamma (xi.Length + 16) * (1.0 + beta * 18.0)
        let stepped = TwoLayerNetwork.effectiveStep net 1.0 v
        (Array.forall2 (fun a b -> abs (a - b) <= tol) got expected |@ sprintf "%A vs %A" got expected)
        .&. (Array.forall2 (fun a b -> abs (a - b) <= tol + 4.0 * Tolerances.eps * (1.0 + norm v)) stepped expected |@ "Eq. 15 with dt = τ_f = 1"))

// ---- T8: the energy never rises along integrated trajectories ----------------------------------

/// The T8 claim (Claims.lamEnergyDescent: every accepted step within TheoremTolerance.energyStepAllowance, a proper
/// ending, the total change within the summed allowances) on the network's trajectory from (v0, h0).
let private energyNeverRises (net: TwoLayerNetwork) (v0: float[]) (h0: float[]) : Property = Claims.lamEnergyDescent net v0 h0 |> verdict

let private trajectoryGen (feature: Gen<Lagrangian>) (hidden: Gen<Lagrangian>) (alpha: Gen<float>) =
    gen {
        let! nf, nh = sizes
        let! xi = patternsGen nf nh
        let! fl = feature
        let! hl = hidden
        let! a = alpha
        let! tauF = floatIn 0.2 2.0
        let! tauH = floatIn 0.05 2.0
        let! input = realVector nf |> Gen.map (Array.map (fun x -> x / 3.0))
        let! v0 = realVector nf
        let! h0 = realVector nh
        return xi, fl, hl, a, tauF, tauH, input, v0, h0 }

/// The network of a case and the T8 claim on its trajectory from (v0, h0) (Claims.lamEnergyDescent integrates it).
let private integrateCase (xi, fl, hl, a, tauF, tauH, input, v0, h0) =
    let net =
        TwoLayerNetwork.create fl hl xi
        |> TwoLayerNetwork.withTimeConstants tauF tauH
        |> TwoLayerNetwork.withInput input
        |> TwoLayerNetwork.withFeatureDecay a
    energyNeverRises net v0 h0

/// ln cosh(βx)/β from mpmath at 50 digits (mp.dps = 50; log(cosh(mpf(b) * mpf(x))) / mpf(b)).
[<Fact>]
let ``ln cosh feature Lagrangian is accurate to a few ulps relative, also near 0 where ln(cosh y) cancels`` () =
    // Near 0 the value is y²/2; the old |x| + (ln(1 + e^(−2y)) − ln 2)/β had absolute error ~u there, which
    // showed as energy rises of 1e-17 in the model A property (seed (3503443677537367312, 9054961339079509919, 47)).
    let table =
        [ 1.0, 1e-8, 5.0000000000000001e-17
          1.0, 0.001, 4.9999991666668891e-7
          2.0, 0.25, 0.060057253479138762
          1.0, 1.0, 0.43378083048302719
          0.5, 4.0, 2.6500054947157289
          3.0, -10.0, 9.7689509398133516
          1.0, 800.0, 799.30685281944005
          1e-3, 1e-5, 5.0000000000000008e-14 ]
    for beta, x, expected in table do
        let got = (Lagrangian.logCosh beta).Value [| x |]
        Assert.True(abs (got - expected) <= 8.0 * Tolerances.eps * expected, sprintf "β = %g, x = %g: %.17g, expected %.17g" beta x got expected)

[<Property(MaxTest = 100)>]
let ``T8: the LAM ODE never raises the energy — model A (additive Lagrangians: tanh features, power, rectified power or exponential interaction)`` () =
    let feature = floatIn 0.5 5.0 |> Gen.map Lagrangian.logCosh
    let hidden = Gen.elements [ Lagrangian.power 2; Lagrangian.power 4; Lagrangian.rectifiedPower 3; Lagrangian.rectifiedPower 2; Lagrangian.exponential 1.0 ]
    Prop.forAll (arb (trajectoryGen feature hidden (Gen.constant 1.0))) (fun case ->
        integrateCase case)

[<Property(MaxTest = 100)>]
let ``T8: the LAM ODE never raises the energy — model B (softmax hidden layer, quadratic features)`` () =
    let hidden = floatIn 0.1 5.0 |> Gen.map Lagrangian.logSumExp
    Prop.forAll (arb (trajectoryGen (Gen.constant Lagrangian.quadratic) hidden (Gen.constant 1.0))) (fun case ->
        integrateCase case)

[<Property(MaxTest = 100)>]
let ``T8: the LAM ODE never raises the energy — model C (spherical features, any feature decay α)`` () =
    let hidden = Gen.elements [ Lagrangian.power 2; Lagrangian.rectifiedPower 3; Lagrangian.exponential 1.0 ]
    let g = trajectoryGen (Gen.constant Lagrangian.spherical) hidden (floatIn 0.0 2.0)
    Prop.forAll (arb g) (fun ((_, _, _, _, _, _, _, v0, _) as case) ->
        norm v0 >= 0.5 ==> lazy (
            integrateCase case))

[<Property(MaxTest = 100)>]
let ``T8: the LAM ODE never raises the energy — a user's own Lagrangian pair (quartic features, softplus hidden)`` () =
    // L_v = Σ (v⁴/4 + v²/2): g = v³ + v, Hessian 3v² + 1 > 0. L_h = Σ log(1 + e^h): f = logistic, convex.
    let quartic = Lagrangian.create "v⁴/4 + v²/2" (Array.sumBy (fun x -> x ** 4.0 / 4.0 + x * x / 2.0)) (Array.map (fun x -> x ** 3.0 + x))
    let softplus = Lagrangian.additive "softplus" (fun x -> if x > 0.0 then x + log (1.0 + exp -x) else log (1.0 + exp x)) (fun x -> 1.0 / (1.0 + exp -x))
    Prop.forAll (arb (trajectoryGen (Gen.constant quartic) (Gen.constant softplus) (Gen.constant 1.0))) (fun case ->
        integrateCase case)

// ---- fixed points of model B ------------------------------------------------------------------

let private distinctBipolar =
    gen {
        let! nf = Gen.choose (4, 12)
        let! k = Gen.choose (2, 6)
        let! rows = Gen.arrayOfLength k (bipolarVector nf)
        return rows }
    |> Gen.filter (fun rows -> (Array.distinct rows).Length = rows.Length)

[<Property(MaxTest = 100)>]
let ``Model B: a stored ±1 pattern at large β is a near fixed point, within Σ_ν e^(−βΔ_ν)‖ξ^ν − ξ^μ‖`` () =
    let g = gen {
        let! xi = distinctBipolar
        let! mu = Gen.choose (0, xi.Length - 1)
        let! beta = floatIn 2.0 10.0
        return xi, mu, beta }
    Prop.forAll (arb g) (fun (xi, mu, beta) ->
        let net = TwoLayerNetwork.modelB beta xi
        let pattern = xi.[mu]
        // softmax weights p_ν ≤ exp(β(h_ν − h_μ)), and ξᵀp − ξ^μ = Σ_{ν≠μ} p_ν (ξ^ν − ξ^μ)
        let bound (h: float[]) =
            Seq.sum (seq { for nu in 0 .. xi.Length - 1 do
                             if nu <> mu then yield exp (beta * (h.[nu] - h.[mu])) * norm (Array.map2 (-) xi.[nu] pattern) })
        let h0 = TwoLayerNetwork.equilibriumHidden net pattern
        let dv, dh = TwoLayerNetwork.velocity net pattern h0
        let s = 1e-9
        let tr = TwoLayerNetwork.integrate { options 200.0 1e-10 1e-12 with StationaryTolerance = s } net pattern h0
        let vf, hf = tr.Features.[tr.Features.Length - 1], tr.Hidden.[tr.Hidden.Length - 1]
        let overlaps = xi |> Array.map (fun p -> dot p vf)
        let rounding = Tolerances.gamma (pattern.Length * xi.Length + 16) * float pattern.Length
        (norm dv <= bound h0 + rounding |@ sprintf "‖dv/dt‖ = %g at the pattern, bound %g" (norm dv) (bound h0))
        .&. (norm dh <= rounding |@ "dh/dt = 0 at h = ξξ^μ")
        .&. (tr.Ending = OdeEnding.Stationary |@ sprintf "ending %A" tr.Ending)
        .&. (Array.findIndex ((=) (Array.max overlaps)) overlaps = mu |@ "the final state retrieves ξ^μ")
        // v = ξᵀ softmax(βh) − τ_f dv/dt with every |dv_i/dt| ≤ s at the end
        .&. (norm (Array.map2 (-) vf pattern) <= bound hf + s * sqrt (float pattern.Length) + rounding
             |@ sprintf "‖v − ξ^μ‖ = %g, bound %g" (norm (Array.map2 (-) vf pattern)) (bound hf)))

// ---- bad input ------------------------------------------------------------------------------------

[<Fact>]
let ``Bad input to the two-layer network is rejected with the parameter's name`` () =
    let xi = [| [| 1.0; -1.0; 1.0 |]; [| -1.0; -1.0; 1.0 |] |]
    let net = TwoLayerNetwork.modelB 1.0 xi
    Expect.throwsNaming "patterns" (fun () -> TwoLayerNetwork.modelB 1.0 [| [| 1.0; 2.0 |]; [| 1.0 |] |])
    Expect.throwsNaming "patterns" (fun () -> TwoLayerNetwork.modelB 1.0 [||])
    Expect.throwsNaming "beta" (fun () -> TwoLayerNetwork.modelB 0.0 xi)
    Expect.throwsNaming "tauH" (fun () -> net |> TwoLayerNetwork.withTimeConstants 1.0 -1.0)
    Expect.throwsNaming "input" (fun () -> net |> TwoLayerNetwork.withInput [| 1.0 |])
    Expect.throwsNaming "alpha" (fun () -> net |> TwoLayerNetwork.withFeatureDecay nan)
    Expect.throwsNaming "v0" (fun () -> TwoLayerNetwork.integrateFromEquilibrium Ode.defaultOptions net [| 1.0; 2.0 |])
    Expect.throwsNaming "h0" (fun () -> TwoLayerNetwork.integrate Ode.defaultOptions net [| 1.0; 2.0; 3.0 |] [| 1.0 |])
    let broken = Lagrangian.create "broken" (fun _ -> 0.0) (fun _ -> [| 1.0 |])
    Expect.throwsNaming "feature" (fun () -> TwoLayerNetwork.energy (TwoLayerNetwork.create broken (Lagrangian.logSumExp 1.0) xi) [| 1.0; 1.0; 1.0 |] [| 0.0; 0.0 |])
