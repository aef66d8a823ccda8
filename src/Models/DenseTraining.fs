/// SPEC M2's training: the one-step dense-memory classifier of DAM §4 (Eq. 9 with the rectified polynomial F of
/// Eq. 3) and the recipe of the paper's appendix "Details of experiments with MNIST" (Eqs. 12–14). A plain
/// reference, one example and one memory at a time, for the facade's fast engine to be checked against.
///
/// Memories ξ^μ are rows of N + N_c entries: the N visible weights ξ_i^μ, then the N_c label weights ξ_α^μ.
/// Inputs v are N visible values (pixels p ∈ [0, 1] map to 2p − 1); labels are classes 0 … N_c − 1.
///
/// Derivation of the gradient (the paper states the loss and the update, not the derivative). With the label
/// neurons off (x_γ = −1), the two arguments of F in Eq. 9 for memory μ and class α are
///   off: s_μ = Σ_i ξ_i^μ v_i − Σ_γ ξ_γ^μ            (label α off, as all the others),
///   on:  s_μ + 2ξ_α^μ                               (label α on),
/// so c_α = tanh(β gap_α), gap_α = Σ_μ [F(s_μ + 2ξ_α^μ) − F(s_μ)] (`DenseMemory.classify`, labelStart = −1).
/// For one example with targets t_α = +1 on its label and −1 elsewhere, the loss Σ_α (c_α − t_α)^{2m} (Eq. 14) has
///   g_α = ∂/∂gap_α = 2m (c_α − t_α)^{2m−1} · β (1 − c_α²),
/// and since ∂s_μ/∂ξ_i^μ = v_i, ∂s_μ/∂ξ_γ^μ = −1, ∂(s_μ + 2ξ_α^μ)/∂ξ_γ^μ = 2δ_αγ − 1:
///   ∂/∂ξ_i^μ = D_μ v_i,  ∂/∂ξ_γ^μ = 2 g_γ F′(s_μ + 2ξ_γ^μ) − D_μ,  D_μ = Σ_α g_α [F′(s_μ + 2ξ_α^μ) − F′(s_μ)].
/// The minibatch loss C and its gradient ⟨∂C⟩ are the means of these over the minibatch's examples (Eq. 13 writes
/// ⟨∂_ξ C⟩, the average over the minibatch). 1 − c² is computed as 4e/(1 + e)², e = e^{−2β|gap|}, which stays
/// positive where tanh has rounded to ±1 (Eq. 13's normalization makes even a tiny gradient move a memory).
///
/// The paper's text transcribes Eqs. 12–14 cleanly (papers/003, appendix); nothing above had to be re-derived
/// from a garbled formula, only the gradient, which the paper leaves to "a backpropagation algorithm".
[<RequireQualifiedAccess>]
module AssociativeKernels.Core.DenseTraining

open System

/// The settings of one training step (DAM appendix).
type TrainingStep =
    { /// n ≥ 1, the power of the rectified polynomial F(x) = max(x, 0)ⁿ (Eq. 3).
      Power: int
      /// m ≥ 1, the power of the loss Σ (c − t)^{2m} (Eq. 14).
      LossPower: int
      /// β = 1/Tⁿ > 0, the slope of tanh in Eq. 9.
      Beta: float
      /// p ∈ [0, 1), the momentum of Eq. 13.
      Momentum: float
      /// ε > 0, the largest change of a memory's weights in this step (Eq. 13; ε(t) of Eq. 12).
      LearningRate: float }

/// The minibatch-mean loss C (Eq. 14) and its gradient ⟨∂C/∂ξ⟩ (K rows of N + N_c, the layout of the memories).
type LossGradient = { Loss: float; Gradient: float[][] }

/// The result of one training step: the minibatch loss before the step, the new memories and the new velocities.
type TrainingResult = { Loss: float; Memories: float[][]; Velocity: float[][] }

/// ε(t) = ε₀ fᵗ, the learning rate of epoch t (DAM Eq. 12; f = 0.998 in the paper).
[<CompiledName("LearningRate")>]
let learningRate (initial: float) (decay: float) (epoch: int) : float =
    Validate.positive "initial" initial
    Validate.closed "decay" 0.0 1.0 decay
    Validate.atLeast "epoch" 0 epoch
    initial * Math.Pow(decay, float epoch)

