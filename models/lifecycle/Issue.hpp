#pragma once
/// \file
/// One resident issue in flight: a fixed-size record in its community's pool, recycled when
/// the issue is closed and no event refers to it any more; and the named values that describe
/// it (states, natures, channels, finders, closers, pool kinds). Only the lifecycle
/// (models/lifecycle/Lifecycle.hpp) changes an issue's state.
#include <array>
#include <cstdint>
#include <limits>

#include "models/mechanisms/Detectors.hpp"

namespace gridgov::models {

/// Hours in an average month (8760 / 12): the model's unit for monthly rates and budgets.
inline constexpr double kHoursPerMonth = 730.0;

/// Where an issue is. Every issue ends a run either Resolved or in one of the open states.
enum class IssueState : std::uint8_t {
  Latent,        ///< arisen, not yet known to anyone but the household
  WithHotline,   ///< the resident went to 12345; waiting for the forced dispatch
  Waiting,       ///< in line at a server pool (grid workers, firm staff, linkage staff)
  InService,     ///< being handled (pool, mediation, member order)
  AtMeeting,     ///< waiting for the monthly deliberation
  AtDepartment,  ///< whistled to a district department
  FollowUp,      ///< closed, but the follow-up will reopen it
  Resolved,      ///< closed for good
};
inline constexpr std::size_t kIssueStates = 8;
inline constexpr const char* kIssueStateNames[kIssueStates] = {"latent",     "with_hotline",  "waiting",   "in_service",
                                                               "at_meeting", "at_department", "follow_up", "resolved"};

/// The issue lifecycle's state machine: kTransitions[from][to] says whether Lifecycle may move an
/// issue from `from` to `to` (rows and columns in IssueState order). Once known, an issue is
/// routed from Latent, WithHotline (the forced dispatch) or FollowUp (reopened) to a line
/// (Waiting), straight into service (mediation, an order, a free server), the meeting or a
/// department, or the resident goes to 12345 (WithHotline). A line starts service; a complaint in
/// queue-theory mode takes a waiting or listed case to 12345, a forced dispatch to a department
/// takes a waiting case out of its line. Service ends in a follow-up that
/// will reopen it, or resolved; a failed order goes back to the grid's line (or straight into
/// service). The meeting settles (InService: closing) or hands the issue on (line, service,
/// department). A department's reply closes it (InService). Resolved is final: its record is
/// recycled for a new issue (raise starts a fresh record in Latent).
inline constexpr bool kTransitions[kIssueStates][kIssueStates] = {
    // to: latent, with_hotline, waiting, in_service, at_meeting, at_department, follow_up, resolved
    {false, true, true, true, true, true, false, false},      // from latent
    {false, false, true, true, true, true, false, false},     // from with_hotline
    {false, true, false, true, false, true, false, false},    // from waiting
    {false, false, true, true, false, false, true, true},     // from in_service
    {false, true, true, true, false, true, false, false},     // from at_meeting
    {false, false, false, true, false, false, false, false},  // from at_department
    {false, true, true, true, true, true, false, false},      // from follow_up
    {false, false, false, false, false, false, false, false}  // from resolved
};
constexpr bool transition_allowed(IssueState from, IssueState to) noexcept {
  return kTransitions[static_cast<std::size_t>(from)][static_cast<std::size_t>(to)];
}

/// Nature of an issue, fixed when it arises.
enum class Nature : std::uint8_t { Ordinary, Collective, Escalate };

/// Server-pool kinds inside a grid: grid workers, firm staff, four-staff linkage staff.
enum class PoolKind : std::uint8_t { Workers = 0, Firm = 1, Linkage = 2 };
inline constexpr std::uint32_t kPoolKinds = 3;
inline constexpr std::uint32_t kNoPool = 0xFFFFu;

/// Reporting channels a resident can use (in the order of households.channels).
enum class Via : std::uint8_t { Lead, Member, Grid, Firm, Hotline };
inline constexpr std::size_t kVias = 5;
inline constexpr std::array<const char*, kVias> kViaNames{"building_lead", "party_member", "grid_worker", "property_firm",
                                                          "hotline"};

/// How an issue first became known: the resident's report, or one of the detectors
/// (models/mechanisms/Detectors.hpp), in their order.
#define GRIDGOV_FOUND_ENUM(name, text, cls) name,
#define GRIDGOV_FOUND_NAME(name, text, cls) text,
enum class Found : std::uint8_t { Resident, GRIDGOV_DETECTORS(GRIDGOV_FOUND_ENUM) };
inline constexpr std::array kFoundNames{"resident", GRIDGOV_DETECTORS(GRIDGOV_FOUND_NAME)};
inline constexpr std::size_t kFounds = kFoundNames.size();
#undef GRIDGOV_FOUND_ENUM
#undef GRIDGOV_FOUND_NAME

/// Who closed an issue.
enum class By : std::uint8_t {
  MemberMediation,
  LeadMediation,
  GridWorker,
  Firm,
  MemberOrder,
  Department,
  Linkage,
  Deliberation,
  VolunteerOrder
};
inline constexpr std::size_t kBys = 9;
inline constexpr std::array<const char*, kBys> kByNames{"member_mediation", "lead_mediation", "grid_worker",
                                                        "property_firm",    "member_order",   "department",
                                                        "linkage",          "deliberation",   "volunteer_order"};

/// Small helpers: the enum value as the byte stored in the record.
constexpr std::uint8_t byte_of(Found f) noexcept { return static_cast<std::uint8_t>(f); }
constexpr std::uint8_t byte_of(Via v) noexcept { return static_cast<std::uint8_t>(v); }
constexpr std::uint8_t byte_of(By b) noexcept { return static_cast<std::uint8_t>(b); }

/// 64 bytes, one cache line.
struct alignas(64) Issue {
  double t_raised = 0;  ///< hours
  double t_known = 0;   ///< when reported or found
  /// The time of the issue's next known transition: while latent, when it will become known
  /// (stale DETECT events are recognised by it); while waiting, when it joined the line;
  /// while in service or follow-up, when that ends.
  double t_pending = 0;
  /// When the resident next complains if still unresolved (infinity: never). The PATIENCE
  /// event is only scheduled ("armed") when the issue's current state does not end before it.
  double t_complain = std::numeric_limits<double>::infinity();
  float patience = 0;                   ///< hours, drawn when the issue arises
  std::uint32_t household = 0;          ///< local household index (next free slot while the record is free)
  std::uint32_t index = 0;              ///< the household's issue number: keys its random streams
  std::uint16_t pool = kNoPool;         ///< pool index (grid * kPoolKinds + kind) while waiting or in service
  std::uint16_t step = 0;               ///< next block group of the issue's routing stream
  std::uint8_t type = 0, severity = 0;  ///< severity: 0 minor, 1 ordinary, 2 urgent
  Nature nature = Nature::Ordinary;
  IssueState state = IssueState::Latent;
  std::uint8_t found = 0, via = 0, by = 0;
  std::uint8_t complaints = 0, passes = 0, meetings = 0;
  std::uint8_t ring_refs = 0;  ///< entries in server-pool lines that name this record (valid or stale)
  std::uint8_t pending = 0;    ///< events in the queue that name this record
  bool priority : 1 = false;   ///< forced dispatch: served before ordinary cases
  bool counted : 1 = false;    ///< raised after the warm-up: enters the metrics
  bool armed : 1 = false;      ///< a PATIENCE event is in the queue
  bool listed : 1 = false;     ///< in the deliberation list
  bool need : 1 = false;       ///< an unreported need: the resident never reports it (households.needs.*)
  std::uint16_t grid = 0;      ///< the household's local grid (saves a look-up of the household)
};
static_assert(sizeof(Issue) == 64);

}  // namespace gridgov::models
