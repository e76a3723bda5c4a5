"""The new-application and renewal forms.

Checks happen in the form first, with the domain's own rules and messages (Cnic.parse,
`check_applicant_born`, weapon types and bores from reference data, required documents),
so the operator sees every problem at once beside its field; the command then checks
again when it runs, and anything it refuses lands beside its field too.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from desktop.form_dialog import FormDialog
from desktop.form_fields import line_edit, parse_day, today_karachi
from desktop.formatting import DOCUMENT_LABELS, RELATION_LABELS, day, label, ltr
from desktop.i18n import N_, error_text, tr
from desktop.licences import known as known_mod
from desktop.licences import workflow
from desktop.operators import Operator
from desktop.qt import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QKeySequence,
    QLabel,
    QPushButton,
    QShortcut,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from desktop.series import is_provisional_number
from desktop.worker import DbWorker
from domain import reference
from domain.commands.licences import REQUIRED_DOCUMENTS, check_applicant_born
from domain.errors import DomainError, ValidationError
from domain.values import Cnic, check_relation
from domain.values.relation import FOR_GENDER
from sync.store.local import LocalStore

_MOBILE = re.compile(r"^03\d{9}$")
_line = line_edit
__all__ = ["NewApplicationForm", "RenewalForm", "DocumentChecks", "parse_day", "today_karachi"]


class DocumentChecks(QWidget):
    """A row of check boxes, one per required document."""

    def __init__(
        self, codes: tuple[str, ...], parent: QWidget | None = None, vertical: bool = False
    ):
        super().__init__(parent)
        self.boxes: dict[str, QCheckBox] = {}
        layout = QVBoxLayout(self) if vertical else QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for code in codes:
            box = QCheckBox(self)
            box.setObjectName(f"doc_{code}")
            self.boxes[code] = box
            layout.addWidget(box)
        layout.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        for code, box in self.boxes.items():
            box.setText(label(DOCUMENT_LABELS, code))

    def check_all(self) -> None:
        """Every document received (Ctrl+D): the usual case, one key instead of one per box."""
        for box in self.boxes.values():
            if not box.isChecked():
                box.click()  # clicked: counts as the operator's change

    def checked(self) -> list[str]:
        return [code for code, box in self.boxes.items() if box.isChecked()]

    def missing_message(self) -> str:
        missing = [label(DOCUMENT_LABELS, c) for c, b in self.boxes.items() if not b.isChecked()]
        return tr("Missing documents: {names}.").format(names=", ".join(missing)) if missing else ""


def dashed_cnic(text: str) -> str:
    """The CNIC as it is being typed, with its dashes where they belong
    (17301-1234567-9): the operator reads it back against the card in groups."""
    digits = "".join(ch for ch in text if ch.isdigit())[:13]
    if len(digits) > 12:
        return f"{digits[:5]}-{digits[5:12]}-{digits[12:]}"
    if len(digits) > 5:
        return f"{digits[:5]}-{digits[5:]}"
    return digits


#: The form's applicant fields and the stored person's field each one shows.
_KNOWN_FIELDS = (
    ("name_en", "name_en"),
    ("name_ur", "name_ur"),
    ("father_en", "father_name_en"),
    ("father_ur", "father_name_ur"),
    ("birth", "date_of_birth"),
    ("mobile", "mobile"),
    ("address", "address"),
)


def name_captions(form: FormDialog, relation: str | None) -> None:
    """The name fields say whose name they want: the husband's for W/O, the father's
    for S/O or D/O, either while the relation is not known yet (no CNIC typed)."""
    if relation == "wife_of":
        en, ur = N_("Husband's name (English)"), N_("Husband's name (Urdu)")
    elif relation in ("son_of", "daughter_of"):
        en, ur = N_("Father's name (English)"), N_("Father's name (Urdu)")
    else:
        en = N_("Father's or husband's name (English)")
        ur = N_("Father's or husband's name (Urdu)")
    form.relabel("father_name_en", en)
    form.relabel("father_name_ur", ur)


def relation_combo(gender: str, parent: QWidget) -> QComboBox:
    """The relations a person of `gender` may have (a woman: D/O, W/O), named "relation"."""
    combo = QComboBox(parent)
    combo.setObjectName("relation")
    for code in FOR_GENDER.get(gender, ()):
        combo.addItem(label(RELATION_LABELS, code), code)
    return combo


def _gender_of(digits: str) -> str:
    """The gender a complete CNIC tells (its last digit: odd male, even female), else ""."""
    if len(digits) != 13:
        return ""
    try:
        return Cnic.parse(digits).gender
    except DomainError:
        return ""


class NewApplicationForm(FormDialog):
    """A new arms licence application with its applicant (Ctrl+N).

    A CNIC already on record fills the applicant's details in (`known`) and says what
    the office knows of them; `renew_requested(licence_no)` asks the workspace to open
    the renewal of the licence they already hold instead.
    """

    renew_requested = Signal(str)

    FIELD_ALIASES = {"applicant": "name_en"}
    # Labels beside their fields: above them, the Urdu form (Nastaliq lines are twice
    # as tall) was 836 px high and its Submit button fell off a 768-px screen.
    ROW_WRAP = QFormLayout.RowWrapPolicy.DontWrapRows

    def __init__(
        self,
        store: LocalStore,
        worker: DbWorker,
        operator: Operator,
        parent: QWidget | None = None,
        *,
        lang: str = "en",
    ):
        super().__init__(worker, parent)
        self.store, self.operator, self.lang = store, operator, lang
        self.setObjectName("new_application")
        self.cnic = _line("cnic", self, placeholder="XXXXX-XXXXXXX-X")
        self.name_en = _line("name_en", self)
        self.name_ur = _line("name_ur", self, urdu=True)
        # Whose name follows: asked for a woman only (a man is S/O), D/O unless chosen.
        self.relation = QComboBox(self)
        self.relation.setObjectName("relation")
        self.father_en = _line("father_name_en", self)
        self.father_ur = _line("father_name_ur", self, urdu=True)
        self.birth = _line("date_of_birth", self, placeholder="DD-MM-YYYY")
        self.mobile = _line("mobile", self, placeholder="03XXXXXXXXX")
        self.address = _line("address", self)
        self.district = QComboBox(self)
        self.district.setObjectName("district")
        self.weapon = QComboBox(self)
        self.weapon.setObjectName("weapon_type")
        self.bore = QComboBox(self)
        self.bore.setObjectName("bore")
        # A bore is a Latin token (".22", ".30-06"): drawn left to right in Urdu too,
        # or the combo shows "22.".
        self.bore.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.validity = QComboBox(self)
        self.validity.setObjectName("validity")
        self.documents = DocumentChecks(REQUIRED_DOCUMENTS["new"], self, vertical=True)
        self.remarks = _line("remarks", self)
        self.add_column()
        for name, editor, text, column in (
            ("cnic", self.cnic, N_("CNIC"), 0),
            ("name_en", self.name_en, N_("Name (English)"), 0),
            ("name_ur", self.name_ur, N_("Name (Urdu)"), 0),
            ("relation", self.relation, N_("Relation"), 0),
            ("father_name_en", self.father_en, N_("Father's or husband's name (English)"), 0),
            ("father_name_ur", self.father_ur, N_("Father's or husband's name (Urdu)"), 0),
            ("date_of_birth", self.birth, N_("Date of birth"), 0),
            ("mobile", self.mobile, N_("Mobile"), 0),
            ("address", self.address, N_("Address"), 0),
            ("district_code", self.district, N_("District"), 1),
            ("weapon_type", self.weapon, N_("Weapon type"), 1),
            ("bore", self.bore, N_("Bore"), 1),
            ("validity", self.validity, N_("Validity"), 1),
            ("documents", self.documents, N_("Documents"), 1),
            ("remarks", self.remarks, N_("Remarks"), 1),
        ):
            self.add_field(name, editor, text, column)
        self.finish_tab_order()
        self._gender: str | None = None  # not yet known: `_set_gender` fills the choices
        self._relation_touched = False
        self.relation.activated.connect(lambda _=0: setattr(self, "_relation_touched", True))
        self.relation.currentIndexChanged.connect(lambda _=0: self._name_labels())
        self._set_gender("")
        self.known: known_mod.KnownApplicant | None = None
        self._filled: dict[str, str] = {}  # field -> the value the record filled in
        self.known_label = QLabel(self)
        self.known_label.setObjectName("known_applicant")
        self.known_label.setWordWrap(True)
        self.known_label.setStyleSheet("color: #8a4b00;")
        self.known_label.hide()
        self.renew_button = QPushButton(self)
        self.renew_button.setObjectName("renew_instead")
        self.renew_button.setAutoDefault(False)
        self.renew_button.hide()
        self.renew_button.clicked.connect(self._renew_instead)
        known_row = QHBoxLayout()
        known_row.addWidget(self.known_label, 1)
        known_row.addWidget(self.renew_button)
        self.box.insertLayout(1, known_row)
        renew_key = QShortcut(QKeySequence("Ctrl+R"), self)
        renew_key.activated.connect(self._renew_instead)
        self.cnic.textEdited.connect(self._cnic_typed)
        self.weapon.currentIndexChanged.connect(self._fill_bores)
        self._district_touched = False
        self.district.activated.connect(lambda _=0: setattr(self, "_district_touched", True))
        self._fill_choices()
        self.retranslate()
        self.setMinimumWidth(960)
        all_documents = QShortcut(QKeySequence("Ctrl+D"), self)
        all_documents.activated.connect(self.documents.check_all)
        # The identity is a store read that may wait behind a sync write: not here.
        username = operator.username
        worker.submit(
            lambda: (
                workflow.next_application_no(store),
                store.identity().district_code,
                workflow.last_choice(store, username),
            ),
            on_done=self._show_number,
        )

    def _fill_choices(self) -> None:
        for d in reference.districts():
            self.district.addItem(d.name(self.lang), d.code)
        for w in reference.weapon_types(licensable_only=True):
            self.weapon.addItem(w.name(self.lang), w.code)
        for scope in reference.validity_scopes():
            self.validity.addItem(scope.name(self.lang), scope.code)
        self._fill_bores()

    def _fill_bores(self) -> None:
        self.bore.clear()
        code = self.weapon.currentData()
        weapon = reference.weapon_type(code) if code else None
        for bore in weapon.bores if weapon else ():
            self.bore.addItem(ltr(bore), bore)
        self.bore.setEnabled(bool(weapon and weapon.is_firearm))

    # -- a CNIC on record -------------------------------------------------------------------
    def _cnic_typed(self, text: str) -> None:
        """Dashes as typed; at the 13th digit, look the CNIC up in this office's records."""
        if self.cnic.cursorPosition() == len(text):
            shown = dashed_cnic(text)
            if shown != text:
                self.cnic.setText(shown)
        digits = "".join(ch for ch in self.cnic.text() if ch.isdigit())
        self._set_gender(_gender_of(digits))
        if len(digits) != 13:
            self._show_known(None)
            return
        store = self.store
        self.worker.submit(
            lambda: known_mod.find_known(store, digits),
            on_done=self._known_in,
            key="known-applicant",
        )

    def _known_in(self, known: known_mod.KnownApplicant | None) -> None:
        digits = "".join(ch for ch in self.cnic.text() if ch.isdigit())
        if known is not None and known.cnic != digits:
            return  # the operator has typed on
        self._show_known(known)
        if known is None:
            return
        for attr, field_name in _KNOWN_FIELDS:
            edit = getattr(self, attr)
            value = known.person.get(field_name)
            text = day(value) if field_name == "date_of_birth" else str(value or "")
            # Only what the operator has not typed: a filled-in value is the record's.
            if text and (not edit.text().strip() or self._filled.get(attr) == edit.text()):
                edit.setText(text)
                self._filled[attr] = text
        stored = known.person.get("relation")
        index = self.relation.findData(stored) if stored else -1
        if index >= 0 and not self._relation_touched:
            self.relation.setCurrentIndex(index)
        if self.cnic.hasFocus():
            empty = next(
                (
                    getattr(self, a)
                    for a in ("name_en", "father_en", "birth")
                    if not getattr(self, a).text().strip()
                ),
                None,
            )
            (empty or self.weapon).setFocus()

    # -- the relation -------------------------------------------------------------------------
    def _set_gender(self, gender: str) -> None:
        """The relations the CNIC's gender allows: the row shows for a woman only,
        starting at D/O; a man is S/O without a question."""
        if gender == self._gender:
            return
        self._gender = gender
        self._relation_touched = False
        self.relation.clear()
        for code in FOR_GENDER.get(gender, ()):
            self.relation.addItem(label(RELATION_LABELS, code), code)
        self.show_field("relation", gender == "female")
        self._name_labels()

    def set_relation(self, code: str) -> None:
        """Show the relations the CNIC now in the field allows and choose `code` among
        them (a form filled from a command, not typed: the Inbox's resend)."""
        self._set_gender(_gender_of("".join(ch for ch in self.cnic.text() if ch.isdigit())))
        index = self.relation.findData(code) if code else -1
        if index >= 0:
            self.relation.setCurrentIndex(index)
            self._relation_touched = True

    def _name_labels(self) -> None:
        name_captions(self, self.relation.currentData())

    def _show_known(self, known: known_mod.KnownApplicant | None) -> None:
        self.known = known
        if known is None:
            self.known_label.hide()
            self.renew_button.hide()
            return
        self.known_label.setText("\n".join(known_mod.describe(known, self.lang)))
        self.known_label.show()
        self.renew_button.setText(tr("Renew instead"))
        self.renew_button.setVisible(known.active_licence is not None)
        self._fit()

    def _renew_instead(self) -> None:
        held = self.known.active_licence if self.known is not None else None
        if held is None:
            return
        self.changed = False
        self.reject()
        self.renew_requested.emit(held.licence_no)

    def _remembered(self, choice: dict[str, str]) -> None:
        """The weapon type, bore and validity of this operator's last application: a
        desk mostly takes the same kind of licence all day, so Enter keeps them."""
        for combo, key in (
            (self.weapon, "weapon_type"),
            (self.bore, "bore"),
            (self.validity, "validity"),
        ):
            if combo.currentData() is None or key not in choice:
                continue
            index = combo.findData(choice[key])
            if index >= 0:
                combo.setCurrentIndex(index)  # the weapon first: it fills the bores

    def _show_number(self, found: tuple[str, str, dict[str, str]]) -> None:
        number, district_code, choice = found
        if not self.changed:
            self._remembered(choice)
        if not self._district_touched:
            self.district.setCurrentIndex(max(self.district.findData(district_code), 0))
        text = tr("Application number {number}").format(number=number)
        if is_provisional_number(number):
            text += " — " + tr("provisional (T) until this computer is enrolled with the server")
        self.show_intro(text)

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(tr("New arms licence application"))
        self.submit_button.setText(tr("Submit application"))
        self.documents.retranslate()
        for i in range(self.relation.count()):
            self.relation.setItemText(i, label(RELATION_LABELS, self.relation.itemData(i)))

    def validate(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        try:
            cnic = Cnic.parse(self.cnic.text())
            # The command's own rule and message (the combo offers only what it allows).
            if self.relation.currentData():
                check_relation(self.relation.currentData(), cnic.gender)
        except ValidationError as exc:
            errors[exc.field or "cnic"] = error_text(exc)
        if not self.name_en.text().strip():
            errors["name_en"] = tr("Type the applicant's name in English.")
        if not self.father_en.text().strip():
            errors["father_name_en"] = (
                tr("Type the husband's name in English.")
                if self.relation.currentData() == "wife_of"
                else tr("Type the father's or husband's name in English.")
            )
        try:
            # The command's own rule and message, shown before submitting.
            check_applicant_born(parse_day(self.birth.text(), "date_of_birth"), today_karachi())
        except ValidationError as exc:
            errors["date_of_birth"] = error_text(exc)
        mobile = self.mobile.text().replace("-", "").replace(" ", "")
        if mobile and not _MOBILE.match(mobile):
            errors["mobile"] = tr("A mobile number has 11 digits and starts with 03.")
        weapon_code = self.weapon.currentData()
        weapon = reference.weapon_type(weapon_code) if weapon_code else None
        if weapon is None:
            errors["weapon_type"] = tr("Choose the weapon type.")
        elif weapon.is_firearm and not weapon.allows_bore(self.bore.currentData() or ""):
            errors["bore"] = tr("Choose a bore allowed for a {weapon}.").format(
                weapon=weapon.name(self.lang)
            )
        if self.documents.missing_message():
            errors["documents"] = self.documents.missing_message()
        return errors

    def values(self) -> dict[str, Any]:
        """The command's arguments (the worker adds the ids and the number)."""
        return {
            "kind": "new",
            "applicant": {
                "cnic": Cnic.parse(self.cnic.text()).digits,
                "name_en": self.name_en.text().strip(),
                "name_ur": self.name_ur.text().strip(),
                "father_name_en": self.father_en.text().strip(),
                "father_name_ur": self.father_ur.text().strip(),
                "relation": self.relation.currentData() or "",
                "date_of_birth": parse_day(self.birth.text()).isoformat(),
                "mobile": self.mobile.text().replace("-", "").replace(" ", ""),
                "address": self.address.text().strip(),
            },
            "district_code": self.district.currentData(),
            "weapon_type": self.weapon.currentData(),
            "bore": self.bore.currentData() or "",
            "validity": self.validity.currentData(),
            "documents": self.documents.checked(),
            "remarks": self.remarks.text().strip(),
        }

    def job(self) -> Callable[[], Any]:
        store, actor, values = self.store, self.operator.username, self.values()

        def submit() -> Any:
            result = workflow.submit_application(store, actor, values)
            workflow.remember_choice(store, actor, values)
            return result

        return submit


class RenewalForm(FormDialog):
    """A renewal of an issued licence, found by its number or its holder's CNIC (Ctrl+R)."""

    def __init__(
        self,
        store: LocalStore,
        worker: DbWorker,
        operator: Operator,
        parent: QWidget | None = None,
        *,
        lang: str = "en",
    ):
        super().__init__(worker, parent)
        self.store, self.operator, self.lang = store, operator, lang
        self.setObjectName("renewal")
        self.licence: workflow.LicenceFound | None = None
        self.licence_no = _line("licence_no", self)
        self.documents = DocumentChecks(REQUIRED_DOCUMENTS["renewal"], self)
        self.remarks = _line("remarks", self)
        self.add_field("licence_no", self.licence_no, N_("Licence number"))
        self.add_field("documents", self.documents, N_("Documents"))
        self.add_field("remarks", self.remarks, N_("Remarks"))
        self.finish_tab_order()
        self.licence_no.editingFinished.connect(self.look_up)
        self.retranslate()
        self.setMinimumWidth(520)

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(tr("Renew an arms licence"))
        self.submit_button.setText(tr("Submit renewal"))
        self.documents.retranslate()

    def look_up(self) -> None:
        number = self.licence_no.text().strip()
        if not number:
            return
        store = self.store
        self.worker.submit(
            lambda: workflow.find_licence(store, number), on_done=self._found, key="renewal-lookup"
        )

    def start_from(self, number: str) -> None:
        """Open on a licence already known (the new-application form's "renew instead")."""
        self.licence_no.setText(number)
        self.look_up()
        next(iter(self.documents.boxes.values())).setFocus()

    def _found(self, licence: workflow.LicenceFound | None) -> None:
        self.licence = licence
        box = self.fields["licence_no"]
        if licence is None:
            box.set_error(tr("No licence with this number is in this office's records."))
            self.intro.hide()
            return
        box.set_error("")
        if self.licence_no.text().strip().upper() != licence.licence_no:
            self.licence_no.setText(licence.licence_no)  # found by the holder's CNIC
        name = (
            licence.holder_name_ur
            if self.lang == "ur" and licence.holder_name_ur
            else licence.holder_name_en
        )
        self.show_intro(
            tr("{name}, {weapon} {bore}, valid until {date}").format(
                name=name,
                weapon=reference.weapon_type(licence.weapon_type).name(self.lang),
                bore=ltr(licence.bore),
                date=day(licence.valid_until),
            )
        )

    def validate(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        number = self.licence_no.text().strip().upper()
        if not number:
            errors["licence_no"] = tr("Type the number of the licence to renew.")
        elif (
            self.licence is not None
            and self.licence.licence_no == number
            and self.licence.status == "cancelled"
        ):
            errors["licence_no"] = tr("This licence is cancelled and cannot be renewed.")
        if self.documents.missing_message():
            errors["documents"] = self.documents.missing_message()
        return errors

    def job(self) -> Callable[[], Any]:
        store, actor = self.store, self.operator.username
        number = self.licence_no.text().strip().upper()
        documents, remarks = self.documents.checked(), self.remarks.text().strip()
        not_found = tr("No licence with this number is in this office's records.")

        def renew() -> Any:
            # Looked up again here: the operator may submit without waiting for the lookup.
            licence = workflow.find_licence(store, number)
            if licence is None:
                raise ValidationError(not_found, field="licence_no")
            return workflow.submit_renewal(store, actor, licence.id, documents, remarks)

        return renew
