// City-scale benchmark (not a test): 1,000,000 households, 365 days, default mechanisms on
// (1 party member per 10 households visiting monthly, weekly building-lead walks, daily grid
// patrols). Prints household-years per wall-second, events per second and peak memory per
// household, end to end (geography, agents and first events, the event loop, the metrics) and for
// the event loop alone (World::run: what ../shared/bench/bare_buckets.cpp times, whose initial
// pushes are outside its clock too; the engine efficiency is loop events/s over bare events/s).
// Usage: gridgov_bench [--households N] [--days D] [--threads T] [--communities C]
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include <tbb/global_control.h>
#include <tbb/task_arena.h>

#include "models/geography/Geography.hpp"
#include "models/scenario/ScenarioSpec.hpp"
#include "models/world/World.hpp"
#include "sim/engine/HugePages.hpp"

using namespace gridgov;

static long peak_rss_kb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

int main(int argc, char** argv) {
  gridgov::engine::use_huge_pages(argv);
  long long households = 1'000'000, days = 365, communities = 100;
  int threads = 0;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--households"))
      households = std::atoll(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--days"))
      days = std::atoll(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--threads"))
      threads = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--communities"))
      communities = std::atoll(argv[i + 1]);
    else {
      std::fprintf(stderr, "usage: gridgov_bench [--households N] [--days D] [--threads T] [--communities C]\n");
      return 2;
    }
  }
  const long base_kb = peak_rss_kb();
  models::LoadedScenario sc = models::load_scenario("", {});
  models::ScenarioSpec spec = sc.spec;
  // 100 communities x 10 grids x 10 buildings x 100 households = 1,000,000 households.
  spec.communities = communities;
  spec.grids_per_community = 10;
  spec.buildings_per_grid = 10;
  spec.households_per_building = std::max(1LL, households / (communities * 100));
  spec.days = days;
  spec.warmup_days = 0;
  spec.replicates = 1;
  spec.party.members_per_household = 0.1;
  spec.party.member_visits_per_month = 1;
  spec.leads.lead_walks_per_week = 1;
  spec.grid.patrols_per_day = 1;
  if (const char* w = std::getenv("GRIDGOV_BENCH_WINDOW")) spec.window_hours = std::atof(w);
  const int nthreads = threads > 0 ? threads : tbb::this_task_arena::max_concurrency();
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(nthreads));
  tbb::task_arena arena(nthreads);
  // The same steps as models::run_replicate, timed apart.
  using Clock = std::chrono::steady_clock;
  const auto t0 = Clock::now();
  const auto geo = models::build_geography(spec);
  const double build = std::chrono::duration<double>(Clock::now() - t0).count();
  models::ReplicateMetrics m;
  double loop = 0;
  arena.execute([&] {
    models::World world(spec, *geo, 0);
    const auto l0 = Clock::now();
    world.run();
    loop = std::chrono::duration<double>(Clock::now() - l0).count();
    m = world.collect();
  });
  const double wall = std::chrono::duration<double>(Clock::now() - t0).count();
  const double hh_years = static_cast<double>(m.households) * static_cast<double>(days) / 365.0;
  const long peak_kb = peak_rss_kb();
  std::printf("households            %llu\n", static_cast<unsigned long long>(m.households));
  std::printf("days                  %lld\n", days);
  std::printf("threads               %d\n", threads);
  const char* tunables = std::getenv("GLIBC_TUNABLES");
  std::printf("huge pages            %s\n", tunables && std::strstr(tunables, "glibc.malloc.hugetlb=1")
                                                ? "on (glibc.malloc.hugetlb=1; GRIDGOV_HUGEPAGES=0 turns them off)"
                                                : "off");
  std::printf("wall seconds          %.3f (geography %.3f, event loop %.3f)\n", wall, build, loop);
  std::printf("issues raised         %llu\n", static_cast<unsigned long long>(m.c.raised));
  std::printf("events                %llu\n", static_cast<unsigned long long>(m.events));
  std::printf("household-years/s     %.0f\n", hh_years / wall);
  std::printf("events/s              %.0f\n", static_cast<double>(m.events) / wall);
  std::printf("loop events/s         %.0f (the event loop alone; compare with bare_buckets)\n",
              static_cast<double>(m.events) / loop);
  std::printf("peak RSS              %.1f MiB\n", static_cast<double>(peak_kb) / 1024.0);
  std::printf("bytes/household       %.1f (peak RSS above the %.1f MiB before the run)\n",
              static_cast<double>(peak_kb - base_kb) * 1024.0 / static_cast<double>(m.households),
              static_cast<double>(base_kb) / 1024.0);
  return 0;
}
