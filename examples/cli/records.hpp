#pragma once
// Record mode: a batch of JSON Lines records in, one output record per page, malformed records
// reported by line number.
#include <cstddef>
#include <cstdint>
#include <exception>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>
#include <zhnorm/zhnorm.hpp>

#include "input.hpp"
#include "jsonl.hpp"
#include "options.hpp"

namespace zhnorm_cli {

struct record_job {
    std::size_t file = 0;
    line_batch batch;
    std::string error;  // the file could not be opened or read
};

struct record_result {
    std::string out;
    std::vector<std::pair<std::size_t, std::string>> malformed;  // line number, why
    std::size_t records = 0;                                      // records read, good or bad
    bool aborted = false;                                         // --strict stopped at a malformed one
};

namespace detail {

inline const char* type_name(const json& j) { return j.type_name(); }

// Why a record line cannot be used, or empty; fills `rec` when it can.
inline std::string parse_record(std::string_view line, const options& o, json& rec) {
    try {
        rec = json::parse(line);  // rejects invalid UTF-8 too; tell that case apart only on failure
    } catch (const json::parse_error& e) {
        const std::size_t ok = zhnorm::detail::valid_utf8_prefix(line.data(), line.size());
        if (ok != line.size()) return "invalid UTF-8 at byte " + std::to_string(ok) + " of the record";
        std::string_view what = e.what();
        if (const auto p = what.find("] "); p != std::string_view::npos) what.remove_prefix(p + 2);
        return "bad JSON: " + std::string(what);
    }
    if (!rec.is_object()) return std::string("record is a JSON ") + type_name(rec) + ", not an object";
    const auto it = rec.find(o.text_field);
    if (it == rec.end()) return "no \"" + o.text_field + "\" field";
    if (!it->is_string()) return "field \"" + o.text_field + "\" is a " + type_name(*it) + ", not a string";
    return {};
}

} // namespace detail

// The output record: {"<id-field>":id|null,"<text-field>":"normalized text","blocks":[...],
// "people":[...],"counts":{...}} (+"edits" with --explain, + the input's other fields with --keep-fields).
// Written directly, member by member, in the order an ordered JSON object would hold them after the
// same assignments (a member assigned again keeps its place): the input's fields are serialized
// by the JSON library, the page's blocks, text and people by jsonl.hpp's writers, which do not
// build a tree 15 times the page's size.
inline void write_record(const options& o, json rec, std::string& to) {
    zhnorm::document doc = zhnorm::load(rec[o.text_field].get_ref<const std::string&>(), o.load);
    rec[o.text_field] = nullptr;  // the document holds its own copy of the page
    doc.record_edits = o.explain;
    o.pipe(doc);

    enum class what : std::uint8_t { value, text, blocks, people, counts, edits };
    struct member {
        std::string_view key;
        what kind;
        const json* value;  // kind == value
    };
    static const json null_value = nullptr;
    std::vector<member> members;
    auto assign = [&](std::string_view key, what kind, const json* value = nullptr) {
        for (auto& m : members)
            if (m.key == key) {
                m.kind = kind;
                m.value = value;
                return;
            }
        members.push_back({key, kind, value});
    };
    if (o.keep_fields) {
        for (const auto& [key, value] : rec.items()) members.push_back({key, what::value, &value});
        if (!rec.contains(o.id_field)) assign(o.id_field, what::value, &null_value);
    } else {
        const auto id = rec.find(o.id_field);
        assign(o.id_field, what::value, id == rec.end() ? &null_value : &*id);
    }
    assign(o.text_field, what::text);
    assign("blocks", what::blocks);
    assign("people", what::people);
    assign("counts", what::counts);
    json edits;
    if (doc.record_edits) {
        edits = edits_json(doc, 0);
        assign("edits", what::edits, &edits);
    }

    nlohmann::detail::serializer<json> s(nlohmann::detail::output_adapter<char, std::string>(to), ' ',
                                         nlohmann::json::error_handler_t::replace);
    to += '{';
    for (std::size_t k = 0; k < members.size(); ++k) {
        const member& m = members[k];
        if (k) to += ',';
        append_json_string(to, m.key);
        to += ':';
        switch (m.kind) {
        case what::value:
        case what::edits: s.dump(*m.value, false, false, 0); break;
        case what::text: append_page_text(doc, to); break;
        case what::blocks:
            to += '[';
            for (std::size_t b = 0; b < doc.blocks.size(); ++b) {
                if (b) to += ',';
                write_block(doc.blocks[b], 0, to);
            }
            to += ']';
            break;
        case what::people: write_page_people(doc, to); break;
        case what::counts: write_counts(doc, to); break;
        }
    }
    to += "}\n";
}

// Every record of a batch, in order; malformed ones are listed with their line numbers.
inline void process_records(const options& o, const record_job& job, record_result& r) {
    std::string_view text = job.batch.text;
    std::size_t line_no = job.batch.first_line;
    for (; !text.empty(); ++line_no) {
        const auto nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.find_first_not_of(" \t") == std::string_view::npos) continue;  // blank lines are not records
        ++r.records;
        json rec;
        if (std::string why = detail::parse_record(line, o, rec); !why.empty()) {
            r.malformed.emplace_back(line_no, std::move(why));
            if (o.strict()) {
                r.aborted = true;
                return;
            }
            continue;
        }
        try {
            write_record(o, std::move(rec), r.out);
        } catch (const std::exception& e) {  // never lose a record silently, whatever happens
            r.malformed.emplace_back(line_no, std::string("processing failed: ") + e.what());
            if (o.strict()) {
                r.aborted = true;
                return;
            }
        }
    }
}

} // namespace zhnorm_cli
