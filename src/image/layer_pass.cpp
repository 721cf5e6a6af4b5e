// The passes over an image's layers: the index pass (headers only; data is skipped, by
// seeking when the layer is uncompressed) and the content passes of load() and stream().
#include <archive_entry.h>

#include <algorithm>

#include "fs/file_tree.h"
#include "image/image_impl.h"

namespace trustready::image {
namespace {

constexpr std::size_t kMaxName = 4096;  // PATH_MAX: a longer name no system could hold
constexpr std::string_view kWhiteout = ".wh.";
constexpr std::string_view kOpaque = ".wh..wh..opq";

bool climbs_out(std::string_view name) {
  for (const auto& part : fs::path_parts(name))
    if (part == "..") return true;
  return false;
}

/// "/" + name, appended: GCC 12 warns falsely (-Wrestrict) on `"/" + std::string`.
std::string absolute(std::string_view clean) {
  std::string out(1, '/');
  out += clean;
  return out;
}

std::string parent_of(const std::string& path) {
  const std::size_t slash = path.rfind('/');
  return slash == 0 ? "/" : path.substr(0, slash);
}

class LayerIndexer {
 public:
  LayerIndexer(ImageTree::Impl& image, std::uint32_t layer, bool whiteouts)
      : image_(image), layer_(layer), whiteouts_(whiteouts), label_(image.layers[layer].label) {}

  void entry(archive_entry* e, std::uint64_t ordinal) {
    const std::string_view raw = entry_name(e);
    if (raw.size() > kMaxName) return note(std::string(raw.substr(0, 100)) + "...", "a name longer than 4096 bytes, left out");
    if (climbs_out(raw)) return note(std::string(raw), "a name that climbs out of the image with .., left out");
    const std::string clean = clean_name(raw);
    if (clean.empty()) return;  // "./": the root folder itself
    const std::string path = absolute(clean);
    const std::string base = path.substr(path.rfind('/') + 1);
    if (whiteouts_ && base.starts_with(kWhiteout)) return whiteout(path, base);
    const std::string_view link = entry_hardlink(e);
    Node node;
    node.mode = archive_entry_perm(e);
    if (!link.empty()) {
      if (!hard_link(path, link, node)) return;
    } else {
      switch (archive_entry_filetype(e)) {
        case AE_IFREG:
          node.kind = Node::Kind::File;
          node.content = image_.index.add_content(
              Content{layer_, ordinal, static_cast<std::uint64_t>(std::max<la_int64_t>(0, archive_entry_size(e)))});
          break;
        case AE_IFDIR: node.kind = Node::Kind::Dir; break;
        case AE_IFLNK:
          node.kind = Node::Kind::Symlink;
          node.target = std::string(entry_symlink(e));
          break;
        default: node.kind = Node::Kind::Other;
      }
    }
    if (!image_.index.add(path, std::move(node), layer_))
      note(path, "left out: a folder above it is a file (or a link to no folder) in the image, or it is over 256 deep");
  }

 private:
  void whiteout(const std::string& path, const std::string& base) {
    if (base == kOpaque) return image_.index.opaque(parent_of(path), layer_);
    if (base.starts_with(".wh..wh.")) return;  // aufs' own bookkeeping (.wh..wh.plnk), not a deletion
    const std::string dir = parent_of(path);
    image_.index.whiteout((dir == "/" ? "/" : dir + "/") + base.substr(kWhiteout.size()), layer_);
  }

  bool hard_link(const std::string& path, std::string_view link, Node& node) {
    if (climbs_out(link) || clean_name(link).empty())
      return note(path, "a hard link to " + std::string(link) + ", outside the image, left out"), false;
    const std::string target = absolute(clean_name(link));
    const Node* source = image_.index.link_source(target);
    if (!source || (source->kind != Node::Kind::File && source->kind != Node::Kind::Symlink))
      return note(path, "a hard link to " + target + ", no file in the image (yet), left out"), false;
    const std::uint32_t mode = node.mode;
    node = *source;  // the same content, so the same FileKey
    node.mode = mode;
    return true;
  }

  void note(const std::string& where, const std::string& what) {
    image_.notes.push_back(ImageNote{where, label_ + ": " + what});
  }

  ImageTree::Impl& image_;
  std::uint32_t layer_;
  bool whiteouts_;
  std::string label_;
};

}  // namespace

Status index_layer(ImageTree::Impl& image, std::uint32_t layer, bool whiteouts) {
  const Layer& l = image.layers[layer];
  auto reader = TarReader::open(l.blob, image.root + ": " + l.label);
  if (!reader) return make_error(reader.error());
  LayerIndexer indexer(image, layer, whiteouts);
  for (std::uint64_t ordinal = 0;; ++ordinal) {
    auto entry = (*reader)->next();
    if (!entry) {
      if (ordinal == 0) return make_error(entry.error());
      image.notes.push_back(ImageNote{l.label, entry.error() + " (read up to entry " + std::to_string(ordinal) + ")"});
      return ok_status();
    }
    if (!*entry) return ok_status();
    indexer.entry(*entry, ordinal);
  }
}

Status read_data(TarReader& reader, std::uint64_t keep, std::string& out) {
  out.clear();
  char chunk[64 << 10];
  for (;;) {
    auto got = reader.read(chunk, sizeof chunk);
    if (!got) return make_error(got.error());
    if (*got == 0) return ok_status();
    const std::size_t room = out.size() < keep ? static_cast<std::size_t>(keep - out.size()) : 0;
    out.append(chunk, std::min(*got, room));
  }
}

Status read_contents(const ImageTree::Impl& image, const std::vector<std::uint32_t>& wanted,
                     const std::function<Status(std::uint32_t, TarReader&)>& take) {
  const auto& contents = image.index.contents();
  std::vector<std::uint32_t> order(wanted);
  std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    return std::pair(contents[a].layer, contents[a].entry) < std::pair(contents[b].layer, contents[b].entry);
  });
  Status first = ok_status();
  for (std::size_t i = 0; i < order.size();) {
    const std::uint32_t layer = contents[order[i]].layer;
    auto reader = TarReader::open(image.layers[layer].blob, image.root + ": " + image.layers[layer].label);
    std::uint64_t ordinal = 0;
    while (reader && i < order.size() && contents[order[i]].layer == layer) {
      auto entry = (*reader)->next();
      if (!entry || !*entry) {
        if (!entry && first) first = make_error(entry.error());
        break;
      }
      for (; i < order.size() && contents[order[i]].layer == layer && contents[order[i]].entry == ordinal; ++i)
        if (auto done = take(order[i], **reader); !done && first) first = done;
      ++ordinal;
    }
    if (!reader && first) first = make_error(reader.error());
    while (i < order.size() && contents[order[i]].layer == layer) ++i;  // what a cut layer did not reach
  }
  return first;
}

}  // namespace trustready::image
