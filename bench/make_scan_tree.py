#!/usr/bin/env python3
"""A tree for timing `trustready scan` against rg and grep: a monorepo with node_modules and
vendored jars and binaries (mostly small text sources, a few large binaries), with a few
hundred trust artefacts scattered in it: PEM certificates and bundles, DER certificates,
JKS and PKCS#12 keystores, OkHttp pins, Android network_security_config.xml files and nginx
HPKP configurations. The layout and every byte but the artefacts' come from --seed; the
artefacts are made once with openssl and keytool (cached in --materials), then copied.

  bench/make_scan_tree.py OUT [--seed 15] [--files 200000] [--bytes 2000000000] [--artefacts 400]
"""
import argparse
import base64
import hashlib
import os
import random
import shutil
import subprocess
import sys

WORDS = ("import package return const function class public private static void int string "
         "if else for while var let async await export default module require new this self "
         "def lambda yield try catch finally throw error value result config options request "
         "response client server handler context buffer stream parse render update delete").split()
SOURCE_EXT = [".ts", ".js", ".py", ".go", ".java", ".kt", ".c", ".h", ".md", ".json", ".yaml", ".txt"]


def run(*cmd, cwd):
    subprocess.run(cmd, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def make_materials(folder):
    """Certificates and keystores, made once (keys are random; the layout is not)."""
    done = os.path.join(folder, "done")
    if os.path.exists(done):
        return
    os.makedirs(folder, exist_ok=True)
    for i in range(8):
        run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
            "-keyout", f"ca{i}.key", "-out", f"ca{i}.pem", "-subj", f"/CN=Bench CA {i}", "-days", "3650", cwd=folder)
        run("openssl", "x509", "-in", f"ca{i}.pem", "-outform", "DER", "-out", f"ca{i}.der", cwd=folder)
    with open(os.path.join(folder, "bundle.pem"), "wb") as out:
        for i in range(8):
            out.write(open(os.path.join(folder, f"ca{i}.pem"), "rb").read())
    for i in range(3):
        run("keytool", "-importcert", "-noprompt", "-alias", f"ca{i}", "-file", f"ca{i}.pem", "-keystore",
            "truststore.jks", "-storetype", "JKS", "-storepass", "changeit", cwd=folder)
        run("keytool", "-importcert", "-noprompt", "-alias", f"ca{i}", "-file", f"ca{i}.pem", "-keystore",
            "truststore.p12", "-storetype", "PKCS12", "-storepass", "changeit", cwd=folder)
    pins = []
    for i in range(8):
        spki = subprocess.run(["openssl", "x509", "-in", f"ca{i}.pem", "-pubkey", "-noout"], cwd=folder,
                              check=True, capture_output=True).stdout
        der = subprocess.run(["openssl", "pkey", "-pubin", "-outform", "DER"], input=spki, cwd=folder,
                             check=True, capture_output=True).stdout
        pins.append(base64.b64encode(hashlib.sha256(der).digest()).decode())
    open(os.path.join(folder, "pins.txt"), "w").write("\n".join(pins) + "\n")
    open(done, "w").write("ok\n")


def artefact(kind, materials, pins, rng):
    """(file name, bytes) of one trust artefact."""
    ca = rng.randrange(8)
    if kind == "pem":
        return "ca.pem", open(os.path.join(materials, f"ca{ca}.pem"), "rb").read()
    if kind == "bundle":
        return "cacert.pem", open(os.path.join(materials, "bundle.pem"), "rb").read()
    if kind == "der":
        return "root.der", open(os.path.join(materials, f"ca{ca}.der"), "rb").read()
    if kind == "jks":
        return "truststore.jks", open(os.path.join(materials, "truststore.jks"), "rb").read()
    if kind == "p12":
        return "truststore.p12", open(os.path.join(materials, "truststore.p12"), "rb").read()
    a, b = pins[ca], pins[(ca + 1) % 8]
    if kind == "okhttp":
        return "Pinning.kt", (
            "import okhttp3.CertificatePinner\n\nval pinner = CertificatePinner.Builder()\n"
            f'    .add("api.example.com", "sha256/{a}")\n    .add("api.example.com", "sha256/{b}")\n'
            "    .build()\n").encode()
    if kind == "android":
        return "network_security_config.xml", (
            '<?xml version="1.0" encoding="utf-8"?>\n<network-security-config>\n  <domain-config>\n'
            '    <domain includeSubdomains="true">example.com</domain>\n'
            '    <pin-set expiration="2027-01-01">\n'
            f'      <pin digest="SHA-256">{a}</pin>\n      <pin digest="SHA-256">{b}</pin>\n'
            "    </pin-set>\n  </domain-config>\n</network-security-config>\n").encode()
    return "hpkp.conf", (  # nginx
        "server {\n  listen 443 ssl;\n  add_header Public-Key-Pins "
        f"'pin-sha256=\"{a}\"; pin-sha256=\"{b}\"; max-age=5184000; includeSubDomains' always;\n}}\n").encode()


