// Certificate files in every shape a trust store holds, and the certificate model,
// against what the openssl CLI says about the same bytes.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "cert/certificate.h"
#include "cert/parse.h"
#include "support/fixtures.h"

namespace trustready {
namespace {

using cert::Certificate;
using cert::parse_certificates;
using cert::to_pem;
using testing::quote;
using testing::read_file;
using testing::real_cert;
using testing::run;
using testing::TempDir;
using testing::write_file;

const std::vector<std::string> kRealCerts = {
    "Amazon_Root_CA_1.pem",  "Amazon_Root_CA_2.pem", "Amazon_Root_CA_3.pem",
    "Amazon_Root_CA_4.pem",  "DST_Root_CA_X3.pem",   "ISRG_Root_X1.pem",
    "ISRG_Root_X2.pem",      "Starfield_Class_2_CA.pem", "Starfield_Services_Root_Certificate_Authority_-_G2.pem",
    "amazon1_x_sfsg2.pem",   "amazon3_x_sfsg2.pem",  "isrgx1_x_dstx3.pem",
    "isrgx2_x_isrgx1.pem",   "sfsg2_x_sfclass2.pem"};

const std::vector<std::string> kRoots = {"Amazon_Root_CA_1.pem", "Amazon_Root_CA_2.pem", "Amazon_Root_CA_3.pem",
                                         "Amazon_Root_CA_4.pem", "DST_Root_CA_X3.pem",   "ISRG_Root_X1.pem",
                                         "ISRG_Root_X2.pem",     "Starfield_Class_2_CA.pem",
                                         "Starfield_Services_Root_Certificate_Authority_-_G2.pem"};

const std::vector<std::string> kCrossCerts = {"amazon1_x_sfsg2.pem", "amazon3_x_sfsg2.pem", "isrgx1_x_dstx3.pem",
                                              "isrgx2_x_isrgx1.pem", "sfsg2_x_sfclass2.pem"};

std::string trim(std::string s) {
  s.erase(s.find_last_not_of(" \r\n") + 1);
  s.erase(0, s.find_first_not_of(" \r\n"));
  return s;
}

/// The value after the first '=' of an `openssl x509 -noout -X` line.
std::string after_equals(const std::string& line) { return trim(line.substr(line.find('=') + 1)); }

/// Runs an openssl command that must succeed and returns its stdout.
std::string openssl(const std::string& args) {
  auto r = run("openssl " + args);
  EXPECT_EQ(r.exit_code, 0) << "openssl " << args << "\n" << r.err;
  return r.out;
}

/// SHA-256 fingerprint of a certificate file, from openssl, as lowercase hex.
std::string openssl_fingerprint(const std::string& file, const std::string& inform = "PEM") {
  std::string hex = testing::openssl_fingerprint(file, inform);
  EXPECT_EQ(hex.size(), 64u) << file;
  return hex;
}

/// Fingerprints of every certificate in a PEM file, in file order: each block is cut out
/// and handed to openssl on its own.
std::vector<std::string> openssl_fingerprints_of_pem(const TempDir& dir, const std::string& pem_text) {
  std::vector<std::string> out;
  const std::string begin = "-----BEGIN CERTIFICATE-----";
  const std::string end = "-----END CERTIFICATE-----";
  std::size_t pos = 0;
  for (int i = 0; i < 100; ++i) {
    const std::size_t b = pem_text.find(begin, pos);
    if (b == std::string::npos) break;
    const std::size_t e = pem_text.find(end, b);
    if (e == std::string::npos) break;
    const std::string file = dir / ("block" + std::to_string(i) + ".pem");
    write_file(file, pem_text.substr(b, e + end.size() - b) + "\n");
    out.push_back(openssl_fingerprint(file));
    pos = e + end.size();
  }
  return out;
}

std::vector<std::string> fingerprints(const cert::ParsedCertificates& parsed) {
  std::vector<std::string> out;
  for (const auto& c : parsed.certificates) out.push_back(c.sha256().hex());
  return out;
}

std::vector<std::string> openssl_fingerprints_of_files(const std::vector<std::string>& files) {
  std::vector<std::string> out;
  for (const auto& f : files) out.push_back(openssl_fingerprint(real_cert(f)));
  return out;
}

std::string pem(const std::string& file) { return read_file(real_cert(file)); }

/// 1-based line number of byte offset `at`.
std::size_t line_of(const std::string& text, std::size_t at) {
  return 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + static_cast<long>(at), '\n'));
}

/// Offset of the n-th (0-based) occurrence of `needle`.
std::size_t nth(const std::string& text, const std::string& needle, int n) {
  std::size_t pos = std::string::npos;
  for (int i = 0; i <= n; ++i) {
    pos = text.find(needle, pos == std::string::npos ? 0 : pos + 1);
    if (pos == std::string::npos) break;
  }
  return pos;
}

std::string joined(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += s + "\n";
  return out;
}

/// The DER of a data/certs certificate, from openssl.
std::string der_of_data_cert(const TempDir& dir, const std::string& file) {
  std::string der = testing::der_of(dir, real_cert(file));
  EXPECT_FALSE(der.empty()) << file;
  return der;
}

/// "notAfter=Jan 17 00:00:00 2038 GMT" as seconds since the epoch.
std::int64_t parse_openssl_date(const std::string& line) {
  static const char* const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::string text = after_equals(line);
  char mon[4] = {};
  int day = 0, h = 0, mi = 0, s = 0, year = 0;
  EXPECT_EQ(std::sscanf(text.c_str(), "%3s %d %d:%d:%d %d GMT", mon, &day, &h, &mi, &s, &year), 6) << line;
  unsigned month = 0;
  for (unsigned i = 0; i < 12; ++i)
    if (std::string(mon) == kMonths[i]) month = i + 1;
  EXPECT_NE(month, 0u) << line;
  const std::chrono::sys_days days{std::chrono::year{year} / std::chrono::month{month} / std::chrono::day{static_cast<unsigned>(day)}};
  return days.time_since_epoch().count() * 86400 + h * 3600 + mi * 60 + s;
}

