/// Special functions the kernels and capacity bounds need, in log space where the values leave the
/// range of a double. MathNet.Numerics supplies lnΓ, ln B and erfc for moderate arguments; the log-space
/// incomplete beta and gamma functions, the large-argument log-erfc and Lambert W₀ are our own,
/// because MathNet's versions underflow (erfc past x ≈ 27, I_x(a, b) and P(a, x) below 1e-308) or are
/// absent (Lambert W).
module Kernels.Core.SpecialFunctions

open System
open MathNet.Numerics
open Kernels.Core.LogSpace

let private lnSqrtPi = 0.5 * Math.Log Math.PI
let private lnSqrt2Pi = 0.5 * Math.Log(2.0 * Math.PI)

/// Modified Lentz evaluation of b0 + a1/(b1 + a2/(b2 + …)) with a_k, b_k given as functions of k ≥ 1.
/// Returns the value; throws if it has not converged to 2 ulps in maxIter terms (never silently wrong).
let private lentz (b0: float) (a: int -> float) (b: int -> float) (maxIter: int) : float =
    let tiny = 1e-300
    let mutable f = if b0 = 0.0 then tiny else b0
    let mutable c = f
    let mutable d = 0.0
    let mutable k = 1
    let mutable converged = false
    while not converged && k <= maxIter do
        let ak = a k
        let bk = b k
        d <- bk + ak * d
        if d = 0.0 then d <- tiny
        c <- bk + ak / c
        if c = 0.0 then c <- tiny
        d <- 1.0 / d
        let delta = c * d
        f <- f * delta
        // 2 ulps of 1: a tighter test can only be met by delta = 1.0 exactly and may never be.
        if abs (delta - 1.0) <= 4.440892098500626e-16 then converged <- true
        k <- k + 1
    if not converged then
        raise (ArithmeticException(sprintf "continued fraction did not converge in %d terms" maxIter))
    f

/// ln erfc(x) for every x.
/// For x < 0.5: ln(1 − erf x) via log1p (erfc near 1 would lose the digits of a small erf x).
/// For 0.5 ≤ x < 3: ln of MathNet's erfc (relative accuracy ~1e-15, no underflow there).
/// For x ≥ 3: Laplace's continued fraction √π e^{x²} erfc(x) = 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))),
/// so ln erfc(x) = −x² − ln √π − ln CF(x); this never underflows (KMN Eq. 84 needs x in the thousands).
/// Past x ≈ 1.34e154 the log itself is below −1.8e308 and the result is −∞. x must be finite.
[<CompiledName("LogErfc")>]
let logErfc (x: float) : float =
    Validate.finite "x" x
    if x < 0.5 then log1p (-(SpecialFunctions.Erf x))
    elif x < 3.0 then Math.Log(SpecialFunctions.Erfc x)
    elif x * x > Double.MaxValue then Double.NegativeInfinity
    else
        let cf = lentz x (fun k -> 0.5 * float k) (fun _ -> x) 5000
        -(x * x) - lnSqrtPi - Math.Log cf

/// Principal branch W₀ of the Lambert function: the w ≥ −1 with w e^w = x, for x ≥ −1/e.
/// Start: branch-point series near −1/e, ln(1 + x) for moderate x, ln x − ln ln x for large x; then
/// Halley's iteration on w e^w − x (x ≤ e) or Newton's on w + ln w − ln x (x > e, no overflow).
[<CompiledName("LambertW0")>]
let lambertW0 (x: float) : float =
    let minusInvE = -0.36787944117144233
    Validate.finite "x" x
    if x < minusInvE then
        raise (ArgumentOutOfRangeException("x", x, sprintf "x = %s is outside the domain [-1/e, ∞) of W₀." (Validate.show x)))
    if x = 0.0 then 0.0
    elif x = minusInvE then -1.0
    elif x > Math.E then
        let lx = Math.Log x
        let mutable w = lx - Math.Log lx
        for _ in 1 .. 50 do
            // Newton on g(w) = w + ln w − ln x, g' = 1 + 1/w.
            w <- w - (w + Math.Log w - lx) / (1.0 + 1.0 / w)
        w
    else
        let mutable w =
            if x < -0.25 then
                let p = Math.Sqrt(Math.Max(0.0, 2.0 * (Math.E * x + 1.0)))
                -1.0 + p - p * p / 3.0 + 11.0 / 72.0 * p * p * p
            else log1p x
        let mutable k = 0
        let mutable stop = false
        while not stop && k < 100 do
            let ew = Math.Exp w
            let f = w * ew - x
            let wp1 = w + 1.0
            if wp1 = 0.0 then stop <- true
            else
                let dw = f / (ew * wp1 - (w + 2.0) * f / (2.0 * wp1))
                w <- w - dw
                if abs dw <= 1e-16 * (1.0 + abs w) then stop <- true
            k <- k + 1
        w

