/// The numeric tolerances of the theorem checks (SPEC T1–T12 and the user checks of UserTheorems), each with
/// where it comes from. None was tuned against the implementation: each is derived from the size of the terms a
/// double-precision evaluation adds, from an accuracy a contract states, or (for Monte-Carlo claims) from the
/// false-failure probability it allows. This is their one home: the test project's Tolerances module refers here.
[<RequireQualifiedAccess>]
module AssociativeKernels.Core.TheoremTolerance

/// Unit roundoff of IEEE double, 2^-52 (machine epsilon).
let eps = 2.220446049250313e-16

/// γ_m = m·ε/(1 − m·ε): the classic bound on the relative error of a sum or dot product of m terms,
/// |fl(Σ a_i) − Σ a_i| ≤ γ_m Σ|a_i| (Higham, Accuracy and Stability of Numerical Algorithms, §3.1).
let gamma (m: int) = float m * eps / (1.0 - float m * eps)

/// Rounding floor for the eigenvalues of a computed symmetric M×M matrix whose entries are at most `maxAbs` in
/// magnitude and carry a relative error of at most `entryError` each. Weyl's inequality bounds the effect of the
/// entry errors by ‖E‖₂ ≤ M·entryError·maxAbs; a backward-stable symmetric eigensolver adds at most
/// p(M)·ε·‖A‖₂ ≤ p(M)·ε·M·maxAbs, with p(M) = 64·M a generous form of the LAPACK dsyev constant.
let eigenvalueFloor (m: int) (maxAbs: float) (entryError: float) =
    (entryError + 64.0 * float m * eps) * float m * maxAbs

/// Relative error of a kernel entry computed directly in double from a few arithmetic operations and one
/// exp/pow on inputs of dimension ≤ 33: γ_(N+4) plus a few ulps, rounded up.
let directKernelEntry = 1e-13

/// Relative error assumed for one entry of a user's kernel (UserTheorems): the library cannot see how it is
/// computed, so it allows 10× directKernelEntry — γ_m for sums of up to m ≈ 4500 terms plus a few ulps of an
/// exp or pow. Used for the symmetry check (|k(x, y) − k(y, x)| ≤ 2·userKernelEntry·max(|k(x, y)|, |k(y, x)|),
/// each side erring by at most userKernelEntry) and as the entry error of the Gram eigenvalue floor.
let userKernelEntry = 1e-12

/// Number of standard errors a Monte-Carlo estimate may stray from its mean (T2): P(|Z| > 5) ≈ 5.7e-7 per
/// case, so a false failure over a 100-case run has probability < 1e-4.
let monteCarloSigmas = 5.0

/// A ln value that is the sum of a few terms of size |ln| (T11's capacity comparisons): 16 ulps of 1 + |ln|.
let lnSum (ln: float) = 16.0 * eps * (1.0 + abs ln)

/// T8 (dense memory): an energy E = −Σ_μ F(o_μ) of a ±1 state has exact integer overlaps o_μ and K values of F
/// each within one ulp (pow/exp), summed with relative error γ_K; two energies are compared, so the computed
/// difference may be off by (γ_K + ε)(Σ|F(o)| + Σ|F(o′)|) — all that may show as an "increase" when the true
/// change is 0 (a tie, or rounding in the Eq. 4 sum).
let denseEnergyComparison (k: int) (sumAbsBefore: float) (sumAbsAfter: float) =
    (gamma k + eps) * (sumAbsBefore + sumAbsAfter)

/// Energy of a user's memory (UserTheorems): an energy computed in double as a sum of up to m ≈ 4.5·10⁶ terms
/// carries at most γ_m ≈ 1e-9 of the sum of their magnitudes; not knowing those magnitudes, the check allows
/// 1e-9·(|E(s)| + |E(s′)|) + 1e-12 (the last for energies that are exactly 0) between two consecutive states.
let userEnergy (before: float) (after: float) = 1e-9 * (abs before + abs after) + 1e-12

/// A user's memory keeps a real-valued stored pattern fixed when one step moves no component by more than
/// 1e-9·(1 + max|ξ_i|): a retrieval is a sum of K terms through a kernel or a softmax, rounding γ_K relative per
/// term, and a pseudoinverse may amplify that by its condition number; 1e-9 allows κ·γ_K up to ~10⁶·K·ε.
/// ±1 patterns of sign-output memories must come back exactly.
let userFixedPoint (maxAbs: float) = 1e-9 * (1.0 + maxAbs)

/// Fixed-point error of X K^† K(X, ξ) (T6): each of M kernel entries carries a relative error
/// ≤ directKernelEntry, amplified by the pseudoinverse by at most κ = σ_max/σ_min⁺ (the condition of K on its
/// range), summed over M terms of size ≤ max|ξ|: M·κ·(directKernelEntry + 64·M·ε)·max|ξ|.
let pseudoinverseFixedPoint (m: int) (kappa: float) (maxAbs: float) =
    float m * kappa * (directKernelEntry + 64.0 * float m * eps) * max 1.0 maxAbs

/// Fixed-point error of X K^† K(X, ξ) from the singular values K^† drops (below cutoff·σ_max, T6): with
/// X = Wᵀ Φ for a linear read-out W of the features (‖W‖ = c), the lost part is X V_d = Wᵀ Φ V_d and
/// ‖Φ V_d‖₂ = √σ_d ≤ √(cutoff·σ_max), so each component moves by at most c·√(cutoff·σ_max).
let pseudoinverseTruncation (readout: float) (cutoff: float) (sigmaMax: float) = readout * sqrt (cutoff * sigmaMax)

