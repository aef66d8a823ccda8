#!/bin/bash
# Checks that every `akern bench` case reaches its steady-state speed under the default runtime settings
# (tiered compilation and dynamic PGO on), as users run it: each case, at the shapes of run-side-by-side.sh, runs
# REPS times under the defaults and REPS times with DOTNET_TieredCompilation=0 (everything compiled once, fully
# optimised, no PGO), interleaved (default, TC=0, TC=0, default, …) so that load drifts hit both alike; the table
# gives the median seconds of each and the gap (default − TC=0) / TC=0. Exit status 1 when a gap is above MAX %.
#
# With --jit it also runs each case once under the defaults with the JIT's disassembly of AssociativeKernels'
# methods (DOTNET_JitDisasm, which release runtimes honour) and lists every method whose final code (tier 1,
# OSR or fully optimised) still calls a vector operation that is meant to be inlined (Wide/Medium/Narrow,
# the *Reduction steps, Vector128/256/512 operators and loads): the mechanism of the issue-14 regression
# (bench/README.md, "Tiering"). Any such method also makes the exit status 1. Timing-independent.
#
# Not run in CI (timings on shared runners mean little). Usage, from the repository root, after
# `dotnet build -c Release Cli`:
#   bash bench/tiering-check.sh [--reps R] [--time T] [--max PERCENT] [--jit] [--jit-time J] [--only CASE]
# Defaults: R = 3, T = 1 second per run (akern bench --time), MAX = 15, J = 5 seconds for the --jit run (long
# enough for the hot methods to reach tier 1: a method that never got there is not checked). Prints `uptime`.
set -u
cd "$(dirname "$0")/.."
REPS=3
T=1
MAX=15
JIT=0
JT=5
ONLY=
while [ $# -gt 0 ]; do
  case "$1" in
    --reps) REPS=$2; shift 2 ;;
    --time) T=$2; shift 2 ;;
    --max) MAX=$2; shift 2 ;;
    --jit) JIT=1; shift ;;
    --jit-time) JT=$2; shift 2 ;;
    --only) ONLY=$2; shift 2 ;;
    *) echo "usage: bash bench/tiering-check.sh [--reps R] [--time T] [--max PERCENT] [--jit] [--jit-time J] [--only CASE]" >&2; exit 2 ;;
  esac
done
AKERN="dotnet Cli/bin/Release/net10.0/akern.dll"
if [ ! -f Cli/bin/Release/net10.0/akern.dll ]; then
  echo "tiering-check: build first: dotnet build -c Release Cli" >&2
  exit 2
fi

# The cases, shapes and dtypes of run-side-by-side.sh.
CASES=(
  "mchn-batch --M 16384 --N 1024 --Q 512 --beta 1 --dtype f32"
  "mchn-batch --M 16384 --N 1024 --Q 512 --beta 1 --dtype f64"
  "mchn-batch --M 16384 --N 1024 --Q 512 --beta 1 --dtype bf16"
  "mchn-single --M 100000 --N 784 --beta 1 --dtype f64"
  "mchn-single --M 100000 --N 784 --beta 1 --dtype f32"
  "mchn-single --M 100000 --N 784 --beta 1 --dtype bf16"
  "bipolar-nearest --M 100000 --N 1024 --Q 256"
  "manhattan-batch --M 1024 --N 128 --Q 32 --beta 1"
  "sdm-read --Nphi 10000 --N 256 --r 112 --M 100"
  "dam-async-sweep --K 100 --N 256"
)

OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
echo "load before: $(uptime)"

# One timed run: prints the seconds of the JSON line (or "fail").
run() { # env-assignment-or-empty case-args...
  local setting=$1; shift
  local line
  if [ -n "$setting" ]; then line=$(env "$setting" $AKERN bench "$@" --time "$T" --json 2>&1); else line=$($AKERN bench "$@" --time "$T" --json 2>&1); fi
  echo "$line" | sed -n 's/.*"seconds":\([0-9.eE+-]*\).*/\1/p' | grep . || echo fail
}

