// A fix as data: typed steps that say which certificates go to which file, which
// command runs with which arguments and which files change, and why. `fix` prints a
// plan and `fix --apply` carries it out (install/apply.h); `check`'s printed fix is the
// same plan said as shell (install/shell.h), so the two cannot disagree.
#pragma once

#include <string>
#include <vector>

#include "catalog/migration.h"
#include "cert/digest.h"
#include "util/process_runner.h"

namespace trustready::install {

/// A catalog certificate to write: its PEM, and the SHA-256 the catalog records for it,
/// checked again against the bytes just before they are written.
struct PlannedCert {
  std::string anchor_id;  ///< the catalog's id ("amazon-root-ca-1")
  std::string name;       ///< "Amazon Root CA 1"
  std::string file_stem;  ///< "AmazonRootCA1": file names and aliases are made from it
  cert::Sha256 sha256;    ///< of the DER, as the catalog records it
  std::string pem;
  std::string subject_hash;  ///< what a CApath lookup opens it by (HASH.N)
  std::string alias;         ///< its keystore alias ("amazonrootca1")
};

/// A command a step runs: argv, never a shell string, and where it runs.
struct PlannedCommand {
  std::vector<std::string> argv;
  /// Empty on this host; for a root tree, chroot into it or the host's tool over bind mounts.
  Confinement confinement;
  /// Exit codes that mean success (0, and for some tools more).
  std::vector<int> ok_exit_codes = {0};
  /// Folders of the root that must hold no symlink when the command runs: this host's
  /// tool over the root's folders would follow one on this host (x.crt -> /etc/shadow).
  std::vector<std::string> no_symlinks_in;
};

enum class StepKind {
  WriteFile,       ///< a new file in a folder (one certificate's PEM, into an anchor folder)
  AppendToBundle,  ///< PEM blocks appended to a bundle file, starting on a new line
  ImportKeystore,  ///< keytool -importcert into a copy of the keystore, renamed over it
  AddToNssDb,      ///< certutil -A for each certificate, into an NSS database
  RunCommand,      ///< an update tool that compiles an anchor folder into the stores
  ByHand,          ///< what trustready does not do itself (a package upgrade): said, never run
};
const char* to_string(StepKind kind);

struct Step {
  StepKind kind = StepKind::ByHand;
  /// In the root: the file written or appended to, the keystore, the NSS database folder.
  std::string path;
  std::vector<PlannedCert> certs;
  /// RunCommand; ImportKeystore and AddToNssDb: the tool (its argv without per-certificate parts).
  PlannedCommand command;
  /// Files in the root this step changes (each is backed up before the first write).
  std::vector<std::string> changes;
  /// Folders whose entries the step adds or removes (links the update tool makes), for people.
  std::vector<std::string> folders;
  /// Keystores: "JKS", "JCEKS" or "PKCS12"; the password is never part of the plan.
  std::string keystore_type;
  /// Keystores: it opened with "changeit" when planned (--store-password is for the others).
  bool default_password = false;
  /// The shell a person could run instead (one line each).
  std::vector<std::string> shell;
  std::string why;  ///< why this step fixes this store, for people
  /// Where trustready keeps no backup (a macOS keychain, a Windows certificate store):
  /// the commands that undo this step, in the order they run.
  std::vector<PlannedCommand> undo;
};

/// Why a store's plan has nothing to apply.
enum class Blocked {
  No,
  Repair,       ///< a library cannot load the store: repair it, adding roots would not help
  NoFix,        ///< every anchor it lacks is itself invalid at the evaluation time
  NothingToAdd, ///< it holds every recommended anchor; what fails is not an absence
  NoWriter,     ///< no writer knows this kind of store here
  NoTool,       ///< the update tool is missing and no compiled bundle can stand in
};

/// The fix for one store, or for the stores one fix serves (an anchor folder and every
/// store its update tool compiles).
struct StorePlan {
  std::vector<std::string> store_ids;
  std::vector<std::string> store_paths;  ///< in the root, as found
  std::string writer;                    ///< "debian", "rhel", "bundle-file", "java-keystore", ...
  bool needs_root = false;               ///< its files belong to root
  std::vector<Step> steps;
  std::vector<std::string> notes;
  /// Set when nothing can be applied here (the tool is missing and no layout is known,
  /// a store to repair, anchors that are themselves invalid): why, for people.
  std::string blocked;
  Blocked blocked_by = Blocked::No;
  /// Any step must be done by hand: apply leaves the store as it is and says so.
  bool by_hand() const;
};

/// The state of a file a plan changes, when it was planned: apply refuses to go on when
/// the file is no longer so (someone changed the store in between).
struct FileState {
  std::string path;  ///< in the root, symlinks followed
  bool exists = false;
  cert::Sha256 sha256;  ///< of the content, when it exists
  bool operator==(const FileState&) const = default;
};

struct Plan {
  std::string migration;
  std::string root;  ///< the root the plan is for ("/" for this host)
  std::string platform;  ///< "debian", "rhel", ..., "macos", "windows"
  std::vector<StorePlan> stores;
  /// Every file the plan changes, as it was (sorted by path).
  std::vector<FileState> files;
  bool empty() const { return stores.empty(); }
};

}  // namespace trustready::install
