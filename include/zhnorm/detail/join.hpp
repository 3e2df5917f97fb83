#pragma once
// What goes between two pieces of one paragraph that a hard wrap separated.
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "zhnorm/detail/utf8.hpp"
#include "zhnorm/roles.hpp"
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

[[nodiscard]] constexpr bool ascii_letter(unsigned char c) noexcept { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }
[[nodiscard]] constexpr bool ascii_digit(unsigned char c) noexcept { return c >= '0' && c <= '9'; }

// Is the wrap between `left` and `right` inside one run of capitals and digits set solid in CJK
// text (`活动通过12351A` + `PP网络`, `卡拉O` + `K大赛`)? Such a run is one token (an acronym, a
// model number); a word of Latin text is set apart from CJK by a space or wrapped whole.
[[nodiscard]] constexpr bool capitals_cut(std::string_view left, std::string_view right) noexcept {
    const auto token = [](unsigned char c) { return ascii_digit(c) || (c >= 'A' && c <= 'Z'); };
    std::size_t a = left.size();
    while (a > 0 && token(static_cast<unsigned char>(left[a - 1]))) --a;
    std::size_t b = 0;
    while (b < right.size() && token(static_cast<unsigned char>(right[b]))) ++b;
    // Both pieces all capitals and digits, touching a non-ASCII character on their far side.
    const bool left_solid = a > 0 && a < left.size() && static_cast<unsigned char>(left[a - 1]) >= 0x80;
    const bool right_solid = b > 0 && b < right.size() && static_cast<unsigned char>(right[b]) >= 0x80;
    return left_solid && right_solid;
}

// The separator for joining `left` + `right` across a wrap (both trimmed): nothing inside CJK
// text (characters, digits, punctuation: `1月20` + `日`); one space between two Latin words
// (`New` + `York`, also inside CJK text) and between any two words of text that has no CJK on the
// left; nothing after a hyphen that follows a letter (`well-` + `known`: the hyphen is kept, the
// word rejoined), one space after a dash (` -`, `--`) in Latin text.
// "No separator" is "" (never a null view): callers memcpy from data(), and memcpy from null is UB.
[[nodiscard]] inline std::string_view wrap_separator(std::string_view left, std::string_view right) noexcept {
    if (left.empty() || right.empty()) return "";
    const auto l = static_cast<unsigned char>(left.back());
    const auto r = static_cast<unsigned char>(right.front());
    if (l >= 0x80 || r >= 0x80 || l == ' ' || r == ' ' || l == '\t' || r == '\t') return "";
    const bool r_word = ascii_letter(r) || ascii_digit(r) || r == '(' || r == '"' || r == '\'';
    if (!r_word) return "";
    if (l == '-') {
        const bool wrap_hyphen = left.size() >= 2 && ascii_letter(static_cast<unsigned char>(left[left.size() - 2]));
        if (wrap_hyphen) return "";
        return contains_cjk(left) ? std::string_view{""} : std::string_view{" "};
    }
    if (ascii_letter(l) && ascii_letter(r)) return capitals_cut(left, right) ? std::string_view{""} : std::string_view{" "};
    const bool l_word = ascii_letter(l) || ascii_digit(l) || l == ',' || l == '.' || l == ';' || l == ':' ||
                        l == '!' || l == '?' || l == ')' || l == '"' || l == '\'' || l == '%';
    if (!l_word) return "";
    return contains_cjk(left) ? std::string_view{""} : std::string_view{" "};
}

