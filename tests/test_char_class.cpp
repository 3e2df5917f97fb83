#include <doctest/doctest.h>

#include <string_view>
#include <zhnorm/unicode/char_class.hpp>

using namespace zhnorm::unicode;

TEST_CASE("char classes: CJK ideographs are cjk and wide, ASCII is neither") {
    CHECK(is_cjk(U'中'));
    CHECK(is_wide(U'中'));
    CHECK(display_width(U'中') == 2);
    CHECK_FALSE(is_cjk(U'a'));
    CHECK(display_width(U'a') == 1);
    CHECK(is_alnum(U'a'));
    CHECK(is_alnum(U'7'));
    CHECK(is_cjk(U'\U00020000'));  // CJK Extension B, outside the table
}

TEST_CASE("char classes: the full-width punctuation set") {
    for (char32_t c : std::u32string_view(U"，。、；：？！“”‘’（）《》〈〉【】〔〕「」『』…—·～")) {
        CAPTURE(static_cast<unsigned>(c));
        CHECK(is_cjk_punct(c));
        CHECK_FALSE(is_cjk(c));
    }
    CHECK_FALSE(is_cjk_punct(U','));
    CHECK_FALSE(is_cjk_punct(U'('));
    CHECK_FALSE(is_cjk_punct(U'Ｎ'));  // a full-width letter is not punctuation
}

TEST_CASE("char classes: opening, closing and terminal punctuation") {
    CHECK(is_opening(U'（'));
    CHECK(is_opening(U'“'));
    CHECK(is_closing(U'）'));
    CHECK(is_closing(U'”'));
    CHECK(is_terminal(U'。'));
    CHECK(is_terminal(U'？'));
    CHECK(is_terminal(U'…'));
    CHECK_FALSE(is_terminal(U'，'));
}

TEST_CASE("char classes: spaces include U+3000 and U+00A0") {
    CHECK(is_space(U' '));
    CHECK(is_space(U'\u3000'));
    CHECK(is_space(U'\u00A0'));
    CHECK_FALSE(is_space(U'\n'));
}
