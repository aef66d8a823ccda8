/// The theorem checks applied to the user's own objects: a kernel checked for symmetry, positive
/// semi-definiteness and invertibility of Gram matrices of distinct points (the properties SPEC T3 states for the
/// library's kernels), and a memory checked for energy descent along its update (T8), its stored patterns being
/// fixed points (T6, T7) and its one-step convergence radius (T5's question asked of any memory). Each check is a
/// Theorem run by the same seeded generator and shrinker as the catalogue, so it returns the same report: passed
/// with a count, or the shrunk counterexample.
namespace AssociativeKernels.Core

open System
open System.Threading

/// A user's memory as the checks see it: the patterns it stored, one step of its update, and (optionally) its
/// energy. The C# facade builds one from any IAssociativeMemory.
type UserMemory =
    { Patterns: float[][]
      Step: float[] -> float[]
      Energy: (float[] -> float) option }

/// What the one-step convergence radius estimate found: the largest radius (bits flipped for ±1 patterns, else the
/// Euclidean distance of the start) at which every one of `TrialsPerRadius` starts at that radius and every smaller
/// one on the scanned grid came back to its pattern in one step (−1: not even the stored patterns themselves), the
/// grid step, and the report of the first radius that failed (None when every radius on the grid passed).
type ConvergenceRadius =
    { Radius: float
      GridStep: float
      IsHamming: bool
      TrialsPerRadius: int
      Seed: int
      FirstFailure: TheoremReport option }

