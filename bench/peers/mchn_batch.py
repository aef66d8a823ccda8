"""mchn-batch: Z = softmax(beta Q Xᵀ) X for Q queries (rows), i.e. Xᵀ softmax(beta X q) per query. flops 4·M·N·Q."""
import numpy as np
from common import parser, run, softmax_rows

a = parser("mchn-batch", [("M", 4096, int), ("N", 512, int), ("Q", 128, int), ("beta", 1.0, float), ("dtype", "f32", str)]).parse_args()
dt = np.float32 if a.dtype == "f32" else np.float64
rng = np.random.default_rng(1)
X = (rng.standard_normal((a.M, a.N)) / np.sqrt(a.N)).astype(dt)
Qs = (rng.standard_normal((a.Q, a.N)) / np.sqrt(a.N)).astype(dt)
beta = dt(a.beta)
run("mchn-batch", {"M": a.M, "N": a.N, "Q": a.Q, "beta": a.beta, "dtype": a.dtype},
    lambda: softmax_rows(beta * (Qs @ X.T)) @ X, 4 * a.M * a.N * a.Q, a.time)
