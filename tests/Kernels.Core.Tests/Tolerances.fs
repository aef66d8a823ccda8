/// Every tolerance the core tests use, with where it comes from (STYLE.md rule 15).
module Kernels.Core.Tests.Tolerances

/// Unit roundoff of IEEE double, 2^-52 (machine epsilon).
let eps = 2.220446049250313e-16

/// γ_m = m·ε/(1 − m·ε): the classic bound on the relative error of a sum or dot product of m terms,
/// |fl(Σ a_i) − Σ a_i| ≤ γ_m Σ|a_i| (Higham, Accuracy and Stability, §3.1).
let gamma (m: int) = float m * eps / (1.0 - float m * eps)

/// Rounding floor for the eigenvalues of a computed symmetric M×M matrix whose entries are at most
/// `maxAbs` in magnitude and carry a relative error of at most `entryError` each. Weyl's inequality
/// bounds the effect of the entry errors by ‖E‖₂ ≤ M·entryError·maxAbs; a backward-stable symmetric
/// eigensolver adds at most p(M)·ε·‖A‖₂ ≤ p(M)·ε·M·maxAbs, with p(M) = 64·M a generous form of the
/// LAPACK dsyev constant.
let eigenvalueFloor (m: int) (maxAbs: float) (entryError: float) =
    (entryError + 64.0 * float m * eps) * float m * maxAbs

/// Relative error of a kernel entry computed directly in double from a few arithmetic operations and
/// one exp/pow on inputs of dimension ≤ 33: γ_(N+4) plus a few ulps, rounded up.
let directKernelEntry = 1e-13

/// Relative error of an SDM hypercube kernel entry: a log-sum-exp of ln C(n, k) values from lnΓ, whose
/// absolute error is ≈ ε·n ln n (≤ 1e-13 for n ≤ 100), turned into a relative error by exp.
let sdmHypercubeEntry = 1e-12

/// Number of standard errors a Monte-Carlo estimate may stray from its mean in a property checked on
/// ~100 cases: P(|Z| > 5) ≈ 5.7e-7 per case, so a false failure has probability < 1e-4 per run.
let monteCarloSigmas = 5.0

/// KMN's K6 exact is a quadrature (tanh-sinh, convergence tolerance 1e-12) composed with log-space
/// incomplete beta values (~1e-14 each); the issue asks for 1e-8 relative or better, which is what is
/// asserted against independent values.
let quadratureRelative = 1e-8

/// Relative error of a K6 exact entry, as stated and tested (quadratureRelative).
let sdmHypersphereEntry = quadratureRelative
