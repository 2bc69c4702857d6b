#include "models/scenario/FileKeys.hpp"

#include <filesystem>

#include "sim/schema/InputError.hpp"

namespace gridgov::models::filekeys {

namespace fs = std::filesystem;
using schema::mark_of;

LoadedScenario read_base(const YAML::Node& root, const std::string& path, std::string& base_source) {
  const auto& S = scenario_schema();
  const fs::path dir = fs::path(path).parent_path();
  LoadedScenario b;
  if (const YAML::Node base = root["base"]; base && !base.IsNull()) {
    if (base.IsScalar()) {
      std::string p = base.Scalar();
      if (fs::path(p).is_relative()) p = (dir / p).lexically_normal().string();
      if (!fs::is_regular_file(p))
        fail(mark_of(base, path), "base", "a scenario file (path relative to this file) or an inline mapping",
             "'" + base.Scalar() + "', which does not exist");
      b = load_scenario(p, {});
      base_source = p;
    } else if (base.IsMap()) {
      b.source = path;
      S.apply_yaml(b.spec, base, path, &b.where);
      resolve_paths(b, dir.string());
      base_source = "inline";
    } else {
      fail(mark_of(base, path), "base", "a scenario file path or an inline scenario mapping", describe(base));
    }
  } else {
    b = load_scenario("", {});
    base_source = "<default scenario>";
  }
  if (const YAML::Node set = root["set"]; set && !set.IsNull()) {
    if (!set.IsMap()) fail(mark_of(set, path), "set", "a mapping of scenario key paths to values", describe(set));
    S.apply_yaml(b.spec, set, path, &b.where);
    resolve_paths(b, dir.string());
  }
  validate(b);
  return b;
}

}  // namespace gridgov::models::filekeys
