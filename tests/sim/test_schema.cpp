// Unit tests of the scenario schema and loader (sim/schema/Schema.hpp, models/scenario/): --set
// overrides, did-you-mean for unknown keys, the round trip through the resolved YAML, the
// defaults and the parameter table itself.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <array>
#include <atomic>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include "models/scenario/ScenarioSpec.hpp"
#include "sim/schema/InputError.hpp"
#include "sim/schema/Schema.hpp"

namespace {

namespace fs = std::filesystem;
namespace models = gridgov::models;
namespace schema = gridgov::schema;

std::string small_yaml() { return std::string(GRIDGOV_SOURCE_DIR) + "/tests/data/small.yaml"; }

/// A temporary folder unique to this process and call, removed at the end of the scope.
struct TempFolder {
  fs::path path;
  TempFolder() {
    static std::atomic<unsigned> n{0};
    path = fs::temp_directory_path() / ("gridgov_schema_test_" + std::to_string(::getpid()) + "_" + std::to_string(n++));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempFolder() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  std::string write(const std::string& name, const std::string& text) const {
    const fs::path p = path / name;
    std::ofstream(p, std::ios::binary) << text;
    return p.string();
  }
};

/// Every parameter's value as YAML text, by path.
std::vector<std::pair<std::string, std::string>> value_texts(const models::ScenarioSpec& spec) {
  const auto& S = models::scenario_schema();
  const auto values = S.values(spec);
  std::vector<std::pair<std::string, std::string>> out;
  for (std::size_t i = 0; i < values.size(); ++i) out.emplace_back(S.params()[i].path, schema::value_yaml(values[i]));
  return out;
}

/// Check that two specs hold the same value for every parameter, naming the first that differs.
void check_same_values(const models::ScenarioSpec& a, const models::ScenarioSpec& b) {
  const auto va = value_texts(a), vb = value_texts(b);
  REQUIRE(va.size() == vb.size());
  for (std::size_t i = 0; i < va.size(); ++i) {
    INFO("parameter " << va[i].first);
    CHECK(va[i].second == vb[i].second);
  }
}

/// Interventions as comparable text.
std::vector<std::string> intervention_texts(const models::ScenarioSpec& spec) {
  const auto& S = models::scenario_schema();
  std::vector<std::string> out;
  for (const auto& iv : spec.interventions) {
    std::string t = schema::value_yaml(schema::Value(iv.day)) + "|" + iv.label;
    for (const auto& [idx, v] : iv.changes) t += "|" + S.params()[idx].path + "=" + schema::value_yaml(v);
    out.push_back(t);
  }
  return out;
}

/// Write the resolved YAML of `spec`, load it back and compare.
models::LoadedScenario round_trip(const models::ScenarioSpec& spec, const TempFolder& tmp) {
  const auto& S = models::scenario_schema();
  const std::string text = S.resolved_yaml(spec, "# round-trip test\n");
  const std::string file = tmp.write("resolved.yaml", text);
  const auto back = models::load_scenario(file, {});
  check_same_values(spec, back.spec);
  CHECK(intervention_texts(back.spec) == intervention_texts(spec));
  // Resolving again gives the same text.
  CHECK(S.resolved_yaml(back.spec, "# round-trip test\n") == text);
  return back;
}

}  // namespace

TEST_CASE("schema: the defaults load", "[unit][schema]") {
  const auto& S = models::scenario_schema();
  const models::ScenarioSpec defaults{};
  TempFolder tmp;

  SECTION("an explicit empty mapping gives the defaults of ScenarioSpec") {
    for (const std::string text : {"{}\n", "# every default\n{}\n", "---\n{}\n"}) {
      const auto sc = models::load_scenario(tmp.write("empty.yaml", text), {});
      check_same_values(sc.spec, defaults);
      CHECK(sc.spec.interventions.empty());
      CHECK(sc.where.empty());
    }
  }
  SECTION("an empty file or one of comments only is refused (probably the wrong file)") {
    for (const std::string text : {"", "# nothing but a comment\n", "---\n", "\n\n  \n"}) {
      INFO("text: " << text);
      REQUIRE_THROWS_AS(models::load_scenario(tmp.write("empty.yaml", text), {}), schema::InputError);
      REQUIRE_THROWS_WITH(models::load_scenario(tmp.write("empty.yaml", text), {}), Catch::Contains("the scenario is empty"));
    }
  }
  SECTION("the built-in default scenario loads with its documented values") {
    const auto sc = models::load_scenario("", {});
    CHECK(sc.source == "<default scenario>");
    CHECK(sc.spec.seed == 20260101);
    CHECK(sc.spec.days == 365);
    CHECK(sc.spec.warmup_days == 30);
    CHECK(sc.spec.replicates == 5);
    CHECK(sc.spec.communities == 4);
    CHECK(sc.spec.firms.review_enabled);
    CHECK(sc.spec.firms.review_start_day == 180);
    // Keys it does not write keep the defaults.
    CHECK(sc.spec.grid.patrol_detect_prob == defaults.grid.patrol_detect_prob);
    CHECK(schema::value_yaml(S.get(sc.spec, static_cast<std::size_t>(S.find("grid.service_time")))) ==
          schema::value_yaml(S.get(defaults, static_cast<std::size_t>(S.find("grid.service_time")))));
  }
  SECTION("every default is within its declared range and choices") {
    const auto values = S.values(defaults);
    for (std::size_t i = 0; i < values.size(); ++i) {
      INFO("parameter " << S.params()[i].path << " default " << schema::value_yaml(values[i]));
      CHECK_NOTHROW(schema::check_value(S.params()[i], values[i], schema::Location{"defaults", 0, 0}));
    }
    CHECK_NOTHROW(models::validate(models::LoadedScenario{defaults, {}, "defaults"}));
  }
}

TEST_CASE("schema: --set overrides apply in order and win over the file", "[unit][schema]") {
  const auto file = models::load_scenario(small_yaml(), {});
  const auto sc =
      models::load_scenario(small_yaml(), {"simulation.seed=9", "party.visits_per_month=3", "simulation.days=50",
                                           "simulation.days=60", "party.enabled=false", "hotline.dispatch_to=department",
                                           "grid.service_time={dist: exponential, mean: 5, unit: hours}"});
  CHECK(file.spec.seed == 424242);
  CHECK(sc.spec.seed == 9);
  CHECK(sc.spec.party.member_visits_per_month == 3.0);
  CHECK(sc.spec.days == 60);  // the later --set wins
  CHECK(!sc.spec.party.party_enabled);
  CHECK(sc.spec.hotline.dispatch_to == "department");
  CHECK(sc.spec.grid.grid_service_time == schema::DistSpec::exponential(5, "hours"));
  CHECK(sc.spec.communities == file.spec.communities);  // untouched keys keep the file's values
  CHECK(sc.spec.interventions.size() == file.spec.interventions.size());
  // Provenance: overridden keys come from --set, the others from the file.
  REQUIRE(sc.where.count("simulation.days"));
  CHECK(sc.where.at("simulation.days").file.rfind("--set", 0) == 0);
  REQUIRE(sc.where.count("geography.communities"));
  CHECK(sc.where.at("geography.communities").file == small_yaml());
  CHECK(sc.where.at("geography.communities").line > 0);
  // --set also applies to the built-in default scenario.
  CHECK(models::load_scenario("", {"simulation.replicates=2"}).spec.replicates == 2);
}

TEST_CASE("schema: bad --set assignments throw InputError", "[unit][schema]") {
  using Catch::Contains;
  SECTION("an unknown key, with a did-you-mean suggestion") {
    REQUIRE_THROWS_AS(models::load_scenario(small_yaml(), {"party.visits_per_mnth=2"}), schema::InputError);
    REQUIRE_THROWS_WITH(models::load_scenario(small_yaml(), {"party.visits_per_mnth=2"}),
                        Contains("unknown key 'party.visits_per_mnth'") && Contains("did you mean 'party.visits_per_month'"));
    REQUIRE_THROWS_WITH(models::load_scenario("", {"simulation.replicate=2"}), Contains("did you mean 'simulation.replicates'"));
  }
  SECTION("a section instead of a key") {
    REQUIRE_THROWS_WITH(models::load_scenario("", {"party=1"}), Contains("unknown key 'party'"));
  }
  SECTION("a value of the wrong type or out of range") {
    REQUIRE_THROWS_WITH(models::load_scenario("", {"simulation.days=ten"}),
                        Contains("key 'simulation.days'") && Contains("expected an integer"));
    REQUIRE_THROWS_WITH(models::load_scenario("", {"party.detect_prob=1.5"}),
                        Contains("key 'party.detect_prob'") && Contains("expected a number >= 0 and <= 1"));
  }
  SECTION("no '='") {
    REQUIRE_THROWS_WITH(models::load_scenario("", {"simulation.days"}), Contains("expected --set path.to.key=value"));
  }
  SECTION("a value that contradicts another one") {
    REQUIRE_THROWS_WITH(models::load_scenario("", {"simulation.warmup_days=400"}),
                        Contains("key 'simulation.warmup_days'") && Contains("expected fewer than simulation.days (365)"));
  }
}

TEST_CASE("schema: the resolved YAML loads back to the same values", "[unit][schema]") {
  TempFolder tmp;
  SECTION("defaults") { round_trip(models::ScenarioSpec{}, tmp); }
  SECTION("the built-in default scenario") { round_trip(models::load_scenario("", {}).spec, tmp); }
  SECTION("small.yaml, with its intervention") {
    const auto sc = models::load_scenario(small_yaml(), {});
    REQUIRE(!sc.spec.interventions.empty());
    round_trip(sc.spec, tmp);
  }
  SECTION("many non-default values: every kind of distribution, awkward reals, strings and several interventions") {
    const std::string yaml = tmp.write("custom.yaml", R"(simulation:
  seed: 8999999999999999
  days: 400
  warmup_days: 17
  window_hours: 7.3
households:
  report_delay: {dist: empirical, values: [0.5, 1, 7.25], weights: [0.2, 0.3, 0.5], interpolate: true, unit: days}
  patience: {dist: gamma, mean: 0.1, sd: 0.30000000000000004, unit: weeks}
  propensity_sd: 1e-7
party:
  members_per_household: 0.123456789012345678
  orders:
    time: {dist: uniform, min: 30, max: 90, unit: minutes}
grid:
  service_time: 2.5
  followup_delay: {dist: exponential, mean: 1, unit: years}
issues:
  repair:
    handler: grid
    department: fire
    rate_per_household_year: 3.3333333333333335
hotline:
  dispatch_to: department
interventions:
  - day: 365
    set:
      firms.review.enabled: true
  - day: 12.5
    label: "visits: more \"often\" \\ now"
    set:
      party.visits_per_month: 2
      grid.service_time: {dist: lognormal, mean: 4, sd: 1, unit: hours}
)");
    const auto sc = models::load_scenario(yaml, {});
    CHECK(sc.spec.interventions.size() == 2);
    CHECK(sc.spec.interventions[1].label == "visits: more \"often\" \\ now");
    const auto back = round_trip(sc.spec, tmp);
    CHECK(back.spec.party.member_visits_per_month == sc.spec.party.member_visits_per_month);
    CHECK(back.spec.households.report_delay == sc.spec.households.report_delay);
    CHECK(back.spec.households.patience == sc.spec.households.patience);
  }
}

TEST_CASE("schema: the parameter table", "[unit][schema]") {
  const auto& S = models::scenario_schema();
  const auto& params = S.params();
  REQUIRE(params.size() > 100);
  std::set<std::string> paths;
  for (std::size_t i = 0; i < params.size(); ++i) {
    const auto& p = params[i];
    INFO("parameter " << p.path);
    CHECK(!p.path.empty());
    CHECK(paths.insert(p.path).second);  // no duplicate paths
    CHECK(!p.description.empty());
    CHECK(S.find(p.path) == static_cast<long>(i));
    CHECK(!S.is_section(p.path));  // a path is either a parameter or a section, never both
    CHECK(p.min <= p.max);
    if (!p.choices.empty()) CHECK(p.kind == schema::Kind::String);
  }
  // Every section holds at least one parameter.
  for (const auto& p : params)
    for (std::size_t dot = p.path.find('.'); dot != std::string::npos; dot = p.path.find('.', dot + 1))
      CHECK(S.is_section(p.path.substr(0, dot)));
  // The generated parameter docs list every path once.
  const std::string md = S.markdown(S.values(models::ScenarioSpec{}));
  for (const auto& p : params) {
    INFO("parameter " << p.path);
    CHECK(md.find("| `" + p.path + "` |") != std::string::npos);
  }
}

TEST_CASE("did_you_mean: the closest candidate within two edits, the first of equals, or nothing", "[unit][schema]") {
  using gridgov::schema::did_you_mean;
  const std::vector<std::string> words{"periodic", "poisson"};
  CHECK(did_you_mean("periodik", words) == " (did you mean 'periodic'?)");
  CHECK(did_you_mean("poison", words) == " (did you mean 'poisson'?)");
  CHECK(did_you_mean("weekly", words).empty());  // more than two edits from every candidate
  const std::set<std::string> keys{"mean", "sd", "unit"};
  CHECK(did_you_mean("sdd", keys) == " (did you mean 'sd'?)");
  const std::array<const char*, 2> ties{"ab", "ba"};
  CHECK(did_you_mean("aa", ties) == " (did you mean 'ab'?)");  // equal distances: the first wins
}
