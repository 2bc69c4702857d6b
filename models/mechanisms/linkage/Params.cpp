#include "models/mechanisms/linkage/Params.hpp"

#include "models/scenario/ScenarioSpec.hpp"

namespace gridgov::models {

using namespace params;
using schema::Kind;

void LinkageParams::declare(Section<ScenarioSpec, LinkageParams> s) {
  s.add(Flag("departments.linkage.enabled",
             "Four-staff linkage (police, fire and property staff inside the grid): whistles to police and fire are handled in "
             "the grid.",
             true),
        &LinkageParams::linkage_enabled);
  s.add(P("departments.linkage.time_factor", Kind::Real, "", 0, 10,
          "Multiplies the department's response time when handled in the grid.", kS002, true),
        &LinkageParams::linkage_time_factor);
}

}  // namespace gridgov::models