Certificate only_cert(std::string_view bytes) {
  auto parsed = parse_certificates(bytes);
  EXPECT_TRUE(parsed) << (parsed ? "" : parsed.error());
  if (!parsed) throw std::runtime_error("parse failed");
  EXPECT_EQ(parsed->certificates.size(), 1u);
  EXPECT_TRUE(parsed->problems.empty()) << joined(parsed->problems);
  return parsed->certificates.at(0);
}

// ---------------------------------------------------------------- PEM

TEST(ParsePem, BundleWithJunkBetweenBlocksYieldsEveryCertificateInOrder) {
  TRUSTREADY_REQUIRE_TOOL("openssl");
  const std::vector<std::string> files = {"ISRG_Root_X1.pem", "Amazon_Root_CA_3.pem", "amazon1_x_sfsg2.pem",
                                          "Starfield_Class_2_CA.pem"};
  const std::string text = "Bundle of roots, generated by hand\n" + pem(files[0]) + "\n# Amazon\nsubject=CN = x\n\n" +
                           pem(files[1]) + "some text -----not a marker----- more\n" + pem(files[2]) +
                           "-----END CERTIFICATE-----\n" + pem(files[3]) + "trailing text without newline";
  auto parsed = parse_certificates(text);
  ASSERT_TRUE(parsed) << parsed.error();
  EXPECT_EQ(fingerprints(*parsed), openssl_fingerprints_of_files(files));
  EXPECT_TRUE(parsed->problems.empty()) << joined(parsed->problems);
}

/// Fingerprints of the certificates OpenSSL's PEM reader loads from a file, in order
/// (crl2pkcs7 -certfile reads the file the way X509_load_cert_crl_file does).
std::vector<std::string> openssl_loaded_fingerprints(const TempDir& dir, const std::string& file) {
  const std::string printed = openssl("crl2pkcs7 -nocrl -certfile " + quote(file) + " | openssl pkcs7 -print_certs");
  return openssl_fingerprints_of_pem(dir, printed);
}

/// Writes `text` to a file and checks parse_certificates finds what OpenSSL's PEM reader
/// finds there, in the same order.
void expect_same_certificates_as_openssl(const TempDir& dir, const std::string& text,
                                         const std::vector<std::string>& files_in_text) {
  const std::string file = dir / "bundle.pem";
  write_file(file, text);
  const auto expected = openssl_loaded_fingerprints(dir, file);
  ASSERT_EQ(expected, openssl_fingerprints_of_files(files_in_text)) << "openssl itself does not load them all";
  auto parsed = parse_certificates(text);
  ASSERT_TRUE(parsed) << parsed.error();
  EXPECT_EQ(fingerprints(*parsed), expected) << "problems:\n" << joined(parsed->problems);
}

// OpenSSL takes "-----BEGIN " only at the start of a line that ends in "-----"; any other
// line is text between blocks, whatever it mentions.

TEST(ParsePem, CommentMentioningABeginLineDoesNotSwallowTheNextCertificate) {
  TRUSTREADY_REQUIRE_TOOL("openssl");
  TempDir dir;
  const std::vector<std::string> files = {"Amazon_Root_CA_1.pem", "Amazon_Root_CA_3.pem", "ISRG_Root_X1.pem"};
  expect_same_certificates_as_openssl(
      dir, "# each root below is a -----BEGIN CERTIFICATE----- block\n" + pem(files[0]) + pem(files[1]) + pem(files[2]),
      files);
}

TEST(ParsePem, StrayBeginTextBetweenBlocksDoesNotHideTheCertificatesAfterIt) {
  TRUSTREADY_REQUIRE_TOOL("openssl");
  TempDir dir;
  const std::vector<std::string> files = {"Amazon_Root_CA_1.pem", "Amazon_Root_CA_3.pem", "ISRG_Root_X1.pem"};
  for (const std::string junk : {"see -----BEGIN here\n", "-----BEGIN oops\n"}) {
    SCOPED_TRACE(junk);
    expect_same_certificates_as_openssl(dir, pem(files[0]) + junk + pem(files[1]) + pem(files[2]), files);
    expect_same_certificates_as_openssl(dir, junk + pem(files[0]) + pem(files[1]) + pem(files[2]), files);
  }
}

TEST(ParsePem, CrlfLineEndingsYieldEveryCertificate) {
  TRUSTREADY_REQUIRE_TOOL("openssl");
  const std::vector<std::string> files = {"Amazon_Root_CA_1.pem", "Amazon_Root_CA_4.pem", "ISRG_Root_X2.pem"};
  std::string text;
  for (const auto& f : files) text += pem(f);
  std::string crlf;
  for (char c : text) {
    if (c == '\n') crlf += '\r';
    crlf += c;
  }
  ASSERT_NE(crlf.find("\r\n"), std::string::npos);
  auto parsed = parse_certificates(crlf);
  ASSERT_TRUE(parsed) << parsed.error();
  EXPECT_EQ(fingerprints(*parsed), openssl_fingerprints_of_files(files));
  EXPECT_TRUE(parsed->problems.empty()) << joined(parsed->problems);
}

