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
    const std::size_t F = base_.size();
    std::vector<std::uint64_t> total(F);
    for (std::size_t f = 0; f < F; ++f) total[f] = complaints_of(f);
    review_with(t_end, total);
  }
  /// The policy changed (red property may have switched).
  void apply_policy() { update_effective(); }

  std::uint64_t blacklisted() const { return blacklisted_; }
  std::uint64_t redlisted() const { return redlisted_; }
  std::uint64_t replaced() const { return replaced_; }

 private:
  void review_with(double t_end, const std::vector<std::uint64_t>& total);
  void update_effective();

  const Context& ctx_;
  std::vector<double> base_, effective_;
  std::vector<std::uint32_t> black_count_, generation_;
  std::vector<std::uint64_t> households_, complaints_at_last_review_;
  double next_review_ = -1;
  std::uint64_t blacklisted_ = 0, redlisted_ = 0, replaced_ = 0;
};

}  // namespace gridgov::models
