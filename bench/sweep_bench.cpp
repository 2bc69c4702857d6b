// Sweep throughput benchmark (not a test): runs a sweep file (default sweeps/tianhe_bench.yaml,
// a Tianhe factorial) into temporary folders with each thread count given and prints runs per
// second, household-years per second and the parallel efficiency relative to the first count.
// Usage: gridgov_sweep_bench [--sweep FILE] [--threads 1,2,16]
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "models/run/ExperimentModel.hpp"
#include "models/world/World.hpp"
#include "sim/engine/HugePages.hpp"
#include "sim/experiment/SweepRun.hpp"
#include "sim/experiment/SweepSpec.hpp"

using namespace gridgov;

int main(int argc, char** argv) {
  gridgov::engine::use_huge_pages(argv);
  std::string file = std::string(GRIDGOV_SOURCE_DIR) + "/sweeps/tianhe_bench.yaml";
  std::vector<int> threads{1, 2};
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--sweep")) {
      file = argv[i + 1];
    } else if (!std::strcmp(argv[i], "--threads")) {
      threads.clear();
      std::stringstream ss(argv[i + 1]);
      std::string t;
      while (std::getline(ss, t, ',')) threads.push_back(std::atoi(t.c_str()));
    } else {
      std::fprintf(stderr, "usage: gridgov_sweep_bench [--sweep FILE] [--threads 1,2,16]\n");
      return 2;
    }
  }
  try {
    const auto spec = experiment::load_sweep(models::experiment_model(), file);
    double hh_years = 0;
    for (std::size_t p = 0; p < spec.points.size(); ++p) {
      const auto point = experiment::point_scenario(spec, p);
      const auto& sc = models::spec_of(*point);
      const auto geo = models::build_geography(sc);
      hh_years += static_cast<double>(geo->households()) * static_cast<double>(sc.days) / 365.0 * spec.replicates;
    }
    std::printf("sweep %s: %zu points x %u replicates = %llu runs, %.4g household-years\n", file.c_str(), spec.points.size(),
                spec.replicates, static_cast<unsigned long long>(spec.runs()), hh_years);
    std::printf("%8s %10s %10s %14s %11s\n", "threads", "wall_s", "runs/s", "hh-years/s", "efficiency");
    double base_rate = 0;
    int base_threads = 0;
    for (int t : threads) {
      const auto dir = std::filesystem::temp_directory_path() /
                       ("gridgov_sweep_bench_" + std::to_string(::getpid()) + "_" + std::to_string(t));
      std::filesystem::remove_all(dir);
      experiment::SweepOptions o;
      o.threads = t;
      const auto t0 = std::chrono::steady_clock::now();
      {
        experiment::SweepFolder folder(dir.string(), spec, o, experiment::OpenMode::Fresh);
        experiment::run_local(folder, spec, o);
      }
      const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      std::filesystem::remove_all(dir);
      const double rate = static_cast<double>(spec.runs()) / wall;
      if (base_threads == 0) base_rate = rate, base_threads = t;
      std::printf("%8d %10.2f %10.2f %14.4g %10.0f%%\n", t, wall, rate, hh_years / wall,
                  100.0 * rate / base_rate / (static_cast<double>(t) / base_threads));
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "gridgov_sweep_bench: %s\n", e.what());
    return 1;
  }
  return 0;
}
