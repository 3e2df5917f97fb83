#pragma once
// Byte-level character classes for the full-width spacing pass. ASCII and the common 3-byte CJK
// sequences are classified from their bytes; anything else is decoded once and looked up in the
// ICU-built table.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "zhnorm/detail/utf8.hpp"
#include "zhnorm/unicode/char_class.hpp"

namespace zhnorm::detail::spacing {

// What a character is to the spacing rules.
enum class kind : std::uint8_t {
    none,        // before the start or after the end of the block
    han,         // a CJK character
    alnum,       // a letter or digit that is not CJK (full-width ones included), and `%`
    wide_punct,  // full-width punctuation from U+3000 up: always CJK text (，。（）《》…)
    amb_punct,   // punctuation CJK text sets full-width but English uses too: “”‘’—…·
    other,       // anything else, ASCII punctuation included
};

struct glyph {
    kind k = kind::none;
    bool digit = false;  // an ASCII or full-width digit 0-9
    std::uint8_t len = 0;
};

[[nodiscard]] inline unsigned char byte_at(std::string_view s, std::size_t i) noexcept {
    return static_cast<unsigned char>(s[i]);
}

// Bytes of the space at `i` (ASCII space, tab, U+00A0, U+3000), or 0.
[[nodiscard]] inline std::size_t space_len(std::string_view s, std::size_t i) noexcept {
    const unsigned char c = byte_at(s, i);
    if (c == ' ' || c == '\t') return 1;
    if (c == 0xC2) return i + 1 < s.size() && byte_at(s, i + 1) == 0xA0 ? 2 : 0;
    if (c == 0xE3) return i + 2 < s.size() && byte_at(s, i + 1) == 0x80 && byte_at(s, i + 2) == 0x80 ? 3 : 0;
    return 0;
}

[[nodiscard]] constexpr bool is_convertible_punct(unsigned char c) noexcept {
    return c == ',' || c == ';' || c == ':' || c == '?' || c == '!';
}

// Full-width forms are EF BC xx (U+FF00-FF3F) and EF BD xx (U+FF40-FF7F).
[[nodiscard]] inline bool is_fullwidth_form(std::string_view s, std::size_t i) noexcept {
    return byte_at(s, i) == 0xEF && i + 2 < s.size() && (byte_at(s, i + 1) == 0xBC || byte_at(s, i + 1) == 0xBD);
}

// The ASCII byte a full-width letter or digit at `i` folds to, or 0.
[[nodiscard]] inline char folded_alnum(std::string_view s, std::size_t i) noexcept {
    if (!is_fullwidth_form(s, i)) return 0;
    const unsigned char t = byte_at(s, i + 2);
    if (byte_at(s, i + 1) == 0xBC) {
        if ((t >= 0x90 && t <= 0x99) || (t >= 0xA1 && t <= 0xBA)) return static_cast<char>(t - 0x60);  // ０-９ Ａ-Ｚ
        return 0;
    }
    if (t >= 0x81 && t <= 0x9A) return static_cast<char>(t - 0x20);  // ａ-ｚ
    return 0;
}

// The ASCII byte of the number sign `．％＋－／` at `i`, or 0.
[[nodiscard]] inline char number_sign(std::string_view s, std::size_t i) noexcept {
    if (!is_fullwidth_form(s, i) || byte_at(s, i + 1) != 0xBC) return 0;
    switch (byte_at(s, i + 2)) {
    case 0x85: return '%';
    case 0x8B: return '+';
    case 0x8D: return '-';
    case 0x8E: return '.';
    case 0x8F: return '/';
    default: return 0;
    }
}

[[nodiscard]] inline bool is_digit_at(std::string_view s, std::size_t i) noexcept {
    if (i >= s.size()) return false;
    const unsigned char c = byte_at(s, i);
    if (c >= '0' && c <= '9') return true;
    return c == 0xEF && i + 2 < s.size() && byte_at(s, i + 1) == 0xBC && byte_at(s, i + 2) >= 0x90 &&
           byte_at(s, i + 2) <= 0x99;
}

// The commonest full-width punctuation, told from its bytes: ！（），：；？ (EF BC xx) and
// 、。〈〉《》「」『』【】 (E3 80 xx). Needs i + 2 < s.size().
[[nodiscard, gnu::always_inline]] inline bool common_punct_at(const unsigned char* q) noexcept {
    constexpr std::uint32_t ef_bc = (1u << 0x01) | (1u << 0x08) | (1u << 0x09) | (1u << 0x0C) | (1u << 0x1A) |
                                    (1u << 0x1B) | (1u << 0x1F);  // ！（），：；？
    constexpr std::uint32_t e3_80 = (1u << 0x01) | (1u << 0x02) | (0x3FFu << 0x08);  // 、。 〈〉《》「」『』【】
    // Without branches on the lead: E3 and EF marks alternate unpredictably in punctuation runs.
    const unsigned head = q[0] | (unsigned{q[1]} << 8);
    const std::uint32_t bits = head == 0xBCEFu ? ef_bc : head == 0x80E3u ? e3_80 : 0u;
    const unsigned t = q[2] - 0x80u;
    return t < 32 && ((bits >> t) & 1u);
}

// The three bytes at q are ‘’“”—… (E2 80 98 99 9C 9D 94 A6), classified amb_punct.
[[nodiscard, gnu::always_inline]] inline bool amb_quote_at(const unsigned char* q) noexcept {
    if (q[0] != 0xE2 || q[1] != 0x80) return false;
    const unsigned char c = q[2];
    return c == 0x98 || c == 0x99 || c == 0x9C || c == 0x9D || c == 0x94 || c == 0xA6;
}

// The three bytes at q lead a CJK unified ideograph of U+4E00-U+9FFF (classify says han).
[[nodiscard, gnu::always_inline]] inline bool han_lead3(const unsigned char* q) noexcept {
    return (q[0] >= 0xE5 && q[0] <= 0xE9) || (q[0] == 0xE4 && q[1] >= 0xB8);
}

[[nodiscard]] inline kind kind_of_code_point(char32_t cp) noexcept {
    const std::uint8_t f = unicode::flags(cp);
    if (f & unicode::cjk) return kind::han;
    if (f & unicode::cjk_punct) return cp < 0x3000 ? kind::amb_punct : kind::wide_punct;
    if (f & unicode::alnum) return kind::alnum;
    return kind::other;
}

inline constexpr std::array<std::uint8_t, 128> ascii_kinds = [] {
    std::array<std::uint8_t, 128> t{};
    for (auto& k : t) k = static_cast<std::uint8_t>(kind::other);
    for (int c = '0'; c <= '9'; ++c) t[static_cast<std::size_t>(c)] = static_cast<std::uint8_t>(kind::alnum);
    for (int c = 'A'; c <= 'Z'; ++c) t[static_cast<std::size_t>(c)] = static_cast<std::uint8_t>(kind::alnum);
    for (int c = 'a'; c <= 'z'; ++c) t[static_cast<std::size_t>(c)] = static_cast<std::uint8_t>(kind::alnum);
    t['%'] = static_cast<std::uint8_t>(kind::alnum);  // part of the number before it
    return t;
}();

[[nodiscard]] constexpr glyph ascii_glyph(unsigned char c) noexcept {
    return {static_cast<kind>(ascii_kinds[c]), c >= '0' && c <= '9', 1};
}

// The class of a (non-space) character of two or more bytes at `i`, as written.
[[nodiscard]] inline glyph classify_multibyte(std::string_view s, std::size_t i) noexcept {
    const unsigned char c = byte_at(s, i);
    if (c >= 0xE0 && c < 0xF0 && i + 2 < s.size()) {
        if (c >= 0xE5 && c <= 0xE9) return {kind::han, false, 3};  // U+5000-U+9FFF
        if (c == 0xEF)
            if (const char a = folded_alnum(s, i)) return {kind::alnum, a >= '0' && a <= '9', 3};
        const char32_t cp = (static_cast<char32_t>(c & 0x0Fu) << 12) |
                            (static_cast<char32_t>(byte_at(s, i + 1) & 0x3Fu) << 6) | (byte_at(s, i + 2) & 0x3Fu);
        return {kind_of_code_point(cp), false, 3};
    }
    const decoded d = decode_at(s, i);
    return {kind_of_code_point(d.cp), false, static_cast<std::uint8_t>(d.len)};
}

// The class of the (non-space) character at `i` as written, before any rule changes it.
[[nodiscard]] inline glyph classify(std::string_view s, std::size_t i) noexcept {
    const unsigned char c = byte_at(s, i);
    return c < 0x80 ? ascii_glyph(c) : classify_multibyte(s, i);
}

// True when the text holds a CJK character, judged from lead bytes (U+3040-U+9FFF, Hangul
// syllables, the supplementary ideographs). The pass never adds or removes such bytes, so the
// answer is the same on its own output.
[[nodiscard]] inline bool has_cjk_text(std::string_view s) noexcept {
    for (std::size_t i = 0; i < s.size(); ++i) {
        const unsigned char c = byte_at(s, i);
        if (c < 0xE3) continue;
        if (c >= 0xE4 && c <= 0xED) return true;
        if (i + 1 >= s.size()) return false;
        const unsigned char n = byte_at(s, i + 1);
        if (c == 0xE3 && n >= 0x81) return true;
        if (c == 0xF0 && n >= 0xA0 && n <= 0xB3) return true;
    }
    return false;
}

} // namespace zhnorm::detail::spacing
