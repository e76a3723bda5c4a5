"""ICU's data library, cut down to what Qt reads (Linux bundle only).

    .venv/bin/python installers/trim_icu.py [path/to/libicudata.so.NN] [--out DIR]

PySide6's Linux wheel carries ICU, and ICU's data library (libicudata.so.73, 30.6 MB)
is the largest file of the bundle: every table ICU has, for every language. Qt uses
ICU for a few things only; libQt6Core imports these ICU functions and no others
(`objdump -T libQt6Core.so.6 | grep _73`):

    ucol_*            collation: QCollator, QString::localeAwareCompare (the file
                      dialog sorts its list with it)
    ucal_*            time-zone ids and display names: QTimeZone
    ucnv_*            text codecs beyond UTF-8/16/32 and Latin-1: QStringConverter by name
    u_strToUpper/Lower  locale-aware case mapping (code, no data)

so what ICU keeps for break iteration (`brkitr/`, with its Chinese, Japanese, Thai,
Lao, Khmer and Burmese dictionaries), transliteration (`translit/`), spelled-out
numbers (`rbnf/`), measure units (`unit/`), currencies (`curr/`), language and region
display names (`lang/`, `region/`), character names (`unames.icu`), stringprep
profiles (`*.spp`) and spoof checking (`confusables.cfu`) is never read. Neither are
the multi-byte conversion tables (Chinese, Japanese, Korean, EBCDIC DBCS: 4.5 MB)
through QStringConverter, which Daftar does not use (its text is UTF-8, in Python).
Everything the four groups above can reach stays whole: the locale data of every
language, all collation (with the root table), the time-zone database and names,
the converter aliases and all 139 single-byte code pages (Windows, ISO 8859, DOS, Mac,
EBCDIC).

The data is one "common data" package (magic 0xda27, format "CmnD": a table of
contents of named items, then the items, each 16-byte aligned) exported as the
symbol `icudtNN_dat`. This module reads it out of the library, writes a package with
the kept items only, and wraps that in a library of the same name and symbol with
`as` and `ld` (binutils, which PyInstaller needs on Linux anyway). ICU sees the same
package, with fewer items; an item that is not there is reported by ICU as missing,
as for a locale it has no data for.
"""

from __future__ import annotations

import argparse
import re
import shutil
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

# Item folders (the part of the item name before the first "/") never read through
# the ICU functions Qt calls.
DROP_TREES = frozenset({"brkitr", "translit", "rbnf", "unit", "curr", "lang", "region"})
DROP_FILES = frozenset({"unames.icu", "confusables.cfu"})
DROP_SUFFIXES = (".spp",)
ALIGN = 16


class TrimError(RuntimeError):
    """The library could not be read or rebuilt; the untrimmed one is to be used."""


# -- the common data package -------------------------------------------------------------


def read_package(blob: bytes) -> tuple[bytes, list[tuple[str, bytes]]]:
    """(header, [(item name, item bytes)]) of an ICU common data package, in its order."""
    if len(blob) < 32:
        raise TrimError("not an ICU data package: too short")
    header_size, magic1, magic2 = struct.unpack_from("<HBB", blob, 0)
    if (magic1, magic2) != (0xDA, 0x27) or blob[12:16] != b"CmnD" or blob[8] != 0:
        raise TrimError("not a little-endian ICU common data package")
    (count,) = struct.unpack_from("<I", blob, header_size)
    entries = [struct.unpack_from("<II", blob, header_size + 4 + 8 * i) for i in range(count)]
    items = []
    for i, (name_at, data_at) in enumerate(entries):
        name_start = header_size + name_at
        name = blob[name_start : blob.index(b"\0", name_start)].decode("ascii")
        end = header_size + entries[i + 1][1] if i + 1 < count else len(blob)
        items.append((name, blob[header_size + data_at : end]))
    return blob[:header_size], items


