// References: OCI image spec 1.1 (image-layout.md, image-index.md, manifest.md, config.md,
// layer.md) and docker's legacy `docker save` layout (moby image/tarexport: manifest.json).
#include "image/manifests.h"

#include <cctype>
#include <map>

#include <nlohmann/json.hpp>

namespace trustready::image {
namespace {

using json = nlohmann::json;
constexpr int kMaxNesting = 4;  // index -> index -> manifest is as deep as real images go

const json* member(const json& j, const char* key) {
  if (!j.is_object()) return nullptr;
  auto it = j.find(key);
  return it == j.end() ? nullptr : &*it;
}

std::string text(const json& j, const char* key) {
  const json* m = member(j, key);
  return m && m->is_string() ? m->get<std::string>() : std::string();
}

Result<json> read_json(const BlobStore& store, const std::string& name) {
  auto bytes = store.read(name);
  if (!bytes) return make_error(bytes.error());
  json parsed = json::parse(*bytes, nullptr, false);
  if (parsed.is_discarded()) return make_error(store.name() + ": " + name + ": not valid JSON");
  return parsed;
}

/// "sha256:HEX" -> "blobs/sha256/HEX"; anything else (a `../` in a digest) is refused.
Result<std::string> blob_of(const std::string& digest) {
  const std::size_t colon = digest.find(':');
  bool ok = colon != std::string::npos && colon > 0 && colon + 1 < digest.size();
  for (std::size_t i = 0; ok && i < digest.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(digest[i]);
    ok = i == colon || (i < colon ? std::islower(c) || std::isdigit(c) : std::isxdigit(c));
  }
  if (!ok) return make_error("not a digest: \"" + digest.substr(0, 100) + "\"");
  return "blobs/" + digest.substr(0, colon) + "/" + digest.substr(colon + 1);
}

std::string short_digest(const std::string& digest) { return digest.substr(0, digest.find(':') + 13); }

std::string platform_of(const json& j) {
  const std::string os = text(j, "os"), arch = text(j, "architecture"), variant = text(j, "variant");
  if (os.empty() || arch.empty()) return {};
  return os + "/" + arch + (variant.empty() ? "" : "/" + variant);
}

bool is_index(const std::string& media_type) {
  return media_type == "application/vnd.oci.image.index.v1+json" ||
         media_type == "application/vnd.docker.distribution.manifest.list.v2+json";
}

bool is_layer(const std::string& media_type) {
  static const char* const kTypes[] = {
      "application/vnd.oci.image.layer.v1.tar", "application/vnd.oci.image.layer.v1.tar+gzip",
      "application/vnd.oci.image.layer.v1.tar+zstd", "application/vnd.oci.image.layer.nondistributable.v1.tar",
      "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip",
      "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd",
      "application/vnd.docker.image.rootfs.diff.tar.gzip", "application/vnd.docker.image.rootfs.diff.tar",
      "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip"};
  for (const char* t : kTypes)
    if (media_type == t) return true;
  return false;
}

/// Manifests of an index that are images, not attestations (docker's provenance and
/// SBOM manifests carry platform unknown/unknown).
std::vector<const json*> image_entries(const json& index) {
  std::vector<const json*> out;
  const json* list = member(index, "manifests");
  if (!list || !list->is_array()) return out;
  for (const json& entry : *list) {
    if (!entry.is_object()) continue;
    const json* notes = member(entry, "annotations");
    if (notes && !text(*notes, "vnd.docker.reference.type").empty()) continue;
    const json* platform = member(entry, "platform");
    if (platform && text(*platform, "os") == "unknown") continue;
    out.push_back(&entry);
  }
  return out;
}

class OciReader {
 public:
  OciReader(const BlobStore& store, const OpenOptions& options, ImageFormat format,
            std::map<std::string, std::string> tags)
      : store_(store), options_(options), format_(format), tags_(std::move(tags)) {}

