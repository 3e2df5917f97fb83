#pragma once
// JSON shapes the tool writes: blocks, page records and edit lists. Records and edits go through
// nlohmann::json; the blocks of page mode, most of the tool's output, are written directly.
#include <charconv>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

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

// Appends the characters of `s` as nlohmann::json's dump() writes them inside a JSON string
// without ensure_ascii: `"`, `\` and control characters escaped, every other byte as is. `s` must
// be valid UTF-8, as all text of a zhnorm::document is. Runs of bytes that need no escape (nearly
// all text) are copied whole.
inline void append_json_chars(std::string& out, std::string_view s) {
    std::size_t i = 0, done = 0;
    auto plain = [](unsigned char c) { return c >= 0x20 && c != '"' && c != '\\'; };
    while (i < s.size()) {
#if defined(__SSE2__)
        const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\'), control = _mm_set1_epi8(0x1F);
        for (; i + 16 <= s.size(); i += 16) {
            const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i));
            const __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, quote), _mm_cmpeq_epi8(x, backslash)),
                                             _mm_cmpeq_epi8(_mm_max_epu8(x, control), control));
            if (const int mask = _mm_movemask_epi8(hit)) {
                i += static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
                break;
            }
        }
#endif
        while (i < s.size() && plain(static_cast<unsigned char>(s[i]))) ++i;
        out.append(s.data() + done, i - done);
        if (i == s.size()) break;
        const auto c = static_cast<unsigned char>(s[i]);
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\b': out += "\\b"; break;
        case '\t': out += "\\t"; break;
        case '\n': out += "\\n"; break;
        case '\f': out += "\\f"; break;
        case '\r': out += "\\r"; break;
        default: {
            constexpr char hex[] = "0123456789abcdef";
            const char esc[] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            out.append(esc, sizeof esc);
        }
        }
        done = ++i;
    }
}

inline void append_json_string(std::string& out, std::string_view s) {
    out += '"';
    append_json_chars(out, s);
    out += '"';
}

inline void append_number(std::string& out, std::size_t v) {
    char digits[24];
    const auto r = std::to_chars(digits, digits + sizeof digits, v);
    out.append(digits, static_cast<std::size_t>(r.ptr - digits));
}

// One block as block_json() would serialize it, written straight into `out`: this is most of
// what page mode writes, and a JSON tree per block cost more than normalizing the page.
inline void write_block(const zhnorm::block& b, std::size_t base, std::string& out) {
    out += "{\"kind\":";
    append_json_string(out, zhnorm::to_string(b.kind));
    out += ",\"text\":";
    append_json_string(out, b.text);
    if (!b.people.empty()) {
        out += b.kind == zhnorm::block_kind::credit ? ",\"credit\":[" : ",\"byline\":[";
        for (std::size_t k = 0; k < b.people.size(); ++k) {
            out += k ? ",{\"role\":" : "{\"role\":";
            append_json_string(out, b.people[k].role);
            out += ",\"name\":";
            append_json_string(out, b.people[k].name);
            out += '}';
        }
        out += ']';
    }
    out += ",\"source\":[";
    append_number(out, b.source.begin + base);
    out += ',';
    append_number(out, b.source.end + base);
    out += "]}";
}

inline void write_blocks(const zhnorm::document& doc, std::size_t base, std::string& out) {
    for (const auto& b : doc.blocks) {
        write_block(b, base, out);
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

// page_people_json() written directly.
inline void write_page_people(const zhnorm::document& doc, std::string& out) {
    out += '[';
    bool first = true;
    for (std::size_t i = 0; i < doc.blocks.size(); ++i) {
        const auto& b = doc.blocks[i];
        for (const auto& p : b.people) {
            out += first ? "{\"role\":" : ",{\"role\":";
            first = false;
            append_json_string(out, p.role);
            out += ",\"name\":";
            append_json_string(out, p.name);
            out += b.kind == zhnorm::block_kind::credit ? ",\"as\":\"credit\",\"block\":" : ",\"as\":\"byline\",\"block\":";
            append_number(out, i);
            out += '}';
        }
    }
    out += ']';
}

// counts_json() written directly.
inline void write_counts(const zhnorm::document& doc, std::string& out) {
    out += '{';
    for (std::size_t k = 0; k < doc.counts.size(); ++k) {
        if (k) out += ',';
        append_json_string(out, doc.counts[k].pass);
        out += ':';
        append_number(out, doc.counts[k].edits);
    }
    out += '}';
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

// page_text() as a JSON string, written directly.
inline void append_page_text(const zhnorm::document& doc, std::string& out) {
    out += '"';
    bool any = false;
    for (const auto& b : doc.blocks) {
        if (any) out += "\\n\\n";
        append_json_chars(out, b.text);
        any = any || !b.text.empty();
    }
    out += '"';
}

} // namespace zhnorm_cli
