#pragma once
/// \file
/// The model's fixed vocabulary: issue types, district departments, deadline classes and
/// handlers, with the names used in YAML keys and outputs.
#include <array>
#include <cstdint>

namespace gridgov::models {

/// Issue types raised by households (BRIEF §3.1).
enum class IssueType : std::uint8_t { Repair, PropertyService, NeighbourDispute, Environment, SafetyFire, LivelihoodCare };
inline constexpr std::size_t kIssueTypes = 6;
inline constexpr std::array<const char*, kIssueTypes> kIssueTypeNames{"repair",      "property_service", "neighbour_dispute",
                                                                      "environment", "safety_fire",      "livelihood_care"};

/// District departments reached by the "whistle" (网格吹哨、部门报到).
inline constexpr std::size_t kDepartments = 4;
inline constexpr std::array<const char*, kDepartments> kDepartmentNames{"police", "urban_management", "market_regulation",
                                                                        "fire"};
inline constexpr std::uint8_t kDeptPolice = 0, kDeptUrbanManagement = 1, kDeptMarketRegulation = 2, kDeptFire = 3;

/// Deadline classes of forced dispatches (BRIEF §3.5).
inline constexpr std::array<const char*, 4> kDeadlineClasses{"emergency", "utility", "general", "complex"};

/// Primary handlers an issue type may be routed to (indices into kHandlerNames).
inline constexpr std::array<const char*, 3> kHandlerNames{"grid", "firm", "deliberation"};
inline constexpr std::uint8_t kHandlerGrid = 0, kHandlerFirm = 1, kHandlerDeliberation = 2;

}  // namespace gridgov::models