/// ln C(n, k) = ln Γ(n+1) − ln Γ(k+1) − ln Γ(n−k+1) for real 0 ≤ k ≤ n.
/// Absolute error ≈ ε · n ln n (≈ 1e-9 at n = 10^6).
[<CompiledName("LogBinomial")>]
let logBinomial (n: float) (k: float) : float =
    Validate.nonNegative "n" n
    Validate.closed "k" 0.0 n k
    SpecialFunctions.GammaLn(n + 1.0) - SpecialFunctions.GammaLn(k + 1.0) - SpecialFunctions.GammaLn(n - k + 1.0)

/// ln n!! for n ≥ −1, with (−1)!! = 0!! = 1:
/// even n: n!! = 2^{n/2} (n/2)!;  odd n: n!! = 2^{(n+1)/2} Γ(n/2 + 1) / √π.
[<CompiledName("LogDoubleFactorial")>]
let logDoubleFactorial (n: int) : float =
    Validate.atLeast "n" -1 n
    if n <= 0 then 0.0
    elif n % 2 = 0 then float (n / 2) * Math.Log 2.0 + SpecialFunctions.GammaLn(float n / 2.0 + 1.0)
    else float (n + 1) / 2.0 * Math.Log 2.0 + SpecialFunctions.GammaLn(float n / 2.0 + 1.0) - lnSqrtPi

/// ln Γ(a+1) − (a ln a − a + ½ ln 2πa): Stirling's series, for a ≥ 20 (truncation < 2e-15).
let private stirlingCorrection (a: float) =
    let a2 = a * a
    (1.0 / 12.0 - (1.0 / 360.0 - (1.0 / 1260.0 - 1.0 / (1680.0 * a2)) / a2) / a2) / a

/// ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b), a, b > 0. When the larger argument c is ≥ 20 the
/// difference ln Γ(c) − ln Γ(c + d) (d the smaller one) is formed from Stirling's series,
///   −(c − ½) ln(1 + d/c) − d ln(c + d) + d + s(c) − s(c + d),
/// so the two large ln Γ never cancel (MathNet's BetaLn(0.5, 10) is ~450 ulps off; this is a few).
[<CompiledName("LogBeta")>]
let logBeta (a: float) (b: float) : float =
    Validate.positive "a" a
    Validate.positive "b" b
    let c = Math.Max(a, b)
    let d = Math.Min(a, b)
    if c < 20.0 then SpecialFunctions.GammaLn a + SpecialFunctions.GammaLn b - SpecialFunctions.GammaLn(a + b)
    else
        SpecialFunctions.GammaLn d
        - (c - 0.5) * log1p (d / c) - d * Math.Log(c + d) + d
        + stirlingCorrection c - stirlingCorrection (c + d)

/// Continued fraction of the incomplete beta function (the even/odd Lentz form):
/// I_x(a,b) = x^a (1−x)^b / (a B(a,b)) · CF. Converges fast for x < (a+1)/(a+b+2).
let private betaContinuedFraction (a: float) (b: float) (x: float) : float =
    let coefficient (m2: int) =
        // d_{2m+1} and d_{2m} of the standard expansion, indexed by k = 1, 2, 3, …
        let m = float (m2 / 2)
        if m2 % 2 = 0 then m * (b - m) * x / ((a + 2.0 * m - 1.0) * (a + 2.0 * m))
        else -(a + m) * (a + b + m) * x / ((a + 2.0 * m) * (a + 2.0 * m + 1.0))
    // 1 / (1 + d1/(1 + d2/(1 + …)))
    let maxIter = 20000 + int (20.0 * Math.Sqrt(Math.Max(a, b)))
    1.0 / lentz 1.0 coefficient (fun _ -> 1.0) maxIter

/// ln I_x(a, b) and ln(1 − I_x(a, b)) = ln I_y(b, a) together, for a, b > 0 and x, y ≥ 0 with
/// x + y = 1 given separately (so a caller who knows 1 − x more precisely than the double 1 − x
/// keeps that precision). The continued fraction is evaluated on the side where it converges and the
/// other value is its log-complement, all in log space, so values far below 1e-308 stay exact.
[<CompiledName("LogBetaRegularizedPair")>]
let logBetaRegularizedPair (a: float) (b: float) (x: float) (y: float) : struct (float * float) =
    Validate.positive "a" a
    Validate.positive "b" b
    Validate.closed "x" 0.0 1.0 x
    Validate.closed "y" 0.0 1.0 y
    // ln(x^a y^b / (a B(a,b)) · CF)
    let lnDirect (a: float) (b: float) (x: float) (y: float) =
        a * Math.Log x + b * Math.Log y - Math.Log a - logBeta a b
        + Math.Log(betaContinuedFraction a b x)
    if x = 0.0 then struct (Double.NegativeInfinity, 0.0)
    elif y = 0.0 then struct (0.0, Double.NegativeInfinity)
    elif x < (a + 1.0) / (a + b + 2.0) then
        let lnI = lnDirect a b x y
        struct (lnI, log1mExp (Math.Min(lnI, 0.0)))
    else
        let lnC = lnDirect b a y x
        struct (log1mExp (Math.Min(lnC, 0.0)), lnC)

