#pragma once
/// \file
/// The district: what is shared by all communities — the departments reached by the whistle
/// (models/mechanisms/departments/DistrictDepartments), the 12345 hotline's forwarding and the
/// property firms' registry with the red/black list (models/mechanisms/property_firms/
/// FirmRegistry). It runs serially at the end of each window on the messages of the window,
/// taken in (time, community, order sent) order, so its results never depend on the thread
/// count. Replies reach a community at the earliest at the end of the window in which they are due.
#include <cstdint>
#include <vector>

#include "models/mechanisms/departments/DistrictDepartments.hpp"
#include "models/mechanisms/property_firms/FirmRegistry.hpp"
#include "models/world/Community.hpp"
#include "models/world/Context.hpp"

namespace gridgov::models {

class District {
 public:
  District(const Context& ctx, std::vector<std::uint64_t> firm_households);

  /// Firm qualities as the communities see them (red property included).
  const std::vector<double>& firm_quality() const { return firms_.quality(); }
  /// Handle the window's messages and department completions up to t_end.
  void process(double t_end, std::vector<Community>& communities);
  /// Red/black-list review at t_end when one is due.
  void review(double t_end, std::vector<Community>& communities);
  /// The policy changed: department servers, red property.
  void apply_policy(double t);
  /// Close the books at the horizon: department integrals, the firms' last period.
  void finish(double horizon, std::vector<Community>& communities);

  std::uint64_t hotline_contacts() const { return hotline_contacts_; }
  std::uint64_t blacklisted() const { return firms_.blacklisted(); }
  std::uint64_t redlisted() const { return firms_.redlisted(); }
  std::uint64_t replaced() const { return firms_.replaced(); }
  double dept_busy() const { return departments_.busy(); }
  double dept_capacity() const { return departments_.capacity(); }
  const std::array<DepartmentStats, kDepartments>& departments() const { return departments_.stats(); }
  const std::vector<FirmPeriod>& firm_periods() const { return firms_.periods(); }

 private:
  FirmRegistry firms_;
  DistrictDepartments departments_;
  struct Incoming {
    Message msg;
    std::uint32_t community;
  };
  std::vector<Incoming> incoming_;
  std::uint64_t hotline_contacts_ = 0;
};

}  // namespace gridgov::models
