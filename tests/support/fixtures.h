// Test support: temporary trees, real certificates, running real tools.
#pragma once

#include <string>
#include <vector>

namespace trustready::testing {

/// A fresh directory under $TMPDIR, removed with everything in it at scope exit.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  /// path() + "/" + relative
  std::string operator/(const std::string& relative) const { return path_ + "/" + relative; }

 private:
  std::string path_;
};

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

/// The date the tests judge at (`--at`) wherever they compare trustready with a real tool
/// on the catalog's real certificates. The tool is given the same time, so a comparison
/// holds whatever day the suite runs (it runs under faketime at 2028, 2034 and 2037 too).
inline constexpr const char* kTestDate = "2026-12-01";
/// kTestDate as seconds since the epoch (`date -u -d 2026-12-01 +%s`), for `openssl verify -attime`.
inline constexpr const char* kTestEpoch = "1796083200";
/// `command` with the clock at `day` 00:00:00 UTC, for tools with no time option (certtool):
/// libfaketime with an absolute time, so it holds inside a faketime run of the suite too
/// (the faketime wrapper, nested, would compute an offset from the outer fake time).
std::string at_day(const std::string& day, const std::string& command);
/// at_day(kTestDate, command).
std::string at_test_date(const std::string& command);

/// Runs `command` through /bin/sh with a 60 s limit; stdout and stderr captured apart.
CommandResult run(const std::string& command);

/// Single-quotes for /bin/sh.
std::string quote(const std::string& s);

/// The source tree's data/certs/NAME (real public certificates).
std::string real_cert(const std::string& file);
/// The project source directory.
std::string source_dir();
/// The trustready binary under test.
std::string binary();

void write_file(const std::string& path, const std::string& content);
std::string read_file(const std::string& path);
void make_dirs(const std::string& path);
/// Concatenates the given data/certs files into one PEM bundle at `path`.
void write_bundle(const std::string& path, const std::vector<std::string>& cert_files);

/// True when `tool` is on PATH and usable here (for unshare: a mount namespace can be made,
/// which needs root or CAP_SYS_ADMIN).
bool tool_available(const std::string& tool);

/// SHA-256 fingerprint of a certificate file as the openssl CLI prints it, in lowercase hex
/// without colons (`inform` "PEM" or "DER"); empty when openssl fails.
std::string openssl_fingerprint(const std::string& file, const std::string& inform = "PEM");
/// The DER of a PEM certificate file, converted by the openssl CLI (written under `dir`).
std::string der_of(const TempDir& dir, const std::string& pem_file);

/// One recorded root from tests/data/roots.tsv (a copy of shared/facts/roots.tsv, computed
/// with the openssl CLI from Debian's ca-certificates): facts from outside the code.
struct RecordedRoot {
  std::string name;
  std::string debian_file;
  std::string subject;  ///< RFC 2253
  std::string sha256;
  std::string pin;
  std::string not_after;
};
std::vector<RecordedRoot> recorded_roots();

/// The suite runs under CI: CI is set to a non-empty value other than "false" and "0".
/// There .ci/run has installed every tool the tests use and runs them as root.
bool under_ci();

/// Skips the test outside CI, naming what is missing; fails it under CI, where nothing a
/// test uses may be missing. The one way a test may skip for a missing tool or file.
#define TRUSTREADY_SKIP_OUTSIDE_CI(why)                                              \
  do {                                                                               \
    if (::trustready::testing::under_ci()) FAIL() << why << " (required under CI)"; \
    GTEST_SKIP() << why;                                                             \
  } while (0)

/// Skips (outside CI) or fails (under CI) the test when `tool` is not available.
#define TRUSTREADY_REQUIRE_TOOL(tool)                                                      \
  do {                                                                                     \
    if (!::trustready::testing::tool_available(tool))                                      \
      TRUSTREADY_SKIP_OUTSIDE_CI((tool) << " not available");                              \
  } while (0)

/// A private mount namespace (unshare --mount), where the real update tools run over
/// copies and files are hidden from a test's own processes: it needs root (or
/// CAP_SYS_ADMIN). Skipped, saying so, when not root outside CI; under CI (as root) a failure.
#define TRUSTREADY_REQUIRE_MOUNT_NAMESPACE()                                                         \
  do {                                                                                               \
    if (!::trustready::testing::tool_available("unshare"))                                           \
      TRUSTREADY_SKIP_OUTSIDE_CI("needs root: a private mount namespace (unshare --mount)");       \
  } while (0)

/// Skips a test that this machine cannot run at all, even under CI, saying why: it needs
/// root (CI runs as root), or a kernel feature (openat2) that is not there.
#define TRUSTREADY_SKIP_NOT_POSSIBLE_HERE(why) GTEST_SKIP() << "not possible here: " << why

/// Builds a Debian-layout root filesystem with the real update-ca-certificates, run in a
/// private mount namespace (unshare --mount) over bind mounts of the tree, so the
/// links it writes are the in-root absolute paths a real image has and this machine's
/// own /etc/ssl/certs is never touched. `cert_files` are data/certs names.
/// Returns update-ca-certificates' result.
CommandResult make_debian_root(const std::string& root, const std::vector<std::string>& cert_files,
                               const std::vector<std::string>& local_cert_files = {});

}  // namespace trustready::testing
