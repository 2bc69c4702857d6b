#include "models/mechanisms/departments/Params.hpp"

#include <algorithm>
#include <cmath>

#include "models/scenario/ScenarioSpec.hpp"

namespace gridgov::models {

using namespace params;
using schema::Kind;

void DepartmentsParams::declare(Section<ScenarioSpec, DepartmentsParams> s) {
  for (std::size_t d = 0; d < kDepartments; ++d) {
    const std::string base = std::string("departments.") + kDepartmentNames[d] + ".";
    s.add_at(
        P(base + "servers", Kind::Int, "", 0, 100000,
          std::string("Cases the ") + kDepartmentNames[d] +
              " department handles in parallel (shared by all communities); 0 = servers_per_100k_households x households / "
              "100,000, rounded up (at least 1).",
          "", true),
        [d](DepartmentsParams & p) -> auto& { return p.list[d].servers; });
    s.add_at(
        P(base + "servers_per_100k_households", Kind::Real, "servers/100k households", 0, 1e6,
          "Department capacity scaled with the district when servers is 0, so that a larger district is not saturated by "
          "construction.",
          "", true),
        [d](DepartmentsParams & p) -> auto& { return p.list[d].servers_per_100k_households; });
    s.add_at(
        Dist(base + "response_time", "days", "Time the department takes on one case.", "", true),
        [d](DepartmentsParams & p) -> auto& { return p.list[d].response_time; });
  }
}

DepartmentsRuntime DepartmentsRuntime::derive(const DepartmentsParams& s) {
  DepartmentsRuntime r{};
  for (std::size_t d = 0; d < kDepartments; ++d) {
    r.dept_time[d] = s.list[d].response_time.to_hours();
    r.dept_servers[d] = static_cast<std::uint32_t>(s.list[d].servers);
    r.servers_per_100k[d] = s.list[d].servers_per_100k_households;
  }
  return r;
}

std::uint32_t DepartmentsRuntime::servers(std::size_t d, std::uint64_t households) const {
  if (dept_servers[d] > 0) return dept_servers[d];
  return static_cast<std::uint32_t>(std::max(1.0, std::ceil(servers_per_100k[d] * static_cast<double>(households) / 100000.0)));
}

}  // namespace gridgov::models
