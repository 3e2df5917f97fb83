#pragma once
// What the typesetting of one source line says, measured in one byte scan: its width in half-ems
// and the shape of its text (sentence punctuation, how it ends, justification spaces).
//
// Widths follow what the extractor leaves of a justified CJK page. A CJK character or full-width
// mark is one em (2 units), a half-width character half an em (1 unit). A compressible mark
// (`，。、：；` and brackets and quotes) printed without a space on its blank side was set in half an
// em; the extractor writes the other half as a space, which the mark absorbs. A space right
// before `，。、；：）` appears only where a line was stretched to full width (justification).
#include <algorithm>
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "zhnorm/detail/simd.hpp"

#include "zhnorm/detail/credit_line.hpp"
#include "zhnorm/detail/credit_trailing.hpp"

namespace zhnorm::detail {

struct line_metrics {
    std::uint32_t width = 0;       // half-ems, leading and trailing white space excluded
    std::uint32_t first_word = 0;  // half-ems up to the first space (for Latin wraps)
    std::uint16_t indent = 0;      // leading white space, half-ems
    std::uint16_t flags = 0;

    enum : std::uint16_t {
        blank = 1 << 0,
        has_cjk = 1 << 1,         // at least one Han, kana or hangul character
        latin = 1 << 2,           // no CJK and at least one ASCII letter: Latin prose
        terminal_end = 1 << 3,    // ends a sentence (`。！？…`, closers after them, or a credit after them)
        clause_end = 1 << 4,      // ends on `，、；：` or `,;:`
        sentence_punct = 1 << 5,  // sentence punctuation outside quotes and brackets
        open_at_end = 1 << 6,     // a bracket or quote is still open at the end
        justified = 1 << 7,       // a space stands before `，。、；：）`: the line was stretched
        inner_space = 1 << 8,     // a space between two non-punctuation characters
        credit_lead = 1 << 9,     // may open with a credit's lead, a bullet, a kind word (`摄影：`, `文/`)
                                  // or `（`: may_have_credit_lead()
        dateline = 1 << 10,       // opens with a dateline and its byline bracket: `本报讯（`, `新华社北京1月2日电 (`
        has_terminal = 1 << 11,   // a sentence ends somewhere in the line (`。！？…`, any depth)
        not_credit = 1 << 12,     // has a character no credit has: an ASCII letter, digit or mark
                                  // other than `/`, a CJK mark other than `、` and the name dots
        credit_tail = 1 << 13,    // a sentence ends in the line, and only characters a credit has follow
        // Left for the caller (line_join memoizes its credit test in them).
        user_1 = 1 << 14,
        user_2 = 1 << 15,
    };
    [[nodiscard]] constexpr bool is(std::uint16_t f) const noexcept { return (flags & f) != 0; }
};

namespace punct {

enum kind : std::uint8_t {
    none,
    mid,       // ，、：；  compressible, blank side on the right
    stop,      // 。．     compressible, terminal
    bang,      // ！？     terminal, full width
    opening,   // （《「『【〔〈“‘  compressible, blank side on the left
    closing,   // ）》」』】〕〉”’  compressible, blank side on the right
    ellipsis,  // …       terminal
    other,     // —·～ and kin: full width, not compressible
};

// The kind of the three-byte sequence b0 b1 b2 (every CJK punctuation mark is one), by cases;
// of() below answers from a table built from this.
[[nodiscard]] constexpr kind classify(unsigned char b0, unsigned char b1, unsigned char b2) noexcept {
    if (b0 == 0xE3 && b1 == 0x80) {
        switch (b2) {
        case 0x81: return mid;   // 、
        case 0x82: return stop;  // 。
        case 0x88: case 0x8A: case 0x8C: case 0x8E: case 0x90: case 0x94: case 0x96: return opening;
        case 0x89: case 0x8B: case 0x8D: case 0x8F: case 0x91: case 0x95: case 0x97: return closing;
        default: return b2 <= 0xBF && b2 != 0x80 ? other : none;
        }
    }
    if (b0 == 0xEF && b1 == 0xBC) {
        switch (b2) {
        case 0x8C: case 0x9A: case 0x9B: return mid;  // ，：；
        case 0x8E: return stop;                       // ．
        case 0x81: case 0x9F: return bang;            // ！？
        case 0x88: case 0xBB: return opening;         // （［
        case 0x89: case 0xBD: return closing;         // ）］
        default: return none;                         // full-width letters and digits
        }
    }
    if (b0 == 0xEF && b1 == 0xBD) {
        if (b2 == 0x9B) return opening;  // ｛
        if (b2 == 0x9D) return closing;  // ｝
        if (b2 == 0x9E) return other;    // ～
        return none;
    }
    if (b0 == 0xE2 && b1 == 0x80) {
        switch (b2) {
        case 0x9C: case 0x98: return opening;  // “‘
        case 0x9D: case 0x99: return closing;  // ”’
        case 0xA6: return ellipsis;            // …
        case 0x94: case 0x95: case 0x93: case 0xA2: case 0xA7: return other;  // — ― – • ‧
        default: return none;
        }
    }
    return none;
}

// The four lead pairs that punctuation lives under, each with its 64 third bytes.
inline constexpr unsigned char lead_pairs[4][2] = {{0xE3, 0x80}, {0xEF, 0xBC}, {0xEF, 0xBD}, {0xE2, 0x80}};

inline constexpr auto table = [] {
    std::array<kind, 4 * 64> t{};
    for (std::size_t g = 0; g < 4; ++g)
        for (unsigned b2 = 0x80; b2 <= 0xBF; ++b2)
            t[g * 64 + (b2 & 0x3F)] = classify(lead_pairs[g][0], lead_pairs[g][1], static_cast<unsigned char>(b2));
    return t;
}();

// of() of a three-byte UTF-8 sequence (b2 a continuation byte).
[[nodiscard, gnu::always_inline]] constexpr kind of_utf8(unsigned char b0, unsigned char b1, unsigned char b2) noexcept {
    std::size_t g;
    if (b0 == 0xE3) {
        if (b1 != 0x80) return none;
        g = 0;
    } else if (b0 == 0xEF) {
        if ((b1 & 0xFEu) != 0xBC) return none;
        g = static_cast<std::size_t>(b1 - 0xBB);
    } else if (b0 == 0xE2) {
        if (b1 != 0x80) return none;
        g = 3;
    } else {
        return none;
    }
    return table[g * 64 + (b2 & 0x3Fu)];
}

// The kind of the three-byte sequence b0 b1 b2 (every CJK punctuation mark is one).
[[nodiscard, gnu::always_inline]] constexpr kind of(unsigned char b0, unsigned char b1, unsigned char b2) noexcept {
    if ((b2 & 0xC0) != 0x80) return b0 == 0xE3 && b1 == 0x80 && b2 < 0x80 ? other : none;  // as classify(): not UTF-8
    return of_utf8(b0, b1, b2);
}

// What measure_line counts of each kind: its width in half-ems, the bracket depth it changes,
// whether it ends a clause (`，：；`) or a sentence.
struct traits {
    std::uint32_t units;
    int opens, closes;
    bool clause, terminal;
};
inline constexpr traits traits_of[] = {
    {2, 0, 0, false, false},  // none (not used)
    {1, 0, 0, true, false},   // mid
    {1, 0, 0, false, true},   // stop
    {2, 0, 0, false, true},   // bang
    {1, 1, 0, false, false},  // opening
    {1, 0, 1, false, false},  // closing
    {2, 0, 0, false, true},   // ellipsis
    {2, 0, 0, false, false},  // other
};

[[nodiscard]] constexpr bool compressible(kind k) noexcept {
    return k == mid || k == stop || k == opening || k == closing;
}
[[nodiscard]] constexpr bool terminal(kind k) noexcept { return k == stop || k == bang || k == ellipsis; }

static_assert([] {
    for (int i = mid; i <= other; ++i) {
        const auto k = static_cast<kind>(i);
        const traits t = traits_of[i];
        if (t.units != (compressible(k) ? 1u : 2u) || t.terminal != terminal(k) || t.clause != (k == mid) ||
            t.opens != (k == opening) || t.closes != (k == closing))
            return false;
    }
    return true;
}(), "traits_of agrees with compressible() and terminal()");

// What measure_line's masked walk does for a three-byte sequence of valid UTF-8, in one look-up:
// effects[pair_group[lead pair] * 64 + (third byte & 63)]. Runs of marks in random order (tables,
// rules drawn with dashes) would mispredict a branch per kind or per lead byte.
enum : std::uint16_t {
    fx_kind = 7,              // the kind (none: not punctuation)
    fx_units3_shift = 3,      // 3 bits: three times its width in units
    fx_depth_shift = 6,       // 2 bits: 1 + the change of bracket depth (a close at depth 0 changes nothing)
    fx_sentence = 1 << 8,     // sentence punctuation at any depth (a full stop)
    fx_sentence_top = 1 << 9, // sentence punctuation outside brackets and quotes (`，：；！？…`; not `、`)
    fx_terminal = 1 << 10,    // ends a sentence
    fx_no_credit = 1 << 11,   // no credit has it (every mark but `、` and the kind other)
    fx_paren = 1 << 12,       // `（`, which may open a dateline's byline
    fx_space = 1 << 13,       // U+3000, white space
};

// 1 + the index in lead_pairs of the lead pair b0 b1 at ((b0 & 15) << 6 | (b1 & 63)), 0 for none
// (b0 E0..EF, b1 a continuation byte).
inline constexpr auto pair_group = [] {
    std::array<std::uint8_t, 16 * 64> t{};
    for (std::size_t g = 0; g < 4; ++g)
        t[(lead_pairs[g][0] & 15u) << 6 | (lead_pairs[g][1] & 63u)] = static_cast<std::uint8_t>(g + 1);
    return t;
}();

inline constexpr auto effects = [] {
    std::array<std::uint16_t, 5 * 64> t{};
    for (std::size_t g = 0; g < 4; ++g)
        for (unsigned b2 = 0x80; b2 <= 0xBF; ++b2) {
            const auto b0 = lead_pairs[g][0], b1 = lead_pairs[g][1];
            const kind k = classify(b0, b1, static_cast<unsigned char>(b2));
            std::uint32_t x = k;
            if (k != none) {
                const traits tr = traits_of[k];
                const bool enum_comma = b0 == 0xE3 && b1 == 0x80 && b2 == 0x81;
                const bool sentence = (tr.clause && !enum_comma) || tr.terminal;
                x |= (3 * tr.units) << fx_units3_shift;
                x |= static_cast<std::uint32_t>(1 + tr.opens - tr.closes) << fx_depth_shift;
                if (sentence && k == stop) x |= fx_sentence;
                if (sentence && k != stop) x |= fx_sentence_top;
                if (tr.terminal) x |= fx_terminal;
                if (k != other && !enum_comma) x |= fx_no_credit;
                if (b0 == 0xEF && b1 == 0xBC && b2 == 0x88) x |= fx_paren;
            }
            if (b0 == 0xE3 && b1 == 0x80 && b2 == 0x80) x |= fx_space;
            t[(g + 1) * 64 + (b2 & 63u)] = static_cast<std::uint16_t>(x);
        }
    return t;
}();

[[nodiscard, gnu::always_inline]] constexpr std::uint32_t effects_of(unsigned char b0, unsigned char b1,
                                                                     unsigned char b2) noexcept {
    return effects[std::size_t{pair_group[(b0 & 15u) << 6 | (b1 & 63u)]} * 64 + (b2 & 63u)];
}

} // namespace punct

// Display units of a three-byte sequence that is not punctuation: 2, except the half-width forms
// (U+FF61..U+FFDF) and zero-width characters (U+200B..U+200F).
[[nodiscard]] constexpr std::uint32_t wide_units(unsigned char b0, unsigned char b1, unsigned char b2) noexcept {
    if (b0 == 0xEF && (b1 == 0xBE || (b1 == 0xBD && b2 >= 0xA1))) return 1;
    if (b0 == 0xE2 && b1 == 0x80 && b2 >= 0x8B && b2 <= 0x8F) return 0;
    return 2;
}

// Han (U+3400..U+9FFF, U+F900..U+FAFF), kana (U+3040..U+30FF) and hangul (U+AC00..U+D7AF), from
// the lead bytes alone.
[[nodiscard]] constexpr bool cjk_letter(unsigned char b0, unsigned char b1) noexcept {
    if (b0 >= 0xE4 && b0 <= 0xE9) return true;
    if (b0 == 0xE3) return (b1 >= 0x81 && b1 <= 0x83) || b1 >= 0x90;
    if (b0 == 0xEA) return b1 >= 0xB0;
    if (b0 >= 0xEB && b0 <= 0xEC) return true;
    if (b0 == 0xED) return b1 <= 0x9E;
    if (b0 == 0xEF) return b1 >= 0xA4 && b1 <= 0xAB;
    return false;
}

// Chinese numerals that open enumerations (`一、`): not the tail of a wrapped word. (Three bytes
// compared as one number: string compares would call memcmp ten times.)
[[nodiscard]] constexpr bool numeral(std::string_view ch) noexcept {
    constexpr std::string_view digits[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};
    constexpr auto key = [](std::string_view c) {
        return static_cast<std::uint32_t>(static_cast<unsigned char>(c[0])) << 16 |
               static_cast<std::uint32_t>(static_cast<unsigned char>(c[1])) << 8 | static_cast<unsigned char>(c[2]);
    };
    if (ch.size() != 3) return false;
    const std::uint32_t k = key(ch);
    for (auto d : digits)
        if (k == key(d)) return true;
    return false;
}

[[nodiscard]] constexpr bool xun_or_dian(unsigned char c, unsigned char c1, unsigned char c2) noexcept {
    return (c == 0xE8 && c1 == 0xAE && c2 == 0xAF) || (c == 0xE7 && c1 == 0x94 && c2 == 0xB5);  // 讯 电
}

// The rest of the dateline test, once the walk over the leading characters of `s` stopped at byte
// `i` after `chars` characters, the last of them 讯 or 电 when `ends`.
[[nodiscard]] constexpr bool dateline_after_walk(std::string_view s, std::size_t i, std::size_t chars,
                                                 bool ends) noexcept {
    if (!ends || chars < 2) return false;
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    std::size_t end;  // of the bracket at i
    if (i < s.size() && s[i] == '(') end = i + 1;
    else if (i + 3 <= s.size() && s[i] == '\xEF' && s[i + 1] == '\xBC' && s[i + 2] == '\x88') end = i + 3;  // （
    else return false;
    // A bracket stands within the first 56 bytes: this one, mostly. (In valid UTF-8 no other
    // stands before it, the walk took only digits and CJK letters, then white space; the string
    // search keeps the answer for any bytes.)
    const std::string_view head = s.substr(0, 16 * 3 + 8);
    return end <= head.size() || head.find("（") != std::string_view::npos || head.find('(') != std::string_view::npos;
}

// True if `s` opens with a news dateline (at most 16 CJK characters or digits ending in 讯 or 电)
// followed by an opening bracket: the first line of a story, never a headline.
[[nodiscard]] constexpr bool opens_with_dateline(std::string_view s) noexcept {
    auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    std::size_t i = 0, chars = 0;
    bool ends = false;
    while (i < s.size() && chars <= 16) {
        const unsigned char c = byte(i);
        if (c >= '0' && c <= '9') { ends = false; ++i; ++chars; continue; }
        if (c < 0xE0 || c >= 0xF0 || i + 3 > s.size()) break;
        if (!cjk_letter(c, byte(i + 1))) break;
        ends = xun_or_dian(c, byte(i + 1), byte(i + 2));
        i += 3;
        ++chars;
    }
    return dateline_after_walk(s, i, chars, ends);
}

// The first two bytes of every kind word a credit lead may start with (all start with E5 or E6):
// bit (b1 & 63) of the mask for its lead byte.
[[nodiscard]] constexpr std::uint64_t kind_second_bytes(unsigned char lead) noexcept {
    std::uint64_t bits = 0;
    for (std::string_view k : credit_detail::lead_kinds)
        if (static_cast<unsigned char>(k[0]) == lead) bits |= std::uint64_t{1} << (static_cast<unsigned char>(k[1]) & 63u);
    return bits;
}
static_assert([] {
    for (std::string_view k : credit_detail::lead_kinds)
        if (k.size() < 3 || (k[0] != '\xE5' && k[0] != '\xE6')) return false;
    return true;
}(), "may_have_credit_lead() looks for kind words under the lead bytes E5 and E6 only");

// Per lead byte E0..EF (by its low four bits): the second bytes a credit's lead may start with
// (a bullet under E2, the kind words under E5 and E6, `（` under EF BC, which it shares with
// `，：；！？`: line_join's has_credit_lead() tells them apart for the few lines that open so).
inline constexpr std::uint64_t credit_lead_bits[16] = {
    0, 0, ~std::uint64_t{0}, 0, 0, kind_second_bytes(0xE5), kind_second_bytes(0xE6), 0, 0, 0, 0, 0, 0, 0, 0,
    std::uint64_t{1} << (0xBC & 63)};
// credit_lead_bits by the whole first byte (0 for a byte that is not E0..EF).
inline constexpr auto credit_lead_by_byte = [] {
    std::array<std::uint64_t, 256> t{};
    for (unsigned c = 0xE0; c <= 0xEF; ++c) t[c] = credit_lead_bits[c & 15u];
    return t;
}();

// Whether a credit's lead may open `s` at byte i (after its leading spaces), by the first two
// bytes only: a bullet's (E2), a kind word's or a full-width parenthesis's (`（新华社记者 李贺 摄）`;
// one in half-width parentheses, rare before the spacing pass, is left to the credits pass).
// (A look at the third byte for `（` made line_join's measuring 5% slower in wall time.)
[[nodiscard, gnu::always_inline]] constexpr bool credit_lead_at(std::string_view s, std::size_t i) noexcept {
    if (s.size() - i < 3) return false;  // neither a bullet nor a kind word fits
    const auto c = static_cast<unsigned char>(s[i]);
    const auto c1 = static_cast<unsigned char>(s[i + 1]);
    // One look-up by the whole lead byte, no branch on it: the first character of a line is random
    // text (runs of two-character lines mispredicted a branch in two). (x86 shifts take the count
    // mod 64: the mask of c1 costs nothing.)
    return (credit_lead_by_byte[c] >> (c1 & 63u) & 1u) != 0;
}

// credit_lead_at(s, 0) as the flag line_metrics::credit_lead, for a line of at least three bytes
// (the common line, which has a Han character): by arithmetic, no branch. The first character of a
// line is random text: a branch on the answer mispredicts, and costs the common line's measure
// more than the look-up does.
[[nodiscard, gnu::always_inline]] constexpr std::uint32_t credit_lead_flag(std::string_view s) noexcept {
    static_assert(line_metrics::credit_lead == 1u << 9);
    const auto c = static_cast<unsigned char>(s[0]), c1 = static_cast<unsigned char>(s[1]);
    return static_cast<std::uint32_t>((credit_lead_by_byte[c] >> (c1 & 63u)) & 1u) << 9;
}

// Whether a credit's lead (line_join's has_credit_lead()) may open `s`: no call to the credit
// parser for the lines that cannot have one. The measuring walks keep the answer in
// line_metrics::credit_lead.
[[nodiscard]] constexpr bool may_have_credit_lead(std::string_view s) noexcept {
    std::size_t i = 0;
    while (i < s.size() && s[i] == ' ') ++i;
    return credit_lead_at(s, i);
}

// Bytes of `s` up to and including its last sentence end (`。！？…．` or ASCII `!?`), or npos.
// Scans back from the end: every mark is a fixed three-byte sequence, and a lead byte never
// occurs inside another sequence.
[[nodiscard]] constexpr std::size_t after_last_terminal(std::string_view s) noexcept {
    for (std::size_t k = s.size(); k > 0; --k) {
        const auto c = static_cast<unsigned char>(s[k - 1]);
        if (c == '!' || c == '?') return k;
        if (k >= 3 && punct::terminal(punct::of(static_cast<unsigned char>(s[k - 3]), static_cast<unsigned char>(s[k - 2]), c)))
            return k;
    }
    return std::string_view::npos;
}

// A credit after the last sentence: rare, and kept out of measure_line's frame.
#if defined(__GNUC__)
[[gnu::noinline]]
#endif
inline bool parse_credit_tail(std::string_view tail) noexcept {
    return looks_like_credit(tail);
}

// A credit in parentheses ending `s` (detail::paren_credit_start): rare, and kept out of
// measure_line's frame.
#if defined(__GNUC__)
[[gnu::noinline]]
#endif
inline bool ends_with_paren_credit(std::string_view s) noexcept {
    credit_parse r;
    return paren_credit_start(s, role_set{}, 4, r) < s.size();
}

[[nodiscard]] constexpr bool ascii_alnum(unsigned char c) noexcept {
    return static_cast<unsigned>((c | 0x20) - 'a') < 26u || static_cast<unsigned>(c - '0') < 10u;
}

#if ZHNORM_SSE2
// Bit k set: byte p[k] (k < 64) is neither a continuation byte nor a Han lead byte (E4..E9), so a
// run of Han characters stops there; for the first n bytes only, the 16-byte blocks that start at or
// after n skipped (their bits are set). Reads the 64 bytes at p.
[[nodiscard, gnu::always_inline]] inline std::uint64_t han_stops_upto(const char* p, std::size_t n) noexcept {
    const __m128i cont_below = _mm_set1_epi8(static_cast<char>(0xC0));  // signed: 80..BF are below C0
    const __m128i han_first = _mm_set1_epi8(static_cast<char>(0xE4)), han_span = _mm_set1_epi8(5);
    auto keep16 = [&](const char* q) __attribute__((always_inline)) {
        const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(q));
        const __m128i d = _mm_sub_epi8(x, han_first);
        const __m128i han = _mm_cmpeq_epi8(_mm_min_epu8(d, han_span), d);
        return static_cast<std::uint64_t>(
            static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(_mm_cmplt_epi8(x, cont_below), han))));
    };
    std::uint64_t keep = keep16(p);
    if (n > 16) keep |= keep16(p + 16) << 16;
    if (n > 32) keep |= keep16(p + 32) << 32;
    if (n > 48) keep |= keep16(p + 48) << 48;
    return ~keep;
}

