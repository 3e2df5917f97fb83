#include <doctest/doctest.h>

#include <zhnorm/zhnorm.hpp>

TEST_CASE("line_join is a pass") {
    static_assert(zhnorm::pass<zhnorm::line_join>);
    CHECK(zhnorm::line_join::name == "line_join");
}
