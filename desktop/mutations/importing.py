"""Bulk import of earlier spreadsheet records of the mutation register (CSV, .xlsx).

No Qt here: the dialog (`import_dialog`) runs these on the database worker.

A spreadsheet has one row per party: the rows of one mutation (same tehsil and
mutation number) share the entry's columns and each adds a transferor or a
transferee. Each entry is checked by the domain's own `record_mutation` rules (its
batch form, `plan_record_mutations`), so an imported row is refused for exactly the
reasons the entry form refuses it, with the same message; here it is said with the
file's row numbers. `import_entries` runs all entries in one transaction
(`LocalStore.execute_many`, which writes them by slices of 500 with one executemany
per table, each entry still its own signed `record_mutation` in the outbox): the
valid ones go in together or, on cancel or failure, none do. An entry whose number is already in the
register is counted as "already there", not as an error, so importing the same file
twice adds nothing the second time.
"""

from __future__ import annotations

import csv
import io
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from desktop.i18n import N_, error_text, localise, tr
from domain import reference
from domain.commands import CommandResult
from domain.commands.context import uuid5_text
from domain.errors import DomainError, Duplicate, Text
from sync.collector import collector_paused
from sync.store.local import LocalStore

#: The largest file read (a register's rows, not a database dump).
MAX_ROWS = 200_000
#: A deterministic id per (tehsil, mutation number): the same row imported on two
#: desks names the same record (the server refuses the second as a duplicate).
ID_SPACE = uuid.UUID("5f0d3a52-6c1e-4b7e-9a55-1d2b3c4e5f60")
ID_SPACE_BYTES = ID_SPACE.bytes

#: What the import knows, in the register's order: key, title, header spellings.
FIELDS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "mutation_no",
        N_("Mutation no."),
        ("mutation no", "mutation number", "intiqal no", "نمبر انتقال"),
    ),
    ("mutation_date", N_("Date"), ("date", "mutation date", "تاریخ")),
    ("tehsil", N_("Tehsil"), ("tehsil", "tehsil code", "تحصیل")),
    ("mauza", N_("Mauza"), ("mauza", "village", "موضع")),
    ("mutation_type", N_("Type"), ("type", "mutation type", "قسم انتقال", "قسم")),
    ("khewat_no", N_("Khewat no."), ("khewat", "khewat no", "کھیوٹ")),
    ("khatauni_no", N_("Khatauni no."), ("khatauni", "khatauni no", "کھتونی")),
    ("khasra_nos", N_("Khasra nos."), ("khasra", "khasra nos", "khasra no", "خسرہ")),
    ("area", N_("Area (kanal-marla-sarsai)"), ("area", "رقبہ")),
    ("consideration_rupees", N_("Consideration (Rs)"), ("consideration", "price", "زر بیع")),
    ("role", N_("Transferor or transferee"), ("role", "party", "side")),
    ("name_en", N_("Name (English)"), ("name", "name en", "name english")),
    ("name_ur", N_("Name (Urdu)"), ("name ur", "name urdu", "نام")),
    ("father_name", N_("Father's name"), ("father", "father name", "father's name", "ولدیت")),
    ("cnic", N_("CNIC"), ("cnic", "شناختی کارڈ")),
    ("share", N_("Share"), ("share", "حصہ")),
    ("held", N_("Share held"), ("held", "share held", "ملکیت")),
    ("remarks", N_("Remarks"), ("remarks", "کیفیت")),
)
FIELD_KEYS = tuple(k for k, _, _ in FIELDS)
#: `record_mutation`'s arguments by the titles the import shows for them: a refusal
#: names the argument ("Mutation date is required."); in Urdu it names the column's
#: Urdu title instead of the English word.
ARGUMENT_TITLES: dict[str, str] = {
    **{k: title for k, title, _ in FIELDS},
    "tehsil_code": N_("Tehsil"),
    "parties": N_("Parties"),
    "page_taxes": N_("Fees on the page"),
}
#: The columns a file must have (the rest may be left out).
REQUIRED = (
    "mutation_no",
    "mutation_date",
    "tehsil",
    "mauza",
    "mutation_type",
    "khewat_no",
    "khasra_nos",
    "area",
    "role",
    "name_en",
    "share",
)
ROLES = {
    "transferor": "transferor",
    "seller": "transferor",
    "from": "transferor",
    "منتقل کنندہ": "transferor",
    "transferee": "transferee",
    "buyer": "transferee",
    "to": "transferee",
    "منتقل الیہ": "transferee",
}


class ImportFileError(Exception):
    """The file as a whole cannot be read; the message says why, in one line."""


@dataclass
class Sheet:
    """A file's header and rows as text, each row with its number in the file."""

    path: Path
    header: list[str]
    rows: list[tuple[int, list[Any]]]


@dataclass
class Entry:
    """One mutation assembled from its rows, ready for `record_mutation`."""

    rows: list[int]
    args: dict[str, Any]
    problem: str = ""

    @property
    def where(self) -> str:
        if len(self.rows) == 1:
            return tr("Row {n}").format(n=self.rows[0])
        return tr("Rows {first}–{last}").format(first=self.rows[0], last=self.rows[-1])


