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

/// Skips the test when `tool` is not available, but fails it under CI (CI=true), where
/// .ci/run installs every tool the tests use and runs as root.
#define TRUSTREADY_REQUIRE_TOOL(tool)                                                        \
  do {                                                                                       \
    if (!::trustready::testing::tool_available(tool)) {                                      \
      if (std::getenv("CI")) FAIL() << (tool) << " is required under CI";                    \
      GTEST_SKIP() << (tool) << " not available";                                            \
    }                                                                                        \
  } while (0)

/// Builds a Debian-layout root filesystem with the real update-ca-certificates, run in a
/// private mount namespace (unshare --mount) over bind mounts of the tree, so the
/// links it writes are the in-root absolute paths a real image has and this machine's
/// own /etc/ssl/certs is never touched. `cert_files` are data/certs names.
/// Returns update-ca-certificates' result.
CommandResult make_debian_root(const std::string& root, const std::vector<std::string>& cert_files,
                               const std::vector<std::string>& local_cert_files = {});

}  // namespace trustready::testing