KINDS = ["pem"] * 30 + ["bundle"] * 10 + ["der"] * 15 + ["jks"] * 8 + ["p12"] * 7 + ["okhttp"] * 12 + \
        ["android"] * 10 + ["nginx"] * 8


def text_corpus(rng, size):
    """Source-like text; each text file is a slice of it (writing 200,000 files stays fast)."""
    words = [rng.choice(WORDS) + ("\n" if rng.random() < 0.12 else " ") for _ in range(size // 6)]
    return "".join(words).encode()


def text_file(rng, corpus, size):
    size = min(size, len(corpus) // 2)
    at = rng.randrange(len(corpus) - size)
    return corpus[at:at + size]


def folders(rng, top, count, depth):
    """`count` folder paths below `top`, up to `depth` levels, as a repository's are."""
    out = [top]
    while len(out) < count:
        parent = rng.choice(out)
        if parent.count("/") - top.count("/") >= depth:
            continue
        out.append(f"{parent}/{rng.choice(WORDS)}{rng.randrange(100)}")
    return sorted(set(out))


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("out")
    p.add_argument("--seed", type=int, default=15)
    p.add_argument("--files", type=int, default=200_000)
    p.add_argument("--bytes", type=int, default=2_000_000_000, help="about this many bytes in all")
    p.add_argument("--artefacts", type=int, default=400, help="trust artefacts scattered in the tree")
    p.add_argument("--materials", default=os.path.expanduser("~/.cache/trustready-bench/materials"))
    a = p.parse_args()
    if os.path.exists(a.out):
        sys.exit(f"make_scan_tree: {a.out} exists; give a new folder")
    make_materials(a.materials)
    pins = open(os.path.join(a.materials, "pins.txt")).read().split()
    rng = random.Random(a.seed)
    blob = random.Random(a.seed ^ 0x5EED).randbytes(16 << 20)  # the binaries are slices of it
    corpus = text_corpus(rng, 4 << 20)

    # 60% of the files in the monorepo, 38% in node_modules, 2% vendored (1% of them binaries).
    n_node, n_vendor = a.files * 38 // 100, max(1, a.files * 2 // 100)
    n_src = max(0, a.files - n_node - n_vendor - a.artefacts)
    dirs_src = folders(rng, "services", max(1, n_src // 25), 8)
    dirs_node = folders(rng, "web/node_modules", max(1, n_node // 12), 6)
    dirs_vendor = folders(rng, "third_party/vendor", max(1, n_vendor // 10 + 1), 4)
    binaries = max(1, n_vendor // 8)
    small_mean = 2600  # bytes of a source file, as a monorepo's median-ish
    big_total = max(0, a.bytes - (a.files - binaries) * small_mean)
    written = 0
    plan = []  # (folder, name, kind, size)
    for i in range(n_src):
        plan.append((rng.choice(dirs_src), f"f{i}{rng.choice(SOURCE_EXT)}", "text", int(rng.lognormvariate(7.3, 1.0))))
    for i in range(n_node):
        plan.append((rng.choice(dirs_node), f"m{i}{rng.choice(['.js', '.d.ts', '.json', '.map'])}", "text",
                     int(rng.lognormvariate(7.0, 1.1))))
    for i in range(n_vendor):
        big = i < binaries
        size = int(big_total / binaries * rng.uniform(0.2, 1.8)) if big else int(rng.lognormvariate(7.5, 1.0))
        plan.append((rng.choice(dirs_vendor), f"v{i}{'.jar' if big and i % 2 else ('.so' if big else '.txt')}",
                     "binary" if big else "text", size))
    for i in range(a.artefacts):
        kind = KINDS[rng.randrange(len(KINDS))]
        plan.append((rng.choice(dirs_src + dirs_node + dirs_vendor), f"a{i}_", kind, 0))
    for folder, name, kind, size in plan:
        path = os.path.join(a.out, folder)
        os.makedirs(path, exist_ok=True)
        if kind == "text":
            data = text_file(rng, corpus, max(1, size))
        elif kind == "binary":
            data = bytearray()
            while len(data) < size:
                at = rng.randrange(len(blob) - 4096)
                data += blob[at:at + min(size - len(data), 8 << 20)]
            data = bytes(data)
        else:
            suffix, data = artefact(kind, a.materials, pins, rng)
            name += suffix
        with open(os.path.join(path, name), "wb") as f:
            f.write(data)
        written += len(data)
    print(f"make_scan_tree: {len(plan)} files, {written / 1e6:.1f} MB, {a.artefacts} artefacts in {a.out}")


if __name__ == "__main__":
    main()
