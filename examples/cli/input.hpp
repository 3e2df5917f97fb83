#pragma once
// Reading inputs: an fd-backed byte source, a chunker that cuts big pages at safe boundaries, and
// a batcher that groups whole JSON Lines records.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstring>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace zhnorm_cli {

struct read_error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// "-" is standard input. Errors carry strerror text; the caller names the file.
class input_file {
public:
    explicit input_file(const std::string& path) {
        if (path == "-") {
            fd_ = 0;
            return;
        }
        fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd_ < 0) throw read_error(std::strerror(errno));
        own_ = true;
    }
    input_file(const input_file&) = delete;
    input_file& operator=(const input_file&) = delete;
    ~input_file() {
        if (own_) ::close(fd_);
    }

    // Appends up to `n` bytes to `out`; returns how many (0 at end of input).
    std::size_t read_into(std::string& out, std::size_t n) {
        const std::size_t old = out.size();
        out.resize(old + n);
        for (;;) {
            const ssize_t got = ::read(fd_, out.data() + old, n);
            if (got < 0 && errno == EINTR) continue;
            if (got < 0) {
                const int e = errno;
                out.resize(old);
                throw read_error(std::strerror(e));
            }
            out.resize(old + static_cast<std::size_t>(got));
            return static_cast<std::size_t>(got);
        }
    }

private:
    int fd_ = -1;
    bool own_ = false;
};

