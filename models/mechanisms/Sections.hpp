#pragma once
/// \file
/// The mechanisms that own a section of the scenario: one line each, X(member, Params, Runtime).
/// ScenarioSpec holds `Params member;`, the scenario schema calls `Params::declare` in this
/// order (the order of `gridgov params` and of scenario.resolved.yaml), and the run-time values
/// hold `Runtime member` built by `Runtime::derive(spec.member)`. Adding a mechanism with
/// parameters: include its Params.hpp here and add its line (at the end, so that the resolved
/// YAML of existing sections keeps its order).
#include "models/mechanisms/building_leads/Params.hpp"
#include "models/mechanisms/costs/Params.hpp"
#include "models/mechanisms/deliberation/Params.hpp"
#include "models/mechanisms/departments/Params.hpp"
#include "models/mechanisms/grid_workers/Params.hpp"
#include "models/mechanisms/hotline/Params.hpp"
#include "models/mechanisms/households/Params.hpp"
#include "models/mechanisms/linkage/Params.hpp"
#include "models/mechanisms/microgrids/Microgrids.hpp"
#include "models/mechanisms/party_members/Params.hpp"
#include "models/mechanisms/property_firms/Params.hpp"
#include "models/mechanisms/volunteers/Volunteers.hpp"

#define GRIDGOV_SECTIONS(X)                                                                          \
  X(households, HouseholdsParams, HouseholdsRuntime)       /* households.*, issues.*, deadlines.* */ \
  X(party, PartyParams, PartyRuntime)                      /* party.* */                             \
  X(leads, LeadsParams, LeadsRuntime)                      /* leads.* */                             \
  X(grid, GridParams, GridRuntime)                         /* grid.* */                              \
  X(firms, FirmsParams, FirmsRuntime)                      /* firms.* */                             \
  X(departments, DepartmentsParams, DepartmentsRuntime)    /* departments.<name>.* */                \
  X(linkage, LinkageParams, LinkageRuntime)                /* departments.linkage.* */               \
  X(deliberation, DeliberationParams, DeliberationRuntime) /* deliberation.* */                      \
  X(hotline, HotlineParams, HotlineRuntime)                /* hotline.* */                           \
  X(volunteers, VolunteersParams, VolunteersRuntime)       /* volunteers.* */                        \
  X(costs, CostsParams, CostsRuntime)                      /* costs.* */                             \
  X(microgrids, MicrogridsParams, MicrogridsRuntime)       /* microgrids.* */
