#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <string>
#include <string_view>
#include <vector>
#include <zhnorm/load.hpp>

#include "random.hpp"

using namespace std::string_literals;

TEST_CASE("load splits LF lines and records their input byte ranges") {
    const auto doc = zhnorm::load("一二\nab\n\n末");
    REQUIRE(doc.lines.size() == 4);
    CHECK(doc.lines[0].text == "一二");
    CHECK(doc.lines[0].source == zhnorm::source_range{0, 6});
    CHECK(doc.lines[1].source == zhnorm::source_range{7, 9});
    CHECK(doc.lines[2].text.empty());
    CHECK(doc.lines[3].text == "末");
    CHECK(doc.lines[3].end == zhnorm::line_end::end_of_input);
}

TEST_CASE("load treats CRLF and lone CR as line ends and counts them") {
    const auto doc = zhnorm::load("a\r\nb\rc\n");
    REQUIRE(doc.lines.size() == 3);
    CHECK(doc.lines[0].text == "a");
    CHECK(doc.lines[1].text == "b");
    CHECK(doc.lines[2].text == "c");
    CHECK(doc.input.crlf == 1);
    CHECK(doc.input.lone_cr == 1);
}

TEST_CASE("load of empty and whitespace-only input gives no text lines") {
    CHECK(zhnorm::load("").lines.empty());
    const auto doc = zhnorm::load("  \n\t\n");
    for (const auto& l : doc.lines) CHECK(zhnorm::document::is_blank(l.text));
}

TEST_CASE("load replaces invalid UTF-8 with U+FFFD and maps offsets back to the input") {
    const std::string in = "好\xFF好\n\xE5\xA5\n";  // a stray byte, then a truncated sequence
    const auto doc = zhnorm::load(in);
    CHECK(doc.input.replaced == 2);
    CHECK(doc.input.first_invalid == 3);
    REQUIRE(doc.lines.size() == 2);
    CHECK(doc.lines[0].text == "好\xEF\xBF\xBD好");
    CHECK(doc.lines[0].source == zhnorm::source_range{0, 7});
    CHECK(doc.lines[1].text == "\xEF\xBF\xBD");
    CHECK(doc.lines[1].source == zhnorm::source_range{8, 10});
}

TEST_CASE("load under the strict policy throws naming the offset") {
    zhnorm::load_options lo;
    lo.policy = zhnorm::input_policy::strict;
    try {
        (void)zhnorm::load("ok\x80", lo);
        FAIL("no exception");
    } catch (const zhnorm::decode_error& e) {
        CHECK(e.offset() == 2);
    }
}

TEST_CASE("load rejects overlong encodings and surrogates") {
    CHECK(zhnorm::load("\xC0\xAF").input.replaced == 2);
    CHECK(zhnorm::load("\xED\xA0\x80").input.replaced == 3);
    CHECK(zhnorm::load("\xF4\x90\x80\x80").input.replaced == 4);
}

TEST_CASE("load keeps NUL bytes and counts them") {
    const auto doc = zhnorm::load("a\0b\n"s);
    CHECK(doc.input.nul_bytes == 1);
    CHECK(doc.lines[0].text == "a\0b"s);
}

TEST_CASE("load drops a leading BOM and records it") {
    const auto doc = zhnorm::load("\xEF\xBB\xBF正文");
    CHECK(doc.input.bom);
    CHECK(doc.lines[0].text == "正文");
    CHECK(doc.lines[0].source.begin == 3);
}

TEST_CASE("load ends lines at U+2028 and hard-breaks at U+2029 and form feed") {
    const auto doc = zhnorm::load("甲\xE2\x80\xA8乙\xE2\x80\xA9丙\f丁");
    REQUIRE(doc.lines.size() == 4);
    CHECK_FALSE(doc.lines[0].hard_break);
    CHECK(doc.lines[1].hard_break);
    CHECK(doc.lines[2].hard_break);
    CHECK(doc.lines[3].text == "丁");
}

// The validating scan checks 64 bytes at a time: every case below is tried with its interesting
// bytes at each offset around a block boundary, inside long text of the kind the fast path takes.
namespace {

std::string cjk_padding(std::size_t bytes) {  // `中` repeated, then ASCII to the exact length
    std::string s;
    while (s.size() + 3 <= bytes) s += "中";
    while (s.size() < bytes) s += 'a';
    return s;
}

} // namespace

