#include <doctest/doctest.h>

#include <bit>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>
#include <zhnorm/detail/column_width.hpp>
#include <zhnorm/detail/join.hpp>
#include <zhnorm/detail/line_metrics.hpp>
#include <zhnorm/detail/utf8.hpp>
#include <zhnorm/load.hpp>
#include <zhnorm/normalize.hpp>
#include <zhnorm/pass.hpp>
#include <zhnorm/passes/collapse_doubled.hpp>
#include <zhnorm/passes/line_join.hpp>
#include "random.hpp"

static void check_fast_walk_agrees(const std::string& l);

namespace {

using namespace std::string_literals;
using zhnorm::block_kind;
using zhnorm::detail::line_metrics;
using zhnorm::detail::measure_line;

zhnorm::document run(std::string_view text, zhnorm::line_join pass = {}, bool record = false) {
    auto doc = zhnorm::load(text);
    doc.record_edits = record;
    zhnorm::collapse_doubled{}(doc);
    pass(doc);
    return doc;
}

std::string nospace(std::string_view s) {
    std::string out;
    for (char c : s)
        if (c != ' ') out += c;
    return out;
}

// A block as `K text` (kind letter and text without spaces), for compact expectations.
std::vector<std::string> shape(const zhnorm::document& doc) {
    std::vector<std::string> out;
    for (const auto& b : doc.blocks) {
        const char k = b.kind == block_kind::headline ? 'H' : b.kind == block_kind::credit ? 'C' : 'P';
        out.push_back(std::string(1, k) + " " + nospace(b.text));
    }
    return out;
}

// Sets `para` in a justified column `width` ems wide the way the extractor hands it over: the
// first line short by a 2-em indent, marks compressed to half an em, closing marks kept off the
// start of a line (so a line may run half an em over).
std::string column(std::string_view para, int width, bool indent = true) {
    std::string out, line;
    int w = 0, cap = 2 * (width - (indent ? 2 : 0));
    for (std::size_t i = 0; i < para.size();) {
        const auto d = zhnorm::detail::decode_at(para, i);
        const std::string_view ch = para.substr(i, d.len);
        const bool mark = ch == "，" || ch == "。" || ch == "、" || ch == "”";
        const int cw = d.len == 1 || mark ? 1 : 2;
        if (w + cw > cap && !mark) {
            out += line + "\n";
            line.clear();
            w = 0;
            cap = 2 * width;
        }
        line += ch;
        w += cw;
        i += d.len;
    }
    out += line + "\n";
    return out;
}

constexpr std::string_view body1 =
    "近日，区总工会在科技园区举办职工健康服务月启动仪式，一百余家企业的职工代表参加活动。据介绍，服务月将持续到三月底，"
    "为职工提供免费体检、健康讲座和心理咨询等服务，并为一线职工建立健康档案，跟踪服务效果。";
constexpr std::string_view body2 =
    "活动现场，来自医院的专家为职工讲解了颈椎病和腰椎病的预防方法。软件工程师王晓东说，平时工作忙，很少有时间去医院，"
    "工会把专家请到家门口，真是太方便了。";
constexpr std::string_view body3 =
    "区总工会表示，下一步还将联合辖区医疗机构推出职工健康服务卡，覆盖全区五千余家基层工会，让更多职工享受到优质便捷的健康服务。";

} // namespace

TEST_CASE("line_join is a pass") {
    static_assert(zhnorm::pass<zhnorm::line_join>);
    CHECK(zhnorm::line_join::name == "line_join");
}

// --- measuring ---------------------------------------------------------------------------------

TEST_CASE("line metrics: a CJK character is one em, a half-width character half an em") {
    CHECK(measure_line("职工服务中心").width == 12);
    CHECK(measure_line("2022年").width == 6);
    CHECK(measure_line("N95口罩").width == 7);
}

TEST_CASE("line metrics: a mark without a space is compressed to half an em, a space after it makes it whole") {
    CHECK(measure_line("工会，职工").width == 9);
    CHECK(measure_line("工会， 职工").width == 10);
    CHECK(measure_line("“工会”职工").width == 10);
    CHECK(measure_line("职工 “工会”").width == 11);  // the space before an opening mark is its blank half
}

TEST_CASE("line metrics: leading white space is the indent, not width") {
    const auto m = measure_line("  本报讯 职工");
    CHECK(m.indent == 2);
    CHECK(m.width == 11);
    CHECK(measure_line("　职工").indent == 2);
    CHECK(measure_line("  \t ").is(line_metrics::blank));
}

TEST_CASE("line metrics: a space before a comma or full stop is justification stretch") {
    CHECK(measure_line("州区总工会获悉 ， 该区总工会").is(line_metrics::justified));
    CHECK(measure_line("1月20日 ， 京城迎来降雪 。").is(line_metrics::justified));
    CHECK_FALSE(measure_line("州区总工会获悉， 该区总工会").is(line_metrics::justified));
}

TEST_CASE("line metrics: how a line ends") {
    CHECK(measure_line("方面多下功夫。").is(line_metrics::terminal_end));
    CHECK(measure_line("州特色”。").is(line_metrics::terminal_end));
    CHECK(measure_line("心。 ”").is(line_metrics::terminal_end));  // closers after the stop, spaced
    CHECK(measure_line("劳动者。 本报记者 于佳 摄").is(line_metrics::terminal_end));  // a credit after the last sentence
    CHECK_FALSE(measure_line("常务副主席关平").is(line_metrics::terminal_end));
    CHECK(measure_line("向前服务的意识，").is(line_metrics::clause_end));
    CHECK(measure_line("本报讯 （记者 马超 通讯员").is(line_metrics::open_at_end));
}

TEST_CASE("line metrics: sentence punctuation counts outside quotes only, and an enumeration comma is none") {
    CHECK(measure_line("区总工会还将打造一个平台，根").is(line_metrics::sentence_punct));
    CHECK_FALSE(measure_line("“娘家人总是想着我们，有工会的地方就有温暖”").is(line_metrics::sentence_punct));
    CHECK_FALSE(measure_line("包括重点领域、生活困难、劳模先进等职工群体").is(line_metrics::sentence_punct));
    CHECK_FALSE(measure_line("全国各级工会累计投入18.66亿元").is(line_metrics::sentence_punct));
}

TEST_CASE("line metrics: a dateline and a word's tail at the line start are recognised") {
    CHECK(measure_line("本报讯 （记者 赵思远） 未").is(line_metrics::dateline));
    CHECK(measure_line("新华社北京1月2日电（记者 王明）").is(line_metrics::dateline));
    CHECK_FALSE(measure_line("本报记者 崔欣").is(line_metrics::dateline));
    CHECK(zhnorm::detail::fragment_start("造,在“北辰微平台”微信公众号"));
    CHECK(zhnorm::detail::fragment_start("  造 ，在"));
    CHECK_FALSE(zhnorm::detail::fragment_start("近日，东城区"));
    CHECK_FALSE(zhnorm::detail::fragment_start("一，加强领导"));
    CHECK_FALSE(zhnorm::detail::fragment_start("“造，在"));
}

// The tail of a word by its definition: the first two characters that are not white space are a
// CJK letter other than a numeral and a comma or semicolon (ASCII or full width).
static bool fragment_start_reference(std::string_view s) {
    std::vector<std::string_view> chars;
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        const std::size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        const std::string_view ch = s.substr(i, n);
        i += n;
        if (ch == " " || ch == "\t" || ch == "\v" || ch == "\f" || ch == "\u3000" || ch == "\u00A0") continue;
        chars.push_back(ch);
    }
    if (chars.size() < 2 || chars[0].size() != 3) return false;
    const auto b0 = static_cast<unsigned char>(chars[0][0]), b1 = static_cast<unsigned char>(chars[0][1]);
    return zhnorm::detail::cjk_letter(b0, b1) && !zhnorm::detail::numeral(chars[0]) &&
           (chars[1] == "," || chars[1] == ";" || chars[1] == "，" || chars[1] == "；");
}

TEST_CASE("line metrics: a word's tail at the line start is what its definition says, white space and all") {
    const std::vector<std::string> pieces = {"造", "一", "十", "あ", "가", "豈", "，", "；", ",", ";", "：", "、", "“",
                                             " ", "\t", "\u3000", "\u00A0", "a", "1", "（", "·", "\xF0\xA0\x80\x80"};
    std::uint32_t seed = 99;
    auto next = [&] {
        seed = seed * 1664525u + 1013904223u;
        return seed >> 8;
    };
    std::size_t yes = 0;
    for (int n = 0; n < 20000; ++n) {
        std::string l;
        const std::size_t k = 1 + next() % 6;
        for (std::size_t i = 0; i < k; ++i) l += pieces[next() % (i < 2 ? 8 : pieces.size())];
        if (next() % 3 == 0) l = pieces[12 + next() % 4] + l;
        CAPTURE(l);
        CHECK(zhnorm::detail::fragment_start(l) == fragment_start_reference(l));
        yes += fragment_start_reference(l) ? 1u : 0u;
    }
    CHECK(yes > 100);
}

// opens_with_dateline() as first written: string searches for the bracket in the first 56 bytes.
static bool opens_with_dateline_reference(std::string_view s) {
    using zhnorm::detail::cjk_letter;
    std::size_t i = 0, chars = 0;
    bool ends = false;
    while (i < s.size() && chars <= 16) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c >= '0' && c <= '9') { ends = false; ++i; ++chars; continue; }
        if (c < 0xE0 || c >= 0xF0 || i + 3 > s.size()) break;
        if (!cjk_letter(c, static_cast<unsigned char>(s[i + 1]))) break;
        ends = s.substr(i, 3) == "讯" || s.substr(i, 3) == "电";
        i += 3;
        ++chars;
    }
    if (!ends || chars < 2) return false;
    const std::string_view head = s.substr(0, 16 * 3 + 8);
    if (head.find("（") == std::string_view::npos && head.find('(') == std::string_view::npos) return false;
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    return s.substr(i, 1) == "(" || s.substr(i, 3) == "（";
}

