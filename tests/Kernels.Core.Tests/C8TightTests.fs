/// SPEC C8, the tight estimates against independent reference data: Monte-Carlo means of the KMN
/// Fig. E.1 process (draw patterns until one lies within 2r of an earlier one) and consistency checks
/// between the discrete and continuous mean-field forms, the birthday mean and the exact
/// independent-pair mean.
module Kernels.Core.Tests.C8TightTests

open System
open Xunit
open Xunit.Abstractions
open AssociativeKernels.Core

/// Reference Monte-Carlo means, copied from /work/coord/c8/table.json (a colleague's numpy simulation,
/// /work/coord/c8/mc.py: vectorised batches, numpy default_rng(seed), collision iff Δ² ≤ 4r²; for ±1
/// patterns iff the Hamming distance is ≤ D). Independent of this code base: a different language,
/// generator and implementation of the process. Columns: parameters, mean, standard error of the mean,
/// seed, runs.
module Reference =
    let gaussian =
        [ // N, σ², mean, sem, seed, runs (r² = σ²N)
          (10, 0.1, 21.8778, 0.08393465082598761, 1000, 20000)
          (20, 0.1, 186.72325, 0.7020988250309785, 1001, 20000)
          (40, 0.2, 84.2431, 0.3265328257676633, 1002, 20000)
          (60, 0.2, 438.2298, 2.3182853197737305, 1003, 10000)
          (20, 0.2, 15.3342, 0.061103864052202986, 1004, 20000)
          (30, 0.3, 7.06965, 0.02913910428007203, 1005, 20000)
          (100, 0.35, 14.69535, 0.060580322033197236, 1006, 20000)
          (100, 0.25, 490.7345, 5.972373952641454, 1009, 2000)
          (200, 0.35, 68.01, 0.3841530259606652, 1010, 10000)
          (500, 0.4, 74.1975, 0.41971443315132684, 1011, 10000)
          (1000, 0.42, 155.281, 2.029708446474233, 1012, 2000) ]
    let sphere =
        [ // N, r², mean, sem, seed, runs
          (10, 0.1, 31.6578, 0.11723750334090828, 1015, 20000)
          (20, 0.2, 27.9773, 0.10280431737959059, 1016, 20000)
          (20, 0.1, 475.1165, 5.7270911246679255, 1017, 2000)
          (50, 0.25, 129.8415, 0.6797768806275656, 1019, 10000)
          (100, 0.3, 303.205, 3.5775160094538987, 1021, 2000)
          (1000, 0.44, 147.498, 1.7745812371609369, 1024, 2000)
          (2000, 0.46, 97.2245, 1.1247095338987845, 1025, 2000) ]
    let bipolarHalf =
        [ // N, f = ½, D, mean, sem, seed, runs
          (50, 0.5, 10, 376.4475, 4.3047937519117285, 1026, 2000)
          (50, 0.5, 14, 34.86305, 0.1279722179979075, 1027, 20000)
          (100, 0.5, 32, 88.446, 0.4551148661097937, 1028, 10000)
          (1000, 0.5, 440, 136.013, 1.5753665622332795, 1031, 2000) ]
    let bipolarSparse =
        [ // N, f, D, mean, sem, seed, runs
          (50, 0.2, 6, 45.9812, 0.1875272264260114, 1032, 20000)
          (100, 0.2, 16, 94.82, 0.5477244016857568, 1034, 10000)
          (200, 0.2, 40, 139.0491, 0.7855401939166613, 1035, 10000)
          (500, 0.2, 120, 195.0025, 2.499458620095917, 1037, 2000)
          (1000, 0.2, 280, 25.9248, 0.10958586907596735, 1038, 20000)
          (50, 0.1, 1, 67.6394, 0.29196558971440256, 1039, 20000)
          (50, 0.1, 2, 28.6458, 0.12658778906915577, 1040, 20000)
          (100, 0.1, 4, 307.2165, 4.218679525911654, 1041, 2000)
          (200, 0.1, 16, 250.4425, 3.409222234615617, 1043, 2000)
          (500, 0.1, 60, 138.048, 1.9447012056842292, 1044, 2000) ]

/// ρ with ⌊4ρN⌋ = D exactly (the half keeps the floor away from a rounding edge).
let rhoFor (n: int) (d: int) = (float d + 0.5) / (4.0 * float n)

