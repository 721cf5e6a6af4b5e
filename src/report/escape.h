// STUB until output-escape lands.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
namespace trustready::report {
std::string shown(std::string_view bytes);
std::string dump_json(nlohmann::json j);
}
