#include "sim/io/SummaryStats.hpp"

namespace gridgov::io {

std::vector<Column> summary_stat_columns(const std::string& count_unit) {
  return {
      {"n", count_unit, count_unit + " with a value"},
      {"mean", "metric's unit", "mean over " + count_unit},
      {"sd", "metric's unit", "sample standard deviation over " + count_unit + " (n - 1)"},
      {"ci_low", "metric's unit", "lower bound of the 95% confidence interval of the mean (Student t, n - 1 degrees of freedom)"},
      {"ci_high", "metric's unit", "upper bound of the same"},
      {"median", "metric's unit", "median over " + count_unit},
      {"p10", "metric's unit", "10th percentile over " + count_unit + " (type 7)"},
      {"p90", "metric's unit", "90th percentile over " + count_unit + " (type 7)"}};
}

void summary_stat_cells(CsvBuilder& b, const analysis::Summary& s) {
  b.cell(static_cast<unsigned long long>(s.n))
      .cell(s.mean)
      .cell(s.sd)
      .cell(s.ci_low)
      .cell(s.ci_high)
      .cell(s.median)
      .cell(s.p10)
      .cell(s.p90);
}

}  // namespace gridgov::io
