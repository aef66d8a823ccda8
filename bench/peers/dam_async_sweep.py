"""dam-async-sweep: one asynchronous sweep of DAM Eq. 4 over neurons 0..N−1 with F(x) = x³ and K ±1
patterns: σ_i ← sign Σ_μ [F(ξ_i + r_μ) − F(−ξ_i + r_μ)], r_μ = Σ_{j≠i} ξ_j σ_j, a tie keeping σ_i. Each update
recomputes the K overlaps (as Eq. 4 is written and the reference does): flops 2·K·N²."""
import numpy as np
from common import parser, run

a = parser("dam-async-sweep", [("K", 100, int), ("N", 256, int)]).parse_args()
rng = np.random.default_rng(1)
X = np.where(rng.integers(0, 2, (a.K, a.N)) == 0, -1.0, 1.0)
s0 = np.where(rng.integers(0, 2, a.N) == 0, -1.0, 1.0)


def call():
    s = s0.copy()
    for i in range(a.N):
        xi = X[:, i]
        rest = X @ s - xi * s[i]
        d = ((xi + rest) ** 3 - (rest - xi) ** 3).sum()
        if d > 0:
            s[i] = 1.0
        elif d < 0:
            s[i] = -1.0
    return s


run("dam-async-sweep", {"K": a.K, "N": a.N}, call, 2 * a.K * a.N * a.N, a.time)
