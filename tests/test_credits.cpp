#include <doctest/doctest.h>

#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>
#include <zhnorm/detail/credit_line.hpp>
#include <zhnorm/zhnorm.hpp>
#include "random.hpp"

namespace {

using zhnorm::block_kind;

// One block per line, as without line-join; `kinds` overrides the kind of the first blocks.
zhnorm::document run(std::string_view text, zhnorm::credits pass = {}, std::initializer_list<block_kind> kinds = {},
                     bool record = true) {
    auto doc = zhnorm::load(text);
    doc.record_edits = record;
    doc.materialize_blocks();
    std::size_t i = 0;
    for (block_kind k : kinds) doc.blocks.at(i++).kind = k;
    pass(doc);
    return doc;
}

std::string people(const zhnorm::block& b) {
    std::string out;
    for (const auto& p : b.people) {
        if (!out.empty()) out += ' ';
        out += p.role + ":" + p.name;
    }
    return out;
}

std::size_t all_people(const zhnorm::document& doc) {
    std::size_t n = 0;
    for (const auto& b : doc.blocks) n += b.people.size();
    return n;
}

std::string byline_of(std::string_view paragraph) {
    const auto doc = run(paragraph);
    REQUIRE(doc.blocks.size() == 1);
    CHECK(doc.blocks[0].kind == block_kind::paragraph);
    return people(doc.blocks[0]);
}

// One block over the source lines of `in`, its text the lines run together (what line-join gives).
zhnorm::document one_block(const std::string& in, const std::string& text) {
    auto doc = zhnorm::load(in);
    doc.record_edits = true;
    zhnorm::block b;
    b.text = doc.store(text);
    b.source = {0, in.size() - 1};
    doc.blocks.push_back(b);
    doc.mark_blocked();
    return doc;
}

} // namespace

TEST_CASE("credits is a pass") {
    static_assert(zhnorm::pass<zhnorm::credits>);
    CHECK(zhnorm::credits::name == "credits");
}

// ---- dateline bylines ----

TEST_CASE("byline: a reporter after 本报讯 goes on the paragraph, text unchanged") {
    const std::string p = "本报讯（记者 赵思远）未来五年内服务万名副中心一线职工。";
    const auto doc = run(p);
    REQUIRE(doc.blocks.size() == 1);
    CHECK(doc.blocks[0].text == p);
    CHECK(people(doc.blocks[0]) == "记者:赵思远");
    CHECK(doc.count_of("credits") == 0);
}

TEST_CASE("byline: a correspondent alone") {
    CHECK(byline_of("本报讯（通讯员 马振涛）12月14日凌晨6点，公交场站已是一片繁忙景象。") == "通讯员:马振涛");
}

TEST_CASE("byline: reporter and correspondent in order") {
    CHECK(byline_of("本报讯（记者 陈曦 通讯员 刘换利）近日，工会举行扶贫商品交接仪式。") == "记者:陈曦 通讯员:刘换利");
}

TEST_CASE("byline: several names under one role give one entry each with that role") {
    CHECK(byline_of("本报讯（记者 闫长禄 通讯员 李晓琦 李春玮）近日，区总工会召开座谈会。") ==
          "记者:闫长禄 通讯员:李晓琦 通讯员:李春玮");
    CHECK(byline_of("本报讯（记者 张三 李四 王五）近日，区总工会召开座谈会。") == "记者:张三 记者:李四 记者:王五");
}

TEST_CASE("byline: city and date datelines of the paper and of an agency") {
    CHECK(byline_of("本报北京1月2日电（记者 孙玉洁）今天，会议在京召开。") == "记者:孙玉洁");
    CHECK(byline_of("新华社北京1月2日电（记者 刘明 周小燕）今天，会议在京召开。") == "记者:刘明 记者:周小燕");
    CHECK(byline_of("本报天津１２月３日电（记者 马刚）今天，会议召开。") == "记者:马刚");
    CHECK(byline_of("本报北京讯（记者 马刚）今天，会议召开。") == "记者:马刚");
}

TEST_CASE("byline: ranked roles are kept as written") {
    CHECK(byline_of("本报讯（实习生 孟凡）近日，会议召开。") == "实习生:孟凡");
    CHECK(byline_of("本报讯（见习记者 唐诗 通讯员 金戈）近日，会议召开。") == "见习记者:唐诗 通讯员:金戈");
    CHECK(byline_of("本报讯（特约记者 欧阳晓明）近日，会议召开。") == "特约记者:欧阳晓明");
    CHECK(byline_of("本报讯（特约通讯员 韩梅 实习生 许可）近日，会议召开。") == "特约通讯员:韩梅 实习生:许可");
    CHECK(byline_of("本报讯（记者 李安 实习记者 周全）近日，会议召开。") == "记者:李安 实习记者:周全");
}

TEST_CASE("byline: names of two, three and four characters; not one, not five") {
    CHECK(byline_of("本报讯（记者 白莹）近日，会议召开。") == "记者:白莹");
    CHECK(byline_of("本报讯（记者 刘欣欣）近日，会议召开。") == "记者:刘欣欣");
    CHECK(byline_of("本报讯（记者 司马相如）近日，会议召开。") == "记者:司马相如");
    CHECK(byline_of("本报讯（记者 白）近日，会议召开。").empty());
    CHECK(byline_of("本报讯（记者 工会近日召开）会议。").empty());
}

TEST_CASE("byline: a two-character name padded to three columns is one name, joined in the text") {
    const std::string in = "本报讯（记者 王 芳）近日，会议召开。";
    const auto doc = run(in);
    REQUIRE(doc.blocks.size() == 1);
    CHECK(people(doc.blocks[0]) == "记者:王芳");
    CHECK(doc.blocks[0].text == "本报讯（记者 王芳）近日，会议召开。");
    CHECK(doc.blocks[0].source == zhnorm::source_range{0, in.size()});
    CHECK(doc.count_of("credits") == 1);
    REQUIRE(doc.edits.size() == 1);
    CHECK(doc.edits[0].rule == "join_padded_name");
    CHECK(doc.edits[0].before == "本报讯（记者 王 芳）近日，会议召开。");
    // padded with an ideographic space, next to another role
    const auto doc2 = run("本报讯（记者 李　明 通讯员 赵思远）近日，会议召开。");
    CHECK(people(doc2.blocks[0]) == "记者:李明 通讯员:赵思远");
    CHECK(doc2.blocks[0].text == "本报讯（记者 李明 通讯员 赵思远）近日，会议召开。");
}

TEST_CASE("byline: a role glued to its name by a lost wrap space is parsed and spaced") {
    const auto doc = run("本报讯（记者 马超 通讯员李义康）近日，公司捐赠防疫物资。");
    CHECK(people(doc.blocks[0]) == "记者:马超 通讯员:李义康");
    CHECK(doc.blocks[0].text == "本报讯（记者 马超 通讯员 李义康）近日，公司捐赠防疫物资。");
    REQUIRE(doc.edits.size() == 1);
    CHECK(doc.edits[0].rule == "space_role_and_name");
    // and a name glued to the role after it
    CHECK(byline_of("本报讯（记者 马超通讯员 李义康）近日，公司捐赠防疫物资。") == "记者:马超 通讯员:李义康");
}

TEST_CASE("byline: agency style with names listed by 、 is parsed and kept as written") {
    const std::string p = "新华社北京1月2日电（记者张三、李四）今天，会议召开。";
    const auto doc = run(p);
    CHECK(people(doc.blocks[0]) == "记者:张三 记者:李四");
    CHECK(doc.blocks[0].text == p);
}

TEST_CASE("byline: before the spacing pass, half-width parentheses and stray spaces") {
    CHECK(byline_of("本报讯 (记者 白莹) 2021年12月31日,慰问团赴河北。") == "记者:白莹");
    CHECK(byline_of(" 本报讯 （记者 王路曼 ） 未来") == "记者:王路曼");
    CHECK(byline_of("本报讯 （记者 孙艳 ） 近期气温持续下降") == "记者:孙艳");
    CHECK(byline_of("本报讯  （ 记者  闫长禄  通讯员 李晓琦 李春玮 ） 近日") == "记者:闫长禄 通讯员:李晓琦 通讯员:李春玮");
}

TEST_CASE("byline: a reporting verb inside the parentheses is allowed") {
    CHECK(byline_of("本报讯（记者 张晶 报道）近日，会议召开。") == "记者:张晶");
}

TEST_CASE("byline: a byline in parentheses without a dateline, unless switched off") {
    CHECK(byline_of("（记者 张晶）近日，会议召开。") == "记者:张晶");
    CHECK(byline_of("（记者手记）近日，会议召开。").empty());
    CHECK(byline_of("（上接第一版）近日，会议召开。").empty());
    CHECK(byline_of("（图片由本报记者 张三 提供）近日，会议召开。").empty());
    zhnorm::credits pass;
    pass.opts.bare_parenthesis = false;
    CHECK(run("（记者 张晶）近日，会议召开。", pass).blocks[0].people.empty());
}

TEST_CASE("byline: only at the start of a paragraph, only after a dateline ending in 讯 or 电") {
    CHECK(byline_of("近日，本报讯（记者 赵思远）报道了会议。").empty());
    CHECK(byline_of("国家电网公司（记者 赵思远）近日召开会议。").empty());
    CHECK(byline_of("本报讯（国际在线）近日，会议召开。").empty());
    CHECK(byline_of("本报讯（记者 赵思远。近日）会议召开。").empty());
    CHECK(byline_of("本报讯（记者 赵思远").empty());
}

TEST_CASE("byline: a paragraph that also ends with a credit keeps both") {
    const auto doc = run("本报讯（记者 边磊）快递之家充满了欢声笑语。本报记者 边磊 摄");
    REQUIRE(doc.blocks.size() == 2);
    CHECK(people(doc.blocks[0]) == "记者:边磊");
    CHECK(doc.blocks[1].kind == block_kind::credit);
    CHECK(people(doc.blocks[1]) == "本报记者:边磊");
}

// ---- credits ----

TEST_CASE("credit: standalone credits of the paper, a correspondent and an agency") {
    struct c {
        const char* text;
        const char* who;
    };
    for (const c& x : {c{"本报记者 彭程 摄", "本报记者:彭程"}, c{"通讯员 王欣 摄", "通讯员:王欣"},
                       c{"新华社记者 李贺 摄", "新华社记者:李贺"}, c{"本报记者 边磊 摄影报道", "本报记者:边磊"},
                       c{"通讯员 陈婷 摄影报道", "通讯员:陈婷"}, c{"摄影 王欣", "摄影:王欣"},
                       c{"人民日报记者 张武军 摄", "人民日报记者:张武军"},
                       c{"新华社特约记者 黄孝邦 摄", "新华社特约记者:黄孝邦"}, c{"本报记者 崔欣", "本报记者:崔欣"},
                       c{"本报记者 张三、李四 摄", "本报记者:张三 本报记者:李四"},
                       c{"本报记者 于佳摄", "本报记者:于佳"}, c{"通讯员李义康 摄", "通讯员:李义康"}}) {
        CAPTURE(x.text);
        for (auto kind : {block_kind::credit, block_kind::paragraph}) {
            const auto doc = run(x.text, {}, {kind});
            REQUIRE(doc.blocks.size() == 1);
            CHECK(doc.blocks[0].kind == block_kind::credit);
            CHECK(people(doc.blocks[0]) == x.who);
        }
    }
}

TEST_CASE("credit: text keeps its fields with single spaces, padded names joined") {
    const auto doc = run("  本报记者  崔欣　 摄  ", {}, {block_kind::credit});
    CHECK(doc.blocks[0].text == "本报记者 崔欣 摄");
    const auto doc2 = run("本报记者 王 芳 摄", {}, {block_kind::credit});
    CHECK(doc2.blocks[0].text == "本报记者 王芳 摄");
    CHECK(people(doc2.blocks[0]) == "本报记者:王芳");
    const auto doc3 = run("本报记者 于佳摄", {}, {block_kind::credit});
    CHECK(doc3.blocks[0].text == "本报记者 于佳 摄");
    const auto doc4 = run("本报记者 彭程 摄", {}, {block_kind::credit});
    CHECK(doc4.blocks[0].text == "本报记者 彭程 摄");
    CHECK(doc4.count_of("credits") == 0);
}

TEST_CASE("credit: each person's role and name are whole strings, short or long (made in place)") {
    // (a dotted name of 17 bytes and the 15-byte role 新华社记者 straddle the short-string size)
    const auto doc = run("新华社记者 阿依古丽·买买提 通讯员 王芳 摄", {}, {block_kind::credit});
    REQUIRE(doc.blocks[0].people.size() == 2);
    CHECK(doc.blocks[0].people[0] == zhnorm::person{"新华社记者", "阿依古丽·买买提"});
    CHECK(doc.blocks[0].people[1] == zhnorm::person{"通讯员", "王芳"});
    const auto doc2 = run("本报记者 王 芳 李四 摄", {}, {block_kind::credit});
    CHECK(people(doc2.blocks[0]) == "本报记者:王芳 本报记者:李四");
}

TEST_CASE("credit: two adjacent credit lines become one block spanning both") {
    const std::string in = "本报记者 崔欣\n通讯员 宋雅欣 摄影报道\n";
    const auto doc = run(in, {}, {block_kind::credit, block_kind::credit});
    REQUIRE(doc.blocks.size() == 1);
    CHECK(doc.blocks[0].kind == block_kind::credit);
    CHECK(doc.blocks[0].text == "本报记者 崔欣 通讯员 宋雅欣 摄影报道");
    CHECK(people(doc.blocks[0]) == "本报记者:崔欣 通讯员:宋雅欣");
    CHECK(doc.blocks[0].source == zhnorm::source_range{0, in.size() - 1});
    REQUIRE(doc.edits.size() == 1);
    CHECK(doc.edits[0].rule == "merge_adjacent_credits");
    CHECK(doc.count_of("credits") == 1);
    // the same as paragraphs (no line-join before)
    const auto doc2 = run(in);
    REQUIRE(doc2.blocks.size() == 1);
    CHECK(doc2.blocks[0].text == "本报记者 崔欣 通讯员 宋雅欣 摄影报道");
}

TEST_CASE("credit: two closed credits stay two blocks; merging can be switched off") {
    const auto doc = run("本报记者 彭程 摄\n通讯员 王欣 摄\n");
    CHECK(doc.blocks.size() == 2);
    zhnorm::credits pass;
    pass.opts.merge_adjacent = false;
    const auto doc2 = run("本报记者 崔欣\n通讯员 宋雅欣 摄影报道\n", pass);
    CHECK(doc2.blocks.size() == 2);
}

TEST_CASE("credit: an open credit is not merged across a headline or a paragraph") {
    const auto doc = run("本报记者 崔欣\n标题文字\n通讯员 宋雅欣 摄影报道\n", {},
                         {block_kind::credit, block_kind::headline, block_kind::credit});
    CHECK(doc.blocks.size() == 3);
    const auto doc2 = run("本报记者 崔欣\n今天，会议召开。\n通讯员 宋雅欣 摄影报道\n");
    CHECK(doc2.blocks.size() == 3);
}

TEST_CASE("credit: a credit ending a caption paragraph is split off with its source range") {
    const std::string in = "为快递员送上慰问品，关心关爱户外劳动者。 本报记者 于佳 摄\n";
    const auto doc = run(in);
    REQUIRE(doc.blocks.size() == 2);
    CHECK(doc.blocks[0].kind == block_kind::paragraph);
    CHECK(doc.blocks[0].text == "为快递员送上慰问品，关心关爱户外劳动者。");
    CHECK(doc.blocks[0].people.empty());
    CHECK(doc.blocks[1].kind == block_kind::credit);
    CHECK(doc.blocks[1].text == "本报记者 于佳 摄");
    CHECK(people(doc.blocks[1]) == "本报记者:于佳");
    const std::size_t at = in.find("本报记者");
    CHECK(doc.blocks[0].source == zhnorm::source_range{0, at});
    CHECK(doc.blocks[1].source == zhnorm::source_range{at, in.size() - 1});
    REQUIRE(doc.edits.size() == 1);
    CHECK(doc.edits[0].rule == "split_trailing_credit");
    CHECK(doc.count_of("credits") == 1);
}

TEST_CASE("credit: a trailing credit without a space after the sentence, with two roles") {
    const auto doc = run("发放慰问品300余套，为他们送去“娘家人”的关心关爱。本报记者 边磊 通讯员 赵紫明 摄影报道");
    REQUIRE(doc.blocks.size() == 2);
    CHECK(doc.blocks[0].text == "发放慰问品300余套，为他们送去“娘家人”的关心关爱。");
    CHECK(doc.blocks[1].text == "本报记者 边磊 通讯员 赵紫明 摄影报道");
    CHECK(people(doc.blocks[1]) == "本报记者:边磊 通讯员:赵紫明");
}

TEST_CASE("credit: a caption without punctuation before its credit") {
    const auto doc = run("志愿者在冬奥场馆工作 本报记者 张三 摄");
    REQUIRE(doc.blocks.size() == 2);
    CHECK(doc.blocks[0].text == "志愿者在冬奥场馆工作");
    CHECK(people(doc.blocks[1]) == "本报记者:张三");
}

