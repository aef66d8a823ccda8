"""Shared timing for the numpy peers of `akern bench`: same rule as the CLI (2 untimed warm-up calls,
then calls until the total reaches --time seconds (default 1) or 1000 calls; the median), same JSON line
{"case", "params", "seconds", "gflops"}. Inputs are seeded random data (numpy default_rng(1)): the same
distributions as the CLI's, not the same numbers."""
import argparse, json, statistics, sys, time


def parser(case, flags):
    p = argparse.ArgumentParser(prog=case)
    for name, default, kind in flags:
        p.add_argument("--" + name, type=kind, default=default)
    p.add_argument("--time", type=float, default=1.0)
    return p


def run(case, params, call, flops, budget):
    call()
    call()
    times = []
    while sum(times) < budget and len(times) < 1000:
        t0 = time.perf_counter()
        call()
        times.append(time.perf_counter() - t0)
    seconds = max(statistics.median(times), 1e-9)
    print(json.dumps({"case": case, "params": params, "seconds": seconds, "gflops": flops / seconds / 1e9}))
    sys.stdout.flush()


def softmax_rows(s):
    """Row-wise softmax by log-sum-exp (max subtracted), as the reference does."""
    import numpy as np
    s = s - s.max(axis=1, keepdims=True)
    np.exp(s, out=s)
    s /= s.sum(axis=1, keepdims=True)
    return s
