// Analytic queueing results used as test oracles for the simulator.
//
// Notation used throughout: lambda = arrival rate, mu = service rate of one server,
// c = number of servers, theta = abandonment (patience) rate, a = lambda/mu (offered load,
// in Erlangs), rho = a/c (utilisation per server). Rates share one time unit (whatever the
// caller uses, e.g. per hour); waits are returned in the reciprocal of that unit (hours).
//
// Error conventions: std::invalid_argument for malformed parameters (negative, NaN or
// infinite rates, probabilities outside their range); std::domain_error where the model has
// no stationary regime for otherwise valid parameters (rho >= 1 without abandonment).
#pragma once

#include <span>
#include <vector>

namespace gridgov::analysis {

/// Erlang B blocking probability of an M/M/c/c loss system with offered load `a` Erlangs.
/// Computed with the stable recursion B_0 = 1, B_k = a B_{k-1} / (k + a B_{k-1}), O(c).
/// Requires a >= 0 and finite (a == 0 gives 0 for c >= 1); c == 0 gives 1.
/// Result lies in [0, 1] and is also the probability that all c servers are busy.
double erlang_b(double a, unsigned c);

/// Stationary waiting-time results for the M/M/c queue (FCFS, infinite patience).
struct ErlangC {
  double p_wait;      ///< Erlang C: probability an arrival has to wait (all servers busy), in [0, 1].
  double mean_wait;   ///< Mean time in queue Wq (reciprocal rate units), over all arrivals.
  double mean_queue;  ///< Mean number waiting Lq = lambda * Wq.
  double decay_rate;  ///< c*mu - lambda (> 0): exponential rate of the conditional wait tail.

  /// P(W > t) = p_wait * exp(-(c mu - lambda) t) for t >= 0; 1 for t < 0.
  [[nodiscard]] double p_wait_exceeds(double t) const;
};

/// M/M/c FCFS queue: C = c B_c / (c - a (1 - B_c)), Wq = C / (c mu - lambda), Lq = lambda Wq.
/// Requires lambda >= 0, mu > 0, c >= 1, all finite; throws std::domain_error unless rho < 1.
ErlangC erlang_c(double lambda, double mu, unsigned c);

/// Stationary results for the M/M/c+M (Erlang A, Palm) queue: exponential patience with
/// rate theta, FCFS, customers abandon the queue (never service) when patience runs out.
struct ErlangA {
  double p_wait;                ///< P(wait > 0) = P(all servers busy at arrival), in [0, 1].
  double p_abandon_given_wait;  ///< P(abandon | wait > 0), in [0, 1].
  double p_abandon;             ///< P(abandon) = p_wait * p_abandon_given_wait.
  double mean_wait;             ///< Mean time in queue over all arrivals (served or not) = p_abandon / theta.
};

/// Erlang A formulas (Mandelbaum & Zeltyn). With E = erlang_b(a, c), x = c mu / theta,
/// y = lambda / theta and A = sum_{k>=0} prod_{j=1..k} y / (x + j):
///   P(wait > 0) = A E / (1 + (A - 1) E),  P(ab | wait > 0) = 1/(rho A) + 1 - 1/rho.
/// Valid for any rho (abandonment keeps the system stable). Requires lambda >= 0, mu > 0,
/// theta > 0, all finite; c may be 0 (everyone waits and abandons).
/// Numerics: the series is summed with rescaling (no overflow for large y) and
/// P(ab | wait > 0) is evaluated as sum_k k T_k / (y sum_k T_k), an identity free of the
/// cancellation in 1 - 1/rho + 1/(rho A). Cost O(max(y - x, 0) + sqrt(x + y)) terms; when
/// y - x exceeds 1e6 (rho > 1, huge y) A is taken from the regularised incomplete gamma
/// function instead: A = x e^y y^-x Gamma(x) P(x, y). Throws std::domain_error if the series
/// needs more than 2e8 terms (only for rho within ~1e-7 of 1 together with theta/mu below ~1e-12).
ErlangA erlang_a(double lambda, double mu, unsigned c, double theta);

/// Stationary distribution of the number in system N for the M/M/c+M birth-death chain:
/// birth rate lambda, death rate min(n, c) mu + max(n - c, 0) theta. Element n is P(N = n);
/// the vector is truncated once the (geometrically bounded) remaining tail mass is below
/// 1e-14 of the total, and normalised to sum to 1 over the kept states.
/// theta == 0 is accepted (plain M/M/c) when c >= 1 and rho < 1, else std::domain_error.
/// Memory O(number of states kept), roughly c + (lambda - c mu)/theta + O(sqrt) when rho > 1;
/// throws std::length_error beyond 2^25 states.
std::vector<double> erlang_a_distribution(double lambda, double mu, unsigned c, double theta);

/// Mean waiting time of each class in a non-preemptive priority M/M/c queue where all
/// classes share the service rate mu and class 0 has the highest priority (FCFS within a class):
///   W_k = [C / (c mu)] / [(1 - sigma_{k-1}) (1 - sigma_k)],  sigma_k = sum_{i<=k} lambda_i / (c mu),
/// with C the Erlang C probability of waiting for the total arrival rate. Element k of the
/// result is W_k (reciprocal rate units). Requires lambdas >= 0, mu > 0, c >= 1 and total
/// rho < 1 (std::domain_error otherwise). Empty input gives an empty vector.
/// Invariant (conservation law): sum_k lambda_k W_k / sum_k lambda_k equals erlang_c(...).mean_wait.
std::vector<double> priority_waits(std::span<const double> lambdas, double mu, unsigned c);

/// Probability that, among independent exponential clocks with the given rates, the clock with
/// rate `rate_of_interest` fires first: r / sum(all_rates). `all_rates` must include the clock
/// of interest; rates must be >= 0 and finite with a positive sum.
double competing_first_share(double rate_of_interest, std::span<const double> all_rates);

/// Mean number of passes through a step that is reopened (repeated) independently with
/// probability q after each pass: geometric mean 1 / (1 - q). Requires 0 <= q < 1.
double reopen_mean_passes(double q);

}  // namespace gridgov::analysis
