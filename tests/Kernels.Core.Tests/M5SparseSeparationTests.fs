/// Issue 15 (SPEC M5 extended): the sparse separation maps (sparsemax, 1.5-entmax, α-entmax, γ-normmax) and the
/// Hopfield–Fenchel–Young networks built on them (Santos et al. ICML 2024; Hu et al. NeurIPS 2023). Each claim is
/// checked against something computed another way: an independent simplex projection (Michelot's algorithm), the
/// bisection against the sorting algorithms, two-entry closed forms, the softmax limit, hand-computed energies, and
/// Ramsauer's energy for α = 1.
module Kernels.Core.Tests.M5SparseSeparationTests

open System
open FsCheck
open FsCheck.FSharp
open FsCheck.Xunit
open global.Xunit
open AssociativeKernels.Core
open Kernels.Core.Tests.Generators

let private maxAbsDiff (a: float[]) (b: float[]) = Array.fold2 (fun s x y -> max s (abs (x - y))) 0.0 a b

/// The sparse maps under test (finite margin) and softmax.
let private sparseMaps =
    [ SimplexMap.Entmax 2.0; SimplexMap.Entmax 1.5; SimplexMap.Entmax 1.2; SimplexMap.Entmax 3.0
      SimplexMap.Normmax 2.0; SimplexMap.Normmax 1.5 ]

let private anyMap : Gen<SimplexMap> =
    Gen.oneof
        [ Gen.elements (SimplexMap.Softmax :: sparseMaps)
          floatIn 1.05 6.0 |> Gen.map SimplexMap.Entmax
          floatIn 1.1 5.0 |> Gen.map SimplexMap.Normmax ]

/// Scores with the awkward cases on purpose: K = 1, ties (quarter-integers), a −∞ entry now and then.
let private scores : Gen<float[]> =
    gen {
        let! k = Gen.frequency [ 2, Gen.choose (1, 3); 5, Gen.choose (4, 40) ]
        let! tied = Gen.elements [ false; false; true ]
        let entry = if tied then Gen.choose (-8, 8) |> Gen.map (fun i -> float i / 4.0) else floatIn -3.0 3.0
        let! x = Gen.arrayOfLength k entry
        let! minusInf = Gen.frequency [ 5, Gen.constant false; 1, Gen.constant true ]
        if minusInf && k > 1 then x.[k - 1] <- Double.NegativeInfinity
        return x
    }

/// A point of the simplex of dimension k: random non-negative weights (some exactly 0), normalized.
let private simplexPoint (k: int) =
    Gen.arrayOfLength k (Gen.frequency [ 1, Gen.constant 0.0; 4, floatIn 0.0 1.0 ])
    |> Gen.map (fun w -> let s = Array.sum w in if s > 0.0 then w |> Array.map (fun x -> x / s) else Array.init k (fun i -> if i = 0 then 1.0 else 0.0))

/// Michelot's projection onto the simplex (1986): start from every index, set τ = (Σ_S θ − 1)/|S|, drop the indices
/// with θ_i ≤ τ, repeat until none drops. An algorithm with no sorting, independent of SimplexMap's.
let private michelot (theta: float[]) =
    let mutable support = [| 0 .. theta.Length - 1 |] |> Array.filter (fun i -> not (Double.IsNegativeInfinity theta.[i]))
    let mutable tau = 0.0
    let mutable go = true
    while go do
        tau <- ((support |> Array.sumBy (fun i -> theta.[i])) - 1.0) / float support.Length
        let kept = support |> Array.filter (fun i -> theta.[i] > tau)
        if kept.Length = support.Length then go <- false else support <- kept
    theta |> Array.map (fun x -> max 0.0 (x - tau))

let private sumAbsFinite (x: float[]) = x |> Array.sumBy (fun v -> if Double.IsFinite v then abs v else 0.0)

/// Below the margin by δ, the runner-up's exact weight is ≈ (rδ)^{1/r} (r = α − 1, or γ − 1 for normmax: p_j =
/// [(α−1)θ_j − τ]^{1/r} with τ ≈ −1); when that is under ~40ε the double p_i rounds to 1 although the exact map
/// is not one-hot. This is the band below m, 2(40ε)^r/r (at least 1e-12, the rounding of the shifted scores),
/// where "one-hot iff gap ≥ m" cannot be observed in double precision (α = 1.2: 0.015; α ≥ 2: 1e-12).
let private resolutionBand (map: SimplexMap) =
    let r =
        match map with
        | SimplexMap.Entmax a -> a - 1.0
        | SimplexMap.Normmax g -> g - 1.0
        | SimplexMap.Softmax -> 1.0
    max 1e-12 (2.0 * (40.0 * Tolerances.eps) ** r / r)

// ---- The maps ----

