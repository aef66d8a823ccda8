/// The Monte-Carlo side of C10 (`akern simulate lm-sphere-retrieval`, `lm-sphere-dominance`; E7
/// `akern reproduce lm-capacity`): at finite N, the largest load α = ln P / N at which a stored pattern
/// survives the modern Hopfield update x ← √N · normalize(Σ_μ softmax_μ(λ ξ^μ·x) ξ^μ), for P patterns
/// drawn uniformly on the sphere of radius √N (Sampling.spherePoint scaled by √N). A run draws its
/// patterns one after another, so the patterns of a smaller P are the first P of a larger one, and
/// returns its own threshold; over runs, P(threshold ≥ α) is the success rate at α wherever success is
/// monotone in P along a run (exactly so for the dominance criterion), so the median of the thresholds
/// is the α of success rate ½ and their mean ± s.e. is what E7 reports.
[<RequireQualifiedAccess>]
module AssociativeKernels.Core.ExponentialRetrieval

open System

/// The iterations of the update before a start is declared not converged (then judged by where it is).
let private maxIterations = 200

/// Squared step ‖x' − x‖²/N below which the update has converged.
let private converged = 1e-20

let private checkCommon (n: int) (lambda: float) (maxPatterns: int) =
    Validate.atLeast "N" 2 n
    Validate.positive "lambda" lambda
    Validate.atLeast "maxPatterns" 2 maxPatterns

let private draw (rng: Random) (n: int) =
    let scale = Math.Sqrt(float n)
    Sampling.spherePoint rng n |> Array.map (fun v -> v * scale)

let private dot (a: float[]) (offset: int) (b: float[]) (n: int) =
    let mutable s = 0.0
    for i in 0 .. n - 1 do s <- s + a.[offset + i] * b.[i]
    s

/// The dominance criterion, LM's REM condition at finite N: with the state at ξ¹, ξ¹ keeps more than half
/// of the update's softmax weight, S_P = Σ_{ν=2..P} exp(λ(ξ^ν·ξ¹ − N)) < 1. S_P grows with P, so a run
/// streams patterns (none stored) until S reaches 1 and returns ln P*/N, P* the largest P with S_P < 1.
/// A run that draws `maxPatterns` patterns without reaching 1 fails (InvalidOperationException).
/// N ≥ 2, λ > 0, maxPatterns ≥ 2.
[<CompiledName("DominanceThreshold")>]
let dominanceThreshold (rng: Random) (n: int) (lambda: float) (maxPatterns: int) : float =
    checkCommon n lambda maxPatterns
    let first = draw rng n
    let mutable s = 0.0
    let mutable p = 1
    while s < 1.0 do
        if p >= maxPatterns then
            raise (InvalidOperationException(sprintf "a run drew maxPatterns = %d patterns (α = %.3f at N = %d) and ξ¹ still held half of the weight; raise maxPatterns." maxPatterns (Math.Log(float maxPatterns) / float n) n))
        let xi = draw rng n
        s <- s + Math.Exp(lambda * (dot xi 0 first n - float n))
        if s < 1.0 then p <- p + 1
    Math.Log(float p) / float n

/// Whether the update, iterated from `start` with the first `count` rows of `rows` (row-major, N each;
/// row 0 is ξ¹), ends at an overlap ξ¹·x/N ≥ 1 − ε.
let private retrieves (rows: float[]) (count: int) (n: int) (lambda: float) (eps: float) (start: float[]) (h: float[]) =
    let x = Array.copy start
    let y = Array.zeroCreate n
    let scale = Math.Sqrt(float n)
    let mutable iter = 0
    let mutable fin = false
    while not fin && iter < maxIterations do
        let mutable hMax = Double.NegativeInfinity
        for mu in 0 .. count - 1 do
            let v = lambda * dot rows (mu * n) x n
            h.[mu] <- v
            if v > hMax then hMax <- v
        Array.fill y 0 n 0.0
        for mu in 0 .. count - 1 do
            let w = Math.Exp(h.[mu] - hMax)
            let o = mu * n
            for i in 0 .. n - 1 do y.[i] <- y.[i] + w * rows.[o + i]
        let norm = Math.Sqrt(Array.sumBy (fun v -> v * v) y)
        let mutable step = 0.0
        for i in 0 .. n - 1 do
            let v = y.[i] * scale / norm
            step <- step + (v - x.[i]) * (v - x.[i])
            x.[i] <- v
        fin <- step / float n < converged
        iter <- iter + 1
    dot rows 0 x n / float n >= 1.0 - eps

