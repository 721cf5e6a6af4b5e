// libgnutls is loaded on first use (src/paths/gnutls_engine.cpp): the real binary run
// under the dynamic loader's LD_DEBUG=libs, which names every library it maps. Commands
// that ask GnuTLS nothing never map it; `paths --client gnutls` does, and gives the
// verdict of the real certtool (gnutls-bin) on a PKI made here with the openssl CLI.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <ctime>
#include <string>

#include "support/fixtures.h"

namespace trustready {
namespace {

using nlohmann::json;
using testing::quote;
using testing::run;

/// The real binary with the loader's library trace on (it goes to stderr).
testing::CommandResult traced(const std::string& args) {
  return run("LD_DEBUG=libs " + quote(testing::binary()) + " " + args);
}

bool mentions(const std::string& text, const std::string& what) { return text.find(what) != std::string::npos; }

TEST(GnutlsLoading, VersionAndMigrationsDoNotLoadLibgnutls) {
  for (const std::string args : {"--version", "migrations"}) {
    const auto r = traced(args);
    EXPECT_EQ(r.exit_code, 0) << args << "\n" << r.err;
    // The trace is there (libcrypto is linked, so the loader names it) and has no libgnutls.
    EXPECT_TRUE(mentions(r.err, "libcrypto")) << args << ": no LD_DEBUG trace\n" << r.err;
    EXPECT_FALSE(mentions(r.err, "libgnutls")) << args << " loads libgnutls\n" << r.err;
  }
}

class GnutlsVerdict : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir();
    const std::string ec = " -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes ";
    const std::string ca =
        " -days 3650 -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign";
    for (const std::string name : {"root", "other-root"})
      make("openssl req -x509" + ec + "-keyout " + path(name + ".key") + " -out " + path(name + ".pem") +
           " -subj '/CN=Loading Test " + name + "'" + ca);
    make("openssl req -x509" + ec + "-keyout " + path("leaf.key") + " -out " + path("leaf.pem") +
         " -subj /CN=leaf.test -days 365 -CA " + path("root.pem") + " -CAkey " + path("root.key") +
         " -addext subjectAltName=DNS:leaf.test -addext basicConstraints=critical,CA:FALSE"
         " -addext extendedKeyUsage=serverAuth");
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  void SetUp() override {
    TRUSTREADY_REQUIRE_TOOL("openssl");
    TRUSTREADY_REQUIRE_TOOL("certtool");
    ASSERT_TRUE(made_) << "the openssl CLI could not make the test PKI";
  }

  static std::string path(const std::string& file) { return quote(*dir_ / file); }
  static void make(const std::string& command) {
    const auto r = run(command);
    made_ = made_ && r.exit_code == 0;
    EXPECT_EQ(r.exit_code, 0) << command << "\n" << r.err;
  }
  /// A day inside every certificate's validity: they were all made just now.
  static std::string tomorrow() {
    const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now() + std::chrono::hours(24));
    std::tm utc{};
    gmtime_r(&t, &utc);
    char day[16];
    std::strftime(day, sizeof day, "%Y-%m-%d", &utc);
    return day;
  }
  /// `trustready paths` with only the gnutls engine, traced by the loader.
  static testing::CommandResult gnutls_paths(const std::string& store) {
    return traced("paths " + path("leaf.pem") + " --client gnutls --store " + path(store) + " --at " + tomorrow() +
                  " --no-color --format json");
  }
  /// The real GnuTLS verifier: certtool's exit code and its "Chain verification output".
  static testing::CommandResult certtool_verify(const std::string& store) {
    return run("certtool --verify --load-ca-certificate " + path(store) + " --infile " + path("leaf.pem"));
  }
  static json gnutls_client(const testing::CommandResult& r) {
    const auto j = json::parse(r.out, nullptr, false);
    if (j.is_discarded() || !j.contains("clients") || j.at("clients").size() != 1) return json();
    return j.at("clients").at(0);
  }

  static testing::TempDir* dir_;
  static bool made_;
};
testing::TempDir* GnutlsVerdict::dir_ = nullptr;
bool GnutlsVerdict::made_ = true;

