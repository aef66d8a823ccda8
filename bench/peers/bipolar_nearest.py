"""bipolar-nearest: for each ±1 query the stored ±1 pattern with the largest overlap (first on ties), as
numpy users do it: float32 ±1 matrices and one sgemm, then argmax. flops 2·M·N·Q."""
import numpy as np
from common import parser, run

a = parser("bipolar-nearest", [("M", 100000, int), ("N", 1024, int), ("Q", 256, int)]).parse_args()
rng = np.random.default_rng(1)
X = np.where(rng.integers(0, 2, (a.M, a.N)) == 0, -1, 1).astype(np.float32)
Qs = np.where(rng.integers(0, 2, (a.Q, a.N)) == 0, -1, 1).astype(np.float32)
run("bipolar-nearest", {"M": a.M, "N": a.N, "Q": a.Q},
    lambda: np.argmax(Qs @ X.T, axis=1), 2 * a.M * a.N * a.Q, a.time)
