// Tests of the building-leads mechanism (models/mechanisms/building_leads/): mediation is paid
// from the hours the walks leave, so leads never use more hours than they give, and where those
// hours bind, more hours mean more issues settled on the spot (common random numbers).
#include <catch2/catch.hpp>

#include "../../../app/SystemTest.hpp"
#include "models/mechanisms/building_leads/Params.hpp"

using namespace gridgov::models;
using namespace gridgov::systest;

TEST_CASE("building leads: the hours beyond the walks are their mediation time", "[unit][building_leads]") {
  LeadsParams p;
  p.leads_enabled = true;
  p.households_per_lead = 60;
  p.minutes_per_household = 2;
  p.lead_walks_per_week = 2;
  p.hours_per_week = 2.5;
  // One walk of 60 households takes 2 h; walks may take 0.8 x 2.5 = 2 h: one walk a week, 0.5 h left.
  LeadsRuntime r = LeadsRuntime::derive(p);
  CHECK(r.walks_per_week == Approx(1.0));
  CHECK(r.spare_hours_per_month == Approx(0.5 * 730.0 / 168.0));
  p.hours_per_week = 10;  // both planned walks (4 h) and 6 h left
  r = LeadsRuntime::derive(p);
  CHECK(r.walks_per_week == Approx(2.0));
  CHECK(r.spare_hours_per_month == Approx(6.0 * 730.0 / 168.0));
}

namespace {
Csv run_leads(TempDir& tmp, const std::string& name, const std::vector<std::string>& sets) {
  return read_csv(run_small_summary(tmp.path(), name, sets));
}
}  // namespace

TEST_CASE("building leads: mediation is capped by their hours, and more hours settle more on the spot",
          "[system][building_leads][response]") {
  TempDir tmp("leads-hours");
  // 600 households a lead: a walk takes 20 h, so walks take 80% of the 2.5 hours and 0.5 h a
  // week is left for mediations of 1 h each, while the lead hears of many minor issues.
  const Csv scarce = run_leads(tmp, "scarce", {"leads.households_per_lead=600"});
  const Csv ample = run_leads(tmp, "ample", {"leads.households_per_lead=600", "leads.hours_per_week=40"});
  REQUIRE(scarce.rows.size() == 4);
  for (std::size_t r = 0; r < scarce.rows.size(); ++r) {
    INFO("replicate " << r);
    CHECK(scarce.num(r, "issues_raised") == ample.num(r, "issues_raised"));  // common random numbers
    CHECK(scarce.num(r, "staff_hours_used_building_lead") <= scarce.num(r, "staff_hours_available_building_lead") * (1 + 1e-9));
    CHECK(scarce.num(r, "resolved_by_lead_mediation_share") > 0.0);
    CHECK(ample.num(r, "resolved_by_lead_mediation_share") > scarce.num(r, "resolved_by_lead_mediation_share"));
  }
}
