// Tests for the analytic queueing oracles. Every formula is checked against a value computed
// here by a different route (direct sums, birth-death chains, textbook numbers, limits).
#include <catch2/catch.hpp>

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <stdexcept>
#include <vector>

#include "analysis/Queueing.hpp"

namespace ga = gridgov::analysis;

namespace {

// Erlang B from its closed form (a^c/c!) / sum_{k<=c} a^k/k!, in long double.
double erlang_b_direct(double a, unsigned c) {
  long double term = 1.0L;
  long double sum = 1.0L;
  for (unsigned k = 1; k <= c; ++k) {
    term *= static_cast<long double>(a) / static_cast<long double>(k);
    sum += term;
  }
  return static_cast<double>(term / sum);
}

// Erlang C from its closed form, in long double.
double erlang_c_direct(double a, unsigned c) {
  long double term = 1.0L;
  long double below = 0.0L;  // sum_{k<c} a^k/k!
  for (unsigned k = 0; k < c; ++k) {
    if (k > 0) {
      term *= static_cast<long double>(a) / static_cast<long double>(k);
    }
    below += term;
  }
  term *= static_cast<long double>(a) / static_cast<long double>(c);  // a^c/c!
  const long double cl = static_cast<long double>(c);
  const long double top = term * cl / (cl - static_cast<long double>(a));
  return static_cast<double>(top / (below + top));
}

struct ChainStats {
  double p_at_least_c;  // P(N >= c)
  double mean_queue;    // E[(N - c)^+]
  double mean_n;        // E[N]
  double total;         // sum of probabilities
};

ChainStats chain_stats(const std::vector<double>& p, unsigned c) {
  ChainStats s{0.0, 0.0, 0.0, 0.0};
  for (std::size_t n = 0; n < p.size(); ++n) {
    s.total += p[n];
    s.mean_n += static_cast<double>(n) * p[n];
    if (n >= c) {
      s.p_at_least_c += p[n];
      s.mean_queue += static_cast<double>(n - c) * p[n];
    }
  }
  return s;
}

// Stationary distribution of a birth-death chain truncated at n_max, solved as a dense linear
// system pi Q = 0 with sum pi = 1 (Eigen), independent of erlang_a_distribution's recursion.
std::vector<double> birth_death_dense(double lambda, double mu, unsigned c, double theta, int n_max) {
  const int size = n_max + 1;
  Eigen::MatrixXd qt = Eigen::MatrixXd::Zero(size, size);  // transpose of the generator
  for (int n = 0; n <= n_max; ++n) {
    const double nd = static_cast<double>(n);
    const double cd = static_cast<double>(c);
    const double death = std::min(nd, cd) * mu + std::max(nd - cd, 0.0) * theta;
    if (n < n_max) {
      qt(n + 1, n) += lambda;
      qt(n, n) -= lambda;
    }
    if (n > 0) {
      qt(n - 1, n) += death;
      qt(n, n) -= death;
    }
  }
  qt.row(n_max).setOnes();  // replace one balance equation by normalisation
  Eigen::VectorXd rhs = Eigen::VectorXd::Zero(size);
  rhs(n_max) = 1.0;
  const Eigen::VectorXd pi = qt.fullPivLu().solve(rhs);
  return {pi.data(), pi.data() + pi.size()};
}

}  // namespace

TEST_CASE("erlang_b matches textbook values and the closed form", "[unit][analysis]") {
  CHECK(ga::erlang_b(2.0, 3) == Approx(4.0 / 19.0).epsilon(1e-14));  // 0.210526...
  CHECK(ga::erlang_b(2.0, 3) == Approx(0.2105).margin(5e-5));
  CHECK(ga::erlang_b(1.0, 1) == Approx(0.5).epsilon(1e-15));
  CHECK(ga::erlang_b(3.0, 0) == 1.0);
  CHECK(ga::erlang_b(0.0, 4) == 0.0);

  for (double a : {0.1, 0.9, 2.5, 10.0, 47.3, 200.0, 999.0}) {
    for (unsigned c : {1u, 2u, 5u, 17u, 60u, 250u, 1000u}) {
      INFO("a = " << a << ", c = " << c);
      CHECK(ga::erlang_b(a, c) == Approx(erlang_b_direct(a, c)).epsilon(1e-12));
    }
  }
  CHECK_THROWS_AS(ga::erlang_b(-1.0, 2), std::invalid_argument);
  CHECK_THROWS_AS(ga::erlang_b(std::nan(""), 2), std::invalid_argument);
}

