/// Kernels on vectors (SPEC K1–K4, K7). Vectors are float[]; a set of stored patterns is a
/// float[][] of rows (DESIGN.md: patterns are rows; KMN writes X with patterns as columns).
[<RequireQualifiedAccess>]
module AssociativeKernels.Core.Kernel

open System

let private checkPair (x: float[]) (y: float[]) =
    Validate.vector "x" x
    Validate.vector "y" y
    Validate.sameLength "x" x "y" y


/// ‖x − y‖₂² = Σ_i (x_i − y_i)² without validation (one home for the squared distance: Euclidean similarity,
/// the UHN retrieval criterion, and ‖x − y‖₂ below).
let internal squaredDistanceUnchecked (x: float[]) (y: float[]) =
    let mutable s = 0.0
    for i in 0 .. x.Length - 1 do
        let d = x.[i] - y.[i]
        s <- s + d * d
    s

/// ‖x − y‖₂ = m · 2^e without validation, as the pair (m, e), free of over- and underflow in between: when the
/// plain sum of squares leaves the range where it is exact to rounding (below 2^−900 or beyond the doubles), every
/// difference is scaled by 2^−k, 2^k just above the largest |x_i − y_i|, before it is squared (as hypot does), so
/// 1e-200 apart is 1e-200 (not 0) and 1e200 against −1e200 is 2e200 (not +∞). A difference of two finite entries
/// that overflows is formed from their halves. (0, 0) when x = y.
let internal scaledDistance (x: float[]) (y: float[]) : struct (float * int) =
    let plain = squaredDistanceUnchecked x y
    if plain >= Math.ScaleB(1.0, -900) && Double.IsFinite plain then struct (Math.Sqrt plain, 0)
    else
        let halfDifference i = 0.5 * x.[i] - 0.5 * y.[i]
        // k with |x_i − y_i| < 2^k for every i (the binary exponent of the largest difference, plus one).
        let mutable k = Int32.MinValue
        for i in 0 .. x.Length - 1 do
            let full = x.[i] - y.[i]
            if full <> 0.0 then
                let e = if Double.IsFinite full then Math.ILogB full + 1 else Math.ILogB(halfDifference i) + 2
                if e > k then k <- e
        if k = Int32.MinValue then struct (0.0, 0)
        else
            let mutable sum = 0.0
            for i in 0 .. x.Length - 1 do
                let full = x.[i] - y.[i]
                let d = if Double.IsFinite full then Math.ScaleB(full, -k) else Math.ScaleB(halfDifference i, 1 - k)
                sum <- sum + d * d
            struct (Math.Sqrt sum, k)

/// ‖x − y‖₂ without validation (see scaledDistance; +∞ only when the distance itself is beyond the doubles).
let internal distanceUnchecked (x: float[]) (y: float[]) =
    let struct (m, e) = scaledDistance x y
    Math.ScaleB(m, e)

/// ‖x − y‖₂ (Euclidean distance).
[<CompiledName("Distance")>]
let distance (x: float[]) (y: float[]) =
    checkPair x y
    distanceUnchecked x y

/// K1, the linear kernel k(x, y) = x·y (KMN §3.2).
[<CompiledName("Linear")>]
let linear (x: float[]) (y: float[]) : float =
    checkPair x y
    LinearAlgebra.dot x y

/// K2, the polynomial kernel (x·y + c)^p (KMN §3.2, §5): homogeneous for c = 0, inhomogeneous for
/// c > 0. Valid for whole p ≥ 1 and c ≥ 0 (then it is a Mercer kernel).
[<CompiledName("Polynomial")>]
let polynomial (p: int) (c: float) (x: float[]) (y: float[]) : float =
    Validate.atLeast "p" 1 p
    Validate.nonNegative "c" c
    checkPair x y
    Math.Pow(LinearAlgebra.dot x y + c, float p)

/// K2, the rectified polynomial ReP_n(x) = x^n for x ≥ 0 and 0 for x < 0 (DAM Eq. 3), n ≥ 1.
[<CompiledName("RectifiedPolynomial")>]
let rectifiedPolynomial (n: int) (x: float) : float =
    Validate.atLeast "n" 1 n
    Validate.finite "x" x
    if x >= 0.0 then Math.Pow(x, float n) else 0.0

/// Derivative of ReP_n: n x^{n−1} for x ≥ 0 and 0 for x < 0 (the activation f = F′ of DAM §5), n ≥ 1.
[<CompiledName("RectifiedPolynomialDerivative")>]
let rectifiedPolynomialDerivative (n: int) (x: float) : float =
    Validate.atLeast "n" 1 n
    Validate.finite "x" x
    if x >= 0.0 then float n * Math.Pow(x, float (n - 1)) else 0.0

