#pragma once
// Fake-bold headlines come out of PDF extraction with every character repeated (`党党员员干干部部`,
// sometimes three or four times). This pass finds such lines, keeps one copy of each character and
// marks the line as a headline; adjacent doubled lines become one headline.
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
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
        return factor(text, factors(), shortest());
    }

    void operator()(document& doc) const {
        const unsigned possible = factors();
        const std::size_t least = shortest();
        std::size_t edits = 0;
        bool adjacent = false;    // two collapsed lines in a row, no hard break between: merge() has work
        bool joinable = false;    // the line before is collapsed and has no hard break after it
        for (auto& l : doc.lines) {
            const unsigned k = l.text.size() < least ? 1 : factor(l.text, possible, least);
            if (k < 2) {
                adjacent |= joinable && l.collapsed();
                joinable = l.collapsed() && !l.hard_break;
                continue;
            }
            adjacent |= joinable;
            joinable = !l.hard_break;
            const std::string_view before = l.text;
            l.text = collapse(doc, l.text, k);
            l.repeat = static_cast<std::uint8_t>(k);
            ++edits;
            if (doc.record_edits) doc.record(name, "collapse_repeated_characters", l.source, before, l.text);
        }
        if (opts.merge_adjacent && adjacent) edits += merge(doc);
        doc.count(name, edits);
    }