TEST(ParsePem, TrustedCertificateBlockYieldsTheCertificateWithoutItsTrustSettings) {
  TRUSTREADY_REQUIRE_TOOL("openssl");
  TempDir dir;
  const std::string trusted = openssl("x509 -in " + quote(real_cert("Amazon_Root_CA_1.pem")) +
                                      " -trustout -addtrust serverAuth -addreject emailProtection");
  ASSERT_NE(trusted.find("-----BEGIN TRUSTED CERTIFICATE-----"), std::string::npos) << trusted;
  const std::string text = trusted + pem("Amazon_Root_CA_2.pem");
  auto parsed = parse_certificates(text);
  ASSERT_TRUE(parsed) << parsed.error();
  EXPECT_EQ(fingerprints(*parsed), openssl_fingerprints_of_files({"Amazon_Root_CA_1.pem", "Amazon_Root_CA_2.pem"}));
  EXPECT_TRUE(parsed->problems.empty()) << joined(parsed->problems);
  ASSERT_FALSE(parsed->certificates.empty());
  EXPECT_EQ(parsed->certificates[0].der(), der_of_data_cert(dir, "Amazon_Root_CA_1.pem"));
}

TEST(ParsePem, OldX509CertificateLabelIsACertificate) {
  TRUSTREADY_REQUIRE_TOOL("openssl");
  TempDir dir;
  std::string text = pem("Amazon_Root_CA_1.pem");
  for (const std::string marker : {"BEGIN CERTIFICATE", "END CERTIFICATE"}) {
    const auto at = text.find(marker);
    ASSERT_NE(at, std::string::npos);
    text.replace(at, marker.size(), marker.substr(0, marker.find(' ') + 1) + "X509 CERTIFICATE");
  }
  write_file(dir / "old.pem", text);
  const std::string expected = openssl_fingerprint(dir / "old.pem");  // openssl reads this label too
  EXPECT_EQ(only_cert(text).sha256().hex(), expected);
}

TEST(ParsePem, BlockWithInvalidBase64IsReportedByLineAndTheOthersAreKept) {
  TRUSTREADY_REQUIRE_TOOL("openssl");
  std::string text = "# three roots\n\n" + pem("Amazon_Root_CA_1.pem") + pem("Amazon_Root_CA_2.pem") + "\n" +
                     pem("Amazon_Root_CA_3.pem");
  const std::size_t second = nth(text, "-----BEGIN CERTIFICATE-----", 1);
  ASSERT_NE(second, std::string::npos);
  const std::size_t body_line = text.find('\n', second) + 1;
  text.insert(body_line + 10, "!*");  // not base64
  const std::size_t line = line_of(text, second);

  auto parsed = parse_certificates(text);
  ASSERT_TRUE(parsed) << parsed.error();
  EXPECT_EQ(fingerprints(*parsed), openssl_fingerprints_of_files({"Amazon_Root_CA_1.pem", "Amazon_Root_CA_3.pem"}));
  ASSERT_EQ(parsed->problems.size(), 1u) << joined(parsed->problems);
  EXPECT_NE(parsed->problems[0].find("line " + std::to_string(line)), std::string::npos)
      << parsed->problems[0] << " (expected line " << line << ")";
  EXPECT_NE(parsed->problems[0].find("base64"), std::string::npos) << parsed->problems[0];
}

TEST(ParsePem, BlockWithMissingBase64LinesIsReportedByLineAndTheOthersAreKept) {
  TRUSTREADY_REQUIRE_TOOL("openssl");
  std::string text = pem("ISRG_Root_X1.pem") + "junk\n" + pem("ISRG_Root_X2.pem") + pem("Amazon_Root_CA_4.pem");
  const std::size_t second = nth(text, "-----BEGIN CERTIFICATE-----", 1);
  ASSERT_NE(second, std::string::npos);
  // Drop body lines 3..6 of the second block: still valid base64, but the DER is cut short.
  const std::size_t cut_from = nth(text.substr(second), "\n", 2) + second + 1;
  const std::size_t cut_to = nth(text.substr(second), "\n", 6) + second + 1;
  ASSERT_LT(cut_from, cut_to);
  ASSERT_LT(cut_to, text.find("-----END CERTIFICATE-----", second));
  text.erase(cut_from, cut_to - cut_from);
  const std::size_t line = line_of(text, second);

  auto parsed = parse_certificates(text);
  ASSERT_TRUE(parsed) << parsed.error();
  EXPECT_EQ(fingerprints(*parsed), openssl_fingerprints_of_files({"ISRG_Root_X1.pem", "Amazon_Root_CA_4.pem"}));
  ASSERT_EQ(parsed->problems.size(), 1u) << joined(parsed->problems);
  EXPECT_NE(parsed->problems[0].find("line " + std::to_string(line)), std::string::npos)
      << parsed->problems[0] << " (expected line " << line << ")";
}

TEST(ParsePem, FileCutInsideTheLastBlockKeepsEarlierCertificatesAndNamesTheBlock) {
  TRUSTREADY_REQUIRE_TOOL("openssl");
  const std::string full = pem("Amazon_Root_CA_1.pem") + "\n" + pem("Amazon_Root_CA_3.pem") + pem("ISRG_Root_X1.pem");
  const std::size_t third = nth(full, "-----BEGIN CERTIFICATE-----", 2);
  ASSERT_NE(third, std::string::npos);
  const std::string text = full.substr(0, third + (full.size() - third) / 2);
  const std::size_t line = line_of(text, third);

  auto parsed = parse_certificates(text);
  ASSERT_TRUE(parsed) << parsed.error();
  EXPECT_EQ(fingerprints(*parsed), openssl_fingerprints_of_files({"Amazon_Root_CA_1.pem", "Amazon_Root_CA_3.pem"}));
  ASSERT_EQ(parsed->problems.size(), 1u) << joined(parsed->problems);
  EXPECT_NE(parsed->problems[0].find("line " + std::to_string(line)), std::string::npos)
      << parsed->problems[0] << " (expected line " << line << ")";
  EXPECT_NE(parsed->problems[0].find("END"), std::string::npos) << parsed->problems[0];
}

