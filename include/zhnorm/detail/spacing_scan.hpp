#pragma once
// The one linear scan of the full-width spacing pass over a block's text. Bytes that no rule can
// touch are skipped 64 at a time from a candidate mask (spacing_find.hpp), an ASCII block with
// nothing to change as a whole; the common spaces (next to `，` and the like, between two Han
// characters) are decided from their bytes. The text is copied into the arena only from the first
// change on, and not at all when nothing changes.
//
// Every decision reads the *output* class of the nearest non-space character on the left and the
// class the character on the right will end with, so running the scan on its own output changes
// nothing. The right-hand look-aheads stop at the next parenthesis or after a run of convertible
// punctuation and are cached, so no byte is looked at more than a bounded number of times.
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

#include "zhnorm/detail/simd.hpp"

#include "zhnorm/detail/arena.hpp"
#include "zhnorm/detail/spacing_chars.hpp"
#include "zhnorm/detail/spacing_find.hpp"
#include "zhnorm/detail/utf8.hpp"

namespace zhnorm::detail::spacing {

// Asks for the first bytes of a text the scan will read soon. Block texts alternate between the
// input buffer and the arena, and the hardware prefetchers here do not follow that: without this
// the pass ran at half its in-cache speed on a large document.
[[gnu::always_inline]] inline void prefetch_at([[maybe_unused]] const void* p) noexcept {
#if defined(__GNUC__) || defined(__clang__)
    __builtin_prefetch(p, 0, 3);  // never faults, whatever the address
#endif
}
// (The two later addresses may lie past the text: computed as integers, not as pointers past
// the end of an object, and a prefetch never faults.)
[[gnu::always_inline]] inline void prefetch_text(std::string_view s) noexcept {
    const auto a = reinterpret_cast<std::uintptr_t>(s.data());
    prefetch_at(s.data());
    prefetch_at(reinterpret_cast<const void*>(a + 64));
    prefetch_at(reinterpret_cast<const void*>(a + 128));
}
// Blocks ahead whose text is asked for (about a kilobyte of text on news pages).
inline constexpr std::size_t prefetch_blocks = 8;

// One change, in offsets of the text the scan read.
struct pending_edit {
    std::size_t begin = 0;
    std::size_t end = 0;
    std::string_view rule;
    std::array<char, 4> bytes{};
    std::uint8_t size = 0;
    bool spaces = false;  // the change removed or rewrote a run of spaces
    [[nodiscard]] std::string_view after() const noexcept { return {bytes.data(), size}; }
};

// Full-width forms that fold, indexed by ((second byte & 1) << 6) | (third byte & 0x3F):
// EF BC 85 8B 8D 8E 8F (％＋－．／), EF BC 90-99 A1-BA (０-９ Ａ-Ｚ), EF BD 81-9A (ａ-ｚ).
inline constexpr std::array<bool, 128> fullwidth_work = [] {
    std::array<bool, 128> t{};
    for (unsigned b : {0x85u, 0x8Bu, 0x8Du, 0x8Eu, 0x8Fu}) t[b & 0x3Fu] = true;
    for (unsigned b = 0x90; b <= 0x99; ++b) t[b & 0x3Fu] = true;
    for (unsigned b = 0xA1; b <= 0xBA; ++b) t[b & 0x3Fu] = true;
    for (unsigned b = 0x81; b <= 0x9A; ++b) t[64 + (b & 0x3Fu)] = true;
    return t;
}();

// A superset of the marks without a space after them that need the exact tests, indexed by
// ((lead & 8) << 4) | ((second byte & 1) << 6) | (third byte & 0x3F): the full-width forms above
// for lead EF, U+3000 (E3 80 80) for lead E3.
inline constexpr std::array<bool, 256> mark_work = [] {
    std::array<bool, 256> t{};
    for (std::size_t k = 0; k < 128; ++k) t[128 + k] = fullwidth_work[k];
    t[0] = true;
    return t;
}();

// Bytes that go on a run of spaces by themselves: ASCII space, tab, the lead of U+00A0.
inline constexpr std::array<bool, 256> space_lead = [] {
    std::array<bool, 256> t{};
    t[' '] = t['\t'] = t[0xC2] = true;
    return t;
}();

// Options is the pass's options aggregate (see passes/fullwidth_spacing.hpp).
template <class Options>
class scanner {
public:
    scanner(const Options& opts, text_arena& arena) noexcept
        : opts_(opts), arena_(arena), at_punct_(opts.space_at_punct) {}

    // The rewritten text (in the arena), or `s` itself when no rule fired. Appends each change to
    // `edits` when given.
    std::string_view run(std::string_view s, std::vector<pending_edit>* edits) { return run(s, edits, use_avx2()); }

    // run() with the AVX2 scan or without it (the tests compare the two).
    [[gnu::always_inline]] std::string_view run(std::string_view s, std::vector<pending_edit>* edits,
                                                [[maybe_unused]] bool avx2) {
        if (start(s, edits)) return s;
        const std::size_t n = s.size();
        const auto* p = reinterpret_cast<const unsigned char*>(s.data());
#if ZHNORM_AVX2
        if (avx2)
            scan_avx2(p, n);
        else
#endif
        {
            // Each window of 64 bytes: its candidate bits, each looked at unless a handler has
            // already consumed it (handlers return the offset to go on from, always past their byte).
            // The last window of a block of 64 bytes or more is read from the 64 that end the
            // block, so every window takes one path.
            std::size_t i = 0;
            const std::size_t quick_end = at_punct_ ? n : 0;  // see step()
            if (n >= 64) {
                const std::size_t last = n - 64;
                for (std::size_t base = 0; base < n; base += 64) {
                    if (i >= base + 64) continue;  // a handler read past this window
                    const std::size_t q = base < last ? base : last;
                    std::uint64_t m = candidates64(p, n, q) >> (base - q);
                    m &= ~std::uint64_t{0} << (i > base ? i - base : 0);
                    for (; m; m &= m - 1) {
                        const std::size_t k = base + static_cast<std::size_t>(std::countr_zero(m));
                        if (k >= i) i = step(p, n, k, quick_end, m);
                    }
                }
            } else {
                for (std::uint64_t m = candidates64(p, n, 0); m; m &= m - 1) {
                    const std::size_t k = static_cast<std::size_t>(std::countr_zero(m));
                    if (k >= i) i = step(p, n, k, quick_end, m);
                }
            }
        }
        return finish(s);
    }

#if ZHNORM_AVX2
    // run(s, nullptr) on the text of each block (anything with a `text` view) with the AVX2 scan,
    // all in one function; returns the number of changes.
    template <class Blocks>
    ZHNORM_TARGET_AVX2 std::size_t run_all_avx2(Blocks& blocks) {
        const stop_tables t;
        std::size_t edits = 0;
        const std::size_t count = blocks.size();
        for (std::size_t k = 0; k < count; ++k) {
            auto& b = blocks[k];
            if (k + prefetch_blocks < count) prefetch_text(blocks[k + prefetch_blocks].text);
            const std::string_view s = b.text;
            if (!start(s, nullptr)) {
                scan_avx2_body<false>(t, reinterpret_cast<const unsigned char*>(s.data()), s.size());
                if (out_) b.text = finish_avx2(s);  // an unchanged block's line is not written
            }
            edits += count_;
        }
        return edits;
    }
#endif

