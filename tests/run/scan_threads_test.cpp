// run_scan on four walker threads: every file detected and every store judged on the thread
// that read it (the judge's and the engines' shared caches), under ThreadSanitizer in CI.
// Expected: as many stores as `find` lists certificate files, and the same verdict for each
// as one thread gives.
#include <gtest/gtest.h>

#include <map>

#include "catalog/catalog.h"
#include "fs/root_fs.h"
#include "run/run_scan.h"
#include "support/fixtures.h"
#include "util/time.h"

namespace trustready {
namespace {

using testing::real_cert;

std::map<std::string, std::string> verdicts_by_path(const results::ScanResult& r) {
  std::map<std::string, std::string> out;
  for (const auto& s : r.stores) out[s.found.path] = s.judgement ? judge::to_string(s.judgement->verdict) : "none";
  return out;
}

TEST(ScanThreads, FourWalkersJudgeEveryStoreOnceAndAsOneThreadDoes) {
  testing::TempDir dir;
  const std::string amazon = testing::read_file(real_cert("Amazon_Root_CA_1.pem"));
  const std::string isrg = testing::read_file(real_cert("ISRG_Root_X1.pem"));
  for (int i = 0; i < 48; ++i) {
    const std::string folder = dir / ("d" + std::to_string(i % 6) + "/e" + std::to_string(i % 4));
    testing::make_dirs(folder);
    // Distinct files (a comment line each), half holding Amazon Root CA 1; some equal
    // bytes too, which the judge's cache answers.
    const std::string comment = "# bundle " + std::to_string(i % 12) + "\n";
    testing::write_file(folder + "/b" + std::to_string(i) + ".pem", comment + (i % 2 ? amazon : isrg));
  }
  const auto listed = testing::run("find " + testing::quote(dir.path()) + " -type f -name '*.pem' | wc -l");
  ASSERT_EQ(listed.exit_code, 0);

  static const auto catalog = catalog::Catalog::embedded();
  ASSERT_TRUE(catalog.ok());
  auto tree = fs::RootFs::open("/");
  ASSERT_TRUE(tree.ok()) << tree.error();
  run::ScanRequest request;
  request.tree = &*tree;
  request.sources = {{run::ScanSource::Kind::Tree, dir.path(), dir.path()}};
  request.migration = catalog->find("aws-ats");
  request.options = {parse_time(testing::kTestDate).value(), std::chrono::days{365}};
  request.walk.threads = 4;
  const auto many = run::run_scan(request);
  request.walk.threads = 1;
  const auto one = run::run_scan(request);

  EXPECT_EQ(std::to_string(many.stores.size()) + "\n", listed.out);
  EXPECT_EQ(verdicts_by_path(many), verdicts_by_path(one));
  EXPECT_EQ(many.stats.files, one.stats.files);
}

}  // namespace
}  // namespace trustready
