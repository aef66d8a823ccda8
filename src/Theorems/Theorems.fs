/// The catalogue of SPEC T1–T12 as runnable theorems: each with its id, statement, paper and equation, parameters
/// with default and hypothesis ranges, a generator of cases and its claim (Claims, the one home of each check).
/// `Theorems.check "T3" [ "beta", { Lo = 5.0; Hi = 20.0 } ] 200 1 CancellationToken.None` runs one.
[<RequireQualifiedAccess>]
module AssociativeKernels.Core.Theorems

open System
open System.Threading

let private real = Theorem.real
let private integer = Theorem.integer
let private size = Theorem.size
let private inf = Double.PositiveInfinity

/// A vector of length n, entries uniform in [lo, hi].
let private uniformVector (rng: Random) (n: int) (lo: float) (hi: float) = Array.init n (fun _ -> lo + (hi - lo) * rng.NextDouble())

/// A ±1 vector of length n.
let private bipolar (rng: Random) (n: int) = Array.init n (fun _ -> if rng.Next 2 = 0 then -1.0 else 1.0)

let private i (x: float) = int x

/// K = p "K" ±1 patterns of length N = p "N", then one ±1 state (the layout of T8 and T9's points).
let private bipolarPatternsThenState (rng: Random) (p: string -> float) =
    Array.init (i (p "K") + 1) (fun _ -> bipolar rng (i (p "N")))

/// A case's points split as (stored patterns, the state after them): every point but the last, and the last.
let private patternsAndState (c: TheoremCase) = c.Points.[.. c.Points.Length - 2], c.Points.[c.Points.Length - 1]

let private t1 =
    { Id = "T1"
      Title = "the kernel trick"
      Statement = "The explicit feature maps reproduce their kernels: φ(x)·φ(y) = (x·y + 1)² for the degree-2 map, and φ_pairs(x)·φ_pairs(y) = ((x·y)² − Σ x_i²y_i²)/2 (= ((x·y)² − N)/2 on ±1 vectors)."
      Source = "KMN §3.2, Eq. 107; App. C"
      Parameters = [ size "N" "the dimension of x and y" (1, 200) (1, 33) ]
      PointsMeaning = "x and y, entries uniform in [−3, 3]"
      Shrink = RealPoints
      MinPoints = 2
      FreeDimension = true
      DefaultTrials = 200
      Draw = fun rng p -> Array.init 2 (fun _ -> uniformVector rng (i (p "N")) -3.0 3.0)
      Claim = fun c -> Claims.allOf [ (fun () -> Claims.polynomialFeatureMap c.Points.[0] c.Points.[1]); (fun () -> Claims.pairsFeatureMap c.Points.[0] c.Points.[1]) ] }

let private t2 =
    { Id = "T2"
      Title = "a finite SDM converges to its kernel"
      Statement = "With N_φ random addresses on the hypercube, the fraction φ(x)·φ(y)/N_φ of addresses active for both x and a y at Hamming distance Δ is within Monte-Carlo error (5 standard errors) of the SDM kernel K_SDM(N, r, Δ); and with N_φ random addresses on the unit sphere (N ≥ 3) and threshold b, the fraction for two unit vectors with x·y = c is within the same band of the hypersphere kernel K_SDM(N, b, c)."
      Source = "KMN §3.3, Eqs. 15–17"
      Parameters =
        [ size "N" "the dimension" (2, 30) (2, 14)
          integer "r" "the address radius (needs 1 ≤ r ≤ N − 1)" (1, 29) (1, 13) (1, 29) "any 1 ≤ r ≤ N − 1"
          integer "delta" "the Hamming distance Δ of y from x (needs Δ ≤ N)" (0, 30) (0, 14) (0, 30) "any Δ ≤ N"
          integer "Nphi" "the number N_φ of random addresses" (100, 1_000_000) (20_000, 20_000) (100, 1_000_000) "any N_φ (the band scales as 1/√N_φ)"
          real "b" "the threshold of the hypersphere addresses (active when z·x ≥ b)" (-0.999, 0.999) "[−0.999, 0.999]" (-0.6, 0.6) (-0.999, 0.999) "any −1 < b < 1"
          real "c" "the cosine x·y of the two unit vectors on the sphere" (-1.0, 1.0) "[−1, 1]" (-1.0, 1.0) (-1.0, 1.0) "any x·y" ]
      PointsMeaning = "x, a ±1 vector; y is x with its first Δ entries flipped (the sphere's x and y are e₁ and c·e₁ + √(1 − c²)·e₂ in the same N)"
      Shrink = BipolarPoints
      MinPoints = 1
      FreeDimension = true
      DefaultTrials = 100
      Draw = fun rng p -> [| bipolar rng (i (p "N")) |]
      Claim =
        fun c ->
            let nphi = i (Theorem.value "Nphi" c)
            Claims.allOf
                [ fun () -> Claims.sdmHypercubeConverges (i (Theorem.value "r" c)) (i (Theorem.value "delta" c)) nphi c.Seed c.Points.[0]
                  fun () -> Claims.sdmHypersphereConverges (Theorem.value "b" c) (Theorem.value "c" c) nphi (c.Seed + 1) c.Points.[0].Length ] }

