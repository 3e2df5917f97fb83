#pragma once
// Run-time pass selection (--passes, --no-<pass>) and pass options (--set pass.option=value).
#include <charconv>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include <zhnorm/zhnorm.hpp>

namespace zhnorm_cli {

using pipeline_t = zhnorm::newspaper_pipeline;

struct pass_alias {
    std::string_view alias;
    std::string_view name;
};
inline constexpr pass_alias pass_aliases[] = {
    {"collapse", zhnorm::collapse_doubled::name},
    {"join", zhnorm::line_join::name},
    {"spacing", zhnorm::fullwidth_spacing::name},
    {"credits", zhnorm::credits::name},
};

// The pass's full name for an alias or a full name; empty if unknown.
inline std::string_view resolve_pass(std::string_view s) {
    for (const auto& a : pass_aliases)
        if (s == a.alias || s == a.name) return a.name;
    return {};
}

inline std::string_view alias_of(std::string_view name) {
    for (const auto& a : pass_aliases)
        if (name == a.name) return a.alias;
    return name;
}

namespace detail {

template <class T>
bool parse_value(std::string_view v, T& out) {
    if constexpr (std::is_same_v<T, bool>) {
        if (v == "1" || v == "true" || v == "on" || v == "yes") out = true;
        else if (v == "0" || v == "false" || v == "off" || v == "no") out = false;
        else return false;
        return true;
    } else if constexpr (std::is_integral_v<T> || std::is_floating_point_v<T>) {
        T x{};
        const auto r = std::from_chars(v.data(), v.data() + v.size(), x);
        if (r.ec != std::errc{} || r.ptr != v.data() + v.size()) return false;
        out = x;
        return true;
    } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
        out.clear();
        while (!v.empty()) {
            const auto comma = v.find(',');
            if (comma != 0) out.emplace_back(v.substr(0, comma));
            v = comma == std::string_view::npos ? std::string_view{} : v.substr(comma + 1);
        }
        return true;
    } else if constexpr (std::is_convertible_v<std::string_view, T>) {
        out = T(v);
        return true;
    } else {
        return false;
    }
}

template <class T>
std::string show_value(const T& v) {
    if constexpr (std::is_same_v<T, bool>) return v ? "true" : "false";
    else if constexpr (std::is_integral_v<T>) return std::to_string(v);
    else if constexpr (std::is_floating_point_v<T>) {
        char buf[32];
        const auto r = std::to_chars(buf, buf + sizeof buf, v);
        return std::string(buf, r.ptr);
    } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
        std::string s;
        for (const auto& x : v) s += (s.empty() ? "" : ",") + x;
        return s;
    } else return std::string(v);
}

} // namespace detail

// One settable pass option: `pass.option`, bound to a member of the pass's options struct.
struct pass_option {
    std::string_view pass;
    std::string_view option;
    std::string_view help;
    std::function<bool(pipeline_t&, std::string_view)> set;
    std::function<std::string(const pipeline_t&)> get;
};

template <class P, class T>
pass_option bind_option(std::string_view option, T P::options::*member, std::string_view help) {
    return {P::name, option, help,
            [member](pipeline_t& p, std::string_view v) { return detail::parse_value(v, p.options<P>().*member); },
            [member](const pipeline_t& p) { return detail::show_value(p.get<P>().opts.*member); }};
}

#define ZHNORM_CLI_OPTION(pass, option, help) bind_option<zhnorm::pass>(#option, &zhnorm::pass::options::option, help)