TEST_CASE("line metrics: a dateline's bracket is found by bytes as the string searches found it") {
    // Datelines of every length, white space before the bracket pushing it across the 56th byte,
    // brackets elsewhere, and bytes that are not UTF-8 (a bracket inside a broken sequence).
    const std::vector<std::string> pieces = {"新", "华", "社", "北", "京", "讯", "电", "1", "2", "あ", " ", "\t", "（",
                                             "(", "，", "a", "\xE4\xB8(", "\xE8\xAE\xAF"};
    std::uint32_t seed = 2024;
    auto next = [&] {
        seed = seed * 1664525u + 1013904223u;
        return seed >> 8;
    };
    std::size_t yes = 0;
    for (int n = 0; n < 30000; ++n) {
        std::string l;
        const std::size_t k = 1 + next() % 24;
        for (std::size_t i = 0; i < k; ++i) {
            const std::size_t r = next() % 10;
            l += r < 6 ? pieces[next() % 9] : pieces[next() % pieces.size()];
        }
        if (next() % 2 == 0) l += std::string(next() % 12, ' ') + (next() % 2 ? "（记者" : "(记者");
        CAPTURE(l);
        CHECK(zhnorm::detail::opens_with_dateline(l) == opens_with_dateline_reference(l));
        yes += opens_with_dateline_reference(l) ? 1u : 0u;
    }
    CHECK(yes > 300);
    for (const char* d : {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"}) CHECK(zhnorm::detail::numeral(d));
    for (const char* d : {"百", "零", "〇", "1", "一二", "", "\xE4\xB8"}) CHECK_FALSE(zhnorm::detail::numeral(d));
}

TEST_CASE("line metrics: a dateline's place is at most 16 characters, digits and kana included, before the bracket") {
    // The walk over the leading characters runs inside the measuring scan; the separate test agrees.
    const std::string sixteen = "新华社乌鲁木齐市巴音州1月2日电";  // 16 characters before the bracket
    for (const std::string& line : {sixteen + " （记者 王明）", sixteen + "\t(记者 王明)", "东京アイ电（记者 王明）"s}) {
        CAPTURE(line);
        CHECK(measure_line(line).is(line_metrics::dateline));
        CHECK(zhnorm::detail::opens_with_dateline(line));
    }
    const std::string seventeen = "新华社乌鲁木齐市巴音州11月2日电（记者 王明）";
    const std::string eighteen = "新华社乌鲁木齐市巴音州11月22日电（记者 王明）";
    for (const std::string& line : {eighteen, "本报讯，（记者 王明）"s, "本报讯记者王明"s, "讯（记者 王明）"s,
                                    "abc讯（记者 王明）"s, "本报讯 记者（王明）"s}) {
        CAPTURE(line);
        CHECK_FALSE(measure_line(line).is(line_metrics::dateline));
        CHECK_FALSE(zhnorm::detail::opens_with_dateline(line));
    }
    // The walk takes up to 17 characters: a seventeenth may still end the place.
    CHECK(measure_line(seventeen).is(line_metrics::dateline));
    CHECK(zhnorm::detail::opens_with_dateline(seventeen));
}

TEST_CASE("line metrics: a line with a character no credit has is marked, so credit parsing is skipped") {
    CHECK_FALSE(measure_line("本报记者 彭程 摄").is(line_metrics::not_credit));
    CHECK_FALSE(measure_line("记者 张三、李四 文/图").is(line_metrics::not_credit));
    CHECK_FALSE(measure_line("阿依古丽·买买提 摄").is(line_metrics::not_credit));
    CHECK(measure_line(" 本报讯 （记者 林晓舟） 社区").is(line_metrics::not_credit));
    CHECK(measure_line("本报记者 彭程 摄，").is(line_metrics::not_credit));
    CHECK(measure_line("本报记者 A 摄").is(line_metrics::not_credit));
    CHECK(measure_line("“本报记者 彭程 摄”").is(line_metrics::not_credit));
}

TEST_CASE("line metrics: after the last sentence, only a tail of credit characters is parsed as a credit") {
    CHECK(measure_line("劳动者。 本报记者 于佳 摄").is(line_metrics::terminal_end));
    CHECK(measure_line("劳动者！本报记者 于佳").is(line_metrics::terminal_end));
    CHECK_FALSE(measure_line("劳动者。 本报记者 于佳 摄，").is(line_metrics::terminal_end));
    CHECK_FALSE(measure_line("劳动者。” 本报记者 于佳 摄").is(line_metrics::terminal_end));
    CHECK_FALSE(measure_line("劳动者。 本报记者 于佳2 摄").is(line_metrics::terminal_end));
}

TEST_CASE("line metrics: a credit in parentheses ends the line after a sentence, or closed by its verb") {
    CHECK(measure_line("劳动者。（新华社记者 李贺 摄）").is(line_metrics::terminal_end));
    CHECK(measure_line("劳动者。 (新华社记者 李贺 摄) ").is(line_metrics::terminal_end));
    CHECK(measure_line("工人在车间作业（新华社记者 李贺 摄）").is(line_metrics::terminal_end));
    CHECK(measure_line("劳动者。（记者 张三 通讯员 李四）").is(line_metrics::terminal_end));
    // Not: no verb and no sentence before it, no credit inside, no field space, nothing before it.
    CHECK_FALSE(measure_line("据了解（记者 张三）").is(line_metrics::terminal_end));
    CHECK_FALSE(measure_line("劳动者。（上接第一版）").is(line_metrics::terminal_end));
    CHECK_FALSE(measure_line("劳动者。（新华社记者李贺摄）").is(line_metrics::terminal_end));
    CHECK_FALSE(measure_line("（新华社记者 李贺 摄）").is(line_metrics::terminal_end));
    CHECK_FALSE(measure_line("该项目（记者 张三 摄）已完工").is(line_metrics::terminal_end));
    for (const std::string l : {"劳动者。（新华社记者 李贺 摄）", "工人在车间作业（新华社记者 李贺 摄）", "据了解（记者 张三）",
                                "（新华社记者 李贺 摄）", "劳动者。（新华社记者李贺摄）"})
        check_fast_walk_agrees(l);
}

TEST_CASE("line metrics: reading ahead for runs of Han characters measures what the character scan measures") {
    // Runs shorter and longer than the 64-byte look-ahead, cut by marks, spaces, digits and other
    // scripts, with the readable end right after the line or far past it.
    const std::vector<std::string> lines = {
        "职工服务中心",
        "北京市总工会今年将在全市范围内开展职工服务中心建设和评选活动覆盖所有区县",
        "北京市总工会今年将在全市范围内开展职工服务中心建设，评选活动覆盖所有区县街道和乡镇。",
        "本报讯（记者 赵思远）北京市总工会今年将在全市范围内开展职工服务中心建设",
        "2022年北京冬奥会和冬残奥会期间城市运行保障工作全面展开各项工作有序推进之中",
        "カタカナ職工服务中心한국어北京市总工会今年将在全市范围内开展职工服务中心建设和评选𠀀",
        "北京市总工会 今年将在全市 范围内开展职工服务中心建设和评选活动覆盖所有区县 ",
        "　北京市总工会今年将在全市范围内开展职工服务中心建设和评选活动覆盖所有区县街道乡镇社区",
    };
    for (const std::string& l : lines) {
        CAPTURE(l);
        const line_metrics plain = measure_line(l);
        for (const std::size_t pad : {std::size_t{0}, std::size_t{1}, std::size_t{63}, std::size_t{200}}) {
            std::string buf = l + std::string(pad, 'x');
            line_metrics ahead;
            measure_line(std::string_view(buf).substr(0, l.size()), ahead, buf.data() + buf.size());
            CHECK(ahead.width == plain.width);
            CHECK(ahead.first_word == plain.first_word);
            CHECK(ahead.indent == plain.indent);
            CHECK(ahead.flags == plain.flags);
        }
    }
    // A run of Han characters that the look-ahead would count wrongly if it ignored the line's end.
    const std::string buf = "职工服务中心建设和评选活动覆盖所有区县街道和乡镇社区北京市总工会今年将在全市范围";
    line_metrics m;
    measure_line(std::string_view(buf).substr(0, 9), m, buf.data() + buf.size());
    CHECK(m.width == 6);
}

// The walk that measures any line, for comparison with measure_line's fast paths.
line_metrics walked(std::string_view s) {
    line_metrics m;
    zhnorm::detail::line_detail::measure_general(s, m, nullptr);
    return m;
}

// measure_line() of `l` as line_join calls it: inside a buffer that may be read past the line.
line_metrics in_buffer(std::string_view l, std::size_t pad = 80) {
    std::string buf = std::string(l) + "\n" + std::string(pad, '\xE4');
    line_metrics m;
    measure_line(std::string_view(buf).substr(0, l.size()), m, buf.data() + buf.size());
    return m;
}

#if ZHNORM_AVX2
ZHNORM_TARGET_AVX2 bool common_avx2(std::string_view l, line_metrics& m) {
    return zhnorm::detail::line_detail::measure_common_avx2(l, m);
}
ZHNORM_TARGET_AVX2 bool common_avx2_no_first_word(std::string_view l, line_metrics& m) {
    return zhnorm::detail::line_detail::measure_common_avx2<false>(l, m);
}
#endif

void check_same(std::string_view l) {
    CAPTURE(l);
    const line_metrics exact = walked(l);
    for (const std::size_t pad : {std::size_t{2}, std::size_t{80}}) {
        const line_metrics fast = in_buffer(l, pad);
        CHECK(fast.width == exact.width);
        CHECK(fast.first_word == exact.first_word);
        CHECK(fast.indent == exact.indent);
        CHECK(fast.flags == exact.flags);
    }
}

TEST_CASE("line metrics: the common column line (Han, `，。、“”`, digits, single spaces) measures what the walk measures") {
    for (std::string_view l : {
             "书屋夜里也能借书了。记者日前", "从西城区文化和旅游局获悉 ， 该", "区今年将在32个街道社区书屋试",
             "至每晚10点， 并与区图书馆实现", "通借通还。", "口的居民周亦宁说， 过去书屋下", "300册图书。 同时 ， 书屋还引入",
             "志愿者值守、 自助借还机、 免费", "是一天里最热闹的时段。", "劳动者。 本报记者 于佳 摄", "劳动者。 本报记者 于佳 摄，",
             "劳动者。本报记者", "劳动者。 本报记者 于佳2 摄", "1月20日 ， 京城迎来降雪 。", "职工 服务", "职工 2022", "2022 职工",
             "工会， 职工", "工会，职工", "工会 ，职工", "工会 、 职工", "职工服务中心", "职", "2022年", "年2022", "本报记者 林晓舟",
             "摄影报道", "文字 图片", "一、 二、", "职工，", "职工、", "职工。。", "。职工", "，职工", "、职工", "职工 。",
             "区今年将在32个街道社区书屋试点区今年将在32个街道社区书屋试点",  // 64 bytes
             "区今年将在32个街道社区书屋试点区今年将在32个街道社区书屋试点区",  // over 64 bytes
             "职工。 服务，", "职工。 服务、", "职工。 服务。 本报 记者", "。", "，", "1", "1 2",
             // quotes: depth, the space after an opening quote, closers at the end
             "点 “夜读服务”， 开放时间延长", "“下班回家路过书屋， 正好", "给孩子借两本绘本。” 家住新街", "期推出面向中小学生的“书香夏",
             "令营”， 让社区书屋真正成为家", "门口的 “第二客厅”。", "我每天都能下楼遛弯、 买菜了。”", "造” 一体化服务， 同步完善楼道",
             "“娘家人总是想着我们，有工会的地方就有温暖”", "心。 ”", "心。 ” ”", "心， ”", "职工，”", "“ 职工", "“职工 ”",
             "职工 “工会”", "”职工，“", "”，", "“，”，", "“。", "职工。” 本报记者 于佳 摄", "职工。 本报记者 于佳 摄”",
             "“职工” 12 “服务”", "“1”", "职工“", "““职工”，”，", "职工 ” 服务",
             // Han characters only: a name, a word left over, a short title (credit leads among them)
             "摄", "摄影", "文字", "图片", "文", "于佳", "图为", "区今年将在个街道社区书屋试点区今年将在个街", "丂龥",
             // quotes beside other marks under the same lead byte (E2), which leave the common shape
             "“职工”—", "职工—“服务”", "“职工…”", "“职工”，服务…", "职工‘服务’", "”—“",
         })
        check_same(l);
#if ZHNORM_AVX2
    // The fast path takes these lines (else the comparisons above would test the walk against itself).
    if (zhnorm::detail::cpu_has_avx2()) {
        for (std::string_view l : {"书屋夜里也能借书了。记者日前", "从西城区文化和旅游局获悉 ， 该", "志愿者值守、 自助借还机、 免费",
                                   "至每晚10点， 并与区图书馆实现", "职工服务中心", "点 “夜读服务”， 开放时间延长",
                                   "职", "摄影", "区今年将在个街道社区书屋试点区今年将在个街"}) {
            CAPTURE(l);
            std::string buf = std::string(l) + std::string(64, '\n');
            line_metrics m;
            CHECK(common_avx2(std::string_view(buf).substr(0, l.size()), m));
        }
        // (other marks before, between and after quotes and the common marks: the classification
        // gives up at the first of them, with or without quotes)
        for (std::string_view l : {"（职工）服务", "职工：服务", " 职工", "职工〃服务", "カタカナ", "职工—服务", "职工…",
                                   "“职工”—", "—“职工”", "职工，—，", "“职—工”", "，。、“”…"}) {
            CAPTURE(l);
            std::string buf = std::string(l) + std::string(64, '\n');
            line_metrics m;
            CHECK_FALSE(common_avx2(std::string_view(buf).substr(0, l.size()), m));
        }
    }
#endif
}

TEST_CASE("line metrics: a common line that ends its buffer is read no further than the buffer allows") {
    // 64 bytes ending on a mark, in a buffer of exactly those bytes and in one a byte longer
    // (a mark's three bytes are read as four).
    const std::string han = "区今年将在个街道社区书屋试点区今年将在个";  // 20 Han characters
    REQUIRE(han.size() == 60);
    for (const std::string& line : {"1" + han + "，", han + "1，", han + " 。"}) {
        REQUIRE(line.size() == 64);
        CAPTURE(line);
        for (std::size_t extra : {std::size_t{0}, std::size_t{1}}) {
            std::vector<char> buf(line.begin(), line.end());
            buf.resize(line.size() + extra, '\n');
            line_metrics m;
            measure_line(std::string_view(buf.data(), line.size()), m, buf.data() + buf.size());
            const line_metrics exact = walked(line);
            CHECK(m.width == exact.width);
            CHECK(m.first_word == exact.first_word);
            CHECK(m.flags == exact.flags);
        }
    }
}

TEST_CASE("line metrics: the common line's credit lead flag, set without a branch, is credit_lead_at()'s answer") {
    using zhnorm::detail::credit_lead_at;
    using zhnorm::detail::credit_lead_flag;
    // Every first and second byte (the third is not looked at).
    std::size_t leads = 0;
    for (unsigned c = 0; c < 256; ++c)
        for (unsigned c1 = 0; c1 < 256; ++c1) {
            const char b[3] = {static_cast<char>(c), static_cast<char>(c1), '\x80'};
            const std::string_view s(b, 3);
            const bool lead = credit_lead_at(s, 0);
            leads += lead;
            CHECK((credit_lead_flag(s) == (lead ? std::uint32_t{line_metrics::credit_lead} : 0u)));
        }
    CHECK(leads > 64);  // the bullets under E2 and the kind words
    // Common lines led by a kind word or a bullet measure as the walk measures them.
    for (std::string_view l : {"摄影 本报记者", "文/本报记者 张三", "图为 职工， 服务", "摄 于佳", "图片 职工。", "文字 1月",
                               "摄，职工", "职工 摄影", "•职工 服务"})
        check_same(l);
}

TEST_CASE("line metrics: lines just outside the common shape are measured by the walk, not the fast path") {
    for (std::string_view l : {
             " 职工服务", "职工服务 ", "职工  服务", "职工\t服务", "职工　服务", "　职工", "职工　", "职工：服务", "职工；服务",
             "“职工”服务", "（职工）服务", "职工abc服务", "Wi-Fi和智能门禁", "カタカナ職工", "职工！", "职工？", "职工…",
             "职工〃服务", "职工、", "职工,服务", "职工.", "一二三 四", "职工 ”", "本报讯 （记者 林晓舟） 社区", "２０２２年职工",
             "职工\xC2\xA0服务", "职工\xF0\xA0\x80\x80服务", "123", "1 ，", "， 。", "职工 1.5",
         })
        check_same(l);
}

TEST_CASE("line metrics: random lines of Han characters, marks, digits and spaces measure what the walk measures") {
    // Mostly the characters of the common shape, with a few that leave it.
    const std::vector<std::string_view> alphabet = {"职", "工", "会", "龥", "丂", "，", "。", "、", " ", "1", "0", "9",
                                                    "：", "“", "”", "　", "a", "（", "！", "ア", "〃", "\t", "。", "，",
                                                    "—", "…", "“", "”"};
    zhnorm::testing::xorshift rng(0x9E3779B97F4A7C15u);
    const auto next = [&] { return rng.next(); };
    for (int i = 0; i < 20000; ++i) {
        std::string l;
        const std::size_t chars = 1 + next() % 24;
        const std::size_t common = next() % 2 == 0 ? 12 : alphabet.size();  // half the lines: only the common shape
        for (std::size_t c = 0; c < chars; ++c) l += alphabet[next() % common];
        check_same(l);
    }
}

TEST_CASE("line metrics: the common line measured without its first word measures the rest as with it") {
#if ZHNORM_AVX2
    if (!zhnorm::detail::cpu_has_avx2()) return;
    const std::vector<std::string_view> alphabet = {"职", "工", "会", "，", "。", "、", " ", "1", "“", "”", "摄", "文"};
    zhnorm::testing::xorshift rng(99);
    const auto next = [&] { return rng.next(); };
    std::size_t taken = 0;
    for (int i = 0; i < 20000; ++i) {
        std::string l;
        const std::size_t chars = 1 + next() % 21;  // (measure_common_avx2 takes at most 64 bytes)
        for (std::size_t c = 0; c < chars; ++c) l += alphabet[next() % alphabet.size()];
        CAPTURE(l);
        REQUIRE(l.size() <= 64);
        const std::string buf = l + std::string(65, '\n');
        line_metrics with, without;
        const bool a = common_avx2(std::string_view(buf).substr(0, l.size()), with);
        const bool b = common_avx2_no_first_word(std::string_view(buf).substr(0, l.size()), without);
        CHECK(a == b);
        if (!a || !b) continue;
        ++taken;
        CHECK(without.width == with.width);
        CHECK(without.indent == with.indent);
        CHECK(without.flags == with.flags);
        CHECK(without.first_word == without.width);
    }
    CHECK(taken > 2000);
#endif
}

TEST_CASE("column estimate: the mode of body line widths, none for one paragraph a line") {
    const std::string page = column(body1, 14) + column(body2, 14) + column(body3, 14);
    const auto doc = zhnorm::load(page);
    std::vector<line_metrics> m;
    for (const auto& l : doc.lines) m.push_back(measure_line(l.text));
    const auto est = zhnorm::detail::estimate_column(m, 8, 0.3).width;
    CHECK(est >= 27);
    CHECK(est <= 29);
    std::vector<line_metrics> wide;
    for (std::string_view p : {body1, body2, body3}) wide.push_back(measure_line(p));
    CHECK(zhnorm::detail::estimate_column(wide, 8, 0.3).width == 0);
}

// --- paragraphs in a column --------------------------------------------------------------------

TEST_CASE("line_join: hard-wrapped lines of a column are joined into one paragraph") {
    for (int width : {11, 12, 14, 16}) {
        CAPTURE(width);
        const auto doc = run(column(body1, width) + column(body2, width) + column(body3, width));
        CHECK(shape(doc) == std::vector<std::string>{"P " + nospace(body1), "P " + nospace(body2), "P " + nospace(body3)});
    }
}

TEST_CASE("line_join: a line that stops short after terminal punctuation ends the paragraph") {
    // body2 ends on a short line; body3 follows without the indent of a first line.
    const auto doc = run(column(body1, 14) + column(body2, 14) + column(body3, 14, false));
    CHECK(shape(doc) == std::vector<std::string>{"P " + nospace(body1), "P " + nospace(body2), "P " + nospace(body3)});
}

TEST_CASE("line_join: a full line ending a sentence continues when the next line is full") {
    const std::string page = column(body1, 14) +
                             "区总工会表示，下一步还将\n"
                             "联合辖区医疗机构推出职工健康\n"
                             "服务卡并为职工建立健康档案。\n"  // full, ends a sentence
                             "服务月期间工会将组织医疗专家\n"  // full: the paragraph goes on
                             "走进园区开展义诊活动。\n" +
                             column(body3, 14);
    const auto doc = run(page);
    REQUIRE(doc.blocks.size() == 3);
    CHECK(nospace(doc.blocks[1].text) == "区总工会表示，下一步还将联合辖区医疗机构推出职工健康服务卡并为职工建立健康档案。"
                                         "服务月期间工会将组织医疗专家走进园区开展义诊活动。");
}

TEST_CASE("line_join: a full line ending a sentence ends the paragraph when the next line lost its indent") {
    const std::string page = column(body1, 14) + "区总工会表示，下一步还将\n联合辖区医疗机构推出职工健康\n服务卡并为职工建立健康档案。\n" +
                             column(body3, 14);  // its first line is 2 ems short
    const auto doc = run(page);
    REQUIRE(doc.blocks.size() == 3);
    CHECK(nospace(doc.blocks[2].text) == nospace(body3));
}

TEST_CASE("line_join: a paragraph's short first line is not taken for the end of the one before") {
    // body3's first line holds 12 ems and ends mid-sentence: it starts a paragraph and continues.
    const auto doc = run(column(body1, 14) + column(body3, 14));
    CHECK(shape(doc) == std::vector<std::string>{"P " + nospace(body1), "P " + nospace(body3)});
}

TEST_CASE("line_join: a blank line at a column break mid-sentence is joined across") {
    std::string page = column(body1, 14);
    const auto cut = page.find('\n', page.find('\n') + 1);  // after the second line
    page.insert(cut + 1, "\n\n");
    const auto doc = run(page + column(body2, 14));
    CHECK(shape(doc) == std::vector<std::string>{"P " + nospace(body1), "P " + nospace(body2)});
}

TEST_CASE("line_join: blank lines between paragraphs do not join them") {
    const auto doc = run(column(body1, 14) + "\n" + column(body2, 14) + "\n\n" + column(body3, 14));
    CHECK(doc.blocks.size() == 3);
}

TEST_CASE("line_join: a space before a comma marks a stretched full line, which continues") {
    const std::string page = column(body1, 14) + "1月20日 ， 京城迎来降雪 。\n\n上午9时，工会党员干部带头拿着\n扫雪工具来到责任区清扫积雪。\n" +
                             column(body3, 14);
    const auto doc = run(page);
    REQUIRE(doc.blocks.size() == 3);
    CHECK(nospace(doc.blocks[1].text) == "1月20日，京城迎来降雪。上午9时，工会党员干部带头拿着扫雪工具来到责任区清扫积雪。");
}

TEST_CASE("line_join: a title-like full line inside a paragraph is joined, not a headline") {
    const std::string page = column(body1, 14) + "区总工会表示，下一步还将\n"
                                                 "联合辖区医疗机构推出职工健康\n"
                                                 "服务卡并为职工建立健康档案。\n"
                                                 "北京中和科技有限公司先后向北\n"  // no punctuation
                                                 "京市总工会捐款近两千万元。\n" +
                             column(body3, 14);
    const auto doc = run(page);
    for (const auto& b : doc.blocks) CHECK(b.kind == block_kind::paragraph);
}

TEST_CASE("line_join: a first line without punctuation followed by the column starts a paragraph") {
    const std::string page = column(body1, 14) + "门头沟区人大常委会党组副\n"  // no punctuation, 2 ems short
                                                 "书记、副主任、区总工会主席李\n"
                                                 "伟表示，全区各级工会要学习宣\n"
                                                 "传贯彻会议精神。\n" +
                             column(body3, 14);
    const auto doc = run(page);
    REQUIRE(doc.blocks.size() == 3);
    CHECK(doc.blocks[1].kind == block_kind::paragraph);
    CHECK(nospace(doc.blocks[1].text).starts_with("门头沟区人大常委会党组副书记"));
}

TEST_CASE("line_join: stories set in columns of different widths on one page are each joined") {
    const std::string page = column(body1, 11) + column(body2, 11) + column(body3, 11) + "\n区总工会举办职工健康服务月活动\n\n" +
                             column(body3, 16) + column(body1, 16) + column(body2, 16);
    const auto doc = run(page);
    CHECK(shape(doc) == std::vector<std::string>{"P " + nospace(body1), "P " + nospace(body2), "P " + nospace(body3),
                                                 "H 区总工会举办职工健康服务月活动", "P " + nospace(body3),
                                                 "P " + nospace(body1), "P " + nospace(body2)});
}

TEST_CASE("local columns: each line is measured against the column of the story around it") {
    const auto doc = zhnorm::load(column(body1, 11) + column(body2, 11) + column(body3, 11) + column(body1, 16) +
                                  column(body2, 16) + column(body3, 16));
    std::vector<line_metrics> m;
    for (const auto& l : doc.lines) m.push_back(measure_line(l.text));
    // The columns of the lines as line_join builds them: body lines listed as the histogram takes
    // them, every line the page's column unless local_columns() wrote them.
    const auto columns = [&](std::uint32_t page) {
        zhnorm::detail::column_histogram hist;
        std::vector<std::uint32_t> body;
        for (std::size_t i = 0; i < m.size(); ++i)
            if (hist.add(m[i])) body.push_back(static_cast<std::uint32_t>(i));
        std::vector<std::uint16_t> cols(m.size(), 0xFFFF);
        if (!zhnorm::detail::local_columns(m, body, page, 8, 6, cols))
            std::fill(cols.begin(), cols.end(), static_cast<std::uint16_t>(page));
        for (auto c : cols) CHECK(c != 0xFFFF);  // written everywhere when written at all
        return cols;
    };
    const auto cols = columns(0);
    CHECK(cols.front() >= 21);
    CHECK(cols.front() <= 23);
    CHECK(cols.back() >= 31);
    CHECK(cols.back() <= 33);
    const auto page = columns(22);  // within an em of the page's column: that column
    CHECK(page.front() == 22);
}

TEST_CASE("column width: bit_count counts the set bits as std::popcount does") {
    zhnorm::testing::xorshift rng(7);
    CHECK(zhnorm::detail::bit_count(0) == 0);
    CHECK(zhnorm::detail::bit_count(~std::uint64_t{0}) == 64);
    for (int k = 0; k < 10000; ++k) {
        // Sparse, dense and random words (the window masks keep up to 63 low bits).
        const std::uint64_t x = rng.next(), y = rng.next();
        for (const std::uint64_t v : {x, x & y, x | y, x >> (y % 64)}) {
            CAPTURE(v);
            REQUIRE(zhnorm::detail::bit_count(v) == static_cast<std::size_t>(std::popcount(v)));
        }
    }
}

// local_columns() as first written: every window's histogram counted afresh, every window looked at.
static bool local_columns_reference(const std::vector<line_metrics>& lines, const std::vector<std::uint32_t>& body,
                                    std::uint32_t page, std::size_t window, std::size_t min_lines,
                                    std::vector<std::uint16_t>& cols) {
    constexpr std::uint32_t lo = zhnorm::detail::column_lo, hi = zhnorm::detail::column_hi;
    if (body.empty() || window == 0) return false;
    const bool page_in_range = page >= lo && page <= hi;
    bool changed = false;
    for (std::size_t b = 0; b < body.size(); ++b) {
        std::vector<std::uint32_t> hist(hi + 3, 0);
        std::size_t near_page = 0, count = 0;
        for (std::size_t k = b > window ? b - window : 0; k < std::min(body.size(), b + window + 1); ++k) {
            const std::uint32_t x = lines[body[k]].width;
            ++hist[x];
            ++count;
            near_page += x + 2 >= page && x <= page + 2 ? 1 : 0;
        }
        if (page_in_range && 2 * near_page > count) continue;
        std::uint32_t best = lo, best_near = 0;
        for (std::uint32_t c = lo; c <= hi; ++c) {
            const std::uint32_t nc = hist[c - 2] + hist[c - 1] + hist[c] + hist[c + 1] + hist[c + 2];
            if (nc > best_near) { best_near = nc; best = c; }
        }
        if (best_near < min_lines) continue;
        std::uint32_t mode = best;
        for (std::uint32_t c = best - 2; c <= best + 2; ++c)
            if (hist[c] > hist[mode]) mode = c;
        if (page > 0 && mode + 2 >= page && mode <= page + 2) continue;
        if (!changed) std::fill(cols.begin(), cols.end(), static_cast<std::uint16_t>(page));
        cols[body[b]] = static_cast<std::uint16_t>(mode);
        changed = true;
    }
    if (!changed) return false;
    std::fill(cols.begin() + static_cast<std::ptrdiff_t>(body.back()) + 1, cols.end(), cols[body.back()]);
    for (std::size_t b = body.size(); b-- > 0;) {
        const std::size_t from = b > 0 ? body[b - 1] + 1 : 0;
        std::fill(cols.begin() + static_cast<std::ptrdiff_t>(from), cols.begin() + static_cast<std::ptrdiff_t>(body[b]),
                  cols[body[b]]);
    }
    return true;
}

TEST_CASE("local columns: windows skipped while the page's column holds give what looking at every window gives") {
    // Stories near one width with stray widths (first and last lines, wide lines) at several
    // densities and blank lines, against several page columns and windows: windows that hold by a
    // wide margin (skipped), by one line, that fail once, runs of failing windows with gaps.
    std::uint32_t seed = 4242;
    auto next = [&] {
        seed = seed * 1664525u + 1013904223u;
        return seed >> 8;
    };
    std::size_t compared = 0, written = 0;
    for (int round = 0; round < 600; ++round) {
        std::vector<line_metrics> m;
        const std::size_t n = 1 + next() % 150;
        const std::uint32_t stray = next() % 60;  // percent
        std::uint32_t story = 12 + next() % 69;
        for (std::size_t i = 0; i < n; ++i) {
            if (next() % 40 == 0) story = 12 + next() % 69;
            const std::uint32_t w = next() % 100 < stray ? next() % 90 : story - 2 + next() % 5;
            const bool blank = next() % 10 == 0;
            m.push_back(line_metrics{w, w, 0,
                                     blank ? static_cast<std::uint16_t>(line_metrics::blank)
                                           : static_cast<std::uint16_t>(line_metrics::has_cjk | line_metrics::sentence_punct)});
        }
        zhnorm::detail::column_histogram hist;
        std::vector<std::uint32_t> body;
        for (std::size_t i = 0; i < m.size(); ++i)
            if (hist.add(m[i])) body.push_back(static_cast<std::uint32_t>(i));
        for (std::uint32_t page : {0u, 12u, 22u, 30u, 80u, 81u, story}) {
            // (windows of 32 and more take the path without the ring of near() bits)
            const std::size_t window = next() % 5 == 0 ? 28 + next() % 10 : next() % 12, min_lines = 1 + next() % 7;
            std::vector<std::uint16_t> fast(m.size(), 0xFFFF), ref(m.size(), 0xFFFF);
            const bool a = zhnorm::detail::local_columns(m, body, page, window, min_lines, fast);
            const bool b = local_columns_reference(m, body, page, window, min_lines, ref);
            CAPTURE(round);
            CAPTURE(page);
            CAPTURE(window);
            CHECK(a == b);
            if (a && b) CHECK(fast == ref);
            ++compared;
            written += a ? 1 : 0;
        }
    }
    CHECK(written > compared / 10);  // both answers are well represented
    CHECK(written < compared * 9 / 10);
}

// --- headlines ---------------------------------------------------------------------------------

TEST_CASE("line_join: a headline wider than the column stands alone, before its story") {
    const auto doc = run("区总工会启动职工健康服务月活动百家企业职工受益\n" + column(body1, 14) + column(body2, 14));
    CHECK(shape(doc) == std::vector<std::string>{"H 区总工会启动职工健康服务月活动百家企业职工受益", "P " + nospace(body1),
                                                 "P " + nospace(body2)});
}

TEST_CASE("line_join: a headline with commas, wider than the column and ending no sentence, stands alone") {
    const auto doc = run(column(body1, 14) + "\n稳就业，保民生，区总工会多措并举服务职工\n\n" + column(body2, 14));
    CHECK(shape(doc) == std::vector<std::string>{"P " + nospace(body1), "H 稳就业，保民生，区总工会多措并举服务职工",
                                                 "P " + nospace(body2)});
    // A wide line that ends a sentence, or ends on a comma, is text.
    const auto text = run(column(body1, 14) + "\n稳就业，保民生，区总工会多措并举服务职工群众。\n\n" + column(body2, 14));
    CHECK(text.blocks.at(1).kind == block_kind::paragraph);
}

TEST_CASE("line_join: two headlines in a row stay two blocks") {
    const auto doc = run("区总工会启动职工健康服务月活动\n\n百家企业职工享受免费体检\n\n" + column(body1, 14) + column(body2, 14));
    REQUIRE(doc.blocks.size() == 4);
    CHECK(doc.blocks[0].kind == block_kind::headline);
    CHECK(doc.blocks[1].kind == block_kind::headline);
    CHECK(doc.blocks[1].text == "百家企业职工享受免费体检");
}

TEST_CASE("line_join: a headline after its story is glued to neither side") {
    const auto doc = run(column(body1, 14) + column(body2, 14) + "\n区总工会举办职工健康服务月活动\n\n" + column(body3, 14));
    CHECK(shape(doc) == std::vector<std::string>{"P " + nospace(body1), "P " + nospace(body2),
                                                 "H 区总工会举办职工健康服务月活动", "P " + nospace(body3)});
}

TEST_CASE("line_join: a headline about the column's width after a full sentence-ending line stands alone") {
    const std::string page = column(body1, 14) + "区总工会表示，下一步还将\n"
                                                 "联合辖区医疗机构推出职工健康\n"
                                                 "服务卡并为职工建立健康档案。\n"
                                                 "区总工会举办职工健康服务月活动\n"  // as wide as a full line
                                                 "百家企业职工受益\n" +
                             column(body3, 14);
    const auto doc = run(page);
    REQUIRE(doc.blocks.size() == 5);
    CHECK(doc.blocks[2].kind == block_kind::headline);
    CHECK(doc.blocks[3].kind == block_kind::headline);
}

TEST_CASE("line_join: stacked headlines without blank lines after a full sentence-ending line stand alone") {
    const std::string page = column(body1, 14) + "区总工会表示，下一步还将\n"
                                                 "联合辖区医疗机构推出职工健康\n"
                                                 "服务卡并为职工建立健康档案。\n"
                                                 "区总工会举办职工健康服务月活\n"  // full width, no punctuation
                                                 "石油化工企业开展安全生产检查\n"
                                                 "守牢安全底线 护航平稳运行\n"
                                                 "本报讯（通讯员 赵海涛）为做\n"
                                                 "好节日期间安全生产工作，燕山\n"
                                                 "石化工会组织安全检查。\n";
    const auto doc = run(page);
    CHECK(shape(doc) == std::vector<std::string>{"P " + nospace(body1),
                                                 "P 区总工会表示，下一步还将联合辖区医疗机构推出职工健康服务卡并为职工建立健康档案。",
                                                 "H 区总工会举办职工健康服务月活", "H 石油化工企业开展安全生产检查",
                                                 "H 守牢安全底线护航平稳运行",
                                                 "P 本报讯（通讯员赵海涛）为做好节日期间安全生产工作，燕山石化工会组织安全检查。"});
}

TEST_CASE("line_join: a headline about a first line's width followed by another title is a headline, not a first line") {
    const auto doc = run(column(body1, 14) + "百家企业职工享受免费体检\n石油化工企业开展安全生产检查\n本报讯（通讯员 赵海涛）为做\n"
                         "好节日期间安全生产工作，燕山\n石化工会组织安全检查。\n");
    REQUIRE(doc.blocks.size() == 4);
    CHECK(doc.blocks[1].kind == block_kind::headline);
    CHECK(doc.blocks[2].kind == block_kind::headline);
}

TEST_CASE("line_join: a full stop inside quotes is a sentence, not a headline") {
    const auto doc = run(std::string(body1) + "\n\n“我们希望把服务送到职工身边。”海淀区总\n\n工会相关负责人表示，服务月期间将组织义诊。\n");
    REQUIRE(doc.blocks.size() == 2);
    CHECK(doc.blocks[1].kind == block_kind::paragraph);
    CHECK(nospace(doc.blocks[1].text) == "“我们希望把服务送到职工身边。”海淀区总工会相关负责人表示，服务月期间将组织义诊。");
}

TEST_CASE("line_join: the first line of a wider caption box is text, not a headline") {
    const auto doc = run(column(body1, 14) + column(body2, 14) +
                         "厂区职工书屋焕然一新\n"
                         "为了让职工在午休时有一个安静舒适的读书场所和交流\n\n"
                         "空间，厂工会利用闲置库房改建了职工书屋，添置图书两千余册\n"
                         "并配备了阅读灯、沙发和饮水机等设施，每天中午和傍晚向全厂\n"
                         "职工开放，受到大家的欢迎。\n");
    REQUIRE(doc.blocks.size() == 4);
    CHECK(doc.blocks[2].kind == block_kind::headline);
    CHECK(doc.blocks[3].kind == block_kind::paragraph);
    CHECK(nospace(doc.blocks[3].text).starts_with("为了让职工在午休时有一个安静舒适的读书场所和交流空间，"));
}

TEST_CASE("line_join: a line that opens with a closing mark continues the paragraph before it") {
    // Nothing but a closing quote: the paragraph ends as the line before left it.
    const auto quote = run(column(body1, 14) + "他说：“我们会全力以赴开展好疫情防\n控各项工作，不辜负人民的信任。\n”\n" + column(body2, 14));
    REQUIRE(quote.blocks.size() == 3);
    CHECK(quote.blocks[1].text == "他说：“我们会全力以赴开展好疫情防控各项工作，不辜负人民的信任。”");
    CHECK(quote.blocks[1].kind == zhnorm::block_kind::paragraph);
    // Marks, then text: joined, and the paragraph goes on from there.
    const auto cut = run(column(body1, 14) + "他说：“我们会全力以赴开展好疫情防\n控各项工作，不辜负人民的信任。\n”记者了解到，这批物资已经\n全部发放到位。\n");
    REQUIRE(cut.blocks.size() == 2);
    CHECK(cut.blocks[1].text == "他说：“我们会全力以赴开展好疫情防控各项工作，不辜负人民的信任。”记者了解到，这批物资已经全部发放到位。");
    // After a finished paragraph, a line without punctuation whose next line opens with a comma
    // is that sentence's first line, not a headline.
    const auto comma = run(column(body1, 14) + "北辰集团工会经过精心打造\n， 在“北辰微平台”微信公众\n号增加了“冬奥职工心灵驿站”板块。\n" + column(body2, 14));
    REQUIRE(comma.blocks.size() == 3);
    CHECK(comma.blocks[1].text == "北辰集团工会经过精心打造， 在“北辰微平台”微信公众号增加了“冬奥职工心灵驿站”板块。");
    // A full line without punctuation after a full line that ends a sentence is no headline when
    // the line after it opens with a comma: nothing starts afresh there.
    const auto full = run(column(body1, 14) + column("区总工会近日在科技园区举办职工健康服务月启动仪式活动。", 14) +
                          "北辰集团工会经过精心打造平台\n， 在“北辰微平台”微信公众\n号增加了“冬奥职工心灵驿站”板块。\n");
    for (const auto& b : full.blocks) CHECK(b.kind == zhnorm::block_kind::paragraph);
    CHECK(full.blocks.back().text.ends_with("北辰集团工会经过精心打造平台， 在“北辰微平台”微信公众号增加了“冬奥职工心灵驿站”板块。"));
    // Not a line that opens with an opening mark.
    const auto open = run(column(body1, 14) + "他说：“我们会全力以赴开展好疫情防\n控各项工作，不辜负人民的信任。”\n“娘家人”送来暖心慰问\n" + column(body2, 14));
    CHECK(open.blocks.at(2).kind == zhnorm::block_kind::headline);
}

TEST_CASE("line_join: a first line without punctuation joins the full line after a column break") {
    // The first line short by its indent, a blank line, a full line without punctuation, then the
    // sentence goes on: one paragraph, not a headline and a subtitle.
    const std::string first = "北京再担保公司工会积极运";  // 12 ems of a 14-em column
    const std::string rest = "用市金融工会和北京国资公司工会两级工会组织拨付的防疫专项经费，先后为全体职工采购口罩、消毒液和消毒设备三个批次，并及时配发到每位工会会员。";
    const std::string para = column(first + rest, 14);
    const std::string broken = para.substr(0, first.size() + 1) + "\n" + para.substr(first.size() + 1);
    const auto doc = run(column(body1, 14) + broken + column(body2, 14));
    REQUIRE(doc.blocks.size() == 3);
    CHECK(doc.blocks[1].kind == zhnorm::block_kind::paragraph);
    CHECK(doc.blocks[1].text == first + rest);
    // With the indent kept as a space, too.
    const auto indented = run(column(body1, 14) + " " + broken + column(body2, 14));
    REQUIRE(indented.blocks.size() == 3);
    CHECK(indented.blocks[1].text == first + rest);
    // A headline before its story: the story's first line after the blank is short, or indented.
    const auto short_next = run(column(body1, 14) + first + "\n\n" + column(body3, 14));
    REQUIRE(short_next.blocks.size() == 3);
    CHECK(short_next.blocks[1].kind == zhnorm::block_kind::headline);
    const auto indented_next = run(column(body1, 14) + first + "\n\n  " + column(body3, 14, false));
    REQUIRE(indented_next.blocks.size() == 3);
    CHECK(indented_next.blocks[1].kind == zhnorm::block_kind::headline);
}

TEST_CASE("line_join: a headline with a leading space is still a headline") {
    const auto doc = run(column(body1, 14) + " 顺义区总工会有序推进“区级工会加强年”专项工作\n" + column(body2, 14));
    REQUIRE(doc.blocks.size() == 3);
    CHECK(doc.blocks[1].kind == block_kind::headline);
    CHECK(doc.blocks[1].text == "顺义区总工会有序推进“区级工会加强年”专项工作");
}

TEST_CASE("line_join: a short headline standing between blank lines is a headline") {
    const auto doc = run(column(body1, 14) + "\n冬日暖阳\n\n" + column(body2, 14) + "\n 在京过大年 一起向未来\n\n" +
                         column(body3, 14));
    REQUIRE(doc.blocks.size() == 5);
    CHECK(doc.blocks[1].kind == block_kind::headline);
    CHECK(doc.blocks[3].kind == block_kind::headline);
    CHECK(doc.blocks[3].text == "在京过大年 一起向未来");
}

TEST_CASE("line_join: a collapsed doubled line is always a headline") {
    const auto doc = run(column(body1, 14) + "党党员员干干部部\n带带头头清清积积雪雪\n1月20日 ， 京城迎来降雪 。\n");
    REQUIRE(doc.blocks.size() == 3);
    CHECK(doc.blocks[1].kind == block_kind::headline);
    CHECK(doc.blocks[1].text == "党员干部带头清积雪");
    CHECK(doc.blocks[1].repeat == 2);
    CHECK(doc.blocks[2].kind == block_kind::paragraph);
}

TEST_CASE("line_join: a dateline line is the start of a story, not a headline") {
    const auto doc = run("本报讯（记者 张雪）\n“以前中午只能吃外卖， 现在在单位\n就能吃上热乎饭菜了。”\n" + column(body1, 14) +
                         column(body2, 14));
    REQUIRE(!doc.blocks.empty());
    CHECK(doc.blocks[0].kind == block_kind::paragraph);
    CHECK(nospace(doc.blocks[0].text).starts_with("本报讯（记者张雪）“以前"));
}

TEST_CASE("line_join: headline detection can be switched off") {
    zhnorm::line_join pass;
    pass.opts.detect_headlines = false;
    const auto doc = run(column(body1, 14) + "\n区总工会举办职工健康服务月活动\n\n" + column(body3, 14), pass);
    for (const auto& b : doc.blocks) CHECK(b.kind == block_kind::paragraph);
}

// --- credits -----------------------------------------------------------------------------------

TEST_CASE("line_join: a standalone credit line is a credit block, never joined to body text") {
    const auto doc = run(column(body1, 14) + "本报记者 彭程 摄\n" + column(body2, 14));
    CHECK(shape(doc) == std::vector<std::string>{"P " + nospace(body1), "C 本报记者彭程摄", "P " + nospace(body2)});
    CHECK(doc.blocks[1].text == "本报记者 彭程 摄");
}

TEST_CASE("line_join: two adjacent credit lines stay two credit blocks") {
    const auto doc = run(column(body1, 14) + "\n本报记者 崔欣\n通讯员 宋雅欣 摄影报道\n\n" + column(body2, 14));
    REQUIRE(doc.blocks.size() == 4);
    CHECK(doc.blocks[1].kind == block_kind::credit);
    CHECK(doc.blocks[2].kind == block_kind::credit);
}

TEST_CASE("line_join: a credit at the end of a body line stays in that paragraph") {
    const auto doc = run(column(body2, 14) + column(body3, 14) + "区总工会表示，下一步还将\n联合辖区医疗机构推出职工健康\n"
                         "劳动者。 本报记者 于佳 摄\n\n区总工会举办健康服务月活动百家企业受益\n");
    REQUIRE(doc.blocks.size() == 4);
    CHECK(nospace(doc.blocks[2].text).ends_with("职工健康劳动者。本报记者于佳摄"));
    CHECK(doc.blocks[3].kind == block_kind::headline);
}

TEST_CASE("line_join: a caption's credit wrapped after its last sentence ends the paragraph") {
    // `…劳动者。新华社记者` + `权飞佳 摄`: the credit runs over two lines; the headline and the story
    // after the blank line are not run into the caption.
    const std::string caption = "  图为工人在车间里忙碌，他们是\n新时代的劳动者。新华社记者\n权飞佳 摄\n\n";
    const std::string story = "区总工会举办健康服务月活动\n" + column("本报讯（记者 沈一帆）" + std::string(body1), 14);
    const auto doc = run(column(body2, 14) + "\n" + caption + story);
    REQUIRE(doc.blocks.size() == 4);
    CHECK(doc.blocks[1].kind == block_kind::paragraph);
    CHECK(nospace(doc.blocks[1].text) == "图为工人在车间里忙碌，他们是新时代的劳动者。新华社记者权飞佳摄");
    CHECK(doc.blocks[2].kind == block_kind::headline);
    CHECK(doc.blocks[2].text == "区总工会举办健康服务月活动");
    CHECK(nospace(doc.blocks[3].text).starts_with("本报讯（记者沈一帆）近日"));
}

TEST_CASE("line_join: a caption ending in a credit in parentheses ends there; the credit alone is a credit block") {
    // Without a column (one paragraph per line) a line runs on to the next unless it ends a
    // sentence: the credit in parentheses ends it.
    const auto doc = run("工人们在生产线上忙碌，迎接新年。（新华社记者 李贺 摄）\n\n区总工会举办健康服务月活动，百家企业受益。\n");
    CHECK(shape(doc) == std::vector<std::string>{"P 工人们在生产线上忙碌，迎接新年。（新华社记者李贺摄）",
                                                 "P 区总工会举办健康服务月活动，百家企业受益。"});
    // In a column, the credit wrapped onto a line of its own.
    const auto col = run(column(body1, 14) + "工人们在生产线上忙碌。\n（新华社记者 李贺 摄）\n" + column(body2, 14));
    REQUIRE(col.blocks.size() == 4);
    CHECK(col.blocks[2].kind == block_kind::credit);
    CHECK(col.blocks[2].text == "（新华社记者 李贺 摄）");
    // Without a verb, a line in parentheses is no credit block (`（记者 张三）` opens a story).
    const auto byline = run(column(body1, 14) + "（记者 张三）\n" + column(body2, 14, false));
    for (const auto& b : byline.blocks) CHECK(b.kind != block_kind::credit);
}

TEST_CASE("line_join: a caption's credit in parentheses wrapped after its last sentence ends the paragraph") {
    const std::string caption = "  图为工人在车间里忙碌，他们是\n新时代的劳动者。（新华社记者\n权飞佳 摄）\n";
    const std::string story = "区总工会举办健康服务月活动\n" + column("本报讯（记者 沈一帆）" + std::string(body1), 14);
    const auto doc = run(column(body2, 14) + "\n" + caption + story);
    REQUIRE(doc.blocks.size() == 4);
    CHECK(nospace(doc.blocks[1].text) == "图为工人在车间里忙碌，他们是新时代的劳动者。（新华社记者权飞佳摄）");
    CHECK(doc.blocks[2].kind == block_kind::headline);
    CHECK(doc.blocks[2].text == "区总工会举办健康服务月活动");
    // A parenthetical remark wrapped the same way keeps the paragraph open.
    const auto remark = run("  图为工人在车间里忙碌，他们是\n新时代的劳动者。（图为\n车间一角）\n继续工作。\n");
    REQUIRE(remark.blocks.size() == 1);
}

TEST_CASE("line_join: running text after a sentence end that mentions a reporter keeps joining") {
    // `记者走访了 多家书屋` has a role in front but no name: not a credit, the sentence goes on.
    const auto doc = run("  区总工会今年新建书屋二十家。记者\n走访了 多家书屋发现借阅的人很\n多，书屋里座无虚席。\n");
    REQUIRE(doc.blocks.size() == 1);
    CHECK(nospace(doc.blocks[0].text) == "区总工会今年新建书屋二十家。记者走访了多家书屋发现借阅的人很多，书屋里座无虚席。");
}

TEST_CASE("line_join: a wrapped caption credit is joined like text when credit detection is off") {
    zhnorm::line_join pass;
    pass.opts.detect_credits = false;
    const auto doc = run("  图为工人在车间里忙碌，他们是\n新时代的劳动者。新华社记者\n权飞佳 摄\n\n区总工会举办健康服务月活动\n", pass);
    REQUIRE(doc.blocks.size() == 1);
    CHECK(nospace(doc.blocks[0].text).ends_with("新华社记者权飞佳摄区总工会举办健康服务月活动"));
}

TEST_CASE("line_join: credit detection can be switched off") {
    zhnorm::line_join pass;
    pass.opts.detect_credits = false;
    const auto doc = run(column(body1, 14) + "\n本报记者 彭程 摄\n\n" + column(body2, 14), pass);
    for (const auto& b : doc.blocks) CHECK(b.kind != block_kind::credit);
}

// --- one paragraph a line ----------------------------------------------------------------------

TEST_CASE("line_join: one paragraph a line: a line without terminal punctuation continues on the next non-blank line") {
    const auto doc = run(std::string("全总启动“工会送温暖助力冬奥会”系列活动\n\n") + std::string(body1.substr(0, 60)) + "\n\n" +
                         std::string(body1.substr(60)) + "\n\n" + std::string(body2) + "\n");
    CHECK(shape(doc) == std::vector<std::string>{"H 全总启动“工会送温暖助力冬奥会”系列活动", "P " + nospace(body1),
                                                 "P " + nospace(body2)});
}

TEST_CASE("line_join: one paragraph a line: a first line cut off before a word's tail is joined") {
    const auto doc = run(std::string(body2) + "\n\n北辰集团工会经过精心打\n\n造，在微信公众号增加了职工心灵驿站板块，为职工提供心理健康服务。\n");
    REQUIRE(doc.blocks.size() == 2);
    CHECK(nospace(doc.blocks[1].text).starts_with("北辰集团工会经过精心打造，在"));
}

TEST_CASE("line_join: text already one paragraph a line comes out unchanged") {
    const std::string text = std::string(body1) + "\n" + std::string(body2) + "\n" + std::string(body3) + "\n";
    const auto doc = run(text);
    REQUIRE(doc.blocks.size() == 3);
    CHECK(doc.blocks[0].text == body1);
    CHECK(doc.blocks[1].text == body2);
    CHECK(doc.blocks[2].text == body3);
}

TEST_CASE("line_join: a source line is never split") {
    const auto doc = run(std::string(body1) + std::string(body2) + "\n");
    REQUIRE(doc.blocks.size() == 1);
    CHECK(doc.blocks[0].text == std::string(body1) + std::string(body2));
}

// --- joining -----------------------------------------------------------------------------------

TEST_CASE("line_join: nothing goes between CJK characters, digits and CJK punctuation at a wrap") {
    const auto doc = run("本报讯 （记者 马超） 1月20\n日，天空中飘着雪花，寒意阵阵，\n北京职工服务中心参与北京2022\n年冬奥会服务保障工作。\n");
    REQUIRE(doc.blocks.size() == 1);
    CHECK(doc.blocks[0].text == "本报讯 （记者 马超） 1月20日，天空中飘着雪花，寒意阵阵，北京职工服务中心参与北京2022年冬奥会服务保障工作。");
}

TEST_CASE("line_join: spaces at the end and start of wrapped lines are trimmed") {
    const auto doc = run("本报讯 （记者 马超） 近日，  \n   区总工会举办了职工健康活动。\n");
    REQUIRE(doc.blocks.size() == 1);
    CHECK(doc.blocks[0].text == "本报讯 （记者 马超） 近日，区总工会举办了职工健康活动。");
}

TEST_CASE("line_join: a space a line ends with between two CJK letters inside a quote is kept at the wrap") {
    const auto doc = run(column(body1, 14) + "据悉，建国门街道总工会开展了“惠职工 \n享温情”活动，为快递员送上了温暖，\n大家十分高兴。\n");
    REQUIRE(doc.blocks.size() == 2);
    CHECK(doc.blocks[1].text == "据悉，建国门街道总工会开展了“惠职工 享温情”活动，为快递员送上了温暖，大家十分高兴。");
    // A title opened lines before.
    const auto title = run(column(body1, 14) + "方秋子作了题为《不忘初\n心赴盛会踔厉奋发新征程 \n以实干精神做交通强国路上的\n“领跑者”》的报告。\n");
    CHECK(title.blocks.at(1).text == "方秋子作了题为《不忘初心赴盛会踔厉奋发新征程 以实干精神做交通强国路上的“领跑者”》的报告。");
    // Not outside quotes (a page padded with trailing spaces), not the blank half of a mark, not a
    // continuation line's indent, not with the rule off.
    const auto padded = run(column(body1, 14) + "据悉，建国门街道总工会开展了 \n慰问活动，为快递员送上了温暖。\n");
    CHECK(padded.blocks.at(1).text == "据悉，建国门街道总工会开展了慰问活动，为快递员送上了温暖。");
    const auto mark = run(column(body1, 14) + "据悉，建国门街道总工会开展活动， \n   为快递员送上了温暖。\n");
    CHECK(mark.blocks.at(1).text == "据悉，建国门街道总工会开展活动，为快递员送上了温暖。");
    zhnorm::line_join pass;
    pass.opts.keep_wrap_space = false;
    const auto off = run(column(body1, 14) + "据悉，建国门街道总工会开展了“惠职工 \n享温情”活动。\n", pass);
    CHECK(off.blocks.at(1).text == "据悉，建国门街道总工会开展了“惠职工享温情”活动。");
}

TEST_CASE("line_join: a space lost at a wrap between a role and a name is restored") {
    const auto doc = run("本报讯 （记者 马超 通讯员\n\n李义康） 近日， 中建二局一公司党委、\n工会携手捐赠防疫物资。\n");
    REQUIRE(doc.blocks.size() == 1);
    CHECK(doc.blocks[0].text == "本报讯 （记者 马超 通讯员 李义康） 近日， 中建二局一公司党委、工会携手捐赠防疫物资。");
}

TEST_CASE("line_join: no space is restored after a role word inside running text") {
    const auto doc = run(column(body1, 14) + "据悉，该项目由区总工会主办，\n区总工会常务副主席关平向记者\n介绍， 区总工会还将打造平台。\n");
    REQUIRE(doc.blocks.size() == 2);
    CHECK(doc.blocks[1].text == "据悉，该项目由区总工会主办，区总工会常务副主席关平向记者介绍， 区总工会还将打造平台。");
    zhnorm::line_join pass;
    pass.opts.restore_role_space = false;
    const auto off = run("本报讯 （记者 马超 通讯员\n李义康） 近日， 工会捐赠物资。\n", pass);
    CHECK(off.blocks.at(0).text == "本报讯 （记者 马超 通讯员李义康） 近日， 工会捐赠物资。");
}

TEST_CASE("line_join: no space is restored after a role word that opens the text after a byline") {
    const auto doc = run("本报讯 （记者 周美玉 ）  记者\n近日从北辰集团工会了解到，为做\n好服务工作，工会开展了活动。\n");
    REQUIRE(doc.blocks.size() == 1);
    CHECK(doc.blocks[0].text == "本报讯 （记者 周美玉 ）  记者近日从北辰集团工会了解到，为做好服务工作，工会开展了活动。");
    // A role after another field still takes its name across the wrap.
    const auto field = run("本报讯 （记者 马超 通讯员\n李义康） 近日， 工会捐赠物资。\n");
    CHECK(field.blocks.at(0).text == "本报讯 （记者 马超 通讯员 李义康） 近日， 工会捐赠物资。");
}

TEST_CASE("line_join: Latin words wrapped inside CJK text keep one space") {
    const auto doc = run(column(body1, 14) + "据悉，该项目由区总工会主办，\n北京外国语大学的访问团来自New\nYork， 并使用N95口罩开展防护。\n");
    REQUIRE(doc.blocks.size() == 2);
    CHECK(doc.blocks[1].text == "据悉，该项目由区总工会主办，北京外国语大学的访问团来自New York， 并使用N95口罩开展防护。");
}

TEST_CASE("line_join: a run of capitals set solid in CJK text and cut by a wrap is joined whole") {
    const auto doc = run(column(body1, 14) + "据悉，活动通过12351A\nPP网络预约，卡拉O\nK大赛同期举办，并使用N95口罩。\n");
    REQUIRE(doc.blocks.size() == 2);
    CHECK(doc.blocks[1].text == "据悉，活动通过12351APP网络预约，卡拉OK大赛同期举办，并使用N95口罩。");
    // Not a cut token: a lower-case word, a word set apart by a space, Latin prose.
    CHECK(zhnorm::detail::wrap_separator("来自New", "York，") == " ");
    CHECK(zhnorm::detail::wrap_separator("使用 APP", "WEB 版") == " ");
    CHECK(zhnorm::detail::wrap_separator("THE NEW", "YORK TIMES") == " ");
    CHECK(zhnorm::detail::wrap_separator("通过12351A", "PP网络") == "");
}

TEST_CASE("line_join: English prose wrapped at 72 columns keeps its paragraphs and every character") {
    const std::string text =
        "The union opened a new service center for delivery workers on Monday,\n"
        "offering free tea, phone charging and a place to rest during the cold\n"
        "winter months.\n"
        "\n"
        "Officials said the center is the first of twenty planned for the\n"
        "district this year. Each will be staffed by volunteers and open from\n"
        "seven in the morning until late at night.\n";
    const auto doc = run(text);
    REQUIRE(doc.blocks.size() == 2);
    CHECK(doc.blocks[0].text ==
          "The union opened a new service center for delivery workers on Monday, offering free tea, phone charging "
          "and a place to rest during the cold winter months.");
    CHECK(doc.blocks[1].text ==
          "Officials said the center is the first of twenty planned for the district this year. Each will be staffed "
          "by volunteers and open from seven in the morning until late at night.");
    for (const auto& b : doc.blocks) CHECK(b.kind == block_kind::paragraph);
}

TEST_CASE("line_join: English lines without blank lines join unless a sentence ended with room to spare") {
    const auto doc = run("A short line.\nThe next paragraph starts here and runs on for a while before it\nwraps.\n");
    REQUIRE(doc.blocks.size() == 2);
    CHECK(doc.blocks[0].text == "A short line.");
}

TEST_CASE("line_join: the blank-line rule of Latin text can be switched off") {
    zhnorm::line_join pass;
    pass.opts.latin_blank_breaks = false;
    const auto doc = run("The union opened a new service center for delivery workers on\n\nMonday morning.\n", pass);
    REQUIRE(doc.blocks.size() == 1);
    CHECK(doc.blocks[0].text == "The union opened a new service center for delivery workers on Monday morning.");
    CHECK(run("The union opened a new service center for delivery workers on\n\nMonday morning.\n").blocks.size() == 2);
}

TEST_CASE("line_join: a hyphen at a wrap after a letter rejoins the word and keeps the hyphen") {
    const auto doc = run("The well-\nknown union leader spoke to the workers about their long-\nterm plans.\n");
    REQUIRE(doc.blocks.size() == 1);
    CHECK(doc.blocks[0].text == "The well-known union leader spoke to the workers about their long-term plans.");
}

TEST_CASE("line_join: a dash at a wrap is not a hyphen and keeps its space") {
    CHECK(zhnorm::detail::wrap_separator("the workers --", "all of them") == " ");
    CHECK(zhnorm::detail::wrap_separator("the workers -", "all of them") == " ");
    CHECK(zhnorm::detail::wrap_separator("long-", "term") == "");
}

TEST_CASE("line_join: CRLF line ends join like LF") {
    const std::string lf = column(body1, 14) + column(body2, 14);
    std::string crlf;
    for (char c : lf) {
        if (c == '\n') crlf += '\r';
        crlf += c;
    }
    CHECK(shape(run(crlf)) == shape(run(lf)));
}

TEST_CASE("line_join: a hard break ends the paragraph") {
    const auto doc = run("本报讯 （记者 马超） 近日，区总工\f会举办了职工健康服务月活动。\n");
    REQUIRE(doc.blocks.size() == 2);
    CHECK(doc.blocks[0].text == "本报讯 （记者 马超） 近日，区总工");
}

// --- bookkeeping -------------------------------------------------------------------------------

TEST_CASE("line_join: blocks record the source byte range of their lines") {
    const std::string text = "区总工会举办职工健康服务月活动\n\n本报讯 （记者 马超） 1月20\n日，天空中飘着雪花。\n";
    const auto doc = run(text);
    REQUIRE(doc.blocks.size() == 2);
    CHECK(doc.blocks[0].source == zhnorm::source_range{0, 45});
    CHECK(doc.blocks[1].source.begin == 47);
    CHECK(doc.blocks[1].source.end == text.size() - 1);
    CHECK(doc.has_blocks());
}

TEST_CASE("line_join: each join is counted, and recorded with the bytes it replaced") {
    const auto doc = run("本报讯 （记者 马超 通讯员\n\n李义康） 1月20\n日，天空中飘着雪花。\n", {}, true);
    CHECK(doc.count_of("line_join") == 2);
    REQUIRE(doc.edits.size() == 2);
    CHECK(doc.edits[0].rule == "restore_role_space");
    CHECK(doc.edits[0].before == "\n\n");
    CHECK(doc.edits[0].after == " ");
    CHECK(doc.edits[1].rule == "join_wrap");
    CHECK(doc.edits[1].before == "\n");
    CHECK(doc.edits[1].after == "");
    const auto quiet = run("本报讯 （记者 马超） 1月20\n日，天空中飘着雪花。\n");
    CHECK(quiet.edits.empty());
    CHECK(quiet.count_of("line_join") == 1);
}

TEST_CASE("line_join: a document that already has blocks is left alone") {
    auto doc = zhnorm::load("第一行\n第二行\n");
    doc.materialize_blocks();
    zhnorm::line_join{}(doc);
    CHECK(doc.blocks.size() == 2);
}

TEST_CASE("line_join: empty, blank and huge inputs") {
    CHECK(run("").blocks.empty());
    CHECK(run("\n\n  \n").blocks.empty());
    std::string big;
    for (int i = 0; i < 2000; ++i) big += column(body1, 14) + column(body2, 14) + "区总工会举办职工健康服务月活动百家企业职工受益\n";
    const auto doc = run(big);
    CHECK(doc.blocks.size() == 6000);
}

TEST_CASE("line_join keeps a credit led by a kind word and a colon or slash on its own") {
    // The colon or slash would otherwise read as sentence punctuation and glue the credit to the caption.
    for (const char* credit : {"摄影：张三", "文/本报记者 李四", "■本报记者 王五"}) {
        CAPTURE(credit);
        const std::string page = std::string("区总工会近日为一线职工送去慰问\n品，让他们感受到工会组织的温暖\n") + credit +
                                 "\n新就业形态劳动者服务站点\n建设工作持续推进，覆盖面不断扩\n大，服务质量稳步提升。\n";
        const auto doc = zhnorm::normalize(page);
        REQUIRE(doc.blocks.size() >= 2);
        CHECK(doc.blocks[0].text == "区总工会近日为一线职工送去慰问品，让他们感受到工会组织的温暖");
        CHECK(doc.blocks[1].kind == zhnorm::block_kind::credit);
        CHECK(doc.blocks[1].text == credit);
    }
}

TEST_CASE("line_join does not take a sentence opening with a kind word and a colon for a credit") {
    const std::string page = "文：近日，区总工会为一线职工\n送去慰问品，让他们感受到温暖。\n";
    const auto doc = zhnorm::normalize(page);
    REQUIRE(doc.blocks.size() == 1);
    CHECK(doc.blocks[0].kind == zhnorm::block_kind::paragraph);
}

// measure_line with text readable after the line (as in a page: the masked walk where it applies)
// field by field against the exact walk.
static void check_fast_walk_agrees(const std::string& l) {
    const std::string buffer = l + std::string(80, 'x');
    zhnorm::detail::line_metrics fast;
    measure_line(std::string_view(buffer.data(), l.size()), fast, buffer.data() + buffer.size());
    const auto exact = measure_line(l);
    CAPTURE(l);
    CHECK(fast.width == exact.width);
    CHECK(fast.first_word == exact.first_word);
    CHECK(fast.indent == exact.indent);
    CHECK(fast.flags == exact.flags);
}

TEST_CASE("measure_line with room to read past the line measures as the exact walk does") {
    // The fast path (a line of at most 64 bytes in a buffer with 64 readable bytes after its start)
    // must agree with the exact walk field by field, on every line shape it takes.
    const std::vector<std::string> lines = {
        "书屋夜里也能借书了。记者日前",
        "从西城区文化和旅游局获悉 ， 该",
        "点 “夜读服务”， 开放时间延长",
        "  本报讯 （记者 林晓舟） 社区",
        "　职工 Wi-Fi和智能门禁等设施， 确保",
        "（记者 白莹） 2021年12月31日,在北京",
        "造，在全市推广。”",
        "本报记者 崔欣 通讯员 宋雅欣 摄影报道",
        "…的温暖。 本报记者 于佳 摄",
        "The reading room opens until ten at night, and",
        "1,200 readers (see p. 3); is it safe? Yes!",
        "《工会》【通知】〔2022〕——·～ ！？",
        "一二三四五六七八九十一二三四五六七八九十一二",  // 66 bytes: the exact walk
        "一二三四五六七八九十一二三四五六七八九十一",    // 63 bytes
        "\xC2\xA0职工\xC2\xA0 ，工会\xE3\x80\x80",
        // ASCII runs after CJK text: the first byte by byte, the next ones from the line's masks.
        "在32个街道，Wi-Fi和智能门禁 8 p.m.开放",
        "共300册图书",
        "32个街道",
        "记者A 记者b1 2022年",
        "职工1,200人 (see p. 3); OK",
    };
    for (const auto& l : lines) check_fast_walk_agrees(l);
}

TEST_CASE("measure_line's masked walk agrees with the exact walk on marks in random order") {
    // The masked walk takes every mark's effects from one table; the exact walk decides by kind.
    // Every three-byte sequence under the punctuation lead pairs, with Han, spaces and ASCII
    // brackets, in random order and at random depths.
    std::vector<std::string> pieces = {"工", "会", " ", "\xE3\x80\x80", "(", ")", "a", "1", ",", "\xC2\xA0"};
    for (const char* lead : {"\xE3\x80", "\xEF\xBC", "\xEF\xBD", "\xE2\x80"})
        for (int b2 = 0x80; b2 <= 0xBF; ++b2) pieces.push_back(std::string(lead) + static_cast<char>(b2));
    std::uint32_t seed = 12345;
    auto next = [&] {
        seed = seed * 1664525u + 1013904223u;
        return seed >> 8;
    };
    for (int n = 0; n < 4000; ++n) {
        std::string l;
        const std::size_t chars = 1 + next() % 20;
        while (l.size() < 64) {
            const std::string& piece = pieces[next() % pieces.size()];
            if (l.size() + piece.size() > 64 || l.size() / 3 >= chars) break;
            l += piece;
        }
        if (l.empty()) continue;
        check_fast_walk_agrees(l);
    }
}

TEST_CASE("measure_line's masked walk agrees with the exact walk on runs of marks with no space between") {
    // A run of marks is walked in a loop of its own that stops at the first character that is no
    // mark: Han, kana, full-width letters and digits, U+3000, the two-byte `·`, ASCII, a line end.
    const std::vector<std::string> marks = {"，", "。", "、", "；", "：", "？", "！", "“", "”", "‘", "’", "（", "）",
                                            "《", "》", "【", "】", "…", "—", "～", "［", "］", "｛", "｝", "．"};
    const std::vector<std::string> others = {"工", "あ", "ア", "０", "Ａ", "\xE3\x80\x80", "·", " ", "(", "a", "\xEF\xBD\xA1",
                                             "\xE2\x80\x8B", "\xF0\xA0\x80\x80"};
    std::uint32_t seed = 777;
    auto next = [&] {
        seed = seed * 1664525u + 1013904223u;
        return seed >> 8;
    };
    for (int n = 0; n < 4000; ++n) {
        std::string l;
        const std::size_t limit = 3 + next() % 62;
        for (;;) {
            const std::string& piece = next() % 6 == 0 ? others[next() % others.size()] : marks[next() % marks.size()];
            if (l.size() + piece.size() > limit) break;
            l += piece;
        }
        if (l.empty()) continue;
        check_fast_walk_agrees(l);
    }
    // Marks only, up to the 64 bytes the masked walk takes, with the bracket window's edge inside.
    for (std::size_t k = 1; k <= 21; ++k) {
        std::string l;
        for (std::size_t i = 0; i < k; ++i) l += marks[(i * 7 + k) % marks.size()];
        check_fast_walk_agrees(l);
        check_fast_walk_agrees("（" + l);
        check_fast_walk_agrees(l.substr(0, l.size() - 3) + "（");
    }
}

TEST_CASE("measure_line's ASCII masks measure an all-ASCII line as the exact walk does") {
    // A line of ASCII only is measured from bit masks and a walk over its marks: words, runs of
    // blanks (tabs, \v, \f, several in a row, at the ends), commas after a space (stretch), digits
    // around `,` and `:`, brackets at any depth and closed at depth 0, `!?` inside brackets, `/`,
    // control characters, the 56-byte bracket window; bytes after the line of every kind.
    const std::vector<std::string> pieces = {"the", "Wi-Fi", "1,200", "p.", "3);", "(see", "[a]", ")", "]", "(",
                                             " ", " ", " ", "  ", "\t", "\v", "\f", ",", ";", ":", "!", "?", ".",
                                             "/", "\r", "\"", "'", "8:30", "2", "x", "A", "-", "#", "\x7F", "\x01"};
    std::uint32_t seed = 4242;
    auto next = [&] {
        seed = seed * 1664525u + 1013904223u;
        return seed >> 8;
    };
    for (int n = 0; n < 6000; ++n) {
        std::string l;
        const std::size_t limit = 1 + next() % 64;
        for (;;) {
            const std::string& piece = pieces[next() % pieces.size()];
            if (l.size() + piece.size() > limit) break;
            l += piece;
        }
        if (l.empty()) continue;
        for (const char pad : {'x', ' ', ',', '\xE4', '\x80'}) {
            const std::string buffer = l + std::string(80, pad);
            zhnorm::detail::line_metrics fast;
            measure_line(std::string_view(buffer.data(), l.size()), fast, buffer.data() + buffer.size());
            const auto exact = measure_line(l);
            CAPTURE(l);
            CAPTURE(static_cast<int>(static_cast<unsigned char>(pad)));
            CHECK(fast.width == exact.width);
            CHECK(fast.first_word == exact.first_word);
            CHECK(fast.indent == exact.indent);
            CHECK(fast.flags == exact.flags);
        }
    }
    // The fixed shapes: the bench's English lines, all blanks, one character, a bracket past the window.
    for (const std::string& l : std::vector<std::string>{"The reading room opens until ten at night, and residents borrow",
                                "books from the public library. A pilot covers 32 streets (see",
                                "   \t ", "a", "(", "x ,y", "a  ,  b", std::string(60, 'a') + " (b",
                                std::string(55, 'a') + "(b", "1 , 2 : 3", "(a, b)! c?", "a) b, c; d: e"})
        check_fast_walk_agrees(l);
}

TEST_CASE("line metrics: the credit lead test by the whole first byte agrees with the test by its low bits") {
    // credit_lead_at() looks the first byte up whole (credit_lead_by_byte); the definition is
    // credit_lead_bits by the low four bits of a lead byte E0..EF, the bit of the second byte's low six.
    for (unsigned c = 0; c < 256; ++c)
        for (unsigned c1 = 0; c1 < 256; ++c1) {
            const bool want = (c & 0xF0u) == 0xE0u && ((zhnorm::detail::credit_lead_bits[c & 15u] >> (c1 & 63u)) & 1u) != 0;
            const char s[3] = {static_cast<char>(c), static_cast<char>(c1), 'x'};
            CAPTURE(c);
            CAPTURE(c1);
            if (zhnorm::detail::credit_lead_at(std::string_view(s, 3), 0) != want) CHECK(false);
        }
}

TEST_CASE("line metrics: whether a credit's lead may open the line is kept as the byte test answers it") {
    // Every path of measure_line: the short Han-only line, the masked walk (with and without white
    // space to trim), the exact walk (long lines, no room to read past the line).
    const std::vector<std::string> heads = {"摄影", "摄", "文", "图", "图文", "\xE2\x80\xA2", "\xE2\x80\x94", "新华社", "本报",
                                            "职工", "a", "1", "（", "(", "“"};
    const std::vector<std::string> leads = {"", " ", "  ", "\t", "\xE3\x80\x80", "\xC2\xA0", " \t"};
    const std::vector<std::string> tails = {"", "：张三", "/本报记者 张三", " 张三 摄", "张三李四王五", "，工会",
                                            "工会职工服务中心工会职工服务中心工会职工服务中心", " ab"};
    for (const auto& lead : leads)
        for (const auto& head : heads)
            for (const auto& tail : tails) {
                const std::string l = lead + head + tail;
                CAPTURE(l);
                const bool want = zhnorm::detail::may_have_credit_lead(l);
                CHECK(measure_line(l).is(line_metrics::credit_lead) == want);
                const std::string buffer = l + std::string(80, 'x');
                zhnorm::detail::line_metrics fast;
                measure_line(std::string_view(buffer.data(), l.size()), fast, buffer.data() + buffer.size());
                CHECK(fast.is(line_metrics::credit_lead) == want);
            }
    CHECK(zhnorm::detail::may_have_credit_lead("  摄影：张三"));
    CHECK(zhnorm::detail::may_have_credit_lead("\xE2\x80\xA2 张三"));
    CHECK_FALSE(zhnorm::detail::may_have_credit_lead("\t摄影：张三"));  // only spaces are skipped
    CHECK_FALSE(zhnorm::detail::may_have_credit_lead("职工摄影"));
    CHECK(zhnorm::detail::may_have_credit_lead("（新华社记者 李贺 摄）"));
}

TEST_CASE("line_join: a refilled document (per-line tables in reused scratch memory) gives what a fresh one does") {
    // A long page first, so the scratch memory holds its tables when the shorter pages follow.
    const std::string pages[] = {
        column(body1, 11) + column(body2, 11) + column(body3, 11) + "\n区总工会举办职工健康服务月活动\n\n" +
            column(body3, 16) + column(body1, 16) + column(body2, 16),
        "区总工会启动职工健康服务月活动\n\n百家企业职工享受免费体检\n\n" + column(body1, 14) + column(body2, 14),
        column(body2, 14) + "\n本报记者 于佳 摄\n",
        "",
    };
    zhnorm::document doc;
    for (const auto& page : pages) {
        doc.clear();
        zhnorm::load(page, doc);
        zhnorm::collapse_doubled{}(doc);
        zhnorm::line_join{}(doc);
        CHECK(shape(doc) == shape(run(page)));
    }
}

namespace {

// Every block (kind, repeat, source, text) and every edit, one string: what line_join's fast paths
// must leave exactly as its general decisions make them.
std::string dump_join(std::string_view page, bool fast, bool record) {
    zhnorm::detail::line_join_fast_paths = fast;
    const auto doc = run(page, {}, record);
    zhnorm::detail::line_join_fast_paths = true;
    std::string out;
    for (const auto& b : doc.blocks)
        out += std::to_string(static_cast<int>(b.kind)) + " " + std::to_string(b.repeat) + " " +
               std::to_string(b.source.begin) + "-" + std::to_string(b.source.end) + " " + std::string(b.text) + "\n";
    for (const auto& e : doc.edits)
        out += std::string(e.rule) + " " + std::to_string(e.source.begin) + "-" + std::to_string(e.source.end) + " [" +
               e.before + "] [" + e.after + "]\n";
    return out;
}

// Random pages of many shapes: paragraphs set in columns 11 to 16 ems wide (indents, justification
// spaces, quotes, digits, Latin words), headlines narrow and wide, credits alone and wrapped after a
// caption's last sentence, roles split from names, datelines, collapsed doubled lines, Latin prose,
// short lines between blank lines, edge spaces, hard breaks.
std::string random_page(std::uint32_t seed) {
    std::uint32_t x = seed * 2654435761u + 1;
    auto next = [&] { x = x * 1664525u + 1013904223u; return x >> 8; };
    const std::vector<std::string> han = {"职", "工", "服", "务", "中", "心", "北", "京", "市", "总", "会", "今",
                                          "年", "将", "在", "全", "范", "围", "内", "开", "展", "建", "设", "评"};
    const std::vector<std::string> marks = {"，", "。", "、", "；", "：", "！", "？", "“", "”", "（", "）", "《", "》", "…",
                                            "—", " ，", "2022", "APP", " ", "　", "·"};
    auto text = [&](std::size_t chars, bool punct) {
        std::string s;
        for (std::size_t k = 0; k < chars; ++k)
            s += punct && next() % 6 == 0 ? marks[next() % marks.size()] : han[next() % han.size()];
        return s;
    };
    std::string page;
    const std::uint32_t col = 11 + next() % 6;
    const int blocks = 3 + static_cast<int>(next() % 25);
    for (int b = 0; b < blocks; ++b) {
        switch (next() % 14) {
        case 0: case 1: case 2: case 3: {  // a paragraph in the column
            std::string para = text(10 + next() % 80, true) + (next() % 4 ? "。" : "");
            if (next() % 3 == 0) para += text(5 + next() % 30, true) + "。";
            page += column(para, static_cast<int>(next() % 5 == 0 ? col + 4 : col), next() % 4 != 0);
            break;
        }
        case 4: page += text(3 + next() % (2 * col), false) + "\n"; break;  // a headline, narrow or wide
        case 5: page += text(3 + next() % 12, false) + "，" + text(3 + next() % 12, false) + "\n"; break;
        case 6: page += std::vector<std::string>{"本报记者 张三 摄\n", "新华社记者 李四 王五 摄\n", "摄影：王五\n",
                                                 "文/本报记者 张三\n", "通讯员 李义康\n"}[next() % 5];
                break;
        case 7: page += text(8 + next() % 10, false) +  // a wrapped credit
                        std::vector<std::string>{"。新华社记者\n权飞佳 摄\n", "。本报记者 张三\n摄\n", "。本报记者 张三 李四\n摄\n",
                                                 "。新华社记者 权飞佳\n摄\n", "。本报记者\n张三\n"}[next() % 5];
                break;
        case 8: page += "本报讯（记者" + text(2, false) + " 通讯员\n" + text(3, false) + "）" + text(12, true) + "\n"; break;
        case 9: {  // a collapsed doubled line
            std::string d;
            for (std::size_t k = 0, n = 3 + next() % 6; k < n; ++k) { const auto& c = han[next() % han.size()]; d += c + c; }
            page += d + "\n";
            break;
        }
        case 10: page += next() % 2 ? "The quick brown fox jumps over\nthe lazy dog. It ran\naway home.\n"
                                    : "The fox was\ntired and ran all the way home.\nThen it slept.\n";
                 break;
        case 11: for (std::size_t k = 0, n = 2 + next() % 20; k < n; ++k) page += text(1 + next() % 3, true) + "\n\n"; break;
        case 12: page += (next() % 2 ? "  " : "　") + text(5 + next() % 10, true) + (next() % 2 ? " \n" : "　\n"); break;
        default: page += next() % 2 ? "\f" : "\n"; break;
        }
        for (std::uint32_t k = next() % 4; k > 1; --k) page += "\n";
    }
    return page;
}

} // namespace

TEST_CASE("line_join: the fast join of an open paragraph's lines decides as the general decision does") {
    int pages = 0;
    for (std::uint32_t seed = 0; seed < 1500; ++seed) {
        const std::string page = random_page(seed);
        CAPTURE(page);
        for (const bool record : {false, true}) {
            const std::string general = dump_join(page, false, record);
            REQUIRE(dump_join(page, true, record) == general);
        }
        ++pages;
    }
    CHECK(pages == 1500);
}

TEST_CASE("line_join: without a column the run of plain lines after a wide line joins as the general decision does") {
    // Pages of short lines no column is estimated from (few sentences), as in a list of words or
    // a table's cells: once a paragraph is open every line is wider than the (missing) column, and
    // join_plain() takes its plain lines. Blank lines, hard breaks, sentence ends, credits whole
    // and wrapped after a sentence, spaces between words, Latin words, doubled lines and lines
    // that start with a comma (a wrapped sentence's tail opens a paragraph) in between.
    zhnorm::testing::xorshift rng(0x6A6F696E);
    const std::vector<std::string> han = {"职", "工", "一", "务", "中", "心", "北", "京", "市", "总", "会", "员",
                                          "者", "将", "在", "全", "范", "围", "内", "开", "展", "建", "设", "评"};
    const std::vector<std::string> other = {"，", "，", "、", "（", "）", "。", "；", " ", "　", "APP", "2022", "：",
                                            "。新华社记者", "。本报记者 张三", "本报记者 张三 摄", "摄", "李四 摄",
                                            "\f", "", "", "职职工工", "The fox", "“", "”"};
    int joined = 0;
    for (int page_no = 0; page_no < 600; ++page_no) {
        std::string page;
        for (std::size_t l = 0, lines = 4 + rng.below(60); l < lines; ++l) {
            std::string row;
            if (rng.below(5) == 0) row += "，";
            for (std::size_t k = 0, chars = 1 + rng.below(6); k < chars; ++k)
                row += rng.below(5) == 0 ? other[rng.below(other.size())] : han[rng.below(han.size())];
            page += row + (rng.below(3) == 0 ? "\n\n" : "\n");
        }
        CAPTURE(page);
        for (const bool record : {false, true}) REQUIRE(dump_join(page, true, record) == dump_join(page, false, record));
        for (const auto& b : run(page).blocks)
            joined += b.kind == zhnorm::block_kind::paragraph &&
                      page.substr(b.source.begin, b.source.end - b.source.begin).find('\n') != std::string::npos;
    }
    CHECK(joined > 300);  // paragraphs of several lines were joined
}

TEST_CASE("join: a line copied by the inline copy is what memcpy copies, and nothing around it is written") {
    std::string src;
    for (int k = 0; k < 100; ++k) src += static_cast<char>('A' + k % 50);
    for (std::size_t k = 0; k <= 90; ++k) {
        CAPTURE(k);
        std::string dst(120, '#');
        zhnorm::detail::copy_line(dst.data() + 7, src.data() + 3, k);
        REQUIRE(dst == std::string(7, '#') + src.substr(3, k) + std::string(120 - 7 - k, '#'));
    }
}

TEST_CASE("line_join: wraps joined from their edge bytes alone join as the general join does") {
    // Every pair of a line's last characters and the next line's first ones that trimming, an
    // ASCII separator or a restored role space may touch, inside a paragraph of the column: the
    // fast copy (edge bytes unmarked) must give the blocks and edits of the general join.
    const std::vector<std::string> ends = {"", " ", "　", "\u00a0", "  　", "记者", "（记者", " 通讯员", "实习生", "摄影",
                                           "2022", "APP", "well-", " -", "。", "、", "一", "生", "员", "影"};
    const std::vector<std::string> starts = {"", " ", "　", "\u00a0", "李义康", "王", "2022", "APP", "known", "「",
                                             "《", "、", "(", "\"", "一", "\u00e9t\u00e9"};
    const std::string lines = column(body1, 14);
    std::vector<std::string> rows;
    for (std::size_t p = 0, q; (q = lines.find('\n', p)) != std::string::npos; p = q + 1) rows.push_back(lines.substr(p, q - p));
    REQUIRE(rows.size() >= 4);
    int touched = 0;
    for (const auto& e : ends)
        for (const auto& s : starts)
            for (std::size_t at : {std::size_t{0}, std::size_t{1}}) {  // the first line's wrap, a later one
                std::string page;
                for (std::size_t r = 0; r < rows.size(); ++r) {
                    std::string row = rows[r];
                    if (r == at) row += e;
                    if (r == at + 1) row = s + row;
                    page += row + "\n";
                }
                CAPTURE(page);
                for (const bool record : {false, true}) REQUIRE(dump_join(page, true, record) == dump_join(page, false, record));
                const auto doc = run(page);
                for (const auto& b : doc.blocks) touched += b.text.find(e + s) != std::string_view::npos && !(e + s).empty();
            }
    CHECK(touched > 100);  // the wraps were joined inside paragraphs, not split off
    // What the fast copy must not swallow: the space a role lost, the space between Latin words,
    // the edge spaces trimmed.
    const auto doc = run("本报讯（记者 马超 通讯员\n李义康）近日，区总工会举办职工健康服务月活动，为一线职工提供免费体检。\n");
    REQUIRE(!doc.blocks.empty());
    CHECK(doc.blocks[0].text.find("通讯员 李义康") != std::string_view::npos);
}

TEST_CASE("looks_like_credit: a reused parse gives the answer of a fresh one, whatever it parsed before") {
    // line_join parses every candidate credit line into one scratch parse: tokens left from a
    // longer credit before must not change the answer for the next line.
    const std::vector<std::string> lines = {
        "本报记者 崔欣 通讯员 宋雅欣 摄影报道", "本报记者 崔欣", "本报记者", "通讯员 宋雅欣 摄影报道", "记者 王",
        "本报记者 彭程 摄", "本报记者 摄", "新华社记者 李贺 摄", "本报记者崔欣", "本报记者 王 芳 摄", "通讯员李义康 摄",
        "本报记者 崔欣 摄 通讯员 宋雅欣", "■本报记者 张三", "文/本报记者 张三", "摄影：王五", "文/图 本报记者 王五",
        " 通讯员 王欣 摄 ", "在京过大年 一起向未来", "", "本报记者 于佳摄", "新华社记者 李四 王五 摄"};
    int credits = 0;
    for (int pass = 0; pass < 2; ++pass) {
        zhnorm::detail::credit_parse scratch;
        for (std::size_t k = 0; k < lines.size(); ++k) {
            const std::string& s = lines[pass == 0 ? k : lines.size() - 1 - k];
            CAPTURE(s);
            const bool fresh = zhnorm::detail::looks_like_credit(s);
            CHECK(zhnorm::detail::looks_like_credit(s, scratch) == fresh);
            credits += fresh ? 1 : 0;
        }
    }
    CHECK(credits >= 20);  // both kinds of answer were compared
    CHECK(credits <= 34);
}

TEST_CASE("line_join: the run of plain lines joined with fewer tests stops where the general decision must look") {
    // Inside an open paragraph: a hard break after a line, a collapsed line, a line wider than the
    // column, a credit's characters after a sentence, a line with a space between words (a possible
    // credit), a Latin line, blank lines, and a column that changes width: each where join_plain()
    // must stop and leave the line to join_open()'s general tests.
    const std::string a = column(body1, 14), b = column(body2, 14), c = column(body3, 12);
    auto split = [](const std::string& s) {
        std::vector<std::string> rows;
        for (std::size_t p = 0, q; (q = s.find('\n', p)) != std::string::npos; p = q + 1) rows.push_back(s.substr(p, q - p));
        return rows;
    };
    const auto rows = split(a);
    REQUIRE(rows.size() >= 5);
    const std::vector<std::string> inserts = {"\f",        "\n",         "\n\n",        "职职工工服服务务中中心心",
                                              "区总工会在科技园区举办职工健康服务月启动仪式一百余家企业参加",
                                              "活动结束。新华社记者", "本报记者 张三", "张三 李四", "The quick brown fox",
                                              "权飞佳 摄",  "■本报记者 张三", "二", "活动结束。新华社记者\n权飞佳摄",
                                              "区总工会举办的活动结束。新华社记者\n权飞佳摄", "区总工会举办活动结束。新华社记者\n权飞佳摄",
                                              "总工会举办活动结束。本报记者\n张三摄", "总工会举办活动结束。本报记者 张三\n李四",
                                              "举办活动结束。新华社记者 李贺\n王五", "活动结束。本报记者 张三 通讯员\n李四",
                                              "区总工会举办的活动结束。本报记者 张三 通讯员\n李四",
                                              "活动结束。本报记者\n张三", "@\f", "@\u2029", "@\u2028"};
    int pages = 0;
    for (const auto& ins : inserts)
        for (std::size_t at = 1; at + 1 < rows.size(); ++at) {
            std::string page;
            for (std::size_t r = 0; r < rows.size(); ++r) {
                if (r == at && ins[0] == '@') {  // a line end other than LF right after the row
                    page += rows[r] + ins.substr(1);
                    continue;
                }
                page += rows[r] + "\n";
                if (r == at) page += ins + (ins.back() == '\n' || ins == "\f" ? "" : "\n");
            }
            page += b + c;
            CAPTURE(page);
            for (const bool record : {false, true}) REQUIRE(dump_join(page, true, record) == dump_join(page, false, record));
            ++pages;
        }
    CHECK(pages == static_cast<int>(inserts.size() * (rows.size() - 2)));
    // Blank lines between all the rows (passed over inside the run), one of them a hard break.
    for (std::size_t at = 0; at <= rows.size(); ++at) {
        std::string page;
        for (std::size_t r = 0; r < rows.size(); ++r) page += rows[r] + (r == at ? "\n\f\n" : "\n\n");
        page += b;
        CAPTURE(page);
        for (const bool record : {false, true}) REQUIRE(dump_join(page, true, record) == dump_join(page, false, record));
    }
}

TEST_CASE("join: the two-byte pretest of a wrapped word's tail never turns away a line fragment_start takes") {
    // Every prefix of white space, first character, white space after it and character after that:
    // where fragment_start() answers true, may_be_fragment_start() must too; and it turns away
    // most lines (else it saves nothing).
    const std::vector<std::string> pre = {"", " ", "\t", "\v", "\f", "　", "\u00a0", "  ", "　 "};
    const std::vector<std::string> first = {"造", "一", "ア", "가", "a", "1", "，", "（", "“", "𠀀", "豈", "", "\r"};
    const std::vector<std::string> gap = {"", " ", "　", "\u00a0", "\t", " 　"};
    const std::vector<std::string> next = {"，", "；", ",", ";", "。", "工", "a", "", "：", "、", "\u00a0", "\xEF\xBC"};
    const std::vector<std::string> tail = {"", "在", " ", "　", "在路上，"};
    int takes = 0, turned_away = 0, lines = 0;
    for (const auto& p : pre)
        for (const auto& f : first)
            for (const auto& g : gap)
                for (const auto& n : next)
                    for (const auto& t : tail) {
                        const std::string s = p + f + g + n + t;
                        CAPTURE(s);
                        const bool exact = zhnorm::detail::fragment_start(s);
                        const bool may = zhnorm::detail::may_be_fragment_start(s);
                        if (exact) REQUIRE(may);
                        takes += exact;
                        turned_away += !may;
                        ++lines;
                    }
    CHECK(takes > 100);
    CHECK(turned_away > 1000);  // (most of the combinations have white space the pretest leaves alone)
    CHECK_FALSE(zhnorm::detail::may_be_fragment_start("职工"));
    CHECK_FALSE(zhnorm::detail::may_be_fragment_start("北辰集团工会经过精心打"));
    CHECK(zhnorm::detail::may_be_fragment_start("造，在园区"));
}

TEST_CASE("line_join: a line whose last byte only may end a role is copied as the general join copies it") {
    // Lines ending in characters whose last byte is marked (a role's last byte, or white space the
    // general code trims) on every row, or on every other row, with the next rows starting with
    // CJK text, a name after a role, ASCII and white space: fast and general joins agree.
    const std::vector<std::string> ends = {"者", "员", "生", "影", "摄影", "记者", "通讯员", "长", "二", " ", "　", "\u00a0", "A"};
    int marked = 0;
    for (const auto& e : ends)
        marked += (zhnorm::detail::join_edge_slow[static_cast<unsigned char>(e.back())] & 2) != 0;
    REQUIRE(marked >= 9);  // most ends take the general wrap after them (the others for contrast)
    const std::string lines = column(body2, 13);
    std::vector<std::string> rows;
    for (std::size_t p = 0, q; (q = lines.find('\n', p)) != std::string::npos; p = q + 1) rows.push_back(lines.substr(p, q - p));
    REQUIRE(rows.size() >= 4);
    const std::vector<std::string> starts = {"", "李义康", "APP", " ", "　"};
    for (const auto& e : ends)
        for (const auto& s : starts)
            for (std::size_t every : {std::size_t{1}, std::size_t{2}}) {
                std::string page;
                for (std::size_t r = 0; r < rows.size(); ++r)
                    page += (r % every == 1 ? s : "") + rows[r] + (r % every == 0 && r + 1 < rows.size() ? e : "") + "\n";
                CAPTURE(page);
                for (const bool record : {false, true}) REQUIRE(dump_join(page, true, record) == dump_join(page, false, record));
            }
}

TEST_CASE("role suffix: the longest role a wrapped line ends with is what comparing every role whole finds") {
    using zhnorm::detail::role_detail::longest_role_suffix;
    using zhnorm::detail::role_detail::longest_role_suffix_reference;
    // Every role, alone, after text, after another role, cut short by a byte or a character, and
    // with one of its characters before the last changed (running text that ends like a role).
    const std::vector<std::string> before = {"", "本报讯（", "关平向", "本报", "记者 ", "a", "特约", "本报特约通讯", "\xE8\xAE"};
    std::vector<std::string> texts;
    for (std::string_view role : zhnorm::default_roles)
        for (const std::string& b : before) {
            const std::string r(role);
            texts.push_back(b + r);
            texts.push_back(b + r.substr(1));
            texts.push_back(b + r.substr(0, r.size() - 1));
            texts.push_back(b + r.substr(3));
            std::string other_last = r;  // another last character ending in the same byte
            other_last[r.size() - 2] = static_cast<char>(other_last[r.size() - 2] ^ 1);
            texts.push_back(b + other_last);
            for (std::size_t k = 0; k + 3 < r.size(); k += 3) {
                std::string changed = r;
                changed[k + 2] = static_cast<char>(changed[k + 2] ^ 1);  // another character
                texts.push_back(b + changed);
            }
        }
    std::size_t found = 0;
    for (const std::string& t : texts) {
        CAPTURE(t);
        const std::size_t want = longest_role_suffix_reference(t);
        CHECK(longest_role_suffix(t) == want);
        found += want != 0;
    }
    CHECK(found > texts.size() / 3);  // (most of them do end with a role)
    CHECK(longest_role_suffix("本报特约记者") == std::string_view("本报特约记者").size());
    CHECK(longest_role_suffix("向记者") == std::string_view("记者").size());
    CHECK(longest_role_suffix("记") == 0);
    CHECK(longest_role_suffix("") == 0);
}

#if ZHNORM_AVX2
ZHNORM_TARGET_AVX2 static bool marks_avx2(std::string_view l, line_metrics& m) {
    return zhnorm::detail::line_detail::measure_marks_avx2(l, m);
}
#endif

TEST_CASE("line metrics: a line of marks and Han characters measured from its byte masks measures what the walks measure") {
#if ZHNORM_AVX2
    if (!zhnorm::detail::cpu_has_avx2()) return;
    // The marks of the hostile bench input and kin (brackets, quotes, ellipses, dashes, `、` and the
    // two-byte `·` and `é`), Han characters, then characters the masks must refuse: white space, ASCII,
    // kana, full-width letters, half-width forms, zero-width spaces, U+00A0, beyond the BMP, and
    // every other sequence under the punctuation lead pairs.
    const std::vector<std::string> marks = {"，", "。", "、", "；", "：", "？", "！", "“", "”", "‘", "’", "（", "）",
                                            "《", "》", "【", "】", "…", "—", "·", "～", "［", "］", "｛", "｝", "．",
                                            "「", "」", "〈", "〉", "〔", "〕", "〃", "―", "–", "•", "‧", "é"};
    const std::vector<std::string> han = {"工", "会", "摄", "文", "新", "华", "社", "电", "讯", "龥", "丂"};
    std::vector<std::string> refused = {" ", "\t", "\xE3\x80\x80", "\xC2\xA0", "a", "1", "(", ")", ",", "!", "ア", "あ",
                                        "０", "Ａ", "\xEF\xBD\xA1", "\xE2\x80\x8B", "\xF0\xA0\x80\x80", "한"};
    for (const char* lead : {"\xE3\x80", "\xEF\xBC", "\xEF\xBD", "\xE2\x80"})
        for (int b2 = 0x80; b2 <= 0xBF; ++b2) refused.push_back(std::string(lead) + static_cast<char>(b2));
    zhnorm::testing::xorshift rng(4242);
    const auto next = [&] { return rng.next(); };
    std::size_t taken = 0, with_han = 0, open_end = 0, top = 0, tails = 0;
    for (int n = 0; n < 30000; ++n) {
        const unsigned mode = next() % 4;  // marks only; with Han; with anything; a dateline's head
        std::string l = mode == 3 ? "新华社电（" : "";
        const std::size_t limit = 1 + next() % 64;
        for (;;) {
            const unsigned r = next() % 16;
            const std::string& piece = mode >= 1 && r < 4 ? han[next() % han.size()]
                                       : mode == 2 && r == 4 ? refused[next() % refused.size()]
                                                             : marks[next() % marks.size()];
            if (l.size() + piece.size() > limit) break;
            l += piece;
        }
        if (l.empty() || l.size() > 64) continue;
        CAPTURE(l);
        const std::string buf = l + std::string(66, '\n');
        const std::string_view in = std::string_view(buf).substr(0, l.size());
        line_metrics fast;
        if (!marks_avx2(in, fast)) continue;
        ++taken;
        const line_metrics exact = walked(l);
        line_metrics masked;
        zhnorm::detail::measure_line_sse2(in, masked, buf.data() + buf.size());
        for (const line_metrics& other : {exact, masked}) {
            CHECK(fast.width == other.width);
            CHECK(fast.first_word == other.first_word);
            CHECK(fast.indent == other.indent);
            CHECK(fast.flags == other.flags);
        }
        with_han += fast.is(line_metrics::has_cjk);
        open_end += fast.is(line_metrics::open_at_end);
        top += fast.is(line_metrics::sentence_punct);
        tails += fast.is(line_metrics::credit_tail);
    }
    // The masks took lines of every shape (else the comparisons test nothing).
    CHECK(taken > 15000);
    CHECK(with_han > 3000);
    CHECK(open_end > 3000);
    CHECK(top > 3000);
    CHECK(tails > 1000);
    // Lines with a refused character are left to the walk.
    for (const std::string& r : refused) {
        if (r.size() == 3 && zhnorm::detail::punct::of(static_cast<unsigned char>(r[0]), static_cast<unsigned char>(r[1]),
                                                       static_cast<unsigned char>(r[2])) != zhnorm::detail::punct::none)
            continue;  // (a mark after all)
        for (const std::string& l : {"，" + r + "。", r + "“工”", "《工》" + r}) {
            CAPTURE(l);
            const std::string buf = l + std::string(66, '\n');
            line_metrics m;
            CHECK_FALSE(marks_avx2(std::string_view(buf).substr(0, l.size()), m));
        }
    }
    // A view that ends inside a character (outside the contract: the walk clamps it) is left to the walk.
    for (const std::string& l : {"，。"s, "工·"s, "“工工"s}) {
        const std::string buf = l + std::string(66, '\n');
        for (std::size_t cut = 1; cut < l.size(); ++cut) {
            if ((static_cast<unsigned char>(l[cut]) & 0xC0) != 0x80) continue;  // a whole character
            CAPTURE(l.substr(0, cut));
            line_metrics m;
            CHECK_FALSE(marks_avx2(std::string_view(buf).substr(0, cut), m));
        }
    }
    // A dateline's bracket after its Han head is seen.
    {
        const std::string l = "新华社北京电（“工”）";
        const std::string buf = l + std::string(66, '\n');
        line_metrics m;
        REQUIRE(marks_avx2(std::string_view(buf).substr(0, l.size()), m));
        CHECK(m.is(line_metrics::dateline));
        CHECK(m.flags == walked(l).flags);
    }
#endif
}
