#!/usr/bin/env bash
# Regenerate the golden files of the regression tests (tests/app/test_golden.cpp):
#   tests/golden/default/  every output file of `gridgov run --set simulation.issue_log=true`
#                          on the built-in default scenario (summary, timeseries, grids, their
#                          _ci files, issues.csv, dictionary.csv, scenario.resolved.yaml);
#   tests/golden/sweep/    points.csv, design.csv and runs.csv of
#                          `gridgov sweep tests/data/sweeps/list.yaml` (the test ignores the
#                          wall_s column of runs.csv, the only cell that varies).
#
# Usage: scripts/update-golden.sh [BUILD_DIR]     (default: build/release)
#
# Run it only when a change of the results is intended, check the diff (git diff --stat
# tests/golden/), and commit the new golden files together with the change that caused it,
# saying in the commit message why the results moved.
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
# The same command lines as the regression tests.
"$bin" run --out "$tmp/run" --quiet --set simulation.issue_log=true
(cd "$root" && "$bin" sweep tests/data/sweeps/list.yaml --out "$tmp/sweep" --quiet --threads 1)
rm -rf "$root/tests/golden/default.new" "$root/tests/golden/sweep.new"
mkdir -p "$root/tests/golden/default.new" "$root/tests/golden/sweep.new"
for f in "$tmp"/run/*; do cp "$f" "$root/tests/golden/default.new/"; done
for f in points.csv design.csv runs.csv; do cp "$tmp/sweep/$f" "$root/tests/golden/sweep.new/"; done
rm -rf "$root/tests/golden/default" "$root/tests/golden/sweep" "$root/tests/golden/default_summary.csv"
mv "$root/tests/golden/default.new" "$root/tests/golden/default"
mv "$root/tests/golden/sweep.new" "$root/tests/golden/sweep"
echo "update-golden: wrote tests/golden/default ($(ls "$root/tests/golden/default" | wc -l) files) and tests/golden/sweep (3 files)"
