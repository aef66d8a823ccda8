/// UHN §4 / App. H query perturbations and App. E's retrieval criterion (Experiments/ImageRetrieval.fs).
module Kernels.Core.Tests.E5ImageRetrievalTests

open System
open global.Xunit
open FsCheck
open FsCheck.FSharp
open FsCheck.Xunit
open AssociativeKernels.Core
open Kernels.Core.Tests.Generators

/// A 28 × 28 image of ones: every masked pixel shows as a 0.
let private ones = Array.create 784 1.0

let private zerosAt (image: float[]) = image |> Array.indexed |> Array.filter (fun (_, x) -> x = 0.0) |> Array.map fst

[<Fact>]
let ``top masking of half an MNIST image zeroes exactly the top 14 rows`` () =
    let masked = ImagePerturbation.maskTop 0.5 ones
    Assert.Equal<int[]>([| 0 .. 14 * 28 - 1 |], zerosAt masked)
    Assert.Equal<float[]>(ones, ImagePerturbation.maskTop 0.0 ones)
    Assert.Equal(784, (zerosAt (ImagePerturbation.maskTop 1.0 ones)).Length)
    // A fraction that is not a whole number of rows masks round(f·N) pixels in row-major order.
    Assert.Equal<int[]>([| 0 .. 77 |], zerosAt (ImagePerturbation.maskTop 0.1 ones))

[<Fact>]
let ``random masking is reproducible from the seed and masks about the fraction asked for`` () =
    let a = ImagePerturbation.maskRandom (Random 7) 0.3 ones
    let b = ImagePerturbation.maskRandom (Random 7) 0.3 ones
    Assert.Equal<float[]>(a, b)
    // 784 Bernoulli(0.3) draws: mean 235.2, s.d. 12.8; four s.d. either side.
    Assert.InRange((zerosAt a).Length, 184, 287)
    Assert.Empty(zerosAt (ImagePerturbation.maskRandom (Random 7) 0.0 ones))
    Assert.Equal(784, (zerosAt (ImagePerturbation.maskRandom (Random 7) 1.0 ones)).Length)

[<Fact>]
let ``Gaussian noise is seeded, clipped to the unit interval, and absent at variance 0`` () =
    let gray = Array.create 784 0.5
    let a = ImagePerturbation.addGaussianNoise (Random 3) 0.5 gray
    Assert.Equal<float[]>(a, ImagePerturbation.addGaussianNoise (Random 3) 0.5 gray)
    Assert.All(a, fun x -> Assert.InRange(x, 0.0, 1.0))
    Assert.Contains(0.0, a)
    Assert.Contains(1.0, a)
    Assert.Equal<float[]>(gray, ImagePerturbation.addGaussianNoise (Random 3) 0.0 gray)
    // The draws are Sampling.gaussian scaled by σ: the same stream reproduces the first pixel.
    let z = Sampling.gaussian (Random 3)
    Assert.Equal(Math.Clamp(0.5 + sqrt 0.5 * z, 0.0, 1.0), a.[0])

[<Fact>]
let ``frame inpainting masks every pixel within the width of an edge`` () =
    // 4 × 5 image of ones, frame width 1: only the inner 2 × 3 block (rows 1–2, columns 1–3) stays.
    let image = Array.create 20 1.0
    let expected = [| 0.; 0.; 0.; 0.; 0.
                      0.; 1.; 1.; 1.; 0.
                      0.; 1.; 1.; 1.; 0.
                      0.; 0.; 0.; 0.; 0. |]
    Assert.Equal<float[]>(expected, ImagePerturbation.maskEdges 4 5 1 image)
    Assert.Equal<float[]>(image, ImagePerturbation.maskEdges 4 5 0 image)
    Assert.Equal<float[]>(Array.zeroCreate 20, ImagePerturbation.maskEdges 4 5 2 image)
    // MNIST, width 7: the central 14 × 14 block stays, 784 − 196 = 588 pixels (75%) are masked.
    let masked = ImagePerturbation.maskEdges 28 28 7 ones
    Assert.Equal<int[]>([| for r in 0 .. 27 do for c in 0 .. 27 do if r < 7 || r > 20 || c < 7 || c > 20 then yield 28 * r + c |], zerosAt masked)

