// Fuzz target: the Android XML reader (pugixml) directly, as a network security config
// or, when the first byte is odd, as an AndroidManifest.xml.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "scan/detectors.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace trustready;
  if (size == 0) return 0;
  const std::string_view path = data[0] % 2 ? "/app/src/main/AndroidManifest.xml" : "/app/src/main/res/xml/nsc.xml";
  const std::string_view bytes(reinterpret_cast<const char*>(data + 1), size - 1);
  scan::FileFindings out;
  out.path = std::string(path);
  scan::detect_android(scan::path_info(path), bytes, out);
  return 0;
}
