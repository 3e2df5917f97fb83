#pragma once
// Splits the inside of a byline (`记者 陈曦 通讯员 刘换利`) or a credit (`本报记者 崔欣 通讯员 宋雅欣
// 摄影报道`) into role, name and verb tokens and checks their order: role name+ (role name+)* [verb].
// A hand-written scanner over bytes; the callers bound its input (a byline body, a block of credit
// shape, the tail of a paragraph), so trying every role at each character stays linear.
#include <algorithm>
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>

#include "zhnorm/detail/utf8.hpp"
#include "zhnorm/roles.hpp"
#include "zhnorm/unicode/char_class.hpp"

// The byte helpers below run for every character the credit scanners look at: GCC and Clang
// are told to inline them (left to their own heuristics, they keep out-of-line copies).
#ifndef ZHNORM_DETAIL_HOT
#if defined(__GNUC__)
#define ZHNORM_DETAIL_HOT [[gnu::always_inline]] inline
#else
#define ZHNORM_DETAIL_HOT inline
#endif
#endif

#include "zhnorm/detail/simd.hpp"

namespace zhnorm::detail {

// The code point of the three-byte sequence at `p` (validated text).
[[nodiscard]] constexpr char32_t cp3(const unsigned char* p) noexcept {
    return (static_cast<char32_t>(p[0] & 0x0Fu) << 12) | (static_cast<char32_t>(p[1] & 0x3Fu) << 6) |
           static_cast<char32_t>(p[2] & 0x3Fu);
}

namespace credit_detail {
// The BMP entries of the character table. unicode::detail::table() is too big to inline (it
// builds the table), so each call of it costs a call; the pointer kept here is read inline.
[[gnu::noinline]] inline const std::uint8_t* bmp_flags_slow() noexcept { return unicode::detail::table().bmp.data(); }
[[nodiscard]] ZHNORM_DETAIL_HOT const std::uint8_t* bmp_flags() noexcept {
    static const std::uint8_t* const t = bmp_flags_slow();
    return t;
}
} // namespace credit_detail

// unicode::flags and is_cjk, with the table look-up of the BMP inline.
[[nodiscard]] ZHNORM_DETAIL_HOT std::uint8_t flags_fast(char32_t cp) noexcept {
    return cp < 0x10000 ? credit_detail::bmp_flags()[cp] : unicode::flags(cp);
}
[[nodiscard]] ZHNORM_DETAIL_HOT bool is_cjk_fast(char32_t cp) noexcept { return (flags_fast(cp) & unicode::cjk) != 0; }

// True if the three bytes at `p` are a character of U+4E00-U+9F7F (E4 B8-BF, E5-E8, E9 80-BD):
// ideographs of Unicode 1.1, the bulk of Chinese text, each CJK and no punctuation in the table
// (a test checks every one), told by two bytes without decoding or a table look-up.
[[nodiscard]] ZHNORM_DETAIL_HOT bool is_han_core3(const unsigned char* p) noexcept {
    const unsigned lead = p[0] - 0xE4u;
    return lead - 1u <= 3u || (lead == 0 && p[1] >= 0xB8) || (lead == 5 && p[1] <= 0xBD);
}

// decode_at and decode_before with the one- and three-byte cases (all of CJK text) inline; the
// same results.
[[nodiscard]] ZHNORM_DETAIL_HOT decoded decode_fast(std::string_view s, std::size_t i) noexcept {
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    if (p[i] < 0x80) return {p[i], 1};
    if ((p[i] & 0xF0) == 0xE0 && i + 3 <= s.size()) return {cp3(p + i), 3};
    return decode_at(s, i);
}
[[nodiscard]] ZHNORM_DETAIL_HOT decoded decode_before_fast(std::string_view s, std::size_t i) noexcept {
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    if (p[i - 1] < 0x80) return {p[i - 1], 1};
    if (i >= 3 && (p[i - 1] & 0xC0) == 0x80 && (p[i - 2] & 0xC0) == 0x80 && (p[i - 3] & 0xF0) == 0xE0)
        return {cp3(p + i - 3), 3};
    return decode_before(s, i);
}

// True for a three-byte character that its bytes tell to be punctuation the character table
// never calls CJK: U+FF00-U+FF3F (，：（） and the full-width digits and capitals), 、 。, the
// brackets U+3008-U+3011 (〈〉《》「」『』【】) and “ ”. (Not the rest of U+3000-U+303F: 々 〆 〇 〻 are CJK.)
[[nodiscard]] ZHNORM_DETAIL_HOT bool non_cjk_punct3(const unsigned char* p) noexcept {
    if (p[0] == 0xEF) return p[1] == 0xBC;
    if (p[0] == 0xE3) return p[1] == 0x80 && (p[2] == 0x81 || p[2] == 0x82 || (p[2] >= 0x88 && p[2] <= 0x91));
    return p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0x9C || p[2] == 0x9D);
}

// s.starts_with(prefix) / s.ends_with(suffix) for the short words of this header, compared inline
// (the library's memcmp costs more than these few bytes).
[[nodiscard]] ZHNORM_DETAIL_HOT bool has_prefix(std::string_view s, std::string_view prefix) noexcept {
    if (s.size() < prefix.size()) return false;
    for (std::size_t k = 0; k < prefix.size(); ++k)
        if (s[k] != prefix[k]) return false;
    return true;
}
[[nodiscard]] ZHNORM_DETAIL_HOT bool has_suffix(std::string_view s, std::string_view suffix) noexcept {
    return s.size() >= suffix.size() && has_prefix(s.substr(s.size() - suffix.size()), suffix);
}

// Words that close a credit: what the named people did. Longest first where one starts another.
inline constexpr std::string_view credit_verbs[] = {"摄影报道", "文/图", "图/文", "摄影", "报道", "供图",
                                                    "制图",     "绘图",  "整理",  "摄",   "图",   "文"};

namespace credit_detail {
// The last byte of each verb: a text whose last byte is none of these ends with no verb, which
// rules out almost every call with one table look-up.
inline constexpr std::array<bool, 256> verb_end_bytes = [] {
    std::array<bool, 256> t{};
    for (std::string_view v : credit_verbs) t[static_cast<unsigned char>(v.back())] = true;
    return t;
}();
} // namespace credit_detail

namespace credit_detail {
// Entry b: bit k set if credit_verbs[k] ends with byte b.
inline constexpr std::array<std::uint32_t, 256> verbs_by_last_byte = [] {
    static_assert(std::size(credit_verbs) <= 32);
    std::array<std::uint32_t, 256> t{};
    for (std::size_t k = 0; k < std::size(credit_verbs); ++k)
        t[static_cast<unsigned char>(credit_verbs[k].back())] |= std::uint32_t{1} << k;
    return t;
}();

// Bit n set if some verb is n bytes long: most texts asked about have no verb's length.
inline constexpr std::uint64_t verb_sizes = [] {
    std::uint64_t m = 0;
    for (std::string_view v : credit_verbs) {
        if (v.size() >= 64) throw "credit verbs are short";
        m |= std::uint64_t{1} << v.size();
    }
    return m;
}();
} // namespace credit_detail

[[nodiscard]] ZHNORM_DETAIL_HOT bool is_credit_verb(std::string_view s) noexcept {
    if (s.size() >= 64 || !((credit_detail::verb_sizes >> s.size()) & 1u) ||
        !credit_detail::verb_end_bytes[static_cast<unsigned char>(s.back())])
        return false;
    // (only the verbs ending with its last byte)
    for (std::uint32_t m = credit_detail::verbs_by_last_byte[static_cast<unsigned char>(s.back())]; m; m &= m - 1) {
        const std::string_view v = credit_verbs[static_cast<std::size_t>(std::countr_zero(m))];
        if (s.size() == v.size() && has_prefix(s, v)) return true;
    }
    return false;
}

// A verb that may be written glued to the name before it (`于佳摄`). `图` and `文` may not: they
// end real names (`王宏图`).
[[nodiscard]] ZHNORM_DETAIL_HOT bool is_glued_verb(std::string_view s) noexcept {
    return is_credit_verb(s) && !(s.size() == 3 && (has_prefix(s, "图") || has_prefix(s, "文")));
}

// Bytes of white space at `i` that separate fields (ASCII space, tab, U+3000, U+00A0), or 0.
[[nodiscard]] ZHNORM_DETAIL_HOT std::size_t field_space(std::string_view s, std::size_t i) noexcept {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == ' ' || c == '\t') return 1;
    if (c == 0xE3 && i + 2 < s.size() && s[i + 1] == '\x80' && s[i + 2] == '\x80') return 3;
    if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) return 2;
    return 0;
}

inline constexpr std::string_view list_mark = "、";

// True if 、 stands at `i`.
[[nodiscard]] ZHNORM_DETAIL_HOT bool list_mark_at(std::string_view s, std::size_t i) noexcept {
    return i + 2 < s.size() && s[i] == '\xE3' && s[i + 1] == '\x80' && s[i + 2] == '\x81';
}