TEST_CASE("erlang_b equals the blocking probability of the M/M/c/c chain", "[unit][analysis]") {
  // Loss system = birth-death chain truncated at c with death rate n mu: theta irrelevant.
  const double lambda = 7.0;
  const double mu = 1.5;
  const unsigned c = 6;
  const auto pi = birth_death_dense(lambda, mu, c, 0.0, static_cast<int>(c));
  CHECK(ga::erlang_b(lambda / mu, c) == Approx(pi.back()).epsilon(1e-12));
}

TEST_CASE("erlang_c matches textbook values, closed form and the M/M/c chain", "[unit][analysis]") {
  {
    const auto r = ga::erlang_c(2.0, 1.0, 3);  // a = 2, c = 3
    CHECK(r.p_wait == Approx(4.0 / 9.0).epsilon(1e-14));
    CHECK(r.mean_wait == Approx((4.0 / 9.0) / 1.0).epsilon(1e-14));
    CHECK(r.mean_queue == Approx(8.0 / 9.0).epsilon(1e-14));
    CHECK(r.decay_rate == Approx(1.0));
    CHECK(r.p_wait_exceeds(0.0) == Approx(r.p_wait));
    CHECK(r.p_wait_exceeds(2.0) == Approx(4.0 / 9.0 * std::exp(-2.0)).epsilon(1e-14));
    CHECK(r.p_wait_exceeds(-1.0) == 1.0);
  }
  {
    // M/M/1: C = rho, Wq = rho / (mu - lambda).
    const auto r = ga::erlang_c(0.8, 1.0, 1);
    CHECK(r.p_wait == Approx(0.8).epsilon(1e-14));
    CHECK(r.mean_wait == Approx(4.0).epsilon(1e-13));
    CHECK(r.mean_queue == Approx(3.2).epsilon(1e-13));
  }
  for (double rho : {0.1, 0.5, 0.85, 0.99}) {
    for (unsigned c : {1u, 3u, 10u, 80u, 500u}) {
      const double mu = 0.7;
      const double lambda = rho * c * mu;
      INFO("rho = " << rho << ", c = " << c);
      const auto r = ga::erlang_c(lambda, mu, c);
      CHECK(r.p_wait == Approx(erlang_c_direct(lambda / mu, c)).epsilon(1e-11));
      // Same quantities from the birth-death distribution with theta = 0.
      const auto s = chain_stats(ga::erlang_a_distribution(lambda, mu, c, 0.0), c);
      CHECK(s.total == Approx(1.0).epsilon(1e-14));
      // The distribution drops a tail of relative mass < 1e-14, hence the absolute margins.
      CHECK(r.p_wait == Approx(s.p_at_least_c).epsilon(1e-10).margin(1e-13));
      CHECK(r.mean_queue == Approx(s.mean_queue).epsilon(1e-9).margin(1e-11));
    }
  }
  CHECK_THROWS_AS(ga::erlang_c(3.0, 1.0, 3), std::domain_error);
  CHECK_THROWS_AS(ga::erlang_c(4.0, 1.0, 3), std::domain_error);
  CHECK_THROWS_AS(ga::erlang_c(1.0, 1.0, 0), std::domain_error);
  CHECK_THROWS_AS(ga::erlang_c(1.0, 0.0, 3), std::invalid_argument);
  CHECK_THROWS_AS(ga::erlang_c(-1.0, 1.0, 3), std::invalid_argument);
  CHECK(ga::erlang_c(0.0, 1.0, 2).p_wait == 0.0);
}

