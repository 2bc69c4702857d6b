// gridgov_faulty: a test-only executor. It is the gridgov command line with faults injected into
// sweep runs, so that tests can exercise the failure paths (errors.csv, --retry, --run-timeout, a
// kill mid-sweep) in a real process. The faults come from the environment variable
// GRIDGOV_SWEEP_FAULT="throw:ID,slow:ID,flaky:ID,kill-finalise:STEP": run ID throws on every
// attempt, runs slowly (20 ms of wall time per simulated window), or throws on its first attempt
// only; the process kills itself (SIGKILL) at finalise step STEP (see RunHooks::in_finalise); and
// GRIDGOV_RUN_FAULT=slow-write makes gridgov run pause after each result file it writes. The
// production executable reads no such setting.
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>

#include "app/Cli.hpp"
#include "models/run/Runner.hpp"
#include "sim/experiment/SweepRun.hpp"

int main(int argc, char** argv) {
  auto throws = std::make_shared<std::set<std::uint64_t>>(), slow = std::make_shared<std::set<std::uint64_t>>(),
       flaky = std::make_shared<std::set<std::uint64_t>>(), kill_at = std::make_shared<std::set<std::uint64_t>>();
  if (const char* env = std::getenv("GRIDGOV_SWEEP_FAULT")) {
    const std::string text(env);
    std::size_t start = 0;
    while (start < text.size()) {
      std::size_t end = text.find(',', start);
      if (end == std::string::npos) end = text.size();
      const std::string item = text.substr(start, end - start);
      const auto colon = item.find(':');
      if (colon == std::string::npos) throw std::invalid_argument("GRIDGOV_SWEEP_FAULT: expected kind:ID, got " + item);
      const std::uint64_t id = std::stoull(item.substr(colon + 1));
      const std::string kind = item.substr(0, colon);
      if (kind == "throw")
        throws->insert(id);
      else if (kind == "slow")
        slow->insert(id);
      else if (kind == "flaky")
        flaky->insert(id);
      else if (kind == "kill-finalise")
        kill_at->insert(id);
      else
        throw std::invalid_argument("GRIDGOV_SWEEP_FAULT: unknown kind " + kind);
      start = end + 1;
    }
  }
  gridgov::experiment::RunHooks hooks;
  hooks.before_attempt = [=](std::uint64_t run, int attempt) {
    if (throws->count(run) || (attempt == 0 && flaky->count(run)))
      throw std::runtime_error("injected fault (GRIDGOV_SWEEP_FAULT)");
  };
  hooks.after_window = [=](std::uint64_t run) {
    if (slow->count(run)) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  };
  hooks.in_finalise = [=](int step) {
    if (kill_at->count(static_cast<std::uint64_t>(step))) std::raise(SIGKILL);
  };
  gridgov::experiment::set_run_hooks(std::move(hooks));
  // GRIDGOV_RUN_FAULT=slow-write: half a second after each result file gridgov run writes.
  if (const char* env = std::getenv("GRIDGOV_RUN_FAULT"); env && std::string(env) == "slow-write")
    gridgov::models::set_output_hook([](const std::string&) { std::this_thread::sleep_for(std::chrono::milliseconds(500)); });
  return gridgov::app::cli_main(argc, argv);
}
