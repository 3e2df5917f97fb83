#pragma once
// The data every pass reads and writes: the validated input, its lines, the blocks built from them,
// and what the passes changed.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "zhnorm/detail/arena.hpp"
#include "zhnorm/detail/huge_pages.hpp"

namespace zhnorm {

// A half-open range of bytes of the caller's input (not of the validated buffer).
struct source_range {
    std::size_t begin = 0;
    std::size_t end = 0;
    [[nodiscard]] constexpr std::size_t size() const noexcept { return end - begin; }
    friend constexpr bool operator==(source_range, source_range) = default;
};

enum class block_kind : std::uint8_t { paragraph, headline, credit };

[[nodiscard]] constexpr std::string_view to_string(block_kind k) noexcept {
    switch (k) {
    case block_kind::headline: return "headline";
    case block_kind::credit: return "credit";
    case block_kind::paragraph: break;
    }
    return "paragraph";
}

// One person named by a byline or credit, role as written (`记者`, `本报记者`, `通讯员`).
struct person {
    std::string role;
    std::string name;
    friend bool operator==(const person&, const person&) = default;
};

// Why a source line ended; line-join treats a hard break as a paragraph end.
enum class line_end : std::uint8_t { lf, crlf, cr, separator, end_of_input };

// A source line before joining. `text` excludes the line end and may be rewritten by a pass
// (the doubled-headline collapse), `source` keeps the input bytes it came from.
struct line {
    std::string_view text;
    source_range source;
    std::uint8_t repeat = 1;  // >1: the collapse pass found every character repeated this often
    line_end end = line_end::lf;
    bool hard_break = false;  // U+2029 or form feed after this line: nothing joins across it
    [[nodiscard]] bool collapsed() const noexcept { return repeat > 1; }
};

struct block {
    block_kind kind = block_kind::paragraph;
    std::string_view text;
    source_range source;
    std::vector<person> people;  // byline people on a paragraph, credit people on a credit
    std::uint8_t repeat = 1;     // >1 when the block is a collapsed doubled headline
};

// One change a pass made, mapped back to the input bytes it touched.
struct edit {
    std::string_view pass;  // the pass's `name`
    std::string_view rule;  // a short static name of the rule that fired
    source_range source;
    std::string before;
    std::string after;
};

struct pass_count {
    std::string_view pass;
    std::size_t edits = 0;
};

// What loading found in the input.
struct input_report {
    std::size_t bytes = 0;               // size of the caller's input
    std::size_t replaced = 0;            // invalid UTF-8 sequences replaced by U+FFFD
    std::size_t first_invalid = npos;    // input offset of the first one
    std::size_t nul_bytes = 0;           // U+0000 kept as is
    std::size_t crlf = 0;                // lines ended by CR LF
    std::size_t lone_cr = 0;             // lines ended by a lone CR
    bool bom = false;                    // a leading U+FEFF was dropped
    static constexpr std::size_t npos = static_cast<std::size_t>(-1);
};

class document {
public:
    document() = default;
    document(document&&) noexcept = default;
    document& operator=(document&&) noexcept = default;
    document(const document&) = delete;
    document& operator=(const document&) = delete;

    std::vector<line> lines;   // source lines, filled by load(); consumed by line-join
    std::vector<block> blocks; // in source order
    std::vector<edit> edits;   // filled only when record_edits is set
    std::vector<pass_count> counts;
    input_report input;
    bool record_edits = false;

    // The validated copy of the input that `line::text` views point into.
    [[nodiscard]] std::string_view buffer() const noexcept { return {buffer_.get(), buffer_size_}; }

    // Storage for rewritten text; views returned stay valid as long as the document.
    [[nodiscard]] detail::text_arena& arena() noexcept { return arena_; }
    std::string_view store(std::string_view s) { return arena_.copy(s); }

    // Adds `n` to the edit count of `pass` (passes call this once per run, not per edit).
    void count(std::string_view pass, std::size_t n) {
        for (auto& c : counts)
            if (c.pass == pass) { c.edits += n; return; }
        counts.push_back({pass, n});
    }
    [[nodiscard]] std::size_t count_of(std::string_view pass) const noexcept {
        for (const auto& c : counts)
            if (c.pass == pass) return c.edits;
        return 0;
    }

    void record(std::string_view pass, std::string_view rule, source_range src, std::string_view before,
                std::string_view after) {
        if (record_edits) edits.push_back({pass, rule, src, std::string(before), std::string(after)});
    }

    // Maps between offsets of the validated buffer and of the caller's input. They differ only
    // after an invalid sequence was replaced (one to four input bytes become three buffer bytes).
    [[nodiscard]] std::size_t input_offset(std::size_t buffer_offset) const noexcept {
        return buffer_offset + delta_at(buffer_offset, true);
    }
    [[nodiscard]] std::size_t buffer_offset(std::size_t input_offset) const noexcept {
        return input_offset - delta_at(input_offset, false);
    }
    [[nodiscard]] std::size_t buffer_offset_of(std::string_view view_into_buffer) const noexcept {
        return static_cast<std::size_t>(view_into_buffer.data() - buffer_.get());
    }

