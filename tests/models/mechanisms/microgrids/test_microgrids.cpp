// Tests of the micro-grid mechanism (models/mechanisms/microgrids/): its run-time values and the
// leads' hours by hand, that it changes nothing while off or without hours, that its levers
// (hours, micro-grid size) respond in the right direction under common random numbers, that
// lead_from decides who mediates, and that the hours reach summary.csv.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "../../../app/SystemTest.hpp"
#include "models/geography/Geography.hpp"
#include "models/mechanisms/microgrids/Microgrids.hpp"
#include "models/world/Runtime.hpp"

using namespace gridgov::models;
using namespace gridgov::systest;

TEST_CASE("microgrids: walks are what the lead's hours pay for, up to walks_per_week", "[unit][microgrids]") {
  MicrogridsParams p;
  p.enabled = true;
  p.hours_per_week = 2;
  p.minutes_per_household = 2;
  p.walks_per_week = 1.5;
  p.detect_prob = 0.3;
  const MicrogridsRuntime r = MicrogridsRuntime::derive(p);
  REQUIRE(r.enabled);
  CHECK(r.from_members);
  CHECK(r.pwalk == 0.3);
  CHECK(r.log1mp == Approx(std::log(0.7)));
  CHECK(r.walks_per_week(60) == Approx(1.0));   // 120 minutes pay for one walk past 60 households
  CHECK(r.walks_per_week(120) == Approx(0.5));  // a micro-grid twice as large is walked half as often
  CHECK(r.walks_per_week(30) == Approx(1.5));   // two walks paid for, capped at 1.5
  p.lead_from = "leads";
  CHECK(!MicrogridsRuntime::derive(p).from_members);
  for (auto off : {&MicrogridsParams::hours_per_week, &MicrogridsParams::walks_per_week}) {
    MicrogridsParams q = p;
    q.*off = 0;
    CHECK(!MicrogridsRuntime::derive(q).enabled);
  }
  p.enabled = false;
  CHECK(!MicrogridsRuntime::derive(p).enabled);
}

TEST_CASE("microgrids: one lead per micro-grid, and their hours available and used by hand", "[unit][microgrids]") {
  ScenarioSpec spec;
  spec.microgrids.enabled = true;
  spec.microgrids.hours_per_week = 2;
  spec.microgrids.minutes_per_household = 2;
  spec.microgrids.walks_per_week = 1.5;
  // 2 grids of 4 buildings x 30 households; round(4 / 1.2) = 3 micro-grids each: 60, 30, 30 households.
  const Geography g = make_lattice(LatticeSpec{1, 2, 4, 30, 1.2});
  REQUIRE(g.microgrids == 6);
  const Microgrids::Week w = Microgrids::week(Runtime(spec), g);
  CHECK(w.leads == 6);
  CHECK(w.hours_available == Approx(12.0));
  // 60 households: 1 walk x 120 min = 2 h; 30 households: 1.5 walks x 60 min = 1.5 h.
  CHECK(w.hours_used == Approx(2 * (2.0 + 1.5 + 1.5)));
  // Leads are drawn from a pool: without party members (lead_from: members) there are none.
  spec.party.party_enabled = false;
  CHECK(!Microgrids::staffed(Runtime(spec)));
  CHECK(Microgrids::week(Runtime(spec), g).leads == 0);
  spec.microgrids.lead_from = "leads";
  CHECK(Microgrids::staffed(Runtime(spec)));
  spec.leads.leads_enabled = false;
  CHECK(Microgrids::week(Runtime(spec), g).hours_available == 0.0);
}

namespace {
struct Run {
  Csv summary;
  std::string text;  ///< summary.csv as written
};
Run run_small(TempDir& tmp, const std::string& name, const std::vector<std::string>& sets,
              const std::string& scenario = small_yaml()) {
  const fs::path path = run_small_summary(tmp.path(), name, sets, scenario);
  return {read_csv(path), read_file(path)};
}
const std::vector<std::string> kOn{"microgrids.enabled=true", "microgrids.minutes_per_household=2",
                                   "microgrids.walks_per_week=7"};
std::vector<std::string> on(std::vector<std::string> more) {
  more.insert(more.begin(), kOn.begin(), kOn.end());
  return more;
}
}  // namespace

