/// Seeded random draws shared by the feature maps and the simulations. System.Random with an
/// explicit seed uses the same algorithm on every platform, so a seed gives the same numbers everywhere.
module AssociativeKernels.Core.Sampling

open System

/// One standard normal draw by the Box–Muller transform (u1 ∈ (0, 1] so the log is finite).
[<CompiledName("Gaussian")>]
let gaussian (rng: Random) : float =
    let u1 = 1.0 - rng.NextDouble()
    let u2 = rng.NextDouble()
    Math.Sqrt(-2.0 * Math.Log u1) * Math.Cos(2.0 * Math.PI * u2)

/// A vector of n standard normal draws, N(0, I_n).
[<CompiledName("GaussianVector")>]
let gaussianVector (rng: Random) (n: int) : float[] = Array.init n (fun _ -> gaussian rng)

/// A uniform point on the unit sphere S^{n−1} (a normalized Gaussian vector).
[<CompiledName("SpherePoint")>]
let spherePoint (rng: Random) (n: int) : float[] =
    let rec draw () =
        let v = gaussianVector rng n
        let norm = Math.Sqrt(Array.sumBy (fun x -> x * x) v)
        if norm = 0.0 then draw () else Array.map (fun x -> x / norm) v
    draw ()

/// A ±1 vector whose entries are +1 with probability f (KMN's sparseness).
[<CompiledName("BipolarVector")>]
let bipolarVector (rng: Random) (n: int) (f: float) : float[] =
    Array.init n (fun _ -> if rng.NextDouble() < f then 1.0 else -1.0)

/// Shuffles `items` in place into a uniformly random order by the Fisher–Yates algorithm: for i = n − 1
/// down to 1, swap items[i] with items[j], j = rng.Next(i + 1) uniform on 0…i (n − 1 draws). The one
/// shuffle of the core: seeded experiments and update orders draw through it.
[<CompiledName("ShuffleInPlace")>]
let shuffleInPlace (rng: Random) (items: 'T[]) : unit =
    for i in items.Length - 1 .. -1 .. 1 do
        let j = rng.Next(i + 1)
        let t = items.[i]
        items.[i] <- items.[j]
        items.[j] <- t
