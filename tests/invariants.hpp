#pragma once
// The invariants of a normalized document, shared by the property tests and the fuzzer:
//  - every block's text is non-blank, valid UTF-8, and its non-space characters are found in order
//    in the input bytes its `source` range claims; ranges lie inside the input and do not go back;
//  - conservation: the output's non-space characters are a subsequence of the input's, and (when
//    the document recorded its edits) every character missing from the output is in an edit.
// Characters compare after width folding (U+FF01..U+FF5E to ASCII), as a pass may convert widths.
#include <string>
#include <string_view>

#include <zhnorm/detail/utf8.hpp>
#include <zhnorm/detail/utf8_validate.hpp>
#include <zhnorm/document.hpp>

namespace zhnorm::testing {

inline bool is_space_cp(char32_t c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == 0xA0 || c == 0x3000 ||
           c == 0x2028 || c == 0x2029;
}

inline char32_t fold_width(char32_t c) { return c >= 0xFF01 && c <= 0xFF5E ? c - 0xFEE0 : c; }

// Non-space code points of valid UTF-8 text, width-folded.
inline std::u32string non_space(std::string_view s) {
    std::u32string out;
    for (std::size_t i = 0; i < s.size();) {
        const auto d = detail::decode_at(s, i);
        if (!is_space_cp(d.cp)) out += fold_width(d.cp);
        i += d.len;
    }
    return out;
}

inline bool is_subsequence(std::u32string_view small, std::u32string_view big) {
    std::size_t j = 0;
    for (char32_t c : small) {
        while (j < big.size() && big[j] != c) ++j;
        if (j == big.size()) return false;
        ++j;
    }
    return true;
}

inline bool valid_utf8(std::string_view s) { return detail::valid_utf8_prefix(s.data(), s.size()) == s.size(); }

// An empty string when `doc` (normalized from `input`) keeps every invariant, else what broke.
inline std::string check_document(const document& doc, std::string_view input) {
    auto broke = [](std::string what, std::string_view where = {}) {
        return where.empty() ? what : what + " at: " + std::string(where.substr(0, 200));
    };
    if (!valid_utf8(doc.buffer())) return broke("loaded buffer is not valid UTF-8");
    std::u32string out;
    std::size_t last_begin = 0, last_end = 0;
    for (const auto& b : doc.blocks) {
        if (b.text.empty()) return broke("block text is empty");
        if (!valid_utf8(b.text)) return broke("block text is not valid UTF-8");
        if (document::is_blank(b.text)) return broke("block text is blank", b.text);
        for (const auto& p : b.people) {
            if (!valid_utf8(p.role) || !valid_utf8(p.name)) return broke("person is not valid UTF-8", b.text);
            if (p.name.empty()) return broke("person without a name", b.text);
        }
        if (b.source.begin > b.source.end || b.source.end > input.size())
            return broke("source range outside the input", b.text);
        if (b.source.begin < last_begin || b.source.end < last_end) return broke("source ranges go back", b.text);
        last_begin = b.source.begin;
        last_end = b.source.end;
        const std::size_t bb = doc.buffer_offset(b.source.begin), be = doc.buffer_offset(b.source.end);
        if (bb > be || be > doc.buffer().size()) return broke("source range maps outside the buffer", b.text);
        const std::u32string text = non_space(b.text);
        if (!is_subsequence(text, non_space(doc.buffer().substr(bb, be - bb))))
            return broke("block characters are not in its source range", b.text);
        out += text;
    }
    std::u32string in = non_space(doc.buffer());
    if (doc.input.bom && !in.empty()) in.erase(0, 1);
    if (!is_subsequence(out, in)) return broke("output characters are not a subsequence of the input");
    if (doc.record_edits) {
        long long removed = 0;
        for (const auto& e : doc.edits) {
            if (e.source.begin > e.source.end || e.source.end > input.size())
                return broke("edit range outside the input", e.before);
            removed += static_cast<long long>(non_space(e.before).size()) -
                       static_cast<long long>(non_space(e.after).size());
        }
        if (static_cast<long long>(in.size()) - static_cast<long long>(out.size()) != removed)
            return broke("characters lost without an edit record");
    }
    return {};
}

} // namespace zhnorm::testing
