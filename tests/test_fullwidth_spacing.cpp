#include <doctest/doctest.h>

#include <cstdint>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>
#include <zhnorm/load.hpp>
#include <zhnorm/pass.hpp>
#include <zhnorm/passes/collapse_doubled.hpp>
#include <zhnorm/passes/fullwidth_spacing.hpp>
#include "random.hpp"

using namespace std::string_view_literals;

namespace {

std::string fix(std::string_view s, zhnorm::fullwidth_spacing pass = {}) { return pass.apply(s); }

zhnorm::document run(std::string_view text, bool record = false) {
    auto doc = zhnorm::load(text);
    doc.record_edits = record;
    zhnorm::fullwidth_spacing{}(doc);
    return doc;
}

void check_unchanged(std::string_view s) {
    CAPTURE(s);
    CHECK(fix(s) == s);
}

// The edits two scans of one text recorded (AVX2 `got`, the SSE2 or scalar path `want`) agree.
[[maybe_unused]] void check_same_edits(const std::vector<zhnorm::detail::spacing::pending_edit>& got,
                                       const std::vector<zhnorm::detail::spacing::pending_edit>& want) {
    REQUIRE(got.size() == want.size());
    for (std::size_t k = 0; k < want.size(); ++k) {
        CHECK(got[k].begin == want[k].begin);
        CHECK(got[k].end == want[k].end);
        CHECK(got[k].rule == want[k].rule);
        CHECK(got[k].after() == want[k].after());
    }
}

} // namespace

TEST_CASE("fullwidth_spacing is a pass") {
    static_assert(zhnorm::pass<zhnorm::fullwidth_spacing>);
    CHECK(zhnorm::fullwidth_spacing::name == "fullwidth_spacing");
}

TEST_CASE("spaces after full-width punctuation go") {
    CHECK(fix("服务万名副中心一线职工， 评选一批") == "服务万名副中心一线职工，评选一批");
    CHECK(fix("劳模、 工匠、 职工") == "劳模、工匠、职工");
    CHECK(fix("主线；\u3000提升") == "主线；提升");
}

TEST_CASE("spaces before full-width punctuation go") {
    CHECK(fix("记者近日从通州区总工会获悉 ， 该区总工会") == "记者近日从通州区总工会获悉，该区总工会");
    CHECK(fix("予以表彰 。 同时") == "予以表彰。同时");
    CHECK(fix("有限公司 ）") == "有限公司）");
}

TEST_CASE("spaces inside and around quotes go, decided from the neighbours alone") {
    CHECK(fix("在已有的“通武廊 ” 技能竞赛") == "在已有的“通武廊”技能竞赛");
    CHECK(fix("第二届 “通州工匠”。") == "第二届“通州工匠”。");
    CHECK(fix("‘愉快服务 ’‘舒心服务 ’ 城市副中心") == "‘愉快服务’‘舒心服务’城市副中心");
    // A closing quote whose opening one is on another line is fixed the same way.
    CHECK(fix("舒心服务 ” 城市") == "舒心服务”城市");
    CHECK(fix("“ 要让更多行业") == "“要让更多行业");
}

TEST_CASE("a space between two punctuation marks goes (autocorrect keeps it)") {
    CHECK(fix("城市副中心。 ”") == "城市副中心。”");
    CHECK(fix("怎么样 ？ ”") == "怎么样？”");
    CHECK(fix("工会温暖，‘愉快") == "工会温暖，‘愉快");
    CHECK(fix("服务” “舒心") == "服务”“舒心");
}

TEST_CASE("spaces around full-width brackets go") {
    CHECK(fix("本报讯 （记者 赵思远） 未来五年") == "本报讯（记者 赵思远）未来五年");
    CHECK(fix("维达纸业 （北京） 有限公司") == "维达纸业（北京）有限公司");
    CHECK(fix("《 工人日报 》 记者") == "《工人日报》记者");
}

TEST_CASE("spaces between CJK and digits or Latin letters go, none are inserted") {
    CHECK(fix("2022 年") == "2022年");
    CHECK(fix("在 2022 年将以服务") == "在2022年将以服务");
    CHECK(fix("N95 口罩") == "N95口罩");
    CHECK(fix("发放 N95口罩") == "发放N95口罩");
    CHECK(fix("2022年将以") == "2022年将以");  // pangu would insert spaces here
    CHECK(fix("N95口罩") == "N95口罩");
}

TEST_CASE("a space between two CJK characters stays single (zhlint and textlint delete it)") {
    check_unchanged("记者 赵思远");
    check_unchanged("本报记者 崔欣");
    check_unchanged("通讯员 李晓琦 李春玮");
    check_unchanged("在京过大年 一起向未来");
    check_unchanged("加强基层窗口建设 打通服务职工“最后一公里”");
    CHECK(fix("记者  赵思远") == "记者 赵思远");
    CHECK(fix("记者\u3000赵思远") == "记者 赵思远");
    CHECK(fix("记者\u00a0\t赵思远") == "记者 赵思远");
}

TEST_CASE("a byline keeps its field spaces while the brackets lose theirs") {
    CHECK(fix("本报讯 （记者 陈曦 通讯员 刘换利） 近日") == "本报讯（记者 陈曦 通讯员 刘换利）近日");
}

