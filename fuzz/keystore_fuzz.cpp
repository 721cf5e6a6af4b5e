// Fuzz target: a file read as a Java keystore (JKS/JCEKS by our hand-written reader,
// PKCS#12 through OpenSSL), with Java's default password and none.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "cert/keystore.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace trustready;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  if (!cert::looks_like_keystore(bytes)) return 0;
  if (auto ks = cert::parse_keystore(bytes, {"changeit", ""})) (void)ks->java_anchors();
  return 0;
}
