#include <doctest/doctest.h>

#include <string>
#include <zhnorm/load.hpp>
#include <zhnorm/passes/collapse_doubled.hpp>

namespace {

zhnorm::document run(std::string_view text, zhnorm::collapse_doubled pass = {}) {
    auto doc = zhnorm::load(text);
    pass(doc);
    return doc;
}

std::string first_line(std::string_view text) { return std::string(run(text).lines.at(0).text); }

} // namespace

TEST_CASE("collapse: a doubled headline keeps one copy of each character") {
    const auto doc = run("党党员员干干部部\n");
    CHECK(doc.lines[0].text == "党员干部");
    CHECK(doc.lines[0].repeat == 2);
}

TEST_CASE("collapse: tripled and quadrupled lines are detected per line") {
    CHECK(first_line("党党党员员员干干干部部部") == "党员干部");
    CHECK(first_line("党党党党员员员员干干干干部部部部") == "党员干部");
    const auto doc = run("党党党员员员干干干\n带带头头清清\n");
    CHECK(doc.lines[0].repeat == 3);
}

TEST_CASE("collapse: a real repeat inside a doubled headline survives as two characters") {
    CHECK(first_line("常常常常说说好好") == "常常说好");
    CHECK(first_line("22002222年年冬冬奥奥") == "2022年冬奥");
}

TEST_CASE("collapse: a single space between doubled phrases stays, outer spaces go") {
    CHECK(first_line(" 在在京京过过大大年年 一一起起向向未未来来 ") == "在京过大年 一起向未来");
}

TEST_CASE("collapse: a headline doubled over two adjacent lines becomes one headline") {
    const auto doc = run("党党员员干干部部\n带带头头清清积积雪雪\n1月20日，京城迎来降雪。\n");
    REQUIRE(doc.lines.size() == 2);
    CHECK(doc.lines[0].text == "党员干部带头清积雪");
    CHECK(doc.lines[0].source == zhnorm::source_range{0, 55});
    CHECK(doc.lines[1].text == "1月20日，京城迎来降雪。");
}

TEST_CASE("collapse: doubled lines separated by a blank line stay two headlines") {
    const auto doc = run("党党员员干干部部\n\n带带头头清清积积雪雪\n");
    CHECK(doc.lines.size() == 3);
}

TEST_CASE("collapse must not change real repeated characters") {
    for (const char* s : {"常常", "谢谢", "兢兢业业", "研究研究", "1000", "……", "——", "谢谢谢", "哈哈哈",
                          "他常常说谢谢大家。", "我们要研究研究这个问题。", "每年让1000名职工享受疗休养服务",
                          "兢兢业业、无私奉献的劳动故事", "Hello world", "aabbcc"}) {
        CAPTURE(s);
        const auto doc = run(s);
        REQUIRE(doc.lines.size() == 1);
        CHECK(doc.lines[0].text == s);
        CHECK(doc.lines[0].repeat == 1);
    }
}

TEST_CASE("collapse: a line of doubled punctuation only is left alone") {
    CHECK(first_line("……——、、") == "……——、、");
}

TEST_CASE("collapse: min_chars option decides how short a collapsed line may be") {
    zhnorm::collapse_doubled pass;
    pass.opts.min_chars = 2;
    CHECK(run("综综述述", pass).lines[0].text == "综述");
    CHECK(run("综综述述").lines[0].text == "综综述述");
}

TEST_CASE("collapse counts its edits") {
    const auto doc = run("党党员员干干部部\n带带头头清清积积雪雪\n正文。\n");
    CHECK(doc.count_of("collapse_doubled") == 3);  // two lines collapsed, one merge
}

TEST_CASE("collapse: the largest factor that divides every run wins, max_repeat caps it") {
    // runs of 4 are also runs of 2: one walk must keep the largest
    CHECK(run("党党党党员员员员干干干干\n").lines[0].repeat == 4);
    // runs of 4 and 2 together: only 2 divides all
    const auto doc = run("党党党党员员干干\n");
    CHECK(doc.lines[0].repeat == 2);
    CHECK(doc.lines[0].text == "党党员干");
    zhnorm::collapse_doubled pass;
    pass.opts.max_repeat = 2;
    CHECK(run("党党党党员员员员干干干干\n", pass).lines[0].repeat == 2);
    // a run of 3 next to runs of 2: nothing divides all
    CHECK(run("党党党员员干干\n").lines[0].repeat == 1);
}

TEST_CASE("collapse: a long run of adjacent doubled lines becomes one headline, separators kept") {
    std::string in, want;
    for (int i = 0; i < 300; ++i) {
        in += i % 2 ? "AABB\xE5\x85\x9A\xE5\x85\x9A\n" : "\xE5\x85\x9A\xE5\x85\x9A\xE5\x91\x98\xE5\x91\x98\xE5\xB9\xB2\xE5\xB9\xB2\n";
    }
    const auto doc = run(in);
    REQUIRE(doc.lines.size() == 1);
    CHECK(doc.lines[0].repeat == 2);
    CHECK(doc.lines[0].source == zhnorm::source_range{0, in.size() - 1});
    for (int i = 0; i < 300; ++i) want += i % 2 ? "AB\xE5\x85\x9A" : "\xE5\x85\x9A\xE5\x91\x98\xE5\xB9\xB2";
    CHECK(doc.lines[0].text == want);
    CHECK(doc.count_of("collapse_doubled") == 300 + 299);
}
