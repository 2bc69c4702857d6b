#include "analysis/Statistics.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <mutex>
#include <stdexcept>
#include <tuple>

#include <boost/math/distributions/students_t.hpp>

namespace gridgov::analysis {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

void require_confidence(double confidence) {
  if (!(confidence > 0.0 && confidence < 1.0)) {
    throw std::invalid_argument("confidence must be in (0, 1)");
  }
}

void require_probability(double q) {
  if (!(q >= 0.0 && q <= 1.0)) {
    throw std::invalid_argument("quantile level q must be in [0, 1]");
  }
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Batch summaries

double quantile_sorted(std::span<const double> sorted, double q) {
  require_probability(q);
  if (sorted.empty()) {
    return kNaN;
  }
  const double h = static_cast<double>(sorted.size() - 1) * q;
  const double fl = std::floor(h);
  const auto lo = static_cast<std::size_t>(fl);
  if (lo + 1 >= sorted.size()) {
    return sorted.back();
  }
  const double frac = h - fl;
  if (frac == 0.0) {
    return sorted[lo];
  }
  return sorted[lo] + frac * (sorted[lo + 1] - sorted[lo]);
}

double t_critical(double confidence, std::size_t dof) {
  require_confidence(confidence);
  if (dof == 0) {
    return kNaN;
  }
  const boost::math::students_t dist(static_cast<double>(dof));
  return boost::math::quantile(dist, 0.5 * (1.0 + confidence));
}

Summary summarize(std::span<const double> values, double confidence) {
  require_confidence(confidence);
  std::vector<double> v;
  v.reserve(values.size());
  for (double x : values) {
    if (!std::isnan(x)) {
      v.push_back(x);
    }
  }
  Summary s{v.size(), kNaN, kNaN, kNaN, kNaN, kNaN, kNaN, kNaN, kNaN, kNaN};
  if (v.empty()) {
    return s;
  }
  const double n = static_cast<double>(v.size());
  double sum = 0.0;
  for (double x : v) {
    sum += x;
  }
  s.mean = sum / n;
  if (v.size() >= 2) {
    double ss = 0.0;
    for (double x : v) {
      const double d = x - s.mean;
      ss += d * d;
    }
    s.sd = std::sqrt(ss / (n - 1.0));
    const double half = t_critical(confidence, v.size() - 1) * s.sd / std::sqrt(n);
    s.ci_low = s.mean - half;
    s.ci_high = s.mean + half;
  }
  std::sort(v.begin(), v.end());
  s.min = v.front();
  s.max = v.back();
  s.median = quantile_sorted(v, 0.5);
  s.p10 = quantile_sorted(v, 0.1);
  s.p90 = quantile_sorted(v, 0.9);
  return s;
}

// ---------------------------------------------------------------------------------------------
// RunningStats

void RunningStats::add(double x) {
  if (std::isnan(x)) {
    return;
  }
  ++n_;
  const double delta = x - mean_;
  mean_ += delta / static_cast<double>(n_);
  m2_ += delta * (x - mean_);
  min_ = std::min(min_, x);
  max_ = std::max(max_, x);
}

void RunningStats::merge(const RunningStats& other) {
  if (other.n_ == 0) {
    return;
  }
  if (n_ == 0) {
    *this = other;
    return;
  }
  const double na = static_cast<double>(n_);
  const double nb = static_cast<double>(other.n_);
  const double nt = na + nb;
  const double delta = other.mean_ - mean_;
  mean_ += delta * (nb / nt);
  m2_ += other.m2_ + delta * delta * (na * nb / nt);
  n_ += other.n_;
  min_ = std::min(min_, other.min_);
  max_ = std::max(max_, other.max_);
}

double RunningStats::mean() const { return n_ == 0 ? kNaN : mean_; }

double RunningStats::variance() const { return n_ < 2 ? kNaN : m2_ / static_cast<double>(n_ - 1); }

double RunningStats::sd() const { return std::sqrt(variance()); }

double RunningStats::min() const { return n_ == 0 ? kNaN : min_; }

double RunningStats::max() const { return n_ == 0 ? kNaN : max_; }

// ---------------------------------------------------------------------------------------------
// LogHistogram

namespace {
/// The edges lo * 10^(i / bins_per_decade), i = 0 .. bins, of one layout, computed once per
/// process and shared (thread-safe).
std::shared_ptr<const std::vector<double>> shared_edges(double lo, unsigned bins_per_decade, std::size_t bins) {
  static std::mutex m;
  static std::map<std::tuple<double, unsigned, std::size_t>, std::shared_ptr<const std::vector<double>>> cache;
  const std::lock_guard<std::mutex> lock(m);
  auto& slot = cache[{lo, bins_per_decade, bins}];
  if (!slot) {
    auto e = std::make_shared<std::vector<double>>(bins + 1);
    for (std::size_t i = 0; i <= bins; ++i)
      (*e)[i] = lo * std::pow(10.0, static_cast<double>(i) / static_cast<double>(bins_per_decade));
    slot = std::move(e);
  }
  return slot;
}
}  // namespace

LogHistogram::LogHistogram(double lo, double hi, unsigned bins_per_decade) : lo_(lo), hi_(hi), bins_per_decade_(bins_per_decade) {
  if (!(std::isfinite(lo) && std::isfinite(hi) && lo > 0.0 && hi > lo)) {
    throw std::invalid_argument("LogHistogram: requires finite 0 < lo < hi");
  }
  if (bins_per_decade == 0) {
    throw std::invalid_argument("LogHistogram: bins_per_decade must be >= 1");
  }
  constexpr double kMaxBins = 16777216.0;  // 2^24
  // Small slack so that e.g. hi / lo = 1e9 is not pushed to an extra bin by rounding of log10.
  const double exact = std::log10(hi / lo) * static_cast<double>(bins_per_decade);
  const double bins = std::max(1.0, std::ceil(exact - 1e-9));
  if (bins > kMaxBins) {
    throw std::invalid_argument("LogHistogram: too many bins");
  }
  slots_ = static_cast<std::size_t>(bins) + 2;  // the counts are allocated at the first observation
  edges_ = shared_edges(lo_, bins_per_decade_, bin_count());
  hi_ = edge(bin_count());
}

void LogHistogram::allocate() {
  if (counts_.empty()) counts_.assign(slots_, 0);
}

double LogHistogram::edge(std::size_t i) const { return (*edges_)[i]; }

std::uint64_t LogHistogram::bin(std::size_t i) const {
  if (i >= bin_count()) {
    throw std::out_of_range("LogHistogram::bin: index out of range");
  }
  return counts_.empty() ? 0 : counts_[i + 1];
}

std::size_t LogHistogram::slot_of(double x) const {
  if (x <= lo_) {
    return 0;
  }
  const std::size_t nb = bin_count();
  if (x > hi_) {
    return nb + 1;
  }
  // Initial guess from the logarithm, then fix-up against the exact edges (bins are (e_i, e_{i+1}]).
  const double guess = std::ceil(std::log10(x / lo_) * static_cast<double>(bins_per_decade_)) - 1.0;
  std::size_t i = static_cast<std::size_t>(std::clamp(guess, 0.0, static_cast<double>(nb - 1)));
  while (i > 0 && x <= edge(i)) {
    --i;
  }
  while (i + 1 < nb && x > edge(i + 1)) {
    ++i;
  }
  return i + 1;
}

void LogHistogram::add(double x, std::uint64_t count) {
  if (std::isnan(x) || count == 0) {
    return;
  }
  allocate();
  counts_[slot_of(x)] += count;
  total_ += count;
  sum_ += x * static_cast<double>(count);
  min_ = std::min(min_, x);
  max_ = std::max(max_, x);
}

void LogHistogram::add_all(std::span<const double> xs) {
  if (xs.empty()) return;
  allocate();
  for (const double x : xs)
    if (!std::isnan(x)) __builtin_prefetch(&counts_[slot_of(x)], 1);
  for (const double x : xs) add(x, 1);
}

bool LogHistogram::same_layout(const LogHistogram& other) const {
  return lo_ == other.lo_ && bins_per_decade_ == other.bins_per_decade_ && slots_ == other.slots_;
}

void LogHistogram::merge(const LogHistogram& other) {
  if (!same_layout(other)) {
    throw std::invalid_argument("LogHistogram::merge: layouts differ");
  }
  if (!other.counts_.empty()) {
    allocate();
    for (std::size_t i = 0; i < counts_.size(); ++i) {
      counts_[i] += other.counts_[i];
    }
  }
  total_ += other.total_;
  sum_ += other.sum_;
  min_ = std::min(min_, other.min_);
  max_ = std::max(max_, other.max_);
}

void LogHistogram::clear() {
  std::fill(counts_.begin(), counts_.end(), std::uint64_t{0});
  total_ = 0;
  sum_ = 0.0;
  min_ = std::numeric_limits<double>::infinity();
  max_ = -std::numeric_limits<double>::infinity();
}

double LogHistogram::mean() const { return total_ == 0 ? kNaN : sum_ / static_cast<double>(total_); }

double LogHistogram::min() const { return total_ == 0 ? kNaN : min_; }

double LogHistogram::max() const { return total_ == 0 ? kNaN : max_; }

double LogHistogram::quantile(double q) const {
  require_probability(q);
  if (total_ == 0) {
    return kNaN;
  }
  if (q == 0.0) {
    return min_;
  }
  if (q == 1.0) {
    return max_;
  }
  // Point on the cumulative-count scale: middle of the slot of the type-7 position.
  const double target = static_cast<double>(total_ - 1) * q + 0.5;
  double before = 0.0;
  std::size_t slot = counts_.size() - 1;
  double frac = 1.0;
  for (std::size_t s = 0; s < counts_.size(); ++s) {
    if (counts_[s] == 0) {
      continue;
    }
    const double c = static_cast<double>(counts_[s]);
    if (target < before + c) {
      slot = s;
      frac = (target - before) / c;
      break;
    }
    before += c;
  }
  double value = 0.0;
  if (slot == 0) {
    value = lo_;
  } else if (slot == counts_.size() - 1) {
    value = hi_ * std::pow(max_ / hi_, frac);
  } else {
    const std::size_t i = slot - 1;
    value = lo_ * std::pow(10.0, (static_cast<double>(i) + frac) / static_cast<double>(bins_per_decade_));
  }
  return std::clamp(value, min_, max_);
}

}  // namespace gridgov::analysis
