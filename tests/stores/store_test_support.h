// Helpers shared by the store tests: expected values from the openssl CLI, trees built
// with the real `openssl rehash`, and readable failure messages.
#pragma once

#include <gtest/gtest.h>

#include <cctype>
#include <filesystem>
#include <ostream>
#include <set>
#include <string>
#include <vector>

#include "stores/store.h"
#include "support/fixtures.h"

namespace trustready::store_test {

using testing::make_dirs;
using testing::quote;
using testing::real_cert;
using testing::run;
using testing::write_file;

inline const std::string kAmazon1 = "Amazon_Root_CA_1.pem";
inline const std::string kStarfield = "Starfield_Services_Root_Certificate_Authority_-_G2.pem";
inline const std::string kIsrgX1 = "ISRG_Root_X1.pem";
inline const std::string kIsrgX2 = "ISRG_Root_X2.pem";

inline bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

inline std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

inline std::string joined(const std::vector<stores::Problem>& problems) { return joined(stores::messages(problems)); }

inline bool contains(const stores::Problem& p, const std::string& needle) { return contains(p.message, needle); }

/// True when one problem mentions every needle.
inline bool any_problem_mentions(const stores::Store& s, const std::vector<std::string>& needles) {
  for (const auto& p : s.problems) {
    bool all = true;
    for (const auto& n : needles) all = all && contains(p, n);
    if (all) return true;
  }
  return false;
}

/// SHA-256 fingerprint of a PEM certificate file, from the openssl CLI, as lowercase hex.
inline std::string openssl_sha256(const std::string& file) {
  std::string hex = testing::openssl_fingerprint(file);
  EXPECT_EQ(hex.size(), 64u) << file;
  return hex;
}

/// Number of PEM certificate blocks in a file, counted by grep.
inline std::size_t pem_blocks(const std::string& file) {
  const auto r = run("grep -c 'BEGIN CERTIFICATE' " + quote(file));
  return static_cast<std::size_t>(std::stoul(r.out.empty() ? "0" : r.out));
}

inline std::multiset<std::string> fingerprints(const stores::Store& s) {
  std::multiset<std::string> out;
  for (const auto& c : s.certificates) out.insert(c.sha256().hex());
  return out;
}

inline std::multiset<std::string> openssl_fingerprints(const std::vector<std::string>& data_certs) {
  std::multiset<std::string> out;
  for (const auto& f : data_certs) out.insert(openssl_sha256(real_cert(f)));
  return out;
}

inline void symlink(const std::string& target, const std::string& link) {
  make_dirs(std::filesystem::path(link).parent_path().string());
  std::filesystem::create_symlink(target, link);
}

/// Copies data/certs files into `dir` and runs the real `openssl rehash` there.
inline void rehashed_dir(const std::string& dir, const std::vector<std::string>& data_certs) {
  make_dirs(dir);
  for (const auto& f : data_certs) write_file(dir + "/" + f, testing::read_file(real_cert(f)));
  const auto r = run("openssl rehash " + quote(dir));
  ASSERT_EQ(r.exit_code, 0) << r.err;
}

}  // namespace trustready::store_test

namespace trustready::stores {

/// gtest prints a problem with its code.
inline std::ostream& operator<<(std::ostream& os, const Problem& p) { return os << to_string(p.code) << ": " << p.message; }
inline std::ostream& operator<<(std::ostream& os, const StoreRef& r) { return os << "StoreRef(" << to_string(r) << ")"; }

}  // namespace trustready::stores