    // reset() for `s`; true when no rule can change it (English), which run() then returns as it is.
    [[gnu::always_inline]] bool start(std::string_view s, std::vector<pending_edit>* edits) noexcept {
        reset(s, edits);
        return !s.empty() && static_cast<unsigned char>(s[0]) < 0x80 && plain_ascii(s);
    }

    // What run() returns after the scan of `s`.
    [[gnu::always_inline]] std::string_view finish(std::string_view s) {
        if (!out_) return s;
        const std::size_t n = s.size();
        std::memcpy(out_ + out_n_, s.data() + in_done_, n - in_done_);
        out_n_ += n - in_done_;
        const std::string_view result = arena_.commit(out_, out_n_);
        out_ = nullptr;
        return result;
    }

#if ZHNORM_AVX2
    // finish() after the AVX2 scan wrote output: the tail is copied with two overlapping moves of
    // the largest size that fits (what memcpy does for small sizes, without the call).
    [[gnu::always_inline]] ZHNORM_TARGET_AVX2 std::string_view finish_avx2(std::string_view s) {
        const std::size_t len = s.size() - in_done_;
        const char* src = s.data() + in_done_;
        char* dst = out_ + out_n_;
        if (len >= 32 && len <= 64) {
            const __m256i a = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(src));
            const __m256i b = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(src + len - 32));
            _mm256_storeu_si256(reinterpret_cast<__m256i*>(dst), a);
            _mm256_storeu_si256(reinterpret_cast<__m256i*>(dst + len - 32), b);
        } else if (len >= 16 && len < 32) {
            const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(src));
            const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(src + len - 16));
            _mm_storeu_si128(reinterpret_cast<__m128i*>(dst), a);
            _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + len - 16), b);
        } else {
            std::memcpy(dst, src, len);
        }
        out_n_ += len;
        const std::string_view result = arena_.commit(out_, out_n_);
        out_ = nullptr;
        return result;
    }

    // Nibble tables giving exactly the stop bytes (stop_bytes): a byte is one when the entries for
    // its high and its low nibble share a bit.
    struct stop_tables {
        __m256i hi, lo, nib;
        ZHNORM_TARGET_AVX2 stop_tables() noexcept
            : hi(_mm256_setr_epi8(1, 0, 2, 4, 0, 0, 0, 0, 0, 0, 0, 0, 8, 0, 16, 0,  //
                                  1, 0, 2, 4, 0, 0, 0, 0, 0, 0, 0, 0, 8, 0, 16, 0)),
              // 1 tab; 2 space ! ( ) ,; 4 : ; ?; 8 C2; 16 E3 EF
              lo(_mm256_setr_epi8(2, 2, 8, 16, 0, 0, 0, 0, 2, 3, 4, 4, 2, 0, 0, 20,  //
                                  2, 2, 8, 16, 0, 0, 0, 0, 2, 3, 4, 4, 2, 0, 0, 20)),
              nib(_mm256_set1_epi8(0x0F)) {
            asm("" : "+x"(hi), "+x"(lo), "+x"(nib));  // built once, not in the loops
        }
    };

    [[nodiscard, gnu::always_inline]] ZHNORM_TARGET_AVX2 static __m256i load32(const unsigned char* q) noexcept {
        return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(q));
    }
    // Bit k: q[k] is a stop byte, for k in [0, 32).
    [[nodiscard, gnu::always_inline]] ZHNORM_TARGET_AVX2 static std::uint64_t stops32(const stop_tables& t,
                                                                                   const unsigned char* q) noexcept {
        return stops32(t, load32(q));
    }
    [[nodiscard, gnu::always_inline]] ZHNORM_TARGET_AVX2 static std::uint64_t stops32(const stop_tables& t,
                                                                                   __m256i v) noexcept {
        const __m256i c = _mm256_and_si256(_mm256_shuffle_epi8(t.hi, _mm256_and_si256(_mm256_srli_epi16(v, 4), t.nib)),
                                           _mm256_shuffle_epi8(t.lo, _mm256_and_si256(v, t.nib)));
        return ~static_cast<std::uint64_t>(static_cast<std::uint32_t>(
                   _mm256_movemask_epi8(_mm256_cmpeq_epi8(c, _mm256_setzero_si256())))) & 0xFFFFFFFFu;
    }
    // Bit k: q[k] is a stop byte, for k in [0, 16).
    [[nodiscard, gnu::always_inline]] ZHNORM_TARGET_AVX2 static std::uint64_t stops16(const stop_tables& t,
                                                                                   const unsigned char* q) noexcept {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(q));
        const __m128i nib = _mm256_castsi256_si128(t.nib);
        const __m128i c = _mm_and_si128(_mm_shuffle_epi8(_mm256_castsi256_si128(t.hi), _mm_and_si128(_mm_srli_epi16(v, 4), nib)),
                                        _mm_shuffle_epi8(_mm256_castsi256_si128(t.lo), _mm_and_si128(v, nib)));
        return ~static_cast<std::uint64_t>(static_cast<std::uint32_t>(
                   _mm_movemask_epi8(_mm_cmpeq_epi8(c, _mm_setzero_si128())))) & 0xFFFFu;
    }

    // need_lo's entry for a third byte with low nibble l (see inert32).
    static constexpr char need_lo(unsigned l) noexcept {
        unsigned b = 0;
        if (l == 5 || l == 0xB || l >= 0xD) b |= 1;
        if (l <= 9) b |= 2;
        if (l >= 1) b |= 4 | 16;
        if (l <= 0xA) b |= 8 | 32;
        if (l == 0) b |= 64;
        return static_cast<char>(b);
    }
    // Bit k: the byte v[k] leads a mark that step() passes over without any change, given a1, a2,
    // a3 holding the bytes 1, 2, 3 after each of v's: E3 or EF, two continuation bytes (so no
    // candidate inside the mark either), no space after, and none of the marks that mark_work and
    // fullwidth_work send to the exact tests. Those are flagged by need bits, one per range of the
    // third byte: 1-8 EF BC 85 8B 8D-8F 90-99 A1-AF B0-BA, 16-32 EF BD 81-8F 90-9A, 64 E3 80 80,
    // looked up from the second byte's low nibble and the third byte's two nibbles, so some other
    // marks (second byte 8C, 9C, AC, 8D, ...) are flagged too: only a superset matters.
    [[nodiscard, gnu::always_inline]] ZHNORM_TARGET_AVX2 static std::uint64_t inert32(__m256i v, __m256i a1, __m256i a2,
                                                                                   __m256i a3) noexcept {
        const __m256i nib = _mm256_set1_epi8(0x0F);
        const __m256i need1 = _mm256_setr_epi8(64, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 15, 48, 0, 0,  //
                                               64, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 15, 48, 0, 0);
        const __m256i need2hi = _mm256_setr_epi8(0, 0, 0, 0, 0, 0, 0, 0, 81, 34, 4, 8, 0, 0, 0, 0,  //
                                                 0, 0, 0, 0, 0, 0, 0, 0, 81, 34, 4, 8, 0, 0, 0, 0);
        const __m256i need2lo = _mm256_setr_epi8(
            need_lo(0), need_lo(1), need_lo(2), need_lo(3), need_lo(4), need_lo(5), need_lo(6), need_lo(7), need_lo(8),
            need_lo(9), need_lo(10), need_lo(11), need_lo(12), need_lo(13), need_lo(14), need_lo(15),  //
            need_lo(0), need_lo(1), need_lo(2), need_lo(3), need_lo(4), need_lo(5), need_lo(6), need_lo(7), need_lo(8),
            need_lo(9), need_lo(10), need_lo(11), need_lo(12), need_lo(13), need_lo(14), need_lo(15));
        const __m256i lead = _mm256_cmpeq_epi8(_mm256_or_si256(v, _mm256_set1_epi8(0x0C)), _mm256_set1_epi8(-17));  // E3 EF
        const __m256i lim = _mm256_set1_epi8(-64);  // bytes 80-BF are below it as signed
        const __m256i cont = _mm256_and_si256(_mm256_cmpgt_epi8(lim, a1), _mm256_cmpgt_epi8(lim, a2));
        const __m256i need = _mm256_and_si256(
            _mm256_and_si256(_mm256_shuffle_epi8(need1, _mm256_and_si256(a1, nib)),
                             _mm256_shuffle_epi8(need2hi, _mm256_and_si256(_mm256_srli_epi16(a2, 4), nib))),
            _mm256_shuffle_epi8(need2lo, _mm256_and_si256(a2, nib)));
        const __m256i inert = _mm256_andnot_si256(_mm256_cmpeq_epi8(a3, _mm256_set1_epi8(' ')),
                                                  _mm256_and_si256(_mm256_and_si256(lead, cont),
                                                                   _mm256_cmpeq_epi8(need, _mm256_setzero_si256())));
        return static_cast<std::uint32_t>(_mm256_movemask_epi8(inert));
    }
    // inert32 for the 32 bytes at q, all of q[1..34] readable.
    [[nodiscard, gnu::always_inline]] ZHNORM_TARGET_AVX2 static std::uint64_t inert32_at(const unsigned char* q) noexcept {
        return inert32(load32(q), load32(q + 1), load32(q + 2), load32(q + 3));
    }
    // inert32 for the 32 bytes at q when nothing after them may be read: spaces stand for what
    // follows (the leads they reach are kept).
    [[nodiscard, gnu::always_inline]] ZHNORM_TARGET_AVX2 static std::uint64_t inert32_end(const unsigned char* q) noexcept {
        const __m256i v = load32(q);
        const __m256i h = _mm256_permute2x128_si256(v, _mm256_set1_epi8(' '), 0x21);  // v's high lane, then spaces
        return inert32(v, _mm256_alignr_epi8(h, v, 1), _mm256_alignr_epi8(h, v, 2), _mm256_alignr_epi8(h, v, 3));
    }
    // The inert leads of the 64 bytes at p + q (of n); only windows dense with candidates pay for
    // it (inert_min).
    [[nodiscard, gnu::always_inline]] ZHNORM_TARGET_AVX2 static std::uint64_t inert64(const unsigned char* p, std::size_t q,
                                                                              std::size_t n) noexcept {
        const std::uint64_t hi = q + 67 <= n ? inert32_at(p + q + 32) : inert32_end(p + q + 32);
        return inert32_at(p + q) | hi << 32;
    }
    // The same for a block of 32 to 63 bytes: bits [0, 32) for the first 32 bytes, [32, 64) for the 32 that end it.
    [[nodiscard, gnu::always_inline]] ZHNORM_TARGET_AVX2 static std::uint64_t inert_short(const unsigned char* p,
                                                                                  std::size_t n) noexcept {
        return (n >= 35 ? inert32_at(p) : 0) | inert32_end(p + n - 32) << 32;
    }
    // Candidates in a window from which the inert leads are looked for.
    static constexpr int inert_min = 8;

    // run()'s loop over the candidates with AVX2.
    ZHNORM_TARGET_AVX2 void scan_avx2(const unsigned char* p, std::size_t n) { scan_avx2_body<true>(stop_tables(), p, n); }

    // The loop, 32 bytes per vector: the masks are exactly the stop bytes (spacing_find.hpp's are a
    // superset with every byte below 0x40; step() passes over the others without a change, so
    // skipping them changes nothing).
    // Records is false when no edits are recorded (run_all_avx2): the shortcuts skip that test.
    template <bool Records>
    [[gnu::always_inline]] ZHNORM_TARGET_AVX2 void scan_avx2_body(const stop_tables& t, const unsigned char* p,
                                                                  std::size_t n) {
        std::size_t i = 0;
        const std::size_t quick_end = at_punct_ ? n : 0;  // see step()
        if (n >= 64) {
            // The last window's bytes come from the 64 that end the block: one path for every
            // window. One loop over the candidates that loads the next window when the mask runs
            // out (a loop per window made gcc move its registers around at every window).
            const std::size_t last = n - 64;
            std::size_t base = 0;
            std::uint64_t m = stops64(t, p, 0);
            if (std::popcount(m) >= inert_min) [[unlikely]] {
                m &= ~inert64(p, 0, n);
            } else if constexpr (!Records) {
                if (lean_start(t, p, n, quick_end, base, m, i)) return;
            }
            for (;;) {
                if (!m) {
                    do {
                        base += 64;
                        if (base >= n) return;
                    } while (i >= base + 64);  // a handler read past this window
                    // (only the last window overlaps the one before: no shift for the others)
                    if (base <= last) [[likely]] m = window_stops(t, p, n, base);
                    else m = window_stops(t, p, n, last) >> (base - last);
                    // (the candidates below i are left to the k >= i test)
                    continue;
                }
                const std::size_t k = base + static_cast<std::size_t>(std::countr_zero(m));
                if (k >= i) i = step_avx2<Records>(p, n, k, quick_end, m);
                m &= m - 1;
            }
        }
        std::uint64_t m;
        if (n >= 32) {  // [0, 32) and the 32 that end the block
            std::uint64_t m0 = stops32(t, p), m1 = stops32(t, p + n - 32);
            if (std::popcount(m0 | m1) >= inert_min) [[unlikely]] {
                const std::uint64_t inert = inert_short(p, n);
                m0 &= ~inert;
                m1 &= ~(inert >> 32);
            }
            m = m0 | m1 << (n - 32);
        } else if (n >= 16) {
            m = stops16(t, p) | stops16(t, p + n - 16) << (n - 16);
        } else {
            m = candidates64(p, n, 0);
        }
        for (; m; m &= m - 1) {
            const std::size_t k = static_cast<std::size_t>(std::countr_zero(m));
            if (k >= i) i = step_avx2<Records>(p, n, k, quick_end, m);
        }
    }

    // The block loop's start while every candidate is one of the commonest (one space after or
    // before `，` and the like, or next to a curly quote, between Han characters; a single space
    // between two Han characters; a mark with nothing to do): these need no mark and no other
    // state than the copy, which is kept in registers. At the first other candidate, or at a
    // window dense with candidates (runs of punctuation, which the inert filter thins out), the
    // state goes to the fields and false is returned with base, m and i as the loop below expects
    // them (that candidate not yet looked at); true when the block is done.
    // Each case gives what step_avx2 gives: see its tests.
    [[gnu::always_inline]] ZHNORM_TARGET_AVX2 bool lean_start(const stop_tables& t, const unsigned char* p,
                                                              std::size_t n, std::size_t quick_end, std::size_t& base_io,
                                                              std::uint64_t& m_io, std::size_t& i_io) {
        std::size_t base = base_io, i = i_io;
        std::uint64_t m = m_io;
        char* dst = nullptr;
        std::size_t done = 0, cuts = 0;
        const std::size_t last = n - 64;
        bool finished = false;
        for (;;) {
            if (!m) {
                // Every case here ends i at most 4 bytes past its candidate, so i < base + 64 after
                // the step; the candidates below i are left to the k >= i test.
                base += 64;
                if (base >= n) {
                    finished = true;
                    goto out;
                }
                // A window dense with candidates (runs of punctuation) goes to step() with its
                // inert marks left out, as in window_stops.
                const std::size_t q = base <= last ? base : last;
                m = stops64(t, p, q);
                if (std::popcount(m) >= inert_min) [[unlikely]] {
                    m = (m & ~inert64(p, q, n)) >> (base - q);
                    goto out;
                }
                m >>= base - q;
                continue;
            }
            {
                const std::size_t k = base + static_cast<std::size_t>(std::countr_zero(m));
                if (k >= i) {
                    const unsigned char c = p[k];
                    std::size_t at;  // the space that goes
                    if (c >= 0xE3) {
                        if (k + 6 >= quick_end) break;
                        if (p[k + 3] != ' ') {
                            if (mark_work[((c & 8u) << 4) | ((p[k + 1] & 1u) << 6) | (p[k + 2] & 0x3Fu)]) break;
                            i = k + 3;
                            m &= m - 1;
                            continue;
                        }
                        std::uint32_t head;  // `， ` (most of these) in one compare
                        std::memcpy(&head, p + k, 4);
                        if (stop_bytes[p[k + 4]] || (head != comma_space && !common_punct_at(p + k))) break;
                        at = k + 3;
                        m &= m - 1;  // the space's bit, if in this window, goes below
                    } else if (c == ' ') {
                        if (k + 3 >= quick_end || k < 3) break;
                        if (han_lead3(p + k + 1)) {
                            if (han_lead3(p + k - 3) && (p[k - 2] & 0xC0) == 0x80 && (p[k - 1] & 0xC0) == 0x80) {
                                i = k + 1;  // it stays
                                m &= m - 1;
                                continue;
                            }
                            if (!amb_quote_at(p + k - 3)) break;  // “ 日
                        } else if (p[k + 1] >= 0xE3) {  // 日 ，
                            // (`， ，` never gets here: the first mark, a stop byte after its
                            // space, has ended this loop, so step() sets the mark that needs.)
                            if (!common_punct_at(p + k + 1)) break;
                        } else if (!(han_lead3(p + k - 3) && amb_quote_at(p + k + 1))) {  // 日 “
                            break;
                        }
                        at = k;
                    } else {
                        break;
                    }
                    if (!dst) [[unlikely]] {
                        start_output();
                        dst = out_;
                    }
                    const std::size_t len = at - done;
                    copy_segment(dst, p, done, len, n);
                    dst += len;
                    done = at + 1;
                    ++cuts;
                    i = at + 1;
                }
                m &= m - 1;
            }
        }
    out:
        if (dst) out_n_ = static_cast<std::size_t>(dst - out_);
        in_done_ = done;
        count_ = cuts;
        base_io = base;
        m_io = m;
        i_io = i;
        return finished;
    }

    // The stop bytes of the 64 at p + q.
    [[nodiscard, gnu::always_inline]] ZHNORM_TARGET_AVX2 static std::uint64_t stops64(const stop_tables& t,
                                                                                   const unsigned char* p,
                                                                                   std::size_t q) noexcept {
        return stops32(t, p + q) | stops32(t, p + q + 32) << 32;
    }
    // The stop bytes of the 64 at p + q (of n), the inert marks of dense windows left out.
    [[nodiscard, gnu::always_inline]] ZHNORM_TARGET_AVX2 static std::uint64_t window_stops(
        const stop_tables& t, const unsigned char* p, std::size_t n, std::size_t q) noexcept {
        const std::uint64_t m = stops64(t, p, q);
        if (std::popcount(m) >= inert_min) [[unlikely]]
            return m & ~inert64(p, q, n);
        return m;
    }

    // The ASCII space at k is a single one between two Han characters, which stays (what
    // quick_space_run decides, without the mark after it: the next byte is no stop byte).
    [[nodiscard, gnu::always_inline]] ZHNORM_TARGET_AVX2 bool han_space_stays(const unsigned char* p, std::size_t k,
                                                                             std::size_t quick_end) const noexcept {
        return k + 3 < quick_end && k >= 3 && han_lead3(p + k + 1) && han_lead3(p + k - 3) &&
               (p[k - 2] & 0xC0) == 0x80 && (p[k - 1] & 0xC0) == 0x80 && k != mark_pos_;
    }

    // step() with the shortcuts below for the commonest spaces.
    template <bool Records>
    [[gnu::always_inline]] ZHNORM_TARGET_AVX2 std::size_t step_avx2(const unsigned char* p, std::size_t n, std::size_t k,
                                                                    std::size_t quick_end, std::uint64_t& m) {
        const unsigned char c = p[k];
        if (c >= 0xE3) {
            if (k + 6 < quick_end) [[likely]] {  // so k + 3 < n
                // `， ` (most of these cuts) in one compare: punct_space_cut's tests, the same answer.
                std::uint32_t head;
                std::memcpy(&head, p + k, 4);
                if (head == comma_space && !stop_bytes[p[k + 4]]) {
                    remove_space_after<Records>(p, n, k);
                    m &= m - 1;  // as below
                    return k + 4;
                }
                if (p[k + 3] != ' ') {
                    if (!mark_work[((c & 8u) << 4) | ((p[k + 1] & 1u) << 6) | (p[k + 2] & 0x3Fu)]) return k + 3;
                } else if (punct_space_cut<Records>(p, n, k, quick_end)) {
                    m &= m - 1;  // the space's bit (see step()), or none when it is in the next window
                    return k + 4;
                }
            } else if (k + 3 < n && p[k + 3] != ' ' &&
                       !mark_work[((c & 8u) << 4) | ((p[k + 1] & 1u) << 6) | (p[k + 2] & 0x3Fu)]) {
                return k + 3;
            }
            return step_mark(p, n, k, quick_end, m);
        }
        if (c == ' ') {
            if (han_space_stays(p, k, quick_end)) return k + 1;
            // One space before `，` and the like goes (what quick_space_run decides).
            if (k + 3 < quick_end && k != 0 && p[k + 1] >= 0xE3 && k != mark_pos_ && common_punct_at(p + k + 1)) {
                const bool before = k >= 3 && common_punct_at(p + k - 3);
                cut(k, k + 1);
                if (before) set_mark(k + 1, {kind::wide_punct, false, 3});
                return k + 1;
            }
            return step_space(p, n, k);
        }
        return step_low(p, n, k);
    }

    // The commonest edit, one ASCII space (at k + 3, k + 3 < n) after `，` and the like at k before a byte that is no stop
    // byte (a Han character, mostly), done with fewer tests and less bookkeeping than step():
    // removes the space and returns true, or returns false with nothing done (step() decides).
    // step() would also set a mark after the space; no handler asks for the class at a byte that
    // is no stop byte, and every later candidate lies past it, so the mark is not needed.
    template <bool Records>
    [[nodiscard, gnu::always_inline]] ZHNORM_TARGET_AVX2 bool punct_space_cut(const unsigned char* p, std::size_t n,
                                                                             std::size_t k, std::size_t quick_end) {
        if (k + 6 >= quick_end || stop_bytes[p[k + 4]] || !common_punct_at(p + k))
            return false;
        remove_space_after<Records>(p, n, k);
        return true;
    }
    // `，` and the like at k, then one ASCII space (k + 3 < n), in little-endian byte order.
    static constexpr std::uint32_t comma_space = 0x208CBCEFu;
    // Copies p[from, from + len) of a text of n bytes to dst: a segment of up to 64 bytes with 64
    // readable after its start (so 64 writable: see cut()) by two vector copies, the bytes past it
    // overwritten later; a longer one, or one near the end, by memcpy.
    [[gnu::always_inline]] ZHNORM_TARGET_AVX2 static void copy_segment(char* dst, const unsigned char* p,
                                                                      std::size_t from, std::size_t len,
                                                                      std::size_t n) noexcept {
        if (len <= 64 && from + 64 <= n) {
            const auto* src = reinterpret_cast<const __m256i*>(p + from);
            _mm256_storeu_si256(reinterpret_cast<__m256i*>(dst), _mm256_loadu_si256(src));
            _mm256_storeu_si256(reinterpret_cast<__m256i*>(dst + 32), _mm256_loadu_si256(src + 1));
        } else {
            std::memcpy(dst, p + from, len);
        }
    }

    // punct_space_cut's change: removes the space at k + 3.
    template <bool Records>
    [[gnu::always_inline]] ZHNORM_TARGET_AVX2 void remove_space_after(const unsigned char* p, std::size_t n,
                                                                      std::size_t k) {
        if (!out_) [[unlikely]]
            start_output();
        const std::size_t d = in_done_, len = k + 3 - d;
        copy_segment(out_ + out_n_, p, d, len, n);
        out_n_ += len;
        in_done_ = k + 4;
        ++count_;
        if (Records && record_) [[unlikely]] record(k + 3, k + 4, {}, "space_at_punct", true);
    }
