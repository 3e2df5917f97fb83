#pragma once
// Finds the parenthesised byline that opens a news paragraph after its dateline:
// `本报讯（记者 赵思远）`, `本报北京1月2日电（记者 …）`, `新华社北京1月2日电（记者 …）`, with full- or
// half-width parentheses and the stray spaces of extraction (`本报讯 (记者 白莹) 2021年`), and the
// same written without parentheses, closed by 报道 and a colon (`本报讯 记者 张三 报道：`).
#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <utility>

#include "zhnorm/detail/credit_fields.hpp"
#include "zhnorm/detail/utf8.hpp"
#include "zhnorm/unicode/char_class.hpp"

#include "zhnorm/detail/simd.hpp"

namespace zhnorm::detail {

// The first offset in [i, end) holding a byte that is neither a lead E4-E9 nor a continuation
// byte, or `end`. From the start of a character of U+4000-U+9FFF in valid UTF-8, that is where
// the run of such characters ends (a caller checks that the run is whole characters). Sixteen
// bytes a step: a dateline or a headline is mostly such a run.
[[nodiscard]] inline std::size_t ideograph_bytes_end(const unsigned char* p, std::size_t i, std::size_t end) noexcept {
#if ZHNORM_SSE2
    const __m128i below_c0 = _mm_set1_epi8(static_cast<char>(0xC0)), e4 = _mm_set1_epi8(static_cast<char>(0xE4));
    const __m128i five = _mm_set1_epi8(5);
    for (; i + 16 <= end; i += 16) {
        const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
        const __m128i cont = _mm_cmpgt_epi8(below_c0, a);  // 0x80-0xBF (signed below -64)
        const __m128i t = _mm_sub_epi8(a, e4);
        const __m128i lead = _mm_cmpeq_epi8(_mm_min_epu8(t, five), t);  // 0xE4-0xE9
        const auto in = static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(cont, lead)));
        if (in != 0xFFFFu) return i + static_cast<std::size_t>(std::countr_zero(~in & 0xFFFFu));
    }
#endif
    for (; i < end; ++i)
        if (!(p[i] >= 0x80 && p[i] <= 0xBF) && static_cast<unsigned>(p[i] - 0xE4u) > 5u) return i;
    return end;
}

#if ZHNORM_SSE2
// Bits of the places k in [0, 16) where a byline mark starts at q[k] (`(`, `:`, `（` EF BC 88,
// `：` EF BC 9A), and where a stop does (`，` EF BC 8C, `。` E3 80 82). Reads q[0, 18).
[[nodiscard]] ZHNORM_DETAIL_HOT std::pair<unsigned, unsigned> byline_marks_and_stops16(const unsigned char* q) noexcept {
    const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(q));
    const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(q + 1));
    const __m128i c = _mm_loadu_si128(reinterpret_cast<const __m128i*>(q + 2));
    const auto eq = [](__m128i v, int x) { return _mm_cmpeq_epi8(v, _mm_set1_epi8(static_cast<char>(x))); };
    const __m128i efbc = _mm_and_si128(eq(a, 0xEF), eq(b, 0xBC));
    const __m128i mark = _mm_or_si128(_mm_or_si128(eq(a, '('), eq(a, ':')), _mm_and_si128(efbc, _mm_or_si128(eq(c, 0x88), eq(c, 0x9A))));
    const __m128i stop = _mm_or_si128(_mm_and_si128(efbc, eq(c, 0x8C)), _mm_and_si128(_mm_and_si128(eq(a, 0xE3), eq(b, 0x80)), eq(c, 0x82)));
    return {static_cast<unsigned>(_mm_movemask_epi8(mark)), static_cast<unsigned>(_mm_movemask_epi8(stop))};
}
#endif

