#include <doctest/doctest.h>

#include <cstdint>
#include <iterator>
#include <string>
#include <vector>
#include <zhnorm/detail/utf8.hpp>
#include <zhnorm/load.hpp>
#include <zhnorm/passes/collapse_doubled.hpp>
#include <zhnorm/unicode/char_class.hpp>

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

TEST_CASE("collapse: several runs of doubled lines merge, and the lines between them keep their order") {
    // Runs at the start, in the middle and at the end, with plain lines, a blank line and a hard
    // break between: every line that is not merged comes through in order, with its source.
    const std::string text =
        "党党员员干干\n部部带带头头\n正文第一行。\n\n清清积积雪雪\n京京城城迎迎\n降降雪雪了了\n正文第二行。\n第三行。\n"
        "春春节节到到\f新新年年好好\n尾尾声声来来\n";
    const auto doc = run(text);
    const std::vector<std::pair<std::string_view, zhnorm::source_range>> want = {
        {"党员干部带头", {0, 37}},  {"正文第一行。", {38, 56}}, {"", {57, 57}},
        {"清积雪京城迎降雪了", {58, 114}}, {"正文第二行。", {115, 133}}, {"第三行。", {134, 146}},
        {"春节到", {147, 165}},      {"新年好尾声来", {166, 203}},
    };
    REQUIRE(doc.lines.size() == want.size());
    for (std::size_t i = 0; i < want.size(); ++i) {
        CAPTURE(i);
        CHECK(doc.lines[i].text == want[i].first);
        CHECK(doc.lines[i].source == want[i].second);
        CHECK(doc.lines[i].hard_break == (i == 6));
    }
    CHECK(doc.count_of(zhnorm::collapse_doubled::name) == 8 + 4);  // eight lines collapsed, four merged away
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

// Long lines: pairs of three-byte characters are checked several at a time (windows of up to five
// pairs, read from the input buffer past the end of the line), every other shape one by one.
namespace {
std::string doubled(std::string_view chars, int k = 2) {
    std::string out;
    for (std::size_t i = 0; i < chars.size();) {
        const std::size_t len = zhnorm::detail::utf8_length(static_cast<unsigned char>(chars[i]));
        for (int c = 0; c < k; ++c) out += chars.substr(i, len);
        i += len;
    }
    return out;
}
} // namespace

TEST_CASE("collapse: a long doubled line of CJK characters is collapsed whole") {
    const std::string text = "党员干部带头清扫积雪保障居民出行安全社区书屋夜里也能借书了";
    for (std::size_t cut = 9; cut <= text.size(); cut += 3) {  // three characters at least
        const std::string line = text.substr(0, cut);
        CAPTURE(line);
        const auto doc = run(doubled(line) + "\n" + doubled(line) + "\n");
        CHECK(doc.lines[0].text == line + line);  // the two lines merged, nothing between
        CHECK(doc.lines[0].repeat == 2);
    }
}

TEST_CASE("collapse: marks, quotes, digits, Latin and spaces inside a long doubled line") {
    const std::string want = "本报讯 （记者 林晓舟） 社区书屋“夜读服务”、开放时间延长至每晚10点，Wi-Fi免费。";
    std::string in;
    for (std::size_t i = 0; i < want.size();) {
        const std::size_t len = zhnorm::detail::utf8_length(static_cast<unsigned char>(want[i]));
        in += want[i] == ' ' ? std::string("  ") : doubled(want.substr(i, len));
        i += len;
    }
    CHECK(first_line(in) == want);
    // U+3000 between pairs is a space, doubled or not; at the ends it goes
    CHECK(first_line("\xE3\x80\x80" + doubled("党员干部带头") + "\xE3\x80\x80\xE3\x80\x80" + doubled("清扫积雪保障居民") +
                     "\xE3\x80\x80") == "党员干部带头 清扫积雪保障居民");
    // two- and four-byte characters among the pairs
    CHECK(first_line(doubled("党员干部·带头清扫积雪𠀀保障居民出行")) == "党员干部·带头清扫积雪𠀀保障居民出行");
}

TEST_CASE("collapse: real repeats inside a long doubled line keep their two copies") {
    CHECK(first_line(doubled("他常常说兢兢业业的人都是认认真真做事的")) == "他常常说兢兢业业的人都是认认真真做事的");
    CHECK(first_line(doubled("这是1000元的……奖金发给认真工作的人")) == "这是1000元的……奖金发给认真工作的人");
    for (int at = 0; at < 14; ++at) {
        std::string want = "党员干部带头清扫积雪保障居民出行";
        want.insert(static_cast<std::size_t>(at) * 3, want.substr(static_cast<std::size_t>(at) * 3, 3));  // a real repeat
        CAPTURE(want);
        CHECK(first_line(doubled(want)) == want);
    }
}

TEST_CASE("collapse must not change a long line with one single or tripled character anywhere") {
    const std::string line = "党员干部带头清扫积雪保障居民出行安全";
    for (int extra : {-1, 1}) {
        for (std::size_t at = 0; at < line.size(); at += 3) {
            std::string in;
            for (std::size_t i = 0; i < line.size(); i += 3) in += doubled(line.substr(i, 3), i == at ? 2 + extra : 2);
            CAPTURE(in);
            const auto doc = run(in + "\n" + doubled(line) + "\n");  // the line after is read past the end
            CHECK(doc.lines[0].text == in);
            CHECK(doc.lines[0].repeat == 1);
        }
    }
    // ordinary text and real repeats at the start of a long line
    for (const char* s : {"常常有居民在晚上来到社区书屋借书还书，", "谢谢大家，兢兢业业工作的人们值得尊重。", "……——党员干部带头清扫积雪保障居民出行"}) {
        CAPTURE(s);
        CHECK(first_line(s) == s);
    }
}

TEST_CASE("collapse: long tripled and quadrupled lines keep their own factor") {
    const std::string line = "党员干部带头清扫积雪保障居民出行安全";
    CHECK(run(doubled(line, 3) + "\n").lines[0].repeat == 3);
    CHECK(first_line(doubled(line, 3)) == line);
    CHECK(run(doubled(line, 4) + "\n").lines[0].repeat == 4);
    CHECK(first_line(doubled(line, 4)) == line);
    // every run of four: 4 wins over 2
    CHECK(run(doubled(doubled(line)) + "\n").lines[0].repeat == 4);
}

TEST_CASE("collapse: a line whose text is not in the input buffer collapses the same") {
    auto doc = zhnorm::load("x\n");
    const std::string own = doubled("党员干部带头清扫积雪保障居民出行安全") + "  " + doubled("社区书屋");
    doc.lines[0].text = own;
    zhnorm::collapse_doubled{}(doc);
    CHECK(doc.lines[0].text == "党员干部带头清扫积雪保障居民出行安全 社区书屋");
    CHECK(doc.lines[0].repeat == 2);
}

TEST_CASE("collapse: adjacent doubled lines in different arena chunks are merged by a copy") {
    std::string a, b;
    for (int i = 0; i < 100; ++i) {
        a += "党员干部带头";
        b += "清扫积雪保障";
    }
    const auto doc = run(doubled(a) + "\n" + doubled(b) + "\n");
    REQUIRE(doc.lines.size() == 1);
    CHECK(doc.lines[0].text == a + b);
}

// A plain reference: split into characters, runs of equal characters between spaces, the largest
// factor dividing every run, at least min_chars runs and one CJK character.
namespace {
struct reference_result {
    std::string text;
    unsigned repeat = 1;
};

reference_result reference(std::string_view s, std::size_t min_chars = 3, unsigned max_repeat = 4) {
    std::vector<std::string_view> tokens;  // characters; "" for a space
    for (std::size_t i = 0; i < s.size();) {
        const auto d = zhnorm::detail::decode_at(s, i);
        const bool space = d.cp == U' ' || d.cp == U'\t' || d.cp == U'\u3000';
        tokens.push_back(space ? std::string_view{} : s.substr(i, d.len));
        i += d.len;
    }
    struct run_t { std::string_view ch; std::size_t n; bool space_before; };
    std::vector<run_t> runs;
    bool space = false, letter = false;
    for (std::size_t t = 0; t < tokens.size(); ++t) {
        if (tokens[t].empty()) { space = true; continue; }
        if (!space && !runs.empty() && runs.back().ch == tokens[t]) ++runs.back().n;
        else {
            runs.push_back({tokens[t], 1, space});
            letter = letter || zhnorm::unicode::is_cjk(zhnorm::detail::decode_at(tokens[t], 0).cp);
        }
        space = false;
    }
    reference_result r{std::string(s), 1};
    if (runs.size() < min_chars || !letter) return r;
    unsigned k = 0;
    for (unsigned f = 2; f <= max_repeat && f <= 4; ++f) {
        bool all = true;
        for (const auto& x : runs) all = all && x.n % f == 0;
        if (all) k = f;
    }
    if (k < 2) return r;
    r.text.clear();
    for (std::size_t i = 0; i < runs.size(); ++i) {
        if (i > 0 && runs[i].space_before) r.text += ' ';
        for (std::size_t c = 0; c < runs[i].n / k; ++c) r.text += runs[i].ch;
    }
    r.repeat = k;
    return r;
}
} // namespace

TEST_CASE("collapse: random doubled, tripled and broken lines agree with a plain reference") {
    const char* alphabet[] = {"党", "员", "干", "部", "常", "，", "。", "、", "“", "”", "…", "a", "2", " ", "·", "𠀀",
                              "ａ", "あ", "\xE3\x80\x80", "\t", "\xE2\x80\x80"};
    std::uint32_t seed = 12345;
    const auto rnd = [&](std::uint32_t n) {
        seed = seed * 1664525u + 1013904223u;
        return (seed >> 8) % n;
    };
    zhnorm::collapse_doubled pass;
    pass.opts.merge_adjacent = false;
    for (int round = 0; round < 300; ++round) {
        std::vector<std::string> lines;
        std::string page;
        for (int l = 0; l < 20; ++l) {
            const unsigned k = 2 + rnd(3);
            std::string line;
            const std::size_t chars = 1 + rnd(30);
            std::string last;
            for (std::size_t c = 0; c < chars; ++c) {
                std::string ch = alphabet[rnd(static_cast<std::uint32_t>(std::size(alphabet)))];
                if (ch == last && rnd(2)) ch = "部";
                last = ch;
                unsigned times = k;
                const auto odd = rnd(40);
                if (odd == 0) times = k + 1;
                else if (odd == 1) times = k - 1;
                else if (odd == 2) times = 2 * k;
                for (unsigned t = 0; t < times; ++t) line += ch;
            }
            lines.push_back(line);
            page += line + "\n";
        }
        const auto doc = run(page, pass);
        REQUIRE(doc.lines.size() == lines.size());
        for (std::size_t l = 0; l < lines.size(); ++l) {
            const auto want = reference(lines[l]);
            CAPTURE(lines[l]);
            CHECK(doc.lines[l].text == want.text);
            CHECK(doc.lines[l].repeat == want.repeat);
        }
    }
}

TEST_CASE("collapse: the bytes after a line are never taken for one of its pairs") {
    // U+2028 ends a line; two of them read like a doubled character right after the line
    const auto doc = run(doubled("党员干部") + "\xE2\x80\xA8\xE2\x80\xA8" + doubled("带头清扫积雪保障居民出行安全") + "\n");
    REQUIRE(doc.lines.size() >= 1);
    CHECK(doc.lines[0].text == "党员干部");
    CHECK(doc.lines[0].repeat == 2);
}

TEST_CASE("collapse: adjacent doubled lines ending and starting with Latin letters merge with a space") {
    const auto doc = run("党党员员干干部部  AABB\nCCDD党党员员\n带带头头清清\n");
    REQUIRE(doc.lines.size() == 1);
    CHECK(doc.lines[0].text == "党员干部 AB CD党员带头清");
    CHECK(doc.lines[0].repeat == 2);
}
