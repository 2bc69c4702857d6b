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
              "Probability that one meeting settles one issue on its list when every party member attends; the share settled "
              "per meeting is settle_prob x attendance. The yield (settled / brought, deliberation_yield) is an output to "
              "compare with Wuxi's 82 collected, 60+ solved.",
              kS003, true),
        &DeliberationParams::settle_prob);
  s.add(Share("deliberation.attendance", "Party members' attendance at meetings (Tianhe: 79%).", kS001, true),
        &DeliberationParams::attendance);
  s.add(P("deliberation.max_meetings", Kind::Int, "", 1, 1000,
          "Meetings an issue may wait before it is whistled to the urban-management department.", "", true),
        &DeliberationParams::max_meetings);
  s.add(P("deliberation.rooms", Kind::Int, "rooms/community", 0, 1000,
          "Meeting places per community (Zhenjiang: 150 deliberation rooms).", "seeds/004_bb17891a7f0bf00e.txt", true),
        &DeliberationParams::rooms);
  s.add(P("deliberation.meetings_per_room_month", Kind::Real, "meetings/room/month", 0, 100,
          "Meetings one room can hold per month; rooms x this is the most meetings a community holds in a month (the "
          "regular one included).",
          "", true),
        &DeliberationParams::meetings_per_room_month);
  s.add(P("deliberation.hasten_days", Kind::Real, "days", 0, 3650,
          "A complaint about an issue waiting for the meeting brings the next meeting forward to within this many days, "
          "if the rooms allow another meeting this month.",
          "", true),
        &DeliberationParams::hasten_days);
  s.add(P("deliberation.meeting_hours", Kind::Real, "hours", 0, 24,
          "Length of one meeting; attending members' hours are counted as used."),
        &DeliberationParams::meeting_hours);
}

}  // namespace gridgov::models