// False only if neither find_byline nor find_byline_after_title finds anything in `s`: no byline
// mark (a parenthesis `(` or `（` (EF BC 88), a colon `:` or `：` (EF BC 9A)) stands before the first `，` (EF BC 8C) or
// `。` (E3 80 82), where both scans give up. Reads only as far as the first of either; sixteen
// bytes a step. Running text nearly always has its first comma before any parenthesis.
// (may_hold_byline_mark_before_stop below picks this or its AVX2 twin)
[[nodiscard]] inline bool may_hold_byline_mark_before_stop_sse2(std::string_view s) noexcept {
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    const std::size_t n = s.size();
    std::size_t i = 0;
#if ZHNORM_SSE2
    for (; i + 18 <= n; i += 16) {
        const auto [m, t] = byline_marks_and_stops16(p + i);
        if ((m | t) != 0) return m != 0 && (t == 0 || std::countr_zero(m) < std::countr_zero(t));
    }
    if (n >= 18) {
        // The places i .. n - 3 left, by one more block overlapping the ones done (headlines and
        // credits hold no comma: their last bytes came one at a time); then the last two places,
        // where only `(` and `:` fit.
        const std::size_t k = n - 18;
        auto [m, t] = byline_marks_and_stops16(p + k);
        const unsigned done = ~((1u << (i - k)) - 1u);
        m &= done;
        t &= done;
        if ((m | t) != 0) return m != 0 && (t == 0 || std::countr_zero(m) < std::countr_zero(t));
        return p[n - 2] == '(' || p[n - 2] == ':' || p[n - 1] == '(' || p[n - 1] == ':';
    }
#endif
    for (; i < n; ++i) {
        if (p[i] == '(' || p[i] == ':') return true;
        if (i + 3 > n) continue;
        if (p[i] == 0xEF && p[i + 1] == 0xBC) {
            if (p[i + 2] == 0x88 || p[i + 2] == 0x9A) return true;
            if (p[i + 2] == 0x8C) return false;
        }
        if (p[i] == 0xE3 && p[i + 1] == 0x80 && p[i + 2] == 0x82) return false;
    }
    return false;
}

#if ZHNORM_AVX2
// The ten bytes byline_marks_and_stops32 compares with, each repeated in a 32-byte row: loaded
// from memory, as the compares' operands, rather than built by a broadcast each per call (a
// third of the cost of a call that decides in one block).
alignas(32) inline constexpr unsigned char byline_mark_bytes32[10][32] = {
#define ZHNORM_ROW32(x) {x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x}
    ZHNORM_ROW32(0xEF), ZHNORM_ROW32(0xBC), ZHNORM_ROW32('('),  ZHNORM_ROW32(':'),  ZHNORM_ROW32(0x88),
    ZHNORM_ROW32(0x9A), ZHNORM_ROW32(0x8C), ZHNORM_ROW32(0xE3), ZHNORM_ROW32(0x80), ZHNORM_ROW32(0x82),
#undef ZHNORM_ROW32
};

// (the rows reached through a pointer the compiler cannot see through: it would turn a load it
// knows the value of back into a broadcast)
[[nodiscard]] inline const unsigned char (*opaque_rows(const unsigned char (*t)[32]) noexcept)[32] {
#if defined(__GNUC__)
    __asm__("" : "+r"(t));
#endif
    return t;
}

ZHNORM_TARGET_AVX2 inline __m256i byte_eq32_row(__m256i v, const unsigned char* row) noexcept {
    return _mm256_cmpeq_epi8(v, _mm256_load_si256(reinterpret_cast<const __m256i*>(row)));
}

