#pragma once
/// \file
/// The per-partition future event list: a 4-ary min-heap of 16-byte events ordered by
/// (time, insertion sequence), so ties are broken by insertion order and the run is
/// deterministic. Storage grows geometrically and is reused: no allocation per event once warm.
#include <algorithm>
#include <bit>
#include <cassert>
#include <cstdint>
#include <span>
#include <vector>

namespace gridgov::engine {

/// Bits of an event's payload that hold its kind; the rest hold its target.
inline constexpr std::uint32_t kEventKindBits = 5;
/// Number of distinct event kinds a queue carries (kinds are numbered by the model's registration).
inline constexpr std::uint32_t kMaxEventKinds = 1u << kEventKindBits;
/// Largest target index an event can carry.
inline constexpr std::uint32_t kMaxEventTarget = (1u << (32 - kEventKindBits)) - 1;

/// A scheduled event: time in hours, a kind (0 .. kMaxEventKinds - 1) and a target (an agent or
/// record index, up to kMaxEventTarget), packed with an insertion sequence number into 16 bytes.
struct Event {
  double time;
  std::uint32_t seq;
  std::uint32_t payload;
  std::uint32_t kind() const noexcept { return payload >> (32 - kEventKindBits); }
  std::uint32_t target() const noexcept { return payload & kMaxEventTarget; }
};
static_assert(sizeof(Event) == 16);

/// Future event list. Later events wait in a ring of day-wide buckets (and, beyond the ring, in a
/// heap); when time reaches a bucket, its events are sorted once into a "run" consumed from the
/// front, and events pushed for times before the bucket's end go to a small 4-ary heap. pop()
/// takes the earlier of the run's front and the heap's top. Far-future events (a household's
/// next issue, months ahead) thus never make a heap deep, yet events come out in exactly the
/// (time, sequence) order a single heap would give.
class EventQueue {
 public:
  /// bucket_hours: width of a bucket; buckets: ring length (rounded up to a power of two, so that
  /// finding a bucket is a mask, not a division; the order of events does not depend on it).
  explicit EventQueue(double bucket_hours = 24.0, std::size_t buckets = 512)
      : width_(bucket_hours),
        ring_(std::bit_ceil(std::max<std::size_t>(buckets, 2))),
        mask_(ring_.size() - 1),
        limit_(bucket_hours) {}

  void reserve(std::size_t n) { near_.reserve(n); }
  /// True when no event is left (may move a bucket into the run).
  bool empty() {
    refill();
    return near_.empty() && pos_ == run_.size();
  }
  std::size_t size() const noexcept { return size_; }
  /// Events ever pushed (the sequence counter).
  std::uint64_t pushed() const noexcept { return pushed_; }
  /// The earliest event; call only when !empty().
  const Event& top() {
    refill();
    if (pos_ == run_.size()) return near_.front();
    if (near_.empty() || before(run_[pos_], near_.front())) return run_[pos_];
    return near_.front();
  }

  /// The events of the current bucket not yet popped, in time order; for prefetching what they
  /// will touch. Valid until the next push or pop.
  std::span<const Event> near_events() const noexcept { return std::span<const Event>(run_).subspan(pos_); }

  /// Prefetch for a push at `time` (a no-op for the heap and the far heap): stage 0 asks for the
  /// bucket's header, stage 1 (some work later, once the header has arrived) for its end. Hides
  /// the cache misses of pushing far-future events into cold buckets; changes nothing else.
  void prefetch_push(double time, int stage) const noexcept {
    if (!(time >= limit_)) return;
    const double ahead = (time - limit_) / width_;
    if (!(ahead < static_cast<double>(ring_.size() - 1))) return;
    const std::vector<Event>& b = ring_[(head_ + 1 + static_cast<std::size_t>(ahead)) & mask_];
    if (stage == 0)
      __builtin_prefetch(&b);
    else if (b.size() < b.capacity())
      __builtin_prefetch(b.data() + b.size(), 1);
  }