/// ln I_x(a, b), the natural log of the regularized incomplete beta function, for a, b > 0 and
/// 0 ≤ x ≤ 1 (−∞ at x = 0); see logBetaRegularizedPair.
[<CompiledName("LogBetaRegularized")>]
let logBetaRegularized (a: float) (b: float) (x: float) : float =
    Validate.closed "x" 0.0 1.0 x
    let struct (lnI, _) = logBetaRegularizedPair a b x (1.0 - x)
    lnI

/// ln B(x; a, b) = ln ∫₀ˣ t^{a−1}(1−t)^{b−1} dt, the non-regularized incomplete beta function.
[<CompiledName("LogBetaIncomplete")>]
let logBetaIncomplete (a: float) (b: float) (x: float) : float =
    logBetaRegularized a b x + logBeta a b

/// u − ln(1 + u), without cancellation for small u.
let private uMinusLog1p (u: float) =
    if abs u < 0.5 then
        // Σ_{k≥2} (−1)^k u^k / k
        let mutable term = u * u
        let mutable s = 0.0
        let mutable k = 2
        while abs term > 1e-18 * abs s || k = 2 do
            s <- s + (if k % 2 = 0 then term else -term) / float k
            term <- term * u
            k <- k + 1
        s
    else u - log1p u

/// ln P(a, x), the natural log of the regularized lower incomplete gamma function, a > 0, x ≥ 0.
/// Series P = x^a e^{−x}/Γ(a+1) · Σ_n x^n / ((a+1)…(a+n)) for x < a + 1, continued fraction for Q
/// (and ln(1 − Q)) above. The prefactor is formed as −a(t − 1 − ln t) − ½ ln 2πa − Stirling
/// correction (t = x/a) for a ≥ 20, which keeps ~1e-15 relative accuracy at a = 10^6.
[<CompiledName("LogGammaLowerRegularized")>]
let logGammaLowerRegularized (a: float) (x: float) : float =
    Validate.positive "a" a
    Validate.nonNegative "x" x
    // ln(x^a e^{−x} / Γ(a+1))
    let lnPrefactor () =
        if a >= 20.0 then -(a * uMinusLog1p (x / a - 1.0)) - lnSqrt2Pi - 0.5 * Math.Log a - stirlingCorrection a
        else a * Math.Log x - x - SpecialFunctions.GammaLn(a + 1.0)
    if x = 0.0 then Double.NegativeInfinity
    elif x < a + 1.0 then
        let mutable term = 1.0
        let mutable sum = 1.0
        let mutable n = 1
        while term > 1e-17 * sum do
            term <- term * x / (a + float n)
            sum <- sum + term
            n <- n + 1
        lnPrefactor () + Math.Log sum
    else
        // Q(a, x) = e^{−x} x^a / Γ(a) · 1/(x + 1 − a − 1·(1−a)/(x + 3 − a − 2(2−a)/(x + 5 − a − …)))
        let cf =
            lentz (x + 1.0 - a) (fun k -> -(float k) * (float k - a)) (fun k -> x + 2.0 * float k + 1.0 - a)
                (20000 + int (20.0 * Math.Sqrt a))
        // Γ(a+1) = a Γ(a): ln(x^a e^{−x}/Γ(a)) = lnPrefactor + ln a
        let lnQ = lnPrefactor () + Math.Log a - Math.Log cf
        log1mExp (Math.Min(lnQ, 0.0))

/// ln P(Binomial(n, p) ≤ k) through the identity P(Bin(n, p) ≤ k) = I_{1−p}(n − k, k + 1).
/// n ≥ 1, 0 ≤ p ≤ 1, any integer k (−∞ for k < 0, 0 for k ≥ n).
[<CompiledName("LogBinomialCdf")>]
let logBinomialCdf (n: int) (p: float) (k: int) : float =
    Validate.atLeast "n" 1 n
    Validate.closed "p" 0.0 1.0 p
    if k < 0 then Double.NegativeInfinity
    elif k >= n then 0.0
    elif p = 0.0 then 0.0
    elif p = 1.0 then Double.NegativeInfinity
    else logBetaRegularized (float (n - k)) (float k + 1.0) (1.0 - p)

/// The x > 0 with ln erfc(x) = lnY, for lnY < 0 (erfc(x) < 1). Bisection on [0, √(−lnY)] (erfc(x) ≤
/// e^{−x²} puts the root below √(−lnY)) to full double precision; works where erfc itself underflows.
[<CompiledName("InverseLogErfc")>]
let inverseLogErfc (lnY: float) : float =
    Validate.finite "lnY" lnY
    if not (lnY < 0.0) then
        raise (ArgumentOutOfRangeException("lnY", lnY, sprintf "lnY = %s is outside its valid range (-∞, 0)." (Validate.show lnY)))
    let mutable lo = 0.0
    let mutable hi = Math.Sqrt(-lnY) + 1.0
    for _ in 1 .. 200 do
        let mid = 0.5 * (lo + hi)
        if logErfc mid > lnY then lo <- mid else hi <- mid
    0.5 * (lo + hi)