TEST_F(GnutlsVerdict, PathsWithTheGnutlsClientLoadsLibgnutlsAndAgreesWithCerttool) {
  bool accepted_somewhere = false;
  bool rejected_somewhere = false;
  for (const std::string store : {"root.pem", "other-root.pem"}) {
    const auto r = gnutls_paths(store);
    EXPECT_TRUE(mentions(r.err, "libgnutls")) << store << ": libgnutls was not loaded\n" << r.err;
    const json client = gnutls_client(r);
    ASSERT_TRUE(client.is_object()) << store << "\n" << r.out << r.err;
    EXPECT_EQ(client.at("client"), "gnutls");
    const auto certtool = certtool_verify(store);
    const bool certtool_accepts = certtool.exit_code == 0;
    EXPECT_EQ(client.at("accepts").get<bool>(), certtool_accepts) << store << "\n" << certtool.out << client.dump(2);
    EXPECT_EQ(r.exit_code, certtool_accepts ? 0 : 1) << store << "\n" << r.err;
    if (!certtool_accepts) {  // GnuTLS's own words, as certtool prints them
      const auto reason = client.at("reason").get<std::string>();
      EXPECT_FALSE(reason.empty());
      EXPECT_TRUE(mentions(certtool.out, reason)) << "certtool:\n" << certtool.out << "trustready: " << reason;
    }
    (certtool_accepts ? accepted_somewhere : rejected_somewhere) = true;
  }
  // The two stores must tell verdicts apart, or the comparison above proves nothing.
  EXPECT_TRUE(accepted_somewhere && rejected_somewhere) << "certtool gave one verdict for both stores";
}

// With libgnutls unloadable (an empty file bind-mounted over it in a private mount
// namespace, so the loader really fails), the gnutls engine says so and the run goes on.
TEST_F(GnutlsVerdict, UnloadableLibgnutlsIsAReasonNotACrash) {
  TRUSTREADY_REQUIRE_MOUNT_NAMESPACE();
  const std::string hide =
      "n=0; for f in /usr/lib/*/libgnutls.so.* /lib/*/libgnutls.so.* /usr/lib64/libgnutls.so.*; do "
      "if [ -f \"$f\" ] && [ ! -L \"$f\" ]; then mount --bind /dev/null \"$f\" || exit 99; n=$((n+1)); fi; done; "
      "[ $n -gt 0 ] || exit 99; ";
  const auto r = run("unshare --mount sh -c " +
                     quote(hide + "exec " + quote(testing::binary()) + " paths " + path("leaf.pem") +
                           " --client openssl --client gnutls --store " + path("root.pem") + " --at " + tomorrow() +
                           " --no-color --format json"));
  ASSERT_NE(r.exit_code, 99) << "cannot hide libgnutls: " << r.err;
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;  // gnutls rejects, and nothing crashed
  const auto j = json::parse(r.out, nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << r.out << r.err;
  ASSERT_EQ(j.at("clients").size(), 2u);
  EXPECT_EQ(j.at("clients").at(0).at("accepts"), run("openssl verify -no-CApath -no-CAstore -CAfile " +
                                                     path("root.pem") + " " + path("leaf.pem")).exit_code == 0);
  const auto& gnutls = j.at("clients").at(1);
  EXPECT_EQ(gnutls.at("client"), "gnutls");
  EXPECT_FALSE(gnutls.at("accepts").get<bool>());
  EXPECT_EQ(gnutls.at("verdict"), "error");  // design.md: no verdict from a library that could not be asked
  const auto reason = gnutls.at("reason").get<std::string>();
  EXPECT_TRUE(mentions(reason, "cannot load libgnutls.so")) << reason;
  EXPECT_TRUE(mentions(reason, "file too short")) << reason;  // dlerror() on an empty file
  EXPECT_TRUE(mentions(reason, "install libgnutls")) << reason;
  EXPECT_FALSE(mentions(reason, "\n")) << reason;
}

}  // namespace
}  // namespace trustready
