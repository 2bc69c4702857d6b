// Unit tests of the multi-server line: priority before FIFO, stale entries skipped, and the
// busy and queue integrals (utilisation, Little's law).
#include <catch2/catch.hpp>

#include <set>
#include <vector>

#include "sim/engine/ServerPool.hpp"

using gridgov::engine::IndexRing;
using gridgov::engine::ServerPool;

TEST_CASE("IndexRing is FIFO across growth and wrap-around", "[unit][engine]") {
  IndexRing r;
  std::uint32_t next_in = 0, next_out = 0;
  for (int round = 0; round < 50; ++round) {
    for (int i = 0; i < 7; ++i) r.push(next_in++);
    for (int i = 0; i < 5; ++i) REQUIRE(r.pop() == next_out++);
  }
  CHECK(r.size() == next_in - next_out);
}

TEST_CASE("a pool serves priority cases first, FIFO within a class, and skips stale entries", "[unit][engine]") {
  ServerPool p(1);
  p.start(0);
  REQUIRE(!p.has_free_server());
  p.enqueue(1, 10, false);
  p.enqueue(2, 11, false);
  p.enqueue(3, 12, true);
  p.enqueue(4, 13, false);
  p.promote(13);        // 13 moves to the priority class; its normal entry becomes stale
  p.remove_waiting(5);  // case 11 abandons: its entry becomes stale
  CHECK(p.waiting() == 3);
  std::set<std::uint32_t> gone{11};
  std::set<std::uint32_t> promoted{13};
  std::vector<std::uint32_t> order;
  auto valid = [&](std::uint32_t id, bool high) {
    if (gone.count(id)) return false;
    if (promoted.count(id) && !high) return false;  // the stale normal entry
    return true;
  };
  p.finish(6);
  for (;;) {
    const std::uint32_t id = p.next(6, valid);
    if (id == ServerPool::kNone) break;
    order.push_back(id);
    gone.insert(id);
  }
  CHECK(order == std::vector<std::uint32_t>{12, 13, 10});
  CHECK(p.waiting() == 0);
}

TEST_CASE("busy and queue integrals give utilisation and the time-average line", "[unit][engine]") {
  ServerPool p(2);
  p.reset_integrals(0);
  p.start(0);              // busy 1 over [0, 2)
  p.start(2);              // busy 2 over [2, 4)
  p.enqueue(3, 1, false);  // one waiting over [3, 4)
  p.finish(4);             // busy 1 over [4, 10)
  (void)p.next(4, [](std::uint32_t, bool) { return true; });
  p.start(4);  // busy 2 over [4, 10)
  p.advance(10);
  CHECK(p.busy_area() == Approx(1 * 2 + 2 * 2 + 2 * 6));
  CHECK(p.queue_area() == Approx(1.0));
  p.reset_integrals(10);
  p.advance(12);
  CHECK(p.busy_area() == Approx(4.0));
  CHECK(p.queue_area() == Approx(0.0));
}