/// K3, the exponential kernel exp(β x·y) (KMN §3.2; the F of Demircigil et al.), β > 0.
/// The value is +∞ where β x·y > ln(Double.MaxValue) ≈ 709.78. β multiplies the dot product before it is scaled
/// back (LinearAlgebra.scaledDot), so x·y beyond the doubles with a small β (1e300 · 1e9 at β = 1e-308: e^{10}) is right.
[<CompiledName("Exponential")>]
let exponential (beta: float) (x: float[]) (y: float[]) : float =
    Validate.positive "beta" beta
    checkPair x y
    let struct (s, e) = LinearAlgebra.scaledDot x y
    let eb = Math.ILogB beta
    Math.Exp(Math.ScaleB(Math.ScaleB(beta, -eb) * s, e + eb))

/// K4 at a given distance d ≥ 0: exp(−(d/r)^β) (KMN Eq. 21), β > 0, r > 0. Ln = −(d/r)^β is kept even
/// where the value underflows. Where d/r itself leaves the doubles (d = 1e300, r = 1e-20; or d = 5e-324,
/// r = 10) the power is formed from the binary exponents instead: with d = m_d 2^{e_d}, r = m_r 2^{e_r},
/// m ∈ [1, 2), (d/r)^β = 2^t with t = β log₂(m_d/m_r) + β (e_d − e_r), whose relative error is ≤ ln 2 · |t| u
/// (< 8e-14 wherever ln K is a double). Ln is −∞ only when (d/r)^β exceeds the largest double.
/// (The distance is taken as d = m·2^e, m ≥ 0 finite, so that a distance beyond the doubles, from expBeta, goes the
/// same way: its d/r is not a normal double and its m_d 2^{e_d} is m's mantissa and exponent plus e.)
let private expBetaOfScaledDistance (beta: float) (r: float) (m: float) (e: int) : LogValue =
    if m = 0.0 then LogValue.ofLn 0.0
    else
        let q = Math.ScaleB(m, e) / r
        if Double.IsNormal q then LogValue.ofLn (-(Math.Pow(q, beta)))
        else
            let em, er = Math.ILogB m, Math.ILogB r
            let t = beta * Math.Log2(Math.ScaleB(m, -em) / Math.ScaleB(r, -er)) + beta * float (em + e - er)
            LogValue.ofLn (-(Math.Pow(2.0, t)))

[<CompiledName("ExpBetaOfDistance")>]
let expBetaOfDistance (beta: float) (r: float) (d: float) : LogValue =
    Validate.positive "beta" beta
    Validate.positive "r" r
    Validate.nonNegative "d" d
    expBetaOfScaledDistance beta r d 0

let private distanceP = Formula.nonNegative "d" ", the distance ‖x − y‖"

let private expBetaInfo : FormulaInfo =
    { Id = "exp-beta"; Equation = "KMN Eq. 21"; Kind = "kernel value"; Summary = "Exp-β kernel exp(−(d/r)^β) at distance d"
      Parameters = [ Formula.positive "beta"; Formula.positive "r"; distanceP ]; Regime = KernelResult.exact }

/// K4 in the registry (by distance).
[<CompiledName("ExpBetaFormula")>]
let expBetaFormula =
    Formula.make expBetaInfo (fun a -> KernelResult.make expBetaInfo true (expBetaOfDistance a.["beta"] a.["r"] a.["d"]))

/// K4, the Exp-β (exponential power) kernel exp(−(‖x − y‖/r)^β) (KMN Eq. 21), β > 0, r > 0. The distance is
/// formed without over- or underflow (scaledDistance) and kept as m·2^e, so where it is itself beyond the doubles
/// (entries near ±1.8e308) (d/r)^β = 2^t is formed from its binary exponent as in expBetaOfDistance.
[<CompiledName("ExpBeta")>]
let expBeta (beta: float) (r: float) (x: float[]) (y: float[]) : LogValue =
    checkPair x y
    Validate.positive "beta" beta
    Validate.positive "r" r
    let struct (m, e) = scaledDistance x y
    expBetaOfScaledDistance beta r m e

/// The β → ∞ limit of K4 at distance d: Θ(r − d) with Θ(0) = e^{−1} (KMN Eqs. 69–70, Property 5.1).
[<CompiledName("ExpBetaLimitOfDistance")>]
let expBetaLimitOfDistance (r: float) (d: float) : float =
    Validate.positive "r" r
    Validate.nonNegative "d" d
    if d < r then 1.0 elif d = r then Math.Exp -1.0 else 0.0