[[nodiscard]] inline std::uint64_t han_stops64(const char* p) noexcept { return han_stops_upto(p, 64); }

// Bit k set, for the bytes p[k] of the first n (rounded up to 16; reads them): a byte >= 0x80
// (high), ASCII white space other than LF (space: ' ' \t \v \f), a letter or digit (alnum), a
// letter (alpha).
struct ascii_classes {
    std::uint64_t high, space, alnum, alpha;
};
[[nodiscard, gnu::always_inline]] inline ascii_classes ascii_classes64(const char* p, std::size_t n) noexcept {
    const __m128i zero = _mm_set1_epi8('0'), nine = _mm_set1_epi8(9);
    const __m128i lower = _mm_set1_epi8(0x20), a = _mm_set1_epi8('a'), z = _mm_set1_epi8(25);
    const __m128i blank = _mm_set1_epi8(' '), tab = _mm_set1_epi8('\t'), lf = _mm_set1_epi8('\n'),
                  three = _mm_set1_epi8(3);
    ascii_classes r{0, 0, 0, 0};
    for (int k = 0; k < 4 && static_cast<std::size_t>(16 * k) < n; ++k) {
        const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * k));
        const __m128i d = _mm_sub_epi8(x, zero);
        const __m128i digit = _mm_cmpeq_epi8(_mm_min_epu8(d, nine), d);
        const __m128i l = _mm_sub_epi8(_mm_or_si128(x, lower), a);
        const __m128i letter = _mm_cmpeq_epi8(_mm_min_epu8(l, z), l);
        const __m128i t = _mm_sub_epi8(x, tab);
        const __m128i ctl = _mm_andnot_si128(_mm_cmpeq_epi8(x, lf), _mm_cmpeq_epi8(_mm_min_epu8(t, three), t));
        const __m128i sp = _mm_or_si128(_mm_cmpeq_epi8(x, blank), ctl);
        const auto bits = [&](__m128i v) __attribute__((always_inline)) {
            return static_cast<std::uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(v))) << (16 * k);
        };
        r.high |= bits(x);
        r.space |= bits(sp);
        r.alpha |= bits(letter);
        r.alnum |= bits(_mm_or_si128(digit, letter));
    }
    return r;
}