namespace role_detail {

// The last character of a role as a number (its three bytes), to compare one word instead of 24
// strings at every wrap.
[[nodiscard]] constexpr std::uint32_t tail_key(std::string_view s) noexcept {
    const auto b = [&](std::size_t k) { return static_cast<std::uint32_t>(static_cast<unsigned char>(s[s.size() - k])); };
    return b(3) << 16 | b(2) << 8 | b(1);
}

// The distinct last characters of default_roles (every role ends in a CJK character).
struct role_tails {
    std::array<std::uint32_t, default_roles.size()> keys{};
    std::size_t size = 0;
    constexpr role_tails() noexcept {
        for (std::string_view r : default_roles) {
            const std::uint32_t k = tail_key(r);
            bool seen = false;
            for (std::size_t i = 0; i < size; ++i) seen = seen || keys[i] == k;
            if (!seen) keys[size++] = k;
        }
    }
    [[nodiscard]] constexpr bool contains(std::uint32_t k) const noexcept {
        if ((last_bytes >> (k & 63u) & 1u) == 0) return false;  // most characters end no role
        for (std::size_t i = 0; i < size; ++i)
            if (keys[i] == k) return true;
        return false;
    }
    // Bit b set: some role's last byte has low bits b.
    std::uint64_t last_bytes = [] {
        std::uint64_t bits = 0;
        for (std::string_view r : default_roles) bits |= std::uint64_t{1} << (static_cast<unsigned char>(r.back()) & 63u);
        return bits;
    }();
};
inline constexpr role_tails tails{};

// default_roles longest first, with tail_key() of each, and by the low six bits of their last
// byte (the roles that can end a text whose last byte is b: bit k of by_last[b & 63] for
// longest_first[k]). The first of them that `left` ends with is the longest: no two roles of one
// length end a text alike.
struct role_suffixes {
    std::array<std::string_view, default_roles.size()> longest_first{};
    std::array<std::uint32_t, default_roles.size()> keys{};
    std::array<std::uint32_t, 64> by_last{};
    constexpr role_suffixes() noexcept {
        static_assert(default_roles.size() <= 32);
        for (std::size_t k = 0; k < default_roles.size(); ++k) {
            std::size_t j = k;  // insertion sort, stable
            for (; j > 0 && longest_first[j - 1].size() < default_roles[k].size(); --j) longest_first[j] = longest_first[j - 1];
            longest_first[j] = default_roles[k];
        }
        for (std::size_t k = 0; k < longest_first.size(); ++k) {
            keys[k] = tail_key(longest_first[k]);
            by_last[static_cast<unsigned char>(longest_first[k].back()) & 63u] |= std::uint32_t{1} << k;
        }
    }
};
inline constexpr role_suffixes suffixes{};

// The length of the longest of default_roles that `left` ends with, or 0, by comparing every
// role whole: the reference longest_role_suffix() is tested against.
[[nodiscard]] inline std::size_t longest_role_suffix_reference(std::string_view left) noexcept {
    std::size_t best = 0;
    for (std::string_view role : default_roles)
        if (role.size() > best && left.ends_with(role)) best = role.size();
    return best;
}

// The same, asked at every wrap after a role's last character: only the roles ending with that
// character's last byte are looked at, longest first, each compared from its end (a role ending
// running text, `向记者`, differs a character or two before its end), and the first that matches
// is the longest.
[[nodiscard]] inline std::size_t longest_role_suffix(std::string_view left) noexcept {
    if (left.size() < 3) return 0;
    const std::uint32_t last = tail_key(left);
    const char* const end = left.data() + left.size();
    for (std::uint32_t m = suffixes.by_last[static_cast<unsigned char>(left.back()) & 63u]; m != 0; m &= m - 1) {
        const auto k = static_cast<std::size_t>(std::countr_zero(m));
        const std::string_view role = suffixes.longest_first[k];
        if (suffixes.keys[k] != last || role.size() > left.size()) continue;
        // (the last three bytes are equal: compared from the one before them back)
        std::size_t b = role.size() - 3;
        while (b > 0 && end[static_cast<std::ptrdiff_t>(b) - static_cast<std::ptrdiff_t>(role.size()) - 1] == role[b - 1]) --b;
        if (b == 0) return role.size();
    }
    return 0;
}

// role_name_gap() once `left` ends with the last character of a role.
[[nodiscard]] inline bool role_name_gap_at_tail(std::string_view left, std::string_view right) noexcept {
    const auto r = decode_at(right, 0);
    if (!unicode::is_cjk(r.cp)) return false;
    const std::size_t best = longest_role_suffix(left);
    if (best == 0) return false;
    const std::string_view before = left.substr(0, left.size() - best);
    if (before.empty()) return true;
    const auto c = static_cast<unsigned char>(before.back());
    if (c == '(') return true;
    if (c == ' ' || c == '\t') {
        // A field after another field, not the first word of the text after a closed byline
        // (`本报讯（记者 张三） 记者` + `近日从…`: the reporter is the sentence's subject).
        std::size_t k = before.size();
        while (k > 0 && (before[k - 1] == ' ' || before[k - 1] == '\t')) --k;
        if (k == 0) return true;
        const char b = before[k - 1];
        if (b == ')') return false;
        const auto p = decode_before(before, k);
        return !(p.cp == U'\uFF09' || p.cp == U'\u3011' || p.cp == U'\u3015');  // ）】〕
    }
    const auto d = decode_before(before, before.size());
    return d.cp == U'\uFF08' || d.cp == U'\u3000' || d.cp == U'\u3010' || d.cp == U'\u3014';  // （　【〔
}

} // namespace role_detail

