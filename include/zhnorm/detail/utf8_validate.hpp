#pragma once
// Byte-level UTF-8 validation, fused with the counts load() needs to split the input into lines,
// so the input is read once before it is copied.
//
// Where SSE2 is available (every x86-64), 64 bytes are checked at a time when they hold only ASCII,
// two-byte sequences (C2..DF leads) and three-byte sequences led by E1..EC, EE or EF (all of CJK and
// its punctuation): each byte must be a continuation byte exactly where the one or two bytes before
// it lead a sequence, and a sequence may run on into the next block. Any other block (four-byte
// sequences, the E0 and ED leads with their narrower second byte, invalid bytes), and the tail, goes
// through the scalar validator, which also serves other targets (and builds defining
// ZHNORM_FORCE_SCALAR) and decides where exactly an invalid sequence starts.
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "zhnorm/detail/simd.hpp"

namespace zhnorm::detail {

struct utf8_scan {
    std::size_t valid = 0;      // length of the longest valid prefix
    std::size_t newlines = 0;   // '\n' bytes in that prefix
    std::size_t nuls = 0;       // NUL bytes in that prefix
    bool other_breaks = false;  // '\r', '\f', U+2028 or U+2029 in that prefix
};

namespace utf8_detail {

// Validates sequence by sequence from `i` (a sequence start) until i >= stop, counting into `r`
// as it goes; a sequence may run past `stop` (never past n). False, with `i` at its first byte,
// on an invalid sequence.
inline bool scan_scalar(const unsigned char* p, std::size_t n, std::size_t& i, std::size_t stop,
                        utf8_scan& r) noexcept {
    constexpr std::uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    while (i < stop) {
        if (n - i >= 8) {
            std::uint64_t w;
            std::memcpy(&w, p + i, 8);
            // Eight ASCII bytes, none below 0x0E (where NUL, '\n', '\f' and '\r' are).
            if (((w | ((w - ones * 0x0E) & ~w)) & highs) == 0) {
                i += 8;
                continue;
            }
        }
        const unsigned char c = p[i];
        if (c < 0x80) {
            if (c == '\n') ++r.newlines;
            else if (c == 0) ++r.nuls;
            else if (c == '\r' || c == '\f') r.other_breaks = true;
            ++i;
            continue;
        }
        std::size_t len;
        unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
        if (c >= 0xC2 && c <= 0xDF) len = 2;
        else if (c == 0xE0) { len = 3; lo = 0xA0; }
        else if (c == 0xED) { len = 3; hi = 0x9F; }  // no surrogates
        else if (c >= 0xE1 && c <= 0xEF) len = 3;
        else if (c == 0xF0) { len = 4; lo = 0x90; }
        else if (c == 0xF4) { len = 4; hi = 0x8F; }
        else if (c >= 0xF1 && c <= 0xF3) len = 4;
        else return false;
        if (n - i < len) return false;
        if (p[i + 1] < lo || p[i + 1] > hi) return false;
        for (std::size_t k = 2; k < len; ++k)
            if ((p[i + k] & 0xC0) != 0x80) return false;
        if (c == 0xE2 && p[i + 1] == 0x80 && (p[i + 2] == 0xA8 || p[i + 2] == 0xA9)) r.other_breaks = true;
        i += len;
    }
    return true;
}

// Where the scalar validator resumes after bytes [0, i) passed the block checks, which do not see
// whether the sequence holding byte i-1 ends where it should: at its lead when that byte is not
// ASCII (at most three bytes back, none of them counted), else at i.
[[nodiscard]] inline std::size_t last_sequence_start(const unsigned char* p, std::size_t i) noexcept {
    if (i == 0 || p[i - 1] < 0x80) return i;
    std::size_t j = i - 1;
    while (j > 0 && i - j < 4 && (p[j] & 0xC0) == 0x80) --j;
    return j;
}

#if ZHNORM_SSE2
[[gnu::always_inline]] inline std::uint64_t mask64(__m128i a, __m128i b, __m128i c, __m128i d) noexcept {
    return static_cast<std::uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(a))) |
           static_cast<std::uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(b))) << 16 |
           static_cast<std::uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(c))) << 32 |
           static_cast<std::uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(d))) << 48;
}

// One 64-byte block as four vectors, and bit masks of its bytes (bit k: byte k).
struct block64 {
    __m128i v[4];
    explicit block64(const unsigned char* p) noexcept {
        for (int k = 0; k < 4; ++k) v[k] = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * k));
    }
    template <class F>
    [[nodiscard, gnu::always_inline]] std::uint64_t mask(F f) const noexcept {
        return mask64(f(v[0]), f(v[1]), f(v[2]), f(v[3]));
    }
    [[nodiscard, gnu::always_inline]] std::uint64_t eq(char c) const noexcept {
        const __m128i k = _mm_set1_epi8(c);
        return mask([&](__m128i x) { return _mm_cmpeq_epi8(x, k); });
    }
};

