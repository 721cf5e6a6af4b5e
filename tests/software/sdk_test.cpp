// AWS SDKs and CLIs found under a root tree by their metadata (Python dist-info and
// egg-info folders, the aws-cli v2 installer's version folders, package.json files, jar
// names and Maven folders), and the version order the cutoffs are judged with. Versions
// come from the names the test gives the files, and for Debian's own packages from
// dpkg-query, never from the code under test.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <sstream>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "fs/root_fs.h"
#include "software/sdk.h"
#include "stores/inventory.h"
#include "support/fixtures.h"

namespace trustready {
namespace {

using software::compare_versions;
using software::InstalledSdk;
using testing::make_dirs;
using testing::quote;
using testing::run;
using testing::TempDir;
using testing::write_file;

using Found = std::tuple<std::string, std::string, std::string>;  // name, version, path

/// Sign of compare_versions, both ways round: the order must be antisymmetric.
int order(const std::string& a, const std::string& b) {
  const int ab = compare_versions(a, b), ba = compare_versions(b, a);
  EXPECT_EQ(ab < 0, ba > 0) << a << " vs " << b;
  EXPECT_EQ(ab == 0, ba == 0) << a << " vs " << b;
  return ab < 0 ? -1 : ab > 0 ? 1 : 0;
}

TEST(SdkVersions, NumericPartsCompareAsNumbersNotAsText) {
  EXPECT_EQ(order("1.7.5", "1.7.5"), 0);
  EXPECT_EQ(order("1.7.4", "1.7.5"), -1);
  EXPECT_EQ(order("1.10.0", "1.9.17"), 1);  // text order would say the opposite
  EXPECT_EQ(order("0.86.0", "0.85.0"), 1);
  EXPECT_EQ(order("0.100.0", "0.86.0"), 1);
  EXPECT_EQ(order("2.9.0", "2.49.0"), -1);
  EXPECT_EQ(order("10.0", "9.99"), 1);
}

TEST(SdkVersions, APreReleaseSuffixSortsBeforeItsRelease) {
  EXPECT_EQ(order("0.86.0rc1", "0.86.0"), -1);
  EXPECT_EQ(order("0.86.0rc1", "0.85.0"), 1);  // still after the previous release
  EXPECT_EQ(order("2.0rc1", "2.0"), -1);       // boto's 2.0rc1
  EXPECT_EQ(order("2.0rc1", "2.0b4"), 1);
  EXPECT_EQ(order("1.0rc1", "1.0rc2"), -1);
  EXPECT_EQ(order("1.0rc9", "1.0rc10"), -1);  // the suffix's number is numeric too
  EXPECT_EQ(order("1.0rc1", "1.0.1"), -1);
}

TEST(SdkVersions, VersionsOfDifferentLengths) {
  EXPECT_EQ(order("1.0", "1.0.1"), -1);
  EXPECT_EQ(order("1.7", "1.7.5"), -1);
  EXPECT_EQ(order("1.8", "1.7.5"), 1);
  EXPECT_EQ(order("1.10", "1.9.17"), 1);
  EXPECT_EQ(order("2", "2.15.0"), -1);
  EXPECT_EQ(order("2.15.0", "2"), 1);
  EXPECT_EQ(order("1", "0.86.0"), 1);
}

// ------------------------------------------------------------------ find_sdks

class SdkFind : public ::testing::Test {
 protected:
  std::vector<InstalledSdk> find(const std::vector<std::string>& search_paths = {}) {
    auto root = fs::RootFs::open(dir_.path());
    EXPECT_TRUE(root) << root.error();
    if (!root) return {};
    stores::InventoryOptions options;
    options.search_paths = search_paths;
    const auto inventory = stores::take_inventory(*root, options);
    EXPECT_TRUE(inventory.problems.empty()) << inventory.problems.front().message;
    return software::find_sdks(*root, inventory);
  }
  static std::set<Found> as_set(const std::vector<InstalledSdk>& sdks) {
    std::set<Found> out;
    for (const auto& s : sdks) out.insert({s.name, s.version, s.path});
    EXPECT_EQ(out.size(), sdks.size()) << "one entry per package and place";
    return out;
  }
  static const InstalledSdk* at(const std::vector<InstalledSdk>& sdks, const std::string& path) {
    for (const auto& s : sdks)
      if (s.path == path) return &s;
    return nullptr;
  }
  void mkdir(const std::string& in_root) { make_dirs(dir_ / in_root); }
  TempDir dir_;
};

TEST_F(SdkFind, AnEmptyRootHasNoSdk) { EXPECT_TRUE(find().empty()); }

TEST_F(SdkFind, PythonMetadataFoldersInDistPackagesAndSitePackages) {
  const std::vector<std::string> libs = {"/usr/lib/python3/dist-packages", "/usr/local/lib/python3.11/site-packages"};
  for (const auto& lib : libs) {
    for (const char* meta : {"awscli-1.7.4.dist-info", "botocore-0.85.0.egg-info", "boto-2.8.0-py2.7.egg-info",
                             "boto3-1.0.0.dist-info"})
      mkdir(lib + "/" + meta);
    // Real metadata folders hold a METADATA / PKG-INFO file naming the same version.
    write_file(dir_ / (lib + "/awscli-1.7.4.dist-info/METADATA"), "Metadata-Version: 2.1\nName: awscli\nVersion: 1.7.4\n");
    // Packages that are not AWS SDKs are not listed.
    mkdir(lib + "/certifi-2022.9.24.egg-info");
    mkdir(lib + "/requests-2.28.1.dist-info");
    mkdir(lib + "/botocore");  // the package itself, not its metadata
  }
  const auto sdks = find();
  std::set<Found> expected;
  for (const auto& lib : libs) {
    expected.insert({"aws-cli", "1.7.4", lib + "/awscli-1.7.4.dist-info"});
    expected.insert({"botocore", "0.85.0", lib + "/botocore-0.85.0.egg-info"});
    expected.insert({"boto", "2.8.0", lib + "/boto-2.8.0-py2.7.egg-info"});  // "-py2.7" is no part of the version
    expected.insert({"boto3", "1.0.0", lib + "/boto3-1.0.0.dist-info"});
  }
  EXPECT_EQ(as_set(sdks), expected);
  const auto* local = at(sdks, "/usr/local/lib/python3.11/site-packages/awscli-1.7.4.dist-info");
  ASSERT_NE(local, nullptr);
  EXPECT_NE(local->found_by.find("/usr/local/lib/python3.11/site-packages"), std::string::npos) << local->found_by;
}

TEST_F(SdkFind, AwsCliV2InstallerFolderIsListedButItsCurrentLinkIsNot) {
  // The layout the v2 installer writes: a folder per version, "current" pointing at one.
  mkdir("/usr/local/aws-cli/v2/2.15.0/dist");
  write_file(dir_ / "usr/local/aws-cli/v2/2.15.0/dist/aws", "#!/bin/sh\n");
  ASSERT_EQ(run("ln -s /usr/local/aws-cli/v2/2.15.0 " + quote(dir_ / "usr/local/aws-cli/v2/current")).exit_code, 0);
  make_dirs(dir_ / "usr/local/bin");
  ASSERT_EQ(run("ln -s /usr/local/aws-cli/v2/current/dist/aws " + quote(dir_ / "usr/local/bin/aws")).exit_code, 0);
  EXPECT_EQ(as_set(find()), (std::set<Found>{{"aws-cli", "2.15.0", "/usr/local/aws-cli/v2/2.15.0"}}));
}

TEST_F(SdkFind, TwoAwsCliV2VersionsSideBySideAreBothListed) {
  mkdir("/usr/local/aws-cli/v2/2.13.1");
  mkdir("/usr/local/aws-cli/v2/2.15.0");
  ASSERT_EQ(run("ln -s 2.15.0 " + quote(dir_ / "usr/local/aws-cli/v2/current")).exit_code, 0);
  EXPECT_EQ(as_set(find()), (std::set<Found>{{"aws-cli", "2.13.1", "/usr/local/aws-cli/v2/2.13.1"},
                                             {"aws-cli", "2.15.0", "/usr/local/aws-cli/v2/2.15.0"}}));
}

TEST_F(SdkFind, NodeModulesUnderAPathTree) {
  write_file(dir_ / "srv/web/node_modules/aws-sdk/package.json", R"({"name": "aws-sdk", "version": "2.1.9"})");
  write_file(dir_ / "srv/web/node_modules/@aws-sdk/client-s3/package.json",
             R"({"name": "@aws-sdk/client-s3", "version": "3.400.0"})");
  write_file(dir_ / "srv/web/node_modules/left-pad/package.json", R"({"name": "left-pad", "version": "1.3.0"})");
  // Without --path the tree is not searched.
  EXPECT_TRUE(find().empty());
  EXPECT_EQ(as_set(find({"/srv/web"})),
            (std::set<Found>{{"aws-sdk-js", "2.1.9", "/srv/web/node_modules/aws-sdk/package.json"},
                             {"@aws-sdk (v3)", "3.400.0", "/srv/web/node_modules/@aws-sdk/client-s3/package.json"}}));
}

TEST_F(SdkFind, APackageJsonThatDoesNotParseOrHasNoVersionIsSkipped) {
  write_file(dir_ / "srv/a/node_modules/aws-sdk/package.json", "{ not json");
  write_file(dir_ / "srv/b/node_modules/aws-sdk/package.json", R"({"name": "aws-sdk", "version": 2})");
  write_file(dir_ / "srv/c/node_modules/aws-sdk/package.json", R"({"name": "aws-sdk", "version": "2.1692.0"})");
  EXPECT_EQ(as_set(find({"/srv"})),
            (std::set<Found>{{"aws-sdk-js", "2.1692.0", "/srv/c/node_modules/aws-sdk/package.json"}}));
}

TEST_F(SdkFind, JavaSdkJarUnderAPathTreeAndMavenRepositoryFolder) {
  write_file(dir_ / "opt/service/lib/aws-java-sdk-core-1.9.16.jar", "PK\x03\x04");
  write_file(dir_ / "opt/service/lib/jackson-core-2.4.4.jar", "PK\x03\x04");
  // ~/.m2 as Maven leaves it after downloading the artifact.
  const std::string m2 = "root/.m2/repository/com/amazonaws/aws-java-sdk-core/1.9.0/";
  write_file(dir_ / (m2 + "aws-java-sdk-core-1.9.0.jar"), "PK\x03\x04");
  write_file(dir_ / (m2 + "aws-java-sdk-core-1.9.0.pom"), "<project/>\n");
  write_file(dir_ / (m2 + "_remote.repositories"), "aws-java-sdk-core-1.9.0.jar>central=\n");
  EXPECT_EQ(as_set(find({"/opt/service"})),
            (std::set<Found>{{"aws-sdk-java", "1.9.16", "/opt/service/lib/aws-java-sdk-core-1.9.16.jar"},
                             {"aws-sdk-java", "1.9.0", "/root/.m2/repository/com/amazonaws/aws-java-sdk-core/1.9.0"}}));
}

// Maven keeps files beside the version folders of an artifact (maven-metadata-local.xml
// after `mvn install`, resolver-status.properties): they are no versions.
TEST_F(SdkFind, MavenMetadataFilesBesideTheVersionFoldersAreNoVersions) {
  const std::string artifact = "root/.m2/repository/com/amazonaws/aws-java-sdk-s3/";
  write_file(dir_ / (artifact + "1.12.600/aws-java-sdk-s3-1.12.600.jar"), "PK\x03\x04");
  write_file(dir_ / (artifact + "maven-metadata-local.xml"), "<metadata/>\n");
  write_file(dir_ / (artifact + "resolver-status.properties"), "\n");
  EXPECT_EQ(as_set(find()), (std::set<Found>{{"aws-sdk-java", "1.12.600",
                                              "/root/.m2/repository/com/amazonaws/aws-java-sdk-s3/1.12.600"}}));
}

/// "1.29.27+repack-1" -> "1.29.27": the upstream version of a Debian version string.
std::string upstream(std::string debian_version) {
  if (const auto colon = debian_version.find(':'); colon != std::string::npos) debian_version.erase(0, colon + 1);
  return debian_version.substr(0, debian_version.find_first_of("+-~"));
}

TEST_F(SdkFind, DebiansOwnPackagesMetadataFoldersGiveDpkgsVersions) {
  TRUSTREADY_REQUIRE_TOOL("dpkg-query");
  // The metadata folders of the real python3-botocore and awscli packages installed here,
  // copied (names only) into the tree; the expected versions are dpkg's.
  std::istringstream listing(run("ls /usr/lib/python3/dist-packages").out);
  std::vector<std::string> names;
  for (std::string name; names.size() < 100000 && std::getline(listing, name);) names.push_back(name);
  struct Expected {
    std::string package, name, version;
  };
  std::map<std::string, Expected> expected;  // metadata folder -> what dpkg says
  for (const auto& [package, prefix, name] : {std::tuple<std::string, std::string, std::string>{"python3-botocore",
                                                                                              "botocore-", "botocore"},
                                              {"awscli", "awscli-", "aws-cli"}}) {
    const auto version = run("dpkg-query -W -f='${Version}' " + package);
    if (version.exit_code != 0 || version.out.empty()) continue;
    for (const auto& folder : names)
      if (folder.starts_with(prefix) && (folder.ends_with(".dist-info") || folder.ends_with(".egg-info"))) {
        expected[folder] = {package, name, upstream(version.out)};
        mkdir("/usr/lib/python3/dist-packages/" + folder);
      }
  }
  if (expected.empty()) TRUSTREADY_SKIP_OUTSIDE_CI("neither python3-botocore nor awscli is installed with its metadata");
  const auto sdks = find();
  ASSERT_EQ(sdks.size(), expected.size());
  for (const auto& [folder, e] : expected) {
    SCOPED_TRACE(e.package + ": " + folder);
    const auto* s = at(sdks, "/usr/lib/python3/dist-packages/" + folder);
    ASSERT_NE(s, nullptr);
    EXPECT_EQ(s->version, e.version);
    EXPECT_EQ(s->name, e.name);
  }
}

}  // namespace
}  // namespace trustready