/// M points in [−3, 3]^N at least 0.5 apart, by rejection from 4M candidates (as many as are kept).
let private separated (rng: Random) (n: int) (m: int) =
    let kept = ResizeArray<float[]>()
    for _ in 1 .. 4 * m do
        let c = uniformVector rng n -3.0 3.0
        if kept.Count < m && kept |> Seq.forall (fun k -> Kernel.distance k c >= 0.5) then kept.Add c
    kept.ToArray()

let private t3 =
    { Id = "T3"
      Title = "Exp-β Gram matrices of distinct points are invertible"
      Statement = "The Exp-β kernel exp(−(‖x − y‖/r)^β) is symmetric, and its Gram matrix of distinct points is positive definite (so invertible) for 0 < β ≤ 2; past β = 2 this can fail."
      Source = "KMN §4.2, Eq. 21 (citing Micchelli 1986)"
      Parameters =
        [ real "beta" "the exponent β" (1e-6, 1e6) "[1e-6, 1e6]" (0.1, 2.0) (1e-6, 2.0) "0 < β ≤ 2 (Micchelli 1986, cited in KMN §4.2)"
          real "r" "the kernel radius" (1e-6, 1e6) "[1e-6, 1e6]" (0.5, 3.0) (1e-6, 1e6) "any r > 0"
          size "N" "the dimension of the points" (1, 50) (1, 5)
          size "M" "the number of points" (2, 50) (2, 7) ]
      PointsMeaning = "M points in [−3, 3]^N, pairwise at least 0.5 apart"
      Shrink = RealPoints
      MinPoints = 2
      FreeDimension = true
      DefaultTrials = 200
      Draw = fun rng p -> separated rng (i (p "N")) (i (p "M"))
      Claim = fun c -> Claims.expBetaGram (Theorem.value "beta" c) (Theorem.value "r" c) c.Points }

let private t4 =
    { Id = "T4"
      Title = "the zero-temperature limit (Property 5.1)"
      Statement = "As β → ∞ the Exp-β kernel exp(−(d/r)^β) tends monotonically to Θ(r − d) with Θ(0) = e^{−1}: the gap does not grow along β = 1 … 10⁴ and is below 1e-40 at β = 10⁴ when d/r is 1% or more away from 1; at d = r the kernel is e^{−1} for every β; and for patterns pairwise more than 1.01·r apart the Θ Gram matrix and the Exp-β Gram matrix at β = 10⁴ are exactly the identity."
      Source = "KMN Property 5.1, Eqs. 69–72"
      Parameters =
        [ real "r" "the kernel radius" (1e-3, 1e3) "[1e-3, 1e3]" (0.1, 10.0) (1e-3, 1e3) "any r > 0"
          real "ratio" "the distance d as a multiple of r" (0.0, 100.0) "[0, 100]" (0.0, 5.0) (0.0, 100.0) "any d ≥ 0"
          { real "beta" "the exponent β at which the kernel at d = r is checked" (1e-3, 1e6) "[1e-3, 1e6]" (0.01, 1e4) (1e-3, 1e6) "any β > 0" with LogScale = true }
          size "N" "the dimension of the Gram matrix's patterns" (1, 20) (1, 5)
          size "M" "the number of patterns" (1, 20) (1, 6) ]
      PointsMeaning = "M patterns in [−3r, 3r]^N, pairwise more than 1.02·r apart (by rejection from 4M candidates, as many as are kept)"
      Shrink = RealPoints
      MinPoints = 1
      FreeDimension = true
      DefaultTrials = 200
      Draw =
        fun rng p ->
            let r, n, m = p "r", i (p "N"), i (p "M")
            let kept = ResizeArray<float[]>()
            for _ in 1 .. 4 * m do
                let c = uniformVector rng n (-3.0 * r) (3.0 * r)
                if kept.Count < m && kept |> Seq.forall (fun k -> Kernel.distance k c > 1.02 * r) then kept.Add c
            kept.ToArray()
      Claim =
        fun c ->
            let r = Theorem.value "r" c
            Claims.allOf
                [ fun () -> Claims.zeroTemperatureLimit r (Theorem.value "ratio" c * r)
                  fun () -> Claims.zeroTemperatureAtRadius r (Theorem.value "beta" c)
                  fun () -> Claims.zeroTemperatureGram r c.Points ] }

