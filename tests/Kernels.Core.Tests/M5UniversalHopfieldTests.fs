/// SPEC M5/M3: identities of the UHN similarity and separation suites (UHN App. D, App. E) and the
/// special cases of SPEC T9 that belong to the UHN factorization: UHN(dot, softmax β) is the modern
/// Hopfield network state by state, and hetero-association with P = M is auto-association.
module Kernels.Core.Tests.M5UniversalHopfieldTests

open System
open FsCheck
open FsCheck.FSharp
open FsCheck.Xunit
open global.Xunit
open AssociativeKernels.Core
open Kernels.Core.Tests.Generators


/// A probability-like vector: entries in [0, 1], some exactly 0, positive sum.
let private distribution (n: int) =
    Gen.arrayOfLength n (Gen.frequency [ 1, Gen.constant 0.0; 4, floatIn 0.0 1.0 ])
    |> Gen.map (fun x -> if Array.sum x > 0.0 then x else Array.init n (fun i -> if i = 0 then 1.0 else x.[i]))

[<Property(MaxTest = 100)>]
let ``Hamming similarity is N minus the Hamming distance, (N + x·y)/2 on ±1 vectors`` () =
    let g = gen {
        let! n = dimension
        let! x = bipolarVector n
        let! y = bipolarVector n
        return x, y }
    Prop.forAll (arb g) (fun (x, y) ->
        let n = x.Length
        let distance = Array.fold2 (fun s a b -> if a <> b then s + 1 else s) 0 x y
        let s = Similarity.measure Hamming x y
        ((s = float (n - distance)) |@ sprintf "agreements %g, N − d_H = %d" s (n - distance))
        .&. ((s = (float n + dot x y) / 2.0) |@ "(N + x·y)/2")
        .&. ((Similarity.measure Hamming x x = float n) |@ "x agrees with itself in all N positions"))

[<Property(MaxTest = 100)>]
let ``Euclidean and Manhattan: a stored pattern scores best against itself`` () =
    let g = gen {
        let! m = realPatterns
        let! target = Gen.choose (0, m.Length - 1)
        let! sim = Gen.elements [ Euclidean; Manhattan ]
        let! normalize = Gen.elements [ false; true ]
        return m, target, sim, normalize }
    Prop.forAll (arb g) (fun (m, target, sim, normalize) ->
        let q = m.[target]
        let h = Similarity.scores normalize sim m q
        let best = Array.max h
        ((h.[target] = best) |@ sprintf "%A: score of the pattern itself %g, best %g" sim h.[target] best)
        .&. ((Similarity.measure sim q q = 0.0) |@ "distance to itself is 0")
        .&. ((m |> Array.forall (fun xi -> Similarity.measure sim xi q >= 0.0)) |@ "distances are ≥ 0"))

[<Property(MaxTest = 100)>]
let ``KL ≥ 0 with equality exactly for equal distributions (after normalization)`` () =
    let g = gen {
        let! n = Gen.choose (1, 12)
        let! p = distribution n
        let! q = distribution n
        // powers of two rescale exactly, so the normalized copies are equal bit for bit
        let! scale = Gen.elements [ 0.25; 0.5; 2.0; 8.0 ]
        return p, q, scale }
    Prop.forAll (arb g) (fun (p, q, scale) ->
        let sp = p |> Array.map (fun x -> x * scale)
        let kl = Similarity.measure KullbackLeibler p q
        let rkl = Similarity.measure ReverseKullbackLeibler p q
        let norm (x: float[]) = let s = Array.sum x in x |> Array.map (fun v -> v / s)
        let pn, qn = norm p, norm q
        let equal = Array.forall2 (fun a b -> a = b) pn qn
        // an independent direct sum (reference), for distributions with common support
        let direct (a: float[]) (b: float[]) =
            Array.fold2 (fun s x y -> if x > 0.0 then s + x * Math.Log(x / y) else s) 0.0 a b
        let absTerms (a: float[]) (b: float[]) =
            Array.fold2 (fun s x y -> if x > 0.0 && y > 0.0 then s + abs (x * Math.Log(x / y)) else s) 0.0 a b
        let tol = Tolerances.divergenceRounding p.Length (absTerms qn pn + absTerms pn qn)
        ((kl >= 0.0 && rkl >= 0.0) |@ sprintf "KL %g, reverse %g" kl rkl)
        .&. ((Similarity.measure KullbackLeibler p sp = 0.0) |@ "KL of a distribution with a rescaled copy of itself is 0")
        .&. ((equal || kl > 0.0 || Double.IsPositiveInfinity kl || abs (kl - direct qn pn) <= tol) |@ "KL > 0 when the distributions differ")
        .&. ((Double.IsPositiveInfinity kl || abs (kl - direct qn pn) <= tol) |@ sprintf "KL(q‖ξ) %g vs direct %g" kl (direct qn pn))
        .&. ((Double.IsPositiveInfinity rkl || abs (rkl - direct pn qn) <= tol) |@ sprintf "KL(ξ‖q) %g vs direct %g" rkl (direct pn qn)))

