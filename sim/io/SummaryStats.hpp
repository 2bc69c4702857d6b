#pragma once
/// \file
/// The columns of a distribution over replicates and their cells: shared by the per-scenario
/// summaries of a model's run (summary_ci.csv) and the per-point summaries of a sweep.
#include <string>
#include <vector>

#include "analysis/Statistics.hpp"
#include "sim/io/Output.hpp"

namespace gridgov::io {

/// The columns of a distribution over replicates (n, mean, sd, ci_low, ci_high, median, p10,
/// p90; `count_unit` names what n counts) and their cells for one summary.
std::vector<Column> summary_stat_columns(const std::string& count_unit);
void summary_stat_cells(CsvBuilder& b, const analysis::Summary& s);

}  // namespace gridgov::io
