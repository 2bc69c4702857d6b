// Tests for replicate summary statistics, the Welford accumulator and the log histogram.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <random>
#include <stdexcept>
#include <vector>

#include "analysis/Statistics.hpp"

namespace ga = gridgov::analysis;

namespace {
const double kNaN = std::numeric_limits<double>::quiet_NaN();
}

// Reference values: high-precision root of the regularised incomplete beta CDF (mpmath, 30 digits).
TEST_CASE("t_critical matches Student t tables", "[unit][analysis]") {
  CHECK(ga::t_critical(0.95, 9) == Approx(2.262157162798205).epsilon(1e-12));
  CHECK(ga::t_critical(0.95, 1) == Approx(12.70620473617469).epsilon(1e-12));
  CHECK(ga::t_critical(0.99, 5) == Approx(4.032142983555227).epsilon(1e-12));
  CHECK(ga::t_critical(0.90, 30) == Approx(1.697260886593957).epsilon(1e-12));
  CHECK(ga::t_critical(0.95, 1000000) == Approx(1.959963984540054).epsilon(1e-5));
  CHECK(std::isnan(ga::t_critical(0.95, 0)));
  CHECK_THROWS_AS(ga::t_critical(1.0, 3), std::invalid_argument);
  CHECK_THROWS_AS(ga::t_critical(0.0, 3), std::invalid_argument);
}

TEST_CASE("quantile_sorted is Hyndman-Fan type 7", "[unit][analysis]") {
  const std::vector<double> v = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  CHECK(ga::quantile_sorted(v, 0.0) == 1.0);
  CHECK(ga::quantile_sorted(v, 1.0) == 10.0);
  CHECK(ga::quantile_sorted(v, 0.1) == Approx(1.9));
  CHECK(ga::quantile_sorted(v, 0.9) == Approx(9.1));
  CHECK(ga::quantile_sorted(v, 0.25) == Approx(3.25));
  CHECK(ga::quantile_sorted(v, 0.5) == Approx(5.5));
  // numpy.percentile([0, 1, 10, 100], [33, 90]) -> [0.99, 73.0]
  const std::vector<double> w = {0.0, 1.0, 10.0, 100.0};
  CHECK(ga::quantile_sorted(w, 0.33) == Approx(0.99));
  CHECK(ga::quantile_sorted(w, 0.9) == Approx(73.0));
  const std::vector<double> single = {4.2};
  CHECK(ga::quantile_sorted(single, 0.37) == 4.2);
  CHECK(std::isnan(ga::quantile_sorted(std::vector<double>{}, 0.5)));
  CHECK_THROWS_AS(ga::quantile_sorted(v, 1.5), std::invalid_argument);
  CHECK_THROWS_AS(ga::quantile_sorted(v, kNaN), std::invalid_argument);
}

TEST_CASE("summarize known data sets", "[unit][analysis]") {
  const std::vector<double> v = {3, 1, 4, 10, 5, 9, 2, 6, 8, 7};  // 1..10 shuffled
  const auto s = ga::summarize(v);
  CHECK(s.n == 10);
  CHECK(s.mean == Approx(5.5).epsilon(1e-15));
  CHECK(s.sd == Approx(3.0276503540974917).epsilon(1e-13));
  const double half = 2.262157162798205 * 3.0276503540974917 / std::sqrt(10.0);
  CHECK(s.ci_low == Approx(5.5 - half).epsilon(1e-12));
  CHECK(s.ci_high == Approx(5.5 + half).epsilon(1e-12));
  CHECK(s.median == Approx(5.5));
  CHECK(s.p10 == Approx(1.9));
  CHECK(s.p90 == Approx(9.1));
  CHECK(s.min == 1.0);
  CHECK(s.max == 10.0);

  const std::vector<double> w = {2, 4, 4, 4, 5, 5, 7, 9};
  const auto t = ga::summarize(w, 0.99);
  CHECK(t.mean == Approx(5.0));
  CHECK(t.sd == Approx(std::sqrt(32.0 / 7.0)).epsilon(1e-14));
  CHECK(t.ci_high - t.mean == Approx(ga::t_critical(0.99, 7) * t.sd / std::sqrt(8.0)));
  CHECK(t.median == Approx(4.5));
}