// Bit k set: byte p[k] is an ASCII letter or digit (alnum), a letter (alpha), for k < n rounded up
// to a multiple of 16 (the bits above are clear). Reads the 64 bytes at p.
struct ascii_words {
    std::uint64_t alnum, alpha;
};
// (Out of line: inlined, GCC starts computing it before it knows the line has ASCII at all.)
[[nodiscard, gnu::noinline]] inline ascii_words ascii_words64(const char* p, std::size_t n) noexcept {
    const ascii_classes c = ascii_classes64(p, n);  // (the masks not asked for are never computed)
    return {c.alnum, c.alpha};
}

#endif

namespace line_detail {

// Bytes of white space at s[k], or 0: ASCII blanks, U+3000 (E3 80 80), U+00A0 (C2 A0).
[[nodiscard, gnu::always_inline]] inline std::size_t space_at(std::string_view s, std::size_t k) noexcept {
    const auto c = static_cast<unsigned char>(s[k]);
    if (c == ' ' || c == '\t' || c == '\v' || c == '\f') return 1;
    if (c == 0xE3 && k + 2 < s.size() && s[k + 1] == '\x80' && s[k + 2] == '\x80') return 3;
    if (c == 0xC2 && k + 1 < s.size() && s[k + 1] == '\xA0') return 2;
    return 0;
}

// Trims the white space around s[b, e) (at first the whole of `s`), counting the leading white
// space into `indent`. False if nothing is left.
[[nodiscard, gnu::always_inline]] inline bool trim(std::string_view s, std::size_t& b, std::size_t& e,
                                                   std::uint16_t& indent) noexcept {
    auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    if (b == e) return false;
    if (const unsigned char first = byte(b), last = byte(e - 1);  // most lines: nothing to trim
        first > ' ' && first != 0xE3 && first != 0xC2 && last > ' ' && last != 0x80 && last != 0xA0)
        return true;
    while (b < e) {
        const std::size_t n = space_at(s, b);
        if (!n) break;
        indent = static_cast<std::uint16_t>(indent + (n == 3 ? 2 : 1));
        b += n;
    }
    if (b == e) return false;
    // Trailing white space: step back over ASCII blanks, U+3000 and U+00A0 (which end in 80, A0).
    for (;;) {
        if (const unsigned char last = byte(e - 1);
            last != ' ' && last != '\t' && last != '\v' && last != '\f' && last != 0x80 && last != 0xA0)
            break;
        if (e > b && (byte(e - 1) == ' ' || byte(e - 1) == '\t' || byte(e - 1) == '\v' || byte(e - 1) == '\f')) {
            --e;
        } else if (e >= b + 3 && byte(e - 3) == 0xE3 && byte(e - 2) == 0x80 && byte(e - 1) == 0x80) {
            e -= 3;
        } else if (e >= b + 2 && byte(e - 2) == 0xC2 && byte(e - 1) == 0xA0) {
            e -= 2;
        } else {
            break;
        }
    }
    return true;
}

} // namespace line_detail

// True if `s` starts with one character and a comma (`造，在…`, `造,在`): the tail of a word wrapped
// off the line before. The character is a CJK letter and not a numeral that opens an enumeration
// (`一，`); white space may stand before the comma. Asked only for the few lines where it decides,
// not by the measuring walk.
[[nodiscard]] inline bool fragment_start(std::string_view s) noexcept {
    auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    std::size_t b = 0, e = s.size();
    std::uint16_t indent = 0;
    if (!line_detail::trim(s, b, e, indent) || e - b <= 3 || !cjk_letter(byte(b), byte(b + 1))) return false;
    std::size_t j = b + 3;
    while (j < e) {
        const std::size_t n = line_detail::space_at(s, j);
        if (!n) break;
        j += n;
    }
    if (j >= e) return false;
    const unsigned char c = byte(j);
    return (c == ',' || c == ';' ||
            (c == 0xEF && j + 2 < e && byte(j + 1) == 0xBC && (byte(j + 2) == 0x8C || byte(j + 2) == 0x9B))) &&
           !numeral(s.substr(b, 3));
}

// How `s` opens with marks that never start a line (closing brackets and quotes, `，。、；：？！…`):
// the line breaker keeps them on the line before, so a line that starts with one was cut from it.
// none; some: marks, then other text; only: nothing but those marks and white space.
enum class closing_start : std::uint8_t { none, some, only };

[[nodiscard]] inline closing_start opens_with_closing_walk(std::string_view s) noexcept {
    auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    std::size_t b = 0, e = s.size();
    std::uint16_t indent = 0;
    if (!line_detail::trim(s, b, e, indent)) return closing_start::none;
    std::size_t j = b;
    while (j + 3 <= e) {
        const punct::kind k = punct::classify(byte(j), byte(j + 1), byte(j + 2));
        if (k != punct::closing && k != punct::mid && k != punct::stop && k != punct::bang && k != punct::ellipsis) break;
        j += 3;
        while (j < e && line_detail::space_at(s, j)) j += line_detail::space_at(s, j);
    }
    return j == b ? closing_start::none : j >= e ? closing_start::only : closing_start::some;
}

// (Most lines open with a Han character, E4..E9: no walk for them.)
[[nodiscard, gnu::always_inline]] inline closing_start opens_with_closing(std::string_view s) noexcept {
    if (s.empty() || static_cast<unsigned char>(static_cast<unsigned char>(s[0]) - 0xE4u) <= 5u) return closing_start::none;
    return opens_with_closing_walk(s);
}

