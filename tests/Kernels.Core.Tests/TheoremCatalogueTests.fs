/// Issue 15, part 3: the public catalogue of theorems (src/Theorems). Every T1–T12 holds at its default ranges; T3
/// past Micchelli's range finds a Gram matrix of distinct points that is not positive definite, checked here by an
/// independent route (the kernel written out again, a Cholesky factorisation, and a closed form for three points on
/// a line); seeds reproduce; shrinking gives a simpler case that still fails; bad ranges are refused by name; the
/// user checks catch a kernel that is not symmetric, one that is not positive semi-definite, one whose Gram matrix is
/// singular, and memories whose patterns move or whose energy rises.
module Kernels.Core.Tests.TheoremCatalogueTests

open System
open System.Threading
open global.Xunit
open AssociativeKernels.Core

let private none = CancellationToken.None

let private range lo hi = { Lo = lo; Hi = hi }

let private failure (r: TheoremReport) =
    match r.Outcome with
    | Fails f -> f
    | Holds(p, d) -> failwithf "%s held (%d passed, %d discarded); a counterexample was expected" r.TheoremId p d

/// The Exp-β kernel written out here from KMN Eq. 21, not through Kernel.expBeta.
let private expBeta (beta: float) (r: float) (x: float[]) (y: float[]) =
    let d = sqrt (Array.fold2 (fun s a b -> s + (a - b) * (a - b)) 0.0 x y)
    exp (-((d / r) ** beta))

/// The pivots of a Cholesky factorisation G = L Lᵀ, computed here: G is positive definite exactly when every pivot
/// d_k = G_kk − Σ_{j<k} L_kj² is > 0 (a non-positive pivot proves it is not).
let private choleskyPivots (g: float[,]) =
    let n = Array2D.length1 g
    let l = Array2D.zeroCreate n n
    [| for k in 0 .. n - 1 do
         let d = g.[k, k] - Seq.sum (seq { for j in 0 .. k - 1 -> l.[k, j] * l.[k, j] })
         yield d
         if d > 0.0 then
             l.[k, k] <- sqrt d
             for i in k + 1 .. n - 1 do
                 l.[i, k] <- (g.[i, k] - Seq.sum (seq { for j in 0 .. k - 1 -> l.[i, j] * l.[k, j] })) / l.[k, k] |]

[<Fact>]
let ``The catalogue is T1–T12 in order, each with a statement, a source and default ranges inside its domain and hypothesis`` () =
    Assert.Equal<string list>([ for k in 1 .. 12 -> sprintf "T%d" k ], Theorems.all |> List.map (fun t -> t.Id))
    for t in Theorems.all do
        Assert.False(String.IsNullOrWhiteSpace t.Statement, t.Id)
        Assert.False(String.IsNullOrWhiteSpace t.Source, t.Id)
        for p in t.Parameters do
            Assert.True(p.Domain.Lo <= p.Default.Lo && p.Default.Hi <= p.Domain.Hi, sprintf "%s %s: default outside domain" t.Id p.Name)
            Assert.True(p.Hypothesis.Lo <= p.Default.Lo && p.Default.Hi <= p.Hypothesis.Hi, sprintf "%s %s: default outside hypothesis" t.Id p.Name)

[<Theory>]
[<InlineData("T1")>]
[<InlineData("T2")>]
[<InlineData("T3")>]
[<InlineData("T4")>]
[<InlineData("T5")>]
[<InlineData("T6")>]
[<InlineData("T7")>]
[<InlineData("T8")>]
[<InlineData("T9")>]
[<InlineData("T10")>]
[<InlineData("T11")>]
[<InlineData("T12")>]
let ``Every theorem of the catalogue holds at its default ranges`` (id: string) =
    let t = Theorems.find id
    let r = Theorem.check t [] t.DefaultTrials 7 none
    match r.Outcome with
    | Holds(passed, _) ->
        Assert.Equal(t.DefaultTrials, passed)
        Assert.Empty(r.OutsideHypothesis)
    | Fails f -> failwithf "%s failed: %s" id f.Shrunk.Reason