TEST_CASE("microgrids: off, without hours or without leads to draw from, nothing changes", "[system][microgrids]") {
  TempDir tmp("microgrids-off");
  const Run off = run_small(tmp, "off", {});
  CHECK(off.text == run_small(tmp, "no_hours", on({"microgrids.hours_per_week=0"})).text);
  CHECK(off.text == run_small(tmp, "no_walks", on({"microgrids.walks_per_week=0"})).text);
  CHECK(off.text == run_small(tmp, "other_size", {"geography.buildings_per_microgrid=3"}).text);
  const Run no_leads = run_small(tmp, "no_leads", {"leads.enabled=false"});
  CHECK(no_leads.text == run_small(tmp, "from_no_leads", on({"microgrids.lead_from=leads", "leads.enabled=false"})).text);
  for (std::size_t r = 0; r < off.summary.rows.size(); ++r) {
    CHECK(off.summary.num(r, "found_by_microgrid_walk_share") == 0.0);
    CHECK(off.summary.num(r, "microgrid_leads") == 0.0);
    CHECK(off.summary.num(r, "microgrid_lead_hours_available") == 0.0);
    CHECK(off.summary.num(r, "microgrid_lead_hours_used") == 0.0);
  }
}

TEST_CASE("microgrids: more hours find more issues, earlier, in every replicate", "[system][microgrids][response]") {
  TempDir tmp("microgrids-hours");
  const Run off = run_small(tmp, "off", {});
  const Run few = run_small(tmp, "few", on({"microgrids.hours_per_week=0.5"}));
  const Run many = run_small(tmp, "many", on({"microgrids.hours_per_week=4"}));
  REQUIRE(off.summary.rows.size() == 4);
  for (std::size_t r = 0; r < off.summary.rows.size(); ++r) {
    INFO("replicate " << r);
    // Common random numbers: the same issues arise in every run.
    CHECK(off.summary.num(r, "issues_raised") == few.summary.num(r, "issues_raised"));
    CHECK(few.summary.num(r, "found_by_microgrid_walk_share") > 0.0);
    CHECK(many.summary.num(r, "found_by_microgrid_walk_share") > few.summary.num(r, "found_by_microgrid_walk_share"));
    CHECK(many.summary.num(r, "found_proactively_share") > few.summary.num(r, "found_proactively_share"));
    CHECK(few.summary.num(r, "time_to_known_mean_h") < off.summary.num(r, "time_to_known_mean_h"));
    CHECK(many.summary.num(r, "time_to_known_mean_h") < few.summary.num(r, "time_to_known_mean_h"));
    CHECK(many.summary.num(r, "microgrid_lead_hours_used") > few.summary.num(r, "microgrid_lead_hours_used"));
  }
}

TEST_CASE("microgrids: smaller micro-grids find more issues, earlier, in every replicate", "[system][microgrids][response]") {
  // The same hours per lead: a lead of a smaller micro-grid walks it more often (small.yaml's
  // grids of 4 buildings x 30 households: 1 micro-grid of 120 households, or 4 of 30).
  TempDir tmp("microgrids-size");
  const Run large = run_small(tmp, "large", on({"microgrids.hours_per_week=2", "geography.buildings_per_microgrid=4"}));
  const Run small = run_small(tmp, "small", on({"microgrids.hours_per_week=2", "geography.buildings_per_microgrid=1"}));
  for (std::size_t r = 0; r < large.summary.rows.size(); ++r) {
    INFO("replicate " << r);
    CHECK(large.summary.num(r, "issues_raised") == small.summary.num(r, "issues_raised"));
    CHECK(small.summary.num(r, "found_by_microgrid_walk_share") > large.summary.num(r, "found_by_microgrid_walk_share"));
    CHECK(small.summary.num(r, "time_to_known_mean_h") < large.summary.num(r, "time_to_known_mean_h"));
    // Four times the leads, each giving the same hours.
    CHECK(small.summary.num(r, "microgrid_leads") == 4 * large.summary.num(r, "microgrid_leads"));
  }
}

TEST_CASE("microgrids: lead_from decides whose mediation a find gets", "[system][microgrids][response]") {
  TempDir tmp("microgrids-from");
  const Run members = run_small(tmp, "members", on({"microgrids.hours_per_week=4", "microgrids.lead_from=members"}));
  const Run leads = run_small(tmp, "leads", on({"microgrids.hours_per_week=4", "microgrids.lead_from=leads"}));
  for (std::size_t r = 0; r < members.summary.rows.size(); ++r) {
    INFO("replicate " << r);
    // The same walks find the same issues; who settles them on the spot differs.
    CHECK(members.summary.num(r, "found_by_microgrid_walk_share") == leads.summary.num(r, "found_by_microgrid_walk_share"));
    CHECK(members.summary.num(r, "resolved_by_member_mediation_share") >
          leads.summary.num(r, "resolved_by_member_mediation_share"));
    CHECK(leads.summary.num(r, "resolved_by_lead_mediation_share") > members.summary.num(r, "resolved_by_lead_mediation_share"));
  }
}

