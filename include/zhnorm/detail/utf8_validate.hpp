#pragma once
// Byte-level UTF-8 validation with an ASCII fast path (eight bytes at a time).
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace zhnorm::detail {

// Length of the longest valid UTF-8 prefix of [p, p+n).
[[nodiscard]] inline std::size_t valid_utf8_prefix(const char* s, std::size_t n) noexcept {
    const auto* p = reinterpret_cast<const unsigned char*>(s);
    std::size_t i = 0;
    while (i < n) {
        if (n - i >= 8) {
            std::uint64_t w;
            std::memcpy(&w, p + i, 8);
            if ((w & 0x8080808080808080ULL) == 0) { i += 8; continue; }
        }
        const unsigned char c = p[i];
        if (c < 0x80) { ++i; continue; }
        std::size_t len;
        unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
        if (c >= 0xC2 && c <= 0xDF) len = 2;
        else if (c == 0xE0) { len = 3; lo = 0xA0; }
        else if (c == 0xED) { len = 3; hi = 0x9F; }  // no surrogates
        else if (c >= 0xE1 && c <= 0xEF) len = 3;
        else if (c == 0xF0) { len = 4; lo = 0x90; }
        else if (c == 0xF4) { len = 4; hi = 0x8F; }
        else if (c >= 0xF1 && c <= 0xF3) len = 4;
        else return i;
        if (n - i < len) return i;
        if (p[i + 1] < lo || p[i + 1] > hi) return i;
        for (std::size_t k = 2; k < len; ++k)
            if ((p[i + k] & 0xC0) != 0x80) return i;
        i += len;
    }
    return n;
}

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
