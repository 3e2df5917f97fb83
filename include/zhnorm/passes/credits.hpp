#pragma once
// Finds who wrote a story and who took its pictures, as data: the dateline byline that opens a
// paragraph (`本报讯（记者 陈曦 通讯员 刘换利）`, or `本报讯 记者 陈曦 报道：`; people in
// block.people, text kept) and photo or author credits (`本报记者 崔欣 通讯员 宋雅欣 摄影报道`, also
// after a bullet or a kind word: `■本报记者 张三`, `文/本报记者 张三`, `摄影：张三`, `文/张三 图/李四`;
// in parentheses: `（新华社记者 李贺 摄）`), whether standing alone, split over two adjacent blocks,
// or written at the end of a caption paragraph (split off into their own block).
// Runs after line-join and spacing, and alone (each line then is a block). Where line-join cut a
// byline from its story or ran on past a credit, the pass mends that from the same evidence
// (see options::rejoin_bylines, options::split_inner). People are taken only from these fixed
// shapes (detail/credit_fields.hpp), never from running text.
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstring>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "zhnorm/detail/byline_dateline.hpp"
#include "zhnorm/detail/credit_fields.hpp"
#include "zhnorm/detail/credit_scan.hpp"
#include "zhnorm/detail/credit_trailing.hpp"
#include "zhnorm/detail/huge_pages.hpp"
#include "zhnorm/detail/join.hpp"
#include "zhnorm/detail/spacing_scan.hpp"
#include "zhnorm/document.hpp"

namespace zhnorm {

struct credits {
    static constexpr std::string_view name = "credits";

    struct options {
        // People of the parenthesised byline after a dateline (`本报讯（记者 赵思远）`).
        bool bylines = true;
        // Also a byline in parentheses opening a paragraph with no dateline before it.
        bool bare_parenthesis = true;
        // Also a dateline byline after a headline that line-join left at the paragraph's start
        // (no sentence punctuation before it, within `max_title_bytes`).
        bool glued_title = true;
        std::size_t max_title_bytes = 240;
        // A byline that line-join cut from its story joins it again: a dateline whose parenthesis
        // closes in the next block (`本报北京7月2日电（记` / `者 上官彤磊）`), a byline block taken for a
        // headline, or a byline alone before the paragraph that carries on its sentence.
        bool rejoin_bylines = true;
        // A paragraph that is nothing but a credit becomes a credit block (line-join usually did it).
        bool promote_paragraphs = true;
        // A headline that is a credit closed by its verb (`本报记者 张三 摄`) becomes a credit block.
        bool promote_headlines = true;
        // A credit block that does not parse as one goes back to paragraph.
        bool demote_unparsed = true;
        // A credit closing a caption paragraph (`…劳动者。本报记者 于佳 摄`) becomes its own block.
        bool split_trailing = true;
        // A credit closed by a verb holding 摄, 图 or 报道 (摄, 摄影, 摄影报道, 报道, 图, 供图, 制图,
        // 绘图, 文/图, 图/文) at the end of a source line inside a paragraph (line-join ran on past
        // it into the next title or story) is split off, and the rest is a new block. One closed
        // by 文 or 整理 is not, whatever else the paragraph holds: the rule looks at the credit
        // alone (it once took those too where 摄, 图 or 报道 stood anywhere in the paragraph).
        bool split_inner = true;
        // A credit written after a bullet or a kind word (`摄影：张三`, `文/本报记者 张三`, `■本报记者
        // 张三`) that fills the first source line of a paragraph is split off: line-join ran on
        // past it (it joins only credits of the plain shape on its own). The rest is looked at again.
        bool split_leading = true;
        // A credit with no closing verb (`本报记者 崔欣`) joins the credit block right after it.
        bool merge_adjacent = true;
        // Rewrite a byline's or credit's fields as the gold writes them: a padded name joined
        // (`王 芳` -> `王芳`), a role written together with its name spaced (`通讯员李义康`), one
        // space between fields of a credit.
        bool rewrite_fields = true;
        // Longest dateline before the byline's parenthesis, in characters (`新华社北京1月2日电` is 10).
        std::size_t max_dateline_chars = 24;
        // Longest name, in CJK characters (names with a separator dot may be longer).
        std::size_t max_name_chars = 4;
        // Roles beyond zhnorm::default_roles (`{"本报评论员", "编辑"}`).
        std::vector<std::string> extra_roles;
    } opts;

