#!/bin/sh
# Checks the numpy peers against our outputs number for number (bench/README.md): writes small seeded inputs and
# the facade's outputs of every akern bench case into DIR (default: a new temporary folder), then recomputes each
# case with its peer's compute() and compares within the tolerances stated in bench/peers/verify.py. The peers run
# under the same OpenBLAS kernel rule as when they are timed (bench/peers/blas_env.py; verify.py applies it).
# Usage (from anywhere): sh bench/verify.sh [DIR]
set -e
cd "$(dirname "$0")/.."
DIR=${1:-$(mktemp -d)}
dotnet run -c Release --project bench/Kernels.Benchmarks -- verify "$DIR"
/usr/bin/python3 bench/peers/verify.py "$DIR"