TEST(ParsePem, OnlyBlockWithoutEndLineIsAnError) {
  std::string text = pem("Amazon_Root_CA_1.pem");
  text.erase(text.find("-----END CERTIFICATE-----"));
  auto parsed = parse_certificates(text);
  ASSERT_FALSE(parsed);
  EXPECT_NE(parsed.error().find("END"), std::string::npos) << parsed.error();
  EXPECT_NE(parsed.error().find("line 1"), std::string::npos) << parsed.error();
}

TEST(ParsePem, EveryPrefixOfAPemFileIsAnErrorUntilTheEndLineIsComplete) {
  const std::string text = pem("Amazon_Root_CA_3.pem");
  const std::string end = "-----END CERTIFICATE-----";
  const std::size_t complete = text.find(end) + end.size();
  ASSERT_LT(text.size(), 4096u);
  std::size_t errors = 0, certs = 0;
  for (std::size_t n = 0; n <= text.size(); ++n) {
    const std::string prefix = text.substr(0, n);
    auto parsed = parse_certificates(prefix);
    if (n < complete) {
      EXPECT_FALSE(parsed) << "prefix of " << n << " bytes accepted";
      errors += parsed ? 0 : 1;
    } else {
      ASSERT_TRUE(parsed) << n << ": " << parsed.error();
      certs += parsed->certificates.size();
    }
  }
  EXPECT_EQ(errors, complete);
  EXPECT_EQ(certs, text.size() + 1 - complete);
}

TEST(ParsePem, PrivateKeyBlocksAreIgnored) {
  TRUSTREADY_REQUIRE_TOOL("openssl");
  TempDir dir;
  openssl("genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out " + quote(dir / "key.pem"));
  openssl("genrsa -traditional -out " + quote(dir / "rsa.pem") + " 1024");
  const std::string key = read_file(dir / "key.pem");
  const std::string rsa = read_file(dir / "rsa.pem");
  ASSERT_NE(key.find("-----BEGIN PRIVATE KEY-----"), std::string::npos) << key;
  ASSERT_NE(rsa.find("-----BEGIN RSA PRIVATE KEY-----"), std::string::npos) << rsa;
  const std::string text = key + pem("Amazon_Root_CA_1.pem") + rsa + pem("Amazon_Root_CA_4.pem");
  auto parsed = parse_certificates(text);
  ASSERT_TRUE(parsed) << parsed.error();
  EXPECT_EQ(fingerprints(*parsed), openssl_fingerprints_of_files({"Amazon_Root_CA_1.pem", "Amazon_Root_CA_4.pem"}));
  EXPECT_TRUE(parsed->problems.empty()) << joined(parsed->problems);
}

TEST(ParsePem, FileWithOnlyAPrivateKeyIsAnError) {
  TRUSTREADY_REQUIRE_TOOL("openssl");
  TempDir dir;
  openssl("genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out " + quote(dir / "key.pem"));
  auto parsed = parse_certificates(read_file(dir / "key.pem"));
  ASSERT_FALSE(parsed);
  EXPECT_NE(parsed.error().find("no certificate"), std::string::npos) << parsed.error();
}

// ---------------------------------------------------------------- PKCS#7

/// Fingerprints of the certificates openssl finds in a PKCS#7 file, in its order.
std::vector<std::string> openssl_pkcs7_fingerprints(const TempDir& dir, const std::string& p7, const std::string& inform) {
  const std::string printed = openssl("pkcs7 -inform " + inform + " -in " + quote(p7) + " -print_certs");
  return openssl_fingerprints_of_pem(dir, printed);
}

TEST(ParsePkcs7, PemPkcs7YieldsEveryCertificate) {
  TRUSTREADY_REQUIRE_TOOL("openssl");
  TempDir dir;
  testing::write_bundle(dir / "bundle.pem", {"Amazon_Root_CA_1.pem", "ISRG_Root_X1.pem", "amazon3_x_sfsg2.pem"});
  openssl("crl2pkcs7 -nocrl -certfile " + quote(dir / "bundle.pem") + " -out " + quote(dir / "p7.pem"));
  const std::string text = read_file(dir / "p7.pem");
  ASSERT_NE(text.find("-----BEGIN PKCS7-----"), std::string::npos);
  const auto expected = openssl_pkcs7_fingerprints(dir, dir / "p7.pem", "PEM");
  ASSERT_EQ(expected.size(), 3u);
  auto parsed = parse_certificates(text);
  ASSERT_TRUE(parsed) << parsed.error();
  EXPECT_EQ(fingerprints(*parsed), expected);
  EXPECT_TRUE(parsed->problems.empty()) << joined(parsed->problems);
}

TEST(ParsePkcs7, DerPkcs7YieldsEveryCertificate) {
  TRUSTREADY_REQUIRE_TOOL("openssl");
  TempDir dir;
  testing::write_bundle(dir / "bundle.pem", {"ISRG_Root_X2.pem", "Starfield_Class_2_CA.pem", "Amazon_Root_CA_4.pem",
                                             "sfsg2_x_sfclass2.pem"});
  openssl("crl2pkcs7 -nocrl -certfile " + quote(dir / "bundle.pem") + " -outform DER -out " + quote(dir / "p7.der"));
  const auto expected = openssl_pkcs7_fingerprints(dir, dir / "p7.der", "DER");
  ASSERT_EQ(expected.size(), 4u);
  auto parsed = parse_certificates(read_file(dir / "p7.der"));
  ASSERT_TRUE(parsed) << parsed.error();
  EXPECT_EQ(fingerprints(*parsed), expected);
  EXPECT_TRUE(parsed->problems.empty()) << joined(parsed->problems);
}