TEST_CASE("leading and trailing spaces of a block go") {
    CHECK(fix("  本报讯 ") == "本报讯");
    CHECK(fix("\u3000\u3000近日，") == "近日，");
    CHECK(fix("Hello world  ") == "Hello world");
}

TEST_CASE("half-width punctuation between CJK text becomes full-width") {
    CHECK(fix("2021年12月31日,在北京") == "2021年12月31日，在北京");
    CHECK(fix("子公司, 举办了") == "子公司，举办了");
    CHECK(fix("解决; 对于") == "解决；对于");
    CHECK(fix("他说:今天") == "他说：今天");
    CHECK(fix("怎么样?") == "怎么样？");
    CHECK(fix("太好了!”") == "太好了！”");
    CHECK(fix("什么?!") == "什么？！");
    CHECK(fix("共100,其中") == "共100，其中");
    CHECK(fix("日前,2022年") == "日前，2022年");
    CHECK(fix("网址:http://www.example.com") == "网址：http://www.example.com");
}

TEST_CASE("half-width parentheses around CJK content become full-width as a pair") {
    CHECK(fix("本报讯 (记者 白莹) 2021年") == "本报讯（记者 白莹）2021年");
    CHECK(fix("正大制药(青岛)有限公司") == "正大制药（青岛）有限公司");
    CHECK(fix("(以下简称航天一院)调研") == "（以下简称航天一院）调研");
    CHECK(fix("本报讯 (记者 白莹) 2021年12月31日,在北京2022年冬奥会") ==
          "本报讯（记者 白莹）2021年12月31日，在北京2022年冬奥会");
}

TEST_CASE("a parenthesis whose partner is elsewhere follows its Chinese neighbour") {
    CHECK(fix("本报讯 (记者 白莹") == "本报讯（记者 白莹");
    CHECK(fix("通讯员 刘换利) 近日") == "通讯员 刘换利）近日");
    CHECK(fix("（记者 白莹) 近日") == "（记者 白莹）近日");
}

TEST_CASE("ASCII runs keep their half-width punctuation (ftfy turns full-width into ASCII)") {
    check_unchanged("He said: \"Yes, we can!\" Did he? Yes; twice.");
    check_unchanged("https://www.example.com/a?b=1&c=2");
    check_unchanged("mailto:zhao.siyuan@example.com");
    check_unchanged("8:30");
    check_unchanged("3.5");
    check_unchanged("1,000");
    check_unchanged("A-Z");
    check_unchanged("Tokyo (Japan) and Beijing (China).");
    check_unchanged("北京(Beijing)");
    check_unchanged("上午8:30在1,000人中3.5%的人");
    check_unchanged("1·18");
    check_unchanged("4×100米接力");
    check_unchanged("“温暖冬奥人·一起向未来”");
    // Full-width punctuation is never folded to ASCII.
    check_unchanged("，（）：；！？");
    check_unchanged("职工（北京）：“好！”");
}

TEST_CASE("English text keeps its spaces around quotes and dashes") {
    check_unchanged("He said “hello” to me — twice.");
    check_unchanged("It was ‘fine’ … mostly.");
    CHECK(fix("two  spaces") == "two spaces");
}

TEST_CASE("full-width letters and digits fold to ASCII") {
    CHECK(fix("Ｎ９５口罩") == "N95口罩");
    CHECK(fix("ａｂｃＸＹＺ０１２") == "abcXYZ012");
    CHECK(fix("Ｎ９５ 口罩") == "N95口罩");
}

TEST_CASE("full-width number signs fold only inside numbers") {
    CHECK(fix("增长３．５％") == "增长3.5%");
    CHECK(fix("１／２") == "1/2");
    CHECK(fix("－５℃") == "-5℃");
    CHECK(fix("＋８６") == "+86");
    CHECK(fix("第１．") == "第1．");
    CHECK(fix("％的") == "％的");
    CHECK(fix("甲／乙") == "甲／乙");
}

TEST_CASE("each rule can be switched off") {
    zhnorm::fullwidth_spacing p;
    p.opts.space_at_punct = false;
    CHECK(fix("获悉 ， 该区", p) == "获悉 ， 该区");
    p = {};
    p.opts.space_cjk_latin = false;
    CHECK(fix("2022 年", p) == "2022 年");
    p = {};
    p.opts.collapse = false;
    CHECK(fix("记者  赵思远", p) == "记者  赵思远");
    p = {};
    p.opts.trim = false;
    CHECK(fix(" 记者 ", p) == " 记者 ");
    p = {};
    p.opts.punct_width = false;
    CHECK(fix("31日,在", p) == "31日,在");
    p = {};
    p.opts.paren_width = false;
    CHECK(fix("制药(青岛)有限", p) == "制药(青岛)有限");
    p = {};
    p.opts.fold_alnum = false;
    CHECK(fix("Ｎ９５口罩", p) == "Ｎ９５口罩");
    CHECK(fix("３．５％", p) == "３．５％");
    p = {};
    p.opts.fold_number_signs = false;
    CHECK(fix("３．５％", p) == "3．5％");
}