// True if 。 (E3 80 82) ends right before `i`: a paragraph's usual last character, which the
// backward tests of the credits pass tell by its bytes before decoding.
[[nodiscard, gnu::always_inline]] inline bool full_stop_before(std::string_view s, std::size_t i) noexcept {
    return i >= 3 && s[i - 1] == '\x82' && s[i - 2] == '\x80' && s[i - 3] == '\xE3';
}

namespace role_table {
// default_roles longest first, so the first of them that a text starts with is the longest.
inline constexpr auto by_length = [] {
    std::array<std::string_view, default_roles.size()> t{};
    for (std::size_t k = 0; k < t.size(); ++k) {
        std::size_t j = k;  // insertion sort, stable
        for (; j > 0 && t[j - 1].size() < default_roles[k].size(); --j) t[j] = t[j - 1];
        t[j] = default_roles[k];
    }
    return t;
}();

// by_length by the low six bits of their third byte (the last byte of their first character),
// so table_match compares only the few roles that can start a text.
inline constexpr std::array<std::uint32_t, 64> buckets = [] {
    static_assert(default_roles.size() <= 32);
    std::array<std::uint32_t, 64> t{};
    for (std::size_t k = 0; k < by_length.size(); ++k) {
        if (by_length[k].size() < 6) throw "every default role is at least two CJK characters";
        t[static_cast<unsigned char>(by_length[k][2]) & 0x3Fu] |= std::uint32_t{1} << k;
    }
    return t;
}();

// Entry n: bit k set if by_length[k] is n bytes long.
inline constexpr std::array<std::uint32_t, 32> by_size = [] {
    std::array<std::uint32_t, 32> t{};
    for (std::size_t k = 0; k < by_length.size(); ++k) {
        if (by_length[k].size() >= t.size()) throw "every default role is shorter than 32 bytes";
        t[by_length[k].size()] |= std::uint32_t{1} << k;
    }
    return t;
}();

// The same roles by the low six bits of their ninth byte (the last byte of their third
// character); a role of two characters is in every entry, and alone in the last (a text shorter
// than nine bytes). Ten roles start with 本报: this tells them apart.
inline constexpr std::array<std::uint32_t, 65> ninth = [] {
    std::array<std::uint32_t, 65> t{};
    for (std::size_t k = 0; k < by_length.size(); ++k) {
        if (by_length[k].size() >= 9) {
            t[static_cast<unsigned char>(by_length[k][8]) & 0x3Fu] |= std::uint32_t{1} << k;
        } else {
            for (auto& e : t) e |= std::uint32_t{1} << k;
        }
    }
    return t;
}();

// The first eight bytes of each role of by_length (six for a two-character role, masked) as an
// unaligned load of them reads: one compare rules out a candidate.
struct head_word {
    std::uint64_t bits = 0, mask = 0;
};
inline constexpr std::array<head_word, default_roles.size()> heads = [] {
    std::array<head_word, default_roles.size()> t{};
    for (std::size_t k = 0; k < by_length.size(); ++k)
        for (std::size_t b = 0; b < 8 && b < by_length[k].size(); ++b) {
            const unsigned shift = std::endian::native == std::endian::little ? 8u * static_cast<unsigned>(b)
                                                                               : 8u * (7u - static_cast<unsigned>(b));
            t[k].bits |= std::uint64_t{static_cast<unsigned char>(by_length[k][b])} << shift;
            t[k].mask |= std::uint64_t{0xFF} << shift;
        }
    return t;
}();

// The distinct last characters of default_roles, as their three bytes (every role ends with a
// three-byte CJK character), and bit (b & 63) set for the last byte b of each.
inline constexpr auto tails = [] {
    struct {
        std::array<std::array<unsigned char, 3>, default_roles.size()> chars{};
        std::size_t size = 0;
        std::uint64_t last_bits = 0;
    } t;
    for (std::string_view r : default_roles) {
        const std::string_view c = r.substr(r.size() - 3);
        if ((static_cast<unsigned char>(c[0]) & 0xF0) != 0xE0) throw "every default role ends with a three-byte character";
        bool seen = false;
        for (std::size_t i = 0; i < t.size; ++i)
            seen = seen || (t.chars[i][0] == static_cast<unsigned char>(c[0]) &&
                            t.chars[i][1] == static_cast<unsigned char>(c[1]) &&
                            t.chars[i][2] == static_cast<unsigned char>(c[2]));
        if (!seen)
            t.chars[t.size++] = {static_cast<unsigned char>(c[0]), static_cast<unsigned char>(c[1]),
                                 static_cast<unsigned char>(c[2])};
        t.last_bits |= std::uint64_t{1} << (static_cast<unsigned char>(c[2]) & 63u);
    }
    return t;
}();
} // namespace role_table

// The role vocabulary: the default table plus a caller's extra roles, and `<organisation><role>`
// for other papers and agencies (`新华社记者`, `人民日报记者`, `新华社特约记者`).
struct role_set {
    std::span<const std::string> extra{};
    static constexpr std::size_t max_org_chars = 8;

    static constexpr auto& by_length = role_table::by_length;
    static constexpr auto& buckets = role_table::buckets;
    static constexpr auto& heads = role_table::heads;

    // False only if no role of the set lies anywhere in `s`: every table role's last character is
    // looked for, every extra role as a whole. A text without one never parses as a credit (its
    // first token is a role: parse_credit_fields finds no other), so the parse can be skipped.
    // (`s` starts at a character: a role's last character, three bytes with a lead byte, can
    // only stand at a character start, so the scan steps by characters)
    [[nodiscard]] bool may_hold_role(std::string_view s) const noexcept {
        const auto* p = reinterpret_cast<const unsigned char*>(s.data());
        const std::size_t n = s.size();
        for (std::size_t i = 0; i < n;) {
            if ((p[i] & 0xF0) != 0xE0 || i + 3 > n) {
                i += p[i] < 0xC0 ? 1 : utf8_length(p[i]);
                continue;
            }
            if ((role_table::tails.last_bits >> (p[i + 2] & 63u)) & 1u)
                for (std::size_t k = 0; k < role_table::tails.size; ++k) {
                    const auto& c = role_table::tails.chars[k];
                    if (p[i + 2] == c[2] && p[i + 1] == c[1] && p[i] == c[0]) return true;
                }
            i += 3;
        }
        for (const std::string& r : extra)
            if (!r.empty() && s.find(r) != std::string_view::npos) return true;
        return false;
    }

    // Longest table role that `s` starts with (bytes), or 0. Asked at every character of a name:
    // the bucket test that rules out nearly all of them is inline.
    [[nodiscard]] ZHNORM_DETAIL_HOT std::size_t table_match(std::string_view s) const noexcept {
        if (extra.empty() && (s.size() < 3 || !buckets[static_cast<unsigned char>(s[2]) & 0x3Fu])) return 0;
        return table_match_slow(s);
    }
    [[nodiscard]] std::size_t table_match_slow(std::string_view s) const noexcept {
        std::size_t best = 0;
        if (s.size() >= 3) {
            std::uint32_t m = buckets[static_cast<unsigned char>(s[2]) & 0x3Fu] &
                              role_table::ninth[s.size() >= 9 ? static_cast<unsigned char>(s[8]) & 0x3Fu : 64u];
            if (m && s.size() >= 8) {
                std::uint64_t w;
                std::memcpy(&w, s.data(), 8);
                for (; m; m &= m - 1) {
                    const auto k = static_cast<std::size_t>(std::countr_zero(m));
                    if (((w ^ heads[k].bits) & heads[k].mask) != 0) continue;
                    const std::string_view r = by_length[k];
                    if (r.size() > s.size()) continue;
                    std::size_t b = 8;
                    while (b < r.size() && s[b] == r[b]) ++b;
                    if (b >= r.size()) {
                        best = r.size();
                        break;
                    }
                }
            } else {
                for (; m; m &= m - 1) {
                    const std::string_view r = by_length[static_cast<std::size_t>(std::countr_zero(m))];
                    if (has_prefix(s, r)) {
                        best = r.size();
                        break;
                    }
                }
            }
        }
        for (const std::string& r : extra)
            if (r.size() > best && !r.empty() && s.starts_with(r)) best = r.size();
        return best;
    }

    // table_match(s) == s.size(): `s` is one table role as a whole (or empty). Only the roles of
    // its length and its first character's last byte are compared, each whole.
    [[nodiscard]] ZHNORM_DETAIL_HOT bool is_whole_table_role(std::string_view s) const noexcept {
        if (!extra.empty()) return table_match(s) == s.size();
        if (s.empty()) return true;
        if (s.size() >= role_table::by_size.size()) return false;
        std::uint32_t m = role_table::by_size[s.size()];
        if (!m) return false;  // (no role is shorter than three bytes: s[2] is in s below)
        m &= buckets[static_cast<unsigned char>(s[2]) & 0x3Fu];
        // (by words: every role is at least six bytes, and `s` is as long as the role)
        for (; m; m &= m - 1)
            if (same_bytes(s.data(), by_length[static_cast<std::size_t>(std::countr_zero(m))].data(), s.size()))
                return true;
        return false;
    }

