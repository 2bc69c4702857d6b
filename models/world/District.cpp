#include "models/world/District.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace gridgov::models {

namespace {
/// Beta(mean, sd) draw from two gamma draws; sd = 0 gives the mean.
double draw_quality(rng::Stream& s, double mean, double sd) {
  if (sd <= 0 || mean <= 0 || mean >= 1) return mean;
  const double k = mean * (1 - mean) / (sd * sd) - 1;
  if (k <= 0) return mean;
  const double a = rng::sample_gamma(s, mean * k, 1.0), b = rng::sample_gamma(s, (1 - mean) * k, 1.0);
  return std::clamp(a / (a + b), 0.01, 1.0);
}
}  // namespace

District::District(const Context& ctx, const std::vector<std::uint64_t>& firm_households)
    : ctx_(ctx), firm_households_(firm_households) {
  const std::uint32_t F = ctx.firm_count;
  base_quality_.resize(F);
  black_count_.assign(F, 0);
  complaints_at_last_review_.assign(F, 0);
  firm_generation_.assign(F, 0);
  for (std::uint32_t f = 0; f < F; ++f) {
    rng::Stream s = RunKeys{ctx.seed, ctx.replicate}.stream(f, streams::kFirm);
    base_quality_[f] = draw_quality(s, ctx.spec->firms.firm_quality_mean, ctx.spec->firms.firm_quality_sd);
  }
  update_effective_quality();
  departments_.resize(kDepartments);
  for (std::size_t d = 0; d < kDepartments; ++d) departments_[d].set_servers(ctx.policy->departments.dept_servers[d]);
  const Runtime& P = *ctx.policy;
  if (P.firms.review) next_review_ = std::max(P.firms.review_start_h, 0.0);
}

void District::update_effective_quality() {
  const Runtime& P = *ctx_.policy;
  effective_quality_.resize(base_quality_.size());
  for (std::size_t f = 0; f < base_quality_.size(); ++f)
    effective_quality_[f] = P.firms.red_property ? std::min(1.0, base_quality_[f] + P.firms.red_bonus) : base_quality_[f];
}

void District::start_case(double t, std::uint32_t c) {
  const Case& k = cases_[c];
  departments_[k.department].start(t);
  rng::Stream s = RunKeys{ctx_.seed, ctx_.replicate}.stream(k.household, streams::kRouting);
  s.seek(streams::routing_block(k.issue_index, k.step));
  completions_.push(t + ctx_.policy->departments.dept_time[k.department].sample(s), 0, c);
}

void District::process(double t_end, std::vector<Community>& communities) {
  if (!integrals_reset_ && t_end >= ctx_.warmup_h) {
    for (auto& d : departments_) d.reset_integrals(ctx_.warmup_h);
    integrals_reset_ = true;
  }
  incoming_.clear();
  for (std::uint32_t p = 0; p < communities.size(); ++p) {
    auto& out = communities[p].outbox();
    for (const Message& m : out) incoming_.push_back({m, p});
    out.clear();
  }
  // Each outbox is in time order; a stable sort by time keeps (community, order sent) for ties.
  std::stable_sort(incoming_.begin(), incoming_.end(),
                   [](const Incoming& a, const Incoming& b) { return a.msg.time < b.msg.time; });
  std::size_t next = 0;
  for (;;) {
    const double t_msg = next < incoming_.size() ? incoming_[next].msg.time : INFINITY;
    const double t_done = completions_.empty() ? INFINITY : completions_.top().time;
    if (t_done <= t_msg && t_done < t_end) {
      const sim::Event e = completions_.pop();
      const std::uint32_t c = e.target();
      const Case k = cases_[c];
      free_cases_.push_back(c);
      communities[k.community].deliver_department_done(e.time, k.issue);
      sim::ServerPool& pool = departments_[k.department];
      pool.finish(e.time);
      const std::uint32_t n = pool.next(e.time, [](std::uint32_t, bool) { return true; });
      if (n != sim::ServerPool::kNone) start_case(e.time, n);
      continue;
    }
    if (next >= incoming_.size()) break;
    const Incoming& in = incoming_[next++];
    const Message& m = in.msg;
    if (m.kind == MessageKind::Complaint) {
      ++hotline_contacts_;
      communities[in.community].deliver_dispatch(m.time + m.delay, m.issue);
      continue;
    }
    std::uint32_t c;
    if (!free_cases_.empty()) {
      c = free_cases_.back();
      free_cases_.pop_back();
    } else {
      c = static_cast<std::uint32_t>(cases_.size());
      cases_.emplace_back();
    }
    cases_[c] = Case{in.community, m.issue, m.household, m.issue_index, m.step, m.department};
    sim::ServerPool& pool = departments_[m.department];
    if (pool.has_free_server()) start_case(m.time, c);
    else pool.enqueue(m.time, c, false);
  }
}