TEST_CASE("running the pass twice changes nothing the second time") {
    for (const char* s :
         {"本报讯 （记者 赵思远） 未来五年内服务万名副中心一线职工， 评选", "本报讯 (记者 白莹) 2021年12月31日,在北京",
          "“通武廊 ” 技能", "Ｎ９５ 口罩３ ．５％", "abc ,日", "abc,,日", "日,,abc", "(,日", "((日", "日,)", "abc,)日",
          "3 ．5", "3． 5", "(3．5)", "(a (记者) b)", "He said “hello” , 他", "  ", "，", "(", ")", "日 ( ) 日",
          "１ ／ ２", "－ ５", "Hello!”他说", "日 , (记者) ,abc", "日 ．５", "（Ｎ９５)", "a) (b", "记者 ”,abc"}) {
        CAPTURE(s);
        const std::string once = fix(s);
        CHECK(fix(once) == once);
    }
}

TEST_CASE("untouched blocks are not copied") {
    auto doc = zhnorm::load("记者 赵思远\n近日，京城迎来降雪。\n");
    zhnorm::fullwidth_spacing{}(doc);
    REQUIRE(doc.blocks.size() == 2);
    CHECK(doc.blocks[0].text.data() == doc.lines[0].text.data());
    CHECK(doc.blocks[1].text.data() == doc.lines[1].text.data());
    CHECK(doc.arena().capacity() == 0);
    CHECK(doc.count_of("fullwidth_spacing") == 0);
}

TEST_CASE("edits are counted once per run and recorded with their input bytes") {
    const std::string text = "abc\n获悉 ， 该区2021年,在\n";
    const auto doc = run(text, true);
    REQUIRE(doc.blocks.size() == 2);
    CHECK(doc.blocks[1].text == "获悉，该区2021年，在");
    CHECK(doc.count_of("fullwidth_spacing") == 3);
    REQUIRE(doc.edits.size() == 3);
    CHECK(doc.edits[0].rule == "space_at_punct");
    CHECK(doc.edits[0].before == " ");
    CHECK(doc.edits[0].after.empty());
    CHECK(text.substr(doc.edits[0].source.begin, doc.edits[0].source.size()) == " ");
    CHECK(doc.edits[2].rule == "fullwidth_punct");
    CHECK(doc.edits[2].after == "，");
    CHECK(text.substr(doc.edits[2].source.begin, doc.edits[2].source.size()) == ",");
    CHECK(doc.edits[2].source.begin == doc.locate(doc.blocks[1], 0) + std::string_view("获悉 ， 该区2021年").size());
    // Without record_edits nothing is recorded, but the count is the same.
    const auto quiet = run(text);
    CHECK(quiet.edits.empty());
    CHECK(quiet.count_of("fullwidth_spacing") == 3);
}

TEST_CASE("edits in a collapsed headline map to all repeated copies") {
    auto doc = zhnorm::load("党党员员 ，， 干干部部\n");
    doc.record_edits = true;
    zhnorm::collapse_doubled{}(doc);
    zhnorm::fullwidth_spacing{}(doc);
    REQUIRE(doc.blocks.size() == 1);
    CHECK(doc.blocks[0].text == "党员，干部");
    REQUIRE(doc.edits.size() >= 2);
    const auto& e = doc.edits.back();
    CHECK(e.pass == "fullwidth_spacing");
    CHECK(e.source.begin == std::string_view("党党员员 ，，").size());
}

TEST_CASE("a large block with many edits grows its output in place") {
    std::string s;
    for (int i = 0; i < 5000; ++i) s += "日,";
    std::string want;
    for (int i = 0; i < 5000; ++i) want += "日，";
    CHECK(fix(s) == want);
    std::string spaces(100000, ' ');
    CHECK(fix("日" + spaces + "日") == "日 日");
    std::string parens(20000, '(');
    CHECK(fix(parens + "日").size() == parens.size() * 3 + 3);
}

TEST_CASE("idempotent on random mixes of spaces, punctuation of both widths, CJK, Latin and digits") {
    static constexpr std::string_view alphabet[] = {
        " ", "  ", "\t", "\u3000", "\u00a0", ",", ";", ":", "?", "!", "(", ")", "（", "）", "，", "。", "、", "“", "”",
        "‘", "—", "…", "·", "日", "记", "者", "a", "Z", "1", "0", "３", "Ｎ", "ａ", "．", "％", "－", "／", "＋", ".",
        "%", "-", "/", "\"", "@", "×", "《", "》"};
    std::uint64_t state = 0x2545F4914F6CDD1DULL;
    const auto next = [&](std::size_t n) {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<std::size_t>(state >> 33) % n;
    };
    for (int round = 0; round < 20000; ++round) {
        std::string s;
        const std::size_t len = 1 + next(24);
        for (std::size_t k = 0; k < len; ++k) s += alphabet[next(std::size(alphabet))];
        const std::string once = fix(s);
        const std::string twice = fix(once);
        if (twice != once) {
            CAPTURE(s);
            CAPTURE(once);
            CHECK(twice == once);
        }
    }
}

