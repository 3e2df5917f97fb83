#pragma once
// Rebuilds paragraphs from hard-wrapped lines and keeps headlines and credits standing alone,
// from the evidence typesetting leaves in the text (no coordinates):
//  - the body column's width, estimated per page (detail/column_width.hpp); lines wider than it
//    are headlines or one-paragraph-per-line text, where a line without terminal punctuation
//    continues on the next non-blank line;
//  - a paragraph ends on a line that stops short after terminal punctuation; its first line is
//    short by the indent it lost; a full line ending a sentence is decided by the line after it;
//  - blank lines alone decide nothing in CJK text (column breaks fall mid-sentence);
//  - a headline has no sentence punctuation outside quotes and stands alone: wider than the
//    column, shorter than a paragraph's line, or after a finished paragraph without the indent
//    of a first line. A collapsed doubled line is always a headline;
//  - a line with the shape of a credit (`本报记者 彭程 摄`) is a credit block of its own;
//  - Latin prose keeps its paragraphs: blank lines end them, wraps are joined with one space.
// Linear in the input: one measuring scan per line, one decision per line with a look at the
// next two non-blank lines, one copy of each joined paragraph into the arena.
#include <algorithm>
#include <array>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string_view>

#include "zhnorm/detail/column_width.hpp"
#include "zhnorm/detail/credit_line.hpp"
#include "zhnorm/detail/join.hpp"
#include "zhnorm/detail/huge_pages.hpp"
#include "zhnorm/detail/line_metrics.hpp"
#include "zhnorm/document.hpp"

namespace zhnorm {

namespace detail {
// Test hook: false sends every line through line_join's general decision, so tests can compare
// its fast paths with it. Not for production use.
inline bool line_join_fast_paths = true;
} // namespace detail

struct line_join {
    static constexpr std::string_view name = "line_join";

    // Widths are in ems: a CJK character is one em, a half-width character half an em.
    struct options {
        // The page is set in a body column when this many lines with sentence punctuation, and this
        // share of them, measure within an em of one width.
        std::size_t min_column_lines = 8;
        double min_column_share = 0.3;
        // Stories on one page may be set in columns of different widths: each line is measured
        // against the mode of the body lines within this many body lines before and after it, when
        // at least local_column_lines of them agree within an em (else against the page's column).
        std::size_t local_column_window = 8;
        std::size_t local_column_lines = 6;
        // Lines up to the column width plus this belong to the column (full lines stretch a little
        // when they end on a mark); wider lines are headlines or wide text.
        double column_slack = 2.5;
        // A line ending a sentence this much or more short of the column stops short: the paragraph
        // ends there.
        double short_margin = 2.0;
        // A paragraph's first line is short of the column by this much (the indent it lost, 2 ems
        // give or take the compression of its marks).
        double indent_min = 1.25;
        double indent_max = 3.5;
        // The indent a first line lost; a first line ending a sentence stops short only when it is
        // short by more than this plus short_margin.
        double first_line_indent = 2.0;
        // A punctuation-free line wider than the column is the first line of a wider column (a
        // caption box) rather than a headline when the two lines after it differ in width by at most
        // this many ems or this share of their width.
        double similar_width = 2.5;
        double similar_share = 0.08;
        // A standalone line with the shape of a credit, at most this wide, is a credit block.
        double credit_max = 24.0;
        // A line wider than the column but at most this wide, with commas and no sentence end,
        // standing after a finished paragraph is a headline (`稳就业，保民生，工会在行动`).
        double comma_headline_max = 40.0;

        bool detect_headlines = true;    // off: only collapsed doubled lines are headlines
        bool detect_credits = true;      // off: credit lines are joined like body text
        bool restore_role_space = true;  // `通讯员` + `李义康）` -> `通讯员 李义康）`
        bool keep_wrap_space = true;     // `开展了“惠职工 ` + `享温情` -> `惠职工 享温情`
        bool latin_blank_breaks = true;  // in Latin text a blank line ends the paragraph
    } opts;

    void operator()(document& doc) const {
        if (doc.has_blocks()) return;
        run r(*this, doc);
        r.go();
        doc.mark_blocked();
        doc.count(name, r.joins);
    }

private:
    using metrics = detail::line_metrics;
    using width_t = std::int64_t;

    static constexpr width_t units(double ems) noexcept { return static_cast<width_t>(ems * 2.0 + 0.5); }

    // `s` without leading and trailing white space (ASCII blanks, U+3000, U+00A0). Byte tests, not
    // string compares: this runs for every joined line. Most lines neither start nor end with white
    // space (U+3000 starts with E3, ends with 80; U+00A0 starts with C2, ends with A0): that test
    // inline, the trimming out of line.
    [[gnu::always_inline]] static std::string_view trim(std::string_view s) noexcept {
        if (s.empty()) return s;
        const auto f = static_cast<unsigned char>(s.front()), l = static_cast<unsigned char>(s.back());
        auto blank = [](unsigned char c) { return c == ' ' || c == '\t' || c == '\v' || c == '\f'; };
        if (!blank(f) && f != 0xE3 && f != 0xC2 && !blank(l) && l != 0x80 && l != 0xA0) return s;
        return trim_edges(s);
    }
#if defined(__GNUC__)
    [[gnu::noinline]]
#endif
    static std::string_view trim_edges(std::string_view s) noexcept {
        auto at = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
        auto blank = [](unsigned char c) { return c == ' ' || c == '\t' || c == '\v' || c == '\f'; };
        std::size_t b = 0, e = s.size();
        for (;;) {
            if (b < e && blank(at(b))) ++b;
            else if (e - b >= 3 && at(b) == 0xE3 && at(b + 1) == 0x80 && at(b + 2) == 0x80) b += 3;
            else if (e - b >= 2 && at(b) == 0xC2 && at(b + 1) == 0xA0) b += 2;
            else break;
        }
        for (;;) {
            if (e > b && blank(at(e - 1))) --e;
            else if (e - b >= 3 && at(e - 3) == 0xE3 && at(e - 2) == 0x80 && at(e - 1) == 0x80) e -= 3;
            else if (e - b >= 2 && at(e - 2) == 0xC2 && at(e - 1) == 0xA0) e -= 2;
            else break;
        }
        return s.substr(b, e - b);
    }

