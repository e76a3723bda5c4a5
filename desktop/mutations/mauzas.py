"""The office's own list of mauzas, imported from a CSV, for the entry form's mauza
completer (beside the mauzas already used in the tehsil).

No public list of Khyber Pakhtunkhwa's mauzas was found to ship (issue 17 asks for a
named source, never invented names), so each office imports its own: a CSV with a
tehsil column (code, English or Urdu name) and a mauza column, in UTF-8. The list is
kept beside the profile's store as JSON (it is reference text, not a record: it is
not synced), merged with what was imported before.
"""

from __future__ import annotations

import csv
import io
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from desktop.i18n import tr
from desktop.mutations.importing import _by_name, _names, _norm, _tehsils
from sync.store.local import LocalStore

#: A mauza's name as the register column holds it.
MAUZA_MAX = 80
#: Rows of one list (a district has a few thousand mauzas).
ROWS_MAX = 100_000


@dataclass
class MauzaImport:
    added: int = 0
    tehsils: int = 0
    skipped: list[str] = field(default_factory=list)


def list_path(store: LocalStore) -> Path:
    return store.path.parent / f"{store.path.stem}-mauzas.json"


def load(store: LocalStore) -> dict[str, list[str]]:
    """{tehsil code: [mauza, ...]} as imported so far ({} when none or unreadable)."""
    try:
        data = json.loads(list_path(store).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(k): [str(m) for m in v] for k, v in data.items() if isinstance(v, list)}


def mauzas_of(store: LocalStore, tehsil_code: str) -> list[str]:
    return load(store).get(tehsil_code, [])


def import_csv(store: LocalStore, source: Path) -> MauzaImport:
    """Read the CSV and merge it into the office's list; rows that cannot be used are
    listed with their row numbers (worker thread)."""
    try:
        text = source.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValueError(tr("The file is not UTF-8 text; save it as CSV UTF-8.")) from None
    if "\x00" in text:
        raise ValueError(tr("The file holds NUL characters: it is not a CSV file."))
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        raise ValueError(tr("The file is empty."))
    if len(rows) > ROWS_MAX:
        raise ValueError(tr("The file has more than {n} rows; split it.").format(n=f"{ROWS_MAX:,}"))
    header = [_norm(h) for h in rows[0]]
    try:
        t_col = next(i for i, h in enumerate(header) if h in ("tehsil", "tehsil code", "تحصیل"))
        m_col = next(i for i, h in enumerate(header) if h in ("mauza", "village", "موضع"))
    except StopIteration:
        raise ValueError(tr("The file needs a 'tehsil' column and a 'mauza' column.")) from None
    tehsils = _tehsils()
    tehsil_names = _names(tehsils)
    known = {t.code for t in tehsils}
    merged = {k: set(v) for k, v in load(store).items()}
    result = MauzaImport()
    touched: set[str] = set()
    for number, row in enumerate(rows[1:], start=2):
        cells = row + [""] * (max(t_col, m_col) + 1 - len(row))
        tehsil = _by_name(cells[t_col].strip(), tehsil_names)
        mauza = " ".join(cells[m_col].split())
        if not tehsil and not mauza:
            continue
        if tehsil not in known:
            result.skipped.append(
                tr("Row {n}: unknown tehsil {code}.").format(n=number, code=cells[t_col].strip())
            )
        elif not mauza or len(mauza) > MAUZA_MAX:
            result.skipped.append(
                tr("Row {n}: a mauza name of 1 to {limit} characters is needed.").format(
                    n=number, limit=MAUZA_MAX
                )
            )
        elif mauza not in merged.setdefault(tehsil, set()):
            merged[tehsil].add(mauza)
            touched.add(tehsil)
            result.added += 1
    result.tehsils = len(touched)
    target = list_path(store)
    temp = target.with_suffix(".part")
    temp.write_text(
        json.dumps({k: sorted(v) for k, v in sorted(merged.items())}, ensure_ascii=False),
        encoding="utf-8",
    )
    os.replace(temp, target)
    return result
