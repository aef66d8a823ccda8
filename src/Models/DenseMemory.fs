/// SPEC M2, the dense associative memory of DAM §2, §4 and §5: energy E = −Σ_μ F(ξ^μ·σ) (Eq. 2), the
/// asynchronous energy-difference update (Eq. 4), the one-step classifier (Eq. 9) and its dual
/// one-hidden-layer network (Eqs. 10–11). Patterns are rows ξ^μ of dimension N (real numbers are
/// allowed, as for the trained memories of DAM §4; states σ of the recurrent dynamics are ±1).
namespace AssociativeKernels.Core

open System

/// The function F of the dense-memory energy E = −Σ_μ F(ξ^μ·σ) (DAM Eq. 2).
[<RequireQualifiedAccess>]
type DenseEnergy =
    /// F(x) = xⁿ, n ≥ 1 (DAM §2; n = 2 is the classical Hopfield network up to self-coupling).
    | Polynomial of n: int
    /// F(x) = ReP_n(x) = xⁿ for x ≥ 0 and 0 for x < 0 (DAM Eq. 3), n ≥ 1.
    | RectifiedPolynomial of n: int
    /// F(x) = eˣ (the exponential interaction of Demircigil et al., KMN §3.2).
    | Exponential

/// F, its derivative f = F′ (DAM Eq. 11), and an overflow-safe sign of Σ F(a_μ) − F(b_μ).
[<RequireQualifiedAccess>]
module DenseEnergy =
    /// Checks the degree of a polynomial F (n ≥ 1).
    [<CompiledName("Check")>]
    let check (f: DenseEnergy) =
        match f with
        | DenseEnergy.Polynomial n
        | DenseEnergy.RectifiedPolynomial n -> Validate.atLeast "n" 1 n
        | DenseEnergy.Exponential -> ()

    /// F(x) (DAM Eqs. 2–3). May overflow to ±∞ for large |x| (eˣ beyond x ≈ 709, xⁿ beyond n ln|x| ≈ 709).
    [<CompiledName("Value")>]
    let value (f: DenseEnergy) (x: float) : float =
        match f with
        | DenseEnergy.Polynomial n -> Math.Pow(x, float n)
        | DenseEnergy.RectifiedPolynomial n -> Kernel.rectifiedPolynomial n x
        | DenseEnergy.Exponential -> Math.Exp x

    /// f(x) = F′(x), the hidden-layer activation of the dual network (DAM Eq. 11): n xⁿ⁻¹, ReP′_n(x) =
    /// n xⁿ⁻¹ for x ≥ 0 and 0 below (the step function for n = 1, ReLU for n = 2), eˣ.
    [<CompiledName("Derivative")>]
    let derivative (f: DenseEnergy) (x: float) : float =
        match f with
        | DenseEnergy.Polynomial n -> float n * Math.Pow(x, float (n - 1))
        | DenseEnergy.RectifiedPolynomial n -> Kernel.rectifiedPolynomialDerivative n x
        | DenseEnergy.Exponential -> Math.Exp x

    /// F(x)/F-scale with the scale chosen from m = max |x| so that nothing overflows: (x/m)ⁿ, ReP_n(x/m),
    /// e^{x−m}. Dividing every term of a sum by one positive scale keeps the sum's sign.
    let private scaled (f: DenseEnergy) (m: float) (x: float) =
        match f with
        | DenseEnergy.Polynomial n -> Math.Pow(x / m, float n)
        | DenseEnergy.RectifiedPolynomial n -> if x >= 0.0 then Math.Pow(x / m, float n) else 0.0
        | DenseEnergy.Exponential -> Math.Exp(x - m)

    /// The sign of Σ_μ F(a_μ) − F(b_μ) with the tie convention of Dynamics.sign (`current` on a tie):
    /// computed directly, which is exact for the integer arguments of ±1 patterns while F stays below
    /// 2⁵³, and through a common positive scale when a direct term overflows.
    let internal differenceSign (f: DenseEnergy) (current: float) (a: float[]) (b: float[]) (count: int) =
        let mutable d = 0.0
        for mu in 0 .. count - 1 do
            d <- d + (value f a.[mu] - value f b.[mu])
        if not (Double.IsFinite d) then
            let mutable m = 0.0
            for mu in 0 .. count - 1 do
                m <- (match f with
                      | DenseEnergy.Exponential -> max m (max a.[mu] b.[mu])
                      | _ -> max m (max (abs a.[mu]) (abs b.[mu])))
            d <- 0.0
            for mu in 0 .. count - 1 do
                d <- d + (scaled f m a.[mu] - scaled f m b.[mu])
        Dynamics.sign current d

