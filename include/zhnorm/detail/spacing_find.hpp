#pragma once
// Finds the next byte the spacing scan has to look at: ASCII space, tab and `,;:?!()`, U+00A0,
// U+3000 and full-width forms other than the common punctuation `，（）：？`. With SSE2 (every x86-64)
// sixteen bytes are tested at once and a single space between two ASCII characters that no rule
// changes (the spaces of English text) is not reported at all. Elsewhere a table is used.
#include <algorithm>
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
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
// Bit k: byte q[k] may need the scan, for k in [0, 16). Reads q[0, 18). `ascii_stop` gets the
// ASCII stops, `space` the ASCII spaces, `high` the non-ASCII bytes.
[[nodiscard]] inline unsigned stop_bits16(const unsigned char* q, unsigned& ascii_stop, unsigned& space,
                                          unsigned& high) noexcept {
    const __m128i v0 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(q));
    const __m128i v1 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(q + 1));
    const __m128i v2 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(q + 2));
    const auto eq = [](__m128i v, unsigned char c) { return _mm_cmpeq_epi8(v, _mm_set1_epi8(static_cast<char>(c))); };
    const __m128i fe = _mm_set1_epi8(static_cast<char>(0xFE));
    const __m128i pair0 = _mm_and_si128(v0, fe);  // 20|21, 28|29, 3A|3B compare as one
    const __m128i sp = eq(v0, ' ');
    const __m128i ascii = _mm_or_si128(
        _mm_or_si128(_mm_or_si128(eq(pair0, 0x20), eq(pair0, 0x28)), _mm_or_si128(eq(pair0, 0x3A), eq(v0, ','))),
        _mm_or_si128(eq(v0, '?'), eq(v0, '\t')));
    const __m128i nbsp = _mm_and_si128(eq(v0, 0xC2), eq(v1, 0xA0));
    const __m128i ideo = _mm_and_si128(_mm_and_si128(eq(v0, 0xE3), eq(v1, 0x80)), eq(v2, 0x80));
    // EF BC / EF BD except the commonest full-width punctuation ，（）.
    const __m128i bc = eq(v1, 0xBC);
    const __m128i common = _mm_and_si128(bc, _mm_or_si128(eq(v2, 0x8C), eq(_mm_and_si128(v2, fe), 0x88)));
    const __m128i form = _mm_andnot_si128(common, _mm_and_si128(eq(v0, 0xEF), _mm_or_si128(bc, eq(v1, 0xBD))));
    ascii_stop = static_cast<unsigned>(_mm_movemask_epi8(ascii));
    space = static_cast<unsigned>(_mm_movemask_epi8(sp));
    high = static_cast<unsigned>(_mm_movemask_epi8(v0));
    return static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(nbsp, ideo), form)));
}

// Bit k: p[w + k] may need the scan, for k in [0, 16 * groups), groups in [1, 4]. Needs
// w + 16 * groups + 2 <= n.
[[nodiscard]] inline std::uint64_t stop_window(const unsigned char* p, std::size_t n, std::size_t w,
                                               unsigned groups) noexcept {
    std::uint64_t a = 0, sp = 0, hi = 0, other = 0;
    for (unsigned t = 0; t < groups; ++t) {
        unsigned ta, ts, th;
        const unsigned to = stop_bits16(p + w + 16 * t, ta, ts, th);
        a |= std::uint64_t{ta} << (16 * t);
        sp |= std::uint64_t{ts} << (16 * t);
        hi |= std::uint64_t{th} << (16 * t);
        other |= std::uint64_t{to} << (16 * t);
    }
    // A single space between two ASCII characters that are not stops changes nothing.
    const std::size_t len = 16 * groups;
    const auto quiet_at = [&](std::size_t k) { return k < n && p[k] < 0x80 && !stop_bytes[p[k]]; };
    const std::uint64_t quiet = ~(a | hi);
    const std::uint64_t before = (quiet << 1) | (w > 0 && quiet_at(w - 1) ? 1u : 0u);
    const std::uint64_t after = ((quiet >> 1) & ~(std::uint64_t{1} << (len - 1))) |
                                (quiet_at(w + len) ? std::uint64_t{1} << (len - 1) : 0u);
    return (a & ~(sp & before & after)) | other;
}
#endif

// Finds stops in one block, keeping the last 64-byte window's mask between calls.
class stop_finder {
public:
    explicit stop_finder(std::string_view s) noexcept
        : p_(reinterpret_cast<const unsigned char*>(s.data())), n_(s.size()) {}

    // The first offset >= i that may need the scan, or n.
    [[nodiscard]] std::size_t next(std::size_t i) noexcept {
#if defined(__SSE2__)
        for (;;) {
            if (i >= w_ && i < w_ + len_) {
                const std::uint64_t m = mask_ >> (i - w_);
                if (m) return i + static_cast<std::size_t>(std::countr_zero(m));
                i = w_ + len_;
            }
            if (i + 18 > n_) break;
            const auto groups = static_cast<unsigned>(std::min<std::size_t>(4, (n_ - i - 2) / 16));
            w_ = i;
            len_ = 16 * groups;
            mask_ = stop_window(p_, n_, i, groups);
        }
#else
        while (i + 8 <= n_ && !(stop_bytes[p_[i]] | stop_bytes[p_[i + 1]] | stop_bytes[p_[i + 2]] |
                                stop_bytes[p_[i + 3]] | stop_bytes[p_[i + 4]] | stop_bytes[p_[i + 5]] |
                                stop_bytes[p_[i + 6]] | stop_bytes[p_[i + 7]]))
            i += 8;
#endif
        while (i < n_ && !stop_bytes[p_[i]]) ++i;
        return i;
    }

private:
    const unsigned char* p_;
    std::size_t n_;
    std::size_t w_ = 0, len_ = 0;  // the window p_[w_, w_ + len_) that mask_ describes
    std::uint64_t mask_ = 0;
};

} // namespace zhnorm::detail::spacing
