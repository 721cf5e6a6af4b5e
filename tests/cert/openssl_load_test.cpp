// What OpenSSL holds from a CA file, against `openssl verify -CAfile` on the same bytes:
// one damaged block loads nothing, and trust settings (TRUSTED CERTIFICATE blocks, as
// `openssl x509 -addtrust/-addreject` writes them) refuse anchors for TLS servers as
// `openssl verify -purpose sslserver` (the purpose libssl sets for a client) refuses them.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cert/openssl_load.h"
#include "support/fixtures.h"

namespace trustready {
namespace {

using testing::quote;
using testing::read_file;
using testing::run;
using testing::TempDir;
using testing::write_file;

/// A root and a TLS server leaf under it, made by the openssl CLI.
class OpenSslLoad : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string ext = dir_ / "leaf.ext";
    write_file(ext, "subjectAltName=DNS:leaf.test\nextendedKeyUsage=serverAuth\nkeyUsage=digitalSignature\n");
    ASSERT_EQ(run("cd " + quote(dir_.path()) +
                  " && openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout root.key"
                  " -out root.pem -subj /CN=Load-Root -days 7300 -addext basicConstraints=critical,CA:TRUE"
                  " -addext keyUsage=critical,keyCertSign,cRLSign"
                  " && openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout leaf.key -out leaf.csr"
                  " -subj /CN=leaf.test && openssl x509 -req -in leaf.csr -CA root.pem -CAkey root.key"
                  " -CAcreateserial -out leaf.pem -days 3650 -extfile leaf.ext")
                  .exit_code,
              0);
  }
  /// `openssl verify` as a TLS client verifies a server (now: the PKI was made now).
  bool openssl_verifies(const std::string& cafile) const {
    return run("openssl verify -purpose sslserver -CAfile " + quote(cafile) + " " + quote(dir_ / "leaf.pem")).exit_code == 0;
  }
  bool openssl_cannot_load(const std::string& cafile) const {
    const auto r = run("openssl verify -CAfile " + quote(cafile) + " " + quote(dir_ / "leaf.pem"));
    return r.exit_code != 0 && (r.out + r.err).find("Error loading file") != std::string::npos;
  }
  TempDir dir_;
};

TEST_F(OpenSslLoad, EveryTrustSettingRefusesTheRootExactlyWhenOpensslVerifyPurposeSslserverDoes) {
  const std::vector<std::string> settings = {"",
                                             "-trustout",
                                             "-addtrust serverAuth",
                                             "-addtrust anyExtendedKeyUsage",
                                             "-addtrust clientAuth",
                                             "-addreject serverAuth",
                                             "-addreject emailProtection",
                                             "-addreject anyExtendedKeyUsage",
                                             "-addtrust serverAuth -addreject serverAuth",
                                             "-addtrust emailProtection -addtrust serverAuth"};
  int refused = 0, taken = 0;
  for (const auto& s : settings) {
    const std::string file = dir_ / "setting.pem";
    ASSERT_EQ(run("openssl x509 -in " + quote(dir_ / "root.pem") + " " + s + " -out " + quote(file)).exit_code, 0) << s;
    const auto load = cert::openssl_load_file(read_file(file));
    ASSERT_TRUE(load) << s << ": " << load.error();
    ASSERT_EQ(load->certificates.size(), 1u) << s;
    const bool ours = load->rejected.empty();
    EXPECT_EQ(ours, openssl_verifies(file)) << "openssl x509 " << s;
    if (!ours) {
      EXPECT_NE(load->rejected.front().why.find("trust settings"), std::string::npos) << s;
    }
    (ours ? taken : refused)++;
  }
  EXPECT_GE(refused, 3);  // the comparison covers both answers
  EXPECT_GE(taken, 3);
}

TEST_F(OpenSslLoad, OneDamagedBlockLoadsNothingAsOpensslVerifyAndPythonSay) {
  const std::string root = read_file(dir_ / "root.pem");
  const std::string garbage = "-----BEGIN CERTIFICATE-----\nMIIB!!!garbage\n-----END CERTIFICATE-----\n";
  const std::string not_a_certificate = "-----BEGIN CERTIFICATE-----\naGVsbG8gd29ybGQ=\n-----END CERTIFICATE-----\n";
  ASSERT_EQ(run("openssl x509 -in " + quote(dir_ / "root.pem") + " -outform DER -out " + quote(dir_ / "root.der")).exit_code, 0);
  const std::vector<std::pair<std::string, std::string>> files = {
      {"good", root + root},
      {"damaged-in-the-middle", root + garbage + root},
      {"damaged-at-the-end", root + garbage},
      {"base64-of-no-certificate", root + not_a_certificate},
      {"der", read_file(dir_ / "root.der")},
      {"empty", ""},
      {"comments-only", "# no certificates here\n"},
  };
  int failed = 0;
  for (const auto& [name, bytes] : files) {
    const std::string file = dir_ / (name + ".pem");
    write_file(file, bytes);
    const auto load = cert::openssl_load_file(bytes);
    EXPECT_EQ(!load, openssl_cannot_load(file)) << name << (load ? "" : ": " + load.error());
    if (!load) ++failed;
  }
  EXPECT_EQ(failed, 6);
  TRUSTREADY_REQUIRE_TOOL("python3");
  const std::string damaged = dir_ / "damaged-in-the-middle.pem";
  EXPECT_NE(run("python3 -c 'import ssl,sys; ssl.create_default_context(cafile=sys.argv[1])' " + quote(damaged)).exit_code, 0);
  EXPECT_EQ(run("python3 -c 'import ssl,sys; ssl.create_default_context(cafile=sys.argv[1])' " + quote(dir_ / "good.pem")).exit_code, 0);
}

TEST_F(OpenSslLoad, TheReasonIsOpensslsOwn) {
  const auto load = cert::openssl_load_file("-----BEGIN CERTIFICATE-----\nMIIB!!!garbage\n-----END CERTIFICATE-----\n");
  ASSERT_FALSE(load);
  const std::string file = dir_ / "bad.pem";
  write_file(file, "-----BEGIN CERTIFICATE-----\nMIIB!!!garbage\n-----END CERTIFICATE-----\n");
  const auto r = run("openssl verify -CAfile " + quote(file) + " " + quote(dir_ / "leaf.pem"));
  EXPECT_NE((r.out + r.err).find(load.error()), std::string::npos) << load.error() << "\n" << r.err;
}

}  // namespace
}  // namespace trustready
