// Throughput of the pipeline and of each pass, against memcpy of the same bytes.
//
// Inputs (each named after the slash):
//   seed         the shipped sample page repeated to 32 MiB (ZHNORM_BENCH_SEED_MIB overrides): larger
//                than the last-level cache of most machines, so BM_memcpy/seed measures memory bandwidth
//                (~10 GB/s) rather than an L2-resident copy. (A server part with a larger L3 copies
//                32 MiB faster than memory allows; a seed of a few times its L3 gives the memory figure.)
//   huge_line    the sample page's lines run together into one line of >= 2 MiB
//   doubled      every line of the sample page with every character doubled (fake-bold), >= 2 MiB
//   punct        lines of CJK punctuation only, >= 2 MiB
//   ascii        hard-wrapped English prose, >= 2 MiB
//   short_lines  two-character lines separated by blank lines, ~4 MiB (512K of each)
//
// Benchmarks per input: BM_memcpy (the reference), BM_load, BM_pipeline (load + every pass into
// a document that is refilled, as a batch job does), BM_normalize (the same through the one-call
// API, a new document each time) and one BM_<pass> per pass. A pass that needs earlier
// passes gets a document prepared by them with the timer paused, so BM_<pass> times that pass alone.
// Every benchmark reports bytes/second of input.
//
// Because that untimed preparation can cost far more than a cheap pass, Google Benchmark's usual
// "iterate until min_time" would spend minutes preparing documents; BM_<pass> instead runs a fixed
// number of iterations, calibrated once at start-up (about 0.3 s of pass time, at most about 3 s of
// preparation). `--smoke` runs every benchmark exactly once (CI: it runs, it does not time).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <chrono>
#include <fstream>
#include <functional>
#include <iterator>
#include <regex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <zhnorm/zhnorm.hpp>

