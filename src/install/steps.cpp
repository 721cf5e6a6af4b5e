#include "install/steps.h"

#include <chrono>

#include "cert/parse.h"
#include "install/anchor_folder.h"

namespace trustready::install {
namespace {

/// Update tools and keytool (a JVM start each) take seconds, not minutes.
const ProcessLimits kToolLimits{std::chrono::milliseconds(180000), 1u << 20};

std::string last_line(const std::string& out) {
  std::string s = out;
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  const std::size_t nl = s.rfind('\n');
  return nl == std::string::npos ? s : s.substr(nl + 1);
}

std::string parent_of(const std::string& path) {
  const std::size_t slash = path.rfind('/');
  return slash == 0 || slash == std::string::npos ? "/" : path.substr(0, slash);
}

Result<std::string> write_file(const Step& step, const ApplyContext& ctx) {
  const std::string dir = parent_of(step.path);
  if (auto made = ctx.tree.make_dirs(dir, 0755); !made) return make_error(made.error());
  auto folder = ctx.tree.stat(dir);
  if (!folder) return make_error(folder.error());
  fs::FileMeta meta;
  meta.mode = 0644;
  meta.uid = folder->uid;  // the folder's owner: root on a host, whoever owns an unpacked image
  meta.gid = folder->gid;
  std::string bytes;
  for (const auto& c : step.certs) bytes += c.pem;
  if (auto wrote = ctx.tree.write_atomic(step.path, bytes, meta); !wrote) return make_error(wrote.error());
  return "wrote " + step.path;
}

/// The blocks go after the file's last byte on a line of their own: without the newline a
/// file ending in "-----END CERTIFICATE-----" would join the next block's first line.
Result<std::string> append_to_bundle(const Step& step, const ApplyContext& ctx) {
  auto meta = ctx.tree.stat(step.path);
  if (!meta) return make_error(meta.error());
  auto bytes = ctx.tree.read(step.path);
  if (!bytes) return make_error(bytes.error());
  std::string out = *bytes;
  if (!out.empty() && out.back() != '\n') out += '\n';
  for (const auto& c : step.certs) out += "# " + c.name + "\n" + c.pem;
  if (auto wrote = ctx.tree.write_atomic(step.path, out, *meta); !wrote) return make_error(wrote.error());
  return "appended " + std::to_string(step.certs.size()) + " certificate(s) to " + step.path;
}

/// Certificates as files for a tool to read, in the journal's private scratch folder.
Result<std::vector<std::string>> cert_files(const Step& step, const std::string& journal_id, const ApplyContext& ctx) {
  auto dir = ctx.state.scratch(journal_id);
  if (!dir) return make_error(dir.error());
  auto scratch = fs::TreeWriter::open(*dir);
  if (!scratch) return make_error(scratch.error());
  std::vector<std::string> files;
  for (const auto& c : step.certs) {
    fs::FileMeta meta;
    meta.mode = 0600;
    if (auto wrote = scratch->write_atomic("/" + c.file_stem + ".crt", c.pem, meta); !wrote)
      return make_error(wrote.error());
    files.push_back(*dir + "/" + c.file_stem + ".crt");
  }
  return files;
}

/// keytool works on a copy beside the keystore; the copy then replaces it in one rename,
/// so a kill in the middle of a JVM leaves the keystore whole.
Result<std::string> import_keystore(const Step& step, const std::string& journal_id, const ApplyContext& ctx) {
  auto meta = ctx.tree.stat(step.path);
  if (!meta) return make_error(meta.error());
  auto original = ctx.tree.read(step.path);
  if (!original) return make_error(original.error());
  auto files = cert_files(step, journal_id, ctx);
  if (!files) return make_error(files.error());
  const std::string copy = step.path + ".trustready-new";
  if (auto wrote = ctx.tree.write_atomic(copy, *original, *meta); !wrote) return make_error(wrote.error());
  // --store-password is for the keystores that did not open with the default when planned.
  const std::string password =
      step.default_password || ctx.keystore_password.empty() ? "changeit" : ctx.keystore_password;
  Confinement env;
  env.env = {"TRUSTREADY_STOREPASS=" + password};
  for (std::size_t i = 0; i < step.certs.size(); ++i) {
    const std::vector<std::string> argv = {"keytool", "-importcert", "-noprompt", "-keystore", ctx.tree.host_path(copy),
                                           "-storetype", step.keystore_type, "-storepass:env", "TRUSTREADY_STOREPASS",
                                           "-alias", step.certs[i].alias, "-file", (*files)[i]};
    auto ran = ctx.runner.run_confined(argv, kToolLimits, env);
    if (!ran || ran->exit_code != 0) {
      (void)ctx.tree.remove(copy);
      const std::string why = !ran ? ran.error() : last_line(ran->out + ran->err);
      return make_error(step.path + ": keytool could not add " + step.certs[i].name + ": " + why);
    }
  }
  auto changed = ctx.tree.read(copy);
  (void)ctx.tree.remove(copy);
  if (!changed) return make_error(changed.error());
  if (auto wrote = ctx.tree.write_atomic(step.path, *changed, *meta); !wrote) return make_error(wrote.error());
  return "added " + std::to_string(step.certs.size()) + " trusted-cert entries to " + step.path + " (keytool)";
}

Result<std::string> add_to_nss(const Step& step, const std::string& journal_id, const ApplyContext& ctx) {
  auto files = cert_files(step, journal_id, ctx);
  if (!files) return make_error(files.error());
  for (std::size_t i = 0; i < step.certs.size(); ++i) {
    const std::vector<std::string> argv = {"certutil", "-A", "-d", "sql:" + ctx.tree.host_path(step.path),
                                           "-n", step.certs[i].name, "-t", "C,,", "-i", (*files)[i]};
    auto ran = ctx.runner.run_confined(argv, kToolLimits, {});
    if (!ran || ran->exit_code != 0)
      return make_error(step.path + ": certutil could not add " + step.certs[i].name + ": " +
                        (!ran ? ran.error() : last_line(ran->out + ran->err)));
  }
  return "added " + std::to_string(step.certs.size()) + " certificate(s) to the NSS database " + step.path;
}

}  // namespace

Status write_journal(const Journal& journal, const ApplyContext& ctx, int& writes) {
  if (auto wrote = ctx.state.write_journal(journal); !wrote) return wrote;
  if (ctx.journalled) ctx.journalled(++writes);
  return ok_status();
}

Status check_fingerprint(const PlannedCert& c) {
  auto parsed = cert::parse_certificates(c.pem);
  if (!parsed || parsed->certificates.size() != 1 || !parsed->problems.empty())
    return make_error(c.name + ": the catalog's PEM does not decode to one certificate; nothing written");
  if (parsed->certificates.front().sha256() != c.sha256)
    return make_error(c.name + ": SHA-256 " + parsed->certificates.front().sha256().hex() +
                      " is not the catalog's recorded " + c.sha256.hex() + "; nothing written");
  return ok_status();
}

Result<std::string> run_update_tool(const std::vector<std::string>& argv, const Confinement& confinement,
                                    const std::vector<std::string>& no_symlinks_in, const ApplyContext& ctx) {
  for (const auto& dir : no_symlinks_in)
    if (auto link = first_symlink(ctx.tree.tree(), dir); !link.empty())
      return make_error(link + " is a symlink, which this host's " + argv.front() +
                        " would follow on this host; nothing was run");
  auto ran = ctx.runner.run_confined(argv, kToolLimits, confinement);
  if (!ran) return make_error(ran.error());
  std::string shown;
  for (const auto& a : argv) {
    if (!shown.empty()) shown += ' ';
    shown += a;
  }
  if (ran->exit_code != 0)
    return make_error(shown + " exited with " + std::to_string(ran->exit_code) + ": " + last_line(ran->out + ran->err));
  const std::string said = last_line(ran->out);
  return "ran " + shown + (said.empty() ? "" : ": " + said);
}

Result<std::string> run_step(const Step& step, const std::string& journal_id, const ApplyContext& ctx) {
  for (const auto& c : step.certs)
    if (auto ok = check_fingerprint(c); !ok) return make_error(ok.error());
  switch (step.kind) {
    case StepKind::WriteFile: return write_file(step, ctx);
    case StepKind::AppendToBundle: return append_to_bundle(step, ctx);
    case StepKind::ImportKeystore: return import_keystore(step, journal_id, ctx);
    case StepKind::AddToNssDb: return add_to_nss(step, journal_id, ctx);
    case StepKind::RunCommand:
      return run_update_tool(step.command.argv, step.command.confinement, step.command.no_symlinks_in, ctx);
    case StepKind::ByHand: break;
  }
  return make_error("a by-hand step is not carried out");
}

}  // namespace trustready::install
