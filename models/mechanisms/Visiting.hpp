#pragma once
/// \file
/// Shared by every mechanism that looks for latent issues (party members' visits, building
/// leads' walks, grid workers' patrols and household visits): when a periodic or Poisson
/// visitor first finds an issue. A detector makes an *offer* — the time it would find the issue
/// — and the community takes the earliest offer (the resident's own report included).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

namespace gridgov::models::visiting {

inline constexpr double kInf = std::numeric_limits<double>::infinity();

/// Deterministic phase in [0,1) of a periodic schedule, from a 64-bit key.
inline double phase_of(std::uint64_t key) {
  std::uint64_t z = key * 0xD1B54A32D192ED03ull + 0x9E3779B97F4A7C15ull;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  z ^= z >> 31;
  return static_cast<double>(z >> 11) * 0x1.0p-53;
}

/// First time after t at which a periodic visitor (period T hours, phase φ in [0,1)) finds an
/// issue, each visit succeeding with probability p (log1mp = log(1 - p), precomputed); u is the
/// uniform that decides how many visits it takes (geometric). Poisson timing: exponential with
/// mean T/p. When even the next visit is not before `best`, that visit's time is returned without
/// drawing the number of visits (it cannot win; the result is the same as without the shortcut).
inline double detect_time(double t, double period, double phase, double p, double log1mp, double u, bool poisson, double best) {
  if (!(p > 0) || !std::isfinite(period)) return kInf;
  if (poisson) return t - std::log(u) * period / p;
  const double k0 = std::floor(t / period - phase) + 1.0;
  if ((k0 + phase) * period >= best) return (k0 + phase) * period;
  double trials = 1.0;
  if (p < 1.0) trials = std::max(1.0, std::ceil(std::log(u) / log1mp));
  return (k0 + trials - 1.0 + phase) * period;
}

/// Move a time to the next weekend evening (Saturday or Sunday 19:00) unless it already is a weekend.
inline double to_weekend(double t) {
  const double day = std::floor(t / 24.0);
  const auto dow = static_cast<long long>(day) % 7;  // day 0 is a Monday
  if (dow >= 5) return t;
  return (day + static_cast<double>(5 - dow)) * 24.0 + 19.0;
}

/// The earliest offer so far and who made it.
struct Earliest {
  double time;
  std::uint8_t found;
  void consider(double t, std::uint8_t by) {
    if (t < time) time = t, found = by;
  }
};

}  // namespace gridgov::models::visiting
