#pragma once
/// \file
/// Output columns over what one replicate measured (ReplicateMetrics): the types a mechanism
/// declares its columns with (models/mechanisms/<name>/Columns.hpp), which
/// models/run/Outputs.cpp assembles into the tables (sim/io/MetricTable.hpp), and the arithmetic
/// their getters share (models::columns).
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "models/lifecycle/Issue.hpp"
#include "models/metrics/Metrics.hpp"
#include "sim/io/MetricTable.hpp"

namespace gridgov::models {

/// A column of summary.csv (one row a replicate): its declaration and its value.
struct Metric {
  io::Column col;
  std::function<double(const ReplicateMetrics&)> get;
};

/// A column of a table with one row per item of a replicate (a day, grid, community or
/// department): its value for item `i`.
using RowMetric = io::MetricColumn<ReplicateMetrics>;

/// A head count, declared once for summary.csv (the district's, a field of ReplicateMetrics)
/// and communities.csv (one community's, the same field of CommunityStats).
struct HeadCount {
  io::Column col;
  std::uint32_t ReplicateMetrics::*district;
  std::uint32_t CommunityStats::*community;

  Metric in_summary() const {
    return {col, [f = district](const ReplicateMetrics& r) { return static_cast<double>(r.*f); }};
  }
  /// communities.csv's column, with its own description where one is given.
  RowMetric in_communities(std::string description = {}) const {
    io::Column c = col;
    if (!description.empty()) c.description = std::move(description);
    return {std::move(c),
            [f = community](const ReplicateMetrics& r, std::size_t i) { return static_cast<double>(r.communities[i].*f); }};
  }
};

namespace columns {

inline double ratio(double a, double b) { return b > 0 ? a / b : std::nan(""); }
inline double u(std::uint64_t x) { return static_cast<double>(x); }
/// `x` over the measured span, per year.
inline double per_year(const ReplicateMetrics& r, double x) { return ratio(x * 8760.0, r.hours); }
/// Complaints (or any count) per 1,000 households per month over `hours`.
inline double per_1000_month(double count, double households, double hours) {
  return ratio(count * 1000.0, households * hours / kHoursPerMonth);
}
inline double per_1000_month(const ReplicateMetrics& r, double count) { return per_1000_month(count, u(r.households), r.hours); }

}  // namespace columns

}  // namespace gridgov::models
