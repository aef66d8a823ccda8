/// The process behind KMN Fig. E.1 (the pure part of SPEC E1 and of C8's check): random patterns are
/// drawn one by one until one of them lies closer than 2r to an earlier one (Δ² ≤ 4r², KMN
/// App. E.2.3); the capacity of the run is the number of patterns stored before that one.
[<RequireQualifiedAccess>]
module AssociativeKernels.Core.CollisionProcess

open System

/// A pattern family: how to draw one pattern of dimension N.
type Family =
    /// ξ ~ N(0, I_N).
    | Gaussian
    /// ξ uniform on S^{N−1}.
    | Sphere
    /// ξ ∈ {±1}^N with P(ξ_i = +1) = f.
    | Bipolar of f: float

let private draw (family: Family) (rng: Random) (n: int) =
    match family with
    | Gaussian -> Sampling.gaussianVector rng n
    | Sphere -> Sampling.spherePoint rng n
    | Bipolar f -> Sampling.bipolarVector rng n f

/// One run: returns the number of patterns stored before the first pattern within squared distance
/// 4r² of an earlier one. Throws if no collision happens within `maxPatterns` draws (so a run never
/// silently reports a truncated count). N ≥ 1, r > 0.
[<CompiledName("Run")>]
let run (family: Family) (rng: Random) (n: int) (r: float) (maxPatterns: int) : int =
    Validate.atLeast "N" 1 n
    Validate.positive "r" r
    Validate.atLeast "maxPatterns" 1 maxPatterns
    match family with
    | Bipolar f -> Validate.openInterval "f" 0.0 1.0 f
    | _ -> ()
    let limit = 4.0 * r * r
    let stored = ResizeArray<float[]>()
    let mutable result = -1
    while result < 0 do
        if stored.Count >= maxPatterns then
            raise (InvalidOperationException(sprintf "no collision among %d patterns; raise maxPatterns or r" maxPatterns))
        let x = draw family rng n
        let mutable collided = false
        let mutable i = 0
        while not collided && i < stored.Count do
            let y = stored.[i]
            let mutable d = 0.0
            let mutable j = 0
            while j < n && d <= limit do
                let t = x.[j] - y.[j]
                d <- d + t * t
                j <- j + 1
            if d <= limit then collided <- true
            i <- i + 1
        if collided then result <- stored.Count else stored.Add x
    result

/// Mean and standard error of the mean (Statistics.summarize) over `runs` seeded runs.
[<CompiledName("MeanCapacity")>]
let meanCapacity (family: Family) (seed: int) (runs: int) (n: int) (r: float) (maxPatterns: int) : float * float =
    Validate.atLeast "runs" 2 runs
    let rng = Random(seed)
    let xs = Array.init runs (fun _ -> float (run family rng n r maxPatterns))
    let s = Statistics.summarize xs
    s.Mean, s.Sem
