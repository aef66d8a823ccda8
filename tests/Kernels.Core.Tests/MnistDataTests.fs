/// The IDX reader and the MNIST loader (issue 6: "a missing or corrupt data file, a wrong IDX magic number
/// or size: a clear message saying what was expected and how to fetch it"), and the fixture under
/// tests/fixtures/mnist (copied next to the test assembly).
module Kernels.Core.Tests.MnistDataTests

open System
open System.IO
open System.IO.Compression
open Xunit
open AssociativeKernels.Core

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

/// Bytes allocated on this thread while `f` runs.
let private allocatedBy (f: unit -> unit) =
    let before = GC.GetAllocatedBytesForCurrentThread()
    f ()
    GC.GetAllocatedBytesForCurrentThread() - before

/// The header of an unsigned-byte IDX file with these sizes, then `zeros` zero bytes, gzip-compressed as a stream
/// (nothing of that size is ever held in memory).
let private gzipHeaderAndZeros (dims: int[]) (zeros: int64) =
    use buffer = new MemoryStream()
    do
        use z = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen = true)
        let header = idxBytes 0x08uy dims [||]
        z.Write(header, 0, header.Length)
        let block = Array.zeroCreate<byte> (1 <<< 20)
        let mutable left = zeros
        while left > 0L do
            let n = int (min left (int64 block.Length))
            z.Write(block, 0, n)
            left <- left - int64 n
    buffer.ToArray()

[<Fact>]
let ``sizes whose product overflows 64 bits are rejected, not wrapped to zero`` () =
    // 16 × 2³⁰ × 2³⁰ = 2⁶⁴ bytes: a 64-bit product wraps to 0, which the empty payload would match.
    failsSaying (idxBytes 0x08uy [| 16; 1 <<< 30; 1 <<< 30 |] [||]) [ "truncated" ]
    failsSaying (idxBytes 0x08uy [| Int32.MaxValue; Int32.MaxValue; Int32.MaxValue |] [| 1uy |]) [ "truncated" ]
    let zeroSized = Idx.parse "test.idx" (idxBytes 0x08uy [| 1 <<< 30; 0; 1 <<< 30 |] [||])
    Assert.Empty(zeroSized.Data)

[<Fact>]
let ``a raw file that claims more data than it holds is refused before the data is allocated`` () =
    let path = Path.Combine(Path.GetTempPath(), sprintf "akern-idx-%O.idx" (Guid.NewGuid()))
    try
        File.WriteAllBytes(path, idxBytes 0x08uy [| 1; 1 <<< 15; 1 <<< 15 |] (Array.zeroCreate 100))
        let mutable message = ""
        let bytes = allocatedBy (fun () -> message <- (Assert.Throws<InvalidDataException>(fun () ->
            use file = File.OpenRead path
            Idx.readStream path file |> ignore)).Message)
        Assert.Contains("1073741824 data bytes", message)
        Assert.Contains("found 100 (the file is truncated)", message)
        Assert.True(bytes < (1L <<< 20), sprintf "allocated %d bytes" bytes)
    finally
        File.Delete path

[<Fact>]
let ``a gzip bomb is refused from its header without decompressing it`` () =
    // 9 × 2¹⁴ × 2¹⁴ = 2.25 GiB declared (more than one .NET array holds), the first 64 MiB of it present.
    let bomb = gzipHeaderAndZeros [| 9; 1 <<< 14; 1 <<< 14 |] (64L <<< 20)
    let mutable message = ""
    let bytes = allocatedBy (fun () -> message <- (Assert.Throws<InvalidDataException>(fun () -> Idx.parse "bomb.idx" bomb |> ignore)).Message)
    Assert.Contains("expected 2415919104 data bytes for dimensions 9 × 16384 × 16384", message)
    Assert.True(bytes < (4L <<< 20), sprintf "allocated %d bytes" bytes)

[<Fact>]
let ``a gzip file cannot claim more than deflate can expand it to`` () =
    // 2³⁰ bytes declared, 1 MiB present: about 1 KiB compressed, which expands to at most about 1 MiB.
    let packed = gzipHeaderAndZeros [| 1; 1; 1 <<< 30 |] (1L <<< 20)
    let mutable message = ""
    let bytes = allocatedBy (fun () -> message <- (Assert.Throws<InvalidDataException>(fun () -> Idx.parse "claim.idx" packed |> ignore)).Message)
    Assert.Contains(sprintf "a gzip file of %d bytes, which expands to at most" packed.Length, message)
    Assert.True(bytes < (4L <<< 20), sprintf "allocated %d bytes" bytes)

[<Fact>]
let ``extra data after a gzip payload is counted, not held`` () =
    // 12 bytes declared, 64 MiB present.
    let packed = gzipHeaderAndZeros [| 12 |] (64L <<< 20)
    let mutable message = ""
    let bytes = allocatedBy (fun () -> message <- (Assert.Throws<InvalidDataException>(fun () -> Idx.parse "extra.idx" packed |> ignore)).Message)
    Assert.Contains(sprintf "found %d (the file has extra bytes)" (64L <<< 20), message)
    Assert.True(bytes < (4L <<< 20), sprintf "allocated %d bytes" bytes)

