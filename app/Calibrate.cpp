// `gridgov calibrate`: fit free parameters to observed figures (models/calibrate/).
#include "app/Calibrate.hpp"

#include <cstdio>

#include "models/calibrate/CalibSpec.hpp"
#include "models/calibrate/Calibrate.hpp"

namespace gridgov::app {

struct CalibrateCommand::Options {
  std::string file, out;
  int threads = 0;
  bool resume = false, force = false, quiet = false, check = false;
};

CalibrateCommand::CalibrateCommand(CLI::App& app) : o_(std::make_shared<Options>()) {
  cmd_ = app.add_subcommand(
      "calibrate",
      "Fit free parameters to observed figures with an NLopt optimiser on replicate means under common random numbers "
      "(gridgov calibrate CALIB.yaml); resumable, writes the fitted scenario and a fit report");
  auto& o = *o_;
  cmd_->add_option("calibration", o.file, "Calibration YAML file (base scenario, targets, free parameters, optimiser)")
      ->required();
  cmd_->add_option("--out", o.out, "Output folder (default: results/calibrate-<file name>); refused when it holds files");
  cmd_->add_option("--threads", o.threads, "Worker threads (default: all cores); results do not depend on it")
      ->check(CLI::Range(1, 4096));
  cmd_->add_flag("--resume", o.resume, "Continue the calibration in --out from its journal (trace.csv)");
  cmd_->add_flag("--force", o.force, "Delete a previous calibration's files in --out and start afresh");
  cmd_->add_flag("--check", o.check, "Check the calibration file and print its resolved form; writes nothing");
  cmd_->add_flag("--quiet", o.quiet, "No report on stdout and no progress lines");
}

int CalibrateCommand::run() const {
  const auto& o = *o_;
  const auto spec = models::calibrate::load_calibration(o.file);
  if (o.check) {
    std::fputs(models::calibrate::resolved_calibration_yaml(spec).c_str(), stdout);
    return 0;
  }
  models::calibrate::CalibrateOptions co;
  co.out = o.out;
  co.threads = o.threads;
  co.resume = o.resume;
  co.force = o.force;
  co.progress = !o.quiet;
  const std::string text = models::calibrate::calibrate(spec, co);
  if (!o.quiet) std::fputs(text.c_str(), stdout);
  return 0;
}

}  // namespace gridgov::app