    void operator()(document& doc) const {
        doc.materialize_blocks();
        context cx{detail::role_set{std::span<const std::string>(opts.extra_roles)}};
        std::size_t edits = 0;
        block_sink out(doc);
        bool open = false;  // out.back() is a credit no verb closed
        block rest;         // what follows a credit split off the front of a block (one for the run)
        // (no step adds or removes slots of doc.blocks before out.finish(): its size and storage are
        // read once, not again after every store through a block reference)
        const std::size_t n_blocks = doc.blocks.size();
        block* const blocks = doc.blocks.data();
        for (std::size_t k = 0; k < n_blocks; ++k) {
            // (block texts alternate between the buffer and the arena: see spacing::prefetch_text)
            if (k + detail::spacing::prefetch_blocks < n_blocks)
                detail::spacing::prefetch_text(blocks[k + detail::spacing::prefetch_blocks].text);
            const std::size_t absorbed = rejoin_byline(doc, k, cx, edits);
            block& b = blocks[k];  // (moved out when done; the slot is not read again, or refilled)
            k += absorbed;
            if (b.kind == block_kind::headline) {
                if (!headline_is_credit(b, cx)) {
                    out.push_back(std::move(b));
                    open = false;
                    continue;
                }
                b.kind = block_kind::credit;
                ++edits;
                doc.record(name, "headline_to_credit", b.source, b.text, b.text);
            }
            b.people.clear();
            if (k + 1 < n_blocks && wrapped_credit(doc, b, blocks[k + 1], cx, edits)) {
                edits += push_credit(doc, out, std::move(b), /*closed=*/true, open);
                ++k;
                continue;
            }
            if (b.kind == block_kind::credit || (opts.promote_paragraphs && may_be_credit(b.text, cx))) {
                const detail::credit_parse& r = parse_stable(cx, b.text);
                if (detail::is_credit_shape(r)) {
                    if (b.kind != block_kind::credit) {
                        b.kind = block_kind::credit;
                        ++edits;
                        doc.record(name, "paragraph_to_credit", b.source, b.text, b.text);
                    }
                    // (people of a credit that push_credit merges go straight to the one before)
                    edits += set_credit(doc, b, r, merges(out, open) ? out.back() : b);
                    edits += push_credit(doc, out, std::move(b), r.has_verb, open);
                    continue;
                }
                if (b.kind == block_kind::credit) {
                    if (!opts.demote_unparsed) {
                        out.push_back(std::move(b));
                        open = false;
                        continue;
                    }
                    b.kind = block_kind::paragraph;
                    ++edits;
                    doc.record(name, "credit_to_paragraph", b.source, b.text, b.text);
                }
            }
            if (opts.split_leading && b.kind == block_kind::paragraph) {
                if (split_leading(doc, out, b, cx, rest, open, edits)) {
                    blocks[k] = std::move(rest);  // what follows the credit is looked at again
                    --k;                              // (unsigned wrap at 0 is undone by ++k)
                    continue;
                }
            }
            if (opts.bylines) edits += byline(doc, b, cx);
            if (opts.split_trailing) {
                // (the verb test first: it is what find_trailing_credit starts with, and it rules
                // out nearly every paragraph without building a result)
                if (detail::ends_with_credit_verb_quick(b.text)) {
                    const auto t = detail::find_trailing_credit(b.text, cx.roles, opts.max_name_chars, true);
                    if (t.found) {
                        const std::string_view s = b.text.substr(t.begin, t.end - t.begin);
                        edits += split(doc, out, std::move(b), t.begin, s, t.parse, nullptr);
                        open = false;
                        continue;
                    }
                }
                // A credit in parentheses closing it (`…劳动者。（本报记者 于佳 摄）`). (Most paragraphs
                // end otherwise: told before a result is built.)
                if (detail::ends_with_close_paren(b.text)) {
                    const auto t = detail::find_paren_credit(b.text, cx.roles, opts.max_name_chars);
                    if (t.found) {
                        const std::string_view s = b.text.substr(t.begin, t.end - t.begin);
                        edits += split(doc, out, std::move(b), t.begin, s, t.parse, nullptr);
                        open = false;
                        continue;
                    }
                }
                if (k + 1 < n_blocks && split_across(doc, out, b, blocks[k + 1], cx.roles, edits)) {
                    open = false;
                    ++k;
                    continue;
                }
                if (opts.split_inner && b.repeat == 1) {
                    // (the verb scan here: most paragraphs hold none of 摄, 图, 报道 but inside a word
                    // such as 图书, and need no more)
                    const std::size_t first = detail::first_inner_verb(b.text, cx.roles.extra.empty());
                    if (first < b.text.size() && split_inner(doc, out, b, cx.roles, rest, edits, first)) {
                        blocks[k] = std::move(rest);  // what follows the credit is looked at again
                        --k;                              // (unsigned wrap at 0 is undone by ++k)
                        open = false;
                        continue;
                    }
                }
            }
            out.push_back(std::move(b));
            open = false;
        }
        out.finish();
        doc.count(name, edits);
    }

private:
    // Where the blocks the pass keeps go. Until a block is split in two, no step gives more blocks
    // than it takes in, so they are written back over doc.blocks (slot w, never past the block
    // being looked at): no second list to fill and no old list to destroy. The first split moves
    // what is written so far to a list of its own, filled from then on as before.
    class block_sink {
    public:
        // (doc.blocks keeps its slots and storage until finish(): see operator())
        explicit block_sink(document& doc) noexcept : doc_(&doc), slots_(doc.blocks.data()) {}

        // `b`: the block being looked at (doc.blocks[k], w <= k), or a block of the pass's own.
        [[gnu::always_inline]] void push_back(block&& b) {
            if (copying_) [[unlikely]] {
                out_.push_back(std::move(b));
                return;
            }
            block& slot = slots_[w_++];
            if (&slot == &b) return;
            // Field by field (a move assignment costs more here): the binding names every field of
            // block, so one added to it fails to compile until it is copied here too.
            auto& [kind, text, source, people, repeat] = b;
            slot.kind = kind;
            slot.text = text;
            slot.source = source;
            slot.repeat = repeat;
            slot.people.swap(people);  // (the slot's are those of a block already moved on)
        }
        [[nodiscard]] block& back() noexcept { return copying_ ? out_.back() : slots_[w_ - 1]; }
        [[nodiscard]] bool empty() const noexcept { return copying_ ? out_.empty() : w_ == 0; }

        // Before a step that gives more blocks than it takes in.
        void split_ahead() {
            if (copying_) return;
            copying_ = true;
            out_ = doc_->take_block_storage();
            const std::size_t n = doc_->blocks.size();
            detail::reserve_large(out_, n + n / 8 + 1);
            for (std::size_t i = 0; i < w_; ++i) out_.push_back(std::move(doc_->blocks[i]));
        }

        void finish() {
            if (copying_) {
                doc_->replace_blocks(std::move(out_));
                return;
            }
            doc_->blocks.erase(doc_->blocks.begin() + static_cast<std::ptrdiff_t>(w_), doc_->blocks.end());
        }

