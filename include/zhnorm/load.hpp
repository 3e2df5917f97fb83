#pragma once
// Input bytes -> document: validated UTF-8 buffer and line spans, in one pass over the bytes.
#include <cstddef>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

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

// Copies the input into the document's buffer, replacing invalid sequences.
inline void fill_buffer(document& doc, std::string_view in, const load_options& opts) {
    const std::size_t first_bad = valid_utf8_prefix(in.data(), in.size());
    if (first_bad == in.size()) {
        auto buf = std::make_unique_for_overwrite<char[]>(in.size() + 1);
        if (!in.empty()) std::memcpy(buf.get(), in.data(), in.size());
        buf[in.size()] = '\0';
        doc.adopt_buffer(std::move(buf), in.size());
        return;
    }
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
    auto buf = std::make_unique_for_overwrite<char[]>(out.size() + 1);
    std::memcpy(buf.get(), out.data(), out.size());
    buf[out.size()] = '\0';
    doc.adopt_buffer(std::move(buf), out.size());
}

inline void push_line(document& doc, const char* base, std::size_t b, std::size_t e, line_end end, bool hard) {
    line l;
    l.text = std::string_view(base + b, e - b);
    l.source = {doc.input_offset(b), doc.input_offset(e)};
    l.end = end;
    l.hard_break = hard;
    doc.lines.push_back(l);
}

// Splits the buffer into lines. LF, CR LF and lone CR end a line; U+2028 ends a line, U+2029 and
// form feed end a line and forbid joining across it.
inline void split_lines(document& doc) {
    const std::string_view buf = doc.buffer();
    const char* base = buf.data();
    std::size_t start = 0;
    if (buf.substr(0, 3) == "\xEF\xBB\xBF") {
        doc.input.bom = true;
        start = 3;
    }
    const bool simple = std::memchr(base, '\r', buf.size()) == nullptr &&
                        std::memchr(base, '\f', buf.size()) == nullptr &&
                        buf.find("\xE2\x80\xA8") == std::string_view::npos &&
                        buf.find("\xE2\x80\xA9") == std::string_view::npos;
    doc.lines.reserve(buf.size() / 32 + 1);
    for (const char* z = static_cast<const char*>(std::memchr(base, '\0', buf.size())); z;
         z = static_cast<const char*>(std::memchr(z + 1, '\0', static_cast<std::size_t>(base + buf.size() - z - 1))))
        ++doc.input.nul_bytes;
    if (simple) {
        std::size_t b = start;
        while (b < buf.size()) {
            const void* nl = std::memchr(base + b, '\n', buf.size() - b);
            if (!nl) break;
            const auto e = static_cast<std::size_t>(static_cast<const char*>(nl) - base);
            push_line(doc, base, b, e, line_end::lf, false);
            b = e + 1;
        }
        if (b < buf.size()) push_line(doc, base, b, buf.size(), line_end::end_of_input, false);
        return;
    }
    std::size_t b = start;
    std::size_t i = start;
    while (i < buf.size()) {
        const char c = base[i];
        if (c == '\n') {
            push_line(doc, base, b, i, line_end::lf, false);
            b = ++i;
        } else if (c == '\r') {
            const bool crlf = i + 1 < buf.size() && base[i + 1] == '\n';
            push_line(doc, base, b, i, crlf ? line_end::crlf : line_end::cr, false);
            ++(crlf ? doc.input.crlf : doc.input.lone_cr);
            i += crlf ? 2 : 1;
            b = i;
        } else if (c == '\f') {
            push_line(doc, base, b, i, line_end::separator, true);
            b = ++i;
        } else if (c == '\xE2' && i + 2 < buf.size() && base[i + 1] == '\x80' &&
                   (base[i + 2] == '\xA8' || base[i + 2] == '\xA9')) {
            push_line(doc, base, b, i, line_end::separator, base[i + 2] == '\xA9');
            i += 3;
            b = i;
        } else {
            ++i;
        }
    }
    if (b < buf.size()) push_line(doc, base, b, buf.size(), line_end::end_of_input, false);
}

} // namespace detail

// Validates and copies `input`, then splits it into lines. Never fails under input_policy::replace.
[[nodiscard]] inline document load(std::string_view input, const load_options& opts = {}) {
    document doc;
    doc.input.bytes = input.size();
    detail::fill_buffer(doc, input, opts);
    detail::split_lines(doc);
    return doc;
}

} // namespace zhnorm
