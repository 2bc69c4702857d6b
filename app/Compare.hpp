#pragma once
/// \file
/// The `gridgov compare` subcommand: its options (CLI11) and what it runs (models/compare).
#include <CLI/CLI.hpp>

#include <memory>
#include <string>
#include <vector>

namespace gridgov::app {

/// `gridgov compare`, registered on the command line.
class CompareCommand {
 public:
  /// Adds the subcommand and its options to `app`.
  explicit CompareCommand(CLI::App& app);
  /// True when the command line chose it.
  bool chosen() const { return cmd_->parsed(); }
  /// Run it; returns the exit status. Throws schema::InputError for bad input (exit 2).
  int run() const;

 private:
  struct Options;
  CLI::App* cmd_;
  std::shared_ptr<Options> o_;
};

}  // namespace gridgov::app
