#pragma once
// Append-only storage for text the passes rewrite. Blocks hold string_views into it (or into the
// input buffer), so a document owns a handful of large chunks instead of one heap string per line.
#include <algorithm>
#include <cstddef>
#include <cstring>
#include <memory>
#include <string_view>
#include <vector>

#include "zhnorm/detail/huge_pages.hpp"

namespace zhnorm::detail {

class text_arena {
public:
    static constexpr std::size_t default_chunk = std::size_t{1} << 16;
    static constexpr std::size_t large_from = std::size_t{1} << 20;
    static constexpr std::size_t max_chunk = std::size_t{64} << 20;

    text_arena() = default;
    text_arena(text_arena&&) noexcept = default;
    text_arena& operator=(text_arena&&) noexcept = default;
    text_arena(const text_arena&) = delete;
    text_arena& operator=(const text_arena&) = delete;

    // A writable region of at least `n` bytes, valid until the next reserve(). Write into it,
    // then commit() the prefix actually used.
    [[nodiscard]] char* reserve(std::size_t n) {
        if (n > left_) next_chunk(n);
        return cur_;
    }

    // Marks the first `n` bytes returned by the last reserve() as used and returns them.
    std::string_view commit(const char* p, std::size_t n) noexcept {
        std::string_view out{p, n};
        cur_ += n;
        left_ -= n;
        return out;
    }

    std::string_view copy(std::string_view s) {
        char* p = reserve(s.size());
        if (!s.empty()) std::memcpy(p, s.data(), s.size());
        return commit(p, s.size());
    }

    // Forgets every view handed out but keeps the chunks: the next document's text is written
    // into memory already paid for.
    void clear() noexcept {
        in_use_ = 0;
        used_ = 0;
        cur_ = nullptr;
        left_ = 0;
    }

    // Bytes allocated (for memory accounting and tests), and in how many chunks.
    [[nodiscard]] std::size_t capacity() const noexcept { return total_; }
    [[nodiscard]] std::size_t chunks() const noexcept { return chunks_.size(); }

private:
    struct chunk {
        std::unique_ptr<char[]> data;
        std::size_t size;
    };

    // Moves on to a chunk of at least `n` bytes: the next one kept by clear() if it is large
    // enough, else a new one put in its place.
    void next_chunk(std::size_t n) {
        if (in_use_ == chunks_.size() || chunks_[in_use_].size < n) {
            // Chunks grow 4 KiB, 8 KiB, ... up to default_chunk, so a small page does not pay
            // for 64 KiB. Past large_from bytes each chunk is as large as all before it (from
            // huge_page_min to max_chunk), so that the text of a big document lies in a few chunks
            // that huge pages can back. Chunks are not zeroed (every byte is written before it is
            // committed).
            const std::size_t grow = std::size_t{4096} << std::min<std::size_t>(in_use_, 4);
            const std::size_t size = std::max(n, used_ >= large_from ? std::clamp(used_, huge_page_min, max_chunk)
                                                                      : std::min(grow, default_chunk));
            auto data = std::make_unique_for_overwrite<char[]>(size);
            prefer_huge_pages(data.get(), size);
            chunks_.insert(chunks_.begin() + static_cast<std::ptrdiff_t>(in_use_), chunk{std::move(data), size});
            total_ += size;
        }
        const chunk& c = chunks_[in_use_++];
        cur_ = c.data.get();
        left_ = c.size;
        used_ += c.size;
    }

    std::vector<chunk> chunks_;
    std::size_t in_use_ = 0;  // chunks_[0, in_use_) hold this document's text, the last one cur_
    std::size_t used_ = 0;    // their bytes
    char* cur_ = nullptr;
    std::size_t left_ = 0;
    std::size_t total_ = 0;   // bytes of all chunks
};

} // namespace zhnorm::detail
