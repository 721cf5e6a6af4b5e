// install::sdk_fix_command: the upgrade printed for each kind of SDK install, in a tree
// built here (the venv's own python3 exists only when this test writes it).
#include <gtest/gtest.h>

#include "fs/root_fs.h"
#include "install/app_fix.h"
#include "support/fixtures.h"

namespace trustready {
namespace {

using testing::TempDir;
using testing::write_file;

fs::RootFs open_root(const TempDir& dir) {
  auto fs = fs::RootFs::open(dir.path());
  if (!fs) throw std::runtime_error(fs.error());
  return std::move(fs).value();
}

stores::Distro debian() {
  stores::Distro d;
  d.family = stores::DistroFamily::Debian;
  return d;
}

TEST(SdkFix, VenvPackageIsUpgradedWithTheVenvsOwnPipToTheFixedVersion) {
  TempDir root;
  write_file(root / "opt/app/venv/bin/python3", "");
  const auto fs = open_root(root);
  const software::InstalledSdk sdk{"botocore", "0.80.0",
                                   "/opt/app/venv/lib/python3.11/site-packages/botocore-0.80.0.dist-info",
                                   "Python package metadata (venv)", software::SdkSource::PythonMetadata};
  const std::string fix = install::sdk_fix_command(sdk, "0.86.0", debian(), fs);
  EXPECT_NE(fix.find("/opt/app/venv/bin/python3 -m pip install --upgrade 'botocore>=0.86.0'"), std::string::npos)
      << fix;
}

TEST(SdkFix, UserSitePackagesNeedNoSudoOnThisHost) {
  auto host = fs::RootFs::open("/");
  ASSERT_TRUE(host) << host.error();
  const software::InstalledSdk sdk{"aws-cli", "1.7.0", "/home/u/.local/lib/python3.11/site-packages/awscli-1.7.0.dist-info",
                                   "Python package metadata (user)", software::SdkSource::PythonMetadata};
  const std::string fix = install::sdk_fix_command(sdk, "1.7.5", debian(), *host);
  EXPECT_EQ(fix, "python3 -m pip install --upgrade 'awscli>=1.7.5'");
}

TEST(SdkFix, NodeSdkIsUpgradedWithNpmInItsProject) {
  TempDir root;
  const auto fs = open_root(root);
  const software::InstalledSdk sdk{"aws-sdk-js", "2.1.0", "/srv/web/node_modules/aws-sdk/package.json",
                                   "package.json", software::SdkSource::PackageJson};
  const std::string fix = install::sdk_fix_command(sdk, "2.1.12", debian(), fs);
  EXPECT_EQ(fix, "cd " + root.path() + "/srv/web && npm install 'aws-sdk@>=2.1.12'");
}

TEST(SdkFix, JavaSdkNamesTheBuildToChange) {
  TempDir root;
  const auto fs = open_root(root);
  const software::InstalledSdk sdk{"aws-sdk-java", "1.9.0", "/opt/app/lib/aws-java-sdk-1.9.0.jar", "jar file name",
                                   software::SdkSource::JarName};
  const std::string fix = install::sdk_fix_command(sdk, "1.9.19", debian(), fs);
  EXPECT_NE(fix.find("1.9.19 or later"), std::string::npos) << fix;
  EXPECT_NE(fix.find("/opt/app/lib/aws-java-sdk-1.9.0.jar"), std::string::npos) << fix;
}

}  // namespace
}  // namespace trustready
