/// SPEC M6, Kanerva's sparse distributed memory as KMN §3.3 writes it (Eqs. 13–15; UHN §3.2, 3.4):
/// a finite register of N_φ slots with random addresses Z (rows), each holding an N_out-vector of
/// counters. Writing ξ_in → ξ_out adds ξ_out to every slot whose address is active for ξ_in,
/// φ(x) = Θ(Z x − b) (FeatureMap.sdm, Θ(0) = 1); reading sums the counters of the slots active for the
/// query. So the counters are C = Σ_μ φ(ξ_in^μ) ξ_out^μᵀ (N_φ×N_out, one row per slot — KMN's
/// X_out φ(X_in)ᵀ transposed) and the read is s_out = sgn[X_out φ(X_in)ᵀ φ(s_in)] (Eq. 13).
/// In the limit N_φ → ∞ the field divided by N_φ becomes X_out K(X_in, s_in) with K = K5 or K6 (Eqs. 14–15).
namespace AssociativeKernels.Core

open System

/// Where the addresses (and the patterns written) live.
type SdmSpace =
    /// The hypercube {±1}^N with Hamming radius r, 1 ≤ r ≤ N: bias b = N − 2r, so a slot is active exactly
    /// when its address is within Hamming distance r of the input (KMN Eq. 13). Kernel: K5 (Eq. 16).
    | Hypercube of radius: int
    /// The unit sphere S^{N−1} with bias b ∈ (−1, 1), the cosine of the cap angle: a slot is active when
    /// z·x ≥ b. Inputs must be unit vectors. Kernel: K6 (Eq. 17, SdmKernel.hypersphereExact, N ≥ 3).
    | Hypersphere of bias: float

/// A finite sparse distributed memory: addresses, bias, and the counters written so far. Immutable:
/// writing returns a new memory. Safe to read from many threads.
[<Sealed>]
type SparseDistributedMemory internal (space: SdmSpace, addresses: float[][], bias: float, counters: float[][], written: int) =
    /// The address space.
    member _.Space = space
    /// The N_φ addresses Z (rows; a copy).
    member _.Addresses = addresses |> Array.map Array.copy
    /// The activation bias b (N − 2r on the hypercube).
    member _.Bias = bias
    /// The counters, one row of length N_out per slot (a copy).
    member _.Counters = counters |> Array.map Array.copy
    /// The number of slots N_φ.
    member _.SlotCount = addresses.Length
    /// The input dimension N.
    member _.Dimension = addresses.[0].Length
    /// The output dimension N_out.
    member _.OutputDimension = counters.[0].Length
    /// The number of patterns written.
    member _.Written = written
    member internal _.Z = addresses
    member internal _.C = counters