    // a[0, n) == b[0, n) for n >= 4, by overlapping word compares.
    [[nodiscard]] ZHNORM_DETAIL_HOT static bool same_bytes(const char* a, const char* b, std::size_t n) noexcept {
        if (n < 8) {
            std::uint32_t x, y, u, v;
            std::memcpy(&x, a, 4);
            std::memcpy(&y, b, 4);
            std::memcpy(&u, a + n - 4, 4);
            std::memcpy(&v, b + n - 4, 4);
            return ((x ^ y) | (u ^ v)) == 0;
        }
        std::uint64_t x, y;
        for (std::size_t i = 0; i + 8 < n; i += 8) {
            std::memcpy(&x, a + i, 8);
            std::memcpy(&y, b + i, 8);
            if (x != y) return false;
        }
        std::memcpy(&x, a + n - 8, 8);
        std::memcpy(&y, b + n - 8, 8);
        return x == y;
    }

    static constexpr std::size_t longest_default = [] {
        std::size_t n = 0;
        for (std::string_view r : default_roles) n = std::max(n, r.size());
        return n;
    }();

    // How many bytes of a text match() may look at.
    [[nodiscard]] std::size_t reach() const noexcept {
        std::size_t longest = longest_default;
        for (const std::string& r : extra) longest = std::max(longest, r.size());
        return 4 * max_org_chars + 3 * (1 + 6) + longest;  // organisation, `驻<place>` (see stationed), role
    }

    // Longest role `s` starts with; with `allow_org`, also `<organisation><role>` where the
    // organisation is 2-8 CJK characters ending in 社 报 台 网 视 刊 (not `本报`, which is part of a
    // table role: `图为现场本报记者` is text glued to a role, not an organisation).
    // `驻<place><role>` at the start of `s` (`驻京记者`, `驻香港特约记者`): a reporter stationed away,
    // after `本报` or an organisation. The place is 1-6 CJK characters, the shortest that a table
    // role follows. Bytes, or 0.
    [[nodiscard]] std::size_t stationed(std::string_view s) const noexcept {
        static constexpr std::string_view zhu = "驻";
        static constexpr std::size_t max_place = 6;
        if (!has_prefix(s, zhu)) return 0;
        std::size_t i = zhu.size();
        for (std::size_t chars = 0; chars < max_place && i < s.size();) {
            const auto d = decode_fast(s, i);
            if (!is_cjk_fast(d.cp)) return 0;
            i += d.len;
            ++chars;
            const std::string_view rest = s.substr(i);
            if (has_prefix(rest, "本报")) return 0;
            if (const std::size_t r = table_match(rest)) return i + r;
        }
        return 0;
    }

    [[nodiscard]] std::size_t match(std::string_view s, bool allow_org) const noexcept {
        std::size_t best = table_match(s);
        if (!allow_org || best == s.size()) return best;  // (no match is longer than `s`)
        // `本报驻京记者`: 本 E6 9C AC, 报 E6 8A A5 (one byte first).
        if (best == 0 && s.size() > 9 && s[0] == '\xE6' && has_prefix(s, "本报驻"))
            if (const std::size_t r = stationed(s.substr(6))) return 6 + r;
        // Only an organisation's last character adds a match: look for one first, by bytes. One
        // the loop below would pass over is no reason to run it: the 报 of `本报` (`本报记者`), and
        // one followed by `本报`.
        // It stops, as the loop below does, at a character that is not CJK; here only those told
        // by their bytes: ASCII and the punctuation of non_cjk_punct3 (，。、“ …).
        bool org_end = false;
        for (std::size_t i = 0, chars = 0; chars < max_org_chars && i < s.size() && !org_end; ++chars) {
            const auto c = static_cast<unsigned char>(s[i]);
            if (c < 0x80) break;
            if ((c & 0xF0) == 0xE0 && i + 3 <= s.size()) {  // every organisation end is three bytes
                const auto t = static_cast<unsigned char>(s[i + 2]);
                if (non_cjk_punct3(reinterpret_cast<const unsigned char*>(s.data()) + i)) break;
                org_end = chars > 0 && ((org_end_third_bytes >> (t & 0x3Fu)) & 1u) &&
                          is_org_end(cp3(reinterpret_cast<const unsigned char*>(s.data()) + i)) &&
                          !(i >= 3 && has_prefix(s.substr(i - 3), "本报")) && !has_prefix(s.substr(i + 3), "本报");
                i += 3;
                continue;
            }
            i += decode_fast(s, i).len;  // (no organisation end is of another length)
        }
        if (!org_end) return best;
        std::size_t i = 0;
        for (std::size_t chars = 0; chars < max_org_chars && i < s.size();) {
            const auto d = decode_fast(s, i);
            if (!is_cjk_fast(d.cp)) break;
            i += d.len;
            ++chars;
            if (chars < 2 || !is_org_end(d.cp) || s.substr(0, i).ends_with("本报")) continue;
            const std::string_view rest = s.substr(i);
            if (rest.starts_with("本报")) continue;
            std::size_t r = table_match(rest);
            if (!r) r = stationed(rest);  // `新华社驻京记者`
            if (r && i + r > best) best = i + r;
        }
        return best;
    }

    [[nodiscard]] static constexpr bool is_org_end(char32_t c) noexcept {
        return c == U'社' || c == U'报' || c == U'台' || c == U'网' || c == U'视' || c == U'刊';
    }
    // Bit (b & 0x3F) set for the last byte b of each organisation end above (all U+0800-U+FFFF).
    static constexpr std::uint64_t org_end_third_bytes = [] {
        std::uint64_t m = 0;
        for (char32_t c : {U'社', U'报', U'台', U'网', U'视', U'刊'}) m |= std::uint64_t{1} << (c & 0x3Fu);
        return m;
    }();
};

// A bullet or box that may open a credit or byline line (`■本报记者 张三`, `□通讯员 李四`): the
// geometric shapes U+25A0-U+25FF and ★☆. Bytes at `i`, or 0.
[[nodiscard]] ZHNORM_DETAIL_HOT std::size_t bullet_at(std::string_view s, std::size_t i) noexcept {
    if (i + 3 > s.size() || s[i] != '\xE2') return 0;
    const auto b1 = static_cast<unsigned char>(s[i + 1]), b2 = static_cast<unsigned char>(s[i + 2]);
    return (b1 == 0x96 && b2 >= 0xA0) || b1 == 0x97 || (b1 == 0x98 && (b2 == 0x85 || b2 == 0x86)) ? 3 : 0;
}

// What a credit may be written after: a bullet (`■本报记者 张三`) and a kind word with a slash or
// colon (`文/本报记者 张三`, `图/新华社记者 李四`, `文/图 本报记者 王五`, `文：本报记者 张三`). Kept as
// written in the text; the fields start after it. A kind word before a colon or slash and a name
// (`摄影：张三`, `文/张三 图/李四`) is that name's role.
struct credit_lead {
    std::size_t begin = 0;       // where the lead starts (after leading spaces)
    std::size_t end = 0;         // end of the lead's text, spaces after it excluded
    std::size_t fields = 0;      // where the fields start (the role, or the name after `摄影：`)
    std::size_t role_end = 0;    // > begin: s[kind, role_end) is the role of the first name
    std::size_t role_begin = 0;
    bool space = false;          // spaces stand between the lead and the fields
};