    private:
        document* doc_;
        block* slots_;  // doc_->blocks.data()
        std::vector<block> out_;
        std::size_t w_ = 0;
        bool copying_ = false;
    };

    // Steps `i` over the white space of the input buffer before `stop` (what passes dropped or
    // joined); true if a line ended in it (LF, CR, form feed, U+2028, U+2029).
    [[gnu::always_inline]] static bool skip_source_space(std::string_view buf, std::size_t& i, std::size_t stop) noexcept {
        bool wrap = false;
        while (i < stop) {
            const auto c = static_cast<unsigned char>(buf[i]);
            if (c == '\n' || c == '\r' || c == '\f') { wrap = true; ++i; continue; }
            if (c == ' ' || c == '\t' || c == '\v') { ++i; continue; }
            const std::string_view three = buf.substr(i, 3);
            if (three == "\xE2\x80\xA8" || three == "\xE2\x80\xA9") { wrap = true; i += 3; continue; }
            if (three == "\xE3\x80\x80") { i += 3; continue; }
            if (buf.substr(i, 2) == "\xC2\xA0") { i += 2; continue; }
            break;
        }
        return wrap;
    }

    // What one run keeps besides the roles: the last few parses and the last dateline look-up of
    // block texts, since neighbouring steps ask about the same credit or byline. Keyed by where
    // the text lies: block texts view the input buffer or committed arena bytes, which no pass
    // changes during a run (never a std::string or stack buffer).
    struct opening {
        detail::credit_lead lead;
        bool role = false;
        bool role_known = false;
    };
    struct context {
        detail::role_set roles;
        struct parsed {
            const char* data = nullptr;
            std::size_t size = 0;
            bool used = false;
            detail::credit_parse r;
        };
        std::array<parsed, 4> parses{};
        std::size_t next_slot = 0;
        const char* head_data = nullptr;
        std::size_t head_size = 0;
        bool head_used = false;
        detail::byline_span head{};  // find_byline(text, max_dateline_chars, /*bare=*/true)
        bool head_mark = true;       // may_hold_byline_mark_before_stop(text): false, no byline of any form in it
        // How the last block text asked about opens (see opening_of).
        const char* open_data = nullptr;
        std::size_t open_size = 0;
        bool open_used = false;
        opening open{};
    };

    [[nodiscard]] detail::credit_parse parse(std::string_view s, const detail::role_set& roles) const noexcept {
        return detail::parse_credit_fields(s, roles, opts.max_name_chars);
    }

    // parse() of a view into the buffer or the arena, remembered; valid until four more such parses.
    [[nodiscard]] const detail::credit_parse& parse_stable(context& cx, std::string_view s) const noexcept {
        for (auto& e : cx.parses)
            if (e.data == s.data() && e.size == s.size() && e.used) return e.r;  // (where first: it differs)
        auto& e = cx.parses[cx.next_slot];
        cx.next_slot = (cx.next_slot + 1) % cx.parses.size();
        e.data = s.data();
        e.size = s.size();
        e.used = true;
        detail::parse_credit_fields_into(s, cx.roles, opts.max_name_chars, e.r);
        return e.r;
    }

    // find_byline(text, max_dateline_chars, bare) of a block text, remembered: a result with no
    // dateline is the bare case.
    // (a reference to the one remembered, or to no_byline: no span copied per question; the
    // span is written only for a text with a mark, most texts leave it as it was)
    [[nodiscard]] const detail::byline_span& head_byline(context& cx, std::string_view text, bool bare) const noexcept {
        if (cx.head_data != text.data() || cx.head_size != text.size() || !cx.head_used) {
            // (both byline scans give up at the first comma or full stop: most texts are ruled
            // out by a byte scan of their first clause)
            cx.head_mark = detail::may_hold_byline_mark_before_stop(text);
            if (cx.head_mark) cx.head = detail::find_byline(text, opts.max_dateline_chars, true);
            cx.head_data = text.data();
            cx.head_size = text.size();
            cx.head_used = true;
        }
        if (!cx.head_mark || (!bare && cx.head.dateline_chars == 0)) return no_byline;
        return cx.head;
    }
    static constexpr detail::byline_span no_byline{};

    // Cheap test before parsing a paragraph as a credit: short, ending with a CJK character, and
    // opening with a role. A credit's last field ends with a name or a verb, after which the
    // parser lets only field spaces and 、 stand; running text ends with 。 ” or the like. Or
    // short and in parentheses (`（新华社记者 李贺 摄）`), which the parser looks into.
    [[nodiscard]] static bool may_be_credit(std::string_view s, context& cx) noexcept {
        constexpr std::size_t max_credit = 320;
        if (s.size() > max_credit) return false;
        if (!detail::ends_with_cjk_field(s))
            return detail::ends_with_close_paren(s) &&
                   detail::open_paren(s, detail::credit_detail::skip_spaces(s, 0)) != 0;
        return opening_of(cx, s).role;
    }

    // The lead of a block text after its leading spaces: asked by several steps about the same
    // block, remembered.
    [[nodiscard]] static opening& lead_of(context& cx, std::string_view s) noexcept {
        if (cx.open_data == s.data() && cx.open_size == s.size() && cx.open_used) return cx.open;
        std::size_t i = 0;
        while (i < s.size() && detail::field_space(s, i)) i += detail::field_space(s, i);
        cx.open.lead = detail::find_credit_lead(s, i, cx.roles);
        cx.open.role_known = false;
        cx.open_data = s.data();
        cx.open_size = s.size();
        cx.open_used = true;
        return cx.open;
    }

    // The same, and whether a role opens its fields (or the lead's kind word is the role).
    [[nodiscard]] static const opening& opening_of(context& cx, std::string_view s) noexcept {
        opening& op = lead_of(cx, s);
        if (!op.role_known) {
            op.role = op.lead.role_end > 0 || cx.roles.match(s.substr(op.lead.fields), true) > 0;
            op.role_known = true;
        }
        return op;
    }