namespace line_detail {

// What the walk over the characters of a line collects for finish().
struct walk {
    std::uint32_t w = 0, first_word = 0;
    std::uint16_t flags = 0;
    int depth = 0;
    bool letters = false, cjk = false, early_bracket = false;
    std::size_t last_terminal_end = 0;  // byte offset just after the last terminal mark, 0 if none
    // Bytes after the last character a credit cannot contain (see line_metrics::not_credit): a credit
    // after the last sentence must start behind it.
    std::size_t no_credit_before = 0;
};

// The flags that follow from the walk and from how s[b, e) ends (`han_end`: on a Han character).
[[gnu::always_inline]] inline void finish(std::string_view s, std::size_t b, std::size_t e, std::uint16_t indent,
                                          const walk& st, bool han_end, line_metrics& out) noexcept {
    auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    std::uint16_t flags = st.flags;
    if (st.early_bracket && opens_with_dateline(s.substr(b, e - b))) flags |= line_metrics::dateline;
    // A mark at the line end is counted at half an em: a first line may have taken it in (the line
    // breaker keeps closing marks off the next line), and a full line is full either way.
    if (st.no_credit_before > 0) flags |= line_metrics::not_credit;
    if (st.cjk) flags |= line_metrics::has_cjk;
    else if (st.letters) flags |= line_metrics::latin;
    if (st.depth > 0) flags |= line_metrics::open_at_end;
    if (st.last_terminal_end > 0) flags |= line_metrics::has_terminal;
    if (st.last_terminal_end > 0 && st.no_credit_before <= st.last_terminal_end) flags |= line_metrics::credit_tail;

    // How the line ends: step back over closing quotes and brackets, then look for a terminal mark.
    // (Most wrapped lines end on a Han character: nothing to look at.)
    if (!han_end) {
        std::size_t t = e;
        for (;;) {
            if (t > b && (byte(t - 1) == ' ' || byte(t - 1) == '\t')) { --t; continue; }  // `心。 ”`
            if (t >= b + 3) {
                const auto k = punct::of(byte(t - 3), byte(t - 2), byte(t - 1));
                if (k == punct::closing) { t -= 3; continue; }
            }
            if (t > b && (byte(t - 1) == ')' || byte(t - 1) == '"' || byte(t - 1) == '\'')) { --t; continue; }
            break;
        }
        if (t >= b + 3) {
            const auto k = punct::of(byte(t - 3), byte(t - 2), byte(t - 1));
            if (punct::terminal(k)) flags |= line_metrics::terminal_end;
            if (k == punct::mid && t == e) flags |= line_metrics::clause_end;
        }
        if (t > b) {
            const unsigned char c = byte(t - 1);
            if (c == '!' || c == '?' || (c == '.' && (st.cjk || st.letters))) flags |= line_metrics::terminal_end;
            if ((c == ',' || c == ';' || c == ':') && t == e) flags |= line_metrics::clause_end;
        }
    } else if (b + 3 <= b) {
        // (unreachable; keeps the structure of the scan above: a line ending on Han has t == b)
    }
    // A credit written after the last sentence (`…的温暖。 本报记者 于佳 摄`) ends the line as well.
    if ((flags & line_metrics::terminal_end) == 0 && st.last_terminal_end > 0 && e - st.last_terminal_end <= 96 &&
        st.no_credit_before <= st.last_terminal_end) {
        std::string_view tail = s.substr(st.last_terminal_end, e - st.last_terminal_end);
        while (!tail.empty() && (tail.front() == ' ' || tail.front() == '\t')) tail.remove_prefix(1);
        // Credit fields are separated by spaces: only a tail with one can be a credit.
        if (tail.find(' ') != std::string_view::npos && parse_credit_tail(tail)) flags |= line_metrics::terminal_end;
    }
    // So does one in parentheses (`…的温暖。（本报记者 于佳 摄）`).
    if ((flags & line_metrics::terminal_end) == 0 && !han_end && (byte(e - 1) == ')' || byte(e - 1) == 0x89) &&
        ends_with_paren_credit(s.substr(b, e - b)))
        flags |= line_metrics::terminal_end;
    out = line_metrics{st.w, st.first_word, indent, flags};
}

// measure_line() of any line, one character (or one run of Han characters) at a time.
#if defined(__GNUC__)
[[gnu::noinline]]
#endif
inline void measure_general(std::string_view s, line_metrics& out, const char* readable) noexcept {
#if ZHNORM_SSE2
    std::size_t window = static_cast<std::size_t>(-1);  // han_stops64() of the 64 bytes from here
    std::uint64_t stops = 0;
#else
    (void)readable;
#endif
    std::uint32_t first_word = 0;
    std::uint16_t indent = 0, flags = 0;
    auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    auto space_at = [&](std::size_t k) { return line_detail::space_at(s, k); };
    std::size_t b = 0, e = s.size();
    if (!line_detail::trim(s, b, e, indent)) {
        out = line_metrics{0, 0, 0, line_metrics::blank};
        return;
    }
    if (may_have_credit_lead(s)) flags |= line_metrics::credit_lead;

    std::uint32_t w = 0;
    int depth = 0;
    bool letters = false, cjk = false, pending_space = false, word_done = false;
    punct::kind prev = punct::none;   // punctuation kind of the last character (none: a letter)
    bool prev_ascii_digit = false;
    std::size_t last_terminal_end = 0;  // byte offset just after the last terminal mark, 0 if none
    std::size_t chars = 0;
    // Bytes after the last character a credit cannot contain (see line_metrics::not_credit): a credit
    // after the last sentence must start behind it.
    std::size_t no_credit_before = 0;
    // A dateline needs an opening bracket within its first 56 bytes (see dateline_after_walk):
    // only a line with one is walked for it, after the scan.
    const std::size_t bracket_window = b + 16 * 3 + 8;
    bool early_bracket = false;
    // A pending space before a letter (Han or ASCII): the blank half of a compressible mark before
    // it, or one em of space between two words (the general case, before any character, is below).
    auto space_before_letter = [&] {
        if (punct::compressible(prev) || prev == punct::bang) {
            if (prev != punct::opening && prev != punct::bang) ++w;
        } else if (chars > 0) {
            if (prev == punct::none) flags |= line_metrics::inner_space;
            ++w;
        }
        pending_space = false;
    };
    for (std::size_t i = b; i < e;) {
        const unsigned char c = byte(i);
        // Runs of Han characters (lead bytes E4..E9: U+4000..U+9FFF) are the bulk of the text: one
        // em each, no punctuation, nothing else to look at.
        if (c >= 0xE4 && c <= 0xE9 && e - i >= 3) {
            if (pending_space) space_before_letter();
            const std::size_t run = i;
#if ZHNORM_SSE2
            if (readable != nullptr && e - i > 18 && readable - (s.data() + i + 3) >= 64) {
                // The run ends at the first stop byte after its first character (in valid UTF-8, a
                // whole number of characters on), or at e.
                std::size_t p = i + 3;
                if (p < window || p - window >= 64) {
                    window = p;
                    stops = han_stops64(s.data() + p);
                }
                for (;;) {
                    if (const std::uint64_t m = stops >> (p - window)) {
                        p += static_cast<std::size_t>(std::countr_zero(m));
                        break;
                    }
                    p = window + 64;
                    if (p >= e || readable - (s.data() + p) < 64) break;
                    window = p;
                    stops = han_stops64(s.data() + p);
                }
                if (p > e) p = e;
                // Cut short at the readable end, the run goes on from p as a run of its own.
                if ((p - i) % 3 == 0) i = p;
            }
#endif
            if (i == run) {
                do i += 3;
                while (e - i >= 3 && static_cast<unsigned char>(byte(i) - 0xE4) <= 5);
            }
            chars += (i - run) / 3;
            w += static_cast<std::uint32_t>(2 * ((i - run) / 3));
            cjk = true;
            prev = punct::none;
            prev_ascii_digit = false;
            continue;
        }
        // Runs of ASCII letters and digits: half an em each.
        if (c < 0x80 && ascii_alnum(c)) {
            if (pending_space) space_before_letter();
            const std::size_t run = i;
            do ++i;
            while (i < e && ascii_alnum(byte(i)));
            w += static_cast<std::uint32_t>(i - run);
            chars += i - run;
            for (std::size_t j = run; !letters && j < i; ++j) letters = static_cast<unsigned>((byte(j) | 0x20) - 'a') < 26u;
            prev = punct::none;
            prev_ascii_digit = static_cast<unsigned>(byte(i - 1) - '0') < 10u;
            no_credit_before = i;
            continue;
        }
        // White space: ASCII blanks, U+3000 (E3 80 80), U+00A0 (C2 A0).
        const std::size_t sp = c < 0x80 ? (c == ' ' || c == '\t' || c == '\v' || c == '\f' ? 1 : 0)
                               : c == 0xE3 || c == 0xC2 ? space_at(i)
                                                        : 0;
        if (sp) {
            if (!word_done) { word_done = true; first_word = w; }
            pending_space = true;
            i += sp;
            continue;
        }
        std::size_t len = c < 0x80 ? 1 : c < 0xC0 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        if (i + len > e) len = e - i;
        punct::kind k = punct::none;
        std::uint32_t units = 1;
        if (c < 0x80) {
            const bool digit = c >= '0' && c <= '9';
            if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') letters = true;
            if (c == '(' || c == '[') ++depth;
            if (c == '(') early_bracket |= i < bracket_window;
            if ((c == ')' || c == ']') && depth > 0) --depth;
            const bool between_digits = prev_ascii_digit && i + 1 < e && byte(i + 1) >= '0' && byte(i + 1) <= '9';
            if ((c == ',' || c == ';' || c == ':' || c == '!' || c == '?') && !between_digits && depth == 0)
                flags |= line_metrics::sentence_punct;
            if ((c == '!' || c == '?') && depth == 0) last_terminal_end = i + 1;
            if (c != '/') no_credit_before = i + 1;
            prev_ascii_digit = digit;
        } else if (len == 3) {
            const unsigned char c1 = byte(i + 1), c2 = byte(i + 2);
            k = punct::of(c, c1, c2);
            if (k == punct::none) {
                units = wide_units(c, c1, c2);
                if (cjk_letter(c, c1)) cjk = true;
            } else {
                // Table look-ups and arithmetic rather than a branch per property: runs of marks in
                // random order (tables, rules drawn with dashes) would mispredict every one.
                const punct::traits t = punct::traits_of[k];
                units = t.units;
                depth += t.opens;
                if (c == 0xEF && c1 == 0xBC && c2 == 0x88) early_bracket |= i < bracket_window;  // （
                depth -= t.closes & static_cast<int>(depth > 0);
                // `、` separates list items, which headlines have too; it is no evidence of a sentence.
                const bool enum_comma = c == 0xE3 && c1 == 0x80 && c2 == 0x81;
                // A full stop is a sentence even inside quotes (`“…身边。”海淀区`); a headline quotes
                // with commas, exclamation and question marks, not full stops.
                const bool sentence = (t.clause & !enum_comma) | t.terminal;
                const bool counts = sentence & ((depth == 0) | (k == punct::stop));
                flags = static_cast<std::uint16_t>(flags | (counts ? line_metrics::sentence_punct : 0));
                last_terminal_end = t.terminal ? i + 3 : last_terminal_end;
                no_credit_before = ((k != punct::other) & !enum_comma) ? i + 3 : no_credit_before;
            }
            prev_ascii_digit = false;
        } else {
            units = len == 4 ? 2 : 1;
            if (len == 4) cjk = true;  // CJK extensions beyond the BMP (and emoji)
            prev_ascii_digit = false;
        }
        if (pending_space) {
            // The space is the blank half of a compressible mark next to it, or stretch before one.
            if (punct::compressible(prev) || prev == punct::bang) {
                if (prev != punct::opening && prev != punct::bang) ++w;
            } else if (k == punct::opening) {
                ++units;
            } else if (k == punct::mid || k == punct::stop || (k == punct::closing && c == 0xEF) ||
                       (c == ',' && chars > 0)) {
                flags |= line_metrics::justified;
                ++w;
            } else if (chars > 0) {
                if (k == punct::none && prev == punct::none) flags |= line_metrics::inner_space;
                ++w;
            }
            pending_space = false;
        }
        w += units;
        prev = k;
        ++chars;
        i += len;
    }
    if (!word_done) first_word = w;
    const bool han_end = e - b >= 3 && static_cast<unsigned char>(byte(e - 3) - 0xE4) <= 5 &&
                         (byte(e - 2) & 0xC0) == 0x80 && (byte(e - 1) & 0xC0) == 0x80;
    line_detail::finish(s, b, e, indent,
                        line_detail::walk{w, first_word, flags, depth, letters, cjk, early_bracket, last_terminal_end,
                                          no_credit_before},
                        han_end, out);
}

} // namespace line_detail