[<Fact>]
let ``Reference values: sparsemax, 1.5-entmax, α-entmax and 2-normmax on the issue's tables`` () =
    let tol10 = Tolerances.decimals 10
    let rows =
        [ "sparsemax (1, .5, −1)", SimplexMap.Entmax 2.0, [| 1.0; 0.5; -1.0 |], [| 0.75; 0.25; 0.0 |], tol10
          "1.5-entmax (1, .5, −1)", SimplexMap.Entmax 1.5, [| 1.0; 0.5; -1.0 |], [| 0.6739926363; 0.3260073637; 0.0 |], tol10
          "3-entmax (1, .5, −1), gap = margin", SimplexMap.Entmax 3.0, [| 1.0; 0.5; -1.0 |], [| 1.0; 0.0; 0.0 |], 0.0
          "1.001-entmax (1, .5, −1)", SimplexMap.Entmax 1.001, [| 1.0; 0.5; -1.0 |], [| 0.57432; 0.34820; 0.07748 |], Tolerances.decimals 5
          "2-normmax (1, .5, −1)", SimplexMap.Normmax 2.0, [| 1.0; 0.5; -1.0 |], [| 0.6889822365; 0.3110177635; 0.0 |], tol10
          "sparsemax (3, 1, .2, 0)", SimplexMap.Entmax 2.0, [| 3.0; 1.0; 0.2; 0.0 |], [| 1.0; 0.0; 0.0; 0.0 |], 0.0
          "1.5-entmax (3, 1, .2, 0)", SimplexMap.Entmax 1.5, [| 3.0; 1.0; 0.2; 0.0 |], [| 1.0; 0.0; 0.0; 0.0 |], 0.0
          "1.25-entmax (3, 1, .2, 0)", SimplexMap.Entmax 1.25, [| 3.0; 1.0; 0.2; 0.0 |], [| 0.9358772928; 0.0546805602; 0.0064659680; 0.0029761790 |], tol10
          "sparsemax (.1, .2, .3, .4)", SimplexMap.Entmax 2.0, [| 0.1; 0.2; 0.3; 0.4 |], [| 0.1; 0.2; 0.3; 0.4 |], tol10
          "1.5-entmax (.1, .2, .3, .4)", SimplexMap.Entmax 1.5, [| 0.1; 0.2; 0.3; 0.4 |], [| 0.1779702241; 0.2226567414; 0.2723432586; 0.3270297759 |], tol10
          "1.5-entmax (1, 0)", SimplexMap.Entmax 1.5, [| 1.0; 0.0 |], [| 0.8307189139; 1.0 - 0.8307189139 |], tol10
          "1.5-entmax (.5, 0)", SimplexMap.Entmax 1.5, [| 0.5; 0.0 |], [| 0.6739926363; 1.0 - 0.6739926363 |], tol10
          "1.5-entmax (1.9, 0)", SimplexMap.Entmax 1.5, [| 1.9; 0.0 |], [| 0.9976177624; 1.0 - 0.9976177624 |], tol10 ]
    Expect.allWithin "simplex maps"
        [ for (label, map, theta, expected, tol) in rows do
            let p = SimplexMap.apply map theta
            for i in 0 .. p.Length - 1 do
                yield Expect.row (sprintf "%s [%d]" label i) expected.[i] p.[i] tol ]

[<Fact>]
let ``Softmax reference values and the α = 1.001 gap to softmax is O(α − 1)`` () =
    let theta = [| 1.0; 0.5; -1.0 |]
    let soft = SimplexMap.apply SimplexMap.Softmax theta
    Expect.allWithin "softmax"
        [ Expect.row "softmax [0]" 0.5740969930 soft.[0] (Tolerances.decimals 10)
          Expect.row "softmax [1]" 0.3482074279 soft.[1] (Tolerances.decimals 10)
          Expect.row "softmax [2]" 0.0776955791 soft.[2] (Tolerances.decimals 10) ]
    let near = SimplexMap.entmax 1.001 theta
    Assert.InRange(maxAbsDiff near soft, 1e-5, 1e-3)

[<Property(MaxTest = 300)>]
let ``Every map gives a probability vector`` () =
    Prop.forAll (arb (Gen.zip anyMap scores)) (fun (map, theta) ->
        let p = SimplexMap.apply map theta
        let k = theta.Length
        ((p.Length = k) |@ "length K")
        .&. ((p |> Array.forall (fun x -> x >= 0.0 && x <= 1.0)) |@ sprintf "%A: entries in [0, 1]: %A" map p)
        .&. ((abs (Array.sum p - 1.0) <= Tolerances.simplexSum k) |@ sprintf "%A: Σp − 1 = %g" map (Array.sum p - 1.0))
        .&. ((theta |> Array.forall2 (fun pi t -> not (Double.IsNegativeInfinity t) || pi = 0.0) p) |@ "−∞ scores get weight 0"))

