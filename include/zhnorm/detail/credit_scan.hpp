#pragma once
// Byte scans that let the credits pass skip the body of a paragraph. A credit inside a paragraph
// has at least two fields, so a field separator (space, tab, U+00A0, U+3000 or 、) stands inside
// it, and it ends with a verb holding 摄, 图 or 报道: the pass looks only at those verbs' ends,
// each with a separator before it within one run of characters a credit may hold
// (for_each_inner_verb_end).
#include <bit>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "zhnorm/detail/credit_fields.hpp"
#include "zhnorm/detail/credit_trailing.hpp"
#include "zhnorm/detail/utf8.hpp"

#include "zhnorm/detail/simd.hpp"

namespace zhnorm::detail {

// Bytes of the field separator at `i` (field_space or 、), or 0.
[[nodiscard]] ZHNORM_DETAIL_HOT std::size_t separator_at(std::string_view s, std::size_t i) noexcept {
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    const unsigned char c = p[i];
    if (c == ' ' || c == '\t') return 1;
    if (c == 0xE3) return i + 2 < s.size() && p[i + 1] == 0x80 && (p[i + 2] & 0xFE) == 0x80 ? 3 : 0;  // U+3000, 、
    return c == 0xC2 && i + 1 < s.size() && p[i + 1] == 0xA0 ? 2 : 0;
}

// ends_with_credit_verb with its first test, the look-up of the last byte, inline: that rules out
// nearly every text, and the credits pass asks it of about every block twice (a call each costs
// more than the test).
[[nodiscard, gnu::always_inline]] inline bool ends_with_credit_verb_quick(std::string_view s) noexcept {
    return !s.empty() && credit_detail::verb_or_space_end_bytes[static_cast<unsigned char>(s.back())] &&
           ends_with_credit_verb(s);
}

// True if the last character of `s` that is no field space or 、 is CJK (false when there is
// none): a credit's last field ends with a name or a verb, after which the parser lets only field
// spaces and 、 stand; running text ends with 。 ” or the like.
[[nodiscard]] inline bool ends_with_cjk_field_exact(std::string_view s) noexcept {
    std::size_t end = s.size();
    while (end > 0) {
        const auto d = decode_before_fast(s, end);
        if (!is_field_space_cp(d.cp) && d.cp != U'、') return is_cjk_fast(d.cp);
        end -= d.len;
    }
    return false;
}

// The same, with a paragraph's usual last character, `。` (E3 80 82), told by its bytes.
[[nodiscard]] inline bool ends_with_cjk_field(std::string_view s) noexcept {
    if (full_stop_before(s, s.size())) return is_cjk_fast(U'。');
    return ends_with_cjk_field_exact(s);
}

// The first offset >= i where 摄 (E6 91 84), 图 (E5 9B BE) or 报道 (E6 8A A5 E9 81 93) starts, or
// s.size() (i <= s.size()): the verbs of the credits that the credits pass splits out of a
// paragraph hold one of them (see credits::split_inner). Sixteen places a step are told by the
// third byte of those characters; the few hits are checked whole.
// (find_inner_verb below picks this or its AVX2 twin)
[[nodiscard]] inline std::size_t find_inner_verb_sse2(std::string_view s, std::size_t i) noexcept {
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    const std::size_t n = s.size();
    const auto at = [&](std::size_t k) {  // (k + 3 <= n)
        if (p[k + 2] == 0x84) return p[k] == 0xE6 && p[k + 1] == 0x91;
        if (p[k + 2] == 0xBE) return p[k] == 0xE5 && p[k + 1] == 0x9B;
        return p[k] == 0xE6 && p[k + 1] == 0x8A && p[k + 2] == 0xA5 && k + 6 <= n && p[k + 3] == 0xE9 &&
               p[k + 4] == 0x81 && p[k + 5] == 0x93;
    };
#if ZHNORM_SSE2
    const __m128i x84 = _mm_set1_epi8(static_cast<char>(0x84)), xbe = _mm_set1_epi8(static_cast<char>(0xBE));
    const __m128i xa5 = _mm_set1_epi8(static_cast<char>(0xA5));
    const auto hits = [&](std::size_t k) {  // places k..k+15 (k + 18 <= n)
        const __m128i c = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + k + 2));
        return static_cast<unsigned>(_mm_movemask_epi8(
            _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(c, x84), _mm_cmpeq_epi8(c, xbe)), _mm_cmpeq_epi8(c, xa5))));
    };
    for (; i + 34 <= n; i += 32)  // two blocks a turn while they last
        for (std::uint32_t bits = hits(i) | (static_cast<std::uint32_t>(hits(i + 16)) << 16); bits; bits &= bits - 1)
            if (const std::size_t x = i + static_cast<std::size_t>(std::countr_zero(bits)); at(x)) return x;
    for (; i + 18 <= n; i += 16)
        for (unsigned bits = hits(i); bits; bits &= bits - 1)
            if (const std::size_t x = i + static_cast<std::size_t>(std::countr_zero(bits)); at(x)) return x;
    if (n >= 18) {
        // The places i .. n - 3 left, by one more block overlapping the ones done (i - k <= 18).
        const std::size_t k = n - 18;
        for (unsigned bits = hits(k) & ~((1u << (i - k)) - 1u); bits; bits &= bits - 1)
            if (const std::size_t x = k + static_cast<std::size_t>(std::countr_zero(bits)); at(x)) return x;
        return n;
    }