TEST(ParsePkcs7, PemPkcs7BesideCertificateBlocksYieldsThemAll) {
  TRUSTREADY_REQUIRE_TOOL("openssl");
  TempDir dir;
  openssl("crl2pkcs7 -nocrl -certfile " + quote(real_cert("ISRG_Root_X1.pem")) + " -out " + quote(dir / "p7.pem"));
  const std::string text = pem("Amazon_Root_CA_1.pem") + read_file(dir / "p7.pem") + pem("Amazon_Root_CA_2.pem");
  auto parsed = parse_certificates(text);
  ASSERT_TRUE(parsed) << parsed.error();
  EXPECT_EQ(fingerprints(*parsed),
            openssl_fingerprints_of_files({"Amazon_Root_CA_1.pem", "ISRG_Root_X1.pem", "Amazon_Root_CA_2.pem"}));
}

TEST(ParsePkcs7, DerPkcs7WithNoCertificatesIsAnError) {
  TRUSTREADY_REQUIRE_TOOL("openssl");
  TempDir dir;
  openssl("crl2pkcs7 -nocrl -outform DER -out " + quote(dir / "empty.p7b"));
  auto parsed = parse_certificates(read_file(dir / "empty.p7b"));
  EXPECT_FALSE(parsed) << parsed->certificates.size() << " certificates";
}

TEST(ParsePkcs7, PemPkcs7WithNoCertificatesIsAnError) {
  // parse.h: "An error only when nothing usable is there"; the DER form of the same
  // bundle is one (previous test).
  TRUSTREADY_REQUIRE_TOOL("openssl");
  TempDir dir;
  openssl("crl2pkcs7 -nocrl -out " + quote(dir / "empty.p7b"));
  auto parsed = parse_certificates(read_file(dir / "empty.p7b"));
  EXPECT_FALSE(parsed) << parsed->certificates.size() << " certificates, " << parsed->problems.size() << " problems";
}

// ---------------------------------------------------------------- DER and bad input

TEST(ParseDer, SingleDerCertificateYieldsIt) {
  TRUSTREADY_REQUIRE_TOOL("openssl");
  TempDir dir;
  const std::string der = der_of_data_cert(dir, "ISRG_Root_X1.pem");
  const Certificate c = only_cert(der);
  EXPECT_EQ(c.sha256().hex(), openssl_fingerprint(dir / "cert.der", "DER"));
  EXPECT_EQ(c.der(), der);
}

TEST(ParseDer, EveryTruncationOfADerCertificateIsAnErrorNotACrash) {
  TRUSTREADY_REQUIRE_TOOL("openssl");
  TempDir dir;
  for (const auto& file : {"Amazon_Root_CA_1.pem", "Amazon_Root_CA_4.pem"}) {
    SCOPED_TRACE(file);
    const std::string der = der_of_data_cert(dir, file);
    ASSERT_GT(der.size(), 100u);
    ASSERT_LT(der.size(), 4096u);
    std::size_t errors = 0;
    for (std::size_t n = 0; n < der.size(); ++n) {
      const std::string prefix = der.substr(0, n);
      auto parsed = parse_certificates(prefix);
      EXPECT_FALSE(parsed) << "prefix of " << n << " bytes accepted";
      if (!parsed) {
        ++errors;
        EXPECT_FALSE(parsed.error().empty());
      }
    }
    EXPECT_EQ(errors, der.size());
  }
}

TEST(ParseDer, LengthClaimingMoreBytesThanPresentIsAnError) {
  TRUSTREADY_REQUIRE_TOOL("openssl");
  TempDir dir;
  std::string der = der_of_data_cert(dir, "Amazon_Root_CA_1.pem");
  ASSERT_EQ(static_cast<unsigned char>(der[1]), 0x82);
  der[2] = '\x7f';  // 0x7fxx bytes claimed, ~840 present
  auto parsed = parse_certificates(der);
  ASSERT_FALSE(parsed);
  EXPECT_NE(parsed.error().find("truncated"), std::string::npos) << parsed.error();
}

TEST(ParseDer, EmptyInputIsAnEmptyFileError) {
  auto parsed = parse_certificates("");
  ASSERT_FALSE(parsed);
  EXPECT_NE(parsed.error().find("empty file"), std::string::npos) << parsed.error();
}

TEST(ParseDer, GarbageBytesAreAnError) {
  std::string binary;
  for (int i = 0; i < 512; ++i) binary.push_back(static_cast<char>((i * 131 + 17) & 0xff));
  const std::vector<std::string> inputs = {"hello, this is not a certificate\n",
                                           binary,
                                           "0" + binary,  // starts with a SEQUENCE tag
                                           std::string("\x30\x03\x02\x01\x00", 5),
                                           std::string(1, '\x30'),
                                           std::string(1000, '\0'),
                                           "-----BEGIN"};
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    auto parsed = parse_certificates(inputs[i]);
    EXPECT_FALSE(parsed) << "input " << i << " gave " << parsed->certificates.size() << " certificates";
  }
}

// ---------------------------------------------------------------- the certificate model

TEST(ParsedCertificate, Sha256EqualsOpensslFingerprint) {
  TRUSTREADY_REQUIRE_TOOL("openssl");
  for (const auto& f : kRealCerts) EXPECT_EQ(only_cert(pem(f)).sha256().hex(), openssl_fingerprint(real_cert(f))) << f;
}

TEST(ParsedCertificate, SpkiSha256AndPinEqualOpensslPublicKeyDigest) {
  TRUSTREADY_REQUIRE_TOOL("openssl");
  for (const auto& f : kRealCerts) {
    SCOPED_TRACE(f);
    auto r = run("openssl x509 -in " + quote(real_cert(f)) +
                 " -pubkey -noout | openssl pkey -pubin -outform DER | openssl dgst -sha256 -binary | openssl base64 -A");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const std::string b64 = trim(r.out);
    auto hex = run("openssl x509 -in " + quote(real_cert(f)) +
                   " -pubkey -noout | openssl pkey -pubin -outform DER | openssl dgst -sha256 -r");
    ASSERT_EQ(hex.exit_code, 0) << hex.err;
    const Certificate c = only_cert(pem(f));
    EXPECT_EQ(c.spki_sha256().base64(), b64);
    EXPECT_EQ(c.spki_sha256().pin(), "sha256/" + b64);
    EXPECT_EQ(c.spki_sha256().hex(), hex.out.substr(0, 64));
  }
}

