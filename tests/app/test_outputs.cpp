// System tests of the analyst's tables: the daily complaints by issue type (timeseries.csv),
// firms.csv, departments.csv and communities.csv, and issues.csv's never-found rows. Each test
// checks an accounting identity between files that are computed along different paths (the
// observers' daily counts, the communities' firm counters, the district's department lines and
// the partitions' summary counters), so a count lost or doubled on one path fails here.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "SystemTest.hpp"
#include "models/scenario/Vocabulary.hpp"

namespace {

using namespace gridgov::systest;
namespace models = gridgov::models;

/// A configuration of small.yaml (120 days, 10 warm-up days, 3 replicates, the firm review on).
struct Config {
  std::string name;
  std::vector<std::string> extra;
  bool warmup = true;                    ///< false: simulation.warmup_days=0
  bool repair_by_firm = true;            ///< false: issues.repair.handler=grid (property_service is the firms' only type)
  bool whistles_are_dispatches = false;  ///< no issue escalates; every whistle is a forced dispatch to a department
};

const std::vector<Config>& configs() {
  static const std::vector<Config> c = [] {
    const std::vector<std::string> no_warmup{"--set", "simulation.warmup_days=0"};
    std::vector<Config> v;
    v.push_back({"small.yaml", {}});
    v.push_back({"small.yaml without warm-up", no_warmup, false});
    Config dispatch{"many complaints dispatched to departments, nothing escalated, without warm-up", no_warmup, false, true,
                    true};
    for (const char* arg : {"households.channels.hotline=5", "grid.households_per_worker=5000", "hotline.dispatch_to=department",
                            "departments.police.servers=1"})
      dispatch.extra.insert(dispatch.extra.end(), {"--set", arg});
    for (const char* t : models::kIssueTypeNames)
      dispatch.extra.insert(dispatch.extra.end(), {"--set", fmt::format("issues.{}.escalate_share=0", t)});
    v.push_back(dispatch);
    v.push_back({"repairs handled by grid workers, firms replaced at the first black-listing",
                 {"--set", "issues.repair.handler=grid", "--set", "firms.review.replace_after=1"},
                 true,
                 false});
    return v;
  }();
  return c;
}

/// Run small.yaml with `extra` into `out`; require success.
void run_small(const std::string& out, const std::vector<std::string>& extra) {
  std::vector<std::string> args{"run", small_yaml(), "--out", out, "--quiet"};
  args.insert(args.end(), extra.begin(), extra.end());
  const CmdResult r = run_gridgov(args);
  INFO("command: " << r.command << "\nstderr: " << r.err);
  REQUIRE(r.exit_code == 0);
}

/// Run every configuration into a fresh folder, each in its own section, and call `check(cfg, folder)`.
template <class Check>
void for_each_config(const std::string& tag, Check check) {
  TempDir tmp(tag);
  for (const auto& cfg : configs()) {
    DYNAMIC_SECTION(cfg.name) {
      const std::string d = tmp / "d";
      run_small(d, cfg.extra);
      check(cfg, fs::path(d));
    }
  }
}

/// Sum of `column` over the rows of `t` whose replicate is `rep`.
double sum_of(const Csv& t, const std::string& rep, const std::string& column) {
  double s = 0;
  for (std::size_t i = 0; i < t.rows.size(); ++i)
    if (t.at(i, "replicate") == rep) s += t.num(i, column);
  return s;
}

/// Rows of `t` whose replicate is `rep`.
std::vector<std::size_t> rows_of(const Csv& t, const std::string& rep) {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < t.rows.size(); ++i)
    if (t.at(i, "replicate") == rep) out.push_back(i);
  return out;
}

/// The issue types handled by property firms under `cfg` (small.yaml keeps the default handlers).
std::vector<std::string> firm_types(const Config& cfg) {
  if (cfg.repair_by_firm) return {"repair", "property_service"};
  return {"property_service"};
}

}  // namespace

