/// \file
/// Paired differences and Welch intervals (see Paired.hpp).
#include "analysis/Paired.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

#include <boost/math/distributions/students_t.hpp>

#include "analysis/Statistics.hpp"

namespace gridgov::analysis {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

struct Moments {
  std::size_t n = 0;
  double mean = kNaN;
  double var = kNaN;  // n - 1 denominator
};

/// Two-pass mean and variance of the non-NaN values, in input order (deterministic).
Moments moments(std::span<const double> v) {
  Moments m;
  double sum = 0.0;
  for (double x : v) {
    if (!std::isnan(x)) {
      sum += x;
      ++m.n;
    }
  }
  if (m.n == 0) {
    return m;
  }
  m.mean = sum / static_cast<double>(m.n);
  if (m.n >= 2) {
    double ss = 0.0;
    for (double x : v) {
      if (!std::isnan(x)) {
        ss += (x - m.mean) * (x - m.mean);
      }
    }
    m.var = ss / static_cast<double>(m.n - 1);
  }
  return m;
}

double t_quantile(double confidence, double dof) {
  const boost::math::students_t dist(dof);
  return boost::math::quantile(dist, 0.5 * (1.0 + confidence));
}

}  // namespace

WelchInterval welch_interval(std::span<const double> a, std::span<const double> b, double confidence) {
  if (!(confidence > 0.0 && confidence < 1.0)) {
    throw std::invalid_argument("confidence must be in (0, 1)");
  }
  const Moments ma = moments(a);
  const Moments mb = moments(b);
  WelchInterval w{ma.n, mb.n, mb.mean - ma.mean, kNaN, kNaN, kNaN, kNaN};
  if (ma.n < 2 || mb.n < 2) {
    return w;
  }
  const double va = ma.var / static_cast<double>(ma.n);
  const double vb = mb.var / static_cast<double>(mb.n);
  w.se = std::sqrt(va + vb);
  if (w.se == 0.0) {
    w.ci_low = w.ci_high = w.diff;
    return w;
  }
  if (!std::isfinite(w.se)) {
    return w;
  }
  w.df = (va + vb) * (va + vb) / (va * va / static_cast<double>(ma.n - 1) + vb * vb / static_cast<double>(mb.n - 1));
  const double half = t_quantile(confidence, w.df) * w.se;
  w.ci_low = w.diff - half;
  w.ci_high = w.diff + half;
  return w;
}

PairedComparison paired_compare(std::span<const double> base, std::span<const double> alt, double confidence) {
  if (!(confidence > 0.0 && confidence < 1.0)) {
    throw std::invalid_argument("confidence must be in (0, 1)");
  }
  if (base.size() != alt.size()) {
    throw std::invalid_argument("paired_compare: the samples must have one value per replicate each");
  }
  std::vector<double> b, a, d;
  for (std::size_t i = 0; i < base.size(); ++i) {
    if (std::isnan(base[i]) || std::isnan(alt[i])) {
      continue;
    }
    b.push_back(base[i]);
    a.push_back(alt[i]);
    d.push_back(alt[i] - base[i]);
  }
  PairedComparison c{d.size(), kNaN, kNaN, kNaN, kNaN, kNaN, kNaN, kNaN, kNaN, kNaN, kNaN};
  if (d.empty()) {
    return c;
  }
  const Moments mb = moments(b);
  const Moments ma = moments(a);
  const Moments md = moments(d);
  c.mean_base = mb.mean;
  c.mean_alt = ma.mean;
  c.diff = md.mean;
  c.rel_change = mb.mean != 0.0 ? md.mean / mb.mean : kNaN;
  if (d.size() < 2) {
    return c;
  }
  const double n = static_cast<double>(d.size());
  c.diff_sd = std::sqrt(md.var);
  const double half = t_critical(confidence, d.size() - 1) * c.diff_sd / std::sqrt(n);
  c.diff_ci_low = c.diff - half;
  c.diff_ci_high = c.diff + half;
  const WelchInterval w = welch_interval(b, a, confidence);
  c.unpaired_ci_low = w.ci_low;
  c.unpaired_ci_high = w.ci_high;
  const double unpaired_var = (mb.var + ma.var) / n;
  if (unpaired_var > 0.0 && std::isfinite(unpaired_var)) {
    c.variance_ratio = (md.var / n) / unpaired_var;
  }
  return c;
}

}  // namespace gridgov::analysis