#endif
    for (; i + 3 <= n; ++i)
        if (at(i)) return i;
    return n;
}

#if ZHNORM_AVX2
namespace credit_detail {
// Bits of the places k..k+31 whose second and third bytes are those of 摄 (91 84), 图 (9B BE)
// or 报 (8A A5). Reads p[k + 1, k + 34). The three third bytes differ in their low four bits
// (4, E, 5): those bits look up the third byte and the second byte each would need (one shuffle
// each), and a place hits when both bytes are the ones looked up. Where no verb has those low
// bits the third byte looked up differs from the byte in them, so the place never hits.
ZHNORM_TARGET_AVX2 inline std::uint32_t inner_verb_pairs32(const unsigned char* p, std::size_t k) noexcept {
    // (entry x: 0x84, 0xBE or 0xA5 at x = 4, 14, 5; elsewhere x ^ 1, never a byte whose low bits are x)
    const __m256i third = _mm256_setr_epi8(
        0x01, 0x00, 0x03, 0x02, static_cast<char>(0x84), static_cast<char>(0xA5), 0x07, 0x06, 0x09, 0x08, 0x0B, 0x0A,
        0x0D, 0x0C, static_cast<char>(0xBE), 0x0E, 0x01, 0x00, 0x03, 0x02, static_cast<char>(0x84),
        static_cast<char>(0xA5), 0x07, 0x06, 0x09, 0x08, 0x0B, 0x0A, 0x0D, 0x0C, static_cast<char>(0xBE), 0x0E);
    const __m256i second = _mm256_setr_epi8(
        0, 0, 0, 0, static_cast<char>(0x91), static_cast<char>(0x8A), 0, 0, 0, 0, 0, 0, 0, 0, static_cast<char>(0x9B), 0,
        0, 0, 0, 0, static_cast<char>(0x91), static_cast<char>(0x8A), 0, 0, 0, 0, 0, 0, 0, 0, static_cast<char>(0x9B), 0);
    const __m256i b = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + k + 1));
    const __m256i c = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + k + 2));
    const __m256i low = _mm256_and_si256(c, _mm256_set1_epi8(0x0F));
    const __m256i m = _mm256_and_si256(_mm256_cmpeq_epi8(c, _mm256_shuffle_epi8(third, low)),
                                       _mm256_cmpeq_epi8(b, _mm256_shuffle_epi8(second, low)));
    return static_cast<std::uint32_t>(_mm256_movemask_epi8(m));
}

// A hit of inner_verb_pairs32 at i is 摄, 图, or 报 followed by 道 (i + 3 <= n).
[[nodiscard]] inline bool inner_verb_hit(const unsigned char* p, std::size_t n, std::size_t i) noexcept {
    if (p[i + 2] == 0x84 || p[i + 2] == 0xBE) return p[i] == (p[i + 2] == 0x84 ? 0xE6 : 0xE5);
    return p[i] == 0xE6 && i + 6 <= n && p[i + 3] == 0xE9 && p[i + 4] == 0x81 && p[i + 5] == 0x93;
}
} // namespace credit_detail

