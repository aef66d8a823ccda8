"""Shared driver of the numpy peers of `akern bench`. Each peer module defines
    FLAGS                 its flags with the akern defaults,
    make(a, rng)          the seeded timing inputs (numpy default_rng(1): the same distributions as the CLI's,
                          not the same numbers), a dict named like compute()'s arguments,
    prepare(**inputs)     (optional) the untimed preparation from those inputs to compute()'s arguments,
    compute(**args)       the timed computation, the one thing verify.py checks against ours,
    flops(a)              the flop count of one call,
and calls main(). Timing follows the CLI's rule (untimed warm-up calls, at least 2 and for min(0.5 s, --time), then calls until the total reaches --time
seconds (default 1) or 1000 calls; the median) and prints its JSON line {"case", "params", "seconds", "gflops", "blas"},
"blas" being the BLAS numpy ran (library, version, the kernel architecture it chose, threads; from threadpoolctl,
read after the timed calls; null when threadpoolctl is not installed) and "kernel", how that kernel was chosen:
importing this module first re-executes the peer under blas_env's rule (OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE
removed; a generic fallback kernel on an AVX-512/AVX2 processor OpenBLAS does not know replaced by the kernel
OpenBLAS picks for such processors, and labelled so).
`--verify DIR` instead checks the cases in DIR that name this peer (see verify.py)."""
import argparse, json, statistics, sys, time

import blas_env

blas_env.ensure()  # before the timed work; numpy may already be loaded in this process, which exec replaces

import numpy as np  # noqa: E402


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
    warm_up, begin, calls = min(0.5, budget), time.perf_counter(), 0
    while calls < 2 or time.perf_counter() - begin < warm_up:
        call()
        calls += 1
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
            return {**{k: lib.get(k) for k in ("internal_api", "version", "architecture", "num_threads")}, "kernel": blas_env.label()}
    return None


def softmax_rows(s):
    """Row-wise softmax by log-sum-exp (max subtracted), as the reference does."""
    s = s - s.max(axis=1, keepdims=True)
    np.exp(s, out=s)
    s /= s.sum(axis=1, keepdims=True)
    return s


DTYPES = {"f32": np.float32, "f64": np.float64, "bf16": np.float32}


def inputs(array, dtype):
    """A float64 array as the peer of `--dtype` holds it: float32 (f32), float64 (f64), or, for bf16 patterns,
    float32 rounded to bfloat16 (round to nearest, ties to even, on the upper 16 bits: what a bf16 pattern store
    keeps; numpy has no bf16 arithmetic, so the peer then computes in float32 on exactly those values)."""
    x = array.astype(DTYPES[dtype])
    return bf16_round(x) if dtype == "bf16" else x


def bf16_round(x):
    """float32 → the nearest bfloat16 (ties to even), as float32 (finite inputs)."""
    b = x.view(np.uint32).astype(np.uint64)
    b = (b + 0x7FFF + ((b >> 16) & 1)) & 0xFFFF0000
    return b.astype(np.uint32).view(np.float32)


def bipolar(rng, shape, dtype=np.float64):
    """Independent ±1 entries, each with probability ½."""
    return np.where(rng.integers(0, 2, shape) == 0, -1, 1).astype(dtype)
