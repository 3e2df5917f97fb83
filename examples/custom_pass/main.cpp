// A user-defined pass plugged into the default pipeline without touching the library: it drops
// headlines shorter than a configurable number of bytes.
#include <algorithm>
#include <iostream>
#include <string_view>

#include <zhnorm/zhnorm.hpp>

namespace my {

struct drop_short_headlines {
    static constexpr std::string_view name = "drop_short_headlines";
    struct options {
        std::size_t min_bytes = 9;
    } opts;

    void operator()(zhnorm::document& doc) const {
        std::erase_if(doc.blocks, [&](const zhnorm::block& b) {
            return b.kind == zhnorm::block_kind::headline && b.text.size() < opts.min_bytes;
        });
    }
};

} // namespace my

int main() {
    auto pipe = zhnorm::default_pipeline() | my::drop_short_headlines{};
    pipe.options<my::drop_short_headlines>().min_bytes = 12;
    static_assert(zhnorm::pass<my::drop_short_headlines>);
    const auto doc = pipe("党党员员干干部部\n\n线上\n\n本报讯（记者 赵思远）近日，通州区总工会举办活动。\n");
    for (const auto& b : doc.blocks) std::cout << zhnorm::to_string(b.kind) << ": " << b.text << '\n';
}