// The scan finds its candidates sixteen bytes at a time (the last bytes of a block from the sixteen
// that end it, a block shorter than that from a padded copy): each case below is tried at every
// offset from the block start and with text after it, so it falls across those boundaries.
namespace {
void check_at_every_offset(std::string_view in, std::string_view want, std::string_view pad = "日") {
    for (int before = 0; before < 20; ++before)
        for (int after = 0; after < 3; ++after) {
            std::string p, a;
            for (int k = 0; k < before; ++k) p += pad;
            for (int k = 0; k < after; ++k) a += pad;
            CAPTURE(before);
            CAPTURE(after);
            CAPTURE(in);
            CHECK(fix(p + std::string(in) + a) == p + std::string(want) + a);
        }
}
} // namespace

TEST_CASE("a space next to full-width punctuation goes wherever it falls in the block") {
    check_at_every_offset("日， 日", "日，日");
    check_at_every_offset("日 。日", "日。日");
    check_at_every_offset("日、   日", "日、日");
    check_at_every_offset("日 ， 日", "日，日", "a");
    check_at_every_offset("（记者 林晓舟） 社区", "（记者 林晓舟）社区", "1");
}

TEST_CASE("a single space between two Han characters stays wherever it falls in the block") {
    check_at_every_offset("记者 林晓舟", "记者 林晓舟");
    check_at_every_offset("一 丁", "一 丁");  // U+4E00 and U+4E01, led by E4 B8
    check_at_every_offset("记者 林晓舟", "记者 林晓舟", "a");
    // Not a single ASCII space, or not between Han: the other rules still apply.
    check_at_every_offset("记者  林晓舟", "记者 林晓舟");
    check_at_every_offset("记者 \u3000林晓舟", "记者 林晓舟");
    check_at_every_offset("记者 N95", "记者N95");
}

TEST_CASE("digits and other ASCII below 0x40 that the scan looks at stay as they are") {
    check_at_every_offset("2022年3月8日", "2022年3月8日");
    check_at_every_offset("Wi-Fi和3.5%的#1", "Wi-Fi和3.5%的#1");
    check_at_every_offset("a.b-c\"d'e", "a.b-c\"d'e", "x");
    check_at_every_offset("the reading room opens at 8 p.m. daily", "the reading room opens at 8 p.m. daily", "x");
}

TEST_CASE("common full-width punctuation and CJK marks led by E3 and EF stay as they are") {
    check_at_every_offset("日，日。日、日（日）日：日", "日，日。日、日（日）日：日");
    check_at_every_offset("《日》「日」【日】", "《日》「日」【日】");
}

TEST_CASE("rules still fire at the end of a block and in blocks shorter than sixteen bytes") {
    CHECK(fix("， 日") == "，日");
    CHECK(fix("日 ") == "日");
    CHECK(fix(" 日") == "日");
    CHECK(fix("Ｎ") == "N");
    CHECK(fix("日,日") == "日，日");
    CHECK(fix("日\u00a0，") == "日，");
    check_at_every_offset("Ｎ９５", "N95");
    check_at_every_offset("日,日", "日，日");
    check_at_every_offset("(记者)", "（记者）");
    check_at_every_offset("日\t日", "日 日");
}

TEST_CASE("a space next to a curly quote, dash or ellipsis goes only in a block with CJK text") {
    check_at_every_offset("试点 “夜读服务”", "试点“夜读服务”");
    check_at_every_offset("“下班回家” 家住", "“下班回家”家住");
    check_at_every_offset("的 ‘书’ 和", "的‘书’和");
    check_at_every_offset("等 …… 设施", "等……设施");
    check_at_every_offset("He said “hello” to me", "He said “hello” to me", "x");
    check_at_every_offset("wait … and — see", "wait … and — see", "x");
}

// A block of ASCII without a tab, a double space or a space at either end is passed over whole.
TEST_CASE("an English block is left as it is, without a copy") {
    auto doc = zhnorm::load("The reading room opens until ten at night, and residents borrow books (see p. 3); "
                            "staff say: is it safe? Yes! Wi-Fi is free, 1,200 visitors.\n");
    zhnorm::fullwidth_spacing{}(doc);
    REQUIRE(doc.blocks.size() == 1);
    CHECK(doc.blocks[0].text.data() == doc.lines[0].text.data());
    CHECK(doc.arena().capacity() == 0);
    CHECK(doc.count_of("fullwidth_spacing") == 0);
}

TEST_CASE("an English block still loses its edge spaces, tabs and double spaces") {
    CHECK(fix(" abc") == "abc");
    CHECK(fix("abc ") == "abc");
    CHECK(fix("\tabc") == "abc");
    CHECK(fix("abc\t") == "abc");
    check_at_every_offset("a  b", "a b", "x");
    check_at_every_offset("a \tb", "a b", "x");
    check_at_every_offset("a\tb", "a b", "x");
    check_at_every_offset("safe?  Yes!", "safe? Yes!", "x");
    // One CJK character anywhere and the whole scan runs.
    check_at_every_offset("a 日 b", "a日b", "x");
    check_at_every_offset("safe? 日", "safe？日", "x");
}

