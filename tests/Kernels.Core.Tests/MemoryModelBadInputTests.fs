/// Bad input to the universal Hopfield network, the modern Hopfield network and the sparse distributed
/// memory: every case throws an ArgumentException naming the parameter (issue 4, "Bad input").
module Kernels.Core.Tests.MemoryModelBadInputTests

open System
open Xunit
open AssociativeKernels.Core
open Kernels.Core.Tests.Expect

let private m = [| [| 0.2; 0.8 |]; [| 0.6; 0.4 |] |]
let private create = UniversalHopfield.create UniversalHopfield.defaultOptions
let private net = create Dot Identity m

[<Fact>]
let ``Universal Hopfield network: bad input is rejected naming the parameter`` () =
    allThrowNaming "UniversalHopfield" [
        bad "patterns of different lengths" "memories" (fun () -> create Dot Identity [| [| 1.0; 2.0 |]; [| 1.0 |] |])
        bad "empty memory" "memories" (fun () -> create Dot Identity [||])
        bad "NaN in a pattern" "memories[1]" (fun () -> create Dot Identity [| [| 1.0; 2.0 |]; [| nan; 1.0 |] |])
        bad "∞ in a query" "query" (fun () -> UniversalHopfield.retrieve net [| 1.0; infinity |])
        bad "wrong query dimension" "query" (fun () -> UniversalHopfield.retrieve net [| 1.0; 2.0; 3.0 |])
        bad "wrong query dimension in a batch" "queries[1]" (fun () -> UniversalHopfield.retrieveBatch net [| [| 1.0; 2.0 |]; [| 1.0 |] |])
        bad "hetero projection with the wrong number of rows" "projection" (fun () ->
            UniversalHopfield.hetero UniversalHopfield.defaultOptions Dot Identity m [| [| 1.0 |] |])
        bad "KL on a pattern with a negative entry" "memories[0]" (fun () -> create KullbackLeibler Identity [| [| -0.1; 1.0 |] |])
        bad "KL on a query with a negative entry" "query" (fun () -> UniversalHopfield.retrieve (create KullbackLeibler (Softmax 1.0) m) [| 0.5; -0.5 |])
        bad "Jensen–Shannon on a zero query" "query" (fun () -> UniversalHopfield.retrieve (create JensenShannon Max m) [| 0.0; 0.0 |])
        bad "normalized dot on a zero-sum row" "memories[0]" (fun () -> create NormalizedDot Identity [| [| 1.0; -1.0 |] |])
        bad "softmax with β ≤ 0" "beta" (fun () -> create Dot (Softmax 0.0) m)
        bad "negative divergence smoothing" "divergenceSmoothing" (fun () ->
            UniversalHopfield.create { UniversalHopfield.appendixE with DivergenceSmoothing = -1e-4 } KullbackLeibler Max m)
        bad "NaN divergence smoothing in a hetero network" "divergenceSmoothing" (fun () ->
            UniversalHopfield.hetero { UniversalHopfield.appendixE with DivergenceSmoothing = nan } KullbackLeibler Max m m)
        bad "negative smoothing in measureSmoothed" "divergenceSmoothing" (fun () -> Similarity.measureSmoothed -1.0 KullbackLeibler [| 1.0 |] [| 1.0 |])
        bad "polynomial of degree 0" "n" (fun () -> create Dot (Polynomial 0) m)
        bad "top-k beyond the stored patterns" "k" (fun () -> create Dot (TopK 3) m)
        bad "threshold θ = NaN" "theta" (fun () -> create Dot (Threshold nan) m)
        bad "log of a negative score" "scores" (fun () -> UniversalHopfield.retrieve (create Dot Log m) [| -1.0; -1.0 |])
        bad "App. E normalization of negative similarity scores" "query" (fun () ->
            UniversalHopfield.retrieve (UniversalHopfield.create UniversalHopfield.appendixE Dot Identity m) [| -1.0; -1.0 |])
        bad "iterate a hetero network" "net" (fun () ->
            UniversalHopfield.iterate (UniversalHopfield.hetero UniversalHopfield.defaultOptions Dot Identity m m) 0.0 5 [| 1.0; 0.0 |])
        bad "energy of a Manhattan network" "net" (fun () -> UniversalHopfield.energy (create Manhattan Identity m) [| 1.0; 0.0 |])
        bad "Euler step η > 2" "stepSize" (fun () -> UniversalHopfield.eulerStep net 2.5 [| 1.0; 0.0 |])
        bad "Euler step η = 0" "stepSize" (fun () -> UniversalHopfield.eulerStep net 0.0 [| 1.0; 0.0 |])
        bad "two-layer energy with the wrong hidden length" "hidden" (fun () -> UniversalHopfield.twoLayerEnergy net [| 1.0; 0.0 |] [| 1.0 |])
        bad "measure on vectors of different lengths" "query" (fun () -> Similarity.measure Euclidean [| 1.0 |] [| 1.0; 2.0 |])
        bad "project with mismatched weights" "weights" (fun () -> UniversalHopfield.project m [| 1.0 |]) ]