TEST_CASE("load finds an invalid sequence at its exact offset wherever it falls in a block") {
    for (const std::string& bad : {"\xFF"s, "\xE4\xB8"s, "\xC0\xAF"s, "\xED\xA0\x80"s, "\xE0\x80\xAF"s, "\x80"s}) {
        for (std::size_t at = 100; at < 200; ++at) {
            const std::string in = cjk_padding(at) + bad + cjk_padding(150) + "\n";
            CAPTURE(at);
            const auto doc = zhnorm::load(in);
            CHECK(doc.input.first_invalid == at);
            CHECK(doc.input.replaced >= 1);
        }
    }
}

TEST_CASE("load accepts two-, three- and four-byte sequences across block boundaries") {
    for (const std::string& ch : {"é"s, "中"s, "“"s, "\xF0\x9F\x98\x80"s, "\xE0\xA0\x80"s, "\xED\x9F\xBF"s, "\xEF\xBF\xBD"s}) {
        for (std::size_t at = 100; at < 200; ++at) {
            const std::string in = cjk_padding(at) + ch + cjk_padding(150) + "\n" + cjk_padding(100);
            CAPTURE(at);
            const auto doc = zhnorm::load(in);
            CHECK(doc.input.replaced == 0);
            REQUIRE(doc.lines.size() == 2);
            CHECK(doc.lines[0].text.size() + 1 + doc.lines[1].text.size() == in.size());
        }
    }
}

TEST_CASE("load sees line separators, CR, form feed and NULs anywhere in long text") {
    for (std::size_t at = 100; at < 200; ++at) {
        CAPTURE(at);
        const std::string head = cjk_padding(at), tail = cjk_padding(150);
        CHECK(zhnorm::load(head + "\xE2\x80\xA8" + tail).lines.size() == 2);
        const auto para = zhnorm::load(head + "\xE2\x80\xA9" + tail);
        REQUIRE(para.lines.size() == 2);
        CHECK(para.lines[0].hard_break);
        CHECK(zhnorm::load(head + "\r\n" + tail).input.crlf == 1);
        CHECK(zhnorm::load(head + "\r" + tail).input.lone_cr == 1);
        CHECK(zhnorm::load(head + "\f" + tail).lines.size() == 2);
        CHECK(zhnorm::load(head + "\0\0"s + tail).input.nul_bytes == 2);
        // Lookalikes: the same continuation bytes under another lead are no separator.
        CHECK(zhnorm::load(head + "\xE4\x80\xA8" + tail).lines.size() == 1);
        CHECK(zhnorm::load(head + "\xE2\x81\xA8" + tail).lines.size() == 1);
    }
}

TEST_CASE("load splits long text at every line feed, with input byte ranges") {
    std::string in;
    std::vector<std::size_t> ends;
    for (std::size_t k = 0; k < 300; ++k) {
        in += cjk_padding(k % 70);
        ends.push_back(in.size());
        in += '\n';
    }
    const auto doc = zhnorm::load(in);
    REQUIRE(doc.lines.size() == ends.size());
    std::size_t begin = 0;
    for (std::size_t k = 0; k < ends.size(); ++k) {
        CHECK(doc.lines[k].source == zhnorm::source_range{begin, ends[k]});
        CHECK(doc.lines[k].text == std::string_view(in).substr(begin, ends[k] - begin));
        begin = ends[k] + 1;
    }
}

// scan_utf8 counts line feeds in byte lanes, summed every 63 blocks of 64 bytes, and tests the
// rarer bytes (E2 of U+2028/U+2029, controls below 0x0E) with one mask per block.
TEST_CASE("the validating scan counts every line feed, also past many blocks of nothing else") {
    for (const std::size_t n : {std::size_t{1}, std::size_t{63}, std::size_t{64}, std::size_t{4031}, std::size_t{4032},
                                std::size_t{4033}, std::size_t{64 * 63 * 3 + 5}, std::size_t{100000}}) {
        CAPTURE(n);
        const std::string lf(n, '\n');
        CHECK(zhnorm::detail::scan_utf8(lf.data(), lf.size()).newlines == n);
        std::string mixed;
        std::size_t want = 0;
        for (std::size_t k = 0; mixed.size() < n; ++k) {
            mixed += k % 3 ? "党\n" : "ab";
            if (k % 3) ++want;
        }
        CHECK(zhnorm::detail::scan_utf8(mixed.data(), mixed.size()).newlines == want);
    }
    // An invalid sequence late in the text: the count of the valid prefix is still exact.
    std::string s(5000, '\n');
    s += "\xFF";
    const auto r = zhnorm::detail::scan_utf8(s.data(), s.size());
    CHECK(r.valid == 5000);
    CHECK(r.newlines == 5000);
}