TEST_CASE("spaces right after full-width punctuation go, however many, unless other spaces follow") {
    check_at_every_offset("日，   日", "日，日");
    check_at_every_offset("日。 日", "日。日");
    check_at_every_offset("日） （日", "日）（日");
    check_at_every_offset("日， \u3000日", "日，日");
    check_at_every_offset("日，\t 日", "日，日");
    check_at_every_offset("日， ", "日，");
    check_at_every_offset("日， Ｎ９５", "日，N95");
    // A full-width letter is not punctuation: the space before a Han character goes by another rule.
    check_at_every_offset("Ｎ 日", "N日");
}

// The scan passes over a mark without a space after it when a table says it needs no work; the
// table may say yes wrongly but never no for a mark the exact tests (U+3000, a full-width letter,
// digit or number sign) would change.
TEST_CASE("the quick table of marks covers every E3 and EF mark the exact tests change") {
    using zhnorm::detail::spacing::mark_work;
    int work = 0;
    for (unsigned lead : {0xE3u, 0xEFu})
        for (unsigned b1 = 0x80; b1 < 0xC0; ++b1)
            for (unsigned b2 = 0x80; b2 < 0xC0; ++b2) {
                const char t[3] = {static_cast<char>(lead), static_cast<char>(b1), static_cast<char>(b2)};
                const std::string_view s(t, 3);
                const bool exact = lead == 0xE3 ? (b1 == 0x80 && b2 == 0x80)
                                                : (zhnorm::detail::spacing::folded_alnum(s, 0) != 0 ||
                                                   zhnorm::detail::spacing::number_sign(s, 0) != 0);
                work += exact;
                if (exact) CHECK(mark_work[((lead & 8u) << 4) | ((b1 & 1u) << 6) | (b2 & 0x3Fu)]);
            }
    CHECK(work == 1 + 10 + 26 + 26 + 5);
    // Marks that need no work are passed over (spot check of the table's no).
    CHECK_FALSE(mark_work[((0xE3u & 8u) << 4) | ((0x80u & 1u) << 6) | (0x82u & 0x3Fu)]);  // 。
    CHECK_FALSE(mark_work[((0xEFu & 8u) << 4) | ((0xBCu & 1u) << 6) | (0x8Cu & 0x3Fu)]);  // ，
}

// `， ` before a character that is no space is decided by a shortcut; these are its edges, against
// what the general space rules give.
TEST_CASE("one space after full-width punctuation goes whatever follows it, and only that space") {
    check_at_every_offset("日， 日", "日，日");
    check_at_every_offset("日。 a", "日。a");
    check_at_every_offset("日、 9", "日、9");
    check_at_every_offset("日） (日)", "日）（日）");
    check_at_every_offset("日， ,日", "日，，日");
    check_at_every_offset("日， “日”", "日，“日”");
    check_at_every_offset("日， Ｎ", "日，N");
    check_at_every_offset("日，\u00a0日", "日，日");
    check_at_every_offset("日， \u00a0日", "日，日");
    check_at_every_offset("日， \u3000日", "日，日");
    check_at_every_offset("日， \t日", "日，日");
    check_at_every_offset("日， 日， 日", "日，日，日");
    check_at_every_offset("日 ， 日", "日，日");
    // At every alignment to the scan's 64-byte windows, with candidates right after the space.
    for (std::size_t pad = 0; pad < 140; ++pad) {
        const std::string a(pad, 'a');
        CAPTURE(pad);
        CHECK(fix(a + "日， 日， ，  日、 (日) 2 ， ?") == a + "日，日，，日、（日）2，？");
    }
    // A mark that is not common punctuation keeps the general rules: 〇 is a Han-like letter.
    check_at_every_offset("日〇 日", "日〇 日");
    zhnorm::fullwidth_spacing off;
    off.opts.space_at_punct = false;
    CHECK(fix("日， 日", off) == "日， 日");
    CHECK(fix("日， 日日日日日日日日", off) == "日， 日日日日日日日日");
}

