#pragma once
// Input bytes -> document: validated UTF-8 buffer and line spans. One scan of the input validates
// it, copies it and cuts its LF lines; only input with other line ends (CR, U+2028, form feed) or
// replaced bytes is scanned again for them.
#include <algorithm>
#include <array>
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

#if ZHNORM_SSE2 && (defined(__x86_64__) || defined(_M_X64))
#define ZHNORM_STREAM_LINES 1
#else
#define ZHNORM_STREAM_LINES 0
#endif

namespace detail {

inline constexpr std::string_view replacement_char = "\xEF\xBF\xBD";

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

// Bytes of [p, p+n) equal to c (std::count, which GCC does not vectorize: three instructions a byte).
[[nodiscard]] inline std::size_t count_byte(const char* p, std::size_t n, char c) noexcept {
    std::size_t i = 0, k = 0;
#if ZHNORM_SSE2
    utf8_detail::lane_counter lanes;
    const __m128i v = _mm_set1_epi8(c);
    for (; n - i >= 64; i += 64) {
        __m128i acc = _mm_setzero_si128();
        for (int j = 0; j < 4; ++j)
            acc = _mm_sub_epi8(acc, _mm_cmpeq_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i + 16 * j)), v));
        lanes.add_counts(acc);
    }
    k = lanes.total();
#endif
    for (; i < n; ++i) k += p[i] == c ? 1 : 0;
    return k;
}

// A line table larger than this is written with streaming stores: ordinary stores first read
// every cache line they fill, and a table this large would be out of the cache before the next
// pass reads it anyway. Below it the table is written through the cache on purpose: collapse and
// line_join read it right after load, and streaming a 40 MiB table (a million short lines) made
// load alone twice as fast but the pipeline on such input about a fifth slower.
inline constexpr std::size_t stream_table_min = std::size_t{256} << 20;

// Line tables up to this size are made whole before the lines are written (see fill_buffer).
inline constexpr std::size_t prefill_table_max = std::size_t{1} << 20;

// Appends LF-ended line records (input offsets = buffer offsets) to a vector: first over the
// elements it already holds from `from` on (records of an earlier load, dropped if not all are
// overwritten), then by push_back. Writing over held elements needs no capacity check and, with
// Stream, no read of the memory first. A splitter copies the writer into a local (so that its
// pointers live in registers) and back; call finish() once at the end.
template <bool Stream>
class line_writer {
public:
    line_writer(std::vector<line>& v, std::size_t from) noexcept
        : v_(&v), at_(v.data() + from), end_(v.data() + v.size()),
          block_end_(v.size() >= 64 ? end_ - 63 : v.data()), lf_tail_(tail(line_end::lf)) {}

    [[gnu::always_inline]] void put(const char* base, std::size_t b, std::size_t e) {
        if (at_ != end_) [[likely]]
            store(at_++, base, b, e, line_end::lf, lf_tail_);
        else
            v_->push_back(line{std::string_view(base + b, e - b), source_range{b, e}, 1, line_end::lf, false});
    }

    // True while at least 64 held records are not yet written over: then a block's lines may be
    // written from cursor() on with put_held() and no capacity check, and advance() says where
    // writing stopped. (The caller keeps the cursor in a local: a record store may alias the
    // writer's members, not a local.)
    [[nodiscard, gnu::always_inline]] bool room_for_block() const noexcept { return at_ < block_end_; }
    [[nodiscard, gnu::always_inline]] line* cursor() const noexcept { return at_; }
    [[nodiscard, gnu::always_inline]] long long lf_tail() const noexcept { return lf_tail_; }
    [[gnu::always_inline]] static void put_held(line* to, const char* base, std::size_t b, std::size_t e,
                                                long long lf_tail) noexcept {
        store(to, base, b, e, line_end::lf, lf_tail);
    }
    [[gnu::always_inline]] void advance(line* to) noexcept { at_ = to; }

    // The last line, unended.
    void put_last(const char* base, std::size_t b, std::size_t e) {
        constexpr line_end end = line_end::end_of_input;
        if (at_ != end_)
            store(at_++, base, b, e, end, tail(end));
        else
            v_->push_back(line{std::string_view(base + b, e - b), source_range{b, e}, 1, end, false});
    }