def write_package(header: bytes, items: list[tuple[str, bytes]]) -> bytes:
    """The package ICU reads: header, table of contents sorted by name (ICU searches it
    by bisection), names, then the items 16-byte aligned, as ICU's icupkg writes it."""
    items = sorted(items, key=lambda item: item[0].encode("ascii"))
    names = b""
    name_offsets = []
    toc_size = 4 + 8 * len(items)
    for name, _ in items:
        name_offsets.append(toc_size + len(names))
        names += name.encode("ascii") + b"\0"
    data = bytearray()
    data_start = toc_size + len(names)
    data_start += -data_start % ALIGN
    data_offsets = []
    for _, body in items:
        data += b"\0" * (-len(data) % ALIGN)
        data_offsets.append(data_start + len(data))
        data += body
    toc = struct.pack("<I", len(items)) + b"".join(
        struct.pack("<II", n, d) for n, d in zip(name_offsets, data_offsets, strict=True)
    )
    body = toc + names
    body += b"\xaa" * (data_start - len(body))
    return header + body + bytes(data)


def is_multibyte_converter(body: bytes) -> bool:
    """A .cnv table whose characters may take more than one byte (UConverterStaticData:
    after its own data header, maxBytesPerChar is byte 71)."""
    (header_size,) = struct.unpack_from("<H", body, 0)
    return len(body) > header_size + 71 and body[header_size + 71] > 1


def keep_item(name: str, body: bytes) -> bool:
    """Whether Qt can reach item `name` ("icudt73l/coll/ur.res", ...) through ICU."""
    path = name.split("/", 1)[-1]
    tree, _, leaf = path.rpartition("/")
    if tree.split("/", 1)[0] in DROP_TREES:
        return False
    if not tree and (leaf in DROP_FILES or leaf.endswith(DROP_SUFFIXES)):
        return False
    return not (path.endswith(".cnv") and is_multibyte_converter(body))


def trim_package(blob: bytes) -> bytes:
    header, items = read_package(blob)
    return write_package(header, [(n, b) for n, b in items if keep_item(n, b)])


# -- the library around it -------------------------------------------------------------


