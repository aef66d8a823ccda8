"""bipolar-nearest: for each ±1 query the index of the stored ±1 pattern with the largest overlap (first on ties),
as numpy users do it: float32 ±1 matrices and one sgemm (exact: integers below 2^24), then argmax. flops 2·M·N·Q."""
import numpy as np
from common import bipolar, main

FLAGS = [("M", 100000, int), ("N", 1024, int), ("Q", 256, int)]


def make(a, rng):
    return {"X": bipolar(rng, (a.M, a.N), np.float32), "Q": bipolar(rng, (a.Q, a.N), np.float32)}


def compute(X, Q):
    return np.argmax(Q @ X.T, axis=1)


if __name__ == "__main__":
    main("bipolar-nearest", FLAGS, make, compute, lambda a: 2 * a.M * a.N * a.Q)
