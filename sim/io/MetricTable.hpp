#pragma once
/// \file
/// A metric table over records of any type `R` (one record a replicate, say): one description
/// gives its declarations (the TableSpec of the data dictionary) and its CSV text, so that the
/// columns cannot drift from what is written. Two forms share the description:
/// - the per-record table: for each record, one row per item `i < count(record)` (a day, a grid;
///   one item when the record is the row) with `key_cells(record, i)` and each metric's value;
/// - the distribution over records (the `ci` variant): for each item of the first record and each
///   metric, one row with `ci.key_cells(first, i)`, the metric's name and the summary of its
///   values over the records (summary_stat_columns, summary_stat_cells).
#include <cstddef>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "analysis/Statistics.hpp"
#include "sim/io/Output.hpp"
#include "sim/io/SummaryStats.hpp"

namespace gridgov::io {

/// One metric column: its declaration and its value for item `i` of a record.
template <class R>
struct MetricColumn {
  Column col;
  std::function<double(const R&, std::size_t)> get;
};

template <class R>
struct MetricTable {
  /// Writes the key cells of item `i` of a record.
  using KeyCells = std::function<void(CsvBuilder&, const R&, std::size_t)>;

  /// The distribution-over-records variant; none when `file` is empty.
  struct Ci {
    std::string file, row;
    std::vector<Column> keys;  ///< before the metric column and the statistics
    KeyCells key_cells;        ///< of item `i`, taken from the first record
    Column metric;             ///< the column naming the metric
    std::string count_unit;    ///< what the statistics' n counts
  };

  std::string file, row;  ///< TableSpec::file and TableSpec::row
  std::vector<Column> keys;
  std::function<std::size_t(const R&)> count;  ///< items of a record
  KeyCells key_cells;
  std::vector<MetricColumn<R>> metrics;
  Ci ci;

  /// The per-record table's declaration: the keys, then the metrics.
  TableSpec spec() const {
    TableSpec t{file, row, keys};
    for (const auto& m : metrics) t.columns.push_back(m.col);
    return t;
  }
  /// The distribution's declaration: its keys, the metric column, the statistics.
  TableSpec ci_spec() const {
    if (ci.file.empty()) throw std::logic_error(file + " has no distribution over records");
    TableSpec t{ci.file, ci.row, ci.keys};
    t.columns.push_back(ci.metric);
    const auto stats = summary_stat_columns(ci.count_unit);
    t.columns.insert(t.columns.end(), stats.begin(), stats.end());
    return t;
  }
};

/// The per-record table's CSV text: records in order, items in order.
template <class R>
std::string metric_csv(const MetricTable<R>& t, const std::vector<R>& records) {
  const TableSpec spec = t.spec();
  CsvBuilder b(spec);
  for (const R& r : records)
    for (std::size_t i = 0, n = t.count(r); i < n; ++i) {
      t.key_cells(b, r, i);
      for (const auto& m : t.metrics) b.cell(m.get(r, i));
      b.end_row();
    }
  return b.text();
}

/// The distribution's CSV text: items of the first record in order, metrics in order within an
/// item (only the header when there is no record).
template <class R>
std::string metric_ci_csv(const MetricTable<R>& t, const std::vector<R>& records) {
  const TableSpec spec = t.ci_spec();
  CsvBuilder b(spec);
  if (records.empty()) return b.text();
  std::vector<double> values(records.size());
  for (std::size_t i = 0, n = t.count(records.front()); i < n; ++i)
    for (const auto& m : t.metrics) {
      for (std::size_t k = 0; k < records.size(); ++k) values[k] = m.get(records[k], i);
      t.ci.key_cells(b, records.front(), i);
      b.cell(m.col.name);
      summary_stat_cells(b, analysis::summarize(values));
      b.end_row();
    }
  return b.text();
}

}  // namespace gridgov::io
