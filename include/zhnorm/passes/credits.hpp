#pragma once
// Finds dateline bylines and photo/author credits. (Skeleton.)
#include <string_view>

#include "zhnorm/document.hpp"

namespace zhnorm {

struct credits {
    static constexpr std::string_view name = "credits";
    struct options {
    } opts;

    void operator()(document& doc) const { doc.materialize_blocks(); }
};

} // namespace zhnorm
