/// SPEC M4: the general two-layer network of Krotov & Hopfield (ICLR 2021, "LAM"): N_f feature neurons
/// with currents v, N_h hidden (memory) neurons with currents h, coupled by the synapses ξ (the stored
/// patterns as rows: ξ is N_h × N_f, row μ is pattern ξ^μ). Each layer has a Lagrangian whose gradient is
/// its output (LAM Eq. 3): g = ∂L_v/∂v, f = ∂L_h/∂h. Models A, B and C (LAM §3) are choices of the two
/// Lagrangians, not separate code paths, and a caller may supply any pair of their own.
namespace AssociativeKernels.Core

open System

/// The Lagrangian of one layer (LAM Eq. 3): its value L(x) and its gradient ∂L/∂x, which is the layer's
/// output (firing rates). The energy (LAM Eq. 2) decreases along the dynamics (Eq. 1) when the Hessian of
/// both Lagrangians is positive semi-definite (LAM Eq. 4 and its appendix), i.e. when L is convex.
type Lagrangian =
    { /// A short description, for messages and reports.
      Name: string
      /// L(x).
      Value: float[] -> float
      /// ∂L/∂x, a vector of x's length.
      Gradient: float[] -> float[] }

/// The Lagrangians LAM uses, and builders for one's own.
[<RequireQualifiedAccess>]
module Lagrangian =
    /// A Lagrangian from its value and gradient functions (they must agree: gradient = ∂value/∂x, and
    /// value should be convex for the energy to decrease).
    [<CompiledName("Create")>]
    let create (name: string) (value: float[] -> float) (gradient: float[] -> float[]) : Lagrangian =
        if isNull (box value) then raise (ArgumentNullException("value"))
        if isNull (box gradient) then raise (ArgumentNullException("gradient"))
        { Name = (if isNull (box name) then "custom" else name); Value = value; Gradient = gradient }

    /// The additive Lagrangian L(x) = Σ_i F(x_i) with F′ = f (LAM Eq. 6); its outputs are f(x_i) each,
    /// and its Hessian is diag f′(x_i), positive semi-definite iff f is non-decreasing (LAM Eq. 10).
    [<CompiledName("Additive")>]
    let additive (name: string) (F: float -> float) (f: float -> float) : Lagrangian =
        create name
            (fun x -> let mutable s = 0.0 in (for xi in x do s <- s + F xi); s)
            (fun x -> Array.map f x)

    /// G(x) = |x| summed over the neurons, LAM's feature Lagrangian of model A (Eq. 7): outputs sign(v_i)
    /// (0 at v_i = 0). Not differentiable at 0; for ODE integration prefer `logCosh`, its smooth version.
    [<CompiledName("Absolute")>]
    let absolute : Lagrangian =
        additive "|x|" abs (fun x -> if x > 0.0 then 1.0 elif x < 0.0 then -1.0 else 0.0)

    /// G(x) = ln cosh(βx)/β summed over the neurons: outputs tanh(βv_i), a bounded activation (LAM §2
    /// suggests tanh for an energy bounded below) that tends to |x| and sign as β → ∞. β > 0.
    /// Computed to a few ulps relative everywhere: for y = β|x| ≤ 1 as log1p(2 sinh²(y/2))/β (cosh y − 1 =
    /// 2 sinh²(y/2) exactly, so nothing cancels as it does in ln(cosh y), whose absolute error u would swamp
    /// y²/2 near 0 and make an energy comparison see rises of ~u); beyond, as |x| + (log1p(e^(−2y)) − ln 2)/β,
    /// which never overflows.
    [<CompiledName("LogCosh")>]
    let logCosh (beta: float) : Lagrangian =
        Validate.positive "beta" beta
        additive (sprintf "ln cosh(%sx)/%s" (Validate.show beta) (Validate.show beta))
            (fun x ->
                let a = abs x
                let y = beta * a
                if y <= 1.0 then
                    let s = Math.Sinh(0.5 * y)
                    LogSpace.log1p (2.0 * s * s) / beta
                else a + (LogSpace.log1p (Math.Exp(-2.0 * y)) - Math.Log 2.0) / beta)
            (fun x -> Math.Tanh(beta * x))

    /// L(x) = ½ Σ x_i², outputs g_i = v_i: the feature Lagrangian of model B (LAM Eq. 11).
    [<CompiledName("Quadratic")>]
    let quadratic : Lagrangian = additive "x²/2" (fun x -> 0.5 * x * x) id

    /// F(x) = x^n summed (LAM §3.1 with the power interaction of DAM), outputs n x^(n−1), n ≥ 1.
    /// Convex (so the energy decreases) for even n and for n = 1; for odd n ≥ 3 use `rectifiedPower`.
    [<CompiledName("Power")>]
    let power (n: int) : Lagrangian =
        Validate.atLeast "n" 1 n
        additive (sprintf "x^%d" n) (fun x -> Math.Pow(x, float n)) (fun x -> float n * Math.Pow(x, float (n - 1)))

    /// F(x) = ReP_n(x) = max(x, 0)^n summed (DAM Eq. 3), outputs n max(x, 0)^(n−1); convex for every
    /// n ≥ 1, with a continuous output for n ≥ 2. Uses Kernel.rectifiedPolynomial(+Derivative).
    [<CompiledName("RectifiedPower")>]
    let rectifiedPower (n: int) : Lagrangian =
        Validate.atLeast "n" 1 n
        additive (sprintf "max(x,0)^%d" n) (Kernel.rectifiedPolynomial n) (Kernel.rectifiedPolynomialDerivative n)

    /// F(x) = e^(βx)/β summed (the exponential interaction of Demircigil et al., LAM §3.1), outputs
    /// e^(βx); convex. β > 0.
    [<CompiledName("Exponential")>]
    let exponential (beta: float) : Lagrangian =
        Validate.positive "beta" beta
        additive (sprintf "exp(%sx)/%s" (Validate.show beta) (Validate.show beta)) (fun x -> Math.Exp(beta * x) / beta) (fun x -> Math.Exp(beta * x))

    /// L(h) = (1/β) log Σ_μ exp(β h_μ), outputs softmax(βh): the hidden Lagrangian of model B (LAM Eq. 11,
    /// which has β = 1; β is the inverse temperature of Ramsauer et al.). Convex, with a zero mode along
    /// (1, …, 1). Evaluated with LogSpace.logSumExp. β > 0.
    [<CompiledName("LogSumExp")>]
    let logSumExp (beta: float) : Lagrangian =
        Validate.positive "beta" beta
        create (sprintf "log Σ exp(%sx)/%s" (Validate.show beta) (Validate.show beta))
            (fun h -> LogSpace.logSumExp (Array.map (fun x -> beta * x) h) / beta)
            (fun h -> LogSpace.softmax (Array.map (fun x -> beta * x) h))

    /// L(v) = √(Σ v_i²), outputs v/‖v‖ (divisive normalization): the feature Lagrangian of model C (LAM
    /// Eqs. 17–18). Convex; its Hessian (Eq. 20) annihilates v, which is why model C may scale the
    /// feature decay by any α. At v = 0 the output is taken as 0 (a subgradient).
    [<CompiledName("Spherical")>]
    let spherical : Lagrangian =
        let norm (v: float[]) = let mutable s = 0.0 in (for x in v do s <- s + x * x); sqrt s
        create "‖x‖" norm (fun v -> let r = norm v in if r = 0.0 then Array.zeroCreate v.Length else Array.map (fun x -> x / r) v)

