// paths::build_paths in meshes of same-name CAs, where every CA is a candidate issuer of
// every other: the budget must find the short valid path first, and say so when it runs
// out. Certificates are made here by openssl (EC P-256: dozens of keys); whether a path
// exists is what `openssl verify` says, given the mesh in the order it needs (OpenSSL
// takes the first issuer by name and does not backtrack); the builder gets the worst order.
#include <gtest/gtest.h>

#include <chrono>

#include "cert/parse.h"
#include "paths/engines.h"
#include "paths/path_builder.h"
#include "support/fixtures.h"

namespace trustready {
namespace {

using testing::quote;
using testing::run;

cert::Certificate load(const std::string& file) {
  auto parsed = cert::parse_certificates(testing::read_file(file));
  if (!parsed || parsed->certificates.empty()) throw std::runtime_error("cannot read " + file);
  return parsed->certificates.front();
}

std::vector<cert::Certificate> load_all(const std::string& file) {
  auto parsed = cert::parse_certificates(testing::read_file(file));
  if (!parsed) throw std::runtime_error("cannot read " + file);
  return parsed->certificates;
}

/// Shell functions for the mesh scripts: key NAME; cert NAME KEY SUBJECT ISSUER_PEM ISSUER_KEY EXT
/// (ISSUER_PEM "-" self-signs with KEY).
const char* kShell =
    "set -e; key() { openssl ecparam -name prime256v1 -genkey -noout -out $1.key; }; "
    "n=100; cert() { n=$((n+1)); openssl req -new -key $2.key -subj \"/CN=$3\" -out $1.csr; "
    "if [ \"$4\" = - ]; then openssl x509 -req -in $1.csr -signkey $2.key -days 30 -set_serial $n "
    "-extfile $6 -out $1.pem; else openssl x509 -req -in $1.csr -CA $4.pem -CAkey $5.key -days 30 "
    "-set_serial $n -extfile $6 -out $1.pem; fi 2>/dev/null; }; ";

/// `openssl verify` at `at` over the leaf, with the root file as the only anchor.
testing::CommandResult openssl_verify(const testing::TempDir& dir, const std::string& root, const std::string& untrusted,
                                      TimePoint at) {
  const auto epoch = std::chrono::duration_cast<std::chrono::seconds>(at.time_since_epoch()).count();
  return run("openssl verify -attime " + std::to_string(epoch) + " -purpose sslserver -CAfile " + quote(dir / root) +
             " -untrusted " + quote(dir / untrusted) + " " + quote(dir / "leaf.pem"));
}

class PathMesh : public ::testing::Test {
 protected:
  void SetUp() override { TRUSTREADY_REQUIRE_TOOL("openssl"); }
  testing::TempDir dir;
};

// Issue 12: "Mesh Root" issued Mesh CA 1, which issued the leaf; Mesh CA 2..30 (one name,
// no key identifiers, each issued by the one before) are each a candidate issuer of the
// leaf and of one another. Depth first in the order given, the search spent its budget in
// the mesh and never came back to Mesh CA 1.
TEST_F(PathMesh, ThirtySameNameCasWithoutKeyIdsGiveTheThreeCertificatePathOpensslVerifies) {
  const auto r = run(
      "cd " + quote(dir.path()) + " && " + kShell +
      "printf 'basicConstraints=critical,CA:TRUE\\nkeyUsage=critical,keyCertSign,cRLSign\\n"
      "subjectKeyIdentifier=none\\nauthorityKeyIdentifier=none\\n' > ca.ext; "
      "printf 'basicConstraints=critical,CA:FALSE\\nkeyUsage=critical,digitalSignature\\nextendedKeyUsage=serverAuth\\n"
      "subjectAltName=DNS:mesh.test\\nsubjectKeyIdentifier=none\\nauthorityKeyIdentifier=none\\n' > leaf.ext; "
      "key root; cert root root 'Mesh Root' - - ca.ext; key m1; cert m1 m1 'Mesh CA' root root ca.ext; "
      "for i in $(seq 2 30); do key m$i; cert m$i m$i 'Mesh CA' m$((i-1)) m$((i-1)) ca.ext; done; "
      "key leaf; cert leaf leaf mesh.test m1 m1 leaf.ext; "
      "for i in $(seq 1 30); do cat m$i.pem; done > mesh.pem");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  paths::PathInput in;
  in.leaf = load(dir / "leaf.pem");
  in.at = now();
  in.host = "mesh.test";
  in.anchors = {load(dir / "root.pem")};
  auto mesh = load_all(dir / "mesh.pem");
  ASSERT_EQ(mesh.size(), 30u);
  const auto v = openssl_verify(dir, "root.pem", "mesh.pem", in.at);
  ASSERT_EQ(v.exit_code, 0) << "openssl verify rejects the mesh: " << v.out << v.err;

  in.presented.assign(mesh.rbegin(), mesh.rend());  // Mesh CA 1 last: the worst order
  const auto report = paths::build_paths(in);
  EXPECT_TRUE(report.incomplete.empty()) << report.incomplete;
  ASSERT_FALSE(report.paths.empty()) << report.no_path_reason;
  const auto& path = report.paths.front();
  ASSERT_EQ(path.certs.size(), 3u);
  EXPECT_EQ(path.certs[1].certificate.sha256(), mesh.front().sha256());
  // openssl does not ask for key identifiers; RFC 5280 does (4.2.1.1: an authority key
  // identifier in every certificate but a self-signed one; 4.2.1.2: a subject key
  // identifier in every CA certificate), and the builder's default profile follows it.
  // Nothing else is wrong with the path: no signature, no limit.
  for (const auto& problem : path.problems)
    EXPECT_TRUE(problem.find("(RFC 5280 4.2.1.1)") != std::string::npos ||
                problem.find("(RFC 5280 4.2.1.2)") != std::string::npos)
        << problem;
  // Thirty candidates for the leaf at each of two depths, one above Mesh CA 1.
  EXPECT_LE(report.work, 100u) << report.work;
}

/// Seven same-name CA keys, each cross-signed by every other, and "Mesh CA" under the
/// key that issued the leaf (G: once by "Mesh Root", and cross-signed by each of the
/// seven). Every signature verifies and every key identifier matches: tens of thousands
/// of paths, of which one short one ends at the root. Writes mesh.pem with G first.
void make_signed_mesh(const testing::TempDir& dir) {
  const auto r = run(
      "cd " + quote(dir.path()) + " && " + kShell +
      "printf 'basicConstraints=critical,CA:TRUE\\nkeyUsage=critical,keyCertSign,cRLSign\\n"
      "subjectKeyIdentifier=hash\\nauthorityKeyIdentifier=keyid\\n' > ca.ext; "
      "printf 'basicConstraints=critical,CA:FALSE\\nkeyUsage=critical,digitalSignature\\nextendedKeyUsage=serverAuth\\n"
      "subjectAltName=DNS:mesh.test\\nsubjectKeyIdentifier=hash\\nauthorityKeyIdentifier=keyid\\n' > leaf.ext; "
      "key root; cert root root 'Mesh Root' - - ca.ext; key impostor; cert impostor impostor 'Mesh Root' - - ca.ext; "
      "key g; cert g g 'Mesh CA' root root ca.ext; "
      "for b in 1 2 3 4 5 6 7; do key k$b; cert s$b k$b 'Mesh CA' - - ca.ext; done; "
      "for a in g k1 k2 k3 k4 k5 k6 k7; do for b in 1 2 3 4 5 6 7; do [ $a = k$b ] && continue; "
      "cert x_${a}_$b $a 'Mesh CA' s$b k$b ca.ext; done; done; "
      "key leaf; cert leaf leaf mesh.test g g leaf.ext; cat g.pem x_*.pem > mesh.pem");
  if (r.exit_code != 0) throw std::runtime_error("the signed mesh: " + r.err);
}

class SignedMesh : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!testing::tool_available("openssl")) return;
    dir_ = new testing::TempDir();
    make_signed_mesh(*dir_);
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  void SetUp() override {
    TRUSTREADY_REQUIRE_TOOL("openssl");
    ASSERT_TRUE(testing::read_file(*dir_ / "mesh.pem").size() > 0);
  }
  static testing::TempDir* dir_;
};
testing::TempDir* SignedMesh::dir_ = nullptr;

