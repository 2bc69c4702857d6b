#pragma once
/// \file
/// The event loop of one partition: its future event list, the table of event kinds the model
/// registered, the daily clock and the per-window hooks. The engine knows no event kind: a model
/// registers each kind once in an EventKinds table (a name, a member-function handler and whether
/// the event's target needs the model's epilogue afterwards), shared by all its partitions, and
/// receives the kind's number to schedule with.
///
/// advance(model, t_end) processes every event with time < t_end in (time, insertion) order:
///   - before the first event, model.on_window_start(loop) may look at the window's events
///     (near_events()) to prefetch what they will touch, or push work ahead;
///   - whenever the clock passes a day end (24 h multiples), model.on_day_end(day, t) runs first
///     (daily snapshots; every day of the window gets one, with or without events);
///   - each event calls its kind's handler; kinds registered with an epilogue then call
///     model.after_event(target) (e.g. recycle a finished record or re-arm a timer);
///   - at the end, model.on_window_end().
/// The loop stores no pointer to the model, so a model that owns its loop may be moved.
#include <array>
#include <cassert>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "sim/engine/EventQueue.hpp"

namespace gridgov::engine {

/// The event kinds of a model type: built once, shared read-only by every partition's loop.
template <class Model>
class EventKinds {
 public:
  using Handler = void (Model::*)(double t, std::uint32_t target);
  struct Kind {
    Handler handler = nullptr;
    bool epilogue = false;  ///< call model.after_event(target) after the handler
  };

  /// Register an event kind; returns its number (kinds are numbered in registration order).
  /// Throws std::logic_error beyond kMaxEventKinds kinds.
  std::uint32_t add(std::string name, Handler handler, bool epilogue) {
    if (size_ == kMaxEventKinds) throw std::logic_error("EventKinds: more than kMaxEventKinds event kinds");
    table_[size_] = Kind{handler, epilogue};
    names_[size_] = std::move(name);
    return size_++;
  }
  std::uint32_t size() const noexcept { return size_; }
  const std::string& name(std::uint32_t k) const { return names_.at(k); }
  const Kind& operator[](std::uint32_t k) const noexcept { return table_[k]; }

 private:
  std::array<Kind, kMaxEventKinds> table_{};
  std::array<std::string, kMaxEventKinds> names_{};
  std::uint32_t size_ = 0;
};

template <class Model>
class PartitionLoop {
 public:
  static constexpr double kDayHours = 24.0;

  /// `buckets`: day buckets of the queue's ring (events further ahead wait in a heap); fewer
  /// for a small partition keep its memory small. The order of events does not depend on it.
  explicit PartitionLoop(const EventKinds<Model>& kinds, std::size_t buckets = 512)
      : kinds_(&kinds), queue_(kDayHours, buckets) {}

  /// Schedule `kind` for `target` at `time` (hours, not before now()).
  void schedule(double time, std::uint32_t kind, std::uint32_t target) {
    assert(kind < kinds_->size());
    queue_.push(time, kind, target);
  }

  /// Process every event with time < t_end (see the file comment).
  void advance(Model& model, double t_end) {
    if (!queue_.empty()) model.on_window_start(*this);
    while (!queue_.empty() && queue_.top().time < t_end) {
      const Event e = queue_.pop();
      while (e.time >= next_day_end_) end_day(model);
      now_ = e.time;
      ++events_;
      const auto& k = (*kinds_)[e.kind()];
      (model.*k.handler)(e.time, e.target());
      if (k.epilogue) model.after_event(e.target());
    }
    while (next_day_end_ <= t_end + 1e-9) end_day(model);
    now_ = t_end;
    model.on_window_end();
  }

  /// Time of the event being processed, or the end of the last window.
  double now() const noexcept { return now_; }
  /// Days whose end the clock has passed.
  std::uint32_t day() const noexcept { return day_; }
  /// Events processed so far.
  std::uint64_t events() const noexcept { return events_; }
  EventQueue& queue() noexcept { return queue_; }
  void reserve(std::size_t n) { queue_.reserve(n); }

 private:
  void end_day(Model& model) {
    model.on_day_end(day_, next_day_end_);
    ++day_;
    next_day_end_ = static_cast<double>(day_ + 1) * kDayHours;
  }

  const EventKinds<Model>* kinds_;
  EventQueue queue_;
  double now_ = 0;
  std::uint32_t day_ = 0;
  double next_day_end_ = kDayHours;
  std::uint64_t events_ = 0;
};

}  // namespace gridgov::engine
