#pragma once
/// \file
/// Costs (costs.*): what an hour of each kind of staff costs, so that an analyst can weigh
/// staffing levers against one another at equal budget ("two more grid workers, or members
/// visiting twice a month?"). Paid hours (grid workers, firm staff, department staff) are
/// priced; unpaid hours (party members, building leads, volunteers) are counted in hours and,
/// if costs.unpaid_hour is set, valued at that shadow price in a separate column. Grid workers
/// and department staff (capacity the district keeps for its cases) are paid for every working
/// hour; firm staff for the working hours spent on cases (a server of a firm's or a department's
/// line is one staff-equivalent working kServerWorkingShare of the calendar).
#include "models/scenario/Section.hpp"

namespace gridgov::models {

struct CostsParams {
  double grid_worker_hour = 45;
  double firm_staff_hour = 35;
  double department_staff_hour = 80;
  double unpaid_hour = 0;

  static void declare(Section<ScenarioSpec, CostsParams> s);
};

struct CostsRuntime {
  double grid_worker_hour, firm_staff_hour, department_staff_hour, unpaid_hour;

  static CostsRuntime derive(const CostsParams& p) {
    return {p.grid_worker_hour, p.firm_staff_hour, p.department_staff_hour, p.unpaid_hour};
  }
};

}  // namespace gridgov::models
