/// Anderson acceleration of a fixed-point iteration x ← G(x) (Anderson 1965; Walker & Ni 2011, "type II").
namespace AssociativeKernels.Core

open System

/// Anderson mixing of depth m for x ∈ ℝⁿ. Each Next(x, g) is given the current iterate x_k and its image
/// g_k = G(x_k), with residual f_k = g_k − x_k, and returns (in x) the mixed iterate
///     x_{k+1} = g_k − Σ_p γ_p ΔG_p,   γ = argmin_γ ‖f_k − Σ_p γ_p ΔF_p‖²,
/// where ΔF_p = f_{j+1} − f_j and ΔG_p = g_{j+1} − g_j are the last min(k, m) differences (kept in a ring of m
/// slots). γ solves the normal equations (ΔFᵀΔF + λI) γ = ΔFᵀ f_k, with the ridge λ = 1e-10 tr(ΔFᵀΔF) + 1e-300
/// keeping them solvable when differences are nearly parallel. With no history yet, or if that system
/// cannot be solved, the step is the plain iteration x_{k+1} = g_k.
///
/// Components can be left out (`active` false): their residual counts as 0, they take no part in the
/// least-squares fit, and they take the plain step g_k. Plain iteration converges linearly at the rate of
/// G's contraction; the mixing is a quasi-Newton (secant) step on the residual and converges much faster
/// when that rate is close to 1. Not thread-safe: one instance per solve.
type AndersonMixing(dimension: int, depth: int) =
    do
        Validate.atLeast "dimension" 1 dimension
        Validate.atLeast "depth" 1 depth
    let n = dimension
    let prevF = Array.zeroCreate<float> n
    let prevG = Array.zeroCreate<float> n
    let f = Array.zeroCreate<float> n
    let dF = Array.zeroCreate<float> (depth * n) // slot p holds ΔF_p at p·n … p·n + n − 1
    let dG = Array.zeroCreate<float> (depth * n)
    let mutable steps = 0

    /// The vector length n.
    member _.Dimension = dimension
    /// The number m of differences kept.
    member _.Depth = depth
    /// The number of steps taken since construction or the last Reset.
    member _.Steps = steps

    /// Forgets the history (the next step is a plain iteration).
    member _.Reset() = steps <- 0

    /// One mixed step: x holds x_k on entry and x_{k+1} on return; g = G(x_k); active marks the components
    /// that take part. Returns whether the step was mixed (false: the plain step g).
    member _.Next(x: float[], g: float[], active: bool[]) : bool =
        for name, length in [ "x", (if isNull (box x) then -1 else x.Length); "g", (if isNull (box g) then -1 else g.Length)
                              "active", (if isNull (box active) then -1 else active.Length) ] do
            if length <> n then raise (ArgumentException(sprintf "%s must have length %d (the dimension), not %d." name n length, name))
        let on i = active.[i]
        for i in 0 .. n - 1 do
            f.[i] <- if on i then g.[i] - x.[i] else 0.0
        // the newest differences go to slot (k − 1) mod m
        if steps > 0 then
            let slot = (steps - 1) % depth
            for i in 0 .. n - 1 do
                dF.[slot * n + i] <- f.[i] - prevF.[i]
                dG.[slot * n + i] <- g.[i] - prevG.[i]
        Array.blit f 0 prevF 0 n
        Array.blit g 0 prevG 0 n
        let k = Math.Min(steps, depth)
        let gamma =
            if k = 0 then None
            else
                let a = Array2D.zeroCreate<float> k k
                let b = Array.zeroCreate<float> k
                for p in 0 .. k - 1 do
                    for q in 0 .. k - 1 do
                        let mutable s = 0.0
                        for i in 0 .. n - 1 do
                            if on i then s <- s + dF.[p * n + i] * dF.[q * n + i]
                        a.[p, q] <- s
                    let mutable s = 0.0
                    for i in 0 .. n - 1 do
                        if on i then s <- s + dF.[p * n + i] * f.[i]
                    b.[p] <- s
                let mutable trace = 0.0
                for p in 0 .. k - 1 do
                    trace <- trace + a.[p, p]
                for p in 0 .. k - 1 do
                    a.[p, p] <- a.[p, p] + 1e-10 * trace + 1e-300
                LinearAlgebra.trySolve a b
        steps <- steps + 1
        match gamma with
        | Some gamma ->
            for i in 0 .. n - 1 do
                if on i then
                    let mutable v = g.[i]
                    for p in 0 .. k - 1 do
                        v <- v - gamma.[p] * dG.[p * n + i]
                    x.[i] <- v
                else x.[i] <- g.[i]
            true
        | None ->
            Array.blit g 0 x 0 n
            false
