// Fuzz target: scan::detect() on arbitrary bytes, under a path chosen by the first byte
// (so each detector's gate opens: OkHttp in .java/.kt, Android XML, TrustKit, HPKP
// configurations, SDK metadata, PEM, DER and keystores).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "scan/detect.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace trustready;
  static constexpr std::string_view kPaths[] = {
      "/app/src/main/java/Pins.java", "/app/src/main/kotlin/Pins.kt", "/app/src/main/res/xml/network_security_config.xml",
      "/app/src/main/AndroidManifest.xml", "/ios/AppDelegate.m", "/ios/AppDelegate.swift", "/ios/Info.plist",
      "/etc/nginx/nginx.conf", "/etc/haproxy/haproxy.cfg", "/node_modules/aws-sdk/package.json",
      "/site-packages/botocore-1.0.dist-info/METADATA", "/site-packages/certifi/cacert.pem", "/x.der", "/x.jks"};
  if (size == 0) return 0;
  const std::string_view path = kPaths[data[0] % std::size(kPaths)];
  const std::string_view bytes(reinterpret_cast<const char*>(data + 1), size - 1);
  std::vector<scan::FileFindings> all{scan::detect(path, bytes)};
  std::vector<std::string> notes;
  scan::link_android(all, notes);
  return 0;
}
