#pragma once
// Rebuilds paragraphs from hard-wrapped lines. (Skeleton: one block per non-blank line.)
#include <string_view>

#include "zhnorm/document.hpp"

namespace zhnorm {

struct line_join {
    static constexpr std::string_view name = "line_join";
    struct options {
    } opts;

    void operator()(document& doc) const { doc.materialize_blocks(); }
};

} // namespace zhnorm
