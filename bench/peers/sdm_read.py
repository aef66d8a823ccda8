"""sdm-read: one hypercube SDM read. Nphi ±1 addresses Z; a slot is active when its address is within Hamming
distance r of the query (z·q ≥ b = N − 2r). prepare() writes the M ±1 patterns P auto-associatively (counters
C = [P Zᵀ ≥ b]ᵀ P, Nphi × N); the timed read = sign(sum of the active slots' counters), 0 where the field is 0.
float64. flops 2·Nphi·N."""
import numpy as np
from common import bipolar, main

FLAGS = [("Nphi", 10000, int), ("N", 256, int), ("r", 112, int), ("M", 100, int)]


def make(a, rng):
    Z = bipolar(rng, (a.Nphi, a.N))
    P = bipolar(rng, (a.M, a.N))
    return {"Z": Z, "P": P, "q": bipolar(rng, a.N), "r": a.r}


def prepare(Z, P, q, r):
    b = Z.shape[1] - 2 * r
    return {"Z": Z, "C": ((P @ Z.T) >= b).T.astype(np.float64) @ P, "q": q, "b": b}


def compute(Z, C, q, b):
    active = (Z @ q) >= b
    return np.sign(C[active].sum(axis=0))


if __name__ == "__main__":
    main("sdm-read", FLAGS, make, compute, lambda a: 2 * a.Nphi * a.N, prepare)
