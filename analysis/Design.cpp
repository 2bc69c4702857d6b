/// \file
/// Sobol' sequence, Latin hypercube, Saltelli and Morris designs and their estimators.
#include "analysis/Design.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

#include "analysis/Statistics.hpp"
#include "sim/random/Stream.hpp"

namespace gridgov::analysis {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// ---------------------------------------------------------------------------------------------
// Joe-Kuo direction numbers

/// One row of the Joe-Kuo table: degree s of the primitive polynomial, its inner coefficients
/// a (bits c_1..c_{s-1}, most significant first) and the initial direction integers m_1..m_s.
struct JoeKuoRow {
  unsigned s;
  unsigned a;
  std::array<std::uint32_t, 8> m;
};

/// Rows d = 2..40 of S. Joe and F. Y. Kuo, "Constructing Sobol sequences with better
/// two-dimensional projections", SIAM J. Sci. Comput. 30 (2008) 2635-2654, data file
/// "new-joe-kuo-6.21201" (https://web.maths.unsw.edu.au/~fkuo/sobol/). Published numeric data,
/// checked entry by entry against several independently stored copies of the table (rows
/// 2..40: two transcriptions with m and a as in the file plus one giving the polynomials in
/// full; rows 2..31 also against two further verbatim copies of the file's text).
constexpr std::array<JoeKuoRow, kSobolMaxDims - 1> kJoeKuo{{
    {1, 0, {1}},                              // d = 2
    {2, 1, {1, 3}},                           // d = 3
    {3, 1, {1, 3, 1}},                        // d = 4
    {3, 2, {1, 1, 1}},                        // d = 5
    {4, 1, {1, 1, 3, 3}},                     // d = 6
    {4, 4, {1, 3, 5, 13}},                    // d = 7
    {5, 2, {1, 1, 5, 5, 17}},                 // d = 8
    {5, 4, {1, 1, 5, 5, 5}},                  // d = 9
    {5, 7, {1, 1, 7, 11, 19}},                // d = 10
    {5, 11, {1, 1, 5, 1, 1}},                 // d = 11
    {5, 13, {1, 1, 1, 3, 11}},                // d = 12
    {5, 14, {1, 3, 5, 5, 31}},                // d = 13
    {6, 1, {1, 3, 3, 9, 7, 49}},              // d = 14
    {6, 13, {1, 1, 1, 15, 21, 21}},           // d = 15
    {6, 16, {1, 3, 1, 13, 27, 49}},           // d = 16
    {6, 19, {1, 1, 1, 15, 7, 5}},             // d = 17
    {6, 22, {1, 3, 1, 15, 13, 25}},           // d = 18
    {6, 25, {1, 1, 5, 5, 19, 61}},            // d = 19
    {7, 1, {1, 3, 7, 11, 23, 15, 103}},       // d = 20
    {7, 4, {1, 3, 7, 13, 13, 15, 69}},        // d = 21
    {7, 7, {1, 1, 3, 13, 7, 35, 63}},         // d = 22
    {7, 8, {1, 3, 5, 9, 1, 25, 53}},          // d = 23
    {7, 14, {1, 3, 1, 13, 9, 35, 107}},       // d = 24
    {7, 19, {1, 3, 1, 5, 27, 61, 31}},        // d = 25
    {7, 21, {1, 1, 5, 11, 19, 41, 61}},       // d = 26
    {7, 28, {1, 3, 5, 3, 3, 13, 69}},         // d = 27
    {7, 31, {1, 1, 7, 13, 1, 19, 1}},         // d = 28
    {7, 32, {1, 3, 7, 5, 13, 19, 59}},        // d = 29
    {7, 37, {1, 1, 3, 9, 25, 29, 41}},        // d = 30
    {7, 41, {1, 3, 5, 13, 23, 1, 55}},        // d = 31
    {7, 42, {1, 3, 7, 3, 13, 59, 17}},        // d = 32
    {7, 50, {1, 3, 1, 3, 5, 53, 69}},         // d = 33
    {7, 55, {1, 1, 5, 5, 23, 33, 13}},        // d = 34
    {7, 56, {1, 1, 7, 7, 1, 61, 123}},        // d = 35
    {7, 59, {1, 1, 7, 9, 13, 61, 49}},        // d = 36
    {7, 62, {1, 3, 3, 5, 3, 55, 33}},         // d = 37
    {8, 14, {1, 3, 1, 15, 31, 13, 49, 245}},  // d = 38
    {8, 21, {1, 3, 5, 15, 31, 59, 63, 97}},   // d = 39
    {8, 22, {1, 3, 1, 11, 11, 11, 77, 249}},  // d = 40
}};

/// Direction numbers v_1..v_32 (scaled by 2^32) of dimension `dim` (1-based): v_i = m_i 2^(32-i)
/// for i <= s, then the Bratley-Fox recurrence in Joe and Kuo's form
/// v_i = c_1 v_{i-1} ^ ... ^ c_{s-1} v_{i-s+1} ^ v_{i-s} ^ (v_{i-s} >> s). Dimension 1 has every m_i = 1.
std::array<std::uint32_t, 32> direction_numbers(std::size_t dim) {
  std::array<std::uint32_t, 32> v{};
  if (dim == 1) {
    for (unsigned i = 0; i < 32; ++i) {
      v[i] = std::uint32_t{1} << (31 - i);
    }
    return v;
  }
  const JoeKuoRow& row = kJoeKuo[dim - 2];
  const unsigned s = row.s;
  for (unsigned i = 0; i < s && i < 32; ++i) {
    v[i] = row.m[i] << (31 - i);
  }
  for (unsigned i = s; i < 32; ++i) {
    std::uint32_t x = v[i - s] ^ (v[i - s] >> s);
    for (unsigned k = 1; k < s; ++k) {
      if (((row.a >> (s - 1 - k)) & 1u) != 0) {
        x ^= v[i - k];
      }
    }
    v[i] = x;
  }
  return v;
}

// ---------------------------------------------------------------------------------------------
// Deterministic randomness

/// Stream domains, so that a Latin hypercube and a Morris design with the same seed do not
/// share draws.
constexpr std::uint64_t kLatinHypercubeDomain = 0x4c48532d64657369ull;
constexpr std::uint64_t kMorrisDomain = 0x4d4f525249532d64ull;

/// Counter-based generator: word c of stream (seed, domain, stream) is
/// splitmix64(key ^ splitmix64(c)) with key = splitmix64(splitmix64(seed ^ domain) ^ stream).
/// Fully specified here (no std:: distributions), hence identical on every platform.
class CounterRng {
 public:
  CounterRng(std::uint64_t seed, std::uint64_t domain, std::uint64_t stream) noexcept
      : key_(random::splitmix64(random::splitmix64(seed ^ domain) ^ stream)) {}

