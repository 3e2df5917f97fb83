#pragma once
// The width of a page's body column, estimated from the widths of its lines: the mode of the
// widths of lines that carry sentence punctuation, if enough of them agree. Full lines of a
// justified column measure within an em of each other; first lines, last lines, headlines and
// one-paragraph-per-line text scatter and do not form a peak.
#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "zhnorm/detail/line_metrics.hpp"

namespace zhnorm::detail {

struct column_estimate {
    std::uint32_t width = 0;  // half-ems; 0 when the page is not set in a column
    std::size_t lines = 0;    // body lines within an em of that width
    std::size_t body = 0;     // body lines considered
};

// Columns from 6 to 40 ems are looked for. `min_lines` body lines, and `min_share` of all body
// lines, must lie within an em of the mode.
[[nodiscard]] inline column_estimate estimate_column(const std::vector<line_metrics>& lines, std::size_t min_lines,
                                                     double min_share) noexcept {
    constexpr std::uint32_t lo = 12, hi = 80;
    std::array<std::uint32_t, hi + 1> hist{};
    column_estimate out;
    for (const auto& m : lines) {
        if (!m.is(line_metrics::has_cjk) || !m.is(line_metrics::sentence_punct)) continue;
        ++out.body;
        if (m.width >= lo && m.width <= hi) ++hist[m.width];
    }
    std::uint32_t best = 0, best_count = 0;
    for (std::uint32_t c = lo; c <= hi; ++c) {
        std::uint32_t n = 0;
        for (std::uint32_t d = c - 2; d <= c + 2 && d <= hi; ++d) n += hist[d];
        if (n > best_count) { best_count = n; best = c; }
    }
    if (best_count == 0) return out;
    std::uint32_t mode = best;
    for (std::uint32_t d = best - 2; d <= best + 2 && d <= hi; ++d)
        if (hist[d] > hist[mode]) mode = d;
    out.lines = best_count;
    if (best_count >= min_lines && static_cast<double>(best_count) >= min_share * static_cast<double>(out.body))
        out.width = mode;
    return out;
}

} // namespace zhnorm::detail