/// KKT residuals of a trained hard-margin SVM (T7): the M7 contract, "the KKT conditions hold to 1e-6".
let svmKkt = 1e-6

/// Margin loss of a near-KKT solution (T7). If every y_μ f(x_μ) ≥ 1 − εp and ‖w‖² ≤ (1 + εc)Σα, then
/// γ ≥ (1 − εp)/‖w‖, and weak duality 1/(2γ*²) ≥ Σα − ½‖w‖² ≥ ‖w‖²(1 − εc)/(2(1 + εc)) gives
/// γ ≥ γ*(1 − εp)√((1 − εc)/(1 + εc)) ≥ γ*(1 − εp)(1 − εc). For the SVM with threshold,
/// ‖w‖² = Σ α (y f) + θ Σ α y, so εc = (M·complementarity + |θ|·equality residual)·max(1, Σα)/Σα (the
/// residuals are reported relative to max(1, Σα)); for the Adatron (no threshold, |y h − 1| ≤ ε where α > 0)
/// εp = εc = ε.
let marginFactor (epsPrimal: float) (epsNorm: float) = (1.0 - epsPrimal) * (1.0 - epsNorm)

/// Rounding in a computed margin min_μ y h_μ/‖w‖ relative to its size (T7): h_μ sums M terms and ‖w‖² sums M²
/// (Higham's γ_m), and the square root and division add ulps; 4·γ_{M²+M} covers the two computations that are
/// compared when the optimum is the one-shot rule itself (all α equal).
let marginRounding (m: int) = 4.0 * gamma (m * m + m)

/// Rounding of an energy E(v) = ½vᵀv − L_h(M v) (UHN Eq. 4) computed in double: each score h_μ = ξ^μ·v
/// carries at most γ_N Σ_i |ξ_i v_i| =: γ_N a_μ (Higham §3.1), which moves L_h by |∂L_h/∂h_μ| γ_N a_μ =
/// |sep(h)_μ| γ_N a_μ to first order; ½vᵀv and L_h's own sum of K terms add γ_(N+K+8) times the sum of the
/// magnitudes of their terms (`scale` = ½vᵀv + Σ_μ |sep(h)_μ| a_μ + Σ_μ |ℓ_μ|, Claims.energyScale).
/// Two energies are compared, so the difference may carry both errors.
let energyDifference (n: int) (k: int) (scaleBefore: float) (scaleAfter: float) =
    gamma (n + k + 8) * (scaleBefore + scaleAfter)

/// One softmax retrieval computed two ways (UHN with dot + softmax, and the modern Hopfield update or LAM model B):
/// each logit β ξ^μ·q carries β γ_N a_μ (a_μ = Σ_i |ξ_i q_i|), log-sum-exp adds γ_(K+4) relative, so a
/// weight w_μ is off by at most w_μ (2 β γ_N max_μ a_μ + γ_(K+4)); the projection Σ_μ w_μ p_i^μ adds
/// γ_K Σ_μ w_μ |p_i^μ|. Both sides may err, hence the factor 2.
let softmaxRetrieval (n: int) (k: int) (beta: float) (maxA: float) (weightedAbs: float) =
    2.0 * (2.0 * beta * gamma n * maxA + gamma (k + 4) + gamma k) * weightedAbs + 4.0 * eps * weightedAbs

/// The local error allowance of one accepted Dormand–Prince step, per component. An accepted step has
/// RMS error norm ≤ 1, i.e. sqrt((1/d) Σ (e_i/sc_i)²) ≤ 1 with sc_i = atol + rtol·max(|y_i|, |y_new_i|),
/// so every |e_i| ≤ √d · sc_i. e is the difference between the 5th- and 4th-order solutions; the
/// propagated 5th-order solution's own local error is at most this estimate (the standing assumption
/// of local extrapolation, HNW I §II.4: it is O(h⁶) against the estimate's O(h⁵)).
let odeLocalError (d: int) (atol: float) (rtol: float) (yOld: float) (yNew: float) =
    sqrt (float d) * (atol + rtol * max (abs yOld) (abs yNew))

/// T8 for the LAM ODE. Along the exact flow φ the energy cannot rise (LAM Eq. 4), so an accepted step
/// y_n → y_{n+1} = φ_h(y_n) + δ can raise E by at most ∇E·δ ≤ Σ_i |∂E/∂y_i| · |δ_i| (first order in the
/// local error δ, whose components odeLocalError bounds; the second-order term ½ δᵀ∇²E δ is O(tol²)),
/// plus the rounding of the two energy evaluations: each adds ~m terms of magnitude ≤ `scale`
/// (the sum of the magnitudes of Eq. 2's terms), γ_m · scale with m = N_f·N_h + N_f + N_h + 16 (the
/// extra 16 for the few ulps of each exp/log/tanh inside the Lagrangians), twice.
let energyStepAllowance (gradient: float[]) (localError: float[]) (m: int) (scale: float) =
    Array.fold2 (fun s g e -> s + abs g * e) 0.0 gradient localError + 2.0 * gamma (m + 16) * scale