TEST_CASE("outputs: daily complaints by issue type add up to the daily and summary complaints", "[system][invariant][outputs]") {
  for_each_config("kinds", [](const Config& cfg, const fs::path& d) {
    const Csv ts = read_csv(d / "timeseries.csv"), s = read_csv(d / "summary.csv"), ci = read_csv(d / "timeseries_ci.csv");
    std::vector<std::string> kinds;
    for (const char* t : models::kIssueTypeNames) kinds.push_back(fmt::format("complaints_{}", t));
    // Every row: the kinds add up to the day's complaints.
    for (std::size_t i = 0; i < ts.rows.size(); ++i) {
      double sum = 0;
      for (const auto& k : kinds) sum += ts.num(i, k);
      INFO("timeseries.csv row " << i + 1);
      CHECK(sum == ts.num(i, "complaints"));
    }
    // Over the days: the summary's complaints (issues raised after the warm-up); with a warm-up
    // the daily series also counts complaints about the warm-up's issues.
    double any = 0;
    for (std::size_t r = 0; r < s.rows.size(); ++r) {
      const std::string rep = s.at(r, "replicate");
      INFO("replicate " << rep);
      double over_days = 0;
      for (const auto& k : kinds) over_days += sum_of(ts, rep, k);
      CHECK(over_days == sum_of(ts, rep, "complaints"));
      if (cfg.warmup)
        CHECK(over_days >= s.num(r, "complaints"));
      else
        CHECK(over_days == s.num(r, "complaints"));
      any += over_days;
    }
    CHECK(any > 0);
    // timeseries_ci.csv carries the same metrics.
    std::map<std::string, std::size_t> ci_rows;
    for (std::size_t i = 0; i < ci.rows.size(); ++i) ++ci_rows[ci.at(i, "metric")];
    for (const auto& k : kinds) CHECK(ci_rows[k] == ci_rows["complaints"]);
  });
}

TEST_CASE("outputs: firms.csv periods tile the run and its complaints add up to the firm-handled kinds",
          "[system][invariant][outputs]") {
  for_each_config("firms", [](const Config& cfg, const fs::path& d) {
    const Csv f = read_csv(d / "firms.csv"), ts = read_csv(d / "timeseries.csv"), s = read_csv(d / "summary.csv"),
              g = read_csv(d / "grids.csv");
    const double horizon = 120 * 24.0;
    std::size_t reviewed_rows = 0;
    for (std::size_t r = 0; r < s.rows.size(); ++r) {
      const std::string rep = s.at(r, "replicate");
      INFO("replicate " << rep);
      // Sum over firms and periods of complaints = the firm-handled issue types' daily complaints.
      double kinds = 0;
      for (const auto& t : firm_types(cfg)) kinds += sum_of(ts, rep, fmt::format("complaints_{}", t));
      CHECK(sum_of(f, rep, "complaints") == kinds);
      CHECK(kinds > 0);
      // Verdicts and replacements add up to summary.csv's counts.
      double black = 0, red = 0;
      for (const auto i : rows_of(f, rep)) {
        black += f.at(i, "list") == "black";
        red += f.at(i, "list") == "red";
      }
      CHECK(black == s.num(r, "firms_blacklisted"));
      CHECK(red == s.num(r, "firms_redlisted"));
      CHECK(sum_of(f, rep, "replaced") == s.num(r, "firms_replaced"));
      // Each firm's periods run from 0 to the horizon without gaps; each starts with the quality
      // the previous review left (no intervention of small.yaml touches firms); households are
      // those of the firm's grids.
      std::map<std::string, std::vector<std::size_t>> by_firm;
      for (const auto i : rows_of(f, rep)) by_firm[f.at(i, "firm")].push_back(i);
      CHECK(by_firm.size() == 3);
      for (const auto& [firm, rows] : by_firm) {
        INFO("firm " << firm);
        double hh = 0;
        for (const auto i : rows_of(g, rep))
          if (g.at(i, "firm") == firm) hh += g.num(i, "households");
        REQUIRE(!rows.empty());
        CHECK(f.num(rows.front(), "t_start_h") == 0);
        CHECK(f.num(rows.back(), "t_end_h") == horizon);
        for (std::size_t k = 0; k < rows.size(); ++k) {
          const std::size_t i = rows[k];
          CHECK(f.num(i, "period") == static_cast<double>(k));
          CHECK(f.num(i, "households") == hh);
          CHECK(f.num(i, "t_end_h") > f.num(i, "t_start_h"));
          const bool reviewed = f.at(i, "reviewed") == "1";
          reviewed_rows += reviewed;
          if (reviewed) {
            CHECK((f.at(i, "list") == "black" || f.at(i, "list") == "red" || f.at(i, "list") == "none"));
          } else {
            CHECK(f.at(i, "list").empty());
            CHECK(f.at(i, "quality_after") == f.at(i, "quality"));
            CHECK(k + 1 == rows.size());  // only the last period may end unreviewed
          }
          if (f.at(i, "replaced") == "1") CHECK(f.at(i, "list") == "black");
          if (f.at(i, "list") != "black") CHECK(f.at(i, "quality_after") == f.at(i, "quality"));
          if (k > 0) {
            CHECK(f.num(i, "t_start_h") == f.num(rows[k - 1], "t_end_h"));
            CHECK(f.at(i, "quality") == f.at(rows[k - 1], "quality_after"));
          }
        }
      }
    }
    CHECK(reviewed_rows > 0);  // small.yaml reviews on days 40, 70 and 100
  });
}

