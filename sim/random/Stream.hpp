// Keyed, counter-based random streams. A Stream is a pure function of
// (seed, replicate, entity, purpose, position): constructing one costs a splitmix64 and a few
// stores, so hot loops may construct one per event, and any draw can be reproduced by seeking.
#pragma once

#include <cassert>
#include <cstdint>

#include "sim/random/Philox.hpp"

namespace gridgov::random {

/// The purpose of a random stream: an 8-bit tag that makes distinct sub-streams of one entity
/// (it occupies the low 8 bits of Philox counter word 3). The engine names no purpose: each model
/// keeps its own table of purposes (gridgov's is models/lifecycle/StreamLayout.hpp) and must never
/// renumber one, as that changes every draw of every saved scenario. kTestPurpose is reserved for
/// tests.
using Purpose = std::uint8_t;
inline constexpr Purpose kTestPurpose = 255;

/// SplitMix64 finaliser (Steele, Lea & Flood 2014) applied to `x + golden-ratio increment`, i.e. the
/// first output of a SplitMix64 generator whose state is `x`. Used to turn a user seed into a
/// well-mixed 64-bit Philox key. Bijective on 64-bit integers.
constexpr std::uint64_t splitmix64(std::uint64_t x) noexcept {
  std::uint64_t z = x + 0x9E3779B97F4A7C15ull;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

/// Largest replicate index a Stream accepts plus one: replicates occupy 24 bits of counter word 3.
inline constexpr std::uint32_t kMaxReplicates = 1u << 24;

/// A random stream keyed by (seed, replicate, entity, purpose).
///
/// Layout (part of the reproducibility contract; pinned by tests):
///  - Philox4x32-10 key  = { low 32 bits of splitmix64(seed), high 32 bits of splitmix64(seed) };
///  - counter for block b = { low 32 bits of b, high 32 bits of b, entity, (replicate << 8) | purpose };
///  - the stream's words are block 0 words 0..3, then block 1 words 0..3, and so on.
/// The 64-bit block position starts at 0 and advances by one per four 32-bit words drawn; it cannot
/// realistically wrap. Invariant: replicate < 2^24. Size 48 bytes; trivially copyable (a copy
/// continues independently from the same position).
class Stream {
 public:
  /// Stateless construction: no Philox block is computed until the first draw.
  /// Precondition: replicate < kMaxReplicates (asserted).
  Stream(std::uint64_t seed, std::uint32_t replicate, std::uint32_t entity, Purpose purpose) noexcept
      : key_{0, 0}, entity_(entity), tag_((replicate << 8) | static_cast<std::uint32_t>(purpose)) {
    assert(replicate < kMaxReplicates && "Stream: replicate must be < 2^24");
    const std::uint64_t k = splitmix64(seed);
    key_[0] = static_cast<std::uint32_t>(k);
    key_[1] = static_cast<std::uint32_t>(k >> 32);
  }

  /// Repositions the stream so that the next draw is word 0 of Philox block `block`
  /// (block 0 is where a fresh stream starts; each block holds four 32-bit words).
  void seek(std::uint64_t block) noexcept {
    block_ = block;
    used_ = 4;
  }

  /// Index of the block the next refill will compute (for diagnostics and tests). After seek(b) and
  /// before any draw this is b; after drawing from block b it is b + 1.
  [[nodiscard]] std::uint64_t next_block() const noexcept { return block_; }

  /// The next uniformly distributed 32-bit word of the stream.
  std::uint32_t next_u32() noexcept {
    if (used_ == 4) refill();
    return buf_[used_++];
  }

  /// A uniform 64-bit word made of the next two 32-bit words: the first is the low half, the second
  /// the high half.
  std::uint64_t next_u64() noexcept {
    const std::uint64_t lo = next_u32();
    const std::uint64_t hi = next_u32();
    return (hi << 32) | lo;
  }

  /// A uniform double in the OPEN interval (0, 1): k * 2^-53 where k is the top 53 bits of
  /// next_u64(). The (probability 2^-53) value k = 0 is rejected and redrawn, so the result is
  /// never 0 and, being at most 1 - 2^-53, never 1. Safe to pass to log().
  double uniform() noexcept {
    std::uint64_t k;
    do {
      k = next_u64() >> 11;
    } while (k == 0);
    return static_cast<double>(k) * 0x1.0p-53;
  }

  /// A uniform integer in [0, n), exactly unbiased (Lemire's multiply-shift with rejection, 2019).
  /// Consumes one 32-bit word, occasionally more. Precondition: n >= 1 (asserted; returns 0 for n = 0
  /// without drawing).
  std::uint32_t below(std::uint32_t n) noexcept {
    assert(n > 0 && "Stream::below: n must be positive");
    if (n == 0) return 0;
    std::uint64_t m = std::uint64_t{next_u32()} * n;
    auto low = static_cast<std::uint32_t>(m);
    if (low < n) {
      const std::uint32_t threshold = (0u - n) % n;  // 2^32 mod n
      while (low < threshold) {
        m = std::uint64_t{next_u32()} * n;
        low = static_cast<std::uint32_t>(m);
      }
    }
    return static_cast<std::uint32_t>(m >> 32);
  }

  /// True with probability p: uniform() < p. Always consumes one uniform() (two words), so p <= 0
  /// gives false and p >= 1 gives true.
  bool bernoulli(double p) noexcept { return uniform() < p; }

 private:
  void refill() noexcept {
    const Counter ctr{static_cast<std::uint32_t>(block_), static_cast<std::uint32_t>(block_ >> 32), entity_, tag_};
    buf_ = philox4x32_10(ctr, key_);
    ++block_;
    used_ = 0;
  }

  Counter buf_{};            // words of block (block_ - 1); valid from index used_
  std::uint64_t block_ = 0;  // next block to compute
  Key key_;                  // halves of splitmix64(seed)
  std::uint32_t entity_;     // counter word 2
  std::uint32_t tag_;        // counter word 3: (replicate << 8) | purpose
  std::uint32_t used_ = 4;   // words of buf_ already consumed; 4 means empty
};

static_assert(sizeof(Stream) <= 48, "Stream must stay small: hot loops construct one per event");

}  // namespace gridgov::random