[<Fact>]
let ``a file is looked for under its standard name, gzipped, and in the dotted variant, in that order`` () =
    Assert.Equal<string list>(
        [ "t10k-images-idx3-ubyte"; "t10k-images-idx3-ubyte.gz"; "t10k-images.idx3-ubyte"; "t10k-images.idx3-ubyte.gz" ],
        Mnist.candidateNames (fst (Mnist.fileNames MnistPart.Test)))
    Assert.Equal(("train-images-idx3-ubyte", "train-labels-idx1-ubyte"), Mnist.fileNames MnistPart.Training)

[<Fact>]
let ``labels outside 0 to 9 and image files of the wrong rank are rejected`` () =
    let labels = Assert.Throws<InvalidDataException>(fun () -> Mnist.labels "l.idx" (Idx.parse "l.idx" (idxBytes 0x08uy [| 3 |] [| 1uy; 12uy; 3uy |])) |> ignore)
    Assert.Contains("labels 0–9", labels.Message)
    Assert.Contains("label 12 at index 1", labels.Message)
    let images = Assert.Throws<InvalidDataException>(fun () -> Mnist.images "i.idx" (Idx.parse "i.idx" (idxBytes 0x08uy [| 12 |] (Array.zeroCreate 12))) |> ignore)
    Assert.Contains("3 dimensions", images.Message)

[<Fact>]
let ``a raw image stream and a gzipped label stream make one set, pixels value over 255`` () =
    use images = new MemoryStream(idxBytes 0x08uy [| 2; 1; 2 |] [| 0uy; 255uy; 51uy; 102uy |])
    use labels = new MemoryStream(gzip (idxBytes 0x08uy [| 2 |] [| 7uy; 0uy |]))
    let set = Mnist.readStreams "i.idx" images "l.idx.gz" labels
    Assert.Equal<float[][]>([| [| 0.0; 1.0 |]; [| 0.2; 0.4 |] |], set.Images)
    Assert.Equal<int[]>([| 7; 0 |], set.Labels)
    Assert.Equal((1, 2), (set.Rows, set.Columns))
    // one label per image
    use three = new MemoryStream(idxBytes 0x08uy [| 3 |] [| 1uy; 2uy; 3uy |])
    images.Position <- 0L
    let ex = Assert.Throws<InvalidDataException>(fun () -> Mnist.readStreams "i.idx" images "l3.idx" three |> ignore)
    Assert.Contains("2 labels, one per image of i.idx", ex.Message)

/// A stream that can only be read forward (as a network or pipe stream is).
type private ForwardOnly(bytes: byte[]) =
    inherit Stream()
    let inner = new MemoryStream(bytes)
    override _.CanRead = true
    override _.CanSeek = false
    override _.CanWrite = false
    override _.Length = raise (NotSupportedException())
    override _.Position with get () = raise (NotSupportedException()) and set _ = raise (NotSupportedException())
    override _.Flush() = ()
    override _.Read(buffer: byte[], offset: int, count: int) = inner.Read(buffer, offset, count)
    override _.Seek(_: int64, _: SeekOrigin) = raise (NotSupportedException())
    override _.SetLength(_: int64) = raise (NotSupportedException())
    override _.Write(_: byte[], _: int, _: int) = raise (NotSupportedException())

[<Fact>]
let ``a stream that cannot seek reads as its bytes do, raw or gzipped, truncation included`` () =
    for bytes in [ small; gzip small ] do
        let got = Idx.readStream "s.idx" (new ForwardOnly(bytes))
        Assert.Equal<int[]>([| 2; 2; 3 |], got.Dimensions)
        Assert.Equal<byte[]>(Array.init 12 byte, got.Data)
    let ex = Assert.Throws<InvalidDataException>(fun () -> Idx.readStream "cut.idx" (new ForwardOnly(small.[.. small.Length - 2])) |> ignore)
    Assert.Contains("the file is truncated", ex.Message)

[<Fact>]
let ``the fixture holds the first 500 MNIST test images with their labels`` () =
    let imageName, labelName = Mnist.fileNames MnistPart.Test
    use images = File.OpenRead(Path.Combine(fixture, imageName + ".gz"))
    use labels = File.OpenRead(Path.Combine(fixture, labelName + ".gz"))
    let set = Mnist.readStreams imageName images labelName labels
    Assert.Equal(500, set.Images.Length)
    Assert.Equal(500, set.Labels.Length)
    Assert.Equal((28, 28), (set.Rows, set.Columns))
    Assert.All(set.Images, fun image -> Assert.Equal(784, image.Length))
    Assert.All(set.Images |> Array.concat, fun p -> Assert.InRange(p, 0.0, 1.0))
    // The first labels of t10k-labels-idx1-ubyte (7 2 1 0 4 1 4 9 5 9), every digit present.
    Assert.Equal<int[]>([| 7; 2; 1; 0; 4; 1; 4; 9; 5; 9 |], set.Labels.[.. 9])
    Assert.Equal<int[]>([| 0 .. 9 |], set.Labels |> Array.distinct |> Array.sort)
    Assert.Equal(1.0, set.Images |> Array.concat |> Array.max)
