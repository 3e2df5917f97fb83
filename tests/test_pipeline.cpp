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

namespace {

// What a document says, as one string: block kinds, texts, sources and people, edit counts and
// the input report (so stale state from an earlier input shows up as a difference).
std::string summary(const zhnorm::document& doc) {
    std::string s;
    // Appends only: g++ 12 at -O3 warns (-Wrestrict) on "literal" + std::string.
    auto add = [&s](std::string_view a) { s.append(a); };
    for (const auto& b : doc.blocks) {
        for (std::string_view part : {zhnorm::to_string(b.kind), std::string_view{b.text}}) {
            add(part);
            add("|");
        }
        for (std::size_t v : {b.source.begin, b.source.end, std::size_t{b.repeat}}) {
            add(std::to_string(v));
            add("|");
        }
        for (const auto& p : b.people) {
            add("|");
            add(p.role);
            add(":");
            add(p.name);
        }
        add("\n");
    }
    for (const auto& c : doc.counts) {
        add(c.pass);
        add("=");
        add(std::to_string(c.edits));
        add(";");
    }
    for (std::size_t v : {doc.lines.size(), doc.input.bytes, doc.input.replaced, doc.input.crlf, doc.edits.size()}) {
        add(" ");
        add(std::to_string(v));
    }
    return s;
}

const std::string page_a =
    "本报讯（记者 林晓舟）社区书屋夜里也能借书了。记者日前\n从西城区文化和旅游局获悉 ， 该区今\n年将试点。\n\n"
    "党党员员干干部部\n\n本报记者 崔欣 摄\n";
const std::string page_b = "短\r\n\xFF好\r\nEnglish text stays.\n";  // shorter, CRLF, invalid UTF-8

} // namespace

TEST_CASE("a pipeline refilling one document gives what a new document gives, input after input") {
    const auto pipe = zhnorm::default_pipeline();
    zhnorm::document doc;
    for (const std::string* in : {&page_a, &page_b, &page_a, &page_a, &page_b, &page_b}) {
        pipe(*in, doc);
        CHECK(summary(doc) == summary(pipe(*in)));
        CHECK(doc.buffer() == pipe(*in).buffer());
    }
}

TEST_CASE("a refilled document reuses its arena instead of growing it") {
    const auto pipe = zhnorm::default_pipeline();
    std::string big;
    while (big.size() < (std::size_t{3} << 20)) big += page_a;
    zhnorm::document doc;
    pipe(big, doc);
    const std::size_t arena = doc.arena().capacity(), chunks = doc.arena().chunks();
    pipe(big, doc);
    pipe(page_b, doc);
    pipe(big, doc);
    CHECK(doc.arena().capacity() == arena);
    CHECK(doc.arena().chunks() == chunks);
    CHECK(summary(doc) == summary(pipe(big)));
}

TEST_CASE("document::clear keeps record_edits and forgets everything else") {
    zhnorm::document doc = zhnorm::load(page_b);
    REQUIRE(doc.input.replaced == 1);
    REQUIRE(doc.input_offset(9) == 7);  // after the replaced byte (3 buffer bytes for 1), offsets shift
    doc.record_edits = true;
    doc.clear();
    CHECK(doc.record_edits);
    CHECK(doc.input.replaced == 0);
    CHECK(doc.input_offset(9) == 9);
    zhnorm::load(page_a, doc);
    zhnorm::default_pipeline()(doc);
    REQUIRE_FALSE(doc.edits.empty());  // recorded: the setting was kept
    REQUIRE(doc.has_blocks());
    doc.clear();
    CHECK(doc.lines.empty());
    CHECK(doc.blocks.empty());
    CHECK(doc.edits.empty());
    CHECK(doc.counts.empty());
    CHECK(doc.buffer().empty());
    CHECK_FALSE(doc.has_blocks());
}

TEST_CASE("load into a document under the strict policy leaves it without lines on bad input") {
    zhnorm::document doc = zhnorm::load(page_a);
    CHECK_THROWS_AS(zhnorm::load(page_b, doc, {zhnorm::input_policy::strict}), zhnorm::decode_error);
    CHECK(doc.lines.empty());
    CHECK(doc.blocks.empty());
}

TEST_CASE("refilling a document reuses the block lists that line_join and credits build") {
    const auto pipe = zhnorm::default_pipeline();
    zhnorm::document doc;
    pipe(page_a, doc);
    pipe(page_a, doc);  // from here on both lists are large enough for line_join's reserve
    const auto* second = doc.blocks.data();
    pipe(page_a, doc);
    const auto* third = doc.blocks.data();
    pipe(page_a, doc);
    // credits writes the blocks back in place until its first split; from there it builds its list
    // in the storage of the list it replaced last time. Either way no list is allocated anew: the
    // storage stays or two lists take turns.
    const auto* fourth = doc.blocks.data();
    pipe(page_a, doc);
    CHECK(fourth == second);
    CHECK((doc.blocks.data() == second || doc.blocks.data() == third));
    CHECK(summary(doc) == summary(pipe(page_a)));
}

TEST_CASE("refilling a document reuses the people lists of its last blocks, filled afresh") {
    const auto pipe = zhnorm::default_pipeline();
    const std::string three = "本报讯（记者 林晓舟 通讯员 王芳 李明）社区书屋夜里也能借书了。\n";
    const std::string one = "本报记者 崔欣 摄\n";
    zhnorm::document doc;
    pipe(three, doc);
    REQUIRE(doc.blocks.size() == 1);
    REQUIRE(doc.blocks[0].people.size() == 3);
    const zhnorm::person* storage = doc.blocks[0].people.data();
    pipe(one, doc);
    REQUIRE(doc.blocks.size() == 1);
    // The one list the last input left is the one the credit gets: no new allocation, no stale people.
    CHECK(doc.blocks[0].people.data() == storage);
    CHECK(doc.blocks[0].people == std::vector<zhnorm::person>{{"本报记者", "崔欣"}});
    pipe(three, doc);
    CHECK(doc.blocks[0].people.data() == storage);
    CHECK(summary(doc) == summary(pipe(three)));
    // With nothing left to reuse, a list is made as before.
    zhnorm::document fresh;
    CHECK(fresh.take_people_storage().capacity() == 0);
    pipe(one, fresh);
    fresh.clear();
    CHECK(fresh.take_people_storage().capacity() >= 1);
    CHECK(fresh.take_people_storage().capacity() == 0);
}