TEST_CASE("erlang_a_distribution solves the birth-death balance equations", "[unit][analysis]") {
  const double lambda = 5.0;
  const double mu = 1.0;
  const unsigned c = 3;
  const double theta = 0.5;
  const auto p = ga::erlang_a_distribution(lambda, mu, c, theta);
  const auto dense = birth_death_dense(lambda, mu, c, theta, 120);
  REQUIRE(p.size() < dense.size());
  double total = 0.0;
  for (std::size_t n = 0; n < p.size(); ++n) {
    total += p[n];
    CHECK(p[n] == Approx(dense[n]).epsilon(1e-9).margin(1e-16));
  }
  CHECK(total == Approx(1.0).epsilon(1e-14));
  // Tail cut below 1e-14.
  double dropped = 0.0;
  for (std::size_t n = p.size(); n < dense.size(); ++n) {
    dropped += dense[n];
  }
  CHECK(dropped < 1e-13);

  CHECK(ga::erlang_a_distribution(0.0, 1.0, 2, 1.0) == std::vector<double>{1.0});
  CHECK_THROWS_AS(ga::erlang_a_distribution(3.0, 1.0, 2, 0.0), std::domain_error);
  CHECK_THROWS_AS(ga::erlang_a_distribution(1.0, 1.0, 2, -1.0), std::invalid_argument);
}

TEST_CASE("with theta = mu the number in system is Poisson(a)", "[unit][analysis]") {
  for (double a : {0.5, 4.0, 25.0, 300.0}) {
    for (unsigned c : {1u, 5u, 40u}) {
      INFO("a = " << a << ", c = " << c);
      const double mu = 2.0;
      const auto p = ga::erlang_a_distribution(a * mu, mu, c, mu);
      const double mass_needed = 1.0 - 1e-12;
      double total = 0.0;
      for (std::size_t n = 0; n < p.size(); ++n) {
        const double nd = static_cast<double>(n);
        const double poisson = std::exp(nd * std::log(a) - a - std::lgamma(nd + 1.0));
        if (poisson > 1e-300) {
          CHECK(p[n] == Approx(poisson).epsilon(1e-9));
        }
        total += poisson;
      }
      CHECK(total > mass_needed);
      // And erlang_a agrees: P(wait) = P(Poisson >= c), P(ab) = E[(N - c)^+] / a.
      const auto s = chain_stats(p, c);
      const auto r = ga::erlang_a(a * mu, mu, c, mu);
      CHECK(r.p_wait == Approx(s.p_at_least_c).epsilon(1e-9).margin(1e-13));
      CHECK(r.p_abandon == Approx(s.mean_queue / a).epsilon(1e-9).margin(1e-13));
      CHECK(s.mean_n == Approx(a).epsilon(1e-10));
    }
  }
}

TEST_CASE("erlang_a agrees with the M/M/c+M birth-death distribution", "[unit][analysis]") {
  struct Case {
    double lambda, mu;
    unsigned c;
    double theta;
  };
  const std::vector<Case> cases = {
      {2.0, 1.0, 3, 0.5},        // rho < 1
      {3.0, 1.0, 3, 0.2},        // rho = 1
      {12.0, 1.0, 10, 1.0},      // rho > 1
      {5.0, 1.0, 1, 0.05},       // heavy overload, patient customers
      {0.3, 1.0, 4, 10.0},       // light load, impatient
      {95.0, 1.0, 100, 0.01},    // near critical, large y
      {1000.0, 1.0, 800, 0.01},  // overloaded, y = 1e5
      {400.0, 2.0, 150, 3.0},    // theta > mu
      {7.0, 1.0, 0, 0.5},        // no servers at all
  };
  for (const auto& k : cases) {
    INFO("lambda = " << k.lambda << ", mu = " << k.mu << ", c = " << k.c << ", theta = " << k.theta);
    const auto r = ga::erlang_a(k.lambda, k.mu, k.c, k.theta);
    const auto s = chain_stats(ga::erlang_a_distribution(k.lambda, k.mu, k.c, k.theta), k.c);
    // PASTA: an arrival waits iff all servers are busy.
    CHECK(r.p_wait == Approx(s.p_at_least_c).epsilon(1e-9));
    // Abandonment flow balance: lambda P(ab) = theta E[queue].
    CHECK(r.p_abandon == Approx(k.theta * s.mean_queue / k.lambda).epsilon(1e-9));
    // Little: Wq = E[queue] / lambda.
    CHECK(r.mean_wait == Approx(s.mean_queue / k.lambda).epsilon(1e-9));
    CHECK(r.p_abandon == Approx(r.p_wait * r.p_abandon_given_wait).epsilon(1e-15));
    CHECK(r.p_wait >= 0.0);
    CHECK(r.p_wait <= 1.0);
    CHECK(r.p_abandon_given_wait >= 0.0);
    CHECK(r.p_abandon_given_wait <= 1.0);
  }
}