[<Property(MaxTest = 300)>]
let ``Sparsemax is the Euclidean projection onto the simplex (Michelot's algorithm; variational inequality)`` () =
    let g = gen {
        let! theta = scores
        let! ys = Gen.arrayOfLength 5 (simplexPoint theta.Length)
        return theta, ys }
    Prop.forAll (arb g) (fun (theta, ys) ->
        let p = SimplexMap.sparsemax theta
        let reference = michelot theta
        let tol = Tolerances.simplexAgreement theta.Length (sumAbsFinite theta)
        let finiteIdx = [| 0 .. theta.Length - 1 |] |> Array.filter (fun i -> Double.IsFinite theta.[i])
        let sq (a: float[]) = finiteIdx |> Array.sumBy (fun i -> (theta.[i] - a.[i]) ** 2.0)
        let vi (y: float[]) = finiteIdx |> Array.sumBy (fun i -> (theta.[i] - p.[i]) * (y.[i] - p.[i]))
        let scale = 1.0 + sumAbsFinite theta
        // a y with mass on a −∞ score is infinitely far from θ, and its term of the inequality is −∞: both hold
        let finiteY (y: float[]) = y |> Array.indexed |> Array.forall (fun (i, v) -> v = 0.0 || Double.IsFinite theta.[i])
        ((maxAbsDiff p reference <= tol) |@ sprintf "sparsemax %A vs Michelot %A (tol %g)" p reference tol)
        .&. ((ys |> Array.forall (fun y -> not (finiteY y) || sq p <= sq y + tol * scale)) |@ "‖θ − p‖² ≤ ‖θ − y‖² for y ∈ △")
        .&. ((ys |> Array.forall (fun y -> not (finiteY y) || vi y <= tol * scale)) |@ "(θ − p)ᵀ(y − p) ≤ 0 for y ∈ △"))

[<Property(MaxTest = 300)>]
let ``Sorting and bisection agree: 1.5-entmax and sparsemax exact vs α-entmax bisection`` () =
    let g = gen {
        let! theta = scores
        let! alpha = Gen.elements [ 1.5; 2.0 ]
        return theta, alpha }
    Prop.forAll (arb g) (fun (theta, alpha) ->
        let exact = SimplexMap.entmax alpha theta
        let bisected = SimplexMap.entmaxBisection alpha theta
        let tol = Tolerances.simplexAgreement theta.Length (sumAbsFinite theta)
        ((maxAbsDiff exact bisected <= tol) |@ sprintf "α = %g: sort %A vs bisection %A (tol %g)" alpha exact bisected tol)
        .&. ((Array.forall2 (fun a b -> (a <= tol || b > 0.0) && (b <= tol || a > 0.0)) exact bisected)
             |@ "same support (up to entries within rounding of the threshold)"))

[<Property(MaxTest = 300)>]
let ``The output maximizes θᵀp − Ω(p) over the simplex (Fenchel–Young prediction map)`` () =
    let g = gen {
        let! map = anyMap
        let! k = Gen.choose (1, 12)
        let! theta = Gen.arrayOfLength k (floatIn -3.0 3.0)
        let! ys = Gen.arrayOfLength 8 (simplexPoint k)
        return map, theta, ys }
    Prop.forAll (arb g) (fun (map, theta, ys) ->
        let p = SimplexMap.apply map theta
        let objective (y: float[]) = dot theta y - SimplexMap.negentropy map y
        let best = objective p
        let tol = 64.0 * Tolerances.eps * (1.0 + sumAbsFinite theta + float theta.Length)
        let conj = SimplexMap.conjugate map theta
        let u = Array.create theta.Length (1.0 / float theta.Length)
        (ys |> Array.forall (fun y -> objective y <= best + tol) |@ sprintf "%A: a simplex point beats ŷ" map)
        .&. ((abs (conj - best) <= tol) |@ sprintf "Ω* = %g vs θᵀŷ − Ω(ŷ) = %g" conj best)
        .&. ((conj >= Array.max theta - tol && conj <= Array.max theta - SimplexMap.negentropy map u + tol) |@ "max θ ≤ Ω* ≤ max θ − Ω(u)"))

[<Property(MaxTest = 200)>]
let ``Shift invariance, permutation equivariance and order preservation`` () =
    let g = gen {
        let! map = anyMap
        let! k = Gen.choose (1, 12)
        let! theta = Gen.arrayOfLength k (Gen.choose (-12, 12) |> Gen.map (fun i -> float i / 4.0))
        let! c = Gen.choose (-16, 16) |> Gen.map (fun i -> float i / 4.0)
        let! perm = Gen.shuffle [| 0 .. k - 1 |]
        return map, theta, c, perm }
    Prop.forAll (arb g) (fun (map, theta, c, perm) ->
        let p = SimplexMap.apply map theta
        // quarter-integers shifted by a quarter-integer: θ − max θ is the same bit for bit, so the outputs are equal
        let shifted = SimplexMap.apply map (theta |> Array.map (fun x -> x + c))
        let permuted = SimplexMap.apply map (perm |> Array.map (fun i -> theta.[i]))
        let tol = Tolerances.simplexAgreement theta.Length (sumAbsFinite theta)
        ((p = shifted) |@ sprintf "%A: shift by %g changed %A to %A" map c p shifted)
        .&. ((maxAbsDiff permuted (perm |> Array.map (fun i -> p.[i])) <= tol) |@ "permutation equivariance")
        .&. ((Seq.allPairs [ 0 .. theta.Length - 1 ] [ 0 .. theta.Length - 1 ]
              |> Seq.forall (fun (i, j) -> not (theta.[i] < theta.[j]) || p.[i] <= p.[j])) |@ "θ_i < θ_j ⇒ p_i ≤ p_j"))

[<Fact>]
let ``Margin iff: a gap of exactly m gives exactly e_i, a gap of m − 1e-6 does not (sparsemax 1, 1.5-entmax 2, 3-entmax 1/2, 5-entmax 1/4, normmax 1)`` () =
    for map in [ SimplexMap.Entmax 2.0; SimplexMap.Entmax 1.5; SimplexMap.Entmax 3.0; SimplexMap.Entmax 5.0; SimplexMap.Normmax 2.0; SimplexMap.Normmax 1.5 ] do
        let m = SimplexMap.margin map
        for top in [ 0.0; 1.25; -3.5 ] do
            // the runner-up at exactly top − m (binary fractions: every difference is exact); the others below it
            let theta = [| top - m; top; top - m - 0.75; top - 2.0 * m |]
            Assert.Equal<float[]>([| 0.0; 1.0; 0.0; 0.0 |], SimplexMap.apply map theta)
            let inside = [| top - m + 1e-6; top; top - m - 0.75; top - 2.0 * m |]
            let p = SimplexMap.apply map inside
            Assert.True(p.[1] < 1.0 && p.[0] > 0.0, sprintf "%A: gap m − 1e-6 gave %A" map p)
    Assert.Equal(Double.PositiveInfinity, SimplexMap.margin SimplexMap.Softmax)
    Assert.Equal(1.0, SimplexMap.margin (SimplexMap.Entmax 2.0))
    Assert.Equal(2.0, SimplexMap.margin (SimplexMap.Entmax 1.5))

[<Property(MaxTest = 200)>]
let ``Margin iff on random scores: ŷ(θ) = e_i exactly iff θ_i − max_{j≠i} θ_j ≥ m`` () =
    let g = gen {
        let! map = Gen.elements sparseMaps
        let! k = Gen.choose (2, 10)
        let! theta = Gen.arrayOfLength k (floatIn -2.0 2.0)
        return map, theta }
    Prop.forAll (arb g) (fun (map, theta) ->
        let m = SimplexMap.margin map
        let i = Array.findIndex (fun x -> x = Array.max theta) theta
        let gap = theta.[i] - (theta |> Array.mapi (fun j x -> if j = i then Double.NegativeInfinity else x) |> Array.max)
        (abs (gap - m) > resolutionBand map) ==> lazy (
            let p = SimplexMap.apply map theta
            let oneHot = p.[i] = 1.0 && (p |> Array.indexed |> Array.forall (fun (j, x) -> j = i || x = 0.0))
            (oneHot = (gap >= m)) |@ sprintf "%A gap %g, m %g: %A" map gap m p))

[<Fact>]
let ``Two-entry closed forms: softmax, sparsemax, 1.5-entmax, α-entmax and 2-normmax on (z, 0)`` () =
    // general α: p ∈ [½, 1] solves p^{α−1} − (1 − p)^{α−1} = (α − 1)z, solved here by bisection on p (not on τ)
    let generalAlpha (alpha: float) (z: float) =
        let r = alpha - 1.0
        if z >= 1.0 / r then 1.0
        else
            let mutable lo, hi = 0.5, 1.0
            for _ in 1 .. 200 do
                let mid = 0.5 * (lo + hi)
                if mid ** r - (1.0 - mid) ** r < r * z then lo <- mid else hi <- mid
            0.5 * (lo + hi)
    Expect.allWithin "two-entry closed forms"
        [ for z in [ 0.0; 0.1; 0.5; 0.9; 0.99; 1.0; 1.5; 1.99; 2.0; 3.0 ] do
            let first map = (SimplexMap.apply map [| z; 0.0 |]).[0]
            let tol = 8.0 * Tolerances.eps
            yield Expect.row (sprintf "softmax z=%g" z) (1.0 / (1.0 + exp (-z))) (first SimplexMap.Softmax) tol
            yield Expect.row (sprintf "sparsemax z=%g" z) (min 1.0 ((1.0 + z) / 2.0)) (first (SimplexMap.Entmax 2.0)) tol
            let e15 = if z < 2.0 then ((z / 2.0 + sqrt (2.0 - z * z / 4.0)) / 2.0) ** 2.0 else 1.0
            yield Expect.row (sprintf "1.5-entmax z=%g" z) e15 (first (SimplexMap.Entmax 1.5)) (16.0 * Tolerances.eps)
            let nm = if z < 1.0 then 0.5 + z / (2.0 * sqrt (2.0 - z * z)) else 1.0
            // bisection: τ to an ulp of 1, and dp/dτ ≤ 4 here (p = [X − τ]^{1/r}, r ≥ 1/4, X − τ ≤ 1), away from
            // the support's edge; the closed forms and the bisection on p add a few ulps: 64ε
            yield Expect.row (sprintf "2-normmax z=%g" z) nm (first (SimplexMap.Normmax 2.0)) (64.0 * Tolerances.eps)
            for alpha in [ 1.25; 1.75; 3.0 ] do
                yield Expect.row (sprintf "%g-entmax z=%g" alpha z) (generalAlpha alpha z) (first (SimplexMap.Entmax alpha)) (64.0 * Tolerances.eps) ]

[<Fact>]
let ``α → 1 tends to softmax: the gap shrinks like α − 1, and below the switch the map is softmax`` () =
    let theta = [| 1.0; 0.5; -1.0; 0.25; 2.0 |]
    let soft = SimplexMap.apply SimplexMap.Softmax theta
    let gaps = [ 1.1; 1.01; 1.001 ] |> List.map (fun a -> maxAbsDiff (SimplexMap.entmax a theta) soft)
    match gaps with
    | [ g1; g2; g3 ] ->
        // first order in α − 1: each tenfold step divides the gap by ≈ 10
        Assert.True(g2 < 0.2 * g1 && g3 < 0.2 * g2, sprintf "gaps %A" gaps)
    | _ -> ()
    Assert.Equal<float[]>(soft, SimplexMap.entmax (1.0 + 0.5 * SimplexMap.SoftmaxSwitch) theta)

[<Property(MaxTest = 200)>]
let ``β → ∞: a sparse map of βθ is exactly one-hot at the finite β = 2m/gap, softmax is not`` () =
    let g = gen {
        let! map = Gen.elements sparseMaps
        let! k = Gen.choose (2, 10)
        let! theta = Gen.arrayOfLength k (floatIn -1.0 1.0)
        return map, theta }
    Prop.forAll (arb g) (fun (map, theta) ->
        let i = Array.findIndex (fun x -> x = Array.max theta) theta
        let gap = theta.[i] - (theta |> Array.mapi (fun j x -> if j = i then Double.NegativeInfinity else x) |> Array.max)
        (gap > 1e-3) ==> lazy (
            let beta = 2.0 * SimplexMap.margin map / gap
            let scaled b = theta |> Array.map (fun x -> b * x)
            let p = SimplexMap.apply map (scaled beta)
            let below = SimplexMap.apply map (scaled (0.5 * SimplexMap.margin map / gap))
            let soft = SimplexMap.apply SimplexMap.Softmax (scaled beta)
            ((p.[i] = 1.0) |@ sprintf "%A at β = %g: %A" map beta p)
            .&. ((below.[i] < 1.0) |@ "below the margin: not one-hot")
            .&. ((soft.[i] < 1.0 || beta * gap > 700.0) |@ "softmax is not one-hot (until e^{−βgap} underflows)")))

[<Fact>]
let ``α → ∞ tends to argmax: 50-entmax is one-hot for a gap ≥ 1/49`` () =
    let p = SimplexMap.entmax 50.0 [| 0.3; 0.3 + 1.0 / 49.0; -0.2 |]
    Assert.Equal(1.0, p.[1])
    Assert.Equal(0.0, p.[0])

[<Fact>]
let ``Degenerate inputs: ties give uniform, K = 1 gives 1, all −∞ uniform, huge scores`` () =
    for map in SimplexMap.Softmax :: sparseMaps do
        let tie = SimplexMap.apply map [| 2.0; 2.0; 2.0; 2.0 |]
        Assert.True(tie |> Array.forall (fun x -> abs (x - 0.25) <= 4.0 * Tolerances.eps), sprintf "%A ties: %A" map tie)
        Assert.Equal<float[]>([| 1.0 |], SimplexMap.apply map [| -7.0 |])
        Assert.Equal<float[]>([| 0.5; 0.5 |], SimplexMap.apply map [| Double.NegativeInfinity; Double.NegativeInfinity |])
        Assert.Equal<float[]>([| 0.0; 1.0 |], SimplexMap.apply map [| -1e300; 1e300 |])
        Assert.Equal<float[]>([| 1.0; 0.0 |], SimplexMap.apply map [| 5.0; Double.NegativeInfinity |])

[<Fact>]
let ``Bad inputs are rejected with the parameter named`` () =
    Expect.allThrowNaming "simplex maps"
        [ Expect.bad "NaN score" "scores" (fun () -> SimplexMap.sparsemax [| 1.0; nan |])
          Expect.bad "+∞ score" "scores" (fun () -> SimplexMap.entmax 1.5 [| infinity |])
          Expect.bad "empty" "scores" (fun () -> SimplexMap.normmax 2.0 [||])
          Expect.bad "α = 1" "alpha" (fun () -> SimplexMap.entmax 1.0 [| 1.0 |])
          Expect.bad "α < 1" "alpha" (fun () -> SimplexMap.entmaxBisection 0.5 [| 1.0 |])
          Expect.bad "α NaN" "alpha" (fun () -> SimplexMap.entmax nan [| 1.0 |])
          Expect.bad "α = ∞" "alpha" (fun () -> SimplexMap.margin (SimplexMap.Entmax infinity))
          Expect.bad "γ = 1" "gamma" (fun () -> SimplexMap.normmax 1.0 [| 1.0 |])
          Expect.bad "negative p" "p" (fun () -> SimplexMap.negentropy SimplexMap.Softmax [| -0.1; 1.1 |])
          Expect.bad "NaN conjugate" "scores" (fun () -> SimplexMap.conjugate (SimplexMap.Entmax 2.0) [| nan |])
          Expect.bad "UHN sparsemax β = 0" "beta" (fun () -> UniversalHopfield.create UniversalHopfield.defaultOptions Dot (Sparsemax 0.0) [| [| 1.0 |] |])
          Expect.bad "UHN entmax α = 1" "alpha" (fun () -> UniversalHopfield.create UniversalHopfield.defaultOptions Dot (Entmax(1.0, 1.0)) [| [| 1.0 |] |])
          Expect.bad "UHN normmax γ = 0.5" "gamma" (fun () -> Separation.apply (Normmax(1.0, 0.5)) [| 1.0 |])
          Expect.bad "HFY β = −1" "beta" (fun () -> SparseModernHopfield.create (SimplexMap.Entmax 2.0) (-1.0) [| [| 1.0 |] |])
          Expect.bad "HFY α = 1" "alpha" (fun () -> SparseModernHopfield.create (SimplexMap.Entmax 1.0) 1.0 [| [| 1.0 |] |])
          Expect.bad "HFY empty" "patterns" (fun () -> SparseModernHopfield.create (SimplexMap.Entmax 2.0) 1.0 [||])
          Expect.bad "HFY NaN query" "query" (fun () -> SparseModernHopfield.retrieve (SparseModernHopfield.create (SimplexMap.Entmax 2.0) 1.0 [| [| 1.0 |] |]) [| nan |])
          Expect.bad "HFY index" "index" (fun () -> SparseModernHopfield.scoreGap (SparseModernHopfield.create (SimplexMap.Entmax 2.0) 1.0 [| [| 1.0 |] |]) 1 [| 1.0 |]) ]

// ---- The universal Hopfield network's sparse separations ----

[<Property(MaxTest = 150)>]
let ``UHN(dot, sparse separation) is the Hopfield–Fenchel–Young network; Sparsemax β = Entmax(β, 2)`` () =
    let g = gen {
        let! n = Gen.choose (1, 8)
        let! k = Gen.choose (1, 8)
        let! m = Gen.arrayOfLength k (Gen.arrayOfLength n (floatIn -1.0 1.0))
        let! q = Gen.arrayOfLength n (floatIn -1.0 1.0)
        let! beta = floatIn 0.1 20.0
        let! map = Gen.elements sparseMaps
        return m, q, beta, map }
    Prop.forAll (arb g) (fun (m, q, beta, map) ->
        let sep =
            match map with
            | SimplexMap.Entmax a -> Entmax(beta, a)
            | SimplexMap.Normmax gm -> Normmax(beta, gm)
            | SimplexMap.Softmax -> Softmax beta
        let uhn = UniversalHopfield.create UniversalHopfield.defaultOptions Dot sep m
        let hfy = SparseModernHopfield.create map beta m
        let z1, z2 = UniversalHopfield.retrieve uhn q, SparseModernHopfield.retrieve hfy q
        let maxNorm2 = m |> Array.map (fun x -> dot x x) |> Array.max
        let constant = -(SimplexMap.negentropy map (Array.create m.Length (1.0 / float m.Length))) / beta + 0.5 * maxNorm2
        let e1, e2 = UniversalHopfield.energy uhn q + constant, SparseModernHopfield.energy hfy q
        let scale = 1.0 + dot q q + maxNorm2 + abs constant + (m |> Array.sumBy (fun x -> abs (dot x q)))
        let sparsemaxSame =
            map <> SimplexMap.Entmax 2.0
            || UniversalHopfield.retrieve (UniversalHopfield.create UniversalHopfield.defaultOptions Dot (Sparsemax beta) m) q = z1
        ((z1 = z2) |@ sprintf "UHN %A vs HFY %A" z1 z2)
        .&. ((abs (e1 - e2) <= Tolerances.gamma (q.Length + m.Length + 8) * scale * 4.0) |@ sprintf "energy %.17g vs %.17g" e1 e2)
        .&. (sparsemaxSame |@ "Sparsemax β = Entmax(β, 2)"))

// ---- Hopfield–Fenchel–Young energy and update ----

let private hfyPatterns = [| [| 1.0; 0.0; 0.0 |]; [| 0.0; 1.0; 0.0 |]; [| 0.6; 0.8; 0.0 |]; [| 0.0; 0.0; 1.0 |] |]

[<Fact>]
let ``Reference values: HFY energies and updates at β = 2 for α = 2, 1.5, 1 (hand-computed for α = 2)`` () =
    let q0 = [| 0.5; 0.45; 0.3 |]
    let sp = SparseModernHopfield.create (SimplexMap.Entmax 2.0) 2.0 hfyPatterns
    let e15 = SparseModernHopfield.create (SimplexMap.Entmax 1.5) 2.0 hfyPatterns
    let soft = SparseModernHopfield.create SimplexMap.Softmax 2.0 hfyPatterns
    let q1 = SparseModernHopfield.retrieve sp q0
    let q2 = SparseModernHopfield.retrieve sp q1
    let p0 = SparseModernHopfield.weights sp q0
    let p15 = SparseModernHopfield.weights e15 q0
    let pSoft = SparseModernHopfield.weights soft q0
    let q1of15 = SparseModernHopfield.retrieve e15 q0
    let t6, t10 = Tolerances.decimals 6, Tolerances.decimals 10
    let exact = 16.0 * Tolerances.eps
    Expect.allWithin "HFY"
        [ yield! Array.map2 (fun e g -> Expect.row "α=2 p(q0)" e g exact) [| 0.26; 0.16; 0.58; 0.0 |] p0
          yield! Array.map2 (fun e g -> Expect.row "α=2 q1" e g exact) [| 0.608; 0.624; 0.0 |] q1
          yield! Array.map2 (fun e g -> Expect.row "α=2 q2" e g exact) [| 0.5504; 0.7152; 0.0 |] q2
          yield Expect.row "α=2 E(q0)" 0.23135 (SparseModernHopfield.energy sp q0) exact
          yield Expect.row "α=2 E(q1)" 0.160556 (SparseModernHopfield.energy sp q1) exact
          yield Expect.row "α=2 E(q2)" 0.143404 (SparseModernHopfield.energy sp q2) t6
          yield Expect.row "α=1.5 E(q0)" 0.2611055272 (SparseModernHopfield.energy e15 q0) t10
          yield! Array.map2 (fun e g -> Expect.row "α=1.5 p(q0)" e g t10) [| 0.2557314539; 0.2076615563; 0.4431551261; 0.0934518637 |] p15
          yield Expect.row "α=1.5 E(q1)" 0.2146450988 (SparseModernHopfield.energy e15 q1of15) t10
          yield Expect.row "α=1 E(q0)" 0.2772502053 (SparseModernHopfield.energy soft q0) t10
          yield! Array.map2 (fun e g -> Expect.row "α=1 p(q0)" e g t10) [| 0.2530181761; 0.2289403132; 0.3484383552; 0.1696031555 |] pSoft ]

[<Fact>]
let ``α = 1: the HFY energy is Ramsauer's energy (reference 0.3277760494072 at q = (.3, .2, .1), β = 1.7)`` () =
    let q = [| 0.3; 0.2; 0.1 |]
    let hfy = SparseModernHopfield.energy (SparseModernHopfield.create SimplexMap.Softmax 1.7 hfyPatterns) q
    let ramsauer = ModernHopfield.ramsauerEnergy (ModernHopfield.create 1.7 hfyPatterns) q
    Expect.allWithin "α = 1"
        [ Expect.row "HFY" 0.3277760494072 hfy (Tolerances.decimals 13)
          Expect.row "Ramsauer" 0.3277760494072 ramsauer (Tolerances.decimals 13) ]

[<Property(MaxTest = 150)>]
let ``α = 1: HFY energy and update equal the modern Hopfield network's (Ramsauer energy, softmax update)`` () =
    let g = gen {
        let! n = Gen.choose (1, 10)
        let! k = Gen.choose (1, 8)
        let! m = Gen.arrayOfLength k (Gen.arrayOfLength n (floatIn -2.0 2.0))
        let! q = Gen.arrayOfLength n (floatIn -3.0 3.0)
        let! beta = floatIn 0.05 30.0
        return m, q, beta }
    Prop.forAll (arb g) (fun (m, q, beta) ->
        let hfy = SparseModernHopfield.create SimplexMap.Softmax beta m
        let mh = ModernHopfield.create beta m
        let e1, e2 = SparseModernHopfield.energy hfy q, ModernHopfield.ramsauerEnergy mh q
        let scale = 1.0 + dot q q + beta * (m |> Array.sumBy (fun x -> abs (dot x q))) / beta + (m |> Array.map (fun x -> dot x x) |> Array.max) + log (float m.Length) / beta
        ((abs (e1 - e2) <= 4.0 * Tolerances.gamma (q.Length + m.Length + 8) * scale) |@ sprintf "HFY %.17g vs Ramsauer %.17g" e1 e2)
        .&. ((SparseModernHopfield.retrieve hfy q = ModernHopfield.retrieve mh q) |@ "same update"))

let private trajectoryCase =
    gen {
        let! n = Gen.choose (1, 10)
        let! k = Gen.choose (1, 8)
        let! m = Gen.arrayOfLength k (Gen.arrayOfLength n (floatIn -1.0 1.0))
        let! q = Gen.arrayOfLength n (floatIn -2.0 2.0)
        let! beta = floatIn 0.05 30.0
        let! map = anyMap
        return m, q, beta, map }

[<Property(MaxTest = 200)>]
let ``CCCP: the HFY energy never increases along the update, by at least ½‖Δq‖², and stays ≥ 0`` () =
    Prop.forAll (arb trajectoryCase) (fun (m, q0, beta, map) ->
        let net = SparseModernHopfield.create map beta m
        let maxNorm2 = m |> Array.map (fun x -> dot x x) |> Array.max
        let scale (q: float[]) =
            1.0 + dot q q + maxNorm2 + (m |> Array.sumBy (fun x -> Array.fold2 (fun s a b -> s + abs (a * b)) 0.0 x q))
            + abs (SimplexMap.negentropy map (Array.create m.Length (1.0 / float m.Length))) / beta
        let mutable q = q0
        let mutable failures = []
        for step in 1 .. 6 do
            let q' = SparseModernHopfield.retrieve net q
            let e, e' = SparseModernHopfield.energy net q, SparseModernHopfield.energy net q'
            let d = Array.map2 (-) q' q
            // ×8: the two energies, ½‖Δq‖² (terms of the same magnitude) and the rounding of q′ entering E(q′)
            // through ∇E, each bounded by energyDifference
            let tol = 8.0 * Tolerances.energyDifference q.Length m.Length (scale q) (scale q')
            if e' > e - 0.5 * dot d d + tol then failures <- sprintf "step %d: E %.17g → %.17g, ½‖Δq‖² = %g (tol %g)" step e e' (0.5 * dot d d) tol :: failures
            if e < -tol then failures <- sprintf "step %d: E = %g < 0" step e :: failures
            q <- q'
        failures.IsEmpty |@ sprintf "%A β = %g: %A" map beta failures)

// ---- Exact one-step retrieval: the margin condition ----

/// Distinct unit-norm patterns (d ≥ 2): no one of them is a convex combination of the others (the unit ball is
/// strictly convex), so an output equal to x_i needs the weight e_i.
let private unitPatterns =
    gen {
        let! d = Gen.choose (2, 8)
        let! k = Gen.choose (2, 8)
        let! raw = Gen.arrayOfLength k (Gen.arrayOfLength d (floatIn -1.0 1.0))
        let rows = raw |> Array.map (fun x -> let r = sqrt (dot x x) in if r > 1e-3 then x |> Array.map (fun v -> v / r) else Array.init d (fun i -> if i = 0 then 1.0 else 0.0))
        return rows
    }

[<Property(MaxTest = 300)>]
let ``Exact one-step retrieval iff x_i·q − max_{j≠i} x_j·q ≥ m/β (Santos et al. §3 margin, iff derived)`` () =
    let g = gen {
        let! rows = unitPatterns
        let! q = Gen.arrayOfLength rows.[0].Length (floatIn -1.5 1.5)
        let! beta = Gen.elements [ 0.5; 1.0; 2.0; 5.0; 20.0; 100.0 ]
        let! map = Gen.elements sparseMaps
        return rows, q, beta, map }
    Prop.forAll (arb g) (fun (rows, q, beta, map) ->
        let net = SparseModernHopfield.create map beta rows
        let scores = rows |> Array.map (fun x -> dot x q)
        let i = Array.findIndex (fun s -> s = Array.max scores) scores
        let gap = SparseModernHopfield.scoreGap net i q
        (abs (beta * gap - SimplexMap.margin map) > max 1e-9 (resolutionBand map)) ==> lazy (
            let w = SparseModernHopfield.weights net q
            let exact = w.[i] = 1.0
            ((exact = SparseModernHopfield.retrievesExactly net i q) |@ sprintf "%A β=%g gap %g need %g: weights %A" map beta gap (SparseModernHopfield.requiredGap net) w)
            .&. ((not exact || SparseModernHopfield.retrieve net q = rows.[i]) |@ "weight e_i ⇒ output x_i exactly")))

[<Property(MaxTest = 300)>]
let ``Counterexample generator: below the margin, a stored pattern is not retrieved from itself; above, exactly`` () =
    let g = gen {
        let! rows = unitPatterns
        let! i = Gen.choose (0, rows.Length - 1)
        let! c = Gen.oneof [ floatIn 0.05 0.95; floatIn 1.05 4.0 ]
        let! map = Gen.elements sparseMaps
        return rows, i, c, map }
    Prop.forAll (arb g) (fun (rows, i, c, map) ->
        let x = rows.[i]
        // the separation Δ_i = ‖x_i‖² − max_{j≠i} x_i·x_j of Ramsauer et al.; β = c·m/Δ_i puts βΔ_i at c·m
        let delta = dot x x - (rows |> Array.mapi (fun j y -> if j = i then Double.NegativeInfinity else dot x y) |> Array.max)
        (delta > 1e-3) ==> lazy (
            let beta = c * SimplexMap.margin map / delta
            let net = SparseModernHopfield.create map beta rows
            let z = SparseModernHopfield.retrieve net x
            if c < 1.0 then ((z <> x && maxAbsDiff z x > 0.0) |@ sprintf "%A: β = %g (βΔ = %g·m) still retrieved x_i exactly" map beta c)
            else ((z = x) |@ sprintf "%A: β = %g (βΔ = %g·m) gave %A, not %A" map beta c z x)))

[<Property(MaxTest = 200)>]
let ``Ball of exact retrieval: Δ_i ≥ m/β + 2Mε ⇒ every q with ‖q − x_i‖ ≤ ε is mapped to x_i in one step`` () =
    let g = gen {
        let! rows = unitPatterns
        let! i = Gen.choose (0, rows.Length - 1)
        let! dir = Gen.arrayOfLength rows.[0].Length (floatIn -1.0 1.0)
        let! radius = floatIn 0.0 1.0
        let! map = Gen.elements sparseMaps
        return rows, i, dir, radius, map }
    Prop.forAll (arb g) (fun (rows, i, dir, radius, map) ->
        let x = rows.[i]
        let delta = dot x x - (rows |> Array.mapi (fun j y -> if j = i then Double.NegativeInfinity else dot x y) |> Array.max)
        (delta > 1e-2) ==> lazy (
            // M = 1 (unit patterns); ε = Δ/8 and β with m/β = Δ/2: Δ ≥ m/β + 2ε = Δ/2 + Δ/4, with room for rounding
            let eps = delta / 8.0
            let beta = 2.0 * SimplexMap.margin map / delta
            let norm = sqrt (dot dir dir)
            let q = if norm > 0.0 then Array.map2 (fun a b -> a + radius * eps * b / norm) x dir else x
            let net = SparseModernHopfield.create map beta rows
            (SparseModernHopfield.retrieve net q = x) |@ sprintf "%A: q at distance ≤ %g not mapped to x_i" map eps))

[<Fact>]
let ``Counterexample trajectories (sparsemax, x₁ = e₁, x₂ = e₂): β = 0.5 drifts to the mean; β = 1 is the boundary; β = 2 needs two steps; unequal norms never`` () =
    let x = [| [| 1.0; 0.0 |]; [| 0.0; 1.0 |] |]
    let sparsemax beta rows = SparseModernHopfield.create (SimplexMap.Entmax 2.0) beta rows
    // 1. β = 0.5 < m/Δ = 1: a ↦ ½ + β(a − ½), toward the metastable mean (½, ½); binary fractions, so exact
    let half = sparsemax 0.5 x
    let mutable q = x.[0]
    let mutable energies = [ SparseModernHopfield.energy half q ]
    for expected in [ [| 0.75; 0.25 |]; [| 0.625; 0.375 |]; [| 0.5625; 0.4375 |]; [| 0.53125; 0.46875 |] ] do
        q <- SparseModernHopfield.retrieve half q
        Assert.Equal<float[]>(expected, q)
        energies <- SparseModernHopfield.energy half q :: energies
    Assert.True(energies |> List.pairwise |> List.forall (fun (later, earlier) -> later <= earlier), sprintf "energies %A" energies)
    Assert.False(SparseModernHopfield.retrievesExactly half 0 x.[0])
    // 2. β = 1: the gap is exactly m = 1, the boundary of "≥": x₁ is retrieved exactly
    let one = sparsemax 1.0 x
    Assert.True(SparseModernHopfield.retrievesExactly one 0 x.[0])
    Assert.Equal<float[]>(x.[0], SparseModernHopfield.retrieve one x.[0])
    // 3. β = 2 from (0.7, 0.3): query gap 0.8 < 1, one step gives (0.9, 0.1); the gap is then 1.6 ≥ 1: x₁ exactly
    let two = sparsemax 2.0 x
    let q0 = [| 0.7; 0.3 |]
    Assert.False(SparseModernHopfield.retrievesExactly two 0 q0)
    let q1 = SparseModernHopfield.retrieve two q0
    Assert.True(maxAbsDiff q1 [| 0.9; 0.1 |] <= 4.0 * Tolerances.eps, sprintf "q1 = %A" q1)
    Assert.True(SparseModernHopfield.retrievesExactly two 0 q1)
    Assert.Equal<float[]>(x.[0], SparseModernHopfield.retrieve two q1)
    Assert.True(SparseModernHopfield.energy two x.[0] <= SparseModernHopfield.energy two q1)
    // 4. x₁ = (1, 0), x₂ = (2, 0): Δ₁ = −1 < 0, at q = x₁ the scores favour x₂ for every β and α
    let unequal = [| [| 1.0; 0.0 |]; [| 2.0; 0.0 |] |]
    for map in sparseMaps do
        for beta in [ 0.5; 1.0; 10.0; 1000.0 ] do
            let net = SparseModernHopfield.create map beta unequal
            Assert.False(SparseModernHopfield.retrievesExactly net 0 unequal.[0])
            Assert.NotEqual<float[]>(unequal.[0], SparseModernHopfield.retrieve net unequal.[0])

[<Fact>]
let ``Softmax is never exact at finite β; K = 1 is always exact; hetero-associative sparse attention projects the values`` () =
    let x = [| [| 1.0; 0.0 |]; [| 0.0; 1.0 |] |]
    let soft = SparseModernHopfield.create SimplexMap.Softmax 10.0 x
    Assert.False(SparseModernHopfield.retrievesExactly soft 0 x.[0])
    Assert.True((SparseModernHopfield.weights soft x.[0]).[1] > 0.0)
    let single = SparseModernHopfield.create (SimplexMap.Entmax 1.5) 0.1 [| [| 0.3; -0.2 |] |]
    Assert.True(SparseModernHopfield.retrievesExactly single 0 [| 5.0; 5.0 |])
    Assert.Equal<float[]>([| 0.3; -0.2 |], SparseModernHopfield.retrieve single [| 5.0; 5.0 |])
    let attention = SparseModernHopfield.hetero (SimplexMap.Entmax 2.0) 1.0 x [| [| 10.0; 20.0; 30.0 |]; [| -1.0; -2.0; -3.0 |] |]
    Assert.Equal<float[]>([| 10.0; 20.0; 30.0 |], SparseModernHopfield.retrieve attention [| 2.0; 0.0 |])
    Assert.ThrowsAny<ArgumentException>(Action(fun () -> SparseModernHopfield.energy attention [| 1.0; 0.0 |] |> ignore)) |> ignore
    let it = SparseModernHopfield.iterate (SparseModernHopfield.create (SimplexMap.Entmax 2.0) 2.0 x) 0.0 10 [| 0.7; 0.3 |]
    Assert.Equal(Converged, it.Ending)
    Assert.Equal<float[]>(x.[0], it.State)
