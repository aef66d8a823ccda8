/// SPEC C9–C11 (issue 15): Ramsauer et al.'s Theorem 3, the Lucibello–Mézard REM thresholds α₁ / α_c for
/// spherical, Gaussian and ±1 patterns, W₀(e^a) and the finite-N retrieval simulation, against values
/// obtained independently of the closed forms.
module Kernels.Core.Tests.ExponentialCapacityTests

open System
open Xunit
open FsCheck
open FsCheck.FSharp
open FsCheck.Xunit
open AssociativeKernels.Core

/// Reference thresholds from a direct numerical maximisation of the REM exponent — no closed form used:
/// mpmath (30 digits), φ(α) = max_m [α − I(m) + λm] over 0 ≤ m ≤ m_cap (I(m_cap) = α) by a 2000-point grid
/// refined by 200 golden-section steps, and α₁ by 100 bisection steps on φ(α) = λ (or λρ for the basin) over
/// [0, 5]; printed to 15 digits (/tmp/lm/ref.py of the issue-15 session).
module Reference =
    let sphere = [ 0.5, 0.387006422043251; 1.0, 0.622571923779907; 2.0, 0.908754008244774; 5.0, 1.32969818510621; 20.0, 2.00411581131718 ]
    let bipolar = [ 0.5, 0.379885493041722; 1.0, 0.566219169516973; 2.0, 0.674997252642136; 5.0, 0.693101781660728 ]
    let gaussian = [ 0.5, 0.375; 1.0, 0.5; 1.5, 0.5; 3.0, 0.5 ]
    let sphereBasin = [ (1.0, 0.8), 0.422571923779907; (1.0, 0.5), 0.14384103622589; (5.0, 0.9), 0.830365603410825; (5.0, 0.5), 0.14384103622589 ]
    /// Gaussian α_c: the roots of the defining equations 2α₁u = u − 1 − ln u and 2α₁u = u − ½ − ½ ln u by
    /// 200-step mpmath bisection (no Lambert W), the smaller one times α₁ (/tmp/lm/ac2.py); confirmed by a
    /// brute-force grid over the norm s of the union-bound rate min_s [J(s) + cost(s)] with the noise exponent
    /// maximised on a grid and α = r(α) bisected (/tmp/lm/gauss_ac.py: 0.105576, 0.152748, 0.1732868, within 5e-6).
    let gaussianAlphaC = [ 0.25, 0.105573043046045; 0.5, 0.152742646641213; 0.8, 0.173286795139986; 1.0, 0.173286795139986; 2.0, 0.173286795139986 ]

[<Fact>]
let ``sphere, ±1 and Gaussian α₁ and the sphere basin match a numerical maximisation of the REM exponent`` () =
    Expect.allWithin "α₁ (REM numerics)"
        [ for (l, a) in Reference.sphere -> Expect.row (sprintf "sphere λ = %g" l) a (ExponentialCapacity.sphereAlpha1 l) 1e-13
          for (l, a) in Reference.bipolar -> Expect.row (sprintf "±1 λ = %g" l) a (ExponentialCapacity.bipolarAlpha1 l) 1e-13
          for (l, a) in Reference.gaussian -> Expect.row (sprintf "Gaussian λ = %g" l) a (ExponentialCapacity.gaussianAlpha1 l) 1e-15
          for ((l, r), a) in Reference.sphereBasin -> Expect.row (sprintf "sphere basin λ = %g ρ = %g" l r) a (ExponentialCapacity.sphereBasinAlpha l r) 1e-13
          for (l, a) in Reference.gaussianAlphaC -> Expect.row (sprintf "Gaussian α_c λ = %g" l) a (ExponentialCapacity.gaussianAlphaC l) 1e-13 ]

[<Fact>]
let ``sphere α₁ at λ = 1 is the golden-ratio value by hand`` () =
    // m* = (√5 − 1)/2 = 1/φ; α₁ = 1 − m* + ½ ln(1/m*) = 0.381966… + ½ · 0.481212… (by hand).
    let m = (Math.Sqrt 5.0 - 1.0) / 2.0
    Assert.Equal(1.0 - m + 0.5 * Math.Log(1.0 / m), ExponentialCapacity.sphereAlpha1 1.0, 14)

[<Fact>]
let ``Gaussian α_c is a quarter of ln 2 for λ ≥ 1 and the 1/(2e) branch is the larger`` () =
    // For λ ≥ 1 (α₁ = ½): the pair term gives ¼ ln 2 (P(ξ^ν·ξ¹ ≥ ‖ξ¹‖²) = 2^{−N/2}), the norm term 1/(2e).
    for l in [ 1.0; 1.7; 10.0; 1e6 ] do
        Assert.Equal(0.25 * Math.Log 2.0, ExponentialCapacity.gaussianAlphaC l, 15)
    Assert.True(0.25 * Math.Log 2.0 < 0.5 / Math.E)

