#pragma once
/// \file
/// District departments, district side: one server line per department shared by every
/// community (departments.<name>.servers), cases served first come first served, each taking a
/// response time drawn from the issue's own routing stream at the step the whistle carried. A
/// completion is reported back to the whistling community. Runs serially at window ends.
#include <array>
#include <cstdint>
#include <vector>

#include "models/observe/DistrictStats.hpp"
#include "models/scenario/Vocabulary.hpp"
#include "models/world/Context.hpp"
#include "sim/engine/EventQueue.hpp"
#include "sim/engine/ServerPool.hpp"

namespace gridgov::models {

class DistrictDepartments {
 public:
  /// A whistled case: where to report back and how to key its draws.
  struct Case {
    std::uint32_t community, issue, household, issue_index;
    std::uint16_t step;
    std::uint8_t department;
    bool counted = false;  ///< the issue arose after the warm-up (enters departments.csv's case counts)
    double t_taken = 0;    ///< set by take()
  };

  explicit DistrictDepartments(const Context& ctx);

  /// Reset the time integrals at the end of the warm-up (once).
  void warmup_over(double t_end);
  /// Time of the next completion (infinity when none).
  double next_completion() { return completions_.empty() ? INFINITY : completions_.top().time; }
  /// Take the next completion: frees its server, starts the next case; returns the finished case and its time.
  std::pair<Case, double> complete();
  /// A whistle arrives at time t.
  void take(double t, const Case& c);
  /// The policy changed: new server counts, start waiting cases.
  void apply_policy(double t);
  void finish(double horizon);

  double busy() const { return busy_; }
  double capacity() const { return capacity_; }
  /// Each department's figures (complete after finish()).
  const std::array<DepartmentStats, kDepartments>& stats() const { return stats_; }

 private:
  void start_case(double t, std::uint32_t c);
  std::uint64_t households() const;

  const Context& ctx_;
  std::array<engine::ServerPool, kDepartments> lines_;
  std::vector<Case> cases_;
  std::vector<std::uint32_t> free_cases_;
  engine::EventQueue completions_;
  bool integrals_reset_ = false;
  double busy_ = 0, capacity_ = 0;
  std::array<DepartmentStats, kDepartments> stats_{};
};

}  // namespace gridgov::models
