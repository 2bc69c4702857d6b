#pragma once
/// \file
/// The per-partition future event list: a 4-ary min-heap of 16-byte events ordered by
/// (time, insertion sequence), so ties are broken by insertion order and the run is
/// deterministic. Storage grows geometrically and is reused: no allocation per event once warm.
#include <algorithm>
#include <cassert>
#include <cstdint>
#include <memory>
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
///
/// A bucket is a chain of fixed-size chunks drawn from the queue's own pool: a push writes one
/// slot and never moves the bucket's earlier events, and the chunks of a bucket that becomes the
/// run go back to the pool (most recently freed first, so a push usually lands in memory that is
/// still cached). Once the pool has grown to the queue's peak, no push or refill allocates.
class EventQueue {
 public:
  /// Events in one chunk of a bucket (two cache lines).
  static constexpr std::uint32_t kChunkEvents = 8;

  /// bucket_hours: width of a bucket; buckets: ring length.
  explicit EventQueue(double bucket_hours = 24.0, std::size_t buckets = 512)
      : width_(bucket_hours), ring_(buckets), limit_(bucket_hours) {}

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
  /// bucket's header, stage 1 (some work later, once the header has arrived) for the slot the push
  /// will write. Hides the cache misses of pushing far-future events into cold buckets; changes
  /// nothing else.
  void prefetch_push(double time, int stage) const noexcept {
    if (!(time >= limit_)) return;
    const double ahead = (time - limit_) / width_;
    if (!(ahead < static_cast<double>(ring_.size() - 1))) return;
    prefetch_bucket(ring_[(head_ + 1 + static_cast<std::size_t>(ahead)) % ring_.size()], stage);
  }

  /// The same for the `n` buckets after the current one, where most pushes of a window go.
  void prefetch_next_buckets(std::size_t n, int stage) const noexcept {
    for (std::size_t i = 1; i <= n && i < ring_.size(); ++i) prefetch_bucket(ring_[(head_ + i) % ring_.size()], stage);
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

  /// Chunks the pool holds (in use or free): its memory is chunks() * kChunkEvents * sizeof(Event).
  std::size_t chunks() const noexcept { return next_.size(); }

 private:
  static constexpr std::uint32_t kNil = 0xFFFFFFFFu;
  static constexpr std::uint32_t kBlockChunks = 256;  ///< chunks per allocation of the pool (32 KiB)
  /// A bucket: a chain of chunks from `head` to `tail`, holding `size` events in push order.
  struct Bucket {
    std::uint32_t head = kNil, tail = kNil, size = 0;
  };

  static bool before(const Event& a, const Event& b) noexcept { return a.time < b.time || (a.time == b.time && a.seq < b.seq); }

  Event* chunk(std::uint32_t c) noexcept { return blocks_[c / kBlockChunks].get() + (c % kBlockChunks) * kChunkEvents; }
  const Event* chunk(std::uint32_t c) const noexcept {
    return blocks_[c / kBlockChunks].get() + (c % kBlockChunks) * kChunkEvents;
  }
  void prefetch_bucket(const Bucket& b, int stage) const noexcept {
    if (stage == 0) {
      __builtin_prefetch(&b);
    } else {
      const std::uint32_t slot = b.size % kChunkEvents;
      if (slot != 0)
        __builtin_prefetch(chunk(b.tail) + slot, 1);
      else if (free_ != kNil)
        __builtin_prefetch(chunk(free_), 1);
    }
  }
  std::uint32_t take_chunk() {
    if (free_ != kNil) {
      const std::uint32_t c = free_;
      free_ = next_[c];
      next_[c] = kNil;
      return c;
    }
    const auto c = static_cast<std::uint32_t>(next_.size());
    if (c % kBlockChunks == 0) blocks_.push_back(std::make_unique<Event[]>(std::size_t{kBlockChunks} * kChunkEvents));
    next_.push_back(kNil);
    return c;
  }
  void append(Bucket& b, const Event& e) {
    const std::uint32_t slot = b.size % kChunkEvents;
    if (slot == 0) {
      const std::uint32_t c = take_chunk();
      if (b.tail == kNil)
        b.head = c;
      else
        next_[b.tail] = c;
      b.tail = c;
    }
    chunk(b.tail)[slot] = e;
    ++b.size;
  }
  /// Copy a bucket's events into the run and give its chunks back to the pool (they go to the
  /// front of the free list: the next pushes reuse the memory just read).
  void take_bucket(Bucket& b) {
    run_.resize(b.size);
    std::uint32_t left = b.size;
    Event* out = run_.data();
    for (std::uint32_t c = b.head; c != kNil; c = next_[c]) {
      const std::uint32_t n = left < kChunkEvents ? left : kChunkEvents;
      std::copy_n(chunk(c), n, out);
      out += n;
      left -= n;
    }
    if (b.tail != kNil) {
      next_[b.tail] = free_;
      free_ = b.head;
    }
    b = Bucket{};
  }
  void place(const Event& e) {
    if (e.time < limit_) {
      heap_push(near_, e);
      return;
    }
    const double ahead = (e.time - limit_) / width_;
    if (ahead < static_cast<double>(ring_.size() - 1)) {
      append(ring_[(head_ + 1 + static_cast<std::size_t>(ahead)) % ring_.size()], e);
    } else {
      heap_push(far_, e);
    }
  }
  /// Move buckets into the run until it or the heap holds the earliest event (or nothing is left).
  void refill() {
    while (near_.empty() && pos_ == run_.size() && size_ > 0) {
      limit_ += width_;
      head_ = (head_ + 1) % ring_.size();
      // The bucket becomes the run (sorted once); the run's own memory is reused from day to day.
      take_bucket(ring_[head_]);
      pos_ = 0;
      std::sort(run_.begin(), run_.end(), before);
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
  std::vector<Bucket> ring_;  ///< ring_[head_] is the bucket now in the run (empty)
  std::size_t head_ = 0;
  double limit_;                   ///< every event before it is in run_ or near_
  std::vector<Event> near_, far_;  ///< heaps: pushed before limit_ after the refill; beyond the ring
  std::vector<Event> run_;         ///< the current bucket, sorted; run_[pos_] is its next event
  std::size_t pos_ = 0;
  std::size_t size_ = 0;
  std::uint64_t pushed_ = 0;
  std::vector<std::unique_ptr<Event[]>> blocks_;  ///< the chunk pool, kBlockChunks chunks per block
  std::vector<std::uint32_t> next_;               ///< per chunk: the next chunk of its bucket, or of the free list
  std::uint32_t free_ = kNil;                     ///< first free chunk
};

}  // namespace gridgov::engine