[<Property(MaxTest = 100)>]
let ``Jensen–Shannon is symmetric, 0 on equal distributions and at most ln 2`` () =
    let g = gen {
        let! n = Gen.choose (1, 12)
        let! p = distribution n
        let! q = distribution n
        return p, q }
    Prop.forAll (arb g) (fun (p, q) ->
        let a, b = Similarity.measure JensenShannon p q, Similarity.measure JensenShannon q p
        let bound = Math.Log 2.0 * (1.0 + Tolerances.gamma (p.Length + 8))
        ((a = b) |@ sprintf "JS(p,q) %.17g ≠ JS(q,p) %.17g" a b)
        .&. ((a >= 0.0 && a <= bound) |@ sprintf "JS = %g outside [0, ln 2]" a)
        .&. ((Similarity.measure JensenShannon p p = 0.0) |@ "JS(p, p) = 0"))

[<Fact>]
let ``Jensen–Shannon of disjoint supports is ln 2`` () =
    let js = Similarity.measure JensenShannon [| 1.0; 0.0 |] [| 0.0; 3.0 |]
    Assert.True(abs (js - Math.Log 2.0) <= Tolerances.gamma 8 * Math.Log 2.0, sprintf "%.17g" js)

// ---- Log smoothing of the KL-type similarities (UniversalOptions.DivergenceSmoothing) ----
// Expected values computed independently in Python (math.log) from D_ε(p ‖ r) = Σ_{p_i>0} p_i [ln(p_i + ε) − ln(r_i + ε)]
// on ξ = (3, 0, 1)/4 and q = (0, 1, 1)/2, ε = 1e-4: each is a sum of ≤ 6 logarithms of O(1–10) size, so 1e-14 relative.

let private smoothXi, smoothQ = [| 3.0; 0.0; 1.0 |], [| 0.0; 1.0; 1.0 |]

let private near (expected: float) (actual: float) =
    Assert.True(abs (actual - expected) <= 1e-14 * abs expected, sprintf "expected %.17g, got %.17g" expected actual)

[<Fact>]
let ``smoothed KL, reverse KL and JS match values computed independently`` () =
    let e = UniversalHopfield.AuthorsDivergenceSmoothing
    near 4.605170205980094 (Similarity.measureSmoothed e KullbackLeibler smoothXi smoothQ)          // D(q ‖ ξ)
    near 6.518856907841905 (Similarity.measureSmoothed e ReverseKullbackLeibler smoothXi smoothQ)   // D(ξ ‖ q)
    near 0.4543543907769475 (Similarity.measureSmoothed e JensenShannon smoothXi smoothQ)
    // ε = 0 is the exact divergence: +∞ where one side has mass and the other none.
    Assert.Equal(Double.PositiveInfinity, Similarity.measureSmoothed 0.0 KullbackLeibler smoothXi smoothQ)
    Assert.Equal(Double.PositiveInfinity, Similarity.measure ReverseKullbackLeibler smoothXi smoothQ)

[<Fact>]
let ``a smoothed divergence that dips below 0 is clamped to 0`` () =
    // p = (ε/2, 1 − ε/2), r = (0, 1): the raw smoothed sum is −2.97e-5 (Python), the divergence is ≥ 0.
    let d = 0.5e-4
    Assert.Equal(0.0, Similarity.measureSmoothed 1e-4 ReverseKullbackLeibler [| d; 1.0 - d |] [| 0.0; 1.0 |])
    Assert.Equal(0.0, Similarity.measureSmoothed 1e-4 KullbackLeibler smoothQ smoothQ)