namespace {

constexpr std::size_t MiB = std::size_t{1} << 20;

void set_bytes(benchmark::State& st, const std::string& text) {
    st.SetBytesProcessed(static_cast<std::int64_t>(st.iterations()) * static_cast<std::int64_t>(text.size()));
}

void bm_memcpy(benchmark::State& st, const std::string& text) {
    std::string dst(text.size(), '\0');
    for (auto _ : st) {
        std::memcpy(dst.data(), text.data(), text.size());
        benchmark::DoNotOptimize(dst.data());
        benchmark::ClobberMemory();
    }
    set_bytes(st, text);
}

// Like BM_memcpy's destination, the document is allocated once and refilled: a job cleaning many
// texts does that (load(text, doc), pipe(text, doc)), and fresh memory from the system is a cost
// of the allocator and kernel, not of cleaning. BM_normalize shows the one-call API, a new
// document per call.
void bm_load(benchmark::State& st, const std::string& text) {
    zhnorm::document doc;
    for (auto _ : st) {
        zhnorm::load(text, doc);
        benchmark::DoNotOptimize(doc.lines.data());
    }
    set_bytes(st, text);
}

void bm_pipeline(benchmark::State& st, const std::string& text) {
    const auto pipe = zhnorm::default_pipeline();
    zhnorm::document doc;
    for (auto _ : st) {
        pipe(text, doc);
        benchmark::DoNotOptimize(doc.blocks.data());
    }
    set_bytes(st, text);
}

void bm_normalize(benchmark::State& st, const std::string& text) {
    for (auto _ : st) {
        zhnorm::document doc = zhnorm::normalize(text);
        benchmark::DoNotOptimize(doc.blocks.data());
    }
    set_bytes(st, text);
}

// Times `Pass` alone on a document that load() and the `Before` passes prepared untimed.
template <class Pass, class... Before>
void bm_pass(benchmark::State& st, const std::string& text) {
    const Pass pass{};
    zhnorm::document doc;
    for (auto _ : st) {
        st.PauseTiming();
        zhnorm::load(text, doc);  // refilled, untimed
        (Before{}(doc), ...);
        st.ResumeTiming();
        pass(doc);
        benchmark::DoNotOptimize(doc.blocks.data());
        benchmark::ClobberMemory();
    }
    set_bytes(st, text);
}

template <class Pass, class... Before>
benchmark::IterationCount calibrate(const std::string& text) {
    using clock = std::chrono::steady_clock;
    const Pass pass{};
    double prep = 0, run = 0;
    zhnorm::document doc;
    for (int round = 0; round < 2; ++round) {  // the second round, warm, counts
        const auto t0 = clock::now();
        zhnorm::load(text, doc);
        (Before{}(doc), ...);
        const auto t1 = clock::now();
        pass(doc);
        const auto t2 = clock::now();
        prep = std::chrono::duration<double>(t1 - t0).count();
        run = std::chrono::duration<double>(t2 - t1).count();
    }
    const double n = std::min(0.3 / std::max(run, 1e-9), 3.0 / std::max(prep + run, 1e-9));
    return static_cast<benchmark::IterationCount>(std::clamp(n, 1.0, 10000.0));
}

// Whether --benchmark_filter selects `name` (a regex; a leading '-' negates).
bool selected(const std::string& name) {
    std::string f = benchmark::GetBenchmarkFilter();
    if (f.empty() || f == "all" || f == ".") return true;
    const bool negate = f[0] == '-';
    if (negate) f.erase(0, 1);
    return std::regex_search(name, std::regex(f)) != negate;
}

std::string read_page() {
    const char* env = std::getenv("ZHNORM_BENCH_PAGE");
    const std::string path = env && *env ? env : ZHNORM_BENCH_PAGE;
    std::ifstream in(path, std::ios::binary);
    std::string page((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!in.good() && !in.eof()) page.clear();
    if (page.empty()) {
        std::fprintf(stderr, "zhnorm_bench: cannot read the seed page %s (set ZHNORM_BENCH_PAGE)\n", path.c_str());
        std::exit(1);
    }
    if (page.back() != '\n') page += '\n';
    return page;
}

std::string repeat_to(std::string_view unit, std::size_t size) {
    std::string out;
    out.reserve(size + unit.size());
    while (out.size() < size) out += unit;
    return out;
}

// Small deterministic generator, so every run times the same bytes.
struct lcg {
    std::uint64_t s = 0x9E3779B97F4A7C15ULL;
    std::size_t operator()(std::size_t n) {
        s = s * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<std::size_t>(s >> 33) % n;
    }
};

std::vector<std::string_view> split_chars(std::string_view s) {
    std::vector<std::string_view> out;
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        const std::size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        out.push_back(s.substr(i, n));
        i += n;
    }
    return out;
}

std::string make_huge_line(const std::string& page) {
    std::string unit;
    for (char c : page)
        if (c != '\n') unit += c;
    std::string out = repeat_to(unit, 2 * MiB);
    out += '\n';
    return out;
}

std::string make_doubled(const std::string& page) {
    std::string unit;
    for (auto ch : split_chars(page)) {
        if (ch == "\n") { unit += '\n'; continue; }
        unit += ch;
        unit += ch;
    }
    return repeat_to(unit, 2 * MiB);
}

std::string make_punct() {
    const auto marks = split_chars("，。、；：？！“”‘’（）《》【】…—·");
    lcg rnd;
    std::string out;
    for (std::size_t line = 0; out.size() < 2 * MiB; ++line) {
        for (int i = 0; i < 14; ++i) out += marks[rnd(marks.size())];
        out += line % 20 == 19 ? "\n\n" : "\n";
    }
    return out;
}

std::string make_ascii() {
    static constexpr std::string_view words[] = {
        "the",     "reading", "room",   "opens",   "until",  "ten",      "at",     "night,",  "and",    "residents",
        "borrow",  "books",   "from",   "the",     "public", "library.", "A",      "pilot",   "covers", "32",
        "streets", "(see",    "p. 3);", "staff",   "say",    "demand",   "peaks",  "after",   "8 p.m.", "Volunteers",
        "keep",    "watch:",  "is",     "it",      "safe?",  "Yes!",     "Wi-Fi",  "is",      "free.",  "1,200"};
    lcg rnd;
    std::string out, line;
    for (std::size_t n = 0; out.size() < 2 * MiB; ++n) {
        const std::string_view w = words[rnd(std::size(words))];
        if (line.size() + w.size() + 1 > 64) {
            out += line;
            out += n % 7 == 0 ? "\n\n" : "\n";
            line.clear();
        }
        if (!line.empty()) line += ' ';
        line += w;
    }
    return out;
}

std::string make_short_lines(const std::string& page) {
    std::vector<std::string_view> cjk;
    for (auto ch : split_chars(page))
        if (ch.size() == 3 && static_cast<unsigned char>(ch[0]) >= 0xE4) cjk.push_back(ch);
    lcg rnd;
    std::string out;
    out.reserve(4 * MiB + 16);
    while (out.size() < 4 * MiB) {
        out += cjk[rnd(cjk.size())];
        out += cjk[rnd(cjk.size())];
        out += "\n\n";
    }
    return out;
}

std::size_t seed_mib() {
    const char* env = std::getenv("ZHNORM_BENCH_SEED_MIB");
    const long v = env ? std::strtol(env, nullptr, 10) : 0;
    return v >= 1 ? static_cast<std::size_t>(v) : 32;
}

} // namespace