let private t5 =
    { Id = "T5"
      Title = "the β → ∞ Exp-β network: one-step convergence, no spurious attractors (Properties 5.2, 5.3)"
      Statement = "When every pair of patterns is more than 2r apart, a start within r of a pattern reaches that pattern in one step of the zero-temperature rule, and from any start the dynamics ends within three steps at a stored pattern or at the agnostic state (0, or the pattern within r of the origin), all of them fixed points."
      Source = "KMN Properties 5.2 and 5.3, Eq. 22"
      Parameters =
        [ real "u" "r as a fraction of half the smallest pairwise distance" (0.01, 1.99) "[0.01, 1.99]" (0.3, 0.95) (0.01, 0.999) "u < 1: every pair more than 2r apart"
          real "frac" "the start's distance from the pattern as a fraction of r (Property 5.2)" (0.0, 10.0) "[0, 10]" (0.0, 0.999) (0.0, 0.999) "frac < 1: the start within r of the pattern"
          real "spread" "the spread of the starts of Property 5.3, in units of r" (0.0, 100.0) "[0, 100]" (0.0, 3.0) (0.0, 100.0) "any start"
          size "N" "the dimension" (1, 50) (1, 8)
          size "M" "the number of patterns" (1, 50) (1, 12) ]
      PointsMeaning = "M Gaussian patterns in R^N"
      Shrink = RealPoints
      MinPoints = 1
      FreeDimension = true
      DefaultTrials = 200
      Draw = fun rng p -> Array.init (i (p "M")) (fun _ -> Sampling.gaussianVector rng (i (p "N")))
      Claim =
        fun c ->
            let u = Theorem.value "u" c
            Claims.allOf
                [ fun () -> Claims.oneStepConvergence u (Theorem.value "frac" c) c.Seed c.Points
                  fun () -> Claims.noSpuriousAttractors u (Theorem.value "spread" c) (c.Seed + 1) c.Points ] }

let private t6 =
    { Id = "T6"
      Title = "stored patterns are fixed points of the interpolation network (Property 4)"
      Statement = "Every stored pattern is a fixed point of s ← X K^† K(X, s), also when K is rank deficient (duplicated patterns, more patterns than features), here with the kernel (x·y + 1)^p."
      Source = "KMN Property 4, Eq. 20; App. D, Eqs. 52–55"
      Parameters =
        [ integer "p" "the degree of the kernel (x·y + 1)^p" (1, 6) (1, 4) (1, 6) "any p ≥ 1"
          size "N" "the dimension" (1, 30) (1, 6)
          size "M" "the number of patterns" (1, 30) (1, 9) ]
      PointsMeaning = "M patterns in [−1.5, 1.5]^N, about a quarter of them copies of earlier ones"
      Shrink = RealPoints
      MinPoints = 1
      FreeDimension = true
      DefaultTrials = 150
      Draw =
        fun rng p ->
            let n, m = i (p "N"), i (p "M")
            let rows = Array.init m (fun _ -> uniformVector rng n -1.5 1.5)
            rows |> Array.mapi (fun mu row -> if mu > 0 && rng.Next 4 = 0 then rows.[rng.Next mu] else row)
      Claim = fun c -> let p = i (Theorem.value "p" c) in Claims.interpolationFixedPoints (Kernel.polynomial p 1.0) (1.0 / sqrt (float p)) c.Points }

