/// The general numerics of src/Numerics (LinearAlgebra, RootFinding, Chebyshev, Quadrature.simpson,
/// AndersonMixing, SpecialFunctions.logHypergeometricUpperTail, LogSpace.softmax, Sampling.shuffleInPlace,
/// Statistics.summarize), each against values derived independently of the code: by hand, from closed
/// forms, or by exact BigInteger arithmetic. Tolerances are in Tolerances.fs.
module Kernels.Core.Tests.NumericsTests

open System
open System.Numerics
open Xunit
open AssociativeKernels.Core
open Kernels.Core.Tests.Expect

// ---- LinearAlgebra ----------------------------------------------------------------------------

[<Fact>]
let ``dot is the sum of products, left to right`` () =
    Assert.Equal(12.0, LinearAlgebra.dot [| 1.0; 2.0; 3.0 |] [| 4.0; -5.0; 6.0 |]) // 4 − 10 + 18
    Assert.Equal(0.0, LinearAlgebra.dot [||] [||])
    // (1e16 + 1) rounds to 1e16 before −1e16 is added: left to right gives 0, any other order 1
    Assert.Equal(0.0, LinearAlgebra.dot [| 1e16; 1.0; -1e16 |] [| 1.0; 1.0; 1.0 |])
    throwsNaming "y" (fun () -> LinearAlgebra.dot [| 1.0 |] [| 1.0; 2.0 |])

[<Fact>]
let ``trySolve solves a hand-worked 3x3 system and refuses a singular one`` () =
    // 2x + y − z = 8, −3x − y + 2z = −11, −2x + y + 2z = −3: by elimination x = 2, y = 3, z = −1
    let a = array2D [ [ 2.0; 1.0; -1.0 ]; [ -3.0; -1.0; 2.0 ]; [ -2.0; 1.0; 2.0 ] ]
    let b = [| 8.0; -11.0; -3.0 |]
    let x = (LinearAlgebra.trySolve a b).Value
    allWithin "3x3 solve" [ for i, e in Array.indexed [| 2.0; 3.0; -1.0 |] -> row (sprintf "x[%d]" i) e x.[i] Tolerances.smallSolve ]
    Assert.Equal(2.0, a.[0, 0]) // inputs untouched
    Assert.Equal(8.0, b.[0])
    // a zero leading entry needs a row swap: [[0, 1], [1, 0]] x = (3, 4) gives x = (4, 3)
    Assert.Equal<float[]>([| 4.0; 3.0 |], (LinearAlgebra.trySolve (array2D [ [ 0.0; 1.0 ]; [ 1.0; 0.0 ] ]) [| 3.0; 4.0 |]).Value)
    Assert.True((LinearAlgebra.trySolve (array2D [ [ 1.0; 2.0 ]; [ 2.0; 4.0 ] ]) [| 1.0; 2.0 |]).IsNone)
    throwsNaming "a" (fun () -> LinearAlgebra.trySolve (array2D [ [ 1.0; 2.0 ] ]) [| 1.0 |])

// ---- RootFinding ------------------------------------------------------------------------------

/// 2^{1/3} to 25 digits.
let private cubeRootOf2 = 1.259921049894873164767210607

[<Fact>]
let ``bisection finds the cube root of 2 to the resolution of a double, or to the tolerance asked`` () =
    let ulp = Math.BitIncrement cubeRootOf2 - cubeRootOf2
    Assert.InRange(RootFinding.bisect (fun x -> x * x * x - 2.0) 0.0 2.0 0.0, cubeRootOf2 - ulp, cubeRootOf2 + ulp)
    // a decreasing function: the side is chosen by the sign at lo, not assumed
    Assert.InRange(RootFinding.bisect (fun x -> 2.0 - x * x * x) 1.0 5.0 0.0, cubeRootOf2 - ulp, cubeRootOf2 + ulp)
    // the midpoint of a bracket no wider than 1e-6 that holds the root
    Assert.InRange(RootFinding.bisect (fun x -> x * x * x - 2.0) 0.0 2.0 1e-6, cubeRootOf2 - 5e-7, cubeRootOf2 + 5e-7)
    throwsNaming "hi" (fun () -> RootFinding.bisect id 1.0 1.0 0.0)
    throwsNaming "tolerance" (fun () -> RootFinding.bisect id 0.0 1.0 -1.0)

