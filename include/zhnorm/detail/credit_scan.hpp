#pragma once
// Byte scans that let the credits pass skip the body of a paragraph. A credit inside a paragraph
// has at least two fields, so a field separator (space, tab, U+00A0, U+3000 or 、) stands inside
// it, and it ends with a verb of the photo desk: the pass looks only at the verb ends that follow
// a separator within one run of characters a credit may hold.
#include <array>
#include <bit>
#include <cstddef>
#include <string_view>

#include "zhnorm/detail/credit_fields.hpp"
#include "zhnorm/detail/utf8.hpp"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace zhnorm::detail {

// The first offset >= i whose byte may start a field separator (' ', '\t', C2 for U+00A0, E3 80
// for U+3000 and 、), or s.size(). A hint only: the caller checks the bytes there.
[[nodiscard]] inline std::size_t next_separator_hint(std::string_view s, std::size_t i) noexcept {
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    const std::size_t n = s.size();
#if defined(__SSE2__)
    const __m128i sp = _mm_set1_epi8(' '), tab = _mm_set1_epi8('\t');
    const __m128i c2 = _mm_set1_epi8(static_cast<char>(0xC2)), e3 = _mm_set1_epi8(static_cast<char>(0xE3));
    const __m128i x80 = _mm_set1_epi8(static_cast<char>(0x80));
    for (; i + 17 <= n; i += 16) {
        const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
        const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i + 1));
        const __m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(a, sp), _mm_cmpeq_epi8(a, tab)),
                                       _mm_or_si128(_mm_cmpeq_epi8(a, c2),
                                                    _mm_and_si128(_mm_cmpeq_epi8(a, e3), _mm_cmpeq_epi8(b, x80))));
        if (const auto bits = static_cast<unsigned>(_mm_movemask_epi8(m)))
            return i + static_cast<std::size_t>(std::countr_zero(bits));
    }
#endif
    for (; i < n; ++i) {
        const unsigned char c = p[i];
        if (c == ' ' || c == '\t' || c == 0xC2 || (c == 0xE3 && i + 1 < n && p[i + 1] == 0x80)) return i;
    }
    return n;
}

// Bytes of the field separator at `i` (field_space or 、), or 0.
[[nodiscard]] inline std::size_t separator_at(std::string_view s, std::size_t i) noexcept {
    if (const std::size_t sp = field_space(s, i)) return sp;
    return s.substr(i, 3) == list_mark ? 3 : 0;
}

namespace credit_detail {

// Three-byte punctuation no credit holds (，。：；！？（）“”): a run of credit characters ends there.
// Anything not listed here is let through; the caller checks every candidate exactly.
[[nodiscard]] inline bool ends_credit_run(const unsigned char* p) noexcept {
    if (p[0] == 0xEF && p[1] == 0xBC)
        return p[2] == 0x8C || p[2] == 0x9A || p[2] == 0x9B || p[2] == 0x81 || p[2] == 0x9F || p[2] == 0x88 ||
               p[2] == 0x89;
    if (p[0] == 0xE3) return p[1] == 0x80 && p[2] == 0x82;
    return p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0x9C || p[2] == 0x9D);
}

// The last characters of the credit verbs (each a three-byte character).
inline constexpr auto verb_last_chars = [] {
    std::array<std::string_view, std::size(credit_verbs)> t{};
    for (std::size_t k = 0; k < t.size(); ++k) {
        const std::string_view v = credit_verbs[k];
        if (v.size() < 3 || (static_cast<unsigned char>(v[v.size() - 3]) & 0xF0) != 0xE0)
            throw "every credit verb ends with a three-byte character";
        t[k] = v.substr(v.size() - 3);
    }
    return t;
}();

[[nodiscard]] inline bool is_verb_last_char(const unsigned char* p) noexcept {
    if (!verb_end_bytes[p[2]]) return false;
    const std::string_view c(reinterpret_cast<const char*>(p), 3);
    for (std::string_view v : verb_last_chars)
        if (c == v) return true;
    return false;
}

} // namespace credit_detail

// Calls f(e) for every offset e of `s`, ascending, where a credit verb may end a credit that
// holds a field separator (see the header comment); stops early when f returns true. Every offset
// where find_trailing_credit(s.substr(0, e)) could find a credit is among them. `reach` bounds
// how far after a separator a verb may end (find_trailing_credit's max_bytes).
template <class F>
bool for_each_verb_after_separator(std::string_view s, std::size_t reach, F&& f) {
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    const std::size_t n = s.size();
    std::size_t x = 0;
    for (;;) {
        x = next_separator_hint(s, x);
        if (x >= n) return false;
        std::size_t sep = separator_at(s, x);
        if (!sep) { ++x; continue; }
        // A run of characters a credit may hold, from this separator on; later separators in it
        // push its end further.
        std::size_t limit = x + reach + 3;
        while (x < n && x < limit) {
            if (sep) {
                limit = x + reach + 3;
                x += sep;
            } else {
                const unsigned char c = p[x];
                if (c < 0x80) {
                    if (c != '/') break;
                    ++x;
                } else {
                    const std::size_t len = utf8_length(c);
                    if (x + len > n) break;
                    if (len == 3) {
                        if (credit_detail::ends_credit_run(p + x)) break;
                        if (credit_detail::is_verb_last_char(p + x) && f(x + 3)) return true;
                    }
                    x += len;
                }
            }
            if (x < n) sep = separator_at(s, x);
        }
    }
}

} // namespace zhnorm::detail
