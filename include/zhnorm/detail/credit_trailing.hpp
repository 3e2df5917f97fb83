#pragma once
// Finds a credit written at the end of a caption paragraph (`…劳动者。本报记者 于佳 摄`), scanning
// back from the end over at most `max_bytes`: a credit holds only CJK characters, spaces, 、 and
// name dots, so the scan stops at the first other character and tries the field starts after it,
// longest candidate first.
#include <array>
#include <cstddef>
#include <string_view>

#include "zhnorm/detail/credit_fields.hpp"
#include "zhnorm/detail/utf8.hpp"
#include "zhnorm/document.hpp"
#include "zhnorm/unicode/char_class.hpp"

namespace zhnorm::detail {

struct trailing_credit {
    bool found = false;
    std::size_t begin = 0, end = 0;  // bytes of the credit in the paragraph text, spaces trimmed
    credit_parse parse;              // token offsets relative to `begin`
};

// How far back from its end a credit at the end of a text is looked for.
inline constexpr std::size_t max_trailing_credit_bytes = 240;

[[nodiscard]] inline bool is_field_space_cp(char32_t c) noexcept {
    return c == U' ' || c == U'\t' || c == 0x3000 || c == 0xA0;
}

// True if find_trailing_credit's backward scan stops at the character ending right before `i`
// (i > 0): one that no credit holds (not CJK, a field space, 、, a name dot or `/`).
[[nodiscard]] inline bool ends_trailing_scan_exact(std::string_view text, std::size_t i) noexcept {
    const auto d = decode_before_fast(text, i);
    if (is_field_space_cp(d.cp) || (d.len == 3 && list_mark_at(text, i - 3))) return false;
    return !is_cjk_fast(d.cp) && !is_name_dot(d.cp) && d.cp != U'/';
}

// The same, with a paragraph's usual last character, `。` (E3 80 82), told by its bytes (no
// field space, no 、: the answer is the table's for 。).
[[nodiscard, gnu::always_inline]] inline bool ends_trailing_scan(std::string_view text, std::size_t i) noexcept {
    if (full_stop_before(text, i)) return !is_cjk_fast(U'。') && !is_name_dot(U'。');
    return ends_trailing_scan_exact(text, i);
}

namespace trailing_detail {

// False only if no table role's last character (role_table::tails) starts in [low, end) after
// the last character there that ends every credit before `end`: ASCII but a space, tab or `/`,
// and `，` or `。` (characters find_candidates stops at). A text without one is refused by
// find_candidates' role test; this finds that out walking back character by character, without
// decoding, and stops at the first role end it meets (a credit's role lies a few characters back).
[[nodiscard]] inline bool role_tail_before_stop(const unsigned char* p, std::size_t end, std::size_t low) noexcept {
    const auto role_tail = [&](std::size_t cs) {
        if (!((role_table::tails.last_bits >> (p[cs + 2] & 63u)) & 1u)) return false;
        for (std::size_t k = 0; k < role_table::tails.size; ++k) {
            const auto& t = role_table::tails.chars[k];
            if (p[cs] == t[0] && p[cs + 1] == t[1] && p[cs + 2] == t[2]) return true;
        }
        return false;
    };
    std::size_t j = end;
    while (j > low) {
        if (j >= low + 3 && static_cast<unsigned>(p[j - 3] - 0xE4u) <= 5u) {  // U+4000-U+9FFF, the bulk
            if (role_tail(j - 3)) return true;
            j -= 3;
            continue;
        }
        std::size_t cs = j - 1;
        while (cs > low && (p[cs] & 0xC0) == 0x80) --cs;
        const unsigned char c = p[cs];
        if (c < 0x80) {
            if (c != ' ' && c != '\t' && c != '/') return false;
        } else if (j - cs == 3) {
            if (role_tail(cs)) return true;
            if ((c == 0xEF && p[cs + 1] == 0xBC && p[cs + 2] == 0x8C) || (c == 0xE3 && p[cs + 1] == 0x80 && p[cs + 2] == 0x82))
                return false;
        }
        j = cs;
    }
    return false;
}

// Where a credit ending a text may start: the field starts after the last character no credit
// holds, nearest first, and the end of the text without its trailing spaces.
struct candidates {
    std::array<std::size_t, 20> starts;  // (only the first n are set)
    std::size_t n = 0, end = 0;
};

// The candidates of find_trailing_credit; false when none of them can give a credit (no verb
// when one is needed, no start, too many starts, or no role in the run).
// (`quick_role_test` false leaves out role_tail_before_stop: a test holds the two ways together)
[[nodiscard]] inline bool find_candidates(std::string_view text, const role_set& roles, bool need_verb,
                                          std::size_t max_bytes, candidates& c, bool quick_role_test = true) noexcept {
    if (need_verb && !ends_with_credit_verb(text)) return false;
    const std::size_t end = credit_detail::end_without_spaces(text, 0);
    const std::size_t lim = end > max_bytes ? end - max_bytes : 0;
    const auto* p = reinterpret_cast<const unsigned char*>(text.data());
    // (the role test below, made first and cheaply: the scan below ends at most one character
    // below `lim`, and every start it gives lies after the characters it stops at)
    if (quick_role_test && roles.extra.empty() && !role_tail_before_stop(p, end, lim >= 4 ? lim - 4 : 0)) return false;
    std::size_t n = 0;
    std::size_t i = end;
    bool bounded = false;  // the scan met a character no credit holds, or the start of the text
    while (i > lim) {
        if (i >= 3 && static_cast<unsigned>(p[i - 3] - 0xE4u) <= 5u && (p[i - 2] & 0xC0) == 0x80 &&
            (p[i - 1] & 0xC0) == 0x80) {
            // U+4000-U+9FFF, the bulk of a run: no space, 、, name dot or `/`; CJK or a stop.
            if (!is_han_core3(p + i - 3) && !is_cjk_fast(cp3(p + i - 3))) {
                bounded = true;
                break;
            }
            i -= 3;
            continue;
        }
        const auto d = decode_before_fast(text, i);
        const bool space = is_field_space_cp(d.cp);
        if (space || (d.len == 3 && list_mark_at(text, i - 3))) {
            if (i < end && !field_space(text, i)) {
                if (n == c.starts.size()) return false;
                c.starts[n++] = i;
            }
        } else if (!is_cjk_fast(d.cp) && !is_name_dot(d.cp) && d.cp != U'/') {
            bounded = true;
            break;
        }
        i -= d.len;
    }
    if (i == 0) bounded = true;
    if (bounded && i >= 3 && bullet_at(text, i - 3)) {
        // A bullet before the credit (`…。■本报记者 张三 摄`) goes with it: the parse keeps it as its lead.
        if (n == c.starts.size()) return false;
        c.starts[n++] = i - 3;
    } else if (bounded && i > 0 && !field_space(text, i)) {
        if (n == c.starts.size()) return false;
        c.starts[n++] = i;
    }
    c.n = n;
    c.end = end;
    // Every credit holds a role: a run without one parses at no start (the common case of a
    // sentence ending in 图 or 摄 after a 、).
    return n > 0 && roles.may_hold_role(text.substr(c.starts[n - 1], end - c.starts[n - 1]));
}

// Parses the candidates longest first into `r`; the start of the first that gives a credit, or
// text.size() (never a start: a start is the end of a character before the credit).
[[nodiscard]] inline std::size_t first_credit(std::string_view text, const role_set& roles, std::size_t max_name_chars,
                                              bool need_verb, const candidates& c, credit_parse& r) noexcept {
    for (std::size_t k = c.n; k-- > 0;) {
        const std::size_t b = c.starts[k];
        if (b == 0 || document::is_blank(text.substr(0, b))) continue;
        parse_credit_fields_into(text.substr(b, c.end - b), roles, max_name_chars, r);
        if (is_credit_shape(r) && (r.has_verb || !need_verb)) return b;
    }
    return text.size();
}

} // namespace trailing_detail

// The credit ending `text`, if any; one that is not closed by a verb counts only when `need_verb`
// is false. Never the whole text: a block that is all credit is the caller's other case.
[[nodiscard]] inline trailing_credit find_trailing_credit(std::string_view text, const role_set& roles,
                                                          std::size_t max_name_chars, bool need_verb,
                                                          std::size_t max_bytes = max_trailing_credit_bytes) noexcept {
    trailing_credit out;
    trailing_detail::candidates c;
    if (!trailing_detail::find_candidates(text, roles, need_verb, max_bytes, c)) return out;
    const std::size_t b = trailing_detail::first_credit(text, roles, max_name_chars, need_verb, c, out.parse);
    if (b < text.size()) {
        out.found = true;
        out.begin = b;
        out.end = c.end;
    }
    return out;
}

// True if `text` ends with `）` or `)`, its trailing spaces skipped. (By its last byte first: most
// texts end on neither a parenthesis nor a space.)
[[nodiscard]] inline bool ends_with_close_paren(std::string_view text) noexcept {
    if (text.empty()) return false;
    const auto last = static_cast<unsigned char>(text.back());
    if (last == ')' || last == 0x89) return credit_detail::close_paren_before(text, text.size()) != 0;
    if (last != ' ' && last != '\t' && last != 0x80 && last != 0xA0) return false;  // (no field space ends so)
    return credit_detail::close_paren_before(text, credit_detail::end_without_spaces(text, 0)) != 0;
}

// Where the credit in parentheses ending `text` after other text starts (its opening
// parenthesis), the credit parsed into `r`; text.size() if there is none. Such a credit
// (`…的温暖。（本报记者 于佳 摄）`, `…在车间作业（新华社记者 李贺 摄）`) is closed by a verb after any
// text, or has no verb (`…。（记者 张三）`) after a sentence end only. Its fields are parted by
// spaces somewhere. `r` is written only when the
// text gets as far as a parse. Rare: asked only of texts ending in `）` or `)`.
[[nodiscard]] inline std::size_t paren_credit_start(std::string_view text, const role_set& roles,
                                                    std::size_t max_name_chars, credit_parse& r) noexcept {
    using namespace credit_detail;
    const std::size_t none = text.size();
    const std::size_t end = end_without_spaces(text, 0);
    const std::size_t close = end - close_paren_before(text, end);
    if (close == end) return none;
    // The opening parenthesis: the last one before, within a credit's reach (its lead byte never
    // occurs inside another character).
    const std::size_t low = close > 96 ? close - 96 : 0;
    std::size_t open = close;
    for (;; --open) {
        if (open <= low) return none;
        if (text[open - 1] == '(') {
            open -= 1;
            break;
        }
        if (open >= 3 && open_paren(text, open - 3) == 3) {
            open -= 3;
            break;
        }
    }
    const std::size_t before = end_without_spaces(text.substr(0, open), 0);  // the text before it
    if (before == 0) return none;
    const std::string_view credit = text.substr(open, end - open);
    if (!has_field_space(credit)) return none;
    parse_credit_fields_into(credit, roles, max_name_chars, r);
    if (!has_credit_fields(r)) return none;
    if (!r.has_verb) {
        const auto d = decode_before_fast(text, before);
        if (!unicode::is_terminal(d.cp) && d.cp != U'!' && d.cp != U'?') return none;
    }
    return open;
}

// paren_credit_start() as a trailing_credit (token offsets relative to `begin`, as its parse is).
[[nodiscard]] inline trailing_credit find_paren_credit(std::string_view text, const role_set& roles,
                                                       std::size_t max_name_chars) noexcept {
    trailing_credit out;
    out.begin = paren_credit_start(text, roles, max_name_chars, out.parse);
    out.found = out.begin < text.size();
    if (out.found) out.end = credit_detail::end_without_spaces(text, out.begin);
    return out;
}

// find_trailing_credit(...).found, without building a result for the common text that has none.
[[nodiscard]] inline bool has_trailing_credit(std::string_view text, const role_set& roles, std::size_t max_name_chars,
                                              bool need_verb,
                                              std::size_t max_bytes = max_trailing_credit_bytes) noexcept {
    trailing_detail::candidates c;
    if (!trailing_detail::find_candidates(text, roles, need_verb, max_bytes, c)) return false;
    credit_parse r;
    return trailing_detail::first_credit(text, roles, max_name_chars, need_verb, c, r) < text.size();
}

} // namespace zhnorm::detail
