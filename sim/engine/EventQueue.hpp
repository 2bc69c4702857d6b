#pragma once
/// \file
/// The per-partition future event list: a 4-ary min-heap of 16-byte events ordered by
/// (time, insertion sequence), so ties are broken by insertion order and the run is
/// deterministic. Storage grows geometrically and is reused: no allocation per event once warm.
#include <cassert>
#include <cstdint>
#include <vector>

namespace gridgov::sim {

/// A scheduled event: time in hours, a 4-bit kind and a 28-bit target (an agent or record index).
struct Event {
  double time;
  std::uint32_t seq;
  std::uint32_t payload;
  std::uint32_t kind() const noexcept { return payload >> 28; }
  std::uint32_t target() const noexcept { return payload & 0x0FFFFFFFu; }
};
static_assert(sizeof(Event) == 16);

/// Largest target index an event can carry.
inline constexpr std::uint32_t kMaxEventTarget = 0x0FFFFFFFu;

class EventQueue {
 public:
  void reserve(std::size_t n) { heap_.reserve(n); }
  bool empty() const noexcept { return heap_.empty(); }
  std::size_t size() const noexcept { return heap_.size(); }
  /// Events ever pushed (the sequence counter).
  std::uint64_t pushed() const noexcept { return pushed_; }
  const Event& top() const noexcept { return heap_.front(); }

  /// Schedule `kind` (0..15) for `target` at `time` (hours).
  void push(double time, std::uint32_t kind, std::uint32_t target) {
    assert(kind < 16 && target <= kMaxEventTarget);
    Event e{time, static_cast<std::uint32_t>(pushed_++), (kind << 28) | target};
    heap_.push_back(e);
    sift_up(heap_.size() - 1);
  }

  /// Remove and return the earliest event.
  Event pop() noexcept {
    Event top = heap_.front();
    Event last = heap_.back();
    heap_.pop_back();
    if (!heap_.empty()) sift_down(last);
    return top;
  }

 private:
  static bool before(const Event& a, const Event& b) noexcept {
    return a.time < b.time || (a.time == b.time && a.seq < b.seq);
  }
  void sift_up(std::size_t i) noexcept {
    Event e = heap_[i];
    while (i > 0) {
      const std::size_t parent = (i - 1) / 4;
      if (!before(e, heap_[parent])) break;
      heap_[i] = heap_[parent];
      i = parent;
    }
    heap_[i] = e;
  }
  void sift_down(Event e) noexcept {
    const std::size_t n = heap_.size();
    std::size_t i = 0;
    for (;;) {
      const std::size_t first = 4 * i + 1;
      if (first >= n) break;
      std::size_t best = first;
      const std::size_t last = first + 4 < n ? first + 4 : n;
      for (std::size_t c = first + 1; c < last; ++c)
        if (before(heap_[c], heap_[best])) best = c;
      if (!before(heap_[best], e)) break;
      heap_[i] = heap_[best];
      i = best;
    }
    heap_[i] = e;
  }
  std::vector<Event> heap_;
  std::uint64_t pushed_ = 0;
};

}  // namespace gridgov::sim