    void finish() {
        if (at_ != end_) v_->resize(static_cast<std::size_t>(at_ - v_->data()));
#if ZHNORM_STREAM_LINES
        if constexpr (Stream) _mm_sfence();
#endif
    }

private:
    // A record is five 8-byte words: text, source, then repeat, end and hard_break with padding.
    static constexpr bool packed = sizeof(line) == 40 && offsetof(line, source) == 16 && offsetof(line, repeat) == 32 &&
                                   offsetof(line, end) == 33 && offsetof(line, hard_break) == 34 &&
                                   sizeof(std::string_view) == 16 && sizeof(source_range) == 16 &&
                                   offsetof(source_range, end) == 8 && sizeof(long long) == 8;
#if ZHNORM_STREAM_LINES
    static constexpr bool stream = Stream && packed;
#else
    static constexpr bool stream = false;
#endif

    // The last 8 bytes of a record: repeat 1, `end`, no hard break, zero padding.
    static long long tail(line_end end) noexcept {
        long long t = 0;
        if constexpr (packed) {
            const line proto{{}, {}, 1, end, false};
            std::memcpy(&t, &proto.repeat, 3);
        }
        return t;
    }

    [[gnu::always_inline]] static void store(line* to, const char* base, std::size_t b, std::size_t e, line_end end,
                                             [[maybe_unused]] long long tail) noexcept {
#if ZHNORM_STREAM_LINES
        if constexpr (stream) {
            // Five 8-byte words straight to memory.
            const auto text = std::bit_cast<std::array<long long, 2>>(std::string_view(base + b, e - b));
            auto* d = reinterpret_cast<long long*>(to);
            _mm_stream_si64(d, text[0]);
            _mm_stream_si64(d + 1, text[1]);
            _mm_stream_si64(d + 2, static_cast<long long>(b));
            _mm_stream_si64(d + 3, static_cast<long long>(e));
            _mm_stream_si64(d + 4, tail);
            return;
        }
#endif
        if constexpr (packed) {
            // Five word stores (field by field, the three small fields cost three more).
            const auto text = std::bit_cast<std::array<long long, 2>>(std::string_view(base + b, e - b));
            auto* d = reinterpret_cast<char*>(to);
            const long long source[2] = {static_cast<long long>(b), static_cast<long long>(e)};
            std::memcpy(d, &text[0], 8);
            std::memcpy(d + 8, &text[1], 8);
            std::memcpy(d + 16, &source[0], 8);
            std::memcpy(d + 24, &source[1], 8);
            std::memcpy(d + 32, &tail, 8);
            return;
        }
        to->text = std::string_view(base + b, e - b);
        to->source = source_range{b, e};
        to->repeat = 1;
        to->end = end;
        to->hard_break = false;
    }

    std::vector<line>* v_;
    line* at_;
    line* end_;
    line* block_end_;  // from here on fewer than 64 held records remain
    long long lf_tail_;
};

// Where the first line starts: after a byte order mark, if any.
[[nodiscard]] inline std::size_t text_start(std::string_view s) noexcept { return s.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0; }

// The scan's line feed sink (see no_lf_sink): cuts LF lines of the copy as the scan passes them.
template <class Writer>
struct lf_splitter {
    static constexpr bool active = true;
    Writer out;
    const char* base;
    std::size_t b;  // where the next line starts

    [[gnu::always_inline]] void lfs(std::size_t at, std::uint64_t m) {
        if (out.room_for_block()) [[likely]] {  // room for every line feed of the block: no check per line
            line* to = out.cursor();
            const long long tail = out.lf_tail();
            std::size_t from = b;
            for (; m != 0; m &= m - 1) {
                const std::size_t e = at + static_cast<std::size_t>(std::countr_zero(m));
                Writer::put_held(to++, base, from, e, tail);
                from = e + 1;
            }
            out.advance(to);
            b = from;
            return;
        }
        for (; m != 0; m &= m - 1) {
            const std::size_t e = at + static_cast<std::size_t>(std::countr_zero(m));
            out.put(base, b, e);
            b = e + 1;
        }
    }
    void range(std::size_t from, std::size_t to) {
        if (from >= to) return;
        for_each_hit(
            base, from, to, [](char c) { return c == '\n'; }, [](const auto& blk) { return blk.eq('\n'); },
            [&](std::size_t e) {
                out.put(base, b, e);
                b = e + 1;
            });
    }
};

struct filled {
    utf8_scan scan;            // what the validating scan found in the buffer
    bool lines = false;        // doc.lines holds the lines before `resume`: all of them unless scan.other_breaks
    std::size_t resume = 0;
};