TEST_CASE("summarize edge cases: NaN, empty, single value", "[unit][analysis]") {
  const std::vector<double> with_nan = {kNaN, 1, 2, kNaN, 3};
  const auto s = ga::summarize(with_nan);
  CHECK(s.n == 3);
  CHECK(s.mean == Approx(2.0));
  CHECK(s.sd == Approx(1.0));
  CHECK(s.median == 2.0);

  const auto e = ga::summarize(std::vector<double>{});
  CHECK(e.n == 0);
  for (double f : {e.mean, e.sd, e.ci_low, e.ci_high, e.median, e.p10, e.p90, e.min, e.max}) {
    CHECK(std::isnan(f));
  }
  const auto all_nan = ga::summarize(std::vector<double>{kNaN, kNaN});
  CHECK(all_nan.n == 0);
  CHECK(std::isnan(all_nan.mean));

  const auto one = ga::summarize(std::vector<double>{7.5});
  CHECK(one.n == 1);
  CHECK(one.mean == 7.5);
  CHECK(std::isnan(one.sd));
  CHECK(std::isnan(one.ci_low));
  CHECK(std::isnan(one.ci_high));
  CHECK(one.median == 7.5);
  CHECK(one.p10 == 7.5);
  CHECK(one.p90 == 7.5);
  CHECK(one.min == 7.5);
  CHECK(one.max == 7.5);

  CHECK_THROWS_AS(ga::summarize(with_nan, 1.0), std::invalid_argument);
}

TEST_CASE("RunningStats: Welford one pass, merge, and agreement with summarize", "[unit][analysis]") {
  std::mt19937_64 rng(12345);
  std::normal_distribution<double> dist(1e6, 3.0);  // large offset stresses cancellation
  std::vector<double> v(10007);
  for (double& x : v) {
    x = dist(rng);
  }
  ga::RunningStats all;
  for (double x : v) {
    all.add(x);
  }
  const auto s = ga::summarize(v);
  CHECK(all.n() == v.size());
  CHECK(all.mean() == Approx(s.mean).epsilon(1e-14));
  CHECK(all.sd() == Approx(s.sd).epsilon(1e-9));
  CHECK(all.min() == s.min);
  CHECK(all.max() == s.max);

  // Merging chunks of uneven sizes (including an empty one) equals the single pass.
  const std::vector<std::size_t> cuts = {0, 1, 1, 500, 4321, 9000, v.size()};
  ga::RunningStats merged;
  for (std::size_t i = 0; i + 1 < cuts.size(); ++i) {
    ga::RunningStats part;
    for (std::size_t j = cuts[i]; j < cuts[i + 1]; ++j) {
      part.add(v[j]);
    }
    merged.merge(part);
  }
  CHECK(merged.n() == all.n());
  CHECK(merged.mean() == Approx(all.mean()).epsilon(1e-14));
  CHECK(merged.variance() == Approx(all.variance()).epsilon(1e-10));
  CHECK(merged.min() == all.min());
  CHECK(merged.max() == all.max());

  // Deterministic: the same merge order gives bit-identical results.
  ga::RunningStats again;
  for (std::size_t i = 0; i + 1 < cuts.size(); ++i) {
    ga::RunningStats part;
    for (std::size_t j = cuts[i]; j < cuts[i + 1]; ++j) {
      part.add(v[j]);
    }
    again.merge(part);
  }
  CHECK(again.mean() == merged.mean());
  CHECK(again.variance() == merged.variance());

  ga::RunningStats small;
  CHECK(small.n() == 0);
  CHECK(std::isnan(small.mean()));
  CHECK(std::isnan(small.variance()));
  CHECK(std::isnan(small.min()));
  small.add(kNaN);
  CHECK(small.n() == 0);
  small.add(2.0);
  CHECK(small.mean() == 2.0);
  CHECK(std::isnan(small.variance()));
  small.add(4.0);
  CHECK(small.variance() == Approx(2.0));
  small.clear();
  CHECK(small.n() == 0);
}

