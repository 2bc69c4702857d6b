// Every accumulator survives a merge: merging a partition's metrics into empty ones gives the
// same values, and merging two gives their sums (every field of every accumulator is checked, so
// a field added without its merge line fails here).
#include <catch2/catch.hpp>

#include "models/observe/Accumulators.hpp"

using namespace gridgov::models;

namespace {
/// Metrics with every field set to a distinct value derived from `k`.
PartitionMetrics filled(double k) {
  PartitionMetrics m;
  Counters& c = m.c;
  std::uint64_t v = static_cast<std::uint64_t>(k) * 100;
  for (std::uint64_t* f : {&c.raised, &c.known, &c.resolved, &c.within_deadline, &c.complaints, &c.complaints_direct,
                           &c.complained_issues, &c.whistles, &c.reopened, &c.dispatches, &c.settled, &c.meetings_held, &c.waited,
                           &c.waited_positive, &c.needs, &c.needs_found, &c.brought})
    *f = ++v;
  for (auto& x : c.found) x = ++v;
  for (auto& x : c.via) x = ++v;
  for (auto& x : c.by) x = ++v;
  c.resolve_hours = k * 1.5;
  c.find_hours = k * 2.5;
  c.wait_hours = k * 3.5;
  c.arising_hours = k * 4.5;
  m.resolve_hist.add(k * 10.125);
  m.grids.resize(2);
  for (std::size_t g = 0; g < 2; ++g) {
    GridStats& s = m.grids[g];
    s.raised = ++v, s.resolved = ++v, s.complaints = ++v, s.proactive = ++v;
    s.resolve_hours = k + static_cast<double>(g), s.worker_busy = 2 * k, s.worker_capacity = 3 * k;
  }
  m.days.resize(3);
  for (std::size_t d = 0; d < 3; ++d) {
    DayStats& s = m.days[d];
    s.raised = static_cast<std::uint32_t>(++v), s.resolved = static_cast<std::uint32_t>(++v);
    s.complaints = static_cast<std::uint32_t>(++v), s.proactive = static_cast<std::uint32_t>(++v);
    s.open = ++v, s.queue = ++v, s.satisfaction_sum = k * 0.25;
  }
  m.day_types.resize(3);
  for (DayTypeStats& s : m.day_types)
    for (auto& x : s.complaints) x = static_cast<std::uint32_t>(++v);
  m.worker_busy = k * 4, m.worker_capacity = k * 5, m.firm_busy = k * 6, m.firm_capacity = k * 7;
  m.worker_queue_area = k * 8;
  for (std::size_t i = 0; i < kStaffKinds; ++i)
    m.staff.available[i] = k * 9 + static_cast<double>(i), m.staff.used[i] = k * 10 + static_cast<double>(i);
  m.events = ++v;
  return m;
}

/// Every field of a and b, as a flat list of numbers.
std::vector<double> flat(const PartitionMetrics& m) {
  std::vector<double> out;
  const Counters& c = m.c;
  for (std::uint64_t f :
       {c.raised, c.known, c.resolved, c.within_deadline, c.complaints, c.complaints_direct, c.complained_issues, c.whistles,
        c.reopened, c.dispatches, c.settled, c.meetings_held, c.waited, c.waited_positive, c.needs, c.needs_found, c.brought})
    out.push_back(static_cast<double>(f));
  for (auto x : c.found) out.push_back(static_cast<double>(x));
  for (auto x : c.via) out.push_back(static_cast<double>(x));
  for (auto x : c.by) out.push_back(static_cast<double>(x));
  out.insert(out.end(), {c.resolve_hours, c.find_hours, c.wait_hours, c.arising_hours});
  out.insert(out.end(), {static_cast<double>(m.resolve_hist.count()), m.resolve_hist.mean()});
  for (const GridStats& s : m.grids)
    out.insert(out.end(), {static_cast<double>(s.raised), static_cast<double>(s.resolved), static_cast<double>(s.complaints),
                           static_cast<double>(s.proactive), s.resolve_hours, s.worker_busy, s.worker_capacity});
  for (const DayStats& s : m.days)
    out.insert(out.end(),
               {static_cast<double>(s.raised), static_cast<double>(s.resolved), static_cast<double>(s.complaints),
                static_cast<double>(s.proactive), static_cast<double>(s.open), static_cast<double>(s.queue), s.satisfaction_sum});
  for (const DayTypeStats& s : m.day_types)
    for (auto x : s.complaints) out.push_back(static_cast<double>(x));
  out.insert(out.end(), {m.worker_busy, m.worker_capacity, m.firm_busy, m.firm_capacity, m.worker_queue_area,
                         static_cast<double>(m.events)});
  out.insert(out.end(), m.staff.available.begin(), m.staff.available.end());
  out.insert(out.end(), m.staff.used.begin(), m.staff.used.end());
  return out;
}
}  // namespace

TEST_CASE("every accumulator survives a merge", "[unit][observe]") {
  const PartitionMetrics a = filled(1), b = filled(2);
  PartitionMetrics into;
  into.merge(a);
  CHECK(flat(into) == flat(a));  // merged into empty: unchanged
  into.merge(b);
  const auto fa = flat(a), fb = flat(b), fm = flat(into);
  REQUIRE(fm.size() == fa.size());
  // Sums for every additive field; the histogram's count adds and its mean is the pooled mean.
  CHECK(into.c.raised == a.c.raised + b.c.raised);
  CHECK(into.c.found == [&] {
    auto f = a.c.found;
    for (std::size_t i = 0; i < f.size(); ++i) f[i] += b.c.found[i];
    return f;
  }());
  CHECK(into.resolve_hist.count() == 2);
  CHECK(into.resolve_hist.mean() == Approx(15.1875));
  std::size_t additive = 0;
  for (std::size_t i = 0; i < fm.size(); ++i) {
    const bool hist_mean = fa[i] == a.resolve_hist.mean() && fb[i] == b.resolve_hist.mean();
    if (hist_mean) continue;
    INFO("field " << i << ": " << fa[i] << " + " << fb[i] << " merged to " << fm[i]);
    CHECK(fm[i] == Approx(fa[i] + fb[i]));
    ++additive;
  }
  CHECK(additive == fm.size() - 1);
}

TEST_CASE("per-type daily figures are kept only from a partition's first complaint", "[unit][observe]") {
  // A partition without complaints keeps no per-type days; merging it adds nothing, and merging
  // one that has them into one that has none takes them over.
  PartitionMetrics quiet, loud;
  quiet.days.resize(4);
  loud.days.resize(4);
  loud.day_types.resize(4);
  loud.day_types[2].complaints[1] = 7;
  PartitionMetrics into;
  into.merge(quiet);
  CHECK(into.day_types.empty());
  into.merge(loud);
  REQUIRE(into.day_types.size() == 4);
  CHECK(into.day_types[2].complaints[1] == 7);
  into.merge(quiet);
  CHECK(into.day_types[2].complaints[1] == 7);
  into.merge(loud);
  CHECK(into.day_types[2].complaints[1] == 14);
  CHECK(into.day_types[2].complaints[0] == 0);
}
