#include "image/tar_reader.h"

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

#include "fs/file_tree.h"

namespace trustready::image {
namespace {

// Reads are done in chunks of this size: what a pass keeps of a blob at any time.
constexpr std::size_t kChunk = 256u << 10;
// After a skip (the index pass skipping a file's data) libarchive wants the next header:
// a small read fetches it without copying the next file's data too.
constexpr std::size_t kHeaderChunk = 2u << 10;

class FileBytes final : public Bytes {
 public:
  FileBytes(int fd, std::uint64_t size, std::string name) : fd_(fd), size_(size), name_(std::move(name)) {}
  ~FileBytes() override { ::close(fd_); }
  std::uint64_t size() const override { return size_; }
  long read_at(char* buf, std::size_t n, std::uint64_t offset) const override {
    for (;;) {  // pread shares no file position, so several passes may read at once
      const ssize_t got = ::pread(fd_, buf, n, static_cast<off_t>(offset));
      if (got >= 0 || errno != EINTR) return static_cast<long>(got);
    }
  }
  const std::string& name() const override { return name_; }

 private:
  int fd_;
  std::uint64_t size_;
  std::string name_;
};

class MemoryBytes final : public Bytes {
 public:
  MemoryBytes(std::string bytes, std::string name) : bytes_(std::move(bytes)), name_(std::move(name)) {}
  std::uint64_t size() const override { return bytes_.size(); }
  long read_at(char* buf, std::size_t n, std::uint64_t offset) const override {
    if (offset >= bytes_.size()) return 0;
    const std::size_t len = std::min<std::uint64_t>(n, bytes_.size() - offset);
    std::memcpy(buf, bytes_.data() + offset, len);
    return static_cast<long>(len);
  }
  const std::string& name() const override { return name_; }

 private:
  std::string bytes_;
  std::string name_;
};

}  // namespace

Result<std::shared_ptr<const Bytes>> open_file_bytes(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return make_error(path + ": " + std::strerror(errno));
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return make_error(path + ": not a regular file");
  }
  return std::shared_ptr<const Bytes>(std::make_shared<FileBytes>(fd, static_cast<std::uint64_t>(st.st_size), path));
}

std::shared_ptr<const Bytes> memory_bytes(std::string bytes, std::string name) {
  return std::make_shared<MemoryBytes>(std::move(bytes), std::move(name));
}

/// What libarchive reads from: its callbacks hand over one chunk at a time.
struct TarReader::Source {
  virtual ~Source() = default;
  virtual la_ssize_t read(const void** out) = 0;
  /// Skips up to `n` bytes without reading them; 0 when it cannot (libarchive then reads).
  virtual la_int64_t skip(la_int64_t /*n*/) { return 0; }
  std::vector<char> buffer = std::vector<char>(kChunk);
  std::string error;
};

namespace {

/// A byte range of Bytes, read with pread; skipping just moves the position.
struct RangeSource final : TarReader::Source {
  RangeSource(std::shared_ptr<const Bytes> b, std::uint64_t off, std::uint64_t len) : bytes(std::move(b)), offset(off), size(len) {}
  la_ssize_t read(const void** out) override {
    *out = buffer.data();
    const std::uint64_t left = size - pos;
    if (left == 0) return 0;
    const std::size_t chunk = skipped ? kHeaderChunk : buffer.size();
    skipped = false;
    const long got = bytes->read_at(buffer.data(), std::min<std::uint64_t>(chunk, left), offset + pos);
    if (got < 0) {
      error = std::strerror(errno);
      return -1;
    }
    pos += static_cast<std::uint64_t>(got);
    if (got == 0) pos = size;  // the file is shorter than its index said: a cut stream
    return got;
  }
  la_int64_t skip(la_int64_t n) override {
    const auto step = std::min<std::uint64_t>(static_cast<std::uint64_t>(n), size - pos);
    pos += step;
    skipped = true;
    return static_cast<la_int64_t>(step);
  }
  std::shared_ptr<const Bytes> bytes;
  std::uint64_t offset, size, pos = 0;
  bool skipped = false;
};

/// A member of a compressed outer archive: the outer archive is streamed up to it again.
struct MemberSource final : TarReader::Source {
  la_ssize_t read(const void** out) override {
    *out = buffer.data();
    auto got = outer->read(buffer.data(), buffer.size());
    if (!got) {
      error = got.error();
      return -1;
    }
    return static_cast<la_ssize_t>(*got);
  }
  std::unique_ptr<TarReader> outer;
};

la_ssize_t read_cb(archive*, void* data, const void** out) { return static_cast<TarReader::Source*>(data)->read(out); }
la_int64_t skip_cb(archive*, void* data, la_int64_t n) { return static_cast<TarReader::Source*>(data)->skip(n); }

/// libarchive's reason, or the source's own (a read error), in words a user can act on.
std::string why_failed(archive* a, const TarReader::Source& source, const char* fallback) {
  if (!source.error.empty()) return source.error;
  const char* why = archive_error_string(a);
  const std::string text = why ? why : fallback;
  if (text == "Unrecognized archive format") return "not a tar archive (nor a gzip, zstd or xz of one)";
  return text;
}

}  // namespace

