/// Arithmetic on numbers held as their natural logarithms, so that quantities far outside the
/// range of a double (capacities of 10^100000 patterns, kernels of 10^-5000) stay exact to rounding.
module AssociativeKernels.Core.LogSpace

open System

/// ln(1 + x), accurate for small x (Goldberg's trick; .NET's LogP1 is plain Log(1 + x)).
[<CompiledName("Log1p")>]
let log1p (x: float) : float =
    let u = 1.0 + x
    if u = 1.0 then x
    elif Double.IsInfinity u then Math.Log u
    else Math.Log u * x / (u - 1.0)

/// e^x − 1, accurate for small x (via 2 tanh(x/2) / (1 − tanh(x/2)); .NET's ExpM1 is plain Exp(x) − 1).
[<CompiledName("Expm1")>]
let expm1 (x: float) : float =
    if abs x < 1.0 then
        let t = Math.Tanh(0.5 * x)
        2.0 * t / (1.0 - t)
    else Math.Exp x - 1.0

/// ln(e^a + e^b), exact to rounding for every a, b (either may be −∞).
[<CompiledName("LogAddExp")>]
let logAddExp (a: float) (b: float) : float =
    if Double.IsNegativeInfinity a then b
    elif Double.IsNegativeInfinity b then a
    elif a >= b then a + log1p (Math.Exp(b - a))
    else b + log1p (Math.Exp(a - b))

/// ln Σ e^{x_i}; −∞ for an empty array.
[<CompiledName("LogSumExp")>]
let logSumExp (xs: float[]) : float =
    if xs.Length = 0 then Double.NegativeInfinity
    else
        let m = Array.max xs
        if Double.IsNegativeInfinity m || Double.IsPositiveInfinity m then m
        else
            let mutable s = 0.0
            for x in xs do s <- s + Math.Exp(x - m)
            m + Math.Log s

/// softmax_i(z) = e^{z_i}/Σ_j e^{z_j}, formed as e^{z_i − ln Σ_j e^{z_j}} (log-sum-exp), so no exponential
/// overflows for any finite logits. All logits −∞: the uniform distribution (the limit of equal logits).
/// The one softmax of the core (K7's Kernel.softmax, ScaledScores.softmax and the log-sum-exp Lagrangian
/// call it).
[<CompiledName("Softmax")>]
let softmax (logits: float[]) : float[] =
    let lse = logSumExp logits
    if Double.IsNegativeInfinity lse then Array.create logits.Length (1.0 / float logits.Length)
    else logits |> Array.map (fun l -> Math.Exp(l - lse))

/// ln(1 − e^x) for x ≤ 0, accurate at both ends (Mächler 2012: log1p(−e^x) for x < −ln 2,
/// log(−expm1 x) above).
[<CompiledName("Log1mExp")>]
let log1mExp (x: float) : float =
    if x > 0.0 then invalidArg "x" (sprintf "x = %g: ln(1 − e^x) needs x ≤ 0." x)
    elif x > -0.6931471805599453 then Math.Log(-(expm1 x))
    else log1p (-(Math.Exp x))

/// ln(e^a − e^b) for a ≥ b.
[<CompiledName("LogSubExp")>]
let logSubExp (a: float) (b: float) : float =
    if b > a then invalidArg "b" (sprintf "ln(e^a − e^b) needs a ≥ b; got a = %g, b = %g." a b)
    elif Double.IsNegativeInfinity b then a
    else a + log1mExp (b - a)