// The signed mesh: depth first, the search follows valid signatures into the mesh and
// spends its budget there; by depth, it finds leaf > G > root among the first paths.
TEST_F(SignedMesh, SameNameCasStillGiveTheShortPathOpensslVerifies) {
  const auto& dir = *dir_;
  paths::PathInput in;
  in.leaf = load(dir / "leaf.pem");
  in.at = now();
  in.host = "mesh.test";
  in.anchors = {load(dir / "root.pem")};
  auto mesh = load_all(dir / "mesh.pem");
  ASSERT_EQ(mesh.size(), 50u);
  const auto v = openssl_verify(dir, "root.pem", "mesh.pem", in.at);
  ASSERT_EQ(v.exit_code, 0) << "openssl verify rejects the mesh: " << v.out << v.err;

  in.presented.assign(mesh.rbegin(), mesh.rend());  // G last: the worst order
  const auto report = paths::build_paths(in);
  ASSERT_TRUE(report.any_valid()) << report.incomplete << report.no_path_reason;
  ASSERT_EQ(report.paths.front().certs.size(), 3u);
  EXPECT_EQ(report.paths.front().certs[1].certificate.sha256(), mesh.front().sha256());
  EXPECT_LE(report.work, in.policy.max_work + 1);
  EXPECT_TRUE(paths::ask_engine(paths::EngineId::Ideal, in).accepts);
}

// The same mesh with only an impostor "Mesh Root" (the name, another key) trusted: no
// path verifies, as openssl says; the search runs out of its budget in the mesh, and
// the verdict says exactly that, not a problem of one of the paths it happened to see.
TEST_F(SignedMesh, WithNoValidPathTheVerdictSaysTheBudgetRanOutOnce) {
  const auto& dir = *dir_;
  paths::PathInput in;
  in.leaf = load(dir / "leaf.pem");
  in.at = now();
  in.anchors = {load(dir / "impostor.pem")};
  in.presented = load_all(dir / "mesh.pem");
  const auto v = openssl_verify(dir, "impostor.pem", "mesh.pem", in.at);
  ASSERT_NE(v.exit_code, 0) << "openssl verify accepts under the impostor: " << v.out;

  in.policy.max_work = 5000;
  const auto report = paths::build_paths(in);
  EXPECT_FALSE(report.any_valid());
  EXPECT_EQ(report.incomplete, "stopped after examining 5000 issuer candidates");
  EXPECT_LE(report.work, in.policy.max_work + 1);
  EXPECT_EQ(report.no_path_reason, "the search stopped after examining 5000 issuer candidates without finding a path");
  const auto verdict = paths::ask_engine(paths::EngineId::Ideal, in);
  EXPECT_FALSE(verdict.accepts);
  EXPECT_EQ(verdict.reason, "the search stopped after examining 5000 issuer candidates without finding a valid path");
}

}  // namespace
}  // namespace trustready
