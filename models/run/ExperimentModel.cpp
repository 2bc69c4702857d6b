#include "models/run/ExperimentModel.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <mutex>

#include "models/run/Outputs.hpp"
#include "models/run/Runner.hpp"
#include "models/scenario/FileKeys.hpp"
#include "models/world/World.hpp"

namespace gridgov::models {

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

/// The geography of a run's scenario, built once and shared by the runs whose geography.* keys
/// agree (most sweeps build one; a buildings CSV is then read once, not once per run). Keeps the
/// last 8 built; thread-safe.
std::shared_ptr<const Geography> geography_for(const ScenarioSpec& spec) {
  static std::mutex m;
  static std::vector<std::pair<std::string, std::shared_ptr<const Geography>>> cache;
  const auto& S = scenario_schema();
  std::string key;
  for (std::size_t i = 0; i < S.params().size(); ++i)
    if (S.params()[i].path.rfind("geography.", 0) == 0) key.append(schema::value_yaml(S.get(spec, i))).append("\n");
  {
    const std::lock_guard<std::mutex> lock(m);
    for (const auto& [k, g] : cache)
      if (k == key) return g;
  }
  auto geo = build_geography(spec);  // outside the lock: other runs go on meanwhile
  const std::lock_guard<std::mutex> lock(m);
  if (cache.size() == 8) cache.erase(cache.begin());
  cache.emplace_back(key, geo);
  return geo;
}

class GridgovScenario final : public experiment::Scenario {
 public:
  explicit GridgovScenario(LoadedScenario ls) : ls_(std::move(ls)) {}
  const ScenarioSpec& spec() const { return ls_.spec; }

  schema::Value get(std::size_t index) const override { return scenario_schema().get(ls_.spec, index); }
  std::uint64_t seed() const override { return static_cast<std::uint64_t>(ls_.spec.seed); }
  std::uint32_t replicates() const override { return static_cast<std::uint32_t>(ls_.spec.replicates); }
  std::string resolved_yaml() const override { return scenario_schema().resolved_yaml(ls_.spec, ""); }

  std::unique_ptr<experiment::Scenario> with(const std::vector<std::pair<std::size_t, schema::Value>>& changes,
                                             std::uint64_t seed) const override {
    const auto& S = scenario_schema();
    LoadedScenario p = ls_;
    for (const auto& [index, value] : changes) S.set(p.spec, index, value);
    p.spec.seed = static_cast<std::int64_t>(seed);
    p.spec.replicates = 1;
    p.spec.issue_log = false;
    return std::make_unique<GridgovScenario>(std::move(p));
  }

  void validate(const std::string& source, const schema::Provenance& where) const override {
    LoadedScenario ls = ls_;
    ls.source = source;
    for (const auto& [path, at] : where) ls.where[path] = at;
    models::validate(ls);
  }

  /// geography.buildings_csv when geography.source is csv.
  std::vector<std::string> input_files() const override {
    if (ls_.spec.geo_source == "csv" && !ls_.spec.buildings_csv.empty()) return {ls_.spec.buildings_csv};
    return {};
  }

  std::size_t days() const override { return static_cast<std::size_t>(ls_.spec.days); }

  experiment::RunValues run(std::uint32_t replicate, const std::function<void()>& after_window, bool series) const override {
    const auto geo = geography_for(ls_.spec);
    const ReplicateMetrics m = run_replicate(ls_.spec, *geo, replicate, [&](double) {
      if (after_window) after_window();
    });
    experiment::RunValues v;
    v.metrics = summary_values(m);
    if (series)
      for (std::size_t d = 0; d < m.days.size(); ++d) v.days.push_back(day_values(m, d));
    return v;
  }

  /// Up to 30 simulated days without warm-up or interventions. Building the world is paid once per
  /// run, simulating in proportion to the days.
  experiment::Pilot pilot() const override {
    ScenarioSpec pilot = ls_.spec;
    const double days = static_cast<double>(pilot.days);
    pilot.days = std::min<std::int64_t>(pilot.days, 30);
    pilot.warmup_days = 0;
    pilot.interventions.clear();
    const auto t0 = Clock::now();
    const auto geo = build_geography(pilot);
    World world(pilot, *geo, 0);
    const double build = seconds_since(t0);
    world.run();
    const double simulate = seconds_since(t0) - build;
    const double hh = static_cast<double>(geo->households());
    return {build + simulate * days / static_cast<double>(pilot.days), fmt::format("{}-day", pilot.days),
            fmt::format("{} households", hh)};
  }

 private:
  LoadedScenario ls_;
};

class GridgovModel final : public experiment::Model {
 public:
  const schema::SchemaBase& schema() const override { return scenario_schema(); }
  std::vector<std::string> reserved() const override {
    return {"simulation.seed", "simulation.replicates", "simulation.issue_log"};
  }
  std::unique_ptr<experiment::Scenario> read_base(const YAML::Node& root, const std::string& file,
                                                  std::string& source) const override {
    return std::make_unique<GridgovScenario>(filekeys::read_base(root, file, source));
  }
  /// The summary metrics of summary.csv, in summary_values order.
  std::vector<io::Column> metric_columns() const override {
    std::vector<io::Column> out;
    const auto& summary = summary_table();
    for (const auto& name : summary_metric_names())
      for (const auto& c : summary.columns)
        if (c.name == name) out.push_back(c);
    return out;
  }
  std::vector<io::Column> day_columns() const override { return day_metric_columns(); }
};

}  // namespace

const experiment::Model& experiment_model() {
  static const GridgovModel model;
  return model;
}

const ScenarioSpec& spec_of(const experiment::Scenario& s) { return dynamic_cast<const GridgovScenario&>(s).spec(); }

}  // namespace gridgov::models