// Counts selected bytes in byte-wide lanes (each block adds at most 4 to a lane), summed into a
// size_t before a lane can overflow: cheaper than a mask and a popcount per block.
class lane_counter {
public:
    // Adds lane counts of one block (each lane at most 4).
    void add_counts(__m128i c) noexcept {
        acc_ = _mm_add_epi8(acc_, c);
        if (++blocks_ == 63) flush();
    }
    [[nodiscard]] std::size_t total() noexcept {
        flush();
        return sum_;
    }

private:
    void flush() noexcept {
        alignas(16) std::uint64_t halves[2];  // the two 64-bit sums of eight lanes each
        _mm_store_si128(reinterpret_cast<__m128i*>(halves), _mm_sad_epu8(acc_, _mm_setzero_si128()));
        sum_ += static_cast<std::size_t>(halves[0] + halves[1]);
        acc_ = _mm_setzero_si128();
        blocks_ = 0;
    }
    __m128i acc_ = _mm_setzero_si128();
    unsigned blocks_ = 0;
    std::size_t sum_ = 0;
};

// Set bits of x (std::popcount without the POPCNT instruction is a library call).
inline std::size_t bit_count(std::uint64_t x) noexcept {
#ifdef __POPCNT__
    return static_cast<std::size_t>(std::popcount(x));
#else
    x -= (x >> 1) & 0x5555555555555555ULL;
    x = (x & 0x3333333333333333ULL) + ((x >> 2) & 0x3333333333333333ULL);
    x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0FULL;
    return static_cast<std::size_t>((x * 0x0101010101010101ULL) >> 56);
#endif
}
#endif

} // namespace utf8_detail