TEST_CASE("the validating scan reports line separators but not the quotes that share their lead byte") {
    std::string quotes;
    for (int k = 0; k < 200; ++k) quotes += "“党”\xE2\x80\x94";  // “ ” — all led by E2 80
    CHECK_FALSE(zhnorm::detail::scan_utf8(quotes.data(), quotes.size()).other_breaks);
    for (std::size_t at = 0; at < 130; ++at) {
        CAPTURE(at);
        const std::string in = std::string(at, 'a') + "\xE2\x80\xA8" + quotes;
        CHECK(zhnorm::detail::scan_utf8(in.data(), in.size()).other_breaks);
    }
}

TEST_CASE("the validating scan tells NUL, CR and form feed from other low control bytes") {
    const std::string pad = cjk_padding(100);
    const auto scan = [](const std::string& s) { return zhnorm::detail::scan_utf8(s.data(), s.size()); };
    CHECK_FALSE(scan(pad + "\x01\x0B\t" + pad).other_breaks);
    CHECK(scan(pad + "\x01\x0B\t" + pad).nuls == 0);
    CHECK(scan(pad + "\r" + pad).other_breaks);
    CHECK(scan(pad + "\f" + pad).other_breaks);
    CHECK(scan(pad + "\0\x01\0"s + pad).nuls == 2);
}

TEST_CASE("the text arena of a big document grows in few chunks and keeps every view valid") {
    zhnorm::detail::text_arena arena;
    std::vector<std::string_view> views;
    const std::string piece(1000, 'x');
    std::size_t written = 0;
    for (int i = 0; i < 20000; ++i) {  // 20 MB in 1 kB pieces
        views.push_back(arena.copy(piece));
        written += piece.size();
    }
    // Past 1 MiB chunks double (at least huge_page_min): the arena never holds much more than
    // twice the text, and not one 64 KiB chunk per 64 KiB of text.
    CHECK(arena.capacity() >= written);
    CHECK(arena.capacity() <= 2 * written + zhnorm::detail::huge_page_min);
    CHECK(arena.chunks() < 30);
    for (auto v : views) CHECK_EQ(v, piece);
}

TEST_CASE("reserve_large reserves and keeps what the vector holds") {
    std::vector<int> v{1, 2, 3};
    zhnorm::detail::reserve_large(v, (zhnorm::detail::huge_page_min / sizeof(int)) + 1);
    CHECK(v.capacity() > zhnorm::detail::huge_page_min / sizeof(int));
    CHECK(v == std::vector<int>{1, 2, 3});
    const std::size_t cap = v.capacity();
    zhnorm::detail::reserve_large(v, 2);  // never shrinks
    CHECK(v.capacity() == cap);
}

