#pragma once
// What goes between two pieces of one paragraph that a hard wrap separated.
#include <string_view>

#include "zhnorm/detail/utf8.hpp"
#include "zhnorm/unicode/char_class.hpp"

namespace zhnorm::detail {

[[nodiscard]] inline bool contains_cjk(std::string_view s) noexcept {
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) { ++i; continue; }
        const auto d = decode_at(s, i);
        if (unicode::is_cjk(d.cp)) return true;
        i += d.len;
    }
    return false;
}

// The separator for joining `left` + `right` across a wrap: nothing inside CJK text (characters,
// digits, punctuation), one space between two words of text that has no CJK on the left.
[[nodiscard]] inline std::string_view wrap_separator(std::string_view left, std::string_view right) noexcept {
    if (left.empty() || right.empty()) return {};
    const auto l = static_cast<unsigned char>(left.back());
    const auto r = static_cast<unsigned char>(right.front());
    if (l >= 0x80 || r >= 0x80 || l == ' ' || r == ' ') return {};
    const bool r_word = (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9') || r == '(' ||
                        r == '"' || r == '\'';
    if (!r_word || l == '-') return {};
    return contains_cjk(left) ? std::string_view{} : std::string_view{" "};
}

} // namespace zhnorm::detail