TEST(ParsedCertificate, CrossCertificateSharesItsRootsKeyPin) {
  TRUSTREADY_REQUIRE_TOOL("openssl");
  // A cross-certificate certifies the same key as the root it crosses; openssl says so too.
  auto spki = [](const std::string& f) {
    return openssl("x509 -in " + quote(real_cert(f)) + " -pubkey -noout");
  };
  ASSERT_EQ(spki("amazon1_x_sfsg2.pem"), spki("Amazon_Root_CA_1.pem"));
  EXPECT_EQ(only_cert(pem("amazon1_x_sfsg2.pem")).spki_sha256(), only_cert(pem("Amazon_Root_CA_1.pem")).spki_sha256());
  EXPECT_NE(only_cert(pem("amazon1_x_sfsg2.pem")).sha256(), only_cert(pem("Amazon_Root_CA_1.pem")).sha256());
}

TEST(ParsedCertificate, ValidityEqualsOpensslStartdateAndEnddate) {
  TRUSTREADY_REQUIRE_TOOL("openssl");
  for (const auto& f : kRealCerts) {
    SCOPED_TRACE(f);
    const Certificate c = only_cert(pem(f));
    const auto nb = parse_openssl_date(openssl("x509 -in " + quote(real_cert(f)) + " -noout -startdate"));
    const auto na = parse_openssl_date(openssl("x509 -in " + quote(real_cert(f)) + " -noout -enddate"));
    EXPECT_EQ(c.not_before().time_since_epoch().count(), nb);
    EXPECT_EQ(c.not_after().time_since_epoch().count(), na);
    EXPECT_TRUE(c.valid_at(c.not_before()));
    EXPECT_TRUE(c.valid_at(c.not_after()));
    EXPECT_FALSE(c.valid_at(c.not_after() + std::chrono::seconds{1}));
    EXPECT_FALSE(c.valid_at(c.not_before() - std::chrono::seconds{1}));
  }
}

TEST(ParsedCertificate, SubjectAndIssuerEqualOpensslRfc2253) {
  TRUSTREADY_REQUIRE_TOOL("openssl");
  for (const auto& f : kRealCerts) {
    SCOPED_TRACE(f);
    const Certificate c = only_cert(pem(f));
    std::string subject = trim(openssl("x509 -in " + quote(real_cert(f)) + " -noout -subject -nameopt RFC2253"));
    std::string issuer = trim(openssl("x509 -in " + quote(real_cert(f)) + " -noout -issuer -nameopt RFC2253"));
    ASSERT_EQ(subject.rfind("subject=", 0), 0u) << subject;
    ASSERT_EQ(issuer.rfind("issuer=", 0), 0u) << issuer;
    EXPECT_EQ(c.subject(), subject.substr(8));
    EXPECT_EQ(c.issuer(), issuer.substr(7));
  }
}

TEST(ParsedCertificate, DisplayNameIsTheCommonNameElseTheOrganizationalUnit) {
  TRUSTREADY_REQUIRE_TOOL("openssl");
  auto field = [](const std::string& f, const std::string& key) {
    // One RDN per line with -nameopt multiline: "    commonName                = Amazon Root CA 1".
    std::istringstream in(openssl("x509 -in " + quote(real_cert(f)) + " -noout -subject -nameopt multiline,-esc_msb"));
    std::string line, value;
    while (std::getline(in, line))
      if (trim(line).rfind(key + " ", 0) == 0) value = after_equals(line);
    return value;
  };
  const std::string cn = field("Amazon_Root_CA_1.pem", "commonName");
  ASSERT_FALSE(cn.empty());
  EXPECT_EQ(only_cert(pem("Amazon_Root_CA_1.pem")).display_name(), cn);
  const std::string ou = field("Starfield_Class_2_CA.pem", "organizationalUnitName");
  ASSERT_FALSE(ou.empty());
  ASSERT_TRUE(field("Starfield_Class_2_CA.pem", "commonName").empty());
  EXPECT_EQ(only_cert(pem("Starfield_Class_2_CA.pem")).display_name(), ou);
}

struct OpensslKey {
  std::string algorithm;  // "rsaEncryption", "id-ecPublicKey", "ED25519"
  int bits = 0;
  std::string curve;
};

OpensslKey openssl_key(const std::string& file) {
  std::istringstream in(openssl("x509 -in " + quote(file) + " -noout -text"));
  OpensslKey k;
  std::string line;
  while (std::getline(in, line)) {
    const std::string t = trim(line);
    if (t.rfind("Public Key Algorithm:", 0) == 0) k.algorithm = trim(t.substr(21));
    if (t.rfind("Public-Key: (", 0) == 0) k.bits = std::stoi(t.substr(13));
    if (t.rfind("NIST CURVE:", 0) == 0) k.curve = trim(t.substr(11));
  }
  return k;
}

TEST(ParsedCertificate, KeyTypeBitsAndCurveEqualOpensslText) {
  TRUSTREADY_REQUIRE_TOOL("openssl");
  int rsa = 0, ec = 0;
  for (const auto& f : kRealCerts) {
    SCOPED_TRACE(f);
    const OpensslKey expected = openssl_key(real_cert(f));
    const cert::KeyInfo key = only_cert(pem(f)).key();
    if (expected.algorithm == "rsaEncryption") {
      ++rsa;
      EXPECT_EQ(key.type, "RSA");
      EXPECT_TRUE(key.curve.empty()) << key.curve;
    } else {
      ASSERT_EQ(expected.algorithm, "id-ecPublicKey");
      ++ec;
      EXPECT_EQ(key.type, "EC");
      EXPECT_EQ(key.curve, expected.curve);
    }
    EXPECT_EQ(key.bits, expected.bits);
  }
  EXPECT_GT(rsa, 0);
  EXPECT_GT(ec, 0);
}