@dataclass
class Outcome:
    """What an import did (or, checked only, would do)."""

    imported: int = 0
    already: int = 0
    problems: list[tuple[str, str]] = field(default_factory=list)  # (rows, reason)
    checked_only: bool = False

    @property
    def total(self) -> int:
        return self.imported + self.already + len(self.problems)


_SEPARATORS = re.compile(r"[\s_.\-]+")


@lru_cache(maxsize=4096)
def _norm(text: str) -> str:
    """A name as it is matched: lower case, runs of spaces, dots, dashes and underscores
    one space. Kept per text: a file's every row names its tehsil, type and role."""
    return _SEPARATORS.sub(" ", str(text).strip().lower()).strip()


def guess_mapping(header: list[str]) -> dict[int, str]:
    """{column number: field key} from the header's spellings (English or Urdu)."""
    spelled = {_norm(s): key for key, _, spellings in FIELDS for s in (key, *spellings)}
    mapping: dict[int, str] = {}
    for n, title in enumerate(header):
        key = spelled.get(_norm(title))
        if key is not None and key not in mapping.values():
            mapping[n] = key
    return mapping


def missing_columns(mapping: dict[int, str]) -> list[str]:
    return [k for k in REQUIRED if k not in mapping.values()]


@collector_paused()  # a list per row: see `sync.collector`
def read_sheet(path: Path) -> Sheet:
    """The file's rows (CSV in UTF-8, or the first sheet of an .xlsx workbook)."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".xlsx":
            rows = _xlsx_rows(path)
        elif suffix in (".csv", ".txt"):
            rows = _csv_rows(path)
        else:
            raise ImportFileError(tr("Choose a .csv or .xlsx file."))
        numbered = [(n, r) for n, r in enumerate(rows, start=1) if any(_cell(c) for c in r)]
    except ImportFileError:
        raise
    except UnicodeDecodeError:
        raise ImportFileError(tr("The file is not UTF-8 text; save it as CSV UTF-8.")) from None
    except (OSError, ValueError, KeyError, csv.Error) as exc:
        raise ImportFileError(
            tr("The file could not be read: {reason}").format(reason=exc)
        ) from None
    if not numbered:
        raise ImportFileError(tr("The file is empty."))
    if len(numbered) > MAX_ROWS + 1:
        raise ImportFileError(
            tr("The file has more than {n} rows; split it.").format(n=f"{MAX_ROWS:,}")
        )
    (_, header), *body = numbered
    return Sheet(path, [_cell(c) for c in header], body)


def _csv_rows(path: Path) -> list[list[Any]]:
    text = path.read_bytes().decode("utf-8-sig")
    if "\x00" in text:
        raise ImportFileError(tr("The file holds NUL characters: it is not a CSV file."))
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return list(csv.reader(io.StringIO(text), dialect))


def _xlsx_rows(path: Path) -> list[list[Any]]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, OSError, KeyError, ValueError) as exc:
        raise ImportFileError(
            tr("The file is not an .xlsx workbook: {reason}").format(reason=exc)
        ) from None
    except Exception as exc:  # noqa: BLE001 - a damaged zip raises many kinds
        raise ImportFileError(
            tr("The file is not an .xlsx workbook: {reason}").format(reason=exc)
        ) from None
    try:
        return [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
    finally:
        book.close()


def _cell(value: Any) -> str:
    """A cell as the register writes it: whole numbers without '.0', dates as ISO."""
    if type(value) is str:  # every cell of a CSV file
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


#: Between the khasra numbers of one cell: commas, semicolons, Urdu commas, spaces.
_KHASRA_SEPARATORS = re.compile(r"[,;،\s]+")
_DAY_FIRST = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")


@lru_cache(maxsize=4096)
def _date_text(text: str) -> str:
    """ISO, or day-month-year as registers write it (14-03-1998, 14/03/1998). Kept per
    text: a register's page repeats its date."""
    m = _DAY_FIRST.match(text)
    if m:
        iso = f"{m.group(3)}-{int(m.group(2)):02d}-{int(m.group(1)):02d}"
        try:
            date.fromisoformat(iso)
        except ValueError:
            return text  # no such day: the domain's message quotes it as written
        return iso
    return text


def _names(items: list[Any]) -> dict[str, str]:
    """{code or name in English or Urdu, normalised: code}, built once per file (a
    file of 200,000 rows looks each row's tehsil and type up here)."""
    names: dict[str, str] = {}
    for item in reversed(items):  # the first item wins a name two items share
        for spelling in (item.code, item.name_en, item.name_ur):
            names[_norm(spelling)] = str(item.code)
    return names


def _by_name(text: str, names: dict[str, str]) -> str:
    """A code from a code or a name in English or Urdu; the text as it is otherwise
    (the domain then says it is unknown)."""
    return names.get(_norm(text), text)


def _tehsils() -> list[Any]:
    return [t for d in reference.districts() for t in reference.tehsils(d.code)]


