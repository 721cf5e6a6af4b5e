// paths::build_paths on hostile shapes, with certificates made here by openssl: a
// cross-sign cycle, many issuers of one name, duplicates, and an enormous chain file.
#include <gtest/gtest.h>

#include "cert/parse.h"
#include "paths/path_builder.h"
#include "support/fixtures.h"
#include "support/test_pki.h"

namespace trustready {
namespace {

using testing::quote;
using testing::run;

cert::Certificate load(const std::string& file) {
  auto parsed = cert::parse_certificates(testing::read_file(file));
  if (!parsed || parsed->certificates.empty()) throw std::runtime_error("cannot read " + file);
  return parsed->certificates.front();
}

class PathBuilder : public ::testing::Test {
 protected:
  void SetUp() override { TRUSTREADY_REQUIRE_TOOL("openssl"); }
  testing::TempDir dir;
};

// A and B cross-sign each other: a cycle a careless builder follows forever.
TEST_F(PathBuilder, CrossSignCycleEndsAndStillFindsThePathToTheTrustedRoot) {
  testing::TestPki pki(dir);
  pki.root("A");
  pki.root("B");
  pki.ca("A", "B", -1, 1000, "a_x_b.pem");
  pki.ca("B", "A", -1, 1000, "b_x_a.pem");
  pki.ca("Issuing", "A");
  pki.leaf("leaf", "Issuing", "cycle.test");
  paths::PathInput in;
  in.leaf = load(pki.path("leaf.pem"));
  in.presented = {load(pki.path("Issuing.pem")), load(pki.path("a_x_b.pem")), load(pki.path("b_x_a.pem"))};
  in.at = now();
  pki.root("Unrelated");
  in.anchors = {load(pki.path("Unrelated.pem"))};
  auto report = paths::build_paths(in);
  EXPECT_TRUE(report.paths.empty());
  EXPECT_TRUE(report.incomplete.empty()) << report.incomplete;
  // No certificate of the store is named above the chain (A and B name each other): said
  // without a search, naming every issuer name the chain has.
  EXPECT_EQ(report.work, 0u);
  EXPECT_NE(report.no_path_reason.find("no certificate in the store is named as the issuer of leaf"), std::string::npos)
      << report.no_path_reason;
  EXPECT_NE(report.no_path_reason.find("CN=A; CN=B"), std::string::npos) << report.no_path_reason;

  in.anchors = {load(pki.path("B.pem"))};
  report = paths::build_paths(in);
  ASSERT_TRUE(report.any_valid()) << (report.paths.empty() ? report.no_path_reason : report.paths[0].problems[0]);
  // leaf > Issuing > A (cross-signed by B) > B: the one path; b_x_a leads back to A.
  EXPECT_EQ(report.paths.size(), 1u);
  EXPECT_EQ(report.paths[0].certs.size(), 4u);
}

TEST_F(PathBuilder, DuplicatedIntermediatesGiveOnePath) {
  testing::TestPki pki(dir);
  pki.root("Root");
  pki.ca("Issuing", "Root");
  pki.leaf("leaf", "Issuing", "dup.test");
  paths::PathInput in;
  in.leaf = load(pki.path("leaf.pem"));
  const auto issuing = load(pki.path("Issuing.pem"));
  in.presented = {issuing, issuing, issuing, in.leaf};
  in.anchors = {load(pki.path("Root.pem")), load(pki.path("Root.pem"))};
  in.at = now();
  const auto report = paths::build_paths(in);
  ASSERT_EQ(report.paths.size(), 1u);
  EXPECT_TRUE(report.any_valid()) << report.paths[0].problems[0];
}

// 60 CA certificates of one name, each a candidate issuer of every other: the number of
// orderings is astronomical. No certificate of the store is named as the issuer of any of
// them, so no search can find a path: the builder says so without searching.
TEST_F(PathBuilder, ManyIssuersOfOneNameAndAStoreNamingNoneOfThemSayWhyWithoutSearching) {
  const auto r = run("cd " + quote(dir.path()) +
                     " && for i in $(seq 1 60); do openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 "
                     "-nodes -keyout k$i.key -subj '/CN=Same Name CA' -days 30 -out c$i.pem "
                     "-addext basicConstraints=critical,CA:TRUE 2>/dev/null || exit 1; done && "
                     "openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout leaf.key "
                     "-subj /CN=leaf.test -out leaf.csr 2>/dev/null && "
                     "openssl x509 -req -in leaf.csr -CA c1.pem -CAkey k1.key -set_serial 7 -days 30 -out leaf.pem "
                     "2>/dev/null");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  paths::PathInput in;
  in.leaf = load(dir / "leaf.pem");
  for (int i = 1; i <= 60; ++i) {
    // Issued by "Same Name CA" too, so each is a candidate above each other one.
    std::string name = "c";  // built in steps: GCC 12's -Wrestrict misfires on "c" + std::string
    name += std::to_string(i);
    name += ".pem";
    in.presented.push_back(load(dir / name));
  }
  testing::TestPki pki(dir);
  pki.root("Unrelated Root");
  in.anchors = {load(pki.path("Unrelated Root.pem"))};
  in.at = now();
  const auto report = paths::build_paths(in);
  EXPECT_TRUE(report.paths.empty());
  EXPECT_TRUE(report.incomplete.empty()) << report.incomplete;
  EXPECT_EQ(report.work, 0u);
  EXPECT_EQ(report.no_path_reason, "no certificate in the store is named as the issuer of Same Name CA (issuer CN=Same Name CA)");
}

// One name, two keys: "Twin Root" self-signed under key 1 and again under key 2. The leaf
// is signed by key 1. With only the key-2 twin trusted, the one path fails its signature
// check and says so; with both, the key-1 twin anchors a valid path.
TEST_F(PathBuilder, ANameThatSignsItselfUnderTwoKeysOnlyAnchorsWithTheRightKey) {
  testing::TestPki pki(dir);
  pki.root("Twin Root");
  run("cp " + quote(pki.path("Twin Root.pem")) + " " + quote(pki.path("twin1.pem")));
  run("mv " + quote(pki.path("Twin Root.key")) + " " + quote(pki.path("twin1.key")));
  pki.root("Twin Root");  // a new key under the same name
  run("cp " + quote(pki.path("Twin Root.pem")) + " " + quote(pki.path("twin2.pem")));
  run("cp " + quote(pki.path("twin1.pem")) + " " + quote(pki.path("Twin Root.pem")));
  run("cp " + quote(pki.path("twin1.key")) + " " + quote(pki.path("Twin Root.key")));
  pki.leaf("leaf", "Twin Root", "twin.test");
  paths::PathInput in;
  in.leaf = load(pki.path("leaf.pem"));
  in.at = now();
  in.anchors = {load(pki.path("twin2.pem"))};
  auto report = paths::build_paths(in);
  ASSERT_EQ(report.paths.size(), 1u);
  EXPECT_FALSE(report.any_valid());
  ASSERT_FALSE(report.paths[0].problems.empty());
  EXPECT_NE(report.paths[0].problems[0].find("does not verify under the key of Twin Root"), std::string::npos)
      << report.paths[0].problems[0];

  // With both, the key-1 twin anchors the one path; the key-2 twin, whose key did not
  // sign the leaf, is shown only when nothing else is found (as above).
  in.anchors = {load(pki.path("twin2.pem")), load(pki.path("twin1.pem"))};
  report = paths::build_paths(in);
  ASSERT_EQ(report.paths.size(), 1u);
  EXPECT_TRUE(report.any_valid());
  EXPECT_EQ(report.paths[0].certs.back().certificate.sha256(), load(pki.path("twin1.pem")).sha256());
}

// Root > CA1 > ... > CA100 > leaf: a path far longer than any client follows. The search
// stops at the depth limit (16 certificates) and says so; with the limit raised the one
// path is found and is valid, so it was the limit and nothing else.
TEST_F(PathBuilder, HundredIntermediatesStopAtTheDepthLimitWithAReason) {
  const auto r = run(
      "cd " + quote(dir.path()) +
      " && printf 'basicConstraints=critical,CA:TRUE\\nkeyUsage=critical,keyCertSign\\n"
      "subjectKeyIdentifier=hash\\nauthorityKeyIdentifier=keyid\\n' > ca.ext"
      " && printf 'basicConstraints=critical,CA:FALSE\\nsubjectAltName=DNS:deep.test\\n"
      "subjectKeyIdentifier=hash\\nauthorityKeyIdentifier=keyid\\n' > leaf.ext"
      " && openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca0.key -subj /CN=CA0"
      " -days 30 -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign -out ca0.pem"
      " 2>/dev/null && for i in $(seq 1 100); do p=$((i-1));"
      " openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca$i.key -subj /CN=CA$i"
      " 2>/dev/null | openssl x509 -req -CA ca$p.pem -CAkey ca$p.key -set_serial $((i+100)) -days 30"
      " -extfile ca.ext -out ca$i.pem 2>/dev/null || exit 1; done"
      " && openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout leaf.key -subj /CN=deep.test"
      " 2>/dev/null | openssl x509 -req -CA ca100.pem -CAkey ca100.key -set_serial 7 -days 30 -extfile leaf.ext"
      " -out leaf.pem 2>/dev/null");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  paths::PathInput in;
  in.leaf = load(dir / "leaf.pem");
  for (int i = 100; i >= 1; --i) {
    std::string name = "ca";  // built in steps: GCC 12's -Wrestrict misfires on "ca" + std::string
    name += std::to_string(i);
    name += ".pem";
    in.presented.push_back(load(dir / name));
  }
  in.anchors = {load(dir / "ca0.pem")};
  in.at = now();
  auto report = paths::build_paths(in);
  EXPECT_TRUE(report.paths.empty());
  EXPECT_NE(report.no_path_reason.find("paths longer than 16 were not followed"), std::string::npos)
      << report.no_path_reason;
  // Each CA has one issuer, so one candidate per level; each depth is searched again from
  // the leaf (iterative deepening), so at most 1 + 2 + ... + 15 candidates.
  EXPECT_LE(report.work, in.policy.max_depth * (in.policy.max_depth - 1) / 2);

  in.policy.max_depth = 200;
  report = paths::build_paths(in);
  ASSERT_EQ(report.paths.size(), 1u) << report.no_path_reason;
  EXPECT_EQ(report.paths[0].certs.size(), 102u);
  EXPECT_TRUE(report.any_valid()) << report.paths[0].problems.front();
}

}  // namespace
}  // namespace trustready