  /// The same for the `n` buckets after the current one, where most pushes of a window go.
  void prefetch_next_buckets(std::size_t n, int stage) const noexcept {
    for (std::size_t i = 1; i <= n && i < ring_.size(); ++i) {
      const std::vector<Event>& b = ring_[(head_ + i) & mask_];
      if (stage == 0)
        __builtin_prefetch(&b);
      else if (b.size() < b.capacity())
        __builtin_prefetch(b.data() + b.size(), 1);
    }
  }

  /// Schedule `kind` (< kMaxEventKinds) for `target` at `time` (hours, >= the time of the last pop).
  void push(double time, std::uint32_t kind, std::uint32_t target) {
    assert(kind < kMaxEventKinds && target <= kMaxEventTarget);
    const Event e{time, static_cast<std::uint32_t>(pushed_++), (kind << (32 - kEventKindBits)) | target};
    ++size_;
    place(e);
  }

  /// Remove and return the earliest event; call only when !empty().
  Event pop() {
    refill();
    --size_;
    if (pos_ < run_.size() && (near_.empty() || before(run_[pos_], near_.front()))) return run_[pos_++];
    return heap_pop(near_);
  }

 private:
  static bool before(const Event& a, const Event& b) noexcept { return a.time < b.time || (a.time == b.time && a.seq < b.seq); }
  void place(const Event& e) {
    if (e.time < limit_) {
      heap_push(near_, e);
      return;
    }
    const double ahead = (e.time - limit_) / width_;
    if (ahead < static_cast<double>(ring_.size() - 1)) {
      ring_[(head_ + 1 + static_cast<std::size_t>(ahead)) & mask_].push_back(e);
    } else {
      heap_push(far_, e);
    }
  }
  /// Move buckets into the run until it or the heap holds the earliest event (or nothing is left).
  void refill() {
    while (near_.empty() && pos_ == run_.size() && size_ > 0) {
      limit_ += width_;
      head_ = (head_ + 1) & mask_;
      // The bucket becomes the run (sorted once); the bucket starts again empty, giving its memory
      // back: it fills again over a ring of days.
      run_ = std::move(ring_[head_]);
      ring_[head_] = std::vector<Event>();
      pos_ = 0;
      std::sort(run_.begin(), run_.end(), [](const Event& a, const Event& b) { return before(a, b); });
      // Far events that now fall within the ring move into their bucket.
      const double ring_end = limit_ + width_ * static_cast<double>(ring_.size() - 1);
      while (!far_.empty() && far_.front().time < ring_end) place(heap_pop(far_));
    }
  }
  static void heap_push(std::vector<Event>& h, const Event& e) {
    h.push_back(e);
    std::size_t i = h.size() - 1;
    while (i > 0) {
      const std::size_t parent = (i - 1) / 4;
      if (!before(e, h[parent])) break;
      h[i] = h[parent];
      i = parent;
    }
    h[i] = e;
  }
  static Event heap_pop(std::vector<Event>& h) noexcept {
    const Event top = h.front();
    const Event e = h.back();
    h.pop_back();
    const std::size_t n = h.size();
    if (n == 0) return top;
    std::size_t i = 0;
    for (;;) {
      const std::size_t first = 4 * i + 1;
      if (first >= n) break;
      std::size_t best = first;
      const std::size_t last = first + 4 < n ? first + 4 : n;
      for (std::size_t c = first + 1; c < last; ++c)
        if (before(h[c], h[best])) best = c;
      if (!before(h[best], e)) break;
      h[i] = h[best];
      i = best;
    }
    h[i] = e;
    return top;
  }

  double width_;
  std::vector<std::vector<Event>> ring_;  ///< ring_[head_] is the bucket now in the run (empty)
  std::size_t mask_;                      ///< ring_.size() - 1 (the size is a power of two)
  std::size_t head_ = 0;
  double limit_;                   ///< every event before it is in run_ or near_
  std::vector<Event> near_, far_;  ///< heaps: pushed before limit_ after the refill; beyond the ring
  std::vector<Event> run_;         ///< the current bucket, sorted; run_[pos_] is its next event
  std::size_t pos_ = 0;
  std::size_t size_ = 0;
  std::uint64_t pushed_ = 0;
};

}  // namespace gridgov::engine
