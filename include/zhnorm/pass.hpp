#pragma once
// What a pass is: a cheap-to-copy type with a name, an options aggregate it holds as `opts`, and a
// const call that rewrites a document in place.
#include <concepts>
#include <string_view>

#include "zhnorm/document.hpp"

namespace zhnorm {

template <class P>
concept pass = std::copy_constructible<P> && std::is_class_v<typename P::options> &&
               requires(const P& p, document& doc) {
                   { P::name } -> std::convertible_to<std::string_view>;
                   { p.opts } -> std::convertible_to<const typename P::options&>;
                   { p(doc) } -> std::same_as<void>;
               };

} // namespace zhnorm