TEST_CASE("outputs: departments.csv is consistent with summary.csv's whistles and utilisation", "[system][invariant][outputs]") {
  for_each_config("departments", [](const Config& cfg, const fs::path& d) {
    const Csv dep = read_csv(d / "departments.csv"), s = read_csv(d / "summary.csv");
    for (std::size_t r = 0; r < s.rows.size(); ++r) {
      const std::string rep = s.at(r, "replicate");
      INFO("replicate " << rep);
      const auto rows = rows_of(dep, rep);
      REQUIRE(rows.size() == models::kDepartments);
      // Every whistle (escalations and, with dispatch to departments, forced dispatches) of an
      // issue raised after the warm-up reaches one department.
      CHECK(sum_of(dep, rep, "cases_received") == s.num(r, "whistles"));
      CHECK(s.num(r, "whistles") > 0);
      double busy = 0, servers = 0, max_util = -1, backlog_end = 0;
      for (std::size_t k = 0; k < rows.size(); ++k) {
        const std::size_t i = rows[k];
        CHECK(dep.at(i, "department") == models::kDepartmentNames[k]);
        CHECK(dep.num(i, "cases_finished") <= dep.num(i, "cases_received"));
        if (dep.num(i, "cases_finished") > 0) CHECK(dep.num(i, "response_mean_h") > 0);
        CHECK(dep.num(i, "backlog_mean") >= 0);
        const double u = dep.num(i, "utilisation");
        CHECK(u >= 0);
        CHECK(u <= 1 + 1e-12);
        busy += u * dep.num(i, "servers");
        servers += dep.num(i, "servers");
        max_util = std::max(max_util, u);
        backlog_end += dep.num(i, "backlog_end");
      }
      // summary's department_utilisation pools server-hours over the departments.
      CHECK(busy / servers == Approx(s.num(r, "department_utilisation")).epsilon(1e-12));
      CHECK(s.num(r, "department_utilisation_max") == max_util);
      CHECK(s.num(r, "department_backlog_end") == backlog_end);
    }
    if (cfg.whistles_are_dispatches) {
      // Nothing escalates, so each case a department receives is a forced dispatch (not every
      // dispatch becomes one: an issue already in service is not moved). One police server and
      // many complaints: a line forms.
      double waited = 0;
      for (std::size_t r = 0; r < s.rows.size(); ++r) {
        INFO("replicate " << s.at(r, "replicate"));
        CHECK(s.num(r, "whistles") <= s.num(r, "forced_dispatches"));
      }
      for (std::size_t i = 0; i < dep.rows.size(); ++i) waited += dep.num(i, "backlog_mean");
      CHECK(waited > 0);
    }
  });
}

