#include "support/fixtures.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace trustready::testing {

namespace stdfs = std::filesystem;

TempDir::TempDir() {
  const char* base = std::getenv("TMPDIR");
  std::string templ = std::string(base && *base ? base : "/tmp") + "/trustready-test-XXXXXX";
  if (!mkdtemp(templ.data())) throw std::runtime_error("mkdtemp failed");
  path_ = templ;
}

TempDir::~TempDir() {
  std::error_code ec;
  // Tests make unreadable folders; give permissions back before removing.
  run("chmod -R u+rwx " + quote(path_) + " 2>/dev/null");
  stdfs::remove_all(path_, ec);
}

std::string quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

CommandResult run(const std::string& command) {
  char out_path[] = "/tmp/trustready-run-out-XXXXXX";
  char err_path[] = "/tmp/trustready-run-err-XXXXXX";
  const int out_fd = mkstemp(out_path);
  const int err_fd = mkstemp(err_path);
  close(out_fd);
  close(err_fd);
  const std::string full = "timeout 60 /bin/sh -c " + quote(command) + " >" + out_path + " 2>" + err_path + " </dev/null";
  const int status = std::system(full.c_str());
  CommandResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = read_file(out_path);
  r.err = read_file(err_path);
  unlink(out_path);
  unlink(err_path);
  return r;
}

std::string openssl_fingerprint(const std::string& file, const std::string& inform) {
  const auto r = run("openssl x509 -inform " + inform + " -in " + quote(file) + " -noout -fingerprint -sha256");
  const auto eq = r.out.find('=');
  if (r.exit_code != 0 || eq == std::string::npos) return {};
  std::string hex;
  for (char c : r.out.substr(eq + 1))
    if (std::isxdigit(static_cast<unsigned char>(c))) hex += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return hex;
}

std::string der_of(const TempDir& dir, const std::string& pem_file) {
  const std::string out = dir / "cert.der";
  if (run("openssl x509 -in " + quote(pem_file) + " -outform DER -out " + quote(out)).exit_code != 0) return {};
  return read_file(out);
}

std::vector<RecordedRoot> recorded_roots() {
  std::vector<RecordedRoot> out;
  std::istringstream in(read_file(source_dir() + "/tests/data/roots.tsv"));
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> f;
    std::stringstream fields(line);
    std::string field;
    while (std::getline(fields, field, '\t')) f.push_back(field);
    if (f.size() >= 6) out.push_back({f[0], f[1], f[2], f[3], f[4], f[5]});
  }
  return out;
}

bool under_ci() {
  const char* ci = std::getenv("CI");
  if (!ci || !*ci) return false;
  const std::string value = ci;
  return value != "false" && value != "0";
}

std::string at_day(const std::string& day, const std::string& command) {
  return "env -u FAKETIME_SHARED FAKETIME=" + quote("@" + day + " 00:00:00") +
         " LD_PRELOAD='/usr/$LIB/faketime/libfaketime.so.1' " + command;
}

std::string at_test_date(const std::string& command) { return at_day(kTestDate, command); }

bool tool_available(const std::string& tool) {
  if (tool == "unshare") return run("unshare --mount true").exit_code == 0;
  return run("command -v " + quote(tool)).exit_code == 0;
}

std::string source_dir() { return TRUSTREADY_SOURCE_DIR; }
std::string binary() { return TRUSTREADY_BINARY; }
std::string real_cert(const std::string& file) { return source_dir() + "/data/certs/" + file; }

void write_file(const std::string& path, const std::string& content) {
  make_dirs(stdfs::path(path).parent_path().string());
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f << content;
  if (!f) throw std::runtime_error("cannot write " + path);
}

std::string read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

void make_dirs(const std::string& path) {
  if (!path.empty()) stdfs::create_directories(path);
}

void write_bundle(const std::string& path, const std::vector<std::string>& cert_files) {
  std::string bundle;
  for (const auto& f : cert_files) bundle += read_file(real_cert(f));
  write_file(path, bundle);
}

CommandResult make_debian_root(const std::string& root, const std::vector<std::string>& cert_files,
                               const std::vector<std::string>& local_cert_files) {
  const std::string share = root + "/usr/share/ca-certificates";
  const std::string local = root + "/usr/local/share/ca-certificates";
  const std::string etc = root + "/etc/ssl/certs";
  const std::string hooks = root + "/etc/ca-certificates/update.d";
  for (const auto& d : {share + "/mozilla", local, etc, hooks}) make_dirs(d);
  std::string conf;
  for (const auto& f : cert_files) {
    const std::string name = f.substr(0, f.rfind('.')) + ".crt";
    write_file(share + "/mozilla/" + name, read_file(real_cert(f)));
    conf += "mozilla/" + name + "\n";
  }
  write_file(root + "/etc/ca-certificates.conf", conf);
  for (const auto& f : local_cert_files)
    write_file(local + "/" + f.substr(0, f.rfind('.')) + ".crt", read_file(real_cert(f)));
  write_file(root + "/etc/os-release",
             "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\nVERSION_ID=\"12\"\nID=debian\n");
  const std::string script = "mount --bind " + quote(share) + " /usr/share/ca-certificates && mount --bind " +
                             quote(local) + " /usr/local/share/ca-certificates && mount --bind " + quote(etc) +
                             " /etc/ssl/certs && update-ca-certificates --fresh --certsconf " +
                             quote(root + "/etc/ca-certificates.conf") + " --hooksdir " + quote(hooks);
  // Both mount points must exist on this machine for the bind mounts.
  make_dirs("/usr/local/share/ca-certificates");
  return run("unshare --mount sh -c " + quote(script));
}

}  // namespace trustready::testing
