#pragma once
// The role vocabulary of bylines and credits: the words that stand before a person's name.
// One table, shared by line-join (to restore a role-name space lost at a wrap) and by the credits
// pass; users extend it through credits::options::extra_roles.
#include <array>
#include <string_view>

namespace zhnorm {

// Longest first where one role ends another (`本报记者` before `记者`), so a scan can take the
// first match. Agency roles such as `新华社记者` are recognised by the credits pass as
// `<organisation>记者`, so they need no entry here.
inline constexpr std::array<std::string_view, 16> default_roles = {
    "本报特约记者", "本报见习记者", "本报实习记者", "本报首席记者", "特约通讯员", "本报通讯员",
    "本报记者", "见习记者", "实习记者", "特约记者", "首席记者", "摄影记者",
    "通讯员", "实习生", "记者", "摄影",
};

} // namespace zhnorm