// The documented options of each pass (the `options` structs in include/zhnorm/passes/; their
// comments say more).
inline const std::vector<pass_option>& pass_options() {
    static const std::vector<pass_option> table = {
        ZHNORM_CLI_OPTION(collapse_doubled, min_chars, "fewest distinct characters a collapsed line keeps"),
        ZHNORM_CLI_OPTION(collapse_doubled, max_repeat, "largest repeat factor looked for (2 to 4)"),
        ZHNORM_CLI_OPTION(collapse_doubled, merge_adjacent, "merge adjacent collapsed lines into one headline"),

        ZHNORM_CLI_OPTION(line_join, min_column_lines, "lines of one width that make a body column"),
        ZHNORM_CLI_OPTION(line_join, min_column_share, "share of sentence lines that must have that width"),
        ZHNORM_CLI_OPTION(line_join, column_slack, "ems a column line may exceed the column width"),
        ZHNORM_CLI_OPTION(line_join, short_margin, "ems short of the column that end a paragraph"),
        ZHNORM_CLI_OPTION(line_join, indent_min, "smallest lost first-line indent, in ems"),
        ZHNORM_CLI_OPTION(line_join, indent_max, "largest lost first-line indent, in ems"),
        ZHNORM_CLI_OPTION(line_join, first_line_indent, "indent a first line lost, in ems"),
        ZHNORM_CLI_OPTION(line_join, similar_width, "ems within which wide lines form one wider column"),
        ZHNORM_CLI_OPTION(line_join, similar_share, "share of width within which wide lines form one column"),
        ZHNORM_CLI_OPTION(line_join, credit_max, "widest standalone credit-shaped line that is a credit, in ems"),
        ZHNORM_CLI_OPTION(line_join, comma_headline_max, "widest comma headline, in ems"),
        ZHNORM_CLI_OPTION(line_join, detect_headlines, "tell headlines from body text"),
        ZHNORM_CLI_OPTION(line_join, detect_credits, "keep credit lines as credit blocks"),
        ZHNORM_CLI_OPTION(line_join, restore_role_space, "restore the space a wrap ate between role and name"),
        ZHNORM_CLI_OPTION(line_join, keep_wrap_space, "keep a phrase space a line ends with inside a quote or title"),
        ZHNORM_CLI_OPTION(line_join, latin_blank_breaks, "a blank line ends a Latin paragraph"),

        ZHNORM_CLI_OPTION(fullwidth_spacing, trim, "remove spaces at the start and end of a block"),
        ZHNORM_CLI_OPTION(fullwidth_spacing, space_at_punct, "remove spaces touching full-width punctuation"),
        ZHNORM_CLI_OPTION(fullwidth_spacing, space_cjk_latin, "remove spaces between CJK and Latin letters or digits"),
        ZHNORM_CLI_OPTION(fullwidth_spacing, collapse, "a run of spaces that stays becomes one space"),
        ZHNORM_CLI_OPTION(fullwidth_spacing, punct_width, "half-width , ; : ? ! in Chinese text become full-width"),
        ZHNORM_CLI_OPTION(fullwidth_spacing, paren_width, "half-width ( ) around CJK become full-width"),
        ZHNORM_CLI_OPTION(fullwidth_spacing, fold_alnum, "full-width letters and digits become ASCII"),
        ZHNORM_CLI_OPTION(fullwidth_spacing, fold_number_signs, "full-width signs inside numbers become ASCII"),

        ZHNORM_CLI_OPTION(credits, bylines, "people of a dateline's parenthesised byline"),
        ZHNORM_CLI_OPTION(credits, bare_parenthesis, "a byline in parentheses opening a paragraph"),
        ZHNORM_CLI_OPTION(credits, glued_title, "a dateline byline after a headline left at a paragraph's start"),
        ZHNORM_CLI_OPTION(credits, max_title_bytes, "longest such headline, in bytes"),
        ZHNORM_CLI_OPTION(credits, rejoin_bylines, "rejoin a byline line-join cut from its story"),
        ZHNORM_CLI_OPTION(credits, promote_paragraphs, "a paragraph that is only a credit becomes a credit"),
        ZHNORM_CLI_OPTION(credits, promote_headlines, "a headline that is a closed credit becomes a credit"),
        ZHNORM_CLI_OPTION(credits, demote_unparsed, "a credit block that does not parse goes back to paragraph"),
        ZHNORM_CLI_OPTION(credits, split_trailing, "split a credit closing a caption paragraph into its own block"),
        ZHNORM_CLI_OPTION(credits, merge_adjacent, "a credit without closing verb joins the credit after it"),
        ZHNORM_CLI_OPTION(credits, rewrite_fields, "rewrite byline and credit fields as the gold writes them"),
        ZHNORM_CLI_OPTION(credits, max_dateline_chars, "longest dateline before a byline, in characters"),
        ZHNORM_CLI_OPTION(credits, max_name_chars, "longest name, in CJK characters"),
        ZHNORM_CLI_OPTION(credits, extra_roles, "more roles, comma separated (e.g. 本报评论员,编辑)"),
    };
    return table;
}

#undef ZHNORM_CLI_OPTION

// Applies `pass.option=value` (pass by alias or full name); an error message, or empty.
inline std::string set_option(pipeline_t& p, std::string_view assignment) {
    const auto eq = assignment.find('=');
    const auto dot = assignment.find('.');
    if (eq == std::string_view::npos || dot == std::string_view::npos || dot > eq)
        return "expected PASS.OPTION=VALUE, got '" + std::string(assignment) + "'";
    const std::string_view pass = resolve_pass(assignment.substr(0, dot));
    if (pass.empty()) return "unknown pass '" + std::string(assignment.substr(0, dot)) + "'";
    const std::string_view option = assignment.substr(dot + 1, eq - dot - 1);
    const std::string_view value = assignment.substr(eq + 1);
    for (const auto& o : pass_options())
        if (o.pass == pass && o.option == option) {
            if (!o.set(p, value))
                return "bad value '" + std::string(value) + "' for " + std::string(pass) + "." + std::string(option);
            return {};
        }
    return "pass " + std::string(pass) + " has no option '" + std::string(option) + "' (see --list-passes)";
}

inline std::string list_passes(const pipeline_t& p) {
    std::string out;
    for (const auto name : pipeline_t::names()) {
        out += std::string(name) + " (alias " + std::string(alias_of(name)) + ")" +
               (p.enabled(name) ? "" : " [disabled]") + "\n";
        for (const auto& o : pass_options())
            if (o.pass == name)
                out += "  " + std::string(alias_of(name)) + "." + std::string(o.option) + "=" + o.get(p) + "  " +
                       std::string(o.help) + "\n";
    }
    return out;
}

} // namespace zhnorm_cli