i=0
for c in "${CASES[@]}"; do
  i=$((i + 1))
  [ -n "$ONLY" ] && [ "${c%% *}" != "$ONLY" ] && continue
  echo "$c" > "$OUT/$i.case"
  for r in $(seq 1 "$REPS"); do
    if [ $((r % 2)) -eq 1 ]; then
      run "" $c >> "$OUT/$i.default"; run DOTNET_TieredCompilation=0 $c >> "$OUT/$i.tc0"
    else
      run DOTNET_TieredCompilation=0 $c >> "$OUT/$i.tc0"; run "" $c >> "$OUT/$i.default"
    fi
  done
  if [ "$JIT" = 1 ]; then
    DOTNET_JitStdOutFile="$OUT/$i.jit" DOTNET_JitDisasm='AssociativeKernels.*:*' $AKERN bench $c --time "$JT" --json >/dev/null 2>&1
  fi
done
echo "load after:  $(uptime)"

/usr/bin/python3 - "$OUT" "$MAX" "$JIT" <<'EOF'
import sys, os, re, statistics, collections
out, limit, jit = sys.argv[1], float(sys.argv[2]), sys.argv[3] == "1"
bad = 0
print(f"{'case':62s} | {'default s':>10s} | {'TC=0 s':>10s} | {'gap %':>6s}")
print("-" * 62 + "-|-" + "-" * 10 + "-|-" + "-" * 10 + "-|-" + "-" * 6)
ids = sorted(int(f.split(".")[0]) for f in os.listdir(out) if f.endswith(".case"))
for i in ids:
    case = open(f"{out}/{i}.case").read().strip()
    def times(kind):
        return [float(x) for x in open(f"{out}/{i}.{kind}").read().split() if x != "fail"]
    d, t = times("default"), times("tc0")
    if not d or not t:
        print(f"{case:62s} | {'fail':>10s} | {'fail':>10s} |"); bad += 1; continue
    md, mt = statistics.median(d), statistics.median(t)
    gap = 100 * (md - mt) / mt
    flag = "  <-- above %g %%" % limit if gap > limit else ""
    if gap > limit: bad += 1
    print(f"{case:62s} | {md:10.4g} | {mt:10.4g} | {gap:6.1f}{flag}")
if jit:
    # A method's last compilation in the log is the code that runs in steady state.
    helper = re.compile(r"call\s+\[?((?:AssociativeKernels\.Fast\.(?:Wide|Medium|Narrow)`1|AssociativeKernels\.Fast\.\w+Reduction`2|"
                        r"System\.Runtime\.Intrinsics\.Vector(?:128|256|512)`1\[\w+\]:op_|System\.Runtime\.Intrinsics\.Vector(?:128|256|512):"
                        r"(?:LoadUnsafe|StoreUnsafe|Create|FusedMultiplyAdd|Max|Min|Abs|Sum|As\w*))[^\]\n(]*)")
    print("\nJIT check (final code calling vector operations meant to be inlined):")
    found = 0
    for i in ids:
        path = f"{out}/{i}.jit"
        if not os.path.exists(path): continue
        last = collections.OrderedDict()
        for part in open(path, errors="replace").read().split("; Assembly listing for method ")[1:]:
            head = part.split("\n", 1)[0]
            m = re.match(r"(.*) \(([^()]*)\)\s*$", head)
            name, tier = (m.group(1), m.group(2)) if m else (head, "?")
            if "Tier0" in tier and "FullOpts" not in tier: continue
            last[name] = (tier, part)
        for name, (tier, body) in last.items():
            calls = helper.findall(body)
            if calls:
                found += 1
                short = re.sub(r"System\.Runtime\.Intrinsics\.|AssociativeKernels\.Fast\.", "", name)[:140]
                ops = sorted(set(re.sub(r"AssociativeKernels\.Fast\.|System\.Runtime\.Intrinsics\.", "", c) for c in calls))
                print(f"  {open(f'{out}/{i}.case').read().split()[0]}: {short} [{tier}]: {len(calls)} calls to {ops}")
    print("  none" if found == 0 else f"  {found} method(s)")
    bad += found
sys.exit(1 if bad else 0)
EOF
