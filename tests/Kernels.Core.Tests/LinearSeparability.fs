/// An independent judge of linear separability for the SVM tests (no code shared with HardMarginSvm): a
/// linear program decides whether labelled points x_μ ∈ ℝ^d can be split by a hyperplane with a
/// threshold, and both of its answers come with a certificate that is checked directly on the data.
///
/// The LP (maximise t subject to y_μ (w·x_μ − θ) ≥ t, |w_j| ≤ 1, 0 ≤ t ≤ 1, θ free) is solved by a dense
/// tableau simplex with Bland's rule (no cycling). Its answer is not trusted as such:
/// - lower bound: its (w, θ) is a separating rule whose geometric margin min_μ y_μ (w·x_μ − θ)/‖w‖₂ is
///   evaluated on the data; the best margin γ* is at least that.
/// - upper bound: its dual multipliers λ ≥ 0 of the margin rows, scaled to sum to 1 within each class,
///   give points p = Σ_{y=+1} λ x and q = Σ_{y=−1} λ x of the two classes' convex hulls; every rule with
///   ‖w‖₂ = 1 has margin ≤ min(w·p − θ, θ − w·q) ≤ ‖p − q‖₂/2, so γ* ≤ ‖p − q‖₂/2 (a dual certificate;
///   = 0 when the hulls meet, i.e. the data are not separable).
/// At the LP optimum t* the two bounds bracket γ* within t*/√d ≤ γ* ≤ t* up to rounding.
module Kernels.Core.Tests.LinearSeparability

open System

/// Raised by simplex when it has pivoted 100 000 times: Bland's rule cannot cycle in exact arithmetic, but on a
/// highly degenerate LP (±1 data, many ratios 0) rounding can make it revisit a basis (seen on a replay seed of the
/// bipolar comparison property).
exception SimplexStalled

/// Maximises cᵀz subject to A z ≤ b, z ≥ 0 with b ≥ 0 (the origin is feasible) by the tableau simplex
/// with Bland's rule. Returns the optimal z and the dual multipliers π ≥ 0 of the rows, or None when the
/// objective is unbounded; raises SimplexStalled when it does not finish.
let simplex (a: float[,]) (b: float[]) (c: float[]) : (float[] * float[]) option =
    let m = Array2D.length1 a
    let n = Array2D.length2 a
    if b |> Array.exists (fun v -> v < 0.0) then invalidArg "b" "the origin must be feasible (b ≥ 0)"
    // tableau: m rows of [A | I | b]; objective row r = c − c_B B⁻¹ A (reduced costs), value in the last column
    let cols = n + m
    let t = Array2D.init (m + 1) (cols + 1) (fun r k ->
                if r < m then (if k < n then a.[r, k] elif k < cols then (if k - n = r then 1.0 else 0.0) else b.[r])
                else (if k < n then c.[k] else 0.0))
    let basis = Array.init m (fun r -> n + r)
    let scale = max 1.0 (Seq.max (seq { for r in 0 .. m - 1 do for k in 0 .. n - 1 -> abs a.[r, k] }))
    let eps = 1e-9 * scale
    let rec iterate steps =
        if steps > 100_000 then raise SimplexStalled
        match Seq.tryFind (fun k -> t.[m, k] > eps) (seq { 0 .. cols - 1 }) with
        | None -> true
        | Some e ->
            let mutable leave = -1
            let mutable best = Double.PositiveInfinity
            for r in 0 .. m - 1 do
                if t.[r, e] > eps then
                    let ratio = max 0.0 t.[r, cols] / t.[r, e]
                    let tie = 1e-15 * (1.0 + abs ratio)
                    if leave < 0 || ratio < best - tie || (abs (ratio - best) <= tie && basis.[r] < basis.[leave]) then
                        best <- ratio
                        leave <- r
            if leave < 0 then false
            else
                let p = t.[leave, e]
                for k in 0 .. cols do t.[leave, k] <- t.[leave, k] / p
                for r in 0 .. m do
                    if r <> leave && t.[r, e] <> 0.0 then
                        let f = t.[r, e]
                        for k in 0 .. cols do t.[r, k] <- t.[r, k] - f * t.[leave, k]
                basis.[leave] <- e
                iterate (steps + 1)
    if not (iterate 0) then None
    else
        let z = Array.zeroCreate n
        basis |> Array.iteri (fun r v -> if v < n then z.[v] <- t.[r, cols])
        let pi = Array.init m (fun r -> max 0.0 (-t.[m, n + r]))
        Some(z, pi)

