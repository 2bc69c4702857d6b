// The experiment machinery (sim/experiment/) with a model that is not gridgov's: a linear function
// of two parameters, y = 2 x1 + x2, implementing sim/experiment/Model.hpp in a few lines. Sweeps
// run through the real folder, journals, oneTBB executor and summaries, and give the known answers
// (point means equal to the function, Sobol' indices 0.8 and 0.2 for x1, x2 uniform on [0, 1]).
#include <catch2/catch.hpp>

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "sim/experiment/Model.hpp"
#include "sim/experiment/SweepRun.hpp"
#include "sim/experiment/SweepSpec.hpp"
#include "sim/io/Csv.hpp"
#include "sim/schema/FileKeys.hpp"

namespace {

namespace fs = std::filesystem;
namespace ex = gridgov::experiment;
namespace schema = gridgov::schema;

struct LinearSpec {
  double x1 = 0.5, x2 = 0.5;
  std::vector<schema::Intervention> interventions;
};

const schema::Schema<LinearSpec>& linear_schema() {
  static const schema::Schema<LinearSpec> s = [] {
    schema::Schema<LinearSpec> t;
    for (const char* name : {"x1", "x2"}) {
      schema::ParamInfo p;
      p.path = name;
      p.kind = schema::Kind::Real;
      p.min = 0;
      p.max = 1;
      p.description = "an input of the linear model";
      const bool first = std::string(name) == "x1";
      t.add(p, [first](LinearSpec& spec) -> double& { return first ? spec.x1 : spec.x2; });
    }
    return t;
  }();
  return s;
}

constexpr std::size_t kDays = 3;

class LinearScenario final : public ex::Scenario {
 public:
  explicit LinearScenario(LinearSpec spec) : spec_(std::move(spec)) {}
  schema::Value get(std::size_t index) const override { return linear_schema().get(spec_, index); }
  std::uint64_t seed() const override { return 1; }
  std::uint32_t replicates() const override { return 1; }
  std::string resolved_yaml() const override { return linear_schema().resolved_yaml(spec_, ""); }
  std::unique_ptr<ex::Scenario> with(const std::vector<std::pair<std::size_t, schema::Value>>& changes,
                                     std::uint64_t) const override {
    LinearSpec p = spec_;
    for (const auto& [i, v] : changes) linear_schema().set(p, i, v);
    return std::make_unique<LinearScenario>(p);
  }
  void validate(const std::string&, const schema::Provenance&) const override {}
  std::vector<std::string> input_files() const override { return {}; }
  std::size_t days() const override { return kDays; }
  ex::RunValues run(std::uint32_t, const std::function<void()>& after_window, bool series) const override {
    if (after_window) after_window();
    const double y = 2 * spec_.x1 + spec_.x2;
    ex::RunValues v{{y}, {}};
    if (series)
      for (std::size_t d = 0; d < kDays; ++d) v.days.push_back({y * static_cast<double>(d)});
    return v;
  }
  ex::Pilot pilot() const override { return {1e-6, "1-step", "2 inputs"}; }

