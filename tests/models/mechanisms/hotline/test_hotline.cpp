// Tests of the 12345 hotline (models/mechanisms/hotline/, ODD §7.8): the backstop that forces
// attention. A complaint is logged by the district and comes back after hotline.forward_delay as a
// forced dispatch that puts the case first in line, or (dispatch_to: department) sends it to its
// department. The tests pin the run-time values; that without the hotline nothing is logged or
// dispatched, no resident goes straight to it, and no meeting is brought forward, while residents
// still complain; that a dispatch arrives only after its delay (none within the horizon when the
// delay is longer); and that dispatching to departments sends more cases to them.
#include <catch2/catch.hpp>

#include "../MechanismTest.hpp"
#include "models/mechanisms/hotline/Params.hpp"

using namespace gridgov::models;
using namespace gridgov::systest;
using namespace gridgov::mechtest;
using gridgov::schema::DistSpec;

TEST_CASE("hotline: run-time values: the switch, the forward delay in hours and where dispatches go", "[unit][hotline]") {
  HotlineParams p;  // on, a fixed 4-hour delay, to the handler
  HotlineRuntime r = HotlineRuntime::derive(p);
  CHECK(r.hotline);
  CHECK(r.forward_delay.expected() == 4.0);
  CHECK(r.forward_delay.variance() == 0.0);
  CHECK(!r.dispatch_to_department);
  p.hotline_enabled = false;
  p.forward_delay = DistSpec::exponential(2, "days");
  p.dispatch_to = "department";
  r = HotlineRuntime::derive(p);
  CHECK(!r.hotline);
  CHECK(r.forward_delay.expected() == Approx(48.0));  // 2 days
  CHECK(r.forward_delay.variance() == Approx(48.0 * 48.0));
  CHECK(r.dispatch_to_department);
}

TEST_CASE("hotline: off, nothing is logged or dispatched, yet residents complain", "[system][hotline]") {
  PairedRuns runs("hotline-off");
  const SmallRun on = runs("on", {});
  const SmallRun off = runs("off", {"hotline.enabled=false"});
  for (std::size_t r = 0; r < on.replicates(); ++r) {
    INFO("replicate " << r);
    CHECK(on(r, "hotline_contacts") > 0);
    CHECK(on(r, "forced_dispatches") > 0);
    CHECK(on(r, "reported_via_hotline_share") > 0);
    // Every complaint is logged (the hotline also logs the warm-up's), and a dispatch answers one.
    CHECK(on(r, "hotline_contacts") >= on(r, "complaints"));
    CHECK(on(r, "forced_dispatches") <= on(r, "hotline_contacts"));
    CHECK(off(r, "hotline_contacts") == 0);
    CHECK(off(r, "forced_dispatches") == 0);
    // The hotline channel falls back to the grid worker: nobody goes straight to 12345.
    CHECK(off(r, "reported_via_hotline_share") == 0);
    CHECK(off(r, "direct_hotline_share") == 0);
    // Patience still runs out: complaints are counted (and move satisfaction and trust).
    CHECK(off(r, "complaints") > 0);
  }
}

TEST_CASE("hotline: a forced dispatch arrives after the forward delay", "[system][hotline]") {
  PairedRuns runs("hotline-delay");
  // A delay longer than the 120-day run: complaints are logged, no dispatch comes back in time.
  const SmallRun late = runs("late", {"hotline.forward_delay={dist: fixed, value: 1000, unit: days}"});
  for (std::size_t r = 0; r < late.replicates(); ++r) {
    INFO("replicate " << r);
    CHECK(late(r, "hotline_contacts") > 0);
    CHECK(late(r, "forced_dispatches") == 0);
  }
}

TEST_CASE("hotline: dispatched to departments, complaints become whistles", "[system][hotline]") {
  PairedRuns runs("hotline-department");
  const SmallRun handler = runs("handler", {});
  const SmallRun department = runs("department", {"hotline.dispatch_to=department"});
  for (std::size_t r = 0; r < handler.replicates(); ++r) {
    INFO("replicate " << r);
    CHECK(department(r, "forced_dispatches") > 0);
    CHECK(department(r, "whistles") > handler(r, "whistles"));
    CHECK(department(r, "resolved_by_department_share") > handler(r, "resolved_by_department_share"));
  }
  // Measured: 77 whistles against 50 over the four replicates.
  CHECK(total(department, "whistles") > 1.3 * total(handler, "whistles"));
}
