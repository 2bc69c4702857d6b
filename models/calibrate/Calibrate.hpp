#pragma once
/// \file
/// `gridgov calibrate`: fit free parameters to observed figures with an NLopt derivative-free
/// optimiser on replicate means under common random numbers, crash-safely.
///
/// A calibration folder holds:
///  - calibration.resolved.yaml — written before the first evaluation; --resume requires the same;
///  - trace.csv — the journal: one line per evaluation (the optimiser's, then the local
///    sensitivity's, then the attribution's), appended with a single write as each finishes. The
///    optimiser is deterministic given the values it sees, so --resume replays it from the start,
///    answering each evaluation already in the journal from its line (checking that the optimiser
///    asks for the same parameter values) and running only the rest;
///  - at the end: fitted.yaml (the base scenario at the best evaluation, runnable), parameters.csv,
///    sensitivity.csv, attribution.csv (when mechanisms are named), report.md, dictionary.csv and,
///    written last to mark a finished calibration, targets.csv.
#include <cstdint>
#include <string>
#include <vector>

#include "models/calibrate/CalibSpec.hpp"
#include "sim/io/Output.hpp"

namespace gridgov::models::calibrate {

struct CalibrateOptions {
  std::string out;        ///< empty: results/calibrate-<file stem>
  int threads = 0;        ///< 0 = all cores; results do not depend on it
  bool resume = false;    ///< continue the calibration found in `out`
  bool force = false;     ///< delete a previous calibration's files in `out` and start afresh
  bool progress = false;  ///< one line per evaluation on stderr
};

/// Run (or resume) the calibration; returns the fit report's text for the terminal. Throws
/// schema::InputError for a refused folder or a journal that does not belong to this calibration.
std::string calibrate(const CalibSpec& c, CalibrateOptions o);

/// Declarations of the files a calibration writes (columns of trace.csv depend on the calibration;
/// `c` null gives the placeholders used in docs/outputs.md).
std::vector<io::TableSpec> calibrate_tables(const CalibSpec* c);
/// The calibrate part of docs/outputs.md.
std::string calibrate_outputs_markdown();

}  // namespace gridgov::models::calibrate
