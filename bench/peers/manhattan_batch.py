"""manhattan-batch: Z = softmax(beta·(−Σ|ξ − q|)) X for Q queries, float64. flops 5·M·N·Q.
The Q×M×N difference is formed one query at a time in one preallocated M×N buffer (fresh 1 MB temporaries
cost ~25× more here: each one is page-faulted in anew on this VM)."""
import numpy as np
from common import parser, run, softmax_rows

a = parser("manhattan-batch", [("M", 1024, int), ("N", 128, int), ("Q", 32, int), ("beta", 1.0, float)]).parse_args()
rng = np.random.default_rng(1)
X = rng.standard_normal((a.M, a.N)) / np.sqrt(a.N)
Qs = rng.standard_normal((a.Q, a.N)) / np.sqrt(a.N)


buf = np.empty_like(X)


def call():
    s = np.empty((a.Q, a.M))
    for i in range(a.Q):
        np.subtract(X, Qs[i], out=buf)
        np.abs(buf, out=buf)
        np.sum(buf, axis=1, out=s[i])
    np.negative(s, out=s)
    return softmax_rows(a.beta * s) @ X


run("manhattan-batch", {"M": a.M, "N": a.N, "Q": a.Q, "beta": a.beta}, call, 5 * a.M * a.N * a.Q, a.time)
