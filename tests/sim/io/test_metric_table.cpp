// Unit tests of the generic metric table (sim/io/MetricTable.hpp) on a small fake record type:
// the declarations and the exact CSV text of the per-record table and of the distribution over
// records.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/io/MetricTable.hpp"

namespace io = gridgov::io;

namespace {

/// A fake record: a run with one value per item.
struct Run {
  unsigned id = 0;
  std::vector<double> xs;
};

using Table = io::MetricTable<Run>;

std::vector<std::string> names(const io::TableSpec& t) {
  std::vector<std::string> n;
  for (const auto& c : t.columns) n.push_back(c.name);
  return n;
}

Table runs_table() {
  return Table{
      .file = "runs.csv",
      .row = "run and item",
      .keys = {{"run", "", "run number"}, {"item", "", "item number"}},
      .count = [](const Run& r) { return r.xs.size(); },
      .key_cells = [](io::CsvBuilder& b, const Run& r, std::size_t i) { b.cell(r.id).cell(static_cast<unsigned long long>(i)); },
      .metrics = {{{"x", "u", "the value"}, [](const Run& r, std::size_t i) { return r.xs[i]; }},
                  {{"twice", "u", "twice the value"}, [](const Run& r, std::size_t i) { return 2 * r.xs[i]; }}},
      .ci = {.file = "runs_ci.csv",
             .row = "item and metric",
             .keys = {{"item", "", "item number"}},
             .key_cells = [](io::CsvBuilder& b, const Run&, std::size_t i) { b.cell(static_cast<unsigned long long>(i)); },
             .metric = {"metric", "", "metric name"},
             .count_unit = "runs"}};
}

const std::vector<Run> kRuns{{1, {2, 5}}, {2, {2, std::nan("")}}};

}  // namespace

TEST_CASE("a metric table declares its columns from its description", "[csv][metric_table]") {
  const Table t = runs_table();
  const io::TableSpec spec = t.spec();
  CHECK(spec.file == "runs.csv");
  CHECK(spec.row == "run and item");
  CHECK(names(spec) == std::vector<std::string>{"run", "item", "x", "twice"});
  CHECK(spec.columns[2].unit == "u");
  CHECK(spec.columns[3].description == "twice the value");

  const io::TableSpec ci = t.ci_spec();
  CHECK(ci.file == "runs_ci.csv");
  CHECK(ci.row == "item and metric");
  CHECK(names(ci) == std::vector<std::string>{"item", "metric", "n", "mean", "sd", "ci_low", "ci_high", "median", "p10", "p90"});
  CHECK(ci.columns[2].unit == "runs");
  CHECK(ci.columns[2].description == "runs with a value");
}

TEST_CASE("a metric table writes one row per item of each record", "[csv][metric_table]") {
  CHECK(io::metric_csv(runs_table(), kRuns) ==
        "run,item,x,twice\n"
        "1,0,2,4\n"
        "1,1,5,10\n"
        "2,0,2,4\n"
        "2,1,NA,NA\n");
  CHECK(io::metric_csv(runs_table(), std::vector<Run>{}) == "run,item,x,twice\n");
  CHECK(io::metric_csv(runs_table(), std::vector<Run>{{7, {}}}) == "run,item,x,twice\n");  // no items, no rows
}

TEST_CASE("a metric table writes the distribution of each metric over the records", "[csv][metric_table]") {
  // Items of the first record in order, metrics in order within an item; NA values are left out
  // of the summary (n counts the values).
  CHECK(io::metric_ci_csv(runs_table(), kRuns) ==
        "item,metric,n,mean,sd,ci_low,ci_high,median,p10,p90\n"
        "0,x,2,2,0,2,2,2,2,2\n"
        "0,twice,2,4,0,4,4,4,4,4\n"
        "1,x,1,5,NA,NA,NA,5,5,5\n"
        "1,twice,1,10,NA,NA,NA,10,10,10\n");
  CHECK(io::metric_ci_csv(runs_table(), std::vector<Run>{}) == "item,metric,n,mean,sd,ci_low,ci_high,median,p10,p90\n");
}

TEST_CASE("a metric table without a distribution refuses to declare or write one", "[csv][metric_table]") {
  Table t = runs_table();
  t.ci = {};
  CHECK_THROWS_AS(t.ci_spec(), std::logic_error);
  CHECK_THROWS_AS(io::metric_ci_csv(t, kRuns), std::logic_error);
  CHECK(io::metric_csv(t, kRuns).starts_with("run,item,x,twice\n1,0,2,4\n"));
}
