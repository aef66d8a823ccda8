"""mchn-single: z = Xᵀ softmax(beta X q), one query: two gemv in the dtype of X and q (f64: dgemv, as the
reference, the default; f32: sgemv; bf16: sgemv on patterns rounded to bfloat16, a float32 query). flops 4·M·N."""
import numpy as np
from common import inputs, main

FLAGS = [("M", 100000, int), ("N", 784, int), ("beta", 1.0, float), ("dtype", "f64", str)]


def make(a, rng):
    X = inputs(rng.standard_normal((a.M, a.N)) / np.sqrt(a.N), a.dtype)
    q = inputs(rng.standard_normal(a.N) / np.sqrt(a.N), "f32" if a.dtype == "bf16" else a.dtype)
    return {"X": X, "q": q, "beta": a.beta}


def compute(X, q, beta):
    s = X.dtype.type(beta) * (X @ q)
    w = np.exp(s - s.max())
    w /= w.sum()
    return w @ X


if __name__ == "__main__":
    main("mchn-single", FLAGS, make, compute, lambda a: 4 * a.M * a.N)
