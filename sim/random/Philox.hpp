// Philox4x32 counter-based pseudo-random function (Salmon, Moraes, Dror & Shaw, "Parallel random
// numbers: as easy as 1, 2, 3", SC'11; the Random123 library). Written from the published
// algorithm description; checked against Random123's known-answer vectors in
// tests/sim/random/test_philox.cpp.
#pragma once

#include <array>
#include <cstdint>

namespace gridgov::random {

/// A Philox4x32 counter block: four 32-bit words. Word 0 is the first word of the 128-bit input.
using Counter = std::array<std::uint32_t, 4>;

/// A Philox4x32 key: two 32-bit words.
using Key = std::array<std::uint32_t, 2>;

namespace philox_detail {

/// Round multipliers of Philox4x32 (M0 multiplies word 0, M1 multiplies word 2).
inline constexpr std::uint32_t kMul0 = 0xD2511F53u;
inline constexpr std::uint32_t kMul1 = 0xCD9E8D57u;
/// Weyl key-schedule increments (golden ratio and sqrt(3) - 1, as 32-bit fractions).
inline constexpr std::uint32_t kWeyl0 = 0x9E3779B9u;
inline constexpr std::uint32_t kWeyl1 = 0xBB67AE85u;

/// One Philox4x32 S-box round: two 32x32->64 multiplies, a swap and a key XOR.
constexpr Counter round(const Counter& c, const Key& k) noexcept {
  const std::uint64_t p0 = std::uint64_t{kMul0} * c[0];
  const std::uint64_t p1 = std::uint64_t{kMul1} * c[2];
  return Counter{static_cast<std::uint32_t>(p1 >> 32) ^ c[1] ^ k[0], static_cast<std::uint32_t>(p1),
                 static_cast<std::uint32_t>(p0 >> 32) ^ c[3] ^ k[1], static_cast<std::uint32_t>(p0)};
}

}  // namespace philox_detail

/// Philox4x32 with `Rounds` rounds (Rounds >= 1). The key is bumped by the Weyl constants between
/// consecutive rounds. Pure function of (ctr, key): no state, usable at compile time.
template <unsigned Rounds>
constexpr Counter philox4x32(Counter ctr, Key key) noexcept {
  static_assert(Rounds >= 1, "Philox needs at least one round");
  for (unsigned r = 0; r < Rounds; ++r) {
    if (r != 0) {
      key[0] += philox_detail::kWeyl0;
      key[1] += philox_detail::kWeyl1;
    }
    ctr = philox_detail::round(ctr, key);
  }
  return ctr;
}

/// One Philox4x32-10 block: the 128-bit output for counter `ctr` under key `key` (10 rounds, the
/// Random123 default). Bijective in `ctr` for a fixed key; outputs are uniform 32-bit words.
constexpr Counter philox4x32_10(Counter ctr, Key key) noexcept { return philox4x32<10>(ctr, key); }

}  // namespace gridgov::random