    // A "headline" that is a credit closed by its verb (`本报记者 张三 摄`): no title reads so.
    [[nodiscard]] bool headline_is_credit(const block& b, context& cx) const noexcept {
        if (!opts.promote_headlines || b.repeat != 1 || !detail::ends_with_credit_verb_quick(b.text)) return false;
        const detail::credit_parse& r = parse_stable(cx, b.text);
        return detail::is_credit_shape(r) && r.has_verb;
    }

    // Joins to block `k` the blocks after it that its opening byline needs (see
    // options::rejoin_bylines); returns how many it took in.
    std::size_t rejoin_byline(document& doc, std::size_t k, context& cx, std::size_t& edits) const {
        const block& b = doc.blocks[k];
        if (!opts.rejoin_bylines || !opts.bylines || b.kind == block_kind::credit || b.repeat != 1) return 0;
        const auto& span = head_byline(cx, b.text, false);
        if (!span.found && !span.unclosed) return 0;
        return rejoin_byline_at(doc, k, cx, span, edits);  // (the rare case out of line)
    }

    std::size_t rejoin_byline_at(document& doc, std::size_t k, context& cx, detail::byline_span span,
                                 std::size_t& edits) const {
        const detail::role_set& roles = cx.roles;
        block& b = doc.blocks[k];
        std::size_t used = 0;
        auto usable = [&](std::size_t j, bool credit_ok) {
            return j < doc.blocks.size() && doc.blocks[j].repeat == 1 &&
                   (credit_ok || doc.blocks[j].kind != block_kind::credit);
        };
        if (span.unclosed) {
            // The parenthesis closes one or two blocks on (line-join may have taken the middle
            // line, `记者 梅梓霞 通讯员 上官怡明`, for a credit); each joint with or without a space.
            constexpr std::size_t max_pieces = 2, max_middle = 200;
            for (std::size_t pieces = 1; pieces <= max_pieces && used == 0; ++pieces) {
                if (!usable(k + pieces, true)) break;
                if (pieces > 1 && doc.blocks[k + pieces - 1].text.size() > max_middle) break;
                for (unsigned mask = 0; mask < (1U << pieces) && used == 0; ++mask) {
                    std::string joined(trim_end(b.text));
                    for (std::size_t q = 0; q < pieces; ++q) {
                        if ((mask >> q) & 1U) joined += ' ';
                        const std::string_view t = doc.blocks[k + 1 + q].text;
                        joined += q + 1 < pieces ? trim_end(t) : t;
                    }
                    const auto s2 = detail::find_byline(joined, opts.max_dateline_chars, false);
                    if (!s2.found ||
                        !parse(std::string_view(joined).substr(s2.body_begin, s2.body_end - s2.body_begin), roles).ok)
                        continue;
                    if (doc.record_edits) {
                        std::string before(b.text);
                        for (std::size_t q = 0; q < pieces; ++q) {
                            before += '\n';
                            before += doc.blocks[k + 1 + q].text;
                        }
                        doc.record(name, "rejoin_byline", {b.source.begin, doc.blocks[k + pieces].source.end}, before,
                                   joined);
                    }
                    b.text = doc.store(joined);
                    b.source.end = doc.blocks[k + pieces].source.end;
                    ++edits;
                    span = s2;
                    used = pieces;
                }
            }
            if (!used) return 0;
        } else if (!parse_stable(cx, b.text.substr(span.body_begin, span.body_end - span.body_begin)).ok) {
            return 0;
        }
        if (b.kind == block_kind::headline) {
            b.kind = block_kind::paragraph;
            ++edits;
            doc.record(name, "byline_is_not_a_headline", b.source, b.text, b.text);
        }
        const std::size_t after = span.body_end + detail::close_paren(b.text, span.body_end);
        const std::size_t j = k + 1 + used;
        if (document::is_blank(b.text.substr(after)) && usable(j, false) && doc.blocks[j].kind == block_kind::paragraph) {
            join_blocks(doc, b, doc.blocks[j], detail::wrap_separator(b.text, doc.blocks[j].text), edits);
            ++used;
        }
        return used;
    }

    [[nodiscard]] static std::string_view trim_end(std::string_view s) noexcept {
        std::size_t end = s.size();
        while (end > 0 && detail::is_field_space_cp(detail::decode_before_fast(s, end).cp))
            end -= detail::decode_before_fast(s, end).len;
        return s.substr(0, end);
    }

    void join_blocks(document& doc, block& a, const block& n, std::string_view sep, std::size_t& edits) const {
        const std::size_t end = trim_end(a.text).size();  // no trailing space before the joint
        const std::size_t len = end + sep.size() + n.text.size();
        char* p = doc.arena().reserve(len);
        std::copy(a.text.begin(), a.text.begin() + static_cast<std::ptrdiff_t>(end), p);
        std::copy(sep.begin(), sep.end(), p + end);
        std::copy(n.text.begin(), n.text.end(), p + end + sep.size());
        const std::string_view joined = doc.arena().commit(p, len);
        if (doc.record_edits) {
            std::string before(a.text);
            before += '\n';
            before += n.text;
            doc.record(name, "rejoin_byline", {a.source.begin, n.source.end}, before, joined);
        }
        a.text = joined;
        a.source.end = n.source.end;
        ++edits;
    }

    // Walks the text of `b` and its source bytes side by side (the k-th non-space character of
    // one is the k-th of the other) and tells, for text offsets asked in ascending order, whether
    // the source broke a line between the character before the offset and the one at it. Walks
    // only as far as asked.
    class source_breaks {
    public:
        // (the source offsets are looked up at the first question: most paragraphs ask none)
        source_breaks(const document& doc, const block& b) noexcept : doc_(&doc), block_(&b) {}

