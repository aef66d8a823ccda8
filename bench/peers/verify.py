"""Checks the numpy peers against our outputs number for number.

Usage: verify.py DIR   (DIR written by `dotnet run -c Release --project bench/Kernels.Benchmarks -- verify DIR`;
bench/verify.sh runs both steps). Each DIR/CASE/ holds the inputs as .npy named after the peer's compute()
arguments, params.json {"case", "peer", "scalars"}, and our outputs ours*.npy. Each case is recomputed with
the peer's compute() (after its prepare(), if any) and every ours*.npy is compared with it; per case the script
prints the max absolute and relative difference, the max of |difference| / tolerance, and PASS or FAIL.
Exit status 0 only if every case passes.

Tolerances (derived, not tuned; u = the unit roundoff of the inputs' dtype, 2^-53 for float64, 2^-24 for
float32; γ_n = n·u / (1 − n·u) bounds the relative error of a sum of n + 1 terms in any order, FMA or not):

* bipolar-nearest, sdm-read, dam-async-sweep: integer arithmetic. ±1 overlaps, counters and the DAM field
  Σ_μ (ξ_i + r_μ)³ − (r_μ − ξ_i)³ are integers far below 2^24 (float32) and 2^53 (float64), so both sides
  compute them exactly: the outputs (indices, signs, states) must be EQUAL. An argmax tie is exact too and both
  sides take the lowest index, so there is no near-tie allowance.

* mchn-batch, mchn-single, manhattan-batch: z_j = Σ_μ w_μ x_μj, w = softmax(t), t_μ = β·sim(x_μ, q), with
  sim = x_μ·q (dot) or −Σ_k |x_μk − q_k| (Manhattan). Per query, to first order in u:
    scores      |δt_μ| ≤ Δ_μ = β·γ_{N+2}·S_μ, S_μ = Σ_k |x_μk q_k| (dot) or Σ_k |x_μk − q_k| (Manhattan)
                (N products or differences, N − 1 additions, the product with β);
    weights     |δw_μ| / w_μ ≤ ε = 2·(max_μ Δ_μ + u·max_μ |t_μ − max t| + 8u) + γ_{M+1} + 2·γ_M
                (a score error moves numerator and denominator; the shifted score t_μ − max t is rounded once;
                exp within 4 ulp = 8u; the M-term sum of the denominator; the division; a streaming softmax
                rescales numerator and denominator by the same rounded factor at most M times, one rounding each);
    projection  |δz_j| ≤ (ε + γ_M)·A_j, A_j = Σ_μ w_μ |x_μj|  (the M-term sum).
  Each side is within that bound of the exact value. Our fast path also skips, in the projection, rows whose
  weight is below u/M, moving z_j by at most 2u·max_μ |x_μj| (its stated bound, Facade/Fast/DenseRetrieval.cs).
  So |ours − peer| ≤ tol = 2·(ε + γ_M)·A_j + 2u·max_μ |x_μj|, computed in float64 from the inputs. When one
  side computes in float64 and the other in float32 (u = 2^-24, the inputs' dtype), the float32 bound counted
  twice covers both.
"""
import importlib, json, os, sys

import blas_env

blas_env.ensure()  # the peers check under the same OpenBLAS kernel rule as they time (blas_env.py)

import numpy as np


def softmax_tolerance(X, Q, beta, manhattan):
    """tol (Q×N) of the module docstring for Z = softmax(β·sim(X, q)) X, each row a query."""
    u = np.finfo(X.dtype).eps / 2
    g = lambda n: n * u / (1 - n * u)
    X, Q = X.astype(np.float64), np.atleast_2d(Q).astype(np.float64)
    M, N = X.shape
    if manhattan:
        S = np.abs(X[None, :, :] - Q[:, None, :]).sum(axis=2)
        t = -beta * S
    else:
        S = np.abs(Q) @ np.abs(X).T
        t = beta * (Q @ X.T)
    shifted = t - t.max(axis=1, keepdims=True)
    W = np.exp(shifted)
    W /= W.sum(axis=1, keepdims=True)
    eps = 2 * (beta * g(N + 2) * S.max(axis=1) + u * np.abs(shifted).max(axis=1) + 8 * u) + g(M + 1) + 2 * g(M)
    return 2 * (eps + g(M))[:, None] * (W @ np.abs(X)) + 2 * u * np.abs(X).max(axis=0)


def tolerance(peer, inputs):
    """The tolerance of each output entry: 0 (exact) for the integer cases."""
    if peer in ("mchn_batch", "mchn_single"):
        return softmax_tolerance(inputs["X"], inputs.get("Q", inputs.get("q")), inputs["beta"], False)
    if peer == "manhattan_batch":
        return softmax_tolerance(inputs["X"], inputs["Q"], inputs["beta"], True)
    return 0.0


def check(folder):
    """Recomputes one case with its peer; prints one line per ours*.npy; True if all pass."""
    with open(os.path.join(folder, "params.json")) as f:
        meta = json.load(f)
    peer = importlib.import_module(meta["peer"])
    files = sorted(n for n in os.listdir(folder) if n.endswith(".npy"))
    inputs = {n[:-4]: np.load(os.path.join(folder, n)) for n in files if not n.startswith("ours")}
    inputs.update(meta["scalars"])
    args = peer.prepare(**inputs) if hasattr(peer, "prepare") else inputs
    expected = np.asarray(peer.compute(**args), dtype=np.float64)
    tol = np.broadcast_to(tolerance(meta["peer"], inputs), np.shape(np.atleast_2d(expected))).reshape(expected.shape)
    ok = True
    for name in (n for n in files if n.startswith("ours")):
        ours = np.load(os.path.join(folder, name)).astype(np.float64).reshape(expected.shape)
        diff = np.abs(ours - expected)
        nonzero = expected != 0
        rel = (diff[nonzero] / np.abs(expected[nonzero])).max(initial=0.0)
        worst = (diff / tol).max() if np.any(tol > 0) else (0.0 if not diff.any() else np.inf)
        passed = bool(np.all(diff <= tol))
        ok &= passed
        print(f"{meta['case']:<20} {name:<15} shape {str(expected.shape):<10} max|Δ| {diff.max():.3g}  max rel {rel:.3g}  "
              f"{'exact required' if not np.any(tol > 0) else f'max|Δ|/tol {worst:.3g} (tol ≤ {tol.max():.3g})'}  "
              f"{'PASS' if passed else 'FAIL'}")
        if not passed and not np.any(tol > 0):
            bad = np.flatnonzero(diff.ravel())[:5]
            print(f"  first differing entries {bad.tolist()}: ours {ours.ravel()[bad].tolist()} peer {expected.ravel()[bad].tolist()}")
    return ok


def main(directory, peer=None):
    """Checks every case in directory (only those of module `peer` if given); returns the exit status."""
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    folders = sorted(os.path.join(directory, d) for d in os.listdir(directory)
                     if os.path.isfile(os.path.join(directory, d, "params.json")))
    if peer is not None:
        folders = [f for f in folders if json.load(open(os.path.join(f, "params.json")))["peer"] == peer]
    if not folders:
        print(f"no cases{' of ' + peer if peer else ''} in {directory}")
        return 1
    results = [check(f) for f in folders]
    print(f"{sum(results)} of {len(results)} cases PASS")
    return 0 if all(results) else 1


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1]))