@collector_paused()  # a few dicts per row: see `sync.collector`
def entries(sheet: Sheet, mapping: dict[int, str]) -> list[Entry]:
    """The file's rows grouped into entries (same tehsil and mutation number), each
    with the arguments of `record_mutation`; a row the file itself gets wrong (no
    role) marks its entry with the problem."""
    tehsils, types = _names(_tehsils()), _names(reference.mutation_types())
    grouped: dict[tuple[str, str], Entry] = {}
    columns = sorted(mapping.items())
    width = columns[-1][0] + 1 if columns else 0
    for number, raw in sheet.rows:
        if len(raw) < width:  # a short row: the cells it leaves out are empty
            raw = [*raw, *([""] * (width - len(raw)))]
        # Text (every cell of a CSV) is only stripped; `_cell` reads the rest.
        cells = {
            key: value.strip() if type(value := raw[n]) is str else _cell(value)
            for n, key in columns
        }
        tehsil = _by_name(cells.get("tehsil", ""), tehsils)
        key = (tehsil, cells.get("mutation_no", ""))
        entry = grouped.get(key)
        if entry is None:
            consideration = cells.get("consideration_rupees", "").replace(",", "")
            args: dict[str, Any] = {
                "mutation_id": uuid5_text(ID_SPACE_BYTES, f"{key[0]}\x1f{key[1]}"),
                "mutation_no": key[1],
                "mutation_date": _date_text(cells.get("mutation_date", "")),
                "tehsil_code": tehsil,
                "mauza": cells.get("mauza", ""),
                "mutation_type": _by_name(cells.get("mutation_type", ""), types),
                "khewat_no": cells.get("khewat_no", ""),
                "khatauni_no": cells.get("khatauni_no", ""),
                "khasra_nos": [
                    k for k in _KHASRA_SEPARATORS.split(cells.get("khasra_nos", "")) if k
                ],
                "area": cells.get("area", ""),
                "consideration_rupees": int(consideration)
                if consideration.isdigit()
                else consideration or 0,
                "remarks": cells.get("remarks", ""),
                "parties": [],
            }
            entry = grouped[key] = Entry([], args)
        entry.rows.append(number)
        role = ROLES.get(_norm(cells.get("role", "")), "")
        if not role and not entry.problem:
            entry.problem = tr("Row {n}: the role must be transferor or transferee.").format(
                n=number
            )
        party = {
            "role": role or "transferee",
            "name_en": cells.get("name_en", ""),
            "name_ur": cells.get("name_ur", ""),
            "father_name": cells.get("father_name", ""),
            "cnic": cells.get("cnic", ""),
            "share": cells.get("share", ""),
        }
        if role == "transferor":
            party["held"] = cells.get("held", "")
        entry.args["parties"].append(party)
    return list(grouped.values())


def import_entries(
    store: LocalStore,
    found: list[Entry],
    *,
    check_only: bool,
    progress: Callable[[int, int], None] | None = None,
    stop: Callable[[], bool] | None = None,
) -> Outcome:
    """Run every entry through `record_mutation` in one transaction: the valid ones are
    kept together (or, `check_only`, nothing is); `BatchCancelled` when `stop()` turns
    true, with nothing kept. Runs on the database worker."""
    outcome = Outcome(checked_only=check_only)
    runnable = [e for e in found if not e.problem]
    for e in found:
        if e.problem:
            outcome.problems.append((e.where, e.problem))
    total = len(found)
    step = max(1, total // 200)

    def each(n: int, result: CommandResult | DomainError) -> None:
        entry = runnable[n]
        if isinstance(result, Duplicate):
            outcome.already += 1
        elif isinstance(result, DomainError):
            outcome.problems.append((entry.where, problem_text(result)))
        else:
            outcome.imported += 1
        if progress is not None and (n % step == 0 or n + 1 == len(runnable)):
            progress(n + 1 + (total - len(runnable)), total)

    store.execute_many(  # each command's arguments are copied there before use
        "record_mutation", (e.args for e in runnable), dry_run=check_only, on_each=each, stop=stop
    )
    outcome.problems.sort(key=lambda p: _first_row(p[0]))
    return outcome


def problem_text(error: DomainError) -> str:
    """A refusal in the operator's language: the domain's message, with the field it
    names (`{field}`: an argument such as "Mutation date" or "mutation_no") said as
    the import titles that column in that language. In English it is the domain's
    message word for word, the form's and the server's."""
    message = error.message
    named = message.params.get("field") if isinstance(message, Text) else None
    if isinstance(message, Text) and isinstance(named, str):
        title = ARGUMENT_TITLES.get(named.strip().lower().replace(" ", "_"))
        if title is not None and tr(title) != title:
            return localise(Text(message.template, {**message.params, "field": Text(title)}))
    return error_text(error)


def _first_row(where: str) -> int:
    digits = re.search(r"\d+", where)
    return int(digits.group()) if digits else 0


def write_problems(outcome: Outcome, target: Path) -> None:
    """The rows left out and why, as a CSV a clerk can open beside the file."""
    with target.open("w", encoding="utf-8-sig", newline="") as f:
        out = csv.writer(f)
        out.writerow([tr("Rows"), tr("Reason")])
        out.writerows(outcome.problems)
