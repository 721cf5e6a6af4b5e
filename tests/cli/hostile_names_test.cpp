// Bytes from outside are safe in every output: a file name that is not UTF-8, or that
// carries terminal escape sequences and newlines, a certificate subject with an escape
// sequence, a --host with a stray byte. JSON stays parseable (checked with Python's own
// json module) and keeps the exact bytes beside the U+FFFD form; text shows the bytes
// escaped instead of handing them to the terminal.
#include <gtest/gtest.h>

#include "support/fixtures.h"

namespace trustready {
namespace {

using testing::quote;
using testing::run;
using testing::TempDir;

bool has_byte(const std::string& s, char c) { return s.find(c) != std::string::npos; }

class HostileNames : public ::testing::Test {
 protected:
  void SetUp() override {
    TRUSTREADY_REQUIRE_TOOL("python3");
    testing::write_bundle(root / "etc/ssl/certs/ca-certificates.crt", {"Amazon_Root_CA_1.pem"});
    testing::make_dirs(root / "usr/local/share/ca-certificates");
  }
  /// `trustready ARGS`, output to a file (stdout may hold any byte).
  testing::CommandResult trustready(const std::string& args) {
    auto r = run(quote(testing::binary()) + " " + args + " >" + quote(work / "out"));
    r.out = testing::read_file(work / "out");
    return r;
  }
  /// What Python's json module reads from the output: `expr` over the parsed `j`.
  /// (`as_repr`: Python's repr of it, else the string itself.)
  std::string python(const std::string& expr, bool as_repr = true) {
    const std::string shown = as_repr ? "repr(" + expr + ")" : expr;
    const auto r = run("python3 -c " + quote("import json,sys\nj=json.load(open(sys.argv[1],encoding='utf-8'))\n"
                                             "sys.stdout.write(" + shown + ")") + " " + quote(work / "out"));
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.out;
  }
  TempDir root, work;
};

TEST_F(HostileNames, FileNameWithByteFFKeepsCheckJsonParseableWithTheRawBytesBeside) {
  testing::write_bundle(root / "usr/local/share/ca-certificates/x\xff.pem", {"ISRG_Root_X1.pem"});
  const auto r = trustready("check --root " + quote(root.path()) + " --at 2026-12-01 --format json");
  EXPECT_NE(r.exit_code, 134) << "aborted: " << r.err;
  EXPECT_TRUE(r.exit_code == 0 || r.exit_code == 1) << r.err;
  // The problem names the file; its bytes, decoded by Python, hold the 0xFF byte.
  EXPECT_EQ(python("'x\\ufffd.pem' in j['anchor_sources'][0]['problems'][0]"), "True");
  EXPECT_EQ(python("b'x\\xff.pem' in bytes.fromhex(j['anchor_sources'][0]['problems_bytes'][0])"), "True");
}

TEST_F(HostileNames, FileNameWithByteFFKeepsStoresJsonParseable) {
  testing::write_bundle(root / "usr/local/share/ca-certificates/x\xff.pem", {"ISRG_Root_X1.pem"});
  const auto r = trustready("stores --root " + quote(root.path()) + " --format json");
  EXPECT_TRUE(r.exit_code == 0 || r.exit_code == 1) << r.err;
  EXPECT_EQ(python("any(b'x\\xff.pem' in bytes.fromhex(h) for s in j['stores'] for h in s.get('problems_bytes', []) if h)"),
            "True");
}

TEST_F(HostileNames, TextShowsAByteFFEscapedAndNeverRaw) {
  testing::write_bundle(root / "usr/local/share/ca-certificates/x\xff.pem", {"ISRG_Root_X1.pem"});
  const auto r = trustready("check --root " + quote(root.path()) + " --at 2026-12-01 --no-color");
  EXPECT_NE(r.out.find("x\\xff.pem"), std::string::npos) << r.out;
  EXPECT_FALSE(has_byte(r.out, '\xff')) << r.out;
}

// A name that would clear the screen and forge a report line of its own.
TEST_F(HostileNames, EscapeSequenceAndNewlineInAFileNameCannotForgeAReportLine) {
  const std::string name = "a\x1b[2J\nready    every trust store verifies.pem";
  testing::write_bundle(root / ("usr/local/share/ca-certificates/" + name), {"ISRG_Root_X1.pem"});
  for (const std::string cmd : {"check --at 2026-12-01", "stores"}) {
    SCOPED_TRACE(cmd);
    const auto r = trustready(cmd + " --root " + quote(root.path()) + " --no-color");
    EXPECT_FALSE(has_byte(r.out, '\x1b')) << r.out;
    EXPECT_NE(r.out.find("a\\x1b[2J\\nready"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("\nready    every trust store verifies.pem"), std::string::npos) << r.out;
  }
}

// A subject the openssl CLI encodes with an ESC byte in its CN.
TEST_F(HostileNames, EscapeSequenceInACertificateSubjectIsShownInTextJsonAndDot) {
  TRUSTREADY_REQUIRE_TOOL("openssl");
  const auto made = run("cd " + quote(work.path()) + " && openssl req -x509 -newkey ec -pkeyopt "
                        "ec_paramgen_curve:P-256 -nodes -days 3 -keyout k.pem -out c.pem -subj " +
                        quote("/CN=evil\x1b[31mred") + " 2>&1");
  ASSERT_EQ(made.exit_code, 0) << made.out;
  ASSERT_TRUE(has_byte(run("openssl x509 -in " + quote(work / "c.pem") + " -noout -subject -nameopt utf8").out, '\x1b'))
      << "the openssl CLI did not keep the ESC byte";
  const std::string args = "paths " + quote(work / "c.pem") + " --store " + quote(work / "c.pem");
  auto r = trustready(args + " --no-color");
  EXPECT_FALSE(has_byte(r.out, '\x1b')) << r.out;
  EXPECT_NE(r.out.find("evil\\x1b[31mred"), std::string::npos) << r.out;
  r = trustready(args + " --format dot");
  EXPECT_FALSE(has_byte(r.out, '\x1b')) << r.out;
  r = trustready(args + " --format json");
  EXPECT_FALSE(has_byte(r.out, '\x1b')) << r.out;
  // The subject in RFC 2253 form, as the openssl CLI prints it (which escapes the byte as \1B).
  auto subject = run("openssl x509 -in " + quote(work / "c.pem") + " -noout -subject -nameopt RFC2253").out;
  subject = subject.substr(subject.find('=') + 1);
  subject.pop_back();
  EXPECT_EQ(python("j['leaf']['subject']", false), subject) << r.out;
}

// A host with a byte no DNS name has (here half of a UTF-8 sequence) is no host: refused
// before anything is read, in one line that shows the byte instead of printing it.
TEST_F(HostileNames, HostWithAStrayByteIsRefusedInOneLineThatShowsTheByte) {
  testing::write_bundle(work / "chain.pem", {"amazon1_x_sfsg2.pem"});
  const auto r = trustready("paths " + quote(work / "chain.pem") + " --host " + quote("a\xc3\x28.example") +
                            " --format json");
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "trustready: --host 'a\\xc3(.example': byte 195 at position 2 (a DNS name has letters, digits, "
                   "'-' and '_'; an IDN is given as its xn-- form)\n");
}

}  // namespace
}  // namespace trustready