        [[nodiscard]] bool at(std::size_t q) noexcept {
            if (!started_) start();
            while (!done_ && t_ < q) step();
            return !done_ && t_ == q && step();
        }

    private:
        void start() noexcept {
            started_ = true;
            text_ = block_->text;
            buf_ = doc_->buffer();
            stop_ = std::min(doc_->buffer_offset(block_->source.end), buf_.size());
            i_ = doc_->buffer_offset(block_->source.begin);
        }

        // One character of the text (or one space); true if a line broke before it.
        bool step() noexcept {
            if (t_ >= text_.size()) { done_ = true; return false; }
            if (const std::size_t sp = detail::field_space(text_, t_)) { t_ += sp; return false; }
            const bool wrap = skip_source_space(buf_, i_, stop_);
            if (i_ >= stop_) { done_ = true; return false; }
            const bool out = wrap && !first_;
            first_ = false;
            t_ += detail::utf8_length(static_cast<unsigned char>(text_[t_]));
            i_ += detail::utf8_length(static_cast<unsigned char>(buf_[i_]));
            return out;
        }

        const document* doc_;
        const block* block_;
        std::string_view text_, buf_;
        std::size_t stop_ = 0, i_ = 0, t_ = 0;
        bool started_ = false, first_ = true, done_ = false;
    };

    // A closed credit ending a source line inside paragraph `b` (`…。新华社记者 权飞佳 摄` + line
    // break + `工会送温暖活动启动…`): pushes the paragraph before it and the credit, and leaves what
    // follows in `rest`. Only the first such credit; the caller looks at `rest` again.
    // Only credits whose verb holds 摄, 图 or 报道 (see options::split_inner), whatever else the
    // paragraph holds. Candidates come from the text alone: the ends of those verbs with a field
    // separator within reach before them (see detail::for_each_inner_verb_end), found from the
    // hits of one byte scan; the source is walked only for one that parses as a credit, and only
    // up to it.
    // `first`: detail::first_inner_verb(b.text, roles.extra.empty()), a hit (< b.text.size()).
    [[gnu::noinline]] bool split_inner(document& doc, block_sink& out, block& b, const detail::role_set& roles,
                                       block& rest, std::size_t& edits, std::size_t first) const {
        const std::string_view text = b.text;
        if (b.repeat != 1 || text.empty()) return false;
        source_breaks breaks(doc, b);
        std::size_t q = 0;
        bool paren = false;  // the credit is in parentheses (`…。（新华社记者 李贺 摄）`)
        const bool found = detail::for_each_inner_verb_end(text, detail::max_trailing_credit_bytes, [&](std::size_t e) {
            q = e;
            while (q < text.size() && detail::field_space(text, q)) q += detail::field_space(text, q);
            // A credit in parentheses closing right after the verb (`（新华社记者 李贺 摄）`).
            if (const std::size_t close = detail::close_paren(text, q)) {
                const std::size_t after = detail::credit_detail::skip_spaces(text, q + close);
                if (after < text.size() && !document::is_blank(text.substr(after)) &&
                    detail::find_paren_credit(text.substr(0, after), roles, opts.max_name_chars).found) {
                    q = after;
                    paren = true;
                    return breaks.at(q);
                }
            }
            paren = false;
            if (q >= text.size()) return false;
            const std::string_view head = text.substr(0, q);
            if (!detail::ends_with_credit_verb(head) || document::is_blank(text.substr(q))) return false;
            if (!detail::has_trailing_credit(head, roles, opts.max_name_chars, true, detail::max_trailing_credit_bytes))
                return false;
            return breaks.at(q);
        }, roles.extra.empty(), first);
        if (!found) return false;
        const std::string_view head = text.substr(0, q);
        // (found again: the candidates are rare, a result kept for each would cost every paragraph)
        const detail::trailing_credit t =
            paren ? detail::find_paren_credit(head, roles, opts.max_name_chars)
                  : detail::find_trailing_credit(head, roles, opts.max_name_chars, true, detail::max_trailing_credit_bytes);
        const std::size_t after = doc.locate(b, q);
        rest = block{};
        rest.kind = block_kind::paragraph;
        rest.text = text.substr(q);
        rest.source = {after, b.source.end};
        block para = b;
        para.source.end = after;
        para.text = head;
        const std::string_view s = head.substr(t.begin, t.end - t.begin);
        edits += split(doc, out, std::move(para), t.begin, s, t.parse, nullptr);
        return true;
    }

    // A credit with a lead (see detail::credit_lead) that ends where the first source line of
    // paragraph `b` ends, with more text after it: pushes the credit and leaves the rest in `rest`.
    // Blocks that open with neither a bullet nor a kind word are ruled out by their first bytes.
    bool split_leading(document& doc, block_sink& out, block& b, context& cx, block& rest, bool& open,
                       std::size_t& edits) const {
        if (b.repeat != 1 || !detail::may_open_with_lead(b.text)) return false;
        const detail::credit_lead lead = lead_of(cx, b.text).lead;
        if (lead.end == lead.begin && !lead.role_end) return false;
        return split_leading_at(doc, out, b, cx, lead, rest, open, edits);  // (the rare case out of line)
    }