TEST_CASE("LogHistogram layout and exact bin edges", "[unit][analysis]") {
  const ga::LogHistogram h;  // 1e-3 .. 1e6 hours, 200 bins per decade
  CHECK(h.bin_count() == 1800);
  CHECK(h.lower_edge() == 1e-3);
  CHECK(h.upper_edge() == Approx(1e6).epsilon(1e-14));
  CHECK(h.edge(0) == 1e-3);
  CHECK(h.edge(200) == Approx(1e-2).epsilon(1e-14));

  ga::LogHistogram g(1.0, 1000.0, 10);
  CHECK(g.bin_count() == 30);
  g.add(1.0);                                  // == lo -> underflow
  g.add(0.0);                                  // underflow
  g.add(-5.0);                                 // underflow
  g.add(g.edge(1));                            // exact edge -> bin 0, bins are (e_i, e_{i+1}]
  g.add(std::nextafter(g.edge(1), 2.0));       // just above the edge -> bin 1
  g.add(g.edge(17));                           // -> bin 16
  g.add(g.upper_edge());                       // -> last bin
  g.add(std::nextafter(g.upper_edge(), 1e9));  // overflow
  g.add(kNaN);                                 // ignored
  CHECK(g.count() == 8);
  CHECK(g.underflow() == 3);
  CHECK(g.bin(0) == 1);
  CHECK(g.bin(1) == 1);
  CHECK(g.bin(16) == 1);
  CHECK(g.bin(29) == 1);
  CHECK(g.overflow() == 1);
  CHECK_THROWS_AS(g.bin(30), std::out_of_range);
  CHECK(g.min() == -5.0);
  CHECK(g.max() == std::nextafter(g.upper_edge(), 1e9));

  // Every edge lands in the bin below it, every midpoint in its own bin.
  ga::LogHistogram k(1e-3, 1e6, 200);
  for (std::size_t i = 1; i <= k.bin_count(); ++i) {
    k.add(k.edge(i));
    k.add(std::sqrt(k.edge(i - 1) * k.edge(i)));
  }
  CHECK(k.underflow() == 0);
  CHECK(k.overflow() == 0);
  for (std::size_t i = 0; i < k.bin_count(); ++i) {
    REQUIRE(k.bin(i) == 2);
  }

  // Non-integral number of decades: hi rounded up to a whole bin.
  const ga::LogHistogram r(1.0, 50.0, 4);
  CHECK(r.bin_count() == 7);  // ceil(log10(50) * 4) = ceil(6.796)
  CHECK(r.upper_edge() == Approx(std::pow(10.0, 7.0 / 4.0)));

  CHECK_THROWS_AS(ga::LogHistogram(0.0, 1.0, 10), std::invalid_argument);
  CHECK_THROWS_AS(ga::LogHistogram(2.0, 1.0, 10), std::invalid_argument);
  CHECK_THROWS_AS(ga::LogHistogram(1.0, 10.0, 0), std::invalid_argument);
}

