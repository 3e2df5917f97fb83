#pragma once
// Finds the next byte the spacing scan has to look at: ASCII space, tab and `,;:?!()`, U+00A0,
// U+3000 and full-width forms. With SSE2 (every x86-64) sixteen bytes are tested at once for a
// cheap superset of those (bytes below 0x40, lead bytes C2 E3 EF); elsewhere a table is used.
#include <algorithm>
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace zhnorm::detail::spacing {

inline constexpr std::array<bool, 256> stop_bytes = [] {
    std::array<bool, 256> t{};
    for (const char c : {' ', '\t', ',', ';', ':', '?', '!', '(', ')'}) t[static_cast<unsigned char>(c)] = true;
    t[0xC2] = true;  // U+00A0
    t[0xE3] = true;  // U+3000
    t[0xEF] = true;  // full-width forms
    return t;
}();

#if defined(__SSE2__)
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
#if defined(__SSE2__)
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

// Finds stops in one block, sixteen bytes at a time where SSE2 is available. What it reports is a
// superset of the stops (the scan looks at each reported byte again); what it skips holds none.
class stop_finder {
public:
    explicit stop_finder(std::string_view s) noexcept
        : p_(reinterpret_cast<const unsigned char*>(s.data())), n_(s.size()) {}

    // The first offset >= i that may need the scan, or n (or i itself when i > n). Offsets asked
    // for never decrease.
    [[nodiscard]] std::size_t next(std::size_t i) noexcept {
#if defined(__SSE2__)
        if (i < end_) {
            const unsigned m = mask_ >> (i - w_);
            if (m) return i + static_cast<std::size_t>(std::countr_zero(m));
            i = end_;
        }
        for (; i + 16 <= n_; i += 16)
            if (const unsigned m = candidates16(p_ + i)) {
                w_ = i;
                end_ = i + 16;
                mask_ = m;
                return i + static_cast<std::size_t>(std::countr_zero(m));
            }
        if (i >= n_) return i;
        // The last bytes: the sixteen that end the block, or a padded copy of a short block.
        unsigned m;
        if (n_ >= 16) {
            m = candidates16(p_ + n_ - 16) >> (16 - (n_ - i));
        } else {
            unsigned char pad[16];
            std::memset(pad, 0x80, sizeof pad);  // continuation bytes: never candidates
            std::memcpy(pad, p_ + i, n_ - i);
            m = candidates16(pad);
        }
        w_ = i;
        end_ = n_;
        mask_ = m;
        return m ? i + static_cast<std::size_t>(std::countr_zero(m)) : n_;
#else
        while (i + 8 <= n_ && !(stop_bytes[p_[i]] | stop_bytes[p_[i + 1]] | stop_bytes[p_[i + 2]] |
                                stop_bytes[p_[i + 3]] | stop_bytes[p_[i + 4]] | stop_bytes[p_[i + 5]] |
                                stop_bytes[p_[i + 6]] | stop_bytes[p_[i + 7]]))
            i += 8;
        while (i < n_ && !stop_bytes[p_[i]]) ++i;
        return i;
#endif
    }

private:
    const unsigned char* p_;
    std::size_t n_;
    std::size_t w_ = 0, end_ = 0;  // mask_ describes p_[w_, end_)
    unsigned mask_ = 0;
};

} // namespace zhnorm::detail::spacing
