"""Shared driver of the numpy peers of `akern bench`. Each peer module defines
    FLAGS                 its flags with the akern defaults,
    make(a, rng)          the seeded timing inputs (numpy default_rng(1): the same distributions as the CLI's,
                          not the same numbers), a dict named like compute()'s arguments,
    prepare(**inputs)     (optional) the untimed preparation from those inputs to compute()'s arguments,
    compute(**args)       the timed computation, the one thing verify.py checks against ours,
    flops(a)              the flop count of one call,
and calls main(). Timing follows the CLI's rule (2 untimed warm-up calls, then calls until the total reaches --time
seconds (default 1) or 1000 calls; the median) and prints its JSON line {"case", "params", "seconds", "gflops", "blas"},
"blas" being the BLAS numpy ran (library, version, the kernel architecture it chose, threads; from threadpoolctl,
read after the timed calls; null when threadpoolctl is not installed). The kernel matters: OpenBLAS 0.3.21 on this
machine's virtual Xeon picks "Prescott" (SSE3, sgemm 41 GFLOP/s) when OPENBLAS_CORETYPE is unset, "Cooperlake"
(AVX-512, 210 GFLOP/s) when it is set to the empty string, "Haswell" (124) when forced.
`--verify DIR` instead checks the cases in DIR that name this peer (see verify.py)."""
import argparse, json, statistics, sys, time

import numpy as np


def main(case, flags, make, compute, flops, prepare=None):
    p = argparse.ArgumentParser(prog=case)
    for name, default, kind in flags:
        p.add_argument("--" + name, type=kind, default=default)
    p.add_argument("--time", type=float, default=1.0)
    p.add_argument("--verify", metavar="DIR", help="check the cases written by `Kernels.Benchmarks verify DIR` instead of timing")
    a = p.parse_args()
    if a.verify:
        import os, verify
        sys.exit(verify.main(a.verify, peer=os.path.splitext(os.path.basename(sys.argv[0]))[0]))
    args = make(a, np.random.default_rng(1))
    if prepare is not None:
        args = prepare(**args)
    params = {name: getattr(a, name) for name, _, _ in flags}
    run(case, params, lambda: compute(**args), flops(a), a.time)


def run(case, params, call, flops, budget):
    call()
    call()
    times = []
    while sum(times) < budget and len(times) < 1000:
        t0 = time.perf_counter()
        call()
        times.append(time.perf_counter() - t0)
    seconds = max(statistics.median(times), 1e-9)
    print(json.dumps({"case": case, "params": params, "seconds": seconds, "gflops": flops / seconds / 1e9, "blas": blas()}))
    sys.stdout.flush()


def blas():
    """The BLAS numpy uses, as threadpoolctl reports it, or None without threadpoolctl."""
    try:
        import threadpoolctl
    except ImportError:
        return None
    for lib in threadpoolctl.threadpool_info():
        if lib.get("user_api") == "blas":
            return {k: lib.get(k) for k in ("internal_api", "version", "architecture", "num_threads")}
    return None


def softmax_rows(s):
    """Row-wise softmax by log-sum-exp (max subtracted), as the reference does."""
    s = s - s.max(axis=1, keepdims=True)
    np.exp(s, out=s)
    s /= s.sum(axis=1, keepdims=True)
    return s


def bipolar(rng, shape, dtype=np.float64):
    """Independent ±1 entries, each with probability ½."""
    return np.where(rng.integers(0, 2, shape) == 0, -1, 1).astype(dtype)
