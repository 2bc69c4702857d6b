// Fuzzes the scenario loader with --set lines: input = scenario YAML, optionally followed by a line
// "%%set" and one `path=value` assignment per line. Oracle: only schema::InputError escapes; a
// scenario that loads passes the pre-run checks or is refused with InputError; its resolved YAML
// reloads, and resolving that again gives the same text.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "Oracle.hpp"
#include "models/run/Runner.hpp"
#include "models/scenario/Resources.hpp"
#include "models/scenario/ScenarioSpec.hpp"

using namespace gridgov;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  std::string yaml = input;
  std::vector<std::string> sets;
  if (const auto at = input.find("\n%%set\n"); at != std::string::npos) {
    yaml = input.substr(0, at + 1);
    std::size_t pos = at + 7;
    while (pos < input.size() && sets.size() < 8) {
      const auto nl = input.find('\n', pos);
      sets.push_back(input.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos));
      pos = nl == std::string::npos ? input.size() : nl + 1;
    }
  }
  const std::string base = std::string(GRIDGOV_SOURCE_DIR) + "/tests/data";
  models::LoadedScenario sc;
  if (!fuzz::only<schema::InputError>([&] { sc = models::load_scenario_text(yaml, "fuzz.yaml", base, sets); }, "load")) return 0;
  // What run checks before building anything (reads a buildings CSV when the scenario names one).
  fuzz::only<schema::InputError>([&] { models::check_run_inputs(sc, 1, 0); }, "check_run_inputs");
  const auto& S = models::scenario_schema();
  const std::string resolved = S.resolved_yaml(sc.spec, models::resolved_header(sc.spec, "fuzz.yaml"));
  models::LoadedScenario back;
  try {
    back = models::load_scenario_text(resolved, "fuzz.yaml", base, {});
  } catch (const std::exception& e) {
    fuzz::broken(std::string("the resolved scenario does not reload: ") + e.what() + "\n--- resolved:\n" + resolved);
  }
  const std::string again = S.resolved_yaml(back.spec, models::resolved_header(back.spec, "fuzz.yaml"));
  if (again != resolved)
    fuzz::broken("resolving the resolved scenario changes it:\n--- first:\n" + resolved + "\n--- second:\n" + again);
  return 0;
}
