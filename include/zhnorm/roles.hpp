#pragma once
// The role vocabulary of bylines and credits: the words that stand before a person's name.
// One table, shared by line-join (to restore a role-name space lost at a wrap) and by the credits
// pass; users extend it through credits::options::extra_roles.
//
// | role           | where it is seen                                            |
// |----------------|-------------------------------------------------------------|
// | 本报记者       | the paper's own reporter, in credits (`本报记者 彭程 摄`)    |
// | 本报特约记者 … | the same with a rank: 特约 (contributing), 见习 (probation), |
// |                | 实习 (intern), 首席 (chief), 特派 (sent), 摄影 (photo)       |
// | 本报通讯员     | the paper's correspondent                                   |
// | 本报实习生     | the paper's intern                                          |
// | 记者           | a reporter inside a dateline byline (`本报讯（记者 赵思远）`) |
// | 特约记者 …     | ranks without `本报`                                        |
// | 通讯员         | a correspondent (not staff)                                 |
// | 特约通讯员     | a contributing correspondent                                |
// | 实习生         | an intern                                                   |
// | 摄影           | the photographer in a credit (`摄影 王欣`)                   |
//
// Agency and other papers' roles (`新华社记者`, `人民日报记者`, `新华社特约记者`) are recognised
// as `<organisation><role>` by detail::role_set (the organisation ends in 社 报 台 网 视 刊), so
// they need no entry here. Roles are matched longest first, so the order below does not matter.
#include <array>
#include <string_view>

namespace zhnorm {

inline constexpr std::array<std::string_view, 24> default_roles = {
    "本报特约记者", "本报见习记者", "本报实习记者", "本报首席记者", "本报特派记者", "本报摄影记者",
    "本报特约通讯员", "本报通讯员", "本报实习生", "本报记者",
    "特约通讯员", "见习记者", "实习记者", "特约记者", "首席记者", "特派记者", "摄影记者", "驻站记者",
    "融媒体记者", "全媒体记者",
    "通讯员", "实习生", "记者", "摄影",
};

} // namespace zhnorm