// Validates [s, s+n) and counts line feeds, NULs and other line ends in its valid prefix. With
// `copy_to` (room for n bytes), also copies the input there in the same pass when it is all valid
// (else the copy is unfinished).
[[nodiscard]] inline utf8_scan scan_utf8(const char* s, std::size_t n, char* copy_to = nullptr) noexcept {
    const auto* p = reinterpret_cast<const unsigned char*>(s);
    utf8_scan r;
    std::size_t i = 0;
    auto copy = [&](std::size_t from, std::size_t to) {  // [from, to) was validated: from < to
        if (copy_to) std::memcpy(copy_to + from, s + from, to - from);
    };
#if ZHNORM_SSE2
    // 64 bytes at a time from a sequence start past the first two bytes. Each byte is checked in
    // its vector against the two bytes before it (unaligned loads, so a sequence may run on across
    // blocks): it must be a continuation byte exactly when the byte before leads a sequence of two
    // or more bytes or the one before that leads a sequence of three. Blocks holding a four-byte
    // lead, C0, C1, E0 or ED (narrower second byte) or an invalid byte fail; blocks with a control
    // byte below 0x0E other than '\n' or with E2 (U+2028, U+2029) get a closer look. The scalar
    // validator decides blocks that fail and the tail.
    if (n >= 64 + 2) {
        if (!utf8_detail::scan_scalar(p, n, i, 2, r)) {
            r.valid = i;
            return r;
        }
        copy(0, i);
    }
    utf8_detail::lane_counter newlines;
    const __m128i zero = _mm_setzero_si128(), lf = _mm_set1_epi8('\n'), ctl = _mm_set1_epi8(0x0D),
                  xbf = _mm_set1_epi8(static_cast<char>(0xBF)), xdf = _mm_set1_epi8(static_cast<char>(0xDF)),
                  xf0 = _mm_set1_epi8(static_cast<char>(0xF0)), m64 = _mm_set1_epi8(-64),
                  xe0 = _mm_set1_epi8(static_cast<char>(0xE0)), xed = _mm_set1_epi8(static_cast<char>(0xED)),
                  xc1 = _mm_set1_epi8(static_cast<char>(0xC1)), one = _mm_set1_epi8(1),
                  xe2 = _mm_set1_epi8(static_cast<char>(0xE2));
    while (i >= 2 && n - i >= 64) {
        __m128i bad = zero, top = zero, lows = zero, e2s = zero, lfs = zero;
        for (int k = 0; k < 4; ++k) {
            const unsigned char* q = p + i + 16 * k;
            const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(q));
            const __m128i x1 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(q - 1));
            const __m128i x2 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(q - 2));
            if (copy_to) _mm_storeu_si128(reinterpret_cast<__m128i*>(copy_to + i + 16 * k), x);  // undone if bad
            // 00 where x must not be a continuation byte.
            const __m128i need = _mm_or_si128(_mm_subs_epu8(x1, xbf), _mm_subs_epu8(x2, xdf));
            // FF where "must be one" and "is one" agree as they must not.
            bad = _mm_or_si128(bad, _mm_cmpeq_epi8(_mm_cmpeq_epi8(need, zero), _mm_cmplt_epi8(x, m64)));
            top = _mm_max_epu8(top, x);
            const __m128i odd = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, xe0), _mm_cmpeq_epi8(x, xed)),
                                             _mm_cmpeq_epi8(_mm_or_si128(x, one), xc1));
            bad = _mm_or_si128(bad, odd);
            // Per lane: bytes up to 0x0D ('\n' among them), and '\n' bytes.
            lows = _mm_sub_epi8(lows, _mm_cmpeq_epi8(_mm_subs_epu8(x, ctl), zero));
            lfs = _mm_sub_epi8(lfs, _mm_cmpeq_epi8(x, lf));
            e2s = _mm_or_si128(e2s, _mm_cmpeq_epi8(x, xe2));
        }
        bad = _mm_or_si128(bad, _mm_cmpeq_epi8(_mm_max_epu8(top, xf0), top));  // a byte from F0 up
        bool ok = _mm_movemask_epi8(bad) == 0;
        // A control byte other than '\n' where the two counts differ.
        const bool ctl_bytes = _mm_movemask_epi8(_mm_cmpeq_epi8(lows, lfs)) != 0xFFFF;
        if (ok && (ctl_bytes || _mm_movemask_epi8(e2s) != 0)) {
            const utf8_detail::block64 b(p + i);
            if (_mm_movemask_epi8(e2s) != 0)
                for (std::uint64_t m = b.eq(static_cast<char>(0xE2)); m != 0; m &= m - 1) {
                    const std::size_t k = i + static_cast<std::size_t>(std::countr_zero(m));
                    if (k + 2 < n && p[k + 1] == 0x80 && (p[k + 2] | 1u) == 0xA9) r.other_breaks = true;
                }
            if (ctl_bytes) {
                r.nuls += utf8_detail::bit_count(b.eq('\0'));
                if ((b.eq('\r') | b.eq('\f')) != 0) r.other_breaks = true;
            }
        }
        if (!ok) {
            // Back to the start of the last sequence before the block (its end was not checked
            // yet), then scalar past this block.
            std::size_t j = utf8_detail::last_sequence_start(p, i);
            if (!utf8_detail::scan_scalar(p, n, j, i + 64, r)) {
                r.valid = j;
                r.newlines += newlines.total();
                return r;
            }
            copy(i, j);
            i = j;
            continue;
        }
        newlines.add_counts(lfs);
        i += 64;
    }
    i = utf8_detail::last_sequence_start(p, i);  // the tail checks that sequence's end too
    r.newlines += newlines.total();
#endif
    const std::size_t tail = i;
    if (!utf8_detail::scan_scalar(p, n, i, n, r)) {
        r.valid = i;
        return r;
    }
    if (tail < n) copy(tail, n);
    r.valid = n;
    return r;
}

// Length of the longest valid UTF-8 prefix of [p, p+n).
[[nodiscard]] inline std::size_t valid_utf8_prefix(const char* s, std::size_t n) noexcept { return scan_utf8(s, n).valid; }

// Number of bytes at the start of [p, p+n) that form one maximal invalid subpart (Unicode's
// "substitution of maximal subparts": one U+FFFD per truncated sequence or stray byte). n > 0.
[[nodiscard]] inline std::size_t invalid_utf8_length(const char* s, std::size_t n) noexcept {
    const auto* p = reinterpret_cast<const unsigned char*>(s);
    const unsigned char c = p[0];
    std::size_t len;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) len = 2;
    else if (c == 0xE0) { len = 3; lo = 0xA0; }
    else if (c == 0xED) { len = 3; hi = 0x9F; }
    else if (c >= 0xE1 && c <= 0xEF) len = 3;
    else if (c == 0xF0) { len = 4; lo = 0x90; }
    else if (c == 0xF4) { len = 4; hi = 0x8F; }
    else if (c >= 0xF1 && c <= 0xF3) len = 4;
    else return 1;
    std::size_t i = 1;
    if (i < n && p[i] >= lo && p[i] <= hi) {
        ++i;
        while (i < len && i < n && (p[i] & 0xC0) == 0x80) ++i;
    }
    return i;
}

} // namespace zhnorm::detail
