#pragma once
/// \file
/// The run-time values of every mechanism, each derived by its mechanism from its own section
/// of the ScenarioSpec (times in hours, rates per hour, ready distributions). Rebuilt when an
/// intervention changes a policy parameter. Hot loops read these typed fields, never the spec
/// or a string.
#include "models/scenario/ScenarioSpec.hpp"

namespace gridgov::models {

struct Runtime {
  explicit Runtime(const ScenarioSpec& s)
      : households(HouseholdsRuntime::derive(s.households)),
        party(PartyRuntime::derive(s.party)),
        leads(LeadsRuntime::derive(s.leads)),
        grid(GridRuntime::derive(s.grid)),
        firms(FirmsRuntime::derive(s.firms)),
        departments(DepartmentsRuntime::derive(s.departments)),
        linkage(LinkageRuntime::derive(s.linkage)),
        deliberation(DeliberationRuntime::derive(s.deliberation)),
        hotline(HotlineRuntime::derive(s.hotline)) {}

  HouseholdsRuntime households;
  PartyRuntime party;
  LeadsRuntime leads;
  GridRuntime grid;
  FirmsRuntime firms;
  DepartmentsRuntime departments;
  LinkageRuntime linkage;
  DeliberationRuntime deliberation;
  HotlineRuntime hotline;
};

}  // namespace gridgov::models