/// The temperature of epoch t: T_i at t = 0 falling linearly to T_f at t = R and T_f after (DAM appendix:
/// "start at a high temperature T_i, and then linearly decrease it to the final value T_f during the first 200
/// epochs ... The temperature stays constant after that"); R = 0 is T_f throughout.
[<CompiledName("Temperature")>]
let temperature (initial: float) (final: float) (rampEpochs: int) (epoch: int) : float =
    Validate.positive "initial" initial
    Validate.positive "final" final
    Validate.atLeast "rampEpochs" 0 rampEpochs
    Validate.atLeast "epoch" 0 epoch
    let progress = if rampEpochs = 0 then 1.0 else float (min epoch rampEpochs) / float rampEpochs
    initial + (final - initial) * progress

/// β = 1/Tⁿ, the slope of g = tanh in Eq. 9 at temperature T (DAM appendix: "measured in neurons or pixels").
[<CompiledName("Beta")>]
let beta (power: int) (temperature: float) : float =
    Validate.atLeast "power" 1 power
    Validate.positive "temperature" temperature
    Math.Pow(temperature, -float power)

let private checkShape (classes: int) (memories: float[][]) =
    let d = Patterns.check "memories" memories
    Validate.between "classes" 1 (d - 1) classes
    d - classes

let private checkInputs (visible: int) (inputs: float[][]) (labels: int[]) (classes: int) =
    Validate.nonEmpty "inputs" inputs
    for b in 0 .. inputs.Length - 1 do Patterns.checkState (sprintf "inputs[%d]" b) visible inputs.[b]
    if labels.Length <> inputs.Length then
        raise (ArgumentException(sprintf "%d labels for %d inputs." labels.Length inputs.Length, "labels"))
    for b in 0 .. labels.Length - 1 do Validate.between (sprintf "labels[%d]" b) 0 (classes - 1) labels.[b]

/// The outputs c_α of Eq. 9 for input v: `DenseMemory.classify` with F the rectified polynomial of power n and
/// the label neurons starting off (−1), as DAM §4 runs it.
[<CompiledName("Outputs")>]
let outputs (power: int) (beta: float) (classes: int) (memories: float[][]) (v: float[]) : float[] =
    DenseMemory.classify (DenseMemory.create (DenseEnergy.RectifiedPolynomial power) memories) classes beta -1.0 v

/// The target t_α of Eq. 14: +1 for the example's label, −1 for every other class.
let private target (label: int) (alpha: int) = if alpha = label then 1.0 else -1.0

/// The minibatch-mean loss C = (1/B) Σ_b Σ_α (c_α − t_α)^{2m} (DAM Eq. 14 averaged over the minibatch), the outputs
/// from `outputs` (Eq. 9).
[<CompiledName("Loss")>]
let loss (power: int) (beta: float) (lossPower: int) (classes: int) (memories: float[][]) (inputs: float[][]) (labels: int[]) : float =
    Validate.atLeast "lossPower" 1 lossPower
    let visible = checkShape classes memories
    checkInputs visible inputs labels classes
    let total =
        Array.map2 (fun v label ->
            outputs power beta classes memories v
            |> Array.mapi (fun alpha c -> Math.Pow(c - target label alpha, float (2 * lossPower)))
            |> Array.sum) inputs labels
        |> Array.sum
    total / float inputs.Length

/// 1 − tanh²(x) = 4e/(1 + e)², e = e^{−2|x|}: positive wherever tanh(x) has rounded to ±1.
let private sechSquared (x: float) =
    let e = Math.Exp(-2.0 * abs x)
    4.0 * e / ((1.0 + e) * (1.0 + e))