/// Verified bounds (lower, upper) on the best geometric margin γ* = max_{‖w‖=1, θ} min_μ y_μ (w·x_μ − θ)
/// of points x (rows) with ±1 labels y of both signs; lower = 0 when the LP finds no separating rule,
/// upper = 0 when its dual certificate shows that the classes' convex hulls meet.
let marginBounds (x: float[][]) (y: float[]) : float * float =
    let m = x.Length
    let d = x.[0].Length
    // variables: w⁺ (d), w⁻ (d), θ⁺, θ⁻, t; rows: M margin rows, 2d box rows, t ≤ 1
    let nv = 2 * d + 3
    let rows = m + 2 * d + 1
    let a = Array2D.zeroCreate rows nv
    for mu in 0 .. m - 1 do
        // t − y (x·(w⁺ − w⁻)) + y (θ⁺ − θ⁻) ≤ 0
        for j in 0 .. d - 1 do
            a.[mu, j] <- -y.[mu] * x.[mu].[j]
            a.[mu, d + j] <- y.[mu] * x.[mu].[j]
        a.[mu, 2 * d] <- y.[mu]
        a.[mu, 2 * d + 1] <- -y.[mu]
        a.[mu, 2 * d + 2] <- 1.0
    for j in 0 .. 2 * d - 1 do a.[m + j, j] <- 1.0
    a.[rows - 1, 2 * d + 2] <- 1.0
    let b = Array.init rows (fun r -> if r < m then 0.0 else 1.0)
    let c = Array.init nv (fun k -> if k = 2 * d + 2 then 1.0 else 0.0)
    // A stalled (degenerate) solve is redone with the right-hand sides moved apart by distinct amounts ≤ 1e-9, which
    // removes the degeneracy. Both bounds below stay valid for any (w, θ) and any π ≥ 0 (they are evaluated on the
    // data, not read off the LP), so the perturbation can only loosen them, by about its size.
    let solved =
        try simplex a b c
        with SimplexStalled -> simplex a (b |> Array.mapi (fun r v -> v + 1e-9 * float (r + 1) / float rows)) c
    match solved with
    | None -> failwith "the margin LP is bounded (t ≤ 1), the simplex said otherwise"
    | Some(z, pi) ->
        let w = Array.init d (fun j -> z.[j] - z.[d + j])
        let theta = z.[2 * d] - z.[2 * d + 1]
        let norm = sqrt (Array.sumBy (fun v -> v * v) w)
        let lower =
            if norm = 0.0 then 0.0
            else
                let g = Seq.min (seq { for mu in 0 .. m - 1 -> y.[mu] * (Array.fold2 (fun s wj xj -> s + wj * xj) 0.0 w x.[mu] - theta) }) / norm
                max 0.0 g
        let classSum s = Seq.sum (seq { for mu in 0 .. m - 1 do if y.[mu] = s then yield pi.[mu] })
        let sp, sn = classSum 1.0, classSum -1.0
        let upper =
            if sp <= 0.0 || sn <= 0.0 then Double.PositiveInfinity
            else
                let diff = Array.init d (fun j -> Seq.sum (seq { for mu in 0 .. m - 1 -> (if y.[mu] > 0.0 then pi.[mu] / sp else -pi.[mu] / sn) * x.[mu].[j] }))
                sqrt (Array.sumBy (fun v -> v * v) diff) / 2.0
        lower, upper
