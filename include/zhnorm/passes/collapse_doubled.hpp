#pragma once
// Fake-bold headlines come out of PDF extraction with every character repeated (`党党员员干干部部`,
// sometimes three or four times). This pass finds such lines, keeps one copy of each character and
// marks the line as a headline; adjacent doubled lines become one headline.
#include <algorithm>
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <type_traits>

#include "zhnorm/detail/simd.hpp"

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
        const std::size_t shortest_tried = possible ? least : npos;
        std::size_t edits = 0;
        bool adjacent = false;    // two collapsed lines in a row, no hard break between: merge() has work
        bool joinable = false;    // the line before is collapsed and has no hard break after it
        const auto left_as_is = [&](const line& l) {
            // Not collapsed now; it may have been by an earlier run of the pass.
            if (l.collapsed()) {
                adjacent |= joinable;
                joinable = !l.hard_break;
            } else {
                joinable = false;
            }
        };
        for (auto& l : doc.lines) {
            // A line whose first character is not followed by a copy has a run of one: never
            // collapsed, known without a walk (most lines of a page end here).
            const std::size_t first = l.text.size() < shortest_tried ? npos : first_pair(l.text);
            if (first == npos) {
                left_as_is(l);
                continue;
            }
            std::string_view after;
            const unsigned k = collapse_line(doc, l.text, first, possible, least, after);
            if (k < 2) {
                left_as_is(l);
                continue;
            }
            adjacent |= joinable;
            joinable = !l.hard_break;
            const std::string_view before = l.text;
            l.text = after;
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

    static constexpr std::size_t npos = static_cast<std::size_t>(-1);

    // The offset of the first character of `text` that is not a space when a copy of it follows
    // at once, else npos (then factor() would give up at that character's run of one).
    static std::size_t first_pair(std::string_view text) noexcept {
        const auto* p = reinterpret_cast<const unsigned char*>(text.data());
        const std::size_t n = text.size();
        if (n >= 6 && p[0] >= 0xE4 && p[0] <= 0xEF)  // the common case: a CJK character first, never a space
            return same_char(text.data(), text.data() + 3, 3) ? 0 : npos;
        std::size_t i = 0;
        while (i < n) {
            const std::size_t sl = space_len(p, n, i);
            if (!sl) break;
            i += sl;
        }
        if (i == n) return npos;
        const std::size_t len = detail::utf8_length(p[i]);
        if (i + 2 * len > n) return npos;
        return same_char(reinterpret_cast<const char*>(p + i), reinterpret_cast<const char*>(p + i + len), len) ? i
                                                                                                                 : npos;
    }

    // The repeat factor of `s`, whose first character (at `i`) is doubled, with `after` set to the
    // collapsed text when it is 2 or more. A doubled line is checked and collapsed in one walk over
    // its pairs; anything else (a run of three, say) goes to factor() and collapse() from the start.
    unsigned collapse_line(document& doc, std::string_view s, std::size_t i, unsigned possible, std::size_t least,
                           std::string_view& after) const {
        unsigned k = 0;
        if constexpr (std::endian::native == std::endian::little) {  // characters compared as little-endian words
            k = collapse_pairs(doc, s, i, possible, after);
            if (k == 2) return k;
        }
        if (k == 0) k = factor(s, possible, least);
        if (k >= 2) after = collapse(doc, s, k);
        return k;
    }

    // The walk of collapse_line() over the pairs of a doubled line: 0 when some character is not
    // followed by its copy, else the factor; `after` is set to the collapsed text when it is 2.
    // The runs are tracked as in factor(): a run of r pairs is 2r copies.
    unsigned collapse_pairs(document& doc, std::string_view s, std::size_t i, unsigned possible,
                            std::string_view& after) const {
        const auto* p = reinterpret_cast<const unsigned char*>(s.data());
        const std::size_t size = s.size();
        // The output is never longer than what was read (n <= i): a pair gives half its bytes, a
        // space at most one. A window stores window_store bytes at n with i + 6 <= size.
        char* out = doc.arena().reserve(size + window_store);
        // Bytes from s that may be read: a line of the input buffer is followed by the rest of it.
        const std::string_view buf = doc.buffer();
        const auto at_u = [](const char* q) { return reinterpret_cast<std::uintptr_t>(q); };
        const std::size_t readable =
            at_u(s.data()) >= at_u(buf.data()) && at_u(s.data() + size) <= at_u(buf.data() + buf.size())
                ? static_cast<std::size_t>(buf.data() + buf.size() - s.data())
                : size;
        std::size_t n = 0, runs = 0, r = 0;  // r: pairs of the run in progress
        std::uint32_t prev = ~0u;            // the character of that run, little-endian; none after a space
        bool letter = false;
        // Windows start before this offset: a pair in the line, window_bytes readable.
        const std::size_t windows_end =
            readable >= window_bytes && size >= 6 ? std::min(readable - window_bytes, size - 6) + 1 : 0;
        while (i < size) {
            if ((p[i] & 0xF0u) == 0xE0u && i < windows_end) {
                // Several pairs of three-byte characters at a time, each its own run of one pair.
                std::size_t good = doubled_singles(p + i, size - i);
                std::uint32_t first;
                std::memcpy(&first, p + i, 4);
                if ((first & 0xFFFFFFu) == prev) good = 0;  // the run in progress goes on
                if (good) {
                    for (std::size_t j = 0; j < window_pairs; ++j) std::memcpy(out + n + 3 * j, p + i + 6 * j, 4);
                    if (!letter)
                        for (std::size_t j = 0; j < good && !letter; ++j) letter = is_cjk_at(p + i + 6 * j, 3);
                    possible &= 1u << 2;  // a run of two copies: only 2 divides it
                    runs += good;
                    r = 0;
                    prev = ~0u;  // the next character is another (or a space)
                    n += 3 * good;
                    i += 6 * good;
                    if (good == window_pairs) continue;
                    if (i == size) break;
                }
            }
            const std::size_t sl = space_len(p, size, i);
            if (sl) {
                // One space between characters; none at the start (n == 0) and none at the end (dropped below).
                if (n > 0 && out[n - 1] != ' ') out[n++] = ' ';
                prev = ~0u;
                i += sl;
                continue;
            }
            const std::size_t len = detail::utf8_length(p[i]);
            if (i + 2 * len > size) return 0;
            const char* at = reinterpret_cast<const char*>(p + i);
            if (!same_char(at, at + len, len)) return 0;
            std::uint32_t c = 0;
            std::memcpy(&c, at, len);
            if (c != prev) {
                possible &= multiples_of(2 * r);
                ++runs;
                r = 0;
                prev = c;
                if (!letter) letter = is_cjk_at(p + i, len);
            }
            ++r;
            switch (len) {
            case 1: out[n] = *at; break;
            case 2: std::memcpy(out + n, at, 2); break;
            case 3: std::memcpy(out + n, at, 3); break;
            default: std::memcpy(out + n, at, 4); break;
            }
            n += len;
            i += 2 * len;
        }
        possible &= multiples_of(2 * r);
        if (runs < opts.min_chars || !letter) return 1;
        if (possible >> 3) return static_cast<unsigned>(std::bit_width(possible)) - 1;  // runs of 4 or 6 only
        if (n > 0 && out[n - 1] == ' ') --n;
        after = doc.arena().commit(out, n);
        return 2;
    }

    // doubled_singles() compares window_vectors blocks of 16 bytes with the 16 bytes three further
    // on (window_bytes read): window_pairs six-byte groups and the three bytes after the last one.
    // The kept copies are stored four bytes each (window_store bytes).
    static constexpr std::size_t window_vectors = 2;
    static constexpr std::size_t window_pairs = 16 * window_vectors / 6;
    static constexpr std::size_t window_bytes = 16 * window_vectors + 3;
    static constexpr std::size_t window_store = 3 * window_pairs + 1;
    static_assert(6 * window_pairs <= 16 * window_vectors && 6 * window_pairs < 64);

    // How many of the six-byte groups at q (reading window_bytes, of which `left` are text) are,
    // from the first on, a three-byte character twice (not U+3000, a space) whose next three
    // bytes are another character: a run of exactly one pair.
    static std::size_t doubled_singles(const unsigned char* q, std::size_t left) noexcept {
#if ZHNORM_SSE2
        // Bit b of `same`: byte b equals byte b + 3; of `lead`: byte b is E0-EF; of `x80`: byte b is 0x80.
        std::uint64_t same = 0, lead = 0, x80 = 0;
        const __m128i hi = _mm_set1_epi8(static_cast<char>(0xF0)), e0 = _mm_set1_epi8(static_cast<char>(0xE0)),
                      c80 = _mm_set1_epi8(static_cast<char>(0x80));
        for (std::size_t v = 0; v < window_vectors; ++v) {
            const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(q + 16 * v));
            const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(q + 16 * v + 3));
            const auto bits = [](__m128i m) {
                return static_cast<std::uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(m)));
            };
            same |= bits(_mm_cmpeq_epi8(a, b)) << (16 * v);
            lead |= bits(_mm_cmpeq_epi8(_mm_and_si128(a, hi), e0)) << (16 * v);
            x80 |= bits(_mm_cmpeq_epi8(a, c80)) << (16 * v);
        }
        // Bits 0, 6, ...: the first byte of each group.
        constexpr std::uint64_t at0 = 0x041041041041041ull & ((std::uint64_t{1} << (6 * window_pairs)) - 1);
        const std::uint64_t three = same & (same >> 1) & (same >> 2);  // bytes b..b+2 equal b+3..b+5
        const std::uint64_t pair = three & lead & ~((x80 >> 1) & (x80 >> 2)) & at0;  // E_ 80 80 told apart
        const std::uint64_t goes_on = three & (at0 << 3);  // the second copy is followed by a third
        // Groups past the end of the text are no pairs; a third copy read past the end only stops
        // the window early.
        const std::uint64_t past = at0 & (~std::uint64_t{0} << (left - 5 < 63 ? left - 5 : 63));  // 6j + 6 > left
        const std::uint64_t stop = (~pair & at0) | goes_on | past | (std::uint64_t{1} << (6 * window_pairs));
        return static_cast<std::size_t>(std::countr_zero(stop)) / 6;
