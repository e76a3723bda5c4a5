"""A keyboard-first form dialog that validates field by field and runs its command
in the database worker.

Office operators type all day from paper, so the keyboard decides: Tab and Enter
move to the next field, Enter on the last field (or Ctrl+Enter anywhere) submits,
Esc cancels. Each field shows its own message directly under it, both for the
checks the form makes as it is submitted and for a `ValidationError` the command
raises (its `field` says where it belongs), so the operator fixes it in place.
"""

from __future__ import annotations

from typing import Any, Callable

from desktop.i18n import error_text, tr
from desktop.qt import (QAbstractButton, QDialog, QEvent, QFormLayout, QHBoxLayout,
                        QKeyEvent, QLabel, QPushButton, Qt, QVBoxLayout, QWidget, Signal)
from desktop.widgets import ErrorLabel, FieldBox
from desktop.worker import DbWorker
from domain.errors import DomainError, ValidationError


class FormDialog(QDialog):
    """Subclasses add fields with `add_field`, and implement `validate()` (messages by
    field name) and `job()` (the function the worker runs). `done_with(result)` is
    emitted after the command succeeded."""

    done_with = Signal(object)

    #: Command argument names that belong to another field of the form.
    FIELD_ALIASES: dict[str, str] = {}
    #: Labels beside their fields; long forms put them above (WrapAllRows).
    ROW_WRAP = QFormLayout.DontWrapRows

    def __init__(self, worker: DbWorker, parent: QWidget | None = None):
        super().__init__(parent)
        self.worker = worker
        self.fields: dict[str, FieldBox] = {}
        self._labels: dict[str, tuple[QLabel, str]] = {}
        self._chain: list[QWidget] = []
        self.result_value: Any = None
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.intro.hide()
        self.form_error = ErrorLabel(self)
        self.form_error.setObjectName("form_error")
        self.columns = QHBoxLayout()
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
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.form_error)
        layout.addLayout(self.columns)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self.submit_button.clicked.connect(self.attempt)
        self.cancel_button.clicked.connect(self.reject)

    # -- building ---------------------------------------------------------------------------
    def add_column(self) -> QFormLayout:
        """Another column of fields beside the first (a long form fits a 768-pixel screen)."""
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignLeading | Qt.AlignTop)
        form.setFormAlignment(Qt.AlignLeading | Qt.AlignTop)
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

    def finish_tab_order(self) -> None:
        if self._chain:
            QWidget.setTabOrder(self._chain[-1], self.submit_button)
            QWidget.setTabOrder(self.submit_button, self.cancel_button)
            self._chain[0].setFocus(Qt.OtherFocusReason)

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
            first.setFocus(Qt.OtherFocusReason)
        self._fit()

    def _fit(self) -> None:
        """Grow to show every message in full (a top-level window does not grow by
        itself when a wrapped label gets taller)."""
        layout = self.layout()
        layout.activate()
        width = max(self.width(), self.sizeHint().width())
        height = (layout.totalHeightForWidth(width) if layout.hasHeightForWidth()
                  else self.sizeHint().height())
        if height > self.height() or width > self.width():
            self.resize(width, max(height, self.height()))

    def attempt(self) -> None:
        if not self.submit_button.isEnabled():
            return
        self.clear_errors()
        errors = self.validate()
        if errors:
            self.show_errors(errors)
            return
        self.submit_button.setEnabled(False)
        self.worker.submit(self.job(), on_done=self._succeeded, on_error=self._failed,
                           label=self.job_label())

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
        if event.key() in (Qt.Key_Return, Qt.Key_Enter):
            focus = self.focusWidget()
            last = self._chain[-1] if self._chain else None
            if (event.modifiers() & Qt.ControlModifier or focus is self.submit_button
                    or focus is last or (last is not None and focus is not None
                                         and last.isAncestorOf(focus))):
                self.attempt()
            elif isinstance(focus, QAbstractButton) and focus is self.cancel_button:
                self.reject()
            else:
                self.focusNextChild()
            return
        super().keyPressEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
