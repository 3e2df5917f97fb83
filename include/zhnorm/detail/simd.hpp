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
