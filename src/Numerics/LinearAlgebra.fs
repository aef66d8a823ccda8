/// Dense vector and small-matrix operations of the core, written as plain scalar loops (DESIGN: the core is
/// the readable reference; vectorised versions live in the facade's Fast namespace).
[<RequireQualifiedAccess>]
module AssociativeKernels.Core.LinearAlgebra

open System

/// x·y = s·2^e as the pair (s, e): e = 0 and s the plain sum, left to right, where that is finite. Where it came out
/// ±∞ or NaN with finite entries (products beyond the doubles: 1e200 · 1e200, or ∞ − ∞ from 1e200 · 1e200 −
/// 1e200 · 1e200), each vector is scaled down by a power of two, only as far as brings its largest entry below
/// 2^480, so every product is below 2^960 and no partial sum overflows, while the small products lose as few
/// exponent bits as possible (1e200·1e200 − 1e200·1e200 + 3·4 is 12); s is that sum and e the scaling. The usual
/// error bound of a dot product, N u Σ|x_i y_i|, still holds. With a non-finite entry: the plain sum, e = 0.
/// (A caller can multiply s by a small factor before scaling back, as K3 does with β.)
let internal scaledDot (x: float[]) (y: float[]) : struct (float * int) =
    let mutable s = 0.0
    for i in 0 .. x.Length - 1 do s <- s + x.[i] * y.[i]
    if Double.IsFinite s then struct (s, 0)
    else
        let mutable mx = 0.0
        let mutable my = 0.0
        for i in 0 .. x.Length - 1 do
            mx <- Math.Max(mx, Math.Abs x.[i])
            my <- Math.Max(my, Math.Abs y.[i])
        if not (Double.IsFinite mx && Double.IsFinite my) || mx = 0.0 || my = 0.0 then struct (s, 0)
        else
            let ex, ey = Math.Max(0, Math.ILogB mx - 479), Math.Max(0, Math.ILogB my - 479)
            let mutable t = 0.0
            for i in 0 .. x.Length - 1 do t <- t + Math.ScaleB(x.[i], -ex) * Math.ScaleB(y.[i], -ey)
            struct (t, ex + ey)

/// x·y = Σ_i x_i y_i, summed left to right (the one dot product of the core). The lengths must match. With finite
/// entries the result is never NaN: a sum whose products overflow is formed again rescaled (scaledDot), and it is
/// ±∞ only when x·y itself is beyond the doubles.
[<CompiledName("Dot")>]
let dot (x: float[]) (y: float[]) : float =
    if x.Length <> y.Length then
        raise (ArgumentException(sprintf "x has length %d but y has length %d; a dot product needs equal lengths." x.Length y.Length, "y"))
    let struct (s, e) = scaledDot x y
    if e = 0 then s else Math.ScaleB(s, e)

/// Solves the square system A x = b by Gaussian elimination with partial pivoting (row swaps choose the
/// largest |pivot| of each column), then back substitution; A and b are not modified. None when a pivot is
/// 0 (A singular) or the solution is not finite. Meant for small systems (cost O(k³)).
[<CompiledName("TrySolve")>]
let trySolve (a: float[,]) (b: float[]) : float[] option =
    let k = b.Length
    if Array2D.length1 a <> k || Array2D.length2 a <> k then
        raise (ArgumentException(sprintf "a is %d × %d but b has length %d; a must be square with b's length." (Array2D.length1 a) (Array2D.length2 a) k, "a"))
    let m = Array2D.copy a
    let x = Array.copy b
    let mutable ok = true
    for c in 0 .. k - 1 do
        let mutable piv = c
        for r in c + 1 .. k - 1 do
            if abs m.[r, c] > abs m.[piv, c] then piv <- r
        if not (abs m.[piv, c] > 0.0) then ok <- false
        elif ok then
            if piv <> c then
                for q in 0 .. k - 1 do
                    let t = m.[c, q]
                    m.[c, q] <- m.[piv, q]
                    m.[piv, q] <- t
                let t = x.[c]
                x.[c] <- x.[piv]
                x.[piv] <- t
            for r in c + 1 .. k - 1 do
                let f = m.[r, c] / m.[c, c]
                for q in c .. k - 1 do
                    m.[r, q] <- m.[r, q] - f * m.[c, q]
                x.[r] <- x.[r] - f * x.[c]
    if not ok then None
    else
        for c in k - 1 .. -1 .. 0 do
            let mutable s = x.[c]
            for q in c + 1 .. k - 1 do
                s <- s - m.[c, q] * x.[q]
            x.[c] <- s / m.[c, c]
        if Array.forall Double.IsFinite x then Some x else None
