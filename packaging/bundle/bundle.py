#!/usr/bin/env python3
"""Makes the self-contained tree of the GPU package (sdstudio-cuda) from an
installed build: the programs, their data, LibTorch and the NVIDIA libraries
from the PyPI wheels, Qt with its plugins, and every other library the
programs load that is not one of the system's base libraries (policy.BASE).

What travels is computed from what the files need (their NEEDED entries,
followed until nothing new appears, plus what LibTorch and cuDNN open with
dlopen), never from a hand-kept list. The tree is then checked with ldd:
every library a file needs must resolve inside the tree, or be a base one.

  bundle.py --install DIR --torch DIR --qt-plugins DIR --out DIR [--work DIR]

Writes OUT/share/doc/sdstudio-cuda/BUNDLE.md (what is bundled, from where,
what for) and OUT/share/doc/sdstudio-cuda/bundle.json (the same, and the
base libraries with the packages that provide them, for packages.py).
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import policy  # noqa: E402
from elf import glibc_floor, imported_symbols, is_elf, read_elf  # noqa: E402
from stand_ins import build_stand_in  # noqa: E402

DOC = Path("share/doc/sdstudio-cuda")
LIB = Path("lib")
WHEEL_ROOT = LIB  # lib/torch/lib, lib/nvidia/<name>/lib: the wheels' own layout


def system_libraries():
    """soname -> path, from the dynamic loader's cache (what ld.so finds)."""
    found = {}
    out = subprocess.run(["ldconfig", "-p"], check=True, capture_output=True, text=True).stdout
    for line in out.splitlines():
        m = re.match(r"\s+(\S+) \((libc6,x86-64[^)]*)\) => (\S+)", line)
        if m and m.group(1) not in found:
            found[m.group(1)] = Path(m.group(3))
    return found


def debian_package(path: Path):
    """The Debian package that installed the file ("libqt6core6:amd64" -> "libqt6core6"), or None."""
    for candidate in (path, path.resolve()):
        r = subprocess.run(["dpkg", "-S", str(candidate)], capture_output=True, text=True)
        if r.returncode == 0:
            return r.stdout.split(":", 1)[0].split(",")[0].strip()
    return None


def debian_version(package: str):
    r = subprocess.run(["dpkg-query", "-W", "-f=${Version}", package], capture_output=True, text=True)
    return r.stdout.strip() if r.returncode == 0 else ""


def wheel_records(site_packages: Path):
    """Relative path in site-packages -> (distribution, version, dist-info folder)."""
    owners = {}
    for info in site_packages.glob("*.dist-info"):
        name_version = info.name[: -len(".dist-info")]
        dist, _, version = name_version.partition("-")
        record = info / "RECORD"
        if not record.exists():
            continue
        for line in record.read_text().splitlines():
            owners[line.split(",", 1)[0]] = (dist, version, info)
    return owners


def copy_wheels(torch: Path, out: Path, work: Path, notes: dict):
    """torch/lib and nvidia/*/lib into lib/, minus what policy leaves out;
    the libraries policy replaces get stand-ins."""
    site = torch.parent
    owners = wheel_records(site)
    real_stand_ins = {}
    for source in sorted(list((site / "torch" / "lib").rglob("*")) + list((site / "nvidia").rglob("*"))):
        if not source.is_file():
            continue
        relative = source.relative_to(site).as_posix()
        why = policy.left_out_reason(relative)
        if why:
            notes["left_out"].append({"file": relative, "why": why})
            continue
        target = out / WHEEL_ROOT / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.name in policy.STAND_INS:
            real_stand_ins[source.name] = (source, target)
            continue
        shutil.copy2(source, target)
        dist, version, _ = owners.get(relative, ("torch" if relative.startswith("torch/") else "?", "", None))
        notes["origins"][str(target.relative_to(out))] = f"PyPI {dist} {version}".strip()
    used_dists = {owners[r][2] for r in owners if (out / WHEEL_ROOT / r).exists() and owners[r][2]}
    for info in sorted(used_dists):
        for lic in list(info.glob("LICENSE*")) + list(info.glob("License*")) + list(info.glob("NOTICE*")) + \
                list(info.glob("licenses/*")):
            if lic.is_file():
                dest = out / DOC / "licenses" / info.name.split("-")[0] / lic.name
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(lic, dest)
    return real_stand_ins


def make_stand_ins(real_stand_ins: dict, out: Path, work: Path, notes: dict):
    imported = set()
    for f in elf_files(out):
        imported |= imported_symbols(f)
    for soname, (real, target) in sorted(real_stand_ins.items()):
        what, why = policy.STAND_INS[soname]
        count = build_stand_in(real, soname, what, why, target, work / "stand-ins", imported)
        notes["stand_ins"].append({"file": str(target.relative_to(out)), "what": what, "why": why,
                                   "real_bytes": real.stat().st_size, "symbols": count})
        notes["origins"][str(target.relative_to(out))] = "stand-in (packaging/bundle/stand_ins.py)"