TEST_CASE("erlang_a matches the textbook form of P(ab | wait) where it is well conditioned", "[unit][analysis]") {
  // Direct evaluation of A and 1/(rho A) + 1 - 1/rho for a moderate case.
  const double lambda = 12.0, mu = 1.0, theta = 1.0;
  const unsigned c = 10;
  const double x = c * mu / theta, y = lambda / theta, rho = lambda / (c * mu);
  double a_sum = 0.0, term = 1.0;
  for (int k = 0; k < 400; ++k) {
    a_sum += term;
    term *= y / (x + k + 1);
  }
  const double e = ga::erlang_b(lambda / mu, c);
  const auto r = ga::erlang_a(lambda, mu, c, theta);
  CHECK(r.p_wait == Approx(a_sum * e / (1.0 + (a_sum - 1.0) * e)).epsilon(1e-12));
  CHECK(r.p_abandon_given_wait == Approx(1.0 / (rho * a_sum) + 1.0 - 1.0 / rho).epsilon(1e-12));
}

TEST_CASE("erlang_a is stable for huge y and tends to Erlang C as theta -> 0", "[unit][analysis]") {
  // Tiny abandonment with rho < 1: Erlang C limit (the textbook formula cancels badly here).
  for (double rho : {0.3, 0.8, 0.95}) {
    const double mu = 1.0;
    const unsigned c = 20;
    const double lambda = rho * c * mu;
    const auto ec = ga::erlang_c(lambda, mu, c);
    const auto ea = ga::erlang_a(lambda, mu, c, 1e-9);
    INFO("rho = " << rho);
    CHECK(ea.p_wait == Approx(ec.p_wait).epsilon(1e-6));
    CHECK(ea.mean_wait == Approx(ec.mean_wait).epsilon(1e-6));
    CHECK(ea.p_abandon_given_wait > 0.0);
    CHECK(ea.p_abandon_given_wait < 1e-6);
  }
  // Overloaded with very patient customers: fluid limit P(ab) -> 1 - 1/rho, P(wait) -> 1.
  {
    const double lambda = 150.0, mu = 1.0, theta = 1e-4;  // y = 1.5e6, x = 1e6 (series)
    const unsigned c = 100;
    const auto r = ga::erlang_a(lambda, mu, c, theta);
    CHECK(std::isfinite(r.p_wait));
    CHECK(r.p_wait == Approx(1.0).margin(1e-12));
    CHECK(r.p_abandon == Approx(1.0 - 1.0 / 1.5).epsilon(1e-6));
    const auto s = chain_stats(ga::erlang_a_distribution(lambda, mu, c, theta), c);
    CHECK(r.p_abandon == Approx(theta * s.mean_queue / lambda).epsilon(1e-8));
  }
  // y - x = 2e6: incomplete-gamma branch, checked against the birth-death distribution.
  {
    const double lambda = 3000.0, mu = 1.0, theta = 1e-3;  // y = 3e6, x = 1e6
    const unsigned c = 1000;
    const auto r = ga::erlang_a(lambda, mu, c, theta);
    const auto s = chain_stats(ga::erlang_a_distribution(lambda, mu, c, theta), c);
    CHECK(r.p_wait == Approx(s.p_at_least_c).epsilon(1e-12));
    CHECK(r.p_abandon == Approx(theta * s.mean_queue / lambda).epsilon(1e-8));
    CHECK(r.p_abandon == Approx(2.0 / 3.0).epsilon(1e-4));
  }
  // Either side of the switch between the two evaluation routes.
  {
    const double mu = 1.0, theta = 1e-3;
    const unsigned c = 200;                                 // x = 2e5
    const auto below = ga::erlang_a(1199.9, mu, c, theta);  // y - x = 0.9999e6
    const auto above = ga::erlang_a(1200.1, mu, c, theta);  // y - x = 1.0001e6
    const auto s = chain_stats(ga::erlang_a_distribution(1200.1, mu, c, theta), c);
    CHECK(above.p_abandon == Approx(theta * s.mean_queue / 1200.1).epsilon(1e-8));
    CHECK(above.p_abandon - below.p_abandon == Approx(200.0 / 1199.9 - 200.0 / 1200.1).epsilon(1e-3));
  }
  CHECK_THROWS_AS(ga::erlang_a(1.0, 1.0, 2, 0.0), std::invalid_argument);
  CHECK_THROWS_AS(ga::erlang_a(-1.0, 1.0, 2, 1.0), std::invalid_argument);
  const auto idle = ga::erlang_a(0.0, 1.0, 2, 1.0);
  CHECK(idle.p_wait == 0.0);
  CHECK(idle.p_abandon == 0.0);
  CHECK(idle.p_abandon_given_wait == Approx(1.0 / 3.0));  // theta / (c mu + theta)
}

