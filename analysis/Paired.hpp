// Comparing two scenarios run on common random numbers: the paired difference of their
// replicates (replicate k of both saw the same random streams) with its t interval, and, for
// contrast, the interval the same replicates would give if they were independent samples
// (Welch), so that the variance reduction of pairing is visible.
#pragma once

#include <cstddef>
#include <span>

namespace gridgov::analysis {

/// Welch's interval for the difference of two means from independent samples.
struct WelchInterval {
  std::size_t n_a = 0;  ///< Non-NaN values of the first sample.
  std::size_t n_b = 0;  ///< Non-NaN values of the second sample.
  double diff;          ///< mean(b) - mean(a) (NaN if either sample is empty).
  double se;            ///< sqrt(s_a^2 / n_a + s_b^2 / n_b) (NaN if n_a < 2 or n_b < 2).
  double df;            ///< Welch-Satterthwaite degrees of freedom (NaN if se is NaN or 0).
  double ci_low;        ///< diff - t_{(1+c)/2, df} se; equals diff when se == 0; NaN if se is NaN.
  double ci_high;       ///< diff + t_{(1+c)/2, df} se.
};

/// Welch's two-sample interval for mean(b) - mean(a). NaN values are ignored. The degrees of
/// freedom are (s_a^2/n_a + s_b^2/n_b)^2 / ((s_a^2/n_a)^2/(n_a-1) + (s_b^2/n_b)^2/(n_b-1)),
/// real-valued (Boost's Student t takes non-integer degrees of freedom). When both samples are
/// constant (se == 0) the interval has zero width. Requires 0 < confidence < 1
/// (std::invalid_argument).
WelchInterval welch_interval(std::span<const double> a, std::span<const double> b, double confidence = 0.95);

/// A paired comparison of an alternative against a baseline.
struct PairedComparison {
  std::size_t n = 0;       ///< Pairs used: indices where both values are non-NaN.
  double mean_base;        ///< Mean of the baseline over those pairs.
  double mean_alt;         ///< Mean of the alternative over those pairs.
  double diff;             ///< Mean of the per-pair differences alt - base (NaN if n == 0).
  double diff_sd;          ///< Sample sd (n - 1) of the differences (NaN if n < 2).
  double diff_ci_low;      ///< diff - t_{(1+c)/2, n-1} diff_sd / sqrt(n) (NaN if n < 2).
  double diff_ci_high;     ///< diff + t_{(1+c)/2, n-1} diff_sd / sqrt(n).
  double rel_change;       ///< diff / mean_base (NaN when mean_base is 0 or NaN).
  double unpaired_ci_low;  ///< Welch interval of the same pairs treated as independent samples.
  double unpaired_ci_high;
  double variance_ratio;  ///< (diff_sd^2 / n) / (s_base^2 / n + s_alt^2 / n): the paired estimate's
                          ///< variance over the unpaired one (< 1: pairing helps); NaN when the
                          ///< unpaired variance is 0 or undefined.
};

/// Compares `alt` against `base`, element i of each being replicate i. Only pairs where both are
/// non-NaN are used, for every field (so the means, the difference and both intervals describe
/// the same replicates). Requires base.size() == alt.size() and 0 < confidence < 1
/// (std::invalid_argument).
PairedComparison paired_compare(std::span<const double> base, std::span<const double> alt, double confidence = 0.95);

}  // namespace gridgov::analysis