    enum class state : std::uint8_t {
        closed,     // no paragraph is open
        open,       // the last line ended mid-sentence
        maybe_end,  // the last line ended a sentence at full width: the next line decides
    };
    enum class role : std::uint8_t { join, start, headline };

    struct run {
        const line_join& self;
        document& doc;
        // Per-line tables in the document's scratch memory (reused when the document is refilled).
        std::span<metrics> m;  // written through by is_credit(), which memoizes its answer in the flags
        std::span<std::uint16_t> cols;  // the column each line is set in, half-ems (0: none), if uniform_cols is false
        std::uint16_t page_col = 0;     // the page's column
        bool uniform_cols = true;       // every line is set in the page's column
        // No line is set in a column: every line is wider than one, and the open paragraph's last
        // line is (cur_wide), so the general decision joins every line join_plain() takes.
        bool wide_plain = false;
        width_t plain_limit = 0;  // join_plain() takes lines up to this wide in a uniform column
        width_t slack, short_margin, indent_min, indent_max, first_indent, similar, credit_max, comma_headline_max;
        width_t latin_max = 0;  // widest Latin line, half-ems
        bool indent_evidence = false;  // leading spaces are rare enough on the page to mean an indent
        std::size_t joins = 0;
        const char* para_out = nullptr;  // where joined() writes the paragraph it joins
        mutable detail::credit_parse parse;  // scratch of the credit tests (is_credit(), credit_after_sentence())

        // The paragraph being built: lines [first, last], non-blank ones joined.
        static constexpr std::size_t none = static_cast<std::size_t>(-1);
        std::size_t first = none, last = none;
        state st = state::closed;
        bool cur_wide = false;  // its last line is wider than the column
        std::size_t para_bytes = 0;  // sum over its non-blank lines of their size + 1: room for its text

        // Line i joins the paragraph (first is set; i == first: it starts it).
        void append(std::size_t i) noexcept {
            para_bytes = (i == first ? 0 : para_bytes) + doc.lines[i].text.size() + 1;
            last = i;
        }

        // What the measuring loop counts of the lines (body: the body lines of a column's width).
        struct tally {
            std::span<std::uint32_t> body;
            std::size_t text_lines = 0, indented = 0, body_lines = 0;
            width_t latin_max = 0;
            detail::column_histogram hist;

            // Line i, measured as x, counted.
            [[gnu::always_inline]] void count(const metrics& x, std::size_t i) noexcept {
                if (x.is(metrics::latin)) latin_max = std::max<width_t>(latin_max, x.width);
                if (!x.is(metrics::blank)) ++text_lines;
                if (x.indent > 0) ++indented;
                body[body_lines] = static_cast<std::uint32_t>(i);
                body_lines += hist.add(x) ? std::size_t{1} : std::size_t{0};
            }
            // count() of a line measure_common_avx2() measured: CJK, not indented, not blank.
            [[gnu::always_inline]] void count_common(const metrics& x, std::size_t i) noexcept {
                assert(x.is(metrics::has_cjk) && !x.is(metrics::latin | metrics::blank) && x.indent == 0);
                ++text_lines;
                body[body_lines] = static_cast<std::uint32_t>(i);
                body_lines += hist.add_cjk(x) ? std::size_t{1} : std::size_t{0};
            }
        };

        // Measures every line into m and counts them into `out`. (Lines in the validated input buffer
        // may be read on past their end, up to its end.) The loop is written out twice, once compiled
        // for AVX2: the measuring of a line inlined into it, no call per line. (One template over the
        // per-line measure cannot do it: GCC and clang refuse to inline an AVX2 function into one
        // compiled for the default target, and the template's loop would be that.) Its counts are
        // kept in a local copy (in registers, not written back per line).
        void measure_lines(tally& out) noexcept {
            tally t = out;
            const std::span<metrics> ms = m;
            const std::span<const line> lines{doc.lines};
            const std::string_view buf = doc.buffer();
            const char* const buf_end = buf.data() + buf.size();
            for (std::size_t i = 0; i < ms.size(); ++i) {
                const std::string_view text = lines[i].text;
                metrics& x = ms[i];
                if (text.empty()) {
                    x = metrics{0, 0, 0, metrics::blank};  // a blank line between paragraphs
                    continue;
                }
                const bool in_buffer = text.data() >= buf.data() && text.data() + text.size() <= buf_end;
                detail::measure_line_sse2(text, x, in_buffer ? buf_end : nullptr);
                t.count(x, i);
            }
            out = t;
        }
#if ZHNORM_AVX2
        [[gnu::noinline]] ZHNORM_TARGET_AVX2 void measure_lines_avx2(tally& out) noexcept {
            tally t = out;
            const std::span<metrics> ms = m;
            const std::span<const line> lines{doc.lines};
            const std::string_view buf = doc.buffer();
            const char* const buf_end = buf.data() + buf.size();
            for (std::size_t i = 0; i < ms.size(); ++i) {
                const std::string_view text = lines[i].text;
                metrics& x = ms[i];
                if (text.empty()) {
                    x = metrics{0, 0, 0, metrics::blank};
                    continue;
                }
                // Most lines: at most 64 bytes with 65 readable from their start in the buffer (one
                // compare; below the buffer's start the offset wraps), measured as the common line,
                // its first word not (latin_break() asks it of Latin lines only).
                const auto off = reinterpret_cast<std::uintptr_t>(text.data()) - reinterpret_cast<std::uintptr_t>(buf.data());
                if (off + 65 <= buf.size() && text.size() <= 64 && detail::line_detail::measure_common_avx2<false>(text, x)) {
                    t.count_common(x, i);
                    continue;
                }
                // A line of marks (and Han characters): a table, a rule, a list of brackets.
                if (off + 66 <= buf.size() && text.size() <= 64 && detail::line_detail::measure_marks_avx2(text, x)) {
                    t.count(x, i);
                    continue;
                }
                const bool in_buffer = text.data() >= buf.data() && text.data() + text.size() <= buf_end;
                detail::measure_line_sse2(text, x, in_buffer ? buf_end : nullptr);
                t.count(x, i);
            }
            out = t;
        }
#endif