// find_inner_verb_sse2 thirty-two places a step, each told by its second and third bytes
// together: a hit is nearly always the character itself, where the third byte alone hits one
// CJK character in twenty. Fewer than 34 bytes from i go to the SSE2 code.
ZHNORM_TARGET_AVX2 inline std::size_t find_inner_verb_avx2(std::string_view s, std::size_t i) noexcept {
    using credit_detail::inner_verb_hit;
    using credit_detail::inner_verb_pairs32;
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    const std::size_t n = s.size();
    if (i + 34 > n) return find_inner_verb_sse2(s, i);
    for (; i + 34 <= n; i += 32)
        for (std::uint32_t bits = inner_verb_pairs32(p, i); bits; bits &= bits - 1)
            if (const std::size_t x = i + static_cast<std::size_t>(std::countr_zero(bits)); inner_verb_hit(p, n, x))
                return x;
    // The places i .. n - 3 left (none when i = n - 2), by one more block overlapping the ones done.
    const std::size_t k = n - 34;
    if (i - k >= 32) return n;
    for (std::uint32_t bits = inner_verb_pairs32(p, k) & ~((std::uint32_t{1} << (i - k)) - 1u); bits; bits &= bits - 1)
        if (const std::size_t x = k + static_cast<std::size_t>(std::countr_zero(bits)); inner_verb_hit(p, n, x)) return x;
    return n;
}

#endif

// The first offset >= i where 摄, 图 or 报道 starts, or s.size() (see find_inner_verb_sse2):
// the AVX2 twin where the CPU has it.
[[nodiscard]] inline std::size_t find_inner_verb(std::string_view s, std::size_t i) noexcept {
#if ZHNORM_AVX2
    if (use_avx2()) return find_inner_verb_avx2(s, i);
#endif
    return find_inner_verb_sse2(s, i);
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

inline constexpr std::size_t no_separator = static_cast<std::size_t>(-1);

// True for the bytes of the characters of U+4000-U+9FFF (lead E4-E9) and every continuation
// byte: what the backward look passes over without looking (a character's lead byte tells it).
[[nodiscard]] inline bool passed_over_back(unsigned char c) noexcept {
    return static_cast<unsigned>(c - 0x80u) <= 0x3Fu || static_cast<unsigned>(c - 0xE4u) <= 5u;
}

// One step of the backward look (for_each_inner_verb_end): from x back to `done`
// (offsets before it are looked at already), character by character, to the nearest separator
// (`sep` becomes it) or character that ends a run (`sep` becomes no_separator); `sep` is left as
// it was when neither stands in [done, x). The characters of U+4000-U+9FFF, the bulk, are passed
// over sixteen bytes a step: the lead byte of the nearest other character is the last byte that
// is neither theirs nor a continuation byte (the text is valid UTF-8).
[[gnu::always_inline]] inline void look_back_to_separator(std::string_view s, std::size_t x, std::size_t done,
                                                          std::size_t& sep) noexcept {
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    std::size_t j = x;
    while (j > done) {
        std::size_t cs;  // the lead byte of the nearest character before j that is not of the bulk
#if ZHNORM_SSE2
        if (j >= 16) {
            const std::size_t w = j - 16;
            const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + w));
            const __m128i cont = _mm_sub_epi8(a, _mm_set1_epi8(static_cast<char>(0x80)));
            const __m128i lead = _mm_sub_epi8(a, _mm_set1_epi8(static_cast<char>(0xE4)));
            const __m128i pass = _mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(cont, _mm_set1_epi8(0x3F)), cont),
                                              _mm_cmpeq_epi8(_mm_min_epu8(lead, _mm_set1_epi8(5)), lead));
            unsigned m = ~static_cast<unsigned>(_mm_movemask_epi8(pass)) & 0xFFFFu;
            if (w < done) m &= ~((1u << (done - w)) - 1u);  // (done - w < 16)
            if (m == 0) {
                if (w <= done) return;
                j = w;
                continue;
            }
            cs = w + static_cast<std::size_t>(std::bit_width(m)) - 1;
        } else
