// Where an image's files are: the members of an outer archive (indexed once: name ->
// data offset and size) or the files of an OCI layout folder. Manifests and configs are
// read whole (bounded); layers are opened as BlobRefs for TarReader.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "image/tar_reader.h"
#include "util/result.h"

namespace trustready::image {

class BlobStore {
 public:
  /// A folder (an OCI layout) or a file (an archive, or a root file system tarball).
  static Result<std::unique_ptr<BlobStore>> open(const std::string& path);
  /// The same over bytes in memory (the fuzz target), named `name` in messages.
  static Result<std::unique_ptr<BlobStore>> open_bytes(std::string bytes, const std::string& name);

  /// Not a tar of an image layout (no manifest.json, index.json nor blobs/): the whole
  /// file is one layer of a root file system.
  bool is_rootfs() const { return rootfs_; }
  bool is_folder() const { return !folder_.empty(); }
  /// A member or file of that name ("index.json", "blobs/sha256/ab12..."), cleaned.
  bool has(const std::string& name) const;
  /// Its bytes, when at most `max_bytes` (manifests, configs).
  Result<std::string> read(const std::string& name, std::size_t max_bytes = 16u << 20) const;
  /// Where its bytes are, for TarReader.
  Result<BlobRef> blob(const std::string& name) const;
  /// The whole file, as one layer (a root file system tarball).
  BlobRef whole() const { return BlobRef{bytes_, 0, bytes_ ? bytes_->size() : 0, {}}; }
  /// What FILE is called in messages.
  const std::string& name() const { return name_; }
  /// A note from indexing (an outer archive cut short), empty when none.
  const std::string& index_note() const { return index_note_; }

 private:
  struct Member {
    std::uint64_t offset = 0;
    std::uint64_t size = 0;
  };
  Status index(std::shared_ptr<const Bytes> bytes);

  std::string name_;
  std::string folder_;                    ///< an OCI layout folder, else empty
  std::shared_ptr<const Bytes> bytes_;    ///< the archive file
  bool compressed_ = false;               ///< members are re-streamed, not read in place
  bool rootfs_ = false;
  std::map<std::string, Member> members_;  ///< regular members by cleaned name
  std::string index_note_;
};

}  // namespace trustready::image