        run(const line_join& s, document& d)
            : self(s), doc(d), slack(units(s.opts.column_slack)), short_margin(units(s.opts.short_margin)),
              indent_min(units(s.opts.indent_min)), indent_max(units(s.opts.indent_max)),
              first_indent(units(s.opts.first_line_indent)), similar(units(s.opts.similar_width)),
              credit_max(units(s.opts.credit_max)), comma_headline_max(units(s.opts.comma_headline_max)) {
            const std::size_t n = doc.lines.size();
            static_assert(alignof(metrics) >= alignof(std::uint32_t) && alignof(std::uint32_t) >= alignof(std::uint16_t));
            auto* const mem = static_cast<char*>(
                doc.scratch(n * (sizeof(metrics) + sizeof(std::uint32_t) + sizeof(std::uint16_t)) + 1));
            m = {reinterpret_cast<metrics*>(mem), n};  // (trivial types: storage reused as is)
            const std::span<std::uint32_t> body{reinterpret_cast<std::uint32_t*>(mem + n * sizeof(metrics)), n};
            cols = {reinterpret_cast<std::uint16_t*>(mem + n * (sizeof(metrics) + sizeof(std::uint32_t))), n};
            tally t;
            t.body = body;
#if ZHNORM_AVX2
            if (detail::use_avx2()) measure_lines_avx2(t);
            else
#endif
                measure_lines(t);
            const std::size_t text_lines = t.text_lines, indented = t.indented, body_lines = t.body_lines;
            const detail::column_histogram& hist = t.hist;
            latin_max = t.latin_max;
            indent_evidence = indented * 5 < text_lines;
            // Every block takes at least one text line: room for that many up front saves the copies
            // of a growing vector (capacity never written costs no memory).
            detail::reserve_large(doc.blocks, doc.blocks.size() + text_lines + 1);
            const auto page = detail::estimate_column(hist, self.opts.min_column_lines, self.opts.min_column_share).width;
            page_col = static_cast<std::uint16_t>(page);
            uniform_cols = !detail::local_columns(m, body.first(body_lines), page, self.opts.local_column_window,
                                                  self.opts.local_column_lines, cols);
            wide_plain = uniform_cols && page_col == 0;
            plain_limit = wide_plain ? INT64_MAX : static_cast<width_t>(page_col) + slack;
        }

        [[nodiscard]] width_t col_of(std::size_t i) const noexcept {
            return static_cast<width_t>(uniform_cols ? page_col : cols[i]);
        }

        [[nodiscard]] width_t w(std::size_t i) const noexcept { return static_cast<width_t>(m[i].width); }

        [[nodiscard]] std::size_t next_nonblank(std::size_t i) const noexcept {
            for (std::size_t k = i + 1; k < m.size(); ++k)
                if (!m[k].is(metrics::blank)) return k;
            return none;
        }

        [[nodiscard]] bool title_like(std::size_t i) const noexcept {
            if (!self.opts.detect_headlines) return false;
            constexpr std::uint16_t body = metrics::sentence_punct | metrics::open_at_end | metrics::justified |
                                           metrics::clause_end | metrics::terminal_end | metrics::dateline;
            return (m[i].flags & body) == 0;
        }

        [[nodiscard]] bool narrow(std::size_t i) const noexcept { return col_of(i) > 0 && w(i) <= col_of(i) + slack; }

        // A headline with commas: wider than the page's column, no sentence ended in it, not
        // ending on a comma, no bracket left open (and, at the call, a fresh start after it).
        [[nodiscard]] bool comma_headline(std::size_t i) const noexcept {
            constexpr std::uint16_t body = metrics::has_terminal | metrics::clause_end | metrics::open_at_end |
                                           metrics::justified | metrics::dateline | metrics::latin;
            const width_t col = col_of(i);
            return self.opts.detect_headlines && col > 0 && w(i) > col + slack && w(i) <= comma_headline_max &&
                   (m[i].flags & body) == 0;
        }

        [[nodiscard]] static bool has_credit_lead(std::string_view s) noexcept {
            std::size_t i = 0;
            while (i < s.size() && s[i] == ' ') ++i;
            // A credit in parentheses (`（新华社记者 李贺 摄）`) closes them at its end and parts its
            // fields by spaces.
            if (const std::size_t ob = detail::open_paren(s, i))
                return detail::credit_detail::close_paren_before(s, detail::credit_detail::end_without_spaces(s, i + ob)) > 0 &&
                       detail::credit_detail::has_field_space(s.substr(i + ob));
            // Bullets start with E2, the kind words 文 摄 图 with E6 or E5.
            if (i == s.size() || (s[i] != '\xE2' && s[i] != '\xE5' && s[i] != '\xE6')) return false;
            if (detail::bullet_at(s, i)) return true;
            const std::size_t k = detail::credit_detail::lead_kind_at(s, i);
            return k && (detail::credit_detail::colon_at(s, i + k) || detail::credit_detail::slash_at(s, i + k));
        }