#endif

    // Looks at the candidate byte at i; returns the offset to go on from (> i). The commonest
    // candidates first: spaces, then the lead bytes of full-width forms and CJK punctuation.
    // quick_end is n when the space_at_punct rule is on, else 0. `m` holds the candidate bits of
    // i's window from i's bit up.
    [[gnu::always_inline]] std::size_t step(const unsigned char* p, std::size_t n, std::size_t i, std::size_t quick_end,
                                            std::uint64_t& m) {
        const unsigned char c = p[i];
        if (c == ' ') return step_space(p, n, i);
        if (c >= 0xE3) return step_mark(p, n, i, quick_end, m);  // E3 or EF: no other candidate byte is as high
        return step_low(p, n, i);
    }

    // step() for an ASCII space at i.
    [[gnu::always_inline]] std::size_t step_space(const unsigned char* p, std::size_t n, std::size_t i) {
        {
            if (i > 0 && i + 1 < n) {
                if (p[i - 1] < 0x80 && p[i + 1] < 0x80 && !stop_bytes[p[i + 1]] && i != mark_pos_) {
                    // One space between ASCII characters that no rule changes: it stays as it is.
                    set_mark(i + 1, ascii_glyph(p[i - 1]));
                    return i + 1;
                }
                if (const std::size_t j = quick_space_run(i)) return j;
            }
            return space_run(i);
        }
    }

    // step() for a byte E3 or EF at i.
    [[gnu::always_inline]] std::size_t step_mark(const unsigned char* p, std::size_t n, std::size_t i,
                                                 std::size_t quick_end, std::uint64_t& m) {
        const unsigned char c = p[i];
        {
            // Most marks have nothing to do: `，` and the like before spaces go, any other mark that
            // is not U+3000 nor a full-width letter, digit or sign (a table lookup that may say yes
            // wrongly, never no) is done. The exact tests below decide the rest.
            if (i + 3 < n) [[likely]] {
                if (p[i + 3] == ' ') {
                    if (common_punct_at(p + i)) {
                        // `， ` then a character that is no space: the space goes (what
                        // spaces_after_punct decides, with fewer tests).
                        if (i + 6 < quick_end && !space_lead[p[i + 4]] &&
                            !(p[i + 4] == 0xE3 && p[i + 5] == 0x80 && p[i + 6] == 0x80)) {
                            cut(i + 3, i + 4);
                            set_mark(i + 4, {kind::wide_punct, false, 3});
                            // The space's bit is the next one (bytes i+1, i+2 are none): the loop
                            // drops it with i's, or m is left empty when it is in the next window.
                            m &= m - 1;
                            return i + 4;
                        }
                        if (const std::size_t j = spaces_after_punct(i + 3)) return j;
                        return i + 3;
                    }
                } else if (!mark_work[((c & 8u) << 4) | ((p[i + 1] & 1u) << 6) | (p[i + 2] & 0x3Fu)]) {
                    return i + 3;
                }
            } else if (i + 2 >= n) {
                return i + 3;
            }
        }
        if (c == 0xEF) {  // full-width forms: only letters, digits and number signs need a look
            if (i + 2 >= n) return i + 3;
            if (common_punct_at(p + i)) {  // ，（）： and the like, maybe with spaces after
                if (i + 3 < n && p[i + 3] == ' ')
                    if (const std::size_t j = spaces_after_punct(i + 3)) return j;
                return i + 3;
            }
            if ((p[i + 1] == 0xBC || p[i + 1] == 0xBD) && fullwidth_work[((p[i + 1] & 1u) << 6) | (p[i + 2] & 0x3Fu)])
                return fullwidth_form(i);
            return i + 3;
        }
        if (c == 0xE3) {
            if (i + 2 < n && p[i + 1] == 0x80 && p[i + 2] == 0x80) return space_run(i);
            if (i + 3 < n && p[i + 3] == ' ' && common_punct_at(p + i))
                if (const std::size_t j = spaces_after_punct(i + 3)) return j;
            return i + 3;
        }
        return i + utf8_length(c);  // not reached: E3 and EF are the only candidates from E3 up
    }

    // step() for a candidate byte below E3 that is no ASCII space.
    [[gnu::always_inline]] std::size_t step_low(const unsigned char* p, std::size_t n, std::size_t i) {
        const unsigned char c = p[i];
        if (!stop_bytes[c]) return i + utf8_length(c);  // digits and other ASCII below 0x40
        switch (c) {
        case '\t': return space_run(i);
        case ',': case ';': case ':': case '?': case '!': return convertible(i);
        case '(': return open_paren(i);
        case ')': return close_paren(i);
        default:  // 0xC2
            if (i + 1 < n && p[i + 1] == 0xA0) return space_run(i);
            return i + 2;
        }
    }

    // Changes made by the last run().
    [[nodiscard]] std::size_t edits() const noexcept { return count_; }