// ---- Chebyshev --------------------------------------------------------------------------------

[<Fact>]
let ``Chebyshev points are cos of k pi over M`` () =
    let p = Chebyshev.points 4
    Assert.Equal(5, p.Length)
    allWithin "points" [ row "x0" 1.0 p.[0] 0.0; row "x1" (sqrt 0.5) p.[1] Tolerances.eps; row "x2" 0.0 p.[2] Tolerances.eps
                         row "x3" (-(sqrt 0.5)) p.[3] Tolerances.eps; row "x4" -1.0 p.[4] 0.0 ]

[<Fact>]
let ``the interpolant of T2 through its values is T2 itself`` () =
    let c = Chebyshev.coefficients (Chebyshev.points 6 |> Array.map (fun x -> 2.0 * x * x - 1.0))
    allWithin "coefficients of 2x² − 1" [ for j in 0 .. 6 -> row (sprintf "a%d" j) (if j = 2 then 1.0 else 0.0) c.[j] (Tolerances.chebyshevRounding 6 1.0) ]

[<Fact>]
let ``a Chebyshev fit of exp on an interval reproduces exp, and its antiderivative exp minus exp a`` () =
    let a, b, m = -1.0, 2.0, 24
    let toT (x: float) = 0.5 * (a + b) + 0.5 * (b - a) * x
    let c = Chebyshev.coefficients (Chebyshev.points m |> Array.map (toT >> Math.Exp))
    let big = Chebyshev.antiderivative c
    let at0 = Chebyshev.evaluate big -1.0
    let tol = Tolerances.chebyshevRounding m (Math.Exp b)
    allWithin "exp on [−1, 2]" [
        for i in 0 .. 30 do
            let x = -1.0 + 2.0 * float i / 30.0
            let t = toT x
            yield row (sprintf "exp(%g)" t) (Math.Exp t) (Chebyshev.evaluate c x) tol
            // ∫_a^t e^s ds = e^t − e^a, and ds = (b − a)/2 dx
            yield row (sprintf "∫ to %g" t) (Math.Exp t - Math.Exp a) (0.5 * (b - a) * (Chebyshev.evaluate big x - at0)) (3.0 * tol) ]

// ---- Quadrature.simpson -----------------------------------------------------------------------

[<Fact>]
let ``Simpson is exact for cubics and within its error bound for sin`` () =
    // ∫_0^2 (x³ − 2x² + 3x − 1) dx = 4 − 16/3 + 6 − 2 = 8/3
    let cubic (x: float) = x * x * x - 2.0 * x * x + 3.0 * x - 1.0
    allWithin "cubic" [ for n in [ 2; 4; 10 ] -> row (sprintf "n = %d" n) (8.0 / 3.0) (Quadrature.simpson cubic 0.0 2.0 n) (Tolerances.gamma (n + 1) * 16.0) ]
    // ∫_0^π sin = 2; the error is (b − a) h⁴ sin(ξ)/180 ≥ 0, at most π (π/64)⁴/180
    let s = Quadrature.simpson Math.Sin 0.0 Math.PI 64
    let bound = Math.PI * Math.Pow(Math.PI / 64.0, 4.0) / 180.0
    Assert.InRange(s - 2.0, 0.0, bound)
    throwsNaming "intervals" (fun () -> Quadrature.simpson Math.Sin 0.0 1.0 3)

// ---- AndersonMixing ---------------------------------------------------------------------------