def data_symbol(library: Path) -> tuple[str, bytes]:
    """(symbol name, bytes) of the `icudtNN_dat` object a 64-bit little-endian ELF
    library exports: found through its dynamic symbol table and section headers."""
    elf = library.read_bytes()
    if elf[:4] != b"\x7fELF" or elf[4] != 2 or elf[5] != 1:
        raise TrimError(f"{library.name}: not a 64-bit little-endian ELF library")
    (shoff,) = struct.unpack_from("<Q", elf, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", elf, 0x3A)
    sections = [struct.unpack_from("<IIQQQQIIQQ", elf, shoff + i * shentsize) for i in range(shnum)]
    for _, kind, _, _, offset, size, link, _, _, entsize in sections:
        if kind != 11:  # SHT_DYNSYM
            continue
        strtab = sections[link][4]
        for at in range(offset, offset + size, entsize or 24):
            name_at, _, _, shndx, value, sym_size = struct.unpack_from("<IBBHQQ", elf, at)
            name = elf[strtab + name_at : elf.index(b"\0", strtab + name_at)].decode()
            if re.fullmatch(r"icudt\d+_dat", name) and 0 < shndx < shnum:
                section = sections[shndx]
                start = section[4] + value - section[3]
                return name, elf[start : start + sym_size]
    raise TrimError(f"{library.name} exports no icudtNN_dat symbol")


# Plain GNU as, no target-specific syntax ("object" rather than @object, which is a
# comment on some targets); `as --noexecstack` and `ld -z noexecstack` mark the stack.
ASSEMBLY = """\
\t.section .rodata
\t.globl {symbol}
\t.type {symbol}, "object"
\t.balign 16
{symbol}:
\t.incbin "data.dat"
\t.size {symbol}, . - {symbol}
"""


def build_library(symbol: str, blob: bytes, soname: str, target: Path) -> None:
    """A shared library named `soname` exporting `blob` as `symbol`, and nothing else."""
    tools = {tool: shutil.which(tool) for tool in ("as", "ld")}
    if not all(tools.values()):
        raise TrimError("`as` and `ld` (binutils) are needed to rebuild the ICU data library")
    with tempfile.TemporaryDirectory(prefix="icudata-") as tmp:
        folder = Path(tmp)
        (folder / "data.dat").write_bytes(blob)
        (folder / "data.s").write_text(ASSEMBLY.format(symbol=symbol))
        for command in (
            [tools["as"], "--noexecstack", "-o", "data.o", "data.s"],
            [
                tools["ld"],
                "-shared",
                "-soname",
                soname,
                "-z",
                "noexecstack",
                "--hash-style=both",
                "-o",
                "out.so",
                "data.o",
            ],
        ):
            done = subprocess.run(command, cwd=folder, capture_output=True, text=True, check=False)
            if done.returncode != 0:
                raise TrimError(f"{Path(command[0]).name} failed: {done.stderr.strip()}")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(folder / "out.so", target)
        target.chmod(0o755)
    if data_symbol(target) != (symbol, blob):
        raise TrimError(f"the rebuilt {soname} does not hold the trimmed data")


def trim_library(source: Path, target_dir: Path) -> Path:
    """The trimmed copy of ICU data library `source`, written into `target_dir`."""
    symbol, blob = data_symbol(source)
    trimmed = trim_package(blob)
    target = target_dir / source.name
    build_library(symbol, trimmed, source.name, target)
    return target


def replace_in_toc(binaries: list, work_dir: Path) -> list:  # type: ignore[type-arg]
    """PyInstaller's binaries with ICU's data library swapped for the trimmed copy. If
    it cannot be made the original stays (the bundle then works, only larger) and the
    reason is printed; check_bundle.py then reports the size."""
    out = []
    for entry in binaries:
        dest, source, kind = entry
        if kind == "BINARY" and re.fullmatch(r"libicudata\.so\.\d+", Path(dest).name):
            try:
                trimmed = trim_library(Path(source), work_dir)
            except (TrimError, OSError, ValueError, IndexError, struct.error) as exc:
                print(f"WARNING: ICU data library left whole ({exc})", file=sys.stderr)
            else:
                print(
                    f"ICU data: {Path(source).stat().st_size / 2**20:.1f} MB -> "
                    f"{trimmed.stat().st_size / 2**20:.1f} MB ({dest})",
                    file=sys.stderr,
                )
                entry = (dest, str(trimmed), kind)
        out.append(entry)
    return out


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("library", nargs="?", type=Path, help="default: PySide6's own")
    parser.add_argument("--out", type=Path, help="write the trimmed library into this folder")
    args = parser.parse_args(argv)
    library = args.library
    if library is None:
        import PySide6

        found = sorted((Path(PySide6.__file__).parent / "Qt" / "lib").glob("libicudata.so.*"))
        if not found:
            print("PySide6 carries no ICU data library here (not Linux?)")
            return 1
        library = found[0]
    symbol, blob = data_symbol(library)
    _, items = read_package(blob)
    dropped: dict[str, list[int]] = {}
    for name, body in items:
        if not keep_item(name, body):
            path = name.split("/", 1)[-1]
            group = (
                path.split("/", 1)[0] + "/"
                if "/" in path
                else "*" + Path(path).suffix
                if path.endswith((".cnv", ".spp"))
                else path
            )
            dropped.setdefault(group, []).append(len(body))
    trimmed = trim_package(blob)
    print(f"{library} ({symbol}): {len(items)} items, {len(blob) / 2**20:.1f} MB")
    for group, sizes in sorted(dropped.items(), key=lambda kv: -sum(kv[1])):
        label = "multi-byte *.cnv" if group == "*.cnv" else group
        print(f"  drop {label:18} {len(sizes):5} items {sum(sizes) / 2**20:6.2f} MB")
    kept = len(read_package(trimmed)[1])
    print(f"kept: {kept} items, {len(trimmed) / 2**20:.1f} MB")
    if args.out:
        build_library(symbol, trimmed, library.name, args.out / library.name)
        print(f"wrote {args.out / library.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