TEST_CASE("credit: a credit in parentheses ending a caption is split off, parentheses kept") {
    const std::string in = "工人们在生产线上忙碌，迎接新年。（新华社记者 李贺 摄）\n";
    const auto doc = run(in);
    REQUIRE(doc.blocks.size() == 2);
    CHECK(doc.blocks[0].kind == block_kind::paragraph);
    CHECK(doc.blocks[0].text == "工人们在生产线上忙碌，迎接新年。");
    CHECK(doc.blocks[1].kind == block_kind::credit);
    CHECK(doc.blocks[1].text == "（新华社记者 李贺 摄）");
    CHECK(people(doc.blocks[1]) == "新华社记者:李贺");
    const std::size_t at = in.find("（新华社");
    CHECK(doc.blocks[0].source == zhnorm::source_range{0, at});
    CHECK(doc.blocks[1].source == zhnorm::source_range{at, in.size() - 1});
    REQUIRE(doc.edits.size() == 1);
    CHECK(doc.edits[0].rule == "split_trailing_credit");
}

TEST_CASE("credit: a credit in parentheses is split off after any text when its verb closes it") {
    const auto doc = run("工人在车间内作业(新华社记者 李贺  摄影报道)");
    REQUIRE(doc.blocks.size() == 2);
    CHECK(doc.blocks[0].text == "工人在车间内作业");
    CHECK(doc.blocks[1].text == "(新华社记者 李贺 摄影报道)");
    CHECK(people(doc.blocks[1]) == "新华社记者:李贺");
}

TEST_CASE("credit: a credit in parentheses without a verb is split off only after a sentence") {
    const auto after = run("活动将持续到月底。（记者 张三 通讯员 李四）");
    REQUIRE(after.blocks.size() == 2);
    CHECK(after.blocks[1].text == "（记者 张三 通讯员 李四）");
    CHECK(people(after.blocks[1]) == "记者:张三 通讯员:李四");
    for (const char* kept : {"活动将持续到月底（记者 张三）", "据了解，该项目（记者 张三 摄）已完工。",
                             "活动将持续到月底。（上接第一版）", "活动将持续到月底。（完）"}) {
        CAPTURE(kept);
        const auto doc = run(kept);
        REQUIRE(doc.blocks.size() == 1);
        CHECK(doc.blocks[0].text == kept);
        CHECK(doc.blocks[0].people.empty());
    }
}

TEST_CASE("credit: a closing verb after a slash (`张三/摄`) closes the credit, the slash kept") {
    for (const char* credit : {"本报记者 张三/摄", "记者 张三／摄影报道", "记者 张三/文/图"}) {
        CAPTURE(credit);
        const auto doc = run(credit);
        REQUIRE(doc.blocks.size() == 1);
        CHECK(doc.blocks[0].kind == block_kind::credit);
        CHECK(doc.blocks[0].text == credit);
        CHECK(doc.blocks[0].people.size() == 1);
        CHECK(doc.blocks[0].people[0].name == "张三");
    }
    const auto caption = run("工人们在车间作业。本报记者 张三/摄");
    REQUIRE(caption.blocks.size() == 2);
    CHECK(caption.blocks[1].text == "本报记者 张三/摄");
    // Not a verb at the end, or not a credit's verb: no credit.
    for (const char* kept : {"记者 张三/摄 李四", "记者 张三/图书", "他说 张三/摄"}) {
        CAPTURE(kept);
        CHECK(all_people(run(kept)) == 0);
    }
}

TEST_CASE("credit: a credit in parentheses standing alone needs its verb") {
    const auto with_verb = run("（新华社记者 李贺 摄）");
    REQUIRE(with_verb.blocks.size() == 1);
    CHECK(with_verb.blocks[0].kind == block_kind::credit);
    CHECK(with_verb.blocks[0].text == "（新华社记者 李贺 摄）");
    CHECK(people(with_verb.blocks[0]) == "新华社记者:李贺");
    // Fields parted by any field space.
    const auto tabs = run("（新华社记者\t李贺\xE3\x80\x80摄）");
    REQUIRE(tabs.blocks.size() == 1);
    CHECK(people(tabs.blocks[0]) == "新华社记者:李贺");
    // Without one it reads as the byline opening a story, as before.
    const auto without = run("（记者 张三）");
    REQUIRE(without.blocks.size() == 1);
    CHECK(without.blocks[0].kind == block_kind::paragraph);
    CHECK(people(without.blocks[0]) == "记者:张三");
}

TEST_CASE("credit: an open credit ending a paragraph joins the closed credit after it") {
    const auto doc = run("关心关爱户外劳动者。本报记者 崔欣\n通讯员 宋雅欣 摄影报道\n");
    REQUIRE(doc.blocks.size() == 2);
    CHECK(doc.blocks[0].text == "关心关爱户外劳动者。");
    CHECK(doc.blocks[1].text == "本报记者 崔欣 通讯员 宋雅欣 摄影报道");
    CHECK(people(doc.blocks[1]) == "本报记者:崔欣 通讯员:宋雅欣");
    // without a credit after it, an open role and name at a paragraph's end stay text
    const auto doc2 = run("关心关爱户外劳动者。本报记者 崔欣\n");
    CHECK(doc2.blocks.size() == 1);
    CHECK(all_people(doc2) == 0);
}

TEST_CASE("credit: a credit block that does not parse goes back to paragraph") {
    const auto doc = run("今天，会议在京召开。\n", {}, {block_kind::credit});
    REQUIRE(doc.blocks.size() == 1);
    CHECK(doc.blocks[0].kind == block_kind::paragraph);
    CHECK(doc.blocks[0].people.empty());
    zhnorm::credits pass;
    pass.opts.demote_unparsed = false;
    CHECK(run("今天，会议在京召开。\n", pass, {block_kind::credit}).blocks[0].kind == block_kind::credit);
}

TEST_CASE("credit: switches for splitting, promoting and rewriting") {
    zhnorm::credits pass;
    pass.opts.split_trailing = false;
    CHECK(run("关心关爱户外劳动者。本报记者 于佳 摄", pass).blocks.size() == 1);
    pass = {};
    pass.opts.promote_paragraphs = false;
    CHECK(run("本报记者 于佳 摄", pass).blocks[0].kind == block_kind::paragraph);
    pass = {};
    pass.opts.rewrite_fields = false;
    const auto doc = run("本报讯（记者 王 芳）近日，会议召开。\n本报记者  于佳 摄\n", pass);
    CHECK(doc.blocks[0].text == "本报讯（记者 王 芳）近日，会议召开。");
    CHECK(people(doc.blocks[0]) == "记者:王芳");
    CHECK(doc.blocks[1].text == "本报记者  于佳 摄");
    pass = {};
    pass.opts.bylines = false;
    CHECK(run("本报讯（记者 赵思远）未来五年。", pass).blocks[0].people.empty());
}

TEST_CASE("credit: users extend the role table through options") {
    CHECK(run("本报讯（评论员 张三）近日，会议召开。").blocks[0].people.empty());
    zhnorm::credits pass;
    pass.opts.extra_roles = {"评论员", "本报评论员"};
    CHECK(people(run("本报讯（评论员 张三）近日，会议召开。", pass).blocks[0]) == "评论员:张三");
    const auto doc = run("本报评论员 李四", pass);
    CHECK(doc.blocks[0].kind == block_kind::credit);
    CHECK(people(doc.blocks[0]) == "本报评论员:李四");
}

// ---- no false positives ----

TEST_CASE("no people: sentences that mention a reporter") {
    for (const char* s : {"关平向记者介绍，在已有的基础上继续推进。", "记者近日从通州区总工会获悉，活动已经启动。",
                          "记者发现", "记者发现，现场秩序井然。", "孙宇航告诉记者，很荣幸参与到扶贫工作中。",
                          "记者了解到，此次活动也是首次举办。", "工交流的平台……记者近日从通",
                          "“的哥”徐跃告诉记者：“非常感谢工会组织的关心。”", "记者手记", "记者 走访了多家企业。"}) {
        CAPTURE(s);
        const auto doc = run(s);
        REQUIRE(doc.blocks.size() == 1);
        CHECK(doc.blocks[0].kind == block_kind::paragraph);
        CHECK(all_people(doc) == 0);
        CHECK(doc.blocks[0].text == s);
    }
}

TEST_CASE("no people: sentences ending in 摄 that are not credits") {
    for (const char* s : {"志愿者们用镜头记录下这一刻的拍摄", "这张照片由记者张三摄", "图为现场本报记者 于佳 摄",
                          "大家纷纷拿出手机拍摄。", "他说：“记者 张三 摄”", "图为活动现场。张三 摄",
                          "现场。本报记者 摄", "他们在雪中拍 摄"}) {
        CAPTURE(s);
        const auto doc = run(s);
        REQUIRE(doc.blocks.size() == 1);
        CHECK(doc.blocks[0].kind == block_kind::paragraph);
        CHECK(all_people(doc) == 0);
    }
}

TEST_CASE("no people: headlines are left alone, even when shaped like an open credit") {
    const auto doc = run("本报记者 彭程\n", {}, {block_kind::headline});
    CHECK(doc.blocks[0].kind == block_kind::headline);
    CHECK(all_people(doc) == 0);
    const auto doc2 = run("在京过大年 一起向未来\n", {}, {block_kind::headline});
    CHECK(all_people(doc2) == 0);
}

TEST_CASE("no people: clean text without bylines, and English text") {
    const auto doc = run("今天，会议在京召开。\n\n与会代表认真讨论了报告。\nThe reporter took a photo.\n"
                         "Reporter Zhang San, photo\n1月20日，天空中飘着雪花。\n");
    CHECK(all_people(doc) == 0);
    CHECK(doc.count_of("credits") == 0);
    CHECK(doc.edits.empty());
}

TEST_CASE("no people: running text is never mined for names") {
    const auto doc = run("记者 王芳 说，今天会议召开。");
    CHECK(all_people(doc) == 0);
    const auto doc2 = run("会议由本报记者 王芳主持，通讯员 李四 参加。");
    CHECK(all_people(doc2) == 0);
}

// ---- the shared shape test ----

TEST_CASE("looks_like_credit: credit shapes") {
    using zhnorm::detail::looks_like_credit;
    for (const char* s : {"本报记者 崔欣", "通讯员 宋雅欣 摄影报道", "本报记者 彭程 摄", "新华社记者 李贺 摄",
                          "本报记者 王 芳 摄", " 通讯员 王欣 摄 ", "通讯员李义康 摄", "本报记者 于佳摄",
                          "本报记者 崔欣 通讯员 宋雅欣 摄影报道"}) {
        CAPTURE(s);
        CHECK(looks_like_credit(s));
    }
}

TEST_CASE("looks_like_credit: near misses") {
    using zhnorm::detail::looks_like_credit;
    for (const char* s : {"", "本报记者", "本报记者崔欣", "记者发现", "关平向记者介绍", "记者近日从通州区总工会获悉，",
                          "本报讯 （记者 马超 通讯员", "李义康） 近日， 中建二局一公司", "员 李晓琦 李春玮） 近日，门头沟",
                          "记者 了解到， 此次活动也是", "这张照片由记者张三摄", "记者现场拍摄", "本报记者 摄",
                          "本报记者 崔欣 摄 通讯员 宋雅欣", "在京过大年 一起向未来", "记者 王"}) {
        CAPTURE(s);
        CHECK_FALSE(looks_like_credit(s));
    }
}

TEST_CASE("looks_like_credit: extra roles") {
    const std::vector<std::string> extra = {"评论员"};
    CHECK_FALSE(zhnorm::detail::looks_like_credit("评论员 张三"));
    CHECK(zhnorm::detail::looks_like_credit("评论员 张三", extra));
}

TEST_CASE("role_prefix: table roles longest first, organisation roles, not running text") {
    using zhnorm::detail::role_prefix;
    CHECK(role_prefix("本报记者 崔欣") == std::string_view("本报记者").size());
    CHECK(role_prefix("特约通讯员 韩梅") == std::string_view("特约通讯员").size());
    CHECK(role_prefix("新华社记者 李贺") == std::string_view("新华社记者").size());
    CHECK(role_prefix("记者 赵思远") == std::string_view("记者").size());
    CHECK(role_prefix("关平向记者介绍") == 0);
    CHECK(role_prefix("孙宇航告诉记者") == 0);
    CHECK(role_prefix("图为现场本报记者") == 0);
}

// ---- the pass in a pipeline ----

TEST_CASE("credits runs last in the default pipeline and is idempotent") {
    const std::string in = "本报讯 （记者 赵思远） 未来五年内服务万名职工。\n本报记者 崔欣\n通讯员 宋雅欣 摄影报道\n"
                           "关心关爱户外劳动者。 本报记者 于佳 摄\n";
    auto doc = zhnorm::normalize(in);
    std::size_t credits = 0, bylines = 0;
    for (const auto& b : doc.blocks) {
        if (b.kind == block_kind::credit) ++credits;
        if (b.kind == block_kind::paragraph && !b.people.empty()) ++bylines;
    }
    CHECK(credits == 2);
    CHECK(bylines == 1);
    std::vector<std::pair<std::string, std::string>> first;
    for (const auto& b : doc.blocks) first.emplace_back(std::string(b.text), people(b));
    zhnorm::credits{}(doc);
    REQUIRE(doc.blocks.size() == first.size());
    for (std::size_t i = 0; i < first.size(); ++i) {
        CHECK(doc.blocks[i].text == first[i].first);
        CHECK(people(doc.blocks[i]) == first[i].second);
    }
}

TEST_CASE("credits: long paragraphs and many reporter mentions cost nothing and yield nothing") {
    std::string in;
    for (int i = 0; i < 20000; ++i) in += "记者 记者发现记者、";
    in += "\n";
    for (int i = 0; i < 20000; ++i) in += "本报记者 ";
    in += "\n";
    const auto doc = run(in, {}, {}, false);
    CHECK(all_people(doc) == 0);
    CHECK(doc.blocks.size() == 2);
}

TEST_CASE("credit: a credit wrapped over two blocks is joined into one") {
    const std::string in = "本报记者 崔欣 通讯员\n宋雅欣 摄影报道\n";
    const auto doc = run(in);
    REQUIRE(doc.blocks.size() == 1);
    CHECK(doc.blocks[0].kind == block_kind::credit);
    CHECK(doc.blocks[0].text == "本报记者 崔欣 通讯员 宋雅欣 摄影报道");
    CHECK(people(doc.blocks[0]) == "本报记者:崔欣 通讯员:宋雅欣");
    CHECK(doc.blocks[0].source == zhnorm::source_range{0, in.size() - 1});
    const auto doc2 = run("本报记者 于佳\n摄\n", {}, {block_kind::credit});
    REQUIRE(doc2.blocks.size() == 1);
    CHECK(doc2.blocks[0].text == "本报记者 于佳 摄");
    const auto doc3 = run("通讯员 宋雅\n欣 摄影报道\n");
    REQUIRE(doc3.blocks.size() == 1);
    CHECK(people(doc3.blocks[0]) == "通讯员:宋雅欣");
    const auto doc4 = run("本报记者 崔欣\n通讯员 宋雅欣\n摄影报道\n");
    REQUIRE(doc4.blocks.size() == 1);
    CHECK(doc4.blocks[0].text == "本报记者 崔欣 通讯员 宋雅欣 摄影报道");
}

TEST_CASE("credit: no wrapped credit from a role line and ordinary text") {
    const auto doc = run("本报记者 崔欣 通讯员\n今天，会议在京召开。\n");
    CHECK(doc.blocks.size() == 2);
    CHECK(all_people(doc) == 0);
    const auto doc2 = run("本报记者 彭程 摄\n摄\n");
    CHECK(doc2.blocks.size() == 2);
}

TEST_CASE("byline: after a headline left glued to its paragraph") {
    CHECK(byline_of("公益慰问活动送给新就业形态劳动者本报讯（记者 余翠平）今年“两节”期间，基金会开展活动。") ==
          "记者:余翠平");
    CHECK(byline_of("市工业（国防）工会开展慰问 本报讯 （记者 马超） 新春佳节即将来临。") == "记者:马超");
    // not after a sentence: that is running text
    CHECK(byline_of("会议召开。本报讯（记者 余翠平）今年期间，基金会开展活动。").empty());
    zhnorm::credits pass;
    pass.opts.glued_title = false;
    pass.opts.max_dateline_chars = 12;
    CHECK(run("送给新就业形态劳动者本报讯（记者 余翠平）今年期间。", pass).blocks[0].people.empty());
    // a short headline passes for a long dateline anyway
    CHECK(people(run("送给劳动者本报讯（记者 余翠平）今年期间。", pass).blocks[0]) == "记者:余翠平");
}

