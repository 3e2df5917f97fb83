#include <doctest/doctest.h>

#include <string>
#include <zhnorm/zhnorm.hpp>

namespace {

struct upper_ascii {
    static constexpr std::string_view name = "upper_ascii";
    struct options {
        bool enabled_flag = true;
    } opts;
    void operator()(zhnorm::document& doc) const {
        doc.materialize_blocks();
        for (auto& b : doc.blocks) {
            std::string s(b.text);
            for (auto& c : s)
                if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
            b.text = doc.store(s);
        }
        doc.count(name, doc.blocks.size());
    }
};

struct not_a_pass {
    void operator()(zhnorm::document&) const {}
};

} // namespace

TEST_CASE("pass concept accepts the library passes and a user pass, rejects others") {
    static_assert(zhnorm::pass<zhnorm::collapse_doubled>);
    static_assert(zhnorm::pass<zhnorm::line_join>);
    static_assert(zhnorm::pass<zhnorm::fullwidth_spacing>);
    static_assert(zhnorm::pass<zhnorm::credits>);
    static_assert(zhnorm::pass<upper_ascii>);
    static_assert(!zhnorm::pass<not_a_pass>);
    static_assert(!zhnorm::pass<int>);
    CHECK(true);
}

TEST_CASE("pipeline runs passes in order and composes with |") {
    auto p = zhnorm::collapse_doubled{} | upper_ascii{};
    static_assert(decltype(p)::size == 2);
    CHECK(decltype(p)::names()[0] == "collapse_doubled");
    CHECK(decltype(p)::names()[1] == "upper_ascii");
    const auto doc = p("abc\n党党员员干干部部\n");
    REQUIRE(doc.blocks.size() == 2);
    CHECK(doc.blocks[0].text == "ABC");
    CHECK(doc.blocks[1].text == "党员干部");
    CHECK(doc.blocks[1].kind == zhnorm::block_kind::headline);
    CHECK(doc.count_of("upper_ascii") == 2);
}

TEST_CASE("default pipeline appends a user pass and exposes its options") {
    auto p = zhnorm::default_pipeline() | upper_ascii{};
    static_assert(decltype(p)::size == 5);
    p.options<upper_ascii>().enabled_flag = false;
    CHECK_FALSE(p.get<upper_ascii>().opts.enabled_flag);
    p.options<zhnorm::collapse_doubled>().min_chars = 5;
    CHECK(p.get<zhnorm::collapse_doubled>().opts.min_chars == 5);
}

TEST_CASE("pipeline passes can be switched off by name at run time") {
    auto p = zhnorm::pipeline<zhnorm::collapse_doubled>{};
    CHECK(p.enable("collapse_doubled", false));
    CHECK_FALSE(p.enable("no_such_pass", false));
    CHECK_FALSE(p.enabled("collapse_doubled"));
    const auto doc = p("党党员员干干部部\n");
    REQUIRE(doc.blocks.size() == 1);
    CHECK(doc.blocks[0].text == "党党员员干干部部");
}

TEST_CASE("normalize returns a document whose blocks carry source ranges") {
    const std::string in = "第一段文字。\n\n第二段文字。\n";
    const auto doc = zhnorm::normalize(in);
    REQUIRE_FALSE(doc.blocks.empty());
    for (const auto& b : doc.blocks) {
        CHECK(b.source.begin <= b.source.end);
        CHECK(b.source.end <= in.size());
    }
}

TEST_CASE("normalize of empty input gives an empty document") {
    const auto doc = zhnorm::normalize("");
    CHECK(doc.blocks.empty());
}

TEST_CASE("document stays valid after a move (views point into owned storage)") {
    auto doc = zhnorm::normalize("短\n党党员员干干部部\n");
    zhnorm::document moved = std::move(doc);
    REQUIRE(moved.blocks.size() == 2);
    CHECK(moved.blocks[0].text == "短");
    CHECK(moved.blocks[1].text == "党员干部");
}

TEST_CASE("edits are recorded only when asked") {
    auto p = zhnorm::pipeline<zhnorm::collapse_doubled>{};
    auto doc = zhnorm::load("党党员员干干部部\n");
    p(doc);
    CHECK(doc.edits.empty());
    CHECK(doc.count_of("collapse_doubled") == 1);
    auto doc2 = zhnorm::load("党党员员干干部部\n");
    doc2.record_edits = true;
    p(doc2);
    REQUIRE(doc2.edits.size() == 1);
    CHECK(doc2.edits[0].before == "党党员员干干部部");
    CHECK(doc2.edits[0].after == "党员干部");
    CHECK(doc2.edits[0].source == zhnorm::source_range{0, 24});
}

TEST_CASE("document::locate maps a text offset back to its input byte") {
    auto doc = zhnorm::load("前文\n本报 记者\n");
    zhnorm::block b;
    b.text = doc.store("本报记者");
    b.source = {7, 20};
    CHECK(doc.locate(b, 0) == 7);
    CHECK(doc.locate(b, 6) == 14);  // 记 comes after the space
    CHECK(doc.locate(b, b.text.size()) == 20);
}
