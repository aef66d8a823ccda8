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
`--verify DIR` instead checks the cases in DIR that name this peer (see verify.py).
`--paired N` instead times N pairs of calls, one of ours and one of this peer's, side by side (see paired())."""
import argparse, json, math, os, shlex, statistics, subprocess, sys, time

import blas_env

blas_env.ensure()  # before the timed work; numpy may already be loaded in this process, which exec replaces

import numpy as np  # noqa: E402


def main(case, flags, make, compute, flops, prepare=None):
    p = argparse.ArgumentParser(prog=case)
    for name, default, kind in flags:
        p.add_argument("--" + name, type=kind, default=default)
    p.add_argument("--time", type=float, default=1.0)
    p.add_argument("--verify", metavar="DIR", help="check the cases written by `Kernels.Benchmarks verify DIR` instead of timing")
    p.add_argument("--paired", metavar="N", type=int, help="time N alternating pairs against `akern bench --paced` (AKERN: the command)")
    a = p.parse_args()
    if a.paired is not None and a.paired < 1:
        p.error("--paired needs at least one pair")
    if a.verify:
        import os, verify
        sys.exit(verify.main(a.verify, peer=os.path.splitext(os.path.basename(sys.argv[0]))[0]))
    args = make(a, np.random.default_rng(1))
    if prepare is not None:
        args = prepare(**args)
    params = {name: getattr(a, name) for name, _, _ in flags}
    if a.paired is not None:
        sys.exit(paired(case, params, lambda: compute(**args), a.paired, a.time))
    run(case, params, lambda: compute(**args), flops(a), a.time)


def warm(call, budget):
    """The untimed warm-up of the CLI's rule: at least 2 calls, and calls for min(0.5 s, budget)."""
    warm_up, begin, calls = min(0.5, budget), time.perf_counter(), 0
    while calls < 2 or time.perf_counter() - begin < warm_up:
        call()
        calls += 1


def run(case, params, call, flops, budget):
    warm(call, budget)
    times = []
    while sum(times) < budget and len(times) < 1000:
        t0 = time.perf_counter()
        call()
        times.append(time.perf_counter() - t0)
    seconds = max(statistics.median(times), 1e-9)
    print(json.dumps({"case": case, "params": params, "seconds": seconds, "gflops": flops / seconds / 1e9, "blas": blas()}))
    sys.stdout.flush()


GAP = 0.25  # seconds of rest before every call of --paired (see paired())


def akern_command():
    """The akern command: $AKERN split like a shell line, else the Release build next to this checkout."""
    if os.environ.get("AKERN"):
        return shlex.split(os.environ["AKERN"])
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    return ["dotnet", os.path.join(root, "Cli", "bin", "Release", "net10.0", "akern.dll")]


def paired(case, params, call, pairs, budget):
    """Times `pairs` pairs of calls: one of `akern bench CASE --paced` (a child process holding its own inputs, built
    from the same flags) and one of this peer, back to back, the order alternating from pair to pair. Each pair falls
    within a few seconds, so a drift in the machine's speed between minutes moves both of its calls alike and
    cancels in the pair's ratio (peer seconds / ours). Each side's turn is a pause of GAP seconds, an untimed call
    and the timed one. The pause: OpenBLAS's threads keep spinning for about 2²⁸ cycles (≈ 0.1 s) after each of its
    calls, and a call of ours made within that time shared the cores with them (M = 2 000, N = 64: 0.73 ms instead
    of 0.04 ms). The untimed call: after the other program's turn the caches hold the other's data and the idle
    threads sleep; the timed call then runs as warm as run()'s back-to-back calls. Prints one JSON line: both
    sides' median seconds, and the ratios' median, quartiles and a distribution-free 95 % interval of the median (the order
    statistics n/2 ± 0.98·√n, from the binomial distribution of the number of ratios below the true median), and
    every pair's seconds ("each": [ours, peer], in the order run)."""
    flags = []
    for name, value in params.items():
        flags += ["--" + name, repr(value) if isinstance(value, float) else str(value)]
    command = akern_command() + ["bench", case, *flags, "--time", repr(budget), "--paced"]
    try:
        child = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    except OSError as e:
        print(f"cannot start {shlex.join(command)}: {e} (set AKERN to the akern command)", file=sys.stderr)
        return 1
    try:
        warm(call, budget)
        first = child.stdout.readline().strip()
        if first != "ready":
            child.kill()
            print(f"akern bench {case} --paced did not start: it printed {first!r} (exit code {child.wait()})", file=sys.stderr)
            return 1

        def ours():
            time.sleep(GAP)
            child.stdin.write("go\ngo\n")
            child.stdin.flush()
            child.stdout.readline()
            seconds = float(child.stdout.readline())
            if not seconds > 0:
                raise ValueError(f"a time of {seconds} s")
            return seconds

        def peer():
            time.sleep(GAP)
            call()
            t0 = time.perf_counter()
            call()
            return max(time.perf_counter() - t0, 1e-9)

        times = []
        for i in range(pairs):
            times.append((ours(), peer()) if i % 2 == 0 else tuple(reversed((peer(), ours()))))
    except (OSError, ValueError) as e:
        child.kill()
        print(f"akern bench {case} --paced stopped answering ({e}; exit code {child.wait()})", file=sys.stderr)
        return 1
    finally:
        try:
            child.stdin.close()
        except OSError:
            pass
        child.wait()
    ratios = sorted(p / o for o, p in times)
    n = len(ratios)
    half = 0.98 * math.sqrt(n)
    lo, hi = max(0, math.floor(n / 2 - half)), min(n - 1, math.ceil(n / 2 + half) - 1)
    q1, _, q3 = statistics.quantiles(ratios, n=4) if n > 1 else (ratios[0], 0, ratios[0])
    print(json.dumps({"case": case, "params": params, "pairs": n,
                      "seconds": {"ours": statistics.median(o for o, _ in times), "peer": statistics.median(p for _, p in times)},
                      "ratio": {"median": statistics.median(ratios), "q1": q1, "q3": q3, "ci95": [ratios[lo], ratios[hi]]},
                      "each": [[o, p] for o, p in times],
                      "blas": blas()}))
    sys.stdout.flush()
    return 0


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
