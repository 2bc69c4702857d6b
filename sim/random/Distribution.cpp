#include "sim/random/Distribution.hpp"

#include <algorithm>
#include <array>
#include <cassert>
#include <charconv>
#include <cmath>
#include <limits>
#include <numbers>
#include <utility>

namespace gridgov::random {

namespace {

constexpr double kTwoPi = 2.0 * std::numbers::pi;
constexpr double kUint32Max = static_cast<double>(std::numeric_limits<std::uint32_t>::max());

/// Shortest round-trip decimal form of `x` ("3", "0.1", "1e+300", "inf", "nan").
std::string number(double x) {
  std::array<char, 64> buf{};
  const auto res = std::to_chars(buf.data(), buf.data() + buf.size(), x);
  return std::string(buf.data(), res.ptr);
}

/// Poisson by sequential search of the CDF from 0 with a single uniform (exact up to rounding of
/// the running sum); intended for mean < 30, where exp(-mean) > 9e-14 does not underflow.
std::uint32_t poisson_inversion(Stream& s, double mean) noexcept {
  const double u = s.uniform();
  double p = std::exp(-mean);
  double cdf = p;
  std::uint32_t k = 0;
  while (u > cdf) {
    ++k;
    p *= mean / static_cast<double>(k);
    const double next = cdf + p;
    if (next == cdf) break;  // the remaining tail is below rounding: stop here
    cdf = next;
  }
  return k;
}

/// Poisson by Hörmann's PTRS transformed rejection ("The transformed rejection method for
/// generating Poisson random variables", Insurance: Mathematics and Economics 12, 1993).
/// Valid for mean >= 10; used here for mean >= 30. Two uniforms per trial; acceptance ~ 0.9+.
std::uint32_t poisson_ptrs(Stream& s, double mean) noexcept {
  const double sqrt_mean = std::sqrt(mean);
  const double log_mean = std::log(mean);
  const double b = 0.931 + 2.53 * sqrt_mean;
  const double a = -0.059 + 0.02483 * b;
  const double log_inv_alpha = std::log(1.1239 + 1.1328 / (b - 3.4));
  const double v_r = 0.9277 - 3.6224 / (b - 2.0);
  for (;;) {
    const double u = s.uniform() - 0.5;
    const double v = s.uniform();
    const double us = 0.5 - std::fabs(u);
    const double k = std::floor((2.0 * a / us + b) * u + mean + 0.43);
    if (us >= 0.07 && v <= v_r)
      return k >= kUint32Max ? std::numeric_limits<std::uint32_t>::max() : static_cast<std::uint32_t>(k);
    if (k < 0.0 || (us < 0.013 && v > us)) continue;
    if (k >= 0x1.0p63) continue;  // astronomically unlikely; its acceptance probability is nil
    const double lhs = std::log(v) + log_inv_alpha - std::log(a / (us * us) + b);
    const double rhs = -mean + k * log_mean - log_factorial(static_cast<std::uint64_t>(k));
    if (lhs <= rhs) return k >= kUint32Max ? std::numeric_limits<std::uint32_t>::max() : static_cast<std::uint32_t>(k);
  }
}

constexpr std::size_t kLogFactorialTable = 256;

}  // namespace

double log_factorial(std::uint64_t k) noexcept {
  // Table by accumulating logs in extended precision; thread-safe static initialisation.
  static const std::array<double, kLogFactorialTable> table = [] {
    std::array<double, kLogFactorialTable> t{};
    long double acc = 0.0L;
    t[0] = 0.0;
    for (std::size_t i = 1; i < t.size(); ++i) {
      acc += std::log(static_cast<long double>(i));
      t[i] = static_cast<double>(acc);
    }
    return t;
  }();
  if (k < kLogFactorialTable) return table[k];
  // Stirling's series for ln Gamma(x), x = k + 1 >= 257: truncation error < 1/(1680 x^7).
  const double x = static_cast<double>(k) + 1.0;
  const double inv = 1.0 / x;
  const double inv2 = inv * inv;
  const double series = inv * (1.0 / 12.0 - inv2 * (1.0 / 360.0 - inv2 * (1.0 / 1260.0)));
  return (x - 0.5) * std::log(x) - x + 0.5 * std::log(kTwoPi) + series;
}

double sample_exponential(Stream& s, double mean) noexcept { return -mean * std::log(s.uniform()); }

namespace {
/// Layers of the ziggurat for the standard normal (Marsaglia & Tsang 2000, with Doornik's 2005
/// independent layer index and uniform): 128 strips of equal area V, the base strip holding the
/// tail beyond R. x[i] is the right edge of strip i (x[0] = V / f(R) for the base), x[128] = 0.
struct Ziggurat {
  static constexpr int kLayers = 128;
  static constexpr double kR = 3.442619855899;
  static constexpr double kV = 9.91256303526217e-3;
  double x[kLayers + 1];
  double ratio[kLayers];  ///< x[i+1] / x[i]: the share of strip i inside the strip above it
  Ziggurat() {
    double f = std::exp(-0.5 * kR * kR);
    x[0] = kV / f;
    x[1] = kR;
    x[kLayers] = 0.0;
    for (int i = 2; i < kLayers; ++i) {
      x[i] = std::sqrt(-2.0 * std::log(kV / x[i - 1] + f));
      f = std::exp(-0.5 * x[i] * x[i]);
    }
    for (int i = 0; i < kLayers; ++i) ratio[i] = x[i + 1] / x[i];
  }
};
const Ziggurat& ziggurat() {
  static const Ziggurat z;
  return z;
}
}  // namespace

double sample_standard_normal(Stream& s) noexcept {
  const Ziggurat& z = ziggurat();
  for (;;) {
    const auto i = static_cast<int>(s.next_u32() & 0x7Fu);
    const double u = 2.0 * s.uniform() - 1.0;          // (-1, 1)
    if (std::fabs(u) < z.ratio[i]) return u * z.x[i];  // inside the rectangle: about 98.8% of draws
    if (i == 0) {
      // The tail beyond R (Marsaglia 1964).
      double xt = 0.0, yt = 0.0;
      do {
        xt = std::log(s.uniform()) / Ziggurat::kR;
        yt = std::log(s.uniform());
      } while (-2.0 * yt < xt * xt);
      return u < 0.0 ? xt - Ziggurat::kR : Ziggurat::kR - xt;
    }
    // The wedge between the rectangle and the density.
    const double xx = u * z.x[i];
    const double f0 = std::exp(-0.5 * (z.x[i] * z.x[i] - xx * xx));
    const double f1 = std::exp(-0.5 * (z.x[i + 1] * z.x[i + 1] - xx * xx));
    if (f1 + s.uniform() * (f0 - f1) < 1.0) return xx;
  }
}

double sample_gamma(Stream& s, double shape, double scale) noexcept {
  assert(shape > 0.0 && scale > 0.0);
  if (!(shape > 0.0) || !(scale > 0.0)) return 0.0;
  if (shape < 1.0) {
    // Gamma(shape) = Gamma(shape + 1) * U^(1/shape) (Marsaglia & Tsang, section 6).
    const double g = sample_gamma(s, shape + 1.0, scale);
    return g * std::pow(s.uniform(), 1.0 / shape);
  }
  const double d = shape - 1.0 / 3.0;
  const double c = 1.0 / std::sqrt(9.0 * d);
  for (;;) {
    double x = 0.0;
    double v = 0.0;
    do {
      x = sample_standard_normal(s);
      v = 1.0 + c * x;
    } while (v <= 0.0);
    v = v * v * v;
    const double u = s.uniform();
    const double x2 = x * x;
    if (u < 1.0 - 0.0331 * x2 * x2) return d * v * scale;
    if (std::log(u) < 0.5 * x2 + d * (1.0 - v + std::log(v))) return d * v * scale;
  }
}

std::uint32_t sample_geometric_trials(Stream& s, double p) noexcept {
  assert(p > 0.0 && p <= 1.0);
  if (p >= 1.0) return 1;
  if (!(p > 0.0)) return std::numeric_limits<std::uint32_t>::max();
  // log(u) < 0 and log1p(-p) < 0, so the ratio is positive and its ceiling is >= 1.
  const double trials = std::ceil(std::log(s.uniform()) / std::log1p(-p));
  if (!(trials < kUint32Max)) return std::numeric_limits<std::uint32_t>::max();
  return trials < 1.0 ? 1u : static_cast<std::uint32_t>(trials);
}

std::uint32_t sample_poisson(Stream& s, double mean) noexcept {
  if (!(mean > 0.0)) return 0;
  return mean < 30.0 ? poisson_inversion(s, mean) : poisson_ptrs(s, mean);
}

std::size_t sample_categorical(Stream& s, const double* cumulative, std::size_t n) noexcept {
  assert(n > 0 && cumulative != nullptr && cumulative[n - 1] > 0.0);
  if (n <= 1) return 0;
  const double target = s.uniform() * cumulative[n - 1];
  std::size_t i = static_cast<std::size_t>(std::upper_bound(cumulative, cumulative + n, target) - cumulative);
  if (i >= n) {
    // target rounded up to the total: take the last entry with positive weight.
    i = n - 1;
    while (i > 0 && !(cumulative[i] > cumulative[i - 1])) --i;
  }
  return i;
}

// ---------------------------------------------------------------------------------------------
// Distribution

double Distribution::sample(Stream& s) const noexcept {
  switch (kind) {
    case DistKind::Fixed:
      return mean;
    case DistKind::Exponential:
      return sample_exponential(s, mean);
    case DistKind::Lognormal: {
      if (!(sd > 0.0)) return mean;
      assert(mean > 0.0);
      return std::exp(p1 + p2 * sample_standard_normal(s));
    }
    case DistKind::Gamma: {
      if (!(sd > 0.0)) return mean;
      assert(mean > 0.0);
      return sample_gamma(s, p1, p2);
    }
    case DistKind::Uniform:
      return lo + (hi - lo) * s.uniform();
    case DistKind::Empirical: {
      assert(table && !table->values.empty());
      if (!table || table->values.empty()) return std::numeric_limits<double>::quiet_NaN();
      const EmpiricalTable& t = *table;
      const std::size_t n = t.values.size();
      if (!t.interpolate) return t.values[sample_categorical(s, t.cumulative.data(), n)];
      const double u = s.uniform();
      const auto i =
          static_cast<std::size_t>(std::upper_bound(t.cumulative.begin(), t.cumulative.end(), u) - t.cumulative.begin());
      if (i == 0) return t.values[0];      // point mass at the first value
      if (i >= n) return t.values[n - 1];  // unreachable: u < 1 == cumulative.back()
      const double c0 = t.cumulative[i - 1];
      const double c1 = t.cumulative[i];  // c1 > u >= c0, so c1 > c0
      const double frac = (u - c0) / (c1 - c0);
      return t.values[i - 1] + frac * (t.values[i] - t.values[i - 1]);
    }
  }
  return mean;
}

double Distribution::expected() const noexcept {
  switch (kind) {
    case DistKind::Fixed:
    case DistKind::Exponential:
    case DistKind::Lognormal:
    case DistKind::Gamma:
      return mean;
    case DistKind::Uniform:
      return 0.5 * (lo + hi);
    case DistKind::Empirical: {
      if (!table || table->values.empty()) return std::numeric_limits<double>::quiet_NaN();
      const EmpiricalTable& t = *table;
      double m = t.cumulative[0] * t.values[0];
      for (std::size_t i = 1; i < t.values.size(); ++i) {
        const double w = t.cumulative[i] - t.cumulative[i - 1];
        m += w * (t.interpolate ? 0.5 * (t.values[i - 1] + t.values[i]) : t.values[i]);
      }
      return m;
    }
  }
  return mean;
}

double Distribution::variance() const noexcept {
  switch (kind) {
    case DistKind::Fixed:
      return 0.0;
    case DistKind::Exponential:
      return mean * mean;
    case DistKind::Lognormal:
    case DistKind::Gamma:
      return sd * sd;
    case DistKind::Uniform:
      return (hi - lo) * (hi - lo) / 12.0;
    case DistKind::Empirical: {
      if (!table || table->values.empty()) return std::numeric_limits<double>::quiet_NaN();
      const EmpiricalTable& t = *table;
      const double m = expected();
      const double d0 = t.values[0] - m;
      double var = t.cumulative[0] * d0 * d0;
      for (std::size_t i = 1; i < t.values.size(); ++i) {
        const double w = t.cumulative[i] - t.cumulative[i - 1];
        const double b = t.values[i] - m;
        if (t.interpolate) {
          const double a = t.values[i - 1] - m;
          var += w * (a * a + a * b + b * b) / 3.0;  // E[(X-m)^2] for X uniform on the segment
        } else {
          var += w * b * b;
        }
      }
      return var;
    }
  }
  return 0.0;
}

Distribution Distribution::fixed(double v) {
  Distribution d;
  d.kind = DistKind::Fixed;
  d.mean = v;
  return d;
}

Distribution Distribution::exponential(double mean) {
  assert(mean >= 0.0);
  Distribution d;
  d.kind = DistKind::Exponential;
  d.mean = mean;
  return d;
}

Distribution Distribution::lognormal(double mean, double sd) {
  assert(sd >= 0.0 && (sd == 0.0 || mean > 0.0));
  Distribution d;
  d.kind = DistKind::Lognormal;
  d.mean = mean;
  d.sd = sd;
  if (sd > 0.0 && mean > 0.0) {
    const double cv = sd / mean;
    const double sigma2 = std::log1p(cv * cv);
    d.p1 = std::log(mean) - 0.5 * sigma2;  // mu
    d.p2 = std::sqrt(sigma2);              // sigma
  }
  return d;
}

Distribution Distribution::gamma(double mean, double sd) {
  assert(sd >= 0.0 && (sd == 0.0 || mean > 0.0));
  Distribution d;
  d.kind = DistKind::Gamma;
  d.mean = mean;
  d.sd = sd;
  if (sd > 0.0 && mean > 0.0) {
    const double cv = sd / mean;
    d.p1 = 1.0 / (cv * cv);  // shape
    d.p2 = sd * cv;          // scale
  }
  return d;
}

Distribution Distribution::uniform(double lo, double hi) {
  assert(lo <= hi);
  Distribution d;
  d.kind = DistKind::Uniform;
  d.lo = lo;
  d.hi = hi;
  return d;
}

Distribution Distribution::empirical(std::vector<double> values, std::vector<double> weights, bool interpolate) {
  assert(!values.empty() && values.size() == weights.size());
  assert(!interpolate || std::is_sorted(values.begin(), values.end()));
  auto t = std::make_shared<EmpiricalTable>();
  t->interpolate = interpolate;
  t->cumulative.resize(weights.size());
  double total = 0.0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    assert(weights[i] >= 0.0);
    total += weights[i];
    t->cumulative[i] = total;
  }
  assert(total > 0.0);
  for (double& c : t->cumulative) c /= total;
  if (!t->cumulative.empty()) t->cumulative.back() = 1.0;
  t->values = std::move(values);
  Distribution d;
  d.kind = DistKind::Empirical;
  d.table = std::move(t);
  return d;
}

std::string Distribution::describe() const {
  switch (kind) {
    case DistKind::Fixed:
      return "fixed(" + number(mean) + ")";
    case DistKind::Exponential:
      return "exponential(mean=" + number(mean) + ")";
    case DistKind::Lognormal:
      return "lognormal(mean=" + number(mean) + ", sd=" + number(sd) + ")";
    case DistKind::Gamma:
      return "gamma(mean=" + number(mean) + ", sd=" + number(sd) + ")";
    case DistKind::Uniform:
      return "uniform(lo=" + number(lo) + ", hi=" + number(hi) + ")";
    case DistKind::Empirical:
      if (!table) return "empirical(<no table>)";
      return "empirical(n=" + std::to_string(table->values.size()) + (table->interpolate ? ", interpolated)" : ", discrete)");
  }
  return "unknown";
}

}  // namespace gridgov::random
