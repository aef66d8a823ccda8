/// The image-retrieval experiments of UHN §4 and App. H (Millidge et al. 2022, Figs. 2–4, 14): the query
/// perturbations and the retrieval criterion. Images are flattened rows (row-major: pixel (r, c) of a
/// rows × columns image is entry columns·r + c) with pixels in [0, 1]. Every random draw comes from the
/// System.Random the caller passes, so a seed fixes the result.
namespace AssociativeKernels.Core

open System

/// Query perturbations of UHN §4 (masking, Gaussian noise) and App. H (random masking, inpainting).
[<RequireQualifiedAccess>]
module ImagePerturbation =

    let private check (image: float[]) =
        Validate.nonEmpty "image" image
        Validate.vector "image" image

    /// The number of pixels a fraction f of n covers: round(f n), halves away from zero.
    let private count (fraction: float) (n: int) = int (Math.Round(fraction * float n, MidpointRounding.AwayFromZero))

    /// UHN §4 masking: the first round(f·N) pixels in row-major order — the top rows first, whole rows when
    /// f·N is a multiple of the width (f = 0.5 masks the top 14 of MNIST's 28 rows) — are set to 0.
    /// 0 ≤ f ≤ 1.
    [<CompiledName("MaskTop")>]
    let maskTop (fraction: float) (image: float[]) : float[] =
        check image
        Validate.closed "fraction" 0.0 1.0 fraction
        let masked = count fraction image.Length
        image |> Array.mapi (fun i x -> if i < masked then 0.0 else x)

    /// UHN App. H random masking: each pixel is set to 0 independently with probability f, 0 ≤ f ≤ 1
    /// (one uniform draw per pixel, in order).
    [<CompiledName("MaskRandom")>]
    let maskRandom (rng: Random) (fraction: float) (image: float[]) : float[] =
        if isNull (box rng) then raise (ArgumentNullException("rng"))
        check image
        Validate.closed "fraction" 0.0 1.0 fraction
        image |> Array.map (fun x -> if rng.NextDouble() < fraction then 0.0 else x)

    /// UHN App. H inpainting as the authors' published code does it (BerenMillidge/Theory_Associative_Memory,
    /// functions.py, image_inpaint): a frame `width` pixels wide on all four sides is set to 0 — pixel (r, c) is
    /// masked when r < w, r ≥ rows − w, c < w or c ≥ columns − w — so a fraction 1 − (1 − 2w/rows)(1 − 2w/columns)
    /// of the pixels is masked (all of them once 2w ≥ rows or columns). That code maps its "fraction masked" f
    /// to w = ⌊rows·f/2⌋ (edgeWidth). width ≥ 0; `image` has rows × columns entries.
    [<CompiledName("MaskEdges")>]
    let maskEdges (rows: int) (columns: int) (width: int) (image: float[]) : float[] =
        check image
        Validate.atLeast "rows" 1 rows
        Validate.atLeast "columns" 1 columns
        Validate.atLeast "width" 0 width
        if image.Length <> rows * columns then
            raise (ArgumentException(sprintf "image has length %d but rows × columns = %d × %d = %d; they must match." image.Length rows columns (rows * columns), "image"))
        image |> Array.mapi (fun i x ->
            let r, c = i / columns, i % columns
            if r < width || r >= rows - width || c < width || c >= columns - width then 0.0 else x)

    /// The frame width w = ⌊rows·f/2⌋ the authors' code gives its inpainting "fraction masked" f (see maskEdges;
    /// f = 0.5 on 28 rows is w = 7, which masks 1 − (14/28)² = 75% of a 28 × 28 image). 0 ≤ f ≤ 1, rows ≥ 1.
    [<CompiledName("EdgeWidth")>]
    let edgeWidth (rows: int) (fraction: float) : int =
        Validate.atLeast "rows" 1 rows
        Validate.closed "fraction" 0.0 1.0 fraction
        int (Math.Floor(float rows * fraction / 2.0))

    /// UHN §4 noise: independent zero-mean Gaussian noise of variance σ² added to every pixel, the result
    /// clipped back to [0, 1] (one Sampling.gaussian draw per pixel, in order). σ² ≥ 0.
    [<CompiledName("AddGaussianNoise")>]
    let addGaussianNoise (rng: Random) (variance: float) (image: float[]) : float[] =
        if isNull (box rng) then raise (ArgumentNullException("rng"))
        check image
        Validate.nonNegative "variance" variance
        let sigma = sqrt variance
        image |> Array.map (fun x -> Math.Clamp(x + sigma * Sampling.gaussian rng, 0.0, 1.0))

/// UHN App. E's retrieval criterion: a reconstruction z of the true image z* counts as correct when the
/// sum of squared pixel errors L = Σ_i (z_i − z*_i)² is below a threshold T (T = 50 in the paper).
[<RequireQualifiedAccess>]
module RetrievalCriterion =

    /// The paper's threshold T = 50 (UHN App. E, App. G; Figs. 2 and 3).
    [<CompiledName("UhnThreshold")>]
    let uhnThreshold = 50.0

    /// L = Σ_i (z_i − z*_i)², the sum of squared pixel errors (UHN App. E). Vectors of equal length.
    [<CompiledName("SquaredError")>]
    let squaredError (retrieved: float[]) (target: float[]) : float =
        Validate.vector "retrieved" retrieved
        Validate.vector "target" target
        Validate.sameLength "retrieved" retrieved "target" target
        Kernel.squaredDistanceUnchecked retrieved target

    /// Whether the retrieval is correct: squaredError retrieved target < threshold (strictly; threshold > 0).
    [<CompiledName("IsCorrect")>]
    let isCorrect (threshold: float) (retrieved: float[]) (target: float[]) : bool =
        Validate.positive "threshold" threshold
        squaredError retrieved target < threshold
