"""mchn-single: z = Xᵀ softmax(beta X q), one query, float64 (as the reference). flops 4·M·N."""
import numpy as np
from common import parser, run

a = parser("mchn-single", [("M", 100000, int), ("N", 784, int), ("beta", 1.0, float)]).parse_args()
rng = np.random.default_rng(1)
X = rng.standard_normal((a.M, a.N)) / np.sqrt(a.N)
q = rng.standard_normal(a.N) / np.sqrt(a.N)


def call():
    s = a.beta * (X @ q)
    w = np.exp(s - s.max())
    w /= w.sum()
    return w @ X


run("mchn-single", {"M": a.M, "N": a.N, "beta": a.beta}, call, 4 * a.M * a.N, a.time)
