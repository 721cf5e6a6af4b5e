// SHA-256 values and base64 against outside references: the openssl CLI for digests,
// RFC 4648 section 10 for base64.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include "cert/digest.h"
#include "support/fixtures.h"

namespace trustready {
namespace {

using cert::base64_decode;
using cert::base64_encode;
using cert::Sha256;
using testing::quote;
using testing::run;
using testing::TempDir;
using testing::write_file;

/// Lowercase hex SHA-256 of a file, from `openssl dgst`.
std::string openssl_sha256_hex(const std::string& file) {
  auto r = run("openssl dgst -sha256 -r " + quote(file));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return r.out.substr(0, r.out.find(' '));
}

/// Standard base64 of the SHA-256 of a file, from `openssl dgst -binary | base64`.
std::string openssl_sha256_base64(const std::string& file) {
  auto r = run("openssl dgst -sha256 -binary " + quote(file) + " | openssl base64 -A");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::string out = r.out;
  out.erase(std::remove(out.begin(), out.end(), '\n'), out.end());
  return out;
}

std::string upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return s;
}

std::string with_colons(const std::string& hex) {
  std::string out;
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    if (i) out += ':';
    out += hex.substr(i, 2);
  }
  return out;
}

// --- Sha256 ---

TEST(Digest, Sha256OfDataEqualsOpensslDgst) {
  TRUSTREADY_REQUIRE_TOOL("openssl");
  TempDir dir;
  const std::vector<std::string> inputs = {"", "abc", std::string("\0\x01\xff binary", 10), std::string(100000, 'x')};
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const std::string file = dir / ("in" + std::to_string(i));
    write_file(file, inputs[i]);
    EXPECT_EQ(Sha256::of(inputs[i]).hex(), openssl_sha256_hex(file)) << "input " << i;
  }
}

TEST(Digest, Sha256Base64AndPinEqualOpensslBinaryDigestInBase64) {
  TRUSTREADY_REQUIRE_TOOL("openssl");
  TempDir dir;
  const std::string data = "trustready pin input";
  write_file(dir / "in", data);
  const std::string expected = openssl_sha256_base64(dir / "in");
  ASSERT_EQ(expected.size(), 44u);
  EXPECT_EQ(Sha256::of(data).base64(), expected);
  EXPECT_EQ(Sha256::of(data).pin(), "sha256/" + expected);
}

TEST(Digest, HexIsLowercaseWithoutSeparators) {
  const std::string hex = Sha256::of("abc").hex();
  ASSERT_EQ(hex.size(), 64u);
  EXPECT_TRUE(std::all_of(hex.begin(), hex.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }))
      << hex;
}

TEST(Digest, FromHexAcceptsLowerUpperAndColonSeparatedForms) {
  TRUSTREADY_REQUIRE_TOOL("openssl");
  TempDir dir;
  write_file(dir / "in", "abc");
  const std::string lower = openssl_sha256_hex(dir / "in");
  ASSERT_EQ(lower.size(), 64u);
  const Sha256 expected = Sha256::of("abc");
  for (const std::string& form : {lower, upper(lower), with_colons(lower), with_colons(upper(lower))}) {
    auto d = Sha256::from_hex(form);
    ASSERT_TRUE(d.has_value()) << form;
    EXPECT_EQ(*d, expected) << form;
    EXPECT_EQ(d->hex(), lower) << form;
  }
}

TEST(Digest, FromHexAcceptsTheFingerprintOpensslPrints) {
  TRUSTREADY_REQUIRE_TOOL("openssl");
  const std::string cert = testing::real_cert("Amazon_Root_CA_1.pem");
  auto r = run("openssl x509 -in " + quote(cert) + " -noout -fingerprint -sha256");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string printed = r.out.substr(r.out.find('=') + 1);
  printed.erase(std::remove(printed.begin(), printed.end(), '\n'), printed.end());
  auto der = run("openssl x509 -in " + quote(cert) + " -outform DER | openssl dgst -sha256 -r");
  ASSERT_EQ(der.exit_code, 0) << der.err;
  auto d = Sha256::from_hex(printed);
  ASSERT_TRUE(d.has_value()) << printed;
  EXPECT_EQ(d->hex(), der.out.substr(0, 64));
}

TEST(Digest, FromHexRejectsWrongLengthsAndNonHexDigits) {
  const std::string good(64, 'a');
  ASSERT_TRUE(Sha256::from_hex(good).has_value());
  EXPECT_FALSE(Sha256::from_hex("").has_value());
  EXPECT_FALSE(Sha256::from_hex(std::string(62, 'a')).has_value());
  EXPECT_FALSE(Sha256::from_hex(std::string(63, 'a')).has_value());
  EXPECT_FALSE(Sha256::from_hex(std::string(65, 'a')).has_value());
  EXPECT_FALSE(Sha256::from_hex(std::string(66, 'a')).has_value());
  EXPECT_FALSE(Sha256::from_hex(std::string(128, 'a')).has_value());
  EXPECT_FALSE(Sha256::from_hex(std::string(63, 'a') + "g").has_value());
  EXPECT_FALSE(Sha256::from_hex(std::string(63, 'a') + "G").has_value());
  EXPECT_FALSE(Sha256::from_hex(" " + good).has_value());
  EXPECT_FALSE(Sha256::from_hex(good + "\n").has_value());
  EXPECT_FALSE(Sha256::from_hex("0x" + std::string(62, 'a')).has_value());
  EXPECT_FALSE(Sha256::from_hex(std::string(32, 'a') + "-" + std::string(32, 'a')).has_value());
}

