// Reading tar streams with libarchive from where an image keeps them: a member of an
// uncompressed outer archive read in place (pread over its byte range, in bounded chunks,
// never a mapping of the whole archive), a file of an OCI layout folder, bytes in memory,
// or a member of a compressed outer archive (re-streamed from the start for each pass).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "util/result.h"

struct archive;
struct archive_entry;

namespace trustready::image {

/// Random-access bytes: an open file, or a buffer (the fuzz target's input).
class Bytes {
 public:
  virtual ~Bytes() = default;
  virtual std::uint64_t size() const = 0;
  /// Up to `n` bytes at `offset`; fewer at the end; -1 on a read error (errno set).
  virtual long read_at(char* buf, std::size_t n, std::uint64_t offset) const = 0;
  /// Where the bytes come from, for messages.
  virtual const std::string& name() const = 0;
};
/// The file at `path`, opened read-only (O_NOFOLLOW is not used: FILE is the user's choice).
Result<std::shared_ptr<const Bytes>> open_file_bytes(const std::string& path);
std::shared_ptr<const Bytes> memory_bytes(std::string bytes, std::string name);

/// Where one blob's bytes are: a range of `bytes`, or (when `member` is set) the member of
/// that name inside the compressed outer archive `bytes`.
struct BlobRef {
  std::shared_ptr<const Bytes> bytes;
  std::uint64_t offset = 0;
  std::uint64_t size = 0;
  std::string member;  ///< non-empty: re-stream the outer archive to this member
};

/// One pass over a tar stream (plain, gzip, zstd or xz), entry by entry.
class TarReader {
 public:
  /// Opens `blob` as a tar archive; `what` names it in every message ("FILE: layer 2 (sha256:ab12...)").
  static Result<std::unique_ptr<TarReader>> open(const BlobRef& blob, std::string what);
  ~TarReader();
  TarReader(const TarReader&) = delete;
  TarReader& operator=(const TarReader&) = delete;

  /// The next entry, or nullptr at the end; an error when the stream is cut or corrupt.
  Result<archive_entry*> next();
  /// Reads the current entry's data: up to `n` bytes, 0 at its end.
  Result<std::size_t> read(char* buf, std::size_t n);
  /// True when the stream had no compression (its data offsets are offsets in the blob).
  bool uncompressed() const;
  /// Offset in the (uncompressed) stream where the current entry's data starts.
  std::uint64_t data_offset() const;
  const std::string& what() const { return what_; }

  struct Source;

 private:
  TarReader(std::unique_ptr<Source> source, archive* a, std::string what);
  std::unique_ptr<Source> source_;
  archive* a_;
  std::string what_;
};

/// The entry's name as stored: its bytes (not UTF-8 ones too), or its UTF-8 form.
std::string_view entry_name(archive_entry* entry);
std::string_view entry_hardlink(archive_entry* entry);
std::string_view entry_symlink(archive_entry* entry);
/// "a/./b", "/a/b", "./a//b/" -> "a/b"; empty when the name climbs out with `..` (or is empty).
std::string clean_name(std::string_view name);

}  // namespace trustready::image
