#!/usr/bin/env bash
# Format every C++ source of the tree (.clang-format), or check them (--check: exit 1 and list the
# files clang-format would change).
#   scripts/format.sh          reformat in place
#   scripts/format.sh --check  fail when a file is not formatted (CI)
set -euo pipefail
cd "$(dirname "$0")/.."
formatted=(analysis app bench fuzz models sim tests)
mapfile -t files < <(find "${formatted[@]}" \( -name '*.cpp' -o -name '*.hpp' -o -name '*.h' \) | sort)
if [ "${1:-}" = "--check" ]; then
  bad=()
  for f in "${files[@]}"; do
    clang-format --style=file "$f" | cmp -s - "$f" || bad+=("$f")
  done
  if [ ${#bad[@]} -gt 0 ]; then
    echo "format: these files differ from .clang-format (run scripts/format.sh):" >&2
    printf '  %s\n' "${bad[@]}" >&2
    exit 1
  fi
  echo "format: ${#files[@]} files checked"
else
  clang-format --style=file -i "${files[@]}"
fi