TEST_CASE("credit: a caption credit wrapped onto the next block is split off with it") {
    const std::string in = "工作中发挥了重要作用。 本报记\n者 黄思 摄影报道\n";
    const auto doc = run(in, {}, {block_kind::paragraph, block_kind::headline});
    REQUIRE(doc.blocks.size() == 2);
    CHECK(doc.blocks[0].text == "工作中发挥了重要作用。");
    CHECK(doc.blocks[1].kind == block_kind::credit);
    CHECK(doc.blocks[1].text == "本报记者 黄思 摄影报道");
    CHECK(people(doc.blocks[1]) == "本报记者:黄思");
    const std::size_t at = in.find("本报记");
    CHECK(doc.blocks[0].source == zhnorm::source_range{0, at});
    CHECK(doc.blocks[1].source == zhnorm::source_range{at, in.size() - 1});
    REQUIRE(doc.edits.size() == 1);
    CHECK(doc.edits[0].rule == "split_credit_across_blocks");
    // the verb alone on the next line, and a role cut before its last characters
    const auto doc2 = run("工作中发挥了重要作用。 新华社记者 诸葛文鹏\n摄\n");
    REQUIRE(doc2.blocks.size() == 2);
    CHECK(doc2.blocks[1].text == "新华社记者 诸葛文鹏 摄");
    const auto doc3 = run("工作中发挥了重要作用。 本报\n记者 慕容嘉萍 摄\n", {}, {block_kind::paragraph, block_kind::credit});
    REQUIRE(doc3.blocks.size() == 2);
    CHECK(people(doc3.blocks[1]) == "本报记者:慕容嘉萍");
    CHECK(doc3.blocks[0].text == "工作中发挥了重要作用。");
}

TEST_CASE("credit: a paragraph's last words are not pulled into the credit after it") {
    const auto doc = run("会议表彰了一批优秀通讯员\n记者 王芳 摄\n", {}, {block_kind::paragraph, block_kind::credit});
    REQUIRE(doc.blocks.size() == 2);
    CHECK(doc.blocks[0].text == "会议表彰了一批优秀通讯员");
    CHECK(people(doc.blocks[1]) == "记者:王芳");
    const auto doc2 = run("活动在北京举行\n本报记者 张三 摄\n");
    REQUIRE(doc2.blocks.size() == 2);
    CHECK(doc2.blocks[0].text == "活动在北京举行");
    CHECK(doc2.blocks[1].text == "本报记者 张三 摄");
    const auto doc3 = run("工作中发挥了重要作用。 本报记者 张三\n在京过大年 一起向未来\n", {},
                          {block_kind::paragraph, block_kind::headline});
    CHECK(doc3.blocks.size() == 2);
    CHECK(all_people(doc3) == 0);
}

TEST_CASE("byline: a byline cut from its story by the line breaker is joined again") {
    // the parenthesis closes in the next block, which was taken for a headline
    const std::string in = "本报北京7月2日电 （记\n者 上官彤磊 实习生 慕容丽敏）\n近日，区总工会组织培训。\n";
    const auto doc = run(in, {}, {block_kind::paragraph, block_kind::headline, block_kind::paragraph});
    REQUIRE(doc.blocks.size() == 1);
    CHECK(doc.blocks[0].kind == block_kind::paragraph);
    CHECK(doc.blocks[0].text == "本报北京7月2日电 （记者 上官彤磊 实习生 慕容丽敏）近日，区总工会组织培训。");
    CHECK(people(doc.blocks[0]) == "记者:上官彤磊 实习生:慕容丽敏");
    CHECK(doc.blocks[0].source == zhnorm::source_range{0, in.size() - 1});
    // a role cut from its name at the wrap gets its space back
    const auto doc2 = run("本报讯（记者 马超 通讯员\n李义康）近日，公司捐赠防疫物资。\n");
    REQUIRE(doc2.blocks.size() == 1);
    CHECK(doc2.blocks[0].text == "本报讯（记者 马超 通讯员 李义康）近日，公司捐赠防疫物资。");
    CHECK(people(doc2.blocks[0]) == "记者:马超 通讯员:李义康");
    // two names cut between them keep their space
    const auto doc3 = run("本报讯（记者 李晓琦\n李春玮）近日，会议召开。\n");
    REQUIRE(doc3.blocks.size() == 1);
    CHECK(people(doc3.blocks[0]) == "记者:李晓琦 记者:李春玮");
    CHECK(doc3.blocks[0].text == "本报讯（记者 李晓琦 李春玮）近日，会议召开。");
}

TEST_CASE("byline: a byline block taken for a headline is a paragraph with its story") {
    const auto doc = run("本报讯 （记者 孔杰秀）\n近日，区总工会组织开展职工技能培训。\n", {},
                         {block_kind::headline, block_kind::paragraph});
    REQUIRE(doc.blocks.size() == 1);
    CHECK(doc.blocks[0].kind == block_kind::paragraph);
    CHECK(doc.blocks[0].text == "本报讯 （记者 孔杰秀）近日，区总工会组织开展职工技能培训。");
    CHECK(people(doc.blocks[0]) == "记者:孔杰秀");
    // a byline with story text after it stays as it is, only its kind changes
    const auto doc2 = run("本报讯（实习生 骆兰）开展\n标题\n", {}, {block_kind::headline, block_kind::headline});
    REQUIRE(doc2.blocks.size() == 2);
    CHECK(doc2.blocks[0].kind == block_kind::paragraph);
    CHECK(people(doc2.blocks[0]) == "实习生:骆兰");
}

TEST_CASE("byline: no rejoining without a byline that parses, or when switched off") {
    const auto doc = run("本报讯（国际\n在线）近日，会议召开。\n");
    CHECK(doc.blocks.size() == 2);
    const auto doc2 = run("本报讯（记者 赵思远）\n标题文字\n", {}, {block_kind::paragraph, block_kind::headline});
    CHECK(doc2.blocks.size() == 2);
    zhnorm::credits pass;
    pass.opts.rejoin_bylines = false;
    CHECK(run("本报讯（记者 马超 通讯员\n李义康）近日，公司捐赠防疫物资。\n", pass).blocks.size() == 2);
    CHECK(run("本报讯 （记者 孔杰秀）\n近日，区总工会组织开展职工技能培训。\n", pass).blocks.size() == 2);
}

TEST_CASE("byline: two names written together at a wrap are told apart by the source line break") {
    // what line-join gives: the lines joined without a space, source spanning both
    auto doc = one_block("本报讯 （记者 甄静敏\n诸葛兰芳） 近日，会议召开。\n", "本报讯（记者 甄静敏诸葛兰芳）近日，会议召开。");
    zhnorm::credits{}(doc);
    REQUIRE(doc.blocks.size() == 1);
    CHECK(people(doc.blocks[0]) == "记者:甄静敏 记者:诸葛兰芳");
    CHECK(doc.blocks[0].text == "本报讯（记者 甄静敏 诸葛兰芳）近日，会议召开。");
    REQUIRE(doc.edits.size() == 1);
    CHECK(doc.edits[0].rule == "space_names_at_wrap");
    // without a line break there, a run too long for one name stays unparsed
    CHECK(byline_of("本报讯（记者 甄静敏诸葛兰芳）近日，会议召开。").empty());
}

TEST_CASE("credit: a closed credit taken for a headline becomes a credit; an open one does not") {
    const auto doc = run("本报记者 那勇玉 摄\n", {}, {block_kind::headline});
    CHECK(doc.blocks[0].kind == block_kind::credit);
    CHECK(people(doc.blocks[0]) == "本报记者:那勇玉");
    const auto doc2 = run("本报记者 张三\n", {}, {block_kind::headline});
    CHECK(doc2.blocks[0].kind == block_kind::headline);
    zhnorm::credits pass;
    pass.opts.promote_headlines = false;
    CHECK(run("本报记者 那勇玉 摄\n", pass, {block_kind::headline}).blocks[0].kind == block_kind::headline);
}

TEST_CASE("byline: a byline broken over three blocks, the middle one taken for a credit") {
    const std::string in = "新华社北京5月25日电 （\n记者 梅梓霞 通讯员 上官怡明\n慕丽子） 个方面参训职工纷纷表示。\n";
    const auto doc = run(in, {}, {block_kind::paragraph, block_kind::credit, block_kind::paragraph});
    REQUIRE(doc.blocks.size() == 1);
    CHECK(doc.blocks[0].kind == block_kind::paragraph);
    CHECK(people(doc.blocks[0]) == "记者:梅梓霞 通讯员:上官怡明 通讯员:慕丽子");
    CHECK(doc.blocks[0].text == "新华社北京5月25日电 （记者 梅梓霞 通讯员 上官怡明 慕丽子） 个方面参训职工纷纷表示。");
    CHECK(doc.blocks[0].source == zhnorm::source_range{0, in.size() - 1});
}

TEST_CASE("credit: a credit ending a source line inside a paragraph is split off, the rest looked at again") {
    // what a line breaker that ran on past the credit gives: one block over four source lines
    const std::string in = "参训职工表示收获很大。新华社记者\n权飞佳 摄\n\n工会送温暖活动启动\n\n新华社北京6月11日电 （通讯员 梁涛杰） 近日，会议召开。\n";
    auto doc = one_block(in, "参训职工表示收获很大。新华社记者权飞佳 摄工会送温暖活动启动新华社北京6月11日电（通讯员 梁涛杰）近日，会议召开。");
    zhnorm::credits{}(doc);
    REQUIRE(doc.blocks.size() == 3);
    CHECK(doc.blocks[0].text == "参训职工表示收获很大。");
    CHECK(doc.blocks[1].kind == block_kind::credit);
    CHECK(doc.blocks[1].text == "新华社记者 权飞佳 摄");
    CHECK(people(doc.blocks[1]) == "新华社记者:权飞佳");
    CHECK(doc.blocks[2].kind == block_kind::paragraph);
    CHECK(people(doc.blocks[2]) == "通讯员:梁涛杰");
    CHECK(doc.blocks[0].source.end == doc.blocks[1].source.begin);
    CHECK(doc.blocks[1].source == zhnorm::source_range{in.find("新华社记者"), in.find("工会送温暖")});
    CHECK(doc.blocks[2].source == zhnorm::source_range{in.find("工会送温暖"), in.size() - 1});
}

TEST_CASE("credit: a credit in parentheses closing a source line inside a paragraph is split off") {
    const std::string in = "参训职工表示收获很大。（新华社记者\n权飞佳 摄）\n工会送温暖活动启动\n";
    auto doc = one_block(in, "参训职工表示收获很大。（新华社记者权飞佳 摄）工会送温暖活动启动");
    zhnorm::credits{}(doc);
    REQUIRE(doc.blocks.size() == 3);
    CHECK(doc.blocks[0].text == "参训职工表示收获很大。");
    CHECK(doc.blocks[1].kind == block_kind::credit);
    CHECK(doc.blocks[1].text == "（新华社记者 权飞佳 摄）");
    CHECK(people(doc.blocks[1]) == "新华社记者:权飞佳");
    CHECK(doc.blocks[1].source == zhnorm::source_range{in.find("（新华社"), in.find("工会送温暖")});
    CHECK(doc.blocks[2].text == "工会送温暖活动启动");
    // Without a line break after the parenthesis, or with no credit inside it, nothing is split.
    auto same_line = zhnorm::load("参训职工表示收获很大。（新华社记者 权飞佳 摄）工会送温暖活动启动。\n");
    zhnorm::credits{}(same_line);
    CHECK(same_line.blocks.size() == 1);
    auto no_credit = one_block("参训职工表示收获很大（图为\n现场摄）\n工会送温暖活动启动\n",
                               "参训职工表示收获很大（图为现场摄）工会送温暖活动启动");
    zhnorm::credits{}(no_credit);
    CHECK(no_credit.blocks.size() == 1);
}

TEST_CASE("credit: no inner split where no source line ends after the verb, or in running text") {
    const auto doc = run("他说，本报记者 张三 摄下了这张照片。\n");
    CHECK(doc.blocks.size() == 1);
    CHECK(all_people(doc) == 0);
    auto doc2 = zhnorm::load("参训职工表示收获很大。新华社记者 权飞佳 摄工会送温暖活动启动。\n");
    zhnorm::credits{}(doc2);
    CHECK(doc2.blocks.size() == 1);
    CHECK(all_people(doc2) == 0);
}

TEST_CASE("credit: an inner credit whose only separator is 、, U+3000 or U+00A0 is still found") {
    // the search for inner credits starts from field separators: each kind must lead to the verb
    auto doc = one_block("会议召开。记者张三、李四摄\n工会活动启动。\n", "会议召开。记者张三、李四摄工会活动启动。");
    zhnorm::credits{}(doc);
    REQUIRE(doc.blocks.size() == 3);
    CHECK(doc.blocks[1].text == "记者张三、李四摄");
    CHECK(people(doc.blocks[1]) == "记者:张三 记者:李四");
    CHECK(doc.blocks[2].text == "工会活动启动。");
    for (const std::string sep : {"\u3000", "\u00a0"}) {
        auto d = one_block("会议召开。本报记者" + sep + "于佳摄\n工会活动启动。\n",
                           "会议召开。本报记者" + sep + "于佳摄工会活动启动。");
        zhnorm::credits{}(d);
        REQUIRE(d.blocks.size() == 3);
        CHECK(people(d.blocks[1]) == "本报记者:于佳");
    }
}

TEST_CASE("credit: a verb after a list mark in running text at a line end is no inner credit") {
    // `、` then `图` right before a source line break: a candidate that must not parse
    auto doc = one_block("增加科普、养老和职业技能类图\n书，方便居民借阅。\n", "增加科普、养老和职业技能类图书，方便居民借阅。");
    zhnorm::credits{}(doc);
    CHECK(doc.blocks.size() == 1);
    CHECK(all_people(doc) == 0);
    auto doc2 = one_block("会议召开。记者 张三 摄影师\n李四介绍。\n", "会议召开。记者 张三 摄影师李四介绍。");
    zhnorm::credits{}(doc2);  // the verbs are followed by text on the same source line: no split
    CHECK(doc2.blocks.size() == 1);
}

// ---- credits after a bullet or a kind word ----

TEST_CASE("looks_like_credit: a kind word with a slash or colon, a bullet, a reporting verb") {
    using zhnorm::detail::looks_like_credit;
    for (const char* s : {"文/本报记者 张三", "图/新华社记者 李四", "文/图 本报记者 王五", "摄影：张三", "摄影:张三",
                          "文：本报记者 张三", "图／本报记者 王 芳", "■本报记者 张三", "□通讯员 李四",
                          "●本报记者 张三 通讯员 李四", "▲本报记者 彭程 摄", "■ 本报记者 张三", "★文/本报记者 张三",
                          "记者 张三 报道", "摄影：张三 李四", "文/本报记者 张三 图/本报记者 李四", "本报记者 张三 文杰 摄",
                          "本报记者 张三 文/图"}) {
        CAPTURE(s);
        CHECK(looks_like_credit(s));
    }
}

TEST_CASE("looks_like_credit: near misses of the bullet and kind-word shapes") {
    using zhnorm::detail::looks_like_credit;
    for (const char* s : {"■", "■记者手记", "■ 记者观察", "■本报记者", "文/图", "图/文 张三", "文/张", "文/张三，会议",
                          "文/本报记者张三", "文/本报记者 张三说，会议很成功", "图为本报记者 张三", "记者：谢谢",
                          "记者：张三", "通讯员：李四", "摄影：张", "摄影：张三说，照片很好", "摄影：", "文：", "文： 本报记者",
                          "摄影 ：会议", "会议■本报记者 张三", "图片/本报记者", "文/本报记者 张三 摄 通讯员",
                          "文/本报记者 张三 图/", "本报记者 张三 图/文 李四", "文/责任编辑 张三", "图/编辑 张三 李四",
                          "本报记者 张三 ■通讯员 李四", "本报记者 张三 记者：李四", "本报记者 张三 文/图 通讯员"}) {
        CAPTURE(s);
        CHECK_FALSE(looks_like_credit(s));
    }
}

TEST_CASE("credit: after a kind word and a slash or colon, the role as written, the lead kept") {
    struct c {
        const char* text;
        const char* who;
        const char* out;
    };
    for (const c& x : {c{"文/本报记者 张三", "本报记者:张三", "文/本报记者 张三"},
                       c{"图/新华社记者 李四", "新华社记者:李四", "图/新华社记者 李四"},
                       c{"文/图  本报记者 王五", "本报记者:王五", "文/图 本报记者 王五"},
                       c{"文/ 本报记者  王 芳", "本报记者:王芳", "文/本报记者 王芳"},
                       c{"摄影：张三", "摄影:张三", "摄影：张三"}, c{"摄影： 张三  李四", "摄影:张三 摄影:李四", "摄影：张三 李四"},
                       c{"文：本报记者 张三", "本报记者:张三", "文：本报记者 张三"},
                       c{"文：本报记者 张三 通讯员 李四", "本报记者:张三 通讯员:李四", "文：本报记者 张三 通讯员 李四"},
                       c{"文/本报记者 张三  图/新华社记者 李四", "本报记者:张三 新华社记者:李四",
                         "文/本报记者 张三 图/新华社记者 李四"},
                       c{"文/本报记者 张三 摄影： 李四", "本报记者:张三 摄影:李四", "文/本报记者 张三 摄影：李四"},
                       c{"本报记者 张三 图：通讯员 李四", "本报记者:张三 通讯员:李四", "本报记者 张三 图：通讯员 李四"},
                       // A kind word before a bare name is its role, as written.
                       c{"文/张三", "文:张三", "文/张三"}, c{"文/张三 图/李四", "文:张三 图:李四", "文/张三 图/李四"},
                       c{"文／张三　图／李四", "文:张三 图:李四", "文／张三 图／李四"}, c{"图：李四", "图:李四", "图：李四"},
                       c{"文/本报记者 张三 图/李四", "本报记者:张三 图:李四", "文/本报记者 张三 图/李四"}}) {
        CAPTURE(x.text);
        for (auto kind : {block_kind::credit, block_kind::paragraph}) {
            const auto doc = run(x.text, {}, {kind});
            REQUIRE(doc.blocks.size() == 1);
            CHECK(doc.blocks[0].kind == block_kind::credit);
            CHECK(people(doc.blocks[0]) == x.who);
            CHECK(doc.blocks[0].text == x.out);
        }
    }
}

