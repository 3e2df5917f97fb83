#pragma once
// Command-line options of the zhnorm tool.
#include <charconv>
#include <cstddef>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <zhnorm/zhnorm.hpp>

#include "pass_config.hpp"

namespace zhnorm_cli {

inline constexpr std::string_view usage = R"(usage: zhnorm [OPTIONS] [FILE...]
       zhnorm --jsonl [OPTIONS] [FILE...]
       zhnorm --explain [OPTIONS] FILE...

Normalizes the text layer of Chinese newspaper pages: joins hard-wrapped lines into paragraphs,
collapses doubled headlines, fixes full-width spacing and finds bylines and photo credits.
Reads each FILE (standard input when none or "-"), one page per file, and writes one JSON object
per block:
  {"kind":"headline"|"paragraph"|"credit","text":"...","byline":[{"role":"记者","name":"赵思远"}],
   "credit":[...],"source":[BEGIN,END]}
BEGIN and END are byte offsets of the input file.

modes:
  (default)                  pages in, blocks out
  --jsonl                    JSON Lines records in (one page per record), one record out per page:
                             {"id":...,"text":"...","blocks":[...],"people":[...],"counts":{...}}
  --explain                  list every edit of every pass with its input byte offsets, before ->
                             after and the rule that made it, plus per-pass counts; with --jsonl,
                             add them to each record as "edits"

output:
  --format jsonl|text|tagged blocks as JSON Lines (default), as text separated by blank lines, or as
                             H/P/C lines; with --explain: jsonl gives one JSON object per page
  --text-field NAME          record mode: the field holding the page text (default "text"); the
                             normalized text is written back under the same name
  --id-field NAME            record mode: the field copied to the output as the id (default "id")
  --keep-fields              record mode: copy the record's other fields to the output too

input:
  --strict                   reject invalid UTF-8: name the file and byte offset, fail that file
                             (record mode: fail the run at the first malformed record)
                             default: replace each invalid sequence with U+FFFD, note it on stderr
  --chunk-size BYTES         pages bigger than this are cut at safe boundaries (form feed, or a
                             blank line after a sentence end) and processed in pieces (default 8M)

passes (collapse=collapse_doubled, join=line_join, spacing=fullwidth_spacing, credits):
  --passes LIST              run only these passes (comma separated, names or aliases)
  --no-PASS                  do not run PASS (e.g. --no-spacing)
  --set PASS.OPTION=VALUE    set a pass option (e.g. --set collapse.min_chars=2)
  --list-passes              show the passes, their options and values, then exit

running:
  -j, --jobs N               worker threads (default: all cores); output stays in input order
  --progress                 show a progress line on stderr even when it is not a terminal
  -q, --quiet                no progress line, no notes about replaced bytes
  -h, --help                 show this help

exit status: 0 success (skipped malformed records are reported on stderr), 1 an input could not be
read or was rejected (--strict), 2 bad usage
)";

enum class format { jsonl, text, tagged };
enum class run_mode { pages, records };

struct options {
    run_mode mode = run_mode::pages;
    bool explain = false;  // list the edits (pages) or add them to each record (records)
    format fmt = format::jsonl;
    bool fmt_given = false;
    zhnorm::load_options load;
    std::string text_field = "text";
    std::string id_field = "id";
    bool keep_fields = false;
    unsigned jobs = 0;  // 0: all cores
    int progress = -1;  // -1 auto (stderr is a terminal), 0 off, 1 on
    bool quiet = false;
    bool list_passes = false;
    std::size_t chunk_size = std::size_t{8} << 20;
    std::vector<std::string> files;
    pipeline_t pipe = zhnorm::default_pipeline();

    [[nodiscard]] bool strict() const { return load.policy == zhnorm::input_policy::strict; }
    [[nodiscard]] unsigned workers() const {
        if (jobs) return jobs;
        const unsigned n = std::thread::hardware_concurrency();
        return n ? n : 1;
    }
};

struct usage_error {
    std::string message;  // empty: --help was asked for
};

namespace detail {

inline bool parse_size(std::string_view v, std::size_t& out) {
    std::size_t mult = 1;
    if (!v.empty()) {
        const char c = v.back();
        if (c == 'k' || c == 'K') mult = std::size_t{1} << 10;
        else if (c == 'm' || c == 'M') mult = std::size_t{1} << 20;
        else if (c == 'g' || c == 'G') mult = std::size_t{1} << 30;
        if (mult != 1) v.remove_suffix(1);
    }
    std::size_t x = 0;
    const auto r = std::from_chars(v.data(), v.data() + v.size(), x);
    if (v.empty() || r.ec != std::errc{} || r.ptr != v.data() + v.size()) return false;
    out = x * mult;
    return true;
}

} // namespace detail

