#pragma once
/// \file
/// Everything one replicate measured: the partitions' accumulators (models/observe/) merged in
/// partition order, plus district-wide figures. The engine knows nothing of these.
#include <array>
#include <cstdint>
#include <vector>

#include "analysis/Statistics.hpp"
#include "models/observe/Accumulators.hpp"
#include "models/observe/DistrictStats.hpp"

namespace gridgov::models {

/// One community's figures (communities.csv): its people and its partition's counters.
struct CommunityStats {
  std::uint32_t grids = 0;
  std::uint64_t households = 0;
  std::uint32_t members = 0, central_members = 0, leads = 0, workers = 0;
  std::uint64_t raised = 0, resolved = 0, complaints = 0;  ///< issues raised after the warm-up, as Counters
  double resolve_hours = 0;                                ///< sum over resolved issues
  double satisfaction_sum = 0;                             ///< over households at the horizon
};

/// Everything measured in one replicate.
struct ReplicateMetrics {
  std::uint32_t replicate = 0;
  std::uint64_t seed = 0;
  std::uint64_t households = 0;
  double household_size = 0;
  std::uint32_t members = 0, central_members = 0, leads = 0, workers = 0;
  double hours = 0;  ///< measured span (horizon minus warm-up)
  Counters c;
  analysis::LogHistogram resolve_hist{1e-2, 1e6, 200};
  std::vector<GridStats> grids;  ///< global grid order
  std::vector<std::uint32_t> grid_community;
  std::vector<std::uint32_t> grid_households;
  std::vector<std::uint32_t> grid_firm;
  std::vector<DayStats> days;
  std::vector<DayTypeStats> day_types;  ///< one per day
  std::vector<CommunityStats> communities;
  std::array<DepartmentStats, kDepartments> departments{};
  std::vector<FirmPeriod> firm_periods;  ///< period by period, firm order within a period
  double satisfaction_mean = 0, satisfied_share = 0, trust_mean = 0;
  std::uint64_t vulnerable_households = 0;
  double worker_busy = 0, worker_capacity = 0, firm_busy = 0, firm_capacity = 0, dept_busy = 0, dept_capacity = 0;
  double worker_queue_area = 0;
  StaffHours staff;                                         ///< hours available and used after the warm-up, by kind of staff
  double cost_paid = 0, unpaid_hours = 0, cost_unpaid = 0;  ///< over the measured span (CNY, hours, CNY)
  /// Micro-grid leads (policy at the horizon) and their unpaid hours over the measured span
  /// (models/mechanisms/microgrids/, under the policy in force at each time).
  std::uint32_t microgrid_leads = 0;
  double microgrid_hours_available = 0, microgrid_hours_used = 0;
  std::uint64_t hotline_contacts = 0, firms_blacklisted = 0, firms_redlisted = 0, firms_replaced = 0;
  std::uint64_t events = 0;
  std::array<std::uint64_t, 8> final_states{};  ///< counted issues by final IssueState
};

}  // namespace gridgov::models