[<Fact>]
let ``sphere α₁ follows its large-λ expansion ½(1 + ln λ) + 1/(8λ) with an O(λ⁻³) remainder`` () =
    // mpmath: (α₁ − ½(1 + ln λ) − 1/(8λ)) λ³ → −1/384 = −0.0026 (−2.604e-3 at λ = 100, 1e4, 1e6).
    Expect.allWithin "large λ"
        [ for l in [ 10.0; 100.0; 1e3; 1e4; 1e6 ] ->
            let a = ExponentialCapacity.sphereAlpha1 l
            Expect.row (sprintf "λ = %g" l) (0.5 * (1.0 + Math.Log l) + 1.0 / (8.0 * l)) a (0.003 / (l * l * l) + 4e-16 * a) ]

[<Fact>]
let ``the three α₁ agree with λ − λ²/2 as λ → 0`` () =
    // Every ensemble has I(m) = m²/2 + O(m⁴) near 0, so α₁ = λ − λ²/2 + O(λ³) (sphere) or O(λ⁴) (±1, exact for Gaussian).
    Expect.allWithin "small λ"
        [ for l in [ 1e-2; 1e-4; 1e-8; 1e-200 ] do
            let e = l - l * l / 2.0
            yield Expect.row (sprintf "sphere λ = %g" l) e (ExponentialCapacity.sphereAlpha1 l) (2.0 * l * l * l + 1e-16 * l)
            yield Expect.row (sprintf "±1 λ = %g" l) e (ExponentialCapacity.bipolarAlpha1 l) (l * l * l * l + 1e-16 * l)
            yield Expect.row (sprintf "Gaussian λ = %g" l) e (ExponentialCapacity.gaussianAlpha1 l) (1e-16 * l) ]

let private lambdas = Gen.choose (1, 4000) |> Gen.map (fun k -> 10.0 ** (float k / 1000.0 - 2.0)) // 0.01 … 100

[<Property(MaxTest = 300)>]
let ``REM threshold property: α₁ increases with the inverse temperature λ`` () =
    Prop.forAll (Arb.fromGen (Gen.zip lambdas lambdas)) (fun (a, b) ->
        let lo, hi = min a b, max a b
        lo = hi
        || (ExponentialCapacity.sphereAlpha1 lo < ExponentialCapacity.sphereAlpha1 hi
            && ExponentialCapacity.bipolarAlpha1 lo <= ExponentialCapacity.bipolarAlpha1 hi
            && ExponentialCapacity.gaussianAlpha1 lo <= ExponentialCapacity.gaussianAlpha1 hi))

[<Property(MaxTest = 300)>]
let ``REM threshold property: ±1 α₁ stays below ln 2 and Gaussian α_c ≤ α₁ ≤ ½`` () =
    // ln 2 − α₁ = ln(1 + e^{−2λ}) rounds to 0 next to ln 2 once e^{−2λ} < 1e-16 (λ > 18.4): strict below that.
    Prop.forAll (Arb.fromGen lambdas) (fun l ->
        let g1 = ExponentialCapacity.gaussianAlpha1 l
        (if l < 18.0 then ExponentialCapacity.bipolarAlpha1 l < Math.Log 2.0 else ExponentialCapacity.bipolarAlpha1 l <= Math.Log 2.0)
        && ExponentialCapacity.gaussianAlphaC l <= g1 && g1 <= 0.5
        && ExponentialCapacity.gaussianAlphaC l > 0.0)

[<Property(MaxTest = 300)>]
let ``REM basin property: α(λ, ρ) rises with ρ to α₁ at ρ = 1 and never beats the zero-temperature I(ρ)`` () =
    // I(ρ) = −½ ln(1 − ρ²): "no other pattern nearer the start than ξ¹"; the bulk branch is I's tangent at m*, below
    // the convex I, and the condensed branch is I itself.
    let rhos = Gen.choose (1, 1000) |> Gen.map (fun k -> float k / 1000.0)
    Prop.forAll (Arb.fromGen (Gen.zip3 lambdas rhos rhos)) (fun (l, a, b) ->
        let lo, hi = min a b, max a b
        let f = ExponentialCapacity.sphereBasinAlpha l
        f lo <= f hi + 1e-15
        && f 1.0 = ExponentialCapacity.sphereAlpha1 l
        && f lo <= -0.5 * Math.Log(1.0 - lo * lo) * (1.0 + 1e-14) + 1e-16)