        // Asked for the same line by the decisions of up to three lines: decided once, the answer
        // kept in the line's flags (user_1: known, user_2: a credit).
        [[nodiscard, gnu::always_inline]] bool is_credit(std::size_t i) const noexcept {
            constexpr std::uint16_t known = metrics::user_1, credit = metrics::user_2;
            const std::uint16_t f = m[i].flags;
            if (f & known) return (f & credit) != 0;
            // Most lines: sentence punctuation or a mark no credit has, and no credit lead.
            constexpr std::uint16_t no = metrics::latin | metrics::sentence_punct | metrics::not_credit;
            if (((f & no) != 0 || (f & metrics::inner_space) == 0) && (f & metrics::credit_lead) == 0)
                return false;
            return decide_credit(i);
        }

        [[nodiscard, gnu::noinline]] bool decide_credit(std::size_t i) const noexcept {
            constexpr std::uint16_t known = metrics::user_1, credit = metrics::user_2;
            bool yes = false;
            // Credit fields are CJK words separated by spaces: no punctuation but `、`, no Latin. A
            // line led by a bullet or a kind word with a colon or slash (`摄影：张三`, `文/本报记者 张三`)
            // carries marks other credits do not; the credit parser decides for it.
            if (self.opts.detect_credits && w(i) <= credit_max) {
                const std::string_view text = doc.lines[i].text;
                const bool plain = m[i].is(metrics::inner_space) && !m[i].is(metrics::latin) &&
                                   !m[i].is(metrics::sentence_punct) && !m[i].is(metrics::not_credit);
                if (plain || (m[i].is(metrics::credit_lead) && has_credit_lead(text))) yes = detail::looks_like_credit(text, parse);
            }
            m[i].flags = static_cast<std::uint16_t>(m[i].flags | known | (yes ? credit : 0));
            return yes;
        }

        // Does the text after the last sentence of line a, joined to line i, have the shape of a
        // credit? Only lines that can be part of one are looked at: a sentence ends in line a and
        // only credit characters follow it, line i is short and has no punctuation but `、` and no Latin.
        [[nodiscard]] bool credit_after_sentence(std::size_t a, std::size_t i) const noexcept {
            constexpr std::uint16_t no = metrics::latin | metrics::sentence_punct | metrics::not_credit;
            if (!self.opts.detect_credits || (m[i].flags & no) != 0 || w(i) > credit_max ||
                !m[a].is(metrics::credit_tail))
                return false;
            const std::string_view left = trim(doc.lines[a].text), right = trim(doc.lines[i].text);
            const std::size_t from = detail::after_last_terminal(left);
            if (from == std::string_view::npos) return false;
            const std::string_view head = trim(left.substr(from));
            const std::string_view sep = wrap_sep(left, right);
            // Fields are separated by spaces: a credit has one somewhere.
            if (head.empty() || (head.find(' ') == std::string_view::npos && sep.empty() &&
                                 right.find(' ') == std::string_view::npos))
                return false;
            std::array<char, 192> buf;
            const std::string_view joined = concat(buf, head, sep, right);
            return !joined.empty() && detail::looks_like_credit(joined, parse);
        }

        // What joined() writes at the wrap between lines `left` and `right` (trimmed): the
        // role-name space it restores, or detail::wrap_separator's.
        [[nodiscard]] std::string_view wrap_sep(std::string_view left, std::string_view right) const noexcept {
            const bool role_gap = self.opts.restore_role_space && detail::role_name_gap(left, right);
            return role_gap ? std::string_view{" "} : detail::wrap_separator(left, right);
        }

        // a + b + c in `buf`, or an empty view when they do not fit.
        template <std::size_t N>
        [[nodiscard]] static std::string_view concat(std::array<char, N>& buf, std::string_view a, std::string_view b,
                                                     std::string_view c) noexcept {
            if (a.size() + b.size() + c.size() > N) return {};
            std::size_t n = 0;
            for (std::string_view part : {a, b, c}) {
                if (!part.empty()) std::memcpy(buf.data() + n, part.data(), part.size());
                n += part.size();
            }
            return {buf.data(), n};
        }

        // Does line a, left with a parenthesis open, joined to line i, end in a credit in
        // parentheses opened in line a (`…读书。（本报记者` + `张三 摄）`)? Asked only of a line i that
        // ends with a closing one (detail::paren_credit_start decides).
        [[nodiscard]] bool paren_credit_after(std::size_t a, std::size_t i) const noexcept {
            // (Fields are parted by spaces: a line with none, nor the one before it, has no credit.)
            if (!self.opts.detect_credits || !m[a].is(metrics::open_at_end) || m[i].is(metrics::latin) ||
                w(i) > credit_max || ((m[a].flags | m[i].flags) & metrics::inner_space) == 0)
                return false;
            const std::string_view left = trim(doc.lines[a].text), right = trim(doc.lines[i].text);
            if (!detail::ends_with_close_paren(right)) return false;
            // The end of line a, from a character start: the credit's look back is shorter.
            std::string_view head = left.substr(left.size() > 128 ? left.size() - 128 : 0);
            while (!head.empty() && (static_cast<unsigned char>(head.front()) & 0xC0) == 0x80) head.remove_prefix(1);
            std::array<char, 256> buf;
            const std::string_view joined = concat(buf, head, wrap_sep(left, right), right);
            return !joined.empty() && detail::paren_credit_start(joined, detail::role_set{}, 4, parse) < head.size();
        }

        [[nodiscard]] bool similar_width(width_t a, width_t b) const noexcept {
            const width_t d = a > b ? a - b : b - a;
            const auto share = static_cast<width_t>(self.opts.similar_share * static_cast<double>(std::max(a, b)));
            return d <= std::max(similar, share);
        }

