// Unit tests of the engine-owned partition loop and the window barrier: handlers registered by
// a model, the epilogue, the daily clock (every day gets its snapshot, with or without events),
// window hooks, and results independent of the window length and of the thread count.
#include <catch2/catch.hpp>

#include <tbb/global_control.h>

#include <string>
#include <vector>

#include "sim/engine/Engine.hpp"
#include "sim/engine/PartitionLoop.hpp"

namespace {

using gridgov::engine::EventKinds;
using gridgov::engine::PartitionLoop;

/// A toy model: each target re-schedules itself every `period` hours ("tick"), logging what it sees.
struct Toy {
  static const EventKinds<Toy>& kinds() {
    static const EventKinds<Toy> k = [] {
      EventKinds<Toy> t;
      t.add("tick", &Toy::on_tick, true);
      t.add("once", &Toy::on_once, false);
      return t;
    }();
    return k;
  }
  explicit Toy(double tick_hours) : period(tick_hours), loop(kinds()) {}
  void on_tick(double t, std::uint32_t target) {
    log.push_back("tick " + std::to_string(target) + " @" + std::to_string(t));
    loop.schedule(t + period + 0.25 * target, 0, target);
  }
  void on_once(double t, std::uint32_t target) { log.push_back("once " + std::to_string(target) + " @" + std::to_string(t)); }
  void on_window_start(PartitionLoop<Toy>&) { ++windows; }
  void on_day_end(std::uint32_t day, double t) { days.push_back({day, t}); }
  void after_event(std::uint32_t target) { epilogues.push_back(target); }
  void on_window_end() {}

  double period;
  PartitionLoop<Toy> loop;
  std::vector<std::string> log;
  std::vector<std::pair<std::uint32_t, double>> days;
  std::vector<std::uint32_t> epilogues;
  int windows = 0;
};

}  // namespace

TEST_CASE("the partition loop dispatches registered kinds in time order with epilogues", "[unit][engine]") {
  CHECK(Toy::kinds().size() == 2);
  CHECK(Toy::kinds().name(1) == "once");
  Toy m(10.0);
  m.loop.schedule(1.0, 0, 1);
  m.loop.schedule(2.0, 1, 9);
  m.loop.advance(m, 15.0);
  REQUIRE(m.log == std::vector<std::string>{"tick 1 @1.000000", "once 9 @2.000000", "tick 1 @11.250000"});
  // Only "tick" asked for the epilogue.
  CHECK(m.epilogues == std::vector<std::uint32_t>{1, 1});
  CHECK(m.loop.events() == 3);
  CHECK(m.loop.now() == 15.0);
}

TEST_CASE("every day gets one day-end call, also days without events, before later events", "[unit][engine]") {
  Toy m(100.0);
  m.loop.schedule(50.0, 1, 0);  // day 2
  m.loop.advance(m, 24.0 * 5);
  REQUIRE(m.days.size() == 5);
  for (std::uint32_t d = 0; d < 5; ++d) {
    CHECK(m.days[d].first == d);
    CHECK(m.days[d].second == 24.0 * (d + 1));
  }
  CHECK(m.loop.day() == 5);
}

TEST_CASE("the events of a run do not depend on how it is cut into windows", "[unit][engine]") {
  auto run = [](double window) {
    Toy m(7.0);
    for (std::uint32_t i = 0; i < 4; ++i) m.loop.schedule(0.5 * i, 0, i);
    for (double t = window; t <= 24.0 * 10 + 1e-9; t += window) m.loop.advance(m, t);
    return m.log;
  };
  const auto a = run(24.0), b = run(6.0), c = run(240.0);
  CHECK(a == b);
  CHECK(a == c);
  CHECK(a.size() > 100);
}

TEST_CASE("run_windows: results are the same at 1 and 4 threads and every window is synchronised", "[unit][engine]") {
  struct Model : gridgov::engine::PartitionedModel {
    std::vector<Toy> parts;
    std::vector<double> syncs;
    std::vector<std::size_t> seen;  ///< events processed by all partitions at each barrier
    Model() {
      for (int p = 0; p < 6; ++p) {
        parts.emplace_back(3.0 + p);
        parts.back().loop.schedule(0.1 * p, 0, static_cast<std::uint32_t>(p));
      }
    }
    std::size_t partition_count() const override { return parts.size(); }
    void advance(std::size_t p, double t_end) override { parts[p].loop.advance(parts[p], t_end); }
    void synchronise(double t_end) override {
      syncs.push_back(t_end);
      std::size_t n = 0;
      for (auto& p : parts) n += p.log.size();
      seen.push_back(n);
    }
  };
  auto go = [](int threads) {
    tbb::global_control gc(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
    Model m;
    gridgov::engine::RunOptions o;
    o.horizon_hours = 24.0 * 3 + 5;
    o.window_hours = 24.0;
    gridgov::engine::run_windows(m, o);
    std::vector<std::string> all;
    for (auto& p : m.parts) all.insert(all.end(), p.log.begin(), p.log.end());
    return std::make_tuple(all, m.syncs, m.seen);
  };
  const auto one = go(1), four = go(4);
  CHECK(std::get<0>(one) == std::get<0>(four));
  CHECK(std::get<2>(one) == std::get<2>(four));
  CHECK(std::get<1>(one) == std::vector<double>{24, 48, 72, 77});
}
