#include <doctest/doctest.h>

#include <zhnorm/zhnorm.hpp>

TEST_CASE("fullwidth_spacing is a pass") {
    static_assert(zhnorm::pass<zhnorm::fullwidth_spacing>);
    CHECK(zhnorm::fullwidth_spacing::name == "fullwidth_spacing");
}
