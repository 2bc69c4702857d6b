#!/usr/bin/env bash
# Regenerate the golden file of the regression test (tests/app/test_golden.cpp):
# tests/golden/default_summary.csv = summary.csv of `gridgov run` on the built-in default scenario.
#
# Usage: scripts/update-golden.sh [BUILD_DIR]     (default: build/release)
#
# Run it only when a change of the results is intended, check the diff (git diff
# tests/golden/), and commit the new golden file together with the change that caused it.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-$root/build/release}
bin=$build/gridgov
if [ ! -x "$bin" ]; then
  echo "update-golden: no gridgov executable at $bin (build first: cmake --build $build)" >&2
  exit 1
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/gridgov-golden.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
# The same command line as the regression test.
"$bin" run --out "$tmp/out" --quiet
mkdir -p "$root/tests/golden"
cp "$tmp/out/summary.csv" "$root/tests/golden/default_summary.csv.tmp"
mv "$root/tests/golden/default_summary.csv.tmp" "$root/tests/golden/default_summary.csv"
echo "update-golden: wrote tests/golden/default_summary.csv ($(($(wc -l < "$root/tests/golden/default_summary.csv") - 1)) replicates)"
