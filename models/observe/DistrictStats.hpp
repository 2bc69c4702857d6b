#pragma once
/// \file
/// What the district side measures (departments.csv, firms.csv): recorded serially at window
/// ends by the departments (models/mechanisms/departments/DistrictDepartments) and the firm
/// registry (models/mechanisms/property_firms/FirmRegistry), once per replicate, so they need
/// no merge.
#include <array>
#include <cstdint>

namespace gridgov::models {

/// One district department over a replicate. Cases are whistles of issues raised after the
/// warm-up (as summary.csv's whistles); the time integrals run from the end of the warm-up to
/// the horizon (as summary.csv's department_utilisation).
struct DepartmentStats {
  std::uint64_t received = 0;     ///< cases taken
  std::uint64_t finished = 0;     ///< of those, finished before the horizon
  double response_hours = 0;      ///< sum over finished cases of the time from being taken to finished
  std::uint32_t servers = 0;      ///< servers at the horizon
  double busy_hours = 0;          ///< ∫ busy servers dt (server-hours)
  double capacity_hours = 0;      ///< servers at the horizon × measured span (server-hours)
  double waiting_hours = 0;       ///< ∫ waiting cases dt (case-hours)
  std::uint64_t waiting_end = 0;  ///< cases waiting at the horizon (warm-up's included)
};

/// A property firm's list status after a review.
enum class FirmList : std::uint8_t { None, Red, Black };
inline constexpr std::array<const char*, 3> kFirmListNames{"none", "red", "black"};

/// One property firm over one review period: from the previous review (or the start) to the
/// next review, or to the horizon when no review closes the period.
struct FirmPeriod {
  std::uint32_t firm = 0, period = 0;
  double t_start = 0, t_end = 0;     ///< hours
  std::uint64_t households = 0;      ///< households in the firm's estates
  std::uint64_t complaints = 0;      ///< complaints about its estates in the period (warm-up included)
  double quality = 0;                ///< effective quality at the end of the period, before the review
  double quality_after = 0;          ///< after the review (pressure or a new firm); = quality when not reviewed
  bool reviewed = false;             ///< a review closed the period (else it ended at the horizon)
  FirmList list = FirmList::None;    ///< the review's verdict
  bool replaced = false;             ///< removed at the review and replaced by a new firm
  std::uint32_t generation = 0;      ///< firms that have held the estates before this one (after the review)
  std::uint32_t black_listings = 0;  ///< the current firm's black-listings so far (replaced after firms.review.replace_after)
};

}  // namespace gridgov::models
