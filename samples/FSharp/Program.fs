// AssociativeKernels from F#, written as a user of the packages writes it: capacity bounds and retrieval under
// noise with the F# core (AssociativeKernels.Core), a float32 batch and .npy files with the C# API
// (AssociativeKernels). Each section checks what the models guarantee; the program exits 1 if one check fails.
open System
open System.IO
open AssociativeKernels.Core

let mutable failures = 0
let check ok (what: string) =
    printfn "  %s: %s" (if ok then "ok" else "FAILED") what
    if not ok then failures <- failures + 1

/// m = ξ·s / N: 1 for the pattern itself, about 0 for an unrelated one.
let overlap (pattern: float[]) (state: float[]) = Array.fold2 (fun acc p s -> acc + p * s) 0.0 pattern state / float pattern.Length

// 1. Capacity bounds: closed forms with the paper's equation, in log space (Ln) so that N = 10⁶ works.
printfn "Capacity bounds"
let classical = Hopfield.classical 100
printfn "  classical Hopfield, N = 100: %.1f patterns (%s)" (exp classical.Ln) classical.Equation
let dense = Dam.noErrorCapacity 3 100
printfn "  dense memory F(x) = x³, N = 100: %.1f patterns (%s)" (exp dense.Ln) dense.Equation
let expBeta = ExpBeta.gaussianLower 1_000_000 0.3
printfn "  Exp-β network, Gaussian patterns, N = 10⁶: ln M ≥ %.1f (in range: %b)" expBeta.Ln expBeta.InRange
check (abs (exp classical.Ln - 13.8) < 0.1) "the classical capacity is 0.138 N"

// 2. Store random ±1 patterns, flip 15% of one pattern's bits, retrieve it.
let dimension, count, flips = 200, 10, 30
let random = Random 7
let patterns = Array.init count (fun _ -> Array.init dimension (fun _ -> if random.Next 2 = 0 then -1.0 else 1.0))
let stored = patterns.[0]
let noisy = Array.copy stored
for i in Array.init dimension id |> Array.sortBy (fun _ -> random.Next()) |> Array.truncate flips do
    noisy.[i] <- -noisy.[i]

printfn "Retrieval: %d patterns of N = %d, %d bits of pattern 0 flipped (overlap %.2f)" count dimension flips (overlap stored noisy)
let hopfield = HopfieldNetwork.create HopfieldRule.Hebbian patterns
let run = HopfieldNetwork.iterateSynchronous hopfield 100 noisy
printfn "  Hopfield (Hebbian): %A after %d steps, overlap %.2f" run.Ending run.Steps (overlap stored run.State)
check (run.Ending = Converged && overlap stored run.State = 1.0) "the Hopfield network restores the pattern"
let modern = ModernHopfield.create 0.1 patterns
let answer = ModernHopfield.retrieve modern noisy
printfn "  modern Hopfield (β = 0.1), one step: overlap %.4f" (overlap stored answer)
check (overlap stored answer > 0.999) "the modern Hopfield network restores the pattern in one step"

// 3. A batch of float32 queries through the C# API: 100 noisy copies of stored Gaussian patterns, at once.
let stored32, width, queries = 500, 64, 100
let gaussian () = sqrt (-2.0 * log (1.0 - random.NextDouble())) * cos (2.0 * Math.PI * random.NextDouble())
let memories = Array2D.init stored32 width (fun _ _ -> float32 (gaussian ()))
let batch = Array2D.init queries width (fun q i -> memories.[q, i] + float32 (0.3 * gaussian ()))
let network32 = AssociativeKernels.ModernHopfieldNetwork.Create(memories, beta = 1.0)
let answers = network32.RetrieveBatch batch
let worst = Seq.max (seq { for q in 0 .. queries - 1 do for i in 0 .. width - 1 -> abs (answers.[q, i] - memories.[q, i]) })
printfn "Float batch: %d queries against %d patterns of N = %d, largest |answer − pattern| = %.1e" queries stored32 width worst
check (worst < 1e-3f) "every query retrieves the pattern it is a noisy copy of"

// 4. .npy files (numpy's np.load reads them) in a temporary folder, deleted afterwards.
let folder = Path.Combine(Path.GetTempPath(), "associative-kernels-sample-" + Guid.NewGuid().ToString "N")
Directory.CreateDirectory folder |> ignore
try
    let matrixPath, vectorPath = Path.Combine(folder, "answers.npy"), Path.Combine(folder, "noisy.npy")
    AssociativeKernels.Npy.Write(matrixPath, answers)
    AssociativeKernels.Npy.Write(vectorPath, noisy)
    let answersBack = AssociativeKernels.Npy.ReadMatrixSingle matrixPath
    let noisyBack = AssociativeKernels.Npy.ReadVector vectorPath
    printfn ".npy: wrote and read back a %d×%d float32 matrix (%d bytes) and a vector of %d"
        (Array2D.length1 answersBack) (Array2D.length2 answersBack) (FileInfo matrixPath).Length noisyBack.Length
    check (answersBack = answers && noisyBack = noisy) "both come back bit for bit"
finally
    Directory.Delete(folder, true)

printfn "%s" (if failures = 0 then "All checks passed." else sprintf "%d check(s) FAILED." failures)
exit (if failures = 0 then 0 else 1)
