"""The operator login dialog and the lock screen.

Accounts come from the server (`desktop.operators`): the dialog checks a password
online when the desk reaches its server, else with this desk's verifier. The check
runs in the database worker (argon2id takes about a tenth of a second by design), so
the dialog stays responsive; a refusal says plainly what happened and what to do,
and keeps the username.

The lock screen covers the main window after idle time (or when the server revoked
this computer): the work underneath stays as it was, and only the logged-in
operator's password opens it again (checked on this desk, no network).
"""

from __future__ import annotations

from collections.abc import Callable

from desktop.i18n import tr
from desktop.operators import DEMO_HINT_FACT, LoginPolicy, LoginRefused, Operator, log_in, unlock
from desktop.qt import (
    QApplication,
    QDialog,
    QEvent,
    QFont,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QObject,
    QPushButton,
    Qt,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)
from desktop.widgets import ErrorLabel
from desktop.worker import DbWorker
from sync.store.local import LocalStore
from sync.transport import Transport

__all__ = ["LoginDialog", "LockScreen", "IdleWatch", "refusal_text"]


def refusal_text(exc: BaseException) -> str:
    """A login refusal as one line in the interface language."""
    if isinstance(exc, LoginRefused):
        texts = {
            "no_username": tr("Type your username."),
            "no_password": tr("Type your password."),
            "unknown_user": tr(
                "There is no operator with this username. Check the spelling, "
                "or ask the district administrator for an account."
            ),
            "wrong_password": tr(
                "Wrong password for this username. Check that Caps Lock is "
                "off and the keyboard is set to English, then try again."
            ),
            "locked": tr(
                "This account is locked on this computer after too many wrong "
                "passwords. Try again in {minutes} minutes, or ask a supervisor."
            ),
            "throttled": tr("Too many login attempts. Wait {minutes} minutes, then try again."),
            "disabled": tr("This account has been disabled. Ask the district administrator."),
            "out_of_scope": tr(
                "This account does not work at this computer's office. Log in "
                "at your own office's computer, or ask the district administrator."
            ),
            "not_on_this_desk": tr(
                "You have not logged in on this computer before, and the "
                "server cannot be reached. Your first login on a computer "
                "must be online: connect it and try again."
            ),
            "damaged": tr(
                "Your key on this computer cannot be opened. Connect to the server "
                "and log in once online."
            ),
            "revoked": tr(
                "This computer's enrolment was revoked by the server, so no one "
                "can log in here. Ask the district administrator to enrol it again."
            ),
            "server_refused": tr("The server refused the login: {error}"),
        }
        text = texts.get(exc.code)
        if text is None:
            return exc.message
        try:
            return text.format(**exc.values)
        except (KeyError, IndexError):
            return exc.message
    return tr("The login could not be checked: {error}").format(error=exc)


class LoginDialog(QDialog):
    """Asks for username and password; `operator` is set when it is accepted (and the
    store then has the operator's key to sign with)."""

    def __init__(
        self,
        store: LocalStore,
        worker: DbWorker,
        parent: QWidget | None = None,
        *,
        transport: Transport | None = None,
    ):
        super().__init__(parent)
        self.store = store
        self.worker = worker
        self.transport = transport
        self.operator: Operator | None = None
        self.demo_hint = store.fact(DEMO_HINT_FACT) or ""
        self.setObjectName("login")
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.hint = QLabel(self)
        self.hint.setObjectName("demo_hint")
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("background: #fff8e1; border: 1px solid #ffe082; padding: 6px;")
        self.hint.setVisible(bool(self.demo_hint))
        self.username = QLineEdit(self)
        self.username.setObjectName("username")
        self.password = QLineEdit(self)
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
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
        self.form.addRow(QLabel(self), self.password)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel)
        buttons.addWidget(self.ok)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.hint)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.ok.clicked.connect(self.attempt)
        self.cancel.clicked.connect(self.reject)
        self.setMinimumWidth(440)
        self.retranslate()

    def retranslate(self) -> None:
        if self.store.revoked():  # nothing to try: say why, and what to do
            self.error.show_error(refusal_text(LoginRefused("revoked", "")))
            self.ok.setEnabled(False)
        self.setWindowTitle(tr("Daftar — log in"))
        self.intro.setText(
            tr(
                "Log in with your own username and password, so your work is "
                "recorded and signed under your name. Accounts are made by the "
                "district administrator on the server."
            )
        )
        if self.demo_hint:
            user, _, password = self.demo_hint.partition("/")
            self.hint.setText(
                tr("Demo: log in as {username} / {password}").format(
                    username=user, password=password
                )
            )
        for field, text in ((self.username, tr("Username")), (self.password, tr("Password"))):
            label = self.form.labelForField(field)
            if isinstance(label, QLabel):
                label.setText(text)
        self.ok.setText(tr("Log in"))
        self.cancel.setText(tr("Quit"))

    # -- behaviour ------------------------------------------------------------------------
    def attempt(self) -> None:
        self.error.show_error("")
        store, transport = self.store, self.transport
        username, password = self.username.text(), self.password.text()
        self.ok.setEnabled(False)
        self.worker.submit(
            lambda: log_in(store, username, password, transport),
            on_done=self._logged_in,
            on_error=self._refused,
            label=tr("Checking password…"),
        )

    def _logged_in(self, operator: Operator) -> None:
        self.ok.setEnabled(True)
        self.operator = operator
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        self.ok.setEnabled(True)
        self.error.show_error(refusal_text(exc))
        self.password.clear()
        (
            self.username
            if isinstance(exc, LoginRefused) and exc.code in ("unknown_user", "no_username")
            else self.password
        ).setFocus(Qt.FocusReason.OtherFocusReason)