[<RequireQualifiedAccess>]
module UserTheorems =

    let private real = Theorem.real
    let private integer = Theorem.integer

    let private checkDimension (dimension: int) (scale: float) =
        Validate.between "dimension" 1 10_000 dimension
        Validate.openInterval "scale" 0.0 1e150 scale

    let private uniform (rng: Random) (n: int) (scale: float) = Array.init n (fun _ -> scale * (2.0 * rng.NextDouble() - 1.0))

    let private kernelTheorem id title statement (dimension: int) (scale: float) (minPoints: int) claim =
        { Id = id
          Title = title
          Statement = statement
          Source = "SPEC T3 asked of a user's kernel (Mercer; Micchelli 1986 for invertibility)"
          Parameters = [ Theorem.size "M" "the number of points" (minPoints, 64) (minPoints, max minPoints 8) ]
          PointsMeaning = sprintf "points in [−%s, %s]^%d" (Validate.show scale) (Validate.show scale) dimension
          Shrink = RealPoints
          MinPoints = minPoints
          FreeDimension = false
          DefaultTrials = 200
          Draw = fun rng p -> Array.init (int (p "M")) (fun _ -> uniform rng dimension scale)
          Claim = fun c -> claim c.Points }

    /// The three kernel checks, on points of the given dimension with coordinates uniform in [−scale, scale]:
    /// "user-kernel.symmetry" (k(x, y) = k(y, x) up to 2·userKernelEntry relative), "user-kernel.psd" (Gram
    /// matrices of 1–8 points have λ_min ≥ −eigenvalueFloor) and "user-kernel.invertible" (Gram matrices of 2–8
    /// points pairwise at least scale/10 apart have λ_min above the floor). Entries are assumed accurate to
    /// TheoremTolerance.userKernelEntry.
    let kernelTheorems (kernel: float[] -> float[] -> float) (dimension: int) (scale: float) : Theorem list =
        checkDimension dimension scale
        [ kernelTheorem "user-kernel.symmetry" "the kernel is symmetric" "k(x, y) = k(y, x) for all x, y." dimension scale 2
              (fun pts -> Claims.kernelSymmetric (2.0 * TheoremTolerance.userKernelEntry) kernel pts.[0] pts.[1])
          |> fun t -> { t with Parameters = [ Theorem.size "M" "the number of points" (2, 2) (2, 2) ]; MinPoints = 2 }
          kernelTheorem "user-kernel.psd" "Gram matrices are positive semi-definite" "For any points x_1 … x_M the Gram matrix (k(x_i, x_j)) has no negative eigenvalue (Mercer)." dimension scale 1
              (fun pts -> Claims.gramPositiveSemiDefinite TheoremTolerance.userKernelEntry kernel pts)
          kernelTheorem "user-kernel.invertible" "Gram matrices of distinct points are invertible" "For distinct points the Gram matrix is positive definite, hence invertible (what the interpolation network of KMN Eq. 20 needs)." dimension scale 2
              (fun pts -> Claims.gramPositiveDefinite TheoremTolerance.userKernelEntry (scale / 10.0) kernel pts) ]

    /// Runs the three kernel checks (kernelTheorems) with `trials` cases each from `seed`.
    let checkKernel (kernel: float[] -> float[] -> float) (dimension: int) (scale: float) (trials: int) (seed: int) (cancel: CancellationToken) : TheoremReport list =
        kernelTheorems kernel dimension scale |> List.map (fun t -> Theorem.check t [] trials seed cancel)

    let private isBipolar (m: UserMemory) = m.Patterns |> Array.forall (Array.forall (fun v -> v = 1.0 || v = -1.0))

    let private validateMemory (m: UserMemory) =
        Validate.nonEmpty "patterns" m.Patterns
        m.Patterns |> Array.iteri (fun mu p -> Validate.vector (sprintf "patterns[%d]" mu) p)
        let n = m.Patterns.[0].Length
        m.Patterns |> Array.iteri (fun mu p ->
            if p.Length <> n then raise (ArgumentException(sprintf "patterns[%d] has length %d but patterns[0] has length %d; every pattern must have the same length." mu p.Length n, "patterns")))

    /// The start at `radius` from pattern mu: `radius` bits flipped (chosen by `seed`) for ±1 patterns, else
    /// ξ + radius·u with u a random unit vector.
    let private perturbed (bipolar: bool) (pattern: float[]) (radius: float) (seed: int) =
        let rng = Random(seed)
        if bipolar then
            let s = Array.copy pattern
            let order = Array.init s.Length id
            Sampling.shuffleInPlace rng order
            for k in 0 .. int radius - 1 do s.[order.[k]] <- -s.[order.[k]]
            s
        else Array.map2 (fun p d -> p + radius * d) pattern (Sampling.spherePoint rng pattern.Length)

    let private distanceTo (a: float[]) (b: float[]) = Array.map2 (fun x y -> abs (x - y)) a b |> Array.max

    /// One step from `start` returns `pattern` (max-norm distance within userFixedPoint), or a Fail saying how far.
    let private returns (m: UserMemory) (pattern: float[]) (start: float[]) (what: string) =
        let out = m.Step start
        if out.Length <> pattern.Length then Fail(sprintf "%s: the step returned %d components, not %d" what out.Length pattern.Length)
        else
            let d = distanceTo out pattern
            let tol = TheoremTolerance.userFixedPoint (pattern |> Array.map abs |> Array.max)
            if d <= tol then Pass
            else Fail(sprintf "%s: one step moved it to max-norm distance %s from the pattern (tolerance %s)" what (Validate.show d) (Validate.show tol))

    let private radiusParameter (m: UserMemory) (deflt: float * float) =
        let n = m.Patterns.[0].Length
        if isBipolar m then integer "radius" "the number of bits flipped in the start" (0, n) (int (fst deflt), int (snd deflt)) (0, n) "any"
        else real "radius" "the Euclidean distance of the start from the pattern" (0.0, 1e150) "[0, 1e150]" deflt (0.0, 1e150) "any"

    let private patternParameter (m: UserMemory) =
        let k = m.Patterns.Length
        integer "mu" "the index of the stored pattern" (0, k - 1) (0, k - 1) (0, k - 1) "any stored pattern"

    /// "user-memory.fixed-points": every stored pattern ξ^μ comes back from one step (max-norm within
    /// TheoremTolerance.userFixedPoint); cases draw μ, so use trials ≥ a few times K to see every pattern.
    let fixedPointsTheorem (m: UserMemory) : Theorem =
        validateMemory m
        { Id = "user-memory.fixed-points"
          Title = "stored patterns are fixed points"
          Statement = "One step of the update from a stored pattern returns that pattern."
          Source = "SPEC T6, T7 asked of a user's memory (KMN Properties 2.1, 4)"
          Parameters = [ patternParameter m ]
          PointsMeaning = "none"
          Shrink = KeepPoints
          MinPoints = 0
          FreeDimension = false
          DefaultTrials = max 100 (4 * m.Patterns.Length)
          Draw = fun _ _ -> [||]
          Claim = fun c -> let mu = int (Theorem.value "mu" c) in returns m m.Patterns.[mu] m.Patterns.[mu] (sprintf "pattern %d" mu) }

    /// "user-memory.energy": along `steps` updates from a start at `radius` from a stored pattern (the start is the
    /// case's vector, shrunk like any other), the energy never rises by more than TheoremTolerance.userEnergy.
    let energyTheorem (m: UserMemory) (steps: int) : Theorem =
        validateMemory m
        Validate.between "steps" 1 10_000 steps
        let energy =
            match m.Energy with
            | Some e -> e
            | None -> raise (ArgumentException("the memory has no energy function to check; pass one.", "energy"))
        let bipolar = isBipolar m
        let n = m.Patterns.[0].Length
        { Id = "user-memory.energy"
          Title = "the energy never increases along the update"
          Statement = sprintf "E(s_{t+1}) ≤ E(s_t) along %d steps of the update from a start near a stored pattern." steps
          Source = "SPEC T8 asked of a user's memory (DAM §2; LAM Eq. 4; UHN App. A)"
          Parameters =
            [ { patternParameter m with IsSize = true }
              { radiusParameter m (if bipolar then (0.0, float n) else (0.0, 1.0)) with IsSize = true } ]
          PointsMeaning = "the start state"
          Shrink = if bipolar then BipolarPoints else RealPoints
          MinPoints = 1
          FreeDimension = false
          DefaultTrials = 100
          Draw = fun rng p -> [| perturbed bipolar m.Patterns.[int (p "mu")] (p "radius") (rng.Next()) |]
          Claim =
            fun c ->
                let mutable s = c.Points.[0]
                let mutable e = energy s
                let mutable verdict = Pass
                let mutable t = 0
                while verdict = Pass && t < steps do
                    t <- t + 1
                    let s' = m.Step s
                    let e' = energy s'
                    if not (Double.IsFinite e') then verdict <- Fail(sprintf "step %d: the energy is %s" t (Validate.show e'))
                    elif e' > e + TheoremTolerance.userEnergy e e' then
                        verdict <- Fail(sprintf "step %d raised the energy from %s to %s" t (Validate.show e) (Validate.show e'))
                    s <- s'
                    e <- e'
                verdict }

    /// "user-memory.radius": one step from a start at `radius` (bits flipped for ±1 patterns, else Euclidean
    /// distance in a random direction) from stored pattern μ returns ξ^μ.
    let radiusTheorem (m: UserMemory) : Theorem =
        validateMemory m
        let bipolar = isBipolar m
        let n = m.Patterns.[0].Length
        { Id = "user-memory.radius"
          Title = "one step returns the pattern from within the radius"
          Statement = "One step of the update from a start at the given radius from a stored pattern returns that pattern."
          Source = "SPEC T5's question (KMN Property 5.2) asked of a user's memory"
          Parameters = [ patternParameter m; radiusParameter m (if bipolar then (0.0, float (max 1 (n / 10))) else (0.0, 0.1)) ]
          PointsMeaning = "none (the start is drawn from the case's seed)"
          Shrink = KeepPoints
          MinPoints = 0
          FreeDimension = false
          DefaultTrials = 200
          Draw = fun _ _ -> [||]
          Claim =
            fun c ->
                let mu, radius = int (Theorem.value "mu" c), Theorem.value "radius" c
                returns m m.Patterns.[mu] (perturbed bipolar m.Patterns.[mu] radius c.Seed) (sprintf "pattern %d at radius %s (start seed %d)" mu (Validate.show radius) c.Seed) }

    /// The one-step convergence radius, estimated: radius 0, 1, 2, … bits (±1 patterns) or 0, g, 2g, … with
    /// g = (half the smallest pairwise distance, or the largest pattern norm for one pattern)/50, each checked with
    /// `trialsPerRadius` starts (radiusTheorem, seeds seed, seed + 1, …) until the first radius that fails.
    let convergenceRadius (m: UserMemory) (trialsPerRadius: int) (seed: int) (cancel: CancellationToken) : ConvergenceRadius =
        let t = radiusTheorem m
        Validate.between "trialsPerRadius" 1 Theorem.MaxTrials trialsPerRadius
        Validate.between "seed" 0 Int32.MaxValue seed
        let bipolar = isBipolar m
        let n = m.Patterns.[0].Length
        let step, count =
            if bipolar then 1.0, n
            else
                let x = m.Patterns
                let scale =
                    if x.Length < 2 then x |> Array.map (fun p -> sqrt (Array.sumBy (fun v -> v * v) p)) |> Array.max
                    else Seq.min (seq { for a in 0 .. x.Length - 1 do for b in a + 1 .. x.Length - 1 -> Kernel.distance x.[a] x.[b] }) / 2.0
                (if scale > 0.0 then scale else 1.0) / 50.0, 50
        let rec scan k =
            if k > count then float count * step, None
            else
                let radius = float k * step
                let report = Theorem.check t [ "radius", { Lo = radius; Hi = radius } ] trialsPerRadius ((seed + k) &&& Int32.MaxValue) cancel
                match report.Outcome with
                | Holds _ -> scan (k + 1)
                | Fails _ -> float (k - 1) * step, Some report
        let radius, failure = scan 0
        { Radius = (if radius < 0.0 then -1.0 else radius); GridStep = step; IsHamming = bipolar; TrialsPerRadius = trialsPerRadius; Seed = seed; FirstFailure = failure }

    /// Runs the memory checks: fixed points, the radius at its default range (up to N/10 bits, or 0.1), and the
    /// energy along 10 steps when the memory has an energy.
    let checkMemory (m: UserMemory) (trials: int) (seed: int) (cancel: CancellationToken) : TheoremReport list =
        [ yield Theorem.check (fixedPointsTheorem m) [] trials seed cancel
          if m.Energy.IsSome then yield Theorem.check (energyTheorem m 10) [] trials seed cancel
          yield Theorem.check (radiusTheorem m) [] trials seed cancel ]
