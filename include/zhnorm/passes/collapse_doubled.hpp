#pragma once
// Fake-bold headlines come out of PDF extraction with every character repeated (`党党员员干干部部`,
// sometimes three or four times). This pass finds such lines, keeps one copy of each character and
// marks the line as a headline; adjacent doubled lines become one headline.
#include <bit>
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
    // One walk over the runs serves every k: bit k of `possible` stays set while every run so far
    // is a multiple of k, so an ordinary line is given up at its first character.
    [[nodiscard]] unsigned repeat_factor(std::string_view text) const noexcept {
        const unsigned hi = opts.max_repeat < 4 ? opts.max_repeat : 4;
        unsigned possible = 0;
        for (unsigned k = 2; k <= hi; ++k) possible |= 1u << k;
        if (!possible) return 1;
        // At least one CJK character: a Latin line of double letters is not fake bold we can tell.
        std::size_t runs = 0, letters = 0;
        const bool ok = for_each_run(text, [&](std::string_view ch, std::size_t run) {
            for (unsigned k = 2; k <= hi; ++k)
                if (run % k != 0) possible &= ~(1u << k);
            if (!possible) return false;
            ++runs;
            if (letters == 0 && unicode::is_cjk(detail::decode_at(ch, 0).cp)) ++letters;
            return true;
        });
        if (!ok || runs < opts.min_chars || letters == 0) return 1;
        return static_cast<unsigned>(std::bit_width(possible)) - 1;  // the largest k left
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

    // The `len` bytes (1-4) at `a` and `b` are equal; inline, where a memcmp call would cost more.
    static bool same_char(const char* a, const char* b, std::size_t len) noexcept {
        for (std::size_t k = 0; k < len; ++k)
            if (a[k] != b[k]) return false;
        return true;
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
            while (j + len <= s.size() && same_char(s.data() + j, ch.data(), len)) { ++run; j += len; }
            if (!f(ch, run)) return false;
            i = j;
        }
        return true;
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
            while (j + len <= s.size() && same_char(s.data() + j, s.data() + i, len)) { ++run; j += len; }
            for (std::size_t r = 0; r < run / k; ++r)
                for (std::size_t b = 0; b < len; ++b) out[n++] = s[i + b];
            i = j;
        }
        return doc.arena().commit(out, n);
    }

    // Joins each run of adjacent collapsed lines into its first line; returns the number of merges.
    // Each run is written once (copying the growing headline at every merge would be quadratic in
    // the run's length); the separator before each line is chosen from the text written so far.
    static std::size_t merge(document& doc) {
        auto& lines = doc.lines;
        std::size_t w = 0, merges = 0;
        for (std::size_t r = 0; r < lines.size();) {
            if (!(w > 0 && lines[r].collapsed() && lines[w - 1].collapsed() && !lines[w - 1].hard_break)) {
                if (w != r) lines[w] = lines[r];
                ++w;
                ++r;
                continue;
            }
            line& head = lines[w - 1];
            std::size_t e = r, bound = head.text.size();
            do {
                bound += 1 + lines[e].text.size();  // a separator is at most one byte
                ++e;
            } while (e < lines.size() && lines[e].collapsed() && !lines[e - 1].hard_break);
            char* out = doc.arena().reserve(bound);
            std::size_t n = head.text.size();
            if (n) std::memcpy(out, head.text.data(), n);
            for (std::size_t q = r; q < e; ++q) {
                const std::string_view sep = detail::wrap_separator({out, n}, lines[q].text);
                if (!sep.empty()) std::memcpy(out + n, sep.data(), sep.size());  // {} has no data
                n += sep.size();
                if (!lines[q].text.empty()) std::memcpy(out + n, lines[q].text.data(), lines[q].text.size());
                n += lines[q].text.size();
            }
            head.text = doc.arena().commit(out, n);
            head.source.end = lines[e - 1].source.end;
            head.end = lines[e - 1].end;
            head.hard_break = lines[e - 1].hard_break;
            merges += e - r;
            r = e;
        }
        lines.resize(w);
        return merges;
    }
};

} // namespace zhnorm
