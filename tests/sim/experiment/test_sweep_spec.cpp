// Unit tests of sweep loading: factorial levels and ranges, list designs, continuous designs
// mapped onto parameter bounds, run-id arithmetic, and the resolved sweep reproducing the design.
#include <unistd.h>
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include "models/run/ExperimentModel.hpp"
#include "sim/experiment/SweepSpec.hpp"
#include "sim/schema/InputError.hpp"

namespace {

using namespace gridgov;
namespace sw = gridgov::experiment;
namespace fs = std::filesystem;

/// Write a sweep file next to the test data (so that `base: ../small.yaml` resolves) and load it.
sw::SweepSpec load_text(const std::string& text) {
  // One folder per process: ctest runs test cases in parallel processes.
  const fs::path dir = fs::temp_directory_path() / ("gridgov_sweep_spec_tests_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  struct Cleanup {
    fs::path path;
    ~Cleanup() {
      std::error_code ec;
      fs::remove_all(path, ec);
    }
  };
  static const Cleanup cleanup{dir};  // removed at exit
  const fs::path file = dir / "sweep.yaml";
  std::ofstream(file) << "base: " << GRIDGOV_SOURCE_DIR << "/tests/data/small.yaml\n" << text;
  return sw::load_sweep(models::experiment_model(), file.string());
}

double real(const schema::Value& v) { return std::get<double>(v); }

}  // namespace

TEST_CASE("factorial ranges: step, n, log scale and integers", "[sweep][design]") {
  const auto s = load_text(
      "replicates: 2\ndesign:\n  type: factorial\n  parameters:\n"
      "    party.members_per_household: {from: 0.05, to: 0.2, step: 0.05}\n"
      "    party.visits_per_month: {from: 0.5, to: 8, n: 5, scale: log}\n"
      "    leads.households_per_lead: {from: 40, to: 80, n: 3}\n");
  REQUIRE(s.params.size() == 3);
  REQUIRE(s.points.size() == 4 * 5 * 3);
  CHECK(s.runs() == 120);
  CHECK(s.point_of(7) == 3);
  CHECK(s.replicate_of(7) == 1);
  // First parameter slowest, last fastest.
  CHECK(real(s.points[0].values[0]) == Approx(0.05));
  CHECK(real(s.points[15].values[0]) == Approx(0.1));
  CHECK(std::get<std::int64_t>(s.points[1].values[2]) == 60);
  CHECK(std::get<std::int64_t>(s.points[2].values[2]) == 80);
  // Log levels 0.5, 1, 2, 4, 8 (the end point exactly).
  for (std::size_t i = 0; i < 5; ++i)
    CHECK(real(s.points[3 * i].values[1]) == Approx(0.5 * std::pow(2.0, static_cast<double>(i))));
  CHECK(real(s.points[12].values[1]) == 8.0);
  CHECK(real(s.points.back().values[0]) == Approx(0.2));
}

TEST_CASE("point scenarios apply the point's values, one replicate and the sweep seed", "[sweep][design]") {
  const auto s = load_text(
      "seed: 99\nreplicates: 3\ndesign:\n  type: factorial\n  parameters:\n    party.members_per_household: [0.05, 0.2]\n");
  const auto point = sw::point_scenario(s, 1);
  const auto& spec = models::spec_of(*point);
  CHECK(spec.seed == 99);
  CHECK(spec.replicates == 1);
  CHECK_FALSE(spec.issue_log);
  CHECK(spec.party.members_per_household == 0.2);
  CHECK(models::spec_of(*sw::point_scenario(s, 0)).party.members_per_household == 0.05);
}

TEST_CASE("list designs take the union of the keys set and the base value elsewhere", "[sweep][design]") {
  const auto s = load_text(
      "design:\n  type: list\n  points:\n    - name: a\n      set: {party.visits_per_month: 3}\n"
      "    - name: b\n      set: {leads.households_per_lead: 30}\n");
  REQUIRE(s.params.size() == 2);
  CHECK(s.label_columns == std::vector<std::string>{"name"});
  CHECK(real(s.points[0].values[0]) == 3.0);
  CHECK(std::get<std::int64_t>(s.points[0].values[1]) == models::spec_of(*s.base).leads.households_per_lead);
  CHECK(real(s.points[1].values[0]) == models::spec_of(*s.base).party.member_visits_per_month);
  CHECK(std::get<std::int64_t>(s.points[1].values[1]) == 30);
}

