#pragma once
// Whether the byte scans use SSE2 (baseline on every x86-64). Every vector path in zhnorm has a
// scalar twin giving the same answers; defining ZHNORM_FORCE_SCALAR selects the twins, which is
// how the tests exercise them on x86-64 and what other targets get.
#if (defined(__SSE2__) || defined(_M_X64) || (defined(_M_IX86_FP) && _M_IX86_FP >= 2)) && !defined(ZHNORM_FORCE_SCALAR)
#include <emmintrin.h>
#define ZHNORM_SSE2 1
#else
#define ZHNORM_SSE2 0
#endif

// AVX2 chosen at run time, as simdjson does: a scan may have a twin marked ZHNORM_TARGET_AVX2
// (compiled for AVX2, BMI1/2, POPCNT and LZCNT whatever the build's -march) and call it when
// detail::use_avx2(). The program itself still runs on any x86-64. Defining ZHNORM_NO_AVX2 leaves
// the twins out; the environment variable ZHNORM_DISABLE_AVX2 (any non-empty value) switches them
// off for one run, which is how the tests exercise the SSE2 paths on a machine with AVX2.
#if ZHNORM_SSE2 && !defined(ZHNORM_NO_AVX2) && (defined(__GNUC__) || defined(__clang__)) && \
    (defined(__x86_64__) || defined(__i386__))
#include <immintrin.h>

#include <cstdlib>
#define ZHNORM_AVX2 1
#define ZHNORM_TARGET_AVX2 __attribute__((target("avx2,bmi,bmi2,popcnt,lzcnt")))
#else
#define ZHNORM_AVX2 0
#endif

namespace zhnorm::detail {

#if ZHNORM_AVX2
[[nodiscard]] inline bool cpu_has_avx2() noexcept {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("bmi") && __builtin_cpu_supports("bmi2") &&
           __builtin_cpu_supports("popcnt");
}

[[nodiscard]] inline bool avx2_wanted() noexcept {
    const char* off = std::getenv("ZHNORM_DISABLE_AVX2");
    return (off == nullptr || *off == '\0') && cpu_has_avx2();
}

// Set once before main(). Code that runs earlier (another static initializer) reads false and
// takes the SSE2 paths, which give the same answers.
inline const bool avx2_enabled = avx2_wanted();

[[nodiscard]] inline bool use_avx2() noexcept { return avx2_enabled; }
#else
[[nodiscard]] constexpr bool use_avx2() noexcept { return false; }
#endif

} // namespace zhnorm::detail