[<Fact>]
let ``a network with smoothing scores reverse KL as App. E's normalized reciprocals of the smoothed divergences`` () =
    // Memories ξ1 = (3, 0, 1), ξ2 = (1, 1, 2), query (0, 1, 1): D(ξ1 ‖ q) = 6.518856907841905, D(ξ2 ‖ q) = 1.7828746725840834,
    // weights (1/d_μ)/Σ(1/d_ν) = 0.2147593734285249, 0.7852406265714751 (Python).
    let options = { UniversalHopfield.appendixE with DivergenceSmoothing = 1e-4 }
    let net = UniversalHopfield.create options ReverseKullbackLeibler Identity [| smoothXi; [| 1.0; 1.0; 2.0 |] |]
    let h = UniversalHopfield.scores net smoothQ
    near 0.2147593734285249 h.[0]
    near 0.7852406265714751 h.[1]
    // Without smoothing both divergences are +∞ (q has no mass where each ξ has some): the limit of equal distances.
    let exact = UniversalHopfield.create UniversalHopfield.appendixE ReverseKullbackLeibler Identity [| smoothXi; [| 1.0; 1.0; 2.0 |] |]
    Assert.Equal<float[]>([| 0.5; 0.5 |], UniversalHopfield.scores exact smoothQ)

[<Property(MaxTest = 100)>]
let ``Softmax separation at huge β is the max (one-hot) when the maximum is unique`` () =
    let g = gen {
        let! k = Gen.choose (1, 12)
        // whole-number scores: a unique maximum is at least 1 above the rest, so e^{−β·1} underflows to 0
        // at β = 1e4 and the result is exactly one-hot
        let! h = Gen.arrayOfLength k (Gen.choose (-20, 20) |> Gen.map float)
        return h }
    Prop.forAll (arb g) (fun h ->
        let best = Array.max h
        let unique = (h |> Array.filter ((=) best)).Length = 1
        unique ==> lazy (
            let soft = Separation.apply (Softmax 1e4) h
            let hard = Separation.apply Max h
            ((soft = hard) |@ sprintf "softmax %A vs max %A" soft hard)
            .&. ((Separation.apply (TopK 1) h = hard) |@ "TopK 1 = Max")))

[<Fact>]
let ``Max and TopK break ties towards the lowest index; Threshold keeps scores equal to θ`` () =
    Assert.Equal<float[]>([| 0.0; 1.0; 0.0; 0.0 |], Separation.apply Max [| 1.0; 3.0; 3.0; 2.0 |])
    Assert.Equal<float[]>([| 0.0; 1.0; 1.0; 0.0 |], Separation.apply (TopK 2) [| 1.0; 3.0; 3.0; 3.0 |])
    Assert.Equal<float[]>([| 0.0; 1.0; 1.0 |], Separation.apply (Threshold 2.0) [| 1.0; 2.0; 3.0 |])

[<Property(MaxTest = 100)>]
let ``App. E: normalized scores sum to 1, distances become normalized reciprocals`` () =
    let g = gen {
        let! n = Gen.choose (1, 8)
        let! k = Gen.choose (1, 8)
        let! m = Gen.arrayOfLength k (distribution n)
        let! q = distribution n
        let! sim = Gen.elements [ Dot; NormalizedDot; Euclidean; Manhattan; KullbackLeibler; ReverseKullbackLeibler; JensenShannon; Hamming ]
        return m, q, sim }
    Prop.forAll (arb g) (fun (m, q, sim) ->
        // App. E normalizes similarities to sum 1, so some raw similarity must be positive
        let somePositive = Similarity.isDistance sim || (m |> Array.exists (fun xi -> Similarity.measure sim xi q > 0.0))
        somePositive ==> lazy (
            let h = Similarity.scores true sim m q
            let total = Array.sum h
            let sumOk = abs (total - 1.0) <= Tolerances.gamma (2 * m.Length + 4)
            let reciprocalOk =
                if not (Similarity.isDistance sim) then true
                else
                    let d = m |> Array.map (fun xi -> Similarity.measure sim xi q)
                    if d |> Array.exists ((=) 0.0) || d |> Array.forall Double.IsInfinity then true
                    else
                        // independently: h_μ d_μ is the same constant 1/Σ(1/d) for every μ with finite d
                        let c = 1.0 / (d |> Array.sumBy (fun x -> 1.0 / x))
                        Array.forall2 (fun hm dm -> Double.IsInfinity dm && hm = 0.0 || abs (hm * dm - c) <= Tolerances.gamma (m.Length + 8) * c) h d
            (sumOk |@ sprintf "%A: scores sum to %.17g" sim total) .&. (reciprocalOk |@ sprintf "%A: h ∝ 1/d" sim)))