TarReader::TarReader(std::unique_ptr<Source> source, archive* a, std::string what)
    : source_(std::move(source)), a_(a), what_(std::move(what)) {}

TarReader::~TarReader() { archive_read_free(a_); }

Result<std::unique_ptr<TarReader>> TarReader::open(const BlobRef& blob, std::string what) {
  std::unique_ptr<Source> source;
  if (blob.member.empty()) {
    source = std::make_unique<RangeSource>(blob.bytes, blob.offset, blob.size);
  } else {
    auto outer = open(BlobRef{blob.bytes, 0, blob.bytes->size(), {}}, blob.bytes->name());
    if (!outer) return make_error(outer.error());
    for (;;) {
      auto entry = (*outer)->next();
      if (!entry) return make_error(what + ": " + entry.error());
      if (!*entry) return make_error(what + ": no member " + blob.member + " in " + blob.bytes->name());
      if (clean_name(entry_name(*entry)) == blob.member) break;
    }
    auto member = std::make_unique<MemberSource>();
    member->outer = std::move(*outer);
    source = std::move(member);
  }
  archive* a = archive_read_new();
  // Library decoders only: no filter that would run an external program on hostile bytes.
  archive_read_support_filter_gzip(a);
  archive_read_support_filter_zstd(a);
  archive_read_support_filter_xz(a);
  archive_read_support_format_tar(a);
  archive_read_set_read_callback(a, read_cb);
  archive_read_set_skip_callback(a, skip_cb);
  archive_read_set_callback_data(a, source.get());
  if (archive_read_open1(a) != ARCHIVE_OK) {
    const std::string why = why_failed(a, *source, "unreadable");
    archive_read_free(a);
    return make_error(what + ": " + why);
  }
  return std::unique_ptr<TarReader>(new TarReader(std::move(source), a, std::move(what)));
}

Result<archive_entry*> TarReader::next() {
  archive_entry* entry = nullptr;
  const int rc = archive_read_next_header(a_, &entry);
  if (rc == ARCHIVE_EOF) return static_cast<archive_entry*>(nullptr);
  if (rc == ARCHIVE_OK || rc == ARCHIVE_WARN) return entry;
  return make_error(what_ + ": " + why_failed(a_, *source_, "corrupt tar header"));
}

Result<std::size_t> TarReader::read(char* buf, std::size_t n) {
  const la_ssize_t got = archive_read_data(a_, buf, n);
  if (got >= 0) return static_cast<std::size_t>(got);
  return make_error(what_ + ": " + why_failed(a_, *source_, "unreadable data"));
}

bool TarReader::uncompressed() const { return archive_filter_count(a_) == 1 && archive_filter_code(a_, 0) == ARCHIVE_FILTER_NONE; }

std::uint64_t TarReader::data_offset() const { return static_cast<std::uint64_t>(archive_filter_bytes(a_, 0)); }

std::string_view entry_name(archive_entry* entry) {
  const char* raw = archive_entry_pathname(entry);  // the stored bytes in the C locale
  if (!raw) raw = archive_entry_pathname_utf8(entry);
  return raw ? raw : "";
}

std::string_view entry_hardlink(archive_entry* entry) {
  const char* raw = archive_entry_hardlink(entry);
  if (!raw) raw = archive_entry_hardlink_utf8(entry);
  return raw ? raw : "";
}

std::string_view entry_symlink(archive_entry* entry) {
  const char* raw = archive_entry_symlink(entry);
  if (!raw) raw = archive_entry_symlink_utf8(entry);
  return raw ? raw : "";
}

std::string clean_name(std::string_view name) {
  const auto parts = fs::path_parts(name);
  std::string out;
  for (const auto& part : parts) {
    if (part == ".") continue;
    if (part == "..") return {};
    if (!out.empty()) out += '/';
    out += part;
  }
  return out;
}

}  // namespace trustready::image
