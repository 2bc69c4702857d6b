/// \file
/// Tests for the experimental designs: the Sobol' sequence against published values and an
/// independent sequential implementation, Latin hypercube stratification, the Saltelli layout
/// and Sobol' indices on functions with known indices, and Morris trajectories and effects.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "analysis/Design.hpp"

namespace ga = gridgov::analysis;

namespace {

constexpr double kPi = 3.14159265358979323846;

// Joe-Kuo "new-joe-kuo-6.21201" rows d = 2..40 as "s a m_1 .. m_s", separated by '|'. A separate
// transcription from the table in Design.cpp, so a typo in either shows up as a mismatch.
constexpr const char* kJoeKuoText =
    "1 0 1|2 1 1 3|3 1 1 3 1|3 2 1 1 1|4 1 1 1 3 3|4 4 1 3 5 13|5 2 1 1 5 5 17|5 4 1 1 5 5 5|"
    "5 7 1 1 7 11 19|5 11 1 1 5 1 1|5 13 1 1 1 3 11|5 14 1 3 5 5 31|6 1 1 3 3 9 7 49|"
    "6 13 1 1 1 15 21 21|6 16 1 3 1 13 27 49|6 19 1 1 1 15 7 5|6 22 1 3 1 15 13 25|"
    "6 25 1 1 5 5 19 61|7 1 1 3 7 11 23 15 103|7 4 1 3 7 13 13 15 69|7 7 1 1 3 13 7 35 63|"
    "7 8 1 3 5 9 1 25 53|7 14 1 3 1 13 9 35 107|7 19 1 3 1 5 27 61 31|7 21 1 1 5 11 19 41 61|"
    "7 28 1 3 5 3 3 13 69|7 31 1 1 7 13 1 19 1|7 32 1 3 7 5 13 19 59|7 37 1 1 3 9 25 29 41|"
    "7 41 1 3 5 13 23 1 55|7 42 1 3 7 3 13 59 17|7 50 1 3 1 3 5 53 69|7 55 1 1 5 5 23 33 13|"
    "7 56 1 1 7 7 1 61 123|7 59 1 1 7 9 13 61 49|7 62 1 3 3 5 3 55 33|"
    "8 14 1 3 1 15 31 13 49 245|8 21 1 3 5 15 31 59 63 97|8 22 1 3 1 11 11 11 77 249";

// Independent reference: direction integers m_1..m_32 from the integer recurrence of Bratley and
// Fox (1988), m_i = 2 c_1 m_{i-1} ^ 4 c_2 m_{i-2} ^ ... ^ 2^{s-1} c_{s-1} m_{i-s+1} ^ 2^s m_{i-s}
// ^ m_{i-s}, then v_i = m_i 2^(32-i); points in Gray-code order by the sequential update
// x_n = x_{n-1} ^ v_c, c the position of the lowest zero bit of n - 1 (Joe and Kuo's sobol.cc
// scheme). Returns x[n][j] scaled by 2^32 for n < count.
std::vector<std::vector<std::uint32_t>> reference_sobol(std::size_t count, std::size_t dims) {
  std::vector<std::vector<std::uint64_t>> v(dims, std::vector<std::uint64_t>(33, 0));
  for (int i = 1; i <= 32; ++i) {
    v[0][static_cast<std::size_t>(i)] = std::uint64_t{1} << (32 - i);
  }
  std::string text = kJoeKuoText;
  std::replace(text.begin(), text.end(), '|', '\n');
  std::istringstream rows(text);
  std::string line;
  for (std::size_t j = 1; j < dims && std::getline(rows, line); ++j) {
    std::istringstream in(line);
    int s = 0;
    unsigned a = 0;
    in >> s >> a;
    std::vector<std::uint64_t> m(33, 0);
    for (int i = 1; i <= s; ++i) {
      in >> m[static_cast<std::size_t>(i)];
    }
    for (int i = s + 1; i <= 32; ++i) {
      std::uint64_t mi = m[static_cast<std::size_t>(i - s)] ^ (m[static_cast<std::size_t>(i - s)] << s);
      for (int k = 1; k < s; ++k) {
        if (((a >> (s - 1 - k)) & 1u) != 0) {
          mi ^= m[static_cast<std::size_t>(i - k)] << k;
        }
      }
      m[static_cast<std::size_t>(i)] = mi;
    }
    for (int i = 1; i <= 32; ++i) {
      v[j][static_cast<std::size_t>(i)] = m[static_cast<std::size_t>(i)] << (32 - i);
    }
  }
  std::vector<std::vector<std::uint32_t>> x(count, std::vector<std::uint32_t>(dims, 0));
  for (std::size_t n = 1; n < count; ++n) {
    std::size_t c = 1;
    for (std::size_t value = n - 1; (value & 1u) != 0; value >>= 1) {
      ++c;
    }
    for (std::size_t j = 0; j < dims; ++j) {
      x[n][j] = static_cast<std::uint32_t>(x[n - 1][j] ^ v[j][c]);
    }
  }
  return x;
}

double ishigami(const std::vector<double>& u) {
  const double a = 7.0;
  const double b = 0.1;
  const double x1 = -kPi + 2.0 * kPi * u[0];
  const double x2 = -kPi + 2.0 * kPi * u[1];
  const double x3 = -kPi + 2.0 * kPi * u[2];
  return std::sin(x1) + a * std::sin(x2) * std::sin(x2) + b * std::pow(x3, 4) * std::sin(x1);
}

double linear(const std::vector<double>& x, const std::vector<double>& c) {
  double y = 0.0;
  for (std::size_t i = 0; i < c.size(); ++i) {
    y += c[i] * x[i];
  }
  return y;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Sobol' sequence

TEST_CASE("Sobol dimension 1 is van der Corput, dimensions 2 and 3 match published points", "[unit][analysis][design]") {
  const ga::SobolSequence seq(3);
  REQUIRE(seq.dims() == 3);
  // First ten 3-D points of the Joe-Kuo sequence (Gray-code order).
  const std::vector<std::vector<double>> expected{{0, 0, 0},
                                                  {0.5, 0.5, 0.5},
                                                  {0.75, 0.25, 0.25},
                                                  {0.25, 0.75, 0.75},
                                                  {0.375, 0.375, 0.625},
                                                  {0.875, 0.875, 0.125},
                                                  {0.625, 0.125, 0.875},
                                                  {0.125, 0.625, 0.375},
                                                  {0.1875, 0.3125, 0.9375},
                                                  {0.6875, 0.8125, 0.4375}};
  for (std::size_t n = 0; n < expected.size(); ++n) {
    CHECK(seq.point(n) == expected[n]);
  }
  const auto pts = ga::sobol_points(4, 3, 2);
  REQUIRE(pts.size() == 4);
  CHECK(pts[0] == expected[2]);
  CHECK(pts[3] == expected[5]);
  CHECK(ga::sobol_points(1, 3)[0] == expected[1]);
}

TEST_CASE("Sobol sequence equals an independent sequential implementation", "[unit][analysis][design]") {
  const std::size_t count = std::size_t{1} << 14;
  const auto ref = reference_sobol(count, ga::kSobolMaxDims);
  const ga::SobolSequence seq(ga::kSobolMaxDims);
  std::size_t mismatches = 0;
  for (std::size_t n = 0; n < count; ++n) {
    const auto x = seq.point(n);
    for (std::size_t j = 0; j < ga::kSobolMaxDims; ++j) {
      if (x[j] != static_cast<double>(ref[n][j]) * 0x1.0p-32) {
        ++mismatches;
      }
    }
  }
  CHECK(mismatches == 0);
}

TEST_CASE("Sobol one-dimensional projections are (0,m,1)-nets", "[unit][analysis][design]") {
  const ga::SobolSequence seq(ga::kSobolMaxDims);
  for (unsigned m = 0; m <= 10; ++m) {
    const std::size_t count = std::size_t{1} << m;
    std::vector<std::vector<double>> scaled(ga::kSobolMaxDims);
    for (std::size_t n = 0; n < count; ++n) {
      const auto x = seq.point(n);
      for (std::size_t j = 0; j < x.size(); ++j) {
        scaled[j].push_back(std::ldexp(x[j], static_cast<int>(m)));
      }
    }
    for (auto& col : scaled) {
      std::sort(col.begin(), col.end());
      for (std::size_t n = 0; n < count; ++n) {
        REQUIRE(col[n] == static_cast<double>(n));
      }
    }
  }
}

TEST_CASE("Sobol dimensions 1 and 2 form (0,m,2)-nets", "[unit][analysis][design]") {
  const ga::SobolSequence seq(2);
  for (unsigned m = 1; m <= 10; ++m) {
    const std::size_t count = std::size_t{1} << m;
    for (unsigned a = 0; a <= m; ++a) {
      // Elementary boxes of size 2^-a by 2^-(m-a): each must hold exactly one point.
      std::vector<int> hits(count, 0);
      for (std::size_t n = 0; n < count; ++n) {
        const auto x = seq.point(n);
        const auto i0 = static_cast<std::size_t>(std::ldexp(x[0], static_cast<int>(a)));
        const auto i1 = static_cast<std::size_t>(std::ldexp(x[1], static_cast<int>(m - a)));
        ++hits[(i0 << (m - a)) + i1];
      }
      CHECK(std::all_of(hits.begin(), hits.end(), [](int h) { return h == 1; }));
    }
  }
}

TEST_CASE("Sobol argument checks", "[unit][analysis][design]") {
  CHECK_THROWS_AS(ga::SobolSequence(0), std::invalid_argument);
  CHECK_THROWS_AS(ga::SobolSequence(ga::kSobolMaxDims + 1), std::invalid_argument);
  CHECK_NOTHROW(ga::SobolSequence(ga::kSobolMaxDims));
  const ga::SobolSequence seq(2);
  CHECK_NOTHROW(seq.point(0xffffffffull));
  CHECK_THROWS_AS(seq.point(0x100000000ull), std::out_of_range);
  for (const double v : seq.point(0xffffffffull)) {
    CHECK(v >= 0.0);
    CHECK(v < 1.0);
  }
}

// ---------------------------------------------------------------------------------------------
// Latin hypercube

TEST_CASE("Latin hypercube has one point per stratum in every dimension", "[unit][analysis][design]") {
  const std::vector<std::pair<std::size_t, std::size_t>> shapes{{1, 1}, {2, 3}, {7, 5}, {10, 1}, {100, 4}, {1000, 8}, {3, 40}};
  for (const auto& [n, dims] : shapes) {
    const auto pts = ga::latin_hypercube(n, dims, 42);
    REQUIRE(pts.size() == n);
    for (std::size_t j = 0; j < dims; ++j) {
      std::vector<double> col;
      for (const auto& p : pts) {
        REQUIRE(p.size() == dims);
        col.push_back(p[j]);
      }
      std::sort(col.begin(), col.end());
      const auto dn = static_cast<double>(n);
      for (std::size_t i = 0; i < n; ++i) {
        INFO("n=" << n << " dims=" << dims << " j=" << j << " i=" << i);
        CHECK(col[i] >= static_cast<double>(i) / dn);
        CHECK(col[i] < static_cast<double>(i + 1) / dn);
        CHECK(col[i] >= 0.0);
        CHECK(col[i] < 1.0);
      }
    }
  }
  CHECK(ga::latin_hypercube(0, 3, 1).empty());
  CHECK_THROWS_AS(ga::latin_hypercube(5, 0, 1), std::invalid_argument);
}

TEST_CASE("Latin hypercube is deterministic per seed", "[unit][analysis][design]") {
  const auto a = ga::latin_hypercube(50, 6, 12345);
  const auto b = ga::latin_hypercube(50, 6, 12345);
  const auto c = ga::latin_hypercube(50, 6, 12346);
  CHECK(a == b);
  CHECK(a != c);
  // Each dimension has its own stream: adding dimensions keeps the earlier columns.
  const auto wider = ga::latin_hypercube(50, 9, 12345);
  for (std::size_t i = 0; i < 50; ++i) {
    CHECK(std::equal(a[i].begin(), a[i].end(), wider[i].begin()));
  }
  // Not the identity assignment (probability 1/50! per dimension).
  bool sorted_everywhere = true;
  for (std::size_t i = 0; i + 1 < 50; ++i) {
    sorted_everywhere = sorted_everywhere && a[i][0] < a[i + 1][0];
  }
  CHECK_FALSE(sorted_everywhere);
}

// ---------------------------------------------------------------------------------------------
// Saltelli design and Sobol' indices

TEST_CASE("Saltelli design layout", "[unit][analysis][design]") {
  const std::size_t n = 16;
  const std::size_t k = 4;
  const auto d = ga::saltelli(n, k);
  REQUIRE(d.points.size() == n * (k + 2));
  REQUIRE(d.base_row.size() == d.points.size());
  REQUIRE(d.block.size() == d.points.size());
  std::uint64_t skip = 1;
  while (skip < n || skip < 2) skip <<= 1;
  const auto base = ga::sobol_points(n, 2 * k, skip);
  for (std::size_t j = 0; j < n; ++j) {
    const std::size_t r0 = j * (k + 2);
    const auto& a = d.points[r0];
    const auto& b = d.points[r0 + k + 1];
    CHECK(d.block[r0] == "A");
    CHECK(d.block[r0 + k + 1] == "B");
    CHECK(std::equal(a.begin(), a.end(), base[j].begin()));
    CHECK(std::equal(b.begin(), b.end(), base[j].begin() + static_cast<std::ptrdiff_t>(k)));
    for (std::size_t r = r0; r < r0 + k + 2; ++r) {
      CHECK(d.base_row[r] == j);
      REQUIRE(d.points[r].size() == k);
      for (const double v : d.points[r]) {
        CHECK(v >= 0.0);
        CHECK(v < 1.0);
      }
    }
    for (std::size_t i = 0; i < k; ++i) {
      const auto& ab = d.points[r0 + 1 + i];
      CHECK(d.block[r0 + 1 + i] == "AB" + std::to_string(i + 1));
      for (std::size_t c = 0; c < k; ++c) {
        CHECK(ab[c] == (c == i ? b[c] : a[c]));
      }
    }
  }
  CHECK_THROWS_AS(ga::saltelli(0, 3), std::invalid_argument);
  CHECK_THROWS_AS(ga::saltelli(8, 0), std::invalid_argument);
  CHECK_THROWS_AS(ga::saltelli(8, ga::kSobolMaxDims / 2 + 1), std::invalid_argument);
  CHECK_NOTHROW(ga::saltelli(2, ga::kSobolMaxDims / 2));
}

TEST_CASE("Sobol indices of the Ishigami function", "[unit][analysis][design]") {
  const auto d = ga::saltelli(std::size_t{1} << 13, 3);
  std::vector<double> y;
  y.reserve(d.points.size());
  for (const auto& p : d.points) {
    y.push_back(ishigami(p));
  }
  const auto [s1, st] = ga::sobol_indices(d, y);
  REQUIRE(s1.size() == 3);
  REQUIRE(st.size() == 3);
  // Analytic values for a = 7, b = 0.1.
  const double a = 7.0;
  const double b = 0.1;
  const double pi4 = std::pow(kPi, 4);
  const double v1 = 0.5 * std::pow(1.0 + b * pi4 / 5.0, 2);
  const double v2 = a * a / 8.0;
  const double v13 = b * b * pi4 * pi4 * (1.0 / 18.0 - 1.0 / 50.0);
  const double v = v1 + v2 + v13;
  CHECK(v1 / v == Approx(0.3139).margin(1e-4));
  CHECK(s1[0] == Approx(v1 / v).margin(0.03));
  CHECK(s1[1] == Approx(v2 / v).margin(0.03));
  CHECK(s1[2] == Approx(0.0).margin(0.03));
  CHECK(st[0] == Approx((v1 + v13) / v).margin(0.03));
  CHECK(st[1] == Approx(v2 / v).margin(0.03));
  CHECK(st[2] == Approx(v13 / v).margin(0.03));
  CHECK(st[0] == Approx(0.558).margin(0.03));
  CHECK(st[2] == Approx(0.244).margin(0.03));
}

TEST_CASE("Sobol indices of a linear function", "[unit][analysis][design]") {
  const std::vector<double> c{1.0, 2.0, -3.0, 0.5, 0.0};
  const auto d = ga::saltelli(std::size_t{1} << 12, c.size());
  std::vector<double> y;
  for (const auto& p : d.points) {
    y.push_back(linear(p, c));
  }
  const auto [s1, st] = ga::sobol_indices(d, y);
  double sum_sq = 0.0;
  for (const double ci : c) {
    sum_sq += ci * ci;
  }
  for (std::size_t i = 0; i < c.size(); ++i) {
    INFO("factor " << i);
    // Additive model: first and total order coincide.
    CHECK(s1[i] == Approx(c[i] * c[i] / sum_sq).margin(0.01));
    CHECK(st[i] == Approx(c[i] * c[i] / sum_sq).margin(0.01));
  }
}

TEST_CASE("Sobol indices argument checks", "[unit][analysis][design]") {
  const auto d = ga::saltelli(8, 2);
  CHECK_THROWS_AS(ga::sobol_indices(d, std::vector<double>(3)), std::invalid_argument);
  // Constant output: zero variance gives NaN indices.
  const auto [s1, st] = ga::sobol_indices(d, std::vector<double>(d.points.size(), 1.0));
  CHECK(std::isnan(s1[0]));
  CHECK(std::isnan(st[1]));
}

// ---------------------------------------------------------------------------------------------
// Morris

TEST_CASE("Morris trajectories change one factor at a time by delta", "[unit][analysis][design]") {
  for (const std::size_t levels : {2u, 4u, 6u, 10u}) {
    const std::size_t r = 20;
    const std::size_t k = 7;
    const auto d = ga::morris(r, k, levels, 99);
    REQUIRE(d.points.size() == r * (k + 1));
    REQUIRE(d.trajectory.size() == d.points.size());
    REQUIRE(d.step.size() == d.points.size());
    REQUIRE(d.changed_factor.size() == d.points.size());
    const double scale = static_cast<double>(levels - 1);
    const double delta = static_cast<double>(levels) / (2.0 * scale);
    for (std::size_t t = 0; t < r; ++t) {
      std::set<long> changed;
      for (std::size_t s = 0; s <= k; ++s) {
        const std::size_t row = t * (k + 1) + s;
        CHECK(d.trajectory[row] == t);
        CHECK(d.step[row] == s);
        REQUIRE(d.points[row].size() == k);
        for (const double v : d.points[row]) {
          CHECK(v >= 0.0);
          CHECK(v <= 1.0);
          CHECK(std::abs(v * scale - std::round(v * scale)) < 1e-9);
        }
        if (s == 0) {
          CHECK(d.changed_factor[row] == -1);
          continue;
        }
        const long f = d.changed_factor[row];
        REQUIRE(f >= 0);
        REQUIRE(f < static_cast<long>(k));
        changed.insert(f);
        std::size_t differing = 0;
        for (std::size_t i = 0; i < k; ++i) {
          const double diff = d.points[row][i] - d.points[row - 1][i];
          if (diff != 0.0) {
            ++differing;
            CHECK(i == static_cast<std::size_t>(f));
            CHECK(std::abs(std::abs(diff) - delta) < 1e-12);
          }
        }
        CHECK(differing == 1);
      }
      CHECK(changed.size() == k);
    }
  }
}

TEST_CASE("Morris design is deterministic and uses both directions", "[unit][analysis][design]") {
  const auto a = ga::morris(10, 5, 4, 7);
  const auto b = ga::morris(10, 5, 4, 7);
  const auto c = ga::morris(10, 5, 4, 8);
  CHECK(a.points == b.points);
  CHECK(a.changed_factor == b.changed_factor);
  CHECK(a.points != c.points);
  // Trajectories have their own streams: more trajectories extend the design.
  const auto longer = ga::morris(12, 5, 4, 7);
  CHECK(std::equal(a.points.begin(), a.points.end(), longer.points.begin()));
  bool up = false;
  bool down = false;
  for (std::size_t row = 0; row < a.points.size(); ++row) {
    if (a.changed_factor[row] < 0) {
      continue;
    }
    const auto f = static_cast<std::size_t>(a.changed_factor[row]);
    const double diff = a.points[row][f] - a.points[row - 1][f];
    up = up || diff > 0.0;
    down = down || diff < 0.0;
  }
  CHECK(up);
  CHECK(down);
  CHECK_THROWS_AS(ga::morris(10, 5, 3, 1), std::invalid_argument);
  CHECK_THROWS_AS(ga::morris(10, 5, 0, 1), std::invalid_argument);
  CHECK_THROWS_AS(ga::morris(0, 5, 4, 1), std::invalid_argument);
  CHECK_THROWS_AS(ga::morris(10, 0, 4, 1), std::invalid_argument);
}

TEST_CASE("Morris effects of a linear function", "[unit][analysis][design]") {
  const std::vector<double> c{1.5, -2.0, 0.0, 4.0};
  const std::size_t levels = 6;
  const auto d = ga::morris(25, c.size(), levels, 2024);
  std::vector<double> y;
  for (const auto& p : d.points) {
    y.push_back(linear(p, c));
  }
  const auto [mu_star, sigma] = ga::morris_effects(d, y, levels);
  REQUIRE(mu_star.size() == c.size());
  REQUIRE(sigma.size() == c.size());
  for (std::size_t i = 0; i < c.size(); ++i) {
    INFO("factor " << i);
    CHECK(mu_star[i] == Approx(std::abs(c[i])).margin(1e-9));
    CHECK(sigma[i] == Approx(0.0).margin(1e-9));
  }
  // A nonlinear factor has a spread of effects: y = x0^2 gives sigma > 0 for factor 0.
  std::vector<double> yq;
  for (const auto& p : d.points) {
    yq.push_back(p[0] * p[0]);
  }
  const auto [mq, sq] = ga::morris_effects(d, yq, levels);
  CHECK(sq[0] > 0.1);
  CHECK(mq[1] == Approx(0.0).margin(1e-12));
  // Wrong level count for the design, and wrong y length.
  CHECK_THROWS_AS(ga::morris_effects(d, y, 4), std::invalid_argument);
  CHECK_THROWS_AS(ga::morris_effects(d, std::vector<double>(3), levels), std::invalid_argument);
}

TEST_CASE("Saltelli: A and B differ in every base row, and S1 is unaffected by a large offset", "[unit][analysis][design]") {
  const std::size_t n = 64, k = 3;
  const auto d = ga::saltelli(n, k);
  for (std::size_t j = 0; j < n; ++j) CHECK(d.points[j * (k + 2)] != d.points[j * (k + 2) + k + 1]);
  const double c[3] = {1.0, 2.0, 0.5};
  std::vector<double> y, y_off;
  for (const auto& p : d.points) {
    double v = 0;
    for (std::size_t i = 0; i < k; ++i) v += c[i] * p[i];
    y.push_back(v);
    y_off.push_back(v + 1.0e4);  // a metric whose mean dwarfs its spread
  }
  const auto [s1, st] = ga::sobol_indices(d, y);
  const auto [s1o, sto] = ga::sobol_indices(d, y_off);
  const double total = 1.0 + 4.0 + 0.25;
  for (std::size_t i = 0; i < k; ++i) {
    CHECK(s1o[i] == Approx(s1[i]).margin(1e-6));
    CHECK(sto[i] == Approx(st[i]).margin(1e-6));
    CHECK(s1[i] == Approx(c[i] * c[i] / total).margin(0.08));
  }
}

// ---------------------------------------------------------------------------------------------
// Bootstrap intervals of the sensitivity indices

TEST_CASE("bootstrap intervals of the Ishigami indices hold the analytic values", "[unit][analysis][design][sensitivity]") {
  const auto d = ga::saltelli(std::size_t{1} << 12, 3);
  std::vector<double> y;
  for (const auto& p : d.points) {
    y.push_back(ishigami(p));
  }
  const auto [s1, st] = ga::sobol_indices(d, y);
  const auto ci = ga::sobol_bootstrap(d, y, 1000, 20260101);
  // Analytic values for a = 7, b = 0.1 (Ishigami and Homma 1990).
  const std::vector<double> s1_true{0.3139, 0.4424, 0.0};
  const std::vector<double> st_true{0.5576, 0.4424, 0.2437};
  REQUIRE(ci.first_low.size() == 3);
  REQUIRE(ci.second_high.size() == 3);
  for (std::size_t i = 0; i < 3; ++i) {
    INFO("factor " << i + 1 << ": S1 " << s1[i] << " [" << ci.first_low[i] << ", " << ci.first_high[i] << "], ST " << st[i]
                   << " [" << ci.second_low[i] << ", " << ci.second_high[i] << "]");
    CHECK(s1[i] == Approx(s1_true[i]).margin(0.03));
    CHECK(st[i] == Approx(st_true[i]).margin(0.03));
    // The estimate lies inside its interval, the analytic value inside or within 0.01 of it.
    CHECK(ci.first_low[i] <= s1[i]);
    CHECK(s1[i] <= ci.first_high[i]);
    CHECK(ci.second_low[i] <= st[i]);
    CHECK(st[i] <= ci.second_high[i]);
    CHECK(s1_true[i] >= ci.first_low[i] - 0.01);
    CHECK(s1_true[i] <= ci.first_high[i] + 0.01);
    CHECK(st_true[i] >= ci.second_low[i] - 0.01);
    CHECK(st_true[i] <= ci.second_high[i] + 0.01);
    // Informative: narrower than 0.15 with 4,096 base rows, yet not degenerate.
    CHECK(ci.first_high[i] - ci.first_low[i] < 0.15);
    CHECK(ci.first_high[i] - ci.first_low[i] > 1e-3);
    CHECK(ci.second_high[i] - ci.second_low[i] > 1e-3);
  }
  // The intervals separate the factors: x2 dominates x3 in first order, x1 dominates x3 in total order.
  CHECK(ci.first_low[1] > ci.first_high[2]);
  CHECK(ci.second_low[0] > ci.second_high[2]);
}

TEST_CASE("bootstrap intervals are a pure function of the seed", "[unit][analysis][design][sensitivity]") {
  const auto d = ga::saltelli(64, 3);
  std::vector<double> y;
  for (const auto& p : d.points) {
    y.push_back(ishigami(p));
  }
  const auto a = ga::sobol_bootstrap(d, y, 200, 7);
  const auto b = ga::sobol_bootstrap(d, y, 200, 7);
  const auto c = ga::sobol_bootstrap(d, y, 200, 8);
  CHECK(a.first_low == b.first_low);
  CHECK(a.second_high == b.second_high);
  CHECK(a.first_low != c.first_low);
  // A wider confidence gives a wider interval from the same resamples.
  const auto wide = ga::sobol_bootstrap(d, y, 200, 7, 0.99);
  for (std::size_t i = 0; i < 3; ++i) {
    CHECK(wide.first_low[i] <= a.first_low[i]);
    CHECK(wide.first_high[i] >= a.first_high[i]);
  }
  CHECK_THROWS_AS(ga::sobol_bootstrap(d, y, 0, 7), std::invalid_argument);
  CHECK_THROWS_AS(ga::sobol_bootstrap(d, y, 10, 7, 1.5), std::invalid_argument);
  CHECK_THROWS_AS(ga::sobol_bootstrap(d, std::vector<double>(5), 10, 7), std::invalid_argument);
  // Constant output: every resample has zero variance, so the intervals are NaN.
  const auto flat = ga::sobol_bootstrap(d, std::vector<double>(d.points.size(), 2.0), 10, 7);
  CHECK(std::isnan(flat.first_low[0]));
}

TEST_CASE("bootstrap intervals of Morris effects", "[unit][analysis][design][sensitivity]") {
  const std::vector<double> c{1.5, -2.0, 0.0, 4.0};
  const std::size_t levels = 4;
  const auto d = ga::morris(20, c.size(), levels, 99);
  std::vector<double> y;
  for (const auto& p : d.points) {
    y.push_back(linear(p, c));
  }
  // Linear: every trajectory has the same effects, so every resample gives mu* = |c| and sigma = 0.
  const auto lin = ga::morris_bootstrap(d, y, levels, 500, 1);
  for (std::size_t i = 0; i < c.size(); ++i) {
    INFO("factor " << i);
    CHECK(lin.first_low[i] == Approx(std::abs(c[i])).margin(1e-9));
    CHECK(lin.first_high[i] == Approx(std::abs(c[i])).margin(1e-9));
    CHECK(lin.second_high[i] == Approx(0.0).margin(1e-9));
  }
  // Nonlinear in x0: effects vary between trajectories, and the interval holds the estimate.
  std::vector<double> yq;
  for (const auto& p : d.points) {
    yq.push_back(3.0 * p[0] * p[0] + p[1]);
  }
  const auto [mu, sigma] = ga::morris_effects(d, yq, levels);
  const auto q = ga::morris_bootstrap(d, yq, levels, 500, 1);
  CHECK(q.first_low[0] < mu[0]);
  CHECK(mu[0] < q.first_high[0]);
  CHECK(q.second_low[0] < sigma[0]);
  CHECK(sigma[0] < q.second_high[0]);
  CHECK(q.first_low[1] == Approx(1.0).margin(1e-9));
  CHECK(q.first_high[2] == Approx(0.0).margin(1e-12));
  CHECK_THROWS_AS(ga::morris_bootstrap(d, yq, 6, 10, 1), std::invalid_argument);
  CHECK_THROWS_AS(ga::morris_bootstrap(d, yq, levels, 0, 1), std::invalid_argument);
}