[<Fact>]
let ``the authors' edge width is floor(rows f / 2)`` () =
    // Python's int(28 * f // 2) for the fractions of the authors' App. H runs.
    Assert.Equal<int list>([ 1; 2; 4; 5; 7; 8; 9 ], [ 0.1; 0.2; 0.3; 0.4; 0.5; 0.6; 0.7 ] |> List.map (ImagePerturbation.edgeWidth 28))
    Assert.Equal(0, ImagePerturbation.edgeWidth 28 0.0)
    Assert.Equal(14, ImagePerturbation.edgeWidth 28 1.0)

[<Fact>]
let ``perturbations reject bad fractions, variances and shapes by name`` () =
    Expect.allThrowNaming "perturbations"
        [ "fraction > 1", "fraction", (fun () -> ImagePerturbation.maskTop 1.5 ones |> ignore)
          "fraction NaN", "fraction", (fun () -> ImagePerturbation.maskRandom (Random 1) nan ones |> ignore)
          "negative variance", "variance", (fun () -> ImagePerturbation.addGaussianNoise (Random 1) -0.1 ones |> ignore)
          "frame shape", "image", (fun () -> ImagePerturbation.maskEdges 27 28 1 ones |> ignore)
          "negative frame width", "width", (fun () -> ImagePerturbation.maskEdges 28 28 -1 ones |> ignore)
          "edge width of a fraction > 1", "fraction", (fun () -> ImagePerturbation.edgeWidth 28 1.5 |> ignore)
          "edge width of 0 rows", "rows", (fun () -> ImagePerturbation.edgeWidth 0 0.5 |> ignore)
          "empty image", "image", (fun () -> ImagePerturbation.maskTop 0.5 [||] |> ignore)
          "NaN pixel", "image", (fun () -> ImagePerturbation.maskTop 0.5 [| nan |] |> ignore) ]

[<Property(MaxTest = 100)>]
let ``every perturbation keeps the length and keeps pixels of a [0, 1] image inside [0, 1]`` (seed: int) =
    let rng = Random seed
    let image = Array.init 784 (fun _ -> rng.NextDouble())
    let f, v = rng.NextDouble(), 2.0 * rng.NextDouble()
    let outs =
        [ "top", ImagePerturbation.maskTop f image
          "random", ImagePerturbation.maskRandom rng f image
          "frame", ImagePerturbation.maskEdges 28 28 (ImagePerturbation.edgeWidth 28 f) image
          "noise", ImagePerturbation.addGaussianNoise rng v image ]
    outs
    |> List.map (fun (name, out) -> ((out.Length = 784 && out |> Array.forall (fun x -> x >= 0.0 && x <= 1.0)) |@ name))
    |> List.reduce (.&.)

[<Fact>]
let ``the criterion is the sum of squared pixel errors, strictly below the threshold`` () =
    Assert.Equal(1.0 + 4.0 + 0.25, RetrievalCriterion.squaredError [| 1.0; 2.0; 0.5 |] [| 0.0; 0.0; 0.0 |])
    Assert.Equal(50.0, RetrievalCriterion.uhnThreshold)
    // 50 pixels off by exactly 1: L = 50 is not below 50; 49 pixels is.
    let target = Array.zeroCreate 784
    let off n = Array.init 784 (fun i -> if i < n then 1.0 else 0.0)
    Assert.False(RetrievalCriterion.isCorrect 50.0 (off 50) target)
    Assert.True(RetrievalCriterion.isCorrect 50.0 (off 49) target)
    Expect.throwsNaming "target" (fun () -> RetrievalCriterion.squaredError [| 1.0 |] [| 1.0; 2.0 |])
    Expect.throwsNaming "threshold" (fun () -> RetrievalCriterion.isCorrect 0.0 [| 1.0 |] [| 1.0 |])