    // The input offset of the character at byte `text_offset` of `b.text`. Passes keep every
    // non-space character in order (a collapsed headline keeps one of each `repeat` copies), so the
    // k-th non-space character of the text is the (k * repeat)-th of the block's source bytes.
    // Linear in the block's length: meant for recording edits and splitting blocks, not per
    // character. Three-byte characters from E4 on (no space among them), the bulk of CJK text, are
    // counted without a call.
    [[nodiscard]] std::size_t locate(const block& b, std::size_t text_offset) const noexcept {
        std::size_t k = 0;
        const std::string_view text = b.text;
        const auto* t = reinterpret_cast<const unsigned char*>(text.data());
        for (std::size_t i = 0; i < text_offset && i < text.size();) {
            if (static_cast<unsigned>(t[i] - 0xE4u) <= 0xBu && i + 3 <= text.size()) {
                ++k;
                i += 3;
                continue;
            }
            const std::size_t n = skip_space(text, i);
            if (n) { i += n; continue; }
            ++k;
            i += char_length(text, i);
        }
        if (text_offset >= text.size()) return b.source.end;
        k *= b.repeat;
        const std::string_view buf = buffer();
        const auto* u = reinterpret_cast<const unsigned char*>(buf.data());
        std::size_t i = buffer_offset(b.source.begin);
        const std::size_t end = std::min(buffer_offset(b.source.end), buf.size());
        while (i < end) {
            if (k > 0 && static_cast<unsigned>(u[i] - 0xE4u) <= 0xBu && i + 3 <= buf.size()) {
                --k;
                i += 3;
                continue;
            }
            const std::size_t n = skip_space(buf, i);
            if (n) { i += n; continue; }
            if (k == 0) return input_offset(i);
            --k;
            i += char_length(buf, i);
        }
        return b.source.end;
    }

    // True once blocks exist (line-join ran, or materialize_blocks() turned each line into one).
    [[nodiscard]] bool has_blocks() const noexcept { return blocked_; }
    void mark_blocked() noexcept { blocked_ = true; }

    // Without line-join, each non-blank line becomes its own block: a collapsed line a headline,
    // any other a paragraph. Passes that work on blocks call this first.
    void materialize_blocks() {
        if (blocked_) return;
        blocked_ = true;
        blocks.reserve(blocks.size() + lines.size());
        for (const auto& l : lines) {
            if (is_blank(l.text)) continue;
            block b;
            b.kind = l.collapsed() ? block_kind::headline : block_kind::paragraph;
            b.text = l.text;
            b.source = l.source;
            b.repeat = l.repeat;
            blocks.push_back(std::move(b));
        }
    }

    // Empties the document for the next input and keeps its storage (buffer, line and block
    // tables, arena chunks), so that a job refilling one document (load(text, doc), or a
    // pipeline's operator()(text, doc)) pays for fresh memory once rather than for every input.
    // Every view into the old text becomes invalid. record_edits is kept.
    void clear() noexcept {
        lines.clear();
        keep_people_storage();
        blocks.clear();
        edits.clear();
        counts.clear();
        input = {};
        buffer_size_ = 0;
        shifts_.clear();
        arena_.clear();
        blocked_ = false;
    }

    // For a pass that rebuilds the block list: an empty vector, with the capacity of the list it
    // last replaced; replace_blocks() installs the new list and keeps the old one's storage.
    [[nodiscard]] std::vector<block> take_block_storage() noexcept { return std::move(spare_blocks_); }
    void replace_blocks(std::vector<block>&& list) {
        spare_blocks_ = std::exchange(blocks, std::move(list));
        spare_blocks_.clear();
    }

    // Storage for a block's people list: an empty vector whose capacity a block of the last input
    // left behind (see clear()), or a new one. The credits pass takes its lists here, so a
    // refilled document does not allocate one per credit and byline.
    [[nodiscard]] std::vector<person> take_people_storage() noexcept {
        std::vector<person> v;
        take_people_storage_into(v);
        return v;
    }

    // The same into `v`, a list with no storage (left so when none is kept), by a swap: no list
    // moved out and destroyed on the way (what the credits pass uses, once per list).
    void take_people_storage_into(std::vector<person>& v) noexcept {
        if (people_storage_.empty()) return;
        v.swap(people_storage_.back());
        people_storage_.pop_back();
    }

    // Writable storage of at least `n` bytes for the validated buffer, reused when the last one is
    // large enough; set_buffer_size() then says how much of it is the buffer (loader only).
    [[nodiscard]] char* buffer_storage(std::size_t n) {
        if (n > buffer_capacity_) {
            buffer_.reset();  // before the new one: the two are never held at once
            buffer_capacity_ = 0;
            buffer_ = std::make_unique_for_overwrite<char[]>(n);
            detail::prefer_huge_pages(buffer_.get(), n);
            buffer_capacity_ = n;
        }
        buffer_size_ = 0;
        return buffer_.get();
    }
    void set_buffer_size(std::size_t n) noexcept { buffer_size_ = n; }