/// Iterates x ← G(x) from x0 with Anderson mixing of `depth` (0: plain iteration) until |x − x*|∞ < 1e-10;
/// returns the steps taken (or 10 000).
let private stepsTo (fixedPoint: float[]) (g: float[] -> float[]) (depth: int) (x0: float[]) =
    let n = x0.Length
    let x = Array.copy x0
    let mixing = AndersonMixing(n, max 1 depth)
    let active = Array.create n true
    let mutable steps = 0
    while steps < 10_000 && Array.exists2 (fun a b -> abs (a - b) >= 1e-10) x fixedPoint do
        let gx = g x
        if depth = 0 then Array.blit gx 0 x 0 n else mixing.Next(x, gx, active) |> ignore
        steps <- steps + 1
    steps

[<Fact>]
let ``Anderson mixing reaches the fixed point of a slow linear contraction in a few steps`` () =
    // G(x) = A x + b, A = [[0.5, 0.4], [0.3, 0.6]] (spectral radius 0.9), b = (1, 1): (I − A) x = b gives x* = (10, 10)
    let g (x: float[]) = [| 0.5 * x.[0] + 0.4 * x.[1] + 1.0; 0.3 * x.[0] + 0.6 * x.[1] + 1.0 |]
    let plain = stepsTo [| 10.0; 10.0 |] g 0 [| 0.0; 0.0 |]
    let mixed = stepsTo [| 10.0; 10.0 |] g 3 [| 0.0; 0.0 |]
    Assert.InRange(plain, 200, 400) // 0.9^k · 14 < 1e-10 needs k ≈ 245
    Assert.InRange(mixed, 1, 10) // on a linear map of ℝ², a secant method with 2 differences is exact

[<Fact>]
let ``Anderson mixing finds the fixed point of cos and leaves inactive components on the plain step`` () =
    let dottie = 0.7390851332151607 // the solution of cos x = x
    let g (x: float[]) = Array.map Math.Cos x
    Assert.InRange(stepsTo [| dottie; dottie |] g 2 [| 0.0; 1.0 |], 1, 15)
    Assert.InRange(stepsTo [| dottie |] g 0 [| 0.0 |], 40, 200) // the plain rate is sin(x*) ≈ 0.67
    let mixing = AndersonMixing(2, 2)
    let x = [| 0.0; 1.0 |]
    for _ in 1 .. 3 do
        let gx = g x
        mixing.Next(x, gx, [| true; false |]) |> ignore
        Assert.Equal(gx.[1], x.[1])
    Assert.Equal(3, mixing.Steps)
    throwsNaming "g" (fun () -> mixing.Next(x, [| 1.0 |], [| true; true |]))

// ---- SpecialFunctions.logHypergeometricUpperTail ------------------------------------------------

let private choose (n: int) (k: int) =
    if k < 0 || k > n then BigInteger.Zero
    else Seq.fold (fun (acc: BigInteger) i -> acc * BigInteger(n - i) / BigInteger(i + 1)) BigInteger.One (seq { 0 .. k - 1 })

/// ln P(T ≥ t0) by the exact sum Σ_{t ≥ t0} C(k, t) C(N − k, l − t) / C(N, l) in integers.
let private exactLogTail (n: int) (k: int) (l: int) (t0: int) =
    let num = Seq.sum (seq { for t in max 0 t0 .. min k l -> choose k t * choose (n - k) (l - t) })
    if num.IsZero then Double.NegativeInfinity else BigInteger.Log num - BigInteger.Log(choose n l)