TEST_CASE("credit: after a bullet or box, which stays in the text") {
    struct c {
        const char* text;
        const char* who;
        const char* out;
    };
    for (const c& x : {c{"■本报记者 张三", "本报记者:张三", "■本报记者 张三"}, c{"□通讯员 李四", "通讯员:李四", "□通讯员 李四"},
                       c{"●本报记者  张三 通讯员 李四", "本报记者:张三 通讯员:李四", "●本报记者 张三 通讯员 李四"},
                       c{"▲ 本报记者 彭程 摄", "本报记者:彭程", "▲ 本报记者 彭程 摄"},
                       c{"■文/本报记者 张三", "本报记者:张三", "■文/本报记者 张三"}}) {
        CAPTURE(x.text);
        const auto doc = run(x.text);
        REQUIRE(doc.blocks.size() == 1);
        CHECK(doc.blocks[0].kind == block_kind::credit);
        CHECK(people(doc.blocks[0]) == x.who);
        CHECK(doc.blocks[0].text == x.out);
    }
}

TEST_CASE("credit: a reporter and 报道 on a line of their own") {
    const auto doc = run("记者 张三 报道");
    REQUIRE(doc.blocks.size() == 1);
    CHECK(doc.blocks[0].kind == block_kind::credit);
    CHECK(people(doc.blocks[0]) == "记者:张三");
    CHECK(all_people(run("记者 张三 报道了会议。")) == 0);
    CHECK(all_people(run("据记者 张三 报道，会议召开。")) == 0);
}

TEST_CASE("no people: bullets, kind words and colons in running text and Q&A") {
    for (const char* s : {"■今天上午，会议召开。", "■记者手记", "■ 记者观察：一线见闻", "图/文 张三", "文/张三说，会议很成功。",
                          "记者：谢谢您接受采访。", "记者：张三", "记者：您好", "通讯员：李四", "摄影：张三说，照片很好。",
                          "图为本报记者 张三 在现场", "文/本报记者 张三说，会议很成功。", "会议要求■本报记者 张三",
                          "摄影：张", "图片来源：网络"}) {
        CAPTURE(s);
        CHECK(all_people(run(s)) == 0);
        CHECK(all_people(run(s, {}, {block_kind::credit})) == 0);
    }
}

TEST_CASE("credit: a lead credit filling the first source line of a paragraph is split off, the rest looked at again") {
    // what line-join gives when it runs on past a credit it does not know (`摄影：` has a colon)
    const std::string in = "摄影：张三\n　　本报讯（记者 赵思远）今天，会议召开。\n";
    auto doc = one_block(in, "摄影：张三本报讯（记者 赵思远）今天，会议召开。");
    zhnorm::credits{}(doc);
    REQUIRE(doc.blocks.size() == 2);
    CHECK(doc.blocks[0].kind == block_kind::credit);
    CHECK(doc.blocks[0].text == "摄影：张三");
    CHECK(people(doc.blocks[0]) == "摄影:张三");
    CHECK(doc.blocks[1].kind == block_kind::paragraph);
    CHECK(doc.blocks[1].text == "本报讯（记者 赵思远）今天，会议召开。");
    CHECK(people(doc.blocks[1]) == "记者:赵思远");
    CHECK(doc.blocks[0].source.end == doc.blocks[1].source.begin);
    CHECK(doc.blocks[1].source.end == in.size() - 1);

    zhnorm::credits off;
    off.opts.split_leading = false;
    auto doc2 = one_block(in, "摄影：张三本报讯（记者 赵思远）今天，会议召开。");
    off(doc2);
    CHECK(doc2.blocks.size() == 1);
}

TEST_CASE("credit: no leading split where the source line runs on past the credit, or without a lead") {
    // the credit shape ends mid-line: running text
    CHECK(run("摄影：张三今天上午在现场拍下了照片。\n").blocks.size() == 1);
    CHECK(all_people(run("摄影：张三今天上午在现场拍下了照片。\n")) == 0);
    // a name wrapped onto the next source line is no credit filling the first
    for (const char* text : {"摄影：张\n三今天上午在现场拍下了照片。\n", "文/本报记者\n张三说，会议很成功。\n",
                             "本报记者 张三\n今天上午在现场拍下了照片。\n"}) {
        CAPTURE(text);
        const std::string in = text;
        std::string joined;
        for (char ch : in)
            if (ch != '\n') joined += ch;
        auto doc = one_block(in, joined);
        zhnorm::credits{}(doc);
        CHECK(doc.blocks.size() == 1);
        CHECK(all_people(doc) == 0);
    }
}

TEST_CASE("byline: a bullet before the dateline, and city-and-date datelines in both bracket widths") {
    CHECK(byline_of("■本报讯（记者 赵思远）今天，会议召开。") == "记者:赵思远");
    CHECK(byline_of("本报上海3月5日电（记者 赵思远）今天，会议召开。") == "记者:赵思远");
    CHECK(byline_of("本报上海3月5日电(记者 赵思远)今天，会议召开。") == "记者:赵思远");
    CHECK(byline_of("本报上海3月5日电 （记者 赵思远 通讯员 李四） 今天，会议召开。") == "记者:赵思远 通讯员:李四");
    CHECK(byline_of("新华社上海3月5日电(记者 赵思远 周小燕)今天，会议召开。") == "记者:赵思远 记者:周小燕");
    CHECK(byline_of("■会议要求，本报讯（记者 赵思远）今天。").empty());
}

TEST_CASE("line-join keeps a slash or bullet credit line as its own block") {
    for (const char* credit : {"文/本报记者 张三", "图/新华社记者 李四", "文/图 本报记者 王五", "■本报记者 张三",
                               "□通讯员 李四", "▲本报记者 彭程 摄", "记者 张三 报道"}) {
        CAPTURE(credit);
        std::string in = "　　近日，北京市总工会举行了慰问活动，为一线职工送去\n了温暖和关怀，受到了大家的欢迎。\n";
        in += credit;
        in += "\n　　今天上午，区总工会召开座谈会，与会人员就职工服\n务工作进行了深入交流，会议取得了成功。\n";
        const auto doc = zhnorm::normalize(in);
        REQUIRE(doc.blocks.size() == 3);
        CHECK(doc.blocks[1].kind == block_kind::credit);
        CHECK(doc.blocks[1].people.size() >= 1);
        CHECK(doc.blocks[0].people.empty());
        CHECK(doc.blocks[2].people.empty());
    }
}

TEST_CASE("a colon credit line run into the next paragraph by line-join is split off again") {
    const std::string in = "　　近日，北京市总工会举行了慰问活动，为一线职工送去\n了温暖和关怀，受到了大家的欢迎。\n摄影：张三\n"
                           "　　今天上午，区总工会召开座谈会，与会人员就职工服\n务工作进行了深入交流。\n";
    const auto doc = zhnorm::normalize(in);
    REQUIRE(doc.blocks.size() == 3);
    CHECK(doc.blocks[1].kind == block_kind::credit);
    CHECK(doc.blocks[1].text == "摄影：张三");
    CHECK(people(doc.blocks[1]) == "摄影:张三");
    CHECK(doc.blocks[2].text == "今天上午，区总工会召开座谈会，与会人员就职工服务工作进行了深入交流。");
}

TEST_CASE("role: a reporter stationed away, after 本报 or an organisation, as written") {
    using zhnorm::detail::role_prefix;
    CHECK(role_prefix("本报驻京记者 张三") == std::string_view("本报驻京记者").size());
    CHECK(role_prefix("本报驻香港特约记者 张三") == std::string_view("本报驻香港特约记者").size());
    CHECK(role_prefix("新华社驻耶路撒冷记者 李四") == std::string_view("新华社驻耶路撒冷记者").size());
    CHECK(role_prefix("驻京记者 张三") == 0);
    CHECK(role_prefix("本报驻 张三") == 0);
    CHECK(role_prefix("本报驻京办事处 张三") == 0);
    CHECK(role_prefix("本报驻七个国家的地区记者") == 0);
    CHECK(people(run("本报驻京记者 张三 摄").blocks.at(0)) == "本报驻京记者:张三");
    CHECK(people(run("新华社驻香港记者 李四 摄").blocks.at(0)) == "新华社驻香港记者:李四");
    CHECK(byline_of("本报讯（本报驻广东特约记者 王五）近日，会议召开。") == "本报驻广东特约记者:王五");
    CHECK(all_people(run("本报驻京记者站负责人表示，会议很成功。")) == 0);
    CHECK(all_people(run("本报驻京记者站 负责人")) == 0);
}

TEST_CASE("byline: a dateline byline without parentheses, closed by 报道 and a colon, kept as written") {
    CHECK(byline_of("本报讯 记者 张三 报道：近日，会议召开。") == "记者:张三");
    CHECK(byline_of("本报讯 记者张三 通讯员李四报道：近日，会议召开。") == "记者:张三 通讯员:李四");
    CHECK(byline_of("本报上海3月5日电 记者 赵思远 周小燕 报道:近日，会议召开。") == "记者:赵思远 记者:周小燕");
    const auto doc = run("本报讯 记者张三 通讯员李四报道：近日，会议召开。");
    CHECK(doc.blocks.at(0).text == "本报讯 记者张三 通讯员李四报道：近日，会议召开。");
    const auto doc2 = run("本报讯 记者 王 芳 报道：近日，会议召开。");
    CHECK(doc2.blocks.at(0).text == "本报讯 记者 王芳 报道：近日，会议召开。");
    CHECK(people(doc2.blocks.at(0)) == "记者:王芳");
}

TEST_CASE("byline: no byline without parentheses unless 报道 closes it before a colon") {
    for (const char* s : {"本报讯 记者从市总工会获悉：近日，会议召开。", "本报讯 记者近日从区总工会了解到：会议召开。",
                          "本报讯 据新华社报道：近日，会议召开。", "本报讯 记者 张三：近日，会议召开。",
                          "本报讯 记者 张三 报道，近日会议召开。", "本报讯记者张三报道：近日，会议召开。",
                          "今天 记者 张三 报道：会议召开。", "本报讯 记者张三报道称：会议召开。",
                          "本报讯 今天记者前往现场报道：会议召开。"}) {
        CAPTURE(s);
        CHECK(byline_of(s).empty());
    }
}

TEST_CASE("credit: a caption's trailing credit after a bullet or a kind word is split off with it") {
    for (const char* credit : {"■本报记者 张三 摄", "图/新华社记者 李四 摄", "文/图 本报记者 王五 摄", "▲ 通讯员 李四 摄"}) {
        CAPTURE(credit);
        const std::string in = std::string("近日，北京市总工会举行了慰问活动。") + credit;
        const auto doc = run(in);
        REQUIRE(doc.blocks.size() == 2);
        CHECK(doc.blocks[0].text == "近日，北京市总工会举行了慰问活动。");
        CHECK(doc.blocks[1].kind == block_kind::credit);
        CHECK(doc.blocks[1].text == credit);
        CHECK(doc.blocks[1].people.size() == 1);
    }
    // a bullet in running text before a credit-shaped tail without a verb is no credit
    CHECK(run("近日，北京市总工会举行了慰问活动。■本报记者 张三").blocks.size() == 1);
}

TEST_CASE("credits is idempotent on the bullet, kind-word and open-byline shapes") {
    const std::string in = "摄影：张三\n　　本报讯 记者 王 芳 报道：近日，会议召开，职工们纷纷表示收获很大。\n"
                           "文/图 本报记者 王五\n　　近日，北京市总工会举行了慰问活动。■本报记者 李四 摄\n"
                           "文/本报记者 张三 图/新华社记者 李四\n";
    auto doc = zhnorm::normalize(in);
    std::vector<std::pair<std::string, std::string>> first;
    for (const auto& b : doc.blocks) first.emplace_back(std::string(b.text), people(b));
    CHECK(all_people(doc) == 6);
    zhnorm::credits{}(doc);
    REQUIRE(doc.blocks.size() == first.size());
    for (std::size_t i = 0; i < first.size(); ++i) {
        CHECK(doc.blocks[i].text == first[i].first);
        CHECK(people(doc.blocks[i]) == first[i].second);
    }
}

namespace {

// Every field of two parses of `s`, told apart by name in a failure.
void check_same_parse(std::string_view s, const zhnorm::detail::credit_parse& a, const zhnorm::detail::credit_parse& b) {
    CAPTURE(s);
    CHECK(a.ok == b.ok);
    if (!a.ok || !b.ok) return;  // a failed parse tells only that
    CHECK(a.size == b.size);
    CHECK(a.names == b.names);
    CHECK(a.fields == b.fields);
    CHECK(a.has_verb == b.has_verb);
    CHECK(a.glued == b.glued);
    CHECK(a.padded == b.padded);
    CHECK(a.listed == b.listed);
    CHECK(a.lead.begin == b.lead.begin);
    CHECK(a.lead.end == b.lead.end);
    CHECK(a.lead.fields == b.lead.fields);
    CHECK(a.lead.role_begin == b.lead.role_begin);
    CHECK(a.lead.role_end == b.lead.role_end);
    CHECK(a.lead.space == b.lead.space);
    CHECK(a.parens.open_begin == b.parens.open_begin);
    CHECK(a.parens.open_end == b.parens.open_end);
    CHECK(a.parens.close_begin == b.parens.close_begin);
    CHECK(a.parens.close_end == b.parens.close_end);
    for (std::size_t k = 0; k < a.size && k < b.size; ++k) {
        CAPTURE(k);
        CHECK(a.tokens[k].kind == b.tokens[k].kind);
        CHECK(a.tokens[k].before == b.tokens[k].before);
        CHECK(a.tokens[k].padded == b.tokens[k].padded);
        CHECK(a.tokens[k].begin == b.tokens[k].begin);
        CHECK(a.tokens[k].end == b.tokens[k].end);
        CHECK(a.tokens[k].chars == b.tokens[k].chars);
    }
}

const std::vector<std::string> parse_samples = {
    "记者 林晓舟", "本报记者 林晓舟 摄", "本报记者 林晓舟 通讯员 蒋文博 摄影报道", "通讯员 蒋文博 摄影报道",
    "记者 沈一帆 通讯员 陶可欣", "  记者 林晓舟  ", "记者  林晓舟", "记者\t林晓舟", "记者\xE3\x80\x80林晓舟",
    "记者 林晓舟\xC2\xA0摄", "记者 王 芳", "记者 王 文", "记者 王芳 文", "记者 王芳 图", "记者 王文博", "记者 文博",
    "记者 王宏图", "记者 于佳摄", "记者 于佳 摄", "记者于佳 摄", "通讯员李义康", "记者 张三、李四", "记者张三、李四",
    "摄影 王欣", "摄影记者 王欣", "记者 王欣 摄影", "本报摄影记者 王欣 摄", "记者 阿依古丽·买买提", "记者 ·买买提",
    "记者 买买提·", "记者 张三四五六", "记者 张三四五", "记者 张的", "记者 们张", "记者 张三 记者", "记者 记者 张三",
    "记者 张三 摄 李四", "摄 张三", "报道 张三", "记者 张三 报道", "记者 张三 整理", "记者 张三 文/图",
    "记者 张三 图/文", "新华社记者 张三", "新华社记者 张三 摄", "人民日报记者 张三", "本报驻京记者 张三",
    "新华社驻香港记者 张三", "记者 张三 新华社记者 李四", "■本报记者 张三", "文/本报记者 张三", "摄影：张三",
    "文/图 本报记者 王五", "文/本报记者 张三 图/本报记者 李四", "本报记者 张三 摄影：李四", "记者 张三 文 李四",
    "记者 文 李四", "记者 张三 图片 李四", "记者 Zhang", "记者 张三 ", "记者", "张三 李四", "", "   ",
    "本报记者 林晓舟 通讯员", "本报记者 林晓舟 通讯员 蒋文博 摄影报道 摄", "实习生 张三 见习记者 李四 特约通讯员 王五",
    "本报特约记者 张三", "本报记者张三", "记者 张三李四", "记者 张三 摄影记者", "通讯员 张三员", "记者 生张三",
    "记者 张影", "记者 张三者", "记者 张道", "记者 张理", "记者 张整理", "记者 张报道", "记者 张供图",
    "记者 一二三四五六七八九十一二三四五六七", "记者 一二三四五六七八九十一二三四五六",
    "记者 一二三四五六七八九十一二三四五六七八九十一二三", "记者一二三四五六七八九十一二三四五六七八九十一二三四五六 摄",
    "记者 阿依古丽·买买提·一二三四五六七八九十一", "𠀀𠀁 记者 张三", "记者 𠀀𠀁𠀂",
    // (CJK outside U+4E00-U+9F7F, told by the table: U+9FA5, U+3400, 々, and U+4DC0 which is not CJK)
    "记者 龥龦", "记者 㐀㐁 摄", "记者 张々", "记者 张\xE4\xB7\x80",
    // In parentheses (the general parser looks inside them; the fast path declines).
    "（新华社记者 李贺 摄）", "(新华社记者 李贺 摄)", " （ 本报记者 张三 ） ", "（记者 张三", "记者 张三）", "（）",
    "（（记者 张三））", "（文/本报记者 张三）",
    // A closing verb after a slash.
    "本报记者 张三/摄", "记者 张三／摄", "记者 张三/文/图", "记者 张三/摄 李四", "记者 张三/", "记者 张三 / 摄",
};

} // namespace