        // A line after a finished paragraph (or a headline) with no sentence punctuation: the first
        // line of a paragraph rather than a headline?
        [[nodiscard]] bool first_line_evidence(std::size_t i) const noexcept {
            const std::size_t j = next_nonblank(i);
            if (j == none || doc.lines[j].collapsed() || m[j].is(metrics::latin) || is_credit(j) ||
                m[j].is(metrics::dateline))
                return false;  // a dateline opens its own story
            const std::string_view jt = doc.lines[j].text;
            if ((!detail::line_join_fast_paths || detail::may_be_fragment_start(jt)) && detail::fragment_start(jt))
                return true;  // `北辰集团工会经过精心打` + `造，在…`
            if (detail::opens_with_closing(jt) != detail::closing_start::none) return true;  // `…精心打造` + `，在…`
            const bool blank_between = j != i + 1;
            // The lines after it show the column: two lines of one width, about an indent wider.
            if (!blank_between && !m[j].is(metrics::terminal_end) && w(j) - w(i) >= indent_min &&
                w(j) - w(i) <= indent_max) {
                const std::size_t k = next_nonblank(j);
                if (k != none && k == j + 1 && !doc.lines[k].collapsed() && !m[k].is(metrics::latin) &&
                    w(k) + 2 >= w(j) && w(k) <= w(j) + 2 && !is_credit(k) && !m[k].is(metrics::dateline))
                    return true;
            }
            if (narrow(i)) {
                const width_t col = col_of(i);
                if (w(i) < col - indent_max || w(i) > col - indent_min) return false;
                // The next line is a full line of the column (or a short last line), not another
                // short first line: a headline of about that width stands before its story.
                if (w(j) > col + slack || w(j) <= w(i)) return false;
                if (w(j) < col - indent_min && !(m[j].is(metrics::terminal_end) && w(j) < col - indent_max)) return false;
                // Two titles in a row followed by a fresh start are a headline and its subtitle.
                if (title_like(j) && fresh_start(next_nonblank(j))) return false;
                if (!blank_between) return true;
                // Across a blank line (a column break as often as not), a line without spaces whose
                // text goes on in a full line, not indented: a headline standing before its story
                // is followed by that story's first line, short or indented. A title's width after
                // it leaves that reading to a line short by the indent exactly.
                const bool exact = w(i) >= col - first_indent - 1 && w(i) <= col - first_indent + 1;
                return !m[i].is(metrics::inner_space) && m[j].indent == 0 && w(j) >= col - 1 && (exact || !title_like(j));
            }
            // The first line of a wider column: the next line continues at a little more width,
            // and the line after it has that width too.
            if (title_like(j) || m[j].is(metrics::terminal_end)) return false;
            const width_t d = w(j) - w(i);
            if (d < indent_min || d > indent_max + 2) return false;
            const std::size_t k = next_nonblank(j);
            return k != none && !doc.lines[k].collapsed() && similar_width(w(k), w(j));
        }

        // Does the text after line i start afresh: nothing, a headline, a credit, or a first line?
        // A full-width title followed by a fresh start is a headline too (no paragraph ends on a
        // title), so runs of headlines are followed `depth` lines deep.
        [[nodiscard]] bool fresh_start(std::size_t j, int depth = 2) const noexcept {
            if (j == none || doc.lines[j].collapsed() || is_credit(j) || m[j].is(metrics::dateline)) return true;
            if (m[j].is(metrics::latin)) return false;
            // (No line starts with a closing mark: one that does was cut off the line before.)
            if (detail::opens_with_closing(doc.lines[j].text) != detail::closing_start::none) return false;
            if (!narrow(j)) return title_like(j);
            const width_t col = col_of(j);
            if (title_like(j) && w(j) <= col - short_margin) return true;  // a short title is no paragraph's tail
            if (title_like(j) && w(j) >= col - indent_min) return depth > 0 && fresh_start(next_nonblank(j), depth - 1);
            return !m[j].is(metrics::terminal_end) && w(j) >= col - indent_max && w(j) <= col - indent_min;
        }

        // After a full line ending a sentence: does line i start a new paragraph?
        [[nodiscard]] bool starts_paragraph(std::size_t i, width_t c) const noexcept {
            if (c == 0) return true;
            if (indent_evidence && m[i].indent > 0 && !title_like(i)) return true;
            return !m[i].is(metrics::terminal_end) && w(i) >= c - indent_max && w(i) <= c - indent_min;
        }

        // `bytes`: para_bytes of lines [a, b] (when a < b).
        [[gnu::always_inline]] void emit(block_kind kind, std::size_t a, std::size_t b, std::size_t bytes = 0) {
            const std::string_view text = a == b ? trim(doc.lines[a].text) : joined(a, b, bytes);
            block& blk = doc.blocks.emplace_back();  // built in place: no block moved and destroyed
            blk.kind = kind;
            blk.source = {doc.lines[a].source.begin, doc.lines[b].source.end};
            blk.repeat = a == b ? doc.lines[a].repeat : std::uint8_t{1};
            blk.text = text;
        }

        void flush() {
            if (first != none) emit(block_kind::paragraph, first, last, para_bytes);
            first = last = none;
        }