private:
    static constexpr std::size_t npos = static_cast<std::size_t>(-1);

    void reset(std::string_view s, std::vector<pending_edit>* edits) noexcept {
        s_ = s;
        record_ = edits;
        out_ = nullptr;
        out_n_ = cap_ = in_done_ = count_ = 0;
        mark_pos_ = npos;
        context_ = -1;
        open_pos_ = close_pos_ = npos;
        chain_to_ = look_to_ = 0;  // empty cached ranges
    }

    // --- classes ------------------------------------------------------------------------------

    [[nodiscard]] bool context() noexcept {
        if (context_ < 0) context_ = has_cjk_text(s_) ? 1 : 0;
        return context_ == 1;
    }
    // Counts as Chinese text for the punctuation rules.
    [[nodiscard]] bool cjk_side(glyph g) noexcept {
        return g.k == kind::han || g.k == kind::wide_punct || (g.k == kind::amb_punct && context());
    }
    [[nodiscard]] bool touches_punct(glyph g) noexcept {
        return g.k == kind::wide_punct || (g.k == kind::amb_punct && context());
    }
    // A digit the number-sign rule may use: ASCII, or full-width when those fold too.
    [[nodiscard]] bool number_digit(glyph g) const noexcept { return g.digit && (g.len == 1 || opts_.fold_alnum); }
    [[nodiscard]] bool digit_after(std::size_t p) const noexcept {
        while (p < s_.size()) {
            const std::size_t l = space_len(s_, p);
            if (!l) break;
            p += l;
        }
        if (!is_digit_at(s_, p)) return false;
        return byte_at(s_, p) < 0x80 || opts_.fold_alnum;
    }

    // The output class of the nearest non-space character before `i`.
    [[nodiscard]] glyph left(std::size_t i) const noexcept {
        if (i == mark_pos_) return mark_;
        if (i == 0) return {};
        const auto* p = reinterpret_cast<const unsigned char*>(s_.data());
        if (p[i - 1] < 0x80) return ascii_glyph(p[i - 1]);
        if (i >= 3 && (p[i - 3] & 0xF0) == 0xE0 && (p[i - 2] & 0xC0) == 0x80 && (p[i - 1] & 0xC0) == 0x80)
            return classify_multibyte(s_, i - 3);  // what decode_before finds, without the walk
        const decoded d = decode_before(s_, i);
        return classify(s_, i - d.len);
    }
    void set_mark(std::size_t pos, glyph g) noexcept {
        mark_pos_ = pos;
        mark_ = g;
    }

    // --- decisions (each reads only classes that the scan itself never changes) ----------------

    // `,;:?!` at k becomes full-width when the text on either side of its run is Chinese.
    [[nodiscard]] bool convert_decision(std::size_t k, glyph l) noexcept {
        if (!opts_.punct_width) return false;
        return cjk_side(l) || cjk_side(after_chain(k, l));
    }
    // The final class of the first character after k that is neither a space nor `,;:?!`.
    [[nodiscard]] glyph after_chain(std::size_t k, glyph l) noexcept {
        if (k >= chain_from_ && k < chain_to_) return chain_kind_;
        std::size_t m = k + 1;
        while (m < s_.size()) {
            if (const std::size_t sl = space_len(s_, m)) { m += sl; continue; }
            if (is_convertible_punct(byte_at(s_, m))) { ++m; continue; }
            break;
        }
        glyph g;
        if (m < s_.size()) {
            const unsigned char c = byte_at(s_, m);
            if (c == '(') g = open_decision(m) ? glyph{kind::wide_punct, false, 1} : glyph{kind::other, false, 1};
            else if (c == ')') g = close_decision(m, l) ? glyph{kind::wide_punct, false, 1} : glyph{kind::other, false, 1};
            else g = settled(m, glyph{kind::other, false, 1});
        }
        chain_from_ = k;
        chain_to_ = m;
        chain_kind_ = g;
        return g;
    }

    // `(` at j becomes `（` when its `)` (the next parenthesis of either width) closes content
    // holding CJK; without a `)`, when the next real character is Chinese.
    [[nodiscard]] bool open_decision(std::size_t j) noexcept {
        if (!opts_.paren_width) return false;
        if (j == open_pos_) return open_dec_;
        std::size_t m = j + 1;
        bool han = false;
        while (m < s_.size()) {
            const unsigned char c = byte_at(s_, m);
            if (c == '(' || c == ')') break;
            if (c < 0x80) { ++m; continue; }
            if (c == 0xEF && m + 2 < s_.size() && byte_at(s_, m + 1) == 0xBC &&
                (byte_at(s_, m + 2) == 0x88 || byte_at(s_, m + 2) == 0x89))
                break;
            if (!han) han = classify(s_, m).k == kind::han;
            m += utf8_length(c);
        }
        bool dec;
        if (m < s_.size() && byte_at(s_, m) == ')') {
            dec = han;
            close_pos_ = m;
            close_dec_ = dec;
        } else {
            dec = cjk_side(after_parens(j));
        }
        open_pos_ = j;
        open_dec_ = dec;
        return dec;
    }
    // `)` at m follows its `(`; without one, it becomes `）` after Chinese text.
    [[nodiscard]] bool close_decision(std::size_t m, glyph l) noexcept {
        if (!opts_.paren_width) return false;
        if (m == close_pos_) return close_dec_;
        return cjk_side(l);
    }
    // The final class of the first character after j that is not a space, a parenthesis or `,;:?!`
    // of either width (what this scan converts must not change the answer on its own output).
    [[nodiscard]] glyph after_parens(std::size_t j) noexcept {
        if (j >= look_from_ && j < look_to_) return look_kind_;
        std::size_t m = j + 1;
        while (m < s_.size()) {
            const unsigned char c = byte_at(s_, m);
            if (const std::size_t sl = space_len(s_, m)) { m += sl; continue; }
            if (is_convertible_punct(c) || c == '(' || c == ')') { ++m; continue; }
            if (c == 0xEF && m + 2 < s_.size() && byte_at(s_, m + 1) == 0xBC) {
                const unsigned char t = byte_at(s_, m + 2);  // （）and what `,;:?!` become
                if (t == 0x88 || t == 0x89 || t == 0x8C || t == 0x9B || t == 0x9A || t == 0x9F || t == 0x81) {
                    m += 3;
                    continue;
                }
            }
            break;
        }
        const glyph g = m < s_.size() ? settled(m, glyph{kind::other, false, 1}) : glyph{};
        look_from_ = j;
        look_to_ = m;
        look_kind_ = g;
        return g;
    }

    // `．％＋－／` at m fold to ASCII only inside numbers.
    [[nodiscard]] bool sign_decision(std::size_t m, glyph l, char a) const noexcept {
        if (!opts_.fold_number_signs) return false;
        if (a == '+' || a == '-') return digit_after(m + 3);
        if (a == '%') return number_digit(l);
        return number_digit(l) && digit_after(m + 3);
    }
    // The final class of a character at m that is not `,;:?!()`, given the output class `l` of
    // the non-space character before it.
    [[nodiscard]] glyph settled(std::size_t m, glyph l) const noexcept {
        const glyph g = classify(s_, m);
        if (byte_at(s_, m) == 0xEF)
            if (const char a = number_sign(s_, m); a && sign_decision(m, l, a))
                return {a == '%' ? kind::alnum : kind::other, false, 1};
        return g;
    }
    // The final class of any character at m.
    [[nodiscard]] glyph final_at(std::size_t m, glyph l) noexcept {
        const unsigned char c = byte_at(s_, m);
        if (is_convertible_punct(c))
            return convert_decision(m, l) ? glyph{kind::wide_punct, false, 3} : glyph{kind::other, false, 1};
        if (c == '(') return open_decision(m) ? glyph{kind::wide_punct, false, 3} : glyph{kind::other, false, 1};
        if (c == ')') return close_decision(m, l) ? glyph{kind::wide_punct, false, 3} : glyph{kind::other, false, 1};
        return settled(m, l);
    }

    // --- handlers: each returns the offset to continue at ---------------------------------------

    // The end of the run of ASCII spaces at i (0 < i) when the quick paths may decide it: the
    // space_at_punct rule is on, no mark was set at i, and the run ends before the last two bytes
    // at a character that is no other white space. Else 0: space_run decides.
    [[gnu::always_inline]] std::size_t ascii_space_run_end(std::size_t i) const {
        const auto* p = reinterpret_cast<const unsigned char*>(s_.data());
        const std::size_t n = s_.size();
        std::size_t j = i + 1;
        while (j < n && p[j] == ' ') ++j;
        if (j + 2 >= n || !at_punct_ || i == mark_pos_) return 0;
        const unsigned char e = p[j];
        if (e == '\t' || e == 0xC2 || (e == 0xE3 && p[j + 1] == 0x80 && p[j + 2] == 0x80)) return 0;  // the run goes on
        return j;
    }

    // space_run's common cases for a run of ASCII spaces at i (0 < i < n-1) that ends before a
    // three-byte character: next to `，` and the like it goes, a single one between two Han
    // characters stays. Returns the end of the run, or 0 when space_run has to decide.
    [[gnu::always_inline]] std::size_t quick_space_run(std::size_t i) {
        const std::size_t j = ascii_space_run_end(i);
        if (j == 0) return 0;
        const auto* p = reinterpret_cast<const unsigned char*>(s_.data());
        const bool before = i >= 3 && common_punct_at(p + i - 3);  // three whole bytes: a character
        if (before || common_punct_at(p + j)) {
            cut(i, j);
            if (before) set_mark(j, {kind::wide_punct, false, 3});
            return j;
        }
        if (j == i + 1 && i >= 3 && han_lead3(p + i - 3) && (p[i - 2] & 0xC0) == 0x80 && (p[i - 1] & 0xC0) == 0x80 &&
            han_lead3(p + j)) {
            set_mark(j, {kind::han, false, 3});  // what space_run leaves: no rule, nothing to collapse
            return j;
        }
        // “ ” ‘ ’ — … count as punctuation in a block with CJK text.
        const bool amb_before = i >= 3 && amb_quote_at(p + i - 3);
        if ((amb_before || amb_quote_at(p + j)) && context()) {
            cut(i, j);
            if (amb_before) set_mark(j, {kind::amb_punct, false, 3});
            return j;
        }
        return 0;
    }

    // quick_space_run for ASCII spaces at i right after `，` and the like (found from the mark
    // before them): removes them and returns the end of the run, or 0 when the run goes on with
    // other spaces or reaches the end (quick_space_run or space_run decide then).
    [[gnu::always_inline]] std::size_t spaces_after_punct(std::size_t i) {
        const std::size_t j = ascii_space_run_end(i);
        if (j == 0) return 0;
        cut(i, j);
        set_mark(j, {kind::wide_punct, false, 3});
        return j;
    }

    std::size_t space_run(std::size_t i) {
        const auto* p = reinterpret_cast<const unsigned char*>(s_.data());
        const std::size_t n = s_.size();
        std::size_t j = i;
        while (j < n) {
            if (p[j] == ' ') { ++j; continue; }
            const std::size_t sl = space_len(s_, j);
            if (!sl) break;
            j += sl;
        }
        if (opts_.space_at_punct && i > 0 && j < n) {
            // The common case, `， ` or ` ，`: punctuation on one side decides alone. A mark after
            // the run is only needed when the next character may be a stop, which `，` is not.
            const bool before = i >= 3 && i != mark_pos_ && common_punct_at(p + i - 3);
            if (before || (j + 2 < n && common_punct_at(p + j))) {
                cut(i, j);
                if (before) set_mark(j, {kind::wide_punct, false, 3});
                return j;
            }
        }
        const glyph l = left(i);
        const glyph r = j < s_.size() ? final_at(j, l) : glyph{};
        std::string_view rule;
        if (l.k == kind::none || r.k == kind::none) {
            if (opts_.trim) rule = "trim_space";
        } else if (touches_punct(l) || touches_punct(r)) {
            if (opts_.space_at_punct) rule = "space_at_punct";
        } else if ((l.k == kind::han && r.k == kind::alnum) || (l.k == kind::alnum && r.k == kind::han)) {
            if (opts_.space_cjk_latin) rule = "space_cjk_latin";
        }
        if (!rule.empty()) emit(i, j, {}, rule, true);
        else if (opts_.collapse && (j - i != 1 || byte_at(s_, i) != ' ')) emit(i, j, " ", "collapse_space", true);
        set_mark(j, l);
        return j;
    }

    std::size_t convertible(std::size_t k) {
        const glyph l = left(k);
        if (convert_decision(k, l)) {
            const char fw[3] = {'\xEF', '\xBC', static_cast<char>(0x80 + (byte_at(s_, k) - 0x20))};
            emit(k, k + 1, {fw, 3}, "fullwidth_punct", false);
            set_mark(k + 1, {kind::wide_punct, false, 3});
        }
        return k + 1;
    }

    std::size_t open_paren(std::size_t j) {
        if (open_decision(j)) {
            emit(j, j + 1, "\xEF\xBC\x88", "fullwidth_paren", false);
            set_mark(j + 1, {kind::wide_punct, false, 3});
        }
        return j + 1;
    }

    std::size_t close_paren(std::size_t m) {
        if (close_decision(m, left(m))) {
            emit(m, m + 1, "\xEF\xBC\x89", "fullwidth_paren", false);
            set_mark(m + 1, {kind::wide_punct, false, 3});
        }
        return m + 1;
    }

    std::size_t fullwidth_form(std::size_t i) {
        if (!is_fullwidth_form(s_, i)) return i + utf8_length(0xEF);
        if (const char a = folded_alnum(s_, i)) {
            if (opts_.fold_alnum) {
                emit(i, i + 3, {&a, 1}, "fold_alnum", false);
                set_mark(i + 3, {kind::alnum, a >= '0' && a <= '9', 1});
            }
        } else if (const char sign = number_sign(s_, i); sign && sign_decision(i, left(i), sign)) {
            emit(i, i + 3, {&sign, 1}, "fold_number_sign", false);
            set_mark(i + 3, {sign == '%' ? kind::alnum : kind::other, false, 1});
        }
        return i + 3;
    }

    // --- output -------------------------------------------------------------------------------

    [[gnu::always_inline]] void start_output() {
        const std::size_t n = s_.size();
        cap_ = n + n / 8 + 16;
        out_ = arena_.reserve(cap_);
    }

    // Removes input bytes [i, j) by the space_at_punct rule: emit() without a replacement. The output never needs more room
    // than emit() made sure of (out_n_ + n - in_done_ <= cap_ holds after every change).
    [[gnu::always_inline]] void cut(std::size_t i, std::size_t j) {
        if (!out_) [[unlikely]]
            start_output();
        const std::size_t len = i - in_done_;
#if ZHNORM_SSE2
        // A segment of up to 64 bytes with 64 readable after its start (so 64 writable, by the
        // invariant above): four vector copies, the bytes past the segment overwritten later (a
        // call costs more).
        if (len <= 64 && in_done_ + 64 <= s_.size()) {
            const char* src = s_.data() + in_done_;
            char* dst = out_ + out_n_;
            for (int k = 0; k < 64; k += 16)
                _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + k), _mm_loadu_si128(reinterpret_cast<const __m128i*>(src + k)));
        } else
