// Hostile and huge input to scan::detect(): a minified JSON line with thousands of
// fingerprints, unclosed OkHttp adds, Android configs nested thousands deep, garbage under
// every name: each finishes (ctest's timeout bounds it: timing assertions do not belong in
// tests; bench/detect_bench.cpp measures), with counts as grep gives them, never a crash.
#include <gtest/gtest.h>

#include <functional>
#include <random>
#include <string>

#include "scan/detect.h"
#include "scan/scan_support.h"

namespace trustready::scan {
namespace {

using namespace testing_support;
using trustready::testing::TempDir;
using trustready::testing::write_file;

TEST(DetectHostile, AMinifiedJsonLineOfThousandsOfFingerprintsIsReadInLinearTime) {
  TempDir dir;
  std::string json = "[";
  std::mt19937 rng(15);
  for (int i = 0; i < 20000; ++i) {
    std::string hex;
    for (int k = 0; k < 64; ++k) hex += "0123456789abcdef"[rng() % 16];
    json += std::string(i ? "," : "") + "{\"host\":\"h" + std::to_string(i) + ".example\",\"certFingerprint\":\"" + hex + "\"}";
  }
  json += "]";
  write_file(dir / "pins.json", json);
  FileFindings f;
  f = detect_file(dir / "pins.json");
  EXPECT_EQ(std::to_string(f.pins.size()), sh("grep -o -E '\"[0-9a-f]{64}\"' " + dir / "pins.json" + " | wc -l"));
}

TEST(DetectHostile, UnclosedOkHttpAddsAndDeepAndroidNestingAreBounded) {
  std::string kt = "val p = \"sha256/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\"\n";
  for (int i = 0; i < 100000; ++i) kt += ".add(\"h\", ";
  FileFindings f;
  f = detect("/x/P.kt", kt);
  EXPECT_EQ(f.pins.size(), 1u);  // the one literal, with no add closing around it

  std::string xml = "<network-security-config>";
  for (int i = 0; i < 5000; ++i) xml += "<domain-config><domain>a.example</domain><pin-set><pin digest=\"SHA-256\">"
                                        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=</pin></pin-set>";
  for (int i = 0; i < 5000; ++i) xml += "</domain-config>";
  xml += "</network-security-config>";
  f = detect("/r/res/xml/n.xml", xml);
  EXPECT_LE(f.pins.size(), 1000u);
  EXPECT_FALSE(f.notes.empty());
}

TEST(DetectHostile, RandomBytesUnderEveryNameAreNeverACrash) {
  std::mt19937 rng(42);
  std::size_t findings = 0;
  for (const std::string path : {"/a.java", "/a.kt", "/res/xml/a.xml", "/AndroidManifest.xml", "/a.m", "/a.swift",
                                 "/Info.plist", "/nginx.conf", "/haproxy.cfg", "/node_modules/aws-sdk/package.json",
                                 "/x.dist-info/METADATA", "/certifi/cacert.pem", "/x.der", "/x.jks", "/aws-java-sdk.jar"}) {
    for (int i = 0; i < 200; ++i) {
      std::string bytes(rng() % 4096, '\0');
      for (auto& c : bytes) c = static_cast<char>(rng());
      if (i % 4 == 0 && bytes.size() > 4) bytes.replace(0, 4, "\xFE\xED\xFE\xED");
      if (i % 4 == 1 && bytes.size() > 4) bytes.replace(0, 4, "\x30\x82\x01\x00");
      if (i % 4 == 2) bytes = "-----BEGIN CERTIFICATE-----\n" + bytes + "\n-----END CERTIFICATE-----\n";
      const auto f = detect(path, bytes);
      findings += f.stores.size() + f.pins.size() + f.sdks.size();
    }
  }
  EXPECT_EQ(findings, 0u);  // random bytes decode to no certificate, pin or version
}

}  // namespace
}  // namespace trustready::scan
