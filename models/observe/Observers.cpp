#include "models/observe/Observers.hpp"

namespace gridgov::models {

void Observers::init(std::uint32_t grids, std::uint32_t days, bool log, std::uint64_t first_household, std::uint32_t first_grid) {
  m_.grids.resize(grids);
  m_.days.resize(days);
  log_ = log;
  hh0_ = first_household;
  grid0_ = first_grid;
}

void Observers::log(const Issue& is, double t_resolved) {
  log_rows_.push_back(IssueLogRow{static_cast<std::uint32_t>(hh0_ + is.household), is.index, is.type, is.severity,
                                  static_cast<std::uint8_t>(is.nature), is.found, is.via, is.by,
                                  static_cast<std::uint8_t>(is.state), is.complaints, is.passes, grid0_ + is.grid, is.t_raised,
                                  is.t_known, t_resolved});
}

}  // namespace gridgov::models
