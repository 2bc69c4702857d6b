// gridgov command-line interface (cli_main; the executable is app/main.cpp). Exit codes: 0 success, 2 bad input, 1 any other
// failure.
#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <memory>
#include <new>

#include "analysis/Statistics.hpp"
#include "app/Calibrate.hpp"
#include "app/Cli.hpp"
#include "app/Compare.hpp"
#include "app/SweepMpi.hpp"
#include "gridgov/Version.hpp"
#include "models/calibrate/Calibrate.hpp"
#include "models/compare/Compare.hpp"
#include "models/run/ExperimentModel.hpp"
#include "models/run/Outputs.hpp"
#include "models/run/Runner.hpp"
#include "models/scenario/Resources.hpp"
#include "models/scenario/ScenarioSpec.hpp"
#include "sim/experiment/SweepRun.hpp"
#include "sim/experiment/SweepSpec.hpp"
#include "sim/io/Output.hpp"
#include "sim/io/ResultDir.hpp"
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
  std::vector<models::OptionOverride> options;
  if (!o.seed.empty()) options.push_back({"--seed", "simulation.seed=" + o.seed});
  if (!o.replicates.empty()) options.push_back({"--replicates", "simulation.replicates=" + o.replicates});
  return models::load_scenario(o.scenario, o.sets, options);
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
  std::printf(
      "Results in %s/ (summary.csv, summary_ci.csv, timeseries.csv, grids.csv, buildings.csv, dictionary.csv, "
      "scenario.resolved.yaml)\n",
      out.c_str());
}

/// The parameter that the sweep output docs name as an example of a parameter column.
constexpr const char* kSweepDocsExample = "party.members_per_household";

/// Print what a sweep's summaries reported; a refused sensitivity analysis gives exit status 1.
int report_notes(const char* who, const experiment::SummaryNotes& notes) {
  if (!notes.note.empty()) std::fprintf(stderr, "%s: note: %s\n", who, notes.note.c_str());
  if (notes.refused.empty()) return 0;
  std::fprintf(stderr, "%s: error: %s\n", who, notes.refused.c_str());
  return 1;
}

/// The report generator: next to the executable (an install's share/gridgov, or analysis/ in the
/// build folder), else in the source tree the executable was built from.
std::string find_report_script() {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  std::vector<fs::path> candidates;
  if (!ec) {
    candidates.push_back(exe.parent_path() / "analysis" / "report.py");
    candidates.push_back(exe.parent_path().parent_path() / "share" / "gridgov" / "report.py");
  }
#ifdef GRIDGOV_SOURCE_DIR
  candidates.push_back(fs::path(GRIDGOV_SOURCE_DIR) / "analysis" / "report.py");
#endif
  for (const auto& c : candidates)
    if (fs::is_regular_file(c, ec)) return c.string();
  std::string tried;
  for (const auto& c : candidates) tried += "\n  " + c.string();
  throw std::runtime_error("cannot find analysis/report.py; looked in:" + tried);
}

/// Run `/usr/bin/python3 report.py ARGS --default-scenario -` with the resolved default
/// scenario on its standard input; return its exit status (1 when it died of a signal).
int run_report(const std::vector<std::string>& args) {
  static const char* kPython = "/usr/bin/python3";
  if (::access(kPython, X_OK) != 0)
    throw std::runtime_error(std::string(kPython) +
                             " not found: gridgov report needs Debian's python3 with pandas and "
                             "matplotlib (bash scripts/setup.sh installs them)");
  const std::string script = find_report_script();
  const auto def = models::load_scenario("", {});
  const std::string yaml = models::scenario_schema().resolved_yaml(def.spec, models::resolved_header(def.spec, def.source));
  std::vector<std::string> argv_s{kPython, script};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  argv_s.push_back("--default-scenario");
  argv_s.push_back("-");
  std::vector<char*> argv_c;
  for (auto& a : argv_s) argv_c.push_back(a.data());
  argv_c.push_back(nullptr);
  int fds[2];
  if (::pipe(fds) != 0) throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
  std::fflush(nullptr);
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
  if (pid == 0) {
    ::dup2(fds[0], 0);
    ::close(fds[0]);
    ::close(fds[1]);
    ::execv(kPython, argv_c.data());
    std::fprintf(stderr, "gridgov: failure: cannot run %s: %s\n", kPython, std::strerror(errno));
    ::_exit(1);
  }
  ::close(fds[0]);
  // The script may exit before reading everything (bad input): a broken pipe is not an error here.
  const auto old = std::signal(SIGPIPE, SIG_IGN);
  for (std::size_t done = 0; done < yaml.size();) {
    const ssize_t n = ::write(fds[1], yaml.data() + done, yaml.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    done += static_cast<std::size_t>(n);
  }
  ::close(fds[1]);
  std::signal(SIGPIPE, old);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) throw std::runtime_error(std::string("waitpid: ") + std::strerror(errno));
  return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

}  // namespace