TEST_CASE("parse_credit_fields: the plain-shape fast path gives what the general parser gives") {
    using namespace zhnorm::detail;
    const std::vector<std::string> extra = {"编辑", "本报评论员"};
    for (const auto& s : parse_samples)
        for (std::size_t max_name : {std::size_t{4}, std::size_t{20}})
            for (const bool with_extra : {false, true}) {
                const role_set roles = with_extra ? role_set{std::span<const std::string>(extra)} : role_set{};
                credit_parse fast, general;
                parse_credit_fields_into(s, roles, max_name, fast);
                credit_detail::parse_general_fields(s, roles, max_name, general);
                check_same_parse(s, fast, general);
            }
}

TEST_CASE("renders_as_written: only where render_fields writes the credit back as it is") {
    using namespace zhnorm::detail;
    const std::vector<std::string> extra = {"编辑", "本报评论员"};
    std::size_t same = 0, told = 0;
    for (const auto& s : parse_samples)
        for (const bool with_extra : {false, true}) {
            const role_set roles = with_extra ? role_set{std::span<const std::string>(extra)} : role_set{};
            const credit_parse r = parse_credit_fields(s, roles, 4);
            if (!r.ok) continue;
            std::string out(rendered_bound(s.size(), r.size), '\0');
            out.resize(render_fields(s, r, out.data()));
            CAPTURE(s);
            same += out == s;
            if (renders_as_written(s, r)) {
                CHECK(out == s);
                ++told;
            }
        }
    CHECK(told > 20);
    CHECK(told <= same);
    const credit_parse padded = parse_credit_fields("记者 王 芳", role_set{}, 4);
    CHECK_FALSE(renders_as_written("记者 王 芳", padded));
    const credit_parse spaced = parse_credit_fields("记者  林晓舟", role_set{}, 4);
    CHECK_FALSE(renders_as_written("记者  林晓舟", spaced));
}

TEST_CASE("parse_credit_fields: the fast path takes the plain shapes and leaves the rest to the general parser") {
    using namespace zhnorm::detail;
    const role_set roles;
    credit_parse r;
    for (const char* s : {"记者 林晓舟", "本报记者 林晓舟 摄", "通讯员 蒋文博 摄影报道", "记者 沈一帆 通讯员 陶可欣",
                          " 记者  王文博 "}) {
        CAPTURE(s);
        CHECK(credit_detail::parse_plain_fields(s, roles, 4, r));
        CHECK(r.ok);
    }
    for (const char* s : {"记者 王 芳", "■本报记者 张三", "记者 张三、李四", "通讯员李义康", "记者 于佳摄", "摄影 王欣",
                          "记者\t林晓舟", "记者 张三 摄 李四", "关平向记者介绍", "新华社记者 张三"}) {
        CAPTURE(s);
        CHECK_FALSE(credit_detail::parse_plain_fields(s, roles, 4, r));
    }
}

TEST_CASE("role_set::may_hold_role: yes for every default and extra role, no for text without one") {
    using namespace zhnorm::detail;
    const std::vector<std::string> extra = {"编辑", "本报评论员"};
    const role_set plain, with_extra{std::span<const std::string>(extra)};
    for (std::string_view r : zhnorm::default_roles) {
        CAPTURE(r);
        CHECK(plain.may_hold_role(r));
        CHECK(plain.may_hold_role(std::string("。") + std::string(r) + "张三"));
    }
    for (const auto& r : extra) {
        CAPTURE(r);
        CHECK(with_extra.may_hold_role(r));
        CHECK(with_extra.may_hold_role("他说" + r + "王五"));
    }
    CHECK_FALSE(plain.may_hold_role("编辑 王五"));
    CHECK_FALSE(plain.may_hold_role("据介绍，试点书屋由街道提供场地"));
    CHECK_FALSE(plain.may_hold_role(""));
    CHECK_FALSE(plain.may_hold_role("English text only"));
}

TEST_CASE("role_set::table_match: longest table role first, whatever order the table lists them in") {
    using namespace zhnorm::detail;
    const role_set roles;
    for (std::string_view r : zhnorm::default_roles) {
        CAPTURE(r);
        CHECK(roles.table_match(r) == r.size());
        CHECK(roles.table_match(std::string(r) + " 张三") == r.size());
        CHECK(roles.table_match(std::string(r).substr(0, r.size() - 3)) != r.size());
    }
    CHECK(roles.table_match("本报特约通讯员 张三") == std::string_view("本报特约通讯员").size());
    CHECK(roles.table_match("本报记者张三") == std::string_view("本报记者").size());
    CHECK(roles.table_match("记者") == std::string_view("记者").size());
    CHECK(roles.table_match("本报") == 0);
    CHECK(roles.table_match("记") == 0);
    CHECK(roles.table_match("据介绍，试点") == 0);
}

TEST_CASE("ends_with_credit_verb: every verb, after trailing spaces; not a verb's first characters") {
    using namespace zhnorm::detail;
    for (std::string_view v : credit_verbs) {
        CAPTURE(v);
        CHECK(ends_with_credit_verb(v));
        CHECK(ends_with_credit_verb("本报记者 张三 " + std::string(v) + "\xE3\x80\x80\xE3\x80\x80 \t"));
        CHECK_FALSE(ends_with_credit_verb("本报记者 张三 " + std::string(v) + " \xE3\x80\x80"));  // (as it always read)
        CHECK_FALSE(ends_with_credit_verb(std::string(v) + "。"));
    }
    CHECK_FALSE(ends_with_credit_verb("本报记者 张三"));
    CHECK_FALSE(ends_with_credit_verb("摄影报"));
    CHECK_FALSE(ends_with_credit_verb(""));
    CHECK_FALSE(ends_with_credit_verb("   "));
}

TEST_CASE("credit: a paragraph that is a credit with a stray 、 or spaces after its last name is still one") {
    // (may_be_credit looks at the last character before spaces and 、 only)
    for (const char* text : {"本报记者 张三 通讯员 李四、", "本报记者 张三\xE3\x80\x80", "本报记者 张三 摄 "}) {
        CAPTURE(text);
        const auto doc = run(text, {}, {block_kind::paragraph});
        REQUIRE(doc.blocks.size() == 1);
        CHECK(doc.blocks[0].kind == block_kind::credit);
        CHECK(!doc.blocks[0].people.empty());
    }
    const auto prose = run("本报记者 张三 通讯员 李四。", {}, {block_kind::paragraph});
    CHECK(prose.blocks[0].kind == block_kind::paragraph);
    CHECK(prose.blocks[0].people.empty());
}

TEST_CASE("non_cjk_punct3: no character it tells by bytes is CJK in the table") {
    // The org scan and the dateline scan stop at these without a table look-up.
    std::size_t told = 0;
    for (char32_t c = 0x800; c < 0x10000; ++c) {
        if (c >= 0xD800 && c <= 0xDFFF) continue;
        const unsigned char b[3] = {static_cast<unsigned char>(0xE0 | (c >> 12)),
                                    static_cast<unsigned char>(0x80 | ((c >> 6) & 0x3F)),
                                    static_cast<unsigned char>(0x80 | (c & 0x3F))};
        if (!zhnorm::detail::non_cjk_punct3(b)) continue;
        ++told;
        CAPTURE(static_cast<unsigned>(c));
        CHECK_FALSE(zhnorm::unicode::is_cjk(c));
    }
    CHECK(told == 64 + 2 + 10 + 2);
    const unsigned char kept[][3] = {{0xE3, 0x80, 0x85}, {0xE3, 0x80, 0x86}, {0xE3, 0x80, 0x87}, {0xE3, 0x80, 0xBB},
                                     {0xE3, 0x80, 0x80}, {0xE5, 0x8D, 0x8F}};
    for (const auto& k : kept) CHECK_FALSE(zhnorm::detail::non_cjk_punct3(k));
}

TEST_CASE("stop_or_dot_bits: every stop character and name dot has its bit, so valid_name's quick pass misses none") {
    using namespace zhnorm::detail;
    for (char32_t c = 0; c < 0x10000; ++c)
        if (is_stop_char(c) || is_name_dot(c)) {
            CAPTURE(static_cast<unsigned>(c));
            CHECK(((credit_detail::stop_or_dot_bits >> (c & 63u)) & 1u) == 1u);
        }
}

TEST_CASE("ideograph_bytes_end: where a run of U+4000-U+9FFF characters ends, at any offset and bound") {
    using namespace zhnorm::detail;
    const std::string_view pieces[] = {"书", "西", "。", "（", "a", "3", "\xE3\x80\x80", "\xC2\xB7", "㐀", "丁"};
    std::uint32_t seed = 777;
    for (int round = 0; round < 200; ++round) {
        std::string s;
        const int len = round % 60;
        for (int k = 0; k < len; ++k) {
            seed = seed * 1103515245u + 12345u;
            const std::uint32_t r = (seed >> 16) % 30;
            s += pieces[r < 20 ? r % 2 : 2 + (r - 20) % 8];
        }
        const auto* p = reinterpret_cast<const unsigned char*>(s.data());
        for (std::size_t i = 0; i < s.size(); ++i) {
            if (p[i] < 0xE4 || p[i] > 0xE9) continue;  // asked only at the start of such a character
            for (std::size_t end : {s.size(), std::min(s.size(), i + 30)}) {
                std::size_t want = i;
                while (want < end && p[want] >= 0xE4 && p[want] <= 0xE9) want += 3;
                want = std::min(want, end);
                CAPTURE(s);
                CAPTURE(i);
                CHECK(ideograph_bytes_end(p, i, end) == want);
            }
        }
    }
}

TEST_CASE("may_hold_byline_mark_before_stop: a parenthesis or colon of either width anywhere in a text with no stop; none in a plain headline") {
    using namespace zhnorm::detail;
    const std::string plain = "西城区32家社区书屋试点延时开放街巷里的夜读灯";
    CHECK_FALSE(may_hold_byline_mark_before_stop(plain));
    CHECK_FALSE(may_hold_byline_mark_before_stop(""));
    CHECK_FALSE(may_hold_byline_mark_before_stop("）)，。“”"));  // closing ones and other punctuation (and a stop first)
    for (std::string_view m : {"(", "（", ":", "："})
        for (std::size_t at = 0; at <= plain.size(); at += 3) {
            std::string s = plain;
            s.insert(at, m);
            CAPTURE(s);
            CHECK(may_hold_byline_mark_before_stop(s));
            CHECK(may_hold_byline_mark_before_stop(s.substr(at)));
        }
}

TEST_CASE("find_inner_verb: 摄, 图 or 报道 at any offset; not 报 alone, 道 alone or a character sharing their last byte") {
    const auto may_hold_inner_verb = [](std::string_view s) { return zhnorm::detail::find_inner_verb(s, 0) < s.size(); };
    const std::string plain = "西城区32家社区书屋试点延时开放街巷里的夜读灯亮到晚上十点";
    CHECK_FALSE(may_hold_inner_verb(plain));
    CHECK_FALSE(may_hold_inner_verb(""));
    CHECK_FALSE(may_hold_inner_verb("本报讯街道报告知道报名"));  // 报 and 道, never together
    CHECK_FALSE(may_hold_inner_verb("\xE6\x8A\xA5"));             // 报 at the very end
    CHECK_FALSE(may_hold_inner_verb("版书报纸"));                    // (the third byte of 摄, 图 or 报 in others)
    for (std::string_view v : {"摄", "图", "报道"})
        for (std::size_t at = 0; at <= plain.size(); at += 3) {
            std::string s = plain;
            s.insert(at, v);
            CAPTURE(s);
            CHECK(may_hold_inner_verb(s));
            CHECK(may_hold_inner_verb(s.substr(at)));
        }
}

TEST_CASE("split_inner: an inner credit closed by 文 is not split, even where 图 stands elsewhere in the paragraph") {
    // (the rule looks at the credit's verb alone: 文 and 整理 never, whatever else the paragraph holds)
    for (const std::string verb : {"文", "整理"})
        for (const std::string after : {"工会活动启动。", "工会图书活动启动。", "工会摄影展开幕。", "工会报道组成立。"}) {
            const std::string in = "会议召开。本报记者 张三 " + verb + "\n" + after + "\n";
            CAPTURE(in);
            auto doc = one_block(in, "会议召开。本报记者 张三 " + verb + after);
            zhnorm::credits{}(doc);
            CHECK(doc.blocks.size() == 1);
            CHECK(all_people(doc) == 0);
        }
    // (图 before the credit, in the same paragraph)
    auto before = one_block("图书馆开放。本报记者 张三 文\n工会活动启动。\n", "图书馆开放。本报记者 张三 文工会活动启动。");
    zhnorm::credits{}(before);
    CHECK(before.blocks.size() == 1);
}

TEST_CASE("split_inner: an inner credit closed by 摄 or another verb holding 摄, 图 or 报道 is split") {
    for (const std::string verb : {"摄", "摄影", "摄影报道", "报道", "图", "供图", "制图", "绘图", "文/图", "图/文"})
        for (const std::string after : {"工会活动启动。", "工会图书活动启动。"}) {
            const std::string in = "会议召开。本报记者 张三 " + verb + "\n" + after + "\n";
            CAPTURE(in);
            auto doc = one_block(in, "会议召开。本报记者 张三 " + verb + after);
            zhnorm::credits{}(doc);
            REQUIRE(doc.blocks.size() == 3);
            CHECK(doc.blocks[0].text == "会议召开。");
            CHECK(doc.blocks[1].kind == block_kind::credit);
            CHECK(doc.blocks[1].text == "本报记者 张三 " + verb);
            CHECK(people(doc.blocks[1]) == "本报记者:张三");
            CHECK(doc.blocks[2].text == after);
        }
    // a 文 credit before it is passed over, the 摄 one after it found
    auto doc = one_block("会议召开。本报记者 张三 文\n工会活动启动。记者 李四 摄\n展览开幕。\n",
                         "会议召开。本报记者 张三 文工会活动启动。记者 李四 摄展览开幕。");
    zhnorm::credits{}(doc);
    REQUIRE(doc.blocks.size() == 3);
    CHECK(doc.blocks[0].text == "会议召开。本报记者 张三 文工会活动启动。");
    CHECK(people(doc.blocks[1]) == "记者:李四");
    CHECK(doc.blocks[2].text == "展览开幕。");
}

TEST_CASE("a short headline with no parenthesis or colon is no byline; one with a dateline byline still is") {
    auto doc = run("本报讯（记者 张晶）\n西城区社区书屋试点延时开放\n", {}, {block_kind::paragraph, block_kind::headline});
    REQUIRE(doc.blocks.size() >= 1);
    CHECK(doc.blocks[0].people.size() == 1);
    bool plain_seen = false;
    for (const auto& b : doc.blocks)
        if (b.text == "西城区社区书屋试点延时开放") {
            plain_seen = true;
            CHECK(b.people.empty());
        }
    CHECK(plain_seen);
}

TEST_CASE("may_hold_role: a role's last character found after characters of any width; none in plain text") {
    using namespace zhnorm::detail;
    const role_set roles{};
    const std::string_view fillers[] = {"a", "\xC2\xB7", "书", "😀", "，", " "};
    for (std::string_view f : fillers)
        for (int k = 0; k < 5; ++k) {
            std::string s;
            for (int q = 0; q < k; ++q) s += f;
            CAPTURE(s);
            CHECK_FALSE(roles.may_hold_role(s + "书屋"));
            CHECK(roles.may_hold_role(s + "记者"));
            CHECK(roles.may_hold_role(s + "通讯员" + std::string(f)));
            CHECK(roles.may_hold_role(s + "实习生"));
        }
}

