// parse_aws_config on config texts written here, in the INI dialect the AWS CLI reads.
// Expected profiles, paths and line numbers are read off the texts themselves.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "stores/aws_config.h"

namespace trustready {
namespace {

using stores::AwsCaBundle;
using stores::parse_aws_config;

std::vector<AwsCaBundle> parsed(const std::string& text, const std::string& home = "/home/u") {
  auto r = parse_aws_config(text, home);
  EXPECT_TRUE(r) << r.error();
  return r ? r.value() : std::vector<AwsCaBundle>{};
}

std::string error_of(const std::string& text) {
  auto r = parse_aws_config(text, "/home/u");
  EXPECT_FALSE(r) << "parsed without an error:\n" << text;
  return r ? std::string() : r.error();
}

void expect_bundle(const AwsCaBundle& b, const std::string& profile, const std::string& path, int line) {
  EXPECT_EQ(b.profile, profile);
  EXPECT_EQ(b.path, path);
  EXPECT_EQ(b.line, line);
}

TEST(AwsConfig, DefaultAndNamedProfiles) {
  const std::string text =
      "[default]\n"                             // 1
      "region = us-east-1\n"                    // 2
      "ca_bundle = /etc/corp/ca.pem\n"          // 3
      "\n"                                      // 4
      "[profile prod]\n"                        // 5
      "output = json\n"                         // 6
      "ca_bundle=/opt/prod/bundle.pem\n"        // 7
      "[profile   spaced  ]\n"                  // 8
      "ca_bundle   =   /srv/spaced.pem   \n";   // 9
  const auto b = parsed(text);
  ASSERT_EQ(b.size(), 3u);
  expect_bundle(b[0], "default", "/etc/corp/ca.pem", 3);
  expect_bundle(b[1], "prod", "/opt/prod/bundle.pem", 7);
  expect_bundle(b[2], "spaced", "/srv/spaced.pem", 9);
}

TEST(AwsConfig, ProfilesWithoutCaBundleYieldNothing) {
  const auto b = parsed("[default]\nregion = eu-west-1\n[profile dev]\noutput = text\n");
  EXPECT_TRUE(b.empty());
  EXPECT_TRUE(parsed("").empty());
  EXPECT_TRUE(parsed("\n\n# only a comment\n").empty());
}

TEST(AwsConfig, TildeSlashIsExpandedAgainstTheHome) {
  const auto b = parsed("[default]\nca_bundle = ~/certs/corp.pem\n[profile x]\nca_bundle = ~other/ca.pem\n",
                        "/home/alice");
  ASSERT_EQ(b.size(), 2u);
  expect_bundle(b[0], "default", "/home/alice/certs/corp.pem", 2);
  // Only "~/" is the home; "~other/" is left as written.
  expect_bundle(b[1], "x", "~other/ca.pem", 4);
}

TEST(AwsConfig, RelativePathsAreKeptAsWritten) {
  const auto b = parsed("[profile rel]\nca_bundle = certs/ca.pem\n");
  ASSERT_EQ(b.size(), 1u);
  expect_bundle(b[0], "rel", "certs/ca.pem", 2);
}

TEST(AwsConfig, EmptyCaBundleIsIgnored) {
  EXPECT_TRUE(parsed("[default]\nca_bundle =\nca_bundle =    \n").empty());
}

TEST(AwsConfig, NestedIndentedSettingsAreIgnored) {
  const std::string text =
      "[default]\n"                               // 1
      "s3 =\n"                                    // 2
      "  max_concurrent_requests = 10\n"          // 3
      "  ca_bundle = /nested/not-a-setting.pem\n" // 4
      "\tca_bundle = /tab/nested.pem\n"           // 5
      "ca_bundle = /top/level.pem\n";             // 6
  const auto b = parsed(text);
  ASSERT_EQ(b.size(), 1u);
  expect_bundle(b[0], "default", "/top/level.pem", 6);
}

TEST(AwsConfig, CommentsAreSkipped) {
  const std::string text =
      "# ca_bundle = /hash/comment.pem\n"   // 1
      "; [profile commented]\n"             // 2
      "[profile a]\n"                       // 3
      "   # an indented comment\n"          // 4
      "; ca_bundle = /semicolon.pem\n"      // 5
      "ca_bundle = /real.pem\n";            // 6
  const auto b = parsed(text);
  ASSERT_EQ(b.size(), 1u);
  expect_bundle(b[0], "a", "/real.pem", 6);
}

TEST(AwsConfig, WindowsLineEndingsAndAMissingFinalNewline) {
  const auto b = parsed("[default]\r\nregion = us-east-1\r\nca_bundle = /crlf.pem\r\n[profile z]\r\nca_bundle = /last.pem");
  ASSERT_EQ(b.size(), 2u);
  expect_bundle(b[0], "default", "/crlf.pem", 3);
  expect_bundle(b[1], "z", "/last.pem", 5);
}

TEST(AwsConfig, OtherKeysEndingInCaBundleDoNotCount) {
  EXPECT_TRUE(parsed("[default]\nmy_ca_bundle = /a.pem\nca_bundle_extra = /b.pem\n").empty());
}

// The AWS CLI reads the file with Python's configparser.RawConfigParser (botocore's
// configloader), which takes "key: value" as well as "key = value" and lower-cases keys:
// python3 -c "import configparser; c = configparser.RawConfigParser();
//   c.read_string('[default]\nregion: us-east-1\nCA_Bundle: /colon.pem\n'); print(dict(c['default']))"
// prints {'region': 'us-east-1', 'ca_bundle': '/colon.pem'}.
TEST(AwsConfig, ColonSettingsAndUpperCaseKeysAreReadAsTheAwsCliReadsThem) {
  const auto b = parsed("[default]\nregion: us-east-1\nCA_Bundle: /colon.pem\n");
  ASSERT_EQ(b.size(), 1u);
  expect_bundle(b[0], "default", "/colon.pem", 3);
}

// botocore's configloader takes [default] and [profile NAME] as profiles; a bare [prod],
// [sso-session x] or [services x] in the config file is none, and neither is "[profile]".
// python3 -c "import botocore.configloader as c, tempfile; f = tempfile.NamedTemporaryFile('w', delete=False);
//   f.write('[prod]\nca_bundle = /a\n[profile q]\nca_bundle = /b\n'); f.close();
//   print(list(c.load_config(f.name)['profiles']))"  prints ['q'].
TEST(AwsConfig, OnlyDefaultAndProfileSectionsAreProfiles) {
  const auto b = parsed(
      "[prod]\nca_bundle = /bare.pem\n"                 // 1-2
      "[sso-session corp]\nca_bundle = /sso.pem\n"      // 3-4
      "[profile]\nca_bundle = /noname.pem\n"            // 5-6
      "[profile \"with space\"]\nca_bundle = /q.pem\n"  // 7-8
      "[profile default]\nca_bundle = /d.pem\n");       // 9-10
  ASSERT_EQ(b.size(), 2u);
  expect_bundle(b[0], "with space", "/q.pem", 8);
  expect_bundle(b[1], "default", "/d.pem", 10);
}

TEST(AwsConfig, TildeIsKeptAsWrittenWithoutAHome) {
  const auto b = parsed("[default]\nca_bundle = ~/ca.pem\n", "");
  ASSERT_EQ(b.size(), 1u);
  expect_bundle(b[0], "default", "~/ca.pem", 2);
}

TEST(AwsConfig, SectionHeaderWithoutClosingBracketNamesTheLine) {
  const std::string e = error_of("[default]\nregion = us-east-1\n\n[profile broken\nca_bundle = /x.pem\n");
  EXPECT_NE(e.find("line 4"), std::string::npos) << e;
  EXPECT_NE(e.find("]"), std::string::npos) << e;
}

TEST(AwsConfig, EmptySectionNameNamesTheLine) {
  const std::string e = error_of("[default]\nregion = x\n[ ]\n");
  EXPECT_NE(e.find("line 3"), std::string::npos) << e;
  EXPECT_NE(e.find("empty section"), std::string::npos) << e;
}

TEST(AwsConfig, LineThatIsNeitherSectionNorSettingNamesTheLineAndQuotesIt) {
  const std::string e = error_of("[default]\n# fine\nregion = x\nthis is not ini\n");
  EXPECT_NE(e.find("line 4"), std::string::npos) << e;
  EXPECT_NE(e.find("this is not ini"), std::string::npos) << e;
}

TEST(AwsConfig, SettingBeforeAnySectionNamesTheLine) {
  const std::string e = error_of("\n# header comment\nca_bundle = /early.pem\n[default]\n");
  EXPECT_NE(e.find("line 3"), std::string::npos) << e;
  EXPECT_NE(e.find("before any [section]"), std::string::npos) << e;
}

TEST(AwsConfig, IndentedLineOutsideASectionNamesTheLine) {
  const std::string e = error_of("\n  max_concurrent_requests = 10\n[default]\n");
  EXPECT_NE(e.find("line 2"), std::string::npos) << e;
  EXPECT_NE(e.find("indented"), std::string::npos) << e;
}

TEST(AwsConfig, AnErrorAfterAGoodCaBundleStillFailsTheWholeFile) {
  const std::string e = error_of("[default]\nca_bundle = /good.pem\n[unterminated\n");
  EXPECT_NE(e.find("line 3"), std::string::npos) << e;
}

}  // namespace
}  // namespace trustready
