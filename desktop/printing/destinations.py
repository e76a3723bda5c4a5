"""Where each kind of document is printed: a printer the office chose, or a PDF.

An office prints challans on the counter's laser printer and licence cards on the
card printer; asking every time (or always saving a PDF) costs a hundred clicks a
day. The choice is remembered per kind of document (challan, card, slip,
certificate, report) in QSettings; "Save as PDF" is one of the choices, and the one
used until the office chooses. Documents are rendered to PDF by reportlab either way;
a chosen printer gets that file from the operating system's print service (`lp` on
Linux and macOS, the shell's "printto" verb on Windows), so what is printed is
exactly what a saved PDF shows.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from desktop.i18n import N_, tr
from desktop.qt import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSettings,
    QVBoxLayout,
    QWidget,
)
from domain.errors import DomainError, msg

#: The choice that means "ask where to save a PDF".
SAVE_AS_PDF = ""
DOCUMENT_KINDS: dict[str, str] = {
    "challan": N_("Challans"),
    "card": N_("Licence cards"),
    "slip": N_("Slips"),
    "certificate": N_("Certificates"),
    "report": N_("Reports"),
}
SETTINGS_GROUP = "printers"


def available_printers() -> list[str]:
    """The printers the computer knows. Qt lists them where its print plugin is
    bundled; the Linux bundle leaves the CUPS plugin out (installers/daftar.spec),
    so there CUPS's own `lpstat -e` names them."""
    from PySide6.QtPrintSupport import QPrinterInfo

    names = list(QPrinterInfo.availablePrinterNames())
    lpstat = shutil.which("lpstat")
    if not names and lpstat is not None and sys.platform != "win32":
        try:
            done = subprocess.run([lpstat, "-e"], capture_output=True, text=True, timeout=5)
            names = [line.strip() for line in done.stdout.splitlines() if line.strip()]
        except (OSError, subprocess.SubprocessError):
            names = []
    return names


def send_to_printer(path: Path, printer: str) -> None:
    """Hand a PDF to the operating system's print queue of `printer` (worker thread)."""
    if sys.platform == "win32":
        os.startfile(str(path), "printto", f'"{printer}"')  # type: ignore[attr-defined,call-arg]
        return
    lp = shutil.which("lp")
    if lp is None:
        raise DomainError(
            msg(
                "No print service was found on this computer: choose Save as "
                "PDF for this document, or install the printer."
            )
        )
    done = subprocess.run([lp, "-d", printer, str(path)], capture_output=True, text=True)
    if done.returncode != 0:
        raise DomainError(
            msg(
                "The printer {printer} refused the document: {reason}",
                printer=printer,
                reason=done.stderr.strip() or done.stdout.strip(),
            )
        )


class PrinterChoice:
    """The remembered printer of each kind of document."""

    def __init__(self, parent: QWidget | None = None, settings: QSettings | None = None):
        self.parent = parent
        self.settings = settings if settings is not None else QSettings()
        self.dialog: PrinterDialog | None = None

    def destination(self, kind: str) -> str:
        value = self.settings.value(f"{SETTINGS_GROUP}/{kind}", SAVE_AS_PDF)
        return value if isinstance(value, str) else SAVE_AS_PDF

    def remember(self, kind: str, printer: str) -> None:
        self.settings.setValue(f"{SETTINGS_GROUP}/{kind}", printer)
        self.settings.sync()

    def choose_all(self) -> PrinterDialog:
        """The dialog where the office picks a printer for each kind of document."""
        dialog = PrinterDialog(self, available_printers(), self.parent)
        self.dialog = dialog
        dialog.finished.connect(lambda _=0: setattr(self, "dialog", None))
        dialog.open()
        return dialog


class PrinterDialog(QDialog):
    def __init__(self, choice: PrinterChoice, printers: list[str], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("printers")
        self.choice = choice
        self.setWindowTitle(tr("Printers"))
        intro = QLabel(
            tr(
                "Where each kind of document goes when you print it. Until a printer "
                "is chosen, Daftar asks where to save a PDF."
            ),
            self,
        )
        intro.setWordWrap(True)
        form = QFormLayout()
        self.combos: dict[str, QComboBox] = {}
        for kind, title in DOCUMENT_KINDS.items():
            combo = QComboBox(self)
            combo.setObjectName(f"printer_{kind}")
            combo.addItem(tr("Save as PDF"), SAVE_AS_PDF)
            for name in printers:
                combo.addItem(name, name)
            current = choice.destination(kind)
            if current and combo.findData(current) < 0:
                combo.addItem(tr("{printer} (not found)").format(printer=current), current)
            combo.setCurrentIndex(max(combo.findData(current), 0))
            caption = QLabel(tr(title), self)
            caption.setBuddy(combo)
            form.addRow(caption, combo)
            self.combos[kind] = combo
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)

    def accept(self) -> None:
        for kind, combo in self.combos.items():
            self.choice.remember(kind, combo.currentData() or SAVE_AS_PDF)
        super().accept()
