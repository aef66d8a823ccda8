/// Explicit feature maps φ with φ(x)·φ(y) = K(x, y) (SPEC K8; KMN §3.3, App. C, App. F).
[<RequireQualifiedAccess>]
module AssociativeKernels.Core.FeatureMap

open System

/// The length of a feature vector, refused (ArgumentOutOfRangeException naming "x") beyond what one .NET array holds.
let private featureLength (what: string) (n: int) (length: int64) : int =
    if length > int64 Array.MaxLength then
        raise (ArgumentOutOfRangeException("x", n, sprintf "x has length %d, so %s would have %d entries, more than the %d one .NET array can hold." n what length Array.MaxLength))
    int length

/// The features, or an OverflowException where a product x_i x_j left the doubles (|x_i x_j| > 1.8e308).
let private finiteFeatures (what: string) (features: float[]) : float[] =
    if features |> Array.exists Double.IsInfinity then
        raise (OverflowException(sprintf "%s has an entry beyond a double's range (a product x_i x_j above 1.8e308 in magnitude); scale x down." what))
    features

/// The degree-2 polynomial feature map of KMN Eq. 107:
/// φ(x) = (1, √2 x_1, …, √2 x_N, √2 x_1x_2, …, √2 x_{N−1}x_N, x_1², …, x_N²), so φ(x)·φ(y) = (x·y + 1)².
/// Length 1 + 2N + N(N−1)/2 (refused beyond one .NET array); an OverflowException where an entry leaves the doubles.
[<CompiledName("Polynomial2")>]
let polynomial2 (x: float[]) : float[] =
    Validate.vector "x" x
    let n = x.Length
    let phi = Array.zeroCreate (featureLength "φ(x) of Eq. 107" n (1L + 2L * int64 n + int64 n * int64 (n - 1) / 2L))
    let s2 = Math.Sqrt 2.0
    phi.[0] <- 1.0
    let mutable k = 1
    for i in 0 .. n - 1 do
        phi.[k] <- s2 * x.[i]
        k <- k + 1
    for i in 0 .. n - 1 do
        for j in i + 1 .. n - 1 do
            phi.[k] <- s2 * x.[i] * x.[j]
            k <- k + 1
    for i in 0 .. n - 1 do
        phi.[k] <- x.[i] * x.[i]
        k <- k + 1
    finiteFeatures "φ(x) of Eq. 107" phi

/// φ_pairs of KMN App. C: all cross terms x_i x_j, i < j (length N(N−1)/2, refused beyond one .NET array), so that
/// φ(x)·φ(y) = ((x·y)² − Σ_i x_i² y_i²)/2, which is ((x·y)² − N)/2 on ±1 vectors. An OverflowException where a
/// product leaves the doubles.
[<CompiledName("Pairs")>]
let pairs (x: float[]) : float[] =
    Validate.vector "x" x
    let n = x.Length
    let phi = Array.zeroCreate (featureLength "φ_pairs(x)" n (int64 n * int64 (n - 1) / 2L))
    let mutable k = 0
    for i in 0 .. n - 1 do
        for j in i + 1 .. n - 1 do
            phi.[k] <- x.[i] * x.[j]
            k <- k + 1
    finiteFeatures "φ_pairs(x)" phi

/// The kernel of φ_pairs without forming the features: ((x·y)² − Σ_i x_i² y_i²)/2.
[<CompiledName("PairsKernel")>]
let pairsKernel (x: float[]) (y: float[]) : float =
    Validate.vector "x" x
    Validate.vector "y" y
    Validate.sameLength "x" x "y" y
    let mutable dot = 0.0
    let mutable diag = 0.0
    for i in 0 .. x.Length - 1 do
        let p = x.[i] * y.[i]
        dot <- dot + p
        diag <- diag + p * p
    (dot * dot - diag) / 2.0

/// N_φ random SDM addresses drawn uniformly from the hypercube {±1}^N (rows), seeded.
[<CompiledName("RandomHypercubeAddresses")>]
let randomHypercubeAddresses (seed: int) (count: int) (n: int) : float[][] =
    Validate.atLeast "count" 1 count
    Validate.atLeast "N" 1 n
    let rng = Random(seed)
    Array.init count (fun _ -> Sampling.bipolarVector rng n 0.5)

/// N_φ random SDM addresses drawn uniformly from the unit sphere S^{N−1} (rows), seeded.
[<CompiledName("RandomHypersphereAddresses")>]
let randomHypersphereAddresses (seed: int) (count: int) (n: int) : float[][] =
    Validate.atLeast "count" 1 count
    Validate.atLeast "N" 1 n
    let rng = Random(seed)
    Array.init count (fun _ -> Sampling.spherePoint rng n)

/// The SDM feature map φ_SDM(x) = Θ(Z x − b) (KMN §3.3, Eq. 13), one entry per address (row of Z),
/// with Θ(0) = 1 so that on the hypercube, with b = N − 2r, an address is active exactly when its
/// Hamming distance to x is at most r. On the sphere b ∈ (−1, 1) is the cosine of the cap angle.
[<CompiledName("Sdm")>]
let sdm (addresses: float[][]) (bias: float) (x: float[]) : float[] =
    Validate.nonEmpty "addresses" addresses
    Validate.finite "bias" bias
    Validate.vector "x" x
    addresses |> Array.map (fun z ->
        Validate.sameLength "x" x "addresses row" z
        if LinearAlgebra.dot z x >= bias then 1.0 else 0.0)