    bool split_leading_at(document& doc, block_sink& out, block& b, context& cx, detail::credit_lead lead,
                          block& rest, bool& open, std::size_t& edits) const {
        constexpr std::size_t max_credit = 160;
        const std::string_view text = b.text;
        if (!opening_of(cx, text).role) return false;  // `■今天上午…`
        source_breaks breaks(doc, b);
        std::size_t q = lead.fields;
        while (q < text.size() && q <= max_credit && !breaks.at(q))
            q += detail::utf8_length(static_cast<unsigned char>(text[q]));
        if (q >= text.size() || q > max_credit) return false;
        std::size_t after = q;  // the rest starts after the spaces at the break
        while (after < text.size() && detail::field_space(text, after)) after += detail::field_space(text, after);
        if (after >= text.size()) return false;
        const std::string_view head = text.substr(0, q);
        const detail::credit_parse r = parse(head, cx.roles);
        if (!detail::is_credit_shape(r)) return false;
        const std::size_t at = doc.locate(b, after);
        block c;
        c.kind = block_kind::credit;
        c.source = {b.source.begin, at};
        add_people(doc, c, head, r);
        if (opts.rewrite_fields) {
            char* p = doc.arena().reserve(detail::rendered_bound(head.size(), r.size));
            c.text = doc.arena().commit(p, detail::render_fields(head, r, p));
        } else {
            c.text = trim_end(head);
        }
        rest = block{};
        rest.kind = block_kind::paragraph;
        rest.text = text.substr(after);
        rest.source = {at, b.source.end};
        if (doc.record_edits) {
            std::string now(c.text);
            now += '\n';
            now += rest.text;
            doc.record(name, "split_leading_credit", b.source, text, now);
        }
        out.split_ahead();
        edits += 1 + push_credit(doc, out, std::move(c), r.has_verb, open);
        return true;
    }

    // Whether `next` may finish a credit begun in the block before it: not too long, and not a
    // real headline (line-join takes a short orphan such as `者 黄思 摄影报道` for one).
    [[nodiscard]] static bool may_continue_credit(const block& next) noexcept {
        constexpr std::size_t max_next = 160, max_headline = 60;
        return next.text.size() <= max_next && (next.kind != block_kind::headline || next.text.size() <= max_headline);
    }

    // A credit that starts at the end of paragraph `b` and ends in the block after it (`…。本报记` /
    // `者 黄思 摄影报道`, `…。新华社记者 诸葛文鹏` / `摄`): split off with the whole of `next`. Tried
    // with a space at the wrap, then without. Only the last `max_tail` bytes of `b` are looked at.
    static constexpr std::size_t max_across_next = 160;

    bool split_across(document& doc, block_sink& out, block& b, const block& next,
                      const detail::role_set& roles, std::size_t& edits) const {
        if (!may_continue_credit(next) || next.text.size() > max_across_next || !detail::ends_with_credit_verb_quick(next.text))
            return false;
        // (split_across_at's first test, made here: a paragraph ending with `。` is the common case)
        if (b.text.empty() || detail::ends_trailing_scan(b.text, b.text.size())) return false;
        return split_across_at(doc, out, b, next, roles, edits);  // (the rare case out of line)
    }

    bool split_across_at(document& doc, block_sink& out, block& b, const block& next,
                         const detail::role_set& roles, std::size_t& edits) const {
        constexpr std::size_t max_tail = 240, max_next = max_across_next;
        std::size_t tail_off = b.text.size() > max_tail ? b.text.size() - max_tail : 0;
        while (tail_off < b.text.size() && (static_cast<unsigned char>(b.text[tail_off]) & 0xC0) == 0x80) ++tail_off;
        const std::string_view tail = b.text.substr(tail_off);
        // A paragraph ending with a character no credit holds (`。`): any credit found below would
        // lie wholly in `next`, which is not a split.
        if (tail.empty() || detail::ends_trailing_scan(tail, tail.size())) return false;
        std::array<char, max_tail + 1 + max_next> buf{};
        for (const bool space : {true, false}) {
            std::copy(tail.begin(), tail.end(), buf.data());
            if (space) buf[tail.size()] = ' ';
            const std::size_t head = tail.size() + (space ? 1 : 0);
            std::copy(next.text.begin(), next.text.end(), buf.data() + head);
            const std::string_view joined(buf.data(), head + next.text.size());
            const auto t = detail::find_trailing_credit(joined, roles, opts.max_name_chars, true, joined.size());
            if (!t.found || t.begin >= tail.size()) continue;
            if (document::is_blank(b.text.substr(0, tail_off + t.begin))) continue;
            edits += split(doc, out, std::move(b), tail_off + t.begin, joined.substr(t.begin, t.end - t.begin), t.parse,
                           &next);
            return true;
        }
        return false;
    }

    // A credit wrapped over two blocks where neither half is a closed credit of its own
    // (`本报记者 崔欣 通讯员` / `宋雅欣 摄影报道`, `本报记者 于佳` / `摄`): `b` becomes the whole
    // credit, spanning both. Tried with a space at the wrap, then without (a name cut in two).
    // (inline, the sizes tested first: most paragraphs are longer than any half of a credit, and
    // a call per block costs more than that test)
    [[gnu::always_inline]] bool wrapped_credit(document& doc, block& b, const block& next, context& cx,
                                          std::size_t& edits) const {
        const detail::role_set& roles = cx.roles;
        constexpr std::size_t max_half = 160;
        if (b.text.size() > max_half || next.text.size() > max_half) return false;
        if (!opts.merge_adjacent || !may_continue_credit(next) || !detail::ends_with_credit_verb_quick(next.text)) return false;
        if (b.kind != block_kind::credit && !opts.promote_paragraphs) return false;
        // (`next` first: a credit of its own there is common, and the main loop parses it anyway)
        if (detail::is_credit_shape(parse_stable(cx, next.text))) return false;
        if (!opening_of(cx, b.text).role) return false;
        const detail::credit_parse& first = parse_stable(cx, b.text);
        if (detail::is_credit_shape(first) && first.has_verb) return false;
        std::array<char, 2 * max_half + 1> buf{};
        for (std::string_view sep : {std::string_view(" "), std::string_view("")}) {
            std::copy(b.text.begin(), b.text.end(), buf.data());
            if (!sep.empty()) buf[b.text.size()] = ' ';
            std::copy(next.text.begin(), next.text.end(), buf.data() + b.text.size() + sep.size());
            const std::string_view joined(buf.data(), b.text.size() + sep.size() + next.text.size());
            const detail::credit_parse r = parse(joined, roles);
            if (!detail::is_credit_shape(r) || !r.has_verb) continue;
            const std::string_view before_b = b.text;
            b.kind = block_kind::credit;
            add_people(doc, b, joined, r);
            if (opts.rewrite_fields) {
                char* p = doc.arena().reserve(detail::rendered_bound(joined.size(), r.size));
                b.text = doc.arena().commit(p, detail::render_fields(joined, r, p));
            } else {
                b.text = doc.store(joined);
            }
            b.source.end = next.source.end;
            if (doc.record_edits) {
                std::string before(before_b);
                before += '\n';
                before += next.text;
                doc.record(name, "join_wrapped_credit", b.source, before, b.text);
            }
            ++edits;
            return true;
        }
        return false;
    }