// byline_marks_and_stops16 of thirty-two places: reads q[0, 34).
ZHNORM_TARGET_AVX2 inline std::pair<std::uint32_t, std::uint32_t> byline_marks_and_stops32(const unsigned char* q,
                                                                                          const unsigned char (*k)[32]) noexcept {
    const __m256i a = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(q));
    const __m256i b = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(q + 1));
    const __m256i c = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(q + 2));
    const __m256i efbc = _mm256_and_si256(byte_eq32_row(a, k[0]), byte_eq32_row(b, k[1]));
    const __m256i mark = _mm256_or_si256(_mm256_or_si256(byte_eq32_row(a, k[2]), byte_eq32_row(a, k[3])),
                                         _mm256_and_si256(efbc, _mm256_or_si256(byte_eq32_row(c, k[4]), byte_eq32_row(c, k[5]))));
    const __m256i stop = _mm256_or_si256(_mm256_and_si256(efbc, byte_eq32_row(c, k[6])),
                                         _mm256_and_si256(_mm256_and_si256(byte_eq32_row(a, k[7]), byte_eq32_row(b, k[8])),
                                                          byte_eq32_row(c, k[9])));
    return {static_cast<std::uint32_t>(_mm256_movemask_epi8(mark)), static_cast<std::uint32_t>(_mm256_movemask_epi8(stop))};
}

// may_hold_byline_mark_before_stop_sse2 thirty-two bytes a step (a first clause mostly fits in
// one or two); texts under 34 bytes go to it.
ZHNORM_TARGET_AVX2 inline bool may_hold_byline_mark_before_stop_avx2(std::string_view s) noexcept {
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    const std::size_t n = s.size();
    if (n < 34) return may_hold_byline_mark_before_stop_sse2(s);
    const auto k32 = opaque_rows(byline_mark_bytes32);
    std::size_t i = 0;
    for (; i + 34 <= n; i += 32) {
        const auto [m, t] = byline_marks_and_stops32(p + i, k32);
        if ((m | t) != 0) return m != 0 && (t == 0 || std::countr_zero(m) < std::countr_zero(t));
    }
    // The places i .. n - 3 left, by one more block overlapping the ones done (none when
    // i = n - 2); then the last two places, where only `(` and `:` fit.
    const std::size_t k = n - 34;
    if (i - k < 32) {
        auto [m, t] = byline_marks_and_stops32(p + k, k32);
        const std::uint32_t done = ~((std::uint32_t{1} << (i - k)) - 1u);
        m &= done;
        t &= done;
        if ((m | t) != 0) return m != 0 && (t == 0 || std::countr_zero(m) < std::countr_zero(t));
    }
    return p[n - 2] == '(' || p[n - 2] == ':' || p[n - 1] == '(' || p[n - 1] == ':';
}
#endif

// False only if no byline mark stands before the first stop (see may_hold_byline_mark_before_stop_sse2):
// the AVX2 twin where the CPU has it.
[[nodiscard]] inline bool may_hold_byline_mark_before_stop(std::string_view s) noexcept {
#if ZHNORM_AVX2
    if (use_avx2()) return may_hold_byline_mark_before_stop_avx2(s);
#endif
    return may_hold_byline_mark_before_stop_sse2(s);
}

struct byline_span {
    bool found = false;
    bool unclosed = false;  // a dateline and its parenthesis, but the text ends before it closes
    std::size_t body_begin = 0, body_end = 0;  // bytes of the text between the parentheses
    std::size_t dateline_chars = 0;  // 0: a bare parenthesis with no dateline before it
    bool open_form = false;  // no parentheses: `本报讯 记者 张三 报道：`, body up to the colon
};

// True if `s` ends with 报道 (E6 8A A5 E9 81 93), the verb that closes a byline written without
// parentheses.
[[nodiscard]] inline bool ends_with_report(std::string_view s) noexcept {
    return s.size() >= 6 && s[s.size() - 1] == '\x93' && s.substr(s.size() - 6) == "报道";
}

[[nodiscard]] inline bool is_space_before(std::string_view s, std::size_t i) noexcept {
    const char32_t c = decode_before_fast(s, i).cp;
    return c == U' ' || c == U'\t' || c == 0x3000 || c == 0xA0;
}

