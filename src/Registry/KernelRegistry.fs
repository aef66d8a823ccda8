/// The closed-form kernels by id, with their parameters and valid ranges (the CLI's `akern kernel`
/// and the facade enumerate this table). Results use the Bound record: value in log space, the
/// equation, and the regime flag (for the sparse approximation of K6).
[<RequireQualifiedAccess>]
module AssociativeKernels.Core.KernelRegistry

open System

/// Closed-form kernels, SPEC K4–K6.
[<CompiledName("All")>]
let all : BoundRegistry.Spec list =
    let i = BoundRegistry.intArg
    let x (a: Map<string, float>) name = a.[name]
    let p name range : BoundRegistry.Parameter = { Name = name; Range = range }
    let make id equation regime inRegime (v: LogValue) = Bound.make id equation regime inRegime v.Ln
    let exactRegime = "exact for every parameter in range"
    [ { Id = "sdm-hypercube"
        Parameters = [ p "N" (BoundRegistry.wholeFrom 1); p "r" "whole number in [1, N]"; p "delta" "whole number in [0, N]" ]
        Equation = "KMN Eq. 16"
        Summary = "infinite SDM on the hypercube, Hamming radius r, Hamming distance delta"
        Evaluate = fun a ->
            let n = i a "N" 1.0
            make "sdm-hypercube" "KMN Eq. 16" exactRegime true
                (SdmKernel.hypercube n (i a "r" 1.0) (i a "delta" 0.0)) }
      { Id = "sdm-hypersphere.exact"
        Parameters = [ p "N" (BoundRegistry.wholeFrom 3); p "b" "(-1, 1)"; p "cos" "[-1, 1]" ]
        Equation = "KMN Eqs. 17, 43"
        Summary = "infinite SDM on the hypersphere, exact integral (bias b, cosine between the patterns)"
        Evaluate = fun a ->
            make "sdm-hypersphere.exact" "KMN Eqs. 17, 43" exactRegime true
                (SdmKernel.hypersphereExact (i a "N" 3.0) (x a "b") (x a "cos")) }
      { Id = "sdm-hypersphere.approx"
        Parameters = [ p "N" (BoundRegistry.wholeFrom 2); p "b" "(-1, 1)"; p "cos" "[-1, 1]" ]
        Equation = "KMN Eqs. 18, 48"
        Summary = "infinite SDM on the hypersphere, sparse closed-form approximation"
        Evaluate = fun a ->
            let b = x a "b"
            make "sdm-hypersphere.approx" "KMN Eqs. 18, 48" "sparse code: 0.9 ≤ b < 1 (KMN §3.3)" (b >= 0.9)
                (SdmKernel.hypersphereApprox (i a "N" 2.0) b (x a "cos")) }
      { Id = "exp-beta"
        Parameters = [ p "beta" "(0, ∞)"; p "r" "(0, ∞)"; p "d" "[0, ∞), the distance ‖x − y‖" ]
        Equation = "KMN Eq. 21"
        Summary = "Exp-β kernel exp(−(d/r)^β) at distance d"
        Evaluate = fun a ->
            make "exp-beta" "KMN Eq. 21" exactRegime true (Kernel.expBetaOfDistance (x a "beta") (x a "r") (x a "d")) }
      { Id = "exp-beta.limit"
        Parameters = [ p "r" "(0, ∞)"; p "d" "[0, ∞), the distance ‖x − y‖" ]
        Equation = "KMN Eqs. 69–70"
        Summary = "β → ∞ limit Θ(r − d) with Θ(0) = e^−1"
        Evaluate = fun a ->
            make "exp-beta.limit" "KMN Eqs. 69–70" exactRegime true
                (LogValue.ofValue (Kernel.expBetaLimitOfDistance (x a "r") (x a "d"))) } ]

/// The kernel with this id, if any.
[<CompiledName("TryFind")>]
let tryFind (id: string) = all |> List.tryFind (fun s -> s.Id = id)

/// Evaluates kernel `id` at `args`; errors as BoundRegistry.evaluate.
[<CompiledName("Evaluate")>]
let evaluate (id: string) (args: Map<string, float>) : Bound =
    match tryFind id with
    | None -> raise (ArgumentException(sprintf "unknown kernel id '%s' (see `akern kernel list`)." id, "id"))
    | Some spec ->
        BoundRegistry.checkArguments id spec.Parameters args
        spec.Evaluate args
