#include "install/journal.h"

#include <nlohmann/json.hpp>

namespace trustready::install {

using nlohmann::json;

const char* to_string(JournalState state) {
  switch (state) {
    case JournalState::Applying: return "applying";
    case JournalState::Applied: return "applied";
    case JournalState::RollingBack: return "rolling-back";
    case JournalState::RolledBack: return "rolled-back";
  }
  return "applying";
}

namespace {

json confinement_json(const Confinement& c) {
  json binds = json::array();
  for (const auto& b : c.binds) binds.push_back({b.source, b.target});
  return {{"chroot", c.chroot_dir}, {"binds", binds}};
}

std::optional<JournalState> state_of(const std::string& s) {
  for (auto st : {JournalState::Applying, JournalState::Applied, JournalState::RollingBack, JournalState::RolledBack})
    if (s == to_string(st)) return st;
  return std::nullopt;
}

/// A backup's name is ours ("backup/N"): anything else in a journal could send a restore
/// to read another file.
bool plain_backup_name(const std::string& name) {
  return name.starts_with("backup/") && name.size() > 7 &&
         name.find_first_not_of("0123456789", 7) == std::string::npos && name.size() < 20;
}

JournalFile file_of(const json& f) {
  JournalFile out;
  out.path = f.at("path").get<std::string>();
  out.existed = f.at("existed").get<bool>();
  out.mode = f.at("mode").get<unsigned>() & 07777u;
  out.uid = f.at("uid").get<unsigned>();
  out.gid = f.at("gid").get<unsigned>();
  out.selinux_label = f.value("selinux_label", "");
  out.backup = f.value("backup", "");
  const auto digest = cert::Sha256::from_hex(f.value("sha256", std::string(64, '0')));
  if (!digest) throw std::invalid_argument("sha256 of " + out.path + " is not 64 hex digits");
  out.sha256 = *digest;
  if (out.path.empty() || out.path[0] != '/') throw std::invalid_argument("a file path is not absolute");
  if (out.existed && !plain_backup_name(out.backup)) throw std::invalid_argument("backup of " + out.path + " is not backup/N");
  return out;
}

JournalCommand command_of(const json& c) {
  JournalCommand out;
  out.argv = c.at("argv").get<std::vector<std::string>>();
  if (out.argv.empty()) throw std::invalid_argument("a command with no argv");
  const auto& conf = c.at("confinement");
  out.confinement.chroot_dir = conf.value("chroot", "");
  for (const auto& b : conf.at("binds")) out.confinement.binds.push_back({b.at(0).get<std::string>(), b.at(1).get<std::string>()});
  out.no_symlinks_in = c.at("no_symlinks_in").get<std::vector<std::string>>();
  return out;
}

}  // namespace

std::string journal_json(const Journal& j) {
  json files = json::array();
  for (const auto& f : j.files)
    files.push_back({{"path", f.path}, {"existed", f.existed}, {"sha256", f.sha256.hex()}, {"mode", f.mode},
                     {"uid", f.uid}, {"gid", f.gid}, {"selinux_label", f.selinux_label}, {"backup", f.backup}});
  json folders = json::array();
  for (const auto& f : j.folders) folders.push_back({{"path", f.path}, {"entries", f.entries}});
  json commands = json::array();
  for (const auto& c : j.commands)
    commands.push_back(
        {{"argv", c.argv}, {"confinement", confinement_json(c.confinement)}, {"no_symlinks_in", c.no_symlinks_in}});
  const json out = {{"version", 1},          {"id", j.id},
                    {"root", j.root},        {"migration", j.migration},
                    {"created", j.created},  {"pid", j.pid},
                    {"state", to_string(j.state)}, {"steps_total", j.steps_total},
                    {"steps_done", j.steps_done},  {"stores", j.stores},
                    {"files", files},        {"folders", folders},
                    {"commands", commands}};
  return out.dump(2) + "\n";
}

Result<Journal> parse_journal(std::string_view text, const std::string& source) {
  try {
    const json in = json::parse(text);
    if (in.at("version").get<int>() != 1) return make_error(source + ": journal version is not 1");
    Journal j;
    j.id = in.at("id").get<std::string>();
    j.root = in.at("root").get<std::string>();
    j.migration = in.at("migration").get<std::string>();
    j.created = in.at("created").get<std::string>();
    j.pid = in.at("pid").get<long>();
    const auto state = state_of(in.at("state").get<std::string>());
    if (!state) return make_error(source + ": unknown journal state");
    j.state = *state;
    j.steps_total = in.at("steps_total").get<std::size_t>();
    j.steps_done = in.at("steps_done").get<std::size_t>();
    j.stores = in.at("stores").get<std::vector<std::string>>();
    for (const auto& f : in.at("files")) j.files.push_back(file_of(f));
    for (const auto& f : in.at("folders")) {
      JournalFolder folder{f.at("path").get<std::string>(), f.at("entries").get<std::vector<std::string>>()};
      if (folder.path.empty() || folder.path[0] != '/') return make_error(source + ": a folder path is not absolute");
      for (const auto& e : folder.entries)
        if (e.empty() || e.find('/') != std::string::npos || e == "." || e == "..")
          return make_error(source + ": a folder entry is not a plain name");
      j.folders.push_back(std::move(folder));
    }
    for (const auto& c : in.at("commands")) j.commands.push_back(command_of(c));
    return j;
  } catch (const std::exception& e) {
    return make_error(source + ": damaged journal: " + e.what());
  }
}

}  // namespace trustready::install
