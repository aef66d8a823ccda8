/// Every capacity formula by id: the single table that the CLI (`akern bound list`, `--batch`) and the C#
/// facade enumerate, built from the formulas' own descriptions (each `…Formula` value sits beside its
/// function in src/Capacity, with its id, equation, parameters and ranges). Parameters arrive as doubles
/// keyed by the papers' symbols; whole-number parameters must hold whole numbers.
[<RequireQualifiedAccess>]
module AssociativeKernels.Core.BoundRegistry

open System

/// All capacity formulas, in SPEC order (C1–C8, then issue 15's C9–C11).
[<CompiledName("All")>]
let all : Formula<Bound> list =
    [ Hopfield.classicalFormula
      Dam.noErrorCapacityFormula
      Dam.errorProbabilityFormula
      Dam.errorProbabilityGaussianFormula
      Dam.maxPatternsFormula
      ModelA.capacityFormula
      VcDimension.linearFormula
      VcDimension.polynomialFormula
      VcDimension.exponentialFormula
      VcDimension.supportVectorProliferationFormula
      ExpBeta.noiseFormula
      ExpBeta.noiseBipolarFormula
      ExpBeta.gaussianExactFormula
      ExpBeta.gaussianLowerFormula
      ExpBeta.gaussianRadiusExactFormula
      ExpBeta.sphereExactFormula
      ExpBeta.sphereLowerFormula
      ExpBeta.bipolarExactFormula
      ExpBeta.bipolarLowerFormula
      ExpBetaTight.gaussianFormula
      ExpBetaTight.sphereFormula
      ExpBetaTight.bipolarFormula
      ExpBetaTight.gaussianBirthdayFormula
      ExpBetaTight.sphereBirthdayFormula
      ExpBetaTight.bipolarBirthdayFormula
      Ramsauer.storageFormula
      ExponentialCapacity.sphereAlpha1Formula
      ExponentialCapacity.sphereBasinFormula
      ExponentialCapacity.gaussianAlpha1Formula
      ExponentialCapacity.gaussianAlphaCFormula
      ExponentialCapacity.bipolarAlpha1Formula ]

/// The formula with this id, if any.
[<CompiledName("TryFind")>]
let tryFind (id: string) : Formula<Bound> option = all |> List.tryFind (fun f -> f.Info.Id = id)

/// Evaluates the formula `id` at `args` (symbol → value). Unknown id, missing or unknown parameter,
/// or a value outside its range: ArgumentException naming it.
[<CompiledName("Evaluate")>]
let evaluate (id: string) (args: Map<string, float>) : Bound =
    match tryFind id with
    | None -> raise (ArgumentException(sprintf "unknown bound id '%s' (see `akern bound list`)." id, "id"))
    | Some formula -> formula.Evaluate args
