// Summary statistics across simulation replicates: batch summaries with t confidence
// intervals, a mergeable streaming mean/variance accumulator, and a log-spaced histogram
// for quantiles of durations without storing the samples.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <span>
#include <vector>

namespace gridgov::analysis {

/// Summary of a sample (units are those of the input values).
/// Invariants when n >= 1: min <= p10 <= median <= p90 <= max; ci_low <= mean <= ci_high when n >= 2.
struct Summary {
  std::size_t n;   ///< Number of non-NaN values summarised.
  double mean;     ///< Arithmetic mean (NaN if n == 0).
  double sd;       ///< Sample standard deviation with n - 1 denominator (NaN if n < 2).
  double ci_low;   ///< Lower end of the two-sided t confidence interval for the mean (NaN if n < 2).
  double ci_high;  ///< Upper end of that interval (NaN if n < 2).
  double median;   ///< 0.5 quantile, type 7 (NaN if n == 0).
  double p10;      ///< 0.1 quantile, type 7 (NaN if n == 0).
  double p90;      ///< 0.9 quantile, type 7 (NaN if n == 0).
  double min;      ///< Smallest value (NaN if n == 0).
  double max;      ///< Largest value (NaN if n == 0).
};

/// Summarises `values`: mean, sample sd (n - 1), CI mean +- t_{(1+confidence)/2, n-1} sd / sqrt(n)
/// (Student t quantile from Boost.Math), quantiles by linear interpolation between order
/// statistics (Hyndman-Fan type 7, the R / numpy default). NaN inputs are ignored and not
/// counted in n; infinities are kept (and propagate into mean/sd). n == 0: every field NaN;
/// n == 1: sd and CI NaN, the rest equal the single value. The mean is computed in two passes
/// in input order (deterministic). Requires 0 < confidence < 1 (std::invalid_argument).
Summary summarize(std::span<const double> values, double confidence = 0.95);

/// Type 7 quantile of an ascending-sorted, NaN-free sample: with h = (n - 1) q,
/// x[floor h] + (h - floor h) (x[floor h + 1] - x[floor h]). Empty input gives NaN.
/// Requires 0 <= q <= 1 (std::invalid_argument). Sortedness is the caller's responsibility.
double quantile_sorted(std::span<const double> sorted, double q);

/// Two-sided Student t critical value: the (1 + confidence)/2 quantile of t with `dof` degrees
/// of freedom (e.g. t_critical(0.95, 9) = 2.262157). dof == 0 gives NaN.
/// Requires 0 < confidence < 1 (std::invalid_argument).
double t_critical(double confidence, std::size_t dof);

/// Welford accumulator for streaming count / mean / variance / extremes.
/// NaN inputs are ignored (not counted); infinite inputs make mean and variance non-finite. merge() uses the Chan et al. pairwise
/// update; the floating-point result depends on the order of add/merge calls, so merge replicates in a fixed order (e.g. by
/// replicate index) for bit-reproducible output.
class RunningStats {
 public:
  /// Adds one observation (ignored if NaN).
  void add(double x);
  /// Folds another accumulator into this one; equivalent (up to rounding) to adding its values.
  void merge(const RunningStats& other);
  /// Number of observations added.
  [[nodiscard]] std::size_t n() const { return n_; }
  /// Mean of the observations (NaN if n == 0).
  [[nodiscard]] double mean() const;
  /// Sample variance with n - 1 denominator (NaN if n < 2).
  [[nodiscard]] double variance() const;
  /// Sample standard deviation sqrt(variance()) (NaN if n < 2).
  [[nodiscard]] double sd() const;
  /// Smallest observation (NaN if n == 0).
  [[nodiscard]] double min() const;
  /// Largest observation (NaN if n == 0).
  [[nodiscard]] double max() const;
  /// Resets to the empty state.
  void clear() { *this = RunningStats{}; }