namespace gridgov::app {
int cli_main(int argc, char** argv) {
  CLI::App app{"gridgov: agent-based simulator of party-building-led grid governance"};
  app.set_version_flag("--version", std::string("gridgov ") + kVersion);
  app.require_subcommand(0, 1);

  CommonOptions run_opts;
  std::string out;
  bool force = false, quiet = false;
  int threads = 0;
  auto* run = app.add_subcommand("run", "Run a scenario's replicates and write result CSVs");
  add_common(run, run_opts, false);
  run->add_option("--threads", threads, "Worker threads (default: all cores); results do not depend on it")
      ->check(CLI::Range(1, 4096));
  run->add_option("--out", out, "Output folder (default: results/<scenario name>); refused when it holds files");
  run->add_flag("--force", force, "Write into a non-empty output folder, replacing files of the same name");
  run->add_flag("--quiet", quiet, "No summary on stdout and no progress line");
  std::string max_memory;
  run->add_option(
      "--max-memory", max_memory,
      "Refuse a run whose estimated memory exceeds this (e.g. 2G, 500M); the machine's available memory always applies");

  CommonOptions val_opts;
  auto* validate = app.add_subcommand("validate", "Check a scenario file and print its resolved form; writes nothing");
  add_common(validate, val_opts, true);
  bool print_resolved = false;
  validate->add_flag("--print", print_resolved, "Print the resolved scenario (every parameter) on stdout");
  int val_threads = 0;
  std::string val_max_memory;
  validate->add_option("--threads", val_threads, "As for run: replicates simulated at once, for the memory estimate")
      ->check(CLI::Range(1, 4096));
  validate->add_option("--max-memory", val_max_memory, "As for run: refuse a scenario whose estimated memory exceeds this");

  bool params_md = false;
  auto* params = app.add_subcommand("params", "List every scenario parameter (type, default, unit, range, source)");
  params->add_flag("--markdown", params_md, "Print docs/parameters.md");
  bool outputs_md = false;
  auto* outputs = app.add_subcommand("outputs", "List every output column (the data dictionary)");
  outputs->add_flag("--markdown", outputs_md, "Print docs/outputs.md");

  std::string sweep_file, sweep_out, shard_text;
  int sweep_threads = 0, retry = 0;
  double run_timeout = 0;
  bool plan = false, resume = false, sweep_force = false, use_mpi = false, sweep_quiet = false;
  std::size_t plan_rows = 20;
  auto* sweep = app.add_subcommand("sweep", "Run a parameter sweep (designs, replicates, CIs); crash-safe and resumable");
  sweep->add_option("sweep", sweep_file, "Sweep YAML file (see docs/sweeps.md)")->required();
  sweep->add_option("--out", sweep_out, "Output folder (default: results/<sweep name>)");
  sweep
      ->add_option("--threads", sweep_threads,
                   "Worker threads (default: all cores; under --mpi: 1 per rank); results do not depend on it")
      ->check(CLI::Range(1, 4096));
  sweep->add_flag("--plan", plan, "Print the run count, estimated time and memory and the design matrix; run nothing");
  sweep->add_option("--plan-rows", plan_rows, "Design rows shown by --plan (default 20)");
  sweep->add_flag("--resume", resume,
                  "Continue the sweep in --out (after a kill or a crash); starts it when the folder is empty");
  sweep->add_flag("--force", sweep_force, "Delete the sweep files in --out and start over");
  sweep->add_option("--run-timeout", run_timeout, "Abandon a run after this many wall seconds (status timeout); 0 = no limit")
      ->check(CLI::Range(0.0, 1e9));
  sweep->add_option("--retry", retry, "Attempts again a failed or timed-out run up to N times")->check(CLI::Range(0, 100));
  sweep->add_option("--shard", shard_text,
                    "Run only shard i of N (run ids with id % N == i), e.g. --shard 0/8; merge with gridgov collect");
  sweep->add_flag("--mpi", use_mpi, "Run under mpirun: rank 0 writes, the other ranks run runs handed out dynamically");
  sweep->add_flag("--quiet", sweep_quiet, "No summary and no progress bar");

  std::string collect_out;
  std::vector<std::string> collect_dirs;
  bool collect_force = false;
  auto* collect =
      app.add_subcommand("collect", "Merge complete shard folders (gridgov sweep --shard i/N) into one sweep's files");
  collect->add_option("shards", collect_dirs, "Shard folders")->required();
  collect->add_option("--out", collect_out, "Output folder")->required();
  collect->add_flag("--force", collect_force, "Replace the sweep files in a non-empty --out");

  const app::CompareCommand compare(app);
  const app::CalibrateCommand calibrate(app);
  std::vector<std::string> report_dirs;
  std::string report_out, objective;
  int worst = -1, top = -1;
  bool skip_missing = false;
  auto* report = app.add_subcommand(
      "report",
      "Write one self-contained HTML report (figures embedded) of result folders: a run, a sweep, a comparison, "
      "a calibration, or several side by side (needs /usr/bin/python3 with pandas and matplotlib)");
  report->add_option("dirs", report_dirs, "Result folders (gridgov run, sweep, compare or calibrate output)")->required();
  report->add_option("--out", report_out,
                     "HTML file (default: DIR/report.html; required with several folders); the PNG "
                     "files go into <name>_figures/ beside it");
  report->add_option("--objective", objective,
                     "Sweep objective: METRIC, min:METRIC or max:METRIC "
                     "(default: lowest complaints_per_1000hh_month)");
  report->add_option("--worst", worst, "Worst grids labelled on the map and bars (default 3)")->check(CLI::Range(0, 1000));
  report->add_option("--top", top, "Best sweep points listed (default 10)")->check(CLI::Range(1, 100000));
  report->add_flag("--skip-missing", skip_missing, "Make the report without expected files that are missing");

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
        std::fputs(
            (models::outputs_markdown() + experiment::sweep_outputs_markdown(models::experiment_model(), kSweepDocsExample) +
             models::compare::compare_outputs_markdown() + "\n" + models::calibrate::calibrate_outputs_markdown())
                .c_str(),
            stdout);
      } else {
        auto list = [](const io::TableSpec& t) {
          for (const auto& c : t.columns)
            std::printf("%s\t%s\t%s\t%s\n", t.file.c_str(), c.name.c_str(), c.unit.c_str(), c.description.c_str());
        };
        for (const auto* t : models::all_tables()) list(*t);
        for (const auto& t : experiment::sweep_tables_for_docs(models::experiment_model(), kSweepDocsExample)) list(t);
        list(models::compare::compare_table());
        list(models::compare::compare_series_table());
        for (const auto& t : models::calibrate::calibrate_tables(nullptr)) list(t);
      }
      return 0;
    }
    if (compare.chosen()) return compare.run();
    if (calibrate.chosen()) return calibrate.run();
    if (*validate) {
      const auto sc = load(val_opts);
      // Everything run checks before it builds anything: the buildings CSV, the memory estimate.
      models::check_run_inputs(sc, val_threads,
                               val_max_memory.empty() ? 0.0 : models::parse_memory_size(val_max_memory, "--max-memory"));
      if (print_resolved)
        std::fputs(S.resolved_yaml(sc.spec, models::resolved_header(sc.spec, sc.source)).c_str(), stdout);
      else
        std::printf("%s: valid scenario (%lld days, %lld replicate(s), seed %lld)\n", sc.source.c_str(),
                    static_cast<long long>(sc.spec.days), static_cast<long long>(sc.spec.replicates),
                    static_cast<long long>(sc.spec.seed));
      return 0;
    }
    if (*sweep) {
      namespace sw = experiment;
      const auto spec = sw::load_sweep(models::experiment_model(), sweep_file);
      sw::SweepOptions so;
      so.threads = sweep_threads;
      so.progress = !sweep_quiet;
      so.run_timeout_s = run_timeout;
      so.retry = retry;
      if (!std::isfinite(run_timeout)) throw schema::InputError("--run-timeout: expected a finite number of seconds >= 0");
      if (!shard_text.empty()) {
        unsigned long long i = 0, n = 0;
        char extra = 0;
        if (shard_text.find_first_not_of("0123456789/") != std::string::npos ||
            std::sscanf(shard_text.c_str(), "%llu/%llu%c", &i, &n, &extra) != 2 || n == 0 || i >= n)
          throw schema::InputError("--shard " + shard_text + ": expected i/N with 0 <= i < N, e.g. --shard 0/8");
        so.shard_index = i;
        so.shard_count = n;
      }
      if (plan) {
        std::fputs(sw::plan_text(spec, so, plan_rows).c_str(), stdout);
        return 0;
      }
      if (resume && sweep_force) throw schema::InputError("--resume and --force: choose one");
      if (sweep_out.empty()) {
        sweep_out = "results/" + std::filesystem::path(sweep_file).stem().string();
        if (so.shard_count > 1) sweep_out += fmt::format("-shard-{}-of-{}", so.shard_index, so.shard_count);
      }
      const auto mode = resume ? sw::OpenMode::Resume : sweep_force ? sw::OpenMode::Force : sw::OpenMode::Fresh;
      const auto t0 = std::chrono::steady_clock::now();
      std::uint64_t failed = 0;
      bool master = true;
      sw::SummaryNotes notes;
      if (use_mpi) {
        failed = app::run_mpi(spec, so, sweep_out, mode, master, notes);
      } else {
        sw::SweepFolder folder(sweep_out, spec, so, mode);
        failed = sw::run_local(folder, spec, so);
        notes = folder.notes();
      }
      const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      if (master && !sweep_quiet) {
        std::printf("gridgov sweep: %llu run(s) (%zu point(s) x %u replicate(s)%s), seed %llu, %.2f s\n",
                    static_cast<unsigned long long>(spec.runs()), spec.points.size(), spec.replicates,
                    so.shard_count > 1 ? fmt::format(", shard {}/{}", so.shard_index, so.shard_count).c_str() : "",
                    static_cast<unsigned long long>(spec.seed), wall);
        std::printf("Results in %s/ (%s)\n", sweep_out.c_str(),
                    so.shard_count > 1 ? "runs.csv, errors.csv, shard.csv; merge shards with gridgov collect"
                                       : "runs.csv, points.csv, design.csv, errors.csv, dictionary.csv, sweep.resolved.yaml");
      }
      if (master && failed > 0)
        std::fprintf(stderr, "gridgov sweep: %llu run(s) failed or timed out; see %s/errors.csv\n",
                     static_cast<unsigned long long>(failed), sweep_out.c_str());
      return master ? report_notes("gridgov sweep", notes) : 0;
    }
    if (*report) {
      std::vector<std::string> a = report_dirs;
      if (!report_out.empty()) a.insert(a.end(), {"--out", report_out});
      if (!objective.empty()) a.insert(a.end(), {"--objective", objective});
      if (worst >= 0) a.insert(a.end(), {"--worst", std::to_string(worst)});
      if (top >= 1) a.insert(a.end(), {"--top", std::to_string(top)});
      if (skip_missing) a.push_back("--skip-missing");
      return run_report(a);
    }
    if (*collect) {
      const auto notes = experiment::collect(models::experiment_model(), collect_out, collect_dirs, collect_force);
      std::printf("gridgov collect: %zu shard(s) merged into %s/\n", collect_dirs.size(), collect_out.c_str());
      return report_notes("gridgov collect", notes);
    }
    // `gridgov` alone, or `gridgov run`.
    const auto sc = load(run_opts);
    if (out.empty()) out = default_out(run_opts.scenario);
    // Everything that can be checked before the run is, with exit code 2 and nothing written:
    // the output folder, the buildings CSV, the memory estimate; then the lock on --out.
    try {
      io::ResultDir::check(out, force);
    } catch (const io::OutputError& e) {
      std::fprintf(stderr, "gridgov: error: %s\n", e.what());
      return 2;
    }
    models::check_run_inputs(sc, threads, max_memory.empty() ? 0.0 : models::parse_memory_size(max_memory, "--max-memory"));
    std::unique_ptr<io::ResultDir> dir;
    try {
      dir = std::make_unique<io::ResultDir>(out, force, models::run_output_files());
    } catch (const io::OutputError& e) {
      std::fprintf(stderr, "gridgov: error: %s\n", e.what());
      return 2;
    }
    models::RunOptions ro;
    ro.threads = threads;
    ro.progress = !quiet;
    const auto result = models::run_scenario(sc.spec, ro);
    models::write_run_outputs(dir->staging(), sc, result);
    dir->commit();
    dir.reset();
    if (!quiet) print_summary(result, out);
    return 0;
  } catch (const schema::InputError& e) {
    std::fprintf(stderr, "gridgov: error: %s\n", e.what());
    return 2;
  } catch (const std::bad_alloc&) {
    std::fprintf(stderr,
                 "gridgov: failure: out of memory: the run needed more memory than the system would give "
                 "(the estimate made before the run was too low, or other programs took memory meanwhile); "
                 "try fewer --threads, fewer replicates or a smaller scenario. Nothing was written.\n");
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "gridgov: failure: %s\n", e.what());
    return 1;
  }
}
}  // namespace gridgov::app