#endif
        {
            std::size_t k = j;
            while (k > done && passed_over_back(p[k - 1])) --k;
            if (k == done) return;
            cs = k - 1;
        }
        if (separator_at(s, cs)) {
            sep = cs;
            return;
        }
        const unsigned char c = p[cs];
        if (c < 0x80 ? c != '/' : ((c & 0xF0u) == 0xE0u && ends_credit_run(p + cs))) {
            sep = no_separator;
            return;
        }
        j = cs;
    }
}

// True if the 图 at h (h >= 3) follows a character of U+4000-U+9FFF (lead byte E4-E9) other than
// 供, 制 and 绘: then no credit a parse finds ends with it as a verb, so split_inner may pass it
// over. 图 is no glued verb (is_glued_verb: it ends names, `王宏图`), so a verb token `图` starts a
// field, and a field starts only after a field space, 、, a lead's mark or bullet, or where a
// candidate of find_trailing_credit starts (the candidate would be `图` alone: one field, no
// credit); the verbs holding it that may be glued are 供图, 制图, 绘图 and 文/图 (`/` is ASCII).
// A table role `图` would read as a verb at the end too (the role-to-verb rule): none is one, and
// the caller asks this only without extra roles.
[[nodiscard]] inline bool tu_inside_word(const unsigned char* p, std::size_t h) noexcept {
    const unsigned char* c = p + h - 3;
    if (static_cast<unsigned>(c[0] - 0xE4u) > 5u) return false;
    const std::uint32_t x = (std::uint32_t{c[0]} << 16) | (std::uint32_t{c[1]} << 8) | std::uint32_t{c[2]};
    return x != 0xE4BE9Bu && x != 0xE588B6u && x != 0xE7BB98u;  // 供 制 绘
}
static_assert([] {
    for (std::string_view r : default_roles)
        if (r == "图") return false;
    return true;
}(), "tu_inside_word: a table role 图 would end a credit as its verb");

} // namespace credit_detail

// Calls f(e) for every offset e of `s`, ascending, where a verb holding 摄, 图 or 报道 (摄, 摄影,
// 摄影报道, 报道, 图, 供图, 制图, 绘图, 文/图, 图/文) may end a credit that holds a field
// separator; stops early when f returns true. The verb's last character counts where the nearest
// separator before it has no character that ends a run (ASCII but `/`, and the punctuation of
// ends_credit_run) between them, and lies less than reach + 3 bytes before it (`reach`:
// find_trailing_credit's max_bytes). Found from the hits of find_inner_verb, each looked at
// backwards only as far as the one before: a text without such a verb costs one byte scan, and
// nothing per separator. `skip_word_tu`: a 图 inside a word (credit_detail::tu_inside_word) is
// passed over (only where no extra roles are set).
// `first`: find_inner_verb(s, 0) when the caller has it (a text with no hit is mostly ruled out
// before this is called), or npos to have it found here.
template <class F>
bool for_each_inner_verb_end(std::string_view s, std::size_t reach, F&& f, bool skip_word_tu = false,
                             std::size_t first = std::string_view::npos) {
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    const std::size_t n = s.size();
    std::size_t done = 0;                        // offsets before it are looked at
    std::size_t sep = credit_detail::no_separator;  // the nearest separator before `done` with no run end after it
    const auto visit = [&](std::size_t x) {  // x: where a verb's last character starts
        credit_detail::look_back_to_separator(s, x, done, sep);
        done = x + 3;
        return sep != credit_detail::no_separator && x < sep + reach + 3 && f(x + 3);
    };
    for (std::size_t h = first != std::string_view::npos ? first : find_inner_verb(s, 0); h < n;) {
        std::size_t next = h + 3;
        if (p[h + 2] == 0x84) {  // 摄, and 摄影 (摄影报道 is the hit of its 报道)
            if (visit(h)) return true;
            if (h + 6 <= n && p[h + 3] == 0xE5 && p[h + 4] == 0xBD && p[h + 5] == 0xB1) {
                if (visit(h + 3)) return true;
                next = h + 6;
            }
        } else if (p[h + 2] == 0xBE) {  // 图 (and 供图, 制图, 绘图, 文/图), and 图/文
            if (!(skip_word_tu && h >= 3 && credit_detail::tu_inside_word(p, h)) && visit(h)) return true;
            if (h + 7 <= n && p[h + 3] == '/' && p[h + 4] == 0xE6 && p[h + 5] == 0x96 && p[h + 6] == 0x87) {
                if (visit(h + 4)) return true;
                next = h + 7;
            }
        } else {  // 报道 (and 摄影报道)
            if (visit(h + 3)) return true;
            next = h + 6;
        }
        h = find_inner_verb(s, next);
    }
    return false;
}