TEST_CASE("priority waits obey the conservation law and Cobham's M/M/1 formula", "[unit][analysis]") {
  const std::vector<double> lambdas = {0.5, 1.2, 0.3, 2.0};
  for (unsigned c : {1u, 2u, 5u}) {
    const double mu = 4.5 / (0.9 * c);  // total rho = 0.9
    const auto w = ga::priority_waits(lambdas, mu, c);
    REQUIRE(w.size() == lambdas.size());
    double weighted = 0.0, total = 0.0;
    for (std::size_t k = 0; k < w.size(); ++k) {
      weighted += lambdas[k] * w[k];
      total += lambdas[k];
      if (k > 0) {
        CHECK(w[k] > w[k - 1]);
      }
    }
    INFO("c = " << c);
    CHECK(weighted / total == Approx(ga::erlang_c(total, mu, c).mean_wait).epsilon(1e-12));
  }
  // M/M/1: W_k = (lambda / mu^2) / ((1 - sigma_{k-1})(1 - sigma_k)).
  {
    const double mu = 5.0;
    const auto w = ga::priority_waits(lambdas, mu, 1);
    const double w0 = 4.0 / (mu * mu);
    double prev = 0.0, cum = 0.0;
    for (std::size_t k = 0; k < w.size(); ++k) {
      cum += lambdas[k] / mu;
      CHECK(w[k] == Approx(w0 / ((1.0 - prev) * (1.0 - cum))).epsilon(1e-13));
      prev = cum;
    }
  }
  // A single class is plain FCFS.
  const std::vector<double> one = {3.0};
  CHECK(ga::priority_waits(one, 1.0, 4)[0] == Approx(ga::erlang_c(3.0, 1.0, 4).mean_wait).epsilon(1e-14));
  CHECK(ga::priority_waits(std::vector<double>{}, 1.0, 1).empty());
  CHECK_THROWS_AS(ga::priority_waits(lambdas, 1.0, 4), std::domain_error);  // rho = 1
  CHECK_THROWS_AS(ga::priority_waits(std::vector<double>{-1.0}, 1.0, 4), std::invalid_argument);
}

TEST_CASE("competing_first_share and reopen_mean_passes", "[unit][analysis]") {
  const std::vector<double> rates = {1.0, 3.0, 0.0, 4.0};
  CHECK(ga::competing_first_share(3.0, rates) == Approx(0.375));
  CHECK(ga::competing_first_share(0.0, rates) == 0.0);
  CHECK_THROWS_AS(ga::competing_first_share(1.0, std::vector<double>{0.0, 0.0}), std::invalid_argument);
  CHECK_THROWS_AS(ga::competing_first_share(9.0, rates), std::invalid_argument);
  CHECK_THROWS_AS(ga::competing_first_share(1.0, std::vector<double>{1.0, -2.0}), std::invalid_argument);

  CHECK(ga::reopen_mean_passes(0.0) == 1.0);
  CHECK(ga::reopen_mean_passes(0.75) == Approx(4.0));
  // Mean of the geometric number of passes by direct summation: sum_k k q^{k-1} (1 - q).
  const double q = 0.3;
  double mean = 0.0, pk = 1.0 - q;
  for (int k = 1; k < 200; ++k) {
    mean += k * pk;
    pk *= q;
  }
  CHECK(ga::reopen_mean_passes(q) == Approx(mean).epsilon(1e-14));
  CHECK_THROWS_AS(ga::reopen_mean_passes(1.0), std::invalid_argument);
  CHECK_THROWS_AS(ga::reopen_mean_passes(-0.1), std::invalid_argument);
}
