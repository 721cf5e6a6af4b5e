// The process-runner seam: the NSS reader asks certutil only through a ProcessRunner,
// so a fake runner can stand where the real tool cannot run, and can check what the
// reader asks. The rules checked are the reader's promises: certutil only ever sees a
// private copy of the database (a database under --root is not ours to touch, and
// certutil may upgrade what it opens), and a missing tool is named with its package.
#include <gtest/gtest.h>

#include <filesystem>
#include <functional>

#include "stores/readers.h"
#include "stores/store_test_support.h"
#include "support/memory_tree.h"

namespace trustready {
namespace {

using namespace store_test;

class ScriptedRunner final : public ProcessRunner {
 public:
  using Script = std::function<Result<ProcessOutput>(const std::vector<std::string>&)>;
  explicit ScriptedRunner(Script script) : script_(std::move(script)) {}
  Result<ProcessOutput> run(const std::vector<std::string>& argv, const ProcessLimits&) const override {
    calls.push_back(argv);
    return script_(argv);
  }
  mutable std::vector<std::vector<std::string>> calls;

 private:
  Script script_;
};

stores::Store read_nss(const testing::MemoryTree& tree, const std::string& dir, const ProcessRunner& runner) {
  stores::StoreLocation loc = stores::trust_location("nss:" + dir, stores::StoreKind::NssDb, stores::StoreOrigin::Nss,
                                                     dir, {"Firefox"}, "NSS database");
  loc.verifier = stores::Verifier::Nss;
  stores::ReadOptions options;
  options.runner = &runner;
  return stores::read_store(tree, loc, options);
}

TEST(NssRunner, CertutilSeesOnlyAPrivateCopyOfTheDatabaseWithTheSameBytes) {
  testing::MemoryTree tree;
  const std::string dir = "/home/u/.mozilla/firefox/abc.default";
  tree.file(dir + "/cert9.db", "cert9 bytes");
  tree.file(dir + "/key4.db", "key4 bytes");
  std::string copied_cert9, copied_key4;
  ScriptedRunner runner([&](const std::vector<std::string>& argv) -> Result<ProcessOutput> {
    // certutil -L -d sql:FOLDER: the folder holds the copies while certutil runs.
    const std::string folder = argv.at(3).substr(4);
    copied_cert9 = testing::read_file(folder + "/cert9.db");
    copied_key4 = testing::read_file(folder + "/key4.db");
    return ProcessOutput{0, "\nCertificate Nickname                                         Trust Attributes\n"
                            "                                                             SSL,S/MIME,JAR/XPI\n\n", ""};
  });
  const auto s = read_nss(tree, dir, runner);
  ASSERT_EQ(runner.calls.size(), 1u);
  const auto& argv = runner.calls[0];
  ASSERT_EQ(argv.size(), 4u);
  EXPECT_EQ(argv[0], "certutil");
  EXPECT_EQ(argv[1], "-L");
  EXPECT_EQ(argv[2], "-d");
  ASSERT_TRUE(argv[3].starts_with("sql:")) << argv[3];
  EXPECT_EQ(argv[3].find(dir), std::string::npos) << "certutil was pointed at the database itself: " << argv[3];
  EXPECT_EQ(copied_cert9, "cert9 bytes");
  EXPECT_EQ(copied_key4, "key4 bytes");
  EXPECT_FALSE(std::filesystem::exists(argv[3].substr(4))) << "the private copy is left behind";
  EXPECT_FALSE(s.error) << *s.error;
  EXPECT_TRUE(s.certificates.empty());
}

TEST(NssRunner, MissingCertutilIsAnErrorNamingThePackageThatHasIt) {
  testing::MemoryTree tree;
  tree.file("/etc/pki/nssdb/cert9.db", "db");
  ScriptedRunner runner([](const std::vector<std::string>& argv) -> Result<ProcessOutput> {
    return make_error(argv[0] + ": not found in PATH");
  });
  const auto s = read_nss(tree, "/etc/pki/nssdb", runner);
  ASSERT_TRUE(s.error);
  EXPECT_TRUE(contains(*s.error, "/etc/pki/nssdb")) << *s.error;
  EXPECT_TRUE(contains(*s.error, "libnss3-tools")) << *s.error;
}

// What the real certutil prints for a file that is no database (SEC_ERROR_BAD_DATABASE,
// seen with libnss3-tools 3.87 on a cert9.db of zeros).
TEST(NssRunner, CertutilRefusingTheDatabaseMakesTheStoreUnreadableWithItsWords) {
  testing::MemoryTree tree;
  tree.file("/etc/pki/nssdb/cert9.db", std::string(4096, '\0'));
  ScriptedRunner runner([](const std::vector<std::string>&) -> Result<ProcessOutput> {
    return ProcessOutput{255, "", "certutil: function failed: SEC_ERROR_BAD_DATABASE: security library: bad database.\n"};
  });
  const auto s = read_nss(tree, "/etc/pki/nssdb", runner);
  ASSERT_TRUE(s.error);
  EXPECT_TRUE(contains(*s.error, "/etc/pki/nssdb/cert9.db: not a readable NSS database")) << *s.error;
  EXPECT_TRUE(contains(*s.error, "SEC_ERROR_BAD_DATABASE")) << *s.error;
}

}  // namespace
}  // namespace trustready
