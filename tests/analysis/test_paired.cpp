// Unit tests of the paired comparison statistics (analysis/Paired.hpp): hand-computed Welch and
// paired intervals on fixed numbers, identical samples, NaN pairs and argument checks.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

#include "analysis/Paired.hpp"

namespace ga = gridgov::analysis;

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}

TEST_CASE("Welch's interval matches a hand computation", "[unit][analysis][compare]") {
  // a = {1, 2, 3, 4}: mean 2.5, var 5/3; b = {3, 5, 9}: mean 17/3, var 28/3.
  // se^2 = (5/3)/4 + (28/3)/3 = 3.527777...; df = se^4 / ((5/12)^2/3 + (28/9)^2/2) = 2.5412005672;
  // t_{0.975, 2.5412} = 3.5335286871 (numerical integration of the t density and bisection).
  const std::vector<double> a{1, 2, 3, 4};
  const std::vector<double> b{3, 5, 9};
  const auto w = ga::welch_interval(a, b);
  CHECK(w.n_a == 4);
  CHECK(w.n_b == 3);
  CHECK(w.diff == Approx(17.0 / 3.0 - 2.5).epsilon(1e-14));
  CHECK(w.se == Approx(1.878237944930774).epsilon(1e-12));
  CHECK(w.df == Approx(2.541200567197101).epsilon(1e-12));
  CHECK(w.ci_low == Approx(-3.4701409929007605).epsilon(1e-8));
  CHECK(w.ci_high == Approx(9.803474326234095).epsilon(1e-8));
  // The 90% interval is narrower and still centred on the difference.
  const auto w90 = ga::welch_interval(a, b, 0.90);
  CHECK(w90.ci_low > w.ci_low);
  CHECK(w90.ci_high < w.ci_high);
  CHECK((w90.ci_low + w90.ci_high) / 2 == Approx(w.diff).epsilon(1e-12));
}

TEST_CASE("Welch's interval: constant samples, too few values, NaN ignored", "[unit][analysis][compare]") {
  const std::vector<double> two{2, 2, 2};
  const std::vector<double> five{5, 5};
  const auto c = ga::welch_interval(two, five);
  CHECK(c.diff == 3);
  CHECK(c.se == 0);
  CHECK(c.ci_low == 3);
  CHECK(c.ci_high == 3);
  CHECK(std::isnan(ga::welch_interval(std::vector<double>{1}, five).ci_low));
  CHECK(ga::welch_interval(std::vector<double>{1}, five).diff == 4);
  const auto with_nan = ga::welch_interval(std::vector<double>{1, kNaN, 2, 3, 4}, std::vector<double>{3, 5, kNaN, 9});
  CHECK(with_nan.ci_low == Approx(-3.4701409929007605).epsilon(1e-8));
  CHECK_THROWS_AS(ga::welch_interval(two, five, 1.0), std::invalid_argument);
}

TEST_CASE("paired comparison of identical samples: exactly zero with a zero-width interval", "[unit][analysis][compare]") {
  const std::vector<double> x{0.91, 0.87, 0.95, 0.9, 0.93};
  const auto c = ga::paired_compare(x, x);
  CHECK(c.n == 5);
  CHECK(c.diff == 0.0);
  CHECK(c.diff_ci_low == 0.0);
  CHECK(c.diff_ci_high == 0.0);
  CHECK(c.rel_change == 0.0);
  CHECK(c.variance_ratio == 0.0);
  // The same replicates treated as independent give a wide interval around zero.
  CHECK(c.unpaired_ci_low < -0.03);
  CHECK(c.unpaired_ci_high > 0.03);
}

TEST_CASE("paired comparison matches a hand computation", "[unit][analysis][compare]") {
  // Differences {1, 1.5, 1, 1.5}: mean 1.25, sd sqrt(1/12); t_{0.975, 3} = 3.182446305284.
  const std::vector<double> base{10, 12, 14, 16};
  const std::vector<double> alt{11, 13.5, 15, 17.5};
  const auto c = ga::paired_compare(base, alt);
  CHECK(c.n == 4);
  CHECK(c.mean_base == 13);
  CHECK(c.mean_alt == 14.25);
  CHECK(c.diff == 1.25);
  CHECK(c.diff_sd == Approx(std::sqrt(1.0 / 12)).epsilon(1e-14));
  const double half = 3.182446305284 * std::sqrt(1.0 / 12) / 2;
  CHECK(c.diff_ci_low == Approx(1.25 - half).epsilon(1e-11));
  CHECK(c.diff_ci_high == Approx(1.25 + half).epsilon(1e-11));
  CHECK(c.rel_change == Approx(1.25 / 13).epsilon(1e-14));
  // var(base) = 20/3, var(alt) = 22.25/3, var(d) = 1/12: ratio (1/12) / (42.25/3).
  CHECK(c.variance_ratio == Approx((1.0 / 12) / (42.25 / 3)).epsilon(1e-12));
  const auto w = ga::welch_interval(base, alt);
  CHECK(c.unpaired_ci_low == w.ci_low);
  CHECK(c.unpaired_ci_high == w.ci_high);
  CHECK(c.diff_ci_high - c.diff_ci_low < (w.ci_high - w.ci_low) / 10);
}

TEST_CASE("paired comparison uses only complete pairs, and checks its arguments", "[unit][analysis][compare]") {
  const std::vector<double> base{10, kNaN, 12, 14, 16, 3};
  const std::vector<double> alt{11, 99, 13.5, 15, 17.5, kNaN};
  const auto c = ga::paired_compare(base, alt);
  CHECK(c.n == 4);
  CHECK(c.mean_base == 13);  // the replicate whose alternative is NaN is left out of the baseline mean too
  CHECK(c.diff == 1.25);
  const auto one = ga::paired_compare(std::vector<double>{1, kNaN}, std::vector<double>{3, 4});
  CHECK(one.n == 1);
  CHECK(one.diff == 2);
  CHECK(std::isnan(one.diff_ci_low));
  CHECK(std::isnan(one.variance_ratio));
  const auto none = ga::paired_compare(std::vector<double>{kNaN}, std::vector<double>{1});
  CHECK(none.n == 0);
  CHECK(std::isnan(none.diff));
  CHECK(std::isnan(ga::paired_compare(std::vector<double>{0, 0}, std::vector<double>{1, 2}).rel_change));
  CHECK_THROWS_AS(ga::paired_compare(std::vector<double>{1, 2}, std::vector<double>{1}), std::invalid_argument);
  CHECK_THROWS_AS(ga::paired_compare(base, alt, 0.0), std::invalid_argument);
}