        // The text of lines [a, b], blank lines skipped, wraps joined; one copy into the arena of at
        // most `total` bytes (para_bytes, counted as go() appended the lines: no walk to size it).
        std::string_view joined(std::size_t a, std::size_t b, std::size_t total) {
#if !defined(NDEBUG)
            std::size_t counted = 0;
            for (std::size_t i = a; i <= b; ++i)
                if (!m[i].is(metrics::blank)) counted += doc.lines[i].text.size() + 1;
            assert(counted == total && "para_bytes counts the paragraph's lines");
#endif
            char* const out = doc.arena().reserve(total);
            para_out = out;
            char* o = out;
            // Most wraps are between two CJK characters that neither need trimming nor end a role:
            // decided from the edge bytes alone (detail::join_edge_slow), the line copied as it is.
            // The general code below decides every other wrap (and all of them with record_edits).
            // prev_slow: the previous line's last byte is marked (2), or no fast path (4). The loop
            // keeps nothing else per line: the general code looks back for the previous line, the
            // join count is the lines less the blank ones less one.
            const line* const ls = doc.lines.data();
            const metrics* const ms = m.data();
            const unsigned no_fast = detail::line_join_fast_paths && !doc.record_edits ? 0u : 4u;
            unsigned prev_slow = no_fast;
            std::size_t blanks = 0;
            for (std::size_t i = a; i <= b; ++i) {
                if (ms[i].is(metrics::blank)) {
                    ++blanks;
                    continue;
                }
                const char* const p = ls[i].text.data();
                const std::size_t k = ls[i].text.size();
                const unsigned slow = (detail::join_edge_slow[static_cast<unsigned char>(p[0])] & 1u) |
                                      (detail::join_edge_slow[static_cast<unsigned char>(p[k - 1])] & 10u);
                if (((slow & 9u) | prev_slow) == 0) {  // nothing to trim, nothing before it: copied
                    detail::copy_line(o, p, k);
                    o += k;
                    prev_slow = slow;  // 0, or 2: the next wrap takes the general code
                    continue;
                }
                o = join_general(a, i, o, prev_slow);
            }
            const std::size_t count = b - a + 1 - blanks;  // non-blank lines: each after the first joins a wrap
            joins += count > 0 ? count - 1 : 0;
            return doc.arena().commit(out, static_cast<std::size_t>(o - out));
        }

        // joined()'s general code for line i of [a, b] (not blank): trimmed, with what the wrap
        // before it calls for, written at o; returns the end of what it wrote and sets prev_slow for
        // the next line. Out of line: the fast loop keeps its state in registers.
        [[gnu::noinline]] char* join_general(std::size_t a, std::size_t i, char* o, unsigned& prev_slow) {
            const line* const ls = doc.lines.data();
            const metrics* const ms = m.data();
            const unsigned no_fast = prev_slow & 4u;
            const std::string_view t = trim(ls[i].text);
            std::size_t prev_line = i;  // the last non-blank line before i in [a, i), if any
            while (prev_line > a && ms[prev_line - 1].is(metrics::blank)) --prev_line;
            if (prev_line > a) {
                --prev_line;
                const std::string_view prev = trim(ls[prev_line].text);  // as copied
                const bool role_gap = self.opts.restore_role_space && detail::role_name_gap(prev, t);
                // Between two non-ASCII characters (CJK text) nothing ever goes.
                const bool ascii_edge = static_cast<unsigned char>(prev.back()) < 0x80 ||
                                        static_cast<unsigned char>(t.front()) < 0x80;
                const bool kept = !role_gap && !ascii_edge && self.opts.keep_wrap_space &&
                                  kept_wrap_space(ls[prev_line].text, prev, t) && inside_brackets({para_out, o});
                const std::string_view sep = role_gap || kept ? std::string_view{" "}
                                             : ascii_edge     ? detail::wrap_separator(prev, t)
                                                              : std::string_view{""};
                if (!sep.empty()) std::memcpy(o, sep.data(), sep.size());  // {} has no data
                o += sep.size();
                if (doc.record_edits) record(prev_line, i, prev, t, sep, role_gap ? "restore_role_space" : kept ? "keep_wrap_space" : nullptr);
            }
            detail::copy_line(o, t.data(), t.size());
            o += t.size();
            prev_slow = no_fast | (detail::join_edge_slow[static_cast<unsigned char>(t.back())] & 2u);
            // A space trimmed off after a CJK letter may be kept at the next wrap (kept_wrap_space).
            if (space_after(ls[i].text, t) && ends_with_cjk_letter(t)) prev_slow |= 2u;
            return o;
        }

        // A space a line ends with between two CJK letters inside a quote or title (the caller
        // asks inside_brackets) is the text's own, a phrase space that fell at the wrap
        // (`开展了“惠职工 ` + `享温情`): an extractor adds none there, unlike the blank half of a
        // mark (`，` + ` `), which the spacing rules decide. (Outside them, body text keeps no
        // phrase spaces, and a page padded with trailing spaces must not gain one at every wrap.)
        // `line`: untrimmed.
        [[nodiscard]] static bool kept_wrap_space(std::string_view line, std::string_view left,
                                                  std::string_view right) noexcept {
            if (right.size() < 3 || !space_after(line, left)) return false;
            return ends_with_cjk_letter(left) && detail::cjk_letter(static_cast<unsigned char>(right[0]), static_cast<unsigned char>(right[1]));
        }

        // Does an ASCII space follow `trimmed`, a view into `line`, in it?
        [[nodiscard]] static bool space_after(std::string_view line, std::string_view trimmed) noexcept {
            const auto end = static_cast<std::size_t>(trimmed.data() - line.data()) + trimmed.size();
            return end < line.size() && line[end] == ' ';
        }

        // (Every CJK letter is three bytes: told by its first two.)
        [[nodiscard]] static bool ends_with_cjk_letter(std::string_view s) noexcept {
            return s.size() >= 3 && detail::cjk_letter(static_cast<unsigned char>(s[s.size() - 3]), static_cast<unsigned char>(s[s.size() - 2]));
        }

        // Is a bracket or quote left open at the end of `s`? (Asked only at a kept_wrap_space.)
        [[nodiscard]] static bool inside_brackets(std::string_view s) noexcept {
            int depth = 0;
            for (std::size_t k = 0; k < s.size();) {
                if (static_cast<unsigned char>(s[k]) < 0x80) { ++k; continue; }
                const auto d = detail::decode_at(s, k);
                if (unicode::is_opening(d.cp)) ++depth;
                else if (unicode::is_closing(d.cp) && depth > 0) --depth;
                k += d.len;
            }
            return depth > 0;
        }

