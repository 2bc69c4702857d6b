/// \file
/// Experimental designs on the unit hypercube [0,1)^d for parameter sweeps: the Sobol'
/// low-discrepancy sequence, Latin hypercubes, Saltelli designs with first- and total-order
/// Sobol' index estimators, and Morris elementary-effects screening. Every design is a pure
/// function of its arguments (random designs draw from a private splitmix64 counter generator),
/// so results are bit-identical across platforms and runs.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace gridgov::analysis {

/// Maximum dimensions supported by SobolSequence (Joe-Kuo rows d = 2..40 are tabulated).
inline constexpr std::size_t kSobolMaxDims = 40;

/// Sobol' low-discrepancy sequence with Joe & Kuo (2008) direction numbers
/// ("new-joe-kuo-6.21201"), Gray-code ordering, 32-bit precision (Antonov-Saleev).
/// Dimension 1 is the base-2 van der Corput sequence in Gray-code order
/// (0, 1/2, 3/4, 1/4, 3/8, 7/8, 5/8, 1/8, ...). Coordinates are multiples of 2^-32 in [0, 1);
/// the first 2^m points of every single dimension are exactly the multiples of 2^-m.
/// Indices must be below 2^32 (the period of 32-bit direction numbers).
class SobolSequence {
 public:
  /// Builds the direction numbers of dimensions 1..dims.
  /// Requires 1 <= dims <= kSobolMaxDims (std::invalid_argument otherwise).
  explicit SobolSequence(std::size_t dims);

  /// Number of dimensions of each point.
  [[nodiscard]] std::size_t dims() const { return directions_.size(); }

  /// Point with index `index` (0 = the all-zero point), computed directly as the XOR of the
  /// direction numbers selected by the bits of the Gray code index ^ (index >> 1); no state.
  /// Requires index < 2^32 (std::out_of_range otherwise).
  [[nodiscard]] std::vector<double> point(std::uint64_t index) const;

 private:
  // directions_[j][b] = direction number v_{b+1} of dimension j + 1, scaled by 2^32.
  std::vector<std::array<std::uint32_t, 32>> directions_;
};

/// n points of the `dims`-dimensional Sobol' sequence with indices skip, skip + 1, ...,
/// skip + n - 1 (Saltelli designs usually skip index 0, the all-zero point). Same requirements
/// as SobolSequence and SobolSequence::point.
std::vector<std::vector<double>> sobol_points(std::size_t n, std::size_t dims, std::uint64_t skip = 1);

/// Latin hypercube: n points in [0,1)^dims. In every dimension exactly one point falls in each
/// stratum [i/n, (i+1)/n) (bounds computed as double(i)/double(n)); the position inside the
/// stratum is uniform and the stratum-to-point assignment is an unbiased random permutation
/// (Fisher-Yates with rejection sampling). Dimension j draws from its own generator stream
/// keyed by (seed, j), so adding dimensions leaves the earlier columns unchanged.
/// n == 0 gives an empty design; requires dims >= 1 (std::invalid_argument).
std::vector<std::vector<double>> latin_hypercube(std::size_t n, std::size_t dims, std::uint64_t seed);

/// Saltelli (2010) design for first- and total-order Sobol' indices (no second order).
/// Base matrices A and B (N x k) are the first k and last k columns of N points of the
/// 2k-dimensional Sobol' sequence with indices s..s+N-1, s = the smallest power of two >= max(N, 2)
/// (skipping index 1, whose coordinates are all 1/2 and would make A_0 = B_0). For each base row j the design lists A_j,
/// then AB^(1)_j .. AB^(k)_j (A_j with column i taken from B_j), then B_j: N (k + 2) rows.
struct SaltelliDesign {
  std::vector<std::vector<double>> points;  ///< N (k + 2) rows of k values in [0,1).
  std::vector<std::size_t> base_row;        ///< Base row j of each point.
  std::vector<std::string> block;           ///< "A", "B" or "AB1".."ABk" (1-based factor number).
};

/// Builds the Saltelli design with N = n_base base rows and k factors.
/// Requires n_base >= 1 and 1 <= k <= kSobolMaxDims / 2 (std::invalid_argument otherwise).
SaltelliDesign saltelli(std::size_t n_base, std::size_t k);

