#include "install/state_dir.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string_view>

#include "fs/root_fs.h"

namespace trustready::install {

StateLock::~StateLock() {
  if (fd_ < 0) return;
  if (::ftruncate(fd_, 0) != 0) {
    // The pid names the holder; left behind, it would name this finished run to the next
    // one that finds the lock taken (by flock(1), say). Only the message suffers.
  }
  ::close(fd_);  // closing the descriptor drops the flock
}

namespace {

/// Journal ids are ours: "20261201T201500Z-4242" (no slash, no dot).
bool plain_id(std::string_view id) {
  return !id.empty() && id.size() < 64 &&
         id.find_first_not_of("0123456789TZ-") == std::string_view::npos;
}

Status make_private_dirs(const std::string& path) {
  std::string at;
  for (std::size_t i = 1; i <= path.size(); ++i) {
    if (i < path.size() && path[i] != '/') continue;
    at = path.substr(0, i);
    if (::mkdir(at.c_str(), 0700) != 0 && errno != EEXIST)
      return make_error(at + ": cannot create the state folder: " + std::strerror(errno));
  }
  return ok_status();
}

}  // namespace

Result<StateDir> StateDir::open(const std::string& host_path) {
  if (auto made = make_private_dirs(host_path); !made) return make_error(made.error());
  auto writer = fs::TreeWriter::open(host_path);
  if (!writer) return make_error(writer.error());
  if (auto made = writer->make_dirs("/journals", 0700); !made) return make_error(made.error());
  return StateDir(host_path, std::move(writer).value());
}

Result<StateLock> StateDir::lock() const {
  const std::string file = path_ + "/lock";
  const int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) return make_error(file + ": " + std::strerror(errno));
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    char pid[32] = {};
    const ssize_t n = ::pread(fd, pid, sizeof pid - 1, 0);
    ::close(fd);
    std::string who = n > 0 ? std::string(pid, static_cast<std::size_t>(n)) : "";
    while (!who.empty() && (who.back() == '\n' || who.back() == ' ')) who.pop_back();
    return make_error("another trustready fix or rollback is running" + (who.empty() ? "" : " (pid " + who + ")") +
                      " and holds " + file + "; try again when it has finished");
  }
  const std::string me = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, me.data(), me.size(), 0) < 0) {
    // The pid is only for the message above; the lock holds without it.
  }
  return StateLock(fd);
}

Result<std::vector<Journal>> StateDir::journals() const {
  auto root = fs::RootFs::open(path_);
  if (!root) return make_error(root.error());
  auto names = root->list_dir("/journals");
  if (!names) return make_error(names.error());
  std::vector<Journal> out;
  for (const auto& name : *names) {
    // A folder without its journal is a run killed while it made its backups, before its
    // first change: there is nothing to revert.
    if (!plain_id(name) || root->type("/journals/" + name + "/journal.json") == fs::FileType::Missing) continue;
    auto j = journal(name);
    if (!j) return make_error(j.error());
    out.push_back(std::move(j).value());
  }
  return out;
}

Result<Journal> StateDir::journal(const std::string& id) const {
  if (!plain_id(id)) return make_error(id + ": not a journal id (see trustready rollback --list)");
  const std::string file = "/journals/" + id + "/journal.json";
  auto text = writer_.read(file);
  if (!text) return make_error(path_ + file + ": " + (writer_.stat(file).ok() ? text.error() : "no such journal"));
  return parse_journal(*text, path_ + file);
}

Status StateDir::write_journal(const Journal& journal) {
  const std::string dir = "/journals/" + journal.id;
  if (auto made = writer_.make_dirs(dir + "/backup", 0700); !made) return made;
  fs::FileMeta meta;
  meta.mode = 0600;
  meta.uid = ::geteuid();
  meta.gid = ::getegid();
  return writer_.write_atomic(dir + "/journal.json", journal_json(journal), meta);
}

Status StateDir::write_backup(const std::string& id, const std::string& name, const std::string& bytes) {
  if (auto made = writer_.make_dirs("/journals/" + id + "/backup", 0700); !made) return made;
  fs::FileMeta meta;
  meta.mode = 0600;
  meta.uid = ::geteuid();
  meta.gid = ::getegid();
  return writer_.write_atomic("/journals/" + id + "/" + name, bytes, meta);
}

Result<std::string> StateDir::read_backup(const std::string& id, const std::string& name) const {
  return writer_.read("/journals/" + id + "/" + name);
}

Result<std::string> StateDir::scratch(const std::string& id) {
  const std::string dir = "/journals/" + id + "/scratch";
  if (auto made = writer_.make_dirs(dir, 0700); !made) return make_error(made.error());
  return path_ + dir;
}

}  // namespace trustready::install
