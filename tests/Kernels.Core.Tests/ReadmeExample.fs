/// The README's F# example (the block under "From F#"), verbatim, as a user's Program.fs holds it;
/// ReadmeExampleTests checks that this text and the README's are the same and reads its values.
module ReadmeExample

// ---- README ----
open AssociativeKernels.Core

let lower = ExpBeta.gaussianLower 1_000_000 0.3          // KMN Eq. 87, in log space
printfn "%s: ln M ≥ %g (in range: %b)" lower.Equation lower.Ln lower.InRange
let tight = ExpBetaTight.gaussian 40 0.2                 // C8: mean capacity, latent mean field over ‖ξ‖
printfn "%s: %.1f patterns" tight.Equation (exp tight.Ln)
let k6 = SdmKernel.hypersphereExact 1000 0.9 0.99        // KMN Eq. 17, ln ≈ −846.4
printfn "K6: ln K = %.1f" k6.Ln
let sparse = SparseModernHopfield.create (SimplexMap.Entmax 1.5) 2.0 [| [| 1.0; 0.0 |]; [| 0.0; 1.0 |] |]
printfn "1.5-entmax weights %A, exact: %b" (SparseModernHopfield.weights sparse [| 1.0; 0.2 |])
    (SparseModernHopfield.retrievesExactly sparse 0 [| 1.0; 0.2 |])   // gap 0.8 < m/β = 1: not exact
// ---- end ----
