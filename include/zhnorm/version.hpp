#pragma once
#define ZHNORM_VERSION_MAJOR 0
#define ZHNORM_VERSION_MINOR 1
#define ZHNORM_VERSION_PATCH 0

namespace zhnorm {
inline constexpr const char* version = "0.1.0";
}