namespace credit_detail {
// True for a hit h of find_inner_verb that first_inner_verb passes over (see there).
[[nodiscard]] inline bool passed_tu(const unsigned char* p, std::size_t n, std::size_t h, bool skip_word_tu) noexcept {
    return skip_word_tu && p[h + 2] == 0xBE && h >= 3 && tu_inside_word(p, h) &&
           !(h + 7 <= n && p[h + 3] == '/' && p[h + 4] == 0xE6 && p[h + 5] == 0x96 && p[h + 6] == 0x87);
}
} // namespace credit_detail

// first_inner_verb by find_inner_verb_sse2 (see there; the portable code, and the reference of
// the AVX2 twin).
[[nodiscard]] inline std::size_t first_inner_verb_sse2(std::string_view s, bool skip_word_tu) noexcept {
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    const std::size_t n = s.size();
    std::size_t h = find_inner_verb_sse2(s, 0);
    while (h < n && credit_detail::passed_tu(p, n, h, skip_word_tu)) h = find_inner_verb_sse2(s, h + 3);
    return h;
}

#if ZHNORM_AVX2
// first_inner_verb_sse2 in one pass of find_inner_verb_avx2's blocks: a hit passed over (图 inside
// a word such as 图书, common in running text) is dropped from the block's bits, not found again
// by a new call from after it. Texts under 34 bytes go to the SSE2 code.
ZHNORM_TARGET_AVX2 inline std::size_t first_inner_verb_avx2(std::string_view s, bool skip_word_tu) noexcept {
    using credit_detail::inner_verb_hit;
    using credit_detail::inner_verb_pairs32;
    using credit_detail::passed_tu;
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    const std::size_t n = s.size();
    if (n < 34) return first_inner_verb_sse2(s, skip_word_tu);
    std::size_t i = 0;
    for (; i + 34 <= n; i += 32)
        for (std::uint32_t bits = inner_verb_pairs32(p, i); bits; bits &= bits - 1)
            if (const std::size_t x = i + static_cast<std::size_t>(std::countr_zero(bits));
                inner_verb_hit(p, n, x) && !passed_tu(p, n, x, skip_word_tu))
                return x;
    const std::size_t k = n - 34;
    if (i - k >= 32) return n;
    for (std::uint32_t bits = inner_verb_pairs32(p, k) & ~((std::uint32_t{1} << (i - k)) - 1u); bits; bits &= bits - 1)
        if (const std::size_t x = k + static_cast<std::size_t>(std::countr_zero(bits));
            inner_verb_hit(p, n, x) && !passed_tu(p, n, x, skip_word_tu))
            return x;
    return n;
}
#endif

// The first hit of find_inner_verb in `s` that for_each_inner_verb_end looks at, or s.size() when
// it would call nothing: with `skip_word_tu`, a 图 inside a word (credit_detail::tu_inside_word)
// not followed by `/文` is passed over, as the walk passes it over (leaving its state as it was).
// Hand the result to for_each_inner_verb_end as `first`. (The AVX2 twin where the CPU has it.)
[[nodiscard]] inline std::size_t first_inner_verb(std::string_view s, bool skip_word_tu) noexcept {
#if ZHNORM_AVX2
    if (use_avx2()) return first_inner_verb_avx2(s, skip_word_tu);
#endif
    return first_inner_verb_sse2(s, skip_word_tu);
}

} // namespace zhnorm::detail
