#pragma once
// Page mode (and --explain): a page file, or one piece of a big one, in; its blocks or its edit
// list out, with offsets of the whole file.
#include <cstddef>
#include <exception>
#include <string>

#include <zhnorm/zhnorm.hpp>

#include "explain.hpp"
#include "input.hpp"
#include "jsonl.hpp"
#include "options.hpp"

namespace zhnorm_cli {

struct page_job {
    std::size_t file = 0;
    chunk piece;
    std::string error;  // the file could not be opened or read
};

struct page_result {
    std::string out;
    std::string error;  // --strict rejected the input, or processing failed
    std::size_t replaced = 0;
    std::size_t first_invalid = zhnorm::input_report::npos;  // offset in the file
    std::size_t bytes = 0;                                    // size of the piece
};

inline std::string display_name(const std::string& path) { return path == "-" ? "<stdin>" : path; }

inline void process_page(const options& o, page_job& job, page_result& r) {
    if (!job.error.empty()) return;
    const std::size_t base = job.piece.offset;
    r.bytes = job.piece.text.size();
    try {
        zhnorm::document doc = zhnorm::load(job.piece.text, o.load);
        job.piece.text = std::string();  // the document holds its own copy: free this one now
        doc.record_edits = o.explain;
        o.pipe(doc);
        r.replaced = doc.input.replaced;
        if (doc.input.replaced) r.first_invalid = doc.input.first_invalid + base;
        if (o.explain) {
            const std::string& file = o.files[job.file];
            if (o.fmt == format::jsonl) {
                explain_json(doc, base, display_name(file), r.out);
            } else {
                std::string title = display_name(file);
                if (!(job.piece.first && job.piece.last))
                    title += " bytes " + std::to_string(base) + "-" + std::to_string(base + r.bytes);
                explain_text(doc, o.pipe, base, title, r.out);
            }
            return;
        }
        switch (o.fmt) {
        case format::jsonl:
            r.out.reserve(r.bytes + r.bytes / 4 + 4096);  // JSON of CJK text is about 1.2x its input
            write_blocks(doc, base, r.out);
            break;
        case format::text:
            // Pieces of one page continue its blank-line-separated text.
            if (!job.piece.first && !doc.blocks.empty()) r.out += '\n';
            r.out += zhnorm::to_text(doc);
            break;
        case format::tagged: r.out += zhnorm::to_tagged(doc); break;
        }
    } catch (const zhnorm::decode_error& e) {
        r.error = "invalid UTF-8 at byte offset " + std::to_string(e.offset() + base);
    } catch (const std::exception& e) {
        r.error = e.what();
    }
}

} // namespace zhnorm_cli