[<Fact>]
let ``lambertW0OfExp matches 40-digit mpmath values and W₀(e^a) directly where e^a is finite`` () =
    // mpmath.lambertw(mpmath.exp(a)) at 40 digits.
    Expect.allWithin "W₀(e^a)"
        [ for (a, w) in [ 1000.0, 993.09916947238910439; 50.0, 46.16771916549208967; 5.0, 3.6934413589606498043
                          1.5, 1.264959720125500542; 1.0, 1.0; 0.0, 0.567143290409783873; -1.0, 0.27846454276107379511
                          -30.0, 9.3576229688392989538e-14 ] ->
            Expect.row (sprintf "a = %g" a) w (SpecialFunctions.lambertW0OfExp a) (2e-15 * w)
          for a in [ -300.0; -2.0; 0.5; 1.0000001; 3.0; 100.0; 700.0 ] ->
            Expect.row (sprintf "direct a = %g" a) (SpecialFunctions.lambertW0 (Math.Exp a)) (SpecialFunctions.lambertW0OfExp a) (4e-15 * SpecialFunctions.lambertW0 (Math.Exp a)) ]
    Expect.throwsNaming "a" (fun () -> SpecialFunctions.lambertW0OfExp nan)

[<Fact>]
let ``Ramsauer Theorem 3 reproduces the theorem's two worked examples`` () =
    // The theorem's text: c ≥ 3.1546 for β = 1, K = 3, d = 20, p = 0.001 (a + ln b > 1.27) and c ≥ 1.3718 for
    // β = 1, K = 1, d = 75, p = 0.001 (a + ln b < −0.94). Our a + ln b by hand: 1.2732 and −0.9409.
    // The paper's figures are c cut to four decimals (ours: 3.154611, 1.371878).
    Assert.Equal(3.1546, Math.Floor(Math.Exp(Ramsauer.logC 20 1.0 3.0 0.001) * 1e4) / 1e4, 12)
    Assert.Equal(1.3718, Math.Floor(Math.Exp(Ramsauer.logC 75 1.0 1.0 0.001) * 1e4) / 1e4, 12)
    // N ≥ √p c^{(d−1)/4}: √0.001 · 3.1546^{4.75} = 7.41 (hand: 0.031623 · e^{4.75 · 1.14887}); hypothesis
    // c ≥ (2/√p)^{4/19} = 2.394 holds.
    let b = Ramsauer.storage 20 1.0 3.0 0.001
    Assert.Equal(7.41, Math.Round(b.Value.Value, 2))
    Assert.True b.InRange
    // d = 5, β = K = 1, p = ½: a = ½(1 + ln 4) = 1.193, ln b = ln 0.4, W₀(e^{0.2769}) = 0.6730, c = 0.5944 (by hand)
    // < (2/√½)^{4/4} = 2.83: the hypothesis fails, not in range.
    let small = Ramsauer.storage 5 1.0 1.0 0.5
    Assert.Equal(0.594, Math.Round(Math.Exp(Ramsauer.logC 5 1.0 1.0 0.5), 3))
    Assert.False small.InRange
    // β → 10^300 keeps a finite log (W₀ of e^{a + ln b} without the exponential).
    Assert.True(Double.IsFinite (Ramsauer.storage 100 1e300 1.0 0.5).Ln)

