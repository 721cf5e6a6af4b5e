// The executor's own refusals: a certificate whose bytes are not the catalog's recorded
// ones is never written, and a damaged journal is an error naming its file. The recorded
// fingerprints are the openssl CLI's (`openssl x509 -fingerprint -sha256`), not the code's.
#include <gtest/gtest.h>

#include <algorithm>

#include "catalog/catalog.h"
#include "fs/tree_writer.h"
#include "install/journal.h"
#include "install/state_dir.h"
#include "install/steps.h"
#include "install/writer.h"
#include "support/fixtures.h"

namespace trustready {
namespace {

using testing::TempDir;

const catalog::Anchor& amazon1() {
  static const auto catalog = catalog::Catalog::embedded();
  const auto* m = catalog->find("aws-ats");
  return *m->anchor("amazon-root-ca-1");
}

std::string openssl_sha256_of_data_cert() {
  std::string fp = testing::openssl_fingerprint(testing::real_cert("Amazon_Root_CA_1.pem"));
  return fp;
}

install::Step write_step(const std::string& path, install::PlannedCert c) {
  install::Step s;
  s.kind = install::StepKind::WriteFile;
  s.path = path;
  s.certs = {std::move(c)};
  s.changes = {path};
  return s;
}

struct Harness {
  TempDir root, state_dir;
  fs::TreeWriter tree = std::move(fs::TreeWriter::open(root.path())).value();
  install::StateDir state = std::move(install::StateDir::open(state_dir.path())).value();
  install::ApplyContext ctx{tree, state, system_process_runner(), "", {}, {}};
};

TEST(FixSteps, TheCatalogsCertificateIsWrittenWithTheFingerprintOpensslRecords) {
  Harness h;
  const auto certs = install::planned_certs({&amazon1()});
  ASSERT_EQ(certs.size(), 1u);
  EXPECT_EQ(certs[0].sha256.hex(), openssl_sha256_of_data_cert());
  auto done = install::run_step(write_step("/anchors/a.crt", certs[0]), "20261201T000000Z-1", h.ctx);
  ASSERT_TRUE(done) << done.error();
  EXPECT_EQ(testing::openssl_fingerprint(h.root / "anchors/a.crt"), openssl_sha256_of_data_cert());
}

TEST(FixSteps, ACertificateWhoseBytesAreNotTheRecordedOnesIsNeverWritten) {
  Harness h;
  auto c = install::planned_certs({&amazon1()}).front();
  // Another real root's PEM under Amazon Root CA 1's recorded fingerprint.
  c.pem = testing::read_file(testing::real_cert("ISRG_Root_X1.pem"));
  auto done = install::run_step(write_step("/anchors/a.crt", c), "20261201T000000Z-1", h.ctx);
  ASSERT_FALSE(done);
  EXPECT_NE(done.error().find("is not the catalog's recorded " + openssl_sha256_of_data_cert()), std::string::npos)
      << done.error();
  EXPECT_EQ(testing::run("ls -A " + testing::quote(h.root.path())).out, "");
}

TEST(FixSteps, ADamagedJournalIsAnErrorNamingItsFile) {
  for (const std::string text : {"", "{", "{\"version\": 2}", "[1,2]",
                                 R"({"version":1,"id":"x","root":"/","migration":"m","created":"c","pid":1,)"
                                 R"("state":"applied","steps_total":0,"steps_done":0,"stores":[],)"
                                 R"("files":[{"path":"/etc/x","existed":true,"sha256":"00","mode":420,"uid":0,"gid":0,"backup":"../../etc/shadow"}],)"
                                 R"("folders":[],"commands":[]})"}) {
    auto j = install::parse_journal(text, "/var/lib/trustready/journals/x/journal.json");
    ASSERT_FALSE(j) << text;
    EXPECT_TRUE(j.error().starts_with("/var/lib/trustready/journals/x/journal.json: ")) << j.error();
    EXPECT_EQ(std::count(j.error().begin(), j.error().end(), '\n'), 0) << j.error();
  }
}

}  // namespace
}  // namespace trustready
