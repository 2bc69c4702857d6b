#include <fmt/format.h>

#include <cmath>
#include <filesystem>

#include "models/geography/Geography.hpp"
#include "models/scenario/ScenarioSpec.hpp"

namespace gridgov::models {

namespace {
[[noreturn]] void cross_fail(const LoadedScenario& s, const std::string& path, const std::string& msg) {
  std::string loc = s.source;
  if (auto it = s.where.find(path); it != s.where.end()) loc = it->second.str();
  throw schema::InputError(fmt::format("{}: key '{}': {}", loc, path, msg));
}
}  // namespace

namespace {
LoadedScenario load_root(const YAML::Node& root, const std::string& source, const std::string& base_dir,
                         const std::vector<std::string>& overrides, const std::vector<OptionOverride>& options) {
  LoadedScenario out;
  out.source = source;
  const auto& S = scenario_schema();
  // An empty file (or one of comments only) is most likely the wrong file: say so rather than run
  // the defaults. `{}` states "every default" explicitly.
  if (root.IsNull())
    throw schema::InputError(source +
                             ":1:1: the scenario is empty (nothing but comments or blank lines); expected a mapping of "
                             "keys such as 'simulation:' (write {} to run every default)");
  S.apply_yaml(out.spec, root, out.source, &out.where);
  for (const auto& o : overrides) S.apply_override(out.spec, o, &out.where);
  for (const auto& o : options) S.apply_override(out.spec, o.assignment, &out.where, o.option);
  resolve_paths(out, base_dir);
  validate(out);
  return out;
}
}  // namespace

LoadedScenario load_scenario(const std::string& path, const std::vector<std::string>& overrides,
                             const std::vector<OptionOverride>& options) {
  if (path.empty()) {
    const std::string source = "<default scenario>";
    return load_root(schema::load_yaml_text(default_scenario_yaml(), source), source, "", overrides, options);
  }
  return load_root(schema::load_yaml_file(path), path, std::filesystem::path(path).parent_path().string(), overrides, options);
}

LoadedScenario load_scenario(const std::string& path, const std::vector<std::string>& overrides) {
  return load_scenario(path, overrides, {});
}

LoadedScenario load_scenario_text(const std::string& text, const std::string& name, const std::string& base_dir,
                                  const std::vector<std::string>& overrides) {
  return load_root(schema::load_yaml_text(text, name), name, base_dir, overrides, {});
}

void resolve_paths(LoadedScenario& s, const std::string& base_dir) {
  auto& csv = s.spec.buildings_csv;
  if (!csv.empty() && std::filesystem::path(csv).is_relative()) {
    // A --set path is relative to the working directory; a file path to the file it is written in.
    const auto it = s.where.find("geography.buildings_csv");
    const bool from_cli = it != s.where.end() && it->second.file.rfind("--set", 0) == 0;
    if (!from_cli) csv = (std::filesystem::path(base_dir) / csv).lexically_normal().string();
  }
  if (!csv.empty()) {
    std::error_code ec;
    const auto abs = std::filesystem::absolute(csv, ec);
    if (!ec) csv = abs.lexically_normal().string();
  }
}

void validate(const LoadedScenario& s) {
  const ScenarioSpec& p = s.spec;
  if (p.warmup_days >= p.days)
    cross_fail(s, "simulation.warmup_days",
               fmt::format("expected fewer than simulation.days ({}), got {}", p.days, p.warmup_days));
  if (p.replicates >= (1 << 24)) cross_fail(s, "simulation.replicates", "expected fewer than 16777216 replicates");
  if (p.geo_source == "csv") {
    if (p.buildings_csv.empty())
      cross_fail(s, "geography.buildings_csv", "expected a file path when geography.source is csv, got nothing");
    std::error_code ec;
    const auto st = std::filesystem::status(p.buildings_csv, ec);
    if (!std::filesystem::exists(st))
      cross_fail(s, "geography.buildings_csv",
                 "expected a readable buildings CSV file, but '" + p.buildings_csv + "' does not exist");
    if (std::filesystem::is_directory(st))
      cross_fail(s, "geography.buildings_csv", "expected a buildings CSV file, but '" + p.buildings_csv + "' is a folder");
  }
  const double wsum =
      p.households.w_lead + p.households.w_member + p.households.w_grid + p.households.w_firm + p.households.w_hotline;
  if (!(wsum > 0))
    cross_fail(s, "households.channels", "expected at least one reporting channel with a positive weight, got all zero");
  const double ksum = p.party.share_retired + p.party.share_in_service + p.party.share_mobile;
  if (std::fabs(ksum - 1.0) > 1e-9)
    cross_fail(s, "party.kinds", fmt::format("expected retired + in_service + mobile = 1, got {:.6g}", ksum));
  if (p.party.member_effort_min > p.party.member_effort_max)
    cross_fail(
        s, "party.effort_min",
        fmt::format("expected effort_min <= effort_max ({}), got {}", p.party.member_effort_max, p.party.member_effort_min));
  if (p.firms.black_share + p.firms.red_share > 1.0 + 1e-12)
    cross_fail(s, "firms.review.black_share",
               fmt::format("expected black_share + red_share <= 1, got {}", p.firms.black_share + p.firms.red_share));
  for (std::size_t t = 0; t < kIssueTypes; ++t) {
    const auto& it = p.households.issue_types[t];
    const std::string base = std::string("issues.") + kIssueTypeNames[t];
    if (it.minor_share + it.urgent_share > 1.0 + 1e-12)
      cross_fail(s, base + ".urgent_share",
                 fmt::format("expected minor_share + urgent_share <= 1, got {}", it.minor_share + it.urgent_share));
    if (it.collective_share + it.escalate_share > 1.0 + 1e-12)
      cross_fail(s, base + ".escalate_share",
                 fmt::format("expected collective_share + escalate_share <= 1, got {}", it.collective_share + it.escalate_share));
  }
  const std::uint64_t hh = static_cast<std::uint64_t>(p.communities) * static_cast<std::uint64_t>(p.grids_per_community) *
                           static_cast<std::uint64_t>(p.buildings_per_grid) *
                           static_cast<std::uint64_t>(p.households_per_building);
  using L = GeographyLimits;
  if (p.geo_source == "lattice" && hh > L::max_households)
    cross_fail(s, "geography.households_per_building",
               fmt::format("expected at most {} households in all, got {}", L::max_households, hh));
  if (p.geo_source == "lattice" && static_cast<std::uint64_t>(p.grids_per_community) *
                                           static_cast<std::uint64_t>(p.buildings_per_grid) *
                                           static_cast<std::uint64_t>(p.households_per_building) >
                                       L::max_households_per_community)
    cross_fail(s, "geography.buildings_per_grid",
               fmt::format("expected at most {} households per community", L::max_households_per_community));
  for (const auto& iv : p.interventions) {
    if (iv.day > static_cast<double>(p.days))
      throw schema::InputError(fmt::format("{}: key 'interventions.day': expected a day within the horizon (0..{}), got {}",
                                           iv.where.str(), p.days, iv.day));
  }
}

}  // namespace gridgov::models