[<Fact>]
let ``the C9–C11 registry ids give P = e^{αN} in log space, in range from N = 12, and reject bad input by name`` () =
    let ids = BoundRegistry.all |> List.map (fun f -> f.Info.Id)
    for id in [ "ramsauer-storage"; "lm-sphere.alpha1"; "lm-sphere.basin"; "lm-gaussian.alpha1"; "lm-gaussian.alphac"; "lm-bipolar.alpha1" ] do
        Assert.Contains(id, ids)
    let b = BoundRegistry.evaluate "lm-sphere.alpha1" (Map [ "N", 100.0; "lambda", 1.0 ])
    Assert.Equal(100.0 * 0.622571923779907, b.Ln, 11)
    Assert.True b.InRange
    Assert.False (ExponentialCapacity.sphereAlpha1Bound 11 1.0).InRange
    // ln P = 10^6 · α overflows the value, not the log.
    let big = ExponentialCapacity.bipolarAlpha1Bound 1_000_000 1.0
    Assert.Equal(None, big.Value)
    Assert.Equal(1e6 * 0.566219169516973, big.Ln, 7)
    Assert.Equal((ExponentialCapacity.sphereAlpha1Bound 50 2.0).Ln, (BoundRegistry.evaluate "lm-sphere.basin" (Map [ "N", 50.0; "lambda", 2.0; "rho", 1.0 ])).Ln)
    Expect.allThrowNaming "C9–C11"
        [ Expect.bad "lm-sphere.alpha1 λ = 0" "lambda" (fun () -> ExponentialCapacity.sphereAlpha1Bound 10 0.0)
          Expect.bad "lm-sphere.alpha1 N = 0" "N" (fun () -> ExponentialCapacity.sphereAlpha1Bound 0 1.0)
          Expect.bad "lm-sphere.basin ρ = 0" "rho" (fun () -> ExponentialCapacity.sphereBasinBound 10 1.0 0.0)
          Expect.bad "lm-sphere.basin ρ > 1" "rho" (fun () -> ExponentialCapacity.sphereBasinBound 10 1.0 1.0000001)
          Expect.bad "lm-gaussian.alphac λ NaN" "lambda" (fun () -> ExponentialCapacity.gaussianAlphaCBound 10 nan)
          Expect.bad "lm-bipolar.alpha1 λ = ∞" "lambda" (fun () -> ExponentialCapacity.bipolarAlpha1Bound 10 infinity)
          Expect.bad "ramsauer d = 1" "d" (fun () -> Ramsauer.storage 1 1.0 1.0 0.5)
          Expect.bad "ramsauer p = 0" "pfail" (fun () -> Ramsauer.storage 10 1.0 1.0 0.0)
          Expect.bad "ramsauer p > 1" "pfail" (fun () -> Ramsauer.storage 10 1.0 1.0 1.5)
          Expect.bad "ramsauer K = 0" "K" (fun () -> Ramsauer.storage 10 1.0 0.0 0.5)
          Expect.bad "ramsauer β < 0" "beta" (fun () -> Ramsauer.storage 10 -1.0 1.0 0.5) ]

[<Fact>]
let ``the finite-N dominance threshold at N = 16 matches the annealed REM value, below α₁`` () =
    // Annealed finite-N condition P · E[e^{λN ω}] = e^{λN}, ω the overlap of two uniform points of S^{N−1}:
    // α_N = λ − ln(Γ(N/2) (λN/2)^{1−N/2} I_{N/2−1}(λN)) / N = 0.617675 at λ = 1, N = 16 (mpmath, /tmp/lm/finite.py);
    // α₁ = 0.622572. 40 seeded runs.
    let a = ExponentialRetrieval.run 7 16 1.0 None 40 100_000_000 ignore
    let s = Statistics.summarize a
    Assert.InRange(s.Mean, 0.617675 - 4.0 * s.Sem - 0.002, 0.617675 + 4.0 * s.Sem + 0.002)
    Assert.True(s.Mean < ExponentialCapacity.sphereAlpha1 1.0)
    // The same seed gives the same thresholds.
    Assert.Equal<float[]>(ExponentialRetrieval.run 3 8 1.0 None 5 1_000_000 ignore, ExponentialRetrieval.run 3 8 1.0 None 5 1_000_000 ignore)

[<Fact>]
let ``the fixed-point threshold: from ξ¹ it passes with several patterns, from overlap 0.3 it fails sooner`` () =
    // λ = 1, N = 8 (≈ e^{0.62·8} ≈ 150 patterns at the threshold): from ξ¹ a run passes beyond P = 2; from
    // overlap 0.3 < m* = 0.618 the basin is the zero-temperature I(0.3) = 0.047, e^{0.047·8} ≈ 1.5 patterns.
    let fromPattern = ExponentialRetrieval.run 11 8 1.0 (Some(1.0, 0.1)) 10 10_000_000 ignore
    let fromFar = ExponentialRetrieval.run 11 8 1.0 (Some(0.3, 0.1)) 10 10_000_000 ignore
    Assert.True(Array.min fromPattern >= Math.Log 2.0 / 8.0)
    Assert.True(Array.average fromFar < Array.average fromPattern, sprintf "%A %A" fromFar fromPattern)
    let rng = Random(5)
    Expect.throwsNaming "eps" (fun () -> ExponentialRetrieval.fixedPointThreshold rng 12 1.0 1.0 1.0 100)
    Expect.throwsNaming "rho" (fun () -> ExponentialRetrieval.fixedPointThreshold rng 12 1.0 0.0 0.1 100)
    Expect.throwsNaming "N" (fun () -> ExponentialRetrieval.dominanceThreshold rng 1 1.0 100)
    Assert.Throws<InvalidOperationException>(fun () -> ExponentialRetrieval.dominanceThreshold rng 16 1.0 10 |> ignore) |> ignore