[<Fact>]
let ``App. E: an exact match takes all the normalized reciprocal weight`` () =
    let m = [| [| 0.0; 1.0 |]; [| 1.0; 0.0 |]; [| 0.0; 1.0 |] |]
    Assert.Equal<float[]>([| 0.5; 0.0; 0.5 |], Similarity.scores true Manhattan m [| 0.0; 1.0 |])

[<Property(MaxTest = 100)>]
let ``Normalized dot (UHN Eq. 13) does not depend on the scale of the query or of a pattern`` () =
    let g = gen {
        let! n = Gen.choose (1, 8)
        let! k = Gen.choose (1, 8)
        let! m = Gen.arrayOfLength k (Gen.arrayOfLength n (floatIn 0.01 1.0))
        let! q = Gen.arrayOfLength n (floatIn 0.01 1.0)
        let! c = Gen.elements [ 0.5; 2.0; 4.0; 0.25 ]
        return m, q, c }
    Prop.forAll (arb g) (fun (m, q, c) ->
        let a = Similarity.scores false NormalizedDot m q
        let b = Similarity.scores false NormalizedDot m (q |> Array.map ((*) c))
        // powers of two scale exactly, so the scores agree bit for bit
        ((a = b) |@ sprintf "%A vs %A" a b) .&. ((abs (Array.sum a - 1.0) <= Tolerances.gamma (m.Length + 4)) |@ "sums to 1"))

[<Property(MaxTest = 200)>]
let ``T9: UHN with dot similarity and softmax β is the modern Hopfield network, step by step`` () =
    let g = gen {
        let! n = Gen.choose (1, 12)
        let! k = Gen.choose (1, 8)
        let! m = Gen.arrayOfLength k (Gen.arrayOfLength n (floatIn -2.0 2.0))
        let! q = Gen.arrayOfLength n (floatIn -2.0 2.0)
        let! beta = Gen.oneof [ floatIn 0.01 5.0; floatIn 5.0 1000.0 ]
        return m, q, beta }
    Prop.forAll (arb g) (fun (m, q, beta) ->
        let uhn = UniversalHopfield.create UniversalHopfield.defaultOptions Dot (Softmax beta) m
        let mh = ModernHopfield.create beta m
        let maxA = m |> Array.map (fun xi -> Array.fold2 (fun s x y -> s + abs (x * y)) 0.0 xi q) |> Array.max
        let close (a: float[]) (b: float[]) (w: float[]) =
            Array.init a.Length (fun i ->
                let weighted = Array.fold2 (fun s wm (p: float[]) -> s + wm * abs p.[i]) 0.0 w m
                abs (a.[i] - b.[i]) <= Tolerances.softmaxRetrieval a.Length m.Length beta maxA weighted)
            |> Array.forall id
        let z1, z2 = UniversalHopfield.retrieve uhn q, ModernHopfield.retrieve mh q
        let w = ModernHopfield.weights mh q
        // and the energies and the dynamics coincide too (UHN Eq. 5 = LAM Eq. 13; UHN Eq. 6 = LAM Eq. 16)
        let e1, e2 = UniversalHopfield.energy uhn q, ModernHopfield.energy mh q
        let it1 = UniversalHopfield.flow uhn 1.0 1e-12 20 q
        let it2 = ModernHopfield.iterate mh 1e-12 20 q
        (close z1 z2 w |@ sprintf "UHN %A vs modern Hopfield %A" z1 z2)
        .&. ((abs (e1 - e2) <= Tolerances.gamma (q.Length + m.Length + 8) * (0.5 * dot q q + maxA * beta + 1.0) * 4.0) |@ sprintf "energy %g vs %g" e1 e2)
        .&. ((it1.Steps = it2.Steps && it1.Ending = it2.Ending) |@ sprintf "iterations %A vs %A" (it1.Steps, it1.Ending) (it2.Steps, it2.Ending)))

[<Property(MaxTest = 100)>]
let ``UHN hetero-association with P = M is auto-association`` () =
    let g = gen {
        let! n = Gen.choose (1, 8)
        let! k = Gen.choose (1, 8)
        let! m = Gen.arrayOfLength k (Gen.arrayOfLength n (floatIn 0.0 1.0))
        let! q = Gen.arrayOfLength n (floatIn 0.0 1.0)
        let! sim = Gen.elements [ Dot; Euclidean; Manhattan; KullbackLeibler; JensenShannon ]
        let! sep = Gen.oneof [ Gen.constant Identity; Gen.constant Square; floatIn 0.1 10.0 |> Gen.map Softmax; Gen.constant Max; Gen.choose (1, k) |> Gen.map TopK ]
        let! normalize = Gen.elements [ false; true ]
        return m, q, sim, sep, normalize }
    Prop.forAll (arb g) (fun (m, q, sim, sep, normalize) ->
        let options = { UniversalHopfield.defaultOptions with NormalizeScores = normalize }
        let auto = UniversalHopfield.create options sim sep m
        let hetero = UniversalHopfield.hetero options sim sep m m
        let a, h = UniversalHopfield.retrieve auto q, UniversalHopfield.retrieve hetero q
        (a = h) |@ sprintf "auto %A vs hetero %A" a h)

