// Fuzz target: the escaping policy for bytes from outside (report/escape.h). Checked on
// every input, trapping on failure: shown() is well-formed UTF-8 with no C0 byte or DEL;
// dump_json() output parses and its _bytes hex gives back the input exactly; validity and
// U+FFFD replacement agree with nlohmann's own UTF-8 handling (strict dump throws exactly
// on invalid input; error_handler_t::replace also substitutes per maximal subpart).
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "report/escape.h"

namespace {

using nlohmann::json;

void check(bool property) {
  if (!property) __builtin_trap();
}

std::string from_hex(const std::string& h) {
  std::string out;
  check(h.size() % 2 == 0);
  for (std::size_t i = 0; i < h.size(); i += 2) out += static_cast<char>(std::stoi(h.substr(i, 2), nullptr, 16));
  return out;
}

bool nlohmann_accepts(const std::string& s) {
  try {
    (void)json(s).dump();
    return true;
  } catch (const json::type_error&) {
    return false;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace trustready::report;
  const std::string input(reinterpret_cast<const char*>(data), size);
  const bool valid = is_valid_utf8(input);
  check(valid == nlohmann_accepts(input));
  check(valid == (replaced(input) == input));

  const std::string text = shown(input);
  check(is_valid_utf8(text));
  for (const char c : text) check(static_cast<unsigned char>(c) >= 0x20 && c != 0x7f);

  const json parsed = json::parse(dump_json({{"k", input}, {"a", {input}}}));
  const auto k = parsed.at("k").get<std::string>();
  check(is_valid_utf8(k) && k == replaced(input));
  check(k == json::parse(json(input).dump(-1, ' ', false, json::error_handler_t::replace)).get<std::string>());
  check(parsed.at("a").at(0) == k);
  check(parsed.contains("k_bytes") == !valid && parsed.contains("a_bytes") == !valid);
  if (!valid) {
    check(from_hex(parsed.at("k_bytes").get<std::string>()) == input);
    check(from_hex(parsed.at("a_bytes").at(0).get<std::string>()) == input);
  }
  return 0;
}