#if ZHNORM_SSE2
namespace line_detail {

// measure_masked() of a line at most 64 bytes long (the 64 bytes from s.data() readable) when it
// is all ASCII (else false, nothing written): the masked walk's answers from bit masks, and a look
// at its few marks. In ASCII text every character is half an em and nothing is compressible: a run
// of spaces is half an em (stretch before `,`, a space between words elsewhere), the marks change
// the bracket depth and tell the sentence punctuation. (Out of line: the masked walk's registers
// are not shared with it.)
#if defined(__GNUC__)
[[gnu::noinline]]
#endif
inline bool measure_ascii(std::string_view s, line_metrics& out) noexcept {
    auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const ascii_classes cl = ascii_classes64(s.data(), s.size());
    const std::uint64_t whole = s.size() == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << s.size()) - 1;
    if ((cl.high & whole) != 0) return false;
    std::uint16_t indent = 0;
    std::size_t b = 0, e = s.size();
    if (!trim(s, b, e, indent)) {
        out = line_metrics{0, 0, 0, line_metrics::blank};
        return true;
    }
    std::uint32_t f = 0;  // (no credit lead: bullets and kind words are not ASCII)
    const std::uint64_t in_line = (~std::uint64_t{0} >> (64 - e)) & (~std::uint64_t{0} << b);
    const std::uint64_t sp = cl.space & in_line, chars = in_line & ~sp;
    const std::uint64_t after_space = chars & (sp << 1);  // (the line is trimmed: a character follows each run)
    std::uint64_t more = sp & (sp << 1);                 // spaces after a space: no width of their own
    auto w = static_cast<std::uint32_t>(e - b);
    for (; more != 0; more &= more - 1) --w;
    const std::uint32_t first_word = sp != 0 ? static_cast<std::uint32_t>(std::countr_zero(sp)) - static_cast<std::uint32_t>(b) : w;
    int depth = 0;
    bool early_bracket = false;
    std::size_t last_terminal_end = 0;
    std::uint64_t commas = 0, slashes = 0;
    for (std::uint64_t marks = chars & ~cl.alnum; marks != 0; marks &= marks - 1) {
        const auto p = static_cast<std::size_t>(std::countr_zero(marks));
        const unsigned char c = byte(p);
        if (c == '(' || c == '[') ++depth;
        if (c == '(' && p < b + 16 * 3 + 8) early_bracket = true;
        if ((c == ')' || c == ']') && depth > 0) --depth;
        if (depth == 0 && (c == ',' || c == ';' || c == ':' || c == '!' || c == '?')) {
            bool between_digits = false;
            if (p + 1 < e && static_cast<unsigned>(byte(p + 1) - '0') < 10u) {
                for (std::size_t q = p; q > b;) {  // the last character before p that is not white space
                    const unsigned char d = byte(q - 1);
                    if (d == ' ' || d == '\t' || d == '\v' || d == '\f') { --q; continue; }
                    between_digits = static_cast<unsigned>(d - '0') < 10u;
                    break;
                }
            }
            if (!between_digits) f |= line_metrics::sentence_punct;
            if (c == '!' || c == '?') last_terminal_end = p + 1;
        }
        if (c == ',') commas |= std::uint64_t{1} << p;
        if (c == '/') slashes |= std::uint64_t{1} << p;
    }
    if (after_space & commas) f |= line_metrics::justified;
    if (after_space & ~commas) f |= line_metrics::inner_space;
    const std::uint64_t credit_chars = chars & ~slashes;  // every character but `/` is none a credit has
    const std::size_t no_credit_before = credit_chars != 0 ? 64 - static_cast<std::size_t>(std::countl_zero(credit_chars)) : 0;
    finish(s, b, e, indent,
           walk{w, first_word, static_cast<std::uint16_t>(f), depth, (cl.alpha & in_line) != 0, false, early_bracket,
                last_terminal_end, no_credit_before},
           false, out);
    return true;
}

// measure_line() of a line of valid UTF-8 at most 64 bytes long, given han_stops64() of the 64
// bytes from its start. The same walk as measure_line's loop, but visiting only the stop bytes
// (ASCII and the lead bytes other than E4..E9): the Han characters between two of them are two
// units each and change nothing else. A pending space always comes after a character (the
// leading white space is trimmed), so the loop's `chars > 0` holds wherever it asks.
[[gnu::always_inline]] inline void measure_masked(std::string_view s, line_metrics& out, std::uint64_t stops) noexcept {
    auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    std::uint16_t indent = 0;
    std::size_t b = 0, e = s.size();
    if (!trim(s, b, e, indent)) {
        out = line_metrics{0, 0, 0, line_metrics::blank};
        return;
    }
    // The state of the walk, in few registers: the line_metrics flags and, above them, these.
    enum : std::uint32_t {
        pending_space = 1u << 16,
        letters = 1u << 17,
        early_bracket = 1u << 18,
        words_known = 1u << 19,  // alnum holds the line's ASCII letters and digits
        one_run = 1u << 20,      // a run of them was walked
    };
    // (Mostly nothing to trim: the lead is at 0.)
    std::uint32_t f = (b == 0 ? credit_lead_at(s, 0) : may_have_credit_lead(s)) ? std::uint32_t{line_metrics::credit_lead} : 0u;
    std::uint32_t w3 = 0;               // three times the width: a Han character is three bytes, two units
    std::uint32_t first_word3 = ~0u;    // w3 at the first space, if there is one
    int depth = 0;
    std::size_t last_terminal_end = 0;  // as in measure_line's loop
    std::size_t no_credit_before = 0;
    punct::kind prev = punct::none;     // punctuation kind of the last character (none: a letter)
    const std::uint64_t in_line = (~std::uint64_t{0} >> (64 - e)) & (~std::uint64_t{0} << b);  // 0 <= b < e <= 64
    std::uint64_t ev = stops & in_line;
    std::uint64_t alnum = 0;            // ASCII letters and digits, found at the first of them
    std::size_t pos = b;                // end of the last character walked
    const std::size_t bracket_window = b + 16 * 3 + 8;  // a dateline's bracket stands before this
    // A pending space before a character of kind k and first byte c (a letter: none, 0).
    auto resolve = [&](punct::kind k, unsigned char c) __attribute__((always_inline)) {
        f &= ~pending_space;
        if (prev == punct::opening || prev == punct::bang) return;
        w3 += 3;
        if (prev == punct::mid || prev == punct::stop || prev == punct::closing || k == punct::opening) return;
        if (k == punct::mid || k == punct::stop || (k == punct::closing && c == 0xEF) || c == ',')
            f |= line_metrics::justified;
        else if (k == punct::none && prev == punct::none)
            f |= line_metrics::inner_space;
    };
    auto space = [&]() __attribute__((always_inline)) {
        if (first_word3 == ~0u) first_word3 = w3;
        f |= pending_space;
    };
    while (ev != 0) {
        const std::size_t p = static_cast<unsigned>(std::countr_zero(ev));
        ev &= ev - 1;
        if (p != pos) {  // Han characters before p
            w3 += static_cast<std::uint32_t>(2 * (p - pos));
            f |= line_metrics::has_cjk;
            if (f & pending_space) resolve(punct::none, 0);
            prev = punct::none;
        }
        const unsigned char c = byte(p);
        if (c < 0x80) {
            pos = p + 1;
            if (c == ' ' || (static_cast<unsigned>(c - '\t') <= 3u && c != '\n')) {  // ' ' \t \v \f
                space();
                continue;
            }
            if (ascii_alnum(c)) {  // a run of ASCII letters and digits, half an em each
                if (f & pending_space) resolve(punct::none, 0);
                std::size_t j = p + 1;
                if ((f & (words_known | one_run | line_metrics::has_cjk)) == line_metrics::has_cjk) {
                    // The first run after CJK text (mostly the only one, a number): byte by byte.
                    // (Whether it has letters does not matter: a line with CJK is no Latin line.)
                    while (j < e && ascii_alnum(byte(j))) ++j;
                    f |= one_run;
                } else {
                    // More runs (Latin text): the letters and digits of the whole line at once.
                    if (!(f & words_known)) {
                        const ascii_words words = ascii_words64(s.data(), e);
                        alnum = words.alnum;
                        f |= (words.alpha & in_line) != 0 ? std::uint32_t{words_known | letters} : std::uint32_t{words_known};
                    }
                    const std::uint64_t rest = ~(alnum >> p);
                    j = rest != 0 ? p + static_cast<std::size_t>(std::countr_zero(rest)) : 64;
                    if (j > e) j = e;
                }
                w3 += static_cast<std::uint32_t>(3 * (j - p));
                prev = punct::none;
                no_credit_before = j;
                pos = j;
                ev &= (~std::uint64_t{0} << 1) << (j - 1);
                continue;
            }
            if (c == '(' || c == '[') ++depth;
            if (c == '(' && p < b + 16 * 3 + 8) f |= early_bracket;
            if ((c == ')' || c == ']') && depth > 0) --depth;
            if (depth == 0 && (c == ',' || c == ';' || c == ':' || c == '!' || c == '?')) {
                bool between_digits = false;
                if (p + 1 < e && static_cast<unsigned>(byte(p + 1) - '0') < 10u) {
                    // Is the last character before p that is not white space an ASCII digit?
                    for (std::size_t q = p; q > b;) {
                        const unsigned char d = byte(q - 1);
                        if (d == ' ' || d == '\t' || d == '\v' || d == '\f') { --q; continue; }
                        if (d == 0x80 && q >= b + 3 && byte(q - 3) == 0xE3 && byte(q - 2) == 0x80) { q -= 3; continue; }
                        if (d == 0xA0 && q >= b + 2 && byte(q - 2) == 0xC2) { q -= 2; continue; }
                        between_digits = static_cast<unsigned>(d - '0') < 10u;
                        break;
                    }
                }
                if (!between_digits) f |= line_metrics::sentence_punct;
                if (c == '!' || c == '?') last_terminal_end = p + 1;
            }
            if (c != '/') no_credit_before = p + 1;
            if (f & pending_space) resolve(punct::none, c);
            w3 += 3;
            prev = punct::none;
            continue;
        }
        // (Not UTF-8, outside the contract: a lead byte the line cuts short would have the walk read
        // past the line. The general walk clamps every sequence.)
        if (c < 0xE0) {  // two bytes: U+00A0 or half an em
            if (p + 1 >= e) return measure_general(s, out, nullptr);
            pos = p + 2;
            if (c == 0xC2 && byte(p + 1) == 0xA0) {
                space();
                continue;
            }
            if (f & pending_space) resolve(punct::none, c);
            w3 += 3;
            prev = punct::none;
            continue;
        }
        if (c >= 0xF0) {  // beyond the BMP: CJK extensions (and emoji)
            pos = p + 4;
            f |= line_metrics::has_cjk;
            if (f & pending_space) resolve(punct::none, c);
            w3 += 6;
            prev = punct::none;
            continue;
        }
        if (p + 2 >= e) return measure_general(s, out, nullptr);
        const unsigned char c1 = byte(p + 1), c2 = byte(p + 2);
        pos = p + 3;
        const std::uint32_t fx = punct::effects_of(c, c1, c2);
        const auto k = static_cast<punct::kind>(fx & punct::fx_kind);
        std::uint32_t units3;
        if (k == punct::none) {
            if (fx & punct::fx_space) {
                space();
                continue;
            }
            units3 = 3 * wide_units(c, c1, c2);
            if (cjk_letter(c, c1)) f |= line_metrics::has_cjk;
        } else {  // arithmetic on the effects, no branch per kind
            units3 = (fx >> punct::fx_units3_shift) & 7u;
            depth = std::max(depth + static_cast<int>((fx >> punct::fx_depth_shift) & 3u) - 1, 0);
            static_assert(punct::fx_sentence_top == punct::fx_sentence << 1 && line_metrics::sentence_punct == 1 << 5);
            const std::uint32_t counts = ((fx >> 8) | ((fx >> 9) & static_cast<std::uint32_t>(depth == 0))) & 1u;
            f |= counts << 5;
            if ((fx & punct::fx_paren) && p < bracket_window) f |= early_bracket;
            last_terminal_end = (fx & punct::fx_terminal) ? p + 3 : last_terminal_end;
            no_credit_before = (fx & punct::fx_no_credit) ? p + 3 : no_credit_before;
        }
        if (f & pending_space) resolve(k, c);
        w3 += units3;
        prev = k;
        if (k == punct::none) continue;
        // More marks right after it (no space or letter between: no pending space), in a loop of
        // their own, without a branch per kind or per property: runs of marks in random order
        // (tables, rules drawn with dashes) would mispredict them. The next mark is the lowest stop
        // byte left (a Han character is none; a lead byte E0..EF of a pair no mark has has no effects).
        while (pos < e && ((ev >> pos) & 1u) != 0 && (byte(pos) & 0xF0u) == 0xE0u && pos + 2 < e) {
            const std::uint32_t y = punct::effects_of(byte(pos), byte(pos + 1), byte(pos + 2));
            if ((y & punct::fx_kind) == 0) break;
            w3 += (y >> punct::fx_units3_shift) & 7u;
            const int d = depth + static_cast<int>((y >> punct::fx_depth_shift) & 3u) - 1;  // >= -1
            depth = d - (d >> 31);  // a close at depth 0 changes nothing
            const std::uint32_t counts = ((y >> 8) | ((y >> 9) & static_cast<std::uint32_t>(depth == 0))) & 1u;
            static_assert(punct::fx_paren == 1 << 12 && early_bracket == 1u << 18);
            f |= counts << 5 | ((y >> 12) & static_cast<std::uint32_t>(pos < bracket_window)) << 18;
            last_terminal_end = (y & punct::fx_terminal) ? pos + 3 : last_terminal_end;
            no_credit_before = (y & punct::fx_no_credit) ? pos + 3 : no_credit_before;
            ev &= ev - 1;
            prev = static_cast<punct::kind>(y & punct::fx_kind);
            pos += 3;
        }
    }
    const bool han_end = pos != e;  // Han characters after the last stop byte
    if (han_end) {
        w3 += static_cast<std::uint32_t>(2 * (e - pos));
        f |= line_metrics::has_cjk;
        if (f & pending_space) resolve(punct::none, 0);
    }
    const std::uint32_t w = w3 / 3;
    finish(s, b, e, indent,
           walk{w, first_word3 == ~0u ? w : first_word3 / 3, static_cast<std::uint16_t>(f), depth,
                (f & letters) != 0, (f & line_metrics::has_cjk) != 0, (f & early_bracket) != 0, last_terminal_end,
                no_credit_before},
           han_end, out);
}