TEST_CASE("microgrids: the leads' hours in summary.csv, under the policy in force", "[system][microgrids]") {
  TempDir tmp("microgrids-cost");
  // small.yaml: 6 grids of 4 buildings x 30 households, 3 micro-grids each (60, 30, 30 households);
  // measured span: days 10..120 = 110 days.
  const std::vector<std::string> sets{"microgrids.enabled=true", "microgrids.hours_per_week=2",
                                      "microgrids.minutes_per_household=2", "microgrids.walks_per_week=1.5"};
  const Run run = run_small(tmp, "cost", sets);
  const double weeks = 110.0 * 24.0 / 168.0;
  for (std::size_t r = 0; r < run.summary.rows.size(); ++r) {
    CHECK(run.summary.num(r, "microgrid_leads") == 18.0);
    CHECK(run.summary.num(r, "microgrid_lead_hours_available") == Approx(18 * 2.0 * weeks));
    CHECK(run.summary.num(r, "microgrid_lead_hours_used") == Approx(6 * (2.0 + 1.5 + 1.5) * weeks));
  }
  // An intervention that ends the walks on day 60 stops the hours there.
  const std::string scenario = tmp / "stop.yaml";
  write_file(scenario, read_file(small_yaml()) +
                           "  - day: 60\n    label: micro-grid leads stop\n    set:\n      microgrids.hours_per_week: 0\n");
  const Run stop = run_small(tmp, "stop", sets, scenario);
  const double weeks_on = 50.0 * 24.0 / 168.0;
  for (std::size_t r = 0; r < stop.summary.rows.size(); ++r) {
    CHECK(stop.summary.num(r, "microgrid_leads") == 0.0);  // the policy at the horizon
    CHECK(stop.summary.num(r, "microgrid_lead_hours_available") == Approx(18 * 2.0 * weeks_on));
    CHECK(stop.summary.num(r, "microgrid_lead_hours_used") == Approx(6 * 5.0 * weeks_on));
    CHECK(stop.summary.num(r, "found_by_microgrid_walk_share") > 0.0);
    CHECK(stop.summary.num(r, "found_by_microgrid_walk_share") < run.summary.num(r, "found_by_microgrid_walk_share"));
  }
}

TEST_CASE("microgrids: scenarios/microgrids.yaml runs, and compares with the same subdistrict under grids only",
          "[system][microgrids][compare]") {
  TempDir tmp("microgrids-scenario");
  const std::string scenario = source_path("scenarios/microgrids.yaml");
  const std::vector<std::string> shorter{"--replicates", "2", "--set", "simulation.days=90", "--set", "simulation.warmup_days=10",
                                         "--quiet"};
  std::vector<std::string> args{"run", scenario, "--out", tmp / "run"};
  args.insert(args.end(), shorter.begin(), shorter.end());
  const CmdResult r = run_gridgov(args);
  INFO(r.command << "\n" << r.err);
  REQUIRE(r.exit_code == 0);
  const Csv summary = read_csv(fs::path(tmp / "run") / "summary.csv");
  const Csv buildings = read_csv(fs::path(tmp / "run") / "buildings.csv");
  REQUIRE(buildings.rows.size() == 80);
  // 8 grids of 10 buildings, 5 micro-grids of 2 buildings each; one lead per micro-grid.
  CHECK(buildings.num(79, "microgrid") == 39.0);
  CHECK(buildings.num(2, "microgrid") == 1.0);
  for (std::size_t i = 0; i < summary.rows.size(); ++i) {
    CHECK(summary.num(i, "microgrid_leads") == 40.0);
    CHECK(summary.num(i, "found_by_microgrid_walk_share") > 0.0);
    CHECK(summary.num(i, "microgrid_lead_hours_used") > 0.0);
  }

  // The grids-only baseline: the same file with micro-grid leads off (a policy: no structural difference).
  std::string text = read_file(scenario);
  const std::string on_line = "microgrids:\n  enabled: true";
  REQUIRE(text.find(on_line) != std::string::npos);
  text.replace(text.find(on_line), on_line.size(), "microgrids:\n  enabled: false");
  write_file(tmp / "grids_only.yaml", text);
  std::vector<std::string> cargs{"compare", tmp / "grids_only.yaml", scenario, "--out", tmp / "cmp"};
  cargs.insert(cargs.end(), shorter.begin(), shorter.end());
  const CmdResult c = run_gridgov(cargs);
  INFO(c.command << "\n" << c.err);
  REQUIRE(c.exit_code == 0);
  const Csv cmp = read_csv(fs::path(tmp / "cmp") / "compare.csv");
  bool seen = false;
  for (std::size_t i = 0; i < cmp.rows.size(); ++i) {
    if (cmp.at(i, "metric") == "found_by_microgrid_walk_share") {
      seen = true;
      CHECK(cmp.num(i, "mean_baseline") == 0.0);
      CHECK(cmp.num(i, "diff") > 0.0);
    }
    if (cmp.at(i, "metric") == "time_to_known_mean_h") CHECK(cmp.num(i, "diff") < 0.0);
  }
  CHECK(seen);
}
