"""dam-async-sweep: one asynchronous sweep of DAM Eq. 4 over neurons 0..N−1 from s0, with F(x) = x³ and the K ±1
patterns X (rows): σ_i ← sign Σ_μ [F(ξ_i + r_μ) − F(−ξ_i + r_μ)], r_μ = Σ_{j≠i} ξ_j σ_j, a tie keeping σ_i. Each
update recomputes the K overlaps (as Eq. 4 is written and the reference does): flops 2·K·N²."""
import numpy as np
from common import bipolar, main

FLAGS = [("K", 100, int), ("N", 256, int)]


def make(a, rng):
    return {"X": bipolar(rng, (a.K, a.N)), "s0": bipolar(rng, a.N)}


def compute(X, s0):
    s = s0.copy()
    for i in range(s.shape[0]):
        xi = X[:, i]
        rest = X @ s - xi * s[i]
        d = ((xi + rest) ** 3 - (rest - xi) ** 3).sum()
        if d > 0:
            s[i] = 1.0
        elif d < 0:
            s[i] = -1.0
    return s


if __name__ == "__main__":
    main("dam-async-sweep", FLAGS, make, compute, lambda a: 2 * a.K * a.N * a.N)