void District::review(double t_end, std::vector<Community>& communities) {
  const Runtime& P = *ctx_.policy;
  if (!P.firms.review) {
    next_review_ = -1;
    return;
  }
  const std::size_t F = base_quality_.size();
  if (next_review_ < 0) {
    // Switched on by an intervention: complaints count from now on.
    next_review_ = std::max(P.firms.review_start_h, t_end);
    for (std::size_t f = 0; f < F; ++f) {
      complaints_at_last_review_[f] = 0;
      for (auto& c : communities) complaints_at_last_review_[f] += c.firm_complaints()[f];
    }
  }
  if (t_end <= 0 || t_end < next_review_) return;
  next_review_ += P.firms.review_period_h;
  std::vector<std::uint64_t> total(F, 0);
  for (auto& c : communities)
    for (std::size_t f = 0; f < F; ++f) total[f] += c.firm_complaints()[f];
  std::vector<double> rate(F);
  for (std::size_t f = 0; f < F; ++f) {
    const std::uint64_t period = total[f] - complaints_at_last_review_[f];
    complaints_at_last_review_[f] = total[f];
    rate[f] = firm_households_[f] ? static_cast<double>(period) / static_cast<double>(firm_households_[f]) : 0.0;
  }
  std::vector<std::size_t> order(F);  // worst complaint rate first, ties by firm number
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return rate[a] > rate[b]; });
  const auto n_black = static_cast<std::size_t>(std::llround(P.firms.black_share * static_cast<double>(F)));
  const auto n_red = std::min(F - n_black, static_cast<std::size_t>(std::llround(P.firms.red_share * static_cast<double>(F))));
  for (std::size_t i = 0; i < n_black; ++i) {
    const std::size_t f = order[i];
    if (!(rate[f] > 0)) break;  // a firm without complaints is never black-listed
    ++blacklisted_;
    if (++black_count_[f] >= P.firms.replace_after) {
      // Removed: a new firm takes over the estates.
      ++replaced_;
      ++firm_generation_[f];
      black_count_[f] = 0;
      rng::Stream s = RunKeys{ctx_.seed, ctx_.replicate}.stream(f, streams::kFirm);
      s.seek(streams::firm_block(firm_generation_[f]));
      base_quality_[f] = draw_quality(s, ctx_.spec->firms.firm_quality_mean, ctx_.spec->firms.firm_quality_sd);
    } else {
      base_quality_[f] += P.firms.black_gain * (1.0 - base_quality_[f]);
    }
  }
  redlisted_ += n_red;
  update_effective_quality();
}

void District::apply_policy(double t) {
  for (std::size_t d = 0; d < kDepartments; ++d) {
    sim::ServerPool& pool = departments_[d];
    pool.set_servers(ctx_.policy->departments.dept_servers[d]);
    while (pool.has_free_server() && pool.waiting() > 0) start_case(t, pool.next(t, [](std::uint32_t, bool) { return true; }));
  }
  update_effective_quality();
}

void District::finish(double horizon) {
  dept_busy_ = dept_capacity_ = 0;
  for (auto& d : departments_) {
    d.advance(horizon);
    dept_busy_ += d.busy_area();
    dept_capacity_ += d.servers() * (horizon - ctx_.warmup_h);
  }
}

}  // namespace gridgov::models
