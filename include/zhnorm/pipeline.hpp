#pragma once
// pipeline<Ps...>: passes run in order by a fold expression, no virtual calls. Compose with `|`.
#include <array>
#include <cstddef>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>

#include "zhnorm/document.hpp"
#include "zhnorm/load.hpp"
#include "zhnorm/pass.hpp"

namespace zhnorm {

template <pass... Ps>
class pipeline {
public:
    static constexpr std::size_t size = sizeof...(Ps);

    constexpr pipeline() = default;
    constexpr explicit pipeline(Ps... ps) : passes_(std::move(ps)...) {}

    // The pass names, in the order they run.
    [[nodiscard]] static constexpr std::array<std::string_view, size> names() noexcept { return {Ps::name...}; }

    // Each pass and its options, by type or by position.
    template <class P>
    [[nodiscard]] constexpr P& get() noexcept { return std::get<P>(passes_); }
    template <class P>
    [[nodiscard]] constexpr const P& get() const noexcept { return std::get<P>(passes_); }
    template <std::size_t I>
    [[nodiscard]] constexpr auto& get() noexcept { return std::get<I>(passes_); }
    template <class P>
    [[nodiscard]] constexpr typename P::options& options() noexcept { return get<P>().opts; }

    // Switches a pass on or off by name at run time; false if no pass has that name.
    constexpr bool enable(std::string_view name, bool on = true) noexcept {
        const auto n = names();
        for (std::size_t i = 0; i < size; ++i)
            if (n[i] == name) { enabled_[i] = on; return true; }
        return false;
    }
    [[nodiscard]] constexpr bool enabled(std::string_view name) const noexcept {
        const auto n = names();
        for (std::size_t i = 0; i < size; ++i)
            if (n[i] == name) return enabled_[i];
        return false;
    }

    // Calls f(pass) for every pass, in order (for listing options, for instance).
    template <class F>
    constexpr void for_each(F&& f) {
        std::apply([&](auto&... p) { (f(p), ...); }, passes_);
    }
    template <class F>
    constexpr void for_each(F&& f) const {
        std::apply([&](const auto&... p) { (f(p), ...); }, passes_);
    }

    void operator()(document& doc) const {
        run(doc, std::index_sequence_for<Ps...>{});
        doc.materialize_blocks();
    }

    [[nodiscard]] document operator()(std::string_view text, const load_options& lo = {}) const {
        document doc = load(text, lo);
        (*this)(doc);
        return doc;
    }

    // The same into `into`, cleared first: a job cleaning many texts with one document reuses
    // its memory (see document::clear).
    void operator()(std::string_view text, document& into, const load_options& lo = {}) const {
        load(text, into, lo);
        (*this)(into);
    }

    template <pass Q>
    [[nodiscard]] friend constexpr pipeline<Ps..., Q> operator|(const pipeline& p, Q q) {
        return p.append(std::move(q), std::index_sequence_for<Ps...>{});
    }

private:
    template <pass...>
    friend class pipeline;

    template <std::size_t... I>
    void run(document& doc, std::index_sequence<I...>) const {
        ((enabled_[I] ? std::get<I>(passes_)(doc) : void()), ...);
    }

    template <pass Q, std::size_t... I>
    constexpr pipeline<Ps..., Q> append(Q q, std::index_sequence<I...>) const {
        pipeline<Ps..., Q> out(std::get<I>(passes_)..., std::move(q));
        for (std::size_t i = 0; i < size; ++i) out.enabled_[i] = enabled_[i];
        return out;
    }

    std::tuple<Ps...> passes_;
    std::array<bool, size> enabled_ = make_enabled();

    static constexpr std::array<bool, size> make_enabled() noexcept {
        std::array<bool, size> a{};
        a.fill(true);
        return a;
    }
};

// Two passes make a pipeline.
template <pass A, pass B>
[[nodiscard]] constexpr pipeline<A, B> operator|(A a, B b) {
    return pipeline<A, B>(std::move(a), std::move(b));
}

} // namespace zhnorm