// The marks of a common line (bit k: a mark's lead byte at byte k) and what the walk's bracket
// depth made of them.
struct common_marks {
    std::uint64_t stop = 0, comma = 0, enums = 0, open = 0, close = 0;  // 。 ， 、 “ ”
    bool top_comma = false;  // a `，` outside quotes
    bool open_at_end = false;
};

// What classify_common_marks() found: every mark one of its kinds, a quote `“”` (where quotes are
// not classified), or another mark (the line is no common line).
enum class common_marks_result : std::uint8_t { common, quote, other };

// Classifies the marks whose lead bytes are `leads` (in valid UTF-8 whole in `s`), in order, for the
// depth of the quotes (a `”` with none open changes nothing). Stops at the first mark that is none
// of `，。、` (and, with Quotes, `“”`): a line of other marks (a table, a rule of dashes) is left to
// the walk after one look, not after classifying all of them twice.
template <bool Quotes>
[[nodiscard, gnu::always_inline]] inline common_marks_result classify_common_marks(const char* p, std::uint64_t leads,
                                                                                   common_marks& m) noexcept {
    static_assert(std::endian::native == std::endian::little);
    std::uint32_t depth = 0;
    for (std::uint64_t l = leads; l != 0; l &= l - 1) {
        const auto i = static_cast<unsigned>(std::countr_zero(l));
        std::uint32_t key;
        std::memcpy(&key, p + i, 4);
        key &= 0xFFFFFFu;  // the three bytes, the first lowest
        const std::uint64_t bit = std::uint64_t{1} << i;
        const bool is_comma = key == 0x8CBCEFu, is_stop = key == 0x8280E3u, is_enum = key == 0x8180E3u;  // ，。、
        m.stop |= is_stop ? bit : 0;
        m.enums |= is_enum ? bit : 0;
        m.comma |= is_comma ? bit : 0;
        const bool is_open = key == 0x9C80E2u, is_close = key == 0x9D80E2u;
        if constexpr (Quotes) {
            m.open |= is_open ? bit : 0;
            m.close |= is_close ? bit : 0;
            m.top_comma |= is_comma && depth == 0;
            depth = depth + is_open - (is_close && depth > 0);
        }
        if (!(is_comma | is_stop | is_enum | (Quotes && (is_open | is_close)))) [[unlikely]]
            return !Quotes && (is_open | is_close) ? common_marks_result::quote : common_marks_result::other;
    }
    if constexpr (Quotes) {
        m.open_at_end = depth > 0;
    } else {
        m.top_comma = m.comma != 0;
    }
    return common_marks_result::common;
}

// measure_common(): the metrics of the common line of a column, given the classes of its bytes
// (bit k for byte k of `s`, within the line) and its marks: decided from them alone, without a
// walk. False, with `out` unwritten, when the line has another shape.
//
// The common line: Han characters (lead bytes E4..E9), the marks `，。、“”`, ASCII digits and
// single spaces inside the line (none leading or trailing), at least one Han character. What the
// walk does on it: a Han character is 2 units, a digit, a mark and a space 1, except a space
// after `“` (its blank half, already counted). A space after another mark is that mark's blank
// half; one after a letter or digit stretches the line before `，。、` (justified) and stands
// between words before a letter or digit (inner_space). No bracket opens a dateline; `。` and a
// `，` outside quotes are sentence punctuation; no credit has `，。“”` or digits; `。` ends a
// sentence, and so a line, behind closing quotes and spaces. Without FirstWord, first_word is
// left as the width (see measure_common_avx2).
template <bool Quotes, bool FirstWord = true>
[[nodiscard, gnu::always_inline]] inline bool common_line(std::string_view s, std::uint64_t sp, std::uint64_t dig,
                                                          const common_marks& mk, line_metrics& out) noexcept {
    // (Inlined into an AVX2 function, std::popcount is one instruction.)
    auto pc = [](std::uint64_t x) __attribute__((always_inline)) { return static_cast<std::uint32_t>(std::popcount(x)); };
    const std::size_t n = s.size();
    const std::uint64_t in_line = n == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << n) - 1;
    const std::uint64_t compressed = mk.stop | mk.comma | mk.enums;  // `，。、`
    const std::uint64_t marks = compressed | mk.open | mk.close;
    const std::uint64_t last = std::uint64_t{1} << (n - 1);
    // No space at either end or after another.
    if (((sp & (1u | last)) | (sp & (sp >> 1))) != 0) return false;
    // n = 3 (Han + marks) + spaces + digits: the width 2 Han + marks + spaces + digits is this,
    // less the spaces after `“`.
    const std::uint32_t nm = pc(marks), nsd = pc(sp | dig);
    const auto n32 = static_cast<std::uint32_t>(n);
    if (n32 <= 3 * nm + nsd) return false;  // no Han character
    std::uint32_t width = (2 * n32 - 3 * nm + nsd) / 3;
    if constexpr (Quotes) width -= pc(sp & (mk.open << 3));
    std::uint32_t first_word = width;
    if (FirstWord && sp != 0) {
        const auto f = static_cast<std::uint32_t>(std::countr_zero(sp));
        const std::uint64_t before = (std::uint64_t{1} << f) - 1;
        first_word = (2 * f - 3 * pc(marks & before) + pc(dig & before)) / 3;
    }
    std::uint32_t flags = line_metrics::has_cjk | credit_lead_flag(s);  // (n >= 3: it has a Han character)
    // Spaces after a letter or digit (the byte before is no mark's last).
    const std::uint64_t after_letter = sp & ~(marks << 3);
    if ((after_letter << 1) & compressed) flags |= line_metrics::justified;
    if ((after_letter << 1) & ~marks) flags |= line_metrics::inner_space;
    if (mk.stop != 0 || mk.top_comma) flags |= line_metrics::sentence_punct;
    if (Quotes && mk.open_at_end) flags |= line_metrics::open_at_end;
    const std::uint64_t no_credit = ((marks & ~mk.enums) << 2) | dig;  // at the last byte of each
    if (no_credit != 0) flags |= line_metrics::not_credit;
    // How it ends: behind closing quotes and spaces, on `。` or (at the very end) `，、`.
    std::uint64_t end = last;
    if constexpr (Quotes) {
        const std::uint64_t closers = mk.close | (mk.close << 1) | (mk.close << 2) | sp;
        const std::uint64_t body = in_line & ~closers;
        end = body != 0 ? std::uint64_t{1} << (63 - std::countl_zero(body)) : 0;  // the last byte before them
    }
    if ((mk.stop << 2) & end) flags |= line_metrics::terminal_end;
    if (((mk.comma | mk.enums) << 2) & end & last) flags |= line_metrics::clause_end;
    const std::uint64_t stop_ends = mk.stop << 2;
    if (stop_ends != 0) {
        flags |= line_metrics::has_terminal;
        const auto lte = static_cast<std::size_t>(64 - std::countl_zero(stop_ends));  // after the last `。`
        if (64 - static_cast<std::size_t>(std::countl_zero(no_credit)) <= lte) {
            flags |= line_metrics::credit_tail;
            // A credit written after the last sentence ends the line as well (finish()'s test).
            if (!(flags & line_metrics::terminal_end)) {
                std::size_t t = lte;
                while (t < n && s[t] == ' ') ++t;
                const std::string_view tail = s.substr(t);
                if (tail.find(' ') != std::string_view::npos && parse_credit_tail(tail)) flags |= line_metrics::terminal_end;
            }
        }
    }
    out = line_metrics{width, first_word, 0, static_cast<std::uint16_t>(flags)};
    return true;
}

