#!/usr/bin/env python3
"""Builds the image fixtures of tests/image with python3's tarfile (the entries GNU tar
cannot write from a folder: whiteouts, hard links to files of a lower layer, `../` names).

  make_image.py layer OUT.tar SPEC.json   SPEC: [[kind, name, arg], ...]
      kind: f (file, arg = contents), d (folder), l (symlink, arg = target),
            h (hard link, arg = target name), c (character device)
  make_image.py image SPEC.json           SPEC: {"format": docker|oci-archive|oci-dir|docker25,
      "out": PATH, "index": "images"|"platforms",
      "images": [{"name": "a:1", "platform": "linux/amd64", "layers": [FILE...]}]}
      A layer FILE ending .gz or .zst is a compressed layer (made by the gzip or zstd CLI).
"""
import hashlib
import io
import json
import os
import sys
import tarfile


def layer(out, spec_file):
    spec = json.load(open(spec_file))
    with tarfile.open(out, "w", format=tarfile.PAX_FORMAT, encoding="utf-8", errors="surrogateescape") as tar:
        for kind, name, arg in spec:
            info = tarfile.TarInfo(name)
            info.mtime = 1700000000
            data = None
            if kind == "f":
                data = arg.encode("utf-8", "surrogateescape")
                info.size = len(data)
                info.mode = 0o644
            elif kind == "d":
                info.type = tarfile.DIRTYPE
                info.mode = 0o755
            elif kind == "l":
                info.type = tarfile.SYMTYPE
                info.linkname = arg
            elif kind == "h":
                info.type = tarfile.LNKTYPE
                info.linkname = arg
            elif kind == "c":
                info.type = tarfile.CHRTYPE
            tar.addfile(info, io.BytesIO(data) if data is not None else None)


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def media_type(path):
    if path.endswith(".gz"):
        return "application/vnd.oci.image.layer.v1.tar+gzip"
    if path.endswith(".zst"):
        return "application/vnd.oci.image.layer.v1.tar+zstd"
    return "application/vnd.oci.image.layer.v1.tar"


class Blobs:
    """The files of the image: name -> bytes or a path to copy."""

    def __init__(self):
        self.files = {}

    def add_bytes(self, data):
        digest = hashlib.sha256(data).hexdigest()
        self.files["blobs/sha256/" + digest] = data
        return {"digest": "sha256:" + digest, "size": len(data)}

    def add_file(self, path, name=None):
        digest = sha256(path)
        self.files[name or "blobs/sha256/" + digest] = path
        return {"digest": "sha256:" + digest, "size": os.path.getsize(path)}

    def add_json(self, doc):
        return self.add_bytes(json.dumps(doc).encode())


def config_of(image, diff_ids):
    os_name, arch, *variant = image.get("platform", "linux/amd64").split("/")
    config = {"architecture": arch, "os": os_name, "rootfs": {"type": "layers", "diff_ids": diff_ids}, "config": {}}
    if variant:
        config["variant"] = variant[0]
    return config


def oci_manifest(blobs, image):
    layers = [dict(blobs.add_file(p), mediaType=media_type(p)) for p in image["layers"]]
    config = blobs.add_json(config_of(image, [l["digest"] for l in layers]))
    manifest = {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                "config": dict(config, mediaType="application/vnd.oci.image.config.v1+json"), "layers": layers}
    desc = dict(blobs.add_json(manifest), mediaType="application/vnd.oci.image.manifest.v1+json")
    return desc, config


def image(spec_file):
    spec = json.load(open(spec_file))
    blobs = Blobs()
    fmt = spec["format"]
    if fmt == "docker":  # the legacy layout: ID/layer.tar, ID.json, manifest.json
        manifest = []
        for img in spec["images"]:
            names = []
            for p in img["layers"]:
                digest = sha256(p)
                blobs.add_file(p, digest + "/layer.tar")
                names.append(digest + "/layer.tar")
            config = json.dumps(config_of(img, ["sha256:" + sha256(p) for p in img["layers"]])).encode()
            config_id = hashlib.sha256(config).hexdigest()
            blobs.files[config_id + ".json"] = config
            manifest.append({"Config": config_id + ".json", "RepoTags": [img["name"]] if img.get("name") else None,
                             "Layers": names})
        blobs.files["manifest.json"] = json.dumps(manifest).encode()
    else:
        entries, legacy = [], []
        if spec.get("index") == "platforms":
            descs = []
            for img in spec["images"]:
                desc, _ = oci_manifest(blobs, img)
                os_name, arch, *variant = img["platform"].split("/")
                desc["platform"] = {"os": os_name, "architecture": arch}
                if variant:
                    desc["platform"]["variant"] = variant[0]
                descs.append(desc)
            index = {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": descs}
            desc = dict(blobs.add_json(index), mediaType="application/vnd.oci.image.index.v1+json")
            desc["annotations"] = {"io.containerd.image.name": spec["images"][0]["name"]}
            entries.append(desc)
        else:
            for img in spec["images"]:
                desc, config = oci_manifest(blobs, img)
                if img.get("name"):
                    desc["annotations"] = {"io.containerd.image.name": "docker.io/library/" + img["name"],
                                           "org.opencontainers.image.ref.name": img["name"].split(":")[-1]}
                entries.append(desc)
                legacy.append({"Config": "blobs/sha256/" + config["digest"][7:], "RepoTags": [img["name"]],
                               "Layers": ["blobs/sha256/" + sha256(p) for p in img["layers"]]})
        blobs.files["index.json"] = json.dumps({"schemaVersion": 2, "manifests": entries}).encode()
        blobs.files["oci-layout"] = b'{"imageLayoutVersion": "1.0.0"}'
        if fmt == "docker25":  # docker >= 25 writes both
            blobs.files["manifest.json"] = json.dumps(legacy).encode()
    write(spec["out"], blobs.files, folder=fmt == "oci-dir")


def write(out, files, folder):
    if folder:
        for name, data in files.items():
            os.makedirs(os.path.dirname(os.path.join(out, name)) or out, exist_ok=True)
            if isinstance(data, bytes):
                open(os.path.join(out, name), "wb").write(data)
            else:
                open(os.path.join(out, name), "wb").write(open(data, "rb").read())
        return
    with tarfile.open(out, "w", format=tarfile.PAX_FORMAT) as tar:
        for name, data in files.items():
            if isinstance(data, bytes):
                info = tarfile.TarInfo(name)
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
            else:
                tar.add(data, arcname=name)


if __name__ == "__main__":
    if sys.argv[1] == "layer":
        layer(sys.argv[2], sys.argv[3])
    else:
        image(sys.argv[2])