 private:
  std::size_t n_ = 0;
  double mean_ = 0.0;
  double m2_ = 0.0;  // sum of squared deviations from the mean
  double min_ = std::numeric_limits<double>::infinity();
  double max_ = -std::numeric_limits<double>::infinity();
};

/// Log-spaced histogram for quantiles of positive durations (hours) without storing samples.
///
/// Layout: regular bin i (0 <= i < bin_count()) covers (e_i, e_{i+1}] with
/// e_i = lo * 10^(i / bins_per_decade), so edges are exact powers (e_0 == lo). The number of bins
/// is ceil(log10(hi / lo) * bins_per_decade), so the top edge upper_edge() may round hi up to a
/// whole bin. Values x <= lo (including 0 and negatives) go to the underflow bin, values
/// x > upper_edge() to the overflow bin, NaN is ignored. Exact min, max and sum are also tracked.
///
/// Quantiles: the sample of rank r (0-based) owns the cumulative-count interval [r, r + 1); the
/// type-7 position h = (count - 1) q is mapped to the point h + 1/2 of that scale, located in a
/// bin, and interpolated log-linearly inside the bin, then clamped to [min(), max()]. Hence a
/// quantile is exact to within the bin ratio 10^(1/bins_per_decade) (1.16% at 200/decade)
/// whenever the neighbouring order statistics share a bin. Special cases: q == 0 and q == 1
/// return the exact min() / max(); a point in the underflow bin reports lo (clamped, so below lo
/// when every sample is); a point in the overflow bin is interpolated log-linearly between
/// upper_edge() and max().
///
/// Memory: one std::uint64_t per bin (1802 counts by default).
class LogHistogram {
 public:
  /// Builds an empty histogram. Requires 0 < lo < hi, both finite, and bins_per_decade >= 1,
  /// with at most 2^24 bins in total (std::invalid_argument otherwise).
  explicit LogHistogram(double lo = 1e-3, double hi = 1e6, unsigned bins_per_decade = 200);

  /// Adds one observation (ignored if NaN).
  void add(double x) { add(x, 1); }
  /// Adds `count` copies of the observation x (ignored if NaN or count == 0).
  void add(double x, std::uint64_t count);
  /// Adds each value of `xs` in order, exactly as add() one by one would, but first asks for
  /// all their bins at once (the bins' cache misses then overlap).
  void add_all(std::span<const double> xs);
  /// Adds the other histogram's counts; std::invalid_argument unless same_layout(other).
  void merge(const LogHistogram& other);
  /// True when lo, bins_per_decade and the bin count are identical.
  [[nodiscard]] bool same_layout(const LogHistogram& other) const;

  /// Total number of observations, including underflow and overflow.
  [[nodiscard]] std::uint64_t count() const { return total_; }
  /// Estimated q quantile (see class comment). NaN when empty; std::invalid_argument unless 0 <= q <= 1.
  [[nodiscard]] double quantile(double q) const;
  /// Exact mean of the observations (sum / count; NaN when empty).
  [[nodiscard]] double mean() const;
  /// Exact smallest observation (NaN when empty).
  [[nodiscard]] double min() const;
  /// Exact largest observation (NaN when empty).
  [[nodiscard]] double max() const;

  /// Lower edge lo of the regular range.
  [[nodiscard]] double lower_edge() const { return lo_; }
  /// Upper edge of the regular range (>= the hi given to the constructor).
  [[nodiscard]] double upper_edge() const { return hi_; }
  /// Bins per decade.
  [[nodiscard]] unsigned bins_per_decade() const { return bins_per_decade_; }
  /// Number of regular bins (excluding underflow and overflow).
  [[nodiscard]] std::size_t bin_count() const { return slots_ - 2; }
  /// Edge e_i = lo * 10^(i / bins_per_decade) for 0 <= i <= bin_count().
  [[nodiscard]] double edge(std::size_t i) const;
  /// Count of regular bin i, covering (edge(i), edge(i + 1)]; std::out_of_range unless i < bin_count().
  [[nodiscard]] std::uint64_t bin(std::size_t i) const;
  /// Count of values <= lower_edge().
  [[nodiscard]] std::uint64_t underflow() const { return counts_.empty() ? 0 : counts_.front(); }
  /// Count of values > upper_edge().
  [[nodiscard]] std::uint64_t overflow() const { return counts_.empty() ? 0 : counts_.back(); }
  /// Removes all observations, keeping the layout.
  void clear();

 private:
  // Index into counts_: 0 underflow, 1..bins regular, bins + 1 overflow.
  [[nodiscard]] std::size_t slot_of(double x) const;
  /// Allocate the counts at the first observation: an empty histogram (a community with no
  /// resolved issue, a partition that never runs) costs a few words, not a count per bin.
  void allocate();

  double lo_;
  double hi_;
  unsigned bins_per_decade_;
  /// Edges e_0 .. e_bins, computed once per layout and shared by every histogram of that
  /// layout (hot in cache, no pow() per observation).
  std::shared_ptr<const std::vector<double>> edges_;
  std::size_t slots_ = 0;              ///< bins + 2 (underflow, overflow)
  std::vector<std::uint64_t> counts_;  ///< empty until the first observation, then slots_ long
  std::uint64_t total_ = 0;
  double sum_ = 0.0;
  double min_ = std::numeric_limits<double>::infinity();
  double max_ = -std::numeric_limits<double>::infinity();
};

}  // namespace gridgov::analysis
