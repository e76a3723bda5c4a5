"""The reports' .xlsx sheets, streamed through XlsxWriter's constant-memory mode.

openpyxl (write-only mode, with lxml) spent about 40 µs per cell binding, styling and
serialising it: the fortnightly list of 20,000 licences (160,000 cells) took 6.8-7.6 s
against a 5 s budget, and the desk's bundle ships without lxml, which doubles that.
XlsxWriter writes each row to a temporary file as it goes (memory stays flat however
long the report) at about 10 µs a cell; openpyxl stays for reading files back in tests.

Constant-memory mode writes rows in order and forgets them, so a sheet is written
whole before the next is started, which is how a report's sections come.

Strings are cleaned of the characters XML 1.0 cannot carry (NUL and other control
characters, lone surrogates), so a hostile name cannot make a file no spreadsheet
opens; a number that is not finite is written as its text.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

#: A column's kind (as `reports.Column.kind`) -> its number format.
_FORMATS = {"text": "General", "count": "#,##0", "money": "#,##0.00", "date": "dd-mm-yyyy"}
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def clean(text: str) -> str:
    """The text without the characters an XML file cannot hold."""
    return _NOT_XML.sub("", text)


class Workbook:
    """Sheets written one after another into `path`; `close()` finishes the file."""

    def __init__(self, path: Path):
        self._book = xlsxwriter.Workbook(
            str(path), {"constant_memory": True, "strings_to_numbers": False}
        )
        self._names: list[str] = []
        self._styles: dict[tuple[str, bool], Format] = {
            (kind, bold): self._book.add_format({"num_format": fmt, "bold": bold})
            for kind, fmt in _FORMATS.items()
            for bold in (False, True)
        }

    def _sheet_name(self, name: str) -> str:
        """Excel refuses []:*?/\\ in a sheet name, more than 31 characters and a name
        used twice (in any case): the section title is cut and numbered to fit."""
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
        title = self._sheet_name(name)
        self._names.append(title)
        sheet = self._book.add_worksheet(title)
        for i, width in enumerate(widths):
            sheet.set_column(i, i, width)
        plain = [self._styles[(k, False)] for k in kinds]
        strong = [self._styles[(k, True)] for k in kinds]
        fallback = {False: self._styles[("text", False)], True: self._styles[("text", True)]}
        for r, (values, bold) in enumerate(rows):
            styles = strong if bold else plain
            for c, value in enumerate(values):
                style = styles[c] if c < len(styles) else fallback[bold]
                _write(sheet, r, c, value, style)

    def close(self) -> None:
        self._book.close()


def _write(sheet: Worksheet, row: int, col: int, value: Any, style: Format) -> None:
    if value is None or value == "":
        return
    if isinstance(value, bool):
        sheet.write_boolean(row, col, value, style)
    elif isinstance(value, int) or (isinstance(value, float) and math.isfinite(value)):
        sheet.write_number(row, col, value, style)
    elif isinstance(value, datetime | date):
        day = value.date() if isinstance(value, datetime) else value
        sheet.write_datetime(row, col, datetime(day.year, day.month, day.day), style)
    else:
        sheet.write_string(row, col, clean(str(value)), style)
