#include "support/fix_roots.h"

#include <gtest/gtest.h>

#include <memory>
#include <sstream>

namespace trustready::testing {
namespace {

/// `-path ./X -prune -o` for each of `except`, before find's own action.
std::string pruned(const std::vector<std::string>& except) {
  std::string out;
  for (const auto& e : except) out += "-path " + quote(e) + " -prune -o ";
  return out;
}

std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

}  // namespace

bool copy_debian_root(const std::string& dest) {
  // Built once: update-ca-certificates takes a second or two, cp -a a few milliseconds.
  static std::unique_ptr<TempDir> built;
  static bool ok = false;
  if (!built) {
    built = std::make_unique<TempDir>();
    const auto r = make_debian_root(*built / "root", {"ISRG_Root_X1.pem"});
    ok = r.exit_code == 0;
    if (!ok) ADD_FAILURE() << "make_debian_root: " << r.out << r.err;
  }
  if (!ok) return false;
  const auto r = run("cp -a " + quote(*built / "root") + " " + quote(dest));
  if (r.exit_code != 0) ADD_FAILURE() << "cp -a: " << r.err;
  return r.exit_code == 0;
}

CommandResult trustready_at(const std::string& args) {
  return run(quote(binary()) + " " + args + " --no-color --at " + kTestDate);
}

CommandResult trustready(const std::string& args) { return run(quote(binary()) + " " + args); }

std::string tree_listing(const std::string& root, const std::vector<std::string>& except) {
  const std::string in = "cd " + quote(root) + " && ";
  // Leaving entries out, the root's own mtime changes as they come and go: left out too.
  const std::string from = except.empty() ? "find . " : "find . -mindepth 1 ";
  const auto entries = run(in + from + pruned(except) + "-printf '%p %y %s %T@ %m %u %g %l\\n' | LC_ALL=C sort");
  const auto sums = run(in + "find . " + pruned(except) + "-type f -exec sha256sum {} + | LC_ALL=C sort -k2");
  EXPECT_EQ(entries.exit_code, 0) << entries.err;
  EXPECT_EQ(sums.exit_code, 0) << sums.err;
  EXPECT_FALSE(entries.out.empty());
  return entries.out + sums.out;
}

std::string diff_but_state(const std::string& before, const std::string& after) {
  const auto r = run("diff -r --no-dereference " + quote(before) + " " + quote(after));
  std::istringstream lines(r.out + r.err);
  std::string out;
  for (std::string line; std::getline(lines, line);)
    if (line != "Only in " + after + ": var" && line != "Only in " + after + "/var/lib: trustready") out += line + "\n";
  return out;
}

std::string modes_and_owners(const std::string& root) {
  const auto r = run("cd " + quote(root) + " && find . -path ./var -prune -o -exec stat -c '%n %a %u %g' {} + | LC_ALL=C sort");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return r.out;
}

int openssl_count(const std::string& bundle) {
  const auto r = run("openssl crl2pkcs7 -nocrl -certfile " + quote(bundle) +
                     " | openssl pkcs7 -print_certs -noout | grep -c '^subject='");
  return r.out.empty() ? -1 : std::stoi(r.out);
}

int end_lines(const std::string& bundle) {
  const auto r = run("grep -c '^-----END CERTIFICATE-----$' " + quote(bundle));
  return r.out.empty() ? -1 : std::stoi(r.out);
}

std::string sha256_of(const std::string& file) {
  const auto r = run("sha256sum < " + quote(file));
  return r.exit_code == 0 ? trimmed(r.out) : "(sha256sum failed: " + trimmed(r.err) + ")";
}

namespace {

std::string verify_cross(const std::string& store_flags) {
  // -no-CApath -no-CAfile -no-CAstore: this machine's own roots take no part.
  return "openssl verify -no-CApath -no-CAfile -no-CAstore -attime " + std::string(kTestEpoch) + " " + store_flags +
         " -untrusted " + quote(real_cert("sfsg2_x_sfclass2.pem")) + " " + quote(real_cert("amazon1_x_sfsg2.pem"));
}

}  // namespace

bool bundle_verifies_cross_chain(const std::string& root, const std::string& bundle) {
  return run(verify_cross("-CAfile " + quote(root + bundle))).exit_code == 0;
}

bool capath_verifies_cross_chain(const std::string& root) {
  // As make_debian_root ran the tool: its links point at /usr/share/ca-certificates and
  // /usr/local/share/ca-certificates, which here are the root's.
  const std::string binds = "mount --bind " + quote(root + "/usr/share/ca-certificates") +
                            " /usr/share/ca-certificates && mount --bind " +
                            quote(root + "/usr/local/share/ca-certificates") + " /usr/local/share/ca-certificates && ";
  return run("unshare --mount sh -c " + quote(binds + verify_cross("-CApath " + quote(root + "/etc/ssl/certs"))))
             .exit_code == 0;
}

std::vector<std::string> by_hand_lines(const std::string& fix_text) {
  std::vector<std::string> out;
  std::istringstream lines(fix_text);
  bool in = false;
  for (std::string line; std::getline(lines, line);) {
    if (line == "  the same by hand:") {
      in = true;
      continue;
    }
    if (in && line.starts_with("    ")) out.push_back(line.substr(4));
    else in = false;
  }
  return out;
}

std::string joined(const std::vector<std::string>& lines, const std::string& sep) {
  std::string out;
  for (const auto& l : lines) out += (out.empty() ? "" : sep) + l;
  return out;
}

std::string shim_path(const TempDir& dir) {
  const std::string bin = dir / "shim-bin";
  write_file(bin + "/sudo", "#!/bin/sh\nexec \"$@\"\n");
  const auto r = run("chmod 755 " + quote(bin + "/sudo") + " && ln -sf " + quote(binary()) + " " + quote(bin + "/trustready"));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return bin;
}

}  // namespace trustready::testing
