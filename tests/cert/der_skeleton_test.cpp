// The hand-written DER walk against OpenSSL's own reading of the same bytes: field
// byte ranges from `openssl asn1parse`, dates from `openssl x509 -startdate/-enddate`,
// the UTCTime century rule from RFC 5280 4.1.2.5.1.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "cert/der_skeleton.h"
#include "support/fixtures.h"

namespace trustready {
namespace {

using cert::read_der_skeleton;
using testing::quote;
using testing::read_file;
using testing::real_cert;
using testing::run;
using testing::TempDir;
using testing::der_of;
using testing::write_file;

const std::vector<std::string> kRealCerts = {
    "Amazon_Root_CA_1.pem",  "Amazon_Root_CA_2.pem", "Amazon_Root_CA_3.pem",
    "Amazon_Root_CA_4.pem",  "DST_Root_CA_X3.pem",   "ISRG_Root_X1.pem",
    "ISRG_Root_X2.pem",      "Starfield_Class_2_CA.pem", "Starfield_Services_Root_Certificate_Authority_-_G2.pem",
    "amazon1_x_sfsg2.pem",   "amazon3_x_sfsg2.pem",  "isrgx1_x_dstx3.pem",
    "isrgx2_x_isrgx1.pem",   "sfsg2_x_sfclass2.pem"};

struct Asn1Item {
  std::size_t offset = 0;
  int depth = 0;
  std::size_t header = 0;
  std::size_t length = 0;
  std::string type;   // "SEQUENCE", "INTEGER", "cont [ 0 ]", "UTCTIME", ...
  std::string value;  // after ':' for primitives
  std::string whole(const std::string& der) const { return der.substr(offset, header + length); }
  std::string contents(const std::string& der) const { return der.substr(offset + header, length); }
};

/// `openssl asn1parse` of a DER file, one item per line.
std::vector<Asn1Item> asn1parse(const std::string& der_file) {
  auto r = run("openssl asn1parse -inform DER -in " + quote(der_file));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  const std::regex line(R"(^\s*(\d+):d=(\d+)\s+hl=(\d+)\s+l=\s*(\d+)\s+(?:cons|prim):\s*([^:]*?)\s*(?::(.*))?$)");
  std::vector<Asn1Item> items;
  std::istringstream in(r.out);
  std::string text;
  while (std::getline(in, text)) {
    std::smatch m;
    if (!std::regex_match(text, m, line)) continue;
    items.push_back({std::stoul(m[1]), std::stoi(m[2]), std::stoul(m[3]), std::stoul(m[4]), m[5], m[6]});
  }
  return items;
}

/// The TBSCertificate's fields in order (depth 2 items before the outer signatureAlgorithm).
struct TbsFields {
  Asn1Item serial, signature, issuer, validity, subject, spki;
  std::vector<Asn1Item> times;  // notBefore, notAfter
};

TbsFields tbs_fields(const std::vector<Asn1Item>& items) {
  TbsFields f;
  std::vector<Asn1Item> top;
  std::size_t tbs_end = 0;
  for (const auto& it : items) {
    if (it.depth == 1 && tbs_end == 0) tbs_end = it.offset + it.header + it.length;
    if (it.depth == 2 && it.offset < tbs_end && it.type != "cont [ 0 ]") top.push_back(it);
  }
  EXPECT_GE(top.size(), 6u);
  if (top.size() < 6) return f;
  f.serial = top[0];
  f.signature = top[1];
  f.issuer = top[2];
  f.validity = top[3];
  f.subject = top[4];
  f.spki = top[5];
  for (const auto& it : items)
    if (it.depth == 3 && it.offset > f.validity.offset && it.offset < f.validity.offset + f.validity.header + f.validity.length)
      f.times.push_back(it);
  return f;
}

/// "notAfter=Jan 17 00:00:00 2038 GMT" (openssl's default date format) as seconds since the epoch.
std::int64_t parse_openssl_date(const std::string& line) {
  static const char* const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::string text = line.substr(line.find('=') + 1);
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

/// openssl's notBefore / notAfter of a certificate file, in seconds since the epoch.
std::int64_t openssl_date(const std::string& file, const std::string& which, const std::string& inform = "PEM") {
  auto r = run("openssl x509 -inform " + inform + " -in " + quote(file) + " -noout " + which);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return parse_openssl_date(r.out);
}

std::int64_t seconds(TimePoint t) { return t.time_since_epoch().count(); }

std::string replace_once(std::string s, const std::string& from, const std::string& to) {
  const auto at = s.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) s.replace(at, from.size(), to);
  return s;
}

TEST(DerSkeleton, FieldRangesEqualTheTlvsOpensslAsn1parseFinds) {
  TRUSTREADY_REQUIRE_TOOL("openssl");
  TempDir dir;
  for (const auto& file : kRealCerts) {
    SCOPED_TRACE(file);
    const std::string der = der_of(dir, real_cert(file));
    ASSERT_FALSE(der.empty());
    const auto items = asn1parse(dir / "cert.der");
    ASSERT_FALSE(items.empty());
    const TbsFields f = tbs_fields(items);
    auto sk = read_der_skeleton(der);
    ASSERT_TRUE(sk) << sk.error();
    EXPECT_EQ(sk->whole, der);
    EXPECT_EQ(sk->whole.size(), items[0].header + items[0].length);
    EXPECT_EQ(f.serial.type, "INTEGER");
    EXPECT_EQ(sk->serial, f.serial.contents(der));
    EXPECT_EQ(sk->issuer, f.issuer.whole(der));
    EXPECT_EQ(sk->subject, f.subject.whole(der));
    EXPECT_EQ(sk->spki, f.spki.whole(der));
  }
}

TEST(DerSkeleton, SerialContentsEqualTheSerialOpensslPrints) {
  TRUSTREADY_REQUIRE_TOOL("openssl");
  TempDir dir;
  for (const auto& file : kRealCerts) {
    SCOPED_TRACE(file);
    const std::string der = der_of(dir, real_cert(file));
    auto sk = read_der_skeleton(der);
    ASSERT_TRUE(sk) << sk.error();
    auto r = run("openssl x509 -in " + quote(real_cert(file)) + " -noout -serial");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    std::string expected = r.out.substr(r.out.find('=') + 1);
    expected.erase(expected.find_last_not_of("\r\n") + 1);
    std::string hex;
    static constexpr char kDigits[] = "0123456789ABCDEF";
    for (unsigned char b : sk->serial) hex += {kDigits[b >> 4], kDigits[b & 15]};
    // A DER INTEGER carries a leading 00 when the top bit is set; openssl prints the value.
    while (hex.size() > expected.size() && hex.rfind("00", 0) == 0) hex.erase(0, 2);
    EXPECT_EQ(hex, expected);
  }
}

TEST(DerSkeleton, SpkiEqualsThePublicKeyDerOpensslExports) {
  TRUSTREADY_REQUIRE_TOOL("openssl");
  TempDir dir;
  for (const auto& file : kRealCerts) {
    SCOPED_TRACE(file);
    const std::string der = der_of(dir, real_cert(file));
    auto sk = read_der_skeleton(der);
    ASSERT_TRUE(sk) << sk.error();
    auto r = run("openssl x509 -in " + quote(real_cert(file)) + " -noout -pubkey | openssl pkey -pubin -outform DER -out " +
                 quote(dir / "spki.der"));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(sk->spki, read_file(dir / "spki.der"));
  }
}

TEST(DerSkeleton, ValidityEqualsOpensslStartdateAndEnddate) {
  TRUSTREADY_REQUIRE_TOOL("openssl");
  TempDir dir;
  for (const auto& file : kRealCerts) {
    SCOPED_TRACE(file);
    auto sk = read_der_skeleton(der_of(dir, real_cert(file)));
    ASSERT_TRUE(sk) << sk.error();
    EXPECT_EQ(seconds(sk->not_before), openssl_date(real_cert(file), "-startdate"));
    EXPECT_EQ(seconds(sk->not_after), openssl_date(real_cert(file), "-enddate"));
  }
}

TEST(DerSkeleton, UtcTimeYear49IsIn2049AndYear50IsIn1950) {
  // RFC 5280 4.1.2.5.1: YY >= 50 is 19YY, YY < 50 is 20YY. Amazon Root CA 1 carries
  // 13-byte UTCTimes; rewriting them keeps every length, so openssl still reads it.
  TRUSTREADY_REQUIRE_TOOL("openssl");
  TempDir dir;
  std::string der = der_of(dir, real_cert("Amazon_Root_CA_1.pem"));
  const auto items = asn1parse(dir / "cert.der");
  const TbsFields f = tbs_fields(items);
  ASSERT_EQ(f.times.size(), 2u);
  ASSERT_EQ(f.times[0].type, "UTCTIME");
  ASSERT_EQ(f.times[1].type, "UTCTIME");
  der = replace_once(der, f.times[0].value, "500101000000Z");
  der = replace_once(der, f.times[1].value, "491231235959Z");
  write_file(dir / "edited.der", der);

  auto sk = read_der_skeleton(der);
  ASSERT_TRUE(sk) << sk.error();
  const std::chrono::sys_days y1950{std::chrono::year{1950} / 1 / 1};
  const std::chrono::sys_days y2049{std::chrono::year{2049} / 12 / 31};
  EXPECT_EQ(seconds(sk->not_before), y1950.time_since_epoch().count() * 86400);
  EXPECT_EQ(seconds(sk->not_after), y2049.time_since_epoch().count() * 86400 + 23 * 3600 + 59 * 60 + 59);
  // And openssl reads the edited certificate the same way.
  EXPECT_EQ(seconds(sk->not_before), openssl_date(dir / "edited.der", "-startdate", "DER"));
  EXPECT_EQ(seconds(sk->not_after), openssl_date(dir / "edited.der", "-enddate", "DER"));
}

TEST(DerSkeleton, GeneralizedTimeAfter2049EqualsOpensslEnddate) {
  TRUSTREADY_REQUIRE_TOOL("openssl");
  TempDir dir;
  // 9500 days from now is past 2049, so RFC 5280 requires a GeneralizedTime notAfter.
  auto r = run("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=far -days 9500 -keyout " +
               quote(dir / "k") + " -outform DER -out " + quote(dir / "far.der"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string der = read_file(dir / "far.der");
  const TbsFields f = tbs_fields(asn1parse(dir / "far.der"));
  ASSERT_EQ(f.times.size(), 2u);
  ASSERT_EQ(f.times[1].type, "GENERALIZEDTIME");
  auto sk = read_der_skeleton(der);
  ASSERT_TRUE(sk) << sk.error();
  EXPECT_EQ(seconds(sk->not_before), openssl_date(dir / "far.der", "-startdate", "DER"));
  EXPECT_EQ(seconds(sk->not_after), openssl_date(dir / "far.der", "-enddate", "DER"));
}

TEST(DerSkeleton, TrailingBytesAreNotPartOfTheCertificate) {
  TRUSTREADY_REQUIRE_TOOL("openssl");
  TempDir dir;
  const std::string der = der_of(dir, real_cert("Amazon_Root_CA_3.pem"));
  const std::string padded = der + std::string("\x05\x00trailing junk", 15);  // outlives the views
  auto sk = read_der_skeleton(padded);
  ASSERT_TRUE(sk) << sk.error();
  EXPECT_EQ(sk->whole, der);
}

TEST(DerSkeleton, TrustedCertificateAuxDataAfterTheCertificateIsSkipped) {
  TRUSTREADY_REQUIRE_TOOL("openssl");
  TempDir dir;
  const std::string der = der_of(dir, real_cert("Amazon_Root_CA_1.pem"));
  // A TRUSTED CERTIFICATE PEM body is the certificate followed by X509_CERT_AUX.
  auto r = run("openssl x509 -in " + quote(real_cert("Amazon_Root_CA_1.pem")) +
               " -trustout -addtrust serverAuth | sed '1d;$d' | openssl base64 -d -out " + quote(dir / "aux.der"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string with_aux = read_file(dir / "aux.der");
  ASSERT_GT(with_aux.size(), der.size());
  auto sk = read_der_skeleton(with_aux);
  ASSERT_TRUE(sk) << sk.error();
  EXPECT_EQ(sk->whole, der);
}

TEST(DerSkeleton, EveryTruncationOfARealCertificateIsAnErrorNotACrash) {
  TRUSTREADY_REQUIRE_TOOL("openssl");
  TempDir dir;
  for (const auto& file : {"Amazon_Root_CA_1.pem", "Amazon_Root_CA_3.pem", "ISRG_Root_X1.pem"}) {
    SCOPED_TRACE(file);
    const std::string der = der_of(dir, real_cert(file));
    ASSERT_GT(der.size(), 100u);
    ASSERT_LT(der.size(), 4096u);
    std::size_t errors = 0;
    for (std::size_t n = 0; n < der.size(); ++n) {
      // A heap copy of exactly n bytes, so reading past the end is a real overrun.
      const std::string prefix = der.substr(0, n);
      auto sk = read_der_skeleton(prefix);
      EXPECT_FALSE(sk) << "prefix of " << n << " bytes accepted";
      if (!sk) {
        ++errors;
        EXPECT_FALSE(sk.error().empty());
      }
    }
    EXPECT_EQ(errors, der.size());
  }
}

TEST(DerSkeleton, TruncationMessageSaysTruncated) {
  TRUSTREADY_REQUIRE_TOOL("openssl");
  TempDir dir;
  const std::string der = der_of(dir, real_cert("Amazon_Root_CA_1.pem"));
  auto sk = read_der_skeleton(der.substr(0, der.size() / 2));
  ASSERT_FALSE(sk);
  EXPECT_NE(sk.error().find("truncated"), std::string::npos) << sk.error();
}

TEST(DerSkeleton, LengthFieldClaimingMoreBytesThanPresentIsAnError) {
  TRUSTREADY_REQUIRE_TOOL("openssl");
  TempDir dir;
  const std::string der = der_of(dir, real_cert("Amazon_Root_CA_1.pem"));
  const auto items = asn1parse(dir / "cert.der");
  ASSERT_EQ(items[0].header, 4u);  // 30 82 hi lo
  ASSERT_EQ(static_cast<unsigned char>(der[1]), 0x82);

  std::string longer = der;  // outer SEQUENCE says 65535 bytes
  longer[2] = '\xff';
  longer[3] = '\xff';
  auto a = read_der_skeleton(longer);
  ASSERT_FALSE(a);
  EXPECT_NE(a.error().find("truncated"), std::string::npos) << a.error();

  // Four length octets claiming ~2 GiB.
  std::string huge = std::string("\x30\x84\x7f\xff\xff\xff", 6) + der.substr(4);
  auto b = read_der_skeleton(huge);
  ASSERT_FALSE(b);
  EXPECT_NE(b.error().find("truncated"), std::string::npos) << b.error();

  // Four length octets of all ones: the largest value a 32-bit length can hold.
  std::string max = std::string("\x30\x84\xff\xff\xff\xff", 6) + der.substr(4);
  EXPECT_FALSE(read_der_skeleton(max));

  // The inner tbsCertificate claims more than the outer SEQUENCE holds.
  const std::size_t tbs = items[1].offset;
  ASSERT_EQ(static_cast<unsigned char>(der[tbs + 1]), 0x82);
  std::string inner = der;
  inner[tbs + 2] = '\x7f';
  auto c = read_der_skeleton(inner);
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().find("truncated"), std::string::npos) << c.error();
}

TEST(DerSkeleton, NonDerLengthFormsAreRejected) {
  TRUSTREADY_REQUIRE_TOOL("openssl");
  TempDir dir;
  const std::string der = der_of(dir, real_cert("Amazon_Root_CA_1.pem"));
  const std::string body = der.substr(4);
  // Indefinite length (BER only).
  EXPECT_FALSE(read_der_skeleton(std::string("\x30\x80", 2) + body + std::string(2, '\0')));
  // Nine length octets.
  EXPECT_FALSE(read_der_skeleton(std::string("\x30\x89", 2) + std::string(8, '\0') + "\x03\x41" + body));
  // Length octets cut off by the end of input.
  EXPECT_FALSE(read_der_skeleton(std::string("\x30\x83\x00", 3)));
  // High-tag-number form.
  EXPECT_FALSE(read_der_skeleton(std::string("\x3f\x81\x01\x00", 4)));
}

TEST(DerSkeleton, OtherDerStructuresAreNotCertificates) {
  TRUSTREADY_REQUIRE_TOOL("openssl");
  TempDir dir;
  auto key = run("openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -outform DER -out " + quote(dir / "key.der"));
  ASSERT_EQ(key.exit_code, 0) << key.err;
  auto p7 = run("openssl crl2pkcs7 -nocrl -certfile " + quote(real_cert("Amazon_Root_CA_1.pem")) + " -outform DER -out " +
                quote(dir / "p7.der"));
  ASSERT_EQ(p7.exit_code, 0) << p7.err;
  auto pub = run("openssl x509 -in " + quote(real_cert("Amazon_Root_CA_1.pem")) +
                 " -noout -pubkey | openssl pkey -pubin -outform DER -out " + quote(dir / "pub.der"));
  ASSERT_EQ(pub.exit_code, 0) << pub.err;
  for (const auto& f : {"key.der", "p7.der", "pub.der"}) {
    const std::string bytes = read_file(dir / f);
    ASSERT_FALSE(bytes.empty()) << f;
    auto sk = read_der_skeleton(bytes);
    EXPECT_FALSE(sk) << f << " read as a certificate";
  }
  EXPECT_FALSE(read_der_skeleton(""));
  EXPECT_FALSE(read_der_skeleton(std::string("\x30\x00", 2)));
  EXPECT_FALSE(read_der_skeleton(std::string("\x02\x01\x00", 3)));
}

}  // namespace
}  // namespace trustready