// True if every character of U+4000-U+9FFF that starts in [0, end) of `text` is CJK in the table
// (find_byline's late test of its dateline). A function of its own, not a lambda holding the
// text by reference: its loop keeps the text in registers.
[[nodiscard]] inline bool all_cjk_before(std::string_view text, std::size_t end) noexcept {
    const auto* p = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t n = text.size();
    const std::size_t end3 = std::min(end, n >= 2 ? n - 2 : 0);
    for (std::size_t k = 0; k < end;) {
        while (k < end3 && static_cast<unsigned>(p[k] - 0xE5u) <= 3u) k += 3;  // (Han core: CJK)
        if (k >= end) break;
        if (p[k] >= 0xE4 && p[k] <= 0xE9 && k + 2 < n) {
            if (!is_han_core3(p + k) && !is_cjk_fast(cp3(p + k))) return false;
            k += 3;
        } else {
            k += decode_fast(text, k).len;
        }
    }
    return true;
}

// The parenthesised group at the start of `text` after a dateline of at most `max_dateline`
// characters (CJK and digits, ending in 讯 or 电), or right at the start when `bare` is set.
// The group must close within `max_body` bytes, before any other parenthesis or sentence end.
[[nodiscard]] inline byline_span find_byline(std::string_view text, std::size_t max_dateline, bool bare,
                                             std::size_t max_body = 160) noexcept {
    std::size_t i = 0, chars = 0;
    char32_t last = 0;
    // Where a dateline ending in 讯 or 电 is followed by a space, and after how many characters: a
    // byline may follow without parentheses, closed by 报道 and a colon (`本报讯 记者 张三 报道：`).
    std::size_t open_at = 0, open_chars = 0;
    const auto* p = reinterpret_cast<const unsigned char*>(text.data());
    // The characters of U+4000-U+9FFF are looked up in the table only once a parenthesis or the
    // colon of the open form is reached (running text stops at its first comma long before): any
    // of them that is not CJK makes the result empty, whenever it is found.
    const auto all_cjk = [text](std::size_t end) { return all_cjk_before(text, end); };
    const auto ideograph = [&](std::size_t k) {  // U+4000-U+9FFF
        return static_cast<unsigned>(p[k] - 0xE4u) <= 5u && k + 2 < text.size();
    };
    while (i < text.size()) {
        if (ideograph(i)) {
            // A run of U+4000-U+9FFF, the bulk of a dateline: no space, parenthesis or digit.
            // Found by bytes, no further than one character past the longest dateline.
            const std::size_t lim = std::min(text.size(), i + 3 * (max_dateline - chars + 1));
            const std::size_t j = ideograph_bytes_end(p, i, lim);
            if (j > i && (j - i) % 3 == 0) {
                chars += (j - i) / 3;
                if (chars > max_dateline) return {};
                i = j;
                last = cp3(p + i - 3);
                continue;
            }
            do {
                if (++chars > max_dateline) return {};
                i += 3;
            } while (i < text.size() && ideograph(i));
            last = cp3(p + i - 3);
            continue;
        }
        if (const std::size_t sp = field_space(text, i)) {
            if (!open_at && (last == U'讯' || last == U'电')) {
                open_at = i;
                open_chars = chars;
            }
            i += sp;
            continue;
        }
        if (open_paren(text, i)) break;
        if (open_at && (text[i] == ':' || text.substr(i, 3) == "\xEF\xBC\x9A") && ends_with_report(text.substr(0, i))) {
            if (!all_cjk(i)) return {};
            byline_span s{true, false, open_at, i, open_chars};
            s.open_form = true;
            return s;
        }
        // (the punctuation that ends running text's first clause, told by its bytes: no digit, no CJK)
        if (i + 3 <= text.size() && non_cjk_punct3(p + i) &&
            !(p[i] == 0xEF && p[i + 2] >= 0x90 && p[i + 2] <= 0x99))
            return {};
        const auto d = decode_fast(text, i);
        const bool digit = (d.cp >= U'0' && d.cp <= U'9') || (d.cp >= 0xFF10 && d.cp <= 0xFF19);
        if (!digit && !is_cjk_fast(d.cp)) return {};
        if (++chars > max_dateline) return {};
        last = d.cp;
        i += d.len;
    }
    const std::size_t open = open_paren(text, i);
    if (!open) return {};
    if (chars == 0 ? !bare : (last != U'讯' && last != U'电')) return {};
    if (!all_cjk(i)) return {};
    const std::size_t begin = i + open;
    const std::size_t n = text.size();
    // (j < lim: j < n and j - begin <= max_body, one compare per character)
    const std::size_t lim = max_body < n - begin ? begin + max_body + 1 : n;
    const unsigned char* const q = p;
    // (j < lim3: j < lim and j + 2 < n, where a name's characters, U+5000-U+8FFF, all Han core,
    // are passed over by their lead byte alone)
    const std::size_t lim3 = std::min(lim, n >= 2 ? n - 2 : 0);
    std::size_t j = begin;
    while (j < lim) {
        while (j < lim3 && static_cast<unsigned>(q[j] - 0xE5u) <= 3u) j += 3;
        if (j >= lim) break;
        if (static_cast<unsigned>(q[j] - 0xE4u) <= 5u && j + 2 < n) {  // as above: no parenthesis
            if (!is_han_core3(q + j) && (flags_fast(cp3(q + j)) & unicode::terminal)) return {};
            j += 3;
            continue;
        }
        if (close_paren(text, j)) return {true, false, begin, j, chars};
        if (open_paren(text, j)) return {};
        const auto d = decode_fast(text, j);
        if ((flags_fast(d.cp) & unicode::terminal)) return {};
        j += d.len;
    }
    if (j >= text.size()) return {false, true, begin, j, chars};
    return {};
}

