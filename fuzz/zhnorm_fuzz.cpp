// libFuzzer target: the default pipeline on arbitrary bytes, under both input policies, with the
// invariants of the robustness issue (tests/invariants.hpp) checked on every run (a violation
// aborts with a message), and
//  - under `strict`, the load fails exactly when the input is not valid UTF-8, at the first bad
//    byte, and a valid input gives the same blocks as under `replace`.
// Not checked here (see tests/test_properties.cpp): idempotence, which still moves with the passes.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include <zhnorm/detail/utf8_validate.hpp>
#include <zhnorm/zhnorm.hpp>

#include "invariants.hpp"

namespace {

[[noreturn]] void fail(const char* what, std::string_view detail = {}) {
    std::fprintf(stderr, "zhnorm_fuzz: invariant violated: %s\n", what);
    if (!detail.empty()) std::fprintf(stderr, "  at: %.*s\n", static_cast<int>(detail.size()), detail.data());
    std::abort();
}

void require(bool ok, const char* what, std::string_view detail = {}) {
    if (!ok) fail(what, detail);
}

void check_document(const zhnorm::document& doc, std::string_view input) {
    const std::string broke = zhnorm::testing::check_document(doc, input);
    if (!broke.empty()) fail(broke.c_str());
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const auto pipe = zhnorm::default_pipeline();

    auto doc = zhnorm::load(input);  // replace: never throws
    doc.record_edits = true;
    pipe(doc);
    check_document(doc, input);

    const zhnorm::document plain = zhnorm::normalize(input);  // the same without the edit record
    require(plain.blocks.size() == doc.blocks.size(), "recording edits changed the blocks");
    check_document(plain, input);

    const std::size_t valid = zhnorm::detail::valid_utf8_prefix(input.data(), input.size());
    try {
        const zhnorm::document strict = zhnorm::normalize(input, {zhnorm::input_policy::strict});
        require(valid == input.size(), "strict accepted invalid UTF-8");
        require(strict.blocks.size() == plain.blocks.size(), "strict and replace disagree on valid input");
        for (std::size_t i = 0; i < strict.blocks.size(); ++i)
            require(strict.blocks[i].text == plain.blocks[i].text && strict.blocks[i].source == plain.blocks[i].source,
                    "strict and replace disagree on valid input", strict.blocks[i].text);
    } catch (const zhnorm::decode_error& e) {
        require(valid < input.size(), "strict rejected valid UTF-8");
        require(e.offset() == valid, "strict names the wrong offset");
    }
    return 0;
}
