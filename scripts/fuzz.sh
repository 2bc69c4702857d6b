#!/usr/bin/env bash
# Build the libFuzzer harnesses (clang, preset fuzz: -fsanitize=fuzzer,address,undefined) and fuzz
# each target for a bounded time, seeded from the repository's scenarios, sweeps and test data.
#   scripts/fuzz.sh                     every target, 60 s each (CI)
#   FUZZ_SECONDS=3600 scripts/fuzz.sh   longer (see docs/DEVELOPING.md, "Fuzzing")
#   scripts/fuzz.sh scenario sweep      some targets: scenario, buildings_csv, sweep
# The corpus grows in build/fuzz/corpus/<target> and is reused by the next run; an input that
# breaks an oracle or crashes is saved as build/fuzz/findings/<target>/crash-* and fails the script.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --fuzz
seconds=${FUZZ_SECONDS:-60}
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(scenario buildings_csv sweep)
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j"$(nproc)" --target $(printf 'fuzz_%s ' "${targets[@]}")

root=build/fuzz
seeds_of() {
  case "$1" in
    scenario) ls scenarios/*.yaml tests/data/*.yaml; find tests/data/bad -name '*.yaml' ;;
    buildings_csv) ls scenarios/*.csv tests/data/*.csv; find tests/data/bad -name '*.csv' ;;
    sweep) ls sweeps/*.yaml tests/data/sweeps/*.yaml ;;
  esac
}
# Key names help the scenario and sweep fuzzers reach past "unknown key".
dict=$root/scenario.dict
{
  for w in simulation geography households issues party leads grid firms departments deliberation hotline \
           interventions day set label dist mean sd min max value values weights interpolate unit \
           base seed replicates design timeseries factorial list lhs sobol morris levels points params \
           lognormal gamma uniform exponential fixed empirical days hours minutes weeks years true false; do
    printf '"%s"\n' "$w"
  done
  printf '"%s"\n' ': ' '- ' '{' '}' '[' ']' '---' '&a' '*a' '!!str' '"' '%%set\\x0a' '=' '.inf' '.nan' '1e999' '0x10'
} > "$dict"
status=0
for t in "${targets[@]}"; do
  corpus=$root/corpus/$t
  findings=$root/findings/$t
  mkdir -p "$corpus" "$findings"
  seeds=$root/seeds/$t
  rm -rf "$seeds"
  mkdir -p "$seeds"
  seeds_of "$t" | while read -r f; do cp "$f" "$seeds/$(echo "$f" | tr / _)"; done
  extra=()
  [ "$t" = buildings_csv ] || extra=(-dict="$dict")
  echo "== fuzz_$t: ${seconds} s =="
  if ! "$root/fuzz/fuzz_$t" "$corpus" "$seeds" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=4096 \
       -max_len=65536 -print_final_stats=1 -artifact_prefix="$findings/" "${extra[@]}" 2>"$root/fuzz_$t.log"; then
    status=1
    echo "fuzz_$t: FAILED; the input is in $findings/, the log in $root/fuzz_$t.log:" >&2
    grep -A30 -E "fuzz oracle failed|ERROR: (AddressSanitizer|libFuzzer)|runtime error" "$root/fuzz_$t.log" | head -60 >&2
  else
    grep -E "^stat::number_of_executed_units|^#[0-9]+ *DONE" "$root/fuzz_$t.log" | tail -2
  fi
done
[ $status = 0 ] && echo "gridgov: fuzzing found nothing (${seconds} s per target)"
exit $status