#if ZHNORM_AVX2
// The byte classes measure_common_avx2() looks up by the high and the low four bits of a byte
// (a class is a set of high nibbles times a set of low nibbles): bit 0 a space, 1 an ASCII digit,
// 2 a Han lead byte (E4..E9), 3 a continuation byte, 7 the lead byte of a mark `“”` (E2), `，。、`
// (E3, EF). (Whether a line has quotes is told by its marks: a mask less per 32 bytes.)
inline constexpr auto common_class_tables = [] {
    std::array<std::array<unsigned char, 16>, 2> t{};  // [0]: by the low nibble, [1]: by the high one
    for (unsigned lo = 0; lo < 16; ++lo) {
        unsigned char c = 0x08;  // continuation bytes: any low nibble
        if (lo == 0) c |= 0x01;
        if (lo <= 9) c |= 0x02;
        if (lo >= 4 && lo <= 9) c |= 0x04;
        if (lo == 2 || lo == 3 || lo == 15) c |= 0x80;
        t[0][lo] = c;
    }
    t[1][0x2] = 0x01;
    t[1][0x3] = 0x02;
    for (unsigned hi = 0x8; hi <= 0xB; ++hi) t[1][hi] = 0x08;
    t[1][0xE] = 0x04 | 0x80;
    return t;
}();

// common_line() of `s` (valid UTF-8, 1 to 64 bytes; the 65 bytes from its start may be read: a mark's
// three bytes are read as four). Without FirstWord the first word is not measured (first_word is
// the width): line_join asks for the first word of a Latin line only, and a common line has CJK. Its
// bytes classified 32 at a time by two table look-ups, the few marks by their three bytes. (Only
// with AVX2: with SSE2 a compare per class costs about what the walk does.)
template <bool FirstWord = true>
[[nodiscard, gnu::always_inline]] ZHNORM_TARGET_AVX2 inline bool measure_common_avx2(std::string_view s,
                                                                                     line_metrics& out) noexcept {
    const char* const p = s.data();
    const std::size_t n = s.size();
    const __m128i lo128 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(common_class_tables[0].data()));
    const __m128i hi128 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(common_class_tables[1].data()));
    const __m256i lo_table = _mm256_broadcastsi128_si256(lo128), hi_table = _mm256_broadcastsi128_si256(hi128);
    const __m256i nibble = _mm256_set1_epi8(0x0F);
    // The first 32 bytes, then the next 32 if the line goes on (bits past the line are masked
    // off). Written out, not a loop over the halves; not a lambda either: it would not be
    // compiled for AVX2.
    const __m256i zero = _mm256_setzero_si256();
    const __m256i x0 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
    const __m256i c0 = _mm256_and_si256(_mm256_shuffle_epi8(lo_table, _mm256_and_si256(x0, nibble)),
                                        _mm256_shuffle_epi8(hi_table, _mm256_and_si256(_mm256_srli_epi16(x0, 4), nibble)));
    const auto bits = [](int m) { return std::uint64_t{static_cast<std::uint32_t>(m)}; };
    std::uint64_t sp = bits(_mm256_movemask_epi8(_mm256_slli_epi16(c0, 7)));
    std::uint64_t dig = bits(_mm256_movemask_epi8(_mm256_slli_epi16(c0, 6)));
    std::uint64_t leads = bits(_mm256_movemask_epi8(c0));
    std::uint64_t none = bits(_mm256_movemask_epi8(_mm256_cmpeq_epi8(c0, zero)));
    if (n > 32) {
        const __m256i x1 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + 32));
        const __m256i c1 = _mm256_and_si256(_mm256_shuffle_epi8(lo_table, _mm256_and_si256(x1, nibble)),
                                            _mm256_shuffle_epi8(hi_table, _mm256_and_si256(_mm256_srli_epi16(x1, 4), nibble)));
        sp |= bits(_mm256_movemask_epi8(_mm256_slli_epi16(c1, 7))) << 32;
        dig |= bits(_mm256_movemask_epi8(_mm256_slli_epi16(c1, 6))) << 32;
        leads |= bits(_mm256_movemask_epi8(c1)) << 32;
        none |= bits(_mm256_movemask_epi8(_mm256_cmpeq_epi8(c1, zero))) << 32;
    }
    const std::uint64_t in_line = _bzhi_u64(~std::uint64_t{0}, static_cast<unsigned>(n));  // (n = 64: all)
    if (((none | sp | dig | leads) & in_line) == 0) {
        // Han characters only (a title, a name, a word left over by a wrap; in valid UTF-8 whole
        // three-byte characters): nothing else to measure.
        const auto width = static_cast<std::uint32_t>(2 * (n / 3));
        out = line_metrics{width, width, 0,
                           static_cast<std::uint16_t>(line_metrics::has_cjk |
                                                      (credit_lead_at(s, 0) ? std::uint32_t{line_metrics::credit_lead} : 0u))};
        return true;
    }
    leads &= in_line;
    if ((none & in_line) != 0 || (leads & ~(in_line >> 2)) != 0) return false;  // another byte, a mark cut off
    common_marks marks;
    // (Most lines: no quotes, no depth. A line with quotes is classified again, with them.)
    const common_marks_result plain = classify_common_marks<false>(p, leads, marks);
    if (plain == common_marks_result::common) return common_line<false, FirstWord>(s, sp & in_line, dig & in_line, marks, out);
    if (plain == common_marks_result::other) return false;  // another character under E2, E3, EF
    marks = common_marks{};
    if (classify_common_marks<true>(p, leads, marks) != common_marks_result::common) return false;
    return common_line<true, FirstWord>(s, sp & in_line, dig & in_line, marks, out);
}

// The properties of a mark measure_marks_avx2() looks up by the mark's lead pair and third byte,
// one bit per property: bit c (c < 8) of tables[p][0][b2 & 15], bit c - 8 of tables[p][1][b2 & 15]
// for the combination c = 4 * (index of the lead pair in punct::lead_pairs) + ((b2 >> 4) & 3).
// (A table of 256 entries as two pshufb look-ups per property, by the low four bits, the high
// ones choosing the bit.)
namespace marks_detail {
enum : unsigned { valid, compressible, opening, closing, terminal, mid, count };
inline constexpr auto tables = [] {
    std::array<std::array<std::array<unsigned char, 16>, 2>, count> t{};
    for (unsigned g = 0; g < 4; ++g)
        for (unsigned b2 = 0x80; b2 <= 0xBF; ++b2) {
            const punct::kind k = punct::classify(punct::lead_pairs[g][0], punct::lead_pairs[g][1], static_cast<unsigned char>(b2));
            const bool has[count] = {k != punct::none, punct::compressible(k), k == punct::opening, k == punct::closing,
                                     punct::terminal(k), k == punct::mid};
            const unsigned c = 4 * g + ((b2 >> 4) & 3u);
            for (unsigned p = 0; p < count; ++p)
                if (has[p]) t[p][c >> 3][b2 & 15u] = static_cast<unsigned char>(t[p][c >> 3][b2 & 15u] | 1u << (c & 7u));
        }
    return t;
}();
// No mark both opens and closes (measure_marks_avx2() counts each bracket as one or the other).
static_assert([] {
    for (unsigned h = 0; h < 2; ++h)
        for (unsigned lo = 0; lo < 16; ++lo)
            if ((tables[opening][h][lo] & tables[closing][h][lo]) != 0) return false;
    return true;
}());
inline constexpr auto one_bit = [] {
    std::array<unsigned char, 16> t{};
    for (unsigned c = 0; c < 16; ++c) t[c] = static_cast<unsigned char>(1u << (c & 7u));
    return t;
}();

// Bit k: byte k of the 32 at p (its second and third bytes read at p + 1, p + 2).
struct masks {
    std::uint32_t group = 0, group_e3 = 0, paren = 0, han = 0, two = 0, other_lead = 0, nbsp = 0;
    std::uint32_t prop[count] = {};
};

// (Functions, not lambdas: a lambda would not be compiled for AVX2.)
[[nodiscard, gnu::always_inline]] ZHNORM_TARGET_AVX2 inline __m256i set1(unsigned v) noexcept {
    return _mm256_set1_epi8(static_cast<char>(v));
}
[[nodiscard, gnu::always_inline]] ZHNORM_TARGET_AVX2 inline std::uint32_t bits(__m256i v) noexcept {
    return static_cast<std::uint32_t>(_mm256_movemask_epi8(v));
}

[[nodiscard, gnu::always_inline]] ZHNORM_TARGET_AVX2 inline masks classify32(const char* p) noexcept {
    const __m256i x0 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
    const __m256i x1 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + 1));
    const __m256i x2 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + 2));
    const __m256i s80 = _mm256_cmpeq_epi8(x1, set1(0x80)), ef = _mm256_cmpeq_epi8(x0, set1(0xEF));
    const __m256i g_e3 = _mm256_and_si256(_mm256_cmpeq_epi8(x0, set1(0xE3)), s80);
    const __m256i g_e2 = _mm256_and_si256(_mm256_cmpeq_epi8(x0, set1(0xE2)), s80);
    const __m256i g_bc = _mm256_and_si256(ef, _mm256_cmpeq_epi8(x1, set1(0xBC)));
    const __m256i g_bd = _mm256_and_si256(ef, _mm256_cmpeq_epi8(x1, set1(0xBD)));
    masks m;
    m.group = bits(_mm256_or_si256(_mm256_or_si256(g_e3, g_e2), _mm256_or_si256(g_bc, g_bd)));
    m.group_e3 = bits(g_e3);
    m.paren = bits(_mm256_and_si256(g_bc, _mm256_cmpeq_epi8(x2, set1(0x88))));  // （
    const __m256i dh = _mm256_sub_epi8(x0, set1(0xE4));
    m.han = bits(_mm256_cmpeq_epi8(_mm256_min_epu8(dh, set1(5)), dh));  // E4..E9
    const __m256i d2 = _mm256_sub_epi8(x0, set1(0xC2));
    m.two = bits(_mm256_cmpeq_epi8(_mm256_min_epu8(d2, set1(0xDF - 0xC2)), d2));  // C2..DF
    m.nbsp = bits(_mm256_and_si256(_mm256_cmpeq_epi8(x0, set1(0xC2)), _mm256_cmpeq_epi8(x1, set1(0xA0))));
    // Bytes that are neither continuation bytes nor lead bytes of the kinds above: ASCII (high bit
    // clear) and the other leads, told apart from them by the caller.
    const __m256i cont = _mm256_cmpeq_epi8(_mm256_and_si256(x0, set1(0xC0)), set1(0x80));
    m.other_lead = ~bits(cont);
    // The key of a mark: its pair's index above the third byte's low six bits; its high four bits
    // the combination, its low four the table index.
    const __m256i gbits = _mm256_or_si256(_mm256_or_si256(_mm256_and_si256(g_bc, set1(0x40)), _mm256_and_si256(g_bd, set1(0x80))),
                                          _mm256_and_si256(g_e2, set1(0xC0)));
    const __m256i key = _mm256_or_si256(_mm256_and_si256(x2, set1(0x3F)), gbits);
    const __m256i lo = _mm256_and_si256(key, set1(0x0F));
    const __m256i combo = _mm256_and_si256(_mm256_srli_epi16(key, 4), set1(0x0F));
    const __m256i sel = _mm256_shuffle_epi8(
        _mm256_broadcastsi128_si256(_mm_loadu_si128(reinterpret_cast<const __m128i*>(one_bit.data()))), combo);
    const __m256i upper = _mm256_slli_epi16(combo, 4);  // byte's high bit: combination 8..15
    const __m256i zero = _mm256_setzero_si256();
    for (unsigned q = 0; q < count; ++q) {
        const __m256i t0 = _mm256_broadcastsi128_si256(_mm_loadu_si128(reinterpret_cast<const __m128i*>(tables[q][0].data())));
        const __m256i t1 = _mm256_broadcastsi128_si256(_mm_loadu_si128(reinterpret_cast<const __m128i*>(tables[q][1].data())));
        const __m256i r = _mm256_and_si256(_mm256_blendv_epi8(_mm256_shuffle_epi8(t0, lo), _mm256_shuffle_epi8(t1, lo), upper), sel);
        m.prop[q] = ~bits(_mm256_cmpeq_epi8(r, zero));
    }
    return m;
}
} // namespace marks_detail

