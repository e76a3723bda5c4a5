"""A streaming .xlsx writer for the reports: rows go straight into the zip as XML text.

openpyxl (write-only mode, with lxml) spent about 40 µs per cell binding, styling and
serialising it: the fortnightly list of 20,000 licences (160,000 cells) took 6.8-7.6 s
against a 5 s budget, and the desk's bundle ships without lxml, which doubles that.
A report needs none of that machinery: a handful of cell styles known up front (bold,
date, counts, rupees) and values of four types. This writer builds each row as one
string and streams it into the sheet's zip entry, so memory stays flat however long
the report; openpyxl, Excel and LibreOffice read the result (tests read it back with
openpyxl).

Strings are inline (no shared-string table to hold in memory); characters XML 1.0
cannot carry (NUL and other control characters, lone surrogates) are dropped, so a
hostile name cannot make a file that no spreadsheet opens.
"""

from __future__ import annotations

import math
import re
import zipfile
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

#: A column's kind (as `reports.Column.kind`) -> its number format id.
_FORMATS = {"text": 0, "count": 3, "money": 165, "date": 164}
_KINDS = tuple(_FORMATS)
_EPOCH = date(1899, 12, 30)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")

_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def style_id(kind: str, bold: bool = False) -> int:
    """The cell style of a column kind, bold or not (the order of `_styles_xml`)."""
    return _KINDS.index(kind) * 2 + (1 if bold else 0)


def _styles_xml() -> str:
    xfs = "".join(
        f'<xf numFmtId="{_FORMATS[k]}" fontId="{int(b)}" fillId="0" borderId="0" xfId="0"'
        ' applyNumberFormat="1" applyFont="1"/>'
        for k in _KINDS
        for b in (False, True)
    )
    return (
        f'{_HEAD}<styleSheet xmlns="{_NS}">'
        '<numFmts count="2"><numFmt numFmtId="164" formatCode="dd\\-mm\\-yyyy"/>'
        '<numFmt numFmtId="165" formatCode="#,##0.00"/></numFmts>'
        '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
        '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
        f'</cellStyleXfs><cellXfs count="{len(_KINDS) * 2}">{xfs}</cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        "</styleSheet>"
    )


def column_letter(i: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    out = ""
    i += 1
    while i:
        i, rest = divmod(i - 1, 26)
        out = chr(65 + rest) + out
    return out


def clean(text: str) -> str:
    """The text without the characters an XML file cannot hold."""
    return _NOT_XML.sub("", text)


def _cell(ref: str, value: Any, style: int) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return f'<c r="{ref}" s="{style}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int) or (isinstance(value, float) and math.isfinite(value)):
        return f'<c r="{ref}" s="{style}"><v>{value!r}</v></c>'
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return f'<c r="{ref}" s="{style}"><v>{(value - _EPOCH).days}</v></c>'
    text = escape(clean(str(value)))
    return f'<c r="{ref}" s="{style}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'


class Workbook:
    """Sheets written one after another into `path`; `close()` finishes the file."""

    def __init__(self, path: Path):
        self._zip = zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1)
        self._names: list[str] = []

    def _sheet_name(self, name: str) -> str:
        base = _BAD_SHEET_CHARS.sub(" ", clean(name)).strip("' ")[:31] or "Sheet"
        out, n = base, 1
        while out.lower() in (s.lower() for s in self._names):
            n += 1
            out = f"{base[: 31 - len(str(n)) - 1]} {n}"
        return out

    def add_sheet(
        self,
        name: str,
        kinds: Sequence[str],
        rows: Iterable[tuple[Sequence[Any], bool]],
        widths: Sequence[float] = (),
    ) -> None:
        """One sheet: `rows` yields (values, bold); a value is styled by its column's kind
        (a header row of text in a date column is still written as text)."""
        self._names.append(self._sheet_name(name))
        letters = [column_letter(i) for i in range(max(len(kinds), 1) + 8)]
        plain = [style_id(k) for k in kinds]
        strong = [style_id(k, True) for k in kinds]
        with self._zip.open(f"xl/worksheets/sheet{len(self._names)}.xml", "w") as f:
            cols = "".join(
                f'<col min="{i + 1}" max="{i + 1}" width="{w:.1f}" customWidth="1"/>'
                for i, w in enumerate(widths)
            )
            f.write(
                f'{_HEAD}<worksheet xmlns="{_NS}">{f"<cols>{cols}</cols>" if cols else ""}'
                "<sheetData>".encode()
            )
            chunk: list[str] = []
            for r, (values, bold) in enumerate(rows, start=1):
                styles = strong if bold else plain
                cells = "".join(
                    _cell(
                        f"{letters[i] if i < len(letters) else column_letter(i)}{r}",
                        v,
                        styles[i] if i < len(styles) else int(bold),
                    )
                    for i, v in enumerate(values)
                )
                chunk.append(f'<row r="{r}">{cells}</row>')
                if len(chunk) >= 500:
                    f.write("".join(chunk).encode())
                    chunk.clear()
            f.write(("".join(chunk) + "</sheetData></worksheet>").encode())

    def close(self) -> None:
        n = len(self._names)
        z = self._zip
        sheets = "".join(
            f'<sheet name="{escape(name, {chr(34): "&quot;"})}" sheetId="{i}" r:id="rId{i}"/>'
            for i, name in enumerate(self._names, start=1)
        )
        z.writestr(
            "xl/workbook.xml",
            f'{_HEAD}<workbook xmlns="{_NS}" xmlns:r="{_REL_NS}"><sheets>{sheets}</sheets>'
            "</workbook>",
        )
        rels = "".join(
            f'<Relationship Id="rId{i}" Type="{_REL_NS}/worksheet" '
            f'Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, n + 1)
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            f'{_HEAD}<Relationships xmlns="{_PKG_REL}">{rels}'
            f'<Relationship Id="rId{n + 1}" Type="{_REL_NS}/styles" Target="styles.xml"/>'
            "</Relationships>",
        )
        z.writestr("xl/styles.xml", _styles_xml())
        z.writestr(
            "_rels/.rels",
            f'{_HEAD}<Relationships xmlns="{_PKG_REL}"><Relationship Id="rId1" '
            f'Type="{_REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        ct = "application/vnd.openxmlformats-officedocument.spreadsheetml"
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{ct}.worksheet+xml"/>'
            for i in range(1, n + 1)
        )
        z.writestr(
            "[Content_Types].xml",
            f'{_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{ct}.sheet.main+xml"/>'
            f'<Override PartName="/xl/styles.xml" ContentType="{ct}.styles+xml"/>'
            f"{overrides}</Types>",
        )
        z.close()
