#pragma once
// Recognises the shape of a credit: role and name fields separated by spaces, optionally closed by
// a verb of the photo desk (`本报记者 彭程 摄`, `通讯员 王欣 摄影报道`, `本报记者 崔欣`).
// Shared by line-join (to keep credit lines out of body text) and the credits pass (to parse them).
#include <cstddef>
#include <string_view>

#include "zhnorm/detail/utf8.hpp"
#include "zhnorm/roles.hpp"
#include "zhnorm/unicode/char_class.hpp"

namespace zhnorm::detail {

// Words that close a credit: what the named people did.
inline constexpr std::string_view credit_verbs[] = {"摄影报道", "摄影", "报道", "供图", "制图", "绘图", "摄", "图"};

// Length in bytes of the role that `s` starts with, or 0. Agency roles `<organisation>记者` of up
// to eight characters count as roles too (`新华社记者`).
[[nodiscard]] inline std::size_t role_prefix(std::string_view s) noexcept {
    for (std::string_view r : default_roles)
        if (s.substr(0, r.size()) == r) return r.size();
    // <org>记者: up to eight CJK characters followed by 记者
    std::size_t i = 0, chars = 0;
    while (i < s.size() && chars < 9) {
        if (s.substr(i, 6) == "记者") return chars >= 2 ? i + 6 : 0;
        const auto d = decode_at(s, i);
        if (!unicode::is_cjk(d.cp)) return 0;
        i += d.len;
        ++chars;
    }
    return 0;
}

// Number of CJK characters in `s` if `s` is made of CJK characters only, else 0.
[[nodiscard]] inline std::size_t cjk_length(std::string_view s) noexcept {
    std::size_t n = 0;
    for (std::size_t i = 0; i < s.size();) {
        const auto d = decode_at(s, i);
        if (!unicode::is_cjk(d.cp)) return 0;
        i += d.len;
        ++n;
    }
    return n;
}

// True if the whole of `s` (spaces trimmed) has the shape of a credit: at least two space-separated
// fields, the first a role; every field a role, a name of 1-4 CJK characters, a closing verb, or a
// name (after an optional role) glued to its verb (`于佳摄`); at least one name. Running text
// that mentions a reporter (`关平向记者介绍`, `记者发现`) has no such fields.
[[nodiscard]] inline bool looks_like_credit(std::string_view s) noexcept {
    std::size_t names = 0, fields = 0;
    bool first = true;
    std::size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
        if (s.substr(i, 3) == "\xE3\x80\x80") { i += 3; continue; }
        if (i >= s.size()) break;
        std::size_t j = i;
        while (j < s.size() && s[j] != ' ' && s[j] != '\t' && s.substr(j, 3) != "\xE3\x80\x80") ++j;
        std::string_view field = s.substr(i, j - i);
        i = j;
        ++fields;
        if (fields > 12) return false;
        const std::size_t role = role_prefix(field);
        if (first && role == 0) return false;
        first = false;
        if (role == field.size()) continue;
        const bool glued_role = role != 0;  // `通讯员李义康摄`: only with a closing verb
        if (role) field.remove_prefix(role);
        bool verb = false;
        for (std::string_view v : credit_verbs) {
            if (field == v) { verb = true; break; }
        }
        if (verb) continue;
        bool glued_verb = false;
        for (std::string_view v : credit_verbs) {  // a name glued to its verb: `于佳摄`
            if (field.size() > v.size() && field.substr(field.size() - v.size()) == v && cjk_length(field) <= 6) {
                field.remove_suffix(v.size());
                glued_verb = true;
                break;
            }
        }
        if (glued_role && !glued_verb) return false;
        const std::size_t n = cjk_length(field);
        if (n == 0 || n > 4) return false;
        ++names;
    }
    return names > 0 && fields >= 2;
}

} // namespace zhnorm::detail
