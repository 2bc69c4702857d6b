#include "models/mechanisms/hotline/Params.hpp"

#include "models/scenario/ScenarioSpec.hpp"

namespace gridgov::models {

using namespace params;
using schema::Kind;

void HotlineParams::declare(Section<ScenarioSpec, HotlineParams> s) {
  s.add(Flag("hotline.enabled", "12345 forwards each complaint back as a forced dispatch with a deadline."),
        &HotlineParams::hotline_enabled);
  s.add(Dist("hotline.forward_delay", "hours",
             "Time from a complaint to the forced dispatch; it reaches the community at the end of the window in which it falls, "
             "at the earliest.",
             "", true),
        &HotlineParams::forward_delay);
  s.add(Choice("hotline.dispatch_to", {"handler", "department"},
               "Forced dispatches go to the issue's handler at top priority, or to its district department.", true),
        &HotlineParams::dispatch_to);
}

}  // namespace gridgov::models
