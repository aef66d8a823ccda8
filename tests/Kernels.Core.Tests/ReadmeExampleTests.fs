/// The README's F# example: ReadmeExample.fs holds it verbatim; this checks the copy against the README's text
/// and its values against independent ones.
module Kernels.Core.Tests.ReadmeExampleTests

open System
open System.IO
open Xunit

let private repositoryRoot () =
    let rec up (dir: DirectoryInfo | null) =
        match dir with
        | null -> failwithf "AssociativeKernels.sln not found above %s" AppContext.BaseDirectory
        | d when File.Exists(Path.Combine(d.FullName, "AssociativeKernels.sln")) -> d.FullName
        | d -> up d.Parent
    up (DirectoryInfo AppContext.BaseDirectory)

let private between (lines: string[]) (start: string) (finish: string) =
    let from = (lines |> Array.findIndex (fun l -> l.Trim() = start)) + 1
    let until = lines |> Array.findIndexBack (fun l -> l.Trim() = finish)
    lines.[from .. until - 1]

[<Fact>]
let ``the README's F# example is the code the tests compile`` () =
    let root = repositoryRoot ()
    let readme = File.ReadAllLines(Path.Combine(root, "README.md"))
    let fromFsharp = readme |> Array.findIndex (fun l -> l = "## From F#")
    let rest = readme.[fromFsharp ..]
    let open' = rest |> Array.findIndex (fun l -> l = "```fsharp")
    let close = open' + 1 + (rest.[open' + 1 ..] |> Array.findIndex (fun l -> l = "```"))
    let copy = between (File.ReadAllLines(Path.Combine(root, "tests", "Kernels.Core.Tests", "ReadmeExample.fs"))) "// ---- README ----" "// ---- end ----"
    Assert.Equal<string[]>(rest.[open' + 1 .. close - 1], copy)

[<Fact>]
let ``the README's F# example gives what its comments say`` () =
    Assert.True(ReadmeExample.lower.Ln > 20000.0)
    // C8 at N = 40, σ² = 0.2: the Monte-Carlo mean of the Fig. E.1 process is 84.24 ± 0.33 (C8TightTests' table).
    Assert.InRange(exp ReadmeExample.tight.Ln, 84.24 * 0.97, 84.24 * 1.03)
    Assert.Equal(-846.4, ReadmeExample.k6.Ln, 1)
    // 1.5-entmax at β = 2 from (1, 0.2): scores (1, 0.2), gap 0.8 below m/β = 2/2; the two-entry closed form
    // p₁ = ((z/2 + √(2 − z²/4))/2)² at z = β·0.8 = 1.6
    Assert.False(AssociativeKernels.Core.SparseModernHopfield.retrievesExactly ReadmeExample.sparse 0 [| 1.0; 0.2 |])
    let p1 = ((0.8 + sqrt (2.0 - 0.64)) / 2.0) ** 2.0
    Assert.Equal(p1, (AssociativeKernels.Core.SparseModernHopfield.weights ReadmeExample.sparse [| 1.0; 0.2 |]).[0], 12)
