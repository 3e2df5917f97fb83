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
    else if constexpr (std::is_arithmetic_v<T>) return std::to_string(v);
    else return std::string(v);
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

// The documented options of each pass (see the `options` struct in include/zhnorm/passes/).
inline const std::vector<pass_option>& pass_options() {
    using zhnorm::collapse_doubled;
    static const std::vector<pass_option> table = {
        bind_option<collapse_doubled>("min_chars", &collapse_doubled::options::min_chars,
                                      "fewest distinct characters a collapsed line keeps"),
        bind_option<collapse_doubled>("max_repeat", &collapse_doubled::options::max_repeat,
                                      "largest repeat factor looked for (2 to 4)"),
        bind_option<collapse_doubled>("merge_adjacent", &collapse_doubled::options::merge_adjacent,
                                      "merge adjacent collapsed lines into one headline"),
    };
    return table;
}

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