[<Property(MaxTest = 100)>]
let ``UHN retrieval is the projection of the separated scores (Eq. 1), and the batch is row by row`` () =
    let g = gen {
        let! n = Gen.choose (1, 8)
        let! k = Gen.choose (1, 8)
        let! o = Gen.choose (1, 5)
        let! m = Gen.arrayOfLength k (Gen.arrayOfLength n (floatIn -1.0 1.0))
        let! p = Gen.arrayOfLength k (Gen.arrayOfLength o (floatIn -1.0 1.0))
        let! qs = Gen.arrayOfLength 3 (Gen.arrayOfLength n (floatIn -1.0 1.0))
        let! beta = floatIn 0.1 10.0
        return m, p, qs, beta }
    Prop.forAll (arb g) (fun (m, p, qs, beta) ->
        let net = UniversalHopfield.hetero UniversalHopfield.defaultOptions Manhattan (Softmax beta) m p
        let batch = UniversalHopfield.retrieveBatch net qs
        let composed = qs |> Array.map (fun q -> UniversalHopfield.project p (Separation.apply (Softmax beta) (Similarity.scores false Manhattan m q)))
        ((batch = composed) |@ "batch = project ∘ sep ∘ sim, row by row")
        .&. ((batch |> Array.forall (fun z -> z.Length = p.[0].Length)) |@ "output dimension is P's row length"))

[<Fact>]
let ``UHN(dot, identity, sign) on the stored patterns of an orthogonal set retrieves them`` () =
    // Two orthogonal ±1 patterns of length 4: M Mᵀ ξ¹ = 4 ξ¹, so one step with sign returns ξ¹ exactly.
    let m = [| [| 1.0; 1.0; -1.0; -1.0 |]; [| 1.0; -1.0; 1.0; -1.0 |] |]
    let net = UniversalHopfield.create { UniversalHopfield.defaultOptions with Output = Sign } Dot Identity m
    Assert.Equal<float[]>(m.[0], UniversalHopfield.retrieve net m.[0])
    let it = UniversalHopfield.iterate net 0.0 10 [| 1.0; 1.0; -1.0; 1.0 |]
    Assert.Equal(Converged, it.Ending)

/// Data whose every entry is a quarter-integer in [−2, 2]: every product, sum and difference below is exact or
/// rounds the same way at every power-of-two scale (nothing approaches the subnormal range).
let private quarters rows n = Gen.arrayOfLength rows (Gen.arrayOfLength n (Gen.choose (-8, 8) |> Gen.map (fun i -> float i / 4.0)))

let private scaleBy (k: int) (rows: float[][]) = rows |> Array.map (Array.map (fun x -> Math.ScaleB(x, k)))

