#include "models/mechanisms/costs/Params.hpp"

#include "models/scenario/ScenarioSpec.hpp"

namespace gridgov::models {

using namespace params;
using schema::Kind;

void CostsParams::declare(Section<ScenarioSpec, CostsParams> s) {
  s.add(P("costs.grid_worker_hour", Kind::Real, "CNY/hour", 0, 1e6,
          "Employer's cost of one grid-worker working hour (pay, social insurance, equipment): about 7,000-8,000 CNY a month "
          "for 173 hours in a large Guangdong city.",
          "lit.", true),
        &CostsParams::grid_worker_hour);
  s.add(P("costs.firm_staff_hour", Kind::Real, "CNY/hour", 0, 1e6,
          "Cost of one working hour of property-firm staff (paid from residents' property fees).", "lit.", true),
        &CostsParams::firm_staff_hour);
  s.add(P("costs.department_staff_hour", Kind::Real, "CNY/hour", 0, 1e6,
          "Cost of one working hour of the district-department staff kept for this district (servers x 40 hours a week).", "lit.",
          true),
        &CostsParams::department_staff_hour);
  s.add(P("costs.unpaid_hour", Kind::Real, "CNY/hour", 0, 1e6,
          "Shadow price of one unpaid hour (members, leads, volunteers), reported separately from paid costs; 0 = count "
          "hours only.",
          "", true),
        &CostsParams::unpaid_hour);
}

}  // namespace gridgov::models
