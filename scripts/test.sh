#!/usr/bin/env bash
# Install what is missing (Debian 12, as root), build gridgov with warnings as errors and run
# the whole test suite through ctest: C++ tests (unit, oracle, invariant, system, regression)
# and the Python analysis tests (label "python"; the report's browser tests, label "browser",
# only in the release build), then the slow tests (tagged [.slow]) in a separate, bounded step.
#   scripts/test.sh             release build (preset ci)
#   scripts/test.sh --sanitize  address + undefined-behaviour sanitizer build (preset sanitize)
set -euo pipefail
cd "$(dirname "$0")/.."
preset=ci
slow=1
if [ "${1:-}" = "--sanitize" ]; then preset=sanitize; slow=0; fi
bash scripts/setup.sh
if [ "$preset" = ci ]; then bash scripts/format.sh --check; fi
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset" -j"$(nproc)"
ctest --preset "$preset" -j"$(nproc)" --timeout 900
# Catch2 exits with the number of tests listed, so the listing is captured, not piped.
slow_tests=$("build/$preset/tests/gridgov_tests" "[slow]" --list-test-names-only || true)
if [ "$slow" = 1 ] && [ -n "$slow_tests" ]; then
  echo "== slow tests [.slow] =="
  timeout 1800 "build/$preset/tests/gridgov_tests" "[slow]" --durations yes
fi
echo "gridgov: all tests passed ($preset)"
