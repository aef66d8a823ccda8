/// The closed-form kernels by id (SPEC K4–K6): the table the CLI's `akern kernel` and the facade enumerate,
/// built from the kernels' own descriptions (each `…Formula` value sits beside its function in src/Kernels).
/// Results are KernelResult values: the kernel in log space, its equation, and the in-range flag (for the
/// sparse approximation of K6).
[<RequireQualifiedAccess>]
module AssociativeKernels.Core.KernelRegistry

open System

/// Closed-form kernels, SPEC K4–K6.
[<CompiledName("All")>]
let all : Formula<KernelResult> list =
    [ SdmKernel.hypercubeFormula
      SdmKernel.hypersphereExactFormula
      SdmKernel.hypersphereApproxFormula
      Kernel.expBetaFormula
      Kernel.expBetaLimitFormula ]

/// The kernel with this id, if any.
[<CompiledName("TryFind")>]
let tryFind (id: string) : Formula<KernelResult> option = all |> List.tryFind (fun f -> f.Info.Id = id)

/// Evaluates kernel `id` at `args`; errors as BoundRegistry.evaluate.
[<CompiledName("Evaluate")>]
let evaluate (id: string) (args: Map<string, float>) : KernelResult =
    match tryFind id with
    | None -> raise (ArgumentException(sprintf "unknown kernel id '%s' (see `akern kernel list`)." id, "id"))
    | Some formula -> formula.Evaluate args
