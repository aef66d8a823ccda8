"""mchn-batch: Z = softmax(beta Q Xᵀ) X for Q queries (rows), i.e. Xᵀ softmax(beta X q) per query, computed in
the dtype of X and Q (f32: sgemm, f64: dgemm; bf16: sgemm on patterns rounded to bfloat16, float32 queries).
flops 4·M·N·Q."""
import numpy as np
from common import inputs, main, softmax_rows

FLAGS = [("M", 16384, int), ("N", 1024, int), ("Q", 512, int), ("beta", 1.0, float), ("dtype", "f32", str)]


def make(a, rng):
    X = inputs(rng.standard_normal((a.M, a.N)) / np.sqrt(a.N), a.dtype)
    Q = inputs(rng.standard_normal((a.Q, a.N)) / np.sqrt(a.N), "f32" if a.dtype == "bf16" else a.dtype)
    return {"X": X, "Q": Q, "beta": a.beta}


def compute(X, Q, beta):
    return softmax_rows(X.dtype.type(beta) * (Q @ X.T)) @ X


if __name__ == "__main__":
    main("mchn-batch", FLAGS, make, compute, lambda a: 4 * a.M * a.N * a.Q)
