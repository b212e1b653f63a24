#!/usr/bin/env python3
"""Packs the tree bundle.py made into the three forms of sdstudio-cuda:

  sdstudio-cuda_<version>-<release>_amd64.deb     Debian, Ubuntu and derivatives
  sdstudio-cuda-<version>-<release>.x86_64.rpm    Fedora, RHEL, openSUSE
  sdstudio-cuda-<version>-linux-x86_64.tar.gz     anywhere: unpack, run bin/sdstudio

The .deb and the .rpm install the tree to /opt/sdstudio-cuda, link
/usr/bin/sdstudio and /usr/bin/sdstudio-cli to it, and put the desktop entry,
icons, metainfo and man pages where the desktop finds them. They replace the
CPU-only `sdstudio` package (Conflicts/Replaces/Provides): one studio on the
system, the same commands and the same settings and galleries either way.
Their dependencies are the base libraries bundle.py found the programs
need (bundle.json), nothing else.

  packages.py --tree DIR --source DIR --dist DIR [--formats deb,rpm,tgz]
"""
import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

NAME = "sdstudio-cuda"
PREFIX = Path("opt") / NAME
ARCH_DEB, ARCH_RPM = "amd64", "x86_64"
# GLIBCXX_3.4.x -> the GCC release whose libstdc++ first has it.
GCC_OF_GLIBCXX = {"3.4.28": "10", "3.4.29": "11", "3.4.30": "12", "3.4.31": "13", "3.4.32": "13.2", "3.4.33": "14"}
# The programs' desktop integration, moved from the tree to /usr/share.
DESKTOP_DIRS = ["share/applications", "share/icons", "share/metainfo", "share/man"]


def project_version(source: Path) -> str:
    m = re.search(r"project\(sdstudio VERSION (\S+)", (source / "CMakeLists.txt").read_text())
    return m.group(1)


def minimum_driver_text(tree: Path) -> str:
    """From the bundled CUDA runtime: its major version's driver floor (the
    same table as core/nn/gpu_requirements.cpp)."""
    runtimes = sorted(tree.glob("lib/nvidia/cuda_runtime/lib/libcudart.so.*"))
    major = runtimes[0].name.rsplit(".", 1)[-1] if runtimes else "?"
    floor = {"11": "450.80.02", "12": "525.60.13", "13": "580.65.06"}.get(major, "?")
    return major, floor


def description(source: Path, tree: Path, summary: dict) -> tuple:
    major, floor = minimum_driver_text(tree)
    short = "Stable Diffusion v1.4 studio, self-contained CUDA build"
    text = (source / "packaging" / "description.txt").read_text().strip()
    text = text.replace("/usr/share/doc/sdstudio/models.md", f"/usr/share/doc/{NAME}/models.md")
    text += (f"\n\nThis is the self-contained GPU build: LibTorch with CUDA {major}, the NVIDIA runtime "
             f"libraries and Qt travel inside /opt/{NAME}. It needs an NVIDIA driver {floor} or newer "
             "(any GPU from Volta, compute capability 7.0, on) and runs on the CPU where there is none. "
             "It replaces the CPU-only sdstudio package.")
    return short, text


def debian_depends(summary: dict) -> str:
    packages = []
    for dep in summary["base"]:
        p = dep["debian_package"]
        if p and p not in packages:
            packages.append(p)
    floors = summary["floors"]
    out = []
    for p in packages:
        if p == "libc6" and floors.get("glibc"):
            out.append(f"libc6 (>= {floors['glibc'].split('_', 1)[1]})")
        elif p == "libstdc++6" and floors.get("libstdc++"):
            out.append(f"libstdc++6 (>= {GCC_OF_GLIBCXX.get(floors['libstdc++'].split('_', 1)[1], '12')})")
        elif p in ("libgcc-s1",):
            out.append(p)
        else:
            # Ubuntu 24.04 and Debian 13 renamed libraries whose ABI has a
            # time_t (libssl3t64, libglib2.0-0t64): either name will do.
            out.append(f"{p} | {p}t64")
    return ", ".join(out)


