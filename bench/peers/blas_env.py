"""Which OpenBLAS kernel the numpy peers run: one rule for every peer and for verify.py (issue 14, point 0).

The rule, applied to the peer's own process only (tests and CI never see it):
1. OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE are removed from the peer's environment, whatever the caller set
   (a machine may set them as a workaround for old OpenBLAS builds; OPENBLAS_CORETYPE=Haswell, for one, holds
   OpenBLAS to AVX2 kernels on an AVX-512 machine).
2. OpenBLAS then picks its kernel itself; threadpoolctl reports which ("architecture").
3. Only if that pick is one of OpenBLAS's generic fallbacks (GENERIC: the SSE-era kernels it falls back to when
   it does not know the processor — "Prescott" for an unknown Intel model) on a processor whose /proc/cpuinfo
   flags show AVX-512 (resp. AVX2 and FMA), OPENBLAS_CORETYPE is set to the kernel OpenBLAS itself picks for
   the nearest processor it knows with those instructions (FORCED) and the peer's JSON says so, e.g.
   "kernel Cooperlake (forced: OpenBLAS 0.3.21 does not know family 6 model 207)".

Why: OpenBLAS 0.3.21 does not know Intel family 6 model 207 (an AVX-512 Xeon with AVX512_BF16) and falls back
to "Prescott" (SSE3: sgemm 2048³ at 63 GFLOP/s where its AVX-512 kernels reach ≈ 280), a misdetection, not a
choice. For AVX-512 with AVX512_BF16, OpenBLAS 0.3.21's own dynamic.c picks "Cooperlake" on the models it knows
(Cooper Lake, Sapphire Rapids), for AVX-512 without it "SkylakeX", for AVX2 + FMA "Haswell"; we follow that
mapping (bench/README.md records the measurements behind it). The two AVX-512 kernels share their sgemm/dgemm
code.

AKERN_PEER_CORETYPE=X overrides step 3 with kernel X, labelled "(forced by AKERN_PEER_CORETYPE)": the way to
time the handicapped peer (e.g. Haswell, or Prescott) for a footnote.

ensure() re-executes the running script once under the rule's environment (OpenBLAS reads OPENBLAS_CORETYPE
only when it is loaded, so it cannot be changed from inside a process that has loaded numpy); the child finds
the rule's label in AKERN_PEER_BLAS_RULE and runs as is. label() returns that label for the JSON line.
"""
import json, os, subprocess, sys

CLEARED = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")
MARK = "AKERN_PEER_BLAS_RULE"
OVERRIDE = "AKERN_PEER_CORETYPE"

# OpenBLAS's pre-AVX x86 kernels: what its runtime detection falls back to on processors it does not know.
GENERIC = {"Katmai", "Coppermine", "Northwood", "Prescott", "Banias", "Core2", "Penryn", "Dunnington", "Nehalem", "Atom"}

# (required /proc/cpuinfo flags, kernel): the first match wins, most capable first.
FORCED = [
    ({"avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl", "avx512_bf16"}, "Cooperlake"),
    ({"avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl"}, "SkylakeX"),
    ({"avx2", "fma"}, "Haswell"),
]

PROBE = ("import json, numpy, threadpoolctl\n"
         "b = [l for l in threadpoolctl.threadpool_info() if l.get('user_api') == 'blas']\n"
         "print(json.dumps({k: b[0].get(k) for k in ('internal_api', 'version', 'architecture')} if b else None))")


def cpu():
    """(flags, 'family F model M') of the first processor in /proc/cpuinfo; (set(), '?') elsewhere."""
    flags, family, model = set(), "?", "?"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                key, _, value = line.partition(":")
                key = key.strip()
                if key == "flags" and not flags:
                    flags = set(value.split())
                elif key == "cpu family" and family == "?":
                    family = value.strip()
                elif key == "model" and model == "?":
                    model = value.strip()
    except OSError:
        pass
    return flags, f"family {family} model {model}"


def probe(env):
    """What numpy's BLAS reports under env ({internal_api, version, architecture}), or None without threadpoolctl."""
    try:
        out = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=120)
        return json.loads(out.stdout) if out.returncode == 0 else None
    except (OSError, ValueError, subprocess.TimeoutExpired):
        return None


def decide(environ):
    """The peer's environment and the label of its kernel under the rule above."""
    env = {k: v for k, v in environ.items() if k not in CLEARED}
    if environ.get(OVERRIDE):
        env["OPENBLAS_CORETYPE"] = environ[OVERRIDE]
        return env, f"kernel {environ[OVERRIDE]} (forced by {OVERRIDE})"
    own = probe(env)
    if own is None:
        return env, "OpenBLAS's own choice (kernel not reported: threadpoolctl missing)"
    if own.get("internal_api") != "openblas":
        return env, f"{own.get('internal_api')}'s own choice"
    kernel = own.get("architecture")
    if kernel in GENERIC:
        flags, name = cpu()
        for needs, forced in FORCED:
            if needs <= flags:
                env["OPENBLAS_CORETYPE"] = forced
                return env, f"kernel {forced} (forced: OpenBLAS {own.get('version')} does not know {name} and falls back to {kernel})"
    return env, f"kernel {kernel} (OpenBLAS {own.get('version')}'s own choice)"


def ensure():
    """Re-executes this script once under the rule's environment (a no-op in the re-executed process)."""
    if MARK in os.environ:
        return
    env, note = decide(os.environ)
    env[MARK] = note
    sys.stdout.flush()
    os.execve(sys.executable, [sys.executable] + sys.argv, env)


def label():
    """The rule's label for this process's kernel (None when the script was not started through ensure())."""
    return os.environ.get(MARK)
