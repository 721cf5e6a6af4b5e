// The embedded catalog against facts recorded outside the code: roots.tsv (computed
// with the openssl CLI from Debian's ca-certificates) and the cross-certificate table.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>

#include "catalog/catalog.h"
#include "support/fixtures.h"

namespace trustready {
namespace {

using testing::read_file;
using testing::source_dir;

/// name -> facts, from tests/data/roots.tsv.
std::map<std::string, testing::RecordedRoot> recorded_roots() {
  std::map<std::string, testing::RecordedRoot> out;
  for (auto& root : testing::recorded_roots()) out[root.name] = root;
  return out;
}

/// file -> sha256, from the table in tests/data/cross-certs.md.
std::map<std::string, std::string> recorded_cross_certs() {
  std::map<std::string, std::string> out;
  const std::string text = read_file(source_dir() + "/tests/data/cross-certs.md");
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {  // | file | subject <- issuer | sha256 | valid until |
    if (!line.starts_with("|")) continue;
    std::vector<std::string> cells;
    std::stringstream row(line.substr(1));
    std::string cell;
    while (std::getline(row, cell, '|')) {
      const auto first = cell.find_first_not_of(' '), last = cell.find_last_not_of(' ');
      cells.push_back(first == std::string::npos ? "" : cell.substr(first, last - first + 1));
    }
    if (cells.size() >= 3 && cells[0].ends_with(".pem") && cells[2].size() == 64) out[cells[0]] = cells[2];
  }
  return out;
}

/// roots.tsv names Starfield Services by its full name; the catalog by a shorter one.
std::string tsv_name(const std::string& catalog_name) {
  if (catalog_name == "Starfield Services Root CA G2") return "Starfield Services Root Certificate Authority - G2";
  return catalog_name;
}

TEST(Catalog, EmbedsAwsAtsAndLetsEncrypt) {
  auto catalog = catalog::Catalog::embedded();
  ASSERT_TRUE(catalog) << catalog.error();
  ASSERT_NE(catalog->find("aws-ats"), nullptr);
  ASSERT_NE(catalog->find("letsencrypt-isrg"), nullptr);
  EXPECT_EQ(catalog->find("nope"), nullptr);
}

TEST(Catalog, EveryEmbeddedAnchorMatchesTheRecordedFingerprintPinSubjectAndExpiry) {
  auto catalog = catalog::Catalog::embedded();
  ASSERT_TRUE(catalog) << catalog.error();
  const auto roots = recorded_roots();
  const auto crosses = recorded_cross_certs();
  int checked = 0;
  for (const auto& m : catalog->migrations()) {
    for (const auto& a : m.anchors) {
      auto it = roots.find(tsv_name(a.name));
      if (it == roots.end()) {
        // Retired roots are not in Debian's bundle; the cross-certificate table has them.
        auto x = crosses.find(a.file);
        ASSERT_NE(x, crosses.end()) << a.name << " is in neither roots.tsv nor the cross-certificate table";
        EXPECT_EQ(a.certificate.sha256().hex(), x->second) << a.name;
        ++checked;
        continue;
      }
      EXPECT_EQ(a.certificate.sha256().hex(), it->second.sha256) << a.name;
      EXPECT_EQ(a.certificate.spki_sha256().pin(), it->second.pin) << a.name;
      EXPECT_EQ(a.certificate.subject(), it->second.subject) << a.name;
      EXPECT_EQ(format_time(a.certificate.not_after()), it->second.not_after) << a.name;
      ++checked;
    }
  }
  EXPECT_EQ(checked, 9);  // six ATS anchors, three Let's Encrypt anchors
}

TEST(Catalog, EveryCrossCertificateMatchesTheRecordedFingerprint) {
  auto catalog = catalog::Catalog::embedded();
  ASSERT_TRUE(catalog) << catalog.error();
  const auto crosses = recorded_cross_certs();
  ASSERT_GE(crosses.size(), 6u);
  int checked = 0;
  for (const auto& m : catalog->migrations()) {
    for (const auto& x : m.cross_certificates) {
      auto it = crosses.find(x.file);
      ASSERT_NE(it, crosses.end()) << x.file;
      EXPECT_EQ(x.certificate.sha256().hex(), it->second) << x.file;
      ++checked;
    }
  }
  EXPECT_EQ(checked, 5);
}

TEST(Catalog, CrossCertificatesShareKeyAndNameWithTheirSelfSignedRoot) {
  // The reason anchors are compared by subject and SPKI, not by certificate hash.
  auto catalog = catalog::Catalog::embedded();
  ASSERT_TRUE(catalog) << catalog.error();
  const auto* ats = catalog->find("aws-ats");
  const auto& cross = ats->cross_certificate("amazon-root-ca-1-by-sfsg2")->certificate;
  const auto& root = ats->anchor("amazon-root-ca-1")->certificate;
  EXPECT_EQ(cross.spki_sha256(), root.spki_sha256());
  EXPECT_TRUE(cross.same_subject(root));
  EXPECT_NE(cross.sha256(), root.sha256());
  EXPECT_FALSE(cross.self_issued());
  EXPECT_TRUE(root.self_signed());
}

TEST(Catalog, AtsRecordsTheUnaffectedRegionsAndSdkCutoffsOfTheAwsArticles) {
  auto catalog = catalog::Catalog::embedded();
  ASSERT_TRUE(catalog) << catalog.error();
  const auto* ats = catalog->find("aws-ats");
  // From the AWS knowledge-center article (shared/facts/aws-ats.md).
  const std::vector<std::string> regions = {"eu-west-3",      "eu-north-1", "me-south-1",
                                            "ap-northeast-3", "ap-east-1",  "us-gov-east-1"};
  EXPECT_EQ(ats->unaffected_s3_regions, regions);
  ASSERT_FALSE(ats->sdk_cutoffs.empty());
  EXPECT_EQ(format_date(ats->sdk_cutoffs[0].released_before), "2015-02-05");
  EXPECT_EQ(ats->sdk_cutoffs[0].fixed_in.at("aws-cli"), "1.7.5");
  bool has_test_url = false;
  for (const auto& t : ats->test_endpoints) has_test_url |= t.url == "https://good.sca1a.amazontrust.com/";
  EXPECT_TRUE(has_test_url);
}

TEST(Catalog, RejectsDataWhoseCertificateDoesNotMatchItsRecordedFingerprint) {
  std::vector<catalog::EmbeddedFile> files;
  const std::string cert = read_file(testing::real_cert("Amazon_Root_CA_1.pem"));
  const std::string json = R"({"id":"x","name":"x","anchors":[{"id":"a","name":"A","file":"a.pem",
      "sha256":"0000000000000000000000000000000000000000000000000000000000000000"}],"chains":[]})";
  files.push_back({"certs/a.pem", cert});
  files.push_back({"migrations/x.json", json});
  auto catalog = catalog::Catalog::from_files(files);
  ASSERT_FALSE(catalog);
  EXPECT_NE(catalog.error().find("does not match"), std::string::npos) << catalog.error();
}

TEST(Catalog, RejectsAChainNamingAnUnknownCrossCertificate) {
  std::vector<catalog::EmbeddedFile> files;
  const std::string cert = read_file(testing::real_cert("Amazon_Root_CA_1.pem"));
  const std::string json = R"({"id":"x","name":"x","anchors":[{"id":"a","name":"A","file":"a.pem",
      "sha256":"8ecde6884f3d87b1125ba31ac3fcb13d7016de7f57cc904fe1cb97c6ae98196e"}],
      "chains":[{"id":"c","name":"C","issued_under":"a","presented":["missing"]}]})";
  files.push_back({"certs/a.pem", cert});
  files.push_back({"migrations/x.json", json});
  auto catalog = catalog::Catalog::from_files(files);
  ASSERT_FALSE(catalog);
  EXPECT_NE(catalog.error().find("unknown cross-certificate 'missing'"), std::string::npos) << catalog.error();
}

}  // namespace
}  // namespace trustready