let private expBetaLimitInfo : FormulaInfo =
    { Id = "exp-beta.limit"; Equation = "KMN Eqs. 69–70"; Kind = "kernel value"; Summary = "β → ∞ limit Θ(r − d) with Θ(0) = e^−1"
      Parameters = [ Formula.positive "r"; distanceP ]; Regime = KernelResult.exact }

/// K4's β → ∞ limit in the registry (by distance).
[<CompiledName("ExpBetaLimitFormula")>]
let expBetaLimitFormula =
    Formula.make expBetaLimitInfo (fun a ->
        KernelResult.make expBetaLimitInfo true (LogValue.ofValue (expBetaLimitOfDistance a.["r"] a.["d"])))

/// The β → ∞ limit of K4 at the distance between x and y, unchecked vectors (a distance beyond the doubles is
/// beyond any radius r: 0).
let internal expBetaLimitUnchecked (r: float) (x: float[]) (y: float[]) : float =
    let d = distanceUnchecked x y
    if Double.IsFinite d then expBetaLimitOfDistance r d
    else
        Validate.positive "r" r
        0.0

/// The β → ∞ limit of K4: Θ(r − ‖x − y‖) with Θ(0) = e^{−1} (KMN Eq. 70).
[<CompiledName("ExpBetaLimit")>]
let expBetaLimit (r: float) (x: float[]) (y: float[]) : float =
    checkPair x y
    expBetaLimitUnchecked r x y

let private checkPatterns (qName: string) (patterns: float[][]) (q: float[]) =
    Validate.nonEmpty "patterns" patterns
    Validate.vector qName q
    patterns |> Array.iteri (fun mu p ->
        Validate.vector (sprintf "patterns[%d]" mu) p
        Validate.sameLength qName q (sprintf "patterns[%d]" mu) p)

/// K7, the softmax "kernel" softmax_μ(β ξ^μ·q) over the stored patterns (KMN §4.2; UHN Eq. 7).
/// Neither symmetric nor positive definite. Softmax is shift-invariant, so the logits are β(s_μ − max s)
/// with s_μ = ξ^μ·q: never +∞ and never ∞ − ∞, for any finite β > 0 (β = 1e300 gives the one-hot argmax).
/// A score ξ^μ·q that overflows a double is refused, naming q.
/// `qName` is the query's name in errors (the facade passes its own parameter's, `query`).
let internal softmaxNamed (qName: string) (beta: float) (patterns: float[][]) (q: float[]) : float[] =
    Validate.positive "beta" beta
    checkPatterns qName patterns q
    let scores = patterns |> Array.map (fun p -> LinearAlgebra.dot p q)
    scores |> Array.iteri (fun mu s ->
        if not (Double.IsFinite s) then
            raise (ArgumentException(sprintf "ξ^%d·%s = %s overflows a double; scale %s or the patterns down." mu qName (Validate.show s) qName, qName)))
    let top = Array.max scores
    LogSpace.softmax (scores |> Array.map (fun s -> beta * (s - top)))

/// K7, the softmax "kernel" softmax_μ(β ξ^μ·q) (see softmaxNamed: errors name the query q).
[<CompiledName("Softmax")>]
let softmax (beta: float) (patterns: float[][]) (q: float[]) : float[] = softmaxNamed "q" beta patterns q

/// K7's zero-temperature limit: the index of the pattern with the largest ξ^μ·q (lowest index on ties),
/// so that lim_{β→∞} softmax = one-hot(argmax) when the maximum is unique (KMN §4.2).
[<CompiledName("Argmax")>]
let argmax (patterns: float[][]) (q: float[]) : int =
    checkPatterns "q" patterns q
    let mutable best = 0
    let mutable bestScore = LinearAlgebra.dot patterns.[0] q
    for mu in 1 .. patterns.Length - 1 do
        let s = LinearAlgebra.dot patterns.[mu] q
        if s > bestScore then
            best <- mu
            bestScore <- s
    best

/// The Gram (kernel) matrix K_{μν} = k(ξ^μ, ξ^ν) of a set of patterns (rows). Every entry is
/// evaluated (no symmetry is assumed, so an asymmetric k such as K7 shows as such).
[<CompiledName("Gram")>]
let gram (k: float[] -> float[] -> float) (patterns: float[][]) : float[,] =
    Validate.nonEmpty "patterns" patterns
    Array2D.init patterns.Length patterns.Length (fun i j -> k patterns.[i] patterns.[j])
