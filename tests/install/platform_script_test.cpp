// fix --platform macos|windows: golden plans and the scripts they are written as. The
// argv are as Apple's security(1) and Microsoft's certutil documentation give them; every
// fingerprint is the openssl CLI's, on data/certs; the macOS script runs under the real
// /bin/sh with a fake `security` that records what it is called with.
#include "install/platform_script.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <sstream>

#include "catalog/catalog.h"
#include "fs/root_fs.h"
#include "run/run_fix.h"
#include "support/fixtures.h"

namespace trustready {
namespace {

using testing::quote;
using testing::real_cert;
using testing::run;
using testing::TempDir;

constexpr const char* kKeychain = "/Library/Keychains/System.keychain";

/// The five anchors amazontrust.com tells custom stores to hold, as data/certs names them.
const std::vector<std::string> kRecommended = {"Amazon_Root_CA_1", "Amazon_Root_CA_2", "Amazon_Root_CA_3",
                                               "Amazon_Root_CA_4",
                                               "Starfield_Services_Root_Certificate_Authority_-_G2"};

const catalog::Migration& ats() {
  static const catalog::Catalog c = catalog::Catalog::embedded().value();
  return *c.find("aws-ats");
}

/// `openssl x509 -fingerprint -sha1`, colons removed: the thumbprint Windows shows.
std::string openssl_sha1(const std::string& stem) {
  const auto r = run("openssl x509 -in " + quote(real_cert(stem + ".pem")) + " -noout -fingerprint -sha1");
  const auto eq = r.out.find('=');
  if (r.exit_code != 0 || eq == std::string::npos) return "";
  std::string hex;
  for (char c : r.out.substr(eq + 1))
    if (std::isxdigit(static_cast<unsigned char>(c))) hex += c;
  return hex;
}

/// `openssl x509 -serial`: what a rollback must never delete by.
std::string openssl_serial(const std::string& stem) {
  const auto r = run("openssl x509 -in " + quote(real_cert(stem + ".pem")) + " -noout -serial");
  std::string serial = r.out.substr(r.out.find('=') + 1);
  while (!serial.empty() && (serial.back() == '\n' || serial.back() == '\r')) serial.pop_back();
  return serial;
}

std::string sha256_of(const std::string& stem) { return testing::openssl_fingerprint(real_cert(stem + ".pem")); }

/// An exported root store holding only ISRG Root X1: it lacks every ATS anchor.
struct ExportedStore {
  TempDir dir;
  std::string path = dir / "exported.pem";
  ExportedStore() { testing::write_bundle(path, {"ISRG_Root_X1.pem"}); }

