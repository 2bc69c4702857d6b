#!/usr/bin/env bash
# Quick start: install what is missing (Debian 12, as root), build gridgov (release preset)
# and run the default scenario, printing a short summary and where the CSV files are.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release -j"$(nproc)" --target gridgov
out="results/default-$(date +%Y%m%d-%H%M%S)"
./build/release/gridgov run --out "$out" "$@"
