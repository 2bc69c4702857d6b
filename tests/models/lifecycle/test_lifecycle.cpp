// Unit tests of the issue lifecycle: each transition sets the record and tells the observers;
// records are recycled only when nothing names them; the patience timer is armed only when the
// current state does not end before the complaint is due.
#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <utility>

#include "models/lifecycle/Lifecycle.hpp"
#include "models/world/Community.hpp"

using namespace gridgov::models;

namespace {
struct Fixture {
  Lifecycle lc;
  Loop loop{Community::event_kinds()};
  const Community::Kinds& k = Community::kinds();
  Fixture() {
    lc.init(RunKeys{42, 0}, 1000, 16, Lifecycle::Kinds{k.patience, k.done, k.reopen});
    lc.observers().init(2, 10, true, 1000, 5);
  }
};
}  // namespace

TEST_CASE("raise and become known: counts, clocks and the patience start", "[unit][lifecycle]") {
  Fixture f;
  const std::uint32_t warm = f.lc.raise(1.0, 3, 1, 0, false, 0);
  const std::uint32_t id = f.lc.raise(2.0, 4, 1, 7, true, 0);
  CHECK(warm != id);
  CHECK(f.lc.open_all() == 2);
  CHECK(f.lc.open() == 1);
  const auto& m = f.lc.observers().metrics();
  CHECK(m.c.raised == 1);  // the warm-up issue enters only the daily series
  CHECK(m.days[0].raised == 2);
  CHECK(m.grids[1].raised == 1);
  Issue& is = f.lc[id];
  CHECK(is.state == IssueState::Latent);
  CHECK(is.household == 4);
  CHECK(is.index == 7);
  is.patience = 10;
  is.found = byte_of(Found::Patrol);
  f.lc.become_known(is, 5.0, true, 0);
  CHECK(is.t_known == 5.0);
  CHECK(is.t_complain == 15.0);
  CHECK(m.c.known == 1);
  CHECK(m.c.found[byte_of(Found::Patrol)] == 1);
  CHECK(m.c.find_hours == 3.0);
  CHECK(m.grids[1].proactive == 1);
  Issue& w = f.lc[warm];
  f.lc.become_known(w, 6.0, false, 0);
  CHECK(w.t_complain == Lifecycle::kInf);
}

TEST_CASE("service, resolution and record recycling", "[unit][lifecycle]") {
  Fixture f;
  const std::uint32_t id = f.lc.raise(0.0, 1, 0, 0, true, 0);
  Issue& is = f.lc[id];
  f.lc.become_known(is, 1.0, false, 0);
  f.lc.to_service(f.loop, id, 4.0, kNoPool);
  CHECK(is.state == IssueState::InService);
  CHECK(is.t_pending == 4.0);
  CHECK(is.pending == 1);
  CHECK(f.loop.queue().size() == 1);
  f.lc.event_taken(id);
  is.by = byte_of(By::GridWorker);
  const double hours = f.lc.resolve(id, 4.0, 3.5, 0);
  CHECK(hours == 4.0);  // the resident's clock: from arising (t = 0), not from known (t = 1)
  CHECK(is.state == IssueState::Resolved);
  CHECK(f.lc.open() == 0);
  const auto& m = f.lc.observers().metrics();
  CHECK(m.c.resolved == 1);
  CHECK(m.c.within_deadline == 0);  // 4 h from arising against a 3.5 h deadline (3 h from known would pass)
  CHECK(m.c.resolve_hours == 3.0);
  CHECK(m.c.arising_hours == 4.0);
  CHECK(m.c.by[byte_of(By::GridWorker)] == 1);
  REQUIRE(f.lc.observers().issue_log().size() == 1);
  CHECK(f.lc.observers().issue_log()[0].household == 1001);
  CHECK(f.lc.observers().issue_log()[0].grid == 5);
  // Nothing names it any more: the epilogue releases it and the next issue reuses the record.
  f.lc.after_event(f.loop, id);
  CHECK(!f.lc.live(id));
  CHECK(f.lc.raise(9.0, 2, 0, 1, true, 0) == id);
  CHECK(f.lc.records() == 1);
}

TEST_CASE("a resolved record named by a line entry, an event or the meeting list is kept", "[unit][lifecycle]") {
  Fixture f;
  const std::uint32_t id = f.lc.raise(0.0, 1, 0, 0, true, 0);
  Issue& is = f.lc[id];
  CHECK(f.lc.to_meeting(is));
  f.lc.to_hotline(is);          // a complaint in queue-theory mode; the forced dispatch routes it back
  CHECK(!f.lc.to_meeting(is));  // listed once
  f.lc.to_waiting(is, id, 3);   // the meeting hands it to the grid's line
  CHECK(is.state == IssueState::Waiting);
  CHECK(is.ring_refs == 1);
  f.lc.to_closing(is);  // taken off the line (the line entry goes stale) and closed
  f.lc.resolve(id, 1.0, 100.0, 0);
  f.lc.after_event(f.loop, id);
  CHECK(f.lc.live(id));  // line entry and meeting list still name it
  f.lc.line_entry_dropped(id);
  f.lc.release_if_unreferenced(id);
  CHECK(f.lc.live(id));  // the meeting list still does
  f.lc.unlisted(is);
  f.lc.expect_reply(id);  // a message to the district will come back
  f.lc.release_if_unreferenced(id);
  CHECK(f.lc.live(id));
  f.lc.event_taken(id);
  f.lc.release_if_unreferenced(id);
  CHECK(!f.lc.live(id));
}

