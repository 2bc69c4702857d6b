#include "models/mechanisms/departments/DistrictDepartments.hpp"

#include "models/geography/Geography.hpp"
#include "models/lifecycle/Lifecycle.hpp"

namespace gridgov::models {

DistrictDepartments::DistrictDepartments(const Context& ctx) : ctx_(ctx) {
  for (std::size_t d = 0; d < kDepartments; ++d) lines_[d].set_servers(ctx.policy->departments.servers(d, households()));
}

std::uint64_t DistrictDepartments::households() const { return ctx_.geo->building_first_household.back(); }

void DistrictDepartments::warmup_over(double t_end) {
  if (integrals_reset_ || t_end < ctx_.warmup_h) return;
  for (auto& d : lines_) d.reset_integrals(ctx_.warmup_h);
  integrals_reset_ = true;
}

void DistrictDepartments::start_case(double t, std::uint32_t c) {
  const Case& k = cases_[c];
  lines_[k.department].start(t);
  random::Stream s = RunKeys{ctx_.seed, ctx_.replicate}.stream(k.household, streams::kRouting);
  s.seek(streams::routing_block(k.issue_index, k.step));
  completions_.push(t + ctx_.policy->departments.dept_time[k.department].sample(s), 0, c);
}

std::pair<DistrictDepartments::Case, double> DistrictDepartments::complete() {
  const engine::Event e = completions_.pop();
  const std::uint32_t c = e.target();
  const Case k = cases_[c];
  free_cases_.push_back(c);
  if (k.counted) {
    DepartmentStats& st = stats_[k.department];
    ++st.finished;
    st.response_hours += e.time - k.t_taken;
  }
  engine::ServerPool& line = lines_[k.department];
  line.finish(e.time);
  const std::uint32_t n = line.next(e.time, [](std::uint32_t, bool) { return true; });
  if (n != engine::ServerPool::kNone) start_case(e.time, n);
  return {k, e.time};
}

void DistrictDepartments::take(double t, const Case& k) {
  std::uint32_t c;
  if (!free_cases_.empty()) {
    c = free_cases_.back();
    free_cases_.pop_back();
  } else {
    c = static_cast<std::uint32_t>(cases_.size());
    cases_.emplace_back();
  }
  cases_[c] = k;
  cases_[c].t_taken = t;
  if (k.counted) ++stats_[k.department].received;
  engine::ServerPool& line = lines_[k.department];
  if (line.has_free_server())
    start_case(t, c);
  else
    line.enqueue(t, c, false);
}

void DistrictDepartments::apply_policy(double t) {
  for (std::size_t d = 0; d < kDepartments; ++d) {
    engine::ServerPool& line = lines_[d];
    line.set_servers(ctx_.policy->departments.servers(d, households()));
    while (line.has_free_server() && line.waiting() > 0) start_case(t, line.next(t, [](std::uint32_t, bool) { return true; }));
  }
}

void DistrictDepartments::finish(double horizon) {
  busy_ = capacity_ = 0;
  for (std::size_t i = 0; i < kDepartments; ++i) {
    engine::ServerPool& d = lines_[i];
    d.advance(horizon);
    busy_ += d.busy_area();
    capacity_ += d.servers() * (horizon - ctx_.warmup_h);
    DepartmentStats& st = stats_[i];
    st.servers = d.servers();
    st.busy_hours = d.busy_area();
    st.capacity_hours = d.servers() * (horizon - ctx_.warmup_h);
    st.waiting_hours = d.queue_area();
    st.waiting_end = d.waiting();
  }
}

}  // namespace gridgov::models
