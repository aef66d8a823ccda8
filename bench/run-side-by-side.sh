#!/bin/sh
# Runs every `akern bench` case and its numpy peer at the same shapes and dtype, one after the other, and prints
# both JSON lines. Usage (from the repository root, after `dotnet build -c Release Cli`):
#   sh bench/run-side-by-side.sh [TIME_SECONDS]
# The peers choose their OpenBLAS kernel by one rule (bench/peers/blas_env.py: OPENBLAS_CORETYPE and
# OPENBLAS_L2_SIZE removed for the peer's process only, a misdetected generic kernel replaced and labelled); each
# peer's JSON line names the kernel it ran ("blas"). AKERN_PEER_CORETYPE=Haswell (or another kernel) times the
# handicapped peer for a footnote. bf16 runs only when this akern build has the bf16 pattern store.
T=${1:-1}
AKERN="dotnet Cli/bin/Release/net10.0/akern.dll"
PY=/usr/bin/python3
echo "# $(date -u '+%Y-%m-%d %H:%M UTC'); load average $(cut -d' ' -f1-3 /proc/loadavg)"
run() { # case peer-script flags...
  c=$1; p=$2; shift 2
  $AKERN bench $c "$@" --time $T --json
  $PY bench/peers/$p "$@" --time $T
}
dtypes() { # the --dtype values akern accepts for a case, from its --help
  $AKERN bench $1 --help | sed -n 's/.*\[--dtype \([a-z0-9|]*\)\].*/\1/p' | head -1 | tr '|' ' '
}
for d in $(dtypes mchn-batch); do
  run mchn-batch mchn_batch.py --M 16384 --N 1024 --Q 512 --beta 1 --dtype $d
done
for d in $(dtypes mchn-single); do
  run mchn-single mchn_single.py --M 100000 --N 784 --beta 1 --dtype $d
done
run bipolar-nearest bipolar_nearest.py --M 100000 --N 1024 --Q 256
run manhattan-batch manhattan_batch.py --M 1024 --N 128 --Q 32 --beta 1
run sdm-read sdm_read.py --Nphi 10000 --N 256 --r 112 --M 100
run dam-async-sweep dam_async_sweep.py --K 100 --N 256
echo "# load average $(cut -d' ' -f1-3 /proc/loadavg)"
