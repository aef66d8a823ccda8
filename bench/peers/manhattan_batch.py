"""manhattan-batch: Z = softmax(beta·(−Σ|ξ − q|)) X for Q queries, float64. flops 5·M·N·Q.
The Q×M×N difference is formed one query at a time in one M×N buffer made by prepare(), outside the timing
(fresh 1 MB temporaries cost ~25× more here: each one is page-faulted in anew on this VM)."""
import numpy as np
from common import main, softmax_rows

FLAGS = [("M", 1024, int), ("N", 128, int), ("Q", 32, int), ("beta", 1.0, float)]


def make(a, rng):
    X = rng.standard_normal((a.M, a.N)) / np.sqrt(a.N)
    Q = rng.standard_normal((a.Q, a.N)) / np.sqrt(a.N)
    return {"X": X, "Q": Q, "beta": a.beta}


def prepare(X, Q, beta):
    return {"X": X, "Q": Q, "beta": beta, "buf": np.empty_like(X)}


def compute(X, Q, beta, buf):
    s = np.empty((Q.shape[0], X.shape[0]))
    for i in range(Q.shape[0]):
        np.subtract(X, Q[i], out=buf)
        np.abs(buf, out=buf)
        np.sum(buf, axis=1, out=s[i])
    np.negative(s, out=s)
    return softmax_rows(beta * s) @ X


if __name__ == "__main__":
    main("manhattan-batch", FLAGS, make, compute, lambda a: 5 * a.M * a.N * a.Q, prepare)