TEST_CASE("the AVX2 scan and the pass's AVX2 block loop give what the 16-byte scan gives") {
#if ZHNORM_AVX2
    if (!zhnorm::detail::cpu_has_avx2()) return;
    static constexpr std::string_view alphabet[] = {
        " ", "  ", "\t", "\u3000", "\u00a0", ",", ";", ":", "?", "!", "(", ")", "（", "）", "，", "。", "、", "“", "”",
        "—", "…", "日", "记", "者", "a", "Z", "1", "0", "３", "Ｎ", "ａ", "．", "％", "－", "／", "+", ".", "%", "-",
        "\"", "@", "#", "*", "<", "=", "\x01", "\x1F", "《", "é"};
    std::uint64_t state = 0x9E3779B97F4A7C15ULL;
    const auto next = [&](std::size_t n) {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<std::size_t>(state >> 33) % n;
    };
    const zhnorm::fullwidth_spacing::options opts;
    struct text_block {
        std::string_view text;
    };
    for (int round = 0; round < 3000; ++round) {
        // Blocks of every length class the AVX2 scan tells apart (< 16, < 32, < 64, whole and
        // partial windows), mostly Han text so that the candidates are sparse as in newspapers.
        std::vector<std::string> texts(1 + next(6));
        for (auto& t : texts) {
            const std::size_t len = next(4) == 0 ? next(16) : next(4) == 0 ? next(64) : next(400);
            while (t.size() < len) t += next(3) == 0 ? alphabet[next(std::size(alphabet))] : "日"sv;
        }
        std::vector<std::string> want;
        std::size_t want_edits = 0;
        {
            zhnorm::detail::text_arena arena;
            zhnorm::detail::spacing::scanner<zhnorm::fullwidth_spacing::options> scan(opts, arena);
            for (const auto& t : texts) {
                std::vector<zhnorm::detail::spacing::pending_edit> e16, e32;
                const std::string w(scan.run(t, &e16, false));
                const std::size_t n16 = scan.edits();
                const std::string g(scan.run(t, &e32, true));
                CAPTURE(t);
                CHECK(g == w);
                CHECK(scan.edits() == n16);
                check_same_edits(e32, e16);
                want.push_back(w);
                want_edits += n16;
            }
        }
        zhnorm::detail::text_arena arena;
        zhnorm::detail::spacing::scanner<zhnorm::fullwidth_spacing::options> scan(opts, arena);
        std::vector<text_block> blocks;
        for (const auto& t : texts) blocks.push_back({t});
        CHECK(scan.run_all_avx2(blocks) == want_edits);
        for (std::size_t k = 0; k < blocks.size(); ++k) CHECK(blocks[k].text == want[k]);
    }
#endif
}

// The window loops (16-byte and AVX2) read a block's last window from the 64 bytes that end it;
// a walk over every byte that calls step() at each stop byte is the plain form of the same scan.
TEST_CASE("the window scans give what a byte-by-byte walk over the stop bytes gives") {
    static constexpr std::string_view alphabet[] = {
        " ", "  ", "\t", "\u3000", "\u00a0", ",", ";", ":", "?", "!", "(", ")", "（", "）", "，", "。", "、", "“", "”",
        "—", "…", "日", "记", "a", "Z", "1", "0", "３", "Ｎ", "．", "％", "－", "+", ".", "%", "-", "@", "《", "é"};
    std::uint64_t state = 0xD1B54A32D192ED03ULL;
    const auto next = [&](std::size_t n) {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<std::size_t>(state >> 33) % n;
    };
    const zhnorm::fullwidth_spacing::options opts;
    zhnorm::detail::text_arena arena;
    zhnorm::detail::spacing::scanner<zhnorm::fullwidth_spacing::options> scan(opts, arena);
    const auto walk = [&](std::string_view t, std::vector<zhnorm::detail::spacing::pending_edit>* e) {
        if (scan.start(t, e)) return std::string(t);
        const auto* p = reinterpret_cast<const unsigned char*>(t.data());
        const std::size_t n = t.size();
        for (std::size_t i = 0; i < n;) {
            if (!zhnorm::detail::spacing::stop_bytes[p[i]]) {
                ++i;
                continue;
            }
            std::uint64_t m = ~std::uint64_t{0};
            i = scan.step(p, n, i, n, m);
        }
        return std::string(scan.finish(t));
    };
    for (int round = 0; round < 4000; ++round) {
        // Lengths around whole windows (64, 128, 192 bytes), where the last window overlaps the one before.
        std::string t;
        const std::size_t len = 40 + next(200);
        while (t.size() < len) t += next(3) == 0 ? alphabet[next(std::size(alphabet))] : "日"sv;
        std::vector<zhnorm::detail::spacing::pending_edit> ew, e16;
        const std::string w = walk(t, &ew);
        const std::size_t nw = scan.edits();
        CAPTURE(t);
        CHECK(std::string(scan.run(t, &e16, false)) == w);
        CHECK(scan.edits() == nw);
        REQUIRE(e16.size() == ew.size());
        for (std::size_t k = 0; k < ew.size(); ++k) {
            CHECK(e16[k].begin == ew[k].begin);
            CHECK(e16[k].end == ew[k].end);
            CHECK(e16[k].rule == ew[k].rule);
        }
#if ZHNORM_AVX2
        if (zhnorm::detail::cpu_has_avx2()) {
            std::vector<zhnorm::detail::spacing::pending_edit> e32;
            CHECK(std::string(scan.run(t, &e32, true)) == w);
            CHECK(e32.size() == ew.size());
        }
#endif
    }
}

namespace {

// The AVX2 scan against the 16-byte scan on one text: same output, same edits.
void check_avx2_like_sse2([[maybe_unused]] std::string_view t) {
#if ZHNORM_AVX2
    if (!zhnorm::detail::cpu_has_avx2()) return;
    const zhnorm::fullwidth_spacing::options opts;
    zhnorm::detail::text_arena arena;
    zhnorm::detail::spacing::scanner<zhnorm::fullwidth_spacing::options> scan(opts, arena);
    std::vector<zhnorm::detail::spacing::pending_edit> e16, e32;
    const std::string w(scan.run(t, &e16, false));
    const std::string g(scan.run(t, &e32, true));
    CAPTURE(t);
    CHECK(g == w);
    check_same_edits(e32, e16);
    // The block loop as well.
    struct text_block {
        std::string_view text;
    };
    std::vector<text_block> blocks{{t}};
    CHECK(scan.run_all_avx2(blocks) == e16.size());
    CHECK(blocks[0].text == w);
#endif
}

} // namespace

