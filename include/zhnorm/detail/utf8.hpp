#pragma once
// Code point access on text that load() already validated (hence utfcpp's unchecked API).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include <utf8/unchecked.h>

namespace zhnorm::detail {

struct decoded {
    char32_t cp;
    std::size_t len;  // bytes
};

// Length in bytes of the sequence led by byte `c` (1 for a stray continuation byte).
[[nodiscard]] constexpr std::size_t utf8_length(unsigned char c) noexcept {
    return c < 0x80 ? 1 : c < 0xE0 ? (c < 0xC0 ? 1 : 2) : c < 0xF0 ? 3 : 4;
}

[[nodiscard]] inline decoded decode_at(std::string_view s, std::size_t i) noexcept {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) return {c, 1};
    const std::size_t len = utf8_length(c);
    if (i + len > s.size()) return {U'\uFFFD', 1};
    const char* it = s.data() + i;
    return {static_cast<char32_t>(utf8::unchecked::next(it)), len};
}

// The code point ending right before byte `i` (i > 0).
[[nodiscard]] inline decoded decode_before(std::string_view s, std::size_t i) noexcept {
    std::size_t b = i - 1;
    while (b > 0 && i - b < 4 && (static_cast<unsigned char>(s[b]) & 0xC0) == 0x80) --b;
    const auto d = decode_at(s, b);
    return {d.cp, i - b};
}

template <class Out>
void append_utf8(Out& out, char32_t cp) {
    char buf[4];
    char* end = utf8::unchecked::append(static_cast<std::uint32_t>(cp), buf);
    out.append(buf, static_cast<std::size_t>(end - buf));
}

} // namespace zhnorm::detail
