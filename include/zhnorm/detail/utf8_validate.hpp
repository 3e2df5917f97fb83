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
#include <type_traits>
#include <utility>

#include "zhnorm/detail/simd.hpp"

namespace zhnorm::detail {

struct utf8_scan {
    std::size_t valid = 0;      // length of the longest valid prefix
    std::size_t newlines = 0;   // '\n' bytes in that prefix
    std::size_t nuls = 0;       // NUL bytes in that prefix
    bool other_breaks = false;  // '\r', '\f', U+2028 or U+2029 in that prefix
};

// Told of the line feeds of the valid input, in order, while no other line end has been seen:
// lfs(at, mask) for the 64 bytes at `at` (bit k: byte at + k is '\n'), range(from, to) for bytes
// the sink searches itself. Together they cover the input from 0 without gaps up to where a scan
// meets an invalid sequence or another line end (no call covers that far); a range may reach back
// over up to three bytes told before, none of them '\n' (so the sink need not track what it was
// told). load() splits lines in the same pass this way.
struct no_lf_sink {
    static constexpr bool active = false;
    void lfs(std::size_t, std::uint64_t) noexcept {}
    void range(std::size_t, std::size_t) noexcept {}
};

namespace utf8_detail {

// A scan works on a local copy of its sink (whose members can then live in registers) and
// hands it back when it returns.
template <class S>
struct sink_copy {
    S& to;
    S v;
    ~sink_copy() { to = v; }
};

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

namespace utf8_detail {

// scan_utf8 with 16-byte vectors (or the scalar validator alone where SSE2 is missing).
template <class Sink = no_lf_sink>
[[nodiscard]] inline utf8_scan scan_utf8_sse2(const char* s, std::size_t n, char* copy_to, Sink&& sink_ = {}) noexcept {
    utf8_detail::sink_copy<std::decay_t<Sink>> local{sink_, sink_};
    auto& sink = local.v;
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
        if (!r.other_breaks) sink.range(0, i);
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
            if (!r.other_breaks) sink.range(i, j);  // bytes before i are not '\n'
            i = j;
            continue;
        }
        newlines.add_counts(lfs);
        if constexpr (std::decay_t<Sink>::active)
            if (!r.other_breaks) sink.lfs(i, utf8_detail::block64(p + i).eq('\n'));
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
    if (!r.other_breaks) sink.range(tail, n);  // may start up to three bytes back, none of them '\n'
    r.valid = n;
    return r;
}

#if ZHNORM_AVX2
// 32 bytes at a time with AVX2, checking every rule of UTF-8 in the vectors (four-byte sequences,
// E0 and ED leads included) by the lookup method of simdjson and simdutf (Keiser and Lemire,
// "Validating UTF-8 in less than one instruction per byte", 2021): three table lookups classify each
// byte by its high nibble and the high and low nibbles of the byte before; two saturating
// subtractions say where a third or fourth sequence byte must follow.
namespace avx2 {

[[nodiscard, gnu::always_inline]] ZHNORM_TARGET_AVX2 inline __m256i table(const signed char (&t)[16]) noexcept {
    return _mm256_broadcastsi128_si256(_mm_loadu_si128(reinterpret_cast<const __m128i*>(t)));
}

[[nodiscard, gnu::always_inline]] ZHNORM_TARGET_AVX2 inline __m256i load(const unsigned char* a) noexcept {
    return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(a));
}

[[nodiscard, gnu::always_inline]] ZHNORM_TARGET_AVX2 inline std::uint64_t mask(__m256i a, __m256i b) noexcept {
    return static_cast<std::uint64_t>(static_cast<std::uint32_t>(_mm256_movemask_epi8(a))) |
           static_cast<std::uint64_t>(static_cast<std::uint32_t>(_mm256_movemask_epi8(b))) << 32;
}

// Error classes: bit set in all three lookups where the pair (byte before, byte) breaks that rule.
inline constexpr int too_short = 1 << 0;  // lead or ASCII, then lead or ASCII after a lead
inline constexpr int too_long = 1 << 1;   // ASCII, then continuation
inline constexpr int overlong_3 = 1 << 2, too_large = 1 << 3, surrogate = 1 << 4, overlong_2 = 1 << 5;
inline constexpr int too_large_1000 = 1 << 6, overlong_4 = 1 << 6;
inline constexpr int two_conts = 1 << 7;  // continuation after continuation: right only where required
inline constexpr int carry = too_short | too_long | two_conts;

#define ZHNORM_SC(v) static_cast<signed char>(static_cast<unsigned char>(v))
inline constexpr signed char byte1_high[16] = {
    ZHNORM_SC(too_long), ZHNORM_SC(too_long), ZHNORM_SC(too_long), ZHNORM_SC(too_long),
    ZHNORM_SC(too_long), ZHNORM_SC(too_long), ZHNORM_SC(too_long), ZHNORM_SC(too_long),
    ZHNORM_SC(two_conts), ZHNORM_SC(two_conts), ZHNORM_SC(two_conts), ZHNORM_SC(two_conts),
    ZHNORM_SC(too_short | overlong_2), ZHNORM_SC(too_short), ZHNORM_SC(too_short | overlong_3 | surrogate),
    ZHNORM_SC(too_short | too_large | too_large_1000 | overlong_4)};
inline constexpr signed char byte1_low[16] = {
    ZHNORM_SC(carry | overlong_3 | overlong_2 | overlong_4), ZHNORM_SC(carry | overlong_2), ZHNORM_SC(carry),
    ZHNORM_SC(carry), ZHNORM_SC(carry | too_large), ZHNORM_SC(carry | too_large | too_large_1000),
    ZHNORM_SC(carry | too_large | too_large_1000), ZHNORM_SC(carry | too_large | too_large_1000),
    ZHNORM_SC(carry | too_large | too_large_1000), ZHNORM_SC(carry | too_large | too_large_1000),
    ZHNORM_SC(carry | too_large | too_large_1000), ZHNORM_SC(carry | too_large | too_large_1000),
    ZHNORM_SC(carry | too_large | too_large_1000), ZHNORM_SC(carry | too_large | too_large_1000 | surrogate),
    ZHNORM_SC(carry | too_large | too_large_1000), ZHNORM_SC(carry | too_large | too_large_1000)};
inline constexpr signed char byte2_high[16] = {
    ZHNORM_SC(too_short), ZHNORM_SC(too_short), ZHNORM_SC(too_short), ZHNORM_SC(too_short),
    ZHNORM_SC(too_short), ZHNORM_SC(too_short), ZHNORM_SC(too_short), ZHNORM_SC(too_short),
    ZHNORM_SC(too_long | overlong_2 | two_conts | overlong_3 | too_large_1000 | overlong_4),
    ZHNORM_SC(too_long | overlong_2 | two_conts | overlong_3 | too_large),
    ZHNORM_SC(too_long | overlong_2 | two_conts | surrogate | too_large),
    ZHNORM_SC(too_long | overlong_2 | two_conts | surrogate | too_large),
    ZHNORM_SC(too_short), ZHNORM_SC(too_short), ZHNORM_SC(too_short), ZHNORM_SC(too_short)};
// Bytes the line splitter must hear of: NUL, form feed and CR (index: low nibble; a byte from 0x80
// up looks up 0, which only NUL equals).
inline constexpr signed char control_bytes[16] = {0, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 0x0C, 0x0D, -1, -1};
#undef ZHNORM_SC

// The vectors the checks use, built once per scan (built per use, they cost more than the checks).
struct constants {
    __m256i byte1_high, byte1_low, byte2_high, control_bytes, nib, x60, x70, x80, x01, xa9, lf;
    ZHNORM_TARGET_AVX2 constants() noexcept
        : byte1_high(table(avx2::byte1_high)), byte1_low(table(avx2::byte1_low)), byte2_high(table(avx2::byte2_high)),
          control_bytes(table(avx2::control_bytes)), nib(_mm256_set1_epi8(0x0F)), x60(_mm256_set1_epi8(0x60)),
          x70(_mm256_set1_epi8(0x70)), x80(_mm256_set1_epi8(static_cast<char>(0x80))), x01(_mm256_set1_epi8(1)),
          xa9(_mm256_set1_epi8(static_cast<char>(0xA9))), lf(_mm256_set1_epi8('\n')) {
        // Opaque to the compiler, which would otherwise build each splat anew in the loop.
        for (__m256i* v : {&byte1_high, &byte1_low, &byte2_high, &control_bytes, &nib, &x60, &x70, &x80, &x01, &xa9, &lf})
            asm("" : "+x"(*v));
    }
};

// Nonzero lanes where the 64 bytes at q (x: the first 32, y: the rest) break UTF-8, except that a
// sequence running on past them is checked with the bytes that follow. Each table lookup is done
// for both halves at once, so that one register holds the table for both (the constants do not
// all fit in registers, and a reload per use cost more than the lookups).
[[nodiscard, gnu::always_inline]] ZHNORM_TARGET_AVX2 inline __m256i errors(const constants& k, const unsigned char* q,
                                                                            __m256i x, __m256i y) noexcept {
    const __m256i x1 = load(q - 1), y1 = load(q + 31);  // the byte before each byte
    // The pair (byte before, byte) classified by three lookups; their common bits are its errors.
    const __m256i xh = _mm256_and_si256(_mm256_srli_epi16(x1, 4), k.nib), yh = _mm256_and_si256(_mm256_srli_epi16(y1, 4), k.nib);
    const __m256i xb1h = _mm256_shuffle_epi8(k.byte1_high, xh), yb1h = _mm256_shuffle_epi8(k.byte1_high, yh);
    const __m256i xl = _mm256_and_si256(x1, k.nib), yl = _mm256_and_si256(y1, k.nib);
    const __m256i xb1l = _mm256_shuffle_epi8(k.byte1_low, xl), yb1l = _mm256_shuffle_epi8(k.byte1_low, yl);
    const __m256i xh2 = _mm256_and_si256(_mm256_srli_epi16(x, 4), k.nib), yh2 = _mm256_and_si256(_mm256_srli_epi16(y, 4), k.nib);
    const __m256i xb2h = _mm256_shuffle_epi8(k.byte2_high, xh2), yb2h = _mm256_shuffle_epi8(k.byte2_high, yh2);
    const __m256i xs = _mm256_and_si256(_mm256_and_si256(xb1h, xb1l), xb2h);
    const __m256i ys = _mm256_and_si256(_mm256_and_si256(yb1h, yb1l), yb2h);
    // Lanes where the byte must be a third or fourth sequence byte (from 0x80 up after the
    // subtractions): there a continuation after a continuation is right, and its bit is flipped.
    const __m256i xm = _mm256_or_si256(_mm256_subs_epu8(load(q - 2), k.x60), _mm256_subs_epu8(load(q - 3), k.x70));
    const __m256i ym = _mm256_or_si256(_mm256_subs_epu8(load(q + 30), k.x60), _mm256_subs_epu8(load(q + 29), k.x70));
    return _mm256_or_si256(_mm256_xor_si256(_mm256_and_si256(xm, k.x80), xs), _mm256_xor_si256(_mm256_and_si256(ym, k.x80), ys));
}

// FF lanes holding NUL, form feed or CR, or A8/A9 after 80 (maybe U+2028 or U+2029).
[[nodiscard, gnu::always_inline]] ZHNORM_TARGET_AVX2 inline __m256i rare(const constants& k, __m256i x, __m256i p1) noexcept {
    const __m256i ctl = _mm256_cmpeq_epi8(_mm256_shuffle_epi8(k.control_bytes, x), x);
    const __m256i sep = _mm256_and_si256(_mm256_cmpeq_epi8(p1, k.x80), _mm256_cmpeq_epi8(_mm256_or_si256(x, k.x01), k.xa9));
    return _mm256_or_si256(ctl, sep);
}

} // namespace avx2

// scan_utf8 with 32-byte vectors; the same answers as scan_utf8_sse2.
template <class Sink = no_lf_sink>
[[nodiscard]] ZHNORM_TARGET_AVX2 inline utf8_scan scan_utf8_avx2(const char* s, std::size_t n, char* copy_to,
                                                                 Sink&& sink_ = {}) noexcept {
    sink_copy<std::decay_t<Sink>> local{sink_, sink_};
    auto& sink = local.v;
    using avx2::load, avx2::mask;
    const auto* p = reinterpret_cast<const unsigned char*>(s);
    utf8_scan r;
    std::size_t i = 0;
    if (n >= 64 + 3) {  // the vectors look three bytes back
        if (!scan_scalar(p, n, i, 3, r)) {
            r.valid = i;
            return r;
        }
        if (copy_to) std::memcpy(copy_to, s, i);
        if (!r.other_breaks) sink.range(0, i);
    }
    const avx2::constants k;
    const __m256i zero = _mm256_setzero_si256();
    // The loop's state in locals whose address is never taken, so that it stays in registers:
    // `r`, `i` and the sink are passed by reference to the scalar validator and to range(), and
    // a line record store could alias them. They are handed over only on the rare paths.
    auto lf_sink = sink;
    std::size_t at = i, lf_count = 0;
    bool breaks = r.other_breaks;
    auto hand_over = [&] {
        sink = lf_sink;
        r.other_breaks = breaks;
        r.newlines += std::exchange(lf_count, 0);
    };
    // Blocks start before `limit`, and never before byte 3 (the vectors look three bytes back).
    const std::size_t limit = at >= 3 && n >= 64 ? n - 63 : 0;
    while (at < limit) {
        const std::size_t i = at;
        const unsigned char* q = p + i;
        const __m256i x0 = load(q), x1 = load(q + 32);
        if (copy_to) {  // undone if the block is bad
            _mm256_storeu_si256(reinterpret_cast<__m256i*>(copy_to + i), x0);
            _mm256_storeu_si256(reinterpret_cast<__m256i*>(copy_to + i + 32), x1);
        }
        bool ok;
        if (_mm256_testz_si256(_mm256_or_si256(x0, x1), k.x80))  // ASCII: only the sequence before can be cut short
            ok = q[-1] < 0xC0 && q[-2] < 0xE0 && q[-3] < 0xF0;
        else {
            const __m256i e = avx2::errors(k, q, x0, x1);
            ok = _mm256_testz_si256(e, e) != 0;
        }
        if (!ok) {
            // Back to the start of the last sequence before the block, then scalar past this block,
            // which finds where exactly the input goes wrong.
            hand_over();
            std::size_t j = last_sequence_start(p, i);
            if (!scan_scalar(p, n, j, i + 64, r)) {
                r.valid = j;
                return r;
            }
            if (copy_to) std::memcpy(copy_to + i, s + i, j - i);
            if (!r.other_breaks) sink.range(i, j);  // bytes before i are not '\n'
            lf_sink = sink;
            breaks = r.other_breaks;
            at = j;
            continue;
        }
        const std::uint64_t lf_mask = mask(_mm256_cmpeq_epi8(x0, k.lf), _mm256_cmpeq_epi8(x1, k.lf));
        lf_count += static_cast<std::size_t>(std::popcount(lf_mask));
        const __m256i odd = _mm256_or_si256(avx2::rare(k, x0, load(q - 1)), avx2::rare(k, x1, load(q + 31)));
        if (!_mm256_testz_si256(odd, odd)) {
            r.nuls += static_cast<std::size_t>(std::popcount(mask(_mm256_cmpeq_epi8(x0, zero), _mm256_cmpeq_epi8(x1, zero))));
            const __m256i cr = _mm256_set1_epi8('\r'), ff = _mm256_set1_epi8('\f');
            if (mask(_mm256_or_si256(_mm256_cmpeq_epi8(x0, cr), _mm256_cmpeq_epi8(x0, ff)),
                     _mm256_or_si256(_mm256_cmpeq_epi8(x1, cr), _mm256_cmpeq_epi8(x1, ff))) != 0)
                breaks = true;
            const __m256i a9 = _mm256_set1_epi8(static_cast<char>(0xA9)), one = _mm256_set1_epi8(1);
            for (std::uint64_t m = mask(_mm256_cmpeq_epi8(_mm256_or_si256(x0, one), a9),
                                        _mm256_cmpeq_epi8(_mm256_or_si256(x1, one), a9));
                 m != 0; m &= m - 1) {
                const std::size_t k = i + static_cast<std::size_t>(std::countr_zero(m));
                if (p[k - 1] == 0x80 && p[k - 2] == 0xE2) breaks = true;
            }
        }
        if constexpr (std::decay_t<Sink>::active)
            if (!breaks) lf_sink.lfs(i, lf_mask);
        at = i + 64;
    }
    hand_over();
    i = last_sequence_start(p, at);  // the tail checks that sequence's end too
    const std::size_t tail = i;
    if (!scan_scalar(p, n, i, n, r)) {
        r.valid = i;
        return r;
    }
    if (copy_to && tail < n) std::memcpy(copy_to + tail, s + tail, n - tail);
    if (!r.other_breaks) sink.range(tail, n);  // may start up to three bytes back, none of them '\n'

    r.valid = n;
    return r;
}
#endif

} // namespace utf8_detail

// Validates [s, s+n) and counts line feeds, NULs and other line ends in its valid prefix. With
// `copy_to` (room for n bytes), also copies the input there in the same pass when it is all valid
// (else the copy is unfinished).
// `sink` hears of the line feeds (see no_lf_sink).
template <class Sink = no_lf_sink>
[[nodiscard]] inline utf8_scan scan_utf8(const char* s, std::size_t n, char* copy_to = nullptr, Sink&& sink = {}) noexcept {
#if ZHNORM_AVX2
    if (use_avx2()) return utf8_detail::scan_utf8_avx2(s, n, copy_to, sink);
#endif
    return utf8_detail::scan_utf8_sse2(s, n, copy_to, sink);
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
