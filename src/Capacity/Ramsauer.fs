/// SPEC C9 (issue 15): the storage capacity of the modern Hopfield network for random patterns on a
/// sphere — Ramsauer et al., "Hopfield Networks is All You Need" (ICLR 2021), Theorem 3.
///
/// The theorem's setting: N patterns drawn uniformly on the sphere of radius M = K√(d − 1) in R^d, the
/// update ξ_new = X softmax(β Xᵀ ξ), and "stored" meaning every pattern is well separated, so that a
/// fixed point lies near each one (their Theorem 2). For a failure probability 0 < p ≤ 1 it defines
///   a = 2/(d − 1) · (1 + ln(2βK²p(d − 1))),  b = 2K²β/5,  c = b / W₀(exp(a + ln b)),
/// and, provided c ≥ (2/√p)^{4/(d−1)}, states that with probability 1 − p the number of patterns that
/// can be stored is N ≥ √p · c^{(d−1)/4}.
/// The paper's text is not reachable from this project; the forms above are the theorem as we recall
/// it, and the theorem's two worked examples pin the convention: c ≥ 3.1546 at β = 1, K = 3, d = 20,
/// p = 0.001 (a + ln b > 1.27) and c ≥ 1.3718 at β = 1, K = 1, d = 75, p = 0.001 (a + ln b < −0.94),
/// both reproduced by this module (tests/Kernels.Core.Tests/ExponentialCapacityTests.fs).
[<RequireQualifiedAccess>]
module AssociativeKernels.Core.Ramsauer

open System
open AssociativeKernels.Core.SpecialFunctions

let private dP = Formula.whole "d" 2
let private betaP = Formula.positive "beta"
let private kP = Formula.positive "K"
let private pP = Formula.parameter "pfail" "(0, 1]" (fun name _ x -> Validate.openClosed name 0.0 1.0 x)

let private info : FormulaInfo =
    { Id = "ramsauer-storage"
      Equation = "Ramsauer et al. 2021, Theorem 3 (N ≥ √p c^{(d−1)/4}, c = b/W₀(exp(a + ln b)))"
      Kind = "lower bound on the patterns stored, with probability ≥ 1 − p"
      Summary = "modern Hopfield storage capacity for well-separated random patterns on the sphere of radius K√(d−1)"
      Parameters = [ dP; betaP; kP; pP ]
      Regime = "the theorem's hypothesis c ≥ (2/√p)^{4/(d−1)}; in range exactly when it holds (then the bound is ≥ 2)" }

/// ln c of Theorem 3: c = b / W₀(exp(a + ln b)), a = 2/(d − 1)·(1 + ln(2βK²p(d − 1))), b = 2K²β/5, in
/// log space (W₀ of e^{a + ln b} without forming the exponential, SpecialFunctions.lambertW0OfExp).
/// d ≥ 2, β > 0, K > 0, 0 < p ≤ 1.
[<CompiledName("LogC")>]
let logC (d: int) (beta: float) (k: float) (pfail: float) : float =
    Validate.atLeast "d" 2 d
    Validate.positive "beta" beta
    Validate.positive "K" k
    Validate.openClosed "pfail" 0.0 1.0 pfail
    let dm1 = float (d - 1)
    let lnK2Beta = 2.0 * Math.Log k + Math.Log beta // ln(K²β), no overflow of K²β itself
    let a = 2.0 / dm1 * (1.0 + Math.Log 2.0 + lnK2Beta + Math.Log pfail + Math.Log dm1)
    let lnB = Math.Log 0.4 + lnK2Beta
    let s = a + lnB
    // ln W₀(e^s): where e^s is tiny, W₀(x) = x − x² + O(x³), so ln W₀ = s − e^s + O(e^{2s}) (W₀ itself underflows).
    let lnW = if s < -30.0 then s - Math.Exp s else Math.Log(lambertW0OfExp s)
    lnB - lnW

/// Theorem 3 of Ramsauer et al. (2021): with probability at least 1 − p, N ≥ √p · c^{(d−1)/4} random
/// patterns on the sphere of radius K√(d − 1) in dimension d are stored (each a well-separated fixed
/// point of ξ ← X softmax(β Xᵀ ξ)). Returned in log space, ln N = ½ ln p + (d − 1)/4 · ln c; in range
/// when the theorem's condition c ≥ (2/√p)^{4/(d−1)} holds. d ≥ 2, β > 0, K > 0, 0 < p ≤ 1 (the symbol pfail).
[<CompiledName("Storage")>]
let storage (d: int) (beta: float) (k: float) (pfail: float) : Bound =
    let lnC = logC d beta k pfail
    let dm1 = float (d - 1)
    let holds = lnC >= 4.0 / dm1 * (Math.Log 2.0 - 0.5 * Math.Log pfail)
    Bound.make info holds (Magnitude.Ln(0.5 * Math.Log pfail + dm1 / 4.0 * lnC))

/// C9 in the registry.
[<CompiledName("StorageFormula")>]
let storageFormula =
    Formula.make info (fun a -> storage (Formula.intArg a "d") a.["beta"] a.["K"] a.["pfail"])
