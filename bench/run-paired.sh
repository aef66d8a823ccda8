#!/bin/sh
# The cases of issue 14's goals as paired runs: each numpy peer alternates its calls with `akern bench --paced`
# (bench/peers/common.py, paired()), so the machine's drift in speed between seconds or minutes cancels in each
# pair's ratio. Prints one JSON line per case and dtype: both sides' median seconds and the ratio's median,
# quartiles and 95 % interval. Usage (from the repository root, after `dotnet build -c Release Cli`):
#   sh bench/run-paired.sh [PAIRS]        (default 30; about 2 s per pair of mchn-batch)
N=${1:-30}
PY=/usr/bin/python3
echo "# $(date -u '+%Y-%m-%d %H:%M UTC'); load average $(cut -d' ' -f1-3 /proc/loadavg)"
for d in f32 f64 bf16; do
  $PY bench/peers/mchn_batch.py --M 16384 --N 1024 --Q 512 --beta 1 --dtype $d --paired $N
done
for d in f32 f64 bf16; do
  $PY bench/peers/mchn_single.py --M 100000 --N 784 --beta 1 --dtype $d --paired $N
done
$PY bench/peers/bipolar_nearest.py --M 100000 --N 1024 --Q 256 --paired $N
echo "# load average $(cut -d' ' -f1-3 /proc/loadavg)"