class LockScreen(QFrame):
    """Covers its parent (the main window) while the session is locked. Idle: the
    operator's password opens it (`unlocked` is emitted). Revoked: it says why and
    what to do, and never opens."""

    unlocked = Signal()
    quit_requested = Signal()

    def __init__(self, store: LocalStore, worker: DbWorker, operator: Operator, parent: QWidget):
        super().__init__(parent)
        self.store = store
        self.worker = worker
        self.operator = operator
        self.revoked = False
        self.setObjectName("lock_screen")
        self.setAutoFillBackground(True)
        self.setStyleSheet(
            "#lock_screen { background: #eceff1; } "
            "#lock_card { background: white; border: 1px solid #b0bec5; }"
        )
        card = QFrame(self)
        card.setObjectName("lock_card")
        card.setFixedWidth(460)
        self.title = QLabel(card)
        self.title.setObjectName("lock_title")
        self.message = QLabel(card)
        self.message.setObjectName("lock_message")
        self.message.setWordWrap(True)
        self.password = QLineEdit(card)
        self.password.setObjectName("lock_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = ErrorLabel(card)
        self.error.setObjectName("lock_error")
        self.ok = QPushButton(card)
        self.ok.setObjectName("unlock_button")
        self.ok.setDefault(True)
        self.quit = QPushButton(card)
        self.quit.setObjectName("lock_quit")
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.quit)
        buttons.addWidget(self.ok)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(24, 20, 24, 20)
        inner.addWidget(self.title)
        inner.addWidget(self.message)
        inner.addWidget(self.password)
        inner.addWidget(self.error)
        inner.addLayout(buttons)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(card)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)
        self.ok.clicked.connect(self.attempt)
        self.password.returnPressed.connect(self.attempt)
        self.quit.clicked.connect(self.quit_requested.emit)
        parent.installEventFilter(self)
        self.hide()
        self.retranslate()

    def retranslate(self) -> None:
        # A widget under a style sheet keeps the font it was polished with; the
        # language's font (Nastaliq for Urdu) is set here, on each change.
        font = QApplication.font()
        self.setFont(font)
        for child in self.findChildren(QWidget):
            child.setFont(font)
        big = QFont(font)
        big.setPointSizeF(font.pointSizeF() * 1.5)
        big.setBold(True)
        self.title.setFont(big)
        rtl = QApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft
        name = (self.operator.full_name_ur if rtl else "") or self.operator.full_name
        if self.revoked:
            self.title.setText(tr("This computer has been revoked"))
            self.message.setText(
                tr(
                    "The central server has revoked this computer's enrolment, so "
                    "it cannot record or send work. Your work stays in the store. "
                    "Ask the district administrator to enrol this computer again."
                )
            )
        else:
            self.title.setText(tr("Session locked"))
            self.message.setText(
                tr(
                    "The session was locked after a time without use. {name}, type "
                    "your password to carry on; your work is as you left it."
                ).format(name=name)
            )
        self.password.setPlaceholderText(tr("Password"))
        self.ok.setText(tr("Unlock"))
        self.quit.setText(tr("Quit"))

    def lock(self, *, revoked: bool = False) -> None:
        """Cover the window and drop the operator's unlocked key from the store."""
        self.store.sign_out()
        self.revoked = self.revoked or revoked
        self.password.setVisible(not self.revoked)
        self.ok.setVisible(not self.revoked)
        self.error.show_error("")
        self.password.clear()
        self.retranslate()
        self._cover()
        self.show()
        self.raise_()
        if not self.revoked:
            self.password.setFocus(Qt.FocusReason.OtherFocusReason)

    @property
    def locked(self) -> bool:
        return self.isVisible()

    def attempt(self) -> None:
        if self.revoked or not self.ok.isEnabled():
            return
        self.error.show_error("")
        store, operator, password = self.store, self.operator, self.password.text()
        self.ok.setEnabled(False)
        self.worker.submit(
            lambda: unlock(store, operator, password),
            on_done=self._opened,
            on_error=self._refused,
            label=tr("Checking password…"),
        )

    def _opened(self, _operator: Operator) -> None:
        self.ok.setEnabled(True)
        self.password.clear()
        self.hide()
        self.unlocked.emit()

    def _refused(self, exc: BaseException) -> None:
        self.ok.setEnabled(True)
        self.password.clear()
        self.error.show_error(refusal_text(exc))
        self.password.setFocus(Qt.FocusReason.OtherFocusReason)

    def _cover(self) -> None:
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.parentWidget()
            and event.type() == QEvent.Type.Resize
            and self.isVisible()
        ):
            self._cover()
        return False


class IdleWatch(QObject):
    """Calls `on_idle` once no key or mouse input reached the application for
    `seconds`; any such input starts the count again."""

    _INPUT = frozenset(
        {
            QEvent.Type.KeyPress,
            QEvent.Type.MouseButtonPress,
            QEvent.Type.MouseMove,
            QEvent.Type.Wheel,
            QEvent.Type.TouchBegin,
        }
    )

    def __init__(self, seconds: float, on_idle: Callable[[], None], parent: QObject | None = None):
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(max(1, int(seconds * 1000)))
        self.timer.timeout.connect(on_idle)

    @classmethod
    def for_policy(
        cls, policy: LoginPolicy, on_idle: Callable[[], None], parent: QObject | None = None
    ) -> IdleWatch:
        return cls(policy.idle.total_seconds(), on_idle, parent)

    def start(self, app: QObject) -> None:
        app.installEventFilter(self)
        self.timer.start()

    def stop(self, app: QObject) -> None:
        app.removeEventFilter(self)
        self.timer.stop()

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        if event.type() in self._INPUT and self.timer.isActive():
            self.timer.start()
        return False
