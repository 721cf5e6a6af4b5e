// What the fix/rollback integration tests share: one Debian root built with the real
// update-ca-certificates and copied for each case, and the outside tools' view of a tree
// (find, sha256sum, diff, openssl) to compare before and after.
#pragma once

#include <string>
#include <vector>

#include "support/fixtures.h"

namespace trustready::testing {

/// Copies (cp -a) a Debian root holding only ISRG Root X1, as make_debian_root builds it
/// with the real update-ca-certificates, to `dest`. Built once per test run; false (and
/// a failure added) when it cannot be.
bool copy_debian_root(const std::string& dest);

/// `trustready ARGS --at kTestDate` (fix, check: the judging date is the suite's).
CommandResult trustready_at(const std::string& args);
/// `trustready ARGS` (rollback, which takes no date).
CommandResult trustready(const std::string& args);

/// Every entry of `root` as find prints it (path, type, size, mtime, mode, owner, link
/// target), then sha256sum of every file; `except` are paths from the root ("./var")
/// left out, each with everything under it (and then the root's own entry, whose mtime
/// changes as they appear).
std::string tree_listing(const std::string& root, const std::vector<std::string>& except = {});
/// `diff -r --no-dereference before after`, without its lines about after/var/lib/trustready
/// (the journals and backups fix keeps there).
std::string diff_but_state(const std::string& before, const std::string& after);
/// `stat -c '%n %a %u %g'` of every entry below `root` but ./var, names relative.
std::string modes_and_owners(const std::string& root);

/// How many certificates OpenSSL reads from a PEM bundle
/// (openssl crl2pkcs7 -nocrl -certfile | openssl pkcs7 -print_certs); -1 when it cannot.
int openssl_count(const std::string& bundle);
/// `grep -c '^-----END CERTIFICATE-----$'`: END lines that stand on a line of their own.
int end_lines(const std::string& bundle);
std::string sha256_of(const std::string& file);

/// `openssl verify -attime kTestEpoch` of the real Amazon Root CA 1 cross-certificate (the
/// topmost certificate AWS servers send), Starfield Services G2's cross-certificate as an
/// untrusted intermediate, against the root's compiled bundle only (-CAfile).
bool bundle_verifies_cross_chain(const std::string& root, const std::string& bundle = "/etc/ssl/certs/ca-certificates.crt");
/// The same against the root's /etc/ssl/certs only (-CApath), in a private mount namespace
/// where the root's certificate folders are where its absolute links point.
bool capath_verifies_cross_chain(const std::string& root);

/// The shell lines `fix` prints under "the same by hand:", in order.
std::vector<std::string> by_hand_lines(const std::string& fix_text);
std::string joined(const std::vector<std::string>& lines, const std::string& sep);
/// A folder (under `dir`) with `trustready` (the binary under test) and a `sudo` that
/// runs its arguments (we are root; sudo may not be installed), to put first on PATH.
std::string shim_path(const TempDir& dir);

}  // namespace trustready::testing