/// The fixed-point criterion: the update, iterated from a start at overlap ρ with ξ¹ (x₀ = ρξ¹ + √(1−ρ²) z,
/// z a random direction orthogonal to ξ¹ with ‖z‖ = √N, drawn once per run; ρ = 1 starts at ξ¹), ends at
/// overlap ξ¹·x/N ≥ 1 − ε. Iterated until a step moves x by less than 1e-10 √N, at most 200 times. A run
/// stores its patterns and finds its threshold by doubling P (2, 4, 8, …) up to the first failure, then
/// bisecting between the last success and it; returns ln P*/N, P* the last success. A run that succeeds
/// at `maxPatterns` fails (InvalidOperationException). N ≥ 2, λ > 0, 0 < ρ ≤ 1, 0 < ε < 1,
/// 2 ≤ maxPatterns ≤ Array.MaxLength / (2N).
[<CompiledName("FixedPointThreshold")>]
let fixedPointThreshold (rng: Random) (n: int) (lambda: float) (rho: float) (eps: float) (maxPatterns: int) : float =
    checkCommon n lambda maxPatterns
    Validate.openClosed "rho" 0.0 1.0 rho
    Validate.openInterval "eps" 0.0 1.0 eps
    if int64 maxPatterns * int64 n > int64 Array.MaxLength / 2L then
        raise (ArgumentOutOfRangeException("maxPatterns", maxPatterns, sprintf "maxPatterns = %d is outside its valid range [2, %d] at N = %d: a run keeps up to twice that many rows of N numbers in one array." maxPatterns (int64 Array.MaxLength / 2L / int64 n) n))
    let first = draw rng n
    let start =
        if rho = 1.0 then Array.copy first
        else
            // z: a Gaussian direction with its ξ¹ component removed, scaled to √N.
            let g = Sampling.gaussianVector rng n
            let along = (dot g 0 first n) / float n
            let z = Array.init n (fun i -> g.[i] - along * first.[i])
            let zn = Math.Sqrt(Array.sumBy (fun v -> v * v) z)
            let c = Math.Sqrt(1.0 - rho * rho) * Math.Sqrt(float n) / zn
            Array.init n (fun i -> rho * first.[i] + c * z.[i])
    let mutable rows = Array.zeroCreate (4 * n)
    Array.blit first 0 rows 0 n
    let mutable drawn = 1
    let ensure (count: int) =
        if count * n > rows.Length then
            let bigger = Array.zeroCreate (max (count * n) (2 * rows.Length))
            Array.blit rows 0 bigger 0 (drawn * n)
            rows <- bigger
        while drawn < count do
            Array.blit (draw rng n) 0 rows (drawn * n) n
            drawn <- drawn + 1
    let mutable h = Array.zeroCreate 4
    let test (count: int) =
        ensure count
        if h.Length < count then h <- Array.zeroCreate (max count (2 * h.Length))
        retrieves rows count n lambda eps start h
    let tooMany () =
        raise (InvalidOperationException(sprintf "a run retrieved ξ¹ with maxPatterns = %d patterns (α = %.3f at N = %d); raise maxPatterns." maxPatterns (Math.Log(float maxPatterns) / float n) n))
    if not (test 1) then 0.0
    else
        let mutable lo = 1
        let mutable hi = -1
        while hi < 0 do
            if lo >= maxPatterns then tooMany ()
            let next = int (min (2L * int64 lo) (int64 maxPatterns))
            if test next then lo <- next else hi <- next
        while hi - lo > 1 do
            let mid = lo + (hi - lo) / 2
            if test mid then lo <- mid else hi <- mid
        Math.Log(float lo) / float n

/// `runs` seeded runs (System.Random(seed), the same numbers on any machine), one threshold α* each:
/// the dominance criterion when `rho` is None, else the fixed-point criterion from overlap ρ with
/// tolerance ε. `progress` is called with the number of runs done after each one.
[<CompiledName("Run")>]
let run (seed: int) (n: int) (lambda: float) (fixedPoint: (float * float) option) (runs: int) (maxPatterns: int) (progress: int -> unit) : float[] =
    checkCommon n lambda maxPatterns
    Validate.atLeast "runs" 2 runs
    let rng = Random(seed)
    Array.init runs (fun t ->
        let a =
            match fixedPoint with
            | None -> dominanceThreshold rng n lambda maxPatterns
            | Some(rho, eps) -> fixedPointThreshold rng n lambda rho eps maxPatterns
        progress (t + 1)
        a)
