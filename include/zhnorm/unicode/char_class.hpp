#pragma once
// Character classes the passes ask about, answered from one 64 KiB table built once from ICU
// (East Asian Width, script, general category). Outside the BMP, ICU is asked directly.
#include <array>
#include <cstdint>

#include <unicode/uchar.h>
#include <unicode/uscript.h>

namespace zhnorm::unicode {

enum char_flag : std::uint8_t {
    wide = 1 << 0,         // East Asian Width W or F, or A punctuation that CJK text sets full-width
    cjk = 1 << 1,          // Han, kana, hangul, bopomofo: characters Chinese text is made of
    cjk_punct = 1 << 2,    // full-width punctuation: ，。、；：？！“”‘’（）《》〈〉【】〔〕「」『』…—·～ and kin
    opening = 1 << 3,      // opening bracket or quote (Ps, Pi)
    closing = 1 << 4,      // closing bracket or quote (Pe, Pf)
    terminal = 1 << 5,     // ends a sentence: 。！？…  and their full-width kin
    alnum = 1 << 6,        // letter or digit of any script except cjk
    space = 1 << 7,        // white space (ASCII space, tab, U+3000, U+00A0, ...)
};

namespace detail {

[[nodiscard]] inline std::uint8_t compute_flags(UChar32 c) noexcept {
    std::uint8_t f = 0;
    const auto eaw = u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH);
    const auto type = static_cast<UCharCategory>(u_charType(c));
    const bool punct = type == U_START_PUNCTUATION || type == U_END_PUNCTUATION || type == U_INITIAL_PUNCTUATION ||
                       type == U_FINAL_PUNCTUATION || type == U_OTHER_PUNCTUATION || type == U_DASH_PUNCTUATION ||
                       type == U_CONNECTOR_PUNCTUATION;
    const bool general_punct = c >= 0x2010 && c <= 0x206F;  // “”‘’…— are 'ambiguous' but full-width in CJK text
    if (eaw == U_EA_WIDE || eaw == U_EA_FULLWIDTH || (eaw == U_EA_AMBIGUOUS && (general_punct || c == 0xB7)))
        f |= wide;
    UErrorCode err = U_ZERO_ERROR;
    const UScriptCode script = uscript_getScript(c, &err);
    if (U_SUCCESS(err) && (script == USCRIPT_HAN || script == USCRIPT_HIRAGANA || script == USCRIPT_KATAKANA ||
                           script == USCRIPT_HANGUL || script == USCRIPT_BOPOMOFO) && u_isalpha(c))
        f |= cjk;
    if (c == 0x3005 || c == 0x3007) f |= cjk;  // 々 〇
    const bool fullwidth_ascii = c >= 0xFF01 && c <= 0xFF5E;
    const bool fullwidth_alnum = fullwidth_ascii && u_isalnum(c);
    if ((f & wide) && (punct || c == 0xFF5E) && !fullwidth_alnum) f |= cjk_punct;
    if (f & cjk_punct) {
        if (type == U_START_PUNCTUATION || type == U_INITIAL_PUNCTUATION) f |= opening;
        if (type == U_END_PUNCTUATION || type == U_FINAL_PUNCTUATION) f |= closing;
    }
    if (c == 0x3002 || c == 0xFF01 || c == 0xFF1F || c == 0x2026 || c == 0xFF0E || c == 0x203C || c == 0x2047 ||
        c == 0x2048 || c == 0x2049 || c == 0xFF61)
        f |= terminal;
    if (!(f & cjk) && u_isalnum(c)) f |= alnum;
    if (u_isUWhiteSpace(c) && c != '\n' && c != '\r') f |= space;
    return f;
}

struct flag_table {
    std::array<std::uint8_t, 0x10000> bmp{};
    flag_table() noexcept {
        for (UChar32 c = 0; c < 0x10000; ++c) bmp[static_cast<std::size_t>(c)] = compute_flags(c);
    }
};

[[nodiscard]] inline const flag_table& table() noexcept {
    static const flag_table t;
    return t;
}

} // namespace detail

[[nodiscard]] inline std::uint8_t flags(char32_t c) noexcept {
    if (c < 0x10000) return detail::table().bmp[c];
    if (c > 0x10FFFF) return 0;
    return detail::compute_flags(static_cast<UChar32>(c));
}

[[nodiscard]] inline bool has(char32_t c, std::uint8_t mask) noexcept { return (flags(c) & mask) != 0; }
[[nodiscard]] inline bool is_wide(char32_t c) noexcept { return has(c, wide); }
[[nodiscard]] inline bool is_cjk(char32_t c) noexcept { return has(c, cjk); }
[[nodiscard]] inline bool is_cjk_punct(char32_t c) noexcept { return has(c, cjk_punct); }
[[nodiscard]] inline bool is_opening(char32_t c) noexcept { return has(c, opening); }
[[nodiscard]] inline bool is_closing(char32_t c) noexcept { return has(c, closing); }
[[nodiscard]] inline bool is_terminal(char32_t c) noexcept { return has(c, terminal); }
[[nodiscard]] inline bool is_alnum(char32_t c) noexcept { return has(c, alnum); }
[[nodiscard]] inline bool is_space(char32_t c) noexcept { return has(c, space); }

// Display columns: 2 for wide characters, 0 for combining marks and controls, 1 otherwise.
[[nodiscard]] inline int display_width(char32_t c) noexcept {
    if (c < 0x20 || c == 0x7F) return 0;
    if (c < 0x7F) return 1;
    if (is_wide(c)) return 2;
    const auto type = u_charType(static_cast<UChar32>(c));
    if (type == U_NON_SPACING_MARK || type == U_ENCLOSING_MARK || type == U_FORMAT_CHAR) return 0;
    return 1;
}

} // namespace zhnorm::unicode
