// Unit tests of the per-partition future event list: (time, insertion) order across the run,
// the near heap, the bucket ring and the far heap; kind and target packing.
#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <tuple>
#include <vector>

#include "sim/engine/EventQueue.hpp"

using gridgov::engine::Event;
using gridgov::engine::EventQueue;
using gridgov::engine::kMaxEventKinds;
using gridgov::engine::kMaxEventTarget;

TEST_CASE("events carry their kind and target at the extremes of the packing", "[unit][engine]") {
  EventQueue q;
  q.push(1.0, kMaxEventKinds - 1, kMaxEventTarget);
  q.push(2.0, 0, 0);
  q.push(3.0, 7, 12345);
  const Event a = q.pop(), b = q.pop(), c = q.pop();
  CHECK(a.kind() == kMaxEventKinds - 1);
  CHECK(a.target() == kMaxEventTarget);
  CHECK(b.kind() == 0);
  CHECK(b.target() == 0);
  CHECK(c.kind() == 7);
  CHECK(c.target() == 12345);
  CHECK(q.empty());
}

TEST_CASE("events come out in (time, insertion) order: same-time events keep their push order", "[unit][engine]") {
  EventQueue q(24.0, 8);
  // Same time in the current bucket, a later bucket, and beyond the ring (far heap).
  for (double t : {5.0, 30.0, 24.0 * 20}) {
    for (std::uint32_t i = 0; i < 5; ++i) q.push(t, 1, i);
  }
  std::vector<std::pair<double, std::uint32_t>> got;
  while (!q.empty()) {
    const Event e = q.pop();
    got.emplace_back(e.time, e.target());
  }
  REQUIRE(got.size() == 15);
  for (std::size_t i = 0; i < got.size(); ++i) {
    CHECK(got[i].second == i % 5);
    if (i) CHECK(got[i - 1].first <= got[i].first);
  }
}

TEST_CASE("the queue matches a reference priority queue under random pushes and pops", "[unit][engine]") {
  // Reference: a sorted multiset of (time, seq). The queue must pop exactly the same sequence,
  // including pushes into the current day (near heap), the ring and far beyond it.
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> gap(0.0, 1.0);
  EventQueue q(24.0, 16);
  std::vector<std::tuple<double, std::uint64_t, std::uint32_t>> ref;  // (time, seq, target)
  std::uint64_t seq = 0;
  double now = 0;
  auto push = [&](double t) {
    const auto target = static_cast<std::uint32_t>(seq % 1000);
    q.push(t, 3, target);
    ref.emplace_back(t, seq++, target);
  };
  for (int i = 0; i < 200; ++i) push(gap(rng) * 24.0 * 40);
  for (int step = 0; step < 20000; ++step) {
    const double r = gap(rng);
    if (r < 0.45 || ref.empty()) {
      // Near (same day), medium (within the ring) or far (beyond it); sometimes exactly "now".
      const double which = gap(rng);
      const double t = which < 0.1 ? now
                                   : now + (which < 0.5   ? gap(rng) * 12
                                            : which < 0.9 ? gap(rng) * 24 * 14
                                                          : gap(rng) * 24 * 400);
      push(t);
    } else {
      const auto it = std::min_element(ref.begin(), ref.end());
      const Event e = q.pop();
      REQUIRE(e.time == std::get<0>(*it));
      REQUIRE(e.target() == std::get<2>(*it));
      now = e.time;
      ref.erase(it);
    }
    REQUIRE(q.size() == ref.size());
  }
  CHECK(q.pushed() == seq);
}

TEST_CASE("near_events lists the current bucket's remaining events in time order", "[unit][engine]") {
  EventQueue q(24.0, 8);
  q.push(30.0, 1, 1);
  q.push(26.0, 1, 2);
  q.push(40.0, 1, 3);
  q.push(80.0, 1, 4);   // a later bucket
  REQUIRE(!q.empty());  // moves the first non-empty bucket into the run
  const auto near = q.near_events();
  REQUIRE(near.size() == 3);
  CHECK(near[0].target() == 2);
  CHECK(near[1].target() == 1);
  CHECK(near[2].target() == 3);
  CHECK(q.pop().target() == 2);
  CHECK(q.near_events().size() == 2);
}

TEST_CASE("the ring's length (any request, rounded up to a power of two) does not change the order of events", "[unit][engine]") {
  // The same pushes and pops through rings of 3 (rounded to 4), 10 (16), 16 and 1024 day buckets:
  // near-day, in-ring and far pushes interleaved with pops must give one and the same sequence.
  auto trace = [](std::size_t buckets) {
    std::mt19937_64 rng(11);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    EventQueue q(24.0, buckets);
    std::vector<std::pair<double, std::uint32_t>> out;
    double now = 0;
    std::uint32_t n = 0;
    for (int step = 0; step < 5000; ++step) {
      if (u(rng) < 0.5 || q.size() == 0) {
        const double w = u(rng);
        q.push(now + (w < 0.3 ? u(rng) * 24 : w < 0.7 ? u(rng) * 24 * 12 : u(rng) * 24 * 300), 1, n++);
      } else {
        const Event e = q.pop();
        now = e.time;
        out.emplace_back(e.time, e.target());
      }
    }
    while (!q.empty()) {
      const Event e = q.pop();
      out.emplace_back(e.time, e.target());
    }
    return out;
  };
  const auto ref = trace(1024);
  REQUIRE(ref.size() > 2000);
  for (std::size_t b : {3u, 10u, 16u}) {
    INFO("buckets " << b);
    CHECK(trace(b) == ref);
  }
}
