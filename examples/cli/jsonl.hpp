#pragma once
// JSON shapes the tool writes, all through nlohmann::json: blocks, page records and edit lists.
#include <cstddef>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <zhnorm/zhnorm.hpp>

namespace zhnorm_cli {

using json = nlohmann::ordered_json;

// Appends `j` compactly and a newline. Serializes straight into `out` (what json::dump does into
// a fresh string) so a 100 MB block is not copied once more.
inline void dump_line(const json& j, std::string& out) {
    nlohmann::detail::serializer<json> s(nlohmann::detail::output_adapter<char, std::string>(out), ' ',
                                         nlohmann::json::error_handler_t::replace);
    s.dump(j, false, false, 0);
    out += '\n';
}

inline json people_json(const std::vector<zhnorm::person>& people) {
    auto arr = json::array();
    for (const auto& p : people) arr.push_back({{"role", p.role}, {"name", p.name}});
    return arr;
}

// {"kind":...,"text":...,"byline":[...]?,"credit":[...]?,"source":[B,E]}, offsets shifted by `base`.
inline json block_json(const zhnorm::block& b, std::size_t base) {
    json j = json::object();
    j.get_ref<json::object_t&>().reserve(4);  // no regrowth while the keys go in
    j["kind"] = std::string(zhnorm::to_string(b.kind));
    j["text"] = std::string(b.text);
    if (!b.people.empty()) j[b.kind == zhnorm::block_kind::credit ? "credit" : "byline"] = people_json(b.people);
    j["source"] = {b.source.begin + base, b.source.end + base};
    return j;
}

// One serializer for all of a page's blocks: building one per block (an output adapter on the
// heap and a locale query each) cost more than the blocks themselves on pages of short lines.
inline void write_blocks(const zhnorm::document& doc, std::size_t base, std::string& out) {
    nlohmann::detail::serializer<json> s(nlohmann::detail::output_adapter<char, std::string>(out), ' ',
                                         nlohmann::json::error_handler_t::replace);
    for (const auto& b : doc.blocks) {
        s.dump(block_json(b, base), false, false, 0);
        out += '\n';
    }
}

inline json blocks_json(const zhnorm::document& doc, std::size_t base) {
    json arr = json::array();
    arr.get_ref<json::array_t&>().reserve(doc.blocks.size());
    for (const auto& b : doc.blocks) arr.push_back(block_json(b, base));
    return arr;
}

// {"collapse_doubled":N,...} in the order the passes ran.
inline json counts_json(const zhnorm::document& doc) {
    json j = json::object();
    for (const auto& c : doc.counts) j[std::string(c.pass)] = c.edits;
    return j;
}

inline json edits_json(const zhnorm::document& doc, std::size_t base) {
    auto arr = json::array();
    for (const auto& e : doc.edits) {
        json j;
        j["pass"] = std::string(e.pass);
        j["rule"] = std::string(e.rule);
        j["source"] = {e.source.begin + base, e.source.end + base};
        j["before"] = e.before;
        j["after"] = e.after;
        arr.push_back(std::move(j));
    }
    return arr;
}

// Every person of every block, in block order: {"role","name","as":"byline"|"credit","block":i}.
inline json page_people_json(const zhnorm::document& doc) {
    auto arr = json::array();
    for (std::size_t i = 0; i < doc.blocks.size(); ++i) {
        const auto& b = doc.blocks[i];
        for (const auto& p : b.people)
            arr.push_back({{"role", p.role},
                           {"name", p.name},
                           {"as", b.kind == zhnorm::block_kind::credit ? "credit" : "byline"},
                           {"block", i}});
    }
    return arr;
}

// The blocks' text separated by blank lines (the --format text rendering, without the final newline).
inline std::string page_text(const zhnorm::document& doc) {
    std::string s;
    for (const auto& b : doc.blocks) {
        if (!s.empty()) s += "\n\n";
        s += b.text;
    }
    return s;
}

} // namespace zhnorm_cli
