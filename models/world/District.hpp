#pragma once
/// \file
/// The district: what is shared by all communities — the departments reached by the
/// whistle, the 12345 hotline, and the property firms with their red/black list. It runs
/// serially at the end of each window on the messages of the window, taken in (time,
/// community, order sent) order, so its results never depend on the thread count. Replies
/// reach a community at the earliest at the end of the window in which they are due.
#include <cstdint>
#include <vector>

#include "models/world/Community.hpp"
#include "models/world/Context.hpp"
#include "sim/engine/EventQueue.hpp"
#include "sim/engine/ServerPool.hpp"

namespace gridgov::models {

class District {
 public:
  District(const Context& ctx, const std::vector<std::uint64_t>& firm_households);

  /// Firm qualities as the communities see them (red property included).
  const std::vector<double>& firm_quality() const { return effective_quality_; }
  /// Handle the window's messages and department completions up to t_end.
  void process(double t_end, std::vector<Community>& communities);
  /// Red/black-list review at t_end when one is due.
  void review(double t_end, std::vector<Community>& communities);
  /// The policy changed: department servers, red property.
  void apply_policy(double t);
  void finish(double horizon);

  std::uint64_t hotline_contacts() const { return hotline_contacts_; }
  std::uint64_t blacklisted() const { return blacklisted_; }
  std::uint64_t redlisted() const { return redlisted_; }
  std::uint64_t replaced() const { return replaced_; }
  double dept_busy() const { return dept_busy_; }
  double dept_capacity() const { return dept_capacity_; }

 private:
  struct Case {
    std::uint32_t community, issue, household, issue_index;
    std::uint16_t step;
    std::uint8_t department;
  };
  void update_effective_quality();
  void start_case(double t, std::uint32_t c);

  const Context& ctx_;
  std::vector<double> base_quality_, effective_quality_;
  std::vector<std::uint32_t> black_count_;
  std::vector<std::uint64_t> firm_households_, complaints_at_last_review_;
  std::vector<std::uint32_t> firm_generation_;
  double next_review_ = -1;
  bool integrals_reset_ = false;

  std::vector<sim::ServerPool> departments_;
  std::vector<Case> cases_;
  std::vector<std::uint32_t> free_cases_;
  sim::EventQueue completions_;
  struct Incoming {
    Message msg;
    std::uint32_t community;
  };
  std::vector<Incoming> incoming_;

  std::uint64_t hotline_contacts_ = 0, blacklisted_ = 0, redlisted_ = 0, replaced_ = 0;
  double dept_busy_ = 0, dept_capacity_ = 0;
};

}  // namespace gridgov::models