  /// Next 64-bit word.
  std::uint64_t next() noexcept { return random::splitmix64(key_ ^ random::splitmix64(counter_++)); }

  /// Uniform double in [0, 1) with 53 random bits.
  double uniform() noexcept { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

  /// Unbiased integer in [0, n) for n >= 1: rejects words below 2^64 mod n, so the accepted
  /// range holds a whole number of copies of every residue.
  std::uint64_t below(std::uint64_t n) noexcept {
    const std::uint64_t threshold = (std::uint64_t{0} - n) % n;
    for (;;) {
      const std::uint64_t x = next();
      if (x >= threshold) {
        return x % n;
      }
    }
  }

  /// Fisher-Yates shuffle of `values`.
  template <typename T>
  void shuffle(std::vector<T>& values) noexcept {
    for (std::size_t i = values.size(); i > 1; --i) {
      const auto j = static_cast<std::size_t>(below(static_cast<std::uint64_t>(i)));
      std::swap(values[i - 1], values[j]);
    }
  }

 private:
  std::uint64_t key_;
  std::uint64_t counter_ = 0;
};

void require_levels(std::size_t levels) {
  if (levels < 2 || levels % 2 != 0) {
    throw std::invalid_argument("Morris levels must be even and >= 2");
  }
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Sobol' sequence

SobolSequence::SobolSequence(std::size_t dims) {
  if (dims == 0 || dims > kSobolMaxDims) {
    throw std::invalid_argument("SobolSequence: dims must be in [1, kSobolMaxDims]");
  }
  directions_.reserve(dims);
  for (std::size_t j = 1; j <= dims; ++j) {
    directions_.push_back(direction_numbers(j));
  }
}

std::vector<double> SobolSequence::point(std::uint64_t index) const {
  if (index > std::uint64_t{0xffffffffu}) {
    throw std::out_of_range("SobolSequence: index must be < 2^32");
  }
  const std::uint64_t gray = index ^ (index >> 1);
  std::vector<double> x(directions_.size());
  for (std::size_t j = 0; j < directions_.size(); ++j) {
    std::uint32_t acc = 0;
    std::uint64_t bits = gray;
    for (unsigned b = 0; bits != 0; ++b, bits >>= 1) {
      if ((bits & 1u) != 0) {
        acc ^= directions_[j][b];
      }
    }
    x[j] = static_cast<double>(acc) * 0x1.0p-32;
  }
  return x;
}

std::vector<std::vector<double>> sobol_points(std::size_t n, std::size_t dims, std::uint64_t skip) {
  const SobolSequence seq(dims);
  std::vector<std::vector<double>> points;
  points.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    points.push_back(seq.point(skip + static_cast<std::uint64_t>(i)));
  }
  return points;
}

// ---------------------------------------------------------------------------------------------
// Latin hypercube

std::vector<std::vector<double>> latin_hypercube(std::size_t n, std::size_t dims, std::uint64_t seed) {
  if (dims == 0) {
    throw std::invalid_argument("latin_hypercube: dims must be >= 1");
  }
  std::vector<std::vector<double>> points(n, std::vector<double>(dims));
  const auto dn = static_cast<double>(n);
  std::vector<std::size_t> strata(n);
  for (std::size_t j = 0; j < dims; ++j) {
    CounterRng gen(seed, kLatinHypercubeDomain, static_cast<std::uint64_t>(j));
    std::iota(strata.begin(), strata.end(), std::size_t{0});
    gen.shuffle(strata);
    for (std::size_t i = 0; i < n; ++i) {
      const std::size_t stratum = strata[i];
      const double lo = static_cast<double>(stratum) / dn;
      const double hi = static_cast<double>(stratum + 1) / dn;
      double v = (static_cast<double>(stratum) + gen.uniform()) / dn;
      // Rounding may land exactly on a stratum edge; keep v inside [lo, hi).
      if (v >= hi) {
        v = std::nextafter(hi, 0.0);
      }
      if (v < lo) {
        v = lo;
      }
      points[i][j] = v;
    }
  }
  return points;
}

// ---------------------------------------------------------------------------------------------
// Saltelli design and Sobol' indices

SaltelliDesign saltelli(std::size_t n_base, std::size_t k) {
  if (n_base == 0) {
    throw std::invalid_argument("saltelli: n_base must be >= 1");
  }
  if (k == 0 || 2 * k > kSobolMaxDims) {
    throw std::invalid_argument("saltelli: k must be in [1, kSobolMaxDims / 2]");
  }
  // Skip the first 2^ceil(log2 N) points (at least index 0, and index 1, whose coordinates are
  // all 1/2 and would make A and B equal): the N points used then form a balanced block.
  std::uint64_t skip = 1;
  while (skip < n_base || skip < 2) skip <<= 1;
  const auto base = sobol_points(n_base, 2 * k, skip);
  SaltelliDesign d;
  const std::size_t rows = n_base * (k + 2);
  d.points.reserve(rows);
  d.base_row.reserve(rows);
  d.block.reserve(rows);
  for (std::size_t j = 0; j < n_base; ++j) {
    const std::vector<double> a(base[j].begin(), base[j].begin() + static_cast<std::ptrdiff_t>(k));
    const std::vector<double> b(base[j].begin() + static_cast<std::ptrdiff_t>(k), base[j].end());
    d.points.push_back(a);
    d.block.emplace_back("A");
    for (std::size_t i = 0; i < k; ++i) {
      std::vector<double> ab = a;
      ab[i] = b[i];
      d.points.push_back(std::move(ab));
      d.block.push_back("AB" + std::to_string(i + 1));
    }
    d.points.push_back(b);
    d.block.emplace_back("B");
    d.base_row.insert(d.base_row.end(), k + 2, j);
  }
  return d;
}

namespace {

/// Checks a Saltelli design and its outputs; returns the number of base rows N.
std::size_t check_saltelli(const SaltelliDesign& d, const std::vector<double>& y, const char* who) {
  const std::size_t rows = d.points.size();
  if (rows == 0 || d.base_row.size() != rows || d.block.size() != rows) {
    throw std::invalid_argument(std::string(who) + ": malformed Saltelli design");
  }
  if (y.size() != rows) {
    throw std::invalid_argument(std::string(who) + ": y must have one value per design point");
  }
  const std::size_t k = d.points.front().size();
  const std::size_t stride = k + 2;
  if (k == 0 || rows % stride != 0) {
    throw std::invalid_argument(std::string(who) + ": malformed Saltelli design");
  }
  const std::size_t n = rows / stride;
  for (std::size_t j = 0; j < n; ++j) {
    if (d.block[j * stride] != "A" || d.block[j * stride + k + 1] != "B") {
      throw std::invalid_argument(std::string(who) + ": malformed Saltelli design");
    }
  }
  return n;
}

/// The S1 and ST estimators over the base rows rows[0..n-1] (a bootstrap resample, or every row
/// once in order).
void sobol_estimate(const std::vector<double>& y, std::size_t k, const std::vector<std::size_t>& rows, std::vector<double>& s1,
                    std::vector<double>& st) {
  const std::size_t stride = k + 2;
  const std::size_t n = rows.size();
  const auto y_a = [&](std::size_t j) { return y[rows[j] * stride]; };
  const auto y_b = [&](std::size_t j) { return y[rows[j] * stride + k + 1]; };
  const auto y_ab = [&](std::size_t j, std::size_t i) { return y[rows[j] * stride + 1 + i]; };

  // Two-pass population variance of the 2N values yA, yB.
  double sum = 0.0;
  for (std::size_t j = 0; j < n; ++j) {
    sum += y_a(j) + y_b(j);
  }
  const double mean = sum / static_cast<double>(2 * n);
  double ss = 0.0;
  for (std::size_t j = 0; j < n; ++j) {
    ss += (y_a(j) - mean) * (y_a(j) - mean) + (y_b(j) - mean) * (y_b(j) - mean);
  }
  const double var = ss / static_cast<double>(2 * n);

  s1.assign(k, kNaN);
  st.assign(k, kNaN);
  if (!(var > 0.0)) {
    return;
  }
  const auto dn = static_cast<double>(n);
  for (std::size_t i = 0; i < k; ++i) {
    double first = 0.0;
    double total = 0.0;
    for (std::size_t j = 0; j < n; ++j) {
      const double diff = y_ab(j, i) - y_a(j);
      first += (y_b(j) - mean) * diff;  // centred: same expectation, far less variance when |mean| >> sd
      total += diff * diff;
    }
    s1[i] = first / dn / var;
    st[i] = 0.5 * total / dn / var;
  }
}

}  // namespace

std::pair<std::vector<double>, std::vector<double>> sobol_indices(const SaltelliDesign& d, const std::vector<double>& y) {
  const std::size_t n = check_saltelli(d, y, "sobol_indices");
  std::vector<std::size_t> rows(n);
  std::iota(rows.begin(), rows.end(), std::size_t{0});
  std::vector<double> s1;
  std::vector<double> st;
  sobol_estimate(y, d.points.front().size(), rows, s1, st);
  return {s1, st};
}

// ---------------------------------------------------------------------------------------------
// Morris design and elementary effects

MorrisDesign morris(std::size_t r, std::size_t k, std::size_t levels, std::uint64_t seed) {
  require_levels(levels);
  if (r == 0 || k == 0) {
    throw std::invalid_argument("morris: r and k must be >= 1");
  }
  const std::size_t jump = levels / 2;  // delta in grid steps of 1 / (levels - 1)
  const auto scale = static_cast<double>(levels - 1);
  MorrisDesign d;
  const std::size_t rows = r * (k + 1);
  d.points.reserve(rows);
  d.trajectory.reserve(rows);
  d.step.reserve(rows);
  d.changed_factor.reserve(rows);

  std::vector<std::size_t> level(k);
  std::vector<bool> up(k);
  std::vector<std::size_t> order(k);
  const auto to_point = [&]() {
    std::vector<double> x(k);
    for (std::size_t i = 0; i < k; ++i) {
      x[i] = static_cast<double>(level[i]) / scale;
    }
    return x;
  };
  for (std::size_t t = 0; t < r; ++t) {
    CounterRng gen(seed, kMorrisDomain, static_cast<std::uint64_t>(t));
    // Base point x* on levels 0..jump-1 (values 0..1-delta), then a direction per factor.
    for (std::size_t i = 0; i < k; ++i) {
      level[i] = static_cast<std::size_t>(gen.below(static_cast<std::uint64_t>(jump)));
    }
    for (std::size_t i = 0; i < k; ++i) {
      up[i] = gen.below(2) == 0;
      if (!up[i]) {
        level[i] += jump;
      }
    }
    std::iota(order.begin(), order.end(), std::size_t{0});
    gen.shuffle(order);

    d.points.push_back(to_point());
    d.trajectory.push_back(t);
    d.step.push_back(0);
    d.changed_factor.push_back(-1);
    for (std::size_t s = 1; s <= k; ++s) {
      const std::size_t f = order[s - 1];
      level[f] = up[f] ? level[f] + jump : level[f] - jump;
      d.points.push_back(to_point());
      d.trajectory.push_back(t);
      d.step.push_back(s);
      d.changed_factor.push_back(static_cast<long>(f));
    }
  }
  return d;
}

std::pair<std::vector<double>, std::vector<double>> morris_effects(const MorrisDesign& d, const std::vector<double>& y,
                                                                   std::size_t levels) {
  require_levels(levels);
  const std::size_t rows = d.points.size();
  if (rows == 0 || d.trajectory.size() != rows || d.step.size() != rows || d.changed_factor.size() != rows) {
    throw std::invalid_argument("morris_effects: malformed Morris design");
  }
  if (y.size() != rows) {
    throw std::invalid_argument("morris_effects: y must have one value per design point");
  }
  const std::size_t k = d.points.front().size();
  const double delta = static_cast<double>(levels) / (2.0 * static_cast<double>(levels - 1));

  std::vector<std::vector<double>> effects(k);
  for (std::size_t row = 0; row < rows; ++row) {
    if (d.points[row].size() != k) {
      throw std::invalid_argument("morris_effects: malformed Morris design");
    }
    if (d.step[row] == 0) {
      if (d.changed_factor[row] != -1) {
        throw std::invalid_argument("morris_effects: malformed Morris design");
      }
      continue;
    }
    const long f = d.changed_factor[row];
    if (row == 0 || f < 0 || static_cast<std::size_t>(f) >= k || d.trajectory[row - 1] != d.trajectory[row] ||
        d.step[row - 1] + 1 != d.step[row]) {
      throw std::invalid_argument("morris_effects: malformed Morris design");
    }
    const auto i = static_cast<std::size_t>(f);
    const double dx = d.points[row][i] - d.points[row - 1][i];
    if (std::abs(std::abs(dx) - delta) > 1e-9) {
      throw std::invalid_argument("morris_effects: step does not match delta for these levels");
    }
    effects[i].push_back((y[row] - y[row - 1]) / dx);
  }

  std::vector<double> mu_star(k, kNaN);
  std::vector<double> sigma(k, kNaN);
  for (std::size_t i = 0; i < k; ++i) {
    const std::vector<double>& e = effects[i];
    if (e.empty()) {
      continue;
    }
    const auto n = static_cast<double>(e.size());
    double abs_sum = 0.0;
    double sum = 0.0;
    for (const double v : e) {
      abs_sum += std::abs(v);
      sum += v;
    }
    mu_star[i] = abs_sum / n;
    if (e.size() >= 2) {
      const double mean = sum / n;
      double ss = 0.0;
      for (const double v : e) {
        ss += (v - mean) * (v - mean);
      }
      sigma[i] = std::sqrt(ss / (n - 1.0));
    }
  }
  return {mu_star, sigma};
}

// ---------------------------------------------------------------------------------------------
// Bootstrap intervals of the sensitivity indices

namespace {

constexpr std::uint64_t kBootstrapDomain = 0x424f4f5453545250ull;

void require_bootstrap(std::size_t resamples, double confidence) {
  if (resamples == 0) {
    throw std::invalid_argument("bootstrap: resamples must be >= 1");
  }
  if (!(confidence > 0.0 && confidence < 1.0)) {
    throw std::invalid_argument("bootstrap: confidence must be in (0, 1)");
  }
}

/// Percentile interval (type 7 quantiles (1 - c)/2 and (1 + c)/2) of the non-NaN estimates.
std::pair<double, double> percentile_interval(std::vector<double> v, double confidence) {
  std::erase_if(v, [](double x) { return std::isnan(x); });
  if (v.empty()) {
    return {kNaN, kNaN};
  }
  std::sort(v.begin(), v.end());
  return {quantile_sorted(v, 0.5 * (1.0 - confidence)), quantile_sorted(v, 0.5 * (1.0 + confidence))};
}

/// Resample b: n draws with replacement from 0..n-1, from the stream keyed by (seed, b).
void resample(std::uint64_t seed, std::size_t b, std::vector<std::size_t>& rows) {
  CounterRng gen(seed, kBootstrapDomain, static_cast<std::uint64_t>(b));
  for (auto& r : rows) {
    r = static_cast<std::size_t>(gen.below(static_cast<std::uint64_t>(rows.size())));
  }
}

IndexIntervals intervals_of(const std::vector<std::vector<double>>& first, const std::vector<std::vector<double>>& second,
                            double confidence) {
  IndexIntervals out;
  for (std::size_t i = 0; i < first.size(); ++i) {
    const auto [fl, fh] = percentile_interval(first[i], confidence);
    const auto [sl, sh] = percentile_interval(second[i], confidence);
    out.first_low.push_back(fl);
    out.first_high.push_back(fh);
    out.second_low.push_back(sl);
    out.second_high.push_back(sh);
  }
  return out;
}

}  // namespace

IndexIntervals sobol_bootstrap(const SaltelliDesign& d, const std::vector<double>& y, std::size_t resamples, std::uint64_t seed,
                               double confidence) {
  require_bootstrap(resamples, confidence);
  const std::size_t n = check_saltelli(d, y, "sobol_bootstrap");
  const std::size_t k = d.points.front().size();
  std::vector<std::vector<double>> s1_all(k, std::vector<double>(resamples));
  std::vector<std::vector<double>> st_all(k, std::vector<double>(resamples));
  std::vector<std::size_t> rows(n);
  std::vector<double> s1;
  std::vector<double> st;
  for (std::size_t b = 0; b < resamples; ++b) {
    resample(seed, b, rows);
    sobol_estimate(y, k, rows, s1, st);
    for (std::size_t i = 0; i < k; ++i) {
      s1_all[i][b] = s1[i];
      st_all[i][b] = st[i];
    }
  }
  return intervals_of(s1_all, st_all, confidence);
}

IndexIntervals morris_bootstrap(const MorrisDesign& d, const std::vector<double>& y, std::size_t levels, std::size_t resamples,
                                std::uint64_t seed, double confidence) {
  require_bootstrap(resamples, confidence);
  morris_effects(d, y, levels);  // validates the design and the outputs
  const std::size_t k = d.points.front().size();
  // effects[t][i]: the elementary effect of factor i in trajectory t (each factor moves once).
  const std::size_t r = d.trajectory.back() + 1;
  std::vector<std::vector<double>> effects(r, std::vector<double>(k, kNaN));
  std::vector<std::vector<bool>> seen(r, std::vector<bool>(k, false));
  for (std::size_t row = 0; row < d.points.size(); ++row) {
    if (d.step[row] == 0) {
      continue;
    }
    const auto i = static_cast<std::size_t>(d.changed_factor[row]);
    const std::size_t t = d.trajectory[row];
    if (t >= r || seen[t][i]) {
      throw std::invalid_argument("morris_bootstrap: each trajectory must move each factor once");
    }
    seen[t][i] = true;
    effects[t][i] = (y[row] - y[row - 1]) / (d.points[row][i] - d.points[row - 1][i]);
  }
  for (const auto& row : seen) {
    if (std::find(row.begin(), row.end(), false) != row.end()) {
      throw std::invalid_argument("morris_bootstrap: each trajectory must move each factor once");
    }
  }
  std::vector<std::vector<double>> mu_all(k, std::vector<double>(resamples));
  std::vector<std::vector<double>> sigma_all(k, std::vector<double>(resamples, kNaN));
  std::vector<std::size_t> pick(r);
  const auto dr = static_cast<double>(r);
  for (std::size_t b = 0; b < resamples; ++b) {
    resample(seed, b, pick);
    for (std::size_t i = 0; i < k; ++i) {
      double abs_sum = 0.0;
      double sum = 0.0;
      for (const std::size_t t : pick) {
        abs_sum += std::abs(effects[t][i]);
        sum += effects[t][i];
      }
      mu_all[i][b] = abs_sum / dr;
      if (r >= 2) {
        const double mean = sum / dr;
        double ss = 0.0;
        for (const std::size_t t : pick) {
          ss += (effects[t][i] - mean) * (effects[t][i] - mean);
        }
        sigma_all[i][b] = std::sqrt(ss / (dr - 1.0));
      }
    }
  }
  return intervals_of(mu_all, sigma_all, confidence);
}

}  // namespace gridgov::analysis