namespace {

// The validating scan with its scalar validator alone: the reference the 64-byte block checks
// must agree with, field by field.
zhnorm::detail::utf8_scan scalar_scan(const std::string& s) {
    zhnorm::detail::utf8_scan r;
    std::size_t i = 0;
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    r.valid = zhnorm::detail::utf8_detail::scan_scalar(p, s.size(), i, s.size(), r) ? s.size() : i;
    return r;
}

using scan_fn = zhnorm::detail::utf8_scan (*)(const char*, std::size_t, char*);

void check_scan_agrees(const std::string& s, scan_fn scan) {
    const zhnorm::detail::utf8_scan want = scalar_scan(s);
    std::string copy(s.size(), '\x01');
    const zhnorm::detail::utf8_scan got = scan(s.data(), s.size(), copy.data());
    CHECK(got.valid == want.valid);
    if (got.valid != want.valid) return;
    CHECK(got.newlines == want.newlines);
    CHECK(got.nuls == want.nuls);
    CHECK(got.other_breaks == want.other_breaks);
    if (want.valid == s.size()) CHECK(copy == s);
}

// The dispatching scan, and each twin called directly (the AVX2 one where the CPU has AVX2).
void check_scan_agrees(const std::string& s) {
    check_scan_agrees(s, [](const char* p, std::size_t n, char* c) { return zhnorm::detail::scan_utf8(p, n, c); });
    check_scan_agrees(s, [](const char* p, std::size_t n, char* c) { return zhnorm::detail::utf8_detail::scan_utf8_sse2(p, n, c); });
#if ZHNORM_AVX2
    if (zhnorm::detail::cpu_has_avx2())
        check_scan_agrees(s, [](const char* p, std::size_t n, char* c) { return zhnorm::detail::utf8_detail::scan_utf8_avx2(p, n, c); });
#endif
}

// Every class of invalid sequence, and valid sequences the block checks send to the scalar path.
const std::vector<std::string>& invalid_pieces() {
    static const std::vector<std::string> v = {
        "\xC0\xAF"s, "\xC1\xBF"s,                // overlong two-byte
        "\xE0\x80\xAF"s, "\xE0\x9F\xBF"s,        // overlong three-byte
        "\xF0\x80\x80\xAF"s, "\xF0\x8F\xBF\xBF"s,  // overlong four-byte
        "\xED\xA0\x80"s, "\xED\xBF\xBF"s,        // surrogates
        "\xF4\x90\x80\x80"s, "\xF5\x80\x80\x80"s, "\xFF"s, "\xFE"s,  // above U+10FFFF, never valid
        "\x80"s, "\xBF"s, "\x80\x80"s,           // stray continuation bytes
        "\xE4\xB8"s, "\xE4"s, "\xC3"s, "\xF0\x9F\x98"s,  // truncated
        "\xE4\xB8\xE4\xB8\xAD"s, "\xC3\xE4\xB8\xAD"s,  // lead cut short by another lead
    };
    return v;
}
const std::vector<std::string>& valid_pieces() {
    static const std::vector<std::string> v = {
        "a"s, "Z"s, " "s, "\n"s, "\n"s, "\r"s, "\r\n"s, "\f"s, "\0"s, "\x01"s, "\x0B"s, "\x0E"s, "\x7F"s,
        "\xC2\xA0"s, "\xC3\xA9"s, "\xDF\xBF"s, "中"s, "中"s, "中"s, "，"s, "。"s, "“"s, "”"s, "\xE2\x80\xA8"s,
        "\xE2\x80\xA9"s, "\xE2\x80\xA7"s, "\xE2\x81\xA8"s, "\xE0\xA0\x80"s, "\xED\x9F\xBF"s, "\xEE\x80\x80"s,
        "\xEF\xBF\xBD"s, "\xF0\x9F\x98\x80"s, "\xF4\x8F\xBF\xBF"s, "\xF0\x90\x80\x80"s,
    };
    return v;
}

} // namespace

TEST_CASE("the block-wise validating scan agrees with the scalar validator on every invalid class at every offset") {
    for (const std::string& bad : invalid_pieces())
        for (const std::string& pad : {"中"s, "a"s, "é"s}) {
            for (std::size_t at = 0; at < 200; ++at) {
                std::string head;
                while (head.size() + pad.size() <= at) head += pad;
                while (head.size() < at) head += 'a';
                CAPTURE(at);
                CAPTURE(bad);
                check_scan_agrees(head + bad);                                 // at the end of the input
                check_scan_agrees(head + bad + std::string(130, 'x'));         // before ASCII
                std::string tail;
                while (tail.size() < 150) tail += pad;
                check_scan_agrees(head + bad + tail);                          // inside the text
            }
        }
}

TEST_CASE("the block-wise validating scan agrees with the scalar validator on random mixes") {
    std::uint64_t state = 12345;
    auto next = [&](std::size_t n) {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<std::size_t>(state >> 33) % n;
    };
    const auto& good = valid_pieces();
    const auto& bad = invalid_pieces();
    for (int round = 0; round < 6000; ++round) {
        std::string s;
        const std::size_t len = next(420);
        const bool with_bad = round % 3 == 0;
        const std::size_t bad_at = next(len + 1);
        while (s.size() < len) {
            if (with_bad && s.size() >= bad_at && next(8) == 0) {
                s += bad[next(bad.size())];
                continue;
            }
            // Mostly CJK, as newspaper text is; runs of one piece make blocks of one kind.
            const std::string& g = next(3) == 0 ? good[next(good.size())] : "中"s;
            const std::size_t reps = next(4) == 0 ? next(40) : 1;
            for (std::size_t k = 0; k < reps; ++k) s += g;
        }
        CAPTURE(round);
        check_scan_agrees(s);
    }
}

