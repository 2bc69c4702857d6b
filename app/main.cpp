// gridgov command-line interface. Exit codes: 0 success, 2 bad input, 1 any other failure.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "analysis/Statistics.hpp"
#include "gridgov/Version.hpp"
#include "models/run/Outputs.hpp"
#include "models/run/Runner.hpp"
#include "models/scenario/ScenarioSpec.hpp"
#include "sim/io/Output.hpp"
#include "sim/schema/InputError.hpp"

namespace {

using namespace gridgov;

struct CommonOptions {
  std::string scenario;
  std::vector<std::string> sets;
  std::string seed, replicates;  ///< passed on as --set, so they are validated like the file
};

void add_common(CLI::App* cmd, CommonOptions& o, bool scenario_required) {
  auto* opt = cmd->add_option("scenario", o.scenario, "Scenario YAML file (default: the built-in default scenario)");
  if (scenario_required) opt->required();
  cmd->add_option("--set", o.sets, "Override a parameter: --set path.to.key=value (repeatable)")->allow_extra_args(false);
  cmd->add_option("--seed", o.seed, "Random seed (same as --set simulation.seed=N)");
  cmd->add_option("--replicates", o.replicates, "Replicates (same as --set simulation.replicates=N)");
}

models::LoadedScenario load(const CommonOptions& o) {
  std::vector<std::string> sets = o.sets;
  if (!o.seed.empty()) sets.push_back("simulation.seed=" + o.seed);
  if (!o.replicates.empty()) sets.push_back("simulation.replicates=" + o.replicates);
  return models::load_scenario(o.scenario, sets);
}

std::string default_out(const std::string& scenario) {
  const std::string stem = scenario.empty() ? "default" : std::filesystem::path(scenario).stem().string();
  return "results/" + stem;
}

void print_summary(const models::RunResult& r, const std::string& out) {
  const auto names = models::summary_metric_names();
  std::vector<std::vector<double>> cols(names.size());
  for (const auto& rep : r.replicates) {
    const auto v = models::summary_values(rep);
    for (std::size_t i = 0; i < v.size(); ++i) cols[i].push_back(v[i]);
  }
  auto show = [&](const char* name, const char* label, double scale, const char* unit) {
    for (std::size_t i = 0; i < names.size(); ++i)
      if (names[i] == name) {
        const auto s = analysis::summarize(cols[i]);
        if (s.n > 1 && std::isfinite(s.ci_low))
          std::printf("  %-34s %10.3f %-8s (95%% CI %.3f .. %.3f)\n", label, s.mean * scale, unit, s.ci_low * scale,
                      s.ci_high * scale);
        else
          std::printf("  %-34s %10.3f %s\n", label, s.mean * scale, unit);
      }
  };
  const auto& first = r.replicates.front();
  std::printf("gridgov %s: %zu replicate(s), %llu households, seed %llu, %.2f s\n", kVersion, r.replicates.size(),
              static_cast<unsigned long long>(first.households), static_cast<unsigned long long>(first.seed), r.wall_seconds);
  show("issues_raised", "issues raised", 1, "");
  show("resolved_share", "resolved", 100, "%");
  show("resolved_within_deadline_share", "resolved within deadline", 100, "%");
  show("time_to_resolve_median_h", "median time to resolve", 1.0 / 24, "days");
  show("time_to_resolve_p90_h", "90th percentile time to resolve", 1.0 / 24, "days");
  show("complaints_per_1000hh_month", "complaints per 1,000 hh per month", 1, "");
  show("found_proactively_share", "found before reported", 100, "%");
  show("satisfaction_mean", "mean satisfaction", 1, "");
  show("grid_worker_utilisation", "grid-worker utilisation", 100, "%");
  std::printf("Results in %s/ (summary.csv, summary_ci.csv, timeseries.csv, grids.csv, dictionary.csv, "
              "scenario.resolved.yaml)\n",
              out.c_str());
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"gridgov: agent-based simulator of party-building-led grid governance"};
  app.set_version_flag("--version", std::string("gridgov ") + kVersion);
  app.require_subcommand(0, 1);

  CommonOptions run_opts;
  std::string out;
  bool force = false, quiet = false;
  int threads = 0;
  auto* run = app.add_subcommand("run", "Run a scenario's replicates and write result CSVs");
  add_common(run, run_opts, false);
  run->add_option("--threads", threads, "Worker threads (default: all cores); results do not depend on it")->check(CLI::Range(1, 4096));
  run->add_option("--out", out, "Output folder (default: results/<scenario name>); refused when it holds files");
  run->add_flag("--force", force, "Write into a non-empty output folder, replacing files of the same name");
  run->add_flag("--quiet", quiet, "No summary on stdout and no progress line");

  CommonOptions val_opts;
  auto* validate = app.add_subcommand("validate", "Check a scenario file and print its resolved form; writes nothing");
  add_common(validate, val_opts, true);
  bool print_resolved = false;
  validate->add_flag("--print", print_resolved, "Print the resolved scenario (every parameter) on stdout");

  bool params_md = false;
  auto* params = app.add_subcommand("params", "List every scenario parameter (type, default, unit, range, source)");
  params->add_flag("--markdown", params_md, "Print docs/parameters.md");
  bool outputs_md = false;
  auto* outputs = app.add_subcommand("outputs", "List every output column (the data dictionary)");
  outputs->add_flag("--markdown", outputs_md, "Print docs/outputs.md");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }

  try {
    const auto& S = models::scenario_schema();
    if (*params) {
      const auto defaults = S.values(models::ScenarioSpec{});
      std::fputs((params_md ? S.markdown(defaults) : S.text(defaults)).c_str(), stdout);
      return 0;
    }
    if (*outputs) {
      if (outputs_md) {
        std::fputs(models::outputs_markdown().c_str(), stdout);
      } else {
        for (const auto* t : models::all_tables())
          for (const auto& c : t->columns) std::printf("%s\t%s\t%s\t%s\n", t->file.c_str(), c.name.c_str(), c.unit.c_str(), c.description.c_str());
      }
      return 0;
    }
    if (*validate) {
      const auto sc = load(val_opts);
      if (print_resolved) std::fputs(S.resolved_yaml(sc.spec, models::resolved_header(sc.spec, sc.source)).c_str(), stdout);
      else std::printf("%s: valid scenario (%lld days, %lld replicate(s), seed %lld)\n", sc.source.c_str(),
                       static_cast<long long>(sc.spec.days), static_cast<long long>(sc.spec.replicates),
                       static_cast<long long>(sc.spec.seed));
      return 0;
    }
    // `gridgov` alone, or `gridgov run`.
    const auto sc = load(run_opts);
    if (out.empty()) out = default_out(run_opts.scenario);
    try {
      io::check_output_dir(out, force);
    } catch (const io::OutputError& e) {
      std::fprintf(stderr, "gridgov: %s\n", e.what());
      return 2;
    }
    models::RunOptions ro;
    ro.threads = threads;
    ro.progress = !quiet;
    const auto result = models::run_scenario(sc.spec, ro);
    io::prepare_output_dir(out, force);
    models::write_run_outputs(out, sc, result);
    if (!quiet) print_summary(result, out);
    return 0;
  } catch (const schema::InputError& e) {
    std::fprintf(stderr, "gridgov: error: %s\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "gridgov: failure: %s\n", e.what());
    return 1;
  }
}
