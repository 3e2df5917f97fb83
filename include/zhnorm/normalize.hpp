#pragma once
// The default newspaper pipeline and the one-call entry point.
#include <string_view>

#include "zhnorm/document.hpp"
#include "zhnorm/load.hpp"
#include "zhnorm/passes/collapse_doubled.hpp"
#include "zhnorm/passes/credits.hpp"
#include "zhnorm/passes/fullwidth_spacing.hpp"
#include "zhnorm/passes/line_join.hpp"
#include "zhnorm/pipeline.hpp"

namespace zhnorm {

using newspaper_pipeline = pipeline<collapse_doubled, line_join, fullwidth_spacing, credits>;

[[nodiscard]] inline newspaper_pipeline default_pipeline() { return newspaper_pipeline{}; }

// Runs the default newspaper pipeline over one page of extracted text.
[[nodiscard]] inline document normalize(std::string_view text, const load_options& lo = {}) {
    return default_pipeline()(text, lo);
}

// The same into `into`, reusing its memory (see document::clear).
inline void normalize(std::string_view text, document& into, const load_options& lo = {}) {
    default_pipeline()(text, into, lo);
}

} // namespace zhnorm
