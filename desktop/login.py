"""The operator login dialog (and the first operator's account on a new profile).

The password check runs in the database worker (PBKDF2 takes ~0.1 s by design), so
the dialog stays responsive; a wrong password says so plainly and keeps the username.
"""

from __future__ import annotations

from desktop.i18n import tr
from desktop.operators import LoginRefused, Operator, add_operator, check_login, operators
from desktop.qt import (QDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, Qt,
                        QVBoxLayout, QWidget)
from desktop.widgets import ErrorLabel
from desktop.worker import DbWorker
from sync.store.local import LocalStore

__all__ = ["LoginDialog", "add_operator", "check_login"]


class LoginDialog(QDialog):
    """Asks for username and password; `operator` is set when it is accepted.

    On a profile with no operators yet it asks for the first one (a supervisor), so
    a fresh installation is usable without a command line.
    """

    def __init__(self, store: LocalStore, worker: DbWorker, parent: QWidget | None = None,
                 *, first_run: bool | None = None):
        super().__init__(parent)
        self.store = store
        self.worker = worker
        self.operator: Operator | None = None
        self.first_run = (not operators(store)) if first_run is None else first_run
        self.setObjectName("login")
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.username = QLineEdit(self)
        self.username.setObjectName("username")
        self.full_name = QLineEdit(self)
        self.password = QLineEdit(self)
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.Password)
        self.confirm = QLineEdit(self)
        self.confirm.setEchoMode(QLineEdit.Password)
        self.error = ErrorLabel(self)
        self.error.setObjectName("login_error")
        self.ok = QPushButton(self)
        self.ok.setObjectName("login_button")
        self.ok.setDefault(True)
        self.cancel = QPushButton(self)
        self.form = QFormLayout()
        # Label widgets of their own: given an empty text, addRow makes no label at all,
        # and the fields stood there unnamed (retranslate() fills the texts in).
        self.form.addRow(QLabel(self), self.username)
        if self.first_run:
            self.form.addRow(QLabel(self), self.full_name)
        self.form.addRow(QLabel(self), self.password)
        if self.first_run:
            self.form.addRow(QLabel(self), self.confirm)
        else:
            self.full_name.hide()
            self.confirm.hide()
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel)
        buttons.addWidget(self.ok)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.ok.clicked.connect(self.attempt)
        self.cancel.clicked.connect(self.reject)
        self.setMinimumWidth(420)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(tr("Daftar — log in"))
        if self.first_run:
            self.intro.setText(tr("This profile has no operators yet. Create the first account; "
                                  "it will be a supervisor who can add the others."))
        else:
            self.intro.setText(tr("Log in with your own username and password, so your work is "
                                  "recorded under your name."))
        rows = [(self.username, tr("Username")), (self.password, tr("Password"))]
        if self.first_run:
            rows += [(self.full_name, tr("Full name")), (self.confirm, tr("Password again"))]
        for field, text in rows:
            label = self.form.labelForField(field)
            if isinstance(label, QLabel):
                label.setText(text)
        self.ok.setText(tr("Create and log in") if self.first_run else tr("Log in"))
        self.cancel.setText(tr("Quit"))

    # -- behaviour ------------------------------------------------------------------------
    def attempt(self) -> None:
        self.error.show_error("")
        username, password = self.username.text(), self.password.text()
        if self.first_run:
            if password != self.confirm.text():
                self.error.show_error(tr("The two passwords are not the same."))
                return
            full_name = self.full_name.text()
            job = lambda: add_operator(self.store, username, password, full_name, "supervisor")  # noqa: E731
        else:
            job = lambda: check_login(self.store, username, password)  # noqa: E731
        self.ok.setEnabled(False)
        self.worker.submit(job, on_done=self._logged_in, on_error=self._refused,
                           label=tr("Checking password…"))

    def _logged_in(self, operator: Operator) -> None:
        self.ok.setEnabled(True)
        self.operator = operator
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        self.ok.setEnabled(True)
        self.error.show_error(self._message(exc))
        self.password.clear()
        self.confirm.clear()
        (self.username if isinstance(exc, LoginRefused) and exc.code in
         ("unknown_user", "no_username", "bad_username") else self.password).setFocus(Qt.OtherFocusReason)

    @staticmethod
    def _message(exc: BaseException) -> str:
        if isinstance(exc, LoginRefused):
            texts = {
                "no_username": tr("Type your username."),
                "no_password": tr("Type your password."),
                "unknown_user": tr("There is no operator with this username in this profile. "
                                   "Check the spelling, or ask a supervisor to add you."),
                "wrong_password": tr("Wrong password for this username. Check that Caps Lock is "
                                     "off and the keyboard is set to English, then try again."),
                "bad_username": tr("A username has 2 to 30 lower-case English letters, digits, "
                                   "'.', '_' or '-'."),
                "short_password": tr("A password needs at least 6 characters."),
            }
            return texts.get(exc.code, exc.message)
        return tr("The login could not be checked: {error}").format(error=exc)