[<Fact>]
let ``Modern Hopfield network: bad input is rejected naming the parameter`` () =
    let mh = ModernHopfield.create 1.0 m
    allThrowNaming "ModernHopfield" [
        bad "β = 0" "beta" (fun () -> ModernHopfield.create 0.0 m)
        bad "β = NaN" "beta" (fun () -> ModernHopfield.create nan m)
        bad "empty memory" "patterns" (fun () -> ModernHopfield.create 1.0 [||])
        bad "patterns of different lengths" "patterns" (fun () -> ModernHopfield.create 1.0 [| [| 1.0 |]; [| 1.0; 2.0 |] |])
        bad "wrong query dimension" "query" (fun () -> ModernHopfield.retrieve mh [| 1.0 |])
        bad "NaN in the state" "state" (fun () -> ModernHopfield.energy mh [| nan; 1.0 |])
        bad "hetero projection with the wrong number of rows" "projection" (fun () -> ModernHopfield.hetero 1.0 m [| [| 1.0 |] |])
        bad "energy of a hetero network" "net" (fun () -> ModernHopfield.energy (ModernHopfield.hetero 1.0 m m) [| 1.0; 0.0 |])
        bad "Euler step η > 2" "stepSize" (fun () -> ModernHopfield.eulerStep mh 3.0 [| 1.0; 0.0 |]) ]

[<Fact>]
let ``Sparse distributed memory: bad input is rejected naming the parameter`` () =
    let mem = SparseDistributedMemory.create (Hypercube 1) 1 50 3 2
    let sphere = SparseDistributedMemory.create (Hypersphere 0.2) 1 50 3 1
    allThrowNaming "SparseDistributedMemory" [
        bad "radius 0" "radius" (fun () -> SparseDistributedMemory.create (Hypercube 0) 1 10 3 1)
        bad "radius beyond N" "radius" (fun () -> SparseDistributedMemory.create (Hypercube 4) 1 10 3 1)
        bad "bias outside (−1, 1)" "bias" (fun () -> SparseDistributedMemory.create (Hypersphere 1.0) 1 10 3 1)
        bad "no slots" "slotCount" (fun () -> SparseDistributedMemory.create (Hypercube 1) 1 0 3 1)
        bad "non-±1 input on the hypercube" "inputs[0]" (fun () -> SparseDistributedMemory.write mem [| 1.0; 0.5; -1.0 |] [| 1.0; 1.0 |])
        bad "non-unit input on the sphere" "query" (fun () -> SparseDistributedMemory.read sphere [| 1.0; 1.0; 0.0 |])
        bad "wrong query dimension" "query" (fun () -> SparseDistributedMemory.read mem [| 1.0; 1.0 |])
        bad "wrong output dimension" "outputs[0]" (fun () -> SparseDistributedMemory.write mem [| 1.0; 1.0; 1.0 |] [| 1.0 |])
        bad "outputs and inputs of different counts" "outputs" (fun () ->
            SparseDistributedMemory.writeMany mem [| [| 1.0; 1.0; 1.0 |] |] [| [| 1.0; 1.0 |]; [| 1.0; 1.0 |] |])
        bad "NaN in an output" "outputs[0]" (fun () -> SparseDistributedMemory.write mem [| 1.0; 1.0; 1.0 |] [| nan; 1.0 |])
        bad "kernel form with mismatched outputs" "outputs" (fun () ->
            SparseDistributedMemory.kernelField (Hypercube 1) [| [| 1.0; 1.0 |] |] [||] [| 1.0; 1.0 |]) ]