// Size of a regular file (or of standard input redirected from one); none for a pipe or terminal.
inline std::optional<std::size_t> known_size(const std::string& path) {
    struct stat st {};
    const int r = path == "-" ? ::fstat(0, &st) : ::stat(path.c_str(), &st);
    if (r != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
    return static_cast<std::size_t>(st.st_size);
}

namespace detail {

inline bool ends_with(std::string_view s, std::string_view tail) {
    return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail;
}

// Whether a line ends a sentence: 。！？ possibly followed by closing quotes, then spaces.
inline bool ends_sentence(std::string_view line) {
    for (;;) {
        if (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r')) line.remove_suffix(1);
        else if (ends_with(line, "\xE3\x80\x80")) line.remove_suffix(3);  // U+3000
        else break;
    }
    for (;;) {
        if (ends_with(line, "\xE2\x80\x9D") || ends_with(line, "\xE2\x80\x99") ||  // ” ’
            ends_with(line, "\xE3\x80\x8D") || ends_with(line, "\xE3\x80\x8F"))    // 」 』
            line.remove_suffix(3);
        else break;
    }
    return ends_with(line, "\xE3\x80\x82") || ends_with(line, "\xEF\xBC\x81") || ends_with(line, "\xEF\xBC\x9F");
}

inline bool is_blank_line(std::string_view line) {
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (c == ' ' || c == '\t' || c == '\r') continue;
        if (line.substr(i, 3) == "\xE3\x80\x80") { i += 2; continue; }
        return false;
    }
    return true;
}

// The first safe cut in buf[from, to): just after a form feed, or just after a blank line that
// follows a line ending a sentence. npos if none. Linear in to - from plus one line before `from`.
inline std::size_t find_safe_cut(std::string_view buf, std::size_t from, std::size_t to) {
    if (from >= to) return std::string_view::npos;
    std::size_t cut = std::string_view::npos;
    if (const void* ff = std::memchr(buf.data() + from, '\f', to - from))
        cut = static_cast<std::size_t>(static_cast<const char*>(ff) - buf.data()) + 1;
    const std::size_t limit = cut == std::string_view::npos ? to : cut;
    // Start at the line holding `from - 1` so the sentence state of the line before is known.
    std::size_t ls = buf.rfind('\n', from - 1);
    ls = ls == std::string_view::npos ? 0 : ls + 1;
    bool sentence_end = false;
    while (ls < limit) {
        const void* nl = std::memchr(buf.data() + ls, '\n', limit - ls);
        if (!nl) break;
        const auto le = static_cast<std::size_t>(static_cast<const char*>(nl) - buf.data());
        const std::string_view line = buf.substr(ls, le - ls);
        if (is_blank_line(line)) {
            if (sentence_end && le + 1 > from) return le + 1;
        } else {
            sentence_end = ends_sentence(line);
        }
        ls = le + 1;
    }
    return cut;
}

} // namespace detail

// One piece of a page file: the whole file when it is small, else a run of lines cut at a safe
// boundary. `offset` is where the piece starts in the file.
// The first `cut` bytes of `buf`, removed from it; the whole buffer is moved, not copied.
inline std::string take_prefix(std::string& buf, std::size_t cut) {
    std::string out;
    if (cut == buf.size()) {
        out = std::move(buf);
        buf.clear();
    } else {
        out.assign(buf, 0, cut);
        buf.erase(0, cut);
    }
    return out;
}

struct chunk {
    std::string text;
    std::size_t offset = 0;
    bool first = true;
    bool last = true;
};

class chunker {
public:
    // Files up to `threshold` bytes are one chunk; bigger ones are cut into chunks of
    // threshold/2 to threshold bytes, longer only when a single line is longer than that.
    chunker(input_file& in, std::size_t threshold) : in_(in), threshold_(threshold < 2 ? 2 : threshold) {}

    bool next(chunk& out) {
        if (done_) return false;
        fill(threshold_ + 1);
        out.first = offset_ == 0;
        out.offset = offset_;
        std::size_t cut;
        if (eof_ && buf_.size() <= threshold_) {
            cut = buf_.size();
        } else {
            const std::size_t hard = std::min(threshold_, buf_.size());
            cut = detail::find_safe_cut(buf_, threshold_ / 2, hard);
            if (cut == std::string::npos) {
                const std::size_t nl = buf_.rfind('\n', hard - 1);
                if (nl != std::string::npos) {
                    cut = nl + 1;
                } else {  // one line longer than the limit: read on to its end
                    std::size_t scanned = buf_.size();
                    for (;;) {
                        const std::size_t p = buf_.find('\n', scanned);
                        if (p != std::string::npos) { cut = p + 1; break; }
                        scanned = buf_.size();
                        if (eof_) { cut = buf_.size(); break; }
                        grow();
                    }
                }
            }
        }
        out.text = take_prefix(buf_, cut);
        offset_ += cut;
        if (buf_.empty() && !eof_) grow();
        out.last = eof_ && buf_.empty();
        done_ = out.last;
        return true;
    }

private:
    static constexpr std::size_t piece = std::size_t{1} << 20;

    void grow() {
        if (in_.read_into(buf_, piece) == 0) eof_ = true;
    }
    void fill(std::size_t want) {
        while (!eof_ && buf_.size() < want) grow();
    }

    input_file& in_;
    std::size_t threshold_;
    std::string buf_;
    std::size_t offset_ = 0;
    bool eof_ = false;
    bool done_ = false;
};

// Whole lines of a JSON Lines stream, grouped into batches of about `target` bytes.
struct line_batch {
    std::string text;           // whole lines, each ending in '\n' except perhaps the last of the input
    std::size_t first_line = 1; // 1-based line number of the first line
    std::size_t lines = 0;
};

class line_batcher {
public:
    line_batcher(input_file& in, std::size_t target) : in_(in), target_(target < 1 ? 1 : target) {}

    bool next(line_batch& out) {
        bool has_nl = buf_.find('\n') != std::string::npos;
        while (!eof_ && (buf_.size() < target_ || !has_nl)) {
            const std::size_t old = buf_.size();
            if (in_.read_into(buf_, std::max(target_, std::size_t{1} << 16)) == 0) eof_ = true;
            has_nl = has_nl || buf_.find('\n', old) != std::string::npos;
        }
        if (buf_.empty()) return false;
        const std::size_t cut = eof_ ? buf_.size() : buf_.rfind('\n') + 1;
        out.first_line = line_;
        out.lines = 0;
        for (std::size_t p = 0; (p = buf_.find('\n', p)) < cut; ++p) ++out.lines;
        if (buf_[cut - 1] != '\n') ++out.lines;  // the last line of the input, without '\n'
        line_ += out.lines;
        out.text = take_prefix(buf_, cut);
        return true;
    }

private:
    input_file& in_;
    std::size_t target_;
    std::string buf_;
    std::size_t line_ = 1;
    bool eof_ = false;
};

} // namespace zhnorm_cli