// The AVX2 scan drops from dense windows the E3/EF marks that step() would pass over without a
// change; every E3 and EF mark, followed by a letter, a Han character, a space or the block's end,
// at every place in such a window, must still give what the 16-byte scan gives.
TEST_CASE("the AVX2 scan passes over only the marks with nothing to do in runs of punctuation") {
    static constexpr std::string_view dense[] = {"，", "。", "、", "；", "：", "？", "！", "“", "”", "‘", "’",
                                                 "（", "）", "《", "》", "【", "】", "…", "—", "·"};
    static constexpr std::string_view after[] = {"", "x", "日", " ", " 日", "，", "\u3000", "１", ",", "("};
    zhnorm::testing::xorshift rng(0x2545F4914F6CDD1DULL);
    const auto next = [&](std::size_t n) { return rng.below(n); };
    const auto marks = [&](std::size_t bytes) {
        std::string s;
        while (s.size() < bytes) s += dense[next(std::size(dense))];
        return s;
    };
    for (unsigned lead : {0xE3u, 0xEFu})
        for (unsigned b1 = 0x80; b1 < 0xC0; ++b1)
            for (unsigned b2 = 0x80; b2 < 0xC0; ++b2) {
                const char m[3] = {static_cast<char>(lead), static_cast<char>(b1), static_cast<char>(b2)};
                const std::string mark(m, 3);
                const std::string_view a = after[next(std::size(after))];
                // The mark before and in both halves of a window, near its end, and ending the block.
                const std::size_t before = next(4) == 0 ? next(8) : next(140);
                check_avx2_like_sse2("日" + marks(before) + mark + std::string(a) + marks(next(4) == 0 ? 0 : next(100)));
                check_avx2_like_sse2(marks(next(70)) + mark);
            }
    // Broken sequences (the scanner may be handed any bytes): a lead whose next bytes are no
    // continuation bytes is looked at, as the bytes after it are.
    for (unsigned lead : {0xE3u, 0xEFu})
        for (unsigned b1 : {0x80u, 0xBCu, unsigned{','}, unsigned{' '}})
            for (unsigned b2 : {0x80u, 0x8Cu, unsigned{','}, unsigned{' '}, unsigned{'('}, 0xE3u})
                for (std::size_t before = 0; before < 70; ++before) {
                    const char m[3] = {static_cast<char>(lead), static_cast<char>(b1), static_cast<char>(b2)};
                    check_avx2_like_sse2("日" + marks(before) + std::string(m, 3) + "日" + marks(next(80)));
                }
}

TEST_CASE("the AVX2 scan gives what the 16-byte scan gives on random lines of marks, spaces and forms") {
    static constexpr std::string_view alphabet[] = {
        "，", "。", "、", "；", "：", "？", "！", "“", "”", "‘", "’", "（", "）", "《", "》", "【", "】", "…", "—", "·",
        "，", "。", "、", "（", "）", "《", "》", " ", "  ", "\u3000", "\u00a0", "\t", "Ａ", "ｚ", "０", "９", "．", "％",
        "＋", "－", "／", "，", ",", ";", ":", "?", "!", "(", ")", ".", "%", "日", "记", "a", "7", "〇", "\u3001"};
    zhnorm::testing::xorshift rng(0x8C3A1F5E9B2D7C41ULL);
    const auto next = [&](std::size_t n) { return rng.below(n); };
    for (int round = 0; round < 6000; ++round) {
        // Lengths around 32 and 64 and a few windows, most characters marks (dense windows).
        const std::size_t len = next(3) == 0 ? 24 + next(48) : next(200);
        std::string t;
        while (t.size() < len) t += next(8) == 0 ? alphabet[next(std::size(alphabet))] : alphabet[next(20)];
        check_avx2_like_sse2(t);
        // The same text at every alignment to the windows.
        if (round % 50 == 0)
            for (std::size_t pad = 1; pad < 64; ++pad) check_avx2_like_sse2(std::string(pad, '-') + t);
    }
}

