// Fuzzes the sweep loader (sim/experiment/SweepSpec: load_sweep, with gridgov's model) through a file in a private folder
// that mirrors the repository's layout (../small.yaml, ../scenarios/ resolve as in tests/data/sweeps
// and sweeps/). Oracle: only schema::InputError escapes; a sweep that loads resolves to a sweep file
// that reloads and resolves to the same text.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "Oracle.hpp"
#include "models/run/ExperimentModel.hpp"
#include "sim/experiment/SweepSpec.hpp"

using namespace gridgov;
namespace fs = std::filesystem;

namespace {
const std::string& folder() {
  // Never destroyed: the exit handler below still needs it after static destructors ran.
  static const std::string& dir = *new std::string([] {
    std::string tmpl = (fs::temp_directory_path() / "gridgov-fuzz-sweep-XXXXXX").string();
    if (!::mkdtemp(tmpl.data())) std::abort();
    const fs::path root(tmpl);
    fs::create_directory(root / "sweeps");
    fs::create_directory_symlink(fs::path(GRIDGOV_SOURCE_DIR) / "scenarios", root / "scenarios");
    fs::create_symlink(fs::path(GRIDGOV_SOURCE_DIR) / "tests/data/small.yaml", root / "small.yaml");
    fs::create_symlink(fs::path(GRIDGOV_SOURCE_DIR) / "tests/data/buildings_small.csv", root / "buildings_small.csv");
    std::atexit([] {
      std::error_code ec;
      fs::remove_all(folder(), ec);
    });
    return tmpl;
  }());
  return dir;
}

/// The text without comment lines (the header names the file it was loaded from, which differs).
std::string without_comments(const std::string& text) {
  std::string out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const auto nl = text.find('\n', pos);
    const std::string line = text.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos + 1);
    if (line.rfind("#", 0) != 0) out += line;
    pos = nl == std::string::npos ? text.size() : nl + 1;
  }
  return out;
}

void write(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = folder() + "/sweeps/sweep.yaml";
  write(path, std::string(reinterpret_cast<const char*>(data), size));
  experiment::SweepSpec s;
  if (!fuzz::only<schema::InputError>([&] { s = experiment::load_sweep(models::experiment_model(), path); }, "load_sweep"))
    return 0;
  const std::string resolved = experiment::resolved_sweep_yaml(s);
  write(path, resolved);
  experiment::SweepSpec back;
  try {
    back = experiment::load_sweep(models::experiment_model(), path);
  } catch (const std::exception& e) {
    fuzz::broken(std::string("the resolved sweep does not reload: ") + e.what() + "\n--- resolved:\n" + resolved);
  }
  const std::string again = experiment::resolved_sweep_yaml(back);
  if (without_comments(again) != without_comments(resolved))
    fuzz::broken("resolving the resolved sweep changes it:\n--- first:\n" + resolved + "\n--- second:\n" + again);
  return 0;
}
