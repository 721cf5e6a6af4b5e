// `stores`, `migrations`, --help and --version as a user runs them.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "support/fixtures.h"

namespace trustready {
namespace {

using nlohmann::json;
using testing::quote;
using testing::run;
using testing::TempDir;

std::string tr(const std::string& args) { return quote(testing::binary()) + " " + args; }

/// roots.tsv (outside facts): Debian file name -> sha256.
std::map<std::string, std::string> recorded_sha256() {
  std::map<std::string, std::string> out;
  for (const auto& root : testing::recorded_roots()) out[root.debian_file] = root.sha256;
  return out;
}

TEST(MigrationsCommand, ExportAnchorsWritesTheFiveRecommendedRootsAsCrtFilesOpensslAgreesWith) {
  TempDir dir;
  const auto r = run(tr("migrations aws-ats --export-anchors " + quote(dir / "anchors")));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto recorded = recorded_sha256();
  int count = 0;
  for (const std::string debian_file :
       {"Amazon_Root_CA_1.pem", "Amazon_Root_CA_2.pem", "Amazon_Root_CA_3.pem", "Amazon_Root_CA_4.pem",
        "Starfield_Services_Root_Certificate_Authority_-_G2.pem"}) {
    const std::string crt = dir / ("anchors/" + debian_file.substr(0, debian_file.size() - 4) + ".crt");
    EXPECT_EQ(testing::openssl_fingerprint(crt), recorded.at(debian_file)) << crt;
    ++count;
  }
  EXPECT_EQ(count, 5);
  // Running it again is harmless: same content, nothing rewritten.
  EXPECT_EQ(run(tr("migrations aws-ats --export-anchors " + quote(dir / "anchors"))).exit_code, 0);
}

TEST(MigrationsCommand, ExportRefusesToOverwriteAFileWithOtherContent) {
  TempDir dir;
  testing::write_file(dir / "anchors/Amazon_Root_CA_1.crt", "mine\n");
  const auto r = run(tr("migrations aws-ats --export-anchors " + quote(dir / "anchors")));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("Amazon_Root_CA_1.crt: exists with other content; not overwritten"), std::string::npos) << r.err;
  EXPECT_EQ(testing::read_file(dir / "anchors/Amazon_Root_CA_1.crt"), "mine\n");
}

TEST(MigrationsCommand, ExportToStdoutIsPemOpensslReads) {
  const auto r = run(tr("migrations aws-ats --export-anchors - | openssl storeutl -noout -certs /dev/stdin"));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Total found: 5"), std::string::npos) << r.out;
}

TEST(MigrationsCommand, ListsTheCatalogAndShowsOneInFullWithFingerprintsAndPins) {
  auto r = run(tr("migrations --no-color"));
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("aws-ats"), std::string::npos);
  EXPECT_NE(r.out.find("letsencrypt-isrg"), std::string::npos);
  r = run(tr("migrations aws-ats --no-color"));
  EXPECT_EQ(r.exit_code, 0);
  // roots.tsv: Amazon Root CA 1's fingerprint and SPKI pin.
  EXPECT_NE(r.out.find("8ecde6884f3d87b1125ba31ac3fcb13d7016de7f57cc904fe1cb97c6ae98196e"), std::string::npos);
  EXPECT_NE(r.out.find("sha256/++MBgDH5WGvL9Bcn5Be30cRcL0f5O+NyoXuWtQdX1aI="), std::string::npos);
  EXPECT_NE(r.out.find("https://good.sca1a.amazontrust.com/"), std::string::npos);
  r = run(tr("migrations aws-ats --format json"));
  const json j = json::parse(r.out);
  EXPECT_EQ(j.at("anchors").size(), 6u);
  EXPECT_EQ(j.at("cross_certificates").size(), 3u);
}

TEST(MigrationsCommand, UnknownMigrationIsExitTwoNamingTheKnownOnes) {
  const auto r = run(tr("migrations nope"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "trustready: unknown migration 'nope' (known: aws-ats, letsencrypt-isrg)\n");
}

TEST(StoresCommand, ListsStoresWithKindCountAndConsumers) {
  TempDir dir;
  testing::write_bundle(dir / "etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem",
                        {"ISRG_Root_X1.pem", "Amazon_Root_CA_1.pem"});
  testing::make_dirs(dir / "etc/pki/tls/certs");
  ASSERT_EQ(run("ln -s /etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem " + quote(dir / "etc/pki/tls/certs/ca-bundle.crt"))
                .exit_code,
            0);
  testing::write_file(dir / "etc/os-release", "ID=\"rocky\"\nID_LIKE=\"rhel centos fedora\"\nPRETTY_NAME=\"Rocky Linux 9\"\n");
  const auto r = run(tr("stores --format json --root " + quote(dir.path())));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json j = json::parse(r.out);
  EXPECT_EQ(j.at("distro").at("family"), "rhel");
  ASSERT_EQ(j.at("stores").size(), 1u);  // one file, reached by two paths
  EXPECT_EQ(j.at("stores")[0].at("certificates"), 2);
  EXPECT_EQ(j.at("stores")[0].at("path"), "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem");
  EXPECT_GE(j.at("stores")[0].at("consumers").size(), 2u);
  const auto text = run(tr("stores --no-color --root " + quote(dir.path())));
  EXPECT_NE(text.out.find("Rocky Linux 9"), std::string::npos) << text.out;
}

TEST(Cli, VersionAndHelpForEveryCommand) {
  auto r = run(tr("--version"));
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out.rfind("trustready ", 0), 0u) << r.out;
  for (const std::string cmd : {"check", "stores", "migrations"}) {
    r = run(tr(cmd + " --help"));
    EXPECT_EQ(r.exit_code, 0) << cmd;
    EXPECT_NE(r.out.find("--format"), std::string::npos) << cmd << r.out;
  }
  r = run(tr("check --help"));
  for (const char* option : {"--root", "--at", "--migration", "--horizon", "--store", "--no-color"})
    EXPECT_NE(r.out.find(option), std::string::npos) << option;
  r = run(tr(""));
  EXPECT_EQ(r.exit_code, 2);
}

// Not a terminal (stdout is a pipe here): the verdict line comes without colour codes, and
// it is really there (a crash or an empty output would show no colour either). With
// --no-color's opposite, a terminal, see style.h; here, also with NO_COLOR unset.
TEST(Cli, NoColorWhenStdoutIsNotATerminal) {
  TempDir root;
  testing::write_bundle(root / "etc/ssl/certs/ca-certificates.crt",
                        {"Amazon_Root_CA_1.pem", "Amazon_Root_CA_2.pem", "Amazon_Root_CA_3.pem", "Amazon_Root_CA_4.pem",
                         "Starfield_Services_Root_Certificate_Authority_-_G2.pem", "Starfield_Class_2_CA.pem"});
  const auto r = run("env -u NO_COLOR " + tr("check -q --root " + quote(root.path()) + " --at " + testing::kTestDate));
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(r.out, "ready    every trust store verifies the aws-ats chains\n");
  EXPECT_EQ(r.out.find('\x1b'), std::string::npos) << r.out;
}

}  // namespace
}  // namespace trustready