TEST_CASE("AVX2 twins run only on a CPU with AVX2 and only while ZHNORM_DISABLE_AVX2 is unset") {
#if ZHNORM_AVX2
    const char* off = std::getenv("ZHNORM_DISABLE_AVX2");
    const bool disabled = off != nullptr && *off != '\0';
    CHECK(zhnorm::detail::use_avx2() == (!disabled && zhnorm::detail::cpu_has_avx2()));
#else
    CHECK_FALSE(zhnorm::detail::use_avx2());
#endif
}

namespace {

void check_same_lines(const std::vector<zhnorm::line>& got, const std::vector<zhnorm::line>& want) {
    REQUIRE(got.size() == want.size());
    for (std::size_t k = 0; k < got.size(); ++k) {
        CAPTURE(k);
        CHECK(got[k].text.data() == want[k].text.data());
        CHECK(got[k].text.size() == want[k].text.size());
        CHECK(got[k].source == want[k].source);
        CHECK(got[k].end == want[k].end);
        CHECK(got[k].repeat == want[k].repeat);
        CHECK(got[k].hard_break == want[k].hard_break);
    }
}

// Records as a passed-over line table holds them: every field different from what load writes.
std::vector<zhnorm::line> stale_lines(std::size_t n) {
    static const std::string junk = "junk";
    return std::vector<zhnorm::line>(
        n, zhnorm::line{junk, zhnorm::source_range{7, 9}, 3, zhnorm::line_end::separator, true});
}

// The LF lines of s[start, ...) and the unended last one, one push_back each: what the writer
// must give. Returns where the last line starts.
std::size_t reference_lf_lines(std::vector<zhnorm::line>& out, const std::string& s, std::size_t start) {
    std::size_t b = start;
    for (std::size_t i = start; i < s.size(); ++i)
        if (s[i] == '\n') {
            out.push_back(zhnorm::line{std::string_view(s).substr(b, i - b), zhnorm::source_range{b, i}, 1,
                                       zhnorm::line_end::lf, false});
            b = i + 1;
        }
    if (b < s.size())
        out.push_back(zhnorm::line{std::string_view(s).substr(b), zhnorm::source_range{b, s.size()}, 1,
                                   zhnorm::line_end::end_of_input, false});
    return b;
}

// The lines of s cut by the validating scan's sink through line_writer<Stream>, as load() does.
template <bool Stream>
std::size_t split_with_writer(std::vector<zhnorm::line>& v, const std::string& s, std::size_t start) {
    using writer = zhnorm::detail::line_writer<Stream>;
    zhnorm::detail::lf_splitter<writer> sink{writer(v, 0), s.data(), start};
    sink.range(start, s.size());
    if (sink.b < s.size()) sink.out.put_last(s.data(), sink.b, s.size());
    sink.out.finish();
    return sink.b;
}

} // namespace

TEST_CASE("the line writer writes over held records, then appends, the same lines as push_back") {
    std::uint64_t state = 4242;
    auto next = [&](std::size_t n) {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<std::size_t>(state >> 33) % n;
    };
    for (int round = 0; round < 600; ++round) {
        std::string s;
        const std::size_t len = next(400);
        const std::size_t gap = 1 + next(round % 2 == 0 ? 4 : 90);
        while (s.size() < len) s += next(gap) == 0 ? "\n"s : "中"s;
        const std::size_t start = std::min(next(3), s.size());
        std::vector<zhnorm::line> want;
        const std::size_t want_b = reference_lf_lines(want, s, start);
        CAPTURE(round);
        for (const std::size_t held : {std::size_t{0}, want.size() / 2, want.size(), want.size() + 5}) {
            CAPTURE(held);
            std::vector<zhnorm::line> got = stale_lines(held);
            CHECK(split_with_writer<true>(got, s, start) == want_b);
            check_same_lines(got, want);
            got = stale_lines(held);
            CHECK(split_with_writer<false>(got, s, start) == want_b);
            check_same_lines(got, want);
        }
    }
}

