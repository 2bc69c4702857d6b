#pragma once
/// \file
/// What every community reads during a window and nobody writes until the window ends:
/// the current policy, the geography, the run's keys and the district's firm qualities.
#include <cstdint>
#include <vector>

#include "models/geography/Geography.hpp"
#include "models/world/Runtime.hpp"

namespace gridgov::models {

struct Context {
  const ScenarioSpec* spec = nullptr;
  const Runtime* policy = nullptr;
  const Geography* geo = nullptr;
  std::uint64_t seed = 0;
  std::uint32_t replicate = 0;
  double horizon_h = 0, warmup_h = 0;
  std::uint32_t days = 0;
  const std::vector<double>* firm_quality = nullptr;  ///< per firm, written only at synchronisation
  std::uint32_t firm_count = 1;
  bool issue_log = false;
  std::uint8_t epoch = 0;  ///< number of detection-relevant policy changes so far
};

/// Kinds of messages a community sends to the district.
enum class MessageKind : std::uint8_t { Whistle, Complaint };

/// A message from a community to the district, applied at the end of the window.
struct Message {
  double time = 0;                ///< hours, when it was sent
  std::uint32_t issue = 0;        ///< the community's issue record
  std::uint32_t household = 0;    ///< global household index (keys the issue's random streams)
  std::uint32_t issue_index = 0;  ///< the household's issue number
  std::uint16_t step = 0;         ///< routing-stream step to draw service times from
  MessageKind kind = MessageKind::Whistle;
  std::uint8_t department = 0;
  double delay = 0;            ///< complaint: forward delay to the forced dispatch (hours)
  bool to_department = false;  ///< complaint: dispatch to the department instead of the handler
  bool counted = false;        ///< whistle: the issue arose after the warm-up (departments.csv)
};

}  // namespace gridgov::models
