// ImageTree as an fs::FileTree: every lookup is answered from the index; bytes only from
// what load() kept.
#include "image/image_tree.h"

#include "image/image_impl.h"

namespace trustready::image {
namespace {

const char* lookup_text(Lookup result) {
  switch (result) {
    case Lookup::NoEntry: return "No such file or directory";
    case Lookup::NotDir: return "Not a directory";
    case Lookup::Loop: return "symbolic link loop (more than 40 links)";
    case Lookup::Found: break;
  }
  return "found";
}

fs::FileKey key_of(const Node& node) {
  if (node.kind == Node::Kind::File) return fs::FileKey{1, node.content + 1ull};  // hard links share it
  return fs::FileKey{2, node.id};
}

std::string parent_of(const std::string& path) {
  const std::size_t slash = path.rfind('/');
  return slash == 0 ? "/" : path.substr(0, slash);
}

/// `base` in folder `dir` (both as the index keys them).
std::string child_of(const std::string& dir, const std::string& base) {
  std::string out = dir;
  if (out != "/") out += '/';
  out += base;
  return out;
}

}  // namespace

ImageTree::ImageTree(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ImageTree::~ImageTree() = default;

const std::string& ImageTree::root() const { return impl_->root; }
const std::string& ImageTree::name() const { return impl_->name; }
ImageFormat ImageTree::format() const { return impl_->format; }
const std::string& ImageTree::platform() const { return impl_->platform; }
const std::vector<ImageNote>& ImageTree::notes() const { return impl_->notes; }

std::string ImageTree::host_path(std::string_view path) const { return impl_->root + ":" + fs::normalize(path); }

Result<fs::FileTree::Resolved> ImageTree::resolve(std::string_view path) const {
  const Walked w = impl_->index.walk(path, true);
  if (w.result != Lookup::Found) return make_error(impl_->root + ": " + std::string(path) + ": " + lookup_text(w.result));
  return Resolved{w.path, host_path(w.path)};
}

fs::FileType ImageTree::type(std::string_view path) const {
  const Walked w = impl_->index.walk(path, true);
  const Node* node = w.result == Lookup::Found ? impl_->index.find(w.path) : nullptr;
  if (!node) return fs::FileType::Missing;
  if (node->kind == Node::Kind::File) return fs::FileType::File;
  return node->kind == Node::Kind::Dir ? fs::FileType::Directory : fs::FileType::Other;
}

bool ImageTree::entry_exists(std::string_view path) const {
  const std::string p = fs::normalize(path);
  if (p == "/") return true;
  const Walked parent = impl_->index.walk(parent_of(p), true);
  if (parent.result != Lookup::Found) return false;
  const std::string base = p.substr(p.rfind('/') + 1);
  return impl_->index.find(child_of(parent.path, base)) != nullptr;
}

bool ImageTree::absent(std::string_view path) const { return impl_->index.walk(path, true).result == Lookup::NoEntry; }

Result<fs::FileKey> ImageTree::file_key(std::string_view path) const {
  const Walked w = impl_->index.walk(path, true);
  if (w.result != Lookup::Found) return make_error(impl_->root + ": " + std::string(path) + ": " + lookup_text(w.result));
  return key_of(*impl_->index.find(w.path));
}

Result<std::vector<std::string>> ImageTree::list_dir(std::string_view path) const {
  const Walked w = impl_->index.walk(path, true);
  if (w.result != Lookup::Found) return make_error(impl_->root + ": " + std::string(path) + ": " + lookup_text(w.result));
  if (impl_->index.find(w.path)->kind != Node::Kind::Dir)
    return make_error(impl_->root + ": " + std::string(path) + ": Not a directory");
  return impl_->index.children(w.path);
}

Result<std::string> ImageTree::read_link(std::string_view path) const {
  const std::string p = fs::normalize(path);
  const Walked parent = impl_->index.walk(parent_of(p), true);
  const std::string base = p.substr(p.rfind('/') + 1);
  const Node* node = parent.result != Lookup::Found || p == "/"
                         ? nullptr
                         : impl_->index.find(child_of(parent.path, base));
  if (!node || node->kind != Node::Kind::Symlink) return make_error(impl_->root + ": " + std::string(path) + ": Invalid argument");
  return node->target;
}

Result<fs::MappedFile> ImageTree::map_file(std::string_view path) const {
  const std::string where = impl_->root + ": " + std::string(path);
  const Walked w = impl_->index.walk(path, true);
  if (w.result != Lookup::Found) return make_error(where + ": " + lookup_text(w.result));
  const Node& node = *impl_->index.find(w.path);
  if (node.kind == Node::Kind::Dir) return make_error(where + ": is a directory, expected a file");
  if (node.kind != Node::Kind::File) return make_error(where + ": not a regular file");
  const std::uint64_t size = impl_->index.contents()[node.content].size;
  if (size == 0) return fs::MappedFile();
  if (size > impl_->options.max_file_bytes)
    return make_error(where + ": " + std::to_string(size) + " bytes, over the " + std::to_string(impl_->options.max_file_bytes) +
                      "-byte limit for a file of an image: never loaded");
  const std::lock_guard lock(impl_->mutex);
  auto kept = impl_->kept.find(node.content);
  if (kept != impl_->kept.end()) return fs::MappedFile(*kept->second, kept->second);
  impl_->wanted.insert(w.path);
  return make_error(where + ": contents not loaded");
}

Result<fs::FileContent> ImageTree::read_file_keyed(std::string_view path, std::size_t max_bytes) const {
  auto mapped = map_file(path);
  if (!mapped) return make_error(mapped.error());
  if (mapped->bytes().size() > max_bytes)
    return make_error(impl_->root + ": " + std::string(path) + ": file too large (" + std::to_string(mapped->bytes().size()) +
                      " bytes; limit " + std::to_string(max_bytes) + ")");
  auto key = file_key(path);
  return fs::FileContent{key ? *key : fs::FileKey{}, std::string(mapped->bytes())};
}

std::set<std::string> ImageTree::wanted() const {
  const std::lock_guard lock(impl_->mutex);
  return impl_->wanted;
}

Status ImageTree::load(const std::set<std::string>& paths) {
  Impl& im = *impl_;
  const auto& contents = im.index.contents();
  std::vector<std::uint32_t> todo;
  std::map<std::uint32_t, std::string> path_of;
  {
    const std::lock_guard lock(im.mutex);
    im.wanted.clear();
    for (const auto& path : paths) {
      const Walked w = im.index.walk(path, true);
      const Node* node = w.result == Lookup::Found ? im.index.find(w.path) : nullptr;
      if (!node || node->kind != Node::Kind::File || im.kept.count(node->content) || path_of.count(node->content)) continue;
      if (contents[node->content].size > im.options.max_file_bytes) {
        im.notes.push_back(ImageNote{w.path, std::to_string(contents[node->content].size) + " bytes, over the " +
                                                 std::to_string(im.options.max_file_bytes) + "-byte limit: not loaded"});
        continue;
      }
      todo.push_back(node->content);
      path_of[node->content] = w.path;
    }
  }
  return read_contents(im, todo, [&](std::uint32_t content, TarReader& reader) -> Status {
    const std::uint64_t size = contents[content].size;
    if (im.kept_bytes + size > im.options.max_kept_bytes) {
      im.notes.push_back(ImageNote{path_of[content], "not loaded: the image's files kept already fill " +
                                                         std::to_string(im.options.max_kept_bytes) + " bytes"});
      return ok_status();
    }
    auto bytes = std::make_shared<std::string>();
    if (auto read = read_data(reader, size, *bytes); !read) return read;
    const std::lock_guard lock(im.mutex);
    im.kept_bytes += bytes->size();
    im.kept[content] = std::move(bytes);
    return ok_status();
  });
}

Status ImageTree::stream(const std::function<bool(std::string_view path, std::uint64_t size)>& want,
                         const std::function<void(const StreamedFile&)>& sink) const {
  const Impl& im = *impl_;
  const auto& contents = im.index.contents();
  std::map<std::uint32_t, const std::string*> path_of;  // a hard-linked content: its first path
  for (const auto& [path, node] : im.index.nodes())
    if (node.kind == Node::Kind::File) path_of.emplace(node.content, &path);
  std::vector<std::uint32_t> todo;
  for (const auto& [content, path] : path_of)
    if (want(*path, contents[content].size)) todo.push_back(content);
  std::string buffer;  // one file's bytes at a time, at most max_file_bytes
  return read_contents(im, todo, [&](std::uint32_t content, TarReader& reader) -> Status {
    const std::uint64_t size = contents[content].size;
    if (auto read = read_data(reader, im.options.max_file_bytes, buffer); !read) return read;
    sink(StreamedFile{*path_of[content], size, buffer, size > im.options.max_file_bytes});
    return ok_status();
  });
}

}  // namespace trustready::image