/// The minibatch-mean loss C of Eq. 14 and its gradient ⟨∂C/∂ξ⟩, by the chain rule of the module's remarks.
[<CompiledName("LossAndGradient")>]
let lossAndGradient (power: int) (beta: float) (lossPower: int) (classes: int) (memories: float[][]) (inputs: float[][]) (labels: int[]) : LossGradient =
    Validate.atLeast "power" 1 power
    Validate.positive "beta" beta
    Validate.atLeast "lossPower" 1 lossPower
    let visible = checkShape classes memories
    checkInputs visible inputs labels classes
    let f = DenseEnergy.RectifiedPolynomial power
    let F x = DenseEnergy.value f x
    let dF x = DenseEnergy.derivative f x
    let batch = float inputs.Length
    let gradient = memories |> Array.map (fun xi -> Array.zeroCreate xi.Length)
    let mutable total = 0.0
    for b in 0 .. inputs.Length - 1 do
        let v = inputs.[b]
        // s_μ = Σ_i ξ_i^μ v_i − Σ_γ ξ_γ^μ, the argument of F with every label off.
        let s =
            memories |> Array.map (fun xi ->
                let mutable t = 0.0
                for i in 0 .. visible - 1 do t <- t + xi.[i] * v.[i]
                for g in 0 .. classes - 1 do t <- t - xi.[visible + g]
                t)
        // g_α = ∂(Σ_α (c_α − t_α)^{2m})/∂gap_α.
        let g =
            Array.init classes (fun alpha ->
                let mutable gap = 0.0
                for mu in 0 .. memories.Length - 1 do
                    gap <- gap + (F (s.[mu] + 2.0 * memories.[mu].[visible + alpha]) - F s.[mu])
                let c = Math.Tanh(beta * gap)
                let e = c - target labels.[b] alpha
                total <- total + Math.Pow(e, float (2 * lossPower))
                float (2 * lossPower) * Math.Pow(e, float (2 * lossPower - 1)) * beta * sechSquared (beta * gap))
        for mu in 0 .. memories.Length - 1 do
            let xi = memories.[mu]
            let mutable d = 0.0
            for alpha in 0 .. classes - 1 do
                d <- d + g.[alpha] * (dF (s.[mu] + 2.0 * xi.[visible + alpha]) - dF s.[mu])
            let row = gradient.[mu]
            for i in 0 .. visible - 1 do row.[i] <- row.[i] + d * v.[i] / batch
            for gamma in 0 .. classes - 1 do
                row.[visible + gamma] <- row.[visible + gamma] + (2.0 * g.[gamma] * dF (s.[mu] + 2.0 * xi.[visible + gamma]) - d) / batch
    { Loss = total / batch; Gradient = gradient }

/// DAM Eq. 13 for every memory: V^μ ← p V^μ − ⟨∂C/∂ξ^μ⟩, ξ^μ ← ξ^μ + ε V^μ / max_J |V_J^μ| (the largest change of
/// each memory is ε), then every weight clipped to [−1, 1] ("if after an update some weights exceeded 1, they were
/// truncated to make them equal to 1, and similarly for −1"). A memory whose new velocity is all zero stays.
/// Returns the new memories and velocities; the arguments are not changed.
[<CompiledName("Update")>]
let update (momentum: float) (learningRate: float) (memories: float[][]) (velocity: float[][]) (gradient: float[][]) : float[][] * float[][] =
    Validate.closedOpen "momentum" 0.0 1.0 momentum
    Validate.positive "learningRate" learningRate
    let d = Patterns.check "memories" memories
    for name, rows in [ "velocity", velocity; "gradient", gradient ] do
        Patterns.checkPairedRows name rows "memories" memories
        if Patterns.check name rows <> d then
            raise (ArgumentException(sprintf "%s has rows of length %d but the memories have %d." name rows.[0].Length d, name))
    let v = Array.map2 (Array.map2 (fun v g -> momentum * v - g)) velocity gradient
    let xi =
        Array.map2 (fun (xi: float[]) (vel: float[]) ->
            let largest = vel |> Array.fold (fun m x -> max m (abs x)) 0.0
            if largest = 0.0 then Array.copy xi
            else Array.map2 (fun x dv -> Math.Clamp(x + learningRate * dv / largest, -1.0, 1.0)) xi vel) memories v
    xi, v

/// One training step on a minibatch (DAM appendix): the loss and gradient at the current memories
/// (`lossAndGradient`), then the momentum update of Eq. 13 (`update`).
[<CompiledName("Step")>]
let step (settings: TrainingStep) (classes: int) (memories: float[][]) (velocity: float[][]) (inputs: float[][]) (labels: int[]) : TrainingResult =
    let lg = lossAndGradient settings.Power settings.Beta settings.LossPower classes memories inputs labels
    let xi, v = update settings.Momentum settings.LearningRate memories velocity lg.Gradient
    { Loss = lg.Loss; Memories = xi; Velocity = v }