// Parses argv; throws usage_error.
inline options parse_args(int argc, char** argv) {
    options o;
    std::vector<std::pair<std::string, bool>> switches;  // pass, on
    std::vector<std::string> sets;
    bool only_files = false;
    for (int i = 1; i < argc; ++i) {
        std::string_view a = argv[i];
        if (only_files || a == "-" || a.empty() || a[0] != '-') {
            o.files.emplace_back(a);
            continue;
        }
        if (a == "--") { only_files = true; continue; }
        // --opt=value and --opt value; -jN and -j N.
        std::string_view inline_value;
        bool has_inline = false;
        if (a.starts_with("--")) {
            if (const auto eq = a.find('='); eq != std::string_view::npos) {
                inline_value = a.substr(eq + 1);
                a = a.substr(0, eq);
                has_inline = true;
            }
        } else if (a.starts_with("-j") && a.size() > 2) {
            inline_value = a.substr(2);
            a = "-j";
            has_inline = true;
        }
        auto value = [&]() -> std::string_view {
            if (has_inline) return inline_value;
            if (i + 1 >= argc) throw usage_error{"option '" + std::string(a) + "' needs a value"};
            return argv[++i];
        };
        auto flag = [&] {
            if (has_inline) throw usage_error{"option '" + std::string(a) + "' takes no value"};
        };
        if (a == "-h" || a == "--help") { flag(); throw usage_error{}; }
        else if (a == "--jsonl") { flag(); o.mode = run_mode::records; }
        else if (a == "--explain") { flag(); o.explain = true; }
        else if (a == "--strict") { flag(); o.load.policy = zhnorm::input_policy::strict; }
        else if (a == "--keep-fields") { flag(); o.keep_fields = true; }
        else if (a == "--progress") { flag(); o.progress = 1; }
        else if (a == "-q" || a == "--quiet") { flag(); o.quiet = true; }
        else if (a == "--list-passes") { flag(); o.list_passes = true; }
        else if (a == "--text-field") { o.text_field = value(); }
        else if (a == "--id-field") { o.id_field = value(); }
        else if (a == "--format") {
            const std::string_view f = value();
            if (f == "jsonl" || f == "json") o.fmt = format::jsonl;
            else if (f == "text") o.fmt = format::text;
            else if (f == "tagged") o.fmt = format::tagged;
            else throw usage_error{"unknown format '" + std::string(f) + "' (jsonl, text or tagged)"};
            o.fmt_given = true;
        } else if (a == "-j" || a == "--jobs") {
            const std::string_view v = value();
            unsigned n = 0;
            const auto r = std::from_chars(v.data(), v.data() + v.size(), n);
            if (v.empty() || r.ec != std::errc{} || r.ptr != v.data() + v.size() || n > 4096)
                throw usage_error{"bad job count '" + std::string(v) + "'"};
            o.jobs = n;
        } else if (a == "--chunk-size") {
            const std::string_view v = value();
            if (!detail::parse_size(v, o.chunk_size) || o.chunk_size < 2)
                throw usage_error{"bad chunk size '" + std::string(v) + "'"};
        } else if (a == "--passes") {
            for (const auto n : pipeline_t::names()) switches.emplace_back(std::string(n), false);
            std::string_view list = value();
            while (!list.empty()) {
                const auto comma = list.find(',');
                const std::string_view item = list.substr(0, comma);
                list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
                if (item.empty()) continue;
                const std::string_view name = resolve_pass(item);
                if (name.empty()) throw usage_error{"unknown pass '" + std::string(item) + "'"};
                switches.emplace_back(std::string(name), true);
            }
        } else if (a == "--set") {
            sets.emplace_back(value());
        } else if (a.starts_with("--no-") && !resolve_pass(a.substr(5)).empty()) {
            flag();
            switches.emplace_back(std::string(resolve_pass(a.substr(5))), false);
        } else {
            throw usage_error{"unknown option '" + std::string(argv[i]) + "'"};
        }
    }
    for (const auto& [name, on] : switches) o.pipe.enable(name, on);
    for (const auto& s : sets)
        if (auto err = set_option(o.pipe, s); !err.empty()) throw usage_error{err};
    if (o.mode == run_mode::records && o.fmt_given && o.fmt != format::jsonl)
        throw usage_error{"--jsonl writes JSON records; --format text/tagged does not apply"};
    if (o.explain && o.mode == run_mode::pages && o.fmt == format::tagged)
        throw usage_error{"--explain writes text or JSON (--format jsonl)"};
    if (o.explain && o.mode == run_mode::pages && !o.fmt_given) o.fmt = format::text;  // for people unless asked
    if (o.files.empty()) o.files.emplace_back("-");
    return o;
}

} // namespace zhnorm_cli