/// Morris (1991) elementary-effects design: r trajectories of k + 1 points on the p-level grid
/// {0, 1/(p-1), ..., 1} with step delta = p / (2 (p-1)). Each trajectory starts from a random
/// base point x* with coordinates in {0, 1/(p-1), ..., 1 - delta}; every factor gets a random
/// direction: '+' factors start at x*_i and move up by delta, '-' factors start at x*_i + delta
/// and move down to x*_i. The factors are visited in a random order, each changed exactly once,
/// so consecutive points differ in exactly one coordinate by delta (up to rounding of
/// level / (p-1)). Trajectory t draws from its own generator stream keyed by (seed, t).
struct MorrisDesign {
  std::vector<std::vector<double>> points;  ///< r (k + 1) rows of k values in [0,1].
  std::vector<std::size_t> trajectory;      ///< Trajectory index of each point.
  std::vector<std::size_t> step;            ///< 0..k within its trajectory.
  std::vector<long> changed_factor;         ///< -1 at step 0, else the 0-based factor changed from the previous point.
};

/// Builds a Morris design. Requires r >= 1, k >= 1 and `levels` even and >= 2
/// (std::invalid_argument otherwise).
MorrisDesign morris(std::size_t r, std::size_t k, std::size_t levels, std::uint64_t seed);

/// Sobol' sensitivity indices from outputs y evaluated at the points of a SaltelliDesign (same
/// order, design as returned by saltelli()). With V the population variance (denominator 2N)
/// of the concatenated yA and yB:
///   first order S1_i = mean_j((yB_j - m) (yAB^(i)_j - yA_j)) / V   (Saltelli et al. 2010, with
///   yB centred on the mean m of yA and yB: the same expectation, far less variance when |m| >> sd),
///   total order ST_i = mean_j((yA_j - yAB^(i)_j)^2) / (2 V)  (Jansen 1999).
/// Returns {S1, ST}, each of size k; every entry is NaN when V == 0. Requires
/// y.size() == d.points.size() and a well-formed design (std::invalid_argument otherwise).
std::pair<std::vector<double>, std::vector<double>> sobol_indices(const SaltelliDesign& d, const std::vector<double>& y);

/// Morris screening measures from outputs y at the points of a MorrisDesign (same order).
/// Elementary effect of the factor changed at step s: (y_s - y_{s-1}) / (x_s,i - x_{s-1},i),
/// where the coordinate change must equal +-delta for `levels` (checked to 1e-9).
/// Returns {mu*, sigma} per factor: mu* the mean absolute elementary effect, sigma the sample
/// standard deviation (denominator r - 1) of the signed effects (NaN when r < 2).
/// Requires y.size() == d.points.size(), `levels` even and >= 2 and a well-formed design
/// (std::invalid_argument otherwise).
std::pair<std::vector<double>, std::vector<double>> morris_effects(const MorrisDesign& d, const std::vector<double>& y,
                                                                   std::size_t levels);

}  // namespace gridgov::analysis

namespace gridgov::analysis {

/// Bootstrap percentile intervals of sensitivity indices, per factor: `first` is S1 (Sobol') or
/// mu* (Morris), `second` ST or sigma.
struct IndexIntervals {
  std::vector<double> first_low, first_high;
  std::vector<double> second_low, second_high;
};

/// Resamples drawn by the sweeps' sensitivity analysis.
inline constexpr std::size_t kBootstrapResamples = 1000;

/// Bootstrap intervals of sobol_indices(d, y): each of `resamples` resamples draws the N base
/// rows (A_j, AB^(i)_j, B_j together) with replacement and recomputes S1 and ST with the same
/// estimators; the interval is the type-7 percentile interval ((1 - c)/2, (1 + c)/2) of the
/// resampled values (resamples whose variance is 0 are left out; NaN when all are).
/// Resample b draws from a private counter-based stream keyed by (seed, b): the result is a
/// pure function of the arguments. Same requirements as sobol_indices, plus resamples >= 1 and
/// 0 < confidence < 1 (std::invalid_argument).
IndexIntervals sobol_bootstrap(const SaltelliDesign& d, const std::vector<double>& y, std::size_t resamples, std::uint64_t seed,
                               double confidence = 0.95);

/// Bootstrap intervals of morris_effects(d, y, levels): each resample draws the r trajectories
/// with replacement (each trajectory carries one elementary effect per factor) and recomputes mu*
/// and sigma (sigma NaN when r < 2). Resampling and intervals as for sobol_bootstrap. Requires a
/// design in which every trajectory moves every factor once (as morris() builds), plus the
/// requirements of morris_effects (std::invalid_argument).
IndexIntervals morris_bootstrap(const MorrisDesign& d, const std::vector<double>& y, std::size_t levels, std::size_t resamples,
                                std::uint64_t seed, double confidence = 0.95);

}  // namespace gridgov::analysis
