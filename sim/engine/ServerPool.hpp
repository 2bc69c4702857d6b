#pragma once
/// \file
/// A multi-server queue (c servers, two priority classes, FIFO within a class) with the
/// time integrals needed for utilisation and Little's law. It stores only record indices; the
/// caller owns the records and tells, when a waiting entry comes up, whether it is still valid
/// (entries left behind by abandonment or by a move to the priority class are skipped lazily).
#include <cstdint>
#include <vector>

namespace gridgov::engine {

/// Growable FIFO ring of 32-bit indices; reuses its storage.
class IndexRing {
 public:
  bool empty() const noexcept { return size_ == 0; }
  std::size_t size() const noexcept { return size_; }
  void push(std::uint32_t v) {
    if (size_ == buf_.size()) grow();
    buf_[(head_ + size_) & (buf_.size() - 1)] = v;
    ++size_;
  }
  std::uint32_t pop() noexcept {
    const std::uint32_t v = buf_[head_];
    head_ = (head_ + 1) & (buf_.size() - 1);
    --size_;
    return v;
  }

 private:
  void grow() {
    std::vector<std::uint32_t> next(buf_.empty() ? 8 : buf_.size() * 2);
    for (std::size_t i = 0; i < size_; ++i) next[i] = buf_[(head_ + i) & (buf_.size() - 1)];
    buf_.swap(next);
    head_ = 0;
  }
  std::vector<std::uint32_t> buf_;
  std::size_t head_ = 0, size_ = 0;
};

class ServerPool {
 public:
  static constexpr std::uint32_t kNone = 0xFFFFFFFFu;

  explicit ServerPool(std::uint32_t servers = 1) : servers_(servers) {}
  std::uint32_t servers() const noexcept { return servers_; }
  std::uint32_t busy() const noexcept { return busy_; }
  /// Cases waiting (valid ones only: the caller reports removals).
  std::uint32_t waiting() const noexcept { return waiting_; }
  /// ∫ busy servers dt and ∫ waiting cases dt, in server-hours and case-hours.
  double busy_area() const noexcept { return busy_area_; }
  double queue_area() const noexcept { return queue_area_; }

  /// Bring the integrals up to time t (hours); call before every change.
  void advance(double t) noexcept {
    const double dt = t - clock_;
    if (dt > 0) {
      busy_area_ += dt * busy_;
      queue_area_ += dt * waiting_;
      clock_ = t;
    }
  }
  /// Reset the integrals (end of warm-up) without touching the state.
  void reset_integrals(double t) noexcept {
    clock_ = t;
    busy_area_ = queue_area_ = 0;
  }
  /// Change the number of servers (a policy change); busy servers above the new number finish their case.
  void set_servers(std::uint32_t n) noexcept { servers_ = n; }
  bool has_free_server() const noexcept { return busy_ < servers_; }
  /// Occupy a server (call only when has_free_server()).
  void start(double t) noexcept {
    advance(t);
    ++busy_;
  }
  /// Free a server.
  void finish(double t) noexcept {
    advance(t);
    --busy_;
  }
  /// Put a case in line.
  void enqueue(double t, std::uint32_t id, bool priority) {
    advance(t);
    (priority ? high_ : normal_).push(id);
    ++waiting_;
  }
  /// A case already in line moves to the priority class (its old entry becomes stale).
  void promote(std::uint32_t id) { high_.push(id); }
  /// A waiting case left the line (abandonment); its entry becomes stale.
  void remove_waiting(double t) noexcept {
    advance(t);
    --waiting_;
  }
  /// Next valid waiting case, or kNone. `valid(id, from_priority_class)` tells whether an
  /// entry still stands for a waiting case; the returned case is no longer counted as waiting.
  template <class Valid>
  std::uint32_t next(double t, Valid&& valid) {
    advance(t);
    while (!high_.empty()) {
      const std::uint32_t id = high_.pop();
      if (valid(id, true)) {
        --waiting_;
        return id;
      }
    }
    while (!normal_.empty()) {
      const std::uint32_t id = normal_.pop();
      if (valid(id, false)) {
        --waiting_;
        return id;
      }
    }
    return kNone;
  }

 private:
  std::uint32_t servers_;
  std::uint32_t busy_ = 0, waiting_ = 0;
  double clock_ = 0, busy_area_ = 0, queue_area_ = 0;
  IndexRing high_, normal_;
};

}  // namespace gridgov::engine
