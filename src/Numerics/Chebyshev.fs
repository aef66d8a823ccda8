/// Chebyshev interpolation on [−1, 1] at the Chebyshev–Lobatto points x_k = cos(kπ/M), k = 0…M: the
/// interpolant Σ_{j=0}^{M} a_j T_j(x), its antiderivative, and Clenshaw's evaluation. A function on [a, b]
/// is interpolated in the variable x = (2t − a − b)/(b − a).
[<RequireQualifiedAccess>]
module AssociativeKernels.Core.Chebyshev

open System

/// The M + 1 Chebyshev–Lobatto points x_k = cos(kπ/M), k = 0…M (from 1 down to −1). M ≥ 1.
[<CompiledName("Points")>]
let points (m: int) : float[] =
    Validate.atLeast "M" 1 m
    Array.init (m + 1) (fun k -> Math.Cos(Math.PI * float k / float m))

/// The coefficients a_j of the interpolant Σ_{j=0}^{M} a_j T_j through the values f_k at x_k = cos(kπ/M):
/// a_j = (2/M) Σ″_k f_k cos(jkπ/M), Σ″ halving the k = 0 and k = M terms, and a_0, a_M halved as well
/// (the discrete cosine transform of type I). At least two values.
[<CompiledName("Coefficients")>]
let coefficients (values: float[]) : float[] =
    Validate.atLeast "values.Length" 2 values.Length
    let m = values.Length - 1
    Array.init (m + 1) (fun j ->
        let mutable s = 0.0
        for k in 0 .. m do
            let fk = if k = 0 || k = m then 0.5 * values.[k] else values.[k]
            s <- s + fk * Math.Cos(Math.PI * float (j * k % (2 * m)) / float m)
        let c = 2.0 / float m * s
        if j = 0 || j = m then 0.5 * c else c)

/// The coefficients (M + 2 of them, the constant 0) of an antiderivative of Σ_{j=0}^{M} a_j T_j, from
/// ∫T_0 = T_1, ∫T_1 = T_2/4 (+ const) and ∫T_j = T_{j+1}/(2(j+1)) − T_{j−1}/(2(j−1)) for j ≥ 2:
/// b_1 = a_0 − a_2/2, b_k = (a_{k−1} − a_{k+1})/(2k) for k ≥ 2 (a_j = 0 beyond M).
[<CompiledName("Antiderivative")>]
let antiderivative (coefficients: float[]) : float[] =
    Validate.atLeast "coefficients.Length" 1 coefficients.Length
    let m = coefficients.Length - 1
    let at j = if j <= m then coefficients.[j] else 0.0
    Array.init (m + 2) (fun k ->
        if k = 0 then 0.0
        elif k = 1 then at 0 - 0.5 * at 2
        else (at (k - 1) - at (k + 1)) / (2.0 * float k))

/// Σ_j c_j T_j(x) by Clenshaw's recurrence b_k = 2x b_{k+1} − b_{k+2} + c_k (k = n…1), result
/// x b_1 − b_2 + c_0; stable for x in [−1, 1].
[<CompiledName("Evaluate")>]
let evaluate (coefficients: float[]) (x: float) : float =
    let mutable b1 = 0.0
    let mutable b2 = 0.0
    for k in coefficients.Length - 1 .. -1 .. 1 do
        let b0 = 2.0 * x * b1 - b2 + coefficients.[k]
        b2 <- b1
        b1 <- b0
    x * b1 - b2 + (if coefficients.Length = 0 then 0.0 else coefficients.[0])