TEST_CASE("ends_with_credit_verb: each verb at the end, with trailing spaces; not text ending with a character sharing a verb's last byte") {
    using namespace zhnorm::detail;
    for (std::string_view v : credit_verbs) {
        std::string s = "本报记者 张三 ";
        s += v;
        CAPTURE(s);
        CHECK(ends_with_credit_verb(s));
        CHECK(ends_with_credit_verb(s + "\xE3\x80\x80  "));
        CHECK(ends_with_credit_verb(v));
        CHECK_FALSE(ends_with_credit_verb(s + "。"));
    }
    CHECK_FALSE(ends_with_credit_verb("试点延时开放"));  // 放 ends with BE as 图 does
    CHECK_FALSE(ends_with_credit_verb("街道"));          // not 报道
    CHECK(ends_with_credit_verb("记者 张三 报道"));
    CHECK_FALSE(ends_with_credit_verb(""));
    CHECK_FALSE(ends_with_credit_verb("  "));
    CHECK_FALSE(ends_with_credit_verb("ab"));
}

TEST_CASE("credit: the split point's source offset is found past spaces, ASCII, U+3000, U+00A0, U+2028 and four-byte characters") {
    const std::string heads[] = {"Wi-Fi和智能门禁。", "会场\xE3\x80\x80布置😀完毕。", "A\xC2\xA0" "B 夜读\xE2\x80\xA8灯亮。",
                                 "“第二客厅”（试点）、书屋。", "书屋。"};
    for (const std::string& h : heads) {
        const std::string in = h + " 本报记者 于佳 摄\n";
        CAPTURE(in);
        for (const bool whole : {false, true}) {  // alone, and after spacing took out spaces
            const auto doc = whole ? zhnorm::default_pipeline()(in) : run(in);
            REQUIRE(doc.blocks.size() >= 2);
            const auto& c = doc.blocks.back();
            CHECK(c.kind == block_kind::credit);
            CHECK(c.source == zhnorm::source_range{in.find("本报记者"), in.size() - 1});
        }
    }
}

namespace {
// The verbs split_inner looks at: those holding 摄, 图 or 报道.
bool ends_with_inner_verb(std::string_view head) {
    for (std::string_view v : zhnorm::detail::credit_verbs)
        if ((v.find("摄") != v.npos || v.find("图") != v.npos || v.find("报道") != v.npos) && head.ends_with(v))
            return true;
    return false;
}
// for_each_inner_verb_end's reference, as the credits pass first found its candidates: from every
// separator, a walk over the run of characters a credit may hold (a later separator pushes its
// end `reach` further; ASCII but `/` and the marks of ends_credit_run end it), calling at every
// character that ends one of those verbs.
std::vector<std::size_t> inner_verb_ends_reference(std::string_view s, std::size_t reach) {
    using zhnorm::detail::separator_at;
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    const std::size_t n = s.size();
    std::vector<std::size_t> want;
    std::size_t x = 0;
    for (;;) {
        while (x < n && !separator_at(s, x)) ++x;
        if (x >= n) return want;
        for (std::size_t limit = x + reach + 3; x < n && x < limit;) {
            if (const std::size_t sep = separator_at(s, x)) {
                limit = x + reach + 3;
                x += sep;
                continue;
            }
            if (p[x] < 0x80) {
                if (p[x] != '/') break;
                ++x;
                continue;
            }
            const std::size_t len = zhnorm::detail::utf8_length(p[x]);
            if (x + len > n || (len == 3 && zhnorm::detail::credit_detail::ends_credit_run(p + x))) break;
            if (len == 3 && ends_with_inner_verb(s.substr(0, x + 3))) want.push_back(x + 3);
            x += len;
        }
    }
}
} // namespace

TEST_CASE("for_each_inner_verb_end: the calls of the walk from each separator at the ends of verbs holding 摄, 图 or 报道") {
    using namespace zhnorm::detail;
    CHECK(ends_with_inner_verb("图/文"));
    CHECK_FALSE(ends_with_inner_verb("张三 文"));
    CHECK_FALSE(ends_with_inner_verb("张三 整理"));
    const std::string_view pieces[] = {"书", "摄", "图", "报道", "文", "理", "影", "道", " ", "\t", "\xE3\x80\x80", "、",
                                       "\xC2\xA0", "，", "。", "a", "“", "/", "\xC2\xB7", "😀", "〈", "记者", "报", "整",
                                       "摄影", "图/文", "文/图", "供", "放", "版"};
    constexpr std::uint32_t n_pieces = std::size(pieces);
    std::uint32_t seed = 777;
    std::size_t calls_seen = 0;
    auto check = [&](const std::string& s) {
        for (std::size_t reach : {std::size_t{240}, std::size_t{12}, std::size_t{3}}) {
            std::vector<std::size_t> got;
            for_each_inner_verb_end(s, reach, [&](std::size_t e) { got.push_back(e); return false; });
            const auto want = inner_verb_ends_reference(s, reach);
            CAPTURE(s);
            CAPTURE(reach);
            REQUIRE(got == want);
            // The credits pass finds the first hit itself (first_inner_verb) and calls only when there
            // is one (split_inner): none, no call; one handed in gives the same calls.
            for (const bool tu : {false, true}) {
                std::vector<std::size_t> all, given;
                for_each_inner_verb_end(s, reach, [&](std::size_t e) { all.push_back(e); return false; }, tu);
                if (!tu) CHECK(all == want);
                const std::size_t first = first_inner_verb(s, tu);
                CAPTURE(tu);
                if (first >= s.size()) {
                    CHECK(all.empty());
                } else {
                    for_each_inner_verb_end(s, reach, [&](std::size_t e) { given.push_back(e); return false; }, tu, first);
                    CHECK(given == all);
                }
            }
            calls_seen += want.size();
            if (!want.empty()) {  // stopping at the second call (or the first, if alone)
                const std::size_t stop = want.size() > 1 ? 2 : 1;
                std::size_t calls = 0, last = 0;
                CHECK(for_each_inner_verb_end(s, reach, [&](std::size_t e) { last = e; return ++calls == stop; }));
                CHECK(calls == stop);
                CHECK(last == want[stop - 1]);
            }
        }
    };
    for (int round = 0; round < 4000; ++round) {
        std::string s;
        const int len = round % 110;
        for (int k = 0; k < len; ++k) {
            seed = seed * 1103515245u + 12345u;
            const std::uint32_t r = (seed >> 16) % (n_pieces + 12);
            if (round % 3 == 0)  // separators thick
                s += pieces[r % 3 == 0 ? 8 + r % 6 : r % n_pieces];
            else if (round % 3 == 1)  // mostly 书, often a verb
                s += pieces[r < n_pieces ? r : 0];
            else if (r < n_pieces)
                s += pieces[r];
            else  // long runs of 书 between the pieces: verbs near and beyond their separators' reach
                for (std::uint32_t q = 0; q < 8 * (r - n_pieces + 1); ++q) s += "书";
        }
        check(s);
    }
    // crafted: each verb after a separator, at the end and before more text; 文 and 整理 never
    for (std::string_view v : credit_verbs)
        for (std::string_view sep : {" ", "、", "\xE3\x80\x80", "\xC2\xA0"})
            for (std::string_view tail : {"", "工会", "。", "图书"}) {
                const std::string s = "会议召开。本报记者" + std::string(sep) + "张三" + std::string(sep) + std::string(v) + std::string(tail);
                check(s);
            }
    CHECK(calls_seen > 1000);
}

TEST_CASE("for_each_inner_verb_end: a 图 inside a word it passes over never ends a trailing credit") {
    using namespace zhnorm::detail;
    const role_set roles{};
    // Characters before 图: word characters (passed over), the glued verbs' first characters, a
    // hexagram (U+4DC0, lead E4 but no CJK), and what opens a field.
    const std::string_view before[] = {"区", "责", "册", "宏", "者", "三", "供", "制", "绘", "䷀", "文/", " ", "、",
                                       "\xE3\x80\x80", "：", "■", "。", "张三", "记者"};
    const std::string_view heads[] = {"", "会议召开。", "本报记者 张三 ", "本报记者 张三", "本报记者张三", "摄影：",
                                      "文/本报记者 张三 ", "图/本报记者 李四 ", "记者 王 ", "新华社记者 李四 ", "本报记者 张三、"};
    const std::string_view tails[] = {"", " ", "书馆", "/文"};
    std::size_t skipped = 0, credits_kept = 0;
    for (std::string_view h0 : heads)
        for (std::string_view b : before)
            for (std::string_view b2 : {std::string_view{}, std::string_view{"王"}, std::string_view{" 王"}})
                for (std::string_view t : tails) {
                    // (find_trailing_credit never takes the whole text: text opens the first half)
                    const std::string s = std::string(h0 == heads[0] ? "" : "好。") + std::string(h0) + std::string(b2) +
                                          std::string(b) + "图" + std::string(t);
                    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
                    for (std::size_t h = 3; h + 3 <= s.size(); ++h) {
                        if (s.compare(h, 3, "图") != 0) continue;
                        const bool credit = has_trailing_credit(s.substr(0, h + 3), roles, 4, true);
                        CAPTURE(s);
                        if (credit_detail::tu_inside_word(p, h)) {
                            ++skipped;
                            CHECK_FALSE(credit);
                        } else if (credit && h >= 3 && static_cast<unsigned>(p[h - 3] - 0xE4u) <= 5u) {
                            ++credits_kept;  // (供图 制图 绘图: a word character the rule must not pass over)
                        }
                    }
                    // The calls with the skip are those without it less the 图s passed over.
                    for (std::size_t reach : {std::size_t{240}, std::size_t{6}}) {
                        std::vector<std::size_t> all, some;
                        for_each_inner_verb_end(s, reach, [&](std::size_t e) { all.push_back(e); return false; });
                        for_each_inner_verb_end(s, reach, [&](std::size_t e) { some.push_back(e); return false; }, true);
                        std::erase_if(all, [&](std::size_t e) {
                            return e >= 6 && s.compare(e - 3, 3, "图") == 0 && credit_detail::tu_inside_word(p, e - 3);
                        });
                        CHECK(some == all);
                    }
                }
    CHECK(skipped > 100);
    CHECK(credits_kept > 0);
}

// ---- Fast paths held to the plain code they replace (perf-credits) ----

namespace {
// lead_kind_at as first written: the first of lead_kinds the text starts with at i.
std::size_t lead_kind_at_reference(std::string_view s, std::size_t i) {
    using namespace zhnorm::detail::credit_detail;
    if (i > s.size()) return 0;
    for (std::string_view k : lead_kinds)
        if (s.substr(i).starts_with(k)) return k.size();
    return 0;
}
// ends_with_credit_verb as first written: any verb after the trailing spaces and U+3000s.
bool ends_with_credit_verb_reference(std::string_view s) {
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    while (s.ends_with("\xE3\x80\x80")) s.remove_suffix(3);
    for (std::string_view v : zhnorm::detail::credit_verbs)
        if (s.ends_with(v)) return true;
    return false;
}
// 摄, 图 or 报道 anywhere (find_inner_verb found one).
bool may_hold_inner_verb_reference(std::string_view s) {
    return s.find("摄") != std::string_view::npos || s.find("图") != std::string_view::npos ||
           s.find("报道") != std::string_view::npos;
}
// find_inner_verb as a plain search: the first 摄, 图 or 报道 starting at i or after.
std::size_t find_inner_verb_reference(std::string_view s, std::size_t i) {
    std::size_t best = s.size();
    for (std::string_view v : {"摄", "图", "报道"}) best = std::min(best, std::min(s.find(v, i), s.size()));
    return best;
}
// Pieces whose joins hit every byte pattern the fast paths test: each kind and verb, their
// first characters, characters sharing their bytes, separators and NUL bytes.
const std::vector<std::string> fast_path_pieces = {
    "摄", "影", "图", "片", "文", "报", "道", "整", "理", "供", "制", "绘", "/", "／", "放", "版", "书",
    " ", "\t", "\xE3\x80\x80", "、", "。", std::string(3, '\0'), "a", "本报记者", "张三"};
} // namespace

TEST_CASE("lead_kind_at: the same as the lead_kinds loop on every join of three pieces and at every offset") {
    using zhnorm::detail::credit_detail::lead_kind_at;
    std::size_t checked = 0;
    for (const auto& a : fast_path_pieces)
        for (const auto& b : fast_path_pieces)
            for (const auto& c : fast_path_pieces) {
                const std::string s = a + b + c;
                for (std::size_t i = 0; i <= s.size(); ++i) {
                    CAPTURE(s);
                    CAPTURE(i);
                    REQUIRE(lead_kind_at(s, i) == lead_kind_at_reference(s, i));
                    ++checked;
                }
            }
    CHECK(lead_kind_at("摄影", 0) == 6);
    CHECK(lead_kind_at("图文", 0) == 6);
    CHECK(lead_kind_at("图片", 0) == 6);
    CHECK(lead_kind_at("文图", 0) == 6);
    CHECK(lead_kind_at(std::string("图\0\0\0", 6), 0) == 3);  // a NUL character is no kind's second
    CHECK(lead_kind_at("摄像", 0) == 3);
    CHECK(checked > 100000);
}

TEST_CASE("ends_with_credit_verb: the same as comparing every verb, on every join of three pieces") {
    for (const auto& a : fast_path_pieces)
        for (const auto& b : fast_path_pieces)
            for (const auto& c : fast_path_pieces) {
                const std::string s = a + b + c;
                CAPTURE(s);
                REQUIRE(zhnorm::detail::ends_with_credit_verb(s) == ends_with_credit_verb_reference(s));
            }
    CHECK(zhnorm::detail::ends_with_credit_verb("本报记者 张三 摄影报道"));
    CHECK(zhnorm::detail::ends_with_credit_verb("整理"));
    CHECK_FALSE(zhnorm::detail::ends_with_credit_verb("理"));
    CHECK_FALSE(zhnorm::detail::ends_with_credit_verb("影"));
}

TEST_CASE("find_inner_verb: the same as a plain search at every length and offset (the last block overlaps)") {
    const std::string filler = "西城区社区书屋试点延时开放街巷里的夜读灯亮到晚上十点";
    for (std::string_view v : {"摄", "图", "报道", "报", "道", "放", "版"})
        for (std::size_t len = 0; len <= 60; ++len)
            for (std::size_t at = 0; at + v.size() <= len + v.size(); ++at) {
                std::string s = filler.substr(0, std::min(len, filler.size()));
                s.insert(std::min(at, s.size()), v);
                const std::string_view sv(s);
                for (std::size_t cut = 0; cut <= 3 && cut <= sv.size(); ++cut) {
                    const std::string_view t = sv.substr(0, sv.size() - cut);
                    CAPTURE(t);
                    REQUIRE((zhnorm::detail::find_inner_verb(t, 0) < t.size()) == may_hold_inner_verb_reference(t));
                    for (std::size_t i = 0; i <= t.size(); ++i) {  // the first hit from every start
                        CAPTURE(i);
                        REQUIRE(zhnorm::detail::find_inner_verb(t, i) == find_inner_verb_reference(t, i));
                    }
                }
            }
}

TEST_CASE("ends_trailing_scan: stops at what no credit holds, not at a space, 、, a name dot, `/` or CJK") {
    using zhnorm::detail::ends_trailing_scan;
    for (std::string_view end : {"。", "，", "a", "1", "”", "）", "\xE3\x80\x82", "\xE3\x80\x83"}) {
        const std::string s = std::string("本报记者") + std::string(end);
        CAPTURE(s);
        CHECK(ends_trailing_scan(s, s.size()));
    }
    for (std::string_view end : {"、", " ", "\t", "\xE3\x80\x80", "\xC2\xA0", "·", "/", "摄", "龥", "㐀"}) {
        const std::string s = std::string("本报记者") + std::string(end);
        CAPTURE(s);
        CHECK_FALSE(ends_trailing_scan(s, s.size()));
    }
}

TEST_CASE("is_han_core3: exactly U+4E00-U+9F7F among three-byte characters, each CJK and not terminal in the table") {
    using namespace zhnorm::detail;
    std::size_t core = 0;
    for (unsigned a = 0xE0; a <= 0xEF; ++a)
        for (unsigned b = 0x80; b <= 0xBF; ++b)
            for (unsigned c = 0x80; c <= 0xBF; ++c) {
                const unsigned char q[3] = {static_cast<unsigned char>(a), static_cast<unsigned char>(b),
                                            static_cast<unsigned char>(c)};
                const char32_t cp = cp3(q);
                const bool in = cp >= 0x4E00 && cp <= 0x9F7F;
                CAPTURE(static_cast<unsigned>(cp));
                REQUIRE(is_han_core3(q) == in);
                if (!in) continue;
                ++core;
                REQUIRE(zhnorm::unicode::is_cjk(cp));
                REQUIRE((zhnorm::unicode::flags(cp) & zhnorm::unicode::terminal) == 0);
                REQUIRE(is_cjk_fast(cp));
                REQUIRE_FALSE(is_name_dot(cp));
            }
    CHECK(core == 0x9F80 - 0x4E00);
}

