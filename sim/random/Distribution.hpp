// Duration and quantity distributions, and free samplers for hot loops. Everything here draws from
// a gridgov::random::Stream; no std::*_distribution is used anywhere, so results are identical across
// standard libraries and platforms (given the same libm for log/exp/cos).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "sim/random/Stream.hpp"

namespace gridgov::random {

/// Which family a Distribution belongs to.
enum class DistKind : std::uint8_t { Fixed, Exponential, Lognormal, Gamma, Uniform, Empirical };

/// Tabulated distribution used by DistKind::Empirical. Immutable once built (shared between copies
/// of a Distribution).
///
/// Invariants: values.size() == cumulative.size() >= 1; cumulative is non-decreasing, each entry in
/// [0, 1], and cumulative.back() == 1 exactly.
///  - interpolate == false (discrete): P(X = values[i]) = cumulative[i] - cumulative[i-1]
///    (cumulative[-1] taken as 0). values need not be sorted.
///  - interpolate == true (continuous, piecewise-linear CDF): values are sorted non-decreasing and
///    F(values[i]) = cumulative[i]; between consecutive values the CDF is linear, i.e. weight i (i>=1)
///    is spread uniformly over [values[i-1], values[i]]. Weight 0 is a point mass at values[0]
///    (give it weight 0 for a purely continuous table, e.g. percentiles 0%, 50%, 100%).
struct EmpiricalTable {
  std::vector<double> values;      ///< support points, in the model's unit
  std::vector<double> cumulative;  ///< normalised cumulative weights, last entry exactly 1
  bool interpolate = false;        ///< false: discrete values; true: piecewise-linear CDF
};

/// A duration or quantity distribution. All parameters are already in the model's unit (hours for
/// durations); the YAML loader converts units, validates ranges and fills these fields. Only
/// asserts guard preconditions here.
struct Distribution {
  /// The family; selects which of the fields below are meaningful.
  DistKind kind = DistKind::Fixed;
  /// Fixed: the value (mean). Exponential: the mean (> 0). Lognormal, Gamma: mean (> 0) and standard
  /// deviation (>= 0) of the variable itself, not of its log; sd == 0 degenerates to the fixed
  /// value `mean`. Unused for Uniform and Empirical.
  double mean = 0, sd = 0;
  /// Uniform bounds, lo <= hi. Unused otherwise.
  double lo = 0, hi = 0;
  /// Derived parameters, set by the factories so that sample() does not recompute them: lognormal
  /// mu and sigma, gamma shape and scale. Build distributions with the factories (changing mean
  /// or sd afterwards would leave these stale).
  double p1 = 0, p2 = 0;
  /// Empirical table (non-null for DistKind::Empirical, ignored otherwise).
  std::shared_ptr<const EmpiricalTable> table;

  /// One draw from `s`. Fixed (and degenerate sd == 0) draws consume nothing from the stream.
  /// Lognormal: exp(mu + sigma Z), sigma^2 = ln(1 + sd^2/mean^2), mu = ln(mean) - sigma^2/2.
  /// Gamma: shape = mean^2/sd^2, scale = sd^2/mean. Empirical with a null table returns NaN
  /// (asserted in debug builds).
  double sample(Stream& s) const noexcept;
  /// Theoretical mean of the distribution (same unit as the samples).
  double expected() const noexcept;
  /// Theoretical variance of the distribution (unit squared).
  double variance() const noexcept;

  /// Always `v`.
  static Distribution fixed(double v);
  /// Exponential with the given mean (> 0).
  static Distribution exponential(double mean);
  /// Lognormal with the given mean (> 0) and standard deviation (>= 0) of the variable itself.
  static Distribution lognormal(double mean, double sd);
  /// Gamma with the given mean (> 0) and standard deviation (>= 0).
  static Distribution gamma(double mean, double sd);
  /// Continuous uniform on [lo, hi] (lo <= hi).
  static Distribution uniform(double lo, double hi);
  /// Empirical distribution from `values` and non-negative `weights` (same length >= 1, positive
  /// total; weights need not be normalised). See EmpiricalTable for the meaning of `interpolate`;
  /// with interpolate == true, values must be sorted non-decreasing.
  static Distribution empirical(std::vector<double> values, std::vector<double> weights, bool interpolate);

  /// Human-readable form for messages, e.g. "lognormal(mean=3, sd=2)", "fixed(1.5)",
  /// "uniform(lo=0, hi=4)", "empirical(n=3, discrete)". Numbers use the shortest round-trip form.
  std::string describe() const;
};

/// Exponential draw with the given mean: -mean * log(u), u ~ U(0,1). One uniform.
double sample_exponential(Stream& s, double mean) noexcept;

/// Standard normal draw by the ziggurat method (Marsaglia & Tsang 2000; 128 layers with an
/// independent layer index, Doornik 2005): usually one 32-bit word and one uniform, more on the
/// rare rejections. Stateless (nothing cached between draws).
double sample_standard_normal(Stream& s) noexcept;

/// Gamma(shape, scale) draw, mean shape*scale: Marsaglia & Tsang (2000) squeeze/rejection for
/// shape >= 1; for 0 < shape < 1, a Gamma(shape + 1) draw times u^(1/shape). Returns 0 for
/// shape <= 0 or scale <= 0 (asserted).
double sample_gamma(Stream& s, double shape, double scale) noexcept;

/// Number of Bernoulli(p) trials up to and including the first success (>= 1), by inversion
/// ceil(log(u) / log1p(-p)); one uniform. p in (0, 1] (asserted); p >= 1 returns 1 without drawing.
/// Results beyond UINT32_MAX are clamped to UINT32_MAX.
std::uint32_t sample_geometric_trials(Stream& s, double p) noexcept;

/// Exact Poisson(mean) draw: sequential inversion (one uniform) for mean < 30, Hörmann's PTRS
/// transformed rejection (1993) for mean >= 30. Returns 0 for mean <= 0; clamps to UINT32_MAX.
std::uint32_t sample_poisson(Stream& s, double mean) noexcept;

/// Index i in [0, n) drawn with probability proportional to cumulative[i] - cumulative[i-1]
/// (cumulative[-1] = 0). `cumulative` is non-decreasing with a positive last entry (any total);
/// zero-weight entries are never returned. One uniform plus a binary search. n >= 1 (asserted).
std::size_t sample_categorical(Stream& s, const double* cumulative, std::size_t n) noexcept;

/// ln(k!) for any k: a table for small k, Stirling's series beyond (relative error < 1e-15).
/// Thread-safe.
double log_factorial(std::uint64_t k) noexcept;

}  // namespace gridgov::random
