#include "models/mechanisms/deliberation/Params.hpp"

#include "models/scenario/ScenarioSpec.hpp"

namespace gridgov::models {

using namespace params;
using schema::Kind;

void DeliberationParams::declare(Section<ScenarioSpec, DeliberationParams> s) {
  s.add(Flag("deliberation.enabled", "Monthly deliberation meeting (月月谈) settles collective issues."),
        &DeliberationParams::deliberation_enabled);
  s.add(P("deliberation.period_days", Kind::Real, "days", 1, 3650, "Days between meetings.", kS003, true),
        &DeliberationParams::meeting_period_days);
  s.add(Share("deliberation.settle_prob",
              "Probability that a meeting settles one pending issue at full quorum (82 issues, 60+ solved).", kS003, true),
        &DeliberationParams::settle_prob);
  s.add(Share("deliberation.attendance", "Meeting attendance.", kS001, true), &DeliberationParams::attendance);
  s.add(P("deliberation.quorum", Kind::Real, "share", 0, 1,
          "Attendance below which settling falls proportionally (settle = settle_prob x min(1, attendance/quorum)).", "", true),
        &DeliberationParams::quorum);
  s.add(P("deliberation.max_meetings", Kind::Int, "", 1, 1000,
          "Meetings an issue may wait before it is whistled to the urban-management department.", "", true),
        &DeliberationParams::max_meetings);
}

}  // namespace gridgov::models