[<Fact>]
let ``T3 holds for β in 0.5..2 (Micchelli's range)`` () =
    let r = Theorems.check "T3" [ "beta", range 0.5 2.0 ] 500 1 none
    Assert.Equal(Holds(500, 0), r.Outcome)
    Assert.Empty(r.OutsideHypothesis)

[<Fact>]
let ``T3 for β in 5..20 finds distinct points whose Exp-β Gram matrix is not positive definite, confirmed independently`` () =
    let r = Theorems.check "T3" [ "beta", range 5.0 20.0 ] 200 1 none
    Assert.Equal<(string * string) list>([ "beta", "0 < β ≤ 2 (Micchelli 1986, cited in KMN §4.2)" ], r.OutsideHypothesis)
    let f = failure r
    for c in [ f.Shrunk; f.Original ] do
        let beta, rr = Theorem.value "beta" c.Case, Theorem.value "r" c.Case
        Assert.InRange(beta, 5.0, 20.0)
        let pts = c.Case.Points
        // distinct: pairwise at least 0.5 apart, as the theorem's generator promises
        for i in 0 .. pts.Length - 1 do
            for j in i + 1 .. pts.Length - 1 do
                Assert.True(Kernel.distance pts.[i] pts.[j] >= 0.5)
        let g = Array2D.init pts.Length pts.Length (fun i j -> expBeta beta rr pts.[i] pts.[j])
        let pivots = choleskyPivots g
        Assert.True(pivots |> Array.exists (fun d -> d <= 0.0), sprintf "Cholesky pivots %A are all positive" pivots)
    // The shrunk case at seed 1 is three points on a line, 2, 1, 0 (spacing 1), β = 5, r = 1.5: the Gram matrix is
    // [[1, a, c], [a, 1, a], [c, a, 1]] with a = e^{−(1/1.5)⁵}, c = e^{−(2/1.5)⁵}. On (1, 0, −1) it acts as 1 − c; on
    // span{(1, 0, 1)/√2, (0, 1, 0)} as [[1 + c, √2 a], [√2 a, 1]], whose smaller eigenvalue is
    // 1 + c/2 − √(c²/4 + 2a²) = −0.232349427257082 (derived by hand; numpy's eigvalsh of the same matrix gives
    // −0.23234943).
    let s = f.Shrunk.Case
    Assert.Equal<float[][]>([| [| 2.0 |]; [| 1.0 |]; [| 0.0 |] |], s.Points)
    Assert.Equal(5.0, Theorem.value "beta" s)
    Assert.Equal(1.5, Theorem.value "r" s)
    let a, c = exp (-((1.0 / 1.5) ** 5.0)), exp (-((2.0 / 1.5) ** 5.0))
    let lmin = 1.0 + c / 2.0 - sqrt (c * c / 4.0 + 2.0 * a * a)
    Assert.Equal(-0.232349427257082, lmin, 13)
    let reported, _ = Claims.smallestEigenvalue (Array2D.init 3 3 (fun i j -> expBeta 5.0 1.5 s.Points.[i] s.Points.[j]))
    Assert.Equal(lmin, reported, 12)
    Assert.Contains(sprintf "λ_min = %s" (Validate.show reported), f.Shrunk.Reason)

[<Fact>]
let ``The same seed gives the same report; another seed draws other cases`` () =
    let run seed = Theorems.check "T3" [ "beta", range 5.0 20.0 ] 200 seed none
    Assert.Equal(run 1, run 1)
    Assert.Equal(run 12345, run 12345)
    Assert.NotEqual((failure (run 1)).Original.Case, (failure (run 2)).Original.Case)

[<Fact>]
let ``Shrinking gives a simpler case that still fails: no more points, values nearer the range's lower end`` () =
    for seed in 1 .. 5 do
        let f = failure (Theorems.check "T3" [ "beta", range 5.0 20.0 ] 200 seed none)
        Assert.True(f.ShrinkSteps > 0)
        Assert.True(f.Shrunk.Case.Points.Length <= f.Original.Case.Points.Length)
        Assert.True(f.Shrunk.Case.Points.Length < f.Original.Case.Points.Length || f.Shrunk.Case.Points <> f.Original.Case.Points)
        for (name, v) in f.Shrunk.Case.Values do
            let lo = if name = "beta" then 5.0 else 0.5
            Assert.True(v - lo <= Theorem.value name f.Original.Case - lo, sprintf "%s moved away from %g" name lo)
        let t = Theorems.find "T3"
        match t.Claim f.Shrunk.Case with
        | Fail _ -> ()
        | other -> failwithf "the shrunk case does not fail: %A" other

[<Fact>]
let ``T5 with the start at or beyond r (frac 1..2) fails, T10 holds on every n, and T7 with the default ranges reports no discards`` () =
    let f = failure (Theorems.check "T5" [ "frac", range 1.0 2.0 ] 50 3 none)
    Assert.True(Theorem.value "frac" f.Shrunk.Case >= 1.0)
    Assert.Equal(Holds(30, 0), (Theorems.check "T10" [ "n", range 1.0 30.0 ] 30 1 none).Outcome)
    match (Theorems.check "T7" [] 50 1 none).Outcome with
    | Holds(50, 0) -> ()
    | other -> failwithf "%A" other

[<Fact>]
let ``The sub-claims that can discard run on every case when their preconditions hold: T2's sphere for N ≥ 3, T9's SDM for r ≤ N − 1, T4's Gram matrix`` () =
    Assert.Equal(Holds(20, 0), (Theorems.check "T2" [ "N", range 3.0 14.0; "r", range 1.0 2.0; "delta", range 0.0 3.0 ] 20 1 none).Outcome)
    Assert.Equal(Holds(50, 0), (Theorems.check "T9" [ "N", range 5.0 40.0; "r", range 1.0 4.0 ] 50 1 none).Outcome)
    Assert.Equal(Holds(50, 0), (Theorems.check "T4" [] 50 1 none).Outcome)

[<Fact>]
let ``Bad ranges and counts are refused under the parameter's name with what is wrong`` () =
    let refuses (param: string) (text: string) (f: unit -> TheoremReport) =
        let e = Assert.ThrowsAny<ArgumentException>(fun () -> f () |> ignore)
        Assert.Equal(param, e.ParamName)
        Assert.Contains(text, e.Message)
    refuses "ranges" "T3 has no parameter 'gamma'; its parameters are beta, r, N, M" (fun () -> Theorems.check "T3" [ "gamma", range 1.0 2.0 ] 10 1 none)
    refuses "ranges" "beta = 2..1 is empty" (fun () -> Theorems.check "T3" [ "beta", range 2.0 1.0 ] 10 1 none)
    refuses "ranges" "both ends must be finite" (fun () -> Theorems.check "T3" [ "beta", range nan 2.0 ] 10 1 none)
    refuses "ranges" "beta = 0..2 is outside its domain [1e-6, 1e6]" (fun () -> Theorems.check "T3" [ "beta", range 0.0 2.0 ] 10 1 none)
    refuses "ranges" "N takes whole numbers only" (fun () -> Theorems.check "T3" [ "N", range 1.5 3.0 ] 10 1 none)
    refuses "ranges" "given twice" (fun () -> Theorems.check "T3" [ "beta", range 1.0 2.0; "beta", range 1.0 2.0 ] 10 1 none)
    refuses "trials" "trials = 0 is outside its valid range [1, 1000000]" (fun () -> Theorems.check "T3" [] 0 1 none)
    refuses "trials" "trials = 2147483647 is outside its valid range [1, 1000000]" (fun () -> Theorems.check "T3" [] Int32.MaxValue 1 none)
    refuses "ranges" "eta = 2.5..3 is outside its domain [1e-3, 2]" (fun () -> Theorems.check "T8" [ "eta", range 2.5 3.0 ] 10 1 none)
    refuses "seed" "seed = -1" (fun () -> Theorems.check "T3" [] 10 -1 none)
    refuses "id" "unknown theorem 'T13'; the ids are T1, T2" (fun () -> Theorems.check "T13" [] 10 1 none)
    // r = 13 needs N ≥ 14, which N 2..5 never gives: every draw is discarded
    refuses "ranges" "none of 200 cases drawn from these ranges meets the claim's preconditions" (fun () -> Theorems.check "T2" [ "N", range 2.0 5.0; "r", range 13.0 13.0 ] 10 1 none)

[<Fact>]
let ``A cancelled check stops with OperationCanceledException`` () =
    use cts = new CancellationTokenSource()
    cts.Cancel()
    Assert.ThrowsAny<OperationCanceledException>(fun () -> Theorems.check "T1" [] 100 1 cts.Token |> ignore) |> ignore

// ---- user kernels ---------------------------------------------------------------------------------------------

let private userKernel (k: float[] -> float[] -> float) = UserTheorems.checkKernel k 2 1.0 200 1 none

let private byId (reports: TheoremReport list) (id: string) = reports |> List.find (fun r -> r.TheoremId = id)

[<Fact>]
let ``A Gaussian kernel passes all three user-kernel checks`` () =
    let reports = userKernel (fun x y -> exp (-(Array.fold2 (fun s a b -> s + (a - b) * (a - b)) 0.0 x y)))
    Assert.Equal<string list>([ "user-kernel.symmetry"; "user-kernel.psd"; "user-kernel.invertible" ], reports |> List.map (fun r -> r.TheoremId))
    // (the invertibility check redraws cases with two points closer than scale/10; they do not count)
    for r in reports do
        match r.Outcome with
        | Holds(200, _) -> ()
        | other -> failwithf "%s: %A" r.TheoremId other

[<Fact>]
let ``A kernel that is not symmetric is caught with the pair that shows it`` () =
    let k (x: float[]) (y: float[]) = exp (-((x.[0] - 2.0 * y.[0]) ** 2.0))
    let f = failure (byId (userKernel k) "user-kernel.symmetry")
    let x, y = f.Shrunk.Case.Points.[0], f.Shrunk.Case.Points.[1]
    Assert.NotEqual(k x y, k y x)
    let size (p: float[][]) = p |> Array.sumBy (fun v -> v |> Array.sumBy abs)
    Assert.True(size f.Shrunk.Case.Points <= size f.Original.Case.Points)

[<Fact>]
let ``A kernel that is not positive semi-definite is caught: k(x, y) = −x·y has a Gram matrix with a negative eigenvalue`` () =
    let k (x: float[]) (y: float[]) = -(Array.fold2 (fun s a b -> s + a * b) 0.0 x y)
    let f = failure (byId (userKernel k) "user-kernel.psd")
    let pts = f.Shrunk.Case.Points
    // −x·x < 0 for any x ≠ 0: a diagonal entry is itself a negative 1×1 leading minor
    let g = Array2D.init pts.Length pts.Length (fun i j -> k pts.[i] pts.[j])
    Assert.True(choleskyPivots g |> Array.exists (fun d -> d <= 0.0))

[<Fact>]
let ``A kernel that is PSD but has singular Gram matrices of distinct points fails only the invertibility check`` () =
    // the linear kernel on R²: three distinct points always span at most 2 dimensions, so a 3×3 Gram matrix is singular
    let reports = userKernel (fun x y -> Array.fold2 (fun s a b -> s + a * b) 0.0 x y)
    Assert.Equal(Holds(200, 0), (byId reports "user-kernel.symmetry").Outcome)
    Assert.Equal(Holds(200, 0), (byId reports "user-kernel.psd").Outcome)
    let f = failure (byId reports "user-kernel.invertible")
    Assert.True(f.Shrunk.Case.Points.Length <= 3)

// ---- user memories --------------------------------------------------------------------------------------------

/// Rows 1–3 of the Sylvester–Hadamard matrix H₁₆ (H_ij = (−1)^popcount(i ∧ j)): ±1 and pairwise orthogonal.
let private hadamard = Array.init 3 (fun m -> Array.init 16 (fun i -> if Numerics.BitOperations.PopCount(uint ((m + 1) &&& i)) % 2 = 0 then 1.0 else -1.0))

let private hopfield =
    let net = HopfieldNetwork.create HopfieldRule.HebbianZeroDiagonal hadamard
    { Patterns = hadamard
      Step = HopfieldNetwork.updateSynchronous net
      Energy = Some(HopfieldNetwork.energy net) }

[<Fact>]
let ``A Hebbian Hopfield network of three orthogonal patterns keeps them fixed and its radius is between 1 and N/2 bits`` () =
    let reports = UserTheorems.checkMemory hopfield 100 1 none
    Assert.Equal(Holds(100, 0), (byId reports "user-memory.fixed-points").Outcome)
    Assert.Equal(Holds(100, 0), (byId reports "user-memory.radius").Outcome)
    let r = UserTheorems.convergenceRadius hopfield 50 1 none
    Assert.True(r.IsHamming)
    Assert.InRange(r.Radius, 1.0, 8.0)
    // at radius + 1 some start did not come back: its counterexample, re-run, still fails
    let failed = r.FirstFailure.Value
    let f = failure failed
    Assert.Equal(r.Radius + 1.0, Theorem.value "radius" f.Original.Case)
    match (UserTheorems.radiusTheorem hopfield).Claim f.Shrunk.Case with
    | Fail _ -> ()
    | other -> failwithf "%A" other

[<Fact>]
let ``A memory whose step moves a stored pattern, and one whose energy rises, are caught`` () =
    // flips the first component: no pattern is a fixed point
    let moving = { hopfield with Step = fun s -> Array.mapi (fun i v -> if i = 0 then -v else v) s }
    let f = failure (Theorem.check (UserTheorems.fixedPointsTheorem moving) [] 50 1 none)
    Assert.Equal(0.0, Theorem.value "mu" f.Shrunk.Case) // shrunk to the first pattern
    Assert.Equal(-1.0, (UserTheorems.convergenceRadius moving 10 1 none).Radius)
    // E(s) = Σ s_i and a step that turns one −1 into +1 raises it by 2
    let rising =
        { hopfield with
            Step = fun s -> match Array.tryFindIndex ((=) -1.0) s with Some i -> Array.mapi (fun j v -> if j = i then 1.0 else v) s | None -> s
            Energy = Some Array.sum }
    let e = failure (Theorem.check (UserTheorems.energyTheorem rising 10) [] 50 1 none)
    Assert.Contains("raised the energy", e.Shrunk.Reason)
    Assert.Equal(Holds(50, 0), (Theorem.check (UserTheorems.energyTheorem hopfield 10) [] 50 1 none).Outcome)
