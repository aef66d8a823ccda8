/// Summaries of Monte-Carlo samples.
[<RequireQualifiedAccess>]
module AssociativeKernels.Core.Statistics

open System

/// Mean, standard error of the mean and count of a set of Monte-Carlo samples.
type Summary = { Mean: float; Sem: float; Samples: int }

/// The mean x̄ = (1/n) Σ x_i and its standard error s/√n, s² = Σ (x_i − x̄)²/(n − 1) the sample variance,
/// of n ≥ 2 finite samples (a NaN or ±∞ sample is refused, naming it). The samples are scaled by one power of two
/// that brings the largest into [1, 2) (exact), so neither the sum nor the squares over- or underflow (1e308 and
/// −1e308 give a standard error of 1e308, not ∞), and the mean gets one correction pass, x̄ += Σ(x_i − x̄)/n, so
/// samples that share many leading digits keep their mean (1e16 + 2, + 4, + 6 give 1e16 + 4, not 1e16 + 6).
[<CompiledName("Summarize")>]
let summarize (samples: float[]) : Summary =
    if isNull (box samples) then raise (ArgumentNullException "samples")
    if samples.Length < 2 then
        raise (ArgumentOutOfRangeException("samples", samples.Length, sprintf "samples has length %d; a mean and its standard error need at least 2 samples." samples.Length))
    Validate.vector "samples" samples
    let top = samples |> Array.fold (fun m x -> max m (abs x)) 0.0
    let k = if top = 0.0 then 0 else Math.ILogB top
    let x = if k = 0 then samples else samples |> Array.map (fun v -> Math.ScaleB(v, -k))
    let n = float samples.Length
    let first = Array.sum x / n
    let mean = first + (x |> Array.sumBy (fun v -> v - first)) / n
    let var = (x |> Array.sumBy (fun v -> (v - mean) * (v - mean))) / (n - 1.0)
    { Mean = Math.ScaleB(mean, k); Sem = Math.ScaleB(Math.Sqrt(var / n), k); Samples = samples.Length }
