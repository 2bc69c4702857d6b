#pragma once
/// \file
/// What a detector sees when it makes its offer for a latent issue: the issue, its household
/// and grid, the community's households and party members, and its random slot. The community
/// asks every detector in models/mechanisms/Detectors.hpp and takes the earliest offer.
#include <array>
#include <cstddef>
#include <cstdint>

#include "models/lifecycle/Issue.hpp"
#include "models/lifecycle/StreamLayout.hpp"
#include "models/mechanisms/Visiting.hpp"
#include "models/world/Context.hpp"

namespace gridgov::models {

class Households;
class PartyMembers;

struct DetectionQuery {
  const Context& ctx;
  std::uint64_t phase_key;  ///< mixes seed and replicate into visiting phases
  std::uint32_t community;
  const Households& households;
  const PartyMembers& members;
  const Issue& issue;
  std::uint32_t household;         ///< local index
  std::uint64_t household_global;  ///< keys the household's streams
  std::uint64_t grid_global;
  double grid_rounds_share;     ///< share of the planned patrols and visits the grid's workers have hours for
  double t_from;                ///< offers are for times after this
  std::array<double, 4> first;  ///< the uniforms of slots 0..3 (drawn together, detection stream)

  /// The uniform that decides the detector in `slot` (its position in Detectors.hpp).
  double uniform(std::size_t slot) const {
    if (slot < first.size()) return first[slot];
    random::Stream s(ctx.seed, ctx.replicate, static_cast<std::uint32_t>(household_global), streams::kDetectionExtra);
    s.seek(streams::detection_extra_block(issue.index, ctx.epoch, slot));
    if ((slot - 4) % 2) (void)s.uniform();
    return s.uniform();
  }
};

}  // namespace gridgov::models