/// A dense associative memory (DAM Eq. 2): K pattern rows ξ^μ of dimension N and the function F.
/// Immutable; safe to query from many threads.
[<Sealed>]
type DenseMemory internal (patterns: float[][], f: DenseEnergy) =
    member internal _.Xi = patterns
    /// Copies of the stored pattern rows.
    member _.Patterns = patterns |> Array.map Array.copy
    /// The function F of the energy.
    member _.Function = f
    /// The dimension N.
    member _.Dimension = patterns.[0].Length
    /// The number of stored patterns K.
    member _.PatternCount = patterns.Length

/// Building, updating and reading a dense associative memory (SPEC M2; DAM §2, §4, §5).
[<RequireQualifiedAccess>]
module DenseMemory =

    /// The memory over the rows `keep` returns for `patterns` (a copy, or the rows themselves), after the checks.
    let private build (keep: float[][] -> float[][]) (f: DenseEnergy) (patterns: float[][]) : DenseMemory =
        DenseEnergy.check f
        Patterns.check "patterns" patterns |> ignore
        DenseMemory(keep patterns, f)

    /// A dense associative memory storing the pattern rows `patterns` (K×N, finite entries; ±1 in
    /// DAM §2, real in DAM §4) with energy function F. Throws on an empty, ragged or non-finite set
    /// and on a degree n < 1.
    [<CompiledName("Create")>]
    let create (f: DenseEnergy) (patterns: float[][]) : DenseMemory = build (Array.map Array.copy) f patterns

    /// `create` over rows the caller made for this memory and gives up (the facade's copies of its arguments):
    /// checked the same way, kept without a second copy.
    [<CompiledName("CreateOwned")>]
    let internal createOwned (f: DenseEnergy) (patterns: float[][]) : DenseMemory = build id f patterns

    let private dot = LinearAlgebra.dot

    let private checkSpin (memory: DenseMemory) (name: string) (s: float[]) =
        Patterns.checkState name memory.Dimension s
        Patterns.checkBipolarVector name s

    /// The overlaps ξ^μ·σ of a state with every stored pattern (the similarities of UHN's factorisation).
    [<CompiledName("Overlaps")>]
    let overlaps (memory: DenseMemory) (sigma: float[]) : float[] =
        Patterns.checkState "sigma" memory.Dimension sigma
        memory.Xi |> Array.map (fun x -> dot x sigma)

    /// The energy E = −Σ_μ F(ξ^μ·σ) (DAM Eq. 2) of a state of dimension N. Throws an
    /// OverflowException when E does not fit a double (e.g. F = eˣ with overlaps beyond ≈ 709).
    [<CompiledName("Energy")>]
    let energy (memory: DenseMemory) (sigma: float[]) : float =
        let e = -(overlaps memory sigma |> Array.sumBy (DenseEnergy.value memory.Function))
        if not (Double.IsFinite e) then
            raise (OverflowException(sprintf "the energy −Σ F(ξ·σ) overflows a double for F = %A at this state; its sign dynamics (update, iterate) stay exact." memory.Function))
        e

    /// The Eq. 4 energy difference for neuron i, Σ_μ [F(ξ_i^μ + Σ_{j≠i} ξ_j^μ σ_j) − F(−ξ_i^μ + Σ_{j≠i} ξ_j^μ σ_j)]
    /// = E(σ_i = −1) − E(σ_i = +1): positive when σ_i = +1 has the lower energy. It compares energies,
    /// not local fields (the self-coupling terms are kept, DAM §2). σ must be ±1; 0 ≤ i < N. Throws an
    /// OverflowException when the difference does not fit a double (`updateNeuron` stays exact then).
    [<CompiledName("EnergyDifference")>]
    let energyDifference (memory: DenseMemory) (sigma: float[]) (i: int) : float =
        checkSpin memory "sigma" sigma
        Validate.between "i" 0 (sigma.Length - 1) i
        let f = memory.Function
        let d =
            memory.Xi |> Array.sumBy (fun x ->
                let rest = dot x sigma - x.[i] * sigma.[i]
                DenseEnergy.value f (x.[i] + rest) - DenseEnergy.value f (-x.[i] + rest))
        if not (Double.IsFinite d) then
            raise (OverflowException("the Eq. 4 energy difference overflows a double at this state."))
        d

    let private updateNeuronInPlace (memory: DenseMemory) (plus: float[]) (minus: float[]) (s: float[]) (i: int) =
        let xi = memory.Xi
        for mu in 0 .. xi.Length - 1 do
            let x = xi.[mu]
            // Σ_{j≠i} ξ_j σ_j summed over j ≠ i directly (Eq. 4 as written).
            let mutable rest = 0.0
            for j in 0 .. s.Length - 1 do
                if j <> i then rest <- rest + x.[j] * s.[j]
            plus.[mu] <- x.[i] + rest
            minus.[mu] <- -x.[i] + rest
        s.[i] <- DenseEnergy.differenceSign memory.Function s.[i] plus minus xi.Length

    /// The state after the asynchronous update of neuron i alone (DAM Eq. 4):
    /// σ_i ← Sign[Σ_μ F(ξ_i^μ + Σ_{j≠i} ξ_j^μ σ_j) − F(−ξ_i^μ + Σ_{j≠i} ξ_j^μ σ_j)], a tie keeping σ_i
    /// (Dynamics.sign). The sign is exact even where F overflows a double. σ must be ±1; 0 ≤ i < N.
    [<CompiledName("UpdateNeuron")>]
    let updateNeuron (memory: DenseMemory) (sigma: float[]) (i: int) : float[] =
        checkSpin memory "sigma" sigma
        Validate.between "i" 0 (sigma.Length - 1) i
        let next = Array.copy sigma
        let k = memory.PatternCount
        updateNeuronInPlace memory (Array.zeroCreate k) (Array.zeroCreate k) next i
        next

    /// One asynchronous sweep of Eq. 4 updates in the order `order` (neuron indices; each update sees
    /// the ones before it).
    [<CompiledName("Sweep")>]
    let sweep (memory: DenseMemory) (order: int[]) (sigma: float[]) : float[] =
        checkSpin memory "sigma" sigma
        let next = Array.copy sigma
        let k = memory.PatternCount
        let plus, minus = Array.zeroCreate k, Array.zeroCreate k
        for i in order do
            Validate.between "order" 0 (sigma.Length - 1) i
            updateNeuronInPlace memory plus minus next i
        next

    /// Iterates Eq. 4 from σ0, one step being one sweep over all neurons in the order given by `order`
    /// (Dynamics.sweeps), until a sweep changes nothing, a cycle or `maxSweeps` sweeps. Every update
    /// lowers the energy or leaves the state alone, so the iteration converges.
    [<CompiledName("Iterate")>]
    let iterate (memory: DenseMemory) (order: UpdateOrder) (maxSweeps: int) (sigma0: float[]) : Iteration =
        checkSpin memory "sigma0" sigma0
        let orders = (Dynamics.sweeps order sigma0.Length).GetEnumerator()
        let k = memory.PatternCount
        let plus, minus = Array.zeroCreate k, Array.zeroCreate k
        let step s =
            orders.MoveNext() |> ignore
            let next = Array.copy s
            for i in orders.Current do updateNeuronInPlace memory plus minus next i
            next
        Dynamics.toFixedPoint step 0.0 maxSweeps sigma0

    let private checkClassifier (memory: DenseMemory) (labelCount: int) (v: float[]) =
        Validate.between "labelCount" 1 (memory.Dimension - 1) labelCount
        let nv = memory.Dimension - labelCount
        Validate.vector "v" v
        if v.Length <> nv then
            raise (ArgumentException(sprintf "v has length %d but the memory's patterns have %d visible components (%d in all, of which the last %d are labels)." v.Length nv memory.Dimension labelCount, "v"))
        nv

    /// The one-step classifier of DAM Eq. 9. Each stored row is a visible part (the first N − N_c
    /// components) followed by a label part (the last N_c = `labelCount`). The visible neurons are
    /// clamped to v (any finite values; DAM §4 uses pixel intensities in [−1, 1]), every label neuron
    /// starts at x = `labelStart` (−1, "off", in DAM §4; −ε for the duality of §5), and each label
    /// neuron α is updated once:
    /// c_α = tanh[β Σ_μ (F(−ξ_α^μ x + Σ_{γ≠α} ξ_γ^μ x + Σ_i ξ_i^μ v_i) − F(ξ_α^μ x + Σ_{γ≠α} ξ_γ^μ x + Σ_i ξ_i^μ v_i))],
    /// the Eq. 4 difference (label α on minus label α at its start value) with Sign replaced by tanh of
    /// slope β > 0 (β = 1/Tⁿ in DAM's appendix). 1 ≤ N_c < N.
    [<CompiledName("Classify")>]
    let classify (memory: DenseMemory) (labelCount: int) (beta: float) (labelStart: float) (v: float[]) : float[] =
        let nv = checkClassifier memory labelCount v
        Validate.positive "beta" beta
        Validate.finite "labelStart" labelStart
        let f = memory.Function
        let x = labelStart
        Array.init labelCount (fun alpha ->
            let mutable gap = 0.0
            for xi in memory.Xi do
                let mutable visible = 0.0
                for i in 0 .. nv - 1 do visible <- visible + xi.[i] * v.[i]
                let mutable others = 0.0
                for g in 0 .. labelCount - 1 do
                    if g <> alpha then others <- others + xi.[nv + g] * x
                let own = xi.[nv + alpha] * x
                gap <- gap + (DenseEnergy.value f (-own + others + visible) - DenseEnergy.value f (own + others + visible))
            Math.Tanh(beta * gap))

    /// A one-hidden-layer feed-forward network (DAM Fig. 4, left): hidden unit μ computes
    /// h_μ = f(Σ_i W_μi v_i), output α computes c_α = tanh(Σ_μ U_μα h_μ). `inputWeights` holds K rows of
    /// dimension N (W), `outputWeights` K rows of dimension N_c (U, one row per hidden unit).
    [<CompiledName("FeedForward")>]
    let feedForward (activation: float -> float) (inputWeights: float[][]) (outputWeights: float[][]) (v: float[]) : float[] =
        let n = Patterns.check "inputWeights" inputWeights
        Patterns.check "outputWeights" outputWeights |> ignore
        Patterns.checkPairedRows "outputWeights" outputWeights "inputWeights" inputWeights
        Patterns.checkState "v" n v
        let hidden = inputWeights |> Array.map (fun w -> activation (dot w v))
        Array.init outputWeights.[0].Length (fun alpha ->
            let mutable a = 0.0
            for mu in 0 .. hidden.Length - 1 do a <- a + outputWeights.[mu].[alpha] * hidden.[mu]
            Math.Tanh a)

    /// The dual network of the one-step classifier (DAM §5, Eqs. 10–11): the feed-forward network whose
    /// input weights are the visible parts of the memories, whose output weights are their label parts,
    /// and whose activation is f = F′: c_α = tanh[Σ_μ ξ_α^μ f(Σ_i ξ_i^μ v_i)]. It is the ε → 0 limit of
    /// `classify` with labels starting at −ε and β = 1/(2ε).
    [<CompiledName("Dual")>]
    let dual (memory: DenseMemory) (labelCount: int) (v: float[]) : float[] =
        let nv = checkClassifier memory labelCount v
        let visible = memory.Xi |> Array.map (fun xi -> xi.[0 .. nv - 1])
        let labels = memory.Xi |> Array.map (fun xi -> xi.[nv ..])
        feedForward (DenseEnergy.derivative memory.Function) visible labels v
