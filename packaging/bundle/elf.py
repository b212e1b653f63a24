"""What the bundler needs to know of an ELF file, read with binutils
(readelf, nm): its SONAME, NEEDED libraries, RUNPATH, the symbol versions it
needs (GLIBC_2.34, GLIBCXX_3.4.30 ...) and the dynamic symbols it defines."""
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

ELF_MAGIC = b"\x7fELF"


def is_elf(path: Path) -> bool:
    try:
        with open(path, "rb") as f:
            return f.read(4) == ELF_MAGIC
    except OSError:
        return False


def _run(*cmd) -> str:
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


@dataclass
class ElfInfo:
    path: Path
    soname: str = ""
    needed: list = field(default_factory=list)
    runpath: list = field(default_factory=list)  # raw entries, $ORIGIN unexpanded
    # library soname -> set of version names needed from it ("GLIBC_2.34")
    version_needs: dict = field(default_factory=dict)

    def runpath_dirs(self):
        """RUNPATH entries with $ORIGIN expanded (as the dynamic loader does)."""
        origin = str(self.path.resolve().parent)
        return [Path(e.replace("$ORIGIN", origin).replace("${ORIGIN}", origin)) for e in self.runpath if e]


_DYNAMIC = re.compile(r"\((NEEDED|SONAME|RUNPATH|RPATH)\)\s+\S+(?: \S+)*?: \[(.*)\]")


def read_elf(path: Path) -> ElfInfo:
    info = ElfInfo(Path(path))
    for line in _run("readelf", "-d", "-W", str(path)).splitlines():
        m = _DYNAMIC.search(line)
        if not m:
            continue
        kind, value = m.groups()
        if kind == "NEEDED":
            info.needed.append(value)
        elif kind == "SONAME":
            info.soname = value
        else:
            info.runpath += value.split(":")
    # .gnu.version_r: "  0x0010: Version: 1  File: libc.so.6  Cnt: 9" then
    # "  0x0020:   Name: GLIBC_2.34  Flags: none  Version: 13"
    current = None
    for line in _run("readelf", "-V", "-W", str(path)).splitlines():
        m = re.search(r"File: (\S+)\s+Cnt:", line)
        if m:
            current = m.group(1)
            info.version_needs.setdefault(current, set())
            continue
        m = re.search(r"Name: (\S+)\s+Flags:", line)
        if m and current:
            info.version_needs[current].add(m.group(1))
    return info


@dataclass
class DefinedSymbol:
    name: str
    version: str  # "" when unversioned
    kind: str     # "func" or "object"
    size: int


def defined_symbols(path: Path):
    """Every dynamic symbol the library defines (what a stand-in must define)."""
    symbols = []
    out = _run("readelf", "--dyn-syms", "-W", str(path))
    for line in out.splitlines():
        parts = line.split()
        # Num: Value Size Type Bind Vis Ndx Name
        if len(parts) < 8 or not parts[0].rstrip(":").isdigit():
            continue
        _, _, size, typ, bind, _, ndx, name = parts[:8]
        if ndx in ("UND", "ABS") or bind not in ("GLOBAL", "WEAK") or typ not in ("FUNC", "OBJECT", "IFUNC"):
            continue
        version = ""
        if "@@" in name:
            name, version = name.split("@@", 1)
        elif "@" in name:
            continue  # a non-default (old) version: nobody links against it anew
        size_value = int(size, 0) if size.startswith("0x") else int(size)
        symbols.append(DefinedSymbol(name, version, "object" if typ == "OBJECT" else "func", size_value))
    return symbols


def glibc_floor(infos, prefix: str) -> str:
    """The highest PREFIX_x.y version any of the files needs ("GLIBC_2.34")."""
    best = ()
    text = ""
    for info in infos:
        for versions in info.version_needs.values():
            for v in versions:
                if not v.startswith(prefix + "_"):
                    continue
                try:
                    key = tuple(int(p) for p in v[len(prefix) + 1:].split("."))
                except ValueError:
                    continue
                if key > best:
                    best, text = key, v
    return text


def imported_symbols(path: Path):
    """The names of the dynamic symbols the file needs from elsewhere."""
    names = set()
    for line in _run("readelf", "--dyn-syms", "-W", str(path)).splitlines():
        parts = line.split()
        if len(parts) >= 8 and parts[6] == "UND" and parts[0].rstrip(":").isdigit():
            names.add(parts[7].split("@", 1)[0])
    return names