// The AVX2 scan removes one space after `，` and the like before a byte that is no stop byte
// without step(); it must agree with the 16-byte scan (which always asks step()) whatever comes
// after the space, wherever the mark falls in a window and near the block's end.
TEST_CASE("the AVX2 shortcut for one space after full-width punctuation gives what step() gives") {
    static constexpr std::string_view marks[] = {"，", "。", "、", "；", "：", "？", "！", "（", "）", "《", "》",
                                                 "【", "】", "「", "」", "〇", "Ｎ", "％", "．", "\u3000", "“", "…"};
    static constexpr std::string_view after[] = {"日", "a", "1", " ", "  ", "\t", "\u3000", "\u00a0", ",", "(", ")",
                                                 "，", "（", "“", "Ｎ", "％", "é", "\x01", "-", ""};
    for (const auto m : marks)
        for (const auto a : after)
            for (std::size_t pad = 0; pad < 140; pad += (pad < 70 ? 1 : 7)) {
                const std::string head = std::string(pad % 3, 'x') + [&] {
                    std::string h;
                    while (h.size() + 3 <= pad) h += "日";
                    return h;
                }();
                const std::string core = std::string(m) + " " + std::string(a);
                check_avx2_like_sse2(head + core + "日日");
                check_avx2_like_sse2(head + core);  // the mark close to the block's end
                check_avx2_like_sse2(head + core + "日， 日。 日" + core + "日");
            }
    // The shortcuts for one space between two Han characters (it stays) and for one space before
    // `，` and the like (it goes), against the same neighbours.
    static constexpr std::string_view left[] = {"日", "丁", "〇", "Ｎ", "a", "1", ")", "，", "）", "“", "\u3000", "é", "䷀"};
    static constexpr std::string_view right[] = {"日", "丁", "〇", "䷀", "Ｎ", "ａ", "a", "，", "。", "（", "“",
                                                 " 日", " ，", "\t日", "\u3000"};
    for (const auto l : left)
        for (const auto r : right)
            for (std::size_t pad = 0; pad < 70; ++pad) {
                std::string h(pad % 3, 'x');
                while (h.size() + 3 <= pad) h += "日";
                const std::string core = std::string(l) + " " + std::string(r);
                check_avx2_like_sse2(h + core + "日日");
                check_avx2_like_sse2(h + core);
                check_avx2_like_sse2("日" + core + h + "日 " + core);
            }
    static constexpr std::string_view alphabet[] = {"，", "。", "、", "（", " ", "  ", "日", "日", "日", "记",
                                                    "a", "1", ",", "(", ")", "\u3000", "\t", "Ｎ", "“", "”"};
    zhnorm::testing::xorshift rng(0x61C8864680B583EBULL);
    for (int round = 0; round < 4000; ++round) {
        const std::size_t len = rng.below(300);
        std::string t;
        while (t.size() < len) {
            const std::size_t r = rng.below(4);
            t += r == 0 ? alphabet[rng.below(std::size(alphabet))] : r == 1 ? "， "sv : "日"sv;
        }
        check_avx2_like_sse2(t);
    }
}

// The AVX2 block loop loads the next window when a window's candidates run out, skipping the
// windows a handler has read past (long runs of spaces, parenthesis look-aheads): every window it
// skips or enters must give what the 16-byte scan gives.
TEST_CASE("the AVX2 block loop goes on right after a handler that read past one or more windows") {
    static constexpr std::string_view runs[] = {" ", "\u3000", "\t", "\u00a0", ",", "?"};
    static constexpr std::string_view after[] = {"日", "， 日", " ，日", "(日)", "a", "Ｎ", "，"};
    zhnorm::testing::xorshift rng(0x9FB21C651E98DF25ULL);
    for (std::size_t before = 0; before < 70; ++before)
        for (std::size_t run = 1; run < 140; run += 1 + rng.below(3)) {
            const std::string_view unit = runs[rng.below(std::size(runs))];
            std::string t = std::string(before, 'x') + "日";
            for (std::size_t k = 0; k < run; ++k) t += unit;
            t += after[rng.below(std::size(after))];
            for (std::size_t k = rng.below(90); k > 0; --k) t += rng.below(5) == 0 ? "， "sv : "日"sv;
            check_avx2_like_sse2(t);
        }
}

// The AVX2 block loop starts with the copy state in registers while every candidate is one of
// the commonest (one space after or before `，` and the like or next to a curly quote, one space
// between Han characters, a mark with nothing to do) and hands over to step() at the first other
// one: texts made mostly of those, with the others at random places, must give what the 16-byte
// scan gives.
TEST_CASE("the AVX2 block loop's start on the commonest spaces gives what step() gives") {
    static constexpr std::string_view common[] = {"， ", "、 ", "。 ", "） ", " （", " ，", " 。", "日 日", "“ 日",
                                                  "日 ”", "” 日", "日 “", "。", "，", "》", "日", "日", "日日日"};
    static constexpr std::string_view other[] = {" ", "  ", "\t", "\u3000", "a", "1 ", ",", "(", "Ｎ", "， ，", "，  ",
                                                 "’ ", " …", "丁 ", "〇 ", "é", "é ", "# ", "→ ", "ぁ ", " ぁ", " ䷀", "， a", "　", "。，、。，、。，、"};
    zhnorm::testing::xorshift rng(0x3C6EF372FE94F82BULL);
    for (int round = 0; round < 6000; ++round) {
        const std::size_t len = rng.below(4) == 0 ? rng.below(70) : 60 + rng.below(300);
        std::string t;
        const std::size_t rare = 2 + rng.below(60);
        while (t.size() < len)
            t += rng.below(rare) == 0 ? other[rng.below(std::size(other))] : common[rng.below(std::size(common))];
        check_avx2_like_sse2(t);
        if (round % 100 == 0)
            for (std::size_t pad = 1; pad < 64; ++pad) check_avx2_like_sse2(std::string(pad, 'x') + t);
    }
}