/// ln Σ_{m≥1} (1 − p)^{m(m−1)/2}: the exact mean of the process when all pairs are independent.
let logIndependentPairMean (lnP: float) =
    let h = -(LogSpace.log1mExp lnP) // −ln(1 − p)
    let mutable lnS = 0.0 // m = 1
    let mutable m = 2
    let mutable go = true
    while go do
        let t = -h * float m * float (m - 1) / 2.0
        lnS <- LogSpace.logAddExp lnS t
        if t < lnS - 40.0 then go <- false
        m <- m + 1
    lnS

/// Allowed relative deviation from a Monte-Carlo mean: 3% for the estimate plus 2 standard errors
/// for the reference (SPEC C8 acceptance).
let allowed (mc: float) (sem: float) = 0.03 + 2.0 * sem / mc

type C8TightTests(output: ITestOutputHelper) =

    let check (label: string) (est: float) (plain: float) (mc: float) (sem: float) (seed: int) (runs: int) =
        let err = est / mc - 1.0
        output.WriteLine(sprintf "%-26s MC %8.2f ± %5.2f (seed %d, %5d runs)  estimate %8.2f (%+6.2f%%)  birthday %8.2f (%+6.2f%%)  allowed ±%.2f%%"
                            label mc sem seed runs est (100.0 * err) plain (100.0 * (plain / mc - 1.0)) (100.0 * allowed mc sem))
        abs err <= allowed mc sem

    [<Fact>]
    member _.``C8 tight is within 3% + 2 s.e. of the Monte-Carlo mean at every Gaussian and sparse ±1 point`` () =
        let failures = ResizeArray<string>()
        for (n, sigma2, mc, sem, seed, runs) in Reference.gaussian do
            let est = (ExpBetaTight.gaussian n sigma2).Value.Value
            let plain = (ExpBetaTight.gaussianBirthday n sigma2).Value.Value
            if not (check (sprintf "Gaussian N=%d σ²=%g" n sigma2) est plain mc sem seed runs) then failures.Add(sprintf "G %d %g" n sigma2)
        for (n, f, d, mc, sem, seed, runs) in Reference.bipolarSparse do
            let est = (ExpBetaTight.bipolar n f (rhoFor n d)).Value.Value
            let plain = (ExpBetaTight.bipolarBirthday n f (rhoFor n d)).Value.Value
            if not (check (sprintf "±1 N=%d f=%g D=%d" n f d) est plain mc sem seed runs) then failures.Add(sprintf "B %d %g %d" n f d)
        Assert.True(failures.Count = 0, String.Join("; ", failures))

    [<Fact>]
    member _.``C8 birthday mean is within 3% + 2 s.e. on the sphere and for f = ½ (no latent variable)`` () =
        let failures = ResizeArray<string>()
        for (n, r2, mc, sem, seed, runs) in Reference.sphere do
            let plain = (ExpBetaTight.sphereBirthday n (sqrt r2)).Value.Value
            Assert.Equal(plain, (ExpBetaTight.sphere n (sqrt r2)).Value.Value)
            if not (check (sprintf "sphere N=%d r²=%g" n r2) plain plain mc sem seed runs) then failures.Add(sprintf "S %d %g" n r2)
        for (n, f, d, mc, sem, seed, runs) in Reference.bipolarHalf do
            let plain = (ExpBetaTight.bipolarBirthday n f (rhoFor n d)).Value.Value
            if not (check (sprintf "±1 N=%d f=½ D=%d" n d) plain plain mc sem seed runs) then failures.Add(sprintf "B %d %g %d" n f d)
        Assert.True(failures.Count = 0, String.Join("; ", failures))

    [<Fact>]
    member _.``The latent grids reproduce the exact pair probability at every reference point`` () =
        for (n, sigma2, _, _, _, _) in Reference.gaussian do
            let lat = CollisionMeanField.gaussianLatent n sigma2 64
            let rel = Math.Exp(CollisionMeanField.logPairProbability lat - ExpBetaTight.logPairProbabilityGaussian n sigma2) - 1.0
            // the kernel vanishes like (1 − t²)^{(N−1)/2} at its edge |‖ξ‖ − ‖η‖| = 2r, which limits the
            // grid's quadrature at small N (1.3e-7 at N = 10, ≤ 1e-12 from N = 20 on)
            Assert.True(lat.Resolved && abs rel <= (if n < 20 then 1e-6 else 1e-9), sprintf "Gaussian N=%d σ²=%g: p̄/p − 1 = %g" n sigma2 rel)
        for (n, f, d, _, _, _, _) in Seq.append Reference.bipolarHalf Reference.bipolarSparse do
            let lat = CollisionMeanField.bipolarLatent n f d 128
            // nodes in pairs at a stride (N = 500, f = 0.1) integrate the binomial weights to ~1e-5
            let rel = Math.Exp(CollisionMeanField.logPairProbability lat - ExpBetaTight.logPairProbabilityBipolar n f (rhoFor n d)) - 1.0
            Assert.True(lat.Resolved && abs rel <= 1e-5, sprintf "±1 N=%d f=%g D=%d: p̄/p − 1 = %g" n f d rel)

    [<Fact>]
    member _.``With one latent value the recursion is the independent-pair mean, and both forms agree`` () =
        for p in [ 0.3; 0.05; 1e-3; 1e-5 ] do
            let lat: CollisionMeanField.Latent = { LnWeights = [| 0.0 |]; LnKernel = [| Math.Log p |]; Resolved = true }
            let exact = logIndependentPairMean (Math.Log p)
            let discrete = CollisionMeanField.logMeanDiscrete lat
            Assert.True(abs (discrete - exact) <= 1e-11, sprintf "p = %g: discrete %.15g vs Σ %.15g" p discrete exact)
            // the continuous form integrates e^{−h x(x−1)/2} over [½, ∞): e^{h/8} √(π/2h), h = −ln(1 − p)
            let h = -Math.Log(1.0 - p)
            let continuous = CollisionMeanField.logMeanContinuous lat
            let integral = h / 8.0 + 0.5 * Math.Log(Math.PI / (2.0 * h))
            Assert.True(abs (continuous - integral) <= 1e-9, sprintf "p = %g: continuous %.15g vs %.15g" p continuous integral)

    [<Fact>]
    member _.``Discrete and continuous mean-field forms agree where both run`` () =
        let cases =
            [ "Gaussian N=10 σ²=0.1", CollisionMeanField.gaussianLatent 10 0.1 64
              "Gaussian N=40 σ²=0.2", CollisionMeanField.gaussianLatent 40 0.2 64
              "Gaussian N=1000 σ²=0.42", CollisionMeanField.gaussianLatent 1000 0.42 64
              "±1 N=200 f=0.1 D=16", CollisionMeanField.bipolarLatent 200 0.1 16 128
              "±1 N=1000 f=0.2 D=280", CollisionMeanField.bipolarLatent 1000 0.2 280 128 ]
        for label, lat in cases do
            let d = CollisionMeanField.logMeanDiscrete lat
            let c = CollisionMeanField.logMeanContinuous lat
            output.WriteLine(sprintf "%-24s discrete %.6f continuous %.6f (%+.1e)" label (exp d) (exp c) (exp (c - d) - 1.0))
            // the continuous form is the midpoint rule of the discrete sums: O(p̄) ≤ 3e-3 apart here
            Assert.True(abs (c - d) <= 1e-4, sprintf "%s: discrete %g, continuous %g" label (exp d) (exp c))

    [<Fact>]
    member _.``On the sphere the birthday mean is the exact independent-pair mean to O(p)`` () =
        // Σ_{m≥1} e^{−h m(m−1)/2} = ½ Σ_{m∈ℤ} (symmetric about ½) = e^{h/8} √(π/2h) (1 + O(e^{−2π²/h}))
        // by Poisson summation, so ln Σ − ln √(π/2p) = h/8 + ½ ln(p/h) = −p/8 + O(p²).
        for (n, r2, _, _, _, _) in Reference.sphere do
            let lnP = ExpBetaTight.logPairProbabilitySphere n (sqrt r2)
            let p = Math.Exp lnP
            let h = -(LogSpace.log1mExp lnP)
            let gap = logIndependentPairMean lnP - (ExpBetaTight.sphereBirthday n (sqrt r2)).Ln
            Assert.True(abs (gap - (h / 8.0 + 0.5 * Math.Log(p / h))) <= 1e-10, sprintf "N=%d r²=%g: gap %g" n r2 gap)
            Assert.True(abs gap <= p / 4.0, sprintf "N=%d r²=%g: gap %g exceeds p/4 = %g" n r2 gap (p / 4.0))

    [<Fact>]
    member _.``C8 tight has a finite ln at or above the independent-pair mean up to N = 10^6`` () =
        let sw = Diagnostics.Stopwatch()
        let mutable worst = 0.0
        let checkOne (label: string) (tight: unit -> Bound) (lnP: float) (plain: Bound) =
            sw.Restart()
            let b = tight ()
            worst <- max worst sw.Elapsed.TotalMilliseconds
            Assert.True(Double.IsFinite b.Ln, sprintf "%s: ln = %g" label b.Ln)
            // The correction raises the estimate above the exact independent-pair mean Σ (1 − p)^{m(m−1)/2};
            // the birthday mean √(π/2p) itself lies p/8 + O(p²) above that sum, which the estimate inherits
            // where the dependence vanishes, so "≥ birthday" holds only up to that O(p) term.
            // (summed term by term down to p = 1e-6, by its Poisson-summation closed form below, where the
            // neglected e^{−2π²/h} vanishes)
            let floor =
                if lnP > Math.Log 1e-6 then logIndependentPairMean lnP
                else
                    // ln h = ln(−ln(1 − p)) = ln p + p/2 + O(p²), formed from ln p since p may underflow
                    let lnH = lnP + 0.5 * Math.Exp lnP
                    Math.Exp lnH / 8.0 + 0.5 * Math.Log(Math.PI / 2.0) - 0.5 * lnH
            Assert.True(b.Ln >= floor - 1e-8, sprintf "%s: ln %.12g below the independent-pair mean %.12g" label b.Ln floor)
            if lnP <= Math.Log 0.01 then
                Assert.True(b.Ln >= plain.Ln - 1e-8 - Math.Exp lnP / 8.0, sprintf "%s: ln %.12g below birthday %.12g" label b.Ln plain.Ln)
        for n in [ 10; 100; 1000; 10000; 100000; 1000000 ] do
            for sigma2 in [ 0.1; 0.3; 0.45; 0.49; 0.499 ] do
                checkOne (sprintf "Gaussian N=%d σ²=%g" n sigma2) (fun () -> ExpBetaTight.gaussian n sigma2)
                    (ExpBetaTight.logPairProbabilityGaussian n sigma2) (ExpBetaTight.gaussianBirthday n sigma2)
        for n in [ 50; 1000; 100000; 1000000 ] do
            for f in [ 0.1; 0.3 ] do
                for frac in [ 0.3; 0.9; 0.99 ] do
                    let rho = frac * ExpBeta.differenceProbability f / 4.0
                    checkOne (sprintf "±1 N=%d f=%g ρ=%g" n f rho) (fun () -> ExpBetaTight.bipolar n f rho)
                        (ExpBetaTight.logPairProbabilityBipolar n f rho) (ExpBetaTight.bipolarBirthday n f rho)
        output.WriteLine(sprintf "slowest evaluation %.1f ms" worst)

    [<Fact>]
    member _.``Bad input throws ArgumentOutOfRangeException naming the parameter`` () =
        let named (name: string) (f: unit -> unit) =
            let e = Assert.Throws<ArgumentOutOfRangeException>(fun () -> f ())
            Assert.Equal(name, e.ParamName)
        named "N" (fun () -> ExpBetaTight.gaussian 0 0.3 |> ignore)
        named "sigma2" (fun () -> ExpBetaTight.gaussian 10 0.5 |> ignore)
        named "sigma2" (fun () -> ExpBetaTight.gaussianBirthday 10 0.0 |> ignore)
        named "N" (fun () -> ExpBetaTight.sphere 1 0.3 |> ignore)
        named "r" (fun () -> ExpBetaTight.sphereBirthday 10 0.8 |> ignore)
        named "f" (fun () -> ExpBetaTight.bipolar 10 1.0 0.01 |> ignore)
        named "rho" (fun () -> ExpBetaTight.bipolar 10 0.3 0.2 |> ignore)
        named "rho" (fun () -> ExpBetaTight.bipolarBirthday 10 0.3 -0.01 |> ignore)
        named "nodes" (fun () -> CollisionMeanField.gaussianLatent 10 0.3 4 |> ignore)
        named "D" (fun () -> CollisionMeanField.bipolarLatent 10 0.3 11 64 |> ignore)
        named "latent" (fun () -> CollisionMeanField.logMean { LnWeights = [| 0.0 |]; LnKernel = [| 0.0; 0.0 |]; Resolved = true } |> ignore)