/// Construction, write and read of the finite SDM, and its kernel form (SPEC M6).
[<RequireQualifiedAccess>]
[<CompilationRepresentation(CompilationRepresentationFlags.ModuleSuffix)>]
module SparseDistributedMemory =

    /// |‖x‖ − 1| allowed for a unit vector on the hypersphere: a few ulps per component of the norm's sum.
    let private unitTolerance = 1e-9

    let private checkSpaceParameter (space: SdmSpace) (n: int) =
        match space with
        | Hypercube r -> Validate.between "radius" 1 n r
        | Hypersphere b -> Validate.openInterval "bias" -1.0 1.0 b

    let private biasOf (space: SdmSpace) (n: int) =
        match space with
        | Hypercube r -> float (n - 2 * r)
        | Hypersphere b -> b

    /// Checks that an input lies in the space: ±1 entries on the hypercube, unit norm on the sphere.
    let internal checkInput (space: SdmSpace) (name: string) (x: float[]) =
        match space with
        | Hypercube _ -> Patterns.checkBipolarVector name x
        | Hypersphere _ ->
            let norm = Math.Sqrt(LinearAlgebra.dot x x)
            if abs (norm - 1.0) > unitTolerance then
                raise (ArgumentOutOfRangeException(name, norm, sprintf "%s has norm %s; on the hypersphere inputs must be unit vectors (|‖x‖ − 1| ≤ %g)." name (Validate.show norm) unitTolerance))

    /// An empty memory (all counters 0) with the given addresses (rows, in the space: ±1 entries on the
    /// hypercube, unit vectors on the sphere) and output dimension N_out ≥ 1.
    [<CompiledName("WithAddresses")>]
    let withAddresses (space: SdmSpace) (addresses: float[][]) (outputDimension: int) : SparseDistributedMemory =
        let n = Patterns.check "addresses" addresses
        checkSpaceParameter space n
        addresses |> Array.iteri (fun a z -> checkInput space (sprintf "addresses[%d]" a) z)
        Validate.atLeast "outputDimension" 1 outputDimension
        SparseDistributedMemory(space, addresses |> Array.map Array.copy, biasOf space n,
                                Array.init addresses.Length (fun _ -> Array.zeroCreate outputDimension), 0)

    /// An empty memory with `slotCount` addresses drawn uniformly from the space of dimension N with
    /// System.Random(seed) (FeatureMap.randomHypercubeAddresses / randomHypersphereAddresses).
    [<CompiledName("Create")>]
    let create (space: SdmSpace) (seed: int) (slotCount: int) (dimension: int) (outputDimension: int) : SparseDistributedMemory =
        Validate.atLeast "slotCount" 1 slotCount
        Validate.atLeast "dimension" 1 dimension
        checkSpaceParameter space dimension
        Validate.atLeast "outputDimension" 1 outputDimension
        let z =
            match space with
            | Hypercube _ -> FeatureMap.randomHypercubeAddresses seed slotCount dimension
            | Hypersphere _ -> FeatureMap.randomHypersphereAddresses seed slotCount dimension
        SparseDistributedMemory(space, z, biasOf space dimension, Array.init slotCount (fun _ -> Array.zeroCreate outputDimension), 0)

    let private activeUnchecked (mem: SparseDistributedMemory) (x: float[]) =
        let b = mem.Bias
        mem.Z |> Array.map (fun z -> LinearAlgebra.dot z x >= b)

    let private checkQuery (mem: SparseDistributedMemory) (name: string) (x: float[]) =
        Patterns.checkState name mem.Dimension x
        checkInput mem.Space name x

    /// φ(x) = Θ(Z x − b) ∈ {0, 1}^{N_φ}: which slots are active for x.
    [<CompiledName("Activation")>]
    let activation (mem: SparseDistributedMemory) (input: float[]) : float[] =
        checkQuery mem "input" input
        activeUnchecked mem input |> Array.map (fun a -> if a then 1.0 else 0.0)

    /// writeMany, with `overflow μ` giving the (name, ParamName) an output that overflows a counter is refused under.
    let private writeRows (overflow: int -> string * string) (mem: SparseDistributedMemory) (inputs: float[][]) (outputs: float[][]) : SparseDistributedMemory =
        Patterns.check "inputs" inputs |> ignore
        Patterns.check "outputs" outputs |> ignore
        Patterns.checkPairedRows "outputs" outputs "inputs" inputs
        inputs |> Array.iteri (fun mu x -> checkQuery mem (sprintf "inputs[%d]" mu) x)
        outputs |> Array.iteri (fun mu y -> Patterns.checkState (sprintf "outputs[%d]" mu) mem.OutputDimension y)
        let c = mem.C |> Array.map Array.copy
        for mu in 0 .. inputs.Length - 1 do
            let active = activeUnchecked mem inputs.[mu]
            let y = outputs.[mu]
            for a in 0 .. c.Length - 1 do
                if active.[a] then
                    let row = c.[a]
                    for i in 0 .. y.Length - 1 do
                        let v = row.[i] + y.[i]
                        if not (Double.IsFinite v) then
                            let name, paramName = overflow mu
                            raise (ArgumentException(sprintf "%s: writing it takes the counter of slot %d, component %d, to %s, beyond a double's range (±1.8e308); nothing was written." name a i (Validate.show v), paramName))
                        row.[i] <- v
        SparseDistributedMemory(mem.Space, mem.Z, mem.Bias, c, mem.Written + inputs.Length)

    /// Writes every pair (inputs[μ] → outputs[μ]) (rows; inputs in the space, outputs finite of length
    /// N_out): adds outputs[μ] to the counters of each slot active for inputs[μ]. Returns a new memory. A write that
    /// would take a counter beyond a double's range (±1.8e308) is refused (ArgumentException naming "outputs"), since a
    /// counter at ±∞ could never come back and would fix the sign of every later read.
    [<CompiledName("WriteMany")>]
    let writeMany (mem: SparseDistributedMemory) (inputs: float[][]) (outputs: float[][]) : SparseDistributedMemory =
        writeRows (fun mu -> sprintf "outputs[%d]" mu, "outputs") mem inputs outputs

    /// One checked pair written as writeMany writes it, an overflowing counter refused naming "output" (the facade's Write).
    [<CompiledName("WriteOutput")>]
    let internal writeOutput (mem: SparseDistributedMemory) (input: float[]) (output: float[]) : SparseDistributedMemory =
        writeRows (fun _ -> "output", "output") mem [| input |] [| output |]

    /// Writes one pair input → output (see writeMany). Returns a new memory.
    [<CompiledName("Write")>]
    let write (mem: SparseDistributedMemory) (input: float[]) (output: float[]) : SparseDistributedMemory =
        if isNull (box input) then raise (ArgumentNullException("input"))
        if isNull (box output) then raise (ArgumentNullException("output"))
        writeMany mem [| input |] [| output |]

    /// The read field X_out φ(X_in)ᵀ φ(s) = Σ over active slots of their counters (before the sign).
    [<CompiledName("ReadField")>]
    let readField (mem: SparseDistributedMemory) (query: float[]) : float[] =
        checkQuery mem "query" query
        let active = activeUnchecked mem query
        let h = Array.zeroCreate mem.OutputDimension
        for a in 0 .. active.Length - 1 do
            if active.[a] then
                let row = mem.C.[a]
                for i in 0 .. h.Length - 1 do h.[i] <- h.[i] + row.[i]
        // A component whose partial sums left the doubles (finite counters, e.g. 50 active slots at 1e307, or +∞ − ∞ on
        // the way): summed again with the counters scaled by 2^−64, so its sign is right and it is ±∞ only when the field
        // itself is beyond the doubles.
        for i in 0 .. h.Length - 1 do
            if not (Double.IsFinite h.[i]) then
                let mutable s = 0.0
                for a in 0 .. active.Length - 1 do
                    if active.[a] then s <- s + Math.ScaleB(mem.C.[a].[i], -64)
                h.[i] <- Math.ScaleB(s, 64)
        h

    /// The read s_out = sgn[X_out φ(X_in)ᵀ φ(s)] (KMN Eq. 13), with Dynamics.sign and no current value: a
    /// zero field (no active slot, or cancelling counters) gives 0, "undecided".
    [<CompiledName("Read")>]
    let read (mem: SparseDistributedMemory) (query: float[]) : float[] =
        readField mem query |> Array.map (Dynamics.sign 0.0)

    /// The SDM kernel of the space between two inputs: K5(N, r, Δ) with Δ the Hamming distance on the
    /// hypercube, K6 exact(N, b, x·y) on the sphere (N ≥ 3).
    [<CompiledName("Kernel")>]
    let kernel (space: SdmSpace) (x: float[]) (y: float[]) : float =
        Validate.vector "x" x
        Validate.vector "y" y
        Validate.sameLength "x" x "y" y
        let n = x.Length
        checkSpaceParameter space n
        checkInput space "x" x
        checkInput space "y" y
        match space with
        | Hypercube r ->
            let delta = Array.fold2 (fun s a b -> if a <> b then s + 1 else s) 0 x y
            (SdmKernel.hypercube n r delta).Value
        | Hypersphere b ->
            let c = LinearAlgebra.dot x y |> max -1.0 |> min 1.0
            (SdmKernel.hypersphereExact n b c).Value

    /// The kernel form's field X_out K(X_in, s) = Σ_μ ξ_out^μ K(ξ_in^μ, s) (KMN Eq. 14, before the sign):
    /// the N_φ → ∞ limit of readField/N_φ for the same written pairs (Eq. 15).
    [<CompiledName("KernelField")>]
    let kernelField (space: SdmSpace) (inputs: float[][]) (outputs: float[][]) (query: float[]) : float[] =
        let n = Patterns.check "inputs" inputs
        Patterns.check "outputs" outputs |> ignore
        Patterns.checkPairedRows "outputs" outputs "inputs" inputs
        Patterns.checkState "query" n query
        let w = inputs |> Array.map (fun x -> kernel space x query)
        ModernHopfield.projectUnchecked outputs w

    /// The kernel-form read s_out = sgn[X_out K(X_in, s)] (KMN Eq. 14), ties giving 0 as in `read`.
    [<CompiledName("KernelRead")>]
    let kernelRead (space: SdmSpace) (inputs: float[][]) (outputs: float[][]) (query: float[]) : float[] =
        kernelField space inputs outputs query |> Array.map (Dynamics.sign 0.0)