    static const char* rule_for(const detail::credit_parse& r) noexcept {
        return r.padded ? "join_padded_name" : r.glued ? "space_role_and_name" : "single_space_fields";
    }

    // Makes a person's strings in place (a conversion to std::string initialises the member
    // itself): no temporary strings to move in and destroy. (Needs aggregate initialisation from
    // parentheses, C++20's P0960: g++ 10, clang 16. Without it a person is moved in.)
    struct as_string {
        std::string_view v;
        operator std::string() const { return std::string(v); }  // NOLINT(google-explicit-constructor)
    };

    static void add_people(document& doc, block& b, std::string_view s, const detail::credit_parse& r) {
        // (swapped in place: a list moved out of the document and a move assignment cost two
        // moves and destructor calls, out of line, for lists with nothing to free)
        if (b.people.capacity() == 0) doc.take_people_storage_into(b.people);
        // (room for a few more: a credit merged into this one brings its people)
        b.people.reserve(std::max<std::size_t>(b.people.size() + r.names, 4));
        std::string_view role;
        for (const auto& t : r.view()) {
            // (views built in place: substr's bounds check is an out-of-line call's worth per field)
            if (t.kind == detail::token_kind::role) {
                role = std::string_view(s.data() + t.begin, t.end - t.begin);
            } else if (t.kind == detail::token_kind::name) {
                if (t.padded) b.people.push_back(person{std::string(role), detail::token_name(s, t)});
                else {
#if defined(__cpp_aggregate_paren_init)
                    b.people.emplace_back(as_string{role}, as_string{std::string_view(s.data() + t.begin, t.end - t.begin)});
#else
                    b.people.push_back(person{std::string(role), std::string(std::string_view(s.data() + t.begin, t.end - t.begin))});
#endif
                }
            }
        }
    }

    // Gives credit block `b` the people parsed into `r` and, if asked, its fields as the gold
    // writes them. Returns the edits made.
    // (`to`: `b`, or the credit block push_credit merges `b` into)
    std::size_t set_credit(document& doc, block& b, const detail::credit_parse& r, block& to) const {
        const std::string_view s = b.text;
        add_people(doc, to, s, r);
        if (!opts.rewrite_fields || detail::renders_as_written(s, r)) return 0;
        char* p = doc.arena().reserve(detail::rendered_bound(s.size(), r.size));
        const std::size_t n = detail::render_fields(s, r, p);
        if (std::string_view(p, n) == s) return 0;  // left uncommitted
        b.text = doc.arena().commit(p, n);
        doc.record(name, rule_for(r), b.source, s, b.text);
        return 1;
    }

    // Whether push_credit merges the credit it is given into out.back().
    [[nodiscard]] bool merges(block_sink& out, bool open) const noexcept {
        return opts.merge_adjacent && open && !out.empty() && out.back().kind == block_kind::credit;
    }

    // Appends credit `c` to `out`, merging it into an open credit block before it.
    std::size_t push_credit(document& doc, block_sink& out, block&& c, bool closed, bool& open) const {
        if (merges(out, open)) {
            block& a = out.back();
            const std::size_t n = a.text.size() + 1 + c.text.size();
            char* p = doc.arena().reserve(n);
            std::memcpy(p, a.text.data(), a.text.size());
            p[a.text.size()] = ' ';
            std::memcpy(p + a.text.size() + 1, c.text.data(), c.text.size());
            const std::string_view merged = doc.arena().commit(p, n);
            if (doc.record_edits) {
                std::string before(a.text);
                before += '\n';
                before += c.text;
                doc.record(name, "merge_adjacent_credits", {a.source.begin, c.source.end}, before, merged);
            }
            a.text = merged;
            a.source.end = c.source.end;
            for (auto& person : c.people) a.people.push_back(std::move(person));
            open = !closed;
            return 1;
        }
        out.push_back(std::move(c));
        open = !closed;
        return 0;
    }

    // People of the byline opening paragraph `b`; rewrites its fields if asked. Returns the edits.
    std::size_t byline(document& doc, block& b, context& cx) const {
        const auto& head = head_byline(cx, b.text, opts.bare_parenthesis);
        if (head.found) return byline_at(doc, b, cx, head);  // (the rare case out of line)
        // (head_byline just looked at b.text: head_mark is of it)
        if (!opts.glued_title || !cx.head_mark) return 0;
        const auto span = detail::find_byline_after_title(b.text, opts.max_title_bytes);
        if (!span.found) return 0;
        return byline_at(doc, b, cx, span);  // (the rare case out of line)
    }