def copy_qt_plugins(plugins: Path, out: Path, notes: dict):
    for kind, names in policy.QT_PLUGINS.items():
        folder = plugins / kind
        if not folder.is_dir():
            continue
        for plugin in sorted(folder.glob("*.so")):
            if names is not None and plugin.name not in names:
                continue
            target = out / LIB / "qt6" / "plugins" / kind / plugin.name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(plugin, target)
            notes["origins"][str(target.relative_to(out))] = origin_of_system_file(plugin)
    # Qt finds its plugins through qt.conf beside the executable (relative
    # to it, so the tree can live anywhere).
    (out / "bin" / "qt.conf").write_text("[Paths]\nPrefix = ..\nPlugins = lib/qt6/plugins\n")


def origin_of_system_file(path: Path):
    package = debian_package(path)
    return f"Debian {package} {debian_version(package)}" if package else f"the build machine's {path}"


def elf_files(out: Path):
    return [p for p in sorted(out.rglob("*")) if p.is_file() and not p.is_symlink() and is_elf(p)]


def bundled_sonames(out: Path):
    names = {}
    for f in elf_files(out):
        names.setdefault(read_elf(f).soname or f.name, f)
        names.setdefault(f.name, f)
    return names


def libraries_of_base(system: dict):
    """soname -> the base library that loads it. A library a base library
    needs (libpng16 and brotli for freetype, libzstd for libsystemd) is
    loaded once per process, and the base library's request comes first as
    often as ours, so it is the system's as well: bundling it would only
    sometimes be the copy in use. It becomes a dependency where a bundled
    file needs it too."""
    found = {}
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    for soname, path in system.items():
        if not policy.base_reason(soname):
            continue
        r = subprocess.run(["ldd", str(path)], capture_output=True, text=True, env=env)
        for line in r.stdout.splitlines():
            m = re.match(r"\s*(\S+) => ", line)
            if m and not policy.base_reason(m.group(1)):
                found.setdefault(m.group(1), soname)
    return found


def close_over_needed(out: Path, system: dict, notes: dict):
    """Copies every non-base library that a bundled file needs and the tree
    lacks, until nothing is missing. Returns the base sonames needed."""
    base = {}
    beneath_base = libraries_of_base(system)
    while True:
        present = bundled_sonames(out)
        missing = {}
        for f in elf_files(out):
            for soname in read_elf(f).needed:
                if soname in present:
                    continue
                if policy.base_reason(soname) or soname in beneath_base:
                    base.setdefault(soname, str(f.relative_to(out)))
                    if soname in beneath_base:
                        notes["beneath_base"][soname] = beneath_base[soname]
                    continue
                if soname in policy.DRIVER:
                    continue
                missing.setdefault(soname, f)
        if not missing:
            return base
        for soname, wanted_by in sorted(missing.items()):
            source = system.get(soname)
            if source is None:
                raise SystemExit(f"bundle: {wanted_by.relative_to(out)} needs {soname}, which this machine does not have")
            target = out / LIB / soname
            shutil.copy2(source.resolve(), target)
            notes["origins"][str(target.relative_to(out))] = origin_of_system_file(source)
            notes["needed_by"][soname] = str(wanted_by.relative_to(out))


def set_runpaths(out: Path, present: dict):
    """Our programs, the system libraries copied into lib/ and the Qt
    plugins look in lib/, and in the folder of any wheel library they link
    (libgomp, libcudart: lib/torch/lib, lib/nvidia/...). The wheel libraries
    keep their own ($ORIGIN/../../nvidia/...)."""
    for f in elf_files(out):
        relative = f.relative_to(out)
        if relative.parts[0] != "bin" and relative.parent != LIB and relative.parts[:3] != ("lib", "qt6", "plugins"):
            continue  # a wheel library, as it came
        up = os.path.relpath(out / LIB, f.parent)
        dirs = ["$ORIGIN" if up == "." else f"$ORIGIN/{up}"]
        for soname in read_elf(f).needed:
            lib = present.get(soname)
            if lib is not None and lib.parent != out / LIB:
                d = f"$ORIGIN/{os.path.relpath(lib.parent, f.parent)}"
                if d not in dirs:
                    dirs.append(d)
        subprocess.run(["patchelf", "--set-rpath", ":".join(dirs), str(f)], check=True)


def check_with_ldd(out: Path, is_base):
    """Every library of every file resolves inside the tree, or is a base one."""
    problems = []
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    files = elf_files(out)
    # ldd lists what the base libraries load too (libexpat for fontconfig,
    # libsystemd for D-Bus): the system's business. Only what a bundled file
    # itself needs is checked.
    ours = {soname for f in files for soname in read_elf(f).needed}
    for f in files:
        r = subprocess.run(["ldd", str(f)], capture_output=True, text=True, env=env)
        if r.returncode != 0 and "not a dynamic executable" in (r.stdout + r.stderr):
            continue
        for line in r.stdout.splitlines():
            m = re.match(r"\s*(\S+) => (.*?) \(0x", line) or re.match(r"\s*(\S+) => (not found)", line)
            if not m:
                continue
            soname, where = m.groups()
            if soname not in ours:
                continue
            if where == "not found" and soname in policy.DRIVER:
                continue  # the NVIDIA driver's: there on a GPU machine, and only there
            if where == "not found":
                problems.append(f"{f.relative_to(out)}: {soname} not found")
            elif not Path(where).resolve().is_relative_to(out.resolve()) and not is_base(soname):
                problems.append(f"{f.relative_to(out)}: {soname} resolves to the system's {where}")
    return problems


