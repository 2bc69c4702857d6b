#!/usr/bin/env bash
# Installs every build and test dependency of gridgov from Debian 12 packages.
# Idempotent: packages already present are not reinstalled.
set -euo pipefail
pkgs=(build-essential cmake pkg-config clang-format
      libboost-dev libboost-graph-dev libboost-math-dev
      libeigen3-dev libyaml-cpp-dev libtbb-dev catch2 libcli11-dev libfmt-dev
      libnlopt-cxx-dev                             # gridgov calibrate (derivative-free optimisers)
      libopenmpi-dev openmpi-bin
      python3 python3-pandas python3-matplotlib python3-yaml
      fonts-noto-cjk                               # Chinese labels in report figures
      chromium chromium-driver python3-selenium)   # report tests in a headless browser
# scripts/fuzz.sh: clang with libFuzzer and the sanitizer runtimes, llvm-symbolizer for stack traces.
if [ "${1:-}" = "--fuzz" ]; then pkgs+=(clang libclang-rt-14-dev llvm); fi
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "gridgov setup: installing ${missing[*]}" >&2
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO=sudo
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
