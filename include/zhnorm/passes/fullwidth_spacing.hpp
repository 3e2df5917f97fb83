#pragma once
// PDF extraction pads full-width punctuation with spaces (`工， 评选`, `获悉 ， 该区`, `“通武廊 ” 技能`),
// some pages set half-width punctuation inside Chinese (`本报讯 (记者 白莹) 2021年12月31日,在北京`) and
// full-width letters and digits turn up (`Ｎ９５`, `３．５％`). This pass fixes all of that in one
// linear scan of each block's text while keeping the spaces that separate fields (`记者 赵思远`,
// two names, headline phrases `在京过大年 一起向未来`) and leaving ASCII runs alone (English, URLs,
// `8:30`, `1,000`, `(Beijing)`). Running it twice changes nothing the second time.
//
// Every decision is made from the two neighbours of a space run or a mark alone, so a quote or
// bracket whose partner is on another line or page is still fixed. Punctuation that English uses
// too (“”‘’—…·) counts as Chinese only in a block that holds CJK text.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "zhnorm/detail/spacing_locator.hpp"
#include "zhnorm/detail/spacing_scan.hpp"
#include "zhnorm/document.hpp"

namespace zhnorm {

struct fullwidth_spacing {
    static constexpr std::string_view name = "fullwidth_spacing";

    // Each rule can be switched off; all are on by default. "Space" is ASCII space, tab, U+3000 or
    // U+00A0.
    struct options {
        // Remove spaces at the start and end of a block.
        bool trim = true;
        // Remove every run of spaces touching full-width punctuation on either side
        // (`获悉 ， 该区` -> `获悉，该区`, `。 ”` -> `。”`).
        bool space_at_punct = true;
        // Remove spaces between a CJK character and a Latin letter or digit (`2022 年` -> `2022年`).
        bool space_cjk_latin = true;
        // A run of spaces that stays becomes one ASCII space (`记者　赵思远` -> `记者 赵思远`).
        bool collapse = true;
        // Half-width `, ; : ? !` next to Chinese text become full-width (`31日,在` -> `31日，在`).
        bool punct_width = true;
        // Half-width `( )` become `（ ）` as a pair whose content holds CJK (`(记者 白莹)` -> `（记者 白莹）`).
        bool paren_width = true;
        // Full-width letters and digits become ASCII (`Ｎ９５` -> `N95`).
        bool fold_alnum = true;
        // Full-width `．％＋－／` become ASCII inside numbers (`３．５％` -> `3.5%`).
        bool fold_number_signs = true;
    } opts;

    // The text `s` would become (for tests and one-off use; the pass itself writes into the arena).
    [[nodiscard]] std::string apply(std::string_view s) const {
        detail::text_arena arena;
        detail::spacing::scanner<options> scan(opts, arena);
        return std::string(scan.run(s, nullptr));
    }

    void operator()(document& doc) const {
        doc.materialize_blocks();
        detail::spacing::scanner<options> scan(opts, doc.arena());
        std::size_t edits = 0;
        if (!doc.record_edits) {
#if ZHNORM_AVX2
            if (detail::use_avx2()) {
                doc.count(name, scan.run_all_avx2(doc.blocks));
                return;
            }
#endif
            const std::size_t count = doc.blocks.size();
            for (std::size_t k = 0; k < count; ++k) {
                auto& b = doc.blocks[k];
                if (k + detail::spacing::prefetch_blocks < count)
                    detail::spacing::prefetch_text(doc.blocks[k + detail::spacing::prefetch_blocks].text);
                b.text = scan.run(b.text, nullptr, false);
                edits += scan.edits();
            }
            doc.count(name, edits);
            return;
        }
        std::vector<detail::spacing::pending_edit> pending;
        for (auto& b : doc.blocks) {
            const std::string_view before = b.text;
            pending.clear();
            b.text = scan.run(before, &pending);
            edits += scan.edits();
            if (pending.empty()) continue;
            detail::spacing::edit_locator where(doc, before, b.source, b.repeat);
            for (const auto& e : pending)
                doc.record(name, e.rule, where.range(e.begin, e.end, e.spaces), before.substr(e.begin, e.end - e.begin),
                           e.after());
        }
        doc.count(name, edits);
    }
};

} // namespace zhnorm
