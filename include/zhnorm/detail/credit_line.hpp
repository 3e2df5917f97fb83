#pragma once
// Recognises the shape of a credit: role and name fields separated by spaces, optionally closed by
// a verb of the photo desk (`本报记者 彭程 摄`, `通讯员 王欣 摄影报道`, `本报记者 崔欣`).
// Shared by line-join (to keep credit lines out of body text) and the credits pass (to parse them).
#include <cstddef>
#include <span>
#include <string>
#include <string_view>

#include "zhnorm/detail/credit_fields.hpp"
#include "zhnorm/detail/utf8.hpp"
#include "zhnorm/roles.hpp"
#include "zhnorm/unicode/char_class.hpp"

namespace zhnorm::detail {

// Length in bytes of the role that `s` starts with, or 0: a role of the table (longest match) or
// `<organisation><role>` (`新华社记者`, see role_set).
[[nodiscard]] inline std::size_t role_prefix(std::string_view s) noexcept { return role_set{}.match(s, true); }

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

// True if the whole of `s` (spaces trimmed) has the shape of a credit: fields separated by spaces
// running role name+ (role name+)* [verb], the first a role, names of 2-4 CJK characters (a
// two-character name padded to three columns, `王 芳`, counts as one), at least two fields. A role
// glued to its name (`通讯员李义康`) counts only when a verb closes the credit. The fields may
// follow a lead, kept as written: a bullet (`■本报记者 张三`) and a kind word with a slash or colon
// (`文/本报记者 张三`, `文/图 本报记者 王五`, `摄影：张三`, see credit_lead). Running text that
// mentions a reporter (`关平向记者介绍`, `记者发现`) has no such fields.
[[nodiscard]] inline bool looks_like_credit(std::string_view s) noexcept {
    return is_credit_shape(parse_credit_fields(s, role_set{}));
}

// The same, parsing into the caller's `scratch` (for a caller that asks about many lines: a fresh
// parse clears all its tokens each time, which costs more than parsing a short credit).
[[nodiscard]] inline bool looks_like_credit(std::string_view s, credit_parse& scratch) noexcept {
    parse_credit_fields_into(s, role_set{}, 4, scratch);
    return is_credit_shape(scratch);
}

// The same with a caller's extra roles (credits::options::extra_roles).
[[nodiscard]] inline bool looks_like_credit(std::string_view s, std::span<const std::string> extra_roles) noexcept {
    return is_credit_shape(parse_credit_fields(s, role_set{extra_roles}));
}

} // namespace zhnorm::detail
