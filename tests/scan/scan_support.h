// Shared by the detector tests: outside tools' answers about a fixture file (where rg
// finds a string, the SPKI pin OkHttp's documented openssl recipe computes) and detect()
// on a file as the walker would call it.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "scan/detect.h"
#include "support/fixtures.h"

namespace trustready::scan::testing_support {

using trustready::testing::quote;
using trustready::testing::read_file;
using trustready::testing::run;

/// stdout of a shell command without its trailing newline; fails the test when it fails.
inline std::string sh(const std::string& command) {
  const auto r = run(command);
  EXPECT_EQ(r.exit_code, 0) << command << "\n" << r.err;
  std::string out = r.out;
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

/// "LINE:COLUMN" of the first occurrence of `text` in `file`, as `rg --column -n -F` says.
inline std::string rg_at(const std::string& file, const std::string& text) {
  return sh("rg --column -n -m1 -F -- " + quote(text) + " " + quote(file) + " | cut -d: -f1,2");
}

/// Every "LINE:COLUMN" of `text` in `file` (rg --column, each match on its own line).
inline std::string rg_all(const std::string& file, const std::string& text) {
  return sh("rg --column -n -o -F -- " + quote(text) + " " + quote(file) + " | cut -d: -f1,2");
}

inline std::string at(const Position& p) { return std::to_string(p.line) + ":" + std::to_string(p.column); }

/// OkHttp's recipe (CertificatePinner's documentation): base64 SHA-256 of the SPKI.
inline std::string spki_pin(const std::string& cert_file) {
  return sh("openssl x509 -in " + quote(cert_file) +
            " -pubkey -noout | openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | base64");
}

/// The same with SHA-1, for OkHttp's sha1/ pins.
inline std::string spki_pin_sha1(const std::string& cert_file) {
  return sh("openssl x509 -in " + quote(cert_file) +
            " -pubkey -noout | openssl pkey -pubin -outform der | openssl dgst -sha1 -binary | base64");
}

/// detect() on the file at `file`, named `path` inside the tree (the file's own path by default).
inline FileFindings detect_file(const std::string& file, const std::string& path = "") {
  return detect(path.empty() ? file : path, read_file(file));
}

}  // namespace trustready::scan::testing_support