namespace credit_detail {

// The kind words of a lead, longest first where one starts another.
inline constexpr std::string_view lead_kinds[] = {"摄影", "图片", "图文", "文图", "文", "图", "摄"};

[[nodiscard]] ZHNORM_DETAIL_HOT std::size_t lead_kind_at(std::string_view s, std::size_t i) noexcept {
    // By the packed bytes of the first character (文 E6 96 87, 摄 E6 91 84, 图 E5 9B BE), then of
    // the second for the two-character kinds: the lead_kinds match, longest first, without a loop.
    // (a test holds it to lead_kinds)
    if (i + 3 > s.size()) return 0;
    const auto* p = reinterpret_cast<const unsigned char*>(s.data()) + i;
    const auto packed = [](const unsigned char* q) {
        return (std::uint32_t{q[0]} << 16) | (std::uint32_t{q[1]} << 8) | std::uint32_t{q[2]};
    };
    const std::uint32_t c = packed(p);
    std::uint32_t second = 0, other = 0;  // characters a two-character kind goes on with
    if (c == 0xE69184u) second = 0xE5BDB1u;                      // 摄影
    else if (c == 0xE59BBEu) second = 0xE78987u, other = 0xE69687u;  // 图片, 图文
    else if (c == 0xE69687u) second = 0xE59BBEu;                 // 文图
    else return 0;
    if (i + 6 <= s.size()) {
        const std::uint32_t d = packed(p + 3);
        if (d == second || (other != 0 && d == other)) return 6;
    }
    return 3;
}

// Bytes of `/` or `／` at `i`, or 0.
[[nodiscard]] inline std::size_t slash_at(std::string_view s, std::size_t i) noexcept {
    if (i < s.size() && s[i] == '/') return 1;
    return has_prefix(s.substr(std::min(i, s.size())), "\xEF\xBC\x8F") ? 3 : 0;
}

// Bytes of `：` or `:` at `i`, or 0.
[[nodiscard]] inline std::size_t colon_at(std::string_view s, std::size_t i) noexcept {
    if (i < s.size() && s[i] == ':') return 1;
    return has_prefix(s.substr(std::min(i, s.size())), "\xEF\xBC\x9A") ? 3 : 0;
}

[[nodiscard]] inline std::size_t skip_spaces(std::string_view s, std::size_t i) noexcept {
    while (i < s.size())
        if (const std::size_t sp = field_space(s, i)) i += sp;
        else break;
    return i;
}

} // namespace credit_detail

struct role_set;

// The lead of `s` from byte `i` (see credit_lead); fields == i when there is none. Looks at a
// byte or two before anything else: text that opens with neither a bullet nor 文 图 摄 costs nothing.
[[nodiscard]] inline credit_lead find_credit_lead(std::string_view s, std::size_t i, const role_set& roles) noexcept;

enum class token_kind : std::uint8_t { role, name, verb };
// What stands between a token and the one before it (`mark`: a colon or slash, kept as written).
enum class token_gap : std::uint8_t { none, space, list, mark };

struct credit_token {
    token_kind kind = token_kind::role;
    token_gap before = token_gap::none;
    bool padded = false;  // a two-character name padded to three columns (`王 芳`)
    std::size_t begin = 0, end = 0;  // bytes of the parsed text
    std::size_t chars = 0;
};

struct credit_parse {
    static constexpr std::size_t max_tokens = 24;
    std::array<credit_token, max_tokens> tokens{};
    std::size_t size = 0;
    std::size_t names = 0;
    std::size_t fields = 0;    // space-separated fields
    bool ok = false;
    bool has_verb = false;     // closed by a verb of the photo desk (`摄`, `摄影报道`)
    bool glued = false;        // a role written together with a name (`通讯员李义康`, `崔欣通讯员`)
    bool padded = false;       // some name was padded (`王 芳`)
    bool listed = false;       // names listed with 、 (agency style `记者张三、李四`)
    credit_lead lead;          // a bullet or kind word before the fields, kept as written
    // Parentheses around the whole credit (`（新华社记者 李贺 摄）`), kept as written: the bytes
    // [open_begin, open_end) and [close_begin, close_end); open_end == 0 when there are none.
    struct enclosure {
        std::size_t open_begin = 0, open_end = 0, close_begin = 0, close_end = 0;
    } parens;

    [[nodiscard]] std::span<const credit_token> view() const noexcept { return {tokens.data(), size}; }
};

// Bytes of `(` or `（` at `i`, or 0.
[[nodiscard]] inline std::size_t open_paren(std::string_view s, std::size_t i) noexcept {
    if (i >= s.size()) return 0;
    if (s[i] == '(') return 1;
    return s[i] == '\xEF' && i + 2 < s.size() && s[i + 1] == '\xBC' && s[i + 2] == '\x88' ? 3 : 0;  // （
}

// Bytes of `)` or `）` at `i`, or 0.
[[nodiscard]] inline std::size_t close_paren(std::string_view s, std::size_t i) noexcept {
    if (i >= s.size()) return 0;
    if (s[i] == ')') return 1;
    return s[i] == '\xEF' && i + 2 < s.size() && s[i + 1] == '\xBC' && s[i + 2] == '\x89' ? 3 : 0;  // ）
}

namespace credit_detail {
// Bytes of `)` or `）` ending at `e`, or 0.
[[nodiscard]] inline std::size_t close_paren_before(std::string_view s, std::size_t e) noexcept {
    if (e >= 1 && e <= s.size() && s[e - 1] == ')') return 1;
    return e >= 3 && close_paren(s.substr(0, e), e - 3) == 3 ? 3 : 0;
}
// True if a field space (see field_space) stands in `s`.
[[nodiscard]] inline bool has_field_space(std::string_view s) noexcept {
    for (std::size_t i = 0; i < s.size(); ++i)
        if (field_space(s, i)) return true;
    return false;
}
// The end of `s` without the field spaces that end it, not below `low`.
[[nodiscard]] inline std::size_t end_without_spaces(std::string_view s, std::size_t low) noexcept {
    std::size_t e = s.size();
    for (;;) {
        if (e >= low + 1 && field_space(s, e - 1) == 1) e -= 1;
        else if (e >= low + 3 && field_space(s, e - 3) == 3) e -= 3;
        else if (e >= low + 2 && field_space(s, e - 2) == 2) e -= 2;
        else return e;
    }
}
} // namespace credit_detail

// Characters that never stand in a Chinese name but are common in running text (`那` and `这`
// are not here: 那 is a surname).
[[nodiscard]] constexpr bool is_stop_char(char32_t c) noexcept {
    return c == U'的' || c == U'了' || c == U'们' || c == U'吗' || c == U'呢' || c == U'吧' || c == U'啊';
}

// The separator dot of a transcribed name (`阿依古丽·买买提`).
[[nodiscard]] constexpr bool is_name_dot(char32_t c) noexcept {
    return c == 0xB7 || c == 0x30FB || c == 0x2022 || c == 0x2027;
}

[[nodiscard]] inline credit_lead find_credit_lead(std::string_view s, std::size_t i, const role_set& roles) noexcept {
    using namespace credit_detail;
    credit_lead ld{i, i, i, 0, 0, false};
    if (i + 3 > s.size()) return ld;
    std::size_t p = i;
    if (const std::size_t b = bullet_at(s, p)) {
        p += b;
        ld.end = p;
        p = skip_spaces(s, p);
        ld.fields = p;
        ld.space = p > ld.end;
    }
    const std::size_t kind = p;
    std::size_t k = lead_kind_at(s, p);
    if (!k) return ld;
    p += k;
    std::size_t slashes = 0;
    for (;;) {  // `文/图`
        const std::size_t sl = slash_at(s, p);
        const std::size_t k2 = sl ? lead_kind_at(s, p + sl) : 0;
        if (!k2) break;
        p += sl + k2;
        ++slashes;
    }
    const std::size_t words_end = p;
    std::size_t sep = slash_at(s, p);
    if (!sep) sep = colon_at(s, p);
    if (!sep && (slashes == 0 || !field_space(s, p))) return ld;
    p += sep;
    const std::size_t after = skip_spaces(s, p);
    if (after == s.size()) return ld;
    if (!roles.match(s.substr(after), true)) {
        // `摄影：张三`, `文/张三`: the kind word is the role, written before its name with a mark.
        if (!sep || slashes != 0) return ld;
        ld.role_begin = kind;
        ld.role_end = words_end;
        return ld;
    }
    ld.end = p;
    ld.fields = after;
    ld.space = after > p && !sep;  // `文/图 本报记者`, but `文/本报记者` and `文：本报记者` as the rules write them
    return ld;
}

// False only if find_credit_lead(s, i, roles), where `i` is past the field spaces opening `s`,
// finds no lead (fields == begin, no role): `s` opens with no field space, bullet (E2) or kind
// word (文 摄 图). Two bytes told for nearly every paragraph.
[[nodiscard]] ZHNORM_DETAIL_HOT bool may_open_with_lead(std::string_view s) noexcept {
    if (s.size() < 3) return false;  // (a lead needs three bytes after the spaces)
    const auto c = static_cast<unsigned char>(s[0]);
    if (c == 0xE5 || c == 0xE6) return credit_detail::lead_kind_at(s, 0) != 0;
    return c == ' ' || c == '\t' || c == 0xE3 || c == 0xC2 || c == 0xE2;
}

