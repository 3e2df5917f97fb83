#pragma once
// Finds the bytes the spacing scan has to look at: ASCII space, tab and `,;:?!()`, U+00A0, U+3000
// and full-width forms, as a bit mask per 64 bytes. With SSE2 (every x86-64) sixteen bytes are
// tested at once for a cheap superset of those (bytes below 0x40, lead bytes C2 E3 EF); elsewhere
// a table is used.
#include <algorithm>
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "zhnorm/detail/simd.hpp"

namespace zhnorm::detail::spacing {

inline constexpr std::array<bool, 256> stop_bytes = [] {
    std::array<bool, 256> t{};
    for (const char c : {' ', '\t', ',', ';', ':', '?', '!', '(', ')'}) t[static_cast<unsigned char>(c)] = true;
    t[0xC2] = true;  // U+00A0
    t[0xE3] = true;  // U+3000
    t[0xEF] = true;  // full-width forms
    return t;
}();

#if ZHNORM_SSE2
// Bit k: q[k] may need the scan, for k in [0, 16): a superset of the stops, every byte below 0x40
// and the lead bytes C2, E3 and EF (the scan tells the stops among them apart).
[[nodiscard]] inline unsigned candidates16(const unsigned char* q) noexcept {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(q));
    const __m128i low = _mm_cmpeq_epi8(_mm_subs_epu8(v, _mm_set1_epi8(0x3F)), _mm_setzero_si128());  // v <= 0x3F
    const __m128i lead = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(static_cast<char>(0xC2))),
                                                   _mm_cmpeq_epi8(v, _mm_set1_epi8(static_cast<char>(0xE3)))),
                                      _mm_cmpeq_epi8(v, _mm_set1_epi8(static_cast<char>(0xEF))));
    return static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(low, lead)));
}
#endif

// True when `s` is ASCII with no tab, no run of two spaces and no space at either end: no rule of the
// pass can change such a block (English text), so the scan need not look at its stops. Gives up
// (false) at the first byte from 0x80 up, which in Chinese text is within the first few bytes.
[[nodiscard]] inline bool plain_ascii(std::string_view s) noexcept {
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    const std::size_t n = s.size();
    if (n == 0) return true;
    if (p[0] >= 0x80 || p[0] == ' ' || p[0] == '\t' || p[n - 1] == ' ' || p[n - 1] == '\t') return false;
#if ZHNORM_SSE2
    const __m128i sp = _mm_set1_epi8(' '), tab = _mm_set1_epi8('\t');
    // Bit k: q[k] is high or a tab, or a space before a space or tab. Reads q[0, 17).
    const auto bad16 = [&](const unsigned char* q) {
        const __m128i v0 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(q));
        const __m128i v1 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(q + 1));
        const __m128i gap = _mm_and_si128(_mm_cmpeq_epi8(v0, sp), _mm_or_si128(_mm_cmpeq_epi8(v1, sp), _mm_cmpeq_epi8(v1, tab)));
        return _mm_movemask_epi8(_mm_or_si128(_mm_or_si128(v0, _mm_cmpeq_epi8(v0, tab)), gap));
    };
    std::size_t i = 0;
    for (; i + 17 <= n; i += 16)
        if (bad16(p + i)) return false;
    unsigned char pad[32];
    std::memset(pad, 'x', sizeof pad);
    std::memcpy(pad, p + i, n - i);  // at most 16 bytes
    return bad16(pad) == 0;
#else
    return false;
#endif
}

// Bit k: p[base + k] may need the scan, for k in [0, 64) and base + k < n (higher bits clear).
// A superset of the stops; what it leaves out holds none. The bytes of a block's last partial
// sixteen are read from the sixteen that end the block (a block shorter than that from a copy).
[[nodiscard, gnu::always_inline]] inline std::uint64_t candidates64(const unsigned char* p, std::size_t n, std::size_t base) noexcept {
    std::uint64_t m = 0;
#if ZHNORM_SSE2
    if (base + 64 <= n) {
        return std::uint64_t{candidates16(p + base)} | std::uint64_t{candidates16(p + base + 16)} << 16 |
               std::uint64_t{candidates16(p + base + 32)} << 32 | std::uint64_t{candidates16(p + base + 48)} << 48;
    }
    std::size_t g = base;
    for (; g + 16 <= n; g += 16) m |= std::uint64_t{candidates16(p + g)} << (g - base);
    if (g < n) {
        std::uint32_t t;
        if (n >= 16) {
            t = candidates16(p + n - 16) >> (16 - (n - g));
        } else {
            unsigned char pad[16];
            std::memset(pad, 0x80, sizeof pad);  // continuation bytes: never candidates
            std::memcpy(pad, p + g, n - g);
            t = candidates16(pad);
        }
        m |= std::uint64_t{t} << (g - base);
    }
#else
    const std::size_t end = n - base < 64 ? n - base : 64;
    for (std::size_t k = 0; k < end; ++k)
        if (stop_bytes[p[base + k]]) m |= std::uint64_t{1} << k;
#endif
    return m;
}

} // namespace zhnorm::detail::spacing