// measure_line() of a line of CJK marks, Han characters and two-byte characters (`·`) only (no
// white space, no ASCII, no other character), decided from masks of its bytes: `s` valid UTF-8,
// 1 to 64 bytes, the 66 bytes from its start readable. What the walk does on it: a compressible
// mark is 1 unit, another mark, a Han character 2, a two-byte character 1; nothing is trimmed, no
// space pends. The bracket depth is followed over the brackets, quotes and the marks that count as
// sentence punctuation outside them only. False, with `out` unwritten, for any other line.
[[nodiscard, gnu::always_inline]] ZHNORM_TARGET_AVX2 inline bool measure_marks_avx2(std::string_view s,
                                                                                    line_metrics& out) noexcept {
    using namespace marks_detail;
    const char* const p = s.data();
    const std::size_t n = s.size();
    const std::uint64_t in_line = _bzhi_u64(~std::uint64_t{0}, static_cast<unsigned>(n));
    auto wide = [](std::uint32_t lo32, std::uint32_t hi32) __attribute__((always_inline)) {
        return std::uint64_t{lo32} | std::uint64_t{hi32} << 32;
    };
    // Most lines that are no line of marks have ASCII (a space, a digit): given up on before the
    // bytes are classified.
    std::uint64_t high = bits(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)));
    if (n > 32) high |= std::uint64_t{bits(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + 32)))} << 32;
    if ((~high & in_line) != 0) return false;
    const masks a = classify32(p);
    masks b;
    if (n > 32) b = classify32(p + 32);
    const std::uint64_t marks = wide(a.group, b.group) & wide(a.prop[valid], b.prop[valid]) & in_line;
    const std::uint64_t han = wide(a.han, b.han) & in_line, two = wide(a.two, b.two) & in_line;
    // Every character a mark, a Han character or a two-byte one other than U+00A0, whole in the line.
    if ((wide(a.other_lead, b.other_lead) & in_line & ~(marks | han | two)) != 0 || (wide(a.nbsp, b.nbsp) & in_line) != 0 ||
        ((marks | han) & ~(in_line >> 2)) != 0 || (two & ~(in_line >> 1)) != 0)
        return false;
    auto pc = [](std::uint64_t x) __attribute__((always_inline)) { return static_cast<std::uint32_t>(std::popcount(x)); };
    const std::uint64_t comp = wide(a.prop[compressible], b.prop[compressible]) & marks;
    const std::uint64_t open = wide(a.prop[opening], b.prop[opening]) & marks;
    const std::uint64_t close = wide(a.prop[closing], b.prop[closing]) & marks;
    const std::uint64_t term = wide(a.prop[terminal], b.prop[terminal]) & marks;
    const std::uint64_t mids = wide(a.prop[mid], b.prop[mid]) & marks;
    const std::uint64_t enums = mids & wide(a.group_e3, b.group_e3);  // `、`: the only mid under E3 80
    const std::uint64_t width = pc(comp) + 2 * pc(marks & ~comp) + 2 * pc(han) + pc(two);
    const auto w = static_cast<std::uint32_t>(width);
    std::uint32_t flags = 0;
    if (han != 0) flags |= line_metrics::has_cjk;
    if (credit_lead_at(s, 0)) flags |= line_metrics::credit_lead;
    // Sentence punctuation: `。．` at any depth; `，：；！？…` (not `、`) outside brackets and quotes.
    if ((term & comp) != 0) flags |= line_metrics::sentence_punct;
    const std::uint64_t top = (mids & ~enums) | (term & ~comp);
    if ((open | close) == 0) {
        if (top != 0) flags |= line_metrics::sentence_punct;
    } else {
        // Over the brackets and quotes only: the bytes before each one at depth 0 collected in
        // `outside`, then the marks among them.
        int depth = 0;
        std::uint64_t outside = 0, from = 0;  // from: the bytes after the last bracket
        for (std::uint64_t l = open | close; l != 0; l &= l - 1) {
            const auto i = static_cast<unsigned>(std::countr_zero(l));
            const std::uint64_t before = _bzhi_u64(~std::uint64_t{0}, i);
            outside |= before & ~from & -std::uint64_t{depth == 0};  // (no branch: depth is random)
            from = before;
            const int d = depth + 2 * static_cast<int>((open >> i) & 1u) - 1;  // (each bit opens or closes)
            depth = d - (d >> 31);  // a close at depth 0 changes nothing
        }
        outside |= ~from & -std::uint64_t{depth == 0};
        if (top & outside) flags |= line_metrics::sentence_punct;
        if (depth > 0) flags |= line_metrics::open_at_end;
    }
    // Behind the last sentence end only characters a credit has (`、`, the kind other, Han, `·`)?
    const std::uint64_t other = marks & ~comp & ~term;
    const std::uint64_t no_credit = marks & ~other & ~enums;
    if (no_credit != 0) flags |= line_metrics::not_credit;
    // (Flags set by arithmetic, not branches: the marks are in random order.)
    const bool has_term = term != 0;
    flags |= static_cast<std::uint32_t>(has_term) * line_metrics::has_terminal;
    flags |= static_cast<std::uint32_t>(has_term & (std::countl_zero(no_credit) >= std::countl_zero(term))) *
             line_metrics::credit_tail;
    // How it ends: behind closing marks, on a terminal one, or (at the very end) on a mid one. The
    // characters behind the last one start n - 3, n - 6, ...: the last of those bytes that is no
    // closing mark's lead starts the character the line ends on (`at`; none if all are).
    constexpr std::uint64_t every_third = 0x9249249249249249u;  // bits 0, 3, 6, ...
    const std::uint64_t starts = (every_third << (n % 3)) & (in_line >> 2);
    const std::uint64_t not_closing = starts & ~close;
    const std::uint64_t at = (std::uint64_t{1} << (63 - std::countl_zero(not_closing | 1u))) & not_closing;
    const std::uint64_t last_char = (std::uint64_t{1} << (n - 1)) >> 2;  // a mark at the very end (n >= 3)
    flags |= static_cast<std::uint32_t>((term & at) != 0) * line_metrics::terminal_end;
    flags |= static_cast<std::uint32_t>((mids & at & last_char) != 0) * line_metrics::clause_end;
    // A dateline opens with a Han character and has its bracket `（` within the first 56 bytes.
    if ((han & 1u) && (wide(a.paren, b.paren) & marks & ((std::uint64_t{1} << 56) - 1)) != 0 && opens_with_dateline(s))
        flags |= line_metrics::dateline;
    out = line_metrics{w, w, 0, static_cast<std::uint16_t>(flags)};
    return true;
}
#endif

} // namespace line_detail
#endif

// Measures `s` into `out`. (Written through a reference: GCC builds a small struct returned in
// registers field by field in memory and reloads it, a store-forwarding stall per line.)
// `readable`, when given, is how far past the end of `s` bytes may be read (the end of the buffer
// `s` lies in): `s` is then classified 16 bytes at a time, and must be valid UTF-8.
[[gnu::always_inline]] inline void measure_line_sse2(std::string_view s, line_metrics& out, const char* readable) noexcept {
#if ZHNORM_SSE2
    if (readable != nullptr && !s.empty() && s.size() <= 64 && readable - s.data() >= 64) {
        const std::uint64_t stops = han_stops_upto(s.data(), s.size());
        // A short line of Han characters only (a title, a name, a word left over by a wrap) has
        // nothing else to measure.
        const std::uint64_t in_line = s.size() == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << s.size()) - 1;
        if ((stops & in_line) == 0 && static_cast<unsigned char>(s[0] - 0xE4) <= 5 && s.size() % 3 == 0) {
            const auto width = static_cast<std::uint32_t>(2 * (s.size() / 3));
            out = line_metrics{width, width, 0,
                               static_cast<std::uint16_t>(line_metrics::has_cjk |
                                                          (credit_lead_at(s, 0) ? std::uint32_t{line_metrics::credit_lead} : 0u))};
            return;
        }
        // Every byte a stop: mostly ASCII text (Latin prose).
        if ((stops & in_line) == in_line && line_detail::measure_ascii(s, out)) return;
        line_detail::measure_masked(s, out, stops);
        return;
    }
#endif
    line_detail::measure_general(s, out, readable);
}

#if ZHNORM_AVX2
// measure_line() with AVX2: the common line of a column decided from its byte classes, 32 at a
// time (line_detail::measure_common_avx2), any other by the walks, compiled for AVX2 as well.
// Inlined into a caller's AVX2 loop over many lines; measure_line_avx2() for one.
[[gnu::always_inline]] ZHNORM_TARGET_AVX2 inline void measure_line_avx2_inline(std::string_view s, line_metrics& out,
                                                                               const char* readable) noexcept {
    if (readable != nullptr && !s.empty() && s.size() <= 64 && readable - s.data() >= 65 &&
        (line_detail::measure_common_avx2(s, out) || (readable - s.data() >= 66 && line_detail::measure_marks_avx2(s, out))))
        return;
    measure_line_sse2(s, out, readable);
}

[[gnu::noinline]] ZHNORM_TARGET_AVX2 inline void measure_line_avx2(std::string_view s, line_metrics& out,
                                                                   const char* readable) noexcept {
    measure_line_avx2_inline(s, out, readable);
}
#endif

// Measures `s` into `out`: see measure_line_sse2().
[[gnu::always_inline]] inline void measure_line(std::string_view s, line_metrics& out, const char* readable = nullptr) noexcept {
#if ZHNORM_AVX2
    if (use_avx2()) {
        measure_line_avx2(s, out, readable);
        return;
    }
#endif
    measure_line_sse2(s, out, readable);
}

[[nodiscard]] inline line_metrics measure_line(std::string_view s) noexcept {
    line_metrics m;
    measure_line(s, m);
    return m;
}

} // namespace zhnorm::detail