    // Scratch memory for a pass's per-run tables (one entry a line, say): at least `bytes` bytes,
    // aligned for any scalar type, contents unspecified. Kept by clear() like the tables above, so
    // a refilled document pays for its fresh pages once. One user at a time: the memory is the
    // caller's until the next call, which may move it.
    [[nodiscard]] void* scratch(std::size_t bytes) {
        constexpr std::size_t unit = sizeof(std::max_align_t);
        if (bytes > scratch_capacity_) {
            scratch_.reset();  // before the new one: the two are never held at once
            scratch_capacity_ = 0;
            const std::size_t units = (bytes + unit - 1) / unit;
            scratch_ = std::make_unique_for_overwrite<std::max_align_t[]>(units);
            detail::prefer_huge_pages(scratch_.get(), units * unit);
            scratch_capacity_ = units * unit;
        }
        return scratch_.get();
    }
    // Records that from `buffer_offset` on, input offsets run `delta` bytes ahead (loader only).
    void add_offset_shift(std::size_t buffer_offset, std::ptrdiff_t delta) {
        shifts_.push_back({buffer_offset, static_cast<std::size_t>(static_cast<std::ptrdiff_t>(buffer_offset) + delta),
                           delta});
    }

    [[nodiscard]] static bool is_blank(std::string_view s) noexcept {
        for (std::size_t i = 0; i < s.size(); ++i) {
            const auto c = static_cast<unsigned char>(s[i]);
            if (c == ' ' || c == '\t' || c == '\f' || c == '\v') continue;
            if (c == 0xE3 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
                static_cast<unsigned char>(s[i + 2]) == 0x80) { i += 2; continue; }  // U+3000
            if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) { ++i; continue; }
            return false;
        }
        return true;
    }

    // Bytes of the UTF-8 sequence at `i` (clamped to the end of `s`).
    [[nodiscard]] static std::size_t char_length(std::string_view s, std::size_t i) noexcept {
        const auto c = static_cast<unsigned char>(s[i]);
        const std::size_t n = c < 0xC0 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        return std::min(n, s.size() - i);
    }
    // Bytes of white space or line end at `i` (0 if none): ASCII space and controls, U+00A0,
    // U+3000, U+2028, U+2029. What locate() skips, so passes that map offsets themselves agree.
    // Decided from the lead byte, with byte tests: the locators call this for every character.
    [[nodiscard]] static std::size_t skip_space(std::string_view s, std::size_t i) noexcept {
        const auto* p = reinterpret_cast<const unsigned char*>(s.data());
        const unsigned char c = p[i];
        if (c < 0x80) return c == ' ' || (c >= '\t' && c <= '\r') ? 1 : 0;  // \t \n \v \f \r
        if (c >= 0xE4) return 0;
        if (c == 0xC2) return i + 1 < s.size() && p[i + 1] == 0xA0 ? 2 : 0;
        if (c == 0xE3) return i + 3 <= s.size() && p[i + 1] == 0x80 && p[i + 2] == 0x80 ? 3 : 0;
        if (c == 0xE2) return i + 3 <= s.size() && p[i + 1] == 0x80 && (p[i + 2] == 0xA8 || p[i + 2] == 0xA9) ? 3 : 0;
        return 0;
    }

private:
    // Moves the people lists of the blocks, emptied, to people_storage_. (It holds at most as many
    // as the largest input had lists: take_people_storage() draws on it before anything new is made.)
    void keep_people_storage() noexcept {
        try {
            for (auto& b : blocks) {
                if (b.people.capacity() == 0) continue;
                b.people.clear();
                people_storage_.push_back(std::move(b.people));
            }
        } catch (...) {  // (out of memory for the list of lists: the rest are freed with their blocks)
        }
    }

    struct shift {
        std::size_t buffer_offset;
        std::size_t input_offset;
        std::ptrdiff_t delta;  // input_offset - buffer_offset from here on
    };

    [[nodiscard]] std::size_t delta_at(std::size_t off, bool from_buffer) const noexcept {
        if (shifts_.empty()) return 0;
        auto it = std::upper_bound(shifts_.begin(), shifts_.end(), off, [from_buffer](std::size_t o, const shift& s) {
            return o < (from_buffer ? s.buffer_offset : s.input_offset);
        });
        if (it == shifts_.begin()) return 0;
        return static_cast<std::size_t>(std::prev(it)->delta);  // wraps for negative deltas; caller adds
    }

    std::unique_ptr<char[]> buffer_;
    std::size_t buffer_size_ = 0;
    std::size_t buffer_capacity_ = 0;
    std::vector<block> spare_blocks_;  // see take_block_storage()
    std::vector<std::vector<person>> people_storage_;  // see take_people_storage()
    std::unique_ptr<std::max_align_t[]> scratch_;  // see scratch()
    std::size_t scratch_capacity_ = 0;
    std::vector<shift> shifts_;
    detail::text_arena arena_;
    bool blocked_ = false;
};

} // namespace zhnorm
