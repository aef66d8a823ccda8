"""mchn-single: z = Xᵀ softmax(beta X q), one query: two gemv in the dtype of X and q (timed: float64, as the
reference). flops 4·M·N."""
import numpy as np
from common import main

FLAGS = [("M", 100000, int), ("N", 784, int), ("beta", 1.0, float)]


def make(a, rng):
    X = rng.standard_normal((a.M, a.N)) / np.sqrt(a.N)
    q = rng.standard_normal(a.N) / np.sqrt(a.N)
    return {"X": X, "q": q, "beta": a.beta}


def compute(X, q, beta):
    s = beta * (X @ q)
    w = np.exp(s - s.max())
    w /= w.sum()
    return w @ X


if __name__ == "__main__":
    main("mchn-single", FLAGS, make, compute, lambda a: 4 * a.M * a.N)
