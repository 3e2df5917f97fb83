// Runs LLVMFuzzerTestOneInput over files and directories (no libFuzzer): the fuzz invariants
// replayed on the seed corpus by CTest with any compiler, and a way to reproduce a crash file.
#include <cstddef>
#include <cstdint>
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

int run_file(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) {
        std::fprintf(stderr, "zhnorm_fuzz_replay: cannot read %s\n", p.c_str());
        return 1;
    }
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::fprintf(stderr, "%s (%zu bytes)\n", p.c_str(), bytes.size());
    LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    int status = 0;
    std::size_t files = 0;
    for (int i = 1; i < argc; ++i) {
        const std::filesystem::path arg = argv[i];
        if (std::filesystem::is_directory(arg)) {
            std::vector<std::filesystem::path> paths;
            for (const auto& e : std::filesystem::directory_iterator(arg))
                if (e.is_regular_file()) paths.push_back(e.path());
            std::sort(paths.begin(), paths.end());
            for (const auto& p : paths) status |= run_file(p), ++files;
        } else {
            status |= run_file(arg);
            ++files;
        }
    }
    std::fprintf(stderr, "zhnorm_fuzz_replay: %zu input(s) %s\n", files, status ? "(some unreadable)" : "hold every invariant");
    return files == 0 ? 1 : status;
}