namespace {

// The lines of s cut as the validating scan hands them over: lfs() for each whole 64-byte block
// (line feeds before `start` left out), range() for the rest.
template <bool Stream>
std::size_t split_by_blocks(std::vector<zhnorm::line>& v, const std::string& s, std::size_t start) {
    using writer = zhnorm::detail::line_writer<Stream>;
    zhnorm::detail::lf_splitter<writer> sink{writer(v, 0), s.data(), start};
    std::size_t i = 0;
    for (; s.size() - i >= 64; i += 64) {
        std::uint64_t m = 0;
        for (std::size_t k = 0; k < 64; ++k)
            if (s[i + k] == '\n' && i + k >= start) m |= std::uint64_t{1} << k;
        sink.lfs(i, m);
    }
    sink.range(std::max(i, start), s.size());
    if (sink.b < s.size()) sink.out.put_last(s.data(), sink.b, s.size());
    sink.out.finish();
    return sink.b;
}

} // namespace

TEST_CASE("line feeds of a block written over held records without a check per line are those of push_back") {
    // lf_splitter::lfs writes a block's lines unchecked while 64 held records remain, one by one
    // (appending past them) once fewer do: every count of held records around the switch.
    zhnorm::testing::xorshift rnd(808);
    int unchecked_blocks = 0;
    for (int round = 0; round < 300; ++round) {
        std::string s;
        const std::size_t len = rnd.below(1500);
        const std::size_t gap = 1 + rnd.below(round % 3 == 0 ? 2 : round % 3 == 1 ? 6 : 80);
        while (s.size() < len) s += rnd.below(gap) == 0 ? "\n"s : rnd.below(2) == 0 ? "中"s : "a"s;
        const std::size_t start = std::min(rnd.below(3), s.size());
        std::vector<zhnorm::line> want;
        const std::size_t want_b = reference_lf_lines(want, s, start);
        CAPTURE(round);
        std::vector<std::size_t> helds = {0, want.size() / 2, want.size(), want.size() + 5, want.size() + 64,
                                          want.size() + 200};
        for (std::size_t d = 0; d < 70; d += 1 + rnd.below(4)) helds.push_back(want.size() > d ? want.size() - d : 0);
        for (const std::size_t held : helds) {
            CAPTURE(held);
            unchecked_blocks += held >= 64 && s.size() >= 64 ? 1 : 0;
            std::vector<zhnorm::line> got = stale_lines(held);
            CHECK(split_by_blocks<false>(got, s, start) == want_b);
            check_same_lines(got, want);
            got = stale_lines(held);
            CHECK(split_by_blocks<true>(got, s, start) == want_b);
            check_same_lines(got, want);
        }
    }
    CHECK(unchecked_blocks > 500);
}

TEST_CASE("count_byte counts a byte as std::count does, at every length and alignment") {
    zhnorm::testing::xorshift rnd(77);
    std::string s(5000, 'a');
    for (auto& c : s) c = rnd.below(3) == 0 ? '\n' : static_cast<char>(rnd.below(256));
    for (std::size_t from = 0; from < 70; ++from)
        for (std::size_t n = 0; from + n <= s.size(); n += 1 + rnd.below(n < 200 ? 2 : 300)) {
            CAPTURE(from);
            CAPTURE(n);
            const auto want = static_cast<std::size_t>(std::count(s.data() + from, s.data() + from + n, '\n'));
            REQUIRE(zhnorm::detail::count_byte(s.data() + from, n, '\n') == want);
        }
    // Every byte a match, past the point where a byte-wide lane would overflow.
    const std::string lfs(std::size_t{1} << 16, '\n');
    CHECK(zhnorm::detail::count_byte(lfs.data(), lfs.size(), '\n') == lfs.size());
    CHECK(zhnorm::detail::count_byte(lfs.data(), lfs.size(), '\0') == 0);
}

