#!/bin/sh
# Runs every `akern bench` case and its numpy peer at the same shapes, one after the other, and prints
# both JSON lines. Usage (from the repository root, after `dotnet build -c Release Cli`):
#   sh bench/run-side-by-side.sh [TIME_SECONDS]
T=${1:-1}
AKERN="dotnet Cli/bin/Release/net10.0/akern.dll"
PY=/usr/bin/python3
run() { # case peer-script flags...
  c=$1; p=$2; shift 2
  $AKERN bench $c "$@" --time $T --json
  $PY bench/peers/$p "$@" --time $T
}
run mchn-batch mchn_batch.py --M 16384 --N 1024 --Q 512 --beta 1 --dtype f32
run mchn-batch mchn_batch.py --M 16384 --N 1024 --Q 512 --beta 1 --dtype f64
run mchn-single mchn_single.py --M 100000 --N 784 --beta 1
run bipolar-nearest bipolar_nearest.py --M 100000 --N 1024 --Q 256
run manhattan-batch manhattan_batch.py --M 1024 --N 128 --Q 32 --beta 1
run sdm-read sdm_read.py --Nphi 10000 --N 256 --r 112 --M 100
run dam-async-sweep dam_async_sweep.py --K 100 --N 256