def rpm_requires(summary: dict) -> list:
    floors = summary["floors"]
    req = []
    for dep in summary["base"]:
        s = dep["soname"]
        if s.startswith("libc.so.6") and floors.get("glibc"):
            req.append(f"libc.so.6({floors['glibc']})(64bit)")
        elif s == "libstdc++.so.6" and floors.get("libstdc++"):
            req.append(f"libstdc++.so.6({floors['libstdc++']})(64bit)")
        elif s.startswith("ld-linux"):
            continue  # comes with libc
        else:
            req.append(f"{s}()(64bit)")
    return req


def stage(tree: Path, source: Path, root: Path, version: str, release: str, maintainer: str):
    """root/opt/sdstudio-cuda (hard links to the tree), /usr/bin links, /usr/share."""
    target = root / PREFIX
    target.parent.mkdir(parents=True)
    subprocess.run(["cp", "-al", str(tree), str(target)], check=True)
    for d in DESKTOP_DIRS:
        if (target / d).exists():
            (root / "usr" / d).parent.mkdir(parents=True, exist_ok=True)
            shutil.move(str(target / d), str(root / "usr" / d))
    shutil.rmtree(target / "share" / "lintian", ignore_errors=True)
    (root / "usr/bin").mkdir(parents=True, exist_ok=True)
    for exe in sorted((target / "bin").iterdir()):
        if exe.name.startswith("sdstudio"):
            os.symlink(f"../../{PREFIX.as_posix()}/bin/{exe.name}", root / "usr/bin" / exe.name)
    doc = root / "usr/share/doc" / NAME
    doc.mkdir(parents=True)
    shutil.copy2(source / "packaging/debian/copyright", doc / "copyright")
    os.symlink(f"../../../../{PREFIX.as_posix()}/share/doc/{NAME}/BUNDLE.md", doc / "BUNDLE.md")
    os.symlink(f"../../../../{PREFIX.as_posix()}/share/doc/{NAME}/licenses", doc / "licenses")
    shutil.copy2(source / "models/README.md", doc / "models.md")
    for f in root.rglob("*"):
        if f.is_file() and not f.is_symlink():
            f.chmod(0o755 if os.access(f, os.X_OK) and (f.parent.name == "bin" or f.suffix == "") else 0o644)


def installed_kib(root: Path) -> int:
    return sum(f.stat().st_size for f in root.rglob("*") if f.is_file() and not f.is_symlink()) // 1024 + 1


def make_deb(root: Path, dist: Path, version: str, release: str, maintainer: str, short: str, text: str, depends: str):
    control = root / "DEBIAN"
    control.mkdir()
    body = "\n".join(" " + (line if line.strip() else ".") for line in text.splitlines())
    (control / "control").write_text(
        f"Package: {NAME}\nVersion: {version}-{release}\nArchitecture: {ARCH_DEB}\nMaintainer: {maintainer}\n"
        f"Installed-Size: {installed_kib(root)}\nDepends: {depends}\n"
        "Recommends: ca-certificates, hicolor-icon-theme\n"
        "Conflicts: sdstudio\nReplaces: sdstudio\nProvides: sdstudio\n"
        f"Section: graphics\nPriority: optional\nDescription: {short}\n{body}\n")
    with open(control / "md5sums", "w") as sums:
        for f in sorted(root.rglob("*")):
            if f.is_file() and not f.is_symlink() and control not in f.parents:
                h = hashlib.md5()
                with open(f, "rb") as fh:
                    for chunk in iter(lambda: fh.read(1 << 20), b""):
                        h.update(chunk)
                sums.write(f"{h.hexdigest()}  {f.relative_to(root).as_posix()}\n")
    out = dist / f"{NAME}_{version}-{release}_{ARCH_DEB}.deb"
    # zstd: dpkg reads it since 1.21.18 (Debian 12, Ubuntu 22.04); level 9
    # in several threads compresses 2.x GB in about a minute on 2 cores.
    subprocess.run(["dpkg-deb", "--root-owner-group", "-Zzstd", "-z9", "--threads-max=0", "--build", str(root), str(out)],
                   check=True, stdout=subprocess.DEVNULL)
    shutil.rmtree(control)
    return out


