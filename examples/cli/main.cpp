// zhnorm: normalize extracted newspaper pages (files, or JSON Lines records) on all cores, in order.
#include <unistd.h>

#include <cstddef>
#include <cstdio>
#include <exception>
#include <memory>
#include <string>
#include <vector>

#include "input.hpp"
#include "options.hpp"
#include "pages.hpp"
#include "progress.hpp"
#include "records.hpp"
#include "sources.hpp"
#include "workers.hpp"

namespace {

using namespace zhnorm_cli;

// In-flight work: a few jobs per worker, and never more than this many input bytes.
constexpr std::size_t max_inflight_bytes = std::size_t{256} << 20;
constexpr std::size_t record_batch_bytes = std::size_t{256} << 10;

void err(const std::string& msg) { std::fprintf(stderr, "zhnorm: %s\n", msg.c_str()); }

void write_out(const std::string& s) {
    if (!s.empty()) std::fwrite(s.data(), 1, s.size(), stdout);
}

// The total input size, 0 when any input is a pipe or terminal (no ETA then).
std::size_t total_size(const options& o) {
    std::size_t total = 0;
    for (const auto& f : o.files) {
        const auto n = known_size(f);
        if (!n) return 0;
        total += *n;
    }
    return total;
}

bool show_progress(const options& o) {
    if (o.quiet) return false;
    if (o.progress >= 0) return o.progress == 1;
    return ::isatty(2) == 1;
}

int run_pages(const options& o) {
    const unsigned n = o.workers();
    ordered_pool<page_job, page_result> pool(n, std::size_t{4} * n, max_inflight_bytes);
    file_sequence<page_job, chunker> files(o, [&](input_file& f) { return chunker(f, o.chunk_size); });
    progress meter(show_progress(o), total_size(o), false);
    struct file_state {
        bool failed = false;
        std::size_t replaced = 0, first_invalid = zhnorm::input_report::npos;
    };
    std::vector<file_state> state(o.files.size());
    std::size_t bytes = 0, pages = 0;
    int status = 0;
    pool.run(
        [&](page_job& job) {
            return files.next(job, [&](chunker& c, page_job& j) {
                if (!c.next(j.piece)) return false;
                if (j.piece.last) files.close();
                return true;
            });
        },
        [&](page_job& job, page_result& r) { process_page(o, job, r); },
        [&](page_job& job, page_result& r) {
            const std::string name = display_name(o.files[job.file]);
            file_state& st = state[job.file];
            meter.before_output();
            if (!job.error.empty() || !r.error.empty()) {
                if (!st.failed) err(name + ": " + (job.error.empty() ? r.error : job.error));
                st.failed = true;
                status = 1;
            } else if (!st.failed) {
                write_out(r.out);
                st.replaced += r.replaced;
                if (st.first_invalid == zhnorm::input_report::npos) st.first_invalid = r.first_invalid;
            }
            bytes += r.bytes;
            if (!job.error.empty() || job.piece.last) {
                ++pages;
                if (st.replaced && !st.failed && !o.quiet)
                    err(name + ": replaced " + std::to_string(st.replaced) +
                        " invalid UTF-8 sequence(s) with U+FFFD, first at byte offset " +
                        std::to_string(st.first_invalid));
            }
            meter.update(bytes, pages);
            return true;
        },
        [](const page_job& job) { return job.piece.text.size(); });
    meter.finish();
    return status;
}

int run_records(const options& o) {
    const unsigned n = o.workers();
    ordered_pool<record_job, record_result> pool(n, std::size_t{4} * n, max_inflight_bytes);
    file_sequence<record_job, line_batcher> files(o,
                                                  [](input_file& f) { return line_batcher(f, record_batch_bytes); });
    progress meter(show_progress(o), total_size(o), true);
    std::size_t bytes = 0, records = 0, malformed = 0;
    int status = 0;
    pool.run(
        [&](record_job& job) {
            return files.next(job, [](line_batcher& b, record_job& j) { return b.next(j.batch); });
        },
        [&](record_job& job, record_result& r) {
            if (job.error.empty()) process_records(o, job, r);
        },
        [&](record_job& job, record_result& r) {
            const std::string name = display_name(o.files[job.file]);
            meter.before_output();
            if (!job.error.empty()) {
                err(name + ": " + job.error);
                status = 1;
            }
            write_out(r.out);
            for (const auto& [line, why] : r.malformed)
                err(name + ":" + std::to_string(line) + ": " + (o.strict() ? "" : "skipped: ") + why);
            malformed += r.malformed.size();
            records += r.records;
            bytes += job.batch.text.size();
            meter.update(bytes, records);
            if (r.aborted) {
                status = 1;
                return false;
            }
            return true;
        },
        [](const record_job& job) { return job.batch.text.size(); });
    meter.finish();
    if (malformed && !o.strict())
        err("skipped " + std::to_string(malformed) + " malformed record(s) of " + std::to_string(records));
    return status;
}

} // namespace

int main(int argc, char** argv) {
    options o;
    try {
        o = parse_args(argc, argv);
    } catch (const usage_error& e) {
        if (e.message.empty()) {
            std::fwrite(usage.data(), 1, usage.size(), stdout);
            return 0;
        }
        err(e.message);
        std::fputs("try 'zhnorm --help'\n", stderr);
        return 2;
    }
    if (o.list_passes) {
        const std::string s = list_passes(o.pipe);
        write_out(s);
        return 0;
    }
    static char outbuf[1 << 20];
    std::setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
    int status;
    try {
        status = o.mode == run_mode::records ? run_records(o) : run_pages(o);
    } catch (const std::exception& e) {
        err(e.what());
        status = 1;
    }
    if (std::fflush(stdout) != 0 || std::ferror(stdout)) {
        err("error writing the output");
        status = 1;
    }
    return status;
}