TEST(ParsedCertificate, AmazonRootCa3IsP256AndRootCa4IsP384) {
  TRUSTREADY_REQUIRE_TOOL("openssl");
  const auto ca3 = openssl_key(real_cert("Amazon_Root_CA_3.pem"));
  const auto ca4 = openssl_key(real_cert("Amazon_Root_CA_4.pem"));
  ASSERT_EQ(ca3.curve, "P-256");
  ASSERT_EQ(ca4.curve, "P-384");
  const auto k3 = only_cert(pem("Amazon_Root_CA_3.pem")).key();
  const auto k4 = only_cert(pem("Amazon_Root_CA_4.pem")).key();
  EXPECT_EQ(k3.type, "EC");
  EXPECT_EQ(k3.bits, 256);
  EXPECT_EQ(k3.curve, "P-256");
  EXPECT_EQ(k4.type, "EC");
  EXPECT_EQ(k4.bits, 384);
  EXPECT_EQ(k4.curve, "P-384");
}

TEST(ParsedCertificate, GeneratedKeysReportTheirTypeAndSize) {
  TRUSTREADY_REQUIRE_TOOL("openssl");
  TempDir dir;
  struct Case {
    std::string newkey;
    std::string type;
  };
  const std::vector<Case> cases = {{"rsa:3072", "RSA"},
                                   {"ec -pkeyopt ec_paramgen_curve:P-521", "EC"},
                                   {"ec -pkeyopt ec_paramgen_curve:P-256", "EC"},
                                   {"ed25519", "Ed25519"}};
  for (std::size_t i = 0; i < cases.size(); ++i) {
    SCOPED_TRACE(cases[i].newkey);
    const std::string cert = dir / ("c" + std::to_string(i) + ".pem");
    openssl("req -x509 -newkey " + cases[i].newkey + " -nodes -subj /CN=gen -days 1 -keyout " +
            quote(dir / ("k" + std::to_string(i))) + " -out " + quote(cert));
    const OpensslKey expected = openssl_key(cert);
    const cert::KeyInfo key = only_cert(read_file(cert)).key();
    EXPECT_EQ(key.type, cases[i].type);
    if (expected.bits) {
      EXPECT_EQ(key.bits, expected.bits);
    }
    EXPECT_EQ(key.curve, expected.curve);
  }
}

TEST(ParsedCertificate, IsCaFollowsBasicConstraints) {
  TRUSTREADY_REQUIRE_TOOL("openssl");
  TempDir dir;
  openssl("req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=leaf -days 1 -addext "
          "basicConstraints=critical,CA:FALSE -keyout " + quote(dir / "k1") + " -out " + quote(dir / "leaf.pem"));
  openssl("req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=v1 -keyout " + quote(dir / "k2") +
          " -out " + quote(dir / "v1.csr"));
  openssl("x509 -req -in " + quote(dir / "v1.csr") + " -signkey " + quote(dir / "k2") + " -days 1 -out " +
          quote(dir / "v1.pem"));
  std::vector<std::string> files;
  for (const auto& f : kRealCerts) files.push_back(real_cert(f));
  files.push_back(dir / "leaf.pem");
  files.push_back(dir / "v1.pem");
  int cas = 0, not_cas = 0;
  for (const auto& f : files) {
    SCOPED_TRACE(f);
    const bool expected = openssl("x509 -in " + quote(f) + " -noout -ext basicConstraints").find("CA:TRUE") != std::string::npos;
    (expected ? cas : not_cas)++;
    EXPECT_EQ(only_cert(read_file(f)).is_ca(), expected);
  }
  EXPECT_EQ(cas, static_cast<int>(kRealCerts.size()));
  EXPECT_EQ(not_cas, 2);
}

/// openssl's view of "self-signed": the issuer is the subject and the signature verifies
/// under the certificate's own key.
bool openssl_self_signed(const std::string& file) {
  const std::string subject = after_equals(openssl("x509 -in " + quote(file) + " -noout -subject -nameopt RFC2253"));
  const std::string issuer = after_equals(openssl("x509 -in " + quote(file) + " -noout -issuer -nameopt RFC2253"));
  if (subject != issuer) return false;
  return run("openssl verify -no_check_time -check_ss_sig -CAfile " + quote(file) + " " + quote(file)).exit_code == 0;
}

TEST(ParsedCertificate, SelfSignedIsTrueForRootsAndFalseForCrossCertificates) {
  TRUSTREADY_REQUIRE_TOOL("openssl");
  for (const auto& f : kRoots) {
    ASSERT_TRUE(openssl_self_signed(real_cert(f))) << f;
    const Certificate c = only_cert(pem(f));
    EXPECT_TRUE(c.self_signed()) << f;
    EXPECT_TRUE(c.self_issued()) << f;
  }
  for (const auto& f : kCrossCerts) {
    ASSERT_FALSE(openssl_self_signed(real_cert(f))) << f;
    const Certificate c = only_cert(pem(f));
    EXPECT_FALSE(c.self_signed()) << f;
    EXPECT_FALSE(c.self_issued()) << f;
  }
}

TEST(ParsedCertificate, SelfIssuedCertificateWithABrokenSignatureIsNotSelfSigned) {
  TRUSTREADY_REQUIRE_TOOL("openssl");
  TempDir dir;
  std::string der = der_of_data_cert(dir, "Amazon_Root_CA_1.pem");
  // Change one digit of notAfter (same length): the DER stays well-formed, the signature breaks.
  const std::string not_after = "380117000000Z";
  const auto at = der.find(not_after);
  ASSERT_NE(at, std::string::npos);
  der.replace(at, not_after.size(), "370117000000Z");
  write_file(dir / "edited.der", der);
  openssl("x509 -inform DER -in " + quote(dir / "edited.der") + " -out " + quote(dir / "edited.pem"));
  ASSERT_FALSE(openssl_self_signed(dir / "edited.pem"));
  const Certificate c = only_cert(der);
  EXPECT_TRUE(c.self_issued());
  EXPECT_FALSE(c.self_signed());
}

