// Invariants that hold for every input, checked over generated pages (clean and hostile):
// valid UTF-8 out, source ranges inside the input and in order, conservation of non-space
// characters (all removals accounted for by the edit record), and idempotence.
#include <doctest/doctest.h>

#include <string>
#include <vector>
#include <zhnorm/detail/utf8.hpp>
#include <zhnorm/detail/utf8_validate.hpp>
#include <zhnorm/zhnorm.hpp>

#include "page_generator.hpp"

namespace {

bool is_space_cp(char32_t c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == 0xA0 || c == 0x3000 ||
           c == 0x2028 || c == 0x2029;
}

// Width-folded code points, so `，` and `,` or `Ｎ` and `N` compare equal.
char32_t fold(char32_t c) { return c >= 0xFF01 && c <= 0xFF5E ? c - 0xFEE0 : c; }

std::u32string non_space(std::string_view s) {
    std::u32string out;
    for (std::size_t i = 0; i < s.size();) {
        const auto d = zhnorm::detail::decode_at(s, i);
        if (!is_space_cp(d.cp)) out += fold(d.cp);
        i += d.len;
    }
    return out;
}

bool is_subsequence(const std::u32string& small, const std::u32string& big) {
    std::size_t j = 0;
    for (char32_t c : small) {
        while (j < big.size() && big[j] != c) ++j;
        if (j == big.size()) return false;
        ++j;
    }
    return true;
}

bool valid_utf8(std::string_view s) { return zhnorm::detail::valid_utf8_prefix(s.data(), s.size()) == s.size(); }

zhnorm::document run(std::string_view text) {
    auto doc = zhnorm::load(text);
    doc.record_edits = true;
    zhnorm::default_pipeline()(doc);
    return doc;
}

void check_invariants(std::string_view input) {
    const auto doc = run(input);
    std::u32string out;
    std::size_t last_begin = 0;
    for (const auto& b : doc.blocks) {
        CHECK(valid_utf8(b.text));
        CHECK_FALSE(zhnorm::document::is_blank(b.text));
        for (const auto& p : b.people) {
            CHECK(valid_utf8(p.role));
            CHECK(valid_utf8(p.name));
        }
        CHECK(b.source.begin <= b.source.end);
        CHECK(b.source.end <= input.size());
        CHECK(b.source.begin >= last_begin);
        last_begin = b.source.begin;
        // The block's characters are found, in order, in the input bytes it claims.
        const std::size_t bb = doc.buffer_offset(b.source.begin), be = doc.buffer_offset(b.source.end);
        const auto text = non_space(b.text);
        CHECK(is_subsequence(text, non_space(doc.buffer().substr(bb, be - bb))));
        out += text;
    }
    std::u32string in = non_space(doc.buffer());
    if (doc.input.bom && !in.empty()) in.erase(0, 1);
    CHECK(is_subsequence(out, in));
    // Every character a pass removed is in the edit record.
    std::size_t removed = 0;
    for (const auto& e : doc.edits) removed += non_space(e.before).size() - non_space(e.after).size();
    CHECK(in.size() - out.size() == removed);
}

} // namespace

TEST_CASE("properties hold on generated clean pages") {
    zhnorm::testing::page_generator gen(1);
    for (int i = 0; i < 300; ++i) {
        const std::string page = gen.page(false);
        CAPTURE(page);
        check_invariants(page);
    }
}

TEST_CASE("properties hold on generated hostile pages") {
    zhnorm::testing::page_generator gen(2);
    for (int i = 0; i < 300; ++i) {
        const std::string page = gen.page(true);
        CAPTURE(page);
        check_invariants(page);
    }
}

TEST_CASE("properties hold on degenerate inputs") {
    using namespace std::string_literals;
    for (const std::string& s :
         {""s, "\n"s, "\n\n\n"s, "   "s, "\r\n\r\n"s, "\0"s, "\xFF\xFE"s, "\xEF\xBB\xBF"s, "。"s, "，，，，"s, "党党"s,
          std::string(5000, 'a'), std::string(3000, ' ') + "字", "本报讯（记者"s, "（（（（）））"s,
          "本报记者 摄"s, "\xE2\x80\xA9\xE2\x80\xA8"s}) {
        CAPTURE(s);
        check_invariants(s);
    }
}

TEST_CASE("normalizing the text rendering of an output gives the same blocks") {
    zhnorm::testing::page_generator gen(3);
    for (int i = 0; i < 100; ++i) {
        const auto first = zhnorm::normalize(gen.page(false));
        const std::string text = zhnorm::to_text(first);
        const auto second = zhnorm::normalize(text);
        CAPTURE(text);
        REQUIRE(second.blocks.size() == first.blocks.size());
        for (std::size_t b = 0; b < first.blocks.size(); ++b) {
            CHECK(second.blocks[b].text == first.blocks[b].text);
            CHECK(second.blocks[b].kind == first.blocks[b].kind);
        }
    }
}