        // `rule`: the rule that chose a space, if any (else the wrap's kind names the edit).
        void record(std::size_t li, std::size_t ri, std::string_view left, std::string_view right, std::string_view sep,
                    const char* rule) {
            const std::string_view buf = doc.buffer();
            const auto inside = [&](std::string_view v) {
                return v.data() >= buf.data() && v.data() + v.size() <= buf.data() + buf.size();
            };
            source_range src{doc.lines[li].source.end, doc.lines[ri].source.begin};
            std::string_view before = "\n";
            if (inside(left) && inside(right)) {
                const std::size_t a = doc.buffer_offset_of(left) + left.size(), b = doc.buffer_offset_of(right);
                if (a <= b) {
                    src = {doc.input_offset(a), doc.input_offset(b)};
                    before = buf.substr(a, b - a);
                }
            }
            doc.record(name, rule ? std::string_view{rule} : ri == li + 1 ? "join_wrap" : "join_column_break", src, before, sep);
        }

        void headline(std::size_t i) {
            if (first != none) flush();  // (no paragraph open: last is none too, nothing to reset)
            emit(block_kind::headline, i, i);
            st = state::closed;
        }

        // Latin prose: a blank line ends a paragraph; so does a sentence end on a line that left
        // room for the next line's first word.
        [[nodiscard]] bool latin_break(std::size_t prev, std::size_t i, bool blank_before) const noexcept {
            if (blank_before && self.opts.latin_blank_breaks) return true;
            if (prev == none || !m[prev].is(metrics::latin)) return false;
            // (first_word is measured for Latin lines only: see measure_lines_avx2)
            assert(m[i].is(metrics::latin));
            return m[prev].is(metrics::terminal_end) && w(prev) + 1 + static_cast<width_t>(m[i].first_word) <= latin_max;
        }

        static constexpr std::uint16_t plain_stop = metrics::blank | metrics::latin | metrics::user_1 |
                                                    metrics::credit_lead | metrics::terminal_end | metrics::inner_space;

        // join_open()'s decision for its most common lines, in a loop that keeps less state: from
        // line i (no hard break before it), the run of lines that join the open paragraph and leave
        // it open for the same reasons, each tested at once: not blank, not Latin, not a credit (no
        // space between words, no credit lead, not decided a credit), no sentence ended at its end,
        // set in the column, not collapsed, no hard break after it, and not after a line with a
        // credit's characters after its sentence. Returns the first line it did not take, which
        // join_open() decides as before. Blank lines without a hard break are passed over, as
        // join_open() does. Sets prev to the last line taken.
        [[gnu::always_inline]] std::size_t join_plain(std::size_t i, std::size_t& prev) {
            std::size_t bytes = para_bytes, lst = last;
            // Set in the page's column, the width limit is one number (none without a column: see
            // wide_plain); else each line's column is looked up.
            i = uniform_cols ? plain_lines<true>(i, bytes, lst) : plain_lines<false>(i, bytes, lst);
            if (lst != last) {
                para_bytes = bytes;
                last = prev = lst;
                cur_wide = wide_plain;  // (narrow lines, or none is narrow)
            }
            return i;
        }

        template <bool Uniform>
        [[gnu::always_inline]] std::size_t plain_lines(std::size_t i, std::size_t& bytes, std::size_t& lst) const noexcept {
            constexpr std::uint16_t stop = plain_stop & ~metrics::blank;
            const line* const ls = doc.lines.data();
            const metrics* const ms = m.data();
            const std::size_t n = doc.lines.size();
            const std::uint16_t* const cs = cols.data();
            const width_t limit = plain_limit;
            assert(!wide_plain || cur_wide);
            std::uint16_t tail = ms[lst].flags & metrics::credit_tail;  // of the last line joined
            for (; i < n; ++i) {
                const std::uint16_t f = ms[i].flags;
                const line& l = ls[i];
                if (f & metrics::blank) {
                    if (l.hard_break) break;
                    continue;
                }
                if ((f & stop) != 0 || tail != 0) break;
                if (l.repeat > 1 || l.hard_break) break;
                if constexpr (Uniform) {
                    if (static_cast<width_t>(ms[i].width) > limit) break;
                } else {
                    const auto col = static_cast<width_t>(cs[i]);
                    if (col <= 0 || static_cast<width_t>(ms[i].width) > col + slack) break;
                }
                bytes += l.text.size() + 1;
                tail = f & metrics::credit_tail;
                lst = i;
            }
            return i;
        }

        // go()'s decisions for lines i, i + 1, ... while a paragraph is open (st is open, first is
        // set), for the lines whose decision is certainly "join the open paragraph": blank lines
        // without a hard break before them; Latin lines after no hard break that latin_break() does
        // not part from it; other non-blank lines after no hard break that are not collapsed, not credits (by is_credit()'s cheap rejection or its memo), narrow
        // or not a headline interrupting the paragraph, and not after a line that ended a sentence
        // with a credit's characters after it unless they end a sentence too. Updates what go() updates for them;
        // returns the first line it did not decide (after a line that ended the open state, the one
        // after it).
        [[gnu::always_inline]] std::size_t join_open(std::size_t i, bool& hard, std::size_t& prev) {
            const auto& lines = doc.lines;
            const std::size_t n = lines.size();
            constexpr std::uint16_t known = metrics::user_1, credit = metrics::user_2;
            constexpr std::uint16_t no = metrics::latin | metrics::sentence_punct | metrics::not_credit;
            for (; i < n; ++i) {
                if (!hard && (m[i].flags & plain_stop) == 0) {  // the common lines, with fewer tests
                    i = join_plain(i, prev);
                    if (i == n) break;
                }
                const line& l = lines[i];
                const std::uint16_t f = m[i].flags;
                if (f & metrics::blank) {
                    hard = hard || l.hard_break;
                    continue;
                }
                if (hard || l.collapsed()) break;
                if (f & metrics::latin) {  // Latin prose joins unless latin_break() ends the paragraph
                    if (latin_break(prev, i, i > 0 && m[i - 1].is(metrics::blank))) break;
                    para_bytes += l.text.size() + 1;
                    last = prev = i;
                    hard = l.hard_break;
                    cur_wide = true;
                    if ((f & metrics::terminal_end) == 0) continue;
                    const std::size_t j = next_nonblank(i);
                    if (j == none || m[j].is(metrics::latin)) continue;
                    st = state::closed;
                    return i + 1;
                }
                if (f & known) {
                    if (f & credit) break;
                } else if (((f & no) == 0 && (f & metrics::inner_space) != 0) || (f & metrics::credit_lead) != 0) {
                    break;  // is_credit() has to decide
                }
                const width_t col = col_of(i), wi = w(i);
                const bool nar = col > 0 && wi <= col + slack;
                if (!nar && !cur_wide && title_like(i) && wi > w(last) + slack) break;  // a headline
                // A caption's credit wrapped after the last line's sentence, or in parentheses
                // opened in the last line: the general decision.
                if ((f & metrics::terminal_end) == 0 &&
                    (m[last].is(metrics::credit_tail) ||
                     (m[last].is(metrics::open_at_end) && ((f | m[last].flags) & metrics::inner_space) != 0 &&
                      detail::ends_with_close_paren(trim(l.text)))))
                    break;
                para_bytes += l.text.size() + 1;
                last = prev = i;
                hard = l.hard_break;
                cur_wide = !nar;
                if ((f & metrics::terminal_end) == 0) continue;
                if (!nar) st = state::closed;  // one paragraph a line
                else st = (f & metrics::justified) == 0 && wi <= col - short_margin ? state::closed : state::maybe_end;
                return i + 1;
            }
            return i;
        }

