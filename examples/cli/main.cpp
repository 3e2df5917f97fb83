// zhnorm: normalize extracted newspaper pages and write their blocks as JSON Lines or text.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>
#include <zhnorm/zhnorm.hpp>

namespace {

constexpr std::string_view usage = R"(usage: zhnorm [OPTIONS] [FILE...]

Normalizes the text layer of Chinese newspaper pages: joins hard-wrapped lines into paragraphs,
collapses doubled headlines, fixes full-width spacing and finds bylines and photo credits.
Reads each FILE (or standard input when none or "-") and writes one JSON object per block:
  {"kind":"headline"|"paragraph"|"credit","text":"...","byline":[{"role":"记者","name":"赵思远"}],
   "credit":[...],"source":[BEGIN,END]}

options:
  --format jsonl|text|tagged   output format (default jsonl); text separates blocks by blank lines
  --strict                     reject invalid UTF-8 (exit 1 naming the byte offset) instead of
                               replacing it with U+FFFD
  -h, --help                   show this help

exit status: 0 success, 1 a file could not be read or was rejected, 2 bad usage
)";

enum class format { jsonl, text, tagged };

nlohmann::ordered_json people_json(const std::vector<zhnorm::person>& people) {
    auto arr = nlohmann::ordered_json::array();
    for (const auto& p : people) arr.push_back({{"role", p.role}, {"name", p.name}});
    return arr;
}

void write_jsonl(const zhnorm::document& doc, std::ostream& out) {
    for (const auto& b : doc.blocks) {
        nlohmann::ordered_json j;
        j["kind"] = std::string(zhnorm::to_string(b.kind));
        j["text"] = std::string(b.text);
        if (!b.people.empty()) j[b.kind == zhnorm::block_kind::credit ? "credit" : "byline"] = people_json(b.people);
        j["source"] = {b.source.begin, b.source.end};
        out << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    }
}

bool read_all(const std::string& path, std::string& out) {
    if (path == "-") {
        out.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
        return !std::cin.bad();
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    std::ostringstream ss;
    ss << in.rdbuf();
    out = std::move(ss).str();
    return !in.bad();
}

} // namespace

int main(int argc, char** argv) {
    std::ios::sync_with_stdio(false);
    format fmt = format::jsonl;
    zhnorm::load_options lo;
    std::vector<std::string> files;
    for (int i = 1; i < argc; ++i) {
        const std::string_view a = argv[i];
        if (a == "-h" || a == "--help") {
            std::cout << usage;
            return 0;
        } else if (a == "--strict") {
            lo.policy = zhnorm::input_policy::strict;
        } else if (a == "--format" && i + 1 < argc) {
            const std::string_view f = argv[++i];
            if (f == "jsonl" || f == "json") fmt = format::jsonl;
            else if (f == "text") fmt = format::text;
            else if (f == "tagged") fmt = format::tagged;
            else {
                std::cerr << "zhnorm: unknown format '" << f << "' (jsonl, text or tagged)\n";
                return 2;
            }
        } else if (a.size() > 1 && a[0] == '-' && a != "-") {
            std::cerr << "zhnorm: unknown option '" << a << "'\n" << usage;
            return 2;
        } else {
            files.emplace_back(a);
        }
    }
    if (files.empty()) files.emplace_back("-");

    const auto pipe = zhnorm::default_pipeline();
    int status = 0;
    std::string text;
    for (const auto& path : files) {
        const std::string shown = path == "-" ? "<stdin>" : path;
        if (!read_all(path, text)) {
            std::cerr << "zhnorm: " << shown << ": cannot read file\n";
            status = 1;
            continue;
        }
        try {
            const zhnorm::document doc = pipe(text, lo);
            if (doc.input.replaced > 0)
                std::cerr << "zhnorm: " << shown << ": replaced " << doc.input.replaced
                          << " invalid UTF-8 sequence(s) with U+FFFD, first at byte offset " << doc.input.first_invalid
                          << '\n';
            switch (fmt) {
            case format::jsonl: write_jsonl(doc, std::cout); break;
            case format::text: std::cout << zhnorm::to_text(doc); break;
            case format::tagged: std::cout << zhnorm::to_tagged(doc); break;
            }
        } catch (const zhnorm::decode_error& e) {
            std::cerr << "zhnorm: " << shown << ": " << e.what() << '\n';
            status = 1;
        }
    }
    std::cout.flush();
    return status;
}
