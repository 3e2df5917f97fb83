// The embedding example of the README, compiled by both consumer projects.
#include <iostream>
#include <string>

#include <zhnorm/zhnorm.hpp>

int main() {
    const std::string text = "社社区区书书屋屋\n迎迎来来夜夜读读客客\n\n本报讯 （记者 林晓舟） 社区\n书屋夜里也能借书了。\n";
    auto doc = zhnorm::normalize(text);
    for (const auto& b : doc.blocks) std::cout << b.text;
    std::cout << '\n';
}