 private:
  LinearSpec spec_;
};

class LinearModel final : public ex::Model {
 public:
  const schema::SchemaBase& schema() const override { return linear_schema(); }
  std::vector<std::string> reserved() const override { return {}; }
  std::unique_ptr<ex::Scenario> read_base(const YAML::Node& root, const std::string& file, std::string& source) const override {
    LinearSpec spec;
    source = "<default>";
    if (const YAML::Node base = root["base"]; base && base.IsMap()) {
      linear_schema().apply_yaml(spec, base, file, nullptr);
      source = "inline";
    }
    if (const YAML::Node set = root["set"]; set && set.IsMap()) linear_schema().apply_yaml(spec, set, file, nullptr);
    return std::make_unique<LinearScenario>(spec);
  }
  std::vector<gridgov::io::Column> metric_columns() const override { return {{"y", "", "2 x1 + x2"}}; }
  std::vector<gridgov::io::Column> day_columns() const override { return {{"y_day", "", "y times the day"}}; }
};

/// A temporary folder unique to this process and call, removed at the end of the scope.
struct TempFolder {
  fs::path path;
  TempFolder() {
    static std::atomic<unsigned> n{0};
    path = fs::temp_directory_path() / ("gridgov_fake_model_test_" + std::to_string(::getpid()) + "_" + std::to_string(n++));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempFolder() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

/// Run a sweep file's text with the linear model into `dir`/out; returns the output folder.
std::string run_sweep(const LinearModel& model, const TempFolder& dir, const std::string& text) {
  const std::string file = (dir.path / "sweep.yaml").string();
  std::ofstream(file) << text;
  const ex::SweepSpec s = ex::load_sweep(model, file);
  ex::SweepOptions o;
  o.threads = 2;
  const std::string out = (dir.path / "out").string();
  ex::SweepFolder folder(out, s, o, ex::OpenMode::Fresh);
  CHECK(ex::run_local(folder, s, o) == 0);
  CHECK(folder.notes().refused.empty());
  return out;
}

/// A CSV file as rows of cells keyed by column name.
std::vector<std::map<std::string, std::string>> read_csv(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  const auto header = gridgov::io::split_csv_line(line);
  std::vector<std::map<std::string, std::string>> rows;
  while (std::getline(in, line)) {
    const auto cells = gridgov::io::split_csv_line(line);
    REQUIRE(cells.size() == header.size());
    std::map<std::string, std::string> row;
    for (std::size_t i = 0; i < cells.size(); ++i) row[header[i]] = cells[i];
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace

TEST_CASE("the sweep machinery runs a model that is not gridgov's: factorial means", "[sweep][experiment]") {
  const LinearModel model;
  const TempFolder dir;
  const std::string out = run_sweep(model, dir,
                                    "seed: 3\nreplicates: 2\ntimeseries: true\ndesign:\n  type: factorial\n  parameters:\n"
                                    "    x1: [0, 0.5, 1]\n    x2: [0.25, 0.75]\n");
  const auto points = read_csv(out + "/points.csv");
  REQUIRE(points.size() == 6);
  for (const auto& p : points) {
    CHECK(p.at("metric") == "y");
    CHECK(p.at("runs_ok") == "2");
    CHECK(std::stod(p.at("mean")) == Approx(2 * std::stod(p.at("x1")) + std::stod(p.at("x2"))));
  }
  CHECK(read_csv(out + "/runs.csv").size() == 12);
  CHECK(read_csv(out + "/point_timeseries.csv").size() == 6 * kDays);
  CHECK(read_csv(out + "/errors.csv").empty());
  // The resolved sweep reloads to the same design.
  const ex::SweepSpec again = ex::load_sweep(model, out + "/sweep.resolved.yaml");
  CHECK(again.points.size() == 6);
}

TEST_CASE("the sweep machinery's Sobol' indices of a linear model are the known ones", "[sweep][experiment]") {
  const LinearModel model;
  const TempFolder dir;
  const std::string out = run_sweep(model, dir,
                                    "seed: 5\ndesign:\n  type: sobol\n  base_samples: 512\n  parameters:\n"
                                    "    x1: {min: 0, max: 1}\n    x2: {min: 0, max: 1}\n");
  // Var(2 x1) = 4/12, Var(x2) = 1/12: S1 = ST = 0.8 for x1 and 0.2 for x2 (no interactions).
  const std::map<std::string, double> want{{"x1", 0.8}, {"x2", 0.2}};
  const auto rows = read_csv(out + "/sensitivity.csv");
  REQUIRE(rows.size() == 4);
  for (const auto& r : rows) {
    INFO(r.at("parameter") << " " << r.at("index") << " " << r.at("value"));
    CHECK(std::stod(r.at("value")) == Approx(want.at(r.at("parameter"))).margin(0.1));
  }
}
