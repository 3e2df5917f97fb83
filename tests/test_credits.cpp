#include <doctest/doctest.h>

#include <zhnorm/zhnorm.hpp>

TEST_CASE("credits is a pass") {
    static_assert(zhnorm::pass<zhnorm::credits>);
    CHECK(zhnorm::credits::name == "credits");
}
