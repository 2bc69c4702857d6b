#pragma once
/// \file
/// One replicate's world: the communities (partitions) and the district, built from a frozen
/// ScenarioSpec, a shared Geography and a replicate number. It plugs into the engine as a
/// engine::PartitionedModel; at each window end it delivers messages, runs firm reviews and applies
/// scheduled interventions.
#include <memory>
#include <vector>

#include "models/mechanisms/interventions/Interventions.hpp"
#include "models/metrics/Metrics.hpp"
#include "models/world/Community.hpp"
#include "models/world/District.hpp"
#include "sim/engine/Engine.hpp"

namespace gridgov::models {

class World final : public engine::PartitionedModel {
 public:
  World(const ScenarioSpec& spec, const Geography& geo, std::uint32_t replicate);
  World(const World&) = delete;
  World& operator=(const World&) = delete;

  std::size_t partition_count() const override { return communities_.size(); }
  void advance(std::size_t p, double t_end) override { communities_[p].advance(t_end); }
  void synchronise(double t_end) override;

  /// Run to the horizon (partitions in parallel in the current oneTBB arena).
  void run(const std::function<void(double)>& on_window = {});
  /// Merge the communities' metrics in community order.
  ReplicateMetrics collect();
  const std::vector<Community>& communities() const { return communities_; }
  /// Issue-log rows of every community, in community order.
  std::vector<IssueLogRow> issue_log() const;

 private:
  void link_members();
  /// Add the micro-grid leads' hours from the last accrual to t (measured span only) at the current policy's rate.
  void accrue_microgrid_hours(double t);
  ScenarioSpec spec_;
  std::unique_ptr<Runtime> policy_;
  Context ctx_;
  std::vector<Community> communities_;
  std::unique_ptr<District> district_;
  std::unique_ptr<Interventions> interventions_;
  Microgrids::Week microgrid_week_;  ///< under the current policy
  double microgrid_accrued_to_ = 0, microgrid_hours_available_ = 0, microgrid_hours_used_ = 0;
};

/// Build the geography a scenario describes (lattice or CSV). Throws schema::InputError for a bad CSV.
std::shared_ptr<const Geography> build_geography(const ScenarioSpec& spec);

}  // namespace gridgov::models