TEST(ParsedCertificate, IdenticalDerParsedTwiceSharesIdentityAndOutlivesTheFirst) {
  TRUSTREADY_REQUIRE_TOOL("openssl");
  TempDir dir;
  const std::string der = der_of_data_cert(dir, "Amazon_Root_CA_2.pem");
  const std::string expected_fp = openssl_fingerprint(dir / "cert.der", "DER");
  const std::string expected_subject =
      after_equals(openssl("x509 -inform DER -in " + quote(dir / "cert.der") + " -noout -subject -nameopt RFC2253"));
  std::optional<Certificate> second;
  {
    std::string buffer1 = der;
    std::string buffer2 = der;
    auto first = parse_certificates(buffer1);
    ASSERT_TRUE(first) << first.error();
    auto again = parse_certificates(pem("Amazon_Root_CA_2.pem"));  // same certificate, read as PEM
    ASSERT_TRUE(again) << again.error();
    ASSERT_EQ(first->certificates.size(), 1u);
    ASSERT_EQ(again->certificates.size(), 1u);
    const Certificate& a = first->certificates[0];
    const Certificate& b = again->certificates[0];
    EXPECT_EQ(a.sha256(), b.sha256());
    EXPECT_EQ(a.der().data(), b.der().data()) << "identical DER is not interned";
    EXPECT_EQ(&a.sha256(), &b.sha256());
    EXPECT_EQ(a.subject(), expected_subject);  // decodes once for both
    EXPECT_EQ(a.decoded(), b.decoded());
    second.emplace(b);
    // The input buffers go away; the certificate owns its bytes.
    std::fill(buffer1.begin(), buffer1.end(), '\0');
    std::fill(buffer2.begin(), buffer2.end(), '\0');
  }
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(second->sha256().hex(), expected_fp);
  EXPECT_EQ(second->der(), der);
  EXPECT_EQ(second->subject(), expected_subject);
  EXPECT_NE(second->decoded(), nullptr);
  EXPECT_TRUE(second->self_signed());

  // After every holder is gone, the same DER parses afresh.
  const std::string keep(second->der());
  second.reset();
  const Certificate fresh = only_cert(keep);
  EXPECT_EQ(fresh.sha256().hex(), expected_fp);
  EXPECT_EQ(fresh.subject(), expected_subject);
}

TEST(ParsedCertificate, InternTableKeepsOnlyLiveCertificatesAfterManyDistinctOnes) {
  TRUSTREADY_REQUIRE_TOOL("openssl");
  TempDir dir;
  const std::string der = der_of_data_cert(dir, "Amazon_Root_CA_1.pem");
  // 20,000 distinct certificates: the real one with two serial-number bytes changed
  // (the DER walk does not check signatures), each dropped once made, as a long-lived
  // process reading many hosts' stores would.
  const std::size_t serial = der.find(std::string("\xa0\x03\x02\x01\x02\x02", 6));
  ASSERT_NE(serial, std::string::npos);
  const std::size_t at = serial + 7;  // past the tag, the length and one byte
  const Certificate kept = only_cert(der);
  for (int i = 0; i < 20000; ++i) {
    std::string variant = der;
    variant[at] = static_cast<char>(i & 0xff);
    variant[at + 1] = static_cast<char>((i >> 8) & 0xff);
    auto c = Certificate::from_der(variant);
    ASSERT_TRUE(c) << c.error();
  }
  // Swept every max(1024, live after the last sweep) additions: what remains is the
  // live certificates of this test process, once or twice, plus at most 1,024 dropped.
  EXPECT_LT(cert::interned_entries(), 5000u) << "the 20,000 dropped certificates are still in the intern table";
  // And interning still works for the live one.
  const Certificate again = only_cert(der);
  EXPECT_EQ(again.der().data(), kept.der().data());
}

TEST(ParsedCertificate, ToPemIsAcceptedByOpensslWithTheSameFingerprint) {
  TRUSTREADY_REQUIRE_TOOL("openssl");
  TempDir dir;
  for (const auto& f : kRealCerts) {
    SCOPED_TRACE(f);
    const std::string text = to_pem(only_cert(pem(f)));
    write_file(dir / "out.pem", text);
    auto r = run("openssl x509 -in " + quote(dir / "out.pem") + " -noout");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(openssl_fingerprint(dir / "out.pem"), openssl_fingerprint(real_cert(f)));
    EXPECT_EQ(text.rfind("-----BEGIN CERTIFICATE-----\n", 0), 0u);
    std::istringstream lines(text);
    std::string line;
    int count = 0;
    while (std::getline(lines, line)) {
      EXPECT_LE(line.size(), 64u) << line;  // RFC 7468: at most 64 columns
      ++count;
    }
    EXPECT_GT(count, 3);
  }
}

TEST(ParsedCertificate, ToPemOfATrustedCertificateIsThePlainCertificate) {
  TRUSTREADY_REQUIRE_TOOL("openssl");
  TempDir dir;
  const std::string trusted = openssl("x509 -in " + quote(real_cert("ISRG_Root_X1.pem")) + " -trustout -addtrust serverAuth");
  write_file(dir / "out.pem", to_pem(only_cert(trusted)));
  EXPECT_EQ(openssl("x509 -in " + quote(dir / "out.pem") + " -outform DER"),
            openssl("x509 -in " + quote(real_cert("ISRG_Root_X1.pem")) + " -outform DER"));
}

}  // namespace
}  // namespace trustready
