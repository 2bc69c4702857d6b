// `gridgov compare`: scenarios side by side on common random numbers, or every point of a finished
// sweep against a baseline point. The work is in models/compare/Compare.cpp.
#include "app/Compare.hpp"

#include <cstdio>

#include "models/compare/Compare.hpp"
#include "sim/schema/InputError.hpp"

namespace gridgov::app {

struct CompareCommand::Options {
  std::vector<std::string> files, sets;
  std::string seed, replicates, out, sweep_dir, baseline;
  int threads = 0;
  bool force = false, allow_structural = false, all = false, quiet = false;
};

CompareCommand::CompareCommand(CLI::App& app) : o_(std::make_shared<Options>()) {
  cmd_ = app.add_subcommand(
      "compare",
      "Compare scenarios on common random numbers: paired differences with 95% CIs (gridgov compare BASE.yaml ALT.yaml ...), "
      "or every point of a finished sweep against a baseline point (--sweep DIR --baseline POINT)");
  auto& o = *o_;
  cmd_->add_option("scenarios", o.files, "Baseline scenario YAML file, then one or more alternatives");
  cmd_->add_option("--replicates", o.replicates, "Replicates of every scenario (default: the baseline's simulation.replicates)");
  cmd_->add_option("--seed", o.seed, "Random seed of every scenario (default: the baseline's simulation.seed)");
  cmd_->add_option("--set", o.sets, "Override a parameter in every scenario: --set path.to.key=value (repeatable)")
      ->allow_extra_args(false);
  cmd_->add_option("--threads", o.threads, "Worker threads (default: all cores); results do not depend on it")
      ->check(CLI::Range(1, 4096));
  cmd_->add_option("--out", o.out, "Output folder (default: results/compare-<baseline name>); refused when it holds files");
  cmd_->add_flag("--force", o.force, "Write into a non-empty output folder, replacing files of the same name");
  cmd_->add_flag("--allow-structural", o.allow_structural,
                 "Compare scenarios that differ in non-policy settings (geography, seed, horizon, ...); refused otherwise");
  cmd_->add_flag("--all", o.all, "Show every summary metric on the terminal, not only the headline ones");
  cmd_->add_flag("--quiet", o.quiet, "No table on stdout and no progress line");
  cmd_->add_option("--sweep", o.sweep_dir, "A finished sweep's output folder: compare each of its points with --baseline");
  cmd_->add_option("--baseline", o.baseline, "With --sweep: the baseline point (a point id, or a list design's point name)");
}

int CompareCommand::run() const {
  const auto& o = *o_;
  std::string text;
  if (!o.sweep_dir.empty()) {
    if (!o.files.empty())
      throw schema::InputError("gridgov compare --sweep: expected no scenario files (the sweep folder holds the runs)");
    if (o.baseline.empty()) throw schema::InputError("gridgov compare --sweep: expected --baseline POINT (a point id or name)");
    if (!o.sets.empty() || !o.seed.empty() || !o.replicates.empty() || o.allow_structural)
      throw schema::InputError(
          "gridgov compare --sweep: --set, --seed, --replicates and --allow-structural apply to scenario files only");
    text = models::compare::compare_sweep(o.sweep_dir, o.baseline, o.out, o.force, o.all);
  } else {
    if (!o.baseline.empty())
      throw schema::InputError("gridgov compare: --baseline needs --sweep DIR (with scenario files, the first is the baseline)");
    if (o.files.size() < 2)
      throw schema::InputError(
          "gridgov compare: expected BASE.yaml ALT.yaml [ALT2.yaml ...] (the baseline and at least one alternative), or --sweep "
          "DIR --baseline POINT");
    models::compare::CompareOptions co;
    co.files = o.files;
    co.sets = o.sets;
    co.seed = o.seed;
    co.replicates = o.replicates;
    co.out = o.out;
    co.threads = o.threads;
    co.force = o.force;
    co.allow_structural = o.allow_structural;
    co.all = o.all;
    co.progress = !o.quiet;
    text = models::compare::compare_scenarios(co);
  }
  if (!o.quiet) std::fputs(text.c_str(), stdout);
  return 0;
}

}  // namespace gridgov::app