def base_dependencies(base: dict, system: dict, infos, beneath_base: dict):
    deps = []
    for soname in sorted(base):
        path = system.get(soname)
        package = debian_package(path) if path else None
        why = policy.base_reason(soname) or f"loaded by the base library {beneath_base[soname]} as well (so the system's)"
        deps.append({"soname": soname, "debian_package": package, "why": why, "needed_by": base[soname]})
    return deps, {"glibc": glibc_floor(infos, "GLIBC"), "libstdc++": glibc_floor(infos, "GLIBCXX")}


def write_manifest(out: Path, notes: dict, deps, floors):
    files = []
    for f in sorted(p for p in out.rglob("*") if p.is_file() and (p.relative_to(out).parts[0] == "lib" or is_elf(p))):
        relative = str(f.relative_to(out))
        files.append({"file": relative, "bytes": f.stat().st_size, "origin": notes["origins"].get(relative, "SD Studio"),
                      "purpose": policy.PURPOSE.get(f.name, ""), "needed_by": notes["needed_by"].get(f.name, "")})
    doc = out / DOC
    doc.mkdir(parents=True, exist_ok=True)
    summary = {"files": files, "stand_ins": notes["stand_ins"], "left_out": notes["left_out"],
               "base": deps, "floors": floors, "tree_bytes": sum(p.stat().st_size for p in out.rglob("*") if p.is_file())}
    (doc / "bundle.json").write_text(json.dumps(summary, indent=1) + "\n")
    mb = lambda n: f"{n / 1e6:.1f} MB"  # noqa: E731
    lines = ["# What sdstudio-cuda carries", "",
             f"{len(files)} files, {mb(summary['tree_bytes'])} installed. Generated by packaging/bundle/bundle.py.", "",
             "## Bundled", "", "| file | size | from | for |", "| --- | ---: | --- | --- |"]
    for f in files:
        purpose = f["purpose"] or (f"needed by {f['needed_by']}" if f["needed_by"] else "")
        lines.append(f"| {f['file']} | {mb(f['bytes'])} | {f['origin']} | {purpose} |")
    lines += ["", "## Replaced by stand-ins (linked by LibTorch, never called)", "", "| file | real size | what | why |",
              "| --- | ---: | --- | --- |"]
    lines += [f"| {s['file']} | {mb(s['real_bytes'])} | {s['what']} | {s['why']} |" for s in notes["stand_ins"]]
    lines += ["", "## From the system (package dependencies)", "", "| library | Debian package | why not bundled |",
              "| --- | --- | --- |"]
    lines += [f"| {d['soname']} | {d['debian_package'] or '?'} | {d['why']} |" for d in deps]
    lines += ["", f"Newest symbol versions needed: {floors['glibc']}, {floors['libstdc++']}.", ""]
    (doc / "BUNDLE.md").write_text("\n".join(lines))
    return summary


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--install", type=Path, required=True, help="the programs installed with this prefix layout")
    ap.add_argument("--torch", type=Path, required=True, help="the torch package folder of the PyPI wheel")
    ap.add_argument("--qt-plugins", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--work", type=Path, default=None)
    args = ap.parse_args()
    out, work = args.out.resolve(), (args.work or args.out.parent / "bundle-work").resolve()
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(args.install, out, symlinks=True)
    notes = {"origins": {}, "needed_by": {}, "stand_ins": [], "left_out": [], "beneath_base": {}}
    real_stand_ins = copy_wheels(args.torch.resolve(), out, work, notes)
    copy_qt_plugins(args.qt_plugins, out, notes)
    make_stand_ins(real_stand_ins, out, work, notes)  # before the closure: they are part of the tree
    system = system_libraries()
    base = close_over_needed(out, system, notes)
    set_runpaths(out, bundled_sonames(out))
    problems = check_with_ldd(out, lambda s: policy.base_reason(s) or s in notes["beneath_base"])
    if problems:
        raise SystemExit("bundle: the tree does not stand alone:\n  " + "\n  ".join(problems))
    deps, floors = base_dependencies(base, system, [read_elf(f) for f in elf_files(out)], notes["beneath_base"])
    summary = write_manifest(out, notes, deps, floors)
    print(f"bundle: {len(summary['files'])} files, {summary['tree_bytes'] / 1e9:.2f} GB in {out}; "
          f"needs {floors['glibc']}, {floors['libstdc++']} and {len(deps)} base libraries")


if __name__ == "__main__":
    main()
