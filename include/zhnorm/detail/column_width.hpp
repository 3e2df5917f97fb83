#pragma once
// The width of a page's body column, estimated from the widths of its lines: the mode of the
// widths of lines that carry sentence punctuation, if enough of them agree. Full lines of a
// justified column measure within an em of each other; first lines, last lines, headlines and
// one-paragraph-per-line text scatter and do not form a peak.
#include <algorithm>
#include <array>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <span>

#include "zhnorm/detail/line_metrics.hpp"

namespace zhnorm::detail {

struct column_estimate {
    std::uint32_t width = 0;  // half-ems; 0 when the page is not set in a column
    std::size_t lines = 0;    // body lines within an em of that width
    std::size_t body = 0;     // body lines considered
};

// Columns from 6 to 40 ems are looked for.
inline constexpr std::uint32_t column_lo = 12, column_hi = 80;

// A body line: CJK text with sentence punctuation.
[[nodiscard]] constexpr bool body_line(const line_metrics& m) noexcept {
    return m.is(line_metrics::has_cjk) && m.is(line_metrics::sentence_punct);
}

// The widths of a page's body lines, gathered line by line (the caller's measuring loop adds each
// line as it measures it, rather than a second pass over the lines).
struct column_histogram {
    std::array<std::uint32_t, column_hi + 1> hist{};
    std::size_t body = 0;  // body lines, of any width
    // True when `m` is a body line of a width a column may have (the lines local_columns() reads).
    bool add(const line_metrics& m) noexcept {
        if (!body_line(m)) return false;
        ++body;
        if (m.width < column_lo || m.width > column_hi) return false;
        ++hist[m.width];
        return true;
    }
    // add() of a line known to have CJK.
    [[gnu::always_inline]] bool add_cjk(const line_metrics& m) noexcept {
        if (!m.is(line_metrics::sentence_punct)) return false;
        ++body;
        if (m.width < column_lo || m.width > column_hi) return false;
        ++hist[m.width];
        return true;
    }
};

// `min_lines` body lines, and `min_share` of all body lines, must lie within an em of the mode.
[[nodiscard]] inline column_estimate estimate_column(const column_histogram& h, std::size_t min_lines,
                                                     double min_share) noexcept {
    constexpr std::uint32_t lo = column_lo, hi = column_hi;
    const auto& hist = h.hist;
    column_estimate out;
    out.body = h.body;
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

[[nodiscard]] inline column_estimate estimate_column(std::span<const line_metrics> lines, std::size_t min_lines,
                                                     double min_share) noexcept {
    column_histogram h;
    for (const auto& m : lines) h.add(m);
    return estimate_column(h, min_lines, min_share);
}

// The set bits of x (a portable popcount: std::popcount is a library call unless -mpopcnt).
[[nodiscard]] constexpr std::size_t bit_count(std::uint64_t x) noexcept {
    x -= (x >> 1) & 0x5555555555555555u;
    x = (x & 0x3333333333333333u) + ((x >> 2) & 0x3333333333333333u);
    x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0Fu;
    return static_cast<std::size_t>((x * 0x0101010101010101u) >> 56);
}

// The column each line is set in, half-ems, written to `cols` (one entry a line): for a body line,
// the mode of the widths of the body lines within `window` body lines before and after it, when
// `min_lines` of them lie within an em of it; else `page`. Other lines take the column of the next
// body line (or the last one). `body` lists the body lines of a column's width (column_histogram::
// add() was true), in order. One pass with a sliding window: linear in the number of lines.
// False, with `cols` left unwritten, when every line is set in the page's column.
[[nodiscard]] inline bool local_columns(std::span<const line_metrics> lines, std::span<const std::uint32_t> body,
                                        std::uint32_t page, std::size_t window, std::size_t min_lines,
                                        std::span<std::uint16_t> cols) noexcept {
    constexpr std::uint32_t lo = column_lo, hi = column_hi;
    if (body.empty() || window == 0) return false;
    // How many of the window's widths lie within an em of the page's column decides the common
    // case. From one window to the next, 2 * near_page - lines changes by at most 2 (a line comes
    // in, a line goes out): where it is m > 0, the next (m - 1) / 2 windows hold the page's column
    // too, and are skipped. The window's histogram is brought up to date only where the page's
    // column does not hold (both ends of the window only move forward: each line is added and
    // removed at most once).
    std::array<std::uint32_t, hi + 3> hist{};
    std::size_t near_page = 0;
    const bool page_in_range = page >= lo && page <= hi;
    auto near = [&](std::size_t k) {  // as a count: no branch on widths near the page's and not
        const std::uint32_t x = lines[body[k]].width;
        return static_cast<std::size_t>(x + 2 - page <= 4u);  // page - 2 <= x <= page + 2 (unsigned: wraps below)
    };
    const std::size_t n = body.size();
    bool changed = false;  // some body line is set in another column than the page's
    std::size_t in_lo = 0, in_hi = 0;  // the window is body[in_lo, in_hi)
    const bool ring_fits = window < 32;     // 2 * window + 1 <= 63
    std::uint64_t ring = 0;
    std::size_t h_lo = 0, h_hi = 0;    // hist holds the widths of body[h_lo, h_hi)
    for (std::size_t b = 0; b < n; ++b) {
        const std::size_t want_hi = std::min(n, b + window + 1), want_lo = b > window ? b - window : 0;
        // Lines leave before others come in (in_lo never passes in_hi: a skip is at most `window`
        // windows), so the window never spans more than 2 * window + 1 lines. Where that is at
        // most 63, `ring` keeps what near() said of each line up to in_hi (bit j: line in_hi - 1 - j)
        // and the window's count is the bits of its lines: a line leaving costs nothing.
        if (ring_fits) {
            assert(want_lo <= in_hi);
            in_lo = want_lo;
            for (; in_hi < want_hi; ++in_hi) ring = ring << 1 | near(in_hi);
            near_page = bit_count(ring & ((std::uint64_t{1} << (in_hi - in_lo)) - 1));
        } else {
            while (in_lo < want_lo) near_page -= near(in_lo++);
            while (in_hi < want_hi) near_page += near(in_hi++);
        }
        if (page_in_range && 2 * near_page > in_hi - in_lo) {  // most lines fill the page's column
            b += (2 * near_page - (in_hi - in_lo) - 1) / 2;
            continue;
        }
        if (h_hi <= in_lo) {
            while (h_lo < h_hi) --hist[lines[body[h_lo++]].width];
            h_lo = h_hi = in_lo;
        }
        while (h_lo < in_lo) --hist[lines[body[h_lo++]].width];
        while (h_hi < in_hi) ++hist[lines[body[h_hi++]].width];
        std::uint32_t best = lo, best_near = 0;
        for (std::uint32_t c = lo; c <= hi; ++c) {
            const std::uint32_t nc = hist[c - 2] + hist[c - 1] + hist[c] + hist[c + 1] + hist[c + 2];
            if (nc > best_near) { best_near = nc; best = c; }
        }
        if (best_near < min_lines) continue;
        std::uint32_t mode = best;
        for (std::uint32_t c = best - 2; c <= best + 2; ++c)
            if (hist[c] > hist[mode]) mode = c;
        // Within an em of the page's column it is that column: a few lines make a noisy mode.
        const bool same = page > 0 && mode + 2 >= page && mode <= page + 2;
        if (same) continue;
        if (!changed) std::fill(cols.begin(), cols.end(), static_cast<std::uint16_t>(page));
        cols[body[b]] = static_cast<std::uint16_t>(mode);
        changed = true;
    }
    if (!changed) return false;
    // Lines between body lines take the column of the body line after them; lines after the last
    // one take its column.
    std::fill(cols.begin() + static_cast<std::ptrdiff_t>(body.back()) + 1, cols.end(), cols[body.back()]);
    for (std::size_t b = n; b-- > 0;) {
        const std::size_t from = b > 0 ? body[b - 1] + 1 : 0;
        std::fill(cols.begin() + static_cast<std::ptrdiff_t>(from), cols.begin() + static_cast<std::ptrdiff_t>(body[b]),
                  cols[body[b]]);
    }
    return true;
}

} // namespace zhnorm::detail