TEST_CASE("patience is armed only when the current state does not end first", "[unit][lifecycle]") {
  Fixture f;
  const std::uint32_t a = f.lc.raise(0.0, 1, 0, 0, true, 0), b = f.lc.raise(0.0, 2, 0, 0, true, 0);
  Issue& ia = f.lc[a];
  ia.patience = 10;
  f.lc.become_known(ia, 0.0, true, 0);
  f.lc.to_service(f.loop, a, 5.0, kNoPool);  // ends before the complaint at 10
  f.lc.after_event(f.loop, a);
  CHECK(!ia.armed);
  Issue& ib = f.lc[b];
  ib.patience = 10;
  f.lc.become_known(ib, 0.0, true, 0);
  f.lc.to_waiting(ib, b, 0);  // no known end
  f.lc.after_event(f.loop, b);
  CHECK(ib.armed);
  CHECK(ib.pending == 1);
  // The patience event is the next for b, at 10.
  std::uint32_t patience_events = 0;
  while (!f.loop.queue().empty()) {
    const auto e = f.loop.queue().pop();
    if (e.kind() == f.k.patience) {
      ++patience_events;
      CHECK(e.target() == b);
      CHECK(e.time == 10.0);
    }
  }
  CHECK(patience_events == 1);
}

TEST_CASE("complaints, whistles, follow-up and the final states", "[unit][lifecycle]") {
  Fixture f;
  const std::uint32_t id = f.lc.raise(0.0, 1, 1, 0, true, 0);
  Issue& is = f.lc[id];
  f.lc.complained(is, 2);
  f.lc.complained(is, 2);
  const auto& m = f.lc.observers().metrics();
  CHECK(is.complaints == 2);
  CHECK(m.c.complaints == 2);
  CHECK(m.c.complained_issues == 1);
  CHECK(m.grids[1].complaints == 2);
  CHECK(m.days[2].complaints == 2);
  f.lc.to_department(is);
  CHECK(is.state == IssueState::AtDepartment);
  CHECK(is.by == byte_of(By::Department));
  CHECK(m.c.whistles == 1);
  f.lc.to_closing(is);  // the department's reply
  f.lc.follow_up(f.loop, id, 50.0);
  CHECK(is.state == IssueState::FollowUp);
  CHECK(is.passes == 1);
  CHECK(m.c.reopened == 1);
  const auto fs = f.lc.final_states();
  CHECK(fs[static_cast<std::size_t>(IssueState::FollowUp)] == 1);
  CHECK(fs[static_cast<std::size_t>(IssueState::Resolved)] == 0);
  f.lc.finish();
  REQUIRE(f.lc.observers().issue_log().size() == 1);  // still open: logged with no resolution time
  CHECK(std::isnan(f.lc.observers().issue_log()[0].t_resolved));
}

TEST_CASE("the lifecycle's state machine: every allowed and every forbidden transition", "[unit][lifecycle]") {
  // The allowed moves, written out by name; every other pair is forbidden.
  const std::set<std::pair<std::string, std::string>> allowed{
      {"latent", "with_hotline"},     {"latent", "waiting"},           {"latent", "in_service"},
      {"latent", "at_meeting"},       {"latent", "at_department"},     {"with_hotline", "waiting"},
      {"with_hotline", "in_service"}, {"with_hotline", "at_meeting"},  {"with_hotline", "at_department"},
      {"waiting", "with_hotline"},    {"waiting", "in_service"},       {"waiting", "at_department"},
      {"in_service", "waiting"},      {"in_service", "in_service"},    {"in_service", "follow_up"},
      {"in_service", "resolved"},     {"at_meeting", "with_hotline"},  {"at_meeting", "waiting"},
      {"at_meeting", "in_service"},   {"at_meeting", "at_department"}, {"at_department", "in_service"},
      {"follow_up", "with_hotline"},  {"follow_up", "waiting"},        {"follow_up", "in_service"},
      {"follow_up", "at_meeting"},    {"follow_up", "at_department"}};
  std::size_t n_allowed = 0;
  for (std::size_t a = 0; a < kIssueStates; ++a)
    for (std::size_t b = 0; b < kIssueStates; ++b) {
      const bool expected = allowed.count({kIssueStateNames[a], kIssueStateNames[b]}) == 1;
      INFO(kIssueStateNames[a] << " -> " << kIssueStateNames[b]);
      CHECK(transition_allowed(static_cast<IssueState>(a), static_cast<IssueState>(b)) == expected);
      n_allowed += expected ? 1 : 0;
    }
  CHECK(n_allowed == allowed.size());
  // Resolved is final; nothing returns to Latent (a recycled record starts afresh in raise).
  for (std::size_t b = 0; b < kIssueStates; ++b) {
    CHECK(!transition_allowed(IssueState::Resolved, static_cast<IssueState>(b)));
    CHECK(!transition_allowed(static_cast<IssueState>(b), IssueState::Latent));
  }
#ifdef GRIDGOV_CHECK_TRANSITIONS
  // In checking builds (the sanitizer build of CI) a forbidden move throws.
  Fixture f;
  const std::uint32_t id = f.lc.raise(0.0, 1, 0, 0, true, 0);
  Issue& is = f.lc[id];
  f.lc.to_service(f.loop, id, 1.0, kNoPool);
  f.lc.resolve(id, 1.0, 100.0, 0);
  CHECK_THROWS_WITH(f.lc.to_department(is), Catch::Contains("forbidden transition resolved -> at_department"));
#endif
}