namespace credit_detail {

inline bool push(credit_parse& r, token_kind k, token_gap g, std::size_t b, std::size_t e, std::size_t chars) noexcept {
    if (r.size == credit_parse::max_tokens) return false;
    r.tokens[r.size++] = credit_token{k, g, false, b, e, chars};
    return true;
}

// Tokens of one field s[p, j): roles, names and a verb written together.
// Entry b: b is the last byte of a table role's last character.
inline constexpr std::array<bool, 256> tail_last_bytes = [] {
    std::array<bool, 256> t{};
    for (std::size_t k = 0; k < role_table::tails.size; ++k) t[role_table::tails.chars[k][2]] = true;
    return t;
}();

// True if s[p, j) may hold a table role (it holds the last character of one) or ends with a
// glued verb shorter than itself: a field with neither has no role in it and no verb for the
// name loop of tokenize_field to stop at, so it is one name or nothing, decided quickly.
// True if the three-byte character at `p` is the last character of a table role.
[[nodiscard]] ZHNORM_DETAIL_HOT bool is_role_tail(const unsigned char* p) noexcept {
    for (std::size_t t = 0; t < role_table::tails.size; ++t) {
        const auto& c = role_table::tails.chars[t];
        if (p[2] == c[2] && p[1] == c[1] && p[0] == c[0]) return true;
    }
    return false;
}

// True if s[p, j) ends with a glued verb shorter than itself.
[[nodiscard]] ZHNORM_DETAIL_HOT bool ends_with_shorter_glued_verb(std::string_view s, std::size_t p, std::size_t j) noexcept {
    const auto* b = reinterpret_cast<const unsigned char*>(s.data());
    if (j == p) return false;
    for (std::uint32_t m = verbs_by_last_byte[b[j - 1]]; m; m &= m - 1) {
        const std::string_view v = credit_verbs[static_cast<std::size_t>(std::countr_zero(m))];
        if (v.size() >= j - p || !is_glued_verb(v)) continue;
        const auto* e = b + j - v.size();
        std::size_t k = v.size();
        while (k > 0 && e[k - 1] == static_cast<unsigned char>(v[k - 1])) --k;
        if (k == 0) return true;
    }
    return false;
}

[[nodiscard]] inline bool holds_role_or_verb_tail(std::string_view s, std::size_t p, std::size_t j) noexcept {
    const auto* b = reinterpret_cast<const unsigned char*>(s.data());
    // (`p` starts a character, and a role's last character, three bytes with a lead byte, can only
    // stand at a character start: the scan steps by characters)
    for (std::size_t i = p; i < j;) {
        if ((b[i] & 0xF0) != 0xE0 || i + 3 > j) {
            i += b[i] < 0xC0 ? 1 : utf8_length(b[i]);
            continue;
        }
        if (tail_last_bytes[b[i + 2]] && is_role_tail(b + i)) return true;
        i += 3;
    }
    return ends_with_shorter_glued_verb(s, p, j);
}

inline constexpr std::size_t no_match = static_cast<std::size_t>(-1);

// Steps `q` over the name characters of s[q, j) (CJK, and name dots after the first), counting
// them in `chars`, until j or until `stop(offset)` holds before the next one. False on any other
// character or past 16 of them.
template <class Stop>
inline bool walk_name(std::string_view s, std::size_t j, std::size_t& q, std::size_t& chars, Stop stop) noexcept {
    while (q < j) {
        const auto d = decode_fast(s, q);
        if (!is_cjk_fast(d.cp) && !(is_name_dot(d.cp) && chars > 0)) return false;
        q += d.len;
        if (++chars > 16) return false;
        if (q < j && stop(q)) break;
    }
    return true;
}

// `first_match`: roles.match of the whole field with organisations, when the caller knows it.
inline bool tokenize_field(std::string_view s, std::size_t p, std::size_t j, token_gap g, const role_set& roles,
                           credit_parse& r, std::size_t first_match = no_match) noexcept {
    const bool verb = is_credit_verb(s.substr(p, j - p));
    if (roles.extra.empty() && !verb && !holds_role_or_verb_tail(s, p, j)) {
        // The field is no verb, holds no role and ends with no glued verb: what the loop below
        // makes of it is one name of its characters, or a failure.
        std::size_t q = p, chars = 0;
        if (!walk_name(s, j, q, chars, [](std::size_t) { return false; })) return false;
        return push(r, token_kind::name, g, p, j, chars);
    }
    if (!verb) {
        // A field that is one table role as a whole (`通讯员`): the loop below finds that role first
        // (no organisation role is longer than the field) and nothing after it.
        const std::size_t rl = first_match != no_match ? first_match : roles.table_match(s.substr(p, j - p));
        if (rl == j - p) return push(r, token_kind::role, g, p, j, 1);
    }
    bool first = true;
    while (p < j) {
        const std::string_view rest = s.substr(p, j - p);
        const token_gap gap = first ? g : token_gap::none;
        if (is_credit_verb(rest) && (first || is_glued_verb(rest)))
            return push(r, token_kind::verb, gap, p, j, 1);
        if (const std::size_t rl = first && first_match != no_match ? first_match : roles.match(rest, first)) {
            if (!push(r, token_kind::role, gap, p, p + rl, 1)) return false;
            p += rl;
            first = false;
            continue;
        }
        std::size_t q = p, chars = 0;
        const bool walked = walk_name(s, j, q, chars, [&](std::size_t at) {
            const std::string_view after = s.substr(at, j - at);
            return roles.table_match(after) || is_glued_verb(after);
        });
        if (!walked || !push(r, token_kind::name, gap, p, q, chars)) return false;
        p = q;
        first = false;
    }
    return true;
}

// Where a slash stands in the field s[i, j) before a credit verb that closes the credit
// (`张三/摄`: the field is the last of `s`, spaces aside), or j if none does. A field that is a verb
// as a whole (`文/图`) has none.
[[nodiscard]] inline std::size_t slash_before_closing_verb(std::string_view s, std::size_t i, std::size_t j) noexcept {
    if (j - i < 4) return j;
    for (std::size_t k = j; k < s.size();)
        if (const std::size_t sp = field_space(s, k)) k += sp;
        else return j;  // (another field follows: most fields are asked no more)
    if (is_credit_verb(s.substr(i, j - i))) return j;
    for (std::size_t k = i + 1; k < j; ++k)
        if (const std::size_t sl = slash_at(s, k); sl && is_credit_verb(s.substr(k + sl, j - k - sl))) return k;
    return j;
}

// Bit (c & 63) set for every stop character and name dot c: most characters are neither.
// (the characters of is_stop_char and is_name_dot; a test checks every BMP code point)
inline constexpr char32_t stop_and_dot_chars[] = {U'的', U'了', U'们', U'吗', U'呢', U'吧', U'啊', 0xB7, 0x30FB, 0x2022, 0x2027};
inline constexpr std::uint64_t stop_or_dot_bits = [] {
    std::uint64_t m = 0;
    for (char32_t c : stop_and_dot_chars) {
        if (!is_stop_char(c) && !is_name_dot(c)) throw "stop_and_dot_chars lists a character of neither";
        m |= std::uint64_t{1} << (c & 63u);
    }
    return m;
}();

inline bool valid_name(std::string_view s, const credit_token& t, std::size_t max_chars) noexcept {
    if (t.chars < 2 || t.chars > 16) return false;  // what the end says whatever the loop finds
    bool dotted = false;
    for (std::size_t i = t.begin; i < t.end;) {
        if (const std::size_t sp = field_space(s, i)) { i += sp; continue; }
        const auto d = decode_fast(s, i);
        if (!((stop_or_dot_bits >> (d.cp & 63u)) & 1u)) {
            i += d.len;
            continue;
        }
        if (is_stop_char(d.cp)) return false;
        if (is_name_dot(d.cp)) {
            if (i == t.begin || i + d.len == t.end) return false;
            dotted = true;
        }
        i += d.len;
    }
    return t.chars >= 2 && t.chars <= (dotted ? std::size_t{16} : max_chars);
}

} // namespace credit_detail

namespace credit_detail {

// The first offset in [i, lim) holding an ASCII space, or lim (lim <= n): memchr without its
// call, sixteen bytes a step where they lie inside the text.
[[nodiscard]] ZHNORM_DETAIL_HOT std::size_t first_space(const unsigned char* b, std::size_t n, std::size_t i,
                                                      std::size_t lim) noexcept {
#if ZHNORM_SSE2
    const __m128i sp = _mm_set1_epi8(' ');
    for (; i < lim && i + 16 <= n; i += 16)
        if (const auto m = static_cast<unsigned>(_mm_movemask_epi8(
                _mm_cmpeq_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(b + i)), sp))))
            return std::min(lim, i + static_cast<std::size_t>(std::countr_zero(m)));
    if (i >= lim) return lim;
    if (n >= 16) {  // the rest by the last sixteen bytes of the text
        const std::size_t at = n - 16;
        const auto m = static_cast<unsigned>(_mm_movemask_epi8(
                           _mm_cmpeq_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(b + at)), sp))) &
                       ~((1u << (i - at)) - 1u);
        return m ? std::min(lim, at + static_cast<std::size_t>(std::countr_zero(m))) : lim;
    }
#else
    (void)n;  // (only the vector steps need to know how far the text goes)
#endif
    while (i < lim && b[i] != ' ') ++i;
    return i;
}

