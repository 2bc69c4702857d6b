#pragma once
/// \file
/// Households and residents: what each household's issues are and when they arise (from the
/// household's own random stream only — common random numbers across policies), how and when
/// the resident reports (or, for a vulnerable household's unreported need, never does), through
/// which channel (chosen by weights the household's trust in local channels shifts away from
/// 12345), how patient they are, and their satisfaction level (relaxing toward each closure's
/// performance, counted from when the issue arose; pulled down by each complaint).
/// Buys: the demand every other mechanism answers. Costs: nothing (residents' own time is not
/// counted). Parameters: households.*, issues.*, deadlines.* (Params.cpp).
#include <cstdint>
#include <vector>

#include "models/lifecycle/Lifecycle.hpp"
#include "models/world/Context.hpp"

namespace gridgov::models {

class Households {
 public:
  static constexpr std::uint32_t kNone = 0xFFFFFFFFu;

  /// What an arrival reads and writes about its household, in 16 bytes (four to a cache line).
  struct Record {
    float propensity;          ///< reporting propensity (mean 1 over households)
    std::uint32_t member;      ///< linked party member (local index) or kNone
    std::uint32_t issues;      ///< issues raised so far: the position in its issue stream
    std::uint16_t grid;        ///< local grid
    std::uint8_t flags;        ///< kInCircle | kVulnerable
    std::uint8_t next_pushed;  ///< the arrival after the pending one is already in the queue
  };
  static_assert(sizeof(Record) == 16);
  static constexpr std::uint8_t kInCircle = 1;    ///< inside a service station's circle
  static constexpr std::uint8_t kVulnerable = 2;  ///< some of its needs go unreported

  /// Households of community `community` (global households [first, first + count)).
  void init(const Context& ctx, std::uint32_t community, std::uint64_t first, std::uint64_t count, std::uint32_t first_grid,
            std::uint32_t grids);

  std::uint64_t count() const { return hh_.size(); }
  Record& operator[](std::uint32_t h) { return hh_[h]; }
  const Record& operator[](std::uint32_t h) const { return hh_[h]; }
  const Record* address(std::uint32_t h) const { return &hh_[h]; }
  /// Address of household h's satisfaction and trust (one 8-byte record), for prefetching.
  const void* mood_address(std::uint32_t h) const { return &mood_[h]; }
  /// Households per local grid.
  const std::vector<std::uint32_t>& grid_households() const { return grid_households_; }

  /// Hours from issue `index - 1` (or the start) to issue `index` of household h.
  double next_arrival_gap(const Context& ctx, const Lifecycle& lc, std::uint32_t h, std::uint32_t index) const;
  /// Draw a new issue's type, severity, nature, whether it is an unreported need, reporting
  /// channel and patience (the channel falls back to the grid worker when the household lacks
  /// the one it picked; the hotline's weight shrinks as the household's trust grows).
  void draw_issue(const Context& ctx, const Lifecycle& lc, Issue& is) const;
  /// When the resident reports the issue (infinity: never, e.g. an unreported need).
  double report_time(const Context& ctx, const Lifecycle& lc, const Issue& is) const;
  /// The issue's deadline in hours (urgent issues: the emergency deadline).
  static double deadline(const Runtime& P, const Issue& is) {
    const std::uint8_t cls = is.severity == 2 ? 0 : P.households.types[is.type].deadline;
    return P.households.deadline_hours[cls];
  }
  /// After a closure `hours` after the issue arose: satisfaction moves toward the closure's
  /// performance; trust too when a local handler closed it (`local`), else toward 0.
  void after_resolution(const Runtime& P, const Issue& is, double hours, bool local);
  /// The resident complained to 12345: satisfaction and trust move toward 0.
  void after_complaint(const Runtime& P, std::uint32_t h);
  /// A visit or walk found the household's issue: trust gains.
  void after_contact(const Runtime& P, std::uint32_t h) {
    float& tr = mood_[h].trust;
    tr = static_cast<float>(tr + P.households.trust_contact_gain * (1.0 - tr));
  }

  double satisfaction_total() const { return satisfaction_total_; }
  double trust_sum() const;
  std::uint64_t vulnerable() const;
  double satisfaction_sum() const;
  std::uint64_t satisfied() const;

 private:
  std::vector<Record> hh_;
  /// Satisfaction and trust side by side: the arrival reads trust, closures and complaints write
  /// both, so one cache line serves them.
  struct Mood {
    float satisfaction;  ///< 0..1
    float trust;         ///< 0..1: trust in local channels
  };
  std::vector<Mood> mood_;
  double satisfaction_total_ = 0;
  std::vector<std::uint32_t> grid_households_;
};

}  // namespace gridgov::models