int main(int argc, char** argv) {
    const std::string page = read_page();
    // Kept alive until the benchmarks have run: they capture references.
    const std::vector<std::pair<std::string, std::string>> inputs = {
        {"seed", repeat_to(page, seed_mib() * MiB)},
        {"huge_line", make_huge_line(page)},
        {"doubled", make_doubled(page)},
        {"punct", make_punct()},
        {"ascii", make_ascii()},
        {"short_lines", make_short_lines(page)},
    };
    bool smoke = false;
    for (int i = 1; i < argc; ++i)
        if (std::string_view(argv[i]) == "--smoke") {
            smoke = true;
            for (int j = i; j + 1 < argc; ++j) argv[j] = argv[j + 1];
            --argc;
            break;
        }
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;

    using fn = void (*)(benchmark::State&, const std::string&);
    using cal = benchmark::IterationCount (*)(const std::string&);
    using namespace zhnorm;
    struct entry {
        const char* name;
        fn run;
        cal iterations;  // null: Google Benchmark's own min_time loop
    };
    const entry benches[] = {
        {"BM_memcpy", bm_memcpy, nullptr},
        {"BM_load", bm_load, nullptr},
        {"BM_pipeline", bm_pipeline, nullptr},
        {"BM_normalize", bm_normalize, nullptr},
        {"BM_collapse_doubled", bm_pass<collapse_doubled>, calibrate<collapse_doubled>},
        {"BM_line_join", bm_pass<line_join, collapse_doubled>, calibrate<line_join, collapse_doubled>},
        {"BM_fullwidth_spacing", bm_pass<fullwidth_spacing, collapse_doubled, line_join>,
         calibrate<fullwidth_spacing, collapse_doubled, line_join>},
        {"BM_credits", bm_pass<credits, collapse_doubled, line_join, fullwidth_spacing>,
         calibrate<credits, collapse_doubled, line_join, fullwidth_spacing>},
    };
    for (const auto& [input, text] : inputs)
        for (const auto& e : benches) {
            const std::string name = std::string(e.name) + "/" + input;
            auto* b = benchmark::RegisterBenchmark(name.c_str(),
                                                   [f = e.run, &text = text](benchmark::State& st) { f(st, text); });
            b->Unit(benchmark::kMillisecond);
            if (smoke) b->Iterations(1);
            else if (e.iterations && selected(name)) b->Iterations(e.iterations(text));
        }
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
