// Fuzz target: a hostile chain. The certificates in the input are split into a leaf,
// presented certificates and a store (every third one trusted), and every path between
// them is built and checked: loops, self-issued certificates, duplicates and limits.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "cert/parse.h"
#include "paths/path_builder.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace trustready;
  cert::forget_decoded_pem();  // each input on its own: a crash must reproduce from its input alone
  auto parsed = cert::parse_certificates(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!parsed || parsed->certificates.empty()) return 0;
  paths::PathInput in;
  in.leaf = parsed->certificates.front();
  for (std::size_t i = 1; i < parsed->certificates.size(); ++i)
    (i % 3 == 0 ? in.anchors : in.presented).push_back(parsed->certificates[i]);
  in.at = TimePoint{std::chrono::seconds{1796083200}};  // 2026-12-01
  in.host = "localhost";
  (void)paths::build_paths(in);
  return 0;
}
