#pragma once
// --explain: what each pass changed and where, for people (text) or tools (one JSON object per page).
#include <cstddef>
#include <string>
#include <string_view>

#include <zhnorm/zhnorm.hpp>

#include "jsonl.hpp"
#include "pass_config.hpp"

namespace zhnorm_cli {

// A string quoted and escaped as JSON, so line ends and spaces show.
inline std::string json_quoted(std::string_view s) {
    return json(std::string(s)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// `title` names the page (file, and byte range when a big file was cut in pieces).
inline void explain_text(const zhnorm::document& doc, const pipeline_t& pipe, std::size_t base,
                         const std::string& title, std::string& out) {
    out += "== " + title + "\n";
    auto section = [&](std::string_view pass, std::size_t count) {
        std::size_t listed = 0;
        for (const auto& e : doc.edits)
            if (e.pass == pass) ++listed;
        out += std::string(pass) + ": " + std::to_string(count) + (count == 1 ? " edit" : " edits");
        if (listed < count) out += " (" + std::to_string(count - listed) + " not itemized)";
        out += '\n';
        for (const auto& e : doc.edits) {
            if (e.pass != pass) continue;
            out += "  " + std::to_string(e.source.begin + base) + "-" + std::to_string(e.source.end + base) + "  " +
                   std::string(e.rule) + ": " + json_quoted(e.before) + " -> " + json_quoted(e.after) + '\n';
        }
    };
    for (const auto n : pipeline_t::names()) {
        if (!pipe.enabled(n)) out += std::string(n) + ": disabled\n";
        else section(n, doc.count_of(n));
    }
}

// {"file":...,"range":[B,E],"counts":{...},"edits":[{"pass","rule","source":[B,E],"before","after"}]}
inline void explain_json(const zhnorm::document& doc, std::size_t base, const std::string& file, std::string& out) {
    json j;
    j["file"] = file;
    j["range"] = {base, base + doc.input.bytes};
    j["counts"] = counts_json(doc);
    j["edits"] = edits_json(doc, base);
    dump_line(j, out);
}

} // namespace zhnorm_cli
