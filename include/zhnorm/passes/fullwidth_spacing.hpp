#pragma once
// Removes extraction spaces around full-width punctuation and fixes character widths. (Skeleton.)
#include <string_view>

#include "zhnorm/document.hpp"

namespace zhnorm {

struct fullwidth_spacing {
    static constexpr std::string_view name = "fullwidth_spacing";
    struct options {
    } opts;

    void operator()(document& doc) const { doc.materialize_blocks(); }
};

} // namespace zhnorm