TEST_CASE("LogHistogram quantiles are within bin resolution", "[unit][analysis]") {
  // Uniform grid on a linear scale and a log-uniform grid spanning several decades.
  std::vector<std::vector<double>> grids(2);
  for (int i = 0; i < 100000; ++i) {
    grids[0].push_back(0.5 + 0.01 * i);                   // 0.5 .. 1000.49
    grids[1].push_back(std::pow(10.0, -2.5 + 7e-5 * i));  // 10^-2.5 .. 10^4.5
  }
  for (const auto& grid : grids) {
    ga::LogHistogram h;
    for (double x : grid) {
      h.add(x);
    }
    std::vector<double> sorted = grid;
    std::sort(sorted.begin(), sorted.end());
    CHECK(h.count() == grid.size());
    CHECK(h.quantile(0.0) == sorted.front());
    CHECK(h.quantile(1.0) == sorted.back());
    double worst = 0.0;
    for (int j = 1; j < 1000; ++j) {
      const double q = j / 1000.0;
      const double exact = ga::quantile_sorted(sorted, q);
      worst = std::max(worst, std::abs(h.quantile(q) / exact - 1.0));
    }
    CHECK(worst < 0.012);
    double sum = 0.0;
    for (double x : grid) {
      sum += x;
    }
    CHECK(h.mean() == Approx(sum / static_cast<double>(grid.size())).epsilon(1e-12));
  }

  // Random exponential durations: quantiles monotone and close to the sorted sample.
  std::mt19937_64 rng(7);
  std::exponential_distribution<double> expo(1.0 / 3.0);
  std::vector<double> sample(50000);
  ga::LogHistogram h;
  for (double& x : sample) {
    x = expo(rng);
    h.add(x);
  }
  std::sort(sample.begin(), sample.end());
  double prev = -1.0;
  for (int j = 0; j <= 100; ++j) {
    const double q = j / 100.0;
    const double est = h.quantile(q);
    CHECK(est >= prev);
    prev = est;
    if (j > 0 && j < 100) {
      CHECK(est == Approx(ga::quantile_sorted(sample, q)).epsilon(0.012));
    }
  }
}

TEST_CASE("LogHistogram merge, weights, underflow and overflow reporting", "[unit][analysis]") {
  ga::LogHistogram a, b, both;
  for (int i = 1; i <= 1000; ++i) {
    const double x = 0.37 * i;
    ((i % 3 == 0) ? a : b).add(x);
    both.add(x);
  }
  ga::LogHistogram merged = a;
  merged.merge(b);
  CHECK(merged.count() == both.count());
  for (std::size_t i = 0; i < both.bin_count(); ++i) {
    REQUIRE(merged.bin(i) == both.bin(i));
  }
  for (double q : {0.0, 0.1, 0.5, 0.9, 0.99, 1.0}) {
    CHECK(merged.quantile(q) == both.quantile(q));
  }
  CHECK(merged.min() == both.min());
  CHECK(merged.max() == both.max());
  CHECK_THROWS_AS(merged.merge(ga::LogHistogram(1e-3, 1e6, 100)), std::invalid_argument);

  ga::LogHistogram weighted;
  weighted.add(2.0, 5);
  weighted.add(8.0, 0);
  CHECK(weighted.count() == 5);
  CHECK(weighted.quantile(0.5) == 2.0);  // clamped to [min, max]
  CHECK(weighted.mean() == 2.0);

  // All samples below lo: underflow reports lo, clamped to the observed range.
  ga::LogHistogram zeros;
  zeros.add(0.0, 10);
  CHECK(zeros.quantile(0.5) == 0.0);
  ga::LogHistogram under;
  under.add(0.0, 5);
  under.add(1.0, 5);
  CHECK(under.quantile(0.2) == under.lower_edge());

  // Overflow: interpolated between the top edge and the observed maximum.
  ga::LogHistogram over(1.0, 10.0, 10);
  over.add(100.0, 3);
  over.add(5.0);
  CHECK(over.quantile(1.0) == 100.0);
  const double mid = over.quantile(0.5);
  CHECK(mid > over.upper_edge());
  CHECK(mid < 100.0);

  ga::LogHistogram empty;
  CHECK(std::isnan(empty.quantile(0.5)));
  CHECK(std::isnan(empty.mean()));
  CHECK_THROWS_AS(empty.quantile(-0.1), std::invalid_argument);
  merged.clear();
  CHECK(merged.count() == 0);
  CHECK(std::isnan(merged.min()));
}
