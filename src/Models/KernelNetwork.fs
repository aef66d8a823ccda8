/// Kernel memory networks (KMN §2–3, SPEC M7): the kernel form
/// s_out = sgn[(A ⊙ X_out) K(X_in, s_in) − θ]  (Eqs. 6 and 10)
/// and its per-neuron variant without self-connections (Eq. 12). KMN writes the patterns as the COLUMNS
/// of X_in and X_out; here they are ROWS (DESIGN.md), so neuron i's field is
/// h_i(s) = Σ_μ A[i][μ] · Outputs[μ][i] · K(Inputs[μ], s) − θ_i.
/// A network is a plain record; every special case of KMN is a choice of A, θ and the kernel:
/// the modern Hopfield network of Eq. 19 is { A = 1, θ = 0, Kernel = WithoutSelf F′ } and the SDM of
/// Eq. 13 is the feature-form network with A = 1, θ = 0 and φ = φ_SDM (KMN §3.3–3.4).
namespace AssociativeKernels.Core

open System

/// How a neuron compares a stored input with the current input.
type NetworkKernel =
    /// K(x, s) on the whole input vector: Properties 1 and 2.1 (Eqs. 6 and 10). A feature-form network
    /// (Eqs. 5 and 9) is the kernel K(x, s) = φ(x)·φ(s) (see KernelNetwork.featureKernel).
    | Full of kernel: (float[] -> float[] -> float)
    /// An inner-product kernel k(x·s) from which neuron i leaves out its own component, k(Σ_{j≠i} x_j s_j):
    /// Property 2.2, Eq. 12 (auto-association without self-connections; asynchronous updates).
    | WithoutSelf of k: (float -> float)

/// A kernel memory network in kernel form. Patterns are rows: Inputs is M × N_in (KMN's X_inᵀ), Outputs
/// is M × N_out with ±1 entries (KMN's X_outᵀ), Coefficients is A, N_out × M with A[i][μ] = α_i^μ, and
/// Thresholds is θ (length N_out). Auto-association is Inputs = Outputs.
type KernelNetwork =
    { Inputs: float[][]
      Outputs: float[][]
      Coefficients: float[][]
      Thresholds: float[]
      Kernel: NetworkKernel }

/// A network whose neurons were trained as hard-margin SVMs: the network and, per output neuron, the
/// SVM solution (α row of A, θ_i, support vectors, margin γ_i of Eq. 50 with the threshold, KKT residuals).
type SvmNetwork = { Network: KernelNetwork; Neurons: SvmSolution[] }