private:
    // Bit k set for each factor k (2..4) looked for.
    [[nodiscard]] unsigned factors() const noexcept {
        const unsigned hi = opts.max_repeat < 4 ? opts.max_repeat : 4;
        unsigned possible = 0;
        for (unsigned k = 2; k <= hi; ++k) possible |= 1u << k;
        return possible;
    }

    // The shortest text that can pass: a CJK character (three bytes or more) and min_chars - 1
    // other characters, each at least twice.
    [[nodiscard]] std::size_t shortest() const noexcept {
        return 6 + 2 * ((opts.min_chars > 1 ? opts.min_chars : 1) - 1);
    }

    // repeat_factor() with the factors still possible (bits 2..4) and shortest() worked out.
    [[nodiscard]] unsigned factor(std::string_view text, unsigned possible, std::size_t least) const noexcept {
        if (!possible || text.size() < least) return 1;
        const auto* p = reinterpret_cast<const unsigned char*>(text.data());
        const std::size_t n = text.size();
        std::size_t runs = 0, i = 0;
        bool letter = false;
        while (i < n) {
            // Fast path: a three-byte character and its copy read as one word, six bytes at a time.
            // The run in progress is left to the general step below when the pairs stop (it may
            // go on with an odd copy), which then starts again from its first byte.
            std::size_t start = i, pairs = 0;
            std::uint64_t cur = 0;
            while (i + 8 <= n && p[i] >= 0xE4 && p[i] <= 0xEF) {
                std::uint64_t w;
                std::memcpy(&w, p + i, 8);
                const std::uint64_t a = w & 0xFFFFFFu;
                if (a != ((w >> 24) & 0xFFFFFFu)) break;
                if (pairs == 0 || a != cur) {
                    if (pairs) {
                        possible &= multiples_of(2 * pairs);
                        if (!possible) return 1;
                        ++runs;
                        if (!letter) letter = is_cjk_at(p + start, 3);
                    }
                    start = i;
                    cur = a;
                    pairs = 0;
                }
                ++pairs;
                i += 6;
            }
            if (pairs) i = start;
            std::size_t len = 3;
            if (p[i] <= 0xE3 || p[i] >= 0xF0) {  // else a three-byte character, never a space
                const std::size_t sl = space_len(p, n, i);
                if (sl) { i += sl; continue; }
                len = detail::utf8_length(p[i]);
            }
            if (i + len > n) return 1;
            const std::size_t j = run_end(p, n, i, len);
            possible &= multiples_of(len == 3 ? (j - i) / 3 : (j - i) / len);
            if (!possible) return 1;
            ++runs;
            if (!letter) letter = is_cjk_at(p + i, len);
            i = j;
        }
        // At least one CJK character: a Latin line of double letters is not fake bold we can tell.
        if (runs < opts.min_chars || !letter) return 1;
        return static_cast<unsigned>(std::bit_width(possible)) - 1;  // the largest k left
    }

    // Bytes of the space at i (ASCII space, tab, U+3000), or 0.
    static std::size_t space_len(const unsigned char* p, std::size_t n, std::size_t i) noexcept {
        const unsigned char c = p[i];
        if (c > 0xE3) return 0;  // the common case: CJK
        if (c == ' ' || c == '\t') return 1;
        return c == 0xE3 && i + 3 <= n && p[i + 1] == 0x80 && p[i + 2] == 0x80 ? 3 : 0;
    }
    // The end of the run of copies of the `len`-byte character at i.
    static std::size_t run_end(const unsigned char* p, std::size_t n, std::size_t i, std::size_t len) noexcept {
        std::size_t j = i + len;
        if (len == 3) {
            // Three bytes compared as one word while a fourth byte can be read.
            if (j + 4 <= n) {
                std::uint32_t key;
                std::memcpy(&key, p + i, 4);
                do {
                    std::uint32_t w;
                    std::memcpy(&w, p + j, 4);
                    if (((w ^ key) & 0xFFFFFFu) != 0) return j;
                    j += 3;
                } while (j + 4 <= n);
            }
            while (j + 3 <= n && p[j] == p[i] && p[j + 1] == p[i + 1] && p[j + 2] == p[i + 2]) j += 3;
        } else {
            while (j + len <= n && same_char(reinterpret_cast<const char*>(p + j), reinterpret_cast<const char*>(p + i), len))
                j += len;
        }
        return j;
    }
    // Bit k (2..4) set when a run of `run` copies is a multiple of k.
    static unsigned multiples_of(std::size_t run) noexcept {
        static constexpr std::array<std::uint8_t, 13> small = [] {
            std::array<std::uint8_t, 13> t{};
            for (unsigned r = 0; r < 13; ++r)
                for (unsigned k = 2; k <= 4; ++k)
                    if (r % k == 0) t[r] = static_cast<std::uint8_t>(t[r] | (1u << k));
            return t;
        }();
        if (run < small.size()) return small[run];
        return (run % 2 ? 0u : 1u << 2) | (run % 3 ? 0u : 1u << 3) | (run % 4 ? 0u : 1u << 4);
    }
    // The character at p (len bytes, whole) is CJK; U+4E00-U+9FFF and ASCII told from their bytes.
    static bool is_cjk_at(const unsigned char* p, std::size_t len) noexcept {
        if (len == 1) return false;
        if (len == 3 && ((p[0] >= 0xE5 && p[0] <= 0xE9) || (p[0] == 0xE4 && p[1] >= 0xB8))) return true;
        return unicode::is_cjk(detail::decode_at({reinterpret_cast<const char*>(p), len}, 0).cp);
    }

    // The `len` bytes (1-4) at `a` and `b` are equal; inline, where a memcmp call would cost more.
    static bool same_char(const char* a, const char* b, std::size_t len) noexcept {
        switch (len) {
        case 1: return a[0] == b[0];
        case 2: return std::memcmp(a, b, 2) == 0;
        case 3: return std::memcmp(a, b, 2) == 0 && a[2] == b[2];
        default: return std::memcmp(a, b, 4) == 0;
        }
    }

    static std::string_view collapse(document& doc, std::string_view s, unsigned k) {
        char* out = doc.arena().reserve(s.size());
        const auto* p = reinterpret_cast<const unsigned char*>(s.data());
        const std::size_t size = s.size();
        std::size_t n = 0;
        // Leading and trailing spaces go; a space between characters stays single.
        bool pending_space = false;
        std::size_t i = 0;
        while (i < size) {
            const std::size_t sl = space_len(p, size, i);
            if (sl) {
                pending_space = n > 0;
                i += sl;
                continue;
            }
            if (pending_space) { out[n++] = ' '; pending_space = false; }
            if (k == 2) {
                // A doubled three-byte character: keep the first copy (four bytes stored, three
                // kept; the output is never longer than what was read).
                bool any = false;
                while (i + 8 <= size && p[i] >= 0xE4 && p[i] <= 0xEF) {
                    std::uint64_t w;
                    std::memcpy(&w, p + i, 8);
                    if (((w ^ (w >> 24)) & 0xFFFFFFu) != 0) break;
                    const auto c = static_cast<std::uint32_t>(w);
                    std::memcpy(out + n, &c, 4);
                    n += 3;
                    i += 6;
                    any = true;
                }
                if (any) continue;  // a space, the end or another kind of character next
            }
            const std::size_t len = detail::utf8_length(p[i]);
            const std::size_t j = run_end(p, size, i, len);
            // The run is a multiple of k copies: its first 1/k are the copies to keep.
            const std::size_t keep = k == 2 ? (j - i) >> 1 : k == 4 ? (j - i) >> 2 : (j - i) / 3;
            if (keep == 3) std::memcpy(out + n, p + i, 3);
            else std::memcpy(out + n, p + i, keep);
            n += keep;
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
