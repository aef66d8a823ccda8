/// The Monte-Carlo retrieval experiment of the classical Hopfield network (`akern simulate
/// hopfield-retrieval`): K = round(αN) random ±1 patterns stored by the zero-diagonal Hebbian rule
/// (HopfieldRule.HebbianZeroDiagonal), a start state that is stored pattern ξ¹ with each bit flipped with
/// probability `flip`, asynchronous updates in a fresh random order each sweep until a sweep changes
/// nothing, and the final overlap m = (1/N) ξ¹·s (1 = perfect retrieval). Above α ≈ 0.138 (DAM §2, C1)
/// the retrieval state disappears and m drops.
[<RequireQualifiedAccess>]
module AssociativeKernels.Core.HopfieldRetrieval

open System

/// The number of patterns K = round(αN) (α N rounded half away from zero), which must be a whole number in
/// [1, 2³¹ − 1]: an α below 1/(2N) stores no pattern and is refused (ArgumentOutOfRangeException naming "alpha"),
/// not raised to one pattern behind the caller's back.
[<CompiledName("PatternCount")>]
let patternCount (nN: int) (alpha: float) : int =
    let k = Math.Round(alpha * float nN, MidpointRounding.AwayFromZero)
    if not (k >= 1.0 && k <= float Int32.MaxValue) then
        raise (ArgumentOutOfRangeException("alpha", alpha, sprintf "alpha = %s with N = %d gives K = round(αN) = %s patterns; K must be a whole number in [1, 2147483647] (α ≥ 1/(2N) stores one pattern)." (Validate.show alpha) nN (Validate.show k)))
    int k

/// One trial; returns the final overlap. The fields are h_i = Σ_μ ξ_i^μ m_μ − K s_i (the Hebbian
/// field with T_ii = K removed) from the overlaps m_μ = ξ^μ·s, kept up to date in O(K) per flip, so a
/// sweep costs O(NK) and no N×N matrix is formed; the result equals HopfieldNetwork.iterateAsynchronous
/// with the same orders. Sweeps stop after `maxSweeps` (N ≥ 1, 0 < α, 0 ≤ flip ≤ 1).
[<CompiledName("Trial")>]
let trial (rng: Random) (nN: int) (alpha: float) (flip: float) (maxSweeps: int) : float =
    Validate.atLeast "N" 1 nN
    Validate.positive "alpha" alpha
    Validate.closed "flip" 0.0 1.0 flip
    Validate.atLeast "maxSweeps" 1 maxSweeps
    let k = patternCount nN alpha
    let xi = Array.init k (fun _ -> Sampling.bipolarVector rng nN 0.5)
    let target = xi.[0]
    let s = target |> Array.map (fun x -> if rng.NextDouble() < flip then -x else x)
    // column form: column i holds ξ_i^μ for every μ
    let col = Array.init nN (fun i -> Array.init k (fun mu -> xi.[mu].[i]))
    let m = Array.init k (fun mu -> LinearAlgebra.dot xi.[mu] s)
    let order = Array.init nN id
    let mutable changed = true
    let mutable sweeps = 0
    while changed && sweeps < maxSweeps do
        changed <- false
        sweeps <- sweeps + 1
        Sampling.shuffleInPlace rng order
        for i in order do
            let c = col.[i]
            // integers throughout, so the order of the sum does not matter
            let h = -float k * s.[i] + LinearAlgebra.dot c m
            let next = Dynamics.sign s.[i] h
            if next <> s.[i] then
                changed <- true
                s.[i] <- next
                for mu in 0 .. k - 1 do m.[mu] <- m.[mu] + 2.0 * next * c.[mu]
    LinearAlgebra.dot target s / float nN

/// `trials` seeded trials (System.Random(seed)); one final overlap per trial. `progress` is called
/// with the number of trials done after each one.
[<CompiledName("Run")>]
let run (seed: int) (nN: int) (alpha: float) (flip: float) (trials: int) (maxSweeps: int) (progress: int -> unit) : float[] =
    Validate.atLeast "N" 1 nN
    Validate.positive "alpha" alpha
    Validate.closed "flip" 0.0 1.0 flip
    Validate.atLeast "trials" 2 trials
    let rng = Random(seed)
    Array.init trials (fun t ->
        let x = trial rng nN alpha flip maxSweeps
        progress (t + 1)
        x)
