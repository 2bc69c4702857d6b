#pragma once
/// \file
/// The model's random-stream layout: every purpose (sub-stream tag) the model uses and where in
/// each stream a draw lives. Part of the reproducibility contract: never renumber a purpose or
/// move a block, as that changes every draw of every saved scenario. Streams are keyed by
/// (seed, replicate, entity, purpose) — see sim/random/Stream.hpp.
#include <cstddef>
#include <cstdint>

#include "sim/random/Stream.hpp"

namespace gridgov::models::streams {

/// Purposes. Values not listed (4, 8, 9, 12) were reserved by earlier versions: do not reuse.
inline constexpr random::Purpose kIssues = 1;  ///< entity: household — what its issues are and when they arise
inline constexpr random::Purpose kHousehold =
    2;  ///< entity: household — its reporting propensity (block 0), vulnerability (block 1)
inline constexpr random::Purpose kDetection = 3;        ///< entity: household — uniforms deciding which visit finds an issue
inline constexpr random::Purpose kRouting = 5;          ///< entity: household — policy-dependent draws of an issue's handling
inline constexpr random::Purpose kStaff = 6;            ///< entity: a member's home household — the member's kind and effort
inline constexpr random::Purpose kFirm = 7;             ///< entity: firm — its quality, per generation
inline constexpr random::Purpose kDetectionExtra = 13;  ///< entity: household — uniforms of detectors beyond the first four

/// The Issues stream gives each issue of a household 16 blocks; the issue's draws sit at fixed
/// blocks so that policy never shifts them (common random numbers).
inline constexpr std::uint64_t kIssueBlocks = 16;
enum IssueBlock : std::uint64_t {
  kGapAndType = 0,      ///< uniform of the gap before the issue, then the uniform of its type
  kSeverityNature = 1,  ///< severity, nature
  kChannel = 2,         ///< the reporting channel
  kNeed = 3,            ///< whether a vulnerable household's issue is a need it does not report
  kReportDelay = 4,     ///< the report delay (a distribution draw, may use several words)
  kPatience = 10,       ///< the resident's patience
};
constexpr std::uint64_t issue_block(std::uint32_t index, IssueBlock b) noexcept {
  return static_cast<std::uint64_t>(index) * kIssueBlocks + static_cast<std::uint64_t>(b);
}

/// The Routing stream: issue `index` owns blocks [index << 20, (index + 1) << 20); each handling
/// step takes the next 4 blocks (the step counter lives in the issue record or travels with the
/// message to the district).
constexpr std::uint64_t routing_block(std::uint32_t index, std::uint16_t step) noexcept {
  return (static_cast<std::uint64_t>(index) << 20) + static_cast<std::uint64_t>(step) * 4;
}

/// The Detection stream: issue `index` owns 256 blocks; each detection-relevant policy epoch
/// (an intervention that changes visiting) takes 2 blocks: four uniforms, one per detector.
constexpr std::uint64_t detection_block(std::uint32_t index, std::uint8_t epoch) noexcept {
  return (static_cast<std::uint64_t>(index) << 8) + static_cast<std::uint64_t>(epoch) * 2;
}

/// The DetectionExtra stream: detectors in slot 4 and beyond (models/mechanisms/Detectors.hpp)
/// draw their uniform here, so that adding a detector never moves the first four's draws. Issue
/// `index` owns 256 blocks; each epoch takes 4 blocks (two uniforms each: slots 4..11).
constexpr std::uint64_t detection_extra_block(std::uint32_t index, std::uint8_t epoch, std::size_t slot) noexcept {
  return (static_cast<std::uint64_t>(index) << 8) + static_cast<std::uint64_t>(epoch % 64) * 4 + (slot - 4) / 2;
}

/// The Firm stream: generation g of a firm (after g replacements) draws its quality at block 16 g.
constexpr std::uint64_t firm_block(std::uint32_t generation) noexcept { return static_cast<std::uint64_t>(generation) * 16; }

}  // namespace gridgov::models::streams