// True when `left` ends with a role standing as its own field (after a space, an opening bracket
// or at the start) and `right` starts with a CJK character: the wrap ate the space between a
// role and a name (`本报讯（记者 马超 通讯员` + `李义康）`). Running text (`关平向记者` + `介绍`) has
// no field boundary before the role.
// Called at every wrap: the first tests turn away nearly all of them without a call.
[[nodiscard]] inline bool role_name_gap(std::string_view left, std::string_view right) noexcept {
    if (right.empty() || static_cast<unsigned char>(right.front()) < 0xE0) return false;
    if (left.size() < 6) return false;
    // Most characters end no role: their last byte alone says so.
    if ((role_detail::tails.last_bytes >> (static_cast<unsigned char>(left.back()) & 63u) & 1u) == 0) return false;
    if (!role_detail::tails.contains(role_detail::tail_key(left))) return false;
    return role_detail::role_name_gap_at_tail(left, right);
}

// For joining wraps without the tests of each one: bit 1 marks a first byte of a line that may
// call for trimming (white space: ASCII blanks, U+3000, U+00A0), bit 2 a last byte that may call
// for trimming, a separator (an ASCII edge, wrap_separator) or a restored role space (a role's
// last byte, role_name_gap). A line with neither mark after a line whose last byte is unmarked
// joins it with nothing, neither line trimmed: with a non-ASCII character on the left, no
// separator goes before an ASCII first byte either (wrap_separator wants ASCII on both sides), and
// a first byte below E0 starts no CJK name. Bit 8 marks a last byte that may call for trimming
// (ASCII blanks, the last bytes of U+3000 and U+00A0; each has bit 2 too): a line with neither
// bit 1 nor bit 8 after a line whose last byte is unmarked is copied as it is even when its own
// last byte is marked (the mark concerns the wrap after it).
inline constexpr std::array<std::uint8_t, 256> join_edge_slow = [] {
    std::array<std::uint8_t, 256> t{};
    for (unsigned c = 0; c < 256; ++c) {
        if (c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == 0xE3 || c == 0xC2) t[c] |= 1;
        if (c < 0x80 || c == 0x80 || c == 0xA0 || (role_detail::tails.last_bytes >> (c & 63u) & 1u) != 0) t[c] |= 2;
        if (c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == 0x80 || c == 0xA0) t[c] |= 8;
    }
    return t;
}();

// False only where fragment_start(s) (detail/line_metrics.hpp) is false, from two bytes: a line
// that starts with no white space has its comma (or the white space before it) at byte 3. Most
// lines (short headlines between blank lines, every line of a column) need no call.
[[nodiscard]] inline bool may_be_fragment_start(std::string_view s) noexcept {
    if (s.size() <= 3) return false;
    const auto space_or_mark = [](unsigned char c) {
        constexpr std::uint64_t low = std::uint64_t{1} << ' ' | std::uint64_t{1} << '\t' | std::uint64_t{1} << '\v' |
                                      std::uint64_t{1} << '\f' | std::uint64_t{1} << ',' | std::uint64_t{1} << ';';
        return c < 64 ? (low >> c & 1u) != 0 : c == 0xE3 || c == 0xC2 || c == 0xEF;
    };
    // A first byte of white space (U+3000, U+00A0 too, and what shares their lead byte) leaves it
    // to fragment_start().
    return space_or_mark(static_cast<unsigned char>(s[0])) || space_or_mark(static_cast<unsigned char>(s[3]));
}

// memcpy(d, s, k) of one line into the arena (the ranges do not overlap), inline for lines of 4 to
// 64 bytes (a column's line, a short line): a libc call per line costs more than the copy. Two or
// four fixed-size moves that may overlap each other; nothing is read or written outside the ranges.
[[gnu::always_inline]] inline void copy_line(char* d, const char* s, std::size_t k) noexcept {
    if (k > 64 || k < 4) {
        if (k != 0) std::memcpy(d, s, k);
    } else if (k >= 16) {
        char a[16], b[16];
        std::memcpy(a, s, 16);
        std::memcpy(b, s + k - 16, 16);
        if (k > 32) {
            char c[16], e[16];
            std::memcpy(c, s + 16, 16);
            std::memcpy(e, s + k - 32, 16);
            std::memcpy(d + 16, c, 16);
            std::memcpy(d + k - 32, e, 16);
        }
        std::memcpy(d, a, 16);
        std::memcpy(d + k - 16, b, 16);
    } else if (k >= 8) {
        char a[8], b[8];
        std::memcpy(a, s, 8);
        std::memcpy(b, s + k - 8, 8);
        std::memcpy(d, a, 8);
        std::memcpy(d + k - 8, b, 8);
    } else {
        char a[4], b[4];
        std::memcpy(a, s, 4);
        std::memcpy(b, s + k - 4, 4);
        std::memcpy(d, a, 4);
        std::memcpy(d + k - 4, b, 4);
    }
}

} // namespace zhnorm::detail
