#include "analysis/Queueing.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <stdexcept>
#include <string>

#include <boost/math/special_functions/gamma.hpp>

namespace gridgov::analysis {
namespace {

void require_finite_nonneg(double v, const char* what) {
  if (!std::isfinite(v) || v < 0.0) {
    throw std::invalid_argument(std::string(what) + " must be finite and >= 0");
  }
}

void require_finite_pos(double v, const char* what) {
  if (!std::isfinite(v) || v <= 0.0) {
    throw std::invalid_argument(std::string(what) + " must be finite and > 0");
  }
}

// Rescaling threshold for the Erlang A series (keeps partial sums far from overflow).
constexpr double kRescale = 1e250;
// Relative accuracy targeted by series truncation.
constexpr double kSeriesTol = 1e-17;
// Above this many increasing terms (y - x), A is taken from the incomplete gamma function.
constexpr double kSeriesMaxRise = 1e6;
// Hard cap on series terms (only reachable for rho extremely close to 1 with a tiny theta).
constexpr double kSeriesMaxTerms = 2e8;

struct SeriesResult {
  double log_scale;  // A = s0 * exp(log_scale)
  double s0;         // scaled sum of T_k
  double s1_over_y;  // scaled sum of k T_k / y (same scale as s0)
};

// Sums A = sum_k T_k, T_0 = 1, T_k = T_{k-1} y / (x + k), and sum_k k T_k / y, the latter as
// sum_{k>=1} k T_{k-1} / (x + k) so that y == 0 is handled. Stops when a geometric bound on
// both remaining tails is below kSeriesTol relative to the sums.
SeriesResult erlang_a_series(double x, double y) {
  double t = 1.0;  // T_{k}
  double s0 = 1.0;
  double s1y = 0.0;
  double log_scale = 0.0;
  for (double k = 1.0;; k += 1.0) {
    const double denom = x + k;
    s1y += k * t / denom;  // k T_{k-1} / (x + k) = k T_k / y
    t *= y / denom;
    s0 += t;
    if (t > kRescale) {
      t /= kRescale;
      s0 /= kRescale;
      s1y /= kRescale;
      log_scale += std::log(kRescale);
    }
    const double r = y / (x + k + 1.0);  // ratio T_{k+1} / T_k, non-increasing in k
    if (r < 1.0) {
      const double one_minus_r = 1.0 - r;
      const double tail0 = t * r / one_minus_r;
      const double tail1 = t / (x + k + 1.0) * ((k + 1.0) / one_minus_r + r / (one_minus_r * one_minus_r));
      if (tail0 <= kSeriesTol * s0 && tail1 <= kSeriesTol * s1y) {
        break;
      }
    }
    if (k > kSeriesMaxTerms) {
      throw std::domain_error("erlang_a: series does not converge in reasonable time (rho ~ 1, theta ~ 0)");
    }
  }
  return {log_scale, s0, s1y};
}

}  // namespace

double erlang_b(double a, unsigned c) {
  require_finite_nonneg(a, "erlang_b: offered load a");
  double b = 1.0;
  for (unsigned k = 1; k <= c; ++k) {
    const double ab = a * b;
    b = ab / (static_cast<double>(k) + ab);
  }
  return b;
}

double ErlangC::p_wait_exceeds(double t) const {
  if (std::isnan(t)) {
    return std::numeric_limits<double>::quiet_NaN();
  }
  if (t < 0.0) {
    return 1.0;
  }
  return p_wait * std::exp(-decay_rate * t);
}

ErlangC erlang_c(double lambda, double mu, unsigned c) {
  require_finite_nonneg(lambda, "erlang_c: lambda");
  require_finite_pos(mu, "erlang_c: mu");
  const double cd = static_cast<double>(c);
  const double a = lambda / mu;
  if (c == 0 || !(a < cd)) {
    throw std::domain_error("erlang_c: requires rho = lambda / (c mu) < 1");
  }
  const double b = erlang_b(a, c);
  const double p = std::clamp(cd * b / (cd - a * (1.0 - b)), 0.0, 1.0);
  const double decay = cd * mu - lambda;
  const double wq = p / decay;
  return ErlangC{p, wq, lambda * wq, decay};
}

ErlangA erlang_a(double lambda, double mu, unsigned c, double theta) {
  require_finite_nonneg(lambda, "erlang_a: lambda");
  require_finite_pos(mu, "erlang_a: mu");
  require_finite_pos(theta, "erlang_a: theta");
  if (c == 0) {
    // No servers: every arrival waits and eventually abandons after Exp(theta).
    if (lambda == 0.0) {
      return ErlangA{0.0, 1.0, 0.0, 0.0};
    }
    return ErlangA{1.0, 1.0, 1.0, 1.0 / theta};
  }
  const double cd = static_cast<double>(c);
  const double a = lambda / mu;
  const double e = erlang_b(a, c);
  const double x = cd * mu / theta;
  const double y = lambda / theta;

  double inv_a = 0.0;  // 1 / A
  double p_ab_given_wait = 0.0;
  if (y - x > kSeriesMaxRise) {
    // rho > 1 by a wide margin: A is astronomically large and
    // P(ab | wait) = 1/(rho A) + 1 - 1/rho has no cancellation.
    const double log_a = std::log(x) + y - x * std::log(y) + boost::math::lgamma(x) + std::log(boost::math::gamma_p(x, y));
    inv_a = std::exp(-log_a);
    const double rho = y / x;
    p_ab_given_wait = inv_a / rho + (1.0 - 1.0 / rho);
  } else {
    const SeriesResult s = erlang_a_series(x, y);
    inv_a = std::exp(-s.log_scale) / s.s0;
    p_ab_given_wait = s.s1_over_y / s.s0;
  }
  p_ab_given_wait = std::clamp(p_ab_given_wait, 0.0, 1.0);
  // A E / (1 + (A - 1) E) rewritten with 1/A so that huge A cannot overflow.
  const double p_wait = (e == 0.0) ? 0.0 : std::clamp(e / (e + (1.0 - e) * inv_a), 0.0, 1.0);
  const double p_ab = p_wait * p_ab_given_wait;
  return ErlangA{p_wait, p_ab_given_wait, p_ab, p_ab / theta};
}

std::vector<double> erlang_a_distribution(double lambda, double mu, unsigned c, double theta) {
  require_finite_nonneg(lambda, "erlang_a_distribution: lambda");
  require_finite_pos(mu, "erlang_a_distribution: mu");
  require_finite_nonneg(theta, "erlang_a_distribution: theta");
  const double cd = static_cast<double>(c);
  if (theta == 0.0 && lambda > 0.0 && !(lambda < cd * mu)) {
    throw std::domain_error("erlang_a_distribution: theta == 0 requires rho < 1");
  }
  constexpr double kTailTol = 1e-14;
  constexpr std::size_t kMaxStates = std::size_t{1} << 25;
  const auto death = [&](double n) { return std::min(n, cd) * mu + std::max(n - cd, 0.0) * theta; };

  // Log-weights log(pi_n / pi_0), with a running log-sum-exp for the stopping test.
  std::vector<double> logw{0.0};
  double log_max = 0.0;
  double scaled_sum = 1.0;  // sum_n exp(logw_n - log_max)
  if (lambda > 0.0) {
    const double log_lambda = std::log(lambda);
    for (double n = 1.0;; n += 1.0) {
      const double lw = logw.back() + log_lambda - std::log(death(n));
      logw.push_back(lw);
      if (lw > log_max) {
        scaled_sum = scaled_sum * std::exp(log_max - lw) + 1.0;
        log_max = lw;
      } else {
        scaled_sum += std::exp(lw - log_max);
      }
      // Death rates are non-decreasing, so later ratios are at most r: geometric tail bound.
      const double r = lambda / death(n + 1.0);
      if (r < 1.0 && std::exp(lw - log_max) * r / (1.0 - r) < kTailTol * scaled_sum) {
        break;
      }
      if (logw.size() >= kMaxStates) {
        throw std::length_error("erlang_a_distribution: state space too large");
      }
    }
  }
  // Convert the log-weights in place into probabilities (halves peak memory).
  double total = 0.0;
  for (double& v : logw) {
    v = std::exp(v - log_max);
    total += v;
  }
  for (double& v : logw) {
    v /= total;
  }
  return logw;
}

std::vector<double> priority_waits(std::span<const double> lambdas, double mu, unsigned c) {
  require_finite_pos(mu, "priority_waits: mu");
  double total = 0.0;
  for (double l : lambdas) {
    require_finite_nonneg(l, "priority_waits: lambda");
    total += l;
  }
  if (lambdas.empty()) {
    return {};
  }
  const ErlangC ec = erlang_c(total, mu, c);  // throws unless rho < 1
  const double capacity = static_cast<double>(c) * mu;
  const double w0 = ec.p_wait / capacity;
  std::vector<double> w(lambdas.size());
  double sigma_prev = 0.0;
  double cum = 0.0;
  for (std::size_t k = 0; k < lambdas.size(); ++k) {
    cum += lambdas[k];
    const double sigma = cum / capacity;
    w[k] = w0 / ((1.0 - sigma_prev) * (1.0 - sigma));
    sigma_prev = sigma;
  }
  return w;
}

double competing_first_share(double rate_of_interest, std::span<const double> all_rates) {
  require_finite_nonneg(rate_of_interest, "competing_first_share: rate_of_interest");
  double total = 0.0;
  for (double r : all_rates) {
    require_finite_nonneg(r, "competing_first_share: rate");
    total += r;
  }
  if (!(total > 0.0)) {
    throw std::invalid_argument("competing_first_share: sum of rates must be > 0");
  }
  if (rate_of_interest > total) {
    throw std::invalid_argument("competing_first_share: rate_of_interest exceeds the sum of all rates");
  }
  return rate_of_interest / total;
}

double reopen_mean_passes(double q) {
  if (!(q >= 0.0 && q < 1.0)) {
    throw std::invalid_argument("reopen_mean_passes: q must be in [0, 1)");
  }
  return 1.0 / (1.0 - q);
}

}  // namespace gridgov::analysis
