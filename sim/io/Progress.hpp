#pragma once
/// \file
/// A single self-overwriting progress line with elapsed time and ETA on stderr: printed at most
/// every half second and only after the first two seconds, only when enabled (callers pass
/// `isatty(2)` so that logs stay clean), and erased when the object is destroyed.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <string>

namespace gridgov::io {

class Progress {
 public:
  using Clock = std::chrono::steady_clock;
  /// `total` work units; when `unit` is non-empty the line also shows "done/total unit".
  Progress(bool on, double total, std::string unit = {}) : on_(on), total_(total), unit_(std::move(unit)), start_(Clock::now()) {}
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;
  /// Record `amount` more units done (thread-safe).
  void add(double amount) {
    if (!on_) return;
    const double done = done_.fetch_add(amount) + amount;
    const double el = std::chrono::duration<double>(Clock::now() - start_).count();
    std::lock_guard<std::mutex> lock(m_);
    if (el < 2.0 || el - last_ < 0.5) return;
    last_ = el;
    const double frac = total_ > 0 ? done / total_ : 1.0;
    const double eta = frac > 0 ? el * (1 - frac) / frac : 0;
    std::string count;
    if (!unit_.empty())
      count = "  " + std::to_string(static_cast<long long>(done)) + "/" + std::to_string(static_cast<long long>(total_)) + " " +
              unit_;
    std::fprintf(stderr, "\rgridgov: %5.1f%%%s  elapsed %.0fs  eta %.0fs   ", 100 * frac, count.c_str(), el, eta);
    std::fflush(stderr);
    printed_ = true;
  }
  ~Progress() {
    if (printed_) std::fprintf(stderr, "\r%78s\r", "");
  }

 private:
  bool on_;
  double total_;
  std::string unit_;
  Clock::time_point start_;
  std::atomic<double> done_{0};
  std::mutex m_;
  double last_ = 0;
  bool printed_ = false;
};

}  // namespace gridgov::io
