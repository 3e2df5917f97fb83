#pragma once
// Plain renderings of a document: text (blocks separated by blank lines) and the tagged format of
// the sample gold pages (`H`/`P`/`C` lines with `@ byline`/`@ credit` annotations).
#include <string>

#include "zhnorm/document.hpp"

namespace zhnorm {

[[nodiscard]] inline std::string to_text(const document& doc) {
    std::string out;
    for (const auto& b : doc.blocks) {
        if (!out.empty()) out += "\n\n";
        out += b.text;
    }
    if (!out.empty()) out += '\n';
    return out;
}

[[nodiscard]] inline std::string to_tagged(const document& doc) {
    std::string out;
    for (const auto& b : doc.blocks) {
        out += b.kind == block_kind::headline ? "H " : b.kind == block_kind::credit ? "C " : "P ";
        out += b.text;
        out += '\n';
        if (!b.people.empty()) {
            out += b.kind == block_kind::credit ? "@ credit" : "@ byline";
            for (const auto& p : b.people) {
                out += ' ';
                out += p.role;
                out += ':';
                out += p.name;
            }
            out += '\n';
        }
    }
    return out;
}

} // namespace zhnorm