    std::size_t byline_at(document& doc, block& b, context& cx, detail::byline_span span) const {
        const std::string_view body = b.text.substr(span.body_begin, span.body_end - span.body_begin);
        const detail::credit_parse& parsed = parse_stable(cx, body);
        if (parsed.ok) return byline_fields(doc, b, span, body, parsed, body, false);
        // The body does not parse as written (rare): again with the spaces of its source wraps.
        return byline_rewrapped(doc, b, cx, span, body);
    }

    [[gnu::noinline]] std::size_t byline_rewrapped(document& doc, block& b, const context& cx, detail::byline_span span,
                                                   std::string_view body) const {
        const std::string rewrapped = body_with_wraps(doc, b, span.body_begin, span.body_end);
        if (rewrapped.empty()) return 0;
        const detail::credit_parse reparsed = parse(rewrapped, cx.roles);
        return byline_fields(doc, b, span, body, reparsed, rewrapped, true);
    }

    // The people of byline body `body` of `b`, parsed into `r` from `src` (the body, or the body
    // with its wraps spaced when `rewrapped`), and its fields rewritten if asked. Returns the edits.
    std::size_t byline_fields(document& doc, block& b, const detail::byline_span& span, std::string_view body,
                              const detail::credit_parse& r, std::string_view src, bool rewrapped) const {
        // With no dateline, only a byline spaced as fields (`（记者 张晶）`, not `（记者手记）`).
        if (!r.ok || (span.dateline_chars == 0 && (r.glued || r.fields < 2))) return 0;
        // Without parentheses, only a byline closed by its verb (`本报讯 记者 张三 报道：`).
        if (span.open_form && !r.has_verb) return 0;
        add_people(doc, b, src, r);
        if (!opts.rewrite_fields || (!r.padded && !r.glued && !rewrapped)) return 0;
        if (span.open_form && r.glued) return 0;  // written together as a whole (`记者张三报道：`): kept
        std::size_t lead = 0, trail = 0;  // spaces around the fields in the body
        while (lead < body.size() && detail::field_space(body, lead)) lead += detail::field_space(body, lead);
        while (trail < body.size() - lead && detail::is_field_space_cp(detail::decode_before(body, body.size() - trail).cp))
            trail += detail::decode_before(body, body.size() - trail).len;
        const std::size_t head = span.body_begin + lead, tail = span.body_end - trail;
        char* p = doc.arena().reserve(b.text.size() + src.size() + r.size);
        std::memcpy(p, b.text.data(), head);
        std::size_t n = head + detail::render_fields(src, r, p + head);
        std::memcpy(p + n, b.text.data() + tail, b.text.size() - tail);
        n += b.text.size() - tail;
        const std::string_view before = b.text;
        b.text = doc.arena().commit(p, n);
        doc.record(name, !rewrapped ? rule_for(r) : "space_names_at_wrap", b.source, before, b.text);
        return 1;
    }

    // The byline body b.text[begin, end) with a space put back wherever the source broke a line
    // between two characters the text now writes together (`甄静敏` / `诸葛兰芳`): there the wrap is
    // the only evidence of the boundary between two names. Empty if there is no such place.
    static std::string body_with_wraps(const document& doc, const block& b, std::size_t begin, std::size_t end) {
        if (b.repeat != 1) return {};
        const std::string_view buf = doc.buffer();
        const std::size_t stop = std::min(doc.buffer_offset(b.source.end), buf.size());
        std::size_t i = doc.buffer_offset(doc.locate(b, begin));
        std::string out;
        bool any = false;
        for (std::size_t t = begin; t < end;) {
            if (const std::size_t sp = detail::field_space(b.text, t)) {
                out.append(b.text.substr(t, sp));
                t += sp;
                continue;
            }
            const bool wrap = skip_source_space(buf, i, stop);
            if (wrap && !out.empty() && out.back() != ' ') {
                out += ' ';
                any = true;
            }
            const std::size_t len = std::min(detail::utf8_length(static_cast<unsigned char>(b.text[t])), end - t);
            out.append(b.text.substr(t, len));
            t += len;
            if (i < stop) i += detail::utf8_length(static_cast<unsigned char>(buf[i]));
        }
        return any ? out : std::string();
    }

    // Splits paragraph `b` at byte `cut` of its text: the paragraph keeps what is before, the credit
    // `s` (parsed into `r`) follows it, taking in the whole of block `next` when one is given.
    std::size_t split(document& doc, block_sink& out, block b, std::size_t cut, std::string_view s,
                      const detail::credit_parse& r, const block* next) const {
        out.split_ahead();
        const std::size_t at = doc.locate(b, cut);
        std::size_t keep = cut;  // the paragraph keeps no trailing space
        while (keep > 0 && detail::is_field_space_cp(detail::decode_before(b.text, keep).cp))
            keep -= detail::decode_before(b.text, keep).len;
        block c;
        c.kind = block_kind::credit;
        c.source = {at, next ? next->source.end : b.source.end};
        add_people(doc, c, s, r);
        if (opts.rewrite_fields) {
            char* p = doc.arena().reserve(detail::rendered_bound(s.size(), r.size));
            c.text = doc.arena().commit(p, detail::render_fields(s, r, p));
        } else {
            c.text = next ? doc.store(s) : s;
        }
        const std::string_view before = b.text;
        b.text = b.text.substr(0, keep);
        b.source.end = at;
        if (doc.record_edits) {
            std::string was(before), now(b.text);
            if (next) {
                was += '\n';
                was += next->text;
            }
            now += '\n';
            now += c.text;
            doc.record(name, next ? "split_credit_across_blocks" : "split_trailing_credit", {b.source.begin, c.source.end},
                       was, now);
        }
        out.push_back(std::move(b));
        out.push_back(std::move(c));
        return 1;
    }
};

} // namespace zhnorm
