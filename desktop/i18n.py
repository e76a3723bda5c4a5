"""English and Urdu: Qt's translation system, right-to-left layout, the Nastaliq font.

Texts are written in English in the code as `tr("...")` and looked up in
`resources/translations/daftar_ur.qm`, compiled by Qt's lrelease from the `.ts` file
translators edit in Qt Linguist (`python -m desktop.i18n_tools` refreshes both).
One translation context ("Daftar") for the whole desktop keeps the catalogue simple:
the same English text means the same thing everywhere in this application.

Switching language at run time installs the other translator, flips the layout
direction (Qt mirrors layouts and shapes Urdu by itself once it is set) and changes
the application font; each view then rebuilds its texts in `retranslate()`.

Messages of the domain (a refused CNIC, an illegal step, a server's rejection) are
written in English with `domain.errors.msg` and keep their template and values;
`error_text` shows them in the interface language, from the same catalogue.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from desktop.qt import (
    QApplication,
    QCoreApplication,
    QFont,
    QFontDatabase,
    QObject,
    Qt,
    QTranslator,
    Signal,
)
from domain.errors import DomainError, Text
from domain.resources import font_path, resource_path

log = logging.getLogger(__name__)

CONTEXT = "Daftar"
LANGUAGES: dict[str, str] = {"en": "English", "ur": "اردو"}
URDU_FAMILY = "Noto Nastaliq Urdu"
LANGUAGE_FACT = "ui_language"


def tr(text: str) -> str:
    """The text in the current language (English when no translation is installed)."""
    return QCoreApplication.translate(CONTEXT, text)


def N_(text: str) -> str:
    """Mark a text for the catalogue without translating it yet (labels in tables
    built at import time are translated when shown, with `tr(label)`)."""
    return text


def localise(message: Any) -> str:
    """A domain message in the current language.

    `message` is a `domain.errors.Text` (or its ``{"template", "params"}`` dict, as a
    server answer carries it); its template is translated and filled with its params,
    each param that is itself a message translated in turn. A plain string, a template
    with no translation, or a translation whose placeholders do not fit gives the
    English text, so an operator always sees a message.
    """
    english: str | None
    if isinstance(message, Text):
        template, params, english = message.template, message.params, str(message)
    elif isinstance(message, Mapping) and isinstance(message.get("template"), str):
        template, params = message["template"], message.get("params") or {}
        english = message["message"] if isinstance(message.get("message"), str) else None
    else:
        return "" if message is None else str(message)
    words = {k: localise(v) for k, v in params.items() if isinstance(v, (Text, Mapping))}
    plain = {k: v for k, v in params.items() if k not in words}
    translated = tr(template)
    if translated != template:
        # Values typed or counted (a CNIC, "2-5-3", "Rs 1,250") stay left to right
        # inside Urdu: without the marks "2-5-3" would read "3-5-2".
        try:
            return translated.format(**words, **{k: _ltr(v) for k, v in plain.items()})
        except (KeyError, IndexError, ValueError):
            log.warning("translation %r does not fit its params %s", translated, sorted(params))
    try:
        return template.format(**words, **plain)
    except (KeyError, IndexError, ValueError):
        return english if english is not None else template


def _ltr(value: Any) -> str:
    text = str(value)
    return f"\u200e{text}\u200e" if text else text


def error_text(error: BaseException | Mapping[str, Any]) -> str:
    """What to show an operator for a failure: a `DomainError` or a server's rejection
    answer (``{"code", "message", "template", "params"}``) in the current language;
    any other exception as its own text."""
    if isinstance(error, DomainError):
        return localise(error.message)
    if isinstance(error, Mapping):
        if isinstance(error.get("template"), str):
            return localise(error)
        return str(error.get("message") or error.get("code") or "")
    return str(error)


def translation_file(lang: str) -> Path:
    return resource_path("translations", f"daftar_{lang}.qm")


_fonts_loaded = False


def load_fonts() -> str:
    """Register the bundled Noto Nastaliq Urdu (regular and bold) with Qt once."""
    global _fonts_loaded
    if not _fonts_loaded:
        for name in ("NotoNastaliqUrdu-Regular.ttf", "NotoNastaliqUrdu-Bold.ttf"):
            if QFontDatabase.addApplicationFont(str(font_path(name))) < 0:
                log.warning("could not load font %s", font_path(name))
        _fonts_loaded = True
    return URDU_FAMILY


def urdu_font(base: QFont | None = None, scale: float = 1.15) -> QFont:
    """A font for Urdu text: Nastaliq for the Urdu letters, the usual font for the rest.

    Noto Nastaliq Urdu has no Latin letters, so Qt falls back to the next family
    for them; Nastaliq reads small at the same point size, hence `scale`.
    """
    load_fonts()
    font = QFont(base or QApplication.font())
    families = [URDU_FAMILY] + [f for f in font.families() or [font.family()] if f != URDU_FAMILY]
    font.setFamilies(families)
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * scale)
    return font


class Language(QObject):
    """The interface language of the running application.

    `changed(lang)` fires after the translator, direction and font are in place, so a
    slot that calls `retranslate()` already sees the new texts.
    """

    changed = Signal(str)

    def __init__(self, app: QApplication):
        super().__init__(app)
        self._app = app
        self._translator: QTranslator | None = None
        self._base_font = QFont(app.font())
        self.code = "en"

    @property
    def base_font(self) -> QFont:
        """The usual (Latin) font: numbers read better and narrower in it than in
        Nastaliq, so number columns keep it in the Urdu interface too."""
        return QFont(self._base_font)

    @property
    def is_rtl(self) -> bool:
        return self.code == "ur"

    def apply(self, lang: str) -> bool:
        """Switch to `lang` ("en" or "ur"); False if its catalogue could not be loaded."""
        if lang not in LANGUAGES:
            raise ValueError(f"unknown language {lang!r}; choose one of {', '.join(LANGUAGES)}")
        load_fonts()
        if self._translator is not None:
            self._app.removeTranslator(self._translator)
            self._translator = None
        ok = True
        if lang != "en":
            translator = QTranslator(self)
            path = translation_file(lang)
            ok = translator.load(str(path))
            if ok:
                self._app.installTranslator(translator)
                self._translator = translator
            else:
                log.error("translation file %s could not be loaded", path)
        self.code = lang
        rtl = lang == "ur"
        self._app.setLayoutDirection(
            Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight
        )
        self._app.setFont(urdu_font(self._base_font) if rtl else self._base_font)
        self.changed.emit(lang)
        return ok