/// The network of LAM Eq. 1: synapses ξ (patterns as rows, N_h × N_f), the two Lagrangians, the time
/// constants τ_f, τ_h, the input currents I of the feature neurons, and the feature decay coefficient α
/// (1 in Eq. 1; model C, Eq. 19, may use any α ≥ 0 because its feature Hessian annihilates v).
/// Build it with TwoLayerNetwork.create or a model builder, which validate.
type TwoLayerNetwork =
    { Patterns: float[][]
      Feature: Lagrangian
      Hidden: Lagrangian
      FeatureTime: float
      HiddenTime: float
      Input: float[]
      FeatureDecay: float }

/// An integrated trajectory of the network: at every accepted step, the time, the feature and hidden
/// currents and the energy (Eq. 2); the step counts and how the integration ended (OdeEnding).
type TwoLayerTrajectory =
    { Times: float[]
      Features: float[][]
      Hidden: float[][]
      Energies: float[]
      Accepted: int
      Rejected: int
      Evaluations: int
      Ending: OdeEnding }

/// Dynamics (LAM Eq. 1), energy (Eq. 2), the adiabatic limit τ_h → 0 (Eqs. 5, 8, 13–16, 21–22) and
/// integration of the two-layer network.
[<RequireQualifiedAccess>]
module TwoLayerNetwork =
    let private dot = LinearAlgebra.dot

    /// ξ x: the currents Σ_i ξ_μi x_i into the hidden neurons.
    let private forward (xi: float[][]) (x: float[]) = xi |> Array.map (fun row -> dot row x)

    /// ξᵀ y: the currents Σ_μ ξ_iμ y_μ into the feature neurons.
    let private backward (xi: float[][]) (nf: int) (y: float[]) =
        let r = Array.zeroCreate nf
        for mu in 0 .. xi.Length - 1 do
            let row = xi.[mu]
            let a = y.[mu]
            if a <> 0.0 then
                for i in 0 .. nf - 1 do
                    r.[i] <- r.[i] + a * row.[i]
        r

    let private outputs (layer: string) (l: Lagrangian) (x: float[]) =
        let g = l.Gradient x
        if isNull (box g) || g.Length <> x.Length then
            raise (ArgumentException(sprintf "The %s Lagrangian '%s' returned a gradient of length %d for %d neurons; it must have one component per neuron." layer l.Name (if isNull (box g) then 0 else g.Length) x.Length, layer))
        g

    /// The number of feature neurons N_f (the pattern length).
    [<CompiledName("FeatureCount")>]
    let featureCount (network: TwoLayerNetwork) = network.Patterns.[0].Length

    /// The number of hidden neurons N_h (the number of stored patterns).
    [<CompiledName("HiddenCount")>]
    let hiddenCount (network: TwoLayerNetwork) = network.Patterns.Length

    /// Checks a network built or modified by hand (patterns, Lagrangians, τ_f, τ_h > 0, I of length N_f,
    /// α ≥ 0); each failure names the field.
    [<CompiledName("Check")>]
    let check (network: TwoLayerNetwork) =
        let nf = Patterns.check "patterns" network.Patterns
        if isNull (box network.Feature) then raise (ArgumentNullException("feature"))
        if isNull (box network.Hidden) then raise (ArgumentNullException("hidden"))
        Validate.positive "tauF" network.FeatureTime
        Validate.positive "tauH" network.HiddenTime
        Validate.vector "input" network.Input
        if network.Input.Length <> nf then
            raise (ArgumentException(sprintf "input has length %d but the patterns have length %d (one current per feature neuron)." network.Input.Length nf, "input"))
        Validate.nonNegative "alpha" network.FeatureDecay

    /// A network with the given synapses (patterns as rows, N_h × N_f, copied), feature and hidden
    /// Lagrangians, τ_f = τ_h = 1, no input current and feature decay α = 1 (LAM Eq. 1).
    [<CompiledName("Create")>]
    let create (feature: Lagrangian) (hidden: Lagrangian) (patterns: float[][]) : TwoLayerNetwork =
        let nf = Patterns.check "patterns" patterns
        let network =
            { Patterns = patterns |> Array.map Array.copy
              Feature = feature
              Hidden = hidden
              FeatureTime = 1.0
              HiddenTime = 1.0
              Input = Array.zeroCreate nf
              FeatureDecay = 1.0 }
        check network
        network

    /// The same network with time constants τ_f, τ_h > 0.
    [<CompiledName("WithTimeConstants")>]
    let withTimeConstants (tauF: float) (tauH: float) (network: TwoLayerNetwork) =
        let n = { network with FeatureTime = tauF; HiddenTime = tauH }
        check n
        n

    /// The same network with input currents I into the feature neurons (length N_f, copied).
    [<CompiledName("WithInput")>]
    let withInput (input: float[]) (network: TwoLayerNetwork) =
        if isNull (box input) then raise (ArgumentNullException("input"))
        let n = { network with Input = Array.copy input }
        check n
        n

    /// The same network with feature decay coefficient α ≥ 0 (LAM Eq. 19). The energy still decreases
    /// for α ≠ 1 only when the feature Hessian annihilates v (as for `Lagrangian.spherical`, or any L_v
    /// homogeneous of degree 1): then Σ_j M_ij v_j = 0 (Eq. 20) and α v drops out of Eq. 4's derivation.
    [<CompiledName("WithFeatureDecay")>]
    let withFeatureDecay (alpha: float) (network: TwoLayerNetwork) =
        let n = { network with FeatureDecay = alpha }
        check n
        n

    /// Model A (LAM §3.1, Eq. 6): additive Lagrangians, L_h = Σ_μ F(h_μ) given by `interaction`
    /// (e.g. Lagrangian.power n, rectifiedPower n, exponential β) and L_v = Σ_i G(v_i) given by `feature`
    /// (LAM takes G = |x|, `Lagrangian.absolute`; `Lagrangian.logCosh β` is its smooth version, better
    /// suited to ODE integration). Its adiabatic limit is the dense associative memory (Eq. 8).
    [<CompiledName("ModelA")>]
    let modelA (interaction: Lagrangian) (feature: Lagrangian) (patterns: float[][]) =
        create feature interaction patterns

    /// Model B (LAM §3.2, Eq. 11): L_h = (1/β) log Σ exp(β h_μ) (softmax outputs), L_v = ½ Σ v_i²
    /// (identity outputs). Its adiabatic limit is the modern Hopfield network (Eqs. 13–16). β > 0.
    [<CompiledName("ModelB")>]
    let modelB (beta: float) (patterns: float[][]) =
        create Lagrangian.quadratic (Lagrangian.logSumExp beta) patterns

    /// Model C, spherical memory (LAM §3.3, Eq. 17): L_v = ‖v‖ (outputs v/‖v‖), L_h = Σ_μ F(h_μ) given by
    /// `interaction`; feature decay α ≥ 0 (Eq. 19).
    [<CompiledName("ModelC")>]
    let modelC (interaction: Lagrangian) (alpha: float) (patterns: float[][]) =
        create Lagrangian.spherical interaction patterns |> withFeatureDecay alpha

    /// The right-hand side of LAM Eq. 1: (dv/dt, dh/dt) with
    ///   τ_f dv_i/dt = Σ_μ ξ_iμ f_μ − α v_i + I_i,   τ_h dh_μ/dt = Σ_i ξ_μi g_i − h_μ.
    [<CompiledName("Velocity")>]
    let rec velocity (network: TwoLayerNetwork) (v: float[]) (h: float[]) : float[] * float[] =
        Patterns.checkState "v" (featureCount network) v
        Patterns.checkState "h" (hiddenCount network) h
        velocityUnchecked network v h

    and private velocityUnchecked (network: TwoLayerNetwork) (v: float[]) (h: float[]) : float[] * float[] =
        let nf = featureCount network
        let g = outputs "feature" network.Feature v
        let f = outputs "hidden" network.Hidden h
        let back = backward network.Patterns nf f
        let fwd = forward network.Patterns g
        Array.init nf (fun i -> (back.[i] - network.FeatureDecay * v.[i] + network.Input.[i]) / network.FeatureTime),
        Array.init h.Length (fun mu -> (fwd.[mu] - h.[mu]) / network.HiddenTime)

    /// The energy of LAM Eq. 2:
    ///   E = [Σ_i (v_i − I_i) g_i − L_v] + [Σ_μ h_μ f_μ − L_h] − Σ_μi f_μ ξ_μi g_i,
    /// the two brackets being the Legendre transforms of the Lagrangians (with the input current).
    [<CompiledName("Energy")>]
    let energy (network: TwoLayerNetwork) (v: float[]) (h: float[]) : float =
        Patterns.checkState "v" (featureCount network) v
        Patterns.checkState "h" (hiddenCount network) h
        let g = outputs "feature" network.Feature v
        let f = outputs "hidden" network.Hidden h
        let mutable featureTerm = 0.0
        for i in 0 .. v.Length - 1 do
            featureTerm <- featureTerm + (v.[i] - network.Input.[i]) * g.[i]
        featureTerm - network.Feature.Value v + dot h f - network.Hidden.Value h - dot f (forward network.Patterns g)

    /// The hidden currents at equilibrium for feature currents v, h_μ = Σ_i ξ_μi g_i (LAM Eq. 5): the
    /// τ_h → 0 limit in which the hidden neurons are integrated out.
    [<CompiledName("EquilibriumHidden")>]
    let equilibriumHidden (network: TwoLayerNetwork) (v: float[]) : float[] =
        Patterns.checkState "v" (featureCount network) v
        forward network.Patterns (outputs "feature" network.Feature v)

    /// The effective energy of the feature neurons in the limit τ_h → 0: Eq. 2 at h = ξg (Eq. 5), where
    /// the hidden bracket's h·f cancels the interaction term, leaving
    ///   E_eff(v) = Σ_i (v_i − I_i) g_i − L_v(v) − L_h(ξ g(v)).
    /// Model A with G = |x| gives −Σ I_i σ_i − Σ_μ F(ξ^μ·σ) (Eq. 8), model B gives
    /// ½‖v‖² − (1/β) log Σ exp(β ξ^μ·v) (Eq. 13), model C gives −Σ_μ F(ξ^μ·v/‖v‖) (Eq. 21).
    [<CompiledName("EffectiveEnergy")>]
    let effectiveEnergy (network: TwoLayerNetwork) (v: float[]) : float =
        Patterns.checkState "v" (featureCount network) v
        let g = outputs "feature" network.Feature v
        let mutable featureTerm = 0.0
        for i in 0 .. v.Length - 1 do
            featureTerm <- featureTerm + (v.[i] - network.Input.[i]) * g.[i]
        featureTerm - network.Feature.Value v - network.Hidden.Value (forward network.Patterns g)

    /// The effective dynamics of the feature neurons in the limit τ_h → 0 (LAM Eqs. 14, 22):
    ///   dv_i/dt = (Σ_μ ξ_iμ f_μ(ξ g(v)) − α v_i + I_i) / τ_f.
    [<CompiledName("EffectiveVelocity")>]
    let effectiveVelocity (network: TwoLayerNetwork) (v: float[]) : float[] =
        let nf = featureCount network
        let h = equilibriumHidden network v
        let back = backward network.Patterns nf (outputs "hidden" network.Hidden h)
        Array.init nf (fun i -> (back.[i] - network.FeatureDecay * v.[i] + network.Input.[i]) / network.FeatureTime)

    /// One explicit Euler step of the effective dynamics with time step dt > 0 (LAM Eq. 15):
    ///   v ← v + (dt/τ_f) (ξᵀ f(ξ g(v)) − α v + I).
    [<CompiledName("EffectiveStep")>]
    let effectiveStep (network: TwoLayerNetwork) (dt: float) (v: float[]) : float[] =
        Validate.positive "dt" dt
        let dv = effectiveVelocity network v
        Array.init v.Length (fun i -> v.[i] + dt * dv.[i])

    /// The adiabatic update v ← ξᵀ f(ξ g(v)) + I (LAM Eq. 16: Eq. 15 with dt = τ_f and α = 1, I = 0 in the
    /// paper). For model B it is the modern Hopfield / attention update v ← ξᵀ softmax(β ξ v) of Ramsauer
    /// et al.; for model A with G = |x| and v = σ ∈ {±1}^N_f it is Σ_μ ξ^μ F′(ξ^μ·σ) before the sign.
    [<CompiledName("AdiabaticUpdate")>]
    let adiabaticUpdate (network: TwoLayerNetwork) (v: float[]) : float[] =
        let nf = featureCount network
        let h = equilibriumHidden network v
        let back = backward network.Patterns nf (outputs "hidden" network.Hidden h)
        Array.init nf (fun i -> back.[i] + network.Input.[i])

    /// Integrates LAM Eq. 1 from (v0, h0) at t = 0 with the Dormand–Prince 5(4) pair (Ode.dormandPrince:
    /// adaptive steps, tolerances, step limit and stationarity test from `options`, applied to the joint
    /// state (v, h)); returns every accepted step with its energy (Eq. 2) and how the integration ended.
    [<CompiledName("Integrate")>]
    let integrate (options: OdeOptions) (network: TwoLayerNetwork) (v0: float[]) (h0: float[]) : TwoLayerTrajectory =
        check network
        let nf, nh = featureCount network, hiddenCount network
        Patterns.checkState "v0" nf v0
        Patterns.checkState "h0" nh h0
        let rhs (_: float) (y: float[]) =
            let dv, dh = velocityUnchecked network y.[0 .. nf - 1] y.[nf ..]
            Array.append dv dh
        let solution = Ode.dormandPrince rhs options 0.0 (Array.append v0 h0)
        let features = solution.States |> Array.map (fun y -> y.[0 .. nf - 1])
        let hidden = solution.States |> Array.map (fun y -> y.[nf ..])
        { Times = solution.Times
          Features = features
          Hidden = hidden
          Energies = Array.map2 (energy network) features hidden
          Accepted = solution.Accepted
          Rejected = solution.Rejected
          Evaluations = solution.Evaluations
          Ending = solution.Ending }

    /// `integrate` started with the hidden neurons at equilibrium for v0, h0 = ξ g(v0) (Eq. 5).
    [<CompiledName("IntegrateFromEquilibrium")>]
    let integrateFromEquilibrium (options: OdeOptions) (network: TwoLayerNetwork) (v0: float[]) : TwoLayerTrajectory =
        Patterns.checkState "v0" (featureCount network) v0
        integrate options network v0 (equilibriumHidden network v0)