#endif
            std::memcpy(out_ + out_n_, s_.data() + in_done_, len);
        out_n_ += len;
        in_done_ = j;
        ++count_;
        if (record_) [[unlikely]] record(i, j, {}, "space_at_punct", true);
    }

    // Replaces input bytes [i, j) by `rep`.
    void emit(std::size_t i, std::size_t j, std::string_view rep, std::string_view rule, bool spaces) {
        const std::size_t n = s_.size();
        if (!out_) start_output();
        const std::size_t need = out_n_ + (i - in_done_) + rep.size() + (n - j);
        if (need > cap_) {
            const std::size_t cap = need > 2 * cap_ ? need : 2 * cap_;
            char* p = arena_.reserve(cap);  // same place when the chunk has room
            if (p != out_) std::memcpy(p, out_, out_n_);
            out_ = p;
            cap_ = cap;
        }
        std::memcpy(out_ + out_n_, s_.data() + in_done_, i - in_done_);
        out_n_ += i - in_done_;
        if (!rep.empty()) std::memcpy(out_ + out_n_, rep.data(), rep.size());
        out_n_ += rep.size();
        in_done_ = j;
        ++count_;
        if (record_) record(i, j, rep, rule, spaces);
    }

    [[gnu::noinline, gnu::cold]] void record(std::size_t i, std::size_t j, std::string_view rep, std::string_view rule,
                                             bool spaces) {
        {
            pending_edit e;
            e.begin = i;
            e.end = j;
            e.rule = rule;
            e.size = static_cast<std::uint8_t>(rep.size());
            if (!rep.empty()) std::memcpy(e.bytes.data(), rep.data(), rep.size());
            e.spaces = spaces;
            record_->push_back(e);
        }
    }

    const Options& opts_;
    text_arena& arena_;
    std::string_view s_;
    std::vector<pending_edit>* record_ = nullptr;
    char* out_ = nullptr;
    std::size_t out_n_ = 0, cap_ = 0, in_done_ = 0, count_ = 0;
    bool at_punct_ = true;         // opts_.space_at_punct, read once
    std::size_t mark_pos_ = npos;  // the output class of the non-space character before mark_pos_
    glyph mark_;
    int context_ = -1;                  // the block holds CJK text (-1: not yet looked)
    std::size_t open_pos_ = npos;       // cached decision for the `(` there
    bool open_dec_ = false;
    std::size_t close_pos_ = npos;      // the `)` matching the last decided `(`
    bool close_dec_ = false;
    std::size_t chain_from_ = npos, chain_to_ = npos;  // cached after_chain() for k in [from, to)
    glyph chain_kind_;
    std::size_t look_from_ = npos, look_to_ = npos;    // cached after_parens() for j in [from, to)
    glyph look_kind_;
};

} // namespace zhnorm::detail::spacing
