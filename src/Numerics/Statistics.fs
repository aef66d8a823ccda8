/// Summaries of Monte-Carlo samples.
[<RequireQualifiedAccess>]
module AssociativeKernels.Core.Statistics

open System

/// Mean, standard error of the mean and count of a set of Monte-Carlo samples.
type Summary = { Mean: float; Sem: float; Samples: int }

/// The mean x̄ = (1/n) Σ x_i and its standard error s/√n, s² = Σ (x_i − x̄)²/(n − 1) the sample variance,
/// of n ≥ 2 samples.
[<CompiledName("Summarize")>]
let summarize (samples: float[]) : Summary =
    if isNull (box samples) then raise (ArgumentNullException "samples")
    if samples.Length < 2 then
        raise (ArgumentOutOfRangeException("samples", samples.Length, sprintf "samples has length %d; a mean and its standard error need at least 2 samples." samples.Length))
    let mean = Array.average samples
    let var = (samples |> Array.sumBy (fun x -> (x - mean) * (x - mean))) / float (samples.Length - 1)
    { Mean = mean; Sem = Math.Sqrt(var / float samples.Length); Samples = samples.Length }