let private t7 =
    { Id = "T7"
      Title = "SVM-trained networks store every pattern (Properties 1, 2.1, 2.2)"
      Statement = "With hard-margin SVM neurons and the kernel (ξ·s + 1)^p, every stored ±1 pattern is a fixed point of the synchronous update, and, without self-connections, of asynchronous sweeps in any order; the hetero-associative network recalls every stored ±1 output from its input; each neuron's margin is at least the one-shot rule's; when training reports non-separable data, the one-shot rule cannot separate it either."
      Source = "KMN Properties 1, 2.1 and 2.2, Eqs. 5–6, 9–10, 12, 49–50"
      Parameters =
        [ integer "p" "the degree of the kernel (ξ·s + 1)^p" (1, 5) (1, 3) (1, 5) "any p ≥ 1"
          size "N" "the dimension" (2, 20) (2, 10)
          size "M" "the number of patterns" (1, 30) (1, 12)
          integer "Nout" "the length of the hetero-associative outputs (Property 1)" (1, 20) (1, 6) (1, 20) "any" ]
      PointsMeaning = "M ±1 patterns of length N (duplicates possible), the inputs of Property 1 too; its M ±1 outputs of length Nout are drawn from the case's seed"
      Shrink = BipolarPoints
      MinPoints = 1
      FreeDimension = true
      DefaultTrials = 100
      Draw = fun rng p -> Array.init (i (p "M")) (fun _ -> bipolar rng (i (p "N")))
      Claim =
        fun c ->
            if c.Points.[0].Length < 2 then Discard "N < 2"
            else
                let p = Theorem.value "p" c
                let k t = (t + 1.0) ** p
                let outputs = let rng = Random(c.Seed + 1) in Array.init c.Points.Length (fun _ -> bipolar rng (i (Theorem.value "Nout" c)))
                Claims.allOf
                    [ fun () -> Claims.svmFixedPoints k c.Points
                      fun () -> Claims.svmFixedPointsWithoutSelf k c.Seed c.Points
                      fun () -> Claims.svmHeteroRecall k c.Points outputs ] }

let private t8 =
    { Id = "T8"
      Title = "the energy never increases (classical, dense, modern and universal Hopfield networks, LAM ODE)"
      Statement = "Asynchronous updates of the dense associative memory E = −Σ_μ F(ξ^μ·σ), F = xⁿ, and of the classical Hopfield network E = −½ sᵀTs (Hebbian T, with and without its diagonal) never raise the energy and reach a fixed point; the modern Hopfield update v ← Mᵀ softmax(β M v) never raises LAM's energy (Eq. 13), and Euler steps of size 0 < η ≤ 2 of the universal Hopfield dynamics with softmax separation never raise its energy ½vᵀv − L_h(M v) (six steps each, from the same ±1 memories and start); and the LAM ODE of model B (softmax β hidden layer, quadratic features), integrated from the start with the hidden layer at 0 to t = 8, never raises its energy (Eq. 2) beyond the integrator's local error."
      Source = "DAM §2, Eqs. 1–4; Hopfield 1982; LAM Eqs. 1–4, 11, 13, 16; UHN Eqs. 2, 4, App. A"
      Parameters =
        [ integer "n" "the degree of F = xⁿ" (1, 12) (1, 8) (1, 12) "any n ≥ 1"
          size "N" "the number of neurons" (1, 40) (1, 16)
          size "K" "the number of memories" (1, 30) (1, 8)
          real "beta" "the inverse temperature β of the softmax (modern and universal Hopfield, LAM model B)" (1e-3, 1e3) "[1e-3, 1e3]" (0.05, 50.0) (1e-3, 1e3) "any β > 0"
          real "eta" "the Euler step size η of the universal Hopfield dynamics (UniversalHopfield.eulerStep takes η ≤ 2 only)" (1e-3, 2.0) "[1e-3, 2]" (0.05, 2.0) (1e-3, 2.0) "0 < η ≤ 2 (UHN App. A)" ]
      PointsMeaning = "K ±1 memories of length N, then the ±1 start state"
      Shrink = BipolarPoints
      MinPoints = 2
      FreeDimension = true
      DefaultTrials = 200
      Draw = bipolarPatternsThenState
      Claim =
        fun c ->
            let patterns, s0 = patternsAndState c
            let beta = Theorem.value "beta" c
            Claims.allOf
                [ fun () -> Claims.denseEnergyDescent (DenseEnergy.Polynomial(i (Theorem.value "n" c))) c.Seed patterns s0
                  fun () -> Claims.hopfieldEnergyDescent HopfieldRule.HebbianZeroDiagonal c.Seed patterns s0
                  fun () -> Claims.hopfieldEnergyDescent HopfieldRule.Hebbian c.Seed patterns s0
                  fun () -> Claims.modernEnergyDescent beta patterns s0
                  fun () -> Claims.uhnEnergyDescent (Softmax beta) (Theorem.value "eta" c) patterns s0
                  fun () -> Claims.lamEnergyDescent (TwoLayerNetwork.modelB beta patterns) s0 (Array.zeroCreate patterns.Length) ] }

