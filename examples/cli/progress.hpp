#pragma once
// A one-line progress display on stderr, redrawn at most a few times a second by the thread that
// writes the output (so output and progress never interleave mid-line).
#include <unistd.h>

#include <chrono>
#include <cstddef>
#include <cstdio>
#include <string>

namespace zhnorm_cli {

class progress {
public:
    using clock = std::chrono::steady_clock;

    // `total_bytes` 0 when unknown (a pipe): then no percentage and no ETA.
    progress(bool enabled, std::size_t total_bytes, bool count_records)
        : enabled_(enabled), total_(total_bytes), records_(count_records), stdout_tty_(::isatty(1) == 1), stderr_tty_(::isatty(2) == 1),
          start_(clock::now()), last_(start_) {}

    // Call before writing output, so a progress line shown on the same terminal is wiped first.
    void before_output() {
        if (shown_ && stdout_tty_ && stderr_tty_) {
            std::fputs("\r\x1b[K", stderr);
            shown_ = false;
        }
    }

    void update(std::size_t bytes, std::size_t items) {
        bytes_ = bytes;
        items_ = items;
        if (!enabled_) return;
        const auto now = clock::now();
        // A terminal line is redrawn in place; a log file gets one line a second.
        if (now - last_ < std::chrono::milliseconds(stderr_tty_ ? 200 : 1000)) return;
        last_ = now;
        draw(now);
    }

    // Leaves the final figures on their own line.
    void finish() {
        if (!enabled_) return;
        draw(clock::now());
        if (stderr_tty_) std::fputc('\n', stderr);
        shown_ = false;
    }

private:
    static std::string mb(std::size_t b) {
        char s[32];
        std::snprintf(s, sizeof s, "%.1f MB", static_cast<double>(b) / 1e6);
        return s;
    }

    void draw(clock::time_point now) {
        std::fflush(stdout);
        const double secs = std::chrono::duration<double>(now - start_).count();
        const double rate = secs > 0 ? static_cast<double>(bytes_) / secs : 0;
        std::string line = std::string(stderr_tty_ ? "\r" : "") + "zhnorm: " + mb(bytes_);
        if (total_) {
            char pct[16];
            std::snprintf(pct, sizeof pct, " (%.0f%%)", 100.0 * static_cast<double>(bytes_) / static_cast<double>(total_));
            line += " of " + mb(total_) + pct;
        }
        line += ", " + std::to_string(items_) + (records_ ? " records" : " pages");
        char r[64];
        std::snprintf(r, sizeof r, ", %.1f MB/s", rate / 1e6);
        line += r;
        if (records_ && secs > 0) {
            std::snprintf(r, sizeof r, ", %.0f records/s", static_cast<double>(items_) / secs);
            line += r;
        }
        if (total_ && rate > 0 && bytes_ < total_) {
            const auto left = static_cast<long>(static_cast<double>(total_ - bytes_) / rate);
            std::snprintf(r, sizeof r, ", ETA %ld:%02ld", left / 60, left % 60);
            line += r;
        }
        line += stderr_tty_ ? "\x1b[K" : "\n";
        std::fputs(line.c_str(), stderr);
        std::fflush(stderr);
        shown_ = true;
    }

    bool enabled_;
    std::size_t total_;
    bool records_;
    bool stdout_tty_;
    bool stderr_tty_;
    clock::time_point start_, last_;
    std::size_t bytes_ = 0, items_ = 0;
    bool shown_ = false;
};

} // namespace zhnorm_cli
