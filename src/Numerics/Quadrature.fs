/// Numerical integration of positive integrands given by their logarithm, so that integrands such as
/// sin(φ)^{N−2} for N in the thousands (values near 1e-3000) are integrated without underflow.
module AssociativeKernels.Core.Quadrature

open System
open AssociativeKernels.Core.LogSpace

/// ln ∫_a^b exp(logF(x, da, db)) dx by tanh-sinh (double-exponential) quadrature, which converges
/// double-exponentially for integrands analytic inside (a, b), including integrable endpoint
/// singularities. The integrand receives the node x together with its distances da = x − a and
/// db = b − x, computed without cancellation, so endpoint behaviour such as (x − a)^p is exact.
/// The step is halved until two successive levels agree to `relTol` (relative) or level 12
/// (≈ 2·10^4 nodes) is reached; the function returns (ln integral, estimated relative error).
[<CompiledName("LogTanhSinh")>]
let logTanhSinh (logF: float -> float -> float -> float) (a: float) (b: float) (relTol: float) : float * float =
    if not (b > a) then invalidArg "b" (sprintf "the interval [%g, %g] is empty" a b)
    let half = 0.5 * (b - a)
    let tMax = 3.2 // beyond this, nodes are within ~1e-19 of the ends (weights below double range)
    // Log of the contribution at node t (weight · f), or −∞ if it underflows.
    let node (t: float) =
        let u = 0.5 * Math.PI * Math.Sinh t
        let cu = Math.Cosh u
        // 1 − tanh|u| = 2 / (e^{2|u|} + 1), exact for large |u|.
        let oneMinus = 2.0 / (Math.Exp(2.0 * abs u) + 1.0)
        let da, db =
            if u >= 0.0 then half * (2.0 - oneMinus), half * oneMinus
            else half * oneMinus, half * (2.0 - oneMinus)
        if da <= 0.0 || db <= 0.0 then Double.NegativeInfinity
        else
            let x = if da <= db then a + da else b - db
            let lw = Math.Log(half * 0.5 * Math.PI * Math.Cosh t) - 2.0 * Math.Log cu
            lw + logF x da db
    let levelSum (h: float) (oddOnly: bool) =
        let n = int (Math.Ceiling(tMax / h))
        let terms = ResizeArray()
        for k in -n .. n do
            if not oddOnly || (abs k) % 2 = 1 then
                terms.Add(node (float k * h))
        logSumExp (terms.ToArray())
    // Level 0: h = 1/2. Each level adds the odd nodes of the halved step.
    let mutable h = 0.5
    let mutable lnSum = levelSum h false
    let mutable estimate = lnSum + Math.Log h
    let mutable err = Double.PositiveInfinity
    let mutable level = 0
    while level < 12 && not (err <= relTol) do
        h <- h / 2.0
        lnSum <- logAddExp lnSum (levelSum h true)
        let next = lnSum + Math.Log h
        err <- if Double.IsNegativeInfinity next && Double.IsNegativeInfinity estimate then 0.0
               else abs (expm1 (next - estimate))
        estimate <- next
        level <- level + 1
    estimate, err

/// ∫_a^b f(x) dx by the composite Simpson rule on `intervals` (even, ≥ 2) equal steps h = (b − a)/n:
/// (h/3)[f(x_0) + 4f(x_1) + 2f(x_2) + … + 4f(x_{n−1}) + f(x_n)], x_i = a + i h. Exact for cubics; the error
/// is −(b − a) h⁴ f⁽⁴⁾(ξ)/180 for some ξ in (a, b).
[<CompiledName("Simpson")>]
let simpson (f: float -> float) (a: float) (b: float) (intervals: int) : float =
    Validate.finite "a" a
    Validate.finite "b" b
    Validate.atLeast "intervals" 2 intervals
    if intervals % 2 <> 0 then
        raise (ArgumentOutOfRangeException("intervals", intervals, sprintf "intervals = %d must be even." intervals))
    let h = (b - a) / float intervals
    let mutable s = 0.0
    for i in 0 .. intervals do
        let w = if i = 0 || i = intervals then 1.0 elif i % 2 = 1 then 4.0 else 2.0
        s <- s + w * f (a + float i * h)
    s * h / 3.0
