#pragma once
/// \file
/// Property firms, district side: each firm's quality (Beta distributed, drawn per firm and per
/// generation from the firm's own stream), red property, and the red/black list — every review
/// period firms are ranked by complaints per household; the worst black_share are black-listed
/// (pressure raises their quality) and a firm black-listed replace_after times is removed and
/// replaced by a new one. Communities read the effective qualities during a window; the
/// registry changes them only at synchronisation.
#include <cstdint>
#include <vector>

#include "models/observe/DistrictStats.hpp"
#include "models/world/Context.hpp"

namespace gridgov::models {

class FirmRegistry {
 public:
  FirmRegistry(const Context& ctx, std::vector<std::uint64_t> firm_households);

  /// Qualities as the communities see them (red property included).
  const std::vector<double>& quality() const { return effective_; }
  /// Red/black-list review at t_end when one is due; `complaints_of(f)` is firm f's complaint count so far.
  template <class ComplaintsOf>
  void review(double t_end, ComplaintsOf&& complaints_of) {
    review_with(t_end, totals(complaints_of));
  }
  /// At the horizon: close the last period (firms.csv) unless a review closed it there.
  template <class ComplaintsOf>
  void finish(double horizon, ComplaintsOf&& complaints_of) {
    record_periods(horizon, totals(complaints_of), nullptr);
  }
  /// Every firm's review periods so far, period by period (firm order within a period).
  const std::vector<FirmPeriod>& periods() const { return periods_; }
  /// The policy changed (red property may have switched).
  void apply_policy() { update_effective(); }

  std::uint64_t blacklisted() const { return blacklisted_; }
  std::uint64_t redlisted() const { return redlisted_; }
  std::uint64_t replaced() const { return replaced_; }

 private:
  template <class ComplaintsOf>
  std::vector<std::uint64_t> totals(ComplaintsOf& complaints_of) const {
    std::vector<std::uint64_t> total(base_.size());
    for (std::size_t f = 0; f < total.size(); ++f) total[f] = complaints_of(f);
    return total;
  }
  void review_with(double t_end, const std::vector<std::uint64_t>& total);
  void update_effective();
  /// Close the current period at t for every firm (complaints: `total` less the period's start);
  /// `verdict` (per firm, filled in by review_with) is null when no review closes it.
  struct Verdict {
    double quality_before = 0;
    FirmList list = FirmList::None;
    bool replaced = false;
  };
  void record_periods(double t, const std::vector<std::uint64_t>& total, const std::vector<Verdict>* verdict);

  const Context& ctx_;
  std::vector<double> base_, effective_;
  std::vector<std::uint32_t> black_count_, generation_;
  std::vector<std::uint64_t> households_, complaints_at_last_review_;
  double next_review_ = -1;
  std::uint64_t blacklisted_ = 0, redlisted_ = 0, replaced_ = 0;
  // firms.csv: the periods recorded so far and the start of the current one.
  std::vector<FirmPeriod> periods_;
  std::vector<std::uint64_t> complaints_at_period_start_;
  double period_start_ = 0;
  std::uint32_t period_ = 0;
};

}  // namespace gridgov::models
