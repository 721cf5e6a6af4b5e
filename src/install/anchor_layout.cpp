#include "install/anchor_layout.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "cert/parse.h"
#include "install/app_fix.h"
#include "install/shell.h"
#include "stores/layouts.h"

namespace trustready::install {

namespace {

/// Someone pointed at the store (--store, SSL_CERT_FILE, REQUESTS_CA_BUNDLE, an AWS
/// config): it is fixed where it is, not through the distribution.
bool named_by_user(const stores::Store& store) { return stores::is_pointer(store.location.origin); }

}  // namespace

std::string repair_command(const stores::Store& store, const stores::Distro& distro, const fs::FileTree& root,
                           const std::string& failure) {
  const std::string where = stores::first_damage(store);
  std::string out = "repair or remove what the libraries cannot load in " + root.host_path(store.location.path) + " (" +
                    (where.empty() ? failure : where) + ")";
  const auto layout = stores::distro_layout(distro.family);
  if (!named_by_user(store) && layout && store.location.origin == stores::StoreOrigin::Distribution)
    out += ", then rebuild it: " + in_root(root, layout->update_command);
  return out;
}

namespace {

Result<std::vector<const catalog::Anchor*>> chosen(const catalog::Migration& migration,
                                                   const std::vector<std::string>& only) {
  std::vector<const catalog::Anchor*> out;
  for (const auto& id : only) {
    const auto* a = migration.anchor(id);
    if (!a) return make_error("--anchor " + id + ": no such anchor in " + migration.id);
    out.push_back(a);
  }
  if (only.empty())
    for (const auto& a : migration.anchors)
      if (a.recommended) out.push_back(&a);
  return out;
}

}  // namespace

Result<std::vector<std::string>> export_anchors(const catalog::Migration& migration, const std::string& dir,
                                                const std::vector<std::string>& only) {
  auto anchors = chosen(migration, only);
  if (!anchors) return make_error(anchors.error());
  std::vector<std::string> written;
  if (dir == "-") {
    for (const auto* a : *anchors) {
      std::fputs(("# " + a->name + "\n" + cert::to_pem(a->certificate)).c_str(), stdout);
      written.push_back("-");
    }
    return written;
  }
  if (::mkdir(dir.c_str(), 0755) != 0 && errno != EEXIST)
    return make_error(dir + ": cannot create directory: " + std::strerror(errno));
  for (const auto* a : *anchors) {
    const std::string stem = a->file.substr(0, a->file.rfind('.'));
    const std::string path = dir + "/" + stem + ".crt";  // update-ca-certificates reads only *.crt
    const std::string pem = cert::to_pem(a->certificate);
    if (FILE* existing = std::fopen(path.c_str(), "rb")) {
      std::string have;
      char buf[4096];
      std::size_t n;
      while ((n = std::fread(buf, 1, sizeof buf, existing)) > 0) have.append(buf, n);
      std::fclose(existing);
      if (have == pem) continue;
      return make_error(path + ": exists with other content; not overwritten");
    }
    const std::string tmp = path + ".trustready-tmp";
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) return make_error(tmp + ": " + std::strerror(errno));
    const bool ok = ::write(fd, pem.data(), pem.size()) == static_cast<ssize_t>(pem.size()) && ::fsync(fd) == 0;
    ::close(fd);
    if (!ok || ::rename(tmp.c_str(), path.c_str()) != 0) {
      const std::string why = std::strerror(errno);
      ::unlink(tmp.c_str());
      return make_error(path + ": cannot write: " + why);
    }
    written.push_back(path);
  }
  return written;
}

}  // namespace trustready::install
