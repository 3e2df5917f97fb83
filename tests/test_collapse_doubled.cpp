#include <doctest/doctest.h>

#include <iterator>
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

// The walk reads doubled three-byte characters as pairs, eight bytes at a time, and leaves the
// run in progress, the last bytes of a line and every other kind of character to the general
// step: these cases put each shape at every length and position.
namespace {
std::string times(std::string_view ch, int k) {
    std::string s;
    for (int i = 0; i < k; ++i) s += ch;
    return s;
}
} // namespace

TEST_CASE("collapse: doubled lines of every length, mixing CJK, full-width marks, digits and spaces") {
    const char* chars[] = {"党", "员", "，", "干", "2", "部", "一", "a", "。"};
    for (int len = 3; len < 24; ++len) {
        std::string in, want;
        for (int c = 0; c < len; ++c) {
            const char* ch = chars[static_cast<std::size_t>(c * 7 + len) % std::size(chars)];  // never twice in a row
            in += times(ch, 2);
            want += ch;
            if (c == len / 2) { in += ' '; want += ' '; }
        }
        CAPTURE(in);
        const auto doc = run(in + "\n");
        CHECK(doc.lines[0].text == want);
        CHECK(doc.lines[0].repeat == 2);
    }
}

TEST_CASE("collapse: a tripled line whose runs break the pairs is still tripled") {
    for (int len = 3; len < 12; ++len) {
        std::string in, want;
        for (int c = 0; c < len; ++c) {
            const char* ch = c % 2 ? "党" : "员";
            in += times(ch, 3);
            want += ch;
        }
        CAPTURE(in);
        const auto doc = run(in + "\n");
        CHECK(doc.lines[0].text == want);
        CHECK(doc.lines[0].repeat == 3);
    }
}

TEST_CASE("collapse: runs of two and four copies keep one and two") {
    for (int pad = 0; pad < 6; ++pad) {
        const std::string in = times("干干", pad) + "党党党党员员部部";
        const auto doc = run(in + "\n");
        CHECK(doc.lines[0].text == times("干", pad) + "党党员部");
        CHECK(doc.lines[0].repeat == 2);
    }
}

TEST_CASE("collapse must not change a doubled line with one single character anywhere") {
    for (int at = 0; at < 10; ++at)
        for (int len = 4; len < 11; ++len) {
            if (at >= len) continue;
            std::string in;
            for (int c = 0; c < len; ++c) in += times(c % 2 ? "党" : "员", c == at ? 1 : 2);
            CAPTURE(in);
            const auto doc = run(in + "\n");
            CHECK(doc.lines[0].text == in);
            CHECK(doc.lines[0].repeat == 1);
        }
    CHECK(first_line("党党员员干干部部好") == "党党员员干干部部好");
    CHECK(first_line("党党员员干干部部 好") == "党党员员干干部部 好");
}

TEST_CASE("collapse: lines too short to hold min_chars doubled characters are skipped") {
    CHECK(first_line("谢谢") == "谢谢");
    CHECK(first_line("谢谢你你") == "谢谢你你");
    zhnorm::collapse_doubled pass;
    pass.opts.min_chars = 1;
    CHECK(run("谢谢\n", pass).lines[0].text == "谢");
    pass.opts.min_chars = 2;
    CHECK(run("谢谢\n", pass).lines[0].text == "谢谢");
    CHECK(run("aa谢谢\n", pass).lines[0].text == "a谢");
    pass.opts.max_repeat = 1;
    CHECK(run("党党员员干干部部\n", pass).lines[0].text == "党党员员干干部部");
}

TEST_CASE("collapse: a doubled line of characters outside U+4E00-U+9FFF still needs a CJK one") {
    CHECK(first_line("ああいいうう") == "あいう");     // kana: CJK by the table
    CHECK(first_line("１１２２３３") == "１１２２３３");  // full-width digits: not CJK
    CHECK(first_line("aabbcc") == "aabbcc");
}
