// What GnuTLS holds from a CA file, against certtool --load-ca-certificate (the same
// gnutls_x509_trust_list_add_trust_file that gnutls-cli, wget and apt use): one damaged
// block loads nothing, and TRUSTED CERTIFICATE blocks are skipped.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cert/certificate.h"
#include "paths/gnutls_engine.h"
#include "support/fixtures.h"

namespace trustready {
namespace {

using testing::quote;
using testing::read_file;
using testing::run;
using testing::TempDir;
using testing::write_file;

class GnutlsLoad : public ::testing::Test {
 protected:
  void SetUp() override {
    TRUSTREADY_REQUIRE_TOOL("certtool");
    for (const char* name : {"one", "two"})
      ASSERT_EQ(run("cd " + quote(dir_.path()) +
                    " && openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout " + name +
                    ".key -out " + name + ".pem -subj /CN=Gnutls-Load-" + name +
                    " -days 7300 -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign")
                    .exit_code,
                0);
  }
  /// certtool's answer to "does GnuTLS load this CA file": it says
  /// "gnutls_x509_trust_add_trust_file: ..." when it does not.
  bool certtool_loads(const std::string& cafile) const {
    const auto r = run("certtool --verify --load-ca-certificate " + quote(cafile) + " --infile " + quote(dir_ / "one.pem"));
    return (r.out + r.err).find("gnutls_x509_trust_add_trust_file") == std::string::npos;
  }
  TempDir dir_;
};

TEST_F(GnutlsLoad, LoadsAFileExactlyWhenCerttoolDoes) {
  const std::string one = read_file(dir_ / "one.pem"), two = read_file(dir_ / "two.pem");
  ASSERT_EQ(run("openssl x509 -in " + quote(dir_ / "one.pem") + " -addtrust serverAuth -out " + quote(dir_ / "one.trusted")).exit_code, 0);
  const std::string trusted = read_file(dir_ / "one.trusted");
  const std::vector<std::pair<std::string, std::string>> files = {
      {"good", one + two},
      {"damaged-in-the-middle", one + "-----BEGIN CERTIFICATE-----\nMIIB!!!garbage\n-----END CERTIFICATE-----\n" + two},
      {"base64-of-no-certificate", one + "-----BEGIN CERTIFICATE-----\naGVsbG8gd29ybGQ=\n-----END CERTIFICATE-----\n"},
      {"trusted-certificate-only", trusted},
      {"trusted-and-plain", trusted + two},
      {"empty", ""},
  };
  int loads = 0;
  for (const auto& [name, bytes] : files) {
    const std::string file = dir_ / (name + ".pem");
    write_file(file, bytes);
    const auto load = paths::load_with_gnutls(bytes);
    ASSERT_FALSE(load.unavailable) << load.error;
    EXPECT_EQ(load.ok, certtool_loads(file)) << name << ": " << load.error;
    if (load.ok) ++loads;
  }
  EXPECT_EQ(loads, 2);
}

// certtool verifies one.pem against a file holding it only as a TRUSTED CERTIFICATE
// beside a plain two.pem: GnuTLS holds two.pem alone, so one.pem is not trusted.
TEST_F(GnutlsLoad, ATrustedCertificateBlockIsNotAmongWhatGnutlsHolds) {
  ASSERT_EQ(run("openssl x509 -in " + quote(dir_ / "one.pem") + " -addtrust serverAuth -out " + quote(dir_ / "one.trusted")).exit_code, 0);
  const std::string file = dir_ / "mixed.pem";
  write_file(file, read_file(dir_ / "one.trusted") + read_file(dir_ / "two.pem"));
  const auto r = run("certtool --verify --load-ca-certificate " + quote(file) + " --infile " + quote(dir_ / "one.pem"));
  EXPECT_NE(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE((r.out + r.err).find("NOT trusted"), std::string::npos) << r.out << r.err;
  // With one.pem as a plain block, certtool trusts it: the block's form alone decides.
  write_file(dir_ / "plain.pem", read_file(dir_ / "one.pem"));
  EXPECT_EQ(run("certtool --verify --load-ca-certificate " + quote(dir_ / "plain.pem") + " --infile " + quote(dir_ / "one.pem")).exit_code, 0);
  const auto load = paths::load_with_gnutls(read_file(file));
  ASSERT_TRUE(load.ok) << load.error;
  ASSERT_EQ(load.der.size(), 1u);
  const auto two = cert::Certificate::from_der(load.der.front());
  ASSERT_TRUE(two);
  EXPECT_EQ(two->sha256().hex(), testing::openssl_fingerprint(dir_ / "two.pem"));
}

}  // namespace
}  // namespace trustready
