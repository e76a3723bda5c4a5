"""The register entry form: fields in the order of the paper register, built for a
clerk typing thousands of entries a month.

Keyboard only: Tab order is register order, Enter moves on, Enter on the last field
(or Ctrl+Enter, or Ctrl+S anywhere) saves and starts the next entry with district,
tehsil and mauza kept. District and tehsil complete from any part of their English
or Urdu names (`places.PlaceBox`); mauza suggestions, matched the same way, are the
mauzas already used in the tehsil and the office's list; khewat suggestions the
khewats known in that mauza. The parties grid checks the
shares as they are typed, with the domain's own words (`balance_gap`). Taxes come
from the dated schedule; when none covers the entry's date (a 1998 page) the clerk
types the amounts written on the page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from fractions import Fraction
from typing import Any

from desktop.db import read_rows
from desktop.form_dialog import FormDialog
from desktop.form_fields import line_edit, parse_day
from desktop.i18n import N_, error_text, localise, tr
from desktop.mutations import mauzas as mauza_list
from desktop.mutations import queries
from desktop.mutations.places import PlaceBox, contains_completer
from desktop.mutations.scans import ScanPane
from desktop.operators import Operator
from desktop.qt import (
    QComboBox,
    QCompleter,
    QKeyEvent,
    QLabel,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from desktop.worker import DbWorker
from domain import reference
from domain.commands import CommandResult
from domain.errors import DomainError, NotFound, ValidationError, msg
from domain.fees import MutationTaxSchedule
from domain.ids import new_id, utcnow
from domain.values import Area, Cnic, Share, balance_gap
from sync.store.local import LocalStore

#: The parties grid's columns: (key, English title).
PARTY_COLUMNS = (
    ("role", N_("1 gives / 2 gets")),
    ("cnic", N_("CNIC")),
    ("name_en", N_("Name (English)")),
    ("name_ur", N_("Name (Urdu)")),
    ("father_name", N_("Father's name")),
    ("share", N_("Share")),
    ("held", N_("Share held")),
)
ROLE_CODES = {
    "1": "transferor",
    "2": "transferee",
    "transferor": "transferor",
    "transferee": "transferee",
}


class PartiesGrid(QTableWidget):
    """Transferors and transferees, one per row; a new row appears once the last has a
    name, so the clerk never reaches for the mouse."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(2, len(PARTY_COLUMNS), parent)
        self.setObjectName("parties")
        self.setTabKeyNavigation(True)
        self.setMinimumHeight(150)
        self.setMinimumWidth(460)
        self.retranslate()
        self.itemChanged.connect(self._grow)

    def retranslate(self) -> None:
        self.setHorizontalHeaderLabels([tr(t) for _, t in PARTY_COLUMNS])
        self.resizeColumnsToContents()
        for key, width in (("cnic", 130), ("name_en", 150), ("name_ur", 150), ("father_name", 130)):
            self.setColumnWidth([k for k, _ in PARTY_COLUMNS].index(key), width)

    def cell(self, row: int, key: str) -> str:
        col = [k for k, _ in PARTY_COLUMNS].index(key)
        item = self.item(row, col)
        return item.text().strip() if item is not None else ""

    def set_cell(self, row: int, key: str, text: str) -> None:
        col = [k for k, _ in PARTY_COLUMNS].index(key)
        if row >= self.rowCount():
            self.setRowCount(row + 1)
        self.setItem(row, col, QTableWidgetItem(text))

    def _grow(self, item: QTableWidgetItem) -> None:
        if item.row() == self.rowCount() - 1 and item.text().strip():
            self.setRowCount(self.rowCount() + 1)

    def filled_rows(self) -> list[int]:
        return [r for r in range(self.rowCount()) if any(self.cell(r, k) for k, _ in PARTY_COLUMNS)]

    def parties(self) -> list[dict[str, str]]:
        """The filled rows as command arguments; a wrong cell raises with its row."""
        out = []
        for r in self.filled_rows():
            role = ROLE_CODES.get(self.cell(r, "role").lower())
            if role is None:
                raise ValidationError(
                    msg("Row {row}: role must be 1 (transferor) or 2 (transferee).", row=r + 1),
                    field="parties",
                )
            party = {
                "role": role,
                "name_en": self.cell(r, "name_en"),
                "name_ur": self.cell(r, "name_ur"),
                "father_name": self.cell(r, "father_name"),
                "share": self.cell(r, "share"),
            }
            if self.cell(r, "cnic"):
                party["cnic"] = Cnic.parse(self.cell(r, "cnic")).digits
            if not party["name_en"]:
                raise ValidationError(
                    msg("Row {row}: type the party's name.", row=r + 1), field="parties"
                )
            for key in ("share",) + (("held",) if role == "transferor" else ()):
                try:
                    Share.parse(self.cell(r, key))
                except DomainError as exc:
                    raise ValidationError(
                        msg("Row {row}: {error}", row=r + 1, error=str(exc)), field="parties"
                    ) from None
            if role == "transferor":
                party["held"] = self.cell(r, "held")
            out.append(party)
        return out

    def clear_rows(self) -> None:
        self.clearContents()
        self.setRowCount(2)

    def balance(self) -> str:
        """The live check: what does not add up between given and received shares
        (empty when they balance or nothing can be said yet)."""
        given, got = Fraction(0), Fraction(0)
        for r in self.filled_rows():
            role = ROLE_CODES.get(self.cell(r, "role").lower())
            try:
                share = Share.parse(self.cell(r, "share")).value
            except DomainError:
                continue
            if role == "transferor":
                given += share
            elif role == "transferee":
                got += share
        if not given and not got:
            return ""
        gap = balance_gap(given, got)
        return localise(gap) if gap else ""