/// Issue 11 item 3 (ScaledScores): data scaled by 2^k so that the scores ξ·q, ‖ξ − q‖² (k = 530, 600: up to
/// 2^1200·N·16) or Σ|ξ − q| (k = 1021) overflow a double, or fall below its subnormal range (k = −600), if formed
/// directly. Scores are homogeneous of degree d in the data (d = 2: dot and squared distance, 1: Manhattan), so
/// softmax at β·2^−dk (k chosen so that this β is a double), max and top-k must give exactly 2^k times the unscaled
/// output (the same weights), and identity with the projection scaled by 2^{k−dk} the same — powers of two scale
/// exactly, so equality is bit for bit — or, where 2^k·z itself is beyond a double, refuse. The unscaled network
/// (scores ≤ 2^9) is the plain computation the other properties check against independent values; ModernHopfield
/// must agree with UHN(dot, softmax) at every scale.
[<Property(MaxTest = 200)>]
let ``Retrieval at data scaled by 2^k, scores beyond a double, is the unscaled retrieval scaled back, exactly`` () =
    let g = gen {
        let! n = Gen.choose (1, 12)
        let! rows = Gen.choose (1, 6)
        let! m = quarters rows n
        let! p = quarters rows 3
        let! q = quarters 1 n
        let! sim = Gen.elements [ Dot; Euclidean; Manhattan ]
        let! sepCode = Gen.choose (0, 3)
        let! k =
            match sim, sepCode with
            | Manhattan, _ -> Gen.elements [ -1000; 1021 ]
            | _, 0 -> Gen.elements [ -510; 530 ] // β·2^−2k stays a double
            | _ -> Gen.elements [ -600; -510; 530; 600 ]
        let! top = Gen.choose (1, rows)
        let! beta = Gen.elements [ 0.5; 1.0; 3.0 ]
        return m, p, q.[0], k, sim, sepCode, top, beta }
    Prop.forAll (arb g) (fun (m, p, q, k, sim, sepCode, top, beta) ->
        let d = if sim = Manhattan then 1 else 2
        let opts = UniversalHopfield.defaultOptions
        let sep, sepScaled =
            match sepCode with
            | 0 -> Softmax beta, Softmax(Math.ScaleB(beta, -d * k))
            | 1 -> Max, Max
            | 2 -> TopK top, TopK top
            | _ -> Identity, Identity
        let qk = q |> Array.map (fun x -> Math.ScaleB(x, k))
        let unscaled, scaled =
            if sep = Identity then UniversalHopfield.hetero opts sim sep m p, UniversalHopfield.hetero opts sim sepScaled (scaleBy k m) (scaleBy (k - d * k) p)
            else UniversalHopfield.create opts sim sep m, UniversalHopfield.create opts sim sepScaled (scaleBy k m)
        let expected = UniversalHopfield.retrieve unscaled q |> Array.map (fun x -> Math.ScaleB(x, k))
        let actual = try Some(UniversalHopfield.retrieve scaled qk) with :? ArgumentException -> None
        let modern =
            match sep, actual with
            | Softmax _, Some zk when sim = Dot ->
                let mz = ModernHopfield.retrieve (ModernHopfield.create (Math.ScaleB(beta, -d * k)) (scaleBy k m)) qk
                (mz = zk) |@ sprintf "ModernHopfield %A vs UHN %A" mz zk
            | _ -> true |@ "n/a"
        let agrees =
            if expected |> Array.exists Double.IsInfinity then (actual = None) |@ sprintf "2^k z is beyond a double, yet %A" actual
            else (actual = Some expected) |@ sprintf "%A %A k = %d: %A vs 2^k z = %A" sim sep k actual expected
        agrees .&. modern)

[<Fact>]
let ``Outputs beyond a double's range are refused naming the query; infinite scores have no power`` () =
    // ξ = 2^600·(1, 1): s = ξ·q = 2^601 for q = (1, 1); identity gives z = s·ξ = 2^1201, beyond 1.8e308.
    let m = [| [| Math.ScaleB(1.0, 600); Math.ScaleB(1.0, 600) |] |]
    let net = UniversalHopfield.create UniversalHopfield.defaultOptions Dot Identity m
    let e = Assert.ThrowsAny<ArgumentException>(fun () -> UniversalHopfield.retrieve net [| 1.0; 1.0 |] |> ignore)
    Assert.Equal("query", e.ParamName)
    let eb = Assert.ThrowsAny<ArgumentException>(fun () -> UniversalHopfield.retrieveBatch net [| [| 1.0; 1.0 |] |] |> ignore)
    Assert.Equal("queries", eb.ParamName)
    // The sign output needs only the sign: +1 everywhere.
    let signed = UniversalHopfield.create { UniversalHopfield.defaultOptions with Output = Sign } Dot Identity m
    Assert.Equal<float[]>([| 1.0; 1.0 |], UniversalHopfield.retrieve signed [| 1.0; 1.0 |])
    // An infinite KL divergence (q_i > 0 = ξ_i) under a power separation: refused, not ±∞/NaN.
    let kl = UniversalHopfield.create UniversalHopfield.defaultOptions KullbackLeibler (Polynomial 3) [| [| 1.0; 0.0 |]; [| 1.0; 1.0 |] |]
    Assert.Equal("query", (Assert.ThrowsAny<ArgumentException>(fun () -> UniversalHopfield.retrieve kl [| 1.0; 1.0 |] |> ignore)).ParamName)
    // An empty batch is an empty result.
    Assert.Empty(UniversalHopfield.retrieveBatch net [||])
    Assert.Empty(ModernHopfield.retrieveBatch (ModernHopfield.create 1.0 m) [||])