  /// The image a descriptor names: a manifest, or an index to pick a platform from.
  Result<ImageSpec> image(const json& desc, const std::string& name, int depth) const {
    if (depth > kMaxNesting) return make_error("indexes nested deeper than " + std::to_string(kMaxNesting));
    auto blob = blob_of(text(desc, "digest"));
    if (!blob) return make_error(blob.error());
    auto doc = read_json(store_, *blob);
    if (!doc) return make_error(doc.error());
    std::string media_type = text(desc, "mediaType");
    if (media_type.empty()) media_type = text(*doc, "mediaType");
    if (is_index(media_type) || (media_type.empty() && member(*doc, "manifests"))) return pick(*doc, name, depth);
    return manifest(*doc, name);
  }

  Result<ImageSpec> pick(const json& index, const std::string& name, int depth) const {
    const auto entries = image_entries(index);
    std::vector<std::string> platforms;
    for (const json* e : entries) {
      const json* p = member(*e, "platform");
      platforms.push_back(p ? platform_of(*p) : std::string("unknown"));
    }
    auto chosen = pick_platform(platforms, options_.platform);
    if (!chosen) return make_error(chosen.error());
    return image(*entries[*chosen], name, depth + 1);
  }

 private:
  Result<ImageSpec> manifest(const json& doc, const std::string& name) const {
    const json* config = member(doc, "config");
    const json* layers = member(doc, "layers");
    if (!config || !layers || !layers->is_array()) return make_error("a manifest without config or layers");
    const std::string digest = text(*config, "digest");
    auto config_blob = blob_of(digest);
    if (!config_blob) return make_error(config_blob.error());
    auto config_doc = read_json(store_, *config_blob);
    if (!config_doc) return make_error(config_doc.error());
    ImageSpec spec;
    spec.format = format_;
    spec.platform = platform_of(*config_doc);
    auto tag = tags_.find(*config_blob);
    spec.name = tag != tags_.end() ? tag->second : !name.empty() ? name : digest;
    if (!options_.platform.empty() && !spec.platform.empty())
      if (auto same = pick_platform({spec.platform}, options_.platform); !same) return make_error(same.error());
    for (const json& layer : *layers) {
      const std::string layer_digest = text(layer, "digest");
      const std::string label = "layer " + std::to_string(spec.layers.size() + 1) + " (" + short_digest(layer_digest) + ")";
      const std::string media_type = text(layer, "mediaType");
      if (!is_layer(media_type)) return make_error(label + ": not a layer type read here: \"" + media_type.substr(0, 100) + "\"");
      auto blob = blob_of(layer_digest);
      if (!blob) return make_error(label + ": " + blob.error());
      if (!store_.has(*blob)) return make_error(label + ": missing blob " + *blob);
      spec.layers.push_back(LayerSpec{*blob, label});
    }
    return spec;
  }