/// Building, running and training kernel memory networks.
[<RequireQualifiedAccess>]
module KernelNetwork =

    let private dot = LinearAlgebra.dot

    /// The feature-form kernel K(x, y) = φ(x)·φ(y) (KMN Eqs. 4–5): a network with this kernel computes
    /// exactly the feature form (A ⊙ X_out) φ(X_in)ᵀ φ(s) − θ.
    [<CompiledName("FeatureKernel")>]
    let featureKernel (phi: float[] -> float[]) : NetworkKernel =
        Full(fun x y ->
            let a = phi x
            let b = phi y
            Validate.sameLength "φ(x)" a "φ(y)" b
            dot a b)

    /// Builds a network after checking shapes: Inputs M × N_in finite, Outputs M × N_out of ±1,
    /// Coefficients N_out × M finite, Thresholds of length N_out finite; WithoutSelf needs N_in = N_out.
    [<CompiledName("Create")>]
    let create (inputs: float[][]) (outputs: float[][]) (coefficients: float[][]) (thresholds: float[]) (kernel: NetworkKernel) : KernelNetwork =
        let nIn = Patterns.check "inputs" inputs
        let nOut = Patterns.checkBipolar "outputs" outputs
        let m = inputs.Length
        if outputs.Length <> m then
            raise (ArgumentException(sprintf "outputs has %d patterns but inputs has %d; every input needs one output." outputs.Length m, "outputs"))
        if isNull (box coefficients) then raise (ArgumentNullException "coefficients")
        if coefficients.Length <> nOut then
            raise (ArgumentException(sprintf "coefficients has %d rows but there are %d output neurons; A is N_out × M." coefficients.Length nOut, "coefficients"))
        coefficients |> Array.iteri (fun i row ->
            if isNull (box row) then raise (ArgumentNullException(sprintf "coefficients[%d]" i))
            if row.Length <> m then
                raise (ArgumentException(sprintf "coefficients[%d] has length %d but there are %d patterns; A is N_out × M." i row.Length m, "coefficients"))
            Validate.vector (sprintf "coefficients[%d]" i) row)
        Validate.vector "thresholds" thresholds
        if thresholds.Length <> nOut then
            raise (ArgumentException(sprintf "thresholds has length %d but there are %d output neurons." thresholds.Length nOut, "thresholds"))
        match kernel with
        | WithoutSelf _ when nIn <> nOut ->
            raise (ArgumentException(sprintf "kernel: the no-self-connection form (Eq. 12) is auto-associative, but inputs have length %d and outputs %d." nIn nOut, "kernel"))
        | _ -> ()
        { Inputs = Array.map Array.copy inputs; Outputs = Array.map Array.copy outputs
          Coefficients = Array.map Array.copy coefficients; Thresholds = Array.copy thresholds; Kernel = kernel }

    /// The one-shot network A = 1, θ = 0 (every pattern a support vector with α = 1; KMN Eq. 49, §3.4).
    [<CompiledName("OneShot")>]
    let oneShot (inputs: float[][]) (outputs: float[][]) (kernel: NetworkKernel) : KernelNetwork =
        Patterns.check "inputs" inputs |> ignore
        let m = inputs.Length
        let nOut = Patterns.checkBipolar "outputs" outputs
        create inputs outputs (Array.init nOut (fun _ -> Array.create m 1.0)) (Array.zeroCreate nOut) kernel

    /// Number of input components N_in.
    [<CompiledName("InputDimension")>]
    let inputDimension (net: KernelNetwork) = net.Inputs.[0].Length

    /// Number of output neurons N_out.
    [<CompiledName("OutputDimension")>]
    let outputDimension (net: KernelNetwork) = net.Outputs.[0].Length

    let private kernelValue (net: KernelNetwork) (i: int) (x: float[]) (s: float[]) =
        match net.Kernel with
        | Full k -> k x s
        | WithoutSelf k -> k (dot x s - x.[i] * s.[i])

    let private neuronField (net: KernelNetwork) (kValues: float[] option) (i: int) (s: float[]) =
        let a = net.Coefficients.[i]
        let mutable h = 0.0
        for mu in 0 .. net.Inputs.Length - 1 do
            if a.[mu] <> 0.0 then
                let k = match kValues with
                        | Some ks -> ks.[mu]
                        | None -> kernelValue net i net.Inputs.[mu] s
                h <- h + a.[mu] * net.Outputs.[mu].[i] * k
        h - net.Thresholds.[i]

    let private fieldUnchecked (net: KernelNetwork) (s: float[]) =
        let nOut = outputDimension net
        match net.Kernel with
        | Full k ->
            let ks = net.Inputs |> Array.map (fun x -> k x s)
            Array.init nOut (fun i -> neuronField net (Some ks) i s)
        | WithoutSelf _ -> Array.init nOut (fun i -> neuronField net None i s)

    /// The local fields h = (A ⊙ X_out) K(X_in, s) − θ (Eqs. 6/10), or with Eq. 12's k(Σ_{j≠i} ξ_j s_j).
    [<CompiledName("Field")>]
    let field (net: KernelNetwork) (s: float[]) : float[] =
        Patterns.checkState "s" (inputDimension net) s
        fieldUnchecked net s

    /// Hetero-associative recall (Property 1, Eq. 6): s_out = sgn(h). A feed-forward output has no
    /// current value to keep, so a zero field gives +1 here.
    [<CompiledName("Recall")>]
    let recall (net: KernelNetwork) (input: float[]) : float[] =
        field net input |> Array.map (Dynamics.sign 1.0)

    let private checkAuto (net: KernelNetwork) =
        if inputDimension net <> outputDimension net then
            raise (ArgumentException(sprintf "net is hetero-associative (N_in = %d, N_out = %d); recurrent updates need N_in = N_out." (inputDimension net) (outputDimension net), "net"))

    /// One synchronous update of an auto-associative network (Property 2.1, Eq. 10):
    /// s_i ← sgn(h_i(s)), a zero field keeping s_i (Dynamics.sign). With WithoutSelf every neuron uses
    /// k(Σ_{j≠i} ξ_j s_j) on the same old state.
    [<CompiledName("Step")>]
    let step (net: KernelNetwork) (s: float[]) : float[] =
        checkAuto net
        Patterns.checkState "s" (inputDimension net) s
        Patterns.checkBipolarVector "s" s
        Array.map2 Dynamics.sign s (fieldUnchecked net s)

    /// The new value of neuron i given state s (Eq. 12 for WithoutSelf, row i of Eq. 10 otherwise).
    [<CompiledName("UpdateNeuron")>]
    let updateNeuron (net: KernelNetwork) (i: int) (s: float[]) : float =
        checkAuto net
        Patterns.checkState "s" (inputDimension net) s
        Validate.between "i" 0 (inputDimension net - 1) i
        Dynamics.sign s.[i] (neuronField net None i s)

    /// One asynchronous sweep: the neurons in `order` each updated in turn on the latest state (Eq. 12).
    [<CompiledName("Sweep")>]
    let sweep (net: KernelNetwork) (order: int[]) (s: float[]) : float[] =
        checkAuto net
        Patterns.checkState "s" (inputDimension net) s
        Patterns.checkBipolarVector "s" s
        let state = Array.copy s
        for i in order do state.[i] <- Dynamics.sign state.[i] (neuronField net None i state)
        state

    /// Synchronous updates (Eq. 10) from s0 to a fixed point, a cycle or maxSteps updates.
    [<CompiledName("Retrieve")>]
    let retrieve (net: KernelNetwork) (maxSteps: int) (s0: float[]) : Iteration =
        checkAuto net
        Patterns.checkState "s0" (inputDimension net) s0
        Patterns.checkBipolarVector "s0" s0
        Dynamics.toFixedPoint (fun s -> Array.map2 Dynamics.sign s (fieldUnchecked net s)) 0.0 maxSteps s0

    /// Asynchronous sweeps (Eq. 12) in the given neuron order from s0 until a whole sweep changes nothing,
    /// a state recurs, or maxSweeps sweeps. Steps counts sweeps.
    [<CompiledName("RetrieveAsynchronous")>]
    let retrieveAsynchronous (net: KernelNetwork) (order: UpdateOrder) (maxSweeps: int) (s0: float[]) : Iteration =
        checkAuto net
        Patterns.checkState "s0" (inputDimension net) s0
        Patterns.checkBipolarVector "s0" s0
        let sweeps = (Dynamics.sweeps order (inputDimension net)).GetEnumerator()
        let oneSweep (s: float[]) =
            sweeps.MoveNext() |> ignore
            let state = Array.copy s
            for i in sweeps.Current do state.[i] <- Dynamics.sign state.[i] (neuronField net None i state)
            state
        Dynamics.toFixedPoint oneSweep 0.0 maxSweeps s0

    // ---- training (M7) -------------------------------------------------------------------------

    /// Trains output neuron i as an SVM on its Gram matrix and labels; a refusal names the outputs (outputsName[μ])
    /// or the kernel (its Gram matrix) and ends with the neuron: "(output neuron i)".
    let private trainNeurons (options: SvmOptions) (outputsName: string) (grams: int -> float[,]) (labels: int -> float[]) (nOut: int) =
        Array.init nOut (fun i ->
            let gram = grams i
            gram |> Array2D.iteri (fun a b v ->
                if not (Double.IsFinite v) then
                    raise (ArgumentOutOfRangeException("kernel", v, sprintf "kernel: K(x_%d, x_%d) = %s for neuron %d; kernel values must be finite." a b (Validate.show v) i)))
            let names =
                { Labels = outputsName; Gram = "kernel"; GramText = "kernel: the Gram matrix"; GramEntry = "kernel: Gram matrix entry "
                  Context = sprintf " (output neuron %d)" i }
            HardMarginSvm.trainNamed names options gram (labels i))

    let private assemble inputs outputs kernel (solutions: SvmSolution[]) =
        { Network = create inputs outputs (solutions |> Array.map (fun s -> s.Alpha)) (solutions |> Array.map (fun s -> s.Threshold)) kernel
          Neurons = solutions }

    /// trainHeteroWith with the caller's names for the inputs and outputs in its refusals (the C# facade's
    /// CreateHetero calls them keys and values).
    let internal trainHeteroNamed (inputsName: string) (outputsName: string) (options: SvmOptions) (kernel: float[] -> float[] -> float) (inputs: float[][]) (outputs: float[][]) : SvmNetwork =
        Patterns.check inputsName inputs |> ignore
        let nOut = Patterns.checkBipolar outputsName outputs
        if outputs.Length <> inputs.Length then
            raise (ArgumentException(sprintf "%s has %d patterns but %s has %d; every input needs one output." outputsName outputs.Length inputsName inputs.Length, outputsName))
        let gram = Kernel.gram kernel inputs
        trainNeurons options outputsName (fun _ -> gram) (fun i -> outputs |> Array.map (fun o -> o.[i])) nOut
        |> assemble inputs outputs (Full kernel)

    /// Property 1 (Eqs. 3, 5–6): trains each output neuron i as a hard-margin SVM with threshold on
    /// (inputs[μ], outputs[μ][i]) with kernel K; throws ArgumentException naming the neuron and pattern
    /// when some neuron's data is not separable.
    [<CompiledName("TrainHeteroWith")>]
    let trainHeteroWith (options: SvmOptions) (kernel: float[] -> float[] -> float) (inputs: float[][]) (outputs: float[][]) : SvmNetwork =
        trainHeteroNamed "inputs" "outputs" options kernel inputs outputs

    /// trainHeteroWith HardMarginSvm.defaultOptions.
    [<CompiledName("TrainHetero")>]
    let trainHetero kernel inputs outputs = trainHeteroWith HardMarginSvm.defaultOptions kernel inputs outputs

    /// Property 2.1 (Eqs. 8–10): auto-association with self-connections; neuron i is an SVM on
    /// (ξ^μ, ξ_i^μ). Patterns must be ±1.
    [<CompiledName("TrainAutoWith")>]
    let trainAutoWith (options: SvmOptions) (kernel: float[] -> float[] -> float) (patterns: float[][]) : SvmNetwork =
        let n = Patterns.checkBipolar "patterns" patterns
        let gram = Kernel.gram kernel patterns
        trainNeurons options "patterns" (fun _ -> gram) (fun i -> patterns |> Array.map (fun p -> p.[i])) n
        |> assemble patterns patterns (Full kernel)

    /// trainAutoWith HardMarginSvm.defaultOptions.
    [<CompiledName("TrainAuto")>]
    let trainAuto kernel patterns = trainAutoWith HardMarginSvm.defaultOptions kernel patterns

    /// Property 2.2 (Eq. 12): auto-association without self-connections for an inner-product kernel k;
    /// neuron i is an SVM on the Gram matrix k(Σ_{j≠i} ξ_j^μ ξ_j^ν) with labels ξ_i^μ. Two patterns that
    /// differ only in component i cannot both be fit by neuron i (an error names them).
    [<CompiledName("TrainAutoWithoutSelfWith")>]
    let trainAutoWithoutSelfWith (options: SvmOptions) (k: float -> float) (patterns: float[][]) : SvmNetwork =
        let n = Patterns.checkBipolar "patterns" patterns
        let m = patterns.Length
        let dots = Array2D.init m m (fun a b -> dot patterns.[a] patterns.[b])
        let gram i = Array2D.init m m (fun a b -> k (dots.[a, b] - patterns.[a].[i] * patterns.[b].[i]))
        trainNeurons options "patterns" gram (fun i -> patterns |> Array.map (fun p -> p.[i])) n
        |> assemble patterns patterns (WithoutSelf k)

    /// trainAutoWithoutSelfWith HardMarginSvm.defaultOptions.
    [<CompiledName("TrainAutoWithoutSelf")>]
    let trainAutoWithoutSelf k patterns = trainAutoWithoutSelfWith HardMarginSvm.defaultOptions k patterns
