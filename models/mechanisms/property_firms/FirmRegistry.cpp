#include "models/mechanisms/property_firms/FirmRegistry.hpp"

#include <algorithm>
#include <boost/math/special_functions/beta.hpp>
#include <cmath>
#include <numeric>

#include "models/lifecycle/Lifecycle.hpp"

namespace gridgov::models {

namespace {
/// Beta(mean, sd) draw by inversion, from one uniform: under common random numbers a firm keeps
/// its rank, so a higher quality_mean makes every firm better (two gamma draws would consume a
/// shape-dependent number of uniforms and reshuffle the firms). sd = 0 gives the mean.
double draw_quality(random::Stream& s, double mean, double sd) {
  const double u = s.uniform();
  if (sd <= 0 || mean <= 0 || mean >= 1) return mean;
  const double k = mean * (1 - mean) / (sd * sd) - 1;
  if (k <= 0) return mean;
  using namespace boost::math::policies;
  using Quiet = policy<domain_error<ignore_error>, overflow_error<ignore_error>, evaluation_error<ignore_error>>;
  const double q = boost::math::ibeta_inv(mean * k, (1 - mean) * k, u, Quiet());
  return std::isfinite(q) ? std::clamp(q, 0.01, 1.0) : mean;
}
}  // namespace

FirmRegistry::FirmRegistry(const Context& ctx, std::vector<std::uint64_t> firm_households)
    : ctx_(ctx), households_(std::move(firm_households)) {
  const std::uint32_t F = ctx.firm_count;
  base_.resize(F);
  black_count_.assign(F, 0);
  complaints_at_last_review_.assign(F, 0);
  generation_.assign(F, 0);
  complaints_at_period_start_.assign(F, 0);
  const RunKeys keys{ctx.seed, ctx.replicate};
  for (std::uint32_t f = 0; f < F; ++f) {
    random::Stream s = keys.stream(f, streams::kFirm);
    base_[f] = draw_quality(s, ctx.spec->firms.firm_quality_mean, ctx.spec->firms.firm_quality_sd);
  }
  update_effective();
  if (ctx.policy->firms.review) next_review_ = std::max(ctx.policy->firms.review_start_h, 0.0);
}

void FirmRegistry::update_effective() {
  const FirmsRuntime& P = ctx_.policy->firms;
  effective_.resize(base_.size());
  for (std::size_t f = 0; f < base_.size(); ++f)
    effective_[f] = P.red_property ? std::min(1.0, base_[f] + P.red_bonus) : base_[f];
}

void FirmRegistry::review_with(double t_end, const std::vector<std::uint64_t>& total) {
  const FirmsRuntime& P = ctx_.policy->firms;
  if (!P.review) {
    next_review_ = -1;
    return;
  }
  const std::size_t F = base_.size();
  if (next_review_ < 0) {
    // Switched on by an intervention: complaints count from now on.
    next_review_ = std::max(P.review_start_h, t_end);
    for (std::size_t f = 0; f < F; ++f) complaints_at_last_review_[f] = total[f];
  }
  if (t_end <= 0 || t_end < next_review_) return;
  next_review_ += P.review_period_h;
  std::vector<double> rate(F);
  for (std::size_t f = 0; f < F; ++f) {
    const std::uint64_t period = total[f] - complaints_at_last_review_[f];
    complaints_at_last_review_[f] = total[f];
    rate[f] = households_[f] ? static_cast<double>(period) / static_cast<double>(households_[f]) : 0.0;
  }
  std::vector<std::size_t> order(F);  // worst complaint rate first, ties by firm number
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return rate[a] > rate[b]; });
  const auto n_black = static_cast<std::size_t>(std::llround(P.black_share * static_cast<double>(F)));
  const auto n_red = std::min(F - n_black, static_cast<std::size_t>(std::llround(P.red_share * static_cast<double>(F))));
  std::vector<Verdict> verdict(F);
  for (std::size_t f = 0; f < F; ++f) verdict[f].quality_before = effective_[f];
  // The red list: the n_red best complaint rates (the end of the order).
  for (std::size_t i = F - n_red; i < F; ++i) verdict[order[i]].list = FirmList::Red;
  for (std::size_t i = 0; i < n_black; ++i) {
    const std::size_t f = order[i];
    if (!(rate[f] > 0)) break;  // a firm without complaints is never black-listed
    ++blacklisted_;
    verdict[f].list = FirmList::Black;
    if (++black_count_[f] >= P.replace_after) {
      // Removed: a new firm takes over the estates.
      ++replaced_;
      verdict[f].replaced = true;
      ++generation_[f];
      black_count_[f] = 0;
      random::Stream s = RunKeys{ctx_.seed, ctx_.replicate}.stream(f, streams::kFirm);
      s.seek(streams::firm_block(generation_[f]));
      base_[f] = draw_quality(s, ctx_.spec->firms.firm_quality_mean, ctx_.spec->firms.firm_quality_sd);
    } else {
      base_[f] += P.black_gain * (1.0 - base_[f]);
    }
  }
  redlisted_ += n_red;
  update_effective();
  record_periods(t_end, total, &verdict);
}

void FirmRegistry::record_periods(double t, const std::vector<std::uint64_t>& total, const std::vector<Verdict>* verdict) {
  if (!(t > period_start_)) return;  // a review at the horizon closed the last period already
  for (std::size_t f = 0; f < base_.size(); ++f) {
    FirmPeriod p;
    p.firm = static_cast<std::uint32_t>(f);
    p.period = period_;
    p.t_start = period_start_;
    p.t_end = t;
    p.households = households_[f];
    p.complaints = total[f] - complaints_at_period_start_[f];
    p.quality_after = effective_[f];
    p.quality = verdict ? (*verdict)[f].quality_before : effective_[f];
    p.reviewed = verdict != nullptr;
    if (verdict) {
      p.list = (*verdict)[f].list;
      p.replaced = (*verdict)[f].replaced;
    }
    p.generation = generation_[f];
    p.black_listings = black_count_[f];
    periods_.push_back(p);
    complaints_at_period_start_[f] = total[f];
  }
  period_start_ = t;
  ++period_;
}

}  // namespace gridgov::models