TEST_CASE("outputs: communities.csv adds up to summary.csv", "[system][invariant][outputs]") {
  for_each_config("communities", [](const Config& cfg, const fs::path& d) {
    const Csv c = read_csv(d / "communities.csv"), s = read_csv(d / "summary.csv");
    for (std::size_t r = 0; r < s.rows.size(); ++r) {
      const std::string rep = s.at(r, "replicate");
      INFO("replicate " << rep);
      CHECK(rows_of(c, rep).size() == 3);
      for (const char* column : {"households", "party_members", "central_members", "building_leads", "grid_workers",
                                 "issues_raised", "issues_resolved", "complaints"}) {
        INFO(column);
        CHECK(sum_of(c, rep, column) == s.num(r, column));
      }
      // The means pool back to the summary's.
      double hours = 0, sat = 0, months = 0;
      for (const auto i : rows_of(c, rep)) {
        if (c.num(i, "issues_resolved") > 0) hours += c.num(i, "time_to_resolve_mean_h") * c.num(i, "issues_resolved");
        sat += c.num(i, "satisfaction_mean") * c.num(i, "households");
        if (c.num(i, "complaints") > 0) months += c.num(i, "complaints") * 1000 / c.num(i, "complaints_per_1000hh_month");
      }
      CHECK(hours / s.num(r, "issues_resolved") == Approx(s.num(r, "time_to_resolve_mean_h")).epsilon(1e-9));
      CHECK(sat / s.num(r, "households") == Approx(s.num(r, "satisfaction_mean")).epsilon(1e-9));
      // complaints_per_1000hh_month: complaints x 1000 / (households x months); the household-months add up.
      const double measured_h = (120.0 - (cfg.warmup ? 10.0 : 0.0)) * 24.0;
      if (months > 0) CHECK(months <= s.num(r, "households") * measured_h / 730.0 * (1 + 1e-12));
      CHECK(s.num(r, "complaints") * 1000 / (s.num(r, "households") * measured_h / 730.0) ==
            Approx(s.num(r, "complaints_per_1000hh_month")).epsilon(1e-12));
    }
  });
}

TEST_CASE("outputs: issues.csv leaves found_by and reported_via empty for issues never found", "[system][invariant][outputs]") {
  TempDir tmp("never_found");
  const std::string d = tmp / "d";
  // Slow detection (no visits, walks or patrols; residents report late) leaves issues latent at the horizon.
  run_small(d, {"--set", "party.enabled=false", "--set", "leads.enabled=false", "--set", "grid.patrols_per_day=0", "--set",
                "grid.visits_per_household_year=0"});
  const Csv is = read_csv(fs::path(d) / "issues.csv");
  std::size_t latent = 0, found = 0;
  for (std::size_t i = 0; i < is.rows.size(); ++i) {
    INFO("issues.csv row " << i + 1);
    if (is.at(i, "state") == "latent") {
      ++latent;
      CHECK(is.at(i, "found_by").empty());
      CHECK(is.at(i, "reported_via").empty());
      CHECK(is.at(i, "t_known_h") == "NA");
    } else {
      ++found;
      CHECK(!is.at(i, "found_by").empty());
      CHECK(is.at(i, "reported_via").empty() == (is.at(i, "found_by") != "resident"));
      CHECK(is.at(i, "t_known_h") != "NA");
    }
  }
  CHECK(latent > 0);
  CHECK(found > 0);
}
