#pragma once
// Fresh memory costs a page fault per 4 KiB page on first touch. A 32 MiB page file gives a
// document tens of megabytes of buffer, line table, blocks and joined text: in 4 KiB pages that is
// tens of thousands of faults, more time than the passes that fill them. Large arrays ask Linux
// for transparent huge pages where the system leaves that to madvise (one fault per 2 MiB).
#include <cstddef>
#include <cstdint>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace zhnorm::detail {

inline constexpr std::size_t huge_page_size = std::size_t{2} << 20;

// Below this an allocation gains too little from huge pages (only its 2 MiB-aligned interior can
// use them) to be worth a system call.
inline constexpr std::size_t huge_page_min = 4 * huge_page_size;

// Call on a large allocation before its first write: only the 2 MiB-aligned interior of [p, p + n)
// is advised.
inline void prefer_huge_pages([[maybe_unused]] const void* p, [[maybe_unused]] std::size_t n) noexcept {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    constexpr std::uintptr_t huge = huge_page_size;
    if (n < huge_page_min) return;
    const std::uintptr_t a = (reinterpret_cast<std::uintptr_t>(p) + huge - 1) & ~(huge - 1);
    const std::uintptr_t e = (reinterpret_cast<std::uintptr_t>(p) + n) & ~(huge - 1);
    if (e > a) (void)::madvise(reinterpret_cast<void*>(a), e - a, MADV_HUGEPAGE);
#endif
}

// reserve() on a vector that is about to be filled, advising huge pages for the new storage.
template <class Vector>
void reserve_large(Vector& v, std::size_t n) {
    if (n <= v.capacity()) return;
    v.reserve(n);
    prefer_huge_pages(v.data(), v.capacity() * sizeof(typename Vector::value_type));
}

} // namespace zhnorm::detail
