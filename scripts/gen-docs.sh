#!/usr/bin/env bash
# Regenerate the generated documentation from the gridgov executable:
#   docs/parameters.md  = gridgov params --markdown   (the scenario parameter table)
#   docs/outputs.md     = gridgov outputs --markdown  (the data dictionary of the output files)
# A system test (tests/app/test_cli.cpp) fails when these files are stale.
#
# Usage: scripts/gen-docs.sh [BUILD_DIR]     (default: build/release)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-$root/build/release}
bin=$build/gridgov
if [ ! -x "$bin" ]; then
  echo "gen-docs: no gridgov executable at $bin (build first: cmake --build $build)" >&2
  exit 1
fi
mkdir -p "$root/docs"
gen() {  # gen FILE ARGS...: write the output of gridgov ARGS to FILE, replacing it only on success
  local file=$1
  shift
  "$bin" "$@" > "$file.tmp"
  mv "$file.tmp" "$file"
  echo "gen-docs: wrote ${file#$root/}"
}
gen "$root/docs/parameters.md" params --markdown
gen "$root/docs/outputs.md" outputs --markdown