  const BlobStore& store_;
  const OpenOptions& options_;
  ImageFormat format_;
  std::map<std::string, std::string> tags_;  ///< config blob -> manifest.json's first RepoTag
};

std::string first_tag(const json& entry) {
  const json* tags = member(entry, "RepoTags");
  if (tags && tags->is_array() && !tags->empty() && (*tags)[0].is_string()) return (*tags)[0].get<std::string>();
  return {};
}

/// "blobs/sha256/HEX" -> "sha256:HEX"; docker's legacy "ID.json" and "ID/layer.tar" -> "sha256:ID".
std::string digest_of(const std::string& blob) {
  if (blob.starts_with("blobs/")) {
    const std::string rest = blob.substr(6);
    const std::size_t slash = rest.find('/');
    return slash == std::string::npos ? rest : rest.substr(0, slash) + ":" + rest.substr(slash + 1);
  }
  std::string id = blob.substr(0, blob.find('/'));
  if (id.ends_with(".json")) id.resize(id.size() - 5);
  return "sha256:" + id;
}

std::string legacy_label(std::size_t n, const std::string& blob) {
  return "layer " + std::to_string(n) + " (" + short_digest(digest_of(blob)) + ")";
}

/// One entry of docker's legacy manifest.json.
Result<ImageSpec> legacy_image(const BlobStore& store, const json& entry, const OpenOptions& options) {
  ImageSpec spec;
  spec.format = ImageFormat::DockerArchive;
  const std::string config = text(entry, "Config");
  auto config_doc = read_json(store, config);
  if (!config_doc) return make_error(config_doc.error());
  spec.platform = platform_of(*config_doc);
  spec.name = first_tag(entry);
  if (spec.name.empty()) spec.name = digest_of(config);
  if (!options.platform.empty() && !spec.platform.empty())
    if (auto same = pick_platform({spec.platform}, options.platform); !same) return make_error(same.error());
  const json* layers = member(entry, "Layers");
  if (!layers || !layers->is_array()) return make_error("manifest.json names no Layers");
  for (const json& layer : *layers) {
    const std::string blob = layer.is_string() ? layer.get<std::string>() : std::string();
    const std::string label = legacy_label(spec.layers.size() + 1, blob);
    if (!store.has(blob)) return make_error(label + ": missing blob " + blob.substr(0, 200));
    spec.layers.push_back(LayerSpec{blob, label});
  }
  return spec;
}

std::string entry_name_of(const json& entry, std::size_t n) {
  const std::string tag = first_tag(entry);
  return tag.empty() ? "image " + std::to_string(n + 1) : tag;
}

}  // namespace

Result<FoundImages> find_images(const BlobStore& store, const OpenOptions& options) {
  FoundImages found;
  std::map<std::string, std::string> tags;  // docker >= 25 writes manifest.json beside index.json
  json legacy;
  if (store.has("manifest.json")) {
    auto doc = read_json(store, "manifest.json");
    if (!doc && !store.has("index.json")) return make_error(doc.error());
    if (doc && doc->is_array()) legacy = std::move(*doc);
    for (const json& entry : legacy)
      if (!text(entry, "Config").empty() && !first_tag(entry).empty()) tags[text(entry, "Config")] = first_tag(entry);
  }
  if (!store.has("index.json")) {
    if (!legacy.is_array()) return make_error(store.name() + ": manifest.json: not a list of images");
    for (std::size_t i = 0; i < legacy.size(); ++i) {
      auto spec = legacy_image(store, legacy[i], options);
      if (spec) found.images.push_back(std::move(*spec));
      else found.failed.push_back(ImageNote{store.name() + "@" + entry_name_of(legacy[i], i), spec.error()});
    }
    return found;
  }
  auto index = read_json(store, "index.json");
  if (!index) return make_error(index.error());
  const ImageFormat format = store.is_folder() ? ImageFormat::OciLayout : ImageFormat::OciArchive;
  const OciReader reader(store, options, format, tags);
  const auto entries = image_entries(*index);
  // Platform manifests listed at the top, without names of their own: one image to pick from.
  bool platform_set = entries.size() > 1;
  for (const json* e : entries) {
    const json* notes = member(*e, "annotations");
    platform_set = platform_set && member(*e, "platform") && (!notes || text(*notes, "io.containerd.image.name").empty());
  }
  if (platform_set) {
    auto spec = reader.pick(*index, "", 0);
    if (spec) found.images.push_back(std::move(*spec));
    else found.failed.push_back(ImageNote{store.name(), spec.error()});
    return found;
  }
  for (const json* e : entries) {
    const json* notes = member(*e, "annotations");
    std::string name = notes ? text(*notes, "io.containerd.image.name") : std::string();
    if (name.empty() && notes) name = text(*notes, "org.opencontainers.image.ref.name");
    auto spec = reader.image(*e, name, 0);
    if (spec) found.images.push_back(std::move(*spec));
    else found.failed.push_back(ImageNote{store.name() + "@" + (name.empty() ? short_digest(text(*e, "digest")) : name), spec.error()});
  }
  if (entries.empty()) return make_error(store.name() + ": index.json lists no image");
  return found;
}

}  // namespace trustready::image
