#pragma once
/// \file
/// The detectors: every mechanism that looks for latent issues, one line each, in the order in
/// which their offers are considered (an earlier detector wins a tie) and which numbers their
/// random slot (see DetectionQuery::uniform). X(FoundName, "output name", Mechanism class).
/// Adding a detector: one line here (the class must provide
/// `static void offer(const DetectionQuery&, visiting::Earliest&)`), plus its mechanism's
/// section in Registry.hpp. Never reorder existing lines: that changes every result.
///
/// This header has no includes on purpose: Issue.hpp builds the Found enum from it.
#define GRIDGOV_DETECTORS(X)                     \
  X(MemberVisit, "member_visit", PartyMembers)   \
  X(LeadWalk, "lead_walk", BuildingLeads)        \
  X(Patrol, "patrol", GridPatrols)               \
  X(GridVisit, "grid_visit", GridVisits)         \
  X(VolunteerWalk, "volunteer_walk", Volunteers) \
  X(MicrogridWalk, "microgrid_walk", Microgrids)