// The characters of U+4E00-U+9F7F (see is_han_core3) that the plain parser must look at closely
// in a name, one bit each: a role's last character, a stop character, a verb's last character.
// (No name dot is among them.)
struct name_watch_table {
    static constexpr char32_t first = 0x4E00, last = 0x9F7F;
    std::array<std::uint64_t, (last - first) / 64 + 1> bits{};
    constexpr void add(char32_t c) {
        if (c >= first && c <= last) bits[(c - first) / 64] |= std::uint64_t{1} << ((c - first) % 64);
    }
};
inline constexpr name_watch_table name_watch = [] {
    name_watch_table t;
    const auto cp = [](std::string_view c) {
        const unsigned char u[3] = {static_cast<unsigned char>(c[0]), static_cast<unsigned char>(c[1]),
                                    static_cast<unsigned char>(c[2])};
        return cp3(u);
    };
    for (std::size_t k = 0; k < role_table::tails.size; ++k) t.add(cp3(role_table::tails.chars[k].data()));
    for (char32_t c : stop_and_dot_chars)
        if (is_stop_char(c)) t.add(c);
    for (std::string_view v : credit_verbs) t.add(cp(v.substr(v.size() - 3)));  // (each ends with three bytes)
    return t;
}();

// True if the three bytes at `p` are a character of U+4E00-U+9F7F that name_watch does not hold.
// (is_han_core3 by the code point's range: with a lead byte E0-EF, and so two continuation
// bytes after it in valid UTF-8, U+4E00-U+9F7F is E4 B8-BF, E5-E8, E9 80-BD; a continuation
// byte at `p` fails the lead test)
[[nodiscard]] ZHNORM_DETAIL_HOT bool is_plain_name_char(const unsigned char* p) noexcept {
    const char32_t c = cp3(p) - name_watch_table::first;
    return (p[0] & 0xF0u) == 0xE0u && c <= name_watch_table::last - name_watch_table::first &&
           !((name_watch.bits[c / 64] >> (c % 64)) & 1u);
}

// True if f[0, n), n of 6, 9 or 12, is two to four characters of is_plain_name_char: the common
// name. Such a field is no table role (every role ends with a role's last character), holds no
// stop character or name dot, ends with no verb and is no verb, so the plain parser takes it for
// a name of n / 3 characters without its other tests. The last character is looked at first:
// a role fails there.
[[nodiscard]] ZHNORM_DETAIL_HOT bool is_plain_name_field(const unsigned char* f, std::size_t n) noexcept {
    if (n != 6 && n != 9 && n != 12) return false;
    // (unrolled: the last character, the first, then the ones between)
    return is_plain_name_char(f + n - 3) && is_plain_name_char(f) && (n == 6 || is_plain_name_char(f + 3)) &&
           (n != 12 || is_plain_name_char(f + 6));
}

// parse_credit_fields_into for a credit of the plain shape that parses: fields parted by ASCII
// spaces, each a whole table role, a name of 2-16 characters holding no character a role or verb
// ends with, or a closing verb, with no lead and no extra roles (`本报记者 张三 通讯员 李四 摄`).
// What the general parser makes of that shape is worked out here field by field, without its
// trials; false (r unspecified) for anything else, which the general parser then decides.
inline bool parse_plain_fields(std::string_view s, const role_set& roles, std::size_t max_name_chars,
                               credit_parse& r) noexcept {
    if (!roles.extra.empty()) return false;
    const auto* b = reinterpret_cast<const unsigned char*>(s.data());
    const std::size_t n = s.size();
    std::size_t i = 0;
    while (i < n && b[i] == ' ') ++i;
    if (i < n && (field_space(s, i) || bullet_at(s, i) || lead_kind_at(s, i))) return false;
    const std::size_t start = i;
    // No plain field is longer than a name of 16 four-byte characters (roles and verbs are
    // shorter): a longer one is left to the general parser, which bounds its look at the first.
    constexpr std::size_t max_field = 64;
    // The state is kept in locals and written to `r` once: stores to r.tokens would otherwise
    // make the compiler read r's counters again after each. Each field is one token, so the
    // token count is the field count.
    credit_token* const tok = r.tokens.data();
    std::size_t t = 0, names = 0;
    token_kind prev = token_kind::role;
    // The first field: a table role, or the text is no plain credit (the general parser's
    // first token would be no role: a verb or name needs one before it).
    {
        if (i >= n) return false;
        const std::size_t j = first_space(b, n, i, i + std::min(n - i, max_field + 1));
        if (j - i > max_field) return false;
        const std::string_view f(s.data() + i, j - i);  // (i <= j <= n: no substr and its out-of-line call)
        if (is_credit_verb(f) || !roles.is_whole_table_role(f)) return false;
        tok[t++] = credit_token{token_kind::role, token_gap::none, false, i, j, 1};
        i = j;
        while (i < n && b[i] == ' ') ++i;
    }
    bool has_verb = false;
    while (i < n) {
        const std::size_t j = first_space(b, n, i, i + std::min(n - i, max_field + 1));
        if (j - i > max_field) return false;
        const std::string_view f(s.data() + i, j - i);
        // (the general parser looks for a lead before a field after a name: none here; a kind
        // word opens with E5 or E6)
        const bool verb = is_credit_verb(f);
        if (prev == token_kind::name && (b[i] == 0xE5 || b[i] == 0xE6) && !verb && lead_kind_at(s, i)) return false;
        if (t >= 16) return false;  // (a seventeenth field; no more tokens than credit_parse holds)
        std::size_t k = j;
        while (k < n && b[k] == ' ') ++k;
        if (verb) {
            // Only as the last field after a name, and not a role as well (`摄影`).
            if (k < n || prev != token_kind::name || roles.is_whole_table_role(f)) return false;
            tok[t++] = credit_token{token_kind::verb, token_gap::space, false, i, j, 1};
            has_verb = true;
        } else if (is_plain_name_field(b + i, j - i)) {
            // (what the name branch below makes of it, by its bytes)
            if ((j - i) / 3 > max_name_chars) return false;
            tok[t++] = credit_token{token_kind::name, token_gap::space, false, i, j, (j - i) / 3};
            prev = token_kind::name;
            ++names;
        } else if (roles.is_whole_table_role(f)) {
            if (prev == token_kind::role) return false;
            tok[t++] = credit_token{token_kind::role, token_gap::space, false, i, j, 1};
            prev = token_kind::role;
        } else {
            // The characters of a name, and valid_name's tests on them; in the same pass the first
            // half of holds_role_or_verb_tail (no role's last character among them: a failure
            // either way, whichever is found first).
            std::size_t q = i, chars = 0;
            bool dotted = false;
            while (q < j) {
                if ((b[q] & 0xF0) == 0xE0 && q + 3 <= j) {
                    if (tail_last_bytes[b[q + 2]] && is_role_tail(b + q)) return false;
                    // (an ideograph that is neither a stop character nor a name dot, by its bytes:
                    // the low six bits of a three-byte character's code point are its third byte's)
                    if (is_han_core3(b + q) && !((stop_or_dot_bits >> (b[q + 2] & 63u)) & 1u)) {
                        q += 3;
                        ++chars;
                        continue;
                    }
                }
                const auto d = decode_fast(s, q);
                if (!is_cjk_fast(d.cp) && !(is_name_dot(d.cp) && chars > 0)) return false;
                if ((stop_or_dot_bits >> (d.cp & 63u)) & 1u) {
                    if (is_stop_char(d.cp)) return false;
                    if (is_name_dot(d.cp)) {
                        if (q == i || q + d.len == j) return false;
                        dotted = true;
                    }
                }
                q += d.len;
                ++chars;
            }
            if (ends_with_shorter_glued_verb(s, i, j)) return false;  // (the second half)
            // (one character: the padded-name rule of the general parser)
            if (chars < 2 || chars > 16 || chars > (dotted ? std::size_t{16} : max_name_chars)) return false;
            tok[t++] = credit_token{token_kind::name, token_gap::space, false, i, j, chars};
            prev = token_kind::name;
            ++names;
        }
        i = k;
    }
    if (prev == token_kind::role || names == 0) return false;  // (a role with no name after it)
    r.size = t;
    r.fields = t;
    r.names = names;
    r.ok = true;
    r.has_verb = has_verb;
    r.glued = r.padded = r.listed = false;
    r.lead = credit_lead{start, start, start, 0, 0, false};
    r.parens = {};
    return true;
}