[<Fact>]
let ``the hypergeometric upper tail equals the exact sum of binomial products`` () =
    let cases =
        [ for n, k, l in [ (10, 4, 5); (40, 12, 30); (60, 30, 30); (60, 5, 50); (57, 20, 3) ] do
            for t0 in -1 .. min k l + 1 -> n, k, l, t0 ]
    allWithin "ln P(T ≥ t0)" [
        for n, k, l, t0 in cases do
            let e = exactLogTail n k l t0
            let got = SpecialFunctions.logHypergeometricUpperTail n k l t0
            if Double.IsNegativeInfinity e then Assert.Equal(Double.NegativeInfinity, got)
            else yield row (sprintf "N=%d k=%d l=%d t0=%d" n k l t0) e got Tolerances.hypergeometricLog ]
    // below the support the tail is certain
    Assert.Equal(0.0, SpecialFunctions.logHypergeometricUpperTail 60 50 40 30)
    throwsNaming "k" (fun () -> SpecialFunctions.logHypergeometricUpperTail 10 11 5 1)

// ---- LogSpace.softmax ---------------------------------------------------------------------------

[<Fact>]
let ``softmax of logits 0 and ln 3 is one quarter and three quarters, at any shift`` () =
    for shift in [ 0.0; 1000.0; -1000.0; 1e5 ] do
        let p = LogSpace.softmax [| shift; shift + Math.Log 3.0 |]
        // shift + ln 3 is rounded to the ulp of the shift, which moves p by up to |shift|·ε relatively
        let tol = (4.0 + abs shift) * Tolerances.eps
        allWithin (sprintf "shift %g" shift) [ row "p0" 0.25 p.[0] tol; row "p1" 0.75 p.[1] tol ]
    Assert.Equal<float[]>([| 0.0; 1.0 |], LogSpace.softmax [| Double.NegativeInfinity; 0.0 |])
    Assert.Equal<float[]>([| 0.5; 0.5 |], LogSpace.softmax [| Double.NegativeInfinity; Double.NegativeInfinity |])

// ---- Sampling.shuffleInPlace and Statistics.summarize -----------------------------------------

[<Fact>]
let ``the Fisher-Yates shuffle gives each of the six orders of three items equally often`` () =
    let rng = Random 11
    let counts = Collections.Generic.Dictionary<string, int>()
    let trials = 60_000
    for _ in 1 .. trials do
        let a = [| 'a'; 'b'; 'c' |]
        Sampling.shuffleInPlace rng a
        let key = String a
        counts.[key] <- (match counts.TryGetValue key with | true, c -> c | _ -> 0) + 1
    Assert.Equal(6, counts.Count)
    // each count is Binomial(60 000, 1/6): mean 10 000, s.d. √(60 000 · 5/36) ≈ 91.3
    let sd = sqrt (float trials * 5.0 / 36.0)
    for KeyValue(order, c) in counts do
        Assert.True(abs (float c - 10_000.0) <= Tolerances.monteCarloSigmas * sd, sprintf "%s: %d" order c)

[<Fact>]
let ``a shuffle of n items draws n minus 1 numbers`` () =
    let rng, fresh = Random 5, Random 5
    Sampling.shuffleInPlace rng (Array.init 10 id)
    for i in 9 .. -1 .. 1 do fresh.Next(i + 1) |> ignore
    Assert.Equal(fresh.Next(), rng.Next())

[<Fact>]
let ``mean and standard error of 1 2 3 4`` () =
    // mean 5/2, sample variance (9/4 + 1/4 + 1/4 + 9/4)/3 = 5/3, s.e. √(5/3/4) = √(5/12)
    let s = Statistics.summarize [| 1.0; 2.0; 3.0; 4.0 |]
    Assert.Equal(2.5, s.Mean)
    allWithin "s.e." [ row "sem" (sqrt (5.0 / 12.0)) s.Sem (4.0 * Tolerances.eps) ]
    Assert.Equal(4, s.Samples)
    let e = Assert.Throws<ArgumentOutOfRangeException>(fun () -> Statistics.summarize [| 1.0 |] |> ignore)
    Assert.Equal("samples", e.ParamName)
    Assert.Contains("samples has length 1; a mean and its standard error need at least 2 samples.", e.Message)