def make_rpm(root: Path, dist: Path, work: Path, version: str, release: str, short: str, text: str, requires: list):
    files = [f"/{PREFIX.as_posix()}"]
    for f in sorted((root / "usr").rglob("*")):
        if f.is_file() or f.is_symlink():
            files.append("/" + f.relative_to(root).as_posix())
    spec = work / f"{NAME}.spec"
    spec.write_text("\n".join([
        f"Name: {NAME}", f"Version: {version}", f"Release: {release}", f"Summary: {short}",
        "License: MIT; bundled libraries under their own licenses (see /usr/share/doc/sdstudio-cuda/licenses)",
        "AutoReqProv: no", *[f"Requires: {r}" for r in requires],
        "Recommends: ca-certificates", f"Provides: sdstudio = {version}-{release}", "Conflicts: sdstudio",
        "%define _build_id_links none", "%global debug_package %{nil}", "%global __os_install_post %{nil}",
        # zstd payload (rpm >= 4.14: Fedora 31+, RHEL 8+, openSUSE 15.x), level 9, all cores.
        "%define _binary_payload w9T0.zstdio",
        "%description", text, "%install", f"cp -al {root}/. %{{buildroot}}/", "%files", *files, ""]))
    topdir = work / "rpmbuild"
    subprocess.run(["rpmbuild", "-bb", "--quiet", f"--define=_topdir {topdir}", f"--define=_rpmdir {dist}",
                    "--define=_build_name_fmt %%{NAME}-%%{VERSION}-%%{RELEASE}.%%{ARCH}.rpm",
                    f"--target={ARCH_RPM}", str(spec)], check=True)
    return dist / f"{NAME}-{version}-{release}.{ARCH_RPM}.rpm"


def make_tgz(tree: Path, dist: Path, version: str):
    top = f"{NAME}-{version}-linux-x86_64"
    out = dist / f"{top}.tar.gz"
    gzip = shutil.which("pigz") or "gzip"
    with open(out, "wb") as f:
        tar = subprocess.Popen(["tar", "-C", str(tree.parent), "--owner=0", "--group=0", "--numeric-owner",
                                f"--transform=s,^{tree.name},{top},", "-cf", "-", tree.name], stdout=subprocess.PIPE)
        subprocess.run([gzip, "-6"], stdin=tar.stdout, stdout=f, check=True)
        if tar.wait() != 0:
            raise SystemExit("packages: tar failed")
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tree", type=Path, required=True)
    ap.add_argument("--source", type=Path, required=True, help="the SD Studio checkout")
    ap.add_argument("--dist", type=Path, required=True, help="where the packages go")
    ap.add_argument("--formats", default="deb,rpm,tgz")
    ap.add_argument("--release", default="1")
    ap.add_argument("--maintainer", default="SD Studio developers <sdstudio@localhost>")
    args = ap.parse_args()
    tree, source = args.tree.resolve(), args.source.resolve()
    dist = args.dist.resolve()
    dist.mkdir(parents=True, exist_ok=True)
    summary = json.loads((tree / "share/doc" / NAME / "bundle.json").read_text())
    version = project_version(source)
    short, text = description(source, tree, summary)
    formats = args.formats.split(",")
    made = []
    with tempfile.TemporaryDirectory(dir=dist, prefix=".stage-") as work:
        work = Path(work)
        root = work / "root"
        if "deb" in formats or "rpm" in formats:
            stage(tree, source, root, version, args.release, args.maintainer)
        if "deb" in formats:
            made.append(make_deb(root, dist, version, args.release, args.maintainer, short, text, debian_depends(summary)))
        if "rpm" in formats:
            made.append(make_rpm(root, dist, work, version, args.release, short, text, rpm_requires(summary)))
        if "tgz" in formats:
            made.append(make_tgz(tree, dist, version))
    for p in made:
        print(f"{p}  ({p.stat().st_size / 1e9:.2f} GB)")


if __name__ == "__main__":
    main()