// The general parser behind parse_credit_fields_into, for the fields from byte `i` of `s` (past
// any opening spaces and parenthesis).
inline void parse_fields_at(std::string_view s, const role_set& roles, std::size_t max_name_chars, credit_parse& r,
                            std::size_t i) noexcept {
    r.size = r.names = r.fields = 0;
    r.ok = r.has_verb = r.glued = r.padded = r.listed = false;
    r.lead = credit_lead{};
    token_gap g = token_gap::none;
    std::size_t first_match = credit_detail::no_match;
    while (i < s.size() && field_space(s, i)) i += field_space(s, i);
    r.lead = find_credit_lead(s, i, roles);
    i = r.lead.fields;
    if (r.lead.role_end) {
        // `摄影：张三`: the role, then the mark, then the names.
        credit_detail::push(r, token_kind::role, token_gap::none, r.lead.role_begin, r.lead.role_end, 1);
        r.fields = 1;
        i = r.lead.role_end;
        i += credit_detail::slash_at(s, i) + credit_detail::colon_at(s, i);
        g = token_gap::mark;
    } else {
        std::size_t j = i;  // the first field, as far as a role match can look into it
        const std::size_t reach = i + roles.reach();
        while (j < s.size() && j < reach && !field_space(s, j) && !list_mark_at(s, j))
            j = std::min(s.size(), j + utf8_length(static_cast<unsigned char>(s[j])));
        const std::size_t m = roles.match(s.substr(i, j - i), true);
        if (!m) return;
        // The tokenizer asks the same of the first field when it ends where this look stopped.
        if (j >= s.size() || field_space(s, j) || list_mark_at(s, j)) first_match = m;
    }
    while (i < s.size()) {
        if (const std::size_t sp = field_space(s, i)) {
            i += sp;
            if (g == token_gap::none && r.size > 0) g = token_gap::space;
            continue;
        }
        if (list_mark_at(s, i)) {
            if (g == token_gap::list || r.size == 0) return;
            g = token_gap::list;
            i += 3;
            continue;
        }
        // A kind word and a mark before a later credit of the line (`文/本报记者 张三 图/本报记者 李四`,
        // `… 摄影：李四`), kept as written like the lead.
        if (g == token_gap::space && r.tokens[r.size - 1].kind == token_kind::name && credit_detail::lead_kind_at(s, i)) {
            const credit_lead ld = find_credit_lead(s, i, roles);
            if (ld.role_end) {
                if (++r.fields > 16 || !credit_detail::push(r, token_kind::role, g, ld.role_begin, ld.role_end, 1))
                    return;
                i = ld.role_end;
                i += credit_detail::slash_at(s, i) + credit_detail::colon_at(s, i);
                g = token_gap::mark;
                continue;
            }
            if (ld.fields > i) {
                i = ld.fields;
                g = token_gap::mark;
            }
        }
        std::size_t j = i;
        while (j < s.size() && !field_space(s, j) && !list_mark_at(s, j))
            j = std::min(s.size(), j + utf8_length(static_cast<unsigned char>(s[j])));
        if (++r.fields > 16) return;
        // A closing verb after a slash (`本报记者 张三/摄`): the name, then the verb with the slash
        // as its mark, kept as written.
        if (const std::size_t k = credit_detail::slash_before_closing_verb(s, i, j); k < j) {
            if (!credit_detail::tokenize_field(s, i, k, g, roles, r, first_match) ||
                !credit_detail::push(r, token_kind::verb, token_gap::mark, k + credit_detail::slash_at(s, k), j, 1))
                return;
            first_match = credit_detail::no_match;
            i = j;
            g = token_gap::none;
            continue;
        }
        if (!credit_detail::tokenize_field(s, i, j, g, roles, r, first_match)) return;
        first_match = credit_detail::no_match;
        i = j;
        g = token_gap::none;
    }
    if (r.size == 0) return;

    auto text = [&](const credit_token& t) { return s.substr(t.begin, t.end - t.begin); };
    // `摄影` is a role before a name and a verb after the last one.
    for (std::size_t k = 0; k < r.size; ++k) {
        credit_token& t = r.tokens[k];
        if (t.kind == token_kind::verb && k + 1 < r.size && r.tokens[k + 1].kind == token_kind::name &&
            roles.table_match(text(t)) == t.end - t.begin)
            t.kind = token_kind::role;
        else if (t.kind == token_kind::role && k + 1 == r.size && k > 0 && r.tokens[k - 1].kind == token_kind::name &&
                 is_credit_verb(text(t)))
            t.kind = token_kind::verb;
    }
    // A two-character name padded to three columns arrives as two one-character names.
    std::size_t w = 0;
    for (std::size_t k = 0; k < r.size; ++k) {
        credit_token t = r.tokens[k];
        if (t.kind == token_kind::name && t.chars == 1 && k + 1 < r.size) {
            const credit_token& u = r.tokens[k + 1];
            // `王 文`: a one-character name is never whole, so a one-character verb after it is its end.
            const bool one = u.kind == token_kind::name ? u.chars == 1
                                                        : u.kind == token_kind::verb && !is_glued_verb(text(u));
            if (one && u.before == token_gap::space) {
                t.end = u.end;
                t.chars = 2;
                t.padded = true;
                r.padded = true;
                ++k;
            }
        }
        r.tokens[w++] = t;
    }
    r.size = w;

    if (r.tokens[0].kind != token_kind::role) return;
    bool expect_name = false;
    // After a kind word that is no table role (`文/张三`), one name only: a second is more likely a
    // role the table lacks followed by its name (`文/责任编辑 张三`).
    bool one_name = false;
    for (std::size_t k = 0; k < r.size; ++k) {
        const credit_token& t = r.tokens[k];
        const token_kind prev = k ? r.tokens[k - 1].kind : token_kind::role;
        if (t.before == token_gap::list) {
            r.listed = true;
            if (prev != token_kind::name || t.kind == token_kind::verb) return;
        }
        switch (t.kind) {
        case token_kind::role:
            if (expect_name) return;
            if (k && t.before == token_gap::none) r.glued = true;
            expect_name = true;
            one_name = credit_detail::lead_kind_at(s, t.begin) == t.end - t.begin &&
                       roles.table_match(text(t)) != t.end - t.begin;
            break;
        case token_kind::name:
            if (!credit_detail::valid_name(s, t, max_name_chars)) return;
            if (prev == token_kind::role && t.before == token_gap::none) r.glued = true;
            if (prev == token_kind::name && one_name) return;
            expect_name = false;
            ++r.names;
            break;
        case token_kind::verb:
            if (k + 1 != r.size || prev != token_kind::name) return;
            r.has_verb = true;
            break;
        }
    }
    r.ok = !expect_name && r.names > 0;
}

// The general parser behind parse_credit_fields_into. Only a role can open the fields (`摄影` as a
// verb reads as one too): text that does not start with one is rejected before the costly
// tokenizing. r.ok is all a failed parse tells. A credit in parentheses (`（新华社记者 李贺 摄）`)
// is parsed inside them, the parentheses kept as written like a lead.
inline void parse_general_fields(std::string_view s, const role_set& roles, std::size_t max_name_chars,
                                 credit_parse& r) noexcept {
    r.parens = {};
    std::size_t i = 0;
    while (i < s.size() && field_space(s, i)) i += field_space(s, i);
    const std::size_t ob = open_paren(s, i);
    if (ob == 0) {
        parse_fields_at(s, roles, max_name_chars, r, i);
        return;
    }
    const std::size_t e = end_without_spaces(s, i);
    const std::size_t cb = close_paren_before(s, e);
    if (cb == 0 || e - cb < i + ob) {
        r.ok = false;
        return;
    }
    parse_fields_at(s.substr(0, e - cb), roles, max_name_chars, r, i + ob);
    r.parens = {i, i + ob, e - cb, e};
}

} // namespace credit_detail

// Parses `s` (a byline body or a credit, outer spaces allowed) into `r`. `r.ok` when the tokens
// run role name+ (role name+)* [verb] with names of 2 to `max_name_chars` characters. Tokens past
// the ones written are left as they were (a caller that keeps a parse saves clearing and copying
// them); parse_credit_fields below returns a fresh one.
inline void parse_credit_fields_into(std::string_view s, const role_set& roles, std::size_t max_name_chars,
                                     credit_parse& r) noexcept {
    if (!credit_detail::parse_plain_fields(s, roles, max_name_chars, r))
        credit_detail::parse_general_fields(s, roles, max_name_chars, r);
}

[[nodiscard]] inline credit_parse parse_credit_fields(std::string_view s, const role_set& roles,
                                                      std::size_t max_name_chars = 4) noexcept {
    credit_parse r;
    parse_credit_fields_into(s, roles, max_name_chars, r);
    return r;
}

// Upper bound of render_fields' output for an input of `n` bytes parsed into `tokens` tokens.
[[nodiscard]] constexpr std::size_t rendered_bound(std::size_t n, std::size_t tokens) noexcept { return n + tokens; }