TEST_CASE("a reused document loads the same lines as a new one, whatever it held before") {
    // Large and small line tables, written over the records of the load before. (Streaming stores,
    // used for tables past detail::stream_table_min, are compared with push_back in the writer test.)
    std::string big;
    while (big.size() < 160000 * 4) big += (big.size() / 4) % 7 == 3 ? "\n"s : "中\n"s;
    const std::string big_tail = big + "末";
    std::string mixed = big.substr(0, 300000) + "a\r\nb\rc\fd\xE2\x80\xA8" "e\xE2\x80\xA9" + big.substr(0, 1000);
    std::string invalid = big.substr(0, 300000) + "\xFF\n" + big.substr(0, 1000);
    const std::vector<std::string> inputs = {big,   "中\n文"s, big_tail, mixed, big,    invalid, "\xEF\xBB\xBF"s + big,
                                             ""s,   big_tail,  "x"s,     big,   "\n"s, mixed};
    zhnorm::document doc;
    for (std::size_t k = 0; k < inputs.size(); ++k) {
        CAPTURE(k);
        zhnorm::load(inputs[k], doc);
        const zhnorm::document fresh = zhnorm::load(inputs[k]);
        REQUIRE(doc.lines.size() == fresh.lines.size());
        for (std::size_t j = 0; j < doc.lines.size(); ++j) {
            // Views into each document's own buffer: compare offsets into it.
            const auto& a = doc.lines[j];
            const auto& b = fresh.lines[j];
            if (a.text != b.text || a.source != b.source || a.end != b.end || a.repeat != b.repeat ||
                a.hard_break != b.hard_break || a.text.data() - doc.buffer().data() != b.text.data() - fresh.buffer().data()) {
                FAIL("line " << j << " differs");
            }
        }
        CHECK(doc.input.replaced == fresh.input.replaced);
    }
    // A strict load that throws leaves no lines, whatever the document held.
    zhnorm::load(big, doc);
    CHECK_THROWS_AS(zhnorm::load(invalid, doc, {zhnorm::input_policy::strict}), zhnorm::decode_error);
    CHECK(doc.lines.empty());
}

namespace {

// The exact line split: validation first, then the splitter that handles every line end.
zhnorm::document load_exact(const std::string& in) {
    zhnorm::document doc;
    doc.input.bytes = in.size();
    auto f = zhnorm::detail::fill_buffer(doc, in, {}, {});
    f.lines = false;
    zhnorm::detail::split_lines(doc, f);
    return doc;
}

std::string random_mix(const std::function<std::size_t(std::size_t)>& next, std::size_t len, bool invalid) {
    static const std::vector<std::string> pieces = {"中"s, "中"s, "中"s, "中"s, "a"s, "。"s, "\n"s, "\n"s, "\n\n"s, "é"s,
                                                    "\xF0\x9F\x98\x80"s, "\xE0\xA0\x80"s, "\0"s};
    static const std::vector<std::string> rare = {"\r\n"s, "\r"s, "\f"s, "\xE2\x80\xA8"s, "\xE2\x80\xA9"s};
    std::string s = next(8) == 0 ? "\xEF\xBB\xBF"s : ""s;
    const std::size_t rare_odds = 1 + next(400);
    while (s.size() < len) {
        if (next(rare_odds) == 0) s += rare[next(rare.size())];
        else if (invalid && next(300) == 0) s += invalid_pieces()[next(invalid_pieces().size())];
        else s += pieces[next(pieces.size())];
    }
    return s;
}

} // namespace