// Copies the input into the document's buffer, replacing invalid sequences, and, in the same pass
// when the input is valid, cuts its lines at each '\n' up to the first other line end (doc.lines
// must be empty; `reuse` is the line table of an earlier load: its storage and records to write
// over).
inline filled fill_buffer(document& doc, std::string_view in, const load_options& opts, std::vector<line>&& reuse) {
    char* copy = doc.buffer_storage(in.size() + 1);
    std::size_t first_bad;
    {
        // Lines expected, from the first 64 KiB: room reserved for a few more (push_back grows
        // the table should the rest have many more). The guess for the rest is held to one line
        // per 16 bytes, so a dense start (a run of blank lines) cannot reserve many times the
        // input's size in line records.
        const std::size_t sample = std::min<std::size_t>(in.size(), std::size_t{1} << 16);
        const std::size_t lfs = count_byte(in.data(), sample, '\n');
        const std::size_t expect = sample == 0 ? 1 : std::min(lfs * (in.size() / sample), in.size() / 16) + lfs + 1;
        doc.lines = std::move(reuse);
        if (doc.lines.capacity() < expect) {
            doc.lines.clear();  // nothing to copy over
            reserve_large(doc.lines, expect + expect / 8);
        }
        // A small table is filled with default records first, for the writer to write over (a
        // block's lines then need no capacity check, where push_back checks and counts each):
        // small enough to stay in the cache between the two writes.
        if (doc.lines.size() < expect && expect * sizeof(line) <= prefill_table_max) doc.lines.resize(expect);
        auto run = [&](auto w) {
            lf_splitter<decltype(w)> sink{w, copy, text_start(in)};
            const utf8_scan scan = scan_utf8(in.data(), in.size(), copy, sink);
            if (scan.valid == in.size() && !scan.other_breaks && sink.b < in.size()) sink.out.put_last(copy, sink.b, in.size());
            sink.out.finish();
            return filled{scan, true, sink.b};
        };
        const filled f = expect * sizeof(line) >= stream_table_min ? run(line_writer<true>(doc.lines, 0))
                                                                     : run(line_writer<false>(doc.lines, 0));
        if (f.scan.valid == in.size()) {
            copy[in.size()] = '\0';
            doc.set_buffer_size(in.size());
            return f;
        }
        doc.lines.clear();
        first_bad = f.scan.valid;
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
    char* buf = doc.buffer_storage(out.size() + 1);
    std::memcpy(buf, out.data(), out.size());
    buf[out.size()] = '\0';
    doc.set_buffer_size(out.size());
    return filled{scan_utf8(out.data(), out.size()), false, 0};
}


// Splits the buffer into lines. LF, CR LF and lone CR end a line; U+2028 ends a line, U+2029 and
// form feed end a line and forbid joining across it. `f` says what validation found in the buffer
// and which lines it already cut (every one unless other line ends or replaced bytes showed up).
inline void split_lines(document& doc, const filled& f) {
    const utf8_scan& scan = f.scan;
    const std::string_view buf = doc.buffer();
    const char* base = buf.data();
    const std::size_t size = buf.size();
    const std::size_t start = text_start(buf);
    doc.input.bom = start != 0;
    doc.input.nul_bytes += scan.nuls;
    if (f.lines && !scan.other_breaks) return;  // the common case: cut in the validating scan
    // Input offsets are buffer offsets unless an invalid sequence was replaced.
    const bool shifted = doc.input.replaced > 0;
    if (!f.lines) doc.lines.clear();
    reserve_large(doc.lines, doc.lines.size() + scan.newlines + 1);
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
    std::size_t b = f.lines ? f.resume : start;  // lines before f.resume end in '\n' before any other line end
    if (!scan.other_breaks) {
        for_each_hit(
            base, b, size, [](char c) { return c == '\n'; },
            [](const auto& blk) { return blk.eq('\n'); },
            [&](std::size_t e) {
                push(b, e, line_end::lf, false);
                b = e + 1;
            });
        if (b < size) push(b, size, line_end::end_of_input, false);
        return;
    }
    std::size_t i = b;  // the next byte not yet consumed by a line end
    for_each_hit(
        base, b, size, [](char c) { return c == '\n' || c == '\r' || c == '\f' || c == '\xE2'; },
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
    // The old line records are overwritten rather than cleared and appended to (see line_writer).
    std::vector<line> kept = std::move(into.lines);
    into.clear();
    into.input.bytes = input.size();
    detail::split_lines(into, detail::fill_buffer(into, input, opts, std::move(kept)));
}

// The same into a new document.
[[nodiscard]] inline document load(std::string_view input, const load_options& opts = {}) {
    document doc;
    load(input, doc, opts);
    return doc;
}

} // namespace zhnorm
