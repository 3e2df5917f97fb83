#pragma once
// Input bytes -> document: validated UTF-8 buffer and line spans. One validating scan of the input
// (which also counts the line ends), one copy, one scan for the line ends.
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "zhnorm/detail/huge_pages.hpp"
#include "zhnorm/detail/utf8_validate.hpp"
#include "zhnorm/document.hpp"

namespace zhnorm {

enum class input_policy : std::uint8_t {
    replace,  // each invalid sequence becomes U+FFFD and is counted in document::input
    strict,   // the first invalid sequence throws decode_error
};

struct load_options {
    input_policy policy = input_policy::replace;
};

class decode_error : public std::runtime_error {
public:
    explicit decode_error(std::size_t offset)
        : std::runtime_error("invalid UTF-8 at byte offset " + std::to_string(offset)), offset_(offset) {}
    [[nodiscard]] std::size_t offset() const noexcept { return offset_; }

private:
    std::size_t offset_;
};

namespace detail {

inline constexpr std::string_view replacement_char = "\xEF\xBF\xBD";

// Copies the input into the document's buffer, replacing invalid sequences. Returns what the
// validating scan found in the buffer (line feeds, NULs, other line ends).
inline utf8_scan fill_buffer(document& doc, std::string_view in, const load_options& opts) {
    char* copy = doc.buffer_storage(in.size() + 1);
    const utf8_scan scan = scan_utf8(in.data(), in.size(), copy);
    if (scan.valid == in.size()) {
        copy[in.size()] = '\0';
        doc.set_buffer_size(in.size());
        return scan;
    }
    const std::size_t first_bad = scan.valid;
    if (opts.policy == input_policy::strict) throw decode_error(first_bad);
    // Slow path: at most three output bytes per input byte.
    std::string out;
    out.reserve(in.size() + in.size() / 8 + 16);
    std::size_t i = 0;
    doc.input.first_invalid = first_bad;
    while (i < in.size()) {
        const std::size_t ok = valid_utf8_prefix(in.data() + i, in.size() - i);
        out.append(in.data() + i, ok);
        i += ok;
        if (i == in.size()) break;
        const std::size_t bad = invalid_utf8_length(in.data() + i, in.size() - i);
        out.append(replacement_char);
        i += bad;
        ++doc.input.replaced;
        doc.add_offset_shift(out.size(), static_cast<std::ptrdiff_t>(i) - static_cast<std::ptrdiff_t>(out.size()));
    }
    char* buf = doc.buffer_storage(out.size() + 1);
    std::memcpy(buf, out.data(), out.size());
    buf[out.size()] = '\0';
    doc.set_buffer_size(out.size());
    return scan_utf8(out.data(), out.size());
}

// Calls f(offset) for each byte of [from, n) that `hit` selects, in order; `hits64` gives the same
// selection for 64 bytes at a time as a bit mask (where SSE2 is available).
template <class Hit, class Hits64, class F>
inline void for_each_hit(const char* base, std::size_t from, std::size_t n, Hit hit, [[maybe_unused]] Hits64 hits64,
                         F&& f) {
    std::size_t i = from;
#if ZHNORM_SSE2
    for (; n - i >= 64; i += 64)
        for (std::uint64_t m = hits64(utf8_detail::block64(reinterpret_cast<const unsigned char*>(base + i))); m != 0;
             m &= m - 1)
            f(i + static_cast<std::size_t>(std::countr_zero(m)));
#endif
    for (; i < n; ++i)
        if (hit(base[i])) f(i);
}

// The lines of [start, size) cut at each '\n' (no other line ends, input offsets = buffer offsets),
// appended to `lines`; returns where the last, unended line starts.
inline std::size_t split_lf_lines(std::vector<line>& lines, const char* base, std::size_t start, std::size_t size) {
    std::size_t b = start;
    for_each_hit(
        base, start, size, [](char c) { return c == '\n'; }, [](const auto& blk) { return blk.eq('\n'); },
        [&](std::size_t e) {
            lines.push_back(line{std::string_view(base + b, e - b), source_range{b, e}, 1, line_end::lf, false});
            b = e + 1;
        });
    return b;
}

#if ZHNORM_AVX2
// split_lf_lines 64 bytes at a time with AVX2.
ZHNORM_TARGET_AVX2 inline std::size_t split_lf_lines_avx2(std::vector<line>& lines, const char* base, std::size_t start,
                                                          std::size_t size) {
    std::size_t b = start, i = start;
    const __m256i lf = _mm256_set1_epi8('\n');
    const auto* p = reinterpret_cast<const unsigned char*>(base);
    for (; size - i >= 64; i += 64)
        for (std::uint64_t m = utf8_detail::avx2::mask(_mm256_cmpeq_epi8(utf8_detail::avx2::load(p + i), lf),
                                                       _mm256_cmpeq_epi8(utf8_detail::avx2::load(p + i + 32), lf));
             m != 0; m &= m - 1) {
            const std::size_t e = i + static_cast<std::size_t>(std::countr_zero(m));
            lines.push_back(line{std::string_view(base + b, e - b), source_range{b, e}, 1, line_end::lf, false});
            b = e + 1;
        }
    for (; i < size; ++i)
        if (base[i] == '\n') {
            lines.push_back(line{std::string_view(base + b, i - b), source_range{b, i}, 1, line_end::lf, false});
            b = i + 1;
        }
    return b;
}
#endif

// Splits the buffer into lines. LF, CR LF and lone CR end a line; U+2028 ends a line, U+2029 and
// form feed end a line and forbid joining across it. `scan` is what validation found in the buffer:
// without other line ends, lines are cut at each '\n' found 64 bytes at a time.
inline void split_lines(document& doc, const utf8_scan& scan) {
    const std::string_view buf = doc.buffer();
    const char* base = buf.data();
    const std::size_t size = buf.size();
    std::size_t start = 0;
    if (buf.substr(0, 3) == "\xEF\xBB\xBF") {
        doc.input.bom = true;
        start = 3;
    }
    doc.input.nul_bytes += scan.nuls;
    reserve_large(doc.lines, scan.newlines + 1);
    // Input offsets are buffer offsets unless an invalid sequence was replaced.
    const bool shifted = doc.input.replaced > 0;
    auto push = [&](std::size_t b, std::size_t e, line_end end, bool hard) {
        line l;
        l.text = std::string_view(base + b, e - b);
        l.source = shifted ? source_range{doc.input_offset(b), doc.input_offset(e)} : source_range{b, e};
        l.end = end;
        l.hard_break = hard;
        doc.lines.push_back(l);
    };
#if ZHNORM_SSE2
    using utf8_detail::block64;
#endif
    std::size_t b = start;
    if (!scan.other_breaks && !shifted) {  // the common case: LF only, offsets as they are
#if ZHNORM_AVX2
        b = use_avx2() ? split_lf_lines_avx2(doc.lines, base, start, size) : split_lf_lines(doc.lines, base, start, size);
#else
        b = split_lf_lines(doc.lines, base, start, size);
#endif
        if (b < size) push(b, size, line_end::end_of_input, false);
        return;
    }
    if (!scan.other_breaks) {
        for_each_hit(
            base, start, size, [](char c) { return c == '\n'; },
            [](const auto& blk) { return blk.eq('\n'); },
            [&](std::size_t e) {
                push(b, e, line_end::lf, false);
                b = e + 1;
            });
        if (b < size) push(b, size, line_end::end_of_input, false);
        return;
    }
    std::size_t i = start;  // the next byte not yet consumed by a line end
    for_each_hit(
        base, start, size, [](char c) { return c == '\n' || c == '\r' || c == '\f' || c == '\xE2'; },
        [](const auto& blk) { return blk.eq('\n') | blk.eq('\r') | blk.eq('\f') | blk.eq('\xE2'); },
        [&](std::size_t pos) {
            if (pos < i) return;  // the LF of a CR LF
            const char c = base[pos];
            if (c == '\n') {
                push(b, pos, line_end::lf, false);
                b = i = pos + 1;
            } else if (c == '\r') {
                const bool crlf = pos + 1 < size && base[pos + 1] == '\n';
                push(b, pos, crlf ? line_end::crlf : line_end::cr, false);
                ++(crlf ? doc.input.crlf : doc.input.lone_cr);
                b = i = pos + (crlf ? 2 : 1);
            } else if (c == '\f') {
                push(b, pos, line_end::separator, true);
                b = i = pos + 1;
            } else if (pos + 2 < size && base[pos + 1] == '\x80' && (base[pos + 2] == '\xA8' || base[pos + 2] == '\xA9')) {
                push(b, pos, line_end::separator, base[pos + 2] == '\xA9');
                b = i = pos + 3;
            }
        });
    if (b < size) push(b, size, line_end::end_of_input, false);
}

} // namespace detail

// Validates and copies `input` into `into` (cleared first, its storage reused), then splits it
// into lines. Never fails under input_policy::replace; under strict, decode_error leaves `into`
// without lines.
inline void load(std::string_view input, document& into, const load_options& opts = {}) {
    into.clear();
    into.input.bytes = input.size();
    const auto scan = detail::fill_buffer(into, input, opts);
    detail::split_lines(into, scan);
}

// The same into a new document.
[[nodiscard]] inline document load(std::string_view input, const load_options& opts = {}) {
    document doc;
    load(input, doc, opts);
    return doc;
}

} // namespace zhnorm