TEST_CASE("credits: blocks written back in place give the blocks a list of their own gives (a split first)") {
    // A split at the very start moves the pass to a list of its own before anything else; without
    // it the blocks are written back over the input until a split, if any. Whatever follows the
    // split prefix must come out the same either way.
    const std::string prefix = "居民在书屋内阅读。本报记者 于佳 摄\n其他段落写在这里。\n";
    const std::string merged = "本报记者 崔欣\n通讯员 宋雅欣 摄影报道\n";
    const std::string wrapped = "本报记者 李四\n摄\n";
    const std::string byline = "本报讯（记者 张三）今天上午，活动启动。\n";
    const std::string plain = "社区书屋夜里也能借书了。\n";
    const std::string split = "市民在广场上跳舞。新华社记者 王五 摄\n";
    const std::string headline = "■本报记者 赵六 摄\n";
    const std::vector<std::string> bodies = {
        merged + plain + byline + wrapped + plain,
        plain + merged + merged + split + byline + wrapped,
        merged + split + merged + plain + split,
        byline + plain + wrapped + merged + headline + plain + split + merged,
    };
    for (const std::string& body : bodies) {
        CAPTURE(body);
        const auto alone = run(body);
        const auto after = run(prefix + body);
        const auto head = run(prefix);
        REQUIRE(after.blocks.size() == head.blocks.size() + alone.blocks.size());
        for (std::size_t i = 0; i < alone.blocks.size(); ++i) {
            const auto& a = alone.blocks[i];
            const auto& b = after.blocks[head.blocks.size() + i];
            CAPTURE(i);
            CHECK(a.kind == b.kind);
            CHECK(a.text == b.text);
            CHECK(people(a) == people(b));
        }
        CHECK(all_people(after) == all_people(head) + all_people(alone));
    }
    // (the bodies do merge, split and take in bylines)
    const auto first = run(bodies[0]);
    REQUIRE(first.blocks.size() == 5);
    CHECK(people(first.blocks[0]) == "本报记者:崔欣 通讯员:宋雅欣");
    CHECK(people(first.blocks[2]) == "记者:张三");
    CHECK(first.blocks[3].text == "本报记者 李四 摄");
    CHECK(run(bodies[2]).blocks.size() == 7);
}

TEST_CASE("may_open_with_lead: false only for texts where find_credit_lead finds no lead") {
    using namespace zhnorm::detail;
    const role_set roles{};
    // (据 and 在 open with E6 and E5 as the kind words do; U+3000 and 。 with E3)
    const std::string_view pieces[] = {"文", "图", "摄", "摄影", "图片", "/", "：", " ", "\xE3\x80\x80", "■",
                                       "本报记者", "张三", "据", "在", "。", "书", "\xC2\xA0", "a"};
    std::uint32_t seed = 99;
    std::size_t leads = 0, refused = 0;
    for (int round = 0; round < 20000; ++round) {
        std::string s;
        const int len = 1 + round % 6;
        for (int k = 0; k < len; ++k) {
            seed = seed * 1103515245u + 12345u;
            s += pieces[(seed >> 16) % std::size(pieces)];
        }
        std::size_t i = 0;
        while (i < s.size() && field_space(s, i)) i += field_space(s, i);
        const credit_lead ld = find_credit_lead(s, i, roles);
        const bool lead = ld.end != ld.begin || ld.role_end;
        CAPTURE(s);
        if (!may_open_with_lead(s)) {
            REQUIRE_FALSE(lead);
            ++refused;
        }
        leads += lead;
    }
    CHECK(leads > 500);
    CHECK(refused > 5000);
    CHECK_FALSE(may_open_with_lead("据介绍，试点书屋"));
    CHECK(may_open_with_lead("文/本报记者 张三"));
}

TEST_CASE("find_inner_verb: the AVX2 twin answers as the SSE2 code at every length and offset") {
#if ZHNORM_AVX2
    if (!zhnorm::detail::cpu_has_avx2()) return;
    const std::string filler = "西城区社区书屋试点延时开放街巷里的夜读灯亮到晚上十点西城区社区书屋试点";
    std::size_t hits = 0;
    // (报 then 道 cut by the end; 报 or 道 alone; characters sharing the second or third byte)
    for (std::string_view v : {"摄", "图", "报道", "报", "道", "放", "版", "搄", "图报", "报报道"})
        for (std::size_t len = 0; len <= 110; ++len)
            for (std::size_t at = 0; at <= len; ++at) {
                std::string s = filler.substr(0, std::min(len, filler.size()));
                s.insert(std::min(at, s.size()), v);
                const std::string_view sv(s);
                for (std::size_t cut = 0; cut <= 3 && cut <= sv.size(); ++cut) {
                    const std::string_view t = sv.substr(0, sv.size() - cut);
                    CAPTURE(t);
                    const bool want = zhnorm::detail::find_inner_verb_sse2(t, 0) < t.size();
                    REQUIRE((zhnorm::detail::find_inner_verb_avx2(t, 0) < t.size()) == want);
                    REQUIRE(want == may_hold_inner_verb_reference(t));
                    hits += want;
                    for (std::size_t i = 0; i <= t.size(); i += 1 + i % 5) {  // from later starts
                        CAPTURE(i);
                        REQUIRE(zhnorm::detail::find_inner_verb_avx2(t, i) == zhnorm::detail::find_inner_verb_sse2(t, i));
                    }
                }
            }
    CHECK(hits > 1000);
#endif
}

TEST_CASE("find_candidates: the quick role test refuses only texts the full scan refuses, at every end and reach") {
    using namespace zhnorm::detail;
    const std::string_view pieces[] = {"书", "记者", "通讯员", "实习生", "摄影", "本报记者", "者", "员", "生", "影", "摄",
                                       "图", "报道", "文", " ", "\t", "\xE3\x80\x80", "、", "\xC2\xA0", "，", "。", "a",
                                       "/", "\xC2\xB7", "😀", "■", "“", "张三", "李四", "：", "3"};
    const role_set roles{};
    std::uint32_t seed = 777;
    std::size_t refused = 0, kept = 0;
    for (int round = 0; round < 4000; ++round) {
        std::string s;
        const int len = 1 + round % 40;
        for (int k = 0; k < len; ++k) {
            seed = seed * 1103515245u + 12345u;
            const std::uint32_t r = (seed >> 16) % 62;
            s += pieces[r < 31 ? r : r < 50 ? 0 : 10 + r % 4];  // mostly 书 and verbs
        }
        for (std::size_t max_bytes : {std::size_t{240}, std::size_t{30}, std::size_t{7}})
            for (const bool need_verb : {true, false}) {
                trailing_detail::candidates quick, full;
                const bool q = trailing_detail::find_candidates(s, roles, need_verb, max_bytes, quick, true);
                const bool f = trailing_detail::find_candidates(s, roles, need_verb, max_bytes, full, false);
                CAPTURE(s);
                CAPTURE(max_bytes);
                REQUIRE(q == f);
                if (q) {
                    CHECK(quick.n == full.n);
                    CHECK(quick.end == full.end);
                    for (std::size_t k = 0; k < quick.n && k < full.n; ++k) CHECK(quick.starts[k] == full.starts[k]);
                }
                (f ? kept : refused) += 1;
            }
    }
    CHECK(kept > 1000);
    CHECK(refused > 1000);
    CHECK_FALSE(trailing_detail::role_tail_before_stop(reinterpret_cast<const unsigned char*>("记者，张三 摄"), 19, 0));
    CHECK(trailing_detail::role_tail_before_stop(reinterpret_cast<const unsigned char*>("记者 张三 摄"), 17, 0));
    CHECK(trailing_detail::role_tail_before_stop(reinterpret_cast<const unsigned char*>("会上摄影"), 12, 0));  // (影 ends 摄影)
}

TEST_CASE("role_set::is_whole_table_role: a table role whole, by word compares; any one byte changed or cut is none") {
    const zhnorm::detail::role_set roles{};
    const auto is_role = [](std::string_view s) {
        if (s.empty()) return true;  // (as table_match(s) == s.size())
        for (std::string_view r : zhnorm::default_roles)
            if (s == r) return true;
        return false;
    };
    std::size_t checked = 0;
    for (std::string_view r : zhnorm::default_roles) {
        CHECK(roles.is_whole_table_role(r));
        for (std::size_t cut = 1; cut <= r.size(); ++cut)
            CHECK(roles.is_whole_table_role(r.substr(0, r.size() - cut)) == is_role(r.substr(0, r.size() - cut)));
        for (std::size_t at = 0; at < r.size(); ++at)
            for (unsigned bit = 0; bit < 8; ++bit) {
                std::string t(r);
                t[at] = static_cast<char>(static_cast<unsigned char>(t[at]) ^ (1u << bit));
                CAPTURE(t);
                REQUIRE(roles.is_whole_table_role(t) == is_role(t));
                ++checked;
            }
        CHECK_FALSE(roles.is_whole_table_role(std::string(r) + "者"));
    }
    CHECK(checked > 1000);
}

TEST_CASE("may_hold_byline_mark_before_stop: the AVX2 twin answers as the SSE2 code and a plain search, a mark and a stop at any places") {
    using namespace zhnorm::detail;
    // (plain: the first mark before the first stop, byte by byte)
    const auto reference = [](std::string_view s) {
        for (std::size_t i = 0; i < s.size(); ++i) {
            const std::string_view r = s.substr(i);
            if (r.starts_with("(") || r.starts_with(":") || r.starts_with("（") || r.starts_with("：")) return true;
            if (r.starts_with("，") || r.starts_with("。")) return false;
        }
        return false;
    };
    const std::string filler = "本报北京7月2日电西城区社区书屋试点延时开放街巷里的夜读灯亮到晚上十点西城区社区书屋";
    std::size_t checked = 0, yes = 0;
    for (std::string_view mark : {"(", ":", "（", "：", "）", "”"})
        for (std::string_view stop : {"，", "。", "、", ""})
            for (std::size_t len = 0; len <= 80; len += 1 + len / 16)
                for (std::size_t at = 0; at <= len; at += 1 + (at % 5))
                    for (std::size_t gap : {std::size_t{0}, std::size_t{1}, std::size_t{7}, std::size_t{40}}) {
                        std::string s = filler.substr(0, std::min(len, filler.size()));
                        s.insert(std::min(at, s.size()), mark);
                        s.insert(std::min(at + mark.size() + gap, s.size()), stop);
                        if (gap == 40) s = std::string(stop) + s;  // (a stop first)
                        CAPTURE(s);
                        const bool want = reference(s);
                        REQUIRE(may_hold_byline_mark_before_stop_sse2(s) == want);
#if ZHNORM_AVX2
                        if (cpu_has_avx2()) REQUIRE(may_hold_byline_mark_before_stop_avx2(s) == want);
#endif
                        ++checked;
                        yes += want;
                    }
    CHECK(checked > 5000);
    CHECK(yes > 1000);
    CHECK(checked - yes > 1000);
}

TEST_CASE("parse_credit_fields: the fast path's field ends and name checks agree with the general parser at every alignment") {
    // (fields found sixteen bytes at a time, and a name's role-end test made in its character walk:
    // shifted by leading spaces and followed by more fields, every field end falls at another place
    // of the blocks)
    using namespace zhnorm::detail;
    const role_set roles;
    std::size_t compared = 0;
    for (const auto& s : parse_samples)
        for (const char* more : {"", " 通讯员 一二三 摄", " 通讯员 王二者", "  通讯员   李四五  "})
            for (std::size_t lead = 0; lead <= 17; ++lead) {
                const std::string t = std::string(lead, ' ') + s + more;
                credit_parse fast, general;
                parse_credit_fields_into(t, roles, 4, fast);
                credit_detail::parse_general_fields(t, roles, 4, general);
                check_same_parse(t, fast, general);
                ++compared;
            }
    CHECK(compared > 1000);
}

TEST_CASE("role_set::is_whole_table_role: table_match of the whole text, for every role and their joins and cuts") {
    using namespace zhnorm::detail;
    const std::vector<std::string> extra = {"编辑", "本报评论员"};
    std::vector<std::string> texts = {"", "记", "记者者", "张三", "摄影报道", "本报", "本报记", "新华社记者", "编辑"};
    for (std::string_view r : zhnorm::default_roles) {
        texts.emplace_back(r);
        texts.push_back(std::string(r) + "者");
        texts.push_back("本" + std::string(r));
        texts.emplace_back(r.substr(0, r.size() - 3));
        texts.emplace_back(r.substr(3));
        for (std::string_view r2 : zhnorm::default_roles) texts.push_back(std::string(r) + std::string(r2));
    }
    for (const bool with_extra : {false, true}) {
        const role_set roles = with_extra ? role_set{std::span<const std::string>(extra)} : role_set{};
        for (const auto& t : texts) {
            CAPTURE(t);
            CAPTURE(with_extra);
            REQUIRE(roles.is_whole_table_role(t) == (roles.table_match(t) == t.size()));
        }
    }
    CHECK(role_set{}.is_whole_table_role("本报特约通讯员"));
    CHECK_FALSE(role_set{}.is_whole_table_role("本报特约通讯"));
}

TEST_CASE("may_hold_byline_mark_before_stop: false only where find_byline and find_byline_after_title find nothing") {
    using namespace zhnorm::detail;
    CHECK_FALSE(may_hold_byline_mark_before_stop("记者日前从西城区文化和旅游局获悉，该区（今年）将在"));
    CHECK_FALSE(may_hold_byline_mark_before_stop("社区书屋夜里也能借书了。本报讯（记者 张三）"));
    CHECK(may_hold_byline_mark_before_stop("西城区文化和旅游局本报讯（记者 张三）获悉，"));
    const std::string_view pieces[] = {"本报讯", "本报北京7月2日电", "（", "(", "记者 张三", "）", ")", "，",
                                       "。", "：", ":", "报道", " ", "今天", "！", "、", "ＡＢ"};
    std::size_t ruled_out = 0;
    for (std::string_view prefix : {std::string_view(""), std::string_view("西城区社区书屋试点延时开放")})
        for (auto a : pieces)
            for (auto b : pieces)
                for (auto c : pieces)
                    for (auto d : pieces) {
                        std::string s(prefix);
                        ((s += a) += b) += c;
                        s += d;
                        if (may_hold_byline_mark_before_stop(s)) continue;
                        ++ruled_out;
                        CAPTURE(s);
                        for (const bool bare : {true, false}) {
                            const auto r = find_byline(s, 24, bare);
                            CHECK_FALSE(r.found);
                            CHECK_FALSE(r.unclosed);
                        }
                        CHECK_FALSE(find_byline_after_title(s, 240).found);
                    }
    CHECK(ruled_out > 10000);
}

namespace {
// may_hold_byline_mark_before_stop one byte at a time, as first written.
bool byline_mark_before_stop_reference(std::string_view s) {
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (p[i] == '(' || p[i] == ':') return true;
        if (i + 3 > s.size()) continue;
        if (p[i] == 0xEF && p[i + 1] == 0xBC) {
            if (p[i + 2] == 0x88 || p[i + 2] == 0x9A) return true;
            if (p[i + 2] == 0x8C) return false;
        }
        if (p[i] == 0xE3 && p[i + 1] == 0x80 && p[i + 2] == 0x82) return false;
    }
    return false;
}
} // namespace

TEST_CASE("may_hold_byline_mark_before_stop: the same as a byte-by-byte scan at every length and offset (the last block overlaps)") {
    const std::string filler = "西城区社区书屋试点延时开放街巷里的夜读灯亮到晚上十点abc";
    std::size_t marks = 0;
    for (std::string_view v : {"（", "：", "(", ":", "，", "。", "）", "！"})
        for (std::string_view w : {"", "，", "（", "(", "。"})
            for (std::size_t len = 0; len <= 60; ++len)
                for (std::size_t at = 0; at <= len; ++at) {
                    std::string s = filler.substr(0, std::min(len, filler.size()));
                    s.insert(std::min(at, s.size()), v);
                    s += w;
                    const std::string_view sv(s);
                    for (std::size_t cut = 0; cut <= 3 && cut <= sv.size(); ++cut) {
                        const std::string_view t = sv.substr(0, sv.size() - cut);
                        CAPTURE(t);
                        const bool want = byline_mark_before_stop_reference(t);
                        marks += want;
                        REQUIRE(zhnorm::detail::may_hold_byline_mark_before_stop(t) == want);
                    }
                }
    CHECK(marks > 1000);
}

namespace {
// The UTF-8 bytes of code point `c`.
std::string utf8_of(char32_t c) {
    std::string s;
    if (c < 0x80) {
        s += static_cast<char>(c);
    } else if (c < 0x800) {
        s += static_cast<char>(0xC0 | (c >> 6));
        s += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        s += static_cast<char>(0xE0 | (c >> 12));
        s += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        s += static_cast<char>(0x80 | (c & 0x3F));
    } else {
        s += static_cast<char>(0xF0 | (c >> 18));
        s += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
        s += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        s += static_cast<char>(0x80 | (c & 0x3F));
    }
    return s;
}
} // namespace