        void go() {
            // (The lines do not change while they are joined: their count and address kept in
            // registers, not reloaded after every call that writes the document.)
            const std::span<const line> lines{doc.lines};
            const std::size_t n = lines.size();
            const bool fast = detail::line_join_fast_paths;
            bool hard = false;  // a hard break since the last non-blank line
            std::size_t prev = none;
            for (std::size_t i = 0; i < n; ++i) {
                if (fast && st == state::open && first != none) {
                    i = join_open(i, hard, prev);
                    if (i == n) break;
                }
                if (m[i].is(metrics::blank)) {
                    hard = hard || lines[i].hard_break;
                    continue;
                }
                if (hard) {
                    flush();
                    st = state::closed;
                }
                hard = lines[i].hard_break;
                // The next non-blank line, looked for only by the decisions that need it (few lines).
                const auto next = [&] { return next_nonblank(i); };
                const std::size_t p = prev;
                prev = i;

                if (lines[i].collapsed()) { headline(i); continue; }
                if (m[i].is(metrics::latin)) {
                    const bool blank_before = i > 0 && m[i - 1].is(metrics::blank);
                    const bool join = first != none && st != state::closed && !latin_break(p, i, blank_before);
                    if (!join) {
                        flush();
                        first = i;
                    }
                    append(i);
                    st = m[i].is(metrics::terminal_end) && next() != none && !m[next()].is(metrics::latin) ? state::closed
                                                                                                     : state::open;
                    cur_wide = true;
                    continue;
                }
                if (is_credit(i)) {
                    flush();
                    emit(block_kind::credit, i, i);
                    st = state::closed;
                    continue;
                }
                const bool nar = narrow(i);
                const width_t c = nar ? col_of(i) : 0;  // 0: one paragraph a line
                // A line that opens with a mark no line starts with was cut off the one before: it
                // continues the paragraph. Made of nothing but such marks (`…的爱心。` + `”`), it
                // leaves the paragraph as the line before left it.
                detail::closing_start cut = detail::closing_start::none;
                if (first != none && st != state::open) {
                    cut = detail::opens_with_closing(lines[i].text);
                    if (cut == detail::closing_start::only) {
                        append(i);
                        continue;
                    }
                }
                const bool title = title_like(i) || (st != state::open && comma_headline(i) && fresh_start(next()));
                role r = role::join;
                if (cut == detail::closing_start::none) switch (st) {
                case state::open:
                    // A sentence left open continues on the next line, whatever it looks like, unless
                    // a headline wider than the column interrupts a column's paragraph.
                    if (!title || nar || cur_wide || w(i) <= w(last) + slack) r = role::join;
                    else r = role::headline;
                    break;
                case state::maybe_end:
                    // A title after a full line ending a sentence: short or wide, or standing apart
                    // with a fresh start after it, it is a headline; else a full line of the paragraph.
                    if (title && (c == 0 || w(i) <= c - short_margin)) r = first_line_evidence(i) ? role::start : role::headline;
                    else if (title && fresh_start(next())) r = role::headline;
                    else r = starts_paragraph(i, c) ? role::start : role::join;
                    break;
                case state::closed:
                    if (!title || first_line_evidence(i)) r = role::start;
                    else r = role::headline;
                    break;
                }
                if (r == role::headline) { headline(i); continue; }
                const bool continues = st == state::open && r == role::join && first != none;
                if (r == role::start || first == none) {
                    flush();
                    first = i;
                }
                const std::size_t before = last;
                append(i);
                cur_wide = !nar;
                if (!m[i].is(metrics::terminal_end)) {
                    // A caption's credit wrapped after its last sentence (`…劳动者。新华社记者` +
                    // `权飞佳 摄`) ends the paragraph as a credit on one line does.
                    // So does one in parentheses (`…读书。（本报记者` + `张三 摄）`).
                    st = continues && ((m[before].is(metrics::credit_tail) && credit_after_sentence(before, i)) ||
                                       (m[before].is(metrics::open_at_end) && paren_credit_after(before, i)))
                             ? state::closed
                             : state::open;
                } else if (c == 0) {
                    st = state::closed;  // one paragraph a line
                } else {
                    const width_t limit = c - short_margin - (r == role::start ? first_indent : 0);
                    st = !m[i].is(metrics::justified) && w(i) <= limit ? state::closed : state::maybe_end;
                }
            }
            flush();
        }
    };
};

} // namespace zhnorm
