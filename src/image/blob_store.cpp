#include "image/blob_store.h"

#include <archive_entry.h>
#include <sys/stat.h>

#include <cctype>


namespace trustready::image {
namespace {

bool all_hex(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

/// A name an image archive holds: the OCI layout's files and blobs, or docker's legacy
/// ones (manifest.json, repositories, ID.json, ID/layer.tar, ID/json, ID/VERSION).
/// Anything else (etc/, usr/bin/...) makes the file a root file system tarball.
bool image_member(std::string_view name) {
  if (name == "oci-layout" || name == "index.json" || name == "manifest.json" || name == "repositories") return true;
  if (name == "blobs" || name.starts_with("blobs/")) return true;
  const std::string_view first = name.substr(0, name.find('/'));
  if (first.ends_with(".json")) return all_hex(first.substr(0, first.size() - 5));
  return all_hex(first) && first.size() >= 32;
}

}  // namespace

Result<std::unique_ptr<BlobStore>> BlobStore::open(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return make_error(path + ": No such file or directory");
  auto store = std::unique_ptr<BlobStore>(new BlobStore());
  store->name_ = path;
  if (S_ISDIR(st.st_mode)) {
    store->folder_ = path;
    if (!store->has("index.json") && !store->has("manifest.json"))
      return make_error(path + ": not an image folder (no index.json nor manifest.json in it)");
    return store;
  }
  auto bytes = open_file_bytes(path);
  if (!bytes) return make_error(bytes.error());
  if ((*bytes)->size() == 0) return make_error(path + ": empty file, not an image");
  if (auto indexed = store->index(*bytes); !indexed) return make_error(indexed.error());
  return store;
}

Result<std::unique_ptr<BlobStore>> BlobStore::open_bytes(std::string bytes, const std::string& name) {
  if (bytes.empty()) return make_error(name + ": empty file, not an image");
  auto store = std::unique_ptr<BlobStore>(new BlobStore());
  store->name_ = name;
  if (auto indexed = store->index(memory_bytes(std::move(bytes), name)); !indexed) return make_error(indexed.error());
  return store;
}

// One pass over the outer archive's headers; an uncompressed archive's members are then
// read in place by offset (the pass itself skips their data by seeking).
Status BlobStore::index(std::shared_ptr<const Bytes> bytes) {
  bytes_ = bytes;
  auto reader = TarReader::open(whole(), name_);
  if (!reader) return make_error(reader.error());
  bool layout = false;
  for (;;) {
    auto entry = (*reader)->next();
    if (!entry) {
      if (members_.empty() && !layout) return make_error(entry.error());
      index_note_ = entry.error();  // an archive cut short: what was indexed stays
      break;
    }
    if (!*entry) break;
    const std::string name = clean_name(entry_name(*entry));
    if (name.empty()) continue;
    if (!image_member(name)) {
      rootfs_ = true;  // stop early: the layer pass reads it again as a root file system
      break;
    }
    if (name == "index.json" || name == "manifest.json") layout = true;
    if (archive_entry_filetype(*entry) != AE_IFREG || entry_hardlink(*entry).size()) continue;
    members_[name] = Member{(*reader)->data_offset(), static_cast<std::uint64_t>(archive_entry_size(*entry))};
  }
  compressed_ = !(*reader)->uncompressed();
  if (!layout) rootfs_ = true;
  return ok_status();
}

bool BlobStore::has(const std::string& name) const {
  if (folder_.empty()) return members_.count(name) > 0;
  struct stat st {};
  return !clean_name(name).empty() && ::stat((folder_ + "/" + clean_name(name)).c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

Result<BlobRef> BlobStore::blob(const std::string& name) const {
  if (!folder_.empty()) {
    const std::string clean = clean_name(name);
    if (clean.empty()) return make_error(name_ + ": " + name + ": not a name inside the image folder");
    auto bytes = open_file_bytes(folder_ + "/" + clean);
    if (!bytes) return make_error(name_ + ": missing blob " + name + " (" + bytes.error() + ")");
    return BlobRef{*bytes, 0, (*bytes)->size(), {}};
  }
  auto it = members_.find(name);
  if (it == members_.end()) return make_error(name_ + ": missing blob " + name + " (no such member in the archive)");
  if (compressed_) return BlobRef{bytes_, 0, it->second.size, name};
  return BlobRef{bytes_, it->second.offset, it->second.size, {}};
}

Result<std::string> BlobStore::read(const std::string& name, std::size_t max_bytes) const {
  auto ref = blob(name);
  if (!ref) return make_error(ref.error());
  if (ref->size > max_bytes) return make_error(name_ + ": " + name + ": " + std::to_string(ref->size) + " bytes, too large for a manifest");
  std::string out(ref->size, '\0');
  if (ref->member.empty()) {
    std::size_t done = 0;
    while (done < out.size()) {
      const long got = ref->bytes->read_at(out.data() + done, out.size() - done, ref->offset + done);
      if (got <= 0) return make_error(name_ + ": " + name + ": cut short (the archive ends inside it)");
      done += static_cast<std::size_t>(got);
    }
    return out;
  }
  // A compressed outer archive: stream it again up to this member.
  auto reader = TarReader::open(whole(), name_);
  if (!reader) return make_error(reader.error());
  for (;;) {
    auto entry = (*reader)->next();
    if (!entry) return make_error(entry.error());
    if (!*entry) return make_error(name_ + ": missing blob " + name);
    if (clean_name(entry_name(*entry)) == name) break;
  }
  std::size_t done = 0;
  while (done < out.size()) {
    auto got = (*reader)->read(out.data() + done, out.size() - done);
    if (!got) return make_error(got.error());
    if (*got == 0) return make_error(name_ + ": " + name + ": cut short (the archive ends inside it)");
    done += *got;
  }
  return out;
}

}  // namespace trustready::image