#else
        (void)q;
        (void)left;
        return 0;
#endif
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
    // The lines between two runs move down as one block (most of a page: a line-by-line copy cost
    // more than collapsing did).
    static std::size_t merge(document& doc) {
        static_assert(std::is_trivially_copyable_v<line>);
        auto& lines = doc.lines;
        const std::size_t count = lines.size();
        std::size_t w = 0, merges = 0;
        for (std::size_t r = 0; r < count;) {
            // The next run: a collapsed line after a collapsed one with no hard break between.
            std::size_t s = r == 0 ? 1 : r;
            while (s < count && !(lines[s].collapsed() && lines[s - 1].collapsed() && !lines[s - 1].hard_break)) ++s;
            if (w != r) std::memmove(static_cast<void*>(lines.data() + w), lines.data() + r, (s - r) * sizeof(line));
            w += s - r;
            r = s;
            if (r == count) break;
            line& head = lines[w - 1];
            std::size_t e = r, bound = head.text.size();
            // The lines this pass collapsed lie one after another in the arena: while no separator
            // goes between them, the headline is the view over them all, nothing copied.
            std::string_view joined = head.text;
            bool in_place = true;
            do {
                const std::string_view t = lines[e].text;
                if (in_place) {
                    // Between two non-ASCII bytes wrap_separator() is always empty: asked only otherwise.
                    in_place = joined.data() + joined.size() == t.data() && !joined.empty() && !t.empty() &&
                               ((static_cast<unsigned char>(joined.back()) >= 0x80 &&
                                 static_cast<unsigned char>(t.front()) >= 0x80) ||
                                detail::wrap_separator(joined, t).empty());
                    if (in_place) joined = {joined.data(), joined.size() + t.size()};
                }
                bound += 1 + t.size();  // a separator is at most one byte
                ++e;
            } while (e < count && lines[e].collapsed() && !lines[e - 1].hard_break);
            if (in_place) {
                head.text = joined;
                head.source.end = lines[e - 1].source.end;
                head.end = lines[e - 1].end;
                head.hard_break = lines[e - 1].hard_break;
                merges += e - r;
                r = e;
                continue;
            }
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
