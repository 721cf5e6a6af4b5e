// Problems found while reading stores or searching for them: a stable code beside the
// message, so programs (SARIF rules, Prometheus labels) can tell them apart without
// reading the words.
#pragma once

#include <string>
#include <vector>

namespace trustready::stores {

enum class ProblemCode {
  // Reading a store: the rest of the store was read.
  UnreadableEntry,      ///< a file or folder of the store could not be read
  DamagedCertificate,   ///< a block or entry that holds no certificate its readers can take
  UnlinkedCertificate,  ///< certificate files a hashed folder has no HASH.N link for
  IgnoredByUpdateTool,  ///< a certificate file the update tool does not read (its suffix)
  TooManyEntries,       ///< a folder with more entries than are read
  NestedTooDeep,        ///< folders nested deeper than are read
  NssEntryUnreadable,   ///< certutil could not export or describe a database entry
  // A hashed folder as OpenSSL's CApath looks it up (HASH.N, N from 0 to the first gap):
  // the certificate of such a name is not in the store.
  HashNameMismatch,     ///< HASH is not its certificate's subject hash (e.g. made with -subject_hash_old)
  HashNameUnreachable,  ///< HASH.N after a gap or after a HASH.M that does not load; HASH.01
  HashNameNotPem,       ///< a DER (not PEM) certificate under a hash name: the lookup reads PEM only
  // An anchor folder whose update tool copies each file's bytes into the bundle.
  DerCopiedIntoBundle,        ///< DER: copied as raw bytes, which OpenSSL and GnuTLS skip (not an anchor)
  BreaksCompiledBundle,       ///< a damaged PEM block: the whole compiled bundle then fails to load
  SeveralCertificatesInFile,  ///< more than one certificate: in the bundle, but no hash link
  NoCertificateInFile,        ///< empty or not a certificate: counted "added", adds nothing
  // Searching for stores: stores there are not in the verdict.
  HomeNotSearched,      ///< a home folder this user cannot list
  FolderNotListed,      ///< a folder of a --path tree that could not be listed
  SearchStopped,        ///< a --path tree with more entries than are walked
  SearchTooDeep,        ///< a --path tree nested deeper than is walked
  SearchPathMissing,    ///< a --path that does not exist
  SearchPathNotFolder,  ///< a --path that is a file
};

/// The stable, kebab-case name of a code ("unlinked-certificate").
const char* to_string(ProblemCode code);

struct Problem {
  ProblemCode code = ProblemCode::UnreadableEntry;
  std::string message;  ///< one line naming the path and the cause
};

/// The messages alone, for people.
std::vector<std::string> messages(const std::vector<Problem>& problems);

}  // namespace trustready::stores