TEST_CASE("Latin hypercube points cover every stratum of each parameter's bounds", "[sweep][design]") {
  const auto s = load_text(
      "design:\n  type: lhs\n  points: 10\n  parameters:\n"
      "    party.members_per_household: {min: 0.02, max: 0.2}\n"
      "    party.visits_per_month: {min: 0.5, max: 8, scale: log}\n"
      "    party.detect_prob: {dist: normal, mean: 0.5, sd: 0.3}\n");
  REQUIRE(s.points.size() == 10);
  std::set<int> lin, lg;
  for (const auto& p : s.points) {
    lin.insert(static_cast<int>((real(p.values[0]) - 0.02) / 0.18 * 10));
    lg.insert(static_cast<int>(std::log(real(p.values[1]) / 0.5) / std::log(16.0) * 10));
    const double d = real(p.values[2]);
    CHECK(d >= 0.0);  // truncated to the parameter's declared range [0, 1]
    CHECK(d <= 1.0);
  }
  CHECK(lin.size() == 10);
  CHECK(lg.size() == 10);
}

TEST_CASE("Sobol' and Morris designs label their points", "[sweep][design]") {
  const auto sob = load_text(
      "design:\n  type: sobol\n  base_samples: 8\n  parameters:\n"
      "    party.members_per_household: {min: 0.02, max: 0.2}\n    party.visits_per_month: {min: 0.5, max: 4}\n");
  REQUIRE(sob.points.size() == 8 * 4);
  CHECK(sob.label_columns == std::vector<std::string>{"block", "base_row"});
  CHECK(sob.points[0].labels[0] == "A");
  CHECK(sob.points[1].labels[0] == "AB1");
  CHECK(sob.points[3].labels[0] == "B");
  // AB1 takes parameter 1 from B and parameter 2 from A.
  CHECK(sob.points[1].values[0] == sob.points[3].values[0]);
  CHECK(sob.points[1].values[1] == sob.points[0].values[1]);

  const auto mor = load_text(
      "design:\n  type: morris\n  trajectories: 5\n  levels: 4\n  parameters:\n"
      "    party.members_per_household: {min: 0.02, max: 0.2}\n    leads.households_per_lead: {min: 30, max: 90}\n");
  REQUIRE(mor.points.size() == 5 * 3);
  CHECK(mor.label_columns == std::vector<std::string>{"trajectory", "step", "changed"});
  for (std::size_t t = 0; t < 5; ++t) {
    CHECK(mor.points[3 * t].labels[2].empty());
    std::set<std::string> changed{mor.points[3 * t + 1].labels[2], mor.points[3 * t + 2].labels[2]};
    CHECK(changed == std::set<std::string>{"party.members_per_household", "leads.households_per_lead"});
  }
}

TEST_CASE("the resolved sweep reloads to the same design and base", "[sweep][design]") {
  for (const std::string design :
       {"  type: factorial\n  parameters:\n    party.members_per_household: {from: 0.05, to: 0.2, n: 4}\n",
        "  type: lhs\n  points: 7\n  parameters:\n    party.members_per_household: {min: 0.05, max: 0.2}\n"
        "    party.detect_prob: {dist: normal, mean: 0.5, sd: 0.2}\n",
        "  type: morris\n  trajectories: 3\n  parameters:\n    party.visits_per_month: {min: 0.5, max: 4, scale: log}\n",
        "  type: list\n  points:\n    - name: x\n      set: {party.visits_per_month: 2}\n    - name: y\n"}) {
    const auto a = load_text("seed: 5\nreplicates: 2\nset:\n  simulation.days: 70\ndesign:\n" + design);
    const fs::path file =
        fs::temp_directory_path() / ("gridgov_sweep_spec_tests_" + std::to_string(::getpid())) / "resolved.yaml";
    std::ofstream(file) << sw::resolved_sweep_yaml(a);
    const auto b = sw::load_sweep(models::experiment_model(), file.string());
    INFO(design);
    CHECK(sw::design_csv(a) == sw::design_csv(b));
    CHECK(b.seed == 5);
    CHECK(b.replicates == 2);
    CHECK(models::spec_of(*b.base).days == 70);
    for (std::size_t i = 0; i < a.points.size(); ++i) CHECK(a.points[i].values == b.points[i].values);
  }
}

TEST_CASE("sweep errors name the sweep file, line and column", "[sweep][design][input]") {
  try {
    load_text("design:\n  type: factorial\n  parameters:\n    party.visits_per_month: {from: 2, to: 1, step: 1}\n");
    FAIL("expected an InputError");
  } catch (const schema::InputError& e) {
    const std::string msg = e.what();
    CHECK(msg.find("sweep.yaml:5:43: key 'design.parameters.party.visits_per_month.to'") != std::string::npos);
  }
  CHECK_THROWS_AS(load_text("design:\n  type: lhs\n  points: 0\n  parameters:\n    party.visits_per_month: {min: 1, max: 2}\n"),
                  schema::InputError);
}