TEST_CASE("is_plain_name_char: every three-byte character, against the rule it stands for") {
    // True exactly for U+4E00-U+9F7F less the last characters of roles and verbs and the stop characters.
    using namespace zhnorm::detail;
    std::size_t plain = 0;
    for (char32_t c = 0x800; c < 0x10000; ++c) {
        if (c >= 0xD800 && c <= 0xDFFF) continue;
        const std::string u = utf8_of(c);
        const auto* p = reinterpret_cast<const unsigned char*>(u.data());
        bool verb_end = false;
        for (std::string_view v : credit_verbs) verb_end = verb_end || v.substr(v.size() - 3) == u;
        const bool expected = c >= 0x4E00 && c <= 0x9F7F && !credit_detail::is_role_tail(p) && !is_stop_char(c) && !verb_end;
        CAPTURE(static_cast<unsigned>(c));
        REQUIRE(credit_detail::is_plain_name_char(p) == expected);
        plain += expected;
    }
    CHECK(plain > 20000);
    CHECK_FALSE(credit_detail::is_plain_name_char(reinterpret_cast<const unsigned char*>("者")));
    CHECK_FALSE(credit_detail::is_plain_name_char(reinterpret_cast<const unsigned char*>("摄")));
    CHECK_FALSE(credit_detail::is_plain_name_char(reinterpret_cast<const unsigned char*>("的")));
    CHECK(credit_detail::is_plain_name_char(reinterpret_cast<const unsigned char*>("陈")));
}

TEST_CASE("is_plain_name_char: no byte that starts no three-byte character passes, whatever follows it") {
    // is_plain_name_field asks at every third byte of a field, which may fall inside a longer
    // character or on ASCII: only a lead byte E0-EF may pass the range test of the code point.
    using namespace zhnorm::detail;
    for (unsigned a = 0; a < 256; ++a) {
        if ((a & 0xF0u) == 0xE0u) continue;
        for (unsigned b1 : {0x00u, 0x80u, 0x9Cu, 0xB8u, 0xBFu})
            for (unsigned b2 : {0x80u, 0x8Cu, 0xBFu}) {
                const unsigned char p[3] = {static_cast<unsigned char>(a), static_cast<unsigned char>(b1),
                                            static_cast<unsigned char>(b2)};
                CAPTURE(a);
                CAPTURE(b1);
                REQUIRE_FALSE(credit_detail::is_plain_name_char(p));
            }
    }
    // a four-byte character and ASCII before a name: the field of nine bytes is no plain name
    CHECK_FALSE(credit_detail::is_plain_name_field(reinterpret_cast<const unsigned char*>("ab\xF0\xA0\x80\x80陈"), 9));
    CHECK(credit_detail::is_plain_name_field(reinterpret_cast<const unsigned char*>("林晓舟"), 9));
}

TEST_CASE("parse_credit_fields: names taken by their bytes give what the general parser gives, on random credits") {
    // (the plain parser takes a field of two to four plain name characters for a name without its
    // role, verb and character tests: fields mixing those characters with every kind the tests
    // look for, at every length around it)
    using namespace zhnorm::detail;
    std::vector<std::string> chars = {"张", "李", "陈", "刘", "王", "欣", "芳", "任", "何", "郑", "龙",
                                      "一", "鿿", "龥", "㐀", "々", "·", "A", "的", "们", "吗"};
    for (std::size_t k = 0; k < role_table::tails.size; ++k)
        chars.emplace_back(reinterpret_cast<const char*>(role_table::tails.chars[k].data()), 3);
    for (std::string_view v : credit_verbs) chars.emplace_back(v.substr(v.size() - 3));
    std::vector<std::string> roles_words;
    for (std::string_view r : zhnorm::default_roles) roles_words.emplace_back(r);
    std::vector<std::string> verbs(std::begin(credit_verbs), std::end(credit_verbs));
    zhnorm::testing::xorshift rng(0x9E3779B97F4A7C15ull);
    const auto next = [&](std::size_t n) { return rng.below(n); };
    const auto name = [&] {
        std::string s;
        const std::size_t len = 1 + next(5);
        // mostly plain characters, so that most names are plain; some of every other kind
        for (std::size_t q = 0; q < len; ++q) s += next(3) ? chars[next(11)] : chars[next(chars.size())];
        return s;
    };
    const role_set roles;
    std::size_t ok = 0, fast_names = 0;
    for (int round = 0; round < 20000; ++round) {
        std::string s;
        const std::size_t fields = 1 + next(6);
        for (std::size_t f = 0; f < fields; ++f) {
            if (f) s += next(8) ? " " : "  ";
            const std::size_t kind = next(10);
            if (kind < 3) s += roles_words[next(roles_words.size())];
            else if (kind < 9) s += name();
            else s += verbs[next(verbs.size())];
        }
        if (next(2)) s = roles_words[next(roles_words.size())] + " " + s;
        for (std::size_t i = 0; i < s.size();) {
            std::size_t j = s.find(' ', i);
            if (j == std::string::npos) j = s.size();
            fast_names += credit_detail::is_plain_name_field(reinterpret_cast<const unsigned char*>(s.data()) + i, j - i);
            i = j + 1;
        }
        for (const std::size_t max_name : {std::size_t{4}, std::size_t{3}, std::size_t{2}}) {
            credit_parse fast, general;
            parse_credit_fields_into(s, roles, max_name, fast);
            credit_detail::parse_general_fields(s, roles, max_name, general);
            check_same_parse(s, fast, general);
            ok += fast.ok;
        }
    }
    CHECK(ok > 1500);
    CHECK(fast_names > 5000);
}

TEST_CASE("ends_with_credit_verb: the last-byte exit, in it and inline before it, answers as the full test, on crafted and random texts") {
    using namespace zhnorm::detail;
    const std::vector<std::string> pieces = {"摄", "影", "报", "道", "图", "文", "/", "供", "制", "绘", "整", "理",
                                             "放", "张", "三", " ", "\t", "\xE3\x80\x80", "。", "a", "\xC2\xA0",
                                             "\xF0\xA0\x80\x80", "摄影报道", "文/图", "图/文"};
    zhnorm::testing::xorshift rng(0x9E3779B97F4A7C15u);
    std::size_t verbs = 0;
    for (int k = 0; k < 200000; ++k) {
        std::string s;
        for (std::size_t len = rng.below(6); len > 0; --len) s += pieces[rng.below(pieces.size())];
        CAPTURE(s);
        const bool want = ends_with_credit_verb_reference(s);
        REQUIRE(ends_with_credit_verb(s) == want);
        REQUIRE(ends_with_credit_verb_quick(s) == want);
        verbs += want;
    }
    CHECK(verbs > 10000);
    for (std::string_view v : credit_verbs)
        for (const char* tail : {"", " ", "\t", "\xE3\x80\x80", " \t\xE3\x80\x80", "\xE3\x80\x80 "}) {
            const std::string s = "本报记者 张三 " + std::string(v) + tail;
            CAPTURE(s);
            CHECK(ends_with_credit_verb(s) == ends_with_credit_verb_reference(s));
            CHECK(ends_with_credit_verb_quick(s) == ends_with_credit_verb_reference(s));
        }
}

TEST_CASE("first_inner_verb: the AVX2 twin passes over a 图 inside a word as the SSE2 loop does, on crafted and random texts") {
#if ZHNORM_AVX2
    using namespace zhnorm::detail;
    if (!cpu_has_avx2()) return;
    const std::vector<std::string> pieces = {"图书", "地图", "供图", "制图", "绘图", "文/图", "图/文", "图", "摄", "摄影",
                                             "报道", "报", "道", "放", "书屋", "区", " ", "，", "、", "a", "/", "。",
                                             "\xE3\x80\x80", "试点延时开放"};
    zhnorm::testing::xorshift rng(0xC0FFEE123457ull);
    std::size_t found = 0, passed = 0;
    for (int k = 0; k < 100000; ++k) {
        std::string s;
        for (std::size_t len = rng.below(40); len > 0; --len) s += pieces[rng.below(pieces.size())];
        CAPTURE(s);
        for (const bool tu : {true, false}) {
            const std::size_t want = first_inner_verb_sse2(s, tu);
            REQUIRE(first_inner_verb_avx2(s, tu) == want);
            found += want < s.size();
            passed += tu && want != find_inner_verb_sse2(s, 0);
        }
    }
    CHECK(found > 10000);
    CHECK(passed > 10000);
    // Crafted: 图 inside words before a real verb, at every offset, the last block overlapping.
    const std::string filler = "西城区社区书屋试点延时开放街巷里的夜读灯亮到晚上十点";
    for (std::string_view v : {"摄", "供图", "图/文", "报道", "图书"})
        for (std::size_t len = 0; len <= 40; ++len)
            for (std::size_t words = 0; words <= 3; ++words) {
                std::string s;
                for (std::size_t w = 0; w < words; ++w) s += "区图书";
                s += filler.substr(0, std::min(3 * len, filler.size()));
                s += v;
                s += "开放";
                CAPTURE(s);
                for (const bool tu : {true, false}) REQUIRE(first_inner_verb_avx2(s, tu) == first_inner_verb_sse2(s, tu));
            }
#endif
}

TEST_CASE("ends_with_cjk_field: the `。` shortcut answers as the backward walk, on crafted and random texts") {
    using namespace zhnorm::detail;
    const std::vector<std::string> pieces = {"。", "张", "三", "摄", " ", "\t", "\xE3\x80\x80", "\xC2\xA0", "、", "”",
                                             "a", "1", "，", "\xE3\x80\x81", "\xF0\xA0\x80\x80", "\xE3\x80\x83",
                                             "\xE2\x80\x82", "\xE3\x81\x82"};
    zhnorm::testing::xorshift rng(0x5EED0F00DULL);
    std::size_t stops = 0, cjk = 0;
    for (int k = 0; k < 100000; ++k) {
        std::string s;
        for (std::size_t len = rng.below(6); len > 0; --len) s += pieces[rng.below(pieces.size())];
        CAPTURE(s);
        const bool want = ends_with_cjk_field_exact(s);
        REQUIRE(ends_with_cjk_field(s) == want);
        stops += s.size() >= 3 && s.substr(s.size() - 3) == "。";
        cjk += want;
    }
    CHECK(stops > 3000);
    CHECK(cjk > 5000);
    CHECK_FALSE(ends_with_cjk_field("本报记者 张三。"));
    CHECK(ends_with_cjk_field("本报记者 张三 、 "));
    CHECK_FALSE(ends_with_cjk_field(" 、"));
    CHECK(ends_with_cjk_field_exact("本报记者 张三。") == is_cjk_fast(U'。'));
}

TEST_CASE("ends_trailing_scan: the `。` shortcut answers as the decoding test, on crafted and random texts") {
    using namespace zhnorm::detail;
    const std::vector<std::string> pieces = {"。", "张", "三", "摄", " ", "\t", "\xE3\x80\x80", "\xC2\xA0", "、", "”",
                                             "a", "/", "·", "\xE3\x80\x81", "\xF0\xA0\x80\x80", "\xE3\x80\x83",
                                             "\xE2\x80\x82", "\xE3\x81\x82", "\x82", "\x80\x82"};
    zhnorm::testing::xorshift rng(0x7EA11E5CULL);
    std::size_t stops = 0;
    for (int k = 0; k < 100000; ++k) {
        std::string s;
        for (std::size_t len = 1 + rng.below(5); len > 0; --len) s += pieces[rng.below(pieces.size())];
        // (a cut inside the text too: the test is asked of a tail's end as well)
        const std::size_t i = s.size() - rng.below(std::min<std::size_t>(s.size(), 4));
        if (i == 0) continue;
        CAPTURE(s);
        CAPTURE(i);
        REQUIRE(ends_trailing_scan(s, i) == ends_trailing_scan_exact(s, i));
        stops += i >= 3 && s.substr(i - 3, 3) == "。";
    }
    CHECK(stops > 1500);
    CHECK(ends_trailing_scan("本报记者 张三。", std::string_view("本报记者 张三。").size()));
}

TEST_CASE("find_byline: the body walk with one bound per character answers as a plain decoding walk, at every max_body") {
    using namespace zhnorm::detail;
    // (plain: from the opening parenthesis, character by character, while j - begin <= max_body)
    const auto reference = [](std::string_view t, std::size_t begin, std::size_t max_body) {
        byline_span r{};
        std::size_t j = begin;
        while (j < t.size() && j - begin <= max_body) {
            const auto d = decode_at(t, j);
            if (d.cp == U')' || d.cp == U'）') {
                r.found = true;
                r.body_begin = begin;
                r.body_end = j;
                return r;
            }
            if (d.cp == U'(' || d.cp == U'（' || zhnorm::unicode::is_terminal(d.cp)) return r;
            j += d.len;
        }
        if (j >= t.size()) {
            r.unclosed = true;
            r.body_begin = begin;
            r.body_end = j;
        }
        return r;
    };
    const std::vector<std::string> pieces = {"记", "者", "张", " ", "）", ")", "（", "(", "。", "，", "！", "…",
                                             "\xE3\x90\x80", "\xE4\xB7\x80", "\xE9\xBE\xA5", "\xE9\xBF\xBF", "a",
                                             "1", "、", "\xC2\xA0", "\xE3\x80\x80", "\xF0\xA0\x80\x80", "?"};
    zhnorm::testing::xorshift rng(0xB0D1E5ULL);
    std::size_t found = 0, unclosed = 0, refused = 0;
    for (int k = 0; k < 60000; ++k) {
        const bool dated = rng.below(2) == 0;
        std::string s = dated ? "本报讯（" : (rng.below(2) ? "(" : "（");
        const std::size_t begin = s.size();
        for (std::size_t len = rng.below(14); len > 0; --len) s += pieces[rng.below(pieces.size())];
        const std::size_t max_body = rng.below(48);
        CAPTURE(s);
        CAPTURE(max_body);
        const byline_span want = reference(s, begin, max_body);
        const byline_span got = find_byline(s, 24, true, max_body);
        REQUIRE(got.found == want.found);
        REQUIRE(got.unclosed == want.unclosed);
        if (want.found || want.unclosed) {
            REQUIRE(got.body_begin == want.body_begin);
            REQUIRE(got.body_end == want.body_end);
            REQUIRE(got.dateline_chars == (dated ? 3u : 0u));
        }
        found += want.found;
        unclosed += want.unclosed;
        refused += !want.found && !want.unclosed;
    }
    CHECK(found > 5000);
    CHECK(unclosed > 3000);
    CHECK(refused > 5000);
}

TEST_CASE("take_people_storage_into: hands over a kept list by swap, leaves the list without storage when none is kept") {
    const auto pipe = zhnorm::default_pipeline();
    zhnorm::document doc;
    pipe("本报讯（记者 林晓舟 通讯员 王芳 李明）社区书屋夜里也能借书了。\n", doc);
    REQUIRE(doc.blocks.size() == 1);
    REQUIRE(doc.blocks[0].people.size() == 3);
    const zhnorm::person* kept = doc.blocks[0].people.data();
    doc.clear();
    std::vector<zhnorm::person> v;
    doc.take_people_storage_into(v);
    CHECK(v.empty());
    CHECK(v.data() == kept);
    CHECK(v.capacity() >= 3);
    std::vector<zhnorm::person> w;
    doc.take_people_storage_into(w);  // (none left)
    CHECK(w.capacity() == 0);
    // Refilled, the credit's byline takes the kept list again, holding only its own people.
    doc.take_people_storage_into(w);
    pipe("本报讯（记者 林晓舟 通讯员 王芳 李明）社区书屋夜里也能借书了。\n", doc);
    pipe("本报讯（记者 赵思远）社区书屋夜里也能借书了。\n", doc);
    REQUIRE(doc.blocks.size() == 1);
    CHECK(doc.blocks[0].people == std::vector<zhnorm::person>{{"记者", "赵思远"}});
}

TEST_CASE("all_cjk_before: passing Han core characters by their lead byte answers as the character-by-character test") {
    using namespace zhnorm::detail;
    // (plain: every character of U+4000-U+9FFF starting before `end` is CJK in the table)
    const auto reference = [](std::string_view t, std::size_t end) {
        for (std::size_t k = 0; k < end;) {
            const auto d = decode_at(t, k);
            if (d.len == 3 && d.cp >= 0x4000 && d.cp <= 0x9FFF && !zhnorm::unicode::is_cjk(d.cp)) return false;
            k += d.len;
        }
        return true;
    };
    const std::vector<std::string> pieces = {"本", "报", "讯", "电", " ", "1", "\xEF\xBC\x91", "\xE4\xB7\x80", "\xE4\xB8\x80",
                                             "\xE9\xBE\xA5", "\xE9\xBF\xBF", "\xE3\x90\x80", "\xE4\xB6\xBF", "a", "\xE3\x80\x80"};
    zhnorm::testing::xorshift rng(0xA11C7CULL);
    std::size_t no = 0, yes = 0;
    for (int k = 0; k < 60000; ++k) {
        std::string s;
        std::vector<std::size_t> starts{0};
        for (std::size_t len = rng.below(10); len > 0; --len) {
            s += pieces[rng.below(pieces.size())];
            starts.push_back(s.size());
        }
        const std::size_t end = starts[rng.below(starts.size())];
        CAPTURE(s);
        CAPTURE(end);
        const bool want = reference(s, end);
        REQUIRE(all_cjk_before(s, end) == want);
        no += !want;
        yes += want;
    }
    CHECK(no > 3000);
    CHECK(yes > 3000);
}
