/// Scores and weights held as s_μ = s′_μ·2^E, so that one-step retrieval (ModernHopfield, UniversalHopfield)
/// on any finite data and any β > 0 either gives finite, right numbers or refuses — never ∞ or NaN
/// (issue 11 item 3).
///
/// Why powers of two: x·2^k is exact for every double x unless the result leaves the normal range, and
/// rounding commutes with it, so a computation on data scaled by 2^k is the unscaled computation to the last
/// bit wherever the latter neither overflows nor underflows. Data are scaled only when a bound on the scores
/// leaves [2^−900, 2^1000] (then ξ·q, ‖ξ − q‖² or Σ|ξ − q| could overflow, or every product fall into the
/// subnormal range); elsewhere E = 0 and everything is computed exactly as without this module. Entries far
/// below the largest one may become subnormal when scaled down; each then moves its product by at most
/// 2^−1074·2^E, below the rounding u·max|ξ|·max|q| the sum makes anyway.
namespace AssociativeKernels.Core

open System

/// The true values are Values[μ]·2^Exponent (internal: the retrieval code's working form).
type internal ScaledScores = { Values: float[]; Exponent: int }

[<RequireQualifiedAccess>]
module internal ScaledScores =

    /// Score bounds inside [2^Low, 2^High] are formed unscaled; High leaves 2^23 of headroom for the sums
    /// and products that follow, Low keeps products of the largest entries out of the subnormal range.
    let private low, high = -900.0, 1000.0

    let maxAbs (x: float[]) =
        let mutable m = 0.0
        for v in x do m <- max m (abs v)
        m

    let maxAbsRows (rows: float[][]) = rows |> Array.fold (fun m r -> max m (maxAbs r)) 0.0

    /// Whether data whose scores are bounded by 2^log2Bound must be scaled (a bound of 0, log −∞: never).
    let private outside (log2Bound: float) =
        not (Double.IsNegativeInfinity log2Bound) && (log2Bound < low || log2Bound > high)

    /// k with 2^k ≤ m < 2^(k+1), for m > 0 finite (subnormals included).
    let private exponent (m: float) = Math.ILogB m

    let private scaled (c: int) (x: float[]) = x |> Array.map (fun v -> Math.ScaleB(v, -c))

    /// An exponent sum kept inside ±2^30, far beyond where ScaleB saturates (no int overflow for huge n·E, and a
    /// message about a value beyond a double's range shows its true exponent up to 2^30).
    let clampExponent (e: int64) = int (max -(1L <<< 30) (min (1L <<< 30) e))

    /// x·y·2^e for finite x > 0 and y ≤ 0 (either may be 0, y may be −∞) without intermediate overflow or
    /// underflow: the mantissas are multiplied (one rounding, result in [1, 4)) and the exponents added.
    let mulPow2 (x: float) (y: float) (e: int) =
        if y = 0.0 || Double.IsInfinity y then x * y
        else
            let ex, ey = exponent x, exponent y
            Math.ScaleB(Math.ScaleB(x, -ex) * Math.ScaleB(y, -ey), clampExponent (int64 ex + int64 ey + int64 e))

    /// The true values, or an ArgumentException naming `name` when one is beyond a double's range.
    let values (name: string) (what: string) (s: ScaledScores) : float[] =
        if s.Exponent = 0 then s.Values
        else
            s.Values |> Array.mapi (fun mu v ->
                let x = Math.ScaleB(v, s.Exponent)
                if Double.IsInfinity x && not (Double.IsInfinity v) then
                    raise (ArgumentException(sprintf "%s: %s[%d] = %s·2^%d is beyond a double's range (±1.8e308), so it cannot be returned." name what mu (Validate.show v) s.Exponent, name))
                x)

    /// The scores ξ^μ·q of every row, ξ scaled by 2^−a and q by 2^−b (E = a + b) when the bound
    /// N·max|ξ|·max|q| is outside [2^Low, 2^High]; `maxRow` = max_μ,i |ξ^μ_i|.
    let dot (rows: float[][]) (maxRow: float) (q: float[]) : ScaledScores =
        let mq = maxAbs q
        if outside (Math.Log2(float q.Length) + Math.Log2 maxRow + Math.Log2 mq) then
            let a, b = exponent maxRow, exponent mq
            let q' = scaled b q
            { Values = rows |> Array.map (fun x -> LinearAlgebra.dot (scaled a x) q'); Exponent = a + b }
        else { Values = rows |> Array.map (fun x -> LinearAlgebra.dot x q); Exponent = 0 }

    /// The distances d(ξ^μ, q) = Σ_i φ(ξ_i − q_i) of every row, with φ homogeneous of degree `power`
    /// (2: the squared Euclidean distance, 1: Manhattan): ξ and q both scaled by 2^−c (E = power·c) when
    /// the bound N·(2 max(max|ξ|, max|q|))^power is outside [2^Low, 2^High].
    let distance (power: int) (measure: float[] -> float[] -> float) (rows: float[][]) (maxRow: float) (q: float[]) : ScaledScores =
        let m = max maxRow (maxAbs q)
        if outside (Math.Log2(float q.Length) + float power * Math.Log2(2.0 * m)) then
            let c = exponent m
            let q' = scaled c q
            { Values = rows |> Array.map (fun x -> measure (scaled c x) q'); Exponent = power * c }
        else { Values = rows |> Array.map (fun x -> measure x q); Exponent = 0 }

    /// The shifted logits t_μ = β·2^E·(s′_μ − max s′) ≤ 0 of finite scores, each product formed by mulPow2 (no
    /// overflow for any β in (0, 1.8e308]; t = 0 at the maximum).
    let shiftedLogits (beta: float) (s: ScaledScores) : float[] =
        let m = Array.max s.Values
        s.Values |> Array.map (fun x -> mulPow2 beta (x - m) s.Exponent)

    /// The quadratic part of the modern Hopfield energies, ½‖v‖² − max_μ ξ^μ·v (+ ½ max_μ ‖ξ^μ‖² with `withNorms`), and
    /// the scores ξ^μ·v. ξ and v are scaled by one power of two 2^−c when N·max(max|ξ|, max|v|)² is outside
    /// [2^Low, 2^High] (as in `dot`), so no square or product over- or underflows and each part is the unscaled one to the
    /// last bit wherever that stays in range; the terms of size max², which cancel as v nears a pattern, are added
    /// before the sum is scaled back. ±∞ only when the quadratic part itself is beyond the doubles.
    let quadraticPart (rows: float[][]) (maxRow: float) (v: float[]) (withNorms: bool) : float * ScaledScores =
        let m = max maxRow (maxAbs v)
        let c = if outside (Math.Log2(float v.Length) + 2.0 * Math.Log2 m) then exponent m else 0
        let shift (x: float[]) = if c = 0 then x else scaled c x
        let v' = shift v
        // One pass over the rows: each (scaled) row's score and, with `withNorms`, its squared norm.
        let s, norms =
            rows |> Array.map (fun x -> let x' = shift x in LinearAlgebra.dot x' v', (if withNorms then LinearAlgebra.dot x' x' else 0.0))
            |> Array.unzip
        Math.ScaleB(0.5 * LinearAlgebra.dot v' v' - Array.max s + 0.5 * Array.max norms, 2 * c), { Values = s; Exponent = 2 * c }

    /// An energy, or an OverflowException where it is beyond a double's range (±1.8e308).
    let finiteEnergy (what: string) (e: float) : float =
        if Double.IsFinite e then e
        else raise (OverflowException(sprintf "the energy %s of this state is %s, beyond a double's range (±1.8e308), so it cannot be returned." what (if Double.IsNaN e then "not a number in double precision" elif e > 0.0 then "above 1.8e308" else "below −1.8e308")))

    /// softmax_μ(β s_μ) = LogSpace.softmax of the logits t_μ = β·2^E·(s′_μ − max s′) (softmax is shift-invariant),
    /// the product formed by mulPow2: t ≤ 0, t = 0 at the maximum, so nothing overflows for any β in
    /// (0, 1.8e308]; a t that would underflow the exponential gives weight 0, which is its value to within 2^−1074. All scores −∞ (every divergence infinite): uniform, the limit of equal scores.
    let softmax (beta: float) (s: ScaledScores) : float[] =
        let h = s.Values
        let m = Array.max h
        if Double.IsNegativeInfinity m then Array.create h.Length (1.0 / float h.Length)
        else LogSpace.softmax (shiftedLogits beta s)

    /// The simplex map (SimplexMap: sparsemax, entmax, normmax, softmax) of β s, formed like `softmax` on the shifted
    /// logits t_μ = β·2^E·(s′_μ − max s′) ≤ 0 (every one of these maps is shift-invariant). All scores −∞: uniform.
    let simplexMap (map: SimplexMap) (beta: float) (s: ScaledScores) : float[] =
        let h = s.Values
        let m = Array.max h
        if Double.IsNegativeInfinity m then Array.create h.Length (1.0 / float h.Length)
        else SimplexMap.applyShiftedUnchecked map (shiftedLogits beta s)

    /// sⁿ for n = 1, 2 or any n ≥ 1 (`power`, applied to numbers of magnitude at most 1). Up to n = 1000 as
    /// w′_μ = (s′_μ/2^k)ⁿ·2^{n(E + k)} with 2^k > max|s′|: scaling by 2^−k is exact, so w′ is the power of the
    /// exact score, at most 1 in magnitude and the largest at least 2^−1000 (normal). Beyond n = 1000 that
    /// largest power would underflow (0.5^1075 = 0), so the scores are divided by the largest, t = max|s′| =
    /// m 2^e (m ∈ [1, 2)), and tⁿ = 2^f·2^{⌊n log₂ m⌋ + n e} with f the fractional part of n log₂ m:
    /// w′_μ = 2^f (s′_μ/t)ⁿ, the largest in [1, 2) (relative error ≈ n u from the division and the log). A w′ that
    /// underflows is below 2^−1074 of the largest term either way. Infinite scores (infinite divergences) have no
    /// finite power: an ArgumentException naming `name`.
    let power (name: string) (n: int) (pow: float -> float) (s: ScaledScores) : ScaledScores =
        let top = maxAbs s.Values
        if Double.IsInfinity top then
            raise (ArgumentException(sprintf "%s: a score is infinite (an infinite divergence), so its power sⁿ is not finite; use DivergenceSmoothing > 0 or another separation." name, name))
        if top = 0.0 then { Values = Array.zeroCreate s.Values.Length; Exponent = 0 }
        elif n <= 1000 then
            let k = exponent top + 1
            { Values = s.Values |> Array.map (fun x -> pow (Math.ScaleB(x, -k)))
              Exponent = clampExponent (int64 n * (int64 s.Exponent + int64 k)) }
        else
            let e = exponent top
            let l = float n * Math.Log2(Math.ScaleB(top, -e))
            let whole = Math.Floor l
            let f = Math.Pow(2.0, l - whole)
            { Values = s.Values |> Array.map (fun x -> f * pow (x / top))
              Exponent = clampExponent (int64 n * (int64 s.Exponent + int64 e) + int64 whole) }

    /// z = Σ_μ w_μ p^μ (z = Pᵀw with the rows of P), skipping zero weights.
    let projectUnchecked (p: float[][]) (w: float[]) =
        let out = Array.zeroCreate p.[0].Length
        for mu in 0 .. p.Length - 1 do
            let wm = w.[mu]
            if wm <> 0.0 then
                let row = p.[mu]
                for i in 0 .. out.Length - 1 do out.[i] <- out.[i] + wm * row.[i]
        out

    /// z = Σ_μ w_μ p^μ for scaled weights w, scaled in turn: P is scaled by 2^−g (g = exponent of max|p|)
    /// when K·max|w′|·max|p| is outside [2^Low, 2^High], so partial sums never overflow; `maxP` = max|p^μ_i|.
    let project (p: float[][]) (maxP: float) (w: ScaledScores) : ScaledScores =
        let bound = Math.Log2(float p.Length) + Math.Log2(maxAbs w.Values) + Math.Log2 maxP
        if outside bound then
            let g = exponent maxP
            { Values = projectUnchecked (p |> Array.map (scaled g)) w.Values; Exponent = clampExponent (int64 w.Exponent + int64 g) }
        else { Values = projectUnchecked p w.Values; Exponent = w.Exponent }
