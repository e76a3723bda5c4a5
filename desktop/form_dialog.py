"""A keyboard-first form dialog that validates field by field and runs its command
in the database worker.

Office operators type all day from paper, so the keyboard decides: Tab and Enter
move to the next field, Enter on the last field (or Ctrl+Enter anywhere) submits,
Esc cancels — and asks first when something was typed, so a filled form is never
lost to a stray key. Each field shows its own message directly under it, both for
the checks the form makes as it is submitted and for a `ValidationError` the command
raises (its `field` says where it belongs), so the operator fixes it in place.

Every form fits a 1366×768 screen in English and Urdu: the fields sit in a scroll
area, the buttons below it stay on screen, and the dialog is never taller or wider
than the screen's free area (`fit_to`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from desktop.i18n import error_text, tr
from desktop.qt import (
    QAbstractButton,
    QCheckBox,
    QCloseEvent,
    QComboBox,
    QCoreApplication,
    QDialog,
    QEvent,
    QFormLayout,
    QFrame,
    QGuiApplication,
    QHBoxLayout,
    QKeyEvent,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRect,
    QScrollArea,
    QShowEvent,
    QSize,
    Qt,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)
from desktop.widgets import ErrorLabel, FieldBox
from desktop.worker import DbWorker
from domain.errors import DomainError, ValidationError

#: The smallest screen the desk is used on (an office laptop), less a taskbar.
DESK_SCREEN = QRect(0, 0, 1366, 728)


class _FieldsArea(QScrollArea):
    """A scroll area that asks for its content's whole size (QScrollArea caps its
    hint at 24 lines), so the dialog is as big as its fields unless the screen is not."""

    def sizeHint(self) -> QSize:
        inner = self.widget()
        if inner is None:
            return super().sizeHint()
        layout = inner.layout()
        if layout is not None:
            layout.activate()  # a message just shown under a field counts now, not later
        hint = inner.sizeHint()
        bar = self.verticalScrollBar().sizeHint().width()
        frame = 2 * self.frameWidth()
        return QSize(hint.width() + frame + bar, hint.height() + frame)

    def minimumSizeHint(self) -> QSize:
        return QSize(200, 120)


class FormDialog(QDialog):
    """Subclasses add fields with `add_field`, and implement `validate()` (messages by
    field name) and `job()` (the function the worker runs). `done_with(result)` is
    emitted after the command succeeded."""

    done_with = Signal(object)

    #: Command argument names that belong to another field of the form.
    FIELD_ALIASES: dict[str, str] = {}
    #: Labels beside their fields; long forms put them above (WrapAllRows).
    ROW_WRAP = QFormLayout.RowWrapPolicy.DontWrapRows

    def __init__(self, worker: DbWorker, parent: QWidget | None = None):
        super().__init__(parent)
        self.worker = worker
        self.fields: dict[str, FieldBox] = {}
        self._labels: dict[str, tuple[QLabel, str]] = {}
        self._chain: list[QWidget] = []
        self.result_value: Any = None
        self._fitted_once = False
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.intro.hide()
        self.form_error = ErrorLabel(self)
        self.form_error.setObjectName("form_error")
        self.changed = False  # something typed or chosen by the operator
        self.discard_box: QMessageBox | None = None
        self.fields_area = _FieldsArea(self)
        self.fields_area.setObjectName("fields_area")
        self.fields_area.setWidgetResizable(True)
        self.fields_area.setFrameShape(QFrame.Shape.NoFrame)
        self.fields_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        inner = QWidget(self.fields_area)
        self.columns = QHBoxLayout(inner)
        self.columns.setContentsMargins(0, 0, 0, 0)
        self.columns.setSpacing(24)
        self.forms: list[QFormLayout] = []
        self.form = self.add_column()
        self.submit_button = QPushButton(self)
        self.submit_button.setObjectName("submit")
        self.submit_button.setAutoDefault(False)
        self.cancel_button = QPushButton(self)
        self.cancel_button.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.submit_button)
        layout = self.box = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.form_error)
        self.fields_area.setWidget(inner)
        layout.addWidget(self.fields_area, 1)
        layout.addLayout(buttons)
        self.submit_button.clicked.connect(self.attempt)
        self.cancel_button.clicked.connect(self.cancel)

    # -- building ---------------------------------------------------------------------------
    def add_column(self) -> QFormLayout:
        """Another column of fields beside the first (a long form fits a 768-pixel screen)."""
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignTop)
        form.setFormAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignTop)
        form.setRowWrapPolicy(self.ROW_WRAP)
        # Set explicitly: a form layout inherits the spacing of the row of columns.
        form.setVerticalSpacing(6)
        form.setHorizontalSpacing(12)
        self.columns.addLayout(form, 1)
        self.forms.append(form)
        return form

    def add_field(self, name: str, editor: QWidget, label: str, column: int = 0) -> FieldBox:
        """Add a labelled field; `label` is English and translated by `retranslate`.
        Tab order is the order fields are added."""
        box = FieldBox(editor, self)
        caption = QLabel(tr(label), self)
        caption.setBuddy(editor)
        self.forms[column].addRow(caption, box)
        self.fields[name] = box
        self._labels[name] = (caption, label)
        if self._chain:
            QWidget.setTabOrder(self._chain[-1], editor)
        self._chain.append(editor)
        return box

    def relabel(self, name: str, label: str) -> None:
        """Give field `name` another caption (English, translated now and on a
        language change): a label that follows another field's choice."""
        caption, _ = self._labels[name]
        self._labels[name] = (caption, label)
        caption.setText(tr(label))

    def show_field(self, name: str, visible: bool) -> None:
        """Show or hide a field's whole row (caption, editor and message); a hidden
        field is out of the Tab order too."""
        box = self.fields[name]
        for form in self.forms:
            if form.indexOf(box) >= 0:
                form.setRowVisible(box, visible)
        if visible and self.isVisible():
            self._fit()  # grow to keep every field in view, as a message under a field does

    def finish_tab_order(self) -> None:
        """Fields in the order added, then Submit, Cancel, and round to the first field;
        from now on what the operator types or picks counts as a change."""
        if self._chain:
            QWidget.setTabOrder(self._chain[-1], self.submit_button)
            QWidget.setTabOrder(self.submit_button, self.cancel_button)
            self._chain[0].setFocus(Qt.FocusReason.OtherFocusReason)
        for edit in self.findChildren(QLineEdit):
            edit.textEdited.connect(self._mark_changed)
        for combo in self.findChildren(QComboBox):
            combo.activated.connect(self._mark_changed)
        for box in self.findChildren(QCheckBox):
            box.clicked.connect(self._mark_changed)

    def _mark_changed(self, *_: object) -> None:
        self.changed = True

    # -- leaving ------------------------------------------------------------------------------
    def cancel(self) -> None:
        """Esc, Cancel or the window's close box: leave at once when nothing was typed,
        else ask (Keep editing is the default, so a second Esc keeps the form)."""
        if not self.changed:
            self.reject()
            return
        if self.discard_box is not None:
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.windowTitle(),
            tr("Discard what you typed in this form?"),
            QMessageBox.StandardButton.NoButton,
            self,
        )
        box.setObjectName("discard_changes")
        discard = box.addButton(tr("Discard"), QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton(tr("Keep editing"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)

        def answered(_: int = 0) -> None:
            self.discard_box = None
            if box.clickedButton() is discard:
                self.changed = False
                self.reject()
            box.deleteLater()

        box.finished.connect(answered)
        self.discard_box = box
        box.open()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.changed and self.isVisible():
            event.ignore()
            self.cancel()
            return
        super().closeEvent(event)

    # -- size ---------------------------------------------------------------------------------
    def fit_to(self, available: QRect | None = None) -> QSize:
        """Open as big as the fields need but never beyond `available` (the screen's
        free area, DESK_SCREEN when unknown): the fields then scroll, the buttons stay."""
        if available is None:
            screen = self.screen() or QGuiApplication.primaryScreen()
            available = screen.availableGeometry() if screen is not None else DESK_SCREEN
        hint = self.sizeHint()
        size = QSize(
            min(max(hint.width(), self.minimumWidth()), available.width()),
            min(hint.height(), available.height()),
        )
        self.setMaximumSize(available.size())
        self.resize(size)
        return size

    def pad_buttons(self) -> None:
        """Room around the button texts: Nastaliq is tall and wide, and "Submit
        application" in Urdu touched its button's edges."""
        for button in (self.submit_button, self.cancel_button):
            metrics = button.fontMetrics()
            button.setMinimumSize(
                metrics.horizontalAdvance(button.text()) + 36, metrics.height() + 12
            )

    def showEvent(self, event: QShowEvent) -> None:
        self.pad_buttons()
        if not self._fitted_once:
            self._fitted_once = True
            self.fit_to()
            # Once shown, the fields lay out with their real fonts (Nastaliq rows are
            # taller than the hint made before): grow to them, up to the screen.
            QTimer.singleShot(0, self._fit)
        super().showEvent(event)

    def retranslate(self) -> None:
        for caption, text in self._labels.values():
            caption.setText(tr(text))
        self.submit_button.setText(tr("Save"))
        self.cancel_button.setText(tr("Cancel"))

    # -- to be provided -------------------------------------------------------------------------
    def validate(self) -> dict[str, str]:
        """Messages by field name for what is wrong; empty when the form may be sent."""
        return {}

    def job(self) -> Callable[[], Any]:
        raise NotImplementedError

    def job_label(self) -> str:
        return tr("Saving…")

    # -- behaviour --------------------------------------------------------------------------------
    def clear_errors(self) -> None:
        self.form_error.show_error("")
        for box in self.fields.values():
            box.set_error("")

    def show_errors(self, errors: dict[str, str]) -> None:
        first: QWidget | None = None
        for name, message in errors.items():
            box = self.fields.get(self.FIELD_ALIASES.get(name, name))
            if box is None:
                self.form_error.show_error(message)
                continue
            box.set_error(message)
            if first is None:
                first = box.editor
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)
        self._fit()
        QTimer.singleShot(0, self._fit)  # once every box has laid out its message

    def show_intro(self, text: str) -> None:
        """The line above the fields (a number, a licence found), the dialog growing
        to keep every field in view."""
        self.intro.setText(text)
        self.intro.show()
        self._fit()

    def _fit(self) -> None:
        """Grow to show every message in full (a top-level window does not grow by
        itself when a wrapped label gets taller), up to the screen: beyond it the
        fields scroll."""
        # Each field box lays itself out on a posted event: run those now, so the
        # sizes below count the messages just shown.
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        self.fields_area.updateGeometry()  # a scroll area does not pass its content's hint on
        layout = self.layout()
        assert layout is not None
        layout.activate()
        limit = self.maximumSize()
        width = min(max(self.width(), self.sizeHint().width()), limit.width())
        height = min(max(self.sizeHint().height(), self.height()), limit.height())
        if height > self.height() or width > self.width():
            self.resize(width, height)

    def attempt(self) -> None:
        if not self.submit_button.isEnabled():
            return
        self.clear_errors()
        errors = self.validate()
        if errors:
            self.show_errors(errors)
            return
        self.submit_button.setEnabled(False)
        self.worker.submit(
            self.job(), on_done=self._succeeded, on_error=self._failed, label=self.job_label()
        )

    def _succeeded(self, result: Any) -> None:
        self.submit_button.setEnabled(True)
        self.result_value = result
        self.done_with.emit(result)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.submit_button.setEnabled(True)
        if isinstance(exc, ValidationError) and exc.field:
            self.show_errors({exc.field: error_text(exc)})
        elif isinstance(exc, DomainError):
            self.form_error.show_error(error_text(exc))
        else:
            self.form_error.show_error(tr("Not saved: {error}").format(error=exc))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.cancel()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            focus = self.focusWidget()
            last = self._chain[-1] if self._chain else None
            ctrl = event.modifiers() & Qt.KeyboardModifier.ControlModifier
            if (
                ctrl
                or focus is self.submit_button
                or focus is last
                or (last is not None and focus is not None and last.isAncestorOf(focus))
            ):
                self.attempt()
            elif isinstance(focus, QAbstractButton) and focus is self.cancel_button:
                self.cancel()
            else:
                self.focusNextChild()
            return
        super().keyPressEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
