#include "sim/engine/Engine.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>

namespace gridgov::engine {

void run_windows(PartitionedModel& model, const RunOptions& options) {
  const std::size_t n = model.partition_count();
  const double horizon = options.horizon_hours;
  const double window = options.window_hours;
  for (std::size_t w = 0;; ++w) {
    // Window ends are computed from the index, not accumulated, so they are exact multiples.
    const double t_end = std::min(horizon, static_cast<double>(w + 1) * window);
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n, 1), [&](const tbb::blocked_range<std::size_t>& r) {
      for (std::size_t p = r.begin(); p != r.end(); ++p) model.advance(p, t_end);
    });
    model.synchronise(t_end);
    if (options.on_window) options.on_window(t_end);
    if (t_end >= horizon) break;
  }
}

}  // namespace gridgov::engine
