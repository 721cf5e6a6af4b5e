#include "report/escape.h"
namespace trustready::report {
std::string shown(std::string_view bytes) { return std::string(bytes); }
std::string dump_json(nlohmann::json j) { return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n"; }
}
