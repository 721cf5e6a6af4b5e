// AWS SDK versions scan::detect() reads from the files that carry them: Debian's botocore
// egg-info (its version from dpkg-query), wheel METADATA, aws-java-sdk
// jars by name and, for a jar named without a version, by the manifest inside (made with
// python3's zipfile, read back by it), package.json of aws-sdk and @aws-sdk/* (read back
// by python3's json), the Ruby SDK's gem folder.
#include <gtest/gtest.h>

#include <string>

#include "scan/detect.h"
#include "scan/scan_support.h"

namespace trustready::scan {
namespace {

using namespace testing_support;
using trustready::testing::make_dirs;
using trustready::testing::TempDir;
using trustready::testing::write_file;

TEST(DetectSdks, DebiansBotocoreEggInfoHasTheVersionPythonReports) {
  const std::string dir = sh("dpkg -L python3-botocore 2>/dev/null | grep 'botocore-.*egg-info$' | head -1");
  if (dir.empty()) TRUSTREADY_SKIP_OUTSIDE_CI("python3-botocore not installed");
  const auto f = detect_file(dir + "/PKG-INFO");
  ASSERT_EQ(f.sdks.size(), 1u);
  EXPECT_EQ(f.sdks[0].sdk.name, "botocore");
  EXPECT_EQ(f.sdks[0].sdk.version,
            // Debian's version without its +repack and revision (1.29.27+repack-1).
            sh("dpkg-query -W -f='${Version}' python3-botocore | sed 's/[+~-].*//'"));
  EXPECT_EQ(f.sdks[0].sdk.source, software::SdkSource::PythonMetadata);
  EXPECT_EQ(std::to_string(f.sdks[0].at.line), sh("grep -n '^Version:' " + dir + "/PKG-INFO | cut -d: -f1"));
}

TEST(DetectSdks, WheelMetadataNamesAwscliAsTheCatalogsAwsCli) {
  TempDir dir;
  make_dirs(dir / "awscli-1.7.4.dist-info");
  write_file(dir / "awscli-1.7.4.dist-info/METADATA", "Metadata-Version: 2.1\nName: awscli\nVersion: 1.7.4\n\nbody Version: 9\n");
  make_dirs(dir / "requests-2.0.dist-info");
  write_file(dir / "requests-2.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: requests\nVersion: 2.0\n");
  const auto f = detect_file(dir / "awscli-1.7.4.dist-info/METADATA");
  ASSERT_EQ(f.sdks.size(), 1u);
  EXPECT_EQ(f.sdks[0].sdk.name, "aws-cli");
  EXPECT_EQ(f.sdks[0].sdk.version, sh("sed -n 's/^Version: //p' " + dir / "awscli-1.7.4.dist-info/METADATA" + " | head -1"));
  EXPECT_TRUE(detect_file(dir / "requests-2.0.dist-info/METADATA").sdks.empty());
}

TEST(DetectSdks, JavaSdkJarsByNameAndByManifest) {
  TempDir dir;
  sh("cd " + dir.path() + " && python3 -c \"import zipfile; z = zipfile.ZipFile('aws-java-sdk-core.jar', 'w', zipfile.ZIP_DEFLATED); "
     "z.writestr('META-INF/MANIFEST.MF', 'Manifest-Version: 1.0\\r\\nImplementation-Title: AWS SDK for Java\\r\\n"
     "Implementation-Version: 1.9.16\\r\\n\\r\\n'); z.writestr('com/amazonaws/A.class', 'x'); z.close()\"");
  sh("cp " + dir / "aws-java-sdk-core.jar" + " " + dir / "aws-java-sdk-s3-1.11.100.jar");
  auto f = detect_file(dir / "aws-java-sdk-core.jar");
  ASSERT_EQ(f.sdks.size(), 1u) << (f.notes.empty() ? "" : f.notes[0]);
  EXPECT_EQ(f.sdks[0].sdk.name, "aws-sdk-java");
  EXPECT_EQ(f.sdks[0].sdk.version,
            sh("python3 -c \"import zipfile; m = zipfile.ZipFile('" + dir / "aws-java-sdk-core.jar" +
               "').read('META-INF/MANIFEST.MF').decode(); print([l.split(': ')[1] for l in m.splitlines() if l.startswith('Implementation-Version')][0])\""));
  EXPECT_EQ(f.sdks[0].sdk.source, software::SdkSource::JarManifest);
  f = detect_file(dir / "aws-java-sdk-s3-1.11.100.jar");
  ASSERT_EQ(f.sdks.size(), 1u);
  EXPECT_EQ(f.sdks[0].sdk.version, "1.11.100");  // the name the test gave the file
  EXPECT_EQ(f.sdks[0].sdk.source, software::SdkSource::JarName);
  write_file(dir / "aws-java-sdk-sts.jar", "PK\003\004 not really a zip");
  f = detect_file(dir / "aws-java-sdk-sts.jar");
  EXPECT_TRUE(f.sdks.empty());
  EXPECT_EQ(f.notes.size(), 1u);
}

TEST(DetectSdks, PackageJsonOfAwsSdkV2AndV3AndTheRubyGemFolder) {
  TempDir dir;
  make_dirs(dir / "node_modules/aws-sdk");
  make_dirs(dir / "node_modules/@aws-sdk/client-s3");
  make_dirs(dir / "node_modules/@aws-sdk/types");
  write_file(dir / "node_modules/aws-sdk/package.json", "{\n  \"name\": \"aws-sdk\",\n  \"version\": \"2.1.0\"\n}\n");
  write_file(dir / "node_modules/@aws-sdk/client-s3/package.json", "{\"name\": \"@aws-sdk/client-s3\", \"version\": \"3.400.0\"}");
  write_file(dir / "node_modules/@aws-sdk/types/package.json", "{\"name\": \"@aws-sdk/types\", \"version\": \"3.400.0\"}");
  const auto py_version = [&](const std::string& file) {
    return sh("python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[\"version\"])' " + quote(file));
  };
  auto f = detect_file(dir / "node_modules/aws-sdk/package.json");
  ASSERT_EQ(f.sdks.size(), 1u);
  EXPECT_EQ(f.sdks[0].sdk.name, "aws-sdk-js");
  EXPECT_EQ(f.sdks[0].sdk.version, py_version(dir / "node_modules/aws-sdk/package.json"));
  EXPECT_EQ(at(f.sdks[0].at), rg_at(dir / "node_modules/aws-sdk/package.json", "\"version\""));
  f = detect_file(dir / "node_modules/@aws-sdk/client-s3/package.json");
  ASSERT_EQ(f.sdks.size(), 1u);
  EXPECT_EQ(f.sdks[0].sdk.name, "@aws-sdk (v3)");
  EXPECT_EQ(f.sdks[0].sdk.version, py_version(dir / "node_modules/@aws-sdk/client-s3/package.json"));
  EXPECT_TRUE(detect_file(dir / "node_modules/@aws-sdk/types/package.json").sdks.empty());

  f = detect("/var/lib/gems/2.7.0/gems/aws-sdk-core-2.0.1/ca-bundle.crt", "# no certificates here\n");
  ASSERT_EQ(f.sdks.size(), 1u);
  EXPECT_EQ(f.sdks[0].sdk.name, "aws-sdk-ruby");
  EXPECT_EQ(f.sdks[0].sdk.version, "2.0.1");  // the folder name the test gave
  EXPECT_EQ(f.sdks[0].sdk.source, software::SdkSource::GemFolder);
}

}  // namespace
}  // namespace trustready::scan