// Writes the parsed tokens of `s` with one space between fields: `本报记者 崔欣 通讯员 宋雅欣 摄影报道`.
// A padded name loses its padding; a role written together with its name gets a space, unless the
// names are listed with 、 (agency style `记者张三、李四`, kept as written). Returns bytes written.
inline std::size_t render_fields(std::string_view s, const credit_parse& r, char* out) noexcept {
    std::size_t n = 0;
    for (std::size_t i = r.parens.open_begin; i < r.parens.open_end; ++i) out[n++] = s[i];
    for (std::size_t i = r.lead.begin; i < r.lead.end; ++i) out[n++] = s[i];
    if (r.lead.space && r.size) out[n++] = ' ';
    for (std::size_t k = 0; k < r.size; ++k) {
        const credit_token& t = r.tokens[k];
        if (k) {
            if (t.before == token_gap::mark) {
                // The kind word and mark as written (`摄影：张三`, ` 图/本报记者`): no space after them,
                // one before them when the source has one.
                if (field_space(s, r.tokens[k - 1].end)) out[n++] = ' ';
                for (std::size_t i = r.tokens[k - 1].end; i < t.begin;) {
                    if (const std::size_t sp = field_space(s, i)) { i += sp; continue; }
                    out[n++] = s[i++];
                }
            } else if (t.before == token_gap::list) {
                for (char c : list_mark) out[n++] = c;
            } else if (t.before == token_gap::space || !r.listed) {
                out[n++] = ' ';
            }
        }
        if (!t.padded) {
            std::memcpy(out + n, s.data() + t.begin, t.end - t.begin);
            n += t.end - t.begin;
            continue;
        }
        for (std::size_t i = t.begin; i < t.end;) {
            if (const std::size_t sp = field_space(s, i)) { i += sp; continue; }
            out[n++] = s[i++];
        }
    }
    for (std::size_t i = r.parens.close_begin; i < r.parens.close_end; ++i) out[n++] = s[i];
    return n;
}

// True if render_fields(s, r, out) would write `s` itself: no lead, no padded name, and tokens
// from the first byte to the last parted by one ASCII space each (a credit already written as the
// rules write it, the common case). False says nothing.
[[nodiscard]] inline bool renders_as_written(std::string_view s, const credit_parse& r) noexcept {
    if (r.size == 0 || r.lead.end != 0 || r.lead.space || r.parens.open_end != 0 || r.tokens[0].begin != 0 ||
        r.tokens[r.size - 1].end != s.size())
        return false;
    for (std::size_t k = 0; k < r.size; ++k) {
        const credit_token& t = r.tokens[k];
        if (t.padded) return false;
        if (k && (t.before != token_gap::space || t.begin != r.tokens[k - 1].end + 1 || s[t.begin - 1] != ' '))
            return false;
    }
    return true;
}

// The name of a token without its padding.
[[nodiscard]] inline std::string token_name(std::string_view s, const credit_token& t) {
    std::string out;
    out.reserve(t.end - t.begin);
    for (std::size_t i = t.begin; i < t.end;) {
        if (const std::size_t sp = field_space(s, i)) { i += sp; continue; }
        out += s[i++];
    }
    return out;
}

// True if `s` (trailing spaces ignored) ends with a verb of the photo desk: a cheap test that
// rules out most text before a closed credit is looked for.
namespace credit_detail {
// Entry b: the last three bytes (packed big-end first) that every verb ending with byte b ends
// with, 0 if no verb ends with b, or no_common_tail if they differ. (Each verb ends with a
// three-byte character; today no two such characters share their last byte.)
inline constexpr std::uint32_t no_common_tail = 0xFFFFFFFFu;
inline constexpr std::array<std::uint32_t, 256> verb_tail_by_last_byte = [] {
    std::array<std::uint32_t, 256> t{};
    for (std::string_view v : credit_verbs) {
        const auto* e = v.data() + v.size() - 3;
        const std::uint32_t tail = (std::uint32_t{static_cast<unsigned char>(e[0])} << 16) |
                                   (std::uint32_t{static_cast<unsigned char>(e[1])} << 8) |
                                   std::uint32_t{static_cast<unsigned char>(e[2])};
        auto& slot = t[static_cast<unsigned char>(e[2])];
        slot = slot == 0 || slot == tail ? tail : no_common_tail;
    }
    return t;
}();

// Entry b, for the character ending with byte b that verbs end with (see verb_tail_by_last_byte):
// `alone` if that character is a verb, `pair` if every verb ending with it ends with the one
// verb of two three-byte characters `before` + it, else `loop` (the verbs are compared one by one).
struct verb_need {
    enum kind_t : std::uint8_t { loop, alone, pair } kind = loop;
    std::uint32_t before = 0;  // packed as verb_tail_by_last_byte
};
inline constexpr std::array<verb_need, 256> verb_needs = [] {
    std::array<verb_need, 256> t{};
    for (std::size_t b = 0; b < 256; ++b) {
        if (verb_tail_by_last_byte[b] == 0 || verb_tail_by_last_byte[b] == no_common_tail) continue;
        // The verbs ending with this character; the shortest must be a suffix of all the others.
        std::string_view shortest;
        for (std::string_view v : credit_verbs)
            if (static_cast<unsigned char>(v.back()) == b && (shortest.empty() || v.size() < shortest.size())) shortest = v;
        bool all = true;
        for (std::string_view v : credit_verbs)
            if (static_cast<unsigned char>(v.back()) == b && !v.ends_with(shortest)) all = false;
        if (!all) continue;
        if (shortest.size() == 3) {
            t[b].kind = verb_need::alone;
        } else if (shortest.size() == 6 && (static_cast<unsigned char>(shortest[0]) & 0xF0) == 0xE0) {
            t[b].kind = verb_need::pair;
            t[b].before = (std::uint32_t{static_cast<unsigned char>(shortest[0])} << 16) |
                          (std::uint32_t{static_cast<unsigned char>(shortest[1])} << 8) |
                          std::uint32_t{static_cast<unsigned char>(shortest[2])};
        }
    }
    return t;
}();
} // namespace credit_detail

namespace credit_detail {
// Entry b: a text ending with byte b may end with a verb: b ends a verb, or is the last byte of
// the trailing white space ends_with_credit_verb passes over (space, tab, U+3000 E3 80 80).
inline constexpr std::array<bool, 256> verb_or_space_end_bytes = [] {
    std::array<bool, 256> t = verb_end_bytes;
    t[' '] = t['\t'] = t[0x80] = true;
    return t;
}();
} // namespace credit_detail

[[nodiscard]] inline bool ends_with_credit_verb(std::string_view s) noexcept {
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    std::size_t n = s.size();
    // Most texts asked about end with a byte that neither ends a verb nor is trailing space:
    // one look-up, before the walks over trailing space below.
    if (n == 0 || !credit_detail::verb_or_space_end_bytes[p[n - 1]]) return false;
    while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t')) --n;
    while (n >= 3 && p[n - 1] == 0x80 && p[n - 2] == 0x80 && p[n - 3] == 0xE3) n -= 3;
    if (n < 3) return false;  // (every verb is at least one three-byte character)
    // One compare of the last character rules out nearly every text ending with a byte some
    // verb ends with (`放` ends as `图` does).
    const std::uint32_t tail = credit_detail::verb_tail_by_last_byte[p[n - 1]];
    if (tail != credit_detail::no_common_tail &&
        ((std::uint32_t{p[n - 3]} << 16) | (std::uint32_t{p[n - 2]} << 8) | std::uint32_t{p[n - 1]}) != tail)
        return false;
    // The one shortest verb that the others ending with this character end with, when there is
    // one (`报道` for `摄影报道`, `图` for `供图`): one more compare, or none.
    const credit_detail::verb_need need = credit_detail::verb_needs[p[n - 1]];
    if (need.kind == credit_detail::verb_need::alone) return true;
    if (need.kind == credit_detail::verb_need::pair)
        return n >= 6 && ((std::uint32_t{p[n - 6]} << 16) | (std::uint32_t{p[n - 5]} << 8) | std::uint32_t{p[n - 4]}) ==
                             need.before;
    for (std::uint32_t m = credit_detail::verbs_by_last_byte[p[n - 1]]; m; m &= m - 1) {
        const std::string_view v = credit_verbs[static_cast<std::size_t>(std::countr_zero(m))];
        if (v.size() > n) continue;
        const auto* e = p + n - v.size();
        std::size_t k = v.size() - 1;  // (the last byte is equal)
        while (k > 0 && e[k - 1] == static_cast<unsigned char>(v[k - 1])) --k;
        if (k == 0) return true;
    }
    return false;
}

// True if the fields of `r` have the shape of a credit: at least two fields (a credit always spaces
// its role from its name somewhere), and a role written together with a name only when a verb
// closes it.
[[nodiscard]] inline bool has_credit_fields(const credit_parse& r) noexcept {
    return r.ok && r.fields >= 2 && (r.has_verb || !r.glued);
}

// True if `r` is a credit standing on its own: has_credit_fields(), and in parentheses only when
// closed by its verb: without one (`（记者 张三）`) it reads as the byline opening a story.
// (paren_credit_start takes one without a verb after a sentence.)
[[nodiscard]] inline bool is_credit_shape(const credit_parse& r) noexcept {
    return has_credit_fields(r) && (r.has_verb || r.parens.open_end == 0);
}

} // namespace zhnorm::detail
