#pragma once
// Deterministic generator of newspaper-like pages with the defects zhnorm repairs, for property
// tests (and, through the fuzzer's seed list, for fuzzing). Text is random, not real news.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "random.hpp"

namespace zhnorm::testing {

class page_generator {
public:
    explicit page_generator(std::uint64_t seed) : rng_(seed * 0x9E3779B97F4A7C15ULL + 1) {}

    std::uint64_t next() { return rng_.next(); }
    std::size_t below(std::size_t n) { return rng_.below(n); }
    bool chance(unsigned percent) { return below(100) < percent; }

    // One code point of common CJK text.
    std::string_view hanzi() {
        static constexpr std::string_view chars =
            "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产"
            "种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业"
            "本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反明看原又利比但";
        const std::size_t n = chars.size() / 3;
        return chars.substr(below(n) * 3, 3);
    }

    std::string sentence() {
        std::string s;
        const std::size_t clauses = 1 + below(3);
        for (std::size_t c = 0; c < clauses; ++c) {
            const std::size_t len = 4 + below(14);
            for (std::size_t i = 0; i < len; ++i) {
                if (chance(4)) s += std::to_string(below(3000));
                else if (chance(2)) s += "N95";
                else s += hanzi();
            }
            if (chance(15)) { s += "“"; s += hanzi(); s += hanzi(); s += "”"; }
            if (c + 1 < clauses) s += chance(80) ? "，" : "、";
        }
        s += chance(85) ? "。" : chance(50) ? "！" : "？";
        return s;
    }

    std::string headline() {
        std::string s;
        const std::size_t len = 6 + below(16);
        for (std::size_t i = 0; i < len; ++i) s += hanzi();
        return s;
    }

    // A page: headlines (some doubled), paragraphs hard-wrapped at `width` characters with
    // extraction spaces after punctuation, blank lines at random column breaks, bylines, credits,
    // English lines, and (when `hostile`) invalid bytes, NULs, CRLF and stray controls.
    std::string page(bool hostile) {
        std::string out;
        const std::size_t width = 11 + below(6);
        const std::size_t articles = 1 + below(4);
        for (std::size_t a = 0; a < articles; ++a) {
            std::string head = headline();
            if (chance(30)) head = doubled(head, 2 + below(3));
            const bool head_first = chance(50);
            if (head_first) out += head + "\n\n";
            const std::size_t paras = 1 + below(4);
            for (std::size_t p = 0; p < paras; ++p) {
                std::string para;
                if (p == 0 && chance(60)) para += "本报讯 （记者 " + name() + (chance(40) ? " 通讯员 " + name() : "") + "） ";
                const std::size_t sentences = 1 + below(4);
                for (std::size_t s = 0; s < sentences; ++s) para += sentence();
                wrap(out, spaced(para), width, p == 0);
                out += chance(50) ? "\n" : "";
            }
            if (chance(30)) out += "本报记者 " + name() + " 摄\n\n";
            if (chance(10)) out += "The quick brown fox, at 8:30, jumps over 1,000 lazy dogs.\n\n";
            if (!head_first) out += head + "\n\n";
        }
        if (hostile) {
            const std::size_t n = 1 + below(6);
            for (std::size_t i = 0; i < n && !out.empty(); ++i) {
                static constexpr std::string_view junk[] = {"\xFF", "\xE5\xA5", std::string_view("\0", 1), "\r\n",
                                                            "\r", "\xC0\xAF", "\xEF\xBB\xBF", "\f", "\xE2\x80\xA9"};
                out.insert(below(out.size()), junk[below(std::size(junk))]);
            }
        }
        return out;
    }

private:
    std::string name() {
        std::string n;
        const std::size_t len = 2 + below(2);
        for (std::size_t i = 0; i < len; ++i) n += hanzi();
        return n;
    }

    static std::string doubled(std::string_view s, std::size_t k) {
        std::string out;
        for (std::size_t i = 0; i < s.size();) {
            const std::size_t len = static_cast<unsigned char>(s[i]) < 0x80 ? 1 : 3;
            for (std::size_t r = 0; r < k; ++r) out.append(s.substr(i, len));
            i += len;
        }
        return out;
    }

    // Extraction spaces after and sometimes before full-width punctuation.
    std::string spaced(std::string_view s) {
        std::string out;
        for (std::size_t i = 0; i < s.size();) {
            const std::size_t len = static_cast<unsigned char>(s[i]) < 0x80 ? 1 : 3;
            const std::string_view ch = s.substr(i, len);
            const bool punct = ch == "，" || ch == "、" || ch == "。";
            if (punct && chance(10)) out += ' ';
            out += ch;
            if (punct && chance(50)) out += ' ';
            i += len;
        }
        return out;
    }

    void wrap(std::string& out, std::string_view s, std::size_t width, bool indent) {
        std::size_t col = indent ? 2 : 0;
        for (std::size_t i = 0; i < s.size();) {
            const std::size_t len = static_cast<unsigned char>(s[i]) < 0x80 ? 1 : 3;
            out.append(s.substr(i, len));
            col += len == 1 ? 1 : 2;
            i += len;
            if (col >= 2 * width && i < s.size()) {
                out += chance(8) ? "\n\n" : "\n";
                col = 0;
            }
        }
        out += '\n';
    }

    xorshift rng_;
};

} // namespace zhnorm::testing
