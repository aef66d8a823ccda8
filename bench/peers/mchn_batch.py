"""mchn-batch: Z = softmax(beta Q Xᵀ) X for Q queries (rows), i.e. Xᵀ softmax(beta X q) per query, computed in
the dtype of X and Q (f32: sgemm, f64: dgemm). flops 4·M·N·Q."""
import numpy as np
from common import main, softmax_rows

FLAGS = [("M", 16384, int), ("N", 1024, int), ("Q", 512, int), ("beta", 1.0, float), ("dtype", "f32", str)]


def make(a, rng):
    dt = np.float32 if a.dtype == "f32" else np.float64
    X = (rng.standard_normal((a.M, a.N)) / np.sqrt(a.N)).astype(dt)
    Q = (rng.standard_normal((a.Q, a.N)) / np.sqrt(a.N)).astype(dt)
    return {"X": X, "Q": Q, "beta": a.beta}


def compute(X, Q, beta):
    return softmax_rows(X.dtype.type(beta) * (Q @ X.T)) @ X


if __name__ == "__main__":
    main("mchn-batch", FLAGS, make, compute, lambda a: 4 * a.M * a.N * a.Q)
