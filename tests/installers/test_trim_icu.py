"""installers/trim_icu.py: ICU's data package read, trimmed and rewritten, and (Linux, with
binutils) Qt giving the same answers with the trimmed library as with the whole one."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("trim_icu", ROOT / "installers" / "trim_icu.py")
assert _spec and _spec.loader
trim_icu = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(trim_icu)

# A common-data header as ICU writes it: size, magic 0xda27, UDataInfo (little-endian,
# ASCII, 2-byte UChar, "CmnD" 1.0), padded to 32 bytes.
HEADER = struct.pack(
    "<HBBHHBBBB4s4s4s", 32, 0xDA, 0x27, 20, 0, 0, 0, 2, 0, b"CmnD", b"\1\0\0\0", b"\3\0\0\0"
).ljust(32, b"\0")


def converter(max_bytes: int) -> bytes:
    """A .cnv item: its own 32-byte data header, then UConverterStaticData up to
    maxBytesPerChar (byte 71 of it)."""
    static = struct.pack("<i60sibbbb", 100, b"x", 0, 0, 1, 1, max_bytes)
    return (HEADER + static).ljust(160, b"\0")


ITEMS = {
    "icudt73l/root.res": b"R" * 40,
    "icudt73l/ur.res": b"U" * 17,
    "icudt73l/coll/ucadata.icu": b"C" * 33,
    "icudt73l/coll/ur.res": b"c" * 5,
    "icudt73l/zone/ur.res": b"z" * 9,
    "icudt73l/cnvalias.icu": b"a" * 12,
    "icudt73l/ibm-5352_P100-1998.cnv": converter(1),  # windows-1256: single byte
    "icudt73l/gb18030.cnv": converter(4),
    "icudt73l/brkitr/cjdict.dict": b"d" * 64,
    "icudt73l/translit/root.res": b"t" * 8,
    "icudt73l/rbnf/ur.res": b"n" * 8,
    "icudt73l/unit/ur.res": b"u" * 8,
    "icudt73l/curr/ur.res": b"$" * 8,
    "icudt73l/lang/ur.res": b"l" * 8,
    "icudt73l/region/ur.res": b"r" * 8,
    "icudt73l/unames.icu": b"N" * 8,
    "icudt73l/confusables.cfu": b"f" * 8,
    "icudt73l/rfc3491.spp": b"p" * 8,
}
KEPT = {
    "icudt73l/root.res",
    "icudt73l/ur.res",
    "icudt73l/coll/ucadata.icu",
    "icudt73l/coll/ur.res",
    "icudt73l/zone/ur.res",
    "icudt73l/cnvalias.icu",
    "icudt73l/ibm-5352_P100-1998.cnv",
}


def padded(body: bytes) -> bytes:
    return body + b"\0" * (-len(body) % 16)


def test_package_is_written_as_icu_reads_it():
    blob = trim_icu.write_package(HEADER, list(ITEMS.items()))
    header, items = trim_icu.read_package(blob)
    assert header == HEADER
    names = [name for name, _ in items]
    assert names == sorted(ITEMS, key=str.encode), "the table of contents is sorted by name"
    assert dict(items) == {n: padded(b) if n != names[-1] else b for n, b in ITEMS.items()}
    (count,) = struct.unpack_from("<I", blob, 32)
    offsets = [struct.unpack_from("<II", blob, 36 + 8 * i)[1] for i in range(count)]
    assert count == len(ITEMS) and all(offset % 16 == 0 for offset in offsets)


def test_trim_keeps_what_qt_reads_and_drops_the_rest():
    blob = trim_icu.write_package(HEADER, list(ITEMS.items()))
    _, items = trim_icu.read_package(trim_icu.trim_package(blob))
    assert {name for name, _ in items} == KEPT


def test_not_a_package_is_refused():
    with pytest.raises(trim_icu.TrimError):
        trim_icu.read_package(b"\x20\0\xda\x28" + b"\0" * 60)


def test_replace_in_toc_keeps_the_original_when_it_cannot_trim(tmp_path, capsys):
    broken = tmp_path / "libicudata.so.73"
    broken.write_bytes(b"not an ELF file")
    toc = [
        ("PySide6/Qt/lib/libicudata.so.73", str(broken), "BINARY"),
        ("libicudata.so.73", "PySide6/Qt/lib/libicudata.so.73", "SYMLINK"),
        ("PySide6/Qt/lib/libQt6Core.so.6", "/x/libQt6Core.so.6", "BINARY"),
    ]
    assert trim_icu.replace_in_toc(toc, tmp_path / "out") == toc
    assert "ICU data library left whole" in capsys.readouterr().err


def _qt_icu_library() -> Path | None:
    if not sys.platform.startswith("linux") or not (shutil.which("as") and shutil.which("ld")):
        return None
    try:
        import PySide6
    except ImportError:
        return None
    found = sorted((Path(PySide6.__file__).parent / "Qt" / "lib").glob("libicudata.so.*"))
    return found[0] if found else None


PROBE = r"""
import functools, json
from PySide6.QtCore import QCollator, QLocale, QStringDecoder, QTimeZone
words = ["ظفر", "احمد", "پشاور", "بنوں", "چترال", "ڈیرہ", "گ", "ک", "zebra", "Apple", "apple",
         "éclair", "10", "9"]
out = {}
for name in ("ur_PK", "en_US", "ps_AF", "de_DE"):
    collator = QCollator(QLocale(name))
    out["sort " + name] = sorted(words, key=functools.cmp_to_key(collator.compare))
    collator.setNumericMode(True)
    out["numeric " + name] = sorted(words, key=functools.cmp_to_key(collator.compare))
    zone = QTimeZone(b"Asia/Karachi")
    out["zone " + name] = [zone.displayName(kind, length, QLocale(name))
                           for kind in (QTimeZone.StandardTime, QTimeZone.GenericTime)
                           for length in (QTimeZone.LongName, QTimeZone.ShortName)]
out["upper tr"] = QLocale("tr_TR").toUpper("istanbul")
out["zones"] = len(QTimeZone.availableTimeZoneIds())
out["codecs"] = {name: QStringDecoder(name).isValid()
                 for name in ("windows-1256", "ISO-8859-6", "IBM864", "windows-1252")}
out["multi-byte"] = {name: QStringDecoder(name).isValid() for name in ("Shift_JIS", "GB18030")}
print(json.dumps(out, ensure_ascii=False))
"""


def _probe(preload: Path | None) -> dict:  # type: ignore[type-arg]
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    if preload is not None:  # the trimmed library stands in for PySide6's by its soname
        env["LD_PRELOAD"] = str(preload)
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.skipif(
    _qt_icu_library() is None, reason="needs Linux, binutils and PySide6 with its own ICU"
)
def test_qt_answers_the_same_with_the_trimmed_library(tmp_path):
    source = _qt_icu_library()
    assert source is not None
    trimmed = trim_icu.trim_library(source, tmp_path)
    assert trimmed.stat().st_size < 0.5 * source.stat().st_size
    whole, cut = _probe(None), _probe(trimmed)
    assert cut["multi-byte"] == {"Shift_JIS": False, "GB18030": False}, "dropped on purpose"
    assert whole["multi-byte"] == {"Shift_JIS": True, "GB18030": True}
    del whole["multi-byte"], cut["multi-byte"]
    assert cut == whole
    assert all(cut["codecs"].values()) and cut["upper tr"] == "İSTANBUL"
    assert cut["zone ur_PK"][0] == "پاکستان کا معیاری وقت"
    assert cut["sort ur_PK"].index("پشاور") < cut["sort ur_PK"].index("ظفر")
