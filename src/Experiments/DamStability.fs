/// The Monte-Carlo process behind DAM §2's P_error (SPEC C2's check; `akern simulate dam-stability`):
/// K random ±1 patterns of dimension N, F(x) = xⁿ; for every bit i of every stored pattern μ, whether
/// one Eq. 4 update of neuron i with the network in state ξ^μ flips it.
[<RequireQualifiedAccess>]
module AssociativeKernels.Core.DamStability

open System

/// One trial: the fraction of the N·K stored bits that one Eq. 4 update flips. The overlaps
/// Q_νμ = ξ^ν·ξ^μ are computed once (O(K²N)); with the network at ξ^μ, Σ_{j≠i} ξ_j^ν σ_j = Q_νμ − ξ_i^ν ξ_i^μ,
/// so each bit costs O(K). Patterns are drawn row by row from `rng` (Sampling.bipolarVector, f = ½).
/// n ≥ 1, N ≥ 1, K ≥ 1.
[<CompiledName("Trial")>]
let trial (rng: Random) (n: int) (nN: int) (k: int) : float =
    Validate.atLeast "n" 1 n
    Validate.atLeast "N" 1 nN
    Validate.atLeast "K" 1 k
    let xi = Array.init k (fun _ -> Sampling.bipolarVector rng nN 0.5)
    let q = Array2D.zeroCreate k k
    for a in 0 .. k - 1 do
        for b in a .. k - 1 do
            let t = LinearAlgebra.dot xi.[a] xi.[b]
            q.[a, b] <- t
            q.[b, a] <- t
    let f = DenseEnergy.Polynomial n
    let plus = Array.zeroCreate k
    let minus = Array.zeroCreate k
    let mutable unstable = 0
    for mu in 0 .. k - 1 do
        let s = xi.[mu]
        for i in 0 .. nN - 1 do
            for nu in 0 .. k - 1 do
                let x = xi.[nu].[i]
                let rest = q.[nu, mu] - x * s.[i]
                plus.[nu] <- x + rest
                minus.[nu] <- -x + rest
            if DenseEnergy.differenceSign f s.[i] plus minus k <> s.[i] then unstable <- unstable + 1
    float unstable / float (nN * k)

/// `trials` seeded trials (System.Random(seed), the same numbers on any machine): one unstable-bit
/// fraction per trial. `progress` is called with the number of trials done after each one.
[<CompiledName("Run")>]
let run (seed: int) (n: int) (nN: int) (k: int) (trials: int) (progress: int -> unit) : float[] =
    Validate.atLeast "n" 1 n
    Validate.atLeast "N" 1 nN
    Validate.atLeast "K" 1 k
    Validate.atLeast "trials" 2 trials
    let rng = Random(seed)
    Array.init trials (fun t ->
        let x = trial rng n nN k
        progress (t + 1)
        x)
