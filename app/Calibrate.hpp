#pragma once
/// \file
/// The `gridgov calibrate` subcommand: its options (CLI11) and what it runs (models/calibrate).
#include <CLI/CLI.hpp>

#include <memory>
#include <string>

namespace gridgov::app {

/// `gridgov calibrate`, registered on the command line.
class CalibrateCommand {
 public:
  explicit CalibrateCommand(CLI::App& app);
  bool chosen() const { return cmd_->parsed(); }
  /// Run it; returns the exit status. Throws schema::InputError for bad input (exit 2).
  int run() const;

 private:
  struct Options;
  CLI::App* cmd_;
  std::shared_ptr<Options> o_;
};

}  // namespace gridgov::app
