#pragma once
// Input byte ranges for the edits of one block. Same correspondence as document::locate (the k-th
// non-space character of the text is the (k * repeat)-th of the block's source bytes), but text and
// source are each walked forward once for all edits of a block, so recording stays linear.
#include <algorithm>
#include <cstddef>
#include <string_view>

#include "zhnorm/document.hpp"

namespace zhnorm::detail::spacing {

class edit_locator {
public:
    edit_locator(const document& doc, std::string_view text, source_range source, unsigned repeat) noexcept
        : doc_(doc), text_(text), source_(source), repeat_(repeat ? repeat : 1) {
        const std::string_view buf = doc.buffer();
        p_ = std::min(doc.buffer_offset(source.begin), buf.size());
        end_ = std::min(doc.buffer_offset(source.end), buf.size());
        skip_source_space();
    }

    // The input range of text bytes [x, y): a run of spaces maps to the bytes between the characters
    // around it, a character to its own bytes (all `repeat` copies). Call in increasing order of x.
    [[nodiscard]] source_range range(std::size_t x, std::size_t y, bool spaces) noexcept {
        const std::size_t kx = chars_before(x);
        if (spaces) {
            const std::size_t ky = chars_before(y);
            const std::size_t b = kx > 0 ? char_end(kx * repeat_ - 1) : source_.begin;
            return {b, std::max(b, char_start(ky * repeat_))};
        }
        const std::size_t b = char_start(kx * repeat_);
        return {b, std::max(b, char_end(kx * repeat_ + repeat_ - 1))};
    }

private:
    static std::size_t char_length(std::string_view s, std::size_t i) noexcept { return document::char_length(s, i); }
    static std::size_t space_at(std::string_view s, std::size_t i) noexcept { return document::skip_space(s, i); }

    std::size_t chars_before(std::size_t x) noexcept {
        x = std::min(x, text_.size());
        while (ti_ < x) {
            const std::size_t n = space_at(text_, ti_);
            if (n) { ti_ += n; continue; }
            ++tk_;
            ti_ += char_length(text_, ti_);
        }
        return tk_;
    }

    void skip_source_space() noexcept {
        const std::string_view buf = doc_.buffer().substr(0, end_);
        while (p_ < end_) {
            const std::size_t n = space_at(buf, p_);
            if (!n) break;
            p_ += n;
        }
    }
    // Moves to the m-th non-space source character; false past the end of the source.
    bool seek(std::size_t m) noexcept {
        const std::string_view buf = doc_.buffer().substr(0, end_);
        while (c_ < m && p_ < end_) {
            p_ += char_length(buf, p_);
            skip_source_space();
            ++c_;
        }
        return p_ < end_;
    }
    std::size_t char_start(std::size_t m) noexcept { return seek(m) ? doc_.input_offset(p_) : source_.end; }
    std::size_t char_end(std::size_t m) noexcept {
        return seek(m) ? doc_.input_offset(p_ + char_length(doc_.buffer().substr(0, end_), p_)) : source_.end;
    }

    const document& doc_;
    std::string_view text_;
    source_range source_;
    std::size_t repeat_;
    std::size_t ti_ = 0, tk_ = 0;       // text offset and non-space characters before it
    std::size_t p_ = 0, end_ = 0, c_ = 0;  // buffer offset of the c_-th non-space source character
};

} // namespace zhnorm::detail::spacing
