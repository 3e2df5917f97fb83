#pragma once
// The input files read one after another as one stream of jobs.
#include <cstddef>
#include <functional>
#include <memory>
#include <utility>

#include "input.hpp"
#include "options.hpp"

namespace zhnorm_cli {

// Reads the files one after another as a stream of jobs; an unreadable file becomes a job that
// carries the error, so it is reported in input order.
template <class Job, class Reader>
class file_sequence {
public:
    template <class Make>
    file_sequence(const options& o, Make make) : o_(o), make_(std::move(make)) {}

    // fill(reader, job) -> bool: next job of the open file, false when the file is done.
    template <class Fill>
    bool next(Job& job, Fill&& fill) {
        for (;;) {
            if (!reader_) {
                if (index_ == o_.files.size()) return false;
                job.file = index_;
                try {
                    file_ = std::make_unique<input_file>(o_.files[index_]);
                    reader_ = std::make_unique<Reader>(make_(*file_));
                } catch (const read_error& e) {
                    job.error = e.what();
                    ++index_;
                    return true;
                }
            }
            job.file = index_;
            try {
                if (fill(*reader_, job)) return true;
            } catch (const read_error& e) {
                job.error = e.what();
                close();
                return true;
            }
            close();
        }
    }

    // The current file is done after this job.
    void close() {
        reader_.reset();
        file_.reset();
        ++index_;
    }

private:
    const options& o_;
    std::function<Reader(input_file&)> make_;
    std::size_t index_ = 0;
    std::unique_ptr<input_file> file_;
    std::unique_ptr<Reader> reader_;
};

} // namespace zhnorm_cli
