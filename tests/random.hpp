#pragma once
// Deterministic numbers for randomized tests: xorshift64, the same sequence on every run and
// machine, so a failure reproduces.
#include <cstddef>
#include <cstdint>

namespace zhnorm::testing {

class xorshift {
public:
    // `state` must not be 0 (xorshift would stay at 0).
    explicit constexpr xorshift(std::uint64_t state) noexcept : state_(state != 0 ? state : 0x9E3779B97F4A7C15ULL) {}

    std::uint64_t next() noexcept {
        state_ ^= state_ << 13;
        state_ ^= state_ >> 7;
        state_ ^= state_ << 17;
        return state_;
    }
    // A number in [0, n), n > 0.
    std::size_t below(std::size_t n) noexcept { return static_cast<std::size_t>(next() % n); }

private:
    std::uint64_t state_;
};

} // namespace zhnorm::testing