// A dateline byline further into the block, when the text before it has no sentence or clause
// punctuation:
// a headline the line breaker left glued to its story (`…送给劳动者本报讯（记者 余翠平）今年…`).
// The parenthesis must open within `max_prefix` bytes, right after 讯 or 电.
[[nodiscard]] inline byline_span find_byline_after_title(std::string_view text, std::size_t max_prefix,
                                                         std::size_t max_body = 160) noexcept {
    const auto* p = reinterpret_cast<const unsigned char*>(text.data());
    // As in find_byline, the characters of U+4000-U+9FFF are looked up only once a parenthesis
    // after 讯 or 电 is reached: a sentence end among them makes the result empty.
    const auto no_terminal = [&](std::size_t end) {
        for (std::size_t k = 0; k < end;) {
            if (p[k] >= 0xE4 && p[k] <= 0xE9 && k + 2 < text.size()) {
                if (!is_han_core3(p + k) && (flags_fast(cp3(p + k)) & unicode::terminal)) return false;
                k += 3;
            } else {
                k += decode_fast(text, k).len;
            }
        }
        return true;
    };
    for (std::size_t i = 0; i < text.size() && i <= max_prefix;) {
        if (p[i] >= 0xE4 && p[i] <= 0xE9 && i + 2 < text.size()) {
            // U+4000-U+9FFF: no comma or parenthesis. The run is skipped by bytes, up to the
            // first character start past max_prefix.
            const std::size_t lim = std::min(text.size(), i + 3 * ((max_prefix - i) / 3 + 1));
            const std::size_t j = ideograph_bytes_end(p, i, lim);
            i = j > i && (j - i) % 3 == 0 ? j : i + 3;
            continue;
        }
        const auto d = decode_fast(text, i);
        if ((flags_fast(d.cp) & unicode::terminal) || d.cp == U'，' || d.cp == U'；' || d.cp == U'：' ||
            d.cp == U'.' || d.cp == U',' || d.cp == U';')
            return {};
        if (i > 0 && open_paren(text, i)) {
            std::size_t b = i;
            while (b > 0 && is_space_before(text, b)) b -= decode_before_fast(text, b).len;
            if (b > 0) {
                const char32_t c = decode_before_fast(text, b).cp;
                if ((c == U'讯' || c == U'电') && no_terminal(i)) {
                    const byline_span s = find_byline(text.substr(i), 0, true, max_body);
                    if (s.found) return {true, false, i + s.body_begin, i + s.body_end, 1};
                }
            }
        }
        i += d.len;
    }
    return {};
}

} // namespace zhnorm::detail
