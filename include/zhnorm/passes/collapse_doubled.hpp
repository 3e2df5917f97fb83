#pragma once
// Fake-bold headlines come out of PDF extraction with every character repeated (`党党员员干干部部`,
// sometimes three or four times). This pass finds such lines, keeps one copy of each character and
// marks the line as a headline; adjacent doubled lines become one headline.
#include <cstddef>
#include <cstring>
#include <string_view>

#include "zhnorm/detail/join.hpp"
#include "zhnorm/detail/utf8.hpp"
#include "zhnorm/document.hpp"
#include "zhnorm/unicode/char_class.hpp"

namespace zhnorm {

struct collapse_doubled {
    static constexpr std::string_view name = "collapse_doubled";

    struct options {
        // Fewest distinct characters a collapsed line must keep: real reduplications standing
        // alone (`谢谢`, `兢兢业业`) stay as they are.
        std::size_t min_chars = 3;
        // Largest repeat factor looked for (2 to 4).
        unsigned max_repeat = 4;
        // Merge adjacent collapsed lines into one headline.
        bool merge_adjacent = true;
    } opts;

    // The repeat factor k (2..max_repeat) such that `text` is every character repeated k times,
    // or 1 if there is none. Spaces may stand single between repeated characters.
    [[nodiscard]] unsigned repeat_factor(std::string_view text) const noexcept {
        const unsigned hi = opts.max_repeat < 4 ? opts.max_repeat : 4;
        unsigned best = 1;
        for (unsigned k = hi; k >= 2; --k) {
            if (is_repeated(text, k)) { best = k; break; }
        }
        return best;
    }

    void operator()(document& doc) const {
        std::size_t edits = 0;
        for (auto& l : doc.lines) {
            const unsigned k = repeat_factor(l.text);
            if (k < 2) continue;
            const std::string_view before = l.text;
            l.text = collapse(doc, l.text, k);
            l.repeat = static_cast<std::uint8_t>(k);
            ++edits;
            doc.record(name, "collapse_repeated_characters", l.source, before, l.text);
        }
        if (opts.merge_adjacent) edits += merge(doc);
        doc.count(name, edits);
    }

private:
    static bool is_space_at(std::string_view s, std::size_t i, std::size_t& len) noexcept {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c == ' ' || c == '\t') { len = 1; return true; }
        if (c == 0xE3 && s.substr(i, 3) == "\xE3\x80\x80") { len = 3; return true; }
        return false;
    }

    // Walks the runs of identical characters, skipping spaces; calls f(char bytes, run length).
    template <class F>
    static bool for_each_run(std::string_view s, F&& f) noexcept {
        std::size_t i = 0;
        while (i < s.size()) {
            std::size_t sl;
            if (is_space_at(s, i, sl)) { i += sl; continue; }
            const std::size_t len = detail::utf8_length(static_cast<unsigned char>(s[i]));
            if (i + len > s.size()) return false;
            const std::string_view ch = s.substr(i, len);
            std::size_t run = 1;
            std::size_t j = i + len;
            while (j + len <= s.size() && std::memcmp(s.data() + j, ch.data(), len) == 0) { ++run; j += len; }
            if (!f(ch, run)) return false;
            i = j;
        }
        return true;
    }

    [[nodiscard]] bool is_repeated(std::string_view s, unsigned k) const noexcept {
        // At least one CJK character: a Latin line of double letters is not fake bold we can tell.
        std::size_t runs = 0, letters = 0;
        const bool ok = for_each_run(s, [&](std::string_view ch, std::size_t run) {
            if (run % k != 0) return false;
            ++runs;
            const auto cp = detail::decode_at(ch, 0).cp;
            if (unicode::is_cjk(cp)) ++letters;
            return true;
        });
        return ok && runs >= opts.min_chars && letters > 0;
    }

    static std::string_view collapse(document& doc, std::string_view s, unsigned k) {
        char* out = doc.arena().reserve(s.size());
        std::size_t n = 0;
        // Leading and trailing spaces go; a space between characters stays single.
        bool pending_space = false;
        std::size_t i = 0;
        while (i < s.size()) {
            std::size_t sl;
            if (is_space_at(s, i, sl)) {
                pending_space = n > 0;
                i += sl;
                continue;
            }
            if (pending_space) { out[n++] = ' '; pending_space = false; }
            const std::size_t len = detail::utf8_length(static_cast<unsigned char>(s[i]));
            std::size_t run = 1;
            std::size_t j = i + len;
            while (j + len <= s.size() && std::memcmp(s.data() + j, s.data() + i, len) == 0) { ++run; j += len; }
            for (std::size_t r = 0; r < run / k; ++r) {
                std::memcpy(out + n, s.data() + i, len);
                n += len;
            }
            i = j;
        }
        return doc.arena().commit(out, n);
    }

    // Joins each run of adjacent collapsed lines into its first line; returns the number of merges.
    static std::size_t merge(document& doc) {
        auto& lines = doc.lines;
        std::size_t w = 0, merges = 0;
        for (std::size_t r = 0; r < lines.size(); ++r) {
            if (w > 0 && lines[r].collapsed() && lines[w - 1].collapsed() && !lines[w - 1].hard_break) {
                line& head = lines[w - 1];
                const std::string_view sep = detail::wrap_separator(head.text, lines[r].text);
                char* out = doc.arena().reserve(head.text.size() + sep.size() + lines[r].text.size());
                std::memcpy(out, head.text.data(), head.text.size());
                if (!sep.empty()) std::memcpy(out + head.text.size(), sep.data(), sep.size());  // {} has no data
                std::memcpy(out + head.text.size() + sep.size(), lines[r].text.data(), lines[r].text.size());
                head.text = doc.arena().commit(out, head.text.size() + sep.size() + lines[r].text.size());
                head.source.end = lines[r].source.end;
                head.end = lines[r].end;
                head.hard_break = lines[r].hard_break;
                ++merges;
                continue;
            }
            if (w != r) lines[w] = lines[r];
            ++w;
        }
        lines.resize(w);
        return merges;
    }
};

} // namespace zhnorm
