// Tests of the costs mechanism (models/mechanisms/costs/): what an hour of each kind of staff
// costs, so that staffing levers can be weighed at equal budget. It buys nothing in the model: it
// prices the hours the other mechanisms use. The tests pin that its run-time values are the
// parameters, price for price; that prices change the cost columns and nothing else (paired
// runs); which hours each price multiplies (grid workers' and department staff's working hours,
// firm staff's hours on cases), by hand from the small scenario's staffing; and that the unpaid
// hours are the used hours of members, leads, volunteers and micro-grid leads, valued apart.
#include <catch2/catch.hpp>

#include "../MechanismTest.hpp"
#include "models/mechanisms/costs/Params.hpp"

using namespace gridgov::models;
using namespace gridgov::systest;
using namespace gridgov::mechtest;

TEST_CASE("costs: the run-time prices are the parameters, each in its own field", "[unit][costs]") {
  CostsParams p;
  // The defaults of docs/parameters.md (CNY an hour).
  CHECK(p.grid_worker_hour == 45);
  CHECK(p.firm_staff_hour == 35);
  CHECK(p.department_staff_hour == 80);
  CHECK(p.unpaid_hour == 0);
  p.grid_worker_hour = 1;
  p.firm_staff_hour = 2;
  p.department_staff_hour = 3;
  p.unpaid_hour = 4;
  const CostsRuntime r = CostsRuntime::derive(p);
  CHECK(r.grid_worker_hour == 1);
  CHECK(r.firm_staff_hour == 2);
  CHECK(r.department_staff_hour == 3);
  CHECK(r.unpaid_hour == 4);
}

TEST_CASE("costs: prices change the cost columns and nothing else, in proportion", "[system][costs]") {
  PairedRuns runs("costs-prices");
  const SmallRun base = runs("base", {});
  const SmallRun twice = runs("twice", {"costs.grid_worker_hour=90", "costs.firm_staff_hour=70",
                                        "costs.department_staff_hour=160", "costs.unpaid_hour=10"});
  // Prices act on nothing: the same run, but for the four cost columns.
  CHECK(differing_columns(base, twice) == std::set<std::string>{"cost_paid_per_year", "cost_paid_per_1000hh_year",
                                                                "cost_paid_per_resolved_issue", "cost_unpaid_per_year"});
  for (std::size_t r = 0; r < base.replicates(); ++r) {
    INFO("replicate " << r);
    CHECK(base(r, "cost_paid_per_year") > 0);
    CHECK(twice(r, "cost_paid_per_year") == Approx(2 * base(r, "cost_paid_per_year")));
    CHECK(twice(r, "cost_paid_per_resolved_issue") == Approx(2 * base(r, "cost_paid_per_resolved_issue")));
    CHECK(base(r, "cost_unpaid_per_year") == 0);  // unpaid_hour 0: hours only
    CHECK(twice(r, "cost_unpaid_per_year") == Approx(10 * twice(r, "unpaid_hours_per_year")));
  }
}

TEST_CASE("costs: grid workers and department staff are paid for their working hours, firm staff for hours on cases",
          "[system][costs]") {
  PairedRuns runs("costs-hours");
  // One price at a time. small.yaml: 6 grids of 120 households, one grid worker each
  // (households_per_worker 300: max(1, round(0.4))) working 40 h a week; 4 departments of one
  // server each (720 households: max(1, ceil(15 or 50 x 0.0072))), a server counted as one staff
  // member working 40 of the week's 168 hours.
  const SmallRun base = runs("base", {});
  const SmallRun workers = runs("workers", {"costs.firm_staff_hour=0", "costs.department_staff_hour=0"});
  const SmallRun firms = runs("firms", {"costs.grid_worker_hour=0", "costs.department_staff_hour=0"});
  const SmallRun departments = runs("departments", {"costs.grid_worker_hour=0", "costs.firm_staff_hour=0"});
  const double worker_hours = 6 * 40.0 * 8760.0 / 168.0;      // 12,514.3 a year
  const double department_hours = 4 * 8760.0 * 40.0 / 168.0;  // 8,342.9 a year
  for (std::size_t r = 0; r < workers.replicates(); ++r) {
    INFO("replicate " << r);
    CHECK(workers(r, "staff_hours_available_grid_worker") == Approx(worker_hours));
    CHECK(workers(r, "cost_paid_per_year") == Approx(45 * worker_hours));
    // Firm staff: used hours only (the firm's line is far from full, so it is less than available).
    CHECK(firms(r, "cost_paid_per_year") == Approx(35 * firms(r, "staff_hours_used_firm_staff")));
    CHECK(firms(r, "staff_hours_used_firm_staff") > 0);
    CHECK(firms(r, "staff_hours_used_firm_staff") < 0.5 * firms(r, "staff_hours_available_firm_staff"));
    // Department staff: every working hour kept for the district, busy or not.
    CHECK(departments(r, "staff_hours_available_department_staff") == Approx(department_hours));
    CHECK(departments(r, "cost_paid_per_year") == Approx(80 * department_hours));
    CHECK(departments(r, "staff_hours_used_department_staff") < 0.5 * department_hours);
    // The default bill is the sum of its three parts; per 1,000 households and per resolved issue.
    CHECK(base(r, "cost_paid_per_year") ==
          Approx(workers(r, "cost_paid_per_year") + firms(r, "cost_paid_per_year") + departments(r, "cost_paid_per_year")));
    CHECK(base(r, "cost_paid_per_1000hh_year") == Approx(base(r, "cost_paid_per_year") * 1000.0 / 720.0));
    CHECK(base(r, "cost_paid_per_resolved_issue") ==
          Approx(base(r, "cost_paid_per_year") / kSmallPerYear / base(r, "issues_resolved")));
  }
}

TEST_CASE("costs: unpaid hours are the hours members, leads, volunteers and micro-grid leads use", "[system][costs]") {
  PairedRuns runs("costs-unpaid");
  const SmallRun run = runs("unpaid", {"costs.unpaid_hour=20", "volunteers.enabled=true", "microgrids.enabled=true"});
  for (std::size_t r = 0; r < run.replicates(); ++r) {
    INFO("replicate " << r);
    for (const char* kind : {"party_member", "building_lead", "volunteer"})
      CHECK(run(r, std::string("staff_hours_used_") + kind) > 0);
    CHECK(run(r, "microgrid_lead_hours_used") > 0);
    // The micro-grid leads' hours are over the measured span; the other columns are per year.
    const double unpaid = run(r, "staff_hours_used_party_member") + run(r, "staff_hours_used_building_lead") +
                          run(r, "staff_hours_used_volunteer") + run(r, "microgrid_lead_hours_used") * kSmallPerYear;
    CHECK(run(r, "unpaid_hours_per_year") == Approx(unpaid));
    CHECK(run(r, "unpaid_hours_per_1000hh_year") == Approx(unpaid * 1000.0 / 720.0));
    CHECK(run(r, "cost_unpaid_per_year") == Approx(20 * unpaid));
  }
}