  run::FixPlan plan(install::PlatformKind kind) const {
    auto root = fs::RootFs::open(dir.path()).value();
    const judge::JudgeOptions options{parse_time(testing::kTestDate).value(), std::chrono::days{365}};
    return run::plan_platform_fix(root, ats(), kind, {"/exported.pem"}, options);
  }
  /// `trustready fix --platform KIND --store exported.pem --output OUT`.
  testing::CommandResult write_script(const std::string& kind, const std::string& out) const {
    return run(quote(testing::binary()) + " fix --platform " + kind + " --store " + quote(path) + " --at " +
               testing::kTestDate + " --output " + quote(out));
  }
};

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

bool has_line(const std::string& text, const std::string& line) {
  const auto all = lines_of(text);
  return std::find(all.begin(), all.end(), line) != all.end();
}

TEST(PlatformScript, MacOsPlanTrustsEachMissingAnchorInTheSystemKeychainAsSecurityDocumentsIt) {
  const ExportedStore store;
  const auto planned = store.plan(install::PlatformKind::MacOs);
  ASSERT_EQ(planned.plan.stores.size(), 1u);
  const auto& p = planned.plan.stores.front();
  EXPECT_EQ(p.writer, "macos");
  EXPECT_EQ(planned.plan.platform, "macos");
  ASSERT_EQ(p.steps.size(), kRecommended.size());
  for (std::size_t i = 0; i < kRecommended.size(); ++i) {
    const auto& s = p.steps[i];
    const std::string file = kRecommended[i] + ".cer";
    EXPECT_EQ(s.kind, install::StepKind::RunCommand);
    EXPECT_EQ(s.command.argv, (std::vector<std::string>{"security", "add-trusted-cert", "-d", "-r", "trustRoot", "-k",
                                                        kKeychain, file}));
    ASSERT_EQ(s.certs.size(), 1u);
    EXPECT_EQ(s.certs[0].sha256.hex(), sha256_of(kRecommended[i]));
    ASSERT_EQ(s.undo.size(), 2u);
    EXPECT_EQ(s.undo[0].argv, (std::vector<std::string>{"security", "remove-trusted-cert", "-d", file}));
    EXPECT_EQ(s.undo[1].argv,
              (std::vector<std::string>{"security", "delete-certificate", "-Z", openssl_sha1(kRecommended[i]), kKeychain}));
  }
  EXPECT_TRUE(std::any_of(p.notes.begin(), p.notes.end(),
                          [](const std::string& n) { return n.find("macOS 11 and later ask for an administrator's password") != std::string::npos; }));
  EXPECT_TRUE(planned.plan.files.empty()) << "nothing of this host changes";
}

TEST(PlatformScript, WindowsPlanAddsToRootAsCertutilDocumentsIt) {
  const ExportedStore store;
  const auto planned = store.plan(install::PlatformKind::Windows);
  ASSERT_EQ(planned.plan.stores.size(), 1u);
  const auto& p = planned.plan.stores.front();
  EXPECT_EQ(p.writer, "windows");
  ASSERT_EQ(p.steps.size(), kRecommended.size());
  for (std::size_t i = 0; i < kRecommended.size(); ++i) {
    EXPECT_EQ(p.steps[i].command.argv,
              (std::vector<std::string>{"certutil", "-addstore", "-f", "ROOT", kRecommended[i] + ".cer"}));
    EXPECT_EQ(p.steps[i].certs.at(0).sha256.hex(), sha256_of(kRecommended[i]));
  }
  EXPECT_TRUE(std::any_of(p.notes.begin(), p.notes.end(),
                          [](const std::string& n) { return n.find("elevated") != std::string::npos; }));
}

TEST(PlatformScript, WindowsRollbackDeletesByThumbprintNeverBySerial) {
  const ExportedStore store;
  const auto planned = store.plan(install::PlatformKind::Windows);
  ASSERT_EQ(planned.plan.stores.size(), 1u);
  const auto& steps = planned.plan.stores.front().steps;
  ASSERT_EQ(steps.size(), kRecommended.size());
  const std::string script = install::windows_script(planned.plan);
  for (std::size_t i = 0; i < kRecommended.size(); ++i) {
    const std::string thumbprint = openssl_sha1(kRecommended[i]);
    ASSERT_EQ(thumbprint.size(), 40u);
    ASSERT_EQ(steps[i].undo.size(), 1u);
    EXPECT_EQ(steps[i].undo[0].argv, (std::vector<std::string>{"certutil", "-delstore", "ROOT", thumbprint}));
    EXPECT_TRUE(has_line(script, "    Undo-Tool 'certutil', '-delstore', 'ROOT', '" + thumbprint + "'")) << thumbprint;
    // Starfield Services G2's serial is 00: deleting by serial would match any other serial-0 root.
    const std::string serial = openssl_serial(kRecommended[i]);
    ASSERT_FALSE(serial.empty());
    EXPECT_NE(steps[i].undo[0].argv.back(), serial);
    if (serial.size() >= 8) {
      EXPECT_EQ(script.find(serial), std::string::npos) << "the serial " << serial << " is in the script";
    }
  }
}

/// The base64 of each here-string in a PowerShell script ($der = @' ... '@), in order.
std::vector<std::string> here_strings(const std::string& script) {
  std::vector<std::string> out;
  std::string* into = nullptr;
  for (const auto& line : lines_of(script)) {
    if (line == "  $der = @'") into = &out.emplace_back();
    else if (line == "'@") into = nullptr;
    else if (into) *into += line + "\n";
  }
  return out;
}

TEST(PlatformScript, WindowsScriptWritesCatalogDerChecksItsHashThenRunsCertutil) {
  const ExportedStore store;
  const std::string script = install::windows_script(store.plan(install::PlatformKind::Windows).plan);
  const auto all = lines_of(script);
  const auto first_code = std::find_if(all.begin(), all.end(), [](const std::string& l) { return !l.starts_with("#"); });
  ASSERT_NE(first_code, all.end());
  EXPECT_EQ(*first_code, "param([switch]$Rollback)") << "param() must be the script's first statement";
  EXPECT_EQ(*(first_code + 1), "$ErrorActionPreference = 'Stop'");
  EXPECT_TRUE(has_line(script, "  [IO.File]::WriteAllBytes($path, [Convert]::FromBase64String($Base64))"));
  EXPECT_TRUE(has_line(script, "  $sum = (Get-FileHash -Algorithm SHA256 -LiteralPath $path).Hash.ToLowerInvariant()"));
  EXPECT_TRUE(has_line(script, "  if ($LASTEXITCODE -ne 0) { throw \"trustready: $($Argv -join ' ') failed (exit $LASTEXITCODE)\" }"));
  EXPECT_TRUE(has_line(script, "  if ($Rollback) {"));
  for (const auto& stem : kRecommended) {
    EXPECT_TRUE(has_line(script, "    Invoke-Tool 'certutil', '-addstore', '-f', 'ROOT', '" + stem + ".cer'")) << stem;
    EXPECT_TRUE(has_line(script, "  Write-Cert '" + stem + "' '" + sha256_of(stem) + "' $der")) << stem;
  }
  // Each embedded certificate, decoded by the openssl CLI, is the catalog's.
  const auto blobs = here_strings(script);
  ASSERT_EQ(blobs.size(), kRecommended.size());
  TempDir dir;
  for (std::size_t i = 0; i < blobs.size(); ++i) {
    testing::write_file(dir / "b64", blobs[i]);
    ASSERT_EQ(run("openssl base64 -d -in " + quote(dir / "b64") + " -out " + quote(dir / "der")).exit_code, 0);
    EXPECT_EQ(testing::openssl_fingerprint(dir / "der", "DER"), sha256_of(kRecommended[i])) << kRecommended[i];
  }
  EXPECT_TRUE(std::all_of(script.begin(), script.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; }))
      << "Windows PowerShell 5.1 reads a file without a BOM as ANSI: the script stays ASCII";
}

/// A folder with a fake `security` on PATH that records each call (argv joined by '|')
/// and the SHA-256 (coreutils' sha256sum) of the .cer file it is given.
struct FakeSecurity {
  TempDir dir;
  std::string calls = dir / "calls";
  FakeSecurity() {
    testing::make_dirs(dir / "bin");
    testing::write_file(dir / "bin/security",
                        "#!/bin/sh\nline=security\nfor a; do line=\"$line|$a\"; last=$a; done\n"
                        "echo \"$line\" >> " + quote(calls) + "\n"
                        "case \"$last\" in *.cer) echo \"sha256=$(sha256sum \"$last\" | cut -d ' ' -f 1)\" >> " +
                            quote(calls) + " ;; esac\n");
    run("chmod +x " + quote(dir / "bin/security"));
  }
  testing::CommandResult run_script(const std::string& script, const std::string& args = "") const {
    return run("PATH=" + quote(dir / "bin") + ":\"$PATH\" sh " + quote(script) + " " + args);
  }
  std::vector<std::string> recorded() const {
    return run("test -f " + quote(calls)).exit_code == 0 ? lines_of(testing::read_file(calls)) : std::vector<std::string>{};
  }
};

#define REQUIRE_SCRIPT_TOOLS()                \
  do {                                        \
    TRUSTREADY_REQUIRE_TOOL("openssl");       \
    TRUSTREADY_REQUIRE_TOOL("shasum");        \
    TRUSTREADY_REQUIRE_TOOL("sha256sum");     \
  } while (0)

TEST(PlatformScript, MacOsScriptPassesShSyntaxCheck) {
  const ExportedStore store;
  const std::string script = store.dir / "fix.sh";
  const auto written = store.write_script("macos", script);
  ASSERT_EQ(written.exit_code, 0) << written.err;
  const auto text = testing::read_file(script);
  EXPECT_TRUE(text.starts_with("#!/bin/sh\n"));
  EXPECT_TRUE(has_line(text, "set -eu"));
  const auto syntax = run("sh -n " + quote(script));
  EXPECT_EQ(syntax.exit_code, 0) << syntax.err;
}

TEST(PlatformScript, MacOsScriptCallsSecurityWithTheDocumentedArgvOnTheCatalogsBytes) {
  REQUIRE_SCRIPT_TOOLS();
  const ExportedStore store;
  const FakeSecurity fake;
  const std::string script = store.dir / "fix.sh";
  ASSERT_EQ(store.write_script("macos", script).exit_code, 0);
  const auto ran = fake.run_script(script);
  ASSERT_EQ(ran.exit_code, 0) << ran.err;
  std::vector<std::string> expected;
  for (const auto& stem : kRecommended) {
    expected.push_back("security|add-trusted-cert|-d|-r|trustRoot|-k|/Library/Keychains/System.keychain|" + stem + ".cer");
    expected.push_back("sha256=" + sha256_of(stem));
  }
  EXPECT_EQ(fake.recorded(), expected);
}

TEST(PlatformScript, MacOsRollbackRemovesTrustThenDeletesBySha1InReverseOrder) {
  REQUIRE_SCRIPT_TOOLS();
  const ExportedStore store;
  const FakeSecurity fake;
  const std::string script = store.dir / "fix.sh";
  ASSERT_EQ(store.write_script("macos", script).exit_code, 0);
  const auto ran = fake.run_script(script, "--rollback");
  ASSERT_EQ(ran.exit_code, 0) << ran.err;
  std::vector<std::string> expected;
  for (auto it = kRecommended.rbegin(); it != kRecommended.rend(); ++it) {
    expected.push_back("security|remove-trusted-cert|-d|" + *it + ".cer");
    expected.push_back("sha256=" + sha256_of(*it));
    expected.push_back("security|delete-certificate|-Z|" + openssl_sha1(*it) + "|/Library/Keychains/System.keychain");
  }
  EXPECT_EQ(fake.recorded(), expected);
}

TEST(PlatformScript, MacOsScriptRefusesAnAlteredCertificateBeforeCallingSecurity) {
  REQUIRE_SCRIPT_TOOLS();
  const ExportedStore store;
  const FakeSecurity fake;
  const std::string script = store.dir / "fix.sh";
  ASSERT_EQ(store.write_script("macos", script).exit_code, 0);
  // One base64 digit of Amazon Root CA 2's signature (the last line of its here-doc) changed.
  auto lines = lines_of(testing::read_file(script));
  auto start = std::find_if(lines.begin(), lines.end(), [](const std::string& l) { return l.starts_with("write_cert Amazon_Root_CA_2 "); });
  ASSERT_NE(start, lines.end());
  auto end = std::find(start, lines.end(), "-----END CERTIFICATE-----");
  ASSERT_NE(end, lines.end());
  auto& digit = (end - 1)->front();
  digit = digit == 'A' ? 'B' : 'A';
  std::string edited;
  for (const auto& l : lines) edited += l + "\n";
  testing::write_file(script, edited);

  const auto ran = fake.run_script(script);
  EXPECT_NE(ran.exit_code, 0);
  EXPECT_NE(ran.err.find("Amazon_Root_CA_2.cer: SHA-256"), std::string::npos) << ran.err;
  EXPECT_NE(ran.err.find("not " + sha256_of("Amazon_Root_CA_2")), std::string::npos) << ran.err;
  EXPECT_TRUE(fake.recorded().empty()) << "security was called before every certificate was checked";
}

TEST(PlatformScript, MacOsScriptRefusesAnUnknownArgument) {
  const ExportedStore store;
  const FakeSecurity fake;
  const std::string script = store.dir / "fix.sh";
  ASSERT_EQ(store.write_script("macos", script).exit_code, 0);
  EXPECT_EQ(fake.run_script(script, "--rolback").exit_code, 2);
  EXPECT_TRUE(fake.recorded().empty());
}

/// The PEM of `stem` as PowerShell's ToBase64String(..., 'InsertLineBreaks') and
/// Set-Content write it: 76-column base64, CRLF line ends (made by openssl and base64).
std::string as_powershell_exports(const TempDir& dir, const std::string& stem) {
  const std::string der = dir / (stem + ".der");
  EXPECT_EQ(run("openssl x509 -in " + quote(real_cert(stem + ".pem")) + " -outform DER -out " + quote(der)).exit_code, 0);
  const auto b64 = run("base64 -w 76 " + quote(der));
  std::string out = "-----BEGIN CERTIFICATE-----\r\n";
  for (const auto& line : lines_of(b64.out)) out += line + "\r\n";
  return out + "-----END CERTIFICATE-----\r\n";
}

TEST(PlatformScript, PowerShellExportWithCrlfAnd76ColumnLinesIsReadAndJudged) {
  TempDir dir;
  std::string exported;
  for (const auto& stem : kRecommended) exported += as_powershell_exports(dir, stem);
  exported += as_powershell_exports(dir, "ISRG_Root_X1");
  testing::write_file(dir / "exported.pem", exported);
  auto root = fs::RootFs::open(dir.path()).value();
  const judge::JudgeOptions options{parse_time(testing::kTestDate).value(), std::chrono::days{365}};
  const auto planned = run::plan_platform_fix(root, ats(), install::PlatformKind::Windows, {"/exported.pem"}, options);
  ASSERT_EQ(planned.check.stores.size(), 1u);
  EXPECT_FALSE(planned.check.stores[0].store.error);
  EXPECT_EQ(planned.check.stores[0].store.certificates.size(), kRecommended.size() + 1);
  EXPECT_TRUE(planned.plan.empty()) << "a store holding every recommended anchor needs nothing";
  EXPECT_TRUE(has_line(install::windows_script(planned.plan), "Write-Host 'trustready: nothing to change'"));
}

TEST(PlatformScript, FixApplyWithPlatformIsAUsageError) {
  const ExportedStore store;
  const auto r = run(quote(testing::binary()) + " fix --apply --platform macos --store " + quote(store.path));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("fix --apply --platform macos: run trustready on macOS itself; from Linux it writes the script"),
            std::string::npos)
      << r.err;
}

TEST(PlatformScript, FixPlatformWithoutStoreIsAUsageError) {
  const auto r = run(quote(testing::binary()) + " fix --platform windows");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--store EXPORTED.pem is required"), std::string::npos) << r.err;
}

TEST(PlatformScript, FixPlatformWritesTheScriptToStdoutWithoutOutput) {
  const ExportedStore store;
  const auto r = run(quote(testing::binary()) + " fix --platform windows --store " + quote(store.path) + " --at " +
                     testing::kTestDate);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(has_line(r.out, "param([switch]$Rollback)"));
  EXPECT_TRUE(has_line(r.out, "    Invoke-Tool 'certutil', '-addstore', '-f', 'ROOT', 'Amazon_Root_CA_1.cer'"));
}

}  // namespace
}  // namespace trustready