TEST(Digest, DigestsOrderAndCompareByValue) {
  const Sha256 a = Sha256::of("a");
  const Sha256 b = Sha256::of("b");
  EXPECT_EQ(a, Sha256::of("a"));
  EXPECT_NE(a, b);
  EXPECT_TRUE((a < b) != (b < a));
  EXPECT_EQ(cert::Sha256Hash{}(a), cert::Sha256Hash{}(Sha256::of("a")));
}

// --- base64, RFC 4648 section 10 test vectors ---

struct Vector {
  const char* plain;
  const char* encoded;
};
constexpr Vector kRfc4648[] = {{"", ""},         {"f", "Zg=="},         {"fo", "Zm8="},    {"foo", "Zm9v"},
                               {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"}};

TEST(Digest, Base64EncodeMatchesRfc4648TestVectors) {
  for (const auto& v : kRfc4648) EXPECT_EQ(base64_encode(v.plain), v.encoded) << '"' << v.plain << '"';
}

TEST(Digest, Base64DecodeMatchesRfc4648TestVectors) {
  for (const auto& v : kRfc4648) {
    auto d = base64_decode(v.encoded);
    ASSERT_TRUE(d.has_value()) << v.encoded;
    EXPECT_EQ(*d, v.plain) << v.encoded;
  }
}

TEST(Digest, Base64RoundTripsEveryByteValueAndAgreesWithOpenssl) {
  TRUSTREADY_REQUIRE_TOOL("openssl");
  std::string all;
  for (int i = 0; i < 256; ++i) all.push_back(static_cast<char>(i));
  TempDir dir;
  write_file(dir / "bytes", all);
  auto r = run("openssl base64 -A -in " + quote(dir / "bytes"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string expected = r.out;
  expected.erase(std::remove(expected.begin(), expected.end(), '\n'), expected.end());
  EXPECT_EQ(base64_encode(all), expected);
  auto back = base64_decode(expected);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(*back, all);
}

TEST(Digest, Base64DecodeSkipsWhitespaceAndLineBreaks) {
  const std::vector<std::string> spaced = {"Zm9v\nYmFy",     "Zm9v\r\nYmFy\r\n", " Zm9vYmFy ", "Z m 9 v Y m F y",
                                           "\tZm9v\tYmFy\n", "Zm\n9v\nYm\nFy\n", "\n\n\nZm9vYmFy"};
  for (const auto& s : spaced) {
    auto d = base64_decode(s);
    ASSERT_TRUE(d.has_value()) << '"' << s << '"';
    EXPECT_EQ(*d, "foobar") << '"' << s << '"';
  }
  auto padded = base64_decode("Zm9v\nYg==\n");
  ASSERT_TRUE(padded.has_value());
  EXPECT_EQ(*padded, "foob");
}

TEST(Digest, Base64DecodeSkipsTheLineBreaksOpensslWritesEvery64Columns) {
  TRUSTREADY_REQUIRE_TOOL("openssl");
  TempDir dir;
  std::string data;
  for (int i = 0; i < 1000; ++i) data.push_back(static_cast<char>((i * 7 + 3) & 0xff));
  write_file(dir / "data", data);
  auto r = run("openssl base64 -in " + quote(dir / "data"));  // 64-column lines
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_NE(r.out.find('\n'), r.out.size() - 1) << "expected several lines";
  auto d = base64_decode(r.out);
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(*d, data);
}

TEST(Digest, Base64DecodeRejectsCharactersOutsideTheAlphabet) {
  const std::vector<std::string> bad_inputs = {"Zm9v!",    "Zm9v-YmFy", "Zm9v_YmFy", "Zm9v.", "Zm9\x80v",
                                               std::string("Zm9v\0YmFy", 9), "Zm9vYmF*", "@@@@"};
  for (const auto& bad : bad_inputs) {
    EXPECT_FALSE(base64_decode(bad).has_value()) << '"' << bad << '"';
  }
}

TEST(Digest, Base64DecodeRejectsDataAfterPadding) {
  EXPECT_FALSE(base64_decode("Zg==Zg==").has_value());
  EXPECT_FALSE(base64_decode("Zm=9v").has_value());
  EXPECT_FALSE(base64_decode("Zg===").has_value());
}

}  // namespace
}  // namespace trustready
