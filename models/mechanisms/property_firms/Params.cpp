#include "models/mechanisms/property_firms/Params.hpp"

#include "models/scenario/ScenarioSpec.hpp"

namespace gridgov::models {

using namespace params;
using schema::Kind;

void FirmsParams::declare(Section<ScenarioSpec, FirmsParams> s) {
  s.add(Flag("firms.enabled", "Property firms handle estate issues (else the grid does)."), &FirmsParams::firms_enabled);
  s.add(P("firms.count", Kind::Int, "", 1, 100000,
          "Property firms in the district; grids (estates) are dealt to them in turn so firms span communities."),
        &FirmsParams::firm_count);
  s.add(P("firms.households_per_staff", Kind::Int, "", 1, 1000000,
          "Households per firm staff member working cases in an estate (at least one per estate).", "", true),
        &FirmsParams::households_per_staff);
  s.add(Dist("firms.service_time", "days", "Time firm staff take on one case at quality 1 (divided by quality).", "", true),
        &FirmsParams::firm_service_time);
  s.add(Share("firms.quality_mean", "Mean firm quality (Beta distributed)."), &FirmsParams::firm_quality_mean);
  s.add(P("firms.quality_sd", Kind::Real, "", 0, 0.49,
          "Spread of firm quality; wide because property complaints are concentrated (worst 11% of compounds drew 47%).", "lit."),
        &FirmsParams::firm_quality_sd);
  s.add(Share("firms.reopen_slope", "Reopen probability of a firm case = grid.reopen_prob + slope x (1 - quality)."),
        &FirmsParams::firm_reopen_slope);
  s.add(Flag("firms.red_property", "'Red property': a party organisation inside each firm raises its quality.", true),
        &FirmsParams::red_property);
  s.add(Share("firms.red_property_bonus", "Quality added by red property (capped at 1).", kS002, true),
        &FirmsParams::red_property_bonus);
  s.add(Flag("firms.review.enabled", "Red/black list: firms ranked by complaint rate every review period.", true),
        &FirmsParams::review_enabled);
  s.add(P("firms.review.start_day", Kind::Real, "days", 0, kInf, "Day of the first review.", "", true),
        &FirmsParams::review_start_day);
  s.add(P("firms.review.period_days", Kind::Real, "days", 1, kInf, "Days between reviews.", kS002, true),
        &FirmsParams::review_period_days);
  s.add(Share("firms.review.black_share", "Share of firms black-listed at each review (worst complaint rates).", kS002, true),
        &FirmsParams::black_share);
  s.add(Share("firms.review.red_share",
              "Share of firms red-listed at each review (best complaint rates); counted in firms_redlisted, with no behavioural "
              "effect.",
              kS002, true),
        &FirmsParams::red_share);
  s.add(P("firms.review.replace_after", Kind::Int, "", 1, 1000,
          "Black-listings after which a firm is removed and replaced by a new one.", kS002, true),
        &FirmsParams::replace_after);
  s.add(Share("firms.review.black_list_quality_gain", "Quality a black-listed firm gains under pressure (share of its gap to 1).",
              "", true),
        &FirmsParams::black_list_quality_gain);
}

FirmsRuntime FirmsRuntime::derive(const FirmsParams& s) {
  FirmsRuntime r{};
  r.firms = s.firms_enabled;
  r.households_per_staff = s.households_per_staff;
  r.firm_service = s.firm_service_time.to_hours();
  r.reopen_slope = s.firm_reopen_slope;
  r.red_property = s.red_property;
  r.red_bonus = s.red_property_bonus;
  r.review = s.review_enabled;
  r.review_start_h = s.review_start_day * 24;
  r.review_period_h = s.review_period_days * 24;
  r.black_share = s.black_share;
  r.red_share = s.red_share;
  r.black_gain = s.black_list_quality_gain;
  r.replace_after = static_cast<std::uint32_t>(s.replace_after);
  return r;
}

}  // namespace gridgov::models