TEST_CASE("lines cut in the validating scan are those of the exact splitter, up to the first other line end") {
    std::uint64_t state = 99;
    std::function<std::size_t(std::size_t)> next = [&](std::size_t n) {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<std::size_t>(state >> 33) % n;
    };
    using writer = zhnorm::detail::line_writer<false>;
    using sink_t = zhnorm::detail::lf_splitter<writer>;
    using twin = zhnorm::detail::utf8_scan (*)(const char*, std::size_t, char*, sink_t&);
    std::vector<twin> twins = {
        [](const char* p, std::size_t n, char* c, sink_t& k) { return zhnorm::detail::utf8_detail::scan_utf8_sse2(p, n, c, k); }};
#if ZHNORM_AVX2
    if (zhnorm::detail::cpu_has_avx2())
        twins.push_back(
            [](const char* p, std::size_t n, char* c, sink_t& k) { return zhnorm::detail::utf8_detail::scan_utf8_avx2(p, n, c, k); });
#endif
    for (int round = 0; round < 3000; ++round) {
        const std::string s = random_mix(next, next(round % 10 == 0 ? 3000 : 400), round % 3 == 0);
        const zhnorm::document ref = load_exact(s);
        CAPTURE(round);
        for (const twin scan : twins) {
            std::vector<zhnorm::line> got;
            std::string copy(s.size(), '\x01');
            sink_t sink{writer(got, 0), copy.data(), zhnorm::detail::text_start(s)};
            const auto r = scan(s.data(), s.size(), copy.data(), sink);
            sink.out.finish();
            if (r.valid != s.size()) continue;  // load() starts over on the replaced text
            REQUIRE(got.size() <= ref.lines.size());
            for (std::size_t k = 0; k < got.size(); ++k) {
                CAPTURE(k);
                CHECK(got[k].text.data() - copy.data() == ref.lines[k].text.data() - ref.buffer().data());
                CHECK(got[k].text.size() == ref.lines[k].text.size());
                CHECK(got[k].source == ref.lines[k].source);
                CHECK(ref.lines[k].end == zhnorm::line_end::lf);
            }
            if (!r.other_breaks)
                CHECK(got.size() + (sink.b < s.size() ? 1 : 0) == ref.lines.size());
            else
                CHECK(sink.b == (got.size() < ref.lines.size() ? ref.lines[got.size()].source.begin : s.size()));
        }
        // And load() as a whole, with a document that held other lines.
        zhnorm::document doc = zhnorm::load(random_mix(next, 500, true));
        zhnorm::load(s, doc);
        REQUIRE(doc.lines.size() == ref.lines.size());
        for (std::size_t k = 0; k < doc.lines.size(); ++k) {
            CAPTURE(k);
            CHECK(doc.lines[k].text == ref.lines[k].text);
            CHECK(doc.lines[k].source == ref.lines[k].source);
            CHECK(doc.lines[k].end == ref.lines[k].end);
            CHECK(doc.lines[k].hard_break == ref.lines[k].hard_break);
        }
        CHECK(doc.input.bom == ref.input.bom);
        CHECK(doc.input.crlf == ref.input.crlf);
        CHECK(doc.input.lone_cr == ref.input.lone_cr);
        CHECK(doc.input.nul_bytes == ref.input.nul_bytes);
        CHECK(doc.input.replaced == ref.input.replaced);
    }
}

TEST_CASE("a new document's line table, made whole before the lines are written, holds exactly the exact splitter's lines") {
    // Small tables are resized to the expected line count first and cut back after; more lines
    // than expected are appended. Every line table must still be the exact one.
    zhnorm::testing::xorshift rnd(4711);
    std::function<std::size_t(std::size_t)> next = [&](std::size_t n) { return rnd.below(n); };
    int prefilled = 0;
    for (int round = 0; round < 1500; ++round) {
        std::string s = random_mix(next, next(round % 10 == 0 ? 20000 : 600), round % 4 == 0);
        if (round % 5 == 1) s = std::string(next(200), 'x') + std::string(next(3000), '\n');  // more lines than the sample says
        const zhnorm::document ref = load_exact(s);
        const zhnorm::document doc = zhnorm::load(s);
        CAPTURE(round);
        prefilled += doc.lines.capacity() > 64 ? 1 : 0;
        REQUIRE(doc.lines.size() == ref.lines.size());
        for (std::size_t k = 0; k < doc.lines.size(); ++k) {
            CAPTURE(k);
            CHECK(doc.lines[k].text.data() - doc.buffer().data() == ref.lines[k].text.data() - ref.buffer().data());
            CHECK(doc.lines[k].text.size() == ref.lines[k].text.size());
            CHECK(doc.lines[k].source == ref.lines[k].source);
            CHECK(doc.lines[k].end == ref.lines[k].end);
            CHECK(doc.lines[k].hard_break == ref.lines[k].hard_break);
            CHECK(doc.lines[k].repeat == 1);
        }
    }
    CHECK(prefilled > 100);
}

TEST_CASE("load of an input that opens with a run of blank lines reserves no more than a few times its size") {
    // The line table is reserved from the line feeds of the first 64 KiB; a dense start must not
    // be extrapolated to the whole input.
    std::string text(std::size_t{1} << 16, '\n');
    text += std::string(std::size_t{4} << 20, 'a');
    zhnorm::document doc;
    zhnorm::load(text, doc);
    CHECK(doc.lines.size() == (std::size_t{1} << 16) + 1);
    CHECK(doc.lines.capacity() * sizeof(zhnorm::line) < 8 * text.size());
}