let private t9 =
    { Id = "T9"
      Title = "special cases coincide: UHN, classical Hopfield, dense memory with F = x², kernel network, LAM model B, SDM"
      Statement = "UHN with dot similarity, identity separation and sign output retrieves exactly what the classical Hopfield network sgn(Σ ξξᵀ q) does, ties included; the dense memory with F = x², the kernel memory network with A = 1, θ = 0, k = F′ and the zero-diagonal Hopfield network follow the same asynchronous trajectory; UHN with dot similarity and softmax β retrieves what LAM model B does after one step (up to rounding); and the sparse distributed memory (400 random addresses of radius r, the patterns stored auto-associatively) has the same field as the feature-form network with φ_SDM, A = 1, θ = 0."
      Source = "UHN Eq. 1, §3.1; DAM Eqs. 1, 4; KMN Eqs. 5, 12, 13, §3.4; LAM Eq. 16"
      Parameters =
        [ size "N" "the dimension" (1, 100) (1, 40)
          size "K" "the number of patterns" (1, 40) (1, 12)
          real "beta" "the inverse temperature β of the softmax (UHN = LAM model B)" (1e-3, 1e3) "[1e-3, 1e3]" (0.01, 200.0) (1e-3, 1e3) "any β > 0"
          integer "r" "the SDM address radius (needs 1 ≤ r ≤ N − 1)" (1, 99) (1, 20) (1, 99) "any 1 ≤ r ≤ N − 1" ]
      PointsMeaning = "K ±1 patterns of length N, then the ±1 query"
      Shrink = BipolarPoints
      MinPoints = 2
      FreeDimension = true
      DefaultTrials = 200
      Draw = bipolarPatternsThenState
      Claim =
        fun c ->
            let patterns, q = patternsAndState c
            Claims.allOf
                [ fun () -> Claims.uhnIsClassicalHopfield patterns q
                  fun () -> Claims.denseIsKernelNetworkAndHopfield c.Seed patterns q
                  fun () -> Claims.uhnSoftmaxIsModelB (Theorem.value "beta" c) patterns q
                  fun () -> Claims.sdmIsFeatureNetwork (i (Theorem.value "r" c)) (c.Seed + 1) patterns patterns q ] }

let private t10 =
    { Id = "T10"
      Title = "XOR and the degree of the dense memory"
      Statement = "The dense memory with F = xⁿ solves XOR (one update of the output neuron gives x XOR y from either start) exactly when n is odd and n ≥ 3; with the rectified polynomial ReP_n it does for every n ≥ 2."
      Source = "DAM §3, Table 1, Eqs. 7–8"
      Parameters = [ integer "n" "the degree" (1, 30) (1, 15) (1, 30) "any n ≥ 1" ]
      PointsMeaning = "none"
      Shrink = KeepPoints
      MinPoints = 0
      FreeDimension = false
      DefaultTrials = 50
      Draw = fun _ _ -> [||]
      Claim = fun c -> Claims.xor (i (Theorem.value "n" c)) }

