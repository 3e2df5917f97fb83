// libFuzzer target: the default pipeline on arbitrary bytes, under both input policies, with the
// invariants of the robustness issue checked on every run (a violation aborts with a message):
//  - every block's text is non-blank, valid UTF-8, and its non-space characters are found in order
//    in the input bytes its `source` range claims; ranges lie inside the input and do not go back;
//  - conservation: the output's non-space characters are a subsequence of the input's, and every
//    character missing from the output is accounted for by the edit record;
//  - under `strict`, the load fails exactly when the input is not valid UTF-8, at the first bad
//    byte, and a valid input gives the same blocks as under `replace`.
// Characters compare after width folding (U+FF01..U+FF5E to ASCII), as a pass may convert widths.
// Not checked here (see tests/test_properties.cpp): idempotence, which still moves with the passes.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include <zhnorm/detail/utf8.hpp>
#include <zhnorm/detail/utf8_validate.hpp>
#include <zhnorm/zhnorm.hpp>

namespace {

[[noreturn]] void fail(const char* what, std::string_view detail = {}) {
    std::fprintf(stderr, "zhnorm_fuzz: invariant violated: %s\n", what);
    if (!detail.empty()) std::fprintf(stderr, "  at: %.*s\n", static_cast<int>(detail.size()), detail.data());
    std::abort();
}

void require(bool ok, const char* what, std::string_view detail = {}) {
    if (!ok) fail(what, detail);
}

bool is_space_cp(char32_t c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == 0xA0 || c == 0x3000 ||
           c == 0x2028 || c == 0x2029;
}

char32_t fold(char32_t c) { return c >= 0xFF01 && c <= 0xFF5E ? c - 0xFEE0 : c; }

// Non-space code points of valid UTF-8 text, width-folded.
std::u32string non_space(std::string_view s) {
    std::u32string out;
    for (std::size_t i = 0; i < s.size();) {
        const auto d = zhnorm::detail::decode_at(s, i);
        if (!is_space_cp(d.cp)) out += fold(d.cp);
        i += d.len;
    }
    return out;
}

bool is_subsequence(std::u32string_view small, std::u32string_view big) {
    std::size_t j = 0;
    for (char32_t c : small) {
        while (j < big.size() && big[j] != c) ++j;
        if (j == big.size()) return false;
        ++j;
    }
    return true;
}

bool valid_utf8(std::string_view s) { return zhnorm::detail::valid_utf8_prefix(s.data(), s.size()) == s.size(); }

void check_document(const zhnorm::document& doc, std::string_view input) {
    std::u32string out;
    std::size_t last_begin = 0, last_end = 0;
    for (const auto& b : doc.blocks) {
        require(!b.text.empty(), "block text is empty");
        require(!zhnorm::document::is_blank(b.text), "block text is blank", b.text);
        require(valid_utf8(b.text), "block text is not valid UTF-8");
        for (const auto& p : b.people) {
            require(valid_utf8(p.role) && valid_utf8(p.name), "person is not valid UTF-8");
            require(!p.name.empty(), "person without a name", b.text);
        }
        require(b.source.begin <= b.source.end && b.source.end <= input.size(), "source range outside the input",
                b.text);
        require(b.source.begin >= last_begin && b.source.end >= last_end, "source ranges go back", b.text);
        last_begin = b.source.begin;
        last_end = b.source.end;
        const std::size_t bb = doc.buffer_offset(b.source.begin), be = doc.buffer_offset(b.source.end);
        require(bb <= be && be <= doc.buffer().size(), "source range maps outside the buffer", b.text);
        const std::u32string text = non_space(b.text);
        require(is_subsequence(text, non_space(doc.buffer().substr(bb, be - bb))),
                "block characters are not in its source range", b.text);
        out += text;
    }
    std::u32string in = non_space(doc.buffer());
    if (doc.input.bom && !in.empty()) in.erase(0, 1);
    require(is_subsequence(out, in), "output characters are not a subsequence of the input");
    if (doc.record_edits) {
        long long removed = 0;
        for (const auto& e : doc.edits) {
            require(e.source.begin <= e.source.end && e.source.end <= input.size(), "edit range outside the input",
                    e.before);
            removed += static_cast<long long>(non_space(e.before).size()) -
                       static_cast<long long>(non_space(e.after).size());
        }
        require(static_cast<long long>(in.size()) - static_cast<long long>(out.size()) == removed,
                "characters lost without an edit record");
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const auto pipe = zhnorm::default_pipeline();

    auto doc = zhnorm::load(input);  // replace: never throws
    doc.record_edits = true;
    pipe(doc);
    require(valid_utf8(doc.buffer()), "loaded buffer is not valid UTF-8");
    check_document(doc, input);

    const zhnorm::document plain = zhnorm::normalize(input);  // the same without the edit record
    require(plain.blocks.size() == doc.blocks.size(), "recording edits changed the blocks");
    check_document(plain, input);

    const std::size_t valid = zhnorm::detail::valid_utf8_prefix(input.data(), input.size());
    try {
        const zhnorm::document strict = zhnorm::normalize(input, {zhnorm::input_policy::strict});
        require(valid == input.size(), "strict accepted invalid UTF-8");
        require(strict.blocks.size() == plain.blocks.size(), "strict and replace disagree on valid input");
        for (std::size_t i = 0; i < strict.blocks.size(); ++i)
            require(strict.blocks[i].text == plain.blocks[i].text && strict.blocks[i].source == plain.blocks[i].source,
                    "strict and replace disagree on valid input", strict.blocks[i].text);
    } catch (const zhnorm::decode_error& e) {
        require(valid < input.size(), "strict rejected valid UTF-8");
        require(e.offset() == valid, "strict names the wrong offset");
    }
    return 0;
}
