#pragma once
/// \file
/// Conservative time-window parallel discrete-event execution. Each partition advances its
/// own event list to the end of the window on whatever thread oneTBB gives it; then, serially
/// and in partition order, the model exchanges what crossed partitions. Because nothing a
/// partition reads changes during a window, results do not depend on the thread count.
#include <cstddef>
#include <functional>

namespace gridgov::engine {

/// What the engine needs from a model. The engine knows nothing of agents or metrics.
class PartitionedModel {
 public:
  virtual ~PartitionedModel() = default;
  virtual std::size_t partition_count() const = 0;
  /// Process partition p's events with time < t_end (hours). Called concurrently for different p.
  virtual void advance(std::size_t p, double t_end) = 0;
  /// Serial step at the end of each window: deliver messages in a fixed order, apply scheduled
  /// interventions. Must not depend on which thread ran which partition.
  virtual void synchronise(double t_end) = 0;
};

struct RunOptions {
  double horizon_hours = 0;  ///< run until this time
  double window_hours = 24;  ///< synchronisation window
  /// Called after every window with the time reached (for progress reports); may be empty.
  std::function<void(double)> on_window;
};

/// Run the model window by window until the horizon, partitions in parallel within the
/// current oneTBB arena (limit threads with tbb::global_control or a task_arena).
void run_windows(PartitionedModel& model, const RunOptions& options);

}  // namespace gridgov::engine