let private t11 =
    { Id = "T11"
      Title = "closed forms are consistent"
      Statement = "Each Exp-β exact capacity is at least its lower bound (Gaussian, sphere, bipolar), and erfc(x)⁻¹ ≥ √π x e^{x²} for every x > 0."
      Source = "KMN App. E, Eqs. 84, 86, 87, 94, 95, 105, 106"
      Parameters =
        [ { integer "N" "the dimension" (2, 1_000_000) (2, 1_000_000) (2, 1_000_000) "any N ≥ 2" with LogScale = true }
          real "sigma2" "the noise variance σ² of Gaussian patterns" (1e-9, 0.5) "(0, 1/2)" (1e-6, 0.499999) (1e-9, 0.5) "0 < σ² < 1/2"
          real "rs" "the radius r of the sphere capacity" (1e-9, 0.7071067) "(0, √½)" (1e-6, 0.7071) (1e-9, 0.7071067) "0 < r < √½"
          real "f" "the bit probability of bipolar patterns" (1e-6, 0.999999) "(0, 1)" (1e-3, 0.999) (1e-6, 0.999999) "0 < f < 1"
          real "rhoFraction" "ρ as a fraction of p_f/4" (0.0, 0.999999) "[0, 1)" (0.0, 0.999999) (0.0, 0.999999) "0 ≤ ρ < p_f/4"
          real "x" "the argument of Eq. 86" (1e-9, 1e4) "(0, 1e4]" (1e-6, 1e4) (1e-9, 1e4) "x > 0" ]
      PointsMeaning = "none"
      Shrink = KeepPoints
      MinPoints = 0
      FreeDimension = false
      DefaultTrials = 300
      Draw = fun _ _ -> [||]
      Claim =
        fun c ->
            let v name = Theorem.value name c
            Claims.allOf
                [ fun () -> Claims.capacityExactAtLeastLower (i (v "N")) (v "sigma2") (v "rs") (v "f") (v "rhoFraction")
                  fun () -> Claims.erfcInverseBound (v "x") ] }

let private t12 =
    { Id = "T12"
      Title = "the DAM duality"
      Statement = "The one-step classifier of the dense memory with labels started at −ε and β = 1/(2ε) tends, as ε → 0, to the one-hidden-layer network with f = F′; the gap is within its first-order bound in ε (plus rounding)."
      Source = "DAM §5, Eqs. 9–11"
      Parameters =
        [ integer "n" "the degree of F = xⁿ" (1, 8) (1, 5) (1, 8) "any n ≥ 1"
          { real "epsilon" "the label start −ε" (1e-9, 1e-2) "[1e-9, 1e-2]" (1e-7, 1e-5) (1e-9, 1e-2) "ε > 0 (the bound is first order in ε)" with LogScale = true }
          integer "nc" "the number of label neurons" (1, 8) (1, 4) (1, 8) "any"
          size "Nv" "the number of visible neurons" (1, 20) (1, 8)
          size "K" "the number of memories" (1, 20) (1, 8) ]
      PointsMeaning = "K memories (Nv visible then nc label entries, uniform in [−1, 1]), then the visible state v"
      Shrink = KeepPoints
      MinPoints = 2
      FreeDimension = false
      DefaultTrials = 200
      Draw =
        fun rng p ->
            let nv, nc, k = i (p "Nv"), i (p "nc"), i (p "K")
            Array.append (Array.init k (fun _ -> uniformVector rng (nv + nc) -1.0 1.0)) [| uniformVector rng nv -1.0 1.0 |]
      Claim =
        fun c ->
            let mems, v = patternsAndState c
            let nc = i (Theorem.value "nc" c)
            if mems.[0].Length <> v.Length + nc then Discard "the memories' length is not Nv + nc"
            else Claims.damDuality (DenseEnergy.Polynomial(i (Theorem.value "n" c))) (Theorem.value "epsilon" c) nc mems v }

/// SPEC T1–T12, in order.
let all : Theorem list = [ t1; t2; t3; t4; t5; t6; t7; t8; t9; t10; t11; t12 ]

/// The theorem with this id (ordinal), or an ArgumentException (ParamName "id") listing the ids.
let find (id: string) : Theorem =
    match all |> List.tryFind (fun t -> t.Id = id) with
    | Some t -> t
    | None -> raise (ArgumentException(sprintf "unknown theorem '%s'; the ids are %s." id (all |> List.map (fun t -> t.Id) |> String.concat ", "), "id"))

/// Runs theorem `id` (see Theorem.check): `ranges` override the default parameter ranges, `trials` cases drawn
/// with `seed`.
let check (id: string) (ranges: (string * ParameterRange) seq) (trials: int) (seed: int) (cancel: CancellationToken) : TheoremReport =
    Theorem.check (find id) ranges trials seed cancel
