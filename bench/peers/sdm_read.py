"""sdm-read: one hypercube SDM read. Nphi random ±1 addresses, a slot is active when its address is within
Hamming distance r of the query (z·q ≥ N − 2r); M random ±1 patterns written auto-associatively (counters);
read = sign(sum of the active slots' counters), 0 where the field is 0. float64. flops 2·Nphi·N."""
import numpy as np
from common import parser, run

a = parser("sdm-read", [("Nphi", 10000, int), ("N", 256, int), ("r", 112, int), ("M", 100, int)]).parse_args()
rng = np.random.default_rng(1)
Z = np.where(rng.integers(0, 2, (a.Nphi, a.N)) == 0, -1.0, 1.0)
P = np.where(rng.integers(0, 2, (a.M, a.N)) == 0, -1.0, 1.0)
b = a.N - 2 * a.r
C = ((P @ Z.T) >= b).T.astype(np.float64) @ P   # counters: Nphi × N
q = np.where(rng.integers(0, 2, a.N) == 0, -1.0, 1.0)


def call():
    active = (Z @ q) >= b
    return np.sign(C[active].sum(axis=0))


run("sdm-read", {"Nphi": a.Nphi, "N": a.N, "r": a.r, "M": a.M}, call, 2 * a.Nphi * a.N, a.time)
