// Invariants that hold for every input, checked over generated pages (clean and hostile):
// valid UTF-8 out, source ranges inside the input and in order, conservation of non-space
// characters (all removals accounted for by the edit record), and idempotence.
#include <doctest/doctest.h>

#include <string>
#include <vector>
#include <zhnorm/zhnorm.hpp>

#include "invariants.hpp"
#include "page_generator.hpp"

namespace {

zhnorm::document run(std::string_view text) {
    auto doc = zhnorm::load(text);
    doc.record_edits = true;
    zhnorm::default_pipeline()(doc);
    return doc;
}

void check_invariants(std::string_view input) {
    const auto doc = run(input);
    const std::string broke = zhnorm::testing::check_document(doc, input);
    CHECK_MESSAGE(broke.empty(), broke);
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