def _places(items: Iterable[Any], lang: str) -> list[tuple[str, str, str]]:
    """(code, name in `lang`, name in the other language) of districts or tehsils."""
    other = "en" if lang.lower().startswith("ur") else "ur"
    return [(str(p.code), p.name(lang), p.name(other)) for p in items]


class MutationEntryForm(FormDialog):
    """One register entry after another (Ctrl+M from the workspace)."""

    def __init__(
        self,
        store: LocalStore,
        worker: DbWorker,
        operator: Operator,
        parent: QWidget | None = None,
        *,
        lang: str = "en",
        corrects: Any = None,
    ):
        super().__init__(worker, parent)
        self.store, self.operator, self.lang = store, operator, lang
        #: The attested mutation (a `Detail`) this entry corrects; None: a new entry.
        self.corrects = corrects
        self.setObjectName("mutation_entry" if corrects is None else "mutation_correction")
        self.saved: list[CommandResult] = []
        self.mutation_no = line_edit("mutation_no", self)
        self.date = line_edit("mutation_date", self, placeholder="DD-MM-YYYY")
        self.district = PlaceBox("district", self)
        self.tehsil = PlaceBox("tehsil_code", self)
        self.mauza = line_edit("mauza", self)
        self.mauza_completer = contains_completer(self)
        self.mauza.setCompleter(self.mauza_completer)
        self.kind = QComboBox(self)
        self.kind.setObjectName("mutation_type")
        self.khewat = line_edit("khewat_no", self)
        self.khewat_completer = QCompleter([], self)
        self.khewat.setCompleter(self.khewat_completer)
        self.khatauni = line_edit("khatauni_no", self)
        self.khasra = line_edit("khasra_nos", self, placeholder="101, 102/1")
        self.area = line_edit("area", self, placeholder=tr("kanal-marla-sarsai, e.g. 2-5-3"))
        self.consideration = line_edit("consideration_rupees", self, placeholder="0")
        self.page_taxes = line_edit(
            "page_taxes", self, placeholder=tr("as on the page: Mutation fee=600; Stamp duty=1800")
        )
        self.parties = PartiesGrid(self)
        self.balance = QLabel(self)
        self.balance.setObjectName("balance")
        self.balance.setStyleSheet("color:#b71c1c")
        self.tax_note = QLabel(self)
        self.tax_note.setObjectName("tax_note")
        self.tax_note.setWordWrap(True)
        self.remarks = line_edit("remarks", self)
        self.reason = line_edit("reason", self)
        parties_box = QWidget(self)
        box = QVBoxLayout(parties_box)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.parties)
        box.addWidget(self.balance)
        self.add_column()
        for name, editor, text, column in (
            ("mutation_no", self.mutation_no, N_("Mutation no."), 0),
            ("mutation_date", self.date, N_("Date"), 0),
            ("district", self.district, N_("District"), 0),
            ("tehsil_code", self.tehsil, N_("Tehsil"), 0),
            ("mauza", self.mauza, N_("Mauza"), 0),
            ("mutation_type", self.kind, N_("Type"), 0),
            ("khewat_no", self.khewat, N_("Khewat"), 0),
            ("khatauni_no", self.khatauni, N_("Khatauni"), 0),
            ("khasra_nos", self.khasra, N_("Khasra nos."), 0),
            ("area", self.area, N_("Area"), 0),
            ("consideration_rupees", self.consideration, N_("Consideration (Rs)"), 0),
            ("page_taxes", self.page_taxes, N_("Fees on the page"), 0),
            ("parties", parties_box, N_("Parties"), 1),
            ("remarks", self.remarks, N_("Remarks"), 1),
            *((("reason", self.reason, N_("Reason"), 1),) if corrects else ()),
        ):
            self.add_field(name, editor, text, column)
        self.reason.setVisible(corrects is not None)
        self.forms[1].addRow("", self.tax_note)
        self.scans = ScanPane(self)
        self.columns.addWidget(self.scans, 1)
        self.finish_tab_order()
        QWidget.setTabOrder(self.page_taxes, self.parties)
        QWidget.setTabOrder(self.parties, self.remarks)
        self.FIELD_ALIASES = {"shares": "parties", "scan": "remarks"}
        self.district.set_places(_places(reference.districts(), lang))
        self.district.currentIndexChanged.connect(self._fill_tehsils)
        self.tehsil.currentIndexChanged.connect(self._load_mauzas)
        self.mauza.editingFinished.connect(self._load_khewats)
        for t in reference.mutation_types():
            self.kind.addItem(t.name(lang), t.code)
        self.parties.itemChanged.connect(self._check_balance)
        self.date.editingFinished.connect(self._show_tax_note)
        self._fill_tehsils()
        if corrects is not None:
            self._prefill(corrects)
            self.show_intro(
                tr(
                    "Attested mutation {number} stays as it is; this correcting entry is "
                    "linked to it and goes to a second clerk and the revenue officer."
                ).format(number=corrects.mutation.mutation_no)
            )
        self.retranslate()
        self.setMinimumWidth(1280)

    def _prefill(self, detail: Any) -> None:
        """A correction starts from the attested entry as it stands; the tehsil stays."""
        m = detail.mutation
        district = reference.tehsil(m.tehsil_code).district_code
        self.district.setCurrentIndex(max(self.district.findData(district), 0))
        self.tehsil.setCurrentIndex(max(self.tehsil.findData(m.tehsil_code), 0))
        self.district.setEnabled(False)
        self.tehsil.setEnabled(False)
        k, mm, sa = Area(m.area_sarsai).kms
        for edit, text in (
            (self.date, m.mutation_date.strftime("%d-%m-%Y")),
            (self.mauza, m.mauza),
            (self.khewat, m.khewat_no),
            (self.khatauni, m.khatauni_no),
            (self.khasra, ", ".join(str(x) for x in m.khasra_nos)),
            (self.area, f"{k}-{mm}-{sa}"),
            (self.consideration, str(m.consideration_paisa // 100)),
            (self.remarks, m.remarks),
        ):
            edit.setText(text)
        self.kind.setCurrentIndex(max(self.kind.findData(m.mutation_type), 0))
        page = [t for t in m.taxes if str(t[0]).startswith("page")]
        self.page_taxes.setText("; ".join(f"{t[1]}={int(t[2]) // 100}" for t in page))
        for row, p in enumerate(detail.parties):
            values = {
                "role": "1" if p.role == "transferor" else "2",
                "cnic": p.cnic,
                "name_en": p.name_en,
                "name_ur": p.name_ur,
                "father_name": p.father_name,
                "share": f"{p.share_num}/{p.share_den}",
                "held": f"{p.held_num}/{p.held_den}" if p.held_num is not None else "",
            }
            for key, text in values.items():
                self.parties.set_cell(row, key, text)

    # -- suggestions ----------------------------------------------------------------------------
    def _fill_tehsils(self, *_: object) -> None:
        code = self.district.currentData()
        self.tehsil.set_places(_places(reference.tehsils(code) if code else [], self.lang))
        self._load_mauzas()

    def _load_mauzas(self, *_: object) -> None:
        tehsil, store = self.tehsil.currentData(), self.store
        if not tehsil:
            return
        self.worker.submit(
            lambda: sorted(
                {r[0] for r in read_rows(store, queries.mauzas_query(tehsil))}
                | set(mauza_list.mauzas_of(store, tehsil))
            ),
            on_done=self._mauzas_in,
            key="mutation-mauzas",
        )

    def _mauzas_in(self, names: list[str]) -> None:
        self.mauza_completer.model().setStringList(names)  # type: ignore[attr-defined]

    def _load_khewats(self) -> None:
        tehsil, mauza, store = self.tehsil.currentData(), self.mauza.text().strip(), self.store
        if not tehsil or not mauza:
            return
        self.worker.submit(
            lambda: [r[0] for r in read_rows(store, queries.khewats_query(tehsil, mauza))],
            on_done=lambda names: self.khewat_completer.model().setStringList(names),  # type: ignore[attr-defined]
            key="mutation-khewats",
        )

    def _check_balance(self, *_: object) -> None:
        self.balance.setText(self.parties.balance())

    def _show_tax_note(self) -> None:
        try:
            on = parse_day(self.date.text())
        except ValidationError:
            self.tax_note.setText("")
            return
        try:
            MutationTaxSchedule.for_date(on)
            self.tax_note.setText(tr("Taxes come from the schedule in force on this date."))
        except NotFound:
            self.tax_note.setText(
                tr("No tax schedule covers this date: type the fees written on the page.")
            )

    # -- the form contract --------------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        """The command's arguments (raises ValidationError naming the field)."""
        on = parse_day(self.date.text(), "mutation_date")
        area = Area.parse(self.area.text())
        consideration = self.consideration.text().replace(",", "").strip() or "0"
        if not consideration.isdigit():
            raise ValidationError(
                msg("Type the consideration in whole rupees."), field="consideration_rupees"
            )
        page_taxes = []
        for part in filter(None, (p.strip() for p in self.page_taxes.text().split(";"))):
            label, _, amount = part.partition("=")
            amount = amount.replace(",", "").strip()
            if not label.strip() or not amount.isdigit():
                raise ValidationError(
                    msg("Write each fee as name=rupees, separated by ;"), field="page_taxes"
                )
            page_taxes.append({"label": label.strip(), "rupees": int(amount)})
        return {
            "mutation_no": self.mutation_no.text().strip(),
            "mutation_date": on.isoformat(),
            "tehsil_code": self.tehsil.currentData() or "",
            "mauza": self.mauza.text().strip(),
            "mutation_type": self.kind.currentData() or "",
            "khewat_no": self.khewat.text().strip(),
            "khatauni_no": self.khatauni.text().strip(),
            "khasra_nos": [k.strip() for k in self.khasra.text().split(",") if k.strip()],
            "area": area.short(),
            "consideration_rupees": int(consideration),
            "page_taxes": page_taxes,
            "parties": self.parties.parties(),
            "remarks": self.remarks.text().strip(),
        }

    def validate(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        if self.corrects is not None and not self.reason.text().strip():
            errors["reason"] = tr("Say why the attested mutation is corrected.")
        if not self.mutation_no.text().strip():
            errors["mutation_no"] = tr("Type the mutation number from the register.")
        if not self.mauza.text().strip():
            errors["mauza"] = tr("Type the mauza.")
        if not self.khewat.text().strip():
            errors["khewat_no"] = tr("Type the khewat number.")
        gap = self.parties.balance()
        if gap:
            errors["parties"] = gap
            self.balance.setText("")  # said once, under the grid
        try:
            self._values = self.values()
        except ValidationError as exc:
            errors.setdefault(exc.field or "remarks", error_text(exc))
        return errors

    def job(self) -> Callable[[], Any]:
        store, actor = self.store, self.operator.username
        values = {**self._values, "mutation_id": new_id(), "at": utcnow().isoformat()}
        scans = list(self.scans.scans)
        name = "record_mutation"
        if self.corrects is not None:
            name = "correct_mutation"
            values["corrects_id"] = self.corrects.mutation.id
            values["reason"] = self.reason.text().strip()

        def run() -> CommandResult:
            if scans:
                if store.attachments is None:
                    raise ValidationError(
                        msg("This desk has no place to keep scans."), field="remarks"
                    )
                values["attachments"] = [
                    {"sha256": store.attachments.put(x.data), "media_type": x.media_type}
                    for x in scans
                ]
            result = store.execute(name, values, actor=actor)
            result.data["mutation_id"] = values["mutation_id"]
            return result

        return run

    def _succeeded(self, result: Any) -> None:
        """Saved: the next entry starts at once, keeping district, tehsil and mauza."""
        self.submit_button.setEnabled(True)
        self.saved.append(result)
        self.done_with.emit(result)
        if self.corrects is not None:  # one correction, then back to the register
            self.changed = False
            self.accept()
            return
        for edit in (
            self.mutation_no,
            self.khewat,
            self.khatauni,
            self.khasra,
            self.area,
            self.consideration,
            self.page_taxes,
            self.remarks,
        ):
            edit.clear()
        self.parties.clear_rows()
        self.scans.clear()
        self.balance.setText("")
        self.changed = False
        self.show_intro(tr("Saved {summary}. Next entry:").format(summary=result.summary))
        self._load_mauzas()
        self.mutation_no.setFocus(Qt.FocusReason.OtherFocusReason)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Ctrl+S saves from any field (and starts the next entry)."""
        if event.key() == Qt.Key.Key_S and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.attempt()
            return
        super().keyPressEvent(event)

    def retranslate(self) -> None:
        super().retranslate()
        corrects = getattr(self, "corrects", None)
        self.setWindowTitle(
            tr("Register entry")
            if corrects is None
            else tr("Correcting mutation of no. {number}").format(
                number=corrects.mutation.mutation_no
            )
        )
        if hasattr(self, "scans"):
            self.scans.retranslate()
        self.submit_button.setText(
            tr("Save and next (Ctrl+S)") if corrects is None else tr("Save the correction (Ctrl+S)")
        )
        if hasattr(self, "reason"):
            self.reason.setPlaceholderText(tr("Why the attested entry is corrected"))
        self.parties.retranslate()
